/* Inside the checker: helpers shared by check.c (numbers, sequences,
 * shapes, formulas), check_config.c (choices, configurations) and
 * check_result.c (filling a course_check_result). */
#ifndef CNNTUTOR_COURSE_CHECK_H
#define CNNTUTOR_COURSE_CHECK_H

#include "model.h"

/* |a - b| within tol relative to the larger, and absolute below 1. */
bool course_chk_near(double a, double b, double tol);

/* Equal as a part of kind k compares answers (number, sequence, shape:
 * a shape counts as its number of elements in a number part). */
bool course_chk_same_value(enum course_answer_kind k, const struct engine_value *a,
			   const struct engine_value *b, double tol);

/* Replace *dst with a copy of s. */
void course_chk_set_text(char **dst, const char *s);

/* INVALID with the engine's error and its caret display as feedback. */
void course_chk_invalid(struct course_check_result *out, const char *answer,
			const struct engine_error *e);
void course_chk_invalid_msg(struct course_check_result *out, const char *answer,
			    enum engine_error_kind kind, size_t start, size_t end,
			    const char *msg);

/* INCORRECT with the rule's message, its facts computed in scope (NULL:
 * the part's own), and the erratum for a source error. */
void course_chk_rule_feedback(const struct course_part *part,
			      const struct rt_rule *r, const struct engine_scope *scope,
			      struct course_check_result *out);

/* Whether the rule is consulted in this course: a rule marked `published`
 * holds a number of the published solution's, meaningless in a variant. */
bool course_chk_rule_applies(const struct rt_part *rt, const struct rt_rule *r);

/* A number, or a vector or matrix of them, each a whole number up to
 * rounding; a shape always is. */
bool course_chk_whole(const struct engine_value *v);

/* A `when` predicate: true only when it evaluates to true (or nonzero). */
bool course_chk_predicate(const struct engine_expr *when,
			  const struct engine_scope *s);

/* The notes whose `when` holds in ps (ps NULL: only notes without one). */
void course_chk_add_notes(const struct rt_part *rt, const struct engine_scope *ps,
			  struct course_check_result *out);

void course_check_choice(const struct course_part *part, const struct rt_part *rt,
			 const char *answer, const struct course_check_context *ctx,
			 struct course_check_result *out, long *rule_index);
void course_check_config(const struct course_part *part, const struct rt_part *rt,
			 const char *answer, const struct course_check_context *ctx,
			 struct course_check_result *out, long *rule_index);

#endif
