/* The library: every document opened before, most recent first, with its path and
 * where reading stopped; Enter opens one. */
#include "pizhu/ui/library.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pizhu/i18n.h"
#include "pizhu/store.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/screen.h"

struct library {
	struct store_doc *docs;
	size_t n, sel, top;
};

static bool library_open(struct view *v, const void *arg)
{
	(void)arg;
	struct library *l = calloc(1, sizeof(*l));
	if (!l || !v->app->st || store_library(v->app->st, &l->docs, &l->n) != PZ_OK || !l->n) {
		if (l)
			store_docs_free(l->docs, l->n);
		free(l);
		app_message(v->app, true, "the library is empty or cannot be read");
		return false;
	}
	v->priv = l;
	return true;
}

static void library_done(struct view *v)
{
	struct library *l = v->priv;
	store_docs_free(l->docs, l->n);
	free(l);
}

static void library_draw(struct view *v)
{
	struct library *l = v->priv;
	struct app *a = v->app;
	int top = v->top, left = v->left, width = v->width;
	char head[256], ko[2 * KEY_NAME_MAX], kq[2 * KEY_NAME_MAX];
	snprintf(head, sizeof(head), _("Documents read before (%s opens, %s goes back)"),
	         app_keys_for(a, MODE_LIBRARY, ACT_OPEN, ko, sizeof(ko)),
	         app_keys_for(a, MODE_LIBRARY, ACT_CLOSE, kq, sizeof(kq)));
	screen_put(top, left + 1, width - 1, head, 0, strlen(head), screen_attr(a, TE_HELP_HEADING));
	int rows = v->height - 1;
	if (rows < 1)
		return;
	l->top = view_list_top(l->sel, l->top, (size_t)rows);
	for (int y = 0; y < rows && l->top + (size_t)y < l->n; y++) {
		size_t i = l->top + (size_t)y;
		const struct store_doc *d = &l->docs[i];
		int attr = screen_attr(a, i == l->sel ? TE_LIBRARY_SELECTED : TE_LIBRARY_NORMAL);
		screen_fill(top + 1 + y, left, width, attr);
		char when[32] = "", line[1024];
		time_t t = (time_t)(d->last_opened / 1000);
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		int pct = d->length > 0 ? (int)(d->position * 100 / d->length) : 0;
		int n = snprintf(line, sizeof(line), "%s %3d%%  %s  %s", when, pct, d->title, d->path);
		screen_put(top + 1 + y, left + 1, width - 1, line, 0, n > 0 ? (size_t)n : 0, attr);
	}
}

/* The selection moved (r->arg: view_list_move's). */
static int move_sel(struct view *v, const struct request *r)
{
	struct library *l = v->priv;
	l->sel = view_list_move(l->sel, l->n, 1, r->arg);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Enter: the document selected, in place of the one shown (which it may be). */
static int open_document(struct view *v, const struct request *r)
{
	struct library *l = v->priv;
	const char *shown = session_abspath(v->app->s);
	if (shown && !strcmp(l->docs[l->sel].path, shown))
		return view_leave(v, r);
	app_open_next(v->app, l->docs[l->sel].path);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static const struct view_action library_actions[ACT_COUNT] = {
	[ACT_LINE_DOWN] = { move_sel, 1 },
	[ACT_LINE_UP] = { move_sel, -1 },
	[ACT_TOP] = { move_sel, VIEW_FIRST },
	[ACT_BOTTOM] = { move_sel, VIEW_LAST },
	[ACT_OPEN] = { open_document, 0 },
	[ACT_JUMP] = { open_document, 0 },
	[ACT_CLOSE] = { view_leave, 0 },
	[ACT_LIBRARY] = { view_leave, 0 },
	[ACT_HELP] = { view_swallow, 0 },
	[ACT_TAG_LIST] = { view_swallow, 0 },
	[ACT_EXPORT] = { view_swallow, 0 },
	[ACT_UNDO] = { view_swallow, 0 },
	[ACT_REDO] = { view_swallow, 0 },
};

const struct view_ops library_view = {
	.name = "library",
	.mode = MODE_LIBRARY,
	.place = VIEW_BODY,
	.actions = library_actions,
	.open = library_open,
	.done = library_done,
	.draw = library_draw,
};
