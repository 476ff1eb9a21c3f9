/* Errors: every category with its message and byte range, the caret
 * formatter, "did you mean", and the limits that keep hostile input from
 * crashing or hanging the tutor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "utf8.h"

static int setup(void **state)
{
	struct engine_scope *s = t_std_scope();
	struct engine_shape scalar = { ENGINE_SCALAR, { 0, NULL }, { 0, NULL } };
	if (!s || !engine_scope_declare(s, "lambda", scalar, ENGINE_DOMAIN_REAL, NULL) ||
	    !engine_scope_bind_number(s, "lambda", 0.5))
		return -1;
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	engine_scope_free(*state);
	return 0;
}

static void test_kind_names_start_every_message(void **state)
{
	(void)state;
	assert_string_equal(engine_error_kind_name(ENGINE_OK), "OK");
	assert_string_equal(engine_error_kind_name(ENGINE_ERR_PARSE), "Parse error");
	assert_string_equal(engine_error_kind_name(ENGINE_ERR_NAME), "Name error");
	assert_string_equal(engine_error_kind_name(ENGINE_ERR_TYPE), "Type error");
	assert_string_equal(engine_error_kind_name(ENGINE_ERR_DIMENSION), "Dimension error");
	assert_string_equal(engine_error_kind_name(ENGINE_ERR_MATH), "Math error");
	assert_string_equal(engine_error_kind_name(ENGINE_ERR_LIMIT), "Limit");
	assert_string_equal(engine_error_kind_name(ENGINE_ERR_MEMORY), "Out of memory");
	/* An out-of-range kind still names something. */
	assert_non_null(engine_error_kind_name((enum engine_error_kind)99));
}

static void test_unclosed_paren_is_formatted_with_a_caret(void **state)
{
	const char *text = "2*(3+";
	struct engine_error err;
	memset(&err, 0, sizeof err);
	assert_null(engine_parse(text, strlen(text), *state, &err));
	assert_int_equal(err.kind, ENGINE_ERR_PARSE);
	assert_string_equal(err.message, "expected ')' to close '(' opened at column 3");
	char *f = engine_error_format(text, &err);
	assert_non_null(f);
	assert_string_equal(f,
		"Parse error: expected ')' to close '(' opened at column 3\n"
		"  2*(3+\n"
		"       ^\n");
	free(f);
}

static void test_format_underlines_the_whole_range(void **state)
{
	(void)state;
	struct engine_error err = { ENGINE_ERR_NAME, 4, 7, "unknown name 'foo'" };
	char *f = engine_error_format("1 + foo", &err);
	assert_string_equal(f, "Name error: unknown name 'foo'\n"
			       "  1 + foo\n"
			       "      ^^^\n");
	free(f);
}

/* Columns are code points, so the caret sits under '$' after √ × ‖. */
static void test_format_counts_code_points_not_bytes(void **state)
{
	(void)state;
	const char *text = "√x × ‖u‖ + $";
	size_t at = (size_t)(strchr(text, '$') - text);
	struct engine_error err = { ENGINE_ERR_PARSE, at, at + 1, "bad character '$'" };
	char *f = engine_error_format(text, &err);
	assert_string_equal(f, "Parse error: bad character '$'\n"
			       "  √x × ‖u‖ + $\n"
			       "             ^\n");
	free(f);
	/* The same through the parser. */
	memset(&err, 0, sizeof err);
	assert_null(engine_parse(text, strlen(text), NULL, &err));
	assert_int_equal(err.start, at);
}

static void test_format_of_a_long_input_stays_short_and_points_right(void **state)
{
	(void)state;
	char text[1200];
	memset(text, '1', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	for (size_t i = 1; i + 1 < sizeof text - 1; i += 2)
		text[i] = '+';
	text[900] = '$';
	struct engine_error err;
	memset(&err, 0, sizeof err);
	assert_null(engine_parse(text, strlen(text), NULL, &err));
	assert_int_equal(err.start, 900);
	char *f = engine_error_format(text, &err);
	assert_non_null(f);
	assert_true(strlen(f) < 600);
	/* The caret line's '^' is under the '$' of the line above. */
	char *line2 = strchr(f, '\n') + 1;
	char *line3 = strchr(line2, '\n') + 1;
	char *caret = strchr(line3, '^');
	char *dollar = strchr(line2, '$');
	assert_non_null(caret);
	assert_non_null(dollar);
	assert_int_equal(utf8_count(line3, (size_t)(caret - line3)),
			 utf8_count(line2, (size_t)(dollar - line2)));
	free(f);
}

static void test_unknown_names_suggest_the_closest_declared_or_builtin(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "1 + lamda", "!Name error: did you mean|lambda" },
		{ "sqr(4)", "!Name error: did you mean|sqrt" },
		{ "sofmax((1, 2))", "!Name error: did you mean|softmax" },
		{ "trase(A)", "!Name error: did you mean|trace" },
		{ "lambd + 1", "!Name error: did you mean|lambda" },
		{ "zzzzzz", "!Name error: zzzzzz" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);

	/* The range covers the unknown name, and nothing close means no
	 * suggestion. */
	struct engine_error err;
	memset(&err, 0, sizeof err);
	assert_null(engine_parse("1 + lamda", 9, *state, &err));
	assert_int_equal(err.start, 4);
	assert_int_equal(err.end, 9);
	memset(&err, 0, sizeof err);
	assert_null(engine_parse("qqqqqqq", 7, *state, &err));
	assert_null(strstr(err.message, "did you mean"));
}

static void test_math_errors_are_reported_not_returned_as_nan(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "1/0", "!Math error" },
		{ "x/(y-2)", "!Math error" },
		{ "sqrt(-1)", "!Math error" },
		{ "log(0)", "!Math error" },
		{ "log(-1)", "!Math error" },
		{ "ln(c)", "!Math error" },
		{ "0^-1", "!Math error" },
		{ "inv([1 2; 2 4])", "!Math error" },
		{ "[1 2; 2 4]^-1", "!Math error" },
		{ "(-8)^(1/3)", "!Math error" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static char *limit_message(const char *text, const struct engine_scope *scope);

/* No infinity or NaN ever comes out of the evaluator: a value too large
 * for a double is an error, as a division by zero is, wherever it arises. */
static void test_overflow_is_a_math_error_not_infinity(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "10^400", "!Math error: overflows" },
		{ "1e308*10", "!Math error: overflows" },
		{ "10^400 - 10^400", "!Math error: overflows" },
		{ "-10^400", "!Math error: overflows" },
		{ "exp(1000)", "!Math error: overflows" },
		{ "exp(1000) - exp(1000)", "!Math error" },
		{ "(1e200, 2)*1e200", "!Math error: overflows" },
		{ "sum((1e308, 1e308))", "!Math error: overflows" },
		{ "norm((1e300, 1e300))*1e10", "!Math error" },
		{ "2^1024", "!Math error" },
		{ "(1e200)^2", "!Math error" },
		{ "[1e200 0; 0 1]^2", "!Math error" },
		{ "prod(ones(2000, 1)*10)", "!Math error" },
		{ "0*10^400", "!Math error" },
		{ "tan(pi/2)*1e300", "!Math error" },
		{ "1/1e-320", "!Math error" },
		{ "exp(-1000)", "0" },
		{ "10^300", "1e300" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

/* Every built-in charges the work it really does: a short input that
 * would loop billions of times stops at the step limit instead. */
static void test_builtins_charge_what_they_really_do(void **state)
{
	static const char *const costly[] = {
		"0*sum(conv(ones(65536),1))",
		"sum(conv(ones(65536), ones(65536)))",
		"sum(conv(ones(60000), ones(2), \"same\"))*0 + sum(conv(ones(60000), ones(60000), \"valid\"))",
		"unread_count(65536, 65536, 1, 65536, 0)",
		"sum(reads(65536, 2000, 1, 2000, 0))",
		"norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))"
		"*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))"
		"*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))"
		"*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))"
		"*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))"
		"*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))*norm(ones(65536))",
		"eye(200)^1000",
		"eye(2)^1000000",
		"det(ones(256,256)) + det(ones(256,256)) + det(ones(256,256)) + det(ones(256,256))",
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof costly / sizeof costly[0]; i++) {
		char *m = limit_message(costly[i], *state);
		if (!m) {
			print_error("`%.60s…` was not stopped by a limit\n", costly[i]);
			failures++;
		}
		free(m);
	}
	assert_int_equal(failures, 0);
}

static void test_type_errors_reject_values_of_the_wrong_kind(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "\"full\" + 1", "!Type error" },
		{ "sqrt(\"full\")", "!Type error" },
		{ "conv(u, v, 3)", "!*" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

/* Evaluation errors point into the text at the operation that failed. */
static void test_evaluation_errors_point_at_the_failing_part(void **state)
{
	static const struct {
		const char *text;
		size_t min_start, max_end;
	} cases[] = {
		{ "1 + 1/0", 4, 7 },
		{ "2*x + sqrt(-1)", 6, 14 },
		{ "x + (u + u')", 4, 12 },
		{ "1 + 2 + log(0)", 8, 14 },
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct engine_value *v = NULL;
		struct engine_error err;
		memset(&err, 0, sizeof err);
		bool ok = engine_eval_text(cases[i].text, *state, &v, &err);
		engine_value_free(v);
		if (ok || err.start < cases[i].min_start || err.end > cases[i].max_end ||
		    err.end <= err.start) {
			print_error("`%s`: expected an error inside [%zu,%zu), got %s [%zu,%zu)\n",
				    cases[i].text, cases[i].min_start, cases[i].max_end,
				    ok ? "success" : err.message, err.start, err.end);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static char *repeat(const char *unit, size_t times, const char *middle,
		    const char *closing)
{
	size_t ul = strlen(unit), cl = strlen(closing), ml = strlen(middle);
	char *s = malloc(times * (ul + cl) + ml + 1);
	char *p = s;
	for (size_t i = 0; i < times; i++, p += ul)
		memcpy(p, unit, ul);
	memcpy(p, middle, ml);
	p += ml;
	for (size_t i = 0; i < times; i++, p += cl)
		memcpy(p, closing, cl);
	*p = '\0';
	return s;
}

/* Run text; it must fail with a Limit error. Returns the message. */
static char *limit_message(const char *text, const struct engine_scope *scope)
{
	struct engine_value *v = NULL;
	struct engine_error err;
	memset(&err, 0, sizeof err);
	bool ok = engine_eval_text(text, scope, &v, &err);
	engine_value_free(v);
	if (ok || err.kind != ENGINE_ERR_LIMIT) {
		print_error("`%.60s…` (%zu bytes): expected a Limit error, got %s: %s\n",
			    text, strlen(text), ok ? "success" : engine_error_kind_name(err.kind),
			    ok ? "" : err.message);
		return NULL;
	}
	return strdup(err.message);
}

static void test_limits_each_have_their_own_message(void **state)
{
	/* Input length: one byte past the limit. */
	char *long_input = malloc(ENGINE_MAX_INPUT + 2);
	for (size_t i = 0; i < ENGINE_MAX_INPUT + 1; i++)
		long_input[i] = i % 2 ? '+' : '1';
	long_input[ENGINE_MAX_INPUT] = '1';
	long_input[ENGINE_MAX_INPUT + 1] = '\0';
	char *nested = repeat("(", 200, "1", ")");
	char *sizes = strdup("outer(ones(65536, 1), ones(2, 1))");
	char *steps = strdup("sum(eye(250)*eye(250)*eye(250)*eye(250))");

	char *m_len = limit_message(long_input, *state);
	char *m_depth = limit_message(nested, *state);
	char *m_size = limit_message(sizes, *state);
	char *m_steps = limit_message(steps, *state);
	assert_non_null(m_len);
	assert_non_null(m_depth);
	assert_non_null(m_size);
	assert_non_null(m_steps);
	assert_string_not_equal(m_len, m_depth);
	assert_string_not_equal(m_len, m_size);
	assert_string_not_equal(m_len, m_steps);
	assert_string_not_equal(m_depth, m_size);
	assert_string_not_equal(m_depth, m_steps);
	assert_string_not_equal(m_size, m_steps);
	free(m_len);
	free(m_depth);
	free(m_size);
	free(m_steps);
	free(long_input);
	free(nested);
	free(sizes);
	free(steps);
}

static void test_more_hostile_inputs_hit_limits_not_crashes(void **state)
{
	static const char *const units[][3] = {
		{ "-", "1", "" },           /* deep unary minus */
		{ "2^", "2", "" },          /* deep right-associative power */
		{ "[", "1", "]" },          /* deep brackets */
		{ "sqrt(", "1", ")" },      /* deep calls */
		{ "(-", "1", ")" },         /* deep brackets with signs */
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		char *text = repeat(units[i][0], 1000, units[i][1], units[i][2]);
		char *m = limit_message(text, *state);
		failures += m == NULL;
		free(m);
		free(text);
	}
	static const char *const big[] = {
		"eye(200)*eye(200)*eye(200)*eye(200)*eye(200)",
		"ones(65536, 1)*ones(65536, 1)'",
		"outer(ones(256, 1), ones(257, 1))",
		"sum(ones(256, 256)*ones(256, 256))",
	};
	for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
		char *m = limit_message(big[i], *state);
		failures += m == NULL;
		free(m);
	}
	/* Constructors refuse absurd sizes up front, with a message. */
	static const struct t_eval_row refused[] = {
		{ "eye(1000)", "!*: 256" },
		{ "ones(300, 300)", "!*" },
		{ "masks(20)", "!*" },
		{ "zeros(100000, 1)", "!*" },
		{ "eye(-1)", "!*" },
	};
	failures += T_RUN_TABLE(refused, *state);
	/* Just under the input limit is fine. */
	char *ok_input = malloc(ENGINE_MAX_INPUT + 1);
	for (size_t i = 0; i < ENGINE_MAX_INPUT - 1; i++)
		ok_input[i] = i % 2 ? '+' : '1';
	ok_input[ENGINE_MAX_INPUT - 1] = '\0';
	double x = 0;
	assert_true(t_eval_number(ok_input, *state, &x));
	assert_true(x == ENGINE_MAX_INPUT / 2);
	free(ok_input);
	/* Nesting well under the limit is fine. */
	char *shallow = repeat("(", 20, "1", ")");
	assert_true(t_eval_number(shallow, *state, &x));
	free(shallow);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names_start_every_message),
		cmocka_unit_test(test_unclosed_paren_is_formatted_with_a_caret),
		cmocka_unit_test(test_format_underlines_the_whole_range),
		cmocka_unit_test(test_format_counts_code_points_not_bytes),
		cmocka_unit_test(test_format_of_a_long_input_stays_short_and_points_right),
		cmocka_unit_test(test_unknown_names_suggest_the_closest_declared_or_builtin),
		cmocka_unit_test(test_math_errors_are_reported_not_returned_as_nan),
		cmocka_unit_test(test_overflow_is_a_math_error_not_infinity),
		cmocka_unit_test(test_builtins_charge_what_they_really_do),
		cmocka_unit_test(test_type_errors_reject_values_of_the_wrong_kind),
		cmocka_unit_test(test_evaluation_errors_point_at_the_failing_part),
		cmocka_unit_test(test_limits_each_have_their_own_message),
		cmocka_unit_test(test_more_hostile_inputs_hit_limits_not_crashes),
	};
	return cmocka_run_group_tests_name("engine errors", tests, setup, teardown);
}
