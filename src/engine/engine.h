/* The evaluation engine: parse what a student types, evaluate it, print it
 * back, and decide whether two expressions are equal.
 *
 * No I/O and no global mutable state: every function is re-entrant, so tests,
 * the fuzzer and the tutor can use it side by side.
 *
 * Ownership, in one place:
 *   - engine_scope_new / engine_parse / engine_eval / engine_*_print return
 *     objects or strings the caller owns; free them with the matching
 *     *_free (or free() for strings). Every free accepts NULL.
 *   - A parsed expression keeps no pointer into the scope or the input text,
 *     so either may be freed first.
 *
 * Syntax in brief (content/README.md has the full table):
 *   numbers 2, 0.5, 1e-4; + - * / ^ ** with -2^2 = -4 and 2^3^2 = 512;
 *   implicit products 2P, 2(x+1), (a+b)(a-b), g u: written without a space
 *   they bind tighter than * and / (1/2x is 1/(2·x)), with a space like *
 *   (1/2 x is (1/2)·x, g/‖u‖ (I − P) is (g/‖u‖)·(I − P)); Unicode × · ÷ − √ π ² ³ ⁻¹ ᵀ ⊙ ‖u‖ W₁;
 *   sequences (1, 2, 5), [1, 2, 5], [1 2 5]; matrices [[1,2],[3,4]], [1 2; 3 4];
 *   u' u^T uᵀ; .* ⊙; ‖u‖ ||u|| norm(u) |x|; shapes 128x24x24;
 *   configurations K=4, S=2, P=1; a = b, a == b, <, <=, >, >=, and, or, not;
 *   strings "full" for conv. */
#ifndef CNNTUTOR_ENGINE_H
#define CNNTUTOR_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- errors ------------------------------------------------------------ */

/* Error categories and the word that starts their message, declared once. */
#define ENGINE_ERROR_KINDS(X)                                  \
	X(ENGINE_OK, "OK")                                         \
	X(ENGINE_ERR_PARSE, "Parse error")                         \
	X(ENGINE_ERR_NAME, "Name error")                           \
	X(ENGINE_ERR_TYPE, "Type error")                           \
	X(ENGINE_ERR_DIMENSION, "Dimension error")                 \
	X(ENGINE_ERR_MATH, "Math error")                           \
	X(ENGINE_ERR_LIMIT, "Limit")                               \
	X(ENGINE_ERR_MEMORY, "Out of memory")

enum engine_error_kind {
#define X(id, word) id,
	ENGINE_ERROR_KINDS(X)
#undef X
};

/* Where and what went wrong. start/end are byte offsets into the text that
 * was parsed ([start, end), end == start marks a point such as end of input). */
struct engine_error {
	enum engine_error_kind kind;
	size_t start, end;
	char message[240];
};

/* "Parse error", "Dimension error", ... */
const char *engine_error_kind_name(enum engine_error_kind kind);

/* "<Kind>: <message>\n  <input>\n  <spaces>^^^\n", the caret line under the
 * offending range, measured in code points so it lines up in a UTF-8
 * terminal. Caller frees. */
char *engine_error_format(const char *input, const struct engine_error *err);

/* ---- limits -------------------------------------------------------------- */

#define ENGINE_MAX_INPUT 4096          /* bytes of one expression */
#define ENGINE_MAX_DEPTH 64            /* nesting of brackets and operators */
#define ENGINE_MAX_ELEMENTS 65536      /* elements in one matrix */
#define ENGINE_MAX_STEPS 2000000       /* evaluation work units */
#define ENGINE_MAX_MEMORY (64u << 20)  /* bytes of intermediate values */
#define ENGINE_MAX_VARIABLES 64        /* unbound variables in one equivalence check */

/* ---- values -------------------------------------------------------------- */

enum engine_value_kind {
	ENGINE_NUMBER,    /* real scalar */
	ENGINE_BOOL,
	ENGINE_MATRIX,    /* rows×cols; a vector is rows×1 */
	ENGINE_SHAPE,     /* 128×24×24: dims, usable as the number of elements */
	ENGINE_IDENTITY,  /* scale·I whose size comes from context */
	ENGINE_STRING,    /* only as a function argument ("full") */
};

struct engine_value {
	enum engine_value_kind kind;
	double number;       /* NUMBER, BOOL (0/1), IDENTITY (its scale) */
	size_t rows, cols;   /* MATRIX */
	double *data;        /* MATRIX, row-major, rows*cols */
	size_t ndims;        /* SHAPE */
	double *dims;        /* SHAPE */
	char *text;          /* STRING */
};

void engine_value_free(struct engine_value *v);
/* A copy the caller frees with engine_value_free; NULL when out of memory
 * (or v is NULL). */
struct engine_value *engine_value_copy(const struct engine_value *v);

/* For a vector (n×1 or 1×n matrix): its length, else 0. */
size_t engine_value_vector_length(const struct engine_value *v);

/* Plain printed form: 73728, (1, 2, 5), [[1, 2], [3, 4]], true, 128×24×24.
 * Numbers print with up to 10 significant digits. Caller frees. */
char *engine_value_print(const struct engine_value *v);

/* ---- names in scope ------------------------------------------------------ */

/* How random values are drawn for a variable in equivalence checks. */
enum engine_domain {
	ENGINE_DOMAIN_REAL,      /* uniform in [-2, 2] */
	ENGINE_DOMAIN_POSITIVE,  /* uniform in [0.5, 3] */
	ENGINE_DOMAIN_UNIT,      /* uniform in [0.1, 0.9]: a probability */
	ENGINE_DOMAIN_BINARY,    /* each entry 0 or 1 */
	ENGINE_DOMAIN_INTEGER,   /* integers in [1, 9] */
};

/* The shape of a declared variable. A dimension is a fixed number or the
 * name of a dimension ("n") that equivalence checks instantiate at several
 * random sizes; the same name means the same size everywhere. */
struct engine_dim {
	unsigned size;       /* used when name is NULL or empty */
	const char *name;
};

enum engine_shape_kind { ENGINE_SCALAR, ENGINE_VECTOR, ENGINE_MAT };

struct engine_shape {
	enum engine_shape_kind kind;
	struct engine_dim rows;  /* VECTOR: the length */
	struct engine_dim cols;  /* MAT only */
};

/* A set of names: variables (with shapes, for parsing and equivalence) and
 * bound values (for evaluation: the givens of a question). */
struct engine_scope;

struct engine_scope *engine_scope_new(void);
void engine_scope_free(struct engine_scope *s);

/* Declare a variable. Declared names are what the lexer splits identifier
 * runs into (with W1 declared, "W1" is one name and "2W1" is 2·W1).
 * orthogonal_to, when not NULL, names a declared vector this one is drawn
 * orthogonal to. Returns false for a bad name or out of memory. */
bool engine_scope_declare(struct engine_scope *s, const char *name,
			  struct engine_shape shape, enum engine_domain domain,
			  const char *orthogonal_to);

/* Declare a variable defined by an expression of the names declared
 * before it ("Gamma" as "diag(diag(X'*X))^(1/2)"): equivalence checks
 * compute it from the values drawn for those names, and evaluation from
 * their bound values. False with err filled for a bad name, a name already
 * declared, or text that does not parse. */
bool engine_scope_define(struct engine_scope *s, const char *name,
			 struct engine_shape shape, const char *text,
			 struct engine_error *err);

/* Bind a value to a name (declaring it if needed). The scope copies v. */
bool engine_scope_bind(struct engine_scope *s, const char *name,
		       const struct engine_value *v);
bool engine_scope_bind_number(struct engine_scope *s, const char *name,
			      double x);

/* Parse SHAPE text as the command line writes it: "scalar", "vector(n)",
 * "vector(3)", "matrix(n,m)", "matrix(3, d)". Dimension names are copied
 * into storage owned by the scope. Returns false and fills err otherwise. */
bool engine_scope_parse_shape(struct engine_scope *s, const char *text,
			      struct engine_shape *shape,
			      struct engine_error *err);

/* Every name the scope knows, declared or bound, for tab completion and
 * "did you mean". Pointers stay valid until the scope changes. */
size_t engine_scope_names(const struct engine_scope *s, const char **out,
			  size_t max);

/* Names of the built-in functions and constants (NULL-terminated). */
const char *const *engine_builtin_names(void);

/* ---- expressions --------------------------------------------------------- */

struct engine_expr;

/* How to read a text: options that depend on what the answer is for. */
enum engine_parse_flags {
	/* Unknown names become free variables (engine_parse_open). */
	ENGINE_PARSE_OPEN = 1 << 0,
	/* × and x between whole numbers write a shape (128x24x24); without
	 * this flag they multiply, as everywhere in arithmetic. */
	ENGINE_PARSE_SHAPES = 1 << 1,
	/* Spaces separate items at the top level and inside ( ), as inside
	 * [ ]: "1 2 5 8" and "(1 2 5 8)" are sequences. */
	ENGINE_PARSE_SPACE_LISTS = 1 << 2,
	/* "73 728" (a space or a thin space before each group of exactly three
	 * digits) is one number. */
	ENGINE_PARSE_DIGIT_GROUPS = 1 << 3,
	/* "lambda = E", "lambda(p) = E", "E = lambda": an equation whose one
	 * side is only a name (with arguments) reads as E. */
	ENGINE_PARSE_LABELS = 1 << 4,
};

struct engine_parse_options {
	unsigned flags;          /* enum engine_parse_flags */
	/* The index the answer is written for ("j" in softmax(z)_j), or NULL:
	 * x_j, xⱼ and x_{j} then stand for the whole vector x. */
	const char *index;
};

/* Parse text[0..len) against the names in scope (scope may be NULL) with
 * the options (NULL: none). On failure returns NULL and fills err. */
struct engine_expr *engine_parse_ex(const char *text, size_t len,
				    const struct engine_scope *scope,
				    const struct engine_parse_options *opt,
				    struct engine_error *err);

/* The label an ENGINE_PARSE_LABELS parse dropped ("lambda"), or NULL. */
const char *engine_expr_label(const struct engine_expr *e);

/* Parse text[0..len) against the names in scope (scope may be NULL).
 * On failure returns NULL and fills err. */
struct engine_expr *engine_parse(const char *text, size_t len,
				 const struct engine_scope *scope,
				 struct engine_error *err);

/* Like engine_parse, but an identifier run no declared name covers becomes
 * one free variable instead of an error; the names are reported through
 * engine_expr_free_names. Used by `cnntutor equiv` without --var. */
struct engine_expr *engine_parse_open(const char *text, size_t len,
				      const struct engine_scope *scope,
				      struct engine_error *err);

void engine_expr_free(struct engine_expr *e);

/* Names the expression uses that are neither built-in nor in scope at parse
 * time (only engine_parse_open produces these). */
size_t engine_expr_free_names(const struct engine_expr *e, const char **out,
			      size_t max);

/* Canonical Unicode text, parenthesised wherever precedence could surprise:
 * 1/2x prints as 1/(2·x). Re-parsing it gives an equal expression. */
char *engine_expr_print(const struct engine_expr *e);

/* Evaluate. Names resolve to the values bound in scope. On success *out is
 * a new value the caller frees. */
bool engine_eval(const struct engine_expr *e, const struct engine_scope *scope,
		 struct engine_value **out, struct engine_error *err);

/* engine_eval that also reports the evaluation steps spent (the fuzz
 * target checks that steps bound the time an evaluation takes). */
bool engine_eval_counted(const struct engine_expr *e,
			 const struct engine_scope *scope,
			 struct engine_value **out, struct engine_error *err,
			 size_t *steps);

/* Parse and evaluate in one call. */
bool engine_eval_text(const char *text, const struct engine_scope *scope,
		      struct engine_value **out, struct engine_error *err);

/* ---- structure of an answer ---------------------------------------------- */

/* A configuration such as "K=4, S=2, P=1": when the expression is a list of
 * NAME = EXPR items (or a single one), evaluate each right-hand side as a
 * number and report the pairs in order. Returns the number of pairs, or -1
 * with err filled when the text is not of that form or a value is not a
 * number. Names point into the expression. */
struct engine_binding {
	const char *name;
	double value;
	size_t start, end;  /* byte range of the item in the input */
};
int engine_expr_bindings(const struct engine_expr *e,
			 const struct engine_scope *scope,
			 struct engine_binding *out, size_t max,
			 struct engine_error *err);

/* When the expression is a list of numbers ("2, 3") or one number, their
 * values in order; -1 when it is not (a name, an assignment, a vector). */
int engine_expr_values(const struct engine_expr *e,
		       const struct engine_scope *scope, double *out, size_t max);

/* When the expression is "NAME = EXPR" (lambda = (1-p)/p), the name and the
 * right-hand side as a new expression; otherwise NULL. */
struct engine_expr *engine_expr_rhs(const struct engine_expr *e,
				    const char **lhs_name);

/* Another plausible reading of an answer, where a human may read the text
 * differently from the grammar: "1/2x" is 1/(2·x) but may mean (1/2)·x,
 * "1-p/p" is 1 − p/p but may mean (1 − p)/p, "u v" of two vectors is
 * their inner product but may mean u·vᵀ. */
struct engine_reading {
	struct engine_expr *expr;  /* the other reading; owned */
	char *shown;               /* its canonical print (how to type it); owned */
	const char *what;          /* "a product written right after '/'"; static */
};

/* Up to max other readings of e, one ambiguous spot changed in each;
 * returns how many. Free each with engine_reading_clear. */
size_t engine_expr_readings(const struct engine_expr *e,
			    const struct engine_scope *scope,
			    struct engine_reading *out, size_t max);
void engine_reading_clear(struct engine_reading *r);

/* The sides of an equation written as the answer, a = b (= c …), each a
 * new expression (caller frees each); 0 when e is not one. At most max. */
size_t engine_expr_equation_sides(const struct engine_expr *e,
				  struct engine_expr **out, size_t max);

/* Is the expression only a name, or a name applied to names (lambda,
 * lambda(p)): what labels an equation's answer? */
bool engine_expr_is_label(const struct engine_expr *e);

/* When the expression is only numbers multiplied with '*' or '×' (7*7),
 * those numbers in order (a shape part may have been typed so); else 0. */
size_t engine_expr_product_factors(const struct engine_expr *e, double *out, size_t max);

/* Does the expression use the name? */
bool engine_expr_uses(const struct engine_expr *e, const char *name);

/* True when the top of the expression is a shape literal (128x24x24). */
bool engine_expr_is_shape(const struct engine_expr *e);

/* ---- equivalence --------------------------------------------------------- */

enum engine_equiv_mode {
	ENGINE_EQUIV_EXACT,
	ENGINE_EQUIV_FACTOR,    /* answer = c·expected for one constant c > 0 */
	ENGINE_EQUIV_ADDITIVE,  /* answer = expected + c for one constant c */
};

enum engine_verdict {
	ENGINE_EQUIVALENT,
	ENGINE_NOT_EQUIVALENT,
	ENGINE_CANNOT_COMPARE,  /* too few points where both are defined */
};

struct engine_equiv_options {
	enum engine_equiv_mode mode;
	uint64_t seed;        /* same seed, same points, same verdict */
	unsigned points;      /* points per dimension instantiation; 0: default 6 */
	unsigned sizes;       /* dimension instantiations; 0: default 3 */
	double rel_tol;       /* 0: default 1e-7 */
	double abs_tol;       /* floor near zero; 0: default 1e-9 */
};

struct engine_equiv_result {
	enum engine_verdict verdict;
	unsigned points_checked;
	unsigned round;          /* the size instantiation decided in (0: first) */
	/* For NOT_EQUIVALENT: the point, "n = 3, x = 0.25, u = (1, 2, 3)" (only
	 * what the answer uses, four significant digits, whole values only),
	 * and both values; for CANNOT_COMPARE: why. A dimension mismatch names
	 * both shapes. */
	char detail[1024];
	/* The answer could not be evaluated at a point where the expected one
	 * could: its error, with a byte range into the answer's text. */
	bool answer_failed;
	struct engine_error answer_error;
	bool shape_differs;      /* the two gave values of different shapes */
};

/* Decide whether answer equals expected for the variables declared in
 * scope, by evaluation at seeded random points. Values bound in scope (the
 * givens) are used as they are; declared variables without a value are
 * drawn at random. Returns false only for an internal failure (memory). */
bool engine_equiv(const struct engine_expr *expected,
		  const struct engine_expr *answer,
		  const struct engine_scope *scope,
		  const struct engine_equiv_options *opt,
		  struct engine_equiv_result *res);

#endif
