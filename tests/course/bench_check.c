/* Benchmark: grade a generated 10 000-answer sheet of the bundled course
 * through course_check and print answers per second. The sheet cycles over
 * every part with its expected answer, its examples and every feedback
 * rule's example, so each kind and each rule is exercised. Then the answers
 * that go furthest, wrong ones no rule knows that a named mistake is
 * looked for: every mutation of every part typed as an answer, graded with
 * the mutations kept in a table (as check and grade keep them) and built
 * anew for each answer (as a lone course_check does). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "course.h"
#include "model.h"

struct answer { const struct course_part *part; const char *text; };

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : COURSE_DIR;
	size_t total = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000;
	char *err = NULL;
	struct course *c = course_load(dir, &err);
	if (!c) {
		fprintf(stderr, "%s", err);
		free(err);
		return 1;
	}
	/* the pool of distinct answers */
	size_t n = 0, cap = 256;
	struct answer *pool = malloc(cap * sizeof *pool);
	for (size_t i = 0; i < course_part_count(c); i++) {
		const struct course_part *p = course_part_at(c, i);
		const struct rt_part *rt = course_rt(c, p);
		const struct y_check *ck = rt->y->check;
		const char *texts[64];
		size_t k = 0;
		if (ck->expected)
			texts[k++] = ck->expected;
		for (unsigned j = 0; j < ck->examples_count && k < 64; j++)
			texts[k++] = ck->examples[j];
		for (size_t j = 0; j < rt->n_rules && k < 64; j++)
			texts[k++] = rt->rules[j].y->example ? rt->rules[j].y->example
							     : rt->rules[j].y->value;
		for (size_t j = 0; j < k; j++) {
			if (n == cap)
				pool = realloc(pool, (cap *= 2) * sizeof *pool);
			pool[n++] = (struct answer){ p, texts[j] };
		}
	}
	size_t verdicts[COURSE_BLANK + 1] = { 0 };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < total; i++) {
		struct course_check_result r;
		course_check(c, pool[i % n].part, pool[i % n].text, &r);
		verdicts[r.verdict]++;
		course_result_clear(&r);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("graded %zu answers (%zu distinct, %zu parts) in %.3f s: %.0f answers per second\n",
	       total, n, course_part_count(c), s, (double)total / s);
	printf("  %zu correct, %zu incorrect, %zu invalid, %zu unknown\n",
	       verdicts[COURSE_CORRECT], verdicts[COURSE_INCORRECT],
	       verdicts[COURSE_INVALID], verdicts[COURSE_UNKNOWN]);
	/* the answers a named mistake is looked for */
	struct course_mistakes *table = course_mistakes_new(c);
	size_t nm = 0;
	char **texts = NULL;
	const struct course_part **parts = NULL;
	for (size_t i = 0; i < course_part_count(c); i++) {
		const struct course_part *p = course_part_at(c, i);
		if (p->kind == COURSE_CONFIGURATION)
			continue;
		char *list = course_mistakes_list(table, p);
		for (char *line = list; line && *line; ) {
			char *nl = strchr(line, '\n'), *tab = strchr(line, '\t');
			texts = realloc(texts, (nm + 1) * sizeof *texts);
			parts = realloc(parts, (nm + 1) * sizeof *parts);
			texts[nm] = strndup(tab + 1, (size_t)(nl - tab - 1));
			parts[nm++] = p;
			line = nl + 1;
		}
		free(list);
	}
	for (int with_table = 1; with_table >= 0 && nm; with_table--) {
		size_t rounds = with_table ? total : total / 10, named = 0;
		struct course_check_context ctx = { .mistakes = with_table ? table : NULL };
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (size_t i = 0; i < rounds; i++) {
			struct course_check_result r;
			course_check_ctx(c, parts[i % nm], texts[i % nm], &ctx, &r);
			named += r.mistake != NULL;
			course_result_clear(&r);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		printf("mutations typed as answers (%zu distinct), mutations %s: %zu in %.3f s: "
		       "%.0f answers per second, %zu named\n", nm,
		       with_table ? "kept in a table" : "built for each answer", rounds, s,
		       (double)rounds / s, named);
	}
	for (size_t i = 0; i < nm; i++)
		free(texts[i]);
	free(texts);
	free(parts);
	course_mistakes_free(table);
	free(pool);
	/* A student's variant is built from the loaded course: what one sheet
	 * graded against its own variant costs on top of its answers. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	size_t built = 0;
	for (uint64_t v = 1; v <= 200; v++) {
		struct course *var = course_variant(c, v, NULL);
		built += var != NULL;
		course_free(var);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("built %zu variants of the whole course in %.3f s: %.2f ms each\n", built, s,
	       1e3 * s / (double)(built ? built : 1));
	course_free(c);
	return 0;
}
