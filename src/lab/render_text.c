/* The text view and CSV: pure functions from a result to a string. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_internal.h"
#include "utf8.h"

/* What each non-ASCII character of the labs' texts becomes without UTF-8.
 * Those used in diagrams map to exactly one character, so columns stay
 * aligned; anything not listed becomes '?'. */
static const struct {
	uint32_t cp;
	const char *ascii;
} folds[] = {
	{ 0x00B7, "*" },   /* · */
	{ 0x00D7, "x" },   /* × */
	{ 0x2212, "-" },   /* − */
	{ 0x2500, "-" },   /* ─ */
	{ 0x2502, "|" },   /* │ */
	{ 0x2514, "+" },   /* └ */
	{ 0x252C, "+" },   /* ┬ */
	{ 0x2524, "+" },   /* ┤ */
	{ 0x25CF, "#" },   /* ● */
	{ 0x25B2, "^" },   /* ▲ */
	{ 0x2591, "." },   /* ░ */
	{ 0x2573, "x" },   /* ╳ */
	{ 0x2264, "<=" },  /* ≤ */
	{ 0x2265, ">=" },  /* ≥ */
	{ 0x2260, "!=" },  /* ≠ */
	{ 0x2248, "~" },   /* ≈ */
	{ 0x2016, "||" },  /* ‖ */
	{ 0x00B2, "^2" },  /* ² */
	{ 0x207B, "^-" },  /* ⁻ */
	{ 0x00B9, "1" },   /* ¹ */
	{ 0x1D40, "'" },   /* ᵀ */
	{ 0x2299, ".*" },  /* ⊙ */
	{ 0x03BB, "lambda" },
	{ 0x03B7, "eta" },
	{ 0x0393, "G" },   /* Γ */
	{ 0x03A3, "sum" }, /* Σ */
	{ 0x221A, "sqrt" },
	{ 0x230A, "floor(" },
	{ 0x230B, ")" },
	{ 0x2026, "..." },
	{ 0x2192, "->" },
	{ 0x00B1, "+/-" },
	{ 0x00BD, "1/2" },
	{ 0x27C2, "perp" },
	{ 0x2208, " in " },
	{ 0x2080, "0" },   /* ₀ */
	{ 0x209C, "t" },   /* ₜ */
	{ 0x1D64, "_u" },  /* ᵤ */
	{ 0x1D62, "i" },   /* ᵢ */
	{ 0x00FB, "u" },   /* û */
	{ 0x0394, "D" },   /* Δ */
	{ 0x03B2, "beta" },
	{ 0x03B3, "gamma" },
	{ 0x03B5, "eps" },
	{ 0x2207, "grad" },
	{ 0x0304, "" },    /* combining macron: w̄ is w */
	{ 0x0302, "" },    /* combining circumflex: û is u */
};

void lab_fold_ascii(struct strbuf *out, const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			strbuf_putc(out, (char)c);
			i++;
			continue;
		}
		size_t n;
		uint32_t cp = utf8_decode(s + i, len - i, &n);
		const char *rep = "?";
		for (size_t k = 0; k < sizeof folds / sizeof folds[0]; k++)
			if (folds[k].cp == cp)
				rep = folds[k].ascii;
		strbuf_append(out, rep);
		i += n;
	}
}

/* Append s, folded to ASCII when ascii is set. */
static void put(struct strbuf *out, const char *s, bool ascii)
{
	if (ascii)
		lab_fold_ascii(out, s);
	else
		strbuf_append(out, s);
}

static int cols_of(const char *s)
{
	return (int)utf8_count(s, strlen(s));
}

static void pad(struct strbuf *out, int n)
{
	for (int i = 0; i < n; i++)
		strbuf_putc(out, ' ');
}

static void format_cell(char out[32], const struct lab_column *c, size_t row)
{
	double v = c->num[row];
	if (isnan(v))
		out[0] = '\0';
	else if (c->digits == 0)
		lab_format_g(out, round(v), 17);
	else
		lab_format_g(out, v, c->digits);
}

/* A cell as it will be printed: folded, in a buffer the caller frees. */
static char *cell_text(const struct lab_column *c, size_t row, bool ascii)
{
	struct strbuf sb = STRBUF_INIT;
	if (c->is_text) {
		put(&sb, c->text[row], ascii);
	} else {
		char num[32];
		format_cell(num, c, row);
		strbuf_append(&sb, num);
	}
	if (!sb.buf)
		strbuf_append(&sb, "");
	return strbuf_steal(&sb);
}

static bool render_table(const struct lab_table *t, bool ascii, struct strbuf *out)
{
	int width[LAB_MAX_COLUMNS];
	char **cells = calloc(t->nrows * t->ncols + 1, sizeof *cells);
	if (!cells)
		return false;
	bool ok = true;
	for (size_t c = 0; c < t->ncols; c++) {
		struct strbuf h = STRBUF_INIT;
		put(&h, t->cols[c].name, ascii);
		width[c] = cols_of(strbuf_str(&h));
		strbuf_free(&h);
		for (size_t r = 0; r < t->nrows; r++) {
			char *s = cell_text(&t->cols[c], r, ascii);
			if (!s) {
				ok = false;
				continue;
			}
			cells[r * t->ncols + c] = s;
			if (cols_of(s) > width[c])
				width[c] = cols_of(s);
		}
	}
	if (ok) {
		if (*t->title) {
			put(out, t->title, ascii);
			strbuf_putc(out, '\n');
		}
		for (int line = 0; line < 2; line++) {
			strbuf_append(out, "  ");
			for (size_t c = 0; c < t->ncols; c++) {
				struct strbuf h = STRBUF_INIT;
				put(&h, t->cols[c].name, ascii);
				int w = cols_of(strbuf_str(&h));
				if (c)
					strbuf_append(out, "  ");
				if (line == 0) {
					if (!t->cols[c].is_text)
						pad(out, width[c] - w);
					strbuf_append(out, strbuf_str(&h));
					if (t->cols[c].is_text && c + 1 < t->ncols)
						pad(out, width[c] - w);
				} else {
					for (int i = 0; i < width[c]; i++)
						strbuf_append(out, ascii ? "-" : "─");
				}
				strbuf_free(&h);
			}
			strbuf_putc(out, '\n');
		}
		for (size_t r = 0; r < t->nrows; r++) {
			strbuf_append(out, "  ");
			for (size_t c = 0; c < t->ncols; c++) {
				const char *s = cells[r * t->ncols + c];
				int w = cols_of(s);
				if (c)
					strbuf_append(out, "  ");
				if (!t->cols[c].is_text)
					pad(out, width[c] - w);
				strbuf_append(out, s);
				if (t->cols[c].is_text && c + 1 < t->ncols)
					pad(out, width[c] - w);
			}
			strbuf_putc(out, '\n');
		}
	}
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(cells[i]);
	free(cells);
	return ok;
}

static void render_lines(const struct lab_text *t, bool ascii, struct strbuf *out)
{
	if (*t->title) {
		put(out, t->title, ascii);
		strbuf_putc(out, '\n');
	}
	for (size_t i = 0; i < t->nlines; i++) {
		if (*t->lines[i])
			strbuf_append(out, "  ");
		put(out, t->lines[i], ascii);
		strbuf_putc(out, '\n');
	}
}

/* Where a curve is at x: interpolated between its points (x ascending),
 * NaN outside them. */
static double value_at(const struct lab_series *se, double x)
{
	if (se->n == 0 || x < se->x[0] || x > se->x[se->n - 1])
		return NAN;
	size_t lo = 0, hi = se->n - 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (se->x[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	if (se->x[hi] == se->x[lo] || x <= se->x[lo])
		return se->y[lo];
	double f = (x - se->x[lo]) / (se->x[hi] - se->x[lo]);
	return se->y[lo] + f * (se->y[hi] - se->y[lo]);
}

#define VALUE_POINTS 11

/* A plot for a reader who cannot see it: a table of each curve's value
 * at VALUE_POINTS positions spread evenly over the x range (evenly in
 * log10 x on a log axis; whole numbers when every x is one). */
static bool render_plot_values(const struct lab_plot *p, bool ascii, struct strbuf *out)
{
	double xlo, xhi, ylo, yhi;
	if (!lab_plot_range(p, &xlo, &xhi, &ylo, &yhi))
		return true;
	bool whole = true;
	for (size_t s = 0; s < p->nseries; s++)
		for (size_t i = 0; i < p->series[s].n && whole; i++)
			whole = p->series[s].x[i] == floor(p->series[s].x[i]);
	size_t ncols = p->nseries + 1 < LAB_MAX_COLUMNS ? p->nseries + 1 : LAB_MAX_COLUMNS;
	struct lab_column cols[LAB_MAX_COLUMNS];
	double nums[LAB_MAX_COLUMNS][VALUE_POINTS];
	memset(cols, 0, sizeof cols);
	double xs[VALUE_POINTS];
	size_t n = 0;
	for (int k = 0; k < VALUE_POINTS; k++) {
		double f = (double)k / (VALUE_POINTS - 1);
		double x = p->xlog ? pow(10, log10(xlo) + f * (log10(xhi) - log10(xlo)))
				   : xlo + f * (xhi - xlo);
		if (whole)
			x = round(x);
		if (n && x == xs[n - 1])
			continue;  /* a narrow whole-number range: fewer points */
		xs[n++] = x;
	}
	cols[0] = (struct lab_column){ .name = p->xlabel, .num = nums[0], .digits = whole ? 0 : 4 };
	memcpy(nums[0], xs, n * sizeof *xs);
	for (size_t c = 1; c < ncols; c++) {
		cols[c] = (struct lab_column){ .name = p->series[c - 1].label, .num = nums[c], .digits = 4 };
		for (size_t k = 0; k < n; k++)
			nums[c][k] = value_at(&p->series[c - 1], xs[k]);
	}
	struct strbuf title = STRBUF_INIT;
	strbuf_printf(&title, "%s: the values of its curves at %zu points", p->title, n);
	struct lab_table t = { .name = p->name, .title = strbuf_str(&title), .ncols = ncols,
			       .nrows = n, .cols = cols };
	bool ok = !title.oom && render_table(&t, ascii, out);
	strbuf_free(&title);
	return ok;
}

static bool render_block(const struct lab_block *b, const struct lab_view *v,
			 struct strbuf *out)
{
	switch (b->kind) {
	case LAB_BLOCK_TEXT:
		render_lines(b->u.text, v->ascii, out);
		break;
	case LAB_BLOCK_TABLE:
		if (!render_table(b->u.table, v->ascii, out))
			return false;
		break;
	case LAB_BLOCK_PLOT: {
		if (!v->plots) {
			if (v->plot_values && !render_plot_values(b->u.plot, v->ascii, out))
				return false;
			break;
		}
		struct lab_canvas *c = lab_canvas_new(v->width, v->plot_height);
		if (!c)
			return false;
		lab_plot_draw(b->u.plot, c, v->ascii);
		lab_canvas_append(c, out);
		lab_canvas_free(c);
		break;
	}
	}
	strbuf_putc(out, '\n');
	return true;
}

bool lab_render_text(const struct lab_result *r, const struct lab_view *v,
		     struct strbuf *out)
{
	put(out, r->title, v->ascii);
	strbuf_append(out, "\n\n");
	/* A screen: its plots first (every one), then the rest. */
	bool plots_first = v->screen && v->plots;
	for (int pass = plots_first ? 0 : 1; pass < 2; pass++) {
		for (size_t i = 0; i < r->nblocks; i++) {
			const struct lab_block *b = &r->blocks[i];
			bool plot = b->kind == LAB_BLOCK_PLOT;
			if (pass == 0 ? !plot : plots_first && plot)
				continue;
			if (!b->in_text_view && !(plot && plots_first))
				continue;
			if (plot && !v->plots && !v->plot_values)
				continue;
			if (!render_block(b, v, out))
				return false;
		}
	}
	return !out->oom;
}

/* RFC 4180: a field with a comma, a quote or a line break is quoted, and
 * quotes inside are doubled. */
static void csv_field(struct strbuf *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		strbuf_append(out, s);
		return;
	}
	strbuf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_putc(out, '"');
		strbuf_putc(out, *s);
	}
	strbuf_putc(out, '"');
}

bool lab_render_csv(const struct lab_result *r, const char *table,
		    struct strbuf *out, struct lab_error *err)
{
	const char *name = table ? table : r->kind->csv_table;
	const struct lab_table *t = lab_result_table(r, name);
	if (!t) {
		struct strbuf names = STRBUF_INIT;
		for (size_t i = 0; i < r->nblocks; i++)
			if (r->blocks[i].kind == LAB_BLOCK_TABLE) {
				if (names.len)
					strbuf_append(&names, ", ");
				strbuf_append(&names, r->blocks[i].u.table->name);
			}
		lab_fail(err, LAB_ERR_NO_DATA, "table", "lab %s has no table '%s' (it has: %s)",
			 r->kind->name, name, strbuf_str(&names));
		strbuf_free(&names);
		return false;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			strbuf_putc(out, ',');
		csv_field(out, t->cols[c].name);
	}
	strbuf_putc(out, '\n');
	for (size_t row = 0; row < t->nrows; row++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const struct lab_column *col = &t->cols[c];
			if (c)
				strbuf_putc(out, ',');
			if (col->is_text) {
				csv_field(out, col->text[row]);
			} else if (!isnan(col->num[row])) {
				char num[32];
				lab_format_exact(num, col->num[row]);
				strbuf_append(out, num);
			}
		}
		strbuf_putc(out, '\n');
	}
	if (out->oom)
		return lab_fail(err, LAB_ERR_MEMORY, NULL, "out of memory");
	return true;
}
