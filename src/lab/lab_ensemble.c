/* q5: dropout on the inputs of one softmax layer as a geometric ensemble.
 * Every one of the 2ⁿ masks is enumerated; per class, the renormalised
 * geometric mean of the masked networks' softmax (computed as the mean of
 * their log-softmax, so n = 16 loses nothing), the weight-scaled network
 * softmax(½Wᵀv + b), and the arithmetic mean for contrast. */
#include <math.h>
#include <stdio.h>

#include "lab_internal.h"

#define MAX_N 20
#define MAX_K 10

static const struct lab_param params[] = {
	{ "n", LAB_PARAM_INT, "10", 1, MAX_N, 0, NULL,
	  "inputs v (2^n masks are enumerated; 16 gives 65536)", NULL },
	{ "k", LAB_PARAM_INT, "4", 2, MAX_K, 0, NULL, "classes", NULL },
};

/* Neumaier's compensated sum: 2^20 terms keep their last digits. */
struct sum {
	double s, c;
};

static void add(struct sum *a, double v)
{
	double t = a->s + v;
	if (fabs(a->s) >= fabs(v))
		a->c += (a->s - t) + v;
	else
		a->c += (v - t) + a->s;
	a->s = t;
}

static double total(const struct sum *a)
{
	return a->s + a->c;
}

/* softmax of z[0..k) into out; also its log into logout when not NULL. */
static void softmax(const double *z, size_t k, double *out, double *logout)
{
	double m = z[0];
	for (size_t j = 1; j < k; j++)
		if (z[j] > m)
			m = z[j];
	double s = 0;
	for (size_t j = 0; j < k; j++) {
		out[j] = exp(z[j] - m);
		s += out[j];
	}
	double lse = m + log(s);
	for (size_t j = 0; j < k; j++) {
		if (logout)
			logout[j] = z[j] - lse;
		out[j] /= s;
	}
}

static bool run(const struct lab_params *p, uint64_t seed, struct lab_result *r,
		struct lab_error *err)
{
	size_t n = (size_t)lab_param_int(p, "n"), k = (size_t)lab_param_int(p, "k");
	double W[MAX_N * MAX_K], v[MAX_N], b[MAX_K], Wv[MAX_N * MAX_K];
	struct lab_rng g;
	lab_rng_seed(&g, seed, 1);
	for (size_t i = 0; i < n; i++)
		v[i] = lab_rng_normal(&g);
	for (size_t i = 0; i < n * k; i++)
		W[i] = lab_rng_normal(&g);
	for (size_t j = 0; j < k; j++)
		b[j] = lab_rng_normal(&g);
	/* Row i of Wv: what input i adds to the logits when its mask bit is 1. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < k; j++)
			Wv[i * k + j] = W[i * k + j] * v[i];

	struct sum logsum[MAX_K] = { { 0, 0 } }, probsum[MAX_K] = { { 0, 0 } };
	unsigned long masks = 1ul << n;
	for (unsigned long m = 0; m < masks; m++) {
		double z[MAX_K], prob[MAX_K], logp[MAX_K];
		for (size_t j = 0; j < k; j++)
			z[j] = b[j];
		for (size_t i = 0; i < n; i++)
			if (m >> i & 1)
				for (size_t j = 0; j < k; j++)
					z[j] += Wv[i * k + j];
		softmax(z, k, prob, logp);
		for (size_t j = 0; j < k; j++) {
			add(&logsum[j], logp[j]);
			add(&probsum[j], prob[j]);
		}
	}
	double meanlog[MAX_K] = { 0 }, half[MAX_K] = { 0 };
	double geo[MAX_K], scaled[MAX_K], arith[MAX_K];
	for (size_t j = 0; j < k; j++) {
		meanlog[j] = total(&logsum[j]) / (double)masks;
		arith[j] = total(&probsum[j]) / (double)masks;
		half[j] = b[j];
		for (size_t i = 0; i < n; i++)
			half[j] += 0.5 * W[i * k + j] * v[i];
	}
	softmax(meanlog, k, geo, NULL);
	softmax(half, k, scaled, NULL);

	lab_set_title(r, "q5 · the geometric ensemble of all 2^%zu = %lu dropout masks, %zu classes",
		      n, masks, k);
	struct lab_table *t = lab_add_table(r, "classes", "Per class", k, true);
	double *c_class = lab_add_num_column(r, t, "class", 0);
	double *c_geo = lab_add_num_column(r, t, "geometric", 15);
	double *c_scaled = lab_add_num_column(r, t, "weight_scaled", 15);
	double *c_arith = lab_add_num_column(r, t, "arithmetic", 15);
	LAB_NEED(c_arith, err);
	double dgeo = 0, darith = 0;
	for (size_t j = 0; j < k; j++) {
		c_class[j] = (double)j + 1;
		c_geo[j] = geo[j];
		c_scaled[j] = scaled[j];
		c_arith[j] = arith[j];
		if (fabs(geo[j] - scaled[j]) > dgeo)
			dgeo = fabs(geo[j] - scaled[j]);
		if (fabs(arith[j] - geo[j]) > darith)
			darith = fabs(arith[j] - geo[j]);
	}
	struct lab_text *f = lab_add_text(r, "", true);
	lab_line(r, f, "W (%zu×%zu), v (%zu), b (%zu) drawn N(0, 1) from seed %llu; each mask m ∈ {0, 1}^%zu keeps or drops each input",
		 n, k, n, k, (unsigned long long)seed, n);
	lab_line(r, f, "geometric: the mean over all %lu masks of log softmax(Wᵀ(m⊙v) + b), renormalised by a softmax", masks);
	lab_line(r, f, "weight_scaled: softmax(½Wᵀv + b), one network with its weights halved");
	lab_line(r, f, "largest |geometric − weight_scaled| = %.2g: equal up to rounding", dgeo);
	lab_line(r, f, "largest |arithmetic − geometric| = %.3g: the arithmetic mean is another distribution", darith);
	lab_line(r, f, "why: the mean of Wᵀ(m⊙v) + b over the masks is ½Wᵀv + b (each mᵢ is 1 in half of them),");
	lab_line(r, f, "and log softmax subtracts a normaliser that is the same for every class, so it cancels");

	struct lab_table *pt = lab_add_table(r, "parameters", "The inputs v and the weights W", n, false);
	double *c_unit = lab_add_num_column(r, pt, "input", 0);
	double *c_v = lab_add_num_column(r, pt, "v", 10);
	double *c_w[MAX_K];
	for (size_t j = 0; j < k; j++)
		c_w[j] = lab_add_num_column(r, pt, lab_printf(r, "w%zu", j + 1), 10);
	struct lab_table *bt = lab_add_table(r, "bias", "The biases b", k, false);
	double *c_bclass = lab_add_num_column(r, bt, "class", 0);
	double *c_b = lab_add_num_column(r, bt, "b", 10);
	LAB_NEED(c_b, err);
	for (size_t i = 0; i < n; i++) {
		c_unit[i] = (double)i + 1;
		c_v[i] = v[i];
		for (size_t j = 0; j < k; j++)
			c_w[j][i] = W[i * k + j];
	}
	for (size_t j = 0; j < k; j++) {
		c_bclass[j] = (double)j + 1;
		c_b[j] = b[j];
	}

	struct lab_plot *pl = lab_add_plot(r, "classes",
		lab_printf(r, "q5 · class probabilities over all 2^%zu masks: geometric, weight-scaled, arithmetic", n),
		"class", "probability", false);
	static const char *const names[3] = { "geometric", "weight-scaled", "arithmetic" };
	const double *cols[3] = { geo, scaled, arith };
	for (int s = 0; s < 3; s++)
		LAB_NEED(lab_add_indexed_series(r, pl, names[s], cols[s], k, 1), err);
	return true;
}

const struct lab_kind lab_kind_ensemble = {
	.name = "ensemble",
	.question = "q5",
	.title = "The geometric ensemble of dropout masks against the weight-scaled net",
	.help = "Enumerates all 2^n dropout masks of a seeded softmax layer and compares,\n"
		"per class, the renormalised geometric mean of the masked networks with the\n"
		"single network softmax(½Wᵀv + b), and with the arithmetic mean, which\n"
		"differs. Try --n 16 and different seeds.",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.csv_table = "classes",
	.run = run,
};
