/* One study session: where the student is in a course, what they have
 * revealed, and every answer they submit. Knows nothing of the screen.
 *
 * Both front ends (the curses screens and the plain line mode) turn keys or
 * ':commands' into enum tutor_request values, so one table names every
 * request and its help line. The lesson's requests (hint, step, erratum,
 * calc, lab, go, next, prev, resume, map) are carried out here, by tutor_do,
 * which says in a struct tutor_reply what to show and in what words; the
 * front ends only render the reply; so is a redraw, which reads the store
 * again first. The lab of a question (its lesson declares it, the lab layer
 * computes it) is opened and changed the same way, by TUTOR_REQ_LAB. The
 * requests that only move the view (scrolling, focus, help, quit,
 * selecting or stepping an item on a screen) are left to the UI.
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
#include "lab.h"
#include "progress.h"

/* Every request a student can make: its id, the word the plain mode
 * accepts after ':' (NULL: no command), what follows the word (NULL:
 * nothing), and the line the help screens show. A new request is a row
 * here and, when the tutor carries it out, one handler in requests.c. */
#define TUTOR_REQUESTS(X)                                                     \
	X(TUTOR_REQ_NONE, NULL, NULL, "")                                     \
	X(TUTOR_REQ_HINT, "hint", NULL, "reveal the next hint")               \
	X(TUTOR_REQ_STEP, "step", NULL, "reveal the next worked step")        \
	X(TUTOR_REQ_ERRATUM, "erratum", NULL, "show the correction of the published solution") \
	X(TUTOR_REQ_CALC, "calc", "EXPR", "scratch calculator with this part's givens") \
	X(TUTOR_REQ_LAB, "lab", "NAME=VALUE ...", "this question's lab; with NAME=VALUE (or NAME+, NAME-), change it") \
	X(TUTOR_REQ_NEXT_PART, "next", NULL, "go to the next part")           \
	X(TUTOR_REQ_PREV_PART, "prev", NULL, "go to the previous part")       \
	X(TUTOR_REQ_RESUME, "resume", NULL, "go to the first unfinished part") \
	X(TUTOR_REQ_MAP, "map", NULL, "show the course map")                  \
	X(TUTOR_REQ_OPEN, "go", "ID", "go to the part ID (e.g. :go q2.a)")    \
	X(TUTOR_REQ_PRACTICE, "practice", NULL, "after a right answer: the same part with other numbers") \
	X(TUTOR_REQ_HELP, "help", NULL, "list every key")                     \
	X(TUTOR_REQ_QUIT, "quit", NULL, "back to the map; quit from the map") \
	X(TUTOR_REQ_FOCUS, NULL, NULL, "switch between the answer line and the lesson") \
	X(TUTOR_REQ_UP, NULL, NULL, "move up / scroll up one line")           \
	X(TUTOR_REQ_DOWN, NULL, NULL, "move down / scroll down one line")     \
	X(TUTOR_REQ_PAGE_UP, NULL, NULL, "scroll up one page")                \
	X(TUTOR_REQ_PAGE_DOWN, NULL, NULL, "scroll down one page")            \
	X(TUTOR_REQ_HOME, NULL, NULL, "go to the top")                        \
	X(TUTOR_REQ_END, NULL, NULL, "go to the bottom")                      \
	X(TUTOR_REQ_LEFT, NULL, NULL, "select the previous item")             \
	X(TUTOR_REQ_RIGHT, NULL, NULL, "select the next item")                \
	X(TUTOR_REQ_MORE, NULL, NULL, "the selected value one step up")       \
	X(TUTOR_REQ_LESS, NULL, NULL, "the selected value one step down")     \
	X(TUTOR_REQ_EDIT, NULL, NULL, "type a new value for the selected item") \
	X(TUTOR_REQ_REDRAW, NULL, NULL, "redraw the screen")

enum tutor_request {
#define X(id, cmd, arg, help) id,
	TUTOR_REQUESTS(X)
#undef X
	TUTOR_REQ_COUNT
};

/* The plain-mode command word, what it takes after it ("ID", "EXPR" or
 * NULL), and the help line of a request. */
const char *tutor_request_command(enum tutor_request r);
const char *tutor_request_argument(enum tutor_request r);
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
/* tutor_open for a named student from the start: the store is read once,
 * for that student's attempts (tutor_set_student later reads it again). */
struct tutor_session *tutor_open_as(const struct course *c, struct progress *p,
				    const char *course_key, const char *student);
void tutor_close(struct tutor_session *s);

const struct course *tutor_course(const struct tutor_session *s);
const char *tutor_course_key(const struct tutor_session *s);

/* Who is studying (--student NAME, else the login name): recorded with
 * every attempt, and the seed of the order each choice part shows its
 * options in. False when out of memory. */
bool tutor_set_student(struct tutor_session *s, const char *name);
const char *tutor_student(const struct tutor_session *s);

/* The order this student sees the options of a choice part in: shown
 * option i is the course's option order[i]; NULL for other parts (or out
 * of memory: then the course's order). Owned by the session. */
const size_t *tutor_choice_order(struct tutor_session *s, size_t index);

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

/* Practice: once the current part is answered correctly (or, when it is
 * not, the part the student last answered correctly: a right answer may
 * have moved on), teach it again
 * in another variant (other numbers, drawn for this student and this
 * attempt at practice) until the student moves to another part. Attempts
 * record that variant; the part's progress stays as it is. False with the
 * reason in why otherwise. */
bool tutor_practice(struct tutor_session *s, char *why, size_t n);
bool tutor_practising(const struct tutor_session *s);

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
/* Read the store again, so that attempts another process made in it
 * since (a second terminal on the same file) show: a part answered there
 * is correct or attempted here too, with the hints and steps revealed
 * there. Nothing already known is lost. The map request and the redraw
 * request do this; false on a database error (the state is as before). */
bool tutor_refresh(struct tutor_session *s);
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

/* ---- requests ------------------------------------------------------------ */

/* What a front end shows once the tutor has carried out a request. */
enum tutor_show {
	TUTOR_SHOW_NOTHING,  /* only the message, if there is one */
	TUTOR_SHOW_HINT,     /* text: the hint just revealed, number of total */
	TUTOR_SHOW_STEP,     /* step: the step just revealed, number of total */
	TUTOR_SHOW_ERRATUM,  /* erratum: the correction of the published solution */
	TUTOR_SHOW_PART,     /* the current part (see changed) */
	TUTOR_SHOW_MAP,      /* the course map */
	TUTOR_SHOW_CALC,     /* a calculator on tutor_scope(); text: its givens */
	TUTOR_SHOW_VALUE,    /* text: the value of the expression, or its error */
	TUTOR_SHOW_LAB,      /* lab: the open lab, just computed */
};

/* How the message reads: a plain remark, good news, or a refusal. */
enum tutor_tone { TUTOR_TONE_INFO, TUTOR_TONE_GOOD, TUTOR_TONE_BAD };

/* What a request changed in the session (bits of tutor_reply.changed). */
enum {
	TUTOR_CHANGED_PART = 1u << 0,     /* another part is current */
	TUTOR_CHANGED_HINTS = 1u << 1,    /* one more hint revealed */
	TUTOR_CHANGED_STEPS = 1u << 2,    /* one more step revealed */
	TUTOR_CHANGED_ERRATUM = 1u << 3,  /* the correction was opened */
	TUTOR_CHANGED_LAB = 1u << 4,      /* a lab was opened or recomputed */
};

/* The tutor's answer to a request. Pointers are owned by the course, or
 * (text of TUTOR_SHOW_VALUE and TUTOR_SHOW_CALC) by the reply: free them
 * with tutor_reply_clear, which accepts a cleared or zeroed reply. */
struct tutor_reply {
	enum tutor_request request;
	enum tutor_show show;
	const char *text;
	const struct course_step *step;
	const struct course_erratum *erratum;
	const struct tutor_lab *lab;  /* LAB: the session's (tutor_lab) */
	size_t number, total;     /* HINT and STEP: the 1-based number, the count */
	unsigned changed;         /* TUTOR_CHANGED_* */
	enum tutor_tone tone;
	char message[256];        /* a sentence for the status line, or "" */
	char *owned;              /* what text points to when the reply owns it */
};

/* Carry out a lesson request on the session and describe the result in
 * *reply, which is filled from scratch (clear a previous reply first). arg
 * is the request's argument: the part id for TUTOR_REQ_OPEN, the
 * expression for TUTOR_REQ_CALC (NULL: open a calculator; blank: nothing
 * to do), the changes for TUTOR_REQ_LAB (see tutor_lab), else ignored.
 * TUTOR_REQ_MAP and TUTOR_REQ_REDRAW read the store again (tutor_refresh)
 * before their reply. Returns false, with TUTOR_SHOW_NOTHING and no
 * message, for requests that only move the view (help, quit, focus,
 * scrolling): the front end's own. */
bool tutor_do(struct tutor_session *s, enum tutor_request req,
	      const char *arg, struct tutor_reply *reply);
void tutor_reply_clear(struct tutor_reply *reply);

/* ---- the lab --------------------------------------------------------------- */

/* The lab open in the session. TUTOR_REQ_LAB with no argument (or a blank
 * one) opens the current part's lab afresh: the lesson's parameters
 * (course_part_lab) and, when the lab takes the part's answer, the
 * student's last answer to it (tutor_last_answer), seed 1. Its argument
 * otherwise changes the open lab (opening the current part's first when
 * the open one is another part's): settings "NAME=VALUE", "NAME+" or
 * "NAME-" (one step up or down, lab_params_next), separated by blanks,
 * where NAME is one of the lab's parameters or "seed". All of them apply,
 * and the lab is computed again, or none does: a refused value or a run
 * that fails leaves the lab as it was, with the lab layer's words in the
 * reply's message (TUTOR_SHOW_NOTHING, TUTOR_TONE_BAD).
 *
 * Owned by the session, valid until the next TUTOR_REQ_LAB or
 * tutor_close. */
struct tutor_lab {
	const struct lab_kind *kind;
	const struct lab_params *params;
	const struct lab_result *result;   /* never NULL */
	uint64_t seed;
	const char *part_id;               /* the part it was opened from */
	/* Where its parameters started, a sentence: "Started on the lesson's
	 * parameters." or "Started from your last answer to q3.a.i (S=2,
	 * P=3): config=K=8, S=2, P=3, D=0." */
	const char *origin;
};

/* The open lab, or NULL. */
const struct tutor_lab *tutor_lab(const struct tutor_session *s);

/* The settings a lab takes, in order: its kind's parameters, then
 * "seed". Setting i of lab: *name and *help (static strings), its value
 * now as text into value, and the values it takes ("1 to 512") into
 * takes, both cut to their size. False past the last. */
size_t tutor_lab_setting_count(const struct tutor_lab *lab);
bool tutor_lab_setting(const struct tutor_lab *lab, size_t i, const char **name,
		       const char **help, char *value, size_t value_size,
		       char *takes, size_t takes_size);

/* The last answer to part index that counts as an attempt (judged
 * correct or incorrect), from this session or the progress store; NULL
 * when there is none. Owned by the session. */
const char *tutor_last_answer(const struct tutor_session *s, size_t index);

/* Evaluate one calculator line in scope (may be NULL): the printed value,
 * or the engine's error with a caret under the input (several lines), or
 * why the line cannot be an expression. NULL for a blank line or when out
 * of memory. Caller frees. */
char *tutor_eval_line(const struct engine_scope *scope, const char *line);

/* "W0 = 256, K1 = 8": the givens of part (may be NULL), or "no givens".
 * Caller frees; NULL when out of memory. */
char *tutor_givens_text(const struct course_part *part);

/* ---- answer-line history, per course ------------------------------------- */

bool tutor_history_add(struct tutor_session *s, const char *line);
bool tutor_history_each(struct tutor_session *s,
			bool (*fn)(const char *line, void *data), void *data);

#endif
