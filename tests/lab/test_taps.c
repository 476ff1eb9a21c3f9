/* q3: reads and unread pixels against a brute force written here for
 * every configuration with W <= 16 in small ranges of K, S, P, D; the
 * answer key's cases; each broken rule named. */
#include <stdio.h>
#include <string.h>

#include "support.h"

/* Does some window's tap land on input pixel i? Solved from the pixel's
 * side: tap t of the window starting at s reads s + t(D+1) - P. */
static int brute_reads(int W, int K, int S, int P, int D, int i)
{
	int span = K + (K - 1) * D, count = 0;
	for (int t = 0; t < K; t++) {
		int s = i + P - t * (D + 1);
		if (s >= 0 && s % S == 0 && s + span <= W + 2 * P)
			count++;
	}
	return count;
}

static void test_unread_pixels_equal_brute_force_for_every_small_configuration(void **state)
{
	(void)state;
	int valid = 0, invalid = 0;
	for (int W = 1; W <= 16; W++)
		for (int K = 0; K <= 5; K++)
			for (int S = 0; S <= 5; S++)
				for (int P = 0; P <= 5; P++)
					for (int D = 0; D <= 4; D++) {
						char in[32], cfg[64];
						snprintf(in, sizeof in, "input=%d", W);
						snprintf(cfg, sizeof cfg, "config=K=%d, S=%d, P=%d, D=%d", K, S, P, D);
						int span = K + (K - 1) * D;
						if (K < 1 || S < 1 || span > W + 2 * P || P >= span) {
							struct lab_error e = run_fails("q3", 1, in, cfg, NULL);
							assert_int_equal(e.kind, LAB_ERR_INVALID);
							invalid++;
							continue;
						}
						struct lab_result *r = run_ok("q3", 1, in, cfg, NULL);
						size_t n, nw;
						const double *reads = num_col(r, "reads", "reads", &n);
						assert_int_equal(n, W);
						int windows = 0;
						for (int s = 0; s + span <= W + 2 * P; s += S)
							windows++;
						num_col(r, "windows", "window", &nw);
						assert_int_equal(nw, windows);
						int unread = 0;
						for (int i = 0; i < W; i++) {
							int want = brute_reads(W, K, S, P, D, i);
							if (reads[i] != want)
								fail_msg("W=%d K=%d S=%d P=%d D=%d pixel %d: lab %g, brute %d",
									 W, K, S, P, D, i, reads[i], want);
							unread += want == 0;
						}
						assert_int_equal(mentions(r, "unread input pixels: none"), unread == 0);
						bool exact = (W + 2 * P - span) % S == 0;
						assert_int_equal(mentions(r, "division: exact"), exact);
						lab_result_free(r);
						valid++;
					}
	assert_true(valid > 5000 && invalid > 5000);
}

static void test_answer_key_cases(void **state)
{
	(void)state;
	/* q3.a.ii: exact yet pixels 0, 2, 61, 63 unread. */
	struct lab_result *r = run_ok("q3", 1, "input=64", "config=K=2, S=2, P=3, D=6", NULL);
	assert_true(mentions(r, "division: exact"));
	assert_true(mentions(r, "(no tap touches them): 0, 2, 61, 63 (4 of 64)"));
	lab_result_free(r);
	/* Rounded, yet every pixel read; only a padding zero is cut. */
	r = run_ok("q3", 1, "input=64", "config=K=3, S=2, P=7, D=6", NULL);
	assert_true(mentions(r, "division: rounded"));
	assert_true(mentions(r, "padding zeros only"));
	assert_true(mentions(r, "unread input pixels: none"));
	lab_result_free(r);
	/* q3.d.ii (2, 3) and (3, 2). */
	r = run_ok("q3", 1, NULL);
	assert_true(mentions(r, "(no tap touches them): 2, 5 (2 of 8)"));
	lab_result_free(r);
	r = run_ok("q3", 1, "config=K=3, S=2, P=2, D=1", NULL);
	assert_true(mentions(r, "division: rounded"));
	assert_true(mentions(r, "(no tap touches them): 1, 3, 5, 7 (4 of 8)"));
	lab_result_free(r);
	/* q3.d.i (1, 2): only the even pixels. */
	r = run_ok("q3", 1, "config=K=1, S=2", NULL);
	assert_true(mentions(r, "(no tap touches them): 1, 3, 5, 7"));
	lab_result_free(r);
	/* Cut input pixels when r > P: W=10, K=3, S=4: 7 mod 4 = 3. */
	r = run_ok("q3", 1, "input=10", "config=K=3, S=4", NULL);
	assert_true(mentions(r, "input pixels 7..9 are in the cut"));
	lab_result_free(r);
}

static void test_invalid_configurations_name_the_rule(void **state)
{
	(void)state;
	static const struct {
		const char *config, *says;
	} cases[] = {
		{ "config=K=0", "K >= 1" },
		{ "config=K=2, S=0", "S >= 1" },
		{ "config=K=2, P=-1", "P >= 0" },
		{ "config=K=2, D=-1", "D >= 0" },
		{ "config=K=13, S=2, P=2, D=1", "K_eff <= W + 2P" },
		{ "config=K=2, P=3", "P < K_eff" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lab_error e = run_fails("q3", 1, cases[i].config, NULL);
		assert_int_equal(e.kind, LAB_ERR_INVALID);
		if (!strstr(e.message, cases[i].says))
			fail_msg("%s: '%s' does not say %s", cases[i].config, e.message, cases[i].says);
	}
	struct lab_error e = run_fails("q3", 1, "config=S=2, P=1", NULL);
	assert_int_equal(e.kind, LAB_ERR_PARAM);
	assert_non_null(strstr(e.message, "no kernel size K"));
	e = run_fails("q3", 1, "config=K=2, X=3", NULL);
	assert_non_null(strstr(e.message, "'X=3'"));
	e = run_fails("q3", 1, "config=K=2.5", NULL);
	assert_non_null(strstr(e.message, "whole number"));
}

static void test_config_names_may_repeat_and_the_last_wins(void **state)
{
	(void)state;
	struct lab_config c;
	struct lab_error e;
	assert_true(lab_config_parse("K=8, D=0, S=2, P=3", &c, &e));
	assert_int_equal(c.K, 8);
	assert_true(lab_config_parse("K=8, D=0, K=4 s=2 p=1", &c, &e));
	assert_int_equal(c.K, 4);
	assert_int_equal(c.S, 2);
	assert_int_equal(c.P, 1);
	assert_int_equal(c.D, 0);
	assert_int_equal(lab_config_span(&(struct lab_config){ 2, 1, 0, 6 }), 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unread_pixels_equal_brute_force_for_every_small_configuration),
		cmocka_unit_test(test_answer_key_cases),
		cmocka_unit_test(test_invalid_configurations_name_the_rule),
		cmocka_unit_test(test_config_names_may_repeat_and_the_last_wins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
