/* Many students' progress, merged: exports read back (the CSV that
 * progress_export_csv writes) and what they add up to per part and per
 * student, for `cnntutor report`.
 *
 * Ownership: a class owns every string and record it returns. Names stay
 * valid until progress_class_free (which accepts NULL); a
 * progress_class_work until the next progress_class_add. */
#ifndef CNNTUTOR_PROGRESS_CLASS_H
#define CNNTUTOR_PROGRESS_CLASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "progress.h"

/* The longest CSV record read back: an export's answers are at most
 * ENGINE_MAX_INPUT (4096) bytes, its interpretations about as long. */
#define PROGRESS_CSV_MAX_RECORD 65536

/* Read an export from in: its header names the columns (any order; part
 * and verdict are needed, the others default to 0 or ""), then fn is
 * called for each record in order, the strings valid until it returns.
 * RFC 4180 (quoted fields, doubled quotes, CRLF or LF). False with *error
 * ("line 7: ...", the caller frees) on a malformed file or a read error;
 * the records before the problem have been given to fn. */
bool progress_csv_each(FILE *in, bool (*fn)(const struct progress_attempt *a, void *data),
		       void *data, char **error);

/* One student's work on one part. */
struct progress_class_work {
	const char *student;
	const char *part;
	int attempts;            /* attempts that count (not malformed or blank) */
	int to_correct;          /* attempts up to the first correct one; 0: none */
	int hints, steps;        /* the most shown at any attempt */
};

struct progress_class;

struct progress_class *progress_class_new(void);
void progress_class_free(struct progress_class *k);

/* Add one attempt; student_if_none names a row without a student. False
 * when out of memory. */
bool progress_class_add(struct progress_class *k, const struct progress_attempt *a,
			const char *student_if_none);

/* The students, in the order first met; the parts, likewise. */
size_t progress_class_students(const struct progress_class *k);
const char *progress_class_student(const struct progress_class *k, size_t i);
size_t progress_class_parts(const struct progress_class *k);
const char *progress_class_part(const struct progress_class *k, size_t i);

/* The work of student s on part p, or NULL when s never tried p. */
const struct progress_class_work *progress_class_work(const struct progress_class *k,
						      size_t s, size_t p);

#endif
