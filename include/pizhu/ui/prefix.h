/* Keys that take the next key as their argument: tag-prefix (the next key says which
 * type, looked up in the keymap's `tagging` mode), mark and goto-mark (the next key is
 * the mark's letter, as m and ' in less). */
#ifndef PIZHU_UI_PREFIX_H
#define PIZHU_UI_PREFIX_H

#include "pizhu/ui/view.h"

/* Handler of tag-prefix, mark and goto-mark (r->act): the next key is theirs
 * (app->awaiting); says what it waits for on the status line. */
int prefix_start(struct view *v, const struct request *r);

/* The key k that an earlier prefix_start waited for, with v the focused view: clears
 * the wait. After tag-prefix, r->act becomes the action of k in the `tagging` mode
 * (ACT_NONE when k tags nothing: said, and nothing else is done); after mark and
 * goto-mark the letter is used here and r->act is ACT_NONE. Returns the view flags
 * when r->act is ACT_NONE. */
int prefix_key(struct view *v, struct key k, struct request *r);

/* Whether a prefix_start waits for its key. */
bool prefix_waiting(struct app *a);

/* Stops waiting (a paste or a click came instead of the key): nothing is done. */
void prefix_cancel(struct app *a);

#endif
