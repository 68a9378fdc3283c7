/* The help screen: generated from the one action table and the live keymap, so it
 * always shows the keys the user really has. */
#include "pizhu/ui/help.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/keymap.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/screen.h"

struct help {
	size_t top;
};

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

static size_t help_count(const struct keymap *km)
{
	char buf[256];
	bool h;
	size_t n = 0;
	while (keymap_help_line(km, n, buf, sizeof(buf), &h))
		n++;
	return n;
}

static void help_draw(struct view *v)
{
	struct help *h = v->priv;
	struct app *a = v->app;
	int top = v->top, left = v->left, height = v->height, width = v->width;
	char buf[512];
	bool heading;
	size_t total = help_count(a->km);
	if (total > (size_t)height && h->top > total - (size_t)height)
		h->top = total - (size_t)height;
	if (total <= (size_t)height)
		h->top = 0;
	int hattr = screen_attr(a, TE_HELP_HEADING), kattr = screen_attr(a, TE_HELP_KEY),
	    tattr = screen_attr(a, TE_HELP_TEXT);
	for (int y = 0; y < height; y++) {
		if (!keymap_help_line(a->km, h->top + (size_t)y, buf, sizeof(buf), &heading))
			break;
		if (heading) {
			screen_put(top + y, left + 1, width - 1, buf, 0, strlen(buf), hattr);
			continue;
		}
		size_t keys = strlen(buf);
		const char *gap = strstr(buf, "  ");
		if (gap)
			keys = (size_t)(gap - buf);
		screen_put(top + y, left + 2, width - 2, buf, 0, keys, kattr);
		if (keys < strlen(buf) && width > 28)
			screen_put(top + y, left + 2 + 24, width - 26, buf, keys + strspn(buf + keys, " "),
			           strlen(buf), tattr);
	}
}

/* r->arg lines down (negative: up), a page, half of one (VIEW_PAGE, ...), the first or
 * the last. */
static int scroll_by(struct view *v, const struct request *r)
{
	struct help *h = v->priv;
	size_t page = v->app->rows > 2 ? (size_t)v->app->rows - 2 : 1;
	int by = r->arg < 0 ? -r->arg : r->arg;
	size_t n = by == VIEW_PAGE ? page : by == VIEW_HALF_PAGE ? page / 2 : (size_t)by;
	if (r->arg == VIEW_FIRST)
		h->top = 0;
	else if (r->arg == VIEW_LAST)
		h->top = (size_t)-1 / 2; /* drawing brings it back to the last page */
	else if (r->arg > 0)
		h->top += n;
	else
		h->top = h->top > n ? h->top - n : 0;
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
