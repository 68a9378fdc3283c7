/* The tree pane: speeches, sections and points with folding; the node holding the
 * top of the text is always marked. */
#ifndef PIZHU_UI_TREE_H
#define PIZHU_UI_TREE_H

#include "pizhu/ui/view.h"

#include <stddef.h>

/* Beside a text view (text.h), which it follows and moves; on the document of the view
 * that holds it (view_session). */
extern const struct view_ops tree_view;

/* What a tree opens with (NULL: each node shows how many tags it holds): count gives
 * the number a node shows instead, for bytes [start, end) of its text, drawn as the
 * theme element element (a review's changes). */
struct tree_arg {
	size_t (*count)(void *data, size_t start, size_t end);
	void *data;
	int element;
};

#endif
