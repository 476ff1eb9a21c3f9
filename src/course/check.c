/* course_check: judge one answer to one part. The answer is parsed and
 * evaluated by the engine; correctness comes first, then the feedback rules
 * in order (first match wins), then a plain message. Rules match by value
 * or predicate, never by the text the student typed. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

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

static bool near(double a, double b, double tol)
{
	return fabs(a - b) <= tol * fmax(1.0, fmax(fabs(a), fabs(b)));
}

static bool lists_equal(const struct nums *a, const struct nums *b, double tol)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!near(a->d[i], b->d[i], tol))
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
		return as_number(a, &x) && as_number(b, &y) && near(x, y, tol);
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

/* ---- results ---------------------------------------------------------------- */

static void set_text(char **dst, const char *s)
{
	free(*dst);
	*dst = strdup(s ? s : "");
}

static void invalid(struct course_check_result *out, const char *answer,
		    const struct engine_error *e)
{
	out->verdict = COURSE_INVALID;
	out->error = *e;
	char *f = engine_error_format(answer, e);
	if (f) {
		size_t n = strlen(f);
		while (n && f[n - 1] == '\n')
			f[--n] = '\0';
	}
	free(out->feedback);
	out->feedback = f ? f : strdup(e->message);
}

static void invalid_msg(struct course_check_result *out, const char *answer,
			enum engine_error_kind kind, size_t start, size_t end,
			const char *msg)
{
	struct engine_error e;
	memset(&e, 0, sizeof e);
	e.kind = kind;
	e.start = start;
	e.end = end;
	snprintf(e.message, sizeof e.message, "%s", msg);
	invalid(out, answer, &e);
}

/* Lesson text from YAML block scalars ends in a newline: drop it. */
static void append_trimmed(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	strbuf_append_n(sb, s, n);
}

static void rule_feedback(const struct course_part *part,
			  const struct rt_rule *r, struct course_check_result *out)
{
	struct strbuf sb = STRBUF_INIT;
	append_trimmed(&sb, r->y->message);
	out->source_error = r->y->source_error;
	if (r->y->source_error && part->erratum) {
		const struct course_erratum *er = part->erratum;
		strbuf_append(&sb, "\nThe published solution says: \"");
		append_trimmed(&sb, er->quote);
		strbuf_append(&sb, "\"\nWhat is wrong: ");
		append_trimmed(&sb, er->problem);
		strbuf_append(&sb, "\nCorrection: ");
		append_trimmed(&sb, er->correction);
	}
	out->verdict = COURSE_INCORRECT;
	free(out->feedback);
	out->feedback = strbuf_steal(&sb);
}

static bool truthy(const struct engine_value *v)
{
	return (v->kind == ENGINE_BOOL || v->kind == ENGINE_NUMBER) && v->number != 0;
}

static bool predicate(const struct engine_expr *when, const struct engine_scope *s)
{
	struct engine_value *v = NULL;
	struct engine_error e;
	bool yes = engine_eval(when, s, &v, &e) && truthy(v);
	engine_value_free(v);
	return yes;
}

static void add_notes(const struct rt_part *rt, const struct engine_scope *ps,
		      struct course_check_result *out)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < rt->n_notes; i++) {
		const struct rt_note *n = &rt->notes[i];
		if (n->when && (!ps || !predicate(n->when, ps)))
			continue;
		if (sb.len)
			strbuf_putc(&sb, '\n');
		append_trimmed(&sb, n->y->text);
	}
	if (sb.len)
		out->note = strbuf_steal(&sb);
	strbuf_free(&sb);
}

/* ---- choices ------------------------------------------------------------------ */

long course_parse_choice(const char *text, size_t n, struct strbuf *why)
{
	while (isspace((unsigned char)*text) || *text == '(')
		text++;
	size_t len = strlen(text);
	while (len && (isspace((unsigned char)text[len - 1]) || text[len - 1] == ')' ||
		       text[len - 1] == '.'))
		len--;
	long k = 0;
	if (len == 1 && isalpha((unsigned char)text[0])) {
		k = tolower((unsigned char)text[0]) - 'a' + 1;
	} else if (len > 0 && len < 6) {
		for (size_t i = 0; i < len; i++) {
			if (!isdigit((unsigned char)text[i])) {
				k = -1;
				break;
			}
			k = k * 10 + (text[i] - '0');
		}
	} else {
		k = -1;
	}
	if (k < 1 || (size_t)k > n) {
		strbuf_printf(why, "choose one of the %zu options by number (1 to %zu) or letter (a to %c)",
			      n, n, n && n <= 26 ? (char)('a' + n - 1) : 'z');
		return 0;
	}
	return k;
}

static void check_choice(const struct course_part *part, const struct rt_part *rt,
			 const char *answer, struct course_check_result *out,
			 long *rule_index)
{
	struct strbuf why = STRBUF_INIT;
	long k = course_parse_choice(answer, rt->y->choices_count, &why);
	if (!k) {
		invalid_msg(out, answer, ENGINE_ERR_PARSE, 0, strlen(answer), strbuf_str(&why));
		strbuf_free(&why);
		return;
	}
	strbuf_free(&why);
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%ld: %s", k, part->choices[k - 1]);
	out->interpreted = strbuf_steal(&sb);
	struct engine_scope *ps = course_rt_scope(rt);
	if (ps)
		engine_scope_bind_number(ps, "answer", (double)k);
	if (k == rt->choice) {
		out->verdict = COURSE_CORRECT;
		set_text(&out->feedback, "Correct.");
		add_notes(rt, ps, out);
		engine_scope_free(ps);
		return;
	}
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *r = &rt->rules[i];
		if ((r->choice && r->choice == k) || (r->when && ps && predicate(r->when, ps))) {
			rule_feedback(part, r, out);
			*rule_index = (long)i;
			engine_scope_free(ps);
			return;
		}
	}
	engine_scope_free(ps);
	out->verdict = COURSE_INCORRECT;
	set_text(&out->feedback, "Not this one: read the options again and ask which one the argument needs.");
}

/* ---- configurations ---------------------------------------------------------- */

static long name_index(const struct rt_part *rt, const char *name)
{
	for (size_t i = 0; i < rt->n_names; i++)
		if (!strcmp(rt->names[i], name))
			return (long)i;
	return -1;
}

bool course_parse_config(const struct rt_part *rt, const char *text,
			 struct rt_config *cfg, struct engine_error *err,
			 struct engine_expr **keep)
{
	struct engine_expr *e = engine_parse_open(text, strlen(text), rt->scope, err);
	if (!e)
		return false;
	struct engine_binding b[2 * RT_MAX_NAMES];
	int n = engine_expr_bindings(e, rt->scope, b, 2 * RT_MAX_NAMES, err);
	if (n < 0) {
		engine_expr_free(e);
		return false;
	}
	struct strbuf names = STRBUF_INIT;
	for (size_t i = 0; i < rt->n_names; i++)
		strbuf_printf(&names, "%s%s", i ? ", " : "", rt->names[i]);
	memset(err, 0, sizeof *err);
	cfg->n = 0;
	for (int i = 0; i < n && !err->kind; i++) {
		err->start = b[i].start;
		err->end = b[i].end;
		if (name_index(rt, b[i].name) < 0) {
			err->kind = ENGINE_ERR_NAME;
			snprintf(err->message, sizeof err->message,
				 "'%s' is not a name this part takes (use %s)",
				 b[i].name, strbuf_str(&names));
		}
		for (int j = 0; j < i && !err->kind; j++)
			if (!strcmp(b[j].name, b[i].name)) {
				err->kind = ENGINE_ERR_PARSE;
				snprintf(err->message, sizeof err->message,
					 "%s is given twice", b[i].name);
			}
		if (!err->kind && cfg->n < RT_MAX_NAMES) {
			cfg->names[cfg->n] = b[i].name;
			cfg->values[cfg->n++] = b[i].value;
		}
	}
	strbuf_free(&names);
	if (err->kind) {
		engine_expr_free(e);
		return false;
	}
	*keep = e;
	return true;
}

static bool cfg_get(const struct rt_config *c, const char *name, double *v)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name)) {
			*v = c->values[i];
			return true;
		}
	return false;
}

static void check_config(const struct course_part *part, const struct rt_part *rt,
			 const char *answer, struct course_check_result *out,
			 long *rule_index)
{
	struct rt_config cfg;
	struct engine_error e;
	struct engine_expr *ex = NULL;
	memset(&e, 0, sizeof e);
	if (!course_parse_config(rt, answer, &cfg, &e, &ex)) {
		invalid(out, answer, &e);
		return;
	}
	out->interpreted = engine_expr_print(ex);
	double full[RT_MAX_NAMES];
	struct strbuf msg = STRBUF_INIT;
	bool complete = true, fixed_ok = true;
	for (size_t i = 0; i < rt->n_names; i++) {
		double given = 0, fixed = 0;
		bool has = cfg_get(&cfg, rt->names[i], &given);
		bool is_fixed = cfg_get(&rt->fixed, rt->names[i], &fixed);
		if (is_fixed && has && !near(given, fixed, 1e-9)) {
			fixed_ok = false;
			if (!msg.len)
				strbuf_printf(&msg, "The question fixes %s = %g; keep it.",
					      rt->names[i], fixed);
		}
		if (!has && !is_fixed) {
			if (complete)
				strbuf_append(&msg, "Incomplete: give ");
			else
				strbuf_append(&msg, ", ");
			strbuf_append(&msg, rt->names[i]);
			complete = false;
		}
		full[i] = has ? given : fixed;
	}
	if (!complete) {
		strbuf_append(&msg, " too.");
		out->verdict = COURSE_INCORRECT;
		free(out->feedback);
		out->feedback = strbuf_steal(&msg);
		engine_expr_free(ex);
		return;
	}
	struct engine_scope *s = course_rt_scope(rt);
	for (size_t i = 0; s && i < rt->n_names; i++)
		engine_scope_bind_number(s, rt->names[i], full[i]);
	if (fixed_ok && s && predicate(rt->constraint, s)) {
		out->verdict = COURSE_CORRECT;
		set_text(&out->feedback, "Correct: this configuration gives the required output size.");
		add_notes(rt, s, out);
		goto done;
	}
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *r = &rt->rules[i];
		bool match = false;
		if (r->when) {
			match = s && predicate(r->when, s);
		} else if (r->value_cfg.n) {
			match = true;
			for (size_t j = 0; j < r->value_cfg.n && match; j++) {
				long k = name_index(rt, r->value_cfg.names[j]);
				match = k >= 0 && near(full[k], r->value_cfg.values[j], 1e-9);
			}
		}
		if (match) {
			rule_feedback(part, r, out);
			*rule_index = (long)i;
			goto done;
		}
	}
	out->verdict = COURSE_INCORRECT;
	set_text(&out->feedback, msg.len ? strbuf_str(&msg) :
		 "This configuration does not give the required output size: "
		 "work out (W + 2P - K_eff)/S + 1 with K_eff = K + (K-1)D.");
done:
	strbuf_free(&msg);
	engine_scope_free(s);
	engine_expr_free(ex);
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
	char detail[512];
	enum engine_verdict v = equiv(rt, rt->expected, ans, detail, sizeof detail);
	if (v == ENGINE_EQUIVALENT) {
		out->verdict = COURSE_CORRECT;
		set_text(&out->feedback, "Correct.");
		add_notes(rt, NULL, out);
		return;
	}
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *r = &rt->rules[i];
		char d2[512];
		if (r->value_expr && equiv(rt, r->value_expr, ans, d2, sizeof d2) == ENGINE_EQUIVALENT) {
			rule_feedback(part, r, out);
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
		invalid(out, answer, &e);
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
		set_text(&out->feedback, "Correct.");
		add_notes(rt, ps, out);
		goto done;
	}
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *r = &rt->rules[i];
		bool match = r->when ? ps && predicate(r->when, ps)
				     : r->value_val && same_value(rt->y->kind, v, r->value_val, rt->tolerance);
		if (match) {
			rule_feedback(part, r, out);
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
		set_text(&out->feedback, "No answer given yet.");
		return;
	}
	enum course_answer_kind k = rt->y->kind;
	if (k == COURSE_CHOICE) {
		check_choice(part, rt, answer, out, rule_index);
		return;
	}
	if (k == COURSE_CONFIGURATION) {
		check_config(part, rt, answer, out, rule_index);
		return;
	}
	struct engine_error e;
	memset(&e, 0, sizeof e);
	struct engine_expr *ex = engine_parse(answer, strlen(answer), rt->scope, &e);
	if (!ex) {
		invalid(out, answer, &e);
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
