/* The lab request (tutor.h, struct tutor_lab): opening the current part's
 * lab on the lesson's parameters and the student's last answer, and
 * changing it a setting at a time, all or nothing. The lab layer computes;
 * both front ends only draw what is here. */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "tutor_internal.h"

struct tutor_lab_state {
	struct tutor_lab pub;
	struct lab_params *params;
	struct lab_result *result;
	char *part_id;
	char *origin;
};

static const char seed_help[] = "every random choice: the same seed gives the same numbers";

void tutor_lab_free(struct tutor_lab_state *lab)
{
	if (!lab)
		return;
	lab_params_free(lab->params);
	lab_result_free(lab->result);
	free(lab->part_id);
	free(lab->origin);
	free(lab);
}

const struct tutor_lab *tutor_lab(const struct tutor_session *s)
{
	const struct tutor_lab_state *lab = tutor_lab_state(s);
	return lab ? &lab->pub : NULL;
}

size_t tutor_lab_setting_count(const struct tutor_lab *lab)
{
	return lab ? lab->kind->nparams + 1 : 0;
}

bool tutor_lab_setting(const struct tutor_lab *lab, size_t i, const char **name,
		       const char **help, char *value, size_t value_size,
		       char *takes, size_t takes_size)
{
	if (!lab || i > lab->kind->nparams)
		return false;
	if (i == lab->kind->nparams) {
		*name = "seed";
		*help = seed_help;
		snprintf(value, value_size, "%llu", (unsigned long long)lab->seed);
		snprintf(takes, takes_size, "a whole number from 0");
		return true;
	}
	const struct lab_param *p = &lab->kind->params[i];
	*name = p->name;
	*help = p->help;
	snprintf(value, value_size, "%s", lab_params_get(lab->params, p->name));
	lab_param_describe(p, takes, takes_size);
	return true;
}

/* ---- settings: "NAME=VALUE", "NAME+", "NAME-" ------------------------------ */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool setting_name(const struct lab_kind *k, const char *s, size_t len)
{
	if (len == 4 && !strncmp(s, "seed", 4))
		return true;
	for (size_t i = 0; i < k->nparams; i++)
		if (strlen(k->params[i].name) == len && !strncmp(k->params[i].name, s, len))
			return true;
	return false;
}

/* The length of the name of a setting starting at s ("p=0.3": 1; "n+": 1),
 * or 0 when s does not start one. A value may hold blanks ("K=2, S=3"),
 * so a setting starts only where a name of this lab is followed by '=',
 * or by '+' or '-' and then a blank or the end. */
static size_t setting_at(const struct lab_kind *k, const char *s)
{
	size_t len = 0;
	while (s[len] && s[len] != '=' && s[len] != '+' && s[len] != '-' && !is_blank(s[len]))
		len++;
	if (!len || !setting_name(k, s, len))
		return 0;
	if (s[len] == '=')
		return len;
	if ((s[len] == '+' || s[len] == '-') && (!s[len + 1] || is_blank(s[len + 1])))
		return len;
	return 0;
}

static void names_of(const struct lab_kind *k, struct strbuf *sb)
{
	for (size_t i = 0; i < k->nparams; i++)
		strbuf_printf(sb, "%s, ", k->params[i].name);
	strbuf_append(sb, "seed");
}

static bool parse_seed(const char *text, uint64_t *out)
{
	if (!*text || strspn(text, "0123456789") != strlen(text))
		return false;
	errno = 0;
	unsigned long long v = strtoull(text, NULL, 10);
	if (errno)
		return false;
	*out = v;
	return true;
}

/* Apply one setting (name[0..len), then op '=' with value, '+' or '-'). */
static bool apply(struct tutor_lab_state *lab, const char *name, char op, const char *value,
		  struct lab_error *err)
{
	if (!strcmp(name, "seed")) {
		uint64_t seed = lab->pub.seed;
		if (op == '+' ? seed == UINT64_MAX : op == '-' ? seed == 0
		    : !parse_seed(value, &seed)) {
			err->kind = LAB_ERR_PARAM;
			snprintf(err->param, sizeof err->param, "seed");
			snprintf(err->message, sizeof err->message, op == '=' ?
				 "'%s' is not a whole number from 0" : "seed cannot go %s",
				 op == '=' ? value : op == '+' ? "higher" : "lower");
			return false;
		}
		lab->pub.seed = op == '+' ? seed + 1 : op == '-' ? seed - 1 : seed;
		return true;
	}
	if (op == '=')
		return lab_params_set(lab->params, name, value, err);
	char next[128];
	return lab_params_next(lab->params, name, op == '+' ? 1 : -1, next, sizeof next, err) &&
	       lab_params_set(lab->params, name, next, err);
}

/* Every setting in text, in order; false at the first that fails (err
 * says why). */
static bool apply_all(struct tutor_lab_state *lab, const char *text, struct lab_error *err)
{
	const struct lab_kind *k = lab->pub.kind;
	const char *s = text;
	while (is_blank(*s))
		s++;
	while (*s) {
		size_t len = setting_at(k, s);
		if (!len) {
			struct strbuf names = STRBUF_INIT;
			names_of(k, &names);
			size_t bad = strcspn(s, " \t");
			err->kind = LAB_ERR_PARAM;
			err->param[0] = '\0';
			snprintf(err->message, sizeof err->message, "'%.*s' is not NAME=VALUE, "
				 "NAME+ or NAME- with NAME one of this lab's: %s", (int)bad, s,
				 strbuf_str(&names));
			strbuf_free(&names);
			return false;
		}
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)len, s);
		char op = s[len];
		const char *v = s + len + 1;
		/* The value runs to where the next setting starts. */
		const char *end = v;
		while (*end && !(is_blank(end[-1]) && setting_at(k, end)))
			end++;
		size_t vlen = (size_t)(end - v);
		while (vlen && is_blank(v[vlen - 1]))
			vlen--;
		char *value = strndup(v, vlen);
		if (!value) {
			*err = (struct lab_error){ .kind = LAB_ERR_MEMORY, .message = "out of memory" };
			return false;
		}
		bool ok = apply(lab, name, op, op == '=' ? value : NULL, err);
		free(value);
		if (!ok)
			return false;
		s = op == '=' ? end : v;
		while (is_blank(*s))
			s++;
	}
	return true;
}

/* ---- the request ------------------------------------------------------------ */

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *dup_printf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_steal(&sb);
}

static bool run(struct tutor_lab_state *lab, struct lab_error *err)
{
	struct lab_result *r = NULL;
	if (!lab_run(lab->pub.kind, lab->params, lab->pub.seed, &r, err))
		return false;
	lab_result_free(lab->result);
	lab->result = r;
	lab->pub.result = r;
	return true;
}

static void set_origin(struct tutor_lab_state *lab, char *origin)
{
	free(lab->origin);
	lab->origin = origin;
	lab->pub.origin = origin ? origin : "";
}

/* The lesson's parameters of decl, and then the student's answer when it
 * takes one; NULL (and the reply says why) when it cannot run. */
static struct tutor_lab_state *open_lab(struct tutor_session *s, const struct course_lab *decl,
					struct tutor_reply *r)
{
	const struct course *c = tutor_course(s);
	const struct course_part *part = tutor_current(s);
	struct tutor_lab_state *lab = calloc(1, sizeof *lab);
	if (!lab || !(lab->params = course_lab_params(decl)) || !(lab->part_id = strdup(part->id))) {
		tutor_lab_free(lab);
		tutor_say(r, TUTOR_TONE_BAD, "Out of memory: the lab cannot open.");
		return NULL;
	}
	lab->pub = (struct tutor_lab){ .kind = decl->kind, .params = lab->params, .seed = 1,
				       .part_id = lab->part_id, .origin = "" };
	struct lab_error err = { 0 };
	const char *answer = decl->answer ? tutor_last_answer(s, tutor_current_index(s)) : NULL;
	char *value = answer ? course_lab_answer(c, part, answer) : NULL;
	if (value) {
		char *before = strdup(lab_params_get(lab->params, decl->answer));
		if (before && lab_params_set(lab->params, decl->answer, value, &err) && run(lab, &err)) {
			set_origin(lab, dup_printf("Started from your last answer to %s (%s): %s=%s.",
						   part->id, answer, decl->answer, value));
		} else if (before) {
			/* Back to the lesson's value, and say why. */
			lab_params_set(lab->params, decl->answer, before, NULL);
			tutor_say(r, TUTOR_TONE_BAD, "Your last answer to %s (%s) does not run in "
				  "this lab: %s: %s The lesson's parameters instead.", part->id,
				  answer, lab_error_kind_name(err.kind), err.message);
		}
		free(before);
	} else if (answer) {
		tutor_say(r, TUTOR_TONE_BAD, "Your last answer to %s (%s) is not a configuration "
			  "this lab can read: the lesson's parameters instead.", part->id, answer);
	}
	free(value);
	if (!lab->result && !run(lab, &err)) {
		tutor_say(r, TUTOR_TONE_BAD, "This lab does not run on its lesson's parameters: "
			  "%s: %s", lab_error_kind_name(err.kind), err.message);
		tutor_lab_free(lab);
		return NULL;
	}
	if (!lab->origin && decl->answer && !answer)
		set_origin(lab, dup_printf("Started on the lesson's parameters: no answer to %s "
					   "yet.", part->id));
	else if (!lab->origin)
		set_origin(lab, strdup("Started on the lesson's parameters."));
	return lab;
}

/* The text of every setting, to put back when a change fails. */
static char **save_settings(const struct tutor_lab_state *lab)
{
	const struct lab_kind *k = lab->pub.kind;
	char **saved = calloc(k->nparams + 1, sizeof *saved);
	for (size_t i = 0; saved && i < k->nparams; i++)
		if (!(saved[i] = strdup(lab_params_get(lab->params, k->params[i].name)))) {
			while (i--)
				free(saved[i]);
			free(saved);
			return NULL;
		}
	return saved;
}

static void restore_settings(struct tutor_lab_state *lab, char **saved, uint64_t seed)
{
	const struct lab_kind *k = lab->pub.kind;
	for (size_t i = 0; i < k->nparams; i++) {
		bool ok = lab_params_set(lab->params, k->params[i].name, saved[i], NULL);
		/* Each was accepted before. */
		assert(ok);
		(void)ok;
	}
	lab->pub.seed = seed;
}

static void free_settings(const struct tutor_lab_state *lab, char **saved)
{
	for (size_t i = 0; saved && i < lab->pub.kind->nparams; i++)
		free(saved[i]);
	free(saved);
}

void tutor_lab_request(struct tutor_session *s, const char *arg, struct tutor_reply *r)
{
	const struct course_part *part = tutor_current(s);
	const struct course_lab *decl = course_part_lab(tutor_course(s), part);
	struct tutor_lab_state **slot = tutor_lab_slot(s);
	if (!decl) {
		tutor_say(r, TUTOR_TONE_INFO, "This question has no lab.");
		return;
	}
	const char *p = arg ? arg : "";
	while (is_blank(*p))
		p++;
	bool fresh = !*p || !*slot || strcmp((*slot)->part_id, part->id);
	if (fresh) {
		struct tutor_lab_state *lab = open_lab(s, decl, r);
		if (!lab)
			return;
		tutor_lab_free(*slot);
		*slot = lab;
	}
	struct tutor_lab_state *lab = *slot;
	if (*p) {
		char **saved = save_settings(lab);
		uint64_t seed = lab->pub.seed;
		struct lab_error err = { 0 };
		if (!saved) {
			tutor_say(r, TUTOR_TONE_BAD, "Out of memory: nothing was changed.");
			return;
		}
		bool ok = apply_all(lab, p, &err) && run(lab, &err);
		if (!ok) {
			restore_settings(lab, saved, seed);
			tutor_say(r, TUTOR_TONE_BAD, "%s: %s%s%s (nothing changed)",
				  lab_error_kind_name(err.kind), err.param[0] ? err.param : "",
				  err.param[0] ? ": " : "", err.message);
		}
		free_settings(lab, saved);
		/* A lab just opened is shown even when the change is refused. */
		if (!ok && !fresh)
			return;
	}
	r->show = TUTOR_SHOW_LAB;
	r->lab = &lab->pub;
	r->changed = TUTOR_CHANGED_LAB;
}
