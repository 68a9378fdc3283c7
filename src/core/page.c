/* The page's layout decisions (paragraph indents and blank rows, the text's width and
 * margin, the tree's width), here rather than in the panes so that they are the same for
 * every source and are unit-tested without a terminal. */
#include "pizhu/page.h"

#include "pizhu/layout.h"

/* The title block: set apart and centred rather than indented. */
static bool title_block(enum outline_role r)
{
	return r == OUTLINE_ROLE_TITLE || r == OUTLINE_ROLE_SUBTITLE || r == OUTLINE_ROLE_SPEAKER ||
	       r == OUTLINE_ROLE_DATE || r == OUTLINE_ROLE_PART;
}

/* What the document's own paragraphs are counted over. */
static bool counted(enum outline_role r)
{
	return r == OUTLINE_ROLE_BODY || r == OUTLINE_ROLE_HEADING || r == OUTLINE_ROLE_CLOSING;
}

enum config_paragraphs page_paragraphs(const doc *d, const outline *o,
                                       enum config_paragraphs asked)
{
	if (asked != CONFIG_PARAGRAPHS_AUTO)
		return asked;
	size_t n = outline_para_count(o), indented = 0, blank = 0, all = 0;
	for (size_t i = 1; i < n; i++) {
		const struct outline_para *p = outline_para_at(o, i), *q = outline_para_at(o, i - 1);
		if (!counted(p->role))
			continue;
		all++;
		/* outline_para.start is past the leading blanks of its first line */
		if (p->start > doc_line_start(d, p->first_line))
			indented++;
		if (p->first_line > q->last_line + 1)
			blank++;
	}
	/* a few blank lines (a preface set apart, an appendix) do not make the document's way */
	return blank * 2 > all && blank > indented ? CONFIG_PARAGRAPHS_BLANK : CONFIG_PARAGRAPHS_INDENT;
}

struct page_para page_para(const doc *d, const outline *o, size_t p,
                           enum config_paragraphs way, unsigned width)
{
	struct page_para out = { 0, false };
	const struct outline_para *para = outline_para_at(o, p);
	const char *text = doc_text(d, NULL);
	bool tb = title_block(para->role);
	bool prev_tb = p > 0 && title_block(outline_para_at(o, p - 1)->role);
	if (p > 0)
		out.gap = tb != prev_tb || (!tb && way == CONFIG_PARAGRAPHS_BLANK);
	if (tb) {
		size_t cells = layout_cells(text, para->start, para->end);
		if (cells < width)
			out.indent = (unsigned)(width - cells) / 2;
	} else if (para->role != OUTLINE_ROLE_SALUTATION && way != CONFIG_PARAGRAPHS_BLANK &&
	           width > PAGE_INDENT_CELLS + 2) {
		out.indent = PAGE_INDENT_CELLS;
	}
	return out;
}

unsigned page_text_width(const struct config *cfg, unsigned pane, unsigned *margin)
{
	unsigned max = cfg && cfg->no_max_width ? 0
	               : cfg && cfg->max_width ? cfg->max_width : CONFIG_MAX_WIDTH_DEFAULT;
	unsigned w = pane ? pane : 1;
	if (max && w > max)
		w = max;
	*margin = pane > w ? (pane - w) / 2 : 0;
	return w;
}

int page_tree_width(int cols, int delta)
{
	if (cols <= PAGE_TREE_HIDDEN_AT)
		return 0;
	int w = cols * 3 / 8;
	if (w > PAGE_TREE_MAX)
		w = PAGE_TREE_MAX;
	w += delta;
	if (w > cols / 2)
		w = cols / 2;
	if (w < 12)
		w = 12;
	return w;
}
