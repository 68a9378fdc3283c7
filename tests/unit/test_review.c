/* Unit tests of the review text (review.c): the deleted text put back, the spans of each
 * change, the maps to the new text, the filters, the keys of reviewed marks, the
 * resemblance of drafts and the notes on tagged passages. Drafts written for these
 * tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pizhu/review.h"
#include "pizhu/store_tagdraft.h"

static review *make(const char *o, const char *n, const struct review_options *opt, diff **dp)
{
	diff *d;
	review *r;
	assert_int_equal(diff_new(o, strlen(o), n, strlen(n), &d), PZ_OK);
	assert_int_equal(review_new(o, strlen(o), n, strlen(n), d, opt, &r), PZ_OK);
	if (dp)
		*dp = d;
	else
		diff_free(d);
	return r;
}

/* The review text with each span bracketed: [-deleted-] {+inserted+} {>moved<} {~form~}. */
static void marked(const review *r, char *out, size_t len)
{
	size_t tl, k = 0;
	const char *t = review_text(r, &tl);
	static const char *const open[] = { "{+", "[-", "{>", "{~" }, *const close[] = { "+}", "-]", "<}", "~}" };
	size_t s = 0;
	for (size_t i = 0; i <= tl; i++) {
		while (s < review_span_count(r) && review_span_at(r, s)->end == i && i > review_span_at(r, s)->start) {
			k += (size_t)snprintf(out + k, len - k, "%s", close[review_span_at(r, s)->part]);
			s++;
		}
		for (size_t j = s; j < review_span_count(r); j++)
			if (review_span_at(r, j)->start == i)
				k += (size_t)snprintf(out + k, len - k, "%s", open[review_span_at(r, j)->part]);
		if (i < tl)
			out[k++] = t[i];
		out[k] = '\0';
	}
}

#define MARKED(o, n, opt, want)                       \
	do {                                          \
		char got_[1024];                      \
		review *r_ = make(o, n, opt, NULL);   \
		marked(r_, got_, sizeof(got_));       \
		assert_string_equal(got_, want);      \
		review_free(r_);                      \
	} while (0)

static void deleted_text_put_back(void **state)
{
	(void)state;
	MARKED("要扎实推进各项工作。\n", "要稳步推进各项工作。\n", NULL,
	       "要[-扎实-]{+稳步+}推进各项工作。\n");
	/* 年底 (the year's end) → 9月底: 年 replaced, not 9月 added */
	MARKED("力争年底前完成。\n", "力争9月底前完成。\n", NULL, "力争[-年-]{+9月+}底前完成。\n");
	/* a deleted paragraph comes back as its own line */
	MARKED("开头一段。\n中间一段讲具体工作。\n结尾一段。\n", "开头一段。\n结尾一段。\n", NULL,
	       "开头一段。\n[-中间一段讲具体工作。-]\n结尾一段。\n");
	MARKED("开头一段。\n结尾一段。\n", "开头一段。\n新加的一段话。\n结尾一段。\n", NULL,
	       "开头一段。\n{+新加的一段话。+}\n结尾一段。\n");
	/* hidden: the new text alone */
	struct review_options hide = { .hide_deleted = true };
	MARKED("要扎实推进各项工作。\n", "要稳步推进各项工作。\n", &hide, "要{+稳步+}推进各项工作。\n");
}

static void moves_forms_and_the_substance_filter(void **state)
{
	(void)state;
	const char *o = "第一段讲形势。\n第二段讲任务和措施安排。\n第三段讲要求，共三条。\n";
	const char *n = "第一段讲形势。\n第三段讲要求,共三条。\n第二段讲任务和措施安排。\n";
	MARKED(o, n, NULL, "第一段讲形势。\n第三段讲要求,共三条。\n{>第二段讲任务和措施安排。<}\n");
	struct review_options form = { .form = true };
	MARKED(o, n, &form,
	       "第一段讲形势。\n第三段讲要求[-，-]{~,~}共三条。\n{>第二段讲任务和措施安排。<}\n");
	struct review_options subst = { .substance = true };
	MARKED("要扎实推进，力争2025年完成。\n", "要稳步推进，力争2026年完成。\n", &subst,
	       "要稳步推进，力争[-2025-]{+2026+}年完成。\n");
}

static void maps_and_finding_changes(void **state)
{
	(void)state;
	const char *o = "一、总体要求\n今年要扎实推进各项工作。\n二、主要任务\n抓好项目建设。\n";
	const char *n = "一、总体要求\n今年要稳步推进各项工作。\n二、主要任务\n抓好重点项目建设。\n";
	review *r = make(o, n, NULL, NULL);
	size_t tl;
	const char *t = review_text(r, &tl);
	assert_int_equal(review_count(r), 2);
	size_t at = (size_t)(strstr(t, "扎实") - t);
	assert_int_equal(review_find(r, at, 0), 0);
	assert_int_equal(review_find(r, at + 3, 0), 0);       /* inside the change */
	assert_int_equal(review_find(r, 0, 1), 0);
	assert_int_equal(review_find(r, at, 1), 1);
	assert_int_equal(review_find(r, at, -1), SIZE_MAX);
	assert_int_equal(review_find(r, tl, -1), 1);
	assert_int_equal(review_find(r, 0, 0), SIZE_MAX);
	/* a section's changes */
	size_t two = (size_t)(strstr(t, "二、") - t);
	assert_int_equal(review_count_in(r, 0, two), 1);
	assert_int_equal(review_count_in(r, two, tl), 1);
	/* the new text through the review text and back */
	size_t nat = (size_t)(strstr(n, "二、") - n);
	assert_int_equal(review_from_new(r, nat), two);
	assert_int_equal(review_to_new(r, two), nat);
	assert_int_equal(review_to_new(r, at + 3), (size_t)(strstr(n, "稳步") - n)); /* inside 扎实 */
	assert_int_equal(review_from_new(r, 0), 0);
	assert_int_equal(review_to_new(r, tl), strlen(n));
	review_free(r);
}

/* A long deleted passage is drawn from its middle too: the first span to draw from a
 * byte inside it is that passage's. */
static void long_spans_are_found_from_their_middle(void **state)
{
	(void)state;
	char o[16384] = "开头一段。\n", n[] = "开头一段。\n结尾一段。\n";
	for (int i = 0; i < 800; i++)
		strcat(o, "删");
	strcat(o, "。\n结尾一段。\n");
	review *r = make(o, n, NULL, NULL);
	assert_int_equal(review_span_count(r), 1);
	const struct review_span *sp = review_span_at(r, 0);
	assert_int_equal(sp->part, REVIEW_DELETED);
	assert_true(sp->end - sp->start > 2400);
	assert_int_equal(review_span_first(r, sp->start + 2000), 0);
	assert_int_equal(review_span_first(r, sp->end), 1);
	review_free(r);
}

/* A change keeps its key in another comparison that has it too (the next draft against
 * the same base), and another change has another key. */
static void keys_of_reviewed_marks(void **state)
{
	(void)state;
	const char *o = "今年要扎实推进各项工作。\n抓好项目建设。\n";
	const char *n2 = "今年要稳步推进各项工作。\n抓好项目建设。\n";
	const char *n3 = "前面加了一段话在这里。\n今年要稳步推进各项工作。\n抓好重点项目建设。\n";
	review *a = make(o, n2, NULL, NULL), *b = make(o, n3, NULL, NULL);
	assert_int_equal(review_count(a), 1);
	assert_int_equal(review_count(b), 3);
	size_t same = 0;
	for (size_t i = 0; i < review_count(b); i++)
		same += review_at(b, i)->key == review_at(a, 0)->key;
	assert_int_equal(same, 1);
	assert_true(review_at(b, 0)->key != review_at(b, 2)->key);
	review_free(a);
	review_free(b);
}

static void resemblance_of_drafts(void **state)
{
	(void)state;
	const char *a = "同志们：\n今年要扎实推进各项工作。\n抓好项目建设，确保年底完成。\n加强组织领导。\n";
	const char *b = "同志们：\n今年要稳步推进各项工作。\n抓好项目建设，确保年底完成。\n加强组织领导。\n";
	const char *c = "关于春季植树的通知。\n各单位要组织职工参加。\n请于三月底前报送名单。\n";
	assert_true(review_resemblance(b, strlen(b), a, strlen(a)) > REVIEW_RESEMBLES);
	assert_true(review_resemblance(c, strlen(c), a, strlen(a)) < 0.01);
	assert_true(review_resemblance("", 0, a, strlen(a)) == 0.0);
	/* spaces and line breaks inside a sentence do not matter */
	const char *d = "同志们：\n今年要扎实推进\n各项工作。\n抓好项目建设， 确保年底完成。\n加强组织领导。\n";
	assert_true(review_resemblance(d, strlen(d), a, strlen(a)) > 0.99);
}

static void notes_on_tagged_passages(void **state)
{
	(void)state;
	const char *o = "这项工作力争年底前完成，由市教育局牵头。\n";
	const char *n = "这项工作力争9月底前完成，由市卫健局牵头。\n";
	diff *d;
	review *r = make(o, n, NULL, &d);
	char buf[256];
	size_t ts = (size_t)(strstr(n, "9月") - n), te = ts + strlen("9月底前");
	assert_true(review_tag_note(o, n, strlen(n), d, ts, te, "deadline", buf, sizeof(buf)));
	assert_string_equal(buf, "deadline: 年底前 → 9月底前");
	ts = (size_t)(strstr(n, "力争") - n);
	assert_true(review_tag_note(o, n, strlen(n), d, ts, te, "deadline", buf, sizeof(buf)));
	assert_string_equal(buf, "deadline: 力争年底前 → 力争9月底前");
	ts = (size_t)(strstr(n, "市卫健局") - n);
	te = ts + strlen("市卫健局");
	assert_true(review_tag_note(o, n, strlen(n), d, ts, te, "owner", buf, sizeof(buf)));
	assert_string_equal(buf, "owner changed");
	/* untouched */
	assert_false(review_tag_note(o, n, strlen(n), d, 0, strlen("这项工作"), "task", buf, sizeof(buf)));
	assert_string_equal(buf, "");
	review_free(r);
	diff_free(d);
}

/* The one wording of the tag list and the status line for what a draft did to a tag. */
static void flags_of_tags(void **state)
{
	(void)state;
	char buf[256], was[128];
	struct store_tagdraft c = { .draft = 3, .anchor = STORE_MOVED, .was = was };
	strcpy(was, "年底前");
	assert_true(review_tag_flag("deadline", "9月底前", &c, buf, sizeof(buf)));
	assert_string_equal(buf, "deadline: 年底前 → 9月底前 (draft 3)");
	/* a task whose date changed: the date phrases, not the whole passage */
	strcpy(was, "这项工作力争2025年底前完成");
	assert_true(review_tag_flag("task", "这项工作力争2026年6月底前完成", &c, buf, sizeof(buf)));
	assert_string_equal(buf, "deadline: 2025年底前 → 2026年6月底前 (draft 3)");
	/* two dates changed apart: each phrase */
	strcpy(was, "今年安排项目48个，6月底前开工");
	assert_true(review_tag_flag("task", "本年安排项目48个，9月底前开工", &c, buf, sizeof(buf)));
	assert_string_equal(buf, "deadline: 今年 → 本年, 6月底前 → 9月底前 (draft 3)");
	strcpy(was, "市教育局");
	assert_true(review_tag_flag("owner", "市卫健局", &c, buf, sizeof(buf)));
	assert_string_equal(buf, "owner changed in draft 3: was 市教育局");
	strcpy(was, "由市教育局牵头抓好落实");
	assert_true(review_tag_flag("task", "由市卫健局牵头抓好落实", &c, buf, sizeof(buf)));
	assert_string_equal(buf, "owner changed in draft 3: was 由市教育局牵头抓好落实");
	strcpy(was, "扎实推进各项工作");
	assert_true(review_tag_flag("task", "稳步推进各项工作", &c, buf, sizeof(buf)));
	assert_string_equal(buf, "moved in draft 3: was 扎实推进各项工作");
	c.anchor = STORE_ORPHANED;
	c.draft = 4;
	strcpy(was, "一二三四五六七八九十一二三四五六七八九十一二三四五六");
	assert_true(review_tag_flag("target", "", &c, buf, sizeof(buf)));
	assert_string_equal(buf, "gone in draft 4: was 一二三四五六七八九十一二三四五六七八九十一二三四…");
	/* never past the buffer, always terminated */
	assert_true(review_tag_flag("target", "", &c, buf, 12));
	assert_true(strlen(buf) < 12);
	assert_false(review_tag_flag("task", "x", NULL, buf, sizeof(buf)));
	assert_string_equal(buf, "");
}

/* Random edits of a short speech (words and marks of its own, replaced, dropped, put
 * in, lines moved): whatever the drafts, the review text without its deleted spans is
 * the new text, the spans lie in order inside it on character boundaries, and the maps
 * go there and back. */
static void invariants_on_random_drafts(void **state)
{
	(void)state;
	static const char *const words[] = {
		"同志们", "要", "扎实", "稳步", "推进", "2025年", "２０２６", "6月底前", "，", "。", "\n",
		"市教育局", "牵头", "不得", "确保", "一、", "（二）", "“", "”", "AI", "三千",
	};
	const size_t nw = sizeof(words) / sizeof(words[0]);
	unsigned seed = 12345;
	for (int round = 0; round < 300; round++) {
		char o[2048] = "", n[2048] = "";
		int count = 5 + (int)((seed = seed * 1103515245 + 12345) >> 16) % 40;
		int picks[64];
		for (int i = 0; i < count; i++) {
			picks[i] = (int)(((seed = seed * 1103515245 + 12345) >> 16) % nw);
			strcat(o, words[picks[i]]);
		}
		for (int i = 0; i < count; i++) {
			unsigned r = ((seed = seed * 1103515245 + 12345) >> 16) % 10;
			if (r == 0)
				continue;                                   /* dropped */
			if (r == 1)
				strcat(n, words[((seed = seed * 1103515245 + 12345) >> 16) % nw]); /* put in */
			strcat(n, r == 2 ? words[((seed = seed * 1103515245 + 12345) >> 16) % nw]
			                 : words[picks[i]]);            /* replaced, or kept */
		}
		for (int opt = 0; opt < 4; opt++) {
			struct review_options ro = { .hide_deleted = opt & 1, .form = opt & 2 };
			diff *d;
			review *r;
			assert_int_equal(diff_new(o, strlen(o), n, strlen(n), &d), PZ_OK);
			assert_int_equal(review_new(o, strlen(o), n, strlen(n), d, &ro, &r), PZ_OK);
			size_t tl;
			const char *t = review_text(r, &tl);
			char back[4096];
			size_t k = 0, pos = 0;
			for (size_t i = 0; i < review_span_count(r); i++) {
				const struct review_span *sp = review_span_at(r, i);
				assert_true(sp->start < sp->end && sp->end <= tl);
				assert_true(i == 0 || review_span_at(r, i - 1)->start <= sp->start);
				assert_true((t[sp->start] & 0xC0) != 0x80);
				assert_true(sp->end == tl || (t[sp->end] & 0xC0) != 0x80);
				assert_true(sp->change < review_count(r));
				if (sp->part != REVIEW_DELETED)
					continue;
				assert_false(ro.hide_deleted);
				assert_true(sp->start >= pos);
				memcpy(back + k, t + pos, sp->start - pos);
				k += sp->start - pos;
				pos = sp->end;
			}
			memcpy(back + k, t + pos, tl - pos);
			k += tl - pos;
			back[k] = '\0';
			/* the deleted spans out: the new text (but for the line breaks that put a
			 * deleted line on its own) */
			char want[4096], got[4096];
			size_t w = 0, g = 0;
			for (size_t i = 0; n[i]; i++)
				if (n[i] != '\n')
					want[w++] = n[i];
			for (size_t i = 0; i < k; i++)
				if (back[i] != '\n')
					got[g++] = back[i];
			want[w] = got[g] = '\0';
			assert_string_equal(got, want);
			assert_true(k >= strlen(n));
			if (ro.hide_deleted)
				assert_string_equal(t, n);
			for (size_t off = 0; off <= strlen(n); off++) {
				if (off < strlen(n) && (n[off] & 0xC0) == 0x80)
					continue;
				size_t m = review_from_new(r, off);
				assert_true(m <= tl);
				assert_int_equal(review_to_new(r, m), off);
			}
			for (size_t m = 0; m <= tl; m++)
				assert_true(review_to_new(r, m) <= strlen(n));
			for (size_t i = 1; i < review_count(r); i++)
				assert_true(review_at(r, i - 1)->start <= review_at(r, i)->start);
			review_free(r);
			diff_free(d);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deleted_text_put_back),
		cmocka_unit_test(moves_forms_and_the_substance_filter),
		cmocka_unit_test(maps_and_finding_changes),
		cmocka_unit_test(long_spans_are_found_from_their_middle),
		cmocka_unit_test(keys_of_reviewed_marks),
		cmocka_unit_test(resemblance_of_drafts),
		cmocka_unit_test(notes_on_tagged_passages),
		cmocka_unit_test(flags_of_tags),
		cmocka_unit_test(invariants_on_random_drafts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
