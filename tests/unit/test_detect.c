/* Unit tests of the suggestion rules: every rule finds its own example with its value,
 * and the cases each rule must leave alone are left alone. */
#include "pizhu/detect.h"
#include "pizhu/detect-rules.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const struct detect_options dated = { .date = { 2024, 8, 24 } };

/* The suggestions of text (one paragraph or more), as "type:text:value" lines. */
static char *suggest(const char *text, const struct detect_options *opt)
{
	doc *d;
	outline *o;
	struct pz_where w;
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	struct detect_item *v;
	size_t n;
	assert_int_equal(detect_run(d, o, opt, &v, &n), PZ_OK);
	const char *t = doc_text(d, NULL);
	size_t cap = 64, len = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t need = len + strlen(v[i].value) + (v[i].end - v[i].start) + 32;
		if (need > cap) {
			cap = need * 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		len += (size_t)sprintf(out + len, "%s:%.*s:%s\n", detect_type_name(v[i].type),
		                       (int)(v[i].end - v[i].start), t + v[i].start, v[i].value);
	}
	free(v);
	outline_free(o);
	doc_free(d);
	return out;
}

static void expect_has(const char *text, const char *line)
{
	char *got = suggest(text, &dated);
	bool ok = strstr(got, line) != NULL;
	if (!ok)
		print_error("'%s': no '%s' in\n%s", text, line, got);
	free(got); /* before failing: a failed check leaks nothing under ASan */
	if (!ok)
		fail();
}

static void expect_not(const char *text, const char *line)
{
	char *got = suggest(text, &dated);
	bool found = strstr(got, line) != NULL;
	if (found)
		print_error("'%s': '%s' found in\n%s", text, line, got);
	free(got);
	if (found)
		fail();
}

/* The rule table fits the prefilter's masks (one bit a rule), and every word list of
 * the lexicon holds words: an empty word would match everywhere. */
static void rule_table_and_lexicon_are_well_formed(void **state)
{
	(void)state;
	assert_true(detect_rule_count <= DETECT_RULES_MAX);
	for (size_t i = 0; i < detect_rule_count; i++) {
		assert_non_null(detect_rules[i].pattern);
		assert_true(detect_rules[i].pattern[0] != '\0');
	}
	const struct detect_words *all[] = {
		&detect_lexicon.bind_before, &detect_lexicon.bind_after, &detect_lexicon.commit,
		&detect_lexicon.not_commit, &detect_lexicon.command_openers, &detect_lexicon.units,
		&detect_lexicon.org_ends, &detect_lexicon.labels_lead, &detect_lexicon.value_words,
	};
	for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) {
		assert_true(all[k]->n > 0);
		for (size_t w = 0; w < all[k]->n; w++)
			assert_true(all[k]->w[w][0] != '\0');
	}
}

/* The date deadlines count from, as "y-m-d", for text and options. */
static void date_of(const char *text, const struct detect_options *opt, const char *want)
{
	doc *d;
	outline *o;
	struct pz_where w;
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	struct date date = detect_date_of(d, o, 0, opt);
	char got[32];
	snprintf(got, sizeof(got), "%d-%d-%d", date.year, date.month, date.day);
	outline_free(o);
	doc_free(d);
	assert_string_equal(got, want);
}

/* The document's own date: its date line, an issuing line or a signed date, the
 * option, the file name, the year of its title or of a sentence naming this year. */
static void document_dates(void **state)
{
	(void)state;
	const char *body = "同志们：\n各单位要在年底前完成改造任务。\n";
	char text[512];
	struct detect_options none = { .date = { 0, 0, 0 } };
	struct detect_options named = { .name = "dir/会议-2026-04-01.txt" };
	snprintf(text, sizeof(text), "在全县工作会议上的讲话\n（2025年3月18日）\n%s", body);
	date_of(text, &dated, "2025-3-18"); /* the date line beats --date */
	snprintf(text, sizeof(text), "关于加快项目建设的实施意见\n各单位要在年底前完成改造任务。\n"
	         "县人民政府办公室\n2025年6月3日\n");
	date_of(text, &none, "2025-6-3"); /* the date under the signature */
	snprintf(text, sizeof(text), "关于加快项目建设的实施意见\n（2023年9月1日县政府常务会议通过）\n"
	         "各单位要在年底前完成改造任务。\n");
	date_of(text, &none, "2023-9-1");
	snprintf(text, sizeof(text), "某县2027年工作要点\n%s", body);
	date_of(text, &none, "2027-0-0"); /* the title's year */
	date_of(text, &dated, "2024-8-24"); /* --date before a year alone */
	date_of(text, &named, "2026-4-1"); /* the file name's full date too */
	snprintf(text, sizeof(text), "县水利局2026年工作总结和2027年工作打算\n%s", body);
	date_of(text, &none, "2027-0-0"); /* a review's year and a plan's: the plan's */
	snprintf(text, sizeof(text), "在全县工作会议上的讲话\n%s2026年是攻坚之年，各单位要抓好落实。\n",
	         body);
	date_of(text, &none, "2026-0-0"); /* this year, as a sentence says */
	snprintf(text, sizeof(text), "在全县工作会议上的讲话\n%s回顾过去，2020年我们完成了任务。\n", body);
	date_of(text, &none, "0-0-0"); /* a year in passing is no date */
	struct detect_options year_name = { .name = "plan-2028.txt" };
	date_of(text, &year_name, "2028-0-0");
	/* deadlines with a year alone */
	snprintf(text, sizeof(text), "某县2027年工作要点\n%s", body);
	char *got = suggest(text, &none);
	bool ok = strstr(got, "deadline:年底前:2027-12-31") != NULL;
	free(got);
	assert_true(ok);
}

/* The owners of text as "value/role/task text" lines (role: told, lead, cooperating). */
static char *owners_of(const char *text)
{
	doc *d;
	outline *o;
	struct pz_where w;
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	struct detect_item *v;
	size_t n;
	assert_int_equal(detect_run(d, o, &dated, &v, &n), PZ_OK);
	const char *t = doc_text(d, NULL);
	static const char *const roles[] = { "told", "lead", "cooperating" };
	char *out = calloc(1, 4096);
	assert_non_null(out);
	size_t len = 0;
	for (size_t i = 0; i < n && len < 3500; i++)
		if (v[i].type == DETECT_OWNER) {
			const struct detect_item *tk = v[i].task != SIZE_MAX ? &v[v[i].task] : NULL;
			len += (size_t)snprintf(out + len, 4096 - len, "%s/%s/%.*s\n", v[i].value,
			                        roles[v[i].role], tk ? (int)(tk->end - tk->start) : 0,
			                        tk ? t + tk->start : "");
		}
	free(v);
	outline_free(o);
	doc_free(d);
	return out;
}

static void expect_owner(const char *text, const char *line)
{
	char *got = owners_of(text);
	bool ok = strstr(got, line) != NULL;
	if (!ok)
		print_error("'%s': no owner '%s' in\n%s", text, line, got);
	free(got);
	if (!ok)
		fail();
}

/* Owners as real documents name them: the subject before a comma, units singled out
 * (特别是), categories (村、社区), roles (是第一责任人), a unit's announced plan, each
 * unit of a kind, the units of a closing address; lead and cooperating units in notes
 * after their task, never a label inside a value. */
static void owners_in_documents(void **state)
{
	(void)state;
	expect_owner("全县各级党组织和广大党员，务必要把心思集中到发展上来。\n",
	             "全县各级党组织、广大党员/told/");
	expect_owner("各级党组织特别是基层党组织要多联系群众。\n", "各级党组织、基层党组织/told/");
	expect_owner("特别是领导干部要带头谈心。\n", "领导干部/told/");
	expect_owner("遇到困难，乡镇党委就要采取措施。\n", "乡镇党委/told/");
	expect_owner("班子成员要以身作则。\n", "班子成员/told/");
	expect_owner("村、社区要分别召开会议。\n", "村、社区/told/");
	expect_not("全县要分别召开会议。\n", "owner:全县");
	expect_owner("各级书记是整改工作的第一责任人，要抓好落实。\n", "各级书记/told/");
	expect_owner("近期，县委组织部将组织专门人员开展督查。\n",
	             "县委组织部/told/近期，县委组织部将组织专门人员开展督查。");
	expect_owner("要确保在9月底前每个村都建成一处服务站。\n", "每个村/told/");
	expect_not("要使每个村都成为示范村。\n", "owner:每个村");
	expect_owner("同志们，全县各级党组织要以更大的决心抓好落实！\n", "全县各级党组织/told/");
	/* notes: in the sentence, as a sentence after the task, as a paragraph of their own */
	const char *plan = "（一）改造农村公路。年底前改造农村公路80公里。（牵头单位：县交通运输局；"
	                   "配合单位：县财政局、各乡镇、街道）\n（二）建设学校。新建学校3所。\n"
	                   "（县教育局牵头，县卫健局配合）\n";
	expect_owner(plan, "县交通运输局/lead/年底前改造农村公路80公里。");
	expect_owner(plan, "县财政局、各乡镇、街道/cooperating/年底前改造农村公路80公里。");
	expect_owner(plan, "县教育局/lead/新建学校3所。");
	expect_owner(plan, "县卫健局/cooperating/新建学校3所。");
	expect_owner("要加快项目建设，责任单位：县发改局，配合单位：县财政局。\n", "县发改局/lead/");
	expect_has("要加快项目建设，责任单位：县发改局，配合单位：县财政局。\n", "owner:县发改局:县发改局\n");
	expect_owner("此项工作由县水利局牵头，年底前完成。\n", "县水利局/lead/");
	/* other brackets, half-width colons, the duty after the units */
	const char *duty = "实施市场准入负面清单制度，实行非禁即入。〔责任单位:省发展改革委、省市场监管局按职责分工负责〕\n";
	expect_owner(duty, "省发展改革委、省市场监管局/lead/实施市场准入负面清单制度，实行非禁即入。");
	expect_not(duty, "task:〔");
	/* a deadline of its own makes a plan's sentence a task; so does a measure */
	expect_has("年底前改造农村公路80公里。\n", "task:年底前改造农村公路80公里。:年底前");
	expect_has("新建学校3所。\n", "task:新建学校3所。:新建");
	expect_not("去年底前改造了农村公路80公里。\n", "task:");
	expect_has("全年新建公共厕所60座。\n", "task:全年新建公共厕所60座。:新建");
	/* a request with a deadline names the units asked */
	expect_owner("请各乡镇、各部门于10月底前报送总结。\n", "各乡镇、各部门/told/");
	expect_not("汇报完毕，请各位领导批评指正。\n", "owner:");
	/* 负责制定 commits (负责制 is a noun) */
	expect_owner("县民政局负责制定管理办法。\n", "县民政局/told/");
	/* a paragraph that opens with a year gone by reports */
	const char *review = "在全县工作会议上的讲话\n（2025年3月1日）\n同志们：\n"
	                     "2024年，全县新建学校3所，新增学位2000个。今年要新建学校5所。\n";
	expect_not(review, "target:新建学校3所");
	expect_has(review, "target:新建学校5所:=5所");
	expect_not("这是我省推出的一项创新性工作，要认真落实。\n", "target:"); /* an article */
	/* a note in the middle of its sentence: the unit alone, the words after it apart
	 * (issue 13: an owner value ran on into the next clause) */
	const char *mid = "（一）改造老旧小区（牵头单位：县住建局）6月底前全部开工（配合单位：各街道）。\n";
	expect_has(mid, "owner:县住建局:县住建局\n");
	expect_has(mid, "deadline:6月底前:2025-06-30\n"); /* a month gone by: next year */
	expect_owner(mid, "各街道/cooperating/");
	expect_has("（一）改造背街小巷，牵头单位：县住建局，6月底前完工。\n", "owner:县住建局:县住建局\n");
	expect_not("（一）改造背街小巷，牵头单位：县住建局，6月底前完工。\n", "owner:县住建局，");
	expect_has("牵头单位：县财政局，县审计局。\n", "owner:县财政局，县审计局:县财政局、县审计局\n");
	expect_has("责任单位：各乡镇，县直有关部门按职责分工负责。\n",
	           "owner:各乡镇，县直有关部门:各乡镇、县直有关部门\n");
	const char *roles = "（一）整治农贸市场（县住建局牵头）9月底前完成（县城管局配合）。\n";
	expect_owner(roles, "县住建局/lead/");
	expect_owner(roles, "县城管局/cooperating/");
	expect_has("新建农田3万亩，6月底前开工（县农业农村局牵头，县水利局配合）。\n",
	           "owner:县农业农村局:县农业农村局\n");
	expect_not("新建农田3万亩，6月底前开工（县农业农村局牵头，县水利局配合）。\n", "owner:6月");
	expect_owner("新建学校3所（各县（市、区）牵头）。\n", "各县（市、区）/lead/"); /* a name's bracket */
	/* a figure to reach with a note of its units is work assigned, without a
	 * commitment word (…稳定在50万亩以上（牵头单位：…）) */
	const char *noted = "全年粮食播种面积稳定在50万亩以上（牵头单位：县农业农村局）。\n";
	expect_has(noted, "target:稳定在50万亩以上:>=50万亩\n");
	expect_has(noted, "task:全年粮食播种面积稳定在50万亩以上（牵头单位：县农业农村局）。:");
	expect_owner(noted, "县农业农村局/lead/全年粮食播种面积稳定在50万亩以上");
	expect_not("全年粮食播种面积稳定在50万亩以上。\n", "task:"); /* no note: a statement */
	/* an item of a plan's list that is a measure and its figure is work, not a title */
	const char *items = "二、办好民生实事\n（一）培训农村实用人才800人次以上。\n（二）加快项目落地。\n";
	expect_has(items, "target:培训农村实用人才800人次以上:>=800人次\n");
	expect_has(items, "task:培训农村实用人才800人次以上。:培训\n");
	expect_not(items, "task:加快项目落地");
	/* the year a plan's goals are due opens the sentence: it and its figures bind,
	 * without a commitment word; not a year that only dates (到2029年的规划) */
	const char *goals = "到2029年，全县护理型床位占比达到60%以上，服务设施覆盖所有城市社区。\n";
	expect_has(goals, "deadline:2029年:2029-12-31\n");
	expect_has(goals, "target:达到60%以上:>=60%\n");
	expect_has(goals, "task:到2029年，全县护理型床位占比达到60%以上，服务设施覆盖所有城市社区。:2029年\n");
	expect_not("从2019年到2021年，全县床位占比达到了60%。\n", "task:");
	/* the last figure of a list before its note */
	expect_has("新建服务中心4个、服务站30个（县民政局牵头）。\n", "target:服务站30个:=30个\n");
	/* about a level */
	expect_has("要把入住率保持在70%左右。\n", "target:保持在70%左右:=70%\n");
	/* the labels of a bureau's sections */
	expect_owner("新建供水工程15处（牵头科室：农村水利科；配合科室：规划计划科）。\n",
	             "农村水利科/lead/");
	expect_owner("新建供水工程15处（牵头科室：农村水利科；配合科室：规划计划科）。\n",
	             "规划计划科/cooperating/");
}

/* Owners and tasks as notices, opinions and speeches write them (each case a word list
 * of detect-rules.c): connectives before the subject, a whole place before its units,
 * a time between a unit and its commitment word, a name's bracket after 请, 由 inside
 * the words before 牵头, a list of units not told again unit by unit, rooms, states,
 * people told as a group; run-in titles, label lines, units named responsible. */
static void owners_general_cases(void **state)
{
	(void)state;
	/* subject_openers: connectives */
	expect_owner("会议分开召开，也就是说村、社区要召开两个会议。\n", "村、社区/told/");
	expect_owner("因此，各乡镇要制定增收计划。\n", "各乡镇/told/");
	expect_owner("同时各街道要做好排查。\n", "各街道/told/");
	/* whole_places */
	expect_owner("全区各级要抓好落实。\n", "全区各级/told/");
	expect_owner("全县每一个村党组织都要建好阵地。\n", "全县每一个村党组织/told/");
	expect_not("全县要分别召开会议。\n", "owner:全县");
	/* owner_time_chars, owner_times */
	expect_has("各地各部门每月10日前要报送进展。\n", "owner:各地各部门:各地各部门\n");
	expect_has("市民政局三季度前要完成检查。\n", "owner:市民政局:市民政局\n");
	expect_has("市委办公室每周要通报一次。\n", "owner:市委办公室:市委办公室\n");
	/* a name's bracket after the request word */
	expect_has("请各乡镇（街道）于5月30日前报送名单。\n", "owner:各乡镇（街道）:各乡镇（街道）\n");
	/* 由 inside the words before 牵头 */
	const char *by = "这项工作由市住建局牵头，市卫健委配合，各县市区具体实施。\n";
	expect_has(by, "owner:市住建局:市住建局\n");
	expect_not(by, "owner:这项工作");
	expect_owner(by, "市卫健委/cooperating/");
	expect_owner(by, "各县市区/lead/"); /* role_lead: 具体实施 */
	/* a list not told again unit by unit */
	const char *each = "全市每一个村党组织、每一名村党组织书记都要抓好集体经济。\n";
	expect_has(each, "owner:全市每一个村党组织、每一名村党组织书记:");
	expect_not(each, "owner:每一名村党组织书记:");
	/* facilities; prohibitions */
	expect_not("村级党员活动室要有浓厚的氛围。\n", "owner:");
	expect_not("就是要每一个支部都不落后，每一名党员都不掉队。\n", "owner:");
	expect_owner("每名干部都不得收受礼品。\n", "每名干部/told/");
	/* people told as a group, chiefs; owner_adverbs: 原则上 */
	expect_owner("参训人员要提前报到。\n", "参训人员/told/");
	expect_owner("学员原则上不得请假。\n", "学员/told/");
	/* responsible_roles: the sentence is a task without a commitment word */
	expect_has("各级河湖长是责任河湖治理保护的第一责任人。\n",
	           "task:各级河湖长是责任河湖治理保护的第一责任人。:第一责任人\n");
	expect_owner("各级河湖长是责任河湖治理保护的第一责任人。\n", "各级河湖长/told/");
	expect_not("这是第一责任人的职责所在。\n", "task:");
	/* a label line is a note, not a task: its owners go to the task before it */
	const char *line = "县生态环境分局要完成水源地划定。责任单位：县卫健局，各乡镇人民政府按职责分工负责。\n";
	expect_not(line, "task:责任单位");
	expect_owner(line, "县卫健局、各乡镇人民政府/lead/县生态环境分局要完成水源地划定。");
	/* run-in titles of two short parallel clauses */
	const char *runin = "三、重点工作\n（一）要强基固本，打牢组织基础。要深化学习教育，认真执行制度。\n";
	expect_not(runin, "task:要强基固本");
	expect_has(runin, "task:要深化学习教育，认真执行制度。:要\n");
	expect_has("三、重点工作\n（一）全面排查隐患，确保月底前完成。\n", "task:全面排查隐患");
	/* not_copula: 特别是 says nothing is anything */
	expect_has("积极引导企业发展实体经济特别是先进制造业，助力企业转型升级。\n",
	           "task:积极引导企业发展实体经济特别是先进制造业，助力企业转型升级。:积极\n");
	expect_not("加快发展是第一要务，是压倒一切的大事。\n", "task:");
	/* shortcomings: a commitment word inside what is lacking */
	expect_not("部分书记对切实加强基层党建工作的重要性认识不足。\n", "task:");
	expect_has("部分书记认识不足，各乡镇要切实加强培训。\n", "owner:各乡镇:各乡镇\n");
	/* reported_before and 了 after the commitment: what was said */
	expect_not("在会上，我就抓好整改工作，从操作层面强调了六个方面。\n", "task:");
	/* group_heads: a group singled out by a short clause and 的 */
	expect_owner("上级党组织参会的同志要做好会议引导。\n", "上级党组织参会的同志/told/");
	expect_not("工作的重点要放在基层。\n", "owner:");
	/* facilities: meetings */
	expect_not("支委会和党员大会原则上要分别召开。\n", "owner:");
	/* command_openers: adverbs and verbs of measures */
	expect_has("不断健全工作机制，细化责任清单。\n", "task:不断健全工作机制，细化责任清单。:不断\n");
	expect_has("充分尊重党员主体地位，搭建党员先锋岗平台。\n", "task:充分尊重党员主体地位，搭建党员先锋岗平台。:充分\n");
}

/* The framing deadline of the task whose text starts with task_start in text, as
 * "deadline text:value", or "" when it has none. */
static void frame_of(const char *text, const char *task_start, const char *want)
{
	doc *d;
	outline *o;
	struct pz_where w;
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	struct detect_item *v;
	size_t n;
	assert_int_equal(detect_run(d, o, &dated, &v, &n), PZ_OK);
	const char *t = doc_text(d, NULL);
	char got[256] = "no such task";
	for (size_t i = 0; i < n; i++) {
		if (v[i].type != DETECT_TASK || strncmp(t + v[i].start, task_start, strlen(task_start)))
			continue;
		got[0] = '\0';
		if (v[i].frame != SIZE_MAX) {
			const struct detect_item *fr = &v[v[i].frame];
			snprintf(got, sizeof(got), "%.*s:%s", (int)(fr->end - fr->start), t + fr->start,
			         fr->value);
		}
		break;
	}
	free(v);
	outline_free(o);
	doc_free(d);
	if (strcmp(got, want))
		fail_msg("task '%s' in '%s': frame '%s', wanted '%s'", task_start, text, got, want);
}

/* A period that opens a paragraph, announces a list or stands in a heading frames the
 * tasks that follow; a review's section suggests nothing. */
static void framing_deadlines(void **state)
{
	(void)state;
	const char *para = "今年，各乡镇要完成改厕任务。县财政局要保障资金。\n县水利局要抓好水库。\n";
	frame_of(para, "县财政局要", "今年:2024-12-31");
	frame_of(para, "县水利局要", ""); /* the next paragraph */
	const char *list = "一、重点工作\n要把握发展大局，到2026年，要着力抓好以下几项工作：\n"
	                   "（一）教育。县教育局要新建学校。\n（二）卫生。县卫健局要改造医院。\n"
	                   "二、保障措施\n各单位要加强领导。\n";
	frame_of(list, "县卫健局要", "2026年:2026-12-31");
	frame_of(list, "各单位要加强领导", ""); /* past the section holding the list */
	const char *heading = "一、2025年重点工作\n各乡镇要推进项目建设。\n"
	                      "（一）产业发展\n县商务局要抓好招商。\n二、其他\n要做好宣传。\n";
	frame_of(heading, "各乡镇要", "2025年:2025-12-31");
	frame_of(heading, "县商务局要", "2025年:2025-12-31"); /* a sub-section too */
	frame_of(heading, "要做好宣传", "");
	expect_has(heading, "deadline:2025年:2025-12-31");
	/* the innermost frame wins */
	const char *inner = "一、2025年重点工作\n全年，各乡镇要推进项目建设。县局要抓好验收。\n";
	frame_of(inner, "县局要", "全年:2024-12-31");
	/* a five-year plan's period */
	expect_has("“十五五”期间，要建成现代化产业体系。\n", "deadline:十五五”期间:2030-12-31");
	/* a review of last year's work suggests nothing: no task, no target */
	const char *report = "一、2024年工作回顾\n全县要新建学校3所，各乡镇要抓好落实。\n"
	                     "二、2025年工作安排\n全县要新建学校5所。\n";
	expect_not(report, "task:全县要新建学校3所");
	expect_not(report, "target:新建学校3所");
	expect_has(report, "target:新建学校5所:=5所");
}

/* Every rule's example gives its value. */
static void every_rule_finds_its_example(void **state)
{
	(void)state;
	enum detect_type type;
	const char *pattern, *example, *value;
	for (size_t i = 0; detect_rule_at(i, &type, &pattern, &example, &value); i++) {
		char text[256], want[128];
		snprintf(text, sizeof(text), "各单位要%s。\n", example);
		snprintf(want, sizeof(want), "%s:", detect_type_name(type));
		char *got = suggest(text, &dated);
		bool ok = false;
		for (char *line = got; line && *line;) {
			char *nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			size_t vl = strlen(value), ll = strlen(line);
			if (!strncmp(line, want, strlen(want)) && ll > vl && line[ll - vl - 1] == ':' &&
			    !strcmp(line + ll - vl, value))
				ok = true;
			line = nl ? nl + 1 : NULL;
		}
		if (!ok) {
			char *again = suggest(text, &dated);
			fail_msg("rule %zu (%s) on '%s': no %s with value %s in\n%s", i, pattern, text,
			         detect_type_name(type), value, again);
		}
		free(got);
	}
}

static void deadlines(void **state)
{
	(void)state;
	/* this year's work where the sentence commits to it; not an event's year, an
	 * object's, a report's or next year's plans */
	expect_has("各单位要确保完成今年的整治任务。\n", "deadline:今年:2024-12-31");
	expect_has("2024年是攻坚之年，各单位都要抓好落实。\n", "deadline:2024年:2024-12-31");
	expect_not("要为明年的换届打下基础。\n", "deadline:明年");
	expect_not("要对今年的工作再部署。\n", "deadline:今年");
	expect_not("今年的任务时间已过半，大家要抓紧。\n", "deadline:今年");
	expect_has("明年上半年要完成验收。\n", "deadline:明年上半年:2025-06-30");
	/* a span without a day to count from: the span, an ISO 8601 duration */
	struct detect_options undated = { .date = { 0, 0, 0 } };
	char *span = suggest("县财政局要在两个月内下达资金。\n", &undated);
	bool ok = strstr(span, "deadline:两个月内:P2M") != NULL;
	free(span);
	assert_true(ok);
	expect_has("自即日起至10月31日止，要开展大检查。\n", "deadline:10月31日止:2024-10-31");
	/* before an event: no day to count from */
	expect_has("要在开班前5天报送名单。\n", "deadline:前5天:XXXX-XX-XX");
	expect_not("今年前七个月要总结。\n", "deadline:前七个月"); /* the first months */
	expect_has("各乡镇要在年底前完成改造。\n", "deadline:年底前:2024-12-31");
	expect_has("要在3月底前完成。\n", "deadline:3月底前:2025-03-31"); /* March is past */
	expect_has("力争今年全面完成。\n", "deadline:今年:2024-12-31");
	/* where a rule may start is filtered by the characters after it: every form of
	 * each rule still starts (with 个 and without, with 第 and without) */
	expect_has("要在30天内整改到位。\n", "deadline:30天内:2024-09-23");
	expect_has("要在两个月内整改到位。\n", "deadline:两个月内:2024-10-24");
	expect_has("要在三个工作日内报送。\n", "deadline:三个工作日内:");
	expect_has("要在第三季度末前完成。\n", "deadline:三季度末前:2024-09-30");
	expect_has("要在3季度内完成。\n", "deadline:3季度内:2024-09-30");
	expect_has("三季度末要完成验收。\n", "deadline:三季度末:2024-09-30");
	expect_has("市委督查室要每月至少通报一次。\n", "deadline:每月:R/P1M");
	expect_has("要坚持班子会每月至少一次。\n", "deadline:每月至少一次:R/P1M");
	expect_not("市县财政每年拿出五千万元。\n", "deadline:"); /* reports, asks nothing */
	expect_has("务必在X月中旬前报送。\n", "deadline:X月中旬前:unfilled");
	expect_has("要在x月xx日前完成。\n", "deadline:x月xx日前:unfilled");
	expect_has("两个月内要全部整改。\n", "deadline:两个月内:2024-10-24");
	expect_has("要在９月１５日前报送。\n", "deadline:９月１５日前:2024-09-15");
	expect_has("两年内要完成4个街区的改造。\n", "deadline:两年内:2026-08-24");
	expect_has("要抓好特色产业，明年龙头企业数量翻一番。\n", "deadline:明年:2025-12-31");
	expect_not("要总结明年的工作思路。\n", "deadline:明年"); /* a name, nothing binds */
	/* what happened, not what binds */
	expect_not("7月26日，总书记在会上强调，要坚定信心。\n", "deadline:7月26日");
	expect_not("今年以来，全县工作有序推进。\n", "deadline:今年");
	expect_not("去年底，全县已完成改造。\n", "deadline:");
	expect_not("上半年，全市完成投资十亿元。\n", "deadline:上半年");
	/* no date known: the year is XXXX */
	char *got = suggest("各乡镇要在年底前完成改造。\n", NULL);
	assert_non_null(strstr(got, "deadline:年底前:XXXX-12-31"));
	free(got);
}

static void targets(void **state)
{
	(void)state;
	expect_has("今年要实现村级收入全部过5万元。\n", "target:过5万元:>5万元");
	expect_has("覆盖率要达95%。\n", "target:达95%:=95%");
	expect_has("覆盖率要达九成以上。\n", "target:达九成以上:>=90%");
	expect_has("收入要过XX万元。\n", "target:过XX万元:");
	expect_has("覆盖率要达到８０％以上。\n", "target:达到８０％以上:>=80%");
	expect_has("优良率要达到八成以上。\n", "target:达到八成以上:>=80%");
	expect_has("确保新建三千个以上。\n", "target:新建三千个以上:>=3000个");
	expect_has("力争增长6.5%左右。\n", "target:增长6.5%左右:+6.5%");
	expect_has("要确保收入达到x万元。\n", "target:达到x万元:unfilled");
	/* reported, not asked for */
	expect_not("去年全区增长6%，成绩来之不易。\n", "target:");
	expect_not("党员电子身份认证已达80%以上。\n", "target:");
	expect_not("通过3个月的努力，工作有了起色。\n", "target:");
	/* a kind, not a figure to reach */
	expect_not("要帮扶收入5万元以下的薄弱村。\n", "target:");
}

/* Quantity targets of work plans: a measure verb, its object, a figure; the list of
 * figures that goes on with the same verb; at least N of an action; a quota for each
 * unit. Not counts of actions, vague quantities, counts of named items or slogans. */
static void work_plan_targets(void **state)
{
	(void)state;
	/* 今年 and 明年 before a month: that year's, even when the month is past */
	expect_has("要在今年3月底前完成。\n", "deadline:今年3月底前:2024-03-31\n");
	expect_has("要在明年3月底前完成。\n", "deadline:明年3月底前:2025-03-31\n");
	/* 治理, 实施 measure */
	expect_has("要实施重点河道综合治理12条。\n", "target:实施重点河道综合治理12条:=12条\n");
	expect_has("要治理水土流失面积45平方公里。\n", "target:治理水土流失面积45平方公里:=45平方公里\n");
	const char *plan = "全县要新增规上工业企业45家、科技型中小企业300家，培训村级后备干部600人次；"
	                   "改造老旧小区住房2000套。\n";
	expect_has(plan, "target:新增规上工业企业45家:=45家");
	expect_has(plan, "target:科技型中小企业300家:=300家");
	expect_has(plan, "target:培训村级后备干部600人次:=600人次");
	expect_has(plan, "target:改造老旧小区住房2000套:=2000套");
	expect_has("年底前完成绿化造林1.5万亩以上。\n", "target:完成绿化造林1.5万亩以上:>=1.5万亩");
	expect_has("各乡镇要每月至少召开一次专题会。\n", "target:至少召开一次:>=1次");
	expect_has("每个社区都要建成一个儿童之家。\n", "target:每个社区都要建成一个:=1个");
	/* the comparison decides the value, not the verb before it */
	expect_has("要新增经营主体过800户。\n", "target:过800户:>800户");
	expect_has("要新增停车位不少于600个。\n", "target:不少于600个:>=600个");
	expect_not("要新增停车位不少于600个。\n", "target:新增");
	/* not figures to reach */
	expect_not("要开展一次安全隐患排查。\n", "target:");   /* one action */
	expect_not("要打造一批示范村。\n", "target:");         /* vague */
	expect_not("要落实好四项重点任务。\n", "target:");     /* named items */
	expect_not("要坚持成熟一个、发展一个。\n", "target:"); /* a slogan */
	expect_not("去年新增规上工业企业45家。\n", "target:"); /* reported */
}

static void tasks_and_owners(void **state)
{
	(void)state;
	expect_has("市委组织部要牵头制定方案。\n", "task:市委组织部要牵头制定方案。:要");
	expect_has("市委组织部要牵头制定方案。\n", "owner:市委组织部:市委组织部");
	expect_has("各县（市、区）要抓好落实。\n", "owner:各县（市、区）:各县（市、区）");
	expect_has("县发展改革局、县财政局要加快审批。\n", "owner:县发展改革局、县财政局:县发展改革局、县财政局");
	expect_has("此项工作由县教育局牵头。\n", "owner:县教育局:县教育局");
	expect_has("完成情况列入考核（责任单位：县人社局）。\n", "owner:县人社局:县人社局");
	expect_has("必须坚持问题导向，找准工作的切入点。\n", "task:必须坚持问题导向，找准工作的切入点。:必须");
	/* a short sentence inside a paragraph is a task; a heading's title is not */
	expect_has("要加强队伍建设。抓好年度培训。\n", "task:要加强队伍建设。:要");
	expect_not("（一）加强队伍建设\n抓好年度培训。\n", "task:加强队伍建设");
	expect_has("市纪委监委要紧盯关键环节。\n", "owner:市纪委监委:市纪委监委"); /* not 要紧 */
	expect_has("深化产权改革，推动闲置农房盘活。\n", "task:深化产权改革，推动闲置农房盘活。:推动");
	expect_has("县商务局、县供销社及各乡镇要抓好流通。\n", "owner:县商务局、县供销社及各乡镇:县商务局、县供销社、各乡镇");
	expect_has("县工业和信息化局要加快技改。\n", "owner:县工业和信息化局:县工业和信息化局");
	expect_not("一、突出工作重点，全力抓好各项任务\n正文。\n", "task:突出工作重点"); /* a heading */
	/* ordinary words, exhortations, reports, questions */
	expect_not("这是一项重要工作，主要任务是总结经验。\n", "task:");
	expect_not("对此我们要有清醒的认识。\n", "task:");
	expect_not("这些工作确保了任务按期完成。\n", "task:");
	expect_not("我们要做的到底是什么？\n", "task:");
	expect_not("加快发展是第一要务，是压倒一切的大事。\n", "task:");
	expect_not("二、进一步提高发展党员质量。\n", "task:"); /* a point's title */
	expect_has("在机关，加强模范机关建设，完善考评办法。\n", "task:在机关，加强模范机关建设，完善考评办法。:加强");
	expect_not("会议指出，要突出增强基层党组织的功能。\n", "task:"); /* reported */
	expect_has("最近，我们强调了纪律要求，各单位要认真履责，按期完成任务。\n", "owner:各单位:各单位");
	expect_not("这次会议的主要任务就是分析问题，找准方法，确保工作实现预期目标。\n", "task:");
	expect_not("开展述职评议，是当前党建工作的一项重要内容，也是一项创新工作。\n", "task:");
	expect_not("怎样抓落实，我认为要从三个方面入手：\n", "task:");
	expect_has("特别是要加强对村官的培养和管理，发挥他们的作用。\n", "task:特别是要加强对村官的培养和管理，发挥他们的作用。:要");
	expect_has("各单位要对照问题开展回头看，问题到底解决了没有？\n", "owner:各单位:各单位");
	expect_not("整市推进工作要抓好，全市要抓好落实。\n", "owner:全市"); /* a place, not a unit */
	expect_not("抓好基层党建，关键在于落实责任。\n", "task:");
	expect_not("做好今年的工作，前提是把形势看清楚。\n", "task:");
	expect_not("要以务实举措不断提升**党建的整体效能。\n", "target:");
	expect_not("我们要加强学习。\n", "owner:");
	/* 同志们：… run together with the first paragraph: its sentences count */
	expect_has("讲话\n同志们：各乡镇要在年底前完成改造，确保安全。\n", "owner:各乡镇:各乡镇");
}

/* A task sentence that runs to the text's last byte, with no newline after it: the
 * rules read nothing past the end (found by fuzz_detect). */
static void sentence_at_end_of_text(void **state)
{
	(void)state;
	expect_has("正文。\n各单位要抓好落实，党组织推动 a", "owner:党组织:党组织");
	expect_has("正文。\n各单位要抓好落实，党组织推动工作 *0", "owner:党组织:党组织");
	char *got = suggest("正文。\n要做好 Y-MM-DD,7 *0\x16**", &dated);
	free(got);
}

/* Figures too large for an integer, and spans too long to be a plan, get values
 * without undefined behaviour (found by fuzz_detect under UBSan). */
static void numbers_out_of_range(void **state)
{
	(void)state;
	expect_has("正文。\n各单位要达到66666666666666666666666666666%以上。\n",
	           "target:达到66666666666666666666666666666%以上:>=6.66667e+28%");
	expect_has("正文。\n各单位要在99999999999个月内完成。\n",
	           "deadline:99999999999个月内:XXXX-XX-XX");
	expect_has("正文。\n各单位要在3个月内完成。\n", "deadline:3个月内:2024-11-24");
}

/* The items of text found by up to threads threads. */
static struct detect_item *run_with(const char *text, size_t len, unsigned threads, size_t *n)
{
	doc *d;
	outline *o;
	struct pz_where w;
	assert_int_equal(doc_load_buffer(text, len, NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	struct detect_options opt = { .date = { 2024, 8, 24 }, .threads = threads };
	struct detect_item *v;
	assert_int_equal(detect_run(d, o, &opt, &v, n), PZ_OK);
	outline_free(o);
	doc_free(d);
	return v;
}

/* A text of several speeches over 1 MiB gives the same items, links and values
 * whether one thread reads it or eight share it, or as many as the machine has. */
static void threads_give_the_same_items(void **state)
{
	(void)state;
	static const char *const paras[] = {
		"一、抓好重点任务\n",
		"各乡镇要在%d月底前完成危房改造，确保覆盖率达到9%d%%以上。\n",
		"市委组织部牵头，县商务局、县供销社配合，年底前建成%d个服务站。\n",
		"过去一年，我们做了大量工作，成绩来之不易。\n",
		"（一）加快项目建设。今年要新开工项目%d个以上，投资增长1%d%%。\n",
		"第一，要每月至少调度一次；第二，必须于2025年%d月1日前报送。\n",
	};
	size_t cap = 3u << 20, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	for (int k = 0; len < (5u << 19); k++) {
		if (k % 40 == 0)
			len += (size_t)snprintf(text + len, cap - len,
			                        "第%d篇：工作会议上的讲话\n（2024年8月24日）\n同志们：\n", k);
		len += (size_t)snprintf(text + len, cap - len, paras[k % 6], 1 + k % 9);
	}
	size_t n1, n;
	struct detect_item *one = run_with(text, len, 1, &n1);
	assert_true(n1 > 1000);
	static const unsigned counts[] = { 0, 2, 3, 8, 100 };
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		struct detect_item *many = run_with(text, len, counts[c], &n);
		assert_int_equal(n, n1);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(many[i].start, one[i].start);
			assert_int_equal(many[i].end, one[i].end);
			assert_int_equal(many[i].type, one[i].type);
			assert_int_equal(many[i].task, one[i].task);
			assert_string_equal(many[i].value, one[i].value);
		}
		free(many);
	}
	free(one);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_table_and_lexicon_are_well_formed),
		cmocka_unit_test(every_rule_finds_its_example),
		cmocka_unit_test(owners_general_cases),
		cmocka_unit_test(document_dates),
		cmocka_unit_test(framing_deadlines),
		cmocka_unit_test(owners_in_documents),
		cmocka_unit_test(deadlines),
		cmocka_unit_test(targets),
		cmocka_unit_test(work_plan_targets),
		cmocka_unit_test(tasks_and_owners),
		cmocka_unit_test(sentence_at_end_of_text),
		cmocka_unit_test(numbers_out_of_range),
		cmocka_unit_test(threads_give_the_same_items),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
