/* Making the mutations of a part (see mutations.c for what they are for):
 * the expected answer read into a tree (mut_tree.h), and edited the ways
 * students slip, each edit with a name ("P3 in place of 2·P3"). Nothing
 * here knows the subject: the edits are generic, and a part may add its
 * own (`mistakes:`, which also renames a generic one that makes the same
 * edit).
 *
 * The edits, each applied at one place (and, when the piece it changes
 * occurs more than once, at every place at once):
 *   a given or variable for another of the same kind (same value shape and
 *   `kind`, or same declared shape), a "+ 1" dropped or added (to a sum, a
 *   floor or ceil, a name), 2·x for x and x for 2·x, floor for ceil and
 *   ceil for floor, a factor or divisor dropped, an extra factor of a
 *   scalar name, a transpose added or dropped, an inner product for an
 *   outer one and back.
 * A configuration part mutates only the equations of its constraint that
 * use a given (the size it must produce), never its range conditions
 * (loosening "K ≥ 1" names nothing anybody did), and there only the
 * answer's own names and the formula, never a given (2·W for W would
 * "explain" any configuration that halves the size).
 * A mutation is kept when it parses, computes, and differs from the
 * expected answer (and, for formulas, from its values at both points) and
 * from every mutation kept before it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mut_internal.h"
#include "mut_tree.h"
#include "mutations.h"

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
	/* the question's givens and the part's own, as the part binds them */
	for (size_t i = 0; i < rt->n_given_vals && g->n_names < 64; i++) {
		const struct engine_value *v = rt->given_vals ? rt->given_vals[i] : NULL;
		if (!v)
			continue;
		struct pname *p = &g->names[g->n_names++];
		p->name = rt->given_names[i];
		p->scalar = v->kind == ENGINE_NUMBER;
		p->shaped = v->kind == ENGINE_MATRIX;
		/* the lesson's word for what it counts, when it gives one, and
		 * its value's shape: 64 channels never stand for a stride of 2 */
		const char *what = rt->given_defs[i]->kind ? rt->given_defs[i]->kind : "";
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
			    course_mut_may_match(m.fp, g->fp_store, g->rt->mode);
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

struct engine_parse_options course_mut_options(const struct rt_part *rt)
{
	struct engine_parse_options o = course_answer_parse_options(rt);
	o.flags &= ~(unsigned)ENGINE_PARSE_LABELS;
	return o;
}

void course_mut_build(const struct rt_part *rt, struct part_mutations *pm)
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
	g->opt = course_mut_options(rt);
	collect_names(g);
	if (k == COURSE_FORMULA || k == COURSE_MATRIX_EXPR) {
		for (int p = 0; p < N_POINTS; p++) {
			struct engine_error e;
			pm->point[p] = course_mut_point(rt, rt->seed ^ (0xC1A55ull + (uint64_t)p * 0x9E37ull));
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

/* ---- the part's own mistakes, in validate ------------------------------------- */

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
		g->opt = course_mut_options(rt);
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

