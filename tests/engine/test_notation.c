/* The notations students write and paste, read by the engine: LaTeX,
 * accented names (precomposed or combining), every transpose spelling,
 * products of vectors, entry-by-entry division, fractional matrix powers,
 * the parse options (shapes, space-separated lists, digit groups, labels,
 * an index), chained configurations, dimension names and defined
 * variables, and the tap enumeration built-ins. */
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
	struct engine_scope *s = t_std_scope();
	struct engine_shape sc = { ENGINE_SCALAR, { 0, NULL }, { 0, NULL } };
	static const double wb[] = { 0.5, -1 };
	bool ok = s && t_bind_vector(s, "wbar", 2, wb) &&
		  engine_scope_bind_number(s, "yhat", 7) &&
		  engine_scope_bind_number(s, "xtilde", 9) &&
		  engine_scope_bind_number(s, "η", 0.1);
	(void)sc;
	if (!ok) {
		engine_scope_free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	engine_scope_free(*state);
	return 0;
}

static void test_latex_pasted_from_notes_is_read(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "\\frac{1-p}{p}", "3" },
		{ "\\frac{x}{y}", "1.5" },
		{ "\\frac{1}{2}x", "1.5" },
		/* TeX's own reading of arguments without braces */
		{ "\\frac12", "0.5" }, { "\\tfrac12 x", "1.5" }, { "\\frac{1}2", "0.5" },
		{ "\\dfrac1x", "0.3333333333333333" },
		{ "\\sqrt{16}", "4" },
		{ "\\|u\\|^2", "14" },
		{ "\\lVert u \\rVert", "3.741657386773941" },
		{ "\\lambda", "0.5" },
		{ "\\eta^2", "0.01" },
		{ "\\eta", "0.1" },
		{ "x \\cdot y", "6" },
		{ "u \\cdot v", "32" },
		{ "u \\odot v", "M 3 1: 4 10 18" },
		{ "w^\\top w", "25" },
		{ "w^{\\top} w", "25" },
		{ "w^{T} w", "25" },
		{ "\\mathbf{u}^\\top \\mathbf{v}", "32" },
		{ "\\left( x + y \\right) \\cdot 2", "10" },
		{ "\\left\\| w \\right\\|", "5" },
		{ "x\\,y", "6" },
		{ "$x + y$", "5" },
		{ "$$x + y$$", "5" },
		{ "\\exp(0)", "1" },
		{ "\\operatorname{diag}(w)", "M 2 2: 3 0 0 4" },
		{ "\\bar{w}", "M 2 1: 0.5 -1" },
		{ "\\hat{y}", "7" },
		{ "\\tilde{x}", "9" },
		{ "{x + y}^2", "25" },
		{ "x \\le y", "false" },
		{ "\\pi", "3.141592653589793" },
		{ "\\sum_i x", "!Parse error: sum" },
		{ "\\foo", "!Parse error: unknown LaTeX command" },
		{ "\\frac{1}", "!Parse error: \\frac" },
		{ "x + $", "!Parse error: '$'" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_accented_names_are_one_name_however_typed(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "w\xcc\x84", "M 2 1: 0.5 -1" },          /* w + combining macron */
		{ "w\xcc\x85", "M 2 1: 0.5 -1" },          /* w + combining overline */
		{ "\xc5\xb7", "7" },                       /* ŷ precomposed */
		{ "y\xcc\x82", "7" },                      /* y + combining circumflex */
		{ "x\xcc\x83", "9" },                      /* x + combining tilde */
		{ "2w\xcc\x84", "M 2 1: 1 -2" },
		{ "\xcf\xb5", "!Name error" },             /* ϵ is ε, not declared here */
		{ "q\xcc\x84", "!Name error: q\xcc\x84" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_every_transpose_spelling_is_a_transpose(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "w'w", "25" }, { "wᵀw", "25" }, { "wᵗw", "25" }, { "w⊤w", "25" },
		{ "w.'*w", "25" }, { "w^T w", "25" }, { "w^Tw", "25" },
		{ "A^Tu", "!Dimension error" },  /* 2×2 times 3×1: still read as Aᵀ·u */
		{ "A^T", "M 2 2: 1 3 2 4" },
		{ "A^t", "M 2 2: 1 3 2 4" },
		{ "A^(T)", "M 2 2: 1 3 2 4" },
		{ "x^t", "3" },   /* the transpose of a number is the number */
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_products_of_vectors_and_entrywise_division(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "u·v", "32" }, { "u⋅v", "32" }, { "u∙v", "32" }, { "u \\cdot v", "32" },
		/* u*v of two columns is no product: say what to write */
		{ "u*v", "!Dimension error: u'*v, u·v or dot(u, v)|u*v'|u .* v" },
		{ "u v", "!Dimension error: inner product" },
		{ "2·u", "M 3 1: 2 4 6" }, { "A·A", "M 2 2: 7 10 15 22" }, { "u'·v", "32" },
		/* a number is added to every entry: z − c, 1 − M */
		{ "u - 1", "M 3 1: 0 1 2" }, { "1 - A", "M 2 2: 0 -1 -2 -3" },
		{ "I - 1", "P: 0·I" }, { "A + I", "M 2 2: 2 2 3 5" },
		/* MATLAB's left division A\b */
		{ "A\\(1, 2)", "M 2 1: 0 0.5" }, { "(A)\\w", "M 2 1: -2 2.5" },
		{ "u'v", "32" }, { "u*v'", "M 3 3: 4 5 6 8 10 12 12 15 18" },
		/* one item in brackets after an operand is indexing to a student */
		{ "u[2]", "!Parse error: reads as indexing" },
		{ "softmax(u)[1]", "!Parse error: reads as indexing" },
		{ "(1+1)[1 2]", "M 2 1: 2 4" }, { "2[3]", "6" },
		{ "u ./ v", "M 3 1: 0.25 0.4 0.5" },
		{ "u ./ (0, 1, 2)", "!Math error: division by zero" },
		{ "u/v", "!Dimension error: ./" },
		{ "sum(u^2)", "14" },
		{ "u^2", "M 3 1: 1 4 9" },
		{ "|w|", "5" },
		{ "diag(diag(A'*A))^0.5", "M 2 2: 3.16227766016838 0 0 4.47213595499958" },
		{ "[4 0; 0 9]^½", "M 2 2: 2 0 0 3" },
		{ "[2 1; 1 2]^0.5*[2 1; 1 2]^0.5", "M 2 2: 2 1 1 2" },
		{ "[4 0; 0 9]^-0.5", "M 2 2: 0.5 0 0 0.3333333333333333" },
		{ "[1 2; 3 4]^0.5", "!Math error: symmetric" },
		{ "[1 2; 2 1]^0.5", "!Math error: negative eigenvalue" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_new_builtins(void **state)
{
	static const struct t_eval_row rows[] = {
		{ "length(u)", "3" }, { "length(u')", "3" }, { "numel(A)", "4" },
		{ "length(A)", "!Dimension error: numel" },
		{ "logsumexp((0, 0))", "0.6931471805599453" },
		{ "logsumexp((1000, 1000))", "1000.693147180560" },
		{ "log_softmax((0, 0))", "M 2 1: -0.6931471805599453 -0.6931471805599453" },
		{ "exp(log_softmax(u)) - softmax(u)", "M 3 1: 0 0 0" },
		{ "sigmoid(0)", "0.5" }, { "sigmoid(-800)", "0" }, { "tanh(0)", "0" },
		{ "relu((-1, 2))", "M 2 1: 0 2" }, { "log2(8)", "3" }, { "log10(1000)", "3" },
		{ "sign((-2, 0, 3))", "M 3 1: -1 0 1" }, { "tr(A)", "5" }, { "e", "2.718281828459045" },
		{ "Id*2 + A", "M 2 2: 3 2 3 6" },
		/* a row vector is one vector too */
		{ "logsumexp(u')", "3.40760596444438" },
		{ "softmax(u') - softmax(u)'", "M 1 3: 0 0 0" },
		/* one-argument functions without brackets, a 2-norm's subscript */
		{ "log x", "1.09861228866811" }, { "exp 0 + 1", "2" }, { "sqrt 16", "4" },
		{ "‖u‖_2", "3.741657386773941" }, { "‖u‖₂^2", "14" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

/* The taps of a window, enumerated: the answer key's corrected q3 facts. */
static void test_taps_are_enumerated_not_inferred(void **state)
{
	static const struct t_eval_row rows[] = {
		/* q3.a.ii K=2, P=3 (S=2, D=6): exact, yet 0, 2, 61, 63 unread */
		{ "unread(64, 2, 2, 3, 6)", "M 4 1: 0 2 61 63" },
		{ "unread_count(64, 2, 2, 3, 6)", "4" },
		/* K=3, P=7: rounded, every pixel read */
		{ "unread_count(64, 3, 2, 7, 6)", "0" },
		{ "unread(64, 3, 2, 7, 6)", "!Math error: every input pixel is read" },
		/* K=1, P=0: only the 32 even pixels */
		{ "unread_count(64, 1, 2, 0, 6)", "32" },
		/* q3.d.i (K, S) = (1, 2): pixels 0, 2, 4, 6 read */
		{ "reads(8, 1, 2, 0, 0)", "M 8 1: 1 0 1 0 1 0 1 0" },
		/* q3.d.ii (2, 3), D = 1, P = 2: pixels 2 and 5 unread */
		{ "unread(8, 2, 3, 2, 1)", "M 2 1: 2 5" },
		{ "sum(reads(8, 3, 1, 1, 0))", "22" },  /* 24 taps, 2 on padding */
		{ "reads(4, 9, 1, 0, 0)", "M 4 1: 0 0 0 0" },   /* no window fits */
		{ "reads(4, 0, 1, 0, 0)", "!Type error" },
		{ "reads(4, 2, 0, 0, 0)", "!Type error" },
	};
	assert_int_equal(T_RUN_TABLE(rows, *state), 0);
}

static void test_parse_options_read_answers_as_their_part_needs(void **state)
{
	static const struct t_eval_row lists[] = {
		{ "1 2 5 8 6 8", "M 6 1: 1 2 5 8 6 8" },
		{ "(1 2 5 8 6 8)", "M 6 1: 1 2 5 8 6 8" },
		{ "(1, 2, 5)", "M 3 1: 1 2 5" },
		{ "1 -2 3", "M 3 1: 1 -2 3" },
		{ "conv(u, (1 0 2), \"full\")", "M 5 1: 1 2 5 4 6" },
		{ "max(1, 2)", "2" },
	};
	t_parse_flags = ENGINE_PARSE_SPACE_LISTS;
	int failures = T_RUN_TABLE(lists, *state);
	static const struct t_eval_row groups[] = {
		{ "73 728", "73728" },
		{ "131 072", "131072" },
		{ "1 234 567", "1234567" },
		{ "73\xe2\x80\x89" "728", "73728" },   /* thin space */
		{ "73 72", "!Parse error: two numbers" },
		{ "73 7280", "!Parse error: two numbers" },
		{ "1 234.5", "1234.5" },
	};
	t_parse_flags = ENGINE_PARSE_DIGIT_GROUPS;
	failures += T_RUN_TABLE(groups, *state);
	static const struct t_eval_row labels[] = {
		{ "lambda = (1-p)/p", "3" },
		{ "λ = (1-p)/p", "3" },
		{ "\\lambda = \\frac{1-p}{p}", "3" },
		{ "lambda(p) = (1-p)/p", "3" },
		{ "λ(p) := (1-p)/p", "3" },
		{ "(1-p)/p = lambda", "3" },
		{ "N = 73728", "73728" },
		{ "73728 = N", "73728" },
		{ "x = y", "2" },
		{ "x == y", "false" },
	};
	t_parse_flags = ENGINE_PARSE_LABELS;
	failures += T_RUN_TABLE(labels, *state);
	t_parse_flags = 0;
	assert_int_equal(failures, 0);

	/* The label is kept for the feedback. */
	struct engine_parse_options opt = { ENGINE_PARSE_LABELS, NULL };
	struct engine_error err;
	struct engine_expr *e = engine_parse_ex("lambda(p) = (1-p)/p", 19, *state, &opt, &err);
	assert_non_null(e);
	assert_string_equal(engine_expr_label(e), "lambda(p)");
	engine_expr_free(e);
}

static void test_an_index_stands_for_every_component(void **state)
{
	struct engine_parse_options opt = { ENGINE_PARSE_LABELS, "j, y" };
	static const struct { const char *text, *value; } rows[] = {
		{ "softmax(u)_j", "softmax(u)" },
		{ "softmax(u)ⱼ", "softmax(u)" },
		{ "softmax(u)_{j}", "softmax(u)" },
		{ "exp(u_j)/sum(exp(u))", "softmax(u)" },
		{ "P_j = softmax(u)_j", "softmax(u)" },
		{ "P(y=j|u) = softmax(u)_j", "softmax(u)" },
		{ "softmax(u)_y", "softmax(u)" },
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct engine_error err;
		struct engine_expr *a = engine_parse_ex(rows[i].text, strlen(rows[i].text),
							*state, &opt, &err);
		struct engine_value *va = NULL, *vb = NULL;
		bool ok = a && engine_eval(a, *state, &va, &err) &&
			  engine_eval_text(rows[i].value, *state, &vb, &err) &&
			  va->kind == ENGINE_MATRIX && va->rows == vb->rows &&
			  fabs(va->data[0] - vb->data[0]) < 1e-12;
		if (!ok) {
			print_error("`%s`: %s\n", rows[i].text, err.message);
			failures++;
		}
		engine_value_free(va);
		engine_value_free(vb);
		engine_expr_free(a);
	}
	/* Without an index, a subscript letter is refused with a reason; with
	 * one, another letter is refused naming the index. */
	struct engine_error err;
	assert_null(engine_parse("softmax(u)ⱼ", strlen("softmax(u)ⱼ"), *state, &err));
	assert_non_null(strstr(err.message, "subscript"));
	assert_null(engine_parse_ex("softmax(u)_k", 12, *state, &opt, &err));
	assert_non_null(strstr(err.message, "component j or y"));
	assert_null(engine_parse_ex("softmax(u)ₖ", strlen("softmax(u)ₖ"), *state, &opt, &err));
	assert_non_null(strstr(err.message, "not this answer's index"));
	assert_int_equal(failures, 0);
}

static void test_configurations_chain_and_repeat(void **state)
{
	(void)state;
	struct engine_scope *s = engine_scope_new();
	struct engine_error err;
	static const struct { const char *text; int n; const char *names; double v[4]; } rows[] = {
		{ "K=S=4", 2, "KS", { 4, 4 } },
		{ "k=4 p=10", 2, "kp", { 4, 10 } },
		{ "s=1, k=5", 2, "sk", { 1, 5 } },
		{ "K = 4 and S = 2", 2, "KS", { 4, 2 } },
		{ "(K, P) = (4, 10)", 2, "KP", { 4, 10 } },
		{ "K=2; S=3", 2, "KS", { 2, 3 } },
		/* words and values side by side, as in prose */
		{ "stride 2, padding 3", 2, "sp", { 2, 3 } },
		{ "stride 2 padding 3", 2, "sp", { 2, 3 } },
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct engine_parse_options opt = { ENGINE_PARSE_OPEN | ENGINE_PARSE_SPACE_LISTS, NULL };
		struct engine_expr *e = engine_parse_ex(rows[i].text, strlen(rows[i].text), s, &opt, &err);
		struct engine_binding b[8];
		int n = e ? engine_expr_bindings(e, s, b, 8, &err) : -1;
		bool ok = n == rows[i].n;
		for (int k = 0; ok && k < n; k++)
			ok = b[k].name[0] == rows[i].names[k] && b[k].value == rows[i].v[k];
		if (!ok) {
			print_error("`%s`: %d bindings (%s)\n", rows[i].text, n, e ? "" : err.message);
			failures++;
		}
		engine_expr_free(e);
	}
	/* "or" offers alternatives, which a configuration cannot be */
	struct engine_parse_options opt = { ENGINE_PARSE_OPEN | ENGINE_PARSE_SPACE_LISTS, NULL };
	struct engine_expr *e = engine_parse_ex("S = 2 or P = 3", 14, s, &opt, &err);
	struct engine_binding b[8];
	assert_non_null(e);
	assert_int_equal(engine_expr_bindings(e, s, b, 8, &err), -1);
	assert_non_null(strstr(err.message, "not 'or'"));
	engine_expr_free(e);
	engine_scope_free(s);
	assert_int_equal(failures, 0);
}

/* What the course asks of a parsed answer: its literal factors (7*7 in a
 * shape part), its values (2, 3 in a configuration), equation sides. */
static void test_answer_structure_queries(void **state)
{
	struct engine_error err;
	double f[4];
	static const struct { const char *text; size_t n; } products[] = {
		{ "7*7", 2 }, { "2*3*4", 3 }, { "7×7", 2 }, { "7*x", 0 }, { "(7*7)", 0 }, { "7", 0 },
		{ "7*7 + 1", 0 },
	};
	for (size_t i = 0; i < sizeof products / sizeof products[0]; i++) {
		struct engine_expr *e = engine_parse(products[i].text, strlen(products[i].text),
						     *state, &err);
		assert_non_null(e);
		size_t n = engine_expr_product_factors(e, f, 4);
		if (n != products[i].n)
			print_error("`%s`: %zu factors\n", products[i].text, n);
		assert_int_equal(n, products[i].n);
		engine_expr_free(e);
	}
	struct engine_expr *e = engine_parse("2*3*4", 5, *state, &err);
	assert_int_equal(engine_expr_product_factors(e, f, 4), 3);
	assert_true(f[0] == 2 && f[1] == 3 && f[2] == 4);
	assert_int_equal(engine_expr_product_factors(e, f, 2), 0);  /* no room: not read */
	engine_expr_free(e);

	double v[4];
	e = engine_parse("2, 3", 4, *state, &err);
	assert_int_equal(engine_expr_values(e, *state, v, 4), 2);
	assert_true(v[0] == 2 && v[1] == 3);
	engine_expr_free(e);

	struct engine_parse_options opt = { ENGINE_PARSE_OPEN, NULL };
	struct engine_expr *sides[4];
	e = engine_parse_ex("lambda = (1-p)/p = 1/p - 1", 26, *state, &opt, &err);
	assert_non_null(e);
	size_t n = engine_expr_equation_sides(e, sides, 4);
	assert_int_equal(n, 3);
	assert_true(engine_expr_is_label(sides[0]));
	assert_false(engine_expr_is_label(sides[1]));
	assert_true(engine_expr_uses(sides[2], "p"));
	assert_false(engine_expr_uses(sides[2], "lambda"));
	for (size_t i = 0; i < n; i++)
		engine_expr_free(sides[i]);
	engine_expr_free(e);
}

/* Other readings: each changes one unbracketed spot, and says which. */
static void test_other_readings_change_one_spot(void **state)
{
	(void)state;
	struct engine_scope *s = engine_scope_new();
	struct engine_error err;
	assert_non_null(s);
	struct engine_shape sq;
	assert_true(engine_scope_parse_shape(s, "matrix(n, n)", &sq, &err));
	assert_true(engine_scope_declare(s, "M", sq, ENGINE_DOMAIN_REAL, NULL));
	struct engine_shape sc = { ENGINE_SCALAR, { 0, NULL }, { 0, NULL } };
	assert_true(engine_scope_declare(s, "p", sc, ENGINE_DOMAIN_UNIT, NULL));
	static const struct { const char *text, *other, *what; } rows[] = {
		{ "1 - M", "I − M", "a number added to a matrix" },
		{ "M + 2", "M + 2·I", "a number added to a matrix" },
		{ "1-p/p", "(1 − p)/p", "a division inside a sum" },
		{ "1/2p", "(1/2)*p", "a product written right after '/'" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct engine_expr *e = engine_parse(rows[i].text, strlen(rows[i].text), s, &err);
		assert_non_null(e);
		struct engine_reading r[4];
		size_t n = engine_expr_readings(e, s, r, 4);
		bool found = false;
		for (size_t k = 0; k < n; k++) {
			found = found || (!strcmp(r[k].shown, rows[i].other) &&
					  strstr(r[k].what, rows[i].what));
			if (!found)
				print_error("`%s`: reading %s (%s)\n", rows[i].text, r[k].shown, r[k].what);
			engine_reading_clear(&r[k]);
		}
		assert_true(found);
		engine_expr_free(e);
	}
	/* p - 1 has no matrix: no reading */
	struct engine_expr *e = engine_parse("p - 1", 5, s, &err);
	struct engine_reading r[2];
	assert_int_equal(engine_expr_readings(e, s, r, 2), 0);
	engine_expr_free(e);
	engine_scope_free(s);
}

static void test_defined_variables_are_computed_where_used(void **state)
{
	(void)state;
	/* a variable named t makes ^t a power again */
	struct engine_scope *ts = t_std_scope();
	struct engine_shape sc = { ENGINE_SCALAR, { 0, NULL }, { 0, NULL } };
	assert_true(engine_scope_declare(ts, "t", sc, ENGINE_DOMAIN_REAL, NULL));
	static const struct t_eval_row powers[] = {
		{ "x^t", "!Name error: 't' has no value" },
		{ "x^T", "3" },
	};
	assert_int_equal(T_RUN_TABLE(powers, ts), 0);
	engine_scope_free(ts);
	struct engine_scope *s = engine_scope_new();
	struct engine_shape sh;
	struct engine_error err;
	assert_true(engine_scope_parse_shape(s, "matrix(3, 2)", &sh, &err));
	assert_true(engine_scope_declare(s, "X", sh, ENGINE_DOMAIN_REAL, NULL));
	struct engine_shape mat2 = { ENGINE_MAT, { 2, NULL }, { 2, NULL } };
	assert_true(engine_scope_define(s, "Gamma", mat2, "diag(diag(X'*X))^(1/2)", &err));
	assert_false(engine_scope_define(s, "Gamma", mat2, "X", &err));
	assert_false(engine_scope_define(s, "Bad", mat2, "Undeclared + 1", &err));
	struct engine_expr *e = engine_parse("diag(diag(X'*X))", 16, s, &err);
	struct engine_expr *a = engine_parse("Γ^2", strlen("Γ^2"), s, &err);
	assert_non_null(e);
	assert_non_null(a);
	struct engine_equiv_options opt = { ENGINE_EQUIV_EXACT, 3, 0, 0, 0, 0 };
	struct engine_equiv_result res;
	assert_true(engine_equiv(e, a, s, &opt, &res));
	assert_int_equal(res.verdict, ENGINE_EQUIVALENT);
	engine_expr_free(e);
	engine_expr_free(a);
	engine_scope_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latex_pasted_from_notes_is_read),
		cmocka_unit_test(test_accented_names_are_one_name_however_typed),
		cmocka_unit_test(test_every_transpose_spelling_is_a_transpose),
		cmocka_unit_test(test_products_of_vectors_and_entrywise_division),
		cmocka_unit_test(test_new_builtins),
		cmocka_unit_test(test_taps_are_enumerated_not_inferred),
		cmocka_unit_test(test_parse_options_read_answers_as_their_part_needs),
		cmocka_unit_test(test_an_index_stands_for_every_component),
		cmocka_unit_test(test_configurations_chain_and_repeat),
		cmocka_unit_test(test_answer_structure_queries),
		cmocka_unit_test(test_other_readings_change_one_spot),
		cmocka_unit_test(test_defined_variables_are_computed_where_used),
	};
	return cmocka_run_group_tests_name("engine notation", tests, setup, teardown);
}
