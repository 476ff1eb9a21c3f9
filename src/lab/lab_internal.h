/* What the lab files share and callers do not see: building a result,
 * reading parameters by name, numbers as text, a seeded generator, and a
 * little linear algebra. */
#ifndef CNNTUTOR_LAB_INTERNAL_H
#define CNNTUTOR_LAB_INTERNAL_H

#include <stdarg.h>

#include "arena.h"
#include "lab.h"

/* ---- errors ---- */

/* Fill err (if not NULL) and return false. */
bool lab_fail(struct lab_error *err, enum lab_error_kind kind, const char *param,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- the kinds (one file each) ---- */

extern const struct lab_kind lab_kind_conv;
extern const struct lab_kind lab_kind_stack;
extern const struct lab_kind lab_kind_taps;
extern const struct lab_kind lab_kind_dropout;
extern const struct lab_kind lab_kind_ensemble;
extern const struct lab_kind lab_kind_weightnorm;
extern const struct lab_kind lab_kind_whitened;

/* ---- reading parameters (names must exist: asserted) ---- */

long lab_param_int(const struct lab_params *p, const char *name);
double lab_param_real(const struct lab_params *p, const char *name);
/* The entries of a REALS parameter; *n gets their count. */
const double *lab_param_reals(const struct lab_params *p, const char *name, size_t *n);
/* The index of the chosen word in a CHOICE parameter's choices. */
int lab_param_choice(const struct lab_params *p, const char *name);
bool lab_param_flag(const struct lab_params *p, const char *name);
const char *lab_param_text(const struct lab_params *p, const char *name);

/* ---- building a result ---- */

struct lab_result {
	const struct lab_kind *kind;
	char *title;
	size_t nblocks, cap;
	struct lab_block *blocks;
	struct arena arena;         /* every string and array of the result */
	bool oom;
};

struct lab_result *lab_result_new(const struct lab_kind *kind);
/* Zeroed memory in the result's arena, freed with it; NULL (and the
 * result marked) when out of memory. */
void *lab_alloc(struct lab_result *r, size_t count, size_t size);
/* Copies in the result's memory ("" when out of memory, recorded). */
char *lab_strdup(struct lab_result *r, const char *s);
char *lab_printf(struct lab_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void lab_set_title(struct lab_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A text block; lab_line appends one formatted line (nothing when t is
 * NULL: the failure is already recorded). */
struct lab_text *lab_add_text(struct lab_result *r, const char *title, bool shown);
void lab_line(struct lab_result *r, struct lab_text *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A table of nrows rows; add its columns before filling them. Builders
 * return NULL when out of memory (the result remembers it, and lab_run
 * reports it): LAB_NEED turns that into the lab's failure. */
#define LAB_NEED(p, err)                                                  \
	do {                                                                  \
		if (!(p))                                                         \
			return lab_fail((err), LAB_ERR_MEMORY, NULL, "out of memory"); \
	} while (0)

struct lab_table *lab_add_table(struct lab_result *r, const char *name,
				const char *title, size_t nrows, bool shown);
/* The new column's nrows cells: numbers start as NaN (empty), text as "".
 * A table holds at most LAB_MAX_COLUMNS columns. */
#define LAB_MAX_COLUMNS 24
double *lab_add_num_column(struct lab_result *r, struct lab_table *t,
			   const char *name, int digits);
char **lab_add_text_column(struct lab_result *r, struct lab_table *t, const char *name);

struct lab_plot *lab_add_plot(struct lab_result *r, const char *name,
			      const char *title, const char *xlabel,
			      const char *ylabel, bool shown);
/* A series of n points; band asks for lo/hi arrays too. A plot holds at
 * most LAB_MAX_SERIES series. */
#define LAB_MAX_SERIES 12
struct lab_series *lab_add_series(struct lab_result *r, struct lab_plot *p,
				  const char *label, size_t n, bool band);

/* A series whose x are first, first + 1, ... and whose y are a copy of
 * y[0..n). */
struct lab_series *lab_add_indexed_series(struct lab_result *r, struct lab_plot *p,
					  const char *label, const double *y, size_t n,
					  double first);
/* "(1, 2, 5)" with digits significant digits, in the result's memory. */
char *lab_vector_text(struct lab_result *r, const double *v, size_t n, int digits);

/* ---- numbers as text, independent of the locale ---- */

/* Parse a whole string as one number ("1e-4", "-1.5"); false for anything
 * else, NaN and infinities included. */
bool lab_parse_number(const char *s, size_t len, double *out);
/* %.*g with a '.' decimal point whatever the locale; out holds 32 bytes. */
void lab_format_g(char out[32], double v, int digits);
/* The shortest %g form that reads back to the same double. */
void lab_format_exact(char out[32], double v);
/* Split "1, 2 3" at commas and blanks into at most max numbers. Returns
 * the count; -1 for a bad or missing item (*bad its offset, *badlen its
 * length, 0 when missing); -2 when there are more than max. */
int lab_parse_numbers(const char *s, double *out, int max, size_t *bad, size_t *badlen);

/* Append s with every non-ASCII character replaced by its ASCII stand-in
 * ("‖" "||", "η" "eta", "·" "*"; '?' for one the labs never use). The
 * characters of diagrams all fold to one character, keeping columns. */
void lab_fold_ascii(struct strbuf *out, const char *s);

/* ---- a seeded generator: the same numbers on every machine ---- */

struct lab_rng {
	uint64_t state;
};

void lab_rng_seed(struct lab_rng *g, uint64_t seed, uint64_t stream);
uint64_t lab_rng_next(struct lab_rng *g);
double lab_rng_uniform(struct lab_rng *g);       /* [0, 1) */
double lab_rng_normal(struct lab_rng *g);        /* N(0, 1) */

/* ---- linear algebra on small dense row-major matrices ---- */

/* Solve A x = b for n×n A (n <= 16); false when A is singular to working
 * precision. A and b are not changed. */
bool lab_solve(size_t n, const double *A, const double *b, double *x);
/* Lower-triangular L with A = L Lᵀ for a symmetric positive-definite n×n
 * A (n <= 16); false when A is not positive definite. */
bool lab_cholesky(size_t n, const double *A, double *L);

/* ---- axes, shared by the canvas and SVG ---- */

#define LAB_MAX_TICKS 16

struct lab_axis {
	double lo, hi;              /* the drawn range */
	bool log;                   /* log10 scale; lo, hi > 0 */
	int nticks;
	double ticks[LAB_MAX_TICKS];
	char labels[LAB_MAX_TICKS][16];
};

/* Ticks inside [lo, hi] at 1, 2 or 5 times a power of ten, at most
 * max_ticks of them (at least 2). A log axis ticks the powers of ten
 * (adding 2 and 5 times them when there are few). */
void lab_axis_make(struct lab_axis *a, double lo, double hi, bool log, int max_ticks);
/* Where v falls on the axis: 0 at lo, 1 at hi. */
double lab_axis_frac(const struct lab_axis *a, double v);
/* The data range of a plot: x over every series, y over every series and
 * band with 3 % to spare (or the fixed range). False when there is no
 * finite point. */
bool lab_plot_range(const struct lab_plot *p, double *xlo, double *xhi,
		    double *ylo, double *yhi);
/* Clip the segment (x0,y0)-(x1,y1) to the unit square; false when nothing
 * of it is inside. */
bool lab_clip_unit(double *x0, double *y0, double *x1, double *y1);

/* ---- the windows of one configuration on a 1-D input ---- */

/* Each tap enumerated: window starts 0, S, 2S, ... on the padded input,
 * taps every D + 1 positions; reads[i] counts the taps on input pixel i. */
struct lab_windows {
	int width;                  /* W */
	struct lab_config cfg;
	int span;                   /* K_eff */
	int padded;                 /* W + 2P */
	int out;                    /* number of windows */
	int remainder;              /* (W + 2P - K_eff) mod S */
	int unread;                 /* input pixels no tap reads */
	int *reads;                 /* width counts, in the result's memory */
};

/* Checks the configuration (lab_config_check) and enumerates. */
bool lab_windows_compute(struct lab_result *r, int width,
			 const struct lab_config *cfg, struct lab_windows *w,
			 struct lab_error *err);
/* "0, 2, 61, 63" (or "none") for the unread pixels, in the result's memory. */
char *lab_windows_unread_list(struct lab_result *r, const struct lab_windows *w);

/* ---- q6.c's network, shared with its gradient test ---- */

/* LAB_WN_FEATURES → hidden tanh → LAB_WN_CLASSES softmax, both layers
 * weight-normalised per unit. theta holds U (hidden×features), g1, c1
 * (hidden each), V (classes×hidden), g2, c2 (classes each). */
#define LAB_WN_FEATURES 8
#define LAB_WN_CLASSES 4
#define LAB_WN_MAX_HIDDEN 64

size_t lab_wn_theta_size(size_t hidden);
/* The cross-entropy summed over the examples batch[0..nbatch) of X (rows
 * of LAB_WN_FEATURES) and labels. With grad, also its gradient in theta's
 * layout: ∇ᵤL = (g/‖u‖)(I − ûûᵀ)∇_wL per unit, without the factor when
 * !scale and without the projection when !project. */
double lab_wn_loss_grad(size_t hidden, const double *theta, const double *X,
			const int *labels, const size_t *batch, size_t nbatch,
			double *grad, bool scale, bool project);

#endif
