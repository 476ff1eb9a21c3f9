/* What each curses screen does with a request: tig's shape, keys become
 * requests (ui_keys.c), each screen handles the requests that are its own
 * (moving its cursor, scrolling, the focus), and one fallback does the
 * rest: the help, a redraw (the tutor reads the store again first), and
 * the lesson's requests, which the tutor carries out (tutor_do) and this
 * file only renders. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

static const char answer_prompt[] = "answer> ";

const int ui_tone_style[] = {
	[TUTOR_TONE_INFO] = UI_DIM,
	[TUTOR_TONE_GOOD] = UI_GOOD,
	[TUTOR_TONE_BAD] = UI_BAD,
};

/* ---- changes of screen ---------------------------------------------------- */

static void clear_caret(struct ui *ui)
{
	free(ui->caret_error);
	ui->caret_error = NULL;
}

/* A part is on screen anew: fresh view, empty answer line, focus on it. */
static void open_lesson(struct ui *ui)
{
	ui->screen = UI_SCREEN_LESSON;
	ui->lesson_top = 0;
	ui->erratum_open = false;
	ui->follow = UI_SEC_NONE;
	ui->focus_line = true;
	ui->status[0] = '\0';
	clear_caret(ui);
	ui_names_set(tutor_scope(ui->s));
	ui_line_set_text("");
}

static void open_map(struct ui *ui)
{
	ui->map_cursor = tutor_current_index(ui->s);
	ui->status[0] = '\0';
	ui->screen = UI_SCREEN_MAP;
}

void ui_answer_aside(struct ui *ui, const char *prompt, const char *text)
{
	free(ui->saved_answer);
	ui->saved_answer = ui_line_copy();
	ui_line_set_text("");
	ui_line_start(prompt);
	ui_line_set_text(text);
}

void ui_answer_back(struct ui *ui)
{
	ui_line_set_text("");
	ui_line_start(answer_prompt);
	ui_line_set_text(ui->saved_answer ? ui->saved_answer : "");
	free(ui->saved_answer);
	ui->saved_answer = NULL;
	ui_lab_free(ui);
}

static void open_calc(struct ui *ui, const char *givens)
{
	const struct course_part *part = tutor_current(ui->s);
	ui_answer_aside(ui, "calc> ", "");
	ui_names_set(tutor_scope(ui->s));
	if (part)
		ui_calc_log_add(ui, ui_fmt(ui, "-- %s: %s", part->id, givens));
	ui->calc_top = -1;
	ui->status[0] = '\0';
	ui->screen = UI_SCREEN_CALC;
}

static void close_calc(struct ui *ui)
{
	ui_answer_back(ui);
	ui->status[0] = '\0';
	ui->screen = UI_SCREEN_LESSON;
}

static void open_help(struct ui *ui)
{
	ui->before_help = ui->screen;
	ui->screen = UI_SCREEN_HELP;
	ui->help_top = 0;
}

static void scroll_by(int *top, int delta)
{
	*top += delta;
	if (*top < 0)
		*top = 0;
}

/* ---- the tutor's replies --------------------------------------------------- */

static void show_reply(struct ui *ui, const struct tutor_reply *r)
{
	switch (r->show) {
	case TUTOR_SHOW_NOTHING:
	case TUTOR_SHOW_VALUE:  /* only the calculator asks for values */
		break;
	case TUTOR_SHOW_HINT: ui->follow = UI_SEC_HINTS; break;
	case TUTOR_SHOW_STEP: ui->follow = UI_SEC_STEPS; break;
	case TUTOR_SHOW_ERRATUM:
		ui->erratum_open = true;
		ui->follow = UI_SEC_ERRATUM;
		break;
	case TUTOR_SHOW_PART: open_lesson(ui); break;
	case TUTOR_SHOW_MAP: open_map(ui); break;
	case TUTOR_SHOW_CALC: open_calc(ui, r->text); break;
	case TUTOR_SHOW_LAB: ui_lab_show(ui, r); break;
	}
	if (r->message[0])
		ui_set_status(ui, ui_tone_style[r->tone], "%s", r->message);
}

void ui_ask(struct ui *ui, enum tutor_request req, const char *arg)
{
	struct tutor_reply r;
	if (tutor_do(ui->s, req, arg, &r))
		show_reply(ui, &r);
	tutor_reply_clear(&r);
}

void ui_request(struct ui *ui, enum tutor_request req)
{
	req = ui_screen_ops[ui->screen].request(ui, req);
	switch (req) {
	case TUTOR_REQ_NONE: break;
	case TUTOR_REQ_HELP: open_help(ui); break;
	case TUTOR_REQ_REDRAW:
		ui_ask(ui, req, NULL);  /* the store again, then every cell again */
		clearok(curscr, TRUE);
		break;
	default: ui_ask(ui, req, NULL); break;
	}
}

/* ---- the course map -------------------------------------------------------- */

static enum ui_keymap_id map_keymap(const struct ui *ui)
{
	(void)ui;
	return UI_KEYS_MAP;
}

static enum tutor_request map_request(struct ui *ui, enum tutor_request req)
{
	size_t n = tutor_part_count(ui->s);
	size_t last = n ? n - 1 : 0;
	size_t page = LINES > 8 ? (size_t)LINES - 8 : 1;
	size_t *cur = &ui->map_cursor;
	switch (req) {
	case TUTOR_REQ_UP: *cur = *cur > 0 ? *cur - 1 : 0; break;
	case TUTOR_REQ_DOWN: *cur = *cur < last ? *cur + 1 : last; break;
	case TUTOR_REQ_PAGE_UP: *cur = *cur > page ? *cur - page : 0; break;
	case TUTOR_REQ_PAGE_DOWN: *cur = *cur + page < last ? *cur + page : last; break;
	case TUTOR_REQ_HOME: *cur = 0; break;
	case TUTOR_REQ_END: *cur = last; break;
	case TUTOR_REQ_OPEN:
		if (*cur < n)
			ui_ask(ui, req, tutor_part_at(ui->s, *cur)->id);
		break;
	case TUTOR_REQ_RESUME: {
		struct tutor_reply r;
		tutor_do(ui->s, req, NULL, &r);
		/* On the map, showing a part is putting the cursor on it. */
		if (r.show == TUTOR_SHOW_PART) {
			*cur = tutor_current_index(ui->s);
			r.show = TUTOR_SHOW_NOTHING;
		}
		show_reply(ui, &r);
		tutor_reply_clear(&r);
		break;
	}
	case TUTOR_REQ_QUIT: ui->done = true; break;
	default: return req;
	}
	return TUTOR_REQ_NONE;
}

/* ---- the lesson ------------------------------------------------------------ */

static enum ui_keymap_id lesson_keymap(const struct ui *ui)
{
	return ui->focus_line ? UI_KEYS_LINE : UI_KEYS_LESSON;
}

static bool lesson_editing(const struct ui *ui)
{
	return ui->focus_line;
}

static enum tutor_request lesson_request(struct ui *ui, enum tutor_request req)
{
	int page = ui_lesson_height(ui) - 1;
	switch (req) {
	case TUTOR_REQ_ERRATUM:
		if (!ui->erratum_open)
			return req;
		ui->erratum_open = false;  /* again: close the panel */
		break;
	case TUTOR_REQ_QUIT: return TUTOR_REQ_MAP;
	case TUTOR_REQ_FOCUS: ui->focus_line = !ui->focus_line; break;
	case TUTOR_REQ_UP: scroll_by(&ui->lesson_top, -1); break;
	case TUTOR_REQ_DOWN: scroll_by(&ui->lesson_top, 1); break;
	case TUTOR_REQ_PAGE_UP: scroll_by(&ui->lesson_top, -page); break;
	case TUTOR_REQ_PAGE_DOWN: scroll_by(&ui->lesson_top, page); break;
	case TUTOR_REQ_HOME: ui->lesson_top = 0; break;
	case TUTOR_REQ_END: ui->lesson_top = 1 << 20; break;
	default: return req;
	}
	return TUTOR_REQ_NONE;
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
	case COURSE_BLANK:  /* the tutor refuses a blank line before this */
		ui_set_status(ui, UI_BAD, "%s", o->result.feedback);
		break;
	}
}

static void lesson_text_key(struct ui *ui, wint_t ch, bool code)
{
	if (!ui->focus_line) {
		if (!code && ch >= 0x20)
			ui_set_status(ui, UI_DIM, "Lesson keys are on: "
				      "Tab or Enter to type an answer, ? for help.");
		return;
	}
	enum ui_line_event ev = ui_line_key(ch, code);
	ui_line_report(ui, ev);
	if (ev == UI_LINE_ACCEPTED) {
		char *text = ui_line_take();
		if (text)
			submit(ui, text);
		free(text);
	}
}

/* ---- the calculator -------------------------------------------------------- */

static enum ui_keymap_id calc_keymap(const struct ui *ui)
{
	(void)ui;
	return UI_KEYS_CALC;
}

static bool always_editing(const struct ui *ui)
{
	(void)ui;
	return true;
}

static enum tutor_request calc_request(struct ui *ui, enum tutor_request req)
{
	int page = LINES - 5;
	switch (req) {
	case TUTOR_REQ_QUIT: close_calc(ui); break;
	case TUTOR_REQ_PAGE_UP:
	case TUTOR_REQ_PAGE_DOWN:
		if (ui->calc_top < 0)
			ui->calc_top = 1 << 20;  /* from the bottom, where it sits */
		scroll_by(&ui->calc_top, req == TUTOR_REQ_PAGE_UP ? -page : page);
		break;
	default: return req;
	}
	return TUTOR_REQ_NONE;
}

static void calc_text_key(struct ui *ui, wint_t ch, bool code)
{
	enum ui_line_event ev = ui_line_key(ch, code);
	ui_line_report(ui, ev);
	char *text = ev == UI_LINE_ACCEPTED ? ui_line_take() : NULL;
	if (!text)
		return;
	struct tutor_reply r;
	tutor_do(ui->s, TUTOR_REQ_CALC, text, &r);
	if (r.show == TUTOR_SHOW_VALUE) {
		ui_calc_log_add(ui, ui_fmt(ui, "> %s", text));
		ui_calc_log_add(ui, r.text);
		ui_line_history_add(text);
	}
	tutor_reply_clear(&r);
	free(text);
	ui->calc_top = -1;
}

/* ---- the help -------------------------------------------------------------- */

static enum ui_keymap_id help_keymap(const struct ui *ui)
{
	(void)ui;
	return UI_KEYS_HELP;
}

static enum tutor_request help_request(struct ui *ui, enum tutor_request req)
{
	int page = LINES - 3;
	switch (req) {
	case TUTOR_REQ_QUIT: ui->screen = ui->before_help; break;
	case TUTOR_REQ_UP: scroll_by(&ui->help_top, -1); break;
	case TUTOR_REQ_DOWN: scroll_by(&ui->help_top, 1); break;
	case TUTOR_REQ_PAGE_UP: scroll_by(&ui->help_top, -page); break;
	case TUTOR_REQ_PAGE_DOWN: scroll_by(&ui->help_top, page); break;
	default: return req;
	}
	return TUTOR_REQ_NONE;
}

static bool never_editing(const struct ui *ui)
{
	(void)ui;
	return false;
}

const struct ui_screen_ops ui_screen_ops[] = {
	[UI_SCREEN_MAP] = { map_keymap, ui_draw_map, map_request, NULL,
			    never_editing },
	[UI_SCREEN_LESSON] = { lesson_keymap, ui_draw_lesson, lesson_request,
			       lesson_text_key, lesson_editing },
	[UI_SCREEN_CALC] = { calc_keymap, ui_draw_calc, calc_request,
			     calc_text_key, always_editing },
	[UI_SCREEN_HELP] = { help_keymap, ui_draw_help, help_request, NULL,
			     never_editing },
	[UI_SCREEN_LAB] = { ui_lab_keymap, ui_draw_lab, ui_lab_request, ui_lab_text_key,
			    ui_lab_editing },
};

bool ui_editing(const struct ui *ui)
{
	return ui_screen_ops[ui->screen].editing(ui);
}

void ui_line_report(struct ui *ui, enum ui_line_event ev)
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

void ui_views_free(struct ui *ui)
{
	clear_caret(ui);
	for (size_t i = 0; i < ui->calc_n; i++)
		free(ui->calc_log[i]);
	free(ui->calc_log);
	ui->calc_log = NULL;
	ui->calc_n = ui->calc_cap = 0;
	free(ui->saved_answer);
	ui->saved_answer = NULL;
	ui_lab_free(ui);
}
