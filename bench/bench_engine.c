/* Engine benchmark: parse and evaluate time per expression, and
 * equivalence checks per second, on a fixed corpus of expression pairs
 * (data/bench-corpus.txt: EXPECTED<TAB>ANSWER<TAB>VARIABLES).
 *
 * It prints figures and never fails on time: machines differ. The targets
 * from the issue are printed beside the figures (parse+eval under 2 µs for
 * a 20-token expression; a matrix equivalence check under 100 µs).
 *
 * Usage: bench_engine [CORPUS]   (default: the source tree's corpus) */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "engine.h"

enum { MAX_PAIRS = 512, MAX_VARS = 16 };

struct var {
	char name[32];
	char shape[48];
	enum engine_domain domain;
};

struct pair {
	char *expected, *answer;
	struct var vars[MAX_VARS];
	size_t nvars;
	bool matrix;          /* a vector or matrix variable is involved */
	int line;
};

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* xorshift64*: the bench's own values, independent of the engine's. */
static double uniform(uint64_t *s, double lo, double hi)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	uint64_t r = *s * 0x2545F4914F6CDD1Dull;
	return lo + (hi - lo) * (double)(r >> 11) / 9007199254740992.0;
}

static bool parse_domain(const char *s, enum engine_domain *d)
{
	static const struct { const char *name; enum engine_domain d; } map[] = {
		{ "real", ENGINE_DOMAIN_REAL }, { "positive", ENGINE_DOMAIN_POSITIVE },
		{ "unit", ENGINE_DOMAIN_UNIT }, { "binary", ENGINE_DOMAIN_BINARY },
		{ "integer", ENGINE_DOMAIN_INTEGER },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(s, map[i].name)) {
			*d = map[i].d;
			return true;
		}
	return false;
}

/* "u:vector(n) p:scalar:unit" */
static bool parse_vars(char *text, struct pair *p, const char *path)
{
	for (char *tok = strtok(text, " "); tok; tok = strtok(NULL, " ")) {
		if (p->nvars == MAX_VARS) {
			fprintf(stderr, "%s:%d: more than %d variables\n", path, p->line,
				MAX_VARS);
			return false;
		}
		struct var *v = &p->vars[p->nvars++];
		char *c1 = strchr(tok, ':');
		if (!c1 || (size_t)(c1 - tok) >= sizeof v->name) {
			fprintf(stderr, "%s:%d: variable '%s' is not NAME:SHAPE\n", path,
				p->line, tok);
			return false;
		}
		memcpy(v->name, tok, (size_t)(c1 - tok));
		v->name[c1 - tok] = '\0';
		char *shape = c1 + 1;
		char *c2 = strchr(shape, ':');
		v->domain = ENGINE_DOMAIN_REAL;
		if (c2) {
			*c2 = '\0';
			if (!parse_domain(c2 + 1, &v->domain)) {
				fprintf(stderr, "%s:%d: unknown domain '%s'\n", path, p->line,
					c2 + 1);
				return false;
			}
		}
		snprintf(v->shape, sizeof v->shape, "%s", shape);
		if (strcmp(shape, "scalar"))
			p->matrix = true;
	}
	return true;
}

static size_t load_corpus(const char *path, struct pair *pairs)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "bench_engine: cannot open %s\n", path);
		return 0;
	}
	char *line = NULL;
	size_t cap = 0, n = 0;
	int lineno = 0;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *t1 = strchr(line, '\t');
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2) {
			fprintf(stderr, "%s:%d: expected EXPECTED<TAB>ANSWER<TAB>VARIABLES\n",
				path, lineno);
			continue;
		}
		if (n == MAX_PAIRS)
			break;
		*t1 = *t2 = '\0';
		struct pair *p = &pairs[n];
		memset(p, 0, sizeof *p);
		p->line = lineno;
		p->expected = strdup(line);
		p->answer = strdup(t1 + 1);
		if (parse_vars(t2 + 1, p, path))
			n++;
		else {
			free(p->expected);
			free(p->answer);
		}
	}
	free(line);
	fclose(f);
	return n;
}

/* Declared variables, for parsing and equivalence. */
static struct engine_scope *declared_scope(const struct pair *p)
{
	struct engine_scope *s = engine_scope_new();
	for (size_t i = 0; s && i < p->nvars; i++) {
		struct engine_shape sh;
		struct engine_error err;
		if (!engine_scope_parse_shape(s, p->vars[i].shape, &sh, &err) ||
		    !engine_scope_declare(s, p->vars[i].name, sh, p->vars[i].domain, NULL)) {
			fprintf(stderr, "line %d: cannot declare %s:%s: %s\n", p->line,
				p->vars[i].name, p->vars[i].shape, err.message);
			engine_scope_free(s);
			return NULL;
		}
	}
	return s;
}

/* A size for a dimension: named ones get a fixed size per name. */
static unsigned dim_size(const struct engine_dim *d)
{
	if (!d->name || !d->name[0])
		return d->size;
	return 3 + (unsigned)(d->name[0] % 3);  /* n→5, m→4, d→3, k→5 ... */
}

static double draw(uint64_t *rng, enum engine_domain d)
{
	switch (d) {
	case ENGINE_DOMAIN_POSITIVE: return uniform(rng, 0.5, 3);
	case ENGINE_DOMAIN_UNIT: return uniform(rng, 0.1, 0.9);
	case ENGINE_DOMAIN_BINARY: return uniform(rng, 0, 1) < 0.5 ? 0 : 1;
	case ENGINE_DOMAIN_INTEGER: return (double)(int)uniform(rng, 1, 10);
	case ENGINE_DOMAIN_REAL: break;
	}
	return uniform(rng, -2, 2);
}

/* The same names bound to values, for plain evaluation. */
static struct engine_scope *bound_scope(const struct pair *p, uint64_t *rng)
{
	struct engine_scope *s = engine_scope_new();
	for (size_t i = 0; s && i < p->nvars; i++) {
		struct engine_shape sh;
		struct engine_error err;
		if (!engine_scope_parse_shape(s, p->vars[i].shape, &sh, &err))
			break;
		if (sh.kind == ENGINE_SCALAR) {
			engine_scope_bind_number(s, p->vars[i].name, draw(rng, p->vars[i].domain));
			continue;
		}
		struct engine_value v = { .kind = ENGINE_MATRIX };
		v.rows = dim_size(&sh.rows);
		v.cols = sh.kind == ENGINE_MAT ? dim_size(&sh.cols) : 1;
		double data[64];
		for (size_t k = 0; k < v.rows * v.cols && k < 64; k++)
			data[k] = draw(rng, p->vars[i].domain);
		v.data = data;
		engine_scope_bind(s, p->vars[i].name, &v);
	}
	return s;
}

/* Mean time per run of body: the best of several rounds, each repeating
 * body until min_ns have passed. The best round is the one least disturbed
 * by other work on the machine. */
#define TIME_LOOP(min_ns, result, body)                                   \
	do {                                                                  \
		double best_ = -1;                                                \
		for (int round_ = 0; round_ < 7; round_++) {                      \
			unsigned long reps_ = 0;                                      \
			double t0_ = now_ns(), t_;                                    \
			do {                                                          \
				for (int k_ = 0; k_ < 16; k_++) {                         \
					body;                                                 \
				}                                                         \
				reps_ += 16;                                              \
				t_ = now_ns() - t0_;                                      \
			} while (t_ < (min_ns) / 7);                                  \
			if (best_ < 0 || t_ / (double)reps_ < best_)                  \
				best_ = t_ / (double)reps_;                               \
		}                                                                 \
		(result) = best_;                                                 \
	} while (0)

static double time_parse(const char *text, const struct engine_scope *s)
{
	double ns;
	size_t len = strlen(text);
	TIME_LOOP(4e6, ns, {
		struct engine_error err;
		engine_expr_free(engine_parse(text, len, s, &err));
	});
	return ns;
}

static double time_parse_eval(const char *text, const struct engine_scope *s,
			      bool *ok)
{
	double ns;
	struct engine_value *v = NULL;
	struct engine_error err;
	*ok = engine_eval_text(text, s, &v, &err);
	engine_value_free(v);
	TIME_LOOP(4e6, ns, {
		struct engine_value *w = NULL;
		engine_eval_text(text, s, &w, &err);
		engine_value_free(w);
	});
	return ns;
}

static const char *verdict_word(enum engine_verdict v)
{
	return v == ENGINE_EQUIVALENT ? "equiv" :
	       v == ENGINE_NOT_EQUIVALENT ? "differ" : "cannot";
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1]
				    : CNNTUTOR_SOURCE_ROOT "/data/bench-corpus.txt";
	static struct pair pairs[MAX_PAIRS];
	size_t n = load_corpus(path, pairs);
	if (n == 0) {
		fprintf(stderr, "bench_engine: no pairs in %s\n", path);
		return 2;
	}
	printf("cnntutor engine benchmark: %zu expression pairs from %s\n\n", n, path);
	printf("%4s %9s %11s %10s %8s  %s\n", "line", "parse ns", "parse+eval", "equiv µs",
	       "verdict", "expected | answer");

	uint64_t rng = 0x5eedULL;
	double sum_scalar = 0, sum_matrix = 0, worst_matrix = 0;
	unsigned n_scalar = 0, n_matrix = 0, verdicts[3] = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct pair *p = &pairs[i];
		struct engine_scope *decl = declared_scope(p);
		struct engine_scope *bound = decl ? bound_scope(p, &rng) : NULL;
		struct engine_error err;
		struct engine_expr *e = decl ? engine_parse(p->expected, strlen(p->expected), decl, &err) : NULL;
		struct engine_expr *a = e ? engine_parse(p->answer, strlen(p->answer), decl, &err) : NULL;
		if (!a) {
			printf("%4d  does not parse: %s (%s | %s)\n", p->line,
			       decl ? err.message : "bad variables", p->expected, p->answer);
			engine_expr_free(e);
			engine_scope_free(decl);
			engine_scope_free(bound);
			continue;
		}
		double parse_ns = time_parse(p->expected, decl);
		bool ok;
		double eval_ns = time_parse_eval(p->expected, bound, &ok);

		struct engine_equiv_options opt = { ENGINE_EQUIV_EXACT, 1, 0, 0, 0, 0 };
		struct engine_equiv_result res;
		double equiv_ns;
		engine_equiv(e, a, decl, &opt, &res);
		TIME_LOOP(2e7, equiv_ns, {
			struct engine_equiv_result r;
			engine_equiv(e, a, decl, &opt, &r);
		});
		verdicts[res.verdict]++;
		if (p->matrix) {
			sum_matrix += equiv_ns;
			n_matrix++;
			if (equiv_ns > worst_matrix)
				worst_matrix = equiv_ns;
		} else {
			sum_scalar += equiv_ns;
			n_scalar++;
		}
		printf("%4d %9.0f %11.0f%s %10.1f %8s  %s | %s\n", p->line, parse_ns,
		       eval_ns, ok ? " " : "!", equiv_ns / 1000, verdict_word(res.verdict),
		       p->expected, p->answer);
		engine_expr_free(e);
		engine_expr_free(a);
		engine_scope_free(decl);
		engine_scope_free(bound);
	}
	printf("(! after parse+eval: evaluation fails at the bench's point; the time is that of the failure)\n\n");

	/* The reference case: an expression of 20 tokens. */
	const char *twenty = "(W1 - K + 2P)/S + 1 + x^2 - 2*y";
	struct engine_scope *s = engine_scope_new();
	engine_scope_bind_number(s, "W1", 32);
	engine_scope_bind_number(s, "K", 4);
	engine_scope_bind_number(s, "P", 1);
	engine_scope_bind_number(s, "S", 2);
	engine_scope_bind_number(s, "x", 1.5);
	engine_scope_bind_number(s, "y", 0.25);
	bool ok20;
	double p20 = time_parse(twenty, s);
	double e20 = time_parse_eval(twenty, s, &ok20);
	engine_scope_free(s);

	printf("20-token expression `%s`:\n", twenty);
	printf("  parse %.0f ns, parse+eval %.0f ns%s (target < 2000 ns)\n", p20, e20,
	       ok20 ? "" : " (evaluation FAILED)");
	if (n_scalar)
		printf("scalar equivalence: %u pairs, %.1f µs per check, %.0f checks/s\n",
		       n_scalar, sum_scalar / n_scalar / 1000, 1e9 * n_scalar / sum_scalar);
	if (n_matrix)
		printf("matrix equivalence: %u pairs, %.1f µs per check (slowest %.1f µs), "
		       "%.0f checks/s (target < 100 µs per check)\n",
		       n_matrix, sum_matrix / n_matrix / 1000, worst_matrix / 1000,
		       1e9 * n_matrix / sum_matrix);
	printf("verdicts: %u equivalent, %u not equivalent, %u cannot compare\n",
	       verdicts[ENGINE_EQUIVALENT], verdicts[ENGINE_NOT_EQUIVALENT],
	       verdicts[ENGINE_CANNOT_COMPARE]);
	for (size_t i = 0; i < n; i++) {
		free(pairs[i].expected);
		free(pairs[i].answer);
	}
	return 0;
}
