/* Scopes: declared variables (for the lexer and equivalence checks) and
 * bound values (the givens). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

struct engine_scope *engine_scope_new(void)
{
	return calloc(1, sizeof(struct engine_scope));
}

void engine_scope_free(struct engine_scope *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->entries[i].name);
		free(s->entries[i].orthogonal_to);
		engine_expr_free(s->entries[i].definition);
		free(s->entries[i].decorated);
		if (s->entries[i].bound) {
			free(s->entries[i].value.data);
			free(s->entries[i].value.dims);
			free(s->entries[i].value.text);
		}
	}
	for (size_t i = 0; i < s->n_dims; i++)
		free(s->dim_names[i]);
	free(s->dim_names);
	free(s->entries);
	free(s);
}

const struct scope_entry *scope_find(const struct engine_scope *s,
				     const char *name, size_t len)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->entries[i].name) == len &&
		    !memcmp(s->entries[i].name, name, len))
			return &s->entries[i];
	return NULL;
}

bool scope_is_dimension_n(const struct engine_scope *s, const char *name,
			  size_t len)
{
	for (size_t i = 0; s && i < s->n_dims; i++)
		if (strlen(s->dim_names[i]) == len && !memcmp(s->dim_names[i], name, len))
			return true;
	return false;
}

bool scope_is_dimension(const struct engine_scope *s, const char *name)
{
	return scope_is_dimension_n(s, name, strlen(name));
}

static bool valid_name(const char *name)
{
	if (!name || !*name || isdigit((unsigned char)*name))
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (!(isalnum(*p) || *p == '_' || *p >= 0x80))
			return false;
	return true;
}

/* wbar → w̄, yhat → ŷ, xtilde → x̃, etahat → η̂: the spelling with the
 * accent a student types or pastes, in normal form C; NULL otherwise. */
static char *decorated_spelling(const char *name)
{
	static const struct { const char *suffix; const char *mark; } accents[] = {
		{ "bar", "\xcc\x84" }, { "hat", "\xcc\x82" },
		{ "tilde", "\xcc\x83" }, { "dot", "\xcc\x87" },
	};
	size_t len = strlen(name);
	for (size_t i = 0; i < sizeof accents / sizeof accents[0]; i++) {
		size_t sl = strlen(accents[i].suffix);
		if (len <= sl || strcmp(name + len - sl, accents[i].suffix))
			continue;
		size_t base = len - sl;
		if (base > 1 && name[base - 1] == '_')
			base--;
		char letter[16];
		if (base >= sizeof letter)
			return NULL;
		memcpy(letter, name, base);
		letter[base] = '\0';
		const char *greek = engine_greek_alias(letter);
		const char *glyph = base == 1 ? letter
			: greek && ((unsigned char)greek[0] >= 0x80) ? greek : NULL;
		if (!glyph)
			return NULL;
		char raw[32], nfc[32];
		snprintf(raw, sizeof raw, "%s%s", glyph, accents[i].mark);
		size_t n = utf8_nfc(raw, strlen(raw), nfc, sizeof nfc);
		return n ? strdup(nfc) : NULL;
	}
	return NULL;
}

static struct scope_entry *entry_for(struct engine_scope *s, const char *name)
{
	struct scope_entry *e = (struct scope_entry *)scope_find(s, name, strlen(name));
	if (e)
		return e;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		struct scope_entry *ne = realloc(s->entries, cap * sizeof *ne);
		if (!ne)
			return NULL;
		s->entries = ne;
		s->cap = cap;
	}
	e = &s->entries[s->n];
	memset(e, 0, sizeof *e);
	e->name = strdup(name);
	if (!e->name)
		return NULL;
	e->alias = engine_greek_alias(name);
	e->decorated = decorated_spelling(name);
	s->n++;
	return e;
}

/* Dimension names are interned in the scope so shapes can point at them. */
static const char *intern_dim(struct engine_scope *s, const char *name)
{
	if (!name || !*name)
		return NULL;
	for (size_t i = 0; i < s->n_dims; i++)
		if (!strcmp(s->dim_names[i], name))
			return s->dim_names[i];
	char **nd = realloc(s->dim_names, (s->n_dims + 1) * sizeof *nd);
	if (!nd)
		return NULL;
	s->dim_names = nd;
	nd[s->n_dims] = strdup(name);
	return nd[s->n_dims] ? nd[s->n_dims++] : NULL;
}

bool engine_scope_declare(struct engine_scope *s, const char *name,
			  struct engine_shape shape, enum engine_domain domain,
			  const char *orthogonal_to)
{
	if (!s || !valid_name(name))
		return false;
	shape.rows.name = intern_dim(s, shape.rows.name);
	shape.cols.name = intern_dim(s, shape.cols.name);
	struct scope_entry *e = entry_for(s, name);
	if (!e)
		return false;
	e->declared = true;
	e->shape = shape;
	e->domain = domain;
	free(e->orthogonal_to);
	e->orthogonal_to = orthogonal_to ? strdup(orthogonal_to) : NULL;
	return true;
}

bool engine_scope_define(struct engine_scope *s, const char *name,
			 struct engine_shape shape, const char *text,
			 struct engine_error *err)
{
	if (!s || !valid_name(name))
		return engine_fail(err, ENGINE_ERR_NAME, 0, 0, "'%s' is not a valid name",
				   name ? name : "");
	if (scope_find(s, name, strlen(name)))
		return engine_fail(err, ENGINE_ERR_NAME, 0, 0, "'%s' is already declared",
				   name);
	/* Parsed before the name exists: a definition sees only the names
	 * declared before it, so definitions never form a cycle. */
	struct engine_expr *e = engine_parse(text, strlen(text), s, err);
	if (!e)
		return false;
	if (!engine_scope_declare(s, name, shape, ENGINE_DOMAIN_REAL, NULL)) {
		engine_expr_free(e);
		return engine_fail(err, ENGINE_ERR_MEMORY, 0, 0, "no memory");
	}
	struct scope_entry *entry = (struct scope_entry *)scope_find(s, name, strlen(name));
	entry->definition = e;
	return true;
}

bool engine_scope_bind(struct engine_scope *s, const char *name,
		       const struct engine_value *v)
{
	if (!s || !valid_name(name) || !v)
		return false;
	struct engine_value *copy = value_copy(NULL, v);
	if (!copy)
		return false;
	struct scope_entry *e = entry_for(s, name);
	if (!e) {
		engine_value_free(copy);
		return false;
	}
	if (e->bound) {
		free(e->value.data);
		free(e->value.dims);
		free(e->value.text);
	}
	e->value = *copy;
	free(copy);
	e->bound = true;
	return true;
}

bool engine_scope_bind_number(struct engine_scope *s, const char *name,
			      double x)
{
	struct engine_value v = { .kind = ENGINE_NUMBER, .number = x };
	return engine_scope_bind(s, name, &v);
}

static bool parse_dim(struct engine_scope *s, const char **p,
		      struct engine_dim *d)
{
	while (isspace((unsigned char)**p))
		(*p)++;
	const char *start = *p;
	if (isdigit((unsigned char)**p)) {
		unsigned long v = strtoul(*p, (char **)p, 10);
		if (v == 0 || v > 4096)
			return false;
		d->size = (unsigned)v;
		d->name = NULL;
	} else {
		while (isalnum((unsigned char)**p) || **p == '_')
			(*p)++;
		if (*p == start)
			return false;
		char buf[64];
		size_t n = (size_t)(*p - start);
		if (n >= sizeof buf)
			return false;
		memcpy(buf, start, n);
		buf[n] = '\0';
		d->name = intern_dim(s, buf);
		d->size = 0;
		if (!d->name)
			return false;
	}
	while (isspace((unsigned char)**p))
		(*p)++;
	return true;
}

bool engine_scope_parse_shape(struct engine_scope *s, const char *text,
			      struct engine_shape *shape,
			      struct engine_error *err)
{
	memset(shape, 0, sizeof *shape);
	const char *p = text;
	while (isspace((unsigned char)*p))
		p++;
	if (!strncmp(p, "scalar", 6)) {
		p += 6;
		shape->kind = ENGINE_SCALAR;
	} else if (!strncmp(p, "vector(", 7)) {
		p += 7;
		shape->kind = ENGINE_VECTOR;
		if (!parse_dim(s, &p, &shape->rows) || *p++ != ')')
			goto bad;
	} else if (!strncmp(p, "matrix(", 7)) {
		p += 7;
		shape->kind = ENGINE_MAT;
		if (!parse_dim(s, &p, &shape->rows) || *p++ != ',' ||
		    !parse_dim(s, &p, &shape->cols) || *p++ != ')')
			goto bad;
	} else {
		goto bad;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		goto bad;
	return true;
bad:
	return engine_fail(err, ENGINE_ERR_PARSE, (size_t)(p - text), strlen(text),
			   "bad shape '%s': write scalar, vector(n) or matrix(n,m)",
			   text);
}

size_t engine_scope_names(const struct engine_scope *s, const char **out,
			  size_t max)
{
	size_t k = 0;
	for (size_t i = 0; s && i < s->n && k < max; i++)
		out[k++] = s->entries[i].name;
	return k;
}
