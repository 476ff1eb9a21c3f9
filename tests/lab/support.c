#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static struct lab_params *params_from(const char *kind, va_list ap, struct lab_error *err,
				      int *ok)
{
	const struct lab_kind *k = lab_kind_for(kind);
	assert_non_null(k);
	struct lab_params *p = lab_params_new(k);
	assert_non_null(p);
	*ok = 1;
	for (const char *a; (a = va_arg(ap, const char *));)
		if (*ok && !lab_params_assign(p, a, err))
			*ok = 0;
	return p;
}

struct lab_result *run_ok(const char *kind, uint64_t seed, ...)
{
	va_list ap;
	va_start(ap, seed);
	struct lab_error err = { 0 };
	int ok;
	struct lab_params *p = params_from(kind, ap, &err, &ok);
	va_end(ap);
	if (!ok)
		fail_msg("%s: setting refused: %s", kind, err.message);
	struct lab_result *r;
	if (!lab_run(lab_params_kind(p), p, seed, &r, &err))
		fail_msg("%s: run failed: %s: %s", kind, lab_error_kind_name(err.kind), err.message);
	lab_params_free(p);
	return r;
}

struct lab_error run_fails(const char *kind, uint64_t seed, ...)
{
	va_list ap;
	va_start(ap, seed);
	struct lab_error err = { 0 };
	int ok;
	struct lab_params *p = params_from(kind, ap, &err, &ok);
	va_end(ap);
	if (ok) {
		struct lab_result *r;
		if (lab_run(lab_params_kind(p), p, seed, &r, &err)) {
			lab_result_free(r);
			fail_msg("%s: the run was expected to fail", kind);
		}
		assert_null(r);
	}
	lab_params_free(p);
	return err;
}

static const struct lab_column *column(const struct lab_result *r, const char *table,
				       const char *name, size_t *n)
{
	const struct lab_table *t = lab_result_table(r, table);
	if (!t)
		fail_msg("no table %s", table);
	const struct lab_column *c = lab_table_column(t, name);
	if (!c)
		fail_msg("table %s has no column %s", table, name);
	*n = t->nrows;
	return c;
}

const double *num_col(const struct lab_result *r, const char *table,
		      const char *name, size_t *n)
{
	const struct lab_column *c = column(r, table, name, n);
	assert_false(c->is_text);
	return c->num;
}

char *const *text_col(const struct lab_result *r, const char *table,
		      const char *name, size_t *n)
{
	const struct lab_column *c = column(r, table, name, n);
	assert_true(c->is_text);
	return c->text;
}

int mentions(const struct lab_result *r, const char *needle)
{
	for (size_t i = 0; i < lab_result_block_count(r); i++) {
		const struct lab_block *b = lab_result_block(r, i);
		if (b->kind != LAB_BLOCK_TEXT)
			continue;
		for (size_t j = 0; j < b->u.text->nlines; j++)
			if (strstr(b->u.text->lines[j], needle))
				return 1;
	}
	return 0;
}

double test_uniform(uint64_t *state)
{
	/* xorshift64*: a different generator from the labs' own. */
	uint64_t x = *state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (double)((x * 0x2545F4914F6CDD1Dull) >> 11) / 9007199254740992.0;
}
