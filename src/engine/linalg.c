/* Dense linear algebra on small row-major matrices: inverse and
 * determinant (Gauss-Jordan), and the eigen-decomposition of a symmetric
 * matrix (cyclic Jacobi), which fractional matrix powers need. The
 * matrices here have at most 256 rows (ENGINE_MAX_ELEMENTS entries), and
 * the callers charge the cubic work to the step budget. */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "internal.h"

bool linalg_invert(const double *in, size_t n, double *inv, double *det,
		   double *work)
{
	memcpy(work, in, n * n * sizeof *work);
	for (size_t i = 0; i < n * n; i++)
		inv[i] = i % (n + 1) == 0 ? 1 : 0;
	double d = 1, scale = 0;
	for (size_t i = 0; i < n * n; i++)
		scale = fmax(scale, fabs(in[i]));
	for (size_t c = 0; c < n; c++) {
		size_t piv = c;
		for (size_t r = c + 1; r < n; r++)
			if (fabs(work[r * n + c]) > fabs(work[piv * n + c]))
				piv = r;
		double pv = work[piv * n + c];
		if (fabs(pv) <= 1e-12 * (scale > 0 ? scale : 1)) {
			*det = 0;
			return false;
		}
		if (piv != c) {
			for (size_t k = 0; k < n; k++) {
				double t = work[c * n + k];
				work[c * n + k] = work[piv * n + k];
				work[piv * n + k] = t;
				t = inv[c * n + k];
				inv[c * n + k] = inv[piv * n + k];
				inv[piv * n + k] = t;
			}
			d = -d;
		}
		d *= pv;
		for (size_t k = 0; k < n; k++) {
			work[c * n + k] /= pv;
			inv[c * n + k] /= pv;
		}
		for (size_t r = 0; r < n; r++) {
			if (r == c)
				continue;
			double f = work[r * n + c];
			if (f == 0)
				continue;
			for (size_t k = 0; k < n; k++) {
				work[r * n + k] -= f * work[c * n + k];
				inv[r * n + k] -= f * inv[c * n + k];
			}
		}
	}
	*det = d;
	return true;
}

bool linalg_symmetric(const double *a, size_t n)
{
	double scale = 0;
	for (size_t i = 0; i < n * n; i++)
		scale = fmax(scale, fabs(a[i]));
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (fabs(a[i * n + j] - a[j * n + i]) > 1e-12 * (scale > 0 ? scale : 1))
				return false;
	return true;
}

void linalg_eigen_symmetric(const double *a, size_t n, double *values,
			    double *vectors, double *work)
{
	assert(n > 0);
	memcpy(work, a, n * n * sizeof *work);
	for (size_t i = 0; i < n * n; i++)
		vectors[i] = i % (n + 1) == 0 ? 1 : 0;
	/* Cyclic Jacobi: each sweep zeroes every off-diagonal entry once;
	 * convergence is quadratic, a few sweeps reach rounding level. */
	for (int sweep = 0; sweep < 64; sweep++) {
		double off = 0, diag = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++)
				*(i == j ? &diag : &off) += work[i * n + j] * work[i * n + j];
		if (off <= 1e-30 * (diag > 0 ? diag : 1))
			break;
		for (size_t p = 0; p < n; p++) {
			for (size_t q = p + 1; q < n; q++) {
				double apq = work[p * n + q];
				if (apq == 0)
					continue;
				double theta = (work[q * n + q] - work[p * n + p]) / (2 * apq);
				double t = (theta >= 0 ? 1 : -1) /
					   (fabs(theta) + sqrt(theta * theta + 1));
				double c = 1 / sqrt(t * t + 1), s = t * c;
				for (size_t k = 0; k < n; k++) {
					double akp = work[k * n + p], akq = work[k * n + q];
					work[k * n + p] = c * akp - s * akq;
					work[k * n + q] = s * akp + c * akq;
				}
				for (size_t k = 0; k < n; k++) {
					double apk = work[p * n + k], aqk = work[q * n + k];
					work[p * n + k] = c * apk - s * aqk;
					work[q * n + k] = s * apk + c * aqk;
				}
				for (size_t k = 0; k < n; k++) {
					double vkp = vectors[k * n + p], vkq = vectors[k * n + q];
					vectors[k * n + p] = c * vkp - s * vkq;
					vectors[k * n + q] = s * vkp + c * vkq;
				}
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		values[i] = work[i * n + i];
}
