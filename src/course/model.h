/* Inside the course layer: the structures libcyaml loads a lesson file into
 * ("y_" structs, exactly the YAML shape), the runtime data built from them at
 * load time (parsed expressions, evaluated givens and expected values), and
 * the private course object that owns both.
 *
 * Ownership: a course_impl owns everything below it. The y_ structs belong
 * to libcyaml (freed with cyaml_free); public strings point into them. Every
 * engine object is owned by the rt_ struct that holds it. */
#ifndef CNNTUTOR_COURSE_MODEL_H
#define CNNTUTOR_COURSE_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <cyaml/cyaml.h>

#include "course.h"
#include "engine.h"
#include "strbuf.h"
#include "template.h"

/* ---- the YAML shape (schema.c) ------------------------------------------- */

/* How a given varies between variants: a range with a step (each entry of
 * a vector or matrix drawn on its own), or a list of values. */
struct y_vary {
	double from, to, step;
	char **values;
	unsigned values_count;
};

struct y_given {
	char *name;
	char *value;
	struct y_vary *vary; /* how it varies between variants, or NULL */
	char *kind;          /* what it counts ("channels"): a named mistake may
			      * put it for a given of the same kind only */
};

struct y_variable {
	char *name;
	char *shape;
	enum engine_domain domain;
	char *orthogonal_to;
	char *value;         /* a defined variable: its expression */
	bool label;          /* only names the answer (lambda in "lambda = …") */
};

struct y_check {
	char *expected;
	double tolerance;
	char **accept;
	unsigned accept_count;
	enum engine_equiv_mode mode;
	char **names;
	unsigned names_count;
	char *fixed;
	char *constraint;
	char **examples;
	unsigned examples_count;
	char *shape;         /* number parts: the shape whose count is asked */
	char **shape_names;  /* ... and the names of its dimensions */
	unsigned shape_names_count;
	char *index;         /* the answer is component INDEX of a vector */
	char **aliases;      /* configuration parts: "stride=S", words for names */
	unsigned aliases_count;
	char *correct;       /* configuration parts: the message when right */
	char *otherwise;     /* ... and when no rule matches */
};

struct y_rule {
	char *value;
	char *when;
	char *message;
	bool source_error;
	char *example;
	bool published;      /* a number of the published solution: variant 0 only */
};

struct y_note { char *when; char *text; };
struct y_step { char *text; char *expr; };
struct y_erratum { char *quote; char *problem; char *correction; };
/* A mistake of the part's own: the expected answer with one piece of it
 * replaced (see mutations.c), and what to call it. */
struct y_mistake { char *replace; char *with; char *name; };

struct y_lab {
	char *kind;
	char **params;       /* "NAME=VALUE" */
	unsigned params_count;
	char *answer;        /* a part's lab: the parameter its answer goes in */
};

struct y_part {
	char *id;
	char *title;
	char *statement;
	enum course_answer_kind kind;
	struct y_given *givens;
	unsigned givens_count;
	char **constraints;  /* predicates a variant's givens must satisfy */
	unsigned constraints_count;
	struct y_variable *variables;
	unsigned variables_count;
	char **choices;
	unsigned choices_count;
	struct y_check *check;
	struct y_note *notes;
	unsigned notes_count;
	struct y_rule *feedback;
	unsigned feedback_count;
	char **hints;
	unsigned hints_count;
	struct y_step *steps;
	unsigned steps_count;
	struct y_erratum *erratum;
	struct y_lab *lab;
	bool step;           /* a lesson step, not an answer-sheet id */
	double *weight;      /* share of the question's points; NULL: 1 */
	struct y_mistake *mistakes;
	unsigned mistakes_count;
};

struct y_question {
	char *id;
	char *title;
	char *intro;
	struct y_given *givens;      /* shared by every part, before the part's own */
	unsigned givens_count;
	char **constraints;
	unsigned constraints_count;
	struct y_part *parts;
	unsigned parts_count;
	struct y_lab *lab;
	double *points;      /* NULL: one point per answer-sheet id */
};

struct y_course {
	char *title;
	char *id;            /* the course's name for progress and variants, or NULL */
};

extern const cyaml_schema_value_t course_y_course_schema;
extern const cyaml_schema_value_t course_y_question_schema;

/* ---- runtime (load.c builds, model.c frees) ----------------------------- */

/* Where a YAML value sits, 1-based, for messages. */
struct rt_pos { int line, col; };

/* A configuration: names and values, e.g. the check's `fixed`. */
#define RT_MAX_NAMES 8
struct rt_config {
	size_t n;
	const char *names[RT_MAX_NAMES];   /* point into the y_ strings */
	double values[RT_MAX_NAMES];
	bool positional;                   /* "2, 3": read in the part's order */
};

struct rt_rule {
	const struct y_rule *y;
	struct engine_expr *value_expr;    /* `value`, parsed */
	struct engine_value *value_val;    /* evaluated (not formula kinds) */
	struct rt_config value_cfg;        /* configuration kind */
	long choice;                       /* choice kind: 1-based */
	struct engine_expr *when;          /* `when`, parsed */
	struct rt_pos pos;                 /* the rule's first key */
	struct course_template message;    /* `message`, with {=EXPR} facts */
};

struct rt_note {
	const struct y_note *y;
	struct engine_expr *when;          /* NULL: always */
	struct rt_pos pos;
	struct course_template text;       /* `text`, with {=EXPR} facts */
};

struct rt_part {
	const struct y_part *y;
	const char *file;
	struct rt_pos pos;                 /* the part's id */
	struct rt_pos check_pos;
	struct engine_scope *scope;        /* the public scope */
	struct engine_value **given_vals;  /* the question's givens, then the part's */
	const char **given_names;          /* ... their names (into the y_ strings) */
	const struct y_given **given_defs; /* ... and their YAML (kind, vary) */
	size_t n_given_vals;
	struct engine_expr **constraints;  /* the part's own `constraints`, parsed */
	size_t n_constraints;
	struct engine_expr *expected;      /* number..matrix kinds */
	struct engine_value *expected_val; /* number, sequence, shape */
	struct engine_value *shape_val;    /* number parts: check.shape, a vector */
	size_t n_accept;
	struct engine_value **accept_vals; /* shape kind */
	const char *names[RT_MAX_NAMES];   /* configuration names */
	size_t n_names;
	struct rt_config fixed;
	struct engine_expr *fixed_expr;    /* fixed.names point into it */
	struct engine_expr *constraint;
	double tolerance;
	enum engine_equiv_mode mode;
	const char *index;                  /* the answer's index name (j), or NULL */
	long choice;                        /* choice kind: 1-based */
	struct rt_rule *rules;
	size_t n_rules;
	struct rt_note *notes;
	size_t n_notes;
	char **step_errors;                 /* per step: why it did not evaluate */
	bool *step_whole;                   /* per step: its value is a whole number */
	struct rt_pos *step_pos;
	struct rt_pos *example_pos;         /* per check example */
	uint64_t seed;
	bool published;                     /* built for variant 0, the homework as published */
	char **texts;                       /* lesson text with its {=EXPR} facts computed */
	size_t n_texts;
	const char **hint_texts;            /* the hints, as shown (pub->hints) */
	const char **choice_texts;          /* the options, as shown (pub->choices) */
	struct rt_pos *mistake_pos;         /* per `mistakes` entry */
};

struct course_impl;

/* One variant's values of a question's givens (variant.c draws them). */
struct rt_draw {
	struct engine_value **question;    /* per y_question given */
	struct engine_value ***parts;      /* per part, per y_part given */
	size_t n_parts;
};
void course_draw_clear(struct rt_draw *d, const struct y_question *yq);

/* Draw question qi's givens for a variant into d (cleared with
 * course_draw_clear); *draws, when not NULL, says how many tries it took.
 * False with a message in err when no draw meets the constraints. */
bool course_draw_question(const struct course_impl *ci, size_t qi, uint64_t variant,
			  struct rt_draw *d, unsigned *draws, struct strbuf *err);

/* course_variant, and the most draws one question's constraints took
 * (raised in *most_draws, which may be NULL): for validate. */
struct course *course_variant_drawn(const struct course *c, uint64_t variant, char **error,
				    unsigned *most_draws);

/* Whether part of question yq (every part: UINT_MAX) can differ between
 * variants: a given it sees varies. */
bool course_question_varies(const struct y_question *yq, unsigned part);

/* What belongs to a question rather than to one of its parts. */
struct rt_question {
	struct engine_value **given_vals;  /* per y_question given */
	size_t n_givens;
	struct engine_expr **constraints;  /* the question's `constraints`, parsed */
	size_t n_constraints;
	char *intro;                       /* the intro with its {=EXPR} facts computed */
	struct rt_pos pos;                 /* the question's id */
};

struct course_impl {
	struct course pub;                 /* first: a course * is a course_impl * */
	const struct course_impl *base;    /* a variant: the course it was drawn
					    * from, which owns yq, ycourse, files,
					    * ydocs and lives longer */
	struct ydoc *ydocs;                /* each question file's tree (base only) */
	struct rt_question *rq;            /* per question */
	char *key;                         /* course_key: course.yaml's id, else the folder's name */
	char *dir;
	struct course_question *questions;
	size_t *first_part;                /* flat index of each question's part 0 */
	size_t n_parts;
	const struct course_part **flat;
	struct rt_part *rt;                /* n_parts, same order as flat */
	struct y_question **yq;            /* one per question file */
	struct y_course *ycourse;
	char **files;                      /* file path per question */
};

/* ---- loading from memory (load.c) --------------------------------------- */

/* One course file's name and bytes, borrowed. */
struct course_file {
	const char *name;     /* "q1.yaml" */
	const char *data;
	size_t len;
};

/* course_load on files held in memory instead of a folder: the same code
 * from the first byte on (limits, parsing, schema, model), and the same
 * messages, with paths "dir/name". course_yaml is course.yaml; lessons
 * are the question files in course order. The caller keeps the memory.
 * For the fuzz target and the tests. */
struct course *course_load_files(const char *dir,
				 const struct course_file *course_yaml,
				 const struct course_file *lessons, size_t n,
				 char **error);

/* The last component of a course folder, malloc'd (load.c). */
char *course_key_of(const char *dir);

/* The runtime of a part of this course, or NULL if it is not one. */
const struct rt_part *course_rt(const struct course *c,
				const struct course_part *part);

/* The libcyaml configuration every load and free uses. */
const cyaml_config_t *course_cyaml_config(void);

/* ---- helpers shared by check.c and validate.c --------------------------- */

/* A fresh scope with the part's variables declared and givens bound, for
 * evaluating a predicate with more names bound. Caller frees. */
struct engine_scope *course_rt_scope(const struct rt_part *rt);

/* Which rule matched an answer: index, or -1. Filled by course_check_rt. */
void course_check_rt(const struct course_part *part, const struct rt_part *rt,
		     const char *answer, const struct course_check_context *ctx,
		     struct course_check_result *out, long *rule_index);

/* How answers to a part of this kind are read: shapes where a shape fits,
 * space-separated sequences, digit groups in counts, "λ = …" labels, and
 * the part's index name. */
struct engine_parse_options course_answer_parse_options(const struct rt_part *rt);

/* Parse a configuration ("K=8, D=0") into cfg with the part's names. */
bool course_parse_config(const struct rt_part *rt, const char *text,
			 struct rt_config *cfg, struct engine_error *err,
			 struct engine_expr **keep);

/* A choice answer: "2", "b", "(b)", "B)" -> 2. Returns 0 when it is not
 * one of the n choices, with the reason in why. */
long course_parse_choice(const char *text, size_t n, struct strbuf *why);

#endif
