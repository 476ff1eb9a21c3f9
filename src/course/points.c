/* What an answer sheet is worth: the question's `points`, shared among its
 * answer-sheet ids by their `weight`, and the parts that are only steps of
 * a lesson (`step: true`). Read when a question is built; the numbers a
 * grade uses come from here, so the rule "equal shares unless the course
 * says otherwise" lives in one place. */
#include <math.h>
#include <string.h>

#include "points.h"

static void fail(struct strbuf *err, const char *file, const yaml_node_t *n,
		 const char *msg, const char *id)
{
	struct rt_pos p = course_ydoc_pos(n);
	strbuf_printf(err, "%s:%d:%d: %s%s%s\n", file, p.line, p.col, id ? id : "",
		      id ? ": " : "", msg);
}

bool course_build_points(struct course_impl *ci, size_t qi, struct ydoc *yd,
			 struct strbuf *err)
{
	const struct y_question *yq = ci->yq[qi];
	struct course_question *q = &ci->questions[qi];
	const char *file = ci->files[qi];
	yaml_node_t *pl = course_ydoc_get(yd, course_ydoc_root(yd), "parts");
	bool ok = true;
	size_t sheet_ids = 0;
	for (unsigned i = 0; i < yq->parts_count; i++) {
		const struct y_part *y = &yq->parts[i];
		struct course_part *p = (struct course_part *)&q->parts[i];
		yaml_node_t *pn = course_ydoc_item(yd, pl, i);
		p->on_sheet = !y->step;
		p->weight = y->step ? 0 : 1;
		sheet_ids += p->on_sheet;
		if (!y->weight)
			continue;
		yaml_node_t *wn = course_ydoc_get(yd, pn, "weight");
		if (y->step) {
			fail(err, file, wn, "a step of the lesson has no weight: it is not on the "
			     "answer sheet (drop 'weight' or 'step')", y->id);
			ok = false;
		} else if (!isfinite(*y->weight) || *y->weight <= 0) {
			fail(err, file, wn, "'weight' must be a number above 0 (a share of the "
			     "question's points)", y->id);
			ok = false;
		} else {
			p->weight = *y->weight;
		}
	}
	q->points = (double)sheet_ids;
	if (yq->points) {
		yaml_node_t *n = course_ydoc_get(yd, course_ydoc_root(yd), "points");
		if (!isfinite(*yq->points) || *yq->points < 0) {
			fail(err, file, n, "'points' must be a number, 0 or more", NULL);
			ok = false;
		} else if (*yq->points > 0 && sheet_ids == 0) {
			fail(err, file, n, "the question has points but no answer-sheet id: "
			     "every part is a 'step'", NULL);
			ok = false;
		} else {
			q->points = *yq->points;
		}
	}
	return ok;
}

const struct course_question *course_part_question(const struct course *c,
						   const struct course_part *part)
{
	for (size_t q = 0; c && part && q < c->n_questions; q++) {
		const struct course_question *cq = &c->questions[q];
		if (part >= cq->parts && part < cq->parts + cq->n_parts)
			return cq;
	}
	return NULL;
}

double course_part_points(const struct course *c, const struct course_part *part)
{
	const struct course_question *q = course_part_question(c, part);
	if (!q || !part->on_sheet)
		return 0;
	double total = 0;
	for (size_t i = 0; i < q->n_parts; i++)
		total += q->parts[i].on_sheet ? q->parts[i].weight : 0;
	return total > 0 ? q->points * part->weight / total : 0;
}

/* Ids are ASCII in practice; folding only ASCII letters keeps the match
 * the same in every locale. */
static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_id(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_lower(*a) != ascii_lower(*b))
			return false;
	return *a == *b;
}

const struct course_part *course_find_sheet_id(const struct course *c, const char *id)
{
	const struct course_part *exact = course_find_part(c, id);
	if (exact || !id)
		return exact;
	for (size_t i = 0; i < course_part_count(c); i++)
		if (same_id(course_part_at(c, i)->id, id))
			return course_part_at(c, i);
	return NULL;
}
