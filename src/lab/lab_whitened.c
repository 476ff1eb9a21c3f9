/* q6.a: on a whitened batch (zero mean, identity covariance, exactly),
 * batch normalisation of wᵀx + b and weight normalisation with g = 1 give
 * the same number for every example: the batch mean of wᵀx + b is b and
 * its variance is ‖w‖², so BN computes wᵀx/‖w‖ = (u/‖u‖)ᵀx. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lab_internal.h"

#define MAX_N 8
#define MAX_B 64

static const struct lab_param params[] = {
	{ "n", LAB_PARAM_INT, "3", 1, MAX_N, 0, NULL, "features of x", NULL },
	{ "batch", LAB_PARAM_INT, "8", 2, MAX_B, 0, NULL,
	  "examples in the batch (more than n, so it can be whitened)", NULL },
};

static bool run(const struct lab_params *p, uint64_t seed, struct lab_result *r,
		struct lab_error *err)
{
	size_t n = (size_t)lab_param_int(p, "n"), B = (size_t)lab_param_int(p, "batch");
	if (B <= n)
		return lab_fail(err, LAB_ERR_INVALID, "batch",
				"a batch of %zu cannot be whitened in %zu dimensions: it needs "
				"more examples than features (batch > n)", B, n);
	double X[MAX_B * MAX_N], mean[MAX_N] = { 0 }, cov[MAX_N * MAX_N] = { 0 };
	double L[MAX_N * MAX_N], w[MAX_N], b;
	struct lab_rng g;
	lab_rng_seed(&g, seed, 1);
	for (size_t i = 0; i < B * n; i++)
		X[i] = lab_rng_normal(&g) + 0.5 * lab_rng_uniform(&g);
	for (size_t j = 0; j < n; j++)
		w[j] = lab_rng_normal(&g);
	b = lab_rng_normal(&g);
	/* Centre, then x ← L⁻¹x with L Lᵀ the batch covariance (1/B, as BN). */
	for (size_t i = 0; i < B; i++)
		for (size_t j = 0; j < n; j++)
			mean[j] += X[i * n + j] / (double)B;
	for (size_t i = 0; i < B; i++)
		for (size_t j = 0; j < n; j++)
			X[i * n + j] -= mean[j];
	for (size_t a = 0; a < n; a++)
		for (size_t c = 0; c < n; c++)
			for (size_t i = 0; i < B; i++)
				cov[a * n + c] += X[i * n + a] * X[i * n + c] / (double)B;
	if (!lab_cholesky(n, cov, L))
		return lab_fail(err, LAB_ERR_INVALID, "batch",
				"this batch is degenerate and cannot be whitened; try another seed");
	for (size_t i = 0; i < B; i++) {
		double *x = X + i * n;
		for (size_t j = 0; j < n; j++) {
			double s = x[j];
			for (size_t k = 0; k < j; k++)
				s -= L[j * n + k] * x[k];
			x[j] = s / L[j * n + j];
		}
	}
	double wnorm = 0;
	for (size_t j = 0; j < n; j++)
		wnorm += w[j] * w[j];
	wnorm = sqrt(wnorm);
	double pre[MAX_B], bmean = 0, bvar = 0;
	for (size_t i = 0; i < B; i++) {
		pre[i] = b;
		for (size_t j = 0; j < n; j++)
			pre[i] += w[j] * X[i * n + j];
		bmean += pre[i] / (double)B;
	}
	for (size_t i = 0; i < B; i++)
		bvar += (pre[i] - bmean) * (pre[i] - bmean) / (double)B;
	double cov_err = 0;
	for (size_t a = 0; a < n; a++)
		for (size_t c = 0; c < n; c++) {
			double s = 0;
			for (size_t i = 0; i < B; i++)
				s += X[i * n + a] * X[i * n + c] / (double)B;
			cov_err = fmax(cov_err, fabs(s - (a == c)));
		}

	lab_set_title(r, "q6.a · batch norm against weight norm on a whitened batch of %zu, n = %zu",
		      B, n);
	struct lab_table *t = lab_add_table(r, "examples", "Per example", B, true);
	double *c_i = lab_add_num_column(r, t, "example", 0);
	double *c_pre = lab_add_num_column(r, t, "pre_activation", 8);
	double *c_bn = lab_add_num_column(r, t, "batch_norm", 12);
	double *c_wn = lab_add_num_column(r, t, "weight_norm", 12);
	double *c_d = lab_add_num_column(r, t, "difference", 2);
	LAB_NEED(c_d, err);
	double maxd = 0;
	for (size_t i = 0; i < B; i++) {
		double wn = 0;
		for (size_t j = 0; j < n; j++)
			wn += w[j] / wnorm * X[i * n + j];
		c_i[i] = (double)i + 1;
		c_pre[i] = pre[i];
		c_bn[i] = (pre[i] - bmean) / sqrt(bvar);
		c_wn[i] = wn;
		c_d[i] = c_bn[i] - wn;
		maxd = fmax(maxd, fabs(c_d[i]));
	}
	struct lab_text *f = lab_add_text(r, "", true);
	lab_line(r, f, "x: %zu random examples, centred and multiplied by L⁻¹ (L Lᵀ their covariance): "
		 "mean 0, covariance I (largest error %.1g)", B, cov_err);
	lab_line(r, f, "pre-activation wᵀx + b with w, b drawn N(0, 1) (seed %llu)",
		 (unsigned long long)seed);
	lab_line(r, f, "batch mean of wᵀx + b = %.12g, b = %.12g", bmean, b);
	lab_line(r, f, "batch variance = %.12g, ‖w‖² = %.12g", bvar, wnorm * wnorm);
	lab_line(r, f, "batch_norm: (wᵀx + b − mean)/√variance, scale and shift ignored (γ = 1, β = 0, ε = 0)");
	lab_line(r, f, "weight_norm: (u/‖u‖)ᵀx with u = w, g = 1, no bias");
	lab_line(r, f, "largest |batch_norm − weight_norm| = %.2g: equal up to rounding", maxd);

	struct lab_table *dt = lab_add_table(r, "batch", "The whitened batch", B, false);
	double *cols[MAX_N];
	for (size_t j = 0; j < n; j++)
		cols[j] = lab_add_num_column(r, dt, lab_printf(r, "x%zu", j + 1), 10);
	struct lab_table *wt = lab_add_table(r, "weights", "w and b", n + 1, false);
	char **names = lab_add_text_column(r, wt, "name");
	double *values = lab_add_num_column(r, wt, "value", 10);
	LAB_NEED(values, err);
	LAB_NEED(cols[n - 1], err);
	for (size_t i = 0; i < B; i++)
		for (size_t j = 0; j < n; j++)
			cols[j][i] = X[i * n + j];
	for (size_t j = 0; j < n; j++) {
		names[j] = lab_printf(r, "w%zu", j + 1);
		values[j] = w[j];
	}
	names[n] = "b";
	values[n] = b;

	struct lab_plot *pl = lab_add_plot(r, "examples",
		lab_printf(r, "q6.a · each example before and after: batch norm and weight norm "
			   "(g = 1) coincide, batch of %zu", B), "example", "value", false);
	LAB_NEED(lab_add_indexed_series(r, pl, "wᵀx + b", c_pre, B, 1), err);
	LAB_NEED(lab_add_indexed_series(r, pl, "batch norm", c_bn, B, 1), err);
	LAB_NEED(lab_add_indexed_series(r, pl, "weight norm", c_wn, B, 1), err);
	return true;
}

const struct lab_kind lab_kind_whitened = {
	.name = "whitened",
	.question = "q6.a",
	.title = "Batch norm and weight norm on a whitened batch, side by side",
	.help = "Whitens a random batch exactly (zero mean, identity covariance) and\n"
		"compares, per example, batch normalisation of wᵀx + b with weight\n"
		"normalisation (u/‖u‖)ᵀx, g = 1: they are equal. Try other sizes and seeds.",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.csv_table = "examples",
	.run = run,
};
