/* The suggestion rules: what a speech asks for, as data. Add a phrase rule as one line
 * of detect_rules (with an example and its value: tests/unit/test_detect.c finds every
 * one), a word to the list it belongs to; the engine (detect.c, detect-*.c) reads these
 * and never names a word itself. See detect-rules.h for the pattern language. */
#include "pizhu/detect-rules.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define WORDS(...) { (const char *const[]){ __VA_ARGS__ }, \
                     COUNT(((const char *const[]){ __VA_ARGS__ })) }

const struct detect_rule detect_rules[] = {
	/* deadlines: days */
	{ DETECT_DEADLINE, "<Y>年<M>月<D>(日|号)(前|之前|以前|为止|止)", K_DATE, N_ALWAYS, "", "2025年6月30日前", "2025-06-30" },
	{ DETECT_DEADLINE, "<M>月<D>(日|号)(前|之前|以前|为止|止)", K_DATE, N_ALWAYS, "年", "要在9月15日前报送", "2024-09-15" },
	{ DETECT_DEADLINE, "<Y>年<M>月<D>(日|号)", K_DATE, N_BOUND, "", "务必于2025年3月1日建成", "2025-03-01" },
	{ DETECT_DEADLINE, "<M>月<D>(日|号)", K_DATE, N_BOUND, "年", "要在10月8日完成", "2024-10-08" },
	/* months */
	{ DETECT_DEADLINE, "<Y>年<M>月(份)?<P>(前|之前|以前)?", K_MONTH_PART, N_ALWAYS, "", "2025年3月底前", "2025-03-31" },
	{ DETECT_DEADLINE, "<M>月(份)?<P>(前|之前|以前)", K_MONTH_PART, N_ALWAYS, "年", "9月中旬前", "2024-09-20" },
	{ DETECT_DEADLINE, "<M>月(份)?<P>", K_MONTH_PART, N_BOUND, "年", "10月底要全部完工", "2024-10-31" },
	{ DETECT_DEADLINE, "<M>月(份)?(前|之前|以前)", K_MONTH_BEFORE, N_ALWAYS, "年", "12月前", "2024-11-30" },
	{ DETECT_DEADLINE, "(本月|这个月|当月)(底|末|内)(前|之前)?", K_THIS_MONTH, N_ALWAYS, "", "本月底前", "2024-08-31" },
	{ DETECT_DEADLINE, "(月底|月末)(前|之前)", K_THIS_MONTH, N_ALWAYS, "", "月底前", "2024-08-31" },
	/* a month of this year or the next named with it (今年10月底前, 明年3月底前) */
	{ DETECT_DEADLINE, "(今年|本年|明年)<M>月(份)?<P>(前|之前|以前)?", K_MONTH_PART, N_ALWAYS, "", "今年10月底前", "2024-10-31" },
	/* years */
	{ DETECT_DEADLINE, "<Y>年(底|末)(前|之前|以前)?", K_YEAR_END, N_ALWAYS, "", "2025年底前", "2025-12-31" },
	{ DETECT_DEADLINE, "<Y>年", K_YEAR_END, N_NEAR, "", "到2027年全面建成", "2027-12-31" },
	{ DETECT_DEADLINE, "<Y>年(前|之前|以前)", K_YEAR_BEFORE, N_ALWAYS, "", "2026年前", "2025-12-31" },
	{ DETECT_DEADLINE, "(年底|年末)(前|之前|以前)", K_YEAR_END, N_ALWAYS, "去上前往每当", "年底前", "2024-12-31" },
	{ DETECT_DEADLINE, "(年底|年末)", K_YEAR_END, N_BOUND, "去上前往每当", "年底要结账", "2024-12-31" },
	{ DETECT_DEADLINE, "(今年|本年度|本年)(底|末)(前|之前|以前)?", K_YEAR_END, N_ALWAYS, "", "今年底前", "2024-12-31" },
	{ DETECT_DEADLINE, "(今年|本年度|本年)(内|之内)", K_YEAR_END, N_ALWAYS, "", "今年内", "2024-12-31" },
	{ DETECT_DEADLINE, "年内", K_YEAR_END, N_ALWAYS, "今本去一二三四五六七八九十两几多0123456789", "年内建成", "2024-12-31" },
	{ DETECT_DEADLINE, "(今年|本年度|本年)", K_YEAR_END, N_NEAR, "", "力争今年完成", "2024-12-31" },
	{ DETECT_DEADLINE, "全年", K_YEAR_END, N_NEAR, "", "全年要完成", "2024-12-31" },
	/* a five-year plan's period: its last year (十四五 2021-2025, 十五五 2026-2030) */
	{ DETECT_DEADLINE, "十(三|四|五|六|七|八)五(”|\")?(期间|时期|末|期末|规划期内|规划期间)", K_PLAN, N_ALWAYS, "", "“十五五”期间", "2030-12-31" },
	{ DETECT_DEADLINE, "明年(底|末|年底)(前|之前|以前)?", K_NEXT_YEAR, N_ALWAYS, "", "明年底前", "2025-12-31" },
	{ DETECT_DEADLINE, "明年", K_NEXT_YEAR, N_NEAR, "", "明年要完成", "2025-12-31" },
	/* seasons and halves */
	{ DETECT_DEADLINE, "(第)?<S>季度(末|底)(前|之前|以前)?", K_SEASON, N_ALWAYS, "前", "三季度末", "2024-09-30" },
	{ DETECT_DEADLINE, "(第)?<S>季度(前|之前|以前|内)", K_SEASON, N_ALWAYS, "前", "四季度前", "2024-12-31" },
	{ DETECT_DEADLINE, "(第)?<S>季度", K_SEASON, N_NEAR, "前", "四季度要开工", "2024-12-31" },
	{ DETECT_DEADLINE, "明年(上半年|年中)(前|之前|以前|内|末|底)?", K_NEXT_HALF1, N_ALWAYS, "", "明年上半年完成验收", "2025-06-30" },
	{ DETECT_DEADLINE, "明年下半年", K_NEXT_HALF2, N_ALWAYS, "", "明年下半年建成", "2025-12-31" },
	{ DETECT_DEADLINE, "(上半年|年中)(前|之前|以前|内|末|底)", K_HALF1, N_ALWAYS, "", "上半年内", "2025-06-30" },
	{ DETECT_DEADLINE, "(上半年|年中)", K_HALF1, N_NEAR, "", "上半年要完成", "2025-06-30" },
	{ DETECT_DEADLINE, "下半年", K_HALF2, N_NEAR, "", "下半年要完成", "2024-12-31" },
	/* spans counted from the speech */
	{ DETECT_DEADLINE, "<N>(个)?(月|年|周|星期|天|日|个工作日|工作日)(内|之内|以内)", K_WITHIN, N_BOUND, "", "两个月内要整改", "2024-10-24" },
	/* spans after an event (每期结束后3个工作日内): counted from it, not the speech: the
	 * span itself, an ISO 8601 duration */
	{ DETECT_DEADLINE, "后<N>(个)?(月|年|周|星期|天|日|个工作日|工作日)(内|之内|以内)", K_AFTER_EVENT, N_BOUND, "", "结束后5个工作日内要报送", "P7D" },
	/* spans before an event (集中活动前10天): no day to count from */
	{ DETECT_DEADLINE, "前<N>(个)?(天|日|周|星期|月|个工作日|工作日)", K_BEFORE_EVENT, N_BOUND, "年月季度底末初旬", "会议召开前10天要报送方案", "XXXX-XX-XX" },
	/* recurrences */
	{ DETECT_DEADLINE, "每(天|日|周|星期|月|季度|季|半年|年)((至少|不少于)<N>次)?", K_RECUR, N_BOUND, "", "要每月至少一次", "R/P1M" },

	/* targets */
	{ DETECT_TARGET, "(力争达到|达到|提高到|提升到|增加到|增长到|上升到|扩大到|增至|达)<Q>(以上|以内|以下|左右)?", K_EQ, N_ALWAYS, "已到抵传表发通下", "达到80%以上", ">=80%" },
	{ DETECT_TARGET, "实现<QU>(以上|左右)?", K_EQ, N_ALWAYS, "", "营业收入要实现50亿元", "=50亿元" },
	{ DETECT_TARGET, "(突破|超过|高于|多于|过)<Q>", K_GT, N_ALWAYS, "通经不度越错路跨闯难", "过5万元", ">5万元" },
	{ DETECT_TARGET, "(不低于|不少于|至少|最少)<Q>(以上)?", K_GE, N_ALWAYS, "", "不低于90%", ">=90%" },
	{ DETECT_TARGET, "(控制在|保持在|稳定在|压减到|压缩到|降低到|降到|下降到|减少到|不超过|不高于|低于|少于)<Q>(以内|以下|左右|以上)?", K_LE, N_ALWAYS, "", "控制在3%以内", "<=3%" },
	{ DETECT_TARGET, "(增长|提高|提升|增加)<Q>(以上|左右)?", K_UP, N_ALWAYS, "", "增长10%以上", "+>=10%" },
	{ DETECT_TARGET, "(下降|降低|减少|压减)<Q>(以上|左右)?", K_DOWN, N_ALWAYS, "", "下降5%", "-5%" },
	{ DETECT_TARGET, "<QU>以上", K_GE, N_ALWAYS, "", "新建800个以上", ">=800个" },
	{ DETECT_TARGET, "<QU>(以内|以下)", K_LE, N_ALWAYS, "", "3%以内", "<=3%" },
	{ DETECT_TARGET, "(全覆盖|全面覆盖|全部覆盖)", K_FULL, N_ALWAYS, "", "实现全覆盖", "=100%" },
	{ DETECT_TARGET, "覆盖(所有|全部|全体|每个)", K_FULL, N_ALWAYS, "", "体系覆盖所有行政村", "=100%" },
	{ DETECT_TARGET, "(倍增|翻一番|翻番)", K_X2, N_ALWAYS, "", "收入倍增", "x2" },
	{ DETECT_TARGET, "翻两番", K_X4, N_ALWAYS, "", "翻两番", "x4" },
	/* work plans: a figure to reach after a measure verb and its object */
	{ DETECT_TARGET, "(新增|新建|建成|改造|改扩建|完成|培训|培育|打造|创建|引进|招引|发展|开工|安置|吸纳|帮扶|组建|设立|种植|整治|抓建|认定|培养|招聘|举办|推出|建设|安排|投资|治理|实施)<W><QF>(以上|左右|以内)?", K_EQ, N_MEASURE, "", "新增高新技术企业120家", "=120家" },
	{ DETECT_TARGET, "(至少|不少于|最少)<W><QU>", K_GE, N_ALWAYS, "", "每月至少召开一次例会", ">=1次" },
	/* a quota for each unit */
	{ DETECT_TARGET, "每(个|一个|名|一名|家|户)<W><QF>", K_EQ, N_MEASURE, "", "每个村都建成一个服务站", "=1个" },
};

const size_t detect_rule_count = COUNT(detect_rules);

const struct detect_lexicon detect_lexicon = {
	/* ---- phrases ---- */

	/* The binding words of N_NEAR: 力争今年, 到2027年, 今年要, 明年全面完成. */
	.bind_before = WORDS("力争", "争取", "确保", "要在", "要", "务必", "必须", "在", "于",
	                     "到", "至", "截至", "计划", "预计", "努力"),
	.bind_after = WORDS("要", "将", "力争", "争取", "确保", "必须", "务必", "全面", "完成",
	                    "实现", "全部", "基本", "建成", "开工", "投产", "启动", "底前",
	                    "内"),
	/* Words that set a figure to reach: a period in the same clause binds it
	 * (明年…数量翻一番). */
	.target_words = WORDS("达到", "突破", "超过", "不低于", "不少于", "控制在", "增长",
	                      "提高到", "翻一番", "倍增", "全覆盖", "翻两番"),
	/* Words before a bare period that make it name an event's time or an object's
	 * (为明年换届打下基础, 作为明年考核的内容, 对今年的工作再部署), not a deadline. */
	.object_markers = WORDS("为", "作为", "对", "对于", "把", "将"),
	/* After a bare period in its clause, these make it a meeting's date (贯彻上半年
	 *工作会议精神), not a deadline. */
	.dated_events = WORDS("会议", "大会", "讲话", "会上", "全会"),
	/* Besides a commitment word, these make a sentence look ahead: its quantities and
	 * bare periods are targets and deadlines. */
	.future_words = WORDS("力争", "争取", "目标", "预期", "将", "拟", "努力", "底前",
	                      "末前", "旬前", "日前完成", "计划"),
	/* A clause that holds one of these before a phrase reports: it is no target or
	 * deadline there. */
	.past_words = WORDS("已", "去年", "上年", "过去", "以来", "同比", "比上年", "累计",
	                    "共有", "一年来", "五年来", "前年", "当时", "曾", "了"),
	/* Words that tell a date from what happened on it (7月26日，总书记在...强调). */
	.event_words = WORDS("强调", "指出", "召开", "讲话", "发表", "视察", "考察", "出席",
	                     "主持", "印发", "通过"),
	/* The units of a quantity (<Q>), longest first where one begins another; 成 is
	 * read as tenths (八成 is 80%). */
	.units = WORDS("个百分点", "个工作日", "微克/立方米", "万平方米", "平方公里", "平方米",
	               "万千瓦", "亿美元", "万美元", "美元", "工作日", "学时", "人次", "万元",
	               "亿元", "万人", "万户", "万亩", "万吨", "万套", "万个", "万家", "万辆",
	               "千瓦", "公里", "千米", "公顷", "小时", "万", "亿", "元", "%", "％",
	               "个", "家", "人", "名", "户", "所", "座", "项", "套", "台", "辆", "亩",
	               "吨", "米", "次", "倍", "批", "处", "条", "场", "篇", "部", "期", "张",
	               "间", "件", "天", "成"),
	/* Direction words after a figure: with 的 after them the figure names a kind
	 * (5万元以下的薄弱村), not a figure to reach. */
	.direction_words = WORDS("以上", "以下", "以内", "左右"),
	/* Comparisons before a figure: <W> (the object between a verb and its figure)
	 * stops before one (新增市场主体过5000户 is 过5000户, >5000户). */
	.comparators = WORDS("不少于", "不低于", "至少", "最少", "超过", "突破", "过", "高于",
	                     "多于", "达到", "达", "增长", "提高", "提升", "增加", "下降", "降低",
	                     "减少", "压减", "控制在", "保持在", "稳定在", "不超过", "不高于",
	                     "低于", "少于", "增至"),
	/* At least: <W> never runs past them (每个乡镇至少建成1个 is >=1个). */
	.at_least = WORDS("至少", "不少于", "最少"),
	/* Units that count actions, not results (开展一次梳理排查): no figure to reach
	 * (<QF>) but after 至少 or 每 (每月至少召开一次). */
	.action_counts = WORDS("次", "遍", "轮", "趟"),
	/* Quantities that name no figure (打造一批典型). */
	.vague_quantities = WORDS("一批", "一些", "一系列"),
	/* Words after a figure that make it a count of named items (四项重点任务, 三项
	 *要求), not a figure to reach. */
	.named_items = WORDS("任务", "工作", "措施", "举措", "要求", "重点", "内容", "原则",
	                     "方面", "环节", "关系"),
	/* The parts of a month (<P>) and the last day each allows: 10, 20, 10, 20, the
	 * month's end (the order of detect-value.c). */
	.month_parts = WORDS("上旬", "中旬", "下旬", "初", "中", "底", "末"),
	/* What may follow a number that starts a phrase: a date's, a span's or a unit's
	 * first character, or 以 (以上, 以内), or 季 (三季度). */
	.number_followers = "年月日号季个周星天工以万亿元%％家人名户所座项套台辆亩吨"
	                    "米次倍批处条场篇部期张间件成平千公小美学微",

	/* An item of a list of figures after a target (新增企业120家、个体户300户): a
	 * pattern. */
	.target_list_item = "<W><QF>(以上|左右|以内)?",

	/* ---- tasks ---- */

	/* Commitment words: a sentence holding one (outside the words below) asks for
	 * action. */
	.commit = WORDS("必须", "务必", "确保", "抓好", "抓紧", "牵头", "负责制定", "负责制订",
	                "负责", "应当", "不得", "严禁", "一律", "切实", "要"),
	/* Commitment words that an announced plan (市委将…) does not weaken. */
	.strong_commit = WORDS("要", "必须", "务必"),
	/* Ordinary words that hold a commitment word's characters. */
	.not_commit = WORDS("重要", "主要", "需要", "只要", "要求", "必要", "首要", "要素",
	                    "要点", "纲要", "摘要", "要是", "要么", "想要", "次要", "简要",
	                    "扼要", "要害", "要闻", "要务", "机要", "紧要", "要领", "要件",
	                    "要员", "要职", "要地", "要塞", "显要", "提要", "要事", "负责人",
	                    "负责同志", "负责的", "负责任", "确保了", "抓好了", "要有",
	                    "要看到", "要清醒", "要认识到", "要充分认识", "要深刻认识",
	                    "要坚定", "要相信", "要明白", "要知道", "要记住", "要懂得",
	                    "要正视", "要意识到", "要看清", "要珍惜", "要感谢", "容不得",
	                    "不得不", "巴不得", "怪不得", "不得了", "少不得", "牵头单位",
	                    "牵头部门", "牵头科室", "牵头处室", "负责部门", "负责制", "党要管党", "将要", "要么", "我要", "要善于", "等不得", "慢不得",
	                    "舍不得", "由不得", "见不得"),
	/* Ordinary words holding 要 that no unit before them is told by (重要, 需要): the
	 * owners before an exhortation's 要 (要有, 要善于) are still owners. */
	.ordinary_yao = WORDS("重要", "主要", "需要", "只要", "要求", "必要", "首要", "要素",
	                      "要点", "纲要", "摘要", "要是", "要么", "想要", "次要", "简要",
	                      "扼要", "要害", "要闻", "要务", "机要", "紧要", "要领", "要件",
	                      "要员", "要职", "要地", "要塞", "显要", "提要", "要事",
	                      "党要管党", "将要", "就是要", "而是要", "不是要", "我要"),
	/* Verbs that make a sentence a command when it opens with it (加快项目建设。), ahead
	 * of any commitment word after them. */
	.command_openers = WORDS("加快", "推动", "推进", "落实", "加强", "做好", "强化", "完善",
	                         "建立", "健全", "深化", "抓好", "抓紧", "确保", "务必", "坚持",
	                         "严格", "执行", "用好", "加大", "创新", "尊重", "扩大", "提升",
	                         "提高", "优化", "实施", "开展", "组织", "构建", "打造", "培育",
	                         "巩固", "规范", "探索", "引导", "发挥", "聚焦", "统筹", "夯实",
	                         "压实", "增强", "狠抓", "全面", "持续", "大力", "切实", "着力",
	                         "深入", "积极", "认真", "扎实", "进一步", "紧扣", "围绕",
	                         /* adverbs and verbs of measures: 不断健全…, 充分尊重…, 树立…导向 */
	                         "不断", "充分", "树立", "紧盯",
	                         /* the measure verbs of work plans: 新建学校3所。 */
	                         "新增", "新建", "建成", "改造", "改扩建", "完成", "培训", "创建",
	                         "引进", "招引", "开工", "组建", "整治", "安排"),
	/* A unit's announced plan (县委组织部将组织督查): after a unit, this word commits it;
	 * not followed by these (将来, 将近, 将要). */
	.plan_words = WORDS("将"),
	.plan_not_next = WORDS("来", "近", "要", "就", "会"),
	/* A time that may open a command (全年新建…, 今年，加快…, 下一步，要…). */
	.time_openers = WORDS("今年", "全年", "明年", "年内", "近期", "今后", "下一步", "当前"),
	/* Words after which come the units asked (请各单位于10月底前报送…): owners where
	 * the sentence commits (by its deadline). */
	.request_words = WORDS("请"),
	/* Where the units asked end: the words that say when, how or what (请各单位于…). */
	.request_stops = WORDS("于", "在", "按", "将", "把", "对", "向", "要", "务必", "及时", "认真",
	                       "立即", "抓紧", "尽快", "结合", "根据", "做好", "抓好"),
	/* A clause of place (在机关，…) before the command verb; so is a clause of means
	 * (以网格化管理为抓手，…). */
	.place_openers = WORDS("在", "对于"),
	/* The words a task's value names, first found first (加快 and 推动 besides the
	 * commitment words). */
	.value_words = WORDS("要", "必须", "务必", "确保", "抓好", "牵头", "负责", "加快",
	                     "推动"),
	/* Openings of a report of what was done, of a statement (只有…才能…) or a rally
	 * (同志们，…): such a sentence is no task, whatever verbs it holds (今年以来，…抓好
	 * 党建是最大政绩). */
	.report_openers = WORDS("今年以来", "去年", "过去", "一年来", "近年来", "五年来",
	                        "前一阶段", "前段时间", "近期以来", "多年来", "以往", "只有",
	                        "因为", "如果"),
	/* Words before a commitment in its clause, then a comma or colon, that make it
	 * reported speech (会议指出，要…): no one here is told to act. */
	.reported_before = WORDS("指出", "强调", "提出", "认为", "表示", "批示", "认识到"),
	/* A sentence that says what something is before its commitment word states, not
	 * commands (主要任务就是分析问题…，确保…; 关键是要…). */
	.statement_words = WORDS("任务是", "任务就是", "目的是", "目的就是", "关键是", "核心是",
	                         "核心在于", "关键在于", "落脚点是", "实质是", "根本是",
	                         "前提是"),
	/* Words that hold 是 without saying what something is (特别是, 还是): a command
	 * verb's sentence with one still commands. */
	.not_copula = WORDS("特别是", "尤其是", "还是", "或是", "但是", "凡是", "总是", "于是",
	                    "若是", "可是", "而是", "或者是"),
	/* A clause ending with one of these states a shortcoming (…的机遇意识不强, 工作推进
	 * 较慢): a commitment word inside it asks nothing. */
	.shortcomings = WORDS("不强", "不足", "不够", "不到位", "不高", "不力", "较慢", "滞后",
	                      "薄弱", "欠缺", "不平衡", "不明显", "不充分", "不扎实", "不深入",
	                      "不严", "不实", "不多", "不大", "不优"),
	/* After 以下, these announce a list (以下几项工作, 以下四种关系) rather than set a
	 * limit (4%以下); so do 几 and a Chinese digit. */
	.list_after = WORDS("方面", "问题", "要求", "关系", "意见", "工作"),
	/* In the clause of a commitment that ends with ：, these announce a list
	 * (我认为要从三个方面入手：…). */
	.list_intro = WORDS("方面", "几", "这样", "以下"),

	/* A heading that holds one of these reviews work done (一、2024年工作回顾, 过去
	 * 五年的工作): nothing in its section is suggested. */
	.review_words = WORDS("回顾", "过去一年", "过去五年", "工作成绩", "主要成绩", "取得的成绩",
	                      "完成情况", "工作总结"),

	/* ---- owners ---- */

	/* A subject that is an owner ends with one of these, or starts with 各. */
	.org_ends = WORDS("部", "委", "局", "厅", "办", "室", "处", "科", "组", "会", "院",
	                  "所", "站", "中心", "政府", "单位", "部门", "镇", "乡", "村", "县",
	                  "区", "市", "省", "街道", "社区", "机关", "企业", "学校", "医院",
	                  "公司", "集团", "银行", "干部", "党员", "书记", "领导", "班子",
	                  "组织", "支部", "队", "团", "法院", "检察院", "专班", "工委", "总支",
	                  "系统", "行业", "园区", "主任", "局长", "县长", "市长", "镇长",
	                  "乡长", "部长", "厅长", "主席", "校长", "院长", "负责人", "负责同志",
	                  "党校", "联", "大队", "中队", "支队", "所长", "站长", "队长", "社", "成员", "委员",
	                  /* people told as a group (参训人员要…, 学员要…), the chiefs of
	                     rivers and forests (各级河湖长是…第一责任人) */
	                  "人员", "学员", "河长", "湖长", "林长", "网格长"),
	/* Subjects that are never owners. */
	.not_owner = WORDS("我们", "大家", "同志们", "你们", "咱们", "我", "各位", "全体同志",
	                   "我们大家", "自己"),
	/* Words before a subject that make it an adverbial (对...要, 在...要). */
	.adverbial_starts = WORDS("对", "在", "把", "从", "以", "通过", "按照", "根据", "为",
	                          "随着", "针对", "围绕", "就", "由", "当", "如果", "凡", "与",
	                          "同时", "今年", "明年", "下一步", "今后", "此外", "另外"),
	/* Words that open a subject without being its name: 特别是领导干部要, 尤其是…,
	 * 就是每个党支部要, 我们党员干部要. */
	.subject_openers = WORDS("特别是", "尤其是", "就是", "其中", "我们",
	                         /* connectives: 也就是说村、社区要…, 因此，各乡镇要… */
	                         "也就是说", "因此", "所以", "为此", "同时", "此外", "另外"),
	/* Words that join units as one subject, the second singled out: 各级党组织特别是
	 * 基层党组织要. */
	.owner_emphasis = WORDS("特别是", "尤其是"),
	/* The level words of places and units: a name made only of them (村、社区, 乡镇)
	 * is a category told to act, not a place. */
	.unit_levels = WORDS("社区", "街道", "乡镇", "村", "乡", "镇", "县", "市", "区"),
	/* Labels of the units that lead, and of those that cooperate, before a colon
	 * (牵头单位：县农业农村局；配合单位：县财政局、各乡镇): never part of a value. */
	.labels_lead = WORDS("牵头单位", "牵头部门", "责任单位", "责任部门", "责任人", "牵头科室",
	                     "牵头处室", "责任科室", "责任处室"),
	.labels_cooperating = WORDS("配合单位", "配合部门", "协办单位", "参与单位", "配合科室",
	                            "配合处室"),
	/* A clause of units ending with these (县教育局牵头，县卫健局配合) says the part
	 * they play. */
	.role_lead = WORDS("牵头", "负责", "具体实施"),
	.role_cooperating = WORDS("配合", "参与", "协助", "协办", "协同"),
	/* The duty after a label's units (责任单位:省发展改革委、省市场监管局按职责分工负责):
	 * not a name. */
	.duty_suffixes = WORDS("按职责分工负责", "按职责负责", "分工负责", "按职责分工", "负责"),
	/* The brackets of a note after its task: （…） (…) 〔…〕 【…】. */
	.note_openers = WORDS("（", "(", "〔", "【", "["),
	.note_closers = WORDS("）", ")", "〕", "】", "]"),
	/* No verbs or clause words inside a unit's name. */
	.owner_inner = WORDS("的", "是", "，", "。", "把", "将", "也", "都", "还", "抓", "研究",
	                     "部署", "推进", "推动", "夺取", "使", "我们"),
	/* A place alone is where, not who (全市, 整市, 宜昌市): a name ending with one of
	 * these is a unit only as 各… last in a list (及各乡镇). */
	.places = WORDS("市", "县", "区", "镇", "乡", "村", "省"),
	/* What separates the units of a list, for the test above. */
	.unit_separators = WORDS("、", "及", "和", "与"),
	/* An owner's units: split at these always (not inside brackets: 各县（市、区）)... */
	.owner_splits = WORDS("、", "，", "特别是", "尤其是"),
	/* ...and at these only between units (县工业和信息化局 is one). */
	.owner_joins = WORDS("以及", "和", "及", "与"),
	/* Adverbs between a unit and its commitment word: 市委组织部也要, 各地务必. */
	.owner_adverbs = WORDS("也", "都", "还", "更", "就", "既", "首先", "一定", "必须", "务必",
	                       "要", "原则上"),
	/* Verbs a unit governs inside a clause (党组织推动…): none of them is part of a
	 * unit's name, as 组织 is of 组织部. */
	.governed_verbs = WORDS("推动", "推进", "加快", "落实", "加强", "抓好", "做好", "强化",
	                        "完善", "健全", "深化"),
	/* 由 X 牵头, 由 X 负责: the words around a unit named as responsible. */
	.named_by = WORDS("由"),
	.named_verbs = WORDS("牵头", "负责"),
	/* Each unit of a kind, told before 都 (确保每个党委都抓建…): an owner. */
	.distributive = WORDS("每个", "每一个", "每名", "每一名", "每位", "每家"),
	/* After 每个…都, these forbid (每名干部都不得…: told); any other 不 says what is to
	 * be (每一名党员都不掉队: no one told). */
	.prohibitions = WORDS("不得", "不准", "不许", "不能", "不要"),
	/* Before a unit, these make it what is acted on (使每个党组织都成为…). */
	.causatives = WORDS("使", "让", "令", "促使", "推动", "要"),
	/* X是第一责任人: the roles that make the subject of their clause an owner. */
	.responsible_roles = WORDS("第一责任人", "直接责任人", "主要责任人", "责任主体"),
	/* A whole place before its units (全区各级要, 全县每一个村党组织): the units are
	 * told, not the place. */
	.whole_places = WORDS("全市", "全区", "全县", "全省", "全镇", "全乡", "全州", "全旗"),
	/* The people or units a short clause and 的 before them single out (参会的同志要…,
	 * 未完成整改的单位要…): a group told. */
	.group_heads = WORDS("同志", "人员", "干部", "党员", "单位", "部门"),
	/* Rooms and meetings that end like units (村级党员活动室要有…氛围, 支委会和党员大会
	 * 原则上要分别召开): where and what, not who. */
	.facilities = WORDS("活动室", "会议室", "阅览室", "陈列室", "展览室", "教室", "值班室",
	                    "大会", "生活会", "座谈会", "推进会", "现场会", "评议会", "支委会"),
	/* A time between a unit and its commitment word (各地各部门每月10日前要…, 市民政局
	 * 三季度前要…) is not the unit's name: a run of these characters that holds one of
	 * owner_times is cut off. */
	.owner_time_chars = "0123456789０１２３４５６７８９一二三四五六七八九十两〇年月日号季度周旬"
	                    "底末初中上下半前内之以每本今明在于",
	.owner_times = WORDS("年", "月", "日", "号", "季度", "周", "旬"),
};
