/* Wrapping text into rows of terminal cells, so that the UI only paints: widths as
 * ncurses measures them (wcwidth), break opportunities from UAX #14 (libunistring). */
#ifndef PIZHU_LAYOUT_H
#define PIZHU_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/status.h"

/*
 * Widths are the C library's wcwidth(), as ncurses uses them: the caller must have
 * called setlocale(LC_ALL, "") (or set a UTF-8 LC_CTYPE) first. What each character
 * becomes on screen is a cell (struct layout_cell below):
 *
 *  - a printable character: its own width (1 or 2); characters of width 0 (combining
 *    marks, U+200B) join the cell before them and never start a row;
 *  - TAB: blanks to the next tab stop, counted from the row's first column (clipped
 *    at the row's end);
 *  - '\n' inside the range (a hard-wrapped line the outline joined into a paragraph):
 *    no character at all, except between two ASCII graphic characters ("of\nthe"),
 *    where it is one blank, as a space would be; see layout_newline_is_space();
 *  - anything wcwidth() calls unprintable (C0/C1 controls, DEL, U+2028, unassigned
 *    code points), the bidirectional controls (sanitize_unsafe: printable to wcwidth,
 *    but they reorder what a terminal shows) and bytes that are not UTF-8: one cell
 *    holding a replacement glyph;
 *  - ASCII spaces that do not fit at the end of a row hang past it: they belong to the
 *    row and take no cell.
 *
 * Only the break opportunities of UAX #14 are used (computed on the text with its
 * '\n' joined), so no row starts with ，。、；：？！）」” and 2024, 80% and —— stay whole;
 * rows are filled greedily. A run with no opportunity that is wider than a row is
 * broken between characters; a wide character that does not fit ends the row early
 * (never split, never drawn in a last column it does not fit). A mandatory break
 * (U+2028, U+2029, VT, FF, NEL) ends its row after it. A row never holds more cells
 * than the width, with one exception: in a width of 1 a wide character is a row of
 * its own holding one LAYOUT_CELL_TOO_WIDE cell (painted as '>', as vim does).
 */

/* One row on screen. Rows of a wrap are contiguous: row[i].end == row[i + 1].start. */
struct layout_row {
	size_t start, end;   /* byte range in the text, at character boundaries */
	unsigned width;      /* cells painted, at most the wrap width */
	unsigned flags;      /* LAYOUT_ROW_* */
};

#define LAYOUT_ROW_REPLACED 1u  /* some cell is LAYOUT_CELL_REPLACED or _TOO_WIDE */

struct layout_options {
	unsigned tab_width;  /* tab stops every this many cells; 0 means 8 */
	bool strip_indent;   /* skip the range's leading blanks (space, TAB, U+3000) */
	unsigned indent;     /* blank cells before the first row's text (a paragraph's
	                        first-line indent); ignored unless it leaves the row at
	                        least one cell */
};

/*
 * The rows of one wrapped range, an owned growable array (layout_rows_init, then
 * layout_wrap as often as needed: the memory is reused; layout_rows_release at the
 * end). Also records what was wrapped, for the cell walk and the offset maps; the
 * text is borrowed and must stay unchanged while they are used.
 */
struct layout_rows {
	struct layout_row *row;   /* row[0..count) */
	size_t count;
	const char *text;         /* what was wrapped: text[start..end) at width */
	size_t start, end;
	unsigned width, tab_width;
	unsigned indent;          /* cells before row 0's first cell (layout_options) */
	/* private */
	size_t cap;
	char *brk;                /* break opportunities, one per byte */
	size_t brk_cap;
	char *join;               /* the range with its '\n' joined, and its breaks */
	size_t join_cap;
};

/* An empty set of rows, holding no memory yet. */
void layout_rows_init(struct layout_rows *r);

/* Frees what r holds and makes it empty again (as layout_rows_init). */
void layout_rows_release(struct layout_rows *r);

/*
 * Wraps text[start..end) to rows of width cells (width >= 1; 0 is taken as 1) into
 * out, replacing its rows. The reader passes a paragraph of the outline from
 * outline_para.start (past its own leading 　　) to its end, with the indent the page
 * gives it (page_para, opt->indent), so that every source is set alike; the range may
 * hold the '\n' of joined lines. Costs O(end - start) time and about
 * 2 bytes of scratch per byte, kept in out. There is always at least one row (an
 * empty range gives one empty row). Returns PZ_OK, or PZ_NOMEM (out then holds no
 * rows but stays valid for release).
 */
enum pz_status layout_wrap(const char *text, size_t start, size_t end, unsigned width,
                           const struct layout_options *opt, struct layout_rows *out);

/* What to paint for one cell. */
enum layout_cell_kind {
	LAYOUT_CELL_TEXT,      /* the bytes [start, end) as they are (one character and
	                          the zero-width characters after it) */
	LAYOUT_CELL_BLANK,     /* width blanks: a tab, or a joined '\n' between words */
	LAYOUT_CELL_REPLACED,  /* unprintable: one replacement glyph (U+FFFD or '?') */
	LAYOUT_CELL_TOO_WIDE,  /* a wide character in a row of width 1: paint '>' */
	LAYOUT_CELL_HIDDEN,    /* paints nothing: a joined '\n', a hanging space */
};

struct layout_cell {
	size_t start, end;     /* bytes covered */
	unsigned col;          /* first column, from the row's start */
	unsigned width;        /* columns painted (0 for HIDDEN and zero-width text) */
	enum layout_cell_kind kind;
};

/* Walks the cells of one row, left to right. */
struct layout_walk {
	const struct layout_rows *r;
	size_t pos, end;
	unsigned col;
};

/* Starts a walk over row i of r (i < r->count); r must stay unchanged meanwhile. Row 0's
 * cells start at column r->indent, and its width counts the indent. */
void layout_walk_init(struct layout_walk *w, const struct layout_rows *r, size_t i);

/* Sets *c to the next cell and returns true, or returns false after the last. */
bool layout_walk_next(struct layout_walk *w, struct layout_cell *c);

/*
 * The row holding byte offset off and the column of the cell that covers it (the
 * first column of a wide character). An offset inside the skipped indentation gives
 * row 0, column 0; r->end, and an offset in hanging spaces, give the row's width.
 * Costs a binary search over the rows plus one row's walk.
 */
void layout_locate(const struct layout_rows *r, size_t off, size_t *row, unsigned *col);

/*
 * The byte offset of the cell covering column col of row i (i < r->count): both
 * columns of a wide character give its start. A column right of the row's last
 * painted cell gives that cell's start (a click right of the text picks its last
 * character); a row without painted cells gives its start.
 */
size_t layout_offset_at(const struct layout_rows *r, size_t i, unsigned col);

/*
 * Cells of text[start..end) on one row starting at column 0, as layout_wrap measures
 * them (tabs to stops of 8, joined '\n', replacements), with no wrapping.
 */
size_t layout_cells(const char *text, size_t start, size_t end);

/*
 * Clipping to max_cells for a single-row display (tree titles, the status line):
 * returns the end of the longest prefix of text[start..end) that fits, never
 * inside a character or before the zero-width characters that follow one; a wide
 * character or tab that would cross the limit is left out whole. *cells (if not
 * NULL) is set to the prefix's cells.
 */
size_t layout_clip(const char *text, size_t start, size_t end, size_t max_cells,
                   size_t *cells);

/*
 * The join rule for '\n' inside text[start..end): true when the '\n' at pos is
 * shown as one blank (its neighbours are both ASCII graphic characters, 0x21-0x7E),
 * false when it is no character at all. The search folds it the same way.
 */
bool layout_newline_is_space(const char *text, size_t start, size_t end, size_t pos);

#endif
