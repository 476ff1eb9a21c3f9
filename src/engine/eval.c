/* The evaluator: walks the AST and computes values in an arena.
 *
 * Conventions, chosen for how students write linear algebra:
 *   - a vector is a column (n×1); u' is 1×n; u'v is a number (a 1×1 product
 *     becomes a number, as on paper), and so is w·x of two vectors of the
 *     same length (written with a dot; u*v of two columns is an error that
 *     says how to write what was meant);
 *   - I is a scaled identity whose size comes from what it meets: I - uu'
 *     is n×n, and I - (a number) stays a scaled identity;
 *   - a shape (128x24x24) stands for its number of elements in arithmetic;
 *   - a matrix plus a number adds the number to every entry (z − c);
 *   - no value is ever infinite or NaN: an overflow is a Math error, as a
 *     division by zero is. */
#include <assert.h>
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

struct engine_value *eval_bool(struct eval_ctx *ctx, const struct node *n, bool b)
{
	struct engine_value *v = value_bool(ctx->arena, b);
	return v ? v : eval_oom(ctx, n);
}

struct engine_value *eval_identity(struct eval_ctx *ctx, const struct node *n,
				   double scale)
{
	struct engine_value *v = value_identity(ctx->arena, scale);
	return v ? v : eval_oom(ctx, n);
}

struct engine_value *eval_copy(struct eval_ctx *ctx, const struct node *n,
			       const struct engine_value *v)
{
	if (v->kind == ENGINE_MATRIX && !eval_charge(ctx, n, v->rows * v->cols))
		return NULL;
	struct engine_value *c = value_copy(ctx->arena, v);
	return c ? c : eval_oom(ctx, n);
}

bool eval_whole(struct eval_ctx *ctx, const struct node *arg,
		const struct engine_value *v, long lo, long hi, long *out)
{
	double x;
	if (!value_as_number(v, &x) || v->kind == ENGINE_BOOL || x != floor(x) ||
	    x < (double)lo || x > (double)hi)
		return engine_fail(ctx->err, ENGINE_ERR_TYPE, arg->start, arg->end,
				   "expected a whole number from %ld to %ld", lo, hi);
	*out = (long)x;
	return true;
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
	if (e && e->definition)  /* defined from names declared before it */
		return eval_node(ctx, e->definition->root);
	if (scope_is_dimension(ctx->scope, n->name))
		engine_fail(ctx->err, ENGINE_ERR_NAME, n->start, n->end,
			    "the size '%s' has a value only when the answer is checked",
			    n->name);
	else if (e || n->free_name)
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
	assert(n->nkids > 0);
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
	struct engine_value *v = eval_number(ctx, n, 0);
	double *dims = v ? arena_alloc(ctx->arena, n->nkids * sizeof *dims) : NULL;
	if (!v)
		return NULL;
	if (!dims)
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
		if (!eval_charge(ctx, n, v->rows * v->cols))
			return NULL;
		for (size_t i = 0; i < v->rows * v->cols; i++)
			s += v->data[i] * v->data[i];
		s = sqrt(s);
	} else {
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    "the norm of I needs its size: write norm(eye(n))");
		return NULL;
	}
	return eval_number(ctx, n, s);
}

/* The leaves and the nodes that evaluate their own children. */
static struct engine_value *eval_leaf(struct eval_ctx *ctx, const struct node *n)
{
	struct engine_value *r;
	switch (n->kind) {
	case N_NUM:
		return eval_number(ctx, n, n->num);
	case N_STRING:
		if (!(r = eval_number(ctx, n, 0)))
			return NULL;
		r->kind = ENGINE_STRING;
		r->text = (char *)n->name;
		return r;
	case N_IDENTITY:
		return eval_identity(ctx, n, 1);
	case N_NAME:
		if (n->builtin >= 0) {  /* a constant such as pi */
			const struct builtin *b = builtin_get(n->builtin);
			assert(b->flags & BF_CONST);
			return b->fn(ctx, n, NULL, 0);
		}
		return (struct engine_value *)lookup(ctx, n);
	case N_SHAPE:
		return eval_shape(ctx, n);
	case N_VECTOR:
	case N_TUPLE:
	case N_MATRIX:
		return eval_sequence(ctx, n);
	case N_CALL:
		return eval_call(ctx, n);
	case N_INDEX:
		/* x_j where the answer is indexed by j: the answer stands for
		 * every component at once, so x_j is x itself. */
		return eval_node(ctx, n->kids[0]);
	default:
		assert(!"eval_leaf: not a leaf");
		return NULL;
	}
}

static struct engine_value *eval_logic(struct eval_ctx *ctx, const struct node *n,
				       const struct engine_value *a)
{
	bool t1 = false, t2 = false;
	if (!truth(ctx, n->kids[0], a, &t1))
		return NULL;
	if (n->kind == N_NOT)
		return eval_bool(ctx, n, !t1);
	if (t1 == (n->kind == N_OR))
		return eval_bool(ctx, n, t1);
	const struct engine_value *b = eval_node(ctx, n->kids[1]);
	if (!b || !truth(ctx, n->kids[1], b, &t2))
		return NULL;
	return eval_bool(ctx, n, t2);
}

static struct engine_value *eval_any(struct eval_ctx *ctx, const struct node *n)
{
	if (!eval_charge(ctx, n, 1))
		return NULL;
	switch (n->kind) {
	case N_NUM: case N_STRING: case N_IDENTITY: case N_NAME: case N_SHAPE:
	case N_VECTOR: case N_TUPLE: case N_MATRIX: case N_CALL: case N_INDEX:
		return eval_leaf(ctx, n);
	default:
		break;
	}
	if (n->kind == N_ASSIGN && n->kids[0]->kind == N_NAME && n->kids[0]->free_name) {
		engine_fail(ctx->err, ENGINE_ERR_NAME, n->kids[0]->start, n->kids[0]->end,
			    "'%s' has no value: %s = … states an answer, it cannot be evaluated",
			    n->kids[0]->name, n->kids[0]->name);
		return NULL;
	}
	const struct engine_value *a = eval_node(ctx, n->kids[0]), *b = NULL;
	if (!a)
		return NULL;
	if (n->kind == N_NOT || n->kind == N_AND || n->kind == N_OR)
		return eval_logic(ctx, n, a);
	assert(n->nkids == 1 || n->nkids == 2);
	if (n->nkids == 2 && !(b = eval_node(ctx, n->kids[1])))
		return NULL;
	switch (n->kind) {
	case N_NEG:
		if (!(a = op_arith(ctx, n, a)))
			return NULL;
		return op_scale(ctx, n, a, -1);
	case N_POS: return (struct engine_value *)op_arith(ctx, n, a);
	case N_ADD: return op_add(ctx, n, a, b, 1);
	case N_SUB: return op_add(ctx, n, a, b, -1);
	case N_MUL:
	case N_IMUL: return op_mul(ctx, n, a, b);
	case N_DOT: return op_dot(ctx, n, a, b);
	case N_DIV: return op_div(ctx, n, a, b);
	case N_POW: return op_pow(ctx, n, a, b);
	case N_EMUL: return op_elementwise(ctx, n, a, b, EW_MUL);
	case N_EDIV: return op_elementwise(ctx, n, a, b, EW_DIV);
	case N_EPOW: return op_elementwise(ctx, n, a, b, EW_POW);
	case N_ASSIGN: case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT:
	case N_GE:
		return op_compare(ctx, n, a, b);
	case N_TRANSPOSE:
		if (!(a = op_arith(ctx, n, a)))
			return NULL;
		return op_transpose(ctx, n, a);
	case N_NORM: return eval_norm(ctx, n, a, false);
	case N_ABS: return eval_norm(ctx, n, a, true);
	default:
		assert(!"eval_any: a node kind without an evaluation");
		engine_fail(ctx->err, ENGINE_ERR_PARSE, n->start, n->end,
			    "cannot evaluate this");
		return NULL;
	}
}

static bool finite_value(const struct engine_value *v, bool *nan)
{
	*nan = false;
	if (v->kind == ENGINE_MATRIX) {
		for (size_t i = 0; i < v->rows * v->cols; i++)
			if (!isfinite(v->data[i])) {
				*nan = isnan(v->data[i]);
				return false;
			}
		return true;
	}
	if (v->kind == ENGINE_NUMBER || v->kind == ENGINE_IDENTITY) {
		*nan = isnan(v->number);
		return isfinite(v->number);
	}
	return true;
}

struct engine_value *eval_node(struct eval_ctx *ctx, const struct node *n)
{
	struct engine_value *v = eval_any(ctx, n);
	bool nan;
	if (!v || finite_value(v, &nan))
		return v;
	/* Nothing past this point ever sees an infinity or a NaN: a value
	 * too large for a double is an error, not a number that compares
	 * equal to everything or to nothing. */
	engine_fail(ctx->err, ENGINE_ERR_MATH, n->start, n->end,
		    nan ? "the value is undefined here (not a number)"
			: "the value is too large: it overflows the range of numbers "
			  "(about 1.8e308)");
	return NULL;
}

bool engine_eval_counted(const struct engine_expr *e, const struct engine_scope *scope,
			 struct engine_value **out, struct engine_error *err,
			 size_t *steps)
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
	if (steps)
		*steps = ctx.steps;
	return *out != NULL;
}

bool engine_eval(const struct engine_expr *e, const struct engine_scope *scope,
		 struct engine_value **out, struct engine_error *err)
{
	return engine_eval_counted(e, scope, out, err, NULL);
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
