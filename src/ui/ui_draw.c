/* The drawing kit the screens share: strings kept for one frame, rows of
 * wrapped text that scroll, and the bars at the top and bottom. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

/* ---- per-frame storage --------------------------------------------------- */

void ui_scratch_clear(struct ui *ui)
{
	for (size_t i = 0; i < ui->n_scratch; i++)
		free(ui->scratch[i]);
	ui->n_scratch = 0;
}

/* Keep a malloc'd string alive until the next frame. */
const char *ui_keep(struct ui *ui, char *s)
{
	if (!s)
		return "";
	if (ui->n_scratch == ui->cap_scratch) {
		size_t cap = ui->cap_scratch ? 2 * ui->cap_scratch : 32;
		char **n = realloc(ui->scratch, cap * sizeof *n);
		if (!n) {
			free(s);
			return "";
		}
		ui->scratch = n;
		ui->cap_scratch = cap;
	}
	ui->scratch[ui->n_scratch++] = s;
	return s;
}

const char *ui_fmt(struct ui *ui, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s) {
		va_start(ap, f);
		vsnprintf(s, (size_t)n + 1, f, ap);
		va_end(ap);
	}
	return ui_keep(ui, s);
}

void ui_screens_free(struct ui *ui)
{
	ui_scratch_clear(ui);
	free(ui->scratch);
	free(ui->rows);
	ui->scratch = NULL;
	ui->rows = NULL;
}

/* ---- rows of scrollable text --------------------------------------------- */

void ui_rows_reset(struct ui *ui)
{
	ui->n_rows = 0;
	for (int i = 0; i < UI_SEC_COUNT; i++)
		ui->section_row[i] = -1;
}

struct ui_row *ui_row_add(struct ui *ui, const char *text, size_t len,
			      int style, int col)
{
	if (ui->n_rows == ui->cap_rows) {
		size_t cap = ui->cap_rows ? 2 * ui->cap_rows : 64;
		struct ui_row *n = realloc(ui->rows, cap * sizeof *n);
		if (!n)
			return NULL;
		ui->rows = n;
		ui->cap_rows = cap;
	}
	struct ui_row *r = &ui->rows[ui->n_rows++];
	if (len == SIZE_MAX)
		len = strlen(text);
	*r = (struct ui_row){ text, len, style, col, NULL, 0, 0, 0 };
	return r;
}

struct wrap_ctx {
	struct ui *ui;
	int style, col;
};

static void wrap_row(const char *line, size_t len, void *data)
{
	struct wrap_ctx *w = data;
	ui_row_add(w->ui, line, len, w->style, w->col);
}

void ui_add_text(struct ui *ui, const char *text, int style, int col,
		     int width)
{
	struct wrap_ctx w = { ui, style, col };
	if (!text)
		return;
	if (strchr(text, '\n'))
		text = ui_keep(ui, ui_text_reflow(text));
	ui_text_wrap(text, strlen(text), width - col, wrap_row, &w);
}

void ui_add_item(struct ui *ui, const char *label, const char *text,
		 int style, int col, int width)
{
	int lw = ui_text_width(label, strlen(label)) + 1;
	size_t first = ui->n_rows;
	ui_add_text(ui, text, style, col + lw, width);
	if (ui->n_rows == first)
		ui_row_add(ui, "", 0, style, col + lw);
	/* The label goes in front of the first row; the rest hang under the
	 * text, not under the label. */
	struct ui_row *r = &ui->rows[first];
	r->text2 = r->text;
	r->len2 = r->len;
	r->style2 = r->style;
	r->col2 = r->col;
	r->text = label;
	r->len = strlen(label);
	r->col = col;
}

void ui_add_blank(struct ui *ui)
{
	ui_row_add(ui, "", 0, UI_NORMAL, 0);
}

void ui_draw_rows(struct ui *ui, int top, int y0, int height, int width)
{
	for (int y = 0; y < height; y++) {
		size_t i = (size_t)top + (size_t)y;
		if (i >= ui->n_rows)
			break;
		const struct ui_row *r = &ui->rows[i];
		attron(ui->style[r->style]);
		ui_put(y0 + y, r->col, r->text, r->len, width - r->col);
		attroff(ui->style[r->style]);
		if (r->text2) {
			attron(ui->style[r->style2]);
			ui_put(y0 + y, r->col2, r->text2, r->len2, width - r->col2);
			attroff(ui->style[r->style2]);
		}
	}
}

/* Keep top within the text, and bring a changed section into view. */
int ui_clamp_top(struct ui *ui, int top, int height, enum ui_section *follow)
{
	if (follow && *follow != UI_SEC_NONE && ui->section_row[*follow] >= 0) {
		int start = ui->section_row[*follow];
		int end = -1;
		for (int s = *follow + 1; s < UI_SEC_COUNT && end < 0; s++)
			end = ui->section_row[s];
		if (end < 0)
			end = (int)ui->n_rows;
		if (end - start > height || start < top)
			top = start;
		else if (end > top + height)
			top = end - height;
		*follow = UI_SEC_NONE;
	}
	int max = (int)ui->n_rows - height;
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	return top;
}

/* ---- bars ---------------------------------------------------------------- */

/* The key bar's text: the long form when it fits, else the short one. */
const char *ui_fit(const char *longer, const char *shorter)
{
	return (int)strlen(longer) <= COLS - 2 ? longer : shorter;
}

void ui_draw_bar(struct ui *ui, int y, const char *left, const char *right)
{
	attron(ui->style[UI_BAR]);
	mvhline(y, 0, ' ', COLS);
	int rw = right ? ui_text_width(right, strlen(right)) : 0;
	ui_put(y, 1, left, strlen(left), COLS - rw - 3);
	if (right && rw < COLS - 2)
		ui_put(y, COLS - rw - 1, right, strlen(right), rw);
	attroff(ui->style[UI_BAR]);
}

void ui_draw_status(struct ui *ui, int y)
{
	move(y, 0);
	clrtoeol();
	if (!ui->status[0])
		return;
	attron(ui->style[ui->status_style]);
	ui_put(y, 1, ui->status, strlen(ui->status), COLS - 2);
	attroff(ui->style[ui->status_style]);
}
