/* Unit tests of the draft comparison (diff.c) and its engine (diffseq.c), on short
 * drafts written for these tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pizhu/diff.h"
#include "pizhu/diffseq.h"

/* The changes of o → n, one "kind[old|new]" each, with "+flags" for substance. */
static void describe(const char *o, const char *n, char *out, size_t len)
{
	diff *d;
	assert_int_equal(diff_new(o, strlen(o), n, strlen(n), &d), PZ_OK);
	size_t k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < diff_count(d); i++) {
		const struct diff_change *c = diff_at(d, i);
		assert_true(c->old_start <= c->old_end && c->old_end <= strlen(o));
		assert_true(c->new_start <= c->new_end && c->new_end <= strlen(n));
		k += (size_t)snprintf(out + k, len - k, "%s%s[%.*s|%.*s]", i ? " " : "",
		                      diff_kind_name(c->kind), (int)(c->old_end - c->old_start),
		                      o + c->old_start, (int)(c->new_end - c->new_start),
		                      n + c->new_start);
		for (unsigned b = 0; b < DIFF_SUBSTANCE_COUNT; b++)
			if (c->substance & (1u << b))
				k += (size_t)snprintf(out + k, len - k, "+%s", diff_substance_name(b));
		assert_true(k < len);
	}
	diff_free(d);
}

#define CHANGES(o, n, want)                          \
	do {                                         \
		char got_[2048];                     \
		describe(o, n, got_, sizeof(got_));  \
		assert_string_equal(got_, want);     \
	} while (0)

/* ---- diffseq ---- */

static void seq(const char *a, const char *b, char *out)
{
	uint32_t ia[64], ib[64];
	size_t na = strlen(a), nb = strlen(b);
	for (size_t i = 0; i < na; i++)
		ia[i] = (uint32_t)a[i];
	for (size_t i = 0; i < nb; i++)
		ib[i] = (uint32_t)b[i];
	struct diffseq_edit *e;
	size_t n;
	assert_int_equal(diffseq_run(ia, na, ib, nb, 128, &e, &n), PZ_OK);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		sprintf(out + strlen(out), "%s%.*s>%.*s", i ? "," : "", (int)e[i].na, a + e[i].a,
		        (int)e[i].nb, b + e[i].b);
	free(e);
}

static void diffseq_edits(void **state)
{
	(void)state;
	char out[256];
	seq("abc", "abc", out);
	assert_string_equal(out, "");
	seq("", "", out);
	assert_string_equal(out, "");
	seq("", "xy", out);
	assert_string_equal(out, ">xy");
	seq("abcd", "abxcd", out);
	assert_string_equal(out, ">x");
	seq("abcd", "ad", out);
	assert_string_equal(out, "bc>");
	seq("abcdef", "abXYef", out);
	assert_string_equal(out, "cd>XY");
	/* the rare shared element anchors: not the common filler */
	seq("xaxbxcx", "xbx", out);
	assert_string_equal(out, "ax>,xc>");
	seq("aXbYc", "cYbXa", out);
	assert_string_equal(out, "aXbY>,>YbXa");
	seq("abc", "xyz", out);
	assert_string_equal(out, "abc>xyz");
}

/* ---- the comparison ---- */

static void equal_drafts(void **state)
{
	(void)state;
	CHANGES("同志们：\n今天开会。\n", "同志们：\n今天开会。\n", "");
	CHANGES("", "", "");
}

static void one_character_edit_is_not_the_line(void **state)
{
	(void)state;
	CHANGES("我们要加快推进城乡一体化建设，不断提高群众生活水平。\n",
	        "我们要加快推进城乡融合发展，不断提高群众生活水平。\n",
	        "replace[一体化建设|融合发展]");
	CHANGES("全面加强基层组织建设。\n", "全面加强基层党组织建设。\n", "insert[|党]");
	CHANGES("全面加强基层党组织建设。\n", "全面加强基层组织建设。\n", "delete[党|]");
}

static void inserted_and_deleted_sentences(void **state)
{
	(void)state;
	CHANGES("第一句话说在前面。第三句话放在后头。\n",
	        "第一句话说在前面。第二句话插在中间。第三句话放在后头。\n",
	        "insert[|第二句话插在中间。]");
	CHANGES("开头一段。\n中间一段讲具体工作。\n结尾一段。\n", "开头一段。\n结尾一段。\n",
	        "delete[中间一段讲具体工作。|]");
	CHANGES("开头一段。\n结尾一段。\n", "开头一段。\n新加的一段话。\n结尾一段。\n",
	        "insert[|新加的一段话。]");
	/* beside an edited sentence, a deleted or inserted one is still whole sentences, not
	 * the run from the mark before it ("。\n这一段删掉了") */
	CHANGES("要扎实推进工作。\n这一段删掉了。\n结尾一段。\n", "要稳步推进工作。\n结尾一段。\n",
	        "replace[扎实|稳步] delete[这一段删掉了。|]");
	CHANGES("要扎实推进工作。\n结尾一段。\n", "要稳步推进工作。\n新加了一段。\n结尾一段。\n",
	        "replace[扎实|稳步] insert[|新加了一段。]");
	/* nor is a sentence added after an edited one merged with the edit across its end */
	CHANGES("抓好种子和农资供应。\n", "抓好种子和化肥供应。新加一句话在这里。\n",
	        "replace[农资|化肥] insert[|新加一句话在这里。]");
}

static void replaced_phrase_is_one_replacement(void **state)
{
	(void)state;
	CHANGES("要扎实推进各项工作。\n", "要稳步推进各项工作。\n", "replace[扎实|稳步]");
	/* a shared character inside does not split it */
	CHANGES("要加强领导。\n", "要强化领导。\n", "replace[加强|强化]");
	CHANGES("认真抓好安全生产。\n", "切实做好安全生产。\n", "replace[认真抓|切实做]+commit");
}

static void figures_and_dates_stay_whole(void **state)
{
	(void)state;
	CHANGES("力争2025年底前全面完成。\n", "力争2026年6月底前全面完成。\n",
	        "replace[2025|2026]+number+date insert[|6月]+number+date");
	CHANGES("覆盖率达到85%以上。\n", "覆盖率达到90%以上。\n", "replace[85|90]+number");
	CHANGES("投资12.5亿元。\n", "投资13.8亿元。\n", "replace[12.5|13.8]+number");
	CHANGES("建设三千套住房。\n", "建设五千套住房。\n", "replace[三千|五千]+number");
	/* Latin words whole */
	CHANGES("推进5G网络和AI应用。\n", "推进5G网络和IoT应用。\n", "replace[AI|IoT]");
}

static void form_only_changes(void **state)
{
	(void)state;
	CHANGES("第一，加强领导。\n", "第一,加强领导。\n", "form[，|,]");
	CHANGES("到２０２５年完成。\n", "到2025年完成。\n", "form[２０２５|2025]");
	CHANGES("他说“要干”。\n", "他说\"要干\"。\n", "form[“|\"] form[”|\"]");
	CHANGES("一句话。另一句。\n", "一句话. 另一句.\n", "form[。|.] form[。|.]");
	/* a line break added between sentences is layout */
	CHANGES("一句话。另一句话。\n", "一句话。\n另一句话。\n", "form[|\n]");
	/* form and substance in one sentence stay apart */
	CHANGES("到２０２５年完成，好。\n", "到2026年完成,好。\n",
	        "replace[２０２５|2026]+number+date form[，|,]");
}

static void moved_paragraph(void **state)
{
	(void)state;
	CHANGES("第一段讲形势。\n第二段讲任务和措施安排。\n第三段讲要求。\n第四段讲保障。\n",
	        "第一段讲形势。\n第三段讲要求。\n第四段讲保障。\n第二段讲任务和措施安排。\n",
	        "move[第二段讲任务和措施安排。|第二段讲任务和措施安排。]");
	/* moved and written otherwise in form */
	CHANGES("甲段落。\n这一段将被移走，放到最后。\n乙段落。\n",
	        "甲段落。\n乙段落。\n这一段将被移走,放到最后。\n",
	        "move[这一段将被移走，放到最后。|这一段将被移走,放到最后。] form[，|,]");
}

static void reordered_list(void **state)
{
	(void)state;
	/* the items change places, the numbers stay in order: both items moved */
	CHANGES("1.抓好粮食生产工作。\n2.推进乡村建设行动。\n3.深化农村改革。\n",
	        "1.推进乡村建设行动。\n2.抓好粮食生产工作。\n3.深化农村改革。\n",
	        "move[推进乡村建设行动。|推进乡村建设行动。] "
	        "move[抓好粮食生产工作。|抓好粮食生产工作。]");
	/* items that keep their numbers: the one that moved */
	CHANGES("1.抓好粮食生产工作。\n2.推进乡村建设行动。\n3.深化农村改革。\n",
	        "2.推进乡村建设行动。\n3.深化农村改革。\n1.抓好粮食生产工作。\n",
	        "move[1.抓好粮食生产工作。|1.抓好粮食生产工作。]");
	/* a renumbered item is no move */
	CHANGES("（1）要注重一个字。\n（2）要注重另一个字。\n",
	        "（1）要注重一个字。\n（3）要注重另一个字。\n", "replace[2|3]+number");
	/* points in a paragraph's sentences */
	CHANGES("一是加强组织领导。二是强化督促检查。三是营造良好氛围。\n",
	        "一是强化督促检查。二是加强组织领导。三是营造良好氛围。\n",
	        "move[强化督促检查。|强化督促检查。] move[加强组织领导。|加强组织领导。]");
}

static void substance_filter(void **state)
{
	(void)state;
	CHANGES("各地要落实责任。\n", "各地必须落实责任。\n", "replace[要|必须]+commit");
	CHANGES("不得擅自调整。\n", "可以擅自调整。\n", "replace[不得|可以]+negation");
	/* a change inside a negation of two characters: 不得 (must not) → 不能 (cannot) */
	CHANGES("各单位不得推诿。\n", "各单位不能推诿。\n", "replace[得|能]+negation");
	CHANGES("由市教育局牵头。\n", "由市卫健局牵头。\n", "replace[教育|卫健]+owner");
	CHANGES("写得很好。\n", "写得很妙。\n", "replace[好|妙]");
	/* 要 inside 重要 is no commitment */
	CHANGES("这是重要工作。\n", "这是主要工作。\n", "replace[重|主]");
}

static void text_without_breaks_and_bad_bytes(void **state)
{
	(void)state;
	CHANGES("没有标点的一段话", "没有标点的一大段话", "insert[|大]");
	CHANGES("a\xff" "b", "a\xfe" "b", "replace[\xff|\xfe]");
	CHANGES("", "新的一段。", "insert[|新的一段。]");
	CHANGES("旧的一段。", "", "delete[旧的一段。|]");
}

/* The ideographs are tokens by a quicker path (diff.c's tokenize, fold_into): what stays
 * with an ideograph, or is not one, is still told apart. */
static void ideographs_beside_marks_and_numerals(void **state)
{
	(void)state;
	/* a combining mark stays with its base */
	CHANGES("把字\xcc\x81写好。\n", "把字写好。\n", "replace[字\xcc\x81|字]");
	/* Chinese numerals make one number, not one token each */
	CHANGES("确保二〇二五年完成。\n", "确保二〇二六年完成。\n", "replace[二〇二五|二〇二六]+number+date");
	CHANGES("统一思想。\n", "统二思想。\n", "replace[一|二]");
	/* U+4DC0.. are symbols, not ideographs, though their lead byte is the same */
	CHANGES("卦象䷀。\n", "卦象䷁。\n", "replace[䷀|䷁]");
	/* ideographs of the extension B plane and bad bytes beside ideographs */
	CHANGES("用\xf0\xa0\x80\x80字。\n", "用\xf0\xa0\x80\x81字。\n", "replace[\xf0\xa0\x80\x80|\xf0\xa0\x80\x81]");
	CHANGES("中\xe4文。\n", "中\xe5文。\n", "replace[\xe4|\xe5]");
	/* a change of form only beside ideographs, in a sentence's key */
	CHANGES("甲乙，丙丁。\n", "甲乙,丙丁。\n", "form[，|,]");
}

static void changed_chars(void **state)
{
	(void)state;
	const char *o = "要扎实推进。\n", *n = "要稳步推进。\n";
	diff *d;
	assert_int_equal(diff_new(o, strlen(o), n, strlen(n), &d), PZ_OK);
	assert_int_equal(diff_changed_chars(d, o, n), 4);
	diff_free(d);
}

/* The reader's place through a new draft: after an inserted paragraph it moves on by
 * the paragraph; inside a replaced phrase it goes to the replacement's start. */
static void offsets_follow_the_changes(void **state)
{
	(void)state;
	const char *o = "一、总体要求\n今年要扎实推进各项工作。\n二、主要任务\n抓好项目建设。\n";
	const char *n = "前言一段新加的话。\n一、总体要求\n今年要稳步推进各项工作。\n二、主要任务\n抓好项目建设。\n";
	diff *d;
	assert_int_equal(diff_new(o, strlen(o), n, strlen(n), &d), PZ_OK);
	size_t shift = strlen("前言一段新加的话。\n");
	size_t at = (size_t)(strstr(o, "二、") - o);
	assert_int_equal(diff_map_offset(d, o, strlen(o), n, strlen(n), at), (size_t)(strstr(n, "二、") - n));
	assert_int_equal(diff_map_offset(d, o, strlen(o), n, strlen(n), 0), shift);
	diff_free(d);
	/* a paragraph and a blank line on top: the place is past both */
	const char *n2 = "前言一段新加的话。\n\n一、总体要求\n今年要扎实推进各项工作。\n二、主要任务\n抓好项目建设。\n";
	assert_int_equal(diff_new(o, strlen(o), n2, strlen(n2), &d), PZ_OK);
	at = (size_t)(strstr(o, "各项") - o);
	assert_int_equal(diff_map_offset(d, o, strlen(o), n2, strlen(n2), at),
	                 (size_t)(strstr(n2, "各项") - n2));
	diff_free(d);
	assert_int_equal(diff_new(o, strlen(o), n, strlen(n), &d), PZ_OK);
	at = (size_t)(strstr(o, "实") - o); /* inside 扎实 → 稳步 */
	assert_int_equal(diff_map_offset(d, o, strlen(o), n, strlen(n), at), (size_t)(strstr(n, "稳步") - n));
	diff_free(d);
}

/* The reader's place through a moved paragraph, one with a change of form in it too:
 * inside the paragraph it goes with it; before and after, on the same text. */
static void offsets_follow_a_moved_paragraph(void **state)
{
	(void)state;
	static const char *const drafts[][2] = {
		{ "第一段讲形势。\n第二段讲任务，再讲措施安排。\n第三段讲要求。\n第四段讲保障。\n",
		  "第一段讲形势。\n第三段讲要求。\n第四段讲保障。\n第二段讲任务,再讲措施安排。\n" },
		{ "第一段讲形势。\n\n第二段讲任务，再讲措施安排。\n\n第三段讲要求。\n\n第四段讲保障。\n",
		  "第一段讲形势。\n\n第三段讲要求。\n\n第二段讲任务，再讲措施安排。\n\n第四段讲保障。\n" },
		{ "第一段讲形势。\n\n第二段讲任务，再讲措施安排。\n\n第三段讲要求。\n\n第四段讲保障。",
		  "第二段讲任务,再讲措施安排。\n\n第一段讲形势。\n\n第三段讲要求。\n\n第四段讲保障。" },
	};
	static const char *const places[] = { "第一", "形势", "第二", "任务", "再讲", "措施", "安排",
	                                      "第三", "要求", "第四", "保障" };
	for (size_t k = 0; k < sizeof(drafts) / sizeof(drafts[0]); k++) {
		const char *o = drafts[k][0], *n = drafts[k][1];
		size_t on = strlen(o), nn = strlen(n);
		diff *d;
		assert_int_equal(diff_new(o, on, n, nn, &d), PZ_OK);
		for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
			size_t at = (size_t)(strstr(o, places[i]) - o);
			size_t p = diff_map_offset(d, o, on, n, nn, at);
			assert_true(p + strlen(places[i]) <= nn);
			if (memcmp(n + p, places[i], strlen(places[i])) != 0)
				fail_msg("draft %zu: %s went to byte %zu: %.12s", k, places[i], p, n + p);
		}
		/* unchanged text after the move, exactly */
		size_t at = (size_t)(strstr(o, "保障") - o);
		assert_int_equal(diff_map_offset(d, o, on, n, nn, at), (size_t)(strstr(n, "保障") - n));
		diff_free(d);
	}
}

/* The sentence cursor through a new draft: found again word for word (past a moved
 * paragraph too), the occurrence nearest to the place; in a paragraph that moved and
 * changed, with the paragraph; a sentence edited, where the changes put it. */
static void cursor_follows_its_sentence(void **state)
{
	(void)state;
	const char *o = "第一段讲形势。\n第二段讲任务，再讲措施安排。\n第三段讲要求。\n第四段讲保障。\n";
	const char *n = "第一段讲形势。\n第三段讲要求。\n第四段讲保障。\n第二段讲任务,再讲措施安排。\n";
	size_t on = strlen(o), nn = strlen(n);
	diff *d;
	assert_int_equal(diff_new(o, on, n, nn, &d), PZ_OK);
#define FOLLOW(sentence, to) \
	assert_int_equal(diff_follow_passage(d, o, on, n, nn, (size_t)(strstr(o, sentence) - o), \
	                                     (size_t)(strstr(o, sentence) - o) + strlen(sentence)), \
	                 (size_t)(strstr(n, to) - n))
	FOLLOW("第二段讲任务，再讲措施安排。", "第二段");
	FOLLOW("第四段讲保障。", "第四段");
	diff_free(d);
	/* a sentence said twice: the one where the changes put it */
	o = "要抓落实。\n第一段。\n要抓落实。\n第二段。\n";
	n = "新加一段。\n要抓落实。\n第一段。\n要抓落实。\n第二段。\n";
	on = strlen(o), nn = strlen(n);
	assert_int_equal(diff_new(o, on, n, nn, &d), PZ_OK);
	size_t second = (size_t)(strstr(o + 1, "要抓落实") - o);
	assert_int_equal(diff_follow_passage(d, o, on, n, nn, second, second + strlen("要抓落实。")),
	                 (size_t)(strstr(strstr(n, "第一段"), "要抓落实") - n));
	diff_free(d);
	/* edited: at the start of what the changes put there */
	o = "开头。\n今年要扎实推进各项工作。\n结尾。\n";
	n = "新的开头。\n开头。\n今年要稳步推进各项工作。\n结尾。\n";
	on = strlen(o), nn = strlen(n);
	assert_int_equal(diff_new(o, on, n, nn, &d), PZ_OK);
	FOLLOW("今年要扎实推进各项工作。", "今年");
	diff_free(d);
#undef FOLLOW
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(diffseq_edits),
		cmocka_unit_test(equal_drafts),
		cmocka_unit_test(one_character_edit_is_not_the_line),
		cmocka_unit_test(inserted_and_deleted_sentences),
		cmocka_unit_test(replaced_phrase_is_one_replacement),
		cmocka_unit_test(figures_and_dates_stay_whole),
		cmocka_unit_test(form_only_changes),
		cmocka_unit_test(moved_paragraph),
		cmocka_unit_test(reordered_list),
		cmocka_unit_test(substance_filter),
		cmocka_unit_test(text_without_breaks_and_bad_bytes),
		cmocka_unit_test(ideographs_beside_marks_and_numerals),
		cmocka_unit_test(changed_chars),
		cmocka_unit_test(offsets_follow_the_changes),
		cmocka_unit_test(offsets_follow_a_moved_paragraph),
		cmocka_unit_test(cursor_follows_its_sentence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
