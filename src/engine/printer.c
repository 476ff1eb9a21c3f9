/* The printer: an AST back to canonical Unicode text.
 *
 * Products print with '·' whether typed or implied, so the reader sees how
 * the input was understood, and parentheses go wherever precedence could
 * surprise: 1/2x prints as 1/(2·x), -2^2 as −(2²), a/b/c as (a/b)/c. The
 * output always parses back to an equal expression.
 *
 * Whether a child is bracketed is decided in one place, wrap_child, which
 * also gives the nesting measure the parser limits (engine_nesting): the
 * printed text of an accepted expression is therefore always accepted. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "strbuf.h"

enum level {
	L_LIST, L_OR, L_AND, L_NOT, L_CMP, L_ADD, L_MUL, L_UNARY,
	L_PREFIX,   /* √x: binds over a power (√x² is √(x²)) */
	L_POW, L_POSTFIX, L_ATOM,
};

static bool is_sqrt(const struct node *n)
{
	return n->kind == N_CALL && !strcmp(n->name, "sqrt");
}

static enum level level_of(const struct node *n)
{
	switch (n->kind) {
	case N_TUPLE: return L_LIST;
	case N_OR: return L_OR;
	case N_AND: return L_AND;
	case N_NOT: return L_NOT;
	case N_ASSIGN: case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT:
	case N_GE: return L_CMP;
	case N_ADD: case N_SUB: return L_ADD;
	case N_MUL: case N_IMUL: case N_DOT: case N_DIV: case N_EMUL: case N_EDIV:
	case N_SHAPE:
		return L_MUL;
	case N_NEG: case N_POS: return L_UNARY;
	case N_POW: case N_EPOW: return L_POW;
	case N_TRANSPOSE: case N_INDEX: return L_POSTFIX;
	case N_CALL: return is_sqrt(n) ? L_PREFIX : L_ATOM;
	default: return L_ATOM;
	}
}

/* Bars cannot nest in text (||x| - 1| lexes as a norm): inside a norm or
 * an absolute value, other bars go in parentheses. */
static bool has_bars(const struct node *n)
{
	if (n->kind == N_NORM || n->kind == N_ABS)
		return true;
	for (size_t i = 0; i < n->nkids; i++)
		if (has_bars(n->kids[i]))
			return true;
	return false;
}

/* x², x³, x⁻¹: exponents printed as superscripts. */
static bool superscript(const struct node *e, const char **text)
{
	if (e->kind == N_NUM && (e->num == 2 || e->num == 3)) {
		*text = e->num == 2 ? "²" : "³";
		return true;
	}
	if (e->kind == N_NEG && e->kids[0]->kind == N_NUM && e->kids[0]->num == 1) {
		*text = "⁻¹";
		return true;
	}
	return false;
}

static bool below(const struct node *kid, enum level min)
{
	return level_of(kid) < min;
}

/* Is child i of n printed inside parentheses? */
static bool wrap_child(const struct node *n, size_t i)
{
	const struct node *k = n->kids[i];
	const char *sup;
	switch (n->kind) {
	case N_NEG:
	case N_POS:
		/* −(2²) rather than −2², which reads as (−2)²; −−x needs none */
		return below(k, L_UNARY) || k->kind == N_POW || k->kind == N_EPOW;
	case N_NOT: return below(k, L_NOT);
	case N_AND: return below(k, i == 0 ? L_AND : L_NOT);
	case N_OR: return below(k, i == 0 ? L_OR : L_AND);
	case N_ASSIGN: case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT:
	case N_GE:
		/* K = S = 4 reads back as the same chain, nested to the right */
		if (n->kind == N_ASSIGN && i == 1 && k->kind == N_ASSIGN &&
		    n->kids[0]->kind == N_NAME)
			return false;
		return below(k, L_ADD);
	case N_ADD: case N_SUB: return below(k, i == 0 ? L_ADD : L_MUL);
	case N_MUL: case N_IMUL: case N_DOT: case N_EMUL: case N_EDIV: case N_DIV:
		/* A division on the left reads ambiguously: (a/b)·c. */
		if (i == 0)
			return below(k, L_MUL) || k->kind == N_DIV;
		return below(k, L_PREFIX);
	case N_POW:
		if (i == 1 && superscript(k, &sup))
			return false;
		return below(k, L_ATOM);
	case N_EPOW: return below(k, L_ATOM);
	case N_TRANSPOSE: case N_INDEX: return below(k, L_POSTFIX);
	case N_NORM: case N_ABS: return has_bars(k);
	case N_CALL: return is_sqrt(n) || below(k, L_OR);
	case N_VECTOR: case N_TUPLE: return below(k, L_OR);
	default: return false;  /* N_MATRIX rows, N_SHAPE dimensions */
	}
}

/* Does n put its children inside brackets of its own? */
static bool brackets_kids(const struct node *n)
{
	switch (n->kind) {
	case N_CALL: return !is_sqrt(n);
	case N_VECTOR: case N_MATRIX: case N_NORM: case N_ABS: return true;
	default: return false;
	}
}

size_t engine_nesting(const struct node *n, const struct node **deepest)
{
	size_t best = 0;
	*deepest = n;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct node *kid = n->kids[i];
		const struct node *d;
		size_t k;
		if (n->kind == N_MATRIX) {
			/* the rows share the matrix's one pair of brackets */
			k = 1 + engine_nesting(kid, &d) - (kid->nkids ? 1 : 0);
		} else {
			k = engine_nesting(kid, &d) + wrap_child(n, i) + brackets_kids(n);
		}
		if (k > best) {
			best = k;
			*deepest = d;
		}
	}
	/* Signs print without brackets but still nest: −−−…x counts. */
	if (n->kind == N_NEG || n->kind == N_POS || n->kind == N_NOT) {
		best++;
		if (*deepest == n->kids[0])
			*deepest = n;
	}
	return best;
}

static void print_node(struct strbuf *sb, const struct node *n);

static void print_kid(struct strbuf *sb, const struct node *n, size_t i)
{
	bool parens = wrap_child(n, i);
	if (parens)
		strbuf_putc(sb, '(');
	print_node(sb, n->kids[i]);
	if (parens)
		strbuf_putc(sb, ')');
}

static void print_number(struct strbuf *sb, double x)
{
	char buf[40];
	/* Shortest form that reads back to the same double. */
	for (int prec = 10; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, x);
		double back;
		if (sscanf(buf, "%lf", &back) == 1 && back == x)
			break;
	}
	strbuf_append(sb, buf);
}

static void print_items(struct strbuf *sb, const struct node *n,
			const char *open, const char *close)
{
	strbuf_append(sb, open);
	for (size_t i = 0; i < n->nkids; i++) {
		if (i)
			strbuf_append(sb, ", ");
		print_kid(sb, n, i);
	}
	strbuf_append(sb, close);
}

static void print_binary(struct strbuf *sb, const struct node *n, const char *op)
{
	print_kid(sb, n, 0);
	strbuf_append(sb, op);
	print_kid(sb, n, 1);
}

static const char *binary_op(enum node_kind k)
{
	switch (k) {
	case N_AND: return " and ";
	case N_OR: return " or ";
	case N_ASSIGN: return " = ";
	case N_EQ: return " == ";
	case N_NE: return " ≠ ";
	case N_LT: return " < ";
	case N_LE: return " ≤ ";
	case N_GT: return " > ";
	case N_GE: return " ≥ ";
	case N_ADD: return " + ";
	case N_SUB: return " − ";
	case N_DOT: return "·";
	case N_EMUL: return " ⊙ ";
	case N_EDIV: return " ./ ";
	case N_DIV: return "/";
	case N_EPOW: return ".^";
	default: return NULL;
	}
}

/* A product prints as '·' where that cannot mean an inner product (a
 * number on one side: 2·x, 128·24·24); between two other operands as '*',
 * the matrix product it is, since u·v of vectors would read back as their
 * inner product. */
static const char *product_op(const struct node *n)
{
	return n->kids[0]->kind == N_NUM || n->kids[1]->kind == N_NUM ? "·" : "*";
}

static void print_node(struct strbuf *sb, const struct node *n)
{
	const char *op = n->kind == N_MUL || n->kind == N_IMUL ? product_op(n)
		: binary_op(n->kind), *sup;
	if (op) {
		print_binary(sb, n, op);
		return;
	}
	switch (n->kind) {
	case N_NUM: print_number(sb, n->num); break;
	case N_NAME:
		/* a constant: π for pi, its name for the others (e) */
		strbuf_append(sb, n->builtin < 0 ? n->name : n->builtin == B_PI ? "π"
			      : builtin_get(n->builtin)->name);
		break;
	case N_STRING: strbuf_printf(sb, "\"%s\"", n->name); break;
	case N_IDENTITY: strbuf_append(sb, "I"); break;
	case N_NEG:
	case N_POS:
		strbuf_append(sb, n->kind == N_NEG ? "−" : "+");
		print_kid(sb, n, 0);
		break;
	case N_NOT:
		strbuf_append(sb, "not ");
		print_kid(sb, n, 0);
		break;
	case N_POW:
		print_kid(sb, n, 0);
		if (superscript(n->kids[1], &sup)) {
			strbuf_append(sb, sup);
		} else {
			strbuf_append(sb, "^");
			print_kid(sb, n, 1);
		}
		break;
	case N_TRANSPOSE:
		print_kid(sb, n, 0);
		strbuf_append(sb, "ᵀ");
		break;
	case N_INDEX:
		print_kid(sb, n, 0);
		strbuf_printf(sb, "_%s", n->name ? n->name : "j");
		break;
	case N_NORM:
	case N_ABS:
		strbuf_append(sb, n->kind == N_NORM ? "‖" : "|");
		print_kid(sb, n, 0);
		strbuf_append(sb, n->kind == N_NORM ? "‖" : "|");
		break;
	case N_CALL:
		if (is_sqrt(n)) {
			strbuf_append(sb, "√");
			print_kid(sb, n, 0);
			break;
		}
		strbuf_append(sb, n->name);
		print_items(sb, n, "(", ")");
		break;
	case N_VECTOR:
		print_items(sb, n, "[", "]");
		break;
	case N_MATRIX:
		strbuf_putc(sb, '[');
		for (size_t r = 0; r < n->nkids; r++) {
			const struct node *row = n->kids[r];
			if (r)
				strbuf_append(sb, "; ");
			for (size_t c = 0; c < row->nkids; c++) {
				if (c)
					strbuf_append(sb, ", ");
				print_kid(sb, row, c);
			}
		}
		/* [1, 2, 3;] is a one-row matrix; without the ';' a vector */
		strbuf_append(sb, n->nkids == 1 ? ";]" : "]");
		break;
	case N_TUPLE:
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				strbuf_append(sb, ", ");
			print_kid(sb, n, i);
		}
		break;
	case N_SHAPE:
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				strbuf_append(sb, "×");
			print_node(sb, n->kids[i]);
		}
		break;
	default:
		break;
	}
}

char *engine_expr_print(const struct engine_expr *e)
{
	struct strbuf sb = STRBUF_INIT;
	if (e && e->root)
		print_node(&sb, e->root);
	return strbuf_steal(&sb);
}
