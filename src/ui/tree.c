/* The tree pane: every speech, section and point with its marker and title,
 * indented by depth and foldable; the node holding the top of the text is marked as
 * the text scrolls. */
#include "pizhu/ui/tree.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/i18n.h"
#include "pizhu/layout.h"
#include "pizhu/outline.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/screen.h"
#include "pizhu/ui/text.h"

#define DEFAULT_LEVEL 2

struct tree {
	const outline *o;
	bool *open;                    /* per node: children shown */
	size_t *visible;               /* indices of the nodes shown, in order */
	size_t nvisible;
	size_t sel, top;
	struct tree_arg arg;           /* a count of its own per node (a review's changes) */
};

static bool has_children(const struct tree *t, size_t i)
{
	return i + 1 < outline_node_count(t->o) && outline_node_at(t->o, i + 1)->parent == i &&
	       outline_node_at(t->o, i + 1)->kind != OUTLINE_SPEECH;
}

static void open_to_level(struct tree *t, int level)
{
	for (size_t i = 0; i < outline_node_count(t->o); i++)
		t->open[i] = outline_node_at(t->o, i)->depth < level;
}

/* The list of shown nodes after a fold changed; the selection stays on its node, or
 * its nearest shown ancestor. */
static void refold(struct tree *t)
{
	size_t n = outline_node_count(t->o), k = 0;
	int hide_below = -1; /* depth of a closed node whose descendants are hidden */
	size_t keep = t->nvisible ? t->visible[t->sel < t->nvisible ? t->sel : 0] : 0;
	for (size_t i = 0; i < n; i++) {
		int depth = outline_node_at(t->o, i)->depth;
		if (hide_below >= 0 && depth > hide_below)
			continue;
		hide_below = t->open[i] ? -1 : depth;
		t->visible[k++] = i;
	}
	t->nvisible = k;
	t->sel = 0;
	for (size_t i = 0; i < k; i++)
		if (t->visible[i] <= keep)
			t->sel = i;
}

/* The fold state of the session's outline: speeches and first levels open. */
static bool build(struct view *v, struct tree *t)
{
	t->o = session_outline(view_session(v));
	size_t n = outline_node_count(t->o);
	free(t->open);
	free(t->visible);
	t->open = calloc(n + 1, sizeof(*t->open));
	t->visible = calloc(n + 1, sizeof(*t->visible));
	if (!t->open || !t->visible)
		return false;
	t->nvisible = t->sel = t->top = 0;
	open_to_level(t, DEFAULT_LEVEL);
	refold(t);
	return true;
}

static void tree_free(struct tree *t)
{
	free(t->open);
	free(t->visible);
	free(t);
}

static bool tree_open(struct view *v, const void *arg)
{
	struct tree *t = calloc(1, sizeof(*t));
	if (t && arg)
		t->arg = *(const struct tree_arg *)arg;
	if (!t || !build(v, t)) {
		if (t)
			tree_free(t);
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	v->priv = t;
	return true;
}

static void tree_done(struct view *v)
{
	tree_free(v->priv);
}

static void tree_changed(struct view *v, unsigned what)
{
	if ((what & (VIEW_OUTLINE | VIEW_TEXT | VIEW_TEXT_OTHER)) && !build(v, v->priv))
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
}

/* The shown row of node i, or of its nearest shown ancestor. */
static size_t shown_index(const struct tree *t, size_t node)
{
	size_t best = 0;
	for (size_t i = 0; i < t->nvisible && t->visible[i] <= node; i++)
		best = i;
	return best;
}

/* The text it stands beside: its sibling in the view that holds it, else the first. */
static struct view *beside(struct view *v)
{
	struct view *c;
	if (v->parent && v->parent->ops->child)
		for (size_t i = 0; (c = v->parent->ops->child(v->parent, i)); i++)
			if (c->ops == &text_view)
				return c;
	return app_find(v->app, &text_view);
}

/* The node at the top of the text beside. */
static size_t current(struct view *v)
{
	struct view *tv = beside(v);
	return tv ? text_current_node(tv) : 0;
}

/* What decides a row's cells besides its place: the node, its fold, its tags, the text and
 * the theme (FNV-1a). */
static uint64_t row_sig(const struct tree *t, const char *text, size_t i, bool selected, int attr,
                        int marker_attr, int size_attr, int tags_attr, size_t ntags)
{
	const void *o = t->o;
	bool open = t->open[i];
	const struct { const void *v; size_t n; } part[] = {
		{ &o, sizeof(o) }, { &text, sizeof(text) }, { &i, sizeof(i) },
		{ &selected, sizeof(selected) }, { &open, sizeof(open) }, { &attr, sizeof(attr) },
		{ &marker_attr, sizeof(marker_attr) }, { &size_attr, sizeof(size_attr) },
		{ &tags_attr, sizeof(tags_attr) }, { &ntags, sizeof(ntags) },
	};
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t k = 0; k < sizeof(part) / sizeof(part[0]); k++)
		for (size_t b = 0; b < part[k].n; b++)
			h = (h ^ ((const unsigned char *)part[k].v)[b]) * 0x100000001b3ULL;
	return h;
}

static void tree_draw(struct view *v)
{
	struct tree *t = v->priv;
	struct app *a = v->app;
	int top = v->top, left = v->left, height = v->height, width = v->width;
	if (!t->nvisible || width < 2) { /* every cell drawn all the same: tree_view is opaque */
		for (int y = 0; y < height; y++)
			screen_fill(top + y, left, width, A_NORMAL);
		return;
	}
	session *s = view_session(v);
	if (!session_outline_complete(s)) { /* a large file's, built apart (loader.h) */
		const char *b = _("building…");
		int attr = screen_attr(a, TE_TREE_NORMAL);
		for (int y = 0; y < height; y++) {
			screen_fill(top + y, left, width, y ? (int)A_NORMAL : attr);
			screen_row_drawn(top + y, left, width, 0x6275696c64696e67ULL + (uint64_t)y);
		}
		screen_put(top, left + 1, width - 1, b, 0, strlen(b), attr);
		return;
	}
	const doc *d = session_doc(s);
	const char *text = session_text(s, NULL);
	const tagset *ts = session_tags(s);
	bool focus = view_has_focus(v);
	size_t cur_row = shown_index(t, current(v));
	if (!focus)
		t->sel = cur_row;
	t->top = view_list_top(t->sel, t->top, (size_t)height);
	for (size_t y = t->nvisible - t->top; y < (size_t)height; y++) /* blanks below the last */
		screen_fill(top + (int)y, left, width, A_NORMAL);
	int marker_attr = screen_attr(a, TE_TREE_MARKER), size_attr = screen_attr(a, TE_TREE_SIZE);
	for (int y = 0; y < height && t->top + (size_t)y < t->nvisible; y++) {
		size_t row = t->top + (size_t)y, i = t->visible[row];
		const struct outline_node *nd = outline_node_at(t->o, i);
		bool selected = focus && row == t->sel;
		int attr = screen_attr(a, selected ? TE_TREE_SELECTED
		                                   : row == cur_row ? TE_TREE_CURRENT : TE_TREE_NORMAL);
		size_t ntags = t->arg.count ? t->arg.count(t->arg.data, nd->start, nd->end)
		               : ts ? tagset_count_in(ts, nd->start, nd->end) : 0;
		/* a row the screen still holds is not drawn again (screen_row_kept) */
		int tags_attr = screen_attr(a, t->arg.count ? t->arg.element : TE_TREE_TAGS);
		uint64_t sig = row_sig(t, text, i, selected, attr, marker_attr, size_attr, tags_attr, ntags);
		if (screen_row_kept(top + y, left, width, sig))
			continue;
		/* the row built in pieces, left to right, and written whole */
		screen_row_begin(top + y, left, width, attr);
		int x = left + nd->depth * 2 - 1;
		if (x < left)
			x = left;
		int room = width - (x - left);
		const char *fold = has_children(t, i) ? (t->open[i] ? "▾" : "▸") : " ";
		if (room > 1) {
			screen_row_put(x, 1, fold, 0, strlen(fold), attr);
			x++, room--;
		}
		/* the size in characters, right-aligned, when there is room to spare */
		char size[24];
		size_t chars = doc_char_index(d, nd->end) - doc_char_index(d, nd->start);
		int sl = snprintf(size, sizeof(size), chars >= 10000 ? " %zu万" : " %zu",
		                  chars >= 10000 ? chars / 10000 : chars);
		bool show_size = room > sl + 8 && nd->kind != OUTLINE_SPEECH;
		if (show_size)
			room -= sl;
		/* how many tags it holds (or what the tree was opened to count), before the size */
		char count[24];
		int cl = ntags ? snprintf(count, sizeof(count), " [%zu]", ntags) : 0;
		bool show_count = cl && room > cl + 6;
		if (show_count)
			room -= cl;
		size_t mcells = 0;
		if (nd->marker_len) {
			size_t e = layout_clip(text, nd->start, nd->start + nd->marker_len, (size_t)room, &mcells);
			screen_row_put(x, room, text, nd->start, e,
			               selected ? attr : (marker_attr | (attr & (int)A_BOLD)));
		}
		size_t te = nd->title_end > nd->title_start ? nd->title_end : nd->title_start;
		if (te > nd->title_start)
			screen_row_put_cut(x + (int)mcells, room - (int)mcells, text, nd->title_start, te, attr);
		else if (nd->kind == OUTLINE_SPEECH && !nd->marker_len) {
			const char *untitled = _("(untitled speech)");
			screen_row_put_cut(x, room, untitled, 0, strlen(untitled), attr);
		}
		if (show_count)
			screen_row_put(left + width - (show_size ? sl : 0) - cl, cl, count, 0, (size_t)cl,
			               selected ? attr : tags_attr);
		if (show_size)
			screen_row_put(left + width - sl, sl, size, 0, (size_t)sl, selected ? attr : size_attr);
		screen_row_end();
		screen_row_drawn(top + y, left, width, sig);
	}
}

/* The selection moved (r->arg: view_list_move's). */
static int move_sel(struct view *v, const struct request *r)
{
	struct tree *t = v->priv;
	if (!t->nvisible)
		return VIEW_IGNORED;
	t->sel = view_list_move(t->sel, t->nvisible, v->height > 1 ? (size_t)v->height - 1 : 1, r->arg);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Enter: the text shows the selected node at its top. */
static int jump(struct view *v, const struct request *r)
{
	(void)r;
	struct tree *t = v->priv;
	struct view *tv = beside(v);
	if (!t->nvisible || !tv)
		return VIEW_IGNORED;
	size_t start = outline_node_at(t->o, t->visible[t->sel])->start;
	text_show_offset(tv, start, true);
	text_set_cursor(tv, start);
	return VIEW_HANDLED | VIEW_REDRAW;
}

enum { OPEN, CLOSE, TOGGLE };

/* The selected node opened, closed (or its parent selected) or toggled. */
static int fold(struct view *v, const struct request *r)
{
	struct tree *t = v->priv;
	if (!t->nvisible)
		return VIEW_IGNORED;
	size_t i = t->visible[t->sel];
	if (r->arg == OPEN)
		t->open[i] = true;
	else if (r->arg == TOGGLE)
		t->open[i] = !t->open[i];
	else if (t->open[i] && has_children(t, i))
		t->open[i] = false;
	else if (outline_node_at(t->o, i)->kind != OUTLINE_SPEECH)
		t->sel = shown_index(t, outline_node_at(t->o, i)->parent);
	refold(t);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Every node shown to depth r->arg (1000: all, 0: speeches only). */
static int level(struct view *v, const struct request *r)
{
	struct tree *t = v->priv;
	if (!t->nvisible)
		return VIEW_IGNORED;
	open_to_level(t, r->arg);
	refold(t);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* A click selects the row under it and shows it in the text. */
static int tree_mouse(struct view *v, int y, int x, unsigned long buttons)
{
	(void)x;
	struct tree *t = v->priv;
	if (!(buttons & BUTTON1_CLICKED) || y < v->top || y >= v->top + v->height)
		return VIEW_IGNORED;
	size_t i = t->top + (size_t)(y - v->top);
	if (i >= t->nvisible)
		return VIEW_IGNORED;
	t->sel = i;
	return jump(v, NULL);
}

static const struct view_action tree_actions[ACT_COUNT] = {
	[ACT_LINE_DOWN] = { move_sel, 1 },
	[ACT_LINE_UP] = { move_sel, -1 },
	[ACT_PAGE_DOWN] = { move_sel, VIEW_PAGE },
	[ACT_PAGE_UP] = { move_sel, -VIEW_PAGE },
	[ACT_HALF_PAGE_DOWN] = { move_sel, VIEW_HALF_PAGE },
	[ACT_HALF_PAGE_UP] = { move_sel, -VIEW_HALF_PAGE },
	[ACT_TOP] = { move_sel, VIEW_FIRST },
	[ACT_BOTTOM] = { move_sel, VIEW_LAST },
	[ACT_JUMP] = { jump, 0 },
	[ACT_EXPAND] = { fold, OPEN },
	[ACT_COLLAPSE] = { fold, CLOSE },
	[ACT_TOGGLE_FOLD] = { fold, TOGGLE },
	[ACT_EXPAND_ALL] = { level, 1000 },
	[ACT_COLLAPSE_ALL] = { level, 0 },
	[ACT_LEVEL_1] = { level, 1 },
	[ACT_LEVEL_2] = { level, 2 },
	[ACT_LEVEL_3] = { level, 3 },
};

const struct view_ops tree_view = {
	.name = "tree",
	.mode = MODE_TREE,
	.place = VIEW_BODY,
	.actions = tree_actions,
	.open = tree_open,
	.done = tree_done,
	.draw = tree_draw,
	.opaque = true,
	.changed = tree_changed,
	.mouse = tree_mouse,
};
