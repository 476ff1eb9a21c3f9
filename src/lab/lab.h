/* Labs: small experiments that let a student see and test the mathematics
 * of a question, computed here and drawn by the caller.
 *
 * The contract, for `cnntutor lab` now and for the tutor and the lessons
 * later:
 *
 *  - A lab kind (struct lab_kind) is one row of a registry: its name
 *    ("taps"), the question it belongs to by default ("q3"), a title and its
 *    parameters (struct lab_param: name, type, default, range, a one-line
 *    help). Command-line options, a parameter editor screen and help text
 *    are all built from that one table; nothing else knows a lab's
 *    parameters. lab_kind_for("q3.a.ii") finds the lab of a part.
 *
 *  - Parameters are NAME=VALUE strings, as a lesson's YAML declares
 *    them: lab: {kind: weightnorm, params: ["lr=-4,-3,-2,-1.5,-1"]}.
 *    lab_params_set checks a value against its own rule at once (type,
 *    range, syntax) and keeps the old value when it refuses, so an editor
 *    can reject a keystroke with the rule it breaks. Rules that tie
 *    parameters together (a kernel wider than the padded input) are
 *    checked by lab_run.
 *
 *  - A q3 part opens its lab on the student's last configuration answer:
 *    pass the answer as the "config" parameter ("K=2, S=3, P=2, D=1").
 *    Names may repeat and the last one wins, so a caller can put the
 *    part's fixed givens first: "K=8, D=0, " followed by the answer.
 *
 *  - lab_run computes into a struct lab_result: blocks in reading order,
 *    each a text block (facts, or a fixed-width diagram), a table (named
 *    columns of numbers or text) or a plot (named series of (x, y) points,
 *    optionally with a band). The same seed gives the same numbers on
 *    every machine. Every lab computes in well under 50 ms at its defaults
 *    (bench/bench_lab.c), so a screen can recompute after every edit.
 *
 *  - Renderers are pure functions that append to a struct strbuf: the text
 *    view, CSV, SVG. lab_plot_draw draws a plot into a struct lab_canvas, a
 *    plain width×height grid of one-column cells that a curses screen
 *    copies cell by cell; on a resize, draw into a canvas of the new size.
 *    A --plain front end uses lab_render_text with plots off and their
 *    values as tables; a full screen draws every plot first. Nothing in
 *    this layer touches a file, a terminal or the locale's settings.
 *
 * Text in results and renderers is UTF-8; the text renderer and the canvas
 * fall back to ASCII on request (struct lab_view.ascii). Numbers in tables,
 * CSV and SVG take a '.' decimal point whatever the locale; text lines are
 * formatted with printf, so a caller keeps LC_NUMERIC at "C" (cmd_lab
 * does) for the same in them.
 *
 * Ownership: lab_params_new and lab_run return objects the caller frees with
 * lab_params_free and lab_result_free (both accept NULL). Everything reached
 * from a result (blocks, tables, columns, strings) belongs to the result and
 * lives until it is freed. The registry and its tables are static. */
#ifndef CNNTUTOR_LAB_H
#define CNNTUTOR_LAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* ---- errors -------------------------------------------------------------- */

/* Categories and the words that start their message, declared once. */
#define LAB_ERROR_KINDS(X)                                 \
	X(LAB_OK, "OK")                                        \
	X(LAB_ERR_UNKNOWN, "Unknown lab")                      \
	X(LAB_ERR_PARAM, "Bad parameter")                      \
	X(LAB_ERR_INVALID, "Invalid configuration")            \
	X(LAB_ERR_NO_DATA, "Nothing to draw")                  \
	X(LAB_ERR_MEMORY, "Out of memory")

enum lab_error_kind {
#define X(id, word) id,
	LAB_ERROR_KINDS(X)
#undef X
};

/* What went wrong: param names the parameter at fault ("" when none), and
 * message says the rule and quotes the offending text. */
struct lab_error {
	enum lab_error_kind kind;
	char param[32];
	char message[256];
};

/* "Bad parameter", "Invalid configuration", ... */
const char *lab_error_kind_name(enum lab_error_kind kind);

/* ---- the registry -------------------------------------------------------- */

enum lab_param_type {
	LAB_PARAM_INT,     /* a whole number in [min, max] */
	LAB_PARAM_REAL,    /* a number in [min, max] */
	LAB_PARAM_REALS,   /* 1..max_items numbers, each in [min, max]: "1,0,2" */
	LAB_PARAM_CHOICE,  /* one of the words in choices: "sgd|momentum|adam" */
	LAB_PARAM_FLAG,    /* on/off (also true/false, yes/no, 1/0) */
	LAB_PARAM_TEXT,    /* free text checked by check(): "K=2, S=3" */
};

struct lab_param {
	const char *name;           /* "p", "config": the option --p, the YAML key */
	enum lab_param_type type;
	const char *def;            /* the default, as text */
	double min, max;            /* INT, REAL, each entry of REALS */
	size_t max_items;           /* REALS */
	const char *choices;        /* CHOICE: words separated by '|' */
	const char *help;           /* one line */
	/* TEXT: NULL accepts anything; else fills err and returns false for a
	 * value that does not follow the parameter's syntax. */
	bool (*check)(const char *value, struct lab_error *err);
};

struct lab_params;
struct lab_result;

struct lab_kind {
	const char *name;           /* "weightnorm" */
	const char *question;       /* the question or part it belongs to: "q6" */
	const char *title;          /* one line */
	const char *help;           /* a paragraph: what it shows, what to try */
	const struct lab_param *params;
	size_t nparams;
	const char *csv_table;      /* the table CSV writes by default */
	/* Computes into r (already created, empty); called by lab_run only. */
	bool (*run)(const struct lab_params *p, uint64_t seed,
		    struct lab_result *r, struct lab_error *err);
};

size_t lab_kind_count(void);
const struct lab_kind *lab_kind_at(size_t i);
/* By kind name ("taps"), else by question or part id: the kind whose
 * question is the longest prefix of id at a '.' boundary ("q3.a.ii" gives
 * the q3 lab, "q6.a" the q6.a lab, "q6.c" the q6 lab). NULL when none. */
const struct lab_kind *lab_kind_for(const char *id);
const struct lab_param *lab_kind_param(const struct lab_kind *kind, const char *name);

/* ---- parameters ---------------------------------------------------------- */

/* Every parameter of kind at its default. NULL when out of memory. */
struct lab_params *lab_params_new(const struct lab_kind *kind);
void lab_params_free(struct lab_params *p);
const struct lab_kind *lab_params_kind(const struct lab_params *p);

/* Set one parameter from text. On failure (unknown name, bad value) err
 * says why and the previous value is kept. */
bool lab_params_set(struct lab_params *p, const char *name, const char *value,
		    struct lab_error *err);
/* The same from "NAME=VALUE". */
bool lab_params_assign(struct lab_params *p, const char *assignment,
		       struct lab_error *err);
/* The current value as text (the default, or what was set); NULL for an
 * unknown name. */
const char *lab_params_get(const struct lab_params *p, const char *name);

/* The value one step up (dir > 0) or down (dir < 0) from the current one,
 * as text in out, for an editor's +/- keys: a whole number by 1 (by a
 * round hundredth of its range when that is wider than 1000), a number by
 * a round twentieth of its range, both kept within it; a choice the next
 * or previous word (round the list); a flag the other state. Nothing is
 * set. False, with err saying why, for a list or text parameter (typed,
 * not stepped), at the end of a range, or for an unknown name. */
bool lab_params_next(const struct lab_params *p, const char *name, int dir,
		     char *out, size_t size, struct lab_error *err);

/* The values a parameter takes, in words: "1 to 512", "up to 8 numbers,
 * each -6 to 0.5", "sgd, momentum or adam", "on or off", "" for text
 * (its help says). */
void lab_param_describe(const struct lab_param *p, char *out, size_t size);

/* A kernel configuration as the homework writes it. D counts the skipped
 * pixels between two taps (D = 0: an ordinary kernel; PyTorch's dilation
 * is D + 1). */
struct lab_config {
	int K, S, P, D;
};

/* "K=2, S=3, P=2, D=1": names K, S, P, D (either case) in any order,
 * separated by commas or spaces; a name may repeat and the last value
 * wins. Names not given are S=1, P=0, D=0; K must be given. Only syntax is
 * checked here (whole numbers from -1000 to 1000); lab_config_check states
 * the rules. */
bool lab_config_parse(const char *text, struct lab_config *cfg,
		      struct lab_error *err);

/* The span of the kernel: K + (K-1)·D. */
int lab_config_span(const struct lab_config *cfg);

/* The rules a configuration on an input of width W must follow: K >= 1,
 * S >= 1, P >= 0, D >= 0, K_eff <= W + 2P, P < K_eff. On failure err says
 * which rule, with the numbers. */
bool lab_config_check(const struct lab_config *cfg, int width,
		      struct lab_error *err);

/* ---- running a lab -------------------------------------------------------- */

/* Run kind with params (NULL: every default) and seed. On success *out is a
 * new result; on failure *out is NULL and err says why. */
bool lab_run(const struct lab_kind *kind, const struct lab_params *params,
	     uint64_t seed, struct lab_result **out, struct lab_error *err);
void lab_result_free(struct lab_result *r);

/* ---- reading a result ----------------------------------------------------- */

struct lab_text {
	const char *title;          /* may be "" */
	size_t nlines;
	char **lines;               /* UTF-8, no newlines */
};

struct lab_column {
	const char *name;           /* the CSV header: "mc_mean" */
	bool is_text;
	double *num;                /* nrows numbers when !is_text; NaN: empty */
	char **text;                /* nrows strings when is_text */
	int digits;                 /* text view: significant digits, 0 whole numbers */
};

struct lab_table {
	const char *name;           /* "convergence": lab_result_table, --table */
	const char *title;
	size_t ncols, nrows;
	struct lab_column *cols;
};

struct lab_series {
	const char *label;          /* drawn at the curve's end */
	size_t n;
	double *x, *y;
	double *lo, *hi;            /* a band around y, or both NULL */
};

struct lab_plot {
	const char *name;
	const char *title;          /* says what the figure is */
	const char *xlabel, *ylabel;
	bool xlog;                  /* x on a log10 axis (all x > 0) */
	bool yfixed;                /* use [ymin, ymax] rather than the data's range */
	double ymin, ymax;
	size_t nseries;
	struct lab_series *series;
};

enum lab_block_kind { LAB_BLOCK_TEXT, LAB_BLOCK_TABLE, LAB_BLOCK_PLOT };

struct lab_block {
	enum lab_block_kind kind;
	/* Shown by the text view. Long data tables (CSV only) and plots that
	 * repeat a diagram (SVG only) are not. */
	bool in_text_view;
	union {
		struct lab_text *text;
		struct lab_table *table;
		struct lab_plot *plot;
	} u;
};

const struct lab_kind *lab_result_kind(const struct lab_result *r);
const char *lab_result_title(const struct lab_result *r);
size_t lab_result_block_count(const struct lab_result *r);
const struct lab_block *lab_result_block(const struct lab_result *r, size_t i);
/* By name; NULL when there is none. A NULL name gives the first plot. */
const struct lab_table *lab_result_table(const struct lab_result *r, const char *name);
const struct lab_plot *lab_result_plot(const struct lab_result *r, const char *name);
const struct lab_column *lab_table_column(const struct lab_table *t, const char *name);

/* ---- rendering ------------------------------------------------------------- */

struct lab_view {
	int width;                  /* columns for the text and plots (>= 40) */
	int plot_height;            /* rows of a plot's canvas (>= 8) */
	bool ascii;                 /* no UTF-8: ASCII glyphs only */
	bool plots;                 /* draw plots (off: tables and facts only) */
	/* A screen: every plot, those that repeat a diagram too, drawn
	 * before the other blocks, so the first fills the first screenful. */
	bool screen;
	/* Plots off: each plot as a table of its curves' values at a few
	 * points instead (what a screen reader can read). */
	bool plot_values;
};

/* The text view: title, then every block shown in the text view, in
 * order: text as is, tables as aligned columns, plots drawn on a canvas of
 * width × plot_height (see struct lab_view for a screen's order and for
 * plots as values). False when out of memory. */
bool lab_render_text(const struct lab_result *r, const struct lab_view *v,
		     struct strbuf *out);

/* One table as CSV: RFC 4180 quoting, a header row of the column names,
 * LF line ends (not the RFC's CRLF), numbers in the shortest form that
 * reads back to the same double, empty cells for NaN. table NULL: the
 * kind's csv_table. False (err filled) for an unknown table. */
bool lab_render_csv(const struct lab_result *r, const char *table,
		    struct strbuf *out, struct lab_error *err);

/* One plot as a standalone SVG document: a title, axes with ticks and
 * their values, one polyline per series (dash patterns differ, no colour
 * needed), a grey band where a series has one, and each series' label at
 * its end. plot NULL: the first plot. False (err filled) when the result
 * has no such plot. */
bool lab_render_svg(const struct lab_result *r, const char *plot,
		    struct strbuf *out, struct lab_error *err);

/* One display column. glyph is a NUL-terminated UTF-8 character (a space
 * when empty), never wider than one column. */
struct lab_cell {
	char glyph[8];
};

/* A width × height grid, row-major: cells[y * width + x]. */
struct lab_canvas {
	int width, height;
	struct lab_cell *cells;
};

/* A blank canvas; NULL when out of memory or a size is below 1. */
struct lab_canvas *lab_canvas_new(int width, int height);
void lab_canvas_free(struct lab_canvas *c);
void lab_canvas_clear(struct lab_canvas *c);
/* The glyph at (x, y), " " outside the canvas. */
const char *lab_canvas_at(const struct lab_canvas *c, int x, int y);

/* Draw p over the whole canvas: title on the first row, y ticks on the
 * left, x ticks on the last two rows, curves in braille (U+2800..U+28FF,
 * 2×4 dots a cell) or, when ascii, one marker letter per series; bands as
 * dotted edges; each label at its curve's end on the right. A canvas
 * narrower than 30 or lower than 8 cells gets only the title. */
void lab_plot_draw(const struct lab_plot *p, struct lab_canvas *c, bool ascii);

/* The canvas as text lines, trailing blanks removed. */
void lab_canvas_append(const struct lab_canvas *c, struct strbuf *out);

#endif
