/* The help screen: generated from the one action table and the live keymap, so it
 * always shows the keys the user really has; its long lines wrapped as the text pane
 * wraps (layout.c: Chinese line breaking), never cut. */
#include "pizhu/ui/help.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/i18n.h"
#include "pizhu/keymap.h"
#include "pizhu/layout.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/screen.h"

#define TEXT_COL 26     /* where the help texts start, right of the keys */
#define TEXT_MIN 20     /* narrower than this beside the keys: under them instead */
#define UNDER_COL 6     /* where they start under the keys */

struct help {
	size_t top;         /* the first row shown */
};

/* What a walk over the help's rows does with the rows from top on. */
struct help_walk {
	struct view *v;
	size_t top;
	bool draw;
	size_t row;         /* rows walked so far */
	struct layout_rows r;
	int hattr, kattr, tattr;
};

/* Row w->row is y on screen when drawing and shown: its y, else -1. */
static int shown_y(const struct help_walk *w)
{
	if (!w->draw || w->row < w->top || w->row - w->top >= (size_t)w->v->height)
		return -1;
	return w->v->top + (int)(w->row - w->top);
}

/* s[start, end) wrapped to the width right of column x, one row after another from
 * the current one; the first row shares it with what stands left of x (first_row). */
static void wrapped(struct help_walk *w, const char *s, size_t start, size_t end, int x,
                    int attr)
{
	int width = w->v->width - x;
	if (width < 1 || start >= end) {
		w->row++;
		return;
	}
	if (layout_wrap(s, start, end, (unsigned)width, NULL, &w->r) != PZ_OK) {
		w->row++;
		return;
	}
	for (size_t i = 0; i < w->r.count; i++, w->row++) {
		int y = shown_y(w);
		if (y >= 0)
			screen_put(y, w->v->left + x, width, s, w->r.row[i].start, w->r.row[i].end, attr);
	}
}

/* Walks every row of the help at the view's width; draws those from w->top on when
 * w->draw. Returns how many rows there are. */
static size_t walk(struct help_walk *w)
{
	struct view *v = w->v;
	char buf[512];
	bool heading;
	w->row = 0;
	/* the mistakes in the settings first, each whole: the status line had room for one */
	const struct pz_errors *e = v->app->mistakes;
	if (e && e->total) {
		const char *head = _("Mistakes in the settings (the defaults are used in their place)");
		wrapped(w, head, 0, strlen(head), 1, w->hattr);
		for (size_t i = 0; i < e->count; i++) {
			if (!e->msg[i])
				continue;
			/* the file under the home directory as ~/..., as on the status line */
			size_t hl = app_home_prefix(e->msg[i]);
			char *m = malloc(strlen(e->msg[i]) + 2);
			if (m)
				snprintf(m, strlen(e->msg[i]) + 2, "%s%s", hl ? "~" : "", e->msg[i] + hl);
			const char *shown = m ? m : e->msg[i];
			wrapped(w, shown, 0, strlen(shown), 2, w->tattr);
			free(m);
		}
		if (e->total > e->count) {
			snprintf(buf, sizeof(buf), ngettext("and %zu more mistake", "and %zu more mistakes",
			                                    e->total - e->count), e->total - e->count);
			wrapped(w, buf, 0, strlen(buf), 2, w->tattr);
		}
		w->row++; /* a blank row before the keys */
	}
	/* the texts beside the keys when that leaves them room, else under them */
	int tx = v->width >= TEXT_COL + TEXT_MIN ? TEXT_COL : UNDER_COL;
	for (size_t n = 0; keymap_help_line(v->app->km, n, buf, sizeof(buf), &heading); n++) {
		size_t len = strlen(buf);
		if (heading || !len) {
			wrapped(w, buf, 0, len, 1, w->hattr);
			continue;
		}
		size_t keys = len;
		const char *gap = strstr(buf, "  ");
		if (gap)
			keys = (size_t)(gap - buf);
		size_t text = keys + strspn(buf + keys, " ");
		int y = shown_y(w);
		if (y >= 0)
			screen_put_cut(y, v->left + 2, v->width - 2, buf, 0, keys, w->kattr);
		/* the keys' own row, unless the text starts beside them */
		if (text >= len || tx != TEXT_COL || 2 + layout_cells(buf, 0, keys) + 1 > (size_t)tx)
			w->row++;
		if (text < len)
			wrapped(w, buf, text, len, tx, w->tattr);
	}
	return w->row;
}

static bool help_open(struct view *v, const void *arg)
{
	(void)arg;
	if (!(v->priv = calloc(1, sizeof(struct help)))) {
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	return true;
}

static void help_done(struct view *v)
{
	free(v->priv);
}

static void help_draw(struct view *v)
{
	struct help *h = v->priv;
	struct app *a = v->app;
	if (v->width < 1 || v->height < 1)
		return;
	struct help_walk w = { .v = v };
	layout_rows_init(&w.r);
	size_t total = walk(&w); /* counts only */
	size_t height = (size_t)v->height;
	if (total > height && h->top > total - height)
		h->top = total - height;
	if (total <= height)
		h->top = 0;
	w.top = h->top;
	w.draw = true;
	w.hattr = screen_attr(a, TE_HELP_HEADING);
	w.kattr = screen_attr(a, TE_HELP_KEY);
	w.tattr = screen_attr(a, TE_HELP_TEXT);
	walk(&w);
	layout_rows_release(&w.r);
}

/* r->arg lines down (negative: up), a page, half of one (VIEW_PAGE, ...), the first or
 * the last. */
static int scroll_by(struct view *v, const struct request *r)
{
	struct help *h = v->priv;
	h->top = view_scroll_top(h->top, v->app->rows > 2 ? (size_t)v->app->rows - 2 : 1, r->arg);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static const struct view_action help_actions[ACT_COUNT] = {
	[ACT_CLOSE] = { view_leave, 0 },
	[ACT_HELP] = { view_leave, 0 },
	[ACT_QUIT] = { view_leave, 0 },
	[ACT_LINE_DOWN] = { scroll_by, 1 },
	[ACT_LINE_UP] = { scroll_by, -1 },
	[ACT_PAGE_DOWN] = { scroll_by, VIEW_PAGE },
	[ACT_PAGE_UP] = { scroll_by, -VIEW_PAGE },
	[ACT_HALF_PAGE_DOWN] = { scroll_by, VIEW_HALF_PAGE },
	[ACT_HALF_PAGE_UP] = { scroll_by, -VIEW_HALF_PAGE },
	[ACT_TOP] = { scroll_by, VIEW_FIRST },
	[ACT_BOTTOM] = { scroll_by, VIEW_LAST },
	[ACT_LIBRARY] = { view_swallow, 0 },
	[ACT_TAG_LIST] = { view_swallow, 0 },
	[ACT_EXPORT] = { view_swallow, 0 },
	[ACT_UNDO] = { view_swallow, 0 },
	[ACT_REDO] = { view_swallow, 0 },
};

const struct view_ops help_view = {
	.name = "help",
	.mode = MODE_HELP,
	.place = VIEW_BODY,
	.actions = help_actions,
	.open = help_open,
	.done = help_done,
	.draw = help_draw,
};
