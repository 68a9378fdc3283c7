/* The reader's main loop: the terminal set up and always restored, keys read and
 * turned into actions through the keymap, the panes and the status line drawn. */
#include "pizhu/ui/app.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pizhu/config.h"
#include "pizhu/embedded.h"
#include "pizhu/ui/help.h"
#include "pizhu/key.h"
#include "pizhu/ui/library.h"
#include "pizhu/ui/prompt.h"
#include "pizhu/ui/suggest.h"
#include "pizhu/ui/taglist.h"
#include "pizhu/ui/text.h"
#include "pizhu/ui/tree.h"

/* Set by SIGHUP (a dropped SSH link), SIGTERM and SIGINT; the loop saves the reading
 * position, restores the terminal and leaves. The one piece of global state: a
 * signal handler can reach nothing else. */
static volatile sig_atomic_t quit_signal;

static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

#define MIN_ROWS 3
#define LARGE_FILE ((size_t)4 << 20)  /* bytes: outlined after the first screen, and
                                         suggestions found only when asked for */
#define MIN_COLS 20
#define TREE_MIN 12

/* ---- drawing helpers ----------------------------------------------------------------- */

int app_attr(const struct app *a, enum theme_element e)
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
	if (a->colors >= 8 && (s.fg != -1 || s.bg != -1))
		attr |= COLOR_PAIR((int)e + 1);
	return attr;
}

/* Writes s[start,end) at y,x, clipped to width cells: a wide character that does not
 * fit is left out, never split. ERR from curses is not fatal (the bottom-right cell
 * returns it although it draws). */
void app_put(int y, int x, int width, const char *s, size_t start, size_t end, int attr)
{
	if (width <= 0 || start >= end)
		return;
	size_t cells;
	size_t stop = layout_clip(s, start, end, (size_t)width, &cells);
	attrset(attr);
	/* controls would be drawn as ^X in two cells: the layout already replaced them
	 * in the text pane; elsewhere (titles, paths) a control becomes '?' */
	size_t run = start;
	int col = x;
	for (size_t i = start; i < stop; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F)
			continue;
		if (i > run) {
			mvaddnstr(y, col, s + run, (int)(i - run));
			col += (int)layout_cells(s, run, i);
		}
		mvaddch(y, col++, '?');
		run = i + 1;
	}
	if (stop > run)
		mvaddnstr(y, col, s + run, (int)(stop - run));
	attrset(A_NORMAL);
}

void app_fill(int y, int x, int width, int attr)
{
	attrset(attr);
	for (int i = 0; i < width; i++)
		mvaddch(y, x + i, ' ');
	attrset(A_NORMAL);
}

void app_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->message, sizeof(a->message), fmt, ap);
	va_end(ap);
	a->message_is_error = error;
}

/* ---- data files: keymaps, themes, the sample ---------------------------------------- */

/* Where keymaps/, themes/ and the sample are: $PIZHU_DATADIR, else the build tree
 * the program runs from (its directory or one or two above, for build/san/pizhu),
 * else ../share/pizhu beside its bin/ (an installed copy, wherever its prefix), else
 * the $(PREFIX)/share/pizhu it was built for. */
static void find_datadir(char *buf, size_t len)
{
	const char *env = getenv("PIZHU_DATADIR");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *slash = strrchr(exe, '/');
			if (!slash)
				break;
			*slash = '\0';
			char probe[PATH_MAX + 64];
			snprintf(probe, sizeof(probe), "%s/keymaps/default.keymap", exe);
			if (access(probe, R_OK) == 0) {
				snprintf(buf, len, "%s", exe);
				return;
			}
			int n2 = snprintf(probe, sizeof(probe), "%s/share/pizhu/keymaps/default.keymap", exe);
			if (up == 1 && n2 > 0 && (size_t)n2 < sizeof(probe) && access(probe, R_OK) == 0 &&
			    snprintf(buf, len, "%s/share/pizhu", exe) < (int)len) /* PREFIX/bin/pizhu */
				return;
		}
	}
	snprintf(buf, len, "%s", PIZHU_DATADIR);
}

/* NAME (a file in datadir/dir with suffix) or a path (it has a '/' or exists). */
static void resolve(const char *datadir, const char *dir, const char *name, const char *suffix,
                    char *buf, size_t len)
{
	if (strchr(name, '/') || access(name, R_OK) == 0)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%s/%s/%s%s", datadir, dir, name, suffix);
}

/* The keymap: the embedded default, the chosen one on top, then the user's own
 * file; any mistake falls back to the embedded default alone. */
static void load_keymap(struct app *a, const char *datadir, const char *choice,
                        struct pz_errors *errs)
{
	a->km = keymap_new();
	if (!a->km)
		return;
	keymap_load(a->km, embedded_default_keymap, embedded_default_keymap_len, "default.keymap", NULL);
	char path[PATH_MAX];
	enum pz_status st = PZ_OK;
	if (choice && *choice && strcmp(choice, "default") != 0) {
		resolve(datadir, "keymaps", choice, ".keymap", path, sizeof(path));
		size_t n;
		char *text = config_read_small_file(path, &n);
		if (!text)
			pz_errors_add(errs, path, 0, "cannot read keymap");
		else
			st = keymap_load(a->km, text, n, path, errs);
		free(text);
	}
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg == '/')
		snprintf(path, sizeof(path), "%s/pizhu/keymap", xdg);
	else
		snprintf(path, sizeof(path), "%s/.config/pizhu/keymap", home ? home : "");
	size_t n;
	char *text = config_read_small_file(path, &n);
	if (text && st == PZ_OK)
		st = keymap_load(a->km, text, n, path, errs);
	free(text);
	if (st != PZ_OK) {
		keymap_free(a->km);
		a->km = keymap_new();
		if (a->km)
			keymap_load(a->km, embedded_default_keymap, embedded_default_keymap_len,
			            "default.keymap", NULL);
	}
}

static void load_theme(struct app *a, const char *datadir, const char *choice,
                       struct pz_errors *errs)
{
	a->theme = theme_new();
	if (!a->theme)
		return;
	if (a->colors < 8) /* NO_COLOR, or a terminal without colours: attributes only */
		choice = "mono";
	if (!choice || !*choice)
		choice = "dark";
	if (!strcmp(choice, "mono") || !strcmp(choice, "dark")) {
		bool dark = !strcmp(choice, "dark");
		theme_load(a->theme, dark ? embedded_dark_theme : embedded_mono_theme,
		           dark ? embedded_dark_theme_len : embedded_mono_theme_len, choice, NULL);
		return;
	}
	char path[PATH_MAX];
	resolve(datadir, "themes", choice, ".theme", path, sizeof(path));
	size_t n;
	char *text = config_read_small_file(path, &n);
	enum pz_status st = PZ_SYNTAX;
	if (!text)
		pz_errors_add(errs, path, 0, "cannot read theme");
	else
		st = theme_load(a->theme, text, n, path, errs);
	free(text);
	if (st != PZ_OK) {
		theme_free(a->theme);
		a->theme = theme_new();
		if (a->theme)
			theme_load(a->theme, embedded_dark_theme, embedded_dark_theme_len, "dark", NULL);
	}
}

/* ---- the screen ------------------------------------------------------------------------ */

static void init_colors(struct app *a)
{
	if (a->colors < 8)
		return;
	for (int e = 0; e < TE_COUNT; e++) {
		struct theme_style s = theme_style_degrade(theme_get(a->theme, (enum theme_element)e),
		                                           a->colors);
		init_pair((short)(e + 1), (short)s.fg, (short)s.bg);
	}
}

static void draw_status(struct app *a, int y)
{
	int w = a->cols;
	if (a->prompting) {
		prompt_draw(a, y, w);
		return;
	}
	int attr = app_attr(a, TE_STATUS);
	app_fill(y, 0, w, attr);
	/* right: the position in percent */
	char pct[16];
	size_t shown = text_bottom_offset(a); /* as less: how far the screen's end has read */
	snprintf(pct, sizeof(pct), " %3d%% ", a->len ? (int)(shown * 100 / a->len) : 100);
	int pw = (int)strlen(pct);
	if (w > pw + 4)
		app_put(y, w - pw, pw, pct, 0, strlen(pct), attr);
	else
		pw = 0;
	int room = w - pw - 1;
	if (room <= 0)
		return;
	if (a->message[0]) {
		app_put(y, 1, room, a->message, 0, strlen(a->message),
		        app_attr(a, a->message_is_error ? TE_STATUS_ERROR : TE_STATUS_MESSAGE));
		return;
	}
	/* left: the file, then the breadcrumb of the current position */
	char line[1024];
	size_t n = (size_t)snprintf(line, sizeof(line), "%s", session_path(a->s));
	if (session_outline(a->s) && outline_node_count(session_outline(a->s))) {
		size_t chain[16], depth = 0;
		for (size_t i = tree_current(a);; i = outline_node_at(session_outline(a->s), i)->parent) {
			if (depth < 16)
				chain[depth++] = i;
			if (outline_node_at(session_outline(a->s), i)->kind == OUTLINE_SPEECH)
				break;
		}
		for (size_t k = depth; k-- > 0 && n + 64 < sizeof(line);) {
			const struct outline_node *nd = outline_node_at(session_outline(a->s), chain[k]);
			size_t s = nd->start, e = nd->start + nd->marker_len;
			if (nd->kind == OUTLINE_SPEECH && outline_speech_count(session_outline(a->s)) < 2)
				continue;
			if (e == s) { /* no marker: the title's beginning */
				e = layout_clip(a->text, nd->title_start, nd->title_end, 12, NULL);
				s = nd->title_start;
			}
			if (e - s > 60)
				e = layout_clip(a->text, s, e, 20, NULL);
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%s", n ? " › " : "");
			if (n + (e - s) + 1 < sizeof(line)) {
				memcpy(line + n, a->text + s, e - s);
				n += e - s;
				line[n] = '\0';
			}
		}
	}
	app_put(y, 1, room, line, 0, n, attr);
}

static void draw(struct app *a)
{
	erase();
	getmaxyx(stdscr, a->rows, a->cols);
	if (a->rows < MIN_ROWS || a->cols < MIN_COLS) {
		const char *msg = "terminal too small";
		app_put(0, 0, a->cols, msg, 0, strlen(msg), A_BOLD);
		refresh();
		return;
	}
	int body = a->rows - 1;
	int tw = 0;
	if (a->tree_shown) {
		tw = a->tree_width;
		if (tw > a->cols / 2)
			tw = a->cols / 2;
		if (tw < TREE_MIN)
			tw = a->cols >= 2 * TREE_MIN ? TREE_MIN : 0;
	}
	if (a->full) {
		/* the panes behind keep their geometry, so the status line is right */
		text_prepare(a, body, tw > 0 ? a->cols - tw - 1 : a->cols);
		a->full->draw(a, 0, 0, body, a->cols);
	} else {
		if (tw > 0) {
			tree_view.draw(a, 0, 0, body, tw);
			int sep = app_attr(a, TE_SEPARATOR);
			attrset(sep);
			for (int y = 0; y < body; y++)
				mvaddstr(y, tw, "│");
			attrset(A_NORMAL);
			text_view.draw(a, 0, tw + 1, body, a->cols - tw - 1);
		} else {
			text_view.draw(a, 0, 0, body, a->cols);
		}
	}
	draw_status(a, a->rows - 1);
	if (!a->prompting)
		curs_set(0);
	refresh();
}

/* ---- keys ------------------------------------------------------------------------------ */

/* Bracketed paste (where terminfo has BE, BD, PS and PE): the terminal marks pasted
 * text, so that a paste goes into a prompt whole (line breaks as spaces) and is never
 * run as keys: a pasted "D" must not delete a tag. */
#define KEY_PASTE_START (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)
#define EVENT_PASTE_START (-2)
#define EVENT_PASTE_END (-3)
static const char *paste_off; /* BD, once the terminal marks pastes */

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

/* Leaves curses with the terminal as it was. */
static void end_screen(void)
{
	paste_mode_off();
	endwin();
}

/* Waits up to 250 ms for a key. The terminal itself is polled, so that a terminal
 * that went away (a closed SSH connection whose SIGHUP did not reach us) ends the
 * reader instead of spinning: *event is then EVENT_HANGUP. */
#define EVENT_HANGUP (-1)
static bool read_key(struct key *k, int *event)
{
	wint_t ch;
	*event = 0;
	timeout(0); /* a key curses has already read (part of a sequence) */
	int r = get_wch(&ch);
	timeout(250);
	if (r == ERR) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int n = poll(&pfd, 1, 250);
		if (n > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) && !(pfd.revents & POLLIN)) {
			*event = EVENT_HANGUP;
			return false;
		}
		if (n <= 0)
			return false;
		r = get_wch(&ch);
		if (r == ERR) {
			/* readable yet nothing to read: end of file on the terminal */
			*event = EVENT_HANGUP;
			return false;
		}
	}
	if (r == KEY_CODE_YES) {
		if (ch == KEY_PASTE_START || ch == KEY_PASTE_END) {
			*event = ch == KEY_PASTE_START ? EVENT_PASTE_START : EVENT_PASTE_END;
			return false;
		}
		if (ch == KEY_RESIZE || ch == KEY_MOUSE) {
			*event = (int)ch;
			return false;
		}
		const char *name = keyname((int)ch);
		return name && key_from_curses_name(name, strlen(name), k) == PZ_OK;
	}
	if (ch == 27) { /* Esc alone, or Meta: Esc then a key at once */
		wint_t next;
		timeout(0);
		int r2 = get_wch(&next);
		timeout(250);
		if (r2 == OK) {
			*k = key_from_char((uint32_t)next);
			k->mods |= KM_META;
			return true;
		}
	}
	*k = key_from_char((uint32_t)ch);
	return true;
}

static void save_position(struct app *a)
{
	if (a->s && session_save_position(a->s, a->anchor) != PZ_OK)
		app_message(a, true, "cannot save the reading position");
}

/* Actions that mean the same in every pane. */
static int global_action(struct app *a, enum action act)
{
	switch (act) {
	case ACT_QUIT:
		return VIEW_QUIT;
	case ACT_HELP:
		a->full = &help_view;
		a->help_top = 0;
		return VIEW_REDRAW;
	case ACT_LIBRARY:
		if (!library_load(a)) {
			app_message(a, true, "the library is empty or cannot be read");
			return VIEW_REDRAW;
		}
		a->full = &library_view;
		return VIEW_REDRAW;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		return VIEW_REDRAW;
	case ACT_SUSPEND:
		end_screen();
		raise(SIGTSTP);
		refresh();
		paste_mode_on();
		return VIEW_REDRAW;
	case ACT_FOCUS_NEXT:
		if (a->tree_shown)
			a->focus_tree = !a->focus_tree;
		return VIEW_REDRAW;
	case ACT_TOGGLE_TREE:
		a->tree_shown = !a->tree_shown;
		a->focus_tree = a->tree_shown && a->focus_tree;
		return VIEW_REDRAW;
	case ACT_TREE_WIDER:
	case ACT_TREE_NARROWER:
		a->tree_width += act == ACT_TREE_WIDER ? 4 : -4;
		if (a->tree_width < TREE_MIN)
			a->tree_width = TREE_MIN;
		if (a->tree_width > a->cols / 2)
			a->tree_width = a->cols / 2;
		return VIEW_REDRAW;
	case ACT_SEARCH_FORWARD:
	case ACT_SEARCH_BACKWARD:
	case ACT_GOTO_LINE:
	case ACT_GOTO_PERCENT:
		prompt_start(a, act);
		return VIEW_REDRAW;
	case ACT_UNDO:
	case ACT_REDO:
	case ACT_TAG_LIST:
	case ACT_EXPORT:
		return taglist_global_action(a, act);
	default:
		return VIEW_IGNORED;
	}
}

static void mouse_event(struct app *a)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || a->full)
		return;
	int tw = a->tree_shown ? a->tree_width : 0;
	if (ev.bstate & BUTTON4_PRESSED)
		text_view.handle(a, ACT_LINE_UP), text_view.handle(a, ACT_LINE_UP),
			text_view.handle(a, ACT_LINE_UP);
	else if (ev.bstate & BUTTON5_PRESSED)
		text_view.handle(a, ACT_LINE_DOWN), text_view.handle(a, ACT_LINE_DOWN),
			text_view.handle(a, ACT_LINE_DOWN);
	else if ((ev.bstate & BUTTON1_CLICKED) && ev.x < tw && ev.y < a->rows - 1) {
		size_t i = a->tree_top + (size_t)ev.y;
		if (i < a->nvisible) {
			a->tree_sel = i;
			a->focus_tree = true;
			tree_view.handle(a, ACT_JUMP);
		}
	}
}

static void record_in_library(struct app *a);

/* Replaces the paragraphs-only outline of a large file with the real one, keeping
 * what the reader looks at. */
static void full_outline(struct app *a)
{
	outline *full;
	enum pz_status st = session_make_outline(a->s, &full);
	if (st != PZ_OK) {
		app_message(a, true, "cannot find the outline: %s", pz_strerror(st));
		return;
	}
	size_t anchor = a->restore ? a->restore : a->anchor;
	text_free(a);
	tree_free(a);
	session_set_outline(a->s, full);
	if (!text_init(a) || !tree_init(a)) {
		app_message(a, true, "%s", pz_strerror(PZ_NOMEM));
		return;
	}
	a->top_para = a->top_row = 0;
	a->anchor = a->restore = anchor;
	if (session_document(a->s))
		taglist_load(a);
}

/* One document on screen until the user quits or opens another from the library. */
static int run_loop(struct app *a)
{
	bool dirty = true;
	for (;;) {
		if (quit_signal) {
			save_position(a);
			return 128 + (int)quit_signal;
		}
		if (dirty) /* only what changed is drawn: an idle reader writes nothing */
			draw(a);
		dirty = false;
		if (a->outline_pending) { /* after the first screen of a large file */
			a->outline_pending = false;
			full_outline(a);
			dirty = true;
			continue;
		}
		if (a->touch_pending) { /* after the first screen: the library write syncs */
			a->touch_pending = false;
			record_in_library(a);
			dirty = a->message[0] != '\0';
		}
		if (taglist_poll(a)) /* another process wrote tags */
			dirty = true;
		if (dirty)
			continue;
		struct key k;
		int event;
		if (!read_key(&k, &event)) {
			if (event == EVENT_HANGUP) {
				save_position(a);
				return 128 + SIGHUP;
			}
			if (event == EVENT_PASTE_START || event == EVENT_PASTE_END) {
				a->pasting = event == EVENT_PASTE_START;
			} else if (event == KEY_RESIZE) {
				dirty = true; /* the panes re-wrap when they see their new width */
			} else if (event == KEY_MOUSE) {
				mouse_event(a);
				dirty = true;
			}
			continue;
		}
		dirty = true;
		size_t top_para = a->top_para, top_row = a->top_row;
		a->message[0] = '\0';
		int flags;
		if (a->pasting) {
			/* pasted text is typed into a prompt, its breaks as spaces; elsewhere
			 * it is dropped, never run as keys */
			if (!a->prompting) {
				app_message(a, true, "pasted text goes only into a prompt (a note, a search)");
				continue;
			}
			if (k.code == KC_ENTER || k.code == KC_TAB || k.code == '\n')
				k = key_from_char(' ');
			flags = prompt_handle(a, ACT_NONE, k);
		} else if (a->prompting) {
			flags = prompt_handle(a, keymap_lookup(a->km, MODE_PROMPT, k), k);
		} else {
			const struct view_ops *v = a->full ? a->full : a->focus_tree ? &tree_view : &text_view;
			enum action act = keymap_lookup(a->km, v->mode, k);
			flags = v == &text_view ? taglist_type_key(a, k) : VIEW_IGNORED;
			if (!(flags & VIEW_HANDLED))
				flags = v->handle(a, act);
			if (!(flags & VIEW_HANDLED))
				flags = global_action(a, act);
		}
		if (flags & VIEW_QUIT) {
			save_position(a);
			return 0;
		}
		if (flags & (VIEW_HANDLED | VIEW_REDRAW))
			session_tags_changed(a->s); /* a tag made, changed or undone hides or shows them */
		if (a->layout_width && (a->top_para != top_para || a->top_row != top_row))
			a->anchor = text_top_offset(a); /* the reader moved: kept across re-wrapping */
	}
}

/* ---- one document ----------------------------------------------------------------------- */

static void close_document(struct app *a)
{
	free(a->preview);
	a->preview = NULL;
	a->npreview = 0;
	taglist_close(a);
	text_free(a);
	tree_free(a);
	search_free(a->srch);
	a->srch = NULL;
	session_close(a->s);
	a->s = NULL;
	store_docs_free(a->docs, a->ndocs);
	a->docs = NULL;
	a->ndocs = 0;
}

static enum pz_status open_document(struct app *a, const char *file, char *err, size_t errlen)
{
	struct session_options sopt = { .encoding = a->opt.encoding };
	struct pz_where w = { 0 };
	enum pz_status st = session_open(file, &sopt, &a->s, &w);
	if (st != PZ_OK) {
		char why[160];
		snprintf(err, errlen, "cannot open '%s': %s", file, pz_describe(st, &w, why, sizeof(why)));
		return st;
	}
	a->text = session_text(a->s, &a->len);
	/* a large file shows its text first and its structure a moment later */
	a->outline_pending = a->len > LARGE_FILE;
	a->sugg_pending = a->len > LARGE_FILE;
	st = a->outline_pending ? session_outline_paragraphs(a->s) : session_build_outline(a->s);
	if (st != PZ_OK) {
		snprintf(err, errlen, "cannot outline '%s': %s", file, pz_strerror(st));
		return st;
	}
	if (!text_init(a) || !tree_init(a)) {
		snprintf(err, errlen, "%s", pz_strerror(PZ_NOMEM));
		return PZ_NOMEM;
	}
	a->top_para = a->top_row = 0;
	a->anchor = a->restore = 0;
	text_set_cursor(a, 0);
	if (a->st && session_abspath(a->s)) {
		/* where reading stopped; the library entry is written after the first screen.
		 * A renamed draft is known by its content and keeps its tags. */
		if (session_identify(a->s, a->st, true) != PZ_OK)
			app_message(a, true, "cannot read the library");
		/* shown when the pane has a size; kept as the position until then */
		a->restore = a->anchor = session_saved_position(a->s);
		if (session_document(a->s) && !a->outline_pending)
			taglist_load(a); /* coloured from the first screen */
		a->touch_pending = true;
	}
	return PZ_OK;
}

/* Records the open document in the library (its title: the first speech's). */
static void record_in_library(struct app *a)
{
	char title[256];
	session_title(a->s, title, sizeof(title));
	if (session_record(a->s, title) != PZ_OK) {
		app_message(a, true, "cannot record '%s' in the library: positions and tags are not kept",
		            session_path(a->s));
		return;
	}
	if (!session_tags(a->s) && !a->outline_pending)
		taglist_load(a);
}

/* ---- entry -------------------------------------------------------------------------------- */

/* The language the user asked messages in, as named (it need not be installed: labels
 * are pizhu's own): GNU's LANGUAGE list first, as gettext reads it, then the locale. */
static const char *messages_locale(void)
{
	const char *v;
	if ((v = getenv("LANGUAGE")) && *v)
		return v;
	if ((v = getenv("LC_ALL")) && *v)
		return v;
	if ((v = getenv("LC_MESSAGES")) && *v)
		return v;
	return getenv("LANG");
}

static bool utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

int app_run(const struct app_options *opt)
{
	struct app a = { .opt = *opt, .tree_shown = true, .tree_width = 30 };
	struct pz_errors errs;
	char datadir[PATH_MAX], dbpath[PATH_MAX], err[512], sample[PATH_MAX + 32];
	struct config cfg = { 0 };
	int status = 0;

	if (!utf8_locale()) {
		const char *l = setlocale(LC_CTYPE, NULL);
		fprintf(stderr, "pizhu: the locale '%s' is not UTF-8, so Chinese text cannot be shown;"
		                " set LANG=C.UTF-8 (or another UTF-8 locale) and try again\n",
		        l ? l : "C");
		return 1;
	}
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		fprintf(stderr, "pizhu: the reader needs a terminal; use 'pizhu outline FILE' to"
		                " print a file's outline, or run pizhu in a terminal\n");
		return 1;
	}
	pz_errors_init(&errs);
	find_datadir(datadir, sizeof(datadir));
	config_read(&cfg, &errs);
	config_tagtypes(&cfg, &a.types);
	for (size_t i = 0; i < a.types.n; i++) {
		const char *el = a.types.v[i].element;
		a.type_element[i] = theme_element_from_name(el, strlen(el));
		if (a.type_element[i] == TE_COUNT)
			a.type_element[i] = TE_TAG_NOTE;
	}
	a.zh = tagtype_locale_zh(messages_locale());
	a.tl_type = -1;

	/* the store: without it the reader still reads, but says it keeps nothing */
	char detail[256] = "", why[384];
	enum pz_status st = store_path(opt->db, dbpath, sizeof(dbpath));
	if (st == PZ_OK)
		st = store_open(dbpath, &a.st, detail, sizeof(detail));
	if (st != PZ_OK) {
		if (opt->db || st == PZ_DBNEWER || st == PZ_DBCORRUPT) {
			fprintf(stderr, "pizhu: cannot use the database '%s': %s\n", dbpath,
			        pz_explain(st, detail, why, sizeof(why)));
			pz_errors_release(&errs);
			return 1;
		}
		snprintf(a.message, sizeof(a.message), "positions and tags are not kept: %s",
		         pz_strerror(st));
		a.message_is_error = true;
	}

	/* what to open: the file, else the library's newest... the sample when empty */
	char *file = opt->file ? strdup(opt->file) : NULL;
	bool start_in_library = false;
	if (!file && a.st) {
		struct store_doc *docs;
		size_t n;
		if (store_library(a.st, &docs, &n) == PZ_OK) {
			if (n > 0) {
				file = strdup(docs[0].path);
				start_in_library = true;
			}
			store_docs_free(docs, n);
		}
	}
	if (!file) {
		snprintf(sample, sizeof(sample), "%s/doc/sample.txt", datadir);
		if (access(sample, R_OK) != 0)
			snprintf(sample, sizeof(sample), "%s/sample.txt", datadir);
		file = strdup(sample);
	}
	if (!file) {
		store_close(a.st);
		return 1;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!getenv("ESCDELAY"))
		set_escdelay(25);

	/* load the document before taking the terminal: a bad file shows nothing */
	if (open_document(&a, file, err, sizeof(err)) != PZ_OK) {
		fprintf(stderr, "pizhu: %s\n", err);
		close_document(&a);
		store_close(a.st);
		free(file);
		pz_errors_release(&errs);
		return 1;
	}

	if (!initscr()) {
		fprintf(stderr, "pizhu: cannot initialise the terminal (TERM=%s)\n",
		        getenv("TERM") ? getenv("TERM") : "");
		close_document(&a);
		store_close(a.st);
		free(file);
		return 1;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	idlok(stdscr, TRUE); /* let curses scroll the terminal rather than repaint it:
	                        fewer bytes per line over a slow SSH link */
	timeout(250);
	const char *no_color = getenv("NO_COLOR");
	a.colors = 0;
	if (has_colors() && !(no_color && *no_color)) {
		start_color();
		use_default_colors();
		a.colors = COLORS;
	}
	load_keymap(&a, datadir, opt->keymap ? opt->keymap : cfg.keymap, &errs);
	load_theme(&a, datadir, opt->theme ? opt->theme : cfg.theme, &errs);
	if (!a.km || !a.theme) {
		end_screen();
		fprintf(stderr, "pizhu: %s\n", pz_strerror(PZ_NOMEM));
		status = 1;
		goto out;
	}
	init_colors(&a);
	paste_mode_on();
	mousemask(BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	if (errs.total) /* keymap or theme mistakes: the first one, and how many */
		app_message(&a, true, "%s%s", errs.msg[0] ? errs.msg[0] : "configuration errors",
		            errs.total > 1 ? " (and more; see the files)" : "");
	if (start_in_library && library_load(&a))
		a.full = &library_view;

	for (;;) {
		status = run_loop(&a);
		if (status != 0 || !a.open_next)
			break;
		/* a document chosen in the library */
		char *next = a.open_next;
		a.open_next = NULL;
		close_document(&a);
		a.full = NULL;
		if (open_document(&a, next, err, sizeof(err)) != PZ_OK) {
			close_document(&a);
			if (open_document(&a, file, err, sizeof(err)) != PZ_OK) {
				free(next);
				end_screen();
				fprintf(stderr, "pizhu: %s\n", err);
				status = 1;
				goto out;
			}
			app_message(&a, true, "cannot open '%s'", next);
		}
		free(file);
		file = next;
	}
	end_screen();
out:
	/* every mistake in the keymap, theme or config, now that the screen is back */
	for (size_t i = 0; i < errs.count; i++)
		fprintf(stderr, "pizhu: %s\n", errs.msg[i]);
	if (errs.total > errs.count)
		fprintf(stderr, "pizhu: and %zu more mistakes\n", errs.total - errs.count);
	close_document(&a);
	keymap_free(a.km);
	theme_free(a.theme);
	layout_rows_release(&a.scratch);
	store_close(a.st);
	free(file);
	pz_errors_release(&errs);
	return status;
}
