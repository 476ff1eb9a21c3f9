/* Measuring and wrapping UTF-8 text for the screen. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_internal.h"
#include "utf8.h"

/* Columns one code point takes; what cannot be shown is drawn as one '?'. */
static int cp_width(uint32_t cp)
{
	if (cp == UTF8_INVALID || cp < 0x20 || cp == 0x7f)
		return 1;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int ui_text_width(const char *s, size_t len)
{
	int w = 0;
	size_t used;
	for (size_t i = 0; i < len; i += used)
		w += cp_width(utf8_decode(s + i, len - i, &used));
	return w;
}

/* Wrap one paragraph (no '\n' inside). */
static void wrap_paragraph(const char *s, size_t len, int width,
			   void (*fn)(const char *, size_t, void *), void *data)
{
	if (len == 0) {
		fn(s, 0, data);
		return;
	}
	size_t start = 0;
	while (start < len) {
		/* Skip the spaces a break leaves at the start of a line. */
		if (start > 0)
			while (start < len && s[start] == ' ')
				start++;
		if (start >= len)
			break;
		int w = 0;
		size_t i = start, last_space = 0, used;
		bool have_space = false;
		while (i < len) {
			uint32_t cp = utf8_decode(s + i, len - i, &used);
			int cw = cp_width(cp);
			if (w + cw > width && i > start)
				break;
			if (cp == ' ') {
				last_space = i;
				have_space = true;
			}
			w += cw;
			i += used;
		}
		if (i >= len) {
			fn(s + start, len - start, data);
			return;
		}
		size_t end = have_space && last_space > start ? last_space : i;
		size_t trim = end;
		while (trim > start && s[trim - 1] == ' ')
			trim--;
		fn(s + start, trim - start, data);
		start = end;
	}
}

void ui_text_wrap(const char *s, size_t len, int width,
		  void (*fn)(const char *line, size_t len, void *data),
		  void *data)
{
	if (width < 1)
		width = 1;
	while (len > 0 && s[len - 1] == '\n')
		len--;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '\n') {
			wrap_paragraph(s + start, i - start, width, fn, data);
			start = i + 1;
		}
	}
}

/* Whether the line break before next only continues a sentence that the
 * author wrapped by hand. Lines that start a list item, are indented or
 * blank, or follow the end of a sentence or a colon keep their break. */
static bool soft_break(const char *prev_end, const char *next)
{
	char last = prev_end[-1];
	if (last == '.' || last == ':' || last == '?' || last == '!' || last == ' ')
		return false;
	if (*next == '\0' || *next == '\n' || *next == ' ' || *next == '-'
	    || *next == '*' || *next == '\t')
		return false;
	/* A quotation or bracket closing before a capital: a new sentence or
	 * a new labelled line ("... 13824"\nWhat is wrong: ...). */
	if ((last == '"' || last == '\'' || last == ')' || last == ']')
	    && *next >= 'A' && *next <= 'Z')
		return false;
	return true;
}

char *ui_text_reflow(const char *s)
{
	char *out = strdup(s ? s : "");
	if (!out)
		return NULL;
	for (char *p = strchr(out, '\n'); p; p = strchr(p + 1, '\n'))
		if (p > out && p[-1] != '\n' && soft_break(p, p + 1))
			*p = ' ';
	return out;
}
