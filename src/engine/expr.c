/* A parsed expression as an object: freeing it, and the questions the
 * course asks of its structure (free names, shape literal, NAME = rhs). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void engine_expr_free(struct engine_expr *e)
{
	if (!e)
		return;
	arena_release(&e->arena);
	free(e);
}

size_t engine_expr_free_names(const struct engine_expr *e, const char **out,
			      size_t max)
{
	size_t k = 0;
	for (size_t i = 0; e && i < e->n_free && k < max; i++)
		out[k++] = e->free_names[i];
	return k;
}

bool engine_expr_is_shape(const struct engine_expr *e)
{
	return e && e->root && e->root->kind == N_SHAPE;
}

/* A copy of the subtree n in a new expression, sharing nothing. */
static struct node *clone(struct arena *a, const struct node *n)
{
	struct node *c = arena_alloc(a, sizeof *c);
	if (!c)
		return NULL;
	*c = *n;
	if (n->name && !(c->name = arena_strndup(a, n->name, strlen(n->name))))
		return NULL;
	if (n->nkids) {
		c->kids = arena_alloc(a, n->nkids * sizeof *c->kids);
		if (!c->kids)
			return NULL;
		for (size_t i = 0; i < n->nkids; i++)
			if (!(c->kids[i] = clone(a, n->kids[i])))
				return NULL;
	}
	return c;
}

static bool uses(const struct node *n, const char *name)
{
	if (n->kind == N_NAME && !strcmp(n->name, name))
		return true;
	for (size_t i = 0; i < n->nkids; i++)
		if (uses(n->kids[i], name))
			return true;
	return false;
}

bool engine_expr_uses(const struct engine_expr *e, const char *name)
{
	return e && e->root && uses(e->root, name);
}

static struct engine_expr *expr_of(const struct engine_expr *e, const struct node *n)
{
	struct engine_expr *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	arena_init(&r->arena, 0);
	r->flags = e->flags;
	r->root = clone(&r->arena, n);
	if (!r->root) {
		engine_expr_free(r);
		return NULL;
	}
	return r;
}

size_t engine_expr_equation_sides(const struct engine_expr *e, struct engine_expr **out,
				  size_t max)
{
	const struct node *n = e ? e->root : NULL;
	if (!n || n->kind != N_ASSIGN)
		return 0;
	/* a = b = c nests to the right: a = (b = c) */
	size_t k = 0;
	while (n->kind == N_ASSIGN && k + 1 < max) {
		if (!(out[k++] = expr_of(e, n->kids[0])))
			goto oom;
		n = n->kids[1];
	}
	if (!(out[k++] = expr_of(e, n)))
		goto oom;
	return k;
oom:
	for (size_t i = 0; i < k; i++)
		engine_expr_free(out[i]);
	return 0;
}

/* Collect the literal factors of a chain of '*' products, left to right. */
static bool literal_factors(const struct node *n, double *out, size_t max, size_t *k)
{
	if (n->kind == N_NUM && !n->parens) {
		if (*k == max)
			return false;
		out[(*k)++] = n->num;
		return true;
	}
	return n->kind == N_MUL && !n->parens && literal_factors(n->kids[0], out, max, k) &&
	       literal_factors(n->kids[1], out, max, k);
}

size_t engine_expr_product_factors(const struct engine_expr *e, double *out, size_t max)
{
	size_t k = 0;
	if (!e || !e->root || e->root->kind != N_MUL || !literal_factors(e->root, out, max, &k))
		return 0;
	return k;
}

struct engine_expr *engine_expr_rhs(const struct engine_expr *e,
				    const char **lhs_name)
{
	if (!e || !e->root || e->root->kind != N_ASSIGN ||
	    e->root->kids[0]->kind != N_NAME)
		return NULL;
	struct engine_expr *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	arena_init(&r->arena, 0);
	r->root = clone(&r->arena, e->root->kids[1]);
	if (!r->root) {
		engine_expr_free(r);
		return NULL;
	}
	if (lhs_name)
		*lhs_name = e->root->kids[0]->name;
	return r;
}
