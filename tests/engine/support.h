/* Helpers shared by the engine test programs.
 *
 * Most engine tests are tables: an input and what it must give. A table
 * runner checks every row, prints each failing row with what was expected
 * and what came back (and nothing for a passing row), and returns the number
 * of failures so the cmocka test fails once at the end with the full list.
 *
 * Include after <cmocka.h>'s prerequisites; support.c has no cmocka calls
 * except print_error. */
#ifndef CNNTUTOR_TESTS_ENGINE_SUPPORT_H
#define CNNTUTOR_TESTS_ENGINE_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"

/* The scope most tables evaluate in (caller frees with engine_scope_free):
 *   scalars x=3 y=2 a=5 b=2 c=-1 g=2 p=0.25 P=1 K=4 S=2 W=10 W1=32 λ=0.5
 *   vectors u=(1,2,3) v=(4,5,6) w=(3,4)
 *   matrices A=[1 2; 3 4] B=[0 1; 1 0] */
struct engine_scope *t_std_scope(void);

/* Bind a column vector or a row-major matrix. */
bool t_bind_vector(struct engine_scope *s, const char *name, size_t n,
		   const double *data);
bool t_bind_matrix(struct engine_scope *s, const char *name, size_t rows,
		   size_t cols, const double *data);

/* One row of an evaluation table. expect is one of:
 *   "512", "-0.25", "1e-4"   a number (a 1×1 matrix is accepted for it),
 *                            compared with relative tolerance 1e-9
 *   "true" / "false"         a boolean
 *   "M r c: d1 d2 ..."       a rows×cols matrix (a vector is "M n 1: ...")
 *   "S: 128 24 24"           a shape with these dimensions
 *   "!Kind"                  an error of that category ("!Parse error");
 *   "!Kind: text"            ... whose message contains text
 *   "!Kind: t1|t2"           ... whose message contains t1 and t2
 *   "!*: text"               an error of any category containing text
 *   "P: text"                engine_value_print gives exactly text */
struct t_eval_row {
	const char *text;
	const char *expect;
};

/* Check every row (parse with engine_parse against scope, then evaluate);
 * returns the number of failing rows. */
int t_run_eval_table(const char *table, const struct t_eval_row *rows,
		     size_t n, const struct engine_scope *scope);

#define T_RUN_TABLE(rows, scope) \
	t_run_eval_table(#rows, rows, sizeof(rows) / sizeof((rows)[0]), scope)

/* What text gives, as one line: the printed value, or "Kind: message
 * [start,end)". Caller frees. */
char *t_describe(const char *text, const struct engine_scope *scope);

/* The same without the byte range, to compare two texts' outcomes. */
char *t_outcome(const char *text, const struct engine_scope *scope);

/* Evaluate text, which must succeed and give a number (or 1×1 matrix). */
bool t_eval_number(const char *text, const struct engine_scope *scope,
		   double *out);

/* The parse flags every helper here parses with (0 unless a test sets
 * them around a table, e.g. ENGINE_PARSE_SHAPES), and the parse itself. */
extern unsigned t_parse_flags;
struct engine_expr *t_parse(const char *text, const struct engine_scope *scope,
			    struct engine_error *err);

/* Relative comparison with an absolute floor of 1e-12. */
bool t_close(double a, double b, double rel);

/* The printed form of the parsed text (NULL when parsing fails), and the
 * same normalised: spaces removed, − to -, × · * to ·, ᵀ ' ^T to ᵀ,
 * ² to ^2, ³ to ^3, ≤ ≥ ≠ to <= >= !=. Caller frees. */
char *t_print(const char *text, const struct engine_scope *scope);
char *t_normalise(const char *printed);

#endif
