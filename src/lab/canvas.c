/* The character canvas and plots drawn on it: braille dots (2×4 per cell)
 * or one ASCII marker per cell, axes with ticks, labels at curve ends. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_internal.h"
#include "utf8.h"

#define MAX_SIDE 4096

struct lab_canvas *lab_canvas_new(int width, int height)
{
	if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE)
		return NULL;
	struct lab_canvas *c = malloc(sizeof *c);
	if (!c)
		return NULL;
	c->cells = malloc((size_t)width * (size_t)height * sizeof *c->cells);
	if (!c->cells) {
		free(c);
		return NULL;
	}
	c->width = width;
	c->height = height;
	lab_canvas_clear(c);
	return c;
}

void lab_canvas_free(struct lab_canvas *c)
{
	if (!c)
		return;
	free(c->cells);
	free(c);
}

void lab_canvas_clear(struct lab_canvas *c)
{
	for (int i = 0; i < c->width * c->height; i++)
		strcpy(c->cells[i].glyph, " ");
}

const char *lab_canvas_at(const struct lab_canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->width || y >= c->height)
		return " ";
	return c->cells[y * c->width + x].glyph;
}

static void set_glyph(struct lab_canvas *c, int x, int y, const char *g)
{
	if (x < 0 || y < 0 || x >= c->width || y >= c->height)
		return;
	snprintf(c->cells[y * c->width + x].glyph, sizeof c->cells[0].glyph, "%s", g);
}

/* Write text from column x, one code point per cell, at most maxcols. A
 * character the canvas cannot hold becomes '?'. Returns the cells used. */
static int put_text(struct lab_canvas *c, int x, int y, const char *text,
		    int maxcols, bool ascii)
{
	struct strbuf folded = STRBUF_INIT;
	if (ascii) {
		lab_fold_ascii(&folded, text);
		text = strbuf_str(&folded);
	}
	int used = 0;
	size_t len = strlen(text);
	for (size_t i = 0; i < len && used < maxcols;) {
		size_t n;
		uint32_t cp = utf8_decode(text + i, len - i, &n);
		char g[8];
		if (cp == UTF8_INVALID || (ascii && cp > 0x7e) || cp < 0x20) {
			strcpy(g, "?");
		} else {
			memcpy(g, text + i, n);
			g[n] = '\0';
		}
		set_glyph(c, x + used, y, g);
		used++;
		i += n;
	}
	strbuf_free(&folded);
	return used;
}

static int text_cols(const char *s)
{
	return (int)utf8_count(s, strlen(s));
}

/* Columns s takes once drawn: folded to ASCII first when ascii. */
static int shown_cols(const char *s, bool ascii)
{
	if (!ascii)
		return text_cols(s);
	struct strbuf sb = STRBUF_INIT;
	lab_fold_ascii(&sb, s);
	int n = text_cols(strbuf_str(&sb));
	strbuf_free(&sb);
	return n;
}

static const char markers[] = "*ox#%@=&~$^v";

/* The plot area being drawn: cells [x0, x0+pw) × [y0, y0+ph), each holding
 * braille bits or an ASCII marker. */
struct area {
	int x0, y0, pw, ph;
	bool ascii;
	int dw, dh;                 /* dots across and down */
	unsigned char *bits;        /* pw*ph braille bits */
	char *mark;                 /* pw*ph markers, 0 for none */
};

/* Braille dot numbering: bit for (column, row) within a cell. */
static const unsigned char braille_bit[4][2] = {
	{ 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 },
};

static void dot(struct area *a, int dx, int dy, char marker)
{
	if (dx < 0 || dy < 0 || dx >= a->dw || dy >= a->dh)
		return;
	if (a->ascii) {
		char *m = &a->mark[dy * a->pw + dx];
		/* A band's dots never cover a curve. */
		if (marker != '.' || !*m)
			*m = marker;
	} else {
		a->bits[(dy / 4) * a->pw + dx / 2] |= braille_bit[dy % 4][dx % 2];
	}
}

/* A segment between two points given as axis fractions, clipped to the
 * area; every dot (every `every`-th one for a dotted line). */
static void segment(struct area *a, double fx0, double fy0, double fx1,
		    double fy1, char marker, int every)
{
	if (!lab_clip_unit(&fx0, &fy0, &fx1, &fy1))
		return;
	int x0 = (int)lround(fx0 * (a->dw - 1)), y0 = (int)lround((1 - fy0) * (a->dh - 1));
	int x1 = (int)lround(fx1 * (a->dw - 1)), y1 = (int)lround((1 - fy1) * (a->dh - 1));
	int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
	int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
	int e = dx + dy;
	for (int step = 0;; step++) {
		if (step % every == 0)
			dot(a, x0, y0, marker);
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * e;
		if (e2 >= dy) {
			e += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			e += dx;
			y0 += sy;
		}
	}
}

static void polyline(struct area *a, const struct lab_axis *xa,
		     const struct lab_axis *ya, const double *x, const double *y,
		     size_t n, char marker, int every)
{
	bool have = false;
	double px = 0, py = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(y[i]) || !isfinite(x[i]) || (xa->log && !(x[i] > 0))) {
			have = false;
			continue;
		}
		double fx = lab_axis_frac(xa, x[i]), fy = lab_axis_frac(ya, y[i]);
		if (have)
			segment(a, px, py, fx, fy, marker, every);
		else if (i + 1 == n || !isfinite(y[i + 1]))
			segment(a, fx, fy, fx, fy, marker, 1);
		px = fx;
		py = fy;
		have = true;
	}
}

/* A band as dotted vertical bars from lo to hi every few columns: a
 * filled band would hide the curve inside it. */
static void band_bars(struct area *a, const struct lab_axis *xa,
		      const struct lab_axis *ya, const struct lab_series *s)
{
	int every = a->ascii ? 6 : 12, next = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (!isfinite(s->lo[i]) || !isfinite(s->hi[i]) || (xa->log && !(s->x[i] > 0)))
			continue;
		double fx = lab_axis_frac(xa, s->x[i]);
		int dx = (int)lround(fx * (a->dw - 1));
		if (dx < next)
			continue;
		segment(a, fx, lab_axis_frac(ya, s->lo[i]), fx, lab_axis_frac(ya, s->hi[i]), '.', 2);
		next = (dx / every + 1) * every;
	}
}

/* The dot row of the last finite point of s, or -1. */
static int end_row(const struct area *a, bool xlog, const struct lab_axis *ya,
		   const struct lab_series *s)
{
	for (size_t i = s->n; i-- > 0;) {
		if (!isfinite(s->y[i]) || (xlog && !(s->x[i] > 0)))
			continue;
		double fy = lab_axis_frac(ya, s->y[i]);
		if (fy < 0)
			fy = 0;
		if (fy > 1)
			fy = 1;
		return (int)lround((1 - fy) * (a->dh - 1));
	}
	return -1;
}

static void draw_axes(struct lab_canvas *c, const struct area *a,
		      const struct lab_axis *xa, const struct lab_axis *ya,
		      const char *xlabel, bool ascii)
{
	int ax = a->x0 - 1, arow = a->y0 + a->ph;
	for (int y = a->y0; y < arow; y++)
		set_glyph(c, ax, y, ascii ? "|" : "│");
	set_glyph(c, ax, arow, ascii ? "+" : "└");
	for (int x = a->x0; x < a->x0 + a->pw; x++)
		set_glyph(c, x, arow, ascii ? "-" : "─");
	for (int i = 0; i < ya->nticks; i++) {
		double f = lab_axis_frac(ya, ya->ticks[i]);
		int row = a->y0 + (int)lround((1 - f) * (a->ph - 1));
		set_glyph(c, ax, row, ascii ? "+" : "┤");
		int w = text_cols(ya->labels[i]);
		put_text(c, ax - w, row, ya->labels[i], w, ascii);
	}
	int free_from = 0;
	for (int i = 0; i < xa->nticks; i++) {
		double f = lab_axis_frac(xa, xa->ticks[i]);
		int col = a->x0 + (int)lround(f * (a->pw - 1));
		set_glyph(c, col, arow, ascii ? "+" : "┬");
		int w = text_cols(xa->labels[i]);
		int start = col - w / 2;
		if (start < free_from || start + w > c->width)
			continue;
		put_text(c, start, arow + 1, xa->labels[i], w, ascii);
		free_from = start + w + 1;
	}
	int w = shown_cols(xlabel, ascii);
	if (w && c->width - w > free_from)
		put_text(c, c->width - w, arow + 1, xlabel, w, ascii);
	else if (w) {
		put_text(c, c->width - w - 2, 1, ascii ? ">" : "→", 1, ascii);
		put_text(c, c->width - w, 1, xlabel, w, ascii);
	}
}

/* The labels of curves ending in the same row, as one: "η=10^-4,-3". */
struct label {
	int dot;                    /* the first curve's end, in dot rows */
	int row;                    /* wanted, then given */
	size_t series;
	char marks[LAB_MAX_SERIES + 1];   /* ASCII markers of its curves */
	char text[96];
};

static int by_dot(const struct label *a, const struct label *b)
{
	if (a->dot != b->dot)
		return a->dot - b->dot;
	return (a->series > b->series) - (a->series < b->series);
}

/* How much of label a later label may leave out: the prefix both share,
 * backed off so a number is never split ("η=10^-4", "η=10^-3": "η=10^"). */
static size_t shared_prefix(const char *a, const char *b)
{
	size_t n = 0;
	while (a[n] && a[n] == b[n])
		n++;
	while (n && (((unsigned char)b[n] & 0xC0) == 0x80 || strchr("0123456789.+-", b[n - 1])))
		n--;
	return n;
}

/* One label per row where curves end, top to bottom; returns the count. */
static size_t collect_labels(const struct area *a, const struct lab_plot *p,
			     const struct lab_axis *ya, bool ascii, struct label *out)
{
	struct label each[LAB_MAX_SERIES];
	size_t n = 0;
	for (size_t s = 0; s < p->nseries && s < LAB_MAX_SERIES; s++) {
		int dot = end_row(a, p->xlog, ya, &p->series[s]);
		if (dot >= 0)
			each[n++] = (struct label){ .dot = dot, .row = ascii ? dot : dot / 4, .series = s };
	}
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && by_dot(&each[k - 1], &each[k]) > 0; k--) {
			struct label t = each[k];
			each[k] = each[k - 1];
			each[k - 1] = t;
		}
	size_t groups = 0;
	for (size_t i = 0; i < n; i++) {
		const char *label = p->series[each[i].series].label;
		char mark[2] = { markers[each[i].series % (sizeof markers - 1)], '\0' };
		struct label *g = &out[groups - (groups && out[groups - 1].row == each[i].row)];
		if (g == &out[groups]) {
			*g = each[i];
			snprintf(g->text, sizeof g->text, "%s", label);
			groups++;
		} else {
			size_t len = strlen(g->text);
			snprintf(g->text + len, sizeof g->text - len, ",%s",
				 label + shared_prefix(p->series[g->series].label, label));
		}
		strncat(g->marks, mark, sizeof g->marks - strlen(g->marks) - 1);
	}
	for (size_t i = 0; ascii && i < groups; i++) {
		char t[sizeof out[i].text];
		snprintf(t, sizeof t, "%s", out[i].text);
		int room = (int)(sizeof out[i].text - strlen(out[i].marks) - 2);
		snprintf(out[i].text, sizeof out[i].text, "%s %.*s", out[i].marks, room, t);
	}
	return groups;
}

/* Labels in the right margin at their rows, pushed apart in order when
 * rows collide, so they never swap places. */
static void draw_labels(struct lab_canvas *c, const struct area *a,
			struct label *labels, size_t n, bool ascii)
{
	int col = a->x0 + a->pw + 1, room = c->width - col;
	if (room < 1)
		return;
	for (size_t i = 1; i < n; i++)
		if (labels[i].row <= labels[i - 1].row)
			labels[i].row = labels[i - 1].row + 1;
	/* Past the bottom: push back up from the last row. */
	for (size_t i = n; i-- > 0;) {
		int limit = a->ph - 1 - (int)(n - 1 - i);
		if (labels[i].row > limit)
			labels[i].row = limit;
	}
	for (size_t i = 0; i < n; i++)
		if (labels[i].row >= 0)
			put_text(c, col, a->y0 + labels[i].row, labels[i].text, room, ascii);
}

/* The title on row 0, ending in "…" when it is cut. */
static void title(struct lab_canvas *c, const char *text, bool ascii)
{
	int used = put_text(c, 0, 0, text, c->width, ascii);
	if (used == c->width && shown_cols(text, ascii) > c->width)
		set_glyph(c, c->width - 1, 0, ascii ? ">" : "…");
}

void lab_plot_draw(const struct lab_plot *p, struct lab_canvas *c, bool ascii)
{
	lab_canvas_clear(c);
	title(c, p->title, ascii);
	if (c->width < 30 || c->height < 8)
		return;
	double xlo, xhi, ylo, yhi;
	if (!lab_plot_range(p, &xlo, &xhi, &ylo, &yhi)) {
		put_text(c, 0, 1, "(no data)", c->width, ascii);
		return;
	}
	/* Row 1 holds the y label (and the x label when the ticks leave it
	 * no room below). */
	int top = 2;
	put_text(c, 0, 1, p->ylabel, c->width / 2, ascii);
	struct area a = { .y0 = top, .ph = c->height - 2 - top, .ascii = ascii };
	struct lab_axis ya, xa;
	lab_axis_make(&ya, ylo, yhi, false, a.ph / 2 + 1);
	int lw = 1;
	for (int i = 0; i < ya.nticks; i++)
		if (text_cols(ya.labels[i]) > lw)
			lw = text_cols(ya.labels[i]);
	a.dh = ascii ? a.ph : 4 * a.ph;
	struct label labels[LAB_MAX_SERIES];
	size_t nlabels = collect_labels(&a, p, &ya, ascii, labels);
	int rm = 0;
	for (size_t i = 0; i < nlabels; i++) {
		int w = shown_cols(labels[i].text, ascii) + 1;
		if (w > rm)
			rm = w;
	}
	if (rm > c->width / 3)
		rm = c->width / 3;
	a.x0 = lw + 1;
	a.pw = c->width - a.x0 - rm;
	lab_axis_make(&xa, xlo, xhi, p->xlog, a.pw / 10 + 1);
	a.dw = ascii ? a.pw : 2 * a.pw;
	size_t cells = (size_t)a.pw * (size_t)a.ph;
	a.bits = calloc(cells, 1);
	a.mark = calloc(cells, 1);
	if (!a.bits || !a.mark) {
		free(a.bits);
		free(a.mark);
		put_text(c, 0, 1, "(out of memory)", c->width, ascii);
		return;
	}
	for (size_t s = 0; s < p->nseries; s++)
		if (p->series[s].lo)
			band_bars(&a, &xa, &ya, &p->series[s]);
	for (size_t s = 0; s < p->nseries; s++) {
		const struct lab_series *se = &p->series[s];
		polyline(&a, &xa, &ya, se->x, se->y, se->n,
			 markers[s % (sizeof markers - 1)], 1);
	}
	for (int y = 0; y < a.ph; y++)
		for (int x = 0; x < a.pw; x++) {
			size_t i = (size_t)y * a.pw + x;
			char g[8] = "";
			if (ascii && a.mark[i]) {
				g[0] = a.mark[i];
				g[1] = '\0';
			} else if (!ascii && a.bits[i]) {
				size_t n = utf8_encode(0x2800u + a.bits[i], g);
				g[n] = '\0';
			}
			if (g[0])
				set_glyph(c, a.x0 + x, a.y0 + y, g);
		}
	free(a.bits);
	free(a.mark);
	draw_axes(c, &a, &xa, &ya, p->xlabel, ascii);
	draw_labels(c, &a, labels, nlabels, ascii);
}

void lab_canvas_append(const struct lab_canvas *c, struct strbuf *out)
{
	for (int y = 0; y < c->height; y++) {
		size_t keep = out->len;
		for (int x = 0; x < c->width; x++) {
			const char *g = c->cells[y * c->width + x].glyph;
			strbuf_append(out, g);
			if (strcmp(g, " "))
				keep = out->len;
		}
		if (!out->oom && out->len > keep) {
			out->len = keep;
			out->buf[keep] = '\0';
		}
		strbuf_putc(out, '\n');
	}
}
