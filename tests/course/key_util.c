/* Shared by the answer-key tests: the bundled course, judging answers,
 * and evaluating an answer form with values bound, to compare it with a
 * computation done in plain C. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "key_util.h"

struct course *course;

const struct course_part *part(const char *id)
{
	const struct course_part *p = course_find_part(course, id);
	if (!p)
		fail_msg("the bundled course has no part %s", id);
	return p;
}

void judge(const char *id, const char *answer, struct course_check_result *r)
{
	course_check(course, part(id), answer, r);
}

void assert_correct(const char *id, const char *answer)
{
	struct course_check_result r;
	judge(id, answer, &r);
	if (r.verdict != COURSE_CORRECT)
		fail_msg("%s: \"%s\" judged %s: %s", id, answer,
			 course_verdict_name(r.verdict), r.feedback);
	course_result_clear(&r);
}

/* Incorrect with a message of its own (not the plain default). */
void assert_slip(const char *id, const char *answer)
{
	struct course_check_result r;
	judge(id, answer, &r);
	if (r.verdict != COURSE_INCORRECT)
		fail_msg("%s: slip \"%s\" judged %s: %s", id, answer,
			 course_verdict_name(r.verdict), r.feedback);
	if (!strncmp(r.feedback, "Not the expected", 16) ||
	    !strncmp(r.feedback, "Not equivalent", 14) ||
	    !strncmp(r.feedback, "Right length", 12) ||
	    !strncmp(r.feedback, "This configuration does not", 27))
		fail_msg("%s: slip \"%s\" gets only the default message: %s", id, answer, r.feedback);
	course_result_clear(&r);
}

void assert_source_error(const char *id, const char *answer)
{
	struct course_check_result r;
	judge(id, answer, &r);
	const struct course_part *p = part(id);
	if (r.verdict != COURSE_INCORRECT || !r.source_error)
		fail_msg("%s: the published answer \"%s\" is %s, source_error %d: %s", id,
			 answer, course_verdict_name(r.verdict), r.source_error, r.feedback);
	assert_non_null(p->erratum);
	char quote[64];
	snprintf(quote, sizeof quote, "%.40s", p->erratum->quote);
	if (!strstr(r.feedback, quote))
		fail_msg("%s: feedback lacks the erratum: %s", id, r.feedback);
	course_result_clear(&r);
}

/* ---- engine helpers for the formula parts -------------------------------- */

void bind_mat(struct engine_scope *s, const char *name, size_t rows,
		     size_t cols, double *data)
{
	struct engine_value v;
	memset(&v, 0, sizeof v);
	v.kind = ENGINE_MATRIX;
	v.rows = rows;
	v.cols = cols;
	v.data = data;
	assert_true(engine_scope_bind(s, name, &v));
}

/* Evaluate an answer form (right-hand side if "name = ...") with values. */
size_t eval_form(const char *text, struct engine_scope *s, double *out, size_t max)
{
	struct engine_error e;
	struct engine_expr *ex = engine_parse(text, strlen(text), s, &e);
	if (!ex)
		fail_msg("\"%s\": %s", text, e.message);
	const char *lhs;
	struct engine_expr *rhs = engine_expr_rhs(ex, &lhs);
	struct engine_value *v = NULL;
	if (!engine_eval(rhs ? rhs : ex, s, &v, &e))
		fail_msg("\"%s\": %s", text, e.message);
	size_t n = 0;
	if (v->kind == ENGINE_NUMBER) {
		out[n++] = v->number;
	} else if (v->kind == ENGINE_MATRIX) {
		for (size_t i = 0; i < v->rows * v->cols && n < max; i++)
			out[n++] = v->data[i];
	} else if (v->kind == ENGINE_IDENTITY) {
		out[n++] = v->number;
	}
	engine_value_free(v);
	engine_expr_free(rhs);
	engine_expr_free(ex);
	return n;
}

void assert_close(const double *a, const double *b, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (fabs(a[i] - b[i]) > 1e-9 * fmax(1, fabs(b[i])))
			fail_msg("%s: entry %zu is %.12g, recomputed %.12g", what, i, a[i], b[i]);
}

double rnd(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return ((*seed >> 8) & 0xFFFF) / 65536.0 * 4 - 2;
}

int key_setup(void **state)
{
	(void)state;
	char *err = NULL;
	course = course_load(COURSE_DIR, &err);
	if (!course) {
		fprintf(stderr, "%s", err ? err : "cannot load the course\n");
		free(err);
		return -1;
	}
	return 0;
}

int key_teardown(void **state)
{
	(void)state;
	course_free(course);
	return 0;
}

/* ---- q3: configurations --------------------------------------------------- */



/* 0: no; 1: exact; 2: valid only because the framework floors */
int classify(const struct cfg_part *c, int k, int s, int p, int d)
{
	int keff = k + (k - 1) * d;
	if (k < 1 || s < 1 || keff > c->w + 2 * p || p >= keff)
		return 0;
	if (c->pooling && s != k)
		return 0;
	int num = c->w + 2 * p - keff;
	if (num / s + 1 != c->o)
		return 0;
	return num % s == 0 ? 1 : 2;
}

/* The input pixels no tap of the configuration reads, by enumerating
 * every window and every tap (0-based pixels). */
int unread_pixels(int w, int k, int s, int p, int d, int *out)
{
	int keff = k + (k - 1) * d, reads[256] = { 0 }, n = 0;
	for (int start = 0; start + keff <= w + 2 * p; start += s)
		for (int t = 0; t < k; t++) {
			int pixel = start + t * (d + 1) - p;
			if (pixel >= 0 && pixel < w)
				reads[pixel]++;
		}
	for (int i = 0; i < w; i++)
		if (!reads[i])
			out[n++] = i;
	return n;
}

/* Every right configuration gets a note that says, as the answer key
 * does: exact or rounded, whether only padding is cut, and which input
 * pixels are never read (computed here independently). */
void check_configuration_note(const struct cfg_part *c, int k, int s, int p,
				     int d, int kind, const char *answer, const char *note)
{
	if (!note)
		fail_msg("%s: \"%s\" is right but has no note", c->id, answer);
	if ((strstr(note, "Exact") != NULL) != (kind == 1) ||
	    (strstr(note, "Rounded") != NULL) != (kind == 2))
		fail_msg("%s: \"%s\" is %s, the note says: %s", c->id, answer,
			 kind == 1 ? "exact" : "rounded", note);
	int r = (c->w + 2 * p - (k + (k - 1) * d)) % s;
	if (kind == 2 && (strstr(note, "padding zeros only") != NULL) != (r <= p))
		fail_msg("%s: \"%s\" cuts %d positions with P = %d: %s", c->id, answer, r, p, note);
	int un[256];
	int n = unread_pixels(c->w, k, s, p, d, un);
	char want[64];
	if (n == 0) {
		if (!strstr(note, "read every one of the"))
			fail_msg("%s: \"%s\" reads every pixel, the note says: %s", c->id, answer, note);
		return;
	}
	snprintf(want, sizeof want, "(%d of %d,", n, c->w);
	char first[16], last[16];
	snprintf(first, sizeof first, "pixels %d", un[0]);
	snprintf(last, sizeof last, "%d (", un[n - 1]);
	if (!strstr(note, want) || !strstr(note, first) || !strstr(note, last))
		fail_msg("%s: \"%s\" leaves %d pixels unread (%d … %d), the note says: %s",
			 c->id, answer, n, un[0], un[n - 1], note);
}

void config_forms(const struct cfg_part *c, int k, int s, int p, int d, char f[3][128])
{
	/* free names only; reversed order; everything with spaces */
	char *a = f[0], *b = f[1];
	a[0] = b[0] = '\0';
	int v[4] = { k, s, p, d }, fixed[4] = { c->fk, c->fs, c->fp, c->fd };
	const char *names = "KSPD";
	for (int i = 0; i < 4; i++)
		if (fixed[i] < 0)
			a += sprintf(a, "%s%c=%d", a == f[0] ? "" : ", ", names[i], v[i]);
	for (int i = 3; i >= 0; i--)
		if (fixed[i] < 0)
			b += sprintf(b, "%s%c=%d", b == f[1] ? "" : ", ", names[i], v[i]);
	sprintf(f[2], "K = %d, S = %d, P = %d, D = %d", k, s, p, d);
}

