/* q5: for every n up to 16 the geometric mean over all 2ⁿ masks is
 * recomputed here in long double from the lab's W, v, b; it equals the
 * weight-scaled column to 1e-12, and the arithmetic mean differs. */
#include <math.h>
#include <stdio.h>

#include "support.h"

#define MAXK 10

static void check(int n, int k, uint64_t seed)
{
	char an[16], ak[16];
	snprintf(an, sizeof an, "n=%d", n);
	snprintf(ak, sizeof ak, "k=%d", k);
	struct lab_result *r = run_ok("q5", seed, an, ak, NULL);
	size_t rows, kk;
	const double *v = num_col(r, "parameters", "v", &rows);
	const double *W[MAXK];
	for (int j = 0; j < k; j++) {
		char name[24];
		snprintf(name, sizeof name, "w%d", j + 1);
		W[j] = num_col(r, "parameters", name, &rows);
	}
	const double *b = num_col(r, "bias", "b", &kk);
	assert_int_equal(rows, n);
	assert_int_equal(kk, k);

	long double logsum[MAXK] = { 0 }, probsum[MAXK] = { 0 };
	for (unsigned long m = 0; m < 1ul << n; m++) {
		long double z[MAXK], top = -INFINITY, s = 0;
		for (int j = 0; j < k; j++) {
			z[j] = b[j];
			for (int i = 0; i < n; i++)
				if (m & (1ul << i))
					z[j] += (long double)W[j][i] * v[i];
			if (z[j] > top)
				top = z[j];
		}
		for (int j = 0; j < k; j++)
			s += expl(z[j] - top);
		for (int j = 0; j < k; j++) {
			logsum[j] += z[j] - top - logl(s);
			probsum[j] += expl(z[j] - top) / s;
		}
	}
	long double norm = 0, half[MAXK], hnorm = 0;
	for (int j = 0; j < k; j++) {
		norm += expl(logsum[j] / (1ul << n));
		half[j] = b[j];
		for (int i = 0; i < n; i++)
			half[j] += 0.5L * W[j][i] * v[i];
		hnorm += expl(half[j]);
	}
	const double *geo = num_col(r, "classes", "geometric", &kk);
	const double *scaled = num_col(r, "classes", "weight_scaled", &kk);
	const double *arith = num_col(r, "classes", "arithmetic", &kk);
	double apart = 0, total = 0;
	for (int j = 0; j < k; j++) {
		double g = (double)(expl(logsum[j] / (1ul << n)) / norm);
		double h = (double)(expl(half[j]) / hnorm);
		double a = (double)(probsum[j] / (1ul << n));
		if (fabs(geo[j] - g) > 1e-12 || fabs(scaled[j] - h) > 1e-12 ||
		    fabs(geo[j] - scaled[j]) > 1e-12 || fabs(arith[j] - a) > 1e-12)
			fail_msg("n=%d k=%d class %d: geometric %.17g (here %.17g), weight-scaled "
				 "%.17g (here %.17g), arithmetic %.17g (here %.17g)", n, k, j + 1,
				 geo[j], g, scaled[j], h, arith[j], a);
		apart = fmax(apart, fabs(arith[j] - geo[j]));
		total += geo[j];
	}
	assert_true(fabs(total - 1) < 1e-12);
	/* With a single input the two means can be close; from two on they
	 * differ measurably. */
	if (n >= 2 && apart < 1e-4)
		fail_msg("n=%d k=%d: the arithmetic mean is within %g of the geometric", n, k, apart);
	lab_result_free(r);
}

static void test_geometric_equals_weight_scaled_for_every_n_up_to_16(void **state)
{
	(void)state;
	for (int n = 1; n <= 16; n++)
		check(n, 4, 1);
}

static void test_other_class_counts_and_seeds(void **state)
{
	(void)state;
	check(5, 2, 2);
	check(9, 7, 3);
	check(12, 10, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometric_equals_weight_scaled_for_every_n_up_to_16),
		cmocka_unit_test(test_other_class_counts_and_seeds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
