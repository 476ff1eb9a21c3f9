/* Built-ins about sliding windows and dropout masks: true convolution,
 * the taps of a strided, padded, dilated window enumerated pixel by pixel,
 * every binary mask, and the exact expectation over masks. */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "builtins.h"

struct engine_value *bi_conv(struct eval_ctx *ctx, const struct node *n,
			     const struct engine_value *const *args, size_t nargs)
{
	const struct engine_value *x = args[0], *w = args[1];
	const char *mode = "full";
	if (nargs == 3) {
		if (args[2]->kind != ENGINE_STRING)
			return bi_fail(ctx, n->kids[2], ENGINE_ERR_TYPE,
				       "conv mode must be \"full\", \"valid\" or \"same\"");
		mode = args[2]->text;
	}
	if (!bi_vector(ctx, n->kids[0], x, "conv") || !bi_vector(ctx, n->kids[1], w, "conv"))
		return NULL;
	size_t nx = bi_count(x), nw = bi_count(w);
	size_t from, len;
	size_t lo = nx < nw ? nx : nw, hi = nx < nw ? nw : nx;
	if (!strcmp(mode, "full")) {
		from = 0;
		len = nx + nw - 1;
	} else if (!strcmp(mode, "valid")) {
		from = lo - 1;
		len = hi - lo + 1;
	} else if (!strcmp(mode, "same")) {
		from = (lo - 1) / 2;
		len = hi;
	} else {
		return bi_fail(ctx, n->kids[2], ENGINE_ERR_TYPE,
			       "conv mode must be \"full\", \"valid\" or \"same\"");
	}
	/* The loop below touches len·nx pairs: charge exactly that (both
	 * factors are at most ENGINE_MAX_ELEMENTS, so the product fits). */
	if (!eval_charge(ctx, n, len * nx))
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
				s += bi_at(x, j) * bi_at(w, k - j);
		r->data[i] = s;
	}
	return r;
}

/* ---- the taps of a window ------------------------------------------------
 * A configuration of width W, kernel K, stride S, padding P and dilation D
 * (D skipped pixels between taps, so the kernel spans K + (K−1)·D): window
 * starts 0, S, 2S, … over the padded input while the window fits, taps
 * every D + 1 positions. Counting the taps that land on each input pixel
 * is the only sound way to say which pixels a configuration reads: an
 * exact division does not imply every pixel is read, and a rounded one
 * does not imply a pixel is lost. */

struct taps {
	long w, k, s, p, d;
};

static bool taps_args(struct eval_ctx *ctx, const struct node *n,
		      const struct engine_value *const *args, struct taps *t)
{
	return eval_whole(ctx, n->kids[0], args[0], 1, ENGINE_MAX_ELEMENTS, &t->w) &&
	       eval_whole(ctx, n->kids[1], args[1], 1, ENGINE_MAX_ELEMENTS, &t->k) &&
	       eval_whole(ctx, n->kids[2], args[2], 1, ENGINE_MAX_ELEMENTS, &t->s) &&
	       eval_whole(ctx, n->kids[3], args[3], 0, ENGINE_MAX_ELEMENTS, &t->p) &&
	       eval_whole(ctx, n->kids[4], args[4], 0, ENGINE_MAX_ELEMENTS, &t->d);
}

/* reads[i] = taps landing on input pixel i (0 ≤ i < W). */
static struct engine_value *count_reads(struct eval_ctx *ctx, const struct node *n,
					const struct engine_value *const *args)
{
	struct taps t;
	if (!taps_args(ctx, n, args, &t))
		return NULL;
	double span = (double)t.k + (double)(t.k - 1) * (double)t.d;
	double padded = (double)t.w + 2.0 * (double)t.p;
	double windows = span <= padded ? floor((padded - span) / (double)t.s) + 1 : 0;
	/* Charge before looping: the work is windows·K, which hostile
	 * arguments can make astronomically large. */
	if (windows * (double)t.k > ENGINE_MAX_STEPS)
		return bi_fail(ctx, n, ENGINE_ERR_LIMIT,
			       "these windows have too many taps to enumerate");
	if (!eval_charge(ctx, n, (size_t)(windows * (double)t.k)))
		return NULL;
	struct engine_value *r = eval_matrix(ctx, n, (size_t)t.w, 1);
	if (!r)
		return NULL;
	memset(r->data, 0, (size_t)t.w * sizeof *r->data);
	for (long win = 0; win < (long)windows; win++)
		for (long tap = 0; tap < t.k; tap++) {
			long pixel = win * t.s + tap * (t.d + 1) - t.p;
			if (pixel >= 0 && pixel < t.w)
				r->data[pixel] += 1;
		}
	return r;
}

struct engine_value *bi_reads(struct eval_ctx *ctx, const struct node *n,
			      const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	return count_reads(ctx, n, args);
}

struct engine_value *bi_unread_count(struct eval_ctx *ctx, const struct node *n,
				     const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	struct engine_value *reads = count_reads(ctx, n, args);
	if (!reads)
		return NULL;
	size_t zeros = 0;
	for (size_t i = 0; i < reads->rows; i++)
		zeros += reads->data[i] == 0;
	return eval_number(ctx, n, (double)zeros);
}

struct engine_value *bi_unread(struct eval_ctx *ctx, const struct node *n,
			       const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	struct engine_value *reads = count_reads(ctx, n, args);
	if (!reads)
		return NULL;
	size_t zeros = 0;
	for (size_t i = 0; i < reads->rows; i++)
		zeros += reads->data[i] == 0;
	if (zeros == 0)
		return bi_fail(ctx, n, ENGINE_ERR_MATH,
			       "every input pixel is read: there is no unread pixel to list");
	struct engine_value *r = eval_matrix(ctx, n, zeros, 1);
	if (!r)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < reads->rows; i++)
		if (reads->data[i] == 0)
			r->data[k++] = (double)i;
	return r;
}

/* ---- masks ------------------------------------------------------------- */

struct engine_value *bi_masks(struct eval_ctx *ctx, const struct node *n,
			      const struct engine_value *const *args, size_t nargs)
{
	(void)nargs;
	long k;
	if (!eval_whole(ctx, n->kids[0], args[0], 1, 12, &k))
		return NULL;
	size_t rows = (size_t)1 << k;
	struct engine_value *r = eval_matrix(ctx, n, rows, (size_t)k);
	if (!r)
		return NULL;
	/* Row i holds the binary digits of i, most significant first. */
	for (size_t i = 0; i < rows; i++)
		for (long j = 0; j < k; j++)
			r->data[i * (size_t)k + (size_t)j] = (double)((i >> (k - 1 - j)) & 1);
	return r;
}

/* The mask's shape: its current value when it has one (equivalence checks
 * draw one), else its declared fixed size. */
static bool mask_shape(struct eval_ctx *ctx, const struct node *mn, size_t *rows,
		       size_t *cols, bool *is_matrix)
{
	*rows = *cols = 1;
	*is_matrix = false;
	const struct scope_entry *decl = scope_find(ctx->scope, mn->name, strlen(mn->name));
	bool local = false;
	for (size_t i = 0; i < ctx->n_locals; i++)
		local = local || !strcmp(ctx->locals[i].name, mn->name);
	if (!local && decl && decl->declared && !decl->bound) {
		if (decl->shape.kind == ENGINE_SCALAR)
			return true;
		if (decl->shape.rows.name ||
		    (decl->shape.kind == ENGINE_MAT && decl->shape.cols.name))
			return engine_fail(ctx->err, ENGINE_ERR_NAME, mn->start, mn->end,
					   "the mask's size is a named dimension: give it a value first");
		*is_matrix = true;
		*rows = decl->shape.rows.size;
		*cols = decl->shape.kind == ENGINE_MAT ? decl->shape.cols.size : 1;
		return true;
	}
	const struct engine_value *m0 = eval_node(ctx, mn);
	if (!m0)
		return false;
	*is_matrix = m0->kind == ENGINE_MATRIX;
	*rows = *is_matrix ? m0->rows : 1;
	*cols = *is_matrix ? m0->cols : 1;
	return true;
}

/* expect_mask(m, p, expr): Σ over every 0/1 filling of m of
 * P(filling)·expr, each entry 1 with probability p. The exact expectation
 * the dropout lessons check against. */
struct engine_value *bi_expect_mask(struct eval_ctx *ctx, const struct node *n,
				    const struct engine_value *const *args, size_t nargs)
{
	(void)args;
	(void)nargs;
	const struct node *mn = n->kids[0];
	if (mn->kind != N_NAME || mn->builtin >= 0)
		return bi_fail(ctx, mn, ENGINE_ERR_TYPE,
			       "expect_mask needs the name of the mask variable first");
	const struct engine_value *pv = eval_node(ctx, n->kids[1]);
	double p;
	if (!pv)
		return NULL;
	if (!value_as_number(pv, &p) || p < 0 || p > 1)
		return bi_fail(ctx, n->kids[1], ENGINE_ERR_TYPE,
			       "the keep probability must be a number from 0 to 1");
	size_t rows, cols;
	bool is_matrix;
	if (!mask_shape(ctx, mn, &rows, &cols, &is_matrix))
		return NULL;
	size_t bits = rows * cols;
	if (bits > 16)
		return bi_fail(ctx, mn, ENGINE_ERR_LIMIT,
			       "expect_mask enumerates 2^entries masks: at most 16 entries");
	struct engine_value *mask = is_matrix
		? eval_matrix(ctx, mn, rows, cols) : eval_number(ctx, mn, 0);
	if (!mask)
		return NULL;
	struct local_binding *locals =
		arena_alloc(ctx->arena, (ctx->n_locals + 1) * sizeof *locals);
	if (!locals)
		return eval_oom(ctx, n);
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
		const struct engine_value *v = eval_node(ctx, n->kids[2]);
		if (v)
			v = bi_numeric(ctx, n->kids[2], v, "expect_mask");
		if (!v) {
			acc = NULL;
			break;
		}
		if (!acc) {
			/* First round: keep its memory, so the accumulator made
			 * after it survives the rollbacks of later rounds. */
			if (!(acc = eval_copy(ctx, n, v)))
				break;
			for (size_t i = 0; i < bi_count(acc); i++)
				if (acc->kind == ENGINE_MATRIX)
					acc->data[i] *= prob;
				else
					acc->number *= prob;
			continue;
		}
		if (bi_count(v) != bi_count(acc) || v->kind != acc->kind) {
			bi_fail(ctx, n->kids[2], ENGINE_ERR_DIMENSION,
				"the expression's shape changes with the mask");
			acc = NULL;
			break;
		}
		for (size_t i = 0; i < bi_count(acc); i++)
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
