/* Copying from the text pane: the selection, or the sentence at the cursor, with its
 * citation (quote.h), onto the terminal's clipboard. */
#ifndef PIZHU_UI_CITE_H
#define PIZHU_UI_CITE_H

#include "pizhu/ui/view.h"

/* The copy action of the text pane tv: the passage and its citation in the config's
 * format, sent to the terminal as OSC 52; says what was copied. */
int cite_copy(struct view *tv, const struct request *r);

#endif
