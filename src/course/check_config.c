/* Checking the two kinds that are not engine values: choices (a number, a
 * letter, or the option's text) and configurations (K=4, S=2, ...: names
 * bound, then the part's constraint decides; never one key). Neither
 * knows what the names or the options are about: the messages come from
 * the lesson. */
#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "hash.h"
#include "mutations.h"

/* ---- choices ------------------------------------------------------------------ */

bool course_student_choice_order(const struct course *c, const struct course_part *part,
				 const char *student, size_t *order)
{
	struct strbuf seed = STRBUF_INIT;
	strbuf_printf(&seed, "%s\x1f%s", course_key(c) ? course_key(c) : "",
		      student ? student : "");
	bool ok = !seed.oom;
	if (ok)
		course_choice_order(part, strbuf_str(&seed), order);
	strbuf_free(&seed);
	return ok;
}

void course_choice_order(const struct course_part *part, const char *seed_text,
			 size_t *order)
{
	/* FNV-1a of the seed text and the part id, then splitmix: the same
	 * order on every machine, a different one per student and part. */
	uint64_t h = hash_fnv1a_more(HASH_FNV1A_START, seed_text ? seed_text : "");
	h = hash_fnv1a_more(h, "\x1f");
	h = hash_fnv1a_more(h, part->id);
	size_t n = part->n_choices;
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = n; i > 1; i--) {
		h = hash_mix64(h + 0x9E3779B97F4A7C15ull);
		size_t j = (size_t)(h % i);
		size_t t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
}

/* Lower case, runs of space as one, no space at either end. */
static void fold(const char *s, size_t n, struct strbuf *out)
{
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isspace(c)) {
			space = out->len > 0;
			continue;
		}
		if (space)
			strbuf_putc(out, ' ');
		space = false;
		strbuf_putc(out, (char)tolower(c));
	}
}

/* Drop a trailing full stop or ellipsis ("…", "...") from folded text. */
static void drop_end(struct strbuf *t)
{
	for (;;) {
		if (t->len >= 3 && !memcmp(t->buf + t->len - 3, "\xe2\x80\xa6", 3))
			t->len -= 3;
		else if (t->len && (t->buf[t->len - 1] == '.' || t->buf[t->len - 1] == ' '))
			t->len--;
		else
			break;
		t->buf[t->len] = '\0';
	}
}

/* A start of an option long enough to mean something (8 bytes) that ends
 * where a word ends: "take the log" for "Take the log of each term",
 * never "take the l". */
enum { CHOICE_MIN_PREFIX = 8 };

static bool starts_option(const char *option, const char *text, size_t len)
{
	if (len < CHOICE_MIN_PREFIX || strncmp(option, text, len))
		return false;
	unsigned char next = (unsigned char)option[len];
	return next == '\0' || (next < 0x80 && !isalnum(next));
}

/* Which option a pasted text is: the whole text of one option, or a start
 * of one that no other option shares. 0-based in the course's order; -1
 * when none, -2 when it starts more than one. */
static long choice_by_text(const struct course_part *part, const char *text, size_t n)
{
	struct strbuf a = STRBUF_INIT;
	fold(text, n, &a);
	drop_end(&a);
	long found = -1;
	for (size_t i = 0; i < part->n_choices && a.len; i++) {
		struct strbuf o = STRBUF_INIT;
		fold(part->choices[i], strlen(part->choices[i]), &o);
		drop_end(&o);
		bool whole = !strcmp(strbuf_str(&o), strbuf_str(&a));
		bool start = starts_option(strbuf_str(&o), strbuf_str(&a), a.len);
		strbuf_free(&o);
		if (whole) {
			found = (long)i;
			break;
		}
		if (start)
			found = found == -1 ? (long)i : -2;
	}
	strbuf_free(&a);
	return found;
}

/* Quotation marks a pasted option may come in. */
static size_t quote_at(const char *s)
{
	static const char *const quotes[] = { "\"", "'", "`", "\xe2\x80\x9c", "\xe2\x80\x9d",
					      "\xe2\x80\x98", "\xe2\x80\x99", "\xc2\xab", "\xc2\xbb" };
	for (size_t i = 0; i < sizeof quotes / sizeof *quotes; i++)
		if (!strncmp(s, quotes[i], strlen(quotes[i])))
			return strlen(quotes[i]);
	return 0;
}

static size_t quote_before(const char *s, size_t len)
{
	for (size_t q = 1; q <= 3 && q <= len; q++)
		if (quote_at(s + len - q) == q)
			return q;
	return 0;
}

/* What a choice answer says once its wrapping is gone: spaces, quotation
 * marks around it, a leading word "option" or "choice". */
static void choice_core(const char *text, const char **start, size_t *len)
{
	const char *s = text;
	size_t n = strlen(text), q;
	for (bool again = true; again;) {
		again = false;
		while (n && isspace((unsigned char)*s))
			s++, n--;
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (n >= 2 && (q = quote_at(s)) && q < n && quote_before(s + q, n - q)) {
			n -= q + quote_before(s + q, n - q);
			s += q;
			again = true;
		}
		static const char *const words[] = { "option", "choice", "answer" };
		for (size_t i = 0; i < 3; i++) {
			size_t w = strlen(words[i]);
			if (n > w && !strncasecmp(s, words[i], w) &&
			    (isspace((unsigned char)s[w]) || s[w] == ':')) {
				s += w + 1;
				n -= w + 1;
				again = true;
			}
		}
	}
	*start = s;
	*len = n;
}

/* A label that starts a choice answer: "b)", "(b)", "3.", "b:" followed by
 * text; its length through the separator, 0 when there is none. */
static size_t label_prefix(const char *s, size_t n, char *label, size_t cap)
{
	size_t i = 0;
	bool open = n && s[0] == '(';
	i += open;
	size_t begin = i;
	if (i < n && isalpha((unsigned char)s[i]) && (i + 1 >= n || !isalnum((unsigned char)s[i + 1])))
		i++;
	else
		while (i < n && isdigit((unsigned char)s[i]) && i - begin < 5)
			i++;
	if (i == begin || i + 1 >= n || !strchr(").:", s[i]) || (open && s[i] != ')') ||
	    !isspace((unsigned char)s[i + 1]))
		return 0;
	size_t w = i - begin < cap - 1 ? i - begin : cap - 1;
	memcpy(label, s + begin, w);
	label[w] = '\0';
	return i + 1;
}

long course_parse_choice(const char *text, size_t n, struct strbuf *why)
{
	while (isspace((unsigned char)*text) || *text == '(')
		text++;
	size_t len = strlen(text);
	while (len && (isspace((unsigned char)text[len - 1]) || text[len - 1] == ')' ||
		       text[len - 1] == '.'))
		len--;
	long k = 0;
	if (len == 1 && isalpha((unsigned char)text[0])) {
		k = tolower((unsigned char)text[0]) - 'a' + 1;
	} else if (len > 0 && len < 6) {
		for (size_t i = 0; i < len; i++) {
			if (!isdigit((unsigned char)text[i])) {
				k = -1;
				break;
			}
			k = k * 10 + (text[i] - '0');
		}
	} else {
		k = -1;
	}
	if (k < 1 || (size_t)k > n) {
		strbuf_printf(why, "choose one of the %zu options by number (1 to %zu) or letter "
			      "(a to %c), or paste its text",
			      n, n, n && n <= 26 ? (char)('a' + n - 1) : 'z');
		return 0;
	}
	return k;
}

void course_check_choice(const struct course_part *part, const struct rt_part *rt,
			 const char *answer, const struct course_check_context *ctx,
			 struct course_check_result *out, long *rule_index)
{
	size_t n = rt->y->choices_count;
	const size_t *order = ctx ? ctx->choice_order : NULL;
	struct strbuf why = STRBUF_INIT;
	long shown = 0, k = 0;  /* shown: 1-based position on screen; k: course's */
	const char *core;
	size_t core_len;
	choice_core(answer, &core, &core_len);
	char *plain = strndup(core, core_len);
	char label[8];
	size_t lab = label_prefix(core, core_len, label, sizeof label);
	long by_text = plain ? choice_by_text(part, plain, core_len) : -1;
	if (by_text == -1 && lab) {
		/* "3. text": the label and the text must name the same option */
		by_text = choice_by_text(part, core + lab, core_len - lab);
		long labelled = course_parse_choice(label, n, &why);
		long labelled_k = labelled && order ? (long)order[labelled - 1] + 1 : labelled;
		if (by_text >= 0 && labelled && labelled_k != by_text + 1) {
			strbuf_reset(&why);
			strbuf_printf(&why, "'%s' and the text after it name different options: "
				      "give one of them", label);
			by_text = -3;
		} else if (by_text == -1 && labelled) {
			strbuf_reset(&why);
			strbuf_printf(&why, "the text after '%s' is not that option's: give the "
				      "letter alone, or paste the option exactly", label);
			by_text = -3;
		}
	}
	if (by_text >= 0) {
		k = by_text + 1;
		for (size_t i = 0; i < n; i++)
			if ((order ? order[i] : i) == (size_t)by_text)
				shown = (long)i + 1;
	} else if (by_text != -3 && plain && (shown = course_parse_choice(plain, n, &why))) {
		k = order ? (long)order[shown - 1] + 1 : shown;
	}
	free(plain);
	if (!k) {
		if (by_text == -2) {
			strbuf_reset(&why);
			strbuf_append(&why, "that text starts more than one option: paste more of it, or give its letter");
		}
		course_chk_invalid_msg(out, answer, ENGINE_ERR_PARSE, 0, strlen(answer), strbuf_str(&why));
		strbuf_free(&why);
		return;
	}
	strbuf_free(&why);
	/* Named by its text, not only its letter: the letters differ from
	 * student to student. */
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%c) %s", (char)('a' + (shown - 1) % 26), part->choices[k - 1]);
	out->interpreted = strbuf_steal(&sb);
	struct engine_scope *ps = course_rt_scope(rt);
	if (ps)
		engine_scope_bind_number(ps, "answer", (double)k);
	if (k == rt->choice) {
		out->verdict = COURSE_CORRECT;
		course_chk_set_text(&out->feedback, "Correct.");
		course_chk_add_notes(rt, ps, out);
		engine_scope_free(ps);
		return;
	}
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *r = &rt->rules[i];
		if (!course_chk_rule_applies(rt, r))
			continue;
		if ((r->choice && r->choice == k) || (r->when && ps && course_chk_predicate(r->when, ps))) {
			course_chk_rule_feedback(part, r, ps, out);
			*rule_index = (long)i;
			engine_scope_free(ps);
			return;
		}
	}
	engine_scope_free(ps);
	out->verdict = COURSE_INCORRECT;
	course_chk_set_text(&out->feedback, "Not this one: read the options again and ask which one the argument needs.");
}

/* ---- configurations ---------------------------------------------------------- */

/* The part's name for what the student wrote: itself, or the one name
 * that matches it whatever the case (k for K); -1 when none. */
static long name_index(const struct rt_part *rt, const char *name)
{
	for (size_t i = 0; i < rt->n_names; i++)
		if (!strcmp(rt->names[i], name))
			return (long)i;
	long found = -1;
	for (size_t i = 0; i < rt->n_names; i++)
		if (!strcasecmp(rt->names[i], name))
			found = found == -1 ? (long)i : -2;
	if (found >= 0)
		return found;
	/* a word the lesson gives for a name: stride for S */
	const struct y_check *c = rt->y->check;
	for (unsigned i = 0; c && i < c->aliases_count; i++) {
		const char *eq = strchr(c->aliases[i], '=');
		if (eq && (size_t)(eq - c->aliases[i]) == strlen(name) &&
		    !strncasecmp(c->aliases[i], name, strlen(name)))
			for (size_t k = 0; k < rt->n_names; k++)
				if (!strcmp(rt->names[k], eq + 1))
					return (long)k;
	}
	return -1;
}

static bool is_fixed_name(const struct rt_part *rt, const char *name)
{
	for (size_t j = 0; j < rt->fixed.n; j++)
		if (!strcmp(rt->fixed.names[j], name))
			return true;
	return false;
}

/* "2, 3": values without names, in the order of the names the part asks
 * for (those it does not fix), or of all its names. Returns the number of
 * unnamed values when they fit neither, 0 when the text is not a list of
 * plain values, -1 when it was read. */
static int positional_config(const struct rt_part *rt, const struct engine_expr *e,
			     struct rt_config *cfg)
{
	double v[RT_MAX_NAMES + 1];
	int n = engine_expr_values(e, rt->scope, v, RT_MAX_NAMES + 1);
	if (n < 1)
		return 0;
	size_t n_free = 0;
	for (size_t i = 0; i < rt->n_names; i++)
		n_free += !is_fixed_name(rt, rt->names[i]);
	bool all = (size_t)n == rt->n_names;
	if ((size_t)n != n_free && !all)
		return n;
	cfg->n = 0;
	cfg->positional = true;
	for (size_t i = 0; i < rt->n_names; i++) {
		if (!all && is_fixed_name(rt, rt->names[i]))
			continue;
		cfg->names[cfg->n] = rt->names[i];
		cfg->values[cfg->n] = v[cfg->n];
		cfg->n++;
	}
	assert(cfg->n == (size_t)n);
	return -1;
}

bool course_parse_config(const struct rt_part *rt, const char *text,
			 struct rt_config *cfg, struct engine_error *err,
			 struct engine_expr **keep)
{
	struct engine_parse_options opt = { ENGINE_PARSE_OPEN | ENGINE_PARSE_SPACE_LISTS, NULL };
	struct engine_expr *e = engine_parse_ex(text, strlen(text), rt->scope, &opt, err);
	if (!e)
		return false;
	struct strbuf names = STRBUF_INIT;
	for (size_t i = 0; i < rt->n_names; i++)
		strbuf_printf(&names, "%s%s", i ? ", " : "", rt->names[i]);
	/* The fixed values themselves must be named. */
	int unnamed = cfg != &rt->fixed ? positional_config(rt, e, cfg) : 0;
	if (unnamed < 0) {
		strbuf_free(&names);
		*keep = e;
		return true;
	}
	if (unnamed > 0) {
		memset(err, 0, sizeof *err);
		err->kind = ENGINE_ERR_PARSE;
		err->end = strlen(text);
		snprintf(err->message, sizeof err->message,
			 "%d value%s without names, and this part asks for %s: name each "
			 "one, as in %s=…", unnamed, unnamed == 1 ? "" : "s",
			 strbuf_str(&names), rt->names[0]);
		strbuf_free(&names);
		engine_expr_free(e);
		return false;
	}
	struct engine_binding b[2 * RT_MAX_NAMES];
	int n = engine_expr_bindings(e, rt->scope, b, 2 * RT_MAX_NAMES, err);
	if (n < 0) {
		strbuf_free(&names);
		engine_expr_free(e);
		return false;
	}
	memset(err, 0, sizeof *err);
	cfg->n = 0;
	cfg->positional = false;
	for (int i = 0; i < n && !err->kind; i++) {
		err->start = b[i].start;
		err->end = b[i].end;
		long k = name_index(rt, b[i].name);
		if (k < 0) {
			err->kind = ENGINE_ERR_NAME;
			snprintf(err->message, sizeof err->message,
				 "'%s' is not a name this part takes (use %s)",
				 b[i].name, strbuf_str(&names));
			break;
		}
		/* A name given twice with one value is only a repeat. */
		bool repeat = false;
		for (size_t j = 0; j < cfg->n && !err->kind; j++) {
			if (strcmp(cfg->names[j], rt->names[k]))
				continue;
			if (course_chk_near(cfg->values[j], b[i].value, 1e-12)) {
				repeat = true;
			} else {
				err->kind = ENGINE_ERR_PARSE;
				snprintf(err->message, sizeof err->message,
					 "%s is given twice, with different values (%g and %g)",
					 rt->names[k], cfg->values[j], b[i].value);
			}
		}
		if (!err->kind && !repeat && cfg->n < RT_MAX_NAMES) {
			cfg->names[cfg->n] = rt->names[k];
			cfg->values[cfg->n++] = b[i].value;
		}
	}
	strbuf_free(&names);
	if (err->kind) {
		engine_expr_free(e);
		return false;
	}
	*keep = e;
	return true;
}

static bool cfg_get(const struct rt_config *c, const char *name, double *v)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name)) {
			*v = c->values[i];
			return true;
		}
	return false;
}

/* Unnamed values are read in the order the part names them: say so, so a
 * student who meant another order sees it at once. */
static void note_positional(struct course_check_result *out)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "Values without names were read in the order the part asks for "
		      "them: %s. Name them (as in %s) to be sure.", out->interpreted,
		      out->interpreted);
	if (out->note)
		strbuf_printf(&sb, "\n%s", out->note);
	free(out->note);
	out->note = strbuf_steal(&sb);
}

void course_check_config(const struct course_part *part, const struct rt_part *rt,
			 const char *answer, const struct course_check_context *ctx,
			 struct course_check_result *out, long *rule_index)
{
	struct rt_config cfg;
	struct engine_error e;
	struct engine_expr *ex = NULL;
	memset(&e, 0, sizeof e);
	if (!course_parse_config(rt, answer, &cfg, &e, &ex)) {
		course_chk_invalid(out, answer, &e);
		return;
	}
	double full[RT_MAX_NAMES];
	struct strbuf msg = STRBUF_INIT;
	if (cfg.positional) {
		/* Say how unnamed values were read: the order is ours, not theirs. */
		struct strbuf read = STRBUF_INIT;
		for (size_t i = 0; i < cfg.n; i++)
			strbuf_printf(&read, "%s%s=%g", i ? ", " : "", cfg.names[i], cfg.values[i]);
		out->interpreted = strbuf_steal(&read);
	} else {
		out->interpreted = engine_expr_print(ex);
	}
	bool complete = true, fixed_ok = true;
	for (size_t i = 0; i < rt->n_names; i++) {
		double given = 0, fixed = 0;
		bool has = cfg_get(&cfg, rt->names[i], &given);
		bool is_fixed = cfg_get(&rt->fixed, rt->names[i], &fixed);
		if (is_fixed && has && !course_chk_near(given, fixed, 1e-9)) {
			fixed_ok = false;
			if (!msg.len)
				strbuf_printf(&msg, "The question fixes %s = %g; keep it.",
					      rt->names[i], fixed);
		}
		if (!has && !is_fixed) {
			if (complete)
				strbuf_append(&msg, "Incomplete: give ");
			else
				strbuf_append(&msg, ", ");
			strbuf_append(&msg, rt->names[i]);
			complete = false;
		}
		full[i] = has ? given : fixed;
	}
	if (!complete) {
		strbuf_append(&msg, " too.");
		out->verdict = COURSE_INCORRECT;
		free(out->feedback);
		out->feedback = strbuf_steal(&msg);
		engine_expr_free(ex);
		return;
	}
	struct engine_scope *s = course_rt_scope(rt);
	for (size_t i = 0; s && i < rt->n_names; i++)
		engine_scope_bind_number(s, rt->names[i], full[i]);
	const struct y_check *c = rt->y->check;
	if (fixed_ok && s && course_chk_predicate(rt->constraint, s)) {
		out->verdict = COURSE_CORRECT;
		course_chk_set_text(&out->feedback, c->correct ? c->correct : "Correct.");
		course_chk_add_notes(rt, s, out);
		goto done;
	}
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *r = &rt->rules[i];
		if (!course_chk_rule_applies(rt, r))
			continue;
		bool match = false;
		if (r->when) {
			match = s && course_chk_predicate(r->when, s);
		} else if (r->value_cfg.n) {
			match = true;
			for (size_t j = 0; j < r->value_cfg.n && match; j++) {
				long k = name_index(rt, r->value_cfg.names[j]);
				match = k >= 0 && course_chk_near(full[k], r->value_cfg.values[j], 1e-9);
			}
		}
		if (match) {
			course_chk_rule_feedback(part, r, s, out);
			*rule_index = (long)i;
			out->rule = (unsigned)i + 1;
			goto done;
		}
	}
	out->verdict = COURSE_INCORRECT;
	course_chk_set_text(&out->feedback, msg.len ? strbuf_str(&msg) : c->otherwise ? c->otherwise :
			    "These values do not meet the part's conditions.");
	/* values that break what the question fixes are that, not a slip */
	if (fixed_ok && s)
		course_name_mistake(part, rt, ctx, NULL, s, out);
done:
	if (cfg.positional)
		note_positional(out);
	strbuf_free(&msg);
	engine_scope_free(s);
	engine_expr_free(ex);
}
