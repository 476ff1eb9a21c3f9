/* Checking the two kinds that are not engine values: choices (a number
 * or a letter) and configurations (K=4, S=2, ...: names bound, then the
 * part's constraint decides; never one key). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ---- choices ------------------------------------------------------------------ */

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
		strbuf_printf(why, "choose one of the %zu options by number (1 to %zu) or letter (a to %c)",
			      n, n, n && n <= 26 ? (char)('a' + n - 1) : 'z');
		return 0;
	}
	return k;
}

void course_check_choice(const struct course_part *part, const struct rt_part *rt,
			 const char *answer, struct course_check_result *out,
			 long *rule_index)
{
	struct strbuf why = STRBUF_INIT;
	long k = course_parse_choice(answer, rt->y->choices_count, &why);
	if (!k) {
		course_chk_invalid_msg(out, answer, ENGINE_ERR_PARSE, 0, strlen(answer), strbuf_str(&why));
		strbuf_free(&why);
		return;
	}
	strbuf_free(&why);
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%ld: %s", k, part->choices[k - 1]);
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
		if ((r->choice && r->choice == k) || (r->when && ps && course_chk_predicate(r->when, ps))) {
			course_chk_rule_feedback(part, r, out);
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

static long name_index(const struct rt_part *rt, const char *name)
{
	for (size_t i = 0; i < rt->n_names; i++)
		if (!strcmp(rt->names[i], name))
			return (long)i;
	return -1;
}

bool course_parse_config(const struct rt_part *rt, const char *text,
			 struct rt_config *cfg, struct engine_error *err,
			 struct engine_expr **keep)
{
	struct engine_expr *e = engine_parse_open(text, strlen(text), rt->scope, err);
	if (!e)
		return false;
	struct engine_binding b[2 * RT_MAX_NAMES];
	int n = engine_expr_bindings(e, rt->scope, b, 2 * RT_MAX_NAMES, err);
	if (n < 0) {
		engine_expr_free(e);
		return false;
	}
	struct strbuf names = STRBUF_INIT;
	for (size_t i = 0; i < rt->n_names; i++)
		strbuf_printf(&names, "%s%s", i ? ", " : "", rt->names[i]);
	memset(err, 0, sizeof *err);
	cfg->n = 0;
	for (int i = 0; i < n && !err->kind; i++) {
		err->start = b[i].start;
		err->end = b[i].end;
		if (name_index(rt, b[i].name) < 0) {
			err->kind = ENGINE_ERR_NAME;
			snprintf(err->message, sizeof err->message,
				 "'%s' is not a name this part takes (use %s)",
				 b[i].name, strbuf_str(&names));
		}
		for (int j = 0; j < i && !err->kind; j++)
			if (!strcmp(b[j].name, b[i].name)) {
				err->kind = ENGINE_ERR_PARSE;
				snprintf(err->message, sizeof err->message,
					 "%s is given twice", b[i].name);
			}
		if (!err->kind && cfg->n < RT_MAX_NAMES) {
			cfg->names[cfg->n] = b[i].name;
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

void course_check_config(const struct course_part *part, const struct rt_part *rt,
			 const char *answer, struct course_check_result *out,
			 long *rule_index)
{
	struct rt_config cfg;
	struct engine_error e;
	struct engine_expr *ex = NULL;
	memset(&e, 0, sizeof e);
	if (!course_parse_config(rt, answer, &cfg, &e, &ex)) {
		course_chk_invalid(out, answer, &e);
		return;
	}
	out->interpreted = engine_expr_print(ex);
	double full[RT_MAX_NAMES];
	struct strbuf msg = STRBUF_INIT;
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
	if (fixed_ok && s && course_chk_predicate(rt->constraint, s)) {
		out->verdict = COURSE_CORRECT;
		course_chk_set_text(&out->feedback, "Correct: this configuration gives the required output size.");
		course_chk_add_notes(rt, s, out);
		goto done;
	}
	for (size_t i = 0; i < rt->n_rules; i++) {
		const struct rt_rule *r = &rt->rules[i];
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
			course_chk_rule_feedback(part, r, out);
			*rule_index = (long)i;
			goto done;
		}
	}
	out->verdict = COURSE_INCORRECT;
	course_chk_set_text(&out->feedback, msg.len ? strbuf_str(&msg) :
		 "This configuration does not give the required output size: "
		 "work out (W + 2P - K_eff)/S + 1 with K_eff = K + (K-1)D.");
done:
	strbuf_free(&msg);
	engine_scope_free(s);
	engine_expr_free(ex);
}

