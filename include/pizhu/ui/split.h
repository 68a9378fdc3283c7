/* Two views side by side with a line between them (the reader's tree and text): the
 * left one can be hidden and made wider or narrower, the focus moves between them, and
 * the actions that work from either pane (going somewhere in the document) reach the
 * one that has them. A view made of others: keys go to the focused one first. */
#ifndef PIZHU_UI_SPLIT_H
#define PIZHU_UI_SPLIT_H

#include "pizhu/ui/view.h"

/* What a split opens: its two views, each with the argument its open takes. The right
 * one has the focus first. */
struct split_arg {
	const struct view_ops *left;
	const void *left_arg;
	const struct view_ops *right;
	const void *right_arg;
};

extern const struct view_ops split_view;

#endif
