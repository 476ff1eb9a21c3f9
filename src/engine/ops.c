/* The operators on values: sums, products, division, powers, element-wise
 * products, comparisons, transposes and inverses. Each reports a dimension
 * mismatch naming both shapes, and charges its loops to the step budget
 * through the eval_* constructors. A number added to a matrix is added to
 * every entry; a product of two column vectors is refused with the three
 * things it may have meant (u'v, u·v, u .* v), while u·v as written on
 * paper (op_dot) is their inner product. */
#include <assert.h>
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
	    value_as_number(v, &x))
		return eval_number(ctx, n, x);
	return v;
}

struct engine_value *identity_materialise(struct eval_ctx *ctx, const struct node *n,
					  const struct engine_value *v,
					  size_t size)
{
	assert(v->kind == ENGINE_IDENTITY);
	struct engine_value *m = eval_matrix(ctx, n, size, size);
	if (!m)
		return NULL;
	for (size_t i = 0; i < size * size; i++)
		m->data[i] = i % (size + 1) == 0 ? v->number : 0;
	return m;
}

struct engine_value *op_scale(struct eval_ctx *ctx, const struct node *n,
			     const struct engine_value *a, double k)
{
	if (a->kind == ENGINE_MATRIX) {
		struct engine_value *m = eval_matrix(ctx, n, a->rows, a->cols);
		if (!m)
			return NULL;
		for (size_t i = 0; i < a->rows * a->cols; i++)
			m->data[i] = a->data[i] * k;
		return m;
	}
	assert(a->kind == ENGINE_NUMBER || a->kind == ENGINE_IDENTITY);
	return a->kind == ENGINE_IDENTITY ? eval_identity(ctx, n, a->number * k)
					  : eval_number(ctx, n, a->number * k);
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
		return ka == ENGINE_IDENTITY || kb == ENGINE_IDENTITY
			? eval_identity(ctx, n, x) : eval_number(ctx, n, x);
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
	/* z − c, 1 − M: a number is added to every entry, as papers write
	 * z − logsumexp(z). (A number and I stay a scaled identity, above.) */
	assert(o->kind == ENGINE_NUMBER);
	struct engine_value *r = eval_matrix(ctx, n, m->rows, m->cols);
	if (!r)
		return NULL;
	double sm = m == a ? 1 : sign, so = o == a ? 1 : sign;
	for (size_t i = 0; i < m->rows * m->cols; i++)
		r->data[i] = sm * m->data[i] + so * o->number;
	return r;
}

/* Two vectors of the same length and orientation: a product of them can
 * only mean their inner product (w·x as written on paper). */
static bool same_vectors(const struct engine_value *a, const struct engine_value *b)
{
	return a->kind == ENGINE_MATRIX && b->kind == ENGINE_MATRIX &&
	       a->rows == b->rows && a->cols == b->cols &&
	       (a->cols == 1 || a->rows == 1) && a->rows * a->cols > 1;
}

struct engine_value *op_mul(struct eval_ctx *ctx, const struct node *n,
			   const struct engine_value *a,
			   const struct engine_value *b)
{
	if (!(a = op_arith(ctx, n, a)) || !(b = op_arith(ctx, n, b)))
		return NULL;
	if (a->kind != ENGINE_MATRIX && b->kind != ENGINE_MATRIX) {
		double x = a->number * b->number;
		return a->kind == ENGINE_IDENTITY || b->kind == ENGINE_IDENTITY
			? eval_identity(ctx, n, x) : eval_number(ctx, n, x);
	}
	if (a->kind != ENGINE_MATRIX || b->kind != ENGINE_MATRIX) {
		const struct engine_value *m = a->kind == ENGINE_MATRIX ? a : b;
		const struct engine_value *k = a->kind == ENGINE_MATRIX ? b : a;
		return op_scale(ctx, n, m, k->number);
	}
	if (a->cols != b->rows) {
		char da[32], db[32];
		value_describe(a, da, sizeof da);
		value_describe(b, db, sizeof db);
		if (same_vectors(a, b))
			/* u*v of two columns: say the three things it may mean */
			engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
				    "cannot multiply %s by %s: for the inner product write "
				    "u'*v, u·v or dot(u, v); for the outer product u*v'; "
				    "entry by entry u .* v", da, db);
		else
			engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
				    "cannot multiply %s by %s: %zu columns against %zu rows "
				    "(for a product entry by entry use .* or ⊙)",
				    da, db, a->cols, b->rows);
		return NULL;
	}
	if (!eval_charge(ctx, n, a->rows * a->cols * b->cols))
		return NULL;
	if (a->rows == 1 && b->cols == 1) {
		double s = 0;
		for (size_t k = 0; k < a->cols; k++)
			s += a->data[k] * b->data[k];
		return eval_number(ctx, n, s);
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

struct engine_value *op_dot(struct eval_ctx *ctx, const struct node *n,
			   const struct engine_value *a,
			   const struct engine_value *b)
{
	if (!(a = op_arith(ctx, n, a)) || !(b = op_arith(ctx, n, b)))
		return NULL;
	if (a->kind == ENGINE_MATRIX && b->kind == ENGINE_MATRIX &&
	    engine_value_vector_length(a) && engine_value_vector_length(b) &&
	    a->rows * a->cols == b->rows * b->cols && !(a->rows == 1 && b->cols == 1)) {
		size_t len = a->rows * a->cols;
		if (!eval_charge(ctx, n, len))
			return NULL;
		double s = 0;
		for (size_t k = 0; k < len; k++)
			s += a->data[k] * b->data[k];
		return eval_number(ctx, n, s);
	}
	return op_mul(ctx, n, a, b);
}

struct engine_value *op_transpose(struct eval_ctx *ctx, const struct node *n,
				  const struct engine_value *a)
{
	if (a->kind != ENGINE_MATRIX)
		return (struct engine_value *)a;
	struct engine_value *r = eval_matrix(ctx, n, a->cols, a->rows);
	if (!r)
		return NULL;
	for (size_t i = 0; i < a->rows; i++)
		for (size_t j = 0; j < a->cols; j++)
			r->data[j * a->rows + i] = a->data[i * a->cols + j];
	return r;
}

static bool need_square(struct eval_ctx *ctx, const struct node *n,
			const struct engine_value *a, const char *what)
{
	if (a->rows == a->cols)
		return true;
	char da[32];
	value_describe(a, da, sizeof da);
	return engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			   "%s needs a square matrix, not %s", what, da);
}

/* Inverse or determinant of a square matrix (want_det picks). */
static struct engine_value *square_op(struct eval_ctx *ctx, const struct node *n,
				      const struct engine_value *a, bool want_det)
{
	if (!need_square(ctx, n, a, want_det ? "the determinant" : "the inverse"))
		return NULL;
	size_t sz = a->rows;
	if (!eval_charge(ctx, n, sz * sz * sz))
		return NULL;
	struct engine_value *inv = eval_matrix(ctx, n, sz, sz);
	double *work = inv ? arena_alloc(ctx->arena, sz * sz * sizeof *work) : NULL;
	if (!inv)
		return NULL;
	if (!work)
		return eval_oom(ctx, n);
	double det;
	bool ok = linalg_invert(a->data, sz, inv->data, &det, work);
	if (want_det)
		return eval_number(ctx, n, ok ? det : 0);
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
		return a->kind == ENGINE_IDENTITY ? eval_identity(ctx, n, 1 / a->number)
						  : eval_number(ctx, n, 1 / a->number);
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
			    engine_value_vector_length(b)
			    ? "cannot divide by a %s vector (for a division entry by "
			      "entry write ./)"
			    : "cannot divide by a %s matrix: multiply by its inverse instead",
			    db);
		return NULL;
	}
	if (b->number == 0) {
		engine_fail(ctx->err, ENGINE_ERR_MATH, n->kids[1]->start, n->kids[1]->end,
			    "division by zero");
		return NULL;
	}
	if (b->kind == ENGINE_IDENTITY)  /* A/(c·I) = A/c */
		return op_scale(ctx, n, a, 1 / b->number);
	if (a->kind != ENGINE_MATRIX)  /* exact, not a·(1/b) */
		return a->kind == ENGINE_IDENTITY ? eval_identity(ctx, n, a->number / b->number)
						  : eval_number(ctx, n, a->number / b->number);
	return op_scale(ctx, n, a, 1 / b->number);
}

/* A symmetric matrix to a fractional power through its eigenvalues:
 * defined when every eigenvalue is ≥ 0 (> 0 for a negative power), as for
 * Γ = diag(XᵀX)^½. */
static struct engine_value *fractional_power(struct eval_ctx *ctx, const struct node *n,
					     const struct engine_value *a, double e)
{
	size_t sz = a->rows;
	char da[32];
	value_describe(a, da, sizeof da);
	if (!linalg_symmetric(a->data, sz)) {
		engine_fail(ctx->err, ENGINE_ERR_MATH, n->start, n->end,
			    "a fractional power of a matrix is defined here only for a "
			    "symmetric one with no negative eigenvalue; this %s matrix "
			    "is not symmetric (use .^ for each entry)", da);
		return NULL;
	}
	if (!eval_charge(ctx, n, 64 * sz * sz * sz))
		return NULL;
	double *values = arena_alloc(ctx->arena, sz * sizeof *values);
	double *vectors = arena_alloc(ctx->arena, sz * sz * sizeof *vectors);
	double *work = arena_alloc(ctx->arena, sz * sz * sizeof *work);
	struct engine_value *r = eval_matrix(ctx, n, sz, sz);
	if (!r)
		return NULL;
	if (!values || !vectors || !work)
		return eval_oom(ctx, n);
	linalg_eigen_symmetric(a->data, sz, values, vectors, work);
	double scale = 0;
	for (size_t i = 0; i < sz; i++)
		scale = fmax(scale, fabs(values[i]));
	for (size_t i = 0; i < sz; i++) {
		/* rounding leaves -1e-17 for a zero eigenvalue */
		if (values[i] < 0 && values[i] > -1e-12 * (scale > 0 ? scale : 1))
			values[i] = 0;
		if (values[i] < 0 || (e < 0 && values[i] == 0)) {
			engine_fail(ctx->err, ENGINE_ERR_MATH, n->start, n->end,
				    e < 0 ? "a negative fractional power needs a matrix "
					    "whose eigenvalues are all positive"
					  : "a fractional power needs a matrix with no "
					    "negative eigenvalue");
			return NULL;
		}
		values[i] = pow(values[i], e);
	}
	for (size_t i = 0; i < sz; i++)
		for (size_t j = 0; j < sz; j++) {
			double s = 0;
			for (size_t k = 0; k < sz; k++)
				s += vectors[i * sz + k] * values[k] * vectors[j * sz + k];
			r->data[i * sz + j] = s;
		}
	return r;
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
		double x = pow(a->number, e);
		return a->kind == ENGINE_IDENTITY ? eval_identity(ctx, n, x)
						  : eval_number(ctx, n, x);
	}
	/* v^2 of a vector: there is no matrix power of a vector, so the only
	 * reading is entry by entry, as in sum(v^2). */
	if (engine_value_vector_length(a) && a->rows * a->cols > 1)
		return op_elementwise(ctx, n, a, b, EW_POW);
	if (a->rows != a->cols) {
		char da[32];
		value_describe(a, da, sizeof da);
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    "cannot raise a %s matrix to a power (use .^ for each entry)",
			    da);
		return NULL;
	}
	if (e != floor(e))
		return fractional_power(ctx, n, a, e);
	if (fabs(e) > 1024) {
		engine_fail(ctx->err, ENGINE_ERR_LIMIT, n->kids[1]->start, n->kids[1]->end,
			    "a matrix power is limited to exponents from -1024 to 1024");
		return NULL;
	}
	const struct engine_value *base = a;
	if (e < 0) {
		if (!(base = op_inverse(ctx, n, a)))
			return NULL;
		e = -e;
	}
	struct engine_value one = { .kind = ENGINE_IDENTITY, .number = 1 };
	struct engine_value *r = identity_materialise(ctx, n, &one, a->rows);
	for (long k = 0; r && k < (long)e; k++)
		r = op_mul(ctx, n, r, base);
	return r;
}

/* Element-wise a ⊙ b, a ./ b or a .^ b, numbers broadcast. */
static bool entrywise(struct eval_ctx *ctx, const struct node *n, enum ew_op op,
		      double x, double y, double *out)
{
	switch (op) {
	case EW_MUL:
		*out = x * y;
		return true;
	case EW_DIV:
		if (y == 0)
			return engine_fail(ctx->err, ENGINE_ERR_MATH, n->start, n->end,
					   "division by zero (entry by entry)");
		*out = x / y;
		return true;
	case EW_POW:
		if (x < 0 && y != floor(y))
			return engine_fail(ctx->err, ENGINE_ERR_MATH, n->start, n->end,
					   "a negative entry to a fractional power is not real");
		if (x == 0 && y < 0)
			return engine_fail(ctx->err, ENGINE_ERR_MATH, n->start, n->end,
					   "division by zero (a zero entry to a negative power)");
		*out = pow(x, y);
		return true;
	}
	assert(!"unknown element-wise operation");
	return false;
}

struct engine_value *op_elementwise(struct eval_ctx *ctx, const struct node *n,
				    const struct engine_value *a,
				    const struct engine_value *b, enum ew_op op)
{
	static const char *const verbs[] = { "multiply element-wise",
		"divide element-wise", "raise element-wise" };
	static const char *const joiners[] = { "and", "by", "to" };
	if (!(a = op_arith(ctx, n, a)) || !(b = op_arith(ctx, n, b)))
		return NULL;
	if (a->kind == ENGINE_IDENTITY || b->kind == ENGINE_IDENTITY) {
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    "I has no size here: element-wise operations need a matrix of known size");
		return NULL;
	}
	double y;
	if (a->kind != ENGINE_MATRIX && b->kind != ENGINE_MATRIX)
		return entrywise(ctx, n, op, a->number, b->number, &y)
			? eval_number(ctx, n, y) : NULL;
	const struct engine_value *shape = a->kind == ENGINE_MATRIX ? a : b;
	if (a->kind == ENGINE_MATRIX && b->kind == ENGINE_MATRIX &&
	    (a->rows != b->rows || a->cols != b->cols))
		return dim_error(ctx, n, verbs[op], joiners[op], a, b);
	struct engine_value *r = eval_matrix(ctx, n, shape->rows, shape->cols);
	if (!r)
		return NULL;
	for (size_t i = 0; i < shape->rows * shape->cols; i++) {
		double xa = a->kind == ENGINE_MATRIX ? a->data[i] : a->number;
		double xb = b->kind == ENGINE_MATRIX ? b->data[i] : b->number;
		if (!entrywise(ctx, n, op, xa, xb, &r->data[i]))
			return NULL;
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
		if (!eval_charge(ctx, n, a->rows * a->cols))
			return NULL;
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
		default:
			assert(n->kind == N_GE);
			result = x >= y || close_enough(x, y);
			break;
		}
	}
	return eval_bool(ctx, n, result);
}
