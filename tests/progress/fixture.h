/* Helpers shared by the progress test programs (see fixture.c). */
#ifndef CNNTUTOR_TEST_PROGRESS_FIXTURE_H
#define CNNTUTOR_TEST_PROGRESS_FIXTURE_H

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

#endif
