/* course_validate: prove a loaded course consistent by running its own
 * answers through the checker: every expected answer and example is
 * correct, every feedback rule catches its example (and no earlier rule
 * does), every note's predicate evaluates, every worked step evaluates,
 * every id is unique. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "mutations.h"

struct report {
	struct strbuf sb;
	size_t n;
};

static void problem(struct report *r, const char *file, int line,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(struct report *r, const char *file, int line,
		    const char *fmt, ...)
{
	strbuf_printf(&r->sb, "%s:%d: ", file, line);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&r->sb, fmt, ap);
	va_end(ap);
	strbuf_putc(&r->sb, '\n');
	r->n++;
}

/* First line of a feedback, for a one-line report. */
static void first_line(char *dst, size_t n, const char *s)
{
	size_t len = strcspn(s ? s : "", "\n");
	if (len >= n)
		len = n - 1;
	memcpy(dst, s ? s : "", len);
	dst[len] = '\0';
}

static void expect_correct(struct report *r, const struct course_part *p,
			   const struct rt_part *rt, int line, const char *what,
			   const char *answer)
{
	struct course_check_result res;
	memset(&res, 0, sizeof res);
	long rule;
	course_check_rt(p, rt, answer, NULL, &res, &rule);
	if (res.verdict != COURSE_CORRECT) {
		char fb[200];
		first_line(fb, sizeof fb, res.feedback);
		problem(r, rt->file, line, "%s: %s \"%s\" is judged %s: %s", p->id,
			what, answer, course_verdict_name(res.verdict), fb);
	}
	if (res.facts_missing)
		problem(r, rt->file, line, "%s: for %s \"%s\", %u fact%s ({=…}) of a note "
			"cannot be computed", p->id, what, answer, res.facts_missing,
			res.facts_missing == 1 ? "" : "s");
	course_result_clear(&res);
}

static void check_rules(struct report *r, const struct course_part *p,
			const struct rt_part *rt)
{
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *rule = &rt->rules[i];
		const char *ex = rule->y->example ? rule->y->example : rule->y->value;
		if (rule->y->source_error && !p->erratum)
			problem(r, rt->file, rule->pos.line,
				"%s: a source_error rule, but the part has no erratum to show with it", p->id);
		if (!ex) {
			problem(r, rt->file, rule->pos.line,
				"%s: feedback rule %zu ('when') needs an 'example' answer it catches",
				p->id, i + 1);
			continue;
		}
		struct course_check_result res;
		memset(&res, 0, sizeof res);
		long got;
		course_check_rt(p, rt, ex, NULL, &res, &got);
		if (res.facts_missing)
			problem(r, rt->file, rule->pos.line,
				"%s: feedback rule %zu's message has facts ({=…}) that cannot be "
				"computed for its example \"%s\"", p->id, i + 1, ex);
		if (res.verdict != COURSE_INCORRECT || got != (long)i) {
			char fb[200];
			first_line(fb, sizeof fb, res.feedback);
			if (got >= 0)
				problem(r, rt->file, rule->pos.line,
					"%s: feedback rule %zu's example \"%s\" is caught by rule %ld first",
					p->id, i + 1, ex, got + 1);
			else
				problem(r, rt->file, rule->pos.line,
					"%s: feedback rule %zu's example \"%s\" does not get its message (%s: %s)",
					p->id, i + 1, ex, course_verdict_name(res.verdict), fb);
		}
		course_result_clear(&res);
	}
}

/* Try every value 0..32 of the names that are not fixed: a configuration
 * part must have at least one right answer. */
static void check_config_exists(struct report *r, const struct course_part *p,
				const struct rt_part *rt)
{
	const char *free_names[RT_MAX_NAMES];
	size_t n_free = 0;
	for (size_t i = 0; i < rt->n_names; i++) {
		bool fixed = false;
		for (size_t j = 0; j < rt->fixed.n; j++)
			if (!strcmp(rt->fixed.names[j], rt->names[i]))
				fixed = true;
		if (!fixed)
			free_names[n_free++] = rt->names[i];
	}
	if (n_free == 0 || n_free > 3 || !rt->constraint)
		return;
	struct engine_scope *s = course_rt_scope(rt);
	if (!s)
		return;
	for (size_t j = 0; j < rt->fixed.n; j++)
		engine_scope_bind_number(s, rt->fixed.names[j], rt->fixed.values[j]);
	unsigned idx[3] = { 0, 0, 0 };
	size_t found = 0;
	for (;;) {
		for (size_t k = 0; k < n_free; k++)
			engine_scope_bind_number(s, free_names[k], idx[k]);
		struct engine_value *v = NULL;
		struct engine_error e;
		if (engine_eval(rt->constraint, s, &v, &e) &&
		    (v->kind == ENGINE_BOOL || v->kind == ENGINE_NUMBER) && v->number != 0)
			found++;
		engine_value_free(v);
		size_t k = 0;
		while (k < n_free && ++idx[k] > 32)
			idx[k++] = 0;
		if (k == n_free)
			break;
	}
	engine_scope_free(s);
	if (!found)
		problem(r, rt->file, rt->check_pos.line,
			"%s: no configuration with values 0..32 satisfies the constraint", p->id);
}

/* A note whose `when` fails to evaluate would silently never show: try
 * each one on the part's expected value. */
static void check_notes(struct report *r, const struct course_part *p,
			const struct rt_part *rt)
{
	enum course_answer_kind k = rt->y->kind;
	if (!rt->expected_val || (k != COURSE_NUMBER && k != COURSE_SEQUENCE &&
				  k != COURSE_SHAPE))
		return;
	struct engine_scope *s = course_rt_scope(rt);
	if (!s)
		return;
	struct engine_value b = { .kind = ENGINE_BOOL, .number = 0 };
	engine_scope_bind(s, "answer", rt->expected_val);
	engine_scope_bind(s, "answer_is_shape", &b);
	for (size_t i = 0; i < rt->n_notes; i++) {
		if (!rt->notes[i].when)
			continue;
		struct engine_value *v = NULL;
		struct engine_error e;
		memset(&e, 0, sizeof e);
		if (!engine_eval(rt->notes[i].when, s, &v, &e))
			problem(r, rt->file, rt->notes[i].pos.line,
				"%s: note %zu's 'when' does not evaluate on the expected answer: %s: %s",
				p->id, i + 1, engine_error_kind_name(e.kind), e.message);
		engine_value_free(v);
	}
	engine_scope_free(s);
}

static void check_part(struct report *r, const struct course_part *p,
		       const struct rt_part *rt)
{
	const struct y_check *c = rt->y->check;
	int line = rt->check_pos.line;
	if (rt->y->kind == COURSE_CONFIGURATION)
		check_config_exists(r, p, rt);
	else if (c->expected)
		expect_correct(r, p, rt, line, "its expected answer", c->expected);
	for (unsigned i = 0; i < c->accept_count; i++)
		expect_correct(r, p, rt, line, "accepted answer", c->accept[i]);
	for (unsigned i = 0; i < c->examples_count; i++)
		expect_correct(r, p, rt, rt->example_pos ? rt->example_pos[i].line : line,
			       "example", c->examples[i]);
	check_rules(r, p, rt);
	check_notes(r, p, rt);
	r->n += course_mistakes_unused(p, rt, &r->sb);
	for (size_t i = 0; i < p->n_steps; i++)
		if (rt->step_errors && rt->step_errors[i])
			problem(r, rt->file, rt->step_pos[i].line,
				"%s: step %zu (\"%s\") does not evaluate: %s", p->id,
				i + 1, p->steps[i].expr, rt->step_errors[i]);
}

size_t course_validate(const struct course *c, char **report)
{
	struct report r = { STRBUF_INIT, 0 };
	const struct course_impl *ci = (const struct course_impl *)c;
	for (size_t q = 0; c && q < c->n_questions; q++)
		for (size_t j = 0; j < q; j++)
			if (!strcmp(c->questions[q].id, c->questions[j].id))
				problem(&r, ci->files[q], 1,
					"question id '%s' is also used in %s",
					c->questions[q].id, ci->files[j]);
	for (size_t i = 0; c && i < ci->n_parts; i++) {
		const struct course_part *p = ci->flat[i];
		const struct rt_part *rt = &ci->rt[i];
		for (size_t j = 0; j < i; j++)
			if (!strcmp(p->id, ci->flat[j]->id))
				problem(&r, rt->file, rt->pos.line,
					"part id '%s' is also used at %s:%d", p->id,
					ci->rt[j].file, ci->rt[j].pos.line);
			else if (!strcasecmp(p->id, ci->flat[j]->id))
				problem(&r, rt->file, rt->pos.line,
					"part id '%s' differs from '%s' (%s:%d) only in case, and "
					"answer sheets match ids without regard to case", p->id,
					ci->flat[j]->id, ci->rt[j].file, ci->rt[j].pos.line);
		check_part(&r, p, rt);
	}
	if (report)
		*report = strbuf_steal(&r.sb);
	strbuf_free(&r.sb);
	return r.n;
}
