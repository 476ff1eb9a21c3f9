/* Choice parts carry no answer cue: "always pick the longest option" and
 * "always pick the first" score at chance, in the course's order and in
 * the order each student sees; the order is stable per student and
 * differs between students; a letter means the student's own order, and
 * the reading names the option by its text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "course.h"
#include "utf8.h"

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

static bool correct(const struct course_part *p, const char *answer,
		    const struct course_check_context *ctx)
{
	struct course_check_result r;
	course_check_ctx(course, p, answer, ctx, &r);
	bool ok = r.verdict == COURSE_CORRECT;
	course_result_clear(&r);
	return ok;
}

static size_t length(const char *s)
{
	return utf8_count(s, strlen(s));
}

/* The score of "always pick the longest" and "always pick the first"
 * over every choice part, in the order ctx gives (NULL: the course's),
 * and the score chance gives. */
static void strategies(const char *student, double *longest, double *first,
		       double *chance, size_t *parts)
{
	*longest = *first = *chance = 0;
	*parts = 0;
	for (size_t i = 0; i < course_part_count(course); i++) {
		const struct course_part *p = course_part_at(course, i);
		if (p->kind != COURSE_CHOICE)
			continue;
		size_t order[26];
		assert_true(p->n_choices <= 26);
		if (student)
			course_choice_order(p, student, order);
		struct course_check_context ctx = { .choice_order = student ? order : NULL };
		size_t best = 0;
		for (size_t k = 1; k < p->n_choices; k++) {
			size_t shown_k = student ? order[k] : k, shown_b = student ? order[best] : best;
			if (length(p->choices[shown_k]) > length(p->choices[shown_b]))
				best = k;
		}
		char a[4];
		snprintf(a, sizeof a, "%zu", best + 1);
		*longest += correct(p, a, &ctx);
		*first += correct(p, "1", &ctx);
		*chance += 1.0 / (double)p->n_choices;
		(*parts)++;
	}
}

static void test_no_strategy_beats_chance(void **state)
{
	(void)state;
	double longest, first, chance;
	size_t parts;
	strategies(NULL, &longest, &first, &chance, &parts);
	print_message("course order: %zu choice parts, longest %g, first %g, chance %.2f\n",
		      parts, longest, first, chance);
	assert_true(parts >= 7);
	/* at chance: neither always wrong (a cue to rule it out) nor often right */
	assert_true(longest <= chance + 1 && longest >= chance - 1.5);
	assert_true(first <= chance + 1 && first >= chance - 1.5);
	/* and over many students, each in their own order */
	double sum_first = 0, sum_longest = 0;
	const int students = 400;
	for (int s = 0; s < students; s++) {
		char name[32];
		snprintf(name, sizeof name, "ift6135-a2\x1fstudent%d", s);
		strategies(name, &longest, &first, &chance, &parts);
		sum_first += first;
		sum_longest += longest;
	}
	double mean_first = sum_first / students, mean_longest = sum_longest / students;
	print_message("%d students: mean first %.2f, mean longest %.2f, chance %.2f\n",
		      students, mean_first, mean_longest, chance);
	assert_true(mean_first > chance - 0.4 && mean_first < chance + 0.4);
	assert_true(mean_longest <= chance + 1);
}

static void test_order_is_stable_per_student_and_differs_between_them(void **state)
{
	(void)state;
	const struct course_part *p = NULL;
	for (size_t i = 0; i < course_part_count(course) && !p; i++)
		if (course_part_at(course, i)->n_choices >= 4)
			p = course_part_at(course, i);
	assert_non_null(p);
	size_t a[26], b[26], c[26];
	course_choice_order(p, "ift6135-a2\x1f" "ana", a);
	course_choice_order(p, "ift6135-a2\x1f" "ana", b);
	assert_memory_equal(a, b, p->n_choices * sizeof *a);
	/* a permutation */
	unsigned seen = 0;
	for (size_t i = 0; i < p->n_choices; i++)
		seen |= 1u << a[i];
	assert_int_equal(seen, (1u << p->n_choices) - 1);
	/* another student: another order, for some name among a few */
	bool differs = false;
	const char *names[] = { "ben", "chloé", "dmitri", "eun-ji", "farid" };
	for (size_t k = 0; k < 5 && !differs; k++) {
		char seed[64];
		snprintf(seed, sizeof seed, "ift6135-a2\x1f%s", names[k]);
		course_choice_order(p, seed, c);
		differs = memcmp(a, c, p->n_choices * sizeof *a) != 0;
	}
	assert_true(differs);
}

static void test_letters_follow_the_students_order_and_text_names_the_option(void **state)
{
	(void)state;
	const struct course_part *p = NULL;
	for (size_t i = 0; i < course_part_count(course) && !p; i++)
		if (course_part_at(course, i)->n_choices >= 3)
			p = course_part_at(course, i);
	size_t order[26];
	course_choice_order(p, "ift6135-a2\x1f" "ana", order);
	struct course_check_context ctx = { .choice_order = order };
	size_t right_shown = 0;
	for (size_t i = 0; i < p->n_choices; i++) {
		char letter[2] = { (char)('a' + i), '\0' };
		struct course_check_result r;
		course_check_ctx(course, p, letter, &ctx, &r);
		/* the reading names the option the student saw at that letter */
		assert_non_null(r.interpreted);
		assert_non_null(strstr(r.interpreted, p->choices[order[i]]));
		if (r.verdict == COURSE_CORRECT)
			right_shown = i + 1;
		course_result_clear(&r);
	}
	assert_int_not_equal(right_shown, 0);
	/* pasting the option's text chooses it, whatever the order */
	const char *text = p->choices[order[right_shown - 1]];
	assert_true(correct(p, text, &ctx));
	assert_true(correct(p, text, NULL));
	/* and a start of it, ending at a word, that no other option shares;
	 * cut inside a word, it names nothing */
	char start[256];
	int cut = (int)(strlen(text) * 9 / 10);
	while (cut > 0 && text[cut] != ' ')
		cut--;
	snprintf(start, sizeof start, "%.*s", cut, text);
	assert_true(correct(p, start, &ctx));
	snprintf(start, sizeof start, "%.*s", cut - 1, text);
	assert_false(correct(p, start, &ctx));
	/* a start that two options share is not a choice */
	struct course_check_result r;
	course_check_ctx(course, p, "That", &ctx, &r);
	assert_int_not_equal(r.verdict, COURSE_CORRECT);
	course_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_strategy_beats_chance),
		cmocka_unit_test(test_order_is_stable_per_student_and_differs_between_them),
		cmocka_unit_test(test_letters_follow_the_students_order_and_text_names_the_option),
	};
	return cmocka_run_group_tests_name("choice parts", tests, setup, teardown);
}
