/* tutor_do: every lesson request carried out on the three-part fixture
 * course (fixtures/mini), with the reply both front ends render: what to
 * show, the revealed item, the words of the message and what changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tutor.h"

struct fixture {
	struct course *course;
	struct tutor_session *s;
	struct tutor_reply r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	char *error = NULL;
	f->course = course_load(TUTOR_FIXTURES "/mini", &error);
	if (!f->course)
		fail_msg("fixture course: %s", error ? error : "?");
	/* No store: the requests do not depend on one. */
	f->s = tutor_open(f->course, NULL, "mini");
	assert_non_null(f->s);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tutor_reply_clear(&f->r);
	tutor_close(f->s);
	course_free(f->course);
	free(f);
	return 0;
}

/* Carry out req (with arg) and return the reply, clearing the last one. */
static const struct tutor_reply *ask(struct fixture *f, enum tutor_request req,
				     const char *arg)
{
	tutor_reply_clear(&f->r);
	assert_true(tutor_do(f->s, req, arg, &f->r));
	assert_int_equal(f->r.request, req);
	return &f->r;
}

static void test_hint_reveals_the_next_one_then_says_none_are_left(void **state)
{
	struct fixture *f = *state;
	const struct tutor_reply *r = ask(f, TUTOR_REQ_HINT, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_HINT);
	assert_string_equal(r->text, "Slide the kernel one step at a time.");
	assert_int_equal(r->number, 1);
	assert_int_equal(r->total, 2);
	assert_int_equal(r->changed, TUTOR_CHANGED_HINTS);
	assert_string_equal(r->message, "");
	r = ask(f, TUTOR_REQ_HINT, NULL);
	assert_int_equal(r->number, 2);
	r = ask(f, TUTOR_REQ_HINT, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_NOTHING);
	assert_int_equal(r->changed, 0);
	assert_string_equal(r->message, "No more hints for this part.");
	assert_int_equal(tutor_hints_shown(f->s, 0), 2);
}

static void test_hint_on_a_part_without_hints_says_so(void **state)
{
	struct fixture *f = *state;
	assert_true(tutor_goto_id(f->s, "q1.c"));
	const struct tutor_reply *r = ask(f, TUTOR_REQ_HINT, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_NOTHING);
	assert_string_equal(r->message, "This part has no hints.");
}

static void test_step_carries_the_engine_value_then_says_all_are_shown(void **state)
{
	struct fixture *f = *state;
	const struct tutor_reply *r = ask(f, TUTOR_REQ_STEP, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_STEP);
	assert_string_equal(r->step->value, "8");
	assert_int_equal(r->number, 1);
	assert_int_equal(r->total, 1);
	assert_int_equal(r->changed, TUTOR_CHANGED_STEPS);
	r = ask(f, TUTOR_REQ_STEP, NULL);
	assert_string_equal(r->message, "Every worked step is shown.");
	tutor_goto_id(f->s, "q1.b");
	r = ask(f, TUTOR_REQ_STEP, NULL);
	assert_string_equal(r->message, "This part has no worked steps.");
}

static void test_erratum_only_where_the_published_solution_erred(void **state)
{
	struct fixture *f = *state;
	const struct tutor_reply *r = ask(f, TUTOR_REQ_ERRATUM, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_ERRATUM);
	assert_string_equal(r->erratum->quote, "10 − 3 = 7");
	assert_int_equal(r->changed, TUTOR_CHANGED_ERRATUM);
	tutor_next(f->s);
	r = ask(f, TUTOR_REQ_ERRATUM, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_NOTHING);
	assert_string_equal(r->message, "The published solution gets this part "
			    "right: nothing to correct.");
}

static void test_next_and_prev_show_the_new_part_and_stop_at_the_ends(void **state)
{
	struct fixture *f = *state;
	const struct tutor_reply *r = ask(f, TUTOR_REQ_PREV_PART, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_NOTHING);
	assert_string_equal(r->message, "This is the first part.");
	r = ask(f, TUTOR_REQ_NEXT_PART, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_PART);
	assert_int_equal(r->changed, TUTOR_CHANGED_PART);
	assert_string_equal(tutor_current(f->s)->id, "q1.b");
	ask(f, TUTOR_REQ_NEXT_PART, NULL);
	r = ask(f, TUTOR_REQ_NEXT_PART, NULL);
	assert_string_equal(r->message, "This is the last part.");
	assert_string_equal(tutor_current(f->s)->id, "q1.c");
	r = ask(f, TUTOR_REQ_PREV_PART, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_PART);
	assert_string_equal(tutor_current(f->s)->id, "q1.b");
}

static void test_open_goes_to_a_part_by_id_and_names_an_unknown_one(void **state)
{
	struct fixture *f = *state;
	const struct tutor_reply *r = ask(f, TUTOR_REQ_OPEN, "q1.c");
	assert_int_equal(r->show, TUTOR_SHOW_PART);
	assert_int_equal(r->changed, TUTOR_CHANGED_PART);
	assert_int_equal(tutor_current_index(f->s), 2);
	/* The part already current: shown again, nothing changed. */
	r = ask(f, TUTOR_REQ_OPEN, "q1.c");
	assert_int_equal(r->show, TUTOR_SHOW_PART);
	assert_int_equal(r->changed, 0);
	r = ask(f, TUTOR_REQ_OPEN, "q9.z");
	assert_int_equal(r->show, TUTOR_SHOW_NOTHING);
	assert_int_equal(r->tone, TUTOR_TONE_BAD);
	assert_non_null(strstr(r->message, "'q9.z'"));
	assert_int_equal(tutor_current_index(f->s), 2);
	r = ask(f, TUTOR_REQ_OPEN, NULL);
	assert_int_equal(r->tone, TUTOR_TONE_BAD);
	assert_non_null(strstr(r->message, "Which part?"));
}

static void test_resume_goes_to_the_first_unfinished_part_until_all_are_done(void **state)
{
	struct fixture *f = *state;
	const char *msg;
	tutor_submit(f->s, "8", &msg);
	tutor_goto_id(f->s, "q1.c");
	const struct tutor_reply *r = ask(f, TUTOR_REQ_RESUME, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_PART);
	assert_string_equal(tutor_current(f->s)->id, "q1.b");
	tutor_submit(f->s, "(9, 7)", &msg);
	tutor_next(f->s);
	tutor_submit(f->s, "a", &msg);
	r = ask(f, TUTOR_REQ_RESUME, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_NOTHING);
	assert_int_equal(r->tone, TUTOR_TONE_GOOD);
	assert_string_equal(r->message, "Every part is correct.");
}

static void test_calc_opens_on_the_givens_and_evaluates_lines(void **state)
{
	struct fixture *f = *state;
	const struct tutor_reply *r = ask(f, TUTOR_REQ_CALC, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_CALC);
	assert_string_equal(r->text, "W = 10, K = 3");
	r = ask(f, TUTOR_REQ_CALC, "W - K + 1");
	assert_int_equal(r->show, TUTOR_SHOW_VALUE);
	assert_string_equal(r->text, "8");
	r = ask(f, TUTOR_REQ_CALC, "W +");
	assert_int_equal(r->show, TUTOR_SHOW_VALUE);
	assert_non_null(strstr(r->text, "Parse error"));
	assert_non_null(strchr(r->text, '^'));
	r = ask(f, TUTOR_REQ_CALC, "  \t");
	assert_int_equal(r->show, TUTOR_SHOW_NOTHING);
	tutor_goto_id(f->s, "q1.c");
	r = ask(f, TUTOR_REQ_CALC, NULL);
	assert_string_equal(r->text, "no givens");
}

static void test_map_is_shown_without_moving(void **state)
{
	struct fixture *f = *state;
	tutor_goto(f->s, 1);
	const struct tutor_reply *r = ask(f, TUTOR_REQ_MAP, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_MAP);
	assert_int_equal(r->changed, 0);
	assert_int_equal(tutor_current_index(f->s), 1);
}

static void test_a_redraw_shows_nothing_new_but_is_the_tutors(void **state)
{
	struct fixture *f = *state;
	tutor_goto(f->s, 1);
	const struct tutor_reply *r = ask(f, TUTOR_REQ_REDRAW, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_NOTHING);
	assert_int_equal(r->changed, 0);
	assert_string_equal(r->message, "");
	assert_int_equal(tutor_current_index(f->s), 1);
}

static void test_view_requests_are_left_to_the_front_end(void **state)
{
	struct fixture *f = *state;
	const enum tutor_request view[] = {
		TUTOR_REQ_NONE, TUTOR_REQ_HELP, TUTOR_REQ_QUIT, TUTOR_REQ_FOCUS,
		TUTOR_REQ_UP, TUTOR_REQ_PAGE_DOWN, TUTOR_REQ_COUNT,
	};
	for (size_t i = 0; i < sizeof view / sizeof view[0]; i++) {
		struct tutor_reply r;
		assert_false(tutor_do(f->s, view[i], NULL, &r));
		assert_int_equal(r.show, TUTOR_SHOW_NOTHING);
		assert_string_equal(r.message, "");
		tutor_reply_clear(&r);
	}
	tutor_reply_clear(NULL);
}

static void test_requests_name_their_argument(void **state)
{
	(void)state;
	assert_int_equal(tutor_request_parse("go"), TUTOR_REQ_OPEN);
	assert_int_equal(tutor_request_parse("g"), TUTOR_REQ_OPEN);
	assert_string_equal(tutor_request_argument(TUTOR_REQ_OPEN), "ID");
	assert_string_equal(tutor_request_argument(TUTOR_REQ_CALC), "EXPR");
	assert_null(tutor_request_argument(TUTOR_REQ_HINT));
	assert_null(tutor_request_argument(TUTOR_REQ_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_hint_reveals_the_next_one_then_says_none_are_left),
		T(test_hint_on_a_part_without_hints_says_so),
		T(test_step_carries_the_engine_value_then_says_all_are_shown),
		T(test_erratum_only_where_the_published_solution_erred),
		T(test_next_and_prev_show_the_new_part_and_stop_at_the_ends),
		T(test_open_goes_to_a_part_by_id_and_names_an_unknown_one),
		T(test_resume_goes_to_the_first_unfinished_part_until_all_are_done),
		T(test_calc_opens_on_the_givens_and_evaluates_lines),
		T(test_map_is_shown_without_moving),
		T(test_a_redraw_shows_nothing_new_but_is_the_tutors),
		T(test_view_requests_are_left_to_the_front_end),
		T(test_requests_name_their_argument),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
