#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	sb->oom = false;
}

void strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static bool reserve(struct strbuf *sb, size_t extra)
{
	if (sb->oom)
		return false;
	if (sb->len + extra + 1 <= sb->cap)
		return true;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	char *nb = realloc(sb->buf, cap);
	if (!nb) {
		sb->oom = true;
		return false;
	}
	sb->buf = nb;
	sb->cap = cap;
	return true;
}

void strbuf_append_n(struct strbuf *sb, const char *s, size_t n)
{
	if (!reserve(sb, n))
		return;
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_append(struct strbuf *sb, const char *s)
{
	strbuf_append_n(sb, s, strlen(s));
}

void strbuf_putc(struct strbuf *sb, char c)
{
	strbuf_append_n(sb, &c, 1);
}

void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || !reserve(sb, (size_t)n))
		return;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *strbuf_steal(struct strbuf *sb)
{
	char *s = sb->oom ? NULL : sb->buf;
	if (sb->oom)
		free(sb->buf);
	if (!s && !sb->oom)
		s = calloc(1, 1);
	strbuf_init(sb);
	return s;
}

/* A C0 control as ^X, DEL as ^?: the caret notation terminals and less
 * use, one look for every control. ESC gets \e because it starts every
 * escape sequence, the one a reader most needs to spot. */
static void append_control(struct strbuf *sb, uint32_t cp)
{
	if (cp == 0x1B)
		strbuf_append(sb, "\\e");
	else if (cp == '\t')
		strbuf_putc(sb, ' ');
	else if (cp == 0x7F)
		strbuf_append(sb, "^?");
	else if (cp < 0x20)
		strbuf_printf(sb, "^%c", (char)(cp + 0x40));
	else
		strbuf_printf(sb, "\\x%02x", (unsigned)cp);
}

void strbuf_append_visible(struct strbuf *sb, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t used;
		uint32_t cp = utf8_decode(s + i, n - i, &used);
		if (cp == UTF8_INVALID)
			strbuf_printf(sb, "\\x%02x", (unsigned)(unsigned char)s[i]);
		else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			append_control(sb, cp);
		else
			strbuf_append_n(sb, s + i, used);
		i += used;
	}
}

void strbuf_append_valid_utf8(struct strbuf *sb, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t used;
		if (utf8_decode(s + i, n - i, &used) == UTF8_INVALID)
			strbuf_append(sb, "\xEF\xBF\xBD");  /* U+FFFD */
		else
			strbuf_append_n(sb, s + i, used);
		i += used;
	}
}
