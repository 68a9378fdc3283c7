/* How the reader sets a document as a page, decided without a terminal: paragraphs told
 * apart as Chinese typesetting does (a first-line indent of two full-width spaces, or a
 * blank line), the text's width and margin, the tree pane's width. */
#ifndef PIZHU_PAGE_H
#define PIZHU_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/config.h"
#include "pizhu/document.h"
#include "pizhu/outline.h"

#define PAGE_INDENT_CELLS 4     /* two full-width spaces (U+3000, 2 cells each) */
#define PAGE_TREE_HIDDEN_AT 40  /* at this many columns or fewer the tree gives way */
#define PAGE_TREE_MAX 40        /* the widest the tree follows the terminal to */

/*
 * The way the document tells its paragraphs apart, for paragraphs = auto: what most of
 * its paragraphs do, counted over the body's paragraphs after the first (headings, body,
 * closing; the title block and the salutation are set apart anyway): more than half
 * follow a blank line, and more than open with blanks (U+3000, spaces, a tab),
 * CONFIG_PARAGRAPHS_BLANK; else CONFIG_PARAGRAPHS_INDENT (most are indented, or neither
 * is done: one paragraph a line, Chinese typesetting's way; a blank line or two around
 * a preface do not count). Given INDENT or BLANK, returns it. Never returns AUTO. Costs
 * one pass over the paragraphs.
 */
enum config_paragraphs page_paragraphs(const doc *d, const outline *o,
                                       enum config_paragraphs asked);

/* How paragraph p is set at a text width. */
struct page_para {
	unsigned indent;   /* blank cells before its first row */
	bool gap;          /* a blank row before it */
};

/*
 * Paragraph p (< outline_para_count(o)) set the way `way` (INDENT or BLANK, as
 * page_paragraphs returns) at width cells of text. Its source indentation is not shown:
 * the range to wrap is outline_para.start to .end, with the indent given here.
 *  - The title block (title, subtitle, speaker, date, part) is centred when it fits on
 *    one row, else flush left; a blank row sets it apart from what comes before and
 *    after it, and its lines keep together.
 *  - The salutation (同志们：) stands flush left, as in 公文.
 *  - Every other paragraph: INDENT, a first-line indent of PAGE_INDENT_CELLS (none when
 *    the width is too narrow to hold it and a character) and no blank row; BLANK, no
 *    indent and a blank row before it (not before the first paragraph).
 */
struct page_para page_para(const doc *d, const outline *o, size_t p,
                           enum config_paragraphs way, unsigned width);

/*
 * The text's width and its left margin in a pane of pane cells, for max-width
 * (cfg->max_width, CONFIG_MAX_WIDTH_DEFAULT when 0, the whole pane with no_max_width):
 * the text is centred in the pane, so that a wide terminal reads like a page (the eye
 * stays near the middle, as in a book) rather than leaving it all on the left. The
 * width is at least 1; margin + width <= pane when pane >= 1.
 */
unsigned page_text_width(const struct config *cfg, unsigned pane, unsigned *margin);

/*
 * The tree pane's width in a terminal of cols columns: 3/8 of it (30 at 80 columns),
 * moved by delta (the user's wider and narrower), at least 12 and at most
 * PAGE_TREE_MAX + delta and half the columns; 0 (hidden) at PAGE_TREE_HIDDEN_AT columns
 * or fewer, or when the result would leave the text less than half.
 */
int page_tree_width(int cols, int delta);

#endif
