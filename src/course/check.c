/* course_check: judge one answer to one part. The answer is parsed and
 * evaluated by the engine; correctness comes first, then the feedback rules
 * in order (first match wins), then a plain message. Rules match by value
 * or predicate, never by the text the student typed. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ---- values as lists of numbers ---------------------------------------- */

struct nums {
	size_t n;
	const double *d;
	double one;
};

/* A number, a vector, or (when shapes count) the dims of a shape. The
 * list points into v, or into out->one. */
static bool as_list(const struct engine_value *v, bool shapes, struct nums *out)
{
	switch (v->kind) {
	case ENGINE_NUMBER:
		out->one = v->number;
		out->d = &out->one;
		out->n = 1;
		return true;
	case ENGINE_MATRIX:
		if (v->rows != 1 && v->cols != 1)
			return false;
		out->n = v->rows * v->cols;
		out->d = v->data;
		return true;
	case ENGINE_SHAPE:
		if (!shapes)
			return false;
		out->n = v->ndims;
		out->d = v->dims;
		return true;
	default:
		return false;
	}
}

/* A number; a shape counts as its number of elements. */
static bool as_number(const struct engine_value *v, double *x)
{
	if (v->kind == ENGINE_NUMBER) {
		*x = v->number;
		return true;
	}
	if (v->kind == ENGINE_SHAPE) {
		double p = 1;
		for (size_t i = 0; i < v->ndims; i++)
			p *= v->dims[i];
		*x = p;
		return true;
	}
	if (v->kind == ENGINE_MATRIX && v->rows == 1 && v->cols == 1) {
		*x = v->data[0];
		return true;
	}
	return false;
}


static bool lists_equal(const struct nums *a, const struct nums *b, double tol)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!course_chk_near(a->d[i], b->d[i], tol))
			return false;
	return true;
}

/* Equal as this kind of part compares them. */
static bool same_value(enum course_answer_kind k, const struct engine_value *a,
		       const struct engine_value *b, double tol)
{
	struct nums la, lb;
	double x, y;
	switch (k) {
	case COURSE_NUMBER:
		return as_number(a, &x) && as_number(b, &y) && course_chk_near(x, y, tol);
	case COURSE_SEQUENCE:
		return as_list(a, false, &la) && as_list(b, false, &lb) &&
		       lists_equal(&la, &lb, tol);
	case COURSE_SHAPE:
		return as_list(a, true, &la) && as_list(b, true, &lb) &&
		       lists_equal(&la, &lb, 1e-9);
	default:
		return false;
	}
}

/* ---- formulas and matrix expressions ------------------------------------ */

static enum engine_verdict equiv(const struct rt_part *rt, const struct engine_expr *a,
				 const struct engine_expr *b, char *detail, size_t n)
{
	struct engine_equiv_options opt;
	memset(&opt, 0, sizeof opt);
	opt.mode = rt->mode;
	opt.seed = rt->seed;
	struct engine_equiv_result res;
	memset(&res, 0, sizeof res);
	if (!engine_equiv(a, b, rt->scope, &opt, &res)) {
		snprintf(detail, n, "out of memory");
		return ENGINE_CANNOT_COMPARE;
	}
	snprintf(detail, n, "%s", res.detail);
	return res.verdict;
}

static void check_formula(const struct course_part *part, const struct rt_part *rt,
			  const struct engine_expr *ans, struct course_check_result *out,
			  long *rule_index)
{
	char detail[1024];
	enum engine_verdict v = equiv(rt, rt->expected, ans, detail, sizeof detail);
	if (v == ENGINE_EQUIVALENT) {
		out->verdict = COURSE_CORRECT;
		course_chk_set_text(&out->feedback, "Correct.");
		course_chk_add_notes(rt, NULL, out);
		return;
	}
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *r = &rt->rules[i];
		char d2[1024];
		if (r->value_expr && equiv(rt, r->value_expr, ans, d2, sizeof d2) == ENGINE_EQUIVALENT) {
			course_chk_rule_feedback(part, r, out);
			*rule_index = (long)i;
			return;
		}
	}
	struct strbuf sb = STRBUF_INIT;
	if (v == ENGINE_CANNOT_COMPARE) {
		out->verdict = COURSE_UNKNOWN;
		strbuf_printf(&sb, "Could not be judged: %s", detail);
	} else {
		out->verdict = COURSE_INCORRECT;
		strbuf_append(&sb, "Not equivalent to the expected answer");
		if (detail[0])
			strbuf_printf(&sb, ": %s", detail);
		strbuf_putc(&sb, '.');
	}
	free(out->feedback);
	out->feedback = strbuf_steal(&sb);
}

/* ---- numbers, sequences, shapes -------------------------------------------- */

static bool matches_expected(const struct rt_part *rt, const struct engine_value *v)
{
	enum course_answer_kind k = rt->y->kind;
	if (same_value(k, v, rt->expected_val, rt->tolerance))
		return true;
	for (size_t i = 0; i < rt->n_accept; i++)
		if (rt->accept_vals[i] && same_value(k, v, rt->accept_vals[i], rt->tolerance))
			return true;
	return false;
}

static void default_wrong(const struct rt_part *rt, const struct engine_value *v,
			  struct course_check_result *out)
{
	struct strbuf sb = STRBUF_INIT;
	char *shown = engine_value_print(v);
	struct nums a, b;
	double x;
	switch (rt->y->kind) {
	case COURSE_NUMBER:
		if (!as_number(v, &x))
			strbuf_printf(&sb, "This part takes one number; your answer is %s.", shown);
		else
			strbuf_printf(&sb, "Not the expected value: your answer is %s.", shown);
		break;
	case COURSE_SEQUENCE:
		if (!as_list(v, false, &a))
			strbuf_printf(&sb, "This part takes a sequence of numbers such as (1, 2, 3); your answer is %s.", shown);
		else if (as_list(rt->expected_val, false, &b) && a.n != b.n)
			strbuf_printf(&sb, "Wrong length: the answer has %zu numbers, yours has %zu.", b.n, a.n);
		else
			strbuf_printf(&sb, "Right length, wrong values: your answer is %s.", shown);
		break;
	default:
		if (!as_list(v, true, &a))
			strbuf_printf(&sb, "This part takes a shape such as 7x7; your answer is %s.", shown);
		else
			strbuf_printf(&sb, "Not the expected shape: your answer is %s.", shown);
		break;
	}
	free(shown);
	out->verdict = COURSE_INCORRECT;
	free(out->feedback);
	out->feedback = strbuf_steal(&sb);
}

static void check_value(const struct course_part *part, const struct rt_part *rt,
			const struct engine_expr *ans, const char *answer,
			struct course_check_result *out, long *rule_index)
{
	struct engine_value *v = NULL;
	struct engine_error e;
	memset(&e, 0, sizeof e);
	if (!engine_eval(ans, rt->scope, &v, &e)) {
		course_chk_invalid(out, answer, &e);
		return;
	}
	bool is_shape = engine_expr_is_shape(ans) || v->kind == ENGINE_SHAPE;
	struct engine_scope *ps = NULL;
	if (rt->n_notes || rt->n_rules) {
		ps = course_rt_scope(rt);
		if (ps) {
			struct engine_value b = { .kind = ENGINE_BOOL, .number = is_shape };
			engine_scope_bind(ps, "answer", v);
			engine_scope_bind(ps, "answer_is_shape", &b);
		}
	}
	if (matches_expected(rt, v)) {
		out->verdict = COURSE_CORRECT;
		course_chk_set_text(&out->feedback, "Correct.");
		course_chk_add_notes(rt, ps, out);
		goto done;
	}
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *r = &rt->rules[i];
		bool match = r->when ? ps && course_chk_predicate(r->when, ps)
				     : r->value_val && same_value(rt->y->kind, v, r->value_val, rt->tolerance);
		if (match) {
			course_chk_rule_feedback(part, r, out);
			*rule_index = (long)i;
			goto done;
		}
	}
	default_wrong(rt, v, out);
done:
	engine_scope_free(ps);
	engine_value_free(v);
}

/* ---- entry points -------------------------------------------------------------- */

struct engine_parse_options course_answer_parse_options(const struct rt_part *rt)
{
	struct engine_parse_options o = { ENGINE_PARSE_LABELS, rt->index };
	switch (rt->y->kind) {
	case COURSE_NUMBER:
		o.flags |= ENGINE_PARSE_SHAPES | ENGINE_PARSE_DIGIT_GROUPS;
		break;
	case COURSE_SEQUENCE:
		o.flags |= ENGINE_PARSE_SPACE_LISTS;
		break;
	case COURSE_SHAPE:
		o.flags |= ENGINE_PARSE_SHAPES | ENGINE_PARSE_SPACE_LISTS;
		break;
	default:
		break;
	}
	return o;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

void course_check_rt(const struct course_part *part, const struct rt_part *rt,
		     const char *answer, struct course_check_result *out,
		     long *rule_index)
{
	*rule_index = -1;
	if (!answer || blank(answer)) {
		out->verdict = COURSE_INVALID;
		out->error.kind = ENGINE_ERR_PARSE;
		snprintf(out->error.message, sizeof out->error.message, "no answer given");
		course_chk_set_text(&out->feedback, "No answer given yet.");
		return;
	}
	enum course_answer_kind k = rt->y->kind;
	if (k == COURSE_CHOICE) {
		course_check_choice(part, rt, answer, out, rule_index);
		return;
	}
	if (k == COURSE_CONFIGURATION) {
		course_check_config(part, rt, answer, out, rule_index);
		return;
	}
	struct engine_error e;
	memset(&e, 0, sizeof e);
	struct engine_parse_options opt = course_answer_parse_options(rt);
	struct engine_expr *ex = engine_parse_ex(answer, strlen(answer), rt->scope, &opt, &e);
	if (!ex) {
		course_chk_invalid(out, answer, &e);
		return;
	}
	out->interpreted = engine_expr_print(ex);
	/* "lambda = (1-p)/p", "N = 73728": the right-hand side is the answer. */
	const char *lhs = NULL;
	struct engine_expr *rhs = engine_expr_rhs(ex, &lhs);
	const struct engine_expr *ans = rhs ? rhs : ex;
	if (k == COURSE_FORMULA || k == COURSE_MATRIX_EXPR)
		check_formula(part, rt, ans, out, rule_index);
	else
		check_value(part, rt, ans, answer, out, rule_index);
	engine_expr_free(rhs);
	engine_expr_free(ex);
}

void course_check(const struct course *c, const struct course_part *part,
		  const char *answer, struct course_check_result *out)
{
	memset(out, 0, sizeof *out);
	const struct rt_part *rt = course_rt(c, part);
	long rule;
	if (!rt) {
		out->verdict = COURSE_UNKNOWN;
		out->feedback = strdup("No such part in this course.");
		return;
	}
	course_check_rt(part, rt, answer, out, &rule);
	if (!out->feedback)
		out->feedback = strdup("");
}

void course_result_clear(struct course_check_result *r)
{
	if (!r)
		return;
	free(r->feedback);
	free(r->note);
	free(r->interpreted);
	memset(r, 0, sizeof *r);
}
