/* Helpers shared by the engine test programs (see support.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "strbuf.h"

bool t_bind_vector(struct engine_scope *s, const char *name, size_t n,
		   const double *data)
{
	return t_bind_matrix(s, name, n, 1, data);
}

bool t_bind_matrix(struct engine_scope *s, const char *name, size_t rows,
		   size_t cols, const double *data)
{
	struct engine_value v;
	memset(&v, 0, sizeof v);
	v.kind = ENGINE_MATRIX;
	v.rows = rows;
	v.cols = cols;
	v.data = (double *)data; /* engine_scope_bind copies it */
	return engine_scope_bind(s, name, &v);
}

struct engine_scope *t_std_scope(void)
{
	struct engine_scope *s = engine_scope_new();
	if (!s)
		return NULL;
	static const struct { const char *name; double x; } nums[] = {
		{ "x", 3 }, { "y", 2 }, { "a", 5 }, { "b", 2 }, { "c", -1 },
		{ "g", 2 }, { "p", 0.25 }, { "P", 1 }, { "K", 4 }, { "S", 2 },
		{ "W", 10 }, { "W1", 32 }, { "λ", 0.5 },
	};
	bool ok = true;
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		ok = ok && engine_scope_bind_number(s, nums[i].name, nums[i].x);
	static const double u[] = { 1, 2, 3 }, v[] = { 4, 5, 6 }, w[] = { 3, 4 };
	static const double A[] = { 1, 2, 3, 4 }, B[] = { 0, 1, 1, 0 };
	ok = ok && t_bind_vector(s, "u", 3, u) && t_bind_vector(s, "v", 3, v) &&
	     t_bind_vector(s, "w", 2, w) && t_bind_matrix(s, "A", 2, 2, A) &&
	     t_bind_matrix(s, "B", 2, 2, B);
	if (!ok) {
		print_error("t_std_scope: binding the standard names failed\n");
		engine_scope_free(s);
		return NULL;
	}
	return s;
}

unsigned t_parse_flags;

struct engine_expr *t_parse(const char *text, const struct engine_scope *scope,
			    struct engine_error *err)
{
	struct engine_parse_options opt = { t_parse_flags, NULL };
	return engine_parse_ex(text, strlen(text), scope, &opt, err);
}

bool t_close(double a, double b, double rel)
{
	if (isnan(a) || isnan(b))
		return false;
	if (a == b)
		return true;
	double scale = fmax(fabs(a), fabs(b));
	return fabs(a - b) <= rel * scale || fabs(a - b) <= 1e-12;
}

static char *describe_error(const struct engine_error *err, bool ranges)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%s: %s", engine_error_kind_name(err->kind),
		      err->message);
	if (ranges)
		strbuf_printf(&sb, " [%zu,%zu)", err->start, err->end);
	return strbuf_steal(&sb);
}

static char *describe(const char *text, const struct engine_scope *scope,
		      bool ranges)
{
	struct engine_error err;
	memset(&err, 0, sizeof err);
	struct engine_expr *e = t_parse(text, scope, &err);
	if (!e)
		return describe_error(&err, ranges);
	struct engine_value *val = NULL;
	memset(&err, 0, sizeof err);
	bool ok = engine_eval(e, scope, &val, &err);
	engine_expr_free(e);
	if (!ok)
		return describe_error(&err, ranges);
	char *s = engine_value_print(val);
	engine_value_free(val);
	return s ? s : strdup("(engine_value_print returned NULL)");
}

char *t_describe(const char *text, const struct engine_scope *scope)
{
	return describe(text, scope, true);
}

char *t_outcome(const char *text, const struct engine_scope *scope)
{
	return describe(text, scope, false);
}

static bool as_number(const struct engine_value *v, double *out)
{
	if (v->kind == ENGINE_NUMBER) {
		*out = v->number;
		return true;
	}
	if (v->kind == ENGINE_MATRIX && v->rows == 1 && v->cols == 1) {
		*out = v->data[0];
		return true;
	}
	return false;
}

bool t_eval_number(const char *text, const struct engine_scope *scope,
		   double *out)
{
	struct engine_value *v = NULL;
	struct engine_error err;
	if (!engine_eval_text(text, scope, &v, &err))
		return false;
	bool ok = as_number(v, out);
	engine_value_free(v);
	return ok;
}

/* Does the value match "M r c: ..." / "S: ..."? */
static bool matches_numbers(const struct engine_value *v, const char *expect)
{
	const char *p;
	size_t rows = 0, cols = 0, count;
	double *want_data;
	size_t have_count;
	if (expect[0] == 'M') {
		char *end;
		rows = strtoul(expect + 1, &end, 10);
		cols = strtoul(end, &end, 10);
		if (*end != ':' || v->kind != ENGINE_MATRIX || v->rows != rows ||
		    v->cols != cols)
			return false;
		p = end + 1;
		count = rows * cols;
		want_data = v->data;
		have_count = v->rows * v->cols;
	} else {
		if (v->kind != ENGINE_SHAPE)
			return false;
		p = expect + 2;
		want_data = v->dims;
		have_count = v->ndims;
		count = 0;
		for (const char *q = p; *q; q++)
			if ((q == p || q[-1] == ' ') && *q != ' ')
				count++;
	}
	if (have_count != count)
		return false;
	for (size_t i = 0; i < count; i++) {
		char *end;
		double want = strtod(p, &end);
		if (end == p)
			return false;
		p = end;
		if (!t_close(want_data[i], want, 1e-9))
			return false;
	}
	return true;
}

static bool row_passes(const char *text, const char *expect,
		       const struct engine_scope *scope)
{
	struct engine_error err;
	memset(&err, 0, sizeof err);
	struct engine_value *v = NULL;
	struct engine_expr *e = t_parse(text, scope, &err);
	bool ok = false;
	if (e) {
		memset(&err, 0, sizeof err);
		ok = engine_eval(e, scope, &v, &err);
		engine_expr_free(e);
	}
	if (expect[0] == '!') {
		if (ok) {
			engine_value_free(v);
			return false;
		}
		const char *kind = expect + 1;
		const char *colon = strstr(kind, ": ");
		size_t klen = colon ? (size_t)(colon - kind) : strlen(kind);
		const char *have = engine_error_kind_name(err.kind);
		if (!(klen == 1 && kind[0] == '*') &&
		    (strlen(have) != klen || strncmp(have, kind, klen) != 0))
			return false;
		/* "a|b": every part must appear in the message. */
		for (const char *part = colon ? colon + 2 : NULL; part && *part;) {
			const char *bar = strchr(part, '|');
			size_t plen = bar ? (size_t)(bar - part) : strlen(part);
			char buf[256];
			if (plen >= sizeof buf)
				return false;
			memcpy(buf, part, plen);
			buf[plen] = '\0';
			if (!strstr(err.message, buf))
				return false;
			part = bar ? bar + 1 : NULL;
		}
		/* Every error must carry a sane byte range inside the text. */
		return err.start <= err.end && err.end <= strlen(text);
	}
	if (!ok)
		return false;
	bool pass;
	double want, have;
	char *end;
	if (!strcmp(expect, "true") || !strcmp(expect, "false")) {
		pass = v->kind == ENGINE_BOOL &&
		       (v->number != 0) == (expect[0] == 't');
	} else if ((expect[0] == 'M' && expect[1] == ' ') ||
		   (expect[0] == 'S' && expect[1] == ':')) {
		pass = matches_numbers(v, expect);
	} else if (expect[0] == 'P' && expect[1] == ':') {
		char *s = engine_value_print(v);
		pass = s && !strcmp(s, expect + 3);
		free(s);
	} else {
		want = strtod(expect, &end);
		if (*end != '\0') {
			print_error("bad expectation '%s' for '%s'\n", expect, text);
			pass = false;
		} else {
			pass = as_number(v, &have) && t_close(have, want, 1e-9);
		}
	}
	engine_value_free(v);
	return pass;
}

int t_run_eval_table(const char *table, const struct t_eval_row *rows,
		     size_t n, const struct engine_scope *scope)
{
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		if (row_passes(rows[i].text, rows[i].expect, scope))
			continue;
		char *got = t_describe(rows[i].text, scope);
		print_error("%s: `%s`: expected %s, got %s\n", table, rows[i].text,
			    rows[i].expect, got ? got : "(nothing)");
		free(got);
		failures++;
	}
	return failures;
}

char *t_print(const char *text, const struct engine_scope *scope)
{
	struct engine_error err;
	struct engine_expr *e = t_parse(text, scope, &err);
	if (!e)
		return NULL;
	char *s = engine_expr_print(e);
	engine_expr_free(e);
	return s;
}

char *t_normalise(const char *printed)
{
	static const struct { const char *from, *to; } map[] = {
		{ "−", "-" }, { "×", "·" }, { "*", "·" }, { "^T", "ᵀ" },
		{ "'", "ᵀ" }, { "²", "^2" }, { "³", "^3" }, { " ", "" },
		{ "≤", "<=" }, { "≥", ">=" }, { "≠", "!=" },
	};
	struct strbuf sb = STRBUF_INIT;
	const char *p = printed;
	while (*p) {
		size_t i;
		for (i = 0; i < sizeof map / sizeof map[0]; i++) {
			size_t len = strlen(map[i].from);
			if (!strncmp(p, map[i].from, len)) {
				strbuf_append(&sb, map[i].to);
				p += len;
				break;
			}
		}
		if (i == sizeof map / sizeof map[0])
			strbuf_putc(&sb, *p++);
	}
	return strbuf_steal(&sb);
}
