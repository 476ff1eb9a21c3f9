/* The registry and parameters: every default accepted, lookups by part
 * id, values refused with their rule and the old value kept, seeds. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static void test_every_lab_runs_on_its_defaults(void **state)
{
	(void)state;
	assert_true(lab_kind_count() >= 7);
	for (size_t i = 0; i < lab_kind_count(); i++) {
		const struct lab_kind *k = lab_kind_at(i);
		struct lab_params *p = lab_params_new(k);
		assert_non_null(p);
		for (size_t j = 0; j < k->nparams; j++) {
			assert_string_equal(lab_params_get(p, k->params[j].name), k->params[j].def);
			assert_non_null(k->params[j].help);
		}
		struct lab_result *r;
		struct lab_error err;
		if (!lab_run(k, p, 1, &r, &err))
			fail_msg("%s: %s", k->name, err.message);
		assert_non_null(lab_result_table(r, k->csv_table));
		assert_ptr_equal(lab_result_kind(r), k);
		lab_result_free(r);
		lab_params_free(p);
		/* NULL params: the defaults. */
		assert_true(lab_run(k, NULL, 1, &r, &err));
		lab_result_free(r);
	}
	lab_params_free(NULL);
	lab_result_free(NULL);
}

static void test_no_parameter_takes_an_option_of_the_command(void **state)
{
	(void)state;
	static const char *const taken[] = { "format", "seed", "svg", "table", "width",
					     "height", "ascii", "help" };
	for (size_t i = 0; i < lab_kind_count(); i++) {
		const struct lab_kind *k = lab_kind_at(i);
		for (size_t j = 0; j < k->nparams; j++) {
			for (size_t t = 0; t < sizeof taken / sizeof taken[0]; t++)
				assert_string_not_equal(k->params[j].name, taken[t]);
			assert_true(strncmp(k->params[j].name, "no-", 3) != 0);
		}
	}
}

static void test_a_part_finds_the_lab_of_its_question(void **state)
{
	(void)state;
	assert_string_equal(lab_kind_for("q3.a.ii")->name, "taps");
	assert_string_equal(lab_kind_for("q3")->name, "taps");
	assert_string_equal(lab_kind_for("q6.a")->name, "whitened");
	assert_string_equal(lab_kind_for("q6.c")->name, "weightnorm");
	assert_string_equal(lab_kind_for("q6")->name, "weightnorm");
	assert_string_equal(lab_kind_for("ensemble")->question, "q5");
	assert_null(lab_kind_for("q7"));
	assert_null(lab_kind_for("q1x"));
	assert_null(lab_kind_for(""));
}

static void test_a_refused_value_keeps_the_old_one(void **state)
{
	(void)state;
	struct lab_params *p = lab_params_new(lab_kind_for("q4"));
	struct lab_error e;
	assert_true(lab_params_set(p, "p", "0.8", &e));
	assert_false(lab_params_set(p, "p", "7", &e));
	assert_int_equal(e.kind, LAB_ERR_PARAM);
	assert_non_null(strstr(e.message, "7 is out of range: p takes 0.05 to 1"));
	assert_string_equal(lab_params_get(p, "p"), "0.8");
	assert_false(lab_params_set(p, "q", "1", &e));
	assert_non_null(strstr(e.message, "no parameter 'q' (it takes: p, samples, n, d)"));
	assert_false(lab_params_set(p, "n", "2.5", &e));
	assert_non_null(strstr(e.message, "not a whole number"));
	assert_false(lab_params_assign(p, "samples", &e));
	assert_false(lab_params_assign(p, "=3", &e));
	assert_true(lab_params_assign(p, "samples=5000", &e));
	assert_string_equal(lab_params_get(p, "samples"), "5000");
	assert_null(lab_params_get(p, "nope"));
	lab_params_free(p);

	p = lab_params_new(lab_kind_for("q6"));
	assert_false(lab_params_set(p, "optimizer", "sg", &e));
	assert_non_null(strstr(e.message, "not one of sgd/momentum/adam"));
	assert_false(lab_params_set(p, "scale", "maybe", &e));
	assert_non_null(strstr(e.message, "not on or off"));
	assert_true(lab_params_set(p, "scale", "off", &e));
	assert_true(lab_params_set(p, "lr", "-4, -2 -1", &e));
	assert_false(lab_params_set(p, "lr", "-4,2", &e));
	assert_non_null(strstr(e.message, "2 is out of range"));
	assert_false(lab_params_set(p, "lr", "1e", &e));
	assert_false(lab_params_set(p, "lr", "nan", &e));
	lab_params_free(p);
}

static char *csv_of(const char *kind, uint64_t seed)
{
	struct lab_result *r = run_ok(kind, seed, NULL);
	struct strbuf sb = STRBUF_INIT;
	struct lab_error e;
	assert_true(lab_render_csv(r, NULL, &sb, &e));
	lab_result_free(r);
	return strbuf_steal(&sb);
}

static void test_the_same_seed_gives_the_same_numbers(void **state)
{
	(void)state;
	const char *kinds[] = { "q4", "q5", "q6", "q6.a" };
	for (size_t i = 0; i < 4; i++) {
		char *a = csv_of(kinds[i], 5), *b = csv_of(kinds[i], 5), *c = csv_of(kinds[i], 6);
		assert_string_equal(a, b);
		assert_string_not_equal(a, c);
		free(a);
		free(b);
		free(c);
	}
}

static void test_numbers_keep_a_decimal_point_in_any_locale(void **state)
{
	(void)state;
	static const char *const commas[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "de_DE", "fr_FR" };
	const char *set = NULL;
	for (size_t i = 0; i < 4 && !set; i++)
		if (setlocale(LC_NUMERIC, commas[i]) && localeconv()->decimal_point[0] == ',')
			set = commas[i];
	if (!set) {
		setlocale(LC_NUMERIC, "C");
		skip();
	}
	struct lab_params *p = lab_params_new(lab_kind_for("q4"));
	struct lab_error e;
	assert_true(lab_params_set(p, "p", "0.25", &e));
	assert_false(lab_params_set(p, "p", "0,25", &e));
	lab_params_free(p);
	char *csv = csv_of("q4", 1);
	setlocale(LC_NUMERIC, "C");
	assert_non_null(strstr(csv, "samples,mc_mean,exact,std_error\n1,"));
	assert_null(strstr(csv, ";"));
	free(csv);
}

static void test_steps_move_by_round_amounts_and_stop_at_the_ends(void **state)
{
	(void)state;
	struct lab_params *p = lab_params_new(lab_kind_for("dropout"));
	char out[64];
	struct lab_error err;
	assert_true(lab_params_next(p, "p", 1, out, sizeof out, &err));
	assert_string_equal(out, "0.55");
	assert_true(lab_params_next(p, "p", -1, out, sizeof out, &err));
	assert_string_equal(out, "0.45");
	/* Nothing is set by asking. */
	assert_string_equal(lab_params_get(p, "p"), "0.5");
	/* Off the grid: onto it first. */
	assert_true(lab_params_set(p, "p", "0.93", &err));
	assert_true(lab_params_next(p, "p", 1, out, sizeof out, &err));
	assert_string_equal(out, "0.95");
	assert_true(lab_params_set(p, "p", "1", &err));
	assert_false(lab_params_next(p, "p", 1, out, sizeof out, &err));
	assert_int_equal(err.kind, LAB_ERR_PARAM);
	assert_string_equal(err.message, "p is already 1, the largest value it takes (0.05 to 1)");
	assert_true(lab_params_set(p, "p", "0.07", &err));
	assert_true(lab_params_next(p, "p", -1, out, sizeof out, &err));
	assert_string_equal(out, "0.05");
	/* Whole numbers: by 1, or by a round step over a wide range. */
	assert_true(lab_params_next(p, "n", 1, out, sizeof out, &err));
	assert_string_equal(out, "21");
	assert_true(lab_params_next(p, "samples", 1, out, sizeof out, &err));
	assert_string_equal(out, "3000");
	lab_params_free(p);

	p = lab_params_new(lab_kind_for("weightnorm"));
	assert_true(lab_params_next(p, "optimizer", 1, out, sizeof out, &err));
	assert_string_equal(out, "momentum");
	assert_true(lab_params_next(p, "optimizer", -1, out, sizeof out, &err));
	assert_string_equal(out, "adam");
	assert_true(lab_params_next(p, "scale", 1, out, sizeof out, &err));
	assert_string_equal(out, "off");
	assert_false(lab_params_next(p, "lr", 1, out, sizeof out, &err));
	assert_string_equal(err.message, "lr is typed, not stepped: give its new value "
			    "(e.g. lr=-4,-3,-2,-1.5,-1)");
	assert_false(lab_params_next(p, "nope", 1, out, sizeof out, &err));
	lab_params_free(p);
}

static void test_each_parameter_says_what_it_takes(void **state)
{
	(void)state;
	char out[96];
	const struct lab_kind *wn = lab_kind_for("weightnorm");
	lab_param_describe(lab_kind_param(wn, "lr"), out, sizeof out);
	assert_string_equal(out, "up to 8 numbers, each -6 to 0.5");
	lab_param_describe(lab_kind_param(wn, "optimizer"), out, sizeof out);
	assert_string_equal(out, "sgd, momentum or adam");
	lab_param_describe(lab_kind_param(wn, "scale"), out, sizeof out);
	assert_string_equal(out, "on or off");
	lab_param_describe(lab_kind_param(wn, "iterations"), out, sizeof out);
	assert_string_equal(out, "1 to 20000");
	lab_param_describe(lab_kind_param(lab_kind_for("taps"), "config"), out, sizeof out);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_lab_runs_on_its_defaults),
		cmocka_unit_test(test_no_parameter_takes_an_option_of_the_command),
		cmocka_unit_test(test_a_part_finds_the_lab_of_its_question),
		cmocka_unit_test(test_a_refused_value_keeps_the_old_one),
		cmocka_unit_test(test_steps_move_by_round_amounts_and_stop_at_the_ends),
		cmocka_unit_test(test_each_parameter_says_what_it_takes),
		cmocka_unit_test(test_the_same_seed_gives_the_same_numbers),
		cmocka_unit_test(test_numbers_keep_a_decimal_point_in_any_locale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
