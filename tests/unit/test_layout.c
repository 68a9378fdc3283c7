/* Unit tests of the layout: rows of cells as ncurses will draw them, Chinese line
 * breaking, and the maps between byte offsets and cells. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <unistr.h>

#include "pizhu/layout.h"

/* Wraps s at width and joins the rows' bytes with '|'. */
static void wrap_str(const char *s, unsigned width, const struct layout_options *opt,
                     struct layout_rows *r, char *out)
{
	size_t n = strlen(s), o = 0;
	assert_int_equal(layout_wrap(s, 0, n, width, opt, r), PZ_OK);
	for (size_t i = 0; i < r->count; i++) {
		if (i)
			out[o++] = '|';
		memcpy(out + o, s + r->row[i].start, r->row[i].end - r->row[i].start);
		o += r->row[i].end - r->row[i].start;
	}
	out[o] = '\0';
}

/* Whether off is inside a valid UTF-8 sequence of s[0..n) that starts before it. */
static bool inside_char(const char *s, size_t n, size_t off)
{
	for (size_t back = 1; back <= 3 && back <= off; back++) {
		ucs4_t c;
		int len = u8_mbtoucr(&c, (const uint8_t *)s + off - back, n - (off - back));
		if (len > 0 && (size_t)len > back)
			return true;
	}
	return false;
}

static const char *const no_start[] = { "，", "。", "、", "；", "：", "？", "！", "）", "」", "”",
                                        "》", "%", NULL };

/* Invariants every wrap keeps: contiguous rows covering the range, no row wider than
 * the width (but a too-wide cell in width 1), walked widths equal to row widths, no
 * row starting with closing punctuation unless a run was too wide to keep whole. */
static void check_rows(const struct layout_rows *r, const char *s, size_t start, size_t end,
                       unsigned width, bool punct)
{
	assert_true(r->count >= 1);
	assert_int_equal(r->row[0].start, start);
	assert_int_equal(r->row[r->count - 1].end, end);
	for (size_t i = 0; i < r->count; i++) {
		const struct layout_row *row = &r->row[i];
		if (i)
			assert_int_equal(row->start, r->row[i - 1].end);
		assert_true(row->end > row->start || r->count == 1);
		assert_true(row->width <= width);
		assert_false(inside_char(s, end, row->start));
		struct layout_walk w;
		struct layout_cell c;
		unsigned cells = 0;
		layout_walk_init(&w, r, i);
		while (layout_walk_next(&w, &c)) {
			assert_int_equal(c.col, cells);
			cells += c.width;
		}
		assert_int_equal(cells, row->width);
		if (punct && i)
			for (const char *const *p = no_start; *p; p++)
				if (strncmp(s + row->start, *p, strlen(*p)) == 0)
					fail_msg("width %u row %zu starts with %s", width, i, *p);
	}
}

static void closing_punctuation_never_starts_a_row(void **state)
{
	(void)state;
	const char *s = "我们要坚定不移地推进改革开放，不断提高人民生活水平。在新的历史条件下，"
	                "必须坚持以人民为中心的发展思想；把增进人民福祉作为出发点和落脚点！"
	                "“火车跑得快，全靠车头带。”（这是老话。）《报告》说：好、很好？";
	struct layout_rows r;
	char out[2048];
	layout_rows_init(&r);
	/* the longest run without a break opportunity, 带。”（这, takes 9 cells: narrower
	 * rows must cut it between characters */
	for (unsigned w = 1; w <= 60; w++) {
		wrap_str(s, w, NULL, &r, out);
		check_rows(&r, s, 0, strlen(s), w, w >= 9);
	}
	/* 一二三四五 fills ten cells: the comma takes 五 with it */
	wrap_str("一二三四五，六七", 10, NULL, &r, out);
	assert_string_equal(out, "一二三四|五，六七");
	assert_int_equal(r.row[0].width, 8);
	assert_int_equal(r.row[1].width, 8);
	layout_rows_release(&r);
}

static void numbers_stay_whole(void **state)
{
	(void)state;
	struct layout_rows r;
	char out[256];
	layout_rows_init(&r);
	wrap_str("一二三四2024年", 10, NULL, &r, out);
	assert_string_equal(out, "一二三四|2024年");
	wrap_str("一二三四五80%", 12, NULL, &r, out);
	assert_string_equal(out, "一二三四五|80%");
	wrap_str("一二三四五六80%以上", 14, NULL, &r, out);
	assert_string_equal(out, "一二三四五六|80%以上");
	/* — is one cell under glibc; —— never splits */
	wrap_str("要坚持——这是根本", 8, NULL, &r, out);
	assert_string_equal(out, "要坚持——|这是根本");
	wrap_str("要坚持——这是根本", 7, NULL, &r, out);
	assert_string_equal(out, "要坚持|——这是|根本");
	layout_rows_release(&r);
}

static void width_one_and_two(void **state)
{
	(void)state;
	struct layout_rows r;
	char out[256];
	struct layout_walk w;
	struct layout_cell c;
	layout_rows_init(&r);
	/* width 1: a wide character is a row of its own, one '>' cell */
	wrap_str("中a文", 1, NULL, &r, out);
	assert_string_equal(out, "中|a|文");
	assert_int_equal(r.row[0].width, 1);
	assert_true(r.row[0].flags & LAYOUT_ROW_REPLACED);
	assert_false(r.row[1].flags & LAYOUT_ROW_REPLACED);
	layout_walk_init(&w, &r, 0);
	assert_true(layout_walk_next(&w, &c));
	assert_int_equal(c.kind, LAYOUT_CELL_TOO_WIDE);
	assert_int_equal(c.width, 1);
	assert_int_equal(c.end, 3);
	assert_false(layout_walk_next(&w, &c));
	/* width 0 is taken as 1 */
	wrap_str("ab", 0, NULL, &r, out);
	assert_string_equal(out, "a|b");
	/* width 2: one Chinese character a row; a comma that cannot fit with the
	 * character before it has to start a row (the run is wider than the row) */
	wrap_str("中文，好", 2, NULL, &r, out);
	assert_string_equal(out, "中|文|，|好");
	check_rows(&r, "中文，好", 0, strlen("中文，好"), 2, false);
	/* width 3: a wide character never goes into a last column it does not fit */
	wrap_str("a中文", 3, NULL, &r, out);
	assert_string_equal(out, "a中|文");
	wrap_str("ab中", 3, NULL, &r, out);
	assert_string_equal(out, "ab|中");
	assert_int_equal(r.row[0].width, 2);
	layout_rows_release(&r);
}

static void ascii_words_and_mixed(void **state)
{
	(void)state;
	struct layout_rows r;
	char out[256];
	struct layout_walk w;
	struct layout_cell c;
	layout_rows_init(&r);
	wrap_str("The quick brown fox jumps", 10, NULL, &r, out);
	assert_string_equal(out, "The quick |brown fox |jumps");
	/* at 9 the space after "quick" hangs past the end: in the row, no cell */
	wrap_str("The quick brown", 9, NULL, &r, out);
	assert_string_equal(out, "The quick |brown");
	assert_int_equal(r.row[0].width, 9);
	layout_walk_init(&w, &r, 0);
	unsigned hidden = 0;
	while (layout_walk_next(&w, &c))
		hidden += c.kind == LAYOUT_CELL_HIDDEN;
	assert_int_equal(hidden, 1);
	/* a word longer than the row is cut between characters */
	wrap_str("internationalization", 8, NULL, &r, out);
	assert_string_equal(out, "internat|ionaliza|tion");
	/* an English word inside Chinese stays whole */
	wrap_str("使用Python语言", 8, NULL, &r, out);
	assert_string_equal(out, "使用|Python语|言");
	layout_rows_release(&r);
}

static void tabs_expand_to_stops(void **state)
{
	(void)state;
	struct layout_rows r;
	char out[256];
	struct layout_walk w;
	struct layout_cell c;
	layout_rows_init(&r);
	wrap_str("a\tb", 20, NULL, &r, out);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.row[0].width, 9);
	layout_walk_init(&w, &r, 0);
	assert_true(layout_walk_next(&w, &c));
	assert_true(layout_walk_next(&w, &c));
	assert_int_equal(c.kind, LAYOUT_CELL_BLANK);
	assert_int_equal(c.col, 1);
	assert_int_equal(c.width, 7);
	assert_true(layout_walk_next(&w, &c));
	assert_int_equal(c.col, 8);
	/* other tab stops */
	struct layout_options opt = { .tab_width = 4 };
	wrap_str("中\tb", 20, &opt, &r, out);
	assert_int_equal(r.row[0].width, 5);
	/* a tab at the end is clipped to the row */
	wrap_str("abcdef\tg", 7, NULL, &r, out);
	assert_string_equal(out, "abcdef\t|g");
	assert_int_equal(r.row[0].width, 7);
	/* tab stops count from the row's start */
	wrap_str("abcdefgh\tx", 8, NULL, &r, out);
	assert_string_equal(out, "abcdefgh\t|x");
	assert_int_equal(layout_cells("a\tb", 0, 3), 9);
	layout_rows_release(&r);
}

static void controls_are_replaced(void **state)
{
	(void)state;
	struct layout_rows r;
	char out[256];
	struct layout_walk w;
	struct layout_cell c;
	layout_rows_init(&r);
	wrap_str("a\x01" "b\x7f", 20, NULL, &r, out);
	assert_int_equal(r.row[0].width, 4);
	assert_true(r.row[0].flags & LAYOUT_ROW_REPLACED);
	layout_walk_init(&w, &r, 0);
	layout_walk_next(&w, &c);
	layout_walk_next(&w, &c);
	assert_int_equal(c.kind, LAYOUT_CELL_REPLACED);
	assert_int_equal(c.width, 1);
	assert_int_equal(c.start, 1);
	/* U+2028 is shown replaced and ends its row */
	wrap_str("ab\xe2\x80\xa8" "cd", 20, NULL, &r, out);
	assert_string_equal(out, "ab\xe2\x80\xa8|cd");
	assert_int_equal(r.row[0].width, 3);
	/* bytes that are not UTF-8: one replacement each, never a split sequence */
	wrap_str("a\xff\xe4\xb8" "b", 20, NULL, &r, out);
	assert_int_equal(r.row[0].width, 5);
	assert_int_equal(layout_cells("\xe4\xb8", 0, 2), 2);
	/* a combining mark joins the character before it */
	wrap_str("e\xcc\x81x", 20, NULL, &r, out);
	assert_int_equal(r.row[0].width, 2);
	layout_walk_init(&w, &r, 0);
	layout_walk_next(&w, &c);
	assert_int_equal(c.end, 3);
	layout_rows_release(&r);
}

static void joined_lines(void **state)
{
	(void)state;
	struct layout_rows r;
	char out[256];
	layout_rows_init(&r);
	wrap_str("发展\n经济", 40, NULL, &r, out);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.row[0].width, 8);
	wrap_str("of\nthe", 40, NULL, &r, out);
	assert_int_equal(r.row[0].width, 6);
	assert_true(layout_newline_is_space("of\nthe", 0, 6, 2));
	assert_false(layout_newline_is_space("of\n经", 0, 6, 2));
	assert_false(layout_newline_is_space("of\nthe", 0, 3, 2));
	/* the joined text is broken as one: the comma after '\n' still glues */
	const char *s = "一二三四\n，五六";
	wrap_str(s, 8, NULL, &r, out);
	assert_string_equal(out, "一二三|四\n，五六");
	check_rows(&r, s, 0, strlen(s), 8, true);
	/* a row never starts with the '\n' */
	wrap_str("一二三四\n五六", 8, NULL, &r, out);
	assert_string_equal(out, "一二三四\n|五六");
	/* words joined by a '\n' break like words joined by a space */
	wrap_str("hello\nworld", 7, NULL, &r, out);
	assert_string_equal(out, "hello\n|world");
	layout_rows_release(&r);
}

static void indentation(void **state)
{
	(void)state;
	const char *s = "　　第一段落的文字";
	struct layout_rows r;
	size_t row;
	unsigned col;
	layout_rows_init(&r);
	assert_int_equal(layout_wrap(s, 0, strlen(s), 40, NULL, &r), PZ_OK);
	assert_int_equal(r.row[0].start, 0);
	assert_int_equal(r.row[0].width, 4 + 14);
	layout_locate(&r, 6, &row, &col);
	assert_int_equal(col, 4);
	struct layout_options opt = { .strip_indent = true };
	assert_int_equal(layout_wrap(s, 0, strlen(s), 40, &opt, &r), PZ_OK);
	assert_int_equal(r.row[0].start, 6);
	assert_int_equal(r.row[0].width, 14);
	layout_locate(&r, 3, &row, &col);
	assert_int_equal(row, 0);
	assert_int_equal(col, 0);
	/* an empty range is one empty row */
	assert_int_equal(layout_wrap(s, 3, 3, 40, NULL, &r), PZ_OK);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.row[0].width, 0);
	layout_rows_release(&r);
}

/* Every painted cell maps to its row and column and back; the range's end is after
 * the last row's last cell. */
static void check_round_trip(const struct layout_rows *r)
{
	for (size_t i = 0; i < r->count; i++) {
		struct layout_walk w;
		struct layout_cell c;
		size_t last = r->row[i].start;
		layout_walk_init(&w, r, i);
		while (layout_walk_next(&w, &c)) {
			size_t row;
			unsigned col;
			if (c.width == 0)
				continue;
			for (size_t off = c.start; off < c.end; off++) {
				layout_locate(r, off, &row, &col);
				assert_int_equal(row, i);
				assert_int_equal(col, c.col);
			}
			for (unsigned k = 0; k < c.width; k++)
				assert_int_equal(layout_offset_at(r, i, c.col + k), c.start);
			last = c.start;
		}
		/* right of the text: the row's last character */
		assert_int_equal(layout_offset_at(r, i, r->row[i].width + 5), last);
	}
	size_t row;
	unsigned col;
	layout_locate(r, r->end, &row, &col);
	assert_int_equal(row, r->count - 1);
	assert_int_equal(col, r->row[r->count - 1].width);
}

static void offsets_and_cells_round_trip(void **state)
{
	(void)state;
	const char *s = "　　2024年，我们a\tb要把“中国式现代化”推向前进。The quick fox\n"
	                "jumps；e\xcc\x81好\x01尾";
	size_t n = strlen(s);
	struct layout_rows r;
	layout_rows_init(&r);
	for (unsigned width = 1; width <= 30; width++) {
		assert_int_equal(layout_wrap(s, 0, n, width, NULL, &r), PZ_OK);
		check_rows(&r, s, 0, n, width, false);
		check_round_trip(&r);
	}
	layout_rows_release(&r);
}

static void clip_never_splits(void **state)
{
	(void)state;
	const char *s = "中文abc";
	size_t cells;
	assert_int_equal(layout_cells(s, 0, strlen(s)), 7);
	assert_int_equal(layout_clip(s, 0, strlen(s), 3, &cells), 3);
	assert_int_equal(cells, 2);
	assert_int_equal(layout_clip(s, 0, strlen(s), 4, &cells), 6);
	assert_int_equal(cells, 4);
	assert_int_equal(layout_clip(s, 0, strlen(s), 5, &cells), 7);
	assert_int_equal(layout_clip(s, 0, strlen(s), 1, &cells), 0);
	assert_int_equal(cells, 0);
	assert_int_equal(layout_clip(s, 0, strlen(s), 100, &cells), strlen(s));
	assert_int_equal(cells, 7);
	/* a combining mark stays with its base */
	assert_int_equal(layout_clip("e\xcc\x81x", 0, 4, 1, NULL), 3);
	/* a range inside a longer text */
	assert_int_equal(layout_clip(s, 3, strlen(s), 2, &cells), 6);
	assert_int_equal(layout_cells("第一章\t", 0, strlen("第一章\t")), 8);
}

/* Random texts of awkward pieces at every width: the invariants and round trips. */
static void random_texts(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"中", "，", "。", "a", "b", " ", "\t", "\n", "\x01", "e\xcc\x81", "2024", "%", "“",
		"”", "\xe2\x80\xa8", "　", "ab", "\xff", "——", "（", "）", "\xe4\xb8", "x\xe2\x80\x8b",
	};
	const size_t np = sizeof(pieces) / sizeof(pieces[0]);
	unsigned seed = 777;
	struct layout_rows r;
	layout_rows_init(&r);
	for (int round = 0; round < 400; round++) {
		char t[1024];
		size_t n = 0, k = (seed = seed * 1103515245 + 12345) / 65536 % 60;
		for (size_t i = 0; i < k; i++) {
			const char *p = pieces[(seed = seed * 1103515245 + 12345) / 65536 % np];
			memcpy(t + n, p, strlen(p));
			n += strlen(p);
		}
		t[n] = '\0';
		unsigned width = 1 + (seed = seed * 1103515245 + 12345) / 65536 % 24;
		struct layout_options opt = { .strip_indent = round % 2 };
		assert_int_equal(layout_wrap(t, 0, n, width, &opt, &r), PZ_OK);
		check_rows(&r, t, r.start, n, width, false);
		check_round_trip(&r);
	}
	layout_rows_release(&r);
}

/* ~10 MB in one paragraph with joined lines: correctness at size; the time is
 * printed, not asserted. */
static void ten_megabyte_paragraph(void **state)
{
	(void)state;
	const char *unit = "我们要坚定不移地推进改革开放，不断提高人民生活水平。2024年增长80%，"
	                   "GDP达到126万亿元（按可比价格计算）。\n";
	size_t ul = strlen(unit), n = 0, cap = 10u << 20;
	char *s = malloc(cap + ul + 1);
	assert_non_null(s);
	while (n + ul <= cap) {
		memcpy(s + n, unit, ul);
		n += ul;
	}
	s[n - 1] = '\0'; /* no final '\n' */
	n--;
	struct layout_rows r;
	layout_rows_init(&r);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(layout_wrap(s, 0, n, 80, NULL, &r), PZ_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("# layout_wrap: %.1f ms for %.1f MB (%.1f ms/MB), %zu rows\n", ms,
	       n / 1048576.0, ms / (n / 1048576.0), r.count);
	check_rows(&r, s, 0, n, 80, true);
	for (size_t i = 1; i < r.count; i++) {
		unsigned char a = (unsigned char)s[r.row[i - 1].end - 1];
		unsigned char b = (unsigned char)s[r.row[i].start];
		assert_false(a >= '0' && a <= '9' && b >= '0' && b <= '9');
	}
	layout_rows_release(&r);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(closing_punctuation_never_starts_a_row),
		cmocka_unit_test(numbers_stay_whole),
		cmocka_unit_test(width_one_and_two),
		cmocka_unit_test(ascii_words_and_mixed),
		cmocka_unit_test(tabs_expand_to_stops),
		cmocka_unit_test(controls_are_replaced),
		cmocka_unit_test(joined_lines),
		cmocka_unit_test(indentation),
		cmocka_unit_test(offsets_and_cells_round_trip),
		cmocka_unit_test(clip_never_splits),
		cmocka_unit_test(random_texts),
		cmocka_unit_test(ten_megabyte_paragraph),
	};
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("Bail out! no C.UTF-8 locale\n");
		return 1;
	}
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
