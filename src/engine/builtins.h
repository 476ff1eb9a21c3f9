/* What the files of built-in functions (builtins*.c) share: the
 * declarations of every entry of builtins.def and a few helpers. */
#ifndef CNNTUTOR_ENGINE_BUILTINS_H
#define CNNTUTOR_ENGINE_BUILTINS_H

#include "internal.h"

#define BUILTIN(id, name, min, max, flags, fn) builtin_fn fn;
#include "builtins.def"
#undef BUILTIN

/* Report msg at n with kind; returns NULL. */
struct engine_value *bi_fail(struct eval_ctx *ctx, const struct node *n,
			     enum engine_error_kind kind, const char *msg);
/* Entries of a number (1) or a matrix, and entry i. */
size_t bi_count(const struct engine_value *v);
double bi_at(const struct engine_value *v, size_t i);
/* v as a number or matrix argument of fname (see eval_call). */
const struct engine_value *bi_numeric(struct eval_ctx *ctx, const struct node *arg,
				      const struct engine_value *v, const char *fname);
/* A vector argument (a number counts as a vector of length 1); false
 * with a Dimension error naming fname otherwise. */
bool bi_vector(struct eval_ctx *ctx, const struct node *arg,
	       const struct engine_value *v, const char *fname);

#endif
