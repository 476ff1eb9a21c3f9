/* Built-in functions and constants: the table (builtins.def, one small
 * function per entry, as Lua's lmathlib.c keeps its mathlib[]), the call
 * that evaluates arguments and dispatches, and the scalar functions:
 * constants, functions applied to each entry, reductions. Linear algebra
 * is in builtins_linalg.c, convolution and masks in builtins_conv.c. */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "builtins.h"

static const struct builtin table[B_COUNT] = {
#define BUILTIN(id, name, min, max, flags, fn) [id] = { name, min, max, flags, fn },
#include "builtins.def"
#undef BUILTIN
};

static const char *const names[] = {
#define BUILTIN(id, name, min, max, flags, fn) name,
#include "builtins.def"
#undef BUILTIN
	"I", NULL
};

const char *const *engine_builtin_names(void)
{
	return names;
}

const struct builtin *builtin_get(int id)
{
	assert(id >= 0 && id < B_COUNT);
	return &table[id];
}

int builtin_lookup(const char *name, size_t len)
{
	for (int i = 0; i < B_COUNT; i++)
		if (table[i].name[0] == name[0] && !strncmp(table[i].name, name, len) &&
		    table[i].name[len] == '\0')
			return i;
	return -1;
}

struct engine_value *bi_fail(struct eval_ctx *ctx, const struct node *n,
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

const struct engine_value *bi_numeric(struct eval_ctx *ctx, const struct node *arg,
				      const struct engine_value *v, const char *fname)
{
	return numeric(ctx, arg, v, fname);
}

struct engine_value *eval_call(struct eval_ctx *ctx, const struct node *n)
{
	const struct builtin *b = builtin_get(n->builtin);
	assert(!(b->flags & BF_CONST));
	assert((int)n->nkids >= b->min_args &&
	       (b->max_args < 0 || (int)n->nkids <= b->max_args));
	if (b->flags & BF_RAW)
		return b->fn(ctx, n, NULL, 0);
	const struct engine_value *small[4];
	size_t nargs = n->nkids;
	const struct engine_value **argv = nargs <= 4 ? small
		: arena_alloc(ctx->arena, nargs * sizeof *argv);
	if (!argv)
		return eval_oom(ctx, n);
	for (size_t i = 0; i < nargs; i++) {
		const struct engine_value *v = eval_node(ctx, n->kids[i]);
		if (!v)
			return NULL;
		bool string_ok = (b->flags & BF_STRING_LAST) && i + 1 == nargs && i > 0;
		if (v->kind == ENGINE_STRING && !string_ok) {
			engine_fail(ctx->err, ENGINE_ERR_TYPE, n->kids[i]->start,
				    n->kids[i]->end, "%s does not take a string here",
				    b->name);
			return NULL;
		}
		if (v->kind != ENGINE_STRING && !(v = numeric(ctx, n->kids[i], v, b->name)))
			return NULL;
		argv[i] = v;
	}
	return b->fn(ctx, n, argv, nargs);
}

/* ---- constants --------------------------------------------------------- */

struct engine_value *bi_pi(struct eval_ctx *ctx, const struct node *n,
			   const struct engine_value *const *args, size_t nargs)
{
	(void)args;
	(void)nargs;
	return eval_number(ctx, n, M_PI);
}

struct engine_value *bi_e(struct eval_ctx *ctx, const struct node *n,
			  const struct engine_value *const *args, size_t nargs)
{
	(void)args;
	(void)nargs;
	return eval_number(ctx, n, M_E);
}

/* ---- functions applied to each entry ----------------------------------- */

size_t bi_count(const struct engine_value *v)
{
	return v->kind == ENGINE_MATRIX ? v->rows * v->cols : 1;
}

double bi_at(const struct engine_value *v, size_t i)
{
	return v->kind == ENGINE_MATRIX ? v->data[i] : v->number;
}

/* f applied to a number or to each entry of a matrix; domain (may be NULL)
 * refuses an entry with the message why. */
static struct engine_value *map_entries(struct eval_ctx *ctx, const struct node *n,
					const struct engine_value *v,
					double (*f)(double), bool (*domain)(double),
					const char *why)
{
	struct engine_value *r = v->kind == ENGINE_MATRIX
		? eval_matrix(ctx, n, v->rows, v->cols) : eval_number(ctx, n, 0);
	if (!r)
		return NULL;
	for (size_t i = 0; i < bi_count(v); i++) {
		double x = bi_at(v, i);
		if (domain && !domain(x))
			return bi_fail(ctx, n, ENGINE_ERR_MATH, why);
		if (r->kind == ENGINE_MATRIX)
			r->data[i] = f(x);
		else
			r->number = f(x);
	}
	return r;
}

static bool nonnegative(double x) { return x >= 0; }
static bool positive(double x) { return x > 0; }

#define MAP_ENTRIES(fn, f, domain, why)                                          \
	struct engine_value *fn(struct eval_ctx *ctx, const struct node *n,      \
				const struct engine_value *const *args, size_t nargs) \
	{                                                                        \
		(void)nargs;                                                     \
		return map_entries(ctx, n, args[0], f, domain, why);             \
	}

static double sign(double x) { return (x > 0) - (x < 0); }
static double sigmoid(double x) { return x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)); }
static double relu(double x) { return x > 0 ? x : 0; }

MAP_ENTRIES(bi_sqrt, sqrt, nonnegative, "square root of a negative number")
MAP_ENTRIES(bi_exp, exp, NULL, NULL)
MAP_ENTRIES(bi_log, log, positive, "logarithm of a number that is not positive")
MAP_ENTRIES(bi_log2, log2, positive, "logarithm of a number that is not positive")
MAP_ENTRIES(bi_log10, log10, positive, "logarithm of a number that is not positive")
MAP_ENTRIES(bi_abs, fabs, NULL, NULL)
MAP_ENTRIES(bi_sign, sign, NULL, NULL)
MAP_ENTRIES(bi_floor, floor, NULL, NULL)
MAP_ENTRIES(bi_ceil, ceil, NULL, NULL)
MAP_ENTRIES(bi_round, round, NULL, NULL)
MAP_ENTRIES(bi_sin, sin, NULL, NULL)
MAP_ENTRIES(bi_cos, cos, NULL, NULL)
MAP_ENTRIES(bi_tan, tan, NULL, NULL)
MAP_ENTRIES(bi_tanh, tanh, NULL, NULL)
MAP_ENTRIES(bi_sigmoid, sigmoid, NULL, NULL)
MAP_ENTRIES(bi_relu, relu, NULL, NULL)

struct engine_value *bi_mod(struct eval_ctx *ctx, const struct node *n,
			    const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	double x, y;
	if (!value_as_number(args[0], &x) || !value_as_number(args[1], &y))
		return bi_fail(ctx, n, ENGINE_ERR_TYPE, "mod needs two numbers");
	if (y == 0)
		return bi_fail(ctx, n->kids[1], ENGINE_ERR_MATH, "mod by zero");
	return eval_number(ctx, n, x - y * floor(x / y));
}

/* ---- reductions --------------------------------------------------------- */

enum reduction { R_SUM, R_PROD, R_MEAN, R_MIN, R_MAX };

static struct engine_value *reduce(struct eval_ctx *ctx, const struct node *n,
				   const struct engine_value *v, enum reduction how)
{
	size_t c = bi_count(v);
	if (!eval_charge(ctx, n, c))
		return NULL;
	double acc = how == R_PROD ? 1 : (how == R_MIN || how == R_MAX) ? bi_at(v, 0) : 0;
	for (size_t i = 0; i < c; i++) {
		double x = bi_at(v, i);
		switch (how) {
		case R_PROD: acc *= x; break;
		case R_MIN: acc = fmin(acc, x); break;
		case R_MAX: acc = fmax(acc, x); break;
		default: acc += x; break;
		}
	}
	if (how == R_MEAN)
		acc /= (double)c;
	return eval_number(ctx, n, acc);
}

/* min(v) over the entries, or min(a, b, …) over numbers. */
static struct engine_value *extreme(struct eval_ctx *ctx, const struct node *n,
				    const struct engine_value *const *args,
				    size_t nargs, enum reduction how)
{
	if (nargs == 1)
		return reduce(ctx, n, args[0], how);
	for (size_t i = 0; i < nargs; i++)
		if (args[i]->kind != ENGINE_NUMBER)
			return bi_fail(ctx, n->kids[i], ENGINE_ERR_TYPE,
				       "min and max of several arguments take numbers");
	double acc = args[0]->number;
	for (size_t i = 1; i < nargs; i++)
		acc = how == R_MIN ? fmin(acc, args[i]->number) : fmax(acc, args[i]->number);
	return eval_number(ctx, n, acc);
}

struct engine_value *bi_min(struct eval_ctx *ctx, const struct node *n,
			    const struct engine_value *const *args, size_t nargs)
{
	return extreme(ctx, n, args, nargs, R_MIN);
}

struct engine_value *bi_max(struct eval_ctx *ctx, const struct node *n,
			    const struct engine_value *const *args, size_t nargs)
{
	return extreme(ctx, n, args, nargs, R_MAX);
}

struct engine_value *bi_sum(struct eval_ctx *ctx, const struct node *n,
			    const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return reduce(ctx, n, args[0], R_SUM);
}

struct engine_value *bi_prod(struct eval_ctx *ctx, const struct node *n,
			     const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return reduce(ctx, n, args[0], R_PROD);
}

struct engine_value *bi_mean(struct eval_ctx *ctx, const struct node *n,
			     const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return reduce(ctx, n, args[0], R_MEAN);
}

struct engine_value *bi_norm(struct eval_ctx *ctx, const struct node *n,
			     const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	const struct engine_value *a = args[0];
	if (!eval_charge(ctx, n, bi_count(a)))
		return NULL;
	double s = 0;
	for (size_t i = 0; i < bi_count(a); i++)
		s += bi_at(a, i) * bi_at(a, i);
	return eval_number(ctx, n, sqrt(s));
}

struct engine_value *bi_length(struct eval_ctx *ctx, const struct node *n,
			       const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	const struct engine_value *a = args[0];
	if (a->kind == ENGINE_MATRIX && !engine_value_vector_length(a)) {
		char d[32];
		value_describe(a, d, sizeof d);
		engine_fail(ctx->err, ENGINE_ERR_DIMENSION, n->start, n->end,
			    "length takes a vector, not a %s matrix (numel counts its entries)",
			    d);
		return NULL;
	}
	return eval_number(ctx, n, (double)bi_count(a));
}

struct engine_value *bi_numel(struct eval_ctx *ctx, const struct node *n,
			      const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return eval_number(ctx, n, (double)bi_count(args[0]));
}
