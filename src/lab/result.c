/* The result object: blocks of text, tables and plots, all in one arena so
 * a result is freed in one call, and lab_run, which makes one. */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_internal.h"

static const char *const error_words[] = {
#define X(id, word) word,
	LAB_ERROR_KINDS(X)
#undef X
};

const char *lab_error_kind_name(enum lab_error_kind kind)
{
	if ((size_t)kind >= sizeof error_words / sizeof error_words[0])
		return "Error";
	return error_words[kind];
}

bool lab_fail(struct lab_error *err, enum lab_error_kind kind, const char *param,
	      const char *fmt, ...)
{
	if (!err)
		return false;
	err->kind = kind;
	snprintf(err->param, sizeof err->param, "%s", param ? param : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return false;
}

struct lab_result *lab_result_new(const struct lab_kind *kind)
{
	struct lab_result *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->kind = kind;
	arena_init(&r->arena, 0);
	r->title = "";
	return r;
}

void lab_result_free(struct lab_result *r)
{
	if (!r)
		return;
	arena_release(&r->arena);
	free(r);
}

void *lab_alloc(struct lab_result *r, size_t count, size_t size)
{
	void *p = NULL;
	if (count && size && count <= (size_t)-1 / size)
		p = arena_calloc(&r->arena, count, size);
	if (!p)
		r->oom = true;
	return p;
}

char *lab_strdup(struct lab_result *r, const char *s)
{
	size_t n = strlen(s);
	char *d = arena_strndup(&r->arena, s, n);
	if (!d) {
		r->oom = true;
		return "";
	}
	return d;
}

static char *vprintf_dup(struct lab_result *r, const char *fmt, va_list ap)
{
	char small[256];
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(small, sizeof small, fmt, copy);
	va_end(copy);
	if (n < 0)
		return lab_strdup(r, "");
	if ((size_t)n < sizeof small)
		return lab_strdup(r, small);
	char *d = arena_alloc(&r->arena, (size_t)n + 1);
	if (!d) {
		r->oom = true;
		return "";
	}
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	return d;
}

char *lab_printf(struct lab_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vprintf_dup(r, fmt, ap);
	va_end(ap);
	return s;
}

void lab_set_title(struct lab_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	r->title = vprintf_dup(r, fmt, ap);
	va_end(ap);
}

/* Grow an arena array of *cap elements to hold one more. */
static bool grow(struct lab_result *r, void **items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p = arena_calloc(&r->arena, ncap, size);
	if (!p) {
		r->oom = true;
		return false;
	}
	if (n)
		memcpy(p, *items, n * size);
	*items = p;
	*cap = ncap;
	return true;
}

static struct lab_block *add_block(struct lab_result *r, enum lab_block_kind kind, bool shown)
{
	if (!grow(r, (void **)&r->blocks, r->nblocks, &r->cap, sizeof *r->blocks))
		return NULL;
	struct lab_block *b = &r->blocks[r->nblocks++];
	b->kind = kind;
	b->in_text_view = shown;
	return b;
}

/* Text blocks keep their line capacity just past the struct. */
struct text_block {
	struct lab_text text;
	size_t cap;
};

struct lab_text *lab_add_text(struct lab_result *r, const char *title, bool shown)
{
	struct text_block *tb = lab_alloc(r, 1, sizeof *tb);
	struct lab_block *b = tb ? add_block(r, LAB_BLOCK_TEXT, shown) : NULL;
	if (!b)
		return NULL;
	tb->text.title = lab_strdup(r, title);
	b->u.text = &tb->text;
	return &tb->text;
}

void lab_line(struct lab_result *r, struct lab_text *t, const char *fmt, ...)
{
	if (!t)
		return;
	struct text_block *tb = (struct text_block *)t;
	va_list ap;
	va_start(ap, fmt);
	char *s = vprintf_dup(r, fmt, ap);
	va_end(ap);
	if (r->oom || !grow(r, (void **)&t->lines, t->nlines, &tb->cap, sizeof *t->lines))
		return;
	/* Diagram rows end in blanks; a line never needs them. */
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ')
		s[--len] = '\0';
	t->lines[t->nlines++] = s;
}

struct lab_table *lab_add_table(struct lab_result *r, const char *name,
				const char *title, size_t nrows, bool shown)
{
	struct lab_table *t = lab_alloc(r, 1, sizeof *t);
	struct lab_column *cols = lab_alloc(r, LAB_MAX_COLUMNS, sizeof *cols);
	struct lab_block *b = t && cols ? add_block(r, LAB_BLOCK_TABLE, shown) : NULL;
	if (!b)
		return NULL;
	t->name = lab_strdup(r, name);
	t->title = lab_strdup(r, title);
	t->cols = cols;
	t->nrows = nrows;
	b->u.table = t;
	return t;
}

static struct lab_column *add_column(struct lab_result *r, struct lab_table *t, const char *name)
{
	if (!t)
		return NULL;
	assert(t->ncols < LAB_MAX_COLUMNS);
	struct lab_column *c = &t->cols[t->ncols];
	c->name = lab_strdup(r, name);
	return c;
}

double *lab_add_num_column(struct lab_result *r, struct lab_table *t,
			   const char *name, int digits)
{
	struct lab_column *c = add_column(r, t, name);
	double *v = c ? lab_alloc(r, t->nrows + 1, sizeof *v) : NULL;
	if (!v)
		return NULL;
	for (size_t i = 0; i < t->nrows; i++)
		v[i] = NAN;
	c->num = v;
	c->digits = digits;
	t->ncols++;
	return v;
}

char **lab_add_text_column(struct lab_result *r, struct lab_table *t, const char *name)
{
	struct lab_column *c = add_column(r, t, name);
	char **v = c ? lab_alloc(r, t->nrows + 1, sizeof *v) : NULL;
	if (!v)
		return NULL;
	for (size_t i = 0; i < t->nrows; i++)
		v[i] = "";
	c->is_text = true;
	c->text = v;
	t->ncols++;
	return v;
}

struct lab_plot *lab_add_plot(struct lab_result *r, const char *name,
			      const char *title, const char *xlabel,
			      const char *ylabel, bool shown)
{
	struct lab_plot *p = lab_alloc(r, 1, sizeof *p);
	struct lab_series *series = lab_alloc(r, LAB_MAX_SERIES, sizeof *series);
	struct lab_block *b = p && series ? add_block(r, LAB_BLOCK_PLOT, shown) : NULL;
	if (!b)
		return NULL;
	p->name = lab_strdup(r, name);
	p->title = lab_strdup(r, title);
	p->xlabel = lab_strdup(r, xlabel);
	p->ylabel = lab_strdup(r, ylabel);
	p->series = series;
	b->u.plot = p;
	return p;
}

struct lab_series *lab_add_series(struct lab_result *r, struct lab_plot *p,
				  const char *label, size_t n, bool band)
{
	if (!p)
		return NULL;
	assert(p->nseries < LAB_MAX_SERIES);
	size_t arrays = band ? 4 : 2;
	double *mem = lab_alloc(r, arrays * (n + 1), sizeof *mem);
	if (!mem)
		return NULL;
	struct lab_series *s = &p->series[p->nseries++];
	s->label = lab_strdup(r, label);
	s->n = n;
	s->x = mem;
	s->y = mem + n;
	if (band) {
		s->lo = mem + 2 * n;
		s->hi = mem + 3 * n;
	}
	return s;
}

struct lab_series *lab_add_indexed_series(struct lab_result *r, struct lab_plot *p,
					  const char *label, const double *y, size_t n,
					  double first)
{
	struct lab_series *s = lab_add_series(r, p, label, n, false);
	for (size_t i = 0; s && i < n; i++) {
		s->x[i] = first + (double)i;
		s->y[i] = y[i];
	}
	return s;
}

char *lab_vector_text(struct lab_result *r, const double *v, size_t n, int digits)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_putc(&sb, '(');
	for (size_t i = 0; i < n; i++) {
		char b[32];
		lab_format_g(b, v[i], digits);
		strbuf_printf(&sb, "%s%s", i ? ", " : "", b);
	}
	strbuf_putc(&sb, ')');
	char *s = lab_strdup(r, strbuf_str(&sb));
	strbuf_free(&sb);
	return s;
}

bool lab_run(const struct lab_kind *kind, const struct lab_params *params,
	     uint64_t seed, struct lab_result **out, struct lab_error *err)
{
	*out = NULL;
	if (!kind)
		return lab_fail(err, LAB_ERR_UNKNOWN, NULL, "no such lab");
	assert(!params || lab_params_kind(params) == kind);
	struct lab_params *defaults = NULL;
	if (!params) {
		defaults = lab_params_new(kind);
		if (!defaults)
			return lab_fail(err, LAB_ERR_MEMORY, NULL, "out of memory");
		params = defaults;
	}
	struct lab_result *r = lab_result_new(kind);
	bool ok = r != NULL;
	if (!ok)
		lab_fail(err, LAB_ERR_MEMORY, NULL, "out of memory");
	else
		ok = kind->run(params, seed, r, err);
	if (ok && r->oom)
		ok = lab_fail(err, LAB_ERR_MEMORY, NULL, "out of memory");
	lab_params_free(defaults);
	if (!ok) {
		lab_result_free(r);
		return false;
	}
	*out = r;
	return true;
}

const struct lab_kind *lab_result_kind(const struct lab_result *r)
{
	return r->kind;
}

const char *lab_result_title(const struct lab_result *r)
{
	return r->title;
}

size_t lab_result_block_count(const struct lab_result *r)
{
	return r->nblocks;
}

const struct lab_block *lab_result_block(const struct lab_result *r, size_t i)
{
	return i < r->nblocks ? &r->blocks[i] : NULL;
}

const struct lab_table *lab_result_table(const struct lab_result *r, const char *name)
{
	for (size_t i = 0; i < r->nblocks; i++)
		if (r->blocks[i].kind == LAB_BLOCK_TABLE &&
		    !strcmp(r->blocks[i].u.table->name, name))
			return r->blocks[i].u.table;
	return NULL;
}

const struct lab_plot *lab_result_plot(const struct lab_result *r, const char *name)
{
	for (size_t i = 0; i < r->nblocks; i++)
		if (r->blocks[i].kind == LAB_BLOCK_PLOT &&
		    (!name || !strcmp(r->blocks[i].u.plot->name, name)))
			return r->blocks[i].u.plot;
	return NULL;
}

const struct lab_column *lab_table_column(const struct lab_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}
