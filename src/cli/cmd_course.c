/* cnntutor list, show, check, validate: the course from the command line,
 * as plain text for a pipe (and JSON for check). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "course.h"
#include "strbuf.h"
#include "utf8.h"

/* Load the course or say why not on stderr. */
static struct course *open_course(const char *dir)
{
	char *err = NULL;
	struct course *c = course_load(dir, &err);
	if (!c) {
		fprintf(stderr, "%s", err ? err : "cnntutor: cannot load the course\n");
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
	struct course *c = open_course(cli_course_dir(g));
	if (!c)
		return 2;
	for (size_t i = 0; i < course_part_count(c); i++) {
		const struct course_part *p = course_part_at(c, i);
		printf("%s\t%s\n", p->id, p->title);
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
		printf("%s%.*s\n", *prefix, (int)cut, s);
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
	case COURSE_CHOICE: return "the number or letter of one option";
	}
	return "an answer";
}

static void show_part(const struct course_question *q, const struct course_part *p)
{
	printf("%s: %s\n", p->id, p->title);
	printf("(question %s: %s)\n\n", q->id, q->title);
	if (q->intro && *q->intro) {
		indented(q->intro, "  ");
		printf("\n");
	}
	indented(p->statement, "  ");
	if (p->n_givens) {
		printf("\nGivens:\n");
		for (size_t i = 0; i < p->n_givens; i++)
			printf("  %s = %s\n", p->givens[i].name,
			       p->givens[i].text ? p->givens[i].text : "?");
	}
	if (p->n_choices) {
		printf("\nOptions:\n");
		for (size_t i = 0; i < p->n_choices; i++) {
			char first[32];
			snprintf(first, sizeof first, "  %c) ", (int)('a' + (i % 26)));
			block(p->choices[i], first, "     ");
		}
	}
	printf("\nAnswer with %s.\n", kind_words(p->kind));
	if (p->n_hints) {
		printf("\nHints (one at a time is best):\n");
		for (size_t i = 0; i < p->n_hints; i++) {
			char first[32];
			snprintf(first, sizeof first, "  %zu. ", i + 1);
			block(p->hints[i], first, "     ");
		}
	}
	if (p->n_steps) {
		printf("\nWorked solution:\n");
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
		printf("\nThe published solution gets this wrong.\n  It says:\n");
		indented(p->erratum->quote, "    ");
		printf("  What is wrong:\n");
		indented(p->erratum->problem, "    ");
		printf("  Correction:\n");
		indented(p->erratum->correction, "    ");
	}
}

int cmd_show(int argc, char **argv, const struct cli_globals *g)
{
	if (want_help(argc, argv) || argc != 2) {
		fprintf(argc == 2 ? stdout : stderr,
			"Usage: cnntutor show ID\nPrint a part's lesson as plain text; with a question id (q3) that no\npart has, every part of the question.\n");
		return argc == 2 ? 0 : 2;
	}
	struct course *c = open_course(cli_course_dir(g));
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
			show_part(cq, &cq->parts[i]);
			status = 0;
		}
	}
	if (status)
		fprintf(stderr, "cnntutor show: no part or question '%s' (cnntutor list shows the ids)\n", argv[1]);
	course_free(c);
	return status;
}

/* ---- check ----------------------------------------------------------------- */

struct sheet_out {
	bool json;
	size_t n;           /* answers written so far */
	struct strbuf sb;   /* reused for every entry: constant memory */
};

static void emit(struct sheet_out *o, const char *id, size_t line,
		 const char *answer, const struct course_check_result *r)
{
	struct strbuf *sb = &o->sb;
	strbuf_reset(sb);
	if (o->json) {
		strbuf_append(sb, o->n ? ",\n  {\"id\": " : "\n  {\"id\": ");
		strbuf_append_json(sb, id);
		strbuf_printf(sb, ", \"line\": %zu, \"answer\": ", line);
		strbuf_append_json(sb, answer);
		strbuf_printf(sb, ", \"verdict\": \"%s\", \"feedback\": ",
			      course_verdict_name(r->verdict));
		strbuf_append_json(sb, r->feedback ? r->feedback : "");
		strbuf_printf(sb, ", \"source_error\": %s, \"note\": ",
			      r->source_error ? "true" : "false");
		if (r->note)
			strbuf_append_json(sb, r->note);
		else
			strbuf_append(sb, "null");
		strbuf_putc(sb, '}');
	} else {
		strbuf_printf(sb, "%s: %s\n", *id ? id : "?", course_verdict_name(r->verdict));
		const char *parts[2] = { r->feedback, r->note };
		for (int k = 0; k < 2; k++) {
			const char *s = parts[k];
			if (!s || (k == 0 && r->verdict == COURSE_CORRECT && !strcmp(s, "Correct.")))
				continue;
			if (k == 1)
				strbuf_append(sb, "  Note: ");
			for (bool first = true; *s; first = false) {
				size_t n = strcspn(s, "\n");
				if (!(k == 1 && first))
					strbuf_append(sb, "  ");
				strbuf_append_n(sb, s, n);
				strbuf_putc(sb, '\n');
				s += n + (s[n] == '\n');
			}
		}
	}
	fputs(strbuf_str(sb), stdout);
	o->n++;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* Grade the sheet line by line, printing as it goes. */
static bool grade(struct course *c, FILE *in, struct sheet_out *o)
{
	char *line = NULL;
	size_t cap = 0;
	size_t line_no = 0;
	bool all_correct = true;
	ssize_t got;
	while ((got = getline(&line, &cap, in)) != -1) {
		line_no++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		struct course_check_result r;
		memset(&r, 0, sizeof r);
		char *colon = strchr(s, ':');
		if (!colon) {
			struct strbuf msg = STRBUF_INIT;
			strbuf_printf(&msg, "line %zu has no colon: write ID: ANSWER, for example \"q2.a: 73728\"",
				      line_no);
			r.verdict = COURSE_INVALID;
			r.feedback = strbuf_steal(&msg);
			emit(o, "", line_no, s, &r);
		} else {
			*colon = '\0';
			char *id = trim(s), *answer = trim(colon + 1);
			const struct course_part *p = course_find_part(c, id);
			if (p) {
				course_check(c, p, answer, &r);
			} else {
				struct strbuf msg = STRBUF_INIT;
				strbuf_printf(&msg, "line %zu: no part '%s' in this course (cnntutor list shows the ids)",
					      line_no, id);
				r.verdict = COURSE_UNKNOWN;
				r.feedback = strbuf_steal(&msg);
			}
			emit(o, id, line_no, answer, &r);
		}
		if (r.verdict != COURSE_CORRECT)
			all_correct = false;
		course_result_clear(&r);
	}
	free(line);
	return all_correct;
}

int cmd_check(int argc, char **argv, const struct cli_globals *g)
{
	const char *path = NULL;
	bool json = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			printf("Usage: cnntutor check FILE|- [--format text|json]\n"
			       "Grade an answer sheet: one \"ID: ANSWER\" per line; blank lines and\n"
			       "lines starting with # are ignored. Exit 0 when every answer is correct,\n"
			       "1 when one is not, 2 when the sheet cannot be read.\n");
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
			json = !strcmp(fmt, "json");
		}
	}
	if (!path) {
		fprintf(stderr, "Usage: cnntutor check FILE|- [--format text|json]\n");
		return 2;
	}
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!in) {
		fprintf(stderr, "cnntutor check: cannot read %s: %s\n", path, strerror(errno));
		return 2;
	}
	struct course *c = open_course(cli_course_dir(g));
	if (!c) {
		if (in != stdin)
			fclose(in);
		return 2;
	}
	struct sheet_out o = { json, 0, STRBUF_INIT };
	if (json)
		fputs("[", stdout);
	bool ok = grade(c, in, &o);
	bool read_error = ferror(in);
	if (json)
		fputs(o.n ? "\n]\n" : "]\n", stdout);
	strbuf_free(&o.sb);
	course_free(c);
	if (in != stdin)
		fclose(in);
	if (read_error) {
		fprintf(stderr, "cnntutor check: error reading %s\n", path);
		return 2;
	}
	return ok ? 0 : 1;
}

/* ---- validate ------------------------------------------------------------- */

int cmd_validate(int argc, char **argv, const struct cli_globals *g)
{
	if (want_help(argc, argv)) {
		printf("Usage: cnntutor validate [DIR]\n"
		       "Load a course and prove it consistent: expected answers pass their own\n"
		       "checks, feedback examples get their messages, worked steps evaluate.\n");
		return 0;
	}
	if (argc > 2) {
		fprintf(stderr, "Usage: cnntutor validate [DIR]\n");
		return 2;
	}
	const char *dir = argc == 2 ? argv[1] : cli_course_dir(g);
	struct course *c = open_course(dir);
	if (!c)
		return 1;
	char *report = NULL;
	size_t problems = course_validate(c, &report);
	if (problems) {
		fputs(report ? report : "", stderr);
		fprintf(stderr, "%s: %zu problem%s\n", dir, problems, problems == 1 ? "" : "s");
	} else {
		size_t steps = 0;
		for (size_t i = 0; i < course_part_count(c); i++)
			steps += course_part_at(c, i)->n_steps;
		printf("%s: %zu question%s, %zu parts, %zu worked steps: consistent\n",
		       dir, c->n_questions, c->n_questions == 1 ? "" : "s",
		       course_part_count(c), steps);
	}
	free(report);
	course_free(c);
	return problems ? 1 : 0;
}
