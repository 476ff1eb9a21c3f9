/* The loader: a good course builds the whole model; each kind of broken
 * file is reported as file:line:col with the exact position. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "course.h"

#define FIX(d) FIXTURES "/" d

static char *load_error(const char *dir)
{
	char *err = NULL;
	struct course *c = course_load(dir, &err);
	assert_null(c);
	assert_non_null(err);
	return err;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, hay ? hay : "(nothing)");
}

static void test_good_course_loads_every_part_in_order(void **state)
{
	(void)state;
	char *err = NULL;
	struct course *c = course_load(FIX("good"), &err);
	assert_non_null(c);
	assert_null(err);
	assert_string_equal(c->title, "Fixture course");
	assert_int_equal(c->n_questions, 1);
	assert_string_equal(c->questions[0].id, "t1");
	assert_int_equal(course_part_count(c), 8);
	const char *ids[] = { "t1.num", "t1.seq", "t1.shape", "t1.cfg",
			      "t1.formula", "t1.factor", "t1.matrix", "t1.choice" };
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(course_part_at(c, i)->id, ids[i]);
	assert_null(course_part_at(c, 8));
	const struct course_part *p = course_find_part(c, "t1.num");
	assert_ptr_equal(p, course_part_at(c, 0));
	assert_int_equal(p->kind, COURSE_NUMBER);
	assert_int_equal(p->line, 6);
	assert_non_null(strstr(p->file, "good/t1.yaml"));
	assert_int_equal(p->n_givens, 2);
	assert_string_equal(p->givens[0].name, "C");
	assert_string_equal(p->givens[0].text, "4");
	assert_int_equal(p->n_hints, 2);
	assert_int_equal(p->n_steps, 2);
	/* the step's value comes from the engine, not from the file */
	assert_string_equal(p->steps[0].value, "24");
	assert_null(p->steps[1].expr);
	assert_null(p->steps[1].value);
	assert_non_null(p->erratum);
	assert_string_equal(p->erratum->quote, "4 × 3 = 12");
	assert_non_null(p->scope);
	assert_null(course_find_part(c, "t9"));
	assert_int_equal(course_find_part(c, "t1.choice")->n_choices, 3);
	assert_int_equal(course_find_part(c, "t1.matrix")->kind, COURSE_MATRIX_EXPR);
	course_free(c);
}

static void test_bad_yaml_is_reported_with_line_and_column(void **state)
{
	(void)state;
	char *err = load_error(FIX("bad_yaml"));
	assert_contains(err, "bad_yaml/t1.yaml:7:1: YAML syntax error:");
	free(err);
}

static void test_unknown_key_is_reported_at_the_key(void **state)
{
	(void)state;
	char *err = load_error(FIX("unknown_key"));
	assert_contains(err, "unknown_key/t1.yaml:6:5: unknown key 'stetement'");
	free(err);
}

static void test_missing_field_is_reported_at_its_mapping(void **state)
{
	(void)state;
	char *err = load_error(FIX("missing_field"));
	assert_contains(err, "missing_field/t1.yaml:4:5: missing key 'kind'");
	free(err);
}

static void test_expression_that_does_not_parse_names_its_column(void **state)
{
	(void)state;
	char *err = load_error(FIX("bad_expr"));
	/* "      expected: 2 $ 2": the value starts at column 17, '$' is at 19 */
	assert_contains(err, "bad_expr/t1.yaml:9:19: Parse error");
	assert_contains(err, "check.expected");
	free(err);
}

static void test_wrong_types_and_words_are_each_reported_at_their_value(void **state)
{
	(void)state;
	char *err = load_error(FIX("bad_types"));
	assert_contains(err, "bad_types/t1.yaml:7:11: 'kind' must be one of: number | sequence");
	assert_contains(err, "not 'numbr'");
	assert_contains(err, "bad_types/t1.yaml:8:39: 'tolerance' must be a number, not 'abc'");
	assert_contains(err, "bad_types/t1.yaml:9:12: 'hints' must be a list");
	assert_contains(err, "bad_types/t1.yaml:13:23: 'source_error' must be true or false, not 'maybe'");
	free(err);
}

static void test_missing_folder_is_an_error_not_a_crash(void **state)
{
	(void)state;
	char *err = load_error(FIX("no_such_folder"));
	assert_contains(err, "no_such_folder");
	free(err);
}

static void test_validate_finds_nothing_wrong_with_the_good_course(void **state)
{
	(void)state;
	struct course *c = course_load(FIX("good"), NULL);
	assert_non_null(c);
	char *report = NULL;
	size_t n = course_validate(c, &report);
	if (n)
		fail_msg("%s", report);
	free(report);
	course_free(c);
}

static void test_validate_reports_each_inconsistency_with_its_line(void **state)
{
	(void)state;
	char *err = NULL;
	struct course *c = course_load(FIX("inconsistent"), &err);
	if (!c)
		fail_msg("%s", err);
	char *report = NULL;
	size_t n = course_validate(c, &report);
	assert_int_equal(n, 4);
	assert_contains(report, "inconsistent/t1.yaml:13: t1.a: feedback rule 2's example \"5\" is caught by rule 1 first");
	assert_contains(report, "inconsistent/t1.yaml:16: part id 't1.a' is also used at");
	assert_contains(report, "inconsistent/t1.yaml:23: t1.a: note 1's 'when' does not evaluate on the expected answer: Dimension error");
	assert_contains(report, "inconsistent/t1.yaml:26: t1.a: step 1 (\"1/0\") does not evaluate");
	free(report);
	course_free(c);
}

static void test_free_accepts_null(void **state)
{
	(void)state;
	course_free(NULL);
	course_result_clear(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_course_loads_every_part_in_order),
		cmocka_unit_test(test_bad_yaml_is_reported_with_line_and_column),
		cmocka_unit_test(test_unknown_key_is_reported_at_the_key),
		cmocka_unit_test(test_missing_field_is_reported_at_its_mapping),
		cmocka_unit_test(test_expression_that_does_not_parse_names_its_column),
		cmocka_unit_test(test_wrong_types_and_words_are_each_reported_at_their_value),
		cmocka_unit_test(test_missing_folder_is_an_error_not_a_crash),
		cmocka_unit_test(test_validate_finds_nothing_wrong_with_the_good_course),
		cmocka_unit_test(test_validate_reports_each_inconsistency_with_its_line),
		cmocka_unit_test(test_free_accepts_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
