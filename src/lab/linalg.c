/* Dense solves for the few small systems the labs need (d <= 16). */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "lab_internal.h"

#define MAXN 16

bool lab_solve(size_t n, const double *A, const double *b, double *x)
{
	assert(n >= 1 && n <= MAXN);
	double m[MAXN][MAXN + 1];
	double scale = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			m[i][j] = A[i * n + j];
			if (fabs(m[i][j]) > scale)
				scale = fabs(m[i][j]);
		}
		m[i][n] = b[i];
	}
	/* Gaussian elimination with partial pivoting. */
	for (size_t c = 0; c < n; c++) {
		size_t piv = c;
		for (size_t i = c + 1; i < n; i++)
			if (fabs(m[i][c]) > fabs(m[piv][c]))
				piv = i;
		if (!(fabs(m[piv][c]) > 1e-13 * scale))
			return false;
		if (piv != c)
			for (size_t j = 0; j <= n; j++) {
				double t = m[c][j];
				m[c][j] = m[piv][j];
				m[piv][j] = t;
			}
		for (size_t i = c + 1; i < n; i++) {
			double f = m[i][c] / m[c][c];
			for (size_t j = c; j <= n; j++)
				m[i][j] -= f * m[c][j];
		}
	}
	for (size_t i = n; i-- > 0;) {
		double s = m[i][n];
		for (size_t j = i + 1; j < n; j++)
			s -= m[i][j] * x[j];
		x[i] = s / m[i][i];
	}
	return true;
}

bool lab_cholesky(size_t n, const double *A, double *L)
{
	assert(n >= 1 && n <= MAXN);
	memset(L, 0, n * n * sizeof *L);
	for (size_t j = 0; j < n; j++) {
		double d = A[j * n + j];
		for (size_t k = 0; k < j; k++)
			d -= L[j * n + k] * L[j * n + k];
		if (!(d > 0))
			return false;
		L[j * n + j] = sqrt(d);
		for (size_t i = j + 1; i < n; i++) {
			double s = A[i * n + j];
			for (size_t k = 0; k < j; k++)
				s -= L[i * n + k] * L[j * n + k];
			L[i * n + j] = s / L[j * n + j];
		}
	}
	return true;
}
