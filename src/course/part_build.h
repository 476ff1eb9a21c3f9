/* Building the model of one question file from its libcyaml structs and
 * its libyaml tree (for positions): scopes, parsed expressions, evaluated
 * expected values and worked steps. Used by load.c (the course as
 * published) and variant.c (a variant, from the same trees). */
#ifndef CNNTUTOR_COURSE_PART_BUILD_H
#define CNNTUTOR_COURSE_PART_BUILD_H

#include <stdbool.h>

#include "model.h"
#include "ydoc.h"

/* Build ci->questions[qi] from ci->yq[qi]; messages go to err. With a
 * draw, the givens take its values (a variant); with NULL, the lesson's. */
bool course_build_question(struct course_impl *ci, size_t qi, struct ydoc *yd,
			   struct strbuf *err, const struct rt_draw *draw);

/* A lab declaration (lab_decl.c): *out gets a new course_lab, or NULL when
 * y is NULL. A parameter may hold {=EXPR} facts of the givens in facts, so
 * a variant's lab opens on the variant's numbers. False, with
 * "file:line:col:" messages in err, when the kind, a parameter or the
 * answer parameter is not one the lab layer knows, or a fact does not
 * compute. on_part: the lab is a part's (only those take an answer). */
bool course_build_lab(struct ydoc *yd, const char *file, const struct y_lab *y,
		      const yaml_node_t *node, bool on_part,
		      const struct engine_scope *facts,
		      const struct course_lab **out, struct strbuf *err);
/* Free a lab course_build_lab made (and the parameters it computed). */
void course_lab_free(const struct course_lab *lab);

/* After every question is built: the flat part index. */
bool course_link_parts(struct course_impl *ci, struct strbuf *err);

#endif
