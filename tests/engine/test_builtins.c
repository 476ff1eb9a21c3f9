/* Every built-in function: values, element-wise behaviour on matrices, true
 * convolution in its three modes, masks and exact mask expectations, and
 * wrong arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
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

static void test_elementary_functions_give_their_values(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "sqrt(16)", "4" },
		{ "sqrt(2)", "1.414213562373095" },
		{ "exp(0)", "1" },
		{ "exp(1)", "2.718281828459045" },
		{ "log(exp(2))", "2" },
		{ "ln(exp(3))", "3" },
		{ "log(1)", "0" },
		{ "abs(-2.5)", "2.5" },
		{ "abs(2.5)", "2.5" },
		{ "floor(2.7)", "2" },
		{ "floor(-2.5)", "-3" },
		{ "ceil(2.1)", "3" },
		{ "ceil(-2.1)", "-2" },
		{ "round(2.4)", "2" },
		{ "mod(7, 3)", "1" },
		{ "pi", "3.141592653589793" },
		{ "sin(0)", "0" },
		{ "cos(0)", "1" },
		{ "tan(0)", "0" },
		{ "floor((W1 - K)/S) + 1", "15" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_elementwise_functions_apply_to_each_entry(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "sqrt([4 9; 16 25])", "M 2 2: 2 3 4 5" },
		{ "exp((0, 0))", "M 2 1: 1 1" },
		{ "log((1, 1))", "M 2 1: 0 0" },
		{ "abs((-1, 2, -3))", "M 3 1: 1 2 3" },
		{ "floor((1.5, -1.5))", "M 2 1: 1 -2" },
		{ "ceil((1.5, -1.5))", "M 2 1: 2 -1" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_reductions_work_over_all_entries(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "min(3, 1, 2)", "1" },
		{ "max(3, 1, 2)", "3" },
		{ "min((3, 1, 2))", "1" },
		{ "max(A)", "4" },
		{ "min(x, y)", "2" },
		{ "sum((1, 2, 3))", "6" },
		{ "sum(u)", "6" },
		{ "sum(A)", "10" },
		{ "prod((1, 2, 3, 4))", "24" },
		{ "prod(A)", "24" },
		{ "mean((1, 2, 3, 4))", "2.5" },
		{ "mean(A)", "2.5" },
		{ "norm((3, 4))", "5" },
		{ "norm(u)^2", "14" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_linear_algebra_functions(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "dot(u, v)", "32" },
		{ "dot((1, 0), (0, 1))", "0" },
		{ "outer((1, 2), (3, 4))", "M 2 2: 3 4 6 8" },
		{ "outer(u, w)", "M 3 2: 3 4 6 8 9 12" },
		{ "transpose([1 2; 3 4])", "M 2 2: 1 3 2 4" },
		{ "transpose([1 2 3; 4 5 6])", "M 3 2: 1 4 2 5 3 6" },
		{ "eye(2)", "M 2 2: 1 0 0 1" },
		{ "eye(1)", "M 1 1: 1" },
		{ "diag((1, 2))", "M 2 2: 1 0 0 2" },
		{ "inv([[2,0],[0,4]])", "M 2 2: 0.5 0 0 0.25" },
		{ "inv(A)", "M 2 2: -2 1 1.5 -0.5" },
		{ "inv([2 1 0; 1 2 1; 0 1 2])*[2 1 0; 1 2 1; 0 1 2]", "M 3 3: 1 0 0 0 1 0 0 0 1" },
		{ "det([1 2; 3 4])", "-2" },
		{ "det(eye(3))", "1" },
		{ "det([2 0 0; 0 3 0; 0 0 4])", "24" },
		{ "det([1 2 3; 4 5 6; 7 8 10])", "-3" },
		{ "trace([1 2; 3 4])", "5" },
		{ "trace(eye(4))", "4" },
		{ "sum(ones(2, 3))", "6" },
		{ "sum(zeros(2, 2))", "0" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_softmax_normalises_each_column(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "softmax((0, 0))", "M 2 1: 0.5 0.5" },
		{ "softmax((1, 2, 3))",
		  "M 3 1: 0.09003057317038046 0.2447284710547977 0.6652409557748219" },
		{ "sum(softmax((1, 2, 3)))", "1" },
		/* Shift invariant, and stable for large inputs. */
		{ "softmax((1001, 1002, 1003))",
		  "M 3 1: 0.09003057317038046 0.2447284710547977 0.6652409557748219" },
		{ "softmax([0 1; 0 1])", "M 2 2: 0.5 0.5 0.5 0.5" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

/* True convolution flips the kernel: conv(x, w)[k] = Σ x[i]·w[k−i]. */
static void test_conv_is_true_convolution_in_three_modes(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "conv((1,2,3,4), (1,0,2), \"full\")", "M 6 1: 1 2 5 8 6 8" },
		{ "conv((1,2,3,4), (1,0,2), \"valid\")", "M 2 1: 5 8" },
		{ "conv((1,2,3,4), (1,0,2), \"same\")", "M 4 1: 2 5 8 6" },
		{ "conv((1,2,3), (0,1), \"full\")", "M 4 1: 0 1 2 3" },
		{ "conv((1,1), (1,1), \"full\")", "M 3 1: 1 2 1" },
		{ "conv((1,2,3), (1,2,3), \"valid\")", "M 1 1: 10" },
		{ "conv((1,2,3,4), (1,0,2), \"bogus\")", "!Type error: conv mode" },
		{ "conv((1,2), (1,2,3), \"valid\")", "M 2 1: 4 7" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_masks_lists_every_binary_row(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "sum(masks(1))", "1" },
		{ "sum(masks(2))", "4" },
		{ "sum(masks(3))", "12" },
		{ "prod(masks(2) + ones(4, 2))", "16" },
		{ "masks(-1)", "!*" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);

	/* 2ⁿ distinct rows of n entries, each 0 or 1. */
	struct engine_value *v = NULL;
	struct engine_error err;
	assert_true(engine_eval_text("masks(3)", *state, &v, &err));
	assert_int_equal(v->kind, ENGINE_MATRIX);
	assert_int_equal(v->rows, 8);
	assert_int_equal(v->cols, 3);
	unsigned seen = 0;
	for (size_t r = 0; r < 8; r++) {
		unsigned code = 0;
		for (size_t c = 0; c < 3; c++) {
			double d = v->data[r * 3 + c];
			assert_true(d == 0 || d == 1);
			code = code * 2 + (unsigned)d;
		}
		seen |= 1u << code;
	}
	assert_int_equal(seen, 0xFF);
	engine_value_free(v);
}

/* The exact expectation over every 0/1 filling of a declared variable. */
static void test_expect_mask_is_the_exact_expectation(void **state)
{
	(void)state;
	struct engine_scope *s = engine_scope_new();
	struct engine_shape vec3 = { ENGINE_VECTOR, { 3, NULL }, { 0, NULL } };
	assert_true(engine_scope_declare(s, "m", vec3, ENGINE_DOMAIN_BINARY, NULL));
	static const double xs[] = { 1, 2, 3 };
	assert_true(t_bind_vector(s, "z", 3, xs));
	static const struct t_eval_row rows[] = {
		{ "expect_mask(m, 0.5, sum(m))", "1.5" },
		{ "expect_mask(m, 0.3, sum(m))", "0.9" },
		{ "expect_mask(m, 0.3, prod(m))", "0.027" },
		/* E[(Σm)²] = 3·0.3·0.7 + 0.9² */
		{ "expect_mask(m, 0.3, sum(m)^2)", "1.44" },
		{ "expect_mask(m, 0.5, dot(m, z))", "3" },
		{ "expect_mask(m, 1, sum(m))", "3" },
		{ "expect_mask(m, 0, sum(m))", "0" },
		{ "expect_mask(m, 0.5, m)", "M 3 1: 0.5 0.5 0.5" },
		/* Dropout scaling: E[m⊙z/p] = z. */
		{ "expect_mask(m, 0.25, m.*z/0.25)", "M 3 1: 1 2 3" },
	};
	int failures = T_RUN_TABLE(rows, s);
	/* Bound to a value, the mask variable is enumerated all the same:
	 * its value is replaced by every filling. */
	static const double ones3[] = { 1, 1, 1 };
	assert_true(t_bind_vector(s, "m", 3, ones3));
	failures += T_RUN_TABLE(rows, s);
	engine_scope_free(s);
	assert_int_equal(failures, 0);
}

static void test_wrong_arguments_are_reported_with_the_function_name(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "sqrt(1, 2)", "!*: sqrt" },
		{ "sqrt()", "!*: sqrt" },
		{ "dot(u)", "!*: dot" },
		{ "mod(1)", "!*: mod" },
		{ "expect_mask(1, 2)", "!*: expect_mask" },
		{ "dot(u, w)", "!Dimension error: 3|2" },
		{ "det([1 2 3; 4 5 6])", "!Dimension error: 2×3" },
		{ "inv([1 2 3; 4 5 6])", "!Dimension error: 2×3" },
		{ "trace((1, 2, 3))", "!Dimension error: 3×1" },
		{ "eye(0.5)", "!*" },
		{ "sqrt", "!*" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_builtin_names_list_every_required_function(void **state)
{
	(void)state;
	static const char *const required[] = { "sqrt", "exp", "log", "ln", "abs",
		"floor", "ceil", "min", "max", "sum", "prod", "mean", "norm", "dot",
		"outer", "transpose", "eye", "diag", "inv", "det", "trace", "softmax",
		"conv", "masks", "expect_mask", "round", "mod", "ones", "zeros" };
	const char *const *names = engine_builtin_names();
	assert_non_null(names);
	int failures = 0;
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		bool found = false;
		for (size_t j = 0; names[j]; j++)
			found |= !strcmp(names[j], required[i]);
		if (!found) {
			print_error("built-in `%s` missing from engine_builtin_names()\n",
				    required[i]);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elementary_functions_give_their_values),
		cmocka_unit_test(test_elementwise_functions_apply_to_each_entry),
		cmocka_unit_test(test_reductions_work_over_all_entries),
		cmocka_unit_test(test_linear_algebra_functions),
		cmocka_unit_test(test_softmax_normalises_each_column),
		cmocka_unit_test(test_conv_is_true_convolution_in_three_modes),
		cmocka_unit_test(test_masks_lists_every_binary_row),
		cmocka_unit_test(test_expect_mask_is_the_exact_expectation),
		cmocka_unit_test(test_wrong_arguments_are_reported_with_the_function_name),
		cmocka_unit_test(test_builtin_names_list_every_required_function),
	};
	return cmocka_run_group_tests_name("engine builtins", tests, setup, teardown);
}
