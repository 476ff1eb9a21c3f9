/* libyaml node tree of a lesson file, and its check against the cyaml
 * schema tables, with positions (see ydoc.h for why). */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "ydoc.h"
#include "utf8.h"

/* Append text from the file for a message: at most SHOWN code points, with
 * control characters, line breaks and invalid UTF-8 written as escapes, so
 * a message stays one line and puts nothing raw on a terminal. */
#define SHOWN 60
static void put_shown(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = 0, n = 0;
	while (i < len && n < SHOWN) {
		size_t used;
		uint32_t cp = utf8_decode(s + i, len - i, &used);
		if (cp == '\n')
			strbuf_append(sb, "\\n");
		else if (cp == '\t')
			strbuf_append(sb, "\\t");
		else if (cp == UTF8_INVALID)
			strbuf_printf(sb, "\\x%02X", (unsigned char)s[i]);
		else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			strbuf_printf(sb, "\\u%04X", (unsigned)cp);
		else
			strbuf_append_n(sb, s + i, used);
		i += used;
		n++;
	}
	if (i < len)
		strbuf_printf(sb, "... (%zu bytes)", len);
}

/* A scalar node's text as put_shown writes it, in tmp. */
static const char *shown(struct strbuf *tmp, const yaml_node_t *n)
{
	strbuf_reset(tmp);
	put_shown(tmp, (const char *)n->data.scalar.value, n->data.scalar.length);
	return strbuf_str(tmp);
}

static void report(struct ydoc *d, struct strbuf *err, yaml_mark_t m,
		   const char *fmt, const char *a, const char *b)
{
	d->problems++;
	if (d->problems > COURSE_MAX_PROBLEMS) {
		if (d->problems == COURSE_MAX_PROBLEMS + 1)
			strbuf_printf(err, "%s:%zu:%zu: more problems; only the first %d are "
				      "reported\n", d->file, m.line + 1, m.column + 1,
				      COURSE_MAX_PROBLEMS);
		return;
	}
	strbuf_printf(err, "%s:%zu:%zu: ", d->file, m.line + 1, m.column + 1);
	strbuf_printf(err, fmt, a ? a : "", b ? b : "");
	strbuf_putc(err, '\n');
}

bool course_ydoc_size_ok(const char *file, unsigned long long size,
		struct strbuf *err)
{
	if (size <= COURSE_MAX_FILE_BYTES)
		return true;
	strbuf_printf(err, "%s:1:1: the file is too large: %llu bytes, and a course file "
		      "may have at most %zu (1 MiB)\n", file, size, COURSE_MAX_FILE_BYTES);
	return false;
}

/* libyaml's reader (bad UTF-8, a control character) gives a byte offset
 * instead of a mark: count lines and characters up to it, as marks do. */
static yaml_mark_t mark_at(const unsigned char *data, size_t len, size_t off)
{
	yaml_mark_t m = { off, 0, 0 };
	size_t i = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	if (off > len)
		off = len;
	while (i < off) {
		size_t used;
		unsigned char c = data[i];
		if (c == '\n' || (c == '\r' && (i + 1 >= len || data[i + 1] != '\n'))) {
			m.line++;
			m.column = 0;
			i++;
			continue;
		}
		(void)utf8_decode((const char *)data + i, off - i, &used);
		m.column++;
		i += used;
	}
	return m;
}

/* A parser error as "file:line:col: YAML syntax error: ..." with what
 * libyaml knows of it. */
static void syntax_error(struct strbuf *err, const char *file, const yaml_parser_t *p,
			 const unsigned char *data, size_t len)
{
	if (p->error == YAML_MEMORY_ERROR) {
		strbuf_printf(err, "%s:1:1: out of memory reading the YAML\n", file);
		return;
	}
	const char *problem = p->problem ? p->problem : "unreadable YAML";
	yaml_mark_t m = p->problem_mark;
	if (p->error == YAML_READER_ERROR)
		m = p->encoding == YAML_UTF8_ENCODING ?
		    mark_at(data, len, p->problem_offset) : (yaml_mark_t){ 0, 0, 0 };
	strbuf_printf(err, "%s:%zu:%zu: YAML syntax error: %s", file, m.line + 1,
		      m.column + 1, problem);
	if (p->error == YAML_READER_ERROR && p->problem_value >= 0)
		strbuf_printf(err, strstr(problem, "octet") ? " (byte 0x%02X)" : " (U+%04X)",
			      (unsigned)p->problem_value);
	if (p->error == YAML_READER_ERROR && p->encoding != YAML_UTF8_ENCODING)
		strbuf_printf(err, " (at byte %zu)", p->problem_offset);
	if (p->context)
		strbuf_printf(err, " (%s at line %zu)", p->context,
			      p->context_mark.line + 1);
	strbuf_putc(err, '\n');
}

static void refuse(struct strbuf *err, const char *file, yaml_mark_t m,
		   const char *what, char sigil, const yaml_char_t *name)
{
	strbuf_printf(err, "%s:%zu:%zu: YAML %s '%c", file, m.line + 1, m.column + 1,
		      what, sigil);
	put_shown(err, (const char *)name, strlen((const char *)name));
	strbuf_append(err, "' is not allowed: lesson files do not use anchors or "
		      "aliases (write the value out)\n");
}

/* The first pass over libyaml's events, keeping nothing: refuses what a
 * course file never needs before anything is built or expanded (see the
 * limits in ydoc.h). Reads the first document only, as yaml_parser_load
 * and libcyaml do. */
static bool screen(const char *file, const unsigned char *data, size_t len,
		   struct strbuf *err)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		strbuf_printf(err, "%s:1:1: out of memory reading the YAML\n", file);
		return false;
	}
	yaml_parser_set_input_string(&p, data, len);
	size_t depth = 0, events = 0;
	bool ok = true, done = false;
	while (ok && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(err, file, &p, data, len);
			ok = false;
			break;
		}
		const yaml_char_t *anchor = NULL;
		switch (ev.type) {
		case YAML_ALIAS_EVENT:
			refuse(err, file, ev.start_mark, "alias", '*', ev.data.alias.anchor);
			ok = false;
			break;
		case YAML_SCALAR_EVENT:
			anchor = ev.data.scalar.anchor;
			break;
		case YAML_SEQUENCE_START_EVENT:
			anchor = ev.data.sequence_start.anchor;
			depth++;
			break;
		case YAML_MAPPING_START_EVENT:
			anchor = ev.data.mapping_start.anchor;
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			assert(depth > 0);
			depth--;
			break;
		case YAML_DOCUMENT_END_EVENT:
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		if (ok && anchor) {
			refuse(err, file, ev.start_mark, "anchor", '&', anchor);
			ok = false;
		} else if (ok && depth > COURSE_MAX_DEPTH) {
			strbuf_printf(err, "%s:%zu:%zu: nested too deeply: more than %d lists and "
				      "mappings inside one another (a lesson needs 5)\n", file,
				      ev.start_mark.line + 1, ev.start_mark.column + 1,
				      COURSE_MAX_DEPTH);
			ok = false;
		} else if (ok && ++events > COURSE_MAX_EVENTS) {
			strbuf_printf(err, "%s:%zu:%zu: too many YAML values: more than %d "
				      "(a lesson has a few thousand)\n", file,
				      ev.start_mark.line + 1, ev.start_mark.column + 1,
				      COURSE_MAX_EVENTS);
			ok = false;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ok;
}

bool course_ydoc_parse(struct ydoc *d, const char *file, const unsigned char *data,
		size_t len, struct strbuf *err)
{
	yaml_parser_t p;
	memset(d, 0, sizeof *d);
	d->file = file;
	if (!course_ydoc_size_ok(file, len, err) || !screen(file, data, len, err))
		return false;
	if (!yaml_parser_initialize(&p)) {
		strbuf_printf(err, "%s:1:1: out of memory reading the YAML\n", file);
		return false;
	}
	yaml_parser_set_input_string(&p, data, len);
	if (!yaml_parser_load(&p, &d->doc)) {
		syntax_error(err, file, &p, data, len);
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
		/* Written without escapes exactly when the quotes hold as many
		 * characters as the value has ("\x41" and 'it''s' do not). */
		if (n->end_mark.column - n->start_mark.column != utf8_count(s, len) + 2)
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

/* Whether a scalar's text is exactly word (a NUL inside it never matches,
 * as it would with strcmp). */
static bool text_is(const char *v, size_t len, const char *word)
{
	return strlen(word) == len && !memcmp(v, word, len);
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
	struct strbuf tmp = STRBUF_INIT;
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top && d->problems <= COURSE_MAX_PROBLEMS; pr++) {
		yaml_node_t *k = yaml_document_get_node(&d->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(&d->doc, pr->value);
		if (k->type != YAML_SCALAR_NODE) {
			report(d, err, k->start_mark,
			       "a key must be a plain word%s%s", NULL, NULL);
			problems++;
			continue;
		}
		const char *name = (const char *)k->data.scalar.value;
		size_t name_len = k->data.scalar.length;
		const cyaml_schema_field_t *f = fields;
		while (f->key && !text_is(name, name_len, f->key))
			f++;
		if (!f->key) {
			struct strbuf known = STRBUF_INIT;
			for (const cyaml_schema_field_t *g = fields; g->key; g++)
				strbuf_printf(&known, "%s%s", g == fields ? "" : ", ", g->key);
			report(d, err, k->start_mark,
			       "unknown key '%s' (this mapping takes: %s)", shown(&tmp, k),
			       strbuf_str(&known));
			strbuf_free(&known);
			problems++;
			continue;
		}
		for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < pr; q++) {
			if (scalar_is(yaml_document_get_node(&d->doc, q->key), f->key)) {
				report(d, err, k->start_mark,
				       "key '%s' is given twice%s", f->key, NULL);
				problems++;
				break;
			}
		}
		problems += check_value(d, v, &f->value, f->key, err);
	}
	strbuf_free(&tmp);
	for (const cyaml_schema_field_t *f = fields; f->key; f++) {
		if (f->value.flags & CYAML_FLAG_OPTIONAL)
			continue;
		if (!course_ydoc_get(d, n, f->key)) {
			if (key)
				report(d, err, n->start_mark,
				       "missing key '%s' in this '%s' entry",
				       f->key, key);
			else
				report(d, err, n->start_mark,
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
	struct strbuf tmp = STRBUF_INIT;
	size_t problems = 0;
	switch (s->type) {
	case CYAML_STRING:
		if (len < s->string.min) {
			report(d, err, n->start_mark,
			       "'%s' must not be empty%s", key, NULL);
			problems = 1;
		}
		break;
	case CYAML_ENUM: {
		uint32_t i = 0;
		while (i < s->enumeration.count &&
		       !text_is(v, len, s->enumeration.strings[i].str))
			i++;
		if (i == s->enumeration.count) {
			struct strbuf words = STRBUF_INIT;
			for (i = 0; i < s->enumeration.count; i++)
				strbuf_printf(&words, "%s%s", i ? " | " : "",
					      s->enumeration.strings[i].str);
			strbuf_printf(&words, ", not '%s'", shown(&tmp, n));
			report(d, err, n->start_mark, "'%s' must be one of: %s",
			       key, strbuf_str(&words));
			strbuf_free(&words);
			problems = 1;
		}
		break;
	}
	case CYAML_FLOAT: {
		char *end;
		strtod(v, &end);
		if (len == 0 || (size_t)(end - v) != len) {
			report(d, err, n->start_mark,
			       "'%s' must be a number, not '%s'", key, shown(&tmp, n));
			problems = 1;
		}
		break;
	}
	case CYAML_BOOL:
		if (!text_is(v, len, "true") && !text_is(v, len, "false") &&
		    !text_is(v, len, "yes") && !text_is(v, len, "no")) {
			report(d, err, n->start_mark,
			       "'%s' must be true or false, not '%s'", key, shown(&tmp, n));
			problems = 1;
		}
		break;
	default:
		break;
	}
	strbuf_free(&tmp);
	return problems;
}

static size_t check_value(struct ydoc *d, const yaml_node_t *n,
			  const cyaml_schema_value_t *s, const char *key,
			  struct strbuf *err)
{
	const char *what = key ? key : "the file";
	switch (s->type) {
	case CYAML_MAPPING:
		if (n->type != YAML_MAPPING_NODE) {
			report(d, err, n->start_mark, "'%s' must be %s",
			       what, type_word(s->type));
			return 1;
		}
		return check_mapping(d, n, s, key, err);
	case CYAML_SEQUENCE:
	case CYAML_SEQUENCE_FIXED: {
		if (n->type != YAML_SEQUENCE_NODE) {
			report(d, err, n->start_mark, "'%s' must be %s",
			       what, type_word(s->type));
			return 1;
		}
		size_t count = (size_t)(n->data.sequence.items.top -
					n->data.sequence.items.start);
		size_t problems = 0;
		if (count < s->sequence.min) {
			report(d, err, n->start_mark,
			       "'%s' must not be empty%s", what, NULL);
			problems++;
		} else if (s->sequence.max != CYAML_UNLIMITED &&
			   count > s->sequence.max) {
			report(d, err, n->start_mark,
			       "'%s' has too many entries%s", what, NULL);
			problems++;
		}
		for (size_t i = 0; i < count && d->problems <= COURSE_MAX_PROBLEMS; i++)
			problems += check_value(d, course_ydoc_item(d, n, i),
						s->sequence.entry, key, err);
		return problems;
	}
	default:
		if (n->type != YAML_SCALAR_NODE) {
			report(d, err, n->start_mark, "'%s' must be %s",
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
	d->problems = 0;
	return check_value(d, root, schema, NULL, err);
}
