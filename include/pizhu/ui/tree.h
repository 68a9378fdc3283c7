/* The tree pane: speeches, sections and points with folding; the node holding the
 * top of the text is always marked. */
#ifndef PIZHU_UI_TREE_H
#define PIZHU_UI_TREE_H

#include "pizhu/ui/view.h"

/* Beside a text view (text.h), which it follows and moves. */
extern const struct view_ops tree_view;

#endif
