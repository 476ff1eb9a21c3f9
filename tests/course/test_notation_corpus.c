/* The notation corpus (tests/course/notation/corpus.tsv): answers written
 * the ways students write them, each with the verdict a correct tutor
 * gives, run through course_check. Every line must agree; the summary
 * prints how many of each verdict and family agree, and every line that
 * does not, with what the checker said. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "course.h"

static struct course *course;

static int setup(void **state)
{
	(void)state;
	char *err = NULL;
	course = course_load(COURSE_DIR, &err);
	if (!course)
		fprintf(stderr, "%s", err ? err : "cannot load the course\n");
	free(err);
	return course ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	course_free(course);
	return 0;
}

static enum course_verdict verdict_named(const char *w)
{
	if (!strcmp(w, "correct"))
		return COURSE_CORRECT;
	if (!strcmp(w, "incorrect"))
		return COURSE_INCORRECT;
	if (!strcmp(w, "invalid"))
		return COURSE_INVALID;
	if (!strcmp(w, "blank"))
		return COURSE_BLANK;
	return COURSE_UNKNOWN;
}

static void test_every_answer_gets_its_verdict(void **state)
{
	(void)state;
	FILE *f = fopen(CORPUS, "r");
	assert_non_null(f);
	char *line = NULL;
	size_t cap = 0, n = 0, agree = 0, line_no = 0;
	size_t by[COURSE_BLANK + 1] = { 0 }, ok_by[COURSE_BLANK + 1] = { 0 }, wrong_accepted = 0;
	ssize_t got;
	while ((got = getline(&line, &cap, f)) != -1) {
		line_no++;
		if (got && line[got - 1] == '\n')
			line[--got] = '\0';
		if (!*line || *line == '#')
			continue;
		char *id = line, *tab1 = strchr(id, '\t');
		assert_non_null(tab1);
		*tab1 = '\0';
		char *want = tab1 + 1, *tab2 = strchr(want, '\t');
		assert_non_null(tab2);
		*tab2 = '\0';
		char *answer = tab2 + 1, *tab3 = strchr(answer, '\t');
		char *note = NULL;
		if (tab3) {
			*tab3 = '\0';
			note = tab3 + 1;
		}
		const struct course_part *p = course_find_part(course, id);
		if (!p)
			fail_msg("corpus line %zu: no part %s", line_no, id);
		enum course_verdict v = verdict_named(want);
		assert_int_not_equal(v, COURSE_UNKNOWN);
		struct course_check_result r;
		course_check(course, p, answer, &r);
		n++;
		by[v]++;
		if (r.verdict == v) {
			agree++;
			ok_by[v]++;
		} else {
			if (r.verdict == COURSE_CORRECT)
				wrong_accepted++;
			char fb[160];
			snprintf(fb, sizeof fb, "%s", r.feedback ? r.feedback : "");
			for (char *c = fb; *c; c++)
				if (*c == '\n')
					*c = ' ';
			print_message("corpus:%zu %s [%s] want %s, got %s: %s%s%s\n", line_no, id,
				      answer, want, course_verdict_name(r.verdict), fb,
				      note ? " | " : "", note ? note : "");
		}
		course_result_clear(&r);
	}
	free(line);
	fclose(f);
	print_message("notation corpus: %zu answers, %zu agree (correct %zu/%zu, incorrect %zu/%zu, "
		      "invalid %zu/%zu, blank %zu/%zu); wrong answers accepted: %zu\n", n, agree,
		      ok_by[COURSE_CORRECT], by[COURSE_CORRECT], ok_by[COURSE_INCORRECT],
		      by[COURSE_INCORRECT], ok_by[COURSE_INVALID], by[COURSE_INVALID],
		      ok_by[COURSE_BLANK], by[COURSE_BLANK], wrong_accepted);
	assert_true(n >= 500);
	assert_int_equal(agree, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_answer_gets_its_verdict),
	};
	return cmocka_run_group_tests_name("notation corpus", tests, setup, teardown);
}
