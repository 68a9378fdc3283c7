/* Unit tests of citations: the passage joined as shown, the title, the sections with
 * their headings, the paragraph, and the format's placeholders and groups. */
#include "pizhu/quote.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* A short speech in our own words: a title, a date, sections, a hard-wrapped
 * paragraph with English in it. */
static const char speech[] =
	"关于推进城乡道路养护工作的讲话\n"
	"（2026年3月5日）\n"
	"同志们：\n"
	"　　今天召开会议，研究部署道路养护工作。\n"
	"一、认清形势，增强责任感\n"
	"　　去年以来，全县道路养护取得明显成效。\n"
	"　　但也要看到，部分路段破损严重，群众反映强烈，有的乡村道路多年没有得到维修，雨天积水、"
	"晴天扬尘的情况时有发生，养护资金不足、人员力量薄弱等问题仍然比较突出，特别是 of \n"
	"the road。\n"
	"二、突出重点，抓好落实\n"
	"（一）加强日常巡查\n"
	"　　各乡镇要建立巡查制度，每周至少巡查一次。交通局负责统筹协调。\n"
	"　　县公路段要做好配合。\n";

struct fixture {
	doc *d;
	outline *o;
};

static int setup(void **state)
{
	static struct fixture f;
	if (doc_load_buffer(speech, sizeof(speech) - 1, NULL, &f.d, NULL) != PZ_OK ||
	    outline_build(f.d, &f.o) != PZ_OK)
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	outline_free(f->o);
	doc_free(f->d);
	return 0;
}

/* The byte range of the first occurrence of s in the speech. */
static void find(const char *s, size_t *start, size_t *end)
{
	const char *at = strstr(speech, s);
	assert_non_null(at);
	*start = (size_t)(at - speech);
	*end = *start + strlen(s);
}

/* The citation of the text from a up to the end of b (b NULL: a alone) in fmt. */
static char *cite(void **state, const char *a, const char *b, const char *fmt)
{
	struct fixture *f = *state;
	size_t s, e, s2, e2;
	find(a, &s, &e);
	if (b) {
		find(b, &s2, &e2);
		e = e2;
	}
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(quote_build(f->d, f->o, "dir/roads.txt", s, e, fmt, &out, &len), PZ_OK);
	assert_int_equal(len, strlen(out));
	return out;
}

static void default_format(void **state)
{
	char *c = cite(state, "每周至少巡查一次。", NULL, NULL);
	assert_string_equal(c, "“每周至少巡查一次。”\n"
	                       "——《关于推进城乡道路养护工作的讲话》，二、突出重点，抓好落实 › "
	                       "（一）加强日常巡查，第2段");
	free(c);
	/* no section: the group with %s is left out, the paragraph counted in the speech
	 * after its title block (同志们 is the first) */
	c = cite(state, "研究部署道路养护工作。", NULL, NULL);
	assert_string_equal(c, "“研究部署道路养护工作。”\n"
	                       "——《关于推进城乡道路养护工作的讲话》，第2段");
	free(c);
}

static void placeholders(void **state)
{
	char *c = cite(state, "各乡镇", NULL, "%f:%l %P %p %%%n[%s]");
	assert_string_equal(c, "dir/roads.txt:11 8 2 %\n[二、突出重点，抓好落实 › （一）加强日常巡查]");
	free(c);
	/* a group with every placeholder there is kept */
	c = cite(state, "各乡镇", NULL, "%[<%t>%]%q");
	assert_string_equal(c, "<关于推进城乡道路养护工作的讲话>各乡镇");
	free(c);
}

static void joined(void **state)
{
	/* the lines of a hard-wrapped paragraph joined, the indentation left out, a space
	 * only between two ASCII words */
	char *c = cite(state, "比较突出", "the road。", "%q");
	assert_string_equal(c, "比较突出，特别是 of the road。");
	free(c);
	/* over two paragraphs: a paragraph a line, without their indentation */
	c = cite(state, "交通局负责统筹协调。", "县公路段要做好配合。", "%q");
	assert_string_equal(c, "交通局负责统筹协调。\n县公路段要做好配合。");
	free(c);
	/* blanks at the edges go */
	c = cite(state, "\n　　去年以来", NULL, "[%q]");
	assert_string_equal(c, "[去年以来]");
	free(c);
}

static void without_title(void **state)
{
	(void)state;
	static const char plain[] = "just some words here.\nand more of them.\n";
	doc *d;
	outline *o;
	assert_int_equal(doc_load_buffer(plain, sizeof(plain) - 1, NULL, &d, NULL), PZ_OK);
	assert_int_equal(outline_build_paragraphs(d, &o), PZ_OK);
	char *out;
	assert_int_equal(quote_build(d, o, "/home/li/notes.txt", 0, 4, "%t: %q%[ (%s)%]", &out, NULL),
	                 PZ_OK);
	assert_string_equal(out, "notes.txt: just");
	free(out);
	/* nothing to quote, or outside the text */
	assert_int_equal(quote_build(d, o, "n", 3, 3, NULL, &out, NULL), PZ_NOENT);
	assert_int_equal(quote_build(d, o, "n", 3, 1000, NULL, &out, NULL), PZ_NOENT);
	assert_int_equal(quote_build(d, o, "n", 0, 4, "%x", &out, NULL), PZ_SYNTAX);
	outline_free(o);
	doc_free(d);
}

static void formats(void **state)
{
	(void)state;
	size_t bad = 99;
	assert_true(quote_format_valid(QUOTE_FORMAT_DEFAULT, strlen(QUOTE_FORMAT_DEFAULT), &bad));
	assert_true(quote_format_valid("", 0, &bad));
	assert_true(quote_format_valid("100%% %q", 8, &bad));
	assert_false(quote_format_valid("%q %x", 5, &bad));
	assert_int_equal(bad, 3);
	assert_false(quote_format_valid("%q %", 4, &bad));
	assert_int_equal(bad, 3);
	assert_false(quote_format_valid("%[%[%s%]%]", 10, &bad));
	assert_int_equal(bad, 2);
	assert_false(quote_format_valid("%s%]", 4, &bad));
	assert_int_equal(bad, 2);
	assert_false(quote_format_valid("%[%s", 4, &bad));
	assert_int_equal(bad, 4);
}

static void osc52(void **state)
{
	(void)state;
	char *o;
	assert_int_equal(quote_osc52("", 0, &o), PZ_OK);
	assert_string_equal(o, "\033]52;c;\a");
	free(o);
	/* RFC 4648's examples, and UTF-8 */
	assert_int_equal(quote_osc52("foob", 4, &o), PZ_OK);
	assert_string_equal(o, "\033]52;c;Zm9vYg==\a");
	free(o);
	assert_int_equal(quote_osc52("fooba", 5, &o), PZ_OK);
	assert_string_equal(o, "\033]52;c;Zm9vYmE=\a");
	free(o);
	assert_int_equal(quote_osc52("foobar", 6, &o), PZ_OK);
	assert_string_equal(o, "\033]52;c;Zm9vYmFy\a");
	free(o);
	assert_int_equal(quote_osc52("讲话", 6, &o), PZ_OK);
	assert_string_equal(o, "\033]52;c;6K6y6K+d\a");
	free(o);
	static char big[QUOTE_OSC52_MAX + 1];
	assert_int_equal(quote_osc52(big, sizeof(big), &o), PZ_TOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_format),
		cmocka_unit_test(placeholders),
		cmocka_unit_test(joined),
		cmocka_unit_test(without_title),
		cmocka_unit_test(formats),
		cmocka_unit_test(osc52),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
