/* q1: true 1-D convolution, one shift at a time. The kernel is flipped
 * and slid along x; each shift lists its products and their sum, and
 * which element of the full, valid and same outputs it gives (valid and
 * same as numpy.convolve and the engine's conv() define them). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lab_internal.h"

static const struct lab_param params[] = {
	{ "x", LAB_PARAM_REALS, "1,2,3,4", -1e6, 1e6, 32, NULL,
	  "the sequence, numbers separated by commas", NULL },
	{ "w", LAB_PARAM_REALS, "1,0,2", -1e6, 1e6, 16, NULL,
	  "the kernel (it is flipped before sliding)", NULL },
};

static void num(char out[32], double v)
{
	lab_format_g(out, v, 6);
}

static bool run(const struct lab_params *p, uint64_t seed, struct lab_result *r,
		struct lab_error *err)
{
	(void)seed;
	size_t n, m;
	const double *x = lab_param_reals(p, "x", &n);
	const double *w = lab_param_reals(p, "w", &m);
	size_t full = n + m - 1, lo = n < m ? n : m, hi = n < m ? m : n;
	size_t valid_from = lo - 1, valid_len = hi - lo + 1;
	size_t same_from = (lo - 1) / 2, same_len = hi;
	lab_set_title(r, "q1 · convolution of x = %s with w = %s, one shift at a time",
		      lab_vector_text(r, x, n, 6), lab_vector_text(r, w, m, 6));

	struct lab_table *t = lab_add_table(r, "shifts", "Every shift", full, false);
	double *shift = lab_add_num_column(r, t, "shift", 0);
	char **terms = lab_add_text_column(r, t, "terms");
	double *sum = lab_add_num_column(r, t, "sum", 6);
	double *in_full = lab_add_num_column(r, t, "full", 0);
	double *in_valid = lab_add_num_column(r, t, "valid", 0);
	double *in_same = lab_add_num_column(r, t, "same", 0);
	LAB_NEED(in_same, err);

	/* Cells of the diagram: positions -(m-1) .. n+m-2 of x's axis. */
	int cw = 3;
	for (size_t i = 0; i < n + m; i++) {
		char b[32];
		num(b, i < n ? x[i] : w[i - n]);
		if ((int)strlen(b) + 1 > cw)
			cw = (int)strlen(b) + 1;
	}
	int npos = (int)(n + 2 * (m - 1));
	int origin = (int)m - 1;
	struct lab_text *d = lab_add_text(r, "The flipped kernel under x (x[j]·w[k−j] summed over j)", true);
	struct strbuf line = STRBUF_INIT;
	strbuf_printf(&line, "%-9s", "x");
	for (int q = 0; q < npos; q++) {
		int j = q - origin;
		char b[32] = "";
		if (j >= 0 && j < (int)n)
			num(b, x[j]);
		strbuf_printf(&line, "%*s", cw, b);
	}
	lab_line(r, d, "%s", strbuf_str(&line));

	/* Two passes: the products first, so the sums line up after them. */
	char **prods = lab_alloc(r, full, sizeof *prods);
	LAB_NEED(prods, err);
	int pw = 0;
	for (size_t k = 0; k < full; k++) {
		struct strbuf prod = STRBUF_INIT, ascii = STRBUF_INIT;
		double s = 0;
		for (size_t j = k >= m - 1 ? k - (m - 1) : 0; j < n && j <= k; j++) {
			char a[32], b[32];
			num(a, x[j]);
			num(b, w[k - j]);
			strbuf_printf(&prod, "%s%s·%s", prod.len ? " + " : "", a, b);
			strbuf_printf(&ascii, "%s%s*%s", ascii.len ? " + " : "", a, b);
			s += x[j] * w[k - j];
		}
		prods[k] = lab_strdup(r, strbuf_str(&prod));
		if ((int)ascii.len > pw)
			pw = (int)ascii.len;   /* · and * take one column each */
		shift[k] = (double)k;
		terms[k] = lab_strdup(r, strbuf_str(&ascii));
		sum[k] = s;
		in_full[k] = (double)k;
		if (k >= valid_from && k < valid_from + valid_len)
			in_valid[k] = (double)(k - valid_from);
		if (k >= same_from && k < same_from + same_len)
			in_same[k] = (double)(k - same_from);
		strbuf_free(&prod);
		strbuf_free(&ascii);
	}
	for (size_t k = 0; k < full; k++) {
		strbuf_reset(&line);
		strbuf_printf(&line, "shift %-3zu", k);
		/* The kernel's entry t (flipped) sits at position k - t. */
		for (int q = 0; q < npos; q++) {
			long t = (long)k - (q - origin);
			char b[32] = "";
			if (t >= 0 && t < (long)m)
				num(b, w[t]);
			strbuf_printf(&line, "%*s", cw, b);
		}
		char sb[32];
		num(sb, sum[k]);
		struct strbuf marks = STRBUF_INIT;
		strbuf_printf(&marks, "full[%zu]", k);
		if (!isnan(in_valid[k]))
			strbuf_printf(&marks, " valid[%.0f]", in_valid[k]);
		if (!isnan(in_same[k]))
			strbuf_printf(&marks, " same[%.0f]", in_same[k]);
		int fill = pw - (int)strlen(terms[k]);
		lab_line(r, d, "%s   %s%*s = %-6s %s", strbuf_str(&line), prods[k], fill, "", sb,
			 strbuf_str(&marks));
		strbuf_free(&marks);
	}
	strbuf_free(&line);

	struct lab_text *f = lab_add_text(r, "The three outputs", true);
	const char *seq_full = lab_vector_text(r, sum, full, 6);
	int fw = (int)strlen(seq_full);
	lab_line(r, f, "full  = %-*s  every shift where the kernel overlaps x (n + m − 1 = %zu)",
		 fw, seq_full, full);
	lab_line(r, f, "valid = %-*s  shifts %zu..%zu, where the kernel lies inside x (|n − m| + 1 = %zu)",
		 fw, lab_vector_text(r, sum + valid_from, valid_len, 6), valid_from,
		 valid_from + valid_len - 1, valid_len);
	lab_line(r, f, "same  = %-*s  shifts %zu..%zu, the middle of full, as long as the longer input (%zu)",
		 fw, lab_vector_text(r, sum + same_from, same_len, 6), same_from, same_from + same_len - 1,
		 same_len);
	lab_line(r, f, "w = %s is flipped before it slides: at shift k, w[0] sits under x[k].",
		 lab_vector_text(r, w, m, 6));

	struct lab_plot *pl = lab_add_plot(r, "sequences", "q1 · x, w and their full convolution",
					   "index", "value", false);
	LAB_NEED(lab_add_indexed_series(r, pl, "x", x, n, 0), err);
	LAB_NEED(lab_add_indexed_series(r, pl, "w", w, m, 0), err);
	LAB_NEED(lab_add_indexed_series(r, pl, "full x*w", sum, full, 0), err);
	return true;
}

const struct lab_kind lab_kind_conv = {
	.name = "conv",
	.question = "q1",
	.title = "1-D convolution: the flipped kernel, shift by shift",
	.help = "Slides the flipped kernel w along x one shift at a time and shows each\n"
		"product and sum, and which shifts make the full, valid and same outputs.\n"
		"Try your own x and w; a kernel longer than x swaps their roles.",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.csv_table = "shifts",
	.run = run,
};
