/* Inside the course layer: an expected answer as a tree the mutations
 * (mutations.c) can take apart. The engine keeps its syntax tree to itself,
 * so the tree is read back from the engine's own canonical print
 * (engine_expr_print), whose grammar is small and fully bracketed where
 * precedence could surprise, and printed again as text the engine parses:
 * every operator written out, every operand that is not an atom in
 * parentheses, so a mutated tree never reads differently from how it is
 * built.
 *
 * Ownership: every node and string lives in the tree's arena; one
 * course_mtree_free releases them all. */
#ifndef CNNTUTOR_COURSE_MUT_TREE_H
#define CNNTUTOR_COURSE_MUT_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "strbuf.h"

enum mnode_kind {
	MN_LEAF,     /* a number, a name, a string, I, π: text is the token */
	MN_RAW,      /* text the engine parses as it is, printed in parentheses */
	MN_BIN,      /* kid[0] op kid[1]; op as printed: " + ", "·", "/", " == " */
	MN_PRE,      /* op kid[0]: "−", "+", "not ", "√" */
	MN_POST,     /* kid[0] op: "ᵀ", "²", "³", "⁻¹", "_j" */
	MN_CALL,     /* op(kid[0], kid[1], …): op is the function's name */
	MN_VECTOR,   /* [kid, …] */
	MN_MATRIX,   /* [row; row]: each kid an MN_ROW */
	MN_ROW,
	MN_NORM,     /* ‖kid‖ */
	MN_ABS,      /* |kid| */
	MN_TUPLE,    /* kid, kid, … at the top */
};

struct mnode {
	enum mnode_kind kind;
	const char *op;        /* token, operator or function name (see above) */
	struct mnode **kid;
	size_t n;
	const char *text;      /* the node printed (course_mtree_print), cached */
};

struct mtree {
	struct arena arena;
	struct mnode *root;
};

/* Read the canonical print of an expression into t. False when the text
 * holds something the reader does not know (the mutations of that part
 * are then skipped: no name is better than a wrong one). */
bool course_mtree_parse(struct mtree *t, const char *text);
void course_mtree_free(struct mtree *t);

/* New nodes in t's arena (NULL when out of memory). */
struct mnode *course_mnode(struct mtree *t, enum mnode_kind kind, const char *op,
			   struct mnode *a, struct mnode *b);

/* What a print replaces: the node from by to, or (all) every node printed
 * like from, but only inside within (NULL: anywhere). to is printed
 * without substitution, so it may hold from itself. */
struct msub {
	const struct mnode *from, *to, *within;
	bool all;
};

/* Append n printed, with sub's substitution (NULL: none). */
void course_mtree_print(struct strbuf *sb, const struct mnode *n, const struct msub *sub);

/* Cache each node's printed text (after building or changing nodes). */
bool course_mtree_cache(struct mtree *t, struct mnode *n);

/* Is n an atom: printed without parentheses wherever it stands? */
bool course_mnode_atom(const struct mnode *n);

#endif
