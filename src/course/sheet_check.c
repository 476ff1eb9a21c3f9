/* Grading answer sheets: each line read by the sheet reader is graded as
 * it comes (course_sheet_grade), and `cnntutor check` prints the verdicts
 * as text or JSON (course_sheet_check). A grader keeps, per part of the
 * course, only the line and verdict of its last answer: that is what
 * counts, and it is all the memory a sheet costs. */
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "sheet.h"

struct course_sheet_grader {
	const struct course *c;          /* the sheet being graded is graded against */
	const struct course *home;       /* the grader's course */
	struct course *variant;          /* a sheet's own variant of home; owned */
	bool fixed;                      /* home whatever a sheet's "# variant:" says */
	char *student;                   /* whose every sheet is, or NULL: each says */
	struct course_mistakes *mistakes;
	size_t n;
	size_t *line;                    /* per part: line of its last answer */
	enum course_verdict *verdict;    /* ... and that answer's verdict */
	struct course_sheet_meta meta;
};

struct course_sheet_grader *course_sheet_grader_new(const struct course *c)
{
	struct course_sheet_grader *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->c = c;
	g->home = c;
	g->n = course_part_count(c);
	g->line = calloc(g->n + 1, sizeof *g->line);
	g->verdict = calloc(g->n + 1, sizeof *g->verdict);
	g->mistakes = course_mistakes_new(c);
	if (!g->line || !g->verdict || !g->mistakes) {
		course_sheet_grader_free(g);
		return NULL;
	}
	return g;
}

void course_sheet_grader_free(struct course_sheet_grader *g)
{
	if (!g)
		return;
	course_mistakes_free(g->mistakes);
	course_free(g->variant);
	free(g->student);
	course_sheet_meta_clear(&g->meta);
	free(g->line);
	free(g->verdict);
	free(g);
}

const struct course_sheet_meta *course_sheet_grader_meta(const struct course_sheet_grader *g)
{
	return &g->meta;
}

void course_sheet_grader_fix(struct course_sheet_grader *g)
{
	g->fixed = true;
}

bool course_sheet_grader_student(struct course_sheet_grader *g, const char *student)
{
	char *copy = student ? strdup(student) : NULL;
	if (student && !copy)
		return false;
	free(g->student);
	g->student = copy;
	return true;
}

const struct course *course_sheet_grader_course(const struct course_sheet_grader *g)
{
	return g->c;
}

/* Grade against c from now on; the named mistakes worked out belong to a
 * course, so they start again. False when out of memory. */
static bool grade_against(struct course_sheet_grader *g, const struct course *c)
{
	if (g->c == c)
		return true;
	struct course_mistakes *m = course_mistakes_new(c);
	if (!m)
		return false;
	course_mistakes_free(g->mistakes);
	g->mistakes = m;
	g->c = c;
	return true;
}

/* A sheet's "# variant: N", before its first answer: grade it against
 * that variant (kept for the next sheet of the same variant). */
static void take_sheet_variant(struct course_sheet_grader *g, bool answered,
			       struct strbuf *warn)
{
	const struct course_sheet_meta *m = &g->meta;
	if (g->fixed) {
		if (m->variant != g->home->variant)
			strbuf_printf(warn, "line %zu says variant %llu, but the command line chose "
				      "variant %llu: the sheet is graded against that", m->variant_line,
				      (unsigned long long)m->variant,
				      (unsigned long long)g->home->variant);
		return;
	}
	if (answered) {
		strbuf_printf(warn, "line %zu: a \"# variant:\" line after the first answer is "
			      "ignored (the answers before it were graded already)", m->variant_line);
		return;
	}
	if (m->variant == g->home->variant) {
		grade_against(g, g->home);
		return;
	}
	if (!g->variant || g->variant->variant != m->variant) {
		char *err = NULL;
		struct course *v = course_variant(g->home, m->variant, &err);
		if (!v) {
			strbuf_printf(warn, "line %zu: variant %llu cannot be built (%s): the "
				      "sheet is graded against the published homework",
				      m->variant_line, (unsigned long long)m->variant,
				      err ? strtok(err, "\n") : "out of memory");
			free(err);
			return;
		}
		if (g->c == g->variant)
			grade_against(g, g->home);
		course_free(g->variant);
		g->variant = v;
	}
	grade_against(g, g->variant);
}

/* A student named on the sheet whose own variant is not the one the sheet
 * names: say so (a header copied from another student's sheet). */
static void check_student_variant(struct course_sheet_grader *g, struct strbuf *warn)
{
	const struct course_sheet_meta *m = &g->meta;
	if (!m->student || !m->has_variant)
		return;
	uint64_t own = course_student_variant(g->home, m->student);
	if (own != m->variant) {
		if (warn->len)
			strbuf_putc(warn, '\n');
		strbuf_printf(warn, "line %zu names variant %llu, which is not the variant of "
			      "the student on line %zu (theirs is %llu)", m->variant_line,
			      (unsigned long long)m->variant, m->student_line,
			      (unsigned long long)own);
	}
}

size_t course_sheet_grader_line(const struct course_sheet_grader *g, size_t i)
{
	return i < g->n ? g->line[i] : 0;
}

enum course_verdict course_sheet_grader_verdict(const struct course_sheet_grader *g, size_t i)
{
	return i < g->n && g->line[i] ? g->verdict[i] : COURSE_UNKNOWN;
}

static size_t index_of(const struct course *c, const struct course_part *p)
{
	size_t n = course_part_count(c);
	for (size_t i = 0; i < n; i++)
		if (course_part_at(c, i) == p)
			return i;
	return n;
}

static char oom_message[] = "out of memory";

/* Grade one line: a refused line is invalid with the reader's message, an
 * unknown id unknown, anything else what course_check says. */
static void grade_item(struct course_sheet_grader *g, const struct course_sheet_item *it,
		       const struct course_part *p, struct course_check_result *r)
{
	memset(r, 0, sizeof *r);
	struct strbuf msg = STRBUF_INIT;
	if (it->kind == COURSE_SHEET_PROBLEM) {
		r->verdict = COURSE_INVALID;
		strbuf_append(&msg, it->message);
	} else if (p) {
		/* a choice answered by letter: the letter of the order this
		 * student was shown (the command line's student, else the
		 * sheet's); without a student, the course's order */
		const char *who = g->student ? g->student : g->meta.student;
		size_t *order = who && p->n_choices ? malloc(p->n_choices * sizeof *order) : NULL;
		if (order && !course_student_choice_order(g->c, p, who, order)) {
			free(order);
			order = NULL;
		}
		struct course_check_context ctx = { .mistakes = g->mistakes, .choice_order = order };
		course_check_ctx(g->c, p, it->text, &ctx, r);
		free(order);
		return;
	} else {
		r->verdict = COURSE_UNKNOWN;
		strbuf_printf(&msg, "line %zu: no part '", it->line);
		strbuf_append_visible(&msg, it->id, strlen(it->id));
		strbuf_append(&msg, "' in this course (cnntutor list shows the ids)");
	}
	r->feedback = strbuf_steal(&msg);
	if (!r->feedback)
		r->feedback = strdup(oom_message);
}

bool course_sheet_grade(struct course_sheet_grader *g, FILE *in, course_sheet_entry_fn *fn,
			void *data, char **warnings, char **error)
{
	if (error)
		*error = NULL;
	if (warnings)
		*warnings = NULL;
	memset(g->line, 0, g->n * sizeof *g->line);
	course_sheet_meta_clear(&g->meta);
	if (!grade_against(g, g->home)) {
		if (error)
			*error = strdup(oom_message);
		return false;
	}
	bool answered = false;
	struct course_sheet *rd = course_sheet_open(in);
	if (!rd) {
		if (error)
			*error = strdup(oom_message);
		return false;
	}
	struct strbuf warn = STRBUF_INIT;
	struct course_sheet_item it;
	while (course_sheet_next(rd, &it)) {
		if (it.kind == COURSE_SHEET_HEADER) {
			size_t before = warn.len;
			if (before)
				strbuf_putc(&warn, '\n');
			bool had_variant = g->meta.has_variant;
			course_sheet_meta_take(&g->meta, &it, &warn);
			if (!had_variant && g->meta.has_variant)
				take_sheet_variant(g, answered, &warn);
			if (warn.len == before + (before > 0)) {
				warn.len = before;  /* nothing said: drop the separator */
				if (warn.buf)
					warn.buf[before] = '\0';
			}
			continue;
		}
		if (it.kind != COURSE_SHEET_ANSWER && it.kind != COURSE_SHEET_PROBLEM)
			continue;
		answered = true;
		struct course_sheet_entry e = { &it, NULL, 0, NULL, 0 };
		e.part = *it.id ? course_find_sheet_id(g->c, it.id) : NULL;
		e.part_index = e.part ? index_of(g->c, e.part) : g->n;
		struct course_check_result r;
		grade_item(g, &it, e.part, &r);
		e.result = &r;
		if (e.part_index < g->n) {
			e.earlier_line = g->line[e.part_index];
			g->line[e.part_index] = it.line;
			g->verdict[e.part_index] = r.verdict;
		}
		fn(&e, data);
		course_result_clear(&r);
	}
	check_student_variant(g, &warn);
	const char *why = course_sheet_error(rd);
	bool ok = why == NULL;
	if (!ok && error)
		*error = strdup(why);
	course_sheet_free(rd);
	if (warnings && warn.len)
		*warnings = strbuf_steal(&warn);
	strbuf_free(&warn);
	return ok;
}

/* ---- cnntutor check: the verdicts, one entry per line ------------------------- */

struct report {
	FILE *out;
	const struct course_sheet_options *opt;
	size_t n;              /* entries written so far */
	struct strbuf sb;      /* reused for every entry: constant memory */
	struct course_sheet_summary *sum;
};

/* One line of feedback or note, after its prefix, controls made visible. */
static void text_lines(struct strbuf *sb, const char *s, const char *first)
{
	const char *prefix = first;
	while (*s) {
		size_t n = strcspn(s, "\n");
		strbuf_append(sb, prefix);
		strbuf_append_visible(sb, s, n);
		strbuf_putc(sb, '\n');
		prefix = "  ";
		s += n + (s[n] == '\n');
	}
}

/* "line 7 answers q2.a again (line 3 did before): the last answer counts" */
static void repeat_warning(struct strbuf *sb, const struct course_sheet_entry *e)
{
	strbuf_printf(sb, "line %zu answers %s again (line %zu did before): the last answer "
		      "counts", e->item->line, e->part->id, e->earlier_line);
}

/* The id as the course spells it, or as the sheet does when it names no part. */
static const char *shown_id(const struct course_sheet_entry *e)
{
	return e->part ? e->part->id : e->item->id;
}

static void emit_text(struct report *o, const struct course_sheet_entry *e)
{
	struct strbuf *sb = &o->sb;
	const struct course_check_result *r = e->result;
	const char *id = shown_id(e);
	if (*id)
		strbuf_append_visible(sb, id, strlen(id));
	else
		strbuf_putc(sb, '?');
	strbuf_printf(sb, ": %s\n", course_verdict_name(r->verdict));
	if (r->feedback && !(r->verdict == COURSE_CORRECT && !strcmp(r->feedback, "Correct.")))
		text_lines(sb, r->feedback, "  ");
	if (r->note)
		text_lines(sb, r->note, "  Note: ");
	if (e->earlier_line) {
		strbuf_append(sb, "  Warning: ");
		repeat_warning(sb, e);
		strbuf_append(sb, ".\n");
	}
}

static struct json_object *entry_object(const char *id, struct json_object *line,
					struct json_object *answer, const char *verdict,
					const char *feedback, bool source_error,
					const char *note, const char *mistake,
					struct json_object *warning)
{
	struct json_object *e = json_object_new_object();
	json_object_object_add(e, "id", course_json_str(id));
	json_object_object_add(e, "line", line);
	json_object_object_add(e, "answer", answer);
	json_object_object_add(e, "verdict", json_object_new_string(verdict));
	json_object_object_add(e, "feedback", course_json_str(feedback ? feedback : ""));
	json_object_object_add(e, "source_error", json_object_new_boolean(source_error));
	json_object_object_add(e, "note", course_json_str(note));
	json_object_object_add(e, "mistake", course_json_str(mistake));
	json_object_object_add(e, "warning", warning);
	return e;
}

static void append_entry(struct report *o, struct json_object *e)
{
	strbuf_append(&o->sb, o->n ? ",\n  " : "\n  ");
	course_json_append(&o->sb, e, false);
	json_object_put(e);
}

static void emit_json(struct report *o, const struct course_sheet_entry *e)
{
	const struct course_check_result *r = e->result;
	struct json_object *warning = NULL;
	if (e->earlier_line) {
		struct strbuf w = STRBUF_INIT;
		repeat_warning(&w, e);
		warning = course_json_text(strbuf_str(&w), w.len);
		strbuf_free(&w);
	}
	append_entry(o, entry_object(shown_id(e), json_object_new_int64((int64_t)e->item->line),
				     course_json_text(e->item->text, e->item->text_len),
				     course_verdict_name(r->verdict), r->feedback, r->source_error,
				     r->note, r->mistake, warning));
}

static void flush(struct report *o)
{
	fwrite(strbuf_str(&o->sb), 1, o->sb.len, o->out);
	strbuf_reset(&o->sb);
	o->n++;
}

static void emit(const struct course_sheet_entry *e, void *data)
{
	struct report *o = data;
	if (o->opt->format == COURSE_SHEET_JSON)
		emit_json(o, e);
	else
		emit_text(o, e);
	flush(o);
	o->sum->answers++;
	o->sum->correct += e->result->verdict == COURSE_CORRECT;
	o->sum->stray += e->part == NULL;
}

static const char missing_feedback[] = "Not answered: the sheet has no line for this id.";

static void emit_missing(struct report *o, const struct course_part *p)
{
	if (o->opt->format == COURSE_SHEET_JSON) {
		append_entry(o, entry_object(p->id, NULL, NULL, "missing", missing_feedback, false,
					     NULL, NULL, NULL));
	} else {
		strbuf_append_visible(&o->sb, p->id, strlen(p->id));
		strbuf_printf(&o->sb, ": missing\n  %s\n", missing_feedback);
	}
	flush(o);
}

bool course_sheet_check(const struct course *c, FILE *in, FILE *out,
			const struct course_sheet_options *opt,
			struct course_sheet_summary *sum, char **error)
{
	memset(sum, 0, sizeof *sum);
	if (error)
		*error = NULL;
	struct course_sheet_grader *g = course_sheet_grader_new(c);
	if (!g) {
		if (error)
			*error = strdup(oom_message);
		return false;
	}
	if (opt->fixed_variant)
		course_sheet_grader_fix(g);
	if (opt->student && !course_sheet_grader_student(g, opt->student)) {
		course_sheet_grader_free(g);
		if (error)
			*error = strdup(oom_message);
		return false;
	}
	struct report o = { out, opt, 0, STRBUF_INIT, sum };
	if (opt->format == COURSE_SHEET_JSON)
		fputs("[", out);
	bool ok = course_sheet_grade(g, in, emit, &o, opt->warnings, error);
	for (size_t i = 0; i < course_part_count(c); i++) {
		const struct course_part *p = course_part_at(c, i);
		if (course_sheet_grader_line(g, i)) {
			sum->parts++;
			sum->parts_correct += course_sheet_grader_verdict(g, i) == COURSE_CORRECT;
		} else if (p->on_sheet) {
			sum->missing++;
			/* what was read is graded; what was not read is not missing */
			if (!opt->partial && ok)
				emit_missing(&o, p);
		}
	}
	/* Closed even when reading stopped early: the JSON is still one
	 * document, holding every entry graded before the problem. */
	if (opt->format == COURSE_SHEET_JSON)
		fputs(o.n ? "\n]\n" : "]\n", out);
	strbuf_free(&o.sb);
	course_sheet_grader_free(g);
	return ok;
}

bool course_sheet_passed(const struct course_sheet_summary *sum, bool partial)
{
	return sum->answers > 0 && sum->parts_correct == sum->parts && sum->stray == 0 &&
	       (partial || sum->missing == 0);
}
