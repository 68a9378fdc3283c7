/* Unit tests of the page's layout decisions: paragraphs indented or set apart by blank
 * rows the same way for every source, the text's width and margin, the tree's width. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pizhu/layout.h"
#include "pizhu/page.h"

struct page_doc {
	doc *d;
	outline *o;
};

static void load(struct page_doc *pd, const char *text)
{
	struct pz_where w;
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &pd->d, &w), PZ_OK);
	assert_int_equal(outline_build(pd->d, &pd->o), PZ_OK);
}

static void unload(struct page_doc *pd)
{
	outline_free(pd->o);
	doc_free(pd->d);
}

/* The paragraph whose text starts with s. */
static size_t para_starting(const struct page_doc *pd, const char *s)
{
	const char *t = doc_text(pd->d, NULL);
	for (size_t i = 0; i < outline_para_count(pd->o); i++)
		if (!strncmp(t + outline_para_at(pd->o, i)->start, s, strlen(s)))
			return i;
	fail_msg("no paragraph starts with %s", s);
	return 0;
}

#define HEAD "在全区数字经济工作会议上的讲话\n（2025年4月8日）\n"

static const char plain[] =
	HEAD "同志们：\n今天召开全区数字经济工作会议，主要是总结去年工作。\n"
	"一、认清形势，坚定发展信心\n去年全区增长6%。成绩来之不易。\n"
	"二、突出重点，抓好今年各项任务\n今年的目标是增长10%以上。\n";

static const char indented[] =
	HEAD "同志们：\n　　今天召开全区数字经济工作会议，主要是总结去年工作。\n"
	"　　一、认清形势，坚定发展信心\n　　去年全区增长6%。成绩来之不易。\n"
	"二、突出重点，抓好今年各项任务\n　　今年的目标是增长10%以上。\n";

static const char blank[] =
	HEAD "\n同志们：\n\n今天召开全区数字经济工作会议，主要是总结去年工作。\n\n"
	"一、认清形势，坚定发展信心\n\n去年全区增长6%。成绩来之不易。\n\n"
	"　　二、突出重点，抓好今年各项任务\n\n今年的目标是增长10%以上。\n";

/* A page saved from a news site: some paragraphs open with full-width spaces, some not. */
static const char html[] =
	"<!DOCTYPE html><html><head><title>t</title></head><body>"
	"<h1>在全区数字经济工作会议上的讲话</h1><p>（2025年4月8日）</p><p>同志们：</p>"
	"<p>　　今天召开全区数字经济工作会议，主要是总结去年工作。</p>"
	"<p>一、认清形势，坚定发展信心</p><p>&#12288;&#12288;去年全区增长6%。成绩来之不易。</p>"
	"<p>二、突出重点，抓好今年各项任务</p><p>今年的目标是增长10%以上。</p></body></html>";

static void the_document_decides_under_auto(void **state)
{
	(void)state;
	struct page_doc pd;
	load(&pd, plain); /* nothing tells them apart: Chinese typesetting's indent */
	assert_int_equal(page_paragraphs(pd.d, pd.o, CONFIG_PARAGRAPHS_AUTO), CONFIG_PARAGRAPHS_INDENT);
	assert_int_equal(page_paragraphs(pd.d, pd.o, CONFIG_PARAGRAPHS_BLANK), CONFIG_PARAGRAPHS_BLANK);
	unload(&pd);
	load(&pd, indented);
	assert_int_equal(page_paragraphs(pd.d, pd.o, CONFIG_PARAGRAPHS_AUTO), CONFIG_PARAGRAPHS_INDENT);
	unload(&pd);
	load(&pd, blank); /* most follow a blank line (one is indented too) */
	assert_int_equal(page_paragraphs(pd.d, pd.o, CONFIG_PARAGRAPHS_AUTO), CONFIG_PARAGRAPHS_BLANK);
	assert_int_equal(page_paragraphs(pd.d, pd.o, CONFIG_PARAGRAPHS_INDENT), CONFIG_PARAGRAPHS_INDENT);
	unload(&pd);
	load(&pd, html);
	assert_int_equal(page_paragraphs(pd.d, pd.o, CONFIG_PARAGRAPHS_AUTO), CONFIG_PARAGRAPHS_INDENT);
	unload(&pd);
	/* a blank line or two (a note set apart, an appendix) are not the document's way */
	load(&pd, "（本稿为修改稿。）\n\n" HEAD "同志们：\n今天召开会议。\n一、认清形势\n去年增长6%。\n"
	          "二、突出重点\n今年增长10%。\n\n附：本稿根据会议记录整理。\n");
	assert_int_equal(page_paragraphs(pd.d, pd.o, CONFIG_PARAGRAPHS_AUTO), CONFIG_PARAGRAPHS_INDENT);
	unload(&pd);
}

/* Every body paragraph and heading set alike, whatever its source did; the title block
 * centred and set apart; the salutation flush left. */
static void check_set(const char *text, enum config_paragraphs way)
{
	struct page_doc pd;
	load(&pd, text);
	enum config_paragraphs w = page_paragraphs(pd.d, pd.o, way);
	const char *body[] = { "今天召开", "一、认清形势", "去年全区", "二、突出重点", "今年的目标" };
	for (size_t i = 0; i < sizeof(body) / sizeof(body[0]); i++) {
		struct page_para pp = page_para(pd.d, pd.o, para_starting(&pd, body[i]), w, 60);
		assert_int_equal(pp.indent, w == CONFIG_PARAGRAPHS_INDENT ? PAGE_INDENT_CELLS : 0);
		assert_int_equal(pp.gap, w == CONFIG_PARAGRAPHS_BLANK);
	}
	size_t title = para_starting(&pd, "在全区");
	assert_int_equal(outline_para_at(pd.o, title)->role, OUTLINE_ROLE_TITLE);
	struct page_para pp = page_para(pd.d, pd.o, title, w, 60);
	assert_int_equal(pp.indent, (60 - 30) / 2); /* 15 characters of 2 cells, centred */
	assert_false(pp.gap);
	pp = page_para(pd.d, pd.o, title, w, 20); /* wider than the text: flush left */
	assert_int_equal(pp.indent, 0);
	pp = page_para(pd.d, pd.o, para_starting(&pd, "（2025"), w, 60);
	assert_int_equal(pp.indent, (60 - 16) / 2);
	assert_false(pp.gap); /* the title block keeps together */
	pp = page_para(pd.d, pd.o, para_starting(&pd, "同志们"), w, 60);
	assert_int_equal(pp.indent, 0);
	assert_true(pp.gap); /* after the title block */
	/* too narrow for an indent and a character: none */
	assert_int_equal(page_para(pd.d, pd.o, para_starting(&pd, "今天"), w, 6).indent, 0);
	unload(&pd);
}

static void every_source_is_set_alike(void **state)
{
	(void)state;
	check_set(plain, CONFIG_PARAGRAPHS_AUTO);
	check_set(indented, CONFIG_PARAGRAPHS_AUTO);
	check_set(blank, CONFIG_PARAGRAPHS_AUTO);
	check_set(html, CONFIG_PARAGRAPHS_AUTO);
	check_set(plain, CONFIG_PARAGRAPHS_BLANK);
	check_set(blank, CONFIG_PARAGRAPHS_INDENT);
	check_set(html, CONFIG_PARAGRAPHS_BLANK);
}

/* The indent is blank cells before the first row: the rows that follow are full width. */
static void the_indent_takes_cells_of_the_first_row(void **state)
{
	(void)state;
	const char *s = "一二三四五六七八九十";
	struct layout_rows r;
	layout_rows_init(&r);
	struct layout_options opt = { .indent = 4 };
	assert_int_equal(layout_wrap(s, 0, strlen(s), 12, &opt, &r), PZ_OK);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.row[0].end, 4 * 3); /* 4 characters after 4 cells */
	assert_int_equal(r.row[0].width, 12);
	assert_int_equal(r.row[1].width, 12);
	struct layout_walk w;
	struct layout_cell c;
	layout_walk_init(&w, &r, 0);
	assert_true(layout_walk_next(&w, &c));
	assert_int_equal(c.col, 4);
	layout_walk_init(&w, &r, 1);
	assert_true(layout_walk_next(&w, &c));
	assert_int_equal(c.col, 0);
	size_t row;
	unsigned col;
	layout_locate(&r, 3, &row, &col);
	assert_int_equal(row, 0);
	assert_int_equal(col, 6);
	assert_int_equal(layout_offset_at(&r, 0, 1), 0);
	/* an indent that would leave no cell is not applied */
	opt.indent = 12;
	assert_int_equal(layout_wrap(s, 0, strlen(s), 12, &opt, &r), PZ_OK);
	assert_int_equal(r.indent, 0);
	assert_int_equal(r.row[0].end, 6 * 3);
	layout_rows_release(&r);
}

static void widths(void **state)
{
	(void)state;
	struct config c = { 0 };
	unsigned m;
	assert_int_equal(page_text_width(&c, 200, &m), CONFIG_MAX_WIDTH_DEFAULT);
	assert_int_equal(m, 60);
	assert_int_equal(page_text_width(&c, 49, &m), 49);
	assert_int_equal(m, 0);
	assert_int_equal(page_text_width(NULL, 159, &m), 80);
	assert_int_equal(m, 39);
	c.max_width = 60;
	assert_int_equal(page_text_width(&c, 159, &m), 60);
	assert_int_equal(m, 49);
	c.no_max_width = true;
	assert_int_equal(page_text_width(&c, 159, &m), 159);
	assert_int_equal(m, 0);
	assert_int_equal(page_text_width(&c, 0, &m), 1);
	assert_int_equal(m, 0);

	assert_int_equal(page_tree_width(80, 0), 30);   /* as it always was at 80 columns */
	assert_int_equal(page_tree_width(200, 0), PAGE_TREE_MAX);
	assert_int_equal(page_tree_width(100, 0), 37);
	assert_int_equal(page_tree_width(41, 0), 15);
	assert_int_equal(page_tree_width(40, 0), 0);    /* the tree gives way */
	assert_int_equal(page_tree_width(20, 0), 0);
	assert_int_equal(page_tree_width(80, 4), 34);
	assert_int_equal(page_tree_width(80, -100), 12);
	assert_int_equal(page_tree_width(80, 100), 40); /* at most half */
	assert_int_equal(page_tree_width(200, 8), PAGE_TREE_MAX + 8);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_document_decides_under_auto),
		cmocka_unit_test(every_source_is_set_alike),
		cmocka_unit_test(the_indent_takes_cells_of_the_first_row),
		cmocka_unit_test(widths),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
