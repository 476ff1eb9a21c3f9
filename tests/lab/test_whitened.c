/* q6.a: the batch is checked to be whitened, and batch norm and weight
 * norm are recomputed here from the lab's batch, w and b. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "support.h"

static void check(const char *n_arg, const char *b_arg, uint64_t seed)
{
	struct lab_result *r = run_ok("q6.a", seed, n_arg, b_arg, NULL);
	size_t B, nw;
	const double *values = num_col(r, "weights", "value", &nw);
	size_t n = nw - 1;
	const double *x[8];
	for (size_t j = 0; j < n; j++) {
		char name[24];
		snprintf(name, sizeof name, "x%zu", j + 1);
		x[j] = num_col(r, "batch", name, &B);
	}
	double b = values[n];
	for (size_t a = 0; a < n; a++) {
		double mean = 0;
		for (size_t i = 0; i < B; i++)
			mean += x[a][i] / (double)B;
		assert_true(fabs(mean) < 1e-12);
		for (size_t c = 0; c < n; c++) {
			double cov = 0;
			for (size_t i = 0; i < B; i++)
				cov += x[a][i] * x[c][i] / (double)B;
			assert_true(fabs(cov - (a == c)) < 1e-12);
		}
	}
	double pre[64], mean = 0, var = 0, wn2 = 0;
	for (size_t j = 0; j < n; j++)
		wn2 += values[j] * values[j];
	for (size_t i = 0; i < B; i++) {
		pre[i] = b;
		for (size_t j = 0; j < n; j++)
			pre[i] += values[j] * x[j][i];
		mean += pre[i] / (double)B;
	}
	for (size_t i = 0; i < B; i++)
		var += (pre[i] - mean) * (pre[i] - mean) / (double)B;
	const double *bn = num_col(r, "examples", "batch_norm", &B);
	const double *wn = num_col(r, "examples", "weight_norm", &B);
	for (size_t i = 0; i < B; i++) {
		double want_bn = (pre[i] - mean) / sqrt(var), want_wn = 0;
		for (size_t j = 0; j < n; j++)
			want_wn += values[j] / sqrt(wn2) * x[j][i];
		assert_true(fabs(bn[i] - want_bn) < 1e-12);
		assert_true(fabs(wn[i] - want_wn) < 1e-12);
		assert_true(fabs(bn[i] - wn[i]) < 1e-12);
	}
	lab_result_free(r);
}

static void test_batch_norm_equals_weight_norm_on_a_whitened_batch(void **state)
{
	(void)state;
	check("n=3", "batch=8", 1);
	check("n=1", "batch=2", 2);
	check("n=8", "batch=64", 3);
	check("n=5", "batch=6", 4);
}

static void test_a_batch_no_larger_than_the_features_is_refused(void **state)
{
	(void)state;
	struct lab_error e = run_fails("q6.a", 1, "n=4", "batch=4", NULL);
	assert_int_equal(e.kind, LAB_ERR_INVALID);
	assert_non_null(strstr(e.message, "batch > n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_norm_equals_weight_norm_on_a_whitened_batch),
		cmocka_unit_test(test_a_batch_no_larger_than_the_features_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
