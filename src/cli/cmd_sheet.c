/* cnntutor sheet: a blank answer sheet for the course, or for one
 * student's variant of it. Every id the course asks has its line, with its
 * title and givens above it as comments, so a student fills it in and a
 * teacher grades it with cnntutor check (which reads the variant back from
 * the sheet's own "# variant:" line). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "course.h"
#include "strbuf.h"

static const char sheet_usage[] =
	"Usage: cnntutor sheet [--student NAME | --variant N]\n"
	"Print a blank answer sheet: one \"ID:\" line per part, its title, givens\n"
	"and a choice's options (lettered as the answer refers to them) above it\n"
	"as comments. With a student (or a variant), the sheet is that variant's\n"
	"and its first lines say whose: \"# student: NAME\" and \"# variant: N\".\n";

/* A comment line, its text with control characters shown, never sent. */
static void comment(struct strbuf *out, const char *fmt, const char *a, const char *b)
{
	struct strbuf raw = STRBUF_INIT;
	strbuf_printf(&raw, fmt, a, b ? b : "");
	strbuf_append(out, "# ");
	strbuf_append_visible(out, strbuf_str(&raw), raw.len);
	strbuf_putc(out, '\n');
	strbuf_free(&raw);
}

int cmd_sheet(int argc, char **argv, const struct cli_globals *g)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(sheet_usage, stdout);
			return 0;
		}
		fprintf(stderr, "cnntutor sheet: unexpected argument '%s'\n%s", argv[i],
			sheet_usage);
		return 2;
	}
	struct course *base;
	struct course *c = cli_open_course(g, &base);
	if (!c)
		return 2;
	struct strbuf out = STRBUF_INIT;
	char number[32];
	snprintf(number, sizeof number, "%llu", (unsigned long long)c->variant);
	if (g && g->student)
		comment(&out, "student: %s", g->student, NULL);
	if (c->variant || (g && g->student))
		comment(&out, "variant: %s", number, NULL);
	comment(&out, "cnntutor answer sheet: %s", c->title ? c->title : "", NULL);
	comment(&out, "Write each answer after its id, on the same line (the lesson: "
		"cnntutor show ID%s).", c->variant ? " with the same --student or --variant" : "",
		NULL);
	for (size_t i = 0; i < course_part_count(c); i++) {
		const struct course_part *p = course_part_at(c, i);
		strbuf_putc(&out, '\n');
		comment(&out, "%s: %s", p->id, p->title);
		for (size_t k = 0; k < p->n_givens; k++)
			comment(&out, "  %s = %s", p->givens[k].name,
				p->givens[k].text ? p->givens[k].text : "?");
		/* a choice's letters are the ones printed here: the student's own
		 * order of the options, which check reads back from "# student:" */
		size_t *order = p->n_choices ? calloc(p->n_choices, sizeof *order) : NULL;
		if (order && g && g->student && !course_student_choice_order(c, p, g->student, order))
			out.oom = true;
		for (size_t k = 0; order && k < p->n_choices; k++) {
			char letter[8];
			snprintf(letter, sizeof letter, "%c)", (char)('a' + k % 26));
			comment(&out, "  %s %s", letter, p->choices[g && g->student ? order[k] : k]);
		}
		free(order);
		strbuf_append_visible(&out, p->id, strlen(p->id));
		strbuf_append(&out, ":\n");
	}
	cli_close_course(c, base);
	bool ok = !out.oom && fwrite(strbuf_str(&out), 1, out.len, stdout) == out.len &&
		  fflush(stdout) == 0;
	strbuf_free(&out);
	if (!ok) {
		fprintf(stderr, "cnntutor sheet: cannot write the sheet\n");
		return 2;
	}
	return 0;
}
