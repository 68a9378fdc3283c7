/* The slips list: what `pizhu check` finds in the document open in the reader
 * (placeholders, numbering, unbalanced pairs, impossible dates...), one a row with its
 * line and column; Enter shows one in the text. */
#ifndef PIZHU_UI_CHECKLIST_H
#define PIZHU_UI_CHECKLIST_H

#include "pizhu/ui/view.h"

extern const struct view_ops checklist_view;

/* The action check-list: opens the list over the reader's text (the application's
 * handler; any view may call it). */
int checklist_start(struct view *v, const struct request *r);

#endif
