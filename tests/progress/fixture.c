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

