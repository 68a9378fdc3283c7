/*
 * A small model of the terminal (xterm as ncurses drives it through xterm-256color) that
 * replays what a program wrote to it and tells whether the screen it left after scrolling
 * is the one it draws from scratch: the bytes a redraw saves must not leave stale cells.
 * A checking tool for `make check` (tests/bench/screens.sh) and `make bench`, not a
 * terminal: it knows the sequences ncurses sends, the scrolling margins (DECSTBM, and
 * DECSLRM once DECLRMM is set), the alternate screen, wide characters and the colours.
 *
 * Usage: vtmodel [-s COLSxROWS] [-p] FILE
 *   FILE holds the terminal output of a run (ptybench -o) whose last key was a redraw
 *   (C-l: the screen cleared, by ED 2 or ED from home, and drawn again from scratch). vtmodel compares the screen
 *   as it stood just before that last clear with the screen at the end (or when the
 *   program left the alternate screen), cell by cell: characters, colours, attributes.
 *   -p prints the final screen's text.
 * Exits 0 when they are the same, 1 when they differ (the differing rows are printed,
 * "-" before and "+" after), 2 on a usage error or a file with no clear in it.
 */

#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define MAXCOLS 512
#define MAXROWS 200
#define NPARAM 16
#define NCOMB 3 /* marks kept on a cell */

enum { A_BOLD = 1, A_DIM = 2, A_ITAL = 4, A_UNDER = 8, A_BLINK = 16, A_REV = 32,
       A_HIDDEN = 64, A_STRIKE = 128 };
#define COLOR_DEFAULT (-1)

struct pen {
	int fg, bg;       /* COLOR_DEFAULT, 0-255, or 0x1000000 | rgb */
	unsigned attrs;
};

struct cell {
	wchar_t ch[1 + NCOMB]; /* L'\0' in ch[0]: the right half of a wide character */
	struct pen pen;
};

struct screen {
	struct cell cell[MAXROWS][MAXCOLS];
};

static int cols = 80, rows = 24;
static struct screen main_scr, alt_scr, before, final;
static struct screen *scr = &main_scr;
static int cx, cy;             /* the cursor */
static int wrap_pending;       /* the last column was written: the next character wraps */
static struct pen pen = { COLOR_DEFAULT, COLOR_DEFAULT, 0 };
static int top, bottom, left, right; /* scrolling margins, inclusive */
static int lr_mode;            /* DECLRMM: DECSLRM sets left and right margins */
static int alt;                /* on the alternate screen */
static int g0_graphics;        /* ESC ( 0: DEC special graphics in G0 */
static int saved_cx, saved_cy, saved_g0;
static struct pen saved_pen;
static int cleared;            /* the alternate screen was cleared at least once */

static void blank_cell(struct cell *c)
{
	c->ch[0] = L' ';
	c->ch[1] = L'\0';
	/* erasing takes the background of the pen (xterm's bce), nothing else */
	c->pen.fg = COLOR_DEFAULT;
	c->pen.bg = pen.bg;
	c->pen.attrs = 0;
}

static void erase_cells(int y, int x0, int x1) /* [x0, x1) */
{
	for (int x = x0; x < x1; x++)
		blank_cell(&scr->cell[y][x]);
}

/* A wide character cut in two by a write or an erase leaves blanks (as xterm does). */
static void split_wide(int y, int x)
{
	if (x < 0 || x >= cols)
		return;
	struct cell *c = &scr->cell[y][x];
	if (c->ch[0] == L'\0' && x > 0) {
		blank_cell(&scr->cell[y][x - 1]);
		blank_cell(c);
	} else if (x + 1 < cols && scr->cell[y][x + 1].ch[0] == L'\0') {
		blank_cell(&scr->cell[y][x + 1]);
	}
}

static int in_lr(void)
{
	return cx >= left && cx <= right;
}

/* The region's rows top..bottom between left and right move up n (down when n < 0). */
static void scroll_region(int t, int b, int n)
{
	int l = left, r = right;
	if (n > 0) {
		for (int y = t; y <= b; y++)
			for (int x = l; x <= r; x++) {
				if (y + n <= b)
					scr->cell[y][x] = scr->cell[y + n][x];
				else
					blank_cell(&scr->cell[y][x]);
			}
	} else if (n < 0) {
		n = -n;
		for (int y = b; y >= t; y--)
			for (int x = l; x <= r; x++) {
				if (y - n >= t)
					scr->cell[y][x] = scr->cell[y - n][x];
				else
					blank_cell(&scr->cell[y][x]);
			}
	}
}

static void line_feed(void)
{
	wrap_pending = 0;
	if (cy == bottom && in_lr())
		scroll_region(top, bottom, 1);
	else if (cy < rows - 1)
		cy++;
}

static void reverse_index(void)
{
	wrap_pending = 0;
	if (cy == top && in_lr())
		scroll_region(top, bottom, -1);
	else if (cy > 0)
		cy--;
}

static wchar_t graphics(wchar_t c)
{
	static const char from[] = "`afgjklmnopqrstuvwxyz{|}~";
	static const wchar_t to[] = L"◆▒°±┘┐┌└┼⎺⎻─⎼⎽├┤┴┬│≤≥π≠£·";
	const char *p = c < 128 ? strchr(from, (int)c) : NULL;
	return p && c ? to[p - from] : c;
}

static void put_char(wchar_t c)
{
	if (g0_graphics)
		c = graphics(c);
	int w = wcwidth(c);
	if (w < 0)
		w = 1;
	if (w == 0) { /* a mark joins the cell before */
		int x = wrap_pending ? cx : cx - 1;
		if (x >= 0) {
			struct cell *p = &scr->cell[cy][x];
			if (p->ch[0] == L'\0' && x > 0)
				p = &scr->cell[cy][x - 1];
			for (int i = 1; i <= NCOMB; i++)
				if (p->ch[i] == L'\0') {
					p->ch[i] = c;
					if (i < NCOMB)
						p->ch[i + 1] = L'\0';
					break;
				}
		}
		return;
	}
	int edge = cx <= right ? right : cols - 1;
	if (wrap_pending || cx + w - 1 > edge) { /* a wide character with no room wraps whole */
		cx = in_lr() ? left : 0;
		line_feed();
	}
	split_wide(cy, cx);
	if (w == 2)
		split_wide(cy, cx + 1);
	struct cell *p = &scr->cell[cy][cx];
	p->ch[0] = c;
	p->ch[1] = L'\0';
	p->pen = pen;
	if (w == 2) {
		scr->cell[cy][cx + 1].ch[0] = L'\0';
		scr->cell[cy][cx + 1].pen = pen;
	}
	if (cx + w - 1 >= edge) {
		cx = edge;
		wrap_pending = 1;
	} else {
		cx += w;
	}
}

static void clamp_cursor(void)
{
	wrap_pending = 0;
	if (cx < 0)
		cx = 0;
	if (cx >= cols)
		cx = cols - 1;
	if (cy < 0)
		cy = 0;
	if (cy >= rows)
		cy = rows - 1;
}

static void reset_margins(void)
{
	top = 0;
	bottom = rows - 1;
	left = 0;
	right = cols - 1;
}

static void take(struct screen *to)
{
	memcpy(to, scr, sizeof(*to));
}

static void clear_all(void)
{
	for (int y = 0; y < rows; y++)
		erase_cells(y, 0, cols);
}

static void sgr(const int *p, int np)
{
	if (np == 0) {
		pen = (struct pen){ COLOR_DEFAULT, COLOR_DEFAULT, 0 };
		return;
	}
	for (int i = 0; i < np; i++) {
		int v = p[i] < 0 ? 0 : p[i];
		switch (v) {
		case 0: pen = (struct pen){ COLOR_DEFAULT, COLOR_DEFAULT, 0 }; break;
		case 1: pen.attrs |= A_BOLD; break;
		case 2: pen.attrs |= A_DIM; break;
		case 3: pen.attrs |= A_ITAL; break;
		case 4: pen.attrs |= A_UNDER; break;
		case 5: pen.attrs |= A_BLINK; break;
		case 7: pen.attrs |= A_REV; break;
		case 8: pen.attrs |= A_HIDDEN; break;
		case 9: pen.attrs |= A_STRIKE; break;
		case 21: case 22: pen.attrs &= ~(unsigned)(A_BOLD | A_DIM); break;
		case 23: pen.attrs &= ~(unsigned)A_ITAL; break;
		case 24: pen.attrs &= ~(unsigned)A_UNDER; break;
		case 25: pen.attrs &= ~(unsigned)A_BLINK; break;
		case 27: pen.attrs &= ~(unsigned)A_REV; break;
		case 28: pen.attrs &= ~(unsigned)A_HIDDEN; break;
		case 29: pen.attrs &= ~(unsigned)A_STRIKE; break;
		case 39: pen.fg = COLOR_DEFAULT; break;
		case 49: pen.bg = COLOR_DEFAULT; break;
		case 38: case 48: {
			int *to = v == 38 ? &pen.fg : &pen.bg;
			if (i + 2 < np && p[i + 1] == 5) {
				*to = p[i + 2];
				i += 2;
			} else if (i + 4 < np && p[i + 1] == 2) {
				*to = 0x1000000 | (p[i + 2] & 255) << 16 | (p[i + 3] & 255) << 8 |
				      (p[i + 4] & 255);
				i += 4;
			}
			break;
		}
		default:
			if (v >= 30 && v <= 37)
				pen.fg = v - 30;
			else if (v >= 40 && v <= 47)
				pen.bg = v - 40;
			else if (v >= 90 && v <= 97)
				pen.fg = v - 90 + 8;
			else if (v >= 100 && v <= 107)
				pen.bg = v - 100 + 8;
			break;
		}
	}
}

static void set_mode(int mode, int on)
{
	switch (mode) {
	case 69:
		lr_mode = on;
		left = 0;
		right = cols - 1;
		break;
	case 1049:
	case 1047:
	case 47:
		if (on == alt)
			break;
		if (on) {
			if (mode == 1049) {
				saved_cx = cx, saved_cy = cy, saved_pen = pen, saved_g0 = g0_graphics;
			}
			scr = &alt_scr;
			alt = 1;
			clear_all();
		} else {
			take(&final); /* the program's screen when it left it */
			scr = &main_scr;
			alt = 0;
			if (mode == 1049) {
				cx = saved_cx, cy = saved_cy, pen = saved_pen, g0_graphics = saved_g0;
			}
		}
		break;
	default:
		break;
	}
}

static int arg(const int *p, int np, int i, int def)
{
	return i < np && p[i] > 0 ? p[i] : def;
}

static void csi(int priv, int inter, int final_ch, const int *p, int np)
{
	int n = arg(p, np, 0, 1);
	if (priv == '?') {
		if (final_ch == 'h' || final_ch == 'l')
			for (int i = 0; i < np; i++)
				set_mode(p[i], final_ch == 'h');
		return;
	}
	if (priv || inter)
		return; /* queries, window reports: nothing on the screen */
	switch (final_ch) {
	case 'A': cy -= n; if (cy < top && cy + n >= top) cy = top; clamp_cursor(); break;
	case 'B': cy += n; if (cy > bottom && cy - n <= bottom) cy = bottom; clamp_cursor(); break;
	case 'C': cx += n; clamp_cursor(); break;
	case 'D': cx -= n; clamp_cursor(); break;
	case 'E': cy += n; cx = 0; clamp_cursor(); break;
	case 'F': cy -= n; cx = 0; clamp_cursor(); break;
	case 'G': case '`': cx = n - 1; clamp_cursor(); break;
	case 'd': cy = n - 1; clamp_cursor(); break;
	case 'H': case 'f':
		cy = arg(p, np, 0, 1) - 1;
		cx = arg(p, np, 1, 1) - 1;
		clamp_cursor();
		break;
	case 'J': {
		int mode = np ? p[0] : 0;
		wrap_pending = 0;
		if (mode == 0 && cx == 0 && cy == 0) /* clear from home (screen's terminfo) */
			mode = 2;
		if (mode == 2 || mode == 3) {
			if (mode == 2 && alt) {
				take(&before);
				cleared = 1;
			}
			clear_all();
		} else if (mode == 0) {
			split_wide(cy, cx);
			erase_cells(cy, cx, cols);
			for (int y = cy + 1; y < rows; y++)
				erase_cells(y, 0, cols);
		} else if (mode == 1) {
			split_wide(cy, cx);
			erase_cells(cy, 0, cx + 1);
			for (int y = 0; y < cy; y++)
				erase_cells(y, 0, cols);
		}
		break;
	}
	case 'K': {
		int mode = np ? p[0] : 0;
		wrap_pending = 0;
		split_wide(cy, cx);
		if (mode == 0)
			erase_cells(cy, cx, cols);
		else if (mode == 1)
			erase_cells(cy, 0, cx + 1);
		else
			erase_cells(cy, 0, cols);
		break;
	}
	case 'X': {
		int end = cx + n > cols ? cols : cx + n;
		wrap_pending = 0;
		split_wide(cy, cx);
		split_wide(cy, end - 1);
		erase_cells(cy, cx, end);
		break;
	}
	case '@': case 'P': { /* insert, delete characters up to the right margin */
		int r = in_lr() ? right : cols - 1;
		wrap_pending = 0;
		if (n > r - cx + 1)
			n = r - cx + 1;
		split_wide(cy, cx);
		if (final_ch == '@') {
			for (int x = r; x >= cx + n; x--)
				scr->cell[cy][x] = scr->cell[cy][x - n];
			erase_cells(cy, cx, cx + n);
		} else {
			for (int x = cx; x + n <= r; x++)
				scr->cell[cy][x] = scr->cell[cy][x + n];
			erase_cells(cy, r - n + 1, r + 1);
		}
		break;
	}
	case 'L': case 'M': /* insert, delete lines in the region from the cursor */
		wrap_pending = 0;
		if (cy < top || cy > bottom || !in_lr())
			break;
		if (n > bottom - cy + 1)
			n = bottom - cy + 1;
		scroll_region(cy, bottom, final_ch == 'L' ? -n : n);
		cx = left;
		break;
	case 'S': scroll_region(top, bottom, n > bottom - top + 1 ? bottom - top + 1 : n); break;
	case 'T': scroll_region(top, bottom, -(n > bottom - top + 1 ? bottom - top + 1 : n)); break;
	case 'b': /* repeat the character before */
		if (cx > 0 || wrap_pending) {
			int x = wrap_pending ? cx : cx - 1;
			struct cell c = scr->cell[cy][x];
			if (c.ch[0] == L'\0' && x > 0)
				c = scr->cell[cy][x - 1];
			for (int i = 0; i < n && i < cols * rows; i++)
				put_char(c.ch[0]);
		}
		break;
	case 'm': sgr(p, np); break;
	case 'r': {
		int t = arg(p, np, 0, 1) - 1, b = arg(p, np, 1, rows) - 1;
		if (t < b && b < rows) {
			top = t;
			bottom = b;
		}
		cx = cy = 0;
		wrap_pending = 0;
		break;
	}
	case 's':
		if (lr_mode) {
			int l = arg(p, np, 0, 1) - 1, r = arg(p, np, 1, cols) - 1;
			if (l < r && r < cols) {
				left = l;
				right = r;
			}
			cx = cy = 0;
			wrap_pending = 0;
		} else {
			saved_cx = cx, saved_cy = cy, saved_pen = pen;
		}
		break;
	case 'u':
		cx = saved_cx, cy = saved_cy, pen = saved_pen;
		wrap_pending = 0;
		break;
	default:
		break;
	}
}

/* Replays the bytes of f. */
static void replay(FILE *f)
{
	enum { TEXT, ESC, CSI, STR, STR_ESC, CHARSET } st = TEXT;
	int p[NPARAM], np = 0, priv = 0, inter = 0, have = 0, charset_of = 0;
	mbstate_t mb;
	memset(&mb, 0, sizeof(mb));
	int c;
	while ((c = getc(f)) != EOF) {
		switch (st) {
		case TEXT:
			if (c == 0x1b) {
				st = ESC;
			} else if (c < 0x20 || c == 0x7f) {
				switch (c) {
				case '\r': cx = in_lr() ? left : 0; wrap_pending = 0; break;
				case '\n': case '\v': case '\f': line_feed(); break;
				case '\b': if (cx > 0) cx--; wrap_pending = 0; break;
				case '\t': cx = (cx / 8 + 1) * 8; if (cx >= cols) cx = cols - 1; break;
				case 0x0e: case 0x0f: break;
				default: break;
				}
			} else {
				char b = (char)c;
				wchar_t wc;
				size_t r = mbrtowc(&wc, &b, 1, &mb);
				if (r == (size_t)-2)
					break;
				if (r == (size_t)-1) {
					memset(&mb, 0, sizeof(mb));
					wc = 0xFFFD;
				}
				put_char(wc);
			}
			break;
		case ESC:
			st = TEXT;
			switch (c) {
			case '[': st = CSI; np = priv = inter = have = 0; memset(p, 0, sizeof(p)); break;
			case ']': case 'P': case '_': case '^': st = STR; break;
			case '(': case ')': case '*': case '+': st = CHARSET; charset_of = c; break;
			case '7': saved_cx = cx, saved_cy = cy, saved_pen = pen, saved_g0 = g0_graphics; break;
			case '8': cx = saved_cx, cy = saved_cy, pen = saved_pen, g0_graphics = saved_g0;
				wrap_pending = 0; break;
			case 'D': line_feed(); break;
			case 'E': cx = in_lr() ? left : 0; line_feed(); break;
			case 'M': reverse_index(); break;
			case 'c': reset_margins(); clear_all(); cx = cy = 0; break;
			default: break; /* ESC = and ESC >: the keypad */
			}
			break;
		case CSI:
			if (c >= '0' && c <= '9') {
				if (np == 0)
					np = 1;
				p[np - 1] = p[np - 1] * 10 + (c - '0');
				have = 1;
			} else if (c == ';' || c == ':') {
				if (np == 0)
					np = 1;
				if (np < NPARAM)
					p[np++] = 0;
			} else if (c >= '<' && c <= '?') {
				priv = c;
			} else if (c >= 0x20 && c <= 0x2f) {
				inter = c;
			} else if (c >= 0x40 && c <= 0x7e) {
				(void)have;
				csi(priv, inter, c, p, np);
				st = TEXT;
			} else {
				st = TEXT;
			}
			break;
		case STR:
			if (c == 0x07)
				st = TEXT;
			else if (c == 0x1b)
				st = STR_ESC;
			break;
		case STR_ESC:
			st = c == '\\' ? TEXT : STR;
			break;
		case CHARSET:
			if (charset_of == '(')
				g0_graphics = c == '0';
			st = TEXT;
			break;
		}
	}
	if (alt)
		take(&final);
}

static int same_cell(const struct cell *a, const struct cell *b)
{
	if (wcscmp(a->ch, b->ch))
		return 0;
	/* a blank shows only its background */
	if (a->ch[0] == L' ' && !a->ch[1] && !((a->pen.attrs | b->pen.attrs) & (A_REV | A_UNDER | A_STRIKE)))
		return a->pen.bg == b->pen.bg;
	return a->pen.fg == b->pen.fg && a->pen.bg == b->pen.bg && a->pen.attrs == b->pen.attrs;
}

static void print_row(const struct screen *s, int y, const char *lead)
{
	fputs(lead, stdout);
	for (int x = 0; x < cols; x++) {
		const struct cell *c = &s->cell[y][x];
		for (int i = 0; i <= NCOMB && c->ch[i]; i++)
			printf("%lc", (wint_t)c->ch[i]);
	}
	putchar('\n');
}

static void print_attrs(const struct screen *s, const struct screen *o, int y, const char *lead)
{
	printf("%s", lead);
	for (int x = 0; x < cols; x++)
		if (!same_cell(&s->cell[y][x], &o->cell[y][x])) {
			const struct cell *c = &s->cell[y][x];
			printf(" col %d: '%lc' fg %d bg %d attrs %#x;", x + 1,
			       (wint_t)(c->ch[0] ? c->ch[0] : L'.'), c->pen.fg, c->pen.bg, c->pen.attrs);
			break;
		}
	putchar('\n');
}

int main(int argc, char **argv)
{
	int print = 0, i = 1;
	setlocale(LC_ALL, "C.UTF-8");
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			if (sscanf(argv[++i], "%dx%d", &cols, &rows) != 2 || cols < 1 || rows < 1 ||
			    cols > MAXCOLS || rows > MAXROWS) {
				fprintf(stderr, "vtmodel: bad size '%s'\n", argv[i]);
				return 2;
			}
		} else if (!strcmp(argv[i], "-p")) {
			print = 1;
		} else {
			break;
		}
	}
	if (i + 1 != argc) {
		fputs("usage: vtmodel [-s COLSxROWS] [-p] FILE\n", stderr);
		return 2;
	}
	FILE *f = fopen(argv[i], "rb");
	if (!f) {
		perror(argv[i]);
		return 2;
	}
	reset_margins();
	scr = &main_scr;
	clear_all();
	scr = &alt_scr;
	clear_all();
	scr = &main_scr;
	replay(f);
	fclose(f);
	if (print)
		for (int y = 0; y < rows; y++)
			print_row(&final, y, "");
	if (!cleared) {
		fprintf(stderr, "vtmodel: %s: the screen was never cleared (no redraw to compare)\n",
		        argv[i]);
		return 2;
	}
	int differ = 0;
	for (int y = 0; y < rows; y++) {
		int same = 1;
		for (int x = 0; x < cols && same; x++)
			same = same_cell(&before.cell[y][x], &final.cell[y][x]);
		if (same)
			continue;
		if (!differ)
			printf("the screen after scrolling differs from the one drawn from scratch:\n");
		differ = 1;
		printf("row %d:\n", y + 1);
		print_row(&before, y, "- ");
		print_row(&final, y, "+ ");
		print_attrs(&before, &final, y, "- ");
		print_attrs(&final, &before, y, "+ ");
	}
	return differ;
}
