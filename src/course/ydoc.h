/* A lesson file as libyaml's node tree: positions for messages.
 *
 * libcyaml 1.3 does not say on which line a problem is, so every file is
 * first read with libyaml's document loader, checked against the same
 * cyaml schema tables (unknown key, missing key, wrong type, bad enum word)
 * with line and column, and kept to find where a value sits when a later
 * check (an expression that does not parse) fails. */
#ifndef CNNTUTOR_COURSE_YDOC_H
#define CNNTUTOR_COURSE_YDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>
#include <cyaml/cyaml.h>

#include "model.h"
#include "strbuf.h"

/* Limits on every course file (course.yaml and each lesson), checked before
 * libyaml builds a document or anything is expanded. Each is far above what
 * a lesson needs and far below what hurts. Figures: `cnntutor list` on the
 * development machine, debugoptimized build, before and after the limits.
 *
 * - COURSE_MAX_FILE_BYTES: the largest bundled lesson (q3.yaml) is 29 KB.
 * - COURSE_MAX_DEPTH, lists and mappings inside one another: a lesson is
 *   5 deep at most (file, parts, a part, feedback, a rule). 32 leaves room
 *   for a slip to get its precise schema message ("'hints' must be a
 *   list") rather than this limit's. 40 000 nested '[' (closed) took 2.4 s
 *   and 14 MB to be refused (3.8 s under ASan); now 0.00 s and 3.2 MB.
 * - COURSE_MAX_EVENTS, libyaml events (each scalar, each start and end of
 *   a list or mapping): the bundled lessons have 370 to 1 240, about 24
 *   bytes each, and even 10 000 one-line parts take 6.4 bytes per event,
 *   so only a file written to be dense (`{a,a,a}`, one byte per event)
 *   reaches the limit within 1 MiB; at the limit the document is 43 MB.
 *   1 MiB of `{a,a,...}` took 0.63 s and 214 MB; now 0.01 s and 4 MB.
 * - No anchors or aliases: lessons never need them, and they are how a
 *   small file becomes a huge one. A 115 KB lesson with 5 000 aliases of
 *   a part that holds 20 000 aliases of a hint took 18.6 s and 3.97 GB;
 *   it is now refused at its first anchor in 0.00 s and 3.1 MB. */
#define COURSE_MAX_FILE_BYTES ((size_t)1 << 20)
#define COURSE_MAX_DEPTH 32
#define COURSE_MAX_EVENTS 200000
/* A file with many problems reports the first ones: past this many the
 * schema walk stops (a binary file would otherwise get one per byte). */
#define COURSE_MAX_PROBLEMS 50

struct ydoc {
	yaml_document_t doc;
	bool loaded;
	const char *file;   /* borrowed: the path used in messages */
	size_t problems;    /* reported by course_ydoc_check so far */
};

/* Whether a file of size bytes is within COURSE_MAX_FILE_BYTES; if not,
 * appends "file:1:1: ..." to err. */
bool course_ydoc_size_ok(const char *file, unsigned long long size,
		struct strbuf *err);

/* Parse data; on a YAML syntax error, a file over the size limit, an
 * anchor or alias, nesting deeper than COURSE_MAX_DEPTH or more than
 * COURSE_MAX_EVENTS events, appends "file:line:col: message\n" to err and
 * returns false. An empty document is an error too. */
bool course_ydoc_parse(struct ydoc *d, const char *file, const unsigned char *data,
		size_t len, struct strbuf *err);
void course_ydoc_free(struct ydoc *d);

/* Check the tree against a cyaml schema; appends one line per problem to
 * err (the first COURSE_MAX_PROBLEMS, then a line saying it stopped) and
 * returns how many there were. */
size_t course_ydoc_check(struct ydoc *d, const cyaml_schema_value_t *schema,
		  struct strbuf *err);

yaml_node_t *course_ydoc_root(struct ydoc *d);
/* The value under key in a mapping node, or NULL (also for a NULL map). */
yaml_node_t *course_ydoc_get(struct ydoc *d, const yaml_node_t *map, const char *key);
/* Entry i of a sequence node, or NULL. */
yaml_node_t *course_ydoc_item(struct ydoc *d, const yaml_node_t *seq, size_t i);
/* 1-based position of a node's start; (1, 1) for NULL. */
struct rt_pos course_ydoc_pos(const yaml_node_t *n);
/* The position of byte offset off inside a scalar's text, when the scalar
 * is written on one line without escapes; else the scalar's own start. */
struct rt_pos course_ydoc_pos_in(const yaml_node_t *n, size_t off);

#endif
