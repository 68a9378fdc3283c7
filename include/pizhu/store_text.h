/* The text of every version of a document, kept so that any two drafts can be
 * compared after their files are gone or changed (issue 11), with the file name each
 * was first seen under. Deflated (zlib) when that makes it smaller: a speech's UTF-8
 * Chinese shrinks to about half (README "The database"). */
#ifndef PIZHU_STORE_TEXT_H
#define PIZHU_STORE_TEXT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include "pizhu/status.h"

typedef struct store store;

/* Keeps text[0..len) as the text of version (store_version's id), with the path its
 * document has now, unless it is kept already (then nothing is written, and nothing
 * compressed). PZ_OK, or the store's status. */
enum pz_status store_text_keep(store *st, int64_t version, const char *text, size_t len);

/* Whether the text of version is kept (*kept); reads only. PZ_OK, or the store's status. */
enum pz_status store_text_kept(store *st, int64_t version, bool *kept);

/* The kept text of version: PZ_OK with *text (owned, free(); NUL-terminated after
 * *len bytes), PZ_NOENT when it was not kept (a version seen before schema 6), or
 * PZ_DBCORRUPT when what is stored does not inflate to the version's length. */
enum pz_status store_text_get(store *st, int64_t version, char **text, size_t *len);

/* One version of a document, as `pizhu drafts` lists them. */
struct store_draft {
	int64_t version;        /* store_version's id */
	int64_t first_seen;     /* milliseconds since the epoch */
	int64_t length;         /* bytes of its text */
	char *path;             /* the file it was first seen as ("" when not kept); owned */
	int kept;               /* its text is kept */
	int64_t stored;         /* bytes its kept text takes in the store */
};

/* Document doc's versions, oldest first (by first_seen, then id). On PZ_OK *out is
 * owned (store_drafts_free), *n of them (0 and NULL for none). */
enum pz_status store_drafts(store *st, int64_t doc, struct store_draft **out, size_t *n);
void store_drafts_free(struct store_draft *v, size_t n);

/* The document one of whose versions was first seen as the file path: PZ_OK with
 * *doc (the most recent such version's), or PZ_NOENT. An older draft keeps its
 * document after a newer one took the document's path (`pizhu draft`). */
enum pz_status store_text_document(store *st, const char *path, int64_t *doc);

/* Removes document doc from the library when it has no annotations (a file opened
 * once, now declared a draft of another document): PZ_OK, PZ_EXIST when it has some
 * (nothing is removed), or the store's status. Its versions and texts go with it. */
enum pz_status store_forget_untagged(store *st, int64_t doc);

#endif
