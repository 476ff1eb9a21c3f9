/* q1: every sum against convolution loops written here, every window
 * against numpy.convolve's definition of full, valid and same. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "support.h"

static void join(char *out, size_t size, const double *v, size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%g", i ? "," : "", v[i]);
}

static void test_sums_equal_direct_convolution_loops(void **state)
{
	(void)state;
	uint64_t rs = 7;
	for (int trial = 0; trial < 300; trial++) {
		size_t n = 1 + (size_t)(test_uniform(&rs) * 12), m = 1 + (size_t)(test_uniform(&rs) * 8);
		double x[16], w[16], y[32] = { 0 };
		for (size_t i = 0; i < n; i++)
			x[i] = floor(test_uniform(&rs) * 19) - 9;
		for (size_t j = 0; j < m; j++)
			w[j] = floor(test_uniform(&rs) * 19) - 9;
		/* y[i + j] += x[i] w[j]: the kernel flipped, by construction. */
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < m; j++)
				y[i + j] += x[i] * w[j];
		char xs[128], ws[128], ax[140], aw[140];
		join(xs, sizeof xs, x, n);
		join(ws, sizeof ws, w, m);
		snprintf(ax, sizeof ax, "x=%s", xs);
		snprintf(aw, sizeof aw, "w=%s", ws);
		struct lab_result *r = run_ok("q1", 1, ax, aw, NULL);
		size_t rows;
		const double *sum = num_col(r, "shifts", "sum", &rows);
		const double *full = num_col(r, "shifts", "full", &rows);
		const double *valid = num_col(r, "shifts", "valid", &rows);
		const double *same = num_col(r, "shifts", "same", &rows);
		assert_int_equal(rows, n + m - 1);
		size_t lo = n < m ? n : m, hi = n < m ? m : n;
		for (size_t k = 0; k < rows; k++) {
			assert_true(sum[k] == y[k]);
			assert_true(full[k] == (double)k);
			/* numpy: valid is the hi-lo+1 outputs where one input covers
			 * the other; same is the hi outputs centred on full. */
			bool in_valid = k >= lo - 1 && k <= hi - 1;
			bool in_same = k >= (lo - 1) / 2 && k < (lo - 1) / 2 + hi;
			assert_int_equal(!isnan(valid[k]), in_valid);
			assert_int_equal(!isnan(same[k]), in_same);
			if (in_valid)
				assert_true(valid[k] == (double)(k - (lo - 1)));
			if (in_same)
				assert_true(same[k] == (double)(k - (lo - 1) / 2));
		}
		lab_result_free(r);
	}
}

static void test_homework_sequence_gives_the_answer_key(void **state)
{
	(void)state;
	struct lab_result *r = run_ok("q1", 1, NULL);
	size_t n;
	const double *sum = num_col(r, "shifts", "sum", &n);
	const double *valid = num_col(r, "shifts", "valid", &n);
	const double *same = num_col(r, "shifts", "same", &n);
	const double full_key[] = { 1, 2, 5, 8, 6, 8 }, valid_key[] = { 5, 8 },
		     same_key[] = { 2, 5, 8, 6 };
	assert_int_equal(n, 6);
	size_t nv = 0, ns = 0;
	for (size_t k = 0; k < n; k++) {
		assert_true(sum[k] == full_key[k]);
		if (!isnan(valid[k]))
			assert_true(sum[k] == valid_key[nv++]);
		if (!isnan(same[k]))
			assert_true(sum[k] == same_key[ns++]);
	}
	assert_int_equal(nv, 2);
	assert_int_equal(ns, 4);
	char *const *terms = text_col(r, "shifts", "terms", &n);
	assert_string_equal(terms[2], "1*2 + 2*0 + 3*1");
	assert_true(mentions(r, "valid = (5, 8)"));
	lab_result_free(r);
}

static void test_bad_sequences_are_refused_with_the_item(void **state)
{
	(void)state;
	struct lab_error e = run_fails("q1", 1, "x=1,,2", NULL);
	assert_int_equal(e.kind, LAB_ERR_PARAM);
	assert_string_equal(e.param, "x");
	e = run_fails("q1", 1, "w=1,a,2", NULL);
	assert_non_null(strstr(e.message, "'a'"));
	e = run_fails("q1", 1, "w=", NULL);
	assert_non_null(strstr(e.message, "missing"));
	e = run_fails("q1", 1, "w=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", NULL);
	assert_non_null(strstr(e.message, "at most 16"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sums_equal_direct_convolution_loops),
		cmocka_unit_test(test_homework_sequence_gives_the_answer_key),
		cmocka_unit_test(test_bad_sequences_are_refused_with_the_item),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
