/* Wrapping paragraphs into rows of cells for the text pane: done here, without a
 * terminal, so that it is unit-tested and the UI only paints what it is given. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth */
#endif
#include "pizhu/layout.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <unilbrk.h>
#include <unistr.h>

#include "pizhu/sanitize.h"

#define TAB_DEFAULT 8

/* What the cell functions need to know of the range being measured. */
struct ctx {
	const unsigned char *s;
	size_t start, end;
	unsigned tab;
};

static bool ascii_graphic(unsigned char b)
{
	return b >= 0x21 && b <= 0x7e;
}

bool layout_newline_is_space(const char *text, size_t start, size_t end, size_t pos)
{
	const unsigned char *s = (const unsigned char *)text;
	return pos > start && pos + 1 < end && ascii_graphic(s[pos - 1]) && ascii_graphic(s[pos + 1]);
}

/* Width of the character at s[pos] if it is one that joins the cell before it
 * (printable, wcwidth 0), else -1 with *len untouched. */
static int zero_width_len(const struct ctx *x, size_t pos, size_t *len)
{
	ucs4_t uc;
	int n = u8_mbtoucr(&uc, x->s + pos, x->end - pos);
	if (n <= 0 || sanitize_unsafe(uc) || wcwidth((wchar_t)uc) != 0)
		return -1;
	*len = (size_t)n;
	return 0;
}

/*
 * The cell at pos (< x->end) when it starts at column col, before it is fitted into a
 * row: its natural width (a tab to its stop). *hang is set for blanks that may hang
 * past the row's end (ASCII space, tab, a joined '\n' shown as a blank).
 */
static void cell_at(const struct ctx *x, size_t pos, unsigned col, struct layout_cell *c,
                    bool *hang)
{
	const unsigned char *s = x->s;
	unsigned char b = s[pos];

	c->start = pos;
	c->col = col;
	*hang = false;
	if (b < 0x80) {
		c->end = pos + 1;
		if (b >= 0x20 && b < 0x7f) {
			c->kind = LAYOUT_CELL_TEXT;
			c->width = 1;
			*hang = b == ' ';
		} else if (b == '\t') {
			c->kind = LAYOUT_CELL_BLANK;
			c->width = x->tab - col % x->tab;
			*hang = true;
		} else if (b == '\n') {
			bool sp = layout_newline_is_space((const char *)s, x->start, x->end, pos);
			c->kind = sp ? LAYOUT_CELL_BLANK : LAYOUT_CELL_HIDDEN;
			c->width = sp;
			*hang = sp;
		} else {
			c->kind = LAYOUT_CELL_REPLACED;
			c->width = 1;
		}
	} else {
		ucs4_t uc;
		int n = u8_mbtoucr(&uc, s + pos, x->end - pos);
		/* a bidirectional control is printable to wcwidth (width 0) but would
		 * reorder what the terminal shows: replaced, as every writer does */
		int w = n > 0 && !sanitize_unsafe(uc) ? wcwidth((wchar_t)uc) : -1;
		c->end = pos + (n > 0 ? (size_t)n : 1);
		c->kind = w < 0 ? LAYOUT_CELL_REPLACED : LAYOUT_CELL_TEXT;
		c->width = w < 0 ? 1 : (unsigned)w;
	}
	if (c->kind == LAYOUT_CELL_TEXT) {
		size_t len;
		while (c->end < x->end && s[c->end] >= 0x80 && zero_width_len(x, c->end, &len) == 0)
			c->end += len;
	}
}

/*
 * Fits cell c at column col into a row of w cells: returns the cells it takes there
 * (changing c to what is painted), or -1 when it must start the next row. At column
 * 0 every cell fits. layout_wrap and layout_walk_next both decide here, so the walk
 * paints exactly what the wrap measured.
 */
static int fit(struct layout_cell *c, bool hang, unsigned col, unsigned w)
{
	if (hang && col + c->width > w) {
		if (c->kind == LAYOUT_CELL_BLANK && c->width > 1 && col < w) {
			c->width = w - col; /* a tab clipped at the row's end */
			return (int)c->width;
		}
		c->kind = LAYOUT_CELL_HIDDEN; /* hangs past the end */
		c->width = 0;
		return 0;
	}
	if (col + c->width <= w)
		return (int)c->width;
	if (col == 0) { /* a wide character in a row of one cell */
		c->kind = LAYOUT_CELL_TOO_WIDE;
		c->width = 1;
		return 1;
	}
	return -1;
}

static bool replaced(const struct layout_cell *c)
{
	return c->kind == LAYOUT_CELL_REPLACED || c->kind == LAYOUT_CELL_TOO_WIDE;
}

static bool blank_at(const unsigned char *s, size_t i, size_t end, size_t *len)
{
	if (s[i] == ' ' || s[i] == '\t') {
		*len = 1;
		return true;
	}
	if (end - i >= 3 && s[i] == 0xe3 && s[i + 1] == 0x80 && s[i + 2] == 0x80) {
		*len = 3; /* U+3000 */
		return true;
	}
	return false;
}

void layout_rows_init(struct layout_rows *r)
{
	memset(r, 0, sizeof(*r));
	r->width = 1;
	r->tab_width = TAB_DEFAULT;
}

void layout_rows_release(struct layout_rows *r)
{
	free(r->row);
	free(r->brk);
	free(r->join);
	layout_rows_init(r);
}

static bool reserve(char **buf, size_t *cap, size_t n)
{
	if (n <= *cap)
		return true;
	size_t nc = *cap ? *cap : 256;
	while (nc < n)
		nc = nc > SIZE_MAX / 2 ? n : nc * 2;
	char *p = realloc(*buf, nc);
	if (!p)
		return false;
	*buf = p;
	*cap = nc;
	return true;
}

static bool push_row(struct layout_rows *r, size_t start, size_t end, unsigned width,
                     unsigned flags)
{
	if (r->count == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 16;
		struct layout_row *p = realloc(r->row, nc * sizeof(*p));
		if (!p)
			return false;
		r->row = p;
		r->cap = nc;
	}
	r->row[r->count++] = (struct layout_row){ start, end, width, flags };
	return true;
}

/*
 * Break opportunities of s[a..b) into r->brk[0..b-a), computed on the text as
 * displayed: each '\n' removed, or turned into a space where it is shown as one, so
 * that joined lines break as one paragraph would ("展\n，" still glues). A removed
 * '\n' gets UC_BREAK_PROHIBITED: a row never starts with it.
 */
static bool breaks(struct layout_rows *r, const unsigned char *s, size_t a, size_t b)
{
	size_t n = b - a;
	if (!reserve(&r->brk, &r->brk_cap, n ? n : 1))
		return false;
	if (!memchr(s + a, '\n', n)) {
		u8_possible_linebreaks(s + a, n, "UTF-8", r->brk);
		return true;
	}
	if (!reserve(&r->join, &r->join_cap, 2 * n))
		return false;
	uint8_t *copy = (uint8_t *)r->join;
	char *jb = r->join + n;
	size_t m = 0;
	for (size_t i = a; i < b; i++) {
		if (s[i] != '\n')
			copy[m++] = s[i];
		else if (layout_newline_is_space((const char *)s, a, b, i))
			copy[m++] = ' ';
	}
	u8_possible_linebreaks(copy, m, "UTF-8", jb);
	for (size_t i = a, j = 0; i < b; i++) {
		if (s[i] == '\n' && !layout_newline_is_space((const char *)s, a, b, i))
			r->brk[i - a] = UC_BREAK_PROHIBITED;
		else
			r->brk[i - a] = jb[j++];
	}
	return true;
}

enum pz_status layout_wrap(const char *text, size_t start, size_t end, unsigned width,
                           const struct layout_options *opt, struct layout_rows *out)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned tab = opt && opt->tab_width ? opt->tab_width : TAB_DEFAULT;
	size_t len;

	if (width == 0)
		width = 1;
	out->count = 0;
	out->text = text;
	out->width = width;
	out->tab_width = tab;
	out->end = end;
	out->indent = opt && opt->indent < width ? opt->indent : 0;
	if (opt && opt->strip_indent)
		while (start < end && blank_at(s, start, end, &len))
			start += len;
	out->start = start;
	if (!breaks(out, s, start, end))
		goto nomem;

	const struct ctx x = { s, start, end, tab };
	const char *brk = out->brk - start; /* indexed by text offset */
	size_t pos = start;
	do {
		size_t rs = pos, ok_pos = 0;
		unsigned col = pos == start ? out->indent : 0, flags = 0, ok_col = 0, ok_flags = 0;
		for (;;) {
			if (pos >= end) {
				if (!push_row(out, rs, end, col, flags))
					goto nomem;
				break;
			}
			if (pos > rs && (brk[pos] == UC_BREAK_POSSIBLE || brk[pos] == UC_BREAK_HYPHENATION)) {
				ok_pos = pos;
				ok_col = col;
				ok_flags = flags;
			}
			struct layout_cell c;
			bool hang;
			cell_at(&x, pos, col, &c, &hang);
			int w = fit(&c, hang, col, width);
			if (w < 0) {
				/* back to the last opportunity, else break between characters
				 * (col > 0 here, so the row holds at least one cell) */
				if (ok_pos > rs) {
					if (!push_row(out, rs, ok_pos, ok_col, ok_flags))
						goto nomem;
					pos = ok_pos;
				} else if (!push_row(out, rs, pos, col, flags)) {
					goto nomem;
				}
				break;
			}
			col += (unsigned)w;
			flags |= replaced(&c) ? LAYOUT_ROW_REPLACED : 0;
			pos = c.end;
			if (brk[c.start] == UC_BREAK_MANDATORY && pos < end) {
				if (!push_row(out, rs, pos, col, flags))
					goto nomem;
				break;
			}
		}
	} while (pos < end);
	return PZ_OK;
nomem:
	out->count = 0;
	return PZ_NOMEM;
}

void layout_walk_init(struct layout_walk *w, const struct layout_rows *r, size_t i)
{
	w->r = r;
	w->pos = r->row[i].start;
	w->end = r->row[i].end;
	w->col = i == 0 ? r->indent : 0;
}

bool layout_walk_next(struct layout_walk *w, struct layout_cell *c)
{
	const struct layout_rows *r = w->r;
	const struct ctx x = { (const unsigned char *)r->text, r->start, r->end, r->tab_width };
	bool hang;

	if (w->pos >= w->end)
		return false;
	cell_at(&x, w->pos, w->col, c, &hang);
	int n = fit(c, hang, w->col, r->width);
	if (n < 0) { /* cannot happen for rows layout_wrap made; never overflow anyway */
		c->kind = LAYOUT_CELL_HIDDEN;
		c->width = 0;
		n = 0;
	}
	if (c->end > w->end)
		c->end = w->end;
	w->col += (unsigned)n;
	w->pos = c->end;
	return true;
}

void layout_locate(const struct layout_rows *r, size_t off, size_t *row, unsigned *col)
{
	*row = 0;
	*col = 0;
	if (r->count == 0 || off < r->row[0].start)
		return;
	size_t lo = 0, hi = r->count; /* the last row with start <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->row[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	*row = lo;
	struct layout_walk w;
	struct layout_cell c;
	layout_walk_init(&w, r, lo);
	while (layout_walk_next(&w, &c)) {
		if (off < c.end) {
			*col = c.col;
			return;
		}
	}
	*col = r->row[lo].width;
}

size_t layout_offset_at(const struct layout_rows *r, size_t i, unsigned col)
{
	struct layout_walk w;
	struct layout_cell c;
	size_t last = r->row[i].start;

	layout_walk_init(&w, r, i);
	while (layout_walk_next(&w, &c)) {
		if (c.width == 0)
			continue;
		if (col < c.col + c.width)
			return c.start;
		last = c.start;
	}
	return last;
}

size_t layout_clip(const char *text, size_t start, size_t end, size_t max_cells, size_t *cells)
{
	const struct ctx x = { (const unsigned char *)text, start, end, TAB_DEFAULT };
	size_t pos = start, col = 0;

	while (pos < end) {
		struct layout_cell c;
		bool hang;
		cell_at(&x, pos, (unsigned)(col % TAB_DEFAULT), &c, &hang);
		if (col + c.width > max_cells)
			break;
		col += c.width;
		pos = c.end;
	}
	if (cells)
		*cells = col;
	return pos;
}

size_t layout_cells(const char *text, size_t start, size_t end)
{
	size_t cells;
	layout_clip(text, start, end, SIZE_MAX, &cells);
	return cells;
}
