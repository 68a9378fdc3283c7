/* Suggestions turned down, in the store: remembered by their type, their words and the
 * words before them, so that they stay down in later drafts. */
#ifndef PIZHU_STORE_REJECT_H
#define PIZHU_STORE_REJECT_H

#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

typedef struct store store;

/* A suggestion the user turned down, remembered by its type, its words and the words
 * before it, so that it stays down in later drafts. Strings owned by the array. */
struct store_rejection {
	char *type, *quote, *prefix;
};

/* Remembers that the suggestion (type, quote, prefix) of document doc was rejected. */
enum pz_status store_reject(store *st, int64_t doc, const char *type, const char *quote,
                            const char *prefix);

/* Every rejection of document doc. *v is owned: store_rejections_free. */
enum pz_status store_rejections(store *st, int64_t doc, struct store_rejection **v, size_t *n);
void store_rejections_free(struct store_rejection *v, size_t n);

#endif
