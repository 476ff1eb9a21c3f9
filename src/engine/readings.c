/* Other readings of an answer: where a human reads the text one way and
 * the grammar another. "1/2x" is 1/(2·x) here, but may mean (1/2)·x;
 * "1-p/p" is 1 − p/p, but may mean (1 − p)/p; "u u" of two vectors is
 * their inner product, but may mean the outer product u·uᵀ. Each reading
 * changes one unbracketed spot of the parsed expression; the course checks
 * it too, and tells the student when the other reading would be judged
 * differently. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const site_words[] = {
	[0] = NULL,
	[1] = "a product written right after '/'",
	[2] = "a division inside a sum",
	[3] = "a product after a division",
	[4] = "a division after a power",
	[5] = "a product right after a power",
	[6] = "a product of two vectors",
	[7] = "a number added to a matrix, which adds it to every entry",
};
enum { N_SITE_KINDS = 7 };

/* The left-most factor of a chain of tight implicit products (2·W'·v). */
static const struct node *first_factor(const struct node *n)
{
	while (n->kind == N_IMUL && !n->spaced && !n->parens)
		n = n->kids[0];
	return n;
}

static bool vector_name(const struct engine_scope *s, const struct node *n)
{
	if (n->kind != N_NAME || n->builtin >= 0)
		return false;
	const struct scope_entry *e = scope_find(s, n->name, strlen(n->name));
	return e && e->declared && e->shape.kind == ENGINE_VECTOR;
}

/* Does n use a declared vector or matrix? */
static bool uses_array(const struct engine_scope *s, const struct node *n)
{
	if (n->kind == N_NAME && n->builtin < 0) {
		const struct scope_entry *e = scope_find(s, n->name, strlen(n->name));
		return e && e->declared && e->shape.kind != ENGINE_SCALAR;
	}
	for (size_t i = 0; i < n->nkids; i++)
		if (uses_array(s, n->kids[i]))
			return true;
	return false;
}

/* 1 − uuᵀ/‖u‖²: the number is added to every entry, though I − … may be
 * meant. */
static bool number_beside_array(const struct engine_scope *s, const struct node *a,
				const struct node *b)
{
	return (a->kind == N_NUM && !a->parens && a->num != 0 && uses_array(s, b)) ||
	       (b->kind == N_NUM && !b->parens && b->num != 0 && uses_array(s, a));
}

static int site_kind(const struct engine_scope *s, const struct node *n);

/* The kinds of ambiguous spot n is, a bit per index into site_words. */
static unsigned site_kinds(const struct engine_scope *s, const struct node *n)
{
	unsigned k = 1u << site_kind(s, n) & ~1u;
	if ((n->kind == N_ADD || n->kind == N_SUB) &&
	    number_beside_array(s, n->kids[0], n->kids[1]))
		k |= 1u << 7;
	return k;
}

/* Which kind of ambiguous spot n is (an index into site_words), 0: none. */
static int site_kind(const struct engine_scope *s, const struct node *n)
{
	const struct node *a = n->nkids > 0 ? n->kids[0] : NULL;
	const struct node *b = n->nkids > 1 ? n->kids[1] : NULL;
	switch (n->kind) {
	case N_DIV:
		if (b->kind == N_IMUL && !b->spaced && !b->parens)
			return 1;
		if (a->kind == N_POW && !a->parens)
			return 4;
		return 0;
	case N_ADD:
	case N_SUB:
		return b->kind == N_DIV && !b->parens ? 2 : 0;
	case N_MUL:
	case N_IMUL:
		if (a->kind == N_DIV && !a->parens && (n->kind == N_MUL || n->spaced))
			return 3;
		if (n->kind == N_IMUL && !n->spaced && a->kind == N_POW && !a->parens)
			return 5;
		if (vector_name(s, a) && vector_name(s, b))
			return 6;
		return 0;
	default:
		return 0;
	}
}

struct rewrite {
	struct arena *a;
	const struct engine_scope *scope;
	int target;      /* the site to rewrite, counted in preorder */
	int seen;
	int kind;        /* what was rewritten */
	bool failed;
};

static struct node *make(struct rewrite *rw, enum node_kind kind, const struct node *like,
			 size_t nkids)
{
	struct node *n = arena_calloc(rw->a, 1, sizeof *n);
	if (n && nkids && !(n->kids = arena_calloc(rw->a, nkids, sizeof *n->kids)))
		n = NULL;
	if (!n) {
		rw->failed = true;
		return NULL;
	}
	n->kind = kind;
	n->start = like->start;
	n->end = like->end;
	n->nkids = nkids;
	n->builtin = -1;
	return n;
}

static struct node *copy(struct rewrite *rw, const struct node *n);

static struct node *pair(struct rewrite *rw, enum node_kind kind, const struct node *like,
			 struct node *x, struct node *y)
{
	struct node *n = make(rw, kind, like, 2);
	if (!n || !x || !y)
		return NULL;
	n->kids[0] = x;
	n->kids[1] = y;
	n->parens = true;  /* the reading brackets it so */
	return n;
}

/* n with the tight chain's first factor f taken out: 2·W'·v → W'·v. */
static struct node *without_first(struct rewrite *rw, const struct node *n)
{
	if (n->kind != N_IMUL || n->spaced || n->parens)
		return NULL;  /* n is the first factor itself */
	struct node *rest = without_first(rw, n->kids[0]);
	if (!rest)
		return copy(rw, n->kids[1]);
	return pair(rw, N_IMUL, n, rest, copy(rw, n->kids[1]));
}

static struct node *rewritten(struct rewrite *rw, const struct node *n, int kind)
{
	const struct node *a = n->kids[0], *b = n->kids[1];
	rw->kind = kind;
	switch (kind) {
	case 1: /* a/(f·r) → (a/f)·r */
		return pair(rw, N_IMUL, n, pair(rw, N_DIV, n, copy(rw, a),
						 copy(rw, first_factor(b))),
			    without_first(rw, b));
	case 2: /* a − x/y → (a − x)/y */
		return pair(rw, N_DIV, n, pair(rw, n->kind, n, copy(rw, a), copy(rw, b->kids[0])),
			    copy(rw, b->kids[1]));
	case 3: /* (a/b)·c → a/(b·c) */
		return pair(rw, N_DIV, n, copy(rw, a->kids[0]),
			    pair(rw, N_MUL, n, copy(rw, a->kids[1]), copy(rw, b)));
	case 4: /* x^a/b → x^(a/b) */
		return pair(rw, N_POW, n, copy(rw, a->kids[0]),
			    pair(rw, N_DIV, n, copy(rw, a->kids[1]), copy(rw, b)));
	case 5: /* 2^3·x → 2^(3·x) */
		return pair(rw, N_POW, n, copy(rw, a->kids[0]),
			    pair(rw, N_IMUL, n, copy(rw, a->kids[1]), copy(rw, b)));
	case 6: { /* u·v → u·vᵀ */
		struct node *t = make(rw, N_TRANSPOSE, b, 1);
		if (t)
			t->kids[0] = copy(rw, b);
		return pair(rw, N_MUL, n, copy(rw, a), t);
	}
	case 7: { /* 1 − M → I − M; c − M → c·I − M */
		bool left = a->kind == N_NUM && !a->parens;
		const struct node *num = left ? a : b;
		struct node *id = make(rw, N_IDENTITY, num, 0);
		struct node *scaled = num->num == 1 ? id : pair(rw, N_MUL, num, copy(rw, num), id);
		struct node *r = left ? pair(rw, n->kind, n, scaled, copy(rw, b))
				      : pair(rw, n->kind, n, copy(rw, a), scaled);
		if (r)
			r->parens = n->parens;
		return r;
	}
	default:
		assert(!"no such rewrite");
		return NULL;
	}
}

static struct node *copy(struct rewrite *rw, const struct node *n)
{
	if (!n || rw->failed)
		return NULL;
	unsigned kinds = site_kinds(rw->scope, n);
	for (int k = 1; kinds && k <= N_SITE_KINDS; k++)
		if ((kinds & 1u << k) && rw->seen++ == rw->target)
			return rewritten(rw, n, k);
	struct node *c = arena_alloc(rw->a, sizeof *c);
	if (!c) {
		rw->failed = true;
		return NULL;
	}
	*c = *n;
	if (n->name && !(c->name = arena_strndup(rw->a, n->name, strlen(n->name)))) {
		rw->failed = true;
		return NULL;
	}
	if (n->nkids) {
		c->kids = arena_alloc(rw->a, n->nkids * sizeof *c->kids);
		if (!c->kids) {
			rw->failed = true;
			return NULL;
		}
		for (size_t i = 0; i < n->nkids; i++)
			if (!(c->kids[i] = copy(rw, n->kids[i])))
				return NULL;
	}
	return c;
}

void engine_reading_clear(struct engine_reading *r)
{
	if (!r)
		return;
	engine_expr_free(r->expr);
	free(r->shown);
	memset(r, 0, sizeof *r);
}

size_t engine_expr_readings(const struct engine_expr *e, const struct engine_scope *scope,
			    struct engine_reading *out, size_t max)
{
	size_t n = 0;
	for (int target = 0; n < max && target < 16; target++) {
		struct engine_expr *alt = calloc(1, sizeof *alt);
		if (!alt)
			break;
		arena_init(&alt->arena, 0);
		struct rewrite rw = { .a = &alt->arena, .scope = scope, .target = target };
		alt->root = copy(&rw, e->root);
		alt->flags = e->flags;
		if (e->index)
			alt->index = arena_strndup(&alt->arena, e->index, strlen(e->index));
		if (rw.seen <= target || rw.failed || !alt->root) {
			engine_expr_free(alt);
			if (rw.seen <= target)
				break;  /* no site left */
			continue;
		}
		out[n].expr = alt;
		out[n].shown = engine_expr_print(alt);
		out[n].what = site_words[rw.kind];
		if (!out[n].shown) {
			engine_reading_clear(&out[n]);
			continue;
		}
		n++;
	}
	return n;
}
