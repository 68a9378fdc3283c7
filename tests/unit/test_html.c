/* Unit tests of html.c: which texts count as web pages, and the text extracted from
 * them, including malformed and cut-off markup. */
#include "pizhu/html.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* The text of the HTML in s (a C string), as a malloc'd C string. */
static char *text_of_n(const char *s, size_t n)
{
	char *out = NULL;
	size_t len = 12345;
	assert_int_equal(html_to_text(s, n, &out, &len), PZ_OK);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	return out;
}

static void check(const char *html, const char *want)
{
	char *t = text_of_n(html, strlen(html));
	assert_string_equal(t, want);
	free(t);
}

static bool detect(const char *s)
{
	return html_detect(s, strlen(s));
}

static void test_detect_true(void **state)
{
	(void)state;
	assert_true(detect("<!DOCTYPE html>\n<html><body>你好</body></html>"));
	assert_true(detect("<!doctype html>"));
	assert_true(detect("  \n<HTML lang=\"zh\">"));
	assert_true(detect("<p>同志们：</p>"));
	assert_true(detect("<div class=\"a\">x</div>"));
	assert_true(detect("\xEF\xBB\xBF<html>"));
	assert_true(detect("<!-- saved from url=(0040) -->\n<html>"));
	assert_true(detect("<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"));
	assert_true(detect("<meta charset=\"utf-8\">"));
}

static void test_detect_false(void **state)
{
	(void)state;
	assert_false(detect(""));
	assert_false(detect("<"));
	assert_false(detect("<!"));
	assert_false(detect("同志们：\n今天我们开会。"));
	assert_false(detect("<前言>\n这是一篇讲话。"));
	assert_false(detect("a <p> b"));
	assert_false(detect("<pre-meeting notes>"));
	assert_false(detect("<!-- just a comment -->\n正文"));
	assert_false(detect("<book>正文</book>"));
}

static void test_tags_dropped(void **state)
{
	(void)state;
	check("<p>我们<b>必须</b>坚持<a href=\"/x\">改革</a>。</p>", "我们必须坚持改革。\n");
	check("<P CLASS=x>大写标签</P>", "大写标签\n");
	/* '>' inside a quoted attribute value does not end the tag */
	check("<p><a title=\"a>b\" href='c>d'>链接</a></p>", "链接\n");
	check("plain", "plain\n");
	check("", "");
}

static void test_entities(void **state)
{
	(void)state;
	check("&amp;&lt;&gt;&quot;&apos;", "&<>\"'\n");
	check("&#20013;&#x4E2D;&#X4e2d;", "中中中\n");
	check("&ldquo;改革&rdquo;&lsquo;a&rsquo;&mdash;&ndash;&hellip;&middot;",
	      "“改革”‘a’—–…·\n");
	check("1&times;2 &copy;", "1×2 ©\n");
	check("a&emsp;b&ensp;c", "a\xE2\x80\x83" "b\xE2\x80\x82" "c\n");
	/* &nbsp; is a plain space and collapses with its neighbours */
	check("a&nbsp;&nbsp; b", "a b\n");
	/* unknown or unterminated entities stay as written */
	check("&foo; &amp &copy", "&foo; &amp &copy\n");
	check("AT&T", "AT&T\n");
	/* numeric without ';', NUL, out of range, surrogate, windows-1252 range */
	check("&#65&#66;", "AB\n");
	check("&#0;&#x110000;&#xD800;&#99999999999999;",
	      "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\n");
	check("&#150;&#x93;", "–“\n");
	check("&#x1F600;", "\xF0\x9F\x98\x80\n");
}

static void test_skipped(void **state)
{
	(void)state;
	check("<html><head><title>标题</title><meta charset=utf-8>"
	      "<style>p { color: red }</style></head>"
	      "<body><script>var s = \"<p>不显示</p>\";</script>"
	      "<!-- 注释 <p>也不显示</p> -->"
	      "<p>正文</p><SCRIPT type=x>alert(1)</SCRIPT >"
	      "<noscript>请启用</noscript></body></html>",
	      "正文\n");
	check("<!DOCTYPE html><p>一</p>", "一\n");
	/* no </head>: the first block element ends the head */
	check("<head><meta x=y>头<p>身</p>", "身\n");
	check("<?xml version=\"1.0\"?><p>x</p>", "x\n");
}

static void test_lines(void **state)
{
	(void)state;
	check("<p>第一段</p><p>第二段</p>", "第一段\n第二段\n");
	check("一<br>二<br/>三<BR />四", "一\n二\n三\n四\n");
	/* no empty lines, no matter how many breaks */
	check("<p>一</p>\n\n<p></p><br><br>  <p> </p><div><p>二</p></div>\n", "一\n二\n");
	check("<h1>标题</h1><ul><li>甲</li><li>乙</li></ul><hr><blockquote>引</blockquote>",
	      "标题\n甲\n乙\n引\n");
	check("<table><tr><td>甲</td><td>乙</td></tr><tr><th>丙</th><td>丁</td></tr></table>",
	      "甲 乙\n丙 丁\n");
	/* inline elements do not break lines */
	check("<p>前<span>中</span><em>后</em></p>", "前中后\n");
	/* line breaks in <pre> count */
	check("<pre>一行\n二行</pre>后", "一行\n二行\n后\n");
}

static void test_whitespace(void **state)
{
	(void)state;
	check("<p>  a \n\t b  </p>", "a b\n");
	check("<p>\n   同志们，\n   朋友们：\n</p>", "同志们， 朋友们：\n");
	/* U+3000 is text: kept, also at the start of a line */
	check("<p>\n\xE3\x80\x80\xE3\x80\x80正文</p>", "\xE3\x80\x80\xE3\x80\x80正文\n");
	check("<p>a<td>b</p>", "a b\n");
	check("<td>a</td>", "a\n"); /* no leading space */
}

static void test_malformed(void **state)
{
	(void)state;
	check("<p", "");
	check("text<p", "text\n");
	check("&#x", "&#x\n");
	check("&#", "&#\n");
	check("&", "&\n");
	check("<", "<\n");
	check("a < b", "a < b\n");
	check("<!--", "");
	check("<!-- never closed <p>x</p>", "");
	check("<!", "");
	check("<script>never closed", "");
	check("<style", "");
	check("<a href=\"unterminated>text", "");
	check("</", "</\n");
	check("</>", "</>\n");
	check("<p>x</p", "x\n");
	check("&ldquo", "&ldquo\n");
	check("<averyveryverylongtagnamethatisnotknown>x", "x\n");
	char *t = text_of_n("a\0b<p\0>c", 9); /* NULs dropped, even inside a tag */
	assert_string_equal(t, "ab\nc\n");
	free(t);
}

/* Every prefix of a page is parsed without reading past it (ASan checks that) and
 * yields no more text than it has bytes plus the final newline. */
static void test_every_prefix(void **state)
{
	(void)state;
	const char page[] =
		"<!DOCTYPE html><html><head><title>t</title><script>x<y</script></head>"
		"<body><!-- c --><p class=\"a>b\">一&amp;二&#20013;&#x4E2D;&hellip;</p>"
		"<table><tr><td>甲</td><td>乙</td></tr></table><pre>a\nb</pre><br/>"
		"<div>&#12345678;&nope;&</div></body></html>";
	size_t n = sizeof page - 1;
	for (size_t k = 0; k <= n; k++) {
		char *copy = malloc(k ? k : 1); /* exact size: ASan sees overreads */
		assert_non_null(copy);
		memcpy(copy, page, k);
		(void)html_detect(copy, k);
		char *t = text_of_n(copy, k);
		assert_true(strlen(t) <= k + 1);
		free(t);
		free(copy);
	}
	char *t = text_of_n(page, n);
	assert_string_equal(t, "一&二中中…\n甲 乙\na\nb\n\xEF\xBF\xBD&nope;&\n");
	free(t);
}

/* Random soup of markup characters: no crash, no overread (ASan), bounded output. */
static void test_random_markup(void **state)
{
	(void)state;
	static const char *const bits[] = { "<", ">", "&", "#", "x", ";", "!--", "-->", "p",
	                                    "/", "\"", "'", "=", " ", "\n", "script",
	                                    "</script", "head", "pre", "td", "中", "amp",
	                                    "4E2D", "\r", "!", "?", "td", "br" };
	char buf[256];
	unsigned x = 7;
	for (int it = 0; it < 20000; it++) {
		size_t n = 0;
		x = x * 1103515245u + 12345u;
		size_t parts = (x >> 16) % 40;
		for (size_t k = 0; k < parts; k++) {
			x = x * 1103515245u + 12345u;
			const char *b = bits[(x >> 16) % (sizeof bits / sizeof bits[0])];
			size_t l = strlen(b);
			if (n + l > sizeof buf)
				break;
			memcpy(buf + n, b, l);
			n += l;
		}
		char *copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, buf, n);
		(void)html_detect(copy, n);
		char *t = text_of_n(copy, n);
		assert_true(strlen(t) <= n + 1);
		assert_null(strstr(t, "\n\n")); /* never an empty line */
		assert_null(strstr(t, " \n")); /* lines are trimmed */
		assert_true(t[0] != '\n' && t[0] != ' ');
		free(t);
		free(copy);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_true),
		cmocka_unit_test(test_detect_false),
		cmocka_unit_test(test_tags_dropped),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_skipped),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_random_markup),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
