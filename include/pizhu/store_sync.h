/* Sync's side of the store (`pizhu sync`, sync.h; README "Sync"): every change of a
 * tag's shared fields recorded as an operation (by triggers, whichever part of pizhu
 * makes it), packed into change sets that travel as files, and the change sets of
 * other machines applied.
 *
 * The merge rules. A tag is the set of its operations: an add (where it stands, who
 * made it, every field's first value), changes of one field (note, due, owner, done,
 * type, deleted, and place: its passage moved, with offsets, quote, context and the
 * version they count in), each naming the operations of that field it replaced (its
 * parents), and replies. Each field is a register of the operations that no other
 * operation of the field replaced (its heads): one head, its value; several (changes
 * made on two machines since they last agreed), the newest (by time, then id) is the
 * tag's value and, for note, due, owner, done and place, the tag is disputed between
 * it and the newest head of another value, until a change made in sight of both (a
 * resolve, an edit, a move) replaces them. The type takes the newest without a
 * dispute. A deletion wins over an edit only when it is newer: the tag is deleted when
 * the newest head of `deleted` is a deletion and no change of another field is newer;
 * it stays as a tombstone. Replies are kept, all of them. The state is a function of
 * the set of operations only, not of the order they arrived in: every copy that has
 * the same operations lists the same tags, disputes and tombstones. A tag the sync
 * writes loses its `base` (what `tags import` last agreed on, store_merge.h): the
 * operations are what the copies agree on. A tag re-anchored on a draft here keeps no
 * operation of it (that stays on each machine); a sync that changes the tag puts it
 * back where its operations say, to be found again on the next load. */
#ifndef PIZHU_STORE_SYNC_H
#define PIZHU_STORE_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"
#include "pizhu/store_annot.h"

typedef struct store store;

/* The change-set format this build writes and reads (and every lower one); a set of a
 * higher format is from a newer pizhu (PZ_DBNEWER). 2: a tag's passage travels, as
 * operations 'place' (1 carried a move only as an edit of the type, by whom and when). */
#define STORE_SYNC_FORMAT 2
/* What one change set may be: at most this many bytes and operations. */
#define STORE_SYNC_MAX_BYTES ((size_t)256 << 20)
#define STORE_SYNC_MAX_OPS 2000000
/* "HASH-LEN": a version's key, its 16 hex digits of hash and its byte length. */
#define STORE_SYNC_KEY_LEN 40

/* What a change set says, as checked (store_sync_check). Owned: store_sync_info_release. */
struct store_sync_info {
	int format;
	char set[STORE_UUID_LEN + 1];  /* its id (the file's name) */
	char doc[STORE_UUID_LEN + 1];  /* its document's identity there */
	char *name, *title;            /* the document's file name (no directory) and title */
	char **texts;                  /* the keys of the versions whose text that copy has,
	                                  oldest first */
	size_t ntexts;
	size_t nops;
};
void store_sync_info_release(struct store_sync_info *info);

/* Checks the change set json[0..len) whole, writing nothing: valid UTF-8 JSON of this
 * format with a set and document id, a file name, the keys of texts and every operation
 * well formed (UUIDs, a known field, a value that field can hold, within the store's
 * limits). PZ_OK with *info filled; PZ_DBNEWER (detail: its format) for a set of a newer
 * pizhu; PZ_SYNTAX (detail: where and why) for anything else; PZ_NOMEM. st only lends
 * its JSON functions (":memory:" is fine). */
enum pz_status store_sync_check(store *st, const char *json, size_t len,
                                struct store_sync_info *info, char *detail, size_t detail_len);

/* A checked change set to apply. */
struct store_sync_in {
	const char *json;
	size_t len;
	const struct store_sync_info *info;
};

/* A version's text as another copy has it: of document doc (its id there), key
 * "HASH-LEN" (checked by the caller to be the text's). */
struct store_sync_text {
	const char *doc, *key, *data;
	size_t len;
};

/* A document new here: doc (its id there), the file its newest text was written to
 * (absolute), its title. */
struct store_sync_newdoc {
	const char *doc, *path, *title;
	size_t length;
};

struct store_sync_counts {
	size_t sent_sets, sent_ops;     /* packed from the outbox now */
	size_t got_sets, got_ops;       /* applied from other copies */
	size_t docs;                    /* documents new here */
	size_t added, updated, deleted; /* tags changed here by the merge */
	size_t disputed;                /* tags in dispute now (of those merged) */
};

/*
 * One transaction: packs the outbox (the operations made here since the last sync) into
 * one new change set per document, enters the new documents (d) and the texts (t),
 * applies the change sets in[0..n) (each once: one applied before is skipped) and
 * brings every tag they or the outbox touch to what its operations say, recording the
 * sets as applied. Nothing of it is a change of this copy's (no operation is recorded,
 * nothing undoable). A document of another copy is ours when it has our id, an id
 * known to be ours (aliases), or a version with the same text (the same document
 * tagged on two machines before either synced): the smaller of the two ids is kept,
 * so that every copy comes to the same one. c (may be NULL) gets the counts.
 */
enum pz_status store_sync_apply(store *st, const struct store_sync_in *in, size_t n,
                                const struct store_sync_text *t, size_t nt,
                                const struct store_sync_newdoc *d, size_t nd,
                                struct store_sync_counts *c);

/* The document of this copy that a change set's document is (store_sync_apply's
 * rule; texts[0..n) the set's keys): *doc its id, or 0 when none. */
enum pz_status store_sync_document(store *st, const char *uuid, char *const *texts, size_t n,
                                   int64_t *doc);

/* *known: a version with key "HASH-LEN" has its text kept here. */
enum pz_status store_sync_text_known(store *st, const char *key, bool *known);

/* The change sets applied or made here, sorted by id. *v owned (free). */
enum pz_status store_sync_sets(store *st, char (**v)[STORE_UUID_LEN + 1], size_t *n);

/* The change sets made here, with their document's id (as the set names it). */
struct store_sync_own {
	char set[STORE_UUID_LEN + 1], doc[STORE_UUID_LEN + 1];
};
enum pz_status store_sync_own_sets(store *st, struct store_sync_own **v, size_t *n);

/* The file of change set set (made here), written afresh from the store: *json owned. */
enum pz_status store_sync_set_json(store *st, const char *set, char **json, size_t *len);

/* The versions of document uuid (as a change set names it) whose text is kept: key and
 * version id. *v owned (free). */
struct store_sync_version {
	char key[STORE_SYNC_KEY_LEN];
	int64_t version;
};
enum pz_status store_sync_versions(store *st, const char *uuid, struct store_sync_version **v,
                                   size_t *n);

/* Operations waiting in the outbox. */
enum pz_status store_sync_pending(store *st, size_t *n);

#endif
