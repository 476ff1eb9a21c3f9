/* Variants: the same lesson with other numbers. A given may say how it
 * varies (a range with a step, or a list of values); a question or a part
 * may state constraints its givens must meet. A variant is a seed: each
 * question draws its varying givens from it, derived givens recompute
 * from them, and the draw is repeated (from the same seed, so the same on
 * every machine) until every constraint holds. The course is then built
 * again from its YAML with those values, so expected answers, rules, notes
 * and worked steps, all engine expressions of the givens, follow. Variant
 * 0 is the homework as published. */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hash.h"
#include "mutations.h"
#include "part_build.h"
#include "points.h"
#include "ydoc.h"

/* How many draws a question may take before its constraints are called
 * unsatisfiable for that seed. cnntutor validate reports the most any of
 * its 500 seeds took (the bundled course: 62). */
#define MAX_DRAWS 2000

struct rng { uint64_t s; };

static uint64_t next(struct rng *r)
{
	return hash_mix64(r->s += 0x9E3779B97F4A7C15ull);
}

/* 0 .. n-1, without the bias of a plain modulo. */
static uint64_t below(struct rng *r, uint64_t n)
{
	assert(n > 0);
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;
	do
		x = next(r);
	while (x >= limit);
	return x % n;
}

uint64_t course_student_variant(const struct course *c, const char *student)
{
	const struct course_impl *ci = (const struct course_impl *)c;
	uint64_t h = hash_fnv1a_more(HASH_FNV1A_START, ci && ci->key ? ci->key : "");
	h = hash_fnv1a_more((h ^ 0x1f) * 1099511628211ull, student ? student : "");
	struct rng r = { h };
	return 1 + below(&r, COURSE_MAX_VARIANT);
}

void course_draw_clear(struct rt_draw *d, const struct y_question *yq)
{
	if (!d)
		return;
	for (unsigned i = 0; d->question && i < yq->givens_count; i++)
		engine_value_free(d->question[i]);
	free(d->question);
	for (size_t p = 0; d->parts && p < d->n_parts; p++) {
		for (unsigned i = 0; d->parts[p] && i < yq->parts[p].givens_count; i++)
			engine_value_free(d->parts[p][i]);
		free(d->parts[p]);
	}
	free(d->parts);
	memset(d, 0, sizeof *d);
}

/* Number of values a range takes: from, from + step, ..., up to to. */
static uint64_t range_size(const struct y_vary *v)
{
	if (!(v->step > 0) || !(v->to >= v->from))
		return 0;
	double n = floor((v->to - v->from) / v->step + 1e-9) + 1;
	return n >= 1 && n < 1e15 ? (uint64_t)n : 0;
}

/* One draw of given g in scope s (which holds the givens before it).
 * NULL with err filled when it cannot be evaluated. */
static struct engine_value *draw_given(const struct y_given *g, const struct engine_scope *s,
				       struct rng *r, struct engine_error *err)
{
	const struct y_vary *v = g->vary;
	struct engine_value *out = NULL;
	if (v && v->values_count) {
		const char *text = v->values[below(r, v->values_count)];
		return engine_eval_text(text, s, &out, err) ? out : NULL;
	}
	if (!engine_eval_text(g->value, s, &out, err) || !v)
		return out;
	uint64_t n = range_size(v);
	if (!n)
		return out;  /* a bad range is the loader's to report */
	/* every entry of a vector or matrix drawn on its own */
	if (out->kind == ENGINE_MATRIX) {
		for (size_t i = 0; i < out->rows * out->cols; i++)
			out->data[i] = v->from + (double)below(r, n) * v->step;
	} else {
		out->kind = ENGINE_NUMBER;
		out->number = v->from + (double)below(r, n) * v->step;
	}
	return out;
}

/* One attempt at question qi's givens: true when every constraint holds
 * (the ones the loader parsed from the lesson, evaluated with the drawn
 * values). The values are left in d either way (the caller clears them). */
static bool try_draw(const struct course_impl *ci, size_t qi, struct rng *r,
		     struct rt_draw *d, struct strbuf *why)
{
	const struct y_question *yq = ci->yq[qi];
	const struct rt_question *rq = &ci->rq[qi];
	struct engine_error e;
	memset(&e, 0, sizeof e);
	struct engine_scope *qs = engine_scope_new();
	bool ok = qs != NULL;
	for (unsigned i = 0; ok && i < yq->givens_count; i++) {
		d->question[i] = draw_given(&yq->givens[i], qs, r, &e);
		ok = d->question[i] && engine_scope_bind(qs, yq->givens[i].name, d->question[i]);
		if (!ok)
			strbuf_printf(why, "given %s: %s", yq->givens[i].name, e.message);
	}
	for (size_t i = 0; ok && i < rq->n_constraints; i++)
		ok = course_chk_predicate(rq->constraints[i], qs);
	for (unsigned p = 0; ok && p < yq->parts_count; p++) {
		const struct y_part *yp = &yq->parts[p];
		const struct rt_part *rt = &ci->rt[ci->first_part[qi] + p];
		struct engine_scope *ps = engine_scope_new();
		ok = ps != NULL;
		for (unsigned i = 0; ok && i < yq->givens_count; i++)
			ok = engine_scope_bind(ps, yq->givens[i].name, d->question[i]);
		for (unsigned i = 0; ok && i < yp->givens_count; i++) {
			d->parts[p][i] = draw_given(&yp->givens[i], ps, r, &e);
			ok = d->parts[p][i] && engine_scope_bind(ps, yp->givens[i].name,
								  d->parts[p][i]);
			if (!ok)
				strbuf_printf(why, "%s: given %s: %s", yp->id, yp->givens[i].name,
					      e.message);
		}
		for (size_t i = 0; ok && i < rt->n_constraints; i++)
			ok = course_chk_predicate(rt->constraints[i], ps);
		engine_scope_free(ps);
	}
	engine_scope_free(qs);
	return ok;
}

static bool alloc_draw(const struct y_question *yq, struct rt_draw *d)
{
	memset(d, 0, sizeof *d);
	d->question = calloc(yq->givens_count + 1, sizeof *d->question);
	d->parts = calloc(yq->parts_count + 1, sizeof *d->parts);
	if (!d->question || !d->parts)
		return false;
	d->n_parts = yq->parts_count;
	for (unsigned p = 0; p < yq->parts_count; p++)
		if (!(d->parts[p] = calloc(yq->parts[p].givens_count + 1, sizeof **d->parts)))
			return false;
	return true;
}

static void clear_values(const struct y_question *yq, struct rt_draw *d)
{
	for (unsigned i = 0; i < yq->givens_count; i++) {
		engine_value_free(d->question[i]);
		d->question[i] = NULL;
	}
	for (unsigned p = 0; p < yq->parts_count; p++)
		for (unsigned i = 0; i < yq->parts[p].givens_count; i++) {
			engine_value_free(d->parts[p][i]);
			d->parts[p][i] = NULL;
		}
}

bool course_draw_question(const struct course_impl *ci, size_t qi, uint64_t variant,
			  struct rt_draw *d, unsigned *draws, struct strbuf *err)
{
	const struct y_question *yq = ci->yq[qi];
	if (!alloc_draw(yq, d)) {
		course_draw_clear(d, yq);
		strbuf_printf(err, "%s: out of memory\n", ci->files[qi]);
		return false;
	}
	uint64_t h = hash_fnv1a_more(HASH_FNV1A_START, ci->key ? ci->key : "");
	h = hash_fnv1a_more(h ^ (variant * 0x9E3779B97F4A7C15ull), yq->id);
	struct rng r = { h };
	struct strbuf why = STRBUF_INIT;
	for (unsigned k = 0; k < MAX_DRAWS; k++) {
		strbuf_reset(&why);
		if (try_draw(ci, qi, &r, d, &why)) {
			if (draws)
				*draws = k + 1;
			strbuf_free(&why);
			return true;
		}
		clear_values(yq, d);
	}
	strbuf_printf(err, "%s: question %s, variant %llu: no draw of its givens meets its "
		      "constraints in %d tries%s%s\n", ci->files[qi], yq->id,
		      (unsigned long long)variant, MAX_DRAWS, why.len ? "; the last: " : "",
		      strbuf_str(&why));
	strbuf_free(&why);
	course_draw_clear(d, yq);
	return false;
}

struct course *course_variant(const struct course *c, uint64_t variant, char **error)
{
	return course_variant_drawn(c, variant, error, NULL);
}

struct course *course_variant_drawn(const struct course *c, uint64_t variant, char **error,
				    unsigned *most_draws)
{
	const struct course_impl *base = (const struct course_impl *)c;
	if (error)
		*error = NULL;
	if (!c)
		return NULL;
	if (base->base)
		base = base->base;   /* a variant of a variant is one of the base */
	struct strbuf err = STRBUF_INIT;
	struct course_impl *vi = calloc(1, sizeof *vi);
	size_t nq = base->pub.n_questions;
	bool ok = vi != NULL;
	if (ok) {
		vi->base = base;
		vi->pub = base->pub;
		vi->pub.variant = variant;
		vi->pub.n_questions = 0;   /* until there are questions to free */
		vi->yq = base->yq;
		vi->ycourse = base->ycourse;
		vi->files = base->files;
		vi->dir = strdup(base->dir);
		vi->key = strdup(base->key);
		vi->pub.dir = vi->dir;
		vi->questions = calloc(nq + 1, sizeof *vi->questions);
		vi->first_part = calloc(nq + 1, sizeof *vi->first_part);
		vi->rq = calloc(nq + 1, sizeof *vi->rq);
		vi->pub.questions = vi->questions;
		ok = vi->dir && vi->key && vi->questions && vi->first_part && vi->rq;
		if (ok)
			vi->pub.n_questions = nq;
	}
	for (size_t q = 0; ok && q < nq; q++) {
		struct rt_draw d;
		bool drawn = variant != 0;
		unsigned draws = 0;
		if (drawn && !course_draw_question(base, q, variant, &d, &draws, &err)) {
			ok = false;
			break;
		}
		if (most_draws && draws > *most_draws)
			*most_draws = draws;
		struct ydoc *yd = &base->ydocs[q];
		ok = course_build_question(vi, q, yd, &err, drawn ? &d : NULL) &&
		     course_build_points(vi, q, yd, &err) && course_build_mistakes(vi, q, yd, &err);
		if (drawn)
			course_draw_clear(&d, base->yq[q]);
	}
	if (ok)
		ok = course_link_parts(vi, &err);
	/* The published solution's errors are about the published numbers: a
	 * variant shows the base's erratum as it is, and says so. */
	for (size_t i = 0; ok && variant && i < vi->n_parts; i++) {
		struct course_erratum *er = (struct course_erratum *)vi->flat[i]->erratum;
		const struct course_erratum *orig = base->flat[i]->erratum;
		if (er && orig) {
			*er = *orig;
			er->published_numbers = true;
		}
	}
	if (!ok || err.oom) {
		if (!err.len || err.oom) {
			strbuf_free(&err);
			strbuf_printf(&err, "%s: out of memory building variant %llu\n", base->dir,
				      (unsigned long long)variant);
		}
		course_free(vi ? &vi->pub : NULL);
		if (error)
			*error = strbuf_steal(&err);
		strbuf_free(&err);
		return NULL;
	}
	strbuf_free(&err);
	return &vi->pub;
}

const char *course_key(const struct course *c)
{
	return c ? ((const struct course_impl *)c)->key : NULL;
}

bool course_question_varies(const struct y_question *yq, unsigned part)
{
	for (unsigned i = 0; i < yq->givens_count; i++)
		if (yq->givens[i].vary)
			return true;
	for (unsigned k = 0; k < yq->parts_count; k++)
		for (unsigned i = 0; (part == UINT_MAX || k == part) && i < yq->parts[k].givens_count; i++)
			if (yq->parts[k].givens[i].vary)
				return true;
	return false;
}

bool course_part_varies(const struct course *c, const struct course_part *part)
{
	const struct course_impl *ci = (const struct course_impl *)c;
	for (size_t q = 0; c && part && q < c->n_questions; q++) {
		const struct course_question *cq = &c->questions[q];
		if (part >= cq->parts && part < cq->parts + cq->n_parts)
			return course_question_varies(ci->yq[q], (unsigned)(part - cq->parts));
	}
	return false;
}
