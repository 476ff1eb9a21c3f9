/* Exports read back and merged per student and part: see progress_class.h. */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hash.h"
#include "progress_class.h"
#include "strbuf.h"

/* ---- reading an export ------------------------------------------------------ */

enum column { C_TIME, C_COURSE, C_PART, C_ANSWER, C_VERDICT, C_HINTS, C_STEPS,
	      C_STUDENT, C_VARIANT, C_INTERPRETED, N_COLUMNS };

static const char *const column_names[N_COLUMNS] = {
	"time", "course", "part", "answer", "verdict", "hints_shown", "steps_shown",
	"student", "variant", "interpreted",
};

struct record {
	struct strbuf buf;        /* the fields, each NUL-terminated */
	size_t *start;            /* offset of each field in buf */
	size_t n, cap;
	size_t line;              /* where the record starts */
};

/* Read one record into r; false at the end of the input. A problem sets
 * *error. */
static bool read_record(FILE *in, struct record *r, size_t *line, char **error)
{
	strbuf_reset(&r->buf);
	r->n = 0;
	r->line = *line;
	int c = getc(in);
	if (c == EOF)
		return false;
	bool quoted = false, field_start = true, in_quotes = false;
	for (;; c = getc(in)) {
		if (field_start) {
			if (r->n == r->cap) {
				size_t cap = r->cap ? r->cap * 2 : 16;
				size_t *grown = realloc(r->start, cap * sizeof *grown);
				if (!grown)
					goto oom;
				r->start = grown;
				r->cap = cap;
			}
			r->start[r->n++] = r->buf.len;
			field_start = false;
			quoted = in_quotes = c == '"';
			if (quoted)
				continue;
		}
		if (c == EOF) {
			if (in_quotes) {
				struct strbuf sb = STRBUF_INIT;
				strbuf_printf(&sb, "line %zu: a quoted field is not closed", r->line);
				*error = strbuf_steal(&sb);
			}
			break;
		}
		if (in_quotes) {
			if (c == '"') {
				int d = getc(in);
				if (d != '"') {
					in_quotes = false;
					ungetc(d, in);
					continue;
				}
			} else if (c == '\n') {
				(*line)++;
			}
		} else if (c == ',') {
			strbuf_putc(&r->buf, '\0');
			field_start = true;
			continue;
		} else if (c == '\r' || c == '\n') {
			if (c == '\r') {
				int d = getc(in);
				if (d != '\n')
					ungetc(d, in);
			}
			(*line)++;
			break;
		} else if (quoted) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_printf(&sb, "line %zu: text after the closing quote of a field", *line);
			*error = strbuf_steal(&sb);
			return false;
		}
		if (r->buf.len >= PROGRESS_CSV_MAX_RECORD) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_printf(&sb, "line %zu: a record longer than %d bytes: not an export",
				      r->line, PROGRESS_CSV_MAX_RECORD);
			*error = strbuf_steal(&sb);
			return false;
		}
		strbuf_putc(&r->buf, (char)c);
	}
	strbuf_putc(&r->buf, '\0');
	if (r->buf.oom)
		goto oom;
	if (ferror(in)) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_printf(&sb, "read error: %s", strerror(errno));
		*error = strbuf_steal(&sb);
		return false;
	}
	return *error == NULL;
oom:
	*error = strdup("out of memory");
	return false;
}

static const char *field(const struct record *r, const int *at, enum column c)
{
	return at[c] >= 0 && (size_t)at[c] < r->n ? r->buf.buf + r->start[at[c]] : "";
}

/* "2024-03-01T10:00:00Z" as export writes it, or seconds. */
static int64_t parse_time(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	char z = 0, extra = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z, &extra) == 7 && z == 'Z') {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		return (int64_t)timegm(&tm);
	}
	return strtoll(s, NULL, 10);
}

static int number(const char *s)
{
	long v = strtol(s, NULL, 10);
	return v < 0 ? 0 : v > 1000000 ? 1000000 : (int)v;
}

bool progress_csv_each(FILE *in, bool (*fn)(const struct progress_attempt *a, void *data),
		       void *data, char **error)
{
	*error = NULL;
	struct record r = { STRBUF_INIT, NULL, 0, 0, 0 };
	size_t line = 1;
	int at[N_COLUMNS];
	bool ok = read_record(in, &r, &line, error);
	if (!ok && !*error)
		*error = strdup("the file is empty: an export starts with its header line");
	for (int c = 0; ok && c < N_COLUMNS; c++) {
		at[c] = -1;
		for (size_t i = 0; i < r.n; i++)
			if (!strcmp(r.buf.buf + r.start[i], column_names[c]))
				at[c] = (int)i;
	}
	if (ok && (at[C_PART] < 0 || at[C_VERDICT] < 0)) {
		*error = strdup("line 1: not a progress export: its header has no 'part' or no "
				"'verdict' column");
		ok = false;
	}
	while (ok && read_record(in, &r, &line, error)) {
		if (r.n == 1 && !r.buf.buf[0])
			continue;  /* an empty line */
		struct progress_attempt a = {
			.time = parse_time(field(&r, at, C_TIME)),
			.course = field(&r, at, C_COURSE),
			.part_id = field(&r, at, C_PART),
			.answer = field(&r, at, C_ANSWER),
			.verdict = field(&r, at, C_VERDICT),
			.hints_shown = number(field(&r, at, C_HINTS)),
			.steps_shown = number(field(&r, at, C_STEPS)),
			.student = field(&r, at, C_STUDENT),
			.variant = number(field(&r, at, C_VARIANT)),
			.interpreted = field(&r, at, C_INTERPRETED),
		};
		if (!*a.part_id) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_printf(&sb, "line %zu: a record without a part id", r.line);
			*error = strbuf_steal(&sb);
			break;
		}
		if (!fn(&a, data))
			break;
	}
	strbuf_free(&r.buf);
	free(r.start);
	return *error == NULL;
}

/* ---- merging ------------------------------------------------------------------ */

struct names {
	char **v;
	size_t n, cap;
	size_t *slot;          /* hash table of indices + 1, 0: empty */
	size_t slots;
};

struct work {
	struct progress_class_work pub;
	size_t s, p;
	bool correct;
};

struct progress_class {
	struct names students, parts;
	struct work *w;
	size_t n, cap;
	size_t *slot;          /* (student, part) -> work index + 1 */
	size_t slots;
};

static uint64_t hash_pair(size_t a, size_t b)
{
	uint64_t z = (uint64_t)a * 0x9E3779B97F4A7C15ull ^ ((uint64_t)b + 0x632BE59BD9B4E019ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	return z ^ (z >> 31);
}

/* A table of 2^k slots kept under half full. */
static bool grow_table(size_t **slot, size_t *slots, size_t used,
		       uint64_t (*key)(const void *ctx, size_t i), const void *ctx)
{
	if (2 * (used + 1) <= *slots)
		return true;
	size_t n = *slots ? *slots * 2 : 64;
	size_t *t = calloc(n, sizeof *t);
	if (!t)
		return false;
	for (size_t i = 0; i < used; i++) {
		size_t h = (size_t)(key(ctx, i) & (n - 1));
		while (t[h])
			h = (h + 1) & (n - 1);
		t[h] = i + 1;
	}
	free(*slot);
	*slot = t;
	*slots = n;
	return true;
}

static uint64_t name_key(const void *ctx, size_t i)
{
	return hash_fnv1a(((const struct names *)ctx)->v[i]);
}

static uint64_t work_key(const void *ctx, size_t i)
{
	const struct work *w = &((const struct progress_class *)ctx)->w[i];
	return hash_pair(w->s, w->p);
}

/* The index of name in t, added if new; (size_t)-1 when out of memory. */
static size_t intern(struct names *t, const char *name)
{
	uint64_t h = hash_fnv1a(name);
	for (size_t i = t->slots ? h & (t->slots - 1) : 0; t->slots && t->slot[i];
	     i = (i + 1) & (t->slots - 1))
		if (!strcmp(t->v[t->slot[i] - 1], name))
			return t->slot[i] - 1;
	if (!grow_table(&t->slot, &t->slots, t->n, name_key, t))
		return (size_t)-1;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **grown = realloc(t->v, cap * sizeof *grown);
		if (!grown)
			return (size_t)-1;
		t->v = grown;
		t->cap = cap;
	}
	char *copy = strdup(name);
	if (!copy)
		return (size_t)-1;
	t->v[t->n] = copy;
	size_t i = h & (t->slots - 1);
	while (t->slot[i])
		i = (i + 1) & (t->slots - 1);
	t->slot[i] = ++t->n;
	return t->n - 1;
}

static struct work *find_work(const struct progress_class *k, size_t s, size_t p)
{
	uint64_t h = hash_pair(s, p);
	for (size_t i = k->slots ? h & (k->slots - 1) : 0; k->slots && k->slot[i];
	     i = (i + 1) & (k->slots - 1)) {
		struct work *w = &k->w[k->slot[i] - 1];
		if (w->s == s && w->p == p)
			return w;
	}
	return NULL;
}

struct progress_class *progress_class_new(void)
{
	return calloc(1, sizeof(struct progress_class));
}

static void names_free(struct names *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	free(t->slot);
}

void progress_class_free(struct progress_class *k)
{
	if (!k)
		return;
	names_free(&k->students);
	names_free(&k->parts);
	free(k->w);
	free(k->slot);
	free(k);
}

bool progress_class_add(struct progress_class *k, const struct progress_attempt *a,
			const char *student_if_none)
{
	const char *who = a->student && *a->student ? a->student : student_if_none;
	size_t s = intern(&k->students, who ? who : "");
	size_t p = s == (size_t)-1 ? s : intern(&k->parts, a->part_id);
	if (p == (size_t)-1)
		return false;
	struct work *w = find_work(k, s, p);
	if (!w) {
		if (!grow_table(&k->slot, &k->slots, k->n, work_key, k))
			return false;
		if (k->n == k->cap) {
			size_t cap = k->cap ? k->cap * 2 : 64;
			struct work *grown = realloc(k->w, cap * sizeof *grown);
			if (!grown)
				return false;
			k->w = grown;
			k->cap = cap;
		}
		w = &k->w[k->n];
		memset(w, 0, sizeof *w);
		w->s = s;
		w->p = p;
		/* the strings stay where they are when their tables grow */
		w->pub.student = k->students.v[s];
		w->pub.part = k->parts.v[p];
		size_t i = hash_pair(s, p) & (k->slots - 1);
		while (k->slot[i])
			i = (i + 1) & (k->slots - 1);
		k->slot[i] = ++k->n;
	}
	/* hints and steps are counted at every row (a malformed answer
	 * was still typed after them); attempts only where they count */
	if (a->hints_shown > w->pub.hints)
		w->pub.hints = a->hints_shown;
	if (a->steps_shown > w->pub.steps)
		w->pub.steps = a->steps_shown;
	if (progress_verdict_counts(a->verdict)) {
		w->pub.attempts++;
		if (!w->correct && a->verdict && !strcmp(a->verdict, "correct")) {
			w->correct = true;
			w->pub.to_correct = w->pub.attempts;
		}
	}
	return true;
}

size_t progress_class_students(const struct progress_class *k)
{
	return k->students.n;
}

const char *progress_class_student(const struct progress_class *k, size_t i)
{
	return i < k->students.n ? k->students.v[i] : NULL;
}

size_t progress_class_parts(const struct progress_class *k)
{
	return k->parts.n;
}

const char *progress_class_part(const struct progress_class *k, size_t i)
{
	return i < k->parts.n ? k->parts.v[i] : NULL;
}

const struct progress_class_work *progress_class_work(const struct progress_class *k,
						      size_t s, size_t p)
{
	const struct work *w = find_work(k, s, p);
	return w ? &w->pub : NULL;
}
