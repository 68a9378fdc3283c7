/* Private to the store's files (store*.c): the connection's insides and the SQL helpers
 * they share. Nothing else includes this; the rest of pizhu sees an opaque store. */
#ifndef PIZHU_STORE_SQL_H
#define PIZHU_STORE_SQL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pizhu/status.h"
#include "pizhu/store.h"

struct store {
	sqlite3 *db;
	char author[256];   /* the reviewer whose changes these are (store_set_author) */
	char stamp[128];    /* the -checked file's line read at opening ("" when none matched) */
	bool writing;       /* the sync's triggers are made (store_ready_to_write) */
};

/* A random (version 4) UUID, lower case, in SQL: SQLite's randomblob draws on the
 * system's generator. */
#define SQL_NEW_UUID                                                                    \
	"(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||"      \
	" substr(lower(hex(randomblob(2))), 2) || '-' ||"                                 \
	" substr('89ab', 1 + (abs(random()) % 4), 1) ||"                                  \
	" substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"

/* The status of an SQLite result code. */
enum pz_status sql_status(int rc);

/* sql_status, told by the system's error when SQLite had one: an I/O error that was a
 * full disk says so (creating the -shm file on a full disk is "disk I/O error"). */
enum pz_status sql_db_status(sqlite3 *db, int rc);

/* Milliseconds since the epoch: documents opened in the same second keep their order. */
int64_t sql_now(void);

/* Writes msg ("" for NULL) into detail (may be NULL) of size len. */
void sql_set_detail(char *detail, size_t len, const char *msg);

/* sqlite3_exec without callbacks; an SQLite result code. */
int sql_exec(sqlite3 *db, const char *sql);

/* The integer the one-row statement sql gives (a pragma) into *value. */
int sql_pragma_int(sqlite3 *db, const char *sql, int *value);

/* Runs one prepared write (finalized here) in its own IMMEDIATE transaction; *ext (may
 * be NULL) gets the statement's failing result code. */
enum pz_status sql_write_step_ext(store *s, sqlite3_stmt *stmt, int *ext);
enum pz_status sql_write_step(store *s, sqlite3_stmt *stmt);

/* Makes room in *v (elements of size bytes, *cap of them) for element len. */
bool sql_grow(void *v, size_t *cap, size_t len, size_t size);

/* Column col of the row as a new string ("" for NULL; free()); NULL when out of memory. */
char *sql_dup_column(sqlite3_stmt *stmt, int col);

/* Reads every row of stmt (finalized here) into a new array of elements of size bytes:
 * read fills one from the row (PZ_OK; else it leaves nothing to free), release frees
 * the first n of an array. On PZ_OK *out is owned by the caller. */
enum pz_status sql_read_rows(sqlite3_stmt *stmt, size_t size,
                             enum pz_status (*read)(sqlite3_stmt *stmt, void *elem),
                             void (*release)(void *v, size_t n), void **out, size_t *n);

/* sqlite3_prepare_v2 on the store's connection. */
int sql_prepare(store *s, const char *sql, sqlite3_stmt **stmt);

/* Steps a statement that returns nothing or one row, then finalizes it. */
int sql_run(sqlite3_stmt *stmt);

/* Binds t ("" for NULL) to parameter i; to the parameter called name, if stmt has one. */
void sql_bind_str(sqlite3_stmt *stmt, int i, const char *t);
void sql_bind_named_str(sqlite3_stmt *stmt, const char *name, const char *t);
void sql_bind_named_int(sqlite3_stmt *stmt, const char *name, int64_t v);

/* Ends a write transaction: COMMIT when rc is SQLITE_OK, else ROLLBACK. */
enum pz_status sql_finish(store *s, int rc);

/* The columns store_read_annot reads, in its order (of table annotation). */
#define ANNOT_COLUMNS_BASE                                                               \
	"id, uuid, document_id, ifnull(version_id, 0), type, done, anchor, start, \"end\","    \
	" quote, prefix, suffix, section, note, due, owner, author, created, modified, editor,"    \
	" ifnull(base, '')"
#define ANNOT_COLUMNS                                                                    \
	ANNOT_COLUMNS_BASE ", (SELECT count(*) FROM dispute d WHERE d.annotation_id = annotation.id)"

/* Reads a row of ANNOT_COLUMNS into *a (owned: store_annot_release). */
enum pz_status store_read_annot(sqlite3_stmt *stmt, struct store_annot *a);

/* Records a user change of uuid (an annotation's or a rejection's) in document doc's
 * history, JSON snapshots before and after, inside the caller's transaction
 * (store_annot.c). An SQLite result code. */
int store_log_change(store *s, int64_t doc, const char *uuid, const char *before,
                     const char *after);

/* Writes a history snapshot back to the rejection uuid; nothing when uuid names no
 * rejection (store_reject.c). An SQLite result code. */
int store_reject_apply(store *s, const char *uuid, const char *json);

#endif
