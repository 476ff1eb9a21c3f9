/* cnntutor report CSV...: students' progress exports (cnntutor progress
 * --format csv) merged into a class report: per part, how many tried it,
 * how many got it right and in how many attempts, the hints and steps they
 * used, and who is stuck where. Reading and merging are the progress
 * layer's (progress_class.h); this file prints. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "course.h"
#include "json_out.h"
#include "progress.h"
#include "progress_class.h"
#include "strbuf.h"

static const char report_usage[] = "Usage: cnntutor report CSV... [--format text|json]\n";

static void report_help(void)
{
	printf("%s"
	       "Merge students' progress exports (cnntutor progress --format csv, one\n"
	       "per student or several students in one) into a class report. A row's\n"
	       "student is its student column, else the export's file name without\n"
	       "the extension; rows of another course are left out, and counted.\n"
	       "\n"
	       "Per part: the students who tried it (an attempt that counts: not a\n"
	       "malformed or blank answer), how many got it right, the attempts they\n"
	       "needed (up to the first correct one: mean and most), the hints and\n"
	       "worked steps they used (mean), and who tried it without getting it\n"
	       "right yet; then each such student's parts.\n"
	       "\n"
	       "  --format text   a table and a list (default)\n"
	       "  --format json   the same as one JSON document\n"
	       "\n"
	       "Exit 0 when every export was read, 2 when one could not be (the others\n"
	       "are merged all the same).\n", report_usage);
}

struct reading {
	struct progress_class *k;
	const char *key;           /* the course's, trailing '/' left out */
	size_t key_len;
	const char *student;       /* for rows without one */
	size_t other_course, rows;
	bool oom;
};

static bool take(const struct progress_attempt *a, void *data)
{
	struct reading *r = data;
	if (a->course && *a->course &&
	    (strncmp(a->course, r->key, r->key_len) || a->course[r->key_len] != '\0')) {
		r->other_course++;
		return true;
	}
	r->rows++;
	if (!progress_class_add(r->k, a, r->student)) {
		r->oom = true;
		return false;
	}
	return true;
}

/* ---- what the class did on one part ------------------------------------------ */

struct part_sum {
	size_t tried, correct;
	double to_correct_mean, hints_mean, steps_mean;
	int to_correct_max;
};

static struct part_sum sum_part(const struct progress_class *k, size_t p)
{
	struct part_sum s = { 0, 0, 0, 0, 0, 0 };
	double to = 0, hints = 0, steps = 0;
	for (size_t i = 0; i < progress_class_students(k); i++) {
		const struct progress_class_work *w = progress_class_work(k, i, p);
		if (!w || !w->attempts)
			continue;
		s.tried++;
		hints += w->hints;
		steps += w->steps;
		if (w->to_correct) {
			s.correct++;
			to += w->to_correct;
			if (w->to_correct > s.to_correct_max)
				s.to_correct_max = w->to_correct;
		}
	}
	s.to_correct_mean = s.correct ? to / (double)s.correct : 0;
	s.hints_mean = s.tried ? hints / (double)s.tried : 0;
	s.steps_mean = s.tried ? steps / (double)s.tried : 0;
	return s;
}

static bool stuck(const struct progress_class_work *w)
{
	return w && w->attempts && !w->to_correct;
}

/* The parts to report: the course's in its order (its answer-sheet ids,
 * and the steps of a lesson somebody tried), then any the exports name
 * that the course does not have. *order gets their indices in the class
 * (or (size_t)-1 for a course part nobody tried). */
static size_t report_parts(const struct course *c, const struct progress_class *k,
			   size_t **order, const char ***ids)
{
	size_t np = course_part_count(c), nk = progress_class_parts(k), n = 0;
	*order = calloc(np + nk + 1, sizeof **order);
	*ids = calloc(np + nk + 1, sizeof **ids);
	if (!*order || !*ids)
		return 0;
	for (size_t i = 0; i < np; i++) {
		const struct course_part *p = course_part_at(c, i);
		size_t at = (size_t)-1;
		for (size_t j = 0; j < nk; j++)
			if (!strcmp(progress_class_part(k, j), p->id))
				at = j;
		if (!p->on_sheet && (at == (size_t)-1 || !sum_part(k, at).tried))
			continue;
		(*order)[n] = at;
		(*ids)[n++] = p->id;
	}
	for (size_t j = 0; j < nk; j++)
		if (!course_find_part(c, progress_class_part(k, j))) {
			(*order)[n] = j;
			(*ids)[n++] = progress_class_part(k, j);
		}
	return n;
}

static void put_mean(struct strbuf *sb, double x)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%.2f", x);
	size_t n = strlen(buf);
	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	strbuf_append(sb, buf);
}

/* "5 attempts, 3 hints, 1 step" */
static void put_work(struct strbuf *sb, const struct progress_class_work *w)
{
	strbuf_printf(sb, "%d attempt%s", w->attempts, w->attempts == 1 ? "" : "s");
	if (w->hints)
		strbuf_printf(sb, ", %d hint%s", w->hints, w->hints == 1 ? "" : "s");
	if (w->steps)
		strbuf_printf(sb, ", %d step%s", w->steps, w->steps == 1 ? "" : "s");
}

static void text_report(struct strbuf *out, const struct course *c,
			const struct progress_class *k, size_t exports, size_t rows)
{
	size_t *order;
	const char **ids;
	size_t n = report_parts(c, k, &order, &ids), ns = progress_class_students(k);
	strbuf_printf(out, "Class report from %zu export%s: %zu student%s, %zu row%s\n\n",
		      exports, exports == 1 ? "" : "s", ns, ns == 1 ? "" : "s", rows,
		      rows == 1 ? "" : "s");
	size_t w = strlen("part");
	for (size_t i = 0; i < n; i++)
		if (strlen(ids[i]) > w)
			w = strlen(ids[i]);
	strbuf_printf(out, "%-*s  tried  correct  attempts to correct  hints  steps  stuck\n",
		      (int)w, "part");
	for (size_t i = 0; i < n; i++) {
		struct part_sum s = order[i] == (size_t)-1 ? (struct part_sum){ 0, 0, 0, 0, 0, 0 }
			: sum_part(k, order[i]);
		size_t start = out->len;
		strbuf_append_visible(out, ids[i], strlen(ids[i]));
		for (size_t pad = strlen(ids[i]); pad < w; pad++)
			strbuf_putc(out, ' ');
		strbuf_printf(out, "  %5zu  %7zu  ", s.tried, s.correct);
		struct strbuf cell = STRBUF_INIT;
		if (s.correct) {
			put_mean(&cell, s.to_correct_mean);
			strbuf_printf(&cell, " (most %d)", s.to_correct_max);
		} else {
			strbuf_append(&cell, "-");
		}
		strbuf_printf(out, "%-19s  ", strbuf_str(&cell));
		strbuf_reset(&cell);
		put_mean(&cell, s.hints_mean);
		strbuf_printf(out, "%5s  ", s.tried ? strbuf_str(&cell) : "-");
		strbuf_reset(&cell);
		put_mean(&cell, s.steps_mean);
		strbuf_printf(out, "%5s  ", s.tried ? strbuf_str(&cell) : "-");
		strbuf_free(&cell);
		bool first = true;
		for (size_t st = 0; order[i] != (size_t)-1 && st < ns; st++)
			if (stuck(progress_class_work(k, st, order[i]))) {
				const char *who = progress_class_student(k, st);
				strbuf_append(out, first ? "" : ", ");
				strbuf_append_visible(out, who, strlen(who));
				first = false;
			}
		if (!course_find_part(c, ids[i]))
			strbuf_append(out, first ? "(not in this course)" : " (not in this course)");
		while (out->len > start && out->buf[out->len - 1] == ' ')
			out->buf[--out->len] = '\0';
		strbuf_putc(out, '\n');
	}
	strbuf_append(out, "\nWho is stuck where (tried, not yet right)\n");
	for (size_t st = 0; st < ns; st++) {
		const char *who = progress_class_student(k, st);
		size_t correct = 0, tried = 0;
		strbuf_append(out, "  ");
		strbuf_append_visible(out, who, strlen(who));
		size_t before = out->len;
		for (size_t i = 0; i < n; i++) {
			const struct progress_class_work *wk = order[i] == (size_t)-1 ? NULL
				: progress_class_work(k, st, order[i]);
			if (!wk || !wk->attempts)
				continue;
			tried++;
			correct += wk->to_correct > 0;
			if (!stuck(wk))
				continue;
			strbuf_append(out, out->len == before ? ": " : "; ");
			strbuf_append_visible(out, ids[i], strlen(ids[i]));
			strbuf_append(out, " (");
			put_work(out, wk);
			strbuf_putc(out, ')');
		}
		if (out->len == before)
			strbuf_append(out, ": nowhere");
		strbuf_printf(out, "  [%zu of %zu tried parts right]\n", correct, tried);
	}
	free(order);
	free(ids);
}

static struct json_object *json_work(const struct progress_class_work *w, const char *key,
				     const char *value)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, key, course_json_str(value));
	json_object_object_add(o, "attempts", json_object_new_int(w->attempts));
	json_object_object_add(o, "hints", json_object_new_int(w->hints));
	json_object_object_add(o, "steps", json_object_new_int(w->steps));
	return o;
}

static struct json_object *json_report(const struct course *c, const struct progress_class *k,
				       size_t exports, size_t rows)
{
	size_t *order;
	const char **ids;
	size_t n = report_parts(c, k, &order, &ids), ns = progress_class_students(k);
	struct json_object *doc = json_object_new_object(), *parts = json_object_new_array();
	json_object_object_add(doc, "exports", json_object_new_int64((int64_t)exports));
	json_object_object_add(doc, "rows", json_object_new_int64((int64_t)rows));
	struct json_object *names = json_object_new_array();
	for (size_t st = 0; st < ns; st++)
		json_object_array_add(names, course_json_str(progress_class_student(k, st)));
	json_object_object_add(doc, "students", names);
	for (size_t i = 0; i < n; i++) {
		struct part_sum s = order[i] == (size_t)-1 ? (struct part_sum){ 0, 0, 0, 0, 0, 0 }
			: sum_part(k, order[i]);
		const struct course_part *p = course_find_part(c, ids[i]);
		struct json_object *o = json_object_new_object(), *stuck_list = json_object_new_array();
		json_object_object_add(o, "id", course_json_str(ids[i]));
		json_object_object_add(o, "title", course_json_str(p ? p->title : NULL));
		json_object_object_add(o, "tried", json_object_new_int64((int64_t)s.tried));
		json_object_object_add(o, "correct", json_object_new_int64((int64_t)s.correct));
		json_object_object_add(o, "attempts_to_correct_mean",
				       s.correct ? course_json_number(s.to_correct_mean) : NULL);
		json_object_object_add(o, "attempts_to_correct_most",
				       s.correct ? json_object_new_int(s.to_correct_max) : NULL);
		json_object_object_add(o, "hints_mean", s.tried ? course_json_number(s.hints_mean) : NULL);
		json_object_object_add(o, "steps_mean", s.tried ? course_json_number(s.steps_mean) : NULL);
		for (size_t st = 0; order[i] != (size_t)-1 && st < ns; st++) {
			const struct progress_class_work *w = progress_class_work(k, st, order[i]);
			if (stuck(w))
				json_object_array_add(stuck_list, json_work(w, "student", w->student));
		}
		json_object_object_add(o, "stuck", stuck_list);
		json_object_array_add(parts, o);
	}
	json_object_object_add(doc, "parts", parts);
	struct json_object *where = json_object_new_array();
	for (size_t st = 0; st < ns; st++) {
		struct json_object *o = json_object_new_object(), *list = json_object_new_array();
		size_t correct = 0, tried = 0;
		for (size_t i = 0; i < n; i++) {
			const struct progress_class_work *w = order[i] == (size_t)-1 ? NULL
				: progress_class_work(k, st, order[i]);
			if (!w || !w->attempts)
				continue;
			tried++;
			correct += w->to_correct > 0;
			if (stuck(w))
				json_object_array_add(list, json_work(w, "part", ids[i]));
		}
		json_object_object_add(o, "student", course_json_str(progress_class_student(k, st)));
		json_object_object_add(o, "tried", json_object_new_int64((int64_t)tried));
		json_object_object_add(o, "correct", json_object_new_int64((int64_t)correct));
		json_object_object_add(o, "stuck", list);
		json_object_array_add(where, o);
	}
	json_object_object_add(doc, "stuck_where", where);
	free(order);
	free(ids);
	return doc;
}

int cmd_report(int argc, char **argv, const struct cli_globals *g)
{
	bool json = false;
	const char **files = calloc((size_t)argc + 1, sizeof *files);
	size_t n = 0;
	if (!files)
		return 2;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *value = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			report_help();
			free(files);
			return 0;
		}
		if (!strcmp(a, "--format"))
			value = ++i < argc ? argv[i] : "";
		else if (!strncmp(a, "--format=", 9))
			value = a + 9;
		else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "cnntutor report: unexpected argument '%s'\n%s", a, report_usage);
			free(files);
			return 2;
		} else {
			files[n++] = a;
			continue;
		}
		if (strcmp(value, "text") && strcmp(value, "json")) {
			fprintf(stderr, "cnntutor report: --format takes text or json, not '%s'\n", value);
			free(files);
			return 2;
		}
		json = !strcmp(value, "json");
	}
	if (!n) {
		fputs(report_usage, stderr);
		free(files);
		return 2;
	}
	const char *dir = cli_course_dir(g);
	struct course *c = cli_load_course(dir);
	if (!c) {
		free(files);
		return 2;
	}
	struct reading r = { progress_class_new(), course_key(c), 0, NULL, 0, 0, false };
	r.key_len = strcspn(r.key, "/");
	int status = r.k ? 0 : 2;
	for (size_t i = 0; r.k && i < n; i++) {
		FILE *in = cli_open_sheet("report", files[i]);
		if (!in) {
			status = 2;
			continue;
		}
		char *student = cli_file_name(files[i]), *why = NULL;
		r.student = student;
		if (!progress_csv_each(in, take, &r, &why)) {
			print_visible(stderr, "cnntutor report: %s: %s\n",
				      strcmp(files[i], "-") ? files[i] : "standard input",
				      why ? why : "out of memory");
			status = 2;
		}
		free(why);
		free(student);
		if (in != stdin)
			fclose(in);
	}
	if (r.other_course)
		fprintf(stderr, "cnntutor report: %zu row%s of another course left out\n",
			r.other_course, r.other_course == 1 ? "" : "s");
	struct strbuf out = STRBUF_INIT;
	if (r.k && json) {
		struct json_object *doc = json_report(c, r.k, n, r.rows);
		course_json_append(&out, doc, true);
		strbuf_putc(&out, '\n');
		json_object_put(doc);
	} else if (r.k) {
		text_report(&out, c, r.k, n, r.rows);
	}
	if (out.oom || r.oom || !r.k) {
		fprintf(stderr, "cnntutor report: out of memory\n");
		status = 2;
	}
	fwrite(strbuf_str(&out), 1, out.len, stdout);
	strbuf_free(&out);
	progress_class_free(r.k);
	course_free(c);
	free(files);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "cnntutor report: cannot write the output: %s\n", strerror(errno));
		status = 2;
	}
	return status;
}
