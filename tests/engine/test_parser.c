/* Grammar: precedence and associativity, every bracket form, transposes,
 * norms, shapes, comparisons, configurations, and the parse errors with the
 * place they point at. */
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

static void test_precedence_and_associativity_follow_the_usual_rules(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "-2^2", "-4" },
		{ "2^3^2", "512" },
		{ "(2^3)^2", "64" },
		{ "2^-1", "0.5" },
		{ "-2^-2", "-0.25" },
		{ "(-2)^2", "4" },
		{ "2+3*4", "14" },
		{ "(2+3)*4", "20" },
		{ "2*3+4", "10" },
		{ "10-4-3", "3" },
		{ "10-(4-3)", "9" },
		{ "64/4/2", "8" },
		{ "64/(4/2)", "32" },
		{ "2*3^2", "18" },
		{ "-3*-2", "6" },
		{ "--3", "3" },
		{ "+3", "3" },
		{ "2 - -3", "5" },
		{ "1/2x", "0.1666666666666667" },
		{ "6/2(1+2)", "1" },
		{ "1/2*x", "1.5" },
		{ "1/(2x)", "0.1666666666666667" },
		{ "-x^2", "-9" },
		{ "2^x y", "16" },
		{ "x/y/2", "0.75" },
		{ "2**-1", "0.5" },
		{ "(((((1)))))", "1" },
		{ "2^3 != 8", "false" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_sequences_and_vectors_in_all_spellings_agree(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "(1, 2, 5)", "M 3 1: 1 2 5" },
		{ "[1, 2, 5]", "M 3 1: 1 2 5" },
		{ "[1 2 5]", "M 3 1: 1 2 5" },
		{ "1, 2, 5", "M 3 1: 1 2 5" },
		{ "(x, y)", "M 2 1: 3 2" },
		{ "[x y]", "M 2 1: 3 2" },
		{ "[x+1, 2y]", "M 2 1: 4 4" },
		{ "(1,2,5) + [1 2 5]", "M 3 1: 2 4 10" },
		{ "[ 1  2 ]", "M 2 1: 1 2" },
		{ "(1, 2, 5)", "P: (1, 2, 5)" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_matrices_in_all_spellings_agree(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "[[1,2],[3,4]]", "M 2 2: 1 2 3 4" },
		{ "[1 2; 3 4]", "M 2 2: 1 2 3 4" },
		{ "[1, 2; 3, 4]", "M 2 2: 1 2 3 4" },
		{ "[[1, 2, 3], [4, 5, 6]]", "M 2 3: 1 2 3 4 5 6" },
		{ "[1 2 3; 4 5 6]", "M 2 3: 1 2 3 4 5 6" },
		{ "[x y; 1 2]", "M 2 2: 3 2 1 2" },
		{ "[[1,2],[3,4]] - [1 2; 3 4]", "M 2 2: 0 0 0 0" },
		{ "[1 2; 3 4]", "P: [[1, 2], [3, 4]]" },
		{ "[1 2; 3]", "!*" },
		{ "[[1,2],[3]]", "!*" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_transpose_has_three_spellings(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "u'", "M 1 3: 1 2 3" },
		{ "u^T", "M 1 3: 1 2 3" },
		{ "uᵀ", "M 1 3: 1 2 3" },
		{ "transpose(u)", "M 1 3: 1 2 3" },
		{ "A'", "M 2 2: 1 3 2 4" },
		{ "A^T", "M 2 2: 1 3 2 4" },
		{ "Aᵀ", "M 2 2: 1 3 2 4" },
		{ "u''", "M 3 1: 1 2 3" },
		{ "u'*v", "32" },
		{ "u'v", "32" },
		{ "(A*B)'", "M 2 2: 2 4 1 3" },
		{ "u*u'", "M 3 3: 1 2 3 2 4 6 3 6 9" },
		{ "[1 2; 3 4]'", "M 2 2: 1 3 2 4" },
		{ "2^T", "2" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_elementwise_product_has_two_spellings(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "u.*v", "M 3 1: 4 10 18" },
		{ "u ⊙ v", "M 3 1: 4 10 18" },
		{ "A.*B", "M 2 2: 0 2 3 0" },
		{ "A⊙A", "M 2 2: 1 4 9 16" },
		{ "2 .* 3", "6" },
		{ "u.*w", "!Dimension error" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_norms_and_absolute_value_have_every_spelling(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "‖w‖", "5" },
		{ "||w||", "5" },
		{ "norm(w)", "5" },
		{ "|c|", "1" },
		{ "|-3|", "3" },
		{ "abs(-3)", "3" },
		{ "‖w‖^2", "25" },
		{ "||w||^2", "25" },
		{ "2‖w‖", "10" },
		{ "‖(1,2,2)‖", "3" },
		{ "|x - 5|", "2" },
		{ "‖w", "!Parse error" },
		{ "||w", "!Parse error" },
		{ "|x", "!Parse error" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

/* Where a shape fits (ENGINE_PARSE_SHAPES), × and x between whole numbers
 * write one; elsewhere they multiply, as README's tour says. */
static void test_shapes_are_literals_with_their_dimensions(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "128x24x24", "S: 128 24 24" },
		{ "128×24×24", "S: 128 24 24" },
		{ "3x3", "S: 3 3" },
		{ "128×24×24", "P: 128×24×24" },
		{ "2×3", "S: 2 3" },
		{ "128 x 24 x 24", "S: 128 24 24" },
		{ "128 X 24", "S: 128 24" },
		{ "7.0x7.0", "S: 7 7" },
		{ "7.0 × 7", "S: 7 7" },
		{ "2×x", "6" },
		{ "2x", "6" },
		{ "(2)×3", "6" },
	};
	t_parse_flags = ENGINE_PARSE_SHAPES;
	int failures = T_RUN_TABLE(rows, *state);
	static const struct t_eval_row products[] = {
		{ "128x24x24", "P: 73728" },
		{ "128×24×24", "P: 73728" },
		{ "3 × 5", "P: 15" },
		{ "4x4x64x128", "131072" },
		{ "2×x", "6" },
	};
	t_parse_flags = 0;
	failures += T_RUN_TABLE(products, *state);
	assert_int_equal(failures, 0);

	struct engine_error err;
	struct engine_parse_options shapes_opt = { ENGINE_PARSE_SHAPES, NULL };
	static const char *const shapes[] = { "128x24x24", "128×24×24", "1x1" };
	for (size_t i = 0; i < 3; i++) {
		struct engine_expr *e = engine_parse_ex(shapes[i], strlen(shapes[i]),
							*state, &shapes_opt, &err);
		assert_non_null(e);
		assert_true(engine_expr_is_shape(e));
		engine_expr_free(e);
	}
	static const char *const not_shapes[] = { "128*24*24", "2x", "3", "(1,2)" };
	for (size_t i = 0; i < 4; i++) {
		struct engine_expr *e = engine_parse(not_shapes[i],
						     strlen(not_shapes[i]), *state,
						     &err);
		assert_non_null(e);
		assert_false(engine_expr_is_shape(e));
		engine_expr_free(e);
	}
}

static void test_comparisons_and_logic_give_booleans(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "2 == 2", "true" },
		{ "1 + 1 = 2", "true" },
		{ "2 = 3", "false" },
		{ "0.1 + 0.2 == 0.3", "true" },
		{ "1 < 2", "true" },
		{ "2 < 1", "false" },
		{ "2 <= 2", "true" },
		{ "3 > 4", "false" },
		{ "4 >= 4", "true" },
		{ "x*y == 6", "true" },
		{ "1 < 2 and 2 < 3", "true" },
		{ "1 > 2 or 2 < 3", "true" },
		{ "not 1 > 2", "true" },
		{ "not (1 < 2)", "false" },
		{ "x == 3 and y == 2", "true" },
		{ "1 < 2", "P: true" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

/* "K=4, S=2, P=1": names, values and byte ranges, in order. */
static void test_configuration_reports_each_binding_in_order(void **state)
{
	const char *text = "K=4, S=2, P=1";
	struct engine_error err;
	struct engine_expr *e = engine_parse(text, strlen(text), *state, &err);
	assert_non_null(e);
	struct engine_binding b[8];
	int n = engine_expr_bindings(e, *state, b, 8, &err);
	assert_int_equal(n, 3);
	assert_string_equal(b[0].name, "K");
	assert_string_equal(b[1].name, "S");
	assert_string_equal(b[2].name, "P");
	assert_true(b[0].value == 4 && b[1].value == 2 && b[2].value == 1);
	assert_int_equal(b[0].start, 0);
	assert_int_equal(b[0].end, 3);
	assert_int_equal(b[1].start, 5);
	assert_int_equal(b[1].end, 8);
	assert_int_equal(b[2].start, 10);
	assert_int_equal(b[2].end, 13);
	engine_expr_free(e);
}

struct binding_case {
	const char *text;
	int count;          /* -1: must be refused */
	double first;       /* value of the first binding */
};

static void test_configuration_variants_are_read_or_refused(void **state)
{
	static const struct binding_case cases[] = {
		{ "K = 2*2, S = 1", 2, 4 },
		{ "P=(K-1)/2", 1, 1.5 },
		{ "S=2,K=4", 2, 2 },
		{ "K=4, S=2, P=1, W=256", 4, 4 },
		{ "K = W1/8", 1, 4 },
		{ "2 + 3", -1, 0 },
		{ "K=4, 5", -1, 0 },
		{ "K=(1,2)", -1, 0 },
		{ "K==4", -1, 0 },
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct engine_error err;
		memset(&err, 0, sizeof err);
		struct engine_expr *e = engine_parse(cases[i].text,
						     strlen(cases[i].text), *state,
						     &err);
		struct engine_binding b[8];
		int n = e ? engine_expr_bindings(e, *state, b, 8, &err) : -2;
		bool ok = n == cases[i].count &&
			  (n <= 0 || t_close(b[0].value, cases[i].first, 1e-12)) &&
			  (n != -1 || err.message[0] != '\0');
		if (!ok) {
			print_error("bindings `%s`: expected %d (first %g), got %d (%s)\n",
				    cases[i].text, cases[i].count, cases[i].first, n,
				    n > 0 ? "" : err.message);
			failures++;
		}
		engine_expr_free(e);
	}
	assert_int_equal(failures, 0);
}

static void test_equation_gives_its_name_and_right_hand_side(void **state)
{
	(void)state;
	struct engine_error err;
	struct engine_scope *s = engine_scope_new();
	assert_true(engine_scope_bind_number(s, "p", 0.25));
	const char *text = "lambda = (1-p)/p";
	struct engine_expr *e = engine_parse_open(text, strlen(text), s, &err);
	assert_non_null(e);
	const char *lhs = NULL;
	struct engine_expr *rhs = engine_expr_rhs(e, &lhs);
	assert_non_null(rhs);
	assert_string_equal(lhs, "lambda");
	struct engine_value *v = NULL;
	assert_true(engine_eval(rhs, s, &v, &err));
	assert_true(v->kind == ENGINE_NUMBER && t_close(v->number, 3, 1e-12));
	engine_value_free(v);
	engine_expr_free(rhs);
	engine_expr_free(e);

	/* Not of the form NAME = EXPR: no right-hand side. */
	e = engine_parse("p + 1", 5, s, &err);
	assert_non_null(e);
	lhs = "untouched";
	assert_null(engine_expr_rhs(e, &lhs));
	engine_expr_free(e);
	engine_scope_free(s);
}

static void test_open_parse_reports_free_names(void **state)
{
	(void)state;
	struct engine_error err;
	const char *text = "alpha^2 + 2 beta - sqrt(alpha)";
	assert_null(engine_parse(text, strlen(text), NULL, &err));
	assert_int_equal(err.kind, ENGINE_ERR_NAME);
	struct engine_expr *e = engine_parse_open(text, strlen(text), NULL, &err);
	assert_non_null(e);
	const char *names[8];
	size_t n = engine_expr_free_names(e, names, 8);
	assert_int_equal(n, 2);
	bool alpha = false, beta = false;
	for (size_t i = 0; i < n; i++) {
		alpha |= !strcmp(names[i], "alpha");
		beta |= !strcmp(names[i], "beta");
	}
	assert_true(alpha && beta);
	engine_expr_free(e);

	/* A closed parse has none. */
	e = engine_parse("sqrt(4)", 7, NULL, &err);
	assert_non_null(e);
	assert_int_equal(engine_expr_free_names(e, names, 8), 0);
	engine_expr_free(e);
}

struct perr_case {
	const char *text;
	const char *message;  /* a part of the message */
	size_t start, end;    /* expected byte range; start > end: any */
};

static void test_parse_errors_say_what_and_where(void **state)
{
	static const struct perr_case cases[] = {
		{ "2*(3+", "expected ')' to close '(' opened at column 3", 5, 5 },
		{ "(1, 2", "opened at column 1", 5, 5 },
		{ "[1 2", "']'", 4, 4 },
		{ "[[1,2],[3,4]", "']'", 12, 12 },
		{ "sqrt(4", "')'", 6, 6 },
		{ "2+", "end", 2, 2 },
		{ "", "", 0, 0 },
		{ "   ", "", 1, 0 },
		{ "2)", "')'", 1, 2 },
		{ "2 + * 3", "'*'", 4, 5 },
		{ "1 2 +", "", 1, 0 },
		{ "()", "", 1, 0 },
		{ "[1,,2]", "','", 3, 4 },
		{ "x = ", "", 1, 0 },
		{ "^2", "'^'", 0, 1 },
		{ "2 ^", "", 1, 0 },
		{ "(1+2]", "", 1, 0 },
		{ "‖‖", "", 1, 0 },
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct perr_case *c = &cases[i];
		struct engine_error err;
		memset(&err, 0, sizeof err);
		struct engine_expr *e = engine_parse(c->text, strlen(c->text), *state,
						     &err);
		bool ok = e == NULL && err.kind == ENGINE_ERR_PARSE &&
			  strstr(err.message, c->message) && err.message[0] &&
			  err.start <= err.end && err.end <= strlen(c->text) &&
			  (c->start > c->end ||
			   (err.start == c->start && err.end == c->end));
		if (!ok) {
			print_error("parse error `%s`: expected Parse error containing "
				    "\"%s\" at [%zu,%zu), got %s: %s [%zu,%zu)\n",
				    c->text, c->message, c->start, c->end,
				    e ? "(parsed)" : engine_error_kind_name(err.kind),
				    err.message, err.start, err.end);
			failures++;
		}
		engine_expr_free(e);
	}
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence_and_associativity_follow_the_usual_rules),
		cmocka_unit_test(test_sequences_and_vectors_in_all_spellings_agree),
		cmocka_unit_test(test_matrices_in_all_spellings_agree),
		cmocka_unit_test(test_transpose_has_three_spellings),
		cmocka_unit_test(test_elementwise_product_has_two_spellings),
		cmocka_unit_test(test_norms_and_absolute_value_have_every_spelling),
		cmocka_unit_test(test_shapes_are_literals_with_their_dimensions),
		cmocka_unit_test(test_comparisons_and_logic_give_booleans),
		cmocka_unit_test(test_configuration_reports_each_binding_in_order),
		cmocka_unit_test(test_configuration_variants_are_read_or_refused),
		cmocka_unit_test(test_equation_gives_its_name_and_right_hand_side),
		cmocka_unit_test(test_open_parse_reports_free_names),
		cmocka_unit_test(test_parse_errors_say_what_and_where),
	};
	return cmocka_run_group_tests_name("engine parser", tests, setup, teardown);
}
