/* The answer-sheet reader: one line at a time, in constant memory, and
 * what a sheet's headers say (sheet_check.c grades what it reads). */
#include "sheet.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "utf8.h"

/* How much of a refused line a message quotes, and how much of a line too
 * long to read an entry keeps as its text: enough to recognise it. */
#define QUOTE_BYTES 60

enum encoding { ENC_UNKNOWN, ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };

struct course_sheet {
	FILE *in;
	enum encoding enc;      /* ENC_UNKNOWN until the first byte is read */
	unsigned char head[4];  /* bytes read while looking for a byte-order mark */
	size_t head_len, head_pos;
	int unit;               /* UTF-16: a unit read past a lone high surrogate, or -1 */
	unsigned char u8[4];    /* UTF-16: the last code point as UTF-8 */
	size_t u8_len, u8_pos;
	int back;               /* the byte read after a CR to see if LF follows, or -1 */
	size_t line_no;
	char *error;            /* why reading stopped, or NULL */
	struct strbuf msg;      /* the current PROBLEM's message */
	char line[COURSE_SHEET_MAX_LINE + 1];
};

static char oom_message[] = "out of memory";

static void set_error(struct course_sheet *r, const char *what, int err)
{
	if (r->error)
		return;
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%s%s%s", what, err ? ": " : "", err ? strerror(err) : "");
	r->error = strbuf_steal(&sb);
	if (!r->error)
		r->error = oom_message;
}

/* One byte of the file, past whatever the byte-order check read ahead. */
static int raw_byte(struct course_sheet *r)
{
	if (r->head_pos < r->head_len)
		return r->head[r->head_pos++];
	int c = getc_unlocked(r->in);
	if (c == EOF && ferror(r->in))
		set_error(r, "read error", errno);
	return c;
}

/* Look at the first bytes for a byte-order mark. Only a byte that can start
 * one makes the reader look further, so a sheet typed on a terminal is
 * never waited on. */
static void detect_encoding(struct course_sheet *r)
{
	r->enc = ENC_UTF8;
	int c = raw_byte(r);
	if (c == EOF)
		return;
	r->head[r->head_len++] = (unsigned char)c;
	size_t want = c == 0xEF ? 3 : c == 0xFE ? 2 : (c == 0xFF || c == 0x00) ? 4 : 1;
	while (r->head_len < want && (c = getc_unlocked(r->in)) != EOF)
		r->head[r->head_len++] = (unsigned char)c;
	if (c == EOF && ferror(r->in))
		set_error(r, "read error", errno);
	const unsigned char *h = r->head;
	size_t n = r->head_len;
	if (n >= 4 && (!memcmp(h, "\xFF\xFE\0\0", 4) || !memcmp(h, "\0\0\xFE\xFF", 4))) {
		set_error(r, "the sheet is UTF-32, which cnntutor does not read: save it as UTF-8 (or UTF-16)", 0);
	} else if (n >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3)) {
		r->head_pos = 3;
	} else if (n >= 2 && h[0] == 0xFF && h[1] == 0xFE) {
		r->enc = ENC_UTF16LE;
		r->head_pos = 2;
	} else if (n >= 2 && h[0] == 0xFE && h[1] == 0xFF) {
		r->enc = ENC_UTF16BE;
		r->head_pos = 2;
	}
}

/* The next UTF-16 code unit; an odd last byte is U+FFFD. */
static int utf16_unit(struct course_sheet *r)
{
	if (r->unit >= 0) {
		int u = r->unit;
		r->unit = -1;
		return u;
	}
	int a = raw_byte(r);
	if (a == EOF)
		return EOF;
	int b = raw_byte(r);
	if (b == EOF)
		return 0xFFFD;
	return r->enc == ENC_UTF16LE ? a | b << 8 : a << 8 | b;
}

/* The next byte of the UTF-8 a UTF-16 sheet decodes to. A surrogate
 * without its other half becomes U+FFFD; the unit after a lone high
 * surrogate is kept to be decoded on its own. */
static int utf16_byte(struct course_sheet *r)
{
	if (r->u8_pos < r->u8_len)
		return r->u8[r->u8_pos++];
	int u = utf16_unit(r);
	if (u == EOF)
		return EOF;
	uint32_t cp = (uint32_t)u;
	if (u >= 0xD800 && u <= 0xDBFF) {
		int lo = utf16_unit(r);
		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
		} else {
			cp = 0xFFFD;
			r->unit = lo;
		}
	} else if (u >= 0xDC00 && u <= 0xDFFF) {
		cp = 0xFFFD;
	}
	r->u8_len = utf8_encode(cp, (char *)r->u8);
	assert(r->u8_len > 0);  /* surrogates were replaced above */
	r->u8_pos = 1;
	return r->u8[0];
}

/* The next byte of the sheet as UTF-8. */
static int next_byte(struct course_sheet *r)
{
	if (r->back != -1) {
		int c = r->back;
		r->back = -1;
		return c;
	}
	return r->enc == ENC_UTF8 ? raw_byte(r) : utf16_byte(r);
}

/* Read one line, ended by LF, CRLF, a lone CR or the end of the input: its
 * first COURSE_SHEET_MAX_LINE bytes go to r->line, the rest is only
 * counted, so no line costs more memory than that. *len is the whole
 * line's length, *nul_at the offset of its first NUL byte (SIZE_MAX for
 * none). False at the end of the input. */
static bool read_line(struct course_sheet *r, size_t *len, size_t *nul_at)
{
	size_t n = 0, nul = SIZE_MAX;
	int c = next_byte(r);
	if (c == EOF)
		return false;
	for (; c != EOF; c = next_byte(r)) {
		if (c == '\n')
			break;
		if (c == '\r') {
			int d = next_byte(r);
			if (d != '\n')
				r->back = d;
			break;
		}
		if (c == '\0' && nul == SIZE_MAX)
			nul = n;
		if (n < COURSE_SHEET_MAX_LINE)
			r->line[n] = (char)c;
		n++;
	}
	r->line[n < COURSE_SHEET_MAX_LINE ? n : COURSE_SHEET_MAX_LINE] = '\0';
	*len = n;
	*nul_at = nul;
	return true;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trim spaces and tabs off both ends of s[0..*n) and NUL-terminate it. */
static char *trim(char *s, size_t *n)
{
	while (*n && blank(*s)) {
		s++;
		(*n)--;
	}
	while (*n && blank(s[*n - 1]))
		(*n)--;
	s[*n] = '\0';
	return s;
}

/* At most max bytes of s[0..n), cut before a code point, not inside one
 * (a UTF-8 sequence has at most three continuation bytes). */
static size_t cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	for (int i = 0; i < 3 && max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80; i++)
		max--;
	return max;
}

/* Split "ID: TEXT" at the first colon in s[0..limit) into the item's id
 * and text; without one, or in a comment, the id is "" and the text all of
 * s[0..n). */
static void split(struct course_sheet_item *it, char *s, size_t n, size_t limit)
{
	char *colon = n && *s == '#' ? NULL : memchr(s, ':', limit < n ? limit : n);
	if (!colon) {
		it->id = "";
		it->text = trim(s, &n);
		it->text_len = n;
		return;
	}
	size_t id_len = (size_t)(colon - s), text_len = n - id_len - 1;
	it->text = trim(colon + 1, &text_len);
	it->text_len = text_len;
	it->id = trim(s, &id_len);
}

/* Append "s" as a message quotes it: the start of it, controls visible. */
static void quote(struct strbuf *sb, const char *s, size_t n)
{
	size_t k = cut(s, n, QUOTE_BYTES);
	strbuf_putc(sb, '"');
	strbuf_append_visible(sb, s, k);
	strbuf_append(sb, k < n ? "…\"" : "\"");
}

static void problem_too_long(struct course_sheet *r, struct course_sheet_item *it,
			     size_t len)
{
	size_t n = COURSE_SHEET_MAX_LINE;
	char *s = r->line;
	strbuf_reset(&r->msg);
	strbuf_printf(&r->msg, "line %zu is too long: %zu bytes, and a line holds at most %d: ",
		      it->line, len, COURSE_SHEET_MAX_LINE);
	while (n && blank(*s)) {
		s++;
		n--;
	}
	quote(&r->msg, s, n);
	size_t k = cut(s, n, QUOTE_BYTES);
	split(it, s, k, k);
}

static void problem_nul(struct course_sheet *r, struct course_sheet_item *it,
			size_t len, size_t nul)
{
	strbuf_reset(&r->msg);
	strbuf_printf(&r->msg, "line %zu holds a NUL byte at column %zu: ", it->line,
		      utf8_count(r->line, nul) + 1);
	char *s = r->line;
	size_t n = len;
	while (n && blank(*s)) {
		s++;
		n--;
	}
	quote(&r->msg, s, n);
	split(it, s, n, nul - (size_t)(s - r->line));
}

static bool key_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && ((c >= '0' && c <= '9') || c == '-' || c == '_'));
}

/* A line starting with '#' (s is what follows it): "key: value" is a
 * header, anything else a comment. */
static void comment(struct course_sheet_item *it, char *s, size_t n)
{
	s = trim(s, &n);
	size_t k = 0;
	while (k < n && key_char(s[k], k == 0))
		k++;
	size_t colon = k;
	while (colon < n && blank(s[colon]))
		colon++;
	if (k > 0 && colon < n && s[colon] == ':') {
		size_t v = n - colon - 1;
		it->kind = COURSE_SHEET_HEADER;
		it->text = trim(s + colon + 1, &v);
		it->text_len = v;
		s[k] = '\0';
		it->id = s;
	} else {
		it->kind = COURSE_SHEET_COMMENT;
		it->text = s;
		it->text_len = n;
	}
}

struct course_sheet *course_sheet_open(FILE *in)
{
	assert(in);
	struct course_sheet *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->in = in;
	r->unit = -1;
	r->back = -1;
	strbuf_init(&r->msg);
	return r;
}

bool course_sheet_next(struct course_sheet *r, struct course_sheet_item *it)
{
	if (r->enc == ENC_UNKNOWN)
		detect_encoding(r);
	size_t len, nul;
	while (!r->error && read_line(r, &len, &nul)) {
		/* A line cut short by a read error is not the student's line. */
		if (r->error)
			break;
		r->line_no++;
		memset(it, 0, sizeof *it);
		it->line = r->line_no;
		it->id = "";
		if (len > COURSE_SHEET_MAX_LINE) {
			it->kind = COURSE_SHEET_PROBLEM;
			problem_too_long(r, it, len);
		} else if (nul != SIZE_MAX) {
			it->kind = COURSE_SHEET_PROBLEM;
			problem_nul(r, it, len, nul);
		} else {
			size_t n = len;
			char *s = trim(r->line, &n);
			if (n == 0)
				continue;
			if (*s == '#') {
				comment(it, s + 1, n - 1);
				return true;
			}
			it->kind = memchr(s, ':', n) ? COURSE_SHEET_ANSWER : COURSE_SHEET_PROBLEM;
			split(it, s, n, n);
			if (it->kind == COURSE_SHEET_PROBLEM) {
				strbuf_reset(&r->msg);
				strbuf_printf(&r->msg, "line %zu has no colon: write ID: ANSWER, for example \"q2.a: 73728\"",
					      it->line);
			}
		}
		if (it->kind == COURSE_SHEET_PROBLEM)
			it->message = r->msg.oom ? oom_message : strbuf_str(&r->msg);
		return true;
	}
	return false;
}

const char *course_sheet_error(const struct course_sheet *r)
{
	return r->error;
}

void course_sheet_free(struct course_sheet *r)
{
	if (!r)
		return;
	if (r->error != oom_message)
		free(r->error);
	strbuf_free(&r->msg);
	free(r);
}

/* ---- what the headers say --------------------------------------------------- */

/* The headers a sheet may give, in one place: each key, and what taking it
 * does. A key not listed here is a comment like any other. */
static bool take_student(struct course_sheet_meta *m, const struct course_sheet_item *it,
			 struct strbuf *warning)
{
	if (!it->text_len)
		return true;  /* "# student:" left empty on the template */
	if (m->student) {
		if (strcmp(m->student, it->text)) {
			strbuf_printf(warning, "line %zu names another student (", it->line);
			strbuf_append_visible(warning, it->text, it->text_len);
			strbuf_printf(warning, ") than line %zu: the first name counts",
				      m->student_line);
		}
		return true;
	}
	m->student = strdup(it->text);
	m->student_line = it->line;
	return true;
}

static bool take_variant(struct course_sheet_meta *m, const struct course_sheet_item *it,
			 struct strbuf *warning)
{
	if (!it->text_len)
		return true;  /* left empty: the published homework */
	char *end;
	errno = 0;
	unsigned long long n = strtoull(it->text, &end, 10);
	if (errno || *end || it->text[0] == '-' || n > COURSE_MAX_VARIANT) {
		strbuf_printf(warning, "line %zu: '", it->line);
		strbuf_append_visible(warning, it->text, it->text_len);
		strbuf_printf(warning, "' is no variant (0 to %u): the line is ignored",
			      COURSE_MAX_VARIANT);
		return true;
	}
	if (m->has_variant) {
		if (m->variant != n)
			strbuf_printf(warning, "line %zu names another variant (%llu) than line "
				      "%zu: the first counts", it->line, n, m->variant_line);
		return true;
	}
	m->has_variant = true;
	m->variant = n;
	m->variant_line = it->line;
	return true;
}

static const struct {
	const char *key;
	bool (*take)(struct course_sheet_meta *m, const struct course_sheet_item *it,
		     struct strbuf *warning);
} headers[] = {
	{ "student", take_student },
	{ "variant", take_variant },
};

static bool same_key(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if ((*a | 0x20) != (*b | 0x20))
			return false;
	return *a == *b;
}

bool course_sheet_meta_take(struct course_sheet_meta *m, const struct course_sheet_item *it,
			    struct strbuf *warning)
{
	if (it->kind != COURSE_SHEET_HEADER)
		return false;
	for (size_t i = 0; i < sizeof headers / sizeof *headers; i++)
		if (same_key(headers[i].key, it->id))
			return headers[i].take(m, it, warning);
	return false;
}

void course_sheet_meta_clear(struct course_sheet_meta *m)
{
	if (!m)
		return;
	free(m->student);
	memset(m, 0, sizeof *m);
}
