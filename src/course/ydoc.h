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

struct ydoc {
	yaml_document_t doc;
	bool loaded;
	const char *file;   /* borrowed: the path used in messages */
};

/* Parse data; on a YAML syntax error appends "file:line:col: message\n" to
 * err and returns false. An empty document is an error too. */
bool course_ydoc_parse(struct ydoc *d, const char *file, const unsigned char *data,
		size_t len, struct strbuf *err);
void course_ydoc_free(struct ydoc *d);

/* Check the tree against a cyaml schema; appends one line per problem to
 * err and returns how many there were. */
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
