/* The one SQLite file that keeps what the user did: the library of documents read and
 * where reading stopped (store_library.h), each distinct content of a document (its
 * versions, store_version.h), the annotations and the history of every annotation
 * change for undo and redo (store_annot.h), the suggestions the user rejected
 * (store_reject.h), each document's identity apart from its path
 * (store_identity.h), the text of every version (store_text.h), a tag's text in
 * each draft where it changed (store_tagdraft.h) and a reviewer's marks
 * (store_review.h), and sync's record of changes (store_sync.h). This header is the connection: where the file is, opening it safely, watching other processes' writes; it includes the
 * parts' headers, so that including it gives the whole store.
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
#define STORE_SCHEMA_VERSION 16

/* Writes the database path to use into buf: path itself when given, else $PIZHU_DB,
 * else $XDG_DATA_HOME/pizhu/pizhu.db, else $HOME/.local/share/pizhu/pizhu.db.
 * Returns PZ_OK, or PZ_NOENT when no HOME is known (buf "") or HOME is not a directory
 * that exists (buf holds HOME: it is not created), or PZ_TOOBIG when it does not fit. */
enum pz_status store_path(const char *path, char *buf, size_t len);

/* Opens (creating it with mode 0600, and its directory with 0700, if missing) the
 * database at path, in WAL mode with synchronous=FULL, foreign keys on and a busy
 * timeout, and migrates it to STORE_SCHEMA_VERSION in one transaction. On PZ_OK
 * *out is owned (store_close); on failure it is NULL. Nothing is written to the file
 * before it is known to be pizhu's (its application id, or an empty file) and sound
 * (SQLite's quick_check, which reads every page: about 7 ms for 10,000 tags; skipped
 * when "<path>-checked", written at the last clean close, still matches the file; see
 * store.c): another program's database, a damaged one or one from a newer pizhu is
 * left byte for byte as it was. Damage found later by SQLite is PZ_DBCORRUPT too. An up-to-date database is only read at opening, so that opening needs no
 * write lock; creating or migrating one waits its turn behind other processes.
 * Failures: PZ_DBCORRUPT (not SQLite, damaged, or another program's database),
 * PZ_DBNEWER, PZ_DBREADONLY, PZ_DBBUSY (locked beyond the timeout), PZ_ACCES,
 * PZ_NOENT, PZ_NOMEM, PZ_DB. ":memory:" opens a private in-memory database (for tests
 * and tools). detail (may be NULL) receives SQLite's own words. */
enum pz_status store_open(const char *path, store **out, char *detail, size_t detail_len);

/* The same for the reader, which only reads until its first screen is drawn: the sync's
 * record of changes (triggers that each connection that writes makes for itself, as
 * store_open does) is made by store_ready_to_write, which must come before anything
 * adds, changes or deletes a tag, a reply or a dispute: until then such a statement is
 * refused (PZ_ACCES). Issue 15: the triggers cost more to make than the rest of the
 * schema to read, before a first screen that needs none of them. */
enum pz_status store_open_reading(const char *path, store **out, char *detail,
                                  size_t detail_len);

/* Makes st's sync triggers (done once; a store from store_open has them). PZ_OK, or
 * SQLite's failure (PZ_NOMEM, PZ_DB...), after which writes stay refused. */
enum pz_status store_ready_to_write(store *st);

/* The same for a database that exists already: PZ_NOENT (and nothing created) when
 * there is no file at path. For commands that only read what the reader kept. */
enum pz_status store_open_existing(const char *path, store **out, char *detail, size_t detail_len);

/* Closes st; NULL is fine. */
void store_close(store *st);

/* The file st was opened on ("" for an in-memory database): for opening another
 * connection to it (a connection is used by one thread at a time). Borrowed, valid
 * until store_close. */
const char *store_filename(const store *st);

/* How many rows this connection has inserted, changed or deleted since it was opened
 * (sqlite3_total_changes64): 0 as long as it has written nothing. */
int64_t store_changes(const store *st);

/* How long a write waits for another process's lock before PZ_DBBUSY (default 5 s). */
void store_set_busy_timeout(store *st, int ms);

/* Changes whenever another connection commits to the database (PRAGMA data_version):
 * poll it to see other processes' tags. */
int64_t store_data_version(store *st);

#include "pizhu/store_annot.h"
#include "pizhu/store_identity.h"
#include "pizhu/store_library.h"
#include "pizhu/store_merge.h"
#include "pizhu/store_reject.h"
#include "pizhu/store_review.h"
#include "pizhu/store_source.h"
#include "pizhu/store_sync.h"
#include "pizhu/store_tagdraft.h"
#include "pizhu/store_text.h"
#include "pizhu/store_version.h"

#endif
