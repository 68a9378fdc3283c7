/* Suggestions in the reader: drawn quietly under the tags (a layer of the text), gone
 * through one by one, accepted (a tag with what they suggest), turned down (undoable,
 * and listed to be brought back: a view of its own), or accepted a section at a time
 * after a preview (a view of its own). A large file's are
 * found when first asked for. The work is the session's (session.h, suggestions.h). */
#ifndef PIZHU_UI_SUGGEST_H
#define PIZHU_UI_SUGGEST_H

#include <stdbool.h>
#include "pizhu/ui/text.h"
#include "pizhu/ui/view.h"

/* The suggestions shown, under the tags. */
extern const struct text_layer suggest_layer;

/* The preview of accept-section: opened with the section's suggestions. */
extern const struct view_ops preview_view;

/* The list of the suggestions turned down (rejected-list), where one is shown in the
 * text or brought back; opened over the text, with no argument. */
extern const struct view_ops rejected_view;

/* Handlers of the text view (tv): show or hide them all; the cursor to the next (r->arg
 * 1: the previous) one; accept or turn down the one at the cursor; preview the
 * section's. */
int suggest_toggle(struct view *tv, const struct request *r);
int suggest_next(struct view *tv, const struct request *r);
int suggest_accept(struct view *tv, const struct request *r);
int suggest_reject(struct view *tv, const struct request *r);
int suggest_preview(struct view *tv, const struct request *r);
int suggest_rejected(struct view *tv, const struct request *r);

/* After an undo or redo of the history step of uuid (tagging_undo): when uuid names a
 * turn-down, the suggestions turned down are read again and the status line says what
 * came back or went down; true then. False for a tag's uuid (nothing done). */
bool suggest_undone(struct view *v, const char *uuid, bool redo);

#endif
