/* UTF-8 decoding and display width, just what answers and screens need. */
#ifndef CNNTUTOR_COMMON_UTF8_H
#define CNNTUTOR_COMMON_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_INVALID 0xFFFFFFFFu

/* Decode the code point at s[0..len). Sets *used to the bytes consumed (1
 * for an invalid or truncated sequence, so a caller can always advance) and
 * returns UTF8_INVALID for bad input: overlong forms, surrogates, values past
 * U+10FFFF, stray continuation bytes. */
uint32_t utf8_decode(const char *s, size_t len, size_t *used);

/* Encode cp into out (at least 4 bytes); returns the byte count, 0 if cp is
 * not a Unicode scalar value. */
size_t utf8_encode(uint32_t cp, char *out);

/* True when s[0..len) is entirely valid UTF-8. On false, *bad_offset (if not
 * NULL) is the byte offset of the first bad sequence. */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Number of code points in s[0..len) (an invalid byte counts as one). */
size_t utf8_count(const char *s, size_t len);

/* s[0..len) in Unicode normal form C (w + U+0304 stays two code points,
 * y + U+0302 becomes ŷ), written to out with a NUL; returns the bytes
 * written, 0 when the text is not valid UTF-8 or does not fit in cap. */
size_t utf8_nfc(const char *s, size_t len, char *out, size_t cap);

/* Terminal columns of a code point: 0 for a combining mark, 2 for a wide
 * character, 1 otherwise (-1 for a control character). */
int utf8_width(uint32_t cp);

/* Unicode categories the lexer needs: a combining mark (M*), a letter (L*). */
bool utf8_is_combining(uint32_t cp);
bool utf8_is_letter(uint32_t cp);

#endif
