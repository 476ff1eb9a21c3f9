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
