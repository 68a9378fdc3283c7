/* Merging another copy's tags into the store (`pizhu tags import`): by UUID, three-way
 * against the values both sides last agreed on, with disputes kept until a reviewer
 * resolves them and deletions kept as tombstones. */
#ifndef PIZHU_STORE_MERGE_H
#define PIZHU_STORE_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"
#include "pizhu/store_annot.h"

typedef struct store store;

/* One tag of the other copy. */
struct store_merge_item {
	struct store_annot a;   /* its fields as there; a.editor who changed it last there,
	                           a.modified when (for a tombstone: when it was deleted) */
	bool deleted;           /* a tombstone: only a.uuid, a.editor, a.modified count */
	const char *base;       /* what that copy last agreed on: JSON {"note", "due",
	                           "owner", "done", "type"}, or NULL */
};

struct store_merge_counts {
	size_t added, updated, disputed, unchanged, deleted;
};

/*
 * Merges v[0..n) into document doc in one transaction (not undoable: no reviewer's
 * change of this copy). Per tag, by UUID:
 *  - not here: added (a tombstone is kept as one, so that an older copy's tag does not
 *    come back later);
 *  - deleted on one side: the deletion wins when it is newer than the other side's
 *    last change, else the tag stays (brought back here with the other side's fields);
 *  - else each of note, due, owner, done (and type) against the base, the values both
 *    sides last agreed on (this store's, else the other copy's, else none): changed
 *    on their side only, theirs is taken; on ours only, ours stays; on both to
 *    different values, the tag is disputed: ours stays in the tag and both values
 *    with their editors are kept (store_disputes) until resolved (the type takes the
 *    newer instead). Without any base the newer change wins.
 * What both now hold becomes the base. Merging the same items again changes nothing.
 * c counts each item once: added, updated (something taken), disputed (a new dispute),
 * deleted (deleted here by the merge), unchanged (everything else). Each item is
 * checked first (store_annot_check): one that fails gives its status, nothing written.
 */
enum pz_status store_merge(store *st, int64_t doc, const struct store_merge_item *v, size_t n,
                           struct store_merge_counts *c);

/* A field of a tag in dispute: both values ("0"/"1" for done; for place, a passage
 * from sync: JSON {"start", "end", "quote", "prefix", "suffix", "section", "version"})
 * with their editors, and each as a reader reads it (a passage: its quote and start). */
struct store_dispute {
	char field[8];          /* "note", "due", "owner", "done", "place" */
	char *mine, *mine_author, *theirs, *theirs_author;
	char *mine_shown, *theirs_shown;
};

/* The disputes of tag uuid, by field. *v owned: store_disputes_free; none: NULL, 0. */
enum pz_status store_disputes(store *st, const char *uuid, struct store_dispute **v, size_t *n);
void store_disputes_free(struct store_dispute *v, size_t n);

enum store_take { STORE_TAKE_MINE, STORE_TAKE_THEIRS, STORE_TAKE_VALUE };

/* Resolves the disputes of tag uuid (only field's when field is non-NULL): keeping
 * ours, taking theirs (a passage: the tag moves there, one undoable change), or writing
 * value (then exactly one field must be in dispute, or field given; done takes
 * "done"/"open"; a passage cannot be written as a value: PZ_SYNTAX). A value that changes the tag is this
 * reviewer's undoable change. PZ_NOENT when no such live tag or nothing in dispute,
 * PZ_AMBIGUOUS for a value with several fields in dispute, PZ_SYNTAX for a value the
 * field cannot hold (a due date that is not one). */
enum pz_status store_resolve(store *st, const char *uuid, const char *field, enum store_take take,
                             const char *value);

/* The tombstones of document doc (deleted tags, with uuid, editor and modified: when
 * deleted), for a listing to carry. *v owned: store_annots_free. */
enum pz_status store_tombstones(store *st, int64_t doc, struct store_annot **v, size_t *n);

#endif
