/* LaTeX pasted from notes: \lambda = \frac{1-p}{p}, \|u\|^2 + \eta^2 \|d\|^2,
 * W^\top v, \mathbf{w}\cdot\mathbf{x}, \bar{w}, \sqrt{2}. Each command
 * becomes the tokens it means; braces are brackets (lexer.c); layout
 * commands (\left, \,, \quad) are nothing. A command we cannot mean
 * anything by is an error that says what to write instead. */
#include <string.h>

#include "lexer.h"
#include "utf8.h"

enum latex_kind {
	LX_SKIP,      /* layout only: \left \right \, \quad \displaystyle */
	LX_TOKEN,     /* one token: \cdot \le \| \top \frac \sqrt */
	LX_GREEK,     /* a Greek letter: \lambda \Gamma \varepsilon */
	LX_FUNC,      /* a function name: \exp \log \max */
	LX_WRAP,      /* a wrapper of one word: \mathbf{w} \operatorname{diag} */
	LX_ACCENT,    /* an accented letter: \bar{w} \hat{y} \tilde{x} */
	LX_NOPE,      /* meaningful in LaTeX, not in an answer: \sum \int */
};

static const struct latex_cmd {
	const char *name;
	enum latex_kind kind;
	enum tok_kind tok;       /* LX_TOKEN */
	const char *text;        /* LX_GREEK: the letter; LX_FUNC: the name;
				  * LX_NOPE: what to write instead */
	uint32_t mark;           /* LX_ACCENT: the combining mark */
} commands[] = {
	{ "left", LX_SKIP, 0, NULL, 0 }, { "right", LX_SKIP, 0, NULL, 0 },
	{ "big", LX_SKIP, 0, NULL, 0 }, { "Big", LX_SKIP, 0, NULL, 0 },
	{ "bigg", LX_SKIP, 0, NULL, 0 }, { "Bigg", LX_SKIP, 0, NULL, 0 },
	{ "bigl", LX_SKIP, 0, NULL, 0 }, { "bigr", LX_SKIP, 0, NULL, 0 },
	{ "Bigl", LX_SKIP, 0, NULL, 0 }, { "Bigr", LX_SKIP, 0, NULL, 0 },
	{ "biggl", LX_SKIP, 0, NULL, 0 }, { "biggr", LX_SKIP, 0, NULL, 0 },
	{ "quad", LX_SKIP, 0, NULL, 0 }, { "qquad", LX_SKIP, 0, NULL, 0 },
	{ "displaystyle", LX_SKIP, 0, NULL, 0 }, { "textstyle", LX_SKIP, 0, NULL, 0 },
	{ ",", LX_SKIP, 0, NULL, 0 }, { ";", LX_SKIP, 0, NULL, 0 },
	{ ":", LX_SKIP, 0, NULL, 0 }, { "!", LX_SKIP, 0, NULL, 0 },
	{ " ", LX_SKIP, 0, NULL, 0 },
	/* \( \) \[ \]: math delimiters around the whole answer */
	{ "(", LX_SKIP, 0, NULL, 0 }, { ")", LX_SKIP, 0, NULL, 0 },
	{ "[", LX_SKIP, 0, NULL, 0 }, { "]", LX_SKIP, 0, NULL, 0 },
	{ "cdot", LX_TOKEN, T_DOT, NULL, 0 }, { "cdotp", LX_TOKEN, T_DOT, NULL, 0 },
	{ "ast", LX_TOKEN, T_STAR, NULL, 0 }, { "times", LX_TOKEN, T_TIMES, NULL, 0 },
	{ "odot", LX_TOKEN, T_DOTSTAR, NULL, 0 }, { "circ", LX_TOKEN, T_DOTSTAR, NULL, 0 },
	{ "div", LX_TOKEN, T_SLASH, NULL, 0 },
	{ "le", LX_TOKEN, T_LE, NULL, 0 }, { "leq", LX_TOKEN, T_LE, NULL, 0 },
	{ "ge", LX_TOKEN, T_GE, NULL, 0 }, { "geq", LX_TOKEN, T_GE, NULL, 0 },
	{ "ne", LX_TOKEN, T_NE, NULL, 0 }, { "neq", LX_TOKEN, T_NE, NULL, 0 },
	{ "lt", LX_TOKEN, T_LT, NULL, 0 }, { "gt", LX_TOKEN, T_GT, NULL, 0 },
	{ "|", LX_TOKEN, T_NORM, NULL, 0 }, { "Vert", LX_TOKEN, T_NORM, NULL, 0 },
	{ "lVert", LX_TOKEN, T_NORM, NULL, 0 }, { "rVert", LX_TOKEN, T_NORM, NULL, 0 },
	{ "vert", LX_TOKEN, T_BAR, NULL, 0 }, { "lvert", LX_TOKEN, T_BAR, NULL, 0 },
	{ "rvert", LX_TOKEN, T_BAR, NULL, 0 },
	{ "top", LX_TOKEN, T_TRANSPOSE, NULL, 0 }, { "intercal", LX_TOKEN, T_TRANSPOSE, NULL, 0 },
	{ "transpose", LX_TOKEN, T_TRANSPOSE, NULL, 0 },
	{ "sqrt", LX_TOKEN, T_SQRT, NULL, 0 },
	{ "frac", LX_TOKEN, T_FRAC, NULL, 0 }, { "dfrac", LX_TOKEN, T_FRAC, NULL, 0 },
	{ "tfrac", LX_TOKEN, T_FRAC, NULL, 0 },
	{ "{", LX_TOKEN, T_LPAREN, NULL, 0 }, { "}", LX_TOKEN, T_RPAREN, NULL, 0 },
	{ "land", LX_TOKEN, T_AND, NULL, 0 }, { "wedge", LX_TOKEN, T_AND, NULL, 0 },
	{ "lor", LX_TOKEN, T_OR, NULL, 0 }, { "vee", LX_TOKEN, T_OR, NULL, 0 },
	{ "lnot", LX_TOKEN, T_NOT, NULL, 0 }, { "neg", LX_TOKEN, T_NOT, NULL, 0 },
	{ "varepsilon", LX_GREEK, 0, "ε", 0 }, { "vartheta", LX_GREEK, 0, "θ", 0 },
	{ "varphi", LX_GREEK, 0, "φ", 0 }, { "varrho", LX_GREEK, 0, "ρ", 0 },
	{ "varsigma", LX_GREEK, 0, "σ", 0 },
	{ "pi", LX_FUNC, 0, "pi", 0 },
	{ "exp", LX_FUNC, 0, "exp", 0 }, { "log", LX_FUNC, 0, "log", 0 },
	{ "ln", LX_FUNC, 0, "ln", 0 }, { "sin", LX_FUNC, 0, "sin", 0 },
	{ "cos", LX_FUNC, 0, "cos", 0 }, { "tan", LX_FUNC, 0, "tan", 0 },
	{ "tanh", LX_FUNC, 0, "tanh", 0 }, { "det", LX_FUNC, 0, "det", 0 },
	{ "max", LX_FUNC, 0, "max", 0 }, { "min", LX_FUNC, 0, "min", 0 },
	{ "tr", LX_FUNC, 0, "tr", 0 },
	{ "mathbf", LX_WRAP, 0, NULL, 0 }, { "boldsymbol", LX_WRAP, 0, NULL, 0 },
	{ "bm", LX_WRAP, 0, NULL, 0 }, { "mathrm", LX_WRAP, 0, NULL, 0 },
	{ "mathit", LX_WRAP, 0, NULL, 0 }, { "mathsf", LX_WRAP, 0, NULL, 0 },
	{ "mathtt", LX_WRAP, 0, NULL, 0 }, { "text", LX_WRAP, 0, NULL, 0 },
	{ "textrm", LX_WRAP, 0, NULL, 0 }, { "textbf", LX_WRAP, 0, NULL, 0 },
	{ "textit", LX_WRAP, 0, NULL, 0 }, { "operatorname", LX_WRAP, 0, NULL, 0 },
	{ "vec", LX_WRAP, 0, NULL, 0 },
	{ "bar", LX_ACCENT, 0, NULL, 0x0304 }, { "overline", LX_ACCENT, 0, NULL, 0x0304 },
	{ "hat", LX_ACCENT, 0, NULL, 0x0302 }, { "widehat", LX_ACCENT, 0, NULL, 0x0302 },
	{ "tilde", LX_ACCENT, 0, NULL, 0x0303 }, { "widetilde", LX_ACCENT, 0, NULL, 0x0303 },
	{ "dot", LX_ACCENT, 0, NULL, 0x0307 },
	{ "sum", LX_NOPE, 0, "a sum over an index cannot be typed: write it with sum(…) of a vector, or with matrices", 0 },
	{ "prod", LX_NOPE, 0, "a product over an index cannot be typed: write it with prod(…) of a vector", 0 },
	{ "int", LX_NOPE, 0, "integrals cannot be typed here", 0 },
	{ "partial", LX_NOPE, 0, "derivatives cannot be typed: give the expression they evaluate to", 0 },
	{ "nabla", LX_NOPE, 0, "a gradient cannot be typed: give the expression it evaluates to", 0 },
	{ "infty", LX_NOPE, 0, "infinity is not a number here", 0 },
	{ "mathbb", LX_NOPE, 0, "an expectation E[…] cannot be typed: give the expression it equals", 0 },
	{ "pm", LX_NOPE, 0, "± gives two answers: give one", 0 },
};

static const struct latex_cmd *find_command(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strlen(commands[i].name) == len && !memcmp(commands[i].name, name, len))
			return &commands[i];
	return NULL;
}

static bool letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The word of a one-word argument: {w}, {diag}, {W_1}, or a bare letter
 * (\bar w). Sets [*from, *to) and *after; false when it is not one. */
static bool word_argument(const struct lexer *lx, size_t p, size_t *from, size_t *to,
			  size_t *after)
{
	const char *s = lx->text;
	while (p < lx->len && s[p] == ' ')
		p++;
	if (p < lx->len && letter(s[p])) {
		*from = p;
		*to = *after = p + 1;
		return true;
	}
	if (p >= lx->len || s[p] != '{')
		return false;
	size_t q = p + 1;
	while (q < lx->len && s[q] == ' ')
		q++;
	size_t start = q;
	while (q < lx->len && (letter(s[q]) || (s[q] >= '0' && s[q] <= '9') || s[q] == '_'))
		q++;
	size_t end = q;
	while (q < lx->len && s[q] == ' ')
		q++;
	if (end == start || q >= lx->len || s[q] != '}')
		return false;
	*from = start;
	*to = end;
	*after = q + 1;
	return true;
}

/* Lex text[from, to) as a name run, every byte at source offset at. */
static bool push_run(struct lexer *lx, const char *text, size_t len, uint32_t mark,
		     size_t at, size_t end, bool space)
{
	struct name_run run = { .n = 0 };
	for (size_t i = 0; i < len;) {
		size_t used;
		uint32_t cp = utf8_decode(text + i, len - i, &used);
		if (cp == UTF8_INVALID || !lex_run_put(&run, cp, at))
			return engine_fail(lx->err, ENGINE_ERR_PARSE, at, end, "name too long");
		i += used;
	}
	if (mark && !lex_run_put(&run, mark, at))
		return engine_fail(lx->err, ENGINE_ERR_PARSE, at, end, "name too long");
	if (!lex_run_normalise(&run))
		return engine_fail(lx->err, ENGINE_ERR_PARSE, at, end, "name too long");
	return lex_name_run(lx, run.name, run.n, run.offs, end, space);
}

/* Does the token before end an operand, so that a '\' after it is MATLAB's
 * left division (A\b) rather than a LaTeX command? */
static bool after_operand(const struct lexer *lx)
{
	if (!lx->n)
		return false;
	const struct token *t = &lx->tok[lx->n - 1];
	switch (t->kind) {
	case T_NUM: case T_RPAREN: case T_RBRACK: case T_APOS: case T_TRANSPOSE:
	case T_SUP: case T_INDEX:
		return true;
	case T_NAME:
		return t->cls != NAME_FUNC;
	default:
		return false;
	}
}

/* \frac12, \tfrac1p: as in TeX, an argument without braces is the one
 * character that follows. Each is given the braces \frac{1}{2} has, so
 * the parser sees one form. */
static bool bare_frac_arguments(struct lexer *lx)
{
	const char *s = lx->text;
	for (int i = 0; i < 2; i++) {
		size_t p = lx->pos;
		while (p < lx->len && s[p] == ' ')
			p++;
		if (p >= lx->len || s[p] == '{' || !(letter(s[p]) || (s[p] >= '0' && s[p] <= '9')))
			return true;  /* braces, or nothing TeX would take: the parser says */
		struct token *open = lex_push(lx, T_LPAREN, p, p, false);
		if (!open)
			return false;
		open->brace = true;
		if (letter(s[p])) {
			if (!push_run(lx, s + p, 1, 0, p, p + 1, false))
				return false;
		} else {
			struct token *t = lex_push(lx, T_NUM, p, p + 1, false);
			if (!t)
				return false;
			t->num = s[p] - '0';
		}
		struct token *close = lex_push(lx, T_RPAREN, p + 1, p + 1, false);
		if (!close)
			return false;
		close->brace = true;
		lx->pos = p + 1;
	}
	return true;
}

bool lex_latex(struct lexer *lx, bool space)
{
	const char *s = lx->text;
	size_t p = lx->pos, q = p + 1;
	if (q >= lx->len)
		return engine_fail(lx->err, ENGINE_ERR_PARSE, p, q,
				   "a lone '\\' (LaTeX commands need a name, as in \\lambda)");
	if (letter(s[q]))
		while (q < lx->len && letter(s[q]))
			q++;
	else
		q++;  /* \| \, \{ ... */
	const char *name = s + p + 1;
	size_t len = q - p - 1;
	const char *greek = lex_greek_letter(name, len);
	const struct latex_cmd *cmd = find_command(name, len);
	/* (XᵀX + λΓ²)\Xᵀy: left division after an operand, when the text
	 * after '\' is no LaTeX command or a space */
	if (after_operand(lx) && ((!greek && !cmd) || s[p + 1] == ' ' ||
				  s[p + 1] == '(' || s[p + 1] == '[')) {
		lx->pos = p + 1;
		return lex_push(lx, T_BACKSLASH, p, p + 1, space) != NULL;
	}
	if (greek) {
		lx->pos = q;
		return push_run(lx, greek, strlen(greek), 0, p, q, space);
	}
	if (!cmd)
		return engine_fail(lx->err, ENGINE_ERR_PARSE, p, q,
				   "unknown LaTeX command '\\%.*s'", (int)len, name);
	size_t from, to, after;
	switch (cmd->kind) {
	case LX_SKIP:
		lx->pos = q;
		/* \left. and \right. are invisible delimiters */
		if ((!strcmp(cmd->name, "left") || !strcmp(cmd->name, "right")) &&
		    q < lx->len && s[q] == '.')
			lx->pos = q + 1;
		return true;
	case LX_TOKEN: {
		struct token *t = lex_push(lx, cmd->tok, p, q, space);
		if (!t)
			return false;
		lx->pos = q;
		return cmd->tok != T_FRAC || bare_frac_arguments(lx);
	}
	case LX_GREEK:
	case LX_FUNC:
		lx->pos = q;
		return push_run(lx, cmd->text, strlen(cmd->text), 0, p, q, space);
	case LX_WRAP:
		/* \mathbf{w} is w; a wrapper around more than a word keeps its
		 * braces, which are brackets. */
		if (word_argument(lx, q, &from, &to, &after)) {
			lx->pos = after;
			return push_run(lx, s + from, to - from, 0, p, after, space);
		}
		lx->pos = q;
		return true;
	case LX_ACCENT:
		if (!word_argument(lx, q, &from, &to, &after) || to - from != 1)
			return engine_fail(lx->err, ENGINE_ERR_PARSE, p, q,
					   "\\%.*s takes one letter here, as in \\%.*s{w}",
					   (int)len, name, (int)len, name);
		lx->pos = after;
		return push_run(lx, s + from, 1, cmd->mark, p, after, space);
	case LX_NOPE:
		return engine_fail(lx->err, ENGINE_ERR_PARSE, p, q, "\\%.*s: %s",
				   (int)len, name, cmd->text);
	}
	return engine_fail(lx->err, ENGINE_ERR_PARSE, p, q, "unknown LaTeX command");
}
