/* Axis ranges, ticks and clipping shared by the canvas and the SVG. */
#include <math.h>
#include <string.h>

#include "lab_internal.h"

static double nice_step(double raw)
{
	double p = pow(10, floor(log10(raw)));
	double f = raw / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static void add_tick(struct lab_axis *a, double v, double snap)
{
	if (a->nticks == LAB_MAX_TICKS)
		return;
	if (fabs(v) < snap)
		v = 0;
	a->ticks[a->nticks] = v;
	lab_format_g(a->labels[a->nticks], v, 6);
	a->nticks++;
}

static void log_ticks(struct lab_axis *a, int max_ticks)
{
	static const double mult[] = { 1, 2, 5 };
	int k0 = (int)floor(log10(a->lo)), k1 = (int)ceil(log10(a->hi));
	int count = 0;
	for (int k = k0; k <= k1; k++) {
		double v = pow(10, k);
		if (v >= a->lo * (1 - 1e-12) && v <= a->hi * (1 + 1e-12))
			count++;
	}
	size_t nm = count >= 2 ? 1 : 3;
	for (int k = k0; k <= k1; k++)
		for (size_t m = 0; m < nm; m++) {
			double v = mult[m] * pow(10, k);
			if (v >= a->lo * (1 - 1e-12) && v <= a->hi * (1 + 1e-12) &&
			    a->nticks < max_ticks)
				add_tick(a, v, 0);
		}
}

void lab_axis_make(struct lab_axis *a, double lo, double hi, bool log, int max_ticks)
{
	if (max_ticks < 2)
		max_ticks = 2;
	if (max_ticks > LAB_MAX_TICKS)
		max_ticks = LAB_MAX_TICKS;
	memset(a, 0, sizeof *a);
	a->log = log && lo > 0 && hi > 0;
	if (!(hi > lo)) {
		/* One value: give it room on both sides. */
		double d = a->log ? 0 : fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
		lo = a->log ? lo / 2 : lo - d;
		hi = a->log ? hi * 2 : hi + d;
	}
	a->lo = lo;
	a->hi = hi;
	if (a->log) {
		log_ticks(a, max_ticks);
		return;
	}
	double step = nice_step((hi - lo) / (max_ticks - 1));
	double first = ceil(lo / step - 1e-9) * step, last = floor(hi / step + 1e-9) * step;
	for (int i = 0; first + i * step <= last + step * 1e-9; i++)
		add_tick(a, first + i * step, step * 1e-9);
}

double lab_axis_frac(const struct lab_axis *a, double v)
{
	if (a->log)
		return v > 0 ? (log10(v) - log10(a->lo)) / (log10(a->hi) - log10(a->lo)) : -1;
	return (v - a->lo) / (a->hi - a->lo);
}

static void widen(double v, double *lo, double *hi)
{
	if (!isfinite(v))
		return;
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

bool lab_plot_range(const struct lab_plot *p, double *xlo, double *xhi,
		    double *ylo, double *yhi)
{
	*xlo = *ylo = INFINITY;
	*xhi = *yhi = -INFINITY;
	for (size_t s = 0; s < p->nseries; s++) {
		const struct lab_series *se = &p->series[s];
		for (size_t i = 0; i < se->n; i++) {
			if (!isfinite(se->y[i]) || (p->xlog && !(se->x[i] > 0)))
				continue;
			widen(se->x[i], xlo, xhi);
			widen(se->y[i], ylo, yhi);
			if (se->lo) {
				widen(se->lo[i], ylo, yhi);
				widen(se->hi[i], ylo, yhi);
			}
		}
	}
	if (p->yfixed) {
		*ylo = p->ymin;
		*yhi = p->ymax;
	} else if (*ylo < *yhi) {
		/* A little room, so no curve runs along the frame. */
		double m = 0.03 * (*yhi - *ylo);
		*ylo -= m;
		*yhi += m;
	}
	return *xlo <= *xhi && *ylo <= *yhi;
}

/* Liang–Barsky against 0 <= x, y <= 1. */
bool lab_clip_unit(double *x0, double *y0, double *x1, double *y1)
{
	double dx = *x1 - *x0, dy = *y1 - *y0;
	double p[4] = { -dx, dx, -dy, dy };
	double q[4] = { *x0, 1 - *x0, *y0, 1 - *y0 };
	double t0 = 0, t1 = 1;
	for (int i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] < 0)
				return false;
			continue;
		}
		double t = q[i] / p[i];
		if (p[i] < 0) {
			if (t > t1)
				return false;
			if (t > t0)
				t0 = t;
		} else {
			if (t < t0)
				return false;
			if (t < t1)
				t1 = t;
		}
	}
	double ax = *x0 + t0 * dx, ay = *y0 + t0 * dy;
	*x1 = *x0 + t1 * dx;
	*y1 = *y0 + t1 * dy;
	*x0 = ax;
	*y0 = ay;
	return true;
}
