/* The lesson's requests: what each does to the session and the words every
 * front end shows for it (tutor_do in tutor.h). One handler per request,
 * found through a table indexed by the request, so a new request is a row
 * in TUTOR_REQUESTS, a handler and a line in handlers[]. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "tutor_internal.h"

static const struct {
	const char *command;
	const char *argument;
	const char *help;
} requests[] = {
#define X(id, cmd, arg, help) { cmd, arg, help },
	TUTOR_REQUESTS(X)
#undef X
};

const char *tutor_request_command(enum tutor_request r)
{
	return (unsigned)r < TUTOR_REQ_COUNT ? requests[r].command : NULL;
}

const char *tutor_request_argument(enum tutor_request r)
{
	return (unsigned)r < TUTOR_REQ_COUNT ? requests[r].argument : NULL;
}

const char *tutor_request_help(enum tutor_request r)
{
	return (unsigned)r < TUTOR_REQ_COUNT ? requests[r].help : "";
}

enum tutor_request tutor_request_parse(const char *name)
{
	size_t len = strlen(name);
	enum tutor_request found = TUTOR_REQ_NONE;
	if (len == 0)
		return TUTOR_REQ_NONE;
	/* An exact word wins; otherwise the first request in table order
	 * that the prefix starts, so "h" is hint and "he" is help. */
	for (int r = 0; r < TUTOR_REQ_COUNT; r++) {
		const char *cmd = requests[r].command;
		if (!cmd || strncmp(cmd, name, len) != 0)
			continue;
		if (cmd[len] == '\0')
			return (enum tutor_request)r;
		if (found == TUTOR_REQ_NONE)
			found = (enum tutor_request)r;
	}
	return found;
}

/* ---- the replies ---------------------------------------------------------- */

void tutor_say(struct tutor_reply *r, enum tutor_tone tone, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vsnprintf(r->message, sizeof r->message, f, ap);
	va_end(ap);
	r->tone = tone;
}

/* The current part is the one to show; it changed if it is not before. */
static void show_part(const struct tutor_session *s, size_t before,
		      struct tutor_reply *r)
{
	r->show = TUTOR_SHOW_PART;
	if (tutor_current_index(s) != before)
		r->changed |= TUTOR_CHANGED_PART;
}

typedef void handler_fn(struct tutor_session *s, const char *arg,
			struct tutor_reply *r);

/* What revealing one more hint or step shows, and says when none is left. */
struct reveal {
	enum tutor_show show;
	unsigned changed;
	const char *all_shown;  /* every one is already shown */
	const char *none;       /* the part has none */
};

static void revealed(struct tutor_reply *r, const struct reveal *k, bool got,
		     size_t shown, size_t total)
{
	if (!got) {
		tutor_say(r, TUTOR_TONE_INFO, "%s", total ? k->all_shown : k->none);
		return;
	}
	r->show = k->show;
	r->changed = k->changed;
	r->number = shown;
	r->total = total;
}

static void do_hint(struct tutor_session *s, const char *arg,
		    struct tutor_reply *r)
{
	static const struct reveal hint = {
		TUTOR_SHOW_HINT, TUTOR_CHANGED_HINTS,
		"No more hints for this part.", "This part has no hints.",
	};
	const struct course_part *part = tutor_current(s);
	(void)arg;
	r->text = tutor_reveal_hint(s);
	revealed(r, &hint, r->text != NULL,
		 tutor_hints_shown(s, tutor_current_index(s)),
		 part ? part->n_hints : 0);
}

static void do_step(struct tutor_session *s, const char *arg,
		    struct tutor_reply *r)
{
	static const struct reveal step = {
		TUTOR_SHOW_STEP, TUTOR_CHANGED_STEPS,
		"Every worked step is shown.", "This part has no worked steps.",
	};
	const struct course_part *part = tutor_current(s);
	(void)arg;
	r->step = tutor_reveal_step(s);
	revealed(r, &step, r->step != NULL,
		 tutor_steps_shown(s, tutor_current_index(s)),
		 part ? part->n_steps : 0);
}

static void do_erratum(struct tutor_session *s, const char *arg,
		       struct tutor_reply *r)
{
	(void)arg;
	const struct course_erratum *e = tutor_show_erratum(s);
	if (!e) {
		tutor_say(r, TUTOR_TONE_INFO, "The published solution gets this part "
		    "right: nothing to correct.");
		return;
	}
	r->show = TUTOR_SHOW_ERRATUM;
	r->erratum = e;
	r->changed = TUTOR_CHANGED_ERRATUM;
}

static void do_calc(struct tutor_session *s, const char *arg,
		    struct tutor_reply *r)
{
	if (!arg) {
		r->show = TUTOR_SHOW_CALC;
		r->owned = tutor_givens_text(tutor_current(s));
		r->text = r->owned ? r->owned : "";
		return;
	}
	r->owned = tutor_eval_line(tutor_scope(s), arg);
	if (r->owned) {
		r->show = TUTOR_SHOW_VALUE;
		r->text = r->owned;
	}
}

static void do_open(struct tutor_session *s, const char *arg,
		    struct tutor_reply *r)
{
	size_t before = tutor_current_index(s);
	if (!arg || !*arg) {
		tutor_say(r, TUTOR_TONE_BAD, "Which part? Give its id, e.g. q2.a.");
		return;
	}
	if (!tutor_goto_id(s, arg)) {
		tutor_say(r, TUTOR_TONE_BAD, "There is no part '%s' in this course; "
		    "the map lists them.", arg);
		return;
	}
	show_part(s, before, r);
}

static void do_next(struct tutor_session *s, const char *arg,
		    struct tutor_reply *r)
{
	(void)arg;
	size_t before = tutor_current_index(s);
	if (tutor_next(s))
		show_part(s, before, r);
	else
		tutor_say(r, TUTOR_TONE_INFO, "This is the last part.");
}

static void do_prev(struct tutor_session *s, const char *arg,
		    struct tutor_reply *r)
{
	(void)arg;
	size_t before = tutor_current_index(s);
	if (tutor_prev(s))
		show_part(s, before, r);
	else
		tutor_say(r, TUTOR_TONE_INFO, "This is the first part.");
}

static void do_resume(struct tutor_session *s, const char *arg,
		      struct tutor_reply *r)
{
	(void)arg;
	size_t before = tutor_current_index(s);
	if (tutor_goto(s, tutor_resume_index(s)))
		show_part(s, before, r);
	else
		tutor_say(r, TUTOR_TONE_GOOD, "Every part is correct.");
}

static void do_practice(struct tutor_session *s, const char *arg,
			struct tutor_reply *r)
{
	(void)arg;
	char why[200];
	if (!tutor_practice(s, why, sizeof why)) {
		tutor_say(r, TUTOR_TONE_INFO, "%s", why);
		return;
	}
	r->show = TUTOR_SHOW_PART;
	r->changed |= TUTOR_CHANGED_PART;
	tutor_say(r, TUTOR_TONE_INFO, "Practice: %s again with other numbers (variant %llu). "
		  "Your progress on it stays as it is; another part ends the practice.",
		  tutor_current(s)->id, (unsigned long long)tutor_course(s)->variant);
}

/* The map shows every part's state: as the store has it now, another
 * terminal's attempts included. */
static void do_map(struct tutor_session *s, const char *arg,
		   struct tutor_reply *r)
{
	(void)arg;
	tutor_refresh(s);
	r->show = TUTOR_SHOW_MAP;
}

/* A redraw shows the same screen, with what the store holds now. */
static void do_redraw(struct tutor_session *s, const char *arg,
		      struct tutor_reply *r)
{
	(void)arg;
	tutor_refresh(s);
	r->show = TUTOR_SHOW_NOTHING;
}

/* NULL: a request of the view (help, quit, focus, scrolling). */
static handler_fn *const handlers[TUTOR_REQ_COUNT] = {
	[TUTOR_REQ_REDRAW] = do_redraw,
	[TUTOR_REQ_HINT] = do_hint,
	[TUTOR_REQ_STEP] = do_step,
	[TUTOR_REQ_ERRATUM] = do_erratum,
	[TUTOR_REQ_CALC] = do_calc,
	[TUTOR_REQ_LAB] = tutor_lab_request,
	[TUTOR_REQ_NEXT_PART] = do_next,
	[TUTOR_REQ_PREV_PART] = do_prev,
	[TUTOR_REQ_RESUME] = do_resume,
	[TUTOR_REQ_MAP] = do_map,
	[TUTOR_REQ_PRACTICE] = do_practice,
	[TUTOR_REQ_OPEN] = do_open,
};

bool tutor_do(struct tutor_session *s, enum tutor_request req,
	      const char *arg, struct tutor_reply *reply)
{
	assert(s && reply);
	memset(reply, 0, sizeof *reply);
	reply->request = req;
	if ((unsigned)req >= TUTOR_REQ_COUNT || !handlers[req])
		return false;
	handlers[req](s, arg, reply);
	/* A reply that owns text points at it, and only then. */
	assert(!reply->owned || reply->text == reply->owned);
	return true;
}

void tutor_reply_clear(struct tutor_reply *reply)
{
	if (!reply)
		return;
	free(reply->owned);
	memset(reply, 0, sizeof *reply);
}

/* ---- the calculator's pieces ---------------------------------------------- */

char *tutor_eval_line(const struct engine_scope *scope, const char *line)
{
	size_t len = strnlen(line, ENGINE_MAX_INPUT + 1);
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len)
		return NULL;
	char why[160];
	if (!tutor_answer_acceptable(line, len, why, sizeof why)) {
		/* Same checks as an answer: say so rather than feed the engine
		 * bytes the screen cannot show. */
		return strdup(why);
	}
	struct engine_value *v = NULL;
	struct engine_error err = { 0 };
	if (!engine_eval_text(line, scope, &v, &err))
		return engine_error_format(line, &err);
	char *out = engine_value_print(v);
	engine_value_free(v);
	return out;
}

char *tutor_givens_text(const struct course_part *part)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = part ? part->n_givens : 0;
	for (size_t i = 0; i < n; i++)
		strbuf_printf(&sb, "%s%s = %s", i ? ", " : "",
			      part->givens[i].name, part->givens[i].text);
	if (n == 0)
		strbuf_append(&sb, "no givens");
	return strbuf_steal(&sb);
}
