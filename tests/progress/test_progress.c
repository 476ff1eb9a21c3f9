/* Tests of the progress store's queries: recording, derived part state,
 * walking and CSV export, answer-line history. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "progress.h"

static void test_part_state_follows_the_attempts(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	assert_int_equal(progress_part_state(p, "c", "q1.a"),
			 PROGRESS_NOT_STARTED);
	assert_int_equal(progress_attempt_count(p, "c", "q1.a"), 0);
	record(p, 100, "c", "q1.a", "3", "incorrect");
	assert_int_equal(progress_part_state(p, "c", "q1.a"),
			 PROGRESS_ATTEMPTED);
	record(p, 101, "c", "q1.a", "4", "correct");
	record(p, 102, "c", "q1.a", "x", "invalid");
	assert_int_equal(progress_part_state(p, "c", "q1.a"),
			 PROGRESS_CORRECT);
	/* The malformed answer is kept but is not an attempt. */
	assert_int_equal(progress_attempt_count(p, "c", "q1.a"), 2);
	/* Other parts and other courses are separate. */
	assert_int_equal(progress_part_state(p, "c", "q1.b"),
			 PROGRESS_NOT_STARTED);
	assert_int_equal(progress_part_state(p, "other", "q1.a"),
			 PROGRESS_NOT_STARTED);
	progress_close(p);

	p = open_quietly(f->path);
	assert_int_equal(progress_part_state(p, "c", "q1.a"),
			 PROGRESS_CORRECT);
	assert_int_equal(progress_attempt_count(p, "c", "q1.a"), 2);
	progress_close(p);
}

static bool count_rows(const struct progress_attempt *a, void *data)
{
	(void)a;
	++*(int *)data;
	return true;
}

static void test_invalid_and_blank_answers_are_kept_but_not_counted(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	record(p, 1, "c", "q1.a", "8 +", "invalid");
	record(p, 2, "c", "q1.a", "", "blank");
	assert_int_equal(progress_part_state(p, "c", "q1.a"),
			 PROGRESS_NOT_STARTED);
	assert_int_equal(progress_attempt_count(p, "c", "q1.a"), 0);
	int rows = 0;
	assert_true(progress_each_attempt(p, "c", count_rows, &rows));
	assert_int_equal(rows, 2);
	char *csv = export_csv(p, "c", true);
	assert_non_null(strstr(csv, ",q1.a,8 +,invalid,1,2,,0,\r\n"));
	assert_non_null(strstr(csv, ",q1.a,,blank,1,2,,0,\r\n"));
	free(csv);
	record(p, 3, "c", "q1.a", "7", "incorrect");
	assert_int_equal(progress_part_state(p, "c", "q1.a"),
			 PROGRESS_ATTEMPTED);
	assert_int_equal(progress_attempt_count(p, "c", "q1.a"), 1);
	progress_close(p);
}

/* The query that counts and progress_verdict_counts, which the tutor
 * uses, agree on every verdict the store takes. */
static void test_every_verdict_counts_as_progress_verdict_counts_says(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	const char *verdicts[] = {
		"correct", "incorrect", "invalid", "unknown", "blank",
	};
	for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++) {
		record(p, 1, "c", verdicts[i], "1", verdicts[i]);
		bool counts = progress_verdict_counts(verdicts[i]);
		assert_int_equal(progress_attempt_count(p, "c", verdicts[i]),
				 counts);
		assert_int_equal(progress_part_state(p, "c", verdicts[i]),
				 !counts ? PROGRESS_NOT_STARTED
				 : !strcmp(verdicts[i], "correct")
				 ? PROGRESS_CORRECT : PROGRESS_ATTEMPTED);
	}
	assert_false(progress_verdict_counts("invalid"));
	assert_false(progress_verdict_counts("blank"));
	assert_true(progress_verdict_counts("incorrect"));
	progress_close(p);
}

static void test_record_rejects_an_unknown_verdict(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	struct progress_attempt a = {
		.time = 1, .course = "c", .part_id = "q1.a", .answer = "1",
		.verdict = "maybe",
	};
	char *error = NULL;
	assert_false(progress_record(p, &a, &error));
	assert_non_null(error);
	assert_non_null(strstr(error, "maybe"));
	free(error);
	assert_int_equal(progress_attempt_count(p, "c", "q1.a"), 0);
	progress_close(p);
}

static void test_answers_with_sql_quotes_are_stored_verbatim(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	const char *evil = "1'); DROP TABLE attempt; --";
	record(p, 1, "c'--", "q1.a", evil, "incorrect");
	assert_int_equal(progress_attempt_count(p, "c'--", "q1.a"), 1);
	char *csv = export_csv(p, NULL, true);
	assert_non_null(strstr(csv, evil));
	free(csv);
	progress_close(p);
}

static bool keep_answer(const struct progress_attempt *a, void *data)
{
	char **out = data;
	*out = strdup(a->answer);
	return false;
}

static void test_megabyte_answer_with_invalid_utf8_round_trips(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	size_t n = 1 << 20;
	char *big = malloc(n + 1);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)(i % 7 == 0 ? 0xff : 'a' + (int)(i % 26));
	big[n] = '\0';
	record(p, 1, "c", "q1.a", big, "invalid");
	progress_close(p);
	p = open_quietly(f->path);
	char *back = NULL;
	assert_true(progress_each_attempt(p, "c", keep_answer, &back));
	assert_non_null(back);
	assert_int_equal(strlen(back), n);
	assert_memory_equal(back, big, n);
	free(back);
	free(big);
	progress_close(p);
}

static void test_course_key_is_the_last_path_component(void **state)
{
	(void)state;
	assert_string_equal(progress_course_key("content/ift6135-a2"),
			    "ift6135-a2");
	assert_string_equal(progress_course_key("/usr/share/x/ift6135-a2"),
			    "ift6135-a2");
	assert_string_equal(progress_course_key("ift6135-a2"), "ift6135-a2");
	const char *slashed = "content/ift6135-a2//";
	assert_ptr_equal(progress_course_key(slashed), slashed + 8);
}

static void test_trailing_slash_names_the_same_course(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	record(p, 1, progress_course_key("content/ift6135-a2/"), "q1.a", "1",
	       "correct");
	assert_int_equal(progress_part_state(p, "ift6135-a2", "q1.a"),
			 PROGRESS_CORRECT);
	assert_int_equal(progress_attempt_count(p, "ift6135-a2/", "q1.a"), 1);
	progress_close(p);
}

/* ---- walking and export -------------------------------------------------- */

struct collected {
	char text[512];
	int calls;
	int stop_after;
};

static bool collect(const struct progress_attempt *a, void *data)
{
	struct collected *c = data;
	size_t len = strlen(c->text);
	snprintf(c->text + len, sizeof c->text - len, "%lld:%s:%s:%s;",
		 (long long)a->time, a->course, a->part_id, a->answer);
	c->calls++;
	return c->calls != c->stop_after;
}

static void test_each_attempt_goes_in_time_order(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	record(p, 30, "c", "q2.a", "third", "incorrect");
	record(p, 10, "c", "q1.a", "first", "incorrect");
	record(p, 20, "d", "q1.a", "second", "correct");
	struct collected all = { .stop_after = -1 };
	assert_true(progress_each_attempt(p, NULL, collect, &all));
	assert_string_equal(all.text, "10:c:q1.a:first;20:d:q1.a:second;"
			    "30:c:q2.a:third;");
	struct collected one = { .stop_after = -1 };
	assert_true(progress_each_attempt(p, "c", collect, &one));
	assert_string_equal(one.text, "10:c:q1.a:first;30:c:q2.a:third;");
	struct collected early = { .stop_after = 1 };
	assert_true(progress_each_attempt(p, NULL, collect, &early));
	assert_int_equal(early.calls, 1);
	progress_close(p);
}

static void test_csv_export_quotes_commas_quotes_and_newlines(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	record(p, 0, "c", "q1.a", "(1, 2)", "correct");
	record(p, 1700000000, "c", "q1.b", "say \"hi\"", "incorrect");
	record(p, 1700000001, "c", "q1.c", "two\nlines", "invalid");
	record(p, 1700000002, "c", "q1.d", "-1/2", "unknown");
	record(p, 1700000003, "other", "q1.a", "1", "correct");
	char *csv = export_csv(p, "c", true);
	assert_string_equal(csv,
		"time,course,part,answer,verdict,hints_shown,steps_shown,"
		"student,variant,interpreted\r\n"
		"1970-01-01T00:00:00Z,c,q1.a,\"(1, 2)\",correct,1,2,,0,\r\n"
		"2023-11-14T22:13:20Z,c,q1.b,\"say \"\"hi\"\"\",incorrect,1,2,,0,\r\n"
		"2023-11-14T22:13:21Z,c,q1.c,\"two\nlines\",invalid,1,2,,0,\r\n"
		"2023-11-14T22:13:22Z,c,q1.d,-1/2,unknown,1,2,,0,\r\n");
	free(csv);
	progress_close(p);
}

static bool keep_attempt(const struct progress_attempt *a, void *data)
{
	char *out = data;
	snprintf(out, 256, "%s|%s|%d|%s|%s", a->answer, a->student,
		 a->variant, a->interpreted, a->verdict);
	return true;
}

static void test_student_variant_and_reading_are_kept_and_exported(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	struct progress_attempt a = {
		.time = 1700000000, .course = "c", .part_id = "q6.b",
		.answer = "b", .verdict = "incorrect", .hints_shown = 1,
		.student = "Ada \"L\"", .variant = 3,
		.interpreted = "option 2 of 4, shown as b",
	};
	assert_true(progress_record(p, &a, NULL));
	struct progress_attempt blank = {
		.time = 1700000001, .course = "c", .part_id = "q6.b",
		.answer = "", .verdict = "blank",
	};
	assert_true(progress_record(p, &blank, NULL));
	progress_close(p);

	p = open_quietly(f->path);
	char back[256] = "";
	assert_true(progress_each_attempt(p, "c", keep_attempt, back));
	assert_string_equal(back, "||0||blank");  /* the last one */
	char *csv = export_csv(p, "c", true);
	assert_non_null(strstr(csv,
		"\r\n2023-11-14T22:13:20Z,c,q6.b,b,incorrect,1,0,\"Ada \"\"L\"\"\",3,"
		"\"option 2 of 4, shown as b\"\r\n"
		"2023-11-14T22:13:21Z,c,q6.b,,blank,0,0,,0,\r\n"));
	free(csv);
	progress_close(p);
}

/* ---- history ------------------------------------------------------------- */

static bool collect_line(const char *line, void *data)
{
	struct collected *c = data;
	size_t len = strlen(c->text);
	snprintf(c->text + len, sizeof c->text - len, "%s|", line);
	c->calls++;
	return true;
}

static void test_history_is_kept_per_course_oldest_first(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	assert_true(progress_history_add(p, "c", "first"));
	assert_true(progress_history_add(p, "d", "elsewhere"));
	assert_true(progress_history_add(p, "c", "second"));
	progress_close(p);
	p = open_quietly(f->path);
	struct collected c = { .stop_after = -1 };
	assert_true(progress_history_each(p, "c", collect_line, &c));
	assert_string_equal(c.text, "first|second|");
	progress_close(p);
}

static void test_history_keeps_only_the_newest_lines(void **state)
{
	(void)state;
	/* In memory (a path under /dev/null cannot be created), so the
	 * thousand commits cost no fsyncs. */
	struct progress *p = progress_open("/dev/null/x/progress.db", NULL);
	assert_non_null(p);
	assert_true(progress_is_memory(p));
	char line[32];
	for (int i = 0; i < PROGRESS_HISTORY_MAX + 5; i++) {
		snprintf(line, sizeof line, "%d", i);
		assert_true(progress_history_add(p, "c", line));
	}
	assert_true(progress_history_add(p, "d", "other"));
	struct collected c = { .stop_after = -1 };
	assert_true(progress_history_each(p, "c", collect_line, &c));
	assert_int_equal(c.calls, PROGRESS_HISTORY_MAX);
	assert_memory_equal(c.text, "5|6|7|", 6);
	progress_close(p);
}

static void test_close_and_queries_accept_null(void **state)
{
	(void)state;
	progress_close(NULL);
	assert_false(progress_is_memory(NULL));
	assert_int_equal(progress_part_state(NULL, "c", "q1.a"),
			 PROGRESS_NOT_STARTED);
	assert_int_equal(progress_attempt_count(NULL, "c", "q1.a"), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, \
						fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_part_state_follows_the_attempts),
		T(test_invalid_and_blank_answers_are_kept_but_not_counted),
		T(test_every_verdict_counts_as_progress_verdict_counts_says),
		T(test_record_rejects_an_unknown_verdict),
		T(test_answers_with_sql_quotes_are_stored_verbatim),
		T(test_megabyte_answer_with_invalid_utf8_round_trips),
		cmocka_unit_test(test_course_key_is_the_last_path_component),
		T(test_trailing_slash_names_the_same_course),
		T(test_each_attempt_goes_in_time_order),
		T(test_csv_export_quotes_commas_quotes_and_newlines),
		T(test_student_variant_and_reading_are_kept_and_exported),
		T(test_history_is_kept_per_course_oldest_first),
		cmocka_unit_test(test_history_keeps_only_the_newest_lines),
		cmocka_unit_test(test_close_and_queries_accept_null),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
