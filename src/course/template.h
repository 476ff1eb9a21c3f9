/* Lesson text with {=EXPR} placeholders, computed by the engine when shown
 * (template.c). Inside the course layer only.
 *
 * Ownership: a course_template owns its segments and their expressions;
 * course_template_free releases them (and accepts a zeroed template). */
#ifndef CNNTUTOR_COURSE_TEMPLATE_H
#define CNNTUTOR_COURSE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"
#include "strbuf.h"

struct course_template_seg {
	char *text;                 /* literal text, or NULL for an expression */
	struct engine_expr *expr;
};

struct course_template {
	struct course_template_seg *segs;
	size_t n;
};

/* Split text into literal runs and parsed {=EXPR}s (names of scope, read
 * with opt). On failure, *at is the byte offset in text of the problem and
 * err says what. */
bool course_template_parse(const char *text, const struct engine_scope *scope,
			   const struct engine_parse_options *opt,
			   struct course_template *t, size_t *at,
			   struct engine_error *err);
bool course_template_has_exprs(const struct course_template *t);
/* Append the text with every expression evaluated in scope; false (err
 * filled when not NULL) when one does not evaluate. */
bool course_template_render(const struct course_template *t,
			    const struct engine_scope *scope, struct strbuf *sb,
			    struct engine_error *err);
void course_template_free(struct course_template *t);

/* Parse and render in one: *out gets text with its facts computed in
 * scope (caller frees). On failure *out is NULL, and *at is the offset of
 * a fact that does not parse (*parsed false) or the fact that does not
 * compute (*parsed true), with err saying what. */
bool course_template_text(const char *text, const struct engine_scope *scope,
			  const struct engine_parse_options *opt, char **out,
			  bool *parsed, size_t *at, struct engine_error *err);

#endif
