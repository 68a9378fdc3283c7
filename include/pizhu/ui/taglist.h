/* The tag list: every tag of the document, filtered by type and status, sorted by
 * position or due date; Enter shows one in the text, the tag keys change the selected
 * one, and an orphan can be attached to the passage selected in the text. Its filters
 * stay from one opening to the next. */
#ifndef PIZHU_UI_TAGLIST_H
#define PIZHU_UI_TAGLIST_H

#include "pizhu/ui/view.h"

extern const struct view_ops taglist_view;

#endif
