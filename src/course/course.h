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
#include <stdint.h>

#include "engine.h"
#include "lab.h"

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
	bool published_numbers;  /* in a variant: it speaks of the published
				  * homework's numbers, not this variant's */
};

/* A lab the lesson attaches to a question or to one part (content/README.md,
 * "Labs"): a lab kind and its starting parameters, each checked against the
 * kind's own rules when the course loads. */
struct course_lab {
	const struct lab_kind *kind;
	const char *const *params;    /* "NAME=VALUE", applied in order */
	size_t n_params;
	/* A part's lab: the parameter that takes the student's last answer to
	 * the part (course_lab_answer), or NULL. */
	const char *answer;
	const char *file;             /* where it is declared */
	int line;                     /* the line its mapping starts on */
	char **computed;              /* params with {=EXPR} facts, computed; owned */
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
	const struct course_lab *lab; /* its own lab, or NULL (see course_part_lab) */
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
	const struct course_lab *lab; /* the lab of its parts, or NULL */
	/* What the question is worth on an answer sheet (`points:`; default
	 * one point per answer-sheet id). */
	double points;
};

struct course {
	const char *title;
	const char *dir;
	const struct course_question *questions;
	size_t n_questions;
	uint64_t variant;        /* 0: the homework as published */
};

/* Load every *.yaml in dir, sorted by name. On failure returns NULL and
 * writes "file:line:col: message" lines to *error (caller frees). */
struct course *course_load(const char *dir, char **error);
void course_free(struct course *c);

/* Variants (variant.c): the same course with other numbers, drawn from a
 * seed by the givens' `vary` and the `constraints`; variant 0 is the
 * homework as published. course_variant builds one from a loaded course
 * (or from any variant of it: then from the course it was drawn from);
 * the result borrows from that loaded course, which must outlive it, and
 * is freed with course_free. NULL with "file:line:col: message" lines in
 * *error when a question's constraints cannot be met, or when something
 * of the lesson does not compute with the variant's numbers (validate
 * proves that it does for variants 1..500). */
#define COURSE_MAX_VARIANT 2147483646u
struct course *course_variant(const struct course *c, uint64_t variant, char **error);

/* A student's own variant: 1 .. COURSE_MAX_VARIANT, from a stable hash of
 * the course's key and the name, the same on every machine. */
uint64_t course_student_variant(const struct course *c, const char *student);

/* Whether the part's numbers can differ between variants (a given it sees
 * varies); its answers may still be the same formula in every variant. */
bool course_part_varies(const struct course *c, const struct course_part *part);

/* The course's name: course.yaml's `id`, else its folder's real name. The
 * tutor files progress under it and every student's variant and option
 * order are drawn from it, so they are the same wherever the course is
 * installed. */
const char *course_key(const struct course *c);

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

/* The lab a part opens: its own, else its question's; NULL when neither
 * declares one. */
const struct course_lab *course_part_lab(const struct course *c,
					 const struct course_part *part);

/* New parameters of lab's kind with the declared ones applied. NULL when
 * out of memory (the declaration itself was checked at load). Caller frees
 * with lab_params_free. */
struct lab_params *course_lab_params(const struct course_lab *lab);

/* What goes into a lab's answer parameter for this answer to part: for a
 * configuration part, the part's fixed names and the answer's, in the
 * order of its names ("K=8, S=2, P=3, D=0", aliases and values without
 * names read as the checker reads them); NULL when the answer is not a
 * configuration of the part. For other parts, the answer itself. Caller
 * frees. */
char *course_lab_answer(const struct course *c, const struct course_part *part,
			const char *answer);

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
/* The order a named student sees (the seed: the course key and the name),
 * as the tutor, show and the sheet grader all use it. False when out of
 * memory (order untouched). */
bool course_student_choice_order(const struct course *c, const struct course_part *part,
				 const char *student, size_t *order);
void course_result_clear(struct course_check_result *r);

/* The words both front ends show for the published solution: above an
 * erratum in a variant, that it speaks of the published numbers (NULL in
 * the published homework); beside an answer flagged source_error, whether
 * it is the published answer or, in a variant, its mistake made with the
 * variant's numbers. Static strings. */
const char *course_erratum_note(const struct course_erratum *e);
const char *course_source_error_words(const struct course_part *part);

/* Prove the course consistent (see `cnntutor validate`): every expected
 * answer passes its own check, every feedback example gets its rule's
 * message, every step evaluates, ids are unique. Writes "file:line: message"
 * lines to *report (caller frees); returns the number of problems. */
size_t course_validate(const struct course *c, char **report);

/* course_validate, and then the variants: for a course whose givens vary,
 * variants 1..variants (seeded, so every run proves the same ones) are
 * drawn and every part of a question that varies is proved in each: its
 * expected answer passes its own check, a configuration part has a right
 * answer, a size that is a whole number in the published homework is one
 * in the variant (expected answers and worked steps), every step and fact
 * computes. A failure names the variant and its givens, once per part and
 * kind of failure, with how many variants failed so. A feedback rule whose
 * value is the right answer in a variant cannot be told from it there; it
 * is never reached (a right answer is judged first), and st counts how
 * often, per rule. Warnings (a rule whose example only repeats its value)
 * are report lines "file:line: warning: ..." and do not count. */
struct course_rule_drops {
	const char *part;     /* the part's id */
	size_t rule;          /* 1-based */
	size_t dropped;       /* in how many variants it coincides with the right answer */
};
struct course_validate_stats {
	size_t variants;              /* proved per varying question */
	size_t varying_questions;
	double seconds;               /* the variants' proof, wall clock */
	struct course_rule_drops *drops;   /* malloc'd; free it */
	size_t n_drops;
	size_t warnings;
	unsigned most_draws;          /* the most draws one question took to meet
				       * its constraints (the limit is 2 000) */
};
size_t course_validate_variants(const struct course *c, size_t variants, char **report,
				struct course_validate_stats *st);

#endif
