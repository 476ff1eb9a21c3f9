/* Evaluation: matrix arithmetic, the context-sized identity, dimension
 * errors that name both shapes, value printing, and the scope API. */
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

static void test_scalar_arithmetic_uses_bound_values(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "(W1 - K + 2P)/S + 1", "16" },
		{ "(2P + W1 - K + S)/S", "16" },
		{ "x^2 - y^2", "5" },
		{ "(x+y)(x-y)", "5" },
		{ "a/b", "2.5" },
		{ "p*(1-p)", "0.1875" },
		{ "(1-p)/p", "3" },
		{ "λ^2", "0.25" },
		{ "3*128*6*6", "13824" },
		{ "128*24*24", "73728" },
		{ "2^0.5", "1.414213562373095" },
		{ "c^2", "1" },
		{ "c^3", "-1" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_vector_and_matrix_arithmetic(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "u + v", "M 3 1: 5 7 9" },
		{ "v - u", "M 3 1: 3 3 3" },
		{ "-u", "M 3 1: -1 -2 -3" },
		{ "2u", "M 3 1: 2 4 6" },
		{ "u*2", "M 3 1: 2 4 6" },
		{ "u/2", "M 3 1: 0.5 1 1.5" },
		{ "x u", "M 3 1: 3 6 9" },
		{ "A + B", "M 2 2: 1 3 4 4" },
		{ "A - B", "M 2 2: 1 1 2 4" },
		{ "A*B", "M 2 2: 2 1 4 3" },
		{ "A B", "M 2 2: 2 1 4 3" },
		{ "B*A", "M 2 2: 3 4 1 2" },
		{ "A*w", "M 2 1: 11 25" },
		{ "w'*A", "M 1 2: 15 22" },
		{ "w'*A*w", "133" },
		{ "A^2", "M 2 2: 7 10 15 22" },
		{ "A^-1", "M 2 2: -2 1 1.5 -0.5" },
		{ "A*A^-1", "M 2 2: 1 0 0 1" },
		{ "A/2", "M 2 2: 0.5 1 1.5 2" },
		{ "u'*u", "14" },
		{ "(u'*u)*u", "M 3 1: 14 28 42" },
		{ "u*v'", "M 3 3: 4 5 6 8 10 12 12 15 18" },
		{ "[1 2 3]*2", "M 3 1: 2 4 6" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_identity_takes_the_size_its_neighbours_need(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "A + I", "M 2 2: 2 2 3 5" },
		{ "I + A", "M 2 2: 2 2 3 5" },
		{ "A - 2I", "M 2 2: -1 2 3 2" },
		{ "I*w", "M 2 1: 3 4" },
		{ "A*I", "M 2 2: 1 2 3 4" },
		{ "(I - u*u'/norm(u)^2)*u", "M 3 1: 0 0 0" },
		{ "(I - u*u'/14)*v", "M 3 1: 1.714285714285714 0.4285714285714286 -0.8571428571428571" },
		{ "u'*(2I)*u", "28" },
		{ "eye(2) + A", "M 2 2: 2 2 3 5" },
		{ "eye(3)", "M 3 3: 1 0 0 0 1 0 0 0 1" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

/* A dimension mismatch names both shapes, in the order written. */
static void test_dimension_errors_name_both_shapes(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "u + u'", "!Dimension error: cannot add 3×1 and 1×3" },
		{ "u' + u", "!Dimension error: cannot add 1×3 and 3×1" },
		{ "u + w", "!Dimension error: cannot add 3×1 and 2×1" },
		{ "A + u", "!Dimension error: cannot add 2×2 and 3×1" },
		{ "u - w", "!Dimension error: 3×1|2×1" },
		{ "A*u", "!Dimension error: 2×2|3×1" },
		{ "u*w", "!Dimension error: 3×1|2×1" },
		{ "u*[1 2 3; 4 5 6]", "!Dimension error: 3×1|2×3" },
		{ "u'*A", "!Dimension error: 1×3|2×2" },
		{ "u.*w", "!Dimension error: 3×1|2×1" },
		{ "[1 2 3; 4 5 6]^2", "!Dimension error: 2×3" },
		{ "(1,2) == (1,2,3)", "!*" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_values_print_in_their_plain_form(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "73728", "P: 73728" },
		{ "0.5", "P: 0.5" },
		{ "-2^2", "P: -4" },
		{ "0.1 + 0.2", "P: 0.3" },
		{ "1/3", "P: 0.3333333333" },
		{ "(1, 2, 5)", "P: (1, 2, 5)" },
		{ "[[1,2],[3,4]]", "P: [[1, 2], [3, 4]]" },
		{ "2 > 1", "P: true" },
		{ "2 < 1", "P: false" },
		{ "128x24x24", "P: 73728" },
		{ "3 × 5", "P: 15" },
		{ "1e-4", "P: 0.0001" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_vector_length_is_reported_for_either_orientation(void **state)
{
	static const struct { const char *text; size_t len; } cases[] = {
		{ "u", 3 }, { "u'", 3 }, { "(1,2,5,7)", 4 }, { "A", 0 }, { "x", 0 },
		{ "[1 2 3; 4 5 6]", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct engine_value *v = NULL;
		struct engine_error err;
		assert_true(engine_eval_text(cases[i].text, *state, &v, &err));
		assert_int_equal(engine_value_vector_length(v), cases[i].len);
		engine_value_free(v);
	}
}

static void test_shape_text_parses_as_the_command_line_writes_it(void **state)
{
	(void)state;
	struct engine_scope *s = engine_scope_new();
	struct engine_shape sh;
	struct engine_error err;
	assert_true(engine_scope_parse_shape(s, "scalar", &sh, &err));
	assert_int_equal(sh.kind, ENGINE_SCALAR);
	assert_true(engine_scope_parse_shape(s, "vector(n)", &sh, &err));
	assert_int_equal(sh.kind, ENGINE_VECTOR);
	assert_string_equal(sh.rows.name, "n");
	assert_true(engine_scope_parse_shape(s, "vector(3)", &sh, &err));
	assert_int_equal(sh.kind, ENGINE_VECTOR);
	assert_true(sh.rows.name == NULL || sh.rows.name[0] == '\0');
	assert_int_equal(sh.rows.size, 3);
	assert_true(engine_scope_parse_shape(s, "matrix(n,m)", &sh, &err));
	assert_int_equal(sh.kind, ENGINE_MAT);
	assert_string_equal(sh.rows.name, "n");
	assert_string_equal(sh.cols.name, "m");
	assert_true(engine_scope_parse_shape(s, "matrix(3, d)", &sh, &err));
	assert_int_equal(sh.rows.size, 3);
	assert_string_equal(sh.cols.name, "d");

	static const char *const bad[] = { "tensor(3)", "vector", "vector()",
		"vector(n", "matrix(3)", "", "scalar(2)", "vector(0)", "vector(-1)",
		"matrix(n,m,k)" };
	int failures = 0;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		if (engine_scope_parse_shape(s, bad[i], &sh, &err) ||
		    err.message[0] == '\0') {
			print_error("shape `%s` was accepted or gave no message\n", bad[i]);
			failures++;
		}
	}
	engine_scope_free(s);
	assert_int_equal(failures, 0);
}

static void test_scope_declares_good_names_and_refuses_bad_ones(void **state)
{
	(void)state;
	struct engine_scope *s = engine_scope_new();
	struct engine_shape scalar = { ENGINE_SCALAR, { 0, NULL }, { 0, NULL } };
	assert_true(engine_scope_declare(s, "W1", scalar, ENGINE_DOMAIN_REAL, NULL));
	assert_true(engine_scope_declare(s, "lambda", scalar, ENGINE_DOMAIN_POSITIVE, NULL));
	assert_true(engine_scope_declare(s, "η", scalar, ENGINE_DOMAIN_UNIT, NULL));
	assert_false(engine_scope_declare(s, "", scalar, ENGINE_DOMAIN_REAL, NULL));
	assert_false(engine_scope_declare(s, "2x", scalar, ENGINE_DOMAIN_REAL, NULL));
	assert_false(engine_scope_declare(s, "a b", scalar, ENGINE_DOMAIN_REAL, NULL));
	assert_false(engine_scope_declare(s, "x+y", scalar, ENGINE_DOMAIN_REAL, NULL));

	const char *names[16];
	size_t n = engine_scope_names(s, names, 16);
	assert_int_equal(n, 3);
	bool w1 = false, lambda = false;
	for (size_t i = 0; i < n; i++) {
		w1 |= !strcmp(names[i], "W1");
		lambda |= !strcmp(names[i], "lambda");
	}
	assert_true(w1 && lambda);
	/* max smaller than the count: no overflow, count still reported or
	 * capped, never more written than max. */
	const char *one[1];
	assert_true(engine_scope_names(s, one, 1) >= 1);
	engine_scope_free(s);
}

static void test_declared_but_unbound_variable_cannot_be_evaluated(void **state)
{
	(void)state;
	struct engine_scope *s = engine_scope_new();
	struct engine_shape scalar = { ENGINE_SCALAR, { 0, NULL }, { 0, NULL } };
	assert_true(engine_scope_declare(s, "t", scalar, ENGINE_DOMAIN_REAL, NULL));
	struct engine_value *v = NULL;
	struct engine_error err;
	memset(&err, 0, sizeof err);
	assert_false(engine_eval_text("t + 1", s, &v, &err));
	assert_null(v);
	assert_true(err.message[0] != '\0');
	assert_int_equal(err.start, 0);
	assert_int_equal(err.end, 1);
	engine_scope_free(s);
}

static void test_rebinding_a_name_replaces_its_value(void **state)
{
	(void)state;
	struct engine_scope *s = engine_scope_new();
	assert_true(engine_scope_bind_number(s, "k", 2));
	double x = 0;
	assert_true(t_eval_number("k^2", s, &x));
	assert_true(x == 4);
	assert_true(engine_scope_bind_number(s, "k", 3));
	assert_true(t_eval_number("k^2", s, &x));
	assert_true(x == 9);
	engine_scope_free(s);
}

/* The expression keeps no pointer into its text or its scope. */
static void test_expression_outlives_its_text_and_scope(void **state)
{
	(void)state;
	char *text = strdup("2k + W1");
	struct engine_scope *s1 = engine_scope_new();
	assert_true(engine_scope_bind_number(s1, "k", 1));
	assert_true(engine_scope_bind_number(s1, "W1", 1));
	struct engine_error err;
	struct engine_expr *e = engine_parse(text, strlen(text), s1, &err);
	assert_non_null(e);
	memset(text, '#', strlen(text));
	free(text);
	engine_scope_free(s1);

	struct engine_scope *s2 = engine_scope_new();
	assert_true(engine_scope_bind_number(s2, "k", 10));
	assert_true(engine_scope_bind_number(s2, "W1", 5));
	struct engine_value *v = NULL;
	assert_true(engine_eval(e, s2, &v, &err));
	assert_true(v->kind == ENGINE_NUMBER && v->number == 25);
	char *printed = engine_expr_print(e);
	assert_non_null(printed);
	free(printed);
	engine_value_free(v);
	engine_expr_free(e);
	engine_scope_free(s2);
}

static void test_every_free_accepts_null(void **state)
{
	(void)state;
	engine_expr_free(NULL);
	engine_value_free(NULL);
	engine_scope_free(NULL);
}

static void test_eval_text_parses_and_evaluates_in_one_call(void **state)
{
	struct engine_value *v = NULL;
	struct engine_error err;
	assert_true(engine_eval_text("(W1 - K + 2P)/S + 1", *state, &v, &err));
	assert_int_equal(v->kind, ENGINE_NUMBER);
	assert_true(v->number == 16);
	engine_value_free(v);
	v = NULL;
	memset(&err, 0, sizeof err);
	assert_false(engine_eval_text("2*(3+", *state, &v, &err));
	assert_null(v);
	assert_int_equal(err.kind, ENGINE_ERR_PARSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalar_arithmetic_uses_bound_values),
		cmocka_unit_test(test_vector_and_matrix_arithmetic),
		cmocka_unit_test(test_identity_takes_the_size_its_neighbours_need),
		cmocka_unit_test(test_dimension_errors_name_both_shapes),
		cmocka_unit_test(test_values_print_in_their_plain_form),
		cmocka_unit_test(test_vector_length_is_reported_for_either_orientation),
		cmocka_unit_test(test_shape_text_parses_as_the_command_line_writes_it),
		cmocka_unit_test(test_scope_declares_good_names_and_refuses_bad_ones),
		cmocka_unit_test(test_declared_but_unbound_variable_cannot_be_evaluated),
		cmocka_unit_test(test_rebinding_a_name_replaces_its_value),
		cmocka_unit_test(test_expression_outlives_its_text_and_scope),
		cmocka_unit_test(test_every_free_accepts_null),
		cmocka_unit_test(test_eval_text_parses_and_evaluates_in_one_call),
	};
	return cmocka_run_group_tests_name("engine eval", tests, setup, teardown);
}
