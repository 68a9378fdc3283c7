/* The terminal: taken with the keypad, colours, mouse and bracketed paste on, and given
 * back as it was on every way out; keys read with a paste and a vanished terminal told
 * apart; and the drawing helpers every view uses, clipped to their width and never
 * fatal. The one place that keeps terminal state (the paste mode's capability). */
#ifndef PIZHU_UI_SCREEN_H
#define PIZHU_UI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/key.h"
#include "pizhu/theme.h"
#include "pizhu/ui/app.h"

/* Takes the terminal: false when it cannot be used (TERM unknown and none of the close
 * types known either), having changed nothing. Sets a->rows, a->cols and a->colors (none under NO_COLOR). */
bool screen_begin(struct app *a);

/* After screen_begin: what it said when TERM was unknown here and a close type
 * (xterm-256color, xterm, vt100) stands in for it, or NULL. Static. */
const char *screen_term_fallback(void);

/* Gives the terminal back as it was (bracketed paste off, the main screen, the
 * cursor). */
void screen_end(void);

/* Leaves for the shell (SIGTSTP) and takes the terminal again when resumed. */
void screen_suspend(void);

/* Sets up a->theme's colours in the terminal (after screen_begin). */
void screen_colors(const struct app *a);

enum screen_event {
	SCREEN_NOTHING,       /* no key within a quarter of a second */
	SCREEN_KEY,           /* *k is a key */
	SCREEN_HANGUP,        /* the terminal is gone */
	SCREEN_PASTE_START,   /* the terminal starts, or ends, pasting (bracketed paste) */
	SCREEN_PASTE_END,
	SCREEN_RESIZE,
	SCREEN_MOUSE,         /* *y, *x, *bstate say where and what */
};

/* Waits up to 250 ms for something from the terminal. */
enum screen_event screen_read(struct key *k, int *y, int *x, unsigned long *bstate);

/* Whether something from the terminal is there to read now, or comes within ms
 * milliseconds (0: now); it is left to read. */
bool screen_key_waiting(int ms);

/* The curses attribute of theme element e (its colour pair when the terminal has
 * colours). */
int screen_attr(const struct app *a, enum theme_element e);

/* Writes s[start,end) at y,x, clipped to width cells: a wide character that does not
 * fit is left out, never split; controls are drawn as '?'. */
void screen_put(int y, int x, int width, const char *s, size_t start, size_t end, int attr);

/* screen_put, but what does not fit whole is cut a cell shorter and ends with '…'. */
void screen_put_cut(int y, int x, int width, const char *s, size_t start, size_t end, int attr);

/* A row of a pane built in pieces and written whole, with one call: screen_row_begin
 * starts width cells at y,x blank in attr; screen_row_put puts s[start,end) at column x,
 * clipped to width cells and to the row, as screen_put would, after the pieces put
 * before (one left of them is left out); screen_row_end writes the row, the cells no
 * piece took blank. */
void screen_row_begin(int y, int x, int width, int attr);
void screen_row_put(int x, int width, const char *s, size_t start, size_t end, int attr);
/* screen_row_put, but cut as screen_put_cut cuts. */
void screen_row_put_cut(int x, int width, const char *s, size_t start, size_t end, int attr);
void screen_row_end(void);

/* Fills width cells at y,x with blanks of attr. */
void screen_fill(int y, int x, int width, int attr);

/* The terminal's size now. */
void screen_size(int *rows, int *cols);

/* Clears the screen, and the terminal's own copy at the next refresh (redraw). */
void screen_clear(bool all);

/* Whether row y's cells [x, x + width) still hold what was drawn there under sig (a hash
 * of everything that decides those cells, screen_row_drawn): they need not be built and
 * written again. Clearing the screen forgets every row; scrolling moves them. */
bool screen_row_kept(int y, int x, int width, uint64_t sig);

/* Row y's cells [x, x + width) now hold what sig stands for. */
void screen_row_drawn(int y, int x, int width, uint64_t sig);

/* Moves the cells of rows [top, top + height), columns [left, left + width) of the
 * screen up by n rows (down when n < 0) and sends that to the terminal, which moves them
 * itself: the frame drawn next then sends only the rows that came in. Columns that are
 * not the whole width move alone where the terminal said it can scroll between left and
 * right margins (DECSLRM, asked with DECRQM when the screen was taken, never assumed);
 * elsewhere the whole rows move, and what sits beside the range is sent again. */
void screen_scroll(int top, int left, int height, int width, int n);

/* Writes msg in bold at the top left, clipped to width (the screen is too small for
 * anything else). */
void screen_say(const char *msg, int width);

/* Asks for the terminal's cursor at y,x when the screen is next shown (a prompt's
 * typing place); without it the cursor is hidden. */
void screen_cursor(int y, int x);

/* Sends what was drawn to the terminal. */
void screen_show(void);

#endif
