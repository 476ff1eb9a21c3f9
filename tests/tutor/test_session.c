/* The study session on a three-part fixture course (fixtures/mini) and a
 * progress database in a fresh temporary directory per test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tutor.h"

struct fixture {
	char dir[64];
	char db[128];
	struct course *course;
	struct progress *progress;
	struct tutor_session *s;
};

static struct progress *open_store(const char *path)
{
	char *notice = NULL;
	struct progress *p = progress_open(path, &notice);
	assert_non_null(p);
	assert_false(progress_is_memory(p));
	free(notice);
	return p;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	strcpy(f->dir, "/tmp/cnntutor-session-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/progress.db", f->dir);
	char *error = NULL;
	f->course = course_load(TUTOR_FIXTURES "/mini", &error);
	if (!f->course)
		fail_msg("fixture course: %s", error ? error : "?");
	f->progress = open_store(f->db);
	f->s = tutor_open(f->course, f->progress, "mini");
	assert_non_null(f->s);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tutor_close(f->s);
	progress_close(f->progress);
	course_free(f->course);
	char path[192];
	const char *suffixes[] = { "", "-wal", "-shm", "-journal", ".lock" };
	for (size_t i = 0; i < 5; i++) {
		snprintf(path, sizeof path, "%s%s", f->db, suffixes[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Close the session and the store and open both again, as a new run of
 * the program would. */
static void restart(struct fixture *f)
{
	tutor_close(f->s);
	progress_close(f->progress);
	f->progress = open_store(f->db);
	f->s = tutor_open(f->course, f->progress, "mini");
	assert_non_null(f->s);
}

struct rows {
	int n;
	char part[8][16];
	char verdict[8][16];
	char answer[8][32];
	int hints[8], steps[8];
};

static bool collect(const struct progress_attempt *a, void *data)
{
	struct rows *r = data;
	if (r->n < 8) {
		snprintf(r->part[r->n], sizeof r->part[0], "%s", a->part_id);
		snprintf(r->verdict[r->n], sizeof r->verdict[0], "%s", a->verdict);
		snprintf(r->answer[r->n], sizeof r->answer[0], "%s", a->answer);
		r->hints[r->n] = a->hints_shown;
		r->steps[r->n] = a->steps_shown;
	}
	r->n++;
	return true;
}

static struct rows rows_in_db(struct fixture *f)
{
	/* A second connection sees only what was committed. */
	struct rows r = { 0 };
	struct progress *other = open_store(f->db);
	progress_each_attempt(other, "mini", collect, &r);
	progress_close(other);
	return r;
}

static void test_fresh_session_starts_at_first_part(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(tutor_part_count(f->s), 3);
	assert_int_equal(tutor_current_index(f->s), 0);
	assert_string_equal(tutor_current(f->s)->id, "q1.a");
	assert_int_equal(tutor_part_state(f->s, 0), PROGRESS_NOT_STARTED);
	assert_true(tutor_progress_fraction(f->s) == 0.0);
	assert_null(tutor_last_outcome(f->s));
}

static void test_submit_commits_attempt_before_returning(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	assert_int_equal(tutor_submit(f->s, "7", &msg), TUTOR_JUDGED);
	struct rows r = rows_in_db(f);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.part[0], "q1.a");
	assert_string_equal(r.answer[0], "7");
	assert_string_equal(r.verdict[0], "incorrect");
}

static void test_wrong_answer_marks_part_attempted_with_feedback(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	tutor_submit(f->s, "7", &msg);
	const struct tutor_outcome *o = tutor_last_outcome(f->s);
	assert_non_null(o);
	assert_int_equal(o->result.verdict, COURSE_INCORRECT);
	assert_true(o->result.source_error);
	assert_non_null(strstr(o->result.feedback, "first position"));
	assert_int_equal(tutor_part_state(f->s, 0), PROGRESS_ATTEMPTED);
	assert_int_equal(tutor_correct_count(f->s), 0);
}

static void test_correct_answer_marks_part_correct_and_counts(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	assert_int_equal(tutor_submit(f->s, "10 - 3 + 1", &msg), TUTOR_JUDGED);
	assert_int_equal(tutor_last_outcome(f->s)->result.verdict, COURSE_CORRECT);
	assert_int_equal(tutor_part_state(f->s, 0), PROGRESS_CORRECT);
	assert_int_equal(tutor_correct_count(f->s), 1);
	assert_true(tutor_progress_fraction(f->s) > 0.33
		    && tutor_progress_fraction(f->s) < 0.34);
	assert_string_equal(rows_in_db(f).verdict[0], "correct");
}

static void test_attempt_rows_carry_hints_and_steps_shown(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	assert_string_equal(tutor_reveal_hint(f->s), "Slide the kernel one step at a time.");
	assert_non_null(tutor_reveal_hint(f->s));
	assert_non_null(tutor_reveal_step(f->s));
	tutor_submit(f->s, "8", &msg);
	struct rows r = rows_in_db(f);
	assert_int_equal(r.hints[0], 2);
	assert_int_equal(r.steps[0], 1);
}

static void test_hints_and_steps_stop_after_the_last(void **state)
{
	struct fixture *f = *state;
	assert_non_null(tutor_reveal_hint(f->s));
	assert_non_null(tutor_reveal_hint(f->s));
	assert_null(tutor_reveal_hint(f->s));
	assert_int_equal(tutor_hints_shown(f->s, 0), 2);
	const struct course_step *st = tutor_reveal_step(f->s);
	assert_non_null(st);
	assert_string_equal(st->value, "8");  /* computed by the engine */
	assert_null(tutor_reveal_step(f->s));
	assert_int_equal(tutor_steps_shown(f->s, 0), 1);
}

static void test_restart_resumes_at_first_unfinished_part(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	tutor_submit(f->s, "8", &msg);
	assert_true(tutor_next(f->s));
	tutor_submit(f->s, "(1, 2)", &msg);  /* wrong: attempted only */
	restart(f);
	assert_int_equal(tutor_resume_index(f->s), 1);
	assert_string_equal(tutor_current(f->s)->id, "q1.b");
	assert_int_equal(tutor_part_state(f->s, 0), PROGRESS_CORRECT);
	assert_int_equal(tutor_part_state(f->s, 1), PROGRESS_ATTEMPTED);
	assert_int_equal(tutor_part_state(f->s, 2), PROGRESS_NOT_STARTED);
}

static void test_restart_remembers_revealed_hints(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	tutor_reveal_hint(f->s);
	tutor_submit(f->s, "7", &msg);
	restart(f);
	assert_int_equal(tutor_hints_shown(f->s, 0), 1);
	assert_string_equal(tutor_reveal_hint(f->s), "The first position counts.");
}

static void test_every_part_correct_resumes_past_the_end(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	tutor_submit(f->s, "8", &msg);
	tutor_next(f->s);
	tutor_submit(f->s, "(9, 7)", &msg);
	tutor_next(f->s);
	tutor_submit(f->s, "a", &msg);
	assert_int_equal(tutor_last_outcome(f->s)->result.verdict, COURSE_CORRECT);
	assert_int_equal(tutor_resume_index(f->s), 3);
	assert_true(tutor_progress_fraction(f->s) == 1.0);
	restart(f);
	assert_int_equal(tutor_current_index(f->s), 0);
}

static void test_navigation_stays_within_the_course(void **state)
{
	struct fixture *f = *state;
	assert_false(tutor_prev(f->s));
	assert_true(tutor_next(f->s));
	assert_true(tutor_next(f->s));
	assert_false(tutor_next(f->s));
	assert_int_equal(tutor_current_index(f->s), 2);
	assert_true(tutor_goto_id(f->s, "q1.b"));
	assert_int_equal(tutor_current_index(f->s), 1);
	assert_false(tutor_goto_id(f->s, "q9.z"));
	assert_false(tutor_goto(f->s, 3));
	assert_int_equal(tutor_current_index(f->s), 1);
	size_t in_q;
	assert_string_equal(tutor_question_of(f->s, 1, &in_q)->id, "q1");
	assert_int_equal(in_q, 1);
}

static void test_moving_clears_the_last_outcome(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	tutor_submit(f->s, "7", &msg);
	assert_non_null(tutor_last_outcome(f->s));
	tutor_next(f->s);
	assert_null(tutor_last_outcome(f->s));
}

static void test_erratum_only_where_the_source_erred(void **state)
{
	struct fixture *f = *state;
	const struct course_erratum *e = tutor_show_erratum(f->s);
	assert_non_null(e);
	assert_string_equal(e->quote, "10 − 3 = 7");
	assert_true(tutor_erratum_shown(f->s));
	tutor_next(f->s);
	assert_false(tutor_erratum_shown(f->s));
	assert_null(tutor_show_erratum(f->s));
}

static void test_unusable_answers_are_rejected_and_not_recorded(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	assert_int_equal(tutor_submit(f->s, "   ", &msg), TUTOR_REJECTED);
	assert_non_null(strstr(msg, "empty"));
	assert_int_equal(tutor_submit(f->s, "8\x01", &msg), TUTOR_REJECTED);
	assert_non_null(strstr(msg, "control character"));
	assert_int_equal(tutor_submit(f->s, "8\xff", &msg), TUTOR_REJECTED);
	assert_non_null(strstr(msg, "UTF-8"));
	size_t big = 1 << 20;
	char *paste = malloc(big + 1);
	assert_non_null(paste);
	memset(paste, '1', big);
	paste[big] = '\0';
	assert_int_equal(tutor_submit(f->s, paste, &msg), TUTOR_REJECTED);
	assert_non_null(strstr(msg, "too long"));
	free(paste);
	assert_int_equal(rows_in_db(f).n, 0);
	assert_int_equal(tutor_part_state(f->s, 0), PROGRESS_NOT_STARTED);
}

static void test_malformed_answer_is_recorded_as_invalid_with_position(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	assert_int_equal(tutor_submit(f->s, "8 +", &msg), TUTOR_JUDGED);
	const struct tutor_outcome *o = tutor_last_outcome(f->s);
	assert_int_equal(o->result.verdict, COURSE_INVALID);
	assert_int_not_equal(o->result.error.kind, ENGINE_OK);
	assert_string_equal(o->answer, "8 +");
	assert_string_equal(rows_in_db(f).verdict[0], "invalid");
}

static void test_invalid_answer_is_recorded_but_leaves_the_part_not_started(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	assert_non_null(tutor_reveal_hint(f->s));
	assert_int_equal(tutor_submit(f->s, "8 +", &msg), TUTOR_JUDGED);
	assert_int_equal(tutor_last_outcome(f->s)->result.verdict,
			 COURSE_INVALID);
	struct rows r = rows_in_db(f);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.verdict[0], "invalid");
	assert_string_equal(r.answer[0], "8 +");
	assert_int_equal(r.hints[0], 1);
	assert_int_equal(tutor_part_state(f->s, 0), PROGRESS_NOT_STARTED);
	/* Not after a restart either, and the hint it saw is still shown. */
	restart(f);
	assert_int_equal(tutor_part_state(f->s, 0), PROGRESS_NOT_STARTED);
	assert_int_equal(tutor_hints_shown(f->s, 0), 1);
	assert_int_equal(progress_attempt_count(f->progress, "mini", "q1.a"),
			 0);
	/* A real attempt then moves it on. */
	tutor_submit(f->s, "7", &msg);
	assert_int_equal(tutor_part_state(f->s, 0), PROGRESS_ATTEMPTED);
	restart(f);
	assert_int_equal(tutor_part_state(f->s, 0), PROGRESS_ATTEMPTED);
}

static void test_blank_rows_restore_hints_but_not_the_state(void **state)
{
	struct fixture *f = *state;
	/* A row another front end wrote for an empty answer. */
	struct progress_attempt a = {
		.time = 1, .course = "mini", .part_id = "q1.b", .answer = "",
		.verdict = "blank", .hints_shown = 1, .steps_shown = 0,
	};
	assert_true(progress_record(f->progress, &a, NULL));
	restart(f);
	assert_int_equal(tutor_part_state(f->s, 1), PROGRESS_NOT_STARTED);
	assert_int_equal(tutor_hints_shown(f->s, 1), 1);
}

static void test_scope_follows_the_current_part(void **state)
{
	struct fixture *f = *state;
	struct engine_value *v = NULL;
	struct engine_error err;
	assert_true(engine_eval_text("W - K", tutor_scope(f->s), &v, &err));
	assert_true(v->number == 7.0);
	engine_value_free(v);
	tutor_next(f->s);
	assert_false(engine_eval_text("W - K", tutor_scope(f->s), &v, &err));
}

static bool collect_line(const char *line, void *data)
{
	struct rows *r = data;
	if (r->n < 8)
		snprintf(r->answer[r->n], sizeof r->answer[0], "%s", line);
	r->n++;
	return true;
}

static void test_history_is_kept_per_course(void **state)
{
	struct fixture *f = *state;
	assert_true(tutor_history_add(f->s, "7"));
	assert_true(tutor_history_add(f->s, "W - K + 1"));
	restart(f);
	struct rows r = { 0 };
	assert_true(tutor_history_each(f->s, collect_line, &r));
	assert_int_equal(r.n, 2);
	assert_string_equal(r.answer[0], "7");
	assert_string_equal(r.answer[1], "W - K + 1");
}

static void test_request_words_parse_with_prefixes(void **state)
{
	(void)state;
	assert_int_equal(tutor_request_parse("hint"), TUTOR_REQ_HINT);
	assert_int_equal(tutor_request_parse("h"), TUTOR_REQ_HINT);
	assert_int_equal(tutor_request_parse("he"), TUTOR_REQ_HELP);
	assert_int_equal(tutor_request_parse("p"), TUTOR_REQ_PREV_PART);
	assert_int_equal(tutor_request_parse("pr"), TUTOR_REQ_PREV_PART);
	assert_int_equal(tutor_request_parse("pra"), TUTOR_REQ_PRACTICE);
	assert_int_equal(tutor_request_parse("quit"), TUTOR_REQ_QUIT);
	assert_int_equal(tutor_request_parse("erratum"), TUTOR_REQ_ERRATUM);
	assert_int_equal(tutor_request_parse("xyz"), TUTOR_REQ_NONE);
	assert_int_equal(tutor_request_parse(""), TUTOR_REQ_NONE);
	assert_string_equal(tutor_request_command(TUTOR_REQ_STEP), "step");
	assert_null(tutor_request_command(TUTOR_REQ_FOCUS));
	for (int r = 1; r < TUTOR_REQ_COUNT; r++)
		assert_true(tutor_request_help((enum tutor_request)r)[0] != '\0');
}

/* A second session on its own connection to the same file: another
 * terminal, another process. */
static void test_another_sessions_attempts_show_after_a_refresh(void **state)
{
	struct fixture *f = *state;
	struct progress *other_store = open_store(f->db);
	struct tutor_session *other = tutor_open(f->course, other_store, "mini");
	assert_non_null(other);
	const char *msg;
	/* there: q1.a right after two hints, q1.b tried */
	assert_non_null(tutor_reveal_hint(other));
	assert_non_null(tutor_reveal_hint(other));
	assert_int_equal(tutor_submit(other, "10 - 3 + 1", &msg), TUTOR_JUDGED);
	assert_true(tutor_next(other));
	assert_int_equal(tutor_submit(other, "(1, 2)", &msg), TUTOR_JUDGED);
	/* here, until the store is read again, nothing of it */
	assert_int_equal(tutor_part_state(f->s, 0), PROGRESS_NOT_STARTED);
	assert_int_equal(tutor_hints_shown(f->s, 0), 0);
	/* here: q1.b's hint, not yet in any row */
	assert_true(tutor_goto(f->s, 1));
	assert_non_null(tutor_reveal_hint(f->s));
	assert_true(tutor_refresh(f->s));
	assert_int_equal(tutor_part_state(f->s, 0), PROGRESS_CORRECT);
	assert_int_equal(tutor_part_state(f->s, 1), PROGRESS_ATTEMPTED);
	assert_int_equal(tutor_hints_shown(f->s, 0), 2);
	assert_int_equal(tutor_correct_count(f->s), 1);
	/* what only this session knew is still known */
	assert_int_equal(tutor_hints_shown(f->s, 1), 1);
	assert_int_equal(tutor_current_index(f->s), 1);
	tutor_close(other);
	progress_close(other_store);
}

static void test_the_map_and_a_redraw_read_the_store_again(void **state)
{
	struct fixture *f = *state;
	const enum tutor_request req[] = { TUTOR_REQ_MAP, TUTOR_REQ_REDRAW };
	const char *answers[] = { "10 - 3 + 1", "(9, 7)" };
	for (size_t i = 0; i < 2; i++) {
		struct progress *other_store = open_store(f->db);
		struct tutor_session *other = tutor_open(f->course, other_store, "mini");
		const char *msg;
		assert_true(tutor_goto(other, i));
		assert_int_equal(tutor_submit(other, answers[i], &msg), TUTOR_JUDGED);
		assert_int_equal(tutor_last_outcome(other)->result.verdict, COURSE_CORRECT);
		tutor_close(other);
		progress_close(other_store);
		assert_int_equal(tutor_part_state(f->s, i), PROGRESS_NOT_STARTED);
		struct tutor_reply r;
		assert_true(tutor_do(f->s, req[i], NULL, &r));
		assert_int_equal(r.show, i == 0 ? TUTOR_SHOW_MAP : TUTOR_SHOW_NOTHING);
		tutor_reply_clear(&r);
		assert_int_equal(tutor_part_state(f->s, i), PROGRESS_CORRECT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_fresh_session_starts_at_first_part),
		T(test_submit_commits_attempt_before_returning),
		T(test_wrong_answer_marks_part_attempted_with_feedback),
		T(test_correct_answer_marks_part_correct_and_counts),
		T(test_attempt_rows_carry_hints_and_steps_shown),
		T(test_hints_and_steps_stop_after_the_last),
		T(test_restart_resumes_at_first_unfinished_part),
		T(test_restart_remembers_revealed_hints),
		T(test_every_part_correct_resumes_past_the_end),
		T(test_navigation_stays_within_the_course),
		T(test_moving_clears_the_last_outcome),
		T(test_erratum_only_where_the_source_erred),
		T(test_unusable_answers_are_rejected_and_not_recorded),
		T(test_malformed_answer_is_recorded_as_invalid_with_position),
		T(test_invalid_answer_is_recorded_but_leaves_the_part_not_started),
		T(test_blank_rows_restore_hints_but_not_the_state),
		T(test_scope_follows_the_current_part),
		T(test_history_is_kept_per_course),
		T(test_request_words_parse_with_prefixes),
		T(test_another_sessions_attempts_show_after_a_refresh),
		T(test_the_map_and_a_redraw_read_the_store_again),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
