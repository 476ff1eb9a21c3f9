/* A plot as a plain, hand-written SVG document for a report or a slide:
 * black lines told apart by dash patterns and end labels, no colour. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_internal.h"

#define SVG_W 720.0
#define SVG_H 440.0
#define LEFT 72.0
#define RIGHT 150.0
#define TOP 48.0
#define BOTTOM 58.0

static const char *const dashes[] = {
	"", "7 4", "2 3", "10 3 2 3", "14 5", "1 5", "5 2 1 2", "3 6",
};

static void xml_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': strbuf_append(out, "&amp;"); break;
		case '<': strbuf_append(out, "&lt;"); break;
		case '>': strbuf_append(out, "&gt;"); break;
		case '"': strbuf_append(out, "&quot;"); break;
		default: strbuf_putc(out, *s); break;
		}
	}
}

static void num(struct strbuf *out, double v)
{
	char b[32];
	lab_format_g(b, round(v * 100) / 100, 8);
	strbuf_append(out, b);
}

struct frame {
	struct lab_axis xa, ya;
	double x0, x1, y0, y1;      /* plot area in SVG units; y0 is the bottom */
};

static double px(const struct frame *f, double x)
{
	return f->x0 + lab_axis_frac(&f->xa, x) * (f->x1 - f->x0);
}

static double py(const struct frame *f, double y)
{
	return f->y0 - lab_axis_frac(&f->ya, y) * (f->y0 - f->y1);
}

static bool usable(const struct frame *f, double x, double y)
{
	return isfinite(x) && isfinite(y) && (!f->xa.log || x > 0);
}

static void line(struct strbuf *out, double x1, double y1, double x2, double y2)
{
	const double v[4] = { x1, y1, x2, y2 };
	static const char *const names[4] = { "<line x1=\"", "\" y1=\"", "\" x2=\"", "\" y2=\"" };
	for (int i = 0; i < 4; i++) {
		strbuf_append(out, names[i]);
		num(out, v[i]);
	}
	strbuf_append(out, "\"/>\n");
}

static void axes(struct strbuf *out, const struct frame *f, const struct lab_plot *p)
{
	strbuf_append(out, "<g stroke=\"black\" stroke-width=\"1\" fill=\"none\">\n");
	line(out, f->x0, f->y0, f->x1, f->y0);
	line(out, f->x0, f->y0, f->x0, f->y1);
	for (int i = 0; i < f->xa.nticks; i++)
		line(out, px(f, f->xa.ticks[i]), f->y0, px(f, f->xa.ticks[i]), f->y0 + 5);
	for (int i = 0; i < f->ya.nticks; i++)
		line(out, f->x0 - 5, py(f, f->ya.ticks[i]), f->x0, py(f, f->ya.ticks[i]));
	strbuf_append(out, "</g>\n<g font-family=\"sans-serif\" font-size=\"12\" fill=\"black\">\n");
	for (int i = 0; i < f->xa.nticks; i++) {
		strbuf_append(out, "<text text-anchor=\"middle\" x=\"");
		num(out, px(f, f->xa.ticks[i]));
		strbuf_append(out, "\" y=\"");
		num(out, f->y0 + 19);
		strbuf_append(out, "\">");
		xml_text(out, f->xa.labels[i]);
		strbuf_append(out, "</text>\n");
	}
	for (int i = 0; i < f->ya.nticks; i++) {
		strbuf_append(out, "<text text-anchor=\"end\" x=\"");
		num(out, f->x0 - 8);
		strbuf_append(out, "\" y=\"");
		num(out, py(f, f->ya.ticks[i]) + 4);
		strbuf_append(out, "\">");
		xml_text(out, f->ya.labels[i]);
		strbuf_append(out, "</text>\n");
	}
	strbuf_append(out, "<text text-anchor=\"middle\" x=\"");
	num(out, (f->x0 + f->x1) / 2);
	strbuf_append(out, "\" y=\"");
	num(out, SVG_H - 14);
	strbuf_append(out, "\">");
	xml_text(out, p->xlabel);
	strbuf_append(out, "</text>\n<text text-anchor=\"middle\" transform=\"translate(18 ");
	num(out, (f->y0 + f->y1) / 2);
	strbuf_append(out, ") rotate(-90)\">");
	xml_text(out, p->ylabel);
	strbuf_append(out, "</text>\n</g>\n");
}

/* One polyline per run of usable points of ys. */
static void lines(struct strbuf *out, const struct frame *f, const double *xs,
		  const double *ys, size_t n, const char *attrs)
{
	bool open = false;
	for (size_t i = 0; i <= n; i++) {
		bool ok = i < n && usable(f, xs[i], ys[i]);
		if (ok && !open) {
			strbuf_append(out, "<polyline ");
			strbuf_append(out, attrs);
			strbuf_append(out, " points=\"");
			open = true;
		} else if (!ok && open) {
			strbuf_append(out, "\"/>\n");
			open = false;
		}
		if (ok) {
			num(out, px(f, xs[i]));
			strbuf_putc(out, ',');
			num(out, py(f, ys[i]));
			strbuf_putc(out, ' ');
		}
	}
}

static void band(struct strbuf *out, const struct frame *f, const struct lab_series *s)
{
	strbuf_append(out, "<polygon fill=\"black\" fill-opacity=\"0.15\" stroke=\"none\" points=\"");
	for (size_t i = 0; i < s->n; i++)
		if (usable(f, s->x[i], s->hi[i])) {
			num(out, px(f, s->x[i]));
			strbuf_putc(out, ',');
			num(out, py(f, s->hi[i]));
			strbuf_putc(out, ' ');
		}
	for (size_t i = s->n; i-- > 0;)
		if (usable(f, s->x[i], s->lo[i])) {
			num(out, px(f, s->x[i]));
			strbuf_putc(out, ',');
			num(out, py(f, s->lo[i]));
			strbuf_putc(out, ' ');
		}
	strbuf_append(out, "\"/>\n");
}

struct end_label {
	double x, y;
	size_t series;
};

static int by_y(const void *a, const void *b)
{
	double d = ((const struct end_label *)a)->y - ((const struct end_label *)b)->y;
	return (d > 0) - (d < 0);
}

/* Each label beside its curve's last point, pushed apart to stay legible. */
static void end_labels(struct strbuf *out, const struct frame *f, const struct lab_plot *p)
{
	struct end_label labels[LAB_MAX_SERIES];
	size_t n = 0;
	for (size_t s = 0; s < p->nseries; s++) {
		const struct lab_series *se = &p->series[s];
		for (size_t i = se->n; i-- > 0;)
			if (usable(f, se->x[i], se->y[i])) {
				double y = py(f, se->y[i]);
				labels[n++] = (struct end_label){
					px(f, se->x[i]) + 6, y < f->y1 ? f->y1 : y > f->y0 ? f->y0 : y, s,
				};
				break;
			}
	}
	qsort(labels, n, sizeof labels[0], by_y);
	for (size_t i = 1; i < n; i++)
		if (labels[i].y < labels[i - 1].y + 14)
			labels[i].y = labels[i - 1].y + 14;
	strbuf_append(out, "<g font-family=\"sans-serif\" font-size=\"12\" fill=\"black\">\n");
	for (size_t i = 0; i < n; i++) {
		strbuf_append(out, "<text x=\"");
		num(out, labels[i].x);
		strbuf_append(out, "\" y=\"");
		num(out, labels[i].y + 4);
		strbuf_append(out, "\">");
		xml_text(out, p->series[labels[i].series].label);
		strbuf_append(out, "</text>\n");
	}
	strbuf_append(out, "</g>\n");
}

bool lab_render_svg(const struct lab_result *r, const char *plot,
		    struct strbuf *out, struct lab_error *err)
{
	const struct lab_plot *p = lab_result_plot(r, plot);
	if (!p)
		return lab_fail(err, LAB_ERR_NO_DATA, "svg",
				plot ? "lab %s has no plot '%s'" : "lab %s draws no plot%s",
				r->kind->name, plot ? plot : "");
	struct frame f = { .x0 = LEFT, .x1 = SVG_W - RIGHT, .y0 = SVG_H - BOTTOM, .y1 = TOP };
	double xlo, xhi, ylo, yhi;
	if (!lab_plot_range(p, &xlo, &xhi, &ylo, &yhi))
		return lab_fail(err, LAB_ERR_NO_DATA, "svg", "plot %s has no points", p->name);
	lab_axis_make(&f.xa, xlo, xhi, p->xlog, 8);
	lab_axis_make(&f.ya, ylo, yhi, false, 7);

	strbuf_append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"440\" "
		      "viewBox=\"0 0 720 440\">\n<title>");
	xml_text(out, p->title);
	strbuf_append(out, "</title>\n<rect width=\"720\" height=\"440\" fill=\"white\"/>\n"
		      "<text x=\"360\" y=\"26\" text-anchor=\"middle\" font-family=\"sans-serif\" "
		      "font-size=\"15\">");
	xml_text(out, p->title);
	strbuf_append(out, "</text>\n<defs><clipPath id=\"area\"><rect x=\"");
	num(out, f.x0);
	strbuf_append(out, "\" y=\"");
	num(out, f.y1 - 2);
	strbuf_append(out, "\" width=\"");
	num(out, f.x1 - f.x0 + 2);
	strbuf_append(out, "\" height=\"");
	num(out, f.y0 - f.y1 + 4);
	strbuf_append(out, "\"/></clipPath></defs>\n");
	axes(out, &f, p);
	strbuf_append(out, "<g clip-path=\"url(#area)\">\n");
	for (size_t s = 0; s < p->nseries; s++)
		if (p->series[s].lo)
			band(out, &f, &p->series[s]);
	for (size_t s = 0; s < p->nseries; s++) {
		const char *dash = dashes[s % (sizeof dashes / sizeof dashes[0])];
		char attrs[128];
		snprintf(attrs, sizeof attrs,
			 "fill=\"none\" stroke=\"black\" stroke-width=\"1.5\"%s%s%s",
			 *dash ? " stroke-dasharray=\"" : "", dash, *dash ? "\"" : "");
		lines(out, &f, p->series[s].x, p->series[s].y, p->series[s].n, attrs);
	}
	strbuf_append(out, "</g>\n");
	end_labels(out, &f, p);
	strbuf_append(out, "</svg>\n");
	if (out->oom)
		return lab_fail(err, LAB_ERR_MEMORY, NULL, "out of memory");
	return true;
}
