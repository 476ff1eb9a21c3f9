/* The course object: freeing it, finding parts, and the small helpers the
 * checker and the validator share. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "part_build.h"
#include "ydoc.h"

const cyaml_config_t *course_cyaml_config(void)
{
	static const cyaml_config_t cfg = {
		.log_fn = NULL,
		.mem_fn = cyaml_mem,
		.log_level = CYAML_LOG_ERROR,
		.flags = CYAML_CFG_DEFAULT,  /* unknown keys are errors */
	};
	return &cfg;
}

static void rt_free(struct rt_part *rt)
{
	engine_scope_free(rt->scope);
	for (size_t i = 0; rt->given_vals && i < rt->n_given_vals; i++)
		engine_value_free(rt->given_vals[i]);
	free(rt->given_vals);
	free(rt->given_names);
	free(rt->given_defs);
	for (size_t i = 0; i < rt->n_constraints; i++)
		engine_expr_free(rt->constraints[i]);
	free(rt->constraints);
	engine_expr_free(rt->expected);
	engine_value_free(rt->expected_val);
	for (size_t i = 0; i < rt->n_accept; i++)
		engine_value_free(rt->accept_vals[i]);
	free(rt->accept_vals);
	engine_expr_free(rt->fixed_expr);
	engine_expr_free(rt->constraint);
	engine_value_free(rt->shape_val);
	for (size_t i = 0; i < rt->n_rules; i++) {
		engine_expr_free(rt->rules[i].value_expr);
		engine_value_free(rt->rules[i].value_val);
		engine_expr_free(rt->rules[i].when);
		course_template_free(&rt->rules[i].message);
	}
	free(rt->rules);
	for (size_t i = 0; i < rt->n_notes; i++) {
		engine_expr_free(rt->notes[i].when);
		course_template_free(&rt->notes[i].text);
	}
	free(rt->notes);
	if (rt->step_errors && rt->y)
		for (unsigned i = 0; i < rt->y->steps_count; i++)
			free(rt->step_errors[i]);
	free(rt->step_errors);
	free(rt->step_whole);
	free(rt->step_pos);
	free(rt->example_pos);
	for (size_t i = 0; i < rt->n_texts; i++)
		free(rt->texts[i]);
	free(rt->texts);
	free(rt->hint_texts);
	free(rt->choice_texts);
	free(rt->mistake_pos);
}

static void part_free(struct course_part *p)
{
	for (size_t i = 0; i < p->n_givens; i++)
		free((char *)p->givens[i].text);
	free((void *)p->givens);
	for (size_t i = 0; i < p->n_steps; i++)
		free(p->steps[i].value);
	free((void *)p->steps);
	free((void *)p->erratum);
	course_lab_free(p->lab);
}

void course_free(struct course *c)
{
	if (!c)
		return;
	struct course_impl *ci = (struct course_impl *)c;
	/* A variant borrows its base's YAML, file names and trees. */
	bool owner = ci->base == NULL;
	for (size_t i = 0; i < ci->n_parts; i++)
		rt_free(&ci->rt[i]);
	free(ci->rt);
	for (size_t q = 0; q < ci->pub.n_questions; q++) {
		struct course_question *cq = &ci->questions[q];
		for (size_t i = 0; i < cq->n_parts; i++)
			part_free((struct course_part *)&cq->parts[i]);
		free((void *)cq->parts);
		course_lab_free(cq->lab);
		if (ci->rq) {
			struct rt_question *rq = &ci->rq[q];
			for (size_t i = 0; rq->given_vals && i < rq->n_givens; i++)
				engine_value_free(rq->given_vals[i]);
			free(rq->given_vals);
			for (size_t i = 0; i < rq->n_constraints; i++)
				engine_expr_free(rq->constraints[i]);
			free(rq->constraints);
			free(rq->intro);
		}
		if (owner && ci->yq && ci->yq[q])
			cyaml_free(course_cyaml_config(), &course_y_question_schema,
				   ci->yq[q], 0);
		if (owner && ci->ydocs)
			course_ydoc_free(&ci->ydocs[q]);
		if (owner && ci->files)
			free(ci->files[q]);
	}
	if (owner && ci->ycourse)
		cyaml_free(course_cyaml_config(), &course_y_course_schema,
			   ci->ycourse, 0);
	free(ci->rq);
	free(ci->questions);
	if (owner) {
		free(ci->yq);
		free(ci->files);
		free(ci->ydocs);
	}
	free(ci->first_part);
	free(ci->flat);
	free(ci->dir);
	free(ci->key);
	free(ci);
}

const struct course_part *course_find_part(const struct course *c, const char *id)
{
	const struct course_impl *ci = (const struct course_impl *)c;
	if (!c || !id)
		return NULL;
	for (size_t i = 0; i < ci->n_parts; i++)
		if (!strcmp(ci->flat[i]->id, id))
			return ci->flat[i];
	return NULL;
}

size_t course_part_count(const struct course *c)
{
	return c ? ((const struct course_impl *)c)->n_parts : 0;
}

const struct course_part *course_part_at(const struct course *c, size_t i)
{
	const struct course_impl *ci = (const struct course_impl *)c;
	return c && i < ci->n_parts ? ci->flat[i] : NULL;
}

const struct rt_part *course_rt(const struct course *c, const struct course_part *part)
{
	const struct course_impl *ci = (const struct course_impl *)c;
	if (!c || !part)
		return NULL;
	for (size_t q = 0; q < c->n_questions; q++) {
		const struct course_question *cq = &c->questions[q];
		if (part >= cq->parts && part < cq->parts + cq->n_parts)
			return &ci->rt[ci->first_part[q] + (size_t)(part - cq->parts)];
	}
	return NULL;
}

struct engine_scope *course_rt_scope(const struct rt_part *rt)
{
	struct engine_scope *s = engine_scope_new();
	if (!s)
		return NULL;
	const struct y_part *y = rt->y;
	for (int pass = 0; pass < 3; pass++) {
		for (unsigned i = 0; i < y->variables_count; i++) {
			const struct y_variable *v = &y->variables[i];
			/* the same order as build_scope: plain, orthogonal, defined */
			int in = v->value ? 2 : v->orthogonal_to ? 1 : 0;
			if (in != pass)
				continue;
			struct engine_shape shape;
			struct engine_error e;
			if (!engine_scope_parse_shape(s, v->shape ? v->shape : "scalar", &shape, &e))
				continue;
			if (v->value)
				engine_scope_define(s, v->name, shape, v->value, &e);
			else
				engine_scope_declare(s, v->name, shape, v->domain,
						     v->orthogonal_to);
		}
	}
	struct engine_shape scalar = { ENGINE_SCALAR, { 0, NULL }, { 0, NULL } };
	for (size_t i = 0; i < rt->n_names; i++)
		engine_scope_declare(s, rt->names[i], scalar, ENGINE_DOMAIN_INTEGER, NULL);
	for (size_t i = 0; i < rt->n_given_vals; i++)
		if (rt->given_vals[i])
			engine_scope_bind(s, rt->given_names[i], rt->given_vals[i]);
	return s;
}

const char *course_verdict_name(enum course_verdict v)
{
	switch (v) {
	case COURSE_CORRECT: return "correct";
	case COURSE_INCORRECT: return "incorrect";
	case COURSE_INVALID: return "invalid";
	case COURSE_UNKNOWN: return "unknown";
	case COURSE_BLANK: return "blank";
	}
	return "unknown";
}
