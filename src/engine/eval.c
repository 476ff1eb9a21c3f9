/* The evaluator: walks the AST and computes values in an arena.
 *
 * Conventions, chosen for how students write linear algebra:
 *   - a vector is a column (n×1); u' is 1×n; u'v is a number (a 1×1 product
 *     becomes a number, as on paper);
 *   - I is a scaled identity whose size comes from what it meets: I - uu'
 *     is n×n, and I - (a number) stays a scaled identity;
 *   - a shape (128x24x24) stands for its number of elements in arithmetic;
 *   - a matrix plus a number is an error naming both, never a silent
 *     broadcast. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

bool eval_charge(struct eval_ctx *ctx, const struct node *n, size_t units)
{
	ctx->steps += units;
	if (ctx->steps <= ENGINE_MAX_STEPS)
		return true;
	return engine_fail(ctx->err, ENGINE_ERR_LIMIT, n->start, n->end,
			   "evaluation took too many steps (more than %d)",
			   ENGINE_MAX_STEPS);
}

struct engine_value *eval_oom(struct eval_ctx *ctx, const struct node *n)
{
	engine_fail(ctx->err, ENGINE_ERR_MEMORY, n->start, n->end,
		    "the expression needs more memory than the engine allows (%u MiB)",
		    ENGINE_MAX_MEMORY >> 20);
	return NULL;
}

struct engine_value *eval_matrix(struct eval_ctx *ctx, const struct node *n,
				 size_t rows, size_t cols)
{
	if (rows == 0 || cols == 0 || rows > ENGINE_MAX_ELEMENTS / cols) {
		engine_fail(ctx->err, ENGINE_ERR_LIMIT, n->start, n->end,
			    "matrix too large: %zu×%zu has more than %d elements",
			    rows, cols, ENGINE_MAX_ELEMENTS);
		return NULL;
	}
	if (!eval_charge(ctx, n, rows * cols))
		return NULL;
	struct engine_value *v = value_matrix(ctx->arena, rows, cols);
	return v ? v : eval_oom(ctx, n);
}

struct engine_value *eval_number(struct eval_ctx *ctx, const struct node *n,
				 double x)
{
	struct engine_value *v = value_number(ctx->arena, x);
	return v ? v : eval_oom(ctx, n);
}

static bool truth(struct eval_ctx *ctx, const struct node *n,
		  const struct engine_value *v, bool *out)
{
	double x;
	if ((v->kind == ENGINE_BOOL || v->kind == ENGINE_NUMBER) &&
	    value_as_number(v, &x)) {
		*out = x != 0;
		return true;
	}
	return engine_fail(ctx->err, ENGINE_ERR_TYPE, n->start, n->end,
			   "expected a truth value (such as a comparison)");
}

static const struct engine_value *lookup(struct eval_ctx *ctx, const struct node *n)
{
	for (size_t i = ctx->n_locals; i-- > 0;)
		if (!strcmp(ctx->locals[i].name, n->name))
			return ctx->locals[i].value;
	const struct scope_entry *e = scope_find(ctx->scope, n->name, strlen(n->name));
	if (e && e->bound)
		return &e->value;
	if (e || n->free_name)
		engine_fail(ctx->err, ENGINE_ERR_NAME, n->start, n->end,
			    "'%s' has no value here", n->name);
	else
		engine_unknown_name(ctx->err, ctx->scope, n->name, n->start, n->end);
	return NULL;
}

/* (a, b, c): numbers make a column vector; equal-length vectors make the
 * rows of a matrix. */
static struct engine_value *eval_sequence(struct eval_ctx *ctx, const struct node *n)
{
	const struct engine_value **items =
		arena_alloc(ctx->arena, n->nkids * sizeof *items);
	if (!items)
		return eval_oom(ctx, n);
	size_t len = 0;
	bool numbers = true;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct engine_value *v = eval_node(ctx, n->kids[i]);
		if (!v || !(v = op_arith(ctx, n->kids[i], v)))
			return NULL;
		size_t l = engine_value_vector_length(v);
		if (v->kind == ENGINE_NUMBER) {
			l = 0;
		} else if (l == 0) {
			char d[32];
			value_describe(v, d, sizeof d);
			engine_fail(ctx->err, ENGINE_ERR_TYPE, n->kids[i]->start,
				    n->kids[i]->end,
				    "a sequence holds numbers or equal-length rows, not %s", d);
			return NULL;
		}
		if (i == 0) {
			numbers = l == 0;
			len = l;
		} else if ((l == 0) != numbers || l != len) {
			engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->kids[i]->start,
				    n->kids[i]->end,
				    numbers ? "cannot mix numbers and vectors in one sequence"
					    : "the rows of a matrix must have the same length");
			return NULL;
		}
		items[i] = v;
	}
	struct engine_value *r = numbers ? eval_matrix(ctx, n, n->nkids, 1)
					 : eval_matrix(ctx, n, n->nkids, len);
	if (!r)
		return NULL;
	for (size_t i = 0; i < n->nkids; i++) {
		if (numbers)
			r->data[i] = items[i]->number;
		else
			memcpy(r->data + i * len, items[i]->data, len * sizeof(double));
	}
	return r;
}

static struct engine_value *eval_shape(struct eval_ctx *ctx, const struct node *n)
{
	struct engine_value *v = value_number(ctx->arena, 0);
	double *dims = arena_alloc(ctx->arena, n->nkids * sizeof *dims);
	if (!v || !dims)
		return eval_oom(ctx, n);
	v->kind = ENGINE_SHAPE;
	v->ndims = n->nkids;
	v->dims = dims;
	for (size_t i = 0; i < n->nkids; i++)
		dims[i] = n->kids[i]->num;
	return v;
}

static struct engine_value *eval_norm(struct eval_ctx *ctx, const struct node *n,
				      const struct engine_value *v, bool bars)
{
	if (!(v = op_arith(ctx, n, v)))
		return NULL;
	double s = 0;
	if (v->kind == ENGINE_NUMBER) {
		s = fabs(v->number);
	} else if (v->kind == ENGINE_MATRIX) {
		if (bars && engine_value_vector_length(v) == 0) {
			engine_fail(ctx->err, ENGINE_ERR_TYPE, n->start, n->end,
				    "|A| of a matrix is ambiguous: write det(A) or norm(A)");
			return NULL;
		}
		for (size_t i = 0; i < v->rows * v->cols; i++)
			s += v->data[i] * v->data[i];
		s = sqrt(s);
	} else {
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    "the norm of I needs its size: write norm(eye(n))");
		return NULL;
	}
	struct engine_value *r = value_number(ctx->arena, s);
	return r ? r : eval_oom(ctx, n);
}

struct engine_value *eval_node(struct eval_ctx *ctx, const struct node *n)
{
	if (!eval_charge(ctx, n, 1))
		return NULL;
	struct engine_value *a = NULL, *b = NULL, *r;
	switch (n->kind) {
	case N_NUM:
		r = value_number(ctx->arena, n->num);
		return r ? r : eval_oom(ctx, n);
	case N_STRING:
		r = value_number(ctx->arena, 0);
		if (!r)
			return eval_oom(ctx, n);
		r->kind = ENGINE_STRING;
		r->text = (char *)n->name;
		return r;
	case N_IDENTITY:
		r = value_identity(ctx->arena, 1);
		return r ? r : eval_oom(ctx, n);
	case N_NAME:
		if (n->builtin >= 0) {  /* pi */
			r = value_number(ctx->arena, M_PI);
			return r ? r : eval_oom(ctx, n);
		}
		return (struct engine_value *)lookup(ctx, n);
	case N_SHAPE:
		return eval_shape(ctx, n);
	case N_VECTOR:
	case N_TUPLE:
		return eval_sequence(ctx, n);
	case N_MATRIX:
		return eval_sequence(ctx, n);
	case N_CALL:
		return eval_call(ctx, n);
	default:
		break;
	}
	if (n->kind == N_ASSIGN && n->kids[0]->kind == N_NAME && n->kids[0]->free_name) {
		engine_fail(ctx->err, ENGINE_ERR_NAME, n->kids[0]->start, n->kids[0]->end,
			    "'%s' has no value: %s = … states an answer, it cannot be evaluated",
			    n->kids[0]->name, n->kids[0]->name);
		return NULL;
	}
	if (!(a = eval_node(ctx, n->kids[0])))
		return NULL;
	if (n->nkids > 1 && n->kind != N_AND && n->kind != N_OR &&
	    !(b = eval_node(ctx, n->kids[1])))
		return NULL;
	bool t1 = false, t2 = false;
	switch (n->kind) {
	case N_NEG:
		if (!(a = (struct engine_value *)op_arith(ctx, n, a)))
			return NULL;
		r = op_scale(ctx, a, -1);
		return r ? r : eval_oom(ctx, n);
	case N_POS:
		return (struct engine_value *)op_arith(ctx, n, a);
	case N_NOT:
		if (!truth(ctx, n->kids[0], a, &t1))
			return NULL;
		r = value_bool(ctx->arena, !t1);
		return r ? r : eval_oom(ctx, n);
	case N_AND:
	case N_OR:
		if (!truth(ctx, n->kids[0], a, &t1))
			return NULL;
		if (t1 == (n->kind == N_OR)) {
			r = value_bool(ctx->arena, t1);
			return r ? r : eval_oom(ctx, n);
		}
		if (!(b = eval_node(ctx, n->kids[1])) || !truth(ctx, n->kids[1], b, &t2))
			return NULL;
		r = value_bool(ctx->arena, t2);
		return r ? r : eval_oom(ctx, n);
	case N_ADD: return op_add(ctx, n, a, b, 1);
	case N_SUB: return op_add(ctx, n, a, b, -1);
	case N_MUL:
	case N_IMUL: return op_mul(ctx, n, a, b);
	case N_DIV: return op_div(ctx, n, a, b);
	case N_POW: return op_pow(ctx, n, a, b);
	case N_EMUL: return op_elementwise(ctx, n, a, b, false);
	case N_EPOW: return op_elementwise(ctx, n, a, b, true);
	case N_ASSIGN: case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT:
	case N_GE:
		return op_compare(ctx, n, a, b);
	case N_TRANSPOSE:
		if (!(a = (struct engine_value *)op_arith(ctx, n, a)))
			return NULL;
		if (!eval_charge(ctx, n, a->kind == ENGINE_MATRIX ? a->rows * a->cols : 1))
			return NULL;
		r = op_transpose(ctx, a);
		return r ? r : eval_oom(ctx, n);
	case N_NORM: return eval_norm(ctx, n, a, false);
	case N_ABS: return eval_norm(ctx, n, a, true);
	default:
		engine_fail(ctx->err, ENGINE_ERR_PARSE, n->start, n->end,
			    "cannot evaluate this");
		return NULL;
	}
}

bool engine_eval(const struct engine_expr *e, const struct engine_scope *scope,
		 struct engine_value **out, struct engine_error *err)
{
	struct engine_error scratch;
	if (!err)
		err = &scratch;
	memset(err, 0, sizeof *err);
	*out = NULL;
	struct arena a;
	arena_init(&a, ENGINE_MAX_MEMORY);
	struct eval_ctx ctx = { .arena = &a, .scope = scope, .err = err };
	struct engine_value *v = eval_node(&ctx, e->root);
	if (v) {
		*out = value_copy(NULL, v);
		if (!*out)
			engine_fail(err, ENGINE_ERR_MEMORY, 0, 0, "no memory for the result");
	}
	arena_release(&a);
	return *out != NULL;
}

bool engine_eval_text(const char *text, const struct engine_scope *scope,
		      struct engine_value **out, struct engine_error *err)
{
	*out = NULL;
	struct engine_expr *e = engine_parse(text, strlen(text), scope, err);
	if (!e)
		return false;
	bool ok = engine_eval(e, scope, out, err);
	engine_expr_free(e);
	return ok;
}
