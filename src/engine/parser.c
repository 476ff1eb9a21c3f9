/* The parser: tokens to an AST, by recursive descent.
 *
 * Precedence, loosest first (each row is one function below):
 *   list       a, b, c          top level only: a sequence or configuration
 *   or         a or b
 *   and        a and b
 *   not        not a
 *   compare    = == != < <= > >=   (non-associative)
 *   additive   + -
 *   product    * / .* ./ ⊙ × ÷ ·  (left associative; × between whole
 *              numbers: a shape where shapes fit, else a product)
 *   unary      - +              (so -2^2 is -(2^2))
 *   implicit   2P  (a+b)(a-b)   binds tighter than * and /: 1/2x = 1/(2x);
 *              with a space between (g/‖u‖ (I - P)) it binds like *
 *   power      ^ ** .^          (right associative: 2^3^2 = 2^9)
 *   postfix    ' ᵀ ^T ^t ^{T} ^\top ² ⁻¹ _j
 *   primary    number name f(...) (...) {...} [...] ‖x‖ |x| √x \frac{a}{b}
 *              "string"
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct parser {
	const char *text;
	struct token *tok;   /* mutable only to split a closing '||' */
	size_t pos;
	struct arena *arena;
	const struct engine_scope *scope;
	unsigned flags;          /* enum engine_parse_flags */
	const char *index;       /* the answer's index name, or NULL */
	struct engine_error *err;
	int depth;
	bool space_sep;   /* inside [...] without commas: spaces separate items */
	int norm_open;    /* ‖ ... ‖ being read: the next ‖ closes */
	int bar_open;     /* | ... | being read */
	const struct token *opener;  /* innermost unclosed ( [ ‖ |, or NULL */
	const char **free_names;
	size_t n_free, cap_free;
};

static struct node *parse_or(struct parser *p);
static struct node *parse_unary(struct parser *p);
static struct node *parse_power(struct parser *p);

static const struct token *peek(const struct parser *p)
{
	return &p->tok[p->pos];
}

static const struct token *next(struct parser *p)
{
	const struct token *t = &p->tok[p->pos];
	if (t->kind != T_END)
		p->pos++;
	return t;
}

static bool accept(struct parser *p, enum tok_kind k)
{
	if (peek(p)->kind != k)
		return false;
	next(p);
	return true;
}

static struct node *fail(struct parser *p, enum engine_error_kind kind,
			 size_t start, size_t end, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static struct node *fail(struct parser *p, enum engine_error_kind kind,
			 size_t start, size_t end, const char *fmt, ...)
{
	if (p->err) {
		char msg[sizeof p->err->message];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		engine_fail(p->err, kind, start, end, "%s", msg);
	}
	return NULL;
}

static struct node *new_node(struct parser *p, enum node_kind kind,
			     size_t start, size_t end, size_t nkids)
{
	struct node *n = arena_calloc(p->arena, 1, sizeof *n);
	if (n && nkids) {
		n->kids = arena_calloc(p->arena, nkids, sizeof *n->kids);
		if (!n->kids)
			n = NULL;
	}
	if (!n)
		return fail(p, ENGINE_ERR_MEMORY, start, end, "no memory for the expression");
	n->kind = kind;
	n->start = start;
	n->end = end;
	n->nkids = nkids;
	n->builtin = -1;
	return n;
}

static struct node *binary(struct parser *p, enum node_kind kind,
			   struct node *a, struct node *b)
{
	struct node *n = new_node(p, kind, a->start, b->end, 2);
	if (n) {
		n->kids[0] = a;
		n->kids[1] = b;
	}
	return n;
}

static struct node *unary_node(struct parser *p, enum node_kind kind,
			       size_t start, struct node *a)
{
	struct node *n = new_node(p, kind, start, a->end, 1);
	if (n)
		n->kids[0] = a;
	return n;
}

/* A growing list of nodes in the arena (lists are read before their size
 * is known, and a fixed array per nesting level would cost stack). */
struct nodevec {
	struct node **v;
	size_t n, cap;
};

static bool nodevec_push(struct parser *p, struct nodevec *nv, struct node *n)
{
	if (nv->n >= ENGINE_MAX_ELEMENTS) {
		fail(p, ENGINE_ERR_LIMIT, n->start, n->end,
		     "too many items in one list (more than %d)", ENGINE_MAX_ELEMENTS);
		return false;
	}
	if (nv->n == nv->cap) {
		size_t cap = nv->cap ? nv->cap * 2 : 8;
		struct node **v = arena_alloc(p->arena, cap * sizeof *v);
		if (!v) {
			fail(p, ENGINE_ERR_MEMORY, n->start, n->end, "no memory");
			return false;
		}
		if (nv->n)
			memcpy(v, nv->v, nv->n * sizeof *v);
		nv->v = v;
		nv->cap = cap;
	}
	nv->v[nv->n++] = n;
	return true;
}

static struct node *from_vec(struct parser *p, enum node_kind kind,
			     size_t start, size_t end, const struct nodevec *nv)
{
	struct node *node = new_node(p, kind, start, end, nv->n);
	if (node && nv->n)
		memcpy(node->kids, nv->v, nv->n * sizeof *nv->v);
	return node;
}

/* How to name a token in "unexpected ..." messages. */
static const char *describe(const struct parser *p, const struct token *t,
			    char *buf, size_t size)
{
	if (t->kind == T_END)
		return "end of input";
	snprintf(buf, size, "'%.*s'", (int)(t->end - t->start), p->text + t->start);
	return buf;
}

/* A guard on bracket nesting while reading, so that hostile input cannot
 * exhaust the stack. The limit users meet is ENGINE_MAX_DEPTH on the
 * printed form's nesting, checked after parsing (see engine_nesting); this
 * guard is looser, so any expression within that limit reads back. */
enum { BRACKET_GUARD = 2 * ENGINE_MAX_DEPTH };

static bool enter(struct parser *p, const struct token *t)
{
	if (++p->depth > BRACKET_GUARD) {
		fail(p, ENGINE_ERR_LIMIT, t->start, t->end,
		     "brackets nest too deeply (more than %d levels)", BRACKET_GUARD);
		return false;
	}
	return true;
}

static void leave(struct parser *p)
{
	p->depth--;
}

static bool record_free_name(struct parser *p, const char *name)
{
	for (size_t i = 0; i < p->n_free; i++)
		if (!strcmp(p->free_names[i], name))
			return true;
	if (p->n_free == p->cap_free) {
		size_t cap = p->cap_free ? p->cap_free * 2 : 8;
		const char **nf = arena_alloc(p->arena, cap * sizeof *nf);
		if (!nf)
			return false;
		if (p->n_free)
			memcpy(nf, p->free_names, p->n_free * sizeof *nf);
		p->free_names = nf;
		p->cap_free = cap;
	}
	p->free_names[p->n_free++] = name;
	return true;
}

/* Can this token begin an operand? Decides implicit multiplication. */
static bool starts_operand(const struct parser *p, const struct token *t)
{
	switch (t->kind) {
	case T_NUM: case T_NAME: case T_LPAREN: case T_LBRACK: case T_SQRT:
	case T_STRING: case T_FRAC:
		return true;
	case T_NORM:
	case T_BAR:
		return p->norm_open == 0 && p->bar_open == 0;
	default:
		return false;
	}
}

/* A closing delimiter was expected: take it, or say which opener it would
 * close (false). */
static bool expect_close(struct parser *p, enum tok_kind k,
			 const char *closer, const struct token *opener)
{
	if (accept(p, k))
		return true;
	struct token *split = &p->tok[p->pos];
	if (k == T_BAR && split->kind == T_NORM && split->end - split->start == 2) {
		/* |x - |a||: the '||' is two closing bars */
		split->kind = T_BAR;
		split->start++;
		split->space_before = false;
		return true;
	}
	const struct token *t = peek(p);
	char buf[64];
	if (t->kind == T_END)
		fail(p, ENGINE_ERR_PARSE, t->start, t->end,
		     "expected '%s' to close '%.*s' opened at column %zu",
		     closer, (int)(opener->end - opener->start),
		     p->text + opener->start,
		     engine_column(p->text, opener->start));
	else
		fail(p, ENGINE_ERR_PARSE, t->start, t->end,
		     "expected '%s' to close '%.*s' opened at column %zu, found %s",
		     closer, (int)(opener->end - opener->start),
		     p->text + opener->start, engine_column(p->text, opener->start),
		     describe(p, t, buf, sizeof buf));
	return false;
}

/* In a space-separated list, does the next token start another item? */
static bool next_item_by_space(const struct parser *p)
{
	const struct token *t = peek(p);
	if (!p->space_sep || !t->space_before)
		return false;
	/* 1 -2 3: a sign after a space and before none starts an item */
	if ((t->kind == T_MINUS || t->kind == T_PLUS) && !t[1].space_before &&
	    t[1].kind != T_END)
		return true;
	return starts_operand(p, t);
}

/* items := expr (',' expr)*   -- inside ( ), { }, [ ] and calls */
static struct node *parse_items(struct parser *p, enum node_kind kind,
				const struct token *opener, enum tok_kind close,
				const char *closer)
{
	struct nodevec items = { 0 };
	bool saved_sep = p->space_sep;
	int saved_norm = p->norm_open, saved_bar = p->bar_open;
	const struct token *saved_opener = p->opener;
	/* (1 2 5): in a sequence answer spaces separate items in ( ) too;
	 * never in the arguments of a call. */
	p->space_sep = kind == N_VECTOR && (p->flags & ENGINE_PARSE_SPACE_LISTS);
	p->norm_open = p->bar_open = 0;
	p->opener = opener;
	if (!enter(p, opener))
		return NULL;
	if (peek(p)->kind != close) {
		do {
			struct node *e = parse_or(p);
			if (!e || !nodevec_push(p, &items, e))
				return NULL;
		} while (accept(p, T_COMMA) || next_item_by_space(p));
	}
	p->space_sep = saved_sep;
	p->norm_open = saved_norm;
	p->bar_open = saved_bar;
	p->opener = saved_opener;
	leave(p);
	const struct token *last = peek(p);
	if (!expect_close(p, close, closer, opener))
		return NULL;
	return from_vec(p, kind, opener->start, last->end, &items);
}

/* [ ... ]: items separated by commas or (MATLAB style) spaces, rows by ';'.
 * [1 -2] is two items; [1 - 2] and [1 -  2] are one. */
static struct node *parse_brackets(struct parser *p, const struct token *open)
{
	struct nodevec rows = { 0 }, items = { 0 };
	bool saved_sep = p->space_sep;
	int saved_norm = p->norm_open, saved_bar = p->bar_open;
	const struct token *saved_opener = p->opener;
	p->norm_open = p->bar_open = 0;
	p->opener = open;
	if (!enter(p, open))
		return NULL;
	size_t row_start = peek(p)->start;
	for (;;) {
		enum tok_kind k = peek(p)->kind;
		if (k == T_RBRACK || k == T_END)
			break;
		if (k != T_SEMI) {
			p->space_sep = true;
			struct node *e = parse_or(p);
			if (!e || !nodevec_push(p, &items, e))
				return NULL;
			if (accept(p, T_COMMA))
				continue;
			k = peek(p)->kind;
			if (k != T_SEMI && k != T_RBRACK && k != T_END &&
			    peek(p)->space_before)
				continue;  /* a space separated the items */
			if (k != T_SEMI)
				break;
		}
		/* ';' ends a row; one trailing ';' is allowed, empty rows not */
		const struct token *semi = next(p);
		if (items.n == 0)
			return fail(p, ENGINE_ERR_PARSE, semi->start, semi->end,
				    "empty row in a matrix");
		struct node *row = from_vec(p, N_VECTOR, row_start, semi->start, &items);
		if (!row || !nodevec_push(p, &rows, row))
			return NULL;
		items.n = 0;
		items.cap = 0;
		items.v = NULL;
		row_start = peek(p)->start;
	}
	p->space_sep = saved_sep;
	p->norm_open = saved_norm;
	p->bar_open = saved_bar;
	p->opener = saved_opener;
	leave(p);
	const struct token *last = peek(p);
	if (!expect_close(p, T_RBRACK, "]", open))
		return NULL;
	struct node *vec = from_vec(p, N_VECTOR, rows.n ? row_start : open->start,
				    last->end, &items);
	if (!vec || rows.n == 0)
		return vec;
	if (items.n && !nodevec_push(p, &rows, vec))
		return NULL;
	return from_vec(p, N_MATRIX, open->start, last->end, &rows);
}

static struct node *parse_implicit(struct parser *p);

static struct node *apply_without_parens(struct parser *p, const struct token *t)
{
	struct node *arg = parse_implicit(p);
	if (!arg)
		return NULL;
	struct node *call = new_node(p, N_CALL, t->start, arg->end, 1);
	if (!call)
		return NULL;
	call->kids[0] = arg;
	call->name = t->text;
	call->builtin = t->builtin;
	return call;
}

static struct node *parse_name(struct parser *p, const struct token *t)
{
	if (t->cls == NAME_FUNC) {
		const struct token *lp = peek(p);
		const struct builtin *fb = builtin_get(t->builtin);
		/* log x, \log x, sum exp(z): a one-argument function applied to
		 * what follows, as far as a tight product goes (log 2x). */
		if (lp->kind != T_LPAREN && fb->min_args == 1 && fb->max_args == 1 &&
		    !(fb->flags & BF_RAW) && starts_operand(p, lp))
			return apply_without_parens(p, t);
		if (lp->kind != T_LPAREN)
			return fail(p, ENGINE_ERR_PARSE, t->start, t->end,
				    "expected '(' after the function '%s'", t->text);
		next(p);
		struct node *call = parse_items(p, N_CALL, lp, T_RPAREN, ")");
		if (!call)
			return NULL;
		call->start = t->start;
		call->name = t->text;
		call->builtin = t->builtin;
		int nargs = (int)call->nkids;
		const struct builtin *b = builtin_get(t->builtin);
		int min = b->min_args, max = b->max_args;
		if (nargs < min || (max >= 0 && nargs > max)) {
			if (min == max)
				return fail(p, ENGINE_ERR_TYPE, call->start, call->end,
					    "%s takes %d argument%s, got %d", t->text,
					    min, min == 1 ? "" : "s", nargs);
			return fail(p, ENGINE_ERR_TYPE, call->start, call->end,
				    "%s takes %d to %d arguments, got %d", t->text,
				    min, max < 0 ? 99 : max, nargs);
		}
		return call;
	}
	if (t->cls == NAME_CONST && t->builtin < 0)
		return new_node(p, N_IDENTITY, t->start, t->end, 0);
	struct node *n = new_node(p, N_NAME, t->start, t->end, 0);
	if (!n)
		return NULL;
	n->name = t->text;
	n->builtin = t->builtin;
	if (t->cls == NAME_UNKNOWN) {
		/* "K = 4": a configuration may name what the scope does not,
		 * but only as the whole left side of an item. */
		const struct token *before = t == p->tok ? NULL : t - 1;
		if (peek(p)->kind == T_ASSIGN && !p->opener &&
		    (!before || before->kind == T_COMMA)) {
			n->free_name = true;
			return n;
		}
		if (!(p->flags & ENGINE_PARSE_OPEN))
			return engine_unknown_name(p->err, p->scope, t->text,
						   t->start, t->end), NULL;
		n->free_name = true;
		if (!record_free_name(p, t->text))
			return fail(p, ENGINE_ERR_MEMORY, t->start, t->end, "no memory");
	}
	return n;
}

/* frac := '\frac' '{' or '}' '{' or '}'   -- LaTeX's numerator over denominator */
static struct node *parse_frac(struct parser *p, const struct token *frac)
{
	struct node *part[2];
	for (int i = 0; i < 2; i++) {
		const struct token *open = next(p);
		if (open->kind == T_NUM && open->end == open->start + 1) {
			/* \frac{1}2: TeX takes the one digit after the group */
			if (!(part[i] = new_node(p, N_NUM, open->start, open->end, 0)))
				return NULL;
			part[i]->num = open->num;
			continue;
		}
		if (open->kind != T_LPAREN || !open->brace)
			return fail(p, ENGINE_ERR_PARSE, open->start, open->end,
				    "\\frac takes two groups in braces: \\frac{a}{b}");
		part[i] = parse_items(p, N_VECTOR, open, T_RPAREN, "}");
		if (!part[i])
			return NULL;
		if (part[i]->nkids != 1)
			return fail(p, ENGINE_ERR_PARSE, open->start, part[i]->end,
				    part[i]->nkids ? "a \\frac group holds one expression"
						   : "an empty \\frac group");
		part[i] = part[i]->kids[0];
		part[i]->parens = true;
	}
	struct node *n = binary(p, N_DIV, part[0], part[1]);
	if (n) {
		n->start = frac->start;
		n->parens = true;  /* \frac{a}{b}c reads as (a/b)·c */
	}
	return n;
}

/* primary := NUMBER | NAME | NAME '(' items ')' | '(' items ')' | '[' ... ']'
 *          | '‖' or '‖' | '|' or '|' | '√' power | STRING */
static struct node *parse_primary(struct parser *p)
{
	const struct token *t = next(p);
	char buf[64];
	struct node *n;
	switch (t->kind) {
	case T_NUM:
		n = new_node(p, N_NUM, t->start, t->end, 0);
		if (n)
			n->num = t->num;
		break;
	case T_NAME:
		n = parse_name(p, t);
		break;
	case T_STRING:
		n = new_node(p, N_STRING, t->start, t->end, 0);
		if (n)
			n->name = t->text;
		break;
	case T_LPAREN:
		n = parse_items(p, N_VECTOR, t, T_RPAREN, t->brace ? "}" : ")");
		if (n && n->nkids == 0)
			n = fail(p, ENGINE_ERR_PARSE, t->start, n->end,
				 t->brace ? "empty braces" : "empty parentheses");
		else if (n && n->nkids == 1) {
			n = n->kids[0];  /* grouping, not a one-item sequence */
			n->parens = true;
		}
		break;
	case T_FRAC:
		n = parse_frac(p, t);
		break;
	case T_LBRACK:
		n = parse_brackets(p, t);
		if (n && n->nkids == 0)
			n = fail(p, ENGINE_ERR_PARSE, t->start, n->end, "empty brackets");
		break;
	case T_NORM:
	case T_BAR: {
		bool norm = t->kind == T_NORM;
		bool saved_sep = p->space_sep;
		const struct token *saved_opener = p->opener;
		p->space_sep = false;
		p->opener = t;
		if (!enter(p, t))
			return NULL;
		if (norm)
			p->norm_open++;
		else
			p->bar_open++;
		struct node *inner = parse_or(p);
		if (norm)
			p->norm_open--;
		else
			p->bar_open--;
		p->space_sep = saved_sep;
		p->opener = saved_opener;
		leave(p);
		if (!inner)
			return NULL;
		const struct token *close = peek(p);
		if (!expect_close(p, t->kind, norm ? "‖" : "|", t))
			return NULL;
		n = new_node(p, norm ? N_NORM : N_ABS, t->start, close->end, 1);
		if (n)
			n->kids[0] = inner;
		break;
	}
	case T_SQRT: {
		struct node *arg = parse_power(p);
		if (!arg)
			return NULL;
		n = new_node(p, N_CALL, t->start, arg->end, 1);
		if (n) {
			n->kids[0] = arg;
			n->name = "sqrt";
			n->builtin = builtin_lookup("sqrt", 4);
		}
		break;
	}
	case T_END:
		if (p->opener) {
			/* "2*(3+": the missing ')' is the more useful news */
			const struct token *o = p->opener;
			const char *closer = o->kind == T_LPAREN ? ")" : o->kind == T_LBRACK ? "]"
					   : o->kind == T_NORM ? "‖" : "|";
			return fail(p, ENGINE_ERR_PARSE, t->start, t->end,
				    "expected '%s' to close '%.*s' opened at column %zu",
				    closer, (int)(o->end - o->start), p->text + o->start,
				    engine_column(p->text, o->start));
		}
		return fail(p, ENGINE_ERR_PARSE, t->start, t->end,
			    p->pos == 0 || t->start == 0 ? "empty expression"
			    : "expected an expression, found end of input");
	default:
		return fail(p, ENGINE_ERR_PARSE, t->start, t->end,
			    "expected an expression, found %s",
			    describe(p, t, buf, sizeof buf));
	}
	return n;
}

/* The transpose letter after ^: T, or t when no variable is called t
 * (the lexer turns both into a name "T" that is not a variable). */
static bool is_T(const struct token *t)
{
	return t->kind == T_NAME && t->cls != NAME_VAR && !strcmp(t->text, "T");
}

/* How many tokens after a '^' at p->pos write a transpose: ^T, ^ᵀ, ^\top,
 * ^{T}, ^(T), ^{\top}; 0 when they write a power. */
static size_t transpose_after_caret(const struct parser *p)
{
	const struct token *a = &p->tok[p->pos + 1];
	if (is_T(a) || a->kind == T_TRANSPOSE)
		return 1;
	if (a->kind != T_LPAREN || a[1].kind == T_END)
		return 0;
	if ((is_T(&a[1]) || a[1].kind == T_TRANSPOSE) && a[2].kind == T_RPAREN)
		return 3;
	return 0;
}

/* postfix := primary ( "'" | "ᵀ" | "^T" | SUPERSCRIPT | INDEX )* */
static struct node *parse_postfix(struct parser *p)
{
	struct node *n = parse_primary(p);
	while (n) {
		const struct token *t = peek(p);
		size_t skip;
		if (t->kind == T_APOS || t->kind == T_TRANSPOSE) {
			next(p);
			n = unary_node(p, N_TRANSPOSE, n->start, n);
			if (n)
				n->end = t->end;
		} else if (t->kind == T_CARET && (skip = transpose_after_caret(p)) > 0) {
			next(p);
			const struct token *last = NULL;
			for (size_t i = 0; i < skip; i++)
				last = next(p);
			n = unary_node(p, N_TRANSPOSE, n->start, n);
			if (n)
				n->end = last->end;
		} else if (t->kind == T_INDEX) {
			/* softmax(z)_j, b_j: component j, for every j */
			next(p);
			n = unary_node(p, N_INDEX, n->start, n);
			if (n) {
				n->end = t->end;
				n->name = p->index;
			}
		} else if (t->kind == T_SUP) {
			next(p);
			struct node *e = new_node(p, N_NUM, t->start, t->end, 0);
			if (!e)
				return NULL;
			e->num = t->num < 0 ? -t->num : t->num;
			if (t->num < 0) {
				e = unary_node(p, N_NEG, t->start, e);
				if (!e)
					return NULL;
			}
			n = binary(p, N_POW, n, e);
		} else {
			break;
		}
	}
	return n;
}

/* power := postfix ( ('^' | '**' | '.^') ('-'|'+')* power )? */
static struct node *parse_power(struct parser *p)
{
	struct node *base = parse_postfix(p);
	if (!base)
		return NULL;
	const struct token *t = peek(p);
	if (t->kind != T_CARET && t->kind != T_DOTCARET)
		return base;
	next(p);
	/* The exponent may carry signs (2^-1) but no implicit product: 2^3x
	 * is 2³·x. */
	const struct token *s = peek(p);
	struct node *e;
	if (s->kind == T_MINUS || s->kind == T_PLUS) {
		next(p);
		struct node *inner = parse_power(p);
		if (!inner)
			return NULL;
		e = s->kind == T_MINUS ? unary_node(p, N_NEG, s->start, inner)
				       : unary_node(p, N_POS, s->start, inner);
	} else {
		e = parse_power(p);
	}
	if (!e)
		return NULL;
	return binary(p, t->kind == T_CARET ? N_POW : N_EPOW, base, e);
}

/* Two number literals side by side are almost always a missing comma or
 * operator; say so rather than multiply. */
static struct node *check_numbers_apart(struct parser *p, const struct node *n,
					const struct token *t)
{
	const struct token *prev = &p->tok[p->pos - 1];
	if (t->kind != T_NUM || (prev->kind != T_NUM && prev->kind != T_SUP))
		return (struct node *)n;
	return fail(p, ENGINE_ERR_PARSE, n->start, t->end,
		    "two numbers side by side: write %.*s·%.*s for a product or (%.*s, %.*s) for a sequence",
		    (int)(prev->end - prev->start), p->text + prev->start,
		    (int)(t->end - t->start), p->text + t->start,
		    (int)(prev->end - prev->start), p->text + prev->start,
		    (int)(t->end - t->start), p->text + t->start);
}

/* Does the next token continue a product by juxtaposition? Only tokens
 * that can begin an operand, and never a string or across the spaces that
 * separate the items of [1 2 5]. */
static bool juxtaposed(const struct parser *p, const struct token *t)
{
	return starts_operand(p, t) && t->kind != T_STRING &&
	       !(p->space_sep && t->space_before);
}

/* x[2], softmax(z)[j], E[x]: brackets right after an operand read as
 * indexing or an expectation to the student, as a product to the grammar.
 * Neither is something an answer can mean safely: say so. */
static struct node *refuse_indexing(struct parser *p, const struct node *n, size_t at,
				    size_t end)
{
	/* a bracketed operand starts at its '(' in the text, before n->start */
	size_t from = n->start;
	while (from > 0 && n->parens && p->text[from - 1] == '(')
		from--;
	if (n->kind == N_NAME && n->builtin < 0 &&
	    (!strcmp(n->name, "E") || !strcmp(n->name, "Var") || !strcmp(n->name, "Cov")))
		return fail(p, ENGINE_ERR_PARSE, from, end,
			    "%s[…] cannot be typed: give the expression it equals", n->name);
	return fail(p, ENGINE_ERR_PARSE, from, end,
		    "%.*s[…] reads as indexing, which answers do not use: for a product "
		    "write %.*s*[…]; for one component, the part says how to write it",
		    (int)(at - from), p->text + from, (int)(at - from), p->text + from);
}

/* implicit := power ( power )*   -- no space between: 2x, (a+b)(a-b) */
static struct node *parse_implicit(struct parser *p)
{
	struct node *n = parse_power(p);
	while (n) {
		const struct token *t = peek(p);
		if (!juxtaposed(p, t) || t->space_before)
			break;
		if (!check_numbers_apart(p, n, t))
			return NULL;
		size_t at = t->start;
		bool bracket = t->kind == T_LBRACK;
		struct node *rhs = parse_power(p);
		if (!rhs)
			return NULL;
		/* one item in brackets after an operand: x[2], softmax(z)[j] */
		if (bracket && rhs->kind == N_VECTOR && rhs->nkids == 1 && n->kind != N_NUM)
			return refuse_indexing(p, n, at, rhs->end);
		n = binary(p, N_IMUL, n, rhs);
	}
	return n;
}

/* unary := ('-' | '+') unary | implicit */
static struct node *parse_unary(struct parser *p)
{
	const struct token *t = peek(p);
	if (t->kind == T_MINUS || t->kind == T_PLUS) {
		next(p);
		struct node *a = parse_unary(p);
		if (!a)
			return NULL;
		return unary_node(p, t->kind == T_MINUS ? N_NEG : N_POS, t->start, a);
	}
	return parse_implicit(p);
}

static bool is_int_literal(const struct node *n)
{
	/* compare before converting: a cast of 1e20 would be undefined */
	return n->kind == N_NUM && n->num >= 0 && n->num <= 1e15 &&
	       n->num == floor(n->num);
}

/* A shape: 128x24x24, or × between integer literals. */
static struct node *extend_shape(struct parser *p, struct node *a, struct node *b)
{
	size_t na = a->kind == N_SHAPE ? a->nkids : 1;
	struct node *s = new_node(p, N_SHAPE, a->start, b->end, na + 1);
	if (!s)
		return NULL;
	if (a->kind == N_SHAPE)
		memcpy(s->kids, a->kids, na * sizeof *s->kids);
	else
		s->kids[0] = a;
	s->kids[na] = b;
	return s;
}

/* A\b, as MATLAB writes the solution of A·x = b: inv(A)·b. */
static struct node *left_division(struct parser *p, struct node *a, struct node *b)
{
	struct node *inv = new_node(p, N_CALL, a->start, a->end, 1);
	if (!inv)
		return NULL;
	inv->kids[0] = a;
	inv->name = "inv";
	inv->builtin = B_INV;
	return binary(p, N_MUL, inv, b);
}

/* product := unary (('*' | '/' | '.*' | './' | '×' | 'x' | ' ') unary)* */
static struct node *parse_product(struct parser *p)
{
	struct node *n = parse_unary(p);
	bool shapes = p->flags & ENGINE_PARSE_SHAPES;
	while (n) {
		const struct token *t = peek(p);
		enum node_kind k;
		switch (t->kind) {
		case T_STAR: k = N_MUL; break;
		case T_DOT: k = N_DOT; break;
		case T_BACKSLASH: k = N_CALL; break;  /* A\b: inv(A)·b, built below */
		case T_SLASH: k = N_DIV; break;
		case T_DOTSTAR: k = N_EMUL; break;
		case T_DOTSLASH: k = N_EDIV; break;
		case T_TIMES: k = N_MUL; break;
		case T_SHAPEX: k = shapes ? N_SHAPE : N_MUL; break;
		default:
			/* "g/‖u‖ (I − P)": a product written with a space binds
			 * like '*', so it multiplies what came before. */
			if (!juxtaposed(p, t) || !t->space_before)
				return n;
			if (!check_numbers_apart(p, n, t))
				return NULL;
			struct node *rhs = parse_unary(p);
			if (!rhs)
				return NULL;
			n = binary(p, N_IMUL, n, rhs);
			if (n)
				n->spaced = true;
			continue;
		}
		next(p);
		struct node *b = parse_unary(p);
		if (!b)
			return NULL;
		/* 128x24x24, 7 × 7: a shape only where the answer may be one;
		 * elsewhere × between numbers is the product README promises. */
		bool shape_left = n->kind == N_SHAPE || (is_int_literal(n) && !n->parens);
		if (shapes && (k == N_SHAPE || t->kind == T_TIMES) && shape_left &&
		    is_int_literal(b) && !b->parens)
			n = extend_shape(p, n, b);
		else if (k == N_SHAPE)
			return fail(p, ENGINE_ERR_PARSE, t->start, b->end,
				    "a shape such as 128x24x24 takes whole numbers only");
		else if (k == N_CALL)
			n = left_division(p, n, b);
		else
			n = binary(p, k, n, b);
	}
	return n;
}

/* additive := product (('+' | '-') product)* */
static struct node *parse_additive(struct parser *p)
{
	struct node *n = parse_product(p);
	while (n) {
		const struct token *t = peek(p);
		if (t->kind != T_PLUS && t->kind != T_MINUS)
			return n;
		/* [1 -2]: a space before the sign and none after starts a new
		 * item of the row. */
		if (p->space_sep && t->space_before && !p->tok[p->pos + 1].space_before)
			return n;
		next(p);
		struct node *b = parse_product(p);
		if (!b)
			return NULL;
		n = binary(p, t->kind == T_PLUS ? N_ADD : N_SUB, n, b);
	}
	return n;
}

/* compare := additive (cmpop additive)? */
static struct node *parse_compare(struct parser *p)
{
	struct node *n = parse_additive(p);
	if (!n)
		return NULL;
	const struct token *t = peek(p);
	enum node_kind k;
	switch (t->kind) {
	case T_ASSIGN: k = N_ASSIGN; break;
	case T_EQ: k = N_EQ; break;
	case T_NE: k = N_NE; break;
	case T_LT: k = N_LT; break;
	case T_LE: k = N_LE; break;
	case T_GT: k = N_GT; break;
	case T_GE: k = N_GE; break;
	default: return n;
	}
	next(p);
	if (k == N_ASSIGN && n->kind == N_NAME) {
		/* K = S = 4: the names share the value, nested to the right */
		struct node *b = parse_compare(p);
		if (!b)
			return NULL;
		if (b->kind > N_ASSIGN && b->kind <= N_GE)
			return fail(p, ENGINE_ERR_PARSE, b->start, b->end,
				    "comparisons do not chain: write a < b and b < c");
		return binary(p, k, n, b);
	}
	struct node *b = parse_additive(p);
	if (!b)
		return NULL;
	const struct token *again = peek(p);
	if (again->kind >= T_ASSIGN && again->kind <= T_GE)
		return fail(p, ENGINE_ERR_PARSE, again->start, again->end,
			    "comparisons do not chain: write a < b and b < c");
	return binary(p, k, n, b);
}

/* not := 'not' not | compare */
static struct node *parse_not(struct parser *p)
{
	const struct token *t = peek(p);
	if (t->kind != T_NOT)
		return parse_compare(p);
	next(p);
	struct node *a = parse_not(p);
	return a ? unary_node(p, N_NOT, t->start, a) : NULL;
}

/* A left-associative chain: operand (op operand)*. */
static struct node *parse_chain(struct parser *p, struct node *(*operand)(struct parser *),
				enum tok_kind op, enum node_kind kind)
{
	struct node *n = operand(p);
	while (n && accept(p, op)) {
		struct node *b = operand(p);
		n = b ? binary(p, kind, n, b) : NULL;
	}
	return n;
}

/* and := not ('and' not)* */
static struct node *parse_and(struct parser *p)
{
	return parse_chain(p, parse_not, T_AND, N_AND);
}

/* or := and ('or' and)* */
static struct node *parse_or(struct parser *p)
{
	return parse_chain(p, parse_and, T_OR, N_OR);
}

/* list := or ((',' | SPACE) or)*   -- "1, 2, 5", "K=4, S=2", "1 2 5" */
static struct node *parse_list(struct parser *p)
{
	p->space_sep = p->flags & ENGINE_PARSE_SPACE_LISTS;
	struct node *first = parse_or(p);
	if (!first || (peek(p)->kind != T_COMMA && !next_item_by_space(p) &&
		       !(p->space_sep && peek(p)->kind == T_SEMI)))
		return first;
	struct nodevec items = { 0 };
	if (!nodevec_push(p, &items, first))
		return NULL;
	while (accept(p, T_COMMA) || next_item_by_space(p) ||
	       (p->space_sep && accept(p, T_SEMI))) {
		struct node *e = parse_or(p);
		if (!e || !nodevec_push(p, &items, e))
			return NULL;
	}
	return from_vec(p, N_TUPLE, first->start, items.v[items.n - 1]->end, &items);
}

/* A label: a name on its own (lambda, (λ), P_j), or a name applied to
 * names in brackets (lambda(p), f(x, y)), as an equation's side that only
 * names the answer. */
static bool is_label(const struct node *n)
{
	if (n->kind == N_INDEX)
		n = n->kids[0];
	if (n->kind == N_NAME)
		return n->builtin < 0;
	if (n->kind != N_IMUL || n->kids[0]->kind != N_NAME || n->kids[0]->builtin >= 0)
		return false;
	const struct node *args = n->kids[1];
	if (!args->parens && args->kind != N_VECTOR)
		return false;
	if (args->kind == N_NAME)
		return true;
	if (args->kind != N_VECTOR)
		return false;
	for (size_t i = 0; i < args->nkids; i++)
		if (args->kids[i]->kind != N_NAME)
			return false;
	return true;
}

bool engine_expr_is_label(const struct engine_expr *e)
{
	return e && e->root && is_label(e->root);
}

static bool is_comparison(const struct node *n)
{
	return n->kind >= N_ASSIGN && n->kind <= N_GE;
}

/* The first name of n that is not in scope (parsed as a free name). */
static const struct node *first_free_name(const struct node *n)
{
	if (n->kind == N_NAME && n->free_name)
		return n;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct node *f = first_free_name(n->kids[i]);
		if (f)
			return f;
	}
	return NULL;
}

/* "lambda = E", "lambda(p) := E", "E = lambda": keep E, remember the
 * label. A side that is itself an equation is not an answer (x = (y = z)
 * stays whole), so reading the printed answer again finds no label. */
static bool take_label(struct parser *p, struct engine_expr *e)
{
	struct node *root = e->root;
	if (root->kind != N_ASSIGN)
		return true;
	struct node *label = NULL, *answer = NULL;
	const struct node *l = root->kids[0], *r = root->kids[1];
	/* a side that names (lambda, λ(p)), or that uses names the part does
	 * not know while the other side uses none (‖u′‖² = …) */
	bool l_label = is_label(l) || (first_free_name(l) && !first_free_name(r));
	bool r_label = is_label(r) || (first_free_name(r) && !first_free_name(l));
	if (l_label && !is_comparison(r)) {
		label = root->kids[0];
		answer = root->kids[1];
	} else if (r_label && !is_comparison(l)) {
		label = root->kids[1];
		answer = root->kids[0];
	}
	if (!label)
		return true;
	/* a bracketed argument's node ends before its ')' */
	size_t end = label->end;
	while (label->kind == N_IMUL && p->text[end] && p->text[end] != '=' &&
	       p->text[end] != ':' && (p->text[end] == ' ' || p->text[end] == ')' ||
				       p->text[end] == '}'))
		end++;
	while (end > label->end && p->text[end - 1] == ' ')
		end--;
	e->label = arena_strndup(p->arena, p->text + label->start, end - label->start);
	e->root = answer;
	return e->label != NULL;
}

/* P(y = j | v) = E: a probability written as the homework writes it, a
 * name and a bracket holding '|' or '=' before the equation's '='. The
 * grammar has no reading for it: it is only a label, skipped as tokens.
 * Returns how many tokens it takes (0: none). */
static size_t conditional_label(const struct token *tok)
{
	if (tok[0].kind != T_NAME || tok[0].cls == NAME_FUNC || tok[1].kind != T_LPAREN)
		return 0;
	size_t k = 1, depth = 0;
	bool odd = false;
	do {
		if (tok[k].kind == T_LPAREN)
			depth++;
		else if (tok[k].kind == T_RPAREN)
			depth--;
		else if (tok[k].kind == T_END)
			return 0;
		else if (tok[k].kind == T_BAR || tok[k].kind == T_ASSIGN)
			odd = true;
		k++;
	} while (depth);
	return odd && tok[k].kind == T_ASSIGN && tok[k + 1].kind != T_END ? k + 1 : 0;
}

struct engine_expr *engine_parse_ex(const char *text, size_t len,
				    const struct engine_scope *scope,
				    const struct engine_parse_options *opt,
				    struct engine_error *err)
{
	struct engine_error scratch;
	static const struct engine_parse_options none = { 0, NULL };
	if (!err)
		err = &scratch;
	if (!opt)
		opt = &none;
	memset(err, 0, sizeof *err);
	if (len > ENGINE_MAX_INPUT) {
		engine_fail(err, ENGINE_ERR_LIMIT, ENGINE_MAX_INPUT, len,
			    "the expression is too long: %zu bytes, the limit is %d",
			    len, ENGINE_MAX_INPUT);
		return NULL;
	}
	struct engine_expr *e = calloc(1, sizeof *e);
	if (!e) {
		engine_fail(err, ENGINE_ERR_MEMORY, 0, len, "no memory");
		return NULL;
	}
	arena_init(&e->arena, 0);
	e->flags = opt->flags;
	if (opt->index && !(e->index = arena_strndup(&e->arena, opt->index, strlen(opt->index))))
		goto fail;
	struct token_list toks;
	if (!lex(text, len, scope, opt, &e->arena, &toks, err))
		goto fail;
	/* A label may use a name the scope does not know (P_ens = …): read
	 * names openly, then refuse a free name left outside the label. */
	bool labels = opt->flags & ENGINE_PARSE_LABELS;
	struct parser p = { .text = text, .tok = toks.tok, .arena = &e->arena,
			    .scope = scope,
			    .flags = opt->flags | (labels ? ENGINE_PARSE_OPEN : 0),
			    .index = e->index, .err = err };
	size_t skip = labels ? conditional_label(toks.tok) : 0;
	if (skip) {
		e->label = arena_strndup(&e->arena, text + toks.tok[0].start,
					 toks.tok[skip - 2].end - toks.tok[0].start);
		p.pos = skip;
		if (!e->label)
			goto fail;
	}
	e->root = parse_list(&p);
	if (!e->root)
		goto fail;
	if (labels && !skip && !take_label(&p, e))
		goto fail;
	if (labels && !(opt->flags & ENGINE_PARSE_OPEN)) {
		const struct node *f = first_free_name(e->root);
		if (f) {
			engine_unknown_name(err, scope, f->name, f->start, f->end);
			goto fail;
		}
		p.n_free = 0;
	}
	const struct token *t = peek(&p);
	if (t->kind != T_END) {
		char buf[64];
		if (t->kind == T_RPAREN || t->kind == T_RBRACK)
			fail(&p, ENGINE_ERR_PARSE, t->start, t->end,
			     "unmatched %s", describe(&p, t, buf, sizeof buf));
		else
			fail(&p, ENGINE_ERR_PARSE, t->start, t->end,
			     "unexpected %s", describe(&p, t, buf, sizeof buf));
		goto fail;
	}
	const struct node *deepest;
	if (engine_nesting(e->root, &deepest) > ENGINE_MAX_DEPTH) {
		engine_fail(err, ENGINE_ERR_LIMIT, deepest->start, deepest->end,
			    "expression nests too deeply (more than %d levels)",
			    ENGINE_MAX_DEPTH);
		goto fail;
	}
	e->free_names = p.free_names;
	e->n_free = p.n_free;
	return e;
fail:
	engine_expr_free(e);
	return NULL;
}

const char *engine_expr_label(const struct engine_expr *e)
{
	return e ? e->label : NULL;
}

struct engine_expr *engine_parse(const char *text, size_t len,
				 const struct engine_scope *scope,
				 struct engine_error *err)
{
	return engine_parse_ex(text, len, scope, NULL, err);
}

struct engine_expr *engine_parse_open(const char *text, size_t len,
				      const struct engine_scope *scope,
				      struct engine_error *err)
{
	struct engine_parse_options opt = { ENGINE_PARSE_OPEN, NULL };
	return engine_parse_ex(text, len, scope, &opt, err);
}
