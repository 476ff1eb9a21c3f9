/* Fuzz target for the engine: parse, print, re-parse the printed text,
 * evaluate both, format every error. Any broken invariant aborts, which
 * libFuzzer (or the regression runner) reports as a crash.
 *
 * Invariants:
 *   - an error has a message and a byte range inside the text it is about;
 *   - engine_error_format never fails for any error;
 *   - a parsed expression prints, and the printed text parses again and
 *     prints identically;
 *   - the original and the re-parsed expression evaluate alike: both fail
 *     with the same category, or both give the same kind of value with
 *     equal entries;
 *   - engine_equiv never calls the two "not equivalent";
 *   - no value is ever infinite or NaN, and nothing is ever equivalent to
 *     a value that overflows (E vs E·(1e308·10), and the other way round);
 *   - an evaluation's CPU time is bounded by the steps it was charged.
 * Every input is read twice: with no parse options, and with all of them
 * (shapes, space-separated lists, digit groups, labels, an index j). */
#include <math.h>
#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *text, const char *printed)
{
	fprintf(stderr, "fuzz_engine: invariant broken: %s\n  input:   %s\n  printed: %s\n",
		what, text, printed ? printed : "-");
	abort();
}

static void check_error(const char *text, const struct engine_error *err)
{
	if (err->kind == ENGINE_OK || err->message[0] == '\0')
		fail("an error without a kind or message", text, NULL);
	if (memchr(err->message, '\0', sizeof err->message) == NULL)
		fail("an unterminated error message", text, NULL);
	if (err->start > err->end || err->end > strlen(text))
		fail("an error range outside the text", text, NULL);
	char *f = engine_error_format(text, err);
	if (!f || strncmp(f, engine_error_kind_name(err->kind),
			  strlen(engine_error_kind_name(err->kind))))
		fail("engine_error_format lost the error", text, NULL);
	free(f);
}

/* A fixed scope: declared names (for the lexer's greedy split and for
 * equivalence) and bound values (for evaluation). */
static struct engine_scope *make_scope(void)
{
	struct engine_scope *s = engine_scope_new();
	if (!s)
		abort();
	static const double u[] = { 1, -2, 0.5 }, v[] = { 0.25, 3, -1 };
	static const double A[] = { 2, 1, 0, 1, 3, 1, 0, 1, 4 };
	struct engine_value vec = { .kind = ENGINE_MATRIX, .rows = 3, .cols = 1 };
	struct engine_value mat = { .kind = ENGINE_MATRIX, .rows = 3, .cols = 3 };
	bool ok = engine_scope_bind_number(s, "x", 0.75) &&
		  engine_scope_bind_number(s, "y", -1.5) &&
		  engine_scope_bind_number(s, "W1", 32) &&
		  engine_scope_bind_number(s, "W", 10) &&
		  engine_scope_bind_number(s, "K", 4) &&
		  engine_scope_bind_number(s, "S", 2) &&
		  engine_scope_bind_number(s, "P", 1) &&
		  engine_scope_bind_number(s, "p", 0.3) &&
		  engine_scope_bind_number(s, "λ", 0.5);
	vec.data = (double *)u;
	ok = ok && engine_scope_bind(s, "u", &vec);
	vec.data = (double *)v;
	ok = ok && engine_scope_bind(s, "v", &vec);
	mat.data = (double *)A;
	ok = ok && engine_scope_bind(s, "A", &mat);
	struct engine_shape vec3 = { ENGINE_VECTOR, { 3, NULL }, { 0, NULL } };
	ok = ok && engine_scope_declare(s, "m", vec3, ENGINE_DOMAIN_BINARY, NULL);
	if (!ok)
		abort();
	return s;
}

static bool same_number(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	if (a == b)
		return true;
	double scale = fmax(fabs(a), fabs(b));
	return fabs(a - b) <= 1e-9 * scale || fabs(a - b) <= 1e-12;
}

static bool same_value(const struct engine_value *a, const struct engine_value *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case ENGINE_NUMBER:
	case ENGINE_BOOL:
	case ENGINE_IDENTITY:
		return same_number(a->number, b->number);
	case ENGINE_MATRIX:
		if (a->rows != b->rows || a->cols != b->cols)
			return false;
		for (size_t i = 0; i < a->rows * a->cols; i++)
			if (!same_number(a->data[i], b->data[i]))
				return false;
		return true;
	case ENGINE_SHAPE:
		if (a->ndims != b->ndims)
			return false;
		for (size_t i = 0; i < a->ndims; i++)
			if (a->dims[i] != b->dims[i])
				return false;
		return true;
	case ENGINE_STRING:
		return a->text && b->text && !strcmp(a->text, b->text);
	}
	return false;
}

static bool finite_value(const struct engine_value *v)
{
	if (v->kind == ENGINE_MATRIX) {
		for (size_t i = 0; i < v->rows * v->cols; i++)
			if (!isfinite(v->data[i]))
				return false;
		return true;
	}
	return v->kind != ENGINE_NUMBER || isfinite(v->number);
}

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Evaluate; on failure check the error against the text it came from. */
static struct engine_value *evaluate(const struct engine_expr *e,
				     const struct engine_scope *s,
				     const char *text, enum engine_error_kind *kind)
{
	struct engine_value *v = NULL;
	struct engine_error err;
	memset(&err, 0, sizeof err);
	size_t steps = 0;
	double t0 = cpu_seconds();
	bool ok = engine_eval_counted(e, s, &v, &err, &steps);
	double spent = cpu_seconds() - t0;
	/* 20 µs of CPU per step is hundreds of times what any step costs,
	 * even under the sanitizers: beyond it a loop is not charged. */
	if (spent > 0.1 && spent > 20e-6 * (double)(steps + 1000))
		fail("an evaluation took far more time than the steps it was charged", text, NULL);
	if (ok) {
		if (!finite_value(v))
			fail("an evaluation returned an infinite or NaN value", text, NULL);
		char *p = engine_value_print(v);
		if (!p)
			fail("engine_value_print returned NULL", text, NULL);
		free(p);
		*kind = ENGINE_OK;
		return v;
	}
	if (v)
		fail("engine_eval failed but set a value", text, NULL);
	check_error(text, &err);
	*kind = err.kind;
	return NULL;
}

/* Nothing is equivalent to a value that overflows, in either role. */
static void check_overflow_never_equal(const struct engine_expr *e, const char *printed,
				       const struct engine_scope *s,
				       const struct engine_parse_options *popt)
{
	static const char huge[] = "1e308*10";
	size_t n = strlen(printed) + 32;
	char *text = malloc(n);
	if (!text)
		return;
	snprintf(text, n, "(%s)*(%s)", printed, huge);
	struct engine_error err;
	struct engine_expr *times = engine_parse_ex(text, strlen(text), s, popt, &err);
	struct engine_expr *over = engine_parse_ex(huge, strlen(huge), s, popt, &err);
	struct engine_equiv_options opt = { ENGINE_EQUIV_EXACT, 7, 2, 1, 0, 0 };
	struct engine_equiv_result res;
	if (times && engine_equiv(e, times, s, &opt, &res) && res.verdict == ENGINE_EQUIVALENT)
		fail("an expression is equivalent to itself times an overflow", printed, text);
	if (over && engine_equiv(over, e, s, &opt, &res) && res.verdict == ENGINE_EQUIVALENT)
		fail("an overflow is equivalent to an expression", printed, huge);
	engine_expr_free(times);
	engine_expr_free(over);
	free(text);
}

/* The side calls an answer goes through in the tutor. */
static void poke_structure(const struct engine_expr *e, const struct engine_scope *s,
			   const char *text)
{
	struct engine_binding b[8];
	struct engine_error err;
	memset(&err, 0, sizeof err);
	int n = engine_expr_bindings(e, s, b, 8, &err);
	if (n < 0)
		check_error(text, &err);
	for (int i = 0; i < n && i < 8; i++)
		if (!b[i].name || b[i].start > b[i].end || b[i].end > strlen(text))
			fail("a binding with a bad name or range", text, NULL);
	const char *lhs = NULL;
	struct engine_expr *rhs = engine_expr_rhs(e, &lhs);
	if (rhs && !lhs)
		fail("engine_expr_rhs gave a right side without a name", text, NULL);
	engine_expr_free(rhs);
	(void)engine_expr_is_shape(e);
	const char *names[8];
	(void)engine_expr_free_names(e, names, 8);
}

/* Every check, for one way of reading the text. */
static void one_reading(const char *text, size_t len, struct engine_scope *s,
			const struct engine_parse_options *popt)
{
	struct engine_error err;
	memset(&err, 0, sizeof err);
	struct engine_expr *e1 = engine_parse_ex(text, len, s, popt, &err);
	if (!e1) {
		check_error(text, &err);
		/* The open parse must agree or fail cleanly too. */
		struct engine_parse_options open = *popt;
		open.flags |= ENGINE_PARSE_OPEN;
		memset(&err, 0, sizeof err);
		struct engine_expr *eo = engine_parse_ex(text, len, s, &open, &err);
		if (!eo)
			check_error(text, &err);
		engine_expr_free(eo);
		return;
	}
	poke_structure(e1, s, text);

	char *p1 = engine_expr_print(e1);
	if (!p1)
		fail("engine_expr_print returned NULL", text, NULL);
	memset(&err, 0, sizeof err);
	struct engine_expr *e2 = engine_parse_ex(p1, strlen(p1), s, popt, &err);
	/* The canonical form spends more bytes (· − and spaces around
	 * operators): an input just under the length limit may print past
	 * it, and then the limit, not the printer, refuses it. */
	if (!e2 && err.kind == ENGINE_ERR_LIMIT && strlen(p1) > ENGINE_MAX_INPUT) {
		free(p1);
		engine_expr_free(e1);
		return;
	}
	if (!e2) {
		char *f = engine_error_format(p1, &err);
		fprintf(stderr, "%s", f ? f : "");
		free(f);
		fail("the printed text does not parse", text, p1);
	}
	char *p2 = engine_expr_print(e2);
	if (!p2 || strcmp(p1, p2))
		fail("printing the re-parsed text gives other text", text, p2);

	enum engine_error_kind k1, k2;
	struct engine_value *v1 = evaluate(e1, s, text, &k1);
	struct engine_value *v2 = evaluate(e2, s, p1, &k2);
	if (k1 != k2)
		fail("the original and the printed text evaluate differently", text, p1);
	if (v1 && !same_value(v1, v2))
		fail("the original and the printed text give different values", text, p1);

	/* An expression is never "not equivalent" to its own printed form. */
	if (v1) {
		struct engine_equiv_options opt = { ENGINE_EQUIV_EXACT, 1, 2, 1, 0, 0 };
		struct engine_equiv_result res;
		if (!engine_equiv(e1, e2, s, &opt, &res))
			fail("engine_equiv failed internally", text, p1);
		if (res.verdict == ENGINE_NOT_EQUIVALENT)
			fail("an expression is not equivalent to its printed form", text, p1);
		if (strlen(p1) < ENGINE_MAX_INPUT - 32)
			check_overflow_never_equal(e1, p1, s, popt);
	}

	engine_value_free(v1);
	engine_value_free(v2);
	free(p1);
	free(p2);
	engine_expr_free(e1);
	engine_expr_free(e2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The engine takes NUL-free text; keep the input as the tutor would
	 * see it: up to the first NUL. */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	size_t len = strlen(text);

	struct engine_scope *s = make_scope();
	static const struct engine_parse_options plain = { 0, NULL };
	static const struct engine_parse_options every = {
		ENGINE_PARSE_SHAPES | ENGINE_PARSE_SPACE_LISTS | ENGINE_PARSE_DIGIT_GROUPS |
		ENGINE_PARSE_LABELS, "j" };
	one_reading(text, len, s, &plain);
	one_reading(text, len, s, &every);
	engine_scope_free(s);
	free(text);
	return 0;
}
