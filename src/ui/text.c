/* The text pane: paragraphs wrapped to the pane lazily, where reading stands, the
 * sentence cursor and the selection, search, and the layers of styled spans it draws.
 * Tagging and suggestions act on it from their own files (tagging.c, suggest.c), through
 * text.h, and add their layers to it. */
#include "pizhu/ui/text.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/i18n.h"
#include "pizhu/layout.h"
#include "pizhu/outline.h"
#include "pizhu/page.h"
#include "pizhu/placeholder.h"
#include "pizhu/sentence.h"
#include "pizhu/utf8.h"
#include "pizhu/session.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/cite.h"
#include "pizhu/ui/prompt.h"
#include "pizhu/ui/screen.h"
#include "pizhu/ui/suggest.h"
#include "pizhu/ui/tagging.h"

/* Where the pane was last drawn, and its first row then. */
struct text_drawn {
	bool valid;
	size_t para, row;
	int top, left, height, width;
};

/* A paragraph's rows at the current width, laid out once and kept. */
struct para_rows {
	struct layout_row *row;
	uint32_t count;          /* 0: not laid out yet (every paragraph has a row) */
	uint32_t indent;         /* cells before its first row (page_para) */
	bool gap;                /* a blank row before it (page_para) */
};

struct text {
	session *s;                    /* the document shown (borrowed) */
	const char *t;                 /* its text, t[0..len) */
	size_t len;
	const outline *o;
	size_t npara;
	struct para_rows *pr;
	uint32_t *heading_of;          /* per paragraph: the heading node in it, + 1 (0: none) */
	unsigned layout_width;         /* the text's width (page_text_width) */
	unsigned pane_width;           /* the pane's, when it was laid out */
	unsigned margin;               /* cells left of the text (centred in the pane) */
	enum config_paragraphs paragraphs; /* as the config asks (paragraphs =) */
	enum config_paragraphs way;    /* how paragraphs are told apart (page_paragraphs) */
	struct layout_rows scratch;
	/* the first row shown is row top_row of paragraph top_para (row 0 is the blank gap
	 * row when the paragraph has one) */
	size_t top_para, top_row;
	size_t anchor;                 /* the first byte the reader chose to see: kept across
	                                  re-wrapping, so resizing never drifts */
	size_t seen_para, seen_row;    /* the top when the anchor was last taken or kept */
	size_t restore;                /* a position to show once the pane has a size (0: none) */
	size_t cur_start, cur_end;     /* the sentence cursor */
	bool selecting;
	size_t sel_start, sel_end;
	bool sel_front;                /* the keys that extend and shrink move its start */
	/* search */
	search *srch;
	char query[1024];
	size_t qlen;                   /* 0: no search */
	char before[1024];             /* the search before the one being typed: Esc */
	size_t before_len;             /* brings it back */
	bool search_back;              /* the last search's direction */
	struct prompt_history *history; /* of searches, lines and percentages (kept) */
	struct text_layer layers[TEXT_LAYERS_MAX];
	size_t nlayers;
	struct text_drawn drawn;       /* what the screen shows of it (text_scrolled) */
};

static struct text *priv(struct view *tv)
{
	return tv->priv;
}

/* ---- layout ------------------------------------------------------------------------------ */

/* The paragraphs and headings of the session's outline. */
static bool layout_init(struct text *t)
{
	t->npara = outline_para_count(t->o);
	t->pr = calloc(t->npara + 1, sizeof(*t->pr));
	t->heading_of = calloc(t->npara + 1, sizeof(*t->heading_of));
	if (!t->pr || !t->heading_of)
		return false;
	const doc *d = session_doc(t->s);
	t->way = page_paragraphs(d, t->o, t->paragraphs);
	for (size_t i = 1; i < t->npara; i++)
		t->pr[i].gap = page_para(d, t->o, i, t->way, 80).gap;
	size_t p = 0;
	for (size_t i = 0; i < outline_node_count(t->o); i++) {
		const struct outline_node *nd = outline_node_at(t->o, i);
		if (nd->inline_ || nd->kind == OUTLINE_SPEECH)
			continue;
		while (p < t->npara && outline_para_at(t->o, p)->end <= nd->start)
			p++;
		if (p < t->npara && !t->heading_of[p])
			t->heading_of[p] = (uint32_t)(i + 1);
	}
	t->layout_width = 0;
	return true;
}

static void reset_layout(struct text *t)
{
	for (size_t i = 0; t->pr && i < t->npara; i++) {
		free(t->pr[i].row);
		t->pr[i].row = NULL;
		t->pr[i].count = 0;
	}
}

static void layout_free(struct text *t)
{
	reset_layout(t);
	free(t->pr);
	t->pr = NULL;
	free(t->heading_of);
	t->heading_of = NULL;
	t->npara = 0;
}

static const struct para_rows *text_rows(struct view *tv, size_t p)
{
	struct text *t = priv(tv);
	struct para_rows *pr = &t->pr[p];
	if (pr->count)
		return pr;
	const struct outline_para *para = outline_para_at(t->o, p);
	unsigned width = t->layout_width ? t->layout_width : 80;
	/* the paragraph's own indentation is not shown: the page sets every one alike */
	struct layout_options opt = { 0 };
	opt.indent = page_para(session_doc(t->s), t->o, p, t->way, width).indent;
	if (layout_wrap(t->t, para->start, para->end, width, &opt, &t->scratch) != PZ_OK ||
	    !(pr->row = malloc(t->scratch.count * sizeof(*pr->row)))) {
		pr->row = NULL;
		return NULL;
	}
	memcpy(pr->row, t->scratch.row, t->scratch.count * sizeof(*pr->row));
	pr->count = (uint32_t)t->scratch.count;
	pr->indent = t->scratch.indent;
	return pr;
}

/* Rows a paragraph shows on screen: the gap row, then its laid-out rows. */
static size_t shown_rows(struct view *tv, size_t p)
{
	const struct para_rows *pr = text_rows(tv, p);
	return (priv(tv)->pr[p].gap ? 1 : 0) + (pr ? pr->count : 1);
}

static bool next_row(struct view *tv, size_t *p, size_t *r)
{
	if (*r + 1 < shown_rows(tv, *p)) {
		(*r)++;
		return true;
	}
	if (*p + 1 >= priv(tv)->npara)
		return false;
	(*p)++;
	*r = 0;
	return true;
}

static bool prev_row(struct view *tv, size_t *p, size_t *r)
{
	if (*r > 0) {
		(*r)--;
		return true;
	}
	if (*p == 0)
		return false;
	(*p)--;
	*r = shown_rows(tv, *p) - 1;
	return true;
}

/* Rows from (p, r) to the end, counting at most limit. */
static size_t rows_below(struct view *tv, size_t p, size_t r, size_t limit)
{
	size_t n = 1;
	while (n < limit && next_row(tv, &p, &r))
		n++;
	return n;
}

size_t text_top_offset(struct view *tv)
{
	struct text *t = priv(tv);
	if (!t->npara)
		return 0;
	const struct para_rows *pr = text_rows(tv, t->top_para);
	size_t gap = t->pr[t->top_para].gap ? 1 : 0;
	if (!pr || t->top_row < gap)
		return outline_para_at(t->o, t->top_para)->start;
	size_t r = t->top_row - gap;
	if (r >= pr->count)
		r = pr->count - 1;
	if (r == 0) /* past the indentation */
		return outline_para_at(t->o, t->top_para)->start;
	return pr->row[r].start;
}

size_t text_bottom_offset(struct view *tv)
{
	struct text *t = priv(tv);
	if (!t->npara)
		return t->len;
	size_t p = t->top_para, r = t->top_row;
	for (int i = 1; i < tv->height && next_row(tv, &p, &r); i++)
		;
	if (p + 1 >= t->npara && r + 1 >= shown_rows(tv, p))
		return t->len;
	const struct para_rows *pr = text_rows(tv, p);
	size_t gap = t->pr[p].gap ? 1 : 0;
	if (!pr || r < gap)
		return outline_para_at(t->o, p)->start;
	return pr->row[r - gap].end;
}

/* The paragraph holding off, or the first one after it. */
static size_t para_of(const struct text *t, size_t off)
{
	size_t lo = 0, hi = t->npara;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (outline_para_at(t->o, mid)->end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->npara ? lo : (t->npara ? t->npara - 1 : 0);
}

/* The shown row (gap included) of paragraph p that holds off. */
static size_t row_of(struct view *tv, size_t p, size_t off)
{
	const struct para_rows *pr = text_rows(tv, p);
	size_t gap = priv(tv)->pr[p].gap ? 1 : 0;
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

static void clamp_bottom(struct view *tv)
{
	struct text *t = priv(tv);
	size_t h = tv->height > 0 ? (size_t)tv->height : 1;
	if (rows_below(tv, t->top_para, t->top_row, h + 1) > h)
		return;
	/* fewer rows than a screen below the top: show the last screen */
	size_t p = t->npara - 1, r = shown_rows(tv, p) - 1;
	for (size_t i = 1; i < h && prev_row(tv, &p, &r); i++)
		;
	t->top_para = p;
	t->top_row = r;
}

static bool visible(struct view *tv, size_t p, size_t r)
{
	struct text *t = priv(tv);
	size_t tp = t->top_para, tr = t->top_row;
	for (int i = 0; i < tv->height; i++) {
		if (tp == p && tr == r)
			return true;
		if (tp > p || !next_row(tv, &tp, &tr))
			return false;
	}
	return false;
}

static void show(struct view *tv, size_t off, bool at_top)
{
	struct text *t = priv(tv);
	if (!t->npara)
		return;
	size_t p = para_of(t, off), r = row_of(tv, p, off);
	if (!at_top && visible(tv, p, r))
		return;
	t->top_para = p;
	t->top_row = r;
	if (!at_top) /* a little context above */
		for (int i = 0; i < tv->height / 3 && prev_row(tv, &t->top_para, &t->top_row); i++)
			;
	clamp_bottom(tv);
}

void text_show_offset(struct view *tv, size_t off, bool at_top)
{
	show(tv, off, at_top);
}

/* The top as it stands is where the reader is (not a move of theirs: re-wrapping). */
static void keep_anchor(struct text *t)
{
	t->seen_para = t->top_para;
	t->seen_row = t->top_row;
}

/* Gives the pane its size: re-wraps when the width changed (keeping the first byte
 * shown) and shows a saved position once there is a size to show it in. */
static void text_resize(struct view *tv)
{
	struct text *t = priv(tv);
	if (tv->width < 1 || tv->height < 1)
		return;
	unsigned margin, width = page_text_width(&tv->app->cfg, (unsigned)tv->width, &margin);
	t->pane_width = (unsigned)tv->width;
	t->margin = margin;
	if (width != t->layout_width) {
		bool had = t->layout_width != 0;
		reset_layout(t);
		t->layout_width = width;
		if (had) { /* the same first byte at the new width, not the snapped row's */
			show(tv, t->anchor, true);
			keep_anchor(t);
		}
	}
	if (!t->npara)
		return;
	if (t->restore) { /* where reading stopped last time (the cursor stays off screen
		                 * until a sentence motion, as it was when the reader left) */
		show(tv, t->restore, true);
		t->anchor = t->restore;
		t->restore = 0;
		keep_anchor(t);
	}
	clamp_bottom(tv);
}

/* Where the reader is: the sentence cursor while it is on screen, else the top (where
 * the next sentence motion puts it). */
static size_t reading_offset(struct view *tv)
{
	struct text *t = priv(tv);
	if (t->npara && tv->height > 0) {
		size_t p = para_of(t, t->cur_start);
		if (visible(tv, p, row_of(tv, p, t->cur_start)))
			return t->cur_start;
	}
	return text_top_offset(tv);
}

size_t text_current_node(struct view *tv)
{
	const outline *o = priv(tv)->o;
	size_t n = outline_node_count(o);
	if (!n)
		return 0;
	size_t off = reading_offset(tv);
	size_t lo = 0, hi = n; /* the last node starting at or before off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (outline_node_at(o, mid)->start <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t i = lo;;) { /* up to the first one whose range holds off */
		const struct outline_node *nd = outline_node_at(o, i);
		if (nd->end > off || nd->kind == OUTLINE_SPEECH)
			return i;
		i = nd->parent;
	}
}

/* ---- sentences --------------------------------------------------------------------------- */

static size_t skip_space(const struct text *t, size_t i, size_t end)
{
	while (i < end) {
		unsigned char c = (unsigned char)t->t[i];
		if (c == ' ' || c == '\t' || c == '\n')
			i++;
		else if (c == 0xE3 && i + 3 <= end && (unsigned char)t->t[i + 1] == 0x80 &&
		         (unsigned char)t->t[i + 2] == 0x80)
			i += 3;
		else
			break;
	}
	return i;
}

/* The end of the sentence starting at s, across the line breaks of a hard-wrapped
 * paragraph. */
static size_t sentence_to(const struct text *t, size_t s, size_t pend)
{
	return sentence_end_wrapped(t->t, pend, s);
}

void text_set_cursor(struct view *tv, size_t off)
{
	struct text *t = priv(tv);
	if (!t->npara) {
		t->cur_start = t->cur_end = 0;
		return;
	}
	const struct outline_para *para = outline_para_at(t->o, para_of(t, off));
	size_t s = para->start;
	if (off < s)
		off = s;
	while (s < para->end) {
		size_t e = sentence_to(t, s, para->end);
		if (off < e || e >= para->end) {
			t->cur_start = s;
			t->cur_end = e;
			return;
		}
		s = skip_space(t, e, para->end);
	}
	t->cur_start = para->start;
	t->cur_end = para->end;
}

void text_put_cursor(struct view *tv, size_t start, size_t end)
{
	struct text *t = priv(tv);
	t->selecting = false;
	t->cur_start = start;
	t->cur_end = end;
	text_show_offset(tv, start, false);
}

void text_cursor(struct view *tv, size_t *start, size_t *end)
{
	*start = priv(tv)->cur_start;
	*end = priv(tv)->cur_end;
}

void text_cursor_into_view(struct view *tv)
{
	struct text *t = priv(tv);
	size_t p = para_of(t, t->cur_start), r = row_of(tv, p, t->cur_start);
	if (!visible(tv, p, r))
		text_set_cursor(tv, text_top_offset(tv));
}

void text_target(struct view *tv, size_t *start, size_t *end)
{
	struct text *t = priv(tv);
	if (!t->selecting)
		text_cursor_into_view(tv);
	*start = t->selecting ? t->sel_start : t->cur_start;
	*end = t->selecting ? t->sel_end : t->cur_end;
}

bool text_selection(struct view *tv, size_t *start, size_t *end)
{
	struct text *t = priv(tv);
	*start = t->sel_start;
	*end = t->sel_end;
	return t->selecting;
}

void text_drop_selection(struct view *tv)
{
	priv(tv)->selecting = false;
}

static void cursor_next_sentence(struct view *tv)
{
	struct text *t = priv(tv);
	size_t p = para_of(t, t->cur_start);
	size_t pend = outline_para_at(t->o, p)->end;
	size_t s = skip_space(t, t->cur_end, pend);
	if (s >= pend) {
		if (p + 1 >= t->npara)
			return;
		s = outline_para_at(t->o, p + 1)->start;
	}
	text_set_cursor(tv, s);
}

/* The start of the last sentence of para starting before off. */
static size_t last_sentence_before(const struct text *t, const struct outline_para *para,
                                   size_t off)
{
	size_t s = para->start, last = s;
	while (s < para->end && s < off) {
		last = s;
		s = skip_space(t, sentence_to(t, s, para->end), para->end);
	}
	return last;
}

static void cursor_prev_sentence(struct view *tv)
{
	struct text *t = priv(tv);
	size_t p = para_of(t, t->cur_start);
	const struct outline_para *para = outline_para_at(t->o, p);
	if (t->cur_start > para->start)
		text_set_cursor(tv, last_sentence_before(t, para, t->cur_start));
	else if (p > 0)
		text_set_cursor(tv, last_sentence_before(t, outline_para_at(t->o, p - 1), SIZE_MAX));
}

static void cursor_paragraph(struct view *tv, int dir)
{
	struct text *t = priv(tv);
	size_t p = para_of(t, t->cur_start);
	const struct outline_para *para = outline_para_at(t->o, p);
	if (dir > 0) {
		if (p + 1 < t->npara)
			text_set_cursor(tv, outline_para_at(t->o, p + 1)->start);
	} else if (t->cur_start > para->start || p == 0) {
		text_set_cursor(tv, para->start);
	} else {
		text_set_cursor(tv, outline_para_at(t->o, p - 1)->start);
	}
}

static void cursor_section(struct view *tv, int dir)
{
	struct text *t = priv(tv);
	size_t n = outline_node_count(t->o);
	if (dir > 0) {
		for (size_t i = 0; i < n; i++) {
			const struct outline_node *nd = outline_node_at(t->o, i);
			if (nd->start > t->cur_start && !nd->inline_) {
				text_set_cursor(tv, nd->start);
				return;
			}
		}
		return;
	}
	for (size_t i = n; i-- > 0;) {
		const struct outline_node *nd = outline_node_at(t->o, i);
		if (nd->start < t->cur_start && !nd->inline_) {
			text_set_cursor(tv, nd->start);
			return;
		}
	}
}

/* ---- moving ------------------------------------------------------------------------------- */

/* r->arg rows down (negative: up), or a page or half of one (VIEW_PAGE, VIEW_HALF_PAGE). */
static int scroll_by(struct view *tv, const struct request *r)
{
	struct text *t = priv(tv);
	int page = tv->height > 1 ? tv->height - 1 : 1, n = r->arg < 0 ? -r->arg : r->arg;
	n = n == VIEW_PAGE ? page : n == VIEW_HALF_PAGE ? page / 2 + 1 : n;
	size_t h = tv->height > 0 ? (size_t)tv->height : 1;
	for (int i = 0; i < n; i++) {
		if (r->arg > 0 && rows_below(tv, t->top_para, t->top_row, h + 1) <= h)
			break;
		if (r->arg > 0 ? !next_row(tv, &t->top_para, &t->top_row)
		               : !prev_row(tv, &t->top_para, &t->top_row))
			break;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int go_top(struct view *tv, const struct request *r)
{
	(void)r;
	struct text *t = priv(tv);
	t->top_para = t->top_row = 0;
	text_set_cursor(tv, 0);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int go_bottom(struct view *tv, const struct request *r)
{
	(void)r;
	struct text *t = priv(tv);
	if (t->npara) {
		t->top_para = t->npara - 1;
		t->top_row = shown_rows(tv, t->top_para) - 1;
		clamp_bottom(tv);
		text_set_cursor(tv, outline_para_at(t->o, t->npara - 1)->start);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

enum { BY_SENTENCE, BY_PARAGRAPH, BY_SECTION };

/* The cursor r->arg sentences, paragraphs or sections on (see move_arg). */
static int move_cursor(struct view *tv, const struct request *r)
{
	struct text *t = priv(tv);
	if (!t->npara)
		return VIEW_HANDLED;
	/* scrolling leaves the cursor where it was: off screen, it starts again from the
	 * first sentence shown (and repainting it on every line would cost bytes) */
	text_cursor_into_view(tv);
	t->selecting = false;
	int dir = r->arg > 0 ? 1 : -1, by = (r->arg > 0 ? r->arg : -r->arg) - 1;
	if (by == BY_SENTENCE)
		dir > 0 ? cursor_next_sentence(tv) : cursor_prev_sentence(tv);
	else if (by == BY_PARAGRAPH)
		cursor_paragraph(tv, dir);
	else
		cursor_section(tv, dir);
	text_show_offset(tv, t->cur_start, false);
	tagging_describe_cursor(tv);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* The argument of move_cursor: what to move by (BY_*), its sign the direction. */
#define MOVE(by, dir) ((dir) * ((by) + 1))

/* ---- search and going to a place ----------------------------------------------------------- */

/* What a search prompt carries: where it started and its direction. */
struct search_prompt {
	size_t origin;
	bool back;
	bool failed;           /* the incremental search found nothing */
};

/* The cursor on match m (a selection being made stays), shown. */
static void show_match(struct view *tv, const struct search_match *m, bool backward)
{
	priv(tv)->cur_start = m->start;
	priv(tv)->cur_end = m->end;
	text_show_offset(tv, m->start, false);
	if (m->wrapped)
		app_message(tv->app, false, backward ? N_("search hit the top, continuing at the bottom")
		                                     : N_("search hit the bottom, continuing at the top"));
}

/* Searches as the user types, from where the search began. */
static void search_typed(struct view *tv, const char *in, size_t n, void *data)
{
	struct text *t = priv(tv);
	struct search_prompt *sp = data;
	if (!n || n >= sizeof(t->query))
		return;
	if (!t->srch && search_new(t->t, t->len, &t->srch) != PZ_OK) {
		app_message(tv->app, true, "%s", pz_strerror(PZ_NOMEM));
		return;
	}
	memcpy(t->query, in, n);
	t->qlen = n;
	t->search_back = sp->back;
	struct search_match m;
	if (search_find(t->srch, t->query, t->qlen, sp->origin,
	                sp->back ? SEARCH_BACKWARD : SEARCH_FORWARD, &m) == PZ_OK) {
		show_match(tv, &m, sp->back);
		sp->failed = false;
	} else {
		app_message(tv->app, true, "pattern not found");
		sp->failed = true;
	}
}

static bool search_done(struct view *tv, const char *in, size_t n, void *data)
{
	const struct search_prompt *sp = data;
	if (!n)
		priv(tv)->qlen = 0;
	else if (sp->failed)
		app_message(tv->app, true, "pattern not found: %.*s", (int)n, in);
	return true;
}

static void search_cancelled(struct view *tv, void *data)
{
	const struct search_prompt *sp = data;
	struct text *t = priv(tv);
	text_set_cursor(tv, sp->origin); /* back to where the search began */
	text_show_offset(tv, sp->origin, false);
	memcpy(t->query, t->before, t->before_len); /* and to the search before it (n) */
	t->qlen = t->before_len;
}

/* r->arg: 1 backward. */
static int search_prompt(struct view *tv, const struct request *r)
{
	struct text *t = priv(tv);
	struct search_prompt sp = { t->cur_start, r->arg != 0, false };
	memcpy(t->before, t->query, t->qlen);
	t->before_len = t->qlen;
	struct prompt_spec spec = {
		.label = r->arg ? "?" : "/",
		.history = priv(tv)->history,
		.changed = search_typed,
		.done = search_done,
		.cancel = search_cancelled,
		.data = &sp,
		.data_len = sizeof(sp),
	};
	prompt_open(tv, &spec);
	return VIEW_REDRAW;
}

/* r->arg: 1 against the search's direction. */
static int search_again(struct view *tv, const struct request *r)
{
	struct text *t = priv(tv);
	if (!t->qlen) {
		app_message(tv->app, true, "no search yet: / searches forward, ? backward");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	bool back = (r->arg != 0) != t->search_back;
	struct search_match m;
	size_t from = back ? t->cur_start : t->cur_start + 1;
	if (search_find(t->srch, t->query, t->qlen, from > t->len ? t->len : from,
	                back ? SEARCH_BACKWARD : SEARCH_FORWARD, &m) != PZ_OK) {
		app_message(tv->app, true, "pattern not found: %.*s", (int)t->qlen, t->query);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	show_match(tv, &m, back);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* A line number or a percentage typed: goes there. *data: true for a percentage. */
static bool go_typed(struct view *tv, const char *in, size_t n, void *data)
{
	bool percent = *(const bool *)data;
	char *end;
	long v = strtol(in, &end, 10);
	if (!n || *end || v < 0) {
		app_message(tv->app, true, "not a number: %s", in);
		return true;
	}
	size_t off;
	if (!percent) {
		const doc *d = session_doc(priv(tv)->s);
		size_t lines = doc_line_count(d);
		size_t line = v < 1 ? 0 : (size_t)v - 1;
		if (line >= lines)
			line = lines ? lines - 1 : 0;
		off = lines ? doc_line_start(d, line) : 0;
	} else {
		if (v > 100)
			v = 100;
		off = (size_t)((double)priv(tv)->len * (double)v / 100.0);
	}
	text_show_offset(tv, off, true);
	text_set_cursor(tv, off);
	return true;
}

/* r->arg: 1 for a percentage, else a line. */
static int go_prompt(struct view *tv, const struct request *r)
{
	bool percent = r->arg != 0;
	struct prompt_spec spec = {
		.label = percent ? N_("percent: ") : N_("line: "),
		.history = priv(tv)->history,
		.done = go_typed,
		.data = &percent,
		.data_len = sizeof(percent),
	};
	prompt_open(tv, &spec);
	return VIEW_REDRAW;
}

/* ---- selecting ---------------------------------------------------------------------------- */

static size_t char_after(const struct text *t, size_t i)
{
	if (i >= t->len)
		return t->len;
	i++;
	while (i < t->len && ((unsigned char)t->t[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static size_t char_before(const struct text *t, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)t->t[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* A clause ends after ，；： (full or half width) or a sentence's end; 、 only
 * separates items within a clause. */
static bool ends_clause(const struct text *t, size_t i)
{
	static const char *const marks[] = {"，", "；", "：", "。", "！", "？", ",", ";", ":"};
	for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
		size_t n = strlen(marks[k]);
		if (i + n <= t->len && !memcmp(t->t + i, marks[k], n))
			return true;
	}
	return false;
}

static void select_begin(struct view *tv)
{
	struct text *t = priv(tv);
	if (t->selecting)
		return;
	text_cursor_into_view(tv);
	t->selecting = true;
	t->sel_front = false;
	t->sel_start = t->cur_start;
	t->sel_end = t->cur_end;
}

/* Where text after a paragraph's end goes on: the next paragraph's start. */
static size_t onward(const struct text *t, size_t e)
{
	size_t p = para_of(t, e > 0 ? e - 1 : 0);
	const struct outline_para *para = outline_para_at(t->o, p);
	size_t s = skip_space(t, e, para->end);
	if (s < para->end)
		return s;
	return p + 1 < t->npara ? outline_para_at(t->o, p + 1)->start : t->len;
}

static void extend_sentence(struct view *tv)
{
	struct text *t = priv(tv);
	size_t s = onward(t, t->sel_end);
	if (s >= t->len)
		return;
	const struct outline_para *para = outline_para_at(t->o, para_of(t, s));
	t->sel_end = sentence_to(t, s, para->end);
}

/* Says that the selection cannot shrink by the unit fmt names (fmt: a format with the
 * key that shrinks it by a character). */
static void selection_at_least(struct view *tv, const char *fmt)
{
	char kh[2 * KEY_NAME_MAX];
	app_message(tv->app, true, fmt, app_keys_for(tv->app, MODE_TEXT, ACT_SHRINK_CHAR, kh, sizeof(kh)));
}

static void shrink_sentence(struct view *tv)
{
	struct text *t = priv(tv);
	size_t p = para_of(t, t->sel_end - 1);
	const struct outline_para *para = outline_para_at(t->o, p);
	size_t best = 0;
	for (size_t s = para->start; s < para->end && s < t->sel_end;) {
		size_t e = sentence_to(t, s, para->end);
		if (e > t->sel_start && e < t->sel_end)
			best = e;
		s = skip_space(t, e, para->end);
	}
	if (!best && p > 0 && outline_para_at(t->o, p - 1)->end > t->sel_start)
		best = outline_para_at(t->o, p - 1)->end;
	if (best)
		t->sel_end = best;
	else
		selection_at_least(tv, N_("the selection is one sentence: %s shrinks it by a character"));
}

static void extend_clause(struct view *tv)
{
	struct text *t = priv(tv);
	size_t i = onward(t, t->sel_end);
	if (i >= t->len)
		return;
	size_t pend = outline_para_at(t->o, para_of(t, i))->end;
	while (i < pend && !ends_clause(t, i))
		i = char_after(t, i);
	while (i < pend && ends_clause(t, i)) /* the mark, and one right after it (：“) */
		i = char_after(t, i);
	t->sel_end = i;
}

static void shrink_clause(struct view *tv)
{
	struct text *t = priv(tv);
	size_t i = char_before(t, t->sel_end);
	while (i > t->sel_start && ends_clause(t, i)) /* over the mark that ends it */
		i = char_before(t, i);
	while (i > t->sel_start && !ends_clause(t, char_before(t, i)))
		i = char_before(t, i);
	if (i > t->sel_start)
		t->sel_end = i;
	else
		selection_at_least(tv, N_("the selection is one clause: %s shrinks it by a character"));
}

static void extend_char(struct view *tv)
{
	struct text *t = priv(tv);
	t->sel_end = char_after(t, t->sel_end);
}

static void shrink_char(struct view *tv)
{
	struct text *t = priv(tv);
	if (char_before(t, t->sel_end) > t->sel_start)
		t->sel_end = char_before(t, t->sel_end);
}

/* The same at the selection's start (after other-end): extending moves it back,
 * shrinking forward, never past the end. */
static void extend_sentence_front(struct view *tv)
{
	struct text *t = priv(tv);
	size_t p = para_of(t, t->sel_start);
	const struct outline_para *para = outline_para_at(t->o, p);
	if (t->sel_start > para->start)
		t->sel_start = last_sentence_before(t, para, t->sel_start);
	else if (p > 0)
		t->sel_start = last_sentence_before(t, outline_para_at(t->o, p - 1), SIZE_MAX);
}

static void shrink_sentence_front(struct view *tv)
{
	struct text *t = priv(tv);
	const struct outline_para *para = outline_para_at(t->o, para_of(t, t->sel_start));
	size_t s = onward(t, sentence_to(t, t->sel_start, para->end));
	if (s < t->sel_end)
		t->sel_start = s;
	else
		selection_at_least(tv, N_("the selection is one sentence: %s shrinks it by a character"));
}

static void extend_clause_front(struct view *tv)
{
	struct text *t = priv(tv);
	size_t pstart = outline_para_at(t->o, para_of(t, t->sel_start))->start;
	size_t i = t->sel_start;
	while (i > pstart && ends_clause(t, char_before(t, i))) /* the mark before it */
		i = char_before(t, i);
	while (i > pstart && !ends_clause(t, char_before(t, i)))
		i = char_before(t, i);
	t->sel_start = i;
}

static void shrink_clause_front(struct view *tv)
{
	struct text *t = priv(tv);
	size_t i = t->sel_start;
	while (i < t->sel_end && !ends_clause(t, i))
		i = char_after(t, i);
	while (i < t->sel_end && ends_clause(t, i))
		i = char_after(t, i);
	if (i < t->sel_end)
		t->sel_start = i;
	else
		selection_at_least(tv, N_("the selection is one clause: %s shrinks it by a character"));
}

static void extend_char_front(struct view *tv)
{
	struct text *t = priv(tv);
	t->sel_start = char_before(t, t->sel_start);
}

static void shrink_char_front(struct view *tv)
{
	struct text *t = priv(tv);
	if (char_after(t, t->sel_start) < t->sel_end)
		t->sel_start = char_after(t, t->sel_start);
}

static void select_paragraph(struct view *tv)
{
	struct text *t = priv(tv);
	text_cursor_into_view(tv);
	const struct outline_para *para = outline_para_at(t->o, para_of(t, t->cur_start));
	t->selecting = true;
	t->sel_start = para->start;
	t->sel_end = para->end;
}

static void select_point(struct view *tv)
{
	struct text *t = priv(tv);
	text_cursor_into_view(tv);
	size_t n = outline_node_count(t->o), best = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		const struct outline_node *nd = outline_node_at(t->o, i);
		if (nd->start > t->cur_start)
			break;
		if (nd->kind != OUTLINE_SPEECH && t->cur_start < nd->end)
			best = i;
	}
	if (best == SIZE_MAX) {
		app_message(tv->app, true, "the cursor is in no section or point");
		return;
	}
	const struct outline_node *nd = outline_node_at(t->o, best);
	size_t e = nd->end;
	while (e > nd->start && (t->t[e - 1] == '\n' || t->t[e - 1] == ' '))
		e--;
	t->selecting = true;
	t->sel_start = nd->start;
	t->sel_end = e;
}

static void no_change(struct view *tv)
{
	(void)tv;
}

/* The ways the selection changes, r->arg of change_selection: those before SEL_WHOLE
 * change a selection begun at the cursor sentence (SEL_BEGIN begins it). */
enum {
	SEL_BEGIN, SEL_EXTEND_SENTENCE, SEL_SHRINK_SENTENCE, SEL_EXTEND_CLAUSE, SEL_SHRINK_CLAUSE,
	SEL_EXTEND_CHAR, SEL_SHRINK_CHAR, SEL_WHOLE, SEL_PARAGRAPH = SEL_WHOLE, SEL_POINT,
};
static void (*const selectors[])(struct view *tv) = {
	[SEL_BEGIN] = no_change,
	[SEL_EXTEND_SENTENCE] = extend_sentence,
	[SEL_SHRINK_SENTENCE] = shrink_sentence,
	[SEL_EXTEND_CLAUSE] = extend_clause,
	[SEL_SHRINK_CLAUSE] = shrink_clause,
	[SEL_EXTEND_CHAR] = extend_char,
	[SEL_SHRINK_CHAR] = shrink_char,
	[SEL_PARAGRAPH] = select_paragraph,
	[SEL_POINT] = select_point,
};

static void (*const front_selectors[])(struct view *tv) = {
	[SEL_BEGIN] = no_change,
	[SEL_EXTEND_SENTENCE] = extend_sentence_front,
	[SEL_SHRINK_SENTENCE] = shrink_sentence_front,
	[SEL_EXTEND_CLAUSE] = extend_clause_front,
	[SEL_SHRINK_CLAUSE] = shrink_clause_front,
	[SEL_EXTEND_CHAR] = extend_char_front,
	[SEL_SHRINK_CHAR] = shrink_char_front,
};

static int change_selection(struct view *tv, const struct request *r)
{
	struct text *t = priv(tv);
	if (!t->npara)
		return VIEW_HANDLED;
	if (r->arg < SEL_WHOLE)
		select_begin(tv);
	else
		t->sel_front = false;
	(r->arg < SEL_WHOLE && t->sel_front ? front_selectors : selectors)[r->arg](tv);
	if (t->selecting) {
		size_t shown = t->sel_front ? t->sel_start
		             : t->sel_end > t->sel_start ? char_before(t, t->sel_end) : t->sel_start;
		text_show_offset(tv, shown, false);
		if (!tv->app->message[0]) {
			char kt[8 * KEY_NAME_MAX], kc[2 * KEY_NAME_MAX];
			app_message(tv->app, false, "selected %zu characters: %s tags them, %s drops them",
			            doc_char_index(session_doc(priv(tv)->s), t->sel_end) -
			                doc_char_index(session_doc(priv(tv)->s), t->sel_start),
			            app_tag_keys(tv->app, kt, sizeof(kt)),
			            app_keys_for(tv->app, MODE_TEXT, ACT_CANCEL, kc, sizeof(kc)));
		}
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int toggle_selection(struct view *tv, const struct request *r)
{
	struct text *t = priv(tv);
	if (!t->npara)
		return VIEW_HANDLED;
	if (t->selecting) {
		t->selecting = false;
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	return change_selection(tv, &(struct request){ r->act, SEL_BEGIN, r->key });
}

/* vim's o in a visual selection: the other end is the one that moves. */
static int other_end(struct view *tv, const struct request *r)
{
	(void)r;
	struct text *t = priv(tv);
	if (!t->npara)
		return VIEW_HANDLED;
	if (!t->selecting)
		select_begin(tv);
	t->sel_front = !t->sel_front;
	text_show_offset(tv, t->sel_front ? t->sel_start : char_before(t, t->sel_end), false);
	if (t->sel_front)
		app_message(tv->app, false, "the keys that extend and shrink the selection now move its start");
	else
		app_message(tv->app, false, "the keys that extend and shrink the selection now move its end");
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int drop_selection(struct view *tv, const struct request *r)
{
	(void)r;
	struct text *t = priv(tv);
	if (!t->selecting)
		return VIEW_IGNORED;
	t->selecting = false;
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* ---- drawing ------------------------------------------------------------------------------ */

void text_spans_add(struct text_spans *out, size_t start, size_t end, int attr)
{
	if (out->n < TEXT_SPANS_MAX && end > start)
		out->v[out->n++] = (struct text_span){ start, end, attr };
}

bool text_add_layer(struct view *tv, const struct text_layer *l)
{
	struct text *t = priv(tv);
	if (t->nlayers == TEXT_LAYERS_MAX)
		return false;
	size_t i = t->nlayers++;
	for (; i > 0 && t->layers[i - 1].z > l->z; i--)
		t->layers[i] = t->layers[i - 1];
	t->layers[i] = *l;
	return true;
}

void text_remove_layer(struct view *tv, const char *name)
{
	struct text *t = priv(tv);
	for (size_t i = 0; i < t->nlayers; i++)
		if (!strcmp(t->layers[i].name, name)) {
			memmove(&t->layers[i], &t->layers[i + 1], (t->nlayers - i - 1) * sizeof(t->layers[0]));
			t->nlayers--;
			return;
		}
}

/* What a draw looks up once: the spans of every layer over the bytes drawn and those
 * of one row, the base attributes of the theme, and the row being built. */
struct drawn {
	struct text_spans spans[TEXT_LAYERS_MAX];
	const struct text_span *row[TEXT_LAYERS_MAX][TEXT_SPANS_MAX];
	size_t nrow[TEXT_LAYERS_MAX];
	int title, heading[3], normal;       /* screen_attr of the base elements */
	cchar_t *cells;                      /* the row, one entry per character or blank */
};

static int base_attr(struct view *tv, const struct drawn *dr, size_t p, size_t off)
{
	struct text *t = priv(tv);
	const struct outline_para *para = outline_para_at(t->o, p);
	switch (para->role) {
	case OUTLINE_ROLE_TITLE:
	case OUTLINE_ROLE_SUBTITLE:
	case OUTLINE_ROLE_SPEAKER:
	case OUTLINE_ROLE_DATE:
	case OUTLINE_ROLE_PART:
		return dr->title;
	default:
		break;
	}
	if (t->heading_of[p]) {
		const struct outline_node *nd = outline_node_at(t->o, t->heading_of[p] - 1);
		if (off >= nd->start && off < nd->title_end)
			return dr->heading[nd->depth <= 1 ? 0 : nd->depth == 2 ? 1 : 2];
	}
	return dr->normal;
}

/* The attribute of cell c: its base, under each layer's last span covering it. */
static int cell_attr(const struct text *t, const struct drawn *dr, int base,
                     const struct layout_cell *c)
{
	int attr = base;
	for (size_t l = 0; l < t->nlayers; l++) {
		if (c->kind == LAYOUT_CELL_BLANK && !t->layers[l].blanks)
			continue;
		for (size_t k = dr->nrow[l]; k-- > 0;) {
			const struct text_span *sp = dr->row[l][k];
			if (c->start >= sp->start && c->start < sp->end) {
				attr = sp->attr | (attr & t->layers[l].keep);
				break;
			}
		}
	}
	return attr;
}

/* Sets *cc to the characters w (NUL-terminated) drawn with attr. */
static void set_cell(cchar_t *cc, const wchar_t *w, int attr)
{
	setcchar(cc, w, (attr_t)attr & ~(attr_t)A_COLOR, (short)PAIR_NUMBER(attr), NULL);
}

/* The characters of a text cell (one that prints, with the marks that join it), as many
 * as curses keeps in a cell. */
static void cell_chars(const char *s, size_t start, size_t end, wchar_t *w)
{
	size_t n = 0;
	while (start < end && n < CCHARW_MAX) {
		size_t len;
		w[n++] = (wchar_t)utf8_get(s, end, start, &len);
		start += len;
	}
	w[n] = L'\0';
}

/* FNV-1a over n bytes of v, on from h. */
static uint64_t sig_add(uint64_t h, const void *v, size_t n)
{
	const unsigned char *b = v;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

#define SIG_ADD(h, v) ((h) = sig_add((h), &(v), sizeof(v)))
#define SIG_START 0xcbf29ce484222325ULL

/* A blank row at y (a blank line, or below the end), unless it is one already. */
static void blank_row(struct view *tv, int y)
{
	if (screen_row_kept(y, tv->left, tv->width, SIG_START))
		return;
	screen_fill(y, tv->left, tv->width, A_NORMAL);
	screen_row_drawn(y, tv->left, tv->width, SIG_START);
}

/* Builds row r of paragraph p in dr->cells, padded to the width, and writes it with one
 * call: curses then neither decodes the UTF-8 nor measures the characters one call at a
 * time. A row the screen still holds (the same text, layout, spans and theme: its
 * signature) is neither built nor written. */
static void draw_row(struct view *tv, int y, size_t p, const struct para_rows *pr, size_t r,
                     struct drawn *dr)
{
	struct text *t = priv(tv);
	const struct outline_para *para = outline_para_at(t->o, p);
	struct layout_rows rows = {
		.row = pr->row, .count = pr->count, .text = t->t,
		.start = para->start, .end = para->end,
		.width = t->layout_width, .tab_width = 8, .indent = pr->indent,
	};
	/* the spans of each layer that touch this row */
	size_t rs = pr->row[r].start, re = pr->row[r].end;
	for (size_t l = 0; l < t->nlayers; l++) {
		dr->nrow[l] = 0;
		for (size_t k = 0; k < dr->spans[l].n; k++) {
			const struct text_span *sp = &dr->spans[l].v[k];
			if (sp->start <= re && sp->end > rs)
				dr->row[l][dr->nrow[l]++] = sp;
		}
	}
	uint64_t sig = SIG_START;
	SIG_ADD(sig, t->t);
	SIG_ADD(sig, t->o);
	SIG_ADD(sig, p);
	SIG_ADD(sig, r);
	SIG_ADD(sig, pr->count);
	SIG_ADD(sig, rs);
	SIG_ADD(sig, re);
	SIG_ADD(sig, t->layout_width);
	SIG_ADD(sig, t->margin);
	SIG_ADD(sig, pr->indent);
	SIG_ADD(sig, dr->title);
	SIG_ADD(sig, dr->heading);
	SIG_ADD(sig, dr->normal);
	for (size_t l = 0; l < t->nlayers; l++) {
		SIG_ADD(sig, t->layers[l].spans);
		SIG_ADD(sig, dr->nrow[l]);
		for (size_t k = 0; k < dr->nrow[l]; k++) { /* field by field: not the padding */
			SIG_ADD(sig, dr->row[l][k]->start);
			SIG_ADD(sig, dr->row[l][k]->end);
			SIG_ADD(sig, dr->row[l][k]->attr);
		}
	}
	if (screen_row_kept(y, tv->left, tv->width, sig))
		return;
	static const wchar_t blank[] = L" ", replaced[] = L"\xFFFD", too_wide[] = L">";
	wchar_t w[CCHARW_MAX + 1];
	int n = 0;
	unsigned col = 0;                     /* the next column of the row, from the text's */
	int room = tv->width - (int)t->margin; /* left edge: the margin is drawn first */
	for (unsigned i = 0; i < t->margin && n < tv->width; i++)
		set_cell(&dr->cells[n++], blank, A_NORMAL);
	struct layout_walk lw;
	struct layout_cell c;
	layout_walk_init(&lw, &rows, r);
	while (layout_walk_next(&lw, &c) && (int)col < room) {
		if (c.width == 0 || c.kind == LAYOUT_CELL_HIDDEN)
			continue;
		for (; col < c.col && (int)col < room; col++)
			set_cell(&dr->cells[n++], blank, A_NORMAL);
		if ((int)(col + c.width) > room)
			break;
		int attr = cell_attr(t, dr, base_attr(tv, dr, p, c.start), &c);
		switch (c.kind) {
		case LAYOUT_CELL_TEXT:
			cell_chars(t->t, c.start, c.end, w);
			set_cell(&dr->cells[n++], w, attr);
			break;
		case LAYOUT_CELL_BLANK:
			for (unsigned i = 0; i < c.width; i++)
				set_cell(&dr->cells[n++], blank, attr);
			break;
		case LAYOUT_CELL_REPLACED:
			set_cell(&dr->cells[n++], replaced, attr);
			break;
		case LAYOUT_CELL_TOO_WIDE:
			set_cell(&dr->cells[n++], too_wide, attr);
			break;
		case LAYOUT_CELL_HIDDEN:
			break;
		}
		col += c.width;
	}
	for (; (int)col < room; col++) /* every cell: text_view is opaque */
		set_cell(&dr->cells[n++], blank, A_NORMAL);
	mvadd_wchnstr(y, tv->left, dr->cells, n);
	screen_row_drawn(y, tv->left, tv->width, sig);
}

static void text_draw(struct view *tv)
{
	struct text *t = priv(tv);
	if (tv->width < 1 || tv->height < 1)
		return;
	if (!t->npara) {
		for (int y = 0; y < tv->height; y++)
			blank_row(tv, tv->top + y);
		return;
	}
	text_resize(tv);
	if (t->top_para != t->seen_para || t->top_row != t->seen_row) {
		t->anchor = text_top_offset(tv); /* the reader moved */
		keep_anchor(t);
	}
	/* the byte range on screen, for the layers */
	size_t p = t->top_para, r = t->top_row, first = text_top_offset(tv), last = first;
	for (int i = 0; i < tv->height; i++) {
		last = outline_para_at(t->o, p)->end;
		if (!next_row(tv, &p, &r))
			break;
	}
	struct drawn *dr = malloc(sizeof(*dr));
	if (!dr)
		return;
	if (!(dr->cells = malloc((size_t)tv->width * sizeof(*dr->cells)))) {
		free(dr);
		return;
	}
	dr->title = screen_attr(tv->app, TE_TEXT_TITLE);
	dr->heading[0] = screen_attr(tv->app, TE_TEXT_HEADING1);
	dr->heading[1] = screen_attr(tv->app, TE_TEXT_HEADING2);
	dr->heading[2] = screen_attr(tv->app, TE_TEXT_HEADING3);
	dr->normal = screen_attr(tv->app, TE_TEXT_NORMAL);
	for (size_t l = 0; l < t->nlayers; l++) {
		dr->spans[l].n = 0;
		t->layers[l].spans(tv, t->layers[l].data, first, last, &dr->spans[l]);
	}
	p = t->top_para;
	r = t->top_row;
	bool more = true;
	for (int y = 0; y < tv->height; y++) {
		if (!more) { /* below the end */
			blank_row(tv, tv->top + y);
			continue;
		}
		size_t gap = t->pr[p].gap ? 1 : 0;
		const struct para_rows *pr = text_rows(tv, p);
		if (pr && r >= gap)
			draw_row(tv, tv->top + y, p, pr, r - gap, dr);
		else
			blank_row(tv, tv->top + y);
		more = next_row(tv, &p, &r);
	}
	free(dr->cells);
	free(dr);
	t->drawn = (struct text_drawn){ true, t->top_para, t->top_row, tv->top, tv->left,
	                                tv->height, tv->width };
}

/* How many rows the text moved up since it was drawn (negative: down), when it only
 * moved: the pane as it was, at the width it was laid out for, and at most half a pane
 * away (further, most rows are new: scrolling would save little and cost a repaint of
 * what sits beside the pane). */
static int text_scrolled(struct view *tv, int *top, int *left, int *height, int *width)
{
	struct text *t = priv(tv);
	const struct text_drawn *d = &t->drawn;
	if (!d->valid || d->top != tv->top || d->left != tv->left || d->height != tv->height ||
	    d->width != tv->width || (unsigned)tv->width != t->pane_width || !t->npara ||
	    d->para >= t->npara)
		return 0;
	if (d->para == t->top_para && d->row == t->top_row)
		return 0;
	/* from the earlier of the two tops, at most a pane's rows to the other */
	bool down = d->para < t->top_para || (d->para == t->top_para && d->row < t->top_row);
	size_t p = down ? d->para : t->top_para, r = down ? d->row : t->top_row;
	size_t to_p = down ? t->top_para : d->para, to_r = down ? t->top_row : d->row;
	if (r >= shown_rows(tv, p))
		return 0;
	for (int n = 1; n <= tv->height / 2; n++) { /* a page: all is new anyway */
		if (!next_row(tv, &p, &r))
			return 0;
		if (p == to_p && r == to_r) {
			*top = tv->top;
			*left = tv->left;
			*height = tv->height;
			*width = tv->width;
			return down ? n : -n;
		}
	}
	return 0;
}

/* ---- its own layers ------------------------------------------------------------------------ */

static void placeholder_spans(struct view *tv, void *data, size_t from, size_t to,
                              struct text_spans *out)
{
	(void)data;
	struct text *t = priv(tv);
	int attr = screen_attr(tv->app, TE_TEXT_PLACEHOLDER);
	size_t ps, pe;
	while (out->n < TEXT_SPANS_MAX && placeholder_next(t->t, to, from, &ps, &pe)) {
		text_spans_add(out, ps, pe, attr);
		from = pe;
	}
}

/* The search's matches; with current, only their part under the cursor (underlined). */
static void matches(struct view *tv, bool current, size_t from, size_t to, struct text_spans *out)
{
	struct text *t = priv(tv);
	if (!t->qlen || !t->srch || (current && t->selecting))
		return;
	struct search_match m[TEXT_SPANS_MAX];
	size_t n = 0;
	if (search_matches_in(t->srch, t->query, t->qlen, from, to, m, TEXT_SPANS_MAX, &n) != PZ_OK)
		return;
	int attr = current ? (int)A_UNDERLINE : screen_attr(tv->app, TE_TEXT_SEARCH);
	for (size_t i = 0; i < n; i++) {
		size_t s = m[i].start, e = m[i].end;
		if (current) {
			s = s > t->cur_start ? s : t->cur_start;
			e = e < t->cur_end ? e : t->cur_end;
		}
		text_spans_add(out, s, e, attr);
	}
}

static void match_spans(struct view *tv, void *data, size_t from, size_t to,
                        struct text_spans *out)
{
	(void)data;
	matches(tv, false, from, to, out);
}

static void current_match_spans(struct view *tv, void *data, size_t from, size_t to,
                                struct text_spans *out)
{
	(void)data;
	matches(tv, true, from, to, out);
}

static void selection_spans(struct view *tv, void *data, size_t from, size_t to,
                            struct text_spans *out)
{
	(void)data, (void)from, (void)to;
	struct text *t = priv(tv);
	if (t->selecting)
		text_spans_add(out, t->sel_start, t->sel_end, screen_attr(tv->app, TE_TEXT_SELECTION));
}

static void cursor_spans(struct view *tv, void *data, size_t from, size_t to,
                         struct text_spans *out)
{
	(void)data, (void)from, (void)to;
	struct text *t = priv(tv);
	if (!t->selecting)
		text_spans_add(out, t->cur_start, t->cur_end, screen_attr(tv->app, TE_TEXT_SENTENCE));
}

/* Placeholders keep what is beneath but its colour; a search match and the selection
 * hide it; the cursor keeps a tag's (or heading's) underline and boldness, and the
 * match it is on is underlined. */
static const struct text_layer own_layers[] = {
	{ "placeholders", TEXT_LAYER_PLACEHOLDERS, (int)~A_COLOR, true, placeholder_spans, NULL },
	{ "matches", TEXT_LAYER_MATCHES, 0, true, match_spans, NULL },
	{ "selection", TEXT_LAYER_SELECTION, 0, false, selection_spans, NULL },
	{ "cursor", TEXT_LAYER_CURSOR, (int)(A_UNDERLINE | A_BOLD), false, cursor_spans, NULL },
	{ "current match", TEXT_LAYER_CURRENT_MATCH, ~0, false, current_match_spans, NULL },
};

/* ---- the view ------------------------------------------------------------------------------ */

static bool text_open(struct view *tv, const void *arg)
{
	struct text *t = calloc(1, sizeof(*t));
	if (!t) {
		app_message(tv->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	tv->priv = t;
	const struct text_arg *ta = arg;
	session *s = t->s = ta && ta->s ? ta->s : tv->parent ? view_session(tv->parent) : tv->app->s;
	t->t = session_text(s, &t->len);
	t->o = session_outline(s);
	t->history = app_keep(tv->app, &text_view, sizeof(*t->history)); /* NULL: none */
	t->paragraphs = tv->app->cfg.paragraphs;
	layout_rows_init(&t->scratch);
	if (!layout_init(t)) {
		layout_free(t);
		free(t);
		app_message(tv->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	size_t at = ta ? ta->at : SIZE_MAX;
	if (at == SIZE_MAX)
		at = session_saved_position(s);
	if (at > 0 && at < t->len) /* shown when the pane has a size; the position until then */
		t->restore = t->anchor = at;
	text_set_cursor(tv, ta && ta->cursor < t->len ? ta->cursor : 0);
	for (size_t i = 0; i < sizeof(own_layers) / sizeof(own_layers[0]); i++)
		text_add_layer(tv, &own_layers[i]);
	text_add_layer(tv, &tagging_layer);
	text_add_layer(tv, &suggest_layer);
	return true;
}

static void text_done(struct view *tv)
{
	struct text *t = priv(tv);
	if (session_save_position(priv(tv)->s, t->restore ? t->restore : t->anchor) != PZ_OK)
		app_message(tv->app, true, "cannot save the reading position");
	layout_free(t);
	layout_rows_release(&t->scratch);
	search_free(t->srch);
	free(t);
}

/* The full outline came (a large file): the paragraphs and headings again, the same
 * byte at the top. The whole text came in place of the file's first lines: the same,
 * with a search of the new text (or, when it turned out another text, from the top). */
static void text_changed(struct view *tv, unsigned what)
{
	struct text *t = priv(tv);
	if (!(what & (VIEW_OUTLINE | VIEW_TEXT | VIEW_TEXT_OTHER)))
		return;
	size_t anchor = t->restore ? t->restore : t->anchor;
	if (what & (VIEW_TEXT | VIEW_TEXT_OTHER)) {
		t->t = session_text(t->s, &t->len);
		search_free(t->srch);
		t->srch = NULL;
	}
	if (what & VIEW_TEXT_OTHER) {
		anchor = t->cur_start = t->cur_end = t->sel_start = t->sel_end = 0;
		t->selecting = false;
		t->qlen = 0;
	}
	layout_free(t);
	t->o = session_outline(priv(tv)->s);
	if (!layout_init(t))
		app_message(tv->app, true, "%s", pz_strerror(PZ_NOMEM));
	t->top_para = t->top_row = 0;
	t->anchor = t->restore = anchor;
	keep_anchor(t);
}

static session *text_doc(struct view *tv)
{
	return priv(tv)->s;
}

static void breadcrumb(struct view *tv, char *line, size_t len, size_t n);

/* The most matches a search counts for the status line (then "3/9999+"). */
#define COUNT_MAX 9999

/* Where the reader is, for the right of the status line: the search's match count
 * (3/17) and the line of the cursor, into buf. */
static void position(struct view *tv, char *buf, size_t len)
{
	struct text *t = priv(tv);
	size_t n = 0, at = reading_offset(tv), index, total;
	buf[0] = '\0';
	if (t->qlen && t->srch &&
	    search_count(t->srch, t->query, t->qlen, t->cur_start, COUNT_MAX, &index, &total) ==
	        PZ_OK) {
		const char *more = total == COUNT_MAX ? "+" : "";
		if (!total)
			n = (size_t)snprintf(buf, len, "%s  ", _("no match"));
		else if (index)
			n = (size_t)snprintf(buf, len, "%zu/%zu%s  ", index, total, more);
		else
			n = (size_t)snprintf(buf, len, ngettext("%zu%s match  ", "%zu%s matches  ", total), total,
			                     more);
	}
	if (n < len)
		snprintf(buf + n, len - n, _("line %zu"), doc_line_of(session_doc(t->s), at) + 1);
}

/* The file, then where the cursor is in its outline (第三篇 › 二、 › 2、); after a tab,
 * the match count and the line (position). */
static bool text_status(struct view *tv, char *line, size_t len, int *percent)
{
	struct text *t = priv(tv);
	*percent = t->len ? (int)(text_bottom_offset(tv) * 100 / t->len) : 100; /* as less */
	char right[64];
	position(tv, right, sizeof(right));
	len -= strlen(right) + 1; /* room kept for the tab and the right part */
	size_t n = (size_t)snprintf(line, len, "%s", session_path(priv(tv)->s));
	if (n < len && outline_node_count(t->o))
		breadcrumb(tv, line, len, n);
	n = strlen(line);
	snprintf(line + n, len + strlen(right) + 1 - n, "\t%s", right);
	return true;
}

/* The chain of sections holding the cursor, appended to line[n]. */
static void breadcrumb(struct view *tv, char *line, size_t len, size_t n)
{
	struct text *t = priv(tv);
	size_t chain[16], depth = 0;
	for (size_t i = text_current_node(tv);; i = outline_node_at(t->o, i)->parent) {
		if (depth < 16)
			chain[depth++] = i;
		if (outline_node_at(t->o, i)->kind == OUTLINE_SPEECH)
			break;
	}
	for (size_t k = depth; k-- > 0 && n + 64 < len;) {
		const struct outline_node *nd = outline_node_at(t->o, chain[k]);
		size_t s = nd->start, e = nd->start + nd->marker_len;
		if (nd->kind == OUTLINE_SPEECH && outline_speech_count(t->o) < 2)
			continue;
		if (e == s) { /* no marker: the title's beginning */
			e = layout_clip(t->t, nd->title_start, nd->title_end, 12, NULL);
			s = nd->title_start;
		}
		if (e - s > 60)
			e = layout_clip(t->t, s, e, 20, NULL);
		n += (size_t)snprintf(line + n, len - n, "%s", n ? " › " : "");
		if (n + (e - s) + 1 < len) {
			memcpy(line + n, t->t + s, e - s);
			n += e - s;
			line[n] = '\0';
		}
	}
}

/* The wheel scrolls three lines. */
static int text_mouse(struct view *tv, int y, int x, unsigned long buttons)
{
	(void)y, (void)x;
	if (!(buttons & (BUTTON4_PRESSED | BUTTON5_PRESSED)))
		return VIEW_IGNORED;
	return scroll_by(tv, &(struct request){ ACT_NONE, buttons & BUTTON4_PRESSED ? -3 : 3,
	                                     { 0, 0 } });
}

static const struct view_action text_actions[ACT_COUNT] = {
	[ACT_LINE_DOWN] = { scroll_by, 1 },
	[ACT_LINE_UP] = { scroll_by, -1 },
	[ACT_HALF_PAGE_DOWN] = { scroll_by, VIEW_HALF_PAGE },
	[ACT_HALF_PAGE_UP] = { scroll_by, -VIEW_HALF_PAGE },
	[ACT_PAGE_DOWN] = { scroll_by, VIEW_PAGE },
	[ACT_PAGE_UP] = { scroll_by, -VIEW_PAGE },
	[ACT_TOP] = { go_top, 0 },
	[ACT_BOTTOM] = { go_bottom, 0 },
	[ACT_NEXT_SENTENCE] = { move_cursor, MOVE(BY_SENTENCE, 1) },
	[ACT_PREV_SENTENCE] = { move_cursor, MOVE(BY_SENTENCE, -1) },
	[ACT_NEXT_PARAGRAPH] = { move_cursor, MOVE(BY_PARAGRAPH, 1) },
	[ACT_PREV_PARAGRAPH] = { move_cursor, MOVE(BY_PARAGRAPH, -1) },
	[ACT_NEXT_SECTION] = { move_cursor, MOVE(BY_SECTION, 1) },
	[ACT_PREV_SECTION] = { move_cursor, MOVE(BY_SECTION, -1) },
	[ACT_GOTO_LINE] = { go_prompt, 0 },
	[ACT_GOTO_PERCENT] = { go_prompt, 1 },
	[ACT_SEARCH_FORWARD] = { search_prompt, 0 },
	[ACT_SEARCH_BACKWARD] = { search_prompt, 1 },
	[ACT_SEARCH_NEXT] = { search_again, 0 },
	[ACT_SEARCH_PREV] = { search_again, 1 },
	[ACT_SELECT] = { toggle_selection, 0 },
	[ACT_CANCEL] = { drop_selection, 0 },
	[ACT_EXTEND_SENTENCE] = { change_selection, SEL_EXTEND_SENTENCE },
	[ACT_SHRINK_SENTENCE] = { change_selection, SEL_SHRINK_SENTENCE },
	[ACT_EXTEND_CLAUSE] = { change_selection, SEL_EXTEND_CLAUSE },
	[ACT_SHRINK_CLAUSE] = { change_selection, SEL_SHRINK_CLAUSE },
	[ACT_EXTEND_CHAR] = { change_selection, SEL_EXTEND_CHAR },
	[ACT_SHRINK_CHAR] = { change_selection, SEL_SHRINK_CHAR },
	[ACT_SELECT_PARAGRAPH] = { change_selection, SEL_PARAGRAPH },
	[ACT_SELECT_POINT] = { change_selection, SEL_POINT },
	[ACT_OTHER_END] = { other_end, 0 },
	[ACT_COPY] = { cite_copy, 0 },
	/* tagging (tagging.c) */
	[ACT_TAG_TASK] = { tagging_tag, TAGTYPE_TASK },
	[ACT_TAG_TARGET] = { tagging_tag, TAGTYPE_TARGET },
	[ACT_TAG_DEADLINE] = { tagging_tag, TAGTYPE_DEADLINE },
	[ACT_TAG_OWNER] = { tagging_tag, TAGTYPE_OWNER },
	[ACT_TAG_NOTE] = { tagging_note, 0 },
	[ACT_TAG_DECLARED] = { tagging_tag_declared, 0 },
	[ACT_NEXT_TAG] = { tagging_next, 0 },
	[ACT_PREV_TAG] = { tagging_next, 1 },
	[ACT_EDIT_NOTE] = { tagging_at_cursor, TAGGING_EDIT_NOTE },
	[ACT_SET_DUE] = { tagging_at_cursor, TAGGING_SET_DUE },
	[ACT_SET_OWNER] = { tagging_at_cursor, TAGGING_SET_OWNER },
	[ACT_TOGGLE_DONE] = { tagging_at_cursor, TAGGING_TOGGLE_DONE },
	[ACT_CHANGE_TYPE] = { tagging_at_cursor, TAGGING_CHANGE_TYPE },
	[ACT_DELETE_TAG] = { tagging_at_cursor, TAGGING_DELETE },
	[ACT_SHOW_TAG] = { tagging_at_cursor, TAGGING_SHOW },
	/* suggestions (suggest.c) */
	[ACT_TOGGLE_SUGGESTIONS] = { suggest_toggle, 0 },
	[ACT_NEXT_SUGGESTION] = { suggest_next, 0 },
	[ACT_PREV_SUGGESTION] = { suggest_next, 1 },
	[ACT_ACCEPT_SUGGESTION] = { suggest_accept, 0 },
	[ACT_REJECT_SUGGESTION] = { suggest_reject, 0 },
	[ACT_ACCEPT_SECTION] = { suggest_preview, 0 },
	[ACT_REJECTED_LIST] = { suggest_rejected, 0 },
};

const struct view_ops text_view = {
	.name = "text",
	.mode = MODE_TEXT,
	.place = VIEW_BODY,
	.actions = text_actions,
	.open = text_open,
	.done = text_done,
	.draw = text_draw,
	.opaque = true,
	.scrolled = text_scrolled,
	.resize = text_resize,
	.changed = text_changed,
	.status = text_status,
	.mouse = text_mouse,
	.session = text_doc,
};
