/* The tree pane: every speech, section and point with its marker and title,
 * indented by depth and foldable; the node holding the top of the text is marked as
 * the text scrolls. */
#include "pizhu/ui/tree.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/ui/text.h"

#define DEFAULT_LEVEL 2

static bool has_children(const struct app *a, size_t i)
{
	return i + 1 < outline_node_count(session_outline(a->s)) && outline_node_at(session_outline(a->s), i + 1)->parent == i &&
	       outline_node_at(session_outline(a->s), i + 1)->kind != OUTLINE_SPEECH;
}

static void open_to_level(struct app *a, int level)
{
	for (size_t i = 0; i < outline_node_count(session_outline(a->s)); i++)
		a->open[i] = outline_node_at(session_outline(a->s), i)->depth < level;
}

void tree_refresh(struct app *a)
{
	size_t n = outline_node_count(session_outline(a->s)), k = 0;
	int hide_below = -1; /* depth of a closed node whose descendants are hidden */
	size_t keep = a->nvisible ? a->visible[a->tree_sel < a->nvisible ? a->tree_sel : 0] : 0;
	for (size_t i = 0; i < n; i++) {
		int depth = outline_node_at(session_outline(a->s), i)->depth;
		if (hide_below >= 0 && depth > hide_below)
			continue;
		hide_below = a->open[i] ? -1 : depth;
		a->visible[k++] = i;
	}
	a->nvisible = k;
	/* keep the selection on the same node, or its nearest shown ancestor */
	a->tree_sel = 0;
	for (size_t i = 0; i < k; i++)
		if (a->visible[i] <= keep)
			a->tree_sel = i;
}

bool tree_init(struct app *a)
{
	size_t n = outline_node_count(session_outline(a->s));
	a->open = calloc(n + 1, sizeof(*a->open));
	a->visible = calloc(n + 1, sizeof(*a->visible));
	if (!a->open || !a->visible)
		return false;
	a->nvisible = a->tree_sel = a->tree_top = 0;
	open_to_level(a, DEFAULT_LEVEL);
	tree_refresh(a);
	return true;
}

void tree_free(struct app *a)
{
	free(a->open);
	free(a->visible);
	a->open = NULL;
	a->visible = NULL;
	a->nvisible = 0;
}

size_t tree_current(const struct app *a)
{
	size_t n = outline_node_count(session_outline(a->s));
	if (!n)
		return 0;
	size_t off = text_top_offset((struct app *)a);
	size_t lo = 0, hi = n; /* the last node starting at or before off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (outline_node_at(session_outline(a->s), mid)->start <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t i = lo;;) { /* up to the first one whose range holds off */
		const struct outline_node *nd = outline_node_at(session_outline(a->s), i);
		if (nd->end > off || nd->kind == OUTLINE_SPEECH)
			return i;
		i = nd->parent;
	}
}

/* The shown row of node i, or of its nearest shown ancestor. */
static size_t shown_index(const struct app *a, size_t node)
{
	size_t best = 0;
	for (size_t i = 0; i < a->nvisible && a->visible[i] <= node; i++)
		best = i;
	return best;
}

static void tree_draw(struct app *a, int top, int left, int height, int width)
{
	a->tree_height = height;
	if (!a->nvisible || width < 2)
		return;
	size_t cur = tree_current(a), cur_row = shown_index(a, cur);
	if (!a->focus_tree)
		a->tree_sel = cur_row;
	if (a->tree_sel < a->tree_top)
		a->tree_top = a->tree_sel;
	if (a->tree_sel >= a->tree_top + (size_t)height)
		a->tree_top = a->tree_sel - (size_t)height + 1;
	int marker_attr = app_attr(a, TE_TREE_MARKER), size_attr = app_attr(a, TE_TREE_SIZE);
	for (int y = 0; y < height && a->tree_top + (size_t)y < a->nvisible; y++) {
		size_t row = a->tree_top + (size_t)y, i = a->visible[row];
		const struct outline_node *nd = outline_node_at(session_outline(a->s), i);
		int attr = row == cur_row ? app_attr(a, TE_TREE_CURRENT) : app_attr(a, TE_TREE_NORMAL);
		if (a->focus_tree && row == a->tree_sel)
			attr = app_attr(a, TE_TREE_SELECTED);
		bool selected = a->focus_tree && row == a->tree_sel;
		app_fill(top + y, left, width, attr);
		int x = left + nd->depth * 2 - 1;
		if (x < left)
			x = left;
		int room = width - (x - left);
		const char *fold = has_children(a, i) ? (a->open[i] ? "▾" : "▸") : " ";
		if (room > 1) {
			app_put(top + y, x, 1, fold, 0, strlen(fold), attr);
			x++, room--;
		}
		/* the size in characters, right-aligned, when there is room to spare */
		char size[24];
		size_t chars = doc_char_index(session_doc(a->s), nd->end) - doc_char_index(session_doc(a->s), nd->start);
		int sl = snprintf(size, sizeof(size), chars >= 10000 ? " %zu万" : " %zu",
		                  chars >= 10000 ? chars / 10000 : chars);
		bool show_size = room > sl + 8 && nd->kind != OUTLINE_SPEECH;
		if (show_size)
			room -= sl;
		/* how many tags it holds, just before the size */
		char count[24];
		size_t ntags = session_tags(a->s) ? tagset_count_in(session_tags(a->s), nd->start, nd->end) : 0;
		int cl = ntags ? snprintf(count, sizeof(count), " [%zu]", ntags) : 0;
		bool show_count = cl && room > cl + 6;
		if (show_count)
			room -= cl;
		size_t mcells = 0;
		if (nd->marker_len) {
			size_t e = layout_clip(a->text, nd->start, nd->start + nd->marker_len, (size_t)room, &mcells);
			app_put(top + y, x, room, a->text, nd->start, e, selected ? attr : (marker_attr | (attr & (int)A_BOLD)));
		}
		size_t te = nd->title_end > nd->title_start ? nd->title_end : nd->title_start;
		if (te > nd->title_start)
			app_put(top + y, x + (int)mcells, room - (int)mcells, a->text, nd->title_start, te, attr);
		else if (nd->kind == OUTLINE_SPEECH && !nd->marker_len)
			app_put(top + y, x, room, "(untitled speech)", 0, 17, attr);
		if (show_size)
			app_put(top + y, left + width - sl, sl, size, 0, (size_t)sl, selected ? attr : size_attr);
		if (show_count)
			app_put(top + y, left + width - (show_size ? sl : 0) - cl, cl, count, 0, (size_t)cl,
			        selected ? attr : app_attr(a, TE_TREE_TAGS));
	}
}

static int tree_handle(struct app *a, enum action act)
{
	size_t page = a->tree_height > 1 ? (size_t)a->tree_height - 1 : 1;
	if (!a->nvisible)
		return VIEW_IGNORED;
	size_t sel = a->tree_sel, last = a->nvisible - 1, i = a->visible[sel];
	switch (act) {
	case ACT_LINE_DOWN:
		a->tree_sel = sel < last ? sel + 1 : last;
		break;
	case ACT_LINE_UP:
		a->tree_sel = sel > 0 ? sel - 1 : 0;
		break;
	case ACT_PAGE_DOWN:
	case ACT_HALF_PAGE_DOWN:
		a->tree_sel = sel + (act == ACT_PAGE_DOWN ? page : page / 2 + 1);
		if (a->tree_sel > last)
			a->tree_sel = last;
		break;
	case ACT_PAGE_UP:
	case ACT_HALF_PAGE_UP: {
		size_t n = act == ACT_PAGE_UP ? page : page / 2 + 1;
		a->tree_sel = sel > n ? sel - n : 0;
		break;
	}
	case ACT_TOP:
		a->tree_sel = 0;
		break;
	case ACT_BOTTOM:
		a->tree_sel = last;
		break;
	case ACT_JUMP: {
		size_t start = outline_node_at(session_outline(a->s), i)->start;
		text_show_offset(a, start, true);
		text_set_cursor(a, start);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	case ACT_EXPAND:
		a->open[i] = true;
		tree_refresh(a);
		break;
	case ACT_COLLAPSE:
		if (a->open[i] && has_children(a, i)) {
			a->open[i] = false;
			tree_refresh(a);
		} else if (outline_node_at(session_outline(a->s), i)->kind != OUTLINE_SPEECH) {
			a->tree_sel = shown_index(a, outline_node_at(session_outline(a->s), i)->parent);
		}
		break;
	case ACT_TOGGLE_FOLD:
		a->open[i] = !a->open[i];
		tree_refresh(a);
		break;
	case ACT_EXPAND_ALL:
		open_to_level(a, 1000);
		tree_refresh(a);
		break;
	case ACT_COLLAPSE_ALL:
		open_to_level(a, 0);
		tree_refresh(a);
		break;
	case ACT_LEVEL_1:
	case ACT_LEVEL_2:
	case ACT_LEVEL_3:
		open_to_level(a, act == ACT_LEVEL_1 ? 1 : act == ACT_LEVEL_2 ? 2 : 3);
		tree_refresh(a);
		break;
	default:
		return VIEW_IGNORED;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

const struct view_ops tree_view = {
	.name = "tree",
	.mode = MODE_TREE,
	.draw = tree_draw,
	.handle = tree_handle,
};
