/* cnntutor lab [ID [options]]: run a lab and print its text view or CSV,
 * optionally writing its plot as SVG. ID is a lab kind's name (its
 * defaults) or a question or part id of the course (the lab the lesson
 * declares there, with its parameters). Options come from the lab's own
 * parameter table, so a new parameter needs no change here. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "course.h"
#include "lab.h"

struct options {
	bool csv, ascii;
	const char *svg, *table;
	uint64_t seed;
	int width, height;
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: cnntutor lab ID [--NAME VALUE]... [--format text|csv] [--seed N]\n"
		     "                    [--svg FILE] [--ascii] [--width N] [--height N] [--table NAME]\n"
		     "Run a lab: an experiment that shows the mathematics of a question.\n\n");
}

static void list_declared(FILE *out, int width, const char *id, const struct course_lab *lab)
{
	fprintf(out, "  %-*s %-11s", width, id, lab->kind->name);
	for (size_t i = 0; i < lab->n_params; i++)
		fprintf(out, "%s%s", i ? "  " : " ", lab->params[i]);
	if (!lab->n_params)
		fprintf(out, " (its defaults)");
	if (lab->answer)
		fprintf(out, "  (%s: your last answer, in the tutor)", lab->answer);
	fputc('\n', out);
}

/* The labs course c declares (c may be NULL), then every lab kind. */
static void list_labs(FILE *out, const struct course *c)
{
	usage(out);
	if (c) {
		int w = 4;
		for (size_t q = 0; q < c->n_questions; q++) {
			const struct course_question *cq = &c->questions[q];
			if (cq->lab && (int)strlen(cq->id) > w)
				w = (int)strlen(cq->id);
			for (size_t i = 0; i < cq->n_parts; i++)
				if (cq->parts[i].lab && (int)strlen(cq->parts[i].id) > w)
					w = (int)strlen(cq->parts[i].id);
		}
		fprintf(out, "The labs of this course: each question's, and those of parts with "
			     "their own.\n  %-*s %-11s %s\n", w, "ID", "LAB", "PARAMETERS");
		for (size_t q = 0; q < c->n_questions; q++) {
			const struct course_question *cq = &c->questions[q];
			if (cq->lab)
				list_declared(out, w, cq->id, cq->lab);
			for (size_t i = 0; i < cq->n_parts; i++)
				if (cq->parts[i].lab)
					list_declared(out, w, cq->parts[i].id, cq->parts[i].lab);
		}
		fputc('\n', out);
	}
	fprintf(out, "The lab kinds (cnntutor lab KIND runs one on its defaults):\n");
	for (size_t i = 0; i < lab_kind_count(); i++) {
		const struct lab_kind *k = lab_kind_at(i);
		fprintf(out, "  %-11s %s\n", k->name, k->title);
	}
	fprintf(out, "\nID is a lab kind, or a question or part id of the course: a part runs its\n"
		     "own lab, else its question's. Run 'cnntutor lab ID --help' for a lab's\n"
		     "parameters.\n");
}

/* The kind's parameters; values are the current ones (a declaration's, or
 * the defaults). */
static void kind_help(const char *id, const struct lab_params *params)
{
	const struct lab_kind *k = lab_params_kind(params);
	printf("Usage: cnntutor lab %s [--NAME VALUE | NAME=VALUE]... [--format text|csv]\n"
	       "                    [--seed N] [--svg FILE] [--ascii] [--width N] [--height N]\n"
	       "%s (lab %s)\n\n%s\n\nParameters:\n",
	       id, k->title, k->name, k->help);
	for (size_t i = 0; i < k->nparams; i++) {
		const struct lab_param *p = &k->params[i];
		char opt[64], range[96] = "", values[80];
		lab_param_describe(p, values, sizeof values);
		switch (p->type) {
		case LAB_PARAM_INT:
		case LAB_PARAM_REAL:
			snprintf(opt, sizeof opt, "--%s %s", p->name, p->type == LAB_PARAM_INT ? "N" : "X");
			snprintf(range, sizeof range, "%s; ", values);
			break;
		case LAB_PARAM_REALS:
			snprintf(opt, sizeof opt, "--%s X,Y,...", p->name);
			snprintf(range, sizeof range, "%s; ", values);
			break;
		case LAB_PARAM_CHOICE:
			snprintf(opt, sizeof opt, "--%s %s", p->name, p->choices);
			break;
		case LAB_PARAM_FLAG:
			snprintf(opt, sizeof opt, "--%s, --no-%s", p->name, p->name);
			break;
		case LAB_PARAM_TEXT:
			snprintf(opt, sizeof opt, "--%s TEXT", p->name);
			break;
		}
		const char *now = lab_params_get(params, p->name);
		if (strcmp(now, p->def))
			printf("  %s\n      %s (%sdefault: %s; this lab: %s)\n", opt, p->help,
			       range, p->def, now);
		else
			printf("  %s\n      %s (%sdefault: %s)\n", opt, p->help, range, p->def);
	}
	printf("\nOutput:\n"
	       "  --format text|csv  the text view (default), or the CSV of table '%s'\n"
	       "                     (RFC 4180 quoting, LF line ends, a header row)\n"
	       "  --table NAME       CSV of another table of the result\n"
	       "  --seed N           every random choice (default 1): same seed, same numbers\n"
	       "  --svg FILE         also write the lab's plot as an SVG file\n"
	       "  --ascii            ASCII only (the default when the locale is not UTF-8)\n"
	       "  --width N, --height N  text width (default 80) and plot height (default 20)\n"
	       "Exit status: 0 on success, 2 for a bad option, value or configuration.\n",
	       k->csv_table);
}

static int fail(const char *id, const struct lab_error *err)
{
	if (err->param[0] && err->kind == LAB_ERR_PARAM)
		fprintf(stderr, "cnntutor lab %s: %s: --%s: %s\n", id,
			lab_error_kind_name(err->kind), err->param, err->message);
	else
		fprintf(stderr, "cnntutor lab %s: %s: %s\n", id, lab_error_kind_name(err->kind),
			err->message);
	return 2;
}

static bool parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	if (!*s || strspn(s, "0123456789") != strlen(s))
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, NULL, 10);
	if (errno || v > max)
		return false;
	*out = v;
	return true;
}

/* One option at argv[*i]; advances *i past its value. 0 handled, 2 error,
 * -1 help was printed. */
static int option(const char *id, struct lab_params *p, struct options *o,
		  int argc, char **argv, int *i)
{
	const struct lab_kind *k = lab_params_kind(p);
	const char *arg = argv[*i];
	struct lab_error err = { 0 };
	if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
		kind_help(id, p);
		return -1;
	}
	if (strncmp(arg, "--", 2)) {
		/* NAME=VALUE, as a lesson's YAML writes a parameter. */
		if (strchr(arg, '=') && lab_params_assign(p, arg, &err))
			return 0;
		if (strchr(arg, '='))
			return fail(id, &err);
		fprintf(stderr, "cnntutor lab %s: unexpected argument '%s' (options start "
			"with --; try 'cnntutor lab %s --help')\n", id, arg, id);
		return 2;
	}
	char name[64];
	const char *value = NULL;
	const char *eq = strchr(arg + 2, '=');
	size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
	if (len >= sizeof name)
		len = sizeof name - 1;
	memcpy(name, arg + 2, len);
	name[len] = '\0';
	if (eq)
		value = eq + 1;
	if (!strcmp(name, "ascii") && !eq) {
		o->ascii = true;
		return 0;
	}
	const struct lab_param *d = lab_kind_param(k, name);
	if (!d && !strncmp(name, "no-", 3) && !eq) {
		const struct lab_param *f = lab_kind_param(k, name + 3);
		if (f && f->type == LAB_PARAM_FLAG)
			return lab_params_set(p, f->name, "off", &err) ? 0 : fail(id, &err);
	}
	if (d && d->type == LAB_PARAM_FLAG && !eq)
		return lab_params_set(p, d->name, "on", &err) ? 0 : fail(id, &err);
	static const char *const globals[] = { "format", "seed", "svg", "table", "width", "height" };
	bool global = false;
	for (size_t g = 0; g < sizeof globals / sizeof globals[0]; g++)
		global |= !strcmp(name, globals[g]);
	if (!d && !global) {
		fprintf(stderr, "cnntutor lab %s: unknown option '--%s' (try 'cnntutor lab %s --help')\n",
			id, name, id);
		return 2;
	}
	if (!value) {
		if (*i + 1 >= argc) {
			fprintf(stderr, "cnntutor lab %s: --%s needs a value\n", id, name);
			return 2;
		}
		value = argv[++*i];
	}
	if (d)
		return lab_params_set(p, d->name, value, &err) ? 0 : fail(id, &err);
	unsigned long long n;
	if (!strcmp(name, "format")) {
		if (strcmp(value, "text") && strcmp(value, "csv")) {
			fprintf(stderr, "cnntutor lab %s: --format takes text or csv, not '%s'\n", id, value);
			return 2;
		}
		o->csv = !strcmp(value, "csv");
	} else if (!strcmp(name, "seed")) {
		if (!parse_uint(value, UINT64_MAX, &n)) {
			fprintf(stderr, "cnntutor lab %s: --seed takes a whole number from 0, not '%s'\n",
				id, value);
			return 2;
		}
		o->seed = n;
	} else if (!strcmp(name, "width") || !strcmp(name, "height")) {
		bool w = !strcmp(name, "width");
		if (!parse_uint(value, 1000, &n) || n < (w ? 40u : 8u)) {
			fprintf(stderr, "cnntutor lab %s: --%s takes a whole number from %d to 1000, "
				"not '%s'\n", id, name, w ? 40 : 8, value);
			return 2;
		}
		*(w ? &o->width : &o->height) = (int)n;
	} else if (!strcmp(name, "svg")) {
		o->svg = value;
	} else {
		o->table = value;
	}
	return 0;
}

static bool write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	bool ok = fputs(text, f) >= 0;
	ok &= fclose(f) == 0;
	return ok;
}

static const struct lab_kind *kind_named(const char *name)
{
	for (size_t i = 0; i < lab_kind_count(); i++)
		if (!strcmp(lab_kind_at(i)->name, name))
			return lab_kind_at(i);
	return NULL;
}

/* The course, quietly: NULL (and *error, caller frees) when it does not
 * load. */
static struct course *load_course(const struct cli_globals *g, char **error)
{
	*error = NULL;
	return course_load(cli_course_dir(g), error);
}

/* The lab a question or part of c declares: 1 found, 0 no such id, -1 the
 * id is there but declares no lab. */
static int declared(const struct course *c, const char *id, const struct course_lab **out)
{
	const struct course_part *part = course_find_part(c, id);
	*out = NULL;
	if (part)
		*out = course_part_lab(c, part);
	for (size_t q = 0; !part && q < c->n_questions; q++)
		if (!strcmp(c->questions[q].id, id)) {
			*out = c->questions[q].lab;
			part = c->questions[q].parts;
		}
	return *out ? 1 : part ? -1 : 0;
}

int cmd_lab(int argc, char **argv, const struct cli_globals *g)
{
	char *error = NULL;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		struct course *c = load_course(g, &error);
		list_labs(stdout, c);
		if (!c)
			fprintf(stderr, "cnntutor lab: the course in %s does not load, so its labs "
				"are not listed (cnntutor validate says why)\n", cli_course_dir(g));
		course_free(c);
		free(error);
		return 0;
	}
	const char *id = argv[1];
	const struct lab_kind *k = kind_named(id);
	const struct course_lab *decl = NULL;
	struct course *c = NULL, *base = NULL;
	if (!k) {
		c = load_course(g, &error);
		if (!c) {
			fprintf(stderr, "cnntutor lab: '%s' is no lab kind, and the course in %s "
				"does not load:\n%s", id, cli_course_dir(g),
				error ? error : "out of memory\n");
			free(error);
			return 2;
		}
		/* --student or --variant: the lab of that variant, on its numbers */
		uint64_t variant;
		int asked = cli_variant(g, c, &variant);
		if (asked < 0) {
			course_free(c);
			return 2;
		}
		if (asked && variant) {
			struct course *v = course_variant(c, variant, &error);
			if (!v) {
				fprintf(stderr, "cnntutor lab: %s", error ? error : "out of memory\n");
				free(error);
				course_free(c);
				return 2;
			}
			base = c;
			c = v;
		}
		int found = declared(c, id, &decl);
		if (found <= 0) {
			if (found < 0)
				fprintf(stderr, "cnntutor lab: '%s' declares no lab in %s\n", id,
					cli_course_dir(g));
			else
				fprintf(stderr, "cnntutor lab: no lab for '%s'\n", id);
			fprintf(stderr, "'cnntutor lab' lists the labs of the course and the lab "
				"kinds.\n");
			cli_close_course(c, base);
			return 2;
		}
		k = decl->kind;
	}
	setlocale(LC_ALL, "");
	/* Numbers in text and CSV always take a '.' decimal point. */
	setlocale(LC_NUMERIC, "C");
	const char *codeset = nl_langinfo(CODESET);
	bool utf8 = codeset && (!strcasecmp(codeset, "UTF-8") || !strcasecmp(codeset, "utf8"));
	struct options o = { .seed = 1, .width = 80, .height = 20, .ascii = !utf8 };
	struct lab_params *p = decl ? course_lab_params(decl) : lab_params_new(k);
	if (!p) {
		fprintf(stderr, "cnntutor lab: out of memory\n");
		cli_close_course(c, base);
		return 2;
	}
	int status = 0;
	struct lab_result *r = NULL;
	struct strbuf out = STRBUF_INIT, svg = STRBUF_INIT;
	for (int i = 2; i < argc && !status; i++)
		status = option(id, p, &o, argc, argv, &i);
	if (status) {
		status = status < 0 ? 0 : status;
		goto done;
	}
	struct lab_error err = { 0 };
	if (!lab_run(k, p, o.seed, &r, &err)) {
		status = fail(id, &err);
		goto done;
	}
	if (o.svg && !lab_render_svg(r, NULL, &svg, &err)) {
		status = fail(id, &err);
		goto done;
	}
	bool ok;
	if (o.csv || o.table) {
		ok = lab_render_csv(r, o.table, &out, &err);
	} else {
		struct lab_view v = { .width = o.width, .plot_height = o.height,
				      .ascii = o.ascii, .plots = true };
		ok = lab_render_text(r, &v, &out);
		if (!ok)
			err = (struct lab_error){ .kind = LAB_ERR_MEMORY, .message = "out of memory" };
	}
	if (!ok) {
		status = fail(id, &err);
		goto done;
	}
	if (o.svg && !write_file(o.svg, strbuf_str(&svg))) {
		fprintf(stderr, "cnntutor lab %s: cannot write %s: %s\n", id, o.svg, strerror(errno));
		status = 2;
		goto done;
	}
	fputs(strbuf_str(&out), stdout);
	if (fflush(stdout) != 0)
		status = 2;
done:
	strbuf_free(&out);
	strbuf_free(&svg);
	lab_result_free(r);
	lab_params_free(p);
	cli_close_course(c, base);
	return status;
}
