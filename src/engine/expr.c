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
