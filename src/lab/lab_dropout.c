/* q4: dropout on the inputs of a linear regression is, in expectation, a
 * data-dependent L2 penalty. Masks are sampled one by one and the running
 * Monte Carlo mean of ‖(M⊙X)w − y‖² is set beside the exact expectation
 * ‖pXw − y‖² + p(1−p)·wᵀΓ²w; then the minimiser of the expected loss is
 * set beside ridge of the same strength, on the raw data (they differ) and
 * on columns of equal norm (they coincide). p is the KEEP probability. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lab_internal.h"

#define MAX_D 8
#define MAX_N 200

static const struct lab_param params[] = {
	{ "p", LAB_PARAM_REAL, "0.5", 0.05, 1, 0, NULL,
	  "the probability of KEEPING an input unit", NULL },
	{ "samples", LAB_PARAM_INT, "2000", 1000, 100000, 0, NULL,
	  "dropout masks sampled for the Monte Carlo mean", NULL },
	{ "n", LAB_PARAM_INT, "20", 2, MAX_N, 0, NULL,
	  "examples (rows of X)", NULL },
	{ "d", LAB_PARAM_INT, "3", 1, MAX_D, 0, NULL,
	  "features (columns of X); column j is scaled by 2^(j - (d-1)/2)", NULL },
};

struct data {
	size_t n, d;
	double X[MAX_N * MAX_D], y[MAX_N];
	double gram[MAX_D * MAX_D], xty[MAX_D];   /* XᵀX, Xᵀy */
};

static void gram(struct data *s)
{
	for (size_t a = 0; a < s->d; a++) {
		s->xty[a] = 0;
		for (size_t i = 0; i < s->n; i++)
			s->xty[a] += s->X[i * s->d + a] * s->y[i];
		for (size_t b = 0; b < s->d; b++) {
			double g = 0;
			for (size_t i = 0; i < s->n; i++)
				g += s->X[i * s->d + a] * s->X[i * s->d + b];
			s->gram[a * s->d + b] = g;
		}
	}
}

/* (XᵀX + λ·diag(pen))⁻¹ Xᵀy */
static bool penalised(const struct data *s, double lambda, const double *pen, double *w)
{
	double A[MAX_D * MAX_D];
	memcpy(A, s->gram, sizeof A);
	for (size_t j = 0; j < s->d; j++)
		A[j * s->d + j] += lambda * pen[j];
	return lab_solve(s->d, A, s->xty, w);
}

static double exact_loss(const struct data *s, const double *w, double p)
{
	double fit = 0, pen = 0;
	for (size_t i = 0; i < s->n; i++) {
		double r = -s->y[i];
		for (size_t j = 0; j < s->d; j++)
			r += p * s->X[i * s->d + j] * w[j];
		fit += r * r;
	}
	for (size_t j = 0; j < s->d; j++)
		pen += w[j] * w[j] * s->gram[j * s->d + j];
	return fit + p * (1 - p) * pen;
}

/* Solutions on one data set: a table of ridge beside dropout. */
static bool solutions(struct lab_result *r, const struct data *s, double lambda,
		      const char *name, const char *title, struct lab_error *err,
		      double *maxdiff)
{
	double ones[MAX_D], gamma2[MAX_D], ols[MAX_D], drop[MAX_D], ridge[MAX_D];
	for (size_t j = 0; j < s->d; j++) {
		ones[j] = 1;
		gamma2[j] = s->gram[j * s->d + j];
	}
	if (!penalised(s, 0, ones, ols) || !penalised(s, lambda, gamma2, drop) ||
	    !penalised(s, lambda, ones, ridge))
		return lab_fail(err, LAB_ERR_INVALID, "n",
				"XᵀX is singular for this data: take more examples (n) "
				"or fewer features (d)");
	struct lab_table *t = lab_add_table(r, name, title, s->d, true);
	double *feature = lab_add_num_column(r, t, "feature", 0);
	double *norm = lab_add_num_column(r, t, "column_norm", 4);
	double *pen_drop = lab_add_num_column(r, t, "penalty_dropout", 4);
	double *pen_ridge = lab_add_num_column(r, t, "penalty_ridge", 4);
	double *c_ols = lab_add_num_column(r, t, "least_squares", 6);
	double *c_drop = lab_add_num_column(r, t, "dropout", 6);
	double *c_ridge = lab_add_num_column(r, t, "ridge", 6);
	LAB_NEED(c_ridge, err);
	*maxdiff = 0;
	for (size_t j = 0; j < s->d; j++) {
		feature[j] = (double)j + 1;
		norm[j] = sqrt(gamma2[j]);
		pen_drop[j] = lambda * gamma2[j];
		pen_ridge[j] = lambda;
		c_ols[j] = ols[j];
		c_drop[j] = drop[j];
		c_ridge[j] = ridge[j];
		if (fabs(drop[j] - ridge[j]) > *maxdiff)
			*maxdiff = fabs(drop[j] - ridge[j]);
	}
	return true;
}

static bool run(const struct lab_params *p, uint64_t seed, struct lab_result *r,
		struct lab_error *err)
{
	double keep = lab_param_real(p, "p");
	size_t samples = (size_t)lab_param_int(p, "samples");
	size_t n = (size_t)lab_param_int(p, "n"), d = (size_t)lab_param_int(p, "d");
	if (n < d)
		return lab_fail(err, LAB_ERR_INVALID, "n",
				"n = %zu examples for d = %zu features: least squares needs n ≥ d",
				n, d);
	struct data *both = lab_alloc(r, 2, sizeof *both);
	LAB_NEED(both, err);
	struct data *raw = &both[0], *unit = &both[1];
	raw->n = n;
	raw->d = d;
	double scale[MAX_D], w_true[MAX_D], w[MAX_D];
	struct lab_rng g;
	lab_rng_seed(&g, seed, 1);
	for (size_t j = 0; j < d; j++) {
		scale[j] = pow(2, (double)j - (double)(d - 1) / 2);
		w_true[j] = lab_rng_normal(&g);
	}
	for (size_t i = 0; i < n; i++) {
		double t = 0;
		for (size_t j = 0; j < d; j++) {
			raw->X[i * d + j] = scale[j] * lab_rng_normal(&g);
			t += raw->X[i * d + j] * w_true[j];
		}
		raw->y[i] = t + 0.5 * lab_rng_normal(&g);
	}
	gram(raw);
	double ones[MAX_D];
	for (size_t j = 0; j < d; j++)
		ones[j] = 1;
	if (!penalised(raw, 0, ones, w))
		return lab_fail(err, LAB_ERR_INVALID, "n",
				"XᵀX is singular for this data: take more examples (n)");
	double exact = exact_loss(raw, w, keep);
	double lambda = (1 - keep) / keep;

	lab_set_title(r, "q4 · dropout as weight decay: keep probability p = %g, λ = (1−p)/p = %g",
		      keep, lambda);
	struct lab_text *f = lab_add_text(r, "", true);

	/* Masks entry by entry; Welford's running mean and variance. */
	struct lab_table *t = lab_add_table(r, "convergence", "Monte Carlo mean against samples",
					    samples, false);
	double *c_s = lab_add_num_column(r, t, "samples", 0);
	double *c_mean = lab_add_num_column(r, t, "mc_mean", 8);
	double *c_exact = lab_add_num_column(r, t, "exact", 8);
	double *c_se = lab_add_num_column(r, t, "std_error", 4);
	LAB_NEED(c_se, err);
	struct lab_rng masks;
	lab_rng_seed(&masks, seed, 2);
	double mean = 0, m2 = 0;
	for (size_t s = 1; s <= samples; s++) {
		double loss = 0;
		for (size_t i = 0; i < n; i++) {
			double res = -raw->y[i];
			for (size_t j = 0; j < d; j++)
				if (lab_rng_uniform(&masks) < keep)
					res += raw->X[i * d + j] * w[j];
			loss += res * res;
		}
		double delta = loss - mean;
		mean += delta / (double)s;
		m2 += delta * (loss - mean);
		c_s[s - 1] = (double)s;
		c_mean[s - 1] = mean;
		c_exact[s - 1] = exact;
		c_se[s - 1] = s > 1 ? sqrt(m2 / (double)(s - 1) / (double)s) : NAN;
	}
	double se = c_se[samples - 1];

	/* The plot starts at 20 samples: before, the standard error is itself
	 * too noisy for a band. */
	size_t from = 20, np = samples - from + 1;
	struct lab_plot *pl = lab_add_plot(r, "convergence",
		lab_printf(r, "q4 · running mean of ‖(M⊙X)w − y‖² (±2 SE) and its expectation, p = %g", keep),
		"masks (log scale)", "loss", true);
	struct lab_series *smc = lab_add_series(r, pl, "Monte Carlo", np, true);
	struct lab_series *sex = lab_add_series(r, pl, "exact", np, false);
	LAB_NEED(sex, err);
	pl->xlog = true;
	for (size_t k = 0; k < np; k++) {
		size_t s = from + k - 1;
		smc->x[k] = sex->x[k] = c_s[s];
		smc->y[k] = c_mean[s];
		smc->lo[k] = c_mean[s] - 2 * c_se[s];
		smc->hi[k] = c_mean[s] + 2 * c_se[s];
		sex->y[k] = exact;
	}

	double gamma2[MAX_D], norms[MAX_D];
	for (size_t j = 0; j < d; j++) {
		gamma2[j] = raw->gram[j * d + j];
		norms[j] = sqrt(gamma2[j]);
	}
	double pen = 0;
	for (size_t j = 0; j < d; j++)
		pen += w[j] * w[j] * gamma2[j];
	lab_line(r, f, "X: %zu×%zu random normal, column j scaled by 2^(j − (d−1)/2): column norms %s",
		 n, d, lab_vector_text(r, norms, d, 4));
	lab_line(r, f, "y = X·w_true + noise; w = the least-squares fit %s, where the loss is sampled",
		 lab_vector_text(r, w, d, 4));
	lab_line(r, f, "M: %zu×%zu independent Bernoulli(p) entries, one per input unit; p = %g keeps a unit",
		 n, d, keep);
	lab_line(r, f, "exact E‖(M⊙X)w − y‖² = ‖pXw − y‖² + p(1−p)·wᵀΓ²w = %.6g + %.6g = %.6g",
		 exact - keep * (1 - keep) * pen, keep * (1 - keep) * pen, exact);
	lab_line(r, f, "Monte Carlo mean of %zu masks: %.6g ± %.3g (SE), %.2f standard errors from exact",
		 samples, mean, se, se > 0 ? (mean - exact) / se : 0.0);
	lab_line(r, f, "Γ² = diag(XᵀX) = %s: each weight is penalised by its column's squared norm",
		 lab_vector_text(r, gamma2, d, 4));
	lab_line(r, f, "with w̄ = p·w: E[loss] = ‖Xw̄ − y‖² + λ·w̄ᵀΓ²w̄, minimised by w̄* = (XᵀX + λΓ²)⁻¹Xᵀy");
	double diff_raw, diff_unit;
	if (!solutions(r, raw, lambda, "solutions",
		       "Dropout's w̄* beside ridge (XᵀX + λI)⁻¹Xᵀy of the same strength λ",
		       err, &diff_raw))
		return false;

	/* Columns scaled to norm 1: Γ² = I, so the two penalties are one. */
	*unit = *raw;
	for (size_t j = 0; j < d; j++)
		for (size_t i = 0; i < n; i++)
			unit->X[i * d + j] = raw->X[i * d + j] / norms[j];
	gram(unit);
	if (!solutions(r, unit, lambda, "standardised",
		       "The same with every column scaled to norm 1 (Γ² = I)", err, &diff_unit))
		return false;
	struct lab_text *f2 = lab_add_text(r, "", true);
	lab_line(r, f2, "raw columns: dropout and ridge differ by up to %.3g; columns of norm 1: by %.3g",
		 diff_raw, diff_unit);

	struct lab_table *data = lab_add_table(r, "data", "The data", n, false);
	double *cols[MAX_D + 1];
	for (size_t j = 0; j < d; j++)
		cols[j] = lab_add_num_column(r, data, lab_printf(r, "x%zu", j + 1), 6);
	cols[d] = lab_add_num_column(r, data, "y", 6);
	LAB_NEED(cols[d], err);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < d; j++)
			cols[j][i] = raw->X[i * d + j];
		cols[d][i] = raw->y[i];
	}
	struct lab_table *wt = lab_add_table(r, "weights", "The weights w at which the loss is sampled", d, false);
	double *wf = lab_add_num_column(r, wt, "feature", 0);
	double *wv = lab_add_num_column(r, wt, "w", 6);
	LAB_NEED(wv, err);
	for (size_t j = 0; j < d; j++) {
		wf[j] = (double)j + 1;
		wv[j] = w[j];
	}
	return true;
}

const struct lab_kind lab_kind_dropout = {
	.name = "dropout",
	.question = "q4",
	.title = "Dropout as weight decay: Monte Carlo against the exact expectation",
	.help = "Samples dropout masks on the inputs of a small seeded regression and\n"
		"shows the running mean of the loss converging to the exact expectation,\n"
		"whose extra term p(1-p)·wᵀΓ²w is the regulariser; then sets the minimiser\n"
		"of the expected loss beside ridge of the same strength. Change --p.",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.csv_table = "convergence",
	.run = run,
};
