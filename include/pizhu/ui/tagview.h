/* The view of one tag: everything it carries, whole (a long quote or note is wrapped,
 * not cut), with who made and changed it and how (its history), and its discussion. */
#ifndef PIZHU_UI_TAGVIEW_H
#define PIZHU_UI_TAGVIEW_H

#include "pizhu/ui/view.h"

/* Opened with the tag's uuid (a const char *, copied); it reads the tag afresh at each
 * draw, so that an undo or another process's change shows. */
extern const struct view_ops tagview_view;

#endif
