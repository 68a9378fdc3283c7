/* The text pane: paragraphs wrapped to the pane (laid out lazily, only where the
 * reader looks, so a 40 MB file opens at once), headings styled by level, speech
 * metadata, placeholders, search matches and the sentence cursor. */
#include "pizhu/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/placeholder.h"
#include "pizhu/sentence.h"

bool text_init(struct app *a)
{
	a->npara = outline_para_count(a->o);
	a->pr = calloc(a->npara + 1, sizeof(*a->pr));
	free(a->heading_of);
	a->heading_of = calloc(a->npara + 1, sizeof(*a->heading_of));
	if (!a->pr || !a->heading_of)
		return false;
	layout_rows_init(&a->scratch);
	for (size_t i = 1; i < a->npara; i++)
		a->pr[i].gap = outline_para_at(a->o, i)->first_line >
		               outline_para_at(a->o, i - 1)->last_line + 1;
	size_t p = 0;
	for (size_t i = 0; i < outline_node_count(a->o); i++) {
		const struct outline_node *nd = outline_node_at(a->o, i);
		if (nd->inline_ || nd->kind == OUTLINE_SPEECH)
			continue;
		while (p < a->npara && outline_para_at(a->o, p)->end <= nd->start)
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
	return doc_line_start(a->d, outline_para_at(a->o, p)->first_line);
}


static const struct para_rows *text_rows(struct app *a, size_t p)
{
	struct para_rows *pr = &a->pr[p];
	if (pr->count)
		return pr;
	const struct outline_para *para = outline_para_at(a->o, p);
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
		return outline_para_at(a->o, a->top_para)->start;
	size_t r = a->top_row - gap;
	if (r >= pr->count)
		r = pr->count - 1;
	size_t off = pr->row[r].start;
	if (r == 0) /* past the indentation */
		off = outline_para_at(a->o, a->top_para)->start;
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
		return outline_para_at(a->o, p)->start;
	return pr->row[r - gap].end;
}

/* The paragraph holding off, or the first one after it. */
static size_t para_of(const struct app *a, size_t off)
{
	size_t lo = 0, hi = a->npara;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (outline_para_at(a->o, mid)->end <= off)
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
	const struct outline_para *para = outline_para_at(a->o, p);
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
	size_t pend = outline_para_at(a->o, p)->end;
	size_t s = skip_space(a, a->cur_end, pend);
	if (s >= pend) {
		if (p + 1 >= a->npara)
			return;
		s = outline_para_at(a->o, p + 1)->start;
	}
	text_set_cursor(a, s);
}

static void cursor_prev_sentence(struct app *a)
{
	size_t p = para_of(a, a->cur_start);
	const struct outline_para *para = outline_para_at(a->o, p);
	if (a->cur_start <= para->start) {
		if (p == 0)
			return;
		para = outline_para_at(a->o, p - 1);
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
	const struct outline_para *para = outline_para_at(a->o, p);
	if (dir > 0) {
		if (p + 1 < a->npara)
			text_set_cursor(a, outline_para_at(a->o, p + 1)->start);
	} else if (a->cur_start > para->start || p == 0) {
		text_set_cursor(a, para->start);
	} else {
		text_set_cursor(a, outline_para_at(a->o, p - 1)->start);
	}
}

static void cursor_section(struct app *a, int dir)
{
	size_t n = outline_node_count(a->o);
	if (dir > 0) {
		for (size_t i = 0; i < n; i++) {
			const struct outline_node *nd = outline_node_at(a->o, i);
			if (nd->start > a->cur_start && !nd->inline_) {
				text_set_cursor(a, nd->start);
				return;
			}
		}
		return;
	}
	for (size_t i = n; i-- > 0;) {
		const struct outline_node *nd = outline_node_at(a->o, i);
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
static void cursor_into_view(struct app *a)
{
	size_t p = para_of(a, a->cur_start), r = row_of(a, p, a->cur_start);
	if (!visible(a, p, r))
		text_set_cursor(a, text_top_offset(a));
}

/* ---- drawing ---------------------------------------------------------------------------- */

enum { MAX_SPANS = 256 };

struct span {
	size_t start, end;
};

static int base_attr(struct app *a, size_t p, size_t off)
{
	const struct outline_para *para = outline_para_at(a->o, p);
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
		const struct outline_node *nd = outline_node_at(a->o, a->heading_of[p] - 1);
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

static void draw_row(struct app *a, int y, int x, size_t p, const struct para_rows *pr, size_t r,
                     const struct span *ph, size_t nph, const struct span *mt, size_t nmt)
{
	const struct outline_para *para = outline_para_at(a->o, p);
	struct layout_rows view = {
		.row = pr->row, .count = pr->count, .text = a->text,
		.start = para_show_start(a, p), .end = para->end,
		.width = a->layout_width, .tab_width = 8,
	};
	struct layout_walk w;
	struct layout_cell c;
	int cur = app_attr(a, TE_TEXT_SENTENCE), srch = app_attr(a, TE_TEXT_SEARCH),
	    plh = app_attr(a, TE_TEXT_PLACEHOLDER);
	layout_walk_init(&w, &view, r);
	while (layout_walk_next(&w, &c)) {
		if (c.width == 0)
			continue;
		int attr = base_attr(a, p, c.start);
		if (in_spans(ph, nph, c.start))
			attr = plh | (attr & ~A_COLOR);
		if (in_spans(mt, nmt, c.start))
			attr = srch;
		if (c.start >= a->cur_start && c.start < a->cur_end && c.kind != LAYOUT_CELL_BLANK)
			attr = cur | (attr == srch ? A_UNDERLINE : 0); /* the current match, underlined */
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
		last = outline_para_at(a->o, p)->end;
		if (!next_row(a, &p, &r))
			break;
	}
	struct span ph[MAX_SPANS], mt[MAX_SPANS];
	size_t nph = 0, nmt = 0, ps, pe, from = first;
	while (nph < MAX_SPANS && placeholder_next(a->text, last, from, &ps, &pe)) {
		ph[nph++] = (struct span){ ps, pe };
		from = pe;
	}
	if (a->qlen && a->srch) {
		struct search_match m[MAX_SPANS];
		size_t n = 0;
		if (search_matches_in(a->srch, a->query, a->qlen, first, last, m, MAX_SPANS, &n) == PZ_OK)
			for (size_t i = 0; i < n; i++)
				mt[nmt++] = (struct span){ m[i].start, m[i].end };
	}
	p = a->top_para;
	r = a->top_row;
	for (int y = 0; y < height; y++) {
		size_t gap = a->pr[p].gap ? 1 : 0;
		const struct para_rows *pr = text_rows(a, p);
		if (pr && r >= gap)
			draw_row(a, top + y, left, p, pr, r - gap, ph, nph, mt, nmt);
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
			text_set_cursor(a, outline_para_at(a->o, a->npara - 1)->start);
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
		cursor_into_view(a);
		if (act == ACT_NEXT_SENTENCE)
			cursor_next_sentence(a);
		else if (act == ACT_PREV_SENTENCE)
			cursor_prev_sentence(a);
		else if (act == ACT_NEXT_PARAGRAPH || act == ACT_PREV_PARAGRAPH)
			cursor_paragraph(a, act == ACT_NEXT_PARAGRAPH ? 1 : -1);
		else
			cursor_section(a, act == ACT_NEXT_SECTION ? 1 : -1);
		text_show_offset(a, a->cur_start, false);
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
	default:
		return VIEW_IGNORED;
	}
}

const struct view_ops text_view = {
	.name = "text",
	.mode = MODE_TEXT,
	.draw = text_draw,
	.handle = text_handle,
};
