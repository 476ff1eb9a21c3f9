/* The course a command works on: loaded once for every command, then, when
 * the command line asks for one, a variant of it (--variant N, or the
 * variant of --student NAME). One place, so every command reads the same
 * options the same way and says the same things when the course is bad. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "course.h"
#include "progress.h"
#include "strbuf.h"

int cli_variant(const struct cli_globals *g, const struct course *c, uint64_t *variant)
{
	*variant = 0;
	if (g && g->variant) {
		char *end;
		errno = 0;
		unsigned long long n = strtoull(g->variant, &end, 10);
		if (errno || *end || end == g->variant || g->variant[0] == '-' ||
		    n > COURSE_MAX_VARIANT) {
			fprintf(stderr, "cnntutor: --variant takes a number from 0 (the homework "
				"as published) to %u, not '%s'\n", COURSE_MAX_VARIANT, g->variant);
			return -1;
		}
		*variant = n;
		return 1;
	}
	if (g && g->student) {
		*variant = course_student_variant(c, g->student);
		return 1;
	}
	return 0;
}

struct course *cli_open_course(const struct cli_globals *g, struct course **base)
{
	char *err = NULL;
	*base = NULL;
	struct course *c = cli_load_course(cli_course_dir(g));
	if (!c)
		return NULL;
	uint64_t variant;
	int asked = cli_variant(g, c, &variant);
	if (asked < 0) {
		course_free(c);
		return NULL;
	}
	if (!asked || variant == 0)
		return c;
	struct course *v = course_variant(c, variant, &err);
	if (!v) {
		print_visible(stderr, "%s", err ? err : "cnntutor: out of memory building a variant\n");
		free(err);
		course_free(c);
		return NULL;
	}
	free(err);
	*base = c;
	return v;
}

void cli_close_course(struct course *c, struct course *base)
{
	course_free(c);
	course_free(base);
}

char *cli_course_key(const struct cli_globals *g)
{
	const char *dir = cli_course_dir(g);
	char *err = NULL;
	struct course *c = course_load(dir, &err);
	free(err);
	/* a course that does not load is still filed under its folder's name */
	char *key = strdup(c ? course_key(c) : progress_course_key(dir));
	course_free(c);
	return key;
}
