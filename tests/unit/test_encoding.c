/* Unit tests of encoding.c and status.c: detection of UTF-8 and GB18030, BOMs,
 * forced encodings and where decoding failed. */
#include "pizhu/encoding.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistr.h>

/* Decodes s[0..n), expecting success; returns the text (free it). */
static char *decode_ok(const char *s, size_t n, const char *enc, const char **used)
{
	char *out = NULL;
	size_t outlen = 99;
	struct pz_where w;
	assert_int_equal(pz_decode(s, n, enc, &out, &outlen, used, &w), PZ_OK);
	assert_non_null(out);
	assert_int_equal(strlen(out), outlen); /* NUL-terminated, no NUL inside */
	return out;
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(pz_strerror(PZ_OK), "success");
	assert_string_equal(pz_strerror(PZ_BINARY), "binary data (NUL byte)");
	assert_string_equal(pz_strerror(PZ_CONVERT), "not valid in the requested encoding");
	for (int i = 0; i < PZ_STATUS_COUNT; i++)
		assert_true(pz_strerror((enum pz_status)i)[0] != '\0');
	assert_string_equal(pz_strerror(PZ_STATUS_COUNT), "unknown error");
	assert_string_equal(pz_strerror((enum pz_status)-1), "unknown error");
}

static void test_utf8_plain(void **state)
{
	(void)state;
	const char *used = NULL;
	const char s[] = "同志们：\n今天开会。";
	char *t = decode_ok(s, sizeof s - 1, NULL, &used);
	assert_string_equal(t, s);
	assert_string_equal(used, "UTF-8");
	free(t);
	t = decode_ok(s, sizeof s - 1, "", &used); /* "" means detect too */
	assert_string_equal(t, s);
	free(t);
}

static void test_bom_stripped(void **state)
{
	(void)state;
	const char *used = NULL;
	const char s[] = "\xEF\xBB\xBF大家好";
	char *t = decode_ok(s, sizeof s - 1, NULL, &used);
	assert_string_equal(t, "大家好");
	assert_string_equal(used, "UTF-8");
	free(t);
	/* only a BOM: empty text */
	t = decode_ok(s, 3, NULL, NULL);
	assert_string_equal(t, "");
	free(t);
	/* a BOM in the middle is text, not a BOM */
	const char m[] = "a\xEF\xBB\xBF";
	t = decode_ok(m, sizeof m - 1, NULL, NULL);
	assert_string_equal(t, m);
	free(t);
}

static void test_empty(void **state)
{
	(void)state;
	char *out = NULL;
	size_t outlen = 7;
	assert_int_equal(pz_decode("", 0, NULL, &out, &outlen, NULL, NULL), PZ_OK);
	assert_int_equal(outlen, 0);
	assert_non_null(out);
	free(out);
	out = NULL;
	assert_int_equal(pz_decode(NULL, 0, "GBK", &out, &outlen, NULL, NULL), PZ_OK);
	assert_int_equal(outlen, 0);
	free(out);
}

static void test_gbk_detected(void **state)
{
	(void)state;
	const char *used = NULL;
	/* "中文" in GBK, then ASCII, then "一" */
	const char gbk[] = { (char)0xD6, (char)0xD0, (char)0xCE, (char)0xC4, 'o', 'k',
	                     '\n', (char)0xD2, (char)0xBB };
	char *t = decode_ok(gbk, sizeof gbk, NULL, &used);
	assert_string_equal(t, "中文ok\n一");
	assert_string_equal(used, "GB18030");
	free(t);
}

static void test_gb18030_four_byte(void **state)
{
	(void)state;
	const char *used = NULL;
	/* U+00A5 (81 30 84 36) and U+20000 (95 32 82 36): four-byte GB18030 only */
	const char gb[] = { (char)0x81, 0x30, (char)0x84, 0x36, (char)0x95, 0x32,
	                    (char)0x82, 0x36 };
	char *t = decode_ok(gb, sizeof gb, NULL, &used);
	assert_string_equal(t, "\xC2\xA5\xF0\xA0\x80\x80");
	assert_string_equal(used, "GB18030");
	free(t);
}

static void test_invalid_everywhere(void **state)
{
	(void)state;
	char *out = (char *)"untouched";
	size_t outlen = 5;
	struct pz_where w;
	/* 0xFF is neither UTF-8 nor GB18030; line 2, third byte */
	const char s[] = "ab\ncd\xFF" "ef";
	assert_int_equal(pz_decode(s, sizeof s - 1, NULL, &out, &outlen, NULL, &w),
	                 PZ_ENCODING);
	assert_string_equal(out, "untouched");
	assert_int_equal(outlen, 5);
	assert_int_equal(w.line, 2);
	assert_int_equal(w.byte, 3);
	assert_int_equal(w.offset, 5);

	/* Judged GB18030 (D6 D0 is valid GBK; D0 80 is one UTF-8 character against a
	 * place that is none): the place is GB18030's own, the 0x80 after D6 D0, not
	 * the first byte that is not UTF-8. CRLF and CR end lines. */
	const char g[] = "x\r\ny\r" "\xD6\xD0\x80";
	assert_int_equal(pz_decode(g, sizeof g - 1, NULL, &out, &outlen, NULL, &w),
	                 PZ_ENCODING);
	assert_int_equal(w.line, 3);
	assert_int_equal(w.byte, 3);
	assert_int_equal(w.offset, 7);
	assert_string_equal(w.encoding, "GB18030");

	/* A GBK lead byte cut off at the end of the file */
	const char cut[] = "abc\xD6";
	assert_int_equal(pz_decode(cut, sizeof cut - 1, NULL, &out, &outlen, NULL, &w),
	                 PZ_ENCODING);
	assert_int_equal(w.line, 1);
	assert_int_equal(w.byte, 4);
}

/* Which encoding bytes that are not all UTF-8 are in, decided on evidence. */
static void test_encoding_on_evidence(void **state)
{
	(void)state;
	char *out = NULL;
	size_t outlen;
	struct pz_where w;
	char why[128];
	/* UTF-8 cut mid-character (a line of 3,000 characters, the last one cut): GB18030
	 * would read it, as mojibake; it is UTF-8, damaged */
	size_t n = 3000 * 3 + 2;
	char *u = malloc(n);
	assert_non_null(u);
	for (size_t i = 0; i < 3000; i++)
		memcpy(u + 3 * i, "中", 3);
	memcpy(u + 9000, "\xE4\xB8", 2);
	assert_int_equal(pz_decode(u, n, NULL, &out, &outlen, NULL, &w), PZ_ENCODING);
	assert_null(out);
	assert_string_equal(w.encoding, "UTF-8");
	assert_int_equal(w.line, 1);
	assert_int_equal(w.byte, 9001);
	assert_string_equal(pz_describe(PZ_ENCODING, &w, why, sizeof(why)),
	                    "not valid UTF-8 at line 1, byte 9001");
	/* a stray byte in the middle of UTF-8 text: damaged UTF-8 too */
	u[4500] = '\xFF';
	memcpy(u + 9000, "文", 2);
	assert_int_equal(pz_decode(u, n, NULL, &out, &outlen, NULL, &w), PZ_ENCODING);
	assert_string_equal(w.encoding, "UTF-8");
	assert_int_equal(w.offset, 4500);
	free(u);
	/* GB18030 cut mid-character: its own place, the lead byte at the end */
	const char gb[] = "\xD6\xD0\xCE\xC4\xB5\xC4\xBD\xB2\xBB\xB0\n\xB8\xE5\xD6";
	assert_int_equal(pz_decode(gb, sizeof gb - 1, NULL, &out, &outlen, NULL, &w), PZ_ENCODING);
	assert_string_equal(w.encoding, "GB18030");
	assert_int_equal(w.line, 2);
	assert_int_equal(w.byte, 3);
	assert_string_equal(pz_describe(PZ_ENCODING, &w, why, sizeof(why)),
	                    "not valid GB18030 at line 2, byte 3");
	/* and whole GB18030 text is still GB18030 */
	const char *used = NULL;
	assert_int_equal(pz_decode(gb, sizeof gb - 2, NULL, &out, &outlen, &used, &w), PZ_OK);
	assert_string_equal(used, "GB18030");
	assert_string_equal(out, "中文的讲话\n稿");
	free(out);
}

static void test_bom_then_invalid(void **state)
{
	(void)state;
	char *out = NULL;
	size_t outlen;
	struct pz_where w;
	/* valid GBK after a UTF-8 BOM: the BOM says UTF-8, so this is damaged */
	const char s[] = "\xEF\xBB\xBF" "\xD6\xD0\xCE\xC4";
	assert_int_equal(pz_decode(s, sizeof s - 1, NULL, &out, &outlen, NULL, &w),
	                 PZ_ENCODING);
	assert_null(out);
	assert_int_equal(w.line, 1);
	assert_int_equal(w.byte, 4); /* the BOM's bytes count: positions are the file's */
	assert_int_equal(w.offset, 3);
}

static void test_overlong_and_surrogate_rejected(void **state)
{
	(void)state;
	char *out = NULL;
	size_t outlen;
	struct pz_where w;
	/* C0 AF: overlong '/'; ED A0 80: a surrogate. Neither is UTF-8. */
	const char a[] = "ok\xC0\xAF";
	assert_int_equal(pz_decode(a, sizeof a - 1, "UTF-8", &out, &outlen, NULL, &w),
	                 PZ_CONVERT);
	assert_int_equal(w.offset, 2);
	const char b[] = "\xED\xA0\x80";
	assert_int_equal(pz_decode(b, sizeof b - 1, "UTF-8", &out, &outlen, NULL, &w),
	                 PZ_CONVERT);
	assert_int_equal(w.offset, 0);
	assert_null(out);
}

static void test_forced_success(void **state)
{
	(void)state;
	const char *used = NULL;
	const char gbk[] = { (char)0xD6, (char)0xD0, (char)0xCE, (char)0xC4 };
	char *t = decode_ok(gbk, sizeof gbk, "GBK", &used);
	assert_string_equal(t, "中文");
	assert_string_equal(used, "GBK");
	free(t);
	t = decode_ok(gbk, sizeof gbk, "gb2312", &used);
	assert_string_equal(t, "中文");
	assert_string_equal(used, "gb2312");
	free(t);
	/* forced UTF-8 strips the BOM and keeps the name as given */
	t = decode_ok("\xEF\xBB\xBF" "好", 6, "utf-8", &used);
	assert_string_equal(t, "好");
	assert_string_equal(used, "utf-8");
	free(t);
	/* forcing GBK on ASCII is fine */
	t = decode_ok("abc", 3, "GB18030", NULL);
	assert_string_equal(t, "abc");
	free(t);
	/* "é" forced as ISO-8859-1: two characters */
	t = decode_ok("\xC3\xA9", 2, "ISO-8859-1", NULL);
	assert_string_equal(t, "\xC3\x83\xC2\xA9");
	free(t);
}

static void test_forced_failure(void **state)
{
	(void)state;
	char *out = NULL;
	size_t outlen;
	struct pz_where w;
	/* GBK bytes forced as UTF-8 */
	const char gbk[] = "ok\n\xD6\xD0";
	assert_int_equal(pz_decode(gbk, sizeof gbk - 1, "UTF-8", &out, &outlen, NULL, &w),
	                 PZ_CONVERT);
	assert_int_equal(w.line, 2);
	assert_int_equal(w.byte, 1);
	assert_int_equal(w.offset, 3);
	/* 81 20: a GBK lead byte with an invalid trail byte, on line 2 */
	const char bad[] = "ab\n" "\xD6\xD0" "\x81 ";
	assert_int_equal(pz_decode(bad, sizeof bad - 1, "GBK", &out, &outlen, NULL, &w),
	                 PZ_CONVERT);
	assert_int_equal(w.line, 2);
	assert_int_equal(w.byte, 3);
	assert_int_equal(w.offset, 5);
	/* a sequence cut off at the end */
	const char cut[] = "\xD6\xD0\xCE";
	assert_int_equal(pz_decode(cut, sizeof cut - 1, "GBK", &out, &outlen, NULL, &w),
	                 PZ_CONVERT);
	assert_int_equal(w.offset, 2);
	assert_null(out);
}

static void test_unknown_encoding(void **state)
{
	(void)state;
	char *out = NULL;
	size_t outlen;
	struct pz_where w;
	assert_int_equal(pz_decode("abc", 3, "NO-SUCH-CHARSET-42", &out, &outlen, NULL, &w),
	                 PZ_BADENC);
	assert_null(out);
	/* the name is checked even when there is nothing to convert */
	assert_int_equal(pz_decode("", 0, "NO-SUCH-CHARSET-42", &out, &outlen, NULL, &w),
	                 PZ_BADENC);
}

static void test_decode_owned(void **state)
{
	(void)state;
	char *buf = malloc(16);
	char *out = NULL;
	size_t outlen;
	assert_non_null(buf);
	memcpy(buf, "\xEF\xBB\xBF" "甲乙", 9);
	assert_int_equal(pz_decode_owned(buf, 9, NULL, &out, &outlen, NULL, NULL), PZ_OK);
	assert_ptr_equal(out, buf); /* no copy for UTF-8 */
	assert_int_equal(outlen, 6);
	assert_string_equal(out, "甲乙");
	free(out);

	buf = malloc(8);
	assert_non_null(buf);
	memcpy(buf, "\xD6\xD0", 2);
	assert_int_equal(pz_decode_owned(buf, 2, NULL, &out, &outlen, NULL, NULL), PZ_OK);
	assert_string_equal(out, "中"); /* buf was freed: ASan would tell */
	free(out);

	buf = malloc(8);
	assert_non_null(buf);
	memcpy(buf, "\xFF", 1);
	out = NULL;
	assert_int_equal(pz_decode_owned(buf, 1, NULL, &out, &outlen, NULL, NULL),
	                 PZ_ENCODING);
	assert_null(out);
	free(buf); /* still ours on failure */
}

static void test_where_at(void **state)
{
	(void)state;
	struct pz_where w;
	const char s[] = "ab\r\ncd\ref\ng";
	pz_where_at(s, sizeof s - 1, 0, &w);
	assert_int_equal(w.line, 1);
	assert_int_equal(w.byte, 1);
	pz_where_at(s, sizeof s - 1, 5, &w); /* 'd' */
	assert_int_equal(w.line, 2);
	assert_int_equal(w.byte, 2);
	pz_where_at(s, sizeof s - 1, 7, &w); /* 'e' after a lone CR */
	assert_int_equal(w.line, 3);
	assert_int_equal(w.byte, 1);
	pz_where_at(s, sizeof s - 1, 10, &w); /* 'g' */
	assert_int_equal(w.line, 4);
	assert_int_equal(w.byte, 1);
	assert_int_equal(w.offset, 10);
	pz_where_at(s, sizeof s - 1, 3, &w); /* the LF of a CRLF belongs to line 1 */
	assert_int_equal(w.line, 1);
	assert_int_equal(w.byte, 4);
	pz_where_at(s, sizeof s - 1, 0, NULL); /* allowed */
}

/* Forced UTF-8, s[0..n) decodes exactly when u8_check finds it valid, else fails where
 * u8_check says. */
static void matches_u8_check(const unsigned char *s, size_t n)
{
	const uint8_t *bad = u8_check(s, n);
	char *out = NULL;
	size_t outlen;
	struct pz_where w;
	enum pz_status st = pz_decode((const char *)s, n, "UTF-8", &out, &outlen, NULL, &w);
	if (!bad) {
		assert_int_equal(st, PZ_OK);
		assert_int_equal(outlen, n - (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) * 3);
		free(out);
	} else {
		assert_int_equal(st, PZ_CONVERT);
		assert_int_equal(w.offset, (size_t)(bad - s));
	}
}

/* The validator is written out for speed: on short random byte strings, biased
 * toward lead and continuation bytes, it must fail exactly where u8_check does. */
static void test_validator_matches_u8_check(void **state)
{
	(void)state;
	unsigned x = 2024;
	unsigned char s[8];
	for (int it = 0; it < 300000; it++) {
		size_t n = 0;
		x = x * 1103515245u + 12345u;
		size_t len = (x >> 16) % 8;
		while (n < len) {
			x = x * 1103515245u + 12345u;
			unsigned r = x >> 16;
			s[n++] = (unsigned char)(r % 3 == 0 ? 0x80 + (r >> 2) % 64
			                       : r % 3 == 1 ? 0xC0 + (r >> 2) % 64 : (r >> 2) % 256);
			if (s[n - 1] == 0)
				s[n - 1] = 'a';
		}
		matches_u8_check(s, n);
	}
}

/* The same inside long runs of Chinese, where the validator takes five and two
 * characters at a time: every byte of the run replaced by every other value, the
 * run shifted by up to two ASCII bytes. */
static void test_validator_long_runs(void **state)
{
	(void)state;
	static const char run[] = "全面推进乡村振兴，加快建设农业强国。坚持农业农村优先发展，"
	                          "巩固拓展脱贫攻坚成果，确保不发生规模性返贫。";
	unsigned char s[sizeof run + 2];
	for (size_t shift = 0; shift <= 2; shift++) {
		size_t n = shift + sizeof run - 1;
		for (size_t pos = shift; pos < n; pos++) {
			for (unsigned v = 1; v < 256; v++) {
				memcpy(s, "ab", shift);
				memcpy(s + shift, run, sizeof run - 1);
				s[pos] = (unsigned char)v;
				matches_u8_check(s, n);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_utf8_plain),
		cmocka_unit_test(test_bom_stripped),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_gbk_detected),
		cmocka_unit_test(test_gb18030_four_byte),
		cmocka_unit_test(test_invalid_everywhere),
		cmocka_unit_test(test_encoding_on_evidence),
		cmocka_unit_test(test_bom_then_invalid),
		cmocka_unit_test(test_overlong_and_surrogate_rejected),
		cmocka_unit_test(test_forced_success),
		cmocka_unit_test(test_forced_failure),
		cmocka_unit_test(test_unknown_encoding),
		cmocka_unit_test(test_decode_owned),
		cmocka_unit_test(test_where_at),
		cmocka_unit_test(test_validator_matches_u8_check),
		cmocka_unit_test(test_validator_long_runs),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
