/* The text pane: paragraphs wrapped to the pane (laid out lazily, only where the
 * reader looks, so a 40 MB file opens at once), headings styled by level, speech
 * metadata, placeholders, search matches and the sentence cursor. */
#include "pizhu/ui/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/placeholder.h"
#include "pizhu/sentence.h"
#include "pizhu/ui/suggest.h"
#include "pizhu/ui/taglist.h"

bool text_init(struct app *a)
{
	a->npara = outline_para_count(session_outline(a->s));
	a->pr = calloc(a->npara + 1, sizeof(*a->pr));
	free(a->heading_of);
	a->heading_of = calloc(a->npara + 1, sizeof(*a->heading_of));
	if (!a->pr || !a->heading_of)
		return false;
	layout_rows_init(&a->scratch);
	for (size_t i = 1; i < a->npara; i++)
		a->pr[i].gap = outline_para_at(session_outline(a->s), i)->first_line >
		               outline_para_at(session_outline(a->s), i - 1)->last_line + 1;
	size_t p = 0;
	for (size_t i = 0; i < outline_node_count(session_outline(a->s)); i++) {
		const struct outline_node *nd = outline_node_at(session_outline(a->s), i);
		if (nd->inline_ || nd->kind == OUTLINE_SPEECH)
			continue;
		while (p < a->npara && outline_para_at(session_outline(a->s), p)->end <= nd->start)
			p++;
		if (p < a->npara && !a->heading_of[p])
			a->heading_of[p] = (uint32_t)(i + 1);
	}
	a->layout_width = 0;
	return true;
}

void text_reset_layout(struct app *a)
{
	for (size_t i = 0; i < a->npara; i++) {
		free(a->pr[i].row);
		a->pr[i].row = NULL;
		a->pr[i].count = 0;
	}
}

void text_free(struct app *a)
{
	if (a->pr)
		text_reset_layout(a);
	free(a->pr);
	a->pr = NULL;
	free(a->heading_of);
	a->heading_of = NULL;
	layout_rows_release(&a->scratch);
	a->npara = 0;
}

/* The bytes a paragraph shows: from its first line's start (the indentation is
 * kept for display) to its end. */
static size_t para_show_start(const struct app *a, size_t p)
{
	return doc_line_start(session_doc(a->s), outline_para_at(session_outline(a->s), p)->first_line);
}


static const struct para_rows *text_rows(struct app *a, size_t p)
{
	struct para_rows *pr = &a->pr[p];
	if (pr->count)
		return pr;
	const struct outline_para *para = outline_para_at(session_outline(a->s), p);
	unsigned width = a->layout_width ? a->layout_width : 80;
	if (layout_wrap(a->text, para_show_start(a, p), para->end, width, NULL, &a->scratch) != PZ_OK ||
	    !(pr->row = malloc(a->scratch.count * sizeof(*pr->row)))) {
		pr->row = NULL;
		return NULL;
	}
	memcpy(pr->row, a->scratch.row, a->scratch.count * sizeof(*pr->row));
	pr->count = (uint32_t)a->scratch.count;
	return pr;
}

/* Rows a paragraph shows on screen: the gap row, then its laid-out rows. */
static size_t shown_rows(struct app *a, size_t p)
{
	const struct para_rows *pr = text_rows(a, p);
	return (a->pr[p].gap ? 1 : 0) + (pr ? pr->count : 1);
}

static bool next_row(struct app *a, size_t *p, size_t *r)
{
	if (*r + 1 < shown_rows(a, *p)) {
		(*r)++;
		return true;
	}
	if (*p + 1 >= a->npara)
		return false;
	(*p)++;
	*r = 0;
	return true;
}

static bool prev_row(struct app *a, size_t *p, size_t *r)
{
	if (*r > 0) {
		(*r)--;
		return true;
	}
	if (*p == 0)
		return false;
	(*p)--;
	*r = shown_rows(a, *p) - 1;
	return true;
}

/* Rows from (p, r) to the end, counting at most limit. */
static size_t rows_below(struct app *a, size_t p, size_t r, size_t limit)
{
	size_t n = 1;
	while (n < limit && next_row(a, &p, &r))
		n++;
	return n;
}

size_t text_top_offset(struct app *a)
{
	if (!a->npara)
		return 0;
	const struct para_rows *pr = text_rows(a, a->top_para);
	size_t gap = a->pr[a->top_para].gap ? 1 : 0;
	if (!pr || a->top_row < gap)
		return outline_para_at(session_outline(a->s), a->top_para)->start;
	size_t r = a->top_row - gap;
	if (r >= pr->count)
		r = pr->count - 1;
	size_t off = pr->row[r].start;
	if (r == 0) /* past the indentation */
		off = outline_para_at(session_outline(a->s), a->top_para)->start;
	return off;
}

size_t text_bottom_offset(struct app *a)
{
	if (!a->npara)
		return a->len;
	size_t p = a->top_para, r = a->top_row;
	for (int i = 1; i < a->text_height && next_row(a, &p, &r); i++)
		;
	if (p + 1 >= a->npara && r + 1 >= shown_rows(a, p))
		return a->len;
	const struct para_rows *pr = text_rows(a, p);
	size_t gap = a->pr[p].gap ? 1 : 0;
	if (!pr || r < gap)
		return outline_para_at(session_outline(a->s), p)->start;
	return pr->row[r - gap].end;
}

/* The paragraph holding off, or the first one after it. */
static size_t para_of(const struct app *a, size_t off)
{
	size_t lo = 0, hi = a->npara;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (outline_para_at(session_outline(a->s), mid)->end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->npara ? lo : (a->npara ? a->npara - 1 : 0);
}

/* The shown row (gap included) of paragraph p that holds off. */
static size_t row_of(struct app *a, size_t p, size_t off)
{
	const struct para_rows *pr = text_rows(a, p);
	size_t gap = a->pr[p].gap ? 1 : 0;
	if (!pr)
		return gap;
	size_t lo = 0, hi = pr->count;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (pr->row[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	return gap + lo;
}

static void clamp_bottom(struct app *a)
{
	size_t h = a->text_height > 0 ? (size_t)a->text_height : 1;
	if (rows_below(a, a->top_para, a->top_row, h + 1) > h)
		return;
	/* fewer rows than a screen below the top: show the last screen */
	size_t p = a->npara - 1, r = shown_rows(a, p) - 1;
	for (size_t i = 1; i < h && prev_row(a, &p, &r); i++)
		;
	a->top_para = p;
	a->top_row = r;
}

static bool visible(struct app *a, size_t p, size_t r)
{
	size_t tp = a->top_para, tr = a->top_row;
	for (int i = 0; i < a->text_height; i++) {
		if (tp == p && tr == r)
			return true;
		if (tp > p || !next_row(a, &tp, &tr))
			return false;
	}
	return false;
}

void text_show_offset(struct app *a, size_t off, bool at_top)
{
	if (!a->npara)
		return;
	size_t p = para_of(a, off), r = row_of(a, p, off);
	if (!at_top && visible(a, p, r))
		return;
	a->top_para = p;
	a->top_row = r;
	if (!at_top) /* a little context above */
		for (int i = 0; i < a->text_height / 3 && prev_row(a, &a->top_para, &a->top_row); i++)
			;
	clamp_bottom(a);
}

/* ---- sentences -------------------------------------------------------------------------- */

static size_t skip_space(const struct app *a, size_t i, size_t end)
{
	while (i < end) {
		unsigned char c = (unsigned char)a->text[i];
		if (c == ' ' || c == '\t' || c == '\n')
			i++;
		else if (c == 0xE3 && i + 3 <= end && (unsigned char)a->text[i + 1] == 0x80 &&
		         (unsigned char)a->text[i + 2] == 0x80)
			i += 3;
		else
			break;
	}
	return i;
}

/* The end of the sentence starting at s, across the line breaks of a hard-wrapped
 * paragraph. */
static size_t sentence_to(const struct app *a, size_t s, size_t pend)
{
	size_t e = sentence_end(a->text, pend, s);
	while (e < pend && a->text[e] == '\n')
		e = sentence_end(a->text, pend, e + 1);
	return e;
}

void text_set_cursor(struct app *a, size_t off)
{
	if (!a->npara) {
		a->cur_start = a->cur_end = 0;
		return;
	}
	size_t p = para_of(a, off);
	const struct outline_para *para = outline_para_at(session_outline(a->s), p);
	size_t s = para->start;
	if (off < s)
		off = s;
	while (s < para->end) {
		size_t e = sentence_to(a, s, para->end);
		if (off < e || e >= para->end) {
			a->cur_start = s;
			a->cur_end = e;
			return;
		}
		s = skip_space(a, e, para->end);
	}
	a->cur_start = para->start;
	a->cur_end = para->end;
}

static void cursor_next_sentence(struct app *a)
{
	size_t p = para_of(a, a->cur_start);
	size_t pend = outline_para_at(session_outline(a->s), p)->end;
	size_t s = skip_space(a, a->cur_end, pend);
	if (s >= pend) {
		if (p + 1 >= a->npara)
			return;
		s = outline_para_at(session_outline(a->s), p + 1)->start;
	}
	text_set_cursor(a, s);
}

static void cursor_prev_sentence(struct app *a)
{
	size_t p = para_of(a, a->cur_start);
	const struct outline_para *para = outline_para_at(session_outline(a->s), p);
	if (a->cur_start <= para->start) {
		if (p == 0)
			return;
		para = outline_para_at(session_outline(a->s), p - 1);
		size_t s = para->start, last = s;
		while (s < para->end) {
			last = s;
			s = skip_space(a, sentence_to(a, s, para->end), para->end);
		}
		text_set_cursor(a, last);
		return;
	}
	size_t s = para->start, last = s;
	while (s < a->cur_start) {
		last = s;
		s = skip_space(a, sentence_to(a, s, para->end), para->end);
	}
	text_set_cursor(a, last);
}

static void cursor_paragraph(struct app *a, int dir)
{
	size_t p = para_of(a, a->cur_start);
	const struct outline_para *para = outline_para_at(session_outline(a->s), p);
	if (dir > 0) {
		if (p + 1 < a->npara)
			text_set_cursor(a, outline_para_at(session_outline(a->s), p + 1)->start);
	} else if (a->cur_start > para->start || p == 0) {
		text_set_cursor(a, para->start);
	} else {
		text_set_cursor(a, outline_para_at(session_outline(a->s), p - 1)->start);
	}
}

static void cursor_section(struct app *a, int dir)
{
	size_t n = outline_node_count(session_outline(a->s));
	if (dir > 0) {
		for (size_t i = 0; i < n; i++) {
			const struct outline_node *nd = outline_node_at(session_outline(a->s), i);
			if (nd->start > a->cur_start && !nd->inline_) {
				text_set_cursor(a, nd->start);
				return;
			}
		}
		return;
	}
	for (size_t i = n; i-- > 0;) {
		const struct outline_node *nd = outline_node_at(session_outline(a->s), i);
		if (nd->start < a->cur_start && !nd->inline_) {
			text_set_cursor(a, nd->start);
			return;
		}
	}
}

void text_show_match(struct app *a, const struct search_match *m, bool backward)
{
	a->cur_start = m->start;
	a->cur_end = m->end;
	text_show_offset(a, m->start, false);
	if (m->wrapped)
		app_message(a, false, backward ? "search hit the top, continuing at the bottom"
		                               : "search hit the bottom, continuing at the top");
}

/* A cursor that is off the screen goes to the first sentence shown. */
void text_cursor_into_view(struct app *a)
{
	size_t p = para_of(a, a->cur_start), r = row_of(a, p, a->cur_start);
	if (!visible(a, p, r))
		text_set_cursor(a, text_top_offset(a));
}

/* ---- selecting ------------------------------------------------------------------------- */

static size_t char_after(const struct app *a, size_t i)
{
	if (i >= a->len)
		return a->len;
	i++;
	while (i < a->len && ((unsigned char)a->text[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static size_t char_before(const struct app *a, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)a->text[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* A clause ends after ，；： (full or half width) or a sentence's end; 、 only
 * separates items within a clause. */
static bool ends_clause(const struct app *a, size_t i)
{
	static const char *const marks[] = {"，", "；", "：", "。", "！", "？", ",", ";", ":"};
	for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
		size_t n = strlen(marks[k]);
		if (i + n <= a->len && !memcmp(a->text + i, marks[k], n))
			return true;
	}
	return false;
}

static void select_begin(struct app *a)
{
	if (a->selecting)
		return;
	text_cursor_into_view(a);
	a->selecting = true;
	a->sel_start = a->cur_start;
	a->sel_end = a->cur_end;
}

/* Where text after a paragraph's end goes on: the next paragraph's start. */
static size_t onward(const struct app *a, size_t e)
{
	size_t p = para_of(a, e > 0 ? e - 1 : 0);
	const struct outline_para *para = outline_para_at(session_outline(a->s), p);
	size_t s = skip_space(a, e, para->end);
	if (s < para->end)
		return s;
	return p + 1 < a->npara ? outline_para_at(session_outline(a->s), p + 1)->start : a->len;
}

static void extend_sentence(struct app *a)
{
	size_t s = onward(a, a->sel_end);
	if (s >= a->len)
		return;
	const struct outline_para *para = outline_para_at(session_outline(a->s), para_of(a, s));
	a->sel_end = sentence_to(a, s, para->end);
}

static void shrink_sentence(struct app *a)
{
	size_t p = para_of(a, a->sel_end - 1);
	const struct outline_para *para = outline_para_at(session_outline(a->s), p);
	size_t best = 0;
	for (size_t s = para->start; s < para->end && s < a->sel_end;) {
		size_t e = sentence_to(a, s, para->end);
		if (e > a->sel_start && e < a->sel_end)
			best = e;
		s = skip_space(a, e, para->end);
	}
	if (!best && p > 0 && outline_para_at(session_outline(a->s), p - 1)->end > a->sel_start)
		best = outline_para_at(session_outline(a->s), p - 1)->end;
	if (best)
		a->sel_end = best;
	else
		app_message(a, true, "the selection is one sentence: h shrinks it by a character");
}

static void extend_clause(struct app *a)
{
	size_t i = onward(a, a->sel_end);
	if (i >= a->len)
		return;
	size_t pend = outline_para_at(session_outline(a->s), para_of(a, i))->end;
	while (i < pend && !ends_clause(a, i))
		i = char_after(a, i);
	while (i < pend && ends_clause(a, i)) /* the mark, and one right after it (：“) */
		i = char_after(a, i);
	a->sel_end = i;
}

static void shrink_clause(struct app *a)
{
	size_t i = char_before(a, a->sel_end);
	while (i > a->sel_start && ends_clause(a, i)) /* over the mark that ends it */
		i = char_before(a, i);
	while (i > a->sel_start && !ends_clause(a, char_before(a, i)))
		i = char_before(a, i);
	if (i > a->sel_start)
		a->sel_end = i;
	else
		app_message(a, true, "the selection is one clause: h shrinks it by a character");
}

static void select_point(struct app *a)
{
	size_t n = outline_node_count(session_outline(a->s)), best = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		const struct outline_node *nd = outline_node_at(session_outline(a->s), i);
		if (nd->start > a->cur_start)
			break;
		if (nd->kind != OUTLINE_SPEECH && a->cur_start < nd->end)
			best = i;
	}
	if (best == SIZE_MAX) {
		app_message(a, true, "the cursor is in no section or point");
		return;
	}
	const struct outline_node *nd = outline_node_at(session_outline(a->s), best);
	size_t e = nd->end;
	while (e > nd->start && (a->text[e - 1] == '\n' || a->text[e - 1] == ' '))
		e--;
	a->selecting = true;
	a->sel_start = nd->start;
	a->sel_end = e;
}

static int select_action(struct app *a, enum action act)
{
	if (!a->npara)
		return VIEW_HANDLED;
	switch (act) {
	case ACT_SELECT:
		if (a->selecting)
			a->selecting = false;
		else
			select_begin(a);
		break;
	case ACT_CANCEL:
		if (!a->selecting)
			return VIEW_IGNORED;
		a->selecting = false;
		break;
	case ACT_EXTEND_SENTENCE:
		select_begin(a);
		extend_sentence(a);
		break;
	case ACT_SHRINK_SENTENCE:
		select_begin(a);
		shrink_sentence(a);
		break;
	case ACT_EXTEND_CLAUSE:
		select_begin(a);
		extend_clause(a);
		break;
	case ACT_SHRINK_CLAUSE:
		select_begin(a);
		shrink_clause(a);
		break;
	case ACT_EXTEND_CHAR:
		select_begin(a);
		a->sel_end = char_after(a, a->sel_end);
		break;
	case ACT_SHRINK_CHAR:
		select_begin(a);
		if (char_before(a, a->sel_end) > a->sel_start)
			a->sel_end = char_before(a, a->sel_end);
		break;
	case ACT_SELECT_PARAGRAPH: {
		text_cursor_into_view(a);
		const struct outline_para *para = outline_para_at(session_outline(a->s), para_of(a, a->cur_start));
		a->selecting = true;
		a->sel_start = para->start;
		a->sel_end = para->end;
		break;
	}
	case ACT_SELECT_POINT:
		text_cursor_into_view(a);
		select_point(a);
		break;
	default:
		return VIEW_IGNORED;
	}
	if (a->selecting) {
		text_show_offset(a, a->sel_end > a->sel_start ? char_before(a, a->sel_end) : a->sel_start, false);
		if (!a->message[0])
			app_message(a, false, "selected %zu characters: r m s z p tag them, Esc drops them",
			            doc_char_index(session_doc(a->s), a->sel_end) - doc_char_index(session_doc(a->s), a->sel_start));
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* ---- drawing ---------------------------------------------------------------------------- */

enum { MAX_SPANS = 256 };

struct span {
	size_t start, end;
	int attr;
};

static int base_attr(struct app *a, size_t p, size_t off)
{
	const struct outline_para *para = outline_para_at(session_outline(a->s), p);
	switch (para->role) {
	case OUTLINE_ROLE_TITLE:
	case OUTLINE_ROLE_SUBTITLE:
	case OUTLINE_ROLE_SPEAKER:
	case OUTLINE_ROLE_DATE:
	case OUTLINE_ROLE_PART:
		return app_attr(a, TE_TEXT_TITLE);
	default:
		break;
	}
	if (a->heading_of[p]) {
		const struct outline_node *nd = outline_node_at(session_outline(a->s), a->heading_of[p] - 1);
		if (off >= nd->start && off < nd->title_end)
			return app_attr(a, nd->depth <= 1 ? TE_TEXT_HEADING1
			                   : nd->depth == 2 ? TE_TEXT_HEADING2 : TE_TEXT_HEADING3);
	}
	return app_attr(a, TE_TEXT_NORMAL);
}

static bool in_spans(const struct span *v, size_t n, size_t off)
{
	for (size_t i = 0; i < n; i++)
		if (off >= v[i].start && off < v[i].end)
			return true;
	return false;
}

/* The attribute of the last span holding off, or -1. */
static int span_attr(const struct span *v, size_t n, size_t off)
{
	for (size_t i = n; i-- > 0;)
		if (off >= v[i].start && off < v[i].end)
			return v[i].attr;
	return -1;
}

static void draw_row(struct app *a, int y, int x, size_t p, const struct para_rows *pr, size_t r,
                     const struct span *ph, size_t nph, const struct span *mt, size_t nmt,
                     const struct span *tg, size_t ntg, const struct span *sg, size_t nsg)
{
	const struct outline_para *para = outline_para_at(session_outline(a->s), p);
	struct layout_rows view = {
		.row = pr->row, .count = pr->count, .text = a->text,
		.start = para_show_start(a, p), .end = para->end,
		.width = a->layout_width, .tab_width = 8,
	};
	struct layout_walk w;
	struct layout_cell c;
	int cur = app_attr(a, TE_TEXT_SENTENCE), srch = app_attr(a, TE_TEXT_SEARCH),
	    plh = app_attr(a, TE_TEXT_PLACEHOLDER), sel = app_attr(a, TE_TEXT_SELECTION);
	layout_walk_init(&w, &view, r);
	while (layout_walk_next(&w, &c)) {
		if (c.width == 0)
			continue;
		int attr = base_attr(a, p, c.start);
		int tag = span_attr(tg, ntg, c.start);
		if (tag >= 0 && c.kind != LAYOUT_CELL_BLANK)
			attr = tag | (attr & (int)A_BOLD); /* a heading stays bold */
		else if (c.kind != LAYOUT_CELL_BLANK && (tag = span_attr(sg, nsg, c.start)) >= 0)
			attr = tag | (attr & (int)A_BOLD); /* a suggestion, under any tag */
		if (in_spans(ph, nph, c.start))
			attr = plh | (attr & ~A_COLOR);
		if (in_spans(mt, nmt, c.start))
			attr = srch;
		if (a->selecting) {
			if (c.start >= a->sel_start && c.start < a->sel_end && c.kind != LAYOUT_CELL_BLANK)
				attr = sel;
		} else if (c.start >= a->cur_start && c.start < a->cur_end && c.kind != LAYOUT_CELL_BLANK) {
			/* the current match is underlined; a tag keeps its underline and boldness */
			attr = cur | (attr == srch ? A_UNDERLINE : 0) |
			       (tag >= 0 ? tag & (int)(A_UNDERLINE | A_BOLD) : 0);
		}
		attrset(attr);
		int cx = x + (int)c.col;
		switch (c.kind) {
		case LAYOUT_CELL_TEXT:
			mvaddnstr(y, cx, a->text + c.start, (int)(c.end - c.start));
			break;
		case LAYOUT_CELL_BLANK:
			for (unsigned i = 0; i < c.width; i++)
				mvaddch(y, cx + (int)i, ' ');
			break;
		case LAYOUT_CELL_REPLACED:
			mvaddstr(y, cx, "\xEF\xBF\xBD");
			break;
		case LAYOUT_CELL_TOO_WIDE:
			mvaddch(y, cx, '>');
			break;
		case LAYOUT_CELL_HIDDEN:
			break;
		}
	}
	attrset(A_NORMAL);
}

void text_prepare(struct app *a, int height, int width)
{
	if (width < 1 || height < 1)
		return;
	if ((unsigned)width != a->layout_width) {
		bool had = a->layout_width != 0;
		text_reset_layout(a);
		a->layout_width = (unsigned)width;
		if (had) /* the same first byte at the new width, not the snapped row's */
			text_show_offset(a, a->anchor, true);
	}
	a->text_height = height;
	if (!a->npara)
		return;
	if (a->restore) { /* where reading stopped last time (the cursor stays off screen
		                   * until a sentence motion, as it was when the reader left) */
		text_show_offset(a, a->restore, true);
		a->anchor = a->restore;
		a->restore = 0;
	}
	clamp_bottom(a);
}

static void text_draw(struct app *a, int top, int left, int height, int width)
{
	if (width < 1 || height < 1 || !a->npara)
		return;
	text_prepare(a, height, width);
	/* the byte range on screen, for placeholders and matches */
	size_t p = a->top_para, r = a->top_row, first = text_top_offset(a), last = first;
	for (int i = 0; i < height; i++) {
		last = outline_para_at(session_outline(a->s), p)->end;
		if (!next_row(a, &p, &r))
			break;
	}
	struct span ph[MAX_SPANS], mt[MAX_SPANS], tg[MAX_SPANS];
	size_t nph = 0, nmt = 0, ntg = 0, ps, pe, from = first;
	while (nph < MAX_SPANS && placeholder_next(a->text, last, from, &ps, &pe)) {
		ph[nph++] = (struct span){ ps, pe, 0 };
		from = pe;
	}
	struct span sg[MAX_SPANS];
	size_t nsg = 0;
	int sattr = app_attr(a, TE_TAG_SUGGESTION);
	const suggestions *sugg = session_suggestions(a->s);
	size_t nitems = 0;
	const struct detect_item *items = sugg ? suggestions_items(sugg, &nitems) : NULL;
	for (size_t i = suggest_shown_at(a, first, last); i < nitems && nsg < MAX_SPANS; i++) {
		if (items[i].start >= last)
			break;
		if (!suggestions_hidden(sugg, i) && items[i].end > first)
			sg[nsg++] = (struct span){ items[i].start, items[i].end, sattr };
	}
	for (size_t i = 0; session_tags(a->s) && i < tagset_count(session_tags(a->s)) && ntg < MAX_SPANS; i++) {
		const struct tag *t = tagset_at(session_tags(a->s), i);
		if (t->a.anchor == STORE_ORPHANED || t->start >= last)
			break;
		if (t->end > first)
			tg[ntg++] = (struct span){ t->start, t->end, taglist_tag_attr(a, t) };
	}
	if (a->qlen && a->srch) {
		struct search_match m[MAX_SPANS];
		size_t n = 0;
		if (search_matches_in(a->srch, a->query, a->qlen, first, last, m, MAX_SPANS, &n) == PZ_OK)
			for (size_t i = 0; i < n; i++)
				mt[nmt++] = (struct span){ m[i].start, m[i].end, 0 };
	}
	p = a->top_para;
	r = a->top_row;
	for (int y = 0; y < height; y++) {
		size_t gap = a->pr[p].gap ? 1 : 0;
		const struct para_rows *pr = text_rows(a, p);
		if (pr && r >= gap)
			draw_row(a, top + y, left, p, pr, r - gap, ph, nph, mt, nmt, tg, ntg, sg, nsg);
		if (!next_row(a, &p, &r))
			break;
	}
}

static int text_handle(struct app *a, enum action act)
{
	int page = a->text_height > 1 ? a->text_height - 1 : 1;
	size_t h = a->text_height > 0 ? (size_t)a->text_height : 1;
	switch (act) {
	case ACT_LINE_DOWN:
	case ACT_HALF_PAGE_DOWN:
	case ACT_PAGE_DOWN: {
		int n = act == ACT_LINE_DOWN ? 1 : act == ACT_PAGE_DOWN ? page : page / 2 + 1;
		for (int i = 0; i < n; i++) {
			if (rows_below(a, a->top_para, a->top_row, h + 1) <= h)
				break;
			next_row(a, &a->top_para, &a->top_row);
		}
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	case ACT_LINE_UP:
	case ACT_HALF_PAGE_UP:
	case ACT_PAGE_UP: {
		int n = act == ACT_LINE_UP ? 1 : act == ACT_PAGE_UP ? page : page / 2 + 1;
		for (int i = 0; i < n && prev_row(a, &a->top_para, &a->top_row); i++)
			;
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	case ACT_TOP:
		a->top_para = a->top_row = 0;
		text_set_cursor(a, 0);
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_BOTTOM:
		if (a->npara) {
			a->top_para = a->npara - 1;
			a->top_row = shown_rows(a, a->top_para) - 1;
			clamp_bottom(a);
			text_set_cursor(a, outline_para_at(session_outline(a->s), a->npara - 1)->start);
		}
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_NEXT_SENTENCE:
	case ACT_PREV_SENTENCE:
	case ACT_NEXT_PARAGRAPH:
	case ACT_PREV_PARAGRAPH:
	case ACT_NEXT_SECTION:
	case ACT_PREV_SECTION:
		if (!a->npara)
			return VIEW_HANDLED;
		/* scrolling leaves the cursor where it was: off screen, it starts again from
		 * the first sentence shown (and repainting it on every line would cost bytes) */
		text_cursor_into_view(a);
		a->selecting = false;
		if (act == ACT_NEXT_SENTENCE)
			cursor_next_sentence(a);
		else if (act == ACT_PREV_SENTENCE)
			cursor_prev_sentence(a);
		else if (act == ACT_NEXT_PARAGRAPH || act == ACT_PREV_PARAGRAPH)
			cursor_paragraph(a, act == ACT_NEXT_PARAGRAPH ? 1 : -1);
		else
			cursor_section(a, act == ACT_NEXT_SECTION ? 1 : -1);
		text_show_offset(a, a->cur_start, false);
		taglist_describe_cursor(a);
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV: {
		if (!a->qlen) {
			app_message(a, true, "no search yet: / searches forward, ? backward");
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		bool back = (act == ACT_SEARCH_PREV) != a->search_back;
		struct search_match m;
		size_t from = back ? a->cur_start : a->cur_start + 1;
		enum pz_status st = search_find(a->srch, a->query, a->qlen, from > a->len ? a->len : from,
		                                back ? SEARCH_BACKWARD : SEARCH_FORWARD, &m);
		if (st != PZ_OK) {
			app_message(a, true, "pattern not found: %.*s", (int)a->qlen, a->query);
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		text_show_match(a, &m, back);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	default: {
		int f = select_action(a, act);
		if (f == VIEW_IGNORED)
			f = suggest_action(a, act);
		return f != VIEW_IGNORED ? f : taglist_text_action(a, act);
	}
	}
}

const struct view_ops text_view = {
	.name = "text",
	.mode = MODE_TEXT,
	.draw = text_draw,
	.handle = text_handle,
};
