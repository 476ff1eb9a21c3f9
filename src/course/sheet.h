/* Answer sheets: reading one line at a time, and grading a whole sheet.
 *
 * A sheet is text, one "ID: ANSWER" per line; blank lines are skipped and
 * lines starting with '#' are comments ("# key: value" ones are headers,
 * such as "# student: NAME"). The reader streams: however long the sheet or
 * one of its lines, it holds at most COURSE_SHEET_MAX_LINE bytes, so memory
 * stays constant. It skips a UTF-8 byte-order mark, decodes UTF-16 (LE or
 * BE, told by its byte-order mark) to UTF-8 as it reads, and takes LF, CRLF
 * and a lone CR as line ends. A line it cannot take as an answer (no colon,
 * a NUL byte, too long) is an item of its own, with its line number.
 *
 * Ownership: course_sheet_open borrows the FILE (the caller closes it) and
 * returns a reader the caller frees with course_sheet_free. An item's
 * strings belong to the reader and stay valid until the next
 * course_sheet_next or course_sheet_free. */
#ifndef CNNTUTOR_COURSE_SHEET_H
#define CNNTUTOR_COURSE_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "course.h"
#include "strbuf.h"

/* The longest line the reader takes, in bytes of UTF-8, line end excluded.
 * The engine reads answers of up to ENGINE_MAX_INPUT (4096) bytes and
 * refuses longer ones itself, with a caret under where it stopped; a line
 * also holds the id, the colon and spaces. Four times the engine's limit
 * leaves every answer the engine could judge or explain to the engine, and
 * refuses only lines no answer could fill, without holding more than this. */
#define COURSE_SHEET_MAX_LINE 16384

enum course_sheet_kind {
	COURSE_SHEET_ANSWER,   /* "ID: ANSWER" */
	COURSE_SHEET_HEADER,   /* "# key: value" */
	COURSE_SHEET_COMMENT,  /* any other line starting with '#' */
	COURSE_SHEET_PROBLEM,  /* a line that is not an answer: message says why */
};

struct course_sheet_item {
	enum course_sheet_kind kind;
	size_t line;           /* 1-based, in the sheet as its author saw it */
	/* ANSWER: the id. HEADER: the key, as written (a letter, then letters,
	 * digits, '-' or '_'). PROBLEM: the id when the line has one before
	 * the problem, else "". COMMENT: "". */
	const char *id;
	/* ANSWER: the answer. HEADER: the value. COMMENT: the text after '#'.
	 * PROBLEM: the line after its id (all of it when it has none; for a
	 * line too long, its first bytes). Spaces and tabs trimmed at both
	 * ends. NUL-terminated; only a PROBLEM's text can hold NUL bytes. */
	const char *text;
	size_t text_len;
	/* PROBLEM: what is wrong and where, for the student ("line 3 holds a
	 * NUL byte at column 12 ..."), quoting the line with its control
	 * characters made visible. NULL for the other kinds. */
	const char *message;
};

struct course_sheet;

/* A reader on in, which must be open for reading. NULL when out of memory. */
struct course_sheet *course_sheet_open(FILE *in);

/* The next item of the sheet into *item. False at the end of the sheet, or
 * when it cannot be read on (course_sheet_error says why). */
bool course_sheet_next(struct course_sheet *r, struct course_sheet_item *item);

/* NULL when the sheet was read to its end; else why reading stopped
 * ("read error: Is a directory", "the sheet is UTF-32, ..."). Owned by the
 * reader. */
const char *course_sheet_error(const struct course_sheet *r);

void course_sheet_free(struct course_sheet *r);

/* ---- what the headers say ------------------------------------------------- */

/* The headers a sheet gives about itself. */
struct course_sheet_meta {
	char *student;        /* "# student: NAME" (the first one), or NULL */
	size_t student_line;
	bool has_variant;     /* "# variant: N": the variant the sheet is for */
	uint64_t variant;
	size_t variant_line;
};

/* Take a HEADER item into m when its key (any case) is one a sheet may
 * give: "student" and "variant". True when it was one; a header that
 * contradicts an earlier one leaves m as it was and appends why to
 * warning. Other headers and other items: false, nothing done. */
bool course_sheet_meta_take(struct course_sheet_meta *m, const struct course_sheet_item *it,
			    struct strbuf *warning);
void course_sheet_meta_clear(struct course_sheet_meta *m);

/* ---- grading a sheet ------------------------------------------------------ */

/* One graded line: an answer, or a line the reader refused. */
struct course_sheet_entry {
	const struct course_sheet_item *item;
	/* The part its id names (course_find_sheet_id: "Q4.C" is q4.c); NULL
	 * for an id the course does not have, or a refused line without one. */
	const struct course_part *part;
	size_t part_index;              /* its index in course order */
	const struct course_check_result *result;
	/* The line that answered the same part before this one, or 0: the
	 * last answer to a part is the one that counts. */
	size_t earlier_line;
};

typedef void course_sheet_entry_fn(const struct course_sheet_entry *e, void *data);

/* Grades sheet after sheet against one course, keeping the named
 * mistakes it has worked out (course_mistakes) from one to the next. */
struct course_sheet_grader;

struct course_sheet_grader *course_sheet_grader_new(const struct course *c);

/* Grade every sheet against c whatever its "# variant:" line says (the
 * command line chose: --variant N, or --student NAME's). Without it, a
 * sheet's "# variant: N", before its first answer, grades it against
 * variant N of the grader's course (a sheet without one: the course
 * itself, the published homework). */
void course_sheet_grader_fix(struct course_sheet_grader *g);

/* Whose every sheet is, for the order of a choice part's options a
 * letter refers to (NULL: each sheet's "# student:" line, else the
 * course's order). False when out of memory. */
bool course_sheet_grader_student(struct course_sheet_grader *g, const char *student);

/* The course the last sheet was graded against (its variant, or the
 * grader's own): parts found in entries point into it. */
const struct course *course_sheet_grader_course(const struct course_sheet_grader *g);
void course_sheet_grader_free(struct course_sheet_grader *g);

/* Read a sheet from in and grade each entry as it is read, calling fn
 * with it (in sheet order) before reading on, so memory stays constant
 * whatever the sheet's length. Headers go to the grader's meta; a header
 * that contradicts another, and nothing else, adds a sentence to
 * *warnings (may be NULL; the caller frees). False when the sheet could not
 * be read to its end: *error (if not NULL) says why; the caller frees. */
bool course_sheet_grade(struct course_sheet_grader *g, FILE *in, course_sheet_entry_fn *fn,
			void *data, char **warnings, char **error);

/* After course_sheet_grade: what the sheet's headers said, and the line
 * of the last answer to the part of index i (0: the sheet does not answer
 * it; a blank answer is an answer here, with its own verdict). */
const struct course_sheet_meta *course_sheet_grader_meta(const struct course_sheet_grader *g);
size_t course_sheet_grader_line(const struct course_sheet_grader *g, size_t i);
/* ... and the verdict of that last answer (COURSE_UNKNOWN when none). */
enum course_verdict course_sheet_grader_verdict(const struct course_sheet_grader *g, size_t i);

enum course_sheet_format {
	COURSE_SHEET_TEXT,   /* "ID: verdict", then the feedback indented */
	COURSE_SHEET_JSON,   /* one array of {id, line, answer, verdict, ...} */
};

struct course_sheet_options {
	enum course_sheet_format format;
	/* Grade only the ids the sheet answers: no entry for the answer-sheet
	 * ids it leaves out. */
	bool partial;
	/* The variant was chosen on the command line: the sheet's own
	 * "# variant:" line does not change it (course_sheet_grader_fix). */
	bool fixed_variant;
	/* --student NAME: whose the sheet is, whatever its "# student:" line
	 * says (the order of a choice part's options); NULL: the sheet's. */
	const char *student;
	/* When not NULL: what the headers say to warn about (a variant line
	 * after the answers, a variant that is not the named student's, ...),
	 * one sentence a line; the caller frees. */
	char **warnings;
};

struct course_sheet_summary {
	size_t answers;      /* entries printed for lines: answers and refused lines */
	size_t correct;      /* of those, correct */
	size_t parts;        /* parts answered, each once */
	size_t parts_correct;  /* of those, whose last answer is correct */
	size_t stray;        /* lines that answer no part: unknown ids, refused lines */
	size_t missing;      /* answer-sheet ids the sheet does not answer */
};

/* Grade every answer of the sheet read from in against c, printing each
 * verdict to out as soon as it is known (memory stays constant, whatever
 * the sheet's length); then, unless opt->partial, one "missing" entry for
 * each answer-sheet id the sheet does not answer, in course order. A
 * refused line is an invalid entry; a repeated id warns, naming both
 * lines. Everything printed that comes from the sheet is made safe first:
 * in text, control characters are shown visibly (strbuf_append_visible);
 * in JSON, invalid UTF-8 becomes U+FFFD and every control character, DEL
 * and C1 included, a \u escape. Either output is valid UTF-8 and safe on
 * a terminal, and the JSON is one document even when reading stops early.
 *
 * Returns false when the sheet could not be read to its end: *error (if
 * not NULL) gets the reason, which the caller frees. Fills *sum either way. */
bool course_sheet_check(const struct course *c, FILE *in, FILE *out,
			const struct course_sheet_options *opt,
			struct course_sheet_summary *sum, char **error);

/* Whether a summary is a pass: answers were given, every part answered
 * has its last answer correct, no line answers nothing, and (unless
 * partial) no answer-sheet id is missing. */
bool course_sheet_passed(const struct course_sheet_summary *sum, bool partial);

#endif
