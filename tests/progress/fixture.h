/* Helpers shared by the progress test programs (see fixture.c). */
#ifndef CNNTUTOR_TEST_PROGRESS_FIXTURE_H
#define CNNTUTOR_TEST_PROGRESS_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "progress.h"

/* *state for tests run with fixture_setup/fixture_teardown: a fresh
 * directory, removed afterwards, and path = dir/progress.db. */
struct fixture {
	char dir[64];
	char path[128];
};

int fixture_setup(void **state);
int fixture_teardown(void **state);

/* Open, failing the test on NULL or on any notice. */
struct progress *open_quietly(const char *path);
/* Record one attempt (1 hint, 2 steps), failing the test on error. */
void record(struct progress *p, int64_t time, const char *course,
	    const char *part, const char *answer, const char *verdict);
void write_file(const char *path, const void *data, size_t n);
/* Path of the first "progress.db.corrupt-*" in dir, or "" if none. */
void find_corrupt(const char *dir, char *out, size_t size);

/* Run SQL on a plain connection to path, failing the test on an error;
 * query_text gives the text of a one-value query (the caller frees). */
void exec_sql(const char *path, const char *sql);
char *query_text(const char *path, const char *sql);

/* Open a store that must say something: fails the test on NULL, on no
 * notice, or when it is (or is not) in memory against `memory`. *notice
 * is the caller's to free. */
struct progress *open_with_notice(const char *path, bool memory,
				  char **notice);

/* The course's attempts as CSV, in a string the caller frees; fails the
 * test unless progress_export_csv returns ok. */
char *export_csv(struct progress *p, const char *course, bool ok);

/* The answer of the attempt at time t in the stores that check_intact
 * reads: "a<t> " and 200 zeros, as SQL's printf('a%d %0200d', t, 0). */
void intact_answer(char *out, size_t size, int64_t t);

/* For progress_each_attempt: counts the attempts (seen) and those that
 * are not as recorded (bad): an answer not intact_answer of its time, a
 * time not after the one before, a verdict other than "incorrect". */
struct intact {
	int seen, bad;
	int64_t last_time;
};
#define INTACT_INIT { 0, 0, -1 }
bool check_intact(const struct progress_attempt *a, void *data);

#endif
