/* splitmix64: small, fast, and the same sequence on every machine, so a
 * seed printed in a report reproduces its numbers anywhere. */
#include <math.h>

#include "lab_internal.h"

void lab_rng_seed(struct lab_rng *g, uint64_t seed, uint64_t stream)
{
	/* Separate streams (data, masks, initial weights) do not shift when
	 * one of them draws more numbers, e.g. after a size changes. */
	g->state = seed * 0x9E3779B97F4A7C15ull ^ (stream + 1) * 0xD1B54A32D192ED03ull;
}

uint64_t lab_rng_next(struct lab_rng *g)
{
	uint64_t z = (g->state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

double lab_rng_uniform(struct lab_rng *g)
{
	return (double)(lab_rng_next(g) >> 11) / 9007199254740992.0;
}

/* Box–Muller with both uniforms drawn each time, so the count of numbers
 * drawn never depends on the values. */
double lab_rng_normal(struct lab_rng *g)
{
	double u = lab_rng_uniform(g), v = lab_rng_uniform(g);
	return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}
