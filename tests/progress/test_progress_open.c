/* Tests of opening the progress store: directories and modes, every way
 * the file can be bad (garbage, truncation, a foreign or newer database,
 * nowhere to write), the default path, kill -9 mid-session, and two
 * processes at once. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "progress.h"

static void test_open_creates_private_directories_and_file(void **state)
{
	struct fixture *f = *state;
	char path[192];
	snprintf(path, sizeof path, "%s/a/b/progress.db", f->dir);
	struct progress *p = open_quietly(path);
	assert_false(progress_is_memory(p));
	progress_close(p);
	struct stat st;
	char dir[192];
	snprintf(dir, sizeof dir, "%s/a/b", f->dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

/* ---- bad files ----------------------------------------------------------- */

static void expect_moved_aside(struct fixture *f, const char *old_content,
			       size_t old_len)
{
	char *notice = NULL;
	struct progress *p = progress_open(f->path, &notice);
	assert_non_null(p);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "moved to"));
	assert_non_null(strstr(notice, ".corrupt-"));
	assert_false(progress_is_memory(p));
	char aside[256];
	find_corrupt(f->dir, aside, sizeof aside);
	assert_true(aside[0] != '\0');
	assert_non_null(strstr(notice, aside));
	free(notice);
	if (old_content) {
		FILE *in = fopen(aside, "rb");
		assert_non_null(in);
		char buf[8192];
		size_t n = fread(buf, 1, sizeof buf, in);
		fclose(in);
		assert_int_equal(n, old_len);
		assert_memory_equal(buf, old_content, old_len);
	}
	/* The fresh database works and survives a reopen. */
	record(p, 5, "c", "q1.a", "1", "correct");
	progress_close(p);
	p = open_quietly(f->path);
	assert_int_equal(progress_part_state(p, "c", "q1.a"),
			 PROGRESS_CORRECT);
	progress_close(p);
}

static void test_garbage_file_is_moved_aside(void **state)
{
	struct fixture *f = *state;
	char garbage[4096];
	srand(42);
	for (size_t i = 0; i < sizeof garbage; i++)
		garbage[i] = (char)(rand() & 0xff);
	write_file(f->path, garbage, sizeof garbage);
	expect_moved_aside(f, garbage, sizeof garbage);
}

static void test_truncated_database_is_moved_aside(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	char answer[200];
	memset(answer, 'x', sizeof answer - 1);
	answer[sizeof answer - 1] = '\0';
	for (int i = 0; i < 30; i++)
		assert_true(progress_history_add(p, "c", answer));
	progress_close(p);
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_true(st.st_size > 8192);
	assert_int_equal(truncate(f->path, st.st_size / 2 + 100), 0);
	expect_moved_aside(f, NULL, 0);
}

static void test_readable_attempts_of_a_damaged_file_are_kept(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	char answer[256];
	for (int i = 0; i < 200; i++) {
		intact_answer(answer, sizeof answer, i);
		record(p, i, "c", "q1.a", answer, "incorrect");
	}
	progress_close(p);
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(truncate(f->path, st.st_size * 3 / 4), 0);

	char *notice = NULL;
	p = progress_open(f->path, &notice);
	assert_non_null(p);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "moved to"));
	assert_non_null(strstr(notice, "could still be read"));
	free(notice);
	int kept = progress_attempt_count(p, "c", "q1.a");
	assert_true(kept > 0 && kept < 200);
	/* Which rows survive depends on which pages the cut took; what is
	 * kept must be real rows, whole. */
	struct intact in = INTACT_INIT;
	assert_true(progress_each_attempt(p, "c", check_intact, &in));
	assert_int_equal(in.bad, 0);
	assert_int_equal(in.seen, kept);
	progress_close(p);
}

static void test_foreign_database_is_moved_aside(void **state)
{
	struct fixture *f = *state;
	exec_sql(f->path, "CREATE TABLE attempt (x); INSERT INTO attempt "
		 "VALUES (1);");
	expect_moved_aside(f, NULL, 0);
}

static void test_newer_schema_is_left_untouched(void **state)
{
	struct fixture *f = *state;
	struct progress *p = open_quietly(f->path);
	record(p, 1, "c", "q1.a", "1", "correct");
	progress_close(p);
	exec_sql(f->path, "PRAGMA user_version = 99");

	char *notice;
	p = open_with_notice(f->path, true, &notice);
	assert_non_null(strstr(notice, "newer"));
	free(notice);
	record(p, 2, "c", "q1.b", "1", "correct");
	progress_close(p);
	char aside[256];
	find_corrupt(f->dir, aside, sizeof aside);
	assert_string_equal(aside, "");
	char *rows = query_text(f->path, "SELECT count(*) FROM attempt");
	assert_string_equal(rows, "1");
	free(rows);
}

static void test_path_under_a_regular_file_gives_a_memory_store(void **state)
{
	(void)state;
	/* Creating a directory under a file fails even for root, unlike
	 * a chmod'ed directory. */
	char *notice = NULL;
	struct progress *p = progress_open("/dev/null/cnntutor/progress.db",
					   &notice);
	assert_non_null(p);
	assert_true(progress_is_memory(p));
	assert_non_null(notice);
	assert_non_null(strstr(notice, "/dev/null/cnntutor/progress.db"));
	assert_non_null(strstr(notice, "in memory"));
	free(notice);
	record(p, 1, "c", "q1.a", "1", "correct");
	assert_int_equal(progress_part_state(p, "c", "q1.a"),
			 PROGRESS_CORRECT);
	progress_close(p);
}

static void test_directory_at_the_path_gives_a_memory_store(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mkdir(f->path, 0700), 0);
	char *notice;
	struct progress *p = open_with_notice(f->path, true, &notice);
	free(notice);
	progress_close(p);
}

static void test_read_only_directory_keeps_old_attempts_in_memory(void **state)
{
	struct fixture *f = *state;
	if (geteuid() == 0)
		skip();  /* permissions do not stop root */
	struct progress *p = open_quietly(f->path);
	record(p, 1, "c", "q1.a", "1", "correct");
	progress_close(p);
	assert_int_equal(chmod(f->path, 0400), 0);
	assert_int_equal(chmod(f->dir, 0500), 0);
	char *notice;
	p = open_with_notice(f->path, true, &notice);
	free(notice);
	assert_int_equal(progress_part_state(p, "c", "q1.a"),
			 PROGRESS_CORRECT);
	record(p, 2, "c", "q1.b", "1", "incorrect");
	progress_close(p);
}

/* ---- schema versions ------------------------------------------------------ */

/* A store as cnntutor wrote it at schema version 1, with the schema SQL of
 * that version, n attempts (ids with gaps, every verdict of the time, hints
 * and steps) and some history. */
static void make_v1_store(const char *path, int n)
{
	static const char v1[] =
		"PRAGMA journal_mode = WAL;"
		"BEGIN IMMEDIATE;"
		"CREATE TABLE IF NOT EXISTS attempt ("
		" id INTEGER PRIMARY KEY,"
		" time INTEGER NOT NULL,"
		" course TEXT NOT NULL,"
		" part_id TEXT NOT NULL,"
		" answer TEXT NOT NULL,"
		" verdict TEXT NOT NULL CHECK (verdict IN"
		"  ('correct', 'incorrect', 'invalid', 'unknown')),"
		" hints_shown INTEGER NOT NULL DEFAULT 0,"
		" steps_shown INTEGER NOT NULL DEFAULT 0);"
		"CREATE INDEX IF NOT EXISTS attempt_by_part"
		" ON attempt (course, part_id, verdict);"
		"CREATE TABLE IF NOT EXISTS history ("
		" id INTEGER PRIMARY KEY,"
		" course TEXT NOT NULL,"
		" line TEXT NOT NULL);"
		"CREATE INDEX IF NOT EXISTS history_by_course"
		" ON history (course, id);"
		"PRAGMA application_id = 1129205332; PRAGMA user_version = 1;"
		"COMMIT;";
	exec_sql(path, v1);
	char sql[640];
	snprintf(sql, sizeof sql,
		 "BEGIN;"
		 "WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 "
		 " FROM i WHERE k < %d)"
		 "INSERT INTO attempt (id, time, course, part_id, answer,"
		 " verdict, hints_shown, steps_shown)"
		 " SELECT 3 * k, 1700000000 + k, 'c', 'q1.' || char(97 + k %% 3),"
		 "  printf('v1 answer %%d, %%0200d', k, 0),"
		 "  CASE k %% 4 WHEN 0 THEN 'correct' WHEN 1 THEN 'incorrect'"
		 "   WHEN 2 THEN 'invalid' ELSE 'unknown' END, k %% 3, k %% 2"
		 " FROM i;"
		 "INSERT INTO history (course, line) VALUES ('c', 'W - K'),"
		 " ('c', '8');"
		 "COMMIT;", n);
	exec_sql(path, sql);
}

/* Every version 1 column of every row, in id order, in one string. */
#define V1_ROWS "SELECT count(*) || ':' || group_concat(id || ',' || time " \
	"|| ',' || course || ',' || part_id || ',' || answer || ',' || " \
	"verdict || ',' || hints_shown || ',' || steps_shown, ';') FROM " \
	"(SELECT * FROM attempt ORDER BY id)"

static void test_a_version_1_file_is_upgraded_in_place(void **state)
{
	struct fixture *f = *state;
	make_v1_store(f->path, 300);
	char *before = query_text(f->path, V1_ROWS);
	assert_non_null(strstr(before, "300:3,1700000001,c,q1.b,v1 answer 1,"));

	struct progress *p = open_quietly(f->path);
	assert_false(progress_is_memory(p));
	/* The rows count as they did, and the new schema takes new rows. */
	assert_int_equal(progress_part_state(p, "c", "q1.a"),
			 PROGRESS_CORRECT);
	struct progress_attempt a = {
		.time = 1800000000, .course = "c", .part_id = "q1.a",
		.answer = "", .verdict = "blank", .student = "s1",
		.variant = 2, .interpreted = "nothing",
	};
	char *error = NULL;
	assert_true(progress_record(p, &a, &error));
	assert_null(error);
	progress_close(p);

	char *version = query_text(f->path, "PRAGMA user_version");
	assert_string_equal(version, "2");
	free(version);
	/* Every old row, its id kept, is there unchanged, with the new
	 * columns at their defaults. */
	char *after = query_text(f->path, V1_ROWS " WHERE id <= 900");
	assert_string_equal(after, before);
	char *defaults = query_text(f->path, "SELECT count(*) FROM attempt "
				    "WHERE student = '' AND variant = 0 AND "
				    "interpreted = '' AND id <= 900");
	assert_string_equal(defaults, "300");
	char *added = query_text(f->path, "SELECT student || variant || "
				 "interpreted || verdict FROM attempt "
				 "WHERE id > 900");
	assert_string_equal(added, "s12nothingblank");
	char *objects = query_text(f->path, "SELECT group_concat(name || '/' "
				   "|| tbl_name, ' ') FROM (SELECT * FROM "
				   "sqlite_master ORDER BY name)");
	assert_string_equal(objects, "attempt/attempt "
			    "attempt_by_part/attempt history/history "
			    "history_by_course/history");
	char *history = query_text(f->path, "SELECT group_concat(line, '|') "
				   "FROM history");
	assert_string_equal(history, "W - K|8");
	free(before);
	free(after);
	free(defaults);
	free(added);
	free(objects);
	free(history);
}

static void test_a_failed_upgrade_leaves_the_file_as_it_was(void **state)
{
	struct fixture *f = *state;
	make_v1_store(f->path, 50);
	/* A table of that name makes the rebuild fail halfway, after the
	 * index is dropped and before the copy. */
	exec_sql(f->path, "CREATE TABLE attempt_before_v2 (x)");
	char *before = query_text(f->path, V1_ROWS);

	char *notice;
	struct progress *p = open_with_notice(f->path, true, &notice);
	assert_non_null(strstr(notice, "could not be upgraded from schema 1 "
			       "to 2"));
	assert_non_null(strstr(notice, "attempt_before_v2"));
	free(notice);
	progress_close(p);

	char *version = query_text(f->path, "PRAGMA user_version");
	assert_string_equal(version, "1");
	char *after = query_text(f->path, V1_ROWS);
	assert_string_equal(after, before);
	char *index = query_text(f->path, "SELECT count(*) FROM sqlite_master "
				 "WHERE name = 'attempt_by_part'");
	assert_string_equal(index, "1");
	free(version);
	free(before);
	free(after);
	free(index);
}

static void test_a_damaged_version_1_file_is_salvaged(void **state)
{
	struct fixture *f = *state;
	make_v1_store(f->path, 200);
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(truncate(f->path, st.st_size * 3 / 4), 0);
	char *notice;
	struct progress *p = open_with_notice(f->path, false, &notice);
	assert_non_null(strstr(notice, "moved to"));
	assert_non_null(strstr(notice, "could still be read"));
	free(notice);
	int kept = progress_attempt_count(p, "c", "q1.a") +
		progress_attempt_count(p, "c", "q1.b") +
		progress_attempt_count(p, "c", "q1.c");
	assert_true(kept > 0);
	progress_close(p);
	char *version = query_text(f->path, "PRAGMA user_version");
	assert_string_equal(version, "2");
	free(version);
}

/* ---- the default path ---------------------------------------------------- */

static void test_default_path_follows_xdg_state_home_then_home(void **state)
{
	(void)state;
	const char *home = getenv("HOME");
	char *saved_home = home ? strdup(home) : NULL;
	setenv("XDG_STATE_HOME", "/x/state", 1);
	setenv("HOME", "/home/s", 1);
	char *path = progress_default_path();
	assert_string_equal(path, "/x/state/cnntutor/progress.db");
	free(path);
	setenv("XDG_STATE_HOME", "relative/is/ignored", 1);
	path = progress_default_path();
	assert_string_equal(path, "/home/s/.local/state/cnntutor/progress.db");
	free(path);
	unsetenv("XDG_STATE_HOME");
	path = progress_default_path();
	assert_string_equal(path, "/home/s/.local/state/cnntutor/progress.db");
	free(path);
	unsetenv("HOME");
	assert_null(progress_default_path());

	char *notice = NULL;
	struct progress *p = progress_open(NULL, &notice);
	assert_non_null(p);
	assert_true(progress_is_memory(p));
	assert_non_null(notice);
	assert_non_null(strstr(notice, "HOME"));
	free(notice);
	progress_close(p);
	if (saved_home)
		setenv("HOME", saved_home, 1);
	free(saved_home);
}

static void test_open_without_a_path_uses_the_default(void **state)
{
	struct fixture *f = *state;
	setenv("XDG_STATE_HOME", f->dir, 1);
	struct progress *p = open_quietly(NULL);
	record(p, 1, "c", "q1.a", "1", "correct");
	progress_close(p);
	char path[192];
	snprintf(path, sizeof path, "%s/cnntutor/progress.db", f->dir);
	p = open_quietly(path);
	assert_int_equal(progress_attempt_count(p, "c", "q1.a"), 1);
	progress_close(p);
	unsetenv("XDG_STATE_HOME");
}

/* ---- kill -9 -------------------------------------------------------------- */

/* The child records attempts as fast as it can and writes each one's
 * number to the pipe only after progress_record returned: the same order
 * as the tutor, which shows a verdict only after recording it. */
static void record_until_killed(const char *path, int fd)
{
	struct progress *p = progress_open(path, NULL);
	if (!p)
		_exit(3);
	char answer[32], line[32];
	for (int i = 0; ; i++) {
		snprintf(answer, sizeof answer, "a%d", i);
		struct progress_attempt a = {
			.time = i, .course = "c", .part_id = "q1.a",
			.answer = answer, .verdict = "incorrect",
		};
		if (!progress_record(p, &a, NULL))
			_exit(4);
		int n = snprintf(line, sizeof line, "%d\n", i);
		if (write(fd, line, (size_t)n) != n)
			_exit(5);
	}
}

static bool mark_seen(const struct progress_attempt *a, void *data)
{
	char *seen = data;
	int i = atoi(a->answer + 1);
	if (i >= 0 && i < 100000)
		seen[i] = 1;
	return true;
}

static void test_kill_9_loses_no_reported_attempt(void **state)
{
	struct fixture *f = *state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		record_until_killed(f->path, fds[1]);
	}
	close(fds[1]);
	/* Let it get going, then kill it at whatever point it is at. */
	FILE *in = fdopen(fds[0], "r");
	assert_non_null(in);
	int reported = -1, n;
	while (reported < 40 && fscanf(in, "%d", &n) == 1)
		reported = n;
	assert_int_equal(reported, 40);
	assert_int_equal(kill(pid, SIGKILL), 0);
	/* Numbers already in the pipe were reported before the kill. */
	while (fscanf(in, "%d", &n) == 1)
		reported = n;
	fclose(in);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	struct progress *p = open_quietly(f->path);
	char *seen = calloc(100000, 1);
	assert_non_null(seen);
	assert_true(progress_each_attempt(p, "c", mark_seen, seen));
	for (int i = 0; i <= reported; i++)
		if (!seen[i])
			fail_msg("attempt %d was reported but is not in the "
				 "database", i);
	assert_true(progress_attempt_count(p, "c", "q1.a") >= reported + 1);
	free(seen);
	progress_close(p);
}

/* ---- two processes at once ------------------------------------------------ */

static void record_many(const char *path, const char *part, int n)
{
	struct progress *p = progress_open(path, NULL);
	if (!p || progress_is_memory(p))
		_exit(3);
	for (int i = 0; i < n; i++) {
		struct progress_attempt a = {
			.time = i, .course = "c", .part_id = part,
			.answer = "1", .verdict = "incorrect",
		};
		if (!progress_record(p, &a, NULL))
			_exit(4);
	}
	progress_close(p);
	_exit(0);
}

static void test_two_processes_can_record_into_a_new_file(void **state)
{
	struct fixture *f = *state;
	pid_t pids[2];
	const char *parts[2] = { "q1.a", "q1.b" };
	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			record_many(f->path, parts[i], 60);
	}
	for (int i = 0; i < 2; i++) {
		int status;
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	struct progress *p = open_quietly(f->path);
	assert_int_equal(progress_attempt_count(p, "c", "q1.a"), 60);
	assert_int_equal(progress_attempt_count(p, "c", "q1.b"), 60);
	progress_close(p);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, \
						fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_open_creates_private_directories_and_file),
		T(test_garbage_file_is_moved_aside),
		T(test_truncated_database_is_moved_aside),
		T(test_readable_attempts_of_a_damaged_file_are_kept),
		T(test_foreign_database_is_moved_aside),
		T(test_newer_schema_is_left_untouched),
		T(test_a_version_1_file_is_upgraded_in_place),
		T(test_a_failed_upgrade_leaves_the_file_as_it_was),
		T(test_a_damaged_version_1_file_is_salvaged),
		cmocka_unit_test(test_path_under_a_regular_file_gives_a_memory_store),
		T(test_directory_at_the_path_gives_a_memory_store),
		T(test_read_only_directory_keeps_old_attempts_in_memory),
		cmocka_unit_test(test_default_path_follows_xdg_state_home_then_home),
		T(test_open_without_a_path_uses_the_default),
		T(test_kill_9_loses_no_reported_attempt),
		T(test_two_processes_can_record_into_a_new_file),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
