/* Where each tag came from, in the store: made by hand, or by accepting one of pizhu's
 * suggestions (the breakdown's 来源). Recorded when the tag is made, never guessed
 * afterwards from where suggestions stand. */
#ifndef PIZHU_STORE_SOURCE_H
#define PIZHU_STORE_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

typedef struct store store;

/* A tag's origin. Tags made before the store recorded it (schema version 8) are
 * STORE_SOURCE_UNRECORDED; any other tag without a record was made by hand. */
enum store_source { STORE_SOURCE_TAGGED, STORE_SOURCE_SUGGESTION, STORE_SOURCE_UNRECORDED };

/* Records that the live annotation uuid was made by accepting a suggestion. PZ_NOENT
 * when there is no such annotation. */
enum pz_status store_source_set_suggested(store *st, const char *uuid);

/* The origin of each annotation of document doc that has a record (not deleted), as
 * uuid and source pairs sorted by uuid. *v is owned (free()). */
struct store_source_row {
	char uuid[37];
	enum store_source source;
};
enum pz_status store_sources(store *st, int64_t doc, struct store_source_row **v, size_t *n);

/* The source of uuid among the sorted rows v[0..n): STORE_SOURCE_TAGGED when it has none. */
enum store_source store_source_of(const struct store_source_row *v, size_t n, const char *uuid);

#endif
