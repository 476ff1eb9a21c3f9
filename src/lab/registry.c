/* The registry of lab kinds, in the order `cnntutor lab` lists them. */
#include <string.h>

#include "lab_internal.h"

static const struct lab_kind *const kinds[] = {
	&lab_kind_conv,
	&lab_kind_stack,
	&lab_kind_taps,
	&lab_kind_dropout,
	&lab_kind_ensemble,
	&lab_kind_weightnorm,
	&lab_kind_whitened,
};

size_t lab_kind_count(void)
{
	return sizeof kinds / sizeof kinds[0];
}

const struct lab_kind *lab_kind_at(size_t i)
{
	return i < lab_kind_count() ? kinds[i] : NULL;
}

const struct lab_kind *lab_kind_for(const char *id)
{
	const struct lab_kind *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < lab_kind_count(); i++) {
		if (!strcmp(kinds[i]->name, id))
			return kinds[i];
		size_t n = strlen(kinds[i]->question);
		if (!strncmp(kinds[i]->question, id, n) && (id[n] == '\0' || id[n] == '.') &&
		    n > best_len) {
			best = kinds[i];
			best_len = n;
		}
	}
	return best;
}
