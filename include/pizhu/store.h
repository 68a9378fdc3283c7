/* The one SQLite file that keeps what the user did: the library of documents read and
 * where reading stopped (schema version 1); annotations come in later versions.
 * Every write is its own BEGIN IMMEDIATE transaction, committed before returning:
 * there is nothing to save because nothing waits to be saved. */
#ifndef PIZHU_STORE_H
#define PIZHU_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

typedef struct store store;

/* The schema version this build writes; a database with a higher user_version is
 * refused with PZ_DBNEWER, a lower one is migrated in one transaction. */
#define STORE_SCHEMA_VERSION 1

/* Writes the database path to use into buf: path itself when given, else $PIZHU_DB,
 * else $XDG_DATA_HOME/pizhu/pizhu.db, else $HOME/.local/share/pizhu/pizhu.db.
 * Returns PZ_OK, or PZ_NOENT when no HOME is known, or PZ_TOOBIG when it does not fit. */
enum pz_status store_path(const char *path, char *buf, size_t len);

/* Opens (creating it with mode 0600, and its directory with 0700, if missing) the
 * database at path, in WAL mode with synchronous=FULL, foreign keys on and a busy
 * timeout, and migrates it to STORE_SCHEMA_VERSION in one transaction. On PZ_OK
 * *out is owned (store_close). Failures: PZ_DBCORRUPT (not SQLite, damaged, or
 * another program's database), PZ_DBNEWER, PZ_DBREADONLY, PZ_DBBUSY (locked beyond
 * the timeout), PZ_ACCES, PZ_NOENT, PZ_NOMEM, PZ_DB; a file that exists is never
 * overwritten or repaired. ":memory:" opens a private in-memory database (for tests and
 * tools). detail (may be NULL) receives SQLite's own words. */
enum pz_status store_open(const char *path, store **out, char *detail, size_t detail_len);

void store_close(store *st);

/* How long a write waits for another process's lock before PZ_DBBUSY (default 5 s). */
void store_set_busy_timeout(store *st, int ms);

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

#endif
