/* The student's side of cnntutor: full-screen curses, the plain line mode,
 * and the readline calculator. The only layer that includes curses or
 * readline; everything it knows about the lesson comes from the tutor.
 *
 * Focus scheme of the curses tutor (a key never eats a typed answer):
 *   - Opening a part puts the focus on the answer line. There every
 *     printable key is text for readline (with its editing keys, Alt keys,
 *     history on Up/Down and Tab completion); lesson actions are on
 *     function keys
 *     (F1 help, F2 hint, F3 step, F4 correction, F5 calculator, F7/F8
 *     previous/next part, F10 back to the map) and PgUp/PgDn scroll the
 *     lesson. Esc (or F6) moves the focus to the lesson.
 *   - With the focus on the lesson, single letters are commands (h s e c n p
 *     ? q, j/k to scroll); Tab, Enter, i, a or F6 go back to the answer
 *     line, with its text as it was.
 *
 * Ownership: every function borrows its arguments. */
#ifndef CNNTUTOR_UI_H
#define CNNTUTOR_UI_H

#include <stdbool.h>
#include <stdio.h>

#include "engine.h"
#include "tutor.h"

/* True when the line mode should be used: stdout or stdin is not a
 * terminal, or TERM is unset or "dumb". */
bool ui_want_plain(void);

/* How the full-screen tutor starts. */
struct ui_start {
	const char *notice;  /* shown on the first screen (e.g. the progress
			      * store's message), or NULL */
	bool open_part;      /* on the current part's lesson, not on the map */
};

/* The full-screen tutor on the controlling terminal. Returns the exit
 * status: 0 after q; 2 when this terminal cannot run it (said on stderr).
 * When a signal ended it (any signal whose default action ends the
 * process: Ctrl-C, Ctrl-\, SIGTERM, SIGHUP, SIGUSR1 ...), the terminal is
 * restored, *signo is that signal (else 0) and the status 128 + signal:
 * the caller closes what it holds, then calls ui_die_of_signal. On a crash
 * signal the terminal is restored and the process dies at once. */
int ui_run(struct tutor_session *s, const struct ui_start *start, int *signo);

/* Die of sig, as its default action does, so the parent sees the real
 * cause. Returns only if sig does not end the process. */
void ui_die_of_signal(int sig);

/* The same lessons as a dialogue: reads answers and :commands from in
 * (readline when in is a terminal), writes to out. Returns 0 at the end of
 * input or after :quit. */
int ui_plain_run(struct tutor_session *s, const char *notice, FILE *in,
		 FILE *out);

/* A calculator on the engine: each line of in is evaluated in scope (may be
 * NULL) and its value or error written to out; readline with history when
 * in is a terminal. banner (may be NULL) is printed first. Returns 0. */
int ui_calc_run(const struct engine_scope *scope, const char *banner,
		FILE *in, FILE *out);

#endif
