/* libyaml node tree of a lesson file, and its check against the cyaml
 * schema tables, with positions (see ydoc.h for why). */
#include <stdlib.h>
#include <string.h>

#include "ydoc.h"

static void report(struct strbuf *err, const char *file, yaml_mark_t m,
		   const char *fmt, const char *a, const char *b)
{
	strbuf_printf(err, "%s:%zu:%zu: ", file, m.line + 1, m.column + 1);
	strbuf_printf(err, fmt, a ? a : "", b ? b : "");
	strbuf_putc(err, '\n');
}

bool course_ydoc_parse(struct ydoc *d, const char *file, const unsigned char *data,
		size_t len, struct strbuf *err)
{
	yaml_parser_t p;
	memset(d, 0, sizeof *d);
	d->file = file;
	if (!yaml_parser_initialize(&p)) {
		strbuf_printf(err, "%s: out of memory\n", file);
		return false;
	}
	yaml_parser_set_input_string(&p, data, len);
	if (!yaml_parser_load(&p, &d->doc)) {
		const char *problem = p.problem ? p.problem : "unreadable YAML";
		strbuf_printf(err, "%s:%zu:%zu: YAML syntax error: %s",
			      file, p.problem_mark.line + 1,
			      p.problem_mark.column + 1, problem);
		if (p.context)
			strbuf_printf(err, " (%s at line %zu)", p.context,
				      p.context_mark.line + 1);
		strbuf_putc(err, '\n');
		yaml_parser_delete(&p);
		return false;
	}
	yaml_parser_delete(&p);
	d->loaded = true;
	if (!yaml_document_get_root_node(&d->doc)) {
		strbuf_printf(err, "%s:1:1: the file is empty\n", file);
		course_ydoc_free(d);
		return false;
	}
	return true;
}

void course_ydoc_free(struct ydoc *d)
{
	if (d && d->loaded) {
		yaml_document_delete(&d->doc);
		d->loaded = false;
	}
}

yaml_node_t *course_ydoc_root(struct ydoc *d)
{
	return d->loaded ? yaml_document_get_root_node(&d->doc) : NULL;
}

static bool scalar_is(const yaml_node_t *n, const char *s)
{
	size_t len = strlen(s);
	return n && n->type == YAML_SCALAR_NODE &&
	       n->data.scalar.length == len &&
	       !memcmp(n->data.scalar.value, s, len);
}

yaml_node_t *course_ydoc_get(struct ydoc *d, const yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
	     pr < map->data.mapping.pairs.top; pr++) {
		if (scalar_is(yaml_document_get_node(&d->doc, pr->key), key))
			return yaml_document_get_node(&d->doc, pr->value);
	}
	return NULL;
}

yaml_node_t *course_ydoc_item(struct ydoc *d, const yaml_node_t *seq, size_t i)
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return NULL;
	size_t n = (size_t)(seq->data.sequence.items.top -
			    seq->data.sequence.items.start);
	if (i >= n)
		return NULL;
	return yaml_document_get_node(&d->doc, seq->data.sequence.items.start[i]);
}

struct rt_pos course_ydoc_pos(const yaml_node_t *n)
{
	struct rt_pos p = { 1, 1 };
	if (n) {
		p.line = (int)n->start_mark.line + 1;
		p.col = (int)n->start_mark.column + 1;
	}
	return p;
}

struct rt_pos course_ydoc_pos_in(const yaml_node_t *n, size_t off)
{
	struct rt_pos p = course_ydoc_pos(n);
	if (!n || n->type != YAML_SCALAR_NODE)
		return p;
	const char *s = (const char *)n->data.scalar.value;
	size_t len = n->data.scalar.length;
	/* Only a one-line scalar maps bytes to columns simply: a block or
	 * folded scalar, or a quoted one with escapes, points at its start. */
	if (memchr(s, '\n', len) || n->start_mark.line != n->end_mark.line)
		return p;
	switch (n->data.scalar.style) {
	case YAML_PLAIN_SCALAR_STYLE:
		break;
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		if (memchr(s, '\\', len) || memchr(s, '\'', len))
			return p;
		p.col++;
		break;
	default:
		return p;
	}
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			p.col++;
	return p;
}

/* ---- the schema check ----------------------------------------------------- */

static const char *type_word(enum cyaml_type t)
{
	switch (t) {
	case CYAML_MAPPING: return "a mapping (key: value lines)";
	case CYAML_SEQUENCE:
	case CYAML_SEQUENCE_FIXED: return "a list";
	default: return "a single value";
	}
}

static size_t check_value(struct ydoc *d, const yaml_node_t *n,
			  const cyaml_schema_value_t *s, const char *key,
			  struct strbuf *err);

static size_t check_mapping(struct ydoc *d, const yaml_node_t *n,
			    const cyaml_schema_value_t *s, const char *key,
			    struct strbuf *err)
{
	size_t problems = 0;
	const cyaml_schema_field_t *fields = s->mapping.fields;
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&d->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(&d->doc, pr->value);
		if (k->type != YAML_SCALAR_NODE) {
			report(err, d->file, k->start_mark,
			       "a key must be a plain word%s%s", NULL, NULL);
			problems++;
			continue;
		}
		const char *name = (const char *)k->data.scalar.value;
		const cyaml_schema_field_t *f = fields;
		while (f->key && strcmp(f->key, name))
			f++;
		if (!f->key) {
			struct strbuf known = STRBUF_INIT;
			for (const cyaml_schema_field_t *g = fields; g->key; g++)
				strbuf_printf(&known, "%s%s", g == fields ? "" : ", ", g->key);
			report(err, d->file, k->start_mark,
			       "unknown key '%s' (this mapping takes: %s)", name,
			       strbuf_str(&known));
			strbuf_free(&known);
			problems++;
			continue;
		}
		for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < pr; q++) {
			if (scalar_is(yaml_document_get_node(&d->doc, q->key), name)) {
				report(err, d->file, k->start_mark,
				       "key '%s' is given twice%s", name, NULL);
				problems++;
				break;
			}
		}
		problems += check_value(d, v, &f->value, f->key, err);
	}
	for (const cyaml_schema_field_t *f = fields; f->key; f++) {
		if (f->value.flags & CYAML_FLAG_OPTIONAL)
			continue;
		if (!course_ydoc_get(d, n, f->key)) {
			if (key)
				report(err, d->file, n->start_mark,
				       "missing key '%s' in this '%s' entry",
				       f->key, key);
			else
				report(err, d->file, n->start_mark,
				       "missing key '%s'%s", f->key, NULL);
			problems++;
		}
	}
	return problems;
}

static size_t check_scalar(struct ydoc *d, const yaml_node_t *n,
			   const cyaml_schema_value_t *s, const char *key,
			   struct strbuf *err)
{
	const char *v = (const char *)n->data.scalar.value;
	size_t len = n->data.scalar.length;
	switch (s->type) {
	case CYAML_STRING:
		if (len < s->string.min) {
			report(err, d->file, n->start_mark,
			       "'%s' must not be empty%s", key, NULL);
			return 1;
		}
		return 0;
	case CYAML_ENUM: {
		struct strbuf words = STRBUF_INIT;
		for (uint32_t i = 0; i < s->enumeration.count; i++) {
			if (!strcmp(s->enumeration.strings[i].str, v)) {
				strbuf_free(&words);
				return 0;
			}
			strbuf_printf(&words, "%s%s", i ? " | " : "",
				      s->enumeration.strings[i].str);
		}
		strbuf_printf(&words, ", not '%s'", v);
		report(err, d->file, n->start_mark, "'%s' must be one of: %s",
		       key, strbuf_str(&words));
		strbuf_free(&words);
		return 1;
	}
	case CYAML_FLOAT: {
		char *end;
		strtod(v, &end);
		if (len == 0 || *end) {
			report(err, d->file, n->start_mark,
			       "'%s' must be a number, not '%s'", key, v);
			return 1;
		}
		return 0;
	}
	case CYAML_BOOL:
		if (strcmp(v, "true") && strcmp(v, "false") &&
		    strcmp(v, "yes") && strcmp(v, "no")) {
			report(err, d->file, n->start_mark,
			       "'%s' must be true or false, not '%s'", key, v);
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

static size_t check_value(struct ydoc *d, const yaml_node_t *n,
			  const cyaml_schema_value_t *s, const char *key,
			  struct strbuf *err)
{
	const char *what = key ? key : "the file";
	switch (s->type) {
	case CYAML_MAPPING:
		if (n->type != YAML_MAPPING_NODE) {
			report(err, d->file, n->start_mark, "'%s' must be %s",
			       what, type_word(s->type));
			return 1;
		}
		return check_mapping(d, n, s, key, err);
	case CYAML_SEQUENCE:
	case CYAML_SEQUENCE_FIXED: {
		if (n->type != YAML_SEQUENCE_NODE) {
			report(err, d->file, n->start_mark, "'%s' must be %s",
			       what, type_word(s->type));
			return 1;
		}
		size_t count = (size_t)(n->data.sequence.items.top -
					n->data.sequence.items.start);
		size_t problems = 0;
		if (count < s->sequence.min) {
			report(err, d->file, n->start_mark,
			       "'%s' must not be empty%s", what, NULL);
			problems++;
		} else if (s->sequence.max != CYAML_UNLIMITED &&
			   count > s->sequence.max) {
			report(err, d->file, n->start_mark,
			       "'%s' has too many entries%s", what, NULL);
			problems++;
		}
		for (size_t i = 0; i < count; i++)
			problems += check_value(d, course_ydoc_item(d, n, i),
						s->sequence.entry, key, err);
		return problems;
	}
	default:
		if (n->type != YAML_SCALAR_NODE) {
			report(err, d->file, n->start_mark, "'%s' must be %s",
			       what, type_word(s->type));
			return 1;
		}
		return check_scalar(d, n, s, what, err);
	}
}

size_t course_ydoc_check(struct ydoc *d, const cyaml_schema_value_t *schema,
		  struct strbuf *err)
{
	yaml_node_t *root = course_ydoc_root(d);
	if (!root)
		return 0;
	return check_value(d, root, schema, NULL, err);
}
