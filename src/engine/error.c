/* Error categories, messages and the caret formatter. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "strbuf.h"
#include "utf8.h"

static const char *const kind_names[] = {
#define X(id, word) word,
	ENGINE_ERROR_KINDS(X)
#undef X
};

const char *engine_error_kind_name(enum engine_error_kind kind)
{
	if ((size_t)kind >= sizeof kind_names / sizeof kind_names[0])
		return "Error";
	return kind_names[kind];
}

bool engine_fail(struct engine_error *err, enum engine_error_kind kind,
		 size_t start, size_t end, const char *fmt, ...)
{
	if (!err)
		return false;
	err->kind = kind;
	err->start = start;
	err->end = end < start ? start : end;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return false;
}

size_t engine_column(const char *text, size_t at)
{
	size_t len = strlen(text);
	return utf8_count(text, at < len ? at : len) + 1;
}

/* The input as shown above the caret: control characters and invalid bytes
 * become one '?' each, so the caret still lines up. */
static void append_display(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t used;
		uint32_t cp = utf8_decode(s + i, len - i, &used);
		if (cp == UTF8_INVALID || cp < 0x20 || cp == 0x7f)
			strbuf_putc(sb, cp == '\t' ? ' ' : '?');
		else
			strbuf_append_n(sb, s + i, used);
		i += used;
	}
}

char *engine_error_format(const char *input, const struct engine_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%s: %s\n", engine_error_kind_name(err->kind),
		      err->message);
	if (input) {
		size_t len = strlen(input);
		/* Long answers: show a window around the error, not 4 kB. */
		size_t from = 0, to = len;
		if (len > 160) {
			from = err->start > 60 ? err->start - 60 : 0;
			while (from > 0 && ((unsigned char)input[from] & 0xC0) == 0x80)
				from--;
			to = from + 160 < len ? from + 160 : len;
			while (to < len && ((unsigned char)input[to] & 0xC0) == 0x80)
				to++;
		}
		size_t start = err->start < from ? from : err->start;
		size_t end = err->end;
		if (start > to)
			start = to;
		if (end > to)
			end = to;
		strbuf_append(&sb, "  ");
		if (from > 0)
			strbuf_append(&sb, "…");
		append_display(&sb, input + from, to - from);
		if (to < len)
			strbuf_append(&sb, "…");
		strbuf_append(&sb, "\n  ");
		if (from > 0)
			strbuf_putc(&sb, ' ');
		size_t pad = utf8_count(input + from, start - from);
		for (size_t i = 0; i < pad; i++)
			strbuf_putc(&sb, ' ');
		size_t width = end > start ? utf8_count(input + start, end - start) : 1;
		for (size_t i = 0; i < width; i++)
			strbuf_putc(&sb, '^');
		strbuf_putc(&sb, '\n');
	}
	return strbuf_steal(&sb);
}
