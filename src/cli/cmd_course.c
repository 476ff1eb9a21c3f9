/* cnntutor list, show, check, validate: the course from the command line,
 * as plain text for a pipe (and JSON for check). */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "course.h"
#include "sheet.h"
#include "strbuf.h"
#include "utf8.h"

/* Print to f with the control characters of the text shown (see
 * strbuf_append_visible), newlines kept: course files and reports quote
 * text from outside (a YAML "\e" is an ESC), and a terminal must show it,
 * not obey it. */
void print_visible(FILE *f, const char *fmt, ...)
{
	struct strbuf raw = STRBUF_INIT, shown = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&raw, fmt, ap);
	va_end(ap);
	for (const char *s = strbuf_str(&raw); *s; ) {
		size_t n = strcspn(s, "\n");
		strbuf_append_visible(&shown, s, n);
		if (s[n] == '\n')
			strbuf_putc(&shown, '\n');
		s += n + (s[n] == '\n');
	}
	fwrite(strbuf_str(&shown), 1, shown.len, f);
	strbuf_free(&raw);
	strbuf_free(&shown);
}

struct course *cli_load_course(const char *dir)
{
	char *err = NULL;
	struct course *c = course_load(dir, &err);
	if (!c) {
		print_visible(stderr, "%s", err ? err : "cnntutor: cannot load the course\n");
		if (err && *err && err[strlen(err) - 1] != '\n')
			fputc('\n', stderr);
	}
	free(err);
	return c;
}

static bool want_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

/* ---- list ------------------------------------------------------------------ */

int cmd_list(int argc, char **argv, const struct cli_globals *g)
{
	if (want_help(argc, argv)) {
		printf("Usage: cnntutor list\nPrint every part id and its title, tab-separated, in course order.\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "cnntutor list: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	struct course *c = cli_load_course(cli_course_dir(g));
	if (!c)
		return 2;
	for (size_t i = 0; i < course_part_count(c); i++) {
		const struct course_part *p = course_part_at(c, i);
		/* the tab is the separator: printed apart, so it stays one */
		print_visible(stdout, "%s", p->id);
		putchar('\t');
		print_visible(stdout, "%s\n", p->title);
	}
	course_free(c);
	return 0;
}

/* ---- show ------------------------------------------------------------------ */

#define WRAP_WIDTH 78

/* Print one line, wrapped at spaces to WRAP_WIDTH columns (counted in code
 * points): the first output line after *prefix, the next ones after rest.
 * *prefix becomes rest once used. */
static void wrap_line(const char *s, size_t n, const char **prefix, const char *rest)
{
	if (n == 0) {
		putchar('\n');
		return;
	}
	while (n) {
		size_t room = WRAP_WIDTH - utf8_count(*prefix, strlen(*prefix));
		size_t cut = n, cols = 0, last_space = 0;
		for (size_t i = 0; i < n; i++) {
			if (((unsigned char)s[i] & 0xC0) == 0x80)
				continue;
			if (s[i] == ' ')
				last_space = i;
			if (++cols > room) {
				cut = last_space ? last_space : i;
				break;
			}
		}
		print_visible(stdout, "%s%.*s\n", *prefix, (int)cut, s);
		*prefix = rest;
		while (cut < n && s[cut] == ' ')
			cut++;
		s += cut;
		n -= cut;
	}
}

/* Print text line by line, each wrapped; trailing blank lines dropped. */
static void block(const char *text, const char *first, const char *rest)
{
	size_t len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	const char *p = text, *end = text + len;
	const char *prefix = first;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		wrap_line(p, n, &prefix, rest);
		p += n + 1;
	}
}

static void indented(const char *text, const char *indent)
{
	block(text, indent, indent);
}

static const char *kind_words(enum course_answer_kind k)
{
	switch (k) {
	case COURSE_NUMBER: return "one number (an expression that evaluates to it is fine)";
	case COURSE_SEQUENCE: return "a sequence of numbers, e.g. (1, 2, 3)";
	case COURSE_SHAPE: return "a shape, e.g. 7x7";
	case COURSE_CONFIGURATION: return "a configuration, e.g. K=4, S=2, P=1, D=0";
	case COURSE_FORMULA: return "a formula";
	case COURSE_MATRIX_EXPR: return "a matrix expression";
	case COURSE_CHOICE: return "the number or letter of one option, or the start of its text";
	}
	return "an answer";
}

static void show_part(const struct course *c, const struct course_question *q,
		      const struct course_part *p, const char *student)
{
	print_visible(stdout, "%s: %s\n", p->id, p->title);
	print_visible(stdout, "(question %s: %s)\n", q->id, q->title);
	if (c->variant)
		printf("(variant %llu%s)\n", (unsigned long long)c->variant,
		       course_part_varies(c, p) ? ": the numbers differ from the published homework's"
					        : ": this part's numbers are the published homework's");
	print_visible(stdout, "\n");
	if (q->intro && *q->intro) {
		indented(q->intro, "  ");
		print_visible(stdout, "\n");
	}
	indented(p->statement, "  ");
	if (p->n_givens) {
		print_visible(stdout, "\nGivens:\n");
		for (size_t i = 0; i < p->n_givens; i++)
			print_visible(stdout, "  %s = %s\n", p->givens[i].name,
			       p->givens[i].text ? p->givens[i].text : "?");
	}
	if (p->n_choices) {
		/* in the student's own order, as the tutor shows it */
		size_t *order = calloc(p->n_choices, sizeof *order);
		if (order && student && !course_student_choice_order(c, p, student, order)) {
			free(order);
			order = NULL;
		}
		print_visible(stdout, "\nOptions:\n");
		for (size_t i = 0; i < p->n_choices; i++) {
			char first[32];
			snprintf(first, sizeof first, "  %c) ", (int)('a' + (i % 26)));
			block(p->choices[order && student ? order[i] : i], first, "     ");
		}
		free(order);
	}
	print_visible(stdout, "\nAnswer with %s.\n", kind_words(p->kind));
	if (p->n_hints) {
		print_visible(stdout, "\nHints (one at a time is best):\n");
		for (size_t i = 0; i < p->n_hints; i++) {
			char first[32];
			snprintf(first, sizeof first, "  %zu. ", i + 1);
			block(p->hints[i], first, "     ");
		}
	}
	if (p->n_steps) {
		print_visible(stdout, "\nWorked solution:\n");
		for (size_t i = 0; i < p->n_steps; i++) {
			const struct course_step *st = &p->steps[i];
			char first[32];
			snprintf(first, sizeof first, "  %zu. ", i + 1);
			block(st->text, first, "     ");
			if (st->expr) {
				struct strbuf sb = STRBUF_INIT;
				strbuf_printf(&sb, "%s = %s", st->expr,
					      st->value ? st->value : "(could not be computed)");
				block(strbuf_str(&sb), "     ", "       ");
				strbuf_free(&sb);
			}
		}
	}
	if (p->erratum) {
		print_visible(stdout, "\nThe published solution gets this wrong.\n");
		if (p->erratum->published_numbers)
			print_visible(stdout, "  (It worked on the published homework's numbers, "
				      "not on this variant's.)\n");
		print_visible(stdout, "  It says:\n");
		indented(p->erratum->quote, "    ");
		print_visible(stdout, "  What is wrong:\n");
		indented(p->erratum->problem, "    ");
		print_visible(stdout, "  Correction:\n");
		indented(p->erratum->correction, "    ");
	}
}

int cmd_show(int argc, char **argv, const struct cli_globals *g)
{
	if (want_help(argc, argv) || argc != 2) {
		fprintf(argc == 2 ? stdout : stderr,
			"Usage: cnntutor show ID\nPrint a part's lesson as plain text; with a question id (q3) that no\npart has, every part of the question. With --student NAME or --variant N,\nthat variant's numbers (and the student's order of a choice's options).\n");
		return argc == 2 ? 0 : 2;
	}
	struct course *base;
	struct course *c = cli_open_course(g, &base);
	if (!c)
		return 2;
	int status = 1;
	/* A part id wins over a question id ("q5" is both): the whole
	 * question is shown only when no part has that id. */
	bool is_part = course_find_part(c, argv[1]) != NULL;
	for (size_t q = 0; q < c->n_questions; q++) {
		const struct course_question *cq = &c->questions[q];
		bool whole = !is_part && !strcmp(cq->id, argv[1]);
		for (size_t i = 0; i < cq->n_parts; i++) {
			if (!whole && strcmp(cq->parts[i].id, argv[1]))
				continue;
			if (status == 0)
				printf("\n----------------------------------------\n\n");
			show_part(c, cq, &cq->parts[i], g ? g->student : NULL);
			status = 0;
		}
	}
	if (status)
		fprintf(stderr, "cnntutor show: no part or question '%s' (cnntutor list shows the ids)\n", argv[1]);
	cli_close_course(c, base);
	return status;
}

/* ---- check ----------------------------------------------------------------- */

/* How long check waits for something to open a FIFO given as the sheet
 * for writing: a writer a script starts alongside opens it at once, and a
 * FIFO nothing writes to must not hang a batch of sheets for ever. */
#define FIFO_WAIT_SECONDS 5

static void on_alarm(int sig)
{
	(void)sig;
}

/* open(2) on a FIFO waits for a writer; give up after FIFO_WAIT_SECONDS.
 * The handler has no SA_RESTART, so the alarm makes open fail with EINTR. */
static int open_fifo(const char *path)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	alarm(FIFO_WAIT_SECONDS);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int err = errno;
	alarm(0);
	sigaction(SIGALRM, &old, NULL);
	errno = err;
	return fd;
}

FILE *cli_open_sheet(const char *command, const char *path)
{
	if (!strcmp(path, "-"))
		return stdin;
	struct stat st;
	bool fifo = stat(path, &st) == 0 && S_ISFIFO(st.st_mode);
	int fd = fifo ? open_fifo(path) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && fifo && errno == EINTR) {
		print_visible(stderr, "cnntutor %s: cannot read %s: it is a FIFO and nothing opened it for writing in %d seconds\n",
			command, path, FIFO_WAIT_SECONDS);
		return NULL;
	}
	if (fd < 0) {
		print_visible(stderr, "cnntutor %s: cannot read %s: %s\n", command, path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		print_visible(stderr, "cnntutor %s: cannot read %s: it is a directory, not a sheet\n", command, path);
		close(fd);
		return NULL;
	}
	FILE *f = fdopen(fd, "r");
	if (!f) {
		print_visible(stderr, "cnntutor %s: cannot read %s: %s\n", command, path, strerror(errno));
		close(fd);
	}
	return f;
}

char *cli_file_name(const char *path)
{
	if (!strcmp(path, "-"))
		return strdup("standard input");
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	return strndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

static const char check_usage[] = "Usage: cnntutor check FILE|- [--format text|json] [--partial]\n";

int cmd_check(int argc, char **argv, const struct cli_globals *g)
{
	const char *path = NULL;
	struct course_sheet_options opt = { .format = COURSE_SHEET_TEXT };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			printf("%s"
			       "Grade an answer sheet: one \"ID: ANSWER\" per line (ids in any case);\n"
			       "blank lines and lines starting with # are ignored (\"# student: NAME\"\n"
			       "names whose sheet it is; \"# variant: N\", before the answers, grades\n"
			       "it against that variant; --student NAME or --variant N choose one\n"
			       "whatever the sheet says). UTF-8 (a byte-order mark is skipped) or\n"
			       "UTF-16 with its byte-order mark; a line with a NUL byte or longer than\n"
			       "%d bytes is refused. An answer left blank is \"blank\"; an id answered\n"
			       "twice is graded both times, with a warning, and the last answer counts.\n"
			       "Each answer-sheet id the sheet does not answer is listed as missing.\n"
			       "\n"
			       "  --format text|json  verdicts as text (default) or one JSON array\n"
			       "  --partial           grade only the ids the sheet answers\n"
			       "\n"
			       "Exit 0 when every id's last answer is correct and none is missing,\n"
			       "1 otherwise (or when there are no answers), 2 when the sheet cannot\n"
			       "be read.\n", check_usage, COURSE_SHEET_MAX_LINE);
			return 0;
		}
		const char *fmt = NULL;
		if (!strcmp(a, "--format")) {
			if (++i >= argc) {
				fprintf(stderr, "cnntutor check: --format needs text or json\n");
				return 2;
			}
			fmt = argv[i];
		} else if (!strncmp(a, "--format=", 9)) {
			fmt = a + 9;
		} else if (!strcmp(a, "--partial")) {
			opt.partial = true;
		} else if (path || (a[0] == '-' && a[1])) {
			fprintf(stderr, "cnntutor check: unexpected argument '%s'\n", a);
			return 2;
		} else {
			path = a;
		}
		if (fmt) {
			if (strcmp(fmt, "text") && strcmp(fmt, "json")) {
				fprintf(stderr, "cnntutor check: unknown format '%s' (text or json)\n", fmt);
				return 2;
			}
			opt.format = !strcmp(fmt, "json") ? COURSE_SHEET_JSON : COURSE_SHEET_TEXT;
		}
	}
	if (!path) {
		fputs(check_usage, stderr);
		return 2;
	}
	FILE *in = cli_open_sheet("check", path);
	if (!in)
		return 2;
	/* --student or --variant: that variant, whatever the sheet says */
	struct course *base;
	struct course *c = cli_open_course(g, &base);
	if (!c) {
		if (in != stdin)
			fclose(in);
		return 2;
	}
	uint64_t asked;
	opt.fixed_variant = cli_variant(g, c, &asked) > 0;
	opt.student = g ? g->student : NULL;
	const char *name = strcmp(path, "-") ? path : "standard input";
	struct course_sheet_summary sum;
	char *why = NULL, *warnings = NULL;
	opt.warnings = &warnings;
	bool read_all = course_sheet_check(c, in, stdout, &opt, &sum, &why);
	cli_close_course(c, base);
	if (warnings)
		print_visible(stderr, "cnntutor check: %s\n", warnings);
	free(warnings);
	if (in != stdin)
		fclose(in);
	int status = course_sheet_passed(&sum, opt.partial) ? 0 : 1;
	if (!read_all) {
		print_visible(stderr, "cnntutor check: cannot read %s to its end: %s\n", name,
			why ? why : "out of memory");
		status = 2;
	} else if (sum.answers == 0) {
		print_visible(stderr, "cnntutor check: %s holds no answers (one ID: ANSWER a line)\n", name);
	}
	free(why);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "cnntutor check: cannot write the report: %s\n", strerror(errno));
		status = 2;
	}
	return status;
}

/* ---- validate ------------------------------------------------------------- */

/* How many variants validate proves per question whose givens vary. */
#define VALIDATE_VARIANTS 500

int cmd_validate(int argc, char **argv, const struct cli_globals *g)
{
	if (want_help(argc, argv)) {
		printf("Usage: cnntutor validate [DIR] [--variants N]\n"
		       "Load a course and prove it consistent: expected answers pass their own\n"
		       "checks, feedback examples get their messages, worked steps evaluate;\n"
		       "then the same for variants 1..N (default %d) of every question whose\n"
		       "givens vary.\n", VALIDATE_VARIANTS);
		return 0;
	}
	const char *dir = NULL;
	size_t variants = VALIDATE_VARIANTS;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--variants") && i + 1 < argc) {
			char *end;
			unsigned long n = strtoul(argv[++i], &end, 10);
			if (*end || end == argv[i] || argv[i][0] == '-' || n > 100000) {
				fprintf(stderr, "cnntutor validate: --variants takes 0 to 100000, not '%s'\n",
					argv[i]);
				return 2;
			}
			variants = n;
		} else if (!dir && argv[i][0] != '-') {
			dir = argv[i];
		} else {
			fprintf(stderr, "Usage: cnntutor validate [DIR] [--variants N]\n");
			return 2;
		}
	}
	if (!dir)
		dir = cli_course_dir(g);
	struct course *c = cli_load_course(dir);
	if (!c)
		return 1;
	char *report = NULL;
	struct course_validate_stats st;
	size_t problems = course_validate_variants(c, variants, &report, &st);
	if (report && *report)
		print_visible(stderr, "%s", report);
	if (problems) {
		fprintf(stderr, "%s: %zu problem%s\n", dir, problems, problems == 1 ? "" : "s");
	} else {
		size_t steps = 0;
		for (size_t i = 0; i < course_part_count(c); i++)
			steps += course_part_at(c, i)->n_steps;
		printf("%s: %zu question%s, %zu part%s, %zu worked step%s: consistent\n",
		       dir, c->n_questions, c->n_questions == 1 ? "" : "s",
		       course_part_count(c), course_part_count(c) == 1 ? "" : "s",
		       steps, steps == 1 ? "" : "s");
		if (st.varying_questions && st.variants)
			printf("variants: %zu of each question whose givens vary (%zu of %zu), "
			       "proved in %.2f s; the constraints took at most %u draws\n",
			       st.variants, st.varying_questions, c->n_questions, st.seconds,
			       st.most_draws);
		for (size_t i = 0; i < st.n_drops; i++)
			printf("  %s, feedback rule %zu: the right answer itself in %zu of %zu "
			       "variants (never reached there)\n", st.drops[i].part, st.drops[i].rule,
			       st.drops[i].dropped, st.variants);
	}
	free(st.drops);
	free(report);
	course_free(c);
	return problems ? 1 : 0;
}
