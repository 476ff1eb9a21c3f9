/* Named mistakes: slips written for this test, on the bundled course and on
 * a fixture (fixtures/mistakes), each with the name it must get or none;
 * how many get a name is printed. And what a name must never do: name an
 * answer that is correct or that a feedback rule explains, name one of
 * two mutations that an answer matches both of, or differ between a
 * table kept across answers and one built for a single answer. Points,
 * weights and steps of the fixture, and the load errors of bad ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "course.h"
#include "model.h"

static struct course *bundled, *fixture;
static struct course_mistakes *bundled_table, *fixture_table;

static struct course *load(const char *dir)
{
	char *err = NULL;
	struct course *c = course_load(dir, &err);
	if (!c)
		fail_msg("cannot load %s: %s", dir, err ? err : "?");
	free(err);
	return c;
}

static void check(struct course *c, struct course_mistakes *table, const char *id,
		  const char *answer, struct course_check_result *r)
{
	const struct course_part *p = course_find_part(c, id);
	if (!p)
		fail_msg("no part %s", id);
	struct course_check_context ctx = { .mistakes = table };
	course_check_ctx(c, p, answer, &ctx, r);
}

/* A slip and what it must get: its name, or NULL for none (a rule
 * explains it, or no single mutation does). */
struct slip {
	const char *part, *answer, *name;
};

static const struct slip slips[] = {
	/* q1: conv(x, w) has no piece a slip changes alone */
	{ "q1.full", "(1, 2, 5, 8, 6)", NULL },
	{ "q1.full", "(2, 0, 5, 8, 6, 8)", NULL },
	{ "q1.valid", "(4, 6)", NULL },
	/* q2.a: the rules know the common ones; channels for channels only */
	{ "q2.a", "128*23*23", NULL },                   /* rule: the +1 */
	{ "q2.a", "64*24*24", NULL },                    /* rule: N1 for N3 */
	{ "q2.a", "13824", NULL },                       /* rule: the published one */
	{ "q2.a", "128*24*24*64", "an extra factor N1" },
	{ "q2.a", "128*12*12", NULL },                   /* no kernel size 128 */
	{ "q2.a", "128*26*26", NULL },                   /* padding 2: 2·P3, or P3 + 1 */
	/* q2.b */
	{ "q2.b", "4*4*64*64", "N1 in place of N3" },
	{ "q2.b", "4*4*3*64", "C0 in place of N3" },
	{ "q2.b", "5*5*64*128", NULL },                  /* K3 + 1, or Kp: two names */
	{ "q2.b", "4*4*64*256", NULL },                  /* 2·N3, or 2·N1: two names */
	{ "q2.b", "4*64*128", "no factor K3" },
	{ "q2.b", "4*4*64*128*4", NULL },                /* K3 extra, or 2·K3 once: two names */
	{ "q2.b", "4*4*3*128", NULL },                   /* rule: the published one */
	{ "q2.b", "8*8*64*128", NULL },
	/* q3.c: a shape */
	{ "q3.c", "15x15", "2·W in place of W" },
	{ "q3.c", "6x6", NULL },                         /* rule: the +1 */
	{ "q3.c", "57x57", NULL },
	/* q4 */
	{ "q4.b", "norm((M .* M)*w - y)^2", "M in place of X" },
	{ "q4.b", "norm((X .* X)*w - y)^2", "X in place of M" },
	{ "q4.b", "norm(X*w - y)^2", NULL },             /* rule: no mask */
	{ "q4.c", "(1-p)/(2*p)", "2·p in place of p" },
	{ "q4.c", "p/(1-p)", NULL },                     /* rule: drop probability */
	{ "q4.c", "2*(1-p)/p", NULL },
	/* q5 */
	{ "q5", "softmax(W'*v + b)", NULL },             /* rule: no ½ */
	{ "q5", "softmax(2*W'*v + b)", NULL },
	/* q6 */
	{ "q6.a", "x'*w/norm(x)", "x in place of w" },
	{ "q6.a", "w'*x/norm(w)^2", NULL },              /* rule */
	{ "q6.a", "2*w'*x/norm(w)", NULL },
	{ "q6.b", "2*g/norm(u)*(I - u*u'/norm(u)^2)", "2·g in place of g" },
	{ "q6.b", "(g+1)/norm(u)*(I - u*u'/norm(u)^2)", "g + 1 in place of g" },
	{ "q6.b", "g/norm(u)*(I - u*u')",
	  "uuᵀ where the projection needs uuᵀ/‖u‖² (u/‖u‖ is the unit vector)" },
	{ "q6.b", "g*(I - u*u'/norm(u)^2)", NULL },      /* rule: the scale */
	{ "q6.b", "g/norm(u)*(I - u'*u/norm(u)^2)", NULL },  /* rule: the published one */
	{ "q6.b", "g/norm(u)*I", NULL },
	{ "q6.c", "norm(u)^2 + eta^2*norm(u)^2", "u in place of d" },
	{ "q6.c", "norm(u)^2 + eta*norm(d)^2", NULL },   /* rule: η² */
	{ "q6.c", "norm(u)^2 + 2*eta^2*norm(d)^2", NULL },
};

static void test_slips_on_the_bundled_course_get_their_names(void **state)
{
	(void)state;
	size_t named = 0, by_rule = 0, n = sizeof slips / sizeof *slips;
	for (size_t i = 0; i < n; i++) {
		struct course_check_result r;
		check(bundled, bundled_table, slips[i].part, slips[i].answer, &r);
		if (r.verdict != COURSE_INCORRECT)
			fail_msg("%s [%s] is %s, not incorrect", slips[i].part, slips[i].answer,
				 course_verdict_name(r.verdict));
		const char *got = r.mistake;
		if ((got == NULL) != (slips[i].name == NULL) ||
		    (got && strcmp(got, slips[i].name)))
			fail_msg("%s [%s]: named '%s', want '%s'", slips[i].part, slips[i].answer,
				 got ? got : "(none)", slips[i].name ? slips[i].name : "(none)");
		if (got) {
			char want[300];
			snprintf(want, sizeof want, "This is what you get with %s.", got);
			assert_int_equal(strncmp(r.feedback, want, strlen(want)), 0);
			assert_int_equal(r.rule, 0);
			named++;
		}
		by_rule += r.rule != 0;
		course_result_clear(&r);
	}
	print_message("named mistakes: %zu of %zu slips named, %zu caught by a rule first, "
		      "%zu neither\n", named, n, by_rule, n - named - by_rule);
	size_t want = 0;
	for (size_t i = 0; i < n; i++)
		want += slips[i].name != NULL;
	assert_int_equal(named, want);
}

/* Every answer the lesson calls right, and every rule's example: never a
 * name. */
static void test_no_name_for_a_right_answer_or_a_rule_example(void **state)
{
	(void)state;
	for (size_t i = 0; i < course_part_count(bundled); i++) {
		const struct course_part *p = course_part_at(bundled, i);
		const struct rt_part *rt = course_rt(bundled, p);
		const struct y_check *ck = rt->y->check;
		struct course_check_context ctx = { .mistakes = bundled_table };
		struct course_check_result r;
		const char *right[66];
		size_t n = 0;
		if (ck->expected && p->kind != COURSE_CHOICE)
			right[n++] = ck->expected;
		for (unsigned j = 0; j < ck->examples_count && n < 64; j++)
			right[n++] = ck->examples[j];
		for (size_t j = 0; j < n; j++) {
			course_check_ctx(bundled, p, right[j], &ctx, &r);
			assert_int_equal(r.verdict, COURSE_CORRECT);
			assert_null(r.mistake);
			course_result_clear(&r);
		}
		for (size_t j = 0; j < rt->n_rules; j++) {
			const char *ex = rt->rules[j].y->example ? rt->rules[j].y->example
							     : rt->rules[j].y->value;
			course_check_ctx(bundled, p, ex, &ctx, &r);
			if (r.rule != j + 1 || r.mistake)
				fail_msg("%s rule %zu's example [%s]: rule %u, mistake %s", p->id,
					 j + 1, ex, r.rule, r.mistake ? r.mistake : "-");
			course_result_clear(&r);
		}
	}
}

/* Each mutation, typed as an answer: named with its own name, or not at
 * all (it is right, a rule explains it, or another name fits it too). */
static void test_a_mutation_typed_is_named_by_itself_or_not_at_all(struct course *c,
								   struct course_mistakes *table)
{
	size_t tried = 0, named = 0;
	for (size_t i = 0; i < course_part_count(c); i++) {
		const struct course_part *p = course_part_at(c, i);
		if (p->kind == COURSE_CONFIGURATION)
			continue;  /* a mutated constraint is not an answer */
		char *list = course_mistakes_list(table, p);
		assert_non_null(list);
		for (char *line = list; *line; ) {
			char *nl = strchr(line, '\n'), *tab = strchr(line, '\t');
			assert_non_null(nl);
			assert_non_null(tab);
			*tab = *nl = '\0';
			struct course_check_result r;
			struct course_check_context ctx = { .mistakes = table };
			course_check_ctx(c, p, tab + 1, &ctx, &r);
			tried++;
			if (r.mistake) {
				named++;
				if (strcmp(r.mistake, line))
					fail_msg("%s: the mutation '%s' (%s) is named '%s'", p->id,
						 line, tab + 1, r.mistake);
			}
			if ((r.verdict == COURSE_CORRECT || r.rule) && r.mistake)
				fail_msg("%s: %s is %s (rule %u) and named", p->id, tab + 1,
					 course_verdict_name(r.verdict), r.rule);
			course_result_clear(&r);
			line = nl + 1;
		}
		free(list);
	}
	print_message("mutations typed as answers: %zu, named by themselves: %zu\n", tried, named);
	assert_true(named > 0);
}

static void test_bundled_mutations_typed_as_answers(void **state)
{
	(void)state;
	test_a_mutation_typed_is_named_by_itself_or_not_at_all(bundled, bundled_table);
}

static void test_fixture_mutations_typed_as_answers(void **state)
{
	(void)state;
	test_a_mutation_typed_is_named_by_itself_or_not_at_all(fixture, fixture_table);
}

static const struct slip fixture_slips[] = {
	{ "m1.count", "5*5*16*16", "N in place of C" },
	{ "m1.count", "5*5*3*3", "C in place of N" },
	{ "m1.count", "5*3*16", "no factor K" },
	/* ×2: C, N or K doubled, or an extra stride: four names, none given */
	{ "m1.count", "5*5*3*16*2", NULL },
	/* the part's own name for what would be "P in place of 2·P" */
	{ "m1.size", "(33 + 3 - 5)/2 + 1", "the padding of one side only" },
	{ "m1.size", "(33 + 6 - 5)/2", "(W + 2·P − K)/S in place of (W + 2·P − K)/S + 1" },
	/* a kernel of 6 for 5: one more than a "+ 1" dropped, and unique */
	{ "m1.size", "(33 + 6 - 6)/2 + 1", "K + 1 in place of K" },
	{ "m1.cfg", "K=9, S=2", "no division by S" },
	{ "m1.cfg", "K=4, S=4", "floor((W + 2·P − K)/S) + 1 in place of floor((W + 2·P − K)/S)" },
	/* the kernel does not fit: a range condition, never mutated */
	{ "m1.cfg", "K=13, S=1", NULL },
	{ "m1.formula", "g/norm(u)*(I - u'*u/norm(u)^2)",
	  "the inner product uᵀ*u in place of the outer product u*uᵀ" },
	{ "m1.formula", "g*(I - u*u'/norm(u)^2)", "no division by norm(u)" },
	{ "m1.formula", "2*g/norm(u)*(I - u*u'/norm(u)^2)", "2·g in place of g" },
};

static void test_slips_on_the_fixture_get_their_names(void **state)
{
	(void)state;
	size_t n = sizeof fixture_slips / sizeof *fixture_slips, named = 0;
	for (size_t i = 0; i < n; i++) {
		const struct slip *s = &fixture_slips[i];
		/* with a table kept across answers, and with none */
		for (int table = 0; table < 2; table++) {
			struct course_check_result r;
			check(fixture, table ? fixture_table : NULL, s->part, s->answer, &r);
			assert_int_equal(r.verdict, COURSE_INCORRECT);
			if ((r.mistake == NULL) != (s->name == NULL) ||
			    (r.mistake && strcmp(r.mistake, s->name)))
				fail_msg("%s [%s] (%s table): named '%s', want '%s'", s->part,
					 s->answer, table ? "a" : "no", r.mistake ? r.mistake : "(none)",
					 s->name ? s->name : "(none)");
			named += table && r.mistake;
			course_result_clear(&r);
		}
	}
	print_message("fixture: %zu of %zu slips named\n", named, n);
}

/* Swaps stay within a kind; a configuration's range conditions and
 * givens stay as they are. */
static void test_mutations_keep_kinds_and_range_conditions(void **state)
{
	(void)state;
	char *count = course_mistakes_list(fixture_table, course_find_part(fixture, "m1.count"));
	assert_non_null(strstr(count, "N in place of C\t"));
	assert_null(strstr(count, "S in place of K"));
	assert_null(strstr(count, "K in place of C"));
	free(count);
	char *cfg = course_mistakes_list(fixture_table, course_find_part(fixture, "m1.cfg"));
	size_t lines = 0;
	for (char *line = cfg; *line; line = strchr(line, '\n') + 1) {
		lines++;
		char *nl = strchr(line, '\n');
		*nl = '\0';
		if (!strstr(line, "== O and K ≤ W and K ≥ 1 and S ≥ 1"))
			fail_msg("a configuration mutation changes more than its equation: %s", line);
		if (strstr(line, "W in place") || strstr(line, "O in place") || strstr(line, "2·W"))
			fail_msg("a configuration mutation changes a given: %s", line);
		*nl = '\n';
	}
	assert_true(lines >= 8);
	free(cfg);
	/* a choice part has nothing to mutate */
	char *none = course_mistakes_list(bundled_table, course_find_part(bundled, "q4.a"));
	assert_string_equal(none, "");
	free(none);
}

static void test_validate_reports_an_own_mistake_the_answer_lacks(void **state)
{
	(void)state;
	char *report = NULL;
	assert_int_equal(course_validate(fixture, &report), 1);
	assert_non_null(strstr(report, "m1.yaml:"));
	assert_non_null(strstr(report, "m1.size: mistakes entry 2: \"3*K\" is nowhere in the "
				       "expected answer"));
	free(report);
	assert_int_equal(course_validate(bundled, &report), 0);
	free(report);
}

static void test_points_weights_and_steps(void **state)
{
	(void)state;
	/* m1: 6 points, weights 2, 1, 1, 1 over its four sheet ids */
	const double want[] = { 2.4, 1.2, 1.2, 1.2, 0 };
	const char *ids[] = { "m1.count", "m1.size", "m1.cfg", "m1.formula", "m1.step" };
	for (size_t i = 0; i < 5; i++) {
		const struct course_part *p = course_find_part(fixture, ids[i]);
		assert_true(p->on_sheet == (i < 4));
		assert_true(course_part_points(fixture, p) > want[i] - 1e-12 &&
			    course_part_points(fixture, p) < want[i] + 1e-12);
	}
	assert_true(fixture->questions[0].points == 6);
	/* the bundled course: q1 5, q2 5, q3..q6 10, equal shares */
	const struct { const char *id; double points; } b[] = {
		{ "q1.full", 5.0 / 3 }, { "q2.a", 2.5 }, { "q3.c", 10.0 / 7 },
		{ "q4.c", 10.0 / 3 }, { "q5", 10 }, { "q6.b", 10.0 / 3 }, { "q5.step2", 0 },
	};
	double total = 0;
	for (size_t i = 0; i < course_part_count(bundled); i++)
		total += course_part_points(bundled, course_part_at(bundled, i));
	assert_true(total > 50 - 1e-9 && total < 50 + 1e-9);
	for (size_t i = 0; i < sizeof b / sizeof *b; i++) {
		double got = course_part_points(bundled, course_find_part(bundled, b[i].id));
		assert_true(got > b[i].points - 1e-12 && got < b[i].points + 1e-12);
	}
	/* ids without regard to case */
	assert_ptr_equal(course_find_sheet_id(bundled, "Q4.C"), course_find_part(bundled, "q4.c"));
	assert_ptr_equal(course_find_sheet_id(bundled, "q3.D.III"), course_find_part(bundled, "q3.d.iii"));
	assert_null(course_find_sheet_id(bundled, "q4.cc"));
}

/* A lesson file in memory: one question with one part, fields given. */
static char *load_error(const char *question_fields, const char *part_fields)
{
	char lesson[2048];
	snprintf(lesson, sizeof lesson,
		 "id: e1\ntitle: Errors\n%s"
		 "parts:\n"
		 "  - id: e1.a\n    title: A\n    statement: S.\n    kind: number\n"
		 "    givens:\n      - name: K\n        value: \"3\"\n"
		 "    check:\n      expected: \"K + 1\"\n%s",
		 question_fields, part_fields);
	static const char title[] = "title: T\n";
	struct course_file cy = { "course.yaml", title, sizeof title - 1 };
	struct course_file q = { "e1.yaml", lesson, strlen(lesson) };
	char *err = NULL;
	struct course *c = course_load_files("mem", &cy, &q, 1, &err);
	course_free(c);
	return c ? NULL : err;
}

static void test_bad_points_weights_and_mistakes_are_load_errors(void **state)
{
	(void)state;
	const struct { const char *q, *p, *want; } cases[] = {
		{ "points: -1\n", "", "mem/e1.yaml:3:9: 'points' must be a number, 0 or more" },
		{ "points: 5\n", "    step: true\n", "the question has points but no answer-sheet id" },
		{ "", "    weight: 0\n", "e1.a: 'weight' must be a number above 0" },
		{ "", "    step: true\n    weight: 2\n", "e1.a: a step of the lesson has no weight" },
		{ "", "    weight: lots\n", "'weight' must be a number, not 'lots'" },
		{ "", "    mistakes:\n      - replace: \"K +\"\n        with: \"K\"\n        name: n\n",
		  "Parse error" },
		{ "", "    mistakes:\n      - replace: \"K\"\n        name: n\n",
		  "missing key 'with'" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *err = load_error(cases[i].q, cases[i].p);
		if (!err || !strstr(err, cases[i].want))
			fail_msg("case %zu: want \"%s\" in: %s", i, cases[i].want, err ? err : "(loaded)");
		assert_non_null(strstr(err, "mem/e1.yaml:"));
		free(err);
	}
	char *ok = load_error("points: 0\n", "    weight: 2.5\n");
	assert_null(ok);
}

static int setup(void **state)
{
	(void)state;
	bundled = load(COURSE_DIR);
	fixture = load(FIXTURES "/mistakes");
	bundled_table = course_mistakes_new(bundled);
	fixture_table = course_mistakes_new(fixture);
	return bundled_table && fixture_table ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	course_mistakes_free(bundled_table);
	course_mistakes_free(fixture_table);
	course_mistakes_free(NULL);
	course_free(bundled);
	course_free(fixture);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slips_on_the_bundled_course_get_their_names),
		cmocka_unit_test(test_no_name_for_a_right_answer_or_a_rule_example),
		cmocka_unit_test(test_bundled_mutations_typed_as_answers),
		cmocka_unit_test(test_fixture_mutations_typed_as_answers),
		cmocka_unit_test(test_slips_on_the_fixture_get_their_names),
		cmocka_unit_test(test_mutations_keep_kinds_and_range_conditions),
		cmocka_unit_test(test_validate_reports_an_own_mistake_the_answer_lacks),
		cmocka_unit_test(test_points_weights_and_steps),
		cmocka_unit_test(test_bad_points_weights_and_mistakes_are_load_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
