/* `cnntutor [tutor]` and `cnntutor calc`: load the course, open the
 * progress store, and hand over to the screens (full-screen or --plain). */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "course.h"
#include "progress.h"
#include "tutor.h"
#include "ui.h"

static const char tutor_usage[] =
	"Usage: cnntutor tutor [--plain] [PART-ID]\n"
	"The interactive tutor: on PART-ID's lesson, else on the course map with\n"
	"the cursor on the first part not yet answered correctly. --plain, or a\n"
	"pipe, or TERM=dumb: the same lessons as a line-by-line dialogue.\n";

static const char calc_usage[] =
	"Usage: cnntutor calc [PART-ID]\n"
	"Evaluate one expression per line; with PART-ID, that part's givens are\n"
	"defined. Ctrl-D (end of input) quits.\n";

int cmd_tutor(int argc, char **argv, const struct cli_globals *g)
{
	bool plain = g && g->plain;
	const char *start_id = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(tutor_usage, stdout);
			return 0;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "cnntutor tutor: unknown option '%s'\n%s",
				argv[i], tutor_usage);
			return 2;
		} else if (!start_id) {
			start_id = argv[i];
		} else {
			fprintf(stderr, "cnntutor tutor: one part id at most\n");
			return 2;
		}
	}
	setlocale(LC_ALL, "");
	/* Numbers in a lab's text take a '.' whatever the locale (lab.h). */
	setlocale(LC_NUMERIC, "C");
	struct course *base;
	struct course *c = cli_open_course(g, &base);
	if (!c)
		return 2;
	char *notice = NULL;
	struct progress *p = progress_open(g ? g->progress_path : NULL, &notice);
	if (!p) {
		fprintf(stderr, "cnntutor: cannot keep progress, not even in memory\n");
		cli_close_course(c, base);
		free(notice);
		return 2;
	}
	int rc = 2, signo = 0;
	struct tutor_session *s = tutor_open_as(c, p, course_key(c), cli_student(g));
	if (!s) {
		fprintf(stderr, "cnntutor: out of memory\n");
	} else if (start_id && !tutor_goto_id(s, start_id)) {
		fprintf(stderr, "cnntutor tutor: no part '%s' in this course "
			"(cnntutor list shows them)\n", start_id);
	} else if (plain || ui_want_plain()) {
		rc = ui_plain_run(s, notice, stdin, stdout);
	} else {
		struct ui_start start = { notice, start_id != NULL };
		rc = ui_run(s, &start, &signo);
		/* The status line is gone with the screen: repeat the notice. */
		if (notice)
			fprintf(stderr, "cnntutor: %s\n", notice);
	}
	tutor_close(s);
	progress_close(p);
	cli_close_course(c, base);
	free(notice);
	/* Ended by a signal: die of it, now that the store is closed. */
	if (signo)
		ui_die_of_signal(signo);
	return rc;
}

int cmd_calc(int argc, char **argv, const struct cli_globals *g)
{
	const char *id = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(calc_usage, stdout);
			return 0;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "cnntutor calc: unknown option '%s'\n%s",
				argv[i], calc_usage);
			return 2;
		}
		if (id) {
			fprintf(stderr, "cnntutor calc: one part id at most\n");
			return 2;
		}
		id = argv[i];
	}
	setlocale(LC_ALL, "");
	if (!id)
		return ui_calc_run(NULL, "cnntutor calculator: type an expression; "
				   "Ctrl-D quits.", stdin, stdout);
	/* With a part id: that part's givens and names are defined. */
	struct course *base;
	struct course *c = cli_open_course(g, &base);
	if (!c)
		return 2;
	const struct course_part *part = course_find_part(c, id);
	if (!part) {
		fprintf(stderr, "cnntutor calc: no part '%s' in this course "
			"(cnntutor list shows them)\n", id);
		cli_close_course(c, base);
		return 2;
	}
	char *givens = tutor_givens_text(part);
	char banner[1024];
	snprintf(banner, sizeof banner, "cnntutor calculator on %s: %s. Ctrl-D quits.",
		 part->id, givens ? givens : "");
	free(givens);
	int rc = ui_calc_run(part->scope, banner, stdin, stdout);
	cli_close_course(c, base);
	return rc;
}
