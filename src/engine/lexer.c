/* The lexer: UTF-8 text to tokens.
 *
 * It reads what students type and paste from notes into one token set:
 * × · ÷ − √ π ² ³ ⁻¹ ᵀ ᵗ ⊤ ⊙ ‖ and subscript digits, names with accents
 * (precomposed or combining, compared in Unicode normal form C, so x̃ typed
 * either way is one name), LaTeX commands (latex.c), and { } as brackets.
 * Runs of letters split into declared names greedily: with g and u
 * declared, "gu" is g then u, while a declared "W1" stays whole. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lexer.h"
#include "utf8.h"

struct token *lex_push(struct lexer *lx, enum tok_kind kind, size_t start,
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

/* Subscript and superscript letters are operators here (ⱼ, ᵀ), never part
 * of a name; so are the Greek π (a constant) and the modifier letters. */
static bool modifier_letter(uint32_t cp)
{
	return (cp >= 0x1D2C && cp <= 0x1D6A) || (cp >= 0x2090 && cp <= 0x209C) ||
	       cp == 0x2C7C || (cp >= 0x02B0 && cp <= 0x02FF);
}

static bool name_start(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
	return cp != 0x3C0 && !modifier_letter(cp) && utf8_is_letter(cp);
}

static bool name_char(uint32_t cp)
{
	return name_start(cp) || (cp >= '0' && cp <= '9') ||
	       (cp >= 0x2080 && cp <= 0x2089) || cp == 0x2032 || cp == 0x2033 ||
	       (cp >= 0x80 && utf8_is_combining(cp));
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
	struct token *t = lex_push(lx, T_NAME, start, end, space);
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

const char *lex_greek_letter(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof greek / sizeof greek[0]; i++)
		if (strlen(greek[i].name) == len && !memcmp(greek[i].name, name, len))
			return greek[i].letter;
	return NULL;
}

/* Length of the longest declared name (in any spelling) at name[0..n),
 * and which declared name it is. Dimension names count as declared. */
static size_t match_declared(const struct engine_scope *scope, const char *name,
			     size_t n, const char **which)
{
	size_t best = 0;
	for (size_t k = 0; scope && k < scope->n; k++) {
		const char *spell[3] = { scope->entries[k].name,
					 scope->entries[k].alias,
					 scope->entries[k].decorated };
		for (int j = 0; j < 3; j++) {
			size_t l = spell[j] ? strlen(spell[j]) : 0;
			if (l > best && l <= n && !memcmp(name, spell[j], l)) {
				best = l;
				*which = scope->entries[k].name;
			}
		}
	}
	for (size_t k = 0; scope && k < scope->n_dims; k++) {
		size_t l = strlen(scope->dim_names[k]);
		if (l > best && l <= n && !memcmp(name, scope->dim_names[k], l)) {
			best = l;
			*which = scope->dim_names[k];
		}
	}
	return best;
}

static bool declared_exactly(const struct lexer *lx, const char *name, size_t len)
{
	return scope_find(lx->scope, name, len) || scope_is_dimension_n(lx->scope, name, len);
}

/* Is name[0..len) one of the answer's index names ("j", or "j, y")? */
static bool is_index(const struct lexer *lx, const char *name, size_t len)
{
	const char *list = lx->opt ? lx->opt->index : NULL;
	while (list && *list) {
		while (*list == ',' || *list == ' ')
			list++;
		size_t n = strcspn(list, ", ");
		if (n && n == len && !memcmp(list, name, len))
			return true;
		list += n;
	}
	return false;
}

/* The length of the index name that ends name[0..nlen) after a '_'
 * (b_j), or 0. */
static size_t index_suffix(const struct lexer *lx, const char *name, size_t nlen)
{
	for (size_t i = nlen; i-- > 0;)
		if (name[i] == '_')
			return i + 1 < nlen && is_index(lx, name + i + 1, nlen - i - 1)
				? nlen - i - 1 : 0;
	return 0;
}

static const struct token *previous(const struct lexer *lx)
{
	return lx->n ? &lx->tok[lx->n - 1] : NULL;
}

/* Split the run name[0..nlen) into declared names, longest first, only
 * when they cover the whole run: with g and u declared "gu" is g·u, but
 * "gux" is one unknown name, never g·u·(something else). */
static bool split_declared(struct lexer *lx, const char *name, size_t nlen,
			   const size_t *offs, size_t end, bool space, bool *done)
{
	struct { size_t at, len; const char *declared; } parts[256];
	size_t nparts = 0, i = 0;
	*done = false;
	while (i < nlen && nparts < 256) {
		const char *which = NULL;
		size_t best = match_declared(lx->scope, name + i, nlen - i, &which);
		if (!best)
			return true;
		parts[nparts].at = i;
		parts[nparts].declared = which;
		parts[nparts++].len = best;
		i += best;
	}
	if (i < nlen)
		return true;
	*done = true;
	for (size_t k = 0; k < nparts; k++) {
		size_t at = parts[k].at, len = parts[k].len;
		size_t tok_end = at + len < nlen ? offs[at + len] : end;
		if (!push_name(lx, parts[k].declared, strlen(parts[k].declared),
			       offs[at], tok_end, k == 0 && space, NAME_VAR, -1))
			return false;
	}
	return true;
}

bool lex_name_run(struct lexer *lx, const char *name, size_t nlen,
		  const size_t *offs, size_t end, bool space)
{
	static const char *const keywords[] = { "and", "or", "not" };
	static const enum tok_kind kw_kind[] = { T_AND, T_OR, T_NOT };
	assert(nlen > 0);
	for (size_t k = 0; k < 3; k++)
		if (strlen(keywords[k]) == nlen && !memcmp(name, keywords[k], nlen) &&
		    !scope_find(lx->scope, name, nlen))
			return lex_push(lx, kw_kind[k], offs[0], end, space) != NULL;
	const struct token *prev = previous(lx);
	/* ‖x‖_2: the Euclidean norm is the only one here */
	if (nlen == 2 && !memcmp(name, "_2", 2) && prev &&
	    (prev->kind == T_NORM || prev->kind == T_BAR))
		return true;
	/* 128 x 24 x 24: a spaced x between whole numbers, where a shape fits,
	 * even when a variable is called x. */
	if (nlen == 1 && (name[0] == 'x' || name[0] == 'X') && lx->opt &&
	    (lx->opt->flags & ENGINE_PARSE_SHAPES) && prev && prev->kind == T_NUM &&
	    prev->is_int) {
		size_t q = end;
		while (q < lx->len && (lx->text[q] == ' ' || lx->text[q] == '\t'))
			q++;
		if (q < lx->len && lx->text[q] >= '0' && lx->text[q] <= '9')
			return lex_push(lx, T_SHAPEX, offs[0], end, space) != NULL;
	}
	if (declared_exactly(lx, name, nlen))
		return push_name(lx, name, nlen, offs[0], end, space, NAME_VAR, -1);
	const char *declared = NULL;
	if (match_declared(lx->scope, name, nlen, &declared) == nlen)
		return push_name(lx, declared, strlen(declared), offs[0], end, space,
				 NAME_VAR, -1);
	/* x_j, b_j: the component the answer is indexed by. */
	size_t ilen = index_suffix(lx, name, nlen);
	if (ilen) {
		size_t cut = nlen - ilen - 1;
		size_t at = offs[cut];
		if (cut && !lex_name_run(lx, name, cut, offs, at, space))
			return false;
		return lex_push(lx, T_INDEX, at, end, cut ? false : space) != NULL;
	}
	int b = builtin_lookup(name, nlen);
	if (b >= 0)
		return push_name(lx, name, nlen, offs[0], end, space,
				 (builtin_get(b)->flags & BF_CONST) ? NAME_CONST : NAME_FUNC, b);
	/* I, or Id as the published solution writes it: the identity. */
	if ((nlen == 1 && name[0] == 'I') || (nlen == 2 && !memcmp(name, "Id", 2)))
		return push_name(lx, "I", 1, offs[0], end, space, NAME_CONST, -1);
	/* W^Tv, w^tx: the transpose letter, then the rest of the run. */
	if (prev && prev->kind == T_CARET && (name[0] == 'T' || name[0] == 't') &&
	    !declared_exactly(lx, name, 1)) {
		if (!push_name(lx, "T", 1, offs[0], nlen > 1 ? offs[1] : end, space,
			       NAME_UNKNOWN, -1))
			return false;
		if (nlen == 1)
			return true;
		return lex_name_run(lx, name + 1, nlen - 1, offs + 1, end, false);
	}
	bool done;
	if (!split_declared(lx, name, nlen, offs, end, space, &done))
		return false;
	if (done)
		return true;
	/* W_1 for W1, as notes write subscripts. */
	if (nlen <= 64 && memchr(name, '_', nlen)) {
		char plain[64];
		size_t poffs[64], m = 0;
		for (size_t i = 0; i < nlen; i++)
			if (!(name[i] == '_' && i + 1 < nlen && name[i + 1] >= '0' &&
			      name[i + 1] <= '9' && i > 0)) {
				poffs[m] = offs[i];
				plain[m++] = name[i];
			}
		if (m < nlen && m > 0) {
			if (declared_exactly(lx, plain, m))
				return push_name(lx, plain, m, offs[0], end, space, NAME_VAR, -1);
			if (!split_declared(lx, plain, m, poffs, end, space, &done))
				return false;
			if (done)
				return true;
		}
	}
	return push_name(lx, name, nlen, offs[0], end, space, NAME_UNKNOWN, -1);
}

/* A separator inside a number written with digit groups: 73 728. */
static size_t group_separator(const char *s, size_t len, size_t p)
{
	if (p < len && s[p] == ' ')
		return 1;
	size_t used;
	uint32_t cp = p < len ? utf8_decode(s + p, len - p, &used) : UTF8_INVALID;
	return cp == 0x2009 || cp == 0x202F || cp == 0x00A0 || cp == 0x2006 ? used : 0;
}

static bool is_digit(const char *s, size_t len, size_t p)
{
	return p < len && s[p] >= '0' && s[p] <= '9';
}

static bool lex_number(struct lexer *lx, bool space)
{
	const char *s = lx->text;
	size_t p = lx->pos, start = p;
	bool has_point = false, has_exp = false, grouped = false;
	char buf[64];
	size_t n = 0;
	while (is_digit(s, lx->len, p) && n < sizeof buf - 1)
		buf[n++] = s[p++];
	/* 73 728, 1 234 567: groups of exactly three digits. */
	if (lx->opt && (lx->opt->flags & ENGINE_PARSE_DIGIT_GROUPS) && n >= 1 && n <= 3) {
		for (;;) {
			size_t sep = group_separator(s, lx->len, p);
			size_t q = p + sep;
			if (!sep || !is_digit(s, lx->len, q) || !is_digit(s, lx->len, q + 1) ||
			    !is_digit(s, lx->len, q + 2) || is_digit(s, lx->len, q + 3) ||
			    n + 3 >= sizeof buf)
				break;
			memcpy(buf + n, s + q, 3);
			n += 3;
			p = q + 3;
			grouped = true;
		}
	}
	if (p < lx->len && s[p] == '.' &&
	    !(p + 1 < lx->len && (s[p + 1] == '*' || s[p + 1] == '^' ||
				  s[p + 1] == '/' || s[p + 1] == '\''))) {
		has_point = true;
		buf[n++] = s[p++];
		while (is_digit(s, lx->len, p) && n < sizeof buf - 1)
			buf[n++] = s[p++];
	}
	if (p < lx->len && (s[p] == 'e' || s[p] == 'E')) {
		size_t q = p + 1;
		if (q < lx->len && (s[q] == '+' || s[q] == '-'))
			q++;
		if (is_digit(s, lx->len, q)) {
			has_exp = true;
			while (p < q && n < sizeof buf - 1)
				buf[n++] = s[p++];
			while (is_digit(s, lx->len, p) && n < sizeof buf - 1)
				buf[n++] = s[p++];
		}
	}
	if (p == start + 1 && s[start] == '.')
		return engine_fail(lx->err, ENGINE_ERR_PARSE, start, p,
				   "a lone '.' is not a number");
	if (n >= sizeof buf - 1 || (is_digit(s, lx->len, p)))
		return engine_fail(lx->err, ENGINE_ERR_PARSE, start, p,
				   "number too long");
	buf[n] = '\0';
	struct token *t = lex_push(lx, T_NUM, start, p, space);
	if (!t)
		return false;
	t->num = strtod(buf, NULL);
	t->grouped = grouped;
	if (!isfinite(t->num))
		return engine_fail(lx->err, ENGINE_ERR_PARSE, start, p,
				   "number too large");
	/* 7 and 7.0 are whole; 7e0 is written as a measurement, not a count */
	t->is_int = !has_exp && t->num == floor(t->num) && t->num <= 1e15;
	(void)has_point;
	lx->pos = p;
	/* 128x24, 7.0x7.0: an ASCII x between whole numbers. */
	if (t->is_int && p + 1 < lx->len && (s[p] == 'x' || s[p] == 'X') &&
	    is_digit(s, lx->len, p + 1)) {
		if (!lex_push(lx, T_SHAPEX, p, p + 1, false))
			return false;
		lx->pos = p + 1;
	}
	return true;
}

/* The variants of Greek letters mean the letters: ϵ is ε, ϕ is φ. */
static uint32_t greek_variant(uint32_t cp)
{
	switch (cp) {
	case 0x03F5: return 0x03B5;  /* ϵ */
	case 0x03D1: return 0x03B8;  /* ϑ */
	case 0x03D5: return 0x03C6;  /* ϕ */
	case 0x03F1: return 0x03C1;  /* ϱ */
	case 0x03C2: return 0x03C3;  /* ς */
	case 0x0305: return 0x0304;  /* combining overline: a bar, as macron */
	default: return cp;
	}
}

/* Append code point cp (source offset at) to a run being built. */
static bool run_put(struct name_run *r, uint32_t cp, size_t at)
{
	char enc[4];
	size_t k = utf8_encode(cp, enc);
	if (!k || r->n + k + 1 >= sizeof r->name)
		return false;
	for (size_t i = 0; i < k; i++) {
		r->offs[r->n] = at;
		r->name[r->n++] = enc[i];
	}
	return true;
}

bool lex_run_put(struct name_run *r, uint32_t cp, size_t at)
{
	return run_put(r, cp, at);
}

/* Bring the run to normal form C cluster by cluster (a letter and the
 * combining marks after it), each output byte keeping its cluster's
 * source offset, so carets still point at what was typed. */
bool lex_run_normalise(struct name_run *r)
{
	bool ascii = true;
	for (size_t i = 0; i < r->n; i++)
		ascii = ascii && (unsigned char)r->name[i] < 0x80;
	if (ascii)
		return true;
	struct name_run out = { .n = 0 };
	size_t i = 0;
	while (i < r->n) {
		size_t used, j = i;
		utf8_decode(r->name + j, r->n - j, &used);
		j += used;
		while (j < r->n) {
			uint32_t cp = utf8_decode(r->name + j, r->n - j, &used);
			if (cp == UTF8_INVALID || !utf8_is_combining(cp))
				break;
			j += used;
		}
		char nfc[64];
		size_t k = j - i < sizeof nfc ? utf8_nfc(r->name + i, j - i, nfc, sizeof nfc) : 0;
		if (!k || out.n + k + 1 >= sizeof out.name)
			return false;
		for (size_t b = 0; b < k; b++) {
			out.offs[out.n] = r->offs[i];
			out.name[out.n++] = nfc[b];
		}
		i = j;
	}
	*r = out;
	return true;
}

static bool wrong_subscript(struct lexer *lx, size_t p, size_t q);

static bool lex_identifier(struct lexer *lx, bool space)
{
	struct name_run run = { .n = 0 };
	size_t p = lx->pos;
	bool index_after = false;
	size_t index_at = 0;
	while (p < lx->len) {
		size_t used;
		uint32_t cp = utf8_decode(lx->text + p, lx->len - p, &used);
		if (cp == UTF8_INVALID || !name_char(cp))
			break;
		/* x_{j}, W_{1}: a subscript in braces, as LaTeX writes it */
		if (cp == '_' && p + 1 < lx->len && lx->text[p + 1] == '{') {
			size_t q = p + 2, c0 = q;
			while (q < lx->len && q - c0 < 16 &&
			       ((lx->text[q] >= 'a' && lx->text[q] <= 'z') ||
				(lx->text[q] >= 'A' && lx->text[q] <= 'Z') ||
				(lx->text[q] >= '0' && lx->text[q] <= '9')))
				q++;
			if (q >= lx->len || lx->text[q] != '}' || q == c0)
				return engine_fail(lx->err, ENGINE_ERR_PARSE, p, q,
						   "a subscript in braces takes a number or a letter, as in W_{1}");
			if (is_index(lx, lx->text + c0, q - c0)) {
				index_after = true;
				index_at = p;
				p = q + 1;
				break;
			}
			for (size_t c = p; c < q; c++)
				if (c != p + 1 && !run_put(&run, (unsigned char)lx->text[c], p))
					goto too_long;
			p = q + 1;
			continue;
		}
		bool ok;
		if (cp >= 0x2080 && cp <= 0x2089)
			ok = run_put(&run, '0' + (cp - 0x2080), p);
		else
			ok = run_put(&run, greek_variant(cp), p);
		if (!ok)
			goto too_long;
		p += used;
	}
	if (!lex_run_normalise(&run))
		goto too_long;
	/* ")_k": a subscript on a bracket that is not the answer's index */
	if (!index_after && run.n && run.name[0] == '_' && lx->n &&
	    !index_suffix(lx, run.name, run.n) &&
	    (previous(lx)->kind == T_RPAREN || previous(lx)->kind == T_RBRACK))
		return wrong_subscript(lx, lx->pos, p);
	size_t end = index_after ? index_at : p;
	lx->pos = p;
	if (run.n && !lex_name_run(lx, run.name, run.n, run.offs, end, space))
		return false;
	if (index_after)
		return lex_push(lx, T_INDEX, index_at, p, false) != NULL;
	return true;
too_long:
	return engine_fail(lx->err, ENGINE_ERR_PARSE, lx->pos, p, "name too long");
}

/* ⁻¹², ² ...: the whole superscript number. */
static bool lex_superscript(struct lexer *lx, size_t p, bool space)
{
	const char *s = lx->text;
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
	struct token *t = lex_push(lx, T_SUP, p, q, space);
	if (!t)
		return false;
	t->num = sign * val;
	lx->pos = q;
	return true;
}

/* A subscript that is not the answer's index: say which index the part
 * takes, if any. */
static bool wrong_subscript(struct lexer *lx, size_t p, size_t q)
{
	const char *index = lx->opt ? lx->opt->index : NULL;
	if (!index || !*index)
		return engine_fail(lx->err, ENGINE_ERR_PARSE, p, q,
				   "this answer is not written for one component (drop the subscript %.*s)",
				   (int)(q - p), lx->text + p);
	char names[64];   /* "j, y" said as "j or y" */
	size_t n = 0;
	for (const char *c = index; *c && n + 5 < sizeof names; c++) {
		if (*c == ',') {
			memcpy(names + n, " or", 3);
			n += 3;
		} else {
			names[n++] = *c;
		}
	}
	names[n] = '\0';
	return engine_fail(lx->err, ENGINE_ERR_PARSE, p, q,
			   "%.*s is not this answer's index: write it for component %s, or drop "
			   "the subscript", (int)(q - p), lx->text + p, names);
}

/* ⱼ ᵢ ₖ: a subscript letter is the answer's index, or a mistake. */
static bool lex_subscript_letter(struct lexer *lx, size_t p, size_t used, char letter,
				 bool space)
{
	if (!is_index(lx, &letter, 1))
		return wrong_subscript(lx, p, p + used);
	lx->pos = p + used;
	return lex_push(lx, T_INDEX, p, p + used, space) != NULL;
}

/* One token of a non-ASCII operator or symbol at p (cp, used bytes). */
static bool lex_symbol(struct lexer *lx, size_t p, uint32_t cp, size_t used, bool space)
{
	const char *s = lx->text;
	enum tok_kind k;
	switch (cp) {
	case 0x00D7: k = T_TIMES; break;                  /* × */
	case 0x00B7: case 0x22C5: case 0x2219: k = T_DOT; break;  /* · ⋅ ∙ */
	case 0x2217: k = T_STAR; break;                   /* ∗ */
	case 0x00F7: case 0x2215: case 0x2044: k = T_SLASH; break; /* ÷ ∕ ⁄ */
	case 0x2212: case 0x2013: k = T_MINUS; break;     /* − – */
	case 0x221A: k = T_SQRT; break;                   /* √ */
	case 0x2299: case 0x2218: k = T_DOTSTAR; break;   /* ⊙ ∘ */
	case 0x2016: case 0x2225: k = T_NORM; break;      /* ‖ ∥ */
	case 0x2223: k = T_BAR; break;                    /* ∣ */
	case 0x2264: k = T_LE; break;                     /* ≤ */
	case 0x2265: k = T_GE; break;                     /* ≥ */
	case 0x2260: k = T_NE; break;                     /* ≠ */
	case 0x1D40: case 0x1D57: case 0x22A4: k = T_TRANSPOSE; break; /* ᵀ ᵗ ⊤ */
	case 0x2254: k = T_ASSIGN; break;                 /* ≔ */
	case 0x2082:                                      /* ‖x‖₂ */
		if (lx->n && (lx->tok[lx->n - 1].kind == T_NORM || lx->tok[lx->n - 1].kind == T_BAR)) {
			lx->pos = p + used;
			return true;
		}
		return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + used,
				   "unexpected subscript '₂' (only ‖x‖₂, the norm, takes one)");
	case 0x2C7C: return lex_subscript_letter(lx, p, used, 'j', space);
	case 0x1D62: return lex_subscript_letter(lx, p, used, 'i', space);
	case 0x2096: return lex_subscript_letter(lx, p, used, 'k', space);
	case 0x00BD: case 0x00BC: case 0x00BE: case 0x2153: case 0x2154: {
		/* ½ ¼ ¾ ⅓ ⅔, as pasted from notes */
		struct token *t = lex_push(lx, T_NUM, p, p + used, space);
		if (!t)
			return false;
		t->num = cp == 0x00BD ? 0.5 : cp == 0x00BC ? 0.25 : cp == 0x00BE ? 0.75
		       : cp == 0x2153 ? 1.0 / 3 : 2.0 / 3;
		lx->pos = p + used;
		return true;
	}
	case 0x03C0:                                      /* π */
		lx->pos = p + used;
		return push_name(lx, "pi", 2, p, p + used, space, NAME_CONST,
				 builtin_lookup("pi", 2));
	default:
		if (superscript_digit(cp) >= 0 || cp == 0x207B || cp == 0x207A)
			return lex_superscript(lx, p, space);
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xA0))
			return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + used,
					   "unexpected control character U+%04X",
					   (unsigned)cp);
		return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + used,
				   "unexpected character '%.*s'", (int)used, s + p);
	}
	if (!lex_push(lx, k, p, p + used, space))
		return false;
	lx->pos = p + used;
	return true;
}

static bool lex_string(struct lexer *lx, size_t p, bool space)
{
	const char *s = lx->text;
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
	struct token *t = lex_push(lx, T_STRING, p, q + 1, space);
	if (!t || !(t->text = arena_strndup(lx->arena, s + p + 1, q - p - 1)))
		return false;
	lx->pos = q + 1;
	return true;
}

/* w̄* = E, λ* := E: a star right after a name and before '=' or ':=' marks
 * the optimum, it multiplies nothing. */
static bool star_before_equals(const struct lexer *lx, size_t p)
{
	if (!lx->n || lx->tok[lx->n - 1].kind != T_NAME)
		return false;
	size_t q = p + 1;
	while (q < lx->len && lx->text[q] == ' ')
		q++;
	if (q < lx->len && lx->text[q] == ':')
		q++;
	return q < lx->len && lx->text[q] == '=' && (q + 1 >= lx->len || lx->text[q + 1] != '=');
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
	bool brace = false;
	if ((c >= '0' && c <= '9') || (c == '.' && c1 >= '0' && c1 <= '9'))
		return lex_number(lx, space);
	switch (c) {
	case '+': k = T_PLUS; break;
	case '-': k = T_MINUS; break;
	case '*':
		if (c1 != '*' && star_before_equals(lx, p))
			return lx->pos = p + 1, true;  /* w̄* = …: the star is the label's */
		k = c1 == '*' ? (w = 2, T_CARET) : T_STAR;
		break;
	case '/': k = T_SLASH; break;
	case '^': k = T_CARET; break;
	case '.':
		if (c1 == '*') { k = T_DOTSTAR; w = 2; break; }
		if (c1 == '/') { k = T_DOTSLASH; w = 2; break; }
		if (c1 == '^') { k = T_DOTCARET; w = 2; break; }
		if (c1 == '\'') { k = T_APOS; w = 2; break; }  /* W.' (MATLAB) */
		return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + 1,
				   "unexpected '.'");
	case '(': k = T_LPAREN; break;
	case ')': k = T_RPAREN; break;
	case '{': k = T_LPAREN; brace = true; break;
	case '}': k = T_RPAREN; brace = true; break;
	case '[': k = T_LBRACK; break;
	case ']': k = T_RBRACK; break;
	case ',': k = T_COMMA; break;
	case ';': k = T_SEMI; break;
	case '=': k = c1 == '=' ? (w = 2, T_EQ) : T_ASSIGN; break;
	case ':':
		if (c1 == '=') { k = T_ASSIGN; w = 2; break; }
		return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + 1,
				   "unexpected ':' (an answer sheet line is ID: ANSWER; "
				   "in an answer, write = or :=)");
	case '!':
		if (c1 == '=') { k = T_NE; w = 2; break; }
		return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + 1,
				   "unexpected '!' (write != for 'not equal')");
	case '<': k = c1 == '=' ? (w = 2, T_LE) : T_LT; break;
	case '>': k = c1 == '=' ? (w = 2, T_GE) : T_GT; break;
	case '\'': k = T_APOS; break;
	case '|': k = c1 == '|' ? (w = 2, T_NORM) : T_BAR; break;
	case '"': return lex_string(lx, p, space);
	case '\\': return lex_latex(lx, space);
	default: {
		size_t used;
		uint32_t cp = utf8_decode(s + p, lx->len - p, &used);
		if (cp == UTF8_INVALID)
			return engine_fail(lx->err, ENGINE_ERR_PARSE, p, p + 1,
					   "invalid UTF-8 byte 0x%02x",
					   (unsigned char)c);
		if (name_start(cp))
			return lex_identifier(lx, space);
		return lex_symbol(lx, p, cp, used, space);
	}
	}
	struct token *t = lex_push(lx, k, p, p + w, space);
	if (!t)
		return false;
	t->brace = brace;
	lx->pos = p + w;
	return true;
}

bool lex_is_space(const char *s, size_t len, size_t p, size_t *used)
{
	unsigned char c = (unsigned char)s[p];
	*used = 1;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		return true;
	if (c >= 0x80) {
		uint32_t cp = utf8_decode(s + p, len - p, used);
		return cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x2006 ||
		       cp == 0x200A || cp == 0x2005 || cp == 0x3000 || cp == 0x200B ||
		       cp == 0x2061 || cp == 0x2062 || cp == 0xFEFF;
	}
	return false;
}

static bool only_dollars_after(const char *s, size_t len, size_t p)
{
	for (; p < len; p++)
		if (s[p] != '$' && s[p] != ' ' && s[p] != '\t')
			return false;
	return true;
}

bool lex(const char *text, size_t len, const struct engine_scope *scope,
	 const struct engine_parse_options *opt, struct arena *a,
	 struct token_list *out, struct engine_error *err)
{
	struct lexer lx = { .text = text, .len = len, .scope = scope, .opt = opt,
			    .arena = a, .err = err };
	bool space = false;
	unsigned dollars = 0;   /* leading $ of $…$: the trailing ones go too */
	while (lx.pos < len) {
		size_t used;
		if (lex_is_space(text, len, lx.pos, &used)) {
			lx.pos += used;
			space = true;
			continue;
		}
		if (text[lx.pos] == '\0')
			return engine_fail(err, ENGINE_ERR_PARSE, lx.pos, lx.pos + 1,
					   "unexpected NUL byte");
		/* $…$ around pasted LaTeX: the dollars only delimit it */
		if (text[lx.pos] == '$' && (lx.n == 0 || (dollars && only_dollars_after(text, len, lx.pos)))) {
			dollars += lx.n == 0;
			lx.pos++;
			continue;
		}
		size_t before = lx.n;
		if (!lex_one(&lx, space))
			return false;
		if (lx.n > before)
			space = false;
	}
	if (!lex_push(&lx, T_END, len, len, space))
		return false;
	out->tok = lx.tok;
	out->n = lx.n;
	return true;
}
