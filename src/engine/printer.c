/* The printer: an AST back to canonical Unicode text.
 *
 * Products print with '·' whether typed or implied, so the reader sees how
 * the input was understood, and parentheses go wherever precedence could
 * surprise: 1/2x prints as 1/(2·x), -2^2 as −(2²), a/b/c as (a/b)/c. The
 * output always parses back to an equal expression. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "strbuf.h"

enum level {
	L_LIST, L_OR, L_AND, L_NOT, L_CMP, L_ADD, L_MUL, L_UNARY, L_POW,
	L_POSTFIX, L_ATOM,
};

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
	case N_MUL: case N_IMUL: case N_DIV: case N_EMUL: case N_SHAPE: return L_MUL;
	case N_NEG: case N_POS: return L_UNARY;
	case N_POW: case N_EPOW: return L_POW;
	case N_TRANSPOSE: return L_POSTFIX;
	case N_NUM: return n->num < 0 ? L_UNARY : L_ATOM;
	default: return L_ATOM;
	}
}

static void print_node(struct strbuf *sb, const struct node *n);

static void print_wrapped(struct strbuf *sb, const struct node *n, bool parens)
{
	if (parens)
		strbuf_putc(sb, '(');
	print_node(sb, n);
	if (parens)
		strbuf_putc(sb, ')');
}

/* A child printed at or above the level `min`, else in parentheses. */
static void print_child(struct strbuf *sb, const struct node *n, enum level min)
{
	print_wrapped(sb, n, level_of(n) < min);
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

static bool small_int(const struct node *n, double *v)
{
	if (n->kind == N_NUM && (n->num == 2 || n->num == 3)) {
		*v = n->num;
		return true;
	}
	if (n->kind == N_NEG && n->kids[0]->kind == N_NUM && n->kids[0]->num == 1) {
		*v = -1;
		return true;
	}
	return false;
}

/* Bars cannot nest in text (||x| - 1| lexes as a norm), so a norm or
 * absolute value around other bars prints as norm(...). */
static bool has_bars(const struct node *n)
{
	if (n->kind == N_NORM || n->kind == N_ABS)
		return true;
	for (size_t i = 0; i < n->nkids; i++)
		if (has_bars(n->kids[i]))
			return true;
	return false;
}

static void print_items(struct strbuf *sb, const struct node *n,
			const char *open, const char *close)
{
	strbuf_append(sb, open);
	for (size_t i = 0; i < n->nkids; i++) {
		if (i)
			strbuf_append(sb, ", ");
		print_child(sb, n->kids[i], L_OR);
	}
	strbuf_append(sb, close);
}

static void print_binary(struct strbuf *sb, const struct node *n, const char *op,
			 enum level left_min, enum level right_min)
{
	print_child(sb, n->kids[0], left_min);
	strbuf_append(sb, op);
	print_child(sb, n->kids[1], right_min);
}

static void print_node(struct strbuf *sb, const struct node *n)
{
	double e;
	switch (n->kind) {
	case N_NUM: print_number(sb, n->num); break;
	case N_NAME: strbuf_append(sb, n->builtin >= 0 ? "π" : n->name); break;
	case N_STRING: strbuf_printf(sb, "\"%s\"", n->name); break;
	case N_IDENTITY: strbuf_append(sb, "I"); break;
	case N_NEG:
	case N_POS:
		strbuf_append(sb, n->kind == N_NEG ? "−" : "+");
		/* −(2²) rather than −2², which reads as (−2)²; −−x needs none */
		print_wrapped(sb, n->kids[0], level_of(n->kids[0]) < L_UNARY ||
			      n->kids[0]->kind == N_POW || n->kids[0]->kind == N_EPOW);
		break;
	case N_NOT:
		strbuf_append(sb, "not ");
		print_child(sb, n->kids[0], L_NOT);
		break;
	case N_AND: print_binary(sb, n, " and ", L_AND, L_NOT); break;
	case N_OR: print_binary(sb, n, " or ", L_OR, L_AND); break;
	case N_ASSIGN: print_binary(sb, n, " = ", L_ADD, L_ADD); break;
	case N_EQ: print_binary(sb, n, " == ", L_ADD, L_ADD); break;
	case N_NE: print_binary(sb, n, " ≠ ", L_ADD, L_ADD); break;
	case N_LT: print_binary(sb, n, " < ", L_ADD, L_ADD); break;
	case N_LE: print_binary(sb, n, " ≤ ", L_ADD, L_ADD); break;
	case N_GT: print_binary(sb, n, " > ", L_ADD, L_ADD); break;
	case N_GE: print_binary(sb, n, " ≥ ", L_ADD, L_ADD); break;
	case N_ADD: print_binary(sb, n, " + ", L_ADD, L_MUL); break;
	case N_SUB: print_binary(sb, n, " − ", L_ADD, L_MUL); break;
	case N_MUL:
	case N_IMUL:
		/* A division on the left reads ambiguously: (a/b)·c. */
		print_wrapped(sb, n->kids[0], level_of(n->kids[0]) < L_MUL ||
			      n->kids[0]->kind == N_DIV);
		strbuf_append(sb, "·");
		print_child(sb, n->kids[1], L_UNARY + 1);
		break;
	case N_EMUL:
		print_wrapped(sb, n->kids[0], level_of(n->kids[0]) < L_MUL ||
			      n->kids[0]->kind == N_DIV);
		strbuf_append(sb, " ⊙ ");
		print_child(sb, n->kids[1], L_UNARY + 1);
		break;
	case N_DIV:
		print_wrapped(sb, n->kids[0], level_of(n->kids[0]) < L_MUL ||
			      n->kids[0]->kind == N_DIV);
		strbuf_append(sb, "/");
		print_child(sb, n->kids[1], L_UNARY + 1);
		break;
	case N_POW:
		if (small_int(n->kids[1], &e)) {
			print_child(sb, n->kids[0], L_ATOM);
			strbuf_append(sb, e == 2 ? "²" : e == 3 ? "³" : "⁻¹");
			break;
		}
		/* fall through */
	case N_EPOW:
		print_child(sb, n->kids[0], L_ATOM);
		strbuf_append(sb, n->kind == N_POW ? "^" : ".^");
		/* right operand: an atom, a signed atom, or parenthesised */
		print_child(sb, n->kids[1], L_ATOM);
		break;
	case N_TRANSPOSE:
		print_child(sb, n->kids[0], L_POSTFIX);
		strbuf_append(sb, "ᵀ");
		break;
	case N_NORM:
	case N_ABS:
		if (has_bars(n->kids[0])) {
			/* |x| of a number equals its norm; of a vector it is one */
			strbuf_append(sb, "norm(");
			print_node(sb, n->kids[0]);
			strbuf_putc(sb, ')');
			break;
		}
		strbuf_append(sb, n->kind == N_NORM ? "‖" : "|");
		print_node(sb, n->kids[0]);
		strbuf_append(sb, n->kind == N_NORM ? "‖" : "|");
		break;
	case N_CALL:
		if (!strcmp(n->name, "sqrt")) {
			strbuf_append(sb, "√");
			print_wrapped(sb, n->kids[0], true);
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
			if (r)
				strbuf_append(sb, "; ");
			for (size_t c = 0; c < n->kids[r]->nkids; c++) {
				if (c)
					strbuf_append(sb, ", ");
				print_child(sb, n->kids[r]->kids[c], L_OR);
			}
		}
		/* [1, 2, 3;] is a one-row matrix; without the ';' a vector */
		strbuf_append(sb, n->nkids == 1 ? ";]" : "]");
		break;
	case N_TUPLE:
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				strbuf_append(sb, ", ");
			print_child(sb, n->kids[i], L_OR);
		}
		break;
	case N_SHAPE:
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				strbuf_append(sb, "×");
			print_node(sb, n->kids[i]);
		}
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
