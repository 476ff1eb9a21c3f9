/* What course_check returns: the helpers that fill a result (verdicts,
 * messages, the erratum of a source error, notes), shared by the checkers
 * of every kind. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ---- results ---------------------------------------------------------------- */

void course_chk_set_text(char **dst, const char *s)
{
	free(*dst);
	*dst = strdup(s ? s : "");
}

void course_chk_invalid(struct course_check_result *out, const char *answer,
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

void course_chk_invalid_msg(struct course_check_result *out, const char *answer,
			enum engine_error_kind kind, size_t start, size_t end,
			const char *msg)
{
	struct engine_error e;
	memset(&e, 0, sizeof e);
	e.kind = kind;
	e.start = start;
	e.end = end;
	snprintf(e.message, sizeof e.message, "%s", msg);
	course_chk_invalid(out, answer, &e);
}

/* Lesson text from YAML block scalars ends in a newline: drop it. */
static void append_trimmed(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	strbuf_append_n(sb, s, n);
}

/* A template's text, its facts computed in scope; when a fact cannot be
 * computed the text is shown without the sentence that needs it rather
 * than with a hole (validate reports such a template). */
static void append_template(struct strbuf *sb, const struct course_template *t,
			    const char *fallback, const struct engine_scope *scope,
			    struct course_check_result *out)
{
	struct strbuf tmp = STRBUF_INIT;
	if (!course_template_has_exprs(t))
		append_trimmed(sb, fallback);
	else if (course_template_render(t, scope, &tmp, NULL))
		append_trimmed(sb, strbuf_str(&tmp));
	else
		out->facts_missing++;
	strbuf_free(&tmp);
}

void course_chk_rule_feedback(const struct course_part *part,
			      const struct rt_rule *r, const struct engine_scope *scope,
			      struct course_check_result *out)
{
	struct strbuf sb = STRBUF_INIT;
	append_template(&sb, &r->message, r->y->message, scope ? scope : part->scope, out);
	out->source_error = r->y->source_error;
	if (r->y->source_error && part->erratum) {
		const struct course_erratum *er = part->erratum;
		const char *note = course_erratum_note(er);
		if (note)
			strbuf_printf(&sb, "\n%s", note);
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

bool course_chk_predicate(const struct engine_expr *when, const struct engine_scope *s)
{
	struct engine_value *v = NULL;
	struct engine_error e;
	bool yes = engine_eval(when, s, &v, &e) && truthy(v);
	engine_value_free(v);
	return yes;
}

void course_chk_add_notes(const struct rt_part *rt, const struct engine_scope *ps,
			  struct course_check_result *out)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < rt->n_notes; i++) {
		const struct rt_note *n = &rt->notes[i];
		if (n->when && (!ps || !course_chk_predicate(n->when, ps)))
			continue;
		size_t before = sb.len;
		if (sb.len)
			strbuf_putc(&sb, '\n');
		size_t mark = sb.len;
		append_template(&sb, &n->text, n->y->text, ps ? ps : rt->scope, out);
		if (sb.len == mark) {  /* nothing to say: drop the separator */
			sb.len = before;
			if (sb.buf)
				sb.buf[before] = '\0';
		}
	}
	if (sb.len)
		out->note = strbuf_steal(&sb);
	strbuf_free(&sb);
}

bool course_chk_near(double a, double b, double tol)
{
	return fabs(a - b) <= tol * fmax(1.0, fmax(fabs(a), fabs(b)));
}


const char *course_erratum_note(const struct course_erratum *e)
{
	return e && e->published_numbers
		? "(The published solution worked on the homework's own numbers, not on "
		  "this variant's: its words below are about those.)"
		: NULL;
}

const char *course_source_error_words(const struct course_part *part)
{
	return part && part->erratum && part->erratum->published_numbers
		? "This is the published solution's mistake, made here with your numbers."
		: "This is the published solution's answer.";
}

bool course_chk_rule_applies(const struct rt_part *rt, const struct rt_rule *r)
{
	return !r->y->published || rt->published;
}

/* A whole number, up to rounding (‖v‖² of whole entries may be 77.9999…). */
static bool whole(double x)
{
	return fabs(x - round(x)) <= 1e-9 * fmax(1, fabs(x));
}

bool course_chk_whole(const struct engine_value *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case ENGINE_NUMBER:
		return whole(v->number);
	case ENGINE_MATRIX:
		for (size_t i = 0; i < v->rows * v->cols; i++)
			if (!whole(v->data[i]))
				return false;
		return true;
	case ENGINE_SHAPE:
		return true;
	default:
		return false;
	}
}

