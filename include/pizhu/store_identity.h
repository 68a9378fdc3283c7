/* Documents known by an identity that does not depend on a path: a random UUID that a
 * document gets when it enters the library (those there before got theirs when the
 * schema went to version 5), kept when its file is renamed and when its drafts come
 * under other names. Another machine knows the document by it (the sync of issue 12);
 * within one database the integer id stays the key. */
#ifndef PIZHU_STORE_IDENTITY_H
#define PIZHU_STORE_IDENTITY_H

#include <stdint.h>
#include "pizhu/status.h"
#include "pizhu/store_annot.h"

typedef struct store store;

/* Document doc's UUID (lower-case, 36 characters) into uuid: PZ_OK, or PZ_NOENT when
 * there is no such document. */
enum pz_status store_document_uuid(store *st, int64_t doc, char uuid[STORE_UUID_LEN + 1]);

/* The document whose UUID is uuid (compared ignoring case): PZ_OK with *doc, or
 * PZ_NOENT. */
enum pz_status store_document_by_uuid(store *st, const char *uuid, int64_t *doc);

/* Gives document doc the identity uuid (a document that arrives from another machine
 * keeps the one it has there): PZ_SYNTAX when uuid is not a UUID, PZ_EXIST when another
 * document has it, PZ_NOENT when there is no document doc. */
enum pz_status store_document_set_uuid(store *st, int64_t doc, const char *uuid);

#endif
