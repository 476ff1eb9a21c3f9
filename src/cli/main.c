/* cnntutor: the entry point. Parses the global options, then hands the rest
 * of the command line to a subcommand. With no subcommand it starts the
 * tutor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "commands.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv, const struct cli_globals *g);
	const char *summary;
};

static const struct command commands[] = {
	{ "eval", cmd_eval, "EXPR: print the value of an expression" },
	{ "equiv", cmd_equiv, "EXPECTED ANSWER [--var NAME:SHAPE[:DOMAIN]]...: are they equal?" },
	{ "calc", cmd_calc, "[PART-ID]: a calculator on the engine, with a part's givens" },
	{ "list", cmd_list, "the course's part ids and titles" },
	{ "show", cmd_show, "ID: a part's lesson as plain text" },
	{ "check", cmd_check, "FILE|- [--format text|json]: grade an answer sheet" },
	{ "validate", cmd_validate, "[DIR]: prove a course consistent" },
	{ "progress", cmd_progress, "[--format text|csv]: what you have done so far" },
	{ "tutor", cmd_tutor, "[PART-ID]: the interactive tutor (the default)" },
	{ "lab", cmd_lab, "[ID [OPTION]...]: run a lab, an experiment on a question's maths" },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: cnntutor [OPTION]... [COMMAND [ARG]...]\n"
		"An interactive tutor for the theory of CNNs and regularization.\n"
		"With no COMMAND, start the tutor on the bundled course.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  --course DIR      use the course in DIR\n"
		"  --progress FILE   keep progress in FILE (default:\n"
		"                    $XDG_STATE_HOME/cnntutor/progress.db)\n"
		"  --plain           line-by-line tutor, no full-screen interface\n"
		"  -h, --help        show this help and exit\n"
		"  -V, --version     show the version and exit\n"
		"\n"
		"Exit status: 0 on success, 1 when an answer or check fails,\n"
		"2 for bad usage or unreadable input.\n");
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_course_dir(const struct cli_globals *g)
{
	if (g && g->course_dir)
		return g->course_dir;
	const char *env = getenv("CNNTUTOR_COURSE");
	if (env && *env)
		return env;
	/* Run from the build folder: the source tree's course is the one that
	 * matches this binary. Installed: the datadir copy. */
	static const char *const candidates[] = {
		CNNTUTOR_SOURCE_ROOT "/content/ift6135-a2",
		CNNTUTOR_DATADIR "/content/ift6135-a2",
	};
	for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
		if (is_dir(candidates[i]))
			return candidates[i];
	return candidates[1];
}

int main(int argc, char **argv)
{
	struct cli_globals g = { 0 };
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("cnntutor %s\n", CNNTUTOR_VERSION);
			return 0;
		} else if (!strcmp(a, "--plain")) {
			g.plain = 1;
		} else if (!strcmp(a, "--course") || !strcmp(a, "--progress")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "cnntutor: %s needs an argument\n", a);
				return 2;
			}
			if (!strcmp(a, "--course"))
				g.course_dir = argv[++i];
			else
				g.progress_path = argv[++i];
		} else if (!strncmp(a, "--course=", 9)) {
			g.course_dir = a + 9;
		} else if (!strncmp(a, "--progress=", 11)) {
			g.progress_path = a + 11;
		} else if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "cnntutor: unknown option '%s'\n"
				"Try 'cnntutor --help' for more information.\n", a);
			return 2;
		} else {
			break;
		}
	}
	if (i >= argc) {
		char *none[] = { "tutor", NULL };
		return cmd_tutor(1, none, &g);
	}
	for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
		if (!strcmp(argv[i], commands[c].name))
			return commands[c].run(argc - i, argv + i, &g);
	fprintf(stderr, "cnntutor: unknown command '%s'\n"
		"Try 'cnntutor --help' for more information.\n", argv[i]);
	return 2;
}
