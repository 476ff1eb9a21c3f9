/* Inside the course layer: naming the mistake of an incorrect answer from
 * mutations of the expected answer (mutations.c; the public side is
 * course_mistakes in course.h). */
#ifndef CNNTUTOR_COURSE_MUTATIONS_H
#define CNNTUTOR_COURSE_MUTATIONS_H

#include "model.h"
#include "ydoc.h"

/* An INCORRECT answer that no rule caught: when exactly one mutation of
 * the part's expected answer matches it, set out->mistake and put "This is
 * what you get with NAME." first in the feedback. ans is the answer as
 * read (number, sequence, shape, formula and matrix parts); bound is the
 * part's scope with a configuration's names bound (configuration parts).
 * ctx (may be NULL) may hold the table to use. */
void course_name_mistake(const struct course_part *part, const struct rt_part *rt,
			 const struct course_check_context *ctx,
			 const struct engine_expr *ans, const struct engine_scope *bound,
			 struct course_check_result *out);

/* Parse each `mistakes` entry of question qi's parts (replace, with) as
 * the part reads its answers: a bad one is a "file:line:col: message"
 * line in err. Keeps each entry's position for validate. */
bool course_build_mistakes(struct course_impl *ci, size_t qi, struct ydoc *yd,
			   struct strbuf *err);

/* The part's own `mistakes` entries whose `replace` is nowhere in the
 * expected answer: one "file:line: message" line each into report.
 * Returns how many. */
size_t course_mistakes_unused(const struct course_part *part, const struct rt_part *rt,
			      struct strbuf *report);

#endif
