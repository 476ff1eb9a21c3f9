/* q2 (and q3's layers): a stack of convolution and pooling layers, each
 * layer's output shape and its parameters (weights and biases apart),
 * with the same window facts the taps lab gives for one row. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lab_internal.h"

#define MAX_LAYERS 16
#define MAX_SIZE 100000        /* channels, kernels */
#define MAX_SIDE 4096          /* height, width */

struct layer {
	bool pool;
	int count;                  /* kernels of a convolution */
	struct lab_config cfg;
	char text[96];              /* as written, for messages */
};

/* shape = INT "x" INT "x" INT  (channels × height × width; × or x) */
static bool parse_shape(const char *text, int dims[3], struct lab_error *err)
{
	const char *s = text;
	for (int i = 0; i < 3; i++) {
		while (*s == ' ')
			s++;
		char *end;
		long v = strtol(s, &end, 10);
		long max = i ? MAX_SIDE : MAX_SIZE;
		if (end == s || v < 1 || v > max)
			return lab_fail(err, LAB_ERR_PARAM, "input",
					"'%s' is not a shape CxHxW (e.g. 3x256x256): channels "
					"from 1 to %d, height and width from 1 to %d", text,
					MAX_SIZE, MAX_SIDE);
		dims[i] = (int)v;
		s = end;
		while (*s == ' ')
			s++;
		if (i < 2) {
			if (*s == 'x' || *s == 'X' || *s == '*')
				s++;
			else if (!strncmp(s, "×", strlen("×")))
				s += strlen("×");
			else
				return lab_fail(err, LAB_ERR_PARAM, "input",
						"'%s' is not a shape CxHxW (e.g. 3x256x256)", text);
		}
	}
	if (*s)
		return lab_fail(err, LAB_ERR_PARAM, "input",
				"'%s' has text after the shape: '%s'", text, s);
	return true;
}

static bool check_shape(const char *text, struct lab_error *err)
{
	int dims[3];
	return parse_shape(text, dims, err);
}

/* Does a configuration text give the name c (S, say) itself? */
static bool gives(const char *text, char c)
{
	for (const char *s = text; *s; s++)
		if (toupper((unsigned char)*s) == c && (s == text || !isalpha((unsigned char)s[-1]))) {
			const char *t = s + 1;
			while (*t == ' ')
				t++;
			if (*t == '=')
				return true;
		}
	return false;
}

/* layers = layer { ";" layer } ;
 * layer  = "conv" COUNT config | "pool" config ;   config as lab_config_parse;
 * a pool's stride defaults to its size (windows that do not overlap). */
static bool parse_layers(const char *text, struct layer *out, int *n, struct lab_error *err)
{
	*n = 0;
	const char *s = text;
	for (int index = 1;; index++) {
		size_t len = strcspn(s, ";\n");
		char item[96];
		while (len && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (len >= sizeof item)
			return lab_fail(err, LAB_ERR_PARAM, "layers", "layer %d is too long: '%.40s…'",
					index, s);
		memcpy(item, s, len);
		item[len] = '\0';
		if (len) {
			if (*n == MAX_LAYERS)
				return lab_fail(err, LAB_ERR_PARAM, "layers",
						"more than %d layers", MAX_LAYERS);
			struct layer *l = &out[(*n)++];
			memset(l, 0, sizeof *l);
			snprintf(l->text, sizeof l->text, "%s", item);
			char *rest = item + strcspn(item, " \t,");
			char word[16];
			snprintf(word, sizeof word, "%.*s", (int)(rest - item), item);
			if (!strcasecmp(word, "conv")) {
				char *end;
				while (*rest == ' ' || *rest == '\t')
					rest++;
				long count = strtol(rest, &end, 10);
				if (end == rest || count < 1 || count > MAX_SIZE)
					return lab_fail(err, LAB_ERR_PARAM, "layers",
							"layer %d '%s': conv needs its number of kernels "
							"first, e.g. conv 64 K=8 S=2", index, l->text);
				l->count = (int)count;
				rest = end;
			} else if (!strcasecmp(word, "pool")) {
				l->pool = true;
			} else {
				return lab_fail(err, LAB_ERR_PARAM, "layers",
						"layer %d '%s': a layer starts with conv or pool",
						index, l->text);
			}
			struct lab_error cerr;
			if (!lab_config_parse(rest, &l->cfg, &cerr))
				return lab_fail(err, LAB_ERR_PARAM, "layers", "layer %d '%s': %s",
						index, l->text, cerr.message);
			if (l->pool && !gives(rest, 'S'))
				l->cfg.S = l->cfg.K;
		}
		s += strcspn(s, ";\n");
		if (!*s)
			break;
		s++;
	}
	if (*n == 0)
		return lab_fail(err, LAB_ERR_PARAM, "layers",
				"no layers (write e.g. conv 64 K=8 S=2; pool K=5)");
	return true;
}

static bool check_layers(const char *text, struct lab_error *err)
{
	struct layer layers[MAX_LAYERS];
	int n;
	return parse_layers(text, layers, &n, err);
}

static const struct lab_param params[] = {
	{ "input", LAB_PARAM_TEXT, "3x256x256", 0, 0, 0, NULL,
	  "the input shape, channels x height x width", check_shape },
	{ "layers", LAB_PARAM_TEXT, "conv 64 K=8 S=2; pool K=5 S=5; conv 128 K=4 S=1 P=1",
	  0, 0, 0, NULL,
	  "layers separated by ';': conv N K=.. S=.. P=.. D=.. or pool K=.. S=.. (S defaults to K)",
	  check_layers },
};

static bool run(const struct lab_params *p, uint64_t seed, struct lab_result *r,
		struct lab_error *err)
{
	(void)seed;
	int dims[3];
	struct layer layers[MAX_LAYERS];
	int n;
	if (!parse_shape(lab_param_text(p, "input"), dims, err) ||
	    !parse_layers(lab_param_text(p, "layers"), layers, &n, err))
		return false;
	lab_set_title(r, "q2 · shapes and parameters of a layer stack on a %dx%dx%d input",
		      dims[0], dims[1], dims[2]);
	struct lab_table *t = lab_add_table(r, "layers", "Layer by layer", (size_t)n, true);
	double *col_layer = lab_add_num_column(r, t, "layer", 0);
	char **col_type = lab_add_text_column(r, t, "type");
	double *col_k = lab_add_num_column(r, t, "K", 0);
	double *col_s = lab_add_num_column(r, t, "S", 0);
	double *col_p = lab_add_num_column(r, t, "P", 0);
	double *col_d = lab_add_num_column(r, t, "D", 0);
	char **col_in = lab_add_text_column(r, t, "input");
	char **col_out = lab_add_text_column(r, t, "output");
	double *col_outputs = lab_add_num_column(r, t, "outputs", 0);
	double *col_w = lab_add_num_column(r, t, "weights", 0);
	double *col_b = lab_add_num_column(r, t, "biases", 0);
	char **col_div = lab_add_text_column(r, t, "division");
	double *col_unread = lab_add_num_column(r, t, "unread", 0);
	LAB_NEED(col_unread, err);
	struct lab_text *f = lab_add_text(r, "Output sizes: ⌊(W + 2P − K_eff)/S⌋ + 1, K_eff = K + (K−1)·D", true);

	long long c = dims[0], h = dims[1], w = dims[2];
	/* Width and channels from the input (layer 0) through each layer. */
	double widths[MAX_LAYERS + 1], channels[MAX_LAYERS + 1];
	widths[0] = (double)w;
	channels[0] = (double)c;
	double total_w = 0, total_b = 0;
	int last_conv = -1;
	long long in_channels[MAX_LAYERS];
	for (int i = 0; i < n; i++) {
		const struct layer *l = &layers[i];
		struct lab_windows wh, ww;
		struct lab_error e;
		if (!lab_windows_compute(r, (int)h, &l->cfg, &wh, &e) ||
		    !lab_windows_compute(r, (int)w, &l->cfg, &ww, &e))
			return lab_fail(err, e.kind, "layers", "layer %d '%s' on a %lldx%lldx%lld input: %s",
					i + 1, l->text, c, h, w, e.message);
		long long oc = l->pool ? c : l->count;
		in_channels[i] = c;
		col_layer[i] = i + 1;
		col_type[i] = l->pool ? "pool" : "conv";
		col_k[i] = l->cfg.K;
		col_s[i] = l->cfg.S;
		col_p[i] = l->cfg.P;
		col_d[i] = l->cfg.D;
		col_in[i] = lab_printf(r, "%lldx%lldx%lld", c, h, w);
		col_out[i] = lab_printf(r, "%lldx%dx%d", oc, wh.out, ww.out);
		col_outputs[i] = (double)oc * wh.out * ww.out;
		col_w[i] = l->pool ? 0 : (double)l->cfg.K * l->cfg.K * (double)c * (double)oc;
		col_b[i] = l->pool ? 0 : (double)oc;
		col_div[i] = wh.remainder || ww.remainder ? "rounded" : "exact";
		/* A pixel is unread when its row or its column is. */
		col_unread[i] = (double)h * w - (double)(h - wh.unread) * (w - ww.unread);
		lab_line(r, f, "layer %d %s: ⌊(%lld + 2·%d − %d)/%d⌋ + 1 = %d%s%s", i + 1,
			 l->pool ? "pool" : "conv", w, l->cfg.P, ww.span, l->cfg.S, ww.out,
			 ww.remainder ? " (rounded down)" : "",
			 h != w ? lab_printf(r, " across, %d down", wh.out) : "");
		total_w += col_w[i];
		total_b += col_b[i];
		if (!l->pool)
			last_conv = i;
		c = oc;
		h = wh.out;
		w = ww.out;
		widths[i + 1] = (double)w;
		channels[i + 1] = (double)c;
	}
	lab_line(r, f, "the last layer outputs %lldx%lldx%lld = %.0f numbers", c, h, w,
		 col_outputs[n - 1]);
	if (last_conv >= 0) {
		const struct layer *l = &layers[last_conv];
		long long in_c = in_channels[last_conv];
		lab_line(r, f, "the last convolution (layer %d): %d·%d·%lld·%d = %.0f weights "
			 "(each of its %d kernels spans all %lld input channels), "
			 "%d biases: %.0f with biases", last_conv + 1, l->cfg.K, l->cfg.K, in_c,
			 l->count, col_w[last_conv], l->count, in_c, l->count,
			 col_w[last_conv] + col_b[last_conv]);
	}
	lab_line(r, f, "all layers: %.0f weights and %.0f biases", total_w, total_b);

	/* A screen's or a slide's view of the table: the shrinking width
	 * against the growing channels. */
	struct lab_plot *pl = lab_add_plot(r, "shapes",
		lab_printf(r, "q2 · width and channels through the stack (layer 0: the %dx%dx%d input)",
			   dims[0], dims[1], dims[2]), "layer", "size", false);
	LAB_NEED(lab_add_indexed_series(r, pl, "width", widths, (size_t)n + 1, 0), err);
	LAB_NEED(lab_add_indexed_series(r, pl, "channels", channels, (size_t)n + 1, 0), err);
	return true;
}

const struct lab_kind lab_kind_stack = {
	.name = "stack",
	.question = "q2",
	.title = "A layer stack: each layer's shape and parameter count",
	.help = "Follows an input through convolution and pooling layers: each layer's\n"
		"output shape (with the formula), its weights and biases counted apart,\n"
		"whether its division is exact and how many input pixels it never reads.\n"
		"The default is the homework's q2 network; give another with --layers.",
	.params = params,
	.nparams = sizeof params / sizeof params[0],
	.csv_table = "layers",
	.run = run,
};
