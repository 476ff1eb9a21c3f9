/* course_check: judge one answer to one part. The answer is read as its
 * part reads answers (course_answer_parse_options) and evaluated by the
 * engine; correctness comes first, then the feedback rules in order (first
 * match wins), then a plain message. Rules match by value or predicate,
 * never by the text the student typed. Where the text could be read
 * another way (1/2x, 1-p/p) and that reading would be judged otherwise,
 * the feedback says which reading was used and how to type the other. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mutations.h"

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

bool course_chk_same_value(enum course_answer_kind k, const struct engine_value *a,
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

static void equiv(const struct rt_part *rt, const struct engine_expr *expected,
		  const struct engine_expr *answer, struct engine_equiv_result *res)
{
	struct engine_equiv_options opt;
	memset(&opt, 0, sizeof opt);
	opt.mode = rt->mode;
	opt.seed = rt->seed;
	if (!engine_equiv(expected, answer, rt->scope, &opt, res)) {
		res->verdict = ENGINE_CANNOT_COMPARE;
		snprintf(res->detail, sizeof res->detail, "out of memory");
	}
}

/* The answer cannot be evaluated at the very first point: it is not a
 * wrong answer but a malformed one (M*X of two n×d matrices, a division
 * by a vector, a name the part does not have). */
static bool malformed_everywhere(const struct engine_equiv_result *res)
{
	enum engine_error_kind k = res->answer_error.kind;
	return res->answer_failed && res->round == 0 && res->points_checked <= 1 &&
	       (k == ENGINE_ERR_DIMENSION || k == ENGINE_ERR_TYPE || k == ENGINE_ERR_NAME ||
		k == ENGINE_ERR_LIMIT || k == ENGINE_ERR_PARSE);
}

static void check_formula(const struct course_part *part, const struct rt_part *rt,
			  const struct engine_expr *ans, const char *answer,
			  struct course_check_result *out, long *rule_index)
{
	struct engine_equiv_result res;
	equiv(rt, rt->expected, ans, &res);
	if (res.verdict == ENGINE_EQUIVALENT) {
		out->verdict = COURSE_CORRECT;
		course_chk_set_text(&out->feedback, "Correct.");
		course_chk_add_notes(rt, NULL, out);
		return;
	}
	if (malformed_everywhere(&res)) {
		course_chk_invalid(out, answer, &res.answer_error);
		return;
	}
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *r = &rt->rules[i];
		if (!course_chk_rule_applies(rt, r))
			continue;
		struct engine_equiv_result rr;
		if (!r->value_expr)
			continue;
		equiv(rt, r->value_expr, ans, &rr);
		if (rr.verdict == ENGINE_EQUIVALENT) {
			course_chk_rule_feedback(part, r, NULL, out);
			*rule_index = (long)i;
			return;
		}
	}
	struct strbuf sb = STRBUF_INIT;
	if (res.verdict == ENGINE_CANNOT_COMPARE) {
		out->verdict = COURSE_UNKNOWN;
		strbuf_printf(&sb, "Could not be judged: %s", res.detail);
	} else if (res.answer_failed) {
		/* evaluated at some sizes or points, not at others: eye(2) for
		 * eye(n), or a division that fails where the answer's does not */
		out->verdict = COURSE_INCORRECT;
		strbuf_printf(&sb, "This holds only in some cases: %s.", res.detail);
	} else {
		out->verdict = COURSE_INCORRECT;
		strbuf_append(&sb, "Not equivalent to the expected answer");
		if (res.detail[0])
			strbuf_printf(&sb, ": %s", res.detail);
		strbuf_putc(&sb, '.');
	}
	free(out->feedback);
	out->feedback = strbuf_steal(&sb);
}

/* ---- numbers, sequences, shapes -------------------------------------------- */

static bool matches_expected(const struct rt_part *rt, const struct engine_value *v)
{
	enum course_answer_kind k = rt->y->kind;
	if (course_chk_same_value(k, v, rt->expected_val, rt->tolerance))
		return true;
	for (size_t i = 0; k == COURSE_SHAPE && i < rt->n_accept; i++)
		if (rt->accept_vals[i] && course_chk_same_value(k, v, rt->accept_vals[i], rt->tolerance))
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

/* A shape, or a tuple of whole numbers written for one: (128, 24, 24)
 * when the asked shape has that many dimensions (tuple_dims; 0: none).
 * A tuple of another length is a list, never a shape: 73,728 is two
 * numbers, not a 73×728 map. */
static bool shape_dims(const struct engine_value *v, size_t tuple_dims, struct nums *d)
{
	if (v->kind == ENGINE_SHAPE)
		return as_list(v, true, d);
	if (!tuple_dims || v->kind != ENGINE_MATRIX || !as_list(v, false, d) ||
	    d->n != tuple_dims)
		return false;
	for (size_t i = 0; i < d->n; i++)
		if (d->d[i] < 1 || d->d[i] != floor(d->d[i]))
			return false;
	return true;
}

/* A count asked, a shape given: the shape must be the one whose count is
 * asked, not merely have that many entries (64x48x24 for 128x24x24). */
static void wrong_shape(const struct rt_part *rt, const struct nums *got,
			struct course_check_result *out)
{
	struct nums want;
	as_list(rt->shape_val, false, &want);
	const struct y_check *c = rt->y->check;
	struct strbuf sb = STRBUF_INIT;
	if (got->n != want.n) {
		strbuf_printf(&sb, "The shape whose count is asked has %zu dimensions", want.n);
		if (c->shape_names_count == want.n) {
			strbuf_append(&sb, " (");
			for (size_t i = 0; i < want.n; i++)
				strbuf_printf(&sb, "%s%s", i ? " × " : "", c->shape_names[i]);
			strbuf_append(&sb, ")");
		}
		strbuf_printf(&sb, ", not %zu.", got->n);
	} else {
		size_t i = 0;
		while (i < want.n && course_chk_near(got->d[i], want.d[i], 1e-9))
			i++;
		strbuf_append(&sb, "Not the shape whose count is asked");
		if (i < want.n && c->shape_names_count == want.n)
			strbuf_printf(&sb, ": dimension %zu (%s) is not %g", i + 1,
				      c->shape_names[i], got->d[i]);
		else if (i < want.n)
			strbuf_printf(&sb, ": dimension %zu is not %g", i + 1, got->d[i]);
		strbuf_append(&sb, ". (A count is the product of the right shape's "
			      "dimensions; another shape with the same product does not count.)");
	}
	out->verdict = COURSE_INCORRECT;
	free(out->feedback);
	out->feedback = strbuf_steal(&sb);
}

/* A count asked, several numbers given: not a wrong count but no count at
 * all. When the numbers look like digit groups (73,728), say how to write
 * the number. */
static void not_one_number(const struct engine_value *v, const char *answer,
			   struct course_check_result *out)
{
	struct strbuf sb = STRBUF_INIT;
	char *shown = engine_value_print(v);
	strbuf_printf(&sb, "This part takes one number; your answer is %s", shown ? shown : "a list");
	free(shown);
	struct nums l;
	bool groups = as_list(v, false, &l) && l.n >= 2 && l.d[0] >= 1 && l.d[0] <= 999;
	for (size_t i = 0; groups && i < l.n; i++)
		groups = l.d[i] == floor(l.d[i]) && l.d[i] >= 0 && l.d[i] <= 999;
	if (groups)
		strbuf_append(&sb, ". A comma separates the items of a list: to group digits, "
			      "write the number without them or with spaces (73728 or 73 728)");
	strbuf_putc(&sb, '.');
	course_chk_invalid_msg(out, answer, ENGINE_ERR_TYPE, 0, strlen(answer), strbuf_str(&sb));
	strbuf_free(&sb);
}

/* A shape part whose answer is square (7x7) answered with its side, 7:
 * the size of a square map is its side. */
static bool square_side(const struct rt_part *rt, const struct engine_value *v)
{
	struct nums want;
	return rt->y->kind == COURSE_SHAPE && v->kind == ENGINE_NUMBER &&
	       as_list(rt->expected_val, true, &want) && want.n == 2 &&
	       want.d[0] == want.d[1] && course_chk_near(v->number, want.d[0], 1e-12);
}

static void note_square(double side, struct course_check_result *out)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "Read as a square map, %gx%g; the shape written in full says it "
		      "without doubt.", side, side);
	if (out->note)
		strbuf_printf(&sb, "\n%s", out->note);
	free(out->note);
	out->note = strbuf_steal(&sb);
}

/* A shape part answered 7*7: '*' multiplies, so the text is 49, but in a
 * shape part the student most likely meant the shape. Neither reading is
 * graded: the answer is refused with how to write a shape, so a slip of
 * notation costs no attempt and no verdict is given on a guess. */
static bool product_meant_as_shape(const struct engine_expr *ans, const struct engine_value *v,
				   const char *answer, struct course_check_result *out)
{
	double f[8];
	size_t n = engine_expr_product_factors(ans, f, 8);
	if (n < 2)
		return false;
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "'*' multiplies, so this is one number (%g); a shape is written "
		      "with x, as in ", v->number);
	for (size_t i = 0; i < n; i++)
		strbuf_printf(&sb, "%s%g", i ? "x" : "", f[i]);
	strbuf_putc(&sb, '.');
	course_chk_invalid_msg(out, answer, ENGINE_ERR_TYPE, 0, strlen(answer), strbuf_str(&sb));
	strbuf_free(&sb);
	return true;
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
	if (rt->y->kind == COURSE_SHAPE && v->kind == ENGINE_NUMBER &&
	    product_meant_as_shape(ans, v, answer, out)) {
		engine_value_free(v);
		return;
	}
	struct nums dims;
	size_t tuple_dims = rt->shape_val ? rt->shape_val->rows * rt->shape_val->cols : 0;
	bool is_shape = shape_dims(v, tuple_dims, &dims);
	double one;
	if (rt->y->kind == COURSE_NUMBER && !is_shape && !as_number(v, &one)) {
		not_one_number(v, answer, out);
		engine_value_free(v);
		return;
	}
	struct engine_scope *ps = NULL;
	if (rt->n_notes || rt->n_rules) {
		ps = course_rt_scope(rt);
		if (ps) {
			struct engine_value b = { .kind = ENGINE_BOOL, .number = is_shape };
			engine_scope_bind(ps, "answer", v);
			engine_scope_bind(ps, "answer_is_shape", &b);
		}
	}
	bool right = false, shape_wrong = false;
	if (rt->shape_val && is_shape) {
		struct nums want;
		as_list(rt->shape_val, false, &want);
		right = lists_equal(&dims, &want, 1e-9);
		for (size_t i = 0; !right && i < rt->n_accept; i++)
			right = rt->accept_vals[i] && as_list(rt->accept_vals[i], false, &want) &&
				lists_equal(&dims, &want, 1e-9);
		shape_wrong = !right;
	} else {
		right = matches_expected(rt, v);
	}
	bool side = !right && square_side(rt, v);
	if (right || side) {
		out->verdict = COURSE_CORRECT;
		course_chk_set_text(&out->feedback, "Correct.");
		course_chk_add_notes(rt, ps, out);
		if (side)
			note_square(v->number, out);
		goto done;
	}
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *r = &rt->rules[i];
		if (!course_chk_rule_applies(rt, r))
			continue;
		bool match = r->when ? ps && course_chk_predicate(r->when, ps)
				     : r->value_val && course_chk_same_value(rt->y->kind, v, r->value_val, rt->tolerance);
		if (match) {
			course_chk_rule_feedback(part, r, ps, out);
			*rule_index = (long)i;
			goto done;
		}
	}
	if (shape_wrong)
		wrong_shape(rt, &dims, out);
	else
		default_wrong(rt, v, out);
done:
	engine_scope_free(ps);
	engine_value_free(v);
}

/* ---- other readings ----------------------------------------------------------- */

static void judge(const struct course_part *part, const struct rt_part *rt,
		  const struct engine_expr *ans, const char *answer,
		  struct course_check_result *out, long *rule_index)
{
	enum course_answer_kind k = rt->y->kind;
	if (k == COURSE_FORMULA || k == COURSE_MATRIX_EXPR)
		check_formula(part, rt, ans, answer, out, rule_index);
	else
		check_value(part, rt, ans, answer, out, rule_index);
}

/* Where the answer could be read another way and that reading would be
 * judged differently, say which reading was used and how to type the
 * other. A right answer under the other reading is never reported as the
 * published solution's error: that was a typing slip. True when another
 * reading is right. */
static bool other_readings(const struct course_part *part, const struct rt_part *rt,
			   const struct engine_expr *ans, const char *answer,
			   struct course_check_result *out)
{
	struct engine_reading alt[6];
	size_t n = engine_expr_readings(ans, rt->scope, alt, 6);
	for (size_t i = 0; i < n; i++) {
		struct course_check_result r;
		memset(&r, 0, sizeof r);
		long rule = -1;
		judge(part, rt, alt[i].expr, answer, &r, &rule);
		bool now = out->verdict == COURSE_CORRECT, then = r.verdict == COURSE_CORRECT;
		/* a reading that cannot even be computed (dividing by a matrix)
		 * is not one anybody meant */
		if (now != then && r.verdict != COURSE_INVALID) {
			struct strbuf sb = STRBUF_INIT;
			if (then) {
				/* the published solution's error is not what happened
				 * here: drop its erratum with the rule's message */
				const char *before = out->feedback && !out->source_error
					? out->feedback : "";
				strbuf_printf(&sb, "%s%sRead as written, this is %s. Read as %s it would "
					      "be right: if that is what you meant, type it so (the "
					      "text has %s).",
					      before, *before ? "\n" : "",
					      out->interpreted ? out->interpreted : answer,
					      alt[i].shown, alt[i].what);
				out->source_error = false;
				free(out->feedback);
				out->feedback = strbuf_steal(&sb);
			} else {
				strbuf_printf(&sb, "%s%sThis was read as %s; note that %s would not be "
					      "right (the text has %s).",
					      out->note ? out->note : "", out->note ? "\n" : "",
					      out->interpreted ? out->interpreted : answer,
					      alt[i].shown, alt[i].what);
				free(out->note);
				out->note = strbuf_steal(&sb);
			}
			course_result_clear(&r);
			for (size_t j = i; j < n; j++)
				engine_reading_clear(&alt[j]);
			return then;
		}
		course_result_clear(&r);
		engine_reading_clear(&alt[i]);
	}
	return false;
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

/* The variable the answer may only be labelled with (lambda in "lambda =
 * (1-p)/p"), when the expression uses it, else NULL. */
static const char *uses_label_variable(const struct rt_part *rt, const struct engine_expr *e)
{
	for (unsigned i = 0; i < rt->y->variables_count; i++)
		if (rt->y->variables[i].label && engine_expr_uses(e, rt->y->variables[i].name))
			return rt->y->variables[i].name;
	return NULL;
}

/* "p = 1/(1 + λ)": a label that is one of the part's own inputs gives that
 * input, not what is asked. */
static const char *input_as_label(const struct rt_part *rt, const struct engine_expr *e)
{
	const char *label = engine_expr_label(e);
	for (unsigned i = 0; label && i < rt->y->variables_count; i++)
		if (!rt->y->variables[i].label && !strcmp(rt->y->variables[i].name, label))
			return label;
	return NULL;
}

/* Are two sides of the student's equation equal, as this part compares? */
static bool sides_equal(const struct rt_part *rt, const struct engine_expr *a,
			const struct engine_expr *b)
{
	enum course_answer_kind k = rt->y->kind;
	if (k == COURSE_FORMULA || k == COURSE_MATRIX_EXPR) {
		struct engine_equiv_result res;
		equiv(rt, a, b, &res);
		return res.verdict == ENGINE_EQUIVALENT;
	}
	struct engine_value *va = NULL, *vb = NULL;
	struct engine_error e;
	bool same = engine_eval(a, rt->scope, &va, &e) && engine_eval(b, rt->scope, &vb, &e) &&
		    (course_chk_same_value(k, va, vb, rt->tolerance) || course_chk_same_value(COURSE_NUMBER, va, vb, rt->tolerance));
	engine_value_free(va);
	engine_value_free(vb);
	return same;
}

/* "128·24·24 = 73728", "λ = 1/p − 1 = (1 − p)/p": an answer written as an
 * equation. Labels are dropped, every other side must equal the last, and
 * the last is the answer. Returns it (owned by sides[]), or NULL after
 * filling out with why the equation is not an answer. */
static struct engine_expr *equation_answer(const struct rt_part *rt, struct engine_expr **sides,
					   size_t n, const char *answer,
					   struct course_check_result *out)
{
	struct engine_expr *last = NULL, *first = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *lv = uses_label_variable(rt, sides[i]);
		if (engine_expr_is_label(sides[i]))
			continue;
		if (lv) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_printf(&sb, "This is an equation for %s: give %s itself, as an "
				      "expression of the part's other names.", lv, lv);
			course_chk_invalid_msg(out, answer, ENGINE_ERR_NAME, 0, strlen(answer),
					       strbuf_str(&sb));
			strbuf_free(&sb);
			return NULL;
		}
		if (!first)
			first = sides[i];
		last = sides[i];
	}
	if (!last) {
		course_chk_invalid_msg(out, answer, ENGINE_ERR_NAME, 0, strlen(answer),
				       "Every side of this equation only names the answer: "
				       "give its value or its expression.");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (engine_expr_is_label(sides[i]) || sides[i] == last || sides_equal(rt, sides[i], last))
			continue;
		char *a = engine_expr_print(sides[i]), *b = engine_expr_print(last);
		struct strbuf sb = STRBUF_INIT;
		strbuf_printf(&sb, "The sides of this equation are not equal (%s and %s): "
			      "give the answer alone.", a ? a : "?", b ? b : "?");
		course_chk_invalid_msg(out, answer, ENGINE_ERR_MATH, 0, strlen(answer),
				       strbuf_str(&sb));
		free(a);
		free(b);
		strbuf_free(&sb);
		return NULL;
	}
	(void)first;
	return last;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

void course_check_rt(const struct course_part *part, const struct rt_part *rt,
		     const char *answer, const struct course_check_context *ctx,
		     struct course_check_result *out, long *rule_index)
{
	*rule_index = -1;
	if (!answer || blank(answer)) {
		out->verdict = COURSE_BLANK;
		course_chk_set_text(&out->feedback, "No answer given yet.");
		return;
	}
	enum course_answer_kind k = rt->y->kind;
	if (k == COURSE_CHOICE) {
		course_check_choice(part, rt, answer, ctx, out, rule_index);
		out->rule = *rule_index >= 0 ? (unsigned)*rule_index + 1 : 0;
		return;
	}
	if (k == COURSE_CONFIGURATION) {
		course_check_config(part, rt, answer, ctx, out, rule_index);
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
	const char *lv = uses_label_variable(rt, ex), *input = input_as_label(rt, ex);
	struct engine_expr *sides[8];
	size_t n_sides = engine_expr_equation_sides(ex, sides, 8);
	const struct engine_expr *ans = ex;
	if (n_sides >= 2) {
		ans = equation_answer(rt, sides, n_sides, answer, out);
	} else if (input) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_printf(&sb, "%s = … gives %s, one of the part's own names; the part asks "
			      "for the answer in terms of %s.", input, input, input);
		course_chk_invalid_msg(out, answer, ENGINE_ERR_NAME, 0, strlen(answer), strbuf_str(&sb));
		strbuf_free(&sb);
		ans = NULL;
	} else if (lv) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_printf(&sb, "%s is what the part asks for: give it as an expression of the "
			      "part's other names (you may write %s = … before it).", lv, lv);
		course_chk_invalid_msg(out, answer, ENGINE_ERR_NAME, 0, strlen(answer), strbuf_str(&sb));
		strbuf_free(&sb);
		ans = NULL;
	}
	if (ans) {
		out->interpreted = engine_expr_print(ans);
		judge(part, rt, ans, answer, out, rule_index);
		out->rule = *rule_index >= 0 ? (unsigned)*rule_index + 1 : 0;
		/* a slip of typing is not a mistake of the maths: no name for
		 * an answer another reading of which is right */
		if (!other_readings(part, rt, ans, answer, out))
			course_name_mistake(part, rt, ctx, ans, NULL, out);
	}
	for (size_t i = 0; i < n_sides; i++)
		engine_expr_free(sides[i]);
	engine_expr_free(ex);
}

void course_check_ctx(const struct course *c, const struct course_part *part,
		      const char *answer, const struct course_check_context *ctx,
		      struct course_check_result *out)
{
	memset(out, 0, sizeof *out);
	const struct rt_part *rt = course_rt(c, part);
	long rule;
	if (!rt) {
		out->verdict = COURSE_UNKNOWN;
		out->feedback = strdup("No such part in this course.");
		return;
	}
	course_check_rt(part, rt, answer, ctx, out, &rule);
	if (!out->feedback)
		out->feedback = strdup("");
}

void course_check(const struct course *c, const struct course_part *part,
		  const char *answer, struct course_check_result *out)
{
	course_check_ctx(c, part, answer, NULL, out);
}

void course_result_clear(struct course_check_result *r)
{
	if (!r)
		return;
	free(r->feedback);
	free(r->note);
	free(r->interpreted);
	free(r->mistake);
	memset(r, 0, sizeof *r);
}
