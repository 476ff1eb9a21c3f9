/* --plain: the lessons as a line-by-line dialogue, for screen readers, dumb
 * terminals and scripts. Every input line is an answer to the current part
 * or a ':command'; readline edits the line when the input is a terminal,
 * getline reads it otherwise (no prompts then, so a script's output is only
 * the lesson and the verdicts). */
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "ui.h"
#include "ui_internal.h"

struct plain {
	struct tutor_session *s;
	FILE *in, *out;
	bool tty;
	bool quit;
};

static void indent(FILE *out, const char *text, const char *pad)
{
	const char *p = text;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		fprintf(out, "%s%.*s\n", pad, (int)len, p);
		p = nl ? nl + 1 : p + len;
	}
}

static void show_part(struct plain *pl)
{
	struct tutor_session *s = pl->s;
	size_t index = tutor_current_index(s), in_q = 0;
	const struct course_part *part = tutor_current(s);
	const struct course_question *q = tutor_question_of(s, index, &in_q);
	if (!part)
		return;
	fprintf(pl->out, "\n== %s: %s (%s: %s, part %zu of %zu)\n", part->id,
		part->title, q->id, q->title, in_q + 1, q->n_parts);
	/* On every part: the introduction's warnings hold for all of them. */
	if (q->intro)
		indent(pl->out, q->intro, "");
	indent(pl->out, part->statement, "");
	if (part->n_givens) {
		fprintf(pl->out, "Givens:\n");
		for (size_t i = 0; i < part->n_givens; i++)
			fprintf(pl->out, "  %s = %s\n", part->givens[i].name,
				part->givens[i].text);
	}
	if (part->n_choices) {
		const size_t *order = tutor_choice_order(s, index);
		fprintf(pl->out, "Choices (answer with the number or letter, or paste the option):\n");
		for (size_t i = 0; i < part->n_choices; i++)
			fprintf(pl->out, "  %zu/%c) %s\n", i + 1, (char)('a' + i % 26),
				part->choices[order ? order[i] : i]);
	}
	if (tutor_practising(s))
		fprintf(pl->out, "(Practice: variant %llu of this part, with other numbers.)\n",
			(unsigned long long)tutor_course(s)->variant);
	else if (tutor_part_state(s, index) == PROGRESS_CORRECT)
		fprintf(pl->out, "(You have answered this part correctly before; :practice "
			"gives it again with other numbers.)\n");
	size_t h = tutor_hints_shown(s, index), st = tutor_steps_shown(s, index);
	if (h || st)
		fprintf(pl->out, "(Seen before: %zu hint%s and %zu step%s; :hint and "
			":step show the next.)\n", h, h == 1 ? "" : "s", st,
			st == 1 ? "" : "s");
	fflush(pl->out);
	ui_names_set(tutor_scope(s));
}

static void show_map(struct plain *pl)
{
	struct tutor_session *s = pl->s;
	for (size_t i = 0; i < tutor_part_count(s); i++) {
		const struct course_part *part = tutor_part_at(s, i);
		enum progress_state st = tutor_part_state(s, i);
		fprintf(pl->out, "%s %-11s %-12s %s\n",
			i == tutor_current_index(s) ? ">" : " ", part->id,
			st == PROGRESS_CORRECT ? "correct"
			: st == PROGRESS_ATTEMPTED ? "attempted" : "not started",
			part->title);
	}
	fprintf(pl->out, "%zu of %zu parts correct.\n", tutor_correct_count(s),
		tutor_part_count(s));
}

static void show_help(struct plain *pl)
{
	fprintf(pl->out, "Type an answer to the current part, or a command:\n");
	for (int r = 0; r < TUTOR_REQ_COUNT; r++) {
		const char *cmd = tutor_request_command((enum tutor_request)r);
		const char *arg = tutor_request_argument((enum tutor_request)r);
		char label[32];
		if (!cmd)
			continue;
		snprintf(label, sizeof label, "%s%s%s", cmd, arg ? " " : "",
			 arg ? arg : "");
		fprintf(pl->out, "  :%-10s %s\n", label,
			tutor_request_help((enum tutor_request)r));
	}
	fprintf(pl->out, "Commands may be shortened (:h, :s, :e). A correct answer "
		"moves on to the next part;\nthe end of input saves and quits.\n");
}

static void submit(struct plain *pl, const char *line)
{
	const char *msg;
	if (tutor_submit(pl->s, line, &msg) == TUTOR_REJECTED) {
		fprintf(pl->out, "not an answer: %s\n", msg);
		return;
	}
	const struct tutor_outcome *o = tutor_last_outcome(pl->s);
	tutor_history_add(pl->s, line);
	const struct course_check_result *r = &o->result;
	fprintf(pl->out, "%s: %s\n", course_verdict_name(r->verdict), line);
	if (r->verdict == COURSE_INVALID && r->error.kind != ENGINE_OK) {
		/* The caret error, unless the feedback already is it. */
		char *caret = engine_error_format(line, &r->error);
		if (caret && !strstr(r->feedback, caret))
			indent(pl->out, caret, "  ");
		free(caret);
	}
	if (r->source_error)
		fprintf(pl->out, "  %s\n", course_source_error_words(tutor_current(pl->s)));
	indent(pl->out, r->feedback, "  ");
	if (r->note)
		indent(pl->out, r->note, "  note: ");
	if (r->interpreted)
		fprintf(pl->out, "  interpreted as: %s\n", r->interpreted);
	if (o->save_error)
		fprintf(pl->out, "  warning: not saved: %s\n", o->save_error);
	if (r->verdict == COURSE_CORRECT) {
		if (tutor_next(pl->s))
			show_part(pl);
		else
			fprintf(pl->out, "That was the last part: %zu of %zu parts "
				"correct.\n", tutor_correct_count(pl->s),
				tutor_part_count(pl->s));
	}
}

/* A lab as text: where it started, its tables and facts, each plot as a
 * table of its values (what a screen reader can read), and its settings
 * with what each takes. */
static void show_lab(struct plain *pl, const struct tutor_lab *lab)
{
	const char *cs = nl_langinfo(CODESET);
	bool utf8 = cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
	struct lab_view v = { .width = 80, .plot_height = 20, .ascii = !utf8,
			      .plots = false, .plot_values = true };
	struct strbuf sb = STRBUF_INIT;
	fprintf(pl->out, "Lab for %s: %s (%s). %s\n", lab->part_id, lab->kind->title,
		lab->kind->name, lab->origin);
	if (lab_render_text(lab->result, &v, &sb))
		fputs(strbuf_str(&sb), pl->out);
	else
		fprintf(pl->out, "(out of memory: the lab cannot be shown)\n");
	strbuf_free(&sb);
	fprintf(pl->out, "Settings (change with :lab NAME=VALUE, or :lab NAME+ and NAME- "
		"for a step):\n");
	for (size_t i = 0; i < tutor_lab_setting_count(lab); i++) {
		const char *name, *help;
		char value[256], takes[128];
		tutor_lab_setting(lab, i, &name, &help, value, sizeof value, takes, sizeof takes);
		fprintf(pl->out, "  %s=%s\n      %s%s%s%s\n", name, value, help,
			*takes ? " (" : "", takes, *takes ? ")" : "");
	}
}

/* What the tutor answered, as lines of text. */
static void show_reply(struct plain *pl, const struct tutor_reply *r)
{
	const struct course_part *part = tutor_current(pl->s);
	switch (r->show) {
	case TUTOR_SHOW_NOTHING:
		break;
	case TUTOR_SHOW_HINT:
		fprintf(pl->out, "Hint %zu of %zu: %s\n", r->number, r->total,
			r->text);
		break;
	case TUTOR_SHOW_STEP:
		fprintf(pl->out, "Step %zu of %zu: %s\n", r->number, r->total,
			r->step->text);
		if (r->step->expr)
			fprintf(pl->out, "  %s = %s\n", r->step->expr,
				r->step->value ? r->step->value : "?");
		break;
	case TUTOR_SHOW_ERRATUM:
		if (course_erratum_note(r->erratum))
			fprintf(pl->out, "%s\n", course_erratum_note(r->erratum));
		fprintf(pl->out, "The published solution says:\n");
		indent(pl->out, r->erratum->quote, "  ");
		fprintf(pl->out, "What is wrong:\n");
		indent(pl->out, r->erratum->problem, "  ");
		fprintf(pl->out, "Correct:\n");
		indent(pl->out, r->erratum->correction, "  ");
		break;
	case TUTOR_SHOW_PART: show_part(pl); break;
	case TUTOR_SHOW_MAP: show_map(pl); break;
	case TUTOR_SHOW_CALC:
		fprintf(pl->out, "Calculator on %s (%s): type :calc EXPR.\n",
			part ? part->id : "", r->text);
		break;
	case TUTOR_SHOW_VALUE: indent(pl->out, r->text, "  "); break;
	case TUTOR_SHOW_LAB: show_lab(pl, r->lab); break;
	}
	if (r->message[0])
		fprintf(pl->out, "%s\n", r->message);
}

static void command(struct plain *pl, const char *line)
{
	char word[32];
	size_t n = strcspn(line, " \t");
	const char *arg = line + n;
	while (*arg == ' ' || *arg == '\t')
		arg++;
	snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), line);
	enum tutor_request req = tutor_request_parse(word);
	struct tutor_reply r = { .show = TUTOR_SHOW_NOTHING };
	if (req == TUTOR_REQ_HELP)
		show_help(pl);
	else if (req == TUTOR_REQ_QUIT)
		pl->quit = true;
	else if (tutor_do(pl->s, req, *arg ? arg : NULL, &r))
		show_reply(pl, &r);
	else
		fprintf(pl->out, "unknown command ':%s' (:help lists them)\n", word);
	tutor_reply_clear(&r);
}

static void handle(struct plain *pl, const char *line)
{
	const char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return;
	if (*p == ':')
		command(pl, p + 1);
	else
		submit(pl, line);
	fflush(pl->out);
}

static bool load_history(const char *line, void *data)
{
	(void)data;
	add_history(line);
	return true;
}

int ui_plain_run(struct tutor_session *s, const char *notice, FILE *in,
		 FILE *out)
{
	struct plain pl = { s, in, out, isatty(fileno(in)) && isatty(fileno(out)),
			    false };
	const struct course *c = tutor_course(s);
	fprintf(out, "cnntutor: %s\n", c->title);
	fprintf(out, "Plain mode: type an answer, or :help for commands.\n");
	if (notice)
		fprintf(out, "note: %s\n", notice);
	fprintf(out, "%zu of %zu parts correct.\n", tutor_correct_count(s),
		tutor_part_count(s));
	show_part(&pl);

	if (pl.tty) {
		rl_instream = in;
		rl_outstream = out;
		ui_readline_setup_completion();
		tutor_history_each(s, load_history, NULL);
		while (!pl.quit) {
			char prompt[64];
			const struct course_part *part = tutor_current(s);
			snprintf(prompt, sizeof prompt, "%s> ", part ? part->id : "");
			char *line = readline(prompt);
			if (!line)
				break;
			if (*line)
				add_history(line);
			handle(&pl, line);
			free(line);
		}
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		while (!pl.quit && (n = getline(&line, &cap, in)) >= 0) {
			if (n > 0 && line[n - 1] == '\n')
				line[--n] = '\0';
			if (n > 0 && line[n - 1] == '\r')
				line[--n] = '\0';
			if (strlen(line) != (size_t)n) {
				fprintf(out, "not an answer: a NUL byte in the line\n");
				continue;
			}
			handle(&pl, line);
		}
		free(line);
	}
	fprintf(out, "Saved: %zu of %zu parts correct.\n", tutor_correct_count(s),
		tutor_part_count(s));
	fflush(out);
	return 0;
}
