/* Tests of damaged stores under load: many processes opening the same
 * damaged file at once, damage inside a big store, and damage a query
 * meets after open. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "progress.h"

/* ---- many processes on one damaged file ---------------------------------- */

#define RACE_CHILDREN 8
#define RACE_ROUNDS 40
#define RACE_ATTEMPTS 6

/* The bytes of a damaged store: a real one with some attempts, cut short,
 * so opening it takes the whole path (check, move aside, salvage). */
static void *damaged_store(const char *dir, size_t *size)
{
	char path[192];
	snprintf(path, sizeof path, "%s/template.db", dir);
	struct progress *p = open_quietly(path);
	char answer[300];
	for (int i = 0; i < 40; i++) {
		snprintf(answer, sizeof answer, "old%d %0200d", i, 0);
		record(p, i, "c", "q1.a", answer, "incorrect");
	}
	progress_close(p);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	*size = (size_t)st.st_size * 2 / 3;
	char *buf = malloc(*size);
	assert_non_null(buf);
	FILE *in = fopen(path, "rb");
	assert_non_null(in);
	assert_int_equal(fread(buf, 1, *size, in), *size);
	fclose(in);
	unlink(path);
	char lock[200];
	snprintf(lock, sizeof lock, "%s.lock", path);
	unlink(lock);
	return buf;
}

/* Remove everything in dir but keep dir. */
static void empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	char path[512];
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
	closedir(d);
}

static int count_corrupt(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "progress.db.corrupt-", 20) &&
		    !strstr(e->d_name, "-wal") && !strstr(e->d_name, "-shm"))
			n++;
	closedir(d);
	return n;
}

/* One child: wait for the start signal, open, record, and report each
 * attempt on the pipe only after progress_record returned true (what the
 * tutor does before showing a verdict). */
static void race_child(const char *path, int child, int start_fd,
		       int report_fd)
{
	char go;
	if (read(start_fd, &go, 1) < 0)
		_exit(2);
	struct progress *p = progress_open(path, NULL);
	if (!p)
		_exit(3);
	char answer[32];
	for (int i = 0; i < RACE_ATTEMPTS; i++) {
		snprintf(answer, sizeof answer, "c%d-%d", child, i);
		struct progress_attempt a = {
			.time = 1000 + i, .course = "c", .part_id = "q1.b",
			.answer = answer, .verdict = "incorrect",
		};
		if (!progress_record(p, &a, NULL))
			continue;
		int id = child * RACE_ATTEMPTS + i;
		if (write(report_fd, &id, sizeof id) != sizeof id)
			_exit(4);
	}
	progress_close(p);
	_exit(0);
}

static bool mark_answer(const struct progress_attempt *a, void *data)
{
	bool *seen = data;
	int child, i;
	if (sscanf(a->answer, "c%d-%d", &child, &i) == 2 && child >= 0 &&
	    child < RACE_CHILDREN && i >= 0 && i < RACE_ATTEMPTS)
		seen[child * RACE_ATTEMPTS + i] = true;
	return true;
}

static void test_many_processes_on_a_damaged_file_lose_no_attempt(void **state)
{
	struct fixture *f = *state;
	size_t size;
	void *damaged = damaged_store(f->dir, &size);
	int lost = 0, bad_rounds = 0, extra_moves = 0;
	for (int round = 0; round < RACE_ROUNDS; round++) {
		empty_dir(f->dir);
		write_file(f->path, damaged, size);
		int start[2], report[2];
		assert_int_equal(pipe(start), 0);
		assert_int_equal(pipe(report), 0);
		pid_t pids[RACE_CHILDREN];
		for (int c = 0; c < RACE_CHILDREN; c++) {
			pids[c] = fork();
			assert_true(pids[c] >= 0);
			if (pids[c] == 0) {
				close(start[1]);
				close(report[0]);
				race_child(f->path, c, start[0], report[1]);
			}
		}
		close(start[0]);
		close(report[1]);
		/* Closing the write end wakes every child at once. */
		close(start[1]);
		bool reported[RACE_CHILDREN * RACE_ATTEMPTS] = { false };
		int id;
		while (read(report[0], &id, sizeof id) == sizeof id)
			if (id >= 0 && id < RACE_CHILDREN * RACE_ATTEMPTS)
				reported[id] = true;
		close(report[0]);
		for (int c = 0; c < RACE_CHILDREN; c++) {
			int status;
			assert_int_equal(waitpid(pids[c], &status, 0), pids[c]);
			assert_true(WIFEXITED(status));
			assert_int_equal(WEXITSTATUS(status), 0);
		}
		/* Every reported attempt is in the file at the path. */
		bool seen[RACE_CHILDREN * RACE_ATTEMPTS] = { false };
		struct progress *p = open_quietly(f->path);
		assert_true(progress_each_attempt(p, "c", mark_answer, seen));
		progress_close(p);
		int missing = 0;
		for (int k = 0; k < RACE_CHILDREN * RACE_ATTEMPTS; k++)
			missing += reported[k] && !seen[k];
		lost += missing;
		bad_rounds += missing > 0;
		/* One process moved the damaged file aside; the others found
		 * the fresh one and used it. */
		extra_moves += count_corrupt(f->dir) - 1;
	}
	free(damaged);
	print_message("%d rounds of %d processes: %d rounds lost attempts "
		      "(%d attempts in all), %d extra files moved aside\n",
		      RACE_ROUNDS, RACE_CHILDREN, bad_rounds, lost,
		      extra_moves);
	assert_int_equal(lost, 0);
	assert_int_equal(extra_moves, 0);
}

/* ---- the lock file --------------------------------------------------------- */

/* Overwrite the first bytes of path from a child process: closing a
 * descriptor of the database in this process would drop the POSIX locks
 * SQLite holds on it for the stores we have open. */
static void scribble_from_child(const char *path, off_t at, size_t n)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *out = fopen(path, "r+b");
		if (!out || fseek(out, at, SEEK_SET) != 0)
			_exit(1);
		for (size_t i = 0; i < n; i++)
			putc((int)(i * 37 + 11) & 0xff, out);
		_exit(fclose(out) == 0 ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_a_damaged_file_another_store_has_open_stays_in_place(void **state)
{
	struct fixture *f = *state;
	struct progress *live = open_quietly(f->path);
	record(live, 1, "c", "q1.a", "1", "correct");
	progress_close(live);
	/* Open again, so that page 1 is read from the file, not the WAL. */
	live = open_quietly(f->path);
	scribble_from_child(f->path, 0, 100);

	char *notice;
	struct progress *p = open_with_notice(f->path, true, &notice);
	assert_non_null(strstr(notice, "another cnntutor still has it open"));
	assert_non_null(strstr(notice, "left in place"));
	free(notice);
	progress_close(p);
	char aside[256];
	find_corrupt(f->dir, aside, sizeof aside);
	assert_string_equal(aside, "");
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	progress_close(live);
}

static void test_without_a_lock_file_a_damaged_file_is_not_moved(void **state)
{
	struct fixture *f = *state;
	char lock[192];
	snprintf(lock, sizeof lock, "%s.lock", f->path);
	assert_int_equal(mkdir(lock, 0700), 0);
	/* A good file is used all the same... */
	struct progress *p = open_quietly(f->path);
	assert_false(progress_is_memory(p));
	record(p, 1, "c", "q1.a", "1", "correct");
	progress_close(p);
	/* ...but a damaged one is not renamed without the lock. */
	write_file(f->path, "not a database, not at all", 26);
	char *notice;
	p = open_with_notice(f->path, true, &notice);
	assert_non_null(strstr(notice, "nor moved aside (cannot lock"));
	assert_non_null(strstr(notice, lock));
	free(notice);
	progress_close(p);
	char aside[256];
	find_corrupt(f->dir, aside, sizeof aside);
	assert_string_equal(aside, "");
}

/* ---- damage inside a big store -------------------------------------------- */

/* n attempts at part q1.a of course "c", attempt k at time k with answer
 * intact_answer(k), so a row read back can be checked whole. Written in
 * one raw transaction: recording them one by one costs an fsync each. */
static void fill_store(const char *path, int n)
{
	progress_close(open_quietly(path));
	char sql[512];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 "
		 " FROM i WHERE k < %d - 1)"
		 "INSERT INTO attempt (time, course, part_id, answer, verdict)"
		 " SELECT k, 'c', 'q1.a', printf('a%%d %%0200d', k, 0),"
		 " 'incorrect' FROM i", n);
	exec_sql(path, sql);
}

/* The number of the table leaf page (type byte 13) nearest the middle of
 * the file: in a store of attempts only, one full of attempts. */
static long middle_attempt_page(const char *path, long *page_size)
{
	FILE *in = fopen(path, "rb");
	assert_non_null(in);
	unsigned char header[100];
	assert_int_equal(fread(header, 1, sizeof header, in), sizeof header);
	*page_size = header[16] << 8 | header[17];
	fseek(in, 0, SEEK_END);
	long pages = ftell(in) / *page_size, found = -1;
	for (long d = 0; d < pages / 2 && found < 0; d++)
		for (int sign = -1; sign <= 1 && found < 0; sign += 2) {
			long page = pages / 2 + sign * d;  /* 1-based */
			if (page < 2 || page > pages)
				continue;
			fseek(in, (page - 1) * *page_size, SEEK_SET);
			if (getc(in) == 13)
				found = page;
		}
	fclose(in);
	assert_true(found > 0);
	return found;
}

/* Write pseudo-random bytes over one whole page. */
static void scribble_page(const char *path, long page, long page_size)
{
	FILE *out = fopen(path, "r+b");
	assert_non_null(out);
	assert_int_equal(fseek(out, (page - 1) * page_size, SEEK_SET), 0);
	srand(7);
	for (long i = 0; i < page_size; i++)
		putc(rand() & 0xff, out);
	assert_int_equal(fclose(out), 0);
}

#define BIG_ATTEMPTS 6000

static void test_a_scribbled_page_in_a_big_store_is_found_at_open(void **state)
{
	struct fixture *f = *state;
	fill_store(f->path, BIG_ATTEMPTS);
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_true(st.st_size > 1024 * 1024);
	long page_size, page = middle_attempt_page(f->path, &page_size);
	scribble_page(f->path, page, page_size);

	char *notice;
	struct progress *p = open_with_notice(f->path, false, &notice);
	assert_non_null(strstr(notice, "moved to"));
	char aside[256];
	find_corrupt(f->dir, aside, sizeof aside);
	assert_non_null(strstr(notice, aside));
	int kept = progress_attempt_count(p, "c", "q1.a");
	char says[64];
	snprintf(says, sizeof says, " %d earlier attempts could still be read "
		 "and were kept.", kept);
	assert_non_null(strstr(notice, says));
	print_message("page %ld of %lld scribbled: %d of %d attempts kept\n",
		      page, (long long)st.st_size / page_size, kept,
		      BIG_ATTEMPTS);
	free(notice);
	/* Only the rows of the scribbled page are lost: reading goes on
	 * past it. A 4 KB page holds about 18 of these rows. */
	assert_true(kept < BIG_ATTEMPTS);
	assert_true(kept >= BIG_ATTEMPTS - 40);
	struct intact in = INTACT_INIT;
	assert_true(progress_each_attempt(p, "c", check_intact, &in));
	assert_int_equal(in.bad, 0);
	assert_int_equal(in.seen, kept);
	assert_null(progress_damage(p));
	progress_close(p);
}

static void test_damage_met_after_open_shows_what_can_be_read(void **state)
{
	struct fixture *f = *state;
	fill_store(f->path, 2000);
	struct progress *p = open_quietly(f->path);
	long page_size, page = middle_attempt_page(f->path, &page_size);
	scribble_from_child(f->path, (page - 1) * page_size, (size_t)page_size);
	/* Another connection commits, so p's next read drops its page cache
	 * and reads the file again. */
	exec_sql(f->path, "INSERT INTO history (course, line) VALUES ('c', 'x')");

	char *csv = export_csv(p, "c", false);
	int rows = -1;
	for (char *c = csv; (c = strstr(c, "\r\n")); c += 2)
		rows++;
	print_message("page %ld scribbled after open: %d of 2000 attempts "
		      "exported\n", page, rows);
	assert_true(rows > 2000 - 40 && rows < 2000);
	const char *damage = progress_damage(p);
	assert_non_null(damage);
	assert_non_null(strstr(damage, f->path));
	assert_non_null(strstr(damage, "is damaged"));
	char says[64];
	snprintf(says, sizeof says, ": %d attempts in it could still be read",
		 rows);
	assert_non_null(strstr(damage, says));
	free(csv);
	progress_close(p);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, \
						fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_many_processes_on_a_damaged_file_lose_no_attempt),
		T(test_a_damaged_file_another_store_has_open_stays_in_place),
		T(test_without_a_lock_file_a_damaged_file_is_not_moved),
		T(test_a_scribbled_page_in_a_big_store_is_found_at_open),
		T(test_damage_met_after_open_shows_what_can_be_read),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
