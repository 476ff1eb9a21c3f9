/* The answer line: GNU readline's callback interface driven from the curses
 * loop, the way tig's prompt does it. Curses reads the keys; printable
 * characters reach readline one byte at a time through rl_getc_function,
 * cursor keys call readline's commands directly, and readline's redisplay
 * only marks the line dirty: the screen code draws it into its row.
 * Readline never touches the terminal: no prep/deprep, no signal or
 * SIGWINCH handlers (curses owns those), output to /dev/null. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "ui_internal.h"
#include "utf8.h"

static int fed_byte;
static bool fed_avail;
static char *accepted;       /* line handed over by readline's handler */
static bool have_accepted;
static char message[512];
static bool installed;

static int line_getc(FILE *f)
{
	(void)f;
	fed_avail = false;
	return fed_byte;
}

static int line_input_available(void)
{
	return fed_avail;
}

static void line_redisplay(void)
{
	/* Drawn by ui_line_draw with the rest of the frame. */
}

static void line_handler(char *line)
{
	/* NULL is Ctrl-D on an empty line: not a request to leave. */
	if (!line)
		return;
	free(accepted);
	accepted = line;
	have_accepted = true;
}

static void show_matches(char **matches, int num, int max_len)
{
	(void)max_len;
	size_t used = (size_t)snprintf(message, sizeof message, "%d matches:", num);
	for (int i = 1; i <= num && used < sizeof message; i++)
		used += (size_t)snprintf(message + used, sizeof message - used,
					 " %s", matches[i]);
}

void ui_line_setup(void)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	rl_instream = stdin;
	rl_outstream = sink ? sink : stderr;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;  /* LINES and COLUMNS belong to curses */
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_getc_function = line_getc;
	rl_input_available_hook = line_input_available;
	rl_redisplay_function = line_redisplay;
	rl_completion_display_matches_hook = show_matches;
	ui_readline_setup_completion();
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_variable_bind("horizontal-scroll-mode", "on");
}

void ui_line_start(const char *prompt)
{
	char *keep = installed ? strdup(rl_line_buffer) : NULL;
	if (installed)
		rl_callback_handler_remove();
	rl_callback_handler_install(prompt, line_handler);
	installed = true;
	if (keep && *keep)
		ui_line_set_text(keep);
	free(keep);
}

void ui_line_stop(void)
{
	if (installed)
		rl_callback_handler_remove();
	installed = false;
	free(accepted);
	accepted = NULL;
	have_accepted = false;
}

static void feed(int byte)
{
	fed_byte = byte;
	fed_avail = true;
	rl_callback_read_char();
}

/* Run a readline command as if its key had been pressed. */
static void run(rl_command_func_t *fn, int count)
{
	fn(count, 0);
}

enum ui_line_event ui_line_key(wint_t ch, bool is_code)
{
	if (!installed)
		return UI_LINE_UNHANDLED;
	if (is_code) {
		switch (ch) {
		case KEY_LEFT: run(rl_backward_char, 1); break;
		case KEY_RIGHT: run(rl_forward_char, 1); break;
		case KEY_HOME: run(rl_beg_of_line, 1); break;
		case KEY_END: run(rl_end_of_line, 1); break;
		case KEY_UP: run(rl_get_previous_history, 1); break;
		case KEY_DOWN: run(rl_get_next_history, 1); break;
		case KEY_BACKSPACE: run(rl_rubout, 1); break;
		case KEY_DC: if (rl_point < rl_end) run(rl_delete, 1); break;
		case KEY_ENTER: feed('\n'); break;
		default: return UI_LINE_UNHANDLED;
		}
	} else if (ch == 27) {
		return UI_LINE_UNHANDLED;  /* Esc: the focus key */
	} else if (ch < 0x80) {
		/* Control keys are readline's editing commands (Ctrl-A, Ctrl-K,
		 * Ctrl-R, Tab ...); plain ASCII is text. */
		if (ch >= 0x20 && ch != 0x7f && rl_end + 1 > ENGINE_MAX_INPUT)
			return UI_LINE_FULL;
		feed((int)ch);
	} else {
		char bytes[4];
		size_t n = ch <= 0x10FFFF ? utf8_encode((uint32_t)ch, bytes) : 0;
		if (n == 0)
			return UI_LINE_BAD_CHAR;
		if ((size_t)rl_end + n > ENGINE_MAX_INPUT)
			return UI_LINE_FULL;
		for (size_t i = 0; i < n; i++)
			feed((unsigned char)bytes[i]);
	}
	return have_accepted ? UI_LINE_ACCEPTED : UI_LINE_NOTHING;
}

enum ui_line_event ui_line_meta(int ch)
{
	if (!installed)
		return UI_LINE_UNHANDLED;
	feed(27);
	feed(ch);
	return have_accepted ? UI_LINE_ACCEPTED : UI_LINE_NOTHING;
}

enum ui_line_event ui_line_paste(wint_t ch)
{
	if (!installed)
		return UI_LINE_UNHANDLED;
	if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0))
		return UI_LINE_CONTROL;
	return ui_line_key(ch, false);
}

char *ui_line_take(void)
{
	if (!have_accepted)
		return NULL;
	char *line = accepted;
	accepted = NULL;
	have_accepted = false;
	return line;
}

char *ui_line_copy(void)
{
	return strdup(installed && rl_line_buffer ? rl_line_buffer : "");
}

void ui_line_set_text(const char *text)
{
	if (!installed)
		return;
	rl_replace_line(text, 0);
	rl_point = rl_end;
}

void ui_line_history_add(const char *line)
{
	if (line && *line) {
		HIST_ENTRY *last = history_length > 0
			? history_get(history_base + history_length - 1) : NULL;
		if (!last || strcmp(last->line, line) != 0)
			add_history(line);
		/* Readline set its history position when the line was accepted,
		 * before this entry existed: move it past the new end so Up
		 * recalls this line first. */
		using_history();
	}
}

const char *ui_line_message(void)
{
	return message[0] ? message : NULL;
}

void ui_line_clear_message(void)
{
	message[0] = '\0';
}

/* Draw s[0..len) from column x, at most maxw columns; what a terminal
 * cannot show (control bytes, invalid UTF-8) is drawn as a reversed '?'. */
int ui_put(int y, int x, const char *s, size_t len, int maxw)
{
	size_t used;
	int w = 0;
	for (size_t i = 0; i < len; i += used) {
		uint32_t cp = utf8_decode(s + i, len - i, &used);
		int cw = ui_text_width(s + i, used);
		if (w + cw > maxw)
			break;
		if (cp == UTF8_INVALID || cp < 0x20 || cp == 0x7f) {
			mvaddch(y, x + w, '?' | A_REVERSE);
		} else if (cp >= 0x80 && MB_CUR_MAX == 1) {
			/* A single-byte locale cannot show it: mark the spot. */
			mvaddch(y, x + w, '?');
		} else {
			wchar_t wc[2] = { (wchar_t)cp, 0 };
			mvaddnwstr(y, x + w, wc, 1);
		}
		w += cw;
	}
	return w;
}

int ui_line_draw(int y, int width, int attr_prompt)
{
	const char *prompt = rl_display_prompt ? rl_display_prompt : "";
	int pw = ui_text_width(prompt, strlen(prompt));
	move(y, 0);
	clrtoeol();
	attron(attr_prompt);
	ui_put(y, 0, prompt, strlen(prompt), width - 1);
	attroff(attr_prompt);
	if (pw > width / 2)
		pw = width / 2;
	int room = width - pw - 1;
	if (room < 1)
		return pw;
	const char *buf = installed && rl_line_buffer ? rl_line_buffer : "";
	size_t end = installed ? (size_t)rl_end : 0;
	size_t point = installed ? (size_t)rl_point : 0;
	if (point > end)
		point = end;
	/* Scroll so the cursor is visible: drop whole code points from the
	 * left until the text before the cursor fits. */
	size_t start = 0, used;
	int before = ui_text_width(buf, point);
	while (before > room - 1 && start < point) {
		utf8_decode(buf + start, end - start, &used);
		before -= ui_text_width(buf + start, used);
		start += used;
	}
	ui_put(y, pw, buf + start, end - start, room);
	return pw + before;
}
