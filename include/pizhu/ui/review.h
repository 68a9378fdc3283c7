/* Review mode (issue 11): the current draft with its changes since an earlier version
 * inline, over the whole body (the tree counting each section's changes beside the
 * text), ]c and [c between the changes, filters, a reviewer's marks and the list of
 * changes; and the offer to take a new file for the next draft of a document it
 * resembles. The comparison is src/core/diff.c and review.c; this only draws and asks. */
#ifndef PIZHU_UI_REVIEW_H
#define PIZHU_UI_REVIEW_H

#include "pizhu/ui/view.h"

struct app;

extern const struct view_ops review_view;
extern const struct view_ops changelist_view;

/* The review key from the reader: opens review mode on the application's document,
 * since the version its reviewer last marked reviewed (else the draft before). */
int review_start(struct view *v, const struct request *r);

/* The review-from key: asks for a draft's number, then opens review mode since it. */
int review_choose(struct view *v, const struct request *r);

/* Before the application's document is recorded in the library: when it is new there
 * and resembles a known document, asks whether it is that document's next draft (once
 * per file: the answer is kept) and returns true, having taken over the recording
 * (record is called once the answer is in); false: nothing asked, record it now. */
bool review_offer_draft(struct app *a, void (*record)(struct app *a));

#endif
