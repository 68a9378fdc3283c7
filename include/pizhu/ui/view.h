/* A view: a pane or a screen of the reader that owns its state behind a private pointer
 * and has a lifecycle (tig's view_ops): opened over the view that opened it, drawn,
 * given the requests its keys make, closed. Views stand in a stack (app.h); a view made
 * of others (split.h) passes the keys to the one that has the focus. Adding a view is a
 * new file with its view_ops: nothing in the application changes. */
#ifndef PIZHU_UI_VIEW_H
#define PIZHU_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/action.h"
#include "pizhu/key.h"
#include "pizhu/keymap.h"

struct app;
struct view;

/* What a handler returns; only the main loop redraws. */
enum {
	VIEW_IGNORED = 0,
	VIEW_HANDLED = 1,
	VIEW_REDRAW = 2,
	VIEW_QUIT = 4,
};

/* A key, looked up once in the focused view's mode. */
struct request {
	enum action act;      /* ACT_NONE: the mode binds the key to nothing (a prompt's text) */
	int arg;              /* the handler's argument from its table entry */
	struct key key;       /* the key itself */
};

/* An entry of a view's action table: the function an action runs there, and an
 * argument, so that one function serves several actions (a line or a page down). */
struct view_action {
	int (*fn)(struct view *v, const struct request *r);
	int arg;
};

/* Where a view draws. */
enum view_place {
	VIEW_BODY,            /* the screen above the status line, over the views beneath */
	VIEW_STATUS,          /* the status line (a prompt); the views beneath still show */
};

/* What changed in the session, for the views that keep something derived from it. */
enum view_change {
	VIEW_OUTLINE = 1,     /* the full outline replaced the paragraphs-only one */
	VIEW_TEXT = 2,        /* the whole text replaced the file's first lines (and a new
	                         outline, paragraphs only); offsets into the part hold */
	VIEW_TEXT_OTHER = 4,  /* the same, but the whole turned out another text: from the
	                         top */
};

struct view_ops {
	const char *name;
	enum mode mode;                       /* the keymap mode of its keys */
	enum view_place place;
	/* Its actions, indexed by enum action (a table with designated initialisers); an
	 * action with no entry goes to the view that holds it (a split), then to the
	 * application's own table (app.c). NULL: none of its own. */
	const struct view_action *actions;
	/* A key its mode binds to nothing (r->act is ACT_NONE): a prompt's typed text. */
	int (*text)(struct view *v, const struct request *r);
	/* Makes v->priv from arg (whatever the view documents); false when it cannot open,
	 * having said why (app_message). */
	bool (*open)(struct view *v, const void *arg);
	/* Frees v->priv. */
	void (*done)(struct view *v);
	/* Draws within v->top, left, height, width (never past them). */
	void (*draw)(struct view *v);
	/* True when draw sets every cell of the view at every draw (blanks included): the
	 * screen is then not cleared before it, and rows it kept need not be drawn again. */
	bool opaque;
	/* Optional: by how many rows what it shows moved up since it was last drawn
	 * (negative: down) when nothing else changed in it, and the cells it covers in *top,
	 * *left, *height, *width; 0 when it did not move, or not only that. Asked before a
	 * draw, so that the terminal scrolls those cells itself (screen_scroll) and the draw
	 * costs only what is new; a wrong answer costs bytes, never a wrong screen. */
	int (*scrolled)(struct view *v, int *top, int *left, int *height, int *width);
	/* Optional: the geometry changed (before the next draw). */
	void (*resize)(struct view *v);
	/* Optional: the session changed (enum view_change). */
	void (*changed)(struct view *v, unsigned what);
	/* Optional, for a view made of others: the one that has the focus (keys go there),
	 * and child i (NULL past the last). */
	struct view *(*focus)(struct view *v);
	struct view *(*child)(struct view *v, size_t i);
	/* Optional: what the status line says while the view is shown: the left part into
	 * buf, the percentage read into *percent; false: ask the view beneath. */
	bool (*status)(struct view *v, char *buf, size_t len, int *percent);
	/* Optional: a mouse event at y, x (screen cells) with curses' button state. */
	int (*mouse)(struct view *v, int y, int x, unsigned long buttons);
	/* Optional: the document it shows, when it has its own (two drafts side by side);
	 * without it a view works on its opener's (view_session). */
	struct session *(*session)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	struct view *parent;                  /* the view that opened it (NULL for the first) */
	void *priv;                           /* its own state, the ops' business */
	int top, left, height, width;         /* where it was last laid out */
};

/* Makes a view of ops opened over parent (may be NULL) with arg; NULL when it cannot
 * open (it said why) or out of memory. Owned: view_free. Used by app_push and by views
 * made of others. */
struct view *view_new(struct app *a, const struct view_ops *ops, struct view *parent,
                      const void *arg);

/* Calls done and frees v; NULL is fine. */
void view_free(struct view *v);

/* The document v works on: its own (the session hook), else that of the view that
 * opened it (a prompt or a list opened from a text works on that text's), else the
 * application's. Borrowed. */
struct session *view_session(struct view *v);

/* Gives v its geometry (calling resize when it changed). */
void view_place(struct view *v, int top, int left, int height, int width);

/* Whether v has the focus within the view that holds it (a pane of a split); true for
 * a view on its own. */
bool view_has_focus(const struct view *v);

/* The arguments of a list's moves (view_list_move): so many entries down (negative:
 * up), or a page, half a page, the first or the last entry. */
enum {
	VIEW_PAGE = 1 << 20,
	VIEW_HALF_PAGE = 1 << 21,
	VIEW_FIRST = 1 << 22,
	VIEW_LAST = 1 << 23,
};

/* Where a list's selection goes from sel, among n entries of which page fit a screen,
 * by move (see above; half a page is page / 2 + 1). */
size_t view_list_move(size_t sel, size_t n, size_t page, int move);

/* The first entry a list shows so that its selection sel is among the rows shown,
 * moving top as little as it must. */
size_t view_list_top(size_t sel, size_t top, size_t rows);

/* A handler that does nothing but keep the action from the views beneath and the
 * application (nothing else acts behind the help). */
int view_swallow(struct view *v, const struct request *r);

/* A page of text scrolled by a scroll action's arg (rows down, negative up, VIEW_PAGE,
 * VIEW_HALF_PAGE, VIEW_FIRST, VIEW_LAST), page rows at a time: the new first row. After
 * VIEW_LAST it is far beyond the end, and drawing brings it back to the last page. */
size_t view_scroll_top(size_t top, size_t page, int arg);

/* A handler that closes v (its q, Esc), back to the view beneath. */
int view_leave(struct view *v, const struct request *r);

/* The handler of act in v's table, or NULL. */
const struct view_action *view_action_of(const struct view *v, enum action act);

#endif
