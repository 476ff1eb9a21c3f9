/* Startup time of the full-screen tutor: from fork+exec to the first drawn
 * screen, measured on a pseudo-terminal the way a student's terminal sees
 * it. The clock stops when the map's key bar (its last row, written by the
 * first doupdate) has arrived on the terminal; then 'q' quits the tutor.
 *
 * Usage: bench_startup CNNTUTOR [RUNS]   (default 50 runs)
 * Prints min, median, mean and max in milliseconds; exits 1 if any run
 * fails to draw within 5 seconds. */
#define _XOPEN_SOURCE 600
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pty.h"

#define MARKER "resume"   /* in the map's key bar, the last row drawn */

static double now_ms(void)
{
	return pty_now_ms();
}

static bool contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(hay + i, needle, n))
			return true;
	return false;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* One run: returns the milliseconds to the first screen, or -1. */
static double run_once(const char *bin, const char *db)
{
	char *argv[] = { (char *)bin, "--progress", (char *)db, NULL };
	int master;
	double start = now_ms();
	pid_t pid = pty_spawn(argv, 24, 80, &master);
	if (pid < 0)
		return -1;
	/* Read what the tutor draws until the marker shows up. A marker split
	 * across two reads is caught by keeping the tail of the last read. */
	char buf[8192 + sizeof MARKER];
	size_t kept = 0;
	double drawn = -1;
	while (drawn < 0 && now_ms() - start < 5000) {
		struct pollfd p = { master, POLLIN, 0 };
		if (poll(&p, 1, 100) <= 0)
			continue;
		ssize_t n = read(master, buf + kept, sizeof buf - kept - 1);
		if (n <= 0)
			break;
		size_t len = kept + (size_t)n;
		buf[len] = '\0';
		if (contains(buf, len, MARKER))
			drawn = now_ms() - start;
		kept = len < sizeof MARKER ? len : sizeof MARKER - 1;
		memmove(buf, buf + len - kept, kept);
	}
	if (write(master, "q", 1) != 1 || drawn < 0)
		kill(pid, SIGKILL);
	/* Drain until the tutor exits, so it never blocks on a full pty. */
	for (int i = 0; i < 100; i++) {
		int status;
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		char sink[4096];
		struct pollfd p = { master, POLLIN, 0 };
		if (poll(&p, 1, 50) > 0 && read(master, sink, sizeof sink) < 0
		    && errno != EINTR && errno != EAGAIN)
			break;
		if (i == 99) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
	}
	close(master);
	return drawn;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s CNNTUTOR [RUNS]\n", argv[0]);
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 50;
	if (runs < 1 || runs > 10000)
		runs = 50;
	char dir[] = "/tmp/cnntutor-bench-XXXXXX", db[64];
	if (!pty_bench_setup(dir, db, sizeof db))
		return 2;

	double *ms = calloc((size_t)runs, sizeof *ms);
	int failed = 0;
	run_once(argv[1], db);  /* warm the page cache and create the store */
	for (int i = 0; i < runs; i++) {
		ms[i] = run_once(argv[1], db);
		if (ms[i] < 0)
			failed++;
	}
	pty_bench_cleanup(dir, db);
	if (failed) {
		fprintf(stderr, "startup: %d of %d runs drew no screen within 5 s\n",
			failed, runs);
		free(ms);
		return 1;
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
	double sum = 0;
	for (int i = 0; i < runs; i++)
		sum += ms[i];
	printf("startup to first screen over %d runs: min %.1f ms, median %.1f ms, "
	       "mean %.1f ms, max %.1f ms (target < 30 ms)\n", runs, ms[0],
	       ms[runs / 2], sum / runs, ms[runs - 1]);
	free(ms);
	return 0;
}
