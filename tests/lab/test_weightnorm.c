/* q6.c: ‖u‖ never falls under SGD and the rise equals the sum of squared
 * steps; it does fall under Adam; the curves have the shape the lesson
 * explains; and the lab's gradient equals central differences of a loss
 * written here from the documented parameter layout. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lab_internal.h"
#include "support.h"

/* Rows of the norms table for run k (T + 1 iterations per run). */
static const double *run_norms(const struct lab_result *r, size_t k, size_t *T)
{
	size_t n, runs;
	const double *norm = num_col(r, "norms", "norm_u", &n);
	num_col(r, "runs", "log10_lr", &runs);
	*T = n / runs - 1;
	return norm + k * (*T + 1);
}

static void test_norms_never_decrease_under_sgd(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		struct lab_result *r = run_ok("q6", seed, NULL);
		size_t runs, T;
		const double *rise = num_col(r, "runs", "rise", &runs);
		const double *sq = num_col(r, "runs", "sum_sq_steps", &runs);
		const double *cross = num_col(r, "runs", "cross_terms", &runs);
		for (size_t k = 0; k < runs; k++) {
			const double *u = run_norms(r, k, &T);
			for (size_t t = 0; t < T; t++)
				if (u[t + 1] < u[t] * (1 - 1e-13))
					fail_msg("seed %llu run %zu: ‖u‖ falls from %.17g to %.17g at %zu",
						 (unsigned long long)seed, k, u[t], u[t + 1], t);
			assert_true(fabs(rise[k] - sq[k]) <= 1e-9 * (u[0] * u[0]));
			assert_true(fabs(cross[k]) <= 1e-9 * (u[0] * u[0]));
		}
		lab_result_free(r);
	}
}

static void test_curves_have_the_shape_of_the_figure(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		struct lab_result *r = run_ok("q6", seed, NULL);
		size_t runs, T;
		const double *t95 = num_col(r, "runs", "t95", &runs);
		assert_int_equal(runs, 5);
		double prev_end = 0;
		const double *first = run_norms(r, 0, &T);
		assert_int_equal(T, 2000);
		for (size_t k = 0; k < runs; k++) {
			const double *u = run_norms(r, k, &T);
			assert_true(u[0] == first[0]);       /* the same start */
			assert_true(u[T] > prev_end);        /* higher for larger η */
			prev_end = u[T];
			/* The small rates stay near the start; the others level
			 * off: their last quarter adds under 5 % of the rise. */
			double rise = u[T] * u[T] - u[0] * u[0];
			double late = u[T] * u[T] - u[3 * T / 4] * u[3 * T / 4];
			if (k < 2)
				assert_true(u[T] < 1.02 * u[0]);
			else if (late > 0.05 * rise)
				fail_msg("seed %llu run %zu: the last quarter adds %g of a rise of %g",
					 (unsigned long long)seed, k, late, rise);
		}
		assert_true(t95[runs - 1] <= 500);       /* the largest within a few hundred */
		assert_true(run_norms(r, 4, &T)[T] > 2 * first[0]);
		lab_result_free(r);
	}
}

static bool falls(const struct lab_result *r)
{
	size_t runs, T;
	num_col(r, "runs", "log10_lr", &runs);
	for (size_t k = 0; k < runs; k++) {
		const double *u = run_norms(r, k, &T);
		for (size_t t = 0; t < T; t++)
			if (u[t + 1] < u[t] * (1 - 1e-9))
				return true;
	}
	return false;
}

static void test_adam_and_an_unprojected_step_let_the_norm_fall(void **state)
{
	(void)state;
	struct lab_result *r = run_ok("q6", 1, "optimizer=adam", NULL);
	assert_true(falls(r));
	lab_result_free(r);
	r = run_ok("q6", 1, "project=off", NULL);
	assert_true(falls(r));
	lab_result_free(r);
	/* Without the g/‖u‖ factor the steps stay orthogonal: no fall. */
	r = run_ok("q6", 1, "scale=off", "lr=-3,-2", NULL);
	assert_false(falls(r));
	lab_result_free(r);
}

/* The loss from theta, written from lab_internal.h's layout. */
static double loss_here(size_t H, const double *theta, const double *X, const int *labels,
			size_t nx)
{
	const size_t F = LAB_WN_FEATURES, C = LAB_WN_CLASSES;
	const double *U = theta, *g1 = U + H * F, *c1 = g1 + H, *V = c1 + H, *g2 = V + C * H,
		     *c2 = g2 + C;
	double total = 0;
	for (size_t e = 0; e < nx; e++) {
		double h[64], o[4];
		for (size_t i = 0; i < H; i++) {
			double dot = 0, nn = 0;
			for (size_t j = 0; j < F; j++) {
				dot += U[i * F + j] * X[e * F + j];
				nn += U[i * F + j] * U[i * F + j];
			}
			h[i] = tanh(g1[i] * dot / sqrt(nn) + c1[i]);
		}
		double z = 0;
		for (size_t k = 0; k < C; k++) {
			double dot = 0, nn = 0;
			for (size_t i = 0; i < H; i++) {
				dot += V[k * H + i] * h[i];
				nn += V[k * H + i] * V[k * H + i];
			}
			o[k] = g2[k] * dot / sqrt(nn) + c2[k];
			z += exp(o[k]);
		}
		total += log(z) - o[labels[e]];
	}
	return total;
}

static void test_gradient_equals_central_differences(void **state)
{
	(void)state;
	const size_t H = 5;
	size_t P = lab_wn_theta_size(H);
	double theta[512], grad[512], X[6 * 8];
	int labels[6] = { 0, 3, 1, 2, 2, 0 };
	size_t batch[6] = { 0, 1, 2, 3, 4, 5 };
	uint64_t rs = 11;
	for (size_t i = 0; i < P; i++)
		theta[i] = test_uniform(&rs) * 2 - 1;
	for (size_t i = 0; i < sizeof X / sizeof X[0]; i++)
		X[i] = test_uniform(&rs);
	double L = lab_wn_loss_grad(H, theta, X, labels, batch, 6, grad, true, true);
	assert_true(fabs(L - loss_here(H, theta, X, labels, 6)) < 1e-12);
	for (size_t i = 0; i < P; i++) {
		double keep = theta[i], h = 1e-6;
		theta[i] = keep + h;
		double up = loss_here(H, theta, X, labels, 6);
		theta[i] = keep - h;
		double down = loss_here(H, theta, X, labels, 6);
		theta[i] = keep;
		double fd = (up - down) / (2 * h);
		if (fabs(fd - grad[i]) > 1e-6 * (1 + fabs(fd)))
			fail_msg("parameter %zu: gradient %.12g, central difference %.12g", i, grad[i], fd);
	}
	/* Each unit's ∇ᵤL is orthogonal to its u; without the factor it is
	 * longer by ‖u‖/g. */
	double plain[512];
	lab_wn_loss_grad(H, theta, X, labels, batch, 6, plain, false, true);
	for (size_t i = 0; i < H; i++) {
		double dot = 0, nn = 0;
		for (size_t j = 0; j < 8; j++) {
			dot += grad[i * 8 + j] * theta[i * 8 + j];
			nn += theta[i * 8 + j] * theta[i * 8 + j];
		}
		assert_true(fabs(dot) < 1e-12);
		double s = theta[H * 8 + i] / sqrt(nn);
		for (size_t j = 0; j < 8; j++)
			assert_true(fabs(plain[i * 8 + j] * s - grad[i * 8 + j]) < 1e-12);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norms_never_decrease_under_sgd),
		cmocka_unit_test(test_curves_have_the_shape_of_the_figure),
		cmocka_unit_test(test_adam_and_an_unprojected_step_let_the_norm_fall),
		cmocka_unit_test(test_gradient_equals_central_differences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
