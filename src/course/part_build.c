/* Build the model of one question file (see part_build.h). Every
 * expression is parsed here, so a lesson that loads cannot fail to parse
 * later; every failure names the file, line and column of the value. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "check.h"
#include "part_build.h"

struct ctx {
	struct ydoc *yd;
	const char *file;
	struct strbuf *err;
	bool ok;
	const struct rt_part *rt;   /* the part being built, for how values read */
	const struct y_question *yq;
	const struct rt_question *rq;         /* the question's givens, evaluated */
	struct engine_value *const *draw;     /* the part's givens in a variant, or NULL */
	uint64_t variant;                     /* the course's: 0 is the published homework */
};

static void fail_at(struct ctx *x, const yaml_node_t *n, size_t off,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void fail_at(struct ctx *x, const yaml_node_t *n, size_t off,
		    const char *fmt, ...)
{
	struct rt_pos p = course_ydoc_pos_in(n, off);
	strbuf_printf(x->err, "%s:%d:%d: ", x->file, p.line, p.col);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(x->err, fmt, ap);
	va_end(ap);
	strbuf_putc(x->err, '\n');
	x->ok = false;
}

static void fail_engine(struct ctx *x, const yaml_node_t *n,
			const struct engine_error *e, const char *what,
			const char *text)
{
	fail_at(x, n, e->start, "%s: %s (in %s \"%s\")",
		engine_error_kind_name(e->kind), e->message, what, text);
}

static struct engine_expr *parse_at(struct ctx *x, const struct engine_scope *s,
				    const char *text, const yaml_node_t *n,
				    const char *what)
{
	struct engine_error e;
	memset(&e, 0, sizeof e);
	/* Lesson values are read as the part's answers are, so a shape in a
	 * rule means what it means in an answer; labels stay (they are not
	 * typed in lessons). */
	struct engine_parse_options opt = { x->rt ? course_answer_parse_options(x->rt).flags &
					    ~(unsigned)ENGINE_PARSE_LABELS : 0,
					    x->rt ? x->rt->index : NULL };
	struct engine_expr *ex = engine_parse_ex(text, strlen(text), s, &opt, &e);
	if (!ex)
		fail_engine(x, n, &e, what, text);
	return ex;
}

static struct engine_value *eval_at(struct ctx *x, const struct engine_scope *s,
				    const struct engine_expr *ex,
				    const char *text, const yaml_node_t *n,
				    const char *what)
{
	struct engine_error e;
	memset(&e, 0, sizeof e);
	struct engine_value *v = NULL;
	if (ex && !engine_eval(ex, s, &v, &e)) {
		fail_engine(x, n, &e, what, text);
		return NULL;
	}
	return v;
}

static struct engine_value *parse_eval_at(struct ctx *x,
					  const struct engine_scope *s,
					  const char *text, const yaml_node_t *n,
					  const char *what)
{
	struct engine_expr *ex = parse_at(x, s, text, n, what);
	struct engine_value *v = eval_at(x, s, ex, text, n, what);
	engine_expr_free(ex);
	return v;
}

/* Lesson text with {=EXPR} facts: parsed here, so a broken fact is a load
 * error at its column. */
static void template_at(struct ctx *x, const struct engine_scope *s, const char *text,
			const yaml_node_t *n, const char *what, struct course_template *t)
{
	struct engine_error e;
	memset(&e, 0, sizeof e);
	size_t at = 0;
	struct engine_parse_options opt = { x->rt ? course_answer_parse_options(x->rt).flags &
					    ~(unsigned)ENGINE_PARSE_LABELS : 0,
					    x->rt ? x->rt->index : NULL };
	if (!course_template_parse(text, s, &opt, t, &at, &e))
		fail_at(x, n, at, "%s: %s (in %s)", engine_error_kind_name(e.kind), e.message,
			what);
}

/* Text that is the same for every answer (a statement, a hint, a step's
 * sentence, a correction): its facts computed once, here, from the givens. */
static const char *fixed_text(struct ctx *x, struct rt_part *rt, const char *text,
			      const yaml_node_t *n, const char *what)
{
	if (!text || !strstr(text, "{=") || !rt->scope)
		return text;
	struct engine_error e;
	memset(&e, 0, sizeof e);
	size_t at = 0;
	bool parsed;
	char *done;
	struct engine_parse_options opt = course_answer_parse_options(rt);
	opt.flags &= ~(unsigned)ENGINE_PARSE_LABELS;
	if (!course_template_text(text, rt->scope, &opt, &done, &parsed, &at, &e)) {
		if (!parsed)
			fail_at(x, n, at, "%s: %s (in %s)", engine_error_kind_name(e.kind), e.message, what);
		else
			fail_at(x, n, 0, "%s does not compute: %s: %s", what,
				engine_error_kind_name(e.kind), e.message);
		return text;
	}
	char **grown = realloc(rt->texts, (rt->n_texts + 1) * sizeof *grown);
	if (grown)
		rt->texts = grown;   /* moved or not, the old block is gone */
	if (!grown) {
		free(done);
		fail_at(x, n, 0, "out of memory");
		return text;
	}
	rt->texts[rt->n_texts++] = done;
	return done;
}

static const char **fixed_texts(struct ctx *x, struct rt_part *rt, char **texts,
				unsigned count, const yaml_node_t *list, const char *what)
{
	const char **out = calloc(count + 1, sizeof *out);
	if (!out) {
		fail_at(x, list, 0, "out of memory");
		return NULL;
	}
	for (unsigned i = 0; i < count; i++)
		out[i] = fixed_text(x, rt, texts[i], course_ydoc_item(x->yd, list, i), what);
	return out;
}

static void bind_givens(struct ctx *x, struct rt_part *rt, struct course_part *pub,
			const yaml_node_t *pn);
static void check_vary(struct ctx *x, const struct y_given *g, const yaml_node_t *item,
		       const struct engine_scope *s);

static void build_scope(struct ctx *x, struct rt_part *rt, struct course_part *pub,
			const yaml_node_t *pn)
{
	const struct y_part *y = rt->y;
	struct engine_scope *s = engine_scope_new();
	rt->scope = s;
	pub->scope = s;
	if (!s) {
		fail_at(x, pn, 0, "out of memory");
		return;
	}
	yaml_node_t *vars = course_ydoc_get(x->yd, pn, "variables");
	/* Two passes: a vector drawn orthogonal to another needs that one
	 * declared first, whatever order the lesson lists them in. */
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < y->variables_count; i++) {
			const struct y_variable *v = &y->variables[i];
			if ((pass == 0) != (v->orthogonal_to == NULL) || v->value)
				continue;
			yaml_node_t *vn = course_ydoc_item(x->yd, vars, i);
			struct engine_shape shape;
			struct engine_error e;
			memset(&e, 0, sizeof e);
			const char *st = v->shape ? v->shape : "scalar";
			if (!engine_scope_parse_shape(s, st, &shape, &e)) {
				fail_engine(x, course_ydoc_get(x->yd, vn, "shape"), &e,
					    "variables.shape", st);
				continue;
			}
			if (!engine_scope_declare(s, v->name, shape, v->domain,
						  v->orthogonal_to))
				fail_at(x, course_ydoc_get(x->yd, vn, "name"), 0,
					"cannot declare variable '%s'%s%s", v->name,
					v->orthogonal_to ? " orthogonal to " : "",
					v->orthogonal_to ? v->orthogonal_to : "");
		}
	}
	/* Defined variables (Gamma = diag(diag(X'*X))^½) last, each from the
	 * names before it, in the order the lesson lists them. */
	for (unsigned i = 0; i < y->variables_count; i++) {
		const struct y_variable *v = &y->variables[i];
		if (!v->value)
			continue;
		yaml_node_t *vn = course_ydoc_item(x->yd, vars, i);
		struct engine_shape shape;
		struct engine_error e;
		memset(&e, 0, sizeof e);
		const char *st = v->shape ? v->shape : "scalar";
		if (!engine_scope_parse_shape(s, st, &shape, &e))
			fail_engine(x, course_ydoc_get(x->yd, vn, "shape"), &e, "variables.shape", st);
		else if (!engine_scope_define(s, v->name, shape, v->value, &e))
			fail_engine(x, course_ydoc_get(x->yd, vn, "value"), &e, "variables.value",
				    v->value);
	}
	if (y->kind == COURSE_CONFIGURATION) {
		/* The names are the lesson's: nothing here knows what a
		 * configuration is about. */
		if (!y->check->names_count)
			fail_at(x, course_ydoc_get(x->yd, pn, "check"), 0,
				"a configuration check needs 'names', e.g. names: [K, S, P, D]");
		rt->n_names = y->check->names_count;
		for (size_t i = 0; i < rt->n_names; i++)
			rt->names[i] = y->check->names[i];
		struct engine_shape scalar = { ENGINE_SCALAR, { 0, NULL }, { 0, NULL } };
		for (size_t i = 0; i < rt->n_names; i++)
			if (!engine_scope_declare(s, rt->names[i], scalar,
						  ENGINE_DOMAIN_INTEGER, NULL))
				fail_at(x, course_ydoc_get(x->yd, course_ydoc_get(x->yd, pn, "check"), "names"),
					0, "'%s' cannot be a configuration name", rt->names[i]);
	}
	bind_givens(x, rt, pub, pn);
}

/* The question's givens, then the part's own (a variant's drawn values, or
 * the lesson's evaluated in order), bound in the part's scope and listed
 * for the student. */
static void bind_givens(struct ctx *x, struct rt_part *rt, struct course_part *pub,
			const yaml_node_t *pn)
{
	const struct y_part *y = rt->y;
	struct engine_scope *s = rt->scope;
	size_t nq = x->rq ? x->rq->n_givens : 0, n = nq + y->givens_count;
	yaml_node_t *gn = course_ydoc_get(x->yd, pn, "givens");
	struct course_given *givens = calloc(n + 1, sizeof *givens);
	rt->given_vals = calloc(n + 1, sizeof *rt->given_vals);
	rt->given_names = calloc(n + 1, sizeof *rt->given_names);
	rt->given_defs = calloc(n + 1, sizeof *rt->given_defs);
	if (!givens || !rt->given_vals || !rt->given_names || !rt->given_defs) {
		free(givens);
		fail_at(x, pn, 0, "out of memory");
		return;
	}
	pub->givens = givens;
	pub->n_givens = n;
	rt->n_given_vals = n;
	for (size_t i = 0; i < n; i++) {
		bool shared = i < nq;
		const struct y_given *g = shared ? &x->yq->givens[i] : &y->givens[i - nq];
		yaml_node_t *item = shared ? NULL : course_ydoc_item(x->yd, gn, i - nq);
		givens[i].name = g->name;
		rt->given_names[i] = g->name;
		rt->given_defs[i] = g;
		for (size_t j = 0; !shared && j < nq; j++)
			if (!strcmp(x->yq->givens[j].name, g->name))
				fail_at(x, course_ydoc_get(x->yd, item, "name"), 0,
					"given '%s' is already given by the question: a part "
					"adds givens, it does not replace them", g->name);
		if (!shared && !x->draw)
			check_vary(x, g, item, s);
		struct engine_value *v;
		if (shared)
			v = engine_value_copy(x->rq->given_vals[i]);
		else if (x->draw)
			v = engine_value_copy(x->draw[i - nq]);
		else
			v = parse_eval_at(x, s, g->value, course_ydoc_get(x->yd, item, "value"),
					  "givens.value");
		if (!v)
			continue;
		rt->given_vals[i] = v;
		givens[i].text = engine_value_print(v);
		if (!engine_scope_bind(s, g->name, v))
			fail_at(x, shared ? NULL : course_ydoc_get(x->yd, item, "name"), 0,
				"cannot bind given '%s'", g->name);
	}
	/* the part's constraints on a variant's givens, read once here */
	yaml_node_t *cn = course_ydoc_get(x->yd, pn, "constraints");
	rt->constraints = calloc(y->constraints_count + 1, sizeof *rt->constraints);
	rt->n_constraints = rt->constraints ? y->constraints_count : 0;
	for (size_t i = 0; i < rt->n_constraints; i++)
		rt->constraints[i] = parse_at(x, s, y->constraints[i],
					      course_ydoc_item(x->yd, cn, i), "constraints");
}

static bool is_vector(const struct engine_value *v)
{
	return v->kind == ENGINE_MATRIX && engine_value_vector_length(v) > 0;
}

static void build_expected(struct ctx *x, struct rt_part *rt, const yaml_node_t *cn)
{
	const struct y_check *c = rt->y->check;
	enum course_answer_kind k = rt->y->kind;
	yaml_node_t *en = course_ydoc_get(x->yd, cn, "expected");
	rt->tolerance = c->tolerance > 0 ? c->tolerance : 1e-9;
	rt->mode = c->mode;
	if (k == COURSE_CONFIGURATION) {
		yaml_node_t *kn = course_ydoc_get(x->yd, cn, "constraint");
		if (!c->constraint) {
			fail_at(x, cn, 0, "a configuration check needs 'constraint'");
			return;
		}
		rt->constraint = parse_at(x, rt->scope, c->constraint, kn, "check.constraint");
		if (c->fixed) {
			struct engine_error e;
			memset(&e, 0, sizeof e);
			if (!course_parse_config(rt, c->fixed, &rt->fixed, &e, &rt->fixed_expr))
				fail_engine(x, course_ydoc_get(x->yd, cn, "fixed"), &e,
					    "check.fixed", c->fixed);
		}
		return;
	}
	if (!c->expected) {
		fail_at(x, cn, 0, "this check needs 'expected'");
		return;
	}
	if (k == COURSE_CHOICE) {
		struct strbuf why = STRBUF_INIT;
		if (rt->y->choices_count < 2)
			fail_at(x, cn, 0, "a choice part needs at least two 'choices'");
		else if (!(rt->choice = course_parse_choice(c->expected,
							    rt->y->choices_count, &why)))
			fail_at(x, en, 0, "check.expected: %s", strbuf_str(&why));
		strbuf_free(&why);
		return;
	}
	rt->expected = parse_at(x, rt->scope, c->expected, en, "check.expected");
	if (k == COURSE_FORMULA || k == COURSE_MATRIX_EXPR || !rt->expected)
		return;
	rt->expected_val = eval_at(x, rt->scope, rt->expected, c->expected, en,
				   "check.expected");
	const struct engine_value *v = rt->expected_val;
	if (!v)
		return;
	if (k == COURSE_NUMBER && v->kind != ENGINE_NUMBER && v->kind != ENGINE_SHAPE)
		fail_at(x, en, 0, "check.expected of a number part must be a number");
	if (k == COURSE_SEQUENCE && !is_vector(v) && v->kind != ENGINE_NUMBER)
		fail_at(x, en, 0, "check.expected of a sequence part must be a sequence");
	if (k == COURSE_SHAPE && v->kind != ENGINE_SHAPE && !is_vector(v))
		fail_at(x, en, 0, "check.expected of a shape part must be a shape such as 7x7");
	if (k == COURSE_NUMBER && c->shape) {
		yaml_node_t *sn = course_ydoc_get(x->yd, cn, "shape");
		rt->shape_val = parse_eval_at(x, rt->scope, c->shape, sn, "check.shape");
		if (rt->shape_val && !is_vector(rt->shape_val))
			fail_at(x, sn, 0, "check.shape must be a list of dimensions, e.g. (C, H, W)");
		double count = 1;
		for (size_t i = 0; rt->shape_val && is_vector(rt->shape_val) &&
		     i < rt->shape_val->rows * rt->shape_val->cols; i++)
			count *= rt->shape_val->data[i];
		if (rt->shape_val && v->kind == ENGINE_NUMBER && count != v->number)
			fail_at(x, sn, 0, "check.shape has %g entries, but check.expected is %g",
				count, v->number);
		if (c->shape_names_count && rt->shape_val && is_vector(rt->shape_val) &&
		    c->shape_names_count != rt->shape_val->rows * rt->shape_val->cols)
			fail_at(x, course_ydoc_get(x->yd, cn, "shape_names"), 0,
				"check.shape_names needs one name per dimension of check.shape");
	}
	/* Shape parts: more right values. Counts: more right ways to write the
	 * shape whose count is asked (4x4x64x128 beside 128x64x4x4). */
	if (!c->accept_count || (k != COURSE_SHAPE && !(k == COURSE_NUMBER && c->shape)))
		return;
	rt->accept_vals = calloc(c->accept_count, sizeof *rt->accept_vals);
	if (!rt->accept_vals) {
		fail_at(x, cn, 0, "out of memory");
		return;
	}
	rt->n_accept = c->accept_count;
	yaml_node_t *an = course_ydoc_get(x->yd, cn, "accept");
	for (unsigned i = 0; i < c->accept_count; i++) {
		yaml_node_t *in = course_ydoc_item(x->yd, an, i);
		rt->accept_vals[i] = parse_eval_at(x, rt->scope, c->accept[i], in, "check.accept");
		const struct engine_value *a = rt->accept_vals[i];
		if (k != COURSE_NUMBER || !a || !rt->shape_val)
			continue;
		double count = 1;
		for (size_t j = 0; is_vector(a) && j < a->rows * a->cols; j++)
			count *= a->data[j];
		if (!is_vector(a) || a->rows * a->cols != rt->shape_val->rows * rt->shape_val->cols ||
		    (v->kind == ENGINE_NUMBER && count != v->number))
			fail_at(x, in, 0, "check.accept of a count must be another order of "
				"check.shape's dimensions");
	}
}

/* The scope `when` predicates are parsed in: `answer` and
 * `answer_is_shape` bound, so they are known names. */
static struct engine_scope *predicate_scope(const struct rt_part *rt)
{
	if (rt->y->kind == COURSE_CONFIGURATION)
		return NULL;
	struct engine_scope *s = course_rt_scope(rt);
	if (!s)
		return NULL;
	if (rt->expected_val && rt->y->kind != COURSE_FORMULA &&
	    rt->y->kind != COURSE_MATRIX_EXPR)
		engine_scope_bind(s, "answer", rt->expected_val);
	else
		engine_scope_bind_number(s, "answer", 1);
	struct engine_value b = { .kind = ENGINE_BOOL, .number = 0 };
	engine_scope_bind(s, "answer_is_shape", &b);
	return s;
}

static void build_rules(struct ctx *x, struct rt_part *rt, const yaml_node_t *pn)
{
	const struct y_part *y = rt->y;
	enum course_answer_kind k = y->kind;
	bool formula = k == COURSE_FORMULA || k == COURSE_MATRIX_EXPR;
	struct engine_scope *ps = predicate_scope(rt);
	const struct engine_scope *when_scope = ps ? ps : rt->scope;
	yaml_node_t *fn = course_ydoc_get(x->yd, pn, "feedback");
	rt->rules = calloc(y->feedback_count + 1, sizeof *rt->rules);
	rt->n_rules = rt->rules ? y->feedback_count : 0;
	for (size_t i = 0; i < rt->n_rules; i++) {
		struct rt_rule *r = &rt->rules[i];
		r->y = &y->feedback[i];
		yaml_node_t *rn = course_ydoc_item(x->yd, fn, i);
		r->pos = course_ydoc_pos(rn);
		template_at(x, when_scope, r->y->message, course_ydoc_get(x->yd, rn, "message"),
			    "feedback.message", &r->message);
		if (!r->y->value == !r->y->when) {
			fail_at(x, rn, 0, "a feedback rule needs exactly one of 'value' or 'when'");
			continue;
		}
		if (r->y->when) {
			yaml_node_t *wn = course_ydoc_get(x->yd, rn, "when");
			if (formula)
				fail_at(x, wn, 0, "a %s part matches feedback by 'value' (equivalence), not 'when'",
					k == COURSE_FORMULA ? "formula" : "matrix");
			else
				r->when = parse_at(x, when_scope, r->y->when, wn, "feedback.when");
			continue;
		}
		yaml_node_t *vn = course_ydoc_get(x->yd, rn, "value");
		if (k == COURSE_CONFIGURATION) {
			struct engine_error e;
			memset(&e, 0, sizeof e);
			if (!course_parse_config(rt, r->y->value, &r->value_cfg, &e, &r->value_expr))
				fail_engine(x, vn, &e, "feedback.value", r->y->value);
		} else if (k == COURSE_CHOICE) {
			struct strbuf why = STRBUF_INIT;
			long ch = course_parse_choice(r->y->value, y->choices_count, &why);
			if (!ch)
				fail_at(x, vn, 0, "feedback.value: %s", strbuf_str(&why));
			r->choice = ch;
			strbuf_free(&why);
		} else {
			r->value_expr = parse_at(x, rt->scope, r->y->value, vn, "feedback.value");
			if (!formula)
				r->value_val = eval_at(x, rt->scope, r->value_expr,
						       r->y->value, vn, "feedback.value");
		}
	}
	yaml_node_t *nn = course_ydoc_get(x->yd, pn, "notes");
	rt->notes = calloc(y->notes_count + 1, sizeof *rt->notes);
	rt->n_notes = rt->notes ? y->notes_count : 0;
	for (size_t i = 0; i < rt->n_notes; i++) {
		struct rt_note *n = &rt->notes[i];
		n->y = &y->notes[i];
		yaml_node_t *node = course_ydoc_item(x->yd, nn, i);
		n->pos = course_ydoc_pos(node);
		template_at(x, when_scope, n->y->text, course_ydoc_get(x->yd, node, "text"),
			    "notes.text", &n->text);
		if (n->y->when) {
			yaml_node_t *wn = course_ydoc_get(x->yd, node, "when");
			if (formula)
				fail_at(x, wn, 0, "notes of a %s part cannot have 'when'",
					k == COURSE_FORMULA ? "formula" : "matrix");
			else
				n->when = parse_at(x, when_scope, n->y->when, wn, "notes.when");
		}
	}
	engine_scope_free(ps);
}

static void build_steps(struct ctx *x, struct rt_part *rt, struct course_part *pub,
			const yaml_node_t *pn)
{
	const struct y_part *y = rt->y;
	yaml_node_t *sn = course_ydoc_get(x->yd, pn, "steps");
	struct course_step *steps = calloc(y->steps_count + 1, sizeof *steps);
	rt->step_errors = calloc(y->steps_count + 1, sizeof *rt->step_errors);
	rt->step_pos = calloc(y->steps_count + 1, sizeof *rt->step_pos);
	rt->step_whole = calloc(y->steps_count + 1, sizeof *rt->step_whole);
	if (!steps || !rt->step_errors || !rt->step_pos || !rt->step_whole) {
		free(steps);
		fail_at(x, pn, 0, "out of memory");
		return;
	}
	pub->steps = steps;
	pub->n_steps = y->steps_count;
	for (unsigned i = 0; i < y->steps_count; i++) {
		yaml_node_t *node = course_ydoc_item(x->yd, sn, i);
		rt->step_pos[i] = course_ydoc_pos(node);
		steps[i].text = fixed_text(x, rt, y->steps[i].text,
					   course_ydoc_get(x->yd, node, "text"), "steps.text");
		steps[i].expr = y->steps[i].expr;
		if (!steps[i].expr)
			continue;
		yaml_node_t *en = course_ydoc_get(x->yd, node, "expr");
		struct engine_expr *ex = parse_at(x, rt->scope, steps[i].expr, en, "steps.expr");
		if (!ex)
			continue;
		struct engine_value *v = NULL;
		struct engine_error e;
		memset(&e, 0, sizeof e);
		/* A step that parses but does not evaluate is not a load error
		 * (the lesson still reads); cnntutor validate reports it. */
		if (engine_eval(ex, rt->scope, &v, &e)) {
			steps[i].value = engine_value_print(v);
			rt->step_whole[i] = course_chk_whole(v);
		} else {
			struct strbuf sb = STRBUF_INIT;
			strbuf_printf(&sb, "%s: %s", engine_error_kind_name(e.kind), e.message);
			rt->step_errors[i] = strbuf_steal(&sb);
		}
		engine_value_free(v);
		engine_expr_free(ex);
	}
	yaml_node_t *xn = course_ydoc_get(x->yd, course_ydoc_get(x->yd, pn, "check"), "examples");
	rt->example_pos = calloc(y->check->examples_count + 1, sizeof *rt->example_pos);
	for (unsigned i = 0; rt->example_pos && i < y->check->examples_count; i++)
		rt->example_pos[i] = course_ydoc_pos(course_ydoc_item(x->yd, xn, i));
}

static void build_part(struct ctx *x, struct rt_part *rt, struct course_part *pub,
		       const struct y_part *y, const yaml_node_t *pn)
{
	rt->y = y;
	rt->file = x->file;
	rt->index = y->check ? y->check->index : NULL;
	x->rt = rt;
	rt->pos = course_ydoc_pos(course_ydoc_get(x->yd, pn, "id"));
	rt->check_pos = course_ydoc_pos(course_ydoc_get(x->yd, pn, "check"));
	rt->seed = hash_fnv1a(y->id);
	rt->published = x->variant == 0;
	pub->id = y->id;
	pub->title = y->title;
	pub->statement = y->statement;
	pub->kind = y->kind;
	pub->choices = (const char *const *)y->choices;
	pub->n_choices = y->choices_count;
	pub->hints = (const char *const *)y->hints;
	pub->n_hints = y->hints_count;
	pub->file = x->file;
	pub->line = rt->pos.line;
	if (y->erratum) {
		struct course_erratum *er = calloc(1, sizeof *er);
		if (er) {
			er->quote = y->erratum->quote;
			er->problem = y->erratum->problem;
			er->correction = y->erratum->correction;
		}
		pub->erratum = er;
	}
	build_scope(x, rt, pub, pn);
	if (!course_build_lab(x->yd, x->file, y->lab, course_ydoc_get(x->yd, pn, "lab"),
			      true, rt->scope, &pub->lab, x->err))
		x->ok = false;
	if (!rt->scope)
		return;
	pub->statement = fixed_text(x, rt, y->statement, course_ydoc_get(x->yd, pn, "statement"),
				    "statement");
	rt->hint_texts = fixed_texts(x, rt, y->hints, y->hints_count,
				     course_ydoc_get(x->yd, pn, "hints"), "hints");
	rt->choice_texts = fixed_texts(x, rt, y->choices, y->choices_count,
				       course_ydoc_get(x->yd, pn, "choices"), "choices");
	pub->hints = rt->hint_texts;
	pub->choices = rt->choice_texts;
	if (pub->erratum) {
		struct course_erratum *er = (struct course_erratum *)pub->erratum;
		yaml_node_t *en = course_ydoc_get(x->yd, pn, "erratum");
		er->quote = fixed_text(x, rt, er->quote, course_ydoc_get(x->yd, en, "quote"),
				       "erratum.quote");
		er->problem = fixed_text(x, rt, er->problem, course_ydoc_get(x->yd, en, "problem"),
					 "erratum.problem");
		er->correction = fixed_text(x, rt, er->correction,
					    course_ydoc_get(x->yd, en, "correction"),
					    "erratum.correction");
	}
	build_expected(x, rt, course_ydoc_get(x->yd, pn, "check"));
	build_rules(x, rt, pn);
	build_steps(x, rt, pub, pn);
}

/* A given's `vary`: a list of values that each evaluate, or a range with
 * a positive step, not both. */
static void check_vary(struct ctx *x, const struct y_given *g, const yaml_node_t *item,
		       const struct engine_scope *s)
{
	const struct y_vary *v = g->vary;
	if (!v)
		return;
	yaml_node_t *vn = course_ydoc_get(x->yd, item, "vary");
	bool range = v->step != 0 || v->from != 0 || v->to != 0;
	struct engine_value *published = NULL;
	struct engine_error e;
	memset(&e, 0, sizeof e);
	if (!engine_eval_text(g->value, s, &published, &e))
		return;   /* the value's own message says why */
	if (v->values_count && range) {
		fail_at(x, vn, 0, "vary: give either 'values' or 'from', 'to' and 'step', not both");
		engine_value_free(published);
		return;
	}
	if (!v->values_count && published->kind != ENGINE_NUMBER &&
	    published->kind != ENGINE_MATRIX) {
		fail_at(x, vn, 0, "vary: a range draws numbers, but '%s' is not a number, a "
			"vector or a matrix: give 'values' instead", g->name);
		engine_value_free(published);
		return;
	}
	if (!v->values_count && !(v->step > 0 && v->to >= v->from &&
				  (v->to - v->from) / v->step < 1e6)) {
		fail_at(x, vn, 0, "vary: a range needs 'from' <= 'to' and a positive 'step' "
			"(at most a million values), as in { from: 2, to: 10, step: 2 }");
		engine_value_free(published);
		return;
	}
	yaml_node_t *ln = course_ydoc_get(x->yd, vn, "values");
	for (unsigned i = 0; i < v->values_count; i++) {
		yaml_node_t *in = course_ydoc_item(x->yd, ln, i);
		struct engine_value *alt = parse_eval_at(x, s, v->values[i], in, "vary.values");
		/* a variant's value takes the place of the lesson's: the same kind
		 * and shape, or what uses it would break in that variant only */
		if (alt && (alt->kind != published->kind ||
			    (alt->kind == ENGINE_MATRIX && (alt->rows != published->rows ||
							    alt->cols != published->cols))))
			fail_at(x, in, 0, "vary.values: '%s' is not of the shape of %s's value '%s'",
				v->values[i], g->name, g->value);
		engine_value_free(alt);
	}
	engine_value_free(published);
}

/* The question's own givens (a variant's, or the lesson's evaluated in
 * order, each from the ones before it), its constraints and its intro. */
static void build_question_givens(struct ctx *x, struct rt_question *rq,
				  const struct y_question *yq, const struct rt_draw *draw,
				  const struct course_lab **lab)
{
	yaml_node_t *root = course_ydoc_root(x->yd);
	yaml_node_t *gn = course_ydoc_get(x->yd, root, "givens");
	rq->pos = course_ydoc_pos(course_ydoc_get(x->yd, root, "id"));
	rq->given_vals = calloc(yq->givens_count + 1, sizeof *rq->given_vals);
	struct engine_scope *s = engine_scope_new();
	if (!rq->given_vals || !s) {
		engine_scope_free(s);
		fail_at(x, root, 0, "out of memory");
		return;
	}
	rq->n_givens = yq->givens_count;
	for (unsigned i = 0; i < yq->givens_count; i++) {
		const struct y_given *g = &yq->givens[i];
		yaml_node_t *item = course_ydoc_item(x->yd, gn, i);
		for (unsigned j = 0; j < i; j++)
			if (!strcmp(yq->givens[j].name, g->name))
				fail_at(x, course_ydoc_get(x->yd, item, "name"), 0,
					"given '%s' is given twice", g->name);
		if (!draw)
			check_vary(x, g, item, s);
		struct engine_value *v = draw ? engine_value_copy(draw->question[i])
			: parse_eval_at(x, s, g->value, course_ydoc_get(x->yd, item, "value"),
					"givens.value");
		rq->given_vals[i] = v;
		if (v && !engine_scope_bind(s, g->name, v))
			fail_at(x, course_ydoc_get(x->yd, item, "name"), 0,
				"cannot bind given '%s'", g->name);
	}
	yaml_node_t *cn = course_ydoc_get(x->yd, root, "constraints");
	rq->constraints = calloc(yq->constraints_count + 1, sizeof *rq->constraints);
	rq->n_constraints = rq->constraints ? yq->constraints_count : 0;
	for (size_t i = 0; i < rq->n_constraints; i++)
		rq->constraints[i] = parse_at(x, s, yq->constraints[i],
					      course_ydoc_item(x->yd, cn, i), "constraints");
	/* the intro's facts are the question's givens */
	if (yq->intro && strstr(yq->intro, "{=")) {
		struct engine_error e;
		memset(&e, 0, sizeof e);
		size_t at = 0;
		bool parsed;
		yaml_node_t *in = course_ydoc_get(x->yd, root, "intro");
		if (!course_template_text(yq->intro, s, NULL, &rq->intro, &parsed, &at, &e)) {
			if (!parsed)
				fail_at(x, in, at, "%s: %s (in intro)", engine_error_kind_name(e.kind),
					e.message);
			else
				fail_at(x, in, 0, "intro does not compute: %s: %s",
					engine_error_kind_name(e.kind), e.message);
		}
	}
	/* the question's lab, its facts of the question's givens */
	if (!course_build_lab(x->yd, x->file, yq->lab, course_ydoc_get(x->yd, root, "lab"),
			      false, s, lab, x->err))
		x->ok = false;
	engine_scope_free(s);
}

bool course_build_question(struct course_impl *ci, size_t qi, struct ydoc *yd,
			   struct strbuf *err, const struct rt_draw *draw)
{
	const struct y_question *yq = ci->yq[qi];
	struct course_question *q = &ci->questions[qi];
	struct rt_question *rq = &ci->rq[qi];
	struct ctx x = { yd, ci->files[qi], err, true, NULL, yq, rq, NULL, ci->pub.variant };
	q->id = yq->id;
	q->title = yq->title;
	build_question_givens(&x, rq, yq, draw, &q->lab);
	q->intro = rq->intro ? rq->intro : yq->intro;
	struct course_part *parts = calloc(yq->parts_count, sizeof *parts);
	struct rt_part *rt = realloc(ci->rt, (ci->n_parts + yq->parts_count) * sizeof *rt);
	if (!parts || !rt) {
		free(parts);
		if (rt)
			ci->rt = rt;
		strbuf_printf(err, "%s: out of memory\n", x.file);
		return false;
	}
	ci->rt = rt;
	rt += ci->n_parts;
	memset(rt, 0, yq->parts_count * sizeof *rt);
	q->parts = parts;
	q->n_parts = yq->parts_count;
	ci->first_part[qi] = ci->n_parts;
	ci->n_parts += yq->parts_count;
	yaml_node_t *pl = course_ydoc_get(yd, course_ydoc_root(yd), "parts");
	for (unsigned i = 0; i < yq->parts_count; i++) {
		x.draw = draw ? draw->parts[i] : NULL;
		build_part(&x, &rt[i], &parts[i], &yq->parts[i], course_ydoc_item(yd, pl, i));
	}
	return x.ok;
}

bool course_link_parts(struct course_impl *ci, struct strbuf *err)
{
	ci->flat = calloc(ci->n_parts + 1, sizeof *ci->flat);
	if (!ci->flat) {
		strbuf_printf(err, "%s: out of memory\n", ci->dir);
		return false;
	}
	size_t k = 0;
	for (size_t q = 0; q < ci->pub.n_questions; q++)
		for (size_t i = 0; i < ci->questions[q].n_parts; i++)
			ci->flat[k++] = &ci->questions[q].parts[i];
	return true;
}
