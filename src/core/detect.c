/* Suggestions: what a speech asks for, found by rules a maintainer can read and extend.
 *
 * Deadlines and targets are phrases: each rule is one line of a small pattern language
 * (below), tried where its first character stands, leftmost-longest. Whether a phrase
 * binds an action (年底前 in 要在年底前完成, not 去年底 or 今年以来) is judged from its
 * clause and sentence: commitment words (要, 确保, 力争...) against report words (已,
 * 去年, 以来...). Tasks are sentences with a commitment word that is not part of an
 * ordinary word (重要, 主要, 需要) and not an exhortation to feel (要有清醒认识), or that
 * open with a measure verb (加强…, 在机关，加强…); not headings and short titles,
 * statements (…，是…; 关键在于), reported speech (会议指出，要…), announced plans
 * (市委将…) and lists announced (从以下三个方面：). An owner is the unit before a
 * commitment (市委组织部要), before a verb it governs in a clause (党组织推动…), or one
 * named as responsible (由…牵头, 责任单位：); a place alone (全市) is not one. The
 * rules were written on labelled speeches of the project and checked against real
 * speeches labelled by the same rules: see the README.
 *
 * Pattern language: literal text; (a|b|c) one of the words, ? after it optional;
 * tokens <Y> a year (2025, 二〇二五), <M> a month, <D> a day, <N> a number (80, ８０,
 * 五, 三千, 5.5, or a placeholder X xx *), <Q> a quantity (a number and a unit, 八成
 * read as 80%), <QU> the same with a unit required, <P> a part of a month (上旬 中旬 下旬
 * 初 中 底 末), <S> a season (一 to 四, 1 to 4). Each rule carries an example that the
 * unit tests find with the value shown, for a speech dated 2024-08-24.
 */
#define _GNU_SOURCE /* memmem */
#include "pizhu/detect.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>

#include "pizhu/cjk.h"
#include "pizhu/date.h"
#include "pizhu/sentence.h"
#include "pizhu/utf8.h"

/* ---- the rules ---- */

/* What a rule's match becomes. */
enum kind {
	/* deadlines */
	K_DATE,          /* <Y>? <M> <D>: that day */
	K_MONTH_PART,    /* <Y>? <M> <P>: the part's last day */
	K_MONTH_BEFORE,  /* <M>月前: the day before that month */
	K_YEAR_END,      /* <Y>? 年底, 年内, 今年: the year's last day */
	K_YEAR_BEFORE,   /* <Y>年前: the day before that year */
	K_NEXT_YEAR,     /* 明年 */
	K_SEASON,        /* <S>季度: its last day */
	K_HALF1,         /* 上半年, 年中 */
	K_HALF2,         /* 下半年 */
	K_WITHIN,        /* <N> 个月内: counted from the speech's date */
	K_THIS_MONTH,    /* 月底, 本月内: the speech's month's last day */
	K_RECUR,         /* 每月...: a recurrence */
	/* targets */
	K_EQ,            /* 达到 <Q> (以上, 以内: the direction word decides) */
	K_GT,            /* 超过 <Q> */
	K_GE,            /* 不低于 <Q>, <QU>以上 */
	K_LE,            /* 控制在 <Q>, <QU>以内 */
	K_UP,            /* 增长 <Q> */
	K_DOWN,          /* 下降 <Q> */
	K_FULL,          /* 全覆盖 */
	K_X2,            /* 倍增, 翻一番 */
	K_X4,            /* 翻两番 */
};

/* When a rule's match counts. */
enum need {
	N_ALWAYS,        /* it binds by its words (年底前, 达到...以上 in a sentence that asks) */
	N_BOUND,         /* named bare (三季度): the sentence must ask for action */
	N_NEAR,          /* named bare and common as a name (2024年, 今年的工作): the sentence
	                    must ask, and a binding word stand right before or after it */
};

/* The binding words of N_NEAR: 力争今年, 到2027年, 今年要, 明年全面完成. */
static const char *const bind_before[] = {
	"力争", "争取", "确保", "要在", "要", "务必", "必须", "在", "于", "到", "至", "截至", "计划",
	"预计", "努力",
};
static const char *const bind_after[] = {
	"要", "将", "力争", "争取", "确保", "必须", "务必", "全面", "完成", "实现", "全部", "基本",
	"建成", "开工", "投产", "启动", "底前", "内",
};

struct rule {
	enum detect_type type;
	const char *pattern;
	enum kind kind;
	enum need need;
	const char *not_after;  /* characters that may not stand just before it (通过 is not 过) */
	const char *example;    /* a phrase it finds... */
	const char *value;      /* ...and the value, for a speech dated 2024-08-24 */
};

#define SHORT_TITLE 14     /* characters: a one-clause sentence this short is a title */

#define DL DETECT_DEADLINE
#define TG DETECT_TARGET

static const struct rule rules[] = {
	/* deadlines: days */
	{ DL, "<Y>年<M>月<D>(日|号)(前|之前|以前|为止)", K_DATE, N_ALWAYS, "", "2025年6月30日前", "2025-06-30" },
	{ DL, "<M>月<D>(日|号)(前|之前|以前|为止)", K_DATE, N_ALWAYS, "年", "要在9月15日前报送", "2024-09-15" },
	{ DL, "<Y>年<M>月<D>(日|号)", K_DATE, N_BOUND, "", "务必于2025年3月1日建成", "2025-03-01" },
	{ DL, "<M>月<D>(日|号)", K_DATE, N_BOUND, "年", "要在10月8日完成", "2024-10-08" },
	/* months */
	{ DL, "<Y>年<M>月(份)?<P>(前|之前|以前)?", K_MONTH_PART, N_ALWAYS, "", "2025年3月底前", "2025-03-31" },
	{ DL, "<M>月(份)?<P>(前|之前|以前)", K_MONTH_PART, N_ALWAYS, "年", "9月中旬前", "2024-09-20" },
	{ DL, "<M>月(份)?<P>", K_MONTH_PART, N_BOUND, "年", "10月底要全部完工", "2024-10-31" },
	{ DL, "<M>月(份)?(前|之前|以前)", K_MONTH_BEFORE, N_ALWAYS, "年", "12月前", "2024-11-30" },
	{ DL, "(本月|这个月|当月)(底|末|内)(前|之前)?", K_THIS_MONTH, N_ALWAYS, "", "本月底前", "2024-08-31" },
	{ DL, "(月底|月末)(前|之前)", K_THIS_MONTH, N_ALWAYS, "", "月底前", "2024-08-31" },
	/* years */
	{ DL, "<Y>年(底|末)(前|之前|以前)?", K_YEAR_END, N_ALWAYS, "", "2025年底前", "2025-12-31" },
	{ DL, "<Y>年", K_YEAR_END, N_NEAR, "", "到2027年全面建成", "2027-12-31" },
	{ DL, "<Y>年(前|之前|以前)", K_YEAR_BEFORE, N_ALWAYS, "", "2026年前", "2025-12-31" },
	{ DL, "(年底|年末)(前|之前|以前)", K_YEAR_END, N_ALWAYS, "去上前往每当", "年底前", "2024-12-31" },
	{ DL, "(年底|年末)", K_YEAR_END, N_BOUND, "去上前往每当", "年底要结账", "2024-12-31" },
	{ DL, "(今年|本年度|本年)(底|末)(前|之前|以前)?", K_YEAR_END, N_ALWAYS, "", "今年底前", "2024-12-31" },
	{ DL, "(今年|本年度|本年)(内|之内)", K_YEAR_END, N_ALWAYS, "", "今年内", "2024-12-31" },
	{ DL, "年内", K_YEAR_END, N_ALWAYS, "今本去一二三四五六七八九十两几多0123456789", "年内建成", "2024-12-31" },
	{ DL, "(今年|本年度|本年)", K_YEAR_END, N_NEAR, "", "力争今年完成", "2024-12-31" },
	{ DL, "明年(底|末|年底)(前|之前|以前)?", K_NEXT_YEAR, N_ALWAYS, "", "明年底前", "2025-12-31" },
	{ DL, "明年", K_NEXT_YEAR, N_NEAR, "", "明年要完成", "2025-12-31" },
	/* seasons and halves */
	{ DL, "(第)?<S>季度(末|底)(前|之前|以前)?", K_SEASON, N_ALWAYS, "前", "三季度末", "2024-09-30" },
	{ DL, "(第)?<S>季度(前|之前|以前|内)", K_SEASON, N_ALWAYS, "前", "四季度前", "2024-12-31" },
	{ DL, "(第)?<S>季度", K_SEASON, N_NEAR, "前", "四季度要开工", "2024-12-31" },
	{ DL, "(上半年|年中)(前|之前|以前|内|末|底)", K_HALF1, N_ALWAYS, "", "上半年内", "2025-06-30" },
	{ DL, "(上半年|年中)", K_HALF1, N_NEAR, "", "上半年要完成", "2025-06-30" },
	{ DL, "下半年", K_HALF2, N_NEAR, "", "下半年要完成", "2024-12-31" },
	/* spans counted from the speech */
	{ DL, "<N>(个)?(月|年|周|星期|天|日|个工作日|工作日)(内|之内|以内)", K_WITHIN, N_BOUND, "", "两个月内要整改", "2024-10-24" },
	/* recurrences */
	{ DL, "每(天|日|周|星期|月|季度|季|半年|年)((至少|不少于)<N>次)?", K_RECUR, N_BOUND, "", "要每月至少一次", "R/P1M" },

	/* targets */
	{ TG, "(力争达到|达到|提高到|提升到|增加到|增长到|上升到|扩大到|增至|达)<Q>(以上|以内|以下|左右)?", K_EQ, N_ALWAYS, "已到抵传表发通下", "达到80%以上", ">=80%" },
	{ TG, "实现<QU>(以上|左右)?", K_EQ, N_ALWAYS, "", "营业收入要实现50亿元", "=50亿元" },
	{ TG, "(突破|超过|高于|多于|过)<Q>", K_GT, N_ALWAYS, "通经不度越错路跨闯难", "过5万元", ">5万元" },
	{ TG, "(不低于|不少于|至少|最少)<Q>(以上)?", K_GE, N_ALWAYS, "", "不低于90%", ">=90%" },
	{ TG, "(控制在|保持在|稳定在|压减到|压缩到|降低到|降到|下降到|减少到|不超过|不高于|低于|少于)<Q>(以内|以下|左右|以上)?", K_LE, N_ALWAYS, "", "控制在3%以内", "<=3%" },
	{ TG, "(增长|提高|提升|增加)<Q>(以上|左右)?", K_UP, N_ALWAYS, "", "增长10%以上", "+>=10%" },
	{ TG, "(下降|降低|减少|压减)<Q>(以上|左右)?", K_DOWN, N_ALWAYS, "", "下降5%", "-5%" },
	{ TG, "<QU>以上", K_GE, N_ALWAYS, "", "新建800个以上", ">=800个" },
	{ TG, "<QU>(以内|以下)", K_LE, N_ALWAYS, "", "3%以内", "<=3%" },
	{ TG, "(全覆盖|全面覆盖|全部覆盖)", K_FULL, N_ALWAYS, "", "实现全覆盖", "=100%" },
	{ TG, "(倍增|翻一番|翻番)", K_X2, N_ALWAYS, "", "收入倍增", "x2" },
	{ TG, "翻两番", K_X4, N_ALWAYS, "", "翻两番", "x4" },
};

#define NRULES (sizeof(rules) / sizeof(rules[0]))

/* ---- words that decide ---- */

/* Commitment words: a sentence holding one (outside the words below) asks for action. */
static const char *const commit_words[] = {
	"必须", "务必", "确保", "抓好", "抓紧", "牵头", "负责", "应当", "不得", "严禁", "一律",
	"切实", "要",
};

/* Ordinary words that hold a commitment word's characters. */
static const char *const not_commit[] = {
	"重要", "主要", "需要", "只要", "要求", "必要", "首要", "要素", "要点", "纲要", "摘要",
	"要是", "要么", "想要", "次要", "简要", "扼要", "要害", "要闻", "要务", "机要", "紧要",
	"要领", "要件", "要员", "要职", "要地", "要塞", "显要", "提要", "要事",
	"负责人", "负责同志", "负责的", "负责任", "确保了", "抓好了", "要有", "要看到", "要清醒",
	"要认识到", "要充分认识", "要深刻认识", "要坚定", "要相信", "要明白", "要知道", "要记住",
	"要懂得", "要正视", "要意识到", "要看清", "要珍惜", "要感谢", "容不得", "不得不",
	"巴不得", "怪不得", "不得了", "少不得", "牵头单位", "牵头部门", "负责部门", "负责制",
	"党要管党", "将要", "要么", "就是要", "而是要", "不是要", "我要", "要善于", "等不得",
	"慢不得", "舍不得", "由不得", "见不得",
};

/* Ordinary words holding 要 that no unit before them is told by (重要, 需要): the
 * owners before an exhortation's 要 (要有, 要善于) are still owners. */
static const char *const ordinary_yao[] = {
	"重要", "主要", "需要", "只要", "要求", "必要", "首要", "要素", "要点", "纲要", "摘要",
	"要是", "要么", "想要", "次要", "简要", "扼要", "要害", "要闻", "要务", "机要", "紧要",
	"要领", "要件", "要员", "要职", "要地", "要塞", "显要", "提要", "要事", "党要管党",
	"将要", "就是要", "而是要", "不是要", "我要",
};

/* Verbs that make a sentence a command when it opens with it (加快项目建设。), ahead of
 * any commitment word after them... */
static const char *const command_openers[] = {
	"加快", "推动", "推进", "落实", "加强", "做好", "强化", "完善", "建立", "健全", "深化",
	"抓好", "抓紧", "确保", "务必", "坚持", "严格", "执行", "用好", "加大", "创新", "尊重",
	"扩大", "提升", "提高", "优化", "实施", "开展", "组织", "构建", "打造", "培育", "巩固",
	"规范", "探索", "引导", "发挥", "聚焦", "统筹", "夯实", "压实", "增强", "狠抓", "全面",
	"持续", "大力", "切实", "着力", "深入", "积极", "认真", "扎实", "进一步", "紧扣", "围绕",
};

/* The words a task's value names, first found first (加快 and 推动 besides the
 * commitment words). */
static const char *const value_words[] = {
	"要", "必须", "务必", "确保", "抓好", "牵头", "负责", "加快", "推动",
};

/* Openings of a report of what was done: such a sentence is no task, whatever verbs it
 * holds (今年以来，…抓好党建是最大政绩). */
static const char *const report_openers[] = {
	"今年以来", "去年", "过去", "一年来", "近年来", "五年来", "前一阶段", "前段时间", "近期以来",
	"多年来", "以往", "只有", "因为", "如果",
};

/* Words before a commitment in its clause that make it reported speech (会议指出，要…)
 * or an announced plan (市委将…切实…): no one here is told to act. */
static const char *const reported_before[] = {
	"指出", "强调", "提出", "认为", "表示", "批示", "认识到",
};

/* A sentence that says what something is before its commitment word states, not
 * commands (主要任务就是分析问题…，确保…; 关键是要…). */
static const char *const statement_words[] = {
	"任务是", "任务就是", "目的是", "目的就是", "关键是", "核心是", "核心在于", "关键在于",
	"落脚点是", "实质是", "根本是", "前提是", "简单来说", "也就是说",
};

/* Besides a commitment word, these make a sentence look ahead: its quantities and
 * bare periods are targets and deadlines. */
static const char *const future_words[] = {
	"力争", "争取", "目标", "预期", "将", "拟", "努力", "底前", "末前", "旬前", "日前完成",
};

/* A clause that holds one of these before a phrase reports: it is no target or
 * deadline there. */
static const char *const past_words[] = {
	"已", "去年", "上年", "过去", "以来", "同比", "比上年", "累计", "共有", "一年来",
	"五年来", "前年", "当时", "曾", "了",
};

/* Words that tell a date from what happened on it (7月26日，总书记在...强调). */
static const char *const event_words[] = {
	"强调", "指出", "召开", "讲话", "发表", "视察", "考察", "出席", "主持", "印发", "通过",
};

/* A subject that is an owner ends with one of these, or starts with 各. */
static const char *const org_ends[] = {
	"部", "委", "局", "厅", "办", "室", "处", "科", "组", "会", "院", "所", "站", "中心", "政府",
	"单位", "部门", "镇", "乡", "村", "县", "区", "市", "省", "街道", "社区", "机关", "企业",
	"学校", "医院", "公司", "集团", "银行", "干部", "党员", "书记", "领导", "班子", "组织",
	"支部", "队", "团", "法院", "检察院", "专班", "工委", "总支", "系统", "行业", "园区",
	"主任", "局长", "县长", "市长", "镇长", "乡长", "部长", "厅长", "主席", "校长", "院长",
	"负责人", "负责同志", "党校", "联", "大队", "中队", "支队", "所长", "站长", "队长", "社",
};

/* Subjects that are never owners. */
static const char *const not_owner[] = {
	"我们", "大家", "同志们", "你们", "咱们", "我", "各位", "全体同志", "我们大家", "自己",
};

/* Words before a subject that make it an adverbial (对...要, 在...要). */
static const char *const adverbial_starts[] = {
	"对", "在", "把", "从", "以", "通过", "按照", "根据", "为", "随着", "针对", "围绕", "就", "由",
	"当", "如果", "凡", "与", "同时", "今年", "明年", "下一步", "今后", "此外", "另外",
};

/* Introducers of the responsible: 责任单位：市教育局. */
static const char *const owner_labels[] = {
	"责任单位", "牵头单位", "责任部门", "牵头部门", "配合单位", "责任人",
};

static const char *const units[] = {
	"个百分点", "个工作日", "微克/立方米", "万平方米", "平方公里", "平方米", "万千瓦", "亿美元",
	"万美元", "美元", "工作日", "学时", "人次", "万元", "亿元", "万人", "万户",
	"万亩", "万吨", "万套", "万个", "万家", "万辆", "千瓦", "公里", "千米", "公顷", "小时",
	"万", "亿", "元", "%", "％", "个", "家", "人", "名", "户", "所", "座", "项", "套", "台",
	"辆", "亩", "吨", "米", "次", "倍", "批", "处", "条", "场", "篇", "部", "期", "张", "间",
	"件", "天", "成",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* What may follow a number that starts a phrase: a date's, a span's or a unit's first
 * character, or 以 (以上, 以内), or 季 (三季度). */
static const char number_followers[] = "年月日号季个周星天工以万亿元%％家人名户所座项套台辆亩吨"
                                       "米次倍批处条场篇部期张间件成平千公小美学微";

/* ---- characters ---- */

struct text {
	const char *s;
	size_t n;
};

static inline uint32_t char_at(const struct text *t, size_t i, size_t *len)
{
	return utf8_get(t->s, t->n, i, len);
}

/* The last bytes are compared first: words of Chinese characters share their first
 * bytes (E4-E9) far more often than their last. */
static inline bool starts_n(const struct text *t, size_t i, const char *w, size_t l)
{
	return i + l <= t->n && (!l || (t->s[i + l - 1] == w[l - 1] && !memcmp(t->s + i, w, l - 1)));
}

/* Most words tried do not stand at i: their first byte, or for a Chinese character
 * its last, says so before the word is measured. */
static inline bool starts(const struct text *t, size_t i, const char *w)
{
	if (!w[0])
		return i <= t->n;
	if (i >= t->n || t->s[i] != w[0])
		return false;
	if ((unsigned char)w[0] >= 0xE0 && w[1] && (i + 2 >= t->n || t->s[i + 2] != w[2]))
		return false;
	return starts_n(t, i, w, strlen(w));
}

/* starts and ends with a literal word: its length known when compiling */
#define starts_lit(t, i, lit) starts_n((t), (i), (lit), sizeof(lit) - 1)
#define ends_lit(t, a, e, lit) ends_n((t), (a), (e), (lit), sizeof(lit) - 1)

static inline bool ends_n(const struct text *t, size_t a, size_t e, const char *w, size_t l)
{
	return e >= a + l && (!l || (t->s[e - 1] == w[l - 1] && !memcmp(t->s + e - l, w, l - 1)));
}

static bool ends(const struct text *t, size_t a, size_t e, const char *w)
{
	return ends_n(t, a, e, w, strlen(w));
}

/* The character before byte i (0 at the start). */
static uint32_t char_before(const struct text *t, size_t i, size_t *at)
{
	return utf8_before(t->s, 0, i, at);
}

/* Whether character c is one of the characters of set (UTF-8): its bytes searched for
 * as a string, which in valid UTF-8 can only match a whole character. */
static bool in_set(uint32_t c, const char *set)
{
	uint8_t u[8];
	int l = c ? u8_uctomb(u, c, 6) : 0;
	if (l <= 0)
		return false;
	u[l] = '\0';
	return strstr(set, (const char *)u) != NULL;
}

/* ---- matching a pattern ---- */

enum token { T_Y, T_M, T_D, T_N, T_Q, T_QU, T_P, T_S };

struct caps {
	int year, month, day, season;
	bool year_set, unfilled;
	char part[8];          /* 上旬 中旬 下旬 初 中 底 末 */
	double num;
	char unit[24];
	char words[4][16];     /* the alternatives chosen, in order: verbs, direction words */
	int nwords;
	size_t span_unit;      /* for K_WITHIN: the unit word */
	char within[16];
};

static const char *const parts[] = { "上旬", "中旬", "下旬", "初", "中", "底", "末" };

static bool token_match(const struct text *t, size_t i, enum token k, struct caps *c, size_t *end)
{
	struct cjk_number num;
	size_t l;
	switch (k) {
	case T_Y: {
		if (starts_lit(t, i, "今年") || starts_lit(t, i, "明年"))
			return false;
		if (!cjk_number_read(t->s, t->n, i, &num))
			return false;
		if (num.placeholder) {
			c->unfilled = true;
		} else {
			if (num.value < 1900 || num.value > 2200)
				return false;
			c->year = (int)num.value;
			c->year_set = true;
		}
		*end = num.end;
		return true;
	}
	case T_M:
	case T_D:
		if (!cjk_number_read(t->s, t->n, i, &num))
			return false;
		if (num.placeholder)
			c->unfilled = true;
		else if (num.value < 1 || num.value > (k == T_M ? 12 : 31) || num.value != (int)num.value)
			return false;
		else if (k == T_M)
			c->month = (int)num.value;
		else
			c->day = (int)num.value;
		*end = num.end;
		return true;
	case T_N:
		if (!cjk_number_read(t->s, t->n, i, &num))
			return false;
		c->num = num.value;
		c->unfilled |= num.placeholder;
		*end = num.end;
		return true;
	case T_Q:
	case T_QU: {
		if (!cjk_number_read(t->s, t->n, i, &num))
			return false;
		c->num = num.value;
		c->unfilled |= num.placeholder;
		c->unit[0] = '\0';
		size_t e = num.end;
		for (size_t u = 0; u < COUNT(units); u++)
			if (starts(t, e, units[u])) {
				if (!strcmp(units[u], "成")) { /* 八成: 80% */
					c->num *= 10;
					strcpy(c->unit, "%");
				} else {
					snprintf(c->unit, sizeof(c->unit), "%s",
					         !strcmp(units[u], "％") ? "%" : units[u]);
				}
				e += strlen(units[u]);
				break;
			}
		/* a placeholder counts as a quantity only with its unit (xx万元): 提升**党建
		 * is a place name left out, not a figure */
		if ((k == T_QU || num.placeholder) && !c->unit[0])
			return false;
		*end = e;
		return true;
	}
	case T_P:
		for (size_t p = 0; p < COUNT(parts); p++)
			if (starts(t, i, parts[p])) {
				snprintf(c->part, sizeof(c->part), "%s", parts[p]);
				*end = i + strlen(parts[p]);
				return true;
			}
		return false;
	case T_S: {
		uint32_t ch = char_at(t, i, &l);
		int d = cjk_numeral_digit(ch);
		if (d < 1 || d > 4)
			d = ch >= '1' && ch <= '4' ? (int)(ch - '0') : -1;
		if (d < 1 || d > 4)
			return false;
		c->season = d;
		*end = i + l;
		return true;
	}
	}
	return false;
}

/* Matches pattern p (from its byte pp) at text byte i; the longest way. Returns the
 * end, or SIZE_MAX. c is filled from the longest way. */
static size_t match(const struct text *t, size_t i, const char *p, struct caps *c);

/* The group opening at p ('('): the length of what is inside its parentheses; *after
 * points past its ')' and its '?', *optional says whether it had one. */
static size_t group_extent(const char *p, const char **after, bool *optional)
{
	const char *q = p + 1, *end = q;
	int depth = 1;
	while (*end && depth) {
		if (*end == '(')
			depth++;
		else if (*end == ')')
			depth--;
		if (depth)
			end++;
	}
	*after = *end ? end + 1 : end;
	*optional = **after == '?';
	if (*optional)
		(*after)++;
	return (size_t)(end - q);
}

static size_t match(const struct text *t, size_t i, const char *p, struct caps *c)
{
	if (!*p)
		return i;
	if (*p == '(') {
		const char *after;
		bool optional;
		size_t inner = group_extent(p, &after, &optional);
		size_t best = SIZE_MAX;
		struct caps best_caps = *c;
		/* each alternative, followed by the rest of the pattern */
		const char *a = p + 1, *stop = p + 1 + inner;
		while (a <= stop) {
			const char *b = a;
			int depth = 0;
			while (b < stop && (depth || *b != '|')) {
				if (*b == '(')
					depth++;
				else if (*b == ')')
					depth--;
				b++;
			}
			/* alternative a..b then after: a plain word is compared in place */
			size_t alen = (size_t)(b - a), rlen;
			char buf[256];
			bool plain = true; /* no token or group inside: short, so no memchr */
			for (size_t x = 0; x < alen && plain; x++)
				plain = a[x] != '<' && a[x] != '(';
			if (plain) {
				if (starts_n(t, i, a, alen)) {
					struct caps cc = *c;
					if (cc.nwords < 4 && alen < sizeof(cc.words[0])) {
						memcpy(cc.words[cc.nwords], a, alen);
						cc.words[cc.nwords][alen] = '\0';
						cc.nwords++;
					}
					size_t e = match(t, i + alen, after, &cc);
					if (e != SIZE_MAX && (best == SIZE_MAX || e > best)) {
						best = e;
						best_caps = cc;
					}
				}
			} else if (alen + (rlen = strlen(after)) < sizeof(buf)) {
				memcpy(buf, a, alen);
				memcpy(buf + alen, after, rlen + 1);
				struct caps cc = *c;
				size_t e = match(t, i, buf, &cc);
				if (e != SIZE_MAX && (best == SIZE_MAX || e > best)) {
					best = e;
					best_caps = cc;
				}
			}
			a = b + 1;
		}
		if (optional) {
			struct caps cc = *c;
			size_t e = match(t, i, after, &cc);
			if (e != SIZE_MAX && (best == SIZE_MAX || e > best)) {
				best = e;
				best_caps = cc;
			}
		}
		if (best != SIZE_MAX)
			*c = best_caps;
		return best;
	}
	if (*p == '<') {
		static const struct {
			const char *name;
			enum token tok;
		} toks[] = { { "<Y>", T_Y }, { "<M>", T_M }, { "<D>", T_D }, { "<N>", T_N },
			     { "<QU>", T_QU }, { "<Q>", T_Q }, { "<P>", T_P }, { "<S>", T_S } };
		for (size_t k = 0; k < COUNT(toks); k++) {
			if (p[1] != toks[k].name[1])
				continue;
			size_t l = strlen(toks[k].name);
			if (strncmp(p, toks[k].name, l))
				continue;
			size_t e;
			struct caps cc = *c;
			if (i >= t->n || !token_match(t, i, toks[k].tok, &cc, &e))
				return SIZE_MAX;
			size_t r = match(t, e, p + l, &cc);
			if (r != SIZE_MAX)
				*c = cc;
			return r;
		}
		return SIZE_MAX;
	}
	/* a literal run up to the next special character */
	size_t l = 0;
	while (p[l] && p[l] != '(' && p[l] != '<')
		l++;
	if (!starts_n(t, i, p, l))
		return SIZE_MAX;
	return match(t, i + l, p + l, c);
}

/* ---- where rules can start ---- */

/* Which rules can start at a character: an open-addressed map from code point to a mask
 * of rules, so that most characters of a speech cost one probe. */
#define STARTER_SLOTS 1024

#define NRULES_MAX 64
_Static_assert(sizeof(rules) / sizeof(rules[0]) <= NRULES_MAX, "one bit per rule in a starter mask");

#define FOLLOWERS 24

struct starters {
	uint8_t bmp[0x10000 / 8];       /* a bit per character of the BMP that starts a rule */
	uint32_t cp[STARTER_SLOTS];     /* 0: empty */
	uint64_t mask[STARTER_SLOTS];
	uint64_t numeric;               /* rules that start with a number (or a season) */
	/* rules that start with a number: the characters that may follow it (24年, 9月),
	 * so that a number is tried against the rules it can begin, not all of them */
	uint32_t follow[NRULES_MAX][FOLLOWERS];
	uint8_t nfollow[NRULES_MAX];    /* 0: anything may follow */
	/* rules that start with words: the second character of each word, so that 不 in
	 * 不断 is not tried against 不低于 */
	uint32_t second[NRULES_MAX][FOLLOWERS];
	uint8_t nsecond[NRULES_MAX];    /* 0: not known (a token, or a one-character word) */
	bool second_number[NRULES_MAX]; /* a one-character word before a number (达80%):
	                                   a number may be second */
};

static size_t slot_of(const struct starters *st, uint32_t c)
{
	size_t h = (c * 2654435761u) & (STARTER_SLOTS - 1);
	while (st->cp[h] && st->cp[h] != c)
		h = (h + 1) & (STARTER_SLOTS - 1);
	return h;
}

static void starter_add(struct starters *st, uint32_t c, size_t rule)
{
	if (c < 0x10000)
		st->bmp[c >> 3] |= (uint8_t)(1u << (c & 7));
	size_t h = slot_of(st, c);
	st->cp[h] = c;
	st->mask[h] |= (uint64_t)1 << rule;
}

static uint64_t starter_mask(const struct starters *st, uint32_t c)
{
	if (c < 0x10000 && !(st->bmp[c >> 3] & (1u << (c & 7))))
		return 0;
	size_t h = slot_of(st, c);
	return st->cp[h] == c ? st->mask[h] : 0;
}

static void starter_add_all(struct starters *st, const char *chars, size_t rule)
{
	for (size_t i = 0; chars[i];) {
		ucs4_t c;
		int l = u8_mbtouc(&c, (const uint8_t *)chars + i, strlen(chars + i));
		starter_add(st, c, rule);
		i += l > 0 ? (size_t)l : 1;
	}
}

/* Records the characters pattern p can start with as starters of rule. */
static void first_chars(const char *p, size_t rule, struct starters *st)
{
	if (*p == '(') {
		const char *after, *q = p + 1;
		bool optional;
		const char *end = q + group_extent(p, &after, &optional);
		for (const char *a = q; a <= end;) {
			const char *b = a;
			int dd = 0;
			while (b < end && (dd || *b != '|')) {
				dd += *b == '(' ? 1 : *b == ')' ? -1 : 0;
				b++;
			}
			char buf[256];
			size_t alen = (size_t)(b - a), rlen = strlen(after);
			if (alen + rlen < sizeof(buf)) {
				memcpy(buf, a, alen);
				memcpy(buf + alen, after, rlen + 1);
				first_chars(buf, rule, st);
			}
			a = b + 1;
		}
		if (optional)
			first_chars(after, rule, st);
		return;
	}
	static const char numbers[] = "0123456789０１２３４５６７８９〇零一二三四五六七八九十百千两XxＸｘ*＊";
	if (!strncmp(p, "<S>", 3)) {
		starter_add_all(st, "一二三四1234", rule);
		st->numeric |= (uint64_t)1 << rule;
	} else if (!strncmp(p, "<P>", 3)) {
		starter_add_all(st, "上中下初底末", rule);
	} else if (*p == '<') {
		starter_add_all(st, numbers, rule);
		st->numeric |= (uint64_t)1 << rule;
	}
	else if (*p) {
		ucs4_t c;
		u8_mbtouc(&c, (const uint8_t *)p, strlen(p));
		starter_add(st, c, rule);
	}
}

/* Adds c to the followers of rule r; too many means anything. */
static void follower_add(struct starters *st, size_t r, uint32_t c)
{
	if (st->nfollow[r] == 0xFF)
		return;
	if (st->nfollow[r] == FOLLOWERS) {
		st->nfollow[r] = 0xFF;
		return;
	}
	st->follow[r][st->nfollow[r]++] = c;
}

/* The characters that may follow the number that rule r starts with: the first of the
 * literal or of each alternative after it, or a unit's first (<QU>). */
/* Adds the first characters of the alternatives of the group opening at p as
 * followers of rule r; returns what comes after the group (past its '?'), with
 * *optional set, or NULL when an alternative does not start with a character. */
static const char *group_followers(struct starters *st, size_t r, const char *p, bool *optional)
{
	const char *after;
	const char *close = p + 1 + group_extent(p, &after, optional);
	for (const char *a = p + 1; a < close;) {
		ucs4_t c;
		if (*a == '(' || *a == '<' || *a == '|' || *a == ')')
			return NULL;
		u8_mbtouc(&c, (const uint8_t *)a, strlen(a));
		follower_add(st, r, c);
		int depth = 0;
		while (a < close && (depth || *a != '|')) {
			depth += *a == '(' ? 1 : *a == ')' ? -1 : 0;
			a++;
		}
		a++;
	}
	return after;
}

static void followers_of(struct starters *st, size_t r)
{
	const char *p = rules[r].pattern;
	if (*p == '(') { /* (第)?<S>季度: a number tried where it stands, after no 第 */
		const char *after;
		bool optional;
		group_extent(p, &after, &optional);
		if (!optional)
			return;
		p = after;
	}
	if (*p != '<' || !strncmp(p, "<P>", 3) || !strncmp(p, "<Q>", 3))
		return; /* not a number, or one whose unit may be anything */
	bool unit = !strncmp(p, "<QU>", 4);
	p = strchr(p, '>') + 1;
	ucs4_t c;
	if (unit) {
		for (size_t u = 0; u < COUNT(units); u++) {
			u8_mbtouc(&c, (const uint8_t *)units[u], strlen(units[u]));
			follower_add(st, r, c);
		}
	} else if (*p == '(') {
		/* an optional group (<N>(个)?(月|年)): the group after it may follow too */
		bool optional = true;
		for (int k = 0; optional && p && k < 2; k++) {
			if (*p != '(') {
				p = NULL;
				break;
			}
			p = group_followers(st, r, p, &optional);
		}
		if (!p || optional)
			st->nfollow[r] = 0xFF; /* anything may come next; let it */
	} else if (*p && *p != '<') {
		u8_mbtouc(&c, (const uint8_t *)p, strlen(p));
		follower_add(st, r, c);
	}
	if (st->nfollow[r] == 0xFF)
		st->nfollow[r] = 0;
}

/* The second characters of the words rule r starts with (see struct starters). */
static void seconds_of(struct starters *st, size_t r)
{
	const char *p = rules[r].pattern;
	const char *alts[FOLLOWERS];
	size_t n = 0;
	if (*p == '(') {
		const char *close = strchr(p, ')');
		if (!close || close[1] == '?')
			return; /* optional: the rule may start after it */
		for (const char *a = p + 1; a < close && n < FOLLOWERS;) {
			alts[n++] = a;
			while (a < close && *a != '|')
				a++;
			a++;
		}
	} else if (*p != '<') {
		alts[n++] = p;
	} else {
		return;
	}
	/* the group's words are followed by a number: <Q>, <QU> or <N> */
	const char *close = *p == '(' ? strchr(p, ')') : NULL;
	bool number_next = close && close[1] == '<' && (close[2] == 'Q' || close[2] == 'N');
	for (size_t k = 0; k < n; k++) {
		ucs4_t c0, c1;
		int l0 = u8_mbtouc(&c0, (const uint8_t *)alts[k], strlen(alts[k]));
		const char *q = alts[k] + (l0 > 0 ? l0 : 1);
		if ((*q == '|' || *q == ')') && number_next) {
			st->second_number[r] = true; /* 达 then 80%: a number is second */
			continue;
		}
		if (*q == '|' || *q == ')' || *q == '<' || *q == '(' || !*q) {
			st->nsecond[r] = 0; /* a one-character word: anything may follow */
			st->second_number[r] = false;
			return;
		}
		u8_mbtouc(&c1, (const uint8_t *)q, strlen(q));
		st->second[r][st->nsecond[r]++] = c1;
	}
}

static void starters_init(struct starters *st)
{
	memset(st, 0, sizeof(*st));
	for (size_t r = 0; r < NRULES; r++) {
		first_chars(rules[r].pattern, r, st);
		followers_of(st, r);
		seconds_of(st, r);
	}
}

/* Clears from can the rules whose first words cannot go on with the character next. */
static uint64_t second_filter(const struct starters *st, uint64_t can, uint32_t next)
{
	uint64_t m = can & ~st->numeric;
	while (m) {
		size_t r = (size_t)__builtin_ctzll(m);
		m &= m - 1;
		if (!st->nsecond[r] && !st->second_number[r])
			continue;
		bool ok = st->second_number[r] && cjk_number_start(next);
		for (size_t k = 0; k < st->nsecond[r] && !ok; k++)
			ok = st->second[r][k] == next;
		if (!ok)
			can &= ~((uint64_t)1 << r);
	}
	return can;
}

/* Clears from can the numeric rules that the character after the number cannot
 * continue. */
static uint64_t follow_filter(const struct starters *st, uint64_t can, uint32_t next)
{
	uint64_t num = can & st->numeric;
	while (num) {
		size_t r = (size_t)__builtin_ctzll(num);
		num &= num - 1;
		if (!st->nfollow[r])
			continue;
		bool ok = false;
		for (size_t k = 0; k < st->nfollow[r] && !ok; k++)
			ok = st->follow[r][k] == next;
		if (!ok)
			can &= ~((uint64_t)1 << r);
	}
	return can;
}

/* ---- dates ---- */

static void write_date(char *out, int y, int m, int d)
{
	if (y > 0)
		snprintf(out, DETECT_VALUE_MAX, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(out, DETECT_VALUE_MAX, "XXXX-%02d-%02d", m, d);
}

/* The year a month of the coming year falls in: the speech's, or the next when the
 * month is already past. */
static int year_for(const struct date *at, int month)
{
	if (!at->year)
		return 0;
	return at->month && month < at->month ? at->year + 1 : at->year;
}

static void deadline_value(const struct rule *r, const struct caps *c, const struct date *at,
                           char *out)
{
	if (c->unfilled) {
		snprintf(out, DETECT_VALUE_MAX, "unfilled");
		return;
	}
	int y = c->year_set ? c->year : 0;
	switch (r->kind) {
	case K_DATE:
		write_date(out, y ? y : year_for(at, c->month), c->month, c->day);
		break;
	case K_MONTH_PART: {
		if (!y)
			y = year_for(at, c->month);
		int d = date_days_in(y, c->month);
		if (!strcmp(c->part, "上旬"))
			d = 10;
		else if (!strcmp(c->part, "中旬") || !strcmp(c->part, "中"))
			d = 20;
		else if (!strcmp(c->part, "初"))
			d = 10;
		write_date(out, y, c->month, d);
		break;
	}
	case K_MONTH_BEFORE: {
		int m = c->month - 1;
		if (!y)
			y = year_for(at, c->month);
		if (m == 0) {
			m = 12;
			y = y ? y - 1 : 0;
		}
		write_date(out, y, m, date_days_in(y, m));
		break;
	}
	case K_YEAR_END:
		write_date(out, y ? y : at->year, 12, 31);
		break;
	case K_YEAR_BEFORE:
		write_date(out, y - 1, 12, 31);
		break;
	case K_NEXT_YEAR:
		write_date(out, at->year ? at->year + 1 : 0, 12, 31);
		break;
	case K_SEASON: {
		int m = c->season * 3;
		write_date(out, year_for(at, m), m, date_days_in(2001, m));
		break;
	}
	case K_HALF1:
		write_date(out, year_for(at, 6), 6, 30);
		break;
	case K_HALF2:
		write_date(out, at->year, 12, 31);
		break;
	case K_THIS_MONTH:
		if (at->month)
			write_date(out, at->year, at->month, date_days_in(at->year, at->month));
		else
			snprintf(out, DETECT_VALUE_MAX, "XXXX-XX-XX");
		break;
	case K_WITHIN: {
		/* a span of more than 10,000 of its units is a slip, not a plan */
		if (!at->year || !at->month || !at->day || !(c->num >= 0 && c->num <= 10000)) {
			snprintf(out, DETECT_VALUE_MAX, "XXXX-XX-XX");
			break;
		}
		struct date due = *at;
		int n = (int)c->num;
		const char *u = "";
		for (int w = 0; w < c->nwords; w++) /* the span's unit among the words chosen */
			if (strcmp(c->words[w], "个") && strcmp(c->words[w], "内") &&
			    strcmp(c->words[w], "之内") && strcmp(c->words[w], "以内"))
				u = c->words[w];
		if (!strcmp(u, "月"))
			date_add_months(&due, n);
		else if (!strcmp(u, "年"))
			date_add_months(&due, 12 * n);
		else if (!strcmp(u, "周") || !strcmp(u, "星期"))
			date_add_days(&due, 7 * n);
		else if (strstr(u, "工作日"))
			date_add_days(&due, n + 2 * ((n + 4) / 5)); /* weekends between */
		else
			date_add_days(&due, n);
		write_date(out, due.year, due.month, due.day);
		break;
	}
	case K_RECUR: {
		const char *u = c->nwords ? c->words[0] : "";
		const char *v = !strcmp(u, "天") || !strcmp(u, "日") ? "R/P1D"
		              : !strcmp(u, "周") || !strcmp(u, "星期") ? "R/P1W"
		              : !strcmp(u, "月") ? "R/P1M"
		              : !strcmp(u, "季度") || !strcmp(u, "季") ? "R/P3M"
		              : !strcmp(u, "半年") ? "R/P6M" : "R/P1Y";
		snprintf(out, DETECT_VALUE_MAX, "%s", v);
		break;
	}
	default:
		out[0] = '\0';
	}
}

/* ---- targets ---- */

static void number_text(double v, char *buf, size_t len)
{
	if (!(v > -1e15 && v < 1e15)) /* beyond what a long long holds exactly */
		snprintf(buf, len, "%.6g", v);
	else if (v == (long long)v)
		snprintf(buf, len, "%lld", (long long)v);
	else {
		snprintf(buf, len, "%.4f", v);
		char *e = buf + strlen(buf);
		while (e > buf && e[-1] == '0')
			*--e = '\0';
	}
}

static bool said(const struct caps *c, const char *w)
{
	for (int i = 0; i < c->nwords; i++)
		if (!strcmp(c->words[i], w))
			return true;
	return false;
}

static void target_value(const struct rule *r, const struct caps *c, char *out)
{
	if (c->unfilled) {
		snprintf(out, DETECT_VALUE_MAX, "unfilled");
		return;
	}
	char num[32];
	number_text(c->num, num, sizeof(num));
	bool more = said(c, "以上"), less = said(c, "以内") || said(c, "以下");
	const char *op = "=";
	switch (r->kind) {
	case K_EQ:
		op = more ? ">=" : less ? "<=" : "=";
		break;
	case K_GT:
		op = ">";
		break;
	case K_GE:
		op = ">=";
		break;
	case K_LE:
		op = more ? ">=" : "<=";
		break;
	case K_UP:
		op = more ? "+>=" : "+";
		break;
	case K_DOWN:
		op = more ? "->=" : "-";
		break;
	case K_FULL:
		snprintf(out, DETECT_VALUE_MAX, "=100%%");
		return;
	case K_X2:
		snprintf(out, DETECT_VALUE_MAX, "x2");
		return;
	case K_X4:
		snprintf(out, DETECT_VALUE_MAX, "x4");
		return;
	default:
		break;
	}
	snprintf(out, DETECT_VALUE_MAX, "%s%s%s", op, num, c->unit);
}

/* ---- the text's sentences and clauses ---- */

/* A clause ends at ，；。！？： (full or half width) or a line break. */
static bool clause_mark(const struct text *t, size_t i, size_t *len)
{
	const unsigned char *p = (const unsigned char *)t->s + i;
	switch (p[0]) {
	case ',': case ';': case '\n':
		*len = 1;
		return true;
	case 0xE3: /* 。 */
		*len = 3;
		return i + 3 <= t->n && p[1] == 0x80 && p[2] == 0x82;
	case 0xEF: /* ，；：！？ */
		*len = 3;
		return i + 3 <= t->n && p[1] == 0xBC &&
		       (p[2] == 0x8C || p[2] == 0x9B || p[2] == 0x9A || p[2] == 0x81 || p[2] == 0x9F);
	default:
		return false;
	}
}

/* The clause holding [a, b) within the sentence [s, e): from after the last clause mark
 * before a, up to the first one from b. */
static void clause_of(const struct text *t, size_t s, size_t e, size_t a, size_t b, size_t *cs,
                      size_t *ce)
{
	size_t l;
	*cs = s;
	for (size_t i = a; i > s;) {
		i--;
		if (((unsigned char)t->s[i] & 0xC0) == 0x80)
			continue; /* not a character's first byte */
		if (clause_mark(t, i, &l)) {
			*cs = i + l;
			break;
		}
	}
	*ce = e;
	for (size_t i = b; i < e;) {
		if (clause_mark(t, i, &l)) {
			*ce = i;
			break;
		}
		char_at(t, i, &l);
		i += l;
	}
}

/* Whether word w stands in [a, b). */
static bool holds(const struct text *t, size_t a, size_t b, const char *w)
{
	return b > a && memmem(t->s + a, b - a, w, strlen(w)) != NULL;
}

/* Whether any of the n words w stands in [a, b): one pass over the characters, each
 * compared with the words' first characters. The words are short and few. */
static bool holds_any(const struct text *t, size_t a, size_t b, const char *const *w, size_t n)
{
	uint32_t first[24];
	size_t len[24], l;
	if (n > 24)
		n = 24;
	for (size_t k = 0; k < n; k++) {
		struct text wt = { w[k], strlen(w[k]) };
		first[k] = char_at(&wt, 0, &l);
		len[k] = wt.n;
	}
	for (size_t i = a; i < b; i += l) {
		uint32_t c = char_at(t, i, &l);
		for (size_t k = 0; k < n; k++)
			if (c == first[k] && i + len[k] <= b && !memcmp(t->s + i, w[k], len[k]))
				return true;
	}
	return false;
}

/* For each commitment word, the ordinary words holding it and where: so that 重要
 * around a 要 is found with one comparison. */
struct exclusion {
	uint8_t word;   /* index in not_commit */
	uint8_t back;   /* bytes of the ordinary word before the commitment word */
	uint8_t len;    /* bytes of the ordinary word */
	uint32_t key;   /* its character just before the commitment word (back > 0), else
	                   the one just after it: compared before the whole word */
};

struct commitments {
	struct exclusion ex[COUNT(commit_words)][COUNT(not_commit)];
	size_t nex[COUNT(commit_words)];
	size_t len[COUNT(commit_words)];
	uint8_t yao_back[COUNT(ordinary_yao)];   /* bytes of each ordinary word before its 要 */
	uint8_t yao_len[COUNT(ordinary_yao)];
};

static void commitments_init(struct commitments *cm)
{
	memset(cm, 0, sizeof(*cm));
	for (size_t k = 0; k < COUNT(ordinary_yao); k++) {
		cm->yao_back[k] = (uint8_t)(strstr(ordinary_yao[k], "要") - ordinary_yao[k]);
		cm->yao_len[k] = (uint8_t)strlen(ordinary_yao[k]);
	}
	for (size_t k = 0; k < COUNT(commit_words); k++) {
		cm->len[k] = strlen(commit_words[k]);
		for (size_t w = 0; w < COUNT(not_commit); w++) {
			const char *hit = strstr(not_commit[w], commit_words[k]);
			if (hit && cm->nex[k] < COUNT(cm->ex[k]))
			{
				size_t back = (size_t)(hit - not_commit[w]), l;
				struct text wt = { not_commit[w], strlen(not_commit[w]) };
				uint32_t key = 0;
				if (back) { /* the character before the commitment word */
					size_t p = back - 1;
					while (p > 0 && ((unsigned char)wt.s[p] & 0xC0) == 0x80)
						p--;
					key = char_at(&wt, p, &l);
				} else if (cm->len[k] < wt.n) {
					key = char_at(&wt, cm->len[k], &l);
				}
				cm->ex[k][cm->nex[k]++] = (struct exclusion){
					(uint8_t)w, (uint8_t)back, (uint8_t)wt.n, key };
			}
		}
	}
}

/* A commitment word at i that is not part of an ordinary word: its length, else 0. */
static inline size_t commitment_at(const struct text *t, const struct commitments *cm, size_t s,
                                   size_t i, uint32_t c)
{
	switch (c) { /* the commitment words' first characters: most text stops here */
	case 0x5FC5: case 0x52A1: case 0x786E: case 0x6293: case 0x7275: case 0x8D1F:
	case 0x5E94: case 0x4E0D: case 0x4E25: case 0x4E00: case 0x5207: case 0x8981:
		break; /* 必 务 确 抓 牵 负 应 不 严 一 切 要 */
	default:
		return 0;
	}
	for (size_t k = 0; k < COUNT(commit_words); k++) {
		if (i + cm->len[k] > t->n || memcmp(t->s + i, commit_words[k], cm->len[k]))
			continue;
		size_t at, l;
		uint32_t before = char_before(t, i, &at);
		uint32_t after = i + cm->len[k] < t->n ? char_at(t, i + cm->len[k], &l) : 0;
		for (size_t x = 0; x < cm->nex[k]; x++) {
			const struct exclusion *ex = &cm->ex[k][x];
			if (ex->key != (ex->back ? before : after))
				continue;
			if (i >= s + ex->back && i - ex->back + ex->len <= t->n &&
			    !memcmp(t->s + i - ex->back, not_commit[ex->word], ex->len))
				return 0;
		}
		return cm->len[k];
	}
	return 0;
}

/* ---- finding ---- */

struct found {
	struct detect_item *v;
	size_t n, cap;
	bool nomem;
};

static struct detect_item *add(struct found *f, enum detect_type type, size_t a, size_t b, int rule)
{
	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 256;
		struct detect_item *nv = realloc(f->v, nc * sizeof(*nv));
		if (!nv) {
			f->nomem = true;
			return NULL;
		}
		f->v = nv;
		f->cap = nc;
	}
	struct detect_item *it = &f->v[f->n++];
	*it = (struct detect_item){ type, a, b, "", SIZE_MAX, rule };
	return it;
}

/* Whether a phrase [a, b) in sentence [s, e) binds an action (rule need) and does not
 * report. */
/* The tables a run builds once. */
struct tables {
	struct starters st;
	struct commitments cm;
};

/* The sentence a phrase stands in, and the full sentence around it (up to 。！？: the
 * parts of a list split by ；share its 目标是), whose outlook is worked out once. */
struct period {
	size_t s, e;          /* the sentence */
	size_t ps, pe;        /* the full sentence */
	int asks;             /* -1 unknown, else whether the full sentence asks for action */
	bool heading;         /* the sentence is a heading's title: nothing to find */
};

static bool is_task(const struct text *t, const struct commitments *cm, size_t s, size_t e,
                    char *word, size_t *at);

/* Whether the full sentence asks for action: a commitment word, or words that look ahead. */
static bool asks(const struct text *t, const struct commitments *cm, struct period *pd)
{
	if (pd->asks < 0) {
		char word[DETECT_VALUE_MAX];
		size_t at;
		pd->asks = is_task(t, cm, pd->ps, pd->pe, word, &at) ||
		           holds_any(t, pd->ps, pd->pe, future_words, COUNT(future_words));
	}
	return pd->asks;
}

/* Whether a binding word stands right before [a, b) or right after it. */
/* Words that set a figure to reach: a period in the same clause binds it
 * (明年…数量翻一番). */
static const char *const target_words[] = {
	"达到", "突破", "超过", "不低于", "不少于", "控制在", "增长", "提高到", "翻一番", "倍增",
	"全覆盖", "翻两番",
};

static bool near_binding(const struct text *t, const struct period *pd, size_t a, size_t b)
{
	size_t cs, ce;
	clause_of(t, pd->s, pd->e, a, b, &cs, &ce);
	if (holds_any(t, b, ce, target_words, COUNT(target_words)))
		return true;
	for (size_t k = 0; k < COUNT(bind_before); k++)
		if (ends(t, pd->s, a, bind_before[k]))
			return true;
	for (size_t k = 0; k < COUNT(bind_after); k++)
		if (starts(t, b, bind_after[k]) && b + strlen(bind_after[k]) <= pd->e)
			return true;
	return false;
}

/* Whether a phrase [a, b) binds an action and does not report. */
static bool binds(const struct text *t, const struct commitments *cm, struct period *pd, size_t a,
                  size_t b, const struct rule *r)
{
	size_t cs, ce;
	clause_of(t, pd->s, pd->e, a, b, &cs, &ce);
	/* reported in its clause before it (已, 去年), or just after it (以来, 了) */
	if (holds_any(t, cs, a, past_words, COUNT(past_words)))
		return false;
	if (starts_lit(t, b, "以来") || starts_lit(t, b, "了") || starts_lit(t, b, "来"))
		return false;
	/* a quantity naming a kind (10万元以上的村, 5万元以下的薄弱村) asks for nothing */
	if (r->type == TG && starts_lit(t, b, "的"))
		return false;
	if (r->type == DL && (r->kind == K_DATE || r->kind == K_MONTH_PART) && r->need == N_BOUND &&
	    holds_any(t, cs, ce, event_words, COUNT(event_words)))
		return false;
	if (r->need == N_NEAR && !near_binding(t, pd, a, b))
		return false;
	/* a quantity, or a period named bare, counts where the sentence asks */
	if (r->type == TG || r->need != N_ALWAYS)
		return asks(t, cm, pd);
	return true;
}

/* Deadlines and targets in the sentence of pd. */
/* What one pass over a sentence's characters found: where commitment words stand,
 * where a rule could start, whether an owner may be named (由, 责任单位). */
#define SCAN_MAX 64

struct scan {
	size_t commit[SCAN_MAX];       /* commitment words, in order */
	uint8_t commit_len[SCAN_MAX];
	size_t ncommit;
	size_t cand[SCAN_MAX];         /* characters where some rule can start */
	size_t ncand;
	size_t yao[SCAN_MAX];          /* every 要, ordinary words' too */
	size_t nyao;
	bool more;                     /* more than SCAN_MAX of either: look again in full */
	bool named;                    /* 由, 责, 牵 or 配 stands in it */
};

static void scan_sentence(const struct text *t, const struct tables *tb, size_t a, size_t b,
                          struct scan *sc)
{
	size_t l;
	sc->ncommit = sc->ncand = sc->nyao = 0;
	sc->more = sc->named = false;
	for (size_t i = a; i < b; i += l) {
		uint32_t c = char_at(t, i, &l);
		if (starter_mask(&tb->st, c)) {
			if (sc->ncand < SCAN_MAX)
				sc->cand[sc->ncand++] = i;
			else
				sc->more = true;
		}
		size_t w = commitment_at(t, &tb->cm, a, i, c);
		if (w) {
			if (sc->ncommit < SCAN_MAX) {
				sc->commit[sc->ncommit] = i;
				sc->commit_len[sc->ncommit++] = (uint8_t)w;
			} else {
				sc->more = true;
			}
		}
		if (c == 0x8981) { /* 要 */
			if (sc->nyao < SCAN_MAX)
				sc->yao[sc->nyao++] = i;
			else
				sc->more = true;
		}
		/* 由 责 牵 配: 由…牵头, 责任单位：, 牵头单位：, 配合单位： */
		if (c == 0x7531 || c == 0x8D23 || c == 0x7275 || c == 0x914D)
			sc->named = true;
	}
}

/* Tries the rules at byte i of the sentence of pd: the longest match that binds is
 * added; returns its end, or i when there is none. */
static size_t phrase_at(const struct text *t, struct period *pd, const struct date *at,
                        const struct tables *tb, struct found *f, size_t i)
{
	const struct starters *st = &tb->st;
	size_t s = pd->s, e = pd->e, l;
	size_t best_end = SIZE_MAX;
	int best_rule = -1;
	struct caps best_caps;
	uint64_t can = starter_mask(st, char_at(t, i, &l));
	if (can & ~st->numeric) {
		size_t l2;
		can = second_filter(st, can, i + l < e ? char_at(t, i + l, &l2) : 0);
	}
	if (can & st->numeric) {
		/* a number (一 starts many words: 进一步, 统一) leads a phrase only when a
		 * date, a span or a unit follows it */
		struct cjk_number num;
		size_t fl;
		uint32_t next;
		if (!cjk_number_read(t->s, t->n, i, &num) || num.end >= e ||
		    !in_set(next = char_at(t, num.end, &fl), number_followers))
			can &= ~st->numeric;
		else
			can = follow_filter(st, can, next);
	}
	while (can) {
		size_t r = (size_t)__builtin_ctzll(can);
		can &= can - 1;
		struct caps c;
		c.year = c.month = c.day = c.season = 0;
		c.year_set = c.unfilled = false;
		c.part[0] = c.unit[0] = '\0';
		c.num = 0;
		c.nwords = 0;
		size_t end = match(t, i, rules[r].pattern, &c);
		if (end == SIZE_MAX || end > e || (best_end != SIZE_MAX && end <= best_end))
			continue;
		if (rules[r].not_after[0]) {
			size_t at0;
			uint32_t prev = char_before(t, i, &at0);
			if (at0 >= s && i > s && in_set(prev, rules[r].not_after))
				continue;
		}
		if (!binds(t, &tb->cm, pd, i, end, &rules[r]))
			continue;
		best_end = end;
		best_rule = (int)r;
		best_caps = c;
	}
	if (best_rule < 0)
		return i;
	const struct rule *r = &rules[best_rule];
	struct detect_item *it = add(f, r->type, i, best_end, best_rule);
	if (!it)
		return e;
	if (r->type == DL)
		deadline_value(r, &best_caps, at, it->value);
	else
		target_value(r, &best_caps, it->value);
	return best_end;
}

/* Deadlines and targets in the sentence of pd, tried where sc says a rule can start
 * (everywhere when sc ran out of room). */
static void find_phrases(const struct text *t, struct period *pd, const struct date *at,
                         const struct tables *tb, const struct scan *sc, struct found *f)
{
	size_t done = pd->s, l;
	if (!sc->more) {
		for (size_t k = 0; k < sc->ncand && !f->nomem; k++)
			if (sc->cand[k] >= done)
				done = phrase_at(t, pd, at, tb, f, sc->cand[k]);
		return;
	}
	for (size_t i = pd->s; i < pd->e && !f->nomem;) {
		size_t e = phrase_at(t, pd, at, tb, f, i);
		if (e > i) {
			i = e;
		} else {
			char_at(t, i, &l);
			i += l;
		}
	}
}

/* Trims spaces (half and full width) off [*a, *b). */
static void trim(const struct text *t, size_t *a, size_t *b)
{
	for (;;) {
		if (*a < *b && (t->s[*a] == ' ' || t->s[*a] == '\t'))
			(*a)++;
		else if (starts_lit(t, *a, "\u3000") && *a + 3 <= *b)
			*a += 3;
		else
			break;
	}
	while (*b > *a && (t->s[*b - 1] == ' ' || t->s[*b - 1] == '\t'))
		(*b)--;
}

static bool is_owner(const struct text *t, size_t a, size_t b);

/* The units of owner text [a, b), joined by 、 into out: split at 、 (not inside
 * brackets: 各县（市、区）), and at 和 及 与 only between units (县工业和信息化局 is one). */
static void owner_value(const struct text *t, size_t a, size_t b, char *out)
{
	size_t o = 0, item = a, l;
	int depth = 0;
	out[0] = '\0';
	static const char *const joins[] = { "、", "以及", "和", "及", "与", "，" };
	for (size_t i = a; i <= b;) {
		size_t jl = 0;
		if (i < b && !depth)
			for (size_t k = 0; k < COUNT(joins); k++)
				if (starts(t, i, joins[k]) && i + strlen(joins[k]) <= b &&
				    (k == 0 || k == 5 || is_owner(t, item, i))) {
					jl = strlen(joins[k]);
					break;
				}
		if (i == b || jl) {
			size_t x = item, y = i;
			trim(t, &x, &y);
			if (y > x && o + (y - x) + 4 < DETECT_VALUE_MAX) {
				if (o)
					o += (size_t)snprintf(out + o, DETECT_VALUE_MAX - o, "、");
				memcpy(out + o, t->s + x, y - x);
				o += y - x;
				out[o] = '\0';
			}
			if (i == b)
				break;
			i += jl;
			item = i;
			continue;
		}
		uint32_t c = char_at(t, i, &l);
		depth += c == 0xFF08 || c == '(' ? 1 : (c == 0xFF09 || c == ')') && depth ? -1 : 0;
		i += l;
	}
}

/* Whether [a, b) names units that can be told to act. */
static bool is_owner(const struct text *t, size_t a, size_t b)
{
	if (b <= a || b - a > 90)
		return false;
	for (size_t k = 0; k < COUNT(not_owner); k++)
		if (b - a == strlen(not_owner[k]) && starts(t, a, not_owner[k]))
			return false;
	for (size_t k = 0; k < COUNT(adverbial_starts); k++)
		if (starts(t, a, adverbial_starts[k]))
			return false;
	/* no verbs or clause words inside a name */
	static const char *const inner[] = { "的", "是", "，", "。", "把", "将", "也", "都", "还",
		                             "抓", "研究", "部署", "推进", "推动", "夺取", "使", "我们" };
	if (holds_any(t, a, b, inner, COUNT(inner)))
		return false;
	if (starts_lit(t, a, "各"))
		return true;
	/* a place alone is where, not who (全市, 整市, 宜昌市): 各县, 县委 and, last in a
	 * list, 及各乡镇 are units */
	static const char *const places[] = { "市", "县", "区", "镇", "乡", "村", "省" };
	for (size_t k = 0; k < COUNT(places); k++)
		if (ends(t, a, b, places[k])) {
			size_t last = a;
			static const char *const seps[] = { "、", "及", "和", "与" };
			for (size_t x = 0; x < COUNT(seps); x++) {
				const char *p = t->s + a, *hit;
				while ((hit = memmem(p, (size_t)(t->s + b - p), seps[x], strlen(seps[x])))) {
					size_t after = (size_t)(hit - t->s) + strlen(seps[x]);
					if (after > last)
						last = after;
					p = hit + 1;
				}
			}
			return last > a && starts_lit(t, last, "各");
		}
	for (size_t k = 0; k < COUNT(org_ends); k++)
		if (ends(t, a, b, org_ends[k]))
			return true;
	return ends_lit(t, a, b, "）") && holds(t, a, b, "（");
}

static void add_owner(const struct text *t, size_t a, size_t b, struct found *f, size_t task)
{
	struct detect_item *it = add(f, DETECT_OWNER, a, b, -1);
	if (it) {
		owner_value(t, a, b, it->value);
		it->task = task;
	}
}

static void find_owner_before(const struct text *t, size_t s, size_t cs, size_t i, struct found *f,
                              size_t task)
{
	size_t a = cs, b = i;
	(void)s;
	trim(t, &a, &b);
	/* adverbs between the unit and the word: 市委组织部也要, 各地务必, 各单位要切实 */
	static const char *const adverbs[] = { "也", "都", "还", "更", "一定", "必须", "务必", "要" };
	for (bool again = true; again;) {
		again = false;
		for (size_t k = 0; k < COUNT(adverbs); k++)
			if (ends(t, a, b, adverbs[k])) {
				b -= strlen(adverbs[k]);
				again = true;
			}
	}
	if (is_owner(t, a, b))
		add_owner(t, a, b, f, task);
}

/* The next occurrence of w in [i, e), or e. */
static size_t next_of(const struct text *t, size_t i, size_t e, const char *w)
{
	const char *p = i < e ? memmem(t->s + i, e - i, w, strlen(w)) : NULL;
	return p ? (size_t)(p - t->s) : e;
}

/* The owners named as responsible in [s, e): 由X牵头, 责任单位：X. */
static void find_named_owners(const struct text *t, size_t s, size_t e, struct found *f, size_t task)
{
	size_t l;
	for (size_t i = next_of(t, s, e, "由"); i < e; i = next_of(t, i + 1, e, "由")) {
		size_t j = i + strlen("由"), stop = SIZE_MAX;
		for (size_t k = j; k < e && k < j + 90;) {
			if (starts_lit(t, k, "牵头") || starts_lit(t, k, "负责")) {
				stop = k;
				break;
			}
			if (clause_mark(t, k, &l))
				break;
			char_at(t, k, &l);
			k += l;
		}
		if (stop != SIZE_MAX && is_owner(t, j, stop))
			add_owner(t, j, stop, f, task);
	}
	for (size_t k = 0; k < COUNT(owner_labels); k++) {
		for (size_t i = next_of(t, s, e, owner_labels[k]); i < e;
		     i = next_of(t, i + 1, e, owner_labels[k])) {
			size_t j = i + strlen(owner_labels[k]);
			if (starts_lit(t, j, "："))
				j += strlen("：");
			else if (starts_lit(t, j, ":"))
				j++;
			else
				continue;
			size_t stop = j;
			while (stop < e && !starts_lit(t, stop, "）") && !starts_lit(t, stop, ")") &&
			       !starts_lit(t, stop, "；") && !starts_lit(t, stop, "。") && t->s[stop] != '\n') {
				char_at(t, stop, &l);
				stop += l;
			}
			size_t a = j, b = stop;
			trim(t, &a, &b);
			if (b > a)
				add_owner(t, a, b, f, task);
		}
	}
}

/* The length of the sentence mark (。！？；…) that ends [a, b), or 0. */
static size_t mark_len(const struct text *t, size_t a, size_t b)
{
	static const char *const marks[] = { "。", "！", "？", "；", "…", ".", "!", "?", ";" };
	for (size_t k = 0; k < COUNT(marks); k++)
		if (ends(t, a, b, marks[k]))
			return strlen(marks[k]);
	return 0;
}

static bool ends_with_mark(const struct text *t, size_t a, size_t b)
{
	return mark_len(t, a, b) > 0;
}

/* The sentences of a full sentence, found once for both uses. */
#define PERIOD_PARTS 32

/* Whether the words [s, i) before a sentence's commitment make it something other than
 * a command: reported speech (会议指出，), a clause that opens with 是 (…试点，是…), or
 * what something is (任务就是, 关键在于). One pass over the characters. */
static bool before_says(const struct text *t, size_t s, size_t i)
{
	size_t l;
	for (size_t p = s; p < i; p += l) {
		uint32_t c = char_at(t, p, &l);
		switch (c) {
		case 0x662F: /* 是 */
			if (p > s) {
				size_t at0;
				char_before(t, p, &at0);
				if (starts_lit(t, at0, "，") || starts_lit(t, at0, "："))
					return true;
			}
			break;
		case 0x6307: case 0x5F3A: case 0x63D0: case 0x8BA4: case 0x8868: case 0x6279:
			/* 指 强 提 认 表 批: 指出， 强调， 提出， 认为， 认识到， 表示， 批示： */
			for (size_t k = 0; k < COUNT(reported_before); k++) {
				size_t n = strlen(reported_before[k]);
				if (starts(t, p, reported_before[k]) &&
				    (starts_lit(t, p + n, "，") || starts_lit(t, p + n, "：") || starts_lit(t, p + n, ":") ||
				     starts_lit(t, p + n, ",")))
					return true;
			}
			break;
		default:
			break;
		}
		for (size_t k = 0; k < COUNT(statement_words); k++)
			if (t->s[p] == statement_words[k][0] && starts(t, p, statement_words[k]))
				return true;
	}
	return false;
}

/* Whether [s, e) announces a list (以下四种关系, 以下几项工作), rather than setting a
 * limit (4%以下). */
static bool announces_a_list(const struct text *t, size_t s, size_t e)
{
	size_t l;
	for (size_t i = next_of(t, s, e, "以下"); i < e; i = next_of(t, i + 6, e, "以下")) {
		size_t j = i + 6;
		if (j >= e)
			break;
		uint32_t c = char_at(t, j, &l);
		if (c == 0x51E0 /* 几 */ || (cjk_numeral_digit(c) > 0 && cjk_numeral_digit(c) <= 9) || starts_lit(t, j, "方面") ||
		    starts_lit(t, j, "问题") || starts_lit(t, j, "要求") || starts_lit(t, j, "关系") ||
		    starts_lit(t, j, "意见") || starts_lit(t, j, "工作"))
			return true;
	}
	return false;
}

/* Whether a sentence that opens with a command verb says what something is instead
 * (加快发展是第一要务。) or is a slogan too short to be a task (加快发展，使命光荣。). */
static bool opens_a_statement(const struct text *t, size_t s, size_t e)
{
	size_t cs, ce;
	clause_of(t, s, e, s, s, &cs, &ce);
	if (holds(t, s, ce, "是") || holds(t, s, ce, "关键") || holds(t, s, e, "在于") ||
	    holds(t, s, e, "，是") || holds_any(t, s, e, statement_words, COUNT(statement_words)))
		return true; /* 开展述职评议，是…重要内容。 */
	return utf8_count(t->s + s, e - s) < 12;
}

/* Whether [s, e) is a command: its commitment word, written into word; *at its place.
 * sc (may be NULL: then the sentence is read here) holds its commitment words. */
static bool is_task_scanned(const struct text *t, const struct commitments *cm, size_t s,
                            size_t e, const struct scan *sc, bool titles, char *word,
                            size_t *at)
{
	size_t l;
	/* a report of what was done, a statement (只有…才能…), a rally (同志们，…), the
	 * announcement of a list (要正确处理好以下四种关系。) */
	for (size_t k = 0; k < COUNT(report_openers); k++)
		if (starts(t, s, report_openers[k]))
			return false;
	if (starts_lit(t, s, "同志们") || announces_a_list(t, s, e))
		return false;
	/* a question asks nothing of anyone, unless its command comes before the
	 * questioned clause (各单位要开展“回头看”，问题到底解决了没有？) */
	bool question = ends_lit(t, s, e, "？") || ends_lit(t, s, e, "?");
	/* a sentence of one short clause is a point's title (持续抓好工作覆盖。, 进一步
	 *提高发展党员质量。), when tasks are sought (not when asking whether a sentence
	 * commits, for its deadlines) */
	size_t cs, ce;
	clause_of(t, s, e, s, s, &cs, &ce);
	size_t words_end = e;
	while (words_end > s && ends_with_mark(t, s, words_end))
		words_end -= mark_len(t, s, words_end);
	if (titles && ce >= words_end && utf8_count(t->s + s, words_end - s) <= SHORT_TITLE &&
	    !(sc && sc->ncommit && is_owner(t, s, sc->commit[0]))) /* 市委组织部要牵头…: told */
		return false;
	/* a command that opens the sentence, or its second clause after where it applies
	 * (在机关，加强…) */
	size_t open_at = s;
	if ((starts_lit(t, s, "在") || starts_lit(t, s, "对于") || (starts_lit(t, s, "以") && holds(t, s, ce, "为"))) &&
	    ce < words_end && utf8_count(t->s + s, ce - s) <= 24 && clause_mark(t, ce, &l))
		open_at = ce + l; /* 在机关，…  以网格化管理为抓手，… */
	for (size_t k = 0; k < COUNT(command_openers) && !question; k++)
		if (starts(t, open_at, command_openers[k]) && !holds(t, s, e, "了") &&
		    !opens_a_statement(t, open_at, e)) {
			/* the value: the first word that commits (深化…，推动… gives 推动), not
			 * inside an ordinary word (负责制), else the verb that opens it */
			snprintf(word, DETECT_VALUE_MAX, "%s", command_openers[k]);
			bool found = false;
			for (size_t p = s; p < e && !found; p += l) {
				uint32_t c = char_at(t, p, &l);
				for (size_t v = 0; v < COUNT(value_words) && !found; v++) {
					if (!starts(t, p, value_words[v]))
						continue;
					size_t w = commitment_at(t, cm, s, p, c);
					if (w == strlen(value_words[v]) || !strcmp(value_words[v], "加快") ||
					    !strcmp(value_words[v], "推动")) {
						snprintf(word, DETECT_VALUE_MAX, "%s", value_words[v]);
						found = true;
					}
				}
			}
			*at = open_at;
			return true;
		}
	size_t i = SIZE_MAX, w = 0;
	if (sc && (sc->ncommit || !sc->more)) {
		if (sc->ncommit) {
			i = sc->commit[0];
			w = sc->commit_len[0];
		}
	} else {
		for (size_t p = s; p < e && i == SIZE_MAX; p += l) {
			uint32_t c = char_at(t, p, &l);
			if ((w = commitment_at(t, cm, s, p, c)) != 0)
				i = p;
		}
	}
	if (i == SIZE_MAX || starts_lit(t, i + w, "了"))
		return false;
	if (question) {
		size_t qs, qe;
		clause_of(t, s, e, i, i, &qs, &qe);
		if (qe >= words_end)
			return false; /* the command is in the question itself */
	}
	if (i == s && holds(t, s, e, "在于")) /* 抓好党建，关键在于落实责任。: a statement */
		return false;
	/* a sentence that announces a list (我认为要从三个方面入手：…) */
	{
		size_t qs, qe;
		clause_of(t, s, e, i, i, &qs, &qe);
		if (starts_lit(t, qe, "：") && (holds(t, qs, qe, "方面") || holds(t, qs, qe, "几") ||
		                           holds(t, qs, qe, "这样") || holds(t, qs, qe, "以下")))
			return false;
	}
	/* reported speech (会议指出，要…; not 强调了工作纪律), what something is (主要任务就是
	 * …，确保…; 开展试点，是…), or an announced plan (市委将…，切实…) */
	if (before_says(t, s, i))
		return false;
	bool strong = (w == 3 && !memcmp(t->s + i, "要", 3)) || (w == 6 && (!memcmp(t->s + i, "必须", 6) ||
	              !memcmp(t->s + i, "务必", 6)));
	if (!strong && holds(t, s, i, "将"))
		return false;
	memcpy(word, t->s + i, w);
	word[w] = '\0';
	*at = i;
	return true;
}

static bool is_task(const struct text *t, const struct commitments *cm, size_t s, size_t e,
                    char *word, size_t *at)
{
	return is_task_scanned(t, cm, s, e, NULL, false, word, at);
}

/* First node starting at or after off (nodes are in document order). */
static size_t node_from(const outline *o, size_t off)
{
	size_t lo = 0, hi = outline_node_count(o);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (outline_node_at(o, mid)->start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Verbs a unit governs inside a clause (党组织推动…): none of them is part of a unit's
 * name, as 组织 is of 组织部. */
static const char *const governed_verbs[] = {
	"推动", "推进", "加快", "落实", "加强", "抓好", "做好", "强化", "完善", "健全", "深化",
};

/* The first governed verb in [a, b) after its first character, or SIZE_MAX. */
static size_t opener_in(const struct text *t, size_t a, size_t b)
{
	size_t l;
	char_at(t, a, &l);
	for (size_t p = a + l; p < b; p += l) {
		char_at(t, p, &l);
		for (size_t k = 0; k < COUNT(governed_verbs); k++)
			if (p + 2 < t->n && t->s[p + 2] == governed_verbs[k][2] &&
			    starts(t, p, governed_verbs[k]))
				return p;
	}
	return SIZE_MAX;
}

/* The owners of task sentence [a, b): before each commitment word (those sc found), and
 * a unit that opens a clause with a command verb (…，党组织推动…). */
static void find_owners(const struct text *t, const struct commitments *cm, size_t a, size_t b,
                        const struct scan *sc, struct found *f, size_t task)
{
	size_t first = f->n, l;
	for (size_t cs = a; cs < b;) {
		size_t ce = cs;
		while (ce < b && !clause_mark(t, ce, &l)) {
			char_at(t, ce, &l);
			ce += l;
		}
		bool commits = false; /* a clause with 要 or 必须 has its owner found below */
		for (size_t k = 0; k < sc->ncommit; k++)
			commits |= sc->commit[k] >= cs && sc->commit[k] < ce;
		size_t v = commits ? SIZE_MAX : opener_in(t, cs, ce);
		if (v != SIZE_MAX && v - cs <= 3 * 12) {
			size_t x = cs, y = v;
			trim(t, &x, &y);
			if (is_owner(t, x, y))
				add_owner(t, x, y, f, task);
		}
		if (ce >= b)
			break;
		clause_mark(t, ce, &l);
		cs = ce + l;
	}
	/* before 要 in an exhortation too (各级党组织要有高度的敏感性，…抓实抓好…): the
	 * unit is told, whatever the verb */
	size_t yao[SCAN_MAX], nyao = 0;
	for (size_t y = 0; y < sc->nyao; y++) {
		size_t i = sc->yao[y];
		bool ordinary = false;
		for (size_t k = 0; k < COUNT(ordinary_yao) && !ordinary; k++) {
			size_t back = cm->yao_back[k];
			ordinary = i >= a + back && i - back + cm->yao_len[k] <= t->n &&
			           !memcmp(t->s + i - back, ordinary_yao[k], cm->yao_len[k]);
		}
		bool known = false;
		for (size_t k = 0; k < sc->ncommit && !known; k++)
			known = sc->commit[k] == i;
		if (!ordinary && !known)
			yao[nyao++] = i;
	}
	for (size_t k = 0; k < nyao; k++) {
		size_t cs, ce;
		clause_of(t, a, b, yao[k], yao[k], &cs, &ce);
		size_t before = f->n;
		find_owner_before(t, a, cs, yao[k], f, task);
		if (f->n > before)
			for (size_t x = first; x < before; x++)
				if (f->v[x].type == DETECT_OWNER && f->v[x].start == f->v[f->n - 1].start) {
					f->n--;
					break;
				}
	}
	for (size_t k = 0; k < sc->ncommit; k++) {
		size_t i = sc->commit[k], cs, ce;
		clause_of(t, a, b, i, i, &cs, &ce);
		size_t before = f->n;
		find_owner_before(t, a, cs, i, f, task);
		/* the same owner again (市委要…，要…): once is enough */
		if (f->n > before)
			for (size_t x = first; x < before; x++)
				if (f->v[x].type == DETECT_OWNER && f->v[x].start == f->v[f->n - 1].start) {
					f->n--;
					break;
				}
	}
}

/* Where the full sentence holding [s, ...) ends: past every ；-ended part; the ends of
 * its first parts go to ends[] (*n of them). */
static size_t period_end(const struct text *t, size_t s, size_t pend, size_t *ends_v, size_t *n)
{
	size_t e = sentence_end_wrapped(t->s, pend, s);
	*n = 0;
	ends_v[(*n)++] = e;
	while (e < pend && (ends_lit(t, s, e, "；") || ends_lit(t, s, e, ";"))) {
		e = sentence_end_wrapped(t->s, pend, e);
		if (*n < PERIOD_PARTS)
			ends_v[(*n)++] = e;
	}
	return e;
}

static void find_in_paragraph(const struct text *t, const outline *o, const struct outline_para *p,
                              const struct date *at, const struct tables *tb,
                              struct found *f)
{
	/* a closing address (同志们！…让我们…) rallies: its words commit no one */
	bool closing = p->role == OUTLINE_ROLE_CLOSING;
	size_t nn = outline_node_count(o);
	struct period pd = { 0, 0, p->start, p->start, -1, false };
	size_t part_end[PERIOD_PARTS], nparts = 0, part = 0;
	for (size_t s = p->start; s < p->end;) {
		if (s >= pd.pe) { /* a new full sentence */
			pd.ps = s;
			pd.pe = period_end(t, s, p->end, part_end, &nparts);
			pd.asks = -1;
			part = 0;
		}
		size_t e = part < nparts ? part_end[part++] : sentence_end_wrapped(t->s, p->end, s);
		size_t a = s, l;
		/* a marker opening the sentence (第一， 一是 （一） 1.) is not its words */
		size_t k = node_from(o, s);
		const struct outline_node *heading = NULL;
		for (; k < nn && outline_node_at(o, k)->start < e; k++) {
			const struct outline_node *nd = outline_node_at(o, k);
			if (nd->start == a && nd->kind != OUTLINE_SPEECH) {
				a += nd->marker_len;
				if (!nd->inline_ || nd->title_end <= e)
					heading = nd;
			}
		}
		trim(t, &a, &e);
		if (pd.ps == s)
			pd.ps = a; /* the full sentence's words start after its marker too */
		size_t b = e;
		while (b > a && (t->s[b - 1] == '\n'))
			b--;
		if (b > a) {
			/* a heading's title is structure: nothing in it is suggested, and the
			 * words after a heading run together with its paragraph are a sentence
			 * of their own */
			size_t words_end = b; /* the sentence without its final mark */
			while (words_end > a && ends_with_mark(t, a, words_end))
				words_end -= mark_len(t, a, words_end);
			/* a title has no final mark (二、突出工作重点，抓好各项任务), or is short and
			 * one clause: 1.加快重大项目落地。 is a title, 1.全面排查…，确保月底前完成…。
			 * a sentence */
			bool title = heading && heading->title_end >= words_end &&
			             (words_end == b /* a heading line: no final mark */ ||
			              (!holds(t, a, words_end, "，") && words_end - a <= 3 * 20));
			char word[DETECT_VALUE_MAX];
			size_t wat, task = SIZE_MAX;
			size_t first = f->n;
			if (!title) {
				struct scan sc;
				scan_sentence(t, tb, a, b, &sc);
				if (!closing && is_task_scanned(t, &tb->cm, a, b, &sc, true, word, &wat)) {
					struct detect_item *it = add(f, DETECT_TASK, a, b, -1);
					if (!it)
						return;
					snprintf(it->value, DETECT_VALUE_MAX, "%s", word);
					task = f->n - 1;
					find_owners(t, &tb->cm, a, b, &sc, f, task);
				}
				if (sc.named || sc.more)
					find_named_owners(t, a, b, f, task);
				pd.s = a;
				pd.e = b;
				find_phrases(t, &pd, at, tb, &sc, f);
			}
			for (size_t i = first; i < f->n; i++)
				if (f->v[i].type != DETECT_TASK)
					f->v[i].task = task;
		}
		if (e <= s)
			e = s + 1;
		s = e;
		while (s < p->end && (t->s[s] == '\n' || t->s[s] == ' '))
			s++;
		if (starts_lit(t, s, "\u3000")) {
			char_at(t, s, &l);
			s += l;
		}
	}
}

/* An item's place in the sorted list: by start, then type, then the order found. */
struct order {
	size_t start;
	enum detect_type type;
	size_t i;
};

static int by_start(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->type != b->type)
		return (int)a->type - (int)b->type;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* ---- the speech's date ---- */

bool detect_speech_date(const doc *d, const outline *o, size_t i, struct date *date)
{
	if (i >= outline_speech_count(o))
		return false;
	const struct outline_speech *sp = outline_speech_at(o, i);
	const char *t = doc_text(d, NULL);
	size_t l;
	for (size_t p = sp->date.start; p < sp->date.end; p += l) {
		struct date c;
		date_read_chinese(t, sp->date.end, p, &c);
		if (c.year >= 1900 && c.year <= 2200 && c.month > 0 && c.day > 0 &&
		    c.day <= date_days_in(c.year, c.month)) {
			*date = c;
			return true;
		}
		utf8_get(t, sp->date.end, p, &l);
	}
	return false;
}

/* Sorts f's items by start, then type, with the links to tasks following their items,
 * and keeps one of the same owner found twice (由县财政局牵头: named, and before 牵头).
 * f->v is replaced by the sorted array (never NULL); false when out of memory. */
static bool sort_found(struct found *f)
{
	struct order *ord = malloc((f->n + 1) * sizeof(*ord));
	struct detect_item *sorted = malloc((f->n + 1) * sizeof(*sorted));
	size_t *where = malloc((f->n + 1) * sizeof(*where));
	if (!ord || !sorted || !where) {
		free(ord);
		free(sorted);
		free(where);
		return false;
	}
	for (size_t i = 0; i < f->n; i++)
		ord[i] = (struct order){ f->v[i].start, f->v[i].type, i };
	qsort(ord, f->n, sizeof(*ord), by_start);
	for (size_t i = 0; i < f->n; i++) {
		sorted[i] = f->v[ord[i].i];
		where[ord[i].i] = i;
	}
	for (size_t i = 0; i < f->n; i++)
		if (sorted[i].task != SIZE_MAX)
			sorted[i].task = where[sorted[i].task];
	size_t kept = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (kept && sorted[kept - 1].type == sorted[i].type &&
		    sorted[kept - 1].start == sorted[i].start && sorted[kept - 1].end == sorted[i].end)
			continue;
		/* items after a dropped one keep pointing at tasks, which are never dropped
		 * (two tasks never share a span) */
		where[i] = kept;
		sorted[kept++] = sorted[i];
	}
	for (size_t i = 0; i < kept; i++)
		if (sorted[i].task != SIZE_MAX)
			sorted[i].task = where[sorted[i].task];
	free(ord);
	free(where);
	free(f->v);
	f->v = sorted;
	f->n = f->cap = kept;
	return true;
}

/* Paragraphs are independent: each sentence's suggestions depend on that sentence, its
 * paragraph and the speech's date only. So a long text is cut at paragraph boundaries
 * into parts of about equal size, one thread each. A part's items all stand before
 * the next part's, so each part sorts its own and the parts are joined in order: the
 * result is the same whatever the number of threads. */
#define PARALLEL_MIN (1u << 20) /* bytes: below this a thread costs more than it saves */
#define THREADS_MAX 8

struct part {
	const struct text *t;
	const outline *o;
	const struct tables *tb;
	const struct date *dates, *fallback;
	size_t nsp;
	size_t from, to;                /* paragraphs [from, to) */
	struct found f;
};

static void *run_part(void *arg)
{
	struct part *pt = arg;
	for (size_t i = pt->from; i < pt->to && !pt->f.nomem; i++) {
		const struct outline_para *p = outline_para_at(pt->o, i);
		struct outline_para body = *p;
		switch (p->role) {
		case OUTLINE_ROLE_BODY:
		case OUTLINE_ROLE_HEADING:
		case OUTLINE_ROLE_CLOSING:
			break;
		case OUTLINE_ROLE_SALUTATION:
			/* 同志们：… run together with the speech's first paragraph: its words */
			if (p->speech < pt->nsp) {
				const struct outline_speech *sp = outline_speech_at(pt->o, p->speech);
				if (sp->salutation.end > p->start && sp->salutation.end < p->end) {
					body.start = sp->salutation.end;
					break;
				}
			}
			continue;
		default:
			continue; /* title, date line, web leftovers */
		}
		const struct date *at = p->speech < pt->nsp ? &pt->dates[p->speech] : pt->fallback;
		find_in_paragraph(pt->t, pt->o, &body, at, pt->tb, &pt->f);
	}
	/* a part's items all stand before the next part's: each part sorts its own */
	if (!pt->f.nomem && !sort_found(&pt->f))
		pt->f.nomem = true;
	return NULL;
}

static size_t thread_count(const struct detect_options *opt, size_t len)
{
	if (opt && opt->threads)
		return opt->threads < THREADS_MAX ? opt->threads : THREADS_MAX;
	if (len < PARALLEL_MIN)
		return 1;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > THREADS_MAX ? THREADS_MAX : (size_t)n;
}

/* Runs the parts, each in a thread of its own but the first, which the caller runs; a
 * part whose thread cannot start is run by the caller too. Joins them all into f. */
static void run_parts(struct part *pt, size_t np, struct found *f)
{
	pthread_t th[THREADS_MAX];
	bool started[THREADS_MAX] = { false };
	for (size_t k = 1; k < np; k++)
		started[k] = pthread_create(&th[k], NULL, run_part, &pt[k]) == 0;
	run_part(&pt[0]);
	for (size_t k = 1; k < np; k++) {
		if (started[k])
			pthread_join(th[k], NULL);
		else
			run_part(&pt[k]);
	}
	size_t total = 0;
	for (size_t k = 0; k < np; k++) {
		f->nomem |= pt[k].f.nomem;
		total += pt[k].f.n;
	}
	if (!f->nomem && np == 1) {
		*f = pt[0].f;
		return;
	}
	if (!f->nomem && !(f->v = malloc((total + 1) * sizeof(*f->v))))
		f->nomem = true;
	for (size_t k = 0; k < np; k++) {
		if (!f->nomem) {
			for (size_t i = 0; i < pt[k].f.n; i++) {
				struct detect_item it = pt[k].f.v[i];
				if (it.task != SIZE_MAX)
					it.task += f->n; /* the part's own index, now the run's */
				f->v[f->n + i] = it;
			}
			f->n += pt[k].f.n;
		}
		free(pt[k].f.v);
	}
}

enum pz_status detect_run(const doc *d, const outline *o, const struct detect_options *opt,
                          struct detect_item **items, size_t *n)
{
	size_t len;
	struct text t = { doc_text(d, &len), len };
	struct found f = { 0 };
	struct date fallback = opt ? opt->date : (struct date){ 0, 0, 0 };
	size_t nsp = outline_speech_count(o);
	struct date *dates = calloc(nsp + 1, sizeof(*dates));
	struct tables *tb = malloc(sizeof(*tb));
	if (!dates || !tb) {
		free(dates);
		free(tb);
		return PZ_NOMEM;
	}
	starters_init(&tb->st);
	commitments_init(&tb->cm);
	for (size_t i = 0; i < nsp; i++)
		if (!detect_speech_date(d, o, i, &dates[i]))
			dates[i] = fallback;
	/* parts of about len / np bytes each, ending at a paragraph's end */
	struct part pt[THREADS_MAX];
	size_t np = thread_count(opt, len), npara = outline_para_count(o), from = 0, used = 0;
	for (size_t k = 0; k < np && from < npara; k++) {
		size_t to = npara;
		if (k + 1 < np) {
			size_t goal = len / np * (k + 1);
			to = from;
			while (to < npara && outline_para_at(o, to)->start < goal)
				to++;
		}
		pt[used++] = (struct part){ &t, o, tb, dates, &fallback, nsp, from, to, { 0 } };
		from = to;
	}
	if (!used)
		pt[used++] = (struct part){ &t, o, tb, dates, &fallback, nsp, 0, 0, { 0 } };
	run_parts(pt, used, &f);
	free(dates);
	free(tb);
	if (f.nomem) {
		free(f.v);
		return PZ_NOMEM;
	}
	*items = f.v;
	*n = f.n;
	return PZ_OK;
}

const char *detect_type_name(enum detect_type t)
{
	static const char *const names[] = { "deadline", "target", "task", "owner" };
	return (unsigned)t < DETECT_TYPES ? names[t] : "";
}

bool detect_rule_at(size_t i, enum detect_type *type, const char **pattern, const char **example,
                    const char **value)
{
	if (i >= NRULES)
		return false;
	*type = rules[i].type;
	*pattern = rules[i].pattern;
	*example = rules[i].example;
	*value = rules[i].value;
	return true;
}
