/* cnntutor grade SHEET|DIR...: a class's sheets graded at once, as a
 * gradebook (text, CSV or JSON) and a class report of what the class got
 * wrong (text and JSON). The grading is the course layer's (grade.h);
 * this file finds the sheets and prints. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "course.h"
#include "grade.h"
#include "json_out.h"
#include "strbuf.h"
#include "utf8.h"

enum format { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON };

static const char grade_usage[] =
	"Usage: cnntutor grade SHEET|DIR... [--format text|csv|json]\n";

static void grade_help(void)
{
	printf("%s"
	       "Grade a class's answer sheets: each SHEET, and every *.txt in each DIR\n"
	       "(in name order). A sheet's student is its \"# student: NAME\" line, else\n"
	       "its file name without the extension. Each id is graded as cnntutor check\n"
	       "grades it and its last answer counts: a correct answer earns the id's\n"
	       "share of its question's points. A sheet's \"# variant: N\" line grades it\n"
	       "against that variant (each student's own numbers); --variant N grades\n"
	       "every sheet against variant N.\n"
	       "\n"
	       "  --format text   the gradebook as a table, then the class report (default)\n"
	       "  --format csv    the gradebook: student, one column per question, total,\n"
	       "                  missing (ids left out or blank); RFC 4180, CRLF line ends\n"
	       "  --format json   the gradebook and the class report as one document\n"
	       "\n"
	       "The class report gives, per part, how many answered and how many were\n"
	       "correct, the wrong answers grouped (by the feedback rule or the named\n"
	       "mistake that caught them, else by value: equivalent answers are one)\n"
	       "with their counts and feedback, and how many repeated the published\n"
	       "solution's error. Exit 0 when every sheet was read to its end, 2 when\n"
	       "one could not be (the others are graded all the same).\n", grade_usage);
}

/* ---- the sheets to grade ------------------------------------------------------ */

struct paths {
	char **v;
	size_t n, cap;
};

static bool push(struct paths *p, char *s)
{
	if (!s)
		return false;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		char **grown = realloc(p->v, cap * sizeof *grown);
		if (!grown) {
			free(s);
			return false;
		}
		p->v = grown;
		p->cap = cap;
	}
	p->v[p->n++] = s;
	return true;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_txt(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && !strcmp(name + n - 4, ".txt") && name[0] != '.';
}

/* Every *.txt of dir, sorted by name. False after a message when the
 * folder cannot be listed. */
static bool list_dir(const char *dir, struct paths *out)
{
	DIR *d = opendir(dir);
	if (!d) {
		print_visible(stderr, "cnntutor grade: cannot read the folder %s: %s\n", dir,
			      strerror(errno));
		return false;
	}
	size_t first = out->n;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!is_txt(de->d_name))
			continue;
		struct strbuf sb = STRBUF_INIT;
		strbuf_printf(&sb, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		if (!push(out, strbuf_steal(&sb))) {
			closedir(d);
			return false;
		}
	}
	closedir(d);
	if (out->n == first)
		print_visible(stderr, "cnntutor grade: %s holds no *.txt sheet\n", dir);
	else
		qsort(out->v + first, out->n - first, sizeof *out->v, by_name);
	return true;
}

/* ---- numbers ---------------------------------------------------------------- */

/* Points as a teacher reads them: 5, 2.5, 3.33 (text) or 3.3333 (CSV). */
static void put_points(struct strbuf *sb, double x, int decimals)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%.*f", decimals, x);
	size_t n = strlen(buf);
	if (strchr(buf, '.')) {
		while (buf[n - 1] == '0')
			buf[--n] = '\0';
		if (buf[n - 1] == '.')
			buf[--n] = '\0';
	}
	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");
	strbuf_append(sb, buf);
}

/* ---- the gradebook as a table, CSV or JSON ----------------------------------- */

static size_t width_of(const char *s)
{
	struct strbuf v = STRBUF_INIT;
	strbuf_append_visible(&v, s, strlen(s));
	size_t w = 0, i = 0;
	while (i < v.len) {
		size_t used;
		uint32_t cp = utf8_decode(v.buf + i, v.len - i, &used);
		int cw = utf8_width(cp);
		w += cw > 0 ? (size_t)cw : 0;
		i += used ? used : 1;
	}
	strbuf_free(&v);
	return w;
}

static void cell(struct strbuf *sb, const char *text, size_t width, bool left)
{
	size_t w = width_of(text);
	if (!left)
		for (size_t i = w; i < width; i++)
			strbuf_putc(sb, ' ');
	strbuf_append_visible(sb, text, strlen(text));
	if (left)
		for (size_t i = w; i < width; i++)
			strbuf_putc(sb, ' ');
}

static void text_gradebook(struct strbuf *out, const struct course *c, struct course_class *k)
{
	size_t nq = c->n_questions, rows = course_class_rows(k);
	double out_of = 0;
	for (size_t q = 0; q < nq; q++)
		out_of += c->questions[q].points;
	strbuf_printf(out, "Gradebook: %zu sheet%s, out of ", rows, rows == 1 ? "" : "s");
	put_points(out, out_of, 2);
	strbuf_append(out, " points\n\n");
	/* the cells first, then the widths they need */
	size_t cols = nq + 3;
	struct strbuf *cells = calloc((rows + 2) * cols, sizeof *cells);
	size_t *width = calloc(cols, sizeof *width);
	if (!cells || !width) {
		free(cells);
		free(width);
		return;
	}
	strbuf_append(&cells[0], "student");
	for (size_t q = 0; q < nq; q++)
		strbuf_append(&cells[1 + q], c->questions[q].id);
	strbuf_append(&cells[nq + 1], "total");
	strbuf_append(&cells[nq + 2], "missing");
	for (size_t i = 0; i < rows; i++) {
		const struct course_grade_row *r = course_class_row(k, i);
		struct strbuf *line = &cells[(i + 1) * cols];
		strbuf_append(&line[0], r->student);
		for (size_t q = 0; q < nq; q++)
			put_points(&line[1 + q], r->points[q], 2);
		put_points(&line[nq + 1], r->total, 2);
		strbuf_printf(&line[nq + 2], "%zu", r->missing);
	}
	struct strbuf *foot = &cells[(rows + 1) * cols];
	strbuf_append(&foot[0], "out of");
	for (size_t q = 0; q < nq; q++)
		put_points(&foot[1 + q], c->questions[q].points, 2);
	put_points(&foot[nq + 1], out_of, 2);
	for (size_t i = 0; i < (rows + 2) * cols; i++) {
		size_t w = width_of(strbuf_str(&cells[i]));
		if (w > width[i % cols])
			width[i % cols] = w;
	}
	for (size_t i = 0; i < rows + 2; i++) {
		for (size_t j = 0; j < cols; j++) {
			if (j)
				strbuf_append(out, "  ");
			cell(out, strbuf_str(&cells[i * cols + j]), width[j], j == 0);
		}
		while (out->len && out->buf[out->len - 1] == ' ')
			out->buf[--out->len] = '\0';
		strbuf_putc(out, '\n');
	}
	for (size_t i = 0; i < (rows + 2) * cols; i++)
		strbuf_free(&cells[i]);
	free(cells);
	free(width);
}

/* RFC 4180: a field with a comma, a quote, CR or LF in quotes, quotes
 * doubled; control characters shown visibly (a name is never one). */
static void csv_field(struct strbuf *sb, const char *s)
{
	struct strbuf v = STRBUF_INIT;
	strbuf_append_visible(&v, s, strlen(s));
	const char *t = strbuf_str(&v);
	if (!strpbrk(t, ",\"\r\n")) {
		strbuf_append(sb, t);
	} else {
		strbuf_putc(sb, '"');
		for (; *t; t++) {
			if (*t == '"')
				strbuf_putc(sb, '"');
			strbuf_putc(sb, *t);
		}
		strbuf_putc(sb, '"');
	}
	strbuf_free(&v);
}

static void csv_gradebook(struct strbuf *out, const struct course *c, struct course_class *k)
{
	strbuf_append(out, "student");
	for (size_t q = 0; q < c->n_questions; q++) {
		strbuf_putc(out, ',');
		csv_field(out, c->questions[q].id);
	}
	strbuf_append(out, ",total,missing\r\n");
	for (size_t i = 0; i < course_class_rows(k); i++) {
		const struct course_grade_row *r = course_class_row(k, i);
		csv_field(out, r->student);
		for (size_t q = 0; q < c->n_questions; q++) {
			strbuf_putc(out, ',');
			put_points(out, r->points[q], 4);
		}
		strbuf_putc(out, ',');
		put_points(out, r->total, 4);
		strbuf_printf(out, ",%zu\r\n", r->missing);
	}
}

/* ---- the class report ------------------------------------------------------- */

/* A feedback without the published solution's erratum appended to it
 * (the report says "the published solution's error" instead). */
static size_t feedback_len(const struct course_class_group *g)
{
	const char *f = g->feedback ? g->feedback : "";
	const char *cut = g->source_error ? strstr(f, "\nThe published solution says: ") : NULL;
	return cut ? (size_t)(cut - f) : strlen(f);
}

static bool reported(const struct course_class_part *cp)
{
	return cp->part->on_sheet || cp->answered;
}

static void text_report(struct strbuf *out, const struct course *c, struct course_class *k)
{
	size_t rows = course_class_rows(k);
	strbuf_printf(out, "\nClass report: %zu sheet%s\n", rows, rows == 1 ? "" : "s");
	for (size_t i = 0; i < course_part_count(c); i++) {
		const struct course_class_part *cp = course_class_part(k, i);
		if (!reported(cp))
			continue;
		strbuf_putc(out, '\n');
		strbuf_append_visible(out, cp->part->id, strlen(cp->part->id));
		strbuf_append(out, "  ");
		strbuf_append_visible(out, cp->part->title, strlen(cp->part->title));
		strbuf_append(out, " (");
		put_points(out, course_part_points(c, cp->part), 2);
		strbuf_append(out, " points)\n");
		strbuf_printf(out, "  answered %zu of %zu, correct %zu, incorrect %zu, malformed %zu",
			      cp->answered, rows, cp->correct, cp->incorrect, cp->invalid);
		if (cp->source_errors)
			strbuf_printf(out, "; %zu repeated the published solution's error",
				      cp->source_errors);
		strbuf_putc(out, '\n');
		for (size_t j = 0; j < cp->n_groups; j++) {
			const struct course_class_group *g = &cp->groups[j];
			strbuf_printf(out, "  %4zu × ", g->count);
			strbuf_append_visible(out, g->answer, strlen(g->answer));
			if (g->source_error)
				strbuf_append(out, "   (the published solution's error)");
			strbuf_putc(out, '\n');
			const char *f = g->feedback ? g->feedback : "";
			size_t n = feedback_len(g);
			while (n) {
				size_t line = strcspn(f, "\n");
				if (line > n)
					line = n;
				strbuf_append(out, "         ");
				strbuf_append_visible(out, f, line);
				strbuf_putc(out, '\n');
				n -= line;
				f += line;
				if (n && *f == '\n') {
					f++;
					n--;
				}
			}
		}
		if (cp->other_wrong)
			strbuf_printf(out, "  and %zu more wrong answer%s of other values\n",
				      cp->other_wrong, cp->other_wrong == 1 ? "" : "s");
	}
}

static struct json_object *json_document(const struct course *c, struct course_class *k)
{
	struct json_object *doc = json_object_new_object();
	double out_of = 0;
	struct json_object *qs = json_object_new_array();
	for (size_t q = 0; q < c->n_questions; q++) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "id", course_json_str(c->questions[q].id));
		json_object_object_add(o, "points", course_json_number(c->questions[q].points));
		json_object_array_add(qs, o);
		out_of += c->questions[q].points;
	}
	json_object_object_add(doc, "sheets", json_object_new_int64((int64_t)course_class_rows(k)));
	json_object_object_add(doc, "out_of", course_json_number(out_of));
	json_object_object_add(doc, "questions", qs);
	struct json_object *book = json_object_new_array();
	for (size_t i = 0; i < course_class_rows(k); i++) {
		const struct course_grade_row *r = course_class_row(k, i);
		struct json_object *o = json_object_new_object(), *pts = json_object_new_object();
		json_object_object_add(o, "student", course_json_str(r->student));
		json_object_object_add(o, "file", course_json_str(r->file));
		json_object_object_add(o, "variant", json_object_new_int64((int64_t)r->variant));
		for (size_t q = 0; q < c->n_questions; q++)
			json_object_object_add(pts, c->questions[q].id, course_json_number(r->points[q]));
		json_object_object_add(o, "points", pts);
		json_object_object_add(o, "total", course_json_number(r->total));
		json_object_object_add(o, "missing", json_object_new_int64((int64_t)r->missing));
		json_object_object_add(o, "read_all", json_object_new_boolean(r->read_all));
		json_object_object_add(o, "error", course_json_str(r->error));
		json_object_array_add(book, o);
	}
	json_object_object_add(doc, "gradebook", book);
	struct json_object *report = json_object_new_array();
	for (size_t i = 0; i < course_part_count(c); i++) {
		const struct course_class_part *cp = course_class_part(k, i);
		if (!reported(cp))
			continue;
		struct json_object *o = json_object_new_object(), *wrong = json_object_new_array();
		json_object_object_add(o, "id", course_json_str(cp->part->id));
		json_object_object_add(o, "title", course_json_str(cp->part->title));
		json_object_object_add(o, "points", course_json_number(course_part_points(c, cp->part)));
		json_object_object_add(o, "answered", json_object_new_int64((int64_t)cp->answered));
		json_object_object_add(o, "correct", json_object_new_int64((int64_t)cp->correct));
		json_object_object_add(o, "incorrect", json_object_new_int64((int64_t)cp->incorrect));
		json_object_object_add(o, "malformed", json_object_new_int64((int64_t)cp->invalid));
		json_object_object_add(o, "source_errors", json_object_new_int64((int64_t)cp->source_errors));
		for (size_t j = 0; j < cp->n_groups; j++) {
			const struct course_class_group *g = &cp->groups[j];
			struct json_object *w = json_object_new_object();
			json_object_object_add(w, "answer", course_json_str(g->answer));
			json_object_object_add(w, "count", json_object_new_int64((int64_t)g->count));
			json_object_object_add(w, "feedback", course_json_text(g->feedback ? g->feedback : "",
										feedback_len(g)));
			json_object_object_add(w, "mistake", course_json_str(g->mistake));
			json_object_object_add(w, "rule", g->rule ? json_object_new_int64(g->rule) : NULL);
			json_object_object_add(w, "source_error", json_object_new_boolean(g->source_error));
			json_object_array_add(wrong, w);
		}
		json_object_object_add(o, "wrong", wrong);
		json_object_object_add(o, "other_wrong", json_object_new_int64((int64_t)cp->other_wrong));
		json_object_array_add(report, o);
	}
	json_object_object_add(doc, "report", report);
	return doc;
}

/* ---- the command ------------------------------------------------------------- */

static int grade_all(const struct course *c, const struct paths *sheets, enum format fmt,
		     bool fixed)
{
	int status = 0;
	struct course_class *k = course_class_new(c);
	if (k && fixed)
		course_class_fix_variant(k);
	if (!k) {
		fprintf(stderr, "cnntutor grade: out of memory\n");
		return 2;
	}
	for (size_t i = 0; i < sheets->n; i++) {
		const char *path = sheets->v[i];
		FILE *in = cli_open_sheet("grade", path);
		if (!in) {
			status = 2;
			continue;
		}
		char *name = cli_file_name(path), *warnings = NULL;
		const char *shown = strcmp(path, "-") ? path : "standard input";
		bool ok = name && course_class_add_sheet(k, in, path, name, &warnings);
		if (in != stdin)
			fclose(in);
		if (warnings)
			print_visible(stderr, "cnntutor grade: %s: %s\n", shown, warnings);
		if (!ok) {
			const struct course_grade_row *r = course_class_row(k, course_class_rows(k) - 1);
			const char *why = r && r->error ? r->error : "out of memory";
			print_visible(stderr, "cnntutor grade: cannot read %s to its end: %s\n",
				      shown, why);
			status = 2;
		}
		free(name);
		free(warnings);
	}
	/* Two sheets for one name are two rows: say so, the teacher decides. */
	for (size_t i = 0; i < course_class_rows(k); i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(course_class_row(k, i)->student, course_class_row(k, j)->student))
				print_visible(stderr, "cnntutor grade: %s and %s are both %s's\n",
					      course_class_row(k, j)->file, course_class_row(k, i)->file,
					      course_class_row(k, i)->student);
	struct strbuf out = STRBUF_INIT;
	if (fmt == FORMAT_CSV) {
		csv_gradebook(&out, c, k);
	} else if (fmt == FORMAT_JSON) {
		struct json_object *doc = json_document(c, k);
		course_json_append(&out, doc, true);
		strbuf_putc(&out, '\n');
		json_object_put(doc);
	} else {
		text_gradebook(&out, c, k);
		text_report(&out, c, k);
	}
	if (out.oom) {
		fprintf(stderr, "cnntutor grade: out of memory\n");
		status = 2;
	}
	fwrite(strbuf_str(&out), 1, out.len, stdout);
	strbuf_free(&out);
	course_class_free(k);
	return status;
}

static void free_paths(struct paths *p)
{
	for (size_t j = 0; j < p->n; j++)
		free(p->v[j]);
	free(p->v);
}

int cmd_grade(int argc, char **argv, const struct cli_globals *g)
{
	enum format fmt = FORMAT_TEXT;
	struct paths sheets = { 0 };
	bool given = false, unread = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *value = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			grade_help();
			free_paths(&sheets);
			return 0;
		}
		if (!strcmp(a, "--format")) {
			value = ++i < argc ? argv[i] : "";
		} else if (!strncmp(a, "--format=", 9)) {
			value = a + 9;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "cnntutor grade: unexpected argument '%s'\n%s", a, grade_usage);
			free_paths(&sheets);
			return 2;
		}
		if (value) {
			if (!strcmp(value, "text")) {
				fmt = FORMAT_TEXT;
			} else if (!strcmp(value, "csv")) {
				fmt = FORMAT_CSV;
			} else if (!strcmp(value, "json")) {
				fmt = FORMAT_JSON;
			} else {
				fprintf(stderr, "cnntutor grade: --format takes text, csv or json, not '%s'\n",
					value);
				free_paths(&sheets);
				return 2;
			}
			continue;
		}
		given = true;
		struct stat st;
		if (strcmp(a, "-") && stat(a, &st) == 0 && S_ISDIR(st.st_mode))
			unread |= !list_dir(a, &sheets);
		else if (!push(&sheets, strdup(a)))
			unread = true;
	}
	if (!given) {
		fprintf(stderr, "%s", grade_usage);
		free_paths(&sheets);
		return 2;
	}
	/* each sheet's "# variant:" line, unless --variant (or --student)
	 * chose one for the whole class */
	struct course *base;
	struct course *c = cli_open_course(g, &base);
	if (!c) {
		free_paths(&sheets);
		return 2;
	}
	uint64_t asked;
	bool fixed = cli_variant(g, c, &asked) > 0;
	/* a folder that cannot be listed is a sheet not read: the others are
	 * graded all the same, and the status says so */
	int status = grade_all(c, &sheets, fmt, fixed);
	if (unread)
		status = 2;
	cli_close_course(c, base);
	free_paths(&sheets);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "cnntutor grade: cannot write the output: %s\n", strerror(errno));
		status = 2;
	}
	return status;
}
