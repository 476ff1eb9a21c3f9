/* A growable, always NUL-terminated string.
 *
 * The buffer owns its memory; strbuf_steal hands it to the caller. When an
 * allocation fails the buffer remembers it (oom) and later appends do
 * nothing, so callers can append freely and check once at the end. */
#ifndef CNNTUTOR_COMMON_STRBUF_H
#define CNNTUTOR_COMMON_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
	bool oom;
};

#define STRBUF_INIT { NULL, 0, 0, false }

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_append(struct strbuf *sb, const char *s);
void strbuf_append_n(struct strbuf *sb, const char *s, size_t n);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
/* Contents so far; "" for an empty buffer, never NULL. */
const char *strbuf_str(const struct strbuf *sb);
/* Hand the malloc'd string to the caller (NULL after an allocation failure)
 * and leave the buffer empty. */
char *strbuf_steal(struct strbuf *sb);

/* Append s[0..n) so that a terminal shows it as it is and obeys none of it:
 * ESC as \e, other C0 controls as ^X (NUL ^@, newline ^J), DEL as ^?, C1
 * controls (U+0080..U+009F) and bytes that are not UTF-8 as \xNN, a tab as
 * one space (so a caret drawn under the text still lines up). Everything
 * else, valid UTF-8 included, is copied. The result is valid UTF-8 and holds
 * no control byte. For text that came from outside: answer sheets, ids. */
void strbuf_append_visible(struct strbuf *sb, const char *s, size_t n);

/* Append s[0..n) with each byte that does not start a valid UTF-8 sequence
 * replaced by U+FFFD, so the result is valid UTF-8 (NUL bytes are kept). */
void strbuf_append_valid_utf8(struct strbuf *sb, const char *s, size_t n);

#endif
