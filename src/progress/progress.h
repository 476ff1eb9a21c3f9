/* The progress store: every attempt a student makes, in SQLite.
 *
 * One row per attempt (time, course, part id, answer text, verdict, hints
 * and steps shown, student, variant, how the answer was read); the state
 * of a part is derived from its rows. Each attempt is
 * committed in its own transaction before progress_record returns, so a
 * verdict the tutor has shown is on disk even if the process is killed the
 * next instant.
 *
 * Opening never fails for a bad file: a corrupt or foreign database is
 * renamed aside (path + ".corrupt-<timestamp>"), its readable attempts
 * copied into a fresh one; a path that cannot be written gives an
 * in-memory store. Either way *notice explains what happened, in one
 * sentence for the student. Stores in several processes share a file
 * safely: they coordinate through path + ".lock" (see progress_open.c).
 *
 * Ownership: the store owns its connection; progress_close accepts NULL.
 * Strings returned through *notice are the caller's to free. */
#ifndef CNNTUTOR_PROGRESS_H
#define CNNTUTOR_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct progress;

enum progress_state {
	PROGRESS_NOT_STARTED,
	PROGRESS_ATTEMPTED,
	PROGRESS_CORRECT,
};

/* $XDG_STATE_HOME/cnntutor/progress.db, else ~/.local/state/cnntutor/...
 * Caller frees; NULL when neither variable is set. */
char *progress_default_path(void);

/* Open (creating directories and schema as needed). path NULL means the
 * default path. Returns NULL only when even an in-memory store cannot be
 * made. *notice (may be NULL) gets a message to show, or NULL. */
struct progress *progress_open(const char *path, char **notice);
void progress_close(struct progress *p);

/* True when the store is in memory because the file could not be used. */
bool progress_is_memory(const struct progress *p);

struct progress_attempt {
	int64_t time;          /* Unix seconds */
	const char *course;
	const char *part_id;
	const char *answer;
	/* "correct", "incorrect", "unknown", or "invalid" (malformed) and
	 * "blank", which are kept but do not count (see
	 * progress_verdict_counts). */
	const char *verdict;
	int hints_shown;
	int steps_shown;
	const char *student;      /* who answered; NULL means "" */
	int variant;              /* which variant of the part was asked */
	/* How the answer was read (the engine's canonical print, "option 2
	 * of 4, shown as b"); NULL means "". */
	const char *interpreted;
};

/* Append one attempt, committed before returning. False on a write error,
 * with *error (may be NULL) set to a message the caller frees. */
bool progress_record(struct progress *p, const struct progress_attempt *a,
		     char **error);

/* Whether a row with this verdict is an attempt. A malformed ("invalid")
 * or "blank" answer is kept, so the CSV shows it, but it is not an
 * attempt: it counts nowhere and leaves the part's state alone. */
bool progress_verdict_counts(const char *verdict);

/* Derived state of one part: correct if any attempt was correct, attempted
 * if any row that counts exists, else not started. */
enum progress_state progress_part_state(struct progress *p, const char *course,
					const char *part_id);

/* Number of attempts at a part: the rows whose verdict counts. */
int progress_attempt_count(struct progress *p, const char *course,
			   const char *part_id);

/* Calls fn for each attempt of the course (all courses when course is
 * NULL) in time order; stops early when fn returns false. The strings in
 * *a live only until fn returns. False on a database error. When the
 * query meets a damaged page, fn is given the attempts that can still be
 * read, in the order they were saved, and the result is false all the
 * same (progress_damage says what happened). */
bool progress_each_attempt(struct progress *p, const char *course,
			   bool (*fn)(const struct progress_attempt *a,
				      void *data),
			   void *data);

/* All attempts as CSV (RFC 4180, header line first) to out. False on a
 * database or output error; on damage, the attempts that could be read
 * have been written (see progress_each_attempt). */
bool progress_export_csv(struct progress *p, const char *course, FILE *out);

/* NULL, or, once a query has met a damaged page since open, a sentence for
 * the student saying so and how many attempts could still be read. Open
 * checks the whole file, so this is damage done while the store was open.
 * Owned by the store; valid until progress_close. */
const char *progress_damage(const struct progress *p);

/* Answer-line history, kept per course, oldest first. Only the newest
 * PROGRESS_HISTORY_MAX lines of a course are kept. */
#define PROGRESS_HISTORY_MAX 1000

bool progress_history_add(struct progress *p, const char *course,
			  const char *line);
bool progress_history_each(struct progress *p, const char *course,
			   bool (*fn)(const char *line, void *data),
			   void *data);

/* The course name the store files attempts under: the last component of
 * the course directory ("content/ift6135-a2" gives "ift6135-a2"), so the
 * same course keeps its progress wherever it is installed or checked out.
 * Returns a pointer into course_dir. A trailing '/' ("ift6135-a2/") is left
 * in the returned string, and every function here that takes a course name
 * ignores trailing slashes, so both spellings name the same course. */
const char *progress_course_key(const char *course_dir);

#endif
