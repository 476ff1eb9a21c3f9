/* The course: lessons loaded from YAML, and the checking of answers.
 *
 * A course is a directory of lesson files (content/README.md documents the
 * format). Loading builds the whole model up front and parses every engine
 * expression in it, so a broken file is reported at load time as
 * "file:line:col: message", never while a student is working.
 *
 * Ownership: course_load returns a course the caller frees with
 * course_free; every pointer reached through it (questions, parts, strings,
 * scopes) is owned by the course and lives as long as it. A
 * course_check_result owns its strings; free it with course_result_clear. */
#ifndef CNNTUTOR_COURSE_H
#define CNNTUTOR_COURSE_H

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"

enum course_answer_kind {
	COURSE_NUMBER,
	COURSE_SEQUENCE,
	COURSE_SHAPE,
	COURSE_CONFIGURATION,
	COURSE_FORMULA,      /* scalar variables */
	COURSE_MATRIX_EXPR,  /* shaped variables */
	COURSE_CHOICE,
};

struct course_given {
	const char *name;
	const char *text;        /* how the lesson shows it, e.g. "(1, 2, 3, 4)" */
};

struct course_step {
	const char *text;        /* the sentence */
	const char *expr;        /* engine expression; NULL for a prose-only step */
	char *value;             /* the engine's result, printed; NULL if no expr */
};

struct course_erratum {
	const char *quote;       /* what the published solution says */
	const char *problem;     /* what is wrong with it */
	const char *correction;  /* the right claim */
};

struct course_part {
	const char *id;          /* "q2.a" */
	const char *title;
	const char *statement;
	enum course_answer_kind kind;
	const struct course_given *givens;
	size_t n_givens;
	const char *const *choices;   /* COURSE_CHOICE: the options, else NULL */
	size_t n_choices;
	const char *const *hints;     /* from a nudge to nearly the answer */
	size_t n_hints;
	const struct course_step *steps;
	size_t n_steps;
	const struct course_erratum *erratum;  /* NULL: the source got it right */
	/* Names the answer may use, with shapes, and the givens bound: what the
	 * scratch calculator and tab completion start from. */
	const struct engine_scope *scope;
	const char *file;             /* lesson file it came from */
	int line;                     /* line of its "id:" in that file */
	/* An answer-sheet id (`cnntutor check`, `grade`), or a step of the
	 * lesson (`step: true`), asked only in the tutor: never missing from
	 * a sheet and worth no points. */
	bool on_sheet;
	/* Its share of the question's points, relative to the question's
	 * other answer-sheet ids (`weight:`, default 1; 0 for a step). */
	double weight;
};

struct course_question {
	const char *id;          /* "q2" */
	const char *title;
	const char *intro;
	const struct course_part *parts;
	size_t n_parts;
	/* What the question is worth on an answer sheet (`points:`; default
	 * one point per answer-sheet id). */
	double points;
};

struct course {
	const char *title;
	const char *dir;
	const struct course_question *questions;
	size_t n_questions;
};

/* Load every *.yaml in dir, sorted by name. On failure returns NULL and
 * writes "file:line:col: message" lines to *error (caller frees). */
struct course *course_load(const char *dir, char **error);
void course_free(struct course *c);

/* The part with this id, or NULL. */
const struct course_part *course_find_part(const struct course *c,
					   const char *id);

/* The part an answer sheet's id names: the id as the course spells it,
 * else the first part whose id differs from it only in the case of ASCII
 * letters ("Q4.C" is q4.c). NULL when none. */
const struct course_part *course_find_sheet_id(const struct course *c,
					       const char *id);

/* The question a part belongs to, or NULL when it is not one of c's. */
const struct course_question *course_part_question(const struct course *c,
						   const struct course_part *part);

/* What a correct answer to this part earns on an answer sheet: its
 * question's points times its weight over the weights of the question's
 * answer-sheet ids; 0 for a step of a lesson. */
double course_part_points(const struct course *c, const struct course_part *part);

/* Parts in course order: index 0 .. course_part_count-1. */
size_t course_part_count(const struct course *c);
const struct course_part *course_part_at(const struct course *c, size_t i);

enum course_verdict {
	COURSE_CORRECT,
	COURSE_INCORRECT,
	COURSE_INVALID,   /* malformed: parse or evaluation error */
	COURSE_UNKNOWN,   /* no such part id, or it could not be judged */
	COURSE_BLANK,     /* no answer given: nothing but spaces */
};

const char *course_verdict_name(enum course_verdict v);  /* "correct", ... */

struct course_check_result {
	enum course_verdict verdict;
	char *feedback;       /* what went wrong or why it is right; never NULL */
	char *note;           /* caveat on a correct answer, else NULL */
	char *interpreted;    /* the engine's printed reading, else NULL */
	bool source_error;    /* the answer is the published solution's wrong one */
	/* For INVALID: the engine error, to draw a caret under the input. */
	struct engine_error error;
	/* Facts ({=EXPR}) of the lesson's text that could not be computed for
	 * this answer: a lesson bug, reported by course_validate. */
	unsigned facts_missing;
	/* Which known mistake the answer is: the feedback rule that matched
	 * (1-based; 0: none), or the name of the one mutation of the expected
	 * answer it matches ("P3 in place of 2·P3"; see course_mistakes), else
	 * NULL. Only for INCORRECT. */
	unsigned rule;
	char *mistake;
};

/* What a check needs to know about who answers: choice parts show their
 * options in an order of the student's own (course_choice_order), and a
 * letter or number refers to that order. A zeroed context (or NULL): the
 * course's order. */
struct course_mistakes;
struct course_check_context {
	const size_t *choice_order;  /* shown option i is course option order[i] (0-based) */
	/* The mutations of each part's expected answer, built once and kept
	 * for the next answers (NULL: built for the one answer that needs
	 * them, then dropped). */
	struct course_mistakes *mistakes;
};

/* Named mistakes: an incorrect answer that no feedback rule catches is
 * tried against generic mutations of the part's expected answer (a given
 * for another of its kind, a + 1 dropped or added, 2·P for P, floor for
 * ceil, a factor missing or extra, a transpose, an inner product for an
 * outer one) and the part's own `mistakes`, evaluated at the part's
 * points; when exactly one matches, the feedback names it. A table is
 * filled part by part as answers need it; it belongs to one course and
 * one thread. */
struct course_mistakes *course_mistakes_new(const struct course *c);
void course_mistakes_free(struct course_mistakes *m);

/* The mutations of one part, as "NAME\tEXPRESSION" lines (the text the
 * expression prints as), in the order they are tried; for validate, the
 * tests and curious teachers. NULL when out of memory; caller frees. */
char *course_mistakes_list(struct course_mistakes *m, const struct course_part *part);

/* Judge one answer to one part. Never fails: an internal problem is
 * reported as COURSE_UNKNOWN with a message. */
void course_check(const struct course *c, const struct course_part *part,
		  const char *answer, struct course_check_result *out);
void course_check_ctx(const struct course *c, const struct course_part *part,
		      const char *answer, const struct course_check_context *ctx,
		      struct course_check_result *out);

/* The order a student sees a choice part's options in: a permutation of
 * 0..n_choices-1 into order (which holds n_choices entries), the same on
 * every machine and in every session for the same seed text (the course
 * key and the student's name), different between students. */
void course_choice_order(const struct course_part *part, const char *seed_text,
			 size_t *order);
void course_result_clear(struct course_check_result *r);

/* Prove the course consistent (see `cnntutor validate`): every expected
 * answer passes its own check, every feedback example gets its rule's
 * message, every step evaluates, ids are unique. Writes "file:line: message"
 * lines to *report (caller frees); returns the number of problems. */
size_t course_validate(const struct course *c, char **report);

#endif
