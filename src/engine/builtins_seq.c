/* Built-ins on the entries of a sequence, counted from 0 as the lessons
 * count them: at(v, i), first(v, n), last(v, n), reverse(v). Lessons use
 * them to state a worked step or a known mistake in terms of the givens
 * ("the first len(x) entries of the full convolution"), so a variant's
 * numbers follow. */
#include "builtins.h"

/* A result shaped like v: a row stays a row, anything else is a column. */
static struct engine_value *like(struct eval_ctx *ctx, const struct node *n,
				 const struct engine_value *v, size_t len)
{
	bool row = v->kind == ENGINE_MATRIX && v->rows == 1 && v->cols > 1;
	return eval_matrix(ctx, n, row ? 1 : len, row ? len : 1);
}

struct engine_value *bi_entry_at(struct eval_ctx *ctx, const struct node *n,
			   const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	const struct engine_value *v = args[0];
	long i;
	if (!bi_vector(ctx, n->kids[0], v, "at") ||
	    !eval_whole(ctx, n->kids[1], args[1], 0, (long)bi_count(v) - 1, &i))
		return NULL;
	return eval_number(ctx, n, bi_at(v, (size_t)i));
}

static struct engine_value *slice(struct eval_ctx *ctx, const struct node *n,
				  const struct engine_value *const *args, const char *name,
				  bool from_end)
{
	const struct engine_value *v = args[0];
	long k;
	if (!bi_vector(ctx, n->kids[0], v, name) ||
	    !eval_whole(ctx, n->kids[1], args[1], 1, (long)bi_count(v), &k))
		return NULL;
	struct engine_value *r = like(ctx, n, v, (size_t)k);
	if (!r)
		return NULL;
	size_t skip = from_end ? bi_count(v) - (size_t)k : 0;
	for (size_t i = 0; i < (size_t)k; i++)
		r->data[i] = bi_at(v, skip + i);
	return r;
}

struct engine_value *bi_first(struct eval_ctx *ctx, const struct node *n,
			      const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return slice(ctx, n, args, "first", false);
}

struct engine_value *bi_last(struct eval_ctx *ctx, const struct node *n,
			     const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return slice(ctx, n, args, "last", true);
}

struct engine_value *bi_reverse(struct eval_ctx *ctx, const struct node *n,
				const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	const struct engine_value *v = args[0];
	if (!bi_vector(ctx, n->kids[0], v, "reverse"))
		return NULL;
	size_t len = bi_count(v);
	struct engine_value *r = like(ctx, n, v, len);
	if (!r)
		return NULL;
	for (size_t i = 0; i < len; i++)
		r->data[i] = bi_at(v, len - 1 - i);
	return r;
}
