/* One study session: where the student is in a course, what they have
 * revealed, and every answer they submit. Knows nothing of the screen.
 *
 * Both front ends (the curses screens and the plain line mode) turn keys or
 * ':commands' into enum tutor_request values, so one table names every
 * request and its help line; the lesson requests (hint, step, erratum,
 * next, prev) map onto the calls below, and the requests that only move
 * the view (scrolling, focus, help) are left to the UI.
 *
 * Submitting an answer checks it with course_check and records the attempt
 * with progress_record before returning: a verdict is on disk before the
 * student can see it.
 *
 * Ownership: tutor_open borrows the course and the progress store; both must
 * outlive the session. Strings and results returned by accessors are owned
 * by the session and stay valid until the next call that changes the
 * current part or submits again. tutor_close accepts NULL. */
#ifndef CNNTUTOR_TUTOR_H
#define CNNTUTOR_TUTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "course.h"
#include "progress.h"

/* Every request a student can make, with the name the plain mode accepts
 * after ':' (NULL: no command) and the line the help screen shows. */
#define TUTOR_REQUESTS(X)                                                     \
	X(TUTOR_REQ_NONE, NULL, "")                                           \
	X(TUTOR_REQ_HINT, "hint", "reveal the next hint")                     \
	X(TUTOR_REQ_STEP, "step", "reveal the next worked step")              \
	X(TUTOR_REQ_ERRATUM, "erratum", "show the correction of the published solution") \
	X(TUTOR_REQ_CALC, "calc", "scratch calculator with this part's givens") \
	X(TUTOR_REQ_NEXT_PART, "next", "go to the next part")                 \
	X(TUTOR_REQ_PREV_PART, "prev", "go to the previous part")             \
	X(TUTOR_REQ_RESUME, "resume", "go to the first unfinished part")      \
	X(TUTOR_REQ_MAP, "map", "show the course map")                        \
	X(TUTOR_REQ_OPEN, NULL, "open the selected part")                     \
	X(TUTOR_REQ_HELP, "help", "list every key")                           \
	X(TUTOR_REQ_QUIT, "quit", "back to the map; quit from the map")      \
	X(TUTOR_REQ_FOCUS, NULL, "switch between the answer line and the lesson") \
	X(TUTOR_REQ_UP, NULL, "move up / scroll up one line")                 \
	X(TUTOR_REQ_DOWN, NULL, "move down / scroll down one line")           \
	X(TUTOR_REQ_PAGE_UP, NULL, "scroll up one page")                      \
	X(TUTOR_REQ_PAGE_DOWN, NULL, "scroll down one page")                  \
	X(TUTOR_REQ_HOME, NULL, "go to the top")                              \
	X(TUTOR_REQ_END, NULL, "go to the bottom")                            \
	X(TUTOR_REQ_REDRAW, NULL, "redraw the screen")

enum tutor_request {
#define X(id, cmd, help) id,
	TUTOR_REQUESTS(X)
#undef X
	TUTOR_REQ_COUNT
};

/* The plain-mode command word and the help line of a request. */
const char *tutor_request_command(enum tutor_request r);
const char *tutor_request_help(enum tutor_request r);
/* The request whose command word is name, or the first one (in the order
 * above) that name is a prefix of: "h" is hint, "he" help, "p" prev.
 * TUTOR_REQ_NONE when none matches. */
enum tutor_request tutor_request_parse(const char *name);

struct tutor_session;

/* Open a session on course c, recording into p under course_key (the
 * course's folder name). Reads the store to restore per-part state and the
 * hints and steps already revealed, and starts at the first unfinished
 * part. NULL only when out of memory. */
struct tutor_session *tutor_open(const struct course *c, struct progress *p,
				 const char *course_key);
void tutor_close(struct tutor_session *s);

const struct course *tutor_course(const struct tutor_session *s);
const char *tutor_course_key(const struct tutor_session *s);

/* ---- where the student is ------------------------------------------------ */

size_t tutor_part_count(const struct tutor_session *s);
size_t tutor_current_index(const struct tutor_session *s);
const struct course_part *tutor_current(const struct tutor_session *s);
const struct course_part *tutor_part_at(const struct tutor_session *s,
					size_t index);
/* The question a part belongs to, and the part's position in it. */
const struct course_question *tutor_question_of(const struct tutor_session *s,
						size_t index,
						size_t *part_in_question);

/* Move to a part. False (and no move) when out of range or unknown id;
 * tutor_next at the last part and tutor_prev at the first return false. */
bool tutor_goto(struct tutor_session *s, size_t index);
bool tutor_goto_id(struct tutor_session *s, const char *id);
bool tutor_next(struct tutor_session *s);
bool tutor_prev(struct tutor_session *s);

/* The first part not yet answered correctly, in course order; the part
 * count when every part is done. */
size_t tutor_resume_index(const struct tutor_session *s);

/* ---- progress ------------------------------------------------------------ */

enum progress_state tutor_part_state(const struct tutor_session *s,
				     size_t index);
size_t tutor_correct_count(const struct tutor_session *s);
/* Correct parts over all parts, 0..1. */
double tutor_progress_fraction(const struct tutor_session *s);

/* ---- revealing help on the current part ---------------------------------- */

/* Reveal the next hint or step of the current part; NULL when all are
 * already shown (the count does not change). Counts go into the attempt
 * rows recorded afterwards. */
const char *tutor_reveal_hint(struct tutor_session *s);
const struct course_step *tutor_reveal_step(struct tutor_session *s);
size_t tutor_hints_shown(const struct tutor_session *s, size_t index);
size_t tutor_steps_shown(const struct tutor_session *s, size_t index);

/* Open the correction panel: the part's erratum, or NULL when the
 * published solution got this part right. */
const struct course_erratum *tutor_show_erratum(struct tutor_session *s);
bool tutor_erratum_shown(const struct tutor_session *s);

/* Names and givens of the current part, for the scratch calculator and tab
 * completion (may be NULL for a part without a scope). */
const struct engine_scope *tutor_scope(const struct tutor_session *s);

/* ---- answers ------------------------------------------------------------- */

enum tutor_submit_status {
	TUTOR_JUDGED,    /* checked and recorded: see the result */
	TUTOR_REJECTED,  /* not an answer (empty, too long, bad bytes): message */
};

/* The last judgement on the current part in this session. */
struct tutor_outcome {
	bool has_result;
	char *answer;                      /* the text as submitted */
	struct course_check_result result;
	char *save_error;                  /* NULL, or why recording failed */
};

/* Check one answer to the current part and record the attempt (with the
 * hints and steps shown so far) before returning. An answer that is empty,
 * longer than ENGINE_MAX_INPUT bytes, not valid UTF-8 or holding control
 * characters is rejected with a message in *message (the session's; valid
 * until the next submit) and not recorded. A malformed answer (verdict
 * COURSE_INVALID) is recorded, but it is not an attempt: the part's state
 * stays as it was (see progress_verdict_counts). */
enum tutor_submit_status tutor_submit(struct tutor_session *s,
				      const char *answer,
				      const char **message);

/* The outcome of the last submit on the current part, or NULL when none
 * since the part was opened. */
const struct tutor_outcome *tutor_last_outcome(const struct tutor_session *s);

/* True when the answer line text is acceptable as an answer; otherwise
 * writes a one-line reason (with the byte column) to msg. */
bool tutor_answer_acceptable(const char *text, size_t len, char *msg,
			     size_t msg_size);

/* ---- answer-line history, per course ------------------------------------- */

bool tutor_history_add(struct tutor_session *s, const char *line);
bool tutor_history_each(struct tutor_session *s,
			bool (*fn)(const char *line, void *data), void *data);

#endif
