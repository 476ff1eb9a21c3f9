/* The subcommands of cnntutor. Each takes the arguments after its name
 * (argv[0] is the subcommand) and returns the process exit status. */
#ifndef CNNTUTOR_CLI_COMMANDS_H
#define CNNTUTOR_CLI_COMMANDS_H

#include <stdint.h>

#include <stdio.h>

struct course;

/* Options every subcommand may need, taken out of the command line by main
 * wherever they stand before a "--" (never empty strings). */
struct cli_globals {
	const char *course_dir;     /* --course DIR, else NULL: find the bundled one */
	const char *progress_path;  /* --progress FILE, else NULL: default path */
	int plain;                  /* --plain */
	const char *student;        /* --student NAME, else NULL: the login name */
	const char *variant;        /* --variant N, else NULL */
};

int cmd_eval(int argc, char **argv, const struct cli_globals *g);
int cmd_equiv(int argc, char **argv, const struct cli_globals *g);
int cmd_list(int argc, char **argv, const struct cli_globals *g);
int cmd_show(int argc, char **argv, const struct cli_globals *g);
int cmd_check(int argc, char **argv, const struct cli_globals *g);
int cmd_sheet(int argc, char **argv, const struct cli_globals *g);
int cmd_grade(int argc, char **argv, const struct cli_globals *g);
int cmd_report(int argc, char **argv, const struct cli_globals *g);
int cmd_validate(int argc, char **argv, const struct cli_globals *g);
int cmd_progress(int argc, char **argv, const struct cli_globals *g);
int cmd_calc(int argc, char **argv, const struct cli_globals *g);
int cmd_lab(int argc, char **argv, const struct cli_globals *g);
/* The tutor itself: what `cnntutor` with no subcommand runs. */
int cmd_tutor(int argc, char **argv, const struct cli_globals *g);

/* The course folder to use: g->course_dir, else $CNNTUTOR_COURSE, else the
 * source tree's content/ift6135-a2 when run from a build folder, else the
 * installed datadir. Returns a static or caller-independent string. */
const char *cli_course_dir(const struct cli_globals *g);

/* A sheet (or a CSV export) to read: "-" is stdin; a FIFO that nothing
 * opens for writing within 5 s, a directory or an unreadable file is NULL
 * with "cnntutor COMMAND: cannot read PATH: why" on stderr, the path shown
 * visibly (in a batch, students chose the file names). */
FILE *cli_open_sheet(const char *command, const char *path);

/* Load the course in dir, or say why not on stderr ("file:line:col:
 * message" lines, shown visibly) and return NULL. */
struct course *cli_load_course(const char *dir);

/* Whose a sheet or an export is when it does not say: its file name
 * without the folder and the extension ("standard input" for "-").
 * Caller frees; NULL when out of memory. */
char *cli_file_name(const char *path);

/* Print to f as printf does, with the control characters of the text
 * shown visibly (see strbuf_append_visible), newlines kept. */
void print_visible(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Who is studying or whose sheet it is: --student NAME, else the login
 * name, else "student". */
const char *cli_student(const struct cli_globals *g);

/* The course the command works on (cli_course.c): loaded from
 * cli_course_dir(g), then the variant the command line asks for. Free both
 * with cli_close_course (base is the loaded course when the result is a
 * variant of it, else NULL). NULL after a message on stderr. */
struct course;
struct course *cli_open_course(const struct cli_globals *g, struct course **base);
void cli_close_course(struct course *c, struct course *base);

/* The course's key (course_key: its id, else its folder's name), for a
 * command that reads the progress store without the course; the folder's
 * name when the course does not load. Caller frees; NULL out of memory. */
char *cli_course_key(const struct cli_globals *g);

/* The variant asked for: --variant N (returns 1), else --student NAME's
 * (1), else 0 (returns 0: the homework as published); -1 after a message
 * for a bad --variant. */
int cli_variant(const struct cli_globals *g, const struct course *c, uint64_t *variant);

#endif
