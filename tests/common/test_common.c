/* Tests for the common layer: the arena, the string buffer and UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "strbuf.h"
#include "utf8.h"

/* ---- arena --------------------------------------------------------------- */

static void test_arena_allocations_are_aligned_and_distinct(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	char *p = arena_alloc(&a, 1);
	char *q = arena_alloc(&a, 3);
	double *d = arena_alloc(&a, sizeof *d);
	assert_non_null(p);
	assert_non_null(q);
	assert_non_null(d);
	assert_true(p != q);
	assert_int_equal((uintptr_t)d % _Alignof(max_align_t), 0);
	assert_int_equal((uintptr_t)q % _Alignof(max_align_t), 0);
	*d = 1.5;
	memset(p, 'x', 1);
	memset(q, 'y', 3);
	assert_true(*d == 1.5);
	assert_int_equal(p[0], 'x');
	arena_release(&a);
}

static void test_arena_grows_past_its_first_block(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	/* Far more than one block: every pointer must stay writable. */
	unsigned char *ptrs[200];
	for (int i = 0; i < 200; i++) {
		ptrs[i] = arena_alloc(&a, 1000);
		assert_non_null(ptrs[i]);
		memset(ptrs[i], i, 1000);
	}
	for (int i = 0; i < 200; i++)
		assert_int_equal(ptrs[i][999], (unsigned char)i);
	unsigned char *big = arena_alloc(&a, 1 << 20);
	assert_non_null(big);
	big[(1 << 20) - 1] = 7;
	arena_release(&a);
}

static void test_arena_cap_refuses_allocations_past_it(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	assert_non_null(arena_alloc(&a, 2000));
	assert_non_null(arena_alloc(&a, 1000));
	assert_null(arena_alloc(&a, 2000));
	/* A small one still fits after a refused big one. */
	assert_non_null(arena_alloc(&a, 16));
	arena_release(&a);
}

static void test_arena_refuses_absurd_sizes(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_null(arena_calloc(&a, SIZE_MAX / 2, 16));
	arena_release(&a);
}

static void test_arena_calloc_zero_fills(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	/* Dirty the memory first, then reset so calloc reuses it. */
	unsigned char *dirty = arena_alloc(&a, 256);
	memset(dirty, 0xAB, 256);
	arena_reset(&a);
	unsigned char *z = arena_calloc(&a, 64, 4);
	assert_non_null(z);
	for (int i = 0; i < 256; i++)
		assert_int_equal(z[i], 0);
	arena_release(&a);
}

static void test_arena_strndup_copies_and_terminates(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	const char *src = "hello world";
	char *s = arena_strndup(&a, src, 5);
	assert_string_equal(s, "hello");
	assert_true(s != src);
	assert_string_equal(arena_strndup(&a, "", 0), "");
	arena_release(&a);
}

static void test_arena_reset_forgets_usage_and_allows_reuse(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 10000);
	for (int i = 0; i < 9; i++)
		assert_non_null(arena_alloc(&a, 1000));
	assert_null(arena_alloc(&a, 2000));
	arena_reset(&a);
	assert_int_equal(a.used_total, 0);
	assert_non_null(arena_alloc(&a, 2000));
	arena_release(&a);
	/* Usable again after release + init, and release of an empty arena
	 * is harmless. */
	arena_init(&a, 0);
	arena_release(&a);
	arena_reset(&a);
	assert_non_null(arena_alloc(&a, 8));
	arena_release(&a);
}

/* ---- strbuf -------------------------------------------------------------- */

static void test_strbuf_empty_buffer_reads_as_empty_string(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(strbuf_str(&sb), "");
	char *s = strbuf_steal(&sb);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	strbuf_free(&sb);
}

static void test_strbuf_appends_chars_strings_and_formats(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_append(&sb, "a");
	strbuf_putc(&sb, 'b');
	strbuf_append_n(&sb, "cdef", 2);
	strbuf_printf(&sb, "[%d:%s]", 42, "x");
	assert_string_equal(strbuf_str(&sb), "abcd[42:x]");
	assert_int_equal(sb.len, strlen("abcd[42:x]"));
	strbuf_reset(&sb);
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_append(&sb, "again");
	assert_string_equal(strbuf_str(&sb), "again");
	strbuf_free(&sb);
}

static void test_strbuf_grows_for_long_content(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 10000; i++)
		strbuf_putc(&sb, (char)('a' + i % 26));
	assert_int_equal(sb.len, 10000);
	assert_int_equal(strlen(strbuf_str(&sb)), 10000);
	assert_int_equal(strbuf_str(&sb)[9999], 'a' + 9999 % 26);
	strbuf_printf(&sb, "%0500d", 7);
	assert_int_equal(sb.len, 10500);
	strbuf_free(&sb);
}

static void test_strbuf_steal_hands_over_and_empties(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_append(&sb, "mine");
	char *s = strbuf_steal(&sb);
	assert_string_equal(s, "mine");
	assert_int_equal(sb.len, 0);
	assert_string_equal(strbuf_str(&sb), "");
	free(s);
	strbuf_free(&sb);
	strbuf_free(&sb); /* twice is harmless */
}

struct visible_case {
	const char *in;
	size_t len;
	const char *out;
};

static void test_strbuf_visible_shows_every_control_and_bad_byte_and_keeps_utf8(void **state)
{
	(void)state;
	static const struct visible_case cases[] = {
		{ "q2.a", 4, "q2.a" },
		{ "\x1b]0;pwned\x07", 10, "\\e]0;pwned^G" },     /* a title change */
		{ "\x1b[2J", 4, "\\e[2J" },                      /* clear screen */
		{ "a\0b", 3, "a^@b" },
		{ "\n\r\x01\x1f", 4, "^J^M^A^_" },
		{ "a\tb", 3, "a b" },                             /* a tab is one space */
		{ "\x7f", 1, "^?" },
		{ "\xc2\x9b" "31m", 5, "\\x9b31m" },            /* C1 CSI as UTF-8 */
		{ "\xc2\x80\xc2\x9f\xc2\xa0", 6, "\\x80\\x9f\xc2\xa0" },  /* NBSP stays */
		{ "\x9b\xff\xfe", 3, "\\x9b\\xff\\xfe" },         /* not UTF-8 */
		{ "\xe2\x82", 2, "\\xe2\\x82" },                  /* truncated */
		{ "\xed\xa0\x80", 3, "\\xed\\xa0\\x80" },         /* a surrogate */
		{ "4 × 4 λ ½ 𝑥", 17, "4 × 4 λ ½ 𝑥" },
		{ "\\e ^X", 5, "\\e ^X" },                        /* printable: as is */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_append_visible(&sb, cases[i].in, cases[i].len);
		if (strcmp(strbuf_str(&sb), cases[i].out))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, strbuf_str(&sb), cases[i].out);
		assert_true(utf8_valid(sb.buf, sb.len, NULL));
		for (size_t k = 0; k < sb.len; k++)
			assert_true((unsigned char)sb.buf[k] >= 0x20 && sb.buf[k] != 0x7f);
		strbuf_free(&sb);
	}
}

static void test_strbuf_valid_utf8_replaces_bad_bytes_and_keeps_the_rest(void **state)
{
	(void)state;
	static const struct visible_case cases[] = {
		{ "plain × λ", 12, "plain × λ" },
		{ "a\xff" "b", 3, "a\xef\xbf\xbd" "b" },
		{ "\xe2\x82" "x", 3, "\xef\xbf\xbd\xef\xbf\xbd" "x" },
		{ "\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd" },     /* overlong '/' */
		{ "\x1b\x7f", 2, "\x1b\x7f" },                   /* controls are valid UTF-8 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_append_valid_utf8(&sb, cases[i].in, cases[i].len);
		if (strcmp(strbuf_str(&sb), cases[i].out))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, strbuf_str(&sb), cases[i].out);
		assert_true(utf8_valid(sb.buf, sb.len, NULL));
		strbuf_free(&sb);
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_append_valid_utf8(&sb, "a\0b", 3);
	assert_int_equal(sb.len, 3);
	assert_memory_equal(sb.buf, "a\0b", 3);
	strbuf_free(&sb);
}

/* ---- utf8 ---------------------------------------------------------------- */

struct decode_case {
	const char *bytes;
	size_t len;
	uint32_t cp;
	size_t used;
};

static void test_utf8_decodes_valid_and_rejects_invalid_sequences(void **state)
{
	(void)state;
	static const struct decode_case cases[] = {
		{ "A", 1, 'A', 1 },
		{ "\xC3\x97", 2, 0xD7, 2 },                 /* × */
		{ "\xE2\x88\x9A", 3, 0x221A, 3 },           /* √ */
		{ "\xE2\x82\x81", 3, 0x2081, 3 },           /* ₁ */
		{ "\xF0\x9D\x9C\x86", 4, 0x1D706, 4 },      /* math italic */
		{ "\x80", 1, UTF8_INVALID, 1 },             /* stray continuation */
		{ "\xC0\xAF", 2, UTF8_INVALID, 1 },         /* overlong '/' */
		{ "\xE0\x80\xAF", 3, UTF8_INVALID, 1 },     /* overlong */
		{ "\xED\xA0\x80", 3, UTF8_INVALID, 1 },     /* surrogate */
		{ "\xF4\x90\x80\x80", 4, UTF8_INVALID, 1 }, /* past U+10FFFF */
		{ "\xE2\x88", 2, UTF8_INVALID, 1 },         /* truncated */
		{ "\xE2\x41\x41", 3, UTF8_INVALID, 1 },     /* bad continuation */
		{ "\xFF", 1, UTF8_INVALID, 1 },
		{ "", 0, UTF8_INVALID, 1 },
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t used = 99;
		uint32_t cp = utf8_decode(cases[i].bytes, cases[i].len, &used);
		if (cp != cases[i].cp || used != cases[i].used) {
			print_error("utf8_decode case %zu: got U+%04X/%zu, want U+%04X/%zu\n",
				    i, (unsigned)cp, used, (unsigned)cases[i].cp,
				    cases[i].used);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static void test_utf8_encode_round_trips_through_decode(void **state)
{
	(void)state;
	static const uint32_t cps[] = { 0, 'x', 0x7F, 0x80, 0x7FF, 0x800, 0x2016,
		0xFFFD, 0xFFFF, 0x10000, 0x1D706, 0x10FFFF };
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char buf[4];
		size_t n = utf8_encode(cps[i], buf);
		assert_true(n >= 1 && n <= 4);
		size_t used;
		assert_int_equal(utf8_decode(buf, n, &used), cps[i]);
		assert_int_equal(used, n);
	}
}

static void test_utf8_encode_refuses_surrogates_and_out_of_range(void **state)
{
	(void)state;
	char buf[4];
	assert_int_equal(utf8_encode(0xD800, buf), 0);
	assert_int_equal(utf8_encode(0xDFFF, buf), 0);
	assert_int_equal(utf8_encode(0x110000, buf), 0);
}

static void test_utf8_valid_reports_first_bad_offset(void **state)
{
	(void)state;
	const char *good = "W₁ × ‖u‖²";
	assert_true(utf8_valid(good, strlen(good), NULL));
	const char *bad = "ab×\xC3 c";
	size_t off = 0;
	assert_false(utf8_valid(bad, strlen(bad), &off));
	assert_int_equal(off, 4);
	assert_true(utf8_valid("", 0, NULL));
}

static void test_utf8_count_counts_code_points_and_bad_bytes_as_one(void **state)
{
	(void)state;
	assert_int_equal(utf8_count("", 0), 0);
	assert_int_equal(utf8_count("abc", 3), 3);
	const char *s = "‖u‖²";
	assert_int_equal(utf8_count(s, strlen(s)), 4);
	assert_int_equal(utf8_count("a\xFF" "b", 3), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_allocations_are_aligned_and_distinct),
		cmocka_unit_test(test_arena_grows_past_its_first_block),
		cmocka_unit_test(test_arena_cap_refuses_allocations_past_it),
		cmocka_unit_test(test_arena_refuses_absurd_sizes),
		cmocka_unit_test(test_arena_calloc_zero_fills),
		cmocka_unit_test(test_arena_strndup_copies_and_terminates),
		cmocka_unit_test(test_arena_reset_forgets_usage_and_allows_reuse),
		cmocka_unit_test(test_strbuf_empty_buffer_reads_as_empty_string),
		cmocka_unit_test(test_strbuf_appends_chars_strings_and_formats),
		cmocka_unit_test(test_strbuf_grows_for_long_content),
		cmocka_unit_test(test_strbuf_steal_hands_over_and_empties),
		cmocka_unit_test(test_strbuf_visible_shows_every_control_and_bad_byte_and_keeps_utf8),
		cmocka_unit_test(test_strbuf_valid_utf8_replaces_bad_bytes_and_keeps_the_rest),
		cmocka_unit_test(test_utf8_decodes_valid_and_rejects_invalid_sequences),
		cmocka_unit_test(test_utf8_encode_round_trips_through_decode),
		cmocka_unit_test(test_utf8_encode_refuses_surrogates_and_out_of_range),
		cmocka_unit_test(test_utf8_valid_reports_first_bad_offset),
		cmocka_unit_test(test_utf8_count_counts_code_points_and_bad_bytes_as_one),
	};
	return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
