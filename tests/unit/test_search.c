/* Unit tests of the search: folded matching (full-width, case, NFKC) with every
 * position in the original text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>

#include "pizhu/search.h"

/* The first match of q in t at or after from (forward): "start-end", "start-end w"
 * when wrapped, or "none". */
static void find(const char *t, const char *q, size_t from, enum search_dir dir, char *out)
{
	search *s;
	struct search_match m;
	assert_int_equal(search_new(t, strlen(t), &s), PZ_OK);
	enum pz_status st = search_find(s, q, strlen(q), from, dir, &m);
	if (st == PZ_NOTFOUND) {
		strcpy(out, "none");
	} else {
		assert_int_equal(st, PZ_OK);
		assert_true(m.start < m.end && m.end <= strlen(t));
		/* never inside a UTF-8 sequence of the source */
		assert_true((t[m.start] & 0xc0) != 0x80);
		assert_true(m.end == strlen(t) || (t[m.end] & 0xc0) != 0x80);
		sprintf(out, "%zu-%zu%s", m.start, m.end, m.wrapped ? " w" : "");
	}
	search_free(s);
}

#define FINDS(t, q, from, dir, want)              \
	do {                                      \
		char out_[64];                    \
		find(t, q, from, dir, out_);      \
		assert_string_equal(out_, want);  \
	} while (0)
#define FWD SEARCH_FORWARD
#define BWD SEARCH_BACKWARD

static void full_width_and_ascii(void **state)
{
	(void)state;
	/* 前 0-3, ＡＢＣ 3-12, 后 12-15, abc 15-18 */
	const char *t = "前ＡＢＣ后abc";
	FINDS(t, "abc", 0, FWD, "3-12");
	FINDS(t, "abc", 4, FWD, "15-18");
	FINDS(t, "ＡＢＣ", 4, FWD, "15-18");
	FINDS(t, "ＡＢＣ", 0, FWD, "3-12");
	FINDS(t, "ｂｃ", 0, FWD, "6-12");
	FINDS("第１２条和12条", "12", 0, FWD, "3-9");
	FINDS("第１２条和12条", "１２", 4, FWD, "15-17");
	/* full-width punctuation folds to ASCII */
	FINDS("好，好", ",", 0, FWD, "3-6");
}

/* “” and "", ‘’ and '', 【】 and [] are one another, both ways; 《》 are not <>. */
static void quotes_and_brackets(void **state)
{
	(void)state;
	/* 说 0-3, “ 3-6, 好 6-9, ” 9-12, 【 12-15, 一 15-18, 】 18-21 */
	const char *t = "说“好”【一】";
	FINDS(t, "\"好\"", 0, FWD, "3-12");
	FINDS(t, "“好”", 0, FWD, "3-12");
	FINDS(t, "[一]", 0, FWD, "12-21");
	FINDS(t, "【一】", 0, FWD, "12-21");
	FINDS(t, "好\"[", 0, FWD, "6-15");
	FINDS("他说'好'", "‘好’", 0, FWD, "6-11");
	FINDS("他说‘好’", "'好'", 0, FWD, "6-15");
	FINDS("a\"b\"", "“b”", 0, FWD, "1-4");
	FINDS("《规划》", "<规划>", 0, FWD, "none");
	/* a typed ASCII quote finds the Chinese one before the query's other half */
	FINDS(t, "\"", 4, FWD, "9-12");
}

/* The count of matches as n visits them, and the number of the one at a byte. */
static void counting(void **state)
{
	(void)state;
	/* 要 0-3 ... “要” 9-18, 要要 21-27 */
	const char *t = "要抓好“要”，要要";
	search *s;
	size_t index, total;
	assert_int_equal(search_new(t, strlen(t), &s), PZ_OK);
	assert_int_equal(search_count(s, "要", 3, 0, 100, &index, &total), PZ_OK);
	assert_int_equal(total, 4);
	assert_int_equal(index, 1);
	assert_int_equal(search_count(s, "要", 3, 21, 100, &index, &total), PZ_OK);
	assert_int_equal(index, 3);
	assert_int_equal(search_count(s, "要", 3, 24, 100, &index, &total), PZ_OK);
	assert_int_equal(index, 4);
	assert_int_equal(search_count(s, "要", 3, 3, 100, &index, &total), PZ_OK);
	assert_int_equal(index, 0); /* no match starts there */
	assert_int_equal(search_count(s, "要", 3, 24, 2, &index, &total), PZ_OK);
	assert_int_equal(total, 2); /* stopped at max */
	assert_int_equal(index, 0);
	assert_int_equal(search_count(s, "\"要\"", 5, 9, 100, &index, &total), PZ_OK);
	assert_int_equal(total, 1);
	assert_int_equal(index, 1);
	assert_int_equal(search_count(s, "无", 3, 0, 100, &index, &total), PZ_OK);
	assert_int_equal(total, 0);
	assert_int_equal(search_count(s, "", 0, 0, 100, &index, &total), PZ_OK);
	assert_int_equal(total, 0);
	/* overlapping matches count as n visits them */
	search_free(s);
	assert_int_equal(search_new("哈哈哈", 9, &s), PZ_OK);
	assert_int_equal(search_count(s, "哈哈", 6, 3, 100, &index, &total), PZ_OK);
	assert_int_equal(total, 2);
	assert_int_equal(index, 2);
	search_free(s);
}

static void letter_case(void **state)
{
	(void)state;
	FINDS("Hello World", "hELLO w", 0, FWD, "0-7");
	FINDS("hello", "HELLO", 0, FWD, "0-5");
	FINDS("ＨＥＬＬＯ", "hello", 0, FWD, "0-15");
	FINDS("Straße", "STRASSE", 0, FWD, "0-7");
}

static void ideographic_space(void **state)
{
	(void)state;
	FINDS("甲　乙", "甲 乙", 0, FWD, "0-9");
	FINDS("甲 乙", "甲　乙", 0, FWD, "0-7");
}

static void compatibility_expansions(void **state)
{
	(void)state;
	/* 重 0-3, 5 3-4, ㎏ 4-7, 。7-10 */
	FINDS("重5㎏。", "kg", 0, FWD, "4-7");
	FINDS("重5㎏。", "5KG", 0, FWD, "3-7");
	FINDS("重5㎏。", "g", 0, FWD, "none");  /* inside the ㎏ unit */
	FINDS("重5㎏。", "k", 0, FWD, "none");
	/* ﬁ 0-3 */
	FINDS("ﬁle", "file", 0, FWD, "0-5");
	FINDS("ﬁle", "FI", 0, FWD, "0-3");
	FINDS("a file", "ﬁ", 0, FWD, "2-4");
	/* … folds to "...": a single '.' is not inside it */
	FINDS("a…b", ".", 0, FWD, "none");
	FINDS("a…b", "...", 0, FWD, "1-4");
	FINDS("第⑫条", "12", 0, FWD, "3-6");
	/* a decomposed é (e + U+0301) is one unit: it matches é, never plain e */
	FINDS("cafe\xcc\x81!", "café", 0, FWD, "0-6");
	FINDS("cafe\xcc\x81!", "cafe", 0, FWD, "none");
}

static void backward_and_wrap(void **state)
{
	(void)state;
	const char *t = "abc abc abc";
	FINDS(t, "abc", 8, BWD, "4-7");
	FINDS(t, "abc", 4, BWD, "0-3");
	FINDS(t, "abc", 5, BWD, "4-7");
	FINDS(t, "abc", 0, BWD, "8-11 w");
	FINDS(t, "abc", 9, FWD, "0-3 w");
	FINDS(t, "abc", 8, FWD, "8-11");
	FINDS(t, "abc", 11, FWD, "0-3 w");
	FINDS(t, "ＡＢＣ", 1, FWD, "4-7");
	FINDS("ＡＢＣ，ａｂｃ", "abc", 12, BWD, "0-9");
	FINDS("ＡＢＣ，ａｂｃ", "abc", 0, BWD, "12-21 w");
	/* a single match: found again, wrapped */
	FINDS("xyz", "y", 2, FWD, "1-2 w");
	FINDS("xyz", "y", 1, BWD, "1-2 w");
}

static void nothing_to_find(void **state)
{
	(void)state;
	FINDS("abc", "", 0, FWD, "none");
	FINDS("abc", "d", 0, FWD, "none");
	FINDS("abc", "d", 0, BWD, "none");
	FINDS("", "a", 0, FWD, "none");
	FINDS("ab", "abc", 0, FWD, "none");
	/* offsets past the end are clamped */
	FINDS("abc", "b", 99, FWD, "1-2 w");
}

static void no_match_inside_a_sequence(void **state)
{
	(void)state;
	/* 中 is e4 b8 ad: its last two bytes as a query are not UTF-8, fold to U+FFFD */
	FINDS("中文", "\xb8\xad", 0, FWD, "none");
	FINDS("中文", "\xad", 0, FWD, "none");
	/* an invalid byte in the text is a unit of its own */
	FINDS("a\xff" "b", "b", 0, FWD, "2-3");
	/* searching from inside a character starts at the next one */
	FINDS("中中", "中", 1, FWD, "3-6");
	FINDS("中中", "中", 4, BWD, "3-6");
}

static void joined_lines(void **state)
{
	(void)state;
	/* 发展 0-6, '\n' 6, 经济 7-13 */
	FINDS("发展\n经济", "发展经济", 0, FWD, "0-13");
	FINDS("发展\n经济", "经济", 0, FWD, "7-13");
	FINDS("发展\n经济", "展经", 0, FWD, "3-10");
	FINDS("of\nthe", "of the", 0, FWD, "0-6");
	/* a blank line or an indented line starts a paragraph: no match across it */
	FINDS("段落。\n\n新段", "。新", 0, FWD, "none");
	FINDS("段落。\n　　新段", "。新", 0, FWD, "none");
	FINDS("段落。\n　　新段", "新段", 0, FWD, "16-22");
}

static void matches_in_range(void **state)
{
	(void)state;
	const char *t = "abcXabcXabc";
	search *s;
	struct search_match m[8];
	size_t count;
	assert_int_equal(search_new(t, strlen(t), &s), PZ_OK);
	assert_int_equal(search_matches_in(s, "ABC", 3, 1, 9, m, 8, &count), PZ_OK);
	assert_int_equal(count, 2);
	assert_int_equal(m[0].start, 4);
	assert_int_equal(m[0].end, 7);
	assert_int_equal(m[1].start, 8);
	assert_int_equal(m[1].end, 11); /* ends after the range */
	assert_int_equal(search_matches_in(s, "abc", 3, 0, 11, m, 1, &count), PZ_OK);
	assert_int_equal(count, 1);
	assert_int_equal(m[0].start, 0);
	assert_int_equal(search_matches_in(s, "", 0, 0, 11, m, 8, &count), PZ_OK);
	assert_int_equal(count, 0);
	assert_int_equal(search_matches_in(s, "abc", 3, 5, 5, m, 8, &count), PZ_OK);
	assert_int_equal(count, 0);
	/* not overlapping */
	assert_int_equal(search_matches_in(s, "X", 1, 0, 11, m, 8, &count), PZ_OK);
	assert_int_equal(count, 2);
	search_free(s);
	search_new("aaaa", 4, &s);
	assert_int_equal(search_matches_in(s, "aa", 2, 0, 4, m, 8, &count), PZ_OK);
	assert_int_equal(count, 2);
	assert_int_equal(m[1].start, 2);
	search_free(s);
}

/* Many checkpoints: every match of a repeated unit lands on the right bytes; the
 * folding time and memory are printed for the README, not asserted. */
static void long_text_offsets(void **state)
{
	(void)state;
	const char *unit = "　　我们要坚定不移地推进改革开放，不断提高人民生活水平（ＡＢＣ）。abc，"
	                   "Ｔｈｅ ＧＤＰ增长5.2%；\n";
	size_t ul = strlen(unit), reps = (8u << 20) / ul, n = reps * ul;
	char *t = malloc(n + 1);
	assert_non_null(t);
	for (size_t i = 0; i < reps; i++)
		memcpy(t + i * ul, unit, ul);
	t[n] = '\0';
	search *s;
	assert_int_equal(search_new(t, n, &s), PZ_OK);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(search_prepare(s), PZ_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("# search_prepare: %.1f ms for %.1f MB (%.1f ms/MB), %.2f bytes kept per byte\n",
	       ms, n / 1048576.0, ms / (n / 1048576.0), (double)search_memory(s) / n);
	const char *abc = strstr(unit, "ＡＢＣ"), *gdp = strstr(unit, "ＧＤＰ");
	size_t off_abc = (size_t)(abc - unit), off_gdp = (size_t)(gdp - unit);
	/* every unit holds ＡＢＣ and abc */
	static struct search_match m[1000];
	size_t count, first = (reps / 2) * ul;
	assert_int_equal(search_matches_in(s, "abc", 3, first, first + 500 * ul, m, 1000, &count),
	                 PZ_OK);
	assert_int_equal(count, 1000);
	for (size_t i = 0; i < count; i++) {
		size_t k = first + (i / 2) * ul;
		if (i % 2 == 0) {
			assert_int_equal(m[i].start, k + off_abc);
			assert_int_equal(m[i].end, k + off_abc + 9);
		} else {
			assert_int_equal(memcmp(t + m[i].start, "abc", 3), 0);
			assert_int_equal(m[i].end, m[i].start + 3);
		}
	}
	struct search_match f;
	assert_int_equal(search_find(s, "the gdp", 7, n - ul, SEARCH_FORWARD, &f), PZ_OK);
	assert_int_equal(f.start, n - ul + off_gdp - strlen("Ｔｈｅ "));
	assert_false(f.wrapped);
	assert_int_equal(search_find(s, "the gdp", 7, n - ul, SEARCH_BACKWARD, &f), PZ_OK);
	assert_int_equal(f.start, n - 2 * ul + off_gdp - strlen("Ｔｈｅ "));
	/* the last paragraph's end is not joined to the text's start */
	assert_int_equal(search_find(s, "；　", strlen("；　"), 0, SEARCH_FORWARD, &f), PZ_NOTFOUND);
	search_free(s);
	free(t);
}

/* NFKC and case folding of s[0..n) by libunistring, for reference; owned. */
static uint8_t *ref_fold(const char *s, size_t n, size_t *len)
{
	size_t l1;
	uint8_t *r1 = u8_normalize(UNINORM_NFKC, (const uint8_t *)s, n, NULL, &l1);
	assert_non_null(r1);
	uint8_t *r2 = u8_casefold(r1, l1, NULL, UNINORM_NFKC, NULL, len);
	assert_non_null(r2);
	free(r1);
	return r2;
}

/* The characters folded without libunistring fold as libunistring folds them: the
 * text holds the character, the query libunistring's fold of it. */
static void fast_folds_agree_with_libunistring(void **state)
{
	(void)state;
	static const ucs4_t ranges[][3] = { /* first, last, step */
		{ 0x21, 0x7e, 1 }, { 0x3000, 0x3000, 1 }, { 0xff01, 0xff5e, 1 },
		{ 0x3400, 0x4dbf, 7 }, { 0x4e00, 0x9fff, 7 },
	};
	for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
		for (ucs4_t c = ranges[r][0]; c <= ranges[r][1]; c += ranges[r][2]) {
			char t[8];
			int n = u8_uctomb((uint8_t *)t, c, 8);
			size_t ql;
			uint8_t *q = ref_fold(t, (size_t)n, &ql);
			search *s;
			struct search_match m;
			assert_int_equal(search_new(t, (size_t)n, &s), PZ_OK);
			if (search_find(s, (const char *)q, ql, 0, SEARCH_FORWARD, &m) != PZ_OK)
				fail_msg("U+%04X does not fold as libunistring folds it", (unsigned)c);
			assert_int_equal(m.end, (size_t)n);
			search_free(s);
			free(q);
		}
	}
}

/* Random texts of pieces (each one folding unit): every match is exactly where a
 * brute-force comparison of libunistring folds finds one. */
static void random_texts_agree_with_brute_force(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a", "A", "\xef\xbc\xa1" /* Ａ */, "\xef\xbd\x81" /* ａ */, "b", "中", "，", ",", "　", " ",
		"ﬁ", "f", "i", "㎏", "k", "g", "e\xcc\x81", "é", "…", ".", "1", "①", "ß", "s",
	};
	const size_t np = sizeof(pieces) / sizeof(pieces[0]);
	unsigned seed = 12345, rounds_with_matches = 0;
	for (int round = 0; round < 300; round++) {
		char t[2048], q[64];
		size_t bound[200], nb = 0, tn = 0, qn = 0;
		size_t pieces_in_text = 1 + (seed = seed * 1103515245 + 12345) % 120;
		for (size_t i = 0; i < pieces_in_text; i++) {
			bound[nb++] = tn;
			const char *p = pieces[(seed = seed * 1103515245 + 12345) / 65536 % np];
			memcpy(t + tn, p, strlen(p));
			tn += strlen(p);
		}
		bound[nb] = tn;
		size_t qp = 1 + (seed = seed * 1103515245 + 12345) / 65536 % 3;
		for (size_t i = 0; i < qp; i++) {
			const char *p = pieces[(seed = seed * 1103515245 + 12345) / 65536 % np];
			memcpy(q + qn, p, strlen(p));
			qn += strlen(p);
		}
		size_t fql;
		uint8_t *fq = ref_fold(q, qn, &fql);
		/* brute force, not overlapping */
		size_t want[200][2], nwant = 0;
		for (size_t i = 0; i < nb; i++) {
			if (nwant && bound[i] < want[nwant - 1][1])
				continue;
			for (size_t j = i + 1; j <= nb; j++) {
				size_t fl;
				uint8_t *f = ref_fold(t + bound[i], bound[j] - bound[i], &fl);
				bool eq = fl == fql && memcmp(f, fq, fl) == 0;
				free(f);
				if (eq) {
					want[nwant][0] = bound[i];
					want[nwant++][1] = bound[j];
					break;
				}
			}
		}
		free(fq);
		rounds_with_matches += nwant > 0;
		search *s;
		struct search_match m[200];
		size_t count;
		assert_int_equal(search_new(t, tn, &s), PZ_OK);
		assert_int_equal(search_matches_in(s, q, qn, 0, tn, m, 200, &count), PZ_OK);
		assert_int_equal(count, nwant);
		for (size_t i = 0; i < count; i++) {
			assert_int_equal(m[i].start, want[i][0]);
			assert_int_equal(m[i].end, want[i][1]);
		}
		struct search_match f;
		enum pz_status st = search_find(s, q, qn, 0, SEARCH_FORWARD, &f);
		assert_int_equal(st, nwant ? PZ_OK : PZ_NOTFOUND);
		if (nwant)
			assert_int_equal(f.start, want[0][0]);
		search_free(s);
	}
	/* the seed gives both rounds with and without matches */
	assert_true(rounds_with_matches > 30 && rounds_with_matches < 290);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_width_and_ascii),
		cmocka_unit_test(letter_case),
		cmocka_unit_test(quotes_and_brackets),
		cmocka_unit_test(counting),
		cmocka_unit_test(ideographic_space),
		cmocka_unit_test(compatibility_expansions),
		cmocka_unit_test(backward_and_wrap),
		cmocka_unit_test(nothing_to_find),
		cmocka_unit_test(no_match_inside_a_sequence),
		cmocka_unit_test(joined_lines),
		cmocka_unit_test(matches_in_range),
		cmocka_unit_test(long_text_offsets),
		cmocka_unit_test(fast_folds_agree_with_libunistring),
		cmocka_unit_test(random_texts_agree_with_brute_force),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
