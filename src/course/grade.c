/* Grading a class: the gradebook and the class report (see grade.h). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "grade.h"
#include "sheet.h"

/* The answer that counts for one part of the sheet being read: the last. */
struct slot {
	bool used;
	char *answer;
	enum course_verdict verdict;
	bool source_error;
	unsigned rule;
	char *feedback, *mistake, *interpreted;
};

struct group {
	struct course_class_group pub;
	char *answer, *feedback, *mistake;
	char *key;                   /* rule, mistake, configuration, choice: the key */
	char *interpreted;           /* value and formula groups: as the engine read it */
	struct engine_value *val;    /* number, sequence, shape */
	struct engine_expr *expr;    /* formula, matrix */
};

struct part_report {
	struct course_class_part pub;
	struct group *g;
	size_t n;
	struct course_class_group *sorted;
};

struct row {
	struct course_grade_row pub;
	char *student, *file, *error;
	double *points;
};

struct course_class {
	const struct course *c;
	struct course_sheet_grader *grader;
	size_t n_parts;
	struct slot *slots;
	struct part_report *parts;
	size_t *question;            /* per part: its question's index */
	struct row *rows;
	size_t n_rows, cap_rows;
};

static void slot_clear(struct slot *s)
{
	free(s->answer);
	free(s->feedback);
	free(s->mistake);
	free(s->interpreted);
	memset(s, 0, sizeof *s);
}

static void group_clear(struct group *g)
{
	free(g->answer);
	free(g->feedback);
	free(g->mistake);
	free(g->key);
	free(g->interpreted);
	engine_value_free(g->val);
	engine_expr_free(g->expr);
}

struct course_class *course_class_new(const struct course *c)
{
	struct course_class *k = calloc(1, sizeof *k);
	if (!k)
		return NULL;
	k->c = c;
	k->n_parts = course_part_count(c);
	k->grader = course_sheet_grader_new(c);
	k->slots = calloc(k->n_parts + 1, sizeof *k->slots);
	k->parts = calloc(k->n_parts + 1, sizeof *k->parts);
	k->question = calloc(k->n_parts + 1, sizeof *k->question);
	if (!k->grader || !k->slots || !k->parts || !k->question) {
		course_class_free(k);
		return NULL;
	}
	for (size_t i = 0; i < k->n_parts; i++) {
		const struct course_part *p = course_part_at(c, i);
		k->parts[i].pub.part = p;
		k->question[i] = (size_t)(course_part_question(c, p) - c->questions);
	}
	return k;
}

void course_class_free(struct course_class *k)
{
	if (!k)
		return;
	course_sheet_grader_free(k->grader);
	for (size_t i = 0; k->slots && i < k->n_parts; i++)
		slot_clear(&k->slots[i]);
	free(k->slots);
	for (size_t i = 0; k->parts && i < k->n_parts; i++) {
		for (size_t j = 0; j < k->parts[i].n; j++)
			group_clear(&k->parts[i].g[j]);
		free(k->parts[i].g);
		free(k->parts[i].sorted);
	}
	free(k->parts);
	free(k->question);
	for (size_t i = 0; i < k->n_rows; i++) {
		free(k->rows[i].student);
		free(k->rows[i].file);
		free(k->rows[i].error);
		free(k->rows[i].points);
	}
	free(k->rows);
	free(k);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void take_entry(const struct course_sheet_entry *e, void *data)
{
	struct course_class *k = data;
	if (!e->part || e->part_index >= k->n_parts)
		return;
	struct slot *s = &k->slots[e->part_index];
	const struct course_check_result *r = e->result;
	slot_clear(s);
	s->used = true;
	s->answer = strndup(e->item->text, e->item->text_len);
	s->verdict = r->verdict;
	s->source_error = r->source_error;
	s->rule = r->rule;
	s->feedback = dup_or_null(r->feedback);
	s->mistake = dup_or_null(r->mistake);
	s->interpreted = dup_or_null(r->interpreted);
}

/* ---- wrong answers taken as one ------------------------------------------- */

static bool config_value(const struct rt_config *c, const char *name, double *v)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name)) {
			*v = c->values[i];
			return true;
		}
	return false;
}

/* What makes two wrong answers one group, when it is a text: the rule, the
 * named mistake, a configuration's values, a choice's option. NULL: the
 * value decides (number, sequence, shape, formula, matrix). */
static char *group_key(const struct rt_part *rt, const struct slot *s)
{
	struct strbuf sb = STRBUF_INIT;
	enum course_answer_kind kind = rt->y->kind;
	if (s->rule) {
		strbuf_printf(&sb, "rule %u", s->rule);
	} else if (s->mistake) {
		strbuf_printf(&sb, "mistake %s", s->mistake);
	} else if (kind == COURSE_CONFIGURATION) {
		struct rt_config cfg;
		struct engine_error e;
		struct engine_expr *keep = NULL;
		const char *text = s->interpreted ? s->interpreted : s->answer;
		if (course_parse_config(rt, text, &cfg, &e, &keep)) {
			/* every name, the question's fixed ones filled in, in the
			 * part's order: "K=4, P=10" and "P=10, K=4, S=2" are one */
			for (size_t i = 0; i < rt->n_names; i++) {
				double v;
				if (config_value(&cfg, rt->names[i], &v) ||
				    config_value(&rt->fixed, rt->names[i], &v))
					strbuf_printf(&sb, "%s%s=%.17g", sb.len ? ", " : "", rt->names[i], v);
			}
		} else {
			strbuf_append(&sb, text);
		}
		engine_expr_free(keep);
	} else if (kind == COURSE_CHOICE) {
		strbuf_append(&sb, s->interpreted ? s->interpreted : s->answer);
	} else if (!s->interpreted) {
		strbuf_printf(&sb, "text %s", s->answer);
	} else {
		return NULL;
	}
	return strbuf_steal(&sb);
}

static bool same_formula(const struct rt_part *rt, const struct engine_expr *a,
			 const struct engine_expr *b)
{
	struct engine_equiv_options opt;
	memset(&opt, 0, sizeof opt);
	opt.mode = rt->mode;
	opt.seed = rt->seed;
	struct engine_equiv_result res;
	return engine_equiv(a, b, rt->scope, &opt, &res) && res.verdict == ENGINE_EQUIVALENT;
}

static void add_wrong(struct part_report *pr, const struct rt_part *rt, const struct slot *s)
{
	enum course_answer_kind kind = rt->y->kind;
	bool formula = kind == COURSE_FORMULA || kind == COURSE_MATRIX_EXPR;
	char *key = group_key(rt, s);
	struct engine_value *val = NULL;
	struct engine_expr *expr = NULL;
	if (!key) {
		struct engine_parse_options opt = course_answer_parse_options(rt);
		struct engine_error e;
		expr = engine_parse_ex(s->interpreted, strlen(s->interpreted), rt->scope, &opt, &e);
		if (expr && !formula) {
			if (!engine_eval(expr, rt->scope, &val, &e))
				val = NULL;
			engine_expr_free(expr);
			expr = NULL;
		}
		if (!expr && !val) {
			/* it was judged, so it reads; if not, its text is its key */
			struct strbuf sb = STRBUF_INIT;
			strbuf_printf(&sb, "text %s", s->interpreted);
			key = strbuf_steal(&sb);
		}
	}
	for (size_t i = 0; i < pr->n; i++) {
		struct group *g = &pr->g[i];
		bool same = key ? g->key && !strcmp(g->key, key)
			: !g->key && ((val && g->val &&
				       course_chk_same_value(kind, val, g->val, rt->tolerance)) ||
				      (expr && g->expr &&
				       (!strcmp(g->interpreted, s->interpreted) ||
					same_formula(rt, g->expr, expr))));
		if (same) {
			g->pub.count++;
			free(key);
			engine_value_free(val);
			engine_expr_free(expr);
			return;
		}
	}
	struct group *grown = pr->n < COURSE_CLASS_MAX_GROUPS
		? realloc(pr->g, (pr->n + 1) * sizeof *pr->g) : NULL;
	if (!grown) {
		pr->pub.other_wrong++;
		free(key);
		engine_value_free(val);
		engine_expr_free(expr);
		return;
	}
	pr->g = grown;
	struct group *g = &pr->g[pr->n++];
	memset(g, 0, sizeof *g);
	g->key = key;
	g->val = val;
	g->expr = expr;
	g->interpreted = dup_or_null(s->interpreted);
	g->answer = dup_or_null(s->answer);
	g->feedback = dup_or_null(s->feedback);
	g->mistake = dup_or_null(s->mistake);
	g->pub.rule = s->rule;
	g->pub.source_error = s->source_error;
	g->pub.count = 1;
}

static void add_to_report(struct course_class *k, size_t i, const struct slot *s)
{
	struct part_report *pr = &k->parts[i];
	if (s->verdict == COURSE_BLANK)
		return;
	pr->pub.answered++;
	switch (s->verdict) {
	case COURSE_CORRECT:
		pr->pub.correct++;
		break;
	case COURSE_INCORRECT:
		pr->pub.incorrect++;
		pr->pub.source_errors += s->source_error;
		add_wrong(pr, course_rt(k->c, pr->pub.part), s);
		break;
	default:
		pr->pub.invalid++;
		break;
	}
}

/* ---- sheets ---------------------------------------------------------------------- */

void course_class_fix_variant(struct course_class *k)
{
	course_sheet_grader_fix(k->grader);
}

bool course_class_add_sheet(struct course_class *k, FILE *in, const char *file,
			    const char *name, char **warnings)
{
	for (size_t i = 0; i < k->n_parts; i++)
		slot_clear(&k->slots[i]);
	char *error = NULL;
	bool ok = course_sheet_grade(k->grader, in, take_entry, k, warnings, &error);
	if (k->n_rows == k->cap_rows) {
		size_t cap = k->cap_rows ? k->cap_rows * 2 : 64;
		struct row *grown = realloc(k->rows, cap * sizeof *grown);
		if (!grown) {
			free(error);
			return false;
		}
		k->rows = grown;
		k->cap_rows = cap;
	}
	struct row *r = &k->rows[k->n_rows];
	memset(r, 0, sizeof *r);
	const struct course_sheet_meta *meta = course_sheet_grader_meta(k->grader);
	r->student = strdup(meta->student ? meta->student : name);
	r->file = strdup(file);
	r->error = error;
	r->points = calloc(k->c->n_questions + 1, sizeof *r->points);
	if (!r->student || !r->file || !r->points) {
		free(r->student);
		free(r->file);
		free(r->error);
		free(r->points);
		return false;
	}
	k->n_rows++;
	r->pub.read_all = ok;
	r->pub.variant = course_sheet_grader_course(k->grader)->variant;
	for (size_t i = 0; i < k->n_parts; i++) {
		const struct course_part *p = course_part_at(k->c, i);
		const struct slot *s = &k->slots[i];
		if (s->used && s->verdict == COURSE_CORRECT) {
			double pts = course_part_points(k->c, p);
			r->points[k->question[i]] += pts;
			r->pub.total += pts;
		}
		if (p->on_sheet && (!s->used || s->verdict == COURSE_BLANK))
			r->pub.missing++;
		if (s->used)
			add_to_report(k, i, s);
	}
	r->pub.student = r->student;
	r->pub.file = r->file;
	r->pub.points = r->points;
	r->pub.error = r->error;
	/* the rows may have moved: every row's pointers again */
	for (size_t i = 0; i < k->n_rows; i++) {
		k->rows[i].pub.student = k->rows[i].student;
		k->rows[i].pub.file = k->rows[i].file;
		k->rows[i].pub.points = k->rows[i].points;
		k->rows[i].pub.error = k->rows[i].error;
	}
	return ok;
}

size_t course_class_rows(const struct course_class *k)
{
	return k->n_rows;
}

const struct course_grade_row *course_class_row(const struct course_class *k, size_t i)
{
	return i < k->n_rows ? &k->rows[i].pub : NULL;
}

const struct course_class_part *course_class_part(struct course_class *k, size_t i)
{
	if (i >= k->n_parts)
		return NULL;
	struct part_report *pr = &k->parts[i];
	free(pr->sorted);
	pr->sorted = calloc(pr->n + 1, sizeof *pr->sorted);
	pr->pub.n_groups = pr->sorted ? pr->n : 0;
	for (size_t j = 0; pr->sorted && j < pr->n; j++) {
		struct group *g = &pr->g[j];
		g->pub.answer = g->answer;
		g->pub.feedback = g->feedback;
		g->pub.mistake = g->mistake;
		/* insertion: most frequent first, first seen first among equals */
		size_t at = j;
		while (at > 0 && pr->sorted[at - 1].count < g->pub.count) {
			pr->sorted[at] = pr->sorted[at - 1];
			at--;
		}
		pr->sorted[at] = g->pub;
	}
	pr->pub.groups = pr->sorted;
	return &pr->pub;
}
