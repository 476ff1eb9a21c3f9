/* Inside the course layer: reading a question's points and its parts'
 * weights and steps (points.c), used by load.c once a question is built. */
#ifndef CNNTUTOR_COURSE_POINTS_H
#define CNNTUTOR_COURSE_POINTS_H

#include <stdbool.h>

#include "model.h"
#include "ydoc.h"

/* Fill questions[qi].points and each part's on_sheet and weight from the
 * YAML; a bad value is a "file:line:col: message" line in err. */
bool course_build_points(struct course_impl *ci, size_t qi, struct ydoc *yd,
			 struct strbuf *err);

#endif
