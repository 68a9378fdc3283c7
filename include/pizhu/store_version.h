/* Versions in the store: each distinct text a document had (its hash and byte length),
 * which the offsets of an annotation refer to. */
#ifndef PIZHU_STORE_VERSION_H
#define PIZHU_STORE_VERSION_H

#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

typedef struct store store;

/* The version of document doc whose text has this hash and byte length: found, or
 * recorded now. *version gets its id. */
enum pz_status store_version(store *st, int64_t doc, uint64_t hash, int64_t length,
                             int64_t *version);

/* The same, read only: PZ_OK with *version, or PZ_NOENT when it is not recorded. */
enum pz_status store_find_version(store *st, int64_t doc, uint64_t hash, int64_t length,
                                  int64_t *version);

/* The document that has a version with this hash and length, if any (most recently
 * opened first): PZ_OK with *doc and *path (owned, free()), or PZ_NOENT. */
enum pz_status store_find_content(store *st, uint64_t hash, int64_t length, int64_t *doc,
                                  char **path);

#endif
