/* The lab screen: a question's lab full screen. Under the title, a bar of
 * its settings with one selected and a line saying what that one takes;
 * then the lab's plots first, as tall as the room, and its tables and
 * facts below them (scrolling); the status and the key bar at the bottom.
 * The tutor computes (TUTOR_REQ_LAB) and this file draws tutor_lab(),
 * turning keys into the tutor's settings ("p+", "config=K=2, S=3").
 *
 * The body is rendered once per result and screen size (lab_render_text,
 * a screen's view) and kept: a frame only copies its rows. */
#include <assert.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "ui_internal.h"

#define MAX_SETTING_ROWS 4
#define MAX_VALUE_COLS 40    /* a long value is cut in the bar, not in the lab */

static const struct tutor_lab *open_lab(const struct ui *ui)
{
	const struct tutor_lab *lab = tutor_lab(ui->s);
	/* The screen opens only on a lab, and a lab stays until another. */
	assert(lab);
	return lab;
}

static void forget_body(struct ui *ui)
{
	free(ui->lab_text);
	ui->lab_text = NULL;
}

void ui_lab_free(struct ui *ui)
{
	forget_body(ui);
}

void ui_lab_show(struct ui *ui, const struct tutor_reply *r)
{
	const struct tutor_lab *lab = r->lab;
	forget_body(ui);
	ui->screen = UI_SCREEN_LAB;
	ui->lab_top = 0;
	if (ui->lab_sel >= tutor_lab_setting_count(lab))
		ui->lab_sel = 0;
	ui_set_status(ui, UI_DIM, "%s", lab->origin);
}

/* ---- the settings bar ------------------------------------------------------ */

struct setting {
	const char *name, *help;
	char value[256];
	char takes[128];
};

static bool setting_at(const struct tutor_lab *lab, size_t i, struct setting *s)
{
	return tutor_lab_setting(lab, i, &s->name, &s->help, s->value, sizeof s->value,
				 s->takes, sizeof s->takes);
}

/* "name=value", the value cut to MAX_VALUE_COLS columns. */
static const char *item_text(struct ui *ui, const struct setting *s)
{
	int w = ui_text_width(s->value, strlen(s->value));
	if (w <= MAX_VALUE_COLS)
		return ui_fmt(ui, "%s=%s", s->name, s->value);
	/* Cut at a character boundary: count columns as ui_text_width does. */
	size_t cut = 0;
	while (s->value[cut] && ui_text_width(s->value, cut + 1) <= MAX_VALUE_COLS - 1)
		cut++;
	while (cut && ((unsigned char)s->value[cut] & 0xC0) == 0x80)
		cut--;
	return ui_fmt(ui, "%s=%.*s%s", s->name, (int)cut, s->value, ui->utf8 ? "…" : "~");
}

/* Lay out (and, with draw, draw) the settings from row y: items two
 * columns apart, a new row when one does not fit. Returns the rows used. */
static int settings_bar(struct ui *ui, const struct tutor_lab *lab, int y, bool draw)
{
	int row = 0, x = 1;
	for (size_t i = 0; i < tutor_lab_setting_count(lab); i++) {
		struct setting s;
		setting_at(lab, i, &s);
		const char *text = item_text(ui, &s);
		int w = ui_text_width(text, strlen(text));
		if (x > 1 && x + w > COLS - 1) {
			if (row + 1 == MAX_SETTING_ROWS)
				break;
			row++;
			x = 1;
		}
		if (draw) {
			int style = ui->style[i == ui->lab_sel ? UI_SELECT : UI_KEY];
			attron(style);
			ui_put(y + row, x, text, strlen(text), COLS - 1 - x);
			attroff(style);
		}
		x += w + 2;
	}
	return row + 1;
}

#define MAX_MESSAGE_ROWS 3

struct message_rows {
	struct ui *ui;
	int y, n;
	bool draw;
};

static void message_row(const char *line, size_t len, void *data)
{
	struct message_rows *m = data;
	if (m->n == MAX_MESSAGE_ROWS)
		return;
	if (m->draw) {
		attron(m->ui->style[m->ui->status_style]);
		ui_put(m->y + m->n, 1, line, len, COLS - 2);
		attroff(m->ui->style[m->ui->status_style]);
	}
	m->n++;
}

/* The status message, wrapped under the settings (a refusal of a change
 * says the rule and the numbers, often more than a row). Returns its rows. */
static int message(struct ui *ui, int y, bool draw)
{
	struct message_rows m = { ui, y, 0, draw };
	if (ui->status[0])
		ui_text_wrap(ui->status, strlen(ui->status), COLS - 2, message_row, &m);
	return m.n;
}

/* Rows above the body: the title bar, the settings, the message. */
static int header_rows(struct ui *ui, const struct tutor_lab *lab)
{
	return 1 + settings_bar(ui, lab, 1, false) + message(ui, 0, false);
}

static int body_height(struct ui *ui, const struct tutor_lab *lab)
{
	return LINES - header_rows(ui, lab) - 2;
}

/* ---- the body ---------------------------------------------------------------- */

/* Render the lab for this screen unless it already is: the first plot
 * gets every row but the title's, a blank and "more below". */
static void render_body(struct ui *ui, const struct tutor_lab *lab, int height)
{
	if (ui->lab_text && ui->lab_text_cols == COLS && ui->lab_text_lines == height)
		return;
	forget_body(ui);
	struct lab_view v = { .width = COLS - 2, .plot_height = height - 3 > 8 ? height - 3 : 8,
			      .ascii = !ui->utf8, .plots = true, .screen = true };
	struct strbuf sb = STRBUF_INIT;
	if (lab_render_text(lab->result, &v, &sb))
		ui->lab_text = strbuf_steal(&sb);
	strbuf_free(&sb);
	if (!ui->lab_text)
		ui->lab_text = strdup("Out of memory: the lab cannot be drawn.");
	ui->lab_text_cols = COLS;
	ui->lab_text_lines = height;
}

static void body_rows(struct ui *ui)
{
	ui_rows_reset(ui);
	for (const char *p = ui->lab_text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		ui_row_add(ui, p, len, p == ui->lab_text ? UI_HEADING : UI_NORMAL, 1);
		p = nl ? nl + 1 : p + len;
	}
}

static void draw_too_small(struct ui *ui)
{
	const char *lines[] = {
		"Terminal too small for the lab:",
		ui_fmt(ui, "need %d×%d, have %d×%d.", UI_LAB_MIN_COLS, UI_LAB_MIN_LINES, COLS, LINES),
		"Enlarge it, or q (Esc) for the lesson.",
	};
	if (!ui->utf8)
		lines[1] = ui_fmt(ui, "need %dx%d, have %dx%d.", UI_LAB_MIN_COLS,
				  UI_LAB_MIN_LINES, COLS, LINES);
	for (int i = 0; i < 3 && i < LINES; i++)
		ui_put(i, 0, lines[i], strlen(lines[i]), COLS);
	curs_set(0);
}

void ui_draw_lab(struct ui *ui)
{
	const struct tutor_lab *lab = open_lab(ui);
	if (COLS < UI_LAB_MIN_COLS || LINES < UI_LAB_MIN_LINES) {
		draw_too_small(ui);
		return;
	}
	ui_draw_bar(ui, 0, ui_fmt(ui, "Lab %s %s %s", lab->part_id, ui->glyph[UI_G_RULE],
				  lab->kind->title), lab->kind->name);
	int set_rows = settings_bar(ui, lab, 1, true);
	int top = 1 + set_rows + message(ui, 1 + set_rows, true);
	int height = body_height(ui, lab);
	render_body(ui, lab, height);
	body_rows(ui);
	int rows = (int)ui->n_rows > height ? height - 1 : height;
	ui->lab_top = ui_clamp_top(ui, ui->lab_top, rows, NULL);
	ui_draw_rows(ui, ui->lab_top, top, rows, COLS - 1);
	if (ui->lab_top + rows < (int)ui->n_rows) {
		const char *more = ui_fmt(ui, "%s more below: PgDn (tables and facts)",
					  ui->utf8 ? "↓" : "v");
		attron(ui->style[UI_DIM]);
		ui_put(top + height - 1, 1, more, strlen(more), COLS - 2);
		attroff(ui->style[UI_DIM]);
	}
	ui_draw_bar(ui, LINES - 1, ui->lab_editing
		    ? ui_fit("Enter apply  Esc leave it as it was  Ctrl-U clear  F1 help",
			     "Enter apply  Esc cancel")
		    : ui_fit("Left/Right setting  +/- step  Enter type  r reset  PgDn more  q back  ? help",
			     "Tab setting +/- Enter r q ?"), NULL);
	if (ui->lab_editing) {
		int x = ui_line_draw(LINES - 2, COLS, ui->style[UI_KEY]);
		curs_set(1);
		move(LINES - 2, x);
		return;
	}
	/* What the selected setting is and takes, over the key bar. */
	struct setting s;
	if (setting_at(lab, ui->lab_sel, &s)) {
		const char *help = ui_fmt(ui, "%s: %s%s%s%s", s.name, s.help, *s.takes ? " (" : "",
					  s.takes, *s.takes ? ")" : "");
		attron(ui->style[UI_DIM]);
		ui_put(LINES - 2, 1, help, strlen(help), COLS - 2);
		attroff(ui->style[UI_DIM]);
	}
	curs_set(0);
}

/* ---- keys -------------------------------------------------------------------- */

enum ui_keymap_id ui_lab_keymap(const struct ui *ui)
{
	return ui->lab_editing ? UI_KEYS_LAB_LINE : UI_KEYS_LAB;
}

bool ui_lab_editing(const struct ui *ui)
{
	return ui->lab_editing;
}

/* Ask the tutor for a change ("p+", "p=0.3"); true when it took it. A
 * refusal's words go on the status line, the lab stays as it was. */
static bool change(struct ui *ui, const char *setting)
{
	struct tutor_reply r;
	tutor_do(ui->s, TUTOR_REQ_LAB, setting, &r);
	bool ok = r.show == TUTOR_SHOW_LAB;
	if (ok) {
		forget_body(ui);
		struct setting s;
		if (r.message[0])
			ui_set_status(ui, ui_tone_style[r.tone], "%s", r.message);
		else if (setting_at(r.lab, ui->lab_sel, &s))
			ui_set_status(ui, UI_DIM, "%s=%s: computed again.", s.name, s.value);
	} else if (r.message[0]) {
		ui_set_status(ui, ui_tone_style[r.tone], "%s", r.message);
	}
	tutor_reply_clear(&r);
	return ok;
}

static void step(struct ui *ui, char dir)
{
	struct setting s;
	if (setting_at(open_lab(ui), ui->lab_sel, &s))
		change(ui, ui_fmt(ui, "%s%c", s.name, dir));
}

static void start_editing(struct ui *ui)
{
	struct setting s;
	if (!setting_at(open_lab(ui), ui->lab_sel, &s))
		return;
	snprintf(ui->lab_edit_name, sizeof ui->lab_edit_name, "%s", s.name);
	ui_answer_aside(ui, ui_fmt(ui, "%s=", s.name), s.value);
	ui->lab_editing = true;
	ui_set_status(ui, UI_DIM, "%s: %s%s%s%s", s.name, s.help, *s.takes ? " (" : "",
		      s.takes, *s.takes ? ")" : "");
}

static void stop_editing(struct ui *ui)
{
	ui_answer_back(ui);
	ui->lab_editing = false;
}

void ui_lab_text_key(struct ui *ui, wint_t ch, bool code)
{
	if (!ui->lab_editing) {
		if (!code && ch >= 0x20)
			ui_set_status(ui, UI_DIM, "Lab keys: Left/Right a setting, + and - a step, "
				      "Enter a value, q back, ? help.");
		return;
	}
	enum ui_line_event ev = ui_line_key(ch, code);
	ui_line_report(ui, ev);
	char *text = ev == UI_LINE_ACCEPTED ? ui_line_take() : NULL;
	if (!text)
		return;
	if (change(ui, ui_fmt(ui, "%s=%s", ui->lab_edit_name, text)))
		stop_editing(ui);
	else
		ui_line_set_text(text);  /* keep it, to fix what the message says */
	free(text);
}

static void scroll_to(int *top, int to)
{
	*top = to < 0 ? 0 : to;
}

enum tutor_request ui_lab_request(struct ui *ui, enum tutor_request req)
{
	/* The help opens on this screen's keys. */
	if (req == TUTOR_REQ_HELP)
		ui->help_section = 1 + (int)ui_lab_keymap(ui);
	if (ui->lab_editing) {
		if (req != TUTOR_REQ_QUIT)
			return req;
		stop_editing(ui);
		ui_set_status(ui, UI_DIM, "%s left as it was.", ui->lab_edit_name);
		return TUTOR_REQ_NONE;
	}
	const struct tutor_lab *lab = open_lab(ui);
	size_t n = tutor_lab_setting_count(lab);
	int page = body_height(ui, lab) - 1;
	switch (req) {
	case TUTOR_REQ_LEFT: ui->lab_sel = (ui->lab_sel + n - 1) % n; break;
	case TUTOR_REQ_RIGHT: ui->lab_sel = (ui->lab_sel + 1) % n; break;
	case TUTOR_REQ_MORE: step(ui, '+'); break;
	case TUTOR_REQ_LESS: step(ui, '-'); break;
	case TUTOR_REQ_EDIT: start_editing(ui); break;
	case TUTOR_REQ_UP: scroll_to(&ui->lab_top, ui->lab_top - 1); break;
	case TUTOR_REQ_DOWN: scroll_to(&ui->lab_top, ui->lab_top + 1); break;
	case TUTOR_REQ_PAGE_UP: scroll_to(&ui->lab_top, ui->lab_top - page); break;
	case TUTOR_REQ_PAGE_DOWN: scroll_to(&ui->lab_top, ui->lab_top + page); break;
	case TUTOR_REQ_HOME: ui->lab_top = 0; break;
	case TUTOR_REQ_END: ui->lab_top = 1 << 20; break;
	case TUTOR_REQ_QUIT:
		ui->screen = UI_SCREEN_LESSON;
		ui->status[0] = '\0';
		break;
	default: return req;  /* the lab afresh (r), help, redraw */
	}
	return TUTOR_REQ_NONE;
}
