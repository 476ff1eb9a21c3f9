/* The bundled course against the answer key, recomputed here in plain C:
 * direct convolution loops (q1), layer-by-layer shape arithmetic (q2, q3.c),
 * brute-force enumeration of every configuration (q3), exact enumeration of
 * every dropout mask (q4, q5), every ±1 input (q6.a), finite differences
 * (q6.b) and Pythagoras on random orthogonal vectors (q6.c). Every part is
 * checked in at least three written forms; the published solution's wrong
 * answer is incorrect, flagged as the source's error, with the erratum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "course.h"
#include "key_util.h"
#include "model.h"

/* ---- q1: direct convolution loops -------------------------------------- */

static const double x1[] = { 1, 2, 3, 4 }, k1[] = { 1, 0, 2 };

/* full true convolution: y[i] = sum_j x[j] k[i-j] (the kernel flipped) */
static size_t conv_full(double *y, bool flip)
{
	size_t n = 4, m = 3;
	for (size_t i = 0; i < n + m - 1; i++) {
		y[i] = 0;
		for (size_t j = 0; j < n; j++) {
			long t = (long)i - (long)j;
			if (t >= 0 && t < (long)m)
				y[i] += x1[j] * (flip ? k1[t] : k1[m - 1 - t]);
		}
	}
	return n + m - 1;
}

static void forms_of(const double *v, size_t n, char out[3][256])
{
	char *p0 = out[0], *p1 = out[1], *p2 = out[2];
	p0 += sprintf(p0, "(");
	p1 += sprintf(p1, "[");
	for (size_t i = 0; i < n; i++) {
		p0 += sprintf(p0, "%s%g", i ? ", " : "", v[i]);
		p1 += sprintf(p1, "%s%g", i ? " " : "", v[i]);
		p2 += sprintf(p2, "%s%g", i ? ", " : "", v[i]);
	}
	sprintf(p0, ")");
	sprintf(p1, "]");
}

static void test_q1_convolutions_match_direct_loops(void **state)
{
	(void)state;
	double full[8], corr[8];
	size_t nf = conv_full(full, true);
	conv_full(corr, false);
	/* valid: the positions where the kernel lies inside x; same: the
	 * centred len(x) entries of full */
	const struct { const char *id; size_t from, n; } cut[] = {
		{ "q1.full", 0, nf }, { "q1.valid", 2, 2 }, { "q1.same", 1, 4 },
	};
	for (size_t c = 0; c < 3; c++) {
		char f[3][256];
		forms_of(full + cut[c].from, cut[c].n, f);
		for (int i = 0; i < 3; i++)
			assert_correct(cut[c].id, f[i]);
		forms_of(corr + cut[c].from, cut[c].n, f);
		assert_slip(cut[c].id, f[0]);  /* no flip: cross-correlation */
	}
}

/* ---- q2: shapes layer by layer ---------------------------------------- */

static int out_size(int w, int k, int s, int p) { return (w + 2 * p - k) / s + 1; }

static void test_q2_counts_follow_the_layer_arithmetic(void **state)
{
	(void)state;
	int w1 = out_size(256, 8, 2, 0), c1 = 64;
	int w2 = w1 / 5;
	int w3 = out_size(w2, 4, 1, 1), c3 = 128;
	char f[4][128];
	sprintf(f[0], "%d", c3 * w3 * w3);
	sprintf(f[1], "%d*%d*%d", c3, w3, w3);
	sprintf(f[2], "%d·%d²", c3, w3);
	sprintf(f[3], "%dx%dx%d", c3, w3, w3);
	for (int i = 0; i < 4; i++)
		assert_correct("q2.a", f[i]);
	struct course_check_result r;
	judge("q2.a", f[3], &r);
	assert_non_null(r.note);  /* a shape: right count, with a note */
	course_result_clear(&r);
	assert_source_error("q2.a", "3*128*6*6");
	sprintf(f[0], "%d*%d*%d*%d", 3, c3, w3, w3);   /* colour channels */
	assert_slip("q2.a", f[0]);
	sprintf(f[0], "%d*%d*%d", c3, w3 - 1, w3 - 1);  /* the +1 forgotten */
	assert_slip("q2.a", f[0]);
	int w3_nopad = out_size(w2, 4, 1, 0);           /* the padding forgotten */
	sprintf(f[0], "%d*%d*%d", c3, w3_nopad, w3_nopad);
	assert_slip("q2.a", f[0]);

	int weights = 4 * 4 * c1 * c3;
	sprintf(f[0], "%d", weights);
	sprintf(f[1], "4*4*%d*%d", c1, c3);
	sprintf(f[2], "4²·%d·%d", c1, c3);
	for (int i = 0; i < 3; i++)
		assert_correct("q2.b", f[i]);
	assert_source_error("q2.b", "4*4*128*3");
	sprintf(f[0], "%d", weights + c3);  /* biases counted */
	assert_slip("q2.b", f[0]);
}

/* ---- q3: every configuration, enumerated ------------------------------ */

static void test_q3_every_configuration_is_judged_by_the_convention(void **state)
{
	(void)state;
	static const struct cfg_part parts[] = {
		{ "q3.a.i", 64, 32, 8, -1, -1, 0, false },
		{ "q3.a.ii", 64, 32, -1, 2, -1, 6, false },
		{ "q3.b", 32, 8, -1, -1, 0, 0, true },
		{ "q3.d.i", 8, 4, -1, -1, 0, 0, false },
		{ "q3.d.ii", 8, 4, -1, -1, 2, 1, false },
		{ "q3.d.iii", 8, 4, -1, -1, 1, 0, false },
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const struct cfg_part *c = &parts[i];
		size_t exact = 0, floored = 0;
		/* the two free names range over 0..40 (K and S from 1) */
		for (int a = 0; a <= 40; a++) {
			for (int b = 0; b <= 40; b++) {
				int v[4] = { c->fk, c->fs, c->fp, c->fd }, *slot[2];
				int n = 0;
				for (int j = 0; j < 4 && n < 2; j++)
					if (v[j] < 0)
						slot[n++] = &v[j];
				*slot[0] = a;
				*slot[1] = b;
				if (v[0] < 1 || v[1] < 1)
					continue;
				int kind = classify(c, v[0], v[1], v[2], v[3]);
				char f[3][128];
				config_forms(c, v[0], v[1], v[2], v[3], f);
				struct course_check_result r;
				judge(c->id, f[0], &r);
				bool ok = r.verdict == COURSE_CORRECT;
				if (ok != (kind != 0))
					fail_msg("%s: \"%s\" judged %s, the convention says %s", c->id,
						 f[0], course_verdict_name(r.verdict), kind ? "valid" : "not");
				if (kind)
					check_configuration_note(c, v[0], v[1], v[2], v[3], kind,
								 f[0], r.note);
				course_result_clear(&r);
				if (kind) {
					assert_correct(c->id, f[1]);
					assert_correct(c->id, f[2]);
				}
				exact += kind == 1;
				floored += kind == 2;
			}
		}
		if (!exact)
			fail_msg("%s: no exact configuration at all", c->id);
		/* the key lists rounded configurations for these parts only */
		static const bool key_has_rounded[] = { false, true, false, true, true, true };
		if ((floored > 0) != key_has_rounded[i])
			fail_msg("%s: %zu rounded configurations, the key says %s", c->id, floored,
				 key_has_rounded[i] ? "some" : "none");
	}
	/* the published answers: impossible kernels */
	assert_int_equal(classify(&parts[1], 400, 2, 10, 6), 0);
	assert_source_error("q3.a.ii", "K=400, P=10");
	assert_int_equal(classify(&parts[4], 13, 2, 2, 1), 0);
	assert_source_error("q3.d.ii", "K=13, S=2");
	/* a right configuration written with PyTorch's dilation (D + 1):
	 * feedback names the two conventions, not a bare no */
	size_t convention_slips = 0;
	for (int k = 1; k <= 12; k++)
		for (int x = 0; x <= 40; x++) {
			char f[64];
			if (classify(&parts[1], k, 2, x, 6)) {
				sprintf(f, "K=%d, P=%d, D=%d", k, x, 6 + 1);
				assert_slip("q3.a.ii", f);
				convention_slips++;
			}
			if (x >= 1 && classify(&parts[4], k, x, 2, 1)) {
				sprintf(f, "K=%d, S=%d, D=%d", k, x, 1 + 1);
				assert_slip("q3.d.ii", f);
				convention_slips++;
			}
		}
	assert_true(convention_slips > 2);
}

static void test_q3c_output_shape_from_the_arithmetic(void **state)
{
	(void)state;
	int o = out_size(32, 8, 4, 0);
	char f[4][64];
	sprintf(f[0], "%dx%d", o, o);
	sprintf(f[1], "%dx%dx%d", 64, o, o);
	sprintf(f[2], "(%d, %d)", o, o);
	sprintf(f[3], "%d×%d", o, o);
	for (int i = 0; i < 4; i++)
		assert_correct("q3.c", f[i]);
	sprintf(f[0], "%dx%d", o - 1, o - 1);  /* +1 forgotten */
	struct course_check_result r;
	judge("q3.c", f[0], &r);
	assert_int_equal(r.verdict, COURSE_INCORRECT);
	course_result_clear(&r);
}

/* ---- q4: every mask enumerated ----------------------------------------- */

static void test_q4_dropout_penalty_from_every_mask(void **state)
{
	(void)state;
	enum { N = 3, D = 2 };
	unsigned seed = 7;
	double X[N * D], w[D], y[N];
	for (int i = 0; i < N * D; i++) X[i] = rnd(&seed);
	for (int i = 0; i < D; i++) w[i] = rnd(&seed);
	for (int i = 0; i < N; i++) y[i] = rnd(&seed);
	double p = 0.7;
	/* exact expectation over all 2^(N*D) masks of ||(M.*X)w - y||^2,
	 * and over per-example masks (the published solution's) */
	double e_unit = 0, e_row = 0;
	for (unsigned m = 0; m < (1u << (N * D)); m++) {
		double prob = 1, loss = 0;
		for (int i = 0; i < N * D; i++)
			prob *= (m >> i) & 1 ? p : 1 - p;
		for (int i = 0; i < N; i++) {
			double r = -y[i];
			for (int j = 0; j < D; j++)
				r += ((m >> (i * D + j)) & 1) * X[i * D + j] * w[j];
			loss += r * r;
		}
		e_unit += prob * loss;
	}
	for (unsigned m = 0; m < (1u << N); m++) {
		double prob = 1, loss = 0;
		for (int i = 0; i < N; i++) {
			prob *= (m >> i) & 1 ? p : 1 - p;
			double r = -y[i];
			for (int j = 0; j < D; j++)
				r += ((m >> i) & 1) * X[i * D + j] * w[j];
			loss += r * r;
		}
		e_row += prob * loss;
	}
	/* with wbar = p w: E = ||X wbar - y||^2 + lambda * wbar' Gamma^2 wbar */
	double fit = 0, pen = 0, plain = 0;
	for (int i = 0; i < N; i++) {
		double r = -y[i], q = -y[i];
		for (int j = 0; j < D; j++) {
			r += X[i * D + j] * p * w[j];
			q += X[i * D + j] * w[j];
		}
		fit += r * r;
		plain += q * q;
	}
	for (int j = 0; j < D; j++) {
		double col = 0;
		for (int i = 0; i < N; i++)
			col += X[i * D + j] * X[i * D + j];
		pen += col * (p * w[j]) * (p * w[j]);
	}
	double lambda = (e_unit - fit) / pen;
	/* per-example masks: a reweighting, no penalty on w */
	double sum_y2 = 0;
	for (int i = 0; i < N; i++)
		sum_y2 += y[i] * y[i];
	double row_pred = p * plain + (1 - p) * sum_y2;
	assert_close(&e_row, &row_pred, 1, "per-example masks");

	const char *forms[] = { "(1-p)/p", "1/p - 1", "lambda = (1 - p)/p", "λ = (1−p)/p" };
	struct engine_scope *s = engine_scope_new();
	engine_scope_bind_number(s, "p", p);
	struct engine_shape sc = { ENGINE_SCALAR, { 0, NULL }, { 0, NULL } };
	engine_scope_declare(s, "lambda", sc, ENGINE_DOMAIN_POSITIVE, NULL);
	for (size_t i = 0; i < 4; i++) {
		double got;
		assert_int_equal(eval_form(forms[i], s, &got, 1), 1);
		assert_close(&got, &lambda, 1, forms[i]);
		assert_correct("q4.c", forms[i]);
	}
	engine_scope_free(s);
	assert_source_error("q4.c", "0");
	assert_slip("q4.c", "p/(1-p)");   /* drop instead of keep probability */

	/* q4.b: the cost with an n×d mask, any positive factor */
	assert_correct("q4.b", "norm((M .* X)*w - y)^2");
	assert_correct("q4.b", "‖(M ⊙ X)w − y‖²/2");
	assert_correct("q4.b", "((M .* X)*w - y)'*((M .* X)*w - y)");
	assert_source_error("q4.b", "norm(diag(delta)*X*w - y)^2");

	/* q4.a: exactly one design is right, by number, letter, or (letter) */
	const struct course_part *pa = part("q4.a");
	size_t right = 0;
	for (size_t i = 0; i < pa->n_choices; i++) {
		char f[3][24];
		sprintf(f[0], "%zu", i + 1);
		sprintf(f[1], "%c", (char)('a' + i));
		sprintf(f[2], "(%c)", (char)('A' + i));
		struct course_check_result r;
		judge("q4.a", f[0], &r);
		if (r.verdict == COURSE_CORRECT) {
			right++;
			assert_correct("q4.a", f[1]);
			assert_correct("q4.a", f[2]);
		}
		course_result_clear(&r);
	}
	assert_int_equal(right, 1);
}

/* ---- q5: the geometric mean over all 2^n masks -------------------------- */

static void softmax(double *z, int k)
{
	double mx = z[0], s = 0;
	for (int i = 1; i < k; i++) mx = fmax(mx, z[i]);
	for (int i = 0; i < k; i++) s += (z[i] = exp(z[i] - mx));
	for (int i = 0; i < k; i++) z[i] /= s;
}

static void test_q5_ensemble_is_the_half_scaled_softmax(void **state)
{
	(void)state;
	enum { N = 3, K = 4 };
	unsigned seed = 11;
	double W[N * K], v[N], b[K], logmean[K] = { 0 };
	for (int i = 0; i < N * K; i++) W[i] = rnd(&seed);
	for (int i = 0; i < N; i++) v[i] = rnd(&seed);
	for (int j = 0; j < K; j++) b[j] = rnd(&seed);
	for (unsigned m = 0; m < (1u << N); m++) {
		double z[K];
		for (int j = 0; j < K; j++) {
			z[j] = b[j];
			for (int i = 0; i < N; i++)
				z[j] += W[i * K + j] * ((m >> i) & 1) * v[i];
		}
		softmax(z, K);
		for (int j = 0; j < K; j++)
			logmean[j] += log(z[j]) / (1u << N);
	}
	softmax(logmean, K);  /* normalised geometric mean */
	struct engine_scope *s = engine_scope_new();
	bind_mat(s, "W", N, K, W);
	bind_mat(s, "v", N, 1, v);
	bind_mat(s, "b", K, 1, b);
	const char *forms[] = { "softmax(W'*v/2 + b)", "softmax(0.5 W'v + b)",
				"exp(Wᵀv/2 + b)/sum(exp(Wᵀv/2 + b))" };
	for (int i = 0; i < 3; i++) {
		double got[K];
		assert_int_equal(eval_form(forms[i], s, got, K), K);
		assert_close(got, logmean, K, forms[i]);
		assert_correct("q5", forms[i]);
	}
	engine_scope_free(s);
	assert_source_error("q5", "softmax(1/2*W'*(m .* v) + b)");
}

/* ---- q6 ---------------------------------------------------------------- */

static void test_q6a_batch_norm_of_a_whitened_input_over_every_sign_vector(void **state)
{
	(void)state;
	enum { N = 3 };
	unsigned seed = 5;
	double w[N], x0[N], b = rnd(&seed);
	for (int i = 0; i < N; i++) { w[i] = rnd(&seed); x0[i] = rnd(&seed); }
	/* x uniform on {-1, 1}^N: zero mean, identity covariance */
	double mean = 0, sq = 0;
	for (unsigned m = 0; m < (1u << N); m++) {
		double a = b;
		for (int i = 0; i < N; i++)
			a += w[i] * ((m >> i) & 1 ? 1 : -1);
		mean += a / (1u << N);
		sq += a * a / (1u << N);
	}
	double a0 = b;
	for (int i = 0; i < N; i++)
		a0 += w[i] * x0[i];
	double bn = (a0 - mean) / sqrt(sq - mean * mean);
	struct engine_scope *s = engine_scope_new();
	bind_mat(s, "w", N, 1, w);
	bind_mat(s, "x", N, 1, x0);
	engine_scope_bind_number(s, "b", b);
	const char *forms[] = { "w'*x/norm(w)", "(w/‖w‖)ᵀx", "wᵀx/√(wᵀw)" };
	for (int i = 0; i < 3; i++) {
		double got;
		assert_int_equal(eval_form(forms[i], s, &got, 1), 1);
		assert_close(&got, &bn, 1, forms[i]);
		assert_correct("q6.a", forms[i]);
	}
	engine_scope_free(s);
	assert_source_error("q6.a", "g*w'*x/norm(w)");
}

static void test_q6b_gradient_operator_matches_finite_differences(void **state)
{
	(void)state;
	enum { N = 3 };
	unsigned seed = 3;
	double u[N], c[N], g = 1.7, grad[N];
	for (int i = 0; i < N; i++) { u[i] = rnd(&seed); c[i] = rnd(&seed); }
	/* L(u) = c'w with w = g u/||u||: central differences */
	for (int k = 0; k < N; k++) {
		double up[N], dn[N], h = 1e-6, lu = 0, ld = 0, nu = 0, nd = 0;
		memcpy(up, u, sizeof u);
		memcpy(dn, u, sizeof u);
		up[k] += h;
		dn[k] -= h;
		for (int i = 0; i < N; i++) { nu += up[i] * up[i]; nd += dn[i] * dn[i]; }
		for (int i = 0; i < N; i++) { lu += c[i] * g * up[i] / sqrt(nu); ld += c[i] * g * dn[i] / sqrt(nd); }
		grad[k] = (lu - ld) / (2 * h);
	}
	struct engine_scope *s = engine_scope_new();
	bind_mat(s, "u", N, 1, u);
	engine_scope_bind_number(s, "g", g);
	const char *forms[] = { "g/norm(u)*(I - u*u'/norm(u)^2)", "(g/‖u‖)(I − uuᵀ/‖u‖²)",
				"(g/norm(u))*(eye(3) - u*u'/(u'*u))" };
	for (int f = 0; f < 3; f++) {
		double op[N * N], got[N];
		assert_int_equal(eval_form(forms[f], s, op, N * N), N * N);
		for (int i = 0; i < N; i++) {
			got[i] = 0;
			for (int j = 0; j < N; j++)
				got[i] += op[i * N + j] * c[j];
		}
		for (int i = 0; i < N; i++)
			if (fabs(got[i] - grad[i]) > 1e-6)
				fail_msg("%s: entry %d is %g, finite differences %g", forms[f], i, got[i], grad[i]);
		if (f < 2)
			assert_correct("q6.b", forms[f]);
	}
	assert_correct("q6.b", "(g/norm(u))*(I - u*u'/(u'*u))");
	engine_scope_free(s);
	assert_source_error("q6.b", "g/norm(u)*(I - u'*u/norm(u)^2)");
}

static void test_q6c_norm_after_a_step_is_pythagoras(void **state)
{
	(void)state;
	enum { N = 4 };
	unsigned seed = 9;
	double u[N], d[N], eta = 0.3, uu = 0, ud = 0;
	for (int i = 0; i < N; i++) { u[i] = rnd(&seed); d[i] = rnd(&seed); }
	for (int i = 0; i < N; i++) { uu += u[i] * u[i]; ud += u[i] * d[i]; }
	for (int i = 0; i < N; i++)
		d[i] -= ud / uu * u[i];  /* d orthogonal to u */
	double after = 0;
	for (int i = 0; i < N; i++)
		after += (u[i] - eta * d[i]) * (u[i] - eta * d[i]);
	struct engine_scope *s = engine_scope_new();
	bind_mat(s, "u", N, 1, u);
	bind_mat(s, "d", N, 1, d);
	engine_scope_bind_number(s, "eta", eta);
	const char *forms[] = { "norm(u)^2 + eta^2*norm(d)^2", "u'u + eta² d'd", "‖u‖² + eta²‖d‖²" };
	for (int i = 0; i < 3; i++) {
		double got;
		assert_int_equal(eval_form(forms[i], s, &got, 1), 1);
		assert_close(&got, &after, 1, forms[i]);
		assert_correct("q6.c", forms[i]);
	}
	engine_scope_free(s);
	assert_source_error("q6.c", "eta^2*||d||^2");
}

/* ---- every other part (the checkable steps of the proofs) -------------- */

/* Each step part: its expected answer as written, bracketed, and as the
 * engine prints it canonically are correct; its source-error example is
 * flagged. (Their values are recomputed above through the final parts.) */
static void test_every_step_part_accepts_three_forms_and_flags_the_source(void **state)
{
	(void)state;
	for (size_t i = 0; i < course_part_count(course); i++) {
		const struct course_part *p = course_part_at(course, i);
		const struct rt_part *rt = course_rt(course, p);
		if (!strstr(p->id, ".step"))
			continue;
		const struct y_check *c = rt->y->check;
		if (p->kind == COURSE_CHOICE) {
			long k = strtol(c->expected, NULL, 10);
			char f[3][24];
			sprintf(f[0], "%ld", k);
			sprintf(f[1], "%c", (char)('a' + k - 1));
			sprintf(f[2], "(%c)", (char)('A' + k - 1));
			for (int j = 0; j < 3; j++)
				assert_correct(p->id, f[j]);
		} else if (c->expected) {
			char wrapped[1024];
			snprintf(wrapped, sizeof wrapped, "(%s)", c->expected);
			char *canon = engine_expr_print(rt->expected);
			assert_correct(p->id, c->expected);
			assert_correct(p->id, wrapped);
			assert_correct(p->id, canon);
			free(canon);
		}
		for (size_t j = 0; j < rt->n_rules; j++)
			if (rt->rules[j].y->source_error)
				assert_source_error(p->id, rt->rules[j].y->example ?
						    rt->rules[j].y->example : rt->rules[j].y->value);
	}
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_q1_convolutions_match_direct_loops),
		cmocka_unit_test(test_q2_counts_follow_the_layer_arithmetic),
		cmocka_unit_test(test_q3_every_configuration_is_judged_by_the_convention),
		cmocka_unit_test(test_q3c_output_shape_from_the_arithmetic),
		cmocka_unit_test(test_q4_dropout_penalty_from_every_mask),
		cmocka_unit_test(test_q5_ensemble_is_the_half_scaled_softmax),
		cmocka_unit_test(test_q6a_batch_norm_of_a_whitened_input_over_every_sign_vector),
		cmocka_unit_test(test_q6b_gradient_operator_matches_finite_differences),
		cmocka_unit_test(test_q6c_norm_after_a_step_is_pythagoras),
		cmocka_unit_test(test_every_step_part_accepts_three_forms_and_flags_the_source),
	};
	return cmocka_run_group_tests(tests, key_setup, key_teardown);
}
