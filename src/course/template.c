/* Lesson text with computed facts: "pixels {=unread(W, K, S, P, D)} are
 * never read". Every {=EXPR} is parsed when the lesson loads (a broken one
 * is a load error with its column) and evaluated by the engine when the
 * text is shown, with the part's givens and the answer's values bound, so
 * no fact in a note or a message is typed by hand. A vector prints as an
 * English list, long arithmetic runs shortened: "1, 3, 5, …, 63". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

void course_template_free(struct course_template *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->segs[i].text);
		engine_expr_free(t->segs[i].expr);
	}
	free(t->segs);
	memset(t, 0, sizeof *t);
}

static void set_error(struct engine_error *err, enum engine_error_kind kind,
		      const char *msg)
{
	memset(err, 0, sizeof *err);
	err->kind = kind;
	snprintf(err->message, sizeof err->message, "%s", msg);
}

static bool add_seg(struct course_template *t, const char *text, size_t len,
		    struct engine_expr *expr)
{
	struct course_template_seg *s = realloc(t->segs, (t->n + 1) * sizeof *s);
	if (!s)
		return false;
	t->segs = s;
	s[t->n].text = text ? strndup(text, len) : NULL;
	s[t->n].expr = expr;
	if (text && !s[t->n].text)
		return false;
	t->n++;
	return true;
}

bool course_template_parse(const char *text, const struct engine_scope *scope,
			   const struct engine_parse_options *opt,
			   struct course_template *t, size_t *at,
			   struct engine_error *err)
{
	memset(t, 0, sizeof *t);
	const char *p = text;
	for (;;) {
		const char *open = strstr(p, "{=");
		if (!open)
			break;
		const char *close = strchr(open + 2, '}');
		/* an expression may hold braces of its own: {=\frac{a}{b}} */
		int depth = 0;
		for (const char *c = open + 2; *c; c++) {
			if (*c == '{')
				depth++;
			else if (*c == '}' && depth-- == 0) {
				close = c;
				break;
			}
		}
		if (!close) {
			*at = (size_t)(open - text);
			set_error(err, ENGINE_ERR_PARSE, "'{=' is not closed with '}'");
			course_template_free(t);
			return false;
		}
		if (open > p && !add_seg(t, p, (size_t)(open - p), NULL))
			goto oom;
		size_t len = (size_t)(close - open - 2);
		struct engine_expr *e = engine_parse_ex(open + 2, len, scope, opt, err);
		if (!e) {
			*at = (size_t)(open + 2 - text) + err->start;
			course_template_free(t);
			return false;
		}
		if (!add_seg(t, NULL, 0, e)) {
			engine_expr_free(e);
			goto oom;
		}
		p = close + 1;
	}
	if (*p && !add_seg(t, p, strlen(p), NULL))
		goto oom;
	return true;
oom:
	*at = 0;
	set_error(err, ENGINE_ERR_MEMORY, "no memory");
	course_template_free(t);
	return false;
}

bool course_template_has_exprs(const struct course_template *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->segs[i].expr)
			return true;
	return false;
}

static void put_number(struct strbuf *sb, double x)
{
	if (x == 0)
		x = 0;  /* no -0 */
	if (x == floor(x) && fabs(x) < 1e15)
		strbuf_printf(sb, "%.0f", x);
	else
		strbuf_printf(sb, "%.6g", x);
}

/* A vector as a list a student reads: "0, 2, 61 and 63"; an arithmetic
 * run of six or more entries as "1, 3, 5, …, 63". */
static void put_list(struct strbuf *sb, const double *v, size_t n)
{
	size_t i = 0;
	bool first = true;
	while (i < n) {
		size_t run = 1;
		if (i + 1 < n) {
			double step = v[i + 1] - v[i];
			while (i + run < n && v[i + run] - v[i + run - 1] == step)
				run++;
		}
		bool last_item = i + (run >= 6 ? run : 1) >= n;
		if (!first)
			strbuf_append(sb, last_item && run < 6 ? " and " : ", ");
		first = false;
		if (run >= 6) {
			put_number(sb, v[i]);
			strbuf_append(sb, ", ");
			put_number(sb, v[i + 1]);
			strbuf_append(sb, ", ");
			put_number(sb, v[i + 2]);
			strbuf_append(sb, ", …, ");
			put_number(sb, v[i + run - 1]);
			i += run;
		} else {
			put_number(sb, v[i]);
			i++;
		}
	}
}

static bool put_value(struct strbuf *sb, const struct engine_value *v)
{
	switch (v->kind) {
	case ENGINE_NUMBER:
		put_number(sb, v->number);
		return true;
	case ENGINE_BOOL:
		strbuf_append(sb, v->number ? "yes" : "no");
		return true;
	case ENGINE_MATRIX:
		if (engine_value_vector_length(v)) {
			put_list(sb, v->data, v->rows * v->cols);
			return true;
		}
		break;
	default:
		break;
	}
	char *s = engine_value_print(v);
	if (!s)
		return false;
	strbuf_append(sb, s);
	free(s);
	return true;
}

bool course_template_render(const struct course_template *t,
			    const struct engine_scope *scope, struct strbuf *sb,
			    struct engine_error *err)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct course_template_seg *s = &t->segs[i];
		if (s->text) {
			strbuf_append(sb, s->text);
			continue;
		}
		struct engine_value *v = NULL;
		struct engine_error scratch;
		bool ok = engine_eval(s->expr, scope, &v, err ? err : &scratch) &&
			  put_value(sb, v);
		engine_value_free(v);
		if (!ok)
			return false;
	}
	return !sb->oom;
}

bool course_template_text(const char *text, const struct engine_scope *scope,
			  const struct engine_parse_options *opt, char **out,
			  bool *parsed, size_t *at, struct engine_error *err)
{
	struct course_template t;
	*out = NULL;
	*parsed = course_template_parse(text, scope, opt, &t, at, err);
	if (!*parsed)
		return false;
	struct strbuf sb = STRBUF_INIT;
	bool ok = course_template_render(&t, scope, &sb, err);
	course_template_free(&t);
	if (!ok || sb.oom) {
		*at = 0;
		strbuf_free(&sb);
		return false;
	}
	*out = strbuf_steal(&sb);
	return *out != NULL;
}
