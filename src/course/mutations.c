/* Named mistakes: an incorrect answer that no feedback rule caught is
 * tried against the mutations of its part's expected answer (mut_build.c
 * makes them; a table keeps them, part by part, as answers need them).
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
#include "mut_internal.h"
#include "mutations.h"

struct course_mistakes {
	const struct course *c;
	size_t n;
	struct part_mutations *parts;
};

void course_mut_clear(struct part_mutations *pm)
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
		course_mut_clear(&m->parts[i]);
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
struct engine_scope *course_mut_point(const struct rt_part *rt, uint64_t seed)
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
bool course_mut_may_match(struct engine_value *const a[N_POINTS],
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
		course_mut_build(rt, pm);
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
	if (pm->point[0] && !course_mut_may_match(afp, mu->fp, rt->mode))
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
		course_mut_build(rt, &local);
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
	course_mut_clear(&local);
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

/* ---- the part's own mistakes, at load ---------------------------------------- */

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
		struct engine_parse_options opt = course_mut_options(rt);
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
