/* q4: the exact expectation recomputed here row by row from the lab's
 * data, the Monte Carlo mean within 3 standard errors of it, and the
 * minimisers checked against their own normal equations. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "support.h"

#define MAXD 8

struct data {
	size_t n, d;
	const double *x[MAXD], *y, *w;
};

static struct data read_data(const struct lab_result *r)
{
	struct data s = { 0 };
	size_t d;
	s.w = num_col(r, "weights", "w", &d);
	s.d = d;
	for (size_t j = 0; j < d; j++) {
		char name[24];
		snprintf(name, sizeof name, "x%zu", j + 1);
		s.x[j] = num_col(r, "data", name, &s.n);
	}
	s.y = num_col(r, "data", "y", &s.n);
	return s;
}

/* E over independent masks, one row at a time: the mean of a row's
 * residual is p·xᵢᵀw − yᵢ, its variance Σⱼ p(1−p) xᵢⱼ² wⱼ². */
static double expectation(const struct data *s, double p)
{
	double e = 0;
	for (size_t i = 0; i < s->n; i++) {
		double mean = -s->y[i], var = 0;
		for (size_t j = 0; j < s->d; j++) {
			mean += p * s->x[j][i] * s->w[j];
			var += p * (1 - p) * s->x[j][i] * s->x[j][i] * s->w[j] * s->w[j];
		}
		e += mean * mean + var;
	}
	return e;
}

static void test_monte_carlo_mean_is_within_three_standard_errors(void **state)
{
	(void)state;
	const char *ps[] = { "p=0.2", "p=0.5", "p=0.8", "p=0.95" };
	const double pv[] = { 0.2, 0.5, 0.8, 0.95 };
	for (size_t k = 0; k < 4; k++)
		for (uint64_t seed = 1; seed <= 5; seed++) {
			struct lab_result *r = run_ok("q4", seed, ps[k], NULL);
			struct data s = read_data(r);
			size_t n;
			const double *mc = num_col(r, "convergence", "mc_mean", &n);
			const double *exact = num_col(r, "convergence", "exact", &n);
			const double *se = num_col(r, "convergence", "std_error", &n);
			assert_true(n >= 1000);
			double e = expectation(&s, pv[k]);
			assert_true(fabs(exact[n - 1] - e) <= 1e-9 * e);
			if (fabs(mc[n - 1] - e) > 3 * se[n - 1])
				fail_msg("%s seed %llu: Monte Carlo %g, exact %g, SE %g", ps[k],
					 (unsigned long long)seed, mc[n - 1], e, se[n - 1]);
			lab_result_free(r);
		}
}

/* ‖(XᵀX + λ·diag(pen))w − Xᵀy‖∞ for the lab's w. */
static double residual(const struct data *s, double lambda, const double *pen, const double *w)
{
	double worst = 0;
	for (size_t a = 0; a < s->d; a++) {
		double row = 0;
		for (size_t i = 0; i < s->n; i++) {
			double xw = 0;
			for (size_t b = 0; b < s->d; b++)
				xw += s->x[b][i] * w[b];
			row += s->x[a][i] * (xw - s->y[i]);
		}
		row += lambda * pen[a] * w[a];
		worst = fmax(worst, fabs(row));
	}
	return worst;
}

static void test_minimisers_solve_their_normal_equations(void **state)
{
	(void)state;
	struct lab_result *r = run_ok("q4", 3, "p=0.6", "d=4", "n=30", NULL);
	struct data s = read_data(r);
	double lambda = (1 - 0.6) / 0.6, gamma2[MAXD], ones[MAXD];
	for (size_t j = 0; j < s.d; j++) {
		ones[j] = 1;
		gamma2[j] = 0;
		for (size_t i = 0; i < s.n; i++)
			gamma2[j] += s.x[j][i] * s.x[j][i];
	}
	size_t d;
	const double *drop = num_col(r, "solutions", "dropout", &d);
	const double *ridge = num_col(r, "solutions", "ridge", &d);
	const double *ls = num_col(r, "solutions", "least_squares", &d);
	assert_true(residual(&s, lambda, gamma2, drop) < 1e-9);
	assert_true(residual(&s, lambda, ones, ridge) < 1e-9);
	assert_true(residual(&s, 0, ones, ls) < 1e-9);
	for (size_t j = 0; j < d; j++)
		assert_true(ls[j] == s.w[j]);
	double apart = 0;
	for (size_t j = 0; j < d; j++)
		apart = fmax(apart, fabs(drop[j] - ridge[j]));
	assert_true(apart > 1e-3);
	/* Columns of norm 1: the two coincide. */
	const double *udrop = num_col(r, "standardised", "dropout", &d);
	const double *uridge = num_col(r, "standardised", "ridge", &d);
	for (size_t j = 0; j < d; j++)
		assert_true(fabs(udrop[j] - uridge[j]) < 1e-12);
	lab_result_free(r);
}

static void test_keeping_every_unit_is_least_squares(void **state)
{
	(void)state;
	struct lab_result *r = run_ok("q4", 1, "p=1", NULL);
	size_t n, d;
	const double *mc = num_col(r, "convergence", "mc_mean", &n);
	const double *exact = num_col(r, "convergence", "exact", &n);
	assert_true(fabs(mc[n - 1] - exact[n - 1]) <= 1e-9 * exact[n - 1]);
	const double *drop = num_col(r, "solutions", "dropout", &d);
	const double *ls = num_col(r, "solutions", "least_squares", &d);
	for (size_t j = 0; j < d; j++)
		assert_true(fabs(drop[j] - ls[j]) < 1e-12);
	lab_result_free(r);
}

static void test_keep_probability_out_of_range_is_refused(void **state)
{
	(void)state;
	struct lab_error e = run_fails("q4", 1, "p=1.5", NULL);
	assert_string_equal(e.param, "p");
	assert_non_null(strstr(e.message, "out of range"));
	e = run_fails("q4", 1, "p=0", NULL);
	assert_non_null(strstr(e.message, "out of range"));
	e = run_fails("q4", 1, "samples=10", NULL);
	assert_non_null(strstr(e.message, "1000"));
	e = run_fails("q4", 1, "n=2", "d=5", NULL);
	assert_int_equal(e.kind, LAB_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_monte_carlo_mean_is_within_three_standard_errors),
		cmocka_unit_test(test_minimisers_solve_their_normal_equations),
		cmocka_unit_test(test_keeping_every_unit_is_least_squares),
		cmocka_unit_test(test_keep_probability_out_of_range_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
