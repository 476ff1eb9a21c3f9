/* q6.c re-simulated: ‖u‖ of a weight-normalised layer during training, one
 * run per learning rate. The original figure's settings are not all known;
 * these were chosen (by a search over widths, data size, loss scale and
 * initialisation) so the curves have the shape the lesson explains: the
 * same start, never decreasing under SGD, levelling off, higher for larger
 * η, the largest within a few hundred iterations:
 *
 *   data     16 examples, 8 features uniform in [0, 1), 4 random labels;
 *   network  8 → hidden tanh → 4 softmax, weight normalization on both
 *            layers, per unit: w = g·u/‖u‖; entries of u drawn N(0, 0.5²),
 *            g = ‖u‖ at the start (as PyTorch's weight_norm), biases 0;
 *   loss     cross-entropy SUMMED over a batch of 16 examples drawn with
 *            replacement (a mean would make every step 16 times smaller,
 *            and the norm would barely move at these rates);
 *   training every parameter by the chosen optimizer, the same start and
 *            the same batches for every rate;
 *   plotted  ‖u‖ of the hidden layer: all its units' u together (what
 *            PyTorch's weight_v.norm() gives).
 *
 * Under SGD ∇ᵤL ⟂ u, so each step adds η²‖∇ᵤL‖² to ‖u‖²: the runs table
 * sets the rise ‖u_T‖² − ‖u_0‖² beside Σ‖u_{t+1} − u_t‖² and the cross
 * terms Σ 2uᵀ(u_{t+1} − u_t), which vanish for SGD and not for momentum or
 * Adam. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lab_internal.h"

#define FEATURES LAB_WN_FEATURES
#define CLASSES LAB_WN_CLASSES
#define MAX_HIDDEN LAB_WN_MAX_HIDDEN
#define MAX_EXAMPLES 256
#define MAX_RATES 8

enum { OPT_SGD, OPT_MOMENTUM, OPT_ADAM };

static const struct lab_param params[] = {
	{ "lr", LAB_PARAM_REALS, "-4,-3,-2,-1.5,-1", -6, 0.5, MAX_RATES, NULL,
	  "log10 of each run's learning rate η, one curve per value", NULL },
	{ "iterations", LAB_PARAM_INT, "2000", 1, 20000, 0, NULL,
	  "training steps per run", NULL },
	{ "optimizer", LAB_PARAM_CHOICE, "sgd", 0, 0, 0, "sgd|momentum|adam",
	  "sgd keeps every step orthogonal to u; momentum (0.9) and adam do not", NULL },
	{ "scale", LAB_PARAM_FLAG, "on", 0, 0, 0, NULL,
	  "off: drop the g/‖u‖ factor of ∇ᵤL, so the steps no longer shrink as ‖u‖ grows", NULL },
	{ "project", LAB_PARAM_FLAG, "on", 0, 0, 0, NULL,
	  "off: drop the projection I − ûûᵀ, so steps are no longer orthogonal to u", NULL },
	{ "hidden", LAB_PARAM_INT, "8", 1, MAX_HIDDEN, 0, NULL,
	  "hidden units (u has hidden × 8 entries)", NULL },
	{ "examples", LAB_PARAM_INT, "16", 1, MAX_EXAMPLES, 0, NULL,
	  "random training examples", NULL },
	{ "batch", LAB_PARAM_INT, "16", 1, MAX_EXAMPLES, 0, NULL,
	  "examples per step (the loss is their sum)", NULL },
};

size_t lab_wn_theta_size(size_t hidden)
{
	return hidden * (FEATURES + 2) + CLASSES * (hidden + 2);
}

/* Layout of theta: U (hidden×features), g1, c1, V (classes×hidden), g2, c2. */
struct view {
	const double *U, *g1, *c1, *V, *g2, *c2;
};

static struct view split(size_t hidden, const double *theta)
{
	struct view v;
	v.U = theta;
	v.g1 = v.U + hidden * FEATURES;
	v.c1 = v.g1 + hidden;
	v.V = v.c1 + hidden;
	v.g2 = v.V + CLASSES * hidden;
	v.c2 = v.g2 + CLASSES;
	return v;
}

/* Effective weights w = g·u/‖u‖ of each row; the row norms into norms. */
static void effective(size_t rows, size_t cols, const double *u, const double *g,
		      double *w, double *norms)
{
	for (size_t i = 0; i < rows; i++) {
		double s = 0;
		for (size_t j = 0; j < cols; j++)
			s += u[i * cols + j] * u[i * cols + j];
		norms[i] = sqrt(s);
		for (size_t j = 0; j < cols; j++)
			w[i * cols + j] = g[i] * u[i * cols + j] / norms[i];
	}
}

/* ∇_w of each row into ∇ᵤ and ∇_g, in place: grad holds ∇_w on entry. */
static void to_direction(size_t rows, size_t cols, const double *u, const double *g,
			 const double *norms, double *grad, double *grad_g,
			 bool scale, bool project)
{
	for (size_t i = 0; i < rows; i++) {
		double *row = grad + i * cols, dot = 0;
		for (size_t j = 0; j < cols; j++)
			dot += row[j] * u[i * cols + j] / norms[i];
		grad_g[i] = dot;
		double s = scale ? g[i] / norms[i] : 1;
		for (size_t j = 0; j < cols; j++)
			row[j] = s * (row[j] - (project ? dot * u[i * cols + j] / norms[i] : 0));
	}
}

double lab_wn_loss_grad(size_t hidden, const double *theta, const double *X,
			const int *labels, const size_t *batch, size_t nbatch,
			double *grad, bool scale, bool project)
{
	/* F and C are constants so the compiler can unroll the inner loops:
	 * this function is nearly all of the lab's time. */
	enum { F = FEATURES, C = CLASSES };
	const size_t H = hidden;
	assert(H >= 1 && H <= MAX_HIDDEN);
	struct view v = split(H, theta);
	double w1[MAX_HIDDEN * F], w2[C * MAX_HIDDEN];
	double n1[MAX_HIDDEN], n2[C];
	effective(H, F, v.U, v.g1, w1, n1);
	effective(C, H, v.V, v.g2, w2, n2);
	double *G1 = NULL, *gc1 = NULL, *G2 = NULL, *gc2 = NULL;
	if (grad) {
		memset(grad, 0, lab_wn_theta_size(H) * sizeof *grad);
		G1 = grad;
		gc1 = G1 + H * F + H;
		G2 = gc1 + H;
		gc2 = G2 + C * H + C;
	}
	double loss = 0;
	for (size_t e = 0; e < nbatch; e++) {
		const double *x = X + batch[e] * F;
		int label = labels[batch[e]];
		double h[MAX_HIDDEN], o[C];
		for (size_t i = 0; i < H; i++) {
			double a = v.c1[i];
			for (size_t j = 0; j < F; j++)
				a += w1[i * F + j] * x[j];
			/* tanh through one exp: glibc's tanh costs about two. */
			h[i] = 1 - 2 / (exp(2 * a) + 1);
		}
		double m = -INFINITY;
		for (size_t k = 0; k < C; k++) {
			double a = v.c2[k];
			for (size_t i = 0; i < H; i++)
				a += w2[k * H + i] * h[i];
			o[k] = a;
			if (a > m)
				m = a;
		}
		double z = 0, ex[C];
		for (size_t k = 0; k < C; k++) {
			ex[k] = exp(o[k] - m);
			z += ex[k];
		}
		loss += m + log(z) - o[label];
		if (!grad)
			continue;
		double d[C];
		for (size_t k = 0; k < C; k++) {
			d[k] = ex[k] / z - (k == (size_t)label);
			gc2[k] += d[k];
			for (size_t i = 0; i < H; i++)
				G2[k * H + i] += d[k] * h[i];
		}
		for (size_t i = 0; i < H; i++) {
			double dh = 0;
			for (size_t k = 0; k < C; k++)
				dh += w2[k * H + i] * d[k];
			double da = dh * (1 - h[i] * h[i]);
			gc1[i] += da;
			for (size_t j = 0; j < F; j++)
				G1[i * F + j] += da * x[j];
		}
	}
	if (grad) {
		to_direction(H, F, v.U, v.g1, n1, G1, G1 + H * F, scale, project);
		to_direction(C, H, v.V, v.g2, n2, G2, G2 + C * H, scale, project);
	}
	return loss;
}

struct setup {
	size_t hidden;
	size_t examples, batch, iterations;
	int optimizer;
	bool scale, project;
	double X[MAX_EXAMPLES * FEATURES];
	int labels[MAX_EXAMPLES];
	double theta0[MAX_HIDDEN * (FEATURES + 2) + CLASSES * (MAX_HIDDEN + 2)];
	uint64_t seed;
};

struct run_out {
	double *norms;              /* iterations + 1 */
	double sum_sq, cross;       /* Σ‖Δu‖², Σ 2uᵀΔu */
	double loss0, loss_end;
	size_t diverged_at;         /* 0: never */
};

static double norm_sq(const double *u, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += u[i] * u[i];
	return s;
}

static void train(const struct setup *s, double eta, struct run_out *out)
{
	const size_t P = lab_wn_theta_size(s->hidden), nu = s->hidden * FEATURES;
	double theta[sizeof s->theta0 / sizeof s->theta0[0]];
	double grad[sizeof theta / sizeof theta[0]], m1[sizeof theta / sizeof theta[0]] = { 0 };
	double m2[sizeof theta / sizeof theta[0]] = { 0 }, before[MAX_HIDDEN * FEATURES];
	memcpy(theta, s->theta0, P * sizeof *theta);
	struct lab_rng g;
	lab_rng_seed(&g, s->seed, 3);   /* the same batches for every rate */
	size_t batch[MAX_EXAMPLES];
	out->sum_sq = out->cross = 0;
	out->diverged_at = 0;
	out->norms[0] = sqrt(norm_sq(theta, nu));
	double b1t = 1, b2t = 1;
	for (size_t t = 1; t <= s->iterations; t++) {
		for (size_t e = 0; e < s->batch; e++)
			batch[e] = (size_t)(lab_rng_uniform(&g) * (double)s->examples);
		double loss = lab_wn_loss_grad(s->hidden, theta, s->X, s->labels, batch, s->batch,
					       grad, s->scale, s->project);
		if (t == 1)
			out->loss0 = loss;
		out->loss_end = loss;
		memcpy(before, theta, nu * sizeof *theta);
		switch (s->optimizer) {
		case OPT_SGD:
			for (size_t i = 0; i < P; i++)
				theta[i] -= eta * grad[i];
			break;
		case OPT_MOMENTUM:
			for (size_t i = 0; i < P; i++) {
				m1[i] = 0.9 * m1[i] + grad[i];
				theta[i] -= eta * m1[i];
			}
			break;
		default:
			b1t *= 0.9;
			b2t *= 0.999;
			for (size_t i = 0; i < P; i++) {
				m1[i] = 0.9 * m1[i] + 0.1 * grad[i];
				m2[i] = 0.999 * m2[i] + 0.001 * grad[i] * grad[i];
				theta[i] -= eta * (m1[i] / (1 - b1t)) / (sqrt(m2[i] / (1 - b2t)) + 1e-8);
			}
			break;
		}
		for (size_t i = 0; i < nu; i++) {
			double d = theta[i] - before[i];
			out->sum_sq += d * d;
			out->cross += 2 * before[i] * d;
		}
		out->norms[t] = sqrt(norm_sq(theta, nu));
		if (!isfinite(out->norms[t]) || !isfinite(loss)) {
			out->diverged_at = t;
			for (size_t k = t; k <= s->iterations; k++)
				out->norms[k] = NAN;
			return;
		}
	}
}

static void make_setup(const struct lab_params *p, uint64_t seed, struct setup *s)
{
	s->hidden = (size_t)lab_param_int(p, "hidden");
	s->examples = (size_t)lab_param_int(p, "examples");
	s->batch = (size_t)lab_param_int(p, "batch");
	s->iterations = (size_t)lab_param_int(p, "iterations");
	s->optimizer = lab_param_choice(p, "optimizer");
	s->scale = lab_param_flag(p, "scale");
	s->project = lab_param_flag(p, "project");
	s->seed = seed;
	struct lab_rng g;
	lab_rng_seed(&g, seed, 1);
	for (size_t i = 0; i < s->examples * FEATURES; i++)
		s->X[i] = lab_rng_uniform(&g);
	for (size_t i = 0; i < s->examples; i++)
		s->labels[i] = (int)(lab_rng_uniform(&g) * CLASSES);
	lab_rng_seed(&g, seed, 2);
	const size_t H = s->hidden;
	double *U = s->theta0, *g1 = U + H * FEATURES, *c1 = g1 + H;
	double *V = c1 + H, *g2 = V + CLASSES * H, *c2 = g2 + CLASSES;
	for (size_t i = 0; i < H * FEATURES; i++)
		U[i] = 0.5 * lab_rng_normal(&g);
	for (size_t i = 0; i < CLASSES * H; i++)
		V[i] = 0.5 * lab_rng_normal(&g);
	for (size_t i = 0; i < H; i++) {
		g1[i] = sqrt(norm_sq(U + i * FEATURES, FEATURES));
		c1[i] = 0;
	}
	for (size_t k = 0; k < CLASSES; k++) {
		g2[k] = sqrt(norm_sq(V + k * H, H));
		c2[k] = 0;
	}
}

static const char *const optimizer_names[] = { "SGD", "momentum 0.9", "Adam" };

static bool run(const struct lab_params *p, uint64_t seed, struct lab_result *r,
		struct lab_error *err)
{
	size_t nrates;
	const double *rates = lab_param_reals(p, "lr", &nrates);
	struct setup *s = lab_alloc(r, 1, sizeof *s);
	LAB_NEED(s, err);
	make_setup(p, seed, s);
	const size_t T = s->iterations;
	const char *opt = optimizer_names[s->optimizer];
	bool variant = !s->scale || !s->project;
	lab_set_title(r, "q6.c · weight normalization: ‖u‖ during training, one run per learning "
		      "rate (a re-simulation, %s%s%s)", opt, s->scale ? "" : ", no g/‖u‖ factor",
		      s->project ? "" : ", no projection");

	struct lab_plot *pl = lab_add_plot(r, "norm", lab_printf(r,
		"q6.c re-simulated · ‖u‖ against iteration, one curve per learning rate η (%s%s)",
		opt, variant ? ", modified gradient" : ""), "iteration", "‖u‖", true);
	struct lab_table *runs = lab_add_table(r, "runs", "Each run: ‖u_T‖² − ‖u_0‖² = Σ‖u_{t+1} − u_t‖² + Σ 2u_tᵀ(u_{t+1} − u_t)",
					       nrates, true);
	double *c_lr = lab_add_num_column(r, runs, "log10_lr", 3);
	double *c_start = lab_add_num_column(r, runs, "norm_start", 5);
	double *c_end = lab_add_num_column(r, runs, "norm_end", 5);
	double *c_rise = lab_add_num_column(r, runs, "rise", 6);
	double *c_sq = lab_add_num_column(r, runs, "sum_sq_steps", 6);
	double *c_cross = lab_add_num_column(r, runs, "cross_terms", 3);
	double *c_t95 = lab_add_num_column(r, runs, "t95", 0);
	double *c_l0 = lab_add_num_column(r, runs, "loss_start", 4);
	double *c_l1 = lab_add_num_column(r, runs, "loss_end", 4);
	struct lab_table *data = lab_add_table(r, "norms", "‖u‖ at every iteration",
					       nrates * (T + 1), false);
	double *d_it = lab_add_num_column(r, data, "iteration", 0);
	double *d_lr = lab_add_num_column(r, data, "log10_lr", 3);
	double *d_norm = lab_add_num_column(r, data, "norm_u", 6);
	LAB_NEED(d_norm, err);
	LAB_NEED(c_l1, err);
	struct lab_text *f = lab_add_text(r, "", true);
	for (size_t k = 0; k < nrates; k++) {
		char label[48];
		lab_format_g(label, rates[k], 4);
		struct lab_series *se = lab_add_series(r, pl, lab_printf(r, "η=10^%s", label),
						       T + 1, false);
		LAB_NEED(se, err);
		struct run_out out = { .norms = se->y };
		train(s, pow(10, rates[k]), &out);
		size_t t95 = 0;
		double n0 = out.norms[0] * out.norms[0];
		double rise = out.norms[T] * out.norms[T] - n0;
		for (size_t t = 0; t <= T; t++) {
			se->x[t] = (double)t;
			d_it[k * (T + 1) + t] = (double)t;
			d_lr[k * (T + 1) + t] = rates[k];
			d_norm[k * (T + 1) + t] = out.norms[t];
			if (!t95 && out.norms[t] * out.norms[t] - n0 >= 0.95 * rise)
				t95 = t;
		}
		c_lr[k] = rates[k];
		c_start[k] = out.norms[0];
		c_end[k] = out.norms[T];
		c_rise[k] = rise;
		c_sq[k] = out.sum_sq;
		c_cross[k] = out.cross;
		c_t95[k] = out.diverged_at ? NAN : (double)t95;
		c_l0[k] = out.loss0;
		c_l1[k] = out.loss_end;
		if (out.diverged_at)
			lab_line(r, f, "the run at η = 10^%s diverged at iteration %zu", label,
				 out.diverged_at);
	}
	lab_line(r, f, "A re-simulation of the figure, not the original (its settings are not all known). Here:");
	lab_line(r, f, "  data: %zu examples, 8 features uniform in [0, 1), 4 random class labels (seed %llu)",
		 s->examples, (unsigned long long)seed);
	lab_line(r, f, "  net: 8 → %zu tanh → 4 softmax, weight-normalised per unit (w = g·u/‖u‖) in both layers,",
		 s->hidden);
	lab_line(r, f, "    u drawn N(0, 0.5²), g = ‖u‖ at the start, biases 0: the same start for every η");
	lab_line(r, f, "  loss: cross-entropy summed over a batch of %zu drawn with replacement; %s on every parameter, %zu steps",
		 s->batch, opt, T);
	lab_line(r, f, "  ‖u‖: all %zu entries of the hidden layer's u (each unit's u stacked)",
		 s->hidden * FEATURES);
	if (!s->scale)
		lab_line(r, f, "modified: ∇ᵤL without its g/‖u‖ factor, so a longer u no longer takes shorter steps");
	if (!s->project)
		lab_line(r, f, "modified: ∇ᵤL without the projection I − ûûᵀ, so steps are not orthogonal to u");
	if (s->optimizer == OPT_SGD && s->project)
		lab_line(r, f, "SGD with ∇ᵤL ⟂ u: every step adds η²‖∇ᵤL‖² to ‖u‖², so rise = sum_sq_steps and the cross terms vanish");
	else
		lab_line(r, f, "the steps are not all orthogonal to u: the cross terms Σ 2uᵀΔu can lower ‖u‖");
	lab_line(r, f, "t95: the first iteration where ‖u‖² has made 95%% of its rise");
	return true;
}

const struct lab_kind lab_kind_weightnorm = {
	.name = "weightnorm",
	.question = "q6",
	.title = "Weight normalization: ‖u‖ during training, per learning rate (re-simulated)",
	.help = "Re-simulates the q6.c figure: a small weight-normalised MLP trained on\n"
		"random data, one run per learning rate, ‖u‖ against the iteration, with\n"
		"both sides of ‖u_T‖² − ‖u_0‖² = Σ‖Δu‖² per run. Test the explanation:\n"
		"--optimizer adam or momentum (steps not orthogonal to u: ‖u‖ can fall),\n"
		"--no-scale (no g/‖u‖ factor: a longer u no longer takes shorter steps;\n"
		"whatever levelling is left comes from the gradient dying down),\n"
		"--no-project (no projection: Pythagoras no longer applies).",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.csv_table = "norms",
	.run = run,
};
