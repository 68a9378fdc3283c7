/* A reviewer's marks on the drafts of a document (issue 11): the changes marked
 * reviewed, kept by their key (review_key) so that a mark holds in later comparisons
 * and drafts; the drafts marked reviewed whole, from which the next review starts; and
 * the answer given when a new file looked like another draft of a known document. */
#ifndef PIZHU_STORE_REVIEW_H
#define PIZHU_STORE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

typedef struct store store;

/* Marks the changes keys[0..n) of document doc reviewed by reviewer (reviewed true),
 * or takes the marks away, in one transaction. PZ_OK or the store's status. */
enum pz_status store_review_mark(store *st, int64_t doc, const char *reviewer,
                                 const uint64_t *keys, size_t n, bool reviewed);

/* Which of keys[0..n) reviewer marked reviewed in document doc: marked[i] set to
 * true or false. PZ_OK or the store's status. */
enum pz_status store_review_marked(store *st, int64_t doc, const char *reviewer,
                                   const uint64_t *keys, size_t n, bool *marked);

/* Marks version (store_version's id) of doc reviewed whole by reviewer. */
enum pz_status store_review_draft(store *st, int64_t doc, const char *reviewer, int64_t version);

/* The version of doc that reviewer marked reviewed last: PZ_OK with *version, or
 * PZ_NOENT when none. */
enum pz_status store_review_last(store *st, int64_t doc, const char *reviewer, int64_t *version);

/* The answer given for the file at path (an absolute path) to "another draft of …?":
 * PZ_OK with *yes, or PZ_NOENT when it was never asked. */
enum pz_status store_draft_answer(store *st, const char *path, bool *yes);

/* Remembers the answer for path. */
enum pz_status store_draft_answered(store *st, const char *path, bool yes);

#endif
