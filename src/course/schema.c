/* The libcyaml schemas of a lesson file and of course.yaml: one table per
 * YAML mapping, mirroring the y_ structs in model.h. ydoc.c walks the same
 * tables to report positions, so a key added here is checked there too. */
#include <stddef.h>

#include "model.h"

static const cyaml_schema_value_t string_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};

static const cyaml_strval_t kind_names[] = {
	{ "number", COURSE_NUMBER },
	{ "sequence", COURSE_SEQUENCE },
	{ "shape", COURSE_SHAPE },
	{ "configuration", COURSE_CONFIGURATION },
	{ "formula", COURSE_FORMULA },
	{ "matrix", COURSE_MATRIX_EXPR },
	{ "choice", COURSE_CHOICE },
};

static const cyaml_strval_t domain_names[] = {
	{ "real", ENGINE_DOMAIN_REAL },
	{ "positive", ENGINE_DOMAIN_POSITIVE },
	{ "unit", ENGINE_DOMAIN_UNIT },
	{ "binary", ENGINE_DOMAIN_BINARY },
	{ "integer", ENGINE_DOMAIN_INTEGER },
};

static const cyaml_strval_t mode_names[] = {
	{ "exact", ENGINE_EQUIV_EXACT },
	{ "factor", ENGINE_EQUIV_FACTOR },
	{ "additive", ENGINE_EQUIV_ADDITIVE },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define OPT CYAML_FLAG_OPTIONAL
#define PTR CYAML_FLAG_POINTER

static const cyaml_schema_field_t vary_fields[] = {
	CYAML_FIELD_FLOAT("from", OPT, struct y_vary, from),
	CYAML_FIELD_FLOAT("to", OPT, struct y_vary, to),
	CYAML_FIELD_FLOAT("step", OPT, struct y_vary, step),
	CYAML_FIELD_SEQUENCE("values", OPT | PTR, struct y_vary, values, &string_entry, 1, CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t given_fields[] = {
	CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_DEFAULT, struct y_given, name, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("value", CYAML_FLAG_DEFAULT, struct y_given, value, 1, CYAML_UNLIMITED),
	CYAML_FIELD_MAPPING_PTR("vary", OPT, struct y_given, vary, vary_fields),
	CYAML_FIELD_STRING_PTR("kind", OPT, struct y_given, kind, 1, CYAML_UNLIMITED),
	CYAML_FIELD_END
};
static const cyaml_schema_value_t given_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_given, given_fields),
};

static const cyaml_schema_field_t variable_fields[] = {
	CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_DEFAULT, struct y_variable, name, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("shape", OPT, struct y_variable, shape, 1, CYAML_UNLIMITED),
	CYAML_FIELD_ENUM("domain", OPT, struct y_variable, domain, domain_names, N(domain_names)),
	CYAML_FIELD_STRING_PTR("orthogonal_to", OPT, struct y_variable, orthogonal_to, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("value", OPT, struct y_variable, value, 1, CYAML_UNLIMITED),
	CYAML_FIELD_BOOL("label", OPT, struct y_variable, label),
	CYAML_FIELD_END
};
static const cyaml_schema_value_t variable_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_variable, variable_fields),
};

static const cyaml_schema_field_t check_fields[] = {
	CYAML_FIELD_STRING_PTR("expected", OPT, struct y_check, expected, 1, CYAML_UNLIMITED),
	CYAML_FIELD_FLOAT("tolerance", OPT, struct y_check, tolerance),
	CYAML_FIELD_SEQUENCE("accept", OPT | PTR, struct y_check, accept, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_ENUM("mode", OPT, struct y_check, mode, mode_names, N(mode_names)),
	CYAML_FIELD_SEQUENCE("names", OPT | PTR, struct y_check, names, &string_entry, 1, RT_MAX_NAMES),
	CYAML_FIELD_STRING_PTR("fixed", OPT, struct y_check, fixed, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("constraint", OPT, struct y_check, constraint, 1, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("examples", OPT | PTR, struct y_check, examples, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("shape", OPT, struct y_check, shape, 1, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("shape_names", OPT | PTR, struct y_check, shape_names, &string_entry, 1, 8),
	CYAML_FIELD_STRING_PTR("index", OPT, struct y_check, index, 1, 16),
	CYAML_FIELD_SEQUENCE("aliases", OPT | PTR, struct y_check, aliases, &string_entry, 0, 64),
	CYAML_FIELD_STRING_PTR("correct", OPT, struct y_check, correct, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("otherwise", OPT, struct y_check, otherwise, 1, CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t rule_fields[] = {
	CYAML_FIELD_STRING_PTR("value", OPT, struct y_rule, value, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("when", OPT, struct y_rule, when, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("message", CYAML_FLAG_DEFAULT, struct y_rule, message, 1, CYAML_UNLIMITED),
	CYAML_FIELD_BOOL("source_error", OPT, struct y_rule, source_error),
	CYAML_FIELD_STRING_PTR("example", OPT, struct y_rule, example, 1, CYAML_UNLIMITED),
	CYAML_FIELD_BOOL("published", OPT, struct y_rule, published),
	CYAML_FIELD_END
};
static const cyaml_schema_value_t rule_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_rule, rule_fields),
};

static const cyaml_schema_field_t note_fields[] = {
	CYAML_FIELD_STRING_PTR("when", OPT, struct y_note, when, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("text", CYAML_FLAG_DEFAULT, struct y_note, text, 1, CYAML_UNLIMITED),
	CYAML_FIELD_END
};
static const cyaml_schema_value_t note_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_note, note_fields),
};

static const cyaml_schema_field_t step_fields[] = {
	CYAML_FIELD_STRING_PTR("text", CYAML_FLAG_DEFAULT, struct y_step, text, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("expr", OPT, struct y_step, expr, 1, CYAML_UNLIMITED),
	CYAML_FIELD_END
};
static const cyaml_schema_value_t step_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_step, step_fields),
};

static const cyaml_schema_field_t erratum_fields[] = {
	CYAML_FIELD_STRING_PTR("quote", CYAML_FLAG_DEFAULT, struct y_erratum, quote, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("problem", CYAML_FLAG_DEFAULT, struct y_erratum, problem, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("correction", CYAML_FLAG_DEFAULT, struct y_erratum, correction, 1, CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t lab_fields[] = {
	CYAML_FIELD_STRING_PTR("kind", CYAML_FLAG_DEFAULT, struct y_lab, kind, 1, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("params", OPT | PTR, struct y_lab, params, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("answer", OPT, struct y_lab, answer, 1, CYAML_UNLIMITED),
	CYAML_FIELD_END
};
static const cyaml_schema_field_t mistake_fields[] = {
	CYAML_FIELD_STRING_PTR("replace", CYAML_FLAG_DEFAULT, struct y_mistake, replace, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("with", CYAML_FLAG_DEFAULT, struct y_mistake, with, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_DEFAULT, struct y_mistake, name, 1, CYAML_UNLIMITED),
	CYAML_FIELD_END
};
static const cyaml_schema_value_t mistake_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_mistake, mistake_fields),
};

static const cyaml_schema_field_t part_fields[] = {
	CYAML_FIELD_STRING_PTR("id", CYAML_FLAG_DEFAULT, struct y_part, id, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("title", CYAML_FLAG_DEFAULT, struct y_part, title, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("statement", CYAML_FLAG_DEFAULT, struct y_part, statement, 1, CYAML_UNLIMITED),
	CYAML_FIELD_ENUM("kind", CYAML_FLAG_DEFAULT, struct y_part, kind, kind_names, N(kind_names)),
	CYAML_FIELD_SEQUENCE("givens", OPT | PTR, struct y_part, givens, &given_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("constraints", OPT | PTR, struct y_part, constraints, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("variables", OPT | PTR, struct y_part, variables, &variable_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("choices", OPT | PTR, struct y_part, choices, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_MAPPING_PTR("check", CYAML_FLAG_DEFAULT, struct y_part, check, check_fields),
	CYAML_FIELD_SEQUENCE("notes", OPT | PTR, struct y_part, notes, &note_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("feedback", OPT | PTR, struct y_part, feedback, &rule_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("hints", OPT | PTR, struct y_part, hints, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("steps", OPT | PTR, struct y_part, steps, &step_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_MAPPING_PTR("erratum", OPT, struct y_part, erratum, erratum_fields),
	CYAML_FIELD_MAPPING_PTR("lab", OPT, struct y_part, lab, lab_fields),
	CYAML_FIELD_BOOL("step", OPT, struct y_part, step),
	CYAML_FIELD_FLOAT_PTR("weight", OPT, struct y_part, weight),
	CYAML_FIELD_SEQUENCE("mistakes", OPT | PTR, struct y_part, mistakes, &mistake_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_END
};
static const cyaml_schema_value_t part_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_part, part_fields),
};

static const cyaml_schema_field_t question_fields[] = {
	CYAML_FIELD_STRING_PTR("id", CYAML_FLAG_DEFAULT, struct y_question, id, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("title", CYAML_FLAG_DEFAULT, struct y_question, title, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("intro", OPT, struct y_question, intro, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("givens", OPT | PTR, struct y_question, givens, &given_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("constraints", OPT | PTR, struct y_question, constraints, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("parts", PTR, struct y_question, parts, &part_entry, 1, CYAML_UNLIMITED),
	CYAML_FIELD_MAPPING_PTR("lab", OPT, struct y_question, lab, lab_fields),
	CYAML_FIELD_FLOAT_PTR("points", OPT, struct y_question, points),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t course_fields[] = {
	CYAML_FIELD_STRING_PTR("title", CYAML_FLAG_DEFAULT, struct y_course, title, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("id", OPT, struct y_course, id, 1, 64),
	CYAML_FIELD_END
};

const cyaml_schema_value_t course_y_question_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct y_question, question_fields),
};

const cyaml_schema_value_t course_y_course_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct y_course, course_fields),
};
