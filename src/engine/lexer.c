/* The lexer: UTF-8 text to tokens.
 *
 * It normalises what students paste from notes (× · ÷ − √ π ² ³ ⁻¹ ᵀ ⊙ ‖,
 * subscript digits) into one token set, and splits runs of letters into
 * declared names greedily: with g and u declared, "gu" is g then u, while a
 * declared "W1" stays whole. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

struct lexer {
	const char *text;
	size_t len, pos;
	const struct engine_scope *scope;
	struct arena *arena;
	struct token *tok;
	size_t n, cap;
	struct engine_error *err;
};

static struct token *push(struct lexer *lx, enum tok_kind kind, size_t start,
			  size_t end, bool space)
{
	if (lx->n == lx->cap) {
		size_t cap = lx->cap ? lx->cap * 2 : 32;
		struct token *nt = arena_alloc(lx->arena, cap * sizeof *nt);
		if (!nt) {
			engine_fail(lx->err, ENGINE_ERR_MEMORY, start, end,
				    "no memory for tokens");
			return NULL;
		}
		if (lx->n)
			memcpy(nt, lx->tok, lx->n * sizeof *nt);
		lx->tok = nt;
		lx->cap = cap;
	}
	struct token *t = &lx->tok[lx->n++];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->start = start;
	t->end = end;
	t->space_before = space;
	return t;
}

/* Code points that may stand in a name: ASCII letters, digits, '_', Greek
 * letters (but not π, which is a constant) and subscript digits. */
static bool name_start(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       cp == '_' ||
	       (cp >= 0x391 && cp <= 0x3A9) ||
	       (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C0);
}

static bool name_char(uint32_t cp)
{
	return name_start(cp) || (cp >= '0' && cp <= '9') ||
	       (cp >= 0x2080 && cp <= 0x2089);
}

static int superscript_digit(uint32_t cp)
{
	switch (cp) {
	case 0x2070: return 0;
	case 0x00B9: return 1;
	case 0x00B2: return 2;
	case 0x00B3: return 3;
	default:
		if (cp >= 0x2074 && cp <= 0x2079)
			return (int)(cp - 0x2070);
		return -1;
	}
}

/* Edit distance with an early cap, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 32 || lb > 32)
		return 99;
	size_t row[33];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

/* The closest of the candidates to name, or NULL. */
static const char *suggest_name(const char *name, const char *const *candidates,
			 size_t n)
{
	const char *best = NULL;
	size_t len = strlen(name);
	/* Short names tolerate one slip, longer ones two. */
	size_t best_d = len <= 4 ? 2 : 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = distance(name, candidates[i]);
		/* A one-letter name is "close" to every other one: only
		 * suggest for names long enough to have a near miss. */
		if (d < best_d && d < len) {
			best = candidates[i];
			best_d = d;
		}
	}
	return best;
}

bool engine_unknown_name(struct engine_error *err,
			 const struct engine_scope *scope, const char *name,
			 size_t start, size_t end)
{
	const char *cand[256];
	size_t n = engine_scope_names(scope, cand, 200);
	const char *const *b = engine_builtin_names();
	for (size_t i = 0; b[i] && n < 256; i++)
		cand[n++] = b[i];
	const char *s = suggest_name(name, cand, n);
	if (s)
		return engine_fail(err, ENGINE_ERR_NAME, start, end,
				   "unknown name '%s'; did you mean '%s'?", name, s);
	return engine_fail(err, ENGINE_ERR_NAME, start, end,
			   "unknown name '%s'", name);
}

static bool push_name(struct lexer *lx, const char *name, size_t nlen,
		      size_t start, size_t end, bool space, enum name_class cls,
		      int builtin)
{
	struct token *t = push(lx, T_NAME, start, end, space);
	if (!t)
		return false;
	t->text = arena_strndup(lx->arena, name, nlen);
	t->cls = cls;
	t->builtin = builtin;
	return t->text != NULL;
}

/* Greek letters and their names: a student may type η where the lesson
 * declared eta, or the other way round; both mean the declared name. */
static const struct { const char *letter, *name; } greek[] = {
	{ "α", "alpha" }, { "β", "beta" }, { "γ", "gamma" }, { "δ", "delta" },
	{ "ε", "epsilon" }, { "ζ", "zeta" }, { "η", "eta" }, { "θ", "theta" },
	{ "ι", "iota" }, { "κ", "kappa" }, { "λ", "lambda" }, { "μ", "mu" },
	{ "ν", "nu" }, { "ξ", "xi" }, { "ρ", "rho" }, { "σ", "sigma" },
	{ "τ", "tau" }, { "υ", "upsilon" }, { "φ", "phi" }, { "χ", "chi" },
	{ "ψ", "psi" }, { "ω", "omega" }, { "Γ", "Gamma" }, { "Δ", "Delta" },
	{ "Θ", "Theta" }, { "Λ", "Lambda" }, { "Σ", "Sigma" }, { "Φ", "Phi" },
	{ "Ψ", "Psi" }, { "Ω", "Omega" },
};

const char *engine_greek_alias(const char *declared)
{
	for (size_t i = 0; i < sizeof greek / sizeof greek[0]; i++) {
		if (!strcmp(declared, greek[i].letter))
			return greek[i].name;
		if (!strcmp(declared, greek[i].name))
			return greek[i].letter;
	}
	return NULL;
}

/* Length of the longest declared name (in either spelling) at name[0..n),
 * and which declared name it is. */
static size_t match_declared(const struct engine_scope *scope, const char *name,
			     size_t n, const char **which)
{
	size_t best = 0;
	for (size_t k = 0; scope && k < scope->n; k++) {
		const char *spell[2] = { scope->entries[k].name,
					 scope->entries[k].alias };
		for (int j = 0; j < 2; j++) {
			size_t l = spell[j] ? strlen(spell[j]) : 0;
			if (l > best && l <= n && !memcmp(name, spell[j], l)) {
				best = l;
				*which = scope->entries[k].name;
			}
		}
	}
	return best;
}

/* Split the normalised run name[0..nlen) (whose source bytes are
 * [start, end)) into tokens. offs[i] is the source offset of name[i]. */
static bool lex_name_run(struct lexer *lx, const char *name, size_t nlen,
			 const size_t *offs, size_t end, bool space)
{
	static const char *const keywords[] = { "and", "or", "not" };
	static const enum tok_kind kw_kind[] = { T_AND, T_OR, T_NOT };
	for (size_t k = 0; k < 3; k++)
		if (strlen(keywords[k]) == nlen && !memcmp(name, keywords[k], nlen) &&
		    !scope_find(lx->scope, name, nlen))
			return push(lx, kw_kind[k], offs[0], end, space) != NULL;
	if (scope_find(lx->scope, name, nlen))
		return push_name(lx, name, nlen, offs[0], end, space, NAME_VAR, -1);
	const char *declared = NULL;
	if (match_declared(lx->scope, name, nlen, &declared) == nlen)
		return push_name(lx, declared, strlen(declared), offs[0], end, space,
				 NAME_VAR, -1);
	int b = builtin_lookup(name, nlen);
	if (b >= 0)
		return push_name(lx, name, nlen, offs[0], end, space,
				 builtin_is_constant(b) ? NAME_CONST : NAME_FUNC, b);
	if (nlen == 1 && name[0] == 'I')
		return push_name(lx, name, nlen, offs[0], end, space, NAME_CONST, -1);
	/* Split into declared names, longest first, only when they cover the
	 * whole run: with g and u declared "gu" is g·u, but "gux" is one
	 * unknown name, never g·u·(something else). */
	struct { size_t at, len; const char *declared; } parts[256];
	size_t nparts = 0, i = 0;
	while (i < nlen) {
		const char *which = NULL;
		size_t best = match_declared(lx->scope, name + i, nlen - i, &which);
		if (!best)
			break;
		parts[nparts].at = i;
		parts[nparts].declared = which;
		parts[nparts++].len = best;
		i += best;
	}
	if (i < nlen)
		return push_name(lx, name, nlen, offs[0], end, space, NAME_UNKNOWN, -1);
	for (size_t k = 0; k < nparts; k++) {
		size_t at = parts[k].at, len = parts[k].len;
		size_t tok_end = at + len < nlen ? offs[at + len] : end;
		if (!push_name(lx, parts[k].declared, strlen(parts[k].declared),
			       offs[at], tok_end, k == 0 && space, NAME_VAR, -1))
			return false;
	}
	return true;
}

static bool lex_number(struct lexer *lx, bool space)
{
	const char *s = lx->text;
	size_t p = lx->pos, start = p;
	bool is_int = true;
	while (p < lx->len && s[p] >= '0' && s[p] <= '9')
		p++;
	if (p < lx->len && s[p] == '.' && !(p + 1 < lx->len && (s[p + 1] == '*' || s[p + 1] == '^'))) {
		is_int = false;
		p++;
		while (p < lx->len && s[p] >= '0' && s[p] <= '9')
			p++;
	}
	if (p < lx->len && (s[p] == 'e' || s[p] == 'E')) {
		size_t q = p + 1;
		if (q < lx->len && (s[q] == '+' || s[q] == '-'))
			q++;
		if (q < lx->len && s[q] >= '0' && s[q] <= '9') {
			is_int = false;
			while (q < lx->len && s[q] >= '0' && s[q] <= '9')
				q++;
			p = q;
		}
	}
	if (p == start + 1 && s[start] == '.')
		return engine_fail(lx->err, ENGINE_ERR_PARSE, start, p,
				   "a lone '.' is not a number");
	char buf[64];
	size_t n = p - start;
	if (n >= sizeof buf)
		return engine_fail(lx->err, ENGINE_ERR_PARSE, start, p,
				   "number too long");
	memcpy(buf, s + start, n);
	buf[n] = '\0';
	struct token *t = push(lx, T_NUM, start, p, space);
	if (!t)
		return false;
	t->num = strtod(buf, NULL);
	t->is_int = is_int;
	if (!isfinite(t->num))
		return engine_fail(lx->err, ENGINE_ERR_PARSE, start, p,
				   "number too large");
	lx->pos = p;
	/* 128x24: an ASCII x between integers writes a shape. */
	if (is_int && p + 1 < lx->len && (s[p] == 'x' || s[p] == 'X') &&
	    s[p + 1] >= '0' && s[p + 1] <= '9') {
		if (!push(lx, T_SHAPEX, p, p + 1, false))
			return false;
		lx->pos = p + 1;
	}
	return true;
}

static bool lex_identifier(struct lexer *lx, bool space)
{
	char name[256];
	size_t offs[256];
	size_t n = 0, p = lx->pos;
	while (p < lx->len) {
		size_t used;
		uint32_t cp = utf8_decode(lx->text + p, lx->len - p, &used);
		if (cp == UTF8_INVALID || !name_char(cp))
			break;
		if (n + 4 >= sizeof name)
			return engine_fail(lx->err, ENGINE_ERR_PARSE, lx->pos, p,
					   "name too long");
		if (cp >= 0x2080 && cp <= 0x2089) {
			offs[n] = p;
			name[n++] = (char)('0' + (cp - 0x2080));
		} else {
			for (size_t k = 0; k < used; k++) {
				offs[n] = p;
				name[n++] = lx->text[p + k];
			}
		}
		p += used;
	}
	name[n] = '\0';
	lx->pos = p;
	return lex_name_run(lx, name, n, offs, p, space);
}

/* One token at lx->pos; false with err filled on bad input. */
static bool lex_one(struct lexer *lx, bool space)
{
	const char *s = lx->text;
	size_t p = lx->pos;
	char c = s[p];
	char c1 = p + 1 < lx->len ? s[p + 1] : '\0';
	enum tok_kind k;
	size_t w = 1;
	if ((c >= '0' && c <= '9') || (c == '.' && c1 >= '0' && c1 <= '9'))
		return lex_number(lx, space);
	switch (c) {
	case '+': k = T_PLUS; break;
	case '-': k = T_MINUS; break;
	case '*': k = c1 == '*' ? (w = 2, T_CARET) : T_STAR; break;
	case '/': k = T_SLASH; break;
	case '^': k = T_CARET; break;
	case '.':
		if (c1 == '*') { k = T_DOTSTAR; w = 2; break; }
		if (c1 == '^') { k = T_DOTCARET; w = 2; break; }
		return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + 1,
				   "unexpected '.'");
	case '(': k = T_LPAREN; break;
	case ')': k = T_RPAREN; break;
	case '[': k = T_LBRACK; break;
	case ']': k = T_RBRACK; break;
	case ',': k = T_COMMA; break;
	case ';': k = T_SEMI; break;
	case '=': k = c1 == '=' ? (w = 2, T_EQ) : T_ASSIGN; break;
	case '!':
		if (c1 == '=') { k = T_NE; w = 2; break; }
		return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + 1,
				   "unexpected '!' (write != for 'not equal')");
	case '<': k = c1 == '=' ? (w = 2, T_LE) : T_LT; break;
	case '>': k = c1 == '=' ? (w = 2, T_GE) : T_GT; break;
	case '\'': k = T_APOS; break;
	case '|': k = c1 == '|' ? (w = 2, T_NORM) : T_BAR; break;
	case '"': {
		size_t q = p + 1;
		while (q < lx->len && s[q] != '"') {
			/* a string holds a word such as "full", never control bytes */
			if ((unsigned char)s[q] < 0x20 || s[q] == 0x7f)
				return engine_fail(lx->err, ENGINE_ERR_PARSE, q, q + 1,
						   "unexpected control character in a string");
			q++;
		}
		if (q >= lx->len)
			return engine_fail(lx->err, ENGINE_ERR_PARSE, p, lx->len,
					   "string opened at column %zu is not closed with '\"'",
					   engine_column(s, p));
		struct token *t = push(lx, T_STRING, p, q + 1, space);
		if (!t || !(t->text = arena_strndup(lx->arena, s + p + 1, q - p - 1)))
			return false;
		lx->pos = q + 1;
		return true;
	}
	default: {
		size_t used;
		uint32_t cp = utf8_decode(s + p, lx->len - p, &used);
		if (cp == UTF8_INVALID)
			return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + 1,
					   "invalid UTF-8 byte 0x%02x",
					   (unsigned char)c);
		if (name_start(cp))
			return lex_identifier(lx, space);
		w = used;
		switch (cp) {
		case 0x00D7: k = T_TIMES; break;                  /* × */
		case 0x00B7: case 0x22C5: case 0x2219: k = T_STAR; break; /* · ⋅ ∙ */
		case 0x00F7: case 0x2215: k = T_SLASH; break;     /* ÷ ∕ */
		case 0x2212: case 0x2013: k = T_MINUS; break;     /* − – */
		case 0x221A: k = T_SQRT; break;                   /* √ */
		case 0x2299: case 0x2218: k = T_DOTSTAR; break;   /* ⊙ ∘ */
		case 0x2016: k = T_NORM; break;                   /* ‖ */
		case 0x2264: k = T_LE; break;                     /* ≤ */
		case 0x2265: k = T_GE; break;                     /* ≥ */
		case 0x2260: k = T_NE; break;                     /* ≠ */
		case 0x1D40: k = T_TRANSPOSE; break;              /* ᵀ */
		case 0x00BD: case 0x00BC: case 0x00BE: case 0x2153: case 0x2154: {
			/* ½ ¼ ¾ ⅓ ⅔, as pasted from notes */
			struct token *t = push(lx, T_NUM, p, p + used, space);
			if (!t)
				return false;
			t->num = cp == 0x00BD ? 0.5 : cp == 0x00BC ? 0.25 : cp == 0x00BE ? 0.75
			       : cp == 0x2153 ? 1.0 / 3 : 2.0 / 3;
			lx->pos = p + used;
			return true;
		}
		case 0x03C0: {                                    /* π */
			lx->pos = p + used;
			return push_name(lx, "pi", 2, p, p + used, space,
					 NAME_CONST, builtin_lookup("pi", 2));
		}
		default: {
			int d = superscript_digit(cp);
			if (d >= 0 || cp == 0x207B || cp == 0x207A) {
				/* ⁻¹²: read the whole superscript number */
				size_t q = p;
				double sign = 1, val = 0;
				bool digits = false;
				while (q < lx->len) {
					size_t u2;
					uint32_t c2 = utf8_decode(s + q, lx->len - q, &u2);
					int d2 = superscript_digit(c2);
					if (d2 >= 0) {
						val = val * 10 + d2;
						digits = true;
					} else if ((c2 == 0x207B || c2 == 0x207A) && !digits && q == p) {
						sign = c2 == 0x207B ? -1 : 1;
					} else {
						break;
					}
					q += u2;
				}
				if (!digits)
					return engine_fail(lx->err, ENGINE_ERR_PARSE, p, q,
							   "a superscript sign needs digits after it");
				struct token *t = push(lx, T_SUP, p, q, space);
				if (!t)
					return false;
				t->num = sign * val;
				lx->pos = q;
				return true;
			}
			if (cp < 0x20 || cp == 0x7f)
				return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + used,
						   "unexpected control character U+%04X",
						   (unsigned)cp);
			return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + used,
					   "unexpected character '%.*s'",
					   (int)used, s + p);
		}
		}
	}
	}
	if (!push(lx, k, p, p + w, space))
		return false;
	lx->pos = p + w;
	return true;
}

static bool is_space(const char *s, size_t len, size_t p, size_t *used)
{
	unsigned char c = (unsigned char)s[p];
	*used = 1;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		return true;
	if (c >= 0x80) {
		uint32_t cp = utf8_decode(s + p, len - p, used);
		return cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x2006 ||
		       cp == 0x200A || cp == 0x2005 || cp == 0x3000;
	}
	return false;
}

bool lex(const char *text, size_t len, const struct engine_scope *scope,
	 struct arena *a, struct token_list *out,
	 struct engine_error *err)
{
	struct lexer lx = { .text = text, .len = len, .scope = scope,
			    .arena = a, .err = err };
	bool space = false;
	while (lx.pos < len) {
		size_t used;
		if (is_space(text, len, lx.pos, &used)) {
			lx.pos += used;
			space = true;
			continue;
		}
		if (text[lx.pos] == '\0')
			return engine_fail(err, ENGINE_ERR_PARSE, lx.pos, lx.pos + 1,
					   "unexpected NUL byte");
		if (!lex_one(&lx, space))
			return false;
		space = false;
	}
	if (!push(&lx, T_END, len, len, space))
		return false;
	out->tok = lx.tok;
	out->n = lx.n;
	return true;
}
