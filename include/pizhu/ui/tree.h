/* The tree pane: speeches, sections and points with folding; the node holding the
 * top of the text is always marked. */
#ifndef PIZHU_UI_TREE_H
#define PIZHU_UI_TREE_H

#include "pizhu/ui/app.h"

extern const struct view_ops tree_view;

/* Builds the fold state (speeches and first levels open). Returns false when out
 * of memory. */
bool tree_init(struct app *a);
void tree_free(struct app *a);

/* The deepest node whose range holds the first byte shown in the text pane. */
size_t tree_current(const struct app *a);

/* Rebuilds the list of shown nodes after a fold changed. */
void tree_refresh(struct app *a);

#endif
