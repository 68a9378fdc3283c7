/* The terminal, taken and always given back, and what every view draws with: the reader's
 * one contact with curses' setup and input (views only draw through the helpers here and
 * curses' own output calls). */
#include "pizhu/ui/screen.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <termios.h>
#include <term.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "pizhu/errors.h"
#include "pizhu/i18n.h"
#include "pizhu/layout.h"
#include "pizhu/utf8.h"

/* Bracketed paste (where terminfo has BE, BD, PS and PE): the terminal marks pasted
 * text, so that a paste goes into a prompt whole (line breaks as spaces) and is never
 * run as keys: a pasted "D" must not delete a tag. */
#define KEY_PASTE_START (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)
static const char *paste_off; /* BD, once the terminal marks pastes */
/* Left and right margins (DECSLRM, in DECLRMM mode, ?69): a pane beside the tree scrolls
 * alone where the terminal has them. Asked of the terminal (DECRQM) when the screen is
 * taken; its answer comes as a key (0 to 4: unknown, set, reset, always set, never). */
#define KEY_LRMM_ANSWER (KEY_MAX + 3)  /* + the answer */
static enum { LR_UNASKED, LR_ASKED, LR_YES, LR_NO } lr_margins;
static bool lr_mode_on;  /* DECLRMM set by us: reset when the screen is given back */
static bool mv_ready;    /* the terminal's cursor moves looked up (repair_rows) */
static bool pens_ready;  /* the changes of colour measured are still right (repair_rows) */
static SCREEN *term;
static int cursor_y = -1, cursor_x; /* where the cursor shows next (screen_cursor) */
/* ncurses 6.4 flushes its output at every cursor move until the screen has been left
 * once and taken again (it tells "running" from "initial" only when resuming): a frame
 * went out in some 80 write()s. The screen is left just before the first frame is
 * sent, which then goes out whole on resuming, in one write. */
static bool resumed;
/* What each row holds (screen_row_kept): the cells [x, x + width) drawn under sig, for
 * each of the panes side by side on it (the tree's part and the text's). */
#define ROWS_KEPT 1024
#define ROW_PARTS 4
struct row_part {
	int x, width;
	uint64_t sig;
	bool valid;
};
static struct row_kept {
	struct row_part part[ROW_PARTS];
} kept[ROWS_KEPT];
static void rows_forget(void);

/* Cells [x, x + width) of row y drawn over: what the row kept there is no longer there. */
static void row_drawn_over(int y, int x, int width)
{
	if (y < 0 || y >= ROWS_KEPT)
		return;
	for (int i = 0; i < ROW_PARTS; i++) {
		struct row_part *k = &kept[y].part[i];
		if (k->valid && x < k->x + k->width && k->x < x + width)
			k->valid = false;
	}
}
/* Said on the status line when TERM was unknown and a close type stands in for it. */
static char fallback_note[160];

static bool cap_ok(const char *s)
{
	return s && s != (const char *)-1 && *s;
}

static void paste_mode_on(void)
{
	const char *be = tigetstr("BE"), *bd = tigetstr("BD"), *ps = tigetstr("PS"),
	           *pe = tigetstr("PE");
	if (!cap_ok(be) || !cap_ok(bd) || !cap_ok(ps) || !cap_ok(pe))
		return;
	if (define_key(ps, KEY_PASTE_START) != OK || define_key(pe, KEY_PASTE_END) != OK)
		return;
	putp(be);
	fflush(stdout);
	paste_off = bd;
}

static void paste_mode_off(void)
{
	if (paste_off) {
		putp(paste_off);
		fflush(stdout);
	}
}

/* Asks the terminal whether it has left and right margins (DECRQM for DECLRMM): an
 * xterm says so, tmux and most others do not answer, and until an answer comes the
 * margins are not used. Not asked of the Linux console, whose parser would show the
 * query's last letter. */
static void lr_margins_ask(void)
{
	const char *t = getenv("TERM");
	if (lr_margins != LR_UNASKED || (t && !strncmp(t, "linux", 5)))
		return;
	for (int i = 0; i <= 4; i++) {
		char answer[24];
		snprintf(answer, sizeof(answer), "\033[?69;%d$y", i);
		if (define_key(answer, KEY_LRMM_ANSWER + i) != OK)
			return;
	}
	putp("\033[?69$p");
	fflush(stdout);
	lr_margins = LR_ASKED;
}

/* DECLRMM off again when it was set here. */
static void lr_mode_off(void)
{
	if (lr_mode_on) {
		putp("\033[?69l");
		fflush(stdout);
		lr_mode_on = false;
	}
}

bool screen_begin(struct app *a)
{
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	/* The terminal looked up first, where an unknown one holds nothing (newterm would
	 * keep what it set up, and initscr end the process): the caller says so and frees
	 * what it holds. */
	int err = 0;
	const char *type = NULL; /* NULL: TERM's own */
	/* A type the terminfo here lacks (xterm-kitty, alacritty, foot over SSH): a close one
	 * that every terminal of today understands, the richest first. */
	static const char *const close_types[] = { "xterm-256color", "xterm", "vt100" };
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		for (size_t i = 0; !type && i < sizeof(close_types) / sizeof(close_types[0]); i++)
			if (setupterm(close_types[i], STDOUT_FILENO, &err) == OK)
				type = close_types[i];
		if (!type)
			return false;
	}
	del_curterm(cur_term);
	if (!(term = newterm(type, stdout, stdin)))
		return false;
	fallback_note[0] = '\0';
	if (type) {
		const char *t = getenv("TERM");
		char quoted[64];
		snprintf(fallback_note, sizeof(fallback_note),
		         _("unknown TERM %s: using %s"),
		         t ? pz_errors_quote(quoted, sizeof(quoted), t, strlen(t)) : "", type);
	}
	set_term(term);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	idlok(stdscr, TRUE); /* let curses scroll the terminal rather than repaint it:
	                        fewer bytes per line over a slow SSH link */
	timeout(250);
	const char *no_color = getenv("NO_COLOR");
	a->colors = 0;
	if (has_colors() && !(no_color && *no_color)) {
		start_color();
		use_default_colors();
		a->colors = COLORS;
	}
	getmaxyx(stdscr, a->rows, a->cols);
	resumed = false;
	paste_mode_on();
	lr_margins = LR_UNASKED;
	lr_mode_on = false;
	mv_ready = false;
	pens_ready = false;
	rows_forget();
	lr_margins_ask();
	mousemask(BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	return true;
}

const char *screen_term_fallback(void)
{
	return fallback_note[0] ? fallback_note : NULL;
}

void screen_end(void)
{
	if (!term)
		return;
	paste_mode_off();
	lr_mode_off();
	endwin();
	delscreen(term);
	term = NULL;
}

void screen_suspend(void)
{
	paste_mode_off();
	lr_mode_off();
	endwin();
	raise(SIGTSTP);
	refresh();
	paste_mode_on();
}

void screen_colors(const struct app *a)
{
	pens_ready = false;
	if (a->colors < 8)
		return;
	for (int e = 0; e < TE_COUNT; e++) {
		struct theme_style s = theme_style_degrade(theme_get(a->theme, (enum theme_element)e),
		                                           a->colors);
		init_pair((short)(e + 1), (short)s.fg, (short)s.bg);
	}
}

/* A key curses has already read (part of a sequence), else up to 250 ms of waiting on
 * the terminal itself, so that a terminal that went away (a closed SSH connection
 * whose SIGHUP did not reach us) ends the reader instead of spinning. */
static int get_key(wint_t *ch, enum screen_event *ev)
{
	timeout(0);
	int r = get_wch(ch);
	timeout(250);
	if (r != ERR)
		return r;
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	int n = poll(&pfd, 1, 250);
	if (n > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) && !(pfd.revents & POLLIN)) {
		*ev = SCREEN_HANGUP;
		return ERR;
	}
	if (n <= 0)
		return ERR;
	r = get_wch(ch);
	if (r == ERR) /* readable yet nothing to read: end of file on the terminal */
		*ev = SCREEN_HANGUP;
	return r;
}

bool screen_key_waiting(int ms)
{
	wint_t ch;
	timeout(0);
	int r = get_wch(&ch);
	if (r == ERR && ms > 0) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		if (poll(&pfd, 1, ms) > 0 && (pfd.revents & POLLIN))
			r = get_wch(&ch);
	}
	timeout(250);
	if (r == ERR)
		return false;
	if (r == KEY_CODE_YES)
		ungetch((int)ch);
	else
		unget_wch((wchar_t)ch);
	return true;
}

enum screen_event screen_read(struct key *k, int *y, int *x, unsigned long *bstate)
{
	wint_t ch;
	enum screen_event ev = SCREEN_NOTHING;
	int r = get_key(&ch, &ev);
	if (r == ERR)
		return ev;
	if (r == KEY_CODE_YES) {
		if (ch == KEY_PASTE_START || ch == KEY_PASTE_END)
			return ch == KEY_PASTE_START ? SCREEN_PASTE_START : SCREEN_PASTE_END;
		if (ch >= KEY_LRMM_ANSWER && ch <= KEY_LRMM_ANSWER + 4) {
			/* recognised and settable (1, 2) or always set (3) */
			int answer = (int)ch - KEY_LRMM_ANSWER;
			lr_margins = answer >= 1 && answer <= 3 ? LR_YES : LR_NO;
			return SCREEN_NOTHING;
		}
		if (ch == KEY_RESIZE)
			return SCREEN_RESIZE;
		if (ch == KEY_MOUSE) {
			MEVENT me;
			if (getmouse(&me) != OK)
				return SCREEN_NOTHING;
			*y = me.y;
			*x = me.x;
			*bstate = (unsigned long)me.bstate;
			return SCREEN_MOUSE;
		}
		const char *name = keyname((int)ch);
		return name && key_from_curses_name(name, strlen(name), k) == PZ_OK ? SCREEN_KEY
		                                                                   : SCREEN_NOTHING;
	}
	if (ch == 27) { /* Esc alone, or Meta: Esc then a key at once */
		wint_t next;
		timeout(0);
		int r2 = get_wch(&next);
		timeout(250);
		if (r2 == OK) {
			*k = key_from_char((uint32_t)next);
			k->mods |= KM_META;
			return SCREEN_KEY;
		}
	}
	*k = key_from_char((uint32_t)ch);
	return SCREEN_KEY;
}

int screen_attr(const struct app *a, enum theme_element e)
{
	struct theme_style s = theme_style_degrade(theme_get(a->theme, e), a->colors);
	int attr = 0;
	if (s.attrs & TA_BOLD)
		attr |= A_BOLD;
	if (s.attrs & TA_DIM)
		attr |= A_DIM;
	if (s.attrs & TA_UNDERLINE)
		attr |= A_UNDERLINE;
	if (s.attrs & TA_REVERSE)
		attr |= A_REVERSE;
	if (s.attrs & TA_STANDOUT)
		attr |= A_STANDOUT;
	if (s.attrs & TA_BLINK)
		attr |= A_BLINK;
#ifdef A_ITALIC
	if (s.attrs & TA_ITALIC)
		attr |= A_ITALIC;
#endif
	if (a->colors >= 8)
		attr |= COLOR_PAIR((int)e + 1);
	return attr;
}

/* The cells of s[start, stop) in attr, one entry per character (a wide one takes two
 * columns, a mark joins the character before it), at most max: how many. */
static int cells_of(const char *s, size_t start, size_t stop, int attr, cchar_t *out, int max)
{
	wchar_t w[CCHARW_MAX + 1];
	size_t nw = 0;
	int n = 0;
	attr_t a = (attr_t)attr & ~(attr_t)A_COLOR;
	short pair = (short)PAIR_NUMBER(attr);
	for (size_t i = start; i < stop;) {
		size_t len;
		wchar_t c = (wchar_t)utf8_get(s, stop, i, &len);
		i += len;
		/* controls would be drawn as ^X in two cells: the layout already replaced
		 * them in the text pane; elsewhere (titles, paths) a control becomes '?' */
		if (c < 0x20 || c == 0x7F)
			c = L'?';
		if (nw && c >= 0x300 && wcwidth(c) == 0) { /* a mark joins the character before it */
			if (nw < CCHARW_MAX)
				w[nw++] = c;
			continue;
		}
		if (nw) {
			w[nw] = L'\0';
			setcchar(&out[n++], w, a, pair, NULL);
			nw = 0;
		}
		if (n == max)
			return n;
		w[nw++] = c;
	}
	if (nw && n < max) {
		w[nw] = L'\0';
		setcchar(&out[n++], w, a, pair, NULL);
	}
	return n;
}

/* ERR from curses is not fatal (the bottom-right cell returns it although it draws).
 * The cells are built here and written with one call: curses neither decodes the
 * UTF-8 nor measures it a byte at a time. */
void screen_put(int y, int x, int width, const char *s, size_t start, size_t end, int attr)
{
	if (width <= 0 || start >= end)
		return;
	row_drawn_over(y, x, width);
	size_t cells;
	size_t stop = layout_clip(s, start, end, (size_t)width, &cells);
	cchar_t row[256];
	int n = cells_of(s, start, stop, attr, row, (int)(sizeof(row) / sizeof(row[0])));
	if (n)
		mvadd_wchnstr(y, x, row, n);
}

void screen_put_cut(int y, int x, int width, const char *s, size_t start, size_t end, int attr)
{
	static const char ellipsis[] = "…";
	if (width <= 0 || start >= end)
		return;
	if (layout_cells(s, start, end) <= (size_t)width) {
		screen_put(y, x, width, s, start, end, attr);
		return;
	}
	size_t ew = layout_cells(ellipsis, 0, sizeof(ellipsis) - 1), cells;
	if ((size_t)width <= ew) {
		screen_put(y, x, width, ellipsis, 0, sizeof(ellipsis) - 1, attr);
		return;
	}
	size_t stop = layout_clip(s, start, end, (size_t)width - ew, &cells);
	screen_put(y, x, (int)cells, s, start, stop, attr);
	screen_put(y, x + (int)cells, width - (int)cells, ellipsis, 0, sizeof(ellipsis) - 1, attr);
}

/* The row being built (screen_row_begin): its cells, and the next column. */
#define ROW_MAX 1024
static struct {
	cchar_t cell[ROW_MAX], blank;
	int n, y, x, width, col;
} row;

static void row_pad(int to)
{
	for (; row.col < to && row.n < ROW_MAX; row.col++)
		row.cell[row.n++] = row.blank;
}

void screen_row_begin(int y, int x, int width, int attr)
{
	static const wchar_t blank[] = L" ";
	row.n = 0;
	row.y = y;
	row.x = x;
	row.width = width < ROW_MAX ? width : ROW_MAX;
	row.col = x;
	setcchar(&row.blank, blank, (attr_t)attr & ~(attr_t)A_COLOR, (short)PAIR_NUMBER(attr), NULL);
}

void screen_row_put(int x, int width, const char *s, size_t start, size_t end, int attr)
{
	int right = row.x + row.width;
	if (x < row.col || width <= 0 || start >= end || x >= right)
		return;
	if (x + width > right)
		width = right - x;
	row_pad(x);
	size_t cells;
	size_t stop = layout_clip(s, start, end, (size_t)width, &cells);
	row.n += cells_of(s, start, stop, attr, row.cell + row.n, ROW_MAX - row.n);
	row.col += (int)cells;
}

void screen_row_put_cut(int x, int width, const char *s, size_t start, size_t end, int attr)
{
	static const char ellipsis[] = "…";
	if (width <= 0 || start >= end)
		return;
	if (layout_cells(s, start, end) <= (size_t)width) {
		screen_row_put(x, width, s, start, end, attr);
		return;
	}
	size_t ew = layout_cells(ellipsis, 0, sizeof(ellipsis) - 1), cells;
	if ((size_t)width <= ew) {
		screen_row_put(x, width, ellipsis, 0, sizeof(ellipsis) - 1, attr);
		return;
	}
	size_t stop = layout_clip(s, start, end, (size_t)width - ew, &cells);
	screen_row_put(x, (int)cells, s, start, stop, attr);
	screen_row_put(x + (int)cells, width - (int)cells, ellipsis, 0, sizeof(ellipsis) - 1, attr);
}

void screen_row_end(void)
{
	row_pad(row.x + row.width);
	row_drawn_over(row.y, row.x, row.width);
	if (row.n)
		mvadd_wchnstr(row.y, row.x, row.cell, row.n);
}

void screen_fill(int y, int x, int width, int attr)
{
	if (width > 0) {
		row_drawn_over(y, x, width);
		mvhline(y, x, (chtype)' ' | (chtype)attr, width);
	}
}

static void rows_forget(void)
{
	memset(kept, 0, sizeof(kept));
}

bool screen_row_kept(int y, int x, int width, uint64_t sig)
{
	if (y < 0 || y >= ROWS_KEPT)
		return false;
	for (int i = 0; i < ROW_PARTS; i++) {
		const struct row_part *k = &kept[y].part[i];
		if (k->valid && k->x == x && k->width == width)
			return k->sig == sig;
	}
	return false;
}

void screen_row_drawn(int y, int x, int width, uint64_t sig)
{
	if (y < 0 || y >= ROWS_KEPT)
		return;
	row_drawn_over(y, x, width);
	for (int i = 0; i < ROW_PARTS; i++)
		if (!kept[y].part[i].valid) {
			kept[y].part[i] = (struct row_part){ x, width, sig, true };
			return;
		}
	/* more panes than parts: the first forgotten */
	memmove(&kept[y].part[0], &kept[y].part[1], (ROW_PARTS - 1) * sizeof(kept[y].part[0]));
	kept[y].part[ROW_PARTS - 1] = (struct row_part){ x, width, sig, true };
}

/* The rows within [top, top + height) x [left, ...) moved up n rows: the parts of them
 * right of left move with them (those that came in are forgotten), those left of it
 * stay, and one across it, half moved, is forgotten. */
static void rows_scroll(int top, int left, int height, int n)
{
	for (int i = 0; i < height; i++) {
		int y = n > 0 ? top + i : top + height - 1 - i, from = y + n;
		if (y < 0 || y >= ROWS_KEPT)
			continue;
		bool in = from >= top && from < top + height && from >= 0 && from < ROWS_KEPT;
		for (int j = 0; j < ROW_PARTS; j++) {
			struct row_part *k = &kept[y].part[j];
			if (k->valid && k->x < left && k->x + k->width > left)
				k->valid = false;
			else if (k->valid && k->x >= left)
				k->valid = false; /* moved away: replaced below */
		}
		if (!in)
			continue;
		for (int j = 0; j < ROW_PARTS; j++) {
			const struct row_part *k = &kept[from].part[j];
			if (k->valid && k->x >= left)
				screen_row_drawn(y, k->x, k->width, k->sig);
		}
	}
}

/* Moves the cells of [top, top + height) x [left, cols) of win (curses' copy of the
 * terminal, the frame it last sent, or the screen being drawn) as the terminal moved
 * them, the rows that came in blank: a window on that range scrolled, which moves the
 * cells without reading or measuring them again. Deleting that window marks the whole
 * of win changed (curses then compares every cell of the screen, some 50 instructions
 * each, at the next refresh): unmarked again when nothing was marked before, since the
 * cells moved in all three alike. */
static bool win_scroll(WINDOW *win, int top, int left, int height, int n)
{
	bool touched = is_wintouched(win);
	WINDOW *range = derwin(win, height, getmaxx(win) - left, top, left);
	if (!range)
		return false;
	scrollok(range, TRUE);
	wscrl(range, n);
	delwin(range);
	if (!touched)
		untouchwin(win);
	return true;
}

/* Rows [top, top + height) moved whole while the frame kept [0, keep) where it was
 * (moved): what the move displaced there is sent by repair_rows before curses' refresh. */
static struct repair {
	bool pending;
	int top, height, keep;
} repair;

/* The terminal moved [top, top + height) x [left, cols) up n rows: curses' copies of it,
 * of the frame sent and of the one being drawn move alike, so that the rows moved are
 * neither drawn again nor compared. With keep > 0 the terminal moved the whole rows
 * (it has no left margin) but the frame keeps [0, keep) where it was (the tree beside the
 * text): the terminal's copy moves whole, the frames only right of keep, and those rows
 * are marked changed in the frame sent, so that curses sends what the move displaced
 * there and nothing needs to be built again (the rows kept left of keep stay kept). */
static void moved(int top, int left, int height, int n, int keep)
{
	if (!win_scroll(curscr, top, left, height, n) ||
	    !win_scroll(newscr, top, left + keep, height, n) ||
	    !win_scroll(stdscr, top, left + keep, height, n)) {
		clearok(curscr, TRUE); /* what the terminal holds is no longer known */
		rows_forget();
		return;
	}
	if (keep > 0) {
		wtouchln(newscr, top, height, 1);
		repair = (struct repair){ true, top, height, keep };
	}
	rows_scroll(top, left + keep, height, n);
}

/* The terminal scrolls [top, top + height) x [left, cols) itself between margins set for
 * it (DECSTBM, DECSLRM), then has them and the cursor back as they were. The rows that
 * come in take the background of the attributes set: curses leaves them reset after
 * every refresh, and the cursor saved with them. */
static void scroll_margins(int top, int left, int height, int n)
{
	char seq[96], count[16] = "";
	if (abs(n) != 1) /* the parameters left out are their defaults: 1, the right edge */
		snprintf(count, sizeof(count), "%d", abs(n));
	int len = snprintf(seq, sizeof(seq), "\0337%s\033[%ds\033[%d;%dr\033[%s%c\033[r\033[s\0338",
	                   lr_mode_on ? "" : "\033[?69h", left + 1, top + 1, top + height, count,
	                   n > 0 ? 'S' : 'T');
	if (len <= 0 || (size_t)len >= sizeof(seq))
		return;
	lr_mode_on = true;
	putp(seq);
	fflush(stdout);
	moved(top, left, height, n, 0);
}

/* An ANSI control whose parameters are all their defaults, without them: "\033[1S" is
 * "\033[S", and "\033[1;24r" on 24 rows "\033[r" (ECMA-48 and DEC's margins). seq as it
 * is when it is not "ESC [ p1 [; p2] final" with those values. */
static const char *ansi_short(const char *seq, int p1, int p2)
{
	static char out[8];
	char want[32];
	size_t n = strlen(seq);
	if (n < 4 || seq[0] != '\033' || seq[1] != '[' || n > 24)
		return seq;
	char final = seq[n - 1];
	if (final == 'r')
		snprintf(want, sizeof(want), "\033[%d;%dr", p1, p2);
	else if (p1 == 1 && (final == 'S' || final == 'T'))
		snprintf(want, sizeof(want), "\033[1%c", final);
	else
		return seq;
	if (strcmp(seq, want))
		return seq;
	snprintf(out, sizeof(out), "\033[%c", final);
	return out;
}

/* Whole rows [top, top + height) scrolled by the terminal between top and bottom
 * margins (terminfo's csr), the cursor saved and restored around (sc, rc): a line
 * costs some 20 bytes. curses would find the scroll itself by comparing line hashes,
 * but only once the frame is drawn whole in its window, and then compares every cell
 * of every row; it would also send the scroll region again around the line. False when
 * the terminal lacks a capability. */
static bool scroll_rows(int top, int height, int n, int keep)
{
	const char *csr = tigetstr("csr"), *sc = tigetstr("sc"), *rc = tigetstr("rc");
	const char *by = tigetstr(n > 0 ? "indn" : "rin"), *one = tigetstr(n > 0 ? "ind" : "ri");
	const char *cup = tigetstr("cup");
	int rows = getmaxy(curscr);
	if (!cap_ok(csr) || !cap_ok(sc) || !cap_ok(rc) || (!cap_ok(by) && (!cap_ok(one) || !cap_ok(cup))))
		return false;
	putp(sc);
	putp(tiparm(csr, top, top + height - 1));
	if (cap_ok(by)) {
		putp(ansi_short(tiparm(by, abs(n)), abs(n), 1));
	} else {
		putp(tiparm(cup, n > 0 ? top + height - 1 : top, 0));
		for (int i = 0; i < abs(n); i++)
			putp(one);
	}
	putp(ansi_short(tiparm(csr, 0, rows - 1), 1, rows));
	putp(rc);
	if (!keep) /* else with what repair_rows sends after it (screen_show) */
		fflush(stdout);
	moved(top, 0, height, n, keep);
	return true;
}

void screen_scroll(int top, int left, int height, int width, int n)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	if (n == 0 || top < 0 || height < 2 || top + height > rows || abs(n) >= height || !resumed)
		return;
	/* a range beside others scrolls alone between margins (its right edge the screen's) */
	if ((left > 0 || width < cols) && lr_margins == LR_YES && left > 0 && left + width == cols) {
		scroll_margins(top, left, height, n);
		return;
	}
	/* else whole rows: what sits left of the range (the tree) stays in the frame, and
	 * curses sends what the move displaced there again */
	if (scroll_rows(top, height, n, left + width == cols && left < cols ? left : 0))
		return;
	/* without the capabilities, by curses: stdscr still holds the frame the terminal
	 * shows; moved, it is told apart from the terminal's copy by curses' line hashing,
	 * which sends the scroll */
	wsetscrreg(stdscr, top, top + height - 1);
	scrollok(stdscr, TRUE);
	wscrl(stdscr, n);
	rows_scroll(top, 0, height, n);
	scrollok(stdscr, FALSE);
	wsetscrreg(stdscr, 0, rows - 1);
	curs_set(0);
	refresh();
}

/* ---- the rows beside a whole-row scroll, sent by hand ------------------------------------
 * Where the terminal has no left margin (tmux, screen), a line scrolled beside the tree
 * moves the tree's rows too, and each must be sent again: the cells of row y + 1 now on
 * row y against those the frame has there. curses would send them row by row, switching
 * colours three or four times a row (the marker, the title, the size); here the cells
 * that differ are sent in the order that costs fewest bytes, worked out exactly from
 * the cells: row by row, or one pass per colour in the best order of the passes, or one
 * colour after the rest (its cells then need a cursor move each, but no colour switch).
 * The rest of the frame (the row that came in, the status line) goes in the same
 * ordering, so that its colours are switched with the tree's, and the switches are
 * terminfo's shortest (pen_change). Then curses' copy of the terminal holds those cells,
 * and its refresh has nothing left to send. */

#define REPAIR_COLS 512
#define REPAIR_SEGS 4096
#define REPAIR_TEXT 65536
#define REPAIR_PENS 16

/* A column of a row: the character on it (one entry of the row's characters, a wide one
 * on two columns) and its width there, 0 on the right half of a wide one. */
struct rcell {
	const cchar_t *c;
	signed char width;
};

struct seg {
	int y, x0, x1, pen;
	int end_pen;     /* the pen it leaves set: its own, or that of the last it took in */
	size_t off, len; /* its text in rp_text */
	/* the cells left of it on its row, unchanged and in its pen, written again from the
	 * row's start where a carriage return and they cost less than the move to x0 (a
	 * blank in the first column: "\r " against "\033[2G"); ext_len 0: none */
	size_t ext_off, ext_len;
};

static struct seg rp_seg[REPAIR_SEGS];
static char rp_text[REPAIR_TEXT];
static struct {
	attr_t a;
	short pair;
} rp_pen[REPAIR_PENS];
/* The pens met so far, and what changing from one to another sends (measured once). */
static int rp_npens;
static char rp_sgr[REPAIR_PENS][REPAIR_PENS][96];
static unsigned char rp_sgr_len[REPAIR_PENS][REPAIR_PENS];
static bool rp_sgr_known[REPAIR_PENS][REPAIR_PENS];
static char sink_buf[96];
static size_t sink_n;

static int sink_put(int c)
{
	if (sink_n < sizeof(sink_buf))
		sink_buf[sink_n++] = (char)c;
	return c;
}

static int sink_none(int c)
{
	return c;
}

/* The attributes a pen may have, each turned on by a capability of its own (the others,
 * the alternate character set among them, only as curses sends them). */
static const struct {
	attr_t a;
	const char *cap;
} attr_caps[] = {
	{ A_BOLD, "bold" },      { A_DIM, "dim" },       { A_UNDERLINE, "smul" },
	{ A_REVERSE, "rev" },    { A_BLINK, "blink" },   { A_STANDOUT, "smso" },
	{ A_ITALIC, "sitm" },    { A_INVIS, "invis" },
};

static bool sink_cap(const char *s)
{
	if (!cap_ok(s) || strstr(s, "$<"))
		return false;
	while (*s)
		sink_put(*s++);
	return sink_n < sizeof(sink_buf);
}

/* The change from pen i to pen j by terminfo's capabilities, into the sink, by one of
 * three ways: each attribute that comes by its own capability (none may go); a reset
 * (sgr0), then each attribute by its own; all of them at once (sgr). The colours that
 * change follow: setaf, setab, and where one goes back to the terminal's own, op (which
 * takes both back), or ECMA-48's 39 and 49 where terminfo says the terminal has them (AX,
 * as curses does). As curses does, a reset is taken to reset the colours too. curses
 * sends every change of attributes with sgr, the colours after it: some 14 bytes to
 * turn bold on in a colour, against 9 by the first way. False when a capability is
 * missing or the pen has attributes without one. */
static bool pen_change(int i, int j, int way)
{
	attr_t ai = rp_pen[i].a, aj = rp_pen[j].a, known = 0;
	for (size_t k = 0; k < sizeof(attr_caps) / sizeof(attr_caps[0]); k++)
		known |= attr_caps[k].a;
	if ((ai | aj) & ~known || tigetnum("ncv") > 0 || (way == 0 && ai & ~aj))
		return false;
	short fi = -1, bi = -1, fj = -1, bj = -1;
	if ((rp_pen[i].pair && pair_content(rp_pen[i].pair, &fi, &bi) == ERR) ||
	    (rp_pen[j].pair && pair_content(rp_pen[j].pair, &fj, &bj) == ERR))
		return false;
	sink_n = 0;
	if (way == 1) {
		if (!sink_cap(tigetstr("sgr0")))
			return false;
		ai = A_NORMAL, fi = bi = -1;
	} else if (way == 2) {
		const char *sgr = tigetstr("sgr");
		if (!cap_ok(sgr) ||
		    !sink_cap(tiparm(sgr, !!(aj & A_STANDOUT), !!(aj & A_UNDERLINE),
		                     !!(aj & A_REVERSE), !!(aj & A_BLINK), !!(aj & A_DIM),
		                     !!(aj & A_BOLD), !!(aj & A_INVIS), 0, 0)))
			return false;
		ai = aj & ~(attr_t)A_ITALIC, fi = bi = -1;
	}
	for (size_t k = 0; k < sizeof(attr_caps) / sizeof(attr_caps[0]); k++)
		if (aj & ~ai & attr_caps[k].a && !sink_cap(tigetstr(attr_caps[k].cap)))
			return false;
	bool ax = tigetflag("AX") > 0;
	if (!ax && ((fj < 0 && fi >= 0) || (bj < 0 && bi >= 0))) {
		if (!sink_cap(tigetstr("op")))
			return false;
		fi = bi = -1;
	}
	const char *setaf = tigetstr("setaf"), *setab = tigetstr("setab");
	if (fj != fi && !sink_cap(fj < 0 ? "\033[39m" : cap_ok(setaf) ? tiparm(setaf, fj) : NULL))
		return false;
	if (bj != bi && !sink_cap(bj < 0 ? "\033[49m" : cap_ok(setab) ? tiparm(setab, bj) : NULL))
		return false;
	return true;
}

/* Row y's columns [0, keep) of win, its characters read into cc (keep + 1 entries); false
 * when one runs past keep. */
static bool row_cells(WINDOW *win, int y, int keep, cchar_t *cc, struct rcell *out)
{
	if (wmove(win, y, 0) == ERR || win_wchnstr(win, cc, keep) == ERR)
		return false;
	for (int x = 0, i = 0; x < keep; i++) {
		wchar_t ch = cc[i].chars[0];
		int w = ch < 0x80 ? 1 : wcwidth(ch);
		if (w < 1)
			w = 1;
		if (i >= keep || w > 2 || x + w > keep)
			return false;
		out[x] = (struct rcell){ &cc[i], (signed char)w };
		if (w == 2)
			out[x + 1] = (struct rcell){ &cc[i], 0 };
		x += w;
	}
	return true;
}

/* Whether two cells show the same: equal as they are stored, or as getcchar reads them. */
static bool cell_same(const cchar_t *p, const cchar_t *q)
{
	if (!memcmp(p, q, sizeof(*p)))
		return true;
	wchar_t wp[CCHARW_MAX + 1], wq[CCHARW_MAX + 1];
	attr_t ap, aq;
	short pp, pq;
	if (getcchar(p, wp, &ap, &pp, NULL) == ERR || getcchar(q, wq, &aq, &pq, NULL) == ERR)
		return false;
	return (ap & ~(attr_t)A_COLOR) == (aq & ~(attr_t)A_COLOR) && pp == pq && !wcscmp(wp, wq);
}

/* The index of the pen (attributes and colour pair) in rp_pen, added; -1 when full. */
static int pen_of(int *npens, attr_t a, short pair)
{
	for (int i = 0; i < *npens; i++)
		if (rp_pen[i].a == a && rp_pen[i].pair == pair)
			return i;
	if (*npens == REPAIR_PENS)
		return -1;
	rp_pen[*npens].a = a;
	rp_pen[*npens].pair = pair;
	return (*npens)++;
}

/* The terminal's cursor moves (terminfo), found once per terminal, and the lengths of
 * those with a parameter kept: the orders tried cost a move each per segment. */
enum mv_kind { MV_CUP, MV_HPA, MV_VPA, MV_CUF, MV_CUB, MV_CUU, MV_CUD, MV_LF, MV_CUB1S,
               MV_CUF1, MV_CUB1, MV_CUU1, MV_CUD1, MV_CR, MV_KINDS };
/* MV_LF: n line feeds, where nothing turns them into CR LF on the way (ONLCR off, as
 * curses sets the terminal): a move down that keeps the column, a byte a row. MV_CUB1S:
 * cub1 n times (a backspace each on most terminals). */
static const char *const mv_name[MV_KINDS] = { "cup", "hpa", "vpa", "cuf", "cub", "cuu",
                                               "cud", "", "cub1", "cuf1", "cub1", "cuu1",
                                               "cud1", "cr" };
static const char *mv_cap[MV_KINDS];
static size_t mv_cap_len[MV_KINDS];
#define MV_CACHE 1024
static unsigned char mv_len_cache[MV_CUD + 1][MV_CACHE];
static unsigned char cup_len_cache[256][MV_CACHE];
#define MV_NONE 1000 /* the length of a move the terminal lacks */
/* The lengths of v_best and h_best, kept as they are found (0: not yet; the length + 1):
 * a frame's orders ask for the same moves thousands of times. */
#define LEN_CACHE 256
static unsigned char v_len_cache[LEN_CACHE][LEN_CACHE];
static unsigned char h_len_cache[REPAIR_COLS][REPAIR_COLS];

static void mv_init(void)
{
	if (mv_ready)
		return;
	for (int k = 0; k < MV_KINDS; k++) {
		const char *s = *mv_name[k] ? tigetstr(mv_name[k]) : NULL;
		mv_cap[k] = cap_ok(s) && !strstr(s, "$<") ? s : NULL;
	}
	struct termios t;
	mv_cap[MV_LF] = tcgetattr(STDOUT_FILENO, &t) == 0 &&
	                (!(t.c_oflag & OPOST) || !(t.c_oflag & ONLCR)) ? "\n" : NULL;
	/* a line feed may be turned into CR LF on the way: not a move down */
	if (mv_cap[MV_CUD1] && !strcmp(mv_cap[MV_CUD1], "\n"))
		mv_cap[MV_CUD1] = NULL;
	for (int k = 0; k < MV_KINDS; k++)
		mv_cap_len[k] = mv_cap[k] ? strlen(mv_cap[k]) : 0;
	memset(mv_len_cache, 0, sizeof(mv_len_cache));
	memset(cup_len_cache, 0, sizeof(cup_len_cache));
	memset(v_len_cache, 0, sizeof(v_len_cache));
	memset(h_len_cache, 0, sizeof(h_len_cache));
	mv_ready = true;
}

/* One move: its kind and parameters, the string into out when out is not NULL; its
 * length, MV_NONE when the terminal lacks it. */
struct mv_part {
	enum mv_kind k;
	int a, b;
};

static size_t part_len(struct mv_part p, char *out)
{
	const char *cap = mv_cap[p.k];
	if (!cap)
		return MV_NONE;
	size_t len = mv_cap_len[p.k];
	if (p.k == MV_LF || p.k == MV_CUB1S) { /* cap n times */
		size_t n = len * (size_t)p.a;
		if (p.a < 1 || n > 60)
			return MV_NONE;
		if (out)
			for (int i = 0; i < p.a; i++)
				memcpy(out + len * (size_t)i, cap, len + 1);
		return n;
	}
	if (p.k >= MV_CUF1) { /* without parameters */
		if (out)
			memcpy(out, cap, len + 1);
		return len;
	}
	unsigned char *cached = NULL;
	if (p.k == MV_CUP && p.a >= 0 && p.a < 256 && p.b >= 0 && p.b < MV_CACHE)
		cached = &cup_len_cache[p.a][p.b];
	else if (p.k != MV_CUP && p.a >= 0 && p.a < MV_CACHE)
		cached = &mv_len_cache[p.k][p.a];
	if (cached && *cached && !out)
		return *cached;
	const char *s = p.k == MV_CUP ? tiparm(cap, p.a, p.b) : tiparm(cap, p.a);
	size_t n = s ? strlen(s) : 0;
	if (!n || n > 60)
		return MV_NONE;
	if (out)
		memcpy(out, s, n + 1);
	if (cached)
		*cached = (unsigned char)n;
	return n;
}

/* The shortest of parts[0, n) into *best; its length. */
static size_t shortest(const struct mv_part *parts, int n, struct mv_part *best)
{
	size_t len = MV_NONE;
	for (int i = 0; i < n; i++) {
		size_t l = parts[i].k == MV_KINDS ? 0 : part_len(parts[i], NULL);
		if (l < len) {
			len = l;
			*best = parts[i];
		}
	}
	return len;
}

/* The horizontal moves from hx to x on a row (one that does nothing when there). */
static int moves_h(struct mv_part *h, int hx, int x)
{
	int nh = 0;
	if (x == hx) {
		h[nh++] = (struct mv_part){ MV_KINDS, 0, 0 };
		return nh;
	}
	h[nh++] = (struct mv_part){ MV_HPA, x, 0 };
	if (x == 0)
		h[nh++] = (struct mv_part){ MV_CR, 0, 0 };
	if (x - hx == 1)
		h[nh++] = (struct mv_part){ MV_CUF1, 0, 0 };
	if (hx - x == 1)
		h[nh++] = (struct mv_part){ MV_CUB1, 0, 0 };
	if (hx - x > 1 && hx - x <= 4)
		h[nh++] = (struct mv_part){ MV_CUB1S, hx - x, 0 };
	h[nh++] = (struct mv_part){ x > hx ? MV_CUF : MV_CUB, abs(x - hx), 0 };
	return nh;
}

/* The vertical moves from row cy to row y (one that does nothing when there), and the
 * shortest of them into *best; its length. */
static size_t v_best(int cy, int y, struct mv_part *best)
{
	struct mv_part v[5];
	int nv = 0;
	if (y == cy)
		v[nv++] = (struct mv_part){ MV_KINDS, 0, 0 };
	else {
		v[nv++] = (struct mv_part){ MV_VPA, y, 0 };
		if (y - cy == 1)
			v[nv++] = (struct mv_part){ MV_CUD1, 0, 0 };
		if (cy - y == 1)
			v[nv++] = (struct mv_part){ MV_CUU1, 0, 0 };
		v[nv++] = (struct mv_part){ y > cy ? MV_CUD : MV_CUU, abs(y - cy), 0 };
		if (y > cy && y - cy <= 4)
			v[nv++] = (struct mv_part){ MV_LF, y - cy, 0 };
	}
	return shortest(v, nv, best);
}

static size_t h_best(int hx, int x, struct mv_part *best)
{
	struct mv_part h[6];
	return shortest(h, moves_h(h, hx, x), best);
}

/* best(from, to)'s length, kept in *c (its length + 1; UCHAR_MAX: no move) once worked
 * out; c NULL: worked out each time (a place beyond the cache). */
static size_t len_cached(unsigned char *c, size_t (*best)(int, int, struct mv_part *), int from,
                         int to)
{
	struct mv_part b;
	if (!c)
		return best(from, to, &b);
	if (!*c) {
		size_t n = best(from, to, &b);
		*c = (unsigned char)(n < UCHAR_MAX ? n + 1 : UCHAR_MAX);
	}
	return *c == UCHAR_MAX ? MV_NONE : (size_t)*c - 1;
}

static size_t v_len(int cy, int y)
{
	bool in = cy >= 0 && y >= 0 && cy < LEN_CACHE && y < LEN_CACHE;
	return len_cached(in ? &v_len_cache[cy][y] : NULL, v_best, cy, y);
}

static size_t h_len(int hx, int x)
{
	bool in = hx >= 0 && x >= 0 && hx < REPAIR_COLS && x < REPAIR_COLS;
	return len_cached(in ? &h_len_cache[hx][x] : NULL, h_best, hx, x);
}

/* The shortest way of the cursor from cy,cx (cy < 0: not known) to y,x, written into out
 * (up to 3 parts, each under 64 bytes) when out is not NULL; its length. The vertical
 * part and the horizontal one are chosen apart: a cursor address, or a move to the row
 * then along it, or a carriage return, a move to the row and along it from the left. */
static size_t move_to(char *out, int cy, int cx, int y, int x)
{
	struct mv_part best[3], bv = { MV_KINDS, 0, 0 }, bh = bv, bh0 = bv;
	int nbest = 1;
	if (out)
		out[0] = '\0';
	if (cy == y && cx == x)
		return 0;
	best[0] = (struct mv_part){ MV_CUP, y, x };
	size_t len = part_len(best[0], NULL);
	if (cy >= 0) {
		size_t lv, lh, lh0, lcr = part_len((struct mv_part){ MV_CR, 0, 0 }, NULL);
		if (!out) { /* the lengths alone, as they were found before */
			lv = v_len(cy, y), lh = h_len(cx, x), lh0 = h_len(0, x);
			if (lv + lh < len)
				len = lv + lh;
			if (lcr + lv + lh0 < len)
				len = lcr + lv + lh0;
			return len;
		}
		lv = v_best(cy, y, &bv), lh = h_best(cx, x, &bh), lh0 = h_best(0, x, &bh0);
		if (lv + lh < len) {
			len = lv + lh;
			nbest = 0;
			if (bv.k != MV_KINDS)
				best[nbest++] = bv;
			if (bh.k != MV_KINDS)
				best[nbest++] = bh;
		}
		if (lcr + lv + lh0 < len) {
			len = lcr + lv + lh0;
			nbest = 0;
			best[nbest++] = (struct mv_part){ MV_CR, 0, 0 };
			if (bv.k != MV_KINDS)
				best[nbest++] = bv;
			if (bh0.k != MV_KINDS)
				best[nbest++] = bh0;
		}
	}
	if (out) {
		size_t off = 0;
		for (int k = 0; k < nbest; k++)
			off += part_len(best[k], out + off);
		out[off] = '\0';
	}
	return len;
}

/* The screen's width: after a cell written in the last column, where the cursor is
 * depends on the terminal (it may wait to wrap): the next move is a cursor address. */
static int rp_cols;

/* The bytes of the move from cy,cx to segment g, to its start or to the start of its row
 * (*ext), whichever costs less with what is written again on the way. */
static size_t enter(int cy, int cx, const struct seg *g, bool *ext)
{
	size_t n = move_to(NULL, cy, cx, g->y, g->x0);
	*ext = false;
	if (g->ext_len) {
		size_t e = move_to(NULL, cy, cx, g->y, 0) + g->ext_len;
		if (e < n) {
			*ext = true;
			return e;
		}
	}
	return n;
}

/* The bytes of sending the segments in the order given, from pen 0 (reset) and the
 * cursor unknown. */
static size_t order_cost(const int *order, int nseg)
{
	size_t cost = 0;
	int cy = -1, cx = 0, pen = 0;
	for (int i = 0; i < nseg; i++) {
		const struct seg *g = &rp_seg[order[i]];
		bool ext;
		cost += enter(cy, cx, g, &ext) + rp_sgr_len[pen][g->pen] + g->len;
		cy = g->x1 < rp_cols ? g->y : -1, cx = g->x1, pen = g->end_pen;
	}
	return cost;
}

/* Segments ordered by rank of their pen, then by row and column (a stable sort). */
static void order_by(int *order, int nseg, const int *rank)
{
	int k = 0;
	for (int r = 0; r < rp_npens; r++)
		for (int i = 0; i < nseg; i++)
			if (rank[rp_seg[i].pen] == r)
				order[k++] = i;
}

/* The bytes from the end of segment a (-1: the start, pen 0 and the cursor unknown) to
 * segment b written. */
static size_t seg_step(int a, int b)
{
	const struct seg *g = &rp_seg[b];
	bool ext;
	if (a < 0)
		return enter(-1, 0, g, &ext) + rp_sgr_len[0][g->pen] + g->len;
	const struct seg *f = &rp_seg[a];
	return enter(f->x1 < rp_cols ? f->y : -1, f->x1, g, &ext) +
	       rp_sgr_len[f->end_pen][g->pen] + g->len;
}

/* The order of one pass per pen (its segments by row and column) that costs fewest
 * bytes, into rank: what a pass costs inside does not depend on the order, only the
 * steps from the end of one pass to the start of the next, so the orders are searched
 * over the pens (Held and Karp's dynamic programme over the sets of pens passed).
 * False when there are too many pens for it. */
#define PASS_PENS_MAX 9
static bool pass_order(int nseg, const bool *used, int npens, int *rank)
{
	int pens[PASS_PENS_MAX], first[PASS_PENS_MAX], last[PASS_PENS_MAX], np = 0;
	for (int p = 0; p < npens; p++)
		if (used[p]) {
			if (np == PASS_PENS_MAX)
				return false;
			first[np] = last[np] = -1;
			pens[np++] = p;
		}
	for (int i = 0; i < nseg; i++)
		for (int k = 0; k < np; k++)
			if (rp_seg[i].pen == pens[k]) {
				if (first[k] < 0)
					first[k] = i;
				last[k] = i;
			}
	static size_t cost[1 << PASS_PENS_MAX][PASS_PENS_MAX];
	static signed char from[1 << PASS_PENS_MAX][PASS_PENS_MAX];
	size_t step[PASS_PENS_MAX][PASS_PENS_MAX];
	for (int a = 0; a < np; a++)
		for (int b = 0; b < np; b++)
			step[a][b] = a == b ? 0 : seg_step(last[a], first[b]);
	int full = (1 << np) - 1;
	for (int m = 1; m <= full; m++)
		for (int b = 0; b < np; b++) {
			cost[m][b] = SIZE_MAX;
			if (!(m & 1 << b))
				continue;
			int rest = m & ~(1 << b);
			if (!rest) {
				cost[m][b] = seg_step(-1, first[b]);
				from[m][b] = -1;
				continue;
			}
			for (int a = 0; a < np; a++)
				if (rest & 1 << a && cost[rest][a] != SIZE_MAX &&
				    cost[rest][a] + step[a][b] < cost[m][b]) {
					cost[m][b] = cost[rest][a] + step[a][b];
					from[m][b] = (signed char)a;
				}
		}
	int b = 0;
	for (int k = 1; k < np; k++)
		if (cost[full][k] < cost[full][b])
			b = k;
	for (int p = 0; p < npens; p++)
		rank[p] = npens; /* unused */
	for (int m = full, r = np - 1; b >= 0 && m; r--) {
		int a = from[m][b];
		rank[pens[b]] = r;
		m &= ~(1 << b);
		b = a;
	}
	return true;
}

/* What repair_rows sends, gathered and written at once (after what putp sent to stdout,
 * before curses' refresh): stdout to a terminal would be written at every line feed. */
static char rp_out[REPAIR_TEXT * 2];
static size_t rp_nout;
static bool rp_overflow;
static int rp_width[ROWS_KEPT]; /* the columns [0, width) of each row repaired */

static void out_bytes(const char *s, size_t n)
{
	if (rp_nout + n > sizeof(rp_out)) {
		rp_overflow = true;
		return;
	}
	memcpy(rp_out + rp_nout, s, n);
	rp_nout += n;
}

/* The cells [x0, x1) of a row as UTF-8 in out (cap bytes), when every one is in pen a,
 * pair and they take fewer than limit bytes: their length, else (size_t)-1. */
static size_t cells_in_pen(const struct rcell *now, int x0, int x1, attr_t a, short pair,
                           size_t limit, char *out, size_t cap)
{
	size_t n = 0;
	for (int x = x0; x < x1; x += now[x].width) {
		wchar_t w[CCHARW_MAX + 1];
		attr_t ca;
		short cp;
		if (now[x].width < 1 || getcchar(now[x].c, w, &ca, &cp, NULL) == ERR ||
		    (ca & ~(attr_t)A_COLOR) != a || cp != pair)
			return (size_t)-1;
		if (!w[0])
			w[0] = L' ', w[1] = L'\0';
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		for (const wchar_t *c = w; *c; c++) {
			char mb[MB_LEN_MAX];
			size_t k = wcrtomb(mb, *c, &st);
			if (k == (size_t)-1 || n + k >= limit || n + k > cap)
				return (size_t)-1;
			memcpy(out + n, mb, k);
			n += k;
		}
	}
	return n;
}

/* Joins g to f, the segment before it on its row in the same pen, by writing again the
 * cells between them where they are in that pen too and take fewer bytes than the move
 * over them (a blank or a Chinese character where the move is ESC [ C or ESC [ 2 C): g's
 * text, last in rp_text, moves up for theirs. Whether it did. */
static bool bridge(struct seg *f, struct seg *g, const struct rcell *now, attr_t a, short pair,
                   size_t *ntext)
{
	if (f->y != g->y || f->pen != g->pen || f->end_pen != f->pen || f->x1 >= g->x0 ||
	    f->off + f->len != g->off)
		return false;
	size_t limit = move_to(NULL, f->y, f->x1, g->y, g->x0);
	char gap[64];
	size_t n = cells_in_pen(now, f->x1, g->x0, a, pair, limit, gap, sizeof(gap));
	if (n == (size_t)-1)
		return false;
	if (*ntext + n > sizeof(rp_text))
		return false;
	memmove(rp_text + g->off + n, rp_text + g->off, g->len);
	memcpy(rp_text + g->off, gap, n);
	*ntext += n;
	f->x1 = g->x1, f->len += n + g->len;
	return true;
}

/* The cells of g's row left of it, when they are few, all in g's pen and unchanged (g is
 * the first of its row to send), and take fewer bytes than any move to g from the row's
 * start: its extension (ext_off, ext_len), their text put last in rp_text. */
static void row_start(struct seg *g, const struct rcell *now, size_t *ntext)
{
	char text[8];
	size_t limit = h_len(0, g->x0);
	if (g->x0 < 1 || g->x0 > 4 || limit == MV_NONE)
		return;
	size_t n = cells_in_pen(now, 0, g->x0, rp_pen[g->pen].a, rp_pen[g->pen].pair, limit, text,
	                        sizeof(text));
	if (n == (size_t)-1)
		return;
	if (*ntext + n > sizeof(rp_text))
		return;
	memcpy(rp_text + *ntext, text, n);
	g->ext_off = *ntext, g->ext_len = n;
	*ntext += n;
}

static void repair_rows(void)
{
	static struct rcell old[REPAIR_COLS], now[REPAIR_COLS];
	static cchar_t old_cc[REPAIR_COLS + 1], now_cc[REPAIR_COLS + 1];
	static bool dirty[REPAIR_COLS];
	static int order[REPAIR_SEGS], best[REPAIR_SEGS];
	int keep = repair.keep, nseg = 0;
	size_t ntext = 0;
	const char *sc = tigetstr("sc"), *rc = tigetstr("rc");
	mv_init();
	/* without them curses sends the rows itself */
	if (keep > REPAIR_COLS || !mv_cap[MV_CUP] || part_len((struct mv_part){ MV_CUP, 0, 0 }, NULL) == MV_NONE ||
	    !cap_ok(sc) || !cap_ok(rc))
		return;
	if (!pens_ready) {
		rp_pen[0].a = A_NORMAL, rp_pen[0].pair = 0;
		rp_npens = 1;
		memset(rp_sgr_known, 0, sizeof(rp_sgr_known));
		pens_ready = true;
	}
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	rp_cols = cols;
	for (int y = 0; y < rows && y < ROWS_KEPT; y++) {
		/* the rows moved beside the range kept, and every row drawn on since the last
		 * frame, whole: all that curses would otherwise send, in one ordering (the cell
		 * bottom right is left to curses: written, it may scroll the screen) */
		bool in = y >= repair.top && y < repair.top + repair.height;
		int span = is_linetouched(stdscr, y) && cols <= REPAIR_COLS ? cols : in ? keep : 0;
		if (y == rows - 1 && span == cols)
			span = cols - 1;
		rp_width[y] = 0;
		if (!span)
			continue;
		if (!row_cells(curscr, y, span, old_cc, old) || !row_cells(stdscr, y, span, now_cc, now)) {
			if (span == keep || !in)
				continue; /* left to curses */
			span = keep;
			if (!row_cells(curscr, y, span, old_cc, old) || !row_cells(stdscr, y, span, now_cc, now))
				continue;
		}
		rp_width[y] = span;
		int row_first = nseg;
		/* the columns to send: cells that differ, and every cell that shares a
		 * column with one of them (a wide character is written whole) */
		for (int x = 0; x < span; x++)
			dirty[x] = false;
		for (int x = 0; x < span; x += now[x].width)
			if (old[x].width != now[x].width || !cell_same(old[x].c, now[x].c))
				for (int i = 0; i < now[x].width; i++)
					dirty[x + i] = true;
		for (bool more = true; more;) {
			more = false;
			for (int x = 0; x < span; x++) {
				const struct rcell *r[2] = { old, now };
				for (int k = 0; k < 2; k++) {
					int s = r[k][x].width ? x : x - 1; /* where the cell starts */
					if (r[k][s].width == 2 && dirty[s] != dirty[s + 1]) {
						dirty[s] = dirty[s + 1] = true;
						more = true;
					}
				}
			}
		}
		for (int x = 0; x < span;) {
			if (!dirty[x]) {
				x++;
				continue;
			}
			wchar_t wc[CCHARW_MAX + 1];
			attr_t a;
			short pair;
			if (getcchar(now[x].c, wc, &a, &pair, NULL) == ERR)
				return;
			a &= ~(attr_t)A_COLOR;
			int pen = pen_of(&rp_npens, a, pair);
			if (pen < 0 || nseg == REPAIR_SEGS)
				return;
			struct seg *g = &rp_seg[nseg++];
			g->y = y, g->x0 = x, g->pen = pen, g->off = ntext, g->ext_len = 0;
			for (;;) {
				char mb[MB_LEN_MAX];
				mbstate_t st;
				memset(&st, 0, sizeof(st));
				if (!wc[0]) /* an empty cell is a blank */
					wc[0] = L' ', wc[1] = L'\0';
				for (const wchar_t *c = wc; *c; c++) {
					size_t n = wcrtomb(mb, *c, &st);
					if (n == (size_t)-1 || ntext + n > sizeof(rp_text))
						return;
					memcpy(rp_text + ntext, mb, n);
					ntext += n;
				}
				x += now[x].width;
				if (x >= span || !dirty[x])
					break;
				attr_t na;
				short np;
				if (getcchar(now[x].c, wc, &na, &np, NULL) == ERR)
					return;
				if ((na & ~(attr_t)A_COLOR) != a || np != pair)
					break;
			}
			g->x1 = x, g->len = ntext - g->off, g->end_pen = pen;
			if (nseg >= 2 && bridge(&rp_seg[nseg - 2], g, now, a, pair, &ntext))
				nseg--;
		}
		if (row_first < nseg)
			row_start(&rp_seg[row_first], now, &ntext);
	}
	if (!nseg)
		return;
	/* what each change of pen costs (pen_change; as curses sends it where that cannot
	 * tell) */
	int npens = rp_npens;
	bool measured = false;
	for (int i = 0; i < npens; i++)
		for (int j = 0; j < npens; j++) {
			if (rp_sgr_known[i][j])
				continue;
			rp_sgr_known[i][j] = true;
			rp_sgr_len[i][j] = UCHAR_MAX;
			for (int way = 0; way < 3; way++)
				if (pen_change(i, j, way) && sink_n < rp_sgr_len[i][j]) {
					memcpy(rp_sgr[i][j], sink_buf, sink_n);
					rp_sgr_len[i][j] = (unsigned char)sink_n;
				}
			if (rp_sgr_len[i][j] < UCHAR_MAX)
				continue;
			/* else as curses sends it; the pair in the attributes too, as curses'
			 * refresh passes them: a pen without attributes is otherwise taken for
			 * a reset */
			measured = true;
			vid_puts(rp_pen[i].a | (attr_t)COLOR_PAIR(rp_pen[i].pair), rp_pen[i].pair,
			         NULL, sink_none);
			sink_n = 0;
			vid_puts(rp_pen[j].a | (attr_t)COLOR_PAIR(rp_pen[j].pair), rp_pen[j].pair,
			         NULL, sink_put);
			memcpy(rp_sgr[i][j], sink_buf, sink_n);
			rp_sgr_len[i][j] = (unsigned char)sink_n;
		}
	if (measured)
		vid_puts(A_NORMAL, 0, NULL, sink_none);
	/* the orders tried: row by row; one pen at a time (the passes in the best order,
	 * pass_order, else in the order the pens came); each pen after all the others */
	int rank[REPAIR_PENS];
	for (int i = 0; i < nseg; i++)
		best[i] = i;
	size_t best_cost = order_cost(best, nseg);
	bool used[REPAIR_PENS] = { false };
	for (int i = 0; i < nseg; i++)
		used[rp_seg[i].pen] = true;
	for (int p = -1; p < npens; p++) {
		if (p >= 0 && !used[p])
			continue;
		if (p >= 0 || !pass_order(nseg, used, npens, rank))
			for (int i = 0; i < npens; i++)
				rank[i] = p < 0 ? i : i == p;
		order_by(order, nseg, rank);
		size_t c = order_cost(order, nseg);
		if (c < best_cost) {
			best_cost = c;
			memcpy(best, order, (size_t)nseg * sizeof(order[0]));
		}
	}
	/* sent between the cursor saved and restored, which also gives back the pen */
	rp_nout = 0;
	rp_overflow = false;
	out_bytes(sc, strlen(sc));
	int cy = -1, cx = 0, pen = 0;
	char buf[200];
	for (int i = 0; i < nseg; i++) {
		const struct seg *g = &rp_seg[best[i]];
		bool ext;
		enter(cy, cx, g, &ext);
		size_t n = move_to(buf, cy, cx, g->y, ext ? 0 : g->x0);
		out_bytes(buf, n);
		out_bytes(rp_sgr[pen][g->pen], rp_sgr_len[pen][g->pen]);
		if (ext)
			out_bytes(rp_text + g->ext_off, g->ext_len);
		out_bytes(rp_text + g->off, g->len);
		cy = g->x1 < rp_cols ? g->y : -1, cx = g->x1, pen = g->end_pen;
	}
	out_bytes(rc, strlen(rc));
	if (rp_overflow) /* curses sends the rows itself */
		return;
	fflush(stdout); /* what putp sent first */
	for (size_t off = 0; off < rp_nout;) {
		ssize_t w = write(STDOUT_FILENO, rp_out + off, rp_nout - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) { /* what the terminal holds is no longer known */
			clearok(curscr, TRUE);
			return;
		}
		off += (size_t)w;
	}
	/* curses' copy of the terminal holds them now: its refresh compares them equal */
	for (int y = 0; y < rows && y < ROWS_KEPT; y++)
		if (rp_width[y])
			copywin(stdscr, curscr, y, 0, y, 0, y, rp_width[y] - 1, FALSE);
}

void screen_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

void screen_clear(bool all)
{
	repair.pending = false;
	if (all)
		clearok(curscr, TRUE);
	erase();
	rows_forget();
}

void screen_say(const char *msg, int width)
{
	screen_put(0, 0, width, msg, 0, strlen(msg), A_BOLD);
}

void screen_cursor(int y, int x)
{
	cursor_y = y;
	cursor_x = x;
}

void screen_show(void)
{
	/* a hidden cursor is left where the last change left it: moving it back costs
	 * bytes at every frame */
	if (cursor_y < 0) {
		curs_set(0);
		leaveok(stdscr, TRUE);
	} else {
		curs_set(1);
		leaveok(stdscr, FALSE);
		move(cursor_y, cursor_x);
	}
	cursor_y = -1;
	bool first = !resumed;
	if (!resumed) {
		endwin();
		resumed = true;
	}
	if (repair.pending) { /* it reads the rows by moving the windows' cursors */
		int y, x, cy, cx;
		getyx(stdscr, y, x);
		getyx(curscr, cy, cx);
		repair_rows();
		wmove(curscr, cy, cx);
		move(y, x);
	}
	repair.pending = false;
	fflush(stdout); /* what was sent with putp, before curses' own output */
	refresh();
	/* endwin turned the keypad's application mode off, and curses would turn it on
	 * again only when first asked for a key: after the suggestions and the writes that
	 * follow the first frame (app.c, settle), a write of its own some ms after the frame
	 * (issue 15: the first screen looked that much later to a terminal watching for the
	 * end of the output). It goes out now, right after the frame. */
	if (first)
		keypad(stdscr, TRUE);
}
