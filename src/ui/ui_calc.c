/* The calculator on the engine (`cnntutor calc`, and the names readline
 * completes in both calculators and on the answer line). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "ui.h"
#include "ui_internal.h"

/* Completion candidates. Global because readline's generator interface has
 * no user data; the UI is single-threaded. */
#define MAX_NAMES 512
static const char *names[MAX_NAMES];
static size_t n_names;

void ui_names_set(const struct engine_scope *scope)
{
	n_names = 0;
	if (scope)
		n_names = engine_scope_names(scope, names, MAX_NAMES);
	if (n_names > MAX_NAMES)
		n_names = MAX_NAMES;
	for (const char *const *b = engine_builtin_names(); *b && n_names < MAX_NAMES; b++)
		names[n_names++] = *b;
}

char *ui_names_generator(const char *text, int state)
{
	static size_t next, text_len;
	if (state == 0) {
		next = 0;
		text_len = strlen(text);
	}
	while (next < n_names) {
		const char *name = names[next++];
		if (!strncmp(name, text, text_len))
			return strdup(name);
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1;  /* never fall back to file names */
	/* Readline resets this before every completion: no space after a
	 * name, an operator or a bracket usually follows. */
	rl_completion_append_character = '\0';
	return rl_completion_matches(text, ui_names_generator);
}

void ui_readline_setup_completion(void)
{
	rl_readline_name = "cnntutor";
	rl_attempted_completion_function = complete;
	/* Names end at operators and brackets, not only at spaces. */
	rl_basic_word_break_characters = " \t\n()[]{},;+-*/^=<>|&!'\"";
}

static void print_result(FILE *out, char *text)
{
	if (!text)
		return;
	fputs(text, out);
	if (text[0] && text[strlen(text) - 1] != '\n')
		fputc('\n', out);
	free(text);
	fflush(out);
}

int ui_calc_run(const struct engine_scope *scope, const char *banner,
		FILE *in, FILE *out)
{
	ui_names_set(scope);
	bool tty = isatty(fileno(in)) && isatty(fileno(out));
	if (banner && tty)
		fprintf(out, "%s\n", banner);
	if (tty) {
		rl_instream = in;
		rl_outstream = out;
		ui_readline_setup_completion();
		char *line;
		while ((line = readline("calc> ")) != NULL) {
			if (*line)
				add_history(line);
			print_result(out, tutor_eval_line(scope, line));
			free(line);
		}
		fputc('\n', out);
		return 0;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, in)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (strlen(line) != (size_t)n) {
			fprintf(out, "a NUL byte in the line: ignored\n");
			continue;
		}
		print_result(out, tutor_eval_line(scope, line));
	}
	free(line);
	return 0;
}
