/* Unit tests of document.c: loading files and buffers, the refusals, line endings,
 * and the map from byte offsets to line:col and character indexes. */
#include "pizhu/document.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

static doc *load(const char *s, size_t n)
{
	doc *d = NULL;
	struct pz_where w;
	assert_int_equal(doc_load_buffer(s, n, NULL, &d, &w), PZ_OK);
	assert_non_null(d);
	return d;
}

static doc *load_str(const char *s)
{
	return load(s, strlen(s));
}

static void assert_text(const doc *d, const char *want)
{
	size_t len = 99;
	const char *t = doc_text(d, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(t, want, len);
	assert_int_equal(t[len], '\0');
}

static void assert_pos(const doc *d, size_t off, size_t line, size_t col)
{
	struct doc_pos p = doc_pos_of(d, off);
	if (p.line != line || p.col != col)
		fail_msg("offset %zu: got %zu:%zu, want %zu:%zu", off, p.line, p.col, line, col);
}

static void test_lf(void **state)
{
	(void)state;
	doc *d = load_str("第一行\n第二行\n");
	assert_text(d, "第一行\n第二行\n");
	assert_int_equal(doc_line_count(d), 2);
	assert_int_equal(doc_line_start(d, 0), 0);
	assert_int_equal(doc_line_len(d, 0), 9);
	assert_int_equal(doc_line_start(d, 1), 10);
	assert_int_equal(doc_line_len(d, 1), 9);
	assert_int_equal(doc_line_start(d, 2), 20); /* past the end: the length */
	assert_int_equal(doc_line_len(d, 2), 0);
	assert_string_equal(doc_encoding(d), "UTF-8");
	assert_false(doc_is_html(d));
	doc_free(d);
}

static void test_crlf(void **state)
{
	(void)state;
	doc *d = load_str("甲\r\n乙\r\n");
	assert_text(d, "甲\n乙\n");
	assert_int_equal(doc_line_count(d), 2);
	assert_int_equal(doc_line_start(d, 1), 4);
	assert_int_equal(doc_line_len(d, 1), 3);
	doc_free(d);
}

static void test_cr_only(void **state)
{
	(void)state;
	doc *d = load_str("甲\r乙\r丙");
	assert_text(d, "甲\n乙\n丙");
	assert_int_equal(doc_line_count(d), 3);
	assert_pos(d, 8, 3, 1);
	doc_free(d);
}

static void test_mixed_endings(void **state)
{
	(void)state;
	/* CRLF, CR, LF, CR CR (an empty line), LF CR (two endings) */
	doc *d = load_str("a\r\nb\rc\nd\r\re\n\rf");
	assert_text(d, "a\nb\nc\nd\n\ne\n\nf");
	assert_int_equal(doc_line_count(d), 8);
	assert_int_equal(doc_line_len(d, 4), 0);
	assert_pos(d, 12, 8, 1); /* 'f' */
	doc_free(d);
}

/* Every text of up to seven characters from a, CR and LF: CRLF and a lone CR each
 * become one LF, whatever stands around them. */
static void test_endings_exhaustive(void **state)
{
	(void)state;
	static const char alphabet[] = { 'a', '\r', '\n' };
	char in[8], want[8];
	for (size_t len = 0; len <= 7; len++) {
		size_t total = 1;
		for (size_t k = 0; k < len; k++)
			total *= 3;
		for (size_t code = 0; code < total; code++) {
			size_t c = code, w = 0;
			for (size_t k = 0; k < len; k++, c /= 3)
				in[k] = alphabet[c % 3];
			for (size_t k = 0; k < len; k++) {
				if (in[k] == '\r' && k + 1 < len && in[k + 1] == '\n')
					continue; /* the CR of a CRLF: its LF stays */
				want[w++] = in[k] == '\r' ? '\n' : in[k];
			}
			want[w] = '\0';
			doc *d = load(in, len);
			assert_text(d, want);
			doc_free(d);
		}
	}
}

/* Byte of every character of a text of 1-, 2-, 3- and 4-byte characters spanning many
 * index chunks, and one past the last, and back to its character index. */
static void test_byte_of_char(void **state)
{
	(void)state;
	static const char *const pieces[] = { "a", "é", "中", "\xF0\x9F\x98\x80", "，", "\n" };
	char text[4096];
	size_t len = 0, starts[4096], n = 0;
	for (unsigned x = 1; len + 4 < sizeof(text) - 1;) {
		x = x * 1103515245u + 12345u;
		const char *p = pieces[(x >> 16) % 6];
		starts[n++] = len;
		memcpy(text + len, p, strlen(p));
		len += strlen(p);
	}
	doc *d = load(text, len);
	for (size_t c = 0; c <= n; c++) {
		size_t want = c < n ? starts[c] : len;
		assert_int_equal(doc_byte_of_char(d, c), want);
		assert_int_equal(doc_char_index(d, want), c);
	}
	assert_int_equal(doc_byte_of_char(d, n + 10), len);
	doc_free(d);
}

static void test_line_counting(void **state)
{
	(void)state;
	doc *d = load_str("无换行");
	assert_int_equal(doc_line_count(d), 1); /* a final line without '\n' counts */
	assert_int_equal(doc_line_len(d, 0), 9);
	doc_free(d);
	d = load_str("\n");
	assert_int_equal(doc_line_count(d), 1); /* one empty line */
	assert_int_equal(doc_line_len(d, 0), 0);
	doc_free(d);
	d = load_str("a\n\nb");
	assert_int_equal(doc_line_count(d), 3);
	assert_int_equal(doc_line_start(d, 2), 3);
	assert_int_equal(doc_line_of(d, 2), 1);
	assert_int_equal(doc_line_of(d, 3), 2);
	assert_int_equal(doc_line_of(d, 4), 2); /* the text length: the last line */
	doc_free(d);
	d = load_str("a\n\n");
	assert_int_equal(doc_line_count(d), 2); /* the trailing '\n' starts no line */
	doc_free(d);
}

static void test_empty(void **state)
{
	(void)state;
	doc *d = load("", 0);
	size_t len = 9;
	const char *t = doc_text(d, &len);
	assert_non_null(t);
	assert_int_equal(len, 0);
	assert_int_equal(doc_line_count(d), 0);
	assert_int_equal(doc_line_of(d, 0), 0);
	assert_int_equal(doc_char_index(d, 0), 0);
	assert_pos(d, 0, 1, 1);
	doc_free(d);
	d = load(NULL, 0);
	assert_int_equal(doc_line_count(d), 0);
	doc_free(d);
	d = load_str("\xEF\xBB\xBF"); /* only a BOM */
	assert_int_equal(doc_line_count(d), 0);
	doc_free(d);
}

static void test_cjk_positions(void **state)
{
	(void)state;
	/* 我们的事业 (5 x 3 bytes), then 中国abc, then 𠀀 (4 bytes) and a tab */
	doc *d = load_str("我们的事业\n中国abc\n\xF0\xA0\x80\x80\tz");
	assert_pos(d, 0, 1, 1);
	assert_pos(d, 6, 1, 3);   /* 的 */
	assert_pos(d, 15, 1, 6);  /* the '\n': after the last character */
	assert_pos(d, 16, 2, 1);  /* 中 */
	assert_pos(d, 22, 2, 3);  /* a */
	assert_pos(d, 24, 2, 5);  /* c */
	assert_pos(d, 26, 3, 1);  /* 𠀀 */
	assert_pos(d, 30, 3, 2);  /* the tab: one character */
	assert_pos(d, 31, 3, 3);  /* z */
	assert_pos(d, 32, 3, 4);  /* the end */
	assert_pos(d, 1000, 3, 4); /* clamped */
	assert_int_equal(doc_char_index(d, 0), 0);
	assert_int_equal(doc_char_index(d, 16), 6);
	assert_int_equal(doc_char_index(d, 22), 8);
	assert_int_equal(doc_char_index(d, 31), 14);
	assert_int_equal(doc_char_index(d, 32), 15);
	assert_int_equal(doc_char_index(d, 1000), 15);
	doc_free(d);

	d = load_str("一\n二\n");
	assert_pos(d, 8, 2, 2); /* the length after a final '\n': end of the last line */
	doc_free(d);
}

/* A text mixing 1- to 4-byte characters, short and very long lines, compared at
 * every offset with a plain count. */
static void test_positions_exhaustive(void **state)
{
	(void)state;
	static const char *const pieces[] = { "a", "中", "\xC3\xA9", "\xF0\x9F\x98\x80",
	                                      "\n", "文", " ", "\xE3\x80\x80" };
	size_t cap = 40000, n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	unsigned x = 12345;
	while (n + 8 < cap) {
		x = x * 1103515245u + 12345u;
		unsigned r = (x >> 16) % 100;
		/* mostly CJK, newlines rare, with a run of 3000 bytes without one */
		const char *p = r < 2 && (n < 10000 || n > 13000) ? "\n" :
		                pieces[r % 8] [0] == '\n' ? "中" : pieces[r % 8];
		size_t k = strlen(p);
		memcpy(s + n, p, k);
		n += k;
	}
	doc *d = load(s, n);
	size_t line = 1, col = 1, chars = 0;
	for (size_t off = 0; off <= n; off++) {
		if (off == n || ((unsigned char)s[off] & 0xC0) != 0x80) {
			if (off < n || s[n - 1] != '\n')
				assert_pos(d, off, line, col);
			if (doc_char_index(d, off) != chars)
				fail_msg("char index at %zu: %zu, want %zu", off,
				         doc_char_index(d, off), chars);
			assert_int_equal(doc_line_of(d, off), line - 1);
		}
		if (off < n && ((unsigned char)s[off] & 0xC0) != 0x80) {
			chars++;
			if (s[off] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
	}
	assert_int_equal(doc_line_count(d), line - (s[n - 1] == '\n'));
	doc_free(d);
	free(s);
}

static void test_bom_stripped(void **state)
{
	(void)state;
	doc *d = load_str("\xEF\xBB\xBF标题\r\n正文");
	assert_text(d, "标题\n正文");
	assert_pos(d, 0, 1, 1);
	assert_string_equal(doc_encoding(d), "UTF-8");
	doc_free(d);
}

static void test_gbk(void **state)
{
	(void)state;
	/* "中文" CRLF "一" in GBK */
	const char gbk[] = { (char)0xD6, (char)0xD0, (char)0xCE, (char)0xC4, '\r', '\n',
	                     (char)0xD2, (char)0xBB };
	doc *d = load(gbk, sizeof gbk);
	assert_text(d, "中文\n一");
	assert_string_equal(doc_encoding(d), "GB18030");
	assert_pos(d, 7, 2, 1);
	doc_free(d);
}

static void test_forced(void **state)
{
	(void)state;
	const char gbk[] = { (char)0xD6, (char)0xD0 };
	char name[] = "GBK";
	struct doc_options opt = { name };
	doc *d = NULL;
	struct pz_where w;
	assert_int_equal(doc_load_buffer(gbk, sizeof gbk, &opt, &d, &w), PZ_OK);
	name[0] = 'X'; /* the document keeps its own copy of the name */
	assert_string_equal(doc_encoding(d), "GBK");
	assert_text(d, "中");
	doc_free(d);

	opt.encoding = "UTF-8";
	d = NULL;
	assert_int_equal(doc_load_buffer("ok\n\xD6\xD0", 5, &opt, &d, &w), PZ_CONVERT);
	assert_null(d);
	assert_int_equal(w.line, 2);
	assert_int_equal(w.byte, 1);
	assert_int_equal(w.offset, 3);

	opt.encoding = "NO-SUCH-CHARSET-42";
	assert_int_equal(doc_load_buffer("ok", 2, &opt, &d, &w), PZ_BADENC);
	assert_null(d);
}

static void test_refusals(void **state)
{
	(void)state;
	doc *d = NULL;
	struct pz_where w;
	assert_int_equal(doc_load_buffer("一\n二\0三", 11, NULL, &d, &w), PZ_BINARY);
	assert_null(d);
	assert_int_equal(w.line, 2);
	assert_int_equal(w.byte, 4);
	assert_int_equal(w.offset, 7);
	/* UTF-16 has NULs: refused as binary, intended */
	const char u16[] = { (char)0xFF, (char)0xFE, 'a', 0, 'b', 0 };
	assert_int_equal(doc_load_buffer(u16, sizeof u16, NULL, &d, &w), PZ_BINARY);
	assert_int_equal(w.offset, 3);
	/* the NUL check comes before decoding */
	assert_int_equal(doc_load_buffer("\xFF\0", 2, NULL, &d, &w), PZ_BINARY);
	assert_int_equal(doc_load_buffer("ab\r\n\xFF", 5, NULL, &d, &w), PZ_ENCODING);
	assert_int_equal(w.line, 2);
	assert_int_equal(w.byte, 1);
	assert_int_equal(w.offset, 4);
	assert_null(d);
}

static void test_html_doc(void **state)
{
	(void)state;
	doc *d = load_str("<!DOCTYPE html>\r\n<html><head><title>题</title></head>\r\n"
	                  "<body><p>第一段&amp;</p>\r\n<p>第二<b>段</b></p></body></html>");
	assert_true(doc_is_html(d));
	assert_text(d, "第一段&\n第二段\n");
	assert_int_equal(doc_line_count(d), 2);
	assert_pos(d, 11, 2, 1); /* positions are in the extracted text */
	doc_free(d);
	d = load_str("<前言>不是网页");
	assert_false(doc_is_html(d));
	doc_free(d);
}

/* A private directory for file tests, removed at the end. */
struct tmp {
	char dir[64];
	char path[128];
};

static int tmp_setup(void **state)
{
	struct tmp *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	strcpy(t->dir, "/tmp/pizhu-test-XXXXXX");
	if (!mkdtemp(t->dir))
		return -1;
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;
	const char *names[] = { "a.txt", "big.txt", "fifo", "sub", "empty.txt", "nul.txt" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(t->path, sizeof t->path, "%s/%s", t->dir, names[i]);
		if (unlink(t->path) != 0)
			rmdir(t->path);
	}
	rmdir(t->dir);
	free(t);
	return 0;
}

static const char *tmp_file(struct tmp *t, const char *name, const char *s, size_t n)
{
	snprintf(t->path, sizeof t->path, "%s/%s", t->dir, name);
	FILE *f = fopen(t->path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return t->path;
}

static void test_file(void **state)
{
	struct tmp *t = *state;
	doc *d = NULL;
	struct pz_where w;
	const char *p = tmp_file(t, "a.txt", "\xEF\xBB\xBF一\r\n二", 11);
	assert_int_equal(doc_load_file(p, NULL, &d, &w), PZ_OK);
	assert_text(d, "一\n二");
	assert_pos(d, 4, 2, 1);
	doc_free(d);

	p = tmp_file(t, "empty.txt", "", 0);
	d = NULL;
	assert_int_equal(doc_load_file(p, NULL, &d, &w), PZ_OK);
	assert_int_equal(doc_line_count(d), 0);
	doc_free(d);

	/* files in /proc say they are empty but are not: read to the end anyway */
	d = NULL;
	assert_int_equal(doc_load_file("/proc/self/status", NULL, &d, &w), PZ_OK);
	assert_true(doc_line_count(d) > 3);
	assert_int_equal(memcmp(doc_text(d, NULL), "Name:", 5), 0);
	doc_free(d);

	p = tmp_file(t, "nul.txt", "ab\ncd\0", 6);
	d = NULL;
	assert_int_equal(doc_load_file(p, NULL, &d, &w), PZ_BINARY);
	assert_null(d);
	assert_int_equal(w.line, 2);
	assert_int_equal(w.byte, 3);
}

static void test_file_refusals(void **state)
{
	struct tmp *t = *state;
	doc *d = NULL;
	struct pz_where w;

	snprintf(t->path, sizeof t->path, "%s/missing.txt", t->dir);
	assert_int_equal(doc_load_file(t->path, NULL, &d, &w), PZ_NOENT);
	snprintf(t->path, sizeof t->path, "%s/a.txt/below", t->dir);
	tmp_file(t, "a.txt", "x", 1);
	snprintf(t->path, sizeof t->path, "%s/a.txt/below", t->dir);
	assert_int_equal(doc_load_file(t->path, NULL, &d, &w), PZ_NOENT);

	snprintf(t->path, sizeof t->path, "%s/sub", t->dir);
	assert_int_equal(mkdir(t->path, 0700), 0);
	assert_int_equal(doc_load_file(t->path, NULL, &d, &w), PZ_ISDIR);

	/* a FIFO is refused without waiting for a writer */
	snprintf(t->path, sizeof t->path, "%s/fifo", t->dir);
	assert_int_equal(mkfifo(t->path, 0600), 0);
	assert_int_equal(doc_load_file(t->path, NULL, &d, &w), PZ_NOTREG);
	assert_int_equal(doc_load_file("/dev/null", NULL, &d, &w), PZ_NOTREG);
	assert_null(d);
	/* (permission denied cannot be tested as root) */
}

static void test_too_big(void **state)
{
	struct tmp *t = *state;
	doc *d = NULL;
	struct pz_where w;

	/* A sparse file one byte over the limit costs no disk; were it read, the test
	 * would take seconds and a quarter of a gigabyte. */
	snprintf(t->path, sizeof t->path, "%s/big.txt", t->dir);
	int fd = open(t->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)DOC_MAX_BYTES + 1), 0);
	assert_int_equal(close(fd), 0);
	assert_int_equal(doc_load_file(t->path, NULL, &d, &w), PZ_TOOBIG);
	assert_null(d);
}

/* The walking cursor answers as doc_pos_of does, for offsets growing, repeated, going
 * back, at line ends, on empty lines and past the end, in any order. */
static void test_pos_walk(void **state)
{
	(void)state;
	static const char *const texts[] = { "", "一", "第一行\n\n第三行ab\n", "x\n要\n",
		                             "甲乙\r\n丙" };
	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
		doc *d = load_str(texts[k]);
		size_t len;
		doc_text(d, &len);
		struct doc_cursor c = { 0 };
		unsigned seed = 7;
		for (int i = 0; i < 2000; i++) {
			size_t off;
			if (i < (int)len + 2) {
				off = (size_t)i; /* every offset in order first */
			} else {
				seed = seed * 1103515245u + 12345u;
				off = (seed >> 8) % (len + 2);
			}
			if (off > len)
				off = len;
			struct doc_pos want = doc_pos_of(d, off), got = doc_pos_walk(d, &c, off);
			if (got.line != want.line || got.col != want.col)
				fail_msg("'%s' offset %zu: walk %zu:%zu, pos_of %zu:%zu", texts[k], off,
				         got.line, got.col, want.line, want.col);
		}
		doc_free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lf),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_cr_only),
		cmocka_unit_test(test_mixed_endings),
		cmocka_unit_test(test_endings_exhaustive),
		cmocka_unit_test(test_byte_of_char),
		cmocka_unit_test(test_line_counting),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_cjk_positions),
		cmocka_unit_test(test_positions_exhaustive),
		cmocka_unit_test(test_pos_walk),
		cmocka_unit_test(test_bom_stripped),
		cmocka_unit_test(test_gbk),
		cmocka_unit_test(test_forced),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_html_doc),
		cmocka_unit_test_setup_teardown(test_file, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_file_refusals, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_too_big, tmp_setup, tmp_teardown),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
