/* 64-bit FNV-1a: see hash.h. */
#include "hash.h"

uint64_t hash_fnv1a_more(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

uint64_t hash_fnv1a(const char *s)
{
	return hash_fnv1a_more(HASH_FNV1A_START, s);
}
