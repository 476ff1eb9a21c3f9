/* TUTOR_REQ_LAB on a fixture course with labs (fixtures/labs) and a
 * progress database in a fresh temporary directory: which lab a part
 * opens, the last answer it starts on (this session's, or a stored one),
 * changes applied all or nothing with the lab layer's words, steps, the
 * seed, and the reply both front ends render. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tutor.h"

struct fixture {
	char dir[64];
	char db[128];
	struct course *course;
	struct progress *progress;
	struct tutor_session *s;
	struct tutor_reply r;
};

static struct progress *open_store(const char *path)
{
	char *notice = NULL;
	struct progress *p = progress_open(path, &notice);
	assert_non_null(p);
	free(notice);
	return p;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	strcpy(f->dir, "/tmp/cnntutor-lab-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/progress.db", f->dir);
	char *error = NULL;
	f->course = course_load(TUTOR_FIXTURES "/labs", &error);
	if (!f->course)
		fail_msg("fixture course: %s", error ? error : "?");
	f->progress = open_store(f->db);
	f->s = tutor_open(f->course, f->progress, "labs");
	assert_non_null(f->s);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tutor_reply_clear(&f->r);
	tutor_close(f->s);
	progress_close(f->progress);
	course_free(f->course);
	char path[192];
	const char *suffixes[] = { "", "-wal", "-shm", "-journal", ".lock" };
	for (size_t i = 0; i < 5; i++) {
		snprintf(path, sizeof path, "%s%s", f->db, suffixes[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static const struct tutor_reply *lab(struct fixture *f, const char *arg)
{
	tutor_reply_clear(&f->r);
	assert_true(tutor_do(f->s, TUTOR_REQ_LAB, arg, &f->r));
	assert_int_equal(f->r.request, TUTOR_REQ_LAB);
	return &f->r;
}

static void go(struct fixture *f, const char *id)
{
	assert_true(tutor_goto_id(f->s, id));
}

static void submit(struct fixture *f, const char *answer)
{
	const char *msg;
	assert_int_equal(tutor_submit(f->s, answer, &msg), TUTOR_JUDGED);
}

static const char *param(const struct tutor_reply *r, const char *name)
{
	assert_non_null(r->lab);
	return lab_params_get(r->lab->params, name);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!hay || !strstr(hay, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, hay ? hay : "(null)");
}

static void test_lab_command_word_and_help(void **state)
{
	(void)state;
	assert_int_equal(tutor_request_parse("lab"), TUTOR_REQ_LAB);
	assert_int_equal(tutor_request_parse("l"), TUTOR_REQ_LAB);
	assert_string_equal(tutor_request_command(TUTOR_REQ_LAB), "lab");
	assert_non_null(tutor_request_argument(TUTOR_REQ_LAB));
	assert_contains(tutor_request_help(TUTOR_REQ_LAB), "lab");
}

static void test_a_part_without_an_answer_opens_on_the_lessons_parameters(void **state)
{
	struct fixture *f = *state;
	go(f, "q1.a");
	const struct tutor_reply *r = lab(f, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_LAB);
	assert_int_equal(r->changed, TUTOR_CHANGED_LAB);
	assert_string_equal(r->message, "");
	assert_ptr_equal(r->lab, tutor_lab(f->s));
	assert_string_equal(r->lab->kind->name, "taps");
	assert_string_equal(r->lab->part_id, "q1.a");
	assert_int_equal(r->lab->seed, 1);
	assert_string_equal(param(r, "input"), "12");
	assert_string_equal(param(r, "config"), "K=3, S=1, P=0");
	assert_string_equal(r->lab->origin, "Started on the lesson's parameters: no answer to q1.a yet.");
	assert_contains(lab_result_title(r->lab->result), "W = 12 pixels: output 10");
}

static void test_a_configuration_part_opens_on_the_last_answer(void **state)
{
	struct fixture *f = *state;
	go(f, "q1.a");
	submit(f, "stride=3, padding=0");
	const struct tutor_reply *r = lab(f, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_LAB);
	/* Aliases read as the checker reads them, the fixed K filled in. */
	assert_string_equal(param(r, "config"), "K=3, S=3, P=0");
	assert_string_equal(r->lab->origin, "Started from your last answer to q1.a (stride=3, padding=0): "
			    "config=K=3, S=3, P=0.");
	assert_contains(lab_result_title(r->lab->result), "output 4");
	/* A malformed answer is not an attempt: the last one stays. */
	const char *msg;
	tutor_submit(f->s, "S=", &msg);
	r = lab(f, NULL);
	assert_string_equal(param(r, "config"), "K=3, S=3, P=0");
	/* A later wrong one is the last answer. */
	submit(f, "2, 0");
	r = lab(f, "");
	assert_string_equal(param(r, "config"), "K=3, S=2, P=0");
}

static void test_the_last_answer_is_read_back_from_the_store(void **state)
{
	struct fixture *f = *state;
	go(f, "q1.a");
	submit(f, "S=1, P=1");
	submit(f, "S=3, P=1");
	tutor_reply_clear(&f->r);
	tutor_close(f->s);
	progress_close(f->progress);
	f->progress = open_store(f->db);
	f->s = tutor_open(f->course, f->progress, "labs");
	assert_non_null(f->s);
	assert_null(tutor_lab(f->s));
	assert_string_equal(tutor_last_answer(f->s, 0), "S=3, P=1");
	assert_null(tutor_last_answer(f->s, 1));
	go(f, "q1.a");
	const struct tutor_reply *r = lab(f, NULL);
	assert_string_equal(param(r, "config"), "K=3, S=3, P=1");
	assert_contains(r->lab->origin, "Started from your last answer to q1.a (S=3, P=1)");
}

static void test_an_answer_the_lab_cannot_run_falls_back_and_says_why(void **state)
{
	struct fixture *f = *state;
	go(f, "q1.a");
	submit(f, "S=1, P=5");
	const struct tutor_reply *r = lab(f, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_LAB);
	assert_int_equal(r->tone, TUTOR_TONE_BAD);
	assert_string_equal(r->message, "Your last answer to q1.a (S=1, P=5) does not run in this "
			    "lab: Invalid configuration: P=5 is not smaller than the kernel span "
			    "K_eff = 3: the first window would read only padding (rule: P < K_eff) "
			    "The lesson's parameters instead.");
	assert_string_equal(param(r, "config"), "K=3, S=1, P=0");
	assert_string_equal(r->lab->origin, "Started on the lesson's parameters.");
}

static void test_a_part_opens_its_own_lab_else_its_questions(void **state)
{
	struct fixture *f = *state;
	go(f, "q1.b");
	const struct tutor_reply *r = lab(f, NULL);
	assert_string_equal(r->lab->kind->name, "dropout");
	assert_string_equal(param(r, "samples"), "1000");
	go(f, "q1.c");
	r = lab(f, NULL);
	assert_string_equal(r->lab->kind->name, "taps");
	assert_string_equal(param(r, "input"), "8");
	assert_string_equal(r->lab->origin, "Started on the lesson's parameters.");
	go(f, "q2.a");
	r = lab(f, NULL);
	assert_int_equal(r->show, TUTOR_SHOW_NOTHING);
	assert_int_equal(r->changed, 0);
	assert_int_equal(r->tone, TUTOR_TONE_INFO);
	assert_string_equal(r->message, "This question has no lab.");
	/* The lab open before stays the session's. */
	assert_string_equal(tutor_lab(f->s)->part_id, "q1.c");
}

static void test_changes_apply_all_or_nothing_with_the_labs_words(void **state)
{
	struct fixture *f = *state;
	go(f, "q1.b");
	/* A change with no lab open opens this part's first. */
	const struct tutor_reply *r = lab(f, "p=0.3 samples=2000");
	assert_int_equal(r->show, TUTOR_SHOW_LAB);
	assert_string_equal(param(r, "p"), "0.3");
	assert_string_equal(param(r, "samples"), "2000");
	assert_contains(lab_result_title(r->lab->result), "p = 0.3");
	const struct lab_result *before = r->lab->result;
	r = lab(f, "p=0.6 samples=5");
	assert_int_equal(r->show, TUTOR_SHOW_NOTHING);
	assert_int_equal(r->tone, TUTOR_TONE_BAD);
	assert_string_equal(r->message, "Bad parameter: samples: 5 is out of range: samples takes "
			    "1000 to 100000 (nothing changed)");
	assert_string_equal(lab_params_get(tutor_lab(f->s)->params, "p"), "0.3");
	assert_ptr_equal(tutor_lab(f->s)->result, before);
	r = lab(f, "bogus=1");
	assert_string_equal(r->message, "Bad parameter: 'bogus=1' is not NAME=VALUE, NAME+ or "
			    "NAME- with NAME one of this lab's: p, samples, n, d, seed (nothing changed)");
	/* Steps, one setting at a time or several. */
	r = lab(f, "p+");
	assert_string_equal(param(r, "p"), "0.35");
	r = lab(f, "  p-   p-  n+ ");
	assert_string_equal(param(r, "p"), "0.25");
	assert_string_equal(param(r, "n"), "11");
	r = lab(f, "p=1 p+");
	assert_string_equal(r->message, "Bad parameter: p: p is already 1, the largest value it "
			    "takes (0.05 to 1) (nothing changed)");
	assert_string_equal(lab_params_get(tutor_lab(f->s)->params, "p"), "0.25");
}

static void test_a_change_the_run_refuses_keeps_the_lab_as_it_was(void **state)
{
	struct fixture *f = *state;
	go(f, "q1.a");
	const struct tutor_reply *r = lab(f, NULL);
	/* Each value follows its own rule; together they do not fit. */
	r = lab(f, "config=K=3, S=1, P=0 input=2");
	assert_int_equal(r->show, TUTOR_SHOW_NOTHING);
	assert_contains(r->message, "Invalid configuration: config: the kernel spans");
	assert_contains(r->message, "(nothing changed)");
	assert_string_equal(lab_params_get(tutor_lab(f->s)->params, "input"), "12");
	/* A value with blanks and '=' in it ends where the next setting starts. */
	r = lab(f, "config=K=2, S=2 input=9");
	assert_int_equal(r->show, TUTOR_SHOW_LAB);
	assert_string_equal(param(r, "config"), "K=2, S=2");
	assert_string_equal(param(r, "input"), "9");
	/* A refused change on a lab just opened still shows it. */
	go(f, "q1.c");
	r = lab(f, "input=0");
	assert_int_equal(r->show, TUTOR_SHOW_LAB);
	assert_int_equal(r->tone, TUTOR_TONE_BAD);
	assert_string_equal(r->lab->part_id, "q1.c");
	assert_string_equal(param(r, "input"), "8");
}

static void test_the_seed_is_a_setting_too(void **state)
{
	struct fixture *f = *state;
	go(f, "q1.b");
	const struct tutor_reply *r = lab(f, NULL);
	char one[64];
	snprintf(one, sizeof one, "%s", lab_result_title(r->lab->result));
	const struct lab_table *t = lab_result_table(r->lab->result, "convergence");
	assert_non_null(t);
	double mc1 = t->cols[1].num[t->nrows - 1];
	r = lab(f, "seed=7");
	assert_int_equal(r->lab->seed, 7);
	t = lab_result_table(r->lab->result, "convergence");
	assert_true(t->cols[1].num[t->nrows - 1] != mc1);
	r = lab(f, "seed-");
	assert_int_equal(r->lab->seed, 6);
	r = lab(f, "seed=-1");
	assert_string_equal(r->message, "Bad parameter: seed: '-1' is not a whole number from 0 "
			    "(nothing changed)");
	assert_int_equal(tutor_lab(f->s)->seed, 6);
	/* Opening afresh starts again at seed 1, on the same numbers. */
	r = lab(f, NULL);
	assert_int_equal(r->lab->seed, 1);
	t = lab_result_table(r->lab->result, "convergence");
	assert_true(t->cols[1].num[t->nrows - 1] == mc1);
}

static void test_settings_list_every_parameter_then_the_seed(void **state)
{
	struct fixture *f = *state;
	go(f, "q1.b");
	const struct tutor_lab *l = lab(f, "p=0.3")->lab;
	assert_int_equal(tutor_lab_setting_count(l), l->kind->nparams + 1);
	const char *name, *help;
	char value[32], takes[96];
	assert_true(tutor_lab_setting(l, 0, &name, &help, value, sizeof value, takes, sizeof takes));
	assert_string_equal(name, "p");
	assert_string_equal(value, "0.3");
	assert_string_equal(takes, "0.05 to 1");
	assert_contains(help, "KEEPING");
	assert_true(tutor_lab_setting(l, l->kind->nparams, &name, &help, value, sizeof value,
				      takes, sizeof takes));
	assert_string_equal(name, "seed");
	assert_string_equal(value, "1");
	assert_string_equal(takes, "a whole number from 0");
	assert_false(tutor_lab_setting(l, l->kind->nparams + 1, &name, &help, value,
				       sizeof value, takes, sizeof takes));
	assert_int_equal(tutor_lab_setting_count(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lab_command_word_and_help),
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_a_part_without_an_answer_opens_on_the_lessons_parameters),
		T(test_a_configuration_part_opens_on_the_last_answer),
		T(test_the_last_answer_is_read_back_from_the_store),
		T(test_an_answer_the_lab_cannot_run_falls_back_and_says_why),
		T(test_a_part_opens_its_own_lab_else_its_questions),
		T(test_changes_apply_all_or_nothing_with_the_labs_words),
		T(test_a_change_the_run_refuses_keeps_the_lab_as_it_was),
		T(test_the_seed_is_a_setting_too),
		T(test_settings_list_every_parameter_then_the_seed),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
