/* The one SQLite file that keeps what the user did: the library of documents read and
 * where reading stopped, each distinct content of a document (its versions), the
 * annotations, the history of every annotation change for undo and redo, and the
 * suggestions the user rejected.
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
#define STORE_SCHEMA_VERSION 3

/* Writes the database path to use into buf: path itself when given, else $PIZHU_DB,
 * else $XDG_DATA_HOME/pizhu/pizhu.db, else $HOME/.local/share/pizhu/pizhu.db.
 * Returns PZ_OK, or PZ_NOENT when no HOME is known, or PZ_TOOBIG when it does not fit. */
enum pz_status store_path(const char *path, char *buf, size_t len);

/* Opens (creating it with mode 0600, and its directory with 0700, if missing) the
 * database at path, in WAL mode with synchronous=FULL, foreign keys on and a busy
 * timeout, and migrates it to STORE_SCHEMA_VERSION in one transaction. On PZ_OK
 * *out is owned (store_close); on failure it is NULL. Nothing is written to the file
 * before it is known to be pizhu's (its application id, or an empty file) and sound
 * (SQLite's quick_check, which reads every page: about 7 ms for 10,000 tags): another
 * program's database, a damaged one or one from a newer pizhu is left byte for byte
 * as it was. An up-to-date database is only read at opening, so that opening needs no
 * write lock; creating or migrating one waits its turn behind other processes.
 * Failures: PZ_DBCORRUPT (not SQLite, damaged, or another program's database),
 * PZ_DBNEWER, PZ_DBREADONLY, PZ_DBBUSY (locked beyond the timeout), PZ_ACCES,
 * PZ_NOENT, PZ_NOMEM, PZ_DB. ":memory:" opens a private in-memory database (for tests
 * and tools). detail (may be NULL) receives SQLite's own words. */
enum pz_status store_open(const char *path, store **out, char *detail, size_t detail_len);

/* The same for a database that exists already: PZ_NOENT (and nothing created) when
 * there is no file at path. For commands that only read what the reader kept. */
enum pz_status store_open_existing(const char *path, store **out, char *detail, size_t detail_len);

/* Closes st; NULL is fine. */
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

/* ---- versions ---- */

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

/* Moves document doc to a new path (the file was renamed). PZ_EXIST when another
 * document has that path. */
enum pz_status store_rename_document(store *st, int64_t doc, const char *path);

/* ---- annotations ---- */

#define STORE_UUID_LEN 36

enum store_anchor { STORE_ANCHORED, STORE_MOVED, STORE_ORPHANED };

/* One annotation. Offsets are characters (code points) in the text of version
 * `version` (0: unknown, as after an import: found again by its quote). Strings are
 * owned by the record (store_annot_release); "" when empty, never NULL once loaded. */
struct store_annot {
	int64_t id;
	char uuid[STORE_UUID_LEN + 1];
	int64_t doc;
	int64_t version;
	char *type;                /* "task", "target", "deadline", "owner", "note", ... */
	int done;                  /* tasks: 0 open, 1 done */
	enum store_anchor anchor;  /* how the last re-anchoring went */
	int64_t start, end;        /* characters, end exclusive */
	char *quote, *prefix, *suffix;
	char *section;             /* section path where it was made ("二、（三）") */
	char *note;
	char *due;                 /* YYYY-MM-DD or "" */
	char *owner;
	char *author;              /* login name of who made it */
	int64_t created, modified; /* Unix time in milliseconds */
};

void store_annot_release(struct store_annot *a);

/* Every annotation of document doc that is not deleted, by start. *v is owned
 * (store_annots_free). */
enum pz_status store_annots(store *st, int64_t doc, struct store_annot **v, size_t *n);
void store_annots_free(struct store_annot *v, size_t n);

/* Adds a (its doc, version, type, offsets, quote, context and user fields; a->uuid is
 * used when set, else a new random UUID is written into it; id, created and modified
 * are set), as one undoable change. PZ_EXIST when the uuid is already stored. */
enum pz_status store_annot_add(store *st, struct store_annot *a);

/* Writes the user's change to a (found by uuid): type, done, note, due, owner, and
 * the anchor fields (version, offsets, quote, context, section), as one undoable
 * change. PZ_NOENT when no such live annotation. */
enum pz_status store_annot_update(store *st, const struct store_annot *a);

/* Deletes the annotation uuid (undoable). PZ_NOENT when there is none. */
enum pz_status store_annot_delete(store *st, const char *uuid);

/* Records where re-anchoring found each of v[0..n) (version, anchor, offsets, quote,
 * context): not a user change, so not in the undo history. One transaction. */
enum pz_status store_reanchor(store *st, const struct store_annot *v, size_t n);

/* The live annotation whose uuid is or starts with prefix (at least 4 characters):
 * PZ_OK with *a filled (owned: store_annot_release), PZ_NOENT, or PZ_AMBIGUOUS when
 * the prefix matches several. */
enum pz_status store_annot_find(store *st, const char *prefix, struct store_annot *a);

/* Undoes the latest change to document doc's annotations not yet undone, or redoes
 * the earliest undone one. PZ_NOENT when there is nothing to undo or redo. uuid (may
 * be NULL, else STORE_UUID_LEN + 1 bytes) gets the annotation concerned. Undoing and
 * redoing work across sessions: the history is in the database. A new change drops
 * what was undone. */
enum pz_status store_undo(store *st, int64_t doc, char *uuid);
enum pz_status store_redo(store *st, int64_t doc, char *uuid);

/* Adds the annotations of a `pizhu tags --format=json` listing json[0..n) to
 * document doc; they are found again by their quote and context on the next load.
 * Annotations whose id is already stored are left as they are, unless they were
 * deleted: those come back as the listing has them. *added and *skipped count them. One transaction: PZ_SYNTAX (detail says where and why) when the JSON is
 * not such a listing, and nothing is added. */
enum pz_status store_import(store *st, int64_t doc, const char *json, size_t n, size_t *added,
                            size_t *skipped, char *detail, size_t detail_len);

/* The "file" member of a tags listing json[0..n) into buf: PZ_OK, PZ_NOENT when
 * there is none, PZ_SYNTAX when json is not JSON, PZ_TOOBIG when it does not fit. */
enum pz_status store_listing_file(const char *json, size_t n, char *buf, size_t len);

/* ---- rejected suggestions ---- */

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

/* Changes whenever another connection commits to the database (PRAGMA data_version):
 * poll it to see other processes' tags. */
int64_t store_data_version(store *st);

#endif
