/* The curses screens: the course map, the lesson, the calculator and the
 * help, drawn with the kit in ui_draw.c. Every frame is drawn whole from the session's state, so a
 * resize or a redraw needs nothing special. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

static const char *progress_text(struct ui *ui, int width)
{
	size_t done = tutor_correct_count(ui->s), all = tutor_part_count(ui->s);
	const char *tail = ui_fmt(ui, " %zu/%zu correct", done, all);
	int bar = width - 11 - (int)strlen(tail);
	if (bar > 40)
		bar = 40;
	if (bar < 4)
		return ui_fmt(ui, "Progress%s", tail);
	int filled = all ? (int)((double)bar * (double)done / (double)all + 0.5) : 0;
	char *s = malloc((size_t)bar * 4 + 64);
	if (!s)
		return "";
	strcpy(s, "Progress [");
	for (int i = 0; i < bar; i++)
		strcat(s, ui->glyph[i < filled ? UI_G_FULL : UI_G_EMPTY]);
	strcat(s, "]");
	strcat(s, tail);
	return ui_keep(ui, s);
}

static const char *state_glyph(struct ui *ui, size_t i)
{
	switch (tutor_part_state(ui->s, i)) {
	case PROGRESS_CORRECT: return ui->glyph[UI_G_CORRECT];
	case PROGRESS_ATTEMPTED: return ui->glyph[UI_G_ATTEMPTED];
	default: return ui->glyph[UI_G_NOT_STARTED];
	}
}

/* ---- the course map ------------------------------------------------------ */

void ui_draw_map(struct ui *ui)
{
	const struct course *c = tutor_course(ui->s);
	ui_draw_bar(ui, 0, ui_fmt(ui, "cnntutor %s %s", ui->glyph[UI_G_RULE], c->title),
		 "course map");
	attron(ui->style[UI_TITLE]);
	const char *p = progress_text(ui, COLS - 2);
	ui_put(1, 1, p, strlen(p), COLS - 2);
	attroff(ui->style[UI_TITLE]);
	attron(ui->style[UI_DIM]);
	const char *legend = ui_fmt(ui, "%s correct  %s attempted  %s not started",
				 ui->glyph[UI_G_CORRECT], ui->glyph[UI_G_ATTEMPTED],
				 ui->glyph[UI_G_NOT_STARTED]);
	ui_put(2, 1, legend, strlen(legend), COLS - 2);
	attroff(ui->style[UI_DIM]);

	ui_rows_reset(ui);
	int cursor_row = 0, id_width = 4;
	for (size_t i = 0; i < tutor_part_count(ui->s); i++) {
		int w = (int)strlen(tutor_part_at(ui->s, i)->id);
		if (w > id_width)
			id_width = w < 16 ? w : 16;
	}
	size_t index = 0;
	for (size_t q = 0; q < c->n_questions; q++) {
		const struct course_question *qu = &c->questions[q];
		ui_row_add(ui, ui_fmt(ui, "%s  %s", qu->id, qu->title), SIZE_MAX,
			UI_HEADING, 1);
		for (size_t k = 0; k < qu->n_parts; k++, index++) {
			bool here = index == ui->map_cursor;
			if (here)
				cursor_row = (int)ui->n_rows;
			const struct course_part *part = &qu->parts[k];
			ui_row_add(ui, ui_fmt(ui, "%s %s %-*s %s",
					here ? ui->glyph[UI_G_CURSOR] : " ",
					state_glyph(ui, index), id_width, part->id,
					part->title),
				SIZE_MAX, here ? UI_SELECT : UI_NORMAL, 2);
		}
	}
	int height = LINES - 6;
	if (cursor_row < ui->map_top + 1)
		ui->map_top = cursor_row - 1;  /* keep the question heading */
	if (cursor_row >= ui->map_top + height)
		ui->map_top = cursor_row - height + 1;
	ui->map_top = ui_clamp_top(ui, ui->map_top, height, NULL);
	ui_draw_rows(ui, ui->map_top, 4, height, COLS);
	ui_draw_status(ui, LINES - 2);
	ui_draw_bar(ui, LINES - 1,
		 ui_fit("j/k move  Enter open  r resume  ? help  q quit",
		     "j/k Enter r:resume ?:help q:quit"), NULL);
	curs_set(0);
}

/* ---- the lesson ---------------------------------------------------------- */

static void add_erratum(struct ui *ui, const struct course_erratum *e, int width)
{
	ui->section_row[UI_SEC_ERRATUM] = (int)ui->n_rows;
	ui_row_add(ui, "Correction of the published solution", SIZE_MAX, UI_HEADING, 0);
	if (course_erratum_note(e))
		ui_add_text(ui, course_erratum_note(e), UI_NORMAL, 2, width);
	if (width >= 60) {
		/* The claim beside the correction, as two columns. */
		int half = (width - 3) / 2;
		size_t first = ui->n_rows;
		ui_row_add(ui, "It says", SIZE_MAX, UI_BAD, 2);
		ui_add_text(ui, e->quote, UI_NORMAL, 2, half);
		size_t left_end = ui->n_rows;
		size_t n_left = left_end - first;
		/* Wrap the right column into rows of its own, then merge. */
		size_t before = ui->n_rows;
		ui_row_add(ui, "Correct", SIZE_MAX, UI_GOOD, 0);
		ui_add_text(ui, e->correction, UI_NORMAL, 0, width - half - 4);
		size_t n_right = ui->n_rows - before;
		struct ui_row *right = malloc((n_right ? n_right : 1) * sizeof *right);
		if (!right)
			return;
		memcpy(right, &ui->rows[before], n_right * sizeof *right);
		ui->n_rows = before;
		size_t n = n_left > n_right ? n_left : n_right;
		for (size_t i = n_left; i < n; i++)
			ui_row_add(ui, "", 0, UI_NORMAL, 2);
		for (size_t i = 0; i < n_right; i++) {
			struct ui_row *r = &ui->rows[first + i];
			r->text2 = right[i].text;
			r->len2 = right[i].len;
			r->style2 = right[i].style;
			r->col2 = half + 3;
		}
		free(right);
	} else {
		ui_row_add(ui, "It says", SIZE_MAX, UI_BAD, 2);
		ui_add_text(ui, e->quote, UI_NORMAL, 4, width);
		ui_row_add(ui, "Correct", SIZE_MAX, UI_GOOD, 2);
		ui_add_text(ui, e->correction, UI_NORMAL, 4, width);
	}
	ui_row_add(ui, "Why", SIZE_MAX, UI_HEADING, 2);
	ui_add_text(ui, e->problem, UI_NORMAL, 4, width);
	ui_add_blank(ui);
}

static void add_outcome(struct ui *ui, const struct tutor_outcome *o, int width)
{
	ui->section_row[UI_SEC_OUTCOME] = (int)ui->n_rows;
	enum course_verdict v = o->result.verdict;
	bool good = v == COURSE_CORRECT;
	ui_row_add(ui, ui_fmt(ui, "%s %s: %s", ui->glyph[good ? UI_G_GOOD : UI_G_BAD],
			course_verdict_name(v), o->answer ? o->answer : ""),
		SIZE_MAX, good ? UI_GOOD : UI_BAD, 0);
	if (o->result.source_error)
		ui_add_text(ui, course_source_error_words(tutor_current(ui->s)), UI_BAD, 2, width);
	/* An invalid answer's caret error is under the answer line already. */
	if (!(v == COURSE_INVALID && ui->caret_error))
		ui_add_text(ui, o->result.feedback, UI_NORMAL, 2, width);
	if (o->result.note)
		ui_add_text(ui, o->result.note, UI_HINT, 2, width);
	if (o->result.interpreted)
		ui_add_text(ui, ui_fmt(ui, "interpreted as: %s", o->result.interpreted),
			 UI_DIM, 2, width);
	if (o->save_error)
		ui_add_text(ui, ui_fmt(ui, "not saved: %s", o->save_error), UI_BAD, 2, width);
	if (good)
		ui_add_text(ui, tutor_current_index(ui->s) + 1 < tutor_part_count(ui->s)
			     ? "Next part: n (or F8)." : "That was the last part.",
			 UI_DIM, 2, width);
}

void ui_lesson_rows(struct ui *ui, int width)
{
	struct tutor_session *s = ui->s;
	size_t index = tutor_current_index(s), in_q = 0;
	const struct course_part *part = tutor_current(s);
	const struct course_question *q = tutor_question_of(s, index, &in_q);
	ui_rows_reset(ui);
	if (!part || !q)
		return;
	/* The question's introduction on every part: its warnings and
	 * notations hold for all of them, however the part was reached. */
	if (q->intro) {
		ui_add_text(ui, ui_fmt(ui, "%s  %s (part %zu of %zu)", q->id, q->title,
				       in_q + 1, q->n_parts), UI_HEADING, 0, width);
		ui_add_text(ui, q->intro, UI_NORMAL, 0, width);
		ui_add_blank(ui);
	}
	ui_add_text(ui, ui_fmt(ui, "%s  %s", part->id, part->title), UI_TITLE, 0, width);
	ui_add_text(ui, part->statement, UI_NORMAL, 0, width);
	if (part->n_givens) {
		ui_add_blank(ui);
		ui_row_add(ui, "Givens", SIZE_MAX, UI_HEADING, 0);
		for (size_t i = 0; i < part->n_givens; i++)
			ui_add_text(ui, ui_fmt(ui, "%s = %s", part->givens[i].name,
					 part->givens[i].text), UI_NORMAL, 2, width);
	}
	if (part->n_choices) {
		ui_add_blank(ui);
		ui_row_add(ui, "Choices (answer with the number or letter, or paste the option)", SIZE_MAX,
			UI_HEADING, 0);
		const size_t *order = tutor_choice_order(s, index);
		for (size_t i = 0; i < part->n_choices; i++)
			ui_add_item(ui, ui_fmt(ui, "%zu/%c)", i + 1,
					       (char)('a' + i % 26)),
				    part->choices[order ? order[i] : i], UI_NORMAL, 2, width);
	}
	size_t hints = tutor_hints_shown(s, index);
	if (hints) {
		ui_add_blank(ui);
		ui->section_row[UI_SEC_HINTS] = (int)ui->n_rows;
		ui_row_add(ui, ui_fmt(ui, "Hints (%zu of %zu)", hints, part->n_hints),
			SIZE_MAX, UI_HEADING, 0);
		for (size_t i = 0; i < hints; i++)
			ui_add_item(ui, ui_fmt(ui, "%zu.", i + 1), part->hints[i],
				 UI_HINT, 2, width);
	}
	size_t steps = tutor_steps_shown(s, index);
	if (steps) {
		ui_add_blank(ui);
		ui->section_row[UI_SEC_STEPS] = (int)ui->n_rows;
		ui_row_add(ui, ui_fmt(ui, "Worked steps (%zu of %zu)", steps, part->n_steps),
			SIZE_MAX, UI_HEADING, 0);
		for (size_t i = 0; i < steps; i++) {
			const struct course_step *st = &part->steps[i];
			ui_add_item(ui, ui_fmt(ui, "%zu.", i + 1), st->text,
				    UI_NORMAL, 2, width);
			if (st->expr)
				ui_add_text(ui, ui_fmt(ui, "%s = %s", st->expr,
						 st->value ? st->value : "?"),
					 UI_STEP, 5, width);
		}
	}
	if (ui->erratum_open && part->erratum) {
		ui_add_blank(ui);
		add_erratum(ui, part->erratum, width);
	}
	const struct tutor_outcome *o = tutor_last_outcome(s);
	if (o) {
		ui_add_blank(ui);
		add_outcome(ui, o, width);
	} else if (tutor_part_state(s, index) == PROGRESS_CORRECT) {
		ui_add_blank(ui);
		ui_add_text(ui, "You have answered this part correctly before.",
			    UI_GOOD, 0, width);
	}
}

/* Rows of the caret error or status under the answer line. */
static int message_lines(const struct ui *ui)
{
	if (ui->caret_error) {
		int n = 0;
		for (const char *p = ui->caret_error; *p; p++)
			n += *p == '\n';
		if (ui->caret_error[0] && ui->caret_error[strlen(ui->caret_error) - 1] != '\n')
			n++;
		return n > 3 ? 3 : n;
	}
	return 1;
}

int ui_lesson_height(const struct ui *ui)
{
	return LINES - 3 - message_lines(ui);
}

static void draw_message(struct ui *ui, int y)
{
	if (!ui->caret_error) {
		ui_draw_status(ui, y);
		return;
	}
	const char *p = ui->caret_error;
	for (int i = 0; i < message_lines(ui) && *p; i++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		attron(ui->style[i == 0 ? UI_BAD : UI_NORMAL]);
		ui_put(y + i, 1, p, len, COLS - 2);
		attroff(ui->style[i == 0 ? UI_BAD : UI_NORMAL]);
		p = nl ? nl + 1 : p + len;
	}
}

static const char *lesson_keys(const struct ui *ui)
{
	/* once the part is right, the key to practise it with other numbers */
	if (tutor_part_state(ui->s, tutor_current_index(ui->s)) == PROGRESS_CORRECT)
		return ui->focus_line
			? ui_fit("F2 hint F3 step F4 fix F5 calc F9 lab F12 again F7/F8 part Esc lesson F1 help",
				 "F2 hint F3 step F9 lab F12 again Esc lesson F1")
			: ui_fit("h hint s step e fix c calc l lab v again n/p part Tab answer ? help",
				 "h s e c l v n p  Tab answer  ? help");
	return ui->focus_line
		? ui_fit("F2 hint F3 step F4 fix F5 calc F9 lab F7/F8 part Esc lesson F1 help",
		      "F2 hint F3 step F9 lab Esc lesson F1")
		: ui_fit("h hint s step e fix c calc l lab n/p part Tab answer ? help q map",
		      "h s e c l n p  Tab answer  ? help");
}

void ui_draw_lesson(struct ui *ui)
{
	size_t index = tutor_current_index(ui->s);
	const struct course_part *part = tutor_current(ui->s);
	ui_draw_bar(ui, 0, ui_fmt(ui, "%s %s %s%s", state_glyph(ui, index),
			    part ? part->id : "", part ? part->title : "",
			    tutor_practising(ui->s) ? " (practice, other numbers)" : ""),
		 ui_fmt(ui, "%zu/%zu", tutor_correct_count(ui->s),
		     tutor_part_count(ui->s)));
	int height = ui_lesson_height(ui);
	ui_lesson_rows(ui, COLS - 2);
	/* Text longer than the room keeps its last row for "more below". */
	int rows = (int)ui->n_rows > height ? height - 1 : height;
	ui->lesson_top = ui_clamp_top(ui, ui->lesson_top, rows, &ui->follow);
	for (size_t i = 0; i < ui->n_rows; i++)
		ui->rows[i].col += 1;
	for (size_t i = 0; i < ui->n_rows; i++)
		if (ui->rows[i].text2)
			ui->rows[i].col2 += 1;
	ui_draw_rows(ui, ui->lesson_top, 1, rows, COLS - 1);
	if (ui->lesson_top + rows < (int)ui->n_rows) {
		const char *more = ui_fmt(ui, "%s more below: PgDn",
					  ui->utf8 ? "↓" : "v");
		attron(ui->style[UI_DIM]);
		ui_put(height, 1, more, strlen(more), COLS - 2);
		attroff(ui->style[UI_DIM]);
	}
	int line_y = height + 1;
	draw_message(ui, line_y + 1);
	ui_draw_bar(ui, LINES - 1, lesson_keys(ui), NULL);
	int x = ui_line_draw(line_y, COLS,
			     ui->style[ui->focus_line ? UI_KEY : UI_DIM]);
	if (ui->focus_line) {
		curs_set(1);
		move(line_y, x);
	} else {
		curs_set(0);
	}
}

/* ---- calculator and help ------------------------------------------------- */

void ui_calc_log_add(struct ui *ui, const char *text)
{
	const char *p = text;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (ui->calc_n == ui->calc_cap) {
			size_t cap = ui->calc_cap ? 2 * ui->calc_cap : 32;
			char **n = realloc(ui->calc_log, cap * sizeof *n);
			if (!n)
				return;
			ui->calc_log = n;
			ui->calc_cap = cap;
		}
		char *line = strndup(p, len);
		if (!line)
			return;
		ui->calc_log[ui->calc_n++] = line;
		p = nl ? nl + 1 : p + len;
	}
}

void ui_draw_calc(struct ui *ui)
{
	const struct course_part *part = tutor_current(ui->s);
	ui_draw_bar(ui, 0, ui_fmt(ui, "Scratch calculator %s %s",
			    ui->glyph[UI_G_RULE], part ? part->id : ""),
		 "F1 help");
	ui_rows_reset(ui);
	for (size_t i = 0; i < ui->calc_n; i++)
		ui_add_text(ui, ui->calc_log[i],
			 ui->calc_log[i][0] == '>' ? UI_DIM : UI_NORMAL, 1, COLS - 1);
	int height = LINES - 4;
	/* Newest at the bottom unless the student scrolled back. */
	int max = (int)ui->n_rows - height;
	if (ui->calc_top < 0 || ui->calc_top > max)
		ui->calc_top = max < 0 ? 0 : max;
	ui_draw_rows(ui, ui->calc_top, 1, height, COLS);
	ui_draw_status(ui, LINES - 2);
	ui_draw_bar(ui, LINES - 1, ui_fit("Enter evaluate  Tab complete  Esc back",
				    "Enter eval  Esc back"), NULL);
	int x = ui_line_draw(LINES - 3, COLS, ui->style[UI_KEY]);
	curs_set(1);
	move(LINES - 3, x);
}

void ui_draw_help(struct ui *ui)
{
	ui_draw_bar(ui, 0, "cnntutor keys", "q back");
	ui_rows_reset(ui);
	int w = COLS - 2;
	ui_add_text(ui, "Focus: a part opens with the focus on the answer line, "
		 "where every letter you type is part of your answer. Esc moves "
		 "the focus to the lesson, where single letters are commands; "
		 "Tab, Enter, i or a go back to the answer line with your text "
		 "as you left it. Function keys work in both.", UI_NORMAL, 1, w);
	for (size_t m = 0; m < ui_n_keymaps; m++) {
		const struct ui_keymap *km = &ui_keymaps[m];
		ui_add_blank(ui);
		if (ui->help_section == (int)m + 1)
			ui->help_top = (int)ui->n_rows;  /* opened there: its keys first */
		ui_row_add(ui, km->title, strlen(km->title), UI_HEADING, 1);
		const char *last = NULL;
		for (size_t i = 0; i < km->n; i++) {
			const struct ui_binding *b = &km->keys[i];
			if (!b->label)
				continue;
			const char *help = b->help ? b->help
						   : tutor_request_help(b->req);
			if (last && help == last)
				continue;  /* one line per request, first label */
			last = help;
			struct ui_row *r = ui_row_add(ui, b->label, strlen(b->label),
						   UI_KEY, 3);
			if (r) {
				r->text2 = help;
				r->len2 = strlen(help);
				r->style2 = UI_NORMAL;
				r->col2 = 25;
			}
		}
	}
	ui_add_blank(ui);
	ui_row_add(ui, "Editing the answer line (GNU readline)", SIZE_MAX, UI_HEADING, 1);
	ui_add_text(ui, "Enter submits. Tab completes names and functions. Up and "
		 "Down recall earlier answers (kept per course). Left, Right, "
		 "Home, End, Ctrl-A, Ctrl-E move; Ctrl-K, Ctrl-U, Ctrl-W cut; "
		 "Ctrl-Y pastes back; Ctrl-R searches the history. A malformed "
		 "answer stays on the line with a caret under the problem.",
		 UI_NORMAL, 3, w);
	ui_add_blank(ui);
	ui_add_text(ui, "Ctrl-C quits from anywhere; every answer is saved when it "
		 "is judged.", UI_DIM, 1, w);
	int height = LINES - 2;
	ui->help_section = 0;
	ui->help_top = ui_clamp_top(ui, ui->help_top, height, NULL);
	ui_draw_rows(ui, ui->help_top, 1, height, COLS);
	ui_draw_bar(ui, LINES - 1, "j/k PgUp/PgDn scroll  q back", NULL);
	curs_set(0);
}

/* ---- the frame ----------------------------------------------------------- */

static void draw_too_small(void)
{
	char need[32], have[32];
	snprintf(need, sizeof need, "need %d×%d,", UI_MIN_COLS, UI_MIN_LINES);
	snprintf(have, sizeof have, "have %d×%d", COLS, LINES);
	const char *phrases[] = { "terminal too small:", need, have };
	/* Whole phrases per line where they fit, so the sizes stay readable
	 * even in a 20-column terminal. */
	int y = 0, x = 0;
	for (size_t i = 0; i < 3 && y < LINES; i++) {
		int w = ui_text_width(phrases[i], strlen(phrases[i]));
		if (x > 0 && x + 1 + w > COLS) {
			y++;
			x = 0;
			if (y >= LINES)
				break;
		}
		if (x > 0)
			x++;
		ui_put(y, x, phrases[i], strlen(phrases[i]), COLS - x);
		x += w;
	}
	curs_set(0);
}

void ui_draw(struct ui *ui)
{
	ui_scratch_clear(ui);
	erase();
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES) {
		draw_too_small();
	} else {
		ui_screen_ops[ui->screen].draw(ui);
	}
	wnoutrefresh(stdscr);
	doupdate();
}
