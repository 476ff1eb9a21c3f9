/* Shared by the progress test programs: a temporary directory per test,
 * and short ways to open a store and record an attempt that fail the test
 * on any surprise. */
/* nftw is XSI. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "fixture.h"

int fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	strcpy(f->dir, "/tmp/cnntutor-progress-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/progress.db", f->dir);
	*state = f;
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	chmod(path, 0700);
	return remove(path);
}

int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	chmod(f->dir, 0700);
	nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

struct progress *open_quietly(const char *path)
{
	char *notice = NULL;
	struct progress *p = progress_open(path, &notice);
	assert_non_null(p);
	if (notice)
		fail_msg("unexpected notice: %s", notice);
	return p;
}

void record(struct progress *p, int64_t time, const char *course,
		   const char *part, const char *answer, const char *verdict)
{
	struct progress_attempt a = {
		.time = time, .course = course, .part_id = part,
		.answer = answer, .verdict = verdict,
		.hints_shown = 1, .steps_shown = 2,
	};
	char *error = NULL;
	bool ok = progress_record(p, &a, &error);
	if (!ok)
		fail_msg("record failed: %s", error ? error : "(no message)");
	assert_null(error);
}

void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* Name of the first "progress.db.corrupt-*" in dir, or "" if none. */
void find_corrupt(const char *dir, char *out, size_t size)
{
	out[0] = '\0';
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "progress.db.corrupt-", 20) &&
		    !strstr(e->d_name, "-wal")) {
			int n = snprintf(out, size, "%s/%s", dir, e->d_name);
			assert_true(n > 0 && (size_t)n < size);
			break;
		}
	closedir(d);
}


struct progress *open_with_notice(const char *path, bool memory,
				  char **notice)
{
	*notice = NULL;
	struct progress *p = progress_open(path, notice);
	assert_non_null(p);
	assert_non_null(*notice);
	if (progress_is_memory(p) != memory)
		fail_msg("%s, against the test's expectation: %s",
			 memory ? "not in memory" : "in memory", *notice);
	return p;
}

char *export_csv(struct progress *p, const char *course, bool ok)
{
	char *csv = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&csv, &n);
	assert_non_null(out);
	assert_int_equal(progress_export_csv(p, course, out), ok);
	assert_int_equal(fclose(out), 0);
	return csv;
}

void intact_answer(char *out, size_t size, int64_t t)
{
	snprintf(out, size, "a%lld %0200d", (long long)t, 0);
}

bool check_intact(const struct progress_attempt *a, void *data)
{
	struct intact *in = data;
	char want[256];
	intact_answer(want, sizeof want, a->time);
	if (strcmp(a->answer, want) != 0 || a->time <= in->last_time ||
	    strcmp(a->verdict, "incorrect") != 0)
		in->bad++;
	in->last_time = a->time;
	in->seen++;
	return true;
}

void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", path, err ? err : "(no message)");
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

char *query_text(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *t = (const char *)sqlite3_column_text(st, 0);
	char *copy = strdup(t ? t : "(null)");
	assert_non_null(copy);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	return copy;
}
