/* Suggested tags in the reader: found by the core (detect.h) when a document's outline is
 * complete, drawn quietly under the real tags, accepted one by one or a section at a
 * time after a preview, or turned down for good (remembered in the database). */
#ifndef PIZHU_UI_SUGGEST_H
#define PIZHU_UI_SUGGEST_H

#include <stdbool.h>
#include "pizhu/ui/app.h"

extern const struct view_ops preview_view;

/* Finds the open document's suggestions, unless it is a large file's (found when
 * first asked for). */
void suggest_load(struct app *a);

/* Index of the first shown suggestion overlapping [start, end), or SIZE_MAX. */
size_t suggest_shown_at(const struct app *a, size_t start, size_t end);

/* The text pane's suggestion actions. Returns VIEW_* flags; VIEW_IGNORED for others. */
int suggest_action(struct app *a, enum action act);

#endif
