/* Tokens as a student types them: numbers, ASCII and Unicode operators,
 * names split greedily into declared names, and bad characters. The lexer
 * has no public API, so every case goes through parse and evaluate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "support.h"

static int setup(void **state)
{
	*state = t_std_scope();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	engine_scope_free(*state);
	return 0;
}

static void test_numbers_in_every_written_form_evaluate(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "73728", "73728" },
		{ "0.5", "0.5" },
		{ "1e-4", "0.0001" },
		{ "1E3", "1000" },
		{ "2.5e2", "250" },
		{ "1/2", "0.5" },
		{ "007", "7" },
		{ "0", "0" },
		{ "3.", "3" },
		{ ".5", "0.5" },
		{ "1e+2", "100" },
		{ "  42  ", "42" },
		{ "\t1 +\t2", "3" },
		{ "123456789", "123456789" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_ascii_operators_are_recognised(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "2+3", "5" },
		{ "2-3", "-1" },
		{ "2*3", "6" },
		{ "6/4", "1.5" },
		{ "2^10", "1024" },
		{ "2**10", "1024" },
		{ "2 ** 3 ** 2", "512" },
		{ "(2)", "2" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_unicode_operators_pasted_from_notes_are_recognised(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "2×x", "6" },
		{ "x×2", "6" },
		{ "2·3", "6" },
		{ "6÷4", "1.5" },
		{ "5−2", "3" },
		{ "−2", "-2" },
		{ "√16", "4" },
		{ "√(9+16)", "5" },
		{ "2√4", "4" },
		{ "π", "3.14159265358979" },
		{ "2π", "6.28318530717959" },
		{ "3²", "9" },
		{ "2³", "8" },
		{ "x²", "9" },
		{ "(x+1)²", "16" },
		{ "-x²", "-9" },
		{ "A⁻¹", "M 2 2: -2 1 1.5 -0.5" },
		{ "2⁻¹", "0.5" },
		{ "uᵀ", "M 1 3: 1 2 3" },
		{ "u⊙v", "M 3 1: 4 10 18" },
		{ "‖w‖", "5" },
		{ "W₁", "32" },
		{ "2W₁", "64" },
		{ "λ", "0.5" },
		{ "2λ", "1" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_declared_names_are_read_greedily(void **state)
{
	static const struct t_eval_row rows[] = {
		/* W and W1 are both declared: W1 is one name, not W·1. */
		{ "W1", "32" },
		{ "W", "10" },
		{ "2W1", "64" },
		{ "W1x", "96" },
		{ "Wx", "30" },
		/* Runs of letters split into declared names. */
		{ "gu", "M 3 1: 2 4 6" },
		{ "ab", "10" },
		{ "xy", "6" },
		{ "2xy", "12" },
		{ "KS", "8" },
		/* Built-in names win over splitting into declared letters. */
		{ "abs(c)", "1" },
		{ "exp(0)", "1" },
		{ "max(x, y)", "3" },
		{ "sqrt(4)", "2" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_implicit_products_are_formed_from_adjacent_tokens(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "2P", "2" },
		{ "2x", "6" },
		{ "2(x+1)", "8" },
		{ "(a+b)(a-b)", "21" },
		{ "g u", "M 3 1: 2 4 6" },
		{ "x y", "6" },
		{ "2 x", "6" },
		{ "x(x+1)", "12" },
		{ "(x+1)2", "8" },
		{ "2x^2", "18" },
		{ "3(x)(y)", "18" },
		{ "2sqrt(4)", "4" },
		{ "(1+1)[1 2]", "M 2 1: 2 4" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_bad_characters_are_parse_errors_at_their_place(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "2 $ 3", "!Parse error" },
		{ "x @ y", "!Parse error" },
		{ "1 # 2", "!Parse error" },
		{ "€5", "!Parse error" },
		{ "2 \x01 3", "!Parse error" },
		{ "1 +\xFF", "!Parse error" },
		{ "\xC3", "!Parse error" },
		{ "2..5", "!Parse error" },
		{ "\"unterminated", "!Parse error" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

/* The error range points at the bad character itself (byte offsets). */
static void test_bad_character_range_covers_exactly_that_character(void **state)
{
	struct engine_error err;
	memset(&err, 0, sizeof err);
	const char *text = "2 + √x × $ 3";
	assert_null(engine_parse(text, strlen(text), *state, &err));
	assert_int_equal(err.kind, ENGINE_ERR_PARSE);
	size_t dollar = (size_t)(strchr(text, '$') - text);
	assert_int_equal(err.start, dollar);
	assert_int_equal(err.end, dollar + 1);

	const char *euro = "1 + €";
	memset(&err, 0, sizeof err);
	assert_null(engine_parse(euro, strlen(euro), *state, &err));
	assert_int_equal(err.start, 4);
	assert_int_equal(err.end, 7); /* the three bytes of € */
}

/* engine_parse takes a length: bytes after it are not part of the input. */
static void test_parse_reads_only_the_given_length(void **state)
{
	const char *text = "2+3$garbage";
	struct engine_error err;
	struct engine_expr *e = engine_parse(text, 3, *state, &err);
	assert_non_null(e);
	struct engine_value *v = NULL;
	assert_true(engine_eval(e, *state, &v, &err));
	assert_int_equal(v->kind, ENGINE_NUMBER);
	assert_true(v->number == 5);
	engine_value_free(v);
	engine_expr_free(e);
}

/* An unknown name is a Name error, not a silent split into letters. */
static void test_undeclared_identifier_runs_are_name_errors(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "q", "!Name error" },
		{ "2q + 1", "!Name error" },
		{ "xq", "!Name error" },
		{ "foo(2)", "!Name error" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_in_every_written_form_evaluate),
		cmocka_unit_test(test_ascii_operators_are_recognised),
		cmocka_unit_test(test_unicode_operators_pasted_from_notes_are_recognised),
		cmocka_unit_test(test_declared_names_are_read_greedily),
		cmocka_unit_test(test_implicit_products_are_formed_from_adjacent_tokens),
		cmocka_unit_test(test_bad_characters_are_parse_errors_at_their_place),
		cmocka_unit_test(test_bad_character_range_covers_exactly_that_character),
		cmocka_unit_test(test_parse_reads_only_the_given_length),
		cmocka_unit_test(test_undeclared_identifier_runs_are_name_errors),
	};
	return cmocka_run_group_tests_name("engine lexer", tests, setup, teardown);
}
