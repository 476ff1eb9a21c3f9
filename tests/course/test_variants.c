/* Variants: givens drawn from a seed within their `vary`, derived givens
 * recomputed, constraints met, everything built from the givens following
 * them (expected answers, rules, statement facts, steps), the erratum kept
 * on the published numbers, the same seed giving the same numbers, and the
 * loader's messages for a bad `vary` or a clash of givens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "course.h"
#include "model.h"

static struct course *course;

static int setup(void **state)
{
	(void)state;
	char *err = NULL;
	course = course_load(FIXTURES "/variants", &err);
	if (!course)
		fprintf(stderr, "%s", err ? err : "cannot load\n");
	free(err);
	return course ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	course_free(course);
	return 0;
}

/* A given's value as a number: the part's list of givens prints them. */
static double given(const struct course *c, const char *part, const char *name)
{
	const struct course_part *p = course_find_part(c, part);
	assert_non_null(p);
	for (size_t i = 0; i < p->n_givens; i++)
		if (!strcmp(p->givens[i].name, name))
			return strtod(p->givens[i].text, NULL);
	fail_msg("%s has no given %s", part, name);
	return NAN;
}

static const char *given_text(const struct course *c, const char *part, const char *name)
{
	const struct course_part *p = course_find_part(c, part);
	for (size_t i = 0; p && i < p->n_givens; i++)
		if (!strcmp(p->givens[i].name, name))
			return p->givens[i].text;
	return NULL;
}

static enum course_verdict judge(const struct course *c, const char *part, const char *answer,
				 char **feedback)
{
	struct course_check_result r;
	course_check(c, course_find_part(c, part), answer, &r);
	enum course_verdict v = r.verdict;
	if (feedback)
		*feedback = strdup(r.feedback);
	course_result_clear(&r);
	return v;
}

static void test_variant_zero_is_the_published_homework(void **state)
{
	(void)state;
	assert_int_equal(course->variant, 0);
	assert_true(given(course, "v1.a", "W") == 32 && given(course, "v1.a", "K") == 4);
	assert_true(given(course, "v1.a", "O") == 8);
	/* the question's givens come first in every part's list */
	const struct course_part *b = course_find_part(course, "v1.b");
	assert_int_equal(b->n_givens, 4);
	assert_string_equal(b->givens[0].name, "W");
	assert_string_equal(b->givens[3].name, "x");
	assert_string_equal(course_find_part(course, "v1.a")->statement,
			    "An input 32 wide, a kernel of 4, stride 4: how wide is the output?");
	assert_non_null(strstr(course->questions[0].intro, "A window of 4 slides"));
	struct course *v0 = course_variant(course, 0, NULL);
	assert_non_null(v0);
	assert_true(given(v0, "v1.a", "W") == 32);
	course_free(v0);
}

static void test_each_variant_draws_within_its_ranges_and_constraints(void **state)
{
	(void)state;
	size_t differ = 0;
	for (uint64_t n = 1; n <= 200; n++) {
		char *err = NULL;
		struct course *v = course_variant(course, n, &err);
		if (!v)
			fail_msg("variant %llu: %s", (unsigned long long)n, err);
		double W = given(v, "v1.a", "W"), K = given(v, "v1.a", "K"), O = given(v, "v1.a", "O");
		assert_true(W >= 16 && W <= 64 && fmod(W - 16, 4) == 0);
		assert_true(K == 2 || K == 4 || K == 8);
		assert_true(fmod(W - K, K) == 0);          /* the constraint */
		assert_true(O == (W - K) / K + 1);          /* derived, recomputed */
		differ += W != 32 || K != 4;
		/* everything built from the givens follows them */
		char answer[64], *fb = NULL;
		snprintf(answer, sizeof answer, "%g", O);
		assert_int_equal(judge(v, "v1.a", answer, NULL), COURSE_CORRECT);
		snprintf(answer, sizeof answer, "%g", W / K - 1);
		{
			assert_int_equal(judge(v, "v1.a", answer, &fb), COURSE_INCORRECT);
			char want[64];
			snprintf(want, sizeof want, "(%g − %g)/%g + 1", W, K, K);
			if (!strstr(fb, want))
				fail_msg("variant %llu: the rule's facts are not this variant's: %s",
					 (unsigned long long)n, fb);
			free(fb);
		}
		char statement[128];
		snprintf(statement, sizeof statement, "An input %g wide, a kernel of %g,", W, K);
		assert_non_null(strstr(course_find_part(v, "v1.a")->statement, statement));
		char step[32];
		snprintf(step, sizeof step, "%g", O);
		assert_string_equal(course_find_part(v, "v1.a")->steps[0].value, step);
		/* the part's own vector given, each entry drawn */
		const char *x = given_text(v, "v1.b", "x");
		double x1, x2, x3;
		assert_int_equal(sscanf(x, "(%lf, %lf, %lf)", &x1, &x2, &x3), 3);
		assert_true(fabs(x1) <= 2 && fabs(x2) <= 2 && fabs(x3) <= 2);
		assert_true(fabs(x1) + fabs(x2) + fabs(x3) > 0);
		char doubled[64];
		snprintf(doubled, sizeof doubled, "(%g, %g, %g)", 2 * x1, 2 * x2, 2 * x3);
		assert_int_equal(judge(v, "v1.b", doubled, NULL), COURSE_CORRECT);
		/* the erratum stays on the published numbers, and says so */
		const struct course_erratum *er = course_find_part(v, "v1.a")->erratum;
		assert_true(er->published_numbers);
		assert_string_equal(er->quote, "out = (32 − 4)/4");
		assert_false(course_find_part(course, "v1.a")->erratum->published_numbers);
		course_free(v);
		free(err);
	}
	assert_true(differ > 150);
}

static void test_the_same_seed_gives_the_same_numbers(void **state)
{
	(void)state;
	for (uint64_t n = 1; n <= 20; n++) {
		struct course *a = course_variant(course, n * 7919, NULL);
		struct course *b = course_variant(course, n * 7919, NULL);
		struct course *c = course_variant(a, n * 7919, NULL);  /* from a variant too */
		assert_non_null(a);
		assert_non_null(b);
		assert_non_null(c);
		assert_string_equal(given_text(a, "v1.b", "x"), given_text(b, "v1.b", "x"));
		assert_string_equal(given_text(a, "v1.a", "W"), given_text(c, "v1.a", "W"));
		course_free(c);
		course_free(b);
		course_free(a);
	}
}

static void test_a_students_variant_is_stable_and_their_own(void **state)
{
	(void)state;
	uint64_t ana = course_student_variant(course, "ana");
	assert_true(ana >= 1 && ana <= COURSE_MAX_VARIANT);
	assert_int_equal(course_student_variant(course, "ana"), ana);
	size_t same = 0;
	char name[32];
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "student%d", i);
		uint64_t v = course_student_variant(course, name);
		assert_true(v >= 1 && v <= COURSE_MAX_VARIANT);
		same += v == ana;
	}
	assert_int_equal(same, 0);
	assert_string_equal(course_key(course), "variants");
}

/* Lessons in memory, for the loader's messages. */
static char *load_error(const char *lesson)
{
	struct course_file cy = { "course.yaml", "title: T\n", 9 };
	struct course_file q = { "q1.yaml", lesson, strlen(lesson) };
	char *err = NULL;
	struct course *c = course_load_files("mem", &cy, &q, 1, &err);
	course_free(c);
	return c ? NULL : err;
}

static struct course *load_ok(const char *lesson)
{
	struct course_file cy = { "course.yaml", "title: T\n", 9 };
	struct course_file q = { "q1.yaml", lesson, strlen(lesson) };
	char *err = NULL;
	struct course *c = course_load_files("mem", &cy, &q, 1, &err);
	if (!c)
		fail_msg("%s", err);
	free(err);
	return c;
}

static void test_bad_vary_and_clashing_givens_are_load_errors(void **state)
{
	(void)state;
	char *e = load_error("id: q\ntitle: T\ngivens:\n  - name: W\n    value: \"3\"\n"
			     "    vary: { from: 5, to: 1, step: 1 }\nparts:\n  - id: q.a\n"
			     "    title: A\n    statement: S\n    kind: number\n"
			     "    check: { expected: \"W\" }\n");
	assert_non_null(e);
	assert_non_null(strstr(e, "mem/q1.yaml:6:11: vary: a range needs"));
	free(e);
	e = load_error("id: q\ntitle: T\ngivens:\n  - name: W\n    value: \"3\"\n"
		       "    vary: { values: [\"2\", \"3\"], step: 1 }\nparts:\n  - id: q.a\n"
		       "    title: A\n    statement: S\n    kind: number\n"
		       "    check: { expected: \"W\" }\n");
	assert_non_null(strstr(e, "not both"));
	free(e);
	e = load_error("id: q\ntitle: T\ngivens:\n  - name: W\n    value: \"3\"\nparts:\n"
		       "  - id: q.a\n    title: A\n    statement: S\n    kind: number\n"
		       "    givens:\n      - name: W\n        value: \"4\"\n"
		       "    check: { expected: \"W\" }\n");
	assert_non_null(e);
	assert_non_null(strstr(e, "mem/q1.yaml:12:15: given 'W' is already given by the question"));
	free(e);
	e = load_error("id: q\ntitle: T\ngivens:\n  - name: W\n    value: \"3\"\n"
		       "    vary: { values: [\"2\", \"nosuch\"] }\nparts:\n  - id: q.a\n"
		       "    title: A\n    statement: S\n    kind: number\n"
		       "    check: { expected: \"W\" }\n");
	assert_non_null(strstr(e, "mem/q1.yaml:6:28: Name error: unknown name 'nosuch'"));
	free(e);
	e = load_error("id: q\ntitle: T\ngivens:\n  - name: W\n    value: \"3\"\n"
		       "constraints: [\"W >\"]\nparts:\n  - id: q.a\n"
		       "    title: A\n    statement: S\n    kind: number\n"
		       "    check: { expected: \"W\" }\n");
	assert_non_null(strstr(e, "mem/q1.yaml:6:"));
	assert_non_null(strstr(e, "constraints"));
	free(e);
}

static void test_constraints_that_cannot_be_met_name_the_variant(void **state)
{
	(void)state;
	struct course *c = load_ok("id: q\ntitle: T\ngivens:\n  - name: W\n    value: \"3\"\n"
				   "    vary: { from: 4, to: 8, step: 2 }\n"
				   "constraints: [\"mod(W, 2) == 1\"]\nparts:\n  - id: q.a\n"
				   "    title: A\n    statement: S\n    kind: number\n"
				   "    check: { expected: \"W\" }\n");
	char *err = NULL;
	assert_null(course_variant(c, 5, &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "question q, variant 5: no draw of its givens meets its constraints"));
	free(err);
	/* variant 0 needs no draw: the published numbers stand */
	struct course *v0 = course_variant(c, 0, &err);
	assert_non_null(v0);
	course_free(v0);
	course_free(c);
}

/* validate proves the variants: a size whole in the published homework
 * but not in a variant, and a variant that cannot be built, are named. */
static void test_validate_names_the_failing_variant(void **state)
{
	(void)state;
	struct course *c = load_ok("id: q\ntitle: T\ngivens:\n  - name: W\n    value: \"6\"\n"
				   "    vary: { from: 4, to: 8, step: 1 }\nparts:\n  - id: q.a\n"
				   "    title: A\n    statement: \"{=1/(W - 5)}\"\n    kind: number\n"
				   "    check: { expected: \"W\" }\n"
				   "    steps:\n      - text: third\n        expr: \"W/3\"\n");
	char *report = NULL;
	struct course_validate_stats st;
	assert_int_equal(course_validate_variants(c, 100, &report, &st), 2);
	assert_non_null(strstr(report, "q.a: a size is not a whole number in"));
	assert_non_null(strstr(report, "step 1 (\"W/3\")"));
	assert_non_null(strstr(report, "q: the course cannot be built in"));
	assert_non_null(strstr(report, "division by zero"));
	assert_true(st.most_draws >= 1);
	free(report);
	free(st.drops);
	course_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_variant_zero_is_the_published_homework),
		cmocka_unit_test(test_each_variant_draws_within_its_ranges_and_constraints),
		cmocka_unit_test(test_the_same_seed_gives_the_same_numbers),
		cmocka_unit_test(test_a_students_variant_is_stable_and_their_own),
		cmocka_unit_test(test_bad_vary_and_clashing_givens_are_load_errors),
		cmocka_unit_test(test_constraints_that_cannot_be_met_name_the_variant),
		cmocka_unit_test(test_validate_names_the_failing_variant),
	};
	return cmocka_run_group_tests_name("variants", tests, setup, teardown);
}
