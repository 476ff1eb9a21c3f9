/* Benchmark: what opening the progress store costs as it grows. For stores
 * of 500, 10 000 and 30 000 attempts (plus a full answer-line history) it
 * prints the file size, the time of PRAGMA quick_check alone (whole, and
 * without evaluating the CHECK constraints, as progress_open runs it), the
 * time of a whole progress_open + progress_close, and the time of
 * recording one attempt. Each figure is the best of several rounds
 * on a warm page cache. It reports; it never fails on time.
 *
 * Usage: bench_store [DIR] (a scratch directory, default /tmp). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "progress.h"

#define ROUNDS 15

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "bench_store: %s: %s\n", what, detail);
	exit(1);
}

/* A store of n attempts spread over the course's parts, answers of
 * realistic length, and PROGRESS_HISTORY_MAX history lines. The rows go in
 * through one raw transaction: recording them one by one would cost an
 * fsync each. */
static void build(const char *path, int n)
{
	char *notice = NULL;
	struct progress *p = progress_open(path, &notice);
	if (!p || notice || progress_is_memory(p))
		die("cannot create a store", notice ? notice : path);
	progress_close(p);
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die("cannot open", path);
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "BEGIN;"
		 "WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 "
		 " FROM i WHERE k < %d)"
		 "INSERT INTO attempt (time, course, part_id, answer, verdict,"
		 " hints_shown, steps_shown)"
		 " SELECT 1700000000 + k * 37, 'ift6135-a2',"
		 "  'q' || (1 + k %% 6) || '.' || char(97 + k %% 5),"
		 "  printf('(W%%d - K + 2*P)/S + 1 + %%d*x^2', k %% 9, k),"
		 "  CASE k %% 4 WHEN 0 THEN 'correct' WHEN 3 THEN 'invalid'"
		 "   ELSE 'incorrect' END, k %% 3, k %% 2 FROM i;"
		 "WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 "
		 " FROM i WHERE k < %d)"
		 "INSERT INTO history (course, line) SELECT 'ift6135-a2',"
		 " printf('conv((1,2,3,%%d), (1,0,2), \"full\")', k) FROM i;"
		 "COMMIT;", n, PROGRESS_HISTORY_MAX);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		die("cannot fill the store", err);
	sqlite3_close(db);
}

/* PRAGMA quick_check on a read-write connection (as the store opens the
 * file), with or without evaluating the CHECK constraints on every row. */
static double best_quick_check(const char *path, bool checks)
{
	double best = 1e9;
	for (int r = 0; r < ROUNDS; r++) {
		sqlite3 *db;
		sqlite3_stmt *st;
		if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
		    SQLITE_OK)
			die("cannot open", path);
		if (!checks)
			sqlite3_exec(db, "PRAGMA ignore_check_constraints = ON",
				     NULL, NULL, NULL);
		double t0 = now_ms();
		if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st,
				       NULL) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_ROW ||
		    strcmp((const char *)sqlite3_column_text(st, 0), "ok"))
			die("quick_check failed on", path);
		double t = now_ms() - t0;
		sqlite3_finalize(st);
		sqlite3_close(db);
		if (t < best)
			best = t;
	}
	return best;
}

static double best_open(const char *path)
{
	double best = 1e9;
	for (int r = 0; r < ROUNDS; r++) {
		char *notice = NULL;
		double t0 = now_ms();
		struct progress *p = progress_open(path, &notice);
		if (!p || notice || progress_is_memory(p))
			die("cannot open the store", notice ? notice : path);
		progress_close(p);
		double t = now_ms() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

static double best_record(const char *path)
{
	struct progress *p = progress_open(path, NULL);
	if (!p)
		die("cannot open the store", path);
	double best = 1e9;
	for (int r = 0; r < ROUNDS; r++) {
		struct progress_attempt a = {
			.time = 1800000000 + r, .course = "ift6135-a2",
			.part_id = "q2.a", .answer = "128*24*24",
			.verdict = "correct",
		};
		double t0 = now_ms();
		if (!progress_record(p, &a, NULL))
			die("cannot record into", path);
		double t = now_ms() - t0;
		if (t < best)
			best = t;
	}
	progress_close(p);
	return best;
}

int main(int argc, char **argv)
{
	char dir[256];
	snprintf(dir, sizeof dir, "%s/cnntutor-bench-XXXXXX",
		 argc > 1 ? argv[1] : "/tmp");
	if (!mkdtemp(dir))
		die("cannot make a scratch directory in",
		    argc > 1 ? argv[1] : "/tmp");
	static const int sizes[] = { 500, 10000, 30000 };
	printf("progress store, best of %d rounds, warm page cache\n", ROUNDS);
	printf("quick_check: whole, and without the CHECK constraints (what "
	       "open runs)\n");
	printf("%9s %9s %12s %12s %14s %12s\n", "attempts", "size",
	       "quick_check", "no CHECK", "open + close", "record one");
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char path[320];
		snprintf(path, sizeof path, "%s/store-%d.db", dir, sizes[i]);
		build(path, sizes[i]);
		struct stat st;
		if (stat(path, &st) != 0)
			die("cannot stat", path);
		double check = best_quick_check(path, true);
		double structure = best_quick_check(path, false);
		double open = best_open(path);
		double record = best_record(path);
		printf("%9d %7.2f MB %9.2f ms %9.2f ms %11.2f ms %9.2f ms\n",
		       sizes[i], (double)st.st_size / (1024.0 * 1024.0),
		       check, structure, open, record);
		const char *suffixes[] = { "", "-wal", "-shm", ".lock" };
		for (size_t k = 0; k < 4; k++) {
			char f[340];
			snprintf(f, sizeof f, "%s%s", path, suffixes[k]);
			unlink(f);
		}
	}
	rmdir(dir);
	return 0;
}
