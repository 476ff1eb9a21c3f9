/* JSON output, through json-c: every document the program prints (check,
 * grade, report) is built as json-c objects and serialised here, so no
 * string is ever escaped by hand.
 *
 * Text from outside (answers, ids, names, file names) may hold any bytes:
 * course_json_text replaces what is not UTF-8 with U+FFFD before json-c
 * sees it, and course_json_append writes DEL and the C1 controls as \u
 * escapes (json-c leaves them raw, which is valid JSON, but a terminal
 * showing the output would act on them). The output is valid UTF-8 and
 * safe on a terminal.
 *
 * Ownership: the objects returned are new references the caller puts
 * (json_object_put), or hands to a container that takes them. */
#ifndef CNNTUTOR_COURSE_JSON_OUT_H
#define CNNTUTOR_COURSE_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include <json.h>

#include "strbuf.h"

/* s[0..n) as a JSON string, its bytes that are not UTF-8 as U+FFFD. NULL
 * s: JSON null. */
struct json_object *course_json_text(const char *s, size_t n);
/* The same for a NUL-terminated string (NULL: null). */
struct json_object *course_json_str(const char *s);

/* A number as JSON shows it best: a whole number without a fraction,
 * else at most 4 decimals (points, averages). */
struct json_object *course_json_number(double x);

/* Append j serialised (json-c's spaced form, or pretty with two-space
 * indentation), DEL and C1 controls escaped. */
void course_json_append(struct strbuf *sb, struct json_object *j, bool pretty);

#endif
