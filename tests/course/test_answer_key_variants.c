/* The answer key in 1 000 variants of every part: each variant's givens
 * are read from the course, the answers recomputed from them here in
 * plain C (convolution loops, layer arithmetic, the q3 convention over a
 * grid of configurations, expectations over every mask, moments, norms),
 * and the course's judgement and worked steps compared with the result.
 * Also: two students get different numbers, one name always the same. */
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

#define VARIANTS 1000

static struct course *base;

static int setup(void **state)
{
	int rc = key_setup(state);
	base = course;
	return rc;
}

static int teardown(void **state)
{
	course = base;
	return key_teardown(state);
}

/* Make variant v the course the key_util helpers judge against. */
static void use_variant(uint64_t v)
{
	if (course != base)
		course_free(course);
	course = base;
	if (v == 0)
		return;
	char *err = NULL;
	course = course_variant(base, v, &err);
	if (!course)
		fail_msg("variant %llu: %s", (unsigned long long)v, err ? err : "?");
	free(err);
}

/* A given of a part, as numbers (row-major); returns how many. */
static size_t given(const char *id, const char *name, double *out, size_t max)
{
	struct engine_value *v = NULL;
	struct engine_error e;
	if (!engine_eval_text(name, part(id)->scope, &v, &e))
		fail_msg("%s: given %s: %s", id, name, e.message);
	size_t n = 0;
	if (v->kind == ENGINE_NUMBER && max) {
		out[n++] = v->number;
	} else if (v->kind == ENGINE_MATRIX) {
		for (size_t i = 0; i < v->rows * v->cols && n < max; i++)
			out[n++] = v->data[i];
	}
	engine_value_free(v);
	return n;
}

static double given1(const char *id, const char *name)
{
	double x = NAN;
	given(id, name, &x, 1);
	return x;
}

/* The numbers a worked step printed, in order. */
static size_t step_numbers(const char *id, size_t step, double *out, size_t max)
{
	const struct course_part *p = part(id);
	assert_true(step >= 1 && step <= p->n_steps);
	const char *s = p->steps[step - 1].value;
	if (!s)
		fail_msg("%s: step %zu has no value", id, step);
	size_t n = 0;
	while (*s && n < max) {
		char *end;
		double x = strtod(s, &end);
		if (end != s && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))) {
			out[n++] = x;
			s = end;
		} else {
			s++;
		}
	}
	return n;
}

static void step_is(const char *id, size_t step, const double *want, size_t n)
{
	double got[16];
	size_t k = step_numbers(id, step, got, 16);
	if (k != n)
		fail_msg("%s variant %llu: step %zu shows %zu numbers, recomputed %zu", id,
			 (unsigned long long)course->variant, step, k, n);
	for (size_t i = 0; i < n; i++)
		if (fabs(got[i] - want[i]) > 1e-6 * fmax(1, fabs(want[i])))
			fail_msg("%s variant %llu: step %zu shows %g, recomputed %g", id,
				 (unsigned long long)course->variant, step, got[i], want[i]);
}

static void list_form(char *buf, const double *v, size_t n, const char *open,
		      const char *sep, const char *close)
{
	buf += sprintf(buf, "%s", open);
	for (size_t i = 0; i < n; i++)
		buf += sprintf(buf, "%s%.17g", i ? sep : "", v[i]);
	sprintf(buf, "%s", close);
}

/* ---- q1 ----------------------------------------------------------------- */

static void conv(const double *x, size_t n, const double *w, size_t m, bool flip, double *y)
{
	for (size_t i = 0; i < n + m - 1; i++) {
		y[i] = 0;
		for (size_t j = 0; j < n; j++) {
			long t = (long)i - (long)j;
			if (t >= 0 && t < (long)m)
				y[i] += x[j] * (flip ? w[t] : w[m - 1 - t]);
		}
	}
}

static bool same_list(const double *a, const double *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static void q1(void)
{
	double x[8], w[8], full[16], corr[16];
	size_t n = given("q1.full", "x", x, 8), m = given("q1.full", "w", w, 8);
	assert_true(n == 4 && m == 3);
	conv(x, n, w, m, true, full);
	conv(x, n, w, m, false, corr);
	const struct { const char *id; size_t from, len; } cut[] = {
		{ "q1.full", 0, n + m - 1 }, { "q1.valid", m - 1, n - m + 1 }, { "q1.same", 1, n },
	};
	for (size_t c = 0; c < 3; c++) {
		char f[3][256];
		list_form(f[0], full + cut[c].from, cut[c].len, "(", ", ", ")");
		list_form(f[1], full + cut[c].from, cut[c].len, "[", " ", "]");
		list_form(f[2], full + cut[c].from, cut[c].len, "", " ", "");
		for (int i = 0; i < 3; i++)
			assert_correct(cut[c].id, f[i]);
		/* the kernel not flipped, unless that gives the same numbers */
		if (!same_list(full + cut[c].from, corr + cut[c].from, cut[c].len)) {
			list_form(f[0], corr + cut[c].from, cut[c].len, "(", ", ", ")");
			assert_slip(cut[c].id, f[0]);
		}
	}
	step_is("q1.full", 8, full, n + m - 1);
}

/* ---- q2 ----------------------------------------------------------------- */

static void q2(void)
{
	int W0 = (int)given1("q2.a", "W0"), C0 = (int)given1("q2.a", "C0");
	int N1 = (int)given1("q2.a", "N1"), K1 = (int)given1("q2.a", "K1");
	int S1 = (int)given1("q2.a", "S1"), Kp = (int)given1("q2.a", "Kp");
	int N3 = (int)given1("q2.a", "N3"), K3 = (int)given1("q2.a", "K3");
	int P3 = (int)given1("q2.a", "P3");
	/* layer by layer, exactly as the homework's arithmetic goes */
	assert_int_equal((W0 - K1) % S1, 0);
	int w1 = (W0 - K1) / S1 + 1;
	assert_int_equal(w1 % Kp, 0);
	int w2 = w1 / Kp, w3 = w2 + 2 * P3 - K3 + 1;
	assert_true(w3 >= 1);
	char f[128];
	sprintf(f, "%d", N3 * w3 * w3);
	assert_correct("q2.a", f);
	sprintf(f, "%d*%d*%d", N3, w3, w3);
	assert_correct("q2.a", f);
	sprintf(f, "%dx%dx%d", N3, w3, w3);
	assert_correct("q2.a", f);
	sprintf(f, "%dx%dx%d", w3, w3, N3);   /* channels last */
	assert_correct("q2.a", f);
	sprintf(f, "%d*%d*%d*%d", C0, N3, w3, w3);
	assert_slip("q2.a", f);
	sprintf(f, "%d*%d*%d", N3, w3 - 1, w3 - 1);
	assert_slip("q2.a", f);
	if (P3 > 0) {
		int nopad = w2 - K3 + 1;
		if (nopad >= 1) {
			sprintf(f, "%d*%d*%d", N3, nopad, nopad);
			assert_slip("q2.a", f);
		}
	}
	double widths[] = { w1, w2, w3 };
	step_is("q2.a", 1, &widths[0], 1);
	step_is("q2.a", 3, &widths[1], 1);
	step_is("q2.a", 4, &widths[2], 1);
	int weights = K3 * K3 * N1 * N3;
	sprintf(f, "%d", weights);
	assert_correct("q2.b", f);
	sprintf(f, "%dx%dx%dx%d", N3, N1, K3, K3);
	assert_correct("q2.b", f);
	sprintf(f, "%d", weights + N3);
	assert_slip("q2.b", f);
	/* the published mistake, with this variant's numbers */
	sprintf(f, "%d", K3 * K3 * N3 * C0);
	assert_source_error("q2.b", f);
}

/* ---- q3 ----------------------------------------------------------------- */

static unsigned rng_state = 12345;

static int rnd_int(int lo, int hi)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return lo + (int)((rng_state >> 8) % (unsigned)(hi - lo + 1));
}

/* Every configuration the convention allows on a grid is right (with the
 * answer key's note), and a sample of the others is not. */
static void q3_config(const char *id, int fk, int fs, int fp, int fd, bool pooling)
{
	struct cfg_part c = { id, (int)given1(id, "W"), (int)given1(id, "O"),
			      fk, fs, fp, fd, pooling };
	size_t right = 0;
	for (int a = 0; a <= 40; a++)
		for (int b = 0; b <= 40; b++) {
			int v[4] = { fk, fs, fp, fd }, *slot[2], n = 0;
			for (int j = 0; j < 4 && n < 2; j++)
				if (v[j] < 0)
					slot[n++] = &v[j];
			*slot[0] = a;
			*slot[1] = b;
			if (v[0] < 1 || v[1] < 1)
				continue;
			int kind = classify(&c, v[0], v[1], v[2], v[3]);
			if (!kind && rnd_int(0, 99) >= 2)
				continue;  /* about 30 of the wrong ones per variant */
			char f[3][128];
			config_forms(&c, v[0], v[1], v[2], v[3], f);
			struct course_check_result r;
			judge(id, f[0], &r);
			bool ok = r.verdict == COURSE_CORRECT;
			if (ok != (kind != 0))
				fail_msg("%s variant %llu (W=%d, O=%d): \"%s\" judged %s, the convention "
					 "says %s", id, (unsigned long long)course->variant, c.w, c.o,
					 f[0], course_verdict_name(r.verdict), kind ? "valid" : "not");
			if (kind)
				check_configuration_note(&c, v[0], v[1], v[2], v[3], kind, f[0], r.note);
			course_result_clear(&r);
			right += kind != 0;
		}
	if (!right)
		fail_msg("%s variant %llu: no right configuration on the grid", id,
			 (unsigned long long)course->variant);
}

static void q3(void)
{
	q3_config("q3.a.i", 8, -1, -1, 0, false);
	q3_config("q3.a.ii", -1, 2, -1, 6, false);
	q3_config("q3.b", -1, -1, 0, 0, true);
	int W = (int)given1("q3.c", "W"), K = (int)given1("q3.c", "K");
	int S = (int)given1("q3.c", "S"), C = (int)given1("q3.c", "C");
	int o = (W - K) / S + 1;
	char f[64];
	sprintf(f, "%dx%d", o, o);
	assert_correct("q3.c", f);
	sprintf(f, "%dx%dx%d", C, o, o);
	assert_correct("q3.c", f);
	sprintf(f, "%dx%d", o - 1, o - 1);
	assert_slip("q3.c", f);
	double want = o;
	step_is("q3.c", 2, &want, 1);
}

/* ---- q4 to q6: the worked steps' examples -------------------------------- */

/* E over every mask (entries kept with probability p) of ‖(M⊙X)w − y‖²,
 * X n×d row-major. */
static double expected_loss(const double *X, const double *w, const double *y, double p,
			    int n, int d)
{
	double e = 0;
	for (unsigned m = 0; m < (1u << (n * d)); m++) {
		double prob = 1, loss = 0;
		for (int i = 0; i < n * d; i++)
			prob *= (m >> i) & 1 ? p : 1 - p;
		for (int i = 0; i < n; i++) {
			double r = -y[i];
			for (int j = 0; j < d; j++)
				r += ((m >> (i * d + j)) & 1) * X[i * d + j] * w[j];
			loss += r * r;
		}
		e += prob * loss;
	}
	return e;
}

static void q4(void)
{
	double X[6], w[2], y[3], p = given1("q4.c.step1", "p0");
	assert_int_equal(given("q4.c.step1", "X0", X, 6), 6);
	given("q4.c.step1", "w0", w, 2);
	given("q4.c.step1", "y0", y, 3);
	double e = expected_loss(X, w, y, p, 3, 2), pred = 0, var = 0;
	for (int i = 0; i < 3; i++) {
		double r = -y[i];
		for (int j = 0; j < 2; j++)
			r += p * X[i * 2 + j] * w[j];
		pred += r * r;
	}
	for (int j = 0; j < 2; j++) {
		double col = 0;
		for (int i = 0; i < 3; i++)
			col += X[i * 2 + j] * X[i * 2 + j];
		var += p * (1 - p) * w[j] * w[j] * col;
	}
	step_is("q4.c.step1", 1, &e, 1);
	step_is("q4.c.step1", 2, &pred, 1);
	step_is("q4.c.step1", 3, &var, 1);
	step_is("q4.c.step1", 4, &e, 1);
	double coef = (1 - p) / p;
	step_is("q4.c.step2", 1, &e, 1);
	step_is("q4.c.step2", 2, &coef, 1);
	step_is("q4.c.step2", 3, &e, 1);
}

static void softmax2(const double *z, double *out, size_t k)
{
	double mx = z[0], s = 0;
	for (size_t i = 1; i < k; i++)
		mx = fmax(mx, z[i]);
	for (size_t i = 0; i < k; i++)
		s += exp(z[i] - mx);
	for (size_t i = 0; i < k; i++)
		out[i] = exp(z[i] - mx) / s;
}

static void q5(void)
{
	double W[6], v[3], b[2];
	assert_int_equal(given("q5", "W0", W, 6), 6);   /* 3×2, row-major */
	given("q5", "v0", v, 3);
	given("q5", "b0", b, 2);
	/* the renormalised geometric mean over all 8 masks */
	double logs[2] = { 0, 0 };
	for (unsigned m = 0; m < 8; m++) {
		double z[2], pr[2];
		for (int j = 0; j < 2; j++) {
			z[j] = b[j];
			for (int i = 0; i < 3; i++)
				z[j] += W[i * 2 + j] * (((m >> i) & 1) ? v[i] : 0);
		}
		softmax2(z, pr, 2);
		for (int j = 0; j < 2; j++)
			logs[j] += log(pr[j]) / 8;
	}
	double geo[2], half[2], z[2];
	softmax2(logs, geo, 2);
	for (int j = 0; j < 2; j++) {
		z[j] = b[j];
		for (int i = 0; i < 3; i++)
			z[j] += W[i * 2 + j] * v[i] / 2;
	}
	softmax2(z, half, 2);
	assert_true(fabs(geo[0] - half[0]) < 1e-12 && fabs(geo[1] - half[1]) < 1e-12);
	step_is("q5", 2, geo, 2);
	step_is("q5", 3, half, 2);
	step_is("q5.step4", 1, z, 2);
	step_is("q5.step4", 3, z, 2);
}

static void q6(void)
{
	double w[2], x[2], u[2], d[2], G[2];
	given("q6.a", "w0", w, 2);
	given("q6.a", "x0", x, 2);
	double nw = hypot(w[0], w[1]), bn = (w[0] * x[0] + w[1] * x[1]) / nw;
	step_is("q6.a", 2, &bn, 1);
	step_is("q6.a", 3, &bn, 1);
	given("q6.c", "u0", u, 2);
	given("q6.c", "d0", d, 2);
	double eta = given1("q6.c", "eta0");
	assert_true(fabs(u[0] * d[0] + u[1] * d[1]) < 1e-12);   /* d ⟂ u */
	double uu = u[0] * u[0] + u[1] * u[1], dd = eta * eta * (d[0] * d[0] + d[1] * d[1]);
	double after = (u[0] - eta * d[0]) * (u[0] - eta * d[0]) +
		       (u[1] - eta * d[1]) * (u[1] - eta * d[1]);
	assert_true(fabs(after - (uu + dd)) < 1e-9 * fmax(1, after));   /* Pythagoras */
	double root = sqrt(after);
	step_is("q6.c", 1, &uu, 1);
	step_is("q6.c", 2, &dd, 1);
	step_is("q6.c", 3, &after, 1);
	step_is("q6.c", 4, &root, 1);
	given("q6.b", "u0", u, 2);
	given("q6.b", "G0", G, 2);
	double g = given1("q6.b", "g0"), nu = hypot(u[0], u[1]), s = g / nu;
	double ug = (u[0] * G[0] + u[1] * G[1]) / (nu * nu);
	double grad[2] = { s * (G[0] - ug * u[0]), s * (G[1] - ug * u[1]) };
	step_is("q6.b", 1, &s, 1);
	step_is("q6.b", 5, grad, 2);
}

static void test_every_part_in_a_thousand_variants(void **state)
{
	(void)state;
	for (uint64_t v = 0; v < VARIANTS; v++) {
		use_variant(v);
		q1();
		q2();
		q3();
		q4();
		q5();
		q6();
	}
	use_variant(0);
}

/* Different students, different numbers; one name, always the same. */
static void test_students_get_numbers_of_their_own(void **state)
{
	(void)state;
	char seen[64][64];
	size_t distinct = 0;
	for (int i = 0; i < 40; i++) {
		char name[32];
		snprintf(name, sizeof name, "student%02d", i);
		uint64_t v = course_student_variant(base, name);
		assert_int_equal(course_student_variant(base, name), v);
		use_variant(v);
		char key[64];
		snprintf(key, sizeof key, "%s|%s|%s", part("q1.full")->givens[0].text,
			 part("q2.a")->givens[0].text, part("q3.c")->givens[1].text);
		bool found = false;
		for (size_t k = 0; k < distinct && !found; k++)
			found = !strcmp(seen[k], key);
		if (!found && distinct < 64)
			strcpy(seen[distinct++], key);
	}
	use_variant(0);
	assert_true(distinct >= 38);   /* 40 students: at most a couple share */
	/* a variant's right answer is wrong in the published homework */
	use_variant(course_student_variant(base, "student00"));
	double x[4], w[3], full[6];
	given("q1.full", "x", x, 4);
	given("q1.full", "w", w, 3);
	conv(x, 4, w, 3, true, full);
	use_variant(0);
	char f[256];
	list_form(f, full, 6, "(", ", ", ")");
	struct course_check_result r;
	judge("q1.full", f, &r);
	assert_int_equal(r.verdict, COURSE_INCORRECT);
	course_result_clear(&r);
}

/* Sheets already handed out hold these numbers: a change to the hash, the
 * generator, the draw order or a lesson's ranges changes them for every
 * student. This test fails then, so the change is made on purpose. */
static void test_handed_out_numbers_stay_the_same(void **state)
{
	(void)state;
	assert_string_equal(course_key(base), "ift6135-a2");
	assert_int_equal(course_student_variant(base, "ana"), 271090279);
	use_variant(1);
	assert_string_equal(part("q1.full")->givens[0].text, "(5, 2, 5, 4)");
	assert_string_equal(part("q1.full")->givens[1].text, "(1, -2, -1)");
	static const char *const q2[][2] = {
		{ "W0", "234" }, { "N1", "16" }, { "K1", "6" }, { "S1", "2" }, { "Kp", "5" },
		{ "N3", "128" }, { "K3", "5" }, { "P3", "2" },
	};
	for (size_t i = 0; i < sizeof q2 / sizeof *q2; i++) {
		double v = NAN;
		given("q2.a", q2[i][0], &v, 1);
		assert_true(v == strtod(q2[i][1], NULL));
	}
	use_variant(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_part_in_a_thousand_variants),
		cmocka_unit_test(test_students_get_numbers_of_their_own),
		cmocka_unit_test(test_handed_out_numbers_stay_the_same),
	};
	return cmocka_run_group_tests_name("answer key in variants", tests, setup, teardown);
}
