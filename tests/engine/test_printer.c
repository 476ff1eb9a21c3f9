/* The printer: canonical Unicode text that shows how an answer was read
 * ("interpreted as: …"), parenthesised where precedence could surprise, and
 * that parses back to the same value. */
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

static void test_implicit_product_under_division_prints_parenthesised(void **state)
{
	char *s = t_print("1/2x", *state);
	assert_non_null(s);
	assert_string_equal(s, "1/(2·x)");
	free(s);
}

/* Compared after normalising spacing and equivalent symbols (− and -, × ·
 * and *, ᵀ ' ^T, ² ^2), so the test pins down the structure the printer
 * shows, not its typography. */
static void test_printed_form_shows_the_structure_that_was_parsed(void **state)
{
	static const struct { const char *in, *out; } rows[] = {
		{ "1/2x", "1/(2·x)" },
		{ "2P", "2·P" },
		{ "2(x+1)", "2·(x+1)" },
		{ "(a+b)(a-b)", "(a+b)·(a-b)" },
		{ "g u", "g·u" },
		{ "W1", "W1" },
		{ "2W1", "2·W1" },
		{ "a+b*x", "a+b·x" },
		{ "(a+b)*x", "(a+b)·x" },
		{ "a-(b-x)", "a-(b-x)" },
		{ "a-b-x", "a-b-x" },
		{ "a/(b/x)", "a/(b/x)" },
		{ "(-2)^2", "(-2)^2" },
		{ "2^(3^2)", "2^(3^2)" },
		{ "2^3^2", "2^(3^2)" },
		{ "(2^3)^2", "(2^3)^2" },
		{ "x^2", "x^2" },
		{ "sqrt(x)", "√(x)" },
		{ "√x", "√(x)" },
		{ "u'", "uᵀ" },
		{ "u^T", "uᵀ" },
		{ "(u+v)'", "(u+v)ᵀ" },
		{ "‖w‖", "‖w‖" },
		{ "||w||", "‖w‖" },
		{ "2×x", "2·x" },
		{ "x == 3", "x==3" },
		{ "x <= 3", "x<=3" },
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *printed = t_print(rows[i].in, *state);
		char *norm = printed ? t_normalise(printed) : NULL;
		char *want = t_normalise(rows[i].out);
		if (!norm || strcmp(norm, want)) {
			print_error("print `%s`: expected %s, got %s\n", rows[i].in,
				    rows[i].out, printed ? printed : "(parse failed)");
			failures++;
		}
		free(printed);
		free(norm);
		free(want);
	}
	assert_int_equal(failures, 0);
}

/* Printing then re-parsing gives the same value, and printing is stable:
 * print(parse(print(e))) == print(e). */
static void test_printed_text_parses_back_to_the_same_value(void **state)
{
	static const char *const inputs[] = {
		"73728", "0.5", "1e-4", "1/2", "-2^2", "2^3^2", "2**3", "(-2)^2",
		"2^-1", "-x^2", "--x", "1/2x", "6/2(1+2)", "2P", "2(x+1)",
		"(a+b)(a-b)", "g u", "gu", "W1x", "2W₁", "x² + y³", "√(x+1)", "2√x",
		"π", "2π x", "λ/2", "(1, 2, 5)", "[1, 2, 5]", "[1 2 5]", "1, 2, 5",
		"[[1,2],[3,4]]", "[1 2; 3 4]", "u'", "u^T", "uᵀ", "u'*v", "u'v",
		"A⁻¹", "A^-1", "u.*v", "u⊙v", "‖u‖", "||u||", "norm(u)", "|c|",
		"|x - 5|", "‖u‖^2", "128x24x24", "128×24×24", "K=4, S=2, P=1",
		"x = 3", "x == 3", "x < 4", "x <= 3", "x > 4", "x >= 3",
		"x > 1 and y < 3", "not x > 1 or y == 2", "x != 2",
		"(W1 - K + 2P)/S + 1", "(2P + W1 - K + S)/S",
		"g/norm(u)*(I - u*u'/norm(u)^2)*v", "g*(v - u*dot(u,v)/norm(u)^2)/norm(u)",
		"A + I", "2I - A", "conv((1,2,3,4), (1,0,2), \"full\")",
		"conv(u, (1, 1), \"same\")", "softmax(u)", "outer(u, v)",
		"det(A) + trace(A)", "inv(A)*A", "diag(w)", "eye(3)", "max(x, y, 1)",
		"sum(u)/mean(u)", "prod(u)", "floor(x/2) + ceil(x/2)", "exp(-x)",
		"log(x) - ln(y)", "abs(c)", "mod(7, 3)", "round(2.4)", "sin(x)^2 + cos(x)^2",
		"sum(masks(2))", "-(x + y)", "x - (-y)", "x - -y", "-(-x)", "x*(-1)",
		"(x)(y)", "x/(y*a)", "x/y*a", "x/y/a", "x^(y^a)", "(x^y)^a", "x^-y",
		"-x^-y", "2^x y", "a·b×x", "a÷b", "5 − 2", "[x y; 1 2]'",
		"(A*B)'", "A'*B'", "u*u'/14", "x^2^-1", "1e3/1e-3", "0.000123",
		"123456789.25", "1/3", "2/3*x", "sqrt(x)^2", "(√x)²", "√x²", "sqrt(u)'",
		"abs(c)^2", "exp(x)^2", "(-x)^2", "x'^2",
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		const char *in = inputs[i];
		char *p1 = t_print(in, *state);
		char *p2 = p1 ? t_print(p1, *state) : NULL;
		char *d_in = t_outcome(in, *state);
		char *d_p1 = p1 ? t_outcome(p1, *state) : NULL;
		bool ok = p1 && p2 && !strcmp(p1, p2) && d_p1 && !strcmp(d_in, d_p1);
		if (!ok) {
			print_error("round trip `%s`: printed `%s`, reprinted `%s`; "
				    "value %s vs %s\n", in, p1 ? p1 : "(parse failed)",
				    p2 ? p2 : "(parse failed)", d_in, d_p1 ? d_p1 : "-");
			failures++;
		}
		free(p1);
		free(p2);
		free(d_in);
		free(d_p1);
	}
	assert_int_equal(failures, 0);
}

/* Printed text is canonical: ASCII spellings become their Unicode form, so
 * the "interpreted as" line looks the same however the student typed it. */
static void test_equal_spellings_print_identically(void **state)
{
	static const char *const groups[][4] = {
		{ "u'", "u^T", "uᵀ", NULL },
		{ "‖u‖", "||u||", NULL, NULL },
		{ "u.*v", "u⊙v", NULL, NULL },
		{ "2*x", "2×x", "2·x", NULL },
		{ "(1, 2, 5)", "[1, 2, 5]", "[1 2 5]", NULL },
		{ "[1 2; 3 4]", "[1, 2; 3, 4]", NULL, NULL },
		{ "128x24x24", "128×24×24", NULL, NULL },
		{ "W1", "W₁", NULL, NULL },
		{ "x**2", "x^2", "x²", NULL },
		{ "5-2", "5−2", NULL, NULL },
	};
	int failures = 0;
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		char *first = t_print(groups[g][0], *state);
		for (size_t i = 1; i < 4 && groups[g][i]; i++) {
			char *other = t_print(groups[g][i], *state);
			if (!first || !other || strcmp(first, other)) {
				print_error("`%s` printed `%s` but `%s` printed `%s`\n",
					    groups[g][0], first ? first : "(parse failed)",
					    groups[g][i], other ? other : "(parse failed)");
				failures++;
			}
			free(other);
		}
		free(first);
	}
	assert_int_equal(failures, 0);
}

/* Numbers print exactly enough to parse back to the same double. */
static void test_numbers_print_without_losing_precision(void **state)
{
	static const char *const numbers[] = { "0.1", "0.30000000000000004",
		"3.141592653589793", "1e-300", "123456789012345678", "2.5e-7" };
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		char *p = t_print(numbers[i], *state);
		assert_non_null(p);
		double a = 0, b = 0;
		assert_true(t_eval_number(numbers[i], *state, &a));
		assert_true(t_eval_number(p, *state, &b));
		if (a != b)
			print_error("`%s` printed `%s`, which reads back as %.17g\n",
				    numbers[i], p, b);
		assert_true(a == b);
		free(p);
	}
}

/* A printed value is itself an expression: reading it back gives the same
 * value (to the 10 significant digits values print with). Booleans print
 * as true/false, which are not literals of the language, so they are left
 * out. */
static void test_printed_values_read_back_as_the_same_value(void **state)
{
	static const char *const inputs[] = { "73728", "0.5", "-2^2", "1/3",
		"(1, 2, 5)", "u", "u'", "A", "[1 2 3; 4 5 6]", "A^-1", "u*v'",
		"128x24x24", "softmax(u)", "1e-7", "-1e12",
		"eye(3)", "conv((1,2,3,4), (1,0,2), \"same\")", "masks(2)" };
	int failures = 0;
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		struct engine_value *v1 = NULL, *v2 = NULL;
		struct engine_error err;
		char *printed = NULL;
		bool ok = engine_eval_text(inputs[i], *state, &v1, &err) &&
			  (printed = engine_value_print(v1)) != NULL &&
			  engine_eval_text(printed, *state, &v2, &err) &&
			  v1->kind == v2->kind;
		if (ok && v1->kind == ENGINE_MATRIX) {
			ok = v1->rows == v2->rows && v1->cols == v2->cols;
			for (size_t k = 0; ok && k < v1->rows * v1->cols; k++)
				ok = t_close(v1->data[k], v2->data[k], 1e-9);
		} else if (ok && v1->kind == ENGINE_SHAPE) {
			ok = v1->ndims == v2->ndims;
			for (size_t k = 0; ok && k < v1->ndims; k++)
				ok = v1->dims[k] == v2->dims[k];
		} else if (ok) {
			ok = t_close(v1->number, v2->number, 1e-9);
		}
		if (!ok) {
			print_error("value of `%s` printed `%s`, which reads back as %s\n",
				    inputs[i], printed ? printed : "(nothing)",
				    v2 ? "another value" : err.message);
			failures++;
		}
		free(printed);
		engine_value_free(v1);
		engine_value_free(v2);
	}
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_implicit_product_under_division_prints_parenthesised),
		cmocka_unit_test(test_printed_form_shows_the_structure_that_was_parsed),
		cmocka_unit_test(test_printed_text_parses_back_to_the_same_value),
		cmocka_unit_test(test_equal_spellings_print_identically),
		cmocka_unit_test(test_numbers_print_without_losing_precision),
		cmocka_unit_test(test_printed_values_read_back_as_the_same_value),
	};
	return cmocka_run_group_tests_name("engine printer", tests, setup, teardown);
}
