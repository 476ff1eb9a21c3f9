/* Which key makes which request, per screen. The help screen is drawn
 * from these tables, so it lists exactly the keys that work.
 *
 * Only keys that can never be part of an answer (function keys, PgUp and
 * PgDn, Esc, Ctrl-L) are bound while the answer line has the focus. */
#include <curses.h>

#include "ui_internal.h"


/* Scrolling a text, on the lesson and on the lab. */
#define SCROLL_KEYS                                                  \
	{ 'k', false, "k, Up", TUTOR_REQ_UP, NULL },                     \
	{ KEY_UP, true, NULL, TUTOR_REQ_UP, NULL },                      \
	{ 'j', false, "j, Down", TUTOR_REQ_DOWN, NULL },                 \
	{ KEY_DOWN, true, NULL, TUTOR_REQ_DOWN, NULL },                  \
	{ KEY_PPAGE, true, "PgUp, b", TUTOR_REQ_PAGE_UP, NULL },         \
	{ 'b', false, NULL, TUTOR_REQ_PAGE_UP, NULL },                   \
	{ KEY_NPAGE, true, "PgDn, Space", TUTOR_REQ_PAGE_DOWN, NULL },   \
	{ ' ', false, NULL, TUTOR_REQ_PAGE_DOWN, NULL },                 \
	{ 'g', false, "g, Home", TUTOR_REQ_HOME, NULL },                 \
	{ KEY_HOME, true, NULL, TUTOR_REQ_HOME, NULL },                  \
	{ 'G', false, "G, End", TUTOR_REQ_END, NULL },                   \
	{ KEY_END, true, NULL, TUTOR_REQ_END, NULL }

static const struct ui_binding map_keys[] = {
	{ 'k', false, "k, Up", TUTOR_REQ_UP, NULL },
	{ KEY_UP, true, NULL, TUTOR_REQ_UP, NULL },
	{ 'j', false, "j, Down", TUTOR_REQ_DOWN, NULL },
	{ KEY_DOWN, true, NULL, TUTOR_REQ_DOWN, NULL },
	{ KEY_PPAGE, true, "PgUp", TUTOR_REQ_PAGE_UP, NULL },
	{ KEY_NPAGE, true, "PgDn", TUTOR_REQ_PAGE_DOWN, NULL },
	{ 'g', false, "g, Home", TUTOR_REQ_HOME, NULL },
	{ KEY_HOME, true, NULL, TUTOR_REQ_HOME, NULL },
	{ 'G', false, "G, End", TUTOR_REQ_END, NULL },
	{ KEY_END, true, NULL, TUTOR_REQ_END, NULL },
	{ '\n', false, "Enter", TUTOR_REQ_OPEN, "open the selected part" },
	{ '\r', false, NULL, TUTOR_REQ_OPEN, NULL },
	{ KEY_ENTER, true, NULL, TUTOR_REQ_OPEN, NULL },
	{ 'r', false, "r", TUTOR_REQ_RESUME, NULL },
	{ '?', false, "?, F1", TUTOR_REQ_HELP, NULL },
	{ KEY_F(1), true, NULL, TUTOR_REQ_HELP, NULL },
	{ 'q', false, "q, F10", TUTOR_REQ_QUIT, NULL },
	{ KEY_F(10), true, NULL, TUTOR_REQ_QUIT, NULL },
	{ CTRL_KEY('L'), false, "Ctrl-L", TUTOR_REQ_REDRAW, NULL },
};

static const struct ui_binding lesson_keys[] = {
	{ 'h', false, "h, F2", TUTOR_REQ_HINT, NULL },
	{ KEY_F(2), true, NULL, TUTOR_REQ_HINT, NULL },
	{ 's', false, "s, F3", TUTOR_REQ_STEP, NULL },
	{ KEY_F(3), true, NULL, TUTOR_REQ_STEP, NULL },
	{ 'e', false, "e, F4", TUTOR_REQ_ERRATUM, NULL },
	{ KEY_F(4), true, NULL, TUTOR_REQ_ERRATUM, NULL },
	{ 'c', false, "c, F5", TUTOR_REQ_CALC, NULL },
	{ KEY_F(5), true, NULL, TUTOR_REQ_CALC, NULL },
	{ 'n', false, "n, F8", TUTOR_REQ_NEXT_PART, NULL },
	{ KEY_F(8), true, NULL, TUTOR_REQ_NEXT_PART, NULL },
	{ 'p', false, "p, F7", TUTOR_REQ_PREV_PART, NULL },
	{ KEY_F(7), true, NULL, TUTOR_REQ_PREV_PART, NULL },
	{ 'l', false, "l, F9", TUTOR_REQ_LAB, "open this question's lab (its plot, its settings)" },
	{ KEY_F(9), true, NULL, TUTOR_REQ_LAB, NULL },
	{ 'v', false, "v, F12", TUTOR_REQ_PRACTICE, NULL },
	{ KEY_F(12), true, NULL, TUTOR_REQ_PRACTICE, NULL },
	{ 'r', false, "r", TUTOR_REQ_RESUME, NULL },
	{ 'm', false, "m", TUTOR_REQ_MAP, NULL },
	{ '\t', false, "Tab, Enter, i, a, F6", TUTOR_REQ_FOCUS, NULL },
	{ '\n', false, NULL, TUTOR_REQ_FOCUS, NULL },
	{ '\r', false, NULL, TUTOR_REQ_FOCUS, NULL },
	{ KEY_ENTER, true, NULL, TUTOR_REQ_FOCUS, NULL },
	{ 'i', false, NULL, TUTOR_REQ_FOCUS, NULL },
	{ 'a', false, NULL, TUTOR_REQ_FOCUS, NULL },
	{ KEY_F(6), true, NULL, TUTOR_REQ_FOCUS, NULL },
	SCROLL_KEYS,
	{ '?', false, "?, F1", TUTOR_REQ_HELP, NULL },
	{ KEY_F(1), true, NULL, TUTOR_REQ_HELP, NULL },
	{ 'q', false, "q, F10", TUTOR_REQ_QUIT, NULL },
	{ KEY_F(10), true, NULL, TUTOR_REQ_QUIT, NULL },
	{ CTRL_KEY('L'), false, "Ctrl-L", TUTOR_REQ_REDRAW, NULL },
};

/* While typing: only keys that can never be part of an answer. */
static const struct ui_binding line_keys[] = {
	{ KEY_F(2), true, "F2", TUTOR_REQ_HINT, NULL },
	{ KEY_F(3), true, "F3", TUTOR_REQ_STEP, NULL },
	{ KEY_F(4), true, "F4", TUTOR_REQ_ERRATUM, NULL },
	{ KEY_F(5), true, "F5", TUTOR_REQ_CALC, NULL },
	{ KEY_F(9), true, "F9", TUTOR_REQ_LAB, "open this question's lab (its plot, its settings)" },
	{ KEY_F(12), true, "F12", TUTOR_REQ_PRACTICE, NULL },
	{ KEY_F(8), true, "F8", TUTOR_REQ_NEXT_PART, NULL },
	{ KEY_F(7), true, "F7", TUTOR_REQ_PREV_PART, NULL },
	{ ESC_KEY, false, "Esc, F6", TUTOR_REQ_FOCUS, NULL },
	{ KEY_F(6), true, NULL, TUTOR_REQ_FOCUS, NULL },
	{ KEY_PPAGE, true, "PgUp", TUTOR_REQ_PAGE_UP, NULL },
	{ KEY_NPAGE, true, "PgDn", TUTOR_REQ_PAGE_DOWN, NULL },
	{ KEY_F(1), true, "F1", TUTOR_REQ_HELP, NULL },
	{ KEY_F(10), true, "F10", TUTOR_REQ_QUIT, NULL },
	{ CTRL_KEY('L'), false, "Ctrl-L", TUTOR_REQ_REDRAW, NULL },
};

static const struct ui_binding calc_keys[] = {
	{ ESC_KEY, false, "Esc, F10", TUTOR_REQ_QUIT,
	  "back to the lesson, the answer line as you left it" },
	{ KEY_F(10), true, NULL, TUTOR_REQ_QUIT, NULL },
	{ KEY_PPAGE, true, "PgUp", TUTOR_REQ_PAGE_UP, NULL },
	{ KEY_NPAGE, true, "PgDn", TUTOR_REQ_PAGE_DOWN, NULL },
	{ KEY_F(1), true, "F1", TUTOR_REQ_HELP, NULL },
	{ CTRL_KEY('L'), false, "Ctrl-L", TUTOR_REQ_REDRAW, NULL },
};

static const struct ui_binding lab_keys[] = {
	{ KEY_LEFT, true, "Left, Right, Tab", TUTOR_REQ_LEFT, "select a setting (the bar under the title)" },
	{ KEY_RIGHT, true, NULL, TUTOR_REQ_RIGHT, NULL },
	{ '\t', false, NULL, TUTOR_REQ_RIGHT, NULL },
	{ KEY_BTAB, true, NULL, TUTOR_REQ_LEFT, NULL },
	{ '+', false, "+, -", TUTOR_REQ_MORE, "the selected setting one step up or down: "
	  "the lab computes again at once" },
	{ '=', false, NULL, TUTOR_REQ_MORE, NULL },
	{ '-', false, NULL, TUTOR_REQ_LESS, NULL },
	{ '\n', false, "Enter, e", TUTOR_REQ_EDIT, "type a new value for the selected setting" },
	{ '\r', false, NULL, TUTOR_REQ_EDIT, NULL },
	{ KEY_ENTER, true, NULL, TUTOR_REQ_EDIT, NULL },
	{ 'e', false, NULL, TUTOR_REQ_EDIT, NULL },
	{ 'r', false, "r, l, F9", TUTOR_REQ_LAB, "back to the lesson's settings (and your last answer)" },
	{ 'l', false, NULL, TUTOR_REQ_LAB, NULL },
	{ KEY_F(9), true, NULL, TUTOR_REQ_LAB, NULL },
	SCROLL_KEYS,
	{ '?', false, "?, F1", TUTOR_REQ_HELP, NULL },
	{ KEY_F(1), true, NULL, TUTOR_REQ_HELP, NULL },
	{ 'q', false, "q, Esc, F10", TUTOR_REQ_QUIT, "back to the lesson, the answer line as you left it" },
	{ ESC_KEY, false, NULL, TUTOR_REQ_QUIT, NULL },
	{ KEY_F(10), true, NULL, TUTOR_REQ_QUIT, NULL },
	{ CTRL_KEY('L'), false, "Ctrl-L", TUTOR_REQ_REDRAW, NULL },
};

/* Typing a setting's value: Enter applies it (the line's own key). */
static const struct ui_binding lab_line_keys[] = {
	{ ESC_KEY, false, "Esc", TUTOR_REQ_QUIT, "leave the value as it was" },
	{ KEY_F(1), true, "F1", TUTOR_REQ_HELP, NULL },
	{ CTRL_KEY('L'), false, "Ctrl-L", TUTOR_REQ_REDRAW, NULL },
};

static const struct ui_binding help_keys[] = {
	{ 'k', false, "k, Up", TUTOR_REQ_UP, NULL },
	{ KEY_UP, true, NULL, TUTOR_REQ_UP, NULL },
	{ 'j', false, "j, Down", TUTOR_REQ_DOWN, NULL },
	{ KEY_DOWN, true, NULL, TUTOR_REQ_DOWN, NULL },
	{ KEY_PPAGE, true, "PgUp", TUTOR_REQ_PAGE_UP, NULL },
	{ KEY_NPAGE, true, "PgDn, Space", TUTOR_REQ_PAGE_DOWN, NULL },
	{ ' ', false, NULL, TUTOR_REQ_PAGE_DOWN, NULL },
	{ 'q', false, "q, Esc, ?, F1", TUTOR_REQ_QUIT, "close this help" },
	{ ESC_KEY, false, NULL, TUTOR_REQ_QUIT, NULL },
	{ '?', false, NULL, TUTOR_REQ_QUIT, NULL },
	{ KEY_F(1), true, NULL, TUTOR_REQ_QUIT, NULL },
	{ KEY_F(10), true, NULL, TUTOR_REQ_QUIT, NULL },
};

#define KEYMAP(title, t) { title, t, sizeof t / sizeof t[0] }
const struct ui_keymap ui_keymaps[] = {
	KEYMAP("Course map", map_keys),
	KEYMAP("Lesson (focus on the lesson)", lesson_keys),
	KEYMAP("Answer line (focus on the answer line)", line_keys),
	KEYMAP("Scratch calculator", calc_keys),
	KEYMAP("Lab (l or F9 in a lesson)", lab_keys),
	KEYMAP("Lab, typing a value (Enter applies it)", lab_line_keys),
	KEYMAP("This help", help_keys),
};
const size_t ui_n_keymaps = sizeof ui_keymaps / sizeof ui_keymaps[0];

enum tutor_request ui_key_request(enum ui_keymap_id map, wint_t ch, bool code)
{
	const struct ui_keymap *km = &ui_keymaps[map];
	for (size_t i = 0; i < km->n; i++)
		if (km->keys[i].code == code && (wint_t)km->keys[i].key == ch)
			return km->keys[i].req;
	return TUTOR_REQ_NONE;
}
