/* The library in the store: the documents read, with where reading stopped, known by
 * their path (a renamed file keeps its document). */
#ifndef PIZHU_STORE_LIBRARY_H
#define PIZHU_STORE_LIBRARY_H

#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

typedef struct store store;

/* A document as the library lists it. Strings are owned by the array. */
struct store_doc {
	int64_t id;
	char *path;
	char *title;
	int64_t last_opened;  /* Unix time in milliseconds */
	int64_t position;     /* byte offset of the first line shown */
	int64_t length;       /* byte length of the text when last read (for a percentage) */
};

/* Records that the document at path (an absolute path) was opened now, with its
 * title and text length; *id gets its id and *position where reading stopped last
 * time (0 for a new document). */
enum pz_status store_open_document(store *st, const char *path, const char *title,
                                   int64_t length, int64_t *id, int64_t *position);

/* Reads, without writing, the id and saved position of the document at path:
 * PZ_OK, or PZ_NOENT when the library does not hold it. */
enum pz_status store_find_document(store *st, const char *path, int64_t *id, int64_t *position);

/* Saves where reading stands in document id. */
enum pz_status store_save_position(store *st, int64_t id, int64_t position);

/* Every document, most recently opened first. *docs is owned: store_docs_free. */
enum pz_status store_library(store *st, struct store_doc **docs, size_t *n);
void store_docs_free(struct store_doc *docs, size_t n);

/* Moves document doc to a new path (the file was renamed). PZ_EXIST when another
 * document has that path. */
enum pz_status store_rename_document(store *st, int64_t doc, const char *path);

#endif
