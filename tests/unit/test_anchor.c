/* Unit tests of anchoring: annotations made on one draft of a speech found again, or
 * knowingly orphaned, after the kinds of edits a speech goes through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unistr.h>

#include "pizhu/anchor.h"

/* A draft; every test edits it its own way. */
#define SPEECH                                                                              \
	"同志们，朋友们：\n"                                                                \
	"今天我们在这里召开全县农村工作会议，主要任务是总结过去一年的工作，分析当前面临的形势，" \
	"部署今年的重点任务。\n"                                                           \
	"过去一年，全县上下齐心协力，克服了干旱和疫情带来的双重困难，粮食总产量保持稳定，"     \
	"农民人均收入增长百分之七点二。这些成绩来之不易，凝聚着基层干部和广大群众的心血和汗水。\n" \
	"第一，要把稳定粮食生产放在首位。各乡镇要落实播种面积，加快高标准农田建设，确保旱涝保收。\n" \
	"第二，要大力发展特色产业。我们县的茶叶、板栗和中药材都有很好的基础，"                 \
	"要在品牌和销路上多下功夫，让好产品卖出好价钱。\n"                                 \
	"第三，要持续改善农村人居环境。垃圾收运、污水处理和厕所改造要一村一策，"               \
	"不搞一刀切，不做表面文章。\n"                                                     \
	"最后，我再强调一点：作风建设没有休止符。希望大家多到田间地头走一走，"                 \
	"多听听群众的意见，把实事办实，把好事办好。\n"

static uint32_t *u32(const char *s, size_t *n)
{
	uint32_t *u = u8_to_u32((const uint8_t *)s, strlen(s), NULL, n);
	assert_non_null(u);
	return u;
}

static size_t chars(const char *s)
{
	return u8_mbsnlen((const uint8_t *)s, strlen(s));
}

/* The offset of the nth (from 0) occurrence of needle in t[0..n). */
static size_t at(const uint32_t *t, size_t n, const char *needle, int nth)
{
	size_t qn;
	uint32_t *q = u32(needle, &qn);
	for (size_t s = 0; s + qn <= n; s++) {
		if (memcmp(t + s, q, qn * sizeof(*q)) == 0 && nth-- == 0) {
			free(q);
			return s;
		}
	}
	fail_msg("'%s' not found", needle);
	return 0;
}

/* s with its first `from` replaced by `to`; s is freed. */
static char *edit(char *s, const char *from, const char *to)
{
	char *p = strstr(s, from);
	assert_non_null(p);
	size_t a = (size_t)(p - s), fl = strlen(from), tl = strlen(to), n = strlen(s);
	char *r = malloc(n - fl + tl + 1);
	assert_non_null(r);
	memcpy(r, s, a);
	memcpy(r + a, to, tl);
	memcpy(r + a + tl, p + fl, n - a - fl + 1);
	free(s);
	return r;
}

static char *copy(const char *s)
{
	char *r = strdup(s);
	assert_non_null(r);
	return r;
}

/* What an annotation on t[start..end) remembers (pointing into t). */
static struct anchor_selector selector(const uint32_t *t, size_t n, size_t start, size_t end)
{
	size_t a, b;
	anchor_context(n, start, end, &a, &b);
	return (struct anchor_selector){ start, end, t + start, end - start,
		                         t + a, start - a, t + end, b - end };
}

static struct anchor_result find_u32(const uint32_t *t, size_t n,
                                     const struct anchor_selector *sel, size_t hint)
{
	anchor_index *ix;
	struct anchor_result r;
	assert_int_equal(anchor_index_new(t, n, &ix), PZ_OK);
	assert_int_equal(anchor_find(ix, sel, hint, &r), PZ_OK);
	anchor_index_free(ix);
	return r;
}

/* Marks the nth occurrence of quote in old and finds it in new. */
static struct anchor_result refind(const char *old, const char *quote, int nth,
                                   const char *new, size_t hint)
{
	size_t on, nn;
	uint32_t *o = u32(old, &on), *t = u32(new, &nn);
	size_t s = at(o, on, quote, nth);
	struct anchor_selector sel = selector(o, on, s, s + chars(quote));
	struct anchor_result r = find_u32(t, nn, &sel, hint);
	free(o);
	free(t);
	return r;
}

/* r is state st over the nth occurrence of covered in new (0,0 when orphaned); what
 * was found instead is printed. */
static void expect(struct anchor_result r, enum anchor_state st, const char *new,
                   const char *covered, int nth)
{
	size_t n, s = 0, e = 0;
	uint32_t *t = u32(new, &n);
	if (st != ANCHOR_ORPHANED) {
		s = at(t, n, covered, nth);
		e = s + chars(covered);
	}
	if (r.state != st || r.start != s || r.end != e) {
		print_error("want %d at %zu-%zu, got %d at %zu-%zu: '", st, s, e, r.state,
		            r.start, r.end);
		for (size_t i = r.start; i < r.end && i < n; i++) {
			uint8_t b[4];
			print_error("%.*s", u8_uctomb(b, t[i], 4), (char *)b);
		}
		print_error("'\n");
	}
	free(t);
	assert_int_equal(r.state, st);
	assert_int_equal(r.start, s);
	assert_int_equal(r.end, e);
}

#define ANY SIZE_MAX

static void context_offsets(void **state)
{
	(void)state;
	size_t a, b;
	anchor_context(100, 40, 50, &a, &b);
	assert_int_equal(a, 8);
	assert_int_equal(b, 82);
	anchor_context(100, 10, 90, &a, &b);
	assert_int_equal(a, 0);
	assert_int_equal(b, 100);
	anchor_context(100, 32, 68, &a, &b);
	assert_int_equal(a, 0);
	assert_int_equal(b, 100);
}

static void unchanged(void **state)
{
	(void)state;
	const char *q = "粮食总产量保持稳定";
	expect(refind(SPEECH, q, 0, SPEECH, ANY), ANCHOR_ANCHORED, SPEECH, q, 0);
	q = "同志们";   /* at the very start: an empty prefix */
	expect(refind(SPEECH, q, 0, SPEECH, ANY), ANCHOR_ANCHORED, SPEECH, q, 0);
	q = "把好事办好。\n";   /* at the very end: an empty suffix */
	expect(refind(SPEECH, q, 0, SPEECH, ANY), ANCHOR_ANCHORED, SPEECH, q, 0);
}

static void insertion_and_deletion_before(void **state)
{
	(void)state;
	const char *q = "粮食总产量保持稳定";
	char *t = edit(copy(SPEECH), "部署今年的重点任务。\n",
	               "部署今年的重点任务。\n会前，大家观看了全县脱贫攻坚成果展。\n");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ANCHORED, t, q, 0);
	free(t);
	t = edit(copy(SPEECH), "，主要任务是总结过去一年的工作，分析当前面临的形势", "");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ANCHORED, t, q, 0);
	free(t);
	/* right before it: the suffix is intact */
	t = edit(copy(SPEECH), "困难，粮食", "困难，全县粮食");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ANCHORED, t, q, 0);
	free(t);
}

static void insertion_and_deletion_after(void **state)
{
	(void)state;
	const char *q = "粮食总产量保持稳定";
	char *t = edit(copy(SPEECH), "中药材", "中药材、高山蔬菜");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ANCHORED, t, q, 0);
	free(t);
	t = edit(copy(SPEECH), "第三，要持续改善农村人居环境。", "");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ANCHORED, t, q, 0);
	free(t);
	/* right after it: the prefix is intact */
	t = edit(copy(SPEECH), "保持稳定，", "保持稳定并略有增长，");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ANCHORED, t, q, 0);
	free(t);
	t = edit(copy(SPEECH), "，农民人均收入增长百分之七点二", "");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ANCHORED, t, q, 0);
	free(t);
}

static void edits_inside_the_quote(void **state)
{
	(void)state;
	const char *q = "克服了干旱和疫情带来的双重困难";
	char *t = edit(copy(SPEECH), "克服了干旱", "克服了严重干旱");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t, "克服了严重干旱和疫情带来的双重困难", 0);
	free(t);

	q = "凝聚着基层干部和广大群众的心血和汗水";
	t = edit(copy(SPEECH), "凝聚着基层干部和广大群众", "凝聚着干部和群众");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t, "凝聚着干部和群众的心血和汗水", 0);
	free(t);
	/* with everything before it shifted too */
	t = edit(copy(SPEECH), "凝聚着基层干部和广大群众", "凝聚着干部和群众");
	t = edit(t, "同志们，朋友们：\n", "");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t, "凝聚着干部和群众的心血和汗水", 0);
	free(t);
	/* inserted just inside either end: the range takes the new words in rather than
	 * leave them to a context that would then look nearly whole */
	q = "克服了干旱和疫情带来的双重困难";
	t = edit(copy(SPEECH), "克服了干旱", "克服今年夏天罕见的干旱");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t, "克服今年夏天罕见的干旱和疫情带来的双重困难", 0);
	free(t);
	t = edit(copy(SPEECH), "双重困难", "双重甚至多重困难");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t, "克服了干旱和疫情带来的双重甚至多重困难", 0);
	free(t);
}

static void punctuation_inside(void **state)
{
	(void)state;
	const char *q = "粮食总产量保持稳定，农民人均收入增长百分之七点二。这些成绩来之不易";
	char *t = edit(copy(SPEECH), "七点二。这些", "七点二；这些");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t,
	       "粮食总产量保持稳定，农民人均收入增长百分之七点二；这些成绩来之不易", 0);
	free(t);
	q = "我们县的茶叶、板栗和中药材都有很好的基础，要在品牌和销路上多下功夫";
	t = edit(copy(SPEECH), "基础，要在", "基础、要在");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t,
	       "我们县的茶叶、板栗和中药材都有很好的基础、要在品牌和销路上多下功夫", 0);
	free(t);
}

static void punctuation_outside(void **state)
{
	(void)state;
	const char *q = "粮食总产量保持稳定";
	char *t = edit(copy(SPEECH), "保持稳定，", "保持稳定；");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ANCHORED, t, q, 0);
	free(t);
	t = edit(copy(SPEECH), "困难，粮食", "困难。粮食");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ANCHORED, t, q, 0);
	free(t);
	/* both sides changed: the same words, but not their context */
	t = edit(copy(SPEECH), "困难，粮食", "困难。粮食");
	t = edit(t, "保持稳定，", "保持稳定；");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t, q, 0);
	free(t);
}

static void paragraphs_split_and_merged(void **state)
{
	(void)state;
	const char *q = "粮食总产量保持稳定，农民人均收入增长百分之七点二。";
	char *t = edit(copy(SPEECH), "七点二。这些", "七点二。\n这些");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ANCHORED, t, q, 0);
	free(t);
	q = "第一，要把稳定粮食生产放在首位。";
	t = edit(copy(SPEECH), "汗水。\n第一", "汗水。第一");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ANCHORED, t, q, 0);
	free(t);
}

static void sentence_moved_far(void **state)
{
	(void)state;
	const char *q = "凝聚着基层干部和广大群众的心血和汗水";
	const char *sentence = "这些成绩来之不易，凝聚着基层干部和广大群众的心血和汗水。";
	char *t = edit(copy(SPEECH), sentence, "");
	t = edit(t, "把好事办好。\n", "把好事办好。这些成绩来之不易，凝聚着基层干部和广大群众的心血和汗水。\n");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t, q, 0);
	free(t);
}

static void orphaned(void **state)
{
	(void)state;
	/* deleted with its sentence */
	const char *q = "凝聚着基层干部和广大群众的心血和汗水";
	char *t = edit(copy(SPEECH), "这些成绩来之不易，凝聚着基层干部和广大群众的心血和汗水。", "");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ORPHANED, t, NULL, 0);
	free(t);
	/* rewritten: 10 edits to its 15 characters, 7 allowed */
	q = "克服了干旱和疫情带来的双重困难";
	t = edit(copy(SPEECH), q, "顶住了旱情和疫病的两重压力");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ORPHANED, t, NULL, 0);
	free(t);
	/* 7 edits: still found */
	t = edit(copy(SPEECH), q, "克服了旱情和疫病造成的双重压力");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t, "克服了旱情和疫病造成的双重压力", 0);
	free(t);
}

/* A sentence deleted beside a look-alike (speeches repeat a pattern with a few words
 * changed): its prefix now runs into its suffix, so it is gone, not the look-alike. */
static void deleted_beside_a_lookalike(void **state)
{
	(void)state;
	const char *old = "第一，各乡镇要抓好春耕备耕工作，确保不误农时。"
	                  "第二，各乡镇要抓好秋收秋种工作，确保颗粒归仓。"
	                  "第三，各乡镇要抓好冬季防火工作，确保安全过冬。\n";
	const char *q = "各乡镇要抓好秋收秋种工作，确保颗粒归仓。";
	char *t = edit(copy(old), "第二，各乡镇要抓好秋收秋种工作，确保颗粒归仓。", "");
	expect(refind(old, q, 0, t, ANY), ANCHOR_ORPHANED, t, NULL, 0);
	free(t);
	/* edited, not deleted: the look-alike's neighbour is not taken for it */
	t = edit(copy(old), "秋收秋种工作，确保颗粒", "秋收秋种工作，务必颗粒");
	expect(refind(old, q, 0, t, ANY), ANCHOR_MOVED, t, "各乡镇要抓好秋收秋种工作，务必颗粒归仓。", 0);
	free(t);
}

/* head, then n characters of other text (generated: no words of the speech), then tail. */
static char *far_apart(const char *head, size_t n, const char *tail)
{
	size_t hl = strlen(head), tl = strlen(tail);
	char *r = malloc(hl + 3 * n + tl + 1), *p = r + hl;
	uint32_t x = 7;
	assert_non_null(r);
	memcpy(r, head, hl);
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p += u8_uctomb((uint8_t *)p, 0x5000 + (x >> 16) % 3000, 3);
	}
	memcpy(p, tail, tl + 1);
	return r;
}

static void far_away(void **state)
{
	(void)state;
	/* moved past a long stretch of other text, and edited: found (by the k-grams it
	 * shares), though far beyond the window searched around the hint */
	const char *q = "凝聚着基层干部和广大群众的心血和汗水";
	char *old = far_apart(SPEECH, 6000, "以上是今年的安排。\n");
	char *head = edit(copy(SPEECH), "这些成绩来之不易，凝聚着基层干部和广大群众的心血和汗水。", "");
	char *t = far_apart(head, 6000, "以上是今年的安排。回头来看，这些成绩来之不易，"
	                                "凝聚着基层干部和广大人民群众的心血和汗水。\n");
	expect(refind(old, q, 0, t, ANY), ANCHOR_MOVED, t, "凝聚着基层干部和广大人民群众的心血和汗水", 0);
	free(t);
	free(head);

	/* deleted; far away stands a phrase 4 edits from it (9 characters, 4 allowed) in
	 * another context: too weak so far from where it was */
	q = "加快高标准农田建设";
	head = edit(copy(SPEECH), "加快高标准农田建设，", "");
	t = far_apart(head, 6000, "今后还要加快高标准物流园区的规划。\n");
	expect(refind(old, q, 0, t, ANY), ANCHOR_ORPHANED, t, NULL, 0);
	free(t);
	/* the same phrase near the hint is not taken either: where it was, its prefix now
	 * runs into its suffix, so it was cut out, and the phrase is another one */
	char *near = edit(copy(head), "作风建设", "要加快高标准物流园区的规划。作风建设");
	t = far_apart(near, 6000, "以上是今年的安排。\n");
	expect(refind(old, q, 0, t, ANY), ANCHOR_ORPHANED, t, NULL, 0);
	free(t);
	free(near);
	/* but rewritten in place, it is found there, the whole of it (its context says
	 * where it ends) */
	near = edit(copy(SPEECH), "加快高标准农田建设", "加快高标准物流园区");
	t = far_apart(near, 6000, "以上是今年的安排。\n");
	expect(refind(old, q, 0, t, ANY), ANCHOR_MOVED, t, "加快高标准物流园区", 0);
	free(t);
	free(near);
	free(head);
	free(old);
}

/* The same sentence in three places: each annotation keeps its own. */
#define REPEATED                                                                   \
	"一、关于乡村教育。我们去年新建了两所寄宿制学校，招聘了四十名年轻教师。"     \
	"要把群众的事当成自己的事。\n"                                            \
	"二、关于医疗卫生。全县村卫生室实现全覆盖，家庭医生签约率达到八成。"         \
	"要把群众的事当成自己的事。\n"                                            \
	"三、关于养老服务。我们在十二个乡镇建起了日间照料中心，解决了不少老人的吃饭难题。" \
	"要把群众的事当成自己的事。\n"

static void repeated_sentences(void **state)
{
	(void)state;
	const char *q = "要把群众的事当成自己的事";
	char *t = edit(copy(REPEATED), "一、", "开会前，先通报一个情况：省里的督查组下周进驻。\n一、");
	for (int i = 0; i < 3; i++) {
		expect(refind(REPEATED, q, i, REPEATED, ANY), ANCHOR_ANCHORED, REPEATED, q, i);
		expect(refind(REPEATED, q, i, t, ANY), ANCHOR_ANCHORED, t, q, i);
	}
	free(t);
	/* the second one edited: its annotation follows it, not an unchanged copy */
	t = edit(copy(REPEATED), "八成。要把群众的事当成自己的事", "八成。要把群众的事当作自己的事");
	expect(refind(REPEATED, q, 1, t, ANY), ANCHOR_MOVED, t, "要把群众的事当作自己的事", 0);
	expect(refind(REPEATED, q, 2, t, ANY), ANCHOR_ANCHORED, t, q, 1);
	free(t);

	/* shifted by exactly the distance between the first two: at the second's old place
	 * now stands the first, with the first's context */
	size_t n;
	uint32_t *o = u32(REPEATED, &n);
	size_t p0 = at(o, n, q, 0), p1 = at(o, n, q, 1), qn = chars(q), shift = p1 - p0;
	uint32_t *nt = malloc((n + shift) * sizeof(*nt));
	assert_non_null(nt);
	for (size_t i = 0; i < shift; i++)
		nt[i] = 0x4e00 + (uint32_t)(i * 37 % 500); /* any other text */
	memcpy(nt + shift, o, n * sizeof(*o));
	for (int i = 0; i < 3; i++) {
		size_t s = at(o, n, q, i);
		struct anchor_selector sel = selector(o, n, s, s + qn);
		struct anchor_result r = find_u32(nt, n + shift, &sel, ANY);
		assert_int_equal(r.state, ANCHOR_ANCHORED);
		assert_int_equal(r.start, s + shift);
		assert_int_equal(r.end, s + shift + qn);
	}
	free(nt);
	free(o);
}

static void long_quote_edited(void **state)
{
	(void)state;
	const char *q =
		"我们常说，群众利益无小事。一条村道修不修，一盏路灯亮不亮，一口水井清不清，"
		"看起来是小事，可对住在那里的老百姓来说，就是天大的事。今年县里准备拿出三千万元，"
		"专门解决这些群众身边的急难愁盼问题，每个项目都要公开招标，接受群众和人大代表的监督，"
		"做到钱花在明处，事办在实处，绝不能让好事办成了群众心里的糟心事";
	const char *edited =
		"我们常说，群众利益无小事！一条村道修不修，一盏路灯亮不亮、一口水井清不清，"
		"看起来是小事，可对住在那里的老百姓来说，就是天大的事。今年县里准备从财政拿出三千万元，"
		"专门解决这些群众身边的急难愁盼问题，每个项目都要公开招标，接受群众和代表的监督，"
		"做到钱花在明处，事办在实处，绝不能让好事办成了群众心里的糟心事";
	assert_int_equal(chars(q), 150);
	const char *head = "关于民生实事，我讲三点意见。";
	const char *tail = "。请各部门抓紧制定方案，下个月报县政府常务会审定。\n";
	char *withpar = malloc(strlen(SPEECH) + strlen(head) + strlen(q) + strlen(tail) + 1);
	assert_non_null(withpar);
	strcat(strcat(strcat(strcpy(withpar, SPEECH), head), q), tail);
	char *t = edit(copy(withpar), q, edited);
	t = edit(t, "同志们，朋友们：\n", "各位同志：\n");
	expect(refind(withpar, q, 0, t, ANY), ANCHOR_MOVED, t, edited, 0);
	/* and near a hint that is well off */
	expect(refind(withpar, q, 0, t, 5), ANCHOR_MOVED, t, edited, 0);
	free(t);
	free(withpar);
}

static void short_quote(void **state)
{
	(void)state;
	const char *q = "板栗";
	/* its characters stand elsewhere, apart, and even together in another sentence */
	char *t = edit(copy(SPEECH), "茶叶、板栗和", "茶叶、核桃和");
	t = edit(t, "作风建设", "去年秋天板栗价格跌了两成，这件事大家都记得。作风建设");
	t = edit(t, "一村一策，", "一村一策，打造几个样板村，");
	t = edit(t, "田间地头", "田间地头和栗子林里");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ORPHANED, t, NULL, 0);
	free(t);
	/* changed in place, its context intact: found */
	t = edit(copy(SPEECH), "茶叶、板栗和", "茶叶、栗子和");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t, "栗", 0);
	free(t);
	/* moved with most of its context */
	const char *clause = "我们县的茶叶、板栗和中药材都有很好的基础，要在品牌和销路上多下功夫，";
	t = edit(copy(SPEECH), clause, "");
	t = edit(t, "把好事办好。", "把好事办好。我们县的茶叶、板栗和中药材都有很好的基础，"
	                             "要在品牌和销路上多下功夫，让好产品走出大山。");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_MOVED, t, q, 0);
	free(t);
	/* moved with a little of it: not enough for two characters */
	t = edit(copy(SPEECH), "我们县的茶叶、板栗和中药材", "我们县的茶叶和中药材");
	t = edit(t, "把好事办好。", "把好事办好。我们县的茶叶、板栗和菌菇也要打响牌子。");
	expect(refind(SPEECH, q, 0, t, ANY), ANCHOR_ORPHANED, t, NULL, 0);
	free(t);
}

/* Two copies of one passage, the same context around each: the hint decides. */
#define PASSAGE                                                                        \
	"各位代表，我们必须清醒地看到，发展不平衡不充分的问题仍然突出，补短板的任务十分艰巨，" \
	"需要付出更加艰苦的努力，一步一个脚印往前走，决不能有丝毫松懈。\n"

static void hint(void **state)
{
	(void)state;
	const char *old = "开场白说完了，下面进入正题。\n" PASSAGE "这是上半年的情况。\n" PASSAGE "谢谢大家。\n";
	const char *new = "（根据录音整理）\n开场白说完了，下面进入正题。\n" PASSAGE
	                  "这是上半年的情况。\n" PASSAGE "谢谢大家。\n";
	const char *q = "补短板的任务十分艰巨";
	size_t on, nn;
	uint32_t *o = u32(old, &on), *t = u32(new, &nn);
	size_t s0 = at(o, on, q, 0), s1 = at(o, on, q, 1), qn = chars(q);
	size_t n0 = at(t, nn, q, 0), n1 = at(t, nn, q, 1);
	struct anchor_selector sel = selector(o, on, s0, s0 + qn);
	/* SIZE_MAX: near sel->start */
	struct anchor_result r = find_u32(t, nn, &sel, ANY);
	assert_int_equal(r.state, ANCHOR_ANCHORED);
	assert_int_equal(r.start, n0);
	/* near the second copy: the second */
	r = find_u32(t, nn, &sel, n1 + 3);
	assert_int_equal(r.state, ANCHOR_ANCHORED);
	assert_int_equal(r.start, n1);
	assert_int_equal(r.end, n1 + qn);
	r = find_u32(t, nn, &sel, n1);
	assert_int_equal(r.start, n1);
	/* the unchanged text: at sel->start whatever the hint, unless it is there too */
	r = find_u32(o, on, &sel, 100);
	assert_int_equal(r.state, ANCHOR_ANCHORED);
	assert_int_equal(r.start, s0);
	r = find_u32(o, on, &sel, s1);
	assert_int_equal(r.start, s1);
	/* a hint past the end is the end */
	sel = selector(o, on, s1, s1 + qn);
	r = find_u32(t, nn, &sel, SIZE_MAX - 1);
	assert_int_equal(r.start, n1);
	free(o);
	free(t);
}

static void degenerate(void **state)
{
	(void)state;
	size_t n;
	uint32_t *o = u32(SPEECH, &n);
	struct anchor_selector sel = selector(o, n, 10, 20);
	struct anchor_result r = find_u32(o, 0, &sel, ANY);  /* an empty text */
	assert_int_equal(r.state, ANCHOR_ORPHANED);
	r = find_u32(o, 3, &sel, ANY);                        /* shorter than a k-gram */
	assert_int_equal(r.state, ANCHOR_ORPHANED);
	sel.quote_len = 0;
	r = find_u32(o, n, &sel, ANY);
	assert_int_equal(r.state, ANCHOR_ORPHANED);
	/* no context at all: the quote is the whole text */
	sel = selector(o, n, 0, n);
	r = find_u32(o, n, &sel, ANY);
	assert_int_equal(r.state, ANCHOR_ANCHORED);
	assert_int_equal(r.end, n);
	anchor_index_free(NULL);
	free(o);
}

static uint32_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*s >> 33);
}

/* A long generated text, 2,000 annotations, text inserted near the start: every one is
 * found where it moved to, with and without a hint. */
static void many_annotations(void **state)
{
	(void)state;
	enum { N = 300000, ANN = 2000, AT = 500, INS = 37 };
	uint64_t seed = 12345;
	uint32_t *o = malloc(N * sizeof(*o)), *t = malloc((N + INS) * sizeof(*t));
	assert_non_null(o);
	assert_non_null(t);
	for (size_t i = 0; i < N; i++) {
		uint32_t r = lcg(&seed);
		o[i] = r % 53 == 0 ? 0xff0c : r % 97 == 0 ? 0x3002 : r % 401 == 0 ? '\n'
		                                                                   : 0x4e00 + r % 3000;
	}
	memcpy(t, o, AT * sizeof(*o));
	for (size_t i = 0; i < INS; i++)
		t[AT + i] = 0x4e00 + 3000 + (uint32_t)i;
	memcpy(t + AT + INS, o + AT, (N - AT) * sizeof(*o));

	static struct anchor_selector sel[ANN];
	for (size_t i = 0; i < ANN; i++) {
		size_t len = 2 + lcg(&seed) % 80, s = 1000 + lcg(&seed) % (N - 1000 - len);
		sel[i] = selector(o, N, s, s + len);
	}
	anchor_index *ix;
	assert_int_equal(anchor_index_new(t, N + INS, &ix), PZ_OK);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < ANN; i++) {
			struct anchor_result r;
			size_t h = pass ? sel[i].start + INS : ANY;
			assert_int_equal(anchor_find(ix, &sel[i], h, &r), PZ_OK);
			assert_int_equal(r.state, ANCHOR_ANCHORED);
			assert_int_equal(r.start, sel[i].start + INS);
			assert_int_equal(r.end, sel[i].end + INS);
		}
	}
	anchor_index_free(ix);
	free(o);
	free(t);
}

/* The index read from UTF-8 finds what the index of code points finds, at the same
 * character offsets: every sentence-sized piece of an edited speech (with characters
 * of one, two, three and four bytes), hinted and not. */
static void utf8_index_agrees(void **state)
{
	(void)state;
	char *old = copy("ab é 😀 " SPEECH), *new = copy(old);
	new = edit(new, "粮食总产量", "粮食产量");
	new = edit(new, "第二，", "第二，我想说，");
	new = edit(new, "😀", "😀😀");
	size_t on, nn;
	uint32_t *o = u32(old, &on), *t = u32(new, &nn);
	anchor_index *a, *b;
	assert_int_equal(anchor_index_new(t, nn, &a), PZ_OK);
	assert_int_equal(anchor_index_new_utf8(new, strlen(new), &b), PZ_OK);
	assert_int_equal(anchor_index_len(b), nn);
	for (size_t s = 0; s + 12 <= on; s += 5) {
		struct anchor_selector sel = selector(o, on, s, s + 3 + s % 23 < on ? s + 3 + s % 23 : on);
		for (int hinted = 0; hinted < 2; hinted++) {
			struct anchor_result ra, rb;
			size_t h = hinted ? s + 3 : ANY;
			assert_int_equal(anchor_find(a, &sel, h, &ra), PZ_OK);
			assert_int_equal(anchor_find(b, &sel, h, &rb), PZ_OK);
			assert_int_equal(ra.state, rb.state);
			assert_int_equal(ra.start, rb.start);
			assert_int_equal(ra.end, rb.end);
		}
	}
	anchor_index_free(a);
	anchor_index_free(b);
	free(o);
	free(t);
	free(old);
	free(new);
}

/* A text of more distinct characters than 16 bits can number: found all the same. */
static void many_distinct_characters(void **state)
{
	(void)state;
	enum { N = 70000 };
	uint32_t *t = malloc((N + 8) * sizeof(*t));
	assert_non_null(t);
	for (size_t i = 0; i < N; i++)
		t[i] = 0x20000 + (uint32_t)i; /* CJK Extension B and beyond: all distinct */
	struct anchor_selector sel = selector(t, N, 69000, 69020);
	/* the text gains 8 characters at its start: every offset shifts */
	uint32_t *u = malloc((N + 8) * sizeof(*u));
	assert_non_null(u);
	for (size_t i = 0; i < 8; i++)
		u[i] = 0x4E00 + (uint32_t)i;
	memcpy(u + 8, t, N * sizeof(*t));
	struct anchor_result r = find_u32(u, N + 8, &sel, ANY);
	assert_int_equal(r.state, ANCHOR_ANCHORED);
	assert_int_equal(r.start, 69008);
	assert_int_equal(r.end, 69028);
	free(t);
	free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(context_offsets),
		cmocka_unit_test(unchanged),
		cmocka_unit_test(insertion_and_deletion_before),
		cmocka_unit_test(insertion_and_deletion_after),
		cmocka_unit_test(edits_inside_the_quote),
		cmocka_unit_test(punctuation_inside),
		cmocka_unit_test(punctuation_outside),
		cmocka_unit_test(paragraphs_split_and_merged),
		cmocka_unit_test(sentence_moved_far),
		cmocka_unit_test(orphaned),
		cmocka_unit_test(deleted_beside_a_lookalike),
		cmocka_unit_test(far_away),
		cmocka_unit_test(repeated_sentences),
		cmocka_unit_test(long_quote_edited),
		cmocka_unit_test(short_quote),
		cmocka_unit_test(hint),
		cmocka_unit_test(degenerate),
		cmocka_unit_test(many_annotations),
		cmocka_unit_test(utf8_index_agrees),
		cmocka_unit_test(many_distinct_characters),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
