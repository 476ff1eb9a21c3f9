/* course_validate: prove a loaded course consistent by running its own
 * answers through the checker: every expected answer and example is
 * correct, every feedback rule catches its example (and no earlier rule
 * does), every note's predicate evaluates, every worked step evaluates,
 * every id is unique. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "check.h"
#include "model.h"
#include "mutations.h"

struct report {
	struct strbuf sb;
	size_t n;
	size_t warnings;
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

static void warning(struct report *r, const char *file, int line,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A line of the report that is not a problem: it does not count. */
static void warning(struct report *r, const char *file, int line,
		    const char *fmt, ...)
{
	strbuf_printf(&r->sb, "%s:%d: warning: ", file, line);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&r->sb, fmt, ap);
	va_end(ap);
	strbuf_putc(&r->sb, '\n');
	r->warnings++;
}

/* The same text once spaces are set aside. */
static bool same_text(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
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
		if (rule->y->example && rule->y->value && same_text(rule->y->example, rule->y->value))
			warning(r, rt->file, rule->pos.line, "%s: feedback rule %zu's example only "
				"repeats its value: leave it out (the value is tried anyway), or write "
				"the answer another way, as a student would", p->id, i + 1);
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
 * part must have at least one right answer (true too when there is
 * nothing to try: no free name, or more than 3). */
static bool some_config(const struct rt_part *rt)
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
		return true;   /* nothing to try */
	struct engine_scope *s = course_rt_scope(rt);
	if (!s)
		return true;
	for (size_t j = 0; j < rt->fixed.n; j++)
		engine_scope_bind_number(s, rt->fixed.names[j], rt->fixed.values[j]);
	unsigned idx[3] = { 0, 0, 0 };
	bool found = false;
	while (!found) {
		for (size_t k = 0; k < n_free; k++)
			engine_scope_bind_number(s, free_names[k], idx[k]);
		found = course_chk_predicate(rt->constraint, s);
		size_t k = 0;
		while (k < n_free && ++idx[k] > 32)
			idx[k++] = 0;
		if (k == n_free)
			break;
	}
	engine_scope_free(s);
	return found;
}

static void check_config_exists(struct report *r, const struct course_part *p,
				const struct rt_part *rt)
{
	if (!some_config(rt))
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

/* Run a declared lab once, with answer (may be NULL) in its answer
 * parameter: its own rules hold at load, this finds those that tie its
 * parameters together (a kernel wider than the padded input). */
static void run_lab(struct report *r, const struct course_lab *lab, const char *who,
		    const char *answer, const char *value)
{
	struct lab_params *params = course_lab_params(lab);
	struct lab_error e = { 0 };
	struct lab_result *res = NULL;
	bool ok = params && (!value || lab_params_set(params, lab->answer, value, &e)) &&
		  lab_run(lab->kind, params, 1, &res, &e);
	if (!params)
		snprintf(e.message, sizeof e.message, "out of memory");
	if (!ok && answer)
		problem(r, lab->file, lab->line, "%s: its lab (%s) does not run on the example "
			"answer \"%s\" (%s=%s): %s: %s", who, lab->kind->name, answer,
			lab->answer, value ? value : "?", lab_error_kind_name(e.kind), e.message);
	else if (!ok)
		problem(r, lab->file, lab->line, "%s: its lab (%s) does not run: %s: %s", who,
			lab->kind->name, lab_error_kind_name(e.kind), e.message);
	lab_result_free(res);
	lab_params_free(params);
}

static void check_lab(struct report *r, const struct course *c, const struct course_part *p,
		      const struct rt_part *rt)
{
	const struct course_lab *lab = p->lab;
	if (!lab)
		return;
	run_lab(r, lab, p->id, NULL, NULL);
	if (!lab->answer)
		return;
	/* The answers the part says are right must show in its lab. */
	const struct y_check *ch = rt->y->check;
	for (unsigned i = 0; i < ch->examples_count; i++) {
		char *value = course_lab_answer(c, p, ch->examples[i]);
		if (value)
			run_lab(r, lab, p->id, ch->examples[i], value);
		else
			problem(r, lab->file, lab->line, "%s: its lab takes the answer, but the "
				"example answer \"%s\" gives no value for %s", p->id,
				ch->examples[i], lab->answer);
		free(value);
	}
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
	for (size_t i = 0; i < rt->n_constraints; i++)
		if (rt->constraints[i] && !course_chk_predicate(rt->constraints[i], rt->scope))
			problem(r, rt->file, rt->pos.line, "%s: the lesson's own givens do not meet "
				"its constraint \"%s\"", p->id, rt->y->constraints[i]);
	r->n += course_mistakes_unused(p, rt, &r->sb);
	for (size_t i = 0; i < p->n_steps; i++)
		if (rt->step_errors && rt->step_errors[i])
			problem(r, rt->file, rt->step_pos[i].line,
				"%s: step %zu (\"%s\") does not evaluate: %s", p->id,
				i + 1, p->steps[i].expr, rt->step_errors[i]);
}

/* The published givens must meet the question's own constraints. */
static void check_question_constraints(struct report *r, const struct course_impl *ci,
				       size_t q)
{
	const struct rt_question *rq = &ci->rq[q];
	const struct y_question *yq = ci->yq[q];
	struct engine_scope *s = engine_scope_new();
	for (size_t i = 0; s && i < rq->n_givens; i++)
		if (rq->given_vals[i])
			engine_scope_bind(s, yq->givens[i].name, rq->given_vals[i]);
	for (size_t i = 0; s && i < rq->n_constraints; i++)
		if (rq->constraints[i] && !course_chk_predicate(rq->constraints[i], s))
			problem(r, ci->files[q], rq->pos.line, "%s: the lesson's own givens do not "
				"meet its constraint \"%s\"", yq->id, yq->constraints[i]);
	engine_scope_free(s);
}

static size_t validate_into(const struct course *c, struct report *out);

size_t course_validate(const struct course *c, char **report)
{
	struct report r = { STRBUF_INIT, 0, 0 };
	validate_into(c, &r);
	if (report)
		*report = strbuf_steal(&r.sb);
	strbuf_free(&r.sb);
	return r.n;
}

static size_t validate_into(const struct course *c, struct report *out)
{
	struct report r = { STRBUF_INIT, 0, 0 };
	const struct course_impl *ci = (const struct course_impl *)c;
	for (size_t q = 0; c && q < c->n_questions; q++)
		for (size_t j = 0; j < q; j++)
			if (!strcmp(c->questions[q].id, c->questions[j].id))
				problem(&r, ci->files[q], 1,
					"question id '%s' is also used in %s",
					c->questions[q].id, ci->files[j]);
	for (size_t q = 0; c && ci->rq && q < c->n_questions; q++)
		check_question_constraints(&r, ci, q);
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
		check_lab(&r, c, p, rt);
	}
	for (size_t q = 0; c && q < c->n_questions; q++)
		if (c->questions[q].lab)
			run_lab(&r, c->questions[q].lab, c->questions[q].id, NULL, NULL);
	strbuf_append(&out->sb, strbuf_str(&r.sb));
	out->n += r.n;
	out->warnings += r.warnings;
	strbuf_free(&r.sb);
	return r.n;
}

/* ---- variants ------------------------------------------------------------- */

enum fail_kind {
	FAIL_EXPECTED,    /* the expected answer (or an accepted one) is not right */
	FAIL_NO_CONFIG,   /* a configuration part with no right answer */
	FAIL_INTEGER,     /* a whole number in the published homework is not one */
	FAIL_STEP,        /* a worked step does not evaluate */
	FAIL_NOTE,        /* a note's predicate or fact does not compute */
	FAIL_SHADOWED,    /* a rule's own value gets an earlier rule's message */
	FAIL_FACTS,       /* a rule's message has a fact that does not compute */
	FAIL_KINDS
};

/* The first failure of one kind in one part, and how many variants had it. */
struct failure {
	size_t count;
	char *first;
};

struct variant_proof {
	struct report *r;
	const struct course_impl *base;
	struct failure *fails;         /* n_parts × FAIL_KINDS */
	size_t *drops;                 /* per part: offset into rule drop counts */
	size_t *rule_drops;
};

/* "variant 12 (W0 = 200, K1 = 8)": which numbers a failure had. */
static void describe_variant(struct strbuf *sb, const struct course *v,
			     const struct course_part *p)
{
	strbuf_printf(sb, "variant %llu", (unsigned long long)v->variant);
	for (size_t i = 0; i < p->n_givens && sb->len < 400; i++)
		strbuf_printf(sb, "%s%s = %s", i ? ", " : " (", p->givens[i].name,
			      p->givens[i].text ? p->givens[i].text : "?");
	if (p->n_givens)
		strbuf_putc(sb, ')');
}

static void note_failure(struct variant_proof *vp, size_t part, enum fail_kind kind,
			 const struct course *v, const struct course_part *p, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void note_failure(struct variant_proof *vp, size_t part, enum fail_kind kind,
			 const struct course *v, const struct course_part *p, const char *fmt, ...)
{
	struct failure *f = &vp->fails[part * FAIL_KINDS + kind];
	if (f->count++)
		return;
	struct strbuf sb = STRBUF_INIT;
	describe_variant(&sb, v, p);
	strbuf_append(&sb, ": ");
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	f->first = strbuf_steal(&sb);
}

/* Judge answer in the variant's part: true when right; else why. */
static bool right_in(const struct course_part *p, const struct rt_part *rt, const char *answer,
		     char *why, size_t n, unsigned *facts_missing)
{
	struct course_check_result res;
	memset(&res, 0, sizeof res);
	long rule;
	course_check_rt(p, rt, answer, NULL, &res, &rule);
	bool ok = res.verdict == COURSE_CORRECT;
	if (!ok) {
		char fb[200];
		first_line(fb, sizeof fb, res.feedback);
		snprintf(why, n, "judged %s: %s", course_verdict_name(res.verdict), fb);
	}
	if (facts_missing)
		*facts_missing = res.facts_missing;
	course_result_clear(&res);
	return ok;
}

static void prove_part(struct variant_proof *vp, size_t i, const struct course *v)
{
	const struct course_impl *vi = (const struct course_impl *)v;
	const struct course_part *p = vi->flat[i];
	const struct rt_part *rt = &vi->rt[i], *brt = &vp->base->rt[i];
	const struct y_check *c = rt->y->check;
	char why[300];
	unsigned facts = 0;
	if (rt->y->kind == COURSE_CONFIGURATION) {
		if (!some_config(rt))
			note_failure(vp, i, FAIL_NO_CONFIG, v, p, "no configuration with values "
				     "0..32 satisfies the constraint");
	} else if (c->expected && !right_in(p, rt, c->expected, why, sizeof why, &facts)) {
		note_failure(vp, i, FAIL_EXPECTED, v, p, "its expected answer \"%s\" is %s",
			     c->expected, why);
	}
	if (facts)
		note_failure(vp, i, FAIL_NOTE, v, p, "%u fact%s of a note cannot be computed",
			     facts, facts == 1 ? "" : "s");
	for (unsigned k = 0; k < c->accept_count; k++)
		if (!right_in(p, rt, c->accept[k], why, sizeof why, NULL))
			note_failure(vp, i, FAIL_EXPECTED, v, p, "accepted answer \"%s\" is %s",
				     c->accept[k], why);
	if (brt->expected_val && course_chk_whole(brt->expected_val) &&
	    !course_chk_whole(rt->expected_val)) {
		char *shown = rt->expected_val ? engine_value_print(rt->expected_val) : NULL;
		note_failure(vp, i, FAIL_INTEGER, v, p, "the expected answer is %s, not a whole "
			     "number as in the published homework", shown ? shown : "undefined");
		free(shown);
	}
	/* sizes are counted in number, sequence, shape and configuration parts;
	 * a formula part's steps are examples, whole or not */
	enum course_answer_kind kind = rt->y->kind;
	bool sizes = kind != COURSE_FORMULA && kind != COURSE_MATRIX_EXPR && kind != COURSE_CHOICE;
	for (size_t k = 0; k < p->n_steps; k++) {
		if (rt->step_errors && rt->step_errors[k]) {
			note_failure(vp, i, FAIL_STEP, v, p, "step %zu (\"%s\") does not evaluate: %s",
				     k + 1, p->steps[k].expr, rt->step_errors[k]);
			continue;
		}
		/* the build evaluated every step and noted whether it is whole */
		if (sizes && p->steps[k].expr && brt->step_whole[k] && !rt->step_whole[k])
			note_failure(vp, i, FAIL_INTEGER, v, p, "step %zu (\"%s\") is %s, not a "
				     "whole number as in the published homework", k + 1,
				     p->steps[k].expr, p->steps[k].value ? p->steps[k].value : "?");
	}
	struct report notes = { STRBUF_INIT, 0, 0 };
	check_notes(&notes, p, rt);
	if (notes.n)
		note_failure(vp, i, FAIL_NOTE, v, p, "%s", strbuf_str(&notes.sb));
	strbuf_free(&notes.sb);
	/* A rule whose value is the right answer here cannot be told from it
	 * (never reached: a drop). Otherwise its value must get its own
	 * message, not an earlier rule's: that would tell the student of
	 * another mistake. The published solution's own numbers are not
	 * consulted in a variant. */
	for (size_t k = 0; k < rt->n_rules; k++) {
		const struct rt_rule *rule = &rt->rules[k];
		if (!rule->y->value || rt->y->kind == COURSE_CHOICE ||
		    !course_chk_rule_applies(rt, rule))
			continue;
		struct course_check_result res;
		memset(&res, 0, sizeof res);
		long got = -1;
		course_check_rt(p, rt, rule->y->value, NULL, &res, &got);
		if (res.verdict == COURSE_CORRECT)
			vp->rule_drops[vp->drops[i] + k]++;
		else if (got != (long)k)
			note_failure(vp, i, FAIL_SHADOWED, v, p, "feedback rule %zu's value \"%s\" "
				     "gets %s%ld's message, not its own", k + 1, rule->y->value,
				     got >= 0 ? "rule " : "no rule (", got >= 0 ? got + 1 : 0);
		if (res.facts_missing)
			note_failure(vp, i, FAIL_FACTS, v, p, "feedback rule %zu's message has %u "
				     "fact%s that cannot be computed", k + 1, res.facts_missing,
				     res.facts_missing == 1 ? "" : "s");
		course_result_clear(&res);
	}
}

size_t course_validate_variants(const struct course *c, size_t variants, char **report,
				struct course_validate_stats *st)
{
	struct report r = { STRBUF_INIT, 0, 0 };
	const struct course_impl *ci = (const struct course_impl *)c;
	if (ci && ci->base)
		ci = ci->base;
	struct course_validate_stats stats = { .variants = variants };
	validate_into(c, &r);
	bool *varies_q = ci ? calloc(c->n_questions + 1, sizeof *varies_q) : NULL;
	for (size_t q = 0; varies_q && q < c->n_questions; q++)
		stats.varying_questions += varies_q[q] = course_question_varies(ci->yq[q], UINT_MAX);
	struct variant_proof vp = { &r, ci, NULL, NULL, NULL };
	size_t n_rules = 0;
	if (stats.varying_questions && variants) {
		vp.fails = calloc(ci->n_parts * FAIL_KINDS + 1, sizeof *vp.fails);
		vp.drops = calloc(ci->n_parts + 1, sizeof *vp.drops);
		for (size_t i = 0; vp.drops && i < ci->n_parts; i++) {
			vp.drops[i] = n_rules;
			n_rules += ci->rt[i].n_rules;
		}
		vp.rule_drops = calloc(n_rules + 1, sizeof *vp.rule_drops);
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* per question: variants that could not be built, and the first one's
	 * message (which names the file, line and variant) */
	struct failure *built = vp.fails ? calloc(c->n_questions + 1, sizeof *built) : NULL;
	unsigned most_draws = 0;
	for (size_t k = 1; vp.fails && vp.rule_drops && built && k <= variants; k++) {
		char *err = NULL;
		/* the draws the constraints took: the margin to MAX_DRAWS */
		struct course *v = course_variant_drawn(c, k, &err, &most_draws);
		if (!v) {
			/* the question whose file the first message names */
			size_t q = 0;
			for (; err && q < c->n_questions; q++) {
				size_t len = strlen(ci->files[q]);
				if (!strncmp(err, ci->files[q], len) && err[len] == ':')
					break;
			}
			if (q == c->n_questions)
				q = 0;
			if (!built[q].count++) {
				struct strbuf sb = STRBUF_INIT;
				strbuf_printf(&sb, "variant %zu: %s", k,
					      err ? strtok(err, "\n") : "out of memory");
				built[q].first = strbuf_steal(&sb);
			}
			free(err);
			continue;
		}
		free(err);
		for (size_t q = 0; q < c->n_questions; q++) {
			if (!varies_q[q])
				continue;
			for (size_t j = 0; j < c->questions[q].n_parts; j++)
				if (course_question_varies(ci->yq[q], (unsigned)j))
					prove_part(&vp, ci->first_part[q] + j, v);
		}
		course_free(v);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	stats.seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	static const char *const kind_words[FAIL_KINDS] = {
		"an answer the part gives as right is not",
		"no right configuration",
		"a size is not a whole number",
		"a worked step does not evaluate",
		"a note does not compute",
		"a feedback rule is hidden by another",
		"a feedback message does not compute",
	};
	for (size_t q = 0; built && q < c->n_questions; q++) {
		if (built[q].count)
			problem(&r, ci->files[q], ci->rq[q].pos.line, "%s: the course cannot be built "
				"in %zu of %zu variants; the first, %s", ci->yq[q]->id, built[q].count,
				variants, built[q].first);
		free(built[q].first);
	}
	free(built);
	stats.most_draws = most_draws;
	for (size_t i = 0; vp.fails && i < ci->n_parts; i++) {
		for (int kind = 0; kind < FAIL_KINDS; kind++) {
			struct failure *f = &vp.fails[i * FAIL_KINDS + kind];
			if (f->count)
				problem(&r, ci->rt[i].file, ci->rt[i].pos.line,
					"%s: %s in %zu of %zu variants; the first, %s", ci->flat[i]->id,
					kind_words[kind], f->count, variants, f->first);
			free(f->first);
		}
		for (size_t k = 0; vp.rule_drops && k < ci->rt[i].n_rules; k++) {
			size_t d = vp.rule_drops[vp.drops[i] + k];
			if (!d)
				continue;
			struct course_rule_drops *grown = realloc(stats.drops,
				(stats.n_drops + 1) * sizeof *grown);
			if (!grown)
				break;
			stats.drops = grown;
			stats.drops[stats.n_drops++] = (struct course_rule_drops){
				ci->flat[i]->id, k + 1, d };
		}
	}
	stats.warnings = r.warnings;
	free(vp.fails);
	free(vp.drops);
	free(vp.rule_drops);
	free(varies_q);
	if (st)
		*st = stats;
	else
		free(stats.drops);
	if (report)
		*report = strbuf_steal(&r.sb);
	strbuf_free(&r.sb);
	return r.n;
}
