/* The expected answer as a tree for the mutations: see mut_tree.h. The
 * reader follows the engine printer's levels (printer.c), lowest first:
 *
 *   list    := or (", " or)*
 *   or      := and (" or " and)*
 *   and     := not (" and " not)*
 *   not     := "not " not | cmp
 *   cmp     := add [cmp-op add]             one comparison, never a chain
 *   add     := mul ((" + " | " − ") mul)*
 *   mul     := unary (("·" | "*" | "/" | " ⊙ " | " ./ " | "×") unary)*
 *   unary   := ("−" | "+") unary | "√" unary | pow
 *   pow     := postfix [("^" | ".^") pow]
 *   postfix := atom ("ᵀ" | "²" | "³" | "⁻¹" | "_" NAME)*
 *   atom    := NUMBER | NAME | STRING | NAME "(" list ")" | "(" list ")"
 *            | "[" items (";" items)* [";"] "]" | "‖" list "‖" | "|" list "|"
 */
#include <string.h>

#include "mut_tree.h"

/* ---- tokens ----------------------------------------------------------------- */

enum tok { T_END, T_NUM, T_NAME, T_STR, T_OP, T_BAD };

struct reader {
	struct mtree *t;
	const char *s;
	enum tok tok;
	const char *start;     /* the current token */
	size_t len;
	int depth;
};

/* Operators as the printer writes them, longest first where one starts
 * another. */
static const char *const ops[] = {
	"⁻¹", "==", "./", ".^", "·", "*", "/", "+", "−", "-", "⊙", "^", "²", "³",
	"ᵀ", "‖", "|", "√", "(", ")", "[", "]", ",", ";", "=", "≠", "<", "≤", ">",
	"≥", "×", "_",
};

static size_t op_at(const char *s)
{
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
		size_t n = strlen(ops[i]);
		if (!strncmp(s, ops[i], n))
			return n;
	}
	return 0;
}

static bool name_byte(const char *s, bool first)
{
	unsigned char c = (unsigned char)*s;
	if (c >= 0x80)
		return op_at(s) == 0;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	/* log_softmax: an underscore inside a name, before a letter or digit */
	if (!first && c == '_') {
		unsigned char d = (unsigned char)s[1];
		return (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9');
	}
	return !first && c >= '0' && c <= '9';
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static void next(struct reader *r)
{
	while (*r->s == ' ')
		r->s++;
	const char *s = r->s;
	r->start = s;
	size_t n = 0;
	if (!*s) {
		r->tok = T_END;
	} else if (digit(*s) || (*s == '.' && digit(s[1]))) {
		while (digit(s[n]) || s[n] == '.')
			n++;
		if ((s[n] == 'e' || s[n] == 'E') &&
		    (digit(s[n + 1]) || ((s[n + 1] == '-' || s[n + 1] == '+') && digit(s[n + 2])))) {
			n += 2;
			while (digit(s[n]))
				n++;
		}
		r->tok = T_NUM;
	} else if (*s == '"') {
		n = 1;
		while (s[n] && s[n] != '"')
			n++;
		r->tok = s[n] ? T_STR : T_BAD;
		n += s[n] != '\0';
	} else if ((n = op_at(s)) > 0) {
		r->tok = T_OP;
	} else if (name_byte(s, true)) {
		while (s[n] && name_byte(s + n, n == 0))
			n++;
		r->tok = T_NAME;
	} else {
		r->tok = T_BAD;
		n = 1;
	}
	r->len = n;
	r->s = s + n;
}

static bool is(const struct reader *r, const char *op)
{
	return (r->tok == T_OP || r->tok == T_NAME) && r->len == strlen(op) &&
	       !strncmp(r->start, op, r->len);
}

static const char *token(struct reader *r)
{
	return arena_strndup(&r->t->arena, r->start, r->len);
}

/* ---- nodes ------------------------------------------------------------------ */

struct mnode *course_mnode(struct mtree *t, enum mnode_kind kind, const char *op,
			   struct mnode *a, struct mnode *b)
{
	struct mnode *n = arena_calloc(&t->arena, 1, sizeof *n);
	if (!n)
		return NULL;
	n->kind = kind;
	n->op = op;
	size_t k = (a != NULL) + (b != NULL);
	if (k) {
		n->kid = arena_calloc(&t->arena, k, sizeof *n->kid);
		if (!n->kid)
			return NULL;
		if (a)
			n->kid[n->n++] = a;
		if (b)
			n->kid[n->n++] = b;
	}
	return n;
}

/* Append kid to a list node (a call's arguments, a vector's items). */
static bool add_kid(struct mtree *t, struct mnode *n, struct mnode *kid)
{
	if (!kid)
		return false;
	struct mnode **k = arena_alloc(&t->arena, (n->n + 1) * sizeof *k);
	if (!k)
		return false;
	if (n->n)
		memcpy(k, n->kid, n->n * sizeof *k);
	k[n->n++] = kid;
	n->kid = k;
	return true;
}

/* ---- the grammar (see the top of the file) ---------------------------------- */

static struct mnode *list(struct reader *r);
static struct mnode *unary(struct reader *r);

/* A deeper nesting than the engine allows never comes from its printer. */
enum { MAX_DEPTH = 200 };

static struct mnode *binary(struct reader *r, struct mnode *a, const char *op,
			    struct mnode *(*operand)(struct reader *))
{
	next(r);
	struct mnode *b = operand(r);
	return a && b ? course_mnode(r->t, MN_BIN, op, a, b) : NULL;
}

/* items separated by ',' into n, up to (not over) the closing token */
static bool items(struct reader *r, struct mnode *n, struct mnode *(*item)(struct reader *))
{
	for (;;) {
		if (!add_kid(r->t, n, item(r)))
			return false;
		if (!is(r, ","))
			return true;
		next(r);
	}
}

static struct mnode *or_expr(struct reader *r);

static struct mnode *atom(struct reader *r)
{
	struct mnode *n = NULL;
	if (++r->depth > MAX_DEPTH)
		return NULL;
	if (r->tok == T_NUM || r->tok == T_STR) {
		n = course_mnode(r->t, MN_LEAF, token(r), NULL, NULL);
		next(r);
	} else if (r->tok == T_NAME && !is(r, "and") && !is(r, "or") && !is(r, "not")) {
		const char *name = token(r);
		next(r);
		if (is(r, "(")) {
			next(r);
			n = course_mnode(r->t, MN_CALL, name, NULL, NULL);
			if (n && !is(r, ")") && !items(r, n, or_expr))
				n = NULL;
			if (!is(r, ")"))
				n = NULL;
			next(r);
		} else {
			n = course_mnode(r->t, MN_LEAF, name, NULL, NULL);
		}
	} else if (is(r, "(")) {
		next(r);
		n = list(r);
		if (!is(r, ")"))
			n = NULL;
		next(r);
	} else if (is(r, "‖") || is(r, "|")) {
		bool norm = is(r, "‖");
		next(r);
		struct mnode *k = list(r);
		if (!is(r, norm ? "‖" : "|"))
			return NULL;
		next(r);
		n = course_mnode(r->t, norm ? MN_NORM : MN_ABS, NULL, k, NULL);
		if (!k)
			n = NULL;
	} else if (is(r, "[")) {
		next(r);
		struct mnode *m = course_mnode(r->t, MN_MATRIX, NULL, NULL, NULL);
		struct mnode *row = course_mnode(r->t, MN_ROW, NULL, NULL, NULL);
		bool rows = false;
		if (!m || !row || !items(r, row, or_expr))
			return NULL;
		while (is(r, ";")) {
			rows = true;
			next(r);
			if (!add_kid(r->t, m, row))
				return NULL;
			row = NULL;
			if (is(r, "]"))
				break;
			row = course_mnode(r->t, MN_ROW, NULL, NULL, NULL);
			if (!row || !items(r, row, or_expr))
				return NULL;
		}
		if (!is(r, "]"))
			return NULL;
		next(r);
		if (!rows) {
			row->kind = MN_VECTOR;
			n = row;
		} else if (!row || add_kid(r->t, m, row)) {
			n = m;
		}
	}
	r->depth--;
	return n;
}

static struct mnode *postfix(struct reader *r)
{
	struct mnode *n = atom(r);
	while (n) {
		if (is(r, "ᵀ") || is(r, "²") || is(r, "³") || is(r, "⁻¹")) {
			n = course_mnode(r->t, MN_POST, token(r), n, NULL);
			next(r);
		} else if (is(r, "_")) {
			next(r);
			if (r->tok != T_NAME)
				return NULL;
			struct strbuf sb = STRBUF_INIT;
			strbuf_printf(&sb, "_%.*s", (int)r->len, r->start);
			const char *op = arena_strndup(&r->t->arena, strbuf_str(&sb), sb.len);
			strbuf_free(&sb);
			n = op ? course_mnode(r->t, MN_POST, op, n, NULL) : NULL;
			next(r);
		} else {
			break;
		}
	}
	return n;
}

static struct mnode *power(struct reader *r)
{
	struct mnode *n = postfix(r);
	if (is(r, "^") || is(r, ".^"))
		return binary(r, n, is(r, "^") ? "^" : ".^", power);
	return n;
}

static struct mnode *unary(struct reader *r)
{
	if (++r->depth > MAX_DEPTH)
		return NULL;
	struct mnode *n;
	if (is(r, "−") || is(r, "-") || is(r, "+") || is(r, "√")) {
		const char *op = is(r, "+") ? "+" : is(r, "√") ? "√" : "−";
		next(r);
		struct mnode *k = unary(r);
		n = k ? course_mnode(r->t, MN_PRE, op, k, NULL) : NULL;
	} else {
		n = power(r);
	}
	r->depth--;
	return n;
}

static struct mnode *mul(struct reader *r)
{
	static const char *const mops[][2] = {
		{ "·", "·" }, { "*", "*" }, { "/", "/" }, { "⊙", " ⊙ " }, { "./", " ./ " },
		{ "×", "×" },
	};
	struct mnode *n = unary(r);
	for (;;) {
		size_t i = 0;
		while (i < sizeof mops / sizeof *mops && !is(r, mops[i][0]))
			i++;
		if (i == sizeof mops / sizeof *mops || !n)
			return n;
		n = binary(r, n, mops[i][1], unary);
	}
}

static struct mnode *add(struct reader *r)
{
	struct mnode *n = mul(r);
	while (n && (is(r, "+") || is(r, "−") || is(r, "-")))
		n = binary(r, n, is(r, "+") ? " + " : " − ", mul);
	return n;
}

static struct mnode *cmp(struct reader *r)
{
	static const char *const cops[][2] = {
		{ "==", " == " }, { "=", " = " }, { "≠", " ≠ " }, { "<", " < " },
		{ "≤", " ≤ " }, { ">", " > " }, { "≥", " ≥ " },
	};
	struct mnode *n = add(r);
	for (size_t i = 0; n && i < sizeof cops / sizeof *cops; i++)
		if (is(r, cops[i][0])) {
			n = binary(r, n, cops[i][1], add);
			/* a chain (K = S = 4) nests to the right in the engine:
			 * leave such a part without mutations */
			for (size_t j = 0; n && j < sizeof cops / sizeof *cops; j++)
				if (is(r, cops[j][0]))
					return NULL;
			break;
		}
	return n;
}

static struct mnode *not_expr(struct reader *r)
{
	if (!is(r, "not"))
		return cmp(r);
	if (++r->depth > MAX_DEPTH)
		return NULL;
	next(r);
	struct mnode *k = not_expr(r);
	r->depth--;
	return k ? course_mnode(r->t, MN_PRE, "not ", k, NULL) : NULL;
}

static struct mnode *and_expr(struct reader *r)
{
	struct mnode *n = not_expr(r);
	while (n && is(r, "and"))
		n = binary(r, n, " and ", not_expr);
	return n;
}

static struct mnode *or_expr(struct reader *r)
{
	struct mnode *n = and_expr(r);
	while (n && is(r, "or"))
		n = binary(r, n, " or ", and_expr);
	return n;
}

static struct mnode *list(struct reader *r)
{
	struct mnode *n = or_expr(r);
	if (!n || !is(r, ","))
		return n;
	struct mnode *t = course_mnode(r->t, MN_TUPLE, NULL, n, NULL);
	while (t && is(r, ",")) {
		next(r);
		if (!add_kid(r->t, t, or_expr(r)))
			return NULL;
	}
	return t;
}

bool course_mtree_parse(struct mtree *t, const char *text)
{
	arena_init(&t->arena, 0);
	t->root = NULL;
	struct reader r = { t, text, T_END, text, 0, 0 };
	next(&r);
	struct mnode *n = list(&r);
	if (!n || r.tok != T_END || !course_mtree_cache(t, n))
		return false;
	t->root = n;
	return true;
}

void course_mtree_free(struct mtree *t)
{
	if (t)
		arena_release(&t->arena);
}

/* ---- printing ---------------------------------------------------------------- */

bool course_mnode_atom(const struct mnode *n)
{
	switch (n->kind) {
	case MN_LEAF: case MN_RAW: case MN_CALL: case MN_VECTOR: case MN_MATRIX:
	case MN_NORM: case MN_ABS:
		return true;
	default:
		return false;
	}
}

static void print(struct strbuf *sb, const struct mnode *n, const struct msub *sub,
		  bool active);

static void wrapped(struct strbuf *sb, const struct mnode *n, bool parens,
		    const struct msub *sub, bool active)
{
	if (parens)
		strbuf_putc(sb, '(');
	print(sb, n, sub, active);
	if (parens)
		strbuf_putc(sb, ')');
}

/* Is n printed as sub->to? As the very node from, or as any node printed
 * like it, inside the part of the tree the substitution is for. */
static bool replaced(const struct mnode *n, const struct msub *sub, bool active)
{
	if (!sub || !sub->from)
		return false;
	if (n == sub->from)
		return true;
	return active && sub->all && n->text && sub->from->text && !strcmp(n->text, sub->from->text);
}

static void print(struct strbuf *sb, const struct mnode *n, const struct msub *sub,
		  bool active)
{
	active = active || (sub && n == sub->within);
	if (replaced(n, sub, active)) {
		/* an atom needs no brackets, anything else keeps its place */
		wrapped(sb, sub->to, !course_mnode_atom(sub->to), NULL, false);
		return;
	}
	switch (n->kind) {
	case MN_LEAF:
		strbuf_append(sb, n->op);
		break;
	case MN_RAW:
		strbuf_printf(sb, "(%s)", n->op);
		break;
	case MN_BIN:
		wrapped(sb, n->kid[0], !course_mnode_atom(n->kid[0]), sub, active);
		strbuf_append(sb, n->op);
		wrapped(sb, n->kid[1], !course_mnode_atom(n->kid[1]), sub, active);
		break;
	case MN_PRE:
		strbuf_append(sb, n->op);
		wrapped(sb, n->kid[0], !strcmp(n->op, "√") || !course_mnode_atom(n->kid[0]),
			sub, active);
		break;
	case MN_POST:
		wrapped(sb, n->kid[0], !course_mnode_atom(n->kid[0]), sub, active);
		strbuf_append(sb, n->op);
		break;
	case MN_NORM:
	case MN_ABS:
		strbuf_append(sb, n->kind == MN_NORM ? "‖" : "|");
		/* bars cannot nest in text: anything but a leaf in brackets */
		wrapped(sb, n->kid[0], n->kid[0]->kind != MN_LEAF, sub, active);
		strbuf_append(sb, n->kind == MN_NORM ? "‖" : "|");
		break;
	case MN_CALL:
	case MN_VECTOR:
	case MN_ROW:
	case MN_TUPLE:
		if (n->kind == MN_CALL)
			strbuf_printf(sb, "%s(", n->op);
		else if (n->kind == MN_VECTOR)
			strbuf_putc(sb, '[');
		for (size_t i = 0; i < n->n; i++) {
			if (i)
				strbuf_append(sb, ", ");
			print(sb, n->kid[i], sub, active);
		}
		if (n->kind == MN_CALL)
			strbuf_putc(sb, ')');
		else if (n->kind == MN_VECTOR)
			strbuf_putc(sb, ']');
		break;
	case MN_MATRIX:
		strbuf_putc(sb, '[');
		for (size_t i = 0; i < n->n; i++) {
			if (i)
				strbuf_append(sb, "; ");
			print(sb, n->kid[i], sub, active);
		}
		strbuf_append(sb, n->n == 1 ? ";]" : "]");
		break;
	}
}

void course_mtree_print(struct strbuf *sb, const struct mnode *n, const struct msub *sub)
{
	print(sb, n, sub, sub && !sub->within);
}

bool course_mtree_cache(struct mtree *t, struct mnode *n)
{
	for (size_t i = 0; i < n->n; i++)
		if (!course_mtree_cache(t, n->kid[i]))
			return false;
	struct strbuf sb = STRBUF_INIT;
	print(&sb, n, NULL, false);
	n->text = sb.oom ? NULL : arena_strndup(&t->arena, strbuf_str(&sb), sb.len);
	strbuf_free(&sb);
	return n->text != NULL;
}
