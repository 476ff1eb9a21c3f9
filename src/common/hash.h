/* A hash of text that is the same on every machine and in every run:
 * 64-bit FNV-1a. For seeds drawn from names (a part's points) and hash
 * tables, never for anything an attacker must not predict. */
#ifndef CNNTUTOR_COMMON_HASH_H
#define CNNTUTOR_COMMON_HASH_H

#include <stdint.h>

#define HASH_FNV1A_START 1469598103934665603ull

/* Fold the bytes of s into h (start from HASH_FNV1A_START). */
uint64_t hash_fnv1a_more(uint64_t h, const char *s);

/* hash_fnv1a_more(HASH_FNV1A_START, s). */
uint64_t hash_fnv1a(const char *s);

/* splitmix64's finaliser: every bit of z stirred into every bit of the
 * result. Adding 0x9E3779B97F4A7C15 to a state before each call makes the
 * splitmix64 generator (seeded draws: variants, option orders). */
uint64_t hash_mix64(uint64_t z);

#endif
