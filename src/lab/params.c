/* Parameter values: text in, checked against the kind's table, kept both
 * as text (for an editor and for help) and parsed (for the lab). Also the
 * kernel configuration syntax shared by the taps and stack labs. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lab_internal.h"

#define MAX_ITEMS 64

struct value {
	char *text;
	double num;                 /* INT, REAL */
	double items[MAX_ITEMS];    /* REALS */
	size_t nitems;
	int choice;                 /* CHOICE */
	bool flag;                  /* FLAG */
};

struct lab_params {
	const struct lab_kind *kind;
	struct value *values;       /* one per kind->params */
};

static void range_text(char *buf, size_t size, const struct lab_param *d)
{
	char lo[32], hi[32];
	lab_format_g(lo, d->min, 6);
	lab_format_g(hi, d->max, 6);
	snprintf(buf, size, "%s to %s", lo, hi);
}

static bool in_range(const struct lab_param *d, double v, const char *shown,
		     struct lab_error *err)
{
	if (v >= d->min && v <= d->max)
		return true;
	char range[80];
	range_text(range, sizeof range, d);
	return lab_fail(err, LAB_ERR_PARAM, d->name,
			"%s is out of range: %s takes %s", shown, d->name, range);
}

/* The index of word in "a|b|c", or -1. */
static int choice_index(const char *choices, const char *word)
{
	size_t wl = strlen(word);
	int i = 0;
	for (const char *c = choices; *c; i++) {
		const char *bar = strchr(c, '|');
		size_t len = bar ? (size_t)(bar - c) : strlen(c);
		if (len == wl && !strncmp(c, word, len))
			return i;
		if (!bar)
			break;
		c = bar + 1;
	}
	return -1;
}

static bool parse_flag(const char *s, bool *out)
{
	static const char *const on[] = { "on", "true", "yes", "1" };
	static const char *const off[] = { "off", "false", "no", "0" };
	for (size_t i = 0; i < sizeof on / sizeof on[0]; i++) {
		if (!strcasecmp(s, on[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(s, off[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* Parse text for parameter d into v (v->text untouched). */
static bool parse_value(const struct lab_param *d, const char *text,
			struct value *v, struct lab_error *err)
{
	switch (d->type) {
	case LAB_PARAM_INT:
	case LAB_PARAM_REAL: {
		size_t len = strlen(text);
		while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
			len--;
		while (len && (*text == ' ' || *text == '\t'))
			text++, len--;
		double x;
		if (!lab_parse_number(text, len, &x))
			return lab_fail(err, LAB_ERR_PARAM, d->name, "'%.*s' is not a %s",
					(int)len, text,
					d->type == LAB_PARAM_INT ? "whole number" : "number");
		if (d->type == LAB_PARAM_INT && x != (double)(long)x)
			return lab_fail(err, LAB_ERR_PARAM, d->name,
					"'%.*s' is not a whole number", (int)len, text);
		char shown[72];
		snprintf(shown, sizeof shown, "%.*s", (int)len, text);
		if (!in_range(d, x, shown, err))
			return false;
		v->num = x;
		return true;
	}
	case LAB_PARAM_REALS: {
		size_t bad, badlen;
		int max = d->max_items && d->max_items < MAX_ITEMS ? (int)d->max_items : MAX_ITEMS;
		int n = lab_parse_numbers(text, v->items, max, &bad, &badlen);
		if (n == -2)
			return lab_fail(err, LAB_ERR_PARAM, d->name,
					"too many numbers: %s takes at most %d", d->name, max);
		if (n < 0 && badlen == 0)
			return lab_fail(err, LAB_ERR_PARAM, d->name,
					"'%s': a number is missing at column %zu (write numbers "
					"separated by commas, e.g. %s)", text, bad + 1, d->def);
		if (n < 0)
			return lab_fail(err, LAB_ERR_PARAM, d->name,
					"'%.*s' (column %zu) is not a number", (int)badlen,
					text + bad, bad + 1);
		for (int i = 0; i < n; i++) {
			char shown[32];
			lab_format_g(shown, v->items[i], 10);
			if (!in_range(d, v->items[i], shown, err))
				return false;
		}
		v->nitems = (size_t)n;
		return true;
	}
	case LAB_PARAM_CHOICE: {
		int i = choice_index(d->choices, text);
		if (i < 0) {
			char list[128];
			snprintf(list, sizeof list, "%s", d->choices);
			for (char *c = list; *c; c++)
				if (*c == '|')
					*c = '/';
			return lab_fail(err, LAB_ERR_PARAM, d->name,
					"'%s' is not one of %s", text, list);
		}
		v->choice = i;
		return true;
	}
	case LAB_PARAM_FLAG:
		if (!parse_flag(text, &v->flag))
			return lab_fail(err, LAB_ERR_PARAM, d->name,
					"'%s' is not on or off", text);
		return true;
	case LAB_PARAM_TEXT:
		return !d->check || d->check(text, err);
	}
	return lab_fail(err, LAB_ERR_PARAM, d->name, "unknown parameter type");
}

static int param_index(const struct lab_kind *k, const char *name)
{
	for (size_t i = 0; i < k->nparams; i++)
		if (!strcmp(k->params[i].name, name))
			return (int)i;
	return -1;
}

const struct lab_param *lab_kind_param(const struct lab_kind *kind, const char *name)
{
	int i = param_index(kind, name);
	return i < 0 ? NULL : &kind->params[i];
}

struct lab_params *lab_params_new(const struct lab_kind *kind)
{
	struct lab_params *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->kind = kind;
	p->values = calloc(kind->nparams ? kind->nparams : 1, sizeof *p->values);
	if (!p->values) {
		free(p);
		return NULL;
	}
	for (size_t i = 0; i < kind->nparams; i++) {
		struct lab_error err;
		bool ok = lab_params_set(p, kind->params[i].name, kind->params[i].def, &err);
		/* A default that its own rule refuses is a bug in the table,
		 * and test_lab_params runs every default. */
		assert(ok || err.kind == LAB_ERR_MEMORY);
		if (!ok) {
			lab_params_free(p);
			return NULL;
		}
	}
	return p;
}

void lab_params_free(struct lab_params *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->kind->nparams; i++)
		free(p->values[i].text);
	free(p->values);
	free(p);
}

const struct lab_kind *lab_params_kind(const struct lab_params *p)
{
	return p->kind;
}

static void list_names(const struct lab_kind *k, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < k->nparams && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i ? ", " : "", k->params[i].name);
}

bool lab_params_set(struct lab_params *p, const char *name, const char *value,
		    struct lab_error *err)
{
	int i = param_index(p->kind, name);
	if (i < 0) {
		char names[160];
		list_names(p->kind, names, sizeof names);
		if (!p->kind->nparams)
			snprintf(names, sizeof names, "none");
		return lab_fail(err, LAB_ERR_PARAM, name,
				"lab %s has no parameter '%s' (it takes: %s)",
				p->kind->name, name, names);
	}
	const struct lab_param *d = &p->kind->params[i];
	struct value v = p->values[i];
	if (!parse_value(d, value, &v, err))
		return false;
	char *copy = strdup(value);
	if (!copy)
		return lab_fail(err, LAB_ERR_MEMORY, name, "out of memory");
	free(p->values[i].text);
	v.text = copy;
	p->values[i] = v;
	return true;
}

bool lab_params_assign(struct lab_params *p, const char *assignment,
		       struct lab_error *err)
{
	const char *eq = strchr(assignment, '=');
	if (!eq || eq == assignment)
		return lab_fail(err, LAB_ERR_PARAM, "",
				"'%s' is not NAME=VALUE", assignment);
	char name[32];
	size_t len = (size_t)(eq - assignment);
	if (len >= sizeof name)
		return lab_fail(err, LAB_ERR_PARAM, "", "'%.*s' is not a parameter name",
				(int)len, assignment);
	memcpy(name, assignment, len);
	name[len] = '\0';
	return lab_params_set(p, name, eq + 1, err);
}

const char *lab_params_get(const struct lab_params *p, const char *name)
{
	int i = param_index(p->kind, name);
	return i < 0 ? NULL : p->values[i].text;
}

void lab_param_describe(const struct lab_param *d, char *out, size_t size)
{
	char range[80];
	range_text(range, sizeof range, d);
	switch (d->type) {
	case LAB_PARAM_INT:
	case LAB_PARAM_REAL:
		snprintf(out, size, "%s", range);
		break;
	case LAB_PARAM_REALS:
		snprintf(out, size, "up to %zu numbers, each %s", d->max_items, range);
		break;
	case LAB_PARAM_CHOICE: {
		/* "a|b|c" as "a, b or c" */
		size_t used = 0;
		out[0] = '\0';
		for (const char *c = d->choices; *c && used < size;) {
			const char *bar = strchr(c, '|');
			size_t len = bar ? (size_t)(bar - c) : strlen(c);
			const char *sep = c == d->choices ? "" : bar ? ", " : " or ";
			used += (size_t)snprintf(out + used, size - used, "%s%.*s", sep, (int)len, c);
			c = bar ? bar + 1 : c + len;
		}
		break;
	}
	case LAB_PARAM_FLAG:
		snprintf(out, size, "on or off");
		break;
	case LAB_PARAM_TEXT:
		snprintf(out, size, "%s", "");
		break;
	}
}

/* 1, 2 or 5 times a power of ten, near span. */
static double round_step(double span)
{
	double e = pow(10, floor(log10(span)));
	double f = span / e;
	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * e;
}

bool lab_params_next(const struct lab_params *p, const char *name, int dir,
		     char *out, size_t size, struct lab_error *err)
{
	int i = param_index(p->kind, name);
	if (i < 0)
		return lab_fail(err, LAB_ERR_PARAM, name, "lab %s has no parameter '%s'",
				p->kind->name, name);
	const struct lab_param *d = &p->kind->params[i];
	const struct value *v = &p->values[i];
	assert(dir != 0);
	switch (d->type) {
	case LAB_PARAM_INT:
	case LAB_PARAM_REAL: {
		double span = d->max - d->min;
		double step = d->type == LAB_PARAM_REAL ? round_step(span / 20)
			      : span > 1000 ? round_step(span / 100) : 1;
		/* Onto the grid of steps, then one step further. */
		double k = dir > 0 ? floor(v->num / step + 1e-9) + 1 : ceil(v->num / step - 1e-9) - 1;
		double next = k * step;
		if (next > d->max)
			next = d->max;
		if (next < d->min)
			next = d->min;
		if (next == v->num) {
			char shown[32], range[80];
			lab_format_g(shown, v->num, 10);
			range_text(range, sizeof range, d);
			return lab_fail(err, LAB_ERR_PARAM, d->name, "%s is already %s, the %s "
					"value it takes (%s)", d->name, shown,
					dir > 0 ? "largest" : "smallest", range);
		}
		char num[32];
		lab_format_g(num, next, 10);
		snprintf(out, size, "%s", num);
		return true;
	}
	case LAB_PARAM_CHOICE: {
		int n = 1;
		for (const char *c = d->choices; *c; c++)
			n += *c == '|';
		int want = ((v->choice + (dir > 0 ? 1 : -1)) % n + n) % n;
		const char *c = d->choices;
		for (int k = 0; k < want; k++)
			c = strchr(c, '|') + 1;
		snprintf(out, size, "%.*s", (int)strcspn(c, "|"), c);
		return true;
	}
	case LAB_PARAM_FLAG:
		snprintf(out, size, "%s", v->flag ? "off" : "on");
		return true;
	case LAB_PARAM_REALS:
	case LAB_PARAM_TEXT:
		break;
	}
	return lab_fail(err, LAB_ERR_PARAM, d->name, "%s is typed, not stepped: give "
			"its new value (e.g. %s=%s)", d->name, d->name, d->def);
}

static const struct value *get(const struct lab_params *p, const char *name,
			       enum lab_param_type type)
{
	int i = param_index(p->kind, name);
	assert(i >= 0 && p->kind->params[i].type == type);
	return &p->values[i];
}

long lab_param_int(const struct lab_params *p, const char *name)
{
	return (long)get(p, name, LAB_PARAM_INT)->num;
}

double lab_param_real(const struct lab_params *p, const char *name)
{
	return get(p, name, LAB_PARAM_REAL)->num;
}

const double *lab_param_reals(const struct lab_params *p, const char *name, size_t *n)
{
	const struct value *v = get(p, name, LAB_PARAM_REALS);
	*n = v->nitems;
	return v->items;
}

int lab_param_choice(const struct lab_params *p, const char *name)
{
	return get(p, name, LAB_PARAM_CHOICE)->choice;
}

bool lab_param_flag(const struct lab_params *p, const char *name)
{
	return get(p, name, LAB_PARAM_FLAG)->flag;
}

const char *lab_param_text(const struct lab_params *p, const char *name)
{
	return get(p, name, LAB_PARAM_TEXT)->text;
}

/* ---- kernel configurations ---- */

/* config = item { [","] item } ;  item = NAME "=" INTEGER ;
 * NAME = K | S | P | D (either case). */
bool lab_config_parse(const char *text, struct lab_config *cfg, struct lab_error *err)
{
	struct lab_config c = { .K = -1, .S = 1, .P = 0, .D = 0 };
	const char *s = text;
	bool any = false;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (!*s)
			break;
		const char *item = s;
		int *slot;
		switch (*s) {
		case 'K': case 'k': slot = &c.K; break;
		case 'S': case 's': slot = &c.S; break;
		case 'P': case 'p': slot = &c.P; break;
		case 'D': case 'd': slot = &c.D; break;
		default: slot = NULL; break;
		}
		s++;
		while (*s == ' ')
			s++;
		if (!slot || *s != '=') {
			size_t len = strcspn(item, ", \t");
			return lab_fail(err, LAB_ERR_PARAM, "config",
					"'%.*s' (column %zu) is not NAME=VALUE with NAME one "
					"of K, S, P, D", (int)len, item, (size_t)(item - text) + 1);
		}
		s++;
		while (*s == ' ')
			s++;
		const char *num = s;
		if (*s == '-' || *s == '+')
			s++;
		while (*s >= '0' && *s <= '9')
			s++;
		double v;
		if (!lab_parse_number(num, (size_t)(s - num), &v) || v != (double)(int)v ||
		    (*s && *s != ',' && *s != ' ' && *s != '\t')) {
			size_t len = strcspn(num, ", \t");
			return lab_fail(err, LAB_ERR_PARAM, "config",
					"%c=%.*s (column %zu): the value must be a whole number",
					*item, (int)len, num, (size_t)(num - text) + 1);
		}
		if (v > 1000 || v < -1000)
			return lab_fail(err, LAB_ERR_PARAM, "config",
					"%c=%.*s (column %zu): too large (at most 1000)",
					*item, (int)(s - num), num, (size_t)(num - text) + 1);
		*slot = (int)v;
		any = true;
	}
	if (!any || c.K == -1)
		return lab_fail(err, LAB_ERR_PARAM, "config",
				"'%s' gives no kernel size K (write e.g. K=2, S=3, P=2, D=1)",
				text);
	*cfg = c;
	return true;
}

int lab_config_span(const struct lab_config *cfg)
{
	return cfg->K + (cfg->K - 1) * cfg->D;
}

bool lab_config_check(const struct lab_config *c, int width, struct lab_error *err)
{
	if (c->K < 1)
		return lab_fail(err, LAB_ERR_INVALID, "config",
				"K=%d: a kernel has at least one tap (K >= 1)", c->K);
	if (c->S < 1)
		return lab_fail(err, LAB_ERR_INVALID, "config",
				"S=%d: the stride is at least 1 (S >= 1)", c->S);
	if (c->P < 0)
		return lab_fail(err, LAB_ERR_INVALID, "config",
				"P=%d: padding cannot be negative (P >= 0)", c->P);
	if (c->D < 0)
		return lab_fail(err, LAB_ERR_INVALID, "config",
				"D=%d: dilation counts skipped pixels, it cannot be "
				"negative (D >= 0)", c->D);
	if (width < 1)
		return lab_fail(err, LAB_ERR_INVALID, "input",
				"width %d: the input has at least one pixel", width);
	/* lab_config_parse caps each name at 1000, so the span fits and the
	 * taps of any window stay cheap to enumerate. */
	int span = lab_config_span(c);
	if (span > width + 2 * c->P)
		return lab_fail(err, LAB_ERR_INVALID, "config",
				"the kernel spans K + (K-1)·D = %d + %d·%d = %d pixels, "
				"more than the padded input W + 2P = %d + 2·%d = %d "
				"(rule: K_eff <= W + 2P)",
				c->K, c->K - 1, c->D, span, width, c->P, width + 2 * c->P);
	if (c->P >= span)
		return lab_fail(err, LAB_ERR_INVALID, "config",
				"P=%d is not smaller than the kernel span K_eff = %d: the "
				"first window would read only padding (rule: P < K_eff)",
				c->P, span);
	return true;
}
