/* What lexer.c and latex.c share: the lexer's state and the helpers that
 * push tokens and name runs. Not seen outside those two files. */
#ifndef CNNTUTOR_ENGINE_LEXER_H
#define CNNTUTOR_ENGINE_LEXER_H

#include "internal.h"

struct lexer {
	const char *text;
	size_t len, pos;
	const struct engine_scope *scope;
	const struct engine_parse_options *opt;  /* may be NULL */
	struct arena *arena;
	struct token *tok;
	size_t n, cap;
	struct engine_error *err;
};

/* A run of name characters being read: normalised bytes and, for each
 * byte, the source offset it came from. */
struct name_run {
	char name[256];
	size_t offs[256];
	size_t n;
};

struct token *lex_push(struct lexer *lx, enum tok_kind kind, size_t start,
		       size_t end, bool space);
/* Turn a run of name bytes into name tokens (declared names, built-ins,
 * keywords, index suffixes, splits); offs[i] is the source offset of
 * name[i], end the source offset after the run. */
bool lex_name_run(struct lexer *lx, const char *name, size_t nlen,
		  const size_t *offs, size_t end, bool space);
/* Append a code point to a run; false when it is full. */
bool lex_run_put(struct name_run *r, uint32_t cp, size_t at);
/* The run in Unicode normal form C, cluster by cluster. */
bool lex_run_normalise(struct name_run *r);
/* The Greek letter named name[0..len) ("lambda" -> "λ"), or NULL. */
const char *lex_greek_letter(const char *name, size_t len);
/* Is text[p] the start of a space (ASCII or Unicode)? *used: its bytes. */
bool lex_is_space(const char *s, size_t len, size_t p, size_t *used);

#endif
