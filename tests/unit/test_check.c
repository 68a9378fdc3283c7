/* Unit tests of the drafting checks (check.c): each kind of slip found in a draft
 * written for these tests, and what looks like one but is not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pizhu/check.h"

/* The findings of text, "kind[text]" each, space-separated; only kinds in `only`
 * (a space-separated list) unless it is NULL. */
static void findings(const char *text, const char *only, const struct check_options *opt,
                     char *out, size_t len)
{
	doc *d;
	outline *o;
	struct pz_where w;
	struct check_options none = { .date = { 0, 0, 0 } };
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	struct check_item *v;
	size_t n, k = 0;
	assert_int_equal(check_run(d, o, opt ? opt : &none, &v, &n), PZ_OK);
	const char *s = doc_text(d, NULL);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *name = check_kind_name(v[i].kind);
		assert_true(v[i].start < v[i].end && v[i].end <= strlen(s));
		assert_true(v[i].message[0] != '\0');
		if (i)
			assert_true(v[i].start >= v[i - 1].start);
		if (only && !strstr(only, name))
			continue;
		k += (size_t)snprintf(out + k, len - k, "%s%s[%.*s]", k ? " " : "", name,
		                      (int)(v[i].end - v[i].start), s + v[i].start);
		assert_true(k < len);
	}
	free(v);
	outline_free(o);
	doc_free(d);
}

#define FINDS(text, only, want)                                  \
	do {                                                     \
		char got_[2048];                                 \
		findings(text, only, NULL, got_, sizeof(got_));  \
		assert_string_equal(got_, want);                 \
	} while (0)

static void clean_text(void **state)
{
	(void)state;
	FINDS("在全市工作会议上的讲话\n同志们：\n一、总体要求\n今年要抓好三件事。\n"
	      "二、主要任务\n要常常想一想，天天干实事，实实在在地做好工作。\n",
	      NULL, "");
}

static void placeholders(void **state)
{
	(void)state;
	FINDS("请XX市、××同志、○○县和某某单位于20XX年x月xx日前完成，由**书记负责，Ｘ省。\n",
	      "placeholder",
	      "placeholder[XX] placeholder[××] placeholder[○○] placeholder[某某] "
	      "placeholder[20XX年x月xx日] placeholder[**] placeholder[Ｘ]");
	/* each alone: a lone X, a year, a day */
	FINDS("请X同志于20XX年完成，x月xx日前报送。\n", "placeholder",
	      "placeholder[X] placeholder[20XX年] placeholder[x月xx日]");
}

static void numbering(void **state)
{
	(void)state;
	FINDS("讲话\n同志们：\n一、甲方面\n正文。\n二、乙方面\n正文。\n四、丁方面\n正文。\n",
	      "numbering", "numbering[四、]");
	FINDS("讲话\n同志们：\n一、总\n（一）甲\n正文。\n（三）丙\n正文。\n",
	      "numbering", "numbering[（三）]");
	FINDS("讲话\n同志们：\n一、总\n1.第一项工作。\n2.第二项工作。\n2.第三项工作。\n",
	      "numbering", "numbering[2.]");
	FINDS("讲话\n同志们：\n一、总\n要做到：一是加强领导；三是强化落实。\n",
	      "numbering", "numbering[三是]");
	FINDS("讲话\n同志们：\n一、总\n要做到：一是加强领导；二是强化落实；二是营造氛围。\n",
	      "numbering", "numbering[二是]");
	/* one mistyped number is one finding, at it: not also at the next, right one */
	FINDS("讲话\n同志们：\n一、总\n（一）甲\n正文。\n（二）乙\n正文。\n（二）丙\n正文。\n"
	      "（四）丁\n正文。\n",
	      "numbering", "numbering[（二）]");
	FINDS("讲话\n同志们：\n一、总\n1.甲。\n2.乙。\n4.丙。\n4.丁。\n", "numbering", "numbering[4.]");
	FINDS("讲话\n同志们：\n一、总\n要做到：一是甲；三是乙；四是丙。\n", "numbering",
	      "numbering[三是]");
	/* a repeated 1 is no new list; a 1 the list goes on past is a slip */
	FINDS("讲话\n同志们：\n一、总\n要做到：（1）甲；（1）乙；（3）丙。\n", "numbering",
	      "numbering[（1）]");
	FINDS("讲话\n同志们：\n一、总\n要做到：1.甲；2.乙；1.丙；4.丁。\n", "numbering",
	      "numbering[1.]");
	/* paragraphs in a row, each with its marker, the outline leaving out the slip */
	FINDS("讲话\n同志们：\n一、总\n一是甲。\n二是乙。\n还要：\n一是丙。\n一是丁。\n三是戊。\n",
	      "numbering", "numbering[一是]");
	FINDS("讲话\n同志们：\n一、总\n一是甲。\n二是乙。\n三是丙。\n二是丁。\n", "numbering",
	      "numbering[二是]");
	/* inline lists of every family, after a colon or a semicolon */
	FINDS("讲话\n同志们：\n一、总\n要做到：（一）甲；（二）乙；（三）丙；（三）丁。\n", "numbering",
	      "numbering[（三）]");
	FINDS("讲话\n同志们：\n一、总\n要做到：一、甲；三、乙；三、丙。\n", "numbering",
	      "numbering[三、]");
	/* lists that start again, and 首先…最后, are in order; 1.5 is no enumerator */
	FINDS("讲话\n同志们：\n一、总\n要做到：1.甲；2.乙；3.丙。要做到：1.丁；2.戊。\n"
	      "一是甲。\n二是乙。\n三是丙。\n还要：\n一是丁。\n二是戊。\n"
	      "要做到：（1）甲；（2）乙。其中：1.5亿元，2.5亿元。\n",
	      "numbering", "");
	FINDS("讲话\n同志们：\n一、总\n一是甲；二是乙。\n一是丙；二是丁。\n首先，甲。其次，乙。最后，丙。\n"
	      "二、分\n（一）甲\n正文。\n（二）乙\n正文。\n",
	      "numbering", "");
}

static void pairs(void **state)
{
	(void)state;
	FINDS("他说：“要抓落实。\n", "pair", "pair[“]");
	FINDS("这是《规划》和（说明。\n", "pair", "pair[（]");
	FINDS("这是规划》的内容。\n", "pair", "pair[》]");
	FINDS("他说‘要抓落实。\n【要闻说明。\n", "pair", "pair[‘] pair[【]");
	FINDS("他说要抓落实’。\n要闻】说明。\n", "pair", "pair[’] pair[】]");
	FINDS("【要闻】“关于‘三农’的《意见》（试行）”已印发。\n", "pair", "");
	/* （ and ( close each other: the half-width one is a punctuation slip */
	FINDS("各县（市、区)要落实。\n", "pair", "");
}

static void half_width(void **state)
{
	(void)state;
	FINDS("要加强领导,抓好落实.\n", "punct", "punct[,] punct[.]");
	FINDS("会议时间:下午;地点:会议室!你来吗?\n", "punct",
	      "punct[:] punct[;] punct[:] punct[!] punct[?]");
	FINDS("各县(市、区)要落实。\n", "punct", "punct[(市、区)]");
	FINDS("他说\"好\"。\n", "punct", "punct[\"] punct[\"]");
	/* not in Chinese text: numbers, markers, Latin, ASCII in parentheses */
	FINDS("(1)增长3.5%，达1,000万元，见www.example.cn，(GDP)和COVID-19，时间10:30。\n1.第一项。\n",
	      "punct", "");
}

static void doubled(void **state)
{
	(void)state;
	FINDS("这是我们的的工作，做好了了。\n", "doubled", "doubled[的的] doubled[了了]");
	FINDS("要加强领导，，抓好落实。。\n", "doubled", "doubled[，，] doubled[。。]");
	/* reduplication that is Chinese, and doubles across two words */
	FINDS("常常天天人人实实在在层层紧紧，为了了解情况，实现目的的手段，不了了之，"
	      "现在在座的同志，工作作风，的的确确。\n",
	      "doubled", "");
}

static void dates(void **state)
{
	(void)state;
	FINDS("于2月30日、4月31日、2023年2月29日和十三月五日召开。2024年2月29日可以，6月30日也可以。\n",
	      "date", "date[2月30日] date[4月31日] date[2023年2月29日] date[十三月五日]");
	FINDS("二〇二四年二月三十日开会。\n", "date", "date[二〇二四年二月三十日]");
}

static void weekdays(void **state)
{
	(void)state;
	FINDS("2024年8月24日（星期五）召开，2024年8月23日（星期五）也开。\n", "weekday",
	      "weekday[星期五]");
	FINDS("2024年8月24日(周六)召开。\n", "weekday", "");
	/* no year: the speech's date gives it */
	FINDS("讲话\n（2024年8月1日）\n同志们：\n8月24日（星期五）召开。\n", "weekday", "weekday[星期五]");
	FINDS("8月24日（星期五）召开。\n", "weekday", "");
}

static void past_deadlines(void **state)
{
	(void)state;
	FINDS("在会议上的讲话\n（2024年8月24日）\n同志们：\n各地要在2023年底前完成改造，2025年6月底前全面完成。\n",
	      "deadline", "deadline[2023年底前]");
	/* without a date, nothing is past; --date gives one */
	FINDS("各地要在2023年底前完成改造。\n", "deadline", "");
	char got[512];
	struct check_options opt = { .date = { 2024, 8, 24 } };
	findings("各地要在2023年底前完成改造。\n", "deadline", &opt, got, sizeof(got));
	assert_string_equal(got, "deadline[2023年底前]");
}

static void kind_names(void **state)
{
	(void)state;
	assert_string_equal(check_kind_name(CHECK_PLACEHOLDER), "placeholder");
	assert_string_equal(check_kind_name(CHECK_DEADLINE), "deadline");
	assert_string_equal(check_kind_name(CHECK_KIND_COUNT), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_text),
		cmocka_unit_test(placeholders),
		cmocka_unit_test(numbering),
		cmocka_unit_test(pairs),
		cmocka_unit_test(half_width),
		cmocka_unit_test(doubled),
		cmocka_unit_test(dates),
		cmocka_unit_test(weekdays),
		cmocka_unit_test(past_deadlines),
		cmocka_unit_test(kind_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
