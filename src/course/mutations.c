/* Named mistakes: the expected answer mutated the ways students slip, each
 * mutation with a name ("P3 in place of 2·P3"), tried on an incorrect
 * answer that no feedback rule caught. Nothing here knows the subject:
 * the mutations are generic edits of the expression's tree (mut_tree.h),
 * and a part may add its own (`mistakes:`, which also renames a generic
 * one that makes the same edit).
 *
 * The edits, each applied at one place (and, when the piece it changes
 * occurs more than once, at every place at once):
 *   a given or variable for another of the same kind (same value shape and
 *   `kind`, or same declared shape), a "+ 1" dropped or added (to a sum, a
 *   floor or ceil, a name), 2·x for x and x for 2·x,
 *   floor for ceil and ceil for floor, a factor or divisor dropped,
 *   an extra factor of a scalar name, a transpose added or dropped, an
 *   inner product for an outer one and back.
 * A configuration part mutates only the equations of its constraint that
 * use a given (the size it must produce), never its range conditions
 * (loosening "K ≥ 1" names nothing anybody did), and there only the
 * answer's own names and the formula, never a given (2·W for W would
 * "explain" any configuration that halves the size).
 *
 * A mutation names an answer when the answer matches it as the part
 * compares answers (same value; for formulas, equivalence at the part's
 * own points and mode) and no other mutation of another name matches.
 * Only incorrect answers no rule catches get here, so a name is never
 * given to an answer that is correct or that a rule explains. Formula
 * mutations are first compared at two fixed points of their own (cheap),
 * and only those that agree there are checked by the engine. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mut_tree.h"
#include "mutations.h"

struct mutation {
	char *name;                  /* follows "This is what you get with " */
	char *text;                  /* the mutated expression, as printed */
	struct engine_expr *expr;    /* parsed as the part reads its answers */
	struct engine_value *val;    /* value kinds: its value */
	struct engine_value *fp[2];  /* formula kinds: its values at the two points */
};

enum { N_POINTS = 2 };

struct part_mutations {
	bool built;
	struct mutation *m;
	size_t n, cap;
	struct engine_scope *point[N_POINTS];  /* formula kinds */
};

struct course_mistakes {
	const struct course *c;
	size_t n;
	struct part_mutations *parts;
};

static void part_clear(struct part_mutations *pm)
{
	for (size_t i = 0; i < pm->n; i++) {
		free(pm->m[i].name);
		free(pm->m[i].text);
		engine_expr_free(pm->m[i].expr);
		engine_value_free(pm->m[i].val);
		for (int k = 0; k < N_POINTS; k++)
			engine_value_free(pm->m[i].fp[k]);
	}
	free(pm->m);
	for (int k = 0; k < N_POINTS; k++)
		engine_scope_free(pm->point[k]);
	memset(pm, 0, sizeof *pm);
}

struct course_mistakes *course_mistakes_new(const struct course *c)
{
	struct course_mistakes *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->c = c;
	m->n = course_part_count(c);
	m->parts = calloc(m->n + 1, sizeof *m->parts);
	if (!m->parts) {
		free(m);
		return NULL;
	}
	return m;
}

void course_mistakes_free(struct course_mistakes *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		part_clear(&m->parts[i]);
	free(m->parts);
	free(m);
}

/* ---- the points formula mutations are first compared at -------------------- */

static uint64_t next_random(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double uniform(uint64_t *s, double lo, double hi)
{
	return lo + (hi - lo) * (double)(next_random(s) >> 11) / 9007199254740992.0;
}

/* A value from the domain's range, as engine.h states them. */
static double draw(uint64_t *s, enum engine_domain d)
{
	switch (d) {
	case ENGINE_DOMAIN_POSITIVE: return uniform(s, 0.5, 3);
	case ENGINE_DOMAIN_UNIT: return uniform(s, 0.1, 0.9);
	case ENGINE_DOMAIN_BINARY: return (double)(next_random(s) & 1);
	case ENGINE_DOMAIN_INTEGER: return (double)(1 + next_random(s) % 9);
	case ENGINE_DOMAIN_REAL: break;
	}
	return uniform(s, -2, 2);
}

/* Sizes for named dimensions: different from one another, so a mutation
 * that mixes two dimensions up fails here already. */
static unsigned dim_size(const struct engine_dim *d, const char **names, size_t *n)
{
	if (!d->name || !*d->name)
		return d->size;
	size_t i = 0;
	while (i < *n && strcmp(names[i], d->name))
		i++;
	if (i == *n && *n < 8)
		names[(*n)++] = d->name;
	return 3 + (unsigned)i;
}

/* The part's scope with every free variable bound to a value drawn from
 * its domain (vectors declared orthogonal to another projected so). */
static struct engine_scope *point_scope(const struct rt_part *rt, uint64_t seed)
{
	struct engine_scope *s = course_rt_scope(rt);
	if (!s)
		return NULL;
	const struct y_part *y = rt->y;
	const char *dims[8];
	size_t n_dims = 0;
	struct engine_value vals[64];
	const char *names[64];
	size_t n = 0;
	/* plain variables first: an orthogonal one needs its partner */
	for (int pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < y->variables_count && n < 64; i++) {
			const struct y_variable *v = &y->variables[i];
			if (v->value || v->label || (pass == 0) != !v->orthogonal_to)
				continue;
			struct engine_shape sh;
			struct engine_error e;
			if (!engine_scope_parse_shape(s, v->shape ? v->shape : "scalar", &sh, &e))
				continue;
			struct engine_value *x = &vals[n];
			memset(x, 0, sizeof *x);
			if (sh.kind == ENGINE_SCALAR) {
				x->kind = ENGINE_NUMBER;
				x->number = draw(&seed, v->domain);
			} else {
				x->kind = ENGINE_MATRIX;
				x->rows = dim_size(&sh.rows, dims, &n_dims);
				x->cols = sh.kind == ENGINE_MAT ? dim_size(&sh.cols, dims, &n_dims) : 1;
				x->data = malloc((x->rows * x->cols > 0 ? x->rows * x->cols : 1) * sizeof *x->data);
				if (!x->data)
					continue;
				for (size_t k = 0; k < x->rows * x->cols; k++)
					x->data[k] = draw(&seed, v->domain);
			}
			for (size_t j = 0; v->orthogonal_to && j < n; j++) {
				struct engine_value *u = &vals[j];
				if (strcmp(names[j], v->orthogonal_to) || u->kind != ENGINE_MATRIX ||
				    u->rows * u->cols != x->rows * x->cols)
					continue;
				double uv = 0, uu = 0;
				for (size_t k = 0; k < x->rows * x->cols; k++) {
					uv += u->data[k] * x->data[k];
					uu += u->data[k] * u->data[k];
				}
				for (size_t k = 0; uu > 0 && k < x->rows * x->cols; k++)
					x->data[k] -= uv / uu * u->data[k];
			}
			names[n++] = v->name;
		}
	for (size_t i = 0; i < n; i++) {
		engine_scope_bind(s, names[i], &vals[i]);
		free(vals[i].data);
	}
	return s;
}

static double entry(const struct engine_value *v, size_t i)
{
	return v->kind == ENGINE_MATRIX ? v->data[i] : v->number;
}

static size_t entries(const struct engine_value *v)
{
	return v->kind == ENGINE_MATRIX ? v->rows * v->cols : 1;
}

/* Could a and b (values of the answer and of a mutation at the same two
 * points) be equal in the part's mode? Loose, since the engine decides:
 * this only spares it the mutations that plainly differ. */
static bool may_match(struct engine_value *const a[N_POINTS],
		      struct engine_value *const b[N_POINTS], enum engine_equiv_mode mode)
{
	double shift = 0, ratio = 0;
	bool first = true;
	for (int k = 0; k < N_POINTS; k++) {
		if (!a[k] || !b[k])
			return true;  /* undefined at a point: let the engine judge */
		if (a[k]->kind != b[k]->kind || entries(a[k]) != entries(b[k]) ||
		    (a[k]->kind == ENGINE_MATRIX &&
		     (a[k]->rows != b[k]->rows || a[k]->cols != b[k]->cols)))
			return false;
		if (a[k]->kind != ENGINE_NUMBER && a[k]->kind != ENGINE_MATRIX &&
		    a[k]->kind != ENGINE_IDENTITY && a[k]->kind != ENGINE_BOOL)
			return true;
		for (size_t i = 0; i < entries(a[k]); i++) {
			double x = entry(a[k], i), y = entry(b[k], i);
			double scale = fmax(1.0, fmax(fabs(x), fabs(y)));
			if (mode == ENGINE_EQUIV_EXACT && fabs(x - y) > 1e-6 * scale)
				return false;
			if (mode == ENGINE_EQUIV_ADDITIVE) {
				if (first)
					shift = x - y;
				else if (fabs(x - y - shift) > 1e-6 * scale)
					return false;
			}
			if (mode == ENGINE_EQUIV_FACTOR) {
				if (fabs(y) < 1e-12 || fabs(x) < 1e-12) {
					if (fabs(x - y) > 1e-6 * scale)
						return false;
					continue;
				}
				if (first && x / y <= 0)
					return false;
				if (first)
					ratio = x / y;
				else if (fabs(x / y - ratio) > 1e-6 * fmax(1.0, fabs(ratio)))
					return false;
			}
			first = false;
		}
	}
	return true;
}

/* ---- building the mutations of a part ---------------------------------------- */

/* A name the edits know: a given, a variable, or a configuration's name. */
struct pname {
	const char *name;
	char kind[64];      /* names of one kind can stand for each other; "" never */
	bool scalar;
	bool shaped;        /* a vector or a matrix */
};

struct gen {
	const struct rt_part *rt;
	struct part_mutations *pm;
	struct mtree t;
	struct pname names[64];
	size_t n_names;
	struct engine_parse_options opt;
	const struct engine_value *expected_fp[N_POINTS];
	struct engine_value *fp_store[N_POINTS];
	const struct mnode *site;   /* where edits are made (NULL: anywhere) */
};

static const struct pname *find_name(const struct gen *g, const struct mnode *n)
{
	if (n->kind != MN_LEAF)
		return NULL;
	for (size_t i = 0; i < g->n_names; i++)
		if (!strcmp(g->names[i].name, n->op))
			return &g->names[i];
	return NULL;
}

static void collect_names(struct gen *g)
{
	const struct rt_part *rt = g->rt;
	const struct y_part *y = rt->y;
	for (unsigned i = 0; i < y->givens_count && g->n_names < 64; i++) {
		const struct engine_value *v = rt->given_vals ? rt->given_vals[i] : NULL;
		if (!v)
			continue;
		struct pname *p = &g->names[g->n_names++];
		p->name = y->givens[i].name;
		p->scalar = v->kind == ENGINE_NUMBER;
		p->shaped = v->kind == ENGINE_MATRIX;
		/* the lesson's word for what it counts, when it gives one, and
		 * its value's shape: 64 channels never stand for a stride of 2 */
		const char *what = y->givens[i].kind ? y->givens[i].kind : "";
		if (p->scalar)
			snprintf(p->kind, sizeof p->kind, "given number %s", what);
		else if (p->shaped)
			snprintf(p->kind, sizeof p->kind, "given %zux%zu %s", v->rows, v->cols, what);
		else
			p->kind[0] = '\0';
	}
	for (unsigned i = 0; i < y->variables_count && g->n_names < 64; i++) {
		const struct y_variable *v = &y->variables[i];
		if (v->label)
			continue;
		struct pname *p = &g->names[g->n_names++];
		p->name = v->name;
		const char *sh = v->shape ? v->shape : "scalar";
		size_t k = (size_t)snprintf(p->kind, sizeof p->kind, "variable ");
		for (; *sh && k + 1 < sizeof p->kind; sh++)
			if (*sh != ' ')
				p->kind[k++] = *sh;
		p->kind[k] = '\0';
		p->scalar = !strcmp(p->kind, "variable scalar");
		p->shaped = !p->scalar;
	}
	for (size_t i = 0; i < rt->n_names && g->n_names < 64; i++) {
		struct pname *p = &g->names[g->n_names++];
		p->name = rt->names[i];
		p->kind[0] = '\0';   /* the answer's own names: never swapped */
		p->scalar = true;
		p->shaped = false;
	}
}

/* The engine's own print of a piece of the tree, for names: "2·P3". */
static char *canonical(const struct gen *g, const struct mnode *n)
{
	struct strbuf sb = STRBUF_INIT;
	course_mtree_print(&sb, n, NULL);
	struct engine_error e;
	struct engine_expr *ex = engine_parse_ex(strbuf_str(&sb), sb.len, g->rt->scope, &g->opt, &e);
	char *out = ex ? engine_expr_print(ex) : NULL;
	engine_expr_free(ex);
	if (!out)
		out = strbuf_steal(&sb);
	strbuf_free(&sb);
	return out;
}

enum naming {
	NAME_REPLACE,     /* NEW in place of OLD */
	NAME_NO_FACTOR,   /* no factor X (X is to's other side: the dropped one) */
	NAME_NO_DIVISOR,
	NAME_EXTRA,       /* an extra factor X */
	NAME_INNER,       /* the inner product NEW in place of the outer product OLD */
	NAME_OUTER,
	NAME_OWN,
};

static char *make_name(const struct gen *g, enum naming how, const struct mnode *from,
		       const struct mnode *to, const struct mnode *piece, const char *own)
{
	if (how == NAME_OWN)
		return strdup(own);
	char *a = canonical(g, how == NAME_REPLACE || how == NAME_INNER || how == NAME_OUTER
			    ? to : piece);
	char *b = how == NAME_REPLACE || how == NAME_INNER || how == NAME_OUTER
		? canonical(g, from) : NULL;
	struct strbuf sb = STRBUF_INIT;
	switch (how) {
	case NAME_REPLACE: strbuf_printf(&sb, "%s in place of %s", a, b); break;
	case NAME_NO_FACTOR: strbuf_printf(&sb, "no factor %s", a); break;
	case NAME_NO_DIVISOR: strbuf_printf(&sb, "no division by %s", a); break;
	case NAME_EXTRA: strbuf_printf(&sb, "an extra factor %s", a); break;
	case NAME_INNER:
		strbuf_printf(&sb, "the inner product %s in place of the outer product %s", a, b);
		break;
	case NAME_OUTER:
		strbuf_printf(&sb, "the outer product %s in place of the inner product %s", a, b);
		break;
	case NAME_OWN: break;
	}
	free(a);
	free(b);
	return strbuf_steal(&sb);
}

static bool structural_error(const struct engine_error *e)
{
	return e->kind == ENGINE_ERR_DIMENSION || e->kind == ENGINE_ERR_TYPE ||
	       e->kind == ENGINE_ERR_NAME || e->kind == ENGINE_ERR_PARSE ||
	       e->kind == ENGINE_ERR_LIMIT || e->kind == ENGINE_ERR_MEMORY;
}

/* Try the tree with from printed as to (at every place it occurs, when
 * all): keep it when it parses, computes, differs from the expected answer
 * and from every mutation kept so far. */
static void candidate(struct gen *g, const struct mnode *from, const struct mnode *to,
		      bool all, enum naming how, const struct mnode *piece, const char *own)
{
	if (!from || !to)
		return;
	struct part_mutations *pm = g->pm;
	struct strbuf sb = STRBUF_INIT;
	struct msub sub = { from, to, g->site, all };
	course_mtree_print(&sb, g->t.root, &sub);
	struct mutation m;
	memset(&m, 0, sizeof m);
	struct engine_error e;
	memset(&e, 0, sizeof e);
	if (!sb.oom)
		m.expr = engine_parse_ex(strbuf_str(&sb), sb.len, g->rt->scope, &g->opt, &e);
	strbuf_free(&sb);
	m.text = m.expr ? engine_expr_print(m.expr) : NULL;
	bool keep = m.text != NULL;
	/* the same expression reached by another edit: the first one's name */
	for (size_t i = 0; keep && i < pm->n; i++)
		keep = strcmp(pm->m[i].text, m.text) != 0;
	enum course_answer_kind k = g->rt->y->kind;
	if (keep && (k == COURSE_NUMBER || k == COURSE_SEQUENCE || k == COURSE_SHAPE)) {
		keep = engine_eval(m.expr, g->rt->scope, &m.val, &e) &&
		       !course_chk_same_value(k, m.val, g->rt->expected_val, g->rt->tolerance);
	} else if (keep && (k == COURSE_FORMULA || k == COURSE_MATRIX_EXPR)) {
		bool structural = false;
		for (int p = 0; p < N_POINTS; p++)
			if (pm->point[p] && !engine_eval(m.expr, pm->point[p], &m.fp[p], &e))
				structural = structural || structural_error(&e);
		/* the same values as the expected answer at both points: most
		 * likely the same function, which no incorrect answer matches */
		bool same = g->fp_store[0] && g->fp_store[1] && m.fp[0] && m.fp[1] &&
			    may_match(m.fp, g->fp_store, g->rt->mode);
		keep = !structural && !same;
	}
	if (keep && pm->n == pm->cap) {
		size_t cap = pm->cap ? pm->cap * 2 : 32;
		struct mutation *grown = realloc(pm->m, cap * sizeof *grown);
		keep = grown != NULL;
		if (grown) {
			pm->m = grown;
			pm->cap = cap;
		}
	}
	if (keep) {
		m.name = make_name(g, how, from, to, piece, own);
		keep = m.name != NULL;
	}
	if (keep) {
		pm->m[pm->n++] = m;
		return;
	}
	free(m.name);
	free(m.text);
	engine_expr_free(m.expr);
	engine_value_free(m.val);
	for (int p = 0; p < N_POINTS; p++)
		engine_value_free(m.fp[p]);
}

/* How many nodes under root print like n (so an edit of n can also be
 * made everywhere). */
static size_t occurrences(const struct mnode *root, const struct mnode *n)
{
	size_t k = root->text && n->text && !strcmp(root->text, n->text);
	for (size_t i = 0; i < root->n; i++)
		k += occurrences(root->kid[i], n);
	return k;
}

/* One edit, at this place and, if the piece occurs again, everywhere. */
static void edit(struct gen *g, const struct mnode *from, const struct mnode *to,
		 enum naming how, const struct mnode *piece)
{
	candidate(g, from, to, false, how, piece, NULL);
	if (occurrences(g->site ? g->site : g->t.root, from) > 1)
		candidate(g, from, to, true, how, piece, NULL);
}

static struct mnode *leaf(struct gen *g, const char *text)
{
	return course_mnode(&g->t, MN_LEAF, text, NULL, NULL);
}

static struct mnode *cached(struct gen *g, struct mnode *n)
{
	return n && course_mtree_cache(&g->t, n) ? n : NULL;
}

static bool is_leaf(const struct mnode *n, const char *text)
{
	return n->kind == MN_LEAF && !strcmp(n->op, text);
}

static bool is_number(const struct mnode *n)
{
	return n->kind == MN_LEAF && ((n->op[0] >= '0' && n->op[0] <= '9') || n->op[0] == '.');
}

static bool is_product(const struct mnode *n)
{
	return n->kind == MN_BIN && (!strcmp(n->op, "·") || !strcmp(n->op, "*"));
}

/* A piece a student leaves out or adds as one factor: a name, its norm,
 * and either squared. */
static bool factor_like(const struct gen *g, const struct mnode *n)
{
	if (n->kind == MN_POST && (!strcmp(n->op, "²") || !strcmp(n->op, "³")))
		n = n->kid[0];
	if (n->kind == MN_NORM || n->kind == MN_ABS ||
	    (n->kind == MN_CALL && n->n == 1 && (!strcmp(n->op, "norm") || !strcmp(n->op, "abs"))))
		n = n->kid[0];
	return find_name(g, n) != NULL;
}

static bool is_transposed(const struct mnode *n)
{
	return n->kind == MN_POST && !strcmp(n->op, "ᵀ");
}

static bool is_given(const struct pname *p)
{
	return p && !strncmp(p->kind, "given", 5);
}

static void edits_of(struct gen *g, struct mnode *n, bool config)
{
	const struct pname *p = find_name(g, n);
	/* in a configuration the givens are the size asked for: the answer's
	 * own names and the formula's shape are what a student gets wrong */
	if (config && is_given(p))
		p = NULL;
	/* a name for another of its kind */
	for (size_t i = 0; p && p->kind[0] && i < g->n_names; i++)
		if (&g->names[i] != p && !strcmp(g->names[i].kind, p->kind))
			edit(g, n, cached(g, leaf(g, g->names[i].name)), NAME_REPLACE, NULL);
	/* + 1 dropped, + 1 added */
	if (n->kind == MN_BIN && !strcmp(n->op, " + ") && is_leaf(n->kid[1], "1"))
		edit(g, n, n->kid[0], NAME_REPLACE, NULL);
	else if (n->kind == MN_BIN && !strcmp(n->op, " + ") && is_leaf(n->kid[0], "1"))
		edit(g, n, n->kid[1], NAME_REPLACE, NULL);
	else if ((p && p->scalar) ||
		 (n->kind == MN_BIN && (!strcmp(n->op, " + ") || !strcmp(n->op, " − "))) ||
		 (n->kind == MN_CALL && (!strcmp(n->op, "floor") || !strcmp(n->op, "ceil"))))
		edit(g, n, cached(g, course_mnode(&g->t, MN_BIN, " + ", n, leaf(g, "1"))),
		     NAME_REPLACE, NULL);
	/* x for 2·x, 2·x for x */
	if (is_product(n) && is_leaf(n->kid[0], "2"))
		edit(g, n, n->kid[1], NAME_REPLACE, NULL);
	else if (is_product(n) && is_leaf(n->kid[1], "2"))
		edit(g, n, n->kid[0], NAME_REPLACE, NULL);
	else if (p && p->scalar)
		edit(g, n, cached(g, course_mnode(&g->t, MN_BIN, "·", leaf(g, "2"), n)),
		     NAME_REPLACE, NULL);
	/* floor for ceil and back */
	if (n->kind == MN_CALL && (!strcmp(n->op, "floor") || !strcmp(n->op, "ceil"))) {
		struct mnode *c = course_mnode(&g->t, MN_CALL, !strcmp(n->op, "floor") ? "ceil" : "floor",
					       NULL, NULL);
		if (c) {
			c->kid = n->kid;
			c->n = n->n;
		}
		edit(g, n, cached(g, c), NAME_REPLACE, NULL);
	}
	/* a factor or a divisor left out */
	if (is_product(n) && factor_like(g, n->kid[0]))
		edit(g, n, n->kid[1], NAME_NO_FACTOR, n->kid[0]);
	if (is_product(n) && factor_like(g, n->kid[1]))
		edit(g, n, n->kid[0], NAME_NO_FACTOR, n->kid[1]);
	if (n->kind == MN_BIN && !strcmp(n->op, "/") && factor_like(g, n->kid[1]))
		edit(g, n, n->kid[0], NAME_NO_DIVISOR, n->kid[1]);
	if (config)
		return;
	/* a transpose added or dropped, at one place: every u as uᵀ is no
	 * slip anybody makes, and often the same function (‖uᵀ‖ is ‖u‖) */
	if (p && p->shaped)
		candidate(g, n, cached(g, course_mnode(&g->t, MN_POST, "ᵀ", n, NULL)), false,
			  NAME_REPLACE, NULL, NULL);
	if (is_transposed(n))
		edit(g, n, n->kid[0], NAME_REPLACE, NULL);
	/* inner product for outer and back: aᵀ*b, a·b, dot(a, b) against a*bᵀ */
	if (n->kind == MN_BIN && !strcmp(n->op, "*")) {
		const struct mnode *a = n->kid[0], *b = n->kid[1];
		if (is_transposed(a) && !is_transposed(b))
			edit(g, n, cached(g, course_mnode(&g->t, MN_BIN, "*", a->kid[0],
							  course_mnode(&g->t, MN_POST, "ᵀ", (struct mnode *)b, NULL))),
			     NAME_OUTER, NULL);
		else if (!is_transposed(a) && is_transposed(b))
			edit(g, n, cached(g, course_mnode(&g->t, MN_BIN, "*",
							  course_mnode(&g->t, MN_POST, "ᵀ", (struct mnode *)a, NULL),
							  b->kid[0])),
			     NAME_INNER, NULL);
	}
	/* "·" between two operands that are not numbers is the inner product */
	if ((n->kind == MN_BIN && !strcmp(n->op, "·") && !is_number(n->kid[0]) &&
	     !is_number(n->kid[1])) ||
	    (n->kind == MN_CALL && !strcmp(n->op, "dot") && n->n == 2))
		edit(g, n, cached(g, course_mnode(&g->t, MN_BIN, "*", n->kid[0],
						  course_mnode(&g->t, MN_POST, "ᵀ", n->kid[1], NULL))),
		     NAME_OUTER, NULL);
}

static void walk(struct gen *g, struct mnode *n, bool config)
{
	edits_of(g, n, config);
	for (size_t i = 0; i < n->n; i++)
		walk(g, n->kid[i], config);
}

static bool uses_given(const struct gen *g, const struct mnode *n)
{
	const struct pname *p = find_name(g, n);
	if (p && !strncmp(p->kind, "given", 5))
		return true;
	for (size_t i = 0; i < n->n; i++)
		if (uses_given(g, n->kid[i]))
			return true;
	return false;
}

/* A configuration's constraint: the equations of its top "and" chain that
 * use a given are what it must produce. */
static void walk_config(struct gen *g, struct mnode *n)
{
	if (n->kind == MN_BIN && !strcmp(n->op, " and ")) {
		walk_config(g, n->kid[0]);
		walk_config(g, n->kid[1]);
	} else if (n->kind == MN_BIN && !strcmp(n->op, " == ") && uses_given(g, n)) {
		/* an edit made everywhere stays inside this equation */
		g->site = n;
		walk(g, n->kid[0], true);
		walk(g, n->kid[1], true);
		g->site = NULL;
	}
}

static const struct mnode *find_text(const struct mnode *n, const char *text)
{
	if (n->text && !strcmp(n->text, text))
		return n;
	for (size_t i = 0; i < n->n; i++) {
		const struct mnode *f = find_text(n->kid[i], text);
		if (f)
			return f;
	}
	return NULL;
}

/* The engine's print of text read as the part reads answers, or NULL. */
static char *reprint(const struct rt_part *rt, const struct engine_parse_options *opt,
		     const char *text)
{
	struct engine_error e;
	struct engine_expr *ex = engine_parse_ex(text, strlen(text), rt->scope, opt, &e);
	char *out = ex ? engine_expr_print(ex) : NULL;
	engine_expr_free(ex);
	return out;
}

/* A `mistakes` entry's `replace` as a piece of the tree, or NULL. */
static const struct mnode *own_piece(struct gen *g, const struct y_mistake *ym)
{
	char *shown = reprint(g->rt, &g->opt, ym->replace);
	struct mtree pt;
	const struct mnode *at = NULL;
	if (shown && course_mtree_parse(&pt, shown)) {
		at = find_text(g->t.root, pt.root->text);
		course_mtree_free(&pt);
	} else if (shown) {
		course_mtree_free(&pt);
	}
	free(shown);
	return at;
}

static struct engine_parse_options mutation_options(const struct rt_part *rt)
{
	struct engine_parse_options o = course_answer_parse_options(rt);
	o.flags &= ~(unsigned)ENGINE_PARSE_LABELS;
	return o;
}

static void build_part(const struct rt_part *rt, struct part_mutations *pm)
{
	pm->built = true;
	enum course_answer_kind k = rt->y->kind;
	const struct engine_expr *base = k == COURSE_CONFIGURATION ? rt->constraint : rt->expected;
	if (k == COURSE_CHOICE || !base || !rt->scope)
		return;
	char *text = engine_expr_print(base);
	struct gen *g = calloc(1, sizeof *g);
	if (!text || !g || !course_mtree_parse(&g->t, text)) {
		if (g)
			course_mtree_free(&g->t);
		free(g);
		free(text);
		return;
	}
	free(text);
	g->rt = rt;
	g->pm = pm;
	g->opt = mutation_options(rt);
	collect_names(g);
	if (k == COURSE_FORMULA || k == COURSE_MATRIX_EXPR) {
		for (int p = 0; p < N_POINTS; p++) {
			struct engine_error e;
			pm->point[p] = point_scope(rt, rt->seed ^ (0xC1A55ull + (uint64_t)p * 0x9E37ull));
			if (pm->point[p] && engine_eval(rt->expected, pm->point[p], &g->fp_store[p], &e))
				g->expected_fp[p] = g->fp_store[p];
		}
	}
	/* the part's own first: its name wins over a generic one's */
	for (unsigned i = 0; i < rt->y->mistakes_count; i++) {
		const struct y_mistake *ym = &rt->y->mistakes[i];
		const struct mnode *at = own_piece(g, ym);
		char *with = at ? reprint(rt, &g->opt, ym->with) : NULL;
		struct mnode *to = with ? course_mnode(&g->t, MN_RAW,
						       arena_strndup(&g->t.arena, with, strlen(with)),
						       NULL, NULL) : NULL;
		free(with);
		if (at && to && to->op)
			candidate(g, at, cached(g, to), true, NAME_OWN, NULL, ym->name);
	}
	if (k == COURSE_CONFIGURATION) {
		walk_config(g, g->t.root);
	} else {
		walk(g, g->t.root, false);
		/* an extra factor of a scalar name, on the whole answer */
		for (size_t i = 0; i < g->n_names; i++)
			if (g->names[i].scalar && g->names[i].kind[0])
				candidate(g, g->t.root,
					  cached(g, course_mnode(&g->t, MN_BIN, "*", g->t.root,
								 leaf(g, g->names[i].name))),
					  false, NAME_EXTRA, cached(g, leaf(g, g->names[i].name)), NULL);
	}
	for (int p = 0; p < N_POINTS; p++)
		engine_value_free(g->fp_store[p]);
	course_mtree_free(&g->t);
	free(g);
}

/* ---- naming an answer's mistake ----------------------------------------------- */

static struct part_mutations *table_part(struct course_mistakes *m, const struct rt_part *rt)
{
	if (!m)
		return NULL;
	const struct course_impl *ci = (const struct course_impl *)m->c;
	if (rt < ci->rt || rt >= ci->rt + ci->n_parts)
		return NULL;
	struct part_mutations *pm = &m->parts[rt - ci->rt];
	if (!pm->built)
		build_part(rt, pm);
	return pm;
}

static bool matches(const struct rt_part *rt, const struct part_mutations *pm,
		    const struct mutation *mu, const struct engine_value *v,
		    const struct engine_expr *ans, struct engine_value *const afp[N_POINTS],
		    const struct engine_scope *bound)
{
	enum course_answer_kind k = rt->y->kind;
	if (k == COURSE_CONFIGURATION)
		return bound && course_chk_predicate(mu->expr, bound);
	if (k != COURSE_FORMULA && k != COURSE_MATRIX_EXPR)
		return v && mu->val && course_chk_same_value(k, v, mu->val, rt->tolerance);
	if (pm->point[0] && !may_match(afp, mu->fp, rt->mode))
		return false;
	struct engine_equiv_options opt;
	memset(&opt, 0, sizeof opt);
	opt.mode = rt->mode;
	opt.seed = rt->seed;
	struct engine_equiv_result res;
	return engine_equiv(mu->expr, ans, rt->scope, &opt, &res) &&
	       res.verdict == ENGINE_EQUIVALENT;
}

void course_name_mistake(const struct course_part *part, const struct rt_part *rt,
			 const struct course_check_context *ctx,
			 const struct engine_expr *ans, const struct engine_scope *bound,
			 struct course_check_result *out)
{
	(void)part;
	if (out->verdict != COURSE_INCORRECT || out->rule || out->mistake)
		return;
	enum course_answer_kind k = rt->y->kind;
	if (k == COURSE_CHOICE || (k == COURSE_CONFIGURATION ? !bound : !ans))
		return;
	struct part_mutations local;
	memset(&local, 0, sizeof local);
	struct part_mutations *pm = table_part(ctx ? ctx->mistakes : NULL, rt);
	if (!pm) {
		build_part(rt, &local);
		pm = &local;
	}
	struct engine_value *v = NULL, *afp[N_POINTS] = { NULL, NULL };
	struct engine_error e;
	if (k == COURSE_NUMBER || k == COURSE_SEQUENCE || k == COURSE_SHAPE)
		engine_eval(ans, rt->scope, &v, &e);
	if (k == COURSE_FORMULA || k == COURSE_MATRIX_EXPR)
		for (int p = 0; p < N_POINTS; p++)
			if (pm->point[p])
				engine_eval(ans, pm->point[p], &afp[p], &e);
	const char *name = NULL;
	bool ambiguous = false;
	for (size_t i = 0; i < pm->n && !ambiguous; i++) {
		const struct mutation *mu = &pm->m[i];
		if (name && !strcmp(name, mu->name))
			continue;
		if (!matches(rt, pm, mu, v, ans, afp, bound))
			continue;
		ambiguous = name != NULL;
		name = mu->name;
	}
	if (name && !ambiguous) {
		out->mistake = strdup(name);
		struct strbuf sb = STRBUF_INIT;
		strbuf_printf(&sb, "This is what you get with %s.", name);
		if (out->feedback && *out->feedback)
			strbuf_printf(&sb, "\n%s", out->feedback);
		char *fb = strbuf_steal(&sb);
		if (fb && out->mistake) {
			free(out->feedback);
			out->feedback = fb;
		} else {
			free(fb);
		}
	}
	engine_value_free(v);
	for (int p = 0; p < N_POINTS; p++)
		engine_value_free(afp[p]);
	part_clear(&local);
}

char *course_mistakes_list(struct course_mistakes *m, const struct course_part *part)
{
	const struct rt_part *rt = m ? course_rt(m->c, part) : NULL;
	struct part_mutations *pm = table_part(m, rt);
	if (!pm)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < pm->n; i++)
		strbuf_printf(&sb, "%s\t%s\n", pm->m[i].name, pm->m[i].text);
	if (!sb.buf && !sb.oom)
		return strdup("");
	return strbuf_steal(&sb);
}

/* ---- the part's own mistakes, at load and in validate ------------------------- */

bool course_build_mistakes(struct course_impl *ci, size_t qi, struct ydoc *yd,
			   struct strbuf *err)
{
	const struct y_question *yq = ci->yq[qi];
	yaml_node_t *pl = course_ydoc_get(yd, course_ydoc_root(yd), "parts");
	bool ok = true;
	for (unsigned i = 0; i < yq->parts_count; i++) {
		struct rt_part *rt = &ci->rt[ci->first_part[qi] + i];
		const struct y_part *y = rt->y;
		if (!y->mistakes_count)
			continue;
		yaml_node_t *list = course_ydoc_get(yd, course_ydoc_item(yd, pl, i), "mistakes");
		rt->mistake_pos = calloc(y->mistakes_count, sizeof *rt->mistake_pos);
		if (!rt->mistake_pos) {
			strbuf_printf(err, "%s: out of memory\n", ci->files[qi]);
			return false;
		}
		struct engine_parse_options opt = mutation_options(rt);
		for (unsigned j = 0; j < y->mistakes_count; j++) {
			yaml_node_t *en = course_ydoc_item(yd, list, j);
			rt->mistake_pos[j] = course_ydoc_pos(en);
			if (y->kind == COURSE_CHOICE) {
				struct rt_pos p = course_ydoc_pos(en);
				strbuf_printf(err, "%s:%d:%d: %s: a choice part has no expression to "
					      "mutate: give its wrong options feedback rules instead\n",
					      ci->files[qi], p.line, p.col, y->id);
				ok = false;
				continue;
			}
			const char *keys[] = { "replace", "with" };
			const char *texts[] = { y->mistakes[j].replace, y->mistakes[j].with };
			for (int t = 0; t < 2; t++) {
				struct engine_error e;
				memset(&e, 0, sizeof e);
				struct engine_expr *ex = engine_parse_ex(texts[t], strlen(texts[t]),
									 rt->scope, &opt, &e);
				if (!ex) {
					struct rt_pos p = course_ydoc_pos_in(course_ydoc_get(yd, en, keys[t]),
									     e.start);
					strbuf_printf(err, "%s:%d:%d: %s: %s (in mistakes.%s \"%s\")\n",
						      ci->files[qi], p.line, p.col,
						      engine_error_kind_name(e.kind), e.message, keys[t],
						      texts[t]);
					ok = false;
				}
				engine_expr_free(ex);
			}
		}
	}
	return ok;
}

size_t course_mistakes_unused(const struct course_part *part, const struct rt_part *rt,
			      struct strbuf *report)
{
	if (!rt->y->mistakes_count || !rt->scope)
		return 0;
	enum course_answer_kind k = rt->y->kind;
	const struct engine_expr *base = k == COURSE_CONFIGURATION ? rt->constraint : rt->expected;
	char *text = base ? engine_expr_print(base) : NULL;
	struct gen *g = calloc(1, sizeof *g);
	size_t problems = 0;
	bool tree = text && g && course_mtree_parse(&g->t, text);
	for (unsigned i = 0; g && i < rt->y->mistakes_count; i++) {
		g->rt = rt;
		g->opt = mutation_options(rt);
		if (tree && own_piece(g, &rt->y->mistakes[i]))
			continue;
		int line = rt->mistake_pos ? rt->mistake_pos[i].line : rt->pos.line;
		strbuf_printf(report, "%s:%d: %s: mistakes entry %u: \"%s\" is nowhere in the "
			      "expected answer as the engine prints it (%s)\n", rt->file, line,
			      part->id, i + 1, rt->y->mistakes[i].replace, text ? text : "?");
		problems++;
	}
	if (g)
		course_mtree_free(&g->t);
	free(g);
	free(text);
	return problems;
}
