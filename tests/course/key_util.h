/* Helpers of the answer-key tests (key_util.c). */
#ifndef CNNTUTOR_TESTS_KEY_UTIL_H
#define CNNTUTOR_TESTS_KEY_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "course.h"

extern struct course *course;   /* the bundled course, loaded by key_setup */

int key_setup(void **state);
int key_teardown(void **state);

const struct course_part *part(const char *id);
void judge(const char *id, const char *answer, struct course_check_result *r);
void assert_correct(const char *id, const char *answer);
/* Incorrect, with a message of its own (not the plain default). */
void assert_slip(const char *id, const char *answer);
/* Incorrect, flagged as the published solution's error, erratum shown. */
void assert_source_error(const char *id, const char *answer);

/* Bind a rows×cols matrix (row-major) to name in s. */
void bind_mat(struct engine_scope *s, const char *name, size_t rows,
	      size_t cols, double *data);
/* Evaluate an answer form ("name = ..." allowed) with the values in s;
 * writes up to max numbers (row-major) and returns how many. */
size_t eval_form(const char *text, struct engine_scope *s, double *out, size_t max);
void assert_close(const double *a, const double *b, size_t n, const char *what);
/* A reproducible pseudo-random number in [-2, 2). */
double rnd(unsigned *seed);

/* ---- q3: configurations, classified and enumerated in plain C --------- */

struct cfg_part {
	const char *id;
	int w, o;
	int fk, fs, fp, fd;  /* fixed values, -1 when free */
	bool pooling;        /* windows must not leave gaps: S == K */
};

/* 0: no; 1: exact; 2: valid only because the framework floors */
int classify(const struct cfg_part *c, int k, int s, int p, int d);
/* The input pixels no tap reads, by enumerating every window and tap. */
int unread_pixels(int w, int k, int s, int p, int d, int *out);
/* A right configuration's note says what the answer key says of it. */
void check_configuration_note(const struct cfg_part *c, int k, int s, int p,
			      int d, int kind, const char *answer, const char *note);
/* Three written forms of a configuration: free names, reversed, all. */
void config_forms(const struct cfg_part *c, int k, int s, int p, int d, char f[3][128]);

#endif
