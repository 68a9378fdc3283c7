/* What every view shares: being made, placed and freed the same way, whatever its
 * kind (the kinds are their own files: text.c, tree.c, help.c, ...). */
#include "pizhu/ui/view.h"

#include <stdlib.h>

#include "pizhu/ui/app.h"

struct view *view_new(struct app *a, const struct view_ops *ops, struct view *parent,
                      const void *arg)
{
	struct view *v = calloc(1, sizeof(*v));
	if (!v) {
		app_message(a, true, "out of memory");
		return NULL;
	}
	v->ops = ops;
	v->app = a;
	v->parent = parent;
	if (ops->open && !ops->open(v, arg)) {
		free(v);
		return NULL;
	}
	return v;
}

void view_free(struct view *v)
{
	if (!v)
		return;
	if (v->ops->done)
		v->ops->done(v);
	free(v);
}

struct session *view_session(struct view *v)
{
	struct app *a = v->app;
	for (; v; v = v->parent)
		if (v->ops->session)
			return v->ops->session(v);
	return a->s;
}

void view_place(struct view *v, int top, int left, int height, int width)
{
	bool moved = v->top != top || v->left != left || v->height != height || v->width != width;
	v->top = top;
	v->left = left;
	v->height = height;
	v->width = width;
	if (moved && v->ops->resize)
		v->ops->resize(v);
}

bool view_has_focus(const struct view *v)
{
	const struct view *h = v->parent;
	return !h || !h->ops->focus || h->ops->focus((struct view *)h) == v;
}

size_t view_list_move(size_t sel, size_t n, size_t page, int move)
{
	size_t last = n ? n - 1 : 0;
	int by = move < 0 ? -move : move;
	size_t steps = by == VIEW_PAGE ? page : by == VIEW_HALF_PAGE ? page / 2 + 1 : (size_t)by;
	if (move == VIEW_FIRST)
		return 0;
	if (move == VIEW_LAST)
		return last;
	if (move > 0)
		return sel + steps < last ? sel + steps : last;
	return sel > steps ? sel - steps : 0;
}

size_t view_list_top(size_t sel, size_t top, size_t rows)
{
	if (sel < top)
		return sel;
	return sel >= top + rows ? sel - rows + 1 : top;
}

int view_swallow(struct view *v, const struct request *r)
{
	(void)v, (void)r;
	return VIEW_HANDLED;
}

size_t view_scroll_top(size_t top, size_t page, int arg)
{
	int by = arg < 0 ? -arg : arg;
	size_t n = by == VIEW_PAGE ? page : by == VIEW_HALF_PAGE ? page / 2 : (size_t)by;
	if (arg == VIEW_FIRST)
		return 0;
	if (arg == VIEW_LAST)
		return (size_t)-1 / 2;
	if (arg > 0)
		return top + n;
	return top > n ? top - n : 0;
}

int view_leave(struct view *v, const struct request *r)
{
	(void)r;
	app_close(v->app, v);
	return VIEW_HANDLED | VIEW_REDRAW;
}

const struct view_action *view_action_of(const struct view *v, enum action act)
{
	if (!v->ops->actions || (unsigned)act >= ACT_COUNT || act == ACT_NONE)
		return NULL;
	const struct view_action *e = &v->ops->actions[act];
	return e->fn ? e : NULL;
}
