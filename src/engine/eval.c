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

static struct engine_value *oom(struct eval_ctx *ctx, const struct node *n)
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
	return v ? v : oom(ctx, n);
}

struct engine_value *eval_number(struct eval_ctx *ctx, const struct node *n,
				 double x)
{
	struct engine_value *v = value_number(ctx->arena, x);
	return v ? v : oom(ctx, n);
}

static struct engine_value *dim_error(struct eval_ctx *ctx, const struct node *n,
				      const char *verb, const char *joiner,
				      const struct engine_value *a,
				      const struct engine_value *b)
{
	char da[32], db[32];
	value_describe(a, da, sizeof da);
	value_describe(b, db, sizeof db);
	engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
		    "cannot %s %s %s %s", verb, da, joiner, db);
	return NULL;
}

/* Shapes and 1×1 matrices act as numbers in arithmetic; truth values and
 * strings do not take part at all. */
static const struct engine_value *arith(struct eval_ctx *ctx, const struct node *n,
					const struct engine_value *v)
{
	double x;
	if (v->kind == ENGINE_STRING || v->kind == ENGINE_BOOL) {
		engine_fail(ctx->err, ENGINE_ERR_TYPE, n->start, n->end,
			    "cannot do arithmetic with %s",
			    v->kind == ENGINE_STRING ? "a string" : "a truth value");
		return NULL;
	}
	if ((v->kind == ENGINE_SHAPE ||
	     (v->kind == ENGINE_MATRIX && v->rows == 1 && v->cols == 1)) &&
	    value_as_number(v, &x)) {
		struct engine_value *num = value_number(ctx->arena, x);
		return num ? num : oom(ctx, n);
	}
	return v;
}

struct engine_value *identity_materialise(struct eval_ctx *ctx,
					  const struct engine_value *v,
					  size_t size)
{
	struct engine_value *m = value_matrix(ctx->arena, size, size);
	if (!m)
		return NULL;
	for (size_t i = 0; i < size * size; i++)
		m->data[i] = i % (size + 1) == 0 ? v->number : 0;
	return m;
}

struct engine_value *op_scale(struct eval_ctx *ctx, const struct engine_value *a,
			     double k)
{
	if (a->kind == ENGINE_MATRIX) {
		struct engine_value *m = value_matrix(ctx->arena, a->rows, a->cols);
		if (!m)
			return NULL;
		for (size_t i = 0; i < a->rows * a->cols; i++)
			m->data[i] = a->data[i] * k;
		return m;
	}
	struct engine_value *r = value_number(ctx->arena, a->number * k);
	if (r)
		r->kind = a->kind == ENGINE_IDENTITY ? ENGINE_IDENTITY : ENGINE_NUMBER;
	return r;
}

struct engine_value *op_add(struct eval_ctx *ctx, const struct node *n,
			   const struct engine_value *a,
			   const struct engine_value *b, double sign)
{
	const char *verb = sign > 0 ? "add" : "subtract";
	const char *joiner = sign > 0 ? "and" : "from";
	if (!(a = arith(ctx, n, a)) || !(b = arith(ctx, n, b)))
		return NULL;
	enum engine_value_kind ka = a->kind, kb = b->kind;
	if (ka != ENGINE_MATRIX && kb != ENGINE_MATRIX) {
		/* numbers and scaled identities: I - c stays c'·I */
		double x = a->number + sign * b->number;
		struct engine_value *r = (ka == ENGINE_IDENTITY || kb == ENGINE_IDENTITY)
			? value_identity(ctx->arena, x) : value_number(ctx->arena, x);
		return r ? r : oom(ctx, n);
	}
	if (ka == ENGINE_MATRIX && kb == ENGINE_MATRIX) {
		if (a->rows != b->rows || a->cols != b->cols)
			/* "subtract B from A" names B first */
			return sign > 0 ? dim_error(ctx, n, verb, joiner, a, b)
					: dim_error(ctx, n, verb, joiner, b, a);
		struct engine_value *r = eval_matrix(ctx, n, a->rows, a->cols);
		if (!r)
			return NULL;
		for (size_t i = 0; i < a->rows * a->cols; i++)
			r->data[i] = a->data[i] + sign * b->data[i];
		return r;
	}
	const struct engine_value *m = ka == ENGINE_MATRIX ? a : b;
	const struct engine_value *o = ka == ENGINE_MATRIX ? b : a;
	if (o->kind == ENGINE_IDENTITY) {
		if (m->rows != m->cols) {
			char dm[32];
			value_describe(m, dm, sizeof dm);
			engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
				    "cannot %s I and %s: I is square, %s is not",
				    verb, dm, dm);
			return NULL;
		}
		struct engine_value *r = eval_matrix(ctx, n, m->rows, m->cols);
		if (!r)
			return NULL;
		double sm = m == a ? 1 : sign, so = o == a ? 1 : sign;
		for (size_t i = 0; i < m->rows * m->cols; i++)
			r->data[i] = sm * m->data[i] +
				     (i % (m->cols + 1) == 0 ? so * o->number : 0);
		return r;
	}
	return sign > 0 ? dim_error(ctx, n, verb, joiner, a, b)
			: dim_error(ctx, n, verb, joiner, b, a);
}

struct engine_value *op_mul(struct eval_ctx *ctx, const struct node *n,
			   const struct engine_value *a,
			   const struct engine_value *b)
{
	if (!(a = arith(ctx, n, a)) || !(b = arith(ctx, n, b)))
		return NULL;
	if (a->kind != ENGINE_MATRIX && b->kind != ENGINE_MATRIX) {
		struct engine_value *r = value_number(ctx->arena, a->number * b->number);
		if (r && (a->kind == ENGINE_IDENTITY || b->kind == ENGINE_IDENTITY))
			r->kind = ENGINE_IDENTITY;
		return r ? r : oom(ctx, n);
	}
	if (a->kind != ENGINE_MATRIX || b->kind != ENGINE_MATRIX) {
		const struct engine_value *m = a->kind == ENGINE_MATRIX ? a : b;
		const struct engine_value *k = a->kind == ENGINE_MATRIX ? b : a;
		if (!eval_charge(ctx, n, m->rows * m->cols))
			return NULL;
		struct engine_value *r = op_scale(ctx, m, k->number);
		return r ? r : oom(ctx, n);
	}
	if (a->cols != b->rows) {
		char da[32], db[32];
		value_describe(a, da, sizeof da);
		value_describe(b, db, sizeof db);
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    "cannot multiply %s by %s: %zu columns against %zu rows",
			    da, db, a->cols, b->rows);
		return NULL;
	}
	if (!eval_charge(ctx, n, a->rows * a->cols * b->cols))
		return NULL;
	if (a->rows == 1 && b->cols == 1) {
		double s = 0;
		for (size_t k = 0; k < a->cols; k++)
			s += a->data[k] * b->data[k];
		struct engine_value *r = value_number(ctx->arena, s);
		return r ? r : oom(ctx, n);
	}
	struct engine_value *r = eval_matrix(ctx, n, a->rows, b->cols);
	if (!r)
		return NULL;
	for (size_t i = 0; i < a->rows; i++)
		for (size_t j = 0; j < b->cols; j++) {
			double s = 0;
			for (size_t k = 0; k < a->cols; k++)
				s += a->data[i * a->cols + k] * b->data[k * b->cols + j];
			r->data[i * b->cols + j] = s;
		}
	return r;
}

struct engine_value *op_transpose(struct eval_ctx *ctx,
				  const struct engine_value *a)
{
	if (a->kind != ENGINE_MATRIX)
		return (struct engine_value *)a;
	struct engine_value *r = value_matrix(ctx->arena, a->cols, a->rows);
	if (!r)
		return NULL;
	for (size_t i = 0; i < a->rows; i++)
		for (size_t j = 0; j < a->cols; j++)
			r->data[j * a->rows + i] = a->data[i * a->cols + j];
	return r;
}

/* Gauss-Jordan with partial pivoting; also gives the determinant. */
static bool gauss_jordan(const double *in, size_t n, double *inv, double *det,
			 double *work)
{
	memcpy(work, in, n * n * sizeof *work);
	for (size_t i = 0; i < n * n; i++)
		inv[i] = i % (n + 1) == 0 ? 1 : 0;
	double d = 1, scale = 0;
	for (size_t i = 0; i < n * n; i++)
		scale = fmax(scale, fabs(in[i]));
	for (size_t c = 0; c < n; c++) {
		size_t piv = c;
		for (size_t r = c + 1; r < n; r++)
			if (fabs(work[r * n + c]) > fabs(work[piv * n + c]))
				piv = r;
		double pv = work[piv * n + c];
		if (fabs(pv) <= 1e-12 * (scale > 0 ? scale : 1)) {
			*det = 0;
			return false;
		}
		if (piv != c) {
			for (size_t k = 0; k < n; k++) {
				double t = work[c * n + k];
				work[c * n + k] = work[piv * n + k];
				work[piv * n + k] = t;
				t = inv[c * n + k];
				inv[c * n + k] = inv[piv * n + k];
				inv[piv * n + k] = t;
			}
			d = -d;
		}
		d *= pv;
		for (size_t k = 0; k < n; k++) {
			work[c * n + k] /= pv;
			inv[c * n + k] /= pv;
		}
		for (size_t r = 0; r < n; r++) {
			if (r == c)
				continue;
			double f = work[r * n + c];
			if (f == 0)
				continue;
			for (size_t k = 0; k < n; k++) {
				work[r * n + k] -= f * work[c * n + k];
				inv[r * n + k] -= f * inv[c * n + k];
			}
		}
	}
	*det = d;
	return true;
}

/* Inverse or determinant of a square matrix (want_det picks). */
static struct engine_value *square_op(struct eval_ctx *ctx, const struct node *n,
				      const struct engine_value *a, bool want_det)
{
	if (a->rows != a->cols) {
		char da[32];
		value_describe(a, da, sizeof da);
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    "%s needs a square matrix, not %s",
			    want_det ? "the determinant" : "the inverse", da);
		return NULL;
	}
	size_t sz = a->rows;
	if (!eval_charge(ctx, n, sz * sz * sz))
		return NULL;
	struct engine_value *inv = value_matrix(ctx->arena, sz, sz);
	double *work = arena_alloc(ctx->arena, sz * sz * sizeof *work);
	if (!inv || !work)
		return oom(ctx, n);
	double det;
	bool ok = gauss_jordan(a->data, sz, inv->data, &det, work);
	if (want_det) {
		struct engine_value *r = value_number(ctx->arena, ok ? det : 0);
		return r ? r : oom(ctx, n);
	}
	if (!ok) {
		engine_fail(ctx->err, ENGINE_ERR_MATH, n->start, n->end,
			    "the matrix is singular: it has no inverse");
		return NULL;
	}
	return inv;
}

struct engine_value *op_inverse(struct eval_ctx *ctx, const struct node *n,
				const struct engine_value *a)
{
	if (!(a = arith(ctx, n, a)))
		return NULL;
	if (a->kind != ENGINE_MATRIX) {
		if (a->number == 0) {
			engine_fail(ctx->err, ENGINE_ERR_MATH, n->start, n->end,
				    "division by zero");
			return NULL;
		}
		struct engine_value *r = value_number(ctx->arena, 1 / a->number);
		if (r)
			r->kind = a->kind;
		return r ? r : oom(ctx, n);
	}
	return square_op(ctx, n, a, false);
}

double eval_det(struct eval_ctx *ctx, const struct node *n,
		const struct engine_value *a, bool *ok)
{
	struct engine_value *r = square_op(ctx, n, a, true);
	*ok = r != NULL;
	return r ? r->number : 0;
}

static struct engine_value *op_div(struct eval_ctx *ctx, const struct node *n,
				   const struct engine_value *a,
				   const struct engine_value *b)
{
	if (!(a = arith(ctx, n, a)) || !(b = arith(ctx, n, b)))
		return NULL;
	if (b->kind == ENGINE_MATRIX) {
		char db[32];
		value_describe(b, db, sizeof db);
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->kids[1]->start,
			    n->kids[1]->end,
			    "cannot divide by a %s matrix: multiply by its inverse instead",
			    db);
		return NULL;
	}
	if (b->kind == ENGINE_IDENTITY) {
		/* A/(c·I) = A/c */
		if (b->number == 0)
			goto zero;
		return op_scale(ctx, a, 1 / b->number);
	}
	if (b->number == 0)
		goto zero;
	if (!eval_charge(ctx, n, a->kind == ENGINE_MATRIX ? a->rows * a->cols : 1))
		return NULL;
	struct engine_value *r = op_scale(ctx, a, 1 / b->number);
	if (r && a->kind != ENGINE_MATRIX)
		r->number = a->number / b->number;  /* exact, not a·(1/b) */
	return r ? r : oom(ctx, n);
zero:
	engine_fail(ctx->err, ENGINE_ERR_MATH, n->kids[1]->start, n->kids[1]->end,
		    "division by zero");
	return NULL;
}

static struct engine_value *op_pow(struct eval_ctx *ctx, const struct node *n,
				   const struct engine_value *a,
				   const struct engine_value *b)
{
	if (!(a = arith(ctx, n, a)) || !(b = arith(ctx, n, b)))
		return NULL;
	if (b->kind != ENGINE_NUMBER) {
		engine_fail(ctx->err, ENGINE_ERR_TYPE, n->kids[1]->start,
			    n->kids[1]->end, "an exponent must be a number");
		return NULL;
	}
	double e = b->number;
	if (a->kind == ENGINE_NUMBER || a->kind == ENGINE_IDENTITY) {
		if (a->number == 0 && e < 0) {
			engine_fail(ctx->err, ENGINE_ERR_MATH, n->start, n->end,
				    "division by zero (0 to a negative power)");
			return NULL;
		}
		if (a->number < 0 && e != floor(e)) {
			engine_fail(ctx->err, ENGINE_ERR_MATH, n->start, n->end,
				    "a negative number to a fractional power is not real");
			return NULL;
		}
		struct engine_value *r = value_number(ctx->arena, pow(a->number, e));
		if (r)
			r->kind = a->kind;
		return r ? r : oom(ctx, n);
	}
	if (a->rows != a->cols || e != floor(e) || fabs(e) > 1024) {
		char da[32];
		value_describe(a, da, sizeof da);
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    a->rows != a->cols
			    ? "cannot raise a %s matrix to a power (use .^ for each entry)"
			    : "a %s matrix can only be raised to a whole power",
			    da);
		return NULL;
	}
	const struct engine_value *base = a;
	if (e < 0) {
		if (!(base = op_inverse(ctx, n, a)))
			return NULL;
		e = -e;
	}
	struct engine_value *r = identity_materialise(ctx, &(struct engine_value){
		.kind = ENGINE_IDENTITY, .number = 1 }, a->rows);
	if (!r)
		return oom(ctx, n);
	for (long k = 0; k < (long)e; k++)
		if (!(r = op_mul(ctx, n, r, base)))
			return NULL;
	return r;
}

/* Element-wise a ⊙ b (times) or a .^ b (power), numbers broadcast. */
static struct engine_value *op_elementwise(struct eval_ctx *ctx,
					   const struct node *n,
					   const struct engine_value *a,
					   const struct engine_value *b,
					   bool power)
{
	if (!(a = arith(ctx, n, a)) || !(b = arith(ctx, n, b)))
		return NULL;
	if (a->kind == ENGINE_IDENTITY || b->kind == ENGINE_IDENTITY) {
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    "I has no size here: element-wise operations need a matrix of known size");
		return NULL;
	}
	if (a->kind != ENGINE_MATRIX && b->kind != ENGINE_MATRIX) {
		struct engine_value *r = value_number(ctx->arena, power ?
			pow(a->number, b->number) : a->number * b->number);
		return r ? r : oom(ctx, n);
	}
	const struct engine_value *shape = a->kind == ENGINE_MATRIX ? a : b;
	if (a->kind == ENGINE_MATRIX && b->kind == ENGINE_MATRIX &&
	    (a->rows != b->rows || a->cols != b->cols))
		return dim_error(ctx, n, power ? "raise element-wise" : "multiply element-wise",
				 power ? "to" : "and", a, b);
	struct engine_value *r = eval_matrix(ctx, n, shape->rows, shape->cols);
	if (!r)
		return NULL;
	for (size_t i = 0; i < shape->rows * shape->cols; i++) {
		double x = a->kind == ENGINE_MATRIX ? a->data[i] : a->number;
		double y = b->kind == ENGINE_MATRIX ? b->data[i] : b->number;
		r->data[i] = power ? pow(x, y) : x * y;
	}
	return r;
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

static bool close_enough(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1, fmax(fabs(a), fabs(b)));
}

static struct engine_value *op_compare(struct eval_ctx *ctx, const struct node *n,
				       const struct engine_value *a,
				       const struct engine_value *b)
{
	if (!(a = arith(ctx, n, a)) || !(b = arith(ctx, n, b)))
		return NULL;
	bool eq_kind = n->kind == N_EQ || n->kind == N_ASSIGN || n->kind == N_NE;
	bool result;
	if (a->kind == ENGINE_MATRIX || b->kind == ENGINE_MATRIX) {
		if (!eq_kind || a->kind != b->kind || a->rows != b->rows ||
		    a->cols != b->cols)
			return dim_error(ctx, n, "compare", "with", a, b);
		result = true;
		for (size_t i = 0; i < a->rows * a->cols; i++)
			result = result && close_enough(a->data[i], b->data[i]);
		if (n->kind == N_NE)
			result = !result;
	} else {
		double x = a->number, y = b->number;
		switch (n->kind) {
		case N_ASSIGN:
		case N_EQ: result = close_enough(x, y); break;
		case N_NE: result = !close_enough(x, y); break;
		case N_LT: result = x < y; break;
		case N_LE: result = x <= y || close_enough(x, y); break;
		case N_GT: result = x > y; break;
		default: result = x >= y || close_enough(x, y); break;
		}
	}
	struct engine_value *r = value_bool(ctx->arena, result);
	return r ? r : oom(ctx, n);
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
		return oom(ctx, n);
	size_t len = 0;
	bool numbers = true;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct engine_value *v = eval_node(ctx, n->kids[i]);
		if (!v || !(v = arith(ctx, n->kids[i], v)))
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
		return oom(ctx, n);
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
	if (!(v = arith(ctx, n, v)))
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
	return r ? r : oom(ctx, n);
}

struct engine_value *eval_node(struct eval_ctx *ctx, const struct node *n)
{
	if (!eval_charge(ctx, n, 1))
		return NULL;
	struct engine_value *a = NULL, *b = NULL, *r;
	switch (n->kind) {
	case N_NUM:
		r = value_number(ctx->arena, n->num);
		return r ? r : oom(ctx, n);
	case N_STRING:
		r = value_number(ctx->arena, 0);
		if (!r)
			return oom(ctx, n);
		r->kind = ENGINE_STRING;
		r->text = (char *)n->name;
		return r;
	case N_IDENTITY:
		r = value_identity(ctx->arena, 1);
		return r ? r : oom(ctx, n);
	case N_NAME:
		if (n->builtin >= 0) {  /* pi */
			r = value_number(ctx->arena, M_PI);
			return r ? r : oom(ctx, n);
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
		if (!(a = (struct engine_value *)arith(ctx, n, a)))
			return NULL;
		r = op_scale(ctx, a, -1);
		return r ? r : oom(ctx, n);
	case N_POS:
		return (struct engine_value *)arith(ctx, n, a);
	case N_NOT:
		if (!truth(ctx, n->kids[0], a, &t1))
			return NULL;
		r = value_bool(ctx->arena, !t1);
		return r ? r : oom(ctx, n);
	case N_AND:
	case N_OR:
		if (!truth(ctx, n->kids[0], a, &t1))
			return NULL;
		if (t1 == (n->kind == N_OR)) {
			r = value_bool(ctx->arena, t1);
			return r ? r : oom(ctx, n);
		}
		if (!(b = eval_node(ctx, n->kids[1])) || !truth(ctx, n->kids[1], b, &t2))
			return NULL;
		r = value_bool(ctx->arena, t2);
		return r ? r : oom(ctx, n);
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
		if (!(a = (struct engine_value *)arith(ctx, n, a)))
			return NULL;
		if (!eval_charge(ctx, n, a->kind == ENGINE_MATRIX ? a->rows * a->cols : 1))
			return NULL;
		r = op_transpose(ctx, a);
		return r ? r : oom(ctx, n);
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
