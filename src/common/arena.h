/* A bump allocator: many small allocations, one release.
 *
 * The engine allocates every AST node and every intermediate value from an
 * arena, so parsing and evaluating an answer costs a handful of mallocs, not
 * hundreds, and nothing needs freeing one by one. An arena can be capped: an
 * allocation that would pass the cap fails (returns NULL) instead of growing,
 * which is how the engine bounds the memory an answer may use. */
#ifndef CNNTUTOR_COMMON_ARENA_H
#define CNNTUTOR_COMMON_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;  /* block being filled; older blocks behind it */
	size_t used_total;         /* bytes handed out since the last reset */
	size_t cap;                /* 0: no cap */
};

/* Initialise an empty arena; no memory is taken until the first alloc. */
void arena_init(struct arena *a, size_t cap);

/* Aligned for any type; NULL when out of memory or over the cap. */
void *arena_alloc(struct arena *a, size_t size);

/* Zero-filled arena_alloc. */
void *arena_calloc(struct arena *a, size_t count, size_t size);

/* Copy of s[0..len) with a terminating NUL, in the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

/* Forget every allocation but keep the first block for reuse. */
void arena_reset(struct arena *a);

/* Release all memory; the arena may be reused after arena_init. */
void arena_release(struct arena *a);

/* A position in an arena to roll back to: everything allocated after
 * arena_mark is released by arena_restore (used by loops that evaluate the
 * same expression thousands of times). */
struct arena_mark {
	struct arena_block *head;
	size_t used;
	size_t used_total;
};
struct arena_mark arena_mark(const struct arena *a);
void arena_restore(struct arena *a, struct arena_mark m);

#endif
