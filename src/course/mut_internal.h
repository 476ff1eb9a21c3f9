/* Inside the course layer: the mutations of one part's expected answer,
 * shared by mut_build.c (making them) and mutations.c (the table, and
 * matching an answer against them). See mutations.c for what they are. */
#ifndef CNNTUTOR_COURSE_MUT_INTERNAL_H
#define CNNTUTOR_COURSE_MUT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

enum { N_POINTS = 2 };

struct mutation {
	char *name;                  /* follows "This is what you get with " */
	char *text;                  /* the mutated expression, as printed */
	struct engine_expr *expr;    /* parsed as the part reads its answers */
	struct engine_value *val;    /* value kinds: its value */
	struct engine_value *fp[N_POINTS];  /* formula kinds: its values at the points */
};

struct part_mutations {
	bool built;
	struct mutation *m;
	size_t n, cap;
	struct engine_scope *point[N_POINTS];  /* formula kinds */
};

/* Make the mutations of rt's part into pm (which starts zeroed); pm->built
 * is set whether any could be made or not. */
void course_mut_build(const struct rt_part *rt, struct part_mutations *pm);
void course_mut_clear(struct part_mutations *pm);

/* The part's scope with every free variable bound to a value drawn from
 * its domain with seed (orthogonal ones projected so): a point formula
 * mutations are first compared at. Caller frees. */
struct engine_scope *course_mut_point(const struct rt_part *rt, uint64_t seed);

/* Could values a and b, at the same N_POINTS points, be equal in mode?
 * Loose: it only spares the engine the mutations that plainly differ. */
bool course_mut_may_match(struct engine_value *const a[N_POINTS],
			  struct engine_value *const b[N_POINTS], enum engine_equiv_mode mode);

/* How answers are read for mutations: the part's way, labels aside. */
struct engine_parse_options course_mut_options(const struct rt_part *rt);

#endif
