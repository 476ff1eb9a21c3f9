/* The answer-sheet reader on bytes in memory (every line end, byte-order
 * mark and encoding, NUL bytes, the line cap), and course_sheet_check
 * grading a sheet against the fixture course to text and to JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json.h>

#include "course.h"
#include "sheet.h"
#include "strbuf.h"
#include "utf8.h"

/* Every item of a sheet given as bytes, one line of text each:
 *   A <line> <id>|<text>   an answer
 *   H <line> <key>|<value> a header
 *   C <line> |<text>       a comment
 *   P <line> <id>|<text> <message>
 * with id and text shown through strbuf_append_visible (NUL reads ^@),
 * then "E <error>" when reading stopped on an error. */
static char *items(const char *bytes, size_t len)
{
	FILE *f = fmemopen((void *)bytes, len, "r");
	assert_non_null(f);
	struct course_sheet *r = course_sheet_open(f);
	assert_non_null(r);
	struct strbuf sb = STRBUF_INIT;
	struct course_sheet_item it;
	while (course_sheet_next(r, &it)) {
		static const char kinds[] = "AHCP";
		if (it.kind != COURSE_SHEET_PROBLEM)
			assert_int_equal(strlen(it.text), it.text_len);
		strbuf_printf(&sb, "%c %zu ", kinds[it.kind], it.line);
		strbuf_append_visible(&sb, it.id, strlen(it.id));
		strbuf_putc(&sb, '|');
		strbuf_append_visible(&sb, it.text, it.text_len);
		if (it.kind == COURSE_SHEET_PROBLEM) {
			assert_non_null(it.message);
			strbuf_printf(&sb, " %s", it.message);
		} else {
			assert_null(it.message);
		}
		strbuf_putc(&sb, '\n');
	}
	if (course_sheet_error(r))
		strbuf_printf(&sb, "E %s\n", course_sheet_error(r));
	course_sheet_free(r);
	fclose(f);
	return strbuf_steal(&sb);
}

#define ITEMS(lit) items(lit, sizeof lit - 1)

static void expect(char *got, const char *want)
{
	if (strcmp(got, want))
		fail_msg("got:\n%s\nwant:\n%s", got, want);
	free(got);
}

static void test_reader_yields_answers_headers_comments_and_problems_by_line(void **state)
{
	(void)state;
	expect(ITEMS("# student: Ada Lovelace\n"
		     "#variant:3\n"
		     "# answers below\n"
		     "# q2.a: 13824\n"
		     "\n"
		     "   \t \n"
		     "  q2.a :\t 73728  \n"
		     "q2.b: 4*4*64*128\n"
		     "no colon here\n"
		     ": 5\n"
		     "q3.b:\n"
		     "q4.c: lambda = (1-p)/p"),
	       "H 1 student|Ada Lovelace\n"
	       "H 2 variant|3\n"
	       "C 3 |answers below\n"
	       "C 4 |q2.a: 13824\n"
	       "A 7 q2.a|73728\n"
	       "A 8 q2.b|4*4*64*128\n"
	       "P 9 |no colon here line 9 has no colon: write ID: ANSWER, for example \"q2.a: 73728\"\n"
	       "A 10 |5\n"
	       "A 11 q3.b|\n"
	       "A 12 q4.c|lambda = (1-p)/p\n");
	expect(items("", 0), "");
	expect(ITEMS("\n\n#\n"), "C 3 |\n");
}

static void test_reader_refuses_a_line_with_a_nul_byte_by_line_and_column(void **state)
{
	(void)state;
	expect(ITEMS("q2.b: 1\nq2.a: 73728\0 + 1000000\nq2.a: 73728\n"),
	       "A 1 q2.b|1\n"
	       "P 2 q2.a|73728^@ + 1000000 line 2 holds a NUL byte at column 12: \"q2.a: 73728^@ + 1000000\"\n"
	       "A 3 q2.a|73728\n");
	/* before the colon: no id; in a comment or a blank line: refused too */
	expect(ITEMS("q2\0.a: 1\n# note: \0\n \0\n"),
	       "P 1 |q2^@.a: 1 line 1 holds a NUL byte at column 3: \"q2^@.a: 1\"\n"
	       "P 2 |# note: ^@ line 2 holds a NUL byte at column 9: \"# note: ^@\"\n"
	       "P 3 |^@ line 3 holds a NUL byte at column 2: \"^@\"\n");
}

/* A sheet whose second line is "q2.a: " and then n bytes of '1'. */
static char *long_line_sheet(size_t n, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_append(&sb, "q1.full: 1\nq2.a: ");
	for (size_t i = 0; i < n; i++)
		strbuf_putc(&sb, '1');
	strbuf_append(&sb, "\r\nq2.b: 2\n");
	assert_false(sb.oom);
	*len = sb.len;
	return strbuf_steal(&sb);
}

static void test_reader_takes_a_line_at_the_cap_and_refuses_one_byte_more(void **state)
{
	(void)state;
	size_t len;
	size_t at_cap = COURSE_SHEET_MAX_LINE - strlen("q2.a: ");
	char *s = long_line_sheet(at_cap, &len);
	char *got = items(s, len);
	assert_non_null(strstr(got, "A 1 q1.full|1\nA 2 q2.a|1111"));
	assert_non_null(strstr(got, "\nA 3 q2.b|2\n"));
	assert_int_equal(strlen(got), strlen("A 1 q1.full|1\nA 2 q2.a|\nA 3 q2.b|2\n") + at_cap);
	free(got);
	free(s);

	s = long_line_sheet(at_cap + 1, &len);
	char want[512];
	snprintf(want, sizeof want,
		 "A 1 q1.full|1\n"
		 "P 2 q2.a|111111111111111111111111111111111111111111111111111111 "
		 "line 2 is too long: %d bytes, and a line holds at most %d: "
		 "\"q2.a: 111111111111111111111111111111111111111111111111111111…\"\n"
		 "A 3 q2.b|2\n", COURSE_SHEET_MAX_LINE + 1, COURSE_SHEET_MAX_LINE);
	expect(items(s, len), want);
	free(s);
}

static void test_reader_quotes_a_long_line_cut_between_code_points(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_append(&sb, "a: ");
	for (int i = 0; i < 9000; i++)
		strbuf_append(&sb, "×");    /* two bytes each: 18003 in all */
	char *got = items(sb.buf, sb.len);
	assert_true(utf8_valid(got, strlen(got), NULL));
	assert_null(strstr(got, "\\x"));   /* no code point cut in two */
	assert_non_null(strstr(got, "P 1 a|×××"));
	assert_non_null(strstr(got, "line 1 is too long: 18003 bytes"));
	free(got);
	strbuf_free(&sb);
	/* a too-long comment has no id, whatever its colons */
	strbuf_reset(&sb);
	strbuf_append(&sb, "# note: ");
	for (int i = 0; i < COURSE_SHEET_MAX_LINE; i++)
		strbuf_putc(&sb, 'x');
	got = items(sb.buf, sb.len);
	assert_non_null(strstr(got, "P 1 |# note: xxx"));
	free(got);
	strbuf_free(&sb);
}

static void test_reader_takes_lf_crlf_and_lone_cr_line_ends(void **state)
{
	(void)state;
	expect(ITEMS("a: 1\nb: 2\r\nc: 3\rd: 4\r\re: 5\r\n\nf: 6\r"),
	       "A 1 a|1\nA 2 b|2\nA 3 c|3\nA 4 d|4\nA 6 e|5\nA 8 f|6\n");
}

static void test_reader_skips_a_utf8_byte_order_mark_at_the_start_only(void **state)
{
	(void)state;
	expect(ITEMS("\xEF\xBB\xBFq2.a: 73728\n"), "A 1 q2.a|73728\n");
	expect(ITEMS("\xEF\xBB\xBF"), "");
	/* later on, U+FEFF is text (and no part's id starts with it) */
	expect(ITEMS("q2.a: 1\n\xEF\xBB\xBFq2.b: 2\n"), "A 1 q2.a|1\nA 2 \xEF\xBB\xBFq2.b|2\n");
	/* the start of a mark is just bytes */
	expect(ITEMS("\xEF\xBBq: 1\n"), "A 1 \\xef\\xbbq|1\n");
}

/* text (ASCII plus \u escapes the caller spells as units) as UTF-16 with a
 * byte-order mark */
static size_t utf16(const uint16_t *units, size_t n, bool le, char *out)
{
	size_t k = 0;
	const uint16_t bom = 0xFEFF;
	for (size_t i = 0; i <= n; i++) {
		uint16_t u = i == 0 ? bom : units[i - 1];
		out[k++] = (char)(le ? u & 0xFF : u >> 8);
		out[k++] = (char)(le ? u >> 8 : u & 0xFF);
	}
	return k;
}

static void test_reader_decodes_utf16_le_and_be_with_surrogate_pairs(void **state)
{
	(void)state;
	/* "q2.a: 4×2\r\n# 𝑥\r\nq2.b: 1" */
	static const uint16_t units[] = {
		'q', '2', '.', 'a', ':', ' ', '4', 0x00D7, '2', '\r', '\n',
		'#', ' ', 0xD835, 0xDC65, '\r', '\n',
		'q', '2', '.', 'b', ':', ' ', '1',
	};
	char buf[128];
	for (int le = 0; le < 2; le++) {
		size_t n = utf16(units, sizeof units / sizeof units[0], le, buf);
		expect(items(buf, n), "A 1 q2.a|4×2\nC 2 |𝑥\nA 3 q2.b|1\n");
	}
}

static void test_reader_replaces_unpaired_surrogates_and_an_odd_last_byte(void **state)
{
	(void)state;
	/* a high surrogate before 'x', a lone low one, a high one at the end */
	static const uint16_t units[] = { 'a', ':', 0xD835, 'x', 0xDC65, '\n', 'b', ':', 0xD800 };
	char buf[64];
	size_t n = utf16(units, sizeof units / sizeof units[0], true, buf);
	expect(items(buf, n), "A 1 a|\xEF\xBF\xBDx\xEF\xBF\xBD\nA 2 b|\xEF\xBF\xBD\n");
	buf[n++] = 'z';   /* half a unit */
	expect(items(buf, n), "A 1 a|\xEF\xBF\xBDx\xEF\xBF\xBD\nA 2 b|\xEF\xBF\xBD\xEF\xBF\xBD\n");
	/* NUL in UTF-16 is a NUL too */
	static const uint16_t nul[] = { 'a', ':', ' ', 0, '1' };
	n = utf16(nul, 5, false, buf);
	expect(items(buf, n), "P 1 a|^@1 line 1 holds a NUL byte at column 4: \"a: ^@1\"\n");
}

static void test_reader_refuses_utf32_with_a_message(void **state)
{
	(void)state;
	static const char le[] = "\xFF\xFE\0\0q\0\0\0";
	static const char be[] = "\0\0\xFE\xFF\0\0\0q";
	const char *want = "E the sheet is UTF-32, which cnntutor does not read: save it as UTF-8 (or UTF-16)\n";
	expect(items(le, sizeof le - 1), want);
	expect(items(be, sizeof be - 1), want);
}

static void test_reader_reports_a_read_error(void **state)
{
	(void)state;
	FILE *f = fopen(".", "r");   /* a directory: reading fails with EISDIR */
	if (!f)
		skip();
	struct course_sheet *r = course_sheet_open(f);
	struct course_sheet_item it;
	assert_false(course_sheet_next(r, &it));
	assert_non_null(course_sheet_error(r));
	assert_non_null(strstr(course_sheet_error(r), "read error: Is a directory"));
	course_sheet_free(r);
	fclose(f);
	course_sheet_free(NULL);
}

/* ---- course_sheet_check ---------------------------------------------------- */

static struct course *course;

static char *check_opt(const char *bytes, size_t len, enum course_sheet_format fmt,
		       bool partial, struct course_sheet_summary *sum, bool *ok)
{
	struct course_sheet_options opt = { .format = fmt, .partial = partial };
	FILE *in = fmemopen((void *)bytes, len, "r");
	char *out = NULL;
	size_t out_len = 0;
	FILE *o = open_memstream(&out, &out_len);
	assert_non_null(in);
	assert_non_null(o);
	char *err = NULL;
	*ok = course_sheet_check(course, in, o, &opt, sum, &err);
	assert_true(*ok == (err == NULL));
	free(err);
	fclose(o);
	fclose(in);
	assert_int_equal(strlen(out), out_len);
	return out;
}

/* The sheet's own ids only, as --partial grades them. */
static char *check(const char *bytes, size_t len, enum course_sheet_format fmt,
		   struct course_sheet_summary *sum, bool *ok)
{
	return check_opt(bytes, len, fmt, true, sum, ok);
}

static const char graded[] =
	"# student: Ada\n"
	"t1.num: 24\n"
	"t1.num: 12\n"
	"t1\x1b]0;x\x07.num: 1\n"
	"t1.num: 2\x1b[2J4\n"
	"t1.num: 24\0 + 1\n"
	"nothing\xff\n";

static void test_check_grades_a_sheet_to_text_with_controls_visible(void **state)
{
	(void)state;
	struct course_sheet_summary sum;
	bool ok;
	char *out = check(graded, sizeof graded - 1, COURSE_SHEET_TEXT, &sum, &ok);
	assert_true(ok);
	assert_int_equal(sum.answers, 6);
	assert_int_equal(sum.correct, 1);
	const char *want =
		"t1.num: correct\n"
		"t1.num: incorrect\n"
		"  You forgot the last dimension.\n";
	if (strncmp(out, want, strlen(want)))
		fail_msg("got:\n%s", out);
	assert_non_null(strstr(out, "\nt1\\e]0;x^G.num: unknown\n"
				    "  line 4: no part 't1\\e]0;x^G.num' in this course"));
	assert_non_null(strstr(out, "\nt1.num: invalid\n  Parse error: unexpected control character U+001B\n"));
	assert_non_null(strstr(out, "\nt1.num: invalid\n  line 6 holds a NUL byte at column 11: \"t1.num: 24^@ + 1\"\n"));
	assert_non_null(strstr(out, "\n?: invalid\n  line 7 has no colon"));
	assert_true(utf8_valid(out, strlen(out), NULL));
	for (const char *p = out; *p; p++)
		if ((*p != '\n' && (unsigned char)*p < 0x20) || *p == 0x7f)
			fail_msg("a raw control byte 0x%02x in:\n%s", (unsigned char)*p, out);
	free(out);
}

static void test_check_grades_a_sheet_to_one_valid_json_array(void **state)
{
	(void)state;
	struct course_sheet_summary sum;
	bool ok;
	char *out = check(graded, sizeof graded - 1, COURSE_SHEET_JSON, &sum, &ok);
	assert_true(ok);
	struct json_tokener *tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	struct json_object *doc = json_tokener_parse_ex(tok, out, (int)strlen(out));
	if (!doc)
		fail_msg("not JSON (%s):\n%s", json_tokener_error_desc(json_tokener_get_error(tok)), out);
	json_tokener_free(tok);
	assert_int_equal(json_object_array_length(doc), 6);
	static const struct { int line; const char *id, *answer, *verdict; } rows[] = {
		{ 2, "t1.num", "24", "correct" },
		{ 3, "t1.num", "12", "incorrect" },
		{ 4, "t1\x1b]0;x\x07.num", "1", "unknown" },
		{ 5, "t1.num", "2\x1b[2J4", "invalid" },
		{ 6, "t1.num", "24\0 + 1", "invalid" },
		{ 7, "", "nothing\xEF\xBF\xBD", "invalid" },
	};
	for (size_t i = 0; i < 6; i++) {
		struct json_object *e = json_object_array_get_idx(doc, i), *v;
		assert_true(json_object_object_get_ex(e, "line", &v));
		assert_int_equal(json_object_get_int(v), rows[i].line);
		assert_true(json_object_object_get_ex(e, "id", &v));
		assert_string_equal(json_object_get_string(v), rows[i].id);
		assert_true(json_object_object_get_ex(e, "answer", &v));
		size_t want_len = i == 4 ? 7 : strlen(rows[i].answer);
		assert_int_equal(json_object_get_string_len(v), want_len);
		assert_memory_equal(json_object_get_string(v), rows[i].answer, want_len);
		assert_true(json_object_object_get_ex(e, "verdict", &v));
		assert_string_equal(json_object_get_string(v), rows[i].verdict);
		assert_true(json_object_object_get_ex(e, "feedback", &v));
		assert_true(json_object_is_type(v, json_type_string));
		assert_true(json_object_object_get_ex(e, "source_error", &v));
		assert_true(json_object_get_boolean(v) == (i == 1));
		assert_true(json_object_object_get_ex(e, "note", &v));
	}
	json_object_put(doc);
	free(out);

	out = check("", 0, COURSE_SHEET_JSON, &sum, &ok);
	assert_string_equal(out, "[]\n");
	assert_int_equal(sum.answers, 0);
	free(out);
}

static void test_check_closes_the_json_when_the_sheet_is_utf32(void **state)
{
	(void)state;
	static const char le[] = "\xFF\xFE\0\0q\0\0\0";
	struct course_sheet_summary sum;
	bool ok;
	char *out = check(le, sizeof le - 1, COURSE_SHEET_JSON, &sum, &ok);
	assert_false(ok);
	assert_string_equal(out, "[]\n");
	free(out);
}

struct seen {
	size_t n;
	size_t line[8], earlier[8];
	const struct course_part *part[8];
	enum course_verdict verdict[8];
};

static void see(const struct course_sheet_entry *e, void *data)
{
	struct seen *s = data;
	if (s->n < 8) {
		s->line[s->n] = e->item->line;
		s->earlier[s->n] = e->earlier_line;
		s->part[s->n] = e->part;
		s->verdict[s->n] = e->result->verdict;
	}
	s->n++;
}

static void test_grader_takes_the_first_student_and_counts_the_last_answer(void **state)
{
	(void)state;
	static const char text[] =
		"# student: Ada\n"
		"# Student: Bob \x1b[2J\n"
		"# student:\n"
		"# note: not a header the sheet gives\n"
		"t1.num: 24\n"
		"T1.NUM: 12\n"
		"t1.nope: 1\n";
	FILE *in = fmemopen((void *)text, sizeof text - 1, "r");
	struct course_sheet_grader *g = course_sheet_grader_new(course);
	assert_non_null(g);
	struct seen seen = { 0 };
	char *warnings = NULL, *error = NULL;
	assert_true(course_sheet_grade(g, in, see, &seen, &warnings, &error));
	assert_null(error);
	assert_string_equal(course_sheet_grader_meta(g)->student, "Ada");
	assert_int_equal(course_sheet_grader_meta(g)->student_line, 1);
	assert_string_equal(warnings, "line 2 names another student (Bob \\e[2J) than line 1: "
				      "the first name counts");
	assert_int_equal(seen.n, 3);
	const struct course_part *num = course_find_part(course, "t1.num");
	assert_ptr_equal(seen.part[0], num);
	assert_ptr_equal(seen.part[1], num);   /* T1.NUM is t1.num */
	assert_null(seen.part[2]);
	assert_int_equal(seen.earlier[0], 0);
	assert_int_equal(seen.earlier[1], 5);
	assert_int_equal(seen.verdict[2], COURSE_UNKNOWN);
	/* what counts for t1.num: its last answer, line 6, incorrect */
	assert_int_equal(course_sheet_grader_line(g, 0), 6);
	assert_int_equal(course_sheet_grader_verdict(g, 0), COURSE_INCORRECT);
	assert_int_equal(course_sheet_grader_line(g, 1), 0);
	assert_int_equal(course_sheet_grader_verdict(g, 1), COURSE_UNKNOWN);
	fclose(in);
	free(warnings);
	/* the next sheet starts afresh */
	static const char next[] = "t1.seq: (1, 2, 5, 8, 6, 8)\n";
	in = fmemopen((void *)next, sizeof next - 1, "r");
	memset(&seen, 0, sizeof seen);
	assert_true(course_sheet_grade(g, in, see, &seen, &warnings, &error));
	assert_null(warnings);
	assert_null(course_sheet_grader_meta(g)->student);
	assert_int_equal(course_sheet_grader_line(g, 0), 0);
	assert_int_equal(course_sheet_grader_verdict(g, 1), COURSE_CORRECT);
	fclose(in);
	course_sheet_grader_free(g);
	course_sheet_grader_free(NULL);
}

static void test_check_lists_every_missing_id_after_the_answers(void **state)
{
	(void)state;
	static const char text[] = "t1.seq: (1, 2, 5, 8, 6, 8)\nt1.num:  \n";
	struct course_sheet_summary sum;
	bool ok;
	char *out = check_opt(text, sizeof text - 1, COURSE_SHEET_TEXT, false, &sum, &ok);
	assert_true(ok);
	/* the fixture's 8 parts: t1.seq right, t1.num blank, 6 missing */
	assert_int_equal(sum.answers, 2);
	assert_int_equal(sum.parts, 2);
	assert_int_equal(sum.parts_correct, 1);
	assert_int_equal(sum.missing, 6);
	assert_false(course_sheet_passed(&sum, false));
	assert_false(course_sheet_passed(&sum, true));
	const char *want = "t1.seq: correct\nt1.num: blank\n  No answer given yet.\nt1.shape: missing\n";
	if (strncmp(out, want, strlen(want)))
		fail_msg("got:\n%s", out);
	free(out);
	static const char right[] = "t1.num: 24\n";
	out = check_opt(right, sizeof right - 1, COURSE_SHEET_JSON, true, &sum, &ok);
	assert_true(course_sheet_passed(&sum, true));
	assert_false(course_sheet_passed(&sum, false));
	free(out);
}

static int setup(void **state)
{
	(void)state;
	char *err = NULL;
	course = course_load(FIXTURES "/good", &err);
	if (!course)
		fprintf(stderr, "%s\n", err ? err : "cannot load the fixture course");
	free(err);
	return course ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	course_free(course);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_yields_answers_headers_comments_and_problems_by_line),
		cmocka_unit_test(test_reader_refuses_a_line_with_a_nul_byte_by_line_and_column),
		cmocka_unit_test(test_reader_takes_a_line_at_the_cap_and_refuses_one_byte_more),
		cmocka_unit_test(test_reader_quotes_a_long_line_cut_between_code_points),
		cmocka_unit_test(test_reader_takes_lf_crlf_and_lone_cr_line_ends),
		cmocka_unit_test(test_reader_skips_a_utf8_byte_order_mark_at_the_start_only),
		cmocka_unit_test(test_reader_decodes_utf16_le_and_be_with_surrogate_pairs),
		cmocka_unit_test(test_reader_replaces_unpaired_surrogates_and_an_odd_last_byte),
		cmocka_unit_test(test_reader_refuses_utf32_with_a_message),
		cmocka_unit_test(test_reader_reports_a_read_error),
		cmocka_unit_test(test_check_grades_a_sheet_to_text_with_controls_visible),
		cmocka_unit_test(test_check_grades_a_sheet_to_one_valid_json_array),
		cmocka_unit_test(test_check_closes_the_json_when_the_sheet_is_utf32),
		cmocka_unit_test(test_grader_takes_the_first_student_and_counts_the_last_answer),
		cmocka_unit_test(test_check_lists_every_missing_id_after_the_answers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
