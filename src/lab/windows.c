/* The windows of a configuration on a 1-D input, every tap enumerated:
 * which input pixels are read, how often, and which are never read. The
 * division being exact says nothing about that (dilation with a stride
 * can skip pixels in an exact configuration), so nothing here infers it. */
#include <stdio.h>

#include "lab_internal.h"

bool lab_windows_compute(struct lab_result *r, int width,
			 const struct lab_config *cfg, struct lab_windows *w,
			 struct lab_error *err)
{
	if (!lab_config_check(cfg, width, err))
		return false;
	w->width = width;
	w->cfg = *cfg;
	w->span = lab_config_span(cfg);
	w->padded = width + 2 * cfg->P;
	w->out = (w->padded - w->span) / cfg->S + 1;
	w->remainder = (w->padded - w->span) % cfg->S;
	w->reads = lab_alloc(r, (size_t)width, sizeof *w->reads);
	LAB_NEED(w->reads, err);
	for (int start = 0; start + w->span <= w->padded; start += cfg->S)
		for (int t = 0; t < cfg->K; t++) {
			int pixel = start + t * (cfg->D + 1) - cfg->P;
			if (pixel >= 0 && pixel < width)
				w->reads[pixel]++;
		}
	w->unread = 0;
	for (int i = 0; i < width; i++)
		w->unread += w->reads[i] == 0;
	return true;
}

char *lab_windows_unread_list(struct lab_result *r, const struct lab_windows *w)
{
	if (!w->unread)
		return "none";
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < w->width; i++)
		if (!w->reads[i])
			strbuf_printf(&sb, "%s%d", sb.len ? ", " : "", i);
	char *s = lab_strdup(r, strbuf_str(&sb));
	strbuf_free(&sb);
	return s;
}
