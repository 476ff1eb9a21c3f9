/* Equivalence by evaluation at seeded random points: the identities the
 * course depends on, the three modes, domains, named dimensions, undefined
 * points, "cannot compare", tolerances and reproducibility. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "support.h"

static bool declare(struct engine_scope *s, const char *name, const char *shape,
		    enum engine_domain domain, const char *orthogonal_to)
{
	struct engine_shape sh;
	struct engine_error err;
	return engine_scope_parse_shape(s, shape, &sh, &err) &&
	       engine_scope_declare(s, name, sh, domain, orthogonal_to);
}

/* x y scalars (real), p (unit), W1 K S P g (positive), k (integer),
 * u v vector(n), d vector(n) orthogonal to u, m vector(n) binary,
 * z vector(3), A B matrix(n,n), C matrix(n,r). */
static int setup(void **state)
{
	struct engine_scope *s = engine_scope_new();
	bool ok = s &&
		declare(s, "x", "scalar", ENGINE_DOMAIN_REAL, NULL) &&
		declare(s, "y", "scalar", ENGINE_DOMAIN_REAL, NULL) &&
		declare(s, "p", "scalar", ENGINE_DOMAIN_UNIT, NULL) &&
		declare(s, "W1", "scalar", ENGINE_DOMAIN_POSITIVE, NULL) &&
		declare(s, "K", "scalar", ENGINE_DOMAIN_POSITIVE, NULL) &&
		declare(s, "S", "scalar", ENGINE_DOMAIN_POSITIVE, NULL) &&
		declare(s, "P", "scalar", ENGINE_DOMAIN_POSITIVE, NULL) &&
		declare(s, "g", "scalar", ENGINE_DOMAIN_POSITIVE, NULL) &&
		declare(s, "k", "scalar", ENGINE_DOMAIN_INTEGER, NULL) &&
		declare(s, "u", "vector(n)", ENGINE_DOMAIN_REAL, NULL) &&
		declare(s, "v", "vector(n)", ENGINE_DOMAIN_REAL, NULL) &&
		declare(s, "d", "vector(n)", ENGINE_DOMAIN_REAL, "u") &&
		declare(s, "m", "vector(n)", ENGINE_DOMAIN_BINARY, NULL) &&
		declare(s, "z", "vector(3)", ENGINE_DOMAIN_REAL, NULL) &&
		declare(s, "A", "matrix(n,n)", ENGINE_DOMAIN_REAL, NULL) &&
		declare(s, "B", "matrix(n,n)", ENGINE_DOMAIN_REAL, NULL) &&
		declare(s, "C", "matrix(n,r)", ENGINE_DOMAIN_REAL, NULL);
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

/* Run one comparison; false when either text fails to parse. */
static bool compare(const struct engine_scope *s, const char *expected,
		    const char *answer, const struct engine_equiv_options *opt,
		    struct engine_equiv_result *res)
{
	struct engine_error err;
	memset(res, 0, sizeof *res);
	struct engine_expr *e = engine_parse(expected, strlen(expected), s, &err);
	if (!e) {
		print_error("`%s` does not parse: %s\n", expected, err.message);
		return false;
	}
	struct engine_expr *a = engine_parse(answer, strlen(answer), s, &err);
	if (!a) {
		print_error("`%s` does not parse: %s\n", answer, err.message);
		engine_expr_free(e);
		return false;
	}
	bool ok = engine_equiv(e, a, s, opt, res);
	engine_expr_free(e);
	engine_expr_free(a);
	return ok;
}

static const char *verdict_name(enum engine_verdict v)
{
	switch (v) {
	case ENGINE_EQUIVALENT: return "equivalent";
	case ENGINE_NOT_EQUIVALENT: return "not equivalent";
	case ENGINE_CANNOT_COMPARE: return "cannot compare";
	}
	return "?";
}

struct equiv_case {
	const char *expected, *answer;
	enum engine_equiv_mode mode;
	enum engine_verdict verdict;
};

#define EQ ENGINE_EQUIVALENT
#define NE ENGINE_NOT_EQUIVALENT
#define CC ENGINE_CANNOT_COMPARE
#define EXACT ENGINE_EQUIV_EXACT
#define FACTOR ENGINE_EQUIV_FACTOR
#define ADDITIVE ENGINE_EQUIV_ADDITIVE

static int run_cases(const struct equiv_case *cases, size_t n,
		     const struct engine_scope *s)
{
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		struct engine_equiv_options opt = { cases[i].mode, 12345, 0, 0, 0, 0 };
		struct engine_equiv_result res;
		bool ok = compare(s, cases[i].expected, cases[i].answer, &opt, &res);
		bool pass = ok && res.verdict == cases[i].verdict &&
			    (res.verdict == EQ || res.detail[0] != '\0') &&
			    (res.verdict == CC || res.points_checked > 0);
		if (!pass) {
			print_error("equiv(%s) `%s` vs `%s`: expected %s, got %s "
				    "(%u points) %s\n",
				    cases[i].mode == EXACT ? "exact" :
				    cases[i].mode == FACTOR ? "factor" : "additive",
				    cases[i].expected, cases[i].answer,
				    verdict_name(cases[i].verdict),
				    ok ? verdict_name(res.verdict) : "failure",
				    res.points_checked, res.detail);
			failures++;
		}
	}
	return failures;
}

#define RUN_CASES(cases, s) run_cases(cases, sizeof(cases) / sizeof((cases)[0]), s)

static void test_identities_required_by_the_course_are_equivalent(void **state)
{
	static const struct equiv_case cases[] = {
		{ "(W1-K+2P)/S+1", "(2P+W1-K+S)/S", EXACT, EQ },
		{ "g/norm(u)*(I - u*u'/norm(u)^2)*v",
		  "g*(v - u*dot(u,v)/norm(u)^2)/norm(u)", EXACT, EQ },
		{ "(W1-K+2P)/S+1", "(W1-K+2P)/S", EXACT, NE },
		{ "g/norm(u)*(I - u*u'/norm(u)^2)*v",
		  "g*(v - u*dot(u,v))/norm(u)", EXACT, NE },
	};
	assert_int_equal(RUN_CASES(cases, *state), 0);
}

/* u'u is 1×1, so I takes size 1: never the n×n projection. Either a verdict
 * of not equivalent, or cannot compare with a message naming the shapes. */
static void test_transposed_outer_product_is_not_the_projection(void **state)
{
	struct engine_equiv_options opt = { EXACT, 7, 0, 0, 0, 0 };
	struct engine_equiv_result res;
	assert_true(compare(*state, "I - u*u'/norm(u)^2", "I - u'*u/norm(u)^2",
			    &opt, &res));
	assert_int_not_equal(res.verdict, ENGINE_EQUIVALENT);
	assert_true(res.detail[0] != '\0');
	if (res.verdict == ENGINE_CANNOT_COMPARE)
		assert_non_null(strstr(res.detail, "×"));
}

static void test_exact_mode_accepts_rewritten_forms_and_rejects_others(void **state)
{
	static const struct equiv_case cases[] = {
		{ "x^2-1", "(x-1)(x+1)", EXACT, EQ },
		{ "x^2", "x^2+1", EXACT, NE },
		{ "(x+y)^2", "x^2+2x y+y^2", EXACT, EQ },
		{ "(x+y)^2", "x^2+y^2", EXACT, NE },
		{ "1/(2x)", "1/2x", EXACT, EQ },
		{ "x/2", "1/2x", EXACT, NE },
		{ "x/2", "1/2*x", EXACT, EQ },
		{ "exp(x+y)", "exp(x)*exp(y)", EXACT, EQ },
		{ "log(p/(1-p))", "log(p) - ln(1-p)", EXACT, EQ },
		{ "(1-p)/p", "1/p - 1", EXACT, EQ },
		{ "(1-p)/p", "p/(1-p)", EXACT, NE },
		{ "sqrt(x^2)", "|x|", EXACT, EQ },
		{ "sqrt(x^2)", "x", EXACT, NE },
		{ "sqrt(W1^2)", "W1", EXACT, EQ },
		{ "x", "x + 1e-12", EXACT, EQ },
		{ "x", "x + 1e-3", EXACT, NE },
		{ "2x^2", "x^2", EXACT, NE },
		{ "x*y", "y x", EXACT, EQ },
		{ "x - y", "y - x", EXACT, NE },
		{ "3*128*6*6", "13824", EXACT, EQ },
	};
	assert_int_equal(RUN_CASES(cases, *state), 0);
}

static void test_vector_and_matrix_identities(void **state)
{
	static const struct equiv_case cases[] = {
		{ "norm(u)^2", "dot(u, u)", EXACT, EQ },
		{ "norm(u)^2", "u'*u", EXACT, EQ },
		{ "norm(u)^2", "‖u‖²", EXACT, EQ },
		{ "norm(u)^2", "sum(u.*u)", EXACT, EQ },
		{ "norm(u)^2", "sum(u⊙u)", EXACT, EQ },
		{ "norm(u)", "sum(u)", EXACT, NE },
		{ "dot(u, v)", "v'u", EXACT, EQ },
		{ "u + v", "v + u", EXACT, EQ },
		{ "2u - v", "u + (u - v)", EXACT, EQ },
		{ "u", "u'", EXACT, NE },
		{ "(A*B)'", "B'*A'", EXACT, EQ },
		{ "(A*B)'", "A'*B'", EXACT, NE },
		{ "trace(A*B)", "trace(B*A)", EXACT, EQ },
		{ "det(A*B)", "det(A)*det(B)", EXACT, EQ },
		{ "det(A')", "det(A)", EXACT, EQ },
		{ "A*(u + v)", "A u + A v", EXACT, EQ },
		{ "(u'*C)'", "C'*u", EXACT, EQ },
		{ "outer(u, v)", "u*v'", EXACT, EQ },
		{ "outer(u, v)", "v*u'", EXACT, NE },
		{ "softmax(u)", "exp(u)/sum(exp(u))", EXACT, EQ },
		{ "softmax(u)", "softmax(2u)", EXACT, NE },
		{ "A + I", "I + A", EXACT, EQ },
		{ "(I - u*u'/norm(u)^2)*u", "0*u", EXACT, EQ },
		{ "m.*m", "m", EXACT, EQ },
		{ "dot(u, d)", "0", EXACT, EQ },
		{ "(I - u*u'/norm(u)^2)*d", "d", EXACT, EQ },
		{ "sum(z)", "dot(z, (1, 1, 1))", EXACT, EQ },
		/* Right only when n = 3: the named dimension takes several sizes. */
		{ "sum(u)", "dot(u, (1, 1, 1))", EXACT, NE },
	};
	assert_int_equal(RUN_CASES(cases, *state), 0);
}

static void test_factor_mode_allows_one_positive_constant(void **state)
{
	static const struct equiv_case cases[] = {
		{ "x^2", "2x^2", FACTOR, EQ },
		{ "x^2", "x^2/7", FACTOR, EQ },
		{ "x^2", "x^2", FACTOR, EQ },
		{ "x^2", "-x^2", FACTOR, NE },
		{ "x^2", "x^2 + 1", FACTOR, NE },
		{ "x^2", "x^3", FACTOR, NE },
		{ "(A*B)'", "3*B'*A'", FACTOR, EQ },
		{ "u", "0.5u", FACTOR, EQ },
		{ "u", "u + v", FACTOR, NE },
		{ "g*x", "x", FACTOR, NE },
	};
	assert_int_equal(RUN_CASES(cases, *state), 0);
}

static void test_additive_mode_allows_one_constant_offset(void **state)
{
	static const struct equiv_case cases[] = {
		{ "x^2", "x^2 + 5", ADDITIVE, EQ },
		{ "x^2", "x^2 - 0.5", ADDITIVE, EQ },
		{ "x^2", "x^2", ADDITIVE, EQ },
		{ "x^2", "2x^2", ADDITIVE, NE },
		{ "log(2W1)", "log(W1)", ADDITIVE, EQ },
		{ "log(W1)", "log(W1^2)", ADDITIVE, NE },
		{ "x^2", "x^2 + y", ADDITIVE, NE },
	};
	assert_int_equal(RUN_CASES(cases, *state), 0);
}

static void test_domains_shape_the_random_points(void **state)
{
	static const struct equiv_case cases[] = {
		{ "floor(k)", "k", EXACT, EQ },
		{ "floor(x)", "x", EXACT, NE },
		{ "|p|", "p", EXACT, EQ },
		{ "min(p, 1)", "p", EXACT, EQ },
		{ "|x|", "x", EXACT, NE },
		{ "|W1|", "W1", EXACT, EQ },
		{ "m.*m", "m", EXACT, EQ },
	};
	assert_int_equal(RUN_CASES(cases, *state), 0);
}

/* Points where the expected value is undefined are skipped; too few
 * defined points is "cannot compare", reported apart from "not equal". */
static void test_undefined_points_are_skipped_and_reported_apart(void **state)
{
	static const struct equiv_case cases[] = {
		{ "sqrt(x)^2", "x", EXACT, EQ },
		{ "log(x^2)", "2log(|x|)", EXACT, EQ },
		{ "x/x", "1", EXACT, EQ },
		{ "sqrt(-1 - x^2)", "x", EXACT, CC },
		{ "log(-W1)", "W1", EXACT, CC },
		{ "1/(x - x)", "1", EXACT, CC },
		/* The answer undefined where the expected value exists is wrong. */
		{ "x", "sqrt(x)^2", EXACT, NE },
		{ "x", "x/(x - x)", EXACT, NE },
	};
	assert_int_equal(RUN_CASES(cases, *state), 0);
}

/* Infinity and NaN never agree with anything, and points where the values
 * overflow or underflow to nearly zero prove nothing. */
static void test_non_finite_values_never_agree(void **state)
{
	static const struct equiv_case cases[] = {
		{ "5", "10^400", EXACT, NE },
		{ "5", "10^400 - 10^400", EXACT, NE },
		{ "x", "x + 10^400 - 10^400", EXACT, NE },
		{ "x", "x*exp(1000)/exp(1000)", EXACT, NE },
		{ "0", "10^400 - 10^400", EXACT, NE },
		{ "x", "x + 0*exp(1e4)", FACTOR, NE },
		{ "x", "x + 0*exp(1e4)", ADDITIVE, NE },
		/* The expected value undefined everywhere: never "equal". */
		{ "1e308*10", "5", EXACT, CC },
		{ "exp(1000)", "exp(1000)", EXACT, CC },
	};
	int failures = RUN_CASES(cases, *state);
	/* Huge powers overflow at most points and underflow at the others:
	 * whatever the seed, the two are never judged equal. */
	static const char *const pairs[][2] = {
		{ "(x-y)^5999", "(x-y)^6000" }, { "(x-y)^6000", "(x-y)^5999" },
		{ "x^700*y^700", "x^701*y^700" }, { "exp(-1000*x^2)", "exp(-1001*x^2)" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		for (uint64_t seed = 1; seed <= 40; seed++) {
			struct engine_equiv_options opt = { EXACT, seed, 0, 0, 0, 0 };
			struct engine_equiv_result res;
			if (compare(*state, pairs[i][0], pairs[i][1], &opt, &res) &&
			    res.verdict == ENGINE_EQUIVALENT) {
				print_error("`%s` vs `%s` judged equivalent (seed %llu): %s\n",
					    pairs[i][0], pairs[i][1],
					    (unsigned long long)seed, res.detail);
				failures++;
			}
		}
	assert_int_equal(failures, 0);
}

/* An expected 0, or an expected value zero everywhere (uᵀd with d ⟂ u),
 * is matched by an answer that is zero everywhere, and only by one. */
static void test_an_identically_zero_expected_value(void **state)
{
	static const struct equiv_case cases[] = {
		{ "0", "u'*d", EXACT, EQ },
		{ "0", "d'*u", EXACT, EQ },
		{ "0", "dot(u, d)", EXACT, EQ },
		{ "0", "u·d", EXACT, EQ },
		{ "0", "norm(u)^2", EXACT, NE },
		{ "0", "x - x + 1e-3", EXACT, NE },
		{ "0", "1e-12", EXACT, EQ },
		{ "u'*d", "0", EXACT, EQ },
		{ "u'*d", "d'*u", EXACT, EQ },
		{ "x - x", "0", EXACT, EQ },
		{ "u'*d", "1e-6*x", EXACT, NE },
	};
	assert_int_equal(RUN_CASES(cases, *state), 0);
}

/* A counterexample names only what the answer uses, with readable values
 * that are never cut in the middle. */
static void test_counterexample_shows_the_answers_variables_whole(void **state)
{
	struct engine_equiv_options opt = { EXACT, 7, 0, 0, 0, 0 };
	struct engine_equiv_result res;
	assert_true(compare(*state, "x*y + p", "2*x", &opt, &res));
	assert_int_equal(res.verdict, ENGINE_NOT_EQUIVALENT);
	assert_non_null(strstr(res.detail, "x ="));
	assert_null(strstr(res.detail, "y ="));
	assert_null(strstr(res.detail, "p ="));
	assert_null(strstr(res.detail, "..."));
	/* four significant digits at most */
	const char *xs = strstr(res.detail, "x = ");
	assert_non_null(xs);
	size_t digits = 0;
	for (const char *c = xs + 4; *c && *c != ',' && *c != ':'; c++)
		digits += *c >= '0' && *c <= '9';
	assert_true(digits <= 5);
	/* A big matrix is described, not dumped. */
	struct engine_scope *s = engine_scope_new();
	assert_true(declare(s, "M", "matrix(9,9)", ENGINE_DOMAIN_REAL, NULL));
	assert_true(compare(s, "M", "2*M", &opt, &res));
	assert_int_equal(res.verdict, ENGINE_NOT_EQUIVALENT);
	assert_non_null(strstr(res.detail, "a 9×9 matrix"));
	engine_scope_free(s);
}

/* Named dimensions are numbers too: eye(n), 1/n and length(u) mean the
 * size of the dimension in every round. */
static void test_dimension_names_are_values(void **state)
{
	static const struct equiv_case cases[] = {
		{ "I - u*u'/norm(u)^2", "eye(n) - u*u'/norm(u)^2", EXACT, EQ },
		{ "sum(u)/length(u)", "sum(u)/n", EXACT, EQ },
		{ "mean(u)", "1/n*sum(u)", EXACT, EQ },
		{ "A + eye(n)", "A + I", EXACT, EQ },
		{ "A + eye(n)", "A + eye(2)", EXACT, NE },
		{ "zeros(n)", "0*u", EXACT, EQ },
		{ "n", "length(v)", EXACT, EQ },
	};
	assert_int_equal(RUN_CASES(cases, *state), 0);
}

/* Givens bound in the scope are used as they are. */
static void test_bound_givens_are_not_drawn_at_random(void **state)
{
	(void)state;
	struct engine_scope *s = engine_scope_new();
	assert_true(engine_scope_bind_number(s, "W1", 256));
	assert_true(declare(s, "x", "scalar", ENGINE_DOMAIN_REAL, NULL));
	static const struct equiv_case cases[] = {
		{ "W1/2", "128", EXACT, EQ },
		{ "W1/2", "127", EXACT, NE },
		{ "W1*x", "256x", EXACT, EQ },
	};
	int failures = RUN_CASES(cases, s);
	engine_scope_free(s);
	assert_int_equal(failures, 0);
}

static void test_same_seed_gives_the_same_verdict_and_point(void **state)
{
	struct engine_equiv_options opt = { EXACT, 42, 0, 0, 0, 0 };
	struct engine_equiv_result r1, r2;
	assert_true(compare(*state, "x^2 + y", "x^2 + y^2", &opt, &r1));
	assert_true(compare(*state, "x^2 + y", "x^2 + y^2", &opt, &r2));
	assert_int_equal(r1.verdict, ENGINE_NOT_EQUIVALENT);
	assert_int_equal(r1.verdict, r2.verdict);
	assert_int_equal(r1.points_checked, r2.points_checked);
	assert_string_equal(r1.detail, r2.detail);
	/* The counterexample names the point and the values. */
	assert_non_null(strstr(r1.detail, "x ="));
	assert_non_null(strstr(r1.detail, "y ="));

	/* Another seed draws other points. */
	bool differs = false;
	for (uint64_t seed = 1; seed <= 5 && !differs; seed++) {
		struct engine_equiv_options o2 = { EXACT, seed, 0, 0, 0, 0 };
		struct engine_equiv_result r3;
		assert_true(compare(*state, "x^2 + y", "x^2 + y^2", &o2, &r3));
		assert_int_equal(r3.verdict, ENGINE_NOT_EQUIVALENT);
		differs = strcmp(r3.detail, r1.detail) != 0;
	}
	assert_true(differs);
}

static void test_counterexample_names_dimension_sizes_and_vectors(void **state)
{
	struct engine_equiv_options opt = { EXACT, 3, 0, 0, 0, 0 };
	struct engine_equiv_result res;
	assert_true(compare(*state, "norm(u)", "sum(u)", &opt, &res));
	assert_int_equal(res.verdict, ENGINE_NOT_EQUIVALENT);
	if (!strstr(res.detail, "n =") || !strstr(res.detail, "u ="))
		print_error("detail: %s\n", res.detail);
	assert_non_null(strstr(res.detail, "n ="));
	assert_non_null(strstr(res.detail, "u ="));
}

static void test_tolerance_and_point_count_options_are_honoured(void **state)
{
	struct engine_equiv_result res;
	struct engine_equiv_options strict = { EXACT, 9, 0, 0, 0, 0 };
	assert_true(compare(*state, "x + 2", "(x + 2)*(1 + 1e-5)", &strict, &res));
	assert_int_equal(res.verdict, ENGINE_NOT_EQUIVALENT);
	struct engine_equiv_options loose = { EXACT, 9, 0, 0, 1e-3, 0 };
	assert_true(compare(*state, "x + 2", "(x + 2)*(1 + 1e-5)", &loose, &res));
	assert_int_equal(res.verdict, ENGINE_EQUIVALENT);

	/* Near zero, the absolute floor decides. */
	struct engine_equiv_options floor_opt = { EXACT, 9, 0, 0, 0, 1e-3 };
	assert_true(compare(*state, "0*x", "1e-5", &floor_opt, &res));
	assert_int_equal(res.verdict, ENGINE_EQUIVALENT);
	assert_true(compare(*state, "0*x", "1e-5", &strict, &res));
	assert_int_equal(res.verdict, ENGINE_NOT_EQUIVALENT);

	/* More points are checked when asked for. */
	struct engine_equiv_options few = { EXACT, 9, 2, 1, 0, 0 };
	struct engine_equiv_options many = { EXACT, 9, 20, 2, 0, 0 };
	struct engine_equiv_result r_few, r_many;
	assert_true(compare(*state, "dot(u,v)", "u'v", &few, &r_few));
	assert_true(compare(*state, "dot(u,v)", "u'v", &many, &r_many));
	assert_int_equal(r_few.verdict, ENGINE_EQUIVALENT);
	assert_int_equal(r_many.verdict, ENGINE_EQUIVALENT);
	assert_true(r_few.points_checked >= 2);
	assert_true(r_many.points_checked >= 40);
	assert_true(r_many.points_checked > r_few.points_checked);
}

/* The course's dropout results, checked exactly by enumerating the masks:
 * E‖(M⊙X)w − y‖² = ‖pXw − y‖² + p(1−p)·wᵀdiag(XᵀX)w (q4), and averaging
 * Wᵀ(m⊙v) over all masks at p = ½ gives ½Wᵀv (q5). */
static void test_dropout_identities_hold_exactly_through_expect_mask(void **state)
{
	(void)state;
	struct engine_scope *s = engine_scope_new();
	assert_true(declare(s, "M", "matrix(2,3)", ENGINE_DOMAIN_BINARY, NULL));
	assert_true(declare(s, "X", "matrix(2,3)", ENGINE_DOMAIN_REAL, NULL));
	assert_true(declare(s, "w", "vector(3)", ENGINE_DOMAIN_REAL, NULL));
	assert_true(declare(s, "y", "vector(2)", ENGINE_DOMAIN_REAL, NULL));
	assert_true(declare(s, "p", "scalar", ENGINE_DOMAIN_UNIT, NULL));
	assert_true(declare(s, "m", "vector(4)", ENGINE_DOMAIN_BINARY, NULL));
	assert_true(declare(s, "V", "matrix(4,2)", ENGINE_DOMAIN_REAL, NULL));
	assert_true(declare(s, "v", "vector(4)", ENGINE_DOMAIN_REAL, NULL));
	static const struct equiv_case cases[] = {
		{ "expect_mask(M, p, norm((M .* X)*w - y)^2)",
		  "norm(p*X*w - y)^2 + p*(1-p)*w'*diag(diag(X'*X))*w", EXACT, EQ },
		/* The published solution's version drops the variance term. */
		{ "expect_mask(M, p, norm((M .* X)*w - y)^2)",
		  "norm(p*X*w - y)^2", EXACT, NE },
		{ "expect_mask(m, 0.5, V'*(m .* v))", "V'*v/2", EXACT, EQ },
		{ "expect_mask(m, 0.5, V'*(m .* v))", "V'*v", EXACT, NE },
	};
	int failures = RUN_CASES(cases, s);
	engine_scope_free(s);
	assert_int_equal(failures, 0);
}

/* Whatever an expression is, it is never "not equivalent" to itself. */
static void test_an_expression_is_never_unequal_to_itself(void **state)
{
	static const char *const texts[] = { "x", "u", "A", "\"full\"", "x < y",
		"128x24x24", "I", "1/0", "sqrt(-1 - x^2)", "A*u", "softmax(u)" };
	int failures = 0;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct engine_equiv_options opt = { EXACT, 5, 0, 0, 0, 0 };
		struct engine_equiv_result res;
		bool ok = compare(*state, texts[i], texts[i], &opt, &res);
		if (!ok || res.verdict == ENGINE_NOT_EQUIVALENT) {
			print_error("`%s` vs itself: %s %s\n", texts[i],
				    ok ? verdict_name(res.verdict) : "failure", res.detail);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identities_required_by_the_course_are_equivalent),
		cmocka_unit_test(test_transposed_outer_product_is_not_the_projection),
		cmocka_unit_test(test_exact_mode_accepts_rewritten_forms_and_rejects_others),
		cmocka_unit_test(test_vector_and_matrix_identities),
		cmocka_unit_test(test_factor_mode_allows_one_positive_constant),
		cmocka_unit_test(test_additive_mode_allows_one_constant_offset),
		cmocka_unit_test(test_domains_shape_the_random_points),
		cmocka_unit_test(test_undefined_points_are_skipped_and_reported_apart),
		cmocka_unit_test(test_non_finite_values_never_agree),
		cmocka_unit_test(test_an_identically_zero_expected_value),
		cmocka_unit_test(test_counterexample_shows_the_answers_variables_whole),
		cmocka_unit_test(test_dimension_names_are_values),
		cmocka_unit_test(test_bound_givens_are_not_drawn_at_random),
		cmocka_unit_test(test_same_seed_gives_the_same_verdict_and_point),
		cmocka_unit_test(test_counterexample_names_dimension_sizes_and_vectors),
		cmocka_unit_test(test_tolerance_and_point_count_options_are_honoured),
		cmocka_unit_test(test_dropout_identities_hold_exactly_through_expect_mask),
		cmocka_unit_test(test_an_expression_is_never_unequal_to_itself),
	};
	return cmocka_run_group_tests_name("engine equivalence", tests, setup, teardown);
}
