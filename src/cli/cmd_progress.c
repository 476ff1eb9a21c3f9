/* cnntutor progress [--format text|csv]: what the student has done so far.
 *
 * Text is a per-part table in course order, for the student; CSV is every
 * attempt, for a teacher gathering a lab's results.
 *
 * The store files attempts under progress_course_key(course dir), the
 * directory's last component ("ift6135-a2"): the tutor uses the same key,
 * so the summary matches what the tutor recorded whether the course is run
 * from the source tree or from the installed datadir. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "course.h"
#include "progress.h"

enum format { FORMAT_TEXT, FORMAT_CSV };

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: cnntutor [--course DIR] [--progress FILE] progress "
		"[--format text|csv]\n"
		"Show what you have done so far in the course.\n"
		"\n"
		"  --format text   a table of the parts: state and attempts "
		"(default)\n"
		"  --format csv    every attempt as CSV (RFC 4180), for a "
		"teacher\n"
		"  -h, --help      show this help and exit\n");
}

static const char *state_name(enum progress_state s)
{
	switch (s) {
	case PROGRESS_CORRECT:
		return "correct";
	case PROGRESS_ATTEMPTED:
		return "attempted";
	case PROGRESS_NOT_STARTED:
		break;
	}
	return "not started";
}

struct stray {
	const struct course *course;
	int attempts;
};

static bool count_stray(const struct progress_attempt *a, void *data)
{
	struct stray *s = data;
	if (!course_find_part(s->course, a->part_id))
		s->attempts++;
	return true;
}

static int print_text(struct progress *p, const char *key,
		      const struct cli_globals *g, const char *where)
{
	char *error = NULL;
	const char *dir = cli_course_dir(g);
	struct course *c = course_load(dir, &error);
	if (!c) {
		fprintf(stderr, "cnntutor: cannot load the course in %s:\n%s",
			dir, error ? error : "(no details)\n");
		free(error);
		return 2;
	}
	free(error);
	size_t n = course_part_count(c);
	int width = (int)strlen("part");
	for (size_t i = 0; i < n; i++) {
		int len = (int)strlen(course_part_at(c, i)->id);
		if (len > width)
			width = len;
	}
	/* key may end in the course dir's trailing slashes. */
	printf("Progress in %.*s (%s)\n\n", (int)strcspn(key, "/"), key,
	       where);
	printf("%-*s  %-11s  %8s\n", width, "part", "state", "attempts");
	int counts[3] = { 0 }, attempts = 0;
	for (size_t i = 0; i < n; i++) {
		const char *id = course_part_at(c, i)->id;
		enum progress_state s = progress_part_state(p, key, id);
		int tries = progress_attempt_count(p, key, id);
		counts[s]++;
		attempts += tries;
		printf("%-*s  %-11s  %8d\n", width, id, state_name(s), tries);
	}
	printf("\ntotal: %d of %zu parts correct, %d attempted, %d not "
	       "started; %d attempt%s\n", counts[PROGRESS_CORRECT], n,
	       counts[PROGRESS_ATTEMPTED], counts[PROGRESS_NOT_STARTED],
	       attempts, attempts == 1 ? "" : "s");
	/* Ids that a since-edited course no longer has: say so rather than
	 * let the total disagree silently with the CSV. */
	struct stray stray = { c, 0 };
	progress_each_attempt(p, key, count_stray, &stray);
	if (stray.attempts)
		printf("(and %d attempt%s at parts this course no longer "
		       "has; see --format csv)\n", stray.attempts,
		       stray.attempts == 1 ? "" : "s");
	course_free(c);
	return 0;
}

int cmd_progress(int argc, char **argv, const struct cli_globals *g)
{
	enum format format = FORMAT_TEXT;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *value = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--format")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "cnntutor progress: --format "
					"needs an argument (text or csv)\n");
				return 2;
			}
			value = argv[++i];
		} else if (!strncmp(a, "--format=", 9)) {
			value = a + 9;
		} else {
			fprintf(stderr, "cnntutor progress: unexpected "
				"argument '%s'\n"
				"Try 'cnntutor progress --help' for more "
				"information.\n", a);
			return 2;
		}
		if (!strcmp(value, "text")) {
			format = FORMAT_TEXT;
		} else if (!strcmp(value, "csv")) {
			format = FORMAT_CSV;
		} else {
			fprintf(stderr, "cnntutor progress: unknown format "
				"'%s' (expected text or csv)\n", value);
			return 2;
		}
	}

	char *notice = NULL;
	struct progress *p = progress_open(g->progress_path, &notice);
	if (notice)
		fprintf(stderr, "cnntutor: %s\n", notice);
	free(notice);
	if (!p) {
		fprintf(stderr, "cnntutor: cannot open any progress store "
			"(out of memory)\n");
		return 2;
	}
	char *key = cli_course_key(g);
	if (!key) {
		fprintf(stderr, "cnntutor: out of memory\n");
		progress_close(p);
		return 2;
	}
	int status;
	if (format == FORMAT_CSV) {
		status = progress_export_csv(p, key, stdout) ? 0 : 2;
		if (status && !progress_damage(p))
			fprintf(stderr, "cnntutor progress: the CSV export "
				"failed (database or output error)\n");
	} else {
		char *def = g->progress_path ? NULL : progress_default_path();
		const char *where = progress_is_memory(p) ? "kept in memory only"
			: g->progress_path ? g->progress_path : def;
		status = print_text(p, key, g, where);
		free(def);
	}
	/* Damage met after open: what was printed is what could be read. */
	if (progress_damage(p)) {
		fprintf(stderr, "cnntutor: %s\n", progress_damage(p));
		status = 2;
	}
	progress_close(p);
	free(key);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "cnntutor progress: cannot write the output\n");
		status = 2;
	}
	return status;
}
