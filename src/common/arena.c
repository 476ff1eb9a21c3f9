#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

enum { FIRST_BLOCK = 8192 };

void arena_init(struct arena *a, size_t cap)
{
	a->head = NULL;
	a->used_total = 0;
	a->cap = cap;
}

static size_t align_up(size_t n)
{
	size_t al = alignof(max_align_t);
	return (n + al - 1) & ~(al - 1);
}

void *arena_alloc(struct arena *a, size_t size)
{
	if (size > SIZE_MAX / 2)
		return NULL;
	size = align_up(size ? size : 1);
	if (a->cap && a->used_total + size > a->cap)
		return NULL;
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < size) {
		size_t want = b ? b->size * 2 : FIRST_BLOCK;
		while (want < size)
			want *= 2;
		struct arena_block *nb = malloc(sizeof *nb + want);
		if (!nb)
			return NULL;
		nb->next = b;
		nb->size = want;
		nb->used = 0;
		a->head = nb;
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += size;
	a->used_total += size;
	return p;
}

void *arena_calloc(struct arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / 4 / size)
		return NULL;
	void *p = arena_alloc(a, count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head;
	if (!b)
		return;
	/* Keep the largest (newest) block: it is the one a workload of this
	 * size needs again. */
	struct arena_block *old = b->next;
	while (old) {
		struct arena_block *next = old->next;
		free(old);
		old = next;
	}
	b->next = NULL;
	b->used = 0;
	a->used_total = 0;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used_total = 0;
}

struct arena_mark arena_mark(const struct arena *a)
{
	struct arena_mark m = { a->head, a->head ? a->head->used : 0, a->used_total };
	return m;
}

void arena_restore(struct arena *a, struct arena_mark m)
{
	while (a->head && a->head != m.head) {
		struct arena_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
	if (a->head)
		a->head->used = m.used;
	a->used_total = m.used_total;
}
