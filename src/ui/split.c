/* Two panes side by side; the left one (the tree) narrower, its width following the
 * terminal's (page_tree_width), hideable, resizable; it gives way on a narrow terminal. */
#include "pizhu/ui/split.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/page.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/screen.h"

#define LEFT_MIN 12     /* cells: narrower than this, the left pane is not shown */
#define LEFT_STEP 4     /* wider, narrower */

struct split {
	struct view *left, *right;
	bool left_shown;    /* t: on a terminal wider than PAGE_TREE_HIDDEN_AT */
	bool narrow_shown;  /* t: on one as narrow or narrower (hidden at first) */
	bool focus_left;
	int left_delta;     /* cells wider (negative: narrower) than page_tree_width's */
};

static bool split_open(struct view *v, const void *arg)
{
	const struct split_arg *sa = arg;
	struct split *p = calloc(1, sizeof(*p));
	if (!p) {
		app_message(v->app, true, "out of memory");
		return false;
	}
	v->priv = p;
	p->left_shown = true;
	if (!(p->left = view_new(v->app, sa->left, v, sa->left_arg)) ||
	    !(p->right = view_new(v->app, sa->right, v, sa->right_arg))) {
		view_free(p->left);
		free(p);
		return false;
	}
	return true;
}

static void split_done(struct view *v)
{
	struct split *p = v->priv;
	/* the right one first: the text saves where reading stands */
	view_free(p->right);
	view_free(p->left);
	free(p);
}

static bool narrow(const struct view *v)
{
	return v->width <= PAGE_TREE_HIDDEN_AT;
}

/* The width the left pane is drawn at: 0 when hidden or when there is no room. */
static int left_cells(const struct view *v)
{
	const struct split *p = v->priv;
	if (narrow(v)) /* shown there only when asked for: half the width, if that is room */
		return p->narrow_shown && v->width / 2 >= LEFT_MIN ? v->width / 2 : 0;
	return p->left_shown ? page_tree_width(v->width, p->left_delta) : 0;
}

static void split_resize(struct view *v)
{
	struct split *p = v->priv;
	int lw = left_cells(v);
	if (lw > 0) {
		view_place(p->left, v->top, v->left, v->height, lw);
		view_place(p->right, v->top, v->left + lw + 1, v->height, v->width - lw - 1);
	} else {
		view_place(p->right, v->top, v->left, v->height, v->width);
	}
}

static void split_draw(struct view *v)
{
	struct split *p = v->priv;
	split_resize(v); /* a pane shown, hidden or resized since */
	int lw = left_cells(v);
	if (lw > 0) {
		p->left->ops->draw(p->left);
		/* the rule where the screen does not hold it already: a row written over,
		 * even with the same cells, is compared whole by curses */
		int attr = screen_attr(v->app, TE_SEPARATOR);
		uint64_t sig = 0x72756c6500000000ULL ^ (uint64_t)(unsigned)attr;
		for (int y = 0; y < v->height; y++)
			if (!screen_row_kept(v->top + y, v->left + lw, 1, sig)) {
				screen_put(v->top + y, v->left + lw, 1, "│", 0, strlen("│"), attr);
				screen_row_drawn(v->top + y, v->left + lw, 1, sig);
			}
	}
	p->right->ops->draw(p->right);
}

/* The panes' scrolling: the text's (the tree moves with it only where it must). */
static int split_scrolled(struct view *v, int *top, int *left, int *height, int *width)
{
	struct split *p = v->priv;
	int n = p->right->ops->scrolled
	            ? p->right->ops->scrolled(p->right, top, left, height, width)
	            : 0;
	if (!n && left_cells(v) > 0 && p->left->ops->scrolled)
		n = p->left->ops->scrolled(p->left, top, left, height, width);
	return n;
}

static struct view *split_focus(struct view *v)
{
	struct split *p = v->priv;
	return p->focus_left && left_cells(v) > 0 ? p->left : p->right;
}

static struct view *split_child(struct view *v, size_t i)
{
	struct split *p = v->priv;
	return i == 0 ? p->left : i == 1 ? p->right : NULL;
}

static bool split_status(struct view *v, char *buf, size_t len, int *percent)
{
	struct view *f = split_focus(v), *o = f == split_child(v, 0) ? split_child(v, 1)
	                                                         : split_child(v, 0);
	return (f->ops->status && f->ops->status(f, buf, len, percent)) ||
	       (o->ops->status && o->ops->status(o, buf, len, percent));
}

/* The pane under y, x, the other one first when the pointer is between them. */
static int split_mouse(struct view *v, int y, int x, unsigned long buttons)
{
	struct split *p = v->priv;
	struct view *under = left_cells(v) > 0 && x < v->left + left_cells(v) ? p->left : p->right;
	struct view *other = under == p->left ? p->right : p->left;
	int f = under->ops->mouse ? under->ops->mouse(under, y, x, buttons) : VIEW_IGNORED;
	if (f != VIEW_IGNORED) {
		if (buttons & BUTTON1_CLICKED) /* a click gives the pane the focus */
			p->focus_left = under == p->left;
		return f;
	}
	return other->ops->mouse ? other->ops->mouse(other, y, x, buttons) : VIEW_IGNORED;
}

static int focus_next(struct view *v, const struct request *r)
{
	(void)r;
	struct split *p = v->priv;
	if (left_cells(v) > 0)
		p->focus_left = !p->focus_left;
	return VIEW_REDRAW;
}

static int toggle_left(struct view *v, const struct request *r)
{
	(void)r;
	struct split *p = v->priv;
	if (narrow(v))
		p->narrow_shown = !p->narrow_shown;
	else
		p->left_shown = !p->left_shown;
	p->focus_left = left_cells(v) > 0 && p->focus_left;
	return VIEW_REDRAW;
}

/* r->arg cells wider (negative: narrower). */
static int widen_left(struct view *v, const struct request *r)
{
	struct split *p = v->priv;
	int before = page_tree_width(v->width, p->left_delta);
	p->left_delta += r->arg;
	/* no further than the width allows: the next step back is felt at once */
	int w = page_tree_width(v->width, p->left_delta);
	if (w == before)
		p->left_delta -= r->arg;
	else if (w - before != r->arg)
		p->left_delta += w - before - r->arg;
	return VIEW_REDRAW;
}

/* An action that works from either pane: run by the one that has it. */
static int either_pane(struct view *v, const struct request *r)
{
	struct split *p = v->priv;
	struct view *panes[] = { split_focus(v), split_focus(v) == p->left ? p->right : p->left };
	for (int i = 0; i < 2; i++) {
		const struct view_action *e = view_action_of(panes[i], r->act);
		if (e) {
			struct request rr = *r;
			rr.arg = e->arg;
			return e->fn(panes[i], &rr);
		}
	}
	return VIEW_IGNORED;
}

static const struct view_action split_actions[ACT_COUNT] = {
	[ACT_FOCUS_NEXT] = { focus_next, 0 },
	[ACT_TOGGLE_TREE] = { toggle_left, 0 },
	[ACT_TREE_WIDER] = { widen_left, LEFT_STEP },
	[ACT_TREE_NARROWER] = { widen_left, -LEFT_STEP },
	/* going somewhere in the document works from either pane */
	[ACT_SEARCH_FORWARD] = { either_pane, 0 },
	[ACT_SEARCH_BACKWARD] = { either_pane, 0 },
	[ACT_GOTO_LINE] = { either_pane, 0 },
	[ACT_GOTO_PERCENT] = { either_pane, 0 },
};

const struct view_ops split_view = {
	.name = "panes",
	.mode = MODE_GLOBAL,
	.place = VIEW_BODY,
	.actions = split_actions,
	.open = split_open,
	.done = split_done,
	.draw = split_draw,
	.opaque = true, /* its panes are, and the rule between them is drawn every time */
	.scrolled = split_scrolled,
	.resize = split_resize,
	.focus = split_focus,
	.child = split_child,
	.status = split_status,
	.mouse = split_mouse,
};
