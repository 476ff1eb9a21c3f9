/* Equivalence by evaluation at random points, and the structure of an
 * answer (configurations).
 *
 * Two expressions are judged equal when they agree, within a relative
 * tolerance with an absolute floor, at seeded random values of the declared
 * variables, with named dimensions (n, m) instantiated at several sizes and
 * bound as numbers (so eye(n) and 1/n mean what they say).
 *
 * Only informative points prove anything: a point where the expected
 * expression is undefined (a division by zero, an overflow) is skipped, and
 * so is one where its value is negligible (a huge power underflowing to
 * nearly 0), unless the answer is clearly not negligible there. An
 * expected value negligible at every point counts as zero only after many
 * points (ZERO_PROOF_POINTS) and none undefined; otherwise the verdict is
 * "cannot compare", never "equal". An
 * answer that is undefined where the expected one is defined is a
 * difference: no infinity or NaN ever agrees with anything. */
#include <assert.h>
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

#define MAX_DIMS 16
#define MAX_VARS ENGINE_MAX_VARIABLES

struct dim_size {
	const char *name;
	size_t size;
	struct engine_value value;   /* the size as a number, for eye(n), 1/n */
};

struct check {
	const struct engine_scope *scope;
	const struct engine_equiv_options *opt;
	struct engine_equiv_result *res;
	const struct engine_expr *answer;
	struct rng rng;
	struct arena arena;
	struct dim_size dims[MAX_DIMS];
	size_t n_dims;
	/* locals: the dimensions first, then every declared unbound variable
	 * (drawn, or computed from its definition) */
	struct local_binding locals[MAX_DIMS + MAX_VARS];
	size_t n_locals;
	const struct scope_entry *entries[MAX_VARS];  /* parallel to locals[n_dims..] */
	bool used[MAX_VARS];   /* named by the answer: shown in a counterexample */
	size_t n_vars;
	bool have_c;     /* FACTOR / ADDITIVE: the constant found so far */
	double c;
	double rel, abs_tol;
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

static bool add_dim(struct check *k, const char *name)
{
	if (!name)
		return true;
	for (size_t i = 0; i < k->n_dims; i++)
		if (k->dims[i].name == name)
			return true;
	if (k->n_dims == MAX_DIMS)
		return false;
	k->dims[k->n_dims++].name = name;
	return true;
}

/* Fresh random values for every declared, unbound variable; then the
 * defined ones, each from the values before it. */
static bool draw_point(struct check *k, struct engine_error *err)
{
	for (size_t i = 0; i < k->n_dims; i++) {
		k->dims[i].value = (struct engine_value){ .kind = ENGINE_NUMBER,
			.number = (double)k->dims[i].size };
		k->locals[i].name = k->dims[i].name;
		k->locals[i].value = &k->dims[i].value;
	}
	struct local_binding *vars = k->locals + k->n_dims;
	for (size_t i = 0; i < k->n_vars; i++) {
		const struct scope_entry *e = k->entries[i];
		struct engine_value *v;
		if (e->definition) {
			vars[i].value = NULL;  /* computed below */
			continue;
		}
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
			return engine_fail(err, ENGINE_ERR_MEMORY, 0, 0, "no memory");
		vars[i].value = v;
	}
	/* d ⟂ u: remove from d its component along u. */
	for (size_t i = 0; i < k->n_vars; i++) {
		const char *other = k->entries[i]->orthogonal_to;
		if (!other || !vars[i].value)
			continue;
		struct engine_value *d = (struct engine_value *)vars[i].value;
		for (size_t j = 0; j < k->n_vars; j++) {
			const struct engine_value *u = vars[j].value;
			if (strcmp(vars[j].name, other) || !u || u->kind != ENGINE_MATRIX ||
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
	/* Definitions (Gamma = diag(diag(X'*X))^½) see every drawn value and
	 * the definitions declared before them. */
	for (size_t i = 0; i < k->n_vars; i++) {
		const struct scope_entry *e = k->entries[i];
		if (!e->definition)
			continue;
		struct eval_ctx ctx = { .arena = &k->arena, .scope = k->scope,
					.locals = k->locals, .n_locals = k->n_dims + i,
					.err = err };
		struct engine_value *v = eval_node(&ctx, e->definition->root);
		if (!v)
			return false;
		vars[i].value = v;
	}
	return true;
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

/* Does the expression depend on the point: a drawn variable, a defined
 * one or a dimension? */
static bool uses_any_variable(const struct check *k, const struct node *n)
{
	for (size_t i = 0; i < k->n_locals; i++)
		if (uses_name(n, k->locals[i].name))
			return true;
	return false;
}

static bool dim_used(const struct check *k, const char *dim)
{
	if (uses_name(k->answer->root, dim))
		return true;
	for (size_t i = 0; i < k->n_vars; i++) {
		const struct engine_shape *sh = &k->entries[i]->shape;
		if (k->used[i] && sh->kind != ENGINE_SCALAR &&
		    (sh->rows.name == dim || (sh->kind == ENGINE_MAT && sh->cols.name == dim)))
			return true;
	}
	return false;
}

/* ---- counterexamples as a student reads them -----------------------------
 * Four significant digits, values within the tolerance of 0 shown as 0,
 * and a value too big to read shown by its shape: never cut in the middle. */

#define SHOW_MAX_ENTRIES 12

static void show_number(struct strbuf *sb, double x, double scale)
{
	if (fabs(x) <= 1e-9 * fmax(1, scale))
		x = 0;
	char buf[32];
	snprintf(buf, sizeof buf, "%.4g", x);
	strbuf_append(sb, buf);
}

static void show_value(struct strbuf *sb, const struct engine_value *v)
{
	if (v->kind != ENGINE_MATRIX) {
		if (v->kind == ENGINE_NUMBER || v->kind == ENGINE_IDENTITY) {
			show_number(sb, v->number, fabs(v->number));
			if (v->kind == ENGINE_IDENTITY)
				strbuf_append(sb, "·I");
			return;
		}
		char *s = engine_value_print(v);
		strbuf_append(sb, s ? s : "?");
		free(s);
		return;
	}
	size_t n = v->rows * v->cols;
	if (n > SHOW_MAX_ENTRIES) {
		strbuf_printf(sb, "(a %zu×%zu matrix)", v->rows, v->cols);
		return;
	}
	double scale = 0;
	for (size_t i = 0; i < n; i++)
		scale = fmax(scale, fabs(v->data[i]));
	if (v->cols == 1 || v->rows == 1) {
		strbuf_putc(sb, '(');
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_append(sb, ", ");
			show_number(sb, v->data[i], scale);
		}
		strbuf_putc(sb, ')');
		if (v->rows == 1 && v->cols > 1)
			strbuf_append(sb, "ᵀ");
		return;
	}
	strbuf_putc(sb, '[');
	for (size_t r = 0; r < v->rows; r++) {
		strbuf_append(sb, r ? "; " : "");
		for (size_t c = 0; c < v->cols; c++) {
			if (c)
				strbuf_putc(sb, ' ');
			show_number(sb, v->data[r * v->cols + c], scale);
		}
	}
	strbuf_putc(sb, ']');
}

/* "n = 3, x = 0.25, u = (1, 2, 3)": only what the answer uses. */
static void describe_point(struct check *k, struct strbuf *sb)
{
	for (size_t i = 0; i < k->n_dims; i++)
		if (dim_used(k, k->dims[i].name))
			strbuf_printf(sb, "%s%s = %zu", sb->len ? ", " : "",
				      k->dims[i].name, k->dims[i].size);
	const struct local_binding *vars = k->locals + k->n_dims;
	for (size_t i = 0; i < k->n_vars; i++) {
		if (!k->used[i] || !vars[i].value)
			continue;
		strbuf_printf(sb, "%s%s = ", sb->len ? ", " : "", vars[i].name);
		show_value(sb, vars[i].value);
	}
}

/* The detail: "at POINT: MESSAGE", whole values only. When it does not
 * fit, the point gives way first (its shapes are in the message anyway). */
static void set_detail(struct check *k, const char *msg)
{
	struct strbuf pt = STRBUF_INIT;
	describe_point(k, &pt);
	size_t room = sizeof k->res->detail;
	if (pt.len && pt.len + strlen(msg) + 6 < room)
		snprintf(k->res->detail, room, "at %s: %s", strbuf_str(&pt), msg);
	else if (strlen(msg) < room)
		snprintf(k->res->detail, room, "%s", msg);
	else
		snprintf(k->res->detail, room, "the values differ");
	strbuf_free(&pt);
}

/* Numbers, 1×1 matrices and shapes compare as numbers; I takes the size
 * of the matrix it is compared with. */
static const struct engine_value *normalise(struct eval_ctx *ctx, const struct node *at,
					    const struct engine_value *v,
					    const struct engine_value *other)
{
	double x;
	if ((v->kind == ENGINE_SHAPE || (v->kind == ENGINE_MATRIX && v->rows == 1 &&
	     v->cols == 1)) && value_as_number(v, &x))
		return eval_number(ctx, at, x);
	if (v->kind == ENGINE_IDENTITY && other->kind == ENGINE_MATRIX &&
	    other->rows == other->cols)
		return identity_materialise(ctx, at, v, other->rows);
	return v;
}

static double max_abs(const struct engine_value *v)
{
	if (v->kind != ENGINE_MATRIX)
		return fabs(v->number);
	double m = 0;
	for (size_t i = 0; i < v->rows * v->cols; i++)
		m = fmax(m, fabs(v->data[i]));
	return m;
}

/* Compare answer a with expected b under the mode; false on a difference.
 * Both are finite (the evaluator never returns anything else). */
static bool agree(struct check *k, const struct engine_value *a,
		  const struct engine_value *b)
{
	size_t n = a->kind == ENGINE_MATRIX ? a->rows * a->cols : 1;
	const double *av = a->kind == ENGINE_MATRIX ? a->data : &a->number;
	const double *bv = b->kind == ENGINE_MATRIX ? b->data : &b->number;
	double scale = 0, ab = 0, bb = 0;
	for (size_t i = 0; i < n; i++) {
		scale = fmax(scale, fmax(fabs(av[i]), fabs(bv[i])));
		ab += av[i] * bv[i];
		bb += bv[i] * bv[i];
	}
	double rel = k->rel, abs_tol = k->abs_tol;
	if (k->opt->mode == ENGINE_EQUIV_FACTOR) {
		if (!k->have_c) {
			k->c = ab / bb;
			k->have_c = true;
			if (!(k->c > abs_tol))
				return false;
		}
		double c = k->c;
		for (size_t i = 0; i < n; i++)
			if (fabs(av[i] - c * bv[i]) > rel * fmax(scale, c * scale) + abs_tol)
				return false;
		return true;
	}
	if (k->opt->mode == ENGINE_EQUIV_ADDITIVE) {
		if (!k->have_c) {
			k->c = av[0] - bv[0];
			k->have_c = true;
		}
		double c = k->c;
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

enum point_outcome {
	POINT_OK,         /* informative and equal */
	POINT_WEAK,       /* expected negligible, answer too: proves little */
	POINT_SKIP,       /* expected undefined here */
	POINT_DIFFERENT,
	POINT_BROKEN,     /* the expected expression cannot be evaluated at all */
};

static void value_failed(struct check *k, const char *who, const struct engine_error *err)
{
	char msg[400];
	snprintf(msg, sizeof msg, "%s cannot be evaluated (%s: %s)", who,
		 engine_error_kind_name(err->kind), err->message);
	set_detail(k, msg);
}

static enum point_outcome check_point(struct check *k, const struct engine_expr *expected,
				      const struct engine_expr *answer)
{
	struct engine_error err;
	memset(&err, 0, sizeof err);
	struct eval_ctx ctx = { .arena = &k->arena, .scope = k->scope,
				.locals = k->locals, .n_locals = k->n_locals, .err = &err };
	const struct engine_value *b = eval_node(&ctx, expected->root);
	if (!b) {
		if (err.kind == ENGINE_ERR_MATH)
			return POINT_SKIP;
		value_failed(k, "the expected expression", &err);
		return POINT_BROKEN;
	}
	ctx.steps = 0;
	const struct engine_value *a = eval_node(&ctx, answer->root);
	if (!a) {
		k->res->answer_failed = true;
		k->res->answer_error = err;
		value_failed(k, "the answer", &err);
		return POINT_DIFFERENT;
	}
	const struct engine_value *na = normalise(&ctx, answer->root, a, b);
	const struct engine_value *nb = normalise(&ctx, expected->root, b, a);
	if (!na || !nb)
		return POINT_BROKEN;
	char da[32], db[32], msg[400];
	value_describe(na, da, sizeof da);
	value_describe(nb, db, sizeof db);
	bool same_kind = na->kind == nb->kind ||
		(na->kind == ENGINE_NUMBER && nb->kind == ENGINE_IDENTITY) ||
		(na->kind == ENGINE_IDENTITY && nb->kind == ENGINE_NUMBER);
	if (!same_kind || (na->kind == ENGINE_MATRIX &&
			   (na->rows != nb->rows || na->cols != nb->cols))) {
		k->res->shape_differs = true;
		snprintf(msg, sizeof msg, "expected %s, the answer is %s", db, da);
		set_detail(k, msg);
		return POINT_DIFFERENT;
	}
	if (na->kind == ENGINE_STRING || na->kind == ENGINE_BOOL ||
	    na->kind == ENGINE_SHAPE) {
		bool same = na->kind == ENGINE_STRING ? !strcmp(na->text, nb->text)
			    : na->number == nb->number;
		return same ? POINT_OK : POINT_DIFFERENT;
	}
	bool negligible_b = max_abs(nb) <= k->abs_tol;
	if (negligible_b && max_abs(na) <= k->abs_tol)
		return POINT_WEAK;
	if (!negligible_b && agree(k, na, nb))
		return POINT_OK;
	struct strbuf sb = STRBUF_INIT;
	strbuf_append(&sb, "expected ");
	show_value(&sb, nb);
	strbuf_append(&sb, ", the answer gives ");
	show_value(&sb, na);
	set_detail(k, sb.oom ? "the values differ" : strbuf_str(&sb));
	strbuf_free(&sb);
	return POINT_DIFFERENT;
}

/* How many points, over all rounds, must all be negligible, and never
 * undefined, before an expected value that depends on the point counts as
 * zero everywhere: a value that is tiny only on most of the domain
 * (exp(-1000·x²) is informative on 7% of it) shows itself long before
 * that (0.93^200 < 1e-6). The rounds draw independent points, so they
 * share the count. */
#define ZERO_PROOF_POINTS 200

/* One round: points at one instantiation of the dimensions, of `rounds`. */
static bool run_round(struct check *k, const struct engine_expr *expected,
		      const struct engine_expr *answer, unsigned points, unsigned rounds)
{
	struct engine_equiv_result *res = k->res;
	unsigned good = 0, weak = 0, skipped = 0, tries = 0;
	bool constant = !uses_any_variable(k, expected->root);
	unsigned share = (ZERO_PROOF_POINTS + rounds - 1) / rounds;
	unsigned zero_proof = constant ? 2 * points : share > 2 * points ? share : 2 * points;
	while (good < points) {
		bool all_weak = good == 0 && skipped == 0;
		if (all_weak && weak >= zero_proof)
			break;
		if (tries >= (all_weak ? zero_proof : points * 8))
			break;
		tries++;
		struct arena_mark mark = arena_mark(&k->arena);
		struct engine_error err;
		memset(&err, 0, sizeof err);
		if (!draw_point(k, &err)) {
			arena_restore(&k->arena, mark);
			if (err.kind == ENGINE_ERR_MEMORY)
				return false;
			if (err.kind == ENGINE_ERR_MATH) {
				skipped++;
				continue;
			}
			char msg[400];
			snprintf(msg, sizeof msg, "a defined variable cannot be computed (%s: %s)",
				 engine_error_kind_name(err.kind), err.message);
			set_detail(k, msg);
			res->verdict = ENGINE_CANNOT_COMPARE;
			return true;
		}
		enum point_outcome out = check_point(k, expected, answer);
		arena_restore(&k->arena, mark);
		switch (out) {
		case POINT_SKIP:
			skipped++;
			continue;
		case POINT_BROKEN:
			res->verdict = ENGINE_CANNOT_COMPARE;
			return true;
		case POINT_DIFFERENT:
			res->points_checked++;
			res->verdict = ENGINE_NOT_EQUIVALENT;
			return true;
		case POINT_WEAK:
			res->points_checked++;
			weak++;
			continue;
		case POINT_OK:
			res->points_checked++;
			good++;
			continue;
		}
	}
	bool zero_everywhere = good == 0 && skipped == 0 && weak >= zero_proof;
	if (good < (points + 1) / 2 && !zero_everywhere) {
		res->verdict = ENGINE_CANNOT_COMPARE;
		snprintf(res->detail, sizeof res->detail,
			 "the expected expression is undefined or negligibly small at "
			 "most points tried (%u of %u), so these points cannot tell "
			 "the two apart", tries - good, tries);
	}
	return true;
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
	struct check k = { .scope = scope, .opt = opt, .res = res, .answer = answer,
			   .rng = { opt->seed ^ 0x5DEECE66Dull },
			   .rel = opt->rel_tol > 0 ? opt->rel_tol : 1e-7,
			   .abs_tol = opt->abs_tol > 0 ? opt->abs_tol : 1e-9 };
	res->verdict = ENGINE_EQUIVALENT;
	for (size_t i = 0; scope && i < scope->n; i++) {
		const struct scope_entry *e = &scope->entries[i];
		if (!e->declared || e->bound)
			continue;
		if (k.n_vars == MAX_VARS) {
			res->verdict = ENGINE_CANNOT_COMPARE;
			snprintf(res->detail, sizeof res->detail,
				 "too many variables to compare: at most %d", MAX_VARS);
			return true;
		}
		k.entries[k.n_vars] = e;
		k.used[k.n_vars] = uses_name(answer->root, e->name);
		bool dims_ok = e->shape.kind == ENGINE_SCALAR || add_dim(&k, e->shape.rows.name);
		if (e->shape.kind == ENGINE_MAT)
			dims_ok = dims_ok && add_dim(&k, e->shape.cols.name);
		if (!dims_ok) {
			res->verdict = ENGINE_CANNOT_COMPARE;
			snprintf(res->detail, sizeof res->detail,
				 "too many named dimensions to compare: at most %d", MAX_DIMS);
			return true;
		}
		k.n_vars++;
	}
	k.n_locals = k.n_dims + k.n_vars;
	for (size_t i = 0; i < k.n_dims; i++)
		k.locals[i].name = k.dims[i].name;
	for (size_t i = 0; i < k.n_vars; i++)
		k.locals[k.n_dims + i].name = k.entries[i]->name;
	arena_init(&k.arena, ENGINE_MAX_MEMORY);
	unsigned points = opt->points ? opt->points : 6;
	unsigned sizes = k.n_dims ? (opt->sizes ? opt->sizes : 3) : 1;
	bool ok = true;
	for (unsigned round = 0; round < sizes && res->verdict == ENGINE_EQUIVALENT; round++) {
		/* Sizes 2..5: each dimension takes a different size in every
		 * round (an answer hard-wired to eye(2) cannot pass), and
		 * different names differ within a round (a transposed product
		 * cannot pass by luck). */
		for (size_t d = 0; d < k.n_dims; d++)
			k.dims[d].size = 2 + (round + d) % 4;
		res->round = round;
		if (!run_round(&k, expected, answer, points, sizes)) {
			ok = false;
			break;
		}
	}
	if (res->verdict == ENGINE_EQUIVALENT)
		snprintf(res->detail, sizeof res->detail, "equal at %u points",
			 res->points_checked);
	arena_release(&k.arena);
	return ok;
}

/* The NAME = value items of a configuration, flattened: "K=4, S=2",
 * "K = 4 and S = 2", "K = S = 4" (both names), "(K, P) = (4, 10)". */
struct binding_item {
	const struct node *name;   /* N_NAME */
	const struct node *value;
	const struct node *item;   /* for the byte range */
};

static bool flatten_bindings(const struct node *n, const struct node *item,
			     struct binding_item *out, size_t max, size_t *count,
			     struct engine_error *err)
{
	if (n->kind == N_AND)
		return flatten_bindings(n->kids[0], n->kids[0], out, max, count, err) &&
		       flatten_bindings(n->kids[1], n->kids[1], out, max, count, err);
	if (n->kind == N_OR)
		return engine_fail(err, ENGINE_ERR_PARSE, n->start, n->end,
				   "a configuration takes all its values at once: join them "
				   "with commas or 'and', not 'or'");
	/* "stride 2": a name and its value, side by side */
	if (n->kind == N_IMUL && n->spaced && n->kids[0]->kind == N_NAME &&
	    n->kids[0]->builtin < 0 && n->kids[1]->kind != N_NAME) {
		if (*count == max)
			return engine_fail(err, ENGINE_ERR_LIMIT, n->start, n->end,
					   "too many items: at most %zu", max);
		out[(*count)++] = (struct binding_item){ n->kids[0], n->kids[1], item };
		return true;
	}
	if (n->kind != N_ASSIGN)
		return engine_fail(err, ENGINE_ERR_PARSE, n->start, n->end,
				   "expected NAME = value, as in K=4, S=2, P=1");
	const struct node *lhs = n->kids[0], *rhs = n->kids[1];
	if (lhs->kind == N_VECTOR) {
		if (rhs->kind != N_VECTOR || rhs->nkids != lhs->nkids)
			return engine_fail(err, ENGINE_ERR_PARSE, n->start, n->end,
					   "(K, P) = (…) needs as many values as names");
		for (size_t i = 0; i < lhs->nkids; i++) {
			if (lhs->kids[i]->kind != N_NAME)
				return engine_fail(err, ENGINE_ERR_PARSE, lhs->kids[i]->start,
						   lhs->kids[i]->end, "expected a name here");
			if (*count == max)
				return engine_fail(err, ENGINE_ERR_LIMIT, n->start, n->end,
						   "too many items: at most %zu", max);
			out[(*count)++] = (struct binding_item){ lhs->kids[i], rhs->kids[i], item };
		}
		return true;
	}
	if (lhs->kind != N_NAME)
		return engine_fail(err, ENGINE_ERR_PARSE, lhs->start, lhs->end,
				   "expected NAME = value, as in K=4, S=2, P=1");
	/* K = S = 4: every name of the chain takes the last value */
	const struct node *value = rhs;
	while (value->kind == N_ASSIGN && value->kids[0]->kind == N_NAME)
		value = value->kids[1];
	for (const struct node *c = n; ; c = c->kids[1]) {
		if (*count == max)
			return engine_fail(err, ENGINE_ERR_LIMIT, n->start, n->end,
					   "too many items: at most %zu", max);
		out[(*count)++] = (struct binding_item){ c->kids[0], value, item };
		if (c->kids[1] == value)
			break;
	}
	return true;
}

static bool word_then_value(const struct node *word, const struct node *value)
{
	return word->kind == N_NAME && word->builtin < 0 && !word->parens &&
	       value->kind != N_NAME && value->kind != N_ASSIGN && value->kind != N_AND &&
	       value->kind != N_OR;
}

int engine_expr_values(const struct engine_expr *e, const struct engine_scope *scope,
		       double *out, size_t max)
{
	const struct node *root = e->root;
	const struct node *const *items = &root;
	size_t n = 1;
	if (root->kind == N_TUPLE) {
		items = (const struct node *const *)root->kids;
		n = root->nkids;
	}
	if (n > max)
		return -1;
	struct arena a;
	arena_init(&a, ENGINE_MAX_MEMORY);
	struct engine_error err;
	int count = (int)n;
	for (size_t i = 0; i < n && count >= 0; i++) {
		struct eval_ctx ctx = { .arena = &a, .scope = scope, .err = &err };
		const struct engine_value *v = items[i]->kind == N_ASSIGN ? NULL
			: eval_node(&ctx, items[i]);
		if (!v || v->kind == ENGINE_BOOL || !value_as_number(v, &out[i]))
			count = -1;
	}
	arena_release(&a);
	return count;
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
	struct binding_item flat[64];
	size_t count = 0, cap = max < 64 ? max : 64;
	for (size_t i = 0; i < n; i++) {
		/* "stride 2, padding 3" read as a list of words and values: a
		 * word and the value after it name one item */
		if (i + 1 < n && word_then_value(items[i], items[i + 1])) {
			if (count == cap) {
				engine_fail(err, ENGINE_ERR_LIMIT, items[i]->start, items[i]->end,
					    "too many items: at most %zu", cap);
				return -1;
			}
			flat[count++] = (struct binding_item){ items[i], items[i + 1], items[i] };
			i++;
			continue;
		}
		if (!flatten_bindings(items[i], items[i], flat, cap, &count, err))
			return -1;
	}
	struct arena a;
	arena_init(&a, ENGINE_MAX_MEMORY);
	int result = (int)count;
	for (size_t i = 0; i < count; i++) {
		struct eval_ctx ctx = { .arena = &a, .scope = scope, .err = err };
		const struct engine_value *v = eval_node(&ctx, flat[i].value);
		double x;
		if (!v) {
			result = -1;
			break;
		}
		if (v->kind == ENGINE_BOOL || !value_as_number(v, &x)) {
			engine_fail(err, ENGINE_ERR_TYPE, flat[i].value->start, flat[i].value->end,
				    "the value of %s must be a number", flat[i].name->name);
			result = -1;
			break;
		}
		out[i].name = flat[i].name->name;
		out[i].value = x;
		out[i].start = flat[i].item->start;
		out[i].end = flat[i].item->end;
	}
	arena_release(&a);
	return result;
}
