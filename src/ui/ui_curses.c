/* The full-screen tutor: curses set-up, and the loop that turns keys into
 * requests (ui_keys.c) and requests into changes of the screens (tig's
 * shape: key -> enum request -> screen).
 *
 * Signals only set a flag; the loop notices it within a quarter second
 * (reading keys times out), restores the terminal and returns. Nothing needs
 * saving at that point: every judged attempt is already committed. */
#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"
#include "ui_internal.h"
#include "utf8.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* ---- state changes -------------------------------------------------------- */

void ui_set_status(struct ui *ui, int style, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vsnprintf(ui->status, sizeof ui->status, f, ap);
	va_end(ap);
	ui->status_style = style;
}

static const char *answer_prompt(void)
{
	return "answer> ";
}

static void clear_caret(struct ui *ui)
{
	free(ui->caret_error);
	ui->caret_error = NULL;
}

/* A new part is on screen: fresh view, empty answer line, focus on it. */
static void part_changed(struct ui *ui)
{
	ui->lesson_top = 0;
	ui->erratum_open = false;
	ui->follow = UI_SEC_NONE;
	ui->focus_line = true;
	ui->status[0] = '\0';
	clear_caret(ui);
	ui_names_set(tutor_scope(ui->s));
	ui_line_set_text("");
}

static void open_part(struct ui *ui, size_t index)
{
	if (!tutor_goto(ui->s, index))
		return;
	ui->screen = UI_SCREEN_LESSON;
	part_changed(ui);
}

static char *saved_answer;  /* the answer line's text while the calc runs */

static void open_calc(struct ui *ui)
{
	const struct course_part *part = tutor_current(ui->s);
	free(saved_answer);
	saved_answer = ui_line_copy();
	ui_line_set_text("");
	ui_line_start("calc> ");
	ui_names_set(tutor_scope(ui->s));
	if (part) {
		char line[512];
		size_t used = (size_t)snprintf(line, sizeof line, "-- %s:", part->id);
		for (size_t i = 0; i < part->n_givens && used < sizeof line; i++)
			used += (size_t)snprintf(line + used, sizeof line - used,
						 "%s %s = %s", i ? "," : "",
						 part->givens[i].name,
						 part->givens[i].text);
		if (part->n_givens == 0 && used < sizeof line)
			snprintf(line + used, sizeof line - used, " no givens");
		ui_calc_log_add(ui, line);
	}
	ui->calc_top = -1;
	ui->status[0] = '\0';
	ui->screen = UI_SCREEN_CALC;
}

static void close_calc(struct ui *ui)
{
	ui_line_set_text("");
	ui_line_start(answer_prompt());
	ui_line_set_text(saved_answer ? saved_answer : "");
	free(saved_answer);
	saved_answer = NULL;
	ui->status[0] = '\0';
	ui->screen = UI_SCREEN_LESSON;
}

static void submit(struct ui *ui, char *text)
{
	const char *msg;
	clear_caret(ui);
	ui->status[0] = '\0';
	if (tutor_submit(ui->s, text, &msg) == TUTOR_REJECTED) {
		ui_set_status(ui, UI_BAD, "%s", msg);
		ui_line_set_text(text);
		return;
	}
	const struct tutor_outcome *o = tutor_last_outcome(ui->s);
	ui_line_history_add(text);
	tutor_history_add(ui->s, text);
	ui->follow = UI_SEC_OUTCOME;
	switch (o->result.verdict) {
	case COURSE_CORRECT:
		ui_set_status(ui, UI_GOOD, "Correct. Esc then n, or F8: next part.");
		break;
	case COURSE_INCORRECT:
		ui_set_status(ui, UI_BAD, "Not yet: the feedback is above.");
		break;
	case COURSE_INVALID:
		/* Keep what was typed, so only the flagged spot needs fixing. */
		ui_line_set_text(text);
		if (o->result.error.kind != ENGINE_OK)
			ui->caret_error = engine_error_format(text, &o->result.error);
		if (!ui->caret_error)
			ui_set_status(ui, UI_BAD, "%s", o->result.feedback);
		break;
	case COURSE_UNKNOWN:
		ui_set_status(ui, UI_BAD, "%s", o->result.feedback);
		break;
	}
}

static void scroll_by(int *top, int delta)
{
	*top += delta;
	if (*top < 0)
		*top = 0;
}

static void help_open(struct ui *ui)
{
	ui->before_help = ui->screen;
	ui->screen = UI_SCREEN_HELP;
	ui->help_top = 0;
}

static void lesson_request(struct ui *ui, enum tutor_request req)
{
	const struct course_part *part = tutor_current(ui->s);
	int page = ui_lesson_height(ui) - 1;
	switch (req) {
	case TUTOR_REQ_HINT:
		if (!tutor_reveal_hint(ui->s))
			ui_set_status(ui, UI_DIM, part && part->n_hints
				      ? "No more hints for this part."
				      : "This part has no hints.");
		else
			ui->follow = UI_SEC_HINTS;
		break;
	case TUTOR_REQ_STEP:
		if (!tutor_reveal_step(ui->s))
			ui_set_status(ui, UI_DIM, part && part->n_steps
				      ? "Every worked step is shown."
				      : "This part has no worked steps.");
		else
			ui->follow = UI_SEC_STEPS;
		break;
	case TUTOR_REQ_ERRATUM:
		if (!part || !part->erratum) {
			ui_set_status(ui, UI_DIM, "The published solution gets "
				      "this part right: nothing to correct.");
		} else if (ui->erratum_open) {
			ui->erratum_open = false;
		} else {
			tutor_show_erratum(ui->s);
			ui->erratum_open = true;
			ui->follow = UI_SEC_ERRATUM;
		}
		break;
	case TUTOR_REQ_CALC: open_calc(ui); break;
	case TUTOR_REQ_NEXT_PART:
		if (tutor_next(ui->s))
			part_changed(ui);
		else
			ui_set_status(ui, UI_DIM, "This is the last part.");
		break;
	case TUTOR_REQ_PREV_PART:
		if (tutor_prev(ui->s))
			part_changed(ui);
		else
			ui_set_status(ui, UI_DIM, "This is the first part.");
		break;
	case TUTOR_REQ_RESUME: {
		size_t i = tutor_resume_index(ui->s);
		if (i >= tutor_part_count(ui->s))
			ui_set_status(ui, UI_GOOD, "Every part is correct.");
		else
			open_part(ui, i);
		break;
	}
	case TUTOR_REQ_MAP:
	case TUTOR_REQ_QUIT:
		ui->map_cursor = tutor_current_index(ui->s);
		ui->status[0] = '\0';
		ui->screen = UI_SCREEN_MAP;
		break;
	case TUTOR_REQ_FOCUS: ui->focus_line = !ui->focus_line; break;
	case TUTOR_REQ_UP: scroll_by(&ui->lesson_top, -1); break;
	case TUTOR_REQ_DOWN: scroll_by(&ui->lesson_top, 1); break;
	case TUTOR_REQ_PAGE_UP: scroll_by(&ui->lesson_top, -page); break;
	case TUTOR_REQ_PAGE_DOWN: scroll_by(&ui->lesson_top, page); break;
	case TUTOR_REQ_HOME: ui->lesson_top = 0; break;
	case TUTOR_REQ_END: ui->lesson_top = 1 << 20; break;
	case TUTOR_REQ_HELP: help_open(ui); break;
	case TUTOR_REQ_REDRAW: clearok(curscr, TRUE); break;
	default: break;
	}
}

static void map_request(struct ui *ui, enum tutor_request req)
{
	size_t n = tutor_part_count(ui->s);
	size_t page = LINES > 8 ? (size_t)LINES - 8 : 1;
	switch (req) {
	case TUTOR_REQ_UP:
		if (ui->map_cursor > 0)
			ui->map_cursor--;
		break;
	case TUTOR_REQ_DOWN:
		if (ui->map_cursor + 1 < n)
			ui->map_cursor++;
		break;
	case TUTOR_REQ_PAGE_UP:
		ui->map_cursor = ui->map_cursor > page ? ui->map_cursor - page : 0;
		break;
	case TUTOR_REQ_PAGE_DOWN:
		ui->map_cursor = ui->map_cursor + page < n ? ui->map_cursor + page
			: (n ? n - 1 : 0);
		break;
	case TUTOR_REQ_HOME: ui->map_cursor = 0; break;
	case TUTOR_REQ_END: ui->map_cursor = n ? n - 1 : 0; break;
	case TUTOR_REQ_OPEN: open_part(ui, ui->map_cursor); break;
	case TUTOR_REQ_RESUME: {
		size_t i = tutor_resume_index(ui->s);
		if (i >= n)
			ui_set_status(ui, UI_GOOD, "Every part is correct.");
		else
			ui->map_cursor = i;
		break;
	}
	case TUTOR_REQ_HELP: help_open(ui); break;
	case TUTOR_REQ_QUIT: ui->done = true; break;
	case TUTOR_REQ_REDRAW: clearok(curscr, TRUE); break;
	default: break;
	}
}

static void line_event(struct ui *ui, enum ui_line_event ev)
{
	if (ev == UI_LINE_FULL)
		ui_set_status(ui, UI_BAD, "The line is full (%d bytes at most): "
			      "the rest was not taken.", ENGINE_MAX_INPUT);
	else if (ev == UI_LINE_BAD_CHAR)
		ui_set_status(ui, UI_BAD, "A character that is not valid "
			      "Unicode was dropped.");
	if (ui_line_message()) {
		ui_set_status(ui, UI_DIM, "%s", ui_line_message());
		ui_line_clear_message();
	}
}

/* A bracketed paste is text for the line being edited, whatever it holds:
 * an Esc or a newline inside it must not act as a key. */
static void paste_key(struct ui *ui, wint_t ch, bool code)
{
	bool line = (ui->screen == UI_SCREEN_LESSON && ui->focus_line)
		    || ui->screen == UI_SCREEN_CALC;
	if (code) {
		ui->paste_dropped++;
		return;
	}
	if (!line)
		return;
	enum ui_line_event ev = ui_line_paste(ch);
	if (ev == UI_LINE_CONTROL || ev == UI_LINE_BAD_CHAR)
		ui->paste_dropped++;
	else
		line_event(ui, ev);
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
	enum tutor_request req;
	switch (ui->screen) {
	case UI_SCREEN_MAP:
		map_request(ui, ui_key_request(UI_KEYS_MAP, ch, code));
		break;
	case UI_SCREEN_LESSON:
		if (!ui->focus_line) {
			req = ui_key_request(UI_KEYS_LESSON, ch, code);
			if (req != TUTOR_REQ_NONE)
				lesson_request(ui, req);
			else if (!code && ch >= 0x20)
				ui_set_status(ui, UI_DIM, "Lesson keys are on: "
					      "Tab or Enter to type an answer, ? for help.");
			break;
		}
		req = ui_key_request(UI_KEYS_LINE, ch, code);
		if (req != TUTOR_REQ_NONE) {
			lesson_request(ui, req);
			break;
		}
		enum ui_line_event ev = ui_line_key(ch, code);
		line_event(ui, ev);
		if (ev == UI_LINE_ACCEPTED) {
			char *text = ui_line_take();
			if (text)
				submit(ui, text);
			free(text);
		}
		break;
	case UI_SCREEN_CALC:
		req = ui_key_request(UI_KEYS_CALC, ch, code);
		if (req == TUTOR_REQ_QUIT) {
			close_calc(ui);
		} else if (req == TUTOR_REQ_HELP) {
			help_open(ui);
		} else if (req == TUTOR_REQ_PAGE_UP || req == TUTOR_REQ_PAGE_DOWN) {
			int page = LINES - 5;
			if (ui->calc_top < 0)
				ui->calc_top = 1 << 20;
			scroll_by(&ui->calc_top, req == TUTOR_REQ_PAGE_UP ? -page : page);
		} else if (req == TUTOR_REQ_REDRAW) {
			clearok(curscr, TRUE);
		} else {
			enum ui_line_event cev = ui_line_key(ch, code);
			line_event(ui, cev);
			char *text = cev == UI_LINE_ACCEPTED ? ui_line_take() : NULL;
			if (text) {
				char *out = ui_calc_eval(tutor_scope(ui->s), text);
				if (out) {
					char *echo = malloc(strlen(text) + 3);
					if (echo) {
						strcpy(echo, "> ");
						strcat(echo, text);
						ui_calc_log_add(ui, echo);
					}
					free(echo);
					ui_calc_log_add(ui, out);
					ui_line_history_add(text);
				}
				free(out);
				free(text);
				ui->calc_top = -1;
			}
		}
		break;
	case UI_SCREEN_HELP:
		req = ui_key_request(UI_KEYS_HELP, ch, code);
		if (req == TUTOR_REQ_QUIT)
			ui->screen = ui->before_help;
		else if (req == TUTOR_REQ_UP || req == TUTOR_REQ_DOWN)
			scroll_by(&ui->help_top, req == TUTOR_REQ_UP ? -1 : 1);
		else if (req == TUTOR_REQ_PAGE_UP || req == TUTOR_REQ_PAGE_DOWN)
			scroll_by(&ui->help_top, (req == TUTOR_REQ_PAGE_UP ? -1 : 1)
				  * (LINES - 3));
		break;
	}
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
	bool line = (ui->screen == UI_SCREEN_LESSON && ui->focus_line)
		    || ui->screen == UI_SCREEN_CALC;
	if (!line || ui->pasting)
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
		line_event(ui, ui_line_meta((int)next));
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

int ui_run(struct tutor_session *s, const char *notice)
{
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, "cnntutor: cannot start the full-screen tutor on "
			"this terminal (TERM=%s); try --plain\n",
			getenv("TERM") ? getenv("TERM") : "");
		return 2;
	}
	struct ui ui = { .s = s, .screen = UI_SCREEN_MAP };
	cbreak();       /* Ctrl-C stays a signal */
	noecho();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	set_timeout(250);
	styles_init(&ui);
	glyphs_init(&ui);

	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	/* Bracketed paste: a pasted Esc or newline stays text. */
	define_key("\033[200~", KEY_PASTE_START);
	define_key("\033[201~", KEY_PASTE_END);
	fputs("\033[?2004h", stdout);
	fflush(stdout);

	ui_line_setup();
	tutor_history_each(s, load_history, NULL);
	ui_names_set(tutor_scope(s));
	ui_line_start(answer_prompt());
	ui.map_cursor = tutor_current_index(s);
	size_t resume = tutor_resume_index(s);
	if (notice)
		ui_set_status(&ui, UI_BAD, "%s", notice);
	else if (resume < tutor_part_count(s) && tutor_correct_count(s) > 0)
		ui_set_status(&ui, UI_DIM, "Welcome back: Enter continues with %s.",
			      tutor_part_at(s, resume)->id);
	else if (resume >= tutor_part_count(s))
		ui_set_status(&ui, UI_GOOD, "Every part is correct. Well done.");

	while (!ui.done && !got_signal) {
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
		} while (!ui.done && !got_signal && (r = read_key(&ch)) != ERR);
		set_timeout(250);
	}

	ui_line_stop();
	endwin();
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	delscreen(scr);
	clear_caret(&ui);
	for (size_t i = 0; i < ui.calc_n; i++)
		free(ui.calc_log[i]);
	free(ui.calc_log);
	free(saved_answer);
	saved_answer = NULL;
	ui_screens_free(&ui);
	if (got_signal) {
		int sig = got_signal;
		signal(sig, SIG_DFL);
		return 128 + sig;
	}
	return 0;
}

bool ui_want_plain(void)
{
	const char *term = getenv("TERM");
	return !isatty(fileno(stdout)) || !isatty(fileno(stdin)) || !term
	       || !*term || !strcmp(term, "dumb");
}
