/* One study session: see tutor.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strbuf.h"
#include "tutor_internal.h"
#include "utf8.h"

/* What the session knows of one part. */
struct part_state {
	enum progress_state state;
	size_t hints;        /* revealed so far, across sessions */
	size_t steps;
	size_t question;     /* index into course->questions */
	size_t in_question;  /* position among that question's parts */
	size_t *order;       /* choice parts: the student's order of the options */
	char *last_answer;   /* the last one that counts as an attempt, or NULL */
	unsigned practised;  /* practice variants drawn for it so far */
};

struct tutor_session {
	const struct course *course;   /* what is taught now: home, or practice */
	const struct course *home;     /* the course the session was opened on */
	struct course *practice;       /* another variant of the current part's
					* course, while practising; owned */
	size_t last_right;             /* the part answered right last, or n_parts */
	struct progress *progress;
	char *course_key;
	char *student;       /* whose session: attempts and the option orders */
	size_t n_parts;
	struct part_state *parts;
	size_t current;
	bool erratum_shown;
	struct tutor_outcome outcome;
	char message[200];
	struct tutor_lab_state *lab;   /* the open lab (tutor_lab.c), or NULL */
};

static void outcome_clear(struct tutor_outcome *o)
{
	if (o->has_result)
		course_result_clear(&o->result);
	free(o->answer);
	free(o->save_error);
	memset(o, 0, sizeof *o);
}

static size_t part_index_of(const struct tutor_session *s, const char *id)
{
	for (size_t i = 0; i < s->n_parts; i++)
		if (!strcmp(course_part_at(s->course, i)->id, id))
			return i;
	return s->n_parts;
}

static void keep_answer(struct part_state *ps, const char *answer)
{
	char *copy = strdup(answer ? answer : "");
	if (!copy)
		return;  /* out of memory: the older one stays */
	free(ps->last_answer);
	ps->last_answer = copy;
}

/* Rebuild what was revealed from the attempt rows: a student who saw two
 * hints yesterday still sees them today, and a lab opens on the last
 * answer. */
static bool restore_attempt(const struct progress_attempt *a, void *data)
{
	struct tutor_session *s = data;
	/* A store a lab's students share: only this student's attempts (rows
	 * of an older store, with no student, count for everyone). */
	if (s->student && a->student && *a->student && strcmp(a->student, s->student))
		return true;
	size_t i = part_index_of(s, a->part_id);
	if (i == s->n_parts)
		return true;  /* a part this version of the course dropped */
	struct part_state *ps = &s->parts[i];
	const struct course_part *part = course_part_at(s->course, i);
	if (a->hints_shown > 0 && (size_t)a->hints_shown > ps->hints)
		ps->hints = (size_t)a->hints_shown;
	if (a->steps_shown > 0 && (size_t)a->steps_shown > ps->steps)
		ps->steps = (size_t)a->steps_shown;
	if (ps->hints > part->n_hints)
		ps->hints = part->n_hints;
	if (ps->steps > part->n_steps)
		ps->steps = part->n_steps;
	/* The hints and steps above were shown whatever the verdict; a
	 * malformed or blank answer is not an attempt, so not the state. */
	if (a->verdict && !strcmp(a->verdict, course_verdict_name(COURSE_CORRECT)))
		ps->state = PROGRESS_CORRECT;
	else if (ps->state == PROGRESS_NOT_STARTED &&
		 progress_verdict_counts(a->verdict))
		ps->state = PROGRESS_ATTEMPTED;
	/* Rows come in time order: the last one that counts stays. */
	if (progress_verdict_counts(a->verdict))
		keep_answer(ps, a->answer);
	return true;
}

/* Read the part states, the hints and steps shown and the last answers
 * back from the store, afresh (this student's attempts only, once there
 * is a student), and start at the first unfinished part. */
static void restore_from_store(struct tutor_session *s)
{
	for (size_t i = 0; i < s->n_parts; i++) {
		struct part_state *ps = &s->parts[i];
		free(ps->last_answer);
		ps->last_answer = NULL;
		ps->state = PROGRESS_NOT_STARTED;
		ps->hints = ps->steps = 0;
	}
	if (s->progress)
		progress_each_attempt(s->progress, s->course_key, restore_attempt, s);
	s->current = tutor_resume_index(s);
	if (s->current >= s->n_parts)
		s->current = 0;
}

struct tutor_session *tutor_open(const struct course *c, struct progress *p,
				 const char *course_key)
{
	return tutor_open_as(c, p, course_key, NULL);
}

struct tutor_session *tutor_open_as(const struct course *c, struct progress *p,
				    const char *course_key, const char *student)
{
	struct tutor_session *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->course = c;
	s->home = c;
	s->progress = p;
	s->last_right = SIZE_MAX;
	s->course_key = strdup(course_key ? course_key : "");
	s->student = student ? strdup(student) : NULL;
	s->n_parts = course_part_count(c);
	s->parts = calloc(s->n_parts ? s->n_parts : 1, sizeof *s->parts);
	if (!s->course_key || !s->parts || (student && !s->student)) {
		tutor_close(s);
		return NULL;
	}
	size_t i = 0;
	for (size_t q = 0; q < c->n_questions; q++)
		for (size_t k = 0; k < c->questions[q].n_parts && i < s->n_parts; k++, i++) {
			s->parts[i].question = q;
			s->parts[i].in_question = k;
		}
	restore_from_store(s);
	return s;
}

/* Back to the course the session teaches: a practice variant ends when
 * the student leaves its part. The lab goes too (it was the variant's). */
static void end_practice(struct tutor_session *s)
{
	if (!s->practice)
		return;
	tutor_lab_free(s->lab);
	s->lab = NULL;
	s->course = s->home;
	course_free(s->practice);
	s->practice = NULL;
}

void tutor_close(struct tutor_session *s)
{
	if (!s)
		return;
	outcome_clear(&s->outcome);
	end_practice(s);
	tutor_lab_free(s->lab);
	for (size_t i = 0; s->parts && i < s->n_parts; i++) {
		free(s->parts[i].order);
		free(s->parts[i].last_answer);
	}
	free(s->parts);
	free(s->course_key);
	free(s->student);
	free(s);
}

const struct course *tutor_course(const struct tutor_session *s)
{
	return s->course;
}

const char *tutor_course_key(const struct tutor_session *s)
{
	return s->course_key;
}

bool tutor_set_student(struct tutor_session *s, const char *name)
{
	char *copy = strdup(name ? name : "");
	if (!copy)
		return false;
	free(s->student);
	s->student = copy;
	/* the orders and the progress depend on who is asked: work them out
	 * again, from this student's attempts */
	for (size_t i = 0; i < s->n_parts; i++) {
		free(s->parts[i].order);
		s->parts[i].order = NULL;
	}
	restore_from_store(s);
	return true;
}

const char *tutor_student(const struct tutor_session *s)
{
	return s->student ? s->student : "";
}

const size_t *tutor_choice_order(struct tutor_session *s, size_t index)
{
	const struct course_part *part = tutor_part_at(s, index);
	if (!part || !part->n_choices)
		return NULL;
	struct part_state *ps = &s->parts[index];
	if (!ps->order) {
		/* stable for this student on any machine, different from the
		 * next student's: no option is right by its position */
		ps->order = malloc(part->n_choices * sizeof *ps->order);
		if (ps->order && !course_student_choice_order(s->home, part, tutor_student(s),
							      ps->order)) {
			free(ps->order);
			ps->order = NULL;
		}
	}
	return ps->order;
}

size_t tutor_part_count(const struct tutor_session *s)
{
	return s->n_parts;
}

size_t tutor_current_index(const struct tutor_session *s)
{
	return s->current;
}

const struct course_part *tutor_current(const struct tutor_session *s)
{
	return s->n_parts ? course_part_at(s->course, s->current) : NULL;
}

const struct course_part *tutor_part_at(const struct tutor_session *s,
					size_t index)
{
	return index < s->n_parts ? course_part_at(s->course, index) : NULL;
}

const struct course_question *tutor_question_of(const struct tutor_session *s,
						size_t index,
						size_t *part_in_question)
{
	if (index >= s->n_parts)
		return NULL;
	if (part_in_question)
		*part_in_question = s->parts[index].in_question;
	return &s->course->questions[s->parts[index].question];
}

bool tutor_goto(struct tutor_session *s, size_t index)
{
	if (index >= s->n_parts)
		return false;
	if (index != s->current) {
		end_practice(s);
		outcome_clear(&s->outcome);
		s->erratum_shown = false;
		s->current = index;
	}
	return true;
}

/* Whether the part shows other givens in c than in the course shown now. */
static bool other_numbers(const struct tutor_session *s, const struct course *c)
{
	const struct course_part *now = tutor_current(s);
	const struct course_part *then = course_part_at(c, s->current);
	for (size_t i = 0; now && then && i < now->n_givens && i < then->n_givens; i++)
		if (strcmp(now->givens[i].text ? now->givens[i].text : "",
			   then->givens[i].text ? then->givens[i].text : ""))
			return true;
	return false;
}

/* How many practice variants are drawn, at most, to find one with other
 * numbers than those shown (a part with few values may repeat some). */
#define PRACTICE_TRIES 20

bool tutor_practice(struct tutor_session *s, char *why, size_t n)
{
	/* Answered right and moved on to the next part (as --plain does):
	 * the part just answered. */
	if (s->parts && s->current < s->n_parts &&
	    s->parts[s->current].state != PROGRESS_CORRECT && s->last_right < s->n_parts &&
	    s->last_right + 1 == s->current)
		tutor_goto(s, s->last_right);
	const struct course_part *part = tutor_current(s);
	if (!part) {
		snprintf(why, n, "There is no part to practise.");
		return false;
	}
	struct part_state *ps = &s->parts[s->current];
	if (ps->state != PROGRESS_CORRECT) {
		snprintf(why, n, "Answer this part correctly first; then it can be practised "
			 "with other numbers.");
		return false;
	}
	if (part->kind == COURSE_FORMULA || part->kind == COURSE_MATRIX_EXPR ||
	    part->kind == COURSE_CHOICE) {
		snprintf(why, n, "This part's answer is the same in every variant (only its "
			 "worked examples' numbers change): nothing to practise again.");
		return false;
	}
	if (!course_part_varies(s->home, part)) {
		snprintf(why, n, "This part has the same numbers in every variant: nothing to "
			 "practise with other numbers.");
		return false;
	}
	struct course *c = NULL;
	for (int tries = 0; tries < PRACTICE_TRIES && !c; tries++) {
		/* the n-th practice of this part: the same for one student every time */
		struct strbuf seed = STRBUF_INIT;
		strbuf_printf(&seed, "%s\x1f%s\x1fpractice\x1f%s\x1f%u", course_key(s->home),
			      tutor_student(s), part->id, ++ps->practised);
		uint64_t v = seed.oom ? 0 : course_student_variant(s->home, strbuf_str(&seed));
		strbuf_free(&seed);
		char *err = NULL;
		c = v ? course_variant(s->home, v, &err) : NULL;
		if (!c) {
			snprintf(why, n, "No other variant of this part: %s",
				 err ? err : "out of memory");
			free(err);
			return false;
		}
		if (!other_numbers(s, c)) {
			course_free(c);
			c = NULL;
		}
	}
	if (!c) {
		snprintf(why, n, "No variant with other numbers came up for this part.");
		return false;
	}
	end_practice(s);
	tutor_lab_free(s->lab);
	s->lab = NULL;
	s->practice = c;
	s->course = c;
	outcome_clear(&s->outcome);
	s->erratum_shown = false;
	return true;
}

bool tutor_practising(const struct tutor_session *s)
{
	return s->practice != NULL;
}

bool tutor_goto_id(struct tutor_session *s, const char *id)
{
	return tutor_goto(s, part_index_of(s, id));
}

bool tutor_next(struct tutor_session *s)
{
	return s->current + 1 < s->n_parts && tutor_goto(s, s->current + 1);
}

bool tutor_prev(struct tutor_session *s)
{
	return s->current > 0 && tutor_goto(s, s->current - 1);
}

size_t tutor_resume_index(const struct tutor_session *s)
{
	for (size_t i = 0; i < s->n_parts; i++)
		if (s->parts[i].state != PROGRESS_CORRECT)
			return i;
	return s->n_parts;
}

enum progress_state tutor_part_state(const struct tutor_session *s,
				     size_t index)
{
	return index < s->n_parts ? s->parts[index].state : PROGRESS_NOT_STARTED;
}

bool tutor_refresh(struct tutor_session *s)
{
	/* restore_attempt only ever raises what a part shows, so replaying
	 * every row keeps what this session knows and adds what is new */
	return s->progress && progress_each_attempt(s->progress, s->course_key,
						    restore_attempt, s);
}

size_t tutor_correct_count(const struct tutor_session *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_parts; i++)
		n += s->parts[i].state == PROGRESS_CORRECT;
	return n;
}

double tutor_progress_fraction(const struct tutor_session *s)
{
	return s->n_parts ? (double)tutor_correct_count(s) / (double)s->n_parts : 0.0;
}

const char *tutor_reveal_hint(struct tutor_session *s)
{
	const struct course_part *part = tutor_current(s);
	struct part_state *ps = &s->parts[s->current];
	if (!part || ps->hints >= part->n_hints)
		return NULL;
	return part->hints[ps->hints++];
}

const struct course_step *tutor_reveal_step(struct tutor_session *s)
{
	const struct course_part *part = tutor_current(s);
	struct part_state *ps = &s->parts[s->current];
	if (!part || ps->steps >= part->n_steps)
		return NULL;
	return &part->steps[ps->steps++];
}

size_t tutor_hints_shown(const struct tutor_session *s, size_t index)
{
	return index < s->n_parts ? s->parts[index].hints : 0;
}

size_t tutor_steps_shown(const struct tutor_session *s, size_t index)
{
	return index < s->n_parts ? s->parts[index].steps : 0;
}

const struct course_erratum *tutor_show_erratum(struct tutor_session *s)
{
	const struct course_part *part = tutor_current(s);
	if (!part || !part->erratum)
		return NULL;
	s->erratum_shown = true;
	return part->erratum;
}

bool tutor_erratum_shown(const struct tutor_session *s)
{
	return s->erratum_shown;
}

const struct engine_scope *tutor_scope(const struct tutor_session *s)
{
	const struct course_part *part = tutor_current(s);
	return part ? part->scope : NULL;
}

bool tutor_answer_acceptable(const char *text, size_t len, char *msg,
			     size_t msg_size)
{
	size_t bad;
	if (len > ENGINE_MAX_INPUT) {
		snprintf(msg, msg_size,
			 "answer too long: %zu bytes, at most %d", len,
			 ENGINE_MAX_INPUT);
		return false;
	}
	if (!utf8_valid(text, len, &bad)) {
		snprintf(msg, msg_size,
			 "invalid UTF-8 at byte %zu of the answer", bad + 1);
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch < 0x20 || ch == 0x7f) {
			snprintf(msg, msg_size,
				 "control character 0x%02x at byte %zu of the answer",
				 ch, i + 1);
			return false;
		}
	}
	for (size_t i = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t')
			return true;
	snprintf(msg, msg_size, "the answer is empty");
	return false;
}

enum tutor_submit_status tutor_submit(struct tutor_session *s,
				      const char *answer,
				      const char **message)
{
	const struct course_part *part = tutor_current(s);
	*message = NULL;
	/* strnlen: a 1 MB paste is measured only as far as the limit needs. */
	size_t len = strnlen(answer, ENGINE_MAX_INPUT + 1);
	if (!part) {
		snprintf(s->message, sizeof s->message, "this course has no parts");
		*message = s->message;
		return TUTOR_REJECTED;
	}
	if (!tutor_answer_acceptable(answer, len, s->message, sizeof s->message)) {
		*message = s->message;
		return TUTOR_REJECTED;
	}

	outcome_clear(&s->outcome);
	struct tutor_outcome *o = &s->outcome;
	o->answer = strdup(answer);
	struct course_check_context ctx = {
		.choice_order = tutor_choice_order(s, s->current),
	};
	course_check_ctx(s->course, part, answer, &ctx, &o->result);
	o->has_result = true;

	struct part_state *ps = &s->parts[s->current];
	struct progress_attempt a = {
		.time = (int64_t)time(NULL),
		.course = s->course_key,
		.part_id = part->id,
		.answer = answer,
		.verdict = course_verdict_name(o->result.verdict),
		.hints_shown = (int)ps->hints,
		.steps_shown = (int)ps->steps,
		.student = tutor_student(s),
		.variant = (int)s->course->variant,   /* <= COURSE_MAX_VARIANT < INT_MAX */
		.interpreted = o->result.interpreted,
	};
	if (s->progress && !progress_record(s->progress, &a, &o->save_error)
	    && !o->save_error)
		o->save_error = strdup("the attempt could not be saved");

	/* An answer the engine could not read is kept (the CSV shows it as
	 * invalid) but is not an attempt. */
	if (o->result.verdict == COURSE_CORRECT) {
		ps->state = PROGRESS_CORRECT;
		s->last_right = s->current;
	} else if (ps->state == PROGRESS_NOT_STARTED &&
		 progress_verdict_counts(a.verdict))
		ps->state = PROGRESS_ATTEMPTED;
	if (progress_verdict_counts(a.verdict))
		keep_answer(ps, answer);
	return TUTOR_JUDGED;
}

const struct tutor_outcome *tutor_last_outcome(const struct tutor_session *s)
{
	return s->outcome.has_result ? &s->outcome : NULL;
}

bool tutor_history_add(struct tutor_session *s, const char *line)
{
	return s->progress && progress_history_add(s->progress, s->course_key, line);
}

bool tutor_history_each(struct tutor_session *s,
			bool (*fn)(const char *line, void *data), void *data)
{
	return s->progress
	       && progress_history_each(s->progress, s->course_key, fn, data);
}

const char *tutor_last_answer(const struct tutor_session *s, size_t index)
{
	return index < s->n_parts ? s->parts[index].last_answer : NULL;
}

struct tutor_lab_state **tutor_lab_slot(struct tutor_session *s)
{
	return &s->lab;
}

const struct tutor_lab_state *tutor_lab_state(const struct tutor_session *s)
{
	return s->lab;
}
