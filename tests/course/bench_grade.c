/* Benchmark: `cnntutor grade` on a generated class, through the real
 * binary: 1 000 sheets of the bundled course's 19 answer-sheet ids (19 000
 * answers; target under 2 s), and 100 and 10 sheets to show that memory
 * does not grow with the sheets. Each sheet answers every id with, drawn
 * from a seeded generator, its expected answer (as the lesson writes it),
 * one of its examples, a feedback rule's example (the published solution's
 * answers among them), or a wrong value no rule knows. It prints the wall
 * time, answers per second and peak memory of each run; it never fails on
 * time.
 *
 * Usage: bench_grade CNNTUTOR [SHEETS] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "course.h"
#include "model.h"

static uint64_t state = 20180401;

static uint64_t next(void)
{
	uint64_t z = (state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* An answer a student might give to this part. */
static const char *pick(const struct rt_part *rt, char *buf, size_t n)
{
	const struct y_check *ck = rt->y->check;
	unsigned roll = (unsigned)(next() % 100);
	if (roll < 55 && ck->expected)
		return ck->expected;
	if (roll < 70 && ck->examples_count)
		return ck->examples[next() % ck->examples_count];
	if (roll < 92 && rt->n_rules) {
		const struct y_rule *r = rt->rules[next() % rt->n_rules].y;
		return r->example ? r->example : r->value;
	}
	if (roll < 96) {
		snprintf(buf, n, "%u", (unsigned)(next() % 1000));
		return buf;
	}
	return ck->expected ? ck->expected : "1";
}

struct run { double seconds; long rss_kb; int status; };

static struct run run_grade(const char *exe, const char *dir)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		execl(exe, exe, "--course", COURSE_DIR, "grade", "--format", "csv", dir, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	wait4(pid, &st, 0, &ru);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct run r = {
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		ru.ru_maxrss, WIFEXITED(st) ? WEXITSTATUS(st) : -1,
	};
	return r;
}

/* n sheets in a fresh folder under base; returns the answers written. */
static size_t write_class(const struct course *c, const char *dir, size_t n)
{
	mkdir(dir, 0700);
	size_t answers = 0;
	char path[700], buf[32];
	for (size_t s = 0; s < n; s++) {
		snprintf(path, sizeof path, "%s/student%04zu.txt", dir, s);
		FILE *f = fopen(path, "w");
		if (!f)
			return 0;
		fprintf(f, "# student: Student %zu\n", s);
		for (size_t i = 0; i < course_part_count(c); i++) {
			const struct course_part *p = course_part_at(c, i);
			if (!p->on_sheet)
				continue;
			fprintf(f, "%s: %s\n", p->id, pick(course_rt(c, p), buf, sizeof buf));
			answers++;
		}
		fclose(f);
	}
	return answers;
}

static void remove_class(const char *dir, size_t n)
{
	char path[700];
	for (size_t s = 0; s < n; s++) {
		snprintf(path, sizeof path, "%s/student%04zu.txt", dir, s);
		unlink(path);
	}
	rmdir(dir);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s CNNTUTOR [SHEETS]\n", argv[0]);
		return 2;
	}
	size_t big = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000;
	char *err = NULL;
	struct course *c = course_load(COURSE_DIR, &err);
	if (!c) {
		fprintf(stderr, "%s", err);
		return 1;
	}
	char base[] = "/tmp/cnntutor-bench-grade-XXXXXX";
	if (!mkdtemp(base))
		return 1;
	const size_t sizes[] = { 10, 100, big };
	for (size_t k = 0; k < 3; k++) {
		char dir[600];
		snprintf(dir, sizeof dir, "%s/class%zu", base, sizes[k]);
		size_t answers = write_class(c, dir, sizes[k]);
		struct run best = { 1e9, 0, 0 };
		for (int round = 0; round < 3; round++) {
			struct run r = run_grade(argv[1], dir);
			if (r.seconds < best.seconds)
				best = r;
		}
		printf("grade: %5zu sheets, %6zu answers in %.3f s (%.0f answers/s), peak RSS %ld kB, exit %d\n",
		       sizes[k], answers, best.seconds, (double)answers / best.seconds, best.rss_kb,
		       best.status);
		remove_class(dir, sizes[k]);
	}
	rmdir(base);
	course_free(c);
	return 0;
}
