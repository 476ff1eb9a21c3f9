/* q2: the homework's network and random stacks against the output-size
 * formula and the parameter count, worked out here layer by layer. */
#include <stdio.h>
#include <string.h>

#include "support.h"

static void test_homework_network_shapes_and_counts(void **state)
{
	(void)state;
	struct lab_result *r = run_ok("q2", 1, NULL);
	size_t n;
	char *const *out = text_col(r, "layers", "output", &n);
	const double *outputs = num_col(r, "layers", "outputs", &n);
	const double *weights = num_col(r, "layers", "weights", &n);
	const double *biases = num_col(r, "layers", "biases", &n);
	assert_int_equal(n, 3);
	assert_string_equal(out[0], "64x125x125");
	assert_string_equal(out[1], "64x25x25");
	assert_string_equal(out[2], "128x24x24");
	assert_true(outputs[2] == 128.0 * 24 * 24);
	assert_true(weights[2] == 4.0 * 4 * 64 * 128);
	assert_true(biases[2] == 128);
	assert_true(weights[1] == 0 && biases[1] == 0);
	assert_true(mentions(r, "= 73728 numbers"));
	assert_true(mentions(r, "131200 with biases"));
	lab_result_free(r);
}

static void test_random_stacks_follow_the_formula(void **state)
{
	(void)state;
	uint64_t rs = 3;
	int checked = 0;
	for (int trial = 0; trial < 400; trial++) {
		long c = 1 + (long)(test_uniform(&rs) * 4), h = 4 + (long)(test_uniform(&rs) * 60);
		long w = 4 + (long)(test_uniform(&rs) * 60);
		char input[96], layers[512] = "layers=";
		snprintf(input, sizeof input, "input=%ldx%ldx%ld", c, h, w);
		int nl = 1 + (int)(test_uniform(&rs) * 4);
		long ch = c, hh = h, ww = w;
		double want_w[4], want_out[4];
		bool ok = true;
		for (int l = 0; l < nl; l++) {
			bool pool = test_uniform(&rs) < 0.3;
			int K = 1 + (int)(test_uniform(&rs) * 4), S = 1 + (int)(test_uniform(&rs) * 3);
			int P = (int)(test_uniform(&rs) * 3), D = (int)(test_uniform(&rs) * 2);
			int N = 1 + (int)(test_uniform(&rs) * 16);
			char item[96];
			if (pool)
				snprintf(item, sizeof item, "%spool K=%d S=%d P=%d D=%d", l ? "; " : "", K, S, P, D);
			else
				snprintf(item, sizeof item, "%sconv %d K=%d S=%d P=%d D=%d", l ? "; " : "", N, K, S, P, D);
			strcat(layers, item);
			long span = K + (K - 1) * D;
			if (span > hh + 2 * P || span > ww + 2 * P || P >= span)
				ok = false;
			if (!ok)
				continue;
			long nh = (hh + 2 * P - span) / S + 1, nw = (ww + 2 * P - span) / S + 1;
			long nc = pool ? ch : N;
			want_w[l] = pool ? 0 : (double)K * K * ch * N;
			want_out[l] = (double)nc * nh * nw;
			ch = nc;
			hh = nh;
			ww = nw;
		}
		if (!ok) {
			struct lab_error e = run_fails("q2", 1, input, layers, NULL);
			assert_int_equal(e.kind, LAB_ERR_INVALID);
			assert_non_null(strstr(e.message, "layer "));
			continue;
		}
		struct lab_result *r = run_ok("q2", 1, input, layers, NULL);
		size_t n;
		const double *weights = num_col(r, "layers", "weights", &n);
		const double *outputs = num_col(r, "layers", "outputs", &n);
		assert_int_equal(n, nl);
		for (int l = 0; l < nl; l++) {
			assert_true(weights[l] == want_w[l]);
			assert_true(outputs[l] == want_out[l]);
		}
		lab_result_free(r);
		checked++;
	}
	assert_true(checked > 100);
}

static void test_pool_stride_defaults_to_its_size(void **state)
{
	(void)state;
	struct lab_result *r = run_ok("q2", 1, "input=64x32x32", "layers=pool K=4", NULL);
	size_t n;
	const double *S = num_col(r, "layers", "S", &n);
	char *const *out = text_col(r, "layers", "output", &n);
	assert_true(S[0] == 4);
	assert_string_equal(out[0], "64x8x8");
	lab_result_free(r);
	r = run_ok("q2", 1, "input=64x32x32", "layers=conv 64 K=8 S=4", NULL);
	out = text_col(r, "layers", "output", &n);
	assert_string_equal(out[0], "64x7x7");
	lab_result_free(r);
}

static void test_bad_stacks_are_refused_with_the_layer(void **state)
{
	(void)state;
	struct lab_error e = run_fails("q2", 1, "layers=conv K=3", NULL);
	assert_non_null(strstr(e.message, "number of kernels"));
	e = run_fails("q2", 1, "layers=conv 8 K=3; relu", NULL);
	assert_non_null(strstr(e.message, "layer 2 'relu'"));
	e = run_fails("q2", 1, "input=3x256", NULL);
	assert_non_null(strstr(e.message, "CxHxW"));
	e = run_fails("q2", 1, "input=3x8x8", "layers=conv 4 K=9", NULL);
	assert_int_equal(e.kind, LAB_ERR_INVALID);
	assert_non_null(strstr(e.message, "layer 1 'conv 4 K=9'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_homework_network_shapes_and_counts),
		cmocka_unit_test(test_random_stacks_follow_the_formula),
		cmocka_unit_test(test_pool_stride_defaults_to_its_size),
		cmocka_unit_test(test_bad_stacks_are_refused_with_the_layer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
