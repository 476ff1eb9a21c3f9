/* Built-in functions and constants. The table is builtins.def; each entry's
 * arity is checked by the parser, its meaning is here. */
#include <math.h>
#include <string.h>

#include "internal.h"

static const struct {
	const char *name;
	int min, max;
} table[] = {
#define BUILTIN(id, name, min, max) { name, min, max },
#include "builtins.def"
#undef BUILTIN
};

static const char *const names[] = {
#define BUILTIN(id, name, min, max) name,
#include "builtins.def"
#undef BUILTIN
	"I", NULL
};

const char *const *engine_builtin_names(void)
{
	return names;
}

int builtin_lookup(const char *name, size_t len)
{
	for (int i = 0; i < B_COUNT; i++)
		if (table[i].name[0] == name[0] && !strncmp(table[i].name, name, len) &&
		    table[i].name[len] == '\0')
			return i;
	return -1;
}

int builtin_min_args(int id) { return table[id].min; }
int builtin_max_args(int id) { return table[id].max < 0 && table[id].max != -2 ? -1 : table[id].max; }
bool builtin_is_constant(int id) { return table[id].max == -2; }

static struct engine_value *fail_at(struct eval_ctx *ctx, const struct node *n,
				    enum engine_error_kind kind, const char *msg)
{
	engine_fail(ctx->err, kind, n->start, n->end, "%s", msg);
	return NULL;
}

/* An argument as a plain number or a matrix: shapes and 1×1 become
 * numbers; I, strings and truth values are refused. */
static const struct engine_value *numeric(struct eval_ctx *ctx,
					  const struct node *arg,
					  const struct engine_value *v,
					  const char *fname)
{
	double x;
	if (v->kind == ENGINE_MATRIX && !(v->rows == 1 && v->cols == 1))
		return v;
	if (v->kind != ENGINE_IDENTITY && v->kind != ENGINE_STRING &&
	    v->kind != ENGINE_BOOL && value_as_number(v, &x))
		return eval_number(ctx, arg, x);
	engine_fail(ctx->err, ENGINE_ERR_TYPE, arg->start, arg->end,
		    v->kind == ENGINE_IDENTITY
		    ? "%s cannot take I, whose size is not known here"
		    : "%s needs a number or a matrix here", fname);
	return NULL;
}

/* A whole number in [lo, hi] from an argument. */
static bool whole(struct eval_ctx *ctx, const struct node *arg,
		  const struct engine_value *v, long lo, long hi, long *out)
{
	double x;
	if (!value_as_number(v, &x) || v->kind == ENGINE_BOOL || x != floor(x) ||
	    x < lo || x > hi)
		return engine_fail(ctx->err, ENGINE_ERR_TYPE, arg->start, arg->end,
				   "expected a whole number from %ld to %ld", lo, hi);
	*out = (long)x;
	return true;
}

static size_t count(const struct engine_value *v)
{
	return v->kind == ENGINE_MATRIX ? v->rows * v->cols : 1;
}

static double at(const struct engine_value *v, size_t i)
{
	return v->kind == ENGINE_MATRIX ? v->data[i] : v->number;
}

/* sqrt, exp, log, ...: applied to a number or to each entry. */
static struct engine_value *map1(struct eval_ctx *ctx, const struct node *n,
				 const struct engine_value *v, int id)
{
	struct engine_value *r = v->kind == ENGINE_MATRIX
		? eval_matrix(ctx, n, v->rows, v->cols) : eval_number(ctx, n, 0);
	if (!r)
		return NULL;
	for (size_t i = 0; i < count(v); i++) {
		double x = at(v, i), y;
		switch (id) {
		case B_SQRT:
			if (x < 0)
				return fail_at(ctx, n, ENGINE_ERR_MATH,
					       "square root of a negative number");
			y = sqrt(x);
			break;
		case B_EXP: y = exp(x); break;
		case B_LOG:
		case B_LN:
			if (x <= 0)
				return fail_at(ctx, n, ENGINE_ERR_MATH,
					       "logarithm of a number that is not positive");
			y = log(x);
			break;
		case B_ABS: y = fabs(x); break;
		case B_FLOOR: y = floor(x); break;
		case B_CEIL: y = ceil(x); break;
		case B_ROUND: y = round(x); break;
		case B_SIN: y = sin(x); break;
		case B_COS: y = cos(x); break;
		default: y = tan(x); break;
		}
		if (r->kind == ENGINE_MATRIX)
			r->data[i] = y;
		else
			r->number = y;
	}
	return r;
}

/* sum, prod, mean, min, max over every entry. */
static struct engine_value *reduce(struct eval_ctx *ctx, const struct node *n,
				   const struct engine_value *v, int id)
{
	size_t c = count(v);
	double acc = id == B_PROD ? 1 : (id == B_MIN || id == B_MAX) ? at(v, 0) : 0;
	for (size_t i = 0; i < c; i++) {
		double x = at(v, i);
		switch (id) {
		case B_PROD: acc *= x; break;
		case B_MIN: acc = fmin(acc, x); break;
		case B_MAX: acc = fmax(acc, x); break;
		default: acc += x; break;
		}
	}
	if (id == B_MEAN)
		acc /= (double)c;
	return eval_number(ctx, n, acc);
}

static bool as_vector(struct eval_ctx *ctx, const struct node *arg,
		      const struct engine_value *v, const char *fname)
{
	if (v->kind == ENGINE_MATRIX && engine_value_vector_length(v))
		return true;
	if (v->kind == ENGINE_NUMBER)
		return true;
	char d[32];
	value_describe(v, d, sizeof d);
	return engine_fail(ctx->err, ENGINE_ERR_DIMENSION, arg->start, arg->end,
			   "%s needs vectors, not %s", fname, d);
}

static struct engine_value *conv(struct eval_ctx *ctx, const struct node *n,
				 const struct engine_value *x,
				 const struct engine_value *w, const char *mode)
{
	if (!as_vector(ctx, n->kids[0], x, "conv") ||
	    !as_vector(ctx, n->kids[1], w, "conv"))
		return NULL;
	size_t nx = count(x), nw = count(w);
	size_t full = nx + nw - 1;
	size_t from, len;
	size_t lo = nx < nw ? nx : nw, hi = nx < nw ? nw : nx;
	if (!strcmp(mode, "full")) {
		from = 0;
		len = full;
	} else if (!strcmp(mode, "valid")) {
		from = lo - 1;
		len = hi - lo + 1;
	} else if (!strcmp(mode, "same")) {
		from = (lo - 1) / 2;
		len = hi;
	} else {
		return fail_at(ctx, n->kids[2], ENGINE_ERR_TYPE,
			       "conv mode must be \"full\", \"valid\" or \"same\"");
	}
	if (!eval_charge(ctx, n, nx * nw))
		return NULL;
	struct engine_value *r = eval_matrix(ctx, n, len, 1);
	if (!r)
		return NULL;
	/* True convolution: y[i] = Σ_j x[j]·w[i-j], the kernel flipped. */
	for (size_t i = 0; i < len; i++) {
		size_t k = from + i;
		double s = 0;
		for (size_t j = 0; j < nx; j++)
			if (k >= j && k - j < nw)
				s += at(x, j) * at(w, k - j);
		r->data[i] = s;
	}
	return r;
}

static struct engine_value *softmax(struct eval_ctx *ctx, const struct node *n,
				    const struct engine_value *v)
{
	if (v->kind != ENGINE_MATRIX)
		return eval_number(ctx, n, 1);
	struct engine_value *r = eval_matrix(ctx, n, v->rows, v->cols);
	if (!r)
		return NULL;
	for (size_t j = 0; j < v->cols; j++) {
		double mx = -INFINITY, s = 0;
		for (size_t i = 0; i < v->rows; i++)
			mx = fmax(mx, v->data[i * v->cols + j]);
		for (size_t i = 0; i < v->rows; i++)
			s += (r->data[i * v->cols + j] = exp(v->data[i * v->cols + j] - mx));
		for (size_t i = 0; i < v->rows; i++)
			r->data[i * v->cols + j] /= s;
	}
	return r;
}

/* expect_mask(m, p, expr): Σ over every 0/1 filling of m of
 * P(filling)·expr, each entry 1 with probability p. The exact expectation
 * the dropout lessons check against. */
static struct engine_value *expect_mask(struct eval_ctx *ctx, const struct node *n)
{
	const struct node *mn = n->kids[0];
	if (mn->kind != N_NAME || mn->builtin >= 0)
		return fail_at(ctx, mn, ENGINE_ERR_TYPE,
			       "expect_mask needs the name of the mask variable first");
	const struct engine_value *pv = eval_node(ctx, n->kids[1]);
	double p;
	if (!pv)
		return NULL;
	if (!value_as_number(pv, &p) || p < 0 || p > 1)
		return fail_at(ctx, n->kids[1], ENGINE_ERR_TYPE,
			       "the keep probability must be a number from 0 to 1");
	/* The mask's shape: its current value when it has one (equivalence
	 * checks draw one), else its declared fixed size. */
	size_t rows = 1, cols = 1;
	bool is_matrix = false;
	const struct scope_entry *decl = scope_find(ctx->scope, mn->name, strlen(mn->name));
	bool local = false;
	for (size_t i = 0; i < ctx->n_locals; i++)
		local = local || !strcmp(ctx->locals[i].name, mn->name);
	if (!local && decl && decl->declared && !decl->bound) {
		if (decl->shape.kind != ENGINE_SCALAR) {
			if (decl->shape.rows.name ||
			    (decl->shape.kind == ENGINE_MAT && decl->shape.cols.name))
				return fail_at(ctx, mn, ENGINE_ERR_NAME,
					       "the mask's size is a named dimension: give it a value first");
			is_matrix = true;
			rows = decl->shape.rows.size;
			cols = decl->shape.kind == ENGINE_MAT ? decl->shape.cols.size : 1;
		}
	} else {
		const struct engine_value *m0 = eval_node(ctx, mn);
		if (!m0)
			return NULL;
		is_matrix = m0->kind == ENGINE_MATRIX;
		rows = is_matrix ? m0->rows : 1;
		cols = is_matrix ? m0->cols : 1;
	}
	size_t bits = rows * cols;
	if (bits > 16)
		return fail_at(ctx, mn, ENGINE_ERR_LIMIT,
			       "expect_mask enumerates 2^entries masks: at most 16 entries");
	struct engine_value *mask = is_matrix
		? eval_matrix(ctx, mn, rows, cols) : eval_number(ctx, mn, 0);
	struct local_binding *locals =
		arena_alloc(ctx->arena, (ctx->n_locals + 1) * sizeof *locals);
	if (!mask || !locals)
		return fail_at(ctx, n, ENGINE_ERR_MEMORY, "no memory");
	if (ctx->n_locals)
		memcpy(locals, ctx->locals, ctx->n_locals * sizeof *locals);
	locals[ctx->n_locals].name = mn->name;
	locals[ctx->n_locals].value = mask;
	struct local_binding *saved = ctx->locals;
	size_t saved_n = ctx->n_locals;
	ctx->locals = locals;
	ctx->n_locals = saved_n + 1;
	struct engine_value *acc = NULL;
	for (size_t code = 0; code < ((size_t)1 << bits); code++) {
		double prob = 1;
		for (size_t b = 0; b < bits; b++) {
			double bit = (double)((code >> b) & 1);
			if (mask->kind == ENGINE_MATRIX)
				mask->data[b] = bit;
			else
				mask->number = bit;
			prob *= bit ? p : 1 - p;
		}
		struct arena_mark mark = arena_mark(ctx->arena);
		struct engine_value *v = eval_node(ctx, n->kids[2]);
		if (v && !(v = (struct engine_value *)numeric(ctx, n->kids[2], v, "expect_mask")))
			v = NULL;
		if (!v) {
			acc = NULL;
			break;
		}
		if (!acc) {
			/* First round: keep its memory, so the accumulator made
			 * after it survives the rollbacks of later rounds. */
			acc = value_copy(ctx->arena, v);
			if (!acc) {
				fail_at(ctx, n, ENGINE_ERR_MEMORY, "no memory");
				break;
			}
			for (size_t i = 0; i < count(acc); i++)
				if (acc->kind == ENGINE_MATRIX)
					acc->data[i] *= prob;
				else
					acc->number *= prob;
			continue;
		}
		if (count(v) != count(acc) || v->kind != acc->kind) {
			fail_at(ctx, n->kids[2], ENGINE_ERR_DIMENSION,
				"the expression's shape changes with the mask");
			acc = NULL;
			break;
		}
		for (size_t i = 0; i < count(acc); i++)
			if (acc->kind == ENGINE_MATRIX)
				acc->data[i] += prob * v->data[i];
			else
				acc->number += prob * v->number;
		arena_restore(ctx->arena, mark);
	}
	ctx->locals = saved;
	ctx->n_locals = saved_n;
	return acc;
}

struct engine_value *eval_call(struct eval_ctx *ctx, const struct node *n)
{
	int id = n->builtin;
	if (id == B_EXPECT_MASK)
		return expect_mask(ctx, n);
	const struct engine_value *args[3] = { 0 };
	size_t nargs = n->nkids;
	const struct engine_value **argv = nargs <= 3 ? args
		: arena_alloc(ctx->arena, nargs * sizeof *argv);
	if (!argv)
		return fail_at(ctx, n, ENGINE_ERR_MEMORY, "no memory");
	for (size_t i = 0; i < nargs; i++) {
		const struct engine_value *v = eval_node(ctx, n->kids[i]);
		if (!v)
			return NULL;
		if (v->kind == ENGINE_STRING && !(id == B_CONV && i == 2))
			return fail_at(ctx, n->kids[i], ENGINE_ERR_TYPE,
				       "a string can only be the mode of conv");
		if (v->kind != ENGINE_STRING && !(v = numeric(ctx, n->kids[i], v, n->name)))
			return NULL;
		argv[i] = v;
	}
	const struct engine_value *a = argv[0], *b = nargs > 1 ? argv[1] : NULL;
	long k, k2;
	struct engine_value *r;
	switch (id) {
	case B_SQRT: case B_EXP: case B_LOG: case B_LN: case B_ABS: case B_FLOOR:
	case B_CEIL: case B_ROUND: case B_SIN: case B_COS: case B_TAN:
		return map1(ctx, n, a, id);
	case B_MOD: {
		double x, y;
		if (!value_as_number(a, &x) || !value_as_number(b, &y))
			return fail_at(ctx, n, ENGINE_ERR_TYPE, "mod needs two numbers");
		if (y == 0)
			return fail_at(ctx, n->kids[1], ENGINE_ERR_MATH, "mod by zero");
		return eval_number(ctx, n, x - y * floor(x / y));
	}
	case B_MIN: case B_MAX:
		if (nargs == 1)
			return reduce(ctx, n, a, id);
		for (size_t i = 0; i < nargs; i++)
			if (argv[i]->kind != ENGINE_NUMBER)
				return fail_at(ctx, n->kids[i], ENGINE_ERR_TYPE,
					       "min and max of several arguments take numbers");
		{
			double acc = argv[0]->number;
			for (size_t i = 1; i < nargs; i++)
				acc = id == B_MIN ? fmin(acc, argv[i]->number)
						  : fmax(acc, argv[i]->number);
			return eval_number(ctx, n, acc);
		}
	case B_SUM: case B_PROD: case B_MEAN:
		return reduce(ctx, n, a, id);
	case B_NORM: {
		double s = 0;
		for (size_t i = 0; i < count(a); i++)
			s += at(a, i) * at(a, i);
		return eval_number(ctx, n, sqrt(s));
	}
	case B_DOT: {
		if (!as_vector(ctx, n->kids[0], a, "dot") || !as_vector(ctx, n->kids[1], b, "dot"))
			return NULL;
		if (count(a) != count(b)) {
			engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
				    "cannot take the dot product of vectors of length %zu and %zu",
				    count(a), count(b));
			return NULL;
		}
		double s = 0;
		for (size_t i = 0; i < count(a); i++)
			s += at(a, i) * at(b, i);
		return eval_number(ctx, n, s);
	}
	case B_OUTER:
		if (!as_vector(ctx, n->kids[0], a, "outer") || !as_vector(ctx, n->kids[1], b, "outer"))
			return NULL;
		if (!(r = eval_matrix(ctx, n, count(a), count(b))))
			return NULL;
		for (size_t i = 0; i < count(a); i++)
			for (size_t j = 0; j < count(b); j++)
				r->data[i * count(b) + j] = at(a, i) * at(b, j);
		return r;
	case B_TRANSPOSE:
		r = op_transpose(ctx, a);
		return r ? r : fail_at(ctx, n, ENGINE_ERR_MEMORY, "no memory");
	case B_EYE:
		if (!whole(ctx, n->kids[0], a, 1, 256, &k))
			return NULL;
		if (!(r = eval_matrix(ctx, n, (size_t)k, (size_t)k)))
			return NULL;
		for (long i = 0; i < k * k; i++)
			r->data[i] = i % (k + 1) == 0;
		return r;
	case B_ONES: case B_ZEROS:
		if (!whole(ctx, n->kids[0], a, 1, ENGINE_MAX_ELEMENTS, &k))
			return NULL;
		k2 = 1;
		if (b && !whole(ctx, n->kids[1], b, 1, ENGINE_MAX_ELEMENTS, &k2))
			return NULL;
		if (!(r = eval_matrix(ctx, n, (size_t)k, (size_t)k2)))
			return NULL;
		for (long i = 0; i < k * k2; i++)
			r->data[i] = id == B_ONES;
		return r;
	case B_DIAG:
		if (a->kind != ENGINE_MATRIX)
			return eval_number(ctx, n, a->number);
		if (engine_value_vector_length(a)) {
			size_t len = count(a);
			if (!(r = eval_matrix(ctx, n, len, len)))
				return NULL;
			for (size_t i = 0; i < len * len; i++)
				r->data[i] = i % (len + 1) == 0 ? a->data[i / (len + 1)] : 0;
			return r;
		} else {
			size_t len = a->rows < a->cols ? a->rows : a->cols;
			if (!(r = eval_matrix(ctx, n, len, 1)))
				return NULL;
			for (size_t i = 0; i < len; i++)
				r->data[i] = a->data[i * a->cols + i];
			return r;
		}
	case B_INV:
		return op_inverse(ctx, n, a);
	case B_DET: {
		if (a->kind != ENGINE_MATRIX)
			return eval_number(ctx, n, a->number);
		bool ok;
		double d = eval_det(ctx, n, a, &ok);
		return ok ? eval_number(ctx, n, d) : NULL;
	}
	case B_TRACE: {
		if (a->kind != ENGINE_MATRIX)
			return eval_number(ctx, n, a->number);
		if (a->rows != a->cols) {
			char d[32];
			value_describe(a, d, sizeof d);
			engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
				    "the trace needs a square matrix, not %s", d);
			return NULL;
		}
		double s = 0;
		for (size_t i = 0; i < a->rows; i++)
			s += a->data[i * a->cols + i];
		return eval_number(ctx, n, s);
	}
	case B_SOFTMAX:
		return softmax(ctx, n, a);
	case B_CONV: {
		const char *mode = "full";
		if (nargs == 3) {
			if (argv[2]->kind != ENGINE_STRING)
				return fail_at(ctx, n->kids[2], ENGINE_ERR_TYPE,
					       "conv mode must be \"full\", \"valid\" or \"same\"");
			mode = argv[2]->text;
		}
		return conv(ctx, n, a, b, mode);
	}
	case B_MASKS:
		if (!whole(ctx, n->kids[0], a, 1, 12, &k))
			return NULL;
		if (!(r = eval_matrix(ctx, n, (size_t)1 << k, (size_t)k)))
			return NULL;
		/* Row i holds the binary digits of i, most significant first. */
		for (size_t i = 0; i < ((size_t)1 << k); i++)
			for (long j = 0; j < k; j++)
				r->data[i * (size_t)k + (size_t)j] = (double)((i >> (k - 1 - j)) & 1);
		return r;
	default:
		return fail_at(ctx, n, ENGINE_ERR_NAME, "unknown function");
	}
}
