/* JSON output through json-c: see json_out.h. */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json_out.h"

struct json_object *course_json_text(const char *s, size_t n)
{
	if (!s)
		return NULL;
	struct strbuf tmp = STRBUF_INIT;
	strbuf_append_valid_utf8(&tmp, s, n);
	/* every caller's text is bounded far below this (a sheet line) */
	assert(tmp.len < INT_MAX);
	struct json_object *j = json_object_new_string_len(strbuf_str(&tmp), (int)tmp.len);
	strbuf_free(&tmp);
	return j;
}

struct json_object *course_json_str(const char *s)
{
	return s ? course_json_text(s, strlen(s)) : NULL;
}

struct json_object *course_json_number(double x)
{
	if (!isfinite(x))
		return NULL;
	if (x == floor(x) && fabs(x) < 9e15)
		return json_object_new_int64((int64_t)x);
	char buf[64];
	snprintf(buf, sizeof buf, "%.4f", x);
	/* 1.6667, 2.5: no trailing zeros */
	size_t n = strlen(buf);
	while (n > 1 && buf[n - 1] == '0')
		buf[--n] = '\0';
	return json_object_new_double_s(x, buf);
}

/* json-c's output with DEL and U+0080..U+009F as \u escapes. Outside
 * strings JSON is ASCII, and every string went through course_json_text,
 * so a 0xC2 byte always starts a code point and the escape means the same
 * string. */
void course_json_append(struct strbuf *sb, struct json_object *j, bool pretty)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		    (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
			    : JSON_C_TO_STRING_SPACED);
	const char *js = json_object_to_json_string_ext(j, flags);
	if (!js)
		js = "null";
	const unsigned char *p = (const unsigned char *)js, *run = p;
	for (; *p; p++) {
		bool c1 = *p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
		if (*p != 0x7F && !c1)
			continue;
		strbuf_append_n(sb, (const char *)run, (size_t)(p - run));
		strbuf_printf(sb, "\\u%04x", c1 ? p[1] : 0x7F);
		p += c1;
		run = p + 1;
	}
	strbuf_append_n(sb, (const char *)run, (size_t)(p - run));
}
