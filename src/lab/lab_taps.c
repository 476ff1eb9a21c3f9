/* q3: one configuration on a 1-D cut of the input, every window's taps
 * drawn on the padded row, with the output size, whether the division is
 * exact, the padding or pixels cut off at the end, and the input pixels
 * that no tap reads (enumerated, never inferred from the division). */
#include <stdio.h>
#include <string.h>

#include "lab_internal.h"

static bool check_config(const char *text, struct lab_error *err)
{
	struct lab_config cfg;
	return lab_config_parse(text, &cfg, err);
}

static const struct lab_param params[] = {
	{ "input", LAB_PARAM_INT, "8", 1, 512, 0, NULL,
	  "the input width W in pixels (one row of a square input)", NULL },
	{ "config", LAB_PARAM_TEXT, "K=2, S=3, P=2, D=1", 0, 0, 0, NULL,
	  "kernel size K, stride S, padding P, dilation D (skipped pixels between taps)",
	  check_config },
};

/* One diagram row: a label, then one character per padded position. */
static void row(struct lab_result *r, struct lab_text *d, const char *label,
		const char *cells)
{
	lab_line(r, d, "%-14s%s", label, cells);
}

static void diagram(struct lab_result *r, const struct lab_windows *w)
{
	const struct lab_config *c = &w->cfg;
	struct lab_text *d = lab_add_text(r, "The padded row (░ padding zero, ● a tap, ▲ never read)", true);
	struct strbuf sb = STRBUF_INIT;
	if (w->width > 10) {
		for (int q = 0; q < w->padded; q++) {
			int i = q - c->P;
			bool mark = i > 0 && i < w->width && i % 10 == 0;
			strbuf_putc(&sb, mark ? (char)('0' + (i / 10) % 10) : ' ');
		}
		row(r, d, "pixel (tens)", strbuf_str(&sb));
		strbuf_reset(&sb);
	}
	for (int q = 0; q < w->padded; q++) {
		int i = q - c->P;
		if (i >= 0 && i < w->width)
			strbuf_printf(&sb, "%d", i % 10);
		else
			strbuf_append(&sb, "░");
	}
	row(r, d, "pixel", strbuf_str(&sb));
	int index = 0;
	for (int start = 0; start + w->span <= w->padded; start += c->S, index++) {
		strbuf_reset(&sb);
		for (int q = 0; q < w->padded; q++) {
			int t = q - start;
			if (t < 0 || t >= w->span)
				strbuf_putc(&sb, ' ');
			else
				strbuf_append(&sb, t % (c->D + 1) == 0 ? "●" : "─");
		}
		char label[32];
		snprintf(label, sizeof label, "window %d", index);
		row(r, d, label, strbuf_str(&sb));
	}
	strbuf_reset(&sb);
	for (int q = 0; q < w->padded; q++) {
		int i = q - c->P;
		if (i >= 0 && i < w->width)
			strbuf_printf(&sb, "%c", w->reads[i] > 9 ? '+' : '0' + w->reads[i]);
		else
			strbuf_putc(&sb, ' ');
	}
	row(r, d, "reads", strbuf_str(&sb));
	if (w->unread) {
		strbuf_reset(&sb);
		for (int q = 0; q < w->padded; q++) {
			int i = q - c->P;
			strbuf_append(&sb, i >= 0 && i < w->width && !w->reads[i] ? "▲" : " ");
		}
		row(r, d, "unread", strbuf_str(&sb));
	}
	if (w->remainder) {
		strbuf_reset(&sb);
		for (int q = 0; q < w->padded; q++)
			strbuf_append(&sb, q >= w->padded - w->remainder ? "╳" : " ");
		row(r, d, "cut off", strbuf_str(&sb));
	}
	strbuf_free(&sb);
}

static void facts(struct lab_result *r, const struct lab_windows *w)
{
	const struct lab_config *c = &w->cfg;
	struct lab_text *f = lab_add_text(r, "Facts (every tap enumerated)", true);
	lab_line(r, f, "W = %d, K = %d, S = %d, P = %d, D = %d   (PyTorch: kernel_size=%d, "
		 "stride=%d, padding=%d, dilation=%d)", w->width, c->K, c->S, c->P, c->D,
		 c->K, c->S, c->P, c->D + 1);
	lab_line(r, f, "kernel span K_eff = K + (K−1)·D = %d + %d·%d = %d", c->K, c->K - 1, c->D,
		 w->span);
	int num = w->padded - w->span;
	lab_line(r, f, "output size ⌊(W + 2P − K_eff)/S⌋ + 1 = ⌊(%d + %d − %d)/%d⌋ + 1 = ⌊%d/%d⌋ + 1 = %d",
		 w->width, 2 * c->P, w->span, c->S, num, c->S, w->out);
	if (!w->remainder) {
		lab_line(r, f, "division: exact (%d = %d·%d)", num, c->S, num / c->S);
	} else {
		int cut = w->remainder, lost = cut - c->P;
		lab_line(r, f, "division: rounded, %d mod %d = %d: the last %d position%s of the "
			 "padded row %s cut off", num, c->S, cut, cut, cut == 1 ? "" : "s",
			 cut == 1 ? "is" : "are");
		if (lost <= 0)
			lab_line(r, f, "  those are padding zeros only (r = %d ≤ P = %d): no input "
				 "pixel is lost to the rounding", cut, c->P);
		else
			lab_line(r, f, "  r = %d > P = %d: input pixel%s %d..%d %s in the cut", cut, c->P,
				 lost == 1 ? "" : "s", w->width - lost, w->width - 1,
				 lost == 1 ? "is" : "are");
	}
	if (w->unread)
		lab_line(r, f, "unread input pixels (no tap touches them): %s (%d of %d)",
			 lab_windows_unread_list(r, w), w->unread, w->width);
	else
		lab_line(r, f, "unread input pixels: none, every pixel is read by some tap");
	lab_line(r, f, "windows start at 0, %d, %d, … of the padded row; taps every D + 1 = %d positions",
		 c->S, 2 * c->S, c->D + 1);
}

static bool run(const struct lab_params *p, uint64_t seed, struct lab_result *r,
		struct lab_error *err)
{
	(void)seed;
	struct lab_config cfg;
	if (!lab_config_parse(lab_param_text(p, "config"), &cfg, err))
		return false;
	int width = (int)lab_param_int(p, "input");
	struct lab_windows w;
	if (!lab_windows_compute(r, width, &cfg, &w, err))
		return false;
	lab_set_title(r, "q3 · K=%d, S=%d, P=%d, D=%d on a row of W = %d pixels: output %d",
		      cfg.K, cfg.S, cfg.P, cfg.D, width, w.out);
	diagram(r, &w);
	facts(r, &w);

	struct lab_table *t = lab_add_table(r, "reads", "Taps on each input pixel",
					    (size_t)width, false);
	double *pixel = lab_add_num_column(r, t, "pixel", 0);
	double *reads = lab_add_num_column(r, t, "reads", 0);
	struct lab_plot *pl = lab_add_plot(r, "reads", lab_printf(r,
		"q3 · taps reading each input pixel, K=%d S=%d P=%d D=%d, W=%d",
		cfg.K, cfg.S, cfg.P, cfg.D, width), "input pixel", "reads", false);
	LAB_NEED(reads, err);
	LAB_NEED(pl, err);
	int most = 0;
	for (int i = 0; i < width; i++) {
		pixel[i] = i;
		reads[i] = w.reads[i];
		most = w.reads[i] > most ? w.reads[i] : most;
	}
	/* From 0, so an unread pixel sits on the axis. */
	pl->yfixed = true;
	pl->ymin = 0;
	pl->ymax = most + 0.25;
	LAB_NEED(lab_add_indexed_series(r, pl, "reads", reads, (size_t)width, 0), err);

	struct lab_table *wt = lab_add_table(r, "windows", "Each window", (size_t)w.out, false);
	double *win = lab_add_num_column(r, wt, "window", 0);
	double *start = lab_add_num_column(r, wt, "start", 0);
	char **taps = lab_add_text_column(r, wt, "pixels");
	LAB_NEED(taps, err);
	for (int k = 0; k < w.out; k++) {
		struct strbuf sb = STRBUF_INIT;
		for (int tap = 0; tap < cfg.K; tap++) {
			int i = k * cfg.S + tap * (cfg.D + 1) - cfg.P;
			if (i >= 0 && i < width)
				strbuf_printf(&sb, "%s%d", sb.len ? " " : "", i);
			else
				strbuf_printf(&sb, "%spad", sb.len ? " " : "");
		}
		win[k] = k;
		start[k] = k * cfg.S - cfg.P;
		taps[k] = lab_strdup(r, strbuf_str(&sb));
		strbuf_free(&sb);
	}
	return true;
}

const struct lab_kind lab_kind_taps = {
	.name = "taps",
	.question = "q3",
	.title = "One configuration on a row: every window's taps",
	.help = "Draws the padded row and the taps of every window for your K, S, P, D\n"
		"and input width W, with the output size, whether the division is exact,\n"
		"what the rounding cuts off, and which input pixels are never read.\n"
		"Try q3.a.ii: --input 64 --config \"K=2, S=2, P=3, D=6\", then K=3, P=7.",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.csv_table = "reads",
	.run = run,
};
