/* Which key makes which request, per screen. The help screen is drawn
 * from these tables, so it lists exactly the keys that work.
 *
 * Only keys that can never be part of an answer (function keys, PgUp and
 * PgDn, Esc, Ctrl-L) are bound while the answer line has the focus. */
#include <curses.h>

#include "ui_internal.h"


static const struct ui_binding map_keys[] = {
	{ 'k', false, "k, Up", TUTOR_REQ_UP },
	{ KEY_UP, true, NULL, TUTOR_REQ_UP },
	{ 'j', false, "j, Down", TUTOR_REQ_DOWN },
	{ KEY_DOWN, true, NULL, TUTOR_REQ_DOWN },
	{ KEY_PPAGE, true, "PgUp", TUTOR_REQ_PAGE_UP },
	{ KEY_NPAGE, true, "PgDn", TUTOR_REQ_PAGE_DOWN },
	{ 'g', false, "g, Home", TUTOR_REQ_HOME },
	{ KEY_HOME, true, NULL, TUTOR_REQ_HOME },
	{ 'G', false, "G, End", TUTOR_REQ_END },
	{ KEY_END, true, NULL, TUTOR_REQ_END },
	{ '\n', false, "Enter", TUTOR_REQ_OPEN },
	{ '\r', false, NULL, TUTOR_REQ_OPEN },
	{ KEY_ENTER, true, NULL, TUTOR_REQ_OPEN },
	{ 'r', false, "r", TUTOR_REQ_RESUME },
	{ '?', false, "?, F1", TUTOR_REQ_HELP },
	{ KEY_F(1), true, NULL, TUTOR_REQ_HELP },
	{ 'q', false, "q, F10", TUTOR_REQ_QUIT },
	{ KEY_F(10), true, NULL, TUTOR_REQ_QUIT },
	{ CTRL_KEY('L'), false, "Ctrl-L", TUTOR_REQ_REDRAW },
};

static const struct ui_binding lesson_keys[] = {
	{ 'h', false, "h, F2", TUTOR_REQ_HINT },
	{ KEY_F(2), true, NULL, TUTOR_REQ_HINT },
	{ 's', false, "s, F3", TUTOR_REQ_STEP },
	{ KEY_F(3), true, NULL, TUTOR_REQ_STEP },
	{ 'e', false, "e, F4", TUTOR_REQ_ERRATUM },
	{ KEY_F(4), true, NULL, TUTOR_REQ_ERRATUM },
	{ 'c', false, "c, F5", TUTOR_REQ_CALC },
	{ KEY_F(5), true, NULL, TUTOR_REQ_CALC },
	{ 'n', false, "n, F8", TUTOR_REQ_NEXT_PART },
	{ KEY_F(8), true, NULL, TUTOR_REQ_NEXT_PART },
	{ 'p', false, "p, F7", TUTOR_REQ_PREV_PART },
	{ KEY_F(7), true, NULL, TUTOR_REQ_PREV_PART },
	{ 'r', false, "r", TUTOR_REQ_RESUME },
	{ 'm', false, "m", TUTOR_REQ_MAP },
	{ '\t', false, "Tab, Enter, i, a, F6", TUTOR_REQ_FOCUS },
	{ '\n', false, NULL, TUTOR_REQ_FOCUS },
	{ '\r', false, NULL, TUTOR_REQ_FOCUS },
	{ KEY_ENTER, true, NULL, TUTOR_REQ_FOCUS },
	{ 'i', false, NULL, TUTOR_REQ_FOCUS },
	{ 'a', false, NULL, TUTOR_REQ_FOCUS },
	{ KEY_F(6), true, NULL, TUTOR_REQ_FOCUS },
	{ 'k', false, "k, Up", TUTOR_REQ_UP },
	{ KEY_UP, true, NULL, TUTOR_REQ_UP },
	{ 'j', false, "j, Down", TUTOR_REQ_DOWN },
	{ KEY_DOWN, true, NULL, TUTOR_REQ_DOWN },
	{ KEY_PPAGE, true, "PgUp, b", TUTOR_REQ_PAGE_UP },
	{ 'b', false, NULL, TUTOR_REQ_PAGE_UP },
	{ KEY_NPAGE, true, "PgDn, Space", TUTOR_REQ_PAGE_DOWN },
	{ ' ', false, NULL, TUTOR_REQ_PAGE_DOWN },
	{ 'g', false, "g, Home", TUTOR_REQ_HOME },
	{ KEY_HOME, true, NULL, TUTOR_REQ_HOME },
	{ 'G', false, "G, End", TUTOR_REQ_END },
	{ KEY_END, true, NULL, TUTOR_REQ_END },
	{ '?', false, "?, F1", TUTOR_REQ_HELP },
	{ KEY_F(1), true, NULL, TUTOR_REQ_HELP },
	{ 'q', false, "q, F10", TUTOR_REQ_QUIT },
	{ KEY_F(10), true, NULL, TUTOR_REQ_QUIT },
	{ CTRL_KEY('L'), false, "Ctrl-L", TUTOR_REQ_REDRAW },
};

/* While typing: only keys that can never be part of an answer. */
static const struct ui_binding line_keys[] = {
	{ KEY_F(2), true, "F2", TUTOR_REQ_HINT },
	{ KEY_F(3), true, "F3", TUTOR_REQ_STEP },
	{ KEY_F(4), true, "F4", TUTOR_REQ_ERRATUM },
	{ KEY_F(5), true, "F5", TUTOR_REQ_CALC },
	{ KEY_F(8), true, "F8", TUTOR_REQ_NEXT_PART },
	{ KEY_F(7), true, "F7", TUTOR_REQ_PREV_PART },
	{ ESC_KEY, false, "Esc, F6", TUTOR_REQ_FOCUS },
	{ KEY_F(6), true, NULL, TUTOR_REQ_FOCUS },
	{ KEY_PPAGE, true, "PgUp", TUTOR_REQ_PAGE_UP },
	{ KEY_NPAGE, true, "PgDn", TUTOR_REQ_PAGE_DOWN },
	{ KEY_F(1), true, "F1", TUTOR_REQ_HELP },
	{ KEY_F(10), true, "F10", TUTOR_REQ_QUIT },
	{ CTRL_KEY('L'), false, "Ctrl-L", TUTOR_REQ_REDRAW },
};

static const struct ui_binding calc_keys[] = {
	{ ESC_KEY, false, "Esc, F10", TUTOR_REQ_QUIT },
	{ KEY_F(10), true, NULL, TUTOR_REQ_QUIT },
	{ KEY_PPAGE, true, "PgUp", TUTOR_REQ_PAGE_UP },
	{ KEY_NPAGE, true, "PgDn", TUTOR_REQ_PAGE_DOWN },
	{ KEY_F(1), true, "F1", TUTOR_REQ_HELP },
	{ CTRL_KEY('L'), false, "Ctrl-L", TUTOR_REQ_REDRAW },
};

static const struct ui_binding help_keys[] = {
	{ 'k', false, "k, Up", TUTOR_REQ_UP },
	{ KEY_UP, true, NULL, TUTOR_REQ_UP },
	{ 'j', false, "j, Down", TUTOR_REQ_DOWN },
	{ KEY_DOWN, true, NULL, TUTOR_REQ_DOWN },
	{ KEY_PPAGE, true, "PgUp", TUTOR_REQ_PAGE_UP },
	{ KEY_NPAGE, true, "PgDn, Space", TUTOR_REQ_PAGE_DOWN },
	{ ' ', false, NULL, TUTOR_REQ_PAGE_DOWN },
	{ 'q', false, "q, Esc, ?, F1", TUTOR_REQ_QUIT },
	{ ESC_KEY, false, NULL, TUTOR_REQ_QUIT },
	{ '?', false, NULL, TUTOR_REQ_QUIT },
	{ KEY_F(1), true, NULL, TUTOR_REQ_QUIT },
	{ KEY_F(10), true, NULL, TUTOR_REQ_QUIT },
};

#define KEYMAP(title, t) { title, t, sizeof t / sizeof t[0] }
const struct ui_keymap ui_keymaps[] = {
	KEYMAP("Course map", map_keys),
	KEYMAP("Lesson (focus on the lesson)", lesson_keys),
	KEYMAP("Answer line (focus on the answer line)", line_keys),
	KEYMAP("Scratch calculator", calc_keys),
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
