/* cnntutor: the entry point. Takes out the global options (before or after
 * the subcommand), then hands the rest of the command line to the
 * subcommand. With no subcommand it starts the tutor. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>
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
	{ "check", cmd_check, "FILE|- [--format text|json] [--partial]: grade an answer sheet" },
	{ "sheet", cmd_sheet, "a blank answer sheet (a student's own with --student)" },
	{ "grade", cmd_grade, "SHEET|DIR... [--format text|csv|json]: grade a class" },
	{ "report", cmd_report, "CSV... [--format text|json]: a class report from progress exports" },
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
		"Options (all but -h and -V also after COMMAND, up to a --):\n"
		"  --course DIR      use the course in DIR\n"
		"  --progress FILE   keep progress in FILE (default:\n"
		"                    $XDG_STATE_HOME/cnntutor/progress.db)\n"
		"  --student NAME    who is studying (default: the login name); it\n"
		"                    is recorded with each attempt, orders the\n"
		"                    options of choice parts, and, given, picks the\n"
		"                    student's own variant of the homework\n"
		"  --variant N       variant N of the homework (0: as published)\n"
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

/* A global option that takes a value: --course DIR, --course=DIR, and the
 * same for --progress. Returns 0 when a is not one, 1 when it took a (and
 * next, if used: *used is then 2), -1 after a message for a missing or
 * empty value. */
static int global_value(const char *a, const char *next, int *used,
			struct cli_globals *g)
{
	const struct {
		const char *name, *what;
		const char **slot;
	} opts[] = {
		{ "--course", "a course directory", &g->course_dir },
		{ "--progress", "a progress file", &g->progress_path },
		{ "--student", "a student's name", &g->student },
		{ "--variant", "a variant number", &g->variant },
	};
	for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
		size_t n = strlen(opts[k].name);
		const char *value;
		if (strncmp(a, opts[k].name, n) != 0)
			continue;
		if (a[n] == '=') {
			value = a + n + 1;
			*used = 1;
		} else if (a[n] == '\0') {
			value = next;
			*used = 2;
		} else {
			continue;
		}
		if (!value) {
			fprintf(stderr, "cnntutor: %s needs an argument (%s)\n",
				opts[k].name, opts[k].what);
			return -1;
		}
		if (!*value) {
			/* "" would name "/course.yaml" or a file called "". */
			fprintf(stderr, "cnntutor: %s needs %s, not an empty "
				"string\n", opts[k].name, opts[k].what);
			return -1;
		}
		*opts[k].slot = value;
		return 1;
	}
	return 0;
}

/* Take the global options out of argv, wherever they stand before a
 * "--", so that `cnntutor progress --progress FILE` works as well as
 * `cnntutor --progress FILE progress`. Before the subcommand every option
 * must be a global one; after it, the rest are the subcommand's and stay,
 * in order. On return argv[1..*argc) holds the subcommand and its
 * arguments (the "--" that ended the globals before a subcommand is
 * dropped). Returns -1 to go on, else the exit status. */
static int take_globals(int *argc, char **argv, struct cli_globals *g)
{
	int kept = 1;
	bool command = false, done = false;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		int used = 1;
		if (done) {
			argv[kept++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			done = true;
			if (command)
				argv[kept++] = argv[i];  /* the subcommand's */
			continue;
		}
		if (!strcmp(a, "--plain")) {
			g->plain = 1;
			continue;
		}
		int r = global_value(a, i + 1 < *argc ? argv[i + 1] : NULL, &used, g);
		if (r < 0)
			return 2;
		if (r > 0) {
			i += used - 1;
			continue;
		}
		if (!command && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
			usage(stdout);
			return 0;
		}
		if (!command && (!strcmp(a, "-V") || !strcmp(a, "--version"))) {
			printf("cnntutor %s\n", CNNTUTOR_VERSION);
			return 0;
		}
		if (!command && a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "cnntutor: unknown option '%s'\n"
				"Try 'cnntutor --help' for more information.\n", a);
			return 2;
		}
		command = true;
		argv[kept++] = argv[i];
	}
	*argc = kept;
	argv[kept] = NULL;
	return -1;
}

const char *cli_student(const struct cli_globals *g)
{
	if (g && g->student)
		return g->student;
	const struct passwd *pw = getpwuid(geteuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	const char *env = getenv("LOGNAME");
	if (!env || !*env)
		env = getenv("USER");
	return env && *env ? env : "student";
}

int main(int argc, char **argv)
{
	struct cli_globals g = { 0 };
	int status = take_globals(&argc, argv, &g);
	if (status >= 0)
		return status;
	if (argc < 2) {
		char *none[] = { "tutor", NULL };
		return cmd_tutor(1, none, &g);
	}
	for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
		if (!strcmp(argv[1], commands[c].name))
			return commands[c].run(argc - 1, argv + 1, &g);
	fprintf(stderr, "cnntutor: unknown command '%s'\n"
		"Try 'cnntutor --help' for more information.\n", argv[1]);
	return 2;
}
