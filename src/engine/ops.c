/* The operators on values: sums, products, division, powers, element-wise
 * products, comparisons, and the small linear algebra behind inv and det.
 * Each reports a dimension mismatch naming both shapes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

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
const struct engine_value *op_arith(struct eval_ctx *ctx, const struct node *n,
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
		return num ? num : eval_oom(ctx, n);
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
	if (!(a = op_arith(ctx, n, a)) || !(b = op_arith(ctx, n, b)))
		return NULL;
	enum engine_value_kind ka = a->kind, kb = b->kind;
	if (ka != ENGINE_MATRIX && kb != ENGINE_MATRIX) {
		/* numbers and scaled identities: I - c stays c'·I */
		double x = a->number + sign * b->number;
		struct engine_value *r = (ka == ENGINE_IDENTITY || kb == ENGINE_IDENTITY)
			? value_identity(ctx->arena, x) : value_number(ctx->arena, x);
		return r ? r : eval_oom(ctx, n);
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
	if (!(a = op_arith(ctx, n, a)) || !(b = op_arith(ctx, n, b)))
		return NULL;
	if (a->kind != ENGINE_MATRIX && b->kind != ENGINE_MATRIX) {
		struct engine_value *r = value_number(ctx->arena, a->number * b->number);
		if (r && (a->kind == ENGINE_IDENTITY || b->kind == ENGINE_IDENTITY))
			r->kind = ENGINE_IDENTITY;
		return r ? r : eval_oom(ctx, n);
	}
	if (a->kind != ENGINE_MATRIX || b->kind != ENGINE_MATRIX) {
		const struct engine_value *m = a->kind == ENGINE_MATRIX ? a : b;
		const struct engine_value *k = a->kind == ENGINE_MATRIX ? b : a;
		if (!eval_charge(ctx, n, m->rows * m->cols))
			return NULL;
		struct engine_value *r = op_scale(ctx, m, k->number);
		return r ? r : eval_oom(ctx, n);
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
		return r ? r : eval_oom(ctx, n);
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
		return eval_oom(ctx, n);
	double det;
	bool ok = gauss_jordan(a->data, sz, inv->data, &det, work);
	if (want_det) {
		struct engine_value *r = value_number(ctx->arena, ok ? det : 0);
		return r ? r : eval_oom(ctx, n);
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
	if (!(a = op_arith(ctx, n, a)))
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
		return r ? r : eval_oom(ctx, n);
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

struct engine_value *op_div(struct eval_ctx *ctx, const struct node *n,
				   const struct engine_value *a,
				   const struct engine_value *b)
{
	if (!(a = op_arith(ctx, n, a)) || !(b = op_arith(ctx, n, b)))
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
	return r ? r : eval_oom(ctx, n);
zero:
	engine_fail(ctx->err, ENGINE_ERR_MATH, n->kids[1]->start, n->kids[1]->end,
		    "division by zero");
	return NULL;
}

struct engine_value *op_pow(struct eval_ctx *ctx, const struct node *n,
				   const struct engine_value *a,
				   const struct engine_value *b)
{
	if (!(a = op_arith(ctx, n, a)) || !(b = op_arith(ctx, n, b)))
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
		return r ? r : eval_oom(ctx, n);
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
		return eval_oom(ctx, n);
	for (long k = 0; k < (long)e; k++)
		if (!(r = op_mul(ctx, n, r, base)))
			return NULL;
	return r;
}

/* Element-wise a ⊙ b (times) or a .^ b (power), numbers broadcast. */
struct engine_value *op_elementwise(struct eval_ctx *ctx,
					   const struct node *n,
					   const struct engine_value *a,
					   const struct engine_value *b,
					   bool power)
{
	if (!(a = op_arith(ctx, n, a)) || !(b = op_arith(ctx, n, b)))
		return NULL;
	if (a->kind == ENGINE_IDENTITY || b->kind == ENGINE_IDENTITY) {
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    "I has no size here: element-wise operations need a matrix of known size");
		return NULL;
	}
	if (a->kind != ENGINE_MATRIX && b->kind != ENGINE_MATRIX) {
		struct engine_value *r = value_number(ctx->arena, power ?
			pow(a->number, b->number) : a->number * b->number);
		return r ? r : eval_oom(ctx, n);
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

static bool close_enough(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1, fmax(fabs(a), fabs(b)));
}

struct engine_value *op_compare(struct eval_ctx *ctx, const struct node *n,
				       const struct engine_value *a,
				       const struct engine_value *b)
{
	if (!(a = op_arith(ctx, n, a)) || !(b = op_arith(ctx, n, b)))
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
	return r ? r : eval_oom(ctx, n);
}

