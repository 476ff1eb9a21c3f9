/* Equivalence by evaluation at random points, and the structure of an
 * answer (configurations).
 *
 * Two expressions are judged equal when they agree, within a relative
 * tolerance with an absolute floor, at seeded random values of the declared
 * variables, with named dimensions (n, m) instantiated at several sizes.
 * Points where the expected expression is undefined are skipped and others
 * drawn; an answer undefined where the expected one is defined is a
 * difference. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "strbuf.h"

struct rng {
	uint64_t s;
};

/* splitmix64: small, fast, and the same sequence on every machine. */
static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double rng_uniform(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * ((double)(rng_next(r) >> 11) / 9007199254740992.0);
}

static double draw(struct rng *r, enum engine_domain d)
{
	switch (d) {
	case ENGINE_DOMAIN_POSITIVE: return rng_uniform(r, 0.5, 3);
	case ENGINE_DOMAIN_UNIT: return rng_uniform(r, 0.1, 0.9);
	case ENGINE_DOMAIN_BINARY: return (double)(rng_next(r) & 1);
	case ENGINE_DOMAIN_INTEGER: return (double)(1 + rng_next(r) % 9);
	default: return rng_uniform(r, -2, 2);
	}
}

struct dim_size {
	const char *name;
	size_t size;
};

struct check {
	const struct engine_scope *scope;
	const struct engine_equiv_options *opt;
	struct engine_equiv_result *res;
	struct rng rng;
	struct arena arena;
	struct dim_size dims[16];
	size_t n_dims;
	struct local_binding vars[64];
	const struct scope_entry *entries[64];
	bool used[64];   /* named by either expression: shown in a counterexample */
	size_t n_vars;
	bool have_c;     /* FACTOR / ADDITIVE: the constant found so far */
	double c;
};

static size_t dim_value(const struct check *k, struct engine_dim d)
{
	if (!d.name)
		return d.size ? d.size : 1;
	for (size_t i = 0; i < k->n_dims; i++)
		if (k->dims[i].name == d.name)
			return k->dims[i].size;
	return 3;
}

static void add_dim(struct check *k, const char *name)
{
	if (!name)
		return;
	for (size_t i = 0; i < k->n_dims; i++)
		if (k->dims[i].name == name)
			return;
	if (k->n_dims < sizeof k->dims / sizeof k->dims[0])
		k->dims[k->n_dims++].name = name;
}

/* Fresh random values for every declared, unbound variable. */
static bool draw_point(struct check *k)
{
	for (size_t i = 0; i < k->n_vars; i++) {
		const struct scope_entry *e = k->entries[i];
		struct engine_value *v;
		if (e->shape.kind == ENGINE_SCALAR) {
			v = value_number(&k->arena, draw(&k->rng, e->domain));
		} else {
			size_t rows = dim_value(k, e->shape.rows);
			size_t cols = e->shape.kind == ENGINE_MAT ? dim_value(k, e->shape.cols) : 1;
			v = value_matrix(&k->arena, rows, cols);
			if (v)
				for (size_t j = 0; j < rows * cols; j++)
					v->data[j] = draw(&k->rng, e->domain);
		}
		if (!v)
			return false;
		k->vars[i].value = v;
	}
	/* d ⟂ u: remove from d its component along u. */
	for (size_t i = 0; i < k->n_vars; i++) {
		const char *other = k->entries[i]->orthogonal_to;
		if (!other)
			continue;
		struct engine_value *d = (struct engine_value *)k->vars[i].value;
		for (size_t j = 0; j < k->n_vars; j++) {
			const struct engine_value *u = k->vars[j].value;
			if (strcmp(k->vars[j].name, other) || u->kind != ENGINE_MATRIX ||
			    d->kind != ENGINE_MATRIX || u->rows * u->cols != d->rows * d->cols)
				continue;
			double du = 0, uu = 0;
			for (size_t t = 0; t < d->rows * d->cols; t++) {
				du += d->data[t] * u->data[t];
				uu += u->data[t] * u->data[t];
			}
			if (uu > 0)
				for (size_t t = 0; t < d->rows * d->cols; t++)
					d->data[t] -= du / uu * u->data[t];
		}
	}
	return true;
}

static void describe_value(struct strbuf *sb, const struct engine_value *v)
{
	char *s = engine_value_print(v);
	if (s && strlen(s) > 120)
		strcpy(s + 117, "...");
	strbuf_append(sb, s ? s : "?");
	free(s);
}

static bool uses_name(const struct node *n, const char *name)
{
	if (n->kind == N_NAME && !strcmp(n->name, name))
		return true;
	for (size_t i = 0; i < n->nkids; i++)
		if (uses_name(n->kids[i], name))
			return true;
	return false;
}

static bool dim_used(const struct check *k, const char *dim)
{
	for (size_t i = 0; i < k->n_vars; i++) {
		const struct engine_shape *sh = &k->entries[i]->shape;
		if (k->used[i] && sh->kind != ENGINE_SCALAR &&
		    (sh->rows.name == dim || (sh->kind == ENGINE_MAT && sh->cols.name == dim)))
			return true;
	}
	return false;
}

/* "n = 3, x = 0.25, u = (1, 2, 3)": only what the expressions use. */
static void describe_point(struct check *k, struct strbuf *sb)
{
	for (size_t i = 0; i < k->n_dims; i++)
		if (dim_used(k, k->dims[i].name))
			strbuf_printf(sb, "%s%s = %zu", sb->len ? ", " : "",
				      k->dims[i].name, k->dims[i].size);
	for (size_t i = 0; i < k->n_vars; i++) {
		if (!k->used[i])
			continue;
		strbuf_printf(sb, "%s%s = ", sb->len ? ", " : "", k->vars[i].name);
		describe_value(sb, k->vars[i].value);
	}
}

static void set_detail(struct check *k, const char *fmt, const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;
	describe_point(k, &sb);
	char msg[400];
	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	if (sb.len)
		snprintf(k->res->detail, sizeof k->res->detail, "at %.200s: %.290s",
			 strbuf_str(&sb), msg);
	else
		snprintf(k->res->detail, sizeof k->res->detail, "%s", msg);
	strbuf_free(&sb);
}

/* Numbers, 1×1 matrices and shapes compare as numbers; I takes the size
 * of the matrix it is compared with. */
static const struct engine_value *normalise(struct eval_ctx *ctx,
					    const struct engine_value *v,
					    const struct engine_value *other)
{
	double x;
	if ((v->kind == ENGINE_SHAPE || (v->kind == ENGINE_MATRIX && v->rows == 1 &&
	     v->cols == 1)) && value_as_number(v, &x))
		return value_number(ctx->arena, x);
	if (v->kind == ENGINE_IDENTITY && other->kind == ENGINE_MATRIX &&
	    other->rows == other->cols)
		return identity_materialise(ctx, v, other->rows);
	return v;
}

static bool finite_value(const struct engine_value *v)
{
	if (v->kind == ENGINE_MATRIX) {
		for (size_t i = 0; i < v->rows * v->cols; i++)
			if (!isfinite(v->data[i]))
				return false;
		return true;
	}
	return isfinite(v->number);
}

/* Compare answer a with expected b under the mode; false on a difference. */
static bool agree(struct check *k, const struct engine_value *a,
		  const struct engine_value *b)
{
	const struct engine_equiv_options *o = k->opt;
	double rel = o->rel_tol > 0 ? o->rel_tol : 1e-7;
	double abs_tol = o->abs_tol > 0 ? o->abs_tol : 1e-9;
	size_t n = a->kind == ENGINE_MATRIX ? a->rows * a->cols : 1;
	const double *av = a->kind == ENGINE_MATRIX ? a->data : &a->number;
	const double *bv = b->kind == ENGINE_MATRIX ? b->data : &b->number;
	double scale = 0, ab = 0, bb = 0;
	for (size_t i = 0; i < n; i++) {
		scale = fmax(scale, fmax(fabs(av[i]), fabs(bv[i])));
		ab += av[i] * bv[i];
		bb += bv[i] * bv[i];
	}
	double c = 0;
	if (o->mode == ENGINE_EQUIV_FACTOR) {
		if (!k->have_c) {
			if (sqrt(bb) <= abs_tol) {
				/* expected is zero here: the answer must be too */
				for (size_t i = 0; i < n; i++)
					if (fabs(av[i]) > abs_tol)
						return false;
				return true;
			}
			k->c = ab / bb;
			k->have_c = true;
			if (!(k->c > abs_tol))
				return false;
		}
		c = k->c;
		for (size_t i = 0; i < n; i++)
			if (fabs(av[i] - c * bv[i]) > rel * fmax(scale, c * scale) + abs_tol)
				return false;
		return true;
	}
	if (o->mode == ENGINE_EQUIV_ADDITIVE) {
		if (!k->have_c) {
			k->c = av[0] - bv[0];
			k->have_c = true;
		}
		c = k->c;
		for (size_t i = 0; i < n; i++)
			if (fabs(av[i] - c - bv[i]) > rel * fmax(scale, fabs(c)) + abs_tol)
				return false;
		return true;
	}
	for (size_t i = 0; i < n; i++)
		if (fabs(av[i] - bv[i]) > rel * scale + abs_tol)
			return false;
	return true;
}

enum point_outcome { POINT_OK, POINT_SKIP, POINT_DIFFERENT, POINT_BROKEN };

static enum point_outcome check_point(struct check *k, const struct engine_expr *expected,
				      const struct engine_expr *answer)
{
	struct engine_error err;
	struct eval_ctx ctx = { .arena = &k->arena, .scope = k->scope,
				.locals = k->vars, .n_locals = k->n_vars, .err = &err };
	const struct engine_value *b = eval_node(&ctx, expected->root);
	if (!b) {
		if (err.kind == ENGINE_ERR_MATH)
			return POINT_SKIP;
		char msg[300];
		snprintf(msg, sizeof msg, "%s: %s", engine_error_kind_name(err.kind), err.message);
		set_detail(k, "the expected expression cannot be evaluated: %s%s", msg, NULL);
		return POINT_BROKEN;
	}
	if (!finite_value(b))
		return POINT_SKIP;
	ctx.steps = 0;
	const struct engine_value *a = eval_node(&ctx, answer->root);
	if (!a) {
		char msg[300];
		snprintf(msg, sizeof msg, "%s: %s", engine_error_kind_name(err.kind), err.message);
		set_detail(k, "the answer cannot be evaluated (%s)%s", msg, NULL);
		return POINT_DIFFERENT;
	}
	const struct engine_value *na = normalise(&ctx, a, b);
	const struct engine_value *nb = normalise(&ctx, b, a);
	if (!na || !nb)
		return POINT_BROKEN;
	char da[32], db[32];
	value_describe(na, da, sizeof da);
	value_describe(nb, db, sizeof db);
	bool same_kind = na->kind == nb->kind ||
		(na->kind == ENGINE_NUMBER && nb->kind == ENGINE_IDENTITY) ||
		(na->kind == ENGINE_IDENTITY && nb->kind == ENGINE_NUMBER);
	if (!same_kind || (na->kind == ENGINE_MATRIX &&
			   (na->rows != nb->rows || na->cols != nb->cols))) {
		set_detail(k, "expected %s, the answer is %s", db, da);
		return POINT_DIFFERENT;
	}
	bool same = na->kind == ENGINE_STRING ? !strcmp(na->text, nb->text)
					      : agree(k, na, nb);
	if (!same) {
		char *sa = engine_value_print(na), *sb = engine_value_print(nb);
		char buf[400];
		snprintf(buf, sizeof buf, "%.190s, the answer gives %.190s", sb ? sb : "?", sa ? sa : "?");
		free(sa);
		free(sb);
		set_detail(k, "expected %s%s", buf, NULL);
		return POINT_DIFFERENT;
	}
	return POINT_OK;
}

bool engine_equiv(const struct engine_expr *expected,
		  const struct engine_expr *answer,
		  const struct engine_scope *scope,
		  const struct engine_equiv_options *opt,
		  struct engine_equiv_result *res)
{
	static const struct engine_equiv_options defaults = { 0 };
	if (!opt)
		opt = &defaults;
	memset(res, 0, sizeof *res);
	struct check k = { .scope = scope, .opt = opt, .res = res,
			   .rng = { opt->seed ^ 0x5DEECE66Dull } };
	arena_init(&k.arena, ENGINE_MAX_MEMORY);
	for (size_t i = 0; scope && i < scope->n; i++) {
		const struct scope_entry *e = &scope->entries[i];
		if (!e->declared || e->bound || k.n_vars == sizeof k.vars / sizeof k.vars[0])
			continue;
		k.entries[k.n_vars] = e;
		k.used[k.n_vars] = uses_name(expected->root, e->name) ||
				   uses_name(answer->root, e->name);
		k.vars[k.n_vars++].name = e->name;
		if (e->shape.kind != ENGINE_SCALAR)
			add_dim(&k, e->shape.rows.name);
		if (e->shape.kind == ENGINE_MAT)
			add_dim(&k, e->shape.cols.name);
	}
	unsigned points = opt->points ? opt->points : 6;
	unsigned sizes = k.n_dims ? (opt->sizes ? opt->sizes : 3) : 1;
	bool ok = true;
	res->verdict = ENGINE_EQUIVALENT;
	for (unsigned round = 0; round < sizes && res->verdict == ENGINE_EQUIVALENT; round++) {
		/* Sizes 2..5: each dimension takes a different size in every
		 * round (an answer hard-wired to eye(2) cannot pass), and
		 * different names differ within a round (a transposed product
		 * cannot pass by luck). */
		for (size_t d = 0; d < k.n_dims; d++)
			k.dims[d].size = 2 + (round + d) % 4;
		unsigned good = 0, tries = 0;
		while (good < points && tries < points * 8) {
			tries++;
			struct arena_mark mark = arena_mark(&k.arena);
			if (!draw_point(&k)) {
				ok = false;
				break;
			}
			enum point_outcome out = check_point(&k, expected, answer);
			arena_restore(&k.arena, mark);
			if (out == POINT_SKIP)
				continue;
			if (out == POINT_BROKEN) {
				res->verdict = ENGINE_CANNOT_COMPARE;
				break;
			}
			res->points_checked++;
			if (out == POINT_DIFFERENT) {
				res->verdict = ENGINE_NOT_EQUIVALENT;
				break;
			}
			good++;
		}
		if (!ok)
			break;
		if (res->verdict == ENGINE_EQUIVALENT && good < (points + 1) / 2) {
			res->verdict = ENGINE_CANNOT_COMPARE;
			snprintf(res->detail, sizeof res->detail,
				 "the expected expression is undefined at most points tried (%u of %u)",
				 tries - good, tries);
		}
	}
	if (res->verdict == ENGINE_EQUIVALENT)
		snprintf(res->detail, sizeof res->detail, "equal at %u points",
			 res->points_checked);
	arena_release(&k.arena);
	return ok;
}

int engine_expr_bindings(const struct engine_expr *e,
			 const struct engine_scope *scope,
			 struct engine_binding *out, size_t max,
			 struct engine_error *err)
{
	const struct node *root = e->root;
	const struct node *const *items = &root;
	size_t n = 1;
	if (root->kind == N_TUPLE) {
		items = (const struct node *const *)root->kids;
		n = root->nkids;
	}
	if (n > max) {
		engine_fail(err, ENGINE_ERR_LIMIT, root->start, root->end,
			    "too many items: at most %zu", max);
		return -1;
	}
	struct arena a;
	arena_init(&a, ENGINE_MAX_MEMORY);
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		const struct node *it = items[i];
		if (it->kind != N_ASSIGN || it->kids[0]->kind != N_NAME) {
			engine_fail(err, ENGINE_ERR_PARSE, it->start, it->end,
				    "expected NAME = value, as in K=4, S=2, P=1");
			count = -1;
			break;
		}
		struct eval_ctx ctx = { .arena = &a, .scope = scope, .err = err };
		const struct engine_value *v = eval_node(&ctx, it->kids[1]);
		double x;
		if (!v) {
			count = -1;
			break;
		}
		if (v->kind == ENGINE_BOOL || !value_as_number(v, &x)) {
			engine_fail(err, ENGINE_ERR_TYPE, it->kids[1]->start, it->kids[1]->end,
				    "the value of %s must be a number", it->kids[0]->name);
			count = -1;
			break;
		}
		out[i].name = it->kids[0]->name;
		out[i].value = x;
		out[i].start = it->start;
		out[i].end = it->end;
		count++;
	}
	arena_release(&a);
	return count;
}
