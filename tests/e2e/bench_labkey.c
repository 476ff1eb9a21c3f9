/* The lab key on a pseudo-terminal: the time from F9, written to the
 * tutor's terminal on a part's lesson, to the lab screen drawn (the last
 * byte of the burst that draws it), for one part of each question of the
 * bundled course, on an 80×24 and a 200×60 terminal. This is what the
 * student waits for: the lab computed, drawn on its canvas, rendered into
 * rows and sent to the terminal (bench_lab times the first three alone).
 *
 * Usage: bench_labkey CNNTUTOR [RUNS]   (default 5 per part and size)
 * Prints min, median and max in milliseconds (target < 100 ms); never
 * fails on time, and exits 1 only when a lab screen was not drawn. */
#define _XOPEN_SOURCE 600
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pty.h"

#define F9 "\033[20~"       /* xterm's kf9 */
#define QUIET_MS 150         /* no byte for this long: the screen is drawn */
#define LIMIT_MS 5000

static const char *const parts[] = {
	"q1.full", "q2.a", "q3.a.i", "q4.c", "q5", "q6.c", "q6.a",
};

static int by_value(const void *a, const void *b)
{
	double d = *(const double *)a - *(const double *)b;
	return (d > 0) - (d < 0);
}

/* Braille cells (U+2800..U+28FF: E2 A0..A3 xx) are on the lab screen, and
 * on no lesson. */
static bool has_braille(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if ((unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] >= 0xa0 &&
		    (unsigned char)s[i + 1] <= 0xa3)
			return true;
	return false;
}

static size_t out_len;
static char out[1 << 20];

/* Runs of F9 on part's lesson, then Esc back: the milliseconds of each, or
 * false when a lab screen never came. */
static bool time_part(const char *bin, const char *db, const char *part, int rows, int cols,
		      double *ms, int runs)
{
	char *argv[] = { (char *)bin, "--progress", (char *)db, "tutor", (char *)part, NULL };
	int master;
	pid_t pid = pty_spawn(argv, rows, cols, &master);
	if (pid < 0)
		return false;
	bool ok = true;
	out_len = 0;
	pty_read_until_quiet(master, QUIET_MS, LIMIT_MS, out, sizeof out, &out_len);
	for (int i = -1; i < runs && ok; i++) {
		out_len = 0;
		double t0 = pty_now_ms();
		if (write(master, F9, strlen(F9)) != (ssize_t)strlen(F9))
			ok = false;
		double last = pty_read_until_quiet(master, QUIET_MS, LIMIT_MS, out, sizeof out,
						   &out_len);
		if (last < 0 || !has_braille(out, out_len))
			ok = false;
		if (i >= 0)
			ms[i] = last - t0;
		/* Esc: back to the lesson, drawn before the next F9. */
		out_len = 0;
		if (write(master, "\033", 1) != 1)
			ok = false;
		pty_read_until_quiet(master, QUIET_MS, LIMIT_MS, out, sizeof out, &out_len);
	}
	pty_end(pid, master);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s CNNTUTOR [RUNS]\n", argv[0]);
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	if (runs < 1 || runs > 1000)
		runs = 5;
	char dir[] = "/tmp/cnntutor-labkey-XXXXXX", db[64];
	if (!pty_bench_setup(dir, db, sizeof db))
		return 2;

	double *ms = calloc((size_t)runs, sizeof *ms);
	static const int sizes[2][2] = { { 24, 80 }, { 60, 200 } };
	int failed = 0;
	printf("bench_labkey: F9 to the lab screen drawn on a pty, %d runs each "
	       "(the time of the last byte; target < 100 ms)\n", runs);
	for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++)
		for (int z = 0; z < 2; z++) {
			if (!time_part(argv[1], db, parts[p], sizes[z][0], sizes[z][1], ms, runs)) {
				fprintf(stderr, "bench_labkey: %s at %dx%d: no lab screen drawn\n",
					parts[p], sizes[z][1], sizes[z][0]);
				failed++;
				continue;
			}
			qsort(ms, (size_t)runs, sizeof *ms, by_value);
			printf("  %-8s %3dx%-3d min %6.1f ms  median %6.1f ms  max %6.1f ms\n",
			       z ? "" : parts[p], sizes[z][1], sizes[z][0], ms[0], ms[runs / 2],
			       ms[runs - 1]);
		}
	pty_bench_cleanup(dir, db);
	free(ms);
	return failed ? 1 : 0;
}
