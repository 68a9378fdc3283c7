/* Suggestions turned down, in the store: remembered by their type, their words and the
 * words before them, so that they stay down in later drafts. Turning one down is a
 * change like a tag's: in the history (oplog), so that undo takes it back; and one
 * turned down can be brought back. */
#ifndef PIZHU_STORE_REJECT_H
#define PIZHU_STORE_REJECT_H

#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"
#include "pizhu/store_annot.h"

typedef struct store store;

/* A suggestion the user turned down, remembered by its type, its words and the words
 * before it, so that it stays down in later drafts. Strings owned by the array; uuid
 * names it in the history (what store_undo hands back when it undid a turn-down). */
struct store_rejection {
	char *type, *quote, *prefix;
	char uuid[STORE_UUID_LEN + 1];
	int64_t created;                   /* ms since the epoch */
};

/* Remembers that the suggestion (type, quote, prefix) of document doc was turned
 * down, as one undoable change (store_undo brings it back). Nothing changes, and
 * nothing enters the history, when it is down already. */
enum pz_status store_reject(store *st, int64_t doc, const char *type, const char *quote,
                            const char *prefix);

/* Brings back the suggestion (type, quote, prefix) of doc that was turned down, as one
 * undoable change (store_undo turns it down again). PZ_NOENT when it is not down. */
enum pz_status store_reject_restore(store *st, int64_t doc, const char *type,
                                    const char *quote, const char *prefix);

/* Every suggestion of document doc that is turned down now, oldest first. *v is
 * owned: store_rejections_free. */
enum pz_status store_rejections(store *st, int64_t doc, struct store_rejection **v, size_t *n);
void store_rejections_free(struct store_rejection *v, size_t n);

/* The rejection called uuid, down or brought back, into *r (store_rejection_release);
 * PZ_NOENT when uuid names none (a tag's uuid, say). */
enum pz_status store_rejection_get(store *st, const char *uuid, struct store_rejection *r);
void store_rejection_release(struct store_rejection *r);

#endif
