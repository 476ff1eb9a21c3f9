/* Renderers: CSV quoting and exact numbers, the braille and ASCII
 * canvases, labels at curve ends, SVG structure, the ASCII text view. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_internal.h"
#include "support.h"

static struct lab_result *hand_made(void)
{
	struct lab_result *r = lab_result_new(&lab_kind_conv);
	assert_non_null(r);
	struct lab_table *t = lab_add_table(r, "t", "A table", 3, true);
	char **text = lab_add_text_column(r, t, "name");
	double *v = lab_add_num_column(r, t, "value", 6);
	assert_non_null(v);
	text[0] = "plain";
	text[1] = "a, b";
	text[2] = "say \"hi\"\nthen go";
	v[0] = 0.1;
	v[1] = NAN;
	v[2] = 1.0 / 3;
	return r;
}

static void test_csv_quotes_fields_as_rfc_4180_says(void **state)
{
	(void)state;
	struct lab_result *r = hand_made();
	struct strbuf sb = STRBUF_INIT;
	struct lab_error e;
	assert_true(lab_render_csv(r, "t", &sb, &e));
	assert_string_equal(strbuf_str(&sb), "name,value\n"
			    "plain,0.1\n"
			    "\"a, b\",\n"
			    "\"say \"\"hi\"\"\nthen go\",0.3333333333333333\n");
	strbuf_free(&sb);
	assert_false(lab_render_csv(r, "nope", &sb, &e));
	assert_int_equal(e.kind, LAB_ERR_NO_DATA);
	assert_non_null(strstr(e.message, "it has: t"));
	lab_result_free(r);
}

static void test_csv_numbers_read_back_to_the_same_double(void **state)
{
	(void)state;
	uint64_t rs = 5;
	for (int i = 0; i < 10000; i++) {
		double v = (test_uniform(&rs) - 0.5) * pow(10, floor(test_uniform(&rs) * 40) - 20);
		char text[32];
		lab_format_exact(text, v);
		double back;
		assert_true(lab_parse_number(text, strlen(text), &back));
		assert_true(back == v);
	}
	char text[32];
	lab_format_exact(text, 0.1);
	assert_string_equal(text, "0.1");
	lab_format_exact(text, -0.0);
	assert_string_equal(text, "0");
}

/* y = x on [0, 1], and two curves above it, each ending in its own row. */
static struct lab_result *plot_result(void)
{
	struct lab_result *r = lab_result_new(&lab_kind_conv);
	struct lab_plot *p = lab_add_plot(r, "p", "A & B <test>", "x", "y", true);
	struct lab_series *a = lab_add_series(r, p, "low", 50, false);
	struct lab_series *b = lab_add_series(r, p, "high", 50, true);
	struct lab_series *c = lab_add_series(r, p, "middle", 50, false);
	assert_non_null(c);
	for (int i = 0; i < 50; i++) {
		a->x[i] = b->x[i] = c->x[i] = i / 49.0;
		a->y[i] = i / 49.0;
		b->y[i] = i / 49.0 + 0.3;
		c->y[i] = i / 49.0 + 0.15;
		b->lo[i] = b->y[i] - 0.1;
		b->hi[i] = b->y[i] + 0.1;
	}
	return r;
}

static int row_of(const struct lab_canvas *c, const char *label)
{
	for (int y = 0; y < c->height; y++) {
		char line[4096] = "";
		for (int x = 0; x < c->width; x++)
			strcat(line, lab_canvas_at(c, x, y));
		if (strstr(line, label))
			return y;
	}
	return -1;
}

static void test_braille_canvas_draws_rising_curves_labelled_in_order(void **state)
{
	(void)state;
	struct lab_result *r = plot_result();
	const struct lab_plot *p = lab_result_plot(r, NULL);
	struct lab_canvas *c = lab_canvas_new(80, 24);
	lab_plot_draw(p, c, false);
	int first_col = -1, first_row = -1, last_col = -1, last_row = -1, braille = 0;
	for (int x = 0; x < c->width; x++)
		for (int y = 0; y < c->height; y++) {
			const unsigned char *g = (const unsigned char *)lab_canvas_at(c, x, y);
			/* U+2800..U+28FF is E2 A0..A3 xx in UTF-8. */
			if (g[0] == 0xE2 && g[1] >= 0xA0 && g[1] <= 0xA3) {
				braille++;
				if (first_col < 0) {
					first_col = x;
					first_row = y;
				}
				last_col = x;
				last_row = y;
			}
		}
	assert_true(braille > 40);
	assert_true(first_row > last_row);   /* rising: the right end is higher */
	assert_true(last_col > first_col + 40);
	int high = row_of(c, "high"), middle = row_of(c, "middle"), low = row_of(c, "low");
	assert_true(high >= 0 && high < middle && middle < low);
	assert_string_equal(lab_canvas_at(c, 0, 0), "A");
	assert_string_equal(lab_canvas_at(c, -1, 0), " ");
	assert_string_equal(lab_canvas_at(c, 80, 0), " ");
	lab_canvas_free(c);
	lab_result_free(r);
}

static void test_curves_ending_in_one_row_share_a_label(void **state)
{
	(void)state;
	struct lab_result *r = lab_result_new(&lab_kind_conv);
	struct lab_plot *p = lab_add_plot(r, "p", "two", "x", "y", true);
	const char *names[] = { "η=10^-4", "η=10^-3", "η=10^-1" };
	const double ends[] = { 1.0, 1.001, 3.0 };
	for (int s = 0; s < 3; s++) {
		struct lab_series *se = lab_add_series(r, p, names[s], 2, false);
		assert_non_null(se);
		se->x[0] = 0;
		se->x[1] = 1;
		se->y[0] = 0;
		se->y[1] = ends[s];
	}
	struct lab_canvas *c = lab_canvas_new(60, 16);
	lab_plot_draw(p, c, false);
	int joined = row_of(c, "η=10^-4,-3"), alone = row_of(c, "η=10^-1");
	assert_true(joined > alone && alone >= 0);
	lab_plot_draw(p, c, true);
	assert_true(row_of(c, "*o eta=10^-4,-3") > row_of(c, "x eta=10^-1"));
	lab_canvas_free(c);
	lab_result_free(r);
}

static void test_ascii_canvas_uses_ascii_only_at_any_size(void **state)
{
	(void)state;
	struct lab_result *r = plot_result();
	const struct lab_plot *p = lab_result_plot(r, NULL);
	const int sizes[][2] = { { 80, 24 }, { 120, 40 }, { 30, 8 }, { 20, 5 }, { 1, 1 } };
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		struct lab_canvas *c = lab_canvas_new(sizes[s][0], sizes[s][1]);
		assert_non_null(c);
		lab_plot_draw(p, c, true);
		int marks = 0;
		for (int y = 0; y < c->height; y++)
			for (int x = 0; x < c->width; x++) {
				const char *g = lab_canvas_at(c, x, y);
				assert_int_equal(strlen(g), 1);
				assert_true((unsigned char)g[0] >= 0x20 && (unsigned char)g[0] < 0x7f);
				marks += g[0] == '*' || g[0] == 'o' || g[0] == 'x';
			}
		/* Below 30×8 only the title is drawn. */
		assert_int_equal(marks > 20, sizes[s][0] >= 30 && sizes[s][1] >= 8);
		lab_canvas_free(c);
	}
	assert_null(lab_canvas_new(0, 5));
	lab_canvas_free(NULL);
	lab_result_free(r);
}

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_svg_has_axes_one_polyline_per_curve_and_end_labels(void **state)
{
	(void)state;
	struct lab_result *r = plot_result();
	struct strbuf sb = STRBUF_INIT;
	struct lab_error e;
	assert_true(lab_render_svg(r, NULL, &sb, &e));
	const char *svg = strbuf_str(&sb);
	assert_int_equal(strncmp(svg, "<?xml", 5), 0);
	assert_int_equal(count(svg, "<polyline"), 3);
	assert_int_equal(count(svg, "<polygon"), 1);
	assert_true(count(svg, "<line") >= 4);
	assert_non_null(strstr(svg, "<title>A &amp; B &lt;test&gt;</title>"));
	assert_non_null(strstr(svg, ">high</text>"));
	assert_non_null(strstr(svg, ">middle</text>"));
	assert_non_null(strstr(svg, "stroke-dasharray"));
	assert_non_null(strstr(svg, "</svg>\n"));
	strbuf_free(&sb);
	lab_result_free(r);

	/* Every lab draws a plot; a result without one has no SVG. */
	r = hand_made();
	assert_false(lab_render_svg(r, NULL, &sb, &e));
	assert_int_equal(e.kind, LAB_ERR_NO_DATA);
	assert_non_null(strstr(e.message, "draws no plot"));
	lab_result_free(r);
}

static void test_text_view_in_ascii_has_no_other_byte(void **state)
{
	(void)state;
	const char *kinds[] = { "q1", "q2", "q3", "q4", "q5", "q6", "q6.a" };
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		struct lab_result *r = run_ok(kinds[k], 1, NULL);
		struct strbuf sb = STRBUF_INIT;
		struct lab_view v = { .width = 80, .plot_height = 20, .ascii = true, .plots = true };
		assert_true(lab_render_text(r, &v, &sb));
		for (const char *s = strbuf_str(&sb); *s; s++)
			if ((unsigned char)*s >= 0x80 || *s == '?')
				fail_msg("%s: '%c' (0x%02x) in the ASCII view near: %.40s", kinds[k], *s,
					 (unsigned char)*s, s);
		strbuf_free(&sb);
		lab_result_free(r);
	}
}

static void test_text_view_without_plots_keeps_tables_and_facts(void **state)
{
	(void)state;
	struct lab_result *r = run_ok("q6", 1, "iterations=50", NULL);
	struct strbuf with = STRBUF_INIT, without = STRBUF_INIT;
	struct lab_view v = { .width = 80, .plot_height = 20, .ascii = false, .plots = true };
	assert_true(lab_render_text(r, &v, &with));
	v.plots = false;
	assert_true(lab_render_text(r, &v, &without));
	assert_non_null(strstr(strbuf_str(&with), "┤"));
	assert_null(strstr(strbuf_str(&without), "┤"));
	assert_non_null(strstr(strbuf_str(&without), "sum_sq_steps"));
	assert_non_null(strstr(strbuf_str(&without), "re-simulation"));
	strbuf_free(&with);
	strbuf_free(&without);
	lab_result_free(r);
}

static void test_plain_view_gives_each_plot_as_a_table_of_values(void **state)
{
	(void)state;
	struct lab_result *r = run_ok("q6", 1, "iterations=100", NULL);
	struct strbuf sb = STRBUF_INIT;
	struct lab_view v = { .width = 80, .plot_height = 20, .plots = false, .plot_values = true };
	assert_true(lab_render_text(r, &v, &sb));
	const char *s = strbuf_str(&sb);
	assert_null(strstr(s, "┤"));
	const char *t = strstr(s, "the values of its curves at 11 points");
	assert_non_null(t);
	/* The header names x and every curve; x runs 0, 10, ..., 100. */
	assert_non_null(strstr(t, "iteration"));
	assert_non_null(strstr(t, "η=10^-1.5"));
	const struct lab_plot *pl = lab_result_plot(r, NULL);
	const char *row = strstr(t, "\n        100  ");
	assert_non_null(row);
	/* The last row holds each curve's last value, to 4 digits. */
	for (size_t i = 0; i < pl->nseries; i++) {
		char want[32];
		lab_format_g(want, pl->series[i].y[pl->series[i].n - 1], 4);
		if (!strstr(row, want))
			fail_msg("'%s' not in the row '%.120s'", want, row);
	}
	assert_non_null(strstr(s, "sum_sq_steps"));
	strbuf_free(&sb);
	lab_result_free(r);
}

static void test_screen_view_draws_every_plot_before_the_rest(void **state)
{
	(void)state;
	/* taps' plot repeats its diagram: not in the text view, on a screen. */
	struct lab_result *r = run_ok("taps", 1, NULL);
	struct strbuf text = STRBUF_INIT, scr = STRBUF_INIT;
	struct lab_view v = { .width = 80, .plot_height = 12, .plots = true };
	assert_true(lab_render_text(r, &v, &text));
	assert_null(strstr(strbuf_str(&text), "taps reading each input pixel"));
	v.screen = true;
	assert_true(lab_render_text(r, &v, &scr));
	const char *s = strbuf_str(&scr);
	const char *plot = strstr(s, "taps reading each input pixel");
	const char *facts = strstr(s, "Facts (every tap enumerated)");
	assert_non_null(plot);
	assert_non_null(facts);
	assert_true(plot < facts);
	/* braille dots (U+2800..U+28FF: E2 A0..A3 xx) in the plot */
	bool braille = false;
	for (const char *c = plot; *c && c < facts && !braille; c++)
		braille = (unsigned char)c[0] == 0xe2 && (unsigned char)c[1] >= 0xa0 &&
			  (unsigned char)c[1] <= 0xa3;
	assert_true(braille);
	strbuf_free(&text);
	strbuf_free(&scr);
	lab_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quotes_fields_as_rfc_4180_says),
		cmocka_unit_test(test_csv_numbers_read_back_to_the_same_double),
		cmocka_unit_test(test_braille_canvas_draws_rising_curves_labelled_in_order),
		cmocka_unit_test(test_curves_ending_in_one_row_share_a_label),
		cmocka_unit_test(test_ascii_canvas_uses_ascii_only_at_any_size),
		cmocka_unit_test(test_svg_has_axes_one_polyline_per_curve_and_end_labels),
		cmocka_unit_test(test_text_view_in_ascii_has_no_other_byte),
		cmocka_unit_test(test_text_view_without_plots_keeps_tables_and_facts),
		cmocka_unit_test(test_plain_view_gives_each_plot_as_a_table_of_values),
		cmocka_unit_test(test_screen_view_draws_every_plot_before_the_rest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
