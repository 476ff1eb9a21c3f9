/* 64-bit FNV-1a and the splitmix64 finaliser: see hash.h. */
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

uint64_t hash_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
