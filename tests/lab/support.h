/* Helpers of the lab tests: run a lab with NAME=VALUE settings and read
 * its tables back. Failures are cmocka failures at the caller's line. */
#ifndef CNNTUTOR_TESTS_LAB_SUPPORT_H
#define CNNTUTOR_TESTS_LAB_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "lab.h"

/* Run kind (a name or a question id) with the settings in the NULL-ended
 * list of "NAME=VALUE" strings; the run must succeed. Caller frees. */
struct lab_result *run_ok(const char *kind, uint64_t seed, ...);
/* The same for a run that must fail: its error (parameter or run). */
struct lab_error run_fails(const char *kind, uint64_t seed, ...);

/* A numeric column of a table of r; *n gets the row count. */
const double *num_col(const struct lab_result *r, const char *table,
		      const char *column, size_t *n);
char *const *text_col(const struct lab_result *r, const char *table,
		      const char *column, size_t *n);
/* True when some text line of r contains needle. */
int mentions(const struct lab_result *r, const char *needle);
/* Uniform in [0, 1), reproducible. */
double test_uniform(uint64_t *state);

#endif
