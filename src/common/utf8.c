/* UTF-8 decoding, validation and counting are ours (small and exact);
 * normalisation, widths and categories come from utf8proc, which keeps
 * the Unicode tables up to date. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

uint32_t utf8_decode(const char *s, size_t len, size_t *used)
{
	const unsigned char *u = (const unsigned char *)s;
	*used = 1;
	if (len == 0)
		return UTF8_INVALID;
	unsigned char c = u[0];
	if (c < 0x80)
		return c;
	size_t n;
	uint32_t cp, min;
	if ((c & 0xE0) == 0xC0) {
		n = 2; cp = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3; cp = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4; cp = c & 0x07; min = 0x10000;
	} else {
		return UTF8_INVALID;
	}
	if (len < n)
		return UTF8_INVALID;
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return UTF8_INVALID;
		cp = (cp << 6) | (u[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return UTF8_INVALID;
	*used = n;
	return cp;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		o[0] = (unsigned char)(0xF0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

bool utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	size_t i = 0;
	while (i < len) {
		size_t used;
		if (utf8_decode(s + i, len - i, &used) == UTF8_INVALID) {
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += used;
	}
	return true;
}

size_t utf8_count(const char *s, size_t len)
{
	size_t n = 0, i = 0;
	while (i < len) {
		size_t used;
		utf8_decode(s + i, len - i, &used);
		i += used;
		n++;
	}
	return n;
}

size_t utf8_nfc(const char *s, size_t len, char *out, size_t cap)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s,
					  (utf8proc_ssize_t)len, &dst,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0 || (size_t)n >= cap) {
		free(dst);
		return 0;
	}
	memcpy(out, dst, (size_t)n);
	out[n] = '\0';
	free(dst);
	return (size_t)n;
}

int utf8_width(uint32_t cp)
{
	return utf8proc_charwidth((utf8proc_int32_t)cp);
}

bool utf8_is_combining(uint32_t cp)
{
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
	       c == UTF8PROC_CATEGORY_ME;
}

bool utf8_is_letter(uint32_t cp)
{
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}
