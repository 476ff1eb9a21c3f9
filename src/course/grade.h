/* Grading a class: every sheet's points (the gradebook) and what the class
 * got wrong (the class report), for `cnntutor grade`.
 *
 * A sheet is graded as `cnntutor check` grades it (sheet.h), and for each
 * part the last answer counts. A correct answer earns the part's points
 * (course_part_points), a note or not; anything else earns nothing. The
 * report counts, per part, the sheets that answered it and those that got
 * it right, and groups the wrong answers: by the feedback rule that caught
 * them, else by the mistake they were named with, else by value
 * (equivalent answers are one group: the engine's equivalence with the
 * part's variables and mode), each group with one written form, its count
 * and its feedback.
 *
 * Memory: a sheet costs the counted answer of each part while it is read
 * (bounded by the sheet reader's line cap), then one gradebook row; the
 * report keeps at most COURSE_CLASS_MAX_GROUPS groups a part (later wrong
 * answers of other values are counted, not kept).
 *
 * Ownership: the class owns every row and group; pointers it returns stay
 * valid until the next course_class_add_sheet or course_class_free (which
 * accepts NULL). It borrows the course, which must outlive it. */
#ifndef CNNTUTOR_COURSE_GRADE_H
#define CNNTUTOR_COURSE_GRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "course.h"

#define COURSE_CLASS_MAX_GROUPS 64

/* One student's line of the gradebook. */
struct course_grade_row {
	const char *student;     /* "# student: NAME", else the file's name */
	const char *file;        /* the sheet as it was given */
	const double *points;    /* per question, in course order */
	double total;
	size_t missing;          /* answer-sheet ids left out or left blank */
	uint64_t variant;        /* the variant it was graded against (0: published) */
	bool read_all;           /* false: reading stopped early (see error) */
	const char *error;       /* why it stopped, or NULL */
};

/* Wrong answers the class gave to one part, taken as one. */
struct course_class_group {
	const char *answer;      /* the first one, as written */
	const char *feedback;    /* what it got */
	const char *mistake;     /* the named mistake, or NULL */
	unsigned rule;           /* the feedback rule (1-based), or 0 */
	bool source_error;       /* the published solution's answer */
	size_t count;
};

struct course_class_part {
	const struct course_part *part;
	size_t answered;         /* sheets with an answer that is not blank */
	size_t correct;
	size_t incorrect;
	size_t invalid;          /* malformed, or refused by the sheet reader */
	size_t source_errors;    /* incorrect with the published solution's error */
	const struct course_class_group *groups;  /* most frequent first */
	size_t n_groups;
	size_t other_wrong;      /* wrong answers past the groups kept */
};

struct course_class;

struct course_class *course_class_new(const struct course *c);
/* Grade every sheet against c, whatever its "# variant:" line says (the
 * command line chose the variant). Without it, each sheet's "# variant:"
 * line chooses (see course_sheet_grader_fix). */
void course_class_fix_variant(struct course_class *k);
void course_class_free(struct course_class *k);

/* Grade one sheet read from in, given as file (for the row and messages);
 * its student is its "# student:" header, else name. Adds its row and its
 * counted answers. False when the sheet could not be read to its end (its
 * row says why, and holds what was read); a header that contradicts
 * another appends a sentence to *warnings (may be NULL; caller frees). */
bool course_class_add_sheet(struct course_class *k, FILE *in, const char *file,
			    const char *name, char **warnings);

size_t course_class_rows(const struct course_class *k);
const struct course_grade_row *course_class_row(const struct course_class *k, size_t i);

/* The report of part i (course order), its groups sorted. */
const struct course_class_part *course_class_part(struct course_class *k, size_t i);

#endif
