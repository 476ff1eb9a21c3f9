/* What the engine's modules share and nobody else sees: tokens, the AST,
 * the scope's layout, the evaluator's context and value helpers. */
#ifndef CNNTUTOR_ENGINE_INTERNAL_H
#define CNNTUTOR_ENGINE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "engine.h"

/* ---- errors (error.c) ---- */

/* Fill err (when not NULL) and return false, so callers can write
 * `return engine_fail(err, ...)`. */
bool engine_fail(struct engine_error *err, enum engine_error_kind kind,
		 size_t start, size_t end, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* 1-based column of byte offset `at` in text, counted in code points. */
size_t engine_column(const char *text, size_t at);

/* ---- scope (scope.c) ---- */

struct scope_entry {
	char *name;
	bool declared;
	struct engine_shape shape;
	enum engine_domain domain;
	char *orthogonal_to;
	const char *alias;          /* η for eta and eta for η, else NULL */
	char *decorated;            /* w̄ for wbar, ŷ for yhat, x̃ for xtilde (NFC), else NULL */
	bool bound;
	struct engine_value value;  /* owned copy when bound */
	/* A defined variable (Gamma = diag(diag(X'*X))^½): computed from the
	 * names declared before it wherever it is used. Owned. */
	struct engine_expr *definition;
};

struct engine_scope {
	struct scope_entry *entries;
	size_t n, cap;
	char **dim_names;           /* storage for shape dimension names */
	size_t n_dims;
};

const struct scope_entry *scope_find(const struct engine_scope *s,
				     const char *name, size_t len);
/* Is name[0..len) a dimension name of a declared shape ("n" of vector(n))? */
bool scope_is_dimension_n(const struct engine_scope *s, const char *name,
			  size_t len);
bool scope_is_dimension(const struct engine_scope *s, const char *name);

/* ---- lexer (lexer.c) ---- */

enum tok_kind {
	T_END, T_NUM, T_NAME, T_STRING,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_CARET, T_DOTSTAR, T_DOTSLASH, T_DOTCARET,
	T_TIMES,      /* ×: a product, or a shape between integers */
	T_DOT,        /* · ⋅ \cdot: an inner product between vectors, else a product */
	T_BACKSLASH,  /* A\b: MATLAB's left division, inv(A)·b */
	T_SHAPEX,     /* ASCII x between two integers: 128x24 */
	T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA, T_SEMI,
	T_ASSIGN, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_APOS, T_TRANSPOSE, T_SUP, T_SQRT, T_NORM, T_BAR,
	T_AND, T_OR, T_NOT,
	T_FRAC,       /* LaTeX \frac: two brace groups follow */
	T_INDEX,      /* _j or ⱼ: the component the answer is indexed by */
};

/* What a name token turned out to be. */
enum name_class { NAME_VAR, NAME_FUNC, NAME_CONST, NAME_UNKNOWN };

struct token {
	enum tok_kind kind;
	size_t start, end;        /* bytes in the input */
	bool space_before;
	double num;               /* T_NUM, T_SUP */
	bool is_int;              /* T_NUM with a whole value (7, 7.0), no exponent */
	bool brace;               /* T_LPAREN / T_RPAREN written { } (LaTeX) */
	bool grouped;             /* T_NUM written with digit groups: 73 728 */
	const char *text;         /* T_NAME (normalised: W₁ -> W1), T_STRING */
	enum name_class cls;      /* T_NAME */
	int builtin;              /* T_NAME of a function or constant */
};

struct token_list {
	struct token *tok;
	size_t n;
};

bool lex(const char *text, size_t len, const struct engine_scope *scope,
	 const struct engine_parse_options *opt, struct arena *a,
	 struct token_list *out, struct engine_error *err);

/* LaTeX commands (latex.c): the command at text[pos] ('\\'), turned into
 * tokens or into a name run for lex_name_run; see latex.c. */
struct lexer;
bool lex_latex(struct lexer *lx, bool space);

/* The built-in functions and constants (builtins.def). */
enum builtin_id {
#define BUILTIN(id, name, min, max, flags, fn) id,
#include "builtins.def"
#undef BUILTIN
	B_COUNT
};

enum builtin_flags {
	BF_CONST = 1,        /* a constant: no parentheses, no arguments */
	BF_RAW = 2,          /* evaluates its own arguments */
	BF_STRING_LAST = 4,  /* the last argument may be a string */
};

struct eval_ctx;
struct node;

/* One built-in: args are the evaluated arguments (numbers and matrices;
 * a string only where BF_STRING_LAST allows it), NULL for BF_RAW. The
 * parser has checked the argument count. Returns a value in the
 * evaluation arena, or NULL with ctx->err filled. */
typedef struct engine_value *builtin_fn(struct eval_ctx *ctx, const struct node *n,
					 const struct engine_value *const *args,
					 size_t nargs);

struct builtin {
	const char *name;
	int min_args, max_args;   /* max -1: any number */
	unsigned flags;
	builtin_fn *fn;
};

/* The built-in with this id (0 <= id < B_COUNT). */
const struct builtin *builtin_get(int id);
/* The id of the built-in named name[0..len), or -1. */
int builtin_lookup(const char *name, size_t len);

/* The other spelling of a Greek name (eta for η, η for eta), or NULL;
 * worked out once per declared name, since the lexer asks for every run. */
const char *engine_greek_alias(const char *name);

/* Report an unknown name, with "did you mean" from the scope and the
 * built-ins. Always returns false. */
bool engine_unknown_name(struct engine_error *err,
			 const struct engine_scope *scope, const char *name,
			 size_t start, size_t end);

/* ---- AST (parser.c) ---- */

enum node_kind {
	N_NUM, N_NAME, N_STRING, N_IDENTITY,
	N_NEG, N_POS, N_NOT,
	N_ADD, N_SUB, N_MUL, N_IMUL, N_DOT, N_DIV, N_POW, N_EMUL, N_EDIV, N_EPOW,
	N_AND, N_OR,
	N_ASSIGN, N_EQ, N_NE, N_LT, N_LE, N_GT, N_GE,
	N_TRANSPOSE, N_CALL, N_NORM, N_ABS,
	N_INDEX,    /* x_j: component j of an answer indexed by j (kids[0]) */
	N_VECTOR,   /* (a, b) or [a, b]: a vector, or rows stacked into a matrix */
	N_MATRIX,   /* [a b; c d]: kids are N_VECTOR rows */
	N_TUPLE,    /* a, b at top level: a sequence or a configuration */
	N_SHAPE,    /* 128x24x24: kids are integer N_NUM */
};

struct node {
	enum node_kind kind;
	size_t start, end;
	double num;             /* N_NUM */
	const char *name;       /* N_NAME, N_STRING, N_CALL */
	int builtin;            /* N_CALL, N_NAME of a constant: builtin id */
	bool free_name;         /* N_NAME not in scope (open parse, or assign lhs) */
	bool parens;            /* written inside ( ) or { } by the student */
	bool spaced;            /* N_IMUL written with a space: g u */
	struct node **kids;
	size_t nkids;
};

struct engine_expr {
	struct arena arena;
	struct node *root;
	const char **free_names;
	size_t n_free;
	const char *label;      /* the name an ENGINE_PARSE_LABELS parse dropped */
	unsigned flags;         /* the parse flags it was read with */
	const char *index;      /* the parse's index name, or NULL */
};

/* How deeply the printed form of n nests brackets, and its deepest node
 * (printer.c): the measure ENGINE_MAX_DEPTH limits. */
size_t engine_nesting(const struct node *n, const struct node **deepest);

/* ---- values (value.c) ---- */

struct eval_ctx;

struct engine_value *value_number(struct arena *a, double x);
struct engine_value *value_bool(struct arena *a, bool b);
struct engine_value *value_matrix(struct arena *a, size_t rows, size_t cols);
struct engine_value *value_identity(struct arena *a, double scale);
/* Deep copy into an arena (a NULL arena: malloc'd, freed by
 * engine_value_free). */
struct engine_value *value_copy(struct arena *a, const struct engine_value *v);
/* "3×1", "1×1", "a number", "I", "a shape", ... for messages. */
void value_describe(const struct engine_value *v, char *buf, size_t size);
/* A shape's element count, a 1×1 matrix's entry, a bool as 0/1: the value
 * as one number, or false when it is not one. */
bool value_as_number(const struct engine_value *v, double *x);

/* ---- evaluation (eval.c, builtins*.c) ---- */

struct local_binding {
	const char *name;
	const struct engine_value *value;
};

struct eval_ctx {
	struct arena *arena;
	const struct engine_scope *scope;
	struct local_binding *locals;   /* searched before the scope */
	size_t n_locals;
	size_t steps;
	struct engine_error *err;
};

/* Evaluate n; NULL on error (ctx->err filled). Values live in ctx->arena.
 * A value that is not finite (an overflow, 0·∞) is a Math error at n:
 * no infinity or NaN ever leaves the evaluator. */
struct engine_value *eval_node(struct eval_ctx *ctx, const struct node *n);

/* Charge work; false (with a Limit error at n) past the budget. Every
 * loop over entries charges what it does before doing it. */
bool eval_charge(struct eval_ctx *ctx, const struct node *n, size_t units);

struct engine_value *eval_call(struct eval_ctx *ctx, const struct node *n);

/* Constructors in the evaluation arena. Each charges its size to the step
 * budget and reports its own error (Limit, Out of memory) at n: NULL means
 * ctx->err is filled. */
struct engine_value *eval_number(struct eval_ctx *ctx, const struct node *n,
				 double x);
struct engine_value *eval_bool(struct eval_ctx *ctx, const struct node *n,
			       bool b);
struct engine_value *eval_identity(struct eval_ctx *ctx, const struct node *n,
				   double scale);
struct engine_value *eval_matrix(struct eval_ctx *ctx, const struct node *n,
				 size_t rows, size_t cols);
struct engine_value *eval_copy(struct eval_ctx *ctx, const struct node *n,
			       const struct engine_value *v);

/* Report that the evaluation ran out of memory; returns NULL. */
struct engine_value *eval_oom(struct eval_ctx *ctx, const struct node *n);

/* A whole number in [lo, hi] from an argument; false with a Type error
 * at arg otherwise. */
bool eval_whole(struct eval_ctx *ctx, const struct node *arg,
		const struct engine_value *v, long lo, long hi, long *out);

/* Arithmetic shared by operators and built-ins (ops.c); each reports
 * errors at n. op_arith turns shapes and 1×1 matrices into numbers and
 * refuses strings and truth values. */
const struct engine_value *op_arith(struct eval_ctx *ctx, const struct node *n,
				    const struct engine_value *v);
struct engine_value *op_div(struct eval_ctx *ctx, const struct node *n,
			   const struct engine_value *a,
			   const struct engine_value *b);
struct engine_value *op_pow(struct eval_ctx *ctx, const struct node *n,
			   const struct engine_value *a,
			   const struct engine_value *b);
/* a ⊙ b, a ./ b or a .^ b; numbers broadcast. */
enum ew_op { EW_MUL, EW_DIV, EW_POW };
struct engine_value *op_elementwise(struct eval_ctx *ctx, const struct node *n,
				    const struct engine_value *a,
				    const struct engine_value *b, enum ew_op op);
/* = == != < <= > >=, by n's kind; equality within a relative 1e-9. */
struct engine_value *op_compare(struct eval_ctx *ctx, const struct node *n,
				const struct engine_value *a,
				const struct engine_value *b);
struct engine_value *op_add(struct eval_ctx *ctx, const struct node *n,
			   const struct engine_value *a,
			   const struct engine_value *b, double sign);
struct engine_value *op_mul(struct eval_ctx *ctx, const struct node *n,
			   const struct engine_value *a,
			   const struct engine_value *b);
/* a·b as on paper: the inner product of two vectors of the same length,
 * else the product op_mul takes. */
struct engine_value *op_dot(struct eval_ctx *ctx, const struct node *n,
			   const struct engine_value *a,
			   const struct engine_value *b);
struct engine_value *op_scale(struct eval_ctx *ctx, const struct node *n,
			     const struct engine_value *a, double k);
struct engine_value *op_transpose(struct eval_ctx *ctx, const struct node *n,
				  const struct engine_value *a);
struct engine_value *op_inverse(struct eval_ctx *ctx, const struct node *n,
				const struct engine_value *a);
/* Determinant of a square matrix; *ok false with the error filled. */
double eval_det(struct eval_ctx *ctx, const struct node *n,
		const struct engine_value *a, bool *ok);
/* Turn a scaled identity into a size×size matrix. */
struct engine_value *identity_materialise(struct eval_ctx *ctx, const struct node *n,
					  const struct engine_value *v,
					  size_t size);

/* ---- dense linear algebra (linalg.c): plain loops on row-major data ---- */

/* Gauss-Jordan with partial pivoting: inv = in⁻¹ and *det; false (det 0)
 * when the matrix is singular. work holds n·n doubles. */
bool linalg_invert(const double *in, size_t n, double *inv, double *det,
		   double *work);
/* Is the n×n matrix a symmetric within a relative 1e-12? */
bool linalg_symmetric(const double *a, size_t n);
/* Eigen-decomposition of a symmetric n×n matrix by Jacobi rotations:
 * a = V·diag(values)·Vᵀ, V's columns the eigenvectors (row-major). */
void linalg_eigen_symmetric(const double *a, size_t n, double *values,
			    double *vectors, double *work);

#endif
