/* Lab benchmark: the time each lab takes to compute at its defaults (q5
 * at n = 16, q6 with all five runs), the time to draw a plot on an 80×24
 * canvas and to render the text view, CSV and SVG, and the time from a
 * key to a lab screen's rows: computing the lab, drawing its plots on the
 * canvas and rendering the screen view, then cutting it into rows, on an
 * 80×24 and a 200×60 terminal (target under 100 ms; the copy to the
 * terminal is tests/e2e/bench_labkey.c's).
 *
 * It prints figures and never fails on time: machines differ. The target
 * (each lab under 50 ms, so a screen can recompute after every edit) is
 * printed beside them. Each figure is the best and the median of ROUNDS
 * runs, after one warm-up run.
 *
 * Usage: bench_lab [ROUNDS]   (default 15) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lab.h"

/* CPU time of this thread: on a shared machine the wall clock also counts
 * the time other processes hold the core. Both are printed for lab_run. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
	double d = *(const double *)a - *(const double *)b;
	return (d > 0) - (d < 0);
}

struct case_ {
	const char *id;
	const char *settings[4];    /* NAME=VALUE, NULL-ended */
	const char *what;
};

static const struct case_ cases[] = {
	{ "q1", { NULL }, "convolution, x and w of the homework" },
	{ "q2", { NULL }, "the homework's 3-layer stack" },
	{ "q3", { "input=64", "config=K=2, S=2, P=3, D=6", NULL }, "taps on a 64-pixel row" },
	{ "q4", { NULL }, "2000 masks, n=20, d=3" },
	{ "q5", { "n=16", NULL }, "all 65536 masks, n=16, k=4" },
	{ "q6", { NULL }, "5 runs x 2000 SGD steps" },
	{ "q6", { "optimizer=adam", NULL }, "5 runs x 2000 Adam steps" },
	{ "q6.a", { NULL }, "whitened batch of 8" },
};

static struct lab_params *params_for(const struct case_ *c)
{
	struct lab_params *p = lab_params_new(lab_kind_for(c->id));
	struct lab_error err;
	for (size_t i = 0; p && c->settings[i]; i++)
		if (!lab_params_assign(p, c->settings[i], &err)) {
			fprintf(stderr, "bench_lab: %s: %s\n", c->id, err.message);
			exit(2);
		}
	return p;
}

static void report(const char *name, const char *what, double *t, int rounds)
{
	qsort(t, (size_t)rounds, sizeof *t, by_value);
	printf("  %-6s %-30s best %8.3f ms  median %8.3f ms\n", name, what, t[0], t[rounds / 2]);
}

/* What the lab screen does after the key, but for curses: compute, render
 * the screen view (plots first, as tall as the room) for a cols×lines
 * terminal, and cut it into rows. Returns the number of rows. */
static size_t screen_rows(const struct lab_kind *k, const struct lab_params *p, int cols,
			  int lines)
{
	struct lab_result *r;
	struct lab_error err;
	if (!lab_run(k, p, 1, &r, &err)) {
		fprintf(stderr, "bench_lab: %s: %s\n", k->name, err.message);
		exit(2);
	}
	/* As ui_lab.c lays it out: 5 rows of bars and settings around the body,
	 * the plot 3 rows shorter than the body. */
	int body = lines - 5;
	struct lab_view v = { .width = cols - 2, .plot_height = body - 3 > 8 ? body - 3 : 8,
			      .plots = true, .screen = true };
	struct strbuf sb = STRBUF_INIT;
	if (!lab_render_text(r, &v, &sb))
		exit(2);
	size_t rows = 0;
	const char **row = malloc(sizeof *row * (sb.len + 1));
	for (const char *s = strbuf_str(&sb); row && *s; rows++) {
		row[rows] = s;
		const char *nl = strchr(s, '\n');
		s = nl ? nl + 1 : s + strlen(s);
	}
	free(row);
	strbuf_free(&sb);
	lab_result_free(r);
	return rows;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 15;
	if (rounds < 1 || rounds > 1000)
		rounds = 15;
	double *t = malloc((size_t)rounds * sizeof *t), *cpu = malloc((size_t)rounds * sizeof *cpu);
	if (!t || !cpu)
		return 2;
	printf("bench_lab: %d rounds each\ncompute (lab_run, target < 50 ms each; wall clock, then CPU time):\n",
	       rounds);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct lab_params *p = params_for(&cases[c]);
		const struct lab_kind *k = lab_params_kind(p);
		for (int i = -1; i < rounds; i++) {
			struct lab_result *r;
			struct lab_error err;
			double t0 = now_ms(), c0 = cpu_ms();
			if (!lab_run(k, p, 1, &r, &err)) {
				fprintf(stderr, "bench_lab: %s: %s\n", cases[c].id, err.message);
				return 2;
			}
			if (i >= 0) {
				t[i] = now_ms() - t0;
				cpu[i] = cpu_ms() - c0;
			}
			lab_result_free(r);
		}
		report(cases[c].id, cases[c].what, t, rounds);
		report("", "  (CPU time)", cpu, rounds);
		lab_params_free(p);
	}

	printf("render (q6's result: 5 curves of 2001 points; q4's: a banded curve):\n");
	const char *ids[] = { "q6", "q4" };
	for (size_t c = 0; c < 2; c++) {
		struct lab_result *r;
		struct lab_error err;
		if (!lab_run(lab_kind_for(ids[c]), NULL, 1, &r, &err))
			return 2;
		const struct lab_plot *plot = lab_result_plot(r, NULL);
		struct lab_canvas *canvas = lab_canvas_new(80, 24);
		for (int mode = 0; mode < 2; mode++) {
			for (int i = -1; i < rounds; i++) {
				double t0 = now_ms();
				lab_plot_draw(plot, canvas, mode == 1);
				if (i >= 0)
					t[i] = now_ms() - t0;
			}
			report(ids[c], mode ? "plot on 80x24, ASCII" : "plot on 80x24, braille", t,
			       rounds);
		}
		lab_canvas_free(canvas);
		static const char *const names[] = { "text view, 80 columns", "CSV of the data",
						     "SVG of the plot" };
		for (int kind = 0; kind < 3; kind++) {
			for (int i = -1; i < rounds; i++) {
				struct strbuf sb = STRBUF_INIT;
				struct lab_view v = { .width = 80, .plot_height = 20, .plots = true };
				double t0 = now_ms();
				bool ok = kind == 0 ? lab_render_text(r, &v, &sb)
					: kind == 1 ? lab_render_csv(r, NULL, &sb, &err)
					: lab_render_svg(r, NULL, &sb, &err);
				if (i >= 0)
					t[i] = now_ms() - t0;
				strbuf_free(&sb);
				if (!ok)
					return 2;
			}
			report(ids[c], names[kind], t, rounds);
		}
		lab_result_free(r);
	}

	printf("a lab screen after its key (compute + plots on the canvas + screen rows; "
	       "target < 100 ms each):\n");
	static const int sizes[2][2] = { { 80, 24 }, { 200, 60 } };
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct lab_params *p = params_for(&cases[c]);
		const struct lab_kind *k = lab_params_kind(p);
		printf("  %-6s %s\n", cases[c].id, cases[c].what);
		for (int z = 0; z < 2; z++) {
			size_t rows = 0;
			for (int i = -1; i < rounds; i++) {
				double t0 = now_ms();
				rows = screen_rows(k, p, sizes[z][0], sizes[z][1]);
				if (i >= 0)
					t[i] = now_ms() - t0;
			}
			char what[80];
			snprintf(what, sizeof what, "%dx%d, %zu rows", sizes[z][0], sizes[z][1], rows);
			report("", what, t, rounds);
		}
		lab_params_free(p);
	}
	free(t);
	free(cpu);
	return 0;
}
