/* The labs a lesson declares (struct course_lab): built from the YAML and
 * checked against the lab kinds' own tables when the course loads, so a
 * typo in a kind or a parameter is a "file:line:col:" load error; then
 * looked up for a part, turned into parameters, and fed a student's
 * answer. Running them is course_validate's (validate.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "template.h"
#include "part_build.h"

static void lab_fail_at(struct strbuf *err, const char *file, const yaml_node_t *n,
			size_t off, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void lab_fail_at(struct strbuf *err, const char *file, const yaml_node_t *n,
			size_t off, const char *fmt, ...)
{
	struct rt_pos p = course_ydoc_pos_in(n, off);
	strbuf_printf(err, "%s:%d:%d: ", file, p.line, p.col);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(err, fmt, ap);
	va_end(ap);
	strbuf_putc(err, '\n');
}

/* By its name only: a lesson names the kind, not a question. */
static const struct lab_kind *kind_named(const char *name)
{
	for (size_t i = 0; i < lab_kind_count(); i++)
		if (!strcmp(lab_kind_at(i)->name, name))
			return lab_kind_at(i);
	return NULL;
}

static void kind_names(struct strbuf *sb)
{
	for (size_t i = 0; i < lab_kind_count(); i++)
		strbuf_printf(sb, "%s%s", i ? ", " : "", lab_kind_at(i)->name);
}

/* A parameter with its {=EXPR} facts computed (a new string), or NULL
 * with a message when one does not compute. */
static char *with_facts(const char *text, const struct engine_scope *facts,
			const char *file, const yaml_node_t *item, struct strbuf *err)
{
	struct engine_error e;
	memset(&e, 0, sizeof e);
	size_t at = 0;
	bool parsed;
	char *out;
	if (course_template_text(text, facts, NULL, &out, &parsed, &at, &e))
		return out;
	if (!parsed)
		lab_fail_at(err, file, item, at, "%s: %s (in lab parameter '%s')",
			    engine_error_kind_name(e.kind), e.message, text);
	else
		lab_fail_at(err, file, item, 0, "lab parameter '%s' does not compute: %s: %s",
			    text, engine_error_kind_name(e.kind), e.message);
	return NULL;
}

void course_lab_free(const struct course_lab *lab)
{
	if (!lab)
		return;
	for (size_t i = 0; lab->computed && i < lab->n_params; i++)
		free(lab->computed[i]);
	free(lab->computed);
	free((void *)lab->params);
	free((void *)lab);
}

bool course_build_lab(struct ydoc *yd, const char *file, const struct y_lab *y,
		      const yaml_node_t *node, bool on_part,
		      const struct engine_scope *facts,
		      const struct course_lab **out, struct strbuf *err)
{
	*out = NULL;
	if (!y)
		return true;
	const struct lab_kind *kind = kind_named(y->kind);
	if (!kind) {
		struct strbuf names = STRBUF_INIT;
		kind_names(&names);
		lab_fail_at(err, file, course_ydoc_get(yd, node, "kind"), 0,
			    "unknown lab kind '%s' (the kinds: %s)", y->kind, strbuf_str(&names));
		strbuf_free(&names);
		return false;
	}
	struct lab_params *p = lab_params_new(kind);
	if (!p) {
		lab_fail_at(err, file, node, 0, "out of memory");
		return false;
	}
	bool ok = true;
	yaml_node_t *list = course_ydoc_get(yd, node, "params");
	const char **texts = calloc(y->params_count + 1, sizeof *texts);
	char **computed = calloc(y->params_count + 1, sizeof *computed);
	if (!texts || !computed) {
		free(texts);
		free(computed);
		lab_params_free(p);
		lab_fail_at(err, file, node, 0, "out of memory");
		return false;
	}
	for (unsigned i = 0; i < y->params_count; i++) {
		const char *text = y->params[i];
		yaml_node_t *item = course_ydoc_item(yd, list, i);
		if (strstr(text, "{=")) {
			computed[i] = facts ? with_facts(text, facts, file, item, err) : NULL;
			if (!computed[i]) {
				if (!facts)
					lab_fail_at(err, file, item, 0, "lab parameter '%s': facts "
						    "({=…}) need givens", text);
				ok = false;
				continue;
			}
			text = computed[i];
		}
		texts[i] = text;
		struct lab_error e = { 0 };
		const char *eq = strchr(text, '=');
		if (!eq || eq == text) {
			lab_fail_at(err, file, item, 0, "lab parameter '%s' is not NAME=VALUE "
				    "(e.g. \"%s=%s\")", text, kind->nparams ? kind->params[0].name : "n",
				    kind->nparams ? kind->params[0].def : "1");
			ok = false;
		} else if (!lab_params_assign(p, text, &e)) {
			/* An unknown name is the name's fault; a bad value, the value's. */
			bool known = lab_kind_param(kind, e.param) != NULL;
			lab_fail_at(err, file, item, known ? (size_t)(eq + 1 - text) : 0,
				    "%s: %s (in lab parameter '%s')", lab_error_kind_name(e.kind),
				    e.message, text);
			ok = false;
		}
	}
	lab_params_free(p);
	if (y->answer) {
		yaml_node_t *an = course_ydoc_get(yd, node, "answer");
		if (!on_part) {
			lab_fail_at(err, file, an, 0, "a question's lab takes no 'answer': put the "
				    "lab with its 'answer' on the part whose answer it shows");
			ok = false;
		} else if (!lab_kind_param(kind, y->answer)) {
			struct strbuf names = STRBUF_INIT;
			for (size_t i = 0; i < kind->nparams; i++)
				strbuf_printf(&names, "%s%s", i ? ", " : "", kind->params[i].name);
			lab_fail_at(err, file, an, 0, "lab answer '%s': lab %s has no parameter '%s' "
				    "(it takes: %s)", y->answer, kind->name, y->answer,
				    strbuf_str(&names));
			strbuf_free(&names);
			ok = false;
		}
	}
	struct course_lab *lab = ok ? calloc(1, sizeof *lab) : NULL;
	if (!lab) {
		if (ok)
			lab_fail_at(err, file, node, 0, "out of memory");
		for (unsigned i = 0; i < y->params_count; i++)
			free(computed[i]);
		free(computed);
		free(texts);
		return false;
	}
	lab->kind = kind;
	lab->params = texts;
	lab->computed = computed;
	lab->n_params = y->params_count;
	lab->answer = y->answer;
	lab->file = file;
	/* The mapping's first key: the "lab:" line, or the line after it. */
	lab->line = course_ydoc_pos(node).line;
	*out = lab;
	return true;
}

const struct course_lab *course_part_lab(const struct course *c,
					 const struct course_part *part)
{
	if (!c || !part)
		return NULL;
	if (part->lab)
		return part->lab;
	for (size_t q = 0; q < c->n_questions; q++) {
		const struct course_question *cq = &c->questions[q];
		if (part >= cq->parts && part < cq->parts + cq->n_parts)
			return cq->lab;
	}
	return NULL;
}

struct lab_params *course_lab_params(const struct course_lab *lab)
{
	struct lab_params *p = lab_params_new(lab->kind);
	for (size_t i = 0; p && i < lab->n_params; i++) {
		struct lab_error e;
		/* Checked at load: only memory can fail here. */
		if (!lab_params_assign(p, lab->params[i], &e)) {
			lab_params_free(p);
			return NULL;
		}
	}
	return p;
}

static bool config_value(const struct rt_config *c, const char *name, double *v)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name)) {
			*v = c->values[i];
			return true;
		}
	return false;
}

char *course_lab_answer(const struct course *c, const struct course_part *part,
			const char *answer)
{
	const struct rt_part *rt = course_rt(c, part);
	if (!rt || !answer)
		return NULL;
	if (part->kind != COURSE_CONFIGURATION)
		return strdup(answer);
	struct rt_config cfg;
	struct engine_error e;
	struct engine_expr *keep = NULL;
	memset(&e, 0, sizeof e);
	if (!course_parse_config(rt, answer, &cfg, &e, &keep))
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < rt->n_names; i++) {
		double v;
		/* The answer's value, else the one the part fixes. */
		if (!config_value(&cfg, rt->names[i], &v) &&
		    !config_value(&rt->fixed, rt->names[i], &v))
			continue;
		strbuf_printf(&sb, "%s%s=%.15g", sb.len ? ", " : "", rt->names[i], v);
	}
	engine_expr_free(keep);
	return strbuf_steal(&sb);
}
