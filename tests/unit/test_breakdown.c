/* Unit tests of the task breakdown table: how a row's owners, deadlines, targets and
 * notes are joined (the same sentence, else the same point; the row's own fields
 * first), orphans left out and counted, section paths, and each writer's escaping
 * (csv, md, json, org, ics with its folding). */
#include "pizhu/breakdown.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <unistr.h>

#include "pizhu/export.h"

static const char speech[] =
	"关于抓好今年重点工作的讲话\n"
	"同志们：\n"
	"一、抓好项目建设\n"
	"各部门要在年底前完成全部审批事项。市发展改革委要牵头，确保开工率达到九成以上。\n"
	"二、强化督促检查\n"
	"督促检查要常态化。\n"
	"（一）建立通报制度。督查室要每月通报一次进展，年底前形成制度。\n"
	"（二）严格考核问责。对工作不力的要严肃问责。\n";

struct fx {
	store *st;
	doc *d;
	outline *o;
	int64_t id;
	tagset *ts;
};

static void open_text(struct fx *f, const char *text)
{
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &f->d, NULL), PZ_OK);
	assert_int_equal(outline_build(f->d, &f->o), PZ_OK);
	assert_int_equal(tagset_open(f->st, f->d, f->o, f->id, "tester", true, &f->ts), PZ_OK);
}

static void close_text(struct fx *f)
{
	tagset_free(f->ts);
	outline_free(f->o);
	doc_free(f->d);
	f->ts = NULL;
	f->o = NULL;
	f->d = NULL;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int64_t pos;
	if (!f || store_open(":memory:", &f->st, NULL, 0) != PZ_OK ||
	    store_open_document(f->st, "/nowhere/speech.txt", "t", 1, &f->id, &pos) != PZ_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	close_text(f);
	store_close(f->st);
	free(f);
	return 0;
}

/* Tags the occurrence-th (0-based) occurrence of quote with type and fields. */
static void tag(struct fx *f, const char *type, const char *quote, int occurrence,
                const char *note, const char *due, const char *owner)
{
	const char *t = doc_text(f->d, NULL), *p = strstr(t, quote);
	for (int i = 0; p && i < occurrence; i++)
		p = strstr(p + 1, quote);
	assert_non_null(p);
	size_t s = (size_t)(p - t);
	assert_int_equal(tagset_add(f->ts, type, s, s + strlen(quote), note, due, owner, NULL), PZ_OK);
}

static const struct breakdown_row *row_of(const struct breakdown *b, const char *task)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->rows[i].task, task))
			return &b->rows[i];
	fail_msg("no row for '%s'", task);
	return NULL;
}

static void joins_sentence_then_point_own_fields_first(void **state)
{
	struct fx *f = *state;
	open_text(f, speech);
	const char *t1 = "各部门要在年底前完成全部审批事项。";
	const char *t2 = "市发展改革委要牵头，确保开工率达到九成以上。";
	const char *t3 = "督查室要每月通报一次进展，年底前形成制度。";
	const char *t4 = "对工作不力的要严肃问责。";
	const char *t5 = "督促检查要常态化。";
	tag(f, "task", t5, 0, NULL, NULL, NULL);
	tag(f, "task", t1, 0, NULL, "2026-12-31", NULL);
	tag(f, "deadline", "年底前", 0, NULL, NULL, NULL);
	tag(f, "owner", "市发展改革委", 0, NULL, NULL, NULL);
	tag(f, "owner", "牵头", 0, NULL, NULL, "市财政局");
	tag(f, "target", "开工率达到九成以上", 0, NULL, NULL, NULL);
	tag(f, "task", t2, 0, NULL, NULL, NULL);
	tag(f, "task", t3, 0, "要通报", NULL, "市委督查室");
	tag(f, "owner", "督查室", 0, NULL, NULL, NULL); /* the row's own owner wins */
	tag(f, "deadline", "每月通报", 0, NULL, NULL, NULL);
	tag(f, "deadline", "年底前", 1, NULL, "2026-11-30", NULL);
	tag(f, "note", "每月", 0, "每月一次", NULL, NULL);
	tag(f, "note", "建立通报制度", 0, "别处的批注", NULL, NULL); /* another sentence */
	tag(f, "owner", "严格考核问责", 0, NULL, NULL, "纪委监委");
	tag(f, "owner", "考核", 0, NULL, NULL, "纪委监委"); /* the same value once */
	tag(f, "task", t4, 0, NULL, NULL, NULL);
	struct breakdown *b;
	assert_int_equal(breakdown_new(f->ts, f->d, f->o, NULL, 0, &b), PZ_OK);
	assert_int_equal(b->n, 5);
	assert_int_equal(b->orphaned, 0);
	assert_int_equal(b->undated, 3);
	for (size_t i = 0; i < b->n; i++)
		assert_int_equal(b->rows[i].number, i + 1);

	/* its own due first; owners and target from its point (the next sentence) */
	const struct breakdown_row *r = row_of(b, t1);
	assert_ptr_equal(r, &b->rows[0]);
	assert_string_equal(r->deadline, "2026-12-31");
	assert_string_equal(r->due, "2026-12-31");
	assert_string_equal(r->owner, "市发展改革委、市财政局");
	assert_string_equal(r->target, "开工率达到九成以上");
	assert_string_equal(r->section, "一、");
	assert_string_equal(r->type, "task");
	assert_int_equal(r->line, 4);
	assert_int_equal(r->col, 1);
	assert_false(r->done);

	/* owners and target from its sentence (an owner tag's field, else its quote); the
	 * deadline from its point: a quote, so no due date */
	r = row_of(b, t2);
	assert_string_equal(r->owner, "市发展改革委、市财政局");
	assert_string_equal(r->target, "开工率达到九成以上");
	assert_string_equal(r->deadline, "年底前");
	assert_string_equal(r->due, "");
	assert_string_equal(r->note, "");
	assert_int_equal(r->col, 18);

	/* its own owner; deadlines of its sentence joined with ；, the due date from the
	 * first that has one; its note, then the note tags' of its sentence only */
	r = row_of(b, t3);
	assert_string_equal(r->owner, "市委督查室");
	assert_string_equal(r->deadline, "每月通报；2026-11-30");
	assert_string_equal(r->due, "2026-11-30");
	assert_string_equal(r->note, "要通报；每月一次");
	assert_string_equal(r->target, "");
	assert_string_equal(r->section, "二、（一）");

	/* the same point is the innermost one: nothing from （一） or 一、 */
	r = row_of(b, t4);
	assert_string_equal(r->owner, "纪委监委");
	assert_string_equal(r->deadline, "");
	assert_string_equal(r->target, "");
	assert_string_equal(r->section, "二、（二）");
	assert_int_equal(r->line, 8);
	assert_int_equal(r->col, 11);
	/* character offsets and context for the selectors */
	size_t len;
	const char *text = doc_text(f->d, &len);
	size_t at = (size_t)(strstr(text, t4) - text);
	assert_int_equal(r->start, doc_char_index(f->d, at));
	assert_int_equal(r->end - r->start, u8_mbsnlen((const uint8_t *)t4, strlen(t4)));
	assert_string_equal(r->suffix, "\n");
	assert_int_equal(strlen(r->uuid), STORE_UUID_LEN);

	/* in 二、 itself, before its first sub-point: the tags of （一） and （二） are
	 * in their own points, not in this one */
	r = row_of(b, t5);
	assert_ptr_equal(r, &b->rows[2]);
	assert_string_equal(r->owner, "");
	assert_string_equal(r->deadline, "");
	assert_string_equal(r->section, "二、");
	breakdown_free(b);

	/* more row types: deadline tags are rows too, and carry themselves */
	const char *const types[] = {"task", "deadline"};
	assert_int_equal(breakdown_new(f->ts, f->d, f->o, types, 2, &b), PZ_OK);
	assert_int_equal(b->n, 8);
	r = row_of(b, "每月通报");
	assert_string_equal(r->type, "deadline");
	assert_string_equal(r->deadline, "每月通报；2026-11-30");
	assert_string_equal(r->owner, "督查室");
	breakdown_free(b);

	/* a file never tagged, or only other types: no rows */
	assert_int_equal(breakdown_new(NULL, f->d, f->o, NULL, 0, &b), PZ_OK);
	assert_int_equal(b->n, 0);
	breakdown_free(b);
	const char *const risks[] = {"risk"};
	assert_int_equal(breakdown_new(f->ts, f->d, f->o, risks, 1, &b), PZ_OK);
	assert_int_equal(b->n + b->orphaned, 0);
	breakdown_free(b);
}

static void orphans_are_left_out_and_counted(void **state)
{
	struct fx *f = *state;
	open_text(f, speech);
	tag(f, "task", "对工作不力的要严肃问责。", 0, NULL, NULL, NULL);
	tag(f, "task", "督查室要每月通报一次进展，", 0, NULL, "2026-03-31", NULL);
	tag(f, "owner", "各部门", 0, NULL, NULL, NULL);
	close_text(f);
	/* the next draft drops a task's sentence and the owner's words */
	open_text(f, "关于抓好今年重点工作的讲话\n同志们：\n一、抓好项目建设\n"
	             "要在年底前完成全部审批事项。市发展改革委要牵头，确保开工率达到九成以上。\n"
	             "二、强化督促检查\n"
	             "（一）建立通报制度。督查室要每月通报一次进展，年底前形成制度。\n"
	             "（二）严格考核问责。\n");
	struct breakdown *b;
	assert_int_equal(breakdown_new(f->ts, f->d, f->o, NULL, 0, &b), PZ_OK);
	assert_int_equal(b->n, 1);
	assert_int_equal(b->orphaned, 1); /* the task; the orphaned owner is not a row */
	assert_int_equal(b->undated, 0);
	assert_string_equal(b->rows[0].due, "2026-03-31");
	assert_int_equal(b->rows[0].number, 1);
	breakdown_free(b);
}

static void sentences_run_across_hard_line_breaks(void **state)
{
	struct fx *f = *state;
	/* a long line broken mid-sentence: one paragraph, one sentence across the break */
	open_text(f, "关于抓好今年重点工作的讲话\n一、抓好项目建设\n"
	             "各部门要在年底前完成全部审批事项。市发展改革委要牵头，确保开工率达到九成以上，"
	             "督查室要每月通报一次进展，年底前形成制度，对工作不力的单位和个人\n"
	             "要严肃问责。这是下一句。\n"
	             "二、强化督促检查\n正文。\n");
	const char *t = doc_text(f->d, NULL);
	size_t s, e, second = (size_t)(strstr(t, "市发展改革委") - t);
	size_t next = (size_t)(strstr(t, "这是下一句") - t);
	breakdown_sentence(f->d, f->o, (size_t)(strstr(t, "督查室") - t), &s, &e);
	assert_int_equal(s, second);
	assert_int_equal(e, next);
	breakdown_sentence(f->d, f->o, (size_t)(strstr(t, "严肃") - t), &s, &e);
	assert_int_equal(s, second);
	breakdown_sentence(f->d, f->o, next + 3, &s, &e);
	assert_int_equal(s, next);
	assert_int_equal(e, next + strlen("这是下一句。"));
	/* the first sentence of the paragraph, and one outside every paragraph */
	breakdown_sentence(f->d, f->o, (size_t)(strstr(t, "各部门") - t) + 3, &s, &e);
	assert_int_equal(s, (size_t)(strstr(t, "各部门") - t));
	assert_int_equal(e, second);
	/* an owner on the second line joins the task on the first */
	tag(f, "task", "市发展改革委要牵头", 0, NULL, NULL, NULL);
	tag(f, "owner", "单位和个人", 0, NULL, NULL, "有关单位");
	tag(f, "owner", "这是下一句", 0, NULL, NULL, "不在这句");
	struct breakdown *b;
	assert_int_equal(breakdown_new(f->ts, f->d, f->o, NULL, 0, &b), PZ_OK);
	assert_int_equal(b->n, 1);
	assert_string_equal(b->rows[0].owner, "有关单位");
	breakdown_free(b);
}

/* A work plan's notes after the task: the lead and the cooperating units in their
 * own columns; 章节 with the headings' titles; the tags that make no row beside the
 * table; the title block from the document. */
static void lead_cooperating_chapters_and_others(void **state)
{
	struct fx *f = *state;
	open_text(f, "某县2027年工作要点\n"
	             "一、稳住农业基本盘\n"
	             "（一）抓好粮食生产。全年粮食播种面积稳定在50万亩以上"
	             "（牵头单位：县农业农村局；配合单位：县财政局、各乡镇、街道）。\n"
	             "（二）办好民生实事。新建社区食堂12个（县民政局牵头，县商务局配合）。\n");
	const char *t1 = "全年粮食播种面积稳定在50万亩以上";
	const char *t2 = "新建社区食堂12个";
	tag(f, "task", t1, 0, NULL, NULL, NULL);
	tag(f, "owner", "县农业农村局", 0, NULL, NULL, NULL);
	tag(f, "owner", "县财政局", 0, NULL, NULL, NULL);
	tag(f, "owner", "各乡镇", 0, NULL, NULL, NULL);
	tag(f, "owner", "街道", 0, NULL, NULL, NULL);
	tag(f, "task", t2, 0, NULL, NULL, NULL);
	tag(f, "owner", "县民政局", 0, NULL, NULL, NULL);
	tag(f, "owner", "县商务局", 0, NULL, NULL, NULL);
	tag(f, "note", "社区食堂", 0, "先试点", NULL, NULL);
	struct breakdown *b;
	assert_int_equal(breakdown_new(f->ts, f->d, f->o, NULL, 0, &b), PZ_OK);
	assert_int_equal(b->n, 2);
	const struct breakdown_row *r = row_of(b, t1);
	assert_string_equal(r->lead, "县农业农村局");
	assert_string_equal(r->cooperating, "县财政局、各乡镇、街道");
	assert_string_equal(r->owner, "县农业农村局、县财政局、各乡镇、街道");
	assert_string_equal(r->section, "一、（一）");
	assert_string_equal(r->chapter, "一、稳住农业基本盘 › （一）抓好粮食生产");
	r = row_of(b, t2);
	assert_string_equal(r->lead, "县民政局");
	assert_string_equal(r->cooperating, "县商务局");
	/* the seven owners and the note make no row: they are the other tags, in text order */
	assert_int_equal(b->nothers, 7);
	assert_string_equal(b->others[0].type, "owner");
	assert_string_equal(b->others[0].text, "县农业农村局");
	assert_string_equal(b->others[4].type, "note");
	assert_string_equal(b->others[4].value, "先试点");
	assert_string_equal(b->others[4].chapter, "一、稳住农业基本盘 › （二）办好民生实事");
	assert_int_equal(b->others[4].line, 4);

	/* the title block: the title line, the year in it, the file, the time given */
	assert_int_equal(breakdown_describe(b, f->d, f->o, "dir/plan.txt", NULL, 1767225600000),
	                 PZ_OK);
	assert_string_equal(b->title, "某县2027年工作要点");
	assert_string_equal(b->date, "2027");
	assert_string_equal(b->file, "dir/plan.txt");
	assert_int_equal(b->exported, 1767225600000);
	assert_int_equal(b->rows[0].source, STORE_SOURCE_TAGGED);
	breakdown_free(b);
}

/* ---- writers, on rows made by hand ---- */

static char *write(const struct breakdown *b, enum export_format fmt,
                   const struct export_options *opt, struct export_stats *stats)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_non_null(f);
	assert_int_equal(export_breakdown(f, b, fmt, opt, stats), PZ_OK);
	assert_int_equal(fclose(f), 0);
	return out;
}

static struct breakdown_row rows[3];

static struct breakdown *sample(void)
{
	static struct breakdown b;
	static char e[] = "";
	rows[0] = (struct breakdown_row){
		.number = 1, .task = "完成审批，\"全部\"事项\n第二行", .owner = "发改委、财政局,统计局",
		.lead = "发改委", .cooperating = "财政局,统计局", .chapter = "一、总体要求",
		.source = STORE_SOURCE_SUGGESTION,
		.deadline = "年底前", .target = "a|b", .section = "一、", .line = 4, .col = 1,
		.note = "x; y\\z", .uuid = "00000000-0000-4000-8000-000000000001", .type = "task",
		.prefix = "前\n", .suffix = "后", .start = 10, .end = 24, .modified = 1767225600000,
	};
	rows[1] = (struct breakdown_row){
		.number = 2, .task = "对工作不力的要严肃问责", .owner = e, .deadline = "2026-06-30",
		.target = "3/4", .section = "二、（一）", .line = 7, .col = 11, .done = true, .note = e,
		.due = "2026-06-30", .uuid = "00000000-0000-4000-8000-000000000002", .type = "task",
		.prefix = e, .suffix = e, .start = 30, .end = 41, .modified = 1767225600000,
	};
	rows[2] = rows[1];
	rows[2].number = 3;
	rows[2].done = false;
	/* 40 ideographs: 120 octets, folded into two lines and a bit */
	rows[2].task = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
	memcpy(rows[2].due, "2024-02-29", 11);
	b = (struct breakdown){.rows = rows, .n = 3, .orphaned = 2, .undated = 1};
	return &b;
}

static void csv_quotes_commas_and_line_breaks(void **state)
{
	(void)state;
	struct export_stats st;
	char *out = write(sample(), EXPORT_CSV, NULL, &st);
	/* the due date alone stays a date; a target a spreadsheet would make one is guarded */
	const char *want_head = "序号,任务,牵头单位,配合单位,完成时限,目标,章节,位置,状态,批注,来源\r\n"
	                        "1,\"完成审批，\"\"全部\"\"事项\n第二行\",发改委,\"财政局,统计局\",年底前,"
	                        "a|b,一、总体要求,第4行第1字,未完成,x; y\\z,建议\r\n"
	                        "2,对工作不力的要严肃问责,,,2026-06-30,\"'3/4\",二、（一）,第7行第11字,已完成,,"
	                        "标注\r\n";
	assert_memory_equal(out, want_head, strlen(want_head));
	assert_int_equal(st.written, 3);
	assert_int_equal(st.orphaned, 2);
	assert_int_equal(st.undated, 0);
	free(out);
	struct export_options opt = {.bom = true};
	out = write(sample(), EXPORT_CSV, &opt, NULL);
	assert_memory_equal(out, "\xEF\xBB\xBF序号,", 10);
	free(out);
}

static void md_escapes_pipes_and_line_breaks(void **state)
{
	(void)state;
	char *out = write(sample(), EXPORT_MD, NULL, NULL);
	const char *want = "| 序号 | 任务 | 牵头单位 | 配合单位 | 完成时限 | 目标 | 章节 | 位置 | 状态 "
	                   "| 批注 | 来源 |\n"
	                   "|---:|---|---|---|---|---|---|---|---|---|---|\n"
	                   "| 1 | 完成审批，\"全部\"事项<br>第二行 | 发改委 | 财政局,统计局 | 年底前 | a\\|b "
	                   "| 一、总体要求 | 第4行第1字 | 未完成 | x; y\\z | 建议 |\n";
	assert_memory_equal(out, want, strlen(want));
	/* one line per row after the header and separator, and nothing else */
	size_t lines = 0;
	for (const char *p = out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 5);
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);
}

static void json_is_valid_with_selectors(void **state)
{
	(void)state;
	struct export_options opt = {.source = "/tmp/a \"b\".txt"};
	char *out = write(sample(), EXPORT_JSON, &opt, NULL);
	sqlite3 *db;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT json_valid(?1), ?1 ->> '$.rows[0].task',"
	                                    " ?1 ->> '$.rows[0].target.selector[0].exact',"
	                                    " ?1 ->> '$.rows[0].target.selector[0].prefix',"
	                                    " ?1 ->> '$.rows[0].target.selector[1].start',"
	                                    " ?1 ->> '$.rows[0].target.selector[1].type',"
	                                    " ?1 ->> '$.rows[0].target.source',"
	                                    " ?1 ->> '$.rows[1].done', ?1 ->> '$.rows[1].status',"
	                                    " ?1 ->> '$.rows[0].note', ?1 ->> '$.left_out.orphaned',"
	                                    " ?1 ->> '$.rows[0].goal', ?1 ->> '$.rows[0].modified',"
	                                    " json_array_length(?1, '$.rows')",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(q, 1, out, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 1);
	assert_string_equal(sqlite3_column_text(q, 1), rows[0].task);
	assert_string_equal(sqlite3_column_text(q, 2), rows[0].task);
	assert_string_equal(sqlite3_column_text(q, 3), "前\n");
	assert_int_equal(sqlite3_column_int(q, 4), 10);
	assert_string_equal(sqlite3_column_text(q, 5), "TextPositionSelector");
	assert_string_equal(sqlite3_column_text(q, 6), "/tmp/a \"b\".txt");
	assert_int_equal(sqlite3_column_int(q, 7), 1);
	assert_string_equal(sqlite3_column_text(q, 8), "已完成");
	assert_string_equal(sqlite3_column_text(q, 9), "x; y\\z");
	assert_int_equal(sqlite3_column_int(q, 10), 2);
	assert_string_equal(sqlite3_column_text(q, 11), "a|b");
	assert_string_equal(sqlite3_column_text(q, 12), "2026-01-01T00:00:00.000Z");
	assert_int_equal(sqlite3_column_int(q, 13), 3);
	sqlite3_finalize(q);
	sqlite3_close(db);
	free(out);
}

static void org_headlines_deadlines_and_weekdays(void **state)
{
	(void)state;
	char *out = write(sample(), EXPORT_ORG, NULL, NULL);
	const char *want = "* TODO 完成审批，\"全部\"事项 第二行\n"
	                   ":PROPERTIES:\n:OWNER: 发改委\n:COOPERATING: 财政局,统计局\n:TARGET: a|b\n"
	                   ":DUE: 年底前\n:SECTION: 一、总体要求\n:POSITION: 第4行第1字\n:NOTE: x; y\\z\n"
	                   ":SOURCE: 建议\n:ID: 00000000-0000-4000-8000-000000000001\n:END:\n"
	                   "* DONE 对工作不力的要严肃问责\n"
	                   "DEADLINE: <2026-06-30 Tue>\n"
	                   ":PROPERTIES:\n:TARGET: 3/4\n:SECTION: 二、（一）\n:POSITION: 第7行第11字\n"
	                   ":SOURCE: 标注\n:ID: 00000000-0000-4000-8000-000000000002\n:END:\n"
	                   "* TODO 一二三";
	assert_memory_equal(out, want, strlen(want));
	assert_non_null(strstr(out, "DEADLINE: <2024-02-29 Thu>\n"));
	free(out);
	/* more weekdays: January and February count in the year before */
	struct breakdown *b = sample();
	static const char *const days[][2] = {
		{"2000-01-01", "Sat"}, {"2000-03-01", "Wed"}, {"1900-03-01", "Thu"},
		{"2023-12-31", "Sun"}, {"2026-01-05", "Mon"}, {"2026-02-28", "Sat"},
	};
	for (size_t i = 0; i < sizeof(days) / sizeof(*days); i++) {
		memcpy(rows[1].due, days[i][0], 11);
		out = write(b, EXPORT_ORG, NULL, NULL);
		char line[64];
		snprintf(line, sizeof(line), "DEADLINE: <%s %s>\n", days[i][0], days[i][1]);
		if (!strstr(out, line))
			fail_msg("no '%s'", line);
		free(out);
	}
}

/* Unfolds RFC 5545 content lines in place: CRLF followed by a space is removed. */
static void unfold(char *s)
{
	char *w = s;
	for (char *r = s; *r;) {
		if (r[0] == '\r' && r[1] == '\n' && r[2] == ' ')
			r += 3;
		else
			*w++ = *r++;
	}
	*w = '\0';
}

static void ics_escapes_and_folds_on_characters(void **state)
{
	(void)state;
	struct export_stats st;
	char *out = write(sample(), EXPORT_ICS, NULL, &st);
	/* the undated row is left out and counted */
	assert_int_equal(st.written, 2);
	assert_int_equal(st.undated, 1);
	assert_null(strstr(out, "UID:00000000-0000-4000-8000-000000000001@pizhu"));
	/* every line ends in CRLF, holds at most 75 octets and whole characters */
	size_t lines = 0, folded = 0;
	for (char *p = out; *p;) {
		char *nl = strstr(p, "\r\n");
		assert_non_null(nl);
		assert_true(nl - p <= 75);
		assert_null(u8_check((const uint8_t *)p, (size_t)(nl - p)));
		assert_null(memchr(p, '\n', (size_t)(nl - p)));
		folded += *p == ' ';
		lines++;
		p = nl + 2;
	}
	assert_true(folded >= 2);
	assert_memory_equal(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37);
	assert_string_equal(out + strlen(out) - 15, "END:VCALENDAR\r\n");
	unfold(out);
	assert_non_null(strstr(out, "\r\nSUMMARY:一二三四五六七八九十一二三四五六七八九十一二三四五六七"
	                            "八九十一二三四五六七八九十\r\n"));
	assert_non_null(strstr(out, "\r\nUID:00000000-0000-4000-8000-000000000002@pizhu\r\n"
	                            "DTSTAMP:20260101T000000Z\r\n"));
	assert_non_null(strstr(out, "\r\nDUE;VALUE=DATE:20240229\r\nSTATUS:NEEDS-ACTION\r\n"));
	assert_non_null(strstr(out, "\r\nSTATUS:COMPLETED\r\n"));
	assert_non_null(strstr(out, "\r\nDESCRIPTION:目标：3/4\\n章节：二、（一）\\n位置：第7行第11字\r\n"));
	free(out);

	/* TEXT escaping: backslash, semicolon, comma, line break */
	struct breakdown *b = sample();
	memcpy(rows[0].due, "2026-01-31", 11);
	out = write(b, EXPORT_ICS, NULL, NULL);
	unfold(out);
	assert_non_null(strstr(out, "\r\nSUMMARY:完成审批，\"全部\"事项\\n第二行\r\n"));
	assert_non_null(strstr(out, "\r\nDESCRIPTION:牵头单位：发改委\\n配合单位：财政局\\,统计局\\n"
	                            "完成时限：年底前\\n目标：a|b\\n章节：一、总体要求\\n位置：第4行第1字\\n"
	                            "批注：x\\; y\\\\z\r\n"));
	free(out);

	/* a fold never separates an escape's backslash from its letter */
	char task[80];
	memset(task, 'a', 66);
	memcpy(task + 66, "\nb", 3);
	rows[0].task = task;
	out = write(b, EXPORT_ICS, NULL, NULL);
	char want[120];
	snprintf(want, sizeof(want), "\r\nSUMMARY:%.66s\r\n \\nb\r\n", task);
	assert_non_null(strstr(out, want));
	free(out);
	rows[0].due[0] = '\0';
}

/* No dated row: no calendar (it would hold no component), nothing written, and the
 * rows without a date counted; the other formats still write theirs. */
static void ics_without_dated_rows_writes_nothing(void **state)
{
	(void)state;
	struct breakdown *b = sample();
	b->n = 1; /* rows[0] alone, with no due date */
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_non_null(f);
	struct export_stats st = { 0 };
	assert_int_equal(export_breakdown(f, b, EXPORT_ICS, NULL, &st), PZ_EMPTY);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(n, 0);
	assert_int_equal(st.written, 0);
	assert_int_equal(st.undated, 1);
	free(out);
	b->n = 0;
	f = open_memstream(&out, &n);
	assert_non_null(f);
	assert_int_equal(export_breakdown(f, b, EXPORT_ICS, NULL, &st), PZ_EMPTY);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(st.undated, 0);
	free(out);
	b->n = 1;
	out = write(b, EXPORT_ORG, NULL, NULL);
	assert_non_null(strstr(out, "* TODO "));
	free(out);
}

/* A note on a sentence without a task makes no row and joins none: it is counted
 * (loose_notes) and marked among the other tags; a csv or an org says it left it out,
 * an md writes it beside the table. A note in a task's sentence joins the row. */
static void notes_without_a_task_are_counted_and_said(void **state)
{
	struct fx *f = *state;
	open_text(f, speech);
	tag(f, "task", "对工作不力的要严肃问责。", 0, NULL, NULL, NULL);
	tag(f, "note", "对工作不力", 0, "先约谈", NULL, NULL);
	tag(f, "note", "各部门", 0, "名单待定", NULL, NULL);
	struct breakdown *b;
	assert_int_equal(breakdown_new(f->ts, f->d, f->o, NULL, 0, &b), PZ_OK);
	assert_int_equal(b->n, 1);
	assert_string_equal(b->rows[0].note, "先约谈");
	assert_int_equal(b->loose_notes, 1);
	size_t loose = SIZE_MAX;
	for (size_t i = 0; i < b->nothers; i++)
		if (b->others[i].loose)
			loose = i;
	assert_true(loose != SIZE_MAX);
	assert_string_equal(b->others[loose].value, "名单待定");
	struct export_stats st;
	char *out = write(b, EXPORT_CSV, NULL, &st);
	assert_int_equal(st.notes, 1);
	assert_null(strstr(out, "名单待定"));
	free(out);
	char left[256];
	assert_string_equal(export_left_out(&st, EXPORT_CSV, left, sizeof(left)),
	                    "; left out 1: 1 note on sentences without a task (csv has task rows "
	                    "only; md, json and xlsx keep such notes)");
	out = write(b, EXPORT_MD, NULL, &st);
	assert_int_equal(st.notes, 0);
	assert_string_equal(export_left_out(&st, EXPORT_MD, left, sizeof(left)), "");
	assert_non_null(strstr(out, "## 其他批注"));
	assert_non_null(strstr(out, "| 名单待定 | 各部门 |"));
	free(out);
	out = write(b, EXPORT_ORG, NULL, &st);
	assert_int_equal(st.notes, 1);
	free(out);
	/* with notes as rows, no note is loose */
	breakdown_free(b);
	static const char *const both[] = { "task", "note" };
	assert_int_equal(breakdown_new(f->ts, f->d, f->o, both, 2, &b), PZ_OK);
	assert_int_equal(b->loose_notes, 0);
	breakdown_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(joins_sentence_then_point_own_fields_first, setup, teardown),
		cmocka_unit_test_setup_teardown(orphans_are_left_out_and_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(notes_without_a_task_are_counted_and_said, setup, teardown),
		cmocka_unit_test_setup_teardown(sentences_run_across_hard_line_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(lead_cooperating_chapters_and_others, setup, teardown),
		cmocka_unit_test(csv_quotes_commas_and_line_breaks),
		cmocka_unit_test(md_escapes_pipes_and_line_breaks),
		cmocka_unit_test(json_is_valid_with_selectors),
		cmocka_unit_test(org_headlines_deadlines_and_weekdays),
		cmocka_unit_test(ics_escapes_and_folds_on_characters),
		cmocka_unit_test(ics_without_dated_rows_writes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
