/* Built-ins on vectors and matrices: inner and outer products, identity
 * and constant matrices, diagonals, inverse, determinant, trace, and the
 * softmax family (each column of a matrix is one vector of logits). */
#include <math.h>
#include <string.h>

#include "builtins.h"

bool bi_vector(struct eval_ctx *ctx, const struct node *arg,
	       const struct engine_value *v, const char *fname)
{
	if (v->kind == ENGINE_NUMBER ||
	    (v->kind == ENGINE_MATRIX && engine_value_vector_length(v)))
		return true;
	char d[32];
	value_describe(v, d, sizeof d);
	return engine_fail(ctx->err, ENGINE_ERR_DIMENSION, arg->start, arg->end,
			   "%s needs vectors, not %s", fname, d);
}

struct engine_value *bi_dot(struct eval_ctx *ctx, const struct node *n,
			    const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	const struct engine_value *a = args[0], *b = args[1];
	if (!bi_vector(ctx, n->kids[0], a, "dot") || !bi_vector(ctx, n->kids[1], b, "dot"))
		return NULL;
	if (bi_count(a) != bi_count(b)) {
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    "cannot take the dot product of vectors of length %zu and %zu",
			    bi_count(a), bi_count(b));
		return NULL;
	}
	if (!eval_charge(ctx, n, bi_count(a)))
		return NULL;
	double s = 0;
	for (size_t i = 0; i < bi_count(a); i++)
		s += bi_at(a, i) * bi_at(b, i);
	return eval_number(ctx, n, s);
}

struct engine_value *bi_outer(struct eval_ctx *ctx, const struct node *n,
			      const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	const struct engine_value *a = args[0], *b = args[1];
	if (!bi_vector(ctx, n->kids[0], a, "outer") || !bi_vector(ctx, n->kids[1], b, "outer"))
		return NULL;
	size_t na = bi_count(a), nb = bi_count(b);
	struct engine_value *r = eval_matrix(ctx, n, na, nb);
	if (!r)
		return NULL;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			r->data[i * nb + j] = bi_at(a, i) * bi_at(b, j);
	return r;
}

struct engine_value *bi_transpose(struct eval_ctx *ctx, const struct node *n,
				  const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return op_transpose(ctx, n, args[0]);
}

struct engine_value *bi_eye(struct eval_ctx *ctx, const struct node *n,
			    const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	long k;
	if (!eval_whole(ctx, n->kids[0], args[0], 1, 256, &k))
		return NULL;
	struct engine_value one = { .kind = ENGINE_IDENTITY, .number = 1 };
	return identity_materialise(ctx, n, &one, (size_t)k);
}

static struct engine_value *filled(struct eval_ctx *ctx, const struct node *n,
				   const struct engine_value *const *args,
				   size_t nargs, double value)
{
	long rows, cols = 1;
	if (!eval_whole(ctx, n->kids[0], args[0], 1, ENGINE_MAX_ELEMENTS, &rows))
		return NULL;
	if (nargs > 1 && !eval_whole(ctx, n->kids[1], args[1], 1, ENGINE_MAX_ELEMENTS, &cols))
		return NULL;
	struct engine_value *r = eval_matrix(ctx, n, (size_t)rows, (size_t)cols);
	if (!r)
		return NULL;
	for (size_t i = 0; i < (size_t)rows * (size_t)cols; i++)
		r->data[i] = value;
	return r;
}

struct engine_value *bi_ones(struct eval_ctx *ctx, const struct node *n,
			     const struct engine_value *const *args, size_t nargs)
{
	return filled(ctx, n, args, nargs, 1);
}

struct engine_value *bi_zeros(struct eval_ctx *ctx, const struct node *n,
			      const struct engine_value *const *args, size_t nargs)
{
	return filled(ctx, n, args, nargs, 0);
}

/* diag(v) of a vector: the diagonal matrix; diag(A) of a matrix: its
 * diagonal as a vector (so diag(diag(A)) keeps only A's diagonal). */
struct engine_value *bi_diag(struct eval_ctx *ctx, const struct node *n,
			     const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	const struct engine_value *a = args[0];
	struct engine_value *r;
	if (a->kind != ENGINE_MATRIX)
		return eval_number(ctx, n, a->number);
	if (engine_value_vector_length(a)) {
		size_t len = bi_count(a);
		if (!(r = eval_matrix(ctx, n, len, len)))
			return NULL;
		for (size_t i = 0; i < len * len; i++)
			r->data[i] = i % (len + 1) == 0 ? a->data[i / (len + 1)] : 0;
		return r;
	}
	size_t len = a->rows < a->cols ? a->rows : a->cols;
	if (!(r = eval_matrix(ctx, n, len, 1)))
		return NULL;
	for (size_t i = 0; i < len; i++)
		r->data[i] = a->data[i * a->cols + i];
	return r;
}

struct engine_value *bi_inv(struct eval_ctx *ctx, const struct node *n,
			    const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return op_inverse(ctx, n, args[0]);
}

struct engine_value *bi_det(struct eval_ctx *ctx, const struct node *n,
			    const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	const struct engine_value *a = args[0];
	if (a->kind != ENGINE_MATRIX)
		return eval_number(ctx, n, a->number);
	bool ok;
	double d = eval_det(ctx, n, a, &ok);
	return ok ? eval_number(ctx, n, d) : NULL;
}

struct engine_value *bi_trace(struct eval_ctx *ctx, const struct node *n,
			      const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	const struct engine_value *a = args[0];
	if (a->kind != ENGINE_MATRIX)
		return eval_number(ctx, n, a->number);
	if (a->rows != a->cols) {
		char d[32];
		value_describe(a, d, sizeof d);
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    "the trace needs a square matrix, not %s", d);
		return NULL;
	}
	if (!eval_charge(ctx, n, a->rows))
		return NULL;
	double s = 0;
	for (size_t i = 0; i < a->rows; i++)
		s += a->data[i * a->cols + i];
	return eval_number(ctx, n, s);
}

/* ---- the softmax family: column by column, shifted by the maximum so
 * large logits neither overflow nor lose precision ---- */

enum soft { SOFTMAX, LOG_SOFTMAX, LOGSUMEXP };

static struct engine_value *soft(struct eval_ctx *ctx, const struct node *n,
				 const struct engine_value *v, enum soft what)
{
	if (v->kind != ENGINE_MATRIX)  /* one logit: probability 1 */
		return eval_number(ctx, n, what == SOFTMAX ? 1
				   : what == LOG_SOFTMAX ? 0 : v->number);
	if (!eval_charge(ctx, n, 2 * v->rows * v->cols))
		return NULL;
	/* A vector, row or column, is one vector of logits; the columns of a
	 * matrix are one each. */
	bool vector = engine_value_vector_length(v) > 0;
	size_t groups = vector ? 1 : v->cols, size = vector ? v->rows * v->cols : v->rows;
	size_t stride = vector ? 1 : v->cols;
	struct engine_value *r = what != LOGSUMEXP ? eval_matrix(ctx, n, v->rows, v->cols)
		: vector ? eval_number(ctx, n, 0) : eval_matrix(ctx, n, 1, v->cols);
	if (!r)
		return NULL;
	for (size_t j = 0; j < groups; j++) {
		double mx = -INFINITY, s = 0;
		for (size_t i = 0; i < size; i++)
			mx = fmax(mx, v->data[i * stride + j]);
		for (size_t i = 0; i < size; i++)
			s += exp(v->data[i * stride + j] - mx);
		double lse = mx + log(s);
		if (what == LOGSUMEXP) {
			if (r->kind == ENGINE_MATRIX)
				r->data[j] = lse;
			else
				r->number = lse;
			continue;
		}
		for (size_t i = 0; i < size; i++) {
			double z = v->data[i * stride + j];
			r->data[i * stride + j] = what == SOFTMAX ? exp(z - lse) : z - lse;
		}
	}
	return r;
}

struct engine_value *bi_softmax(struct eval_ctx *ctx, const struct node *n,
				const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return soft(ctx, n, args[0], SOFTMAX);
}

struct engine_value *bi_log_softmax(struct eval_ctx *ctx, const struct node *n,
				    const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return soft(ctx, n, args[0], LOG_SOFTMAX);
}

struct engine_value *bi_logsumexp(struct eval_ctx *ctx, const struct node *n,
				  const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return soft(ctx, n, args[0], LOGSUMEXP);
}
