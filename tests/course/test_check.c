/* Checking answers of every kind against the fixture course: equivalent
 * written forms are correct, known wrong answers get their rule's message,
 * malformed answers are invalid with the engine's error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "course.h"

static struct course *course;

static int setup(void **state)
{
	(void)state;
	char *err = NULL;
	course = course_load(FIXTURES "/good", &err);
	if (!course) {
		fprintf(stderr, "%s", err);
		free(err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	course_free(course);
	return 0;
}

/* Check and return the verdict; r keeps the details for the caller. */
static enum course_verdict check(const char *id, const char *answer,
				 struct course_check_result *r)
{
	const struct course_part *p = course_find_part(course, id);
	if (!p)
		fail_msg("no part %s", id);
	course_check(course, p, answer, r);
	assert_non_null(r->feedback);
	return r->verdict;
}

static void expect(const char *id, const char *answer, enum course_verdict v,
		   const char *feedback_part)
{
	struct course_check_result r;
	enum course_verdict got = check(id, answer, &r);
	if (got != v)
		fail_msg("%s: \"%s\" is %s, expected %s (%s)", id, answer,
			 course_verdict_name(got), course_verdict_name(v), r.feedback);
	if (feedback_part && !strstr(r.feedback, feedback_part))
		fail_msg("%s: \"%s\": feedback \"%s\" lacks \"%s\"", id, answer,
			 r.feedback, feedback_part);
	course_result_clear(&r);
}

static void test_number_accepts_any_expression_of_the_value(void **state)
{
	(void)state;
	expect("t1.num", "24", COURSE_CORRECT, NULL);
	expect("t1.num", "4*3*2", COURSE_CORRECT, NULL);
	expect("t1.num", "2·12", COURSE_CORRECT, NULL);
	expect("t1.num", "C H 2", COURSE_CORRECT, NULL);
	expect("t1.num", "13", COURSE_INCORRECT, "your answer is 13");
}

static void test_number_written_as_a_shape_is_correct_with_a_note(void **state)
{
	(void)state;
	struct course_check_result r;
	assert_int_equal(check("t1.num", "4x3x2", &r), COURSE_CORRECT);
	assert_non_null(r.note);
	assert_string_equal(r.note, "Right count; the question asks for one number.");
	course_result_clear(&r);
	assert_int_equal(check("t1.num", "24", &r), COURSE_CORRECT);
	assert_null(r.note);
	course_result_clear(&r);
}

static void test_source_error_rule_flags_and_appends_the_erratum(void **state)
{
	(void)state;
	struct course_check_result r;
	assert_int_equal(check("t1.num", "12", &r), COURSE_INCORRECT);
	assert_true(r.source_error);
	assert_non_null(strstr(r.feedback, "You forgot the last dimension."));
	assert_non_null(strstr(r.feedback, "4 × 3 = 12"));
	assert_non_null(strstr(r.feedback, "4 · 3 · 2 = 24."));
	course_result_clear(&r);
	/* the same value written another way is the same mistake */
	assert_int_equal(check("t1.num", "4*3", &r), COURSE_INCORRECT);
	assert_true(r.source_error);
	course_result_clear(&r);
	assert_int_equal(check("t1.num", "13", &r), COURSE_INCORRECT);
	assert_false(r.source_error);
	course_result_clear(&r);
}

static void test_when_predicate_matches_by_value_of_the_answer(void **state)
{
	(void)state;
	expect("t1.num", "1000", COURSE_INCORRECT, "Far too big.");
	expect("t1.num", "10^4", COURSE_INCORRECT, "Far too big.");
}

static void test_blank_answer_is_blank_not_invalid(void **state)
{
	(void)state;
	struct course_check_result r;
	const char *blanks[] = { "", "   ", "\t \t" };
	for (size_t i = 0; i < sizeof blanks / sizeof *blanks; i++) {
		assert_int_equal(check("t1.num", blanks[i], &r), COURSE_BLANK);
		assert_string_equal(r.feedback, "No answer given yet.");
		assert_int_equal(r.error.kind, ENGINE_OK);
		course_result_clear(&r);
	}
	assert_string_equal(course_verdict_name(COURSE_BLANK), "blank");
}

static void test_malformed_answer_is_invalid_with_the_engine_error(void **state)
{
	(void)state;
	struct course_check_result r;
	assert_int_equal(check("t1.num", "2 $ 3", &r), COURSE_INVALID);
	assert_int_equal(r.error.kind, ENGINE_ERR_PARSE);
	assert_int_equal(r.error.start, 2);
	assert_non_null(strstr(r.feedback, "Parse error"));
	course_result_clear(&r);
	assert_int_equal(check("t1.num", "nosuchname + 1", &r), COURSE_INVALID);
	assert_int_equal(r.error.kind, ENGINE_ERR_NAME);
	course_result_clear(&r);
}

static void test_interpreted_is_the_engine_reading(void **state)
{
	(void)state;
	struct course_check_result r;
	assert_int_equal(check("t1.num", "4*3*2", &r), COURSE_CORRECT);
	assert_non_null(r.interpreted);
	assert_non_null(strstr(r.interpreted, "4"));
	course_result_clear(&r);
}

static void test_sequence_accepts_every_bracket_style(void **state)
{
	(void)state;
	expect("t1.seq", "(1, 2, 5, 8, 6, 8)", COURSE_CORRECT, NULL);
	expect("t1.seq", "[1, 2, 5, 8, 6, 8]", COURSE_CORRECT, NULL);
	expect("t1.seq", "[1 2 5 8 6 8]", COURSE_CORRECT, NULL);
	expect("t1.seq", "1, 2, 5, 8, 6, 8", COURSE_CORRECT, NULL);
	expect("t1.seq", "(2, 4, 7, 10, 3, 4)", COURSE_INCORRECT, "cross-correlation");
	expect("t1.seq", "(1, 2)", COURSE_INCORRECT, "Wrong length");
	expect("t1.seq", "(1, 2, 5, 8, 6, 9)", COURSE_INCORRECT, "Right length");
	expect("t1.seq", "24", COURSE_INCORRECT, NULL);
}

static void test_shape_accepts_alternatives_and_vectors(void **state)
{
	(void)state;
	expect("t1.shape", "7x7", COURSE_CORRECT, NULL);
	expect("t1.shape", "7×7", COURSE_CORRECT, NULL);
	expect("t1.shape", "64x7x7", COURSE_CORRECT, NULL);
	expect("t1.shape", "(7, 7)", COURSE_CORRECT, NULL);
	expect("t1.shape", "8x8", COURSE_INCORRECT, "Count the positions");
	expect("t1.shape", "49", COURSE_INCORRECT, NULL);
	expect("t1.shape", "7x7x64", COURSE_INCORRECT, NULL);
}

static void test_configuration_is_judged_by_the_constraint(void **state)
{
	(void)state;
	expect("t1.cfg", "K=3, S=3", COURSE_CORRECT, NULL);
	expect("t1.cfg", "S=3, K=3", COURSE_CORRECT, NULL);
	expect("t1.cfg", "K = 3, S = 3, P = 0", COURSE_CORRECT, NULL);
	expect("t1.cfg", "K=3, S=3, P=1", COURSE_INCORRECT, "fixes P = 0");
	expect("t1.cfg", "K=3", COURSE_INCORRECT, "Incomplete: give S");
	expect("t1.cfg", "K=4, S=2", COURSE_INCORRECT, "That gives 5 positions.");
	expect("t1.cfg", "K=1, S=4", COURSE_INCORRECT, "leaves gaps");
	expect("t1.cfg", "K=6, S=6", COURSE_INCORRECT, "does not give the required output size");
}

static void test_configuration_valid_only_by_the_floor_gets_a_note(void **state)
{
	(void)state;
	struct course_check_result r;
	/* floor((12 - 5)/2) + 1 = 4, but 7 is odd: one pixel never used */
	assert_int_equal(check("t1.cfg", "K=5, S=2", &r), COURSE_CORRECT);
	assert_non_null(r.note);
	assert_non_null(strstr(r.note, "floors"));
	course_result_clear(&r);
	assert_int_equal(check("t1.cfg", "K=3, S=3", &r), COURSE_CORRECT);
	assert_null(r.note);
	course_result_clear(&r);
}

static void test_configuration_with_an_unknown_name_is_invalid(void **state)
{
	(void)state;
	struct course_check_result r;
	assert_int_equal(check("t1.cfg", "X=3, K=3, S=3", &r), COURSE_INVALID);
	assert_non_null(strstr(r.feedback, "'X' is not a name this part takes"));
	assert_int_equal(r.error.start, 0);
	course_result_clear(&r);
	expect("t1.cfg", "K=3, K=4, S=3", COURSE_INVALID, "given twice, with different values");
	/* a harmless repeat, lowercase names, no commas, a chain */
	expect("t1.cfg", "K=3, K=3, S=3", COURSE_CORRECT, NULL);
	expect("t1.cfg", "k=3 s=3", COURSE_CORRECT, NULL);
	expect("t1.cfg", "K=S=3", COURSE_CORRECT, NULL);
	/* unnamed values in the order the part names them, with a note */
	assert_int_equal(check("t1.cfg", "3, 3", &r), COURSE_CORRECT);
	assert_string_equal(r.interpreted, "K=3, S=3");
	assert_non_null(strstr(r.note, "in the order the part asks for"));
	course_result_clear(&r);
	expect("t1.cfg", "3, 4", COURSE_INCORRECT, NULL);
	expect("t1.cfg", "3, 3, 0", COURSE_CORRECT, NULL);
	expect("t1.cfg", "3", COURSE_INVALID, NULL);
}

static void test_formula_accepts_equivalent_forms_and_a_named_left_side(void **state)
{
	(void)state;
	expect("t1.formula", "(1-p)/p", COURSE_CORRECT, NULL);
	expect("t1.formula", "1/p - 1", COURSE_CORRECT, NULL);
	expect("t1.formula", "(1 − p)÷p", COURSE_CORRECT, NULL);
	expect("t1.formula", "lambda = (1-p)/p", COURSE_CORRECT, NULL);
	expect("t1.formula", "p/(1-p)", COURSE_INCORRECT, "Upside down");
	expect("t1.formula", "λ = p/(1-p)", COURSE_INCORRECT, "Upside down");
	expect("t1.formula", "p", COURSE_INCORRECT, "Not equivalent");
	expect("t1.formula", "q", COURSE_INVALID, NULL);
}

/* Text with two plausible readings: when the other one would be judged
 * otherwise, the feedback says which was used and how to type the other. */
static void test_other_readings_are_named_when_they_change_the_verdict(void **state)
{
	(void)state;
	struct course_check_result r;
	/* 1-p/p is 0, which the published solution's rule catches; but this is
	 * a precedence slip, not that error: no erratum, no source flag */
	assert_int_equal(check("t1.formula", "1-p/p", &r), COURSE_INCORRECT);
	assert_non_null(strstr(r.feedback, "Read as (1 − p)/p it would be right"));
	assert_null(strstr(r.feedback, "There is a penalty"));
	assert_false(r.source_error);
	course_result_clear(&r);
	expect("t1.formula", "0", COURSE_INCORRECT, "There is a penalty");
	/* a number beside a matrix adds to every entry; I − … is named */
	assert_int_equal(check("t1.matrix", "1 - u u^T/norm(u)^2", &r), COURSE_INCORRECT);
	assert_non_null(strstr(r.feedback, "Read as I − u"));
	assert_non_null(strstr(r.feedback, "adds it to every entry"));
	course_result_clear(&r);
	/* a right answer whose other reading is wrong says what was read */
	assert_int_equal(check("t1.formula", "-1 + 1/p", &r), COURSE_CORRECT);
	assert_non_null(r.note);
	assert_non_null(strstr(r.note, "This was read as"));
	course_result_clear(&r);
	/* a reading nobody can compute (dividing by a matrix) is never offered */
	assert_int_equal(check("t1.matrix", "2/2 (I - u (u^T/(u^T u)))", &r),
			 COURSE_CORRECT);
	assert_true(!r.note || !strstr(r.note, "would not be right"));
	course_result_clear(&r);
}

static void test_factor_mode_accepts_a_positive_constant_only(void **state)
{
	(void)state;
	expect("t1.factor", "x^2", COURSE_CORRECT, NULL);
	expect("t1.factor", "x^2/2", COURSE_CORRECT, NULL);
	expect("t1.factor", "3x²", COURSE_CORRECT, NULL);
	expect("t1.factor", "-x^2", COURSE_INCORRECT, NULL);
	expect("t1.factor", "x^2 + 1", COURSE_INCORRECT, NULL);
}

static void test_matrix_expression_is_judged_by_equivalence(void **state)
{
	(void)state;
	expect("t1.matrix", "I - u u^T/norm(u)^2", COURSE_CORRECT, NULL);
	expect("t1.matrix", "I - u u'/(u'u)", COURSE_CORRECT, NULL);
	expect("t1.matrix", "I - uuᵀ/‖u‖²", COURSE_CORRECT, NULL);
	expect("t1.matrix", "u u'/‖u‖^2", COURSE_INCORRECT, "projects onto u itself");
	expect("t1.matrix", "I - u'u/norm(u)^2", COURSE_INCORRECT, NULL);
}

static void test_choice_takes_a_number_or_a_letter(void **state)
{
	(void)state;
	expect("t1.choice", "2", COURSE_CORRECT, NULL);
	expect("t1.choice", "b", COURSE_CORRECT, NULL);
	expect("t1.choice", "B", COURSE_CORRECT, NULL);
	expect("t1.choice", "(b)", COURSE_CORRECT, NULL);
	struct course_check_result r;
	assert_int_equal(check("t1.choice", "a", &r), COURSE_INCORRECT);
	assert_true(r.source_error);
	assert_non_null(strstr(r.feedback, "one δ per row"));
	course_result_clear(&r);
	expect("t1.choice", "3", COURSE_INCORRECT, NULL);
	expect("t1.choice", "4", COURSE_INVALID, "1 to 3");
	expect("t1.choice", "maybe", COURSE_INVALID, NULL);
}

static void test_choice_takes_the_text_however_it_is_wrapped(void **state)
{
	(void)state;
	/* the option's text, whole or a start no other option shares */
	expect("t1.choice", "One Bernoulli per input unit", COURSE_CORRECT, NULL);
	expect("t1.choice", "one bernoulli per input unit.", COURSE_CORRECT, NULL);
	expect("t1.choice", "One Bernoulli per input", COURSE_CORRECT, NULL);
	expect("t1.choice", "One Bernoulli per input…", COURSE_CORRECT, NULL);
	expect("t1.choice", "\"One Bernoulli per input unit\"", COURSE_CORRECT, NULL);
	expect("t1.choice", "“One Bernoulli per input unit”", COURSE_CORRECT, NULL);
	expect("t1.choice", "No mask at all", COURSE_INCORRECT, NULL);
	/* a start shared by two options, or cut inside a word */
	expect("t1.choice", "One Bernoulli per", COURSE_INVALID, "more than one option");
	expect("t1.choice", "One Bernoulli per inp", COURSE_INVALID, NULL);
	expect("t1.choice", "No mask", COURSE_INVALID, NULL);   /* under 8 bytes */
	/* a word before the label, a label with its text */
	expect("t1.choice", "option 2", COURSE_CORRECT, NULL);
	expect("t1.choice", "Option (b)", COURSE_CORRECT, NULL);
	expect("t1.choice", "choice: b", COURSE_CORRECT, NULL);
	expect("t1.choice", "b) One Bernoulli per input unit", COURSE_CORRECT, NULL);
	expect("t1.choice", "2. One Bernoulli per input unit", COURSE_CORRECT, NULL);
	expect("t1.choice", "a) One Bernoulli per input unit", COURSE_INVALID, "name different options");
	expect("t1.choice", "b) no idea", COURSE_INVALID, "not that option's");
}

static void test_a_part_of_no_course_is_unknown(void **state)
{
	(void)state;
	struct course_part stranger;
	memset(&stranger, 0, sizeof stranger);
	struct course_check_result r;
	course_check(course, &stranger, "1", &r);
	assert_int_equal(r.verdict, COURSE_UNKNOWN);
	assert_non_null(r.feedback);
	course_result_clear(&r);
	assert_string_equal(course_verdict_name(COURSE_CORRECT), "correct");
	assert_string_equal(course_verdict_name(COURSE_INCORRECT), "incorrect");
	assert_string_equal(course_verdict_name(COURSE_INVALID), "invalid");
	assert_string_equal(course_verdict_name(COURSE_UNKNOWN), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_accepts_any_expression_of_the_value),
		cmocka_unit_test(test_number_written_as_a_shape_is_correct_with_a_note),
		cmocka_unit_test(test_source_error_rule_flags_and_appends_the_erratum),
		cmocka_unit_test(test_when_predicate_matches_by_value_of_the_answer),
		cmocka_unit_test(test_malformed_answer_is_invalid_with_the_engine_error),
		cmocka_unit_test(test_blank_answer_is_blank_not_invalid),
		cmocka_unit_test(test_interpreted_is_the_engine_reading),
		cmocka_unit_test(test_sequence_accepts_every_bracket_style),
		cmocka_unit_test(test_shape_accepts_alternatives_and_vectors),
		cmocka_unit_test(test_configuration_is_judged_by_the_constraint),
		cmocka_unit_test(test_configuration_valid_only_by_the_floor_gets_a_note),
		cmocka_unit_test(test_configuration_with_an_unknown_name_is_invalid),
		cmocka_unit_test(test_formula_accepts_equivalent_forms_and_a_named_left_side),
		cmocka_unit_test(test_other_readings_are_named_when_they_change_the_verdict),
		cmocka_unit_test(test_factor_mode_accepts_a_positive_constant_only),
		cmocka_unit_test(test_matrix_expression_is_judged_by_equivalence),
		cmocka_unit_test(test_choice_takes_a_number_or_a_letter),
		cmocka_unit_test(test_choice_takes_the_text_however_it_is_wrapped),
		cmocka_unit_test(test_a_part_of_no_course_is_unknown),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
