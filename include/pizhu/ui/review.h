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
 * and resembles a known document, the reader asks whether it is that document's next
 * draft (once per file: the answer is kept). In two steps, so that the texts can be
 * compared apart from the keys (session_find_resembling_in on a thread: keeper_run):
 * whether the document may be asked about (new to the library, no answer kept for its
 * file; false: record it now); then, with the document found to resemble it (its path
 * taken over: freed here), the question: true when asked, having taken over the
 * recording (record is called once the answer is in); false: record it now. */
bool review_may_offer(struct app *a);
bool review_offer(struct app *a, int64_t doc, char *path, size_t drafts,
                  void (*record)(struct app *a));

#endif
