/* Unit tests of the outline rules, one small made-up speech per rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pizhu/document.h"
#include "pizhu/outline.h"

/* Renders the outline of text as rows "depth line:col marker|title\n". */
static char *rows(const char *text)
{
	doc *d = NULL;
	outline *o = NULL;
	struct pz_where w;
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	size_t n, cap = 4096, len = 0;
	const char *t = doc_text(d, &n);
	char *out = malloc(cap);
	assert_non_null(out);
	out[0] = '\0';
	for (size_t i = 0; i < outline_node_count(o); i++) {
		const struct outline_node *nd = outline_node_at(o, i);
		struct doc_pos p = doc_pos_of(d, nd->start);
		size_t need = len + 64 + nd->marker_len + (nd->title_end - nd->title_start);
		if (need >= cap) {
			cap = need * 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		len += (size_t)sprintf(out + len, "%d %zu:%zu %.*s|", nd->depth, p.line, p.col,
		                       (int)nd->marker_len, t + nd->start);
		for (size_t k = nd->title_start; k < nd->title_end; k++)
			if (t[k] != '\n') /* a title may span hard-wrapped lines */
				out[len++] = t[k];
		out[len++] = '\n';
		out[len] = '\0';
	}
	outline_free(o);
	doc_free(d);
	return out;
}

#define CHECK(text, expected)                            \
	do {                                             \
		char *got_ = rows(text);                 \
		assert_string_equal(got_, expected);     \
		free(got_);                              \
	} while (0)

static void gbt_sections_nest(void **state)
{
	(void)state;
	CHECK("关于做好春耕工作的讲话\n"
	      "同志们：\n"
	      "今天开个短会。\n"
	      "一、认清形势\n"
	      "（一）成绩来之不易\n"
	      "1．粮食稳产。今年粮食稳中有增。\n"
	      "（1）面积稳定。播种面积没有减少。\n"
	      "①早稻。早稻长势良好。\n"
	      "②晚稻。晚稻正在育秧。\n"
	      "（2）单产提高。亩产有所提高。\n"
	      "2. 生猪稳价。价格基本平稳。\n"
	      "(二)问题不容忽视\n"
	      "二、抓好落实\n",
	      "0 1:1 |关于做好春耕工作的讲话\n"
	      "1 4:1 一、|认清形势\n"
	      "2 5:1 （一）|成绩来之不易\n"
	      "3 6:1 1．|粮食稳产\n"
	      "4 7:1 （1）|面积稳定\n"
	      "5 8:1 ①|早稻\n"
	      "5 9:1 ②|晚稻\n"
	      "4 10:1 （2）|单产提高\n"
	      "3 11:1 2.|生猪稳价\n"
	      "2 12:1 (二)|问题不容忽视\n"
	      "1 13:1 二、|抓好落实\n");
}

static void points_follow_first_use(void **state)
{
	(void)state;
	/* 一要 seen first, so 一是 nests under it; in the next section the order holds */
	CHECK("同志们：\n"
	      "一、关于学习\n"
	      "一要原原本本学。要读原文。\n"
	      "一是早上读。二是晚上读。\n"
	      "二要联系实际学。要结合工作。\n"
	      "二、关于落实\n"
	      "第一，明确责任。责任要到人。\n"
	      "第二，加强督查。督查要到位。\n",
	      "0 1:1 |\n"
	      "1 2:1 一、|关于学习\n"
	      "2 3:1 一要|原原本本学\n"
	      "3 4:1 一是|早上读\n"
	      "3 4:7 二是|晚上读\n"
	      "2 5:1 二要|联系实际学\n"
	      "1 6:1 二、|关于落实\n"
	      "2 7:1 第一，|明确责任\n"
	      "2 8:1 第二，|加强督查\n");
}

static void point_families(void **state)
{
	(void)state;
	CHECK("同志们：\n"
	      "首先，统一思想。思想统一了才能干好。\n"
	      "其次，压实责任。责任要层层压实。\n"
	      "最后，严格考核。考核结果要运用。\n"
	      "一方面，要看到成绩。成绩很大。\n"
	      "另一方面，要正视问题。问题不少。\n"
	      "其一，机制不健全。其二，投入不足。\n",
	      "0 1:1 |\n"
	      "1 2:1 首先，|统一思想\n"
	      "1 3:1 其次，|压实责任\n"
	      "1 4:1 最后，|严格考核\n"
	      /* first seen inside the open 最后 item, so nested under it */
	      "2 5:1 一方面，|要看到成绩\n"
	      "2 6:1 另一方面，|要正视问题\n"
	      "3 7:1 其一，|机制不健全\n"
	      "3 7:10 其二，|投入不足\n");
}

static void ordinary_words_are_not_markers(void **state)
{
	(void)state;
	CHECK("同志们：\n"
	      "第一书记要第一时间到岗。思想统一是前提。\n"
	      "第一种情况要避免。最后，我再强调一点。\n"
	      "一是要抓紧。\n"
	      "这件事要抓紧办。\n",
	      "0 1:1 |\n");
}

static void numbers_in_a_row_are_not_sections(void **state)
{
	(void)state;
	CHECK("同志们：\n"
	      "一、经济运行\n"
	      "一、二月份，全市工业生产平稳。\n"
	      "三、四季度要加快进度。\n"
	      "二、项目建设\n",
	      "0 1:1 |\n"
	      "1 2:1 一、|经济运行\n"
	      "1 5:1 二、|项目建设\n");
}

static void address_in_mid_speech_is_emphasis(void **state)
{
	(void)state;
	CHECK("同志们：\n"
	      "一、抓安全\n"
	      "同志们，安全责任重于泰山。各地要高度重视：一是查隐患。二是抓整改。\n"
	      "二、抓发展\n"
	      "同志们，让我们共同努力：一是鼓干劲。二是抓落实。\n",
	      "0 1:1 |\n"
	      "1 2:1 一、|抓安全\n"
	      "2 3:22 一是|查隐患\n"
	      "2 3:28 二是|抓整改\n"
	      "1 4:1 二、|抓发展\n");
}

static void inline_points(void **state)
{
	(void)state;
	CHECK("同志们：\n"
	      "一、存在的问题\n"
	      "问题主要有：一是认识不到位；二是措施不得力。三是效果不明显。\n"
	      "成绩也有两条：一是抓得早。二是抓得实。\n",
	      "0 1:1 |\n"
	      "1 2:1 一、|存在的问题\n"
	      "2 3:7 一是|认识不到位\n"
	      "2 3:15 二是|措施不得力\n"
	      "2 3:23 三是|效果不明显\n"
	      "2 4:8 一是|抓得早\n"
	      "2 4:14 二是|抓得实\n");
}

static void section_never_under_point(void **state)
{
	(void)state;
	CHECK("同志们：\n"
	      "这次会议有两个任务：一是总结。二是部署。\n"
	      "一、总结工作\n"
	      "二、部署工作\n",
	      "0 1:1 |\n"
	      "1 2:11 一是|总结\n"
	      "1 2:16 二是|部署\n"
	      "1 3:1 一、|总结工作\n"
	      "1 4:1 二、|部署工作\n");
}

static void colon_headings(void **state)
{
	(void)state;
	CHECK("同志们：\n"
	      "下面，我讲三点意见：\n"
	      "一、关于作风建设\n"
	      "作风建设要抓好三件事：\n"
	      "一要立规矩。规矩要明。\n"
	      "二要严执行。执行要严。\n"
	      "还要把握两个原则：\n"
	      "一是从严。二是从实。\n"
	      "二、关于队伍建设\n",
	      "0 1:1 |\n"
	      "1 3:1 一、|关于作风建设\n"
	      "2 4:1 |作风建设要抓好三件事\n"
	      "3 5:1 一要|立规矩\n"
	      "3 6:1 二要|严执行\n"
	      "2 7:1 |还要把握两个原则\n"
	      "3 8:1 一是|从严\n"
	      "3 8:6 二是|从实\n"
	      "1 9:1 二、|关于队伍建设\n");
}

static void parallel_heads_without_markers(void **state)
{
	(void)state;
	CHECK("在全区组织工作会议上的发言\n"
	      "各位领导、同志们：\n"
	      "今年以来，我们围绕中心、服务大局，在上级的关心支持下做了大量工作，现将有关情况汇报如下。\n"
	      "以提升组织力为重点，建强基层战斗堡垒。我们对全区支部逐一排查，整顿了一批后进支部，选派了一批骨干。\n"
	      "以培养年轻干部为抓手，夯实干部队伍基础。我们建立了年轻干部库，开展了多轮实践锻炼，成效明显。\n"
	      "以落实人才政策为牵引，激发创新创业活力。我们修订了人才政策，引进了一批急需紧缺人才，反响良好。\n"
	      "汇报完毕，请批评指正。\n",
	      "0 1:1 |在全区组织工作会议上的发言\n"
	      "1 4:1 |以提升组织力为重点，建强基层战斗堡垒\n"
	      "1 5:1 |以培养年轻干部为抓手，夯实干部队伍基础\n"
	      "1 6:1 |以落实人才政策为牵引，激发创新创业活力\n");
}

static void parallel_heads_apart(void **state)
{
	(void)state;
	/* heads of one form, each followed by paragraphs of its own */
	CHECK("在全镇工作会议上的讲话\n"
	      "同志们：\n"
	      "今年的任务很重，我讲几点意见，请大家结合实际抓好落实，确保全年目标任务圆满完成。\n"
	      "在抓项目扩投资上持续用力。项目是发展的生命线，要紧盯重点项目，倒排工期，挂图作战，压实责任。\n"
	      "各村要积极谋划一批打基础、利长远的好项目，争取更多上级资金支持，形成梯次推进的良好格局。\n"
	      "在育产业强实体上持续用力。产业是经济的根基，要培育壮大特色产业，延伸产业链条，提升附加值。\n"
	      "园区要完善配套设施，提高承载能力，吸引更多企业入驻，推动产业集聚发展，带动群众就业增收。\n"
	      "在惠民生保稳定上持续用力。民生是最大的政治，要办好群众身边的实事好事，守住安全稳定底线。\n"
	      "同志们，让我们团结一心，真抓实干，奋力完成全年目标任务！\n",
	      "0 1:1 |在全镇工作会议上的讲话\n"
	      "1 4:1 |在抓项目扩投资上持续用力\n"
	      "1 6:1 |在育产业强实体上持续用力\n"
	      "1 8:1 |在惠民生保稳定上持续用力\n");
}

static void runin_heads_and_dashes(void **state)
{
	(void)state;
	CHECK("政府工作报告\n"
	      "各位代表：\n"
	      "一、过去一年的工作\n"
	      "（一）经济运行稳中有进\n"
	      "农业生产保持稳定。全年粮食产量创历史新高，蔬菜供应充足。\n"
	      "工业经济加快恢复。规上工业增加值增长百分之六，新开工项目较多。\n"
	      "（二）今年的主要任务\n"
	      "——坚持创新驱动。加快建设科创平台。\n"
	      "——坚持绿色发展。推进节能降碳。\n",
	      "0 1:1 |政府工作报告\n"
	      "1 3:1 一、|过去一年的工作\n"
	      "2 4:1 （一）|经济运行稳中有进\n"
	      "3 5:1 |农业生产保持稳定\n"
	      "3 6:1 |工业经济加快恢复\n"
	      "2 7:1 （二）|今年的主要任务\n"
	      "3 8:1 ——|坚持创新驱动\n"
	      "3 9:1 ——|坚持绿色发展\n");
}

static void heading_lines_before_their_paragraphs(void **state)
{
	(void)state;
	CHECK("各位代表：\n"
	      "一、主要工作\n"
	      "农业生产形势稳定。\n"
	      "全年粮食总产量达到一百二十万吨，比上年增长百分之二，蔬菜、水果、水产品供应充足。\n"
	      "工业经济加快恢复。\n"
	      "规模以上工业增加值增长百分之六点五，新增规模以上工业企业四十家，产业链更加完整。\n",
	      "0 1:1 |\n"
	      "1 2:1 一、|主要工作\n"
	      "2 3:1 |农业生产形势稳定\n"
	      "2 5:1 |工业经济加快恢复\n");
}

static void run_together_heading(void **state)
{
	(void)state;
	CHECK("同志们：\n"
	      "一、要处理好快与慢的关系要看到，快有快的道理。慢也有慢的好处。\n"
	      "二、要处理好点与面的关系点上要出经验，面上要有进展。两者不可偏废。\n"
	      "三、要处理好上与下的关系\n"
	      "上下要贯通。\n",
	      "0 1:1 |\n"
	      "1 2:1 一、|要处理好快与慢的关系\n"
	      "1 3:1 二、|要处理好点与面的关系\n"
	      "1 4:1 三、|要处理好上与下的关系\n");
}

static void hard_wrapped_lines(void **state)
{
	(void)state;
	/* wrapped at 20 characters; headings still start their lines */
	CHECK("同志们：\n"
	      "　　今年的工作任务很重，我们要抓住关键环\n"
	      "节，把各项工作往前赶，确保全年目标任务圆\n"
	      "满完成，不辜负全市人民的期待和厚望。\n"
	      "　　一、抓项目建设促进投资增长不放松，要\n"
	      "紧盯重点项目，倒排工期，挂图作战，压实每\n"
	      "个环节的责任，确保项目早开工早投产。\n"
	      "　　二、抓营商环境优化服务保障不放松，要\n"
	      "简化审批流程，提高办事效率，让企业少跑\n"
	      "腿，让群众多满意，切实增强发展的信心。\n",
	      "0 1:1 |\n"
	      "1 5:3 一、|抓项目建设促进投资增长不放松，要紧盯重点项目，倒排工期，挂图作战，压实每个环节的责任，确保项目早开工早投产\n"
	      "1 8:3 二、|抓营商环境优化服务保障不放松，要简化审批流程，提高办事效率，让企业少跑腿，让群众多满意，切实增强发展的信心\n");
}

static void closing_ends_sections(void **state)
{
	(void)state;
	doc *d;
	outline *o;
	struct pz_where w;
	const char *text = "同志们：\n一、抓落实\n要抓好落实。\n同志们，让我们共同努力！\n";
	size_t n;
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	const char *t = doc_text(d, &n);
	assert_int_equal(outline_node_count(o), 2);
	const struct outline_node *sec = outline_node_at(o, 1);
	/* the section ends where the closing address starts */
	assert_int_equal(sec->end, (size_t)(strstr(t, "同志们，") - t));
	assert_int_equal(outline_node_at(o, 0)->end, n);
	assert_int_equal(outline_para_at(o, 3)->role, OUTLINE_ROLE_CLOSING);
	outline_free(o);
	doc_free(d);
}

static void web_leftovers(void **state)
{
	(void)state;
	CHECK("首页 > 新闻中心 > 领导讲话\n"
	      "2024-03-01 10:30\n"
	      "下载\n"
	      "打印\n"
	      "【字号：大 中 小】\n"
	      "在全市安全生产工作会议上的讲话\n"
	      "来源：市政府办公室  发布时间：2024-03-01\n"
	      "同志们：\n"
	      "一、认清形势\n"
	      "图为会议现场。\n"
	      "二、压实责任\n"
	      "（责任编辑：张三）\n"
	      "※这是市长在全市安全生产工作会议上的讲话。\n",
	      "0 6:1 |在全市安全生产工作会议上的讲话\n"
	      "1 9:1 一、|认清形势\n"
	      "1 11:1 二、|压实责任\n");
	CHECK("收藏本文　打印本文\n"
	      "【字号：默认 超大】\n"
	      "关于做好防汛工作的讲话\n"
	      "一、认清形势\n"
	      "回到顶部\n",
	      "0 3:1 |关于做好防汛工作的讲话\n"
	      "1 4:1 一、|认清形势\n");
}

static void empty_credit_lines(void **state)
{
	(void)state;
	/* an empty 作者： between the title and the speaker ends in a colon, and a source
	 * line with its date: leftovers, not the start of the body */
	CHECK("在全市春耕工作会议上的讲话\n"
	      "作者：\n"
	      "2025-03-02 来源: 市政府网站 作者:\n"
	      "副市长　王某\n"
	      "（2025年3月2日）\n"
	      "同志们：\n"
	      "一、认清形势\n"
	      "二、抓好落实\n",
	      "0 1:1 |在全市春耕工作会议上的讲话\n"
	      "1 7:1 一、|认清形势\n"
	      "1 8:1 二、|抓好落实\n");
}

static void page_controls_on_lines_of_their_own(void **state)
{
	(void)state;
	/* however the page's controls are split over lines, the title after them is
	 * the speech's */
	CHECK("下载\n"
	      "全屏\n"
	      "【字号：\n"
	      "加大\n"
	      "还原\n"
	      "减小\n"
	      "】\n"
	      "分享到：\n"
	      "关于做好防汛工作的讲话\n"
	      "一、认清形势\n"
	      "二、压实责任\n"
	      "【打印】 【关闭窗口】\n",
	      "0 9:1 |关于做好防汛工作的讲话\n"
	      "1 10:1 一、|认清形势\n"
	      "1 11:1 二、|压实责任\n");
}

static void speech_given_in_a_news_page(void **state)
{
	(void)state;
	/* a title then ——在…上的讲话, or a lead announcing ——在…上的讲话 alone */
	CHECK("春耕工作会议在南州召开\n"
	      "新华社南州3月6日电　会议6日召开，省长出席并讲话。\n"
	      "抓紧抓实春耕备耕\n"
	      "——在全省春耕工作会议上的讲话\n"
	      "今天召开这次会议，部署春耕工作。\n"
	      "一、认清形势\n"
	      "二、抓好落实\n",
	      "0 1:1 |春耕工作会议在南州召开\n"
	      "0 3:1 |抓紧抓实春耕备耕\n"
	      "1 6:1 一、|认清形势\n"
	      "1 7:1 二、|抓好落实\n");
	CHECK("防汛工作会议召开\n"
	      "本报讯　会议2日召开，市长出席并讲话。讲话全文如下：\n"
	      "——在全市防汛工作会议上的讲话\n"
	      "今年入汛以来，降雨偏多。\n"
	      "一、认清形势\n",
	      "0 1:1 |防汛工作会议召开\n"
	      "0 3:1 |在全市防汛工作会议上的讲话\n"
	      "1 5:1 一、|认清形势\n");
}

static void reported_speech_is_no_heading(void **state)
{
	(void)state;
	/* a news item's paragraphs open alike with who said what: they are no heads */
	CHECK("科技大会在京召开\n"
	      "新华社北京6月24日电　大会24日召开。\n"
	      "王某指出，科技兴则产业兴。这个道理已被反复证明，必须牢牢记住。\n"
	      "王某强调，要坚持创新驱动。各地要把科技创新摆在突出位置，加大投入。\n"
	      "王某要求，要加快培育人才。要统筹推进教育科技人才工作。\n",
	      "0 1:1 |科技大会在京召开\n");
	/* nor do instructions to one unit after another, alike as they are */
	CHECK("同志们：\n"
	      "一、抓好落实\n"
	      "各乡镇，要积极探索防汛抗旱准备，确保取得实效。汛期前要完成隐患排查。\n"
	      "各部门，要积极探索基础设施建设，确保取得实效。年底前要形成长效机制。\n",
	      "0 1:1 |\n"
	      "1 2:1 一、|抓好落实\n");
}

static void heads_of_one_frame(void **state)
{
	(void)state;
	/* run-in heads that share a frame, also when the words inside it differ; not a
	 * colon line before them, not a single one */
	CHECK("同志们：\n"
	      "一、几点体会\n"
	      "我们深刻体会到：\n"
	      "坚持党的全面领导是做好基层工作的根本保证。这是最大的经验，必须长期坚持。\n"
	      "坚持以人民为中心是做好新时代群众工作的重要法宝。群众满意是最终标准，要时刻牢记。\n"
	      "二、今年的要求\n"
	      "必须坚持稳中求进工作总基调，不断巩固和扩大发展成果。稳是大局，进是方向，两者要统筹。\n"
	      "三、组织保障\n"
	      "必须坚持党建工作责任制，压实各级书记抓党建的第一责任。各级要层层传导压力。\n",
	      "0 1:1 |\n"
	      "1 2:1 一、|几点体会\n"
	      "2 4:1 |坚持党的全面领导是做好基层工作的根本保证\n"
	      "2 5:1 |坚持以人民为中心是做好新时代群众工作的重要法宝\n"
	      "1 6:1 二、|今年的要求\n"
	      "1 8:1 三、|组织保障\n");
}

static void heading_lines_of_one_frame(void **state)
{
	(void)state;
	/* lines of their own in a speech without markers, each before its paragraphs */
	CHECK("同志们：\n"
	      "今天开个短会，讲讲下一步的工作。\n"
	      "在优化服务上持续用力\n"
	      "要把企业开办时间压缩到一个工作日以内，让企业少跑腿。\n"
	      "在降低成本上持续用力\n"
	      "要落实各项减税降费政策，确保政策红利直达市场主体。\n"
	      "今年的任务很重，大家要抓紧行动起来。\n",
	      "0 1:1 |\n"
	      "1 3:1 |在优化服务上持续用力\n"
	      "1 5:1 |在降低成本上持续用力\n");
}

static void inline_lists_after_a_comma_or_in_a_sentence(void **state)
{
	(void)state;
	CHECK("同志们：\n"
	      "一、重点工作\n"
	      "做好今年工作，一是要稳增长，抓好项目；二是要惠民生，办好实事。\n"
	      "作风建设要抓好两个环节（一）严格教育，把纪律挺在前面；（二）严格管理，做到日常从严。\n"
	      "具体要做到：1. 建立台账；2. 定期调度。\n"
	      "短板主要有：一是财政投入不足，二是专业人才短缺，三是抓发展。\n"
	      "工作要两手抓：一是抓发展，二是保稳定。\n"
	      "要抓紧部署，一是要抓紧，否则就会贻误时机。\n"
	      "这件事要第一时间办，一是一、二是二，不能含糊。\n",
	      "0 1:1 |\n"
	      "1 2:1 一、|重点工作\n"
	      "2 3:8 一是|要稳增长，抓好项目\n"
	      "2 3:20 二是|要惠民生，办好实事\n"
	      "2 4:12 （一）|严格教育，把纪律挺在前面\n"
	      "2 4:28 （二）|严格管理，做到日常从严\n"
	      "2 5:7 1.|建立台账\n"
	      "2 5:15 2.|定期调度\n"
	      /* an item's title ends where the next starts, if four characters are left */
	      "2 6:7 一是|财政投入不足\n"
	      "2 6:16 二是|专业人才短缺\n"
	      "2 6:25 三是|抓发展\n"
	      "2 7:8 一是|抓发展，二是保稳定\n"
	      "2 7:14 二是|保稳定\n");
}

static void several_speeches(void **state)
{
	(void)state;
	CHECK("第一篇：在春季工作会上的讲话\n"
	      "同志们：\n"
	      "一、总结\n"
	      "二、部署\n"
	      "同志们！任务艰巨，使命光荣。\n"
	      "在秋季工作会上的讲话\n"
	      "市委副书记\n"
	      "李某某（2024年9月1日）同志们：今天开会，讲两点。\n"
	      "一、回顾\n"
	      "第二篇 在冬季工作会上的讲话\n"
	      "各位领导、同志们：\n"
	      "一、展望\n",
	      "0 1:1 第一篇：|在春季工作会上的讲话\n"
	      "1 3:1 一、|总结\n"
	      "1 4:1 二、|部署\n"
	      "0 6:1 |在秋季工作会上的讲话\n"
	      "1 9:1 一、|回顾\n"
	      "0 10:1 第二篇|在冬季工作会上的讲话\n"
	      "1 12:1 一、|展望\n");
}

static void speech_metadata(void **state)
{
	(void)state;
	doc *d;
	outline *o;
	struct pz_where w;
	const char *text = "凝心聚力 开创新局\n"
	                   "——在全县经济工作会议上的讲话\n"
	                   "县委书记 王某某\n"
	                   "（2025年1月8日）\n"
	                   "\n"
	                   "尊敬的各位领导，同志们：\n"
	                   "一、关于形势\n";
	size_t n;
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	const char *t = doc_text(d, &n);
	assert_int_equal(outline_speech_count(o), 1);
	const struct outline_speech *sp = outline_speech_at(o, 0);
#define RANGE_IS(r, s) \
	assert_true((r).end - (r).start == strlen(s) && memcmp(t + (r).start, s, strlen(s)) == 0)
	assert_int_equal(sp->title_count, 1);
	RANGE_IS(sp->titles[0], "凝心聚力 开创新局");
	RANGE_IS(sp->subtitle, "——在全县经济工作会议上的讲话");
	RANGE_IS(sp->speaker, "县委书记 王某某");
	RANGE_IS(sp->date, "（2025年1月8日）");
	RANGE_IS(sp->salutation, "尊敬的各位领导，同志们：");
	assert_int_equal(outline_node_count(o), 2);
	outline_free(o);
	doc_free(d);
}

static void indentation_is_not_structure(void **state)
{
	(void)state;
	CHECK("\t在全镇干部大会上的讲话\n"
	      "　　同志们：\n"
	      "　　一、统一思想\n"
	      "  \t二、真抓实干\n",
	      "0 1:2 |在全镇干部大会上的讲话\n"
	      "1 3:3 一、|统一思想\n"
	      "1 4:4 二、|真抓实干\n");
}

static void placeholders_do_not_confuse(void **state)
{
	(void)state;
	CHECK("在XX市XX工作会议上的讲话\n"
	      "**同志（x月xx日）\n"
	      "同志们：\n"
	      "一、X月中旬前完成摸底\n"
	      "二、XX万元资金要到位\n",
	      "0 1:1 |在XX市XX工作会议上的讲话\n"
	      "1 4:1 一、|X月中旬前完成摸底\n"
	      "1 5:1 二、|XX万元资金要到位\n");
}

static void empty_and_blank_documents(void **state)
{
	(void)state;
	CHECK("", "");
	CHECK("\n\n　　\n", "");
}

static void node_ranges_nest(void **state)
{
	(void)state;
	doc *d;
	outline *o;
	struct pz_where w;
	const char *text = "同志们：\n一、甲\n（一）乙\n内容。\n（二）丙\n二、丁\n";
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	for (size_t i = 1; i < outline_node_count(o); i++) {
		const struct outline_node *nd = outline_node_at(o, i), *p = outline_node_at(o, nd->parent);
		assert_true(nd->parent < i);
		assert_int_equal(nd->depth, p->depth + 1);
		assert_true(nd->start >= p->start && nd->end <= p->end && nd->start < nd->end);
	}
	/* （一） ends where （二） starts */
	assert_int_equal(outline_node_at(o, 2)->end, outline_node_at(o, 3)->start);
	outline_free(o);
	doc_free(d);
}

static void paragraphs_only(void **state)
{
	(void)state;
	doc *d;
	outline *full, *fast;
	struct pz_where w;
	const char *text = "在全镇工作会议上的讲话\n同志们：\n一、抓项目\n要加快进度，\n确保年底前完成。\n\n二、抓民生\n";
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &full), PZ_OK);
	assert_int_equal(outline_build_paragraphs(d, &fast), PZ_OK);
	/* the same paragraphs (hard wraps joined the same way), no structure */
	assert_int_equal(outline_para_count(fast), outline_para_count(full));
	for (size_t i = 0; i < outline_para_count(fast); i++) {
		assert_int_equal(outline_para_at(fast, i)->start, outline_para_at(full, i)->start);
		assert_int_equal(outline_para_at(fast, i)->end, outline_para_at(full, i)->end);
		assert_int_equal(outline_para_at(fast, i)->role, OUTLINE_ROLE_BODY);
	}
	assert_int_equal(outline_node_count(fast), 1);
	assert_int_equal(outline_speech_count(fast), 1);
	assert_int_equal(outline_node_at(fast, 0)->end, strlen(text));
	assert_true(outline_node_count(full) > 1);
	outline_free(full);
	outline_free(fast);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gbt_sections_nest),
		cmocka_unit_test(points_follow_first_use),
		cmocka_unit_test(point_families),
		cmocka_unit_test(ordinary_words_are_not_markers),
		cmocka_unit_test(inline_points),
		cmocka_unit_test(numbers_in_a_row_are_not_sections),
		cmocka_unit_test(address_in_mid_speech_is_emphasis),
		cmocka_unit_test(section_never_under_point),
		cmocka_unit_test(colon_headings),
		cmocka_unit_test(parallel_heads_without_markers),
		cmocka_unit_test(parallel_heads_apart),
		cmocka_unit_test(runin_heads_and_dashes),
		cmocka_unit_test(heading_lines_before_their_paragraphs),
		cmocka_unit_test(run_together_heading),
		cmocka_unit_test(hard_wrapped_lines),
		cmocka_unit_test(closing_ends_sections),
		cmocka_unit_test(web_leftovers),
		cmocka_unit_test(empty_credit_lines),
		cmocka_unit_test(page_controls_on_lines_of_their_own),
		cmocka_unit_test(speech_given_in_a_news_page),
		cmocka_unit_test(reported_speech_is_no_heading),
		cmocka_unit_test(heads_of_one_frame),
		cmocka_unit_test(heading_lines_of_one_frame),
		cmocka_unit_test(inline_lists_after_a_comma_or_in_a_sentence),
		cmocka_unit_test(several_speeches),
		cmocka_unit_test(speech_metadata),
		cmocka_unit_test(indentation_is_not_structure),
		cmocka_unit_test(placeholders_do_not_confuse),
		cmocka_unit_test(empty_and_blank_documents),
		cmocka_unit_test(node_ranges_nest),
		cmocka_unit_test(paragraphs_only),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
