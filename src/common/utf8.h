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

#endif
