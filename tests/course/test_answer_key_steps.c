/* The checkable steps of the proofs (q4.c, q5, q6), each recomputed in
 * plain C beside the course's judgement: exact expectations over every
 * dropout mask, log-sum-exp, a 2×2 solve by Cramer's rule, moments over
 * every ±1 input, finite differences, Gram-Schmidt. The formula steps are
 * checked in three written forms whose values match the C computation; the
 * choice steps by number, letter and (letter), with the claim behind the
 * right option computed. */
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

/* Each form: its value equals the C computation, and the course accepts it. */
static void forms_match(const char *id, const char *const *forms, size_t n_forms,
			struct engine_scope *s, const double *want, size_t n)
{
	for (size_t i = 0; i < n_forms; i++) {
		double got[64];
		size_t k = eval_form(forms[i], s, got, 64);
		if (k != n)
			fail_msg("%s: \"%s\" has %zu entries, recomputed %zu", id, forms[i], k, n);
		assert_close(got, want, n, forms[i]);
		assert_correct(id, forms[i]);
	}
}

/* The one right option, accepted as 2, b and (B); returns its number. */
/* The one option of a choice part whose text holds phrase (1-based). */
static size_t choice_with(const char *id, const char *phrase)
{
	const struct course_part *p = part(id);
	size_t found = 0;
	for (size_t i = 0; i < p->n_choices; i++)
		if (strstr(p->choices[i], phrase)) {
			assert_int_equal(found, 0);
			found = i + 1;
		}
	if (!found)
		fail_msg("%s: no option says \"%s\"", id, phrase);
	return found;
}

static const char *number(size_t k)
{
	static char buf[8][16];
	static int next;
	char *b = buf[next++ % 8];
	snprintf(b, 16, "%zu", k);
	return b;
}

static size_t right_choice(const char *id)
{
	const struct course_part *p = part(id);
	size_t right = 0;
	for (size_t i = 0; i < p->n_choices; i++) {
		char f[24];
		sprintf(f, "%zu", i + 1);
		struct course_check_result r;
		judge(id, f, &r);
		if (r.verdict == COURSE_CORRECT) {
			assert_int_equal(right, 0);
			right = i + 1;
			sprintf(f, "%c", (char)('a' + i));
			assert_correct(id, f);
			sprintf(f, "(%c)", (char)('A' + i));
			assert_correct(id, f);
		}
		course_result_clear(&r);
	}
	assert_int_not_equal(right, 0);
	return right;
}

/* ---- q4.c: expectations over every mask -------------------------------- */

enum { N = 3, D = 2 };

/* E over all 2^(N*D) masks, entries kept with probability p, of
 * ||(M.*X)w - y||^2. */
static double expected_loss(const double *X, const double *w, const double *y, double p)
{
	double e = 0;
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
		e += prob * loss;
	}
	return e;
}

static void test_q4c_steps_1_and_2_are_the_exact_expectation_over_masks(void **state)
{
	(void)state;
	unsigned seed = 21;
	double X[N * D], w[D], wbar[D], y[N], p = 0.65;
	for (int i = 0; i < N * D; i++) X[i] = rnd(&seed);
	for (int i = 0; i < D; i++) w[i] = rnd(&seed);
	for (int i = 0; i < N; i++) y[i] = rnd(&seed);
	for (int i = 0; i < D; i++) wbar[i] = p * w[i];
	double e = expected_loss(X, w, y, p);
	struct engine_scope *s = engine_scope_new();
	bind_mat(s, "X", N, D, X);
	bind_mat(s, "w", D, 1, w);
	bind_mat(s, "wbar", D, 1, wbar);
	bind_mat(s, "y", N, 1, y);
	engine_scope_bind_number(s, "p", p);
	static const char *const step1[] = {
		"norm(p*X*w - y)^2 + p*(1-p)*w'*diag(diag(X'*X))*w",
		"‖pXw − y‖² + p(1 − p)·wᵀ·diag(diag(XᵀX))·w",
		"(p X w - y)'(p X w - y) + (p - p^2) w' diag(diag(X'X)) w",
	};
	forms_match("q4.c.step1", step1, 3, s, &e, 1);
	assert_source_error("q4.c.step1", "(p*X*w - y)'*(p*X*w - y)");
	static const char *const step2[] = {
		"norm(X*wbar - y)^2 + (1-p)/p*wbar'*diag(diag(X'*X))*wbar",
		"‖X wbar − y‖² + ((1 − p)/p)·wbarᵀ diag(diag(XᵀX)) wbar",
		"(X wbar - y)'(X wbar - y) + (1/p - 1) wbar' diag(diag(X'X)) wbar",
	};
	forms_match("q4.c.step2", step2, 3, s, &e, 1);
	assert_source_error("q4.c.step2", "norm(X*wbar - y)^2");
	engine_scope_free(s);
}

/* Solve the 2×2 system (A) x = r by Cramer's rule. */
static void solve2(const double A[4], const double r[2], double x[2])
{
	double det = A[0] * A[3] - A[1] * A[2];
	x[0] = (r[0] * A[3] - A[1] * r[1]) / det;
	x[1] = (A[0] * r[1] - r[0] * A[2]) / det;
}

/* The dropout minimiser (X'X + lambda diag(X'X))^-1 X'y for an n×2 X. */
static void dropout_min(const double *X, const double *y, int n, double lambda, double x[2])
{
	double A[4] = { 0 }, r[2] = { 0 };
	for (int i = 0; i < n; i++)
		for (int a = 0; a < 2; a++) {
			r[a] += X[i * 2 + a] * y[i];
			for (int b = 0; b < 2; b++)
				A[a * 2 + b] += X[i * 2 + a] * X[i * 2 + b];
		}
	A[0] *= 1 + lambda;
	A[3] *= 1 + lambda;
	solve2(A, r, x);
}

static void test_q4c_step3_minimiser_by_cramers_rule(void **state)
{
	(void)state;
	enum { R = 4 };
	unsigned seed = 33;
	double X[R * 2], y[R], p = 0.4, x[2];
	for (int i = 0; i < R * 2; i++) X[i] = rnd(&seed);
	for (int i = 0; i < R; i++) y[i] = rnd(&seed);
	dropout_min(X, y, R, (1 - p) / p, x);
	struct engine_scope *s = engine_scope_new();
	bind_mat(s, "X", R, 2, X);
	bind_mat(s, "y", R, 1, y);
	engine_scope_bind_number(s, "p", p);
	static const char *const forms[] = {
		"inv(X'*X + (1-p)/p*diag(diag(X'*X)))*X'*y",
		"inv(XᵀX + ((1 − p)/p)·diag(diag(XᵀX)))·Xᵀy",
		"inv(X'X + (1/p - 1) diag(diag(X'X))) X'y",
	};
	forms_match("q4.c.step3", forms, 3, s, x, 2);
	engine_scope_free(s);
	assert_source_error("q4.c.step3", "inv(X'*X)*X'*y");
}

static void test_q4c_step4_dropout_is_ridge_only_on_equal_column_norms(void **state)
{
	(void)state;
	assert_int_equal(right_choice("q4.c.step4"), choice_with("q4.c.step4", "squared norm of column j"));
	assert_source_error("q4.c.step4", number(choice_with("q4.c.step4", "no penalty at all")));
	/* the claim behind the right option, computed: with columns of equal
	 * norm c, the dropout minimiser is ridge with alpha = lambda c; with
	 * unequal norms no single alpha gives it */
	double X[6] = { 1, 2, -1, 0, 2, 1 }, y[3] = { 1, -1, 2 }, p = 0.5;
	double lambda = (1 - p) / p, x[2], ridge[2];
	dropout_min(X, y, 3, lambda, x);   /* columns: norms² 6 and 5 */
	double A[4] = { 0 }, r[2] = { 0 };
	for (int i = 0; i < 3; i++)
		for (int a = 0; a < 2; a++) {
			r[a] += X[i * 2 + a] * y[i];
			for (int b = 0; b < 2; b++)
				A[a * 2 + b] += X[i * 2 + a] * X[i * 2 + b];
		}
	/* unequal norms: ridge with either column's alpha misses it */
	for (int col = 0; col < 2; col++) {
		double alpha = lambda * A[col * 3];
		double B[4] = { A[0] + alpha, A[1], A[2], A[3] + alpha };
		solve2(B, r, ridge);
		assert_true(fabs(ridge[0] - x[0]) + fabs(ridge[1] - x[1]) > 1e-6);
	}
	double Xe[6] = { 1, 1, 1, -1, -1, 1 };  /* both columns norm² 3 */
	dropout_min(Xe, y, 3, lambda, x);
	double Ae[4] = { 0 }, re[2] = { 0 };
	for (int i = 0; i < 3; i++)
		for (int a = 0; a < 2; a++) {
			re[a] += Xe[i * 2 + a] * y[i];
			for (int b = 0; b < 2; b++)
				Ae[a * 2 + b] += Xe[i * 2 + a] * Xe[i * 2 + b];
		}
	Ae[0] += lambda * 3;
	Ae[3] += lambda * 3;
	solve2(Ae, re, ridge);
	assert_close(ridge, x, 2, "ridge with alpha = lambda c");
}

/* ---- q5 steps -------------------------------------------------------------- */

enum { VN = 3, K = 4 };

static void logits(const double *W, const double *v, const double *b, unsigned m, double *z)
{
	for (int j = 0; j < K; j++) {
		z[j] = b[j];
		for (int i = 0; i < VN; i++)
			z[j] += W[i * K + j] * ((m >> i) & 1) * v[i];
	}
}

static void test_q5_steps_follow_the_average_over_masks(void **state)
{
	(void)state;
	unsigned seed = 44;
	double W[VN * K], v[VN], b[K];
	for (int i = 0; i < VN * K; i++) W[i] = rnd(&seed);
	for (int i = 0; i < VN; i++) v[i] = rnd(&seed);
	for (int j = 0; j < K; j++) b[j] = rnd(&seed);
	unsigned mask = 5;  /* m = (1, 0, 1) */
	double m[VN], z[K], lse = 0;
	for (int i = 0; i < VN; i++)
		m[i] = (mask >> i) & 1;
	logits(W, v, b, mask, z);
	for (int j = 0; j < K; j++) lse += exp(z[j]);
	lse = log(lse);
	struct engine_scope *s = engine_scope_new();
	bind_mat(s, "W", VN, K, W);
	bind_mat(s, "v", VN, 1, v);
	bind_mat(s, "b", K, 1, b);
	bind_mat(s, "m", VN, 1, m);
	static const char *const step1[] = {
		"log(sum(exp(W'*(m .* v) + b)))",
		"log(sum(exp(Wᵀ(m ⊙ v) + b)))",
		"log(sum(exp(b + W'*(v .* m))))",
	};
	forms_match("q5.step1", step1, 3, s, &lse, 1);

	/* step 2: the log of the geometric mean is the mean of the logs */
	assert_int_equal(right_choice("q5.step2"), choice_with("q5.step2", "Take the log"));
	double prod = 1, sum_log = 0, zz[K];
	for (unsigned mm = 0; mm < (1u << VN); mm++) {
		logits(W, v, b, mm, zz);
		double den = 0;
		for (int j = 0; j < K; j++) den += exp(zz[j]);
		prod *= exp(zz[0]) / den;
		sum_log += log(exp(zz[0]) / den);
	}
	double lhs = log(pow(prod, 1.0 / (1u << VN))), rhs = sum_log / (1u << VN);
	assert_close(&lhs, &rhs, 1, "log of the geometric mean");
	assert_source_error("q5.step2", number(choice_with("q5.step2", "exp of both sides")));

	/* step 3: the normaliser changes with the mask (so the source's
	 * reason is false) but its average is one number for every class */
	assert_int_equal(right_choice("q5.step3"), choice_with("q5.step3", "shared by every class"));
	double den0 = 0, den1 = 0;
	logits(W, v, b, 0, zz);
	for (int j = 0; j < K; j++) den0 += exp(zz[j]);
	logits(W, v, b, 7, zz);
	for (int j = 0; j < K; j++) den1 += exp(zz[j]);
	assert_true(fabs(den0 - den1) > 1e-6);
	assert_source_error("q5.step3", number(choice_with("q5.step3", "denominator")));

	/* step 4: the average logits over every mask */
	double avg[K] = { 0 };
	for (unsigned mm = 0; mm < (1u << VN); mm++) {
		logits(W, v, b, mm, zz);
		for (int j = 0; j < K; j++)
			avg[j] += zz[j] / (1u << VN);
	}
	static const char *const step4[] = { "W'*v/2 + b", "1/2*W'*v + b", "0.5 Wᵀv + b" };
	forms_match("q5.step4", step4, 3, s, avg, K);
	assert_source_error("q5.step4", "1/2*W'*(m .* v) + b");
	engine_scope_free(s);
}

/* ---- q6 steps -------------------------------------------------------------- */

static void test_q6a_steps_are_the_moments_over_every_sign_vector(void **state)
{
	(void)state;
	enum { WN = 4 };
	unsigned seed = 55;
	double w[WN], b = rnd(&seed), mean = 0, sq = 0;
	for (int i = 0; i < WN; i++) w[i] = rnd(&seed);
	for (unsigned m = 0; m < (1u << WN); m++) {
		double a = b;
		for (int i = 0; i < WN; i++)
			a += w[i] * ((m >> i) & 1 ? 1 : -1);
		mean += a / (1u << WN);
		sq += a * a / (1u << WN);
	}
	double var = sq - mean * mean;
	struct engine_scope *s = engine_scope_new();
	bind_mat(s, "w", WN, 1, w);
	engine_scope_bind_number(s, "b", b);
	static const char *const step1[] = { "b", "(b)", "2b - b" };
	forms_match("q6.a.step1", step1, 3, s, &mean, 1);
	static const char *const step2[] = { "w'*I*w", "norm(w)^2", "‖w‖²", "wᵀw" };
	forms_match("q6.a.step2", step2, 4, s, &var, 1);
	engine_scope_free(s);
	/* step 3: the premise is the whitened input (just used above) */
	assert_int_equal(right_choice("q6.a.step3"), choice_with("q6.a.step3", "whitened"));
	assert_source_error("q6.a.step3", number(choice_with("q6.a.step3", "independent")));
}

static void test_q6b_steps_match_finite_differences(void **state)
{
	(void)state;
	enum { UN = 3 };
	unsigned seed = 66;
	double u[UN], G[UN], g = 1.3, h = 1e-6, nu = 0, du[UN];
	for (int i = 0; i < UN; i++) { u[i] = rnd(&seed); G[i] = rnd(&seed); }
	for (int i = 0; i < UN; i++) nu += u[i] * u[i];
	nu = sqrt(nu);
	/* L = G'w with w = g u/||u||: dL/dg and dL/du by central differences */
	double lg_up = 0, lg_dn = 0;
	for (int i = 0; i < UN; i++) {
		lg_up += G[i] * (g + h) * u[i] / nu;
		lg_dn += G[i] * (g - h) * u[i] / nu;
	}
	double dg = (lg_up - lg_dn) / (2 * h);
	for (int k = 0; k < UN; k++) {
		double up[UN], dn[UN], n_up = 0, n_dn = 0, l_up = 0, l_dn = 0;
		memcpy(up, u, sizeof u);
		memcpy(dn, u, sizeof u);
		up[k] += h;
		dn[k] -= h;
		for (int i = 0; i < UN; i++) { n_up += up[i] * up[i]; n_dn += dn[i] * dn[i]; }
		for (int i = 0; i < UN; i++) {
			l_up += G[i] * g * up[i] / sqrt(n_up);
			l_dn += G[i] * g * dn[i] / sqrt(n_dn);
		}
		du[k] = (l_up - l_dn) / (2 * h);
	}
	struct engine_scope *s = engine_scope_new();
	bind_mat(s, "u", UN, 1, u);
	bind_mat(s, "G", UN, 1, G);
	engine_scope_bind_number(s, "g", g);
	static const char *const step1[] = { "G'*u/norm(u)", "Gᵀu/‖u‖", "dot(G, u)/norm(u)" };
	static const char *const step2[] = {
		"g/norm(u)*G - g*(G'*u)/norm(u)^3*u",
		"(g/‖u‖)·(G − (Gᵀu)·u/‖u‖²)",
		"g*G/norm(u) - g*dot(G, u)*u/norm(u)^3",
	};
	for (int i = 0; i < 3; i++) {
		double got[UN];
		assert_int_equal(eval_form(step1[i], s, got, 1), 1);
		if (fabs(got[0] - dg) > 1e-6)
			fail_msg("%s = %g, finite differences %g", step1[i], got[0], dg);
		assert_correct("q6.b.step1", step1[i]);
		assert_int_equal(eval_form(step2[i], s, got, UN), UN);
		for (int k = 0; k < UN; k++)
			if (fabs(got[k] - du[k]) > 1e-6)
				fail_msg("%s: entry %d = %g, finite differences %g", step2[i], k, got[k], du[k]);
		assert_correct("q6.b.step2", step2[i]);
	}
	engine_scope_free(s);
	assert_source_error("q6.b.step2", "g/norm(u)*G - g*dot(G, u)/norm(u)^4*u");
}

static void test_q6c_steps_orthogonality_and_the_shrinking_increments(void **state)
{
	(void)state;
	enum { UN = 4 };
	unsigned seed = 77;
	double u[UN], c[UN], d[UN], uu = 0, uc = 0, ud = 0;
	for (int i = 0; i < UN; i++) { u[i] = rnd(&seed); c[i] = rnd(&seed); }
	for (int i = 0; i < UN; i++) { uu += u[i] * u[i]; uc += u[i] * c[i]; }
	/* step 1: d = (g/||u||)(I - uu'/||u||^2) c is orthogonal to u */
	for (int i = 0; i < UN; i++)
		d[i] = (c[i] - uc / uu * u[i]) / sqrt(uu);
	for (int i = 0; i < UN; i++)
		ud += u[i] * d[i];
	assert_true(fabs(ud) < 1e-12);
	assert_int_equal(right_choice("q6.c.step1"),
			 choice_with("q6.c.step1", "projection onto the orthogonal complement"));
	/* step 2: the cross term u'd, in three forms, is that zero */
	struct engine_scope *s = engine_scope_new();
	bind_mat(s, "u", UN, 1, u);
	bind_mat(s, "d", UN, 1, d);
	static const char *const step2[] = { "u'*d", "dot(u, d)", "uᵀd" };
	forms_match("q6.c.step2", step2, 3, s, &ud, 1);
	engine_scope_free(s);
	/* step 3: SGD on L = c'w, w = u/||u||: each step adds exactly
	 * eta^2 ||grad||^2 to ||u||^2 (never less), and the additions die out
	 * as ||u|| grows and the loss converges: the curve flattens */
	double x[UN], eta = 0.5, first_inc = 0, last_inc = 0, prev_norm = 0;
	memcpy(x, u, sizeof u);
	for (int it = 0; it < 200; it++) {
		double n2 = 0, xc = 0, g2 = 0;
		for (int i = 0; i < UN; i++) { n2 += x[i] * x[i]; xc += x[i] * c[i]; }
		double grad[UN], after = 0;
		for (int i = 0; i < UN; i++) {
			grad[i] = (c[i] - xc / n2 * x[i]) / sqrt(n2);
			g2 += grad[i] * grad[i];
		}
		for (int i = 0; i < UN; i++) {
			x[i] -= eta * grad[i];
			after += x[i] * x[i];
		}
		double inc = after - n2, pyth = eta * eta * g2;
		assert_close(&inc, &pyth, 1, "Pythagoras");
		assert_true(sqrt(after) >= prev_norm * (1 - 1e-14));
		prev_norm = sqrt(after);
		if (it == 0)
			first_inc = inc;
		last_inc = inc;
	}
	assert_true(last_inc < first_inc / 10);
	assert_int_equal(right_choice("q6.c.step3"), choice_with("q6.c.step3", "carries g/‖u‖"));
	assert_source_error("q6.c.step3",
			    number(choice_with("q6.c.step3", "proportional to the learning rate")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_q4c_steps_1_and_2_are_the_exact_expectation_over_masks),
		cmocka_unit_test(test_q4c_step3_minimiser_by_cramers_rule),
		cmocka_unit_test(test_q4c_step4_dropout_is_ridge_only_on_equal_column_norms),
		cmocka_unit_test(test_q5_steps_follow_the_average_over_masks),
		cmocka_unit_test(test_q6a_steps_are_the_moments_over_every_sign_vector),
		cmocka_unit_test(test_q6b_steps_match_finite_differences),
		cmocka_unit_test(test_q6c_steps_orthogonality_and_the_shrinking_increments),
	};
	return cmocka_run_group_tests(tests, key_setup, key_teardown);
}
