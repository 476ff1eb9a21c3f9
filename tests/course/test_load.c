/* The loader: a good course builds the whole model; each kind of broken
 * file is reported as file:line:col with the exact position; hostile files
 * (aliases, deep nesting, FIFOs, devices, huge or many files, bad bytes)
 * are refused with a message before they cost anything. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "course.h"
#include "model.h"
#include "ydoc.h"

#define FIX(d) FIXTURES "/" d

static char *load_error(const char *dir)
{
	char *err = NULL;
	struct course *c = course_load(dir, &err);
	assert_null(c);
	assert_non_null(err);
	return err;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, hay ? hay : "(nothing)");
}

static void test_good_course_loads_every_part_in_order(void **state)
{
	(void)state;
	char *err = NULL;
	struct course *c = course_load(FIX("good"), &err);
	assert_non_null(c);
	assert_null(err);
	assert_string_equal(c->title, "Fixture course");
	assert_int_equal(c->n_questions, 1);
	assert_string_equal(c->questions[0].id, "t1");
	assert_int_equal(course_part_count(c), 8);
	const char *ids[] = { "t1.num", "t1.seq", "t1.shape", "t1.cfg",
			      "t1.formula", "t1.factor", "t1.matrix", "t1.choice" };
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(course_part_at(c, i)->id, ids[i]);
	assert_null(course_part_at(c, 8));
	const struct course_part *p = course_find_part(c, "t1.num");
	assert_ptr_equal(p, course_part_at(c, 0));
	assert_int_equal(p->kind, COURSE_NUMBER);
	assert_int_equal(p->line, 7);
	assert_non_null(strstr(p->file, "good/t1.yaml"));
	assert_int_equal(p->n_givens, 2);
	assert_string_equal(p->givens[0].name, "C");
	assert_string_equal(p->givens[0].text, "4");
	assert_int_equal(p->n_hints, 2);
	assert_int_equal(p->n_steps, 2);
	/* the step's value comes from the engine, not from the file */
	assert_string_equal(p->steps[0].value, "24");
	assert_null(p->steps[1].expr);
	assert_null(p->steps[1].value);
	assert_non_null(p->erratum);
	assert_string_equal(p->erratum->quote, "4 × 3 = 12");
	assert_non_null(p->scope);
	assert_null(course_find_part(c, "t9"));
	assert_int_equal(course_find_part(c, "t1.choice")->n_choices, 3);
	assert_int_equal(course_find_part(c, "t1.matrix")->kind, COURSE_MATRIX_EXPR);
	course_free(c);
}

static void test_bad_yaml_is_reported_with_line_and_column(void **state)
{
	(void)state;
	char *err = load_error(FIX("bad_yaml"));
	assert_contains(err, "bad_yaml/t1.yaml:7:1: YAML syntax error:");
	free(err);
}

static void test_unknown_key_is_reported_at_the_key(void **state)
{
	(void)state;
	char *err = load_error(FIX("unknown_key"));
	assert_contains(err, "unknown_key/t1.yaml:6:5: unknown key 'stetement'");
	free(err);
}

static void test_missing_field_is_reported_at_its_mapping(void **state)
{
	(void)state;
	char *err = load_error(FIX("missing_field"));
	assert_contains(err, "missing_field/t1.yaml:4:5: missing key 'kind'");
	free(err);
}

static void test_expression_that_does_not_parse_names_its_column(void **state)
{
	(void)state;
	char *err = load_error(FIX("bad_expr"));
	/* "      expected: 2 $ 2": the value starts at column 17, '$' is at 19 */
	assert_contains(err, "bad_expr/t1.yaml:9:19: Parse error");
	assert_contains(err, "check.expected");
	free(err);
}

static void test_wrong_types_and_words_are_each_reported_at_their_value(void **state)
{
	(void)state;
	char *err = load_error(FIX("bad_types"));
	assert_contains(err, "bad_types/t1.yaml:7:11: 'kind' must be one of: number | sequence");
	assert_contains(err, "not 'numbr'");
	assert_contains(err, "bad_types/t1.yaml:8:39: 'tolerance' must be a number, not 'abc'");
	assert_contains(err, "bad_types/t1.yaml:9:12: 'hints' must be a list");
	assert_contains(err, "bad_types/t1.yaml:13:23: 'source_error' must be true or false, not 'maybe'");
	free(err);
}

static void test_missing_folder_is_an_error_not_a_crash(void **state)
{
	(void)state;
	char *err = load_error(FIX("no_such_folder"));
	assert_contains(err, "no_such_folder");
	free(err);
}

static void test_validate_finds_nothing_wrong_with_the_good_course(void **state)
{
	(void)state;
	struct course *c = course_load(FIX("good"), NULL);
	assert_non_null(c);
	char *report = NULL;
	size_t n = course_validate(c, &report);
	if (n)
		fail_msg("%s", report);
	free(report);
	course_free(c);
}

static void test_validate_reports_each_inconsistency_with_its_line(void **state)
{
	(void)state;
	char *err = NULL;
	struct course *c = course_load(FIX("inconsistent"), &err);
	if (!c)
		fail_msg("%s", err);
	char *report = NULL;
	size_t n = course_validate(c, &report);
	assert_int_equal(n, 4);
	assert_contains(report, "inconsistent/t1.yaml:13: t1.a: feedback rule 2's example \"5\" is caught by rule 1 first");
	assert_contains(report, "inconsistent/t1.yaml:16: part id 't1.a' is also used at");
	assert_contains(report, "inconsistent/t1.yaml:23: t1.a: note 1's 'when' does not evaluate on the expected answer: Dimension error");
	assert_contains(report, "inconsistent/t1.yaml:26: t1.a: step 1 (\"1/0\") does not evaluate");
	free(report);
	course_free(c);
}

/* ---- hostile files ------------------------------------------------------ */

/* A lesson that loads, for tests that spoil one thing in it. */
static const char *const LESSON =
	"id: q1\n"
	"title: t\n"
	"parts:\n"
	"  - id: q1.a\n"
	"    title: t\n"
	"    statement: s\n"
	"    kind: number\n"
	"    check: { expected: \"1\" }\n";

static void write_file(const char *dir, const char *name, const char *data, size_t len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_text(const char *dir, const char *name, const char *text)
{
	write_file(dir, name, text, strlen(text));
}

/* A fresh course folder with a good course.yaml; rm_course removes it. */
static char *temp_course(void)
{
	char tmpl[] = "/tmp/cnntutor-load.XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	write_text(tmpl, "course.yaml", "title: Hostile\n");
	return strdup(tmpl);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static void rm_course(char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* The error of loading dir, which must fail, with dir replaced by "D" so
 * tests can name exact positions. */
static char *error_in(const char *dir)
{
	char *err = load_error(dir);
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(dir);
	for (const char *p = err; *p;) {
		if (!strncmp(p, dir, n)) {
			strbuf_putc(&sb, 'D');
			p += n;
		} else {
			strbuf_putc(&sb, *p++);
		}
	}
	free(err);
	return strbuf_steal(&sb);
}

/* Load one lesson file with text (len bytes) and return the error. */
static char *lesson_error(const char *text, size_t len)
{
	char *dir = temp_course();
	write_file(dir, "q1.yaml", text, len);
	char *err = error_in(dir);
	rm_course(dir);
	return err;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_validate_runs_each_lab_and_each_example_in_it(void **state)
{
	(void)state;
	char *err = NULL;
	struct course *c = course_load(FIX("lab_inconsistent"), &err);
	if (!c)
		fail_msg("%s", err);
	char *report = NULL;
	assert_int_equal(course_validate(c, &report), 2);
	/* Each parameter follows its own rule; together they do not fit. */
	assert_contains(report, "lab_inconsistent/t1.yaml:3: t1: its lab (taps) does not run: "
			"Invalid configuration: the kernel spans K + (K-1)·D = 8 + 7·0 = 8 pixels, "
			"more than the padded input W + 2P = 4 + 2·0 = 4");
	/* The lab runs on its own settings and on "K=3, S=3", not on "K=6, S=2". */
	assert_contains(report, "lab_inconsistent/t1.yaml:13: t1.a: its lab (taps) does not run on "
			"the example answer \"K=6, S=2\" (config=K=6, S=2, P=0): Invalid configuration");
	assert_null(strstr(report, "K=3, S=3"));
	free(report);
	course_free(c);
}

static void test_labs_are_found_for_each_part_and_take_its_answer(void **state)
{
	(void)state;
	struct course *c = course_load(FIX("good"), NULL);
	assert_non_null(c);
	/* The question's lab, for a part without its own. */
	const struct course_lab *q = course_part_lab(c, course_find_part(c, "t1.num"));
	assert_non_null(q);
	assert_ptr_equal(q, c->questions[0].lab);
	assert_string_equal(q->kind->name, "conv");
	assert_int_equal(q->n_params, 2);
	assert_string_equal(q->params[1], "w=1,1");
	assert_null(q->answer);
	assert_int_equal(q->line, 5);
	/* A part's own lab replaces it. */
	const struct course_part *cfg = course_find_part(c, "t1.cfg");
	const struct course_lab *l = course_part_lab(c, cfg);
	assert_ptr_equal(l, cfg->lab);
	assert_string_equal(l->kind->name, "taps");
	assert_string_equal(l->answer, "config");
	struct lab_params *p = course_lab_params(l);
	assert_non_null(p);
	assert_string_equal(lab_params_get(p, "input"), "12");
	assert_string_equal(lab_params_get(p, "config"), "K=2, S=1");
	lab_params_free(p);
	/* An answer as the checker reads it, the fixed names filled in, in
	 * the part's order of names. */
	char *a = course_lab_answer(c, cfg, "S=3, K=3");
	assert_string_equal(a, "K=3, S=3, P=0");
	free(a);
	a = course_lab_answer(c, cfg, "4, 2");
	assert_string_equal(a, "K=4, S=2, P=0");
	free(a);
	assert_null(course_lab_answer(c, cfg, "K=3, X=1"));
	assert_null(course_lab_answer(c, cfg, "K="));
	/* Another kind of part: the answer as it is. */
	a = course_lab_answer(c, course_find_part(c, "t1.num"), "24");
	assert_string_equal(a, "24");
	free(a);
	assert_null(course_part_lab(c, NULL));
	course_free(c);

	/* A course without labs has none. */
	c = course_load(FIX("inconsistent"), NULL);
	assert_non_null(c);
	assert_null(course_find_part(c, "t1.a")->lab);
	course_free(c);
}

static void test_bad_lab_kind_and_parameters_are_reported_where_they_are(void **state)
{
	(void)state;
	char *err = load_error(FIX("bad_lab"));
	assert_contains(err, "bad_lab/t1.yaml:3:48: a question's lab takes no 'answer'");
	assert_contains(err, "bad_lab/t1.yaml:9:17: unknown lab kind 'tapz' (the kinds: conv, "
			"stack, taps, dropout, ensemble, weightnorm, whitened)");
	/* a bad value at the value, an unknown name at the name */
	assert_contains(err, "bad_lab/t1.yaml:18:19: Bad parameter: 1.5 is out of range: p takes "
			"0.05 to 1 (in lab parameter 'p=1.5')");
	assert_contains(err, "bad_lab/t1.yaml:18:26: Bad parameter: lab dropout has no parameter "
			"'q' (it takes: p, samples, n, d)");
	assert_contains(err, "bad_lab/t1.yaml:18:33: lab parameter 'samples' is not NAME=VALUE");
	assert_contains(err, "bad_lab/t1.yaml:19:15: lab answer 'keep': lab dropout has no "
			"parameter 'keep'");
	free(err);
}

static void test_anchors_and_aliases_are_refused_where_they_are(void **state)
{
	(void)state;
	static const char anchor[] =
		"id: q1\ntitle: t\nparts:\n  - &p\n    id: q1.a\n";
	char *err = lesson_error(anchor, sizeof anchor - 1);
	assert_contains(err, "D/q1.yaml:4:5: YAML anchor '&p' is not allowed: lesson files "
			"do not use anchors or aliases");
	assert_int_equal(count_lines(err), 1);
	free(err);
	static const char alias[] = "id: q1\ntitle: *t\n";
	err = lesson_error(alias, sizeof alias - 1);
	assert_contains(err, "D/q1.yaml:2:8: YAML alias '*t' is not allowed");
	free(err);
}

/* 20 000 aliases of a part that holds 20 000 aliases of a hint: refused
 * at the first anchor, before anything is expanded (this took 4 GB). */
static void test_alias_bomb_is_refused_before_anything_is_expanded(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_append(&sb, "id: q1\ntitle: t\nparts:\n  - &p\n    id: q1.a\n"
		      "    title: t\n    statement: s\n    kind: number\n"
		      "    check: { expected: \"1\" }\n    hints: [&h \"x\"");
	for (int i = 0; i < 20000; i++)
		strbuf_append(&sb, ", *h");
	strbuf_append(&sb, "]\n");
	for (int i = 0; i < 20000; i++)
		strbuf_append(&sb, "  - *p\n");
	assert_false(sb.oom);
	char *err = lesson_error(sb.buf, sb.len);
	assert_contains(err, "D/q1.yaml:4:5: YAML anchor '&p' is not allowed");
	free(err);
	strbuf_free(&sb);
}

/* "[[[...]]]" depth deep as the whole file. */
static char *nested(size_t depth)
{
	char *s = malloc(2 * depth + 2);
	assert_non_null(s);
	memset(s, '[', depth);
	memset(s + depth, ']', depth);
	s[2 * depth] = '\n';
	s[2 * depth + 1] = '\0';
	return s;
}

static void test_nesting_past_the_limit_is_refused_at_its_bracket(void **state)
{
	(void)state;
	char *deep = nested(COURSE_MAX_DEPTH);
	char *err = lesson_error(deep, strlen(deep));
	/* at the limit: the schema's own message */
	assert_contains(err, "D/q1.yaml:1:1: 'the file' must be a mapping");
	free(err);
	free(deep);
	deep = nested(40000);
	err = lesson_error(deep, 40000);   /* unclosed: refused before the end */
	assert_contains(err, "D/q1.yaml:1:33: nested too deeply: more than 32 lists and mappings");
	free(err);
	free(deep);
}

static void test_too_many_values_are_refused(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_append(&sb, "{a");
	for (int i = 0; i < COURSE_MAX_EVENTS / 2; i++)
		strbuf_append(&sb, ",a");
	strbuf_append(&sb, "}\n");
	char *err = lesson_error(sb.buf, sb.len);
	assert_contains(err, "D/q1.yaml:1:");
	assert_contains(err, ": too many YAML values: more than 200000");
	assert_int_equal(count_lines(err), 1);
	free(err);
	strbuf_free(&sb);
}

static void test_only_the_first_problems_are_listed(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_append(&sb, LESSON);
	for (int i = 0; i < 2 * COURSE_MAX_PROBLEMS; i++)
		strbuf_printf(&sb, "k%d: 1\n", i);
	char *err = lesson_error(sb.buf, sb.len);
	assert_int_equal(count_lines(err), COURSE_MAX_PROBLEMS + 1);
	assert_contains(err, "D/q1.yaml:9:1: unknown key 'k0'");
	assert_contains(err, "D/q1.yaml:58:1: unknown key 'k49'");
	assert_contains(err, "D/q1.yaml:59:1: more problems; only the first 50 are reported");
	free(err);
	strbuf_free(&sb);
}

/* Under the old loader a FIFO blocked forever: the alarm makes that a
 * failure instead of a hung test. */
static void test_fifo_as_lesson_or_course_file_is_refused_without_blocking(void **state)
{
	(void)state;
	alarm(20);
	char *dir = temp_course();
	char path[512];
	snprintf(path, sizeof path, "%s/q1.yaml", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	char *err = error_in(dir);
	assert_contains(err, "D/q1.yaml:1:1: not a course file: it is a FIFO (named pipe), "
			"not a regular file");
	free(err);
	snprintf(path, sizeof path, "%s/course.yaml", dir);
	assert_int_equal(remove(path), 0);
	assert_int_equal(mkfifo(path, 0600), 0);
	err = error_in(dir);
	assert_contains(err, "D/course.yaml:1:1: not a course file: it is a FIFO");
	free(err);
	rm_course(dir);
	alarm(0);
}

static void test_link_to_a_device_is_refused_before_reading(void **state)
{
	(void)state;
	char *dir = temp_course();
	char path[512];
	snprintf(path, sizeof path, "%s/q1.yaml", dir);
	assert_int_equal(symlink("/dev/zero", path), 0);
	char *err = error_in(dir);
	assert_contains(err, "D/q1.yaml:1:1: not a course file: it is a character device");
	free(err);
	rm_course(dir);
}

/* LESSON and a comment, len bytes in all (caller frees). */
static char *padded_lesson(size_t len)
{
	char *text = malloc(len);
	assert_non_null(text);
	memset(text, 'x', len);
	memcpy(text, LESSON, strlen(LESSON));
	text[strlen(LESSON)] = '#';
	text[len - 1] = '\n';
	return text;
}

static void test_file_over_the_size_limit_is_refused(void **state)
{
	(void)state;
	size_t len = COURSE_MAX_FILE_BYTES + 1;
	char *text = padded_lesson(len);
	char *err = lesson_error(text, len);
	assert_contains(err, "D/q1.yaml:1:1: the file is too large: 1048577 bytes, and a "
			"course file may have at most 1048576 (1 MiB)");
	free(err);
	text[len - 2] = '\n';   /* exactly at the limit: it loads */
	char *dir = temp_course();
	write_file(dir, "q1.yaml", text, len - 1);
	struct course *c = course_load(dir, NULL);
	assert_non_null(c);
	course_free(c);
	rm_course(dir);
	free(text);
}

static void test_entries_that_are_not_files_are_named(void **state)
{
	(void)state;
	char *dir = temp_course();
	write_text(dir, "q1.yaml", LESSON);
	char path[512];
	snprintf(path, sizeof path, "%s/q2.yaml", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/q3.yaml", dir);
	assert_int_equal(symlink("no-such-file", path), 0);
	char *err = error_in(dir);
	assert_contains(err, "D/q2.yaml:1:1: not a course file: it is a folder, not a regular file");
	assert_contains(err, "D/q3.yaml:1:1: cannot open the file: it is a symbolic link to a "
			"file that does not exist");
	free(err);
	rm_course(dir);
}

static void test_unreadable_file_is_named(void **state)
{
	(void)state;
	if (geteuid() == 0)
		skip();   /* root reads it anyway */
	char *dir = temp_course();
	write_text(dir, "q1.yaml", LESSON);
	char path[512];
	snprintf(path, sizeof path, "%s/q1.yaml", dir);
	assert_int_equal(chmod(path, 0), 0);
	char *err = error_in(dir);
	assert_contains(err, "D/q1.yaml:1:1: cannot open the file: Permission denied");
	free(err);
	rm_course(dir);
}

static void test_too_many_lesson_files_are_refused(void **state)
{
	(void)state;
	char *dir = temp_course();
	for (int i = 0; i < 300; i++) {
		char name[32];
		snprintf(name, sizeof name, "q%03d.yaml", i);
		write_text(dir, name, "");
	}
	char *err = error_in(dir);
	assert_string_equal(err, "D: more than 256 question files (*.yaml) in the course "
			    "folder; a course may have at most 256\n");
	free(err);
	rm_course(dir);
}

static void test_course_over_the_total_limit_is_refused(void **state)
{
	(void)state;
	size_t len = COURSE_MAX_FILE_BYTES - 1000;
	char *text = padded_lesson(len);
	char *dir = temp_course();
	for (int i = 1; i <= 5; i++) {
		char name[32];
		snprintf(name, sizeof name, "q%d.yaml", i);
		write_file(dir, name, text, len);
	}
	char *err = error_in(dir);
	assert_string_equal(err, "D/q5.yaml:1:1: the course's lesson files add up to more than "
			    "4194304 bytes (4 MiB), the limit for a course\n");
	free(err);
	rm_course(dir);
	free(text);
}

static void test_bad_bytes_are_reported_where_they_are(void **state)
{
	(void)state;
	static const char utf8[] = "id: q1\ntitle: ab\xff\n";
	char *err = lesson_error(utf8, sizeof utf8 - 1);
	assert_contains(err, "D/q1.yaml:2:10: YAML syntax error: invalid leading UTF-8 octet "
			"(byte 0xFF)");
	free(err);
	/* after a byte order mark and some UTF-8, the same column */
	static const char bom[] = "\xEF\xBB\xBFid: q1\ntitle: \xC3\xA9\xff\n";
	err = lesson_error(bom, sizeof bom - 1);
	assert_contains(err, "D/q1.yaml:2:9: YAML syntax error: invalid leading UTF-8 octet");
	free(err);
	static const char nul[] = "id: q1\ntitle: a\0b\n";
	err = lesson_error(nul, sizeof nul - 1);
	assert_contains(err, "D/q1.yaml:2:9: YAML syntax error: control characters are not "
			"allowed (U+0000)");
	free(err);
}

static void test_text_quoted_in_a_message_is_escaped_and_shortened(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_append(&sb, LESSON);
	strbuf_append(&sb, "    \"x\\n\\e[31m\": 1\n");
	strbuf_append(&sb, "    kind: ");
	for (int i = 0; i < 10000; i++)
		strbuf_putc(&sb, 'k');
	strbuf_append(&sb, "\n");
	char *err = lesson_error(sb.buf, sb.len);
	assert_contains(err, "D/q1.yaml:9:5: unknown key 'x\\n\\u001B[31m'");
	assert_contains(err, "D/q1.yaml:10:5: key 'kind' is given twice");
	assert_contains(err, "D/q1.yaml:10:11: 'kind' must be one of: number");
	assert_contains(err, ", not 'kkkkkkkkkk");
	assert_contains(err, "... (10000 bytes)'");
	assert_true(strlen(err) < 2000);
	free(err);
	strbuf_free(&sb);
}

static void test_a_nul_inside_a_word_does_not_make_it_that_word(void **state)
{
	(void)state;
	static const char text[] =
		"id: q1\ntitle: t\nparts:\n  - id: q1.a\n    title: t\n"
		"    statement: s\n    kind: \"number\\0x\"\n    check: { expected: \"1\" }\n";
	char *err = lesson_error(text, sizeof text - 1);
	assert_contains(err, "D/q1.yaml:7:11: 'kind' must be one of: number | sequence");
	assert_contains(err, "not 'number\\u0000x'");
	free(err);
}

static void test_error_in_an_escaped_string_points_at_the_string(void **state)
{
	(void)state;
	/* "\x32 $ 2" is "2 $ 2": the escape makes byte offsets and columns
	 * differ, so the message points at the opening quote. */
	static const char text[] =
		"id: q1\ntitle: t\nparts:\n  - id: q1.a\n    title: t\n"
		"    statement: s\n    kind: number\n    check: { expected: \"\\x32 $ 2\" }\n";
	char *err = lesson_error(text, sizeof text - 1);
	assert_contains(err, "D/q1.yaml:8:24: Parse error");
	free(err);
}

static void test_memory_load_is_the_folder_load(void **state)
{
	(void)state;
	const char *names[] = { "good", "bad_expr", "bad_types" };
	for (size_t i = 0; i < 3; i++) {
		char dir[512], path[600];
		snprintf(dir, sizeof dir, "%s/%s", FIXTURES, names[i]);
		struct course_file files[2];
		char *data[2];
		const char *file_names[2] = { "course.yaml", "t1.yaml" };
		for (int k = 0; k < 2; k++) {
			snprintf(path, sizeof path, "%s/%s", dir, file_names[k]);
			FILE *f = fopen(path, "rb");
			assert_non_null(f);
			data[k] = malloc(8192);
			size_t n = fread(data[k], 1, 8192, f);
			fclose(f);
			files[k] = (struct course_file){ file_names[k], data[k], n };
		}
		char *err_mem = NULL, *err_dir = NULL;
		struct course *m = course_load_files(dir, &files[0], &files[1], 1, &err_mem);
		struct course *d = course_load(dir, &err_dir);
		assert_true((m == NULL) == (d == NULL));
		if (d) {
			assert_int_equal(course_part_count(m), course_part_count(d));
			for (size_t p = 0; p < course_part_count(d); p++) {
				assert_string_equal(course_part_at(m, p)->id, course_part_at(d, p)->id);
				assert_string_equal(course_part_at(m, p)->file, course_part_at(d, p)->file);
			}
		} else {
			assert_string_equal(err_mem, err_dir);
		}
		course_free(m);
		course_free(d);
		free(err_mem);
		free(err_dir);
		free(data[0]);
		free(data[1]);
	}
}

static void test_free_accepts_null(void **state)
{
	(void)state;
	course_free(NULL);
	course_result_clear(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_course_loads_every_part_in_order),
		cmocka_unit_test(test_bad_yaml_is_reported_with_line_and_column),
		cmocka_unit_test(test_unknown_key_is_reported_at_the_key),
		cmocka_unit_test(test_missing_field_is_reported_at_its_mapping),
		cmocka_unit_test(test_expression_that_does_not_parse_names_its_column),
		cmocka_unit_test(test_wrong_types_and_words_are_each_reported_at_their_value),
		cmocka_unit_test(test_missing_folder_is_an_error_not_a_crash),
		cmocka_unit_test(test_validate_finds_nothing_wrong_with_the_good_course),
		cmocka_unit_test(test_validate_reports_each_inconsistency_with_its_line),
		cmocka_unit_test(test_validate_runs_each_lab_and_each_example_in_it),
		cmocka_unit_test(test_labs_are_found_for_each_part_and_take_its_answer),
		cmocka_unit_test(test_bad_lab_kind_and_parameters_are_reported_where_they_are),
		cmocka_unit_test(test_anchors_and_aliases_are_refused_where_they_are),
		cmocka_unit_test(test_alias_bomb_is_refused_before_anything_is_expanded),
		cmocka_unit_test(test_nesting_past_the_limit_is_refused_at_its_bracket),
		cmocka_unit_test(test_too_many_values_are_refused),
		cmocka_unit_test(test_only_the_first_problems_are_listed),
		cmocka_unit_test(test_fifo_as_lesson_or_course_file_is_refused_without_blocking),
		cmocka_unit_test(test_link_to_a_device_is_refused_before_reading),
		cmocka_unit_test(test_file_over_the_size_limit_is_refused),
		cmocka_unit_test(test_entries_that_are_not_files_are_named),
		cmocka_unit_test(test_unreadable_file_is_named),
		cmocka_unit_test(test_too_many_lesson_files_are_refused),
		cmocka_unit_test(test_course_over_the_total_limit_is_refused),
		cmocka_unit_test(test_bad_bytes_are_reported_where_they_are),
		cmocka_unit_test(test_text_quoted_in_a_message_is_escaped_and_shortened),
		cmocka_unit_test(test_a_nul_inside_a_word_does_not_make_it_that_word),
		cmocka_unit_test(test_error_in_an_escaped_string_points_at_the_string),
		cmocka_unit_test(test_memory_load_is_the_folder_load),
		cmocka_unit_test(test_free_accepts_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
