/* cnntutor list, show, check and validate, driven like a user: the real
 * binary (argv[1]) with files and pipes, exit statuses, and the memory of
 * a 100 000-line sheet compared with a 1 000-line one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "strbuf.h"
#include "utf8.h"

static const char *cnntutor;
static char tmpdir[] = "/tmp/cnntutor-cli-XXXXXX";

struct run {
	int status;          /* exit status, or -1 */
	long maxrss_kb;      /* the child's peak resident set */
	char *out, *err;
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append_n(&sb, buf, n);
	if (f)
		fclose(f);
	char *s = strbuf_steal(&sb);
	return s ? s : strdup("");
}

/* Run prog (a path, or a name looked up in PATH) with args
 * (NULL-terminated), stdin from in_path (or /dev/null), capturing stdout
 * and stderr. */
static struct run run_prog(const char *prog, const char *in_path, const char *const *args)
{
	char out_path[256], err_path[256];
	snprintf(out_path, sizeof out_path, "%s/out", tmpdir);
	snprintf(err_path, sizeof err_path, "%s/err", tmpdir);
	const char *argv[32];
	size_t n = 0;
	argv[n++] = prog;
	for (; args[n - 1] && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	pid_t pid = fork();
	if (pid == 0) {
		int in = open(in_path ? in_path : "/dev/null", O_RDONLY);
		int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		execvp(prog, (char *const *)argv);
		_exit(127);
	}
	struct run r = { -1, 0, NULL, NULL };
	int st = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	if (pid > 0 && wait4(pid, &st, 0, &ru) == pid && WIFEXITED(st))
		r.status = WEXITSTATUS(st);
	r.maxrss_kb = ru.ru_maxrss;
	r.out = slurp(out_path);
	r.err = slurp(err_path);
	return r;
}

/* cnntutor with args, as run_prog. */
static struct run run(const char *in_path, const char *const *args)
{
	return run_prog(cnntutor, in_path, args);
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Occurrences of pat in s, in one linear pass (strstr in a loop costs a
 * strlen per call under AddressSanitizer: quadratic on 18 MB). */
static size_t count(const char *s, const char *pat)
{
	size_t n = 0, m = strlen(pat);
	for (; *s; s++)
		if (*s == pat[0] && !strncmp(s, pat, m))
			n++;
	return n;
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, hay);
}

/* Write n bytes to tmpdir/name; the path stays valid until the next call. */
static const char *write_bytes(const char *name, const char *bytes, size_t n)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return path;
}

static const char *write_file(const char *name, const char *text)
{
	return write_bytes(name, text, strlen(text));
}

#define WRITE_LITERAL(name, lit) write_bytes(name, lit, sizeof lit - 1)

/* Python's json module with strict UTF-8 decoding: the output of
 * check --format json must load, as one array of entries with exactly the
 * documented fields (a missing id: no line, no answer). Returns the number
 * of entries. */
static long json_entries(const char *json)
{
	const char *path = write_file("json.txt", json);
	static const char script[] =
		"import json, sys\n"
		"d = json.loads(sys.stdin.buffer.read().decode('utf-8'))\n"
		"keys = {'id', 'line', 'answer', 'verdict', 'feedback', 'source_error', 'note',\n"
		"        'mistake', 'warning'}\n"
		"assert isinstance(d, list)\n"
		"for e in d:\n"
		"    assert isinstance(e, dict) and set(e) == keys, e\n"
		"    missing = e['verdict'] == 'missing'\n"
		"    assert isinstance(e['line'], int) != missing and isinstance(e['source_error'], bool)\n"
		"    assert (e['answer'] is None) == missing\n"
		"    for k in ('note', 'mistake', 'warning'):\n"
		"        assert e[k] is None or isinstance(e[k], str)\n"
		"print(len(d))\n";
	struct run r = run_prog("python3", path, (const char *[]){ "-c", script, NULL });
	if (r.status != 0)
		fail_msg("the JSON does not load (python3 exit %d):\n%s\n--- JSON:\n%.2000s",
			 r.status, r.err, json);
	long n = strtol(r.out, NULL, 10);
	run_free(&r);
	return n;
}

/* s is valid UTF-8 and holds no control character (C0, DEL, C1) but
 * those in allowed. */
static void assert_terminal_safe(const char *s, const char *allowed)
{
	for (const char *p = s; *p; p++)
		if ((!strchr(allowed, *p) && (unsigned char)*p < 0x20) || *p == 0x7f ||
		    ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] >= 0x80 &&
		     (unsigned char)p[1] <= 0x9f))
			fail_msg("raw control character 0x%02x at offset %zu in:\n%s",
				 (unsigned char)*p, (size_t)(p - s), s);
	size_t bad = 0;
	if (!utf8_valid(s, strlen(s), &bad))
		fail_msg("invalid UTF-8 at offset %zu in:\n%s", bad, s);
}

#define GOOD "--course", FIXTURES "/good"

static void test_list_prints_ids_and_titles_tab_separated(void **state)
{
	(void)state;
	struct run r = run(NULL, (const char *[]){ GOOD, "list", NULL });
	assert_int_equal(r.status, 0);
	assert_has(r.out, "t1.num\tA number\nt1.seq\tA sequence\n");
	assert_has(r.out, "t1.choice\tA choice\n");
	run_free(&r);
}

static void test_show_prints_statement_givens_hints_steps_and_erratum(void **state)
{
	(void)state;
	struct run r = run(NULL, (const char *[]){ GOOD, "show", "t1.num", NULL });
	assert_int_equal(r.status, 0);
	assert_has(r.out, "t1.num: A number");
	assert_has(r.out, "How many numbers are there in a C × H × 2 block?");
	assert_has(r.out, "  C = 4\n");
	assert_has(r.out, "  1. Multiply the dimensions.");
	assert_has(r.out, "C*H*2 = 24");
	assert_has(r.out, "It says:\n    4 × 3 = 12\n");
	run_free(&r);
	r = run(NULL, (const char *[]){ GOOD, "show", "t1", NULL });
	assert_int_equal(r.status, 0);
	assert_int_equal(count(r.out, "(question t1: Every kind of answer)"), 8);
	run_free(&r);
	r = run(NULL, (const char *[]){ GOOD, "show", "t9", NULL });
	assert_int_equal(r.status, 1);
	assert_has(r.err, "no part or question 't9'");
	run_free(&r);
}

static void test_show_q2a_of_the_bundled_course_shows_the_engine_values(void **state)
{
	(void)state;
	struct run r = run(NULL, (const char *[]){ "--course", COURSE_DIR, "show", "q2.a", NULL });
	assert_int_equal(r.status, 0);
	assert_has(r.out, "q2.a: ");
	assert_has(r.out, "W0 = 256");
	/* the last step's value, recomputed here: layer 1 width (256-8)/2+1,
	 * pooled /5, layer 3 +2*1-4+1, times 128 channels */
	int w = ((256 - 8) / 2 + 1) / 5 + 2 - 4 + 1;
	char want[64];
	snprintf(want, sizeof want, "= %d\n", 128 * w * w);
	assert_has(r.out, want);
	assert_has(r.out, "published solution");
	/* wrapped for a pipe: no line wider than 78 columns */
	size_t cols = 0;
	for (const char *p = r.out; *p; p++) {
		if (*p == '\n')
			cols = 0;
		else if (((unsigned char)*p & 0xC0) != 0x80 && ++cols > 78)
			fail_msg("a line of show is wider than 78 columns");
	}
	run_free(&r);
}

/* A copy of the good fixture whose titles hold escape sequences (YAML
 * spells ESC "\e"), in tmpdir/evil. */
static const char *evil_course(void)
{
	static char dir[256];
	snprintf(dir, sizeof dir, "%s/evil", tmpdir);
	mkdir(dir, 0700);
	write_file("evil/course.yaml", "title: \"Fixture \\e]0;owned\\a course\"\n");
	char *t1 = slurp(FIXTURES "/good/t1.yaml");
	const char *from = "title: A number\n";
	char *at = strstr(t1, from);
	assert_non_null(at);
	struct strbuf sb = STRBUF_INIT;
	strbuf_append_n(&sb, t1, (size_t)(at - t1));
	strbuf_append(&sb, "title: \"A \\e[2J\\e[Hnumber\\x9b\"\n");
	strbuf_append(&sb, at + strlen(from));
	write_file("evil/t1.yaml", strbuf_str(&sb));
	strbuf_free(&sb);
	free(t1);
	return dir;
}

static void test_list_and_show_print_control_characters_of_a_course_visibly(void **state)
{
	(void)state;
	const char *dir = evil_course();
	struct run r = run(NULL, (const char *[]){ "--course", dir, "list", NULL });
	assert_terminal_safe(r.out, "\n\t");
	assert_terminal_safe(r.err, "\n");
	/* a loader may refuse such a title; if it takes it, it shows */
	if (r.status == 0)
		assert_has(r.out, "t1.num\tA \\e[2J\\e[Hnumber\\x9b\n");
	run_free(&r);
	r = run(NULL, (const char *[]){ "--course", dir, "show", "t1.num", NULL });
	assert_terminal_safe(r.out, "\n");
	assert_terminal_safe(r.err, "\n");
	if (r.status == 0)
		assert_has(r.out, "t1.num: A \\e[2J\\e[Hnumber\\x9b\n");
	run_free(&r);
}

static const char sheet[] =
	"# answers\n"
	"\n"
	"t1.num: 24\n"
	"t1.num: 4x3x2\n"
	"t1.num: 12\n"
	"t1.cfg: X=3\n"
	"no colon\n"
	"t9.z: 1\n";

static void test_check_text_prints_verdicts_and_indented_feedback(void **state)
{
	(void)state;
	const char *path = write_file("sheet.txt", sheet);
	struct run r = run(NULL, (const char *[]){ GOOD, "check", path, NULL });
	assert_int_equal(r.status, 1);
	assert_has(r.out, "t1.num: correct\nt1.num: correct\n  Note: Right count");
	assert_has(r.out, "t1.num: incorrect\n  You forgot the last dimension.\n  The published solution says:");
	assert_has(r.out, "t1.cfg: invalid\n  Name error: 'X' is not a name");
	assert_has(r.out, "?: invalid\n  line 7 has no colon");
	assert_has(r.out, "t9.z: unknown\n");
	run_free(&r);
}

static void test_check_reads_stdin_and_exits_0_when_all_correct(void **state)
{
	(void)state;
	const char *path = write_file("good.txt", "t1.num: 24\nt1.choice: b\n# done\n");
	struct run r = run(path, (const char *[]){ GOOD, "check", "--partial", "-", NULL });
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "t1.num: correct\nt1.choice: correct\n");
	run_free(&r);
}

static void test_check_unreadable_file_exits_2(void **state)
{
	(void)state;
	struct run r = run(NULL, (const char *[]){ GOOD, "check", "/nonexistent/sheet.txt", NULL });
	assert_int_equal(r.status, 2);
	assert_has(r.err, "cannot read /nonexistent/sheet.txt");
	run_free(&r);
	r = run(NULL, (const char *[]){ GOOD, "check", tmpdir, NULL });
	assert_int_equal(r.status, 2);
	assert_has(r.err, "it is a directory, not a sheet");
	assert_string_equal(r.out, "");
	run_free(&r);
}

static void test_check_json_is_one_array_with_every_field(void **state)
{
	(void)state;
	const char *path = write_file("sheet.txt", sheet);
	struct run r = run(NULL, (const char *[]){ GOOD, "check", "--partial", "--format", "json", path, NULL });
	assert_int_equal(r.status, 1);
	assert_true(r.out[0] == '[');
	assert_has(r.out, "[\n  { \"id\": \"t1.num\", \"line\": 3, \"answer\": \"24\", \"verdict\": \"correct\", \"feedback\": \"Correct.\", \"source_error\": false, \"note\": null, \"mistake\": null, \"warning\": null },\n");
	assert_has(r.out, "\"line\": 4, \"answer\": \"4x3x2\", \"verdict\": \"correct\", \"feedback\": \"Correct.\", \"source_error\": false, \"note\": \"Right count; the question asks for one number.\", \"mistake\": null, \"warning\": \"line 4 answers t1.num again (line 3 did before): the last answer counts\" }");
	assert_has(r.out, "\"line\": 5, \"answer\": \"12\", \"verdict\": \"incorrect\", \"feedback\": \"You forgot the last dimension.\\nThe published solution says: \\\"4 × 3 = 12\\\"");
	assert_has(r.out, "\"source_error\": true");
	assert_has(r.out, "{ \"id\": \"\", \"line\": 7, \"answer\": \"no colon\", \"verdict\": \"invalid\"");
	assert_has(r.out, "\"verdict\": \"unknown\"");
	assert_has(r.out, " }\n]\n");
	/* six answers, six objects */
	assert_int_equal(count(r.out, "{ \"id\""), 6);
	assert_int_equal(json_entries(r.out), 6);
	run_free(&r);
	/* no answers: an empty array, and not a pass */
	const char *empty = write_file("empty.txt", "# nothing yet\n");
	r = run(NULL, (const char *[]){ GOOD, "check", "--partial", "--format=json", empty, NULL });
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "[]\n");
	assert_int_equal(json_entries(r.out), 0);
	assert_has(r.err, "empty.txt holds no answers");
	run_free(&r);
}

static void test_check_an_empty_sheet_is_not_a_pass(void **state)
{
	(void)state;
	const char *empty = write_file("empty.txt", "");
	struct run r = run(NULL, (const char *[]){ GOOD, "check", empty, NULL });
	assert_int_equal(r.status, 1);
	/* every id of the fixture is missing, in course order */
	assert_has(r.out, "t1.num: missing\n  Not answered: the sheet has no line for this id.\n"
			  "t1.seq: missing\n");
	assert_int_equal(count(r.out, ": missing\n"), 8);
	assert_has(r.err, "cnntutor check: ");
	assert_has(r.err, "empty.txt holds no answers (one ID: ANSWER a line)\n");
	run_free(&r);
	r = run(NULL, (const char *[]){ GOOD, "check", "--partial", empty, NULL });
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "");
	run_free(&r);
}

static void test_check_refuses_a_line_holding_a_nul_byte(void **state)
{
	(void)state;
	/* today's trap: everything after the NUL was dropped and graded */
	const char *path = WRITE_LITERAL("nul.txt", "t1.num: 24\0 + 1000000\nt1.choice: b\n");
	struct run r = run(NULL, (const char *[]){ GOOD, "check", "--partial", path, NULL });
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "t1.num: invalid\n"
				   "  line 1 holds a NUL byte at column 11: \"t1.num: 24^@ + 1000000\"\n"
				   "t1.choice: correct\n");
	run_free(&r);
	r = run(NULL, (const char *[]){ GOOD, "check", "--partial", "--format", "json", path, NULL });
	assert_int_equal(r.status, 1);
	assert_has(r.out, "{ \"id\": \"t1.num\", \"line\": 1, \"answer\": \"24\\u0000 + 1000000\", \"verdict\": \"invalid\", \"feedback\": \"line 1 holds a NUL byte at column 11: \\\"t1.num: 24^@ + 1000000\\\"\"");
	assert_int_equal(json_entries(r.out), 2);
	run_free(&r);
}

/* A sheet with a good answer, then "t1.num: " and n '1's on one line, then
 * another good answer; written a megabyte at a time. */
static const char *long_line(const char *name, size_t n)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs("t1.num: 24\nt1.num: ", f);
	static char ones[1 << 20];
	memset(ones, '1', sizeof ones);
	for (size_t left = n; left; ) {
		size_t k = left < sizeof ones ? left : sizeof ones;
		assert_int_equal(fwrite(ones, 1, k, f), k);
		left -= k;
	}
	fputs("\nt1.choice: b\n", f);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void test_check_refuses_a_128_MB_line_in_the_memory_of_a_short_sheet(void **state)
{
	(void)state;
	const char *path = write_file("short.txt", "t1.num: 24\nt1.num: 111\nt1.choice: b\n");
	struct run a = run(NULL, (const char *[]){ GOOD, "check", "--partial", path, NULL });
	assert_int_equal(a.status, 1);
	path = long_line("long.txt", (size_t)128 << 20);
	struct run b = run(NULL, (const char *[]){ GOOD, "check", "--partial", path, NULL });
	assert_int_equal(b.status, 1);
	char want[256];
	snprintf(want, sizeof want,
		 "t1.num: correct\n"
		 "t1.num: invalid\n"
		 "  line 2 is too long: %zu bytes, and a line holds at most 16384: \"t1.num: 1111",
		 ((size_t)128 << 20) + strlen("t1.num: "));
	if (strncmp(b.out, want, strlen(want)))
		fail_msg("got:\n%.400s\nwant the start:\n%s", b.out, want);
	assert_has(b.out, "111…\"\n  Warning: line 2 answers t1.num again (line 1 did before): the last answer counts.\nt1.choice: correct\n");
	assert_true(strlen(b.out) < 400);
	fprintf(stderr, "# peak RSS: %ld kB for a 3-line sheet, %ld kB with a 128 MB line\n",
		a.maxrss_kb, b.maxrss_kb);
	assert_true(b.maxrss_kb > 0);
	assert_true(b.maxrss_kb <= a.maxrss_kb + 2048);
	unlink(path);
	run_free(&a);
	run_free(&b);
}

/* Answers and ids with escape sequences, other controls, C1 controls and
 * bytes that are not UTF-8. */
static const char hostile[] =
	"t1.num: \x1b]0;pwned\x07" "24\n"
	"t1\x1b[2J\x1b[H.num: 1\n"
	"t1.num: 2\xc2\x9b" "31m4\n"
	"\xff\xfe\xc0\xaf: 5\n"
	"t1.num: 24\xed\xa0\x80\n"
	"t1.num: \x7f\x01\x1f\x08\n"
	"t1.cfg: K=\tX\n"
	"junk \x1b[31m\xff\n";

static void test_check_text_shows_control_characters_and_bad_bytes_visibly(void **state)
{
	(void)state;
	const char *path = WRITE_LITERAL("hostile.txt", hostile);
	struct run r = run(NULL, (const char *[]){ GOOD, "check", path, NULL });
	assert_int_equal(r.status, 1);
	assert_terminal_safe(r.out, "\n");
	assert_has(r.out, "t1.num: invalid\n  Parse error: unexpected control character U+001B\n");
	assert_has(r.out, "\nt1\\e[2J\\e[H.num: unknown\n  line 2: no part 't1\\e[2J\\e[H.num' in this course");
	assert_has(r.out, "\\x9b");
	assert_has(r.out, "\n\\xff\\xfe\\xc0\\xaf: unknown\n  line 4: no part '\\xff\\xfe\\xc0\\xaf'");
	assert_has(r.out, "\n?: invalid\n  line 8 has no colon");
	assert_int_equal(count(r.out, ": invalid\n") + count(r.out, ": unknown\n") +
			 count(r.out, ": incorrect\n") + count(r.out, ": correct\n"), 8);
	run_free(&r);
}

static void test_check_json_is_valid_utf8_for_controls_and_bad_bytes(void **state)
{
	(void)state;
	const char *path = WRITE_LITERAL("hostile.txt", hostile);
	struct run r = run(NULL, (const char *[]){ GOOD, "check", "--partial", "--format", "json", path, NULL });
	assert_int_equal(r.status, 1);
	assert_int_equal(json_entries(r.out), 8);
	assert_has(r.out, "\"answer\": \"\\u001b]0;pwned\\u000724\"");
	assert_has(r.out, "\"id\": \"t1\\u001b[2J\\u001b[H.num\"");
	/* each byte that is not UTF-8 is U+FFFD */
	assert_has(r.out, "\"id\": \"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	assert_has(r.out, "\"answer\": \"24\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	/* valid JSON either way, but a terminal acts on raw DEL and C1 */
	assert_has(r.out, "\"answer\": \"2\\u009b31m4\"");
	assert_has(r.out, "\"answer\": \"\\u007f\\u0001\\u001f\\b\"");
	assert_terminal_safe(r.out, "\n");
	run_free(&r);
}

static void test_check_skips_a_utf8_byte_order_mark(void **state)
{
	(void)state;
	const char *path = write_file("bom.txt", "\xef\xbb\xbft1.num: 24\nt1.choice: b\n");
	struct run r = run(NULL, (const char *[]){ GOOD, "check", "--partial", path, NULL });
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "t1.num: correct\nt1.choice: correct\n");
	run_free(&r);
}

/* The ASCII text as UTF-16 with a byte-order mark, as Notepad saves it. */
static const char *utf16_file(const char *name, const char *text, bool le)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_append(&sb, le ? "\xff\xfe" : "\xfe\xff");
	for (const char *p = text; *p; p++) {
		if (!le)
			strbuf_putc(&sb, '\0');
		strbuf_putc(&sb, *p);
		if (le)
			strbuf_putc(&sb, '\0');
	}
	const char *path = write_bytes(name, sb.buf, sb.len);
	strbuf_free(&sb);
	return path;
}

static void test_check_reads_utf16_sheets_little_and_big_endian(void **state)
{
	(void)state;
	for (int le = 0; le < 2; le++) {
		const char *path = utf16_file("utf16.txt", "# student: Ada\r\nt1.num: 24\r\nt1.choice: One Bernoulli per input unit\r\n", le);
		struct run r = run(NULL, (const char *[]){ GOOD, "check", "--partial", path, NULL });
		assert_int_equal(r.status, 0);
		assert_string_equal(r.out, "t1.num: correct\nt1.choice: correct\n");
		run_free(&r);
	}
}

static void test_check_takes_crlf_and_lone_cr_line_ends(void **state)
{
	(void)state;
	const char *path = write_file("cr.txt", "t1.num: 24\r\nt1.choice: b\rt1.num: 12\r\r\nt1.num: 4*3*2\r");
	struct run r = run(NULL, (const char *[]){ GOOD, "check", "--partial", "--format", "json", path, NULL });
	/* t1.num's last answer, 4*3*2, is the one that counts */
	assert_int_equal(r.status, 0);
	assert_int_equal(json_entries(r.out), 4);
	assert_has(r.out, "\"line\": 1, \"answer\": \"24\", \"verdict\": \"correct\"");
	assert_has(r.out, "\"line\": 2, \"answer\": \"b\", \"verdict\": \"correct\"");
	assert_has(r.out, "\"line\": 3, \"answer\": \"12\", \"verdict\": \"incorrect\"");
	assert_has(r.out, "\"line\": 5, \"answer\": \"4*3*2\", \"verdict\": \"correct\"");
	run_free(&r);
}

static const char *big_sheet(const char *name, size_t lines)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	static const char *const rows[] = {
		"t1.num: 24", "t1.num: 12", "t1.seq: (1, 2, 5, 8, 6, 8)",
		"t1.shape: 64x7x7", "t1.cfg: K=5, S=2", "t1.choice: a",
		"# a comment", "t1.num: 2 $ 3",
	};
	for (size_t i = 0; i < lines; i++)
		fprintf(f, "%s\n", rows[i % 8]);
	fclose(f);
	return path;
}

static void test_check_streams_100000_lines_in_constant_memory(void **state)
{
	(void)state;
	char small[256];
	snprintf(small, sizeof small, "%s", big_sheet("small.txt", 1000));
	struct run a = run(NULL, (const char *[]){ GOOD, "check", "--partial", "--format", "json", small, NULL });
	assert_int_equal(a.status, 1);
	const char *large = big_sheet("large.txt", 100000);
	struct run b = run(NULL, (const char *[]){ GOOD, "check", "--partial", "--format", "json", large, NULL });
	assert_int_equal(b.status, 1);
	assert_int_equal(count(b.out, "{ \"id\""), 100000 - 100000 / 8);
	assert_int_equal(json_entries(b.out), 100000 - 100000 / 8);
	/* a hundred times the lines, the same peak memory (within 2 MB) */
	fprintf(stderr, "# peak RSS: %ld kB for 1 000 lines, %ld kB for 100 000\n",
		a.maxrss_kb, b.maxrss_kb);
	assert_true(b.maxrss_kb > 0);
	assert_true(b.maxrss_kb <= a.maxrss_kb + 2048);
	run_free(&a);
	run_free(&b);
}

static void test_validate_passes_the_good_fixture_and_fails_a_broken_one(void **state)
{
	(void)state;
	struct run r = run(NULL, (const char *[]){ "validate", FIXTURES "/good", NULL });
	assert_int_equal(r.status, 0);
	assert_has(r.out, "1 question, 8 parts");
	assert_has(r.out, "consistent");
	run_free(&r);
	r = run(NULL, (const char *[]){ "validate", FIXTURES "/inconsistent", NULL });
	assert_int_not_equal(r.status, 0);
	assert_has(r.err, "inconsistent/t1.yaml:13: t1.a: feedback rule 2");
	assert_has(r.err, "4 problems");
	run_free(&r);
	r = run(NULL, (const char *[]){ "validate", FIXTURES "/bad_expr", NULL });
	assert_int_not_equal(r.status, 0);
	assert_has(r.err, "bad_expr/t1.yaml:9:19: Parse error");
	run_free(&r);
}

static void test_validate_passes_the_bundled_course(void **state)
{
	(void)state;
	struct run r = run(NULL, (const char *[]){ "validate", COURSE_DIR, NULL });
	if (r.status != 0)
		fail_msg("cnntutor validate %s failed:\n%s%s", COURSE_DIR, r.out, r.err);
	assert_has(r.out, "consistent");
	run_free(&r);
}

static void test_blank_answer_sheet_lists_every_id_of_the_bundled_course(void **state)
{
	(void)state;
	struct run r = run(NULL, (const char *[]){ "--course", COURSE_DIR, "check",
						   DATA_DIR "/answer-sheet.txt", NULL });
	assert_int_equal(r.status, 1);
	static const char *const ids[] = {
		"q1.full", "q1.valid", "q1.same", "q2.a", "q2.b", "q3.a.i", "q3.a.ii",
		"q3.b", "q3.c", "q3.d.i", "q3.d.ii", "q3.d.iii", "q4.a", "q4.b", "q4.c",
		"q5", "q6.a", "q6.b", "q6.c",
	};
	char want[64];
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		snprintf(want, sizeof want, "\n%s: blank\n  No answer given yet.\n", ids[i]);
		if (i == 0)
			snprintf(want, sizeof want, "%s: blank\n  No answer given yet.\n", ids[i]);
		assert_has(r.out, want);
	}
	/* every id is on the template, left blank: none is missing */
	assert_int_equal(count(r.out, ": blank\n"), 19);
	assert_int_equal(count(r.out, "missing"), 0);
	assert_int_equal(count(r.out, "unknown"), 0);
	run_free(&r);
}

/* The bundled course's 19 answer-sheet ids, each with a right answer. */
static const char *const sheet_ids[][2] = {
	{ "q1.full", "(1, 2, 5, 8, 6, 8)" }, { "q1.valid", "5 8" }, { "q1.same", "(2, 5, 8, 6)" },
	{ "q2.a", "128*24*24" }, { "q2.b", "4*4*64*128" }, { "q3.a.i", "S=2, P=3" },
	{ "q3.a.ii", "K=4, P=10" }, { "q3.b", "K=4, S=4" }, { "q3.c", "7x7" },
	{ "q3.d.i", "K=2, S=2" }, { "q3.d.ii", "K=5, S=1" }, { "q3.d.iii", "K=4, S=2" },
	{ "q4.a", "3" }, { "q4.b", "norm((M .* X)*w - y)^2" }, { "q4.c", "(1-p)/p" },
	{ "q5", "softmax(1/2*W'*v + b)" }, { "q6.a", "w'*x/norm(w)" },
	{ "q6.b", "g/norm(u)*(I - u*u'/norm(u)^2)" }, { "q6.c", "norm(u)^2 + eta^2*norm(d)^2" },
};
#define N_SHEET_IDS (sizeof sheet_ids / sizeof *sheet_ids)

/* A sheet of every id with its right answer but those in skip (a
 * space-separated list), then extra lines. */
static const char *full_sheet(const char *name, const char *skip, const char *extra)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < N_SHEET_IDS; i++) {
		char word[32];
		snprintf(word, sizeof word, " %s ", sheet_ids[i][0]);
		char padded[256];
		snprintf(padded, sizeof padded, " %s ", skip);
		if (!strstr(padded, word))
			strbuf_printf(&sb, "%s: %s\n", sheet_ids[i][0], sheet_ids[i][1]);
	}
	strbuf_append(&sb, extra);
	const char *path = write_bytes(name, sb.buf, sb.len);
	strbuf_free(&sb);
	return path;
}

#define BUNDLED "--course", COURSE_DIR

static void test_check_passes_a_complete_right_sheet_and_lists_the_missing_ids(void **state)
{
	(void)state;
	struct run r = run(NULL, (const char *[]){ BUNDLED, "check", full_sheet("all.txt", "", ""), NULL });
	if (r.status != 0)
		fail_msg("a complete right sheet exits %d:\n%s%s", r.status, r.out, r.err);
	assert_int_equal(count(r.out, ": correct\n"), N_SHEET_IDS);
	run_free(&r);
	/* two ids left out: listed after the answers, in course order, exit 1 */
	const char *path = full_sheet("some.txt", "q3.b q6.a", "");
	r = run(NULL, (const char *[]){ BUNDLED, "check", path, NULL });
	assert_int_equal(r.status, 1);
	assert_has(r.out, "q6.c: correct\nq3.b: missing\n  Not answered: the sheet has no line for this id.\n"
			  "q6.a: missing\n");
	assert_int_equal(count(r.out, ": missing\n"), 2);
	run_free(&r);
	/* --partial: only the ids present, so this sheet passes */
	r = run(NULL, (const char *[]){ BUNDLED, "check", "--partial", path, NULL });
	assert_int_equal(r.status, 0);
	assert_int_equal(count(r.out, "missing"), 0);
	run_free(&r);
	r = run(NULL, (const char *[]){ BUNDLED, "check", "--format", "json", path, NULL });
	assert_int_equal(r.status, 1);
	assert_int_equal(json_entries(r.out), N_SHEET_IDS);
	assert_has(r.out, "{ \"id\": \"q3.b\", \"line\": null, \"answer\": null, \"verdict\": \"missing\"");
	run_free(&r);
	/* the lesson's steps are no answer-sheet ids: never missing */
	r = run(NULL, (const char *[]){ BUNDLED, "check", full_sheet("all.txt", "", ""), NULL });
	assert_int_equal(count(r.out, "step"), 0);
	run_free(&r);
}

static void test_check_gives_a_blank_answer_its_own_verdict(void **state)
{
	(void)state;
	const char *path = full_sheet("blank.txt", "q2.b", "q2.b:   \n");
	struct run r = run(NULL, (const char *[]){ BUNDLED, "check", path, NULL });
	assert_int_equal(r.status, 1);
	assert_has(r.out, "q2.b: blank\n  No answer given yet.\n");
	assert_int_equal(count(r.out, "invalid"), 0);
	assert_int_equal(count(r.out, "missing"), 0);
	run_free(&r);
	r = run(NULL, (const char *[]){ BUNDLED, "check", "--format=json", path, NULL });
	assert_has(r.out, "\"answer\": \"\", \"verdict\": \"blank\"");
	assert_int_equal(json_entries(r.out), N_SHEET_IDS);
	run_free(&r);
}

static void test_check_warns_of_a_repeated_id_naming_both_lines_and_counts_the_last(void **state)
{
	(void)state;
	/* wrong, then right: every line graded, the last counts, exit 0 */
	const char *path = full_sheet("twice.txt", "q2.a", "q2.a: 13824\nq2.a: 73728\n");
	struct run r = run(NULL, (const char *[]){ BUNDLED, "check", path, NULL });
	assert_int_equal(r.status, 0);
	assert_has(r.out, "q2.a: incorrect\n");
	assert_has(r.out, "q2.a: correct\n  Warning: line 20 answers q2.a again (line 19 did before): "
			  "the last answer counts.\n");
	run_free(&r);
	r = run(NULL, (const char *[]){ BUNDLED, "check", "--format", "json", path, NULL });
	assert_has(r.out, "\"warning\": \"line 20 answers q2.a again (line 19 did before): the last answer counts\"");
	assert_int_equal(json_entries(r.out), N_SHEET_IDS + 1);
	run_free(&r);
	/* right, then wrong: the wrong one counts, exit 1 */
	path = full_sheet("twice.txt", "q2.a", "q2.a: 73728\nq2.a: 13824\n");
	r = run(NULL, (const char *[]){ BUNDLED, "check", path, NULL });
	assert_int_equal(r.status, 1);
	run_free(&r);
	/* 1 000 answers to one id: each graded, each warned */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 1000; i++)
		strbuf_append(&sb, i % 2 ? "q2.a: 73728\n" : "q2.a: 1\n");
	write_bytes("many.txt", sb.buf, sb.len);
	strbuf_free(&sb);
	char many[300];
	snprintf(many, sizeof many, "%s/many.txt", tmpdir);
	r = run(NULL, (const char *[]){ BUNDLED, "check", "--partial", many, NULL });
	assert_int_equal(r.status, 0);
	assert_int_equal(count(r.out, "q2.a: "), 1000);
	assert_int_equal(count(r.out, "  Warning: line "), 999);
	assert_has(r.out, "Warning: line 1000 answers q2.a again (line 999 did before)");
	run_free(&r);
}

static void test_check_matches_ids_without_regard_to_case(void **state)
{
	(void)state;
	const char *path = full_sheet("case.txt", "q4.c q3.d.iii", "Q4.C: (1-p)/p\nq3.D.III: K=4, S=2\n");
	struct run r = run(NULL, (const char *[]){ BUNDLED, "check", path, NULL });
	if (r.status != 0)
		fail_msg("exit %d:\n%s", r.status, r.out);
	/* reported under the course's spelling */
	assert_has(r.out, "\nq4.c: correct\n");
	assert_has(r.out, "\nq3.d.iii: correct\n");
	assert_int_equal(count(r.out, "unknown"), 0);
	run_free(&r);
	/* the same id in two spellings is one id answered twice */
	path = full_sheet("case.txt", "", "Q2.A: 1\n");
	r = run(NULL, (const char *[]){ BUNDLED, "check", path, NULL });
	assert_int_equal(r.status, 1);
	assert_has(r.out, "q2.a: incorrect\n");
	assert_has(r.out, "Warning: line 20 answers q2.a again (line 4 did before)");
	run_free(&r);
}

static void test_check_names_a_mistake_no_rule_knows(void **state)
{
	(void)state;
	const char *path = write_file("slip.txt", "q2.b: 4*4*64*64\nq2.b: 4*4*3*128\n");
	struct run r = run(NULL, (const char *[]){ BUNDLED, "check", "--partial", path, NULL });
	assert_has(r.out, "q2.b: incorrect\n  This is what you get with N1 in place of N3.\n");
	run_free(&r);
	r = run(NULL, (const char *[]){ BUNDLED, "check", "--partial", "--format", "json", path, NULL });
	assert_has(r.out, "\"mistake\": \"N1 in place of N3\"");
	/* the published solution's answer: a rule's, no name */
	assert_has(r.out, "\"source_error\": true, \"note\": null, \"mistake\": null");
	assert_int_equal(json_entries(r.out), 2);
	run_free(&r);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	const char *files[] = { "out", "err", "sheet.txt", "good.txt", "empty.txt",
				"small.txt", "large.txt", "json.txt", "nul.txt", "short.txt",
				"long.txt", "hostile.txt", "bom.txt", "utf16.txt", "cr.txt",
				"all.txt", "some.txt", "blank.txt", "twice.txt", "many.txt",
				"case.txt", "slip.txt" };
	char path[300];
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/evil/course.yaml", tmpdir);
	unlink(path);
	snprintf(path, sizeof path, "%s/evil/t1.yaml", tmpdir);
	unlink(path);
	snprintf(path, sizeof path, "%s/evil", tmpdir);
	rmdir(path);
	rmdir(tmpdir);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH-TO-CNNTUTOR\n", argv[0]);
		return 2;
	}
	cnntutor = argv[1];
#ifdef __SANITIZE_ADDRESS__
	/* AddressSanitizer parks freed memory in a quarantine (256 MB) that
	 * would read as growth; without it, peak memory means what it says. */
	setenv("ASAN_OPTIONS", "quarantine_size_mb=0", 1);
#endif
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_prints_ids_and_titles_tab_separated),
		cmocka_unit_test(test_show_prints_statement_givens_hints_steps_and_erratum),
		cmocka_unit_test(test_show_q2a_of_the_bundled_course_shows_the_engine_values),
		cmocka_unit_test(test_list_and_show_print_control_characters_of_a_course_visibly),
		cmocka_unit_test(test_check_text_prints_verdicts_and_indented_feedback),
		cmocka_unit_test(test_check_reads_stdin_and_exits_0_when_all_correct),
		cmocka_unit_test(test_check_unreadable_file_exits_2),
		cmocka_unit_test(test_check_json_is_one_array_with_every_field),
		cmocka_unit_test(test_check_an_empty_sheet_is_not_a_pass),
		cmocka_unit_test(test_check_refuses_a_line_holding_a_nul_byte),
		cmocka_unit_test(test_check_refuses_a_128_MB_line_in_the_memory_of_a_short_sheet),
		cmocka_unit_test(test_check_text_shows_control_characters_and_bad_bytes_visibly),
		cmocka_unit_test(test_check_json_is_valid_utf8_for_controls_and_bad_bytes),
		cmocka_unit_test(test_check_skips_a_utf8_byte_order_mark),
		cmocka_unit_test(test_check_reads_utf16_sheets_little_and_big_endian),
		cmocka_unit_test(test_check_takes_crlf_and_lone_cr_line_ends),
		cmocka_unit_test(test_check_streams_100000_lines_in_constant_memory),
		cmocka_unit_test(test_validate_passes_the_good_fixture_and_fails_a_broken_one),
		cmocka_unit_test(test_validate_passes_the_bundled_course),
		cmocka_unit_test(test_blank_answer_sheet_lists_every_id_of_the_bundled_course),
		cmocka_unit_test(test_check_passes_a_complete_right_sheet_and_lists_the_missing_ids),
		cmocka_unit_test(test_check_gives_a_blank_answer_its_own_verdict),
		cmocka_unit_test(test_check_warns_of_a_repeated_id_naming_both_lines_and_counts_the_last),
		cmocka_unit_test(test_check_matches_ids_without_regard_to_case),
		cmocka_unit_test(test_check_names_a_mistake_no_rule_knows),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
