/* Pieces shared between the files of src/ui: not part of the layer's API.
 *
 * The curses screens keep their state in one struct ui (ui_curses.c); the
 * readline answer line is a single global widget because readline itself is
 * global (ui_line.c). */
#ifndef CNNTUTOR_UI_INTERNAL_H
#define CNNTUTOR_UI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "engine.h"
#include "tutor.h"

#define UI_MIN_COLS 40
#define UI_MIN_LINES 12

/* ---- text (ui_text.c) ---------------------------------------------------- */

/* Display width of s[0..len) in terminal columns: invalid bytes and control
 * characters count as one column each (they are drawn as '?'). */
int ui_text_width(const char *s, size_t len);

/* Break s[0..len) into lines at most width columns wide, at spaces where
 * possible; '\n' always breaks. Calls fn for each line with its byte range
 * (a blank line has len 0). Trailing newlines produce no extra line. */
void ui_text_wrap(const char *s, size_t len, int width,
		  void (*fn)(const char *line, size_t len, void *data),
		  void *data);

/* A copy of s (caller frees) in which a line break that only wraps a
 * sentence becomes a space, so the text rewraps to the screen's width;
 * breaks that separate paragraphs, list items or labelled lines stay. */
char *ui_text_reflow(const char *s);

/* ---- completion shared by the calculators and the answer line (ui_calc.c) */

/* Completion candidates: the scope's names and the engine built-ins.
 * ui_names_set replaces the list (scope may be NULL). */
void ui_names_set(const struct engine_scope *scope);
/* Readline generator over that list (rl_compentry_func_t). */
char *ui_names_generator(const char *text, int state);
/* Point readline's Tab completion at that list. */
void ui_readline_setup_completion(void);

/* ---- the answer line (ui_line.c) ----------------------------------------- */

/* Configure readline for use inside curses: input is fed from our loop,
 * drawing is ours, signals are curses'. Call once after initscr. */
void ui_line_setup(void);
/* Start editing with this prompt; the text typed so far is kept. */
void ui_line_start(const char *prompt);
/* Stop editing (before leaving curses). */
void ui_line_stop(void);

enum ui_line_event {
	UI_LINE_NOTHING,   /* key consumed, nothing to report */
	UI_LINE_ACCEPTED,  /* Enter: ui_line_take returns the line */
	UI_LINE_FULL,      /* text dropped: the line is at its limit */
	UI_LINE_BAD_CHAR,  /* a character that cannot be encoded was dropped */
	UI_LINE_CONTROL,   /* a pasted control character was left out */
	UI_LINE_UNHANDLED, /* not an editing key: the caller decides */
};

/* Feed one key from wget_wch (is_code: it returned KEY_CODE_YES). */
enum ui_line_event ui_line_key(wint_t ch, bool is_code);
/* Alt+ch (Esc then ch) for readline: Alt-b, Alt-f, Alt-d ... */
enum ui_line_event ui_line_meta(int ch);
/* Insert one character of a bracketed paste as text: never a command, and
 * control characters (newlines included) are left out. */
enum ui_line_event ui_line_paste(wint_t ch);
/* The accepted line (caller frees); NULL when none is pending. */
char *ui_line_take(void);
/* A copy of the text on the line (caller frees; NULL if out of memory). */
char *ui_line_copy(void);
/* Put text back on the line (after an invalid answer). */
void ui_line_set_text(const char *text);
/* Add to the in-memory history (newest last). */
void ui_line_history_add(const char *line);
/* The message for a completion list or readline notice, or NULL. */
const char *ui_line_message(void);
void ui_line_clear_message(void);

/* Draw s[0..len) at row y, column x of stdscr, at most maxw columns; bytes
 * a terminal cannot show are drawn as a reversed '?'. Returns the width. */
int ui_put(int y, int x, const char *s, size_t len, int maxw);

/* Draw the prompt and text into row y of stdscr, scrolled horizontally to
 * keep the cursor visible; returns the cursor column. */
int ui_line_draw(int y, int width, int attr_prompt);

/* ---- the curses screens (ui_curses.c, ui_screens.c) ---------------------- */

enum ui_screen {
	UI_SCREEN_MAP, UI_SCREEN_LESSON, UI_SCREEN_CALC, UI_SCREEN_HELP, UI_SCREEN_LAB
};

enum ui_style {
	UI_NORMAL, UI_BAR, UI_TITLE, UI_HEADING, UI_GOOD, UI_BAD, UI_HINT,
	UI_STEP, UI_DIM, UI_SELECT, UI_KEY, UI_STYLE_COUNT
};

/* Glyphs, UTF-8 or ASCII depending on the locale. */
enum ui_glyph {
	UI_G_CORRECT, UI_G_ATTEMPTED, UI_G_NOT_STARTED, UI_G_CURSOR,
	UI_G_FULL, UI_G_EMPTY, UI_G_RULE, UI_G_GOOD, UI_G_BAD, UI_G_COUNT
};

/* One screen row of a scrollable text: up to two columns. */
struct ui_row {
	const char *text;
	size_t len;
	int style;
	int col;
	const char *text2;   /* second column (the correction panel), or NULL */
	size_t len2;
	int style2;
	int col2;
};

/* Sections of the lesson the screen scrolls to when they change. */
enum ui_section {
	UI_SEC_NONE, UI_SEC_HINTS, UI_SEC_STEPS, UI_SEC_ERRATUM, UI_SEC_OUTCOME,
	UI_SEC_COUNT
};

struct ui {
	struct tutor_session *s;
	enum ui_screen screen, before_help;
	bool done;
	int exit_code;
	bool utf8;
	int style[UI_STYLE_COUNT];
	const char *glyph[UI_G_COUNT];

	size_t map_cursor;
	int map_top;

	bool focus_line;         /* lesson: the answer line has the keys */
	bool pasting;            /* inside a bracketed paste */
	size_t paste_dropped;    /* characters a paste could not insert */
	bool erratum_open;
	int lesson_top;
	enum ui_section follow;  /* bring this section into view once */
	char *caret_error;       /* engine_error_format text, or NULL */

	char *saved_answer;      /* the answer line's text while the calc runs */
	char **calc_log;         /* lines shown in the calculator */
	size_t calc_n, calc_cap;
	int calc_top;

	int help_top;
	int help_section;        /* 1 + the keymap to show first, or 0: the top */

	/* The lab screen (ui_lab.c): the lab itself is the session's. */
	size_t lab_sel;          /* the selected setting */
	int lab_top;             /* the body's first row on screen */
	bool lab_editing;        /* a value is being typed on the line */
	char lab_edit_name[64];  /* ... for this setting */
	char *lab_text;          /* the body as rendered, or NULL: render again */
	int lab_text_cols, lab_text_lines;  /* the screen size it was rendered for */

	char status[512];
	int status_style;

	struct ui_row *rows;     /* the scrollable text being drawn */
	size_t n_rows, cap_rows;
	int section_row[UI_SEC_COUNT];
	char **scratch;          /* strings made for this frame */
	size_t n_scratch, cap_scratch;
};

/* Keys: each screen has a table; the help screen is drawn from them. */
struct ui_binding {
	int key;              /* character, or KEY_* when code is true */
	bool code;
	const char *label;    /* how help shows it */
	enum tutor_request req;
	const char *help;     /* NULL: the request's own help line */
};

struct ui_keymap {
	const char *title;
	const struct ui_binding *keys;
	size_t n;
};

#define CTRL_KEY(c) ((c) & 0x1f)
#define ESC_KEY 27
/* Key codes for the bracketed-paste markers ESC[200~ and ESC[201~. */
#define KEY_PASTE_START (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)

/* The key tables of the screens (ui_keys.c), in this order. */
enum ui_keymap_id {
	UI_KEYS_MAP, UI_KEYS_LESSON, UI_KEYS_LINE, UI_KEYS_CALC, UI_KEYS_LAB,
	UI_KEYS_LAB_LINE, UI_KEYS_HELP
};
extern const struct ui_keymap ui_keymaps[];
extern const size_t ui_n_keymaps;
/* The request key ch makes on a screen; TUTOR_REQ_NONE when unbound. */
enum tutor_request ui_key_request(enum ui_keymap_id map, wint_t ch, bool code);

void ui_set_status(struct ui *ui, int style, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- the drawing kit (ui_draw.c) ----------------------------------------- */

/* Keep a malloc'd string (s may be NULL: "" is returned) until the next
 * frame; ui_fmt formats into such a string. */
const char *ui_keep(struct ui *ui, char *s);
const char *ui_fmt(struct ui *ui, const char *f, ...)
	__attribute__((format(printf, 2, 3)));
void ui_scratch_clear(struct ui *ui);

/* The rows of the scrollable text: cleared, added one by one (len SIZE_MAX:
 * up to the NUL), or wrapped from a text (reflowed first) at column col of
 * a width-wide area. Row texts must live until the frame is drawn. */
void ui_rows_reset(struct ui *ui);
struct ui_row *ui_row_add(struct ui *ui, const char *text, size_t len,
			  int style, int col);
void ui_add_text(struct ui *ui, const char *text, int style, int col,
		 int width);
void ui_add_blank(struct ui *ui);
/* A labelled item ("2." then the text), continuation rows indented under
 * the text. label must live until the frame is drawn. */
void ui_add_item(struct ui *ui, const char *label, const char *text,
		 int style, int col, int width);
/* Draw rows [top, top+height) at screen rows y0... */
void ui_draw_rows(struct ui *ui, int top, int y0, int height, int width);
/* top kept within the text; with follow set, moved so that section is in
 * view (follow is then cleared). */
int ui_clamp_top(struct ui *ui, int top, int height, enum ui_section *follow);

/* The key bar's text: longer when it fits the width, else shorter. */
const char *ui_fit(const char *longer, const char *shorter);
/* A reversed bar at row y, left text and right-aligned right text. */
void ui_draw_bar(struct ui *ui, int y, const char *left, const char *right);
/* The status message at row y. */
void ui_draw_status(struct ui *ui, int y);

/* Draw the current screen into stdscr and place the cursor. */
void ui_draw(struct ui *ui);
/* Each screen's drawing (ui_screens.c). */
void ui_draw_map(struct ui *ui);
void ui_draw_lesson(struct ui *ui);
void ui_draw_calc(struct ui *ui);
void ui_draw_help(struct ui *ui);
/* Rows of the scrollable text of the lesson (used by drawing and by the
 * page-size arithmetic of scrolling). */
void ui_lesson_rows(struct ui *ui, int width);
int ui_lesson_height(const struct ui *ui);
void ui_calc_log_add(struct ui *ui, const char *text);
void ui_screens_free(struct ui *ui);

/* ---- what the screens do with requests (ui_views.c) ---------------------- */

/* One screen, after tig's view ops: the key table it reads now, how it is
 * drawn, the requests it handles itself, and what it does with a key that
 * makes no request (NULL: nothing; on a line being edited, text).
 * request returns TUTOR_REQ_NONE when it handled req, else the request
 * for the fallback, which every screen shares: the same one, or another
 * (q in the lesson becomes "show the map"). The fallback opens the help,
 * redraws, and hands the lesson's requests to tutor_do, rendering its
 * reply. A new screen is a row of ui_screen_ops; a new lesson request
 * needs no screen code unless its reply shows something new. */
struct ui_screen_ops {
	enum ui_keymap_id (*keymap)(const struct ui *ui);
	void (*draw)(struct ui *ui);
	enum tutor_request (*request)(struct ui *ui, enum tutor_request req);
	void (*text_key)(struct ui *ui, wint_t ch, bool code);
	bool (*editing)(const struct ui *ui);  /* keys go to the answer line */
};
extern const struct ui_screen_ops ui_screen_ops[];

/* Carry out req on the current screen, falling back as described above. */
void ui_request(struct ui *ui, enum tutor_request req);
/* Ask the tutor directly (a request with an argument) and render the
 * reply. */
void ui_ask(struct ui *ui, enum tutor_request req, const char *arg);
/* True when the keys go to a line being edited (answer or calculator). */
bool ui_editing(const struct ui *ui);
/* The status style of a reply's tone. */
extern const int ui_tone_style[];
/* Put the answer line aside (its text kept) for another line with this
 * prompt and text, and bring it back as it was. */
void ui_answer_aside(struct ui *ui, const char *prompt, const char *text);
void ui_answer_back(struct ui *ui);
/* Status message for what the answer line reported. */
void ui_line_report(struct ui *ui, enum ui_line_event ev);
/* Free what the screens hold (calculator log, saved answer, caret). */
void ui_views_free(struct ui *ui);

/* ---- the lab screen (ui_lab.c) ---------------------------------------------- */

/* The smallest terminal the lab screen draws a plot on; below it, a
 * message says so (and every key still works). */
#define UI_LAB_MIN_COLS 50
#define UI_LAB_MIN_LINES 16

/* The tutor opened or recomputed the lab (TUTOR_SHOW_LAB): show it,
 * remembering where the answer line was, and draw it anew. */
void ui_lab_show(struct ui *ui, const struct tutor_reply *r);
/* The screen's ops (see struct ui_screen_ops). */
enum ui_keymap_id ui_lab_keymap(const struct ui *ui);
void ui_draw_lab(struct ui *ui);
enum tutor_request ui_lab_request(struct ui *ui, enum tutor_request req);
void ui_lab_text_key(struct ui *ui, wint_t ch, bool code);
bool ui_lab_editing(const struct ui *ui);
void ui_lab_free(struct ui *ui);

/* ---- the terminal and signals (ui_term.c) -------------------------------- */

/* Whether curses can run on this terminal (TERM known to terminfo, not a
 * hardcopy terminal); when not, says why on stderr. */
bool ui_term_known(void);
/* Before curses starts: save the modes of terminal fd and catch every
 * signal that would end the program (ignored ones stay ignored). */
void ui_term_arm(int fd);
/* Once curses runs: prepare what a crash handler writes to restore the
 * terminal (from the terminfo entry curses loaded). */
void ui_term_ready(void);
/* The signal that asked the tutor to stop, or 0. */
int ui_term_pending(void);
/* After curses has ended: the saved modes back, the old handlers back. */
void ui_term_disarm(void);

#endif
