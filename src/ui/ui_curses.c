/* The full-screen tutor: curses set-up, reading keys, and the loop that
 * turns keys into requests (ui_keys.c) for the screens (ui_views.c): tig's
 * shape, key -> enum request -> screen.
 *
 * Signals only set a flag (ui_term.c); the loop notices it, restores the
 * terminal and returns the signal, which the caller re-raises once it has
 * closed the session. Nothing needs saving at that point: every judged
 * attempt is already committed. */
#include <curses.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"
#include "ui_internal.h"
#include "utf8.h"

void ui_set_status(struct ui *ui, int style, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vsnprintf(ui->status, sizeof ui->status, f, ap);
	va_end(ap);
	ui->status_style = style;
}

/* A bracketed paste is text for the line being edited, whatever it holds:
 * an Esc or a newline inside it must not act as a key. */
static void paste_key(struct ui *ui, wint_t ch, bool code)
{
	if (code) {
		ui->paste_dropped++;
		return;
	}
	if (!ui_editing(ui))
		return;
	enum ui_line_event ev = ui_line_paste(ch);
	if (ev == UI_LINE_CONTROL || ev == UI_LINE_BAD_CHAR)
		ui->paste_dropped++;
	else
		ui_line_report(ui, ev);
}

static void on_key(struct ui *ui, wint_t ch, bool code)
{
	if (code && ch == KEY_RESIZE)
		return;  /* the next frame is drawn at the new size */
	if (code && ch == KEY_PASTE_START) {
		ui->pasting = true;
		ui->paste_dropped = 0;
		if (ui->screen == UI_SCREEN_LESSON)
			ui->focus_line = true;
		return;
	}
	if (code && ch == KEY_PASTE_END) {
		ui->pasting = false;
		if (ui->paste_dropped)
			ui_set_status(ui, UI_BAD, "%zu control or invalid "
				      "character%s left out of the paste.",
				      ui->paste_dropped,
				      ui->paste_dropped == 1 ? "" : "s");
		return;
	}
	if (ui->pasting) {
		paste_key(ui, ch, code);
		return;
	}
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES) {
		if (!code && ch == 'q')
			ui->done = true;
		return;
	}
	const struct ui_screen_ops *ops = &ui_screen_ops[ui->screen];
	enum tutor_request req = ui_key_request(ops->keymap(ui), ch, code);
	if (req != TUTOR_REQ_NONE)
		ui_request(ui, req);
	else if (ops->text_key)
		ops->text_key(ui, ch, code);
}

#define READ_BAD (-2)  /* read_key: bytes that are not UTF-8, dropped */

static int key_timeout = 250;

static void set_timeout(int ms)
{
	key_timeout = ms;
	wtimeout(stdscr, ms);
}

/* One key: like get_wch (OK with a character, KEY_CODE_YES with a key
 * code, ERR on time-out), but UTF-8 is decoded here so that bytes which
 * are not UTF-8 are reported (READ_BAD) instead of vanishing inside curses
 * together with the characters after them. */
static int read_key(wint_t *out)
{
	int c = wgetch(stdscr);
	if (c == ERR)
		return ERR;
	if (c >= KEY_MIN) {
		*out = (wint_t)c;
		return KEY_CODE_YES;
	}
	if (c < 0x80) {
		*out = (wint_t)c;
		return OK;
	}
	int need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
		   : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
	if (need == 0)
		return READ_BAD;
	char buf[4] = { (char)c };
	/* The rest of a character arrives with its first byte. */
	int saved = key_timeout;
	wtimeout(stdscr, 50);
	int got = 1;
	for (; got <= need; got++) {
		int d = wgetch(stdscr);
		if (d == ERR || d < 0x80 || d > 0xBF) {
			if (d != ERR)
				ungetch(d);  /* not part of it: the next key */
			break;
		}
		buf[got] = (char)d;
	}
	wtimeout(stdscr, saved);
	size_t used;
	uint32_t cp = got == need + 1 ? utf8_decode(buf, (size_t)got, &used)
				      : UTF8_INVALID;
	if (cp == UTF8_INVALID)
		return READ_BAD;
	*out = (wint_t)cp;
	return OK;
}

static void bad_input(struct ui *ui)
{
	ui_set_status(ui, UI_BAD, "Input that is not valid UTF-8 was dropped.");
}

/* Alt-key (Esc and a character arriving together) on a line being edited
 * is readline's Meta binding (Alt-b, Alt-f, Alt-d), not the focus key
 * followed by a command. Returns true when it took the Esc. */
static bool meta_key(struct ui *ui)
{
	if (!ui_editing(ui) || ui->pasting)
		return false;
	wint_t next;
	int r = read_key(&next);
	if (r == ERR)
		return false;
	if (r == READ_BAD) {
		on_key(ui, ESC_KEY, false);
		bad_input(ui);
		return true;
	}
	if (r == OK && next >= 0x20 && next < 0x7f) {
		ui_line_report(ui, ui_line_meta((int)next));
		return true;
	}
	/* Not a Meta character: the Esc and this key, each on its own. */
	on_key(ui, ESC_KEY, false);
	on_key(ui, next, r == KEY_CODE_YES);
	return true;
}

/* ---- set-up and the loop -------------------------------------------------- */

static void styles_init(struct ui *ui)
{
	const char *no_color = getenv("NO_COLOR");
	bool color = has_colors() && !(no_color && *no_color);
	if (color && (start_color() == ERR || use_default_colors() == ERR))
		color = false;  /* only default backgrounds read on any theme */
	if (color) {
		init_pair(1, COLOR_CYAN, -1);
		init_pair(2, COLOR_GREEN, -1);
		init_pair(3, COLOR_RED, -1);
		init_pair(4, COLOR_MAGENTA, -1);
		init_pair(5, COLOR_BLUE, -1);
	}
	int c = color ? 1 : 0;
	ui->style[UI_NORMAL] = A_NORMAL;
	ui->style[UI_BAR] = A_REVERSE;
	ui->style[UI_TITLE] = A_BOLD | (c ? COLOR_PAIR(1) : A_UNDERLINE);
	ui->style[UI_HEADING] = A_BOLD;
	ui->style[UI_GOOD] = A_BOLD | (c ? COLOR_PAIR(2) : 0);
	ui->style[UI_BAD] = A_BOLD | (c ? COLOR_PAIR(3) : 0);
	ui->style[UI_HINT] = c ? COLOR_PAIR(4) : A_NORMAL;
	ui->style[UI_STEP] = c ? COLOR_PAIR(5) : A_NORMAL;
	ui->style[UI_DIM] = A_DIM;
	ui->style[UI_SELECT] = A_REVERSE | A_BOLD;
	ui->style[UI_KEY] = A_BOLD;
}

static void glyphs_init(struct ui *ui)
{
	static const char *const utf8[UI_G_COUNT] = {
		"✓", "~", "·", "▶", "█", "░", "·", "✓", "✗",
	};
	static const char *const ascii[UI_G_COUNT] = {
		"*", "~", ".", ">", "#", "-", "-", "+", "x",
	};
	const char *cs = nl_langinfo(CODESET);
	ui->utf8 = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
	for (int i = 0; i < UI_G_COUNT; i++)
		ui->glyph[i] = ui->utf8 ? utf8[i] : ascii[i];
}

static bool load_history(const char *line, void *data)
{
	(void)data;
	ui_line_history_add(line);
	return true;
}

/* The map's first status line: where Enter takes a returning student. */
static void welcome(struct ui *ui)
{
	size_t resume = tutor_resume_index(ui->s);
	if (resume >= tutor_part_count(ui->s))
		ui_set_status(ui, UI_GOOD, "Every part is correct. Well done.");
	else if (tutor_correct_count(ui->s) > 0)
		ui_set_status(ui, UI_DIM, "Welcome back: Enter continues with %s.",
			      tutor_part_at(ui->s, resume)->id);
}

int ui_run(struct tutor_session *s, const struct ui_start *start, int *signo)
{
	*signo = 0;
	if (!ui_term_known())
		return 2;
	/* Before newterm: the modes to restore are the shell's, and curses
	 * then leaves our handlers of SIGINT and SIGTERM in place. */
	ui_term_arm(fileno(stdout));
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		ui_term_disarm();
		fprintf(stderr, "cnntutor: cannot start the full-screen tutor on "
			"this terminal (TERM=%s); try --plain\n",
			getenv("TERM") ? getenv("TERM") : "");
		return 2;
	}
	struct ui ui = { .s = s, .screen = UI_SCREEN_MAP };
	cbreak();       /* Ctrl-C and Ctrl-\ stay signals */
	noecho();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	set_timeout(250);
	styles_init(&ui);
	glyphs_init(&ui);

	/* Bracketed paste: a pasted Esc or newline stays text. */
	define_key("\033[200~", KEY_PASTE_START);
	define_key("\033[201~", KEY_PASTE_END);
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	ui_term_ready();

	ui_line_setup();
	tutor_history_each(s, load_history, NULL);
	ui_names_set(tutor_scope(s));
	ui_line_start("answer> ");
	ui.map_cursor = tutor_current_index(s);
	if (start && start->open_part && tutor_current(s))
		ui_ask(&ui, TUTOR_REQ_OPEN, tutor_current(s)->id);
	if (start && start->notice)
		ui_set_status(&ui, UI_BAD, "%s", start->notice);
	else if (ui.screen == UI_SCREEN_MAP)
		welcome(&ui);

	while (!ui.done && !ui_term_pending()) {
		ui_draw(&ui);
		wint_t ch;
		int r = read_key(&ch);
		if (r == ERR)
			continue;
		/* Take everything already typed (a paste) before drawing again. */
		set_timeout(0);
		do {
			if (r == READ_BAD)
				bad_input(&ui);
			else if (r == OK && ch == ESC_KEY && meta_key(&ui))
				continue;
			else
				on_key(&ui, ch, r == KEY_CODE_YES);
		} while (!ui.done && !ui_term_pending()
			 && (r = read_key(&ch)) != ERR);
		set_timeout(250);
	}

	ui_line_stop();
	endwin();
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	delscreen(scr);
	ui_term_disarm();
	ui_views_free(&ui);
	ui_screens_free(&ui);
	*signo = ui_term_pending();
	return *signo ? 128 + *signo : 0;
}

bool ui_want_plain(void)
{
	const char *term = getenv("TERM");
	return !isatty(fileno(stdout)) || !isatty(fileno(stdin)) || !term
	       || !*term || !strcmp(term, "dumb");
}
