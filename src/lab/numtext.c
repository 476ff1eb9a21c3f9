/* Numbers to and from text with a '.' decimal point whatever LC_NUMERIC
 * says: the tutor sets the locale for curses, and a CSV or a lesson's
 * parameter must not change meaning with it. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_internal.h"

static char decimal_point(void)
{
	const char *dp = localeconv()->decimal_point;
	return dp && dp[0] && !dp[1] ? dp[0] : '.';
}

bool lab_parse_number(const char *s, size_t len, double *out)
{
	char buf[64];
	if (len == 0 || len >= sizeof buf)
		return false;
	char dp = decimal_point();
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		/* strtod would also take "inf", "nan", hex floats and the
		 * locale's own separator; a parameter is plain decimal. */
		if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' ||
		      c == '+' || c == '-'))
			return false;
		buf[i] = c == '.' ? dp : c;
	}
	buf[len] = '\0';
	char *end;
	double v = strtod(buf, &end);
	if (end != buf + len || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static void to_point(char *s)
{
	char dp = decimal_point();
	if (dp == '.')
		return;
	for (; *s; s++)
		if (*s == dp)
			*s = '.';
}

void lab_format_g(char out[32], double v, int digits)
{
	if (v == 0)
		v = 0;  /* no "-0" */
	snprintf(out, 32, "%.*g", digits, v);
	to_point(out);
}

void lab_format_exact(char out[32], double v)
{
	for (int d = 15; d <= 17; d++) {
		lab_format_g(out, v, d);
		double back;
		if (lab_parse_number(out, strlen(out), &back) && back == v)
			return;
	}
}

int lab_parse_numbers(const char *s, double *out, int max, size_t *bad, size_t *badlen)
{
	int n = 0;
	size_t i = 0, len = strlen(s);
	bool need_item = false;   /* just after a comma */
	for (;;) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == len) {
			if (need_item || n == 0) {
				*bad = i;
				*badlen = 0;
				return -1;
			}
			return n;
		}
		if (s[i] == ',') {
			*bad = i;
			*badlen = 1;
			return -1;
		}
		size_t start = i;
		while (i < len && s[i] != ',' && s[i] != ' ' && s[i] != '\t')
			i++;
		double v;
		if (n == max || !lab_parse_number(s + start, i - start, &v)) {
			*bad = start;
			*badlen = i - start;
			return n == max ? -2 : -1;
		}
		out[n++] = v;
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		need_item = i < len && s[i] == ',';
		if (need_item)
			i++;
	}
}
