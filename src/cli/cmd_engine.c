/* `cnntutor eval` and `cnntutor equiv`: the engine on the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "engine.h"
#include "strbuf.h"

static void print_error(const char *input, const struct engine_error *err)
{
	char *msg = engine_error_format(input, err);
	fputs(msg ? msg : "error\n", stderr);
	free(msg);
}

/* The arguments after the subcommand, joined by spaces: eval 2 + 3 works
 * as well as eval '2 + 3'. */
static char *join_args(int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < argc; i++) {
		if (i)
			strbuf_putc(&sb, ' ');
		strbuf_append(&sb, argv[i]);
	}
	return strbuf_steal(&sb);
}

int cmd_eval(int argc, char **argv, const struct cli_globals *g)
{
	(void)g;
	if (argc < 2 || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout,
			"Usage: cnntutor eval EXPR\nPrint the value of EXPR.\n");
		return argc < 2 ? 2 : 0;
	}
	char *text = join_args(argc - 1, argv + 1);
	if (!text)
		return 2;
	struct engine_error err;
	struct engine_value *v;
	int status = 0;
	if (engine_eval_text(text, NULL, &v, &err)) {
		char *s = engine_value_print(v);
		printf("%s\n", s ? s : "?");
		free(s);
		engine_value_free(v);
	} else {
		print_error(text, &err);
		status = 2;
	}
	free(text);
	return status;
}

static const struct {
	const char *name;
	enum engine_domain domain;
} domains[] = {
	{ "real", ENGINE_DOMAIN_REAL }, { "positive", ENGINE_DOMAIN_POSITIVE },
	{ "unit", ENGINE_DOMAIN_UNIT }, { "binary", ENGINE_DOMAIN_BINARY },
	{ "integer", ENGINE_DOMAIN_INTEGER },
};

/* NAME:SHAPE[:DOMAIN], e.g. u:vector(n), X:matrix(n,d), p:scalar:unit. */
static bool declare_var(struct engine_scope *scope, const char *spec)
{
	char *buf = strdup(spec);
	if (!buf) {
		fprintf(stderr, "cnntutor: out of memory\n");
		return false;
	}
	bool ok = false;
	char *colon = strchr(buf, ':');
	if (!colon) {
		fprintf(stderr, "cnntutor: --var %s: expected NAME:SHAPE, e.g. u:vector(n)\n", spec);
		goto out;
	}
	*colon = '\0';
	char *shape_text = colon + 1;
	enum engine_domain domain = ENGINE_DOMAIN_REAL;
	char *dom = strrchr(shape_text, ':');
	if (dom) {
		*dom++ = '\0';
		size_t i;
		for (i = 0; i < sizeof domains / sizeof domains[0]; i++)
			if (!strcmp(dom, domains[i].name))
				break;
		if (i == sizeof domains / sizeof domains[0]) {
			fprintf(stderr, "cnntutor: --var %s: unknown domain '%s' "
				"(real, positive, unit, binary, integer)\n", spec, dom);
			goto out;
		}
		domain = domains[i].domain;
	}
	struct engine_shape shape;
	struct engine_error err;
	if (!engine_scope_parse_shape(scope, shape_text, &shape, &err)) {
		fprintf(stderr, "cnntutor: --var %s: %s\n", spec, err.message);
		goto out;
	}
	if (!engine_scope_declare(scope, buf, shape, domain, NULL)) {
		fprintf(stderr, "cnntutor: --var %s: '%s' is not a valid name\n", spec, buf);
		goto out;
	}
	ok = true;
out:
	free(buf);
	return ok;
}

/* Every free name of e (the engine reports at most as many as asked for:
 * ask again with more room until they all fit). NULL when out of memory;
 * the caller frees the array, not the names. */
static const char **free_names(const struct engine_expr *e, size_t *n)
{
	size_t cap = 64;
	for (;;) {
		const char **names = malloc(cap * sizeof *names);
		if (!names)
			return NULL;
		*n = engine_expr_free_names(e, names, cap);
		if (*n < cap)
			return names;
		free(names);
		cap *= 2;
	}
}

/* Parse both sides; names nobody declared become scalar variables, and the
 * text is parsed again so that "2P" splits the way a student means. */
static struct engine_expr *parse_side(const char *text, struct engine_scope *scope)
{
	struct engine_error err;
	struct engine_expr *e = engine_parse_open(text, strlen(text), scope, &err);
	if (!e) {
		print_error(text, &err);
		return NULL;
	}
	size_t n;
	const char **names = free_names(e, &n);
	if (!names) {
		fprintf(stderr, "cnntutor: out of memory\n");
		engine_expr_free(e);
		return NULL;
	}
	struct engine_shape scalar = { .kind = ENGINE_SCALAR };
	bool declared = true;
	for (size_t i = 0; i < n && declared; i++) {
		declared = engine_scope_declare(scope, names[i], scalar,
						ENGINE_DOMAIN_REAL, NULL);
		if (!declared)
			fprintf(stderr, "cnntutor: equiv: cannot declare the name "
				"'%s' of %s (out of memory)\n", names[i], text);
	}
	free(names);
	if (!declared) {
		engine_expr_free(e);
		return NULL;
	}
	if (n == 0)
		return e;
	engine_expr_free(e);
	e = engine_parse(text, strlen(text), scope, &err);
	if (!e)
		print_error(text, &err);
	return e;
}

int cmd_equiv(int argc, char **argv, const struct cli_globals *g)
{
	(void)g;
	const char *sides[2] = { NULL, NULL };
	int nsides = 0;
	struct engine_equiv_options opt = { .mode = ENGINE_EQUIV_EXACT, .seed = 1 };
	struct engine_scope *scope = engine_scope_new();
	int status = 2;
	struct engine_expr *exp = NULL, *ans = NULL;
	if (!scope)
		return 2;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--var") && i + 1 < argc) {
			if (!declare_var(scope, argv[++i]))
				goto out;
		} else if (!strcmp(argv[i], "--mode") && i + 1 < argc) {
			const char *m = argv[++i];
			if (!strcmp(m, "exact"))
				opt.mode = ENGINE_EQUIV_EXACT;
			else if (!strcmp(m, "factor"))
				opt.mode = ENGINE_EQUIV_FACTOR;
			else if (!strcmp(m, "additive"))
				opt.mode = ENGINE_EQUIV_ADDITIVE;
			else {
				fprintf(stderr, "cnntutor: --mode takes exact, factor or additive\n");
				goto out;
			}
		} else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			opt.seed = strtoull(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--help")) {
			printf("Usage: cnntutor equiv EXPECTED ANSWER [--var NAME:SHAPE[:DOMAIN]]...\n"
			       "                      [--mode exact|factor|additive] [--seed N]\n"
			       "SHAPE is scalar, vector(n) or matrix(n,m); DOMAIN is real, positive,\n"
			       "unit, binary or integer. Undeclared names are real scalars.\n"
			       "Exit status: 0 equivalent, 1 not (or cannot compare), 2 bad input.\n");
			status = 0;
			goto out;
		} else if (nsides < 2 && strncmp(argv[i], "--", 2)) {
			/* "-x^2" is an expression, not an option */
			sides[nsides++] = argv[i];
		} else {
			fprintf(stderr, "cnntutor: equiv: unexpected argument '%s'\n", argv[i]);
			goto out;
		}
	}
	if (nsides != 2) {
		fprintf(stderr, "Usage: cnntutor equiv EXPECTED ANSWER [--var NAME:SHAPE]...\n");
		goto out;
	}
	/* Declare the free names of both sides before parsing either for
	 * good, so both split identifier runs the same way. */
	if (!(exp = parse_side(sides[0], scope)) || !(ans = parse_side(sides[1], scope)))
		goto out;
	engine_expr_free(exp);
	if (!(exp = parse_side(sides[0], scope)))
		goto out;
	struct engine_equiv_result res;
	if (!engine_equiv(exp, ans, scope, &opt, &res)) {
		fprintf(stderr, "cnntutor: out of memory\n");
		goto out;
	}
	switch (res.verdict) {
	case ENGINE_EQUIVALENT:
		printf("equivalent\n");
		status = 0;
		break;
	case ENGINE_NOT_EQUIVALENT:
		printf("not equivalent\n  %s\n", res.detail);
		status = 1;
		break;
	case ENGINE_CANNOT_COMPARE:
		printf("cannot compare\n  %s\n", res.detail);
		status = 1;
		break;
	}
out:
	engine_expr_free(exp);
	engine_expr_free(ans);
	engine_scope_free(scope);
	return status;
}
