/* Fuzz target for answer sheets: any bytes as a sheet, graded against the
 * bundled course by course_sheet_check (what `cnntutor check` runs), once
 * to text and once to JSON, both written to memory. Any broken invariant
 * aborts, which libFuzzer (or the regression runner) reports as a crash.
 *
 * Invariants:
 *   - the sheet is read to its end, unless it starts with a UTF-32
 *     byte-order mark (then nothing is graded);
 *   - text and JSON are valid UTF-8 with no control character but '\n'
 *     (C0, DEL, C1), so either is safe to show on a terminal;
 *   - the text has one "ID: verdict" line per entry (feedback lines start
 *     with two spaces): one per answer line, then one "missing" entry per
 *     answer-sheet id the sheet leaves out;
 *   - the JSON parses (json-c's tokener, strict, UTF-8
 *     validated) as one array of objects with the nine documented fields,
 *     lines increasing, one entry per answer line (for UTF-8 sheets
 *     counted here without the reader) and then the missing ids (line
 *     null), verdicts as in the text. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "course.h"
#include "sheet.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *output)
{
	fprintf(stderr, "fuzz_sheet: invariant broken: %s\n--- output:\n%.4000s\n", what,
		output ? output : "-");
	abort();
}

/* Loaded once: the course is the same for every input. */
static const struct course *bundled(void)
{
	static struct course *c;
	if (!c) {
		char *err = NULL;
		c = course_load(COURSE_DIR, &err);
		if (!c) {
			fprintf(stderr, "fuzz_sheet: cannot load %s: %s\n", COURSE_DIR, err ? err : "");
			abort();
		}
		free(err);
	}
	return c;
}

static bool is_utf32(const uint8_t *d, size_t n)
{
	return n >= 4 && (!memcmp(d, "\xFF\xFE\0\0", 4) || !memcmp(d, "\0\0\xFE\xFF", 4));
}

static bool is_utf16(const uint8_t *d, size_t n)
{
	return n >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF));
}

/* Entries a UTF-8 sheet gives, counted without the reader: a line (ended
 * by LF, CRLF or a lone CR) is one when it holds a NUL byte, is longer than
 * COURSE_SHEET_MAX_LINE, or is not blank and does not start with '#'. */
static size_t expected_entries(const uint8_t *d, size_t n)
{
	size_t i = n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3) ? 3 : 0, entries = 0;
	while (i < n) {
		size_t start = i;
		while (i < n && d[i] != '\n' && d[i] != '\r')
			i++;
		size_t len = i - start;
		if (len > COURSE_SHEET_MAX_LINE || memchr(d + start, '\0', len)) {
			entries++;
		} else {
			size_t k = start;
			while (k < i && (d[k] == ' ' || d[k] == '\t'))
				k++;
			entries += k < i && d[k] != '#';
		}
		if (i < n)
			i += d[i] == '\r' && i + 1 < n && d[i + 1] == '\n' ? 2 : 1;
	}
	return entries;
}

/* Grade the sheet to fmt in memory; *read_all as course_sheet_check says. */
static char *grade(const uint8_t *data, size_t size, enum course_sheet_format fmt,
		   struct course_sheet_summary *sum, bool *read_all, size_t *len)
{
	FILE *in = fmemopen((void *)data, size, "r");
	char *out = NULL;
	FILE *o = open_memstream(&out, len);
	if (!in || !o)
		abort();
	char *err = NULL;
	struct course_sheet_options opt = { .format = fmt };
	*read_all = course_sheet_check(bundled(), in, o, &opt, sum, &err);
	if (*read_all != (err == NULL))
		fail("course_sheet_check's result and error disagree", NULL);
	free(err);
	fclose(o);
	fclose(in);
	if (strlen(out) != *len)
		fail("a NUL byte in the output", out);
	return out;
}

/* Valid UTF-8 without a control character but '\n': no C0 byte, no DEL,
 * no C1 code point (U+0080..U+009F), which a terminal would act on. */
static void check_terminal_safe(const char *s, size_t len, const char *what)
{
	size_t i = 0;
	while (i < len) {
		size_t used;
		uint32_t cp = utf8_decode(s + i, len - i, &used);
		if (cp == UTF8_INVALID)
			fail(what, s);
		if ((cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F))
			fail(what, s);
		i += used;
	}
}

static const char *const verdicts[] = { "correct", "incorrect", "invalid", "unknown",
					"blank", "missing" };
enum { N_VERDICTS = sizeof verdicts / sizeof *verdicts };

/* The verdict words of the text's entry lines, in order, checked against
 * the JSON array. */
static void check_text(const char *text, size_t len, size_t entries)
{
	check_terminal_safe(text, len, "the text output is not valid UTF-8 or holds a control character");
	if (len && text[len - 1] != '\n')
		fail("the text output does not end in a newline", text);
	size_t heads = 0;
	for (const char *p = text; *p; ) {
		const char *nl = strchr(p, '\n');
		if (strncmp(p, "  ", 2)) {
			heads++;
			const char *colon = memchr(p, ':', (size_t)(nl - p));
			if (!colon || colon == p || colon[1] != ' ')
				fail("an entry line without \"ID: verdict\"", text);
			bool known = false;
			for (size_t v = 0; v < N_VERDICTS; v++)
				known |= (size_t)(nl - colon - 2) == strlen(verdicts[v]) &&
					 !strncmp(colon + 2, verdicts[v], strlen(verdicts[v]));
			if (!known)
				fail("an entry line with no verdict", text);
		}
		p = nl + 1;
	}
	if (heads != entries)
		fail("the text does not have one line per entry", text);
}

/* The nth "ID: verdict" line's verdict equals the JSON's. */
static void same_verdicts(const char *text, struct json_object *arr)
{
	size_t n = 0;
	for (const char *p = text; *p; ) {
		const char *nl = strchr(p, '\n');
		if (strncmp(p, "  ", 2)) {
			const char *colon = memchr(p, ':', (size_t)(nl - p));
			struct json_object *v;
			json_object_object_get_ex(json_object_array_get_idx(arr, n++), "verdict", &v);
			const char *want = json_object_get_string(v);
			if (strlen(want) != (size_t)(nl - colon - 2) || strncmp(colon + 2, want, strlen(want)))
				fail("the text and the JSON give different verdicts", text);
		}
		p = nl + 1;
	}
}

static struct json_object *check_json(const char *js, size_t len, size_t entries,
				      size_t missing)
{
	check_terminal_safe(js, len, "the JSON output is not valid UTF-8 or holds a control character");
	if (len < 3 || js[0] != '[' || strcmp(js + len - 2, "]\n"))
		fail("the JSON output is not one array and a newline", js);
	struct json_tokener *tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	struct json_object *doc = json_tokener_parse_ex(tok, js, (int)len - 1);
	if (!doc || json_tokener_get_parse_end(tok) != len - 1) {
		fprintf(stderr, "json-c: %s\n", json_tokener_error_desc(json_tokener_get_error(tok)));
		fail("the JSON output does not parse", js);
	}
	json_tokener_free(tok);
	/* the same again, as json_tokener_parse_verbose reads it */
	enum json_tokener_error e;
	struct json_object *again = json_tokener_parse_verbose(js, &e);
	if (!again)
		fail("json_tokener_parse_verbose refuses the JSON output", js);
	json_object_put(again);
	if (!json_object_is_type(doc, json_type_array) ||
	    json_object_array_length(doc) != entries + missing)
		fail("the JSON array does not have one entry per answer line and missing id", js);
	static const struct { const char *key; enum json_type type; } fields[] = {
		{ "id", json_type_string }, { "verdict", json_type_string },
		{ "feedback", json_type_string }, { "source_error", json_type_boolean },
	};
	static const char *const nullable[] = { "note", "mistake", "warning" };
	int64_t last = 0;
	for (size_t i = 0; i < entries + missing; i++) {
		struct json_object *o = json_object_array_get_idx(doc, i), *v;
		if (!json_object_is_type(o, json_type_object) || json_object_object_length(o) != 9)
			fail("an entry is not an object of nine fields", js);
		for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
			if (!json_object_object_get_ex(o, fields[f].key, &v) ||
			    !json_object_is_type(v, fields[f].type))
				fail("an entry lacks a field or has the wrong type", js);
		for (size_t f = 0; f < sizeof nullable / sizeof *nullable; f++)
			if (!json_object_object_get_ex(o, nullable[f], &v) ||
			    !(v == NULL || json_object_is_type(v, json_type_string)))
				fail("an entry's note, mistake or warning is neither null nor a string", js);
		json_object_object_get_ex(o, "verdict", &v);
		bool absent = !strcmp(json_object_get_string(v), "missing");
		if (absent != (i >= entries))
			fail("a missing entry is not after every line's entry", js);
		json_object_object_get_ex(o, "line", &v);
		if (absent) {
			if (v || !json_object_object_get_ex(o, "answer", &v) || v)
				fail("a missing id has a line or an answer", js);
			continue;
		}
		if (!json_object_is_type(v, json_type_int))
			fail("an entry's line is not a number", js);
		int64_t line = json_object_get_int64(v);
		if (line <= last)
			fail("entry lines do not increase", js);
		last = line;
		if (!json_object_object_get_ex(o, "answer", &v) || !json_object_is_type(v, json_type_string))
			fail("an entry's answer is not a string", js);
	}
	return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct course_sheet_summary ts, js;
	bool text_all, json_all;
	size_t tlen, jlen;
	char *text = grade(data, size, COURSE_SHEET_TEXT, &ts, &text_all, &tlen);
	char *json = grade(data, size, COURSE_SHEET_JSON, &js, &json_all, &jlen);

	if (text_all != json_all || ts.answers != js.answers || ts.correct != js.correct ||
	    ts.missing != js.missing)
		fail("text and JSON grade the sheet differently", text);
	if (is_utf32(data, size)) {
		if (text_all || ts.answers)
			fail("a UTF-32 sheet was graded", text);
	} else if (!text_all) {
		fail("a sheet in memory was not read to its end", text);
	}
	if (!is_utf16(data, size) && !is_utf32(data, size) &&
	    ts.answers != expected_entries(data, size))
		fail("the number of entries is not the number of answer lines", text);

	/* the ids left out are listed once the sheet is read to its end */
	size_t missing = text_all ? ts.missing : 0;
	check_text(text, tlen, ts.answers + missing);
	struct json_object *doc = check_json(json, jlen, ts.answers, missing);
	same_verdicts(text, doc);
	json_object_put(doc);
	free(text);
	free(json);
	return 0;
}
