/* The reader's loop: a key is looked up once, in the mode of the view that has the
 * focus, and runs the one function its action has there (or the application's own,
 * below); only this loop draws. It also opens documents in the session's stages (the
 * costly ones after the first screen) and keeps them in step with the disk and the
 * database. */
#include "pizhu/ui/app.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pizhu/config.h"
#include "pizhu/diff.h"
#include "pizhu/i18n.h"
#include "pizhu/layout.h"
#include "pizhu/priority.h"
#include "pizhu/ui/checklist.h"
#include "pizhu/ui/help.h"
#include "pizhu/ui/library.h"
#include "pizhu/ui/prefix.h"
#include "pizhu/ui/review.h"
#include "pizhu/ui/screen.h"
#include "pizhu/ui/setup.h"
#include "pizhu/ui/split.h"
#include "pizhu/ui/tagging.h"
#include "pizhu/ui/taglist.h"
#include "pizhu/ui/term.h"
#include "pizhu/ui/text.h"
#include "pizhu/ui/tree.h"

/* Set by SIGHUP (a dropped SSH link), SIGTERM and SIGINT; the loop closes the views
 * (saving the reading position), restores the terminal and leaves. The one piece of
 * global state: a signal handler can reach nothing else. */
static volatile sig_atomic_t quit_signal;

static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

#define MIN_ROWS 3
#define MIN_COLS 20
#define LARGE_FILE ((size_t)4 << 20)  /* bytes: outlined and its suggestions found by a
                                         worker after the first screen (loader.h) */
/* What of a large file the first screen is drawn from while the worker reads the whole
 * (session_open_prefix): some screens' worth, read and checked in a millisecond. */
#define PREFIX_BYTES ((size_t)256 << 10)

/* Key k as a message names it: as the keymap writes it without its brackets ("Enter",
 * "C-g", as the manual and the status line say keys), and the two characters that
 * only a keymap file must spell out as themselves (# and <). */
static void key_shown(struct key k, char *buf, size_t len)
{
	key_format(k, buf, len);
	size_t n = strlen(buf);
	if (!strcmp(buf, "<Hash>"))
		snprintf(buf, len, "#");
	else if (!strcmp(buf, "<lt>"))
		snprintf(buf, len, "<");
	else if (n > 2 && buf[0] == '<' && buf[n - 1] == '>') {
		memmove(buf, buf + 1, n - 2);
		buf[n - 2] = '\0';
	}
}

/* The keys that give act in mode m as the user types them: its own key there ("X"),
 * else the tag key and its key after it ("a a"), else "?"; of several keys, the one
 * the keymap in use bound last (keymap_key_latest): classic's ' before default's *. */
const char *app_keys_for(const struct app *a, enum mode m, enum action act, char *buf,
                         size_t len)
{
	struct key k, p;
	if (keymap_key_latest(a->km, m, act, &k)) {
		key_shown(k, buf, len);
	} else if (keymap_key_latest(a->km, MODE_TAGGING, act, &k) &&
	           keymap_key_latest(a->km, m, ACT_TAG_PREFIX, &p)) {
		char kn[KEY_NAME_MAX], pn[KEY_NAME_MAX];
		key_shown(k, kn, sizeof(kn));
		key_shown(p, pn, sizeof(pn));
		snprintf(buf, len, "%s %s", pn, kn);
	} else {
		snprintf(buf, len, "?");
	}
	return buf;
}

const char *app_keys_list(const struct app *a, enum mode m, const enum action *acts, size_t n,
                          char *buf, size_t len)
{
	size_t o = 0;
	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < n && o < len; i++) {
		char k[2 * KEY_NAME_MAX];
		app_keys_for(a, m, acts[i], k, sizeof(k));
		int w = snprintf(buf + o, len - o, "%s%s", i ? " " : "", k);
		o = w < 0 ? len : o + (size_t)w;
	}
	return buf;
}

const char *app_tag_keys(const struct app *a, char *buf, size_t len)
{
	static const enum action types[] = { ACT_TAG_TASK, ACT_TAG_TARGET, ACT_TAG_DEADLINE,
	                                     ACT_TAG_OWNER, ACT_TAG_NOTE };
	struct key p, k[5];
	size_t n = sizeof(types) / sizeof(types[0]), after = 0, direct = 0;
	for (size_t i = 0; i < n; i++)
		direct += keymap_key_latest(a->km, MODE_TEXT, types[i], &k[i]);
	if (direct == n) /* one key a type (classic): those */
		return app_keys_list(a, MODE_TEXT, types, n, buf, len);
	for (size_t i = 0; i < n; i++)
		after += keymap_key_latest(a->km, MODE_TAGGING, types[i], &k[i]);
	if (after == n && keymap_key_latest(a->km, MODE_TEXT, ACT_TAG_PREFIX, &p)) {
		char pn[KEY_NAME_MAX], kn[5 * KEY_NAME_MAX + 5] = "";
		key_shown(p, pn, sizeof(pn));
		for (size_t i = 0; i < n; i++) {
			char one[KEY_NAME_MAX];
			key_shown(k[i], one, sizeof(one));
			size_t o = strlen(kn);
			snprintf(kn + o, sizeof(kn) - o, "%s%s", i ? " " : "", one);
		}
		/* TRANSLATORS: the tag key, then the keys after it that say the type ("a then r m s z p") */
		snprintf(buf, len, _("%s then %s"), pn, kn);
		return buf;
	}
	return app_keys_list(a, MODE_TEXT, types, n, buf, len);
}

size_t app_home_prefix(const char *path)
{
	const char *home = getenv("HOME");
	size_t hl = home ? strlen(home) : 0;
	while (hl > 1 && home[hl - 1] == '/')
		hl--;
	return hl > 1 && !strncmp(path, home, hl) && path[hl] == '/' ? hl : 0;
}

void app_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	if (*fmt)
		fmt = _(fmt); /* xgettext finds the formats by the keyword app_message:3 */
	va_start(ap, fmt);
	vsnprintf(a->message, sizeof(a->message), fmt, ap);
	va_end(ap);
	a->message_is_error = error;
}

void app_messagen(struct app *a, bool error, unsigned long n, const char *one, const char *many, ...)
{
	va_list ap;
	va_start(ap, many); /* xgettext: the keyword app_messagen:4,5 */
	vsnprintf(a->message, sizeof(a->message), ngettext(one, many, n), ap);
	va_end(ap);
	a->message_is_error = error;
}

/* ---- the stack of views ----------------------------------------------------------------- */

struct view *app_focus(struct app *a)
{
	if (!a->depth)
		return NULL;
	struct view *v = a->stack[a->depth - 1];
	while (v->ops->focus && v->ops->focus(v))
		v = v->ops->focus(v);
	return v;
}

struct view *app_push(struct app *a, const struct view_ops *ops, const void *arg)
{
	if (a->depth == APP_VIEWS) {
		app_message(a, true, "too many views open: close one first");
		return NULL;
	}
	struct view *v = view_new(a, ops, app_focus(a), arg);
	if (v)
		a->stack[a->depth++] = v;
	return v;
}

void app_close(struct app *a, struct view *v)
{
	for (size_t i = 0; i < a->depth; i++)
		if (a->stack[i] == v) {
			while (a->depth > i)
				view_free(a->stack[--a->depth]);
			return;
		}
}

static struct view *find_in(struct view *v, const struct view_ops *ops)
{
	if (v->ops == ops)
		return v;
	struct view *c, *f;
	for (size_t i = 0; v->ops->child && (c = v->ops->child(v, i)); i++)
		if ((f = find_in(c, ops)))
			return f;
	return NULL;
}

struct view *app_find(struct app *a, const struct view_ops *ops)
{
	struct view *f;
	for (size_t i = 0; i < a->depth; i++)
		if ((f = find_in(a->stack[i], ops)))
			return f;
	return NULL;
}

/* Tells every view, and the views they are made of, that the session changed. */
static void notify(struct view *v, unsigned what)
{
	if (v->ops->changed)
		v->ops->changed(v, what);
	struct view *c;
	for (size_t i = 0; v->ops->child && (c = v->ops->child(v, i)); i++)
		notify(c, what);
}

void *app_keep(struct app *a, const struct view_ops *ops, size_t size)
{
	size_t i = 0;
	for (; i < APP_KEPT && a->kept[i].ops; i++)
		if (a->kept[i].ops == ops)
			return a->kept[i].mem;
	if (i == APP_KEPT || !(a->kept[i].mem = calloc(1, size)))
		return NULL;
	a->kept[i].ops = ops;
	return a->kept[i].mem;
}

void app_open_next(struct app *a, const char *path)
{
	free(a->open_next);
	a->open_next = strdup(path);
}

/* ---- the application's own actions (any view without an entry for them) ---------------- */

static int quit(struct view *v, const struct request *r)
{
	(void)v, (void)r;
	return VIEW_QUIT;
}

static int show_help(struct view *v, const struct request *r)
{
	(void)r;
	app_push(v->app, &help_view, NULL);
	return VIEW_REDRAW;
}

static int show_library(struct view *v, const struct request *r)
{
	(void)r;
	app_push(v->app, &library_view, NULL);
	return VIEW_REDRAW;
}

static int redraw(struct view *v, const struct request *r)
{
	(void)v, (void)r;
	screen_clear(true);
	return VIEW_REDRAW;
}

static int suspend(struct view *v, const struct request *r)
{
	(void)v, (void)r;
	screen_suspend();
	return VIEW_REDRAW;
}

/* R after the file changed on disk: read again once the handler has returned (reading
 * again closes every view, this one too). */
static int read_again_key(struct view *v, const struct request *r)
{
	(void)r;
	struct app *a = v->app;
	if (!(a->pending & APP_CHANGED)) {
		app_message(a, false, "'%s' has not changed since it was read", session_path(a->s));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	a->pending = (a->pending & ~(unsigned)APP_CHANGED) | APP_READ_AGAIN;
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int tag_list(struct view *v, const struct request *r)
{
	(void)r;
	app_push(v->app, &taglist_view, NULL);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static const struct view_action app_actions[ACT_COUNT] = {
	[ACT_QUIT] = { quit, 0 },
	[ACT_HELP] = { show_help, 0 },
	[ACT_LIBRARY] = { show_library, 0 },
	[ACT_REDRAW] = { redraw, 0 },
	[ACT_SUSPEND] = { suspend, 0 },
	[ACT_READ_AGAIN] = { read_again_key, 0 },
	[ACT_UNDO] = { tagging_undo, 0 },
	[ACT_REDO] = { tagging_undo, 1 },
	[ACT_TAG_LIST] = { tag_list, 0 },
	[ACT_EXPORT] = { tagging_export, 0 },
	[ACT_TAG_PREFIX] = { prefix_start, 0 },
	[ACT_MARK] = { prefix_start, 0 },
	[ACT_GOTO_MARK] = { prefix_start, 0 },
	[ACT_REVIEW] = { review_start, 0 },
	[ACT_REVIEW_FROM] = { review_choose, 0 },
	[ACT_CHECK_LIST] = { checklist_start, 0 },
};

/* Runs action act (of key k) in view v's table, else in the tables of the views
 * holding it, else in the application's. */
static int run_action(struct app *a, struct view *v, enum action act, struct key k)
{
	struct request r = { act, 0, k };
	if (r.act == ACT_NONE)
		return v->ops->text ? v->ops->text(v, &r) : VIEW_IGNORED;
	for (struct view *h = v; h; h = h == a->stack[a->depth - 1] ? NULL : h->parent) {
		const struct view_action *e = view_action_of(h, r.act);
		if (e) {
			r.arg = e->arg;
			return e->fn(h, &r);
		}
	}
	if (!app_actions[r.act].fn)
		return VIEW_IGNORED;
	r.arg = app_actions[r.act].arg;
	return app_actions[r.act].fn(v, &r);
}

/* How long the first key of a pair ("]c") waits for the second, as vim's timeoutlen. */
#define PAIR_MS 1000

/* Whether one of the actions acts[0..n) has a handler in v or the views holding it: a
 * pair's first key waits for its second only where the pair does something (]c in
 * review mode), so that ] alone stays immediate elsewhere. */
static bool pair_here(struct app *a, struct view *v, const enum action *acts, size_t n)
{
	for (struct view *h = v; h; h = h == a->stack[a->depth - 1] ? NULL : h->parent)
		for (size_t i = 0; i < n; i++)
			if (view_action_of(h, acts[i]))
				return true;
	return false;
}

/* The one function key k runs: its action in the focused view's mode, in that view's
 * table, else in the tables of the views holding it, else in the application's. A key
 * that begins a pair the view acts on waits for the next key: the pair's action when
 * it completes one, else the first key's and then the next key's. */
static int dispatch(struct app *a, struct key k)
{
	struct view *v = app_focus(a);
	if (prefix_waiting(a)) { /* the key after tag-prefix, mark or goto-mark */
		struct request r;
		int flags = prefix_key(v, k, &r);
		return r.act == ACT_NONE ? flags : run_action(a, v, r.act, k);
	}
	enum action pairs[8];
	size_t np = keymap_seqs_from(a->km, v->ops->mode, k, pairs, 8);
	if (np && pair_here(a, v, pairs, np < 8 ? np : 8) && screen_key_waiting(PAIR_MS)) {
		struct key k2;
		int y, x;
		unsigned long b;
		if (screen_read(&k2, &y, &x, &b) == SCREEN_KEY) {
			enum action act = keymap_lookup_seq(a->km, v->ops->mode, k, k2);
			if (act != ACT_NONE)
				return run_action(a, v, act, k2);
			int flags = run_action(a, v, keymap_lookup(a->km, v->ops->mode, k), k);
			if (flags & VIEW_QUIT)
				return flags;
			return flags | dispatch(a, k2);
		}
	}
	return run_action(a, v, keymap_lookup(a->km, v->ops->mode, k), k);
}

/* How long a line break typed into a prompt waits to be sure it came alone: a paste's
 * next keys are right behind it (already read, or a few milliseconds behind over a
 * slow link); a person takes longer to press anything after Enter. */
#define ALONE_MS 50

/* Whether key k is a line break of a paste the terminal did not mark (no bracketed
 * paste in its terminfo: screen, linux, putty, ...): into a view that takes text (a
 * prompt), a line break ends it only when it arrives alone, nothing right behind it;
 * else it is typed as a marked paste's would be. So a pasted line break never runs
 * commands: "my note⏎Dq" is typed whole, and Enter pressed afterwards accepts it. */
static bool unmarked_paste(struct app *a, struct key k)
{
	struct view *v = app_focus(a);
	return v->ops->text && k.code == KC_ENTER && screen_key_waiting(ALONE_MS);
}

/* A paste is typed into a view that takes text (a prompt), its line breaks as spaces;
 * elsewhere it is dropped, never run as keys. */
static int paste(struct app *a, struct key k)
{
	struct view *v = app_focus(a);
	prefix_cancel(a); /* a paste is never the key after the tag key */
	if (!v->ops->text) {
		app_message(a, true, "pasted text goes only into a prompt (a note, a search)");
		return VIEW_REDRAW;
	}
	if (k.code == KC_ENTER || k.code == KC_TAB || k.code == '\n')
		k = key_from_char(' ');
	struct request r = { ACT_NONE, 0, k };
	return v->ops->text(v, &r);
}

/* ---- drawing ---------------------------------------------------------------------------- */

static void draw_status(struct app *a, int y)
{
	int w = a->cols;
	int attr = screen_attr(a, TE_STATUS);
	screen_fill(y, 0, w, attr);
	/* the left part and the percentage from the topmost view that has them */
	char line[1024] = "";
	int percent = -1;
	for (size_t i = a->depth; i-- > 0;) {
		struct view *v = a->stack[i];
		while (v && !v->ops->status && v->ops->focus)
			v = v->ops->focus(v);
		if (v && v->ops->status && v->ops->status(v, line, sizeof(line), &percent))
			break;
	}
	char pct[16];
	int pw = 0;
	if (percent >= 0) {
		snprintf(pct, sizeof(pct), " %3d%% ", percent);
		pw = (int)strlen(pct);
		if (w > pw + 4)
			screen_put(y, w - pw, pw, pct, 0, strlen(pct), attr);
		else
			pw = 0;
	}
	int room = w - pw - 1;
	if (room <= 0)
		return;
	/* a view's line may end in a tab and a part for the right (the line, the match
	 * count): shown beside the percentage while it fits beside what the left says */
	char *right = strchr(line, '\t');
	if (right)
		*right++ = '\0';
	const char *left = a->message[0] ? a->message : line;
	int rw = right && *right ? (int)layout_cells(right, 0, strlen(right)) : 0;
	int lw = (int)layout_cells(left, 0, strlen(left));
	int keep = lw < 16 ? lw : 16; /* the left's first cells (a file's name) come first */
	if (rw && rw + 2 + keep <= room && (!a->message[0] || lw + rw + 2 <= room)) {
		screen_put(y, w - pw - rw, rw, right, 0, strlen(right), attr);
		room -= rw + 2;
	}
	if (a->message[0]) /* cut short with … : there is more (the help shows a mistake whole) */
		screen_put_cut(y, 1, room, a->message, 0, strlen(a->message),
		           screen_attr(a, a->message_is_error ? TE_STATUS_ERROR : TE_STATUS_MESSAGE));
	else
		screen_put(y, 1, room, line, 0, strlen(line), attr);
}

/* Lays out every view (those under a screen that covers them keep their size, so that
 * the status line they give is right) and draws those that show. */
static void draw(struct app *a)
{
	int rows = a->rows, cols = a->cols;
	screen_size(&a->rows, &a->cols);
	/* The same view on top as last time, only scrolled: the terminal moves its rows */
	struct view *body = NULL;
	for (size_t i = 0; i < a->depth; i++)
		if (a->stack[i]->ops->place == VIEW_BODY)
			body = a->stack[i];
	int top, left, height, width, n;
	bool same = body && body == a->drawn_body && rows == a->rows && cols == a->cols;
	if (same && body->ops->scrolled &&
	    (n = body->ops->scrolled(body, &top, &left, &height, &width)) != 0)
		screen_scroll(top, left, height, width, n);
	a->drawn_body = body;
	if (a->rows < MIN_ROWS || a->cols < MIN_COLS) {
		screen_clear(false);
		a->drawn_body = NULL;
		screen_say(_("terminal too small"), a->cols);
		screen_show();
		return;
	}
	size_t first = 0; /* the topmost view that covers the body, and what is above it */
	for (size_t i = 0; i < a->depth; i++) {
		struct view *v = a->stack[i];
		if (v->ops->place == VIEW_BODY) {
			view_place(v, 0, 0, a->rows - 1, a->cols);
			first = i;
		} else {
			view_place(v, a->rows - 1, 0, 1, a->cols);
		}
	}
	/* Views that draw every cell of theirs, over the same frame as before, draw over it:
	 * what they kept is not drawn again. Any other, and the screen starts blank. */
	for (size_t i = first; same && i < a->depth; i++)
		same = a->stack[i]->ops->opaque;
	if (!same)
		screen_clear(false);
	bool status_drawn = false;
	for (size_t i = first; i < a->depth; i++) {
		a->stack[i]->ops->draw(a->stack[i]);
		status_drawn |= a->stack[i]->ops->place == VIEW_STATUS;
	}
	if (!status_drawn)
		draw_status(a, a->rows - 1);
	screen_show();
}

/* ---- documents ---------------------------------------------------------------------------- */

/* Opens file in a session with what the first screen needs: its outline (paragraphs
 * only for a large file), its place in the library (read: nothing is written before the
 * first screen), its tags (a large file's wait for its outline). The rest is left in
 * *pending. NULL and err on failure. */
static session *open_session(struct app *a, const char *file, unsigned *pending, char *err,
                             size_t errlen, loader **load)
{
	struct session_options sopt = { .encoding = a->opt.encoding, .author = a->author };
	struct pz_where w = { 0 };
	session *s;
	if (load) { /* a large file's first lines now, the rest from a worker (loader_open) */
		*load = NULL;
		session_open_prefix(file, &sopt, PREFIX_BYTES, &s);
		size_t len;
		if (s && (session_text(s, &len), session_find_position(s, a->st) < len / 2) &&
		    loader_open(file, &sopt, true, load) == PZ_OK) {
			*pending = 0; /* the library and the tags once the worker has read it */
			return s;
		}
		session_close(s); /* read deep into it before: read it whole first */
	}
	enum pz_status st = session_open(file, &sopt, &s, &w);
	if (st != PZ_OK) {
		char why[160];
		snprintf(err, errlen, _("cannot open '%s': %s"), file, pz_describe(st, &w, why, sizeof(why)));
		return NULL;
	}
	size_t len;
	session_text(s, &len);
	bool large = len > LARGE_FILE; /* its text first, its structure a moment later */
	*pending = large ? APP_OUTLINE : 0;
	st = large ? session_outline_paragraphs(s) : session_build_outline(s);
	if (st != PZ_OK) {
		snprintf(err, errlen, _("cannot outline '%s': %s"), file, pz_strerror(st));
		session_close(s);
		return NULL;
	}
	if (a->st && session_abspath(s)) {
		/* A renamed draft is known by its content and keeps its tags; it is moved to
		 * its new name (session_save) and the library entry written after the first
		 * screen. */
		if (session_identify(s, a->st, false) != PZ_OK)
			app_message(a, true, "cannot read the library");
		*pending |= APP_RECORD;
	}
	return s;
}

/* Loads the document's tags (coloured from the first screen when it is known), found
 * again in this text in memory only; what that changed is written by settle, after the
 * first screen, and so are a file's suggestions found unless it is large (those wait to
 * be asked for). When none needs finding again, only where they are is read before the
 * first screen, and the rest right after it (complete_tags). */
static void load_tags(struct app *a)
{
	if (!session_document(a->s) || !session_outline_complete(a->s))
		return;
	enum pz_status st = session_load_tags_first(a->s);
	if (st != PZ_OK) {
		app_message(a, true, "cannot load the tags: %s", pz_strerror(st));
		return;
	}
	size_t len;
	session_text(a->s, &len);
	a->pending |= APP_SAVE | APP_TAGS | (len <= LARGE_FILE ? APP_SUGGEST : 0);
	tagging_say_moved(a);
}

/* The rest of the tags read for the first screen (load_tags), before anything else
 * can look at them: a key, settle. True when the screen may have to change (another
 * process wrote tags meanwhile, or they could not be read). */
static bool complete_tags(struct app *a)
{
	a->pending &= ~(unsigned)APP_TAGS;
	bool changed;
	enum pz_status st = session_complete_tags(a->s, &changed);
	if (st != PZ_OK)
		app_message(a, true, "cannot load the tags: %s", pz_strerror(st));
	return changed;
}

/* The text of the document's version kept in the library (for comparing drafts), by a
 * thread of its own when it is not kept yet (a new document, a new draft, or one whose
 * writing was cut short: the reader killed while it wrote). */
static void keep_text(struct app *a)
{
	int64_t v;
	bool kept;
	if (!a->st || a->keep || session_version(a->s, &v) != PZ_OK ||
	    store_text_kept(a->st, v, &kept) != PZ_OK || kept)
		return;
	size_t len;
	const char *text = session_text(a->s, &len);
	const char *db = store_filename(a->st);
	enum pz_status st = *db ? keeper_start(db, v, text, len, &a->keep) : PZ_NOENT;
	if (st != PZ_OK) { /* no thread: kept here, as before */
		a->keep = NULL;
		st = store_text_keep(a->st, v, text, len);
	}
	if (st != PZ_OK)
		app_message(a, true, "cannot keep the text of this draft: %s", pz_strerror(st));
}

/* Whether the library record is still to be written, or written and not taken back
 * (record_now): what opening left unwritten waits for it, which writes the version. */
static bool record_ahead(const struct app *a)
{
	return (a->pending & APP_RECORD) || a->compare || a->recording.waiting;
}

/* Whether settle has something to do now. */
static bool settle_due(const struct app *a)
{
	return (a->pending & APP_SUGGEST) || ((a->pending & APP_SAVE) && !record_ahead(a));
}

/* After the first screen (or before the first key typed ahead of it): the suggestions,
 * then, once the library record is written, what opening the document read but did not
 * write (a renamed draft's new name, where its tags were found again), and its text. */
static void settle(struct app *a)
{
	enum pz_status st;
	if (a->pending & APP_SUGGEST) {
		a->pending &= ~(unsigned)APP_SUGGEST;
		if ((st = session_find_suggestions(a->s)) != PZ_OK)
			app_message(a, true, "cannot find suggestions: %s", pz_strerror(st));
	}
	if ((a->pending & APP_SAVE) && !record_ahead(a)) {
		a->pending &= ~(unsigned)APP_SAVE;
		if ((st = session_save(a->s)) != PZ_OK)
			app_message(a, true, "cannot write where the tags are: %s", pz_strerror(st));
		else
			keep_text(a);
	}
}

/* Waits for the thread keeping the text, if any (it reads the session's text); a
 * record it wrote and the session did not take back is dropped (the session is being
 * left). Returns the thread's status. */
static enum pz_status keep_free(struct app *a)
{
	enum pz_status st = keeper_free(a->keep);
	a->keep = NULL;
	if (a->recording.waiting) {
		a->recording.waiting = false;
		session_recorded(a->s, &a->recording.r, a->recording.st);
	}
	return st;
}

/* ... and says when it failed. */
static void kept(struct app *a)
{
	enum pz_status st = keep_free(a);
	if (st != PZ_OK)
		app_message(a, true, "cannot keep the text of this draft: %s", pz_strerror(st));
}

/* With $PIZHU_TRACE naming a file, a line there when the first screen is drawn: how many
 * rows the reader had written to the database by then (none: tests/tui/t-open.sh). */
static void trace_first_screen(struct app *a)
{
	const char *path = getenv("PIZHU_TRACE");
	FILE *f = path && *path ? fopen(path, "a") : NULL;
	if (!f)
		return;
	fprintf(f, "first screen: %lld rows written\n", a->st ? (long long)store_changes(a->st) : 0LL);
	fclose(f);
}

/* Opens the panes on the document: the tree beside the text, which shows byte at
 * (SIZE_MAX: where reading stopped last time), the cursor on the sentence holding byte
 * cursor (0: the first). */
static bool open_panes(struct app *a, size_t at, size_t cursor)
{
	struct split_arg panes = { &tree_view, NULL, &text_view,
		                   &(struct text_arg){ NULL, at, cursor } };
	return app_push(a, &split_view, &panes) != NULL;
}

static void compared(struct app *a);

/* Shows s in place of the document shown (whose views close, saving where reading
 * stood), at byte at (SIZE_MAX: where reading stopped last time), the cursor on the
 * sentence holding byte cursor (0: the first). */
static bool show_session(struct app *a, session *s, unsigned pending, size_t at, size_t cursor,
                         loader *load)
{
	while (a->depth)
		view_free(a->stack[--a->depth]);
	loader_free(a->load); /* it reads the session it works for */
	a->load = load;
	kept(a); /* so does this, and the text is written whole */
	compared(a); /* and this (the document shown before is not recorded) */
	session_close(a->s);
	a->s = s;
	a->pending = pending;
	load_tags(a);
	return open_panes(a, at, cursor);
}

/* Takes over what the worker made for the document shown (loader.h), in order: the
 * whole text in place of its first lines (then the library is read), the real outline
 * in place of the paragraphs (then the tags), the suggestions; with at, waits for that
 * stage first. True when something changed. A file that cannot be read whole ends the
 * reader (a->failed), as it would have before the first screen. */
static bool advance(struct app *a, enum loader_stage at)
{
	enum pz_status st;
	struct pz_where w;
	enum loader_stage stage = loader_wait(a->load, at, &st, &w);
	bool changed = false;
	if (session_partial(a->s) && stage >= LOADER_OPENED) {
		session *whole = loader_take_session(a->load);
		unsigned what = session_replace(a->s, whole) ? VIEW_TEXT : VIEW_TEXT_OTHER;
		for (size_t i = 0; i < a->depth; i++)
			notify(a->stack[i], what);
		if (a->st && session_abspath(a->s)) {
			if (session_identify(a->s, a->st, false) != PZ_OK)
				app_message(a, true, "cannot read the library");
			a->pending |= APP_RECORD;
		}
		changed = true;
	}
	if (!session_outline_complete(a->s) && stage >= LOADER_OUTLINED) {
		session_set_outline(a->s, loader_take_outline(a->load));
		for (size_t i = 0; i < a->depth; i++)
			notify(a->stack[i], VIEW_OUTLINE);
		load_tags(a);
		changed = true;
	}
	if (stage == LOADER_DONE) {
		suggestions *sg = loader_take_suggestions(a->load);
		if (sg && !session_suggestions(a->s)) /* else found meanwhile, when asked for */
			session_set_suggestions(a->s, sg);
		else
			suggestions_free(sg);
		loader_free(a->load);
		a->load = NULL;
		changed = true;
	}
	if (st != PZ_OK) {
		char why[160];
		if (session_partial(a->s)) {
			app_message(a, true, "cannot open '%s': %s", session_path(a->s),
			            pz_describe(st, &w, why, sizeof(why)));
			a->failed = true;
		} else {
			app_message(a, true, stage < LOADER_OUTLINED ? "cannot find the outline: %s"
			                                             : "cannot find suggestions: %s",
			            pz_strerror(st));
		}
		loader_free(a->load);
		a->load = NULL;
		changed = true;
	}
	return changed;
}

/* Whether key k can be answered before the worker has made the outline: moving about
 * the text and the tree, the help, quitting. The rest (tags, search, jumps through the
 * outline) waits for the whole text, its outline and its tags. */
static bool answered_early(struct app *a, struct key k)
{
	if (prefix_waiting(a))
		return false;
	switch (keymap_lookup(a->km, app_focus(a)->ops->mode, k)) {
	case ACT_QUIT: case ACT_HELP: case ACT_CLOSE: case ACT_REDRAW:
	case ACT_FOCUS_NEXT: case ACT_TOGGLE_TREE: case ACT_TREE_WIDER: case ACT_TREE_NARROWER:
	case ACT_LINE_DOWN: case ACT_LINE_UP: case ACT_HALF_PAGE_DOWN: case ACT_HALF_PAGE_UP:
	case ACT_PAGE_DOWN: case ACT_PAGE_UP: case ACT_TOP:
	case ACT_NEXT_SENTENCE: case ACT_PREV_SENTENCE:
	case ACT_NEXT_PARAGRAPH: case ACT_PREV_PARAGRAPH:
		return true;
	default:
		return false;
	}
}

/* keep's job: the library entry and the text's version (each write waits for the
 * disk), then, a step the reader does not wait for, the text, unless it is kept
 * already. The record's status is the recording's; the thread's, the text's. */
static enum pz_status record_and_keep(store *db, void *arg, keeper *k)
{
	struct app_recording *rc = arg;
	rc->st = session_record_write(db, &rc->r);
	/* rc->r is the reader's once the step is marked */
	int64_t version = rc->st == PZ_OK ? rc->r.version : 0;
	const char *text = rc->r.text;
	size_t len = rc->r.len;
	keeper_step(k);
	return version ? store_text_keep(db, version, text, len) : PZ_OK;
}

/* Once the record is written (with wait, waiting for it): the document's id and
 * version taken into the session, the tags of a document new to the library, and what
 * opening left unwritten (settle). True when it was taken. */
static bool take_record(struct app *a, bool wait)
{
	struct app_recording *rc = &a->recording;
	if (!rc->waiting || (rc->threaded && !keeper_stepped(a->keep, wait)))
		return false;
	rc->waiting = false;
	enum pz_status st = rc->st;
	session_recorded(a->s, &rc->r, st);
	if (st != PZ_OK) {
		app_message(a, true, "cannot record '%s' in the library: positions and tags are not kept",
		            session_path(a->s));
		return true;
	}
	if (!session_tags(a->s))
		load_tags(a);
	settle(a);
	return true;
}

/* After the first screen: the library entry (its title, the first speech's) and the
 * text's version, written by a thread of its own (keep), which keeps the text after;
 * take_record takes them back. */
static void record_now(struct app *a)
{
	char title[256];
	session_title(a->s, title, sizeof(title));
	struct app_recording *rc = &a->recording;
	if (rc->waiting || session_record_plan(a->s, title, &rc->r) != PZ_OK) {
		app_message(a, true, "cannot record '%s' in the library: positions and tags are not kept",
		            session_path(a->s));
		return;
	}
	rc->waiting = true;
	const char *db = store_filename(a->st);
	rc->threaded = !a->keep && *db && keeper_run_staged(db, record_and_keep, rc, &a->keep) == PZ_OK;
	if (rc->threaded)
		return;
	rc->st = session_record_write(a->st, &rc->r); /* no thread: written here */
	take_record(a, false);
}

/* The record after the question whether the file is a known document's draft:
 * waited for (the answer's message counts the drafts, this one with them). */
static void record_answered(struct app *a)
{
	record_now(a);
	take_record(a, true);
}

/* The comparison of a new file with the library's documents (keeper_run's job). */
static enum pz_status resemble(store *db, void *arg)
{
	struct app_resembling *r = arg;
	r->path = NULL;
	r->st = session_find_resembling_in(r->s, db, &r->doc, &r->path, &r->drafts);
	return PZ_OK;
}

/* Once the comparison is done: the question when a known document resembles the file
 * (review.c; true: it is on the screen), else the record. */
static bool offer_or_record(struct app *a)
{
	struct app_resembling *r = &a->resembling;
	char *path = r->path;
	r->path = NULL;
	if (r->st == PZ_OK && review_offer(a, r->doc, path, r->drafts, record_answered))
		return true;
	if (r->st != PZ_OK)
		free(path);
	record_now(a);
	return false;
}

/* Waits for the comparison, if any (it reads the session), and drops what it found. */
static void compared(struct app *a)
{
	keeper_free(a->compare);
	a->compare = NULL;
	free(a->resembling.path);
	a->resembling.path = NULL;
}

/* The library record of a known document (record_now), when it is still to be
 * written and the outline allows it. */
static void record_when_due(struct app *a)
{
	if ((a->pending & APP_RECORD) && session_outline_complete(a->s) && session_document(a->s)) {
		a->pending &= ~(unsigned)APP_RECORD;
		record_now(a);
	}
}

/* Quitting (the terminal given back): a record under way is written whole and taken
 * back, with what opening left unwritten (settle); a known document whose record had
 * not started is recorded (its text kept: the record's thread is waited for on
 * leaving). A new file being compared: the comparison is waited for, and the file
 * recorded unless a known document resembles it: then it is asked about at its next
 * opening, as when the question was left unanswered. */
static void record_at_exit(struct app *a)
{
	if (a->compare) {
		keeper_free(a->compare);
		a->compare = NULL;
		if (a->resembling.st == PZ_OK) {
			free(a->resembling.path);
			a->resembling.path = NULL;
			return;
		}
		record_now(a);
	} else {
		record_when_due(a);
	}
	a->pending &= ~(unsigned)APP_SUGGEST; /* not to be shown */
	take_record(a, true);
}

/* The library record after the first screen (record_now), unless the file is new to
 * the library and may be a known document's next draft: then the texts are compared
 * first, on a thread of its own (a 40 MB file's sentences take a second; the keys are
 * answered meanwhile), and offer_or_record asks whether it is that document's draft
 * when one resembles it. True when the record waits. */
static bool record_in_library(struct app *a)
{
	if (!review_may_offer(a)) {
		record_now(a);
		return false;
	}
	a->resembling = (struct app_resembling){ .s = a->s };
	const char *db = store_filename(a->st);
	if (*db && keeper_run(db, resemble, &a->resembling, &a->compare) == PZ_OK)
		return true;
	a->compare = NULL; /* no thread: compared here */
	resemble(a->st, &a->resembling);
	return offer_or_record(a);
}

/* Before a key that may tag, search or jump: the library record, which it may need
 * (the document's id, its tags), as soon as the outline allows; a file new to the
 * library is compared first (record_in_library, after the key when the comparison has
 * not started: nothing read here, a paste's every key comes this way). */
static void record_first(struct app *a)
{
	record_when_due(a);
	if (a->compare) {
		keeper_free(a->compare);
		a->compare = NULL;
		offer_or_record(a);
	}
	take_record(a, true);
}

/* Opens the document at path where reading stopped last time, or at byte at; on
 * failure what is shown stays, and the status line says why (false). */
static bool open_next(struct app *a, const char *path, size_t at)
{
	char err[512];
	unsigned pending;
	session *s = open_session(a, path, &pending, err, sizeof(err), NULL);
	if (!s) {
		app_message(a, true, "%s", err);
		return false;
	}
	if (!show_session(a, s, pending, at, 0, NULL)) {
		app_message(a, true, "cannot show '%s'", path);
		return false;
	}
	return true;
}

/* The file changed on disk: read again, where the reader was; if it cannot be, the text
 * as it was read stays. */
static void read_again(struct app *a)
{
	size_t cursor = 0, ce = 0; /* the sentence cursor: found again as a tag is */
	struct view *tv = app_find(a, &text_view);
	if (tv)
		text_cursor(tv, &cursor, &ce);
	while (a->depth) /* the text remembers where it stands */
		view_free(a->stack[--a->depth]);
	char *path = strdup(session_path(a->s));
	size_t at = session_saved_position(a->s);
	a->message[0] = '\0';
	char err[512];
	unsigned pending;
	session *s = path ? open_session(a, path, &pending, err, sizeof(err), NULL) : NULL;
	if (path && !s)
		app_message(a, true, "%s", err);
	if (s) { /* the place, through the changes: a paragraph added above moves it on */
		size_t on, nn;
		const char *o = session_text(a->s, &on), *n = session_text(s, &nn);
		diff *d;
		if (diff_new(o, on, n, nn, &d) == PZ_OK) {
			at = diff_map_offset(d, o, on, n, nn, at);
			cursor = diff_follow_passage(d, o, on, n, nn, cursor, ce);
			diff_free(d);
		}
	}
	bool again = s && show_session(a, s, pending, at, cursor, NULL);
	if (s && !again)
		app_message(a, true, "cannot show '%s'", path);
	if (!a->depth && !open_panes(a, at, cursor))
		app_message(a, true, "%s", pz_strerror(PZ_NOMEM));
	else if (again && (!a->message[0] || !a->message_is_error)) {
		/* the changes offered as a review, with what they did to the tags */
		char kc[KEY_NAME_MAX];
		size_t moved, orphans;
		app_keys_for(a, MODE_TEXT, ACT_REVIEW, kc, sizeof(kc));
		if (tagging_count_moved(a, &moved, &orphans))
			app_message(a, false, "'%s' read again: %zu tags moved, %zu orphaned; %s shows the changes",
			            path, moved, orphans, kc);
		else
			app_message(a, false, "'%s' changed on disk: read again (%s shows the changes)", path, kc);
	}
	free(path);
}

/* Another process wrote tags (they are read again), or the file changed on disk (said,
 * and read again when the reader asks: the text stays as it is under the reader's
 * eyes, and tags made meanwhile are found again in the new text). True when the
 * screen changed. */
static bool keep_in_step(struct app *a)
{
	unsigned changed = 0;
	enum pz_status st = session_refresh(a->s, &changed);
	if (st != PZ_OK)
		app_message(a, true, "cannot read the tags: %s", pz_strerror(st));
	if (changed & SESSION_FILE) {
		if (access(session_path(a->s), R_OK) == 0) {
			a->pending |= APP_CHANGED;
			char kr[2 * KEY_NAME_MAX];
			app_message(a, false, "'%s' changed on disk: %s reads it again", session_path(a->s),
			            app_keys_for(a, MODE_TEXT, ACT_READ_AGAIN, kr, sizeof(kr)));
		} else
			app_message(a, true, "'%s' is gone from the disk: the text shown is as it was read",
			            session_path(a->s));
		return true;
	}
	return (changed & SESSION_TAGS) || st != PZ_OK;
}

/* ---- the loop ------------------------------------------------------------------------------ */

/* How often at most the tags and the file are looked at (keep_in_step): a key held down
 * to scroll would otherwise pay a database query and a stat() a line. */
#define STEP_MS 200

static long long monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One document after another until the user quits; returns the exit status. */
static int run_loop(struct app *a)
{
	bool dirty = true;
	long long stepped = 0; /* when keep_in_step last ran */
	for (;;) {
		if (quit_signal)
			return 128 + (int)quit_signal;
		/* keys already waiting (a paste, keys typed ahead) are all handled before the
		 * screen is drawn again: one redraw for them, not one each */
		bool ahead = dirty && screen_key_waiting(0);
		if (dirty && !ahead) { /* only what changed is drawn: an idle reader writes nothing */
			draw(a);
			dirty = false;
			if (!a->drawn)
				trace_first_screen(a);
			a->drawn = true;
		}
		if ((a->pending & APP_TAGS) && complete_tags(a))
			dirty = true;
		/* from here on a tag may change (settle, a key): the sync records it */
		if (!a->writing && a->st) {
			enum pz_status st = store_ready_to_write(a->st);
			a->writing = true;
			if (st != PZ_OK)
				app_message(a, true, "cannot make ready to write tags: %s", pz_strerror(st));
		}
		if (a->failed)
			return 1;
		/* after the first screen, and before any key (one may change a tag) */
		if (settle_due(a)) {
			settle(a);
			dirty = true;
			continue;
		}
		if (a->recording.waiting && take_record(a, false)) {
			dirty = true;
			continue;
		}
		if (a->keep && keeper_done(a->keep, NULL))
			kept(a);
		if (a->compare && keeper_done(a->compare, NULL)) { /* then the record */
			keeper_free(a->compare);
			a->compare = NULL;
			offer_or_record(a);
			dirty = true;
			continue;
		}
		if (!ahead && (a->pending & APP_OUTLINE)) { /* after the first screen of a large file */
			a->pending &= ~(unsigned)APP_OUTLINE;
			loader_free(a->load);
			enum pz_status st = loader_build(a->s, true, &a->load);
			if (st != PZ_OK) {
				a->load = NULL;
				app_message(a, true, "cannot find the outline: %s", pz_strerror(st));
			}
		}
		if (!ahead && a->load && advance(a, LOADER_STARTED)) {
			dirty = true;
			continue;
		}
		/* after the first screen, with the title from the outline: the library write syncs */
		if (!ahead && (a->pending & APP_RECORD) && session_outline_complete(a->s)) {
			a->pending &= ~(unsigned)APP_RECORD;
			bool asked = record_in_library(a);
			dirty = dirty || asked || a->message[0] != '\0';
		}
		if (a->pending & APP_READ_AGAIN) { /* R, after the file changed on disk */
			a->pending &= ~(unsigned)APP_READ_AGAIN;
			read_again(a);
			dirty = true;
			continue;
		}
		if (!ahead && monotonic_ms() - stepped >= STEP_MS) {
			stepped = monotonic_ms();
			if (keep_in_step(a))
				dirty = true;
		}
		if (dirty && !ahead)
			continue;
		/* back soon for what the worker made, when the text is kept or compared */
		if ((a->load || a->keep || a->compare) && !screen_key_waiting(10))
			continue;
		struct key k;
		int y = 0, x = 0;
		unsigned long buttons = 0;
		enum screen_event ev = screen_read(&k, &y, &x, &buttons);
		int flags = VIEW_IGNORED;
		switch (ev) {
		case SCREEN_NOTHING:
			continue;
		case SCREEN_HANGUP:
			return 128 + SIGHUP;
		case SCREEN_PASTE_START:
		case SCREEN_PASTE_END:
			a->pasting = ev == SCREEN_PASTE_START;
			continue;
		case SCREEN_RESIZE: /* the panes re-wrap when they see their new width */
			dirty = true;
			continue;
		case SCREEN_MOUSE: {
			if (a->load)
				advance(a, LOADER_OUTLINED);
			if (a->failed)
				return 1;
			struct view *top = a->stack[a->depth - 1];
			prefix_cancel(a);
			if (top->ops->mouse)
				flags = top->ops->mouse(top, y, x, buttons);
			dirty = true;
			break;
		}
		case SCREEN_KEY:
			a->message[0] = '\0';
			if (a->load && !answered_early(a, k))
				advance(a, LOADER_OUTLINED);
			if (a->failed)
				return 1;
			if (!answered_early(a, k)) /* a tag key: the record first */
				record_first(a);
			flags = a->pasting || unmarked_paste(a, k) ? paste(a, k) : dispatch(a, k);
			dirty = true;
			break;
		}
		if (flags & VIEW_QUIT)
			return 0;
		if (a->open_next) { /* the library chose it */
			char *path = a->open_next;
			a->open_next = NULL;
			open_next(a, path, SIZE_MAX);
			free(path);
		}
	}
}

/* ---- entry -------------------------------------------------------------------------------- */

/* The database: without one the reader still reads, but says it keeps nothing. False
 * when the user named one that cannot be used, or it is not pizhu's (said on stderr). */
static bool open_store(struct app *a)
{
	char dbpath[PATH_MAX], detail[256] = "", why[384];
	enum pz_status st = store_path(a->opt.db, dbpath, sizeof(dbpath));
	if (st == PZ_OK)
		st = store_open_reading(dbpath, &a->st, detail, sizeof(detail));
	if (st == PZ_OK)
		return true;
	a->st = NULL;
	if (a->opt.db || st == PZ_DBNEWER || st == PZ_DBCORRUPT) {
		pz_message(stderr, "pizhu: cannot use the database '%s': %s\n", dbpath,
		        pz_explain(st, detail, why, sizeof(why)));
		return false;
	}
	if (st == PZ_NOENT && *dbpath && !a->opt.db)
		app_message(a, true, "positions and tags are not kept: the home directory '%s' does not "
		                     "exist (set PIZHU_DB or XDG_DATA_HOME)", dbpath);
	else
		app_message(a, true, "positions and tags are not kept: %s", pz_strerror(st));
	return true;
}

/* What to open: the file, else the library's newest that is still on disk (then
 * shown over it; gone, said in gone), else the bundled sample. Owned (free()); NULL
 * when out of memory. */
static char *first_file(struct app *a, const char *datadir, bool *in_library, char *gone,
                        size_t len)
{
	*in_library = false;
	gone[0] = '\0';
	if (a->opt.file)
		return strdup(a->opt.file);
	struct store_doc *docs;
	size_t n;
	if (a->st && store_library(a->st, &docs, &n) == PZ_OK) {
		size_t i = 0; /* the newest there is: the library is open over it */
		while (i < n && access(docs[i].path, R_OK) != 0)
			i++;
		if (n && i)
			snprintf(gone, len, _("the document read last is gone from the disk: '%s'"),
			         docs[0].path);
		char *file = i < n ? strdup(docs[i].path) : NULL;
		*in_library = n > 0;
		store_docs_free(docs, n);
		if (i < n)
			return file;
	}
	char sample[PATH_MAX + 32];
	snprintf(sample, sizeof(sample), "%s/doc/sample.txt", datadir);
	if (access(sample, R_OK) != 0)
		snprintf(sample, sizeof(sample), "%s/sample.txt", datadir);
	return strdup(sample);
}

/* The mistakes in the keymap, theme or config, on stderr once the screen is back. */
static void report_mistakes(const struct pz_errors *errs)
{
	for (size_t i = 0; i < errs->count; i++)
		pz_message(stderr, "pizhu: %s\n", errs->msg[i]);
	if (errs->total > errs->count)
		pz_message(stderr, "pizhu: and %zu more mistakes\n", errs->total - errs->count);
}

int app_run(const struct app_options *opt)
{
	struct app a = { .opt = *opt };
	struct pz_errors errs;
	struct config cfg = { 0 };
	char datadir[PATH_MAX], err[512];
	int status = 1;
	session *s = NULL;
	unsigned pending = 0;
	char *file = NULL;
	bool in_library = false, screen = false, ran = false;

	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		pz_message(stderr, "pizhu: the reader needs a terminal; use 'pizhu outline FILE' to"
		                " print a file's outline, or run pizhu in a terminal\n");
		return 1;
	}
	/* this thread answers the keys: short slices, so that a key waking it under load
	 * takes a processor sooner (where the kernel cannot, it runs as before; the
	 * background threads go back to the kernel's slice: priority_background) */
	(void)priority_keys();
	/* no UTF-8 locale (a login over SSH): C.UTF-8 when the terminal shows UTF-8 */
	char assumed[384], why[512];
	if (!term_ensure_utf8(assumed, sizeof(assumed), why, sizeof(why))) {
		pz_message(stderr, "pizhu: %s\n", why);
		return 1;
	}
	pz_errors_init(&errs);
	setup_datadir(datadir, sizeof(datadir));
	config_read(&cfg, &errs);
	a.cfg = cfg;
	setup_types(&a, &cfg);
	config_author(&cfg, a.opt.author, a.author, sizeof(a.author));
	if (!open_store(&a))
		goto out;
	if (a.st)
		store_set_author(a.st, a.author);
	char gone[PATH_MAX + 64];
	if (!(file = first_file(&a, datadir, &in_library, gone, sizeof(gone))))
		goto out;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	/* the document before the terminal: a bad file shows nothing (one found bad only
	 * after its first lines were shown ends the reader with the same message) */
	loader *load = NULL;
	if (!(s = open_session(&a, file, &pending, err, sizeof(err), &load))) {
		pz_message(stderr, "pizhu: %s\n", err);
		goto out;
	}
	if (!(screen = screen_begin(&a))) {
		pz_message(stderr, "pizhu: cannot initialise the terminal (TERM=%s)\n",
		        getenv("TERM") ? getenv("TERM") : "");
		goto out;
	}
	setup_keymap(&a, datadir, opt->keymap ? opt->keymap : cfg.keymap, &cfg, &errs);
	setup_theme(&a, datadir, opt->theme ? opt->theme : cfg.theme, &errs);
	if (!a.km || !a.theme) {
		screen_end();
		screen = false;
		pz_message(stderr, "pizhu: %s\n", pz_strerror(PZ_NOMEM));
		goto out;
	}
	screen_colors(&a);
	if (errs.total) { /* the first mistake where it is, and the key that shows them all */
		char help[64], lead[192];
		a.mistakes = &errs;
		app_keys_for(&a, MODE_GLOBAL, ACT_HELP, help, sizeof(help));
		snprintf(lead, sizeof(lead),
		         ngettext("%zu mistake in the settings, %s shows it",
		                  "%zu mistakes in the settings, %s shows them", errs.total),
		         errs.total, help);
		/* the file under the home directory as ~/...: the line's number stays in sight */
		const char *first = errs.msg[0] ? errs.msg[0] : "";
		size_t hl = app_home_prefix(first);
		app_message(&a, true, "%s: %s%s", lead, hl ? "~" : "", first + hl);
	} else if (*assumed || screen_term_fallback()) /* said once, until the next key */
		app_message(&a, false, "%s%s%s", assumed, *assumed && screen_term_fallback() ? "; " : "",
		            screen_term_fallback() ? screen_term_fallback() : "");
	bool shown = show_session(&a, s, pending, SIZE_MAX, 0, load);
	load = NULL; /* a.s's and a.load's now */
	s = NULL;
	if (!shown) {
		screen_end();
		screen = false;
		pz_message(stderr, "pizhu: %s\n", pz_strerror(PZ_NOMEM));
		goto out;
	}
	if (in_library)
		app_push(&a, &library_view, NULL);
	if (gone[0])
		app_message(&a, true, "%s", gone);
	status = run_loop(&a);
	ran = true;
out:
	/* the views first: the text saves where reading stands */
	while (a.depth)
		view_free(a.stack[--a.depth]);
	if (screen)
		screen_end();
	if (a.failed)
		pz_message(stderr, "pizhu: %s\n", a.message);
	if (ran)
		record_at_exit(&a);
	report_mistakes(&errs);
	loader_free(a.load); /* before the sessions it reads */
	loader_free(load);
	compared(&a);
	/* the record and the text being kept are written whole, the terminal given back
	 * meanwhile */
	enum pz_status kst = keep_free(&a);
	if (kst != PZ_OK)
		pz_message(stderr, "pizhu: cannot keep the text of this draft: %s\n", pz_strerror(kst));
	session_close(a.s);
	session_close(s);
	keymap_free(a.km);
	theme_free(a.theme);
	store_close(a.st);
	free(a.open_next);
	for (size_t i = 0; i < APP_KEPT; i++)
		free(a.kept[i].mem);
	free(file);
	pz_errors_release(&errs);
	return status;
}
