/* The SQLite store: opening it safely (never clobbering a file that is not ours),
 * migrating its schema, the library of documents with their reading positions, their
 * versions, the annotations and their undo history.
 *
 * The undo history (table oplog) keeps, for each user change, a JSON snapshot of the
 * annotation before and after it (json_object in SQL, so that SQLite writes and reads
 * the JSON); a deletion only sets `deleted`, so every change is undone by writing a
 * snapshot back. Re-anchoring is not a user change and is not recorded. */
#include "pizhu/store.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* 'pizh': marks the file as pizhu's, so another program's SQLite file is refused. */
#define STORE_APPLICATION_ID 0x70697a68
#define STORE_BUSY_MS 5000

struct store {
	sqlite3 *db;
};

/* Each step migrates from version i to i + 1; index 0 creates the first schema. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
	"CREATE TABLE document ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL DEFAULT '',"
	"  last_opened INTEGER NOT NULL,"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  length INTEGER NOT NULL DEFAULT 0"
	") STRICT;"
	"CREATE INDEX document_recent ON document(last_opened DESC);",

	/* 2: versions, annotations, their history */
	"CREATE TABLE version ("
	"  id INTEGER PRIMARY KEY,"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
	"  hash TEXT NOT NULL,"
	"  length INTEGER NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  UNIQUE(document_id, hash, length)"
	") STRICT;"
	"CREATE INDEX version_content ON version(hash, length);"
	"CREATE TABLE annotation ("
	"  id INTEGER PRIMARY KEY,"
	"  uuid TEXT NOT NULL UNIQUE,"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
	"  version_id INTEGER REFERENCES version(id) ON DELETE SET NULL,"
	"  type TEXT NOT NULL,"
	"  done INTEGER NOT NULL DEFAULT 0 CHECK(done IN (0, 1)),"
	"  anchor TEXT NOT NULL DEFAULT 'anchored'"
	"    CHECK(anchor IN ('anchored', 'moved', 'orphaned')),"
	"  start INTEGER NOT NULL CHECK(start >= 0),"
	"  \"end\" INTEGER NOT NULL CHECK(\"end\" >= start),"
	"  quote TEXT NOT NULL,"
	"  prefix TEXT NOT NULL DEFAULT '',"
	"  suffix TEXT NOT NULL DEFAULT '',"
	"  section TEXT NOT NULL DEFAULT '',"
	"  note TEXT NOT NULL DEFAULT '',"
	"  due TEXT NOT NULL DEFAULT '',"
	"  owner TEXT NOT NULL DEFAULT '',"
	"  author TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  modified INTEGER NOT NULL,"
	"  deleted INTEGER NOT NULL DEFAULT 0 CHECK(deleted IN (0, 1))"
	") STRICT;"
	"CREATE INDEX annotation_document ON annotation(document_id, deleted, start);"
	"CREATE TABLE oplog ("
	"  seq INTEGER PRIMARY KEY,"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
	"  uuid TEXT NOT NULL,"
	"  before TEXT NOT NULL,"
	"  after TEXT NOT NULL,"
	"  undone INTEGER NOT NULL DEFAULT 0 CHECK(undone IN (0, 1)),"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX oplog_document ON oplog(document_id, undone, seq);",

	/* 3: suggestions turned down */
	"CREATE TABLE rejection ("
	"  id INTEGER PRIMARY KEY,"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
	"  type TEXT NOT NULL,"
	"  quote TEXT NOT NULL,"
	"  prefix TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  UNIQUE(document_id, type, quote, prefix)"
	") STRICT;",
};

static enum pz_status status_of(int rc)
{
	switch (rc & 0xFF) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return PZ_OK;
	case SQLITE_NOMEM:
		return PZ_NOMEM;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return PZ_DBCORRUPT;
	case SQLITE_READONLY:
		return PZ_DBREADONLY;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return PZ_DBBUSY;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return PZ_ACCES;
	case SQLITE_CANTOPEN:
		return PZ_NOENT;
	case SQLITE_FULL:
		return PZ_NOSPACE;
	default:
		return PZ_DB;
	}
}

/* status_of, told by the system's error when SQLite had one: an I/O error that was a
 * full disk says so (creating the -shm file on a full disk is "disk I/O error"). */
static enum pz_status db_status(sqlite3 *db, int rc)
{
	enum pz_status st = status_of(rc);
	if (db && (st == PZ_DB || st == PZ_NOENT)) {
		int e = sqlite3_system_errno(db);
		enum pz_status sys = e ? pz_status_of_errno(e) : PZ_IO;
		if (sys != PZ_IO && sys != PZ_NOENT)
			return sys;
	}
	return st;
}

/* Milliseconds since the epoch: documents opened in the same second keep their order. */
static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_detail(char *detail, size_t len, const char *msg)
{
	if (detail && len)
		snprintf(detail, len, "%s", msg ? msg : "");
}

enum pz_status store_path(const char *path, char *buf, size_t len)
{
	const char *env;
	int n;

	if (path && *path)
		n = snprintf(buf, len, "%s", path);
	else if ((env = getenv("PIZHU_DB")) && *env)
		n = snprintf(buf, len, "%s", env);
	else if ((env = getenv("XDG_DATA_HOME")) && *env == '/')
		n = snprintf(buf, len, "%s/pizhu/pizhu.db", env);
	else if ((env = getenv("HOME")) && *env)
		n = snprintf(buf, len, "%s/.local/share/pizhu/pizhu.db", env);
	else
		return PZ_NOENT;
	return n < 0 || (size_t)n >= len ? PZ_TOOBIG : PZ_OK;
}

/* The status of a failed system call on the database's path, with what could not be
 * done and to what in detail ("cannot create directory '/x/pizhu': not a directory";
 * nothing when what is NULL: the database itself could not be opened). */
static enum pz_status path_failed(int e, const char *what, const char *path, char *detail,
                                  size_t dlen)
{
	enum pz_status st = pz_status_of_errno(e);
	if (what && detail && dlen)
		snprintf(detail, dlen, "%s '%s': %s", what, path, pz_strerror(st));
	return st;
}

/* mkdir -p for the directory part of path, new directories 0700. */
static enum pz_status make_parent(const char *path, char *detail, size_t dlen)
{
	char dir[4096];
	size_t n = strlen(path);
	if (n >= sizeof(dir))
		return PZ_TOOBIG;
	memcpy(dir, path, n + 1);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return PZ_OK;
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		if (*p && *p != '/')
			continue;
		char c = *p;
		*p = '\0';
		struct stat sb;
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return path_failed(errno, "cannot create directory", dir, detail, dlen);
		/* what is there already must be a directory (or lead to one) */
		if (stat(dir, &sb) != 0)
			return path_failed(errno, "cannot create directory", dir, detail, dlen);
		if (!S_ISDIR(sb.st_mode))
			return path_failed(ENOTDIR, "cannot create directory", dir, detail, dlen);
		if (!c)
			return PZ_OK;
		*p = '/';
	}
}

/* Creates the file 0600 when missing, so that SQLite's -wal and -shm files, which
 * copy its mode, are private too. An existing file is left as it is. */
static enum pz_status create_private(const char *path, char *detail, size_t dlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		return PZ_OK;
	}
	if (errno == EEXIST)
		return PZ_OK;
	if (errno == EACCES || errno == EROFS)
		return PZ_DBREADONLY;
	return path_failed(errno, "cannot create", path, detail, dlen);
}

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int pragma_int(sqlite3 *db, const char *sql, int *value)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* What a file holds, as read before anything is written to it. */
struct header {
	int app, version, tables;
	bool wal;
};

/* Reads the header fields that tell whose database db is. */
static int read_header(sqlite3 *db, struct header *h)
{
	char mode[16] = "";
	sqlite3_stmt *stmt;
	int rc;
	if ((rc = pragma_int(db, "PRAGMA application_id", &h->app)) != SQLITE_OK ||
	    (rc = pragma_int(db, "PRAGMA user_version", &h->version)) != SQLITE_OK ||
	    (rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &h->tables)) != SQLITE_OK)
		return rc;
	/* asked, not set: on a read-only connection the answer is the file's mode */
	if ((rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(stmt, 0);
		snprintf(mode, sizeof(mode), "%s", t ? (const char *)t : "");
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	h->wal = !strcmp(mode, "wal");
	return rc;
}

/* Refuses a file that is another program's database or from a newer pizhu. */
static enum pz_status judge_header(const struct header *h, char *detail, size_t dlen)
{
	if ((h->app != 0 && h->app != STORE_APPLICATION_ID) || (h->app == 0 && h->tables > 0)) {
		set_detail(detail, dlen, "another program's SQLite database");
		return PZ_DBCORRUPT;
	}
	if (h->version > STORE_SCHEMA_VERSION) {
		char msg[96];
		snprintf(msg, sizeof(msg), "schema version %d, this pizhu knows up to %d", h->version,
		         STORE_SCHEMA_VERSION);
		set_detail(detail, dlen, msg);
		return PZ_DBNEWER;
	}
	return PZ_OK;
}

/* SQLite's quick_check of db (every page and b-tree read, indexes not compared with
 * their tables: linear in the file's size): PZ_OK or PZ_DBCORRUPT with its first
 * complaint in detail. */
static enum pz_status quick_check(sqlite3 *db, char *detail, size_t dlen)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	enum pz_status st = PZ_OK;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(stmt, 0);
		if (!t || strcmp((const char *)t, "ok")) {
			char msg[256];
			snprintf(msg, sizeof(msg), "damaged: %s", t ? (const char *)t : "?");
			set_detail(detail, dlen, msg);
			st = PZ_DBCORRUPT;
		}
	} else {
		set_detail(detail, dlen, sqlite3_errmsg(db));
		st = status_of(rc);
	}
	sqlite3_finalize(stmt);
	return st;
}

/* Looks at the file at path through a read-only connection, which writes nothing
 * (it neither checkpoints nor changes the journal mode): whose it is, its schema
 * version, its journal mode, and whether it is sound. A new, empty file is pizhu's. */
static enum pz_status inspect(const char *path, struct header *h, char *detail, size_t dlen)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, STORE_BUSY_MS);
		sqlite3_extended_result_codes(db, 0);
		/* one read transaction: the header and the check see the same state */
		rc = exec(db, "BEGIN");
		if (rc == SQLITE_OK)
			rc = read_header(db, h);
	}
	enum pz_status st = db_status(db, rc);
	if (rc != SQLITE_OK)
		set_detail(detail, dlen, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	else if ((st = judge_header(h, detail, dlen)) == PZ_OK)
		st = quick_check(db, detail, dlen);
	if (db)
		exec(db, "COMMIT");
	sqlite3_close(db);
	return st;
}

/* Brings the schema to STORE_SCHEMA_VERSION inside one IMMEDIATE transaction, which
 * waits its turn behind another process doing the same (the header is read again
 * under the lock: the other may have done it). */
static enum pz_status migrate(sqlite3 *db, char *detail, size_t dlen)
{
	struct header h = {0};
	enum pz_status st = PZ_OK;
	int rc;

	if ((rc = exec(db, "BEGIN IMMEDIATE")) != SQLITE_OK)
		return db_status(db, rc);
	if ((rc = read_header(db, &h)) != SQLITE_OK) {
		st = db_status(db, rc);
		goto out;
	}
	if ((st = judge_header(&h, detail, dlen)) != PZ_OK)
		goto out;
	for (int v = h.version; v < STORE_SCHEMA_VERSION; v++)
		if ((rc = exec(db, migrations[v])) != SQLITE_OK) {
			set_detail(detail, dlen, sqlite3_errmsg(db));
			st = db_status(db, rc);
			goto out;
		}
	if (h.version < STORE_SCHEMA_VERSION) {
		char sql[96];
		snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=%d",
		         STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
		if ((rc = exec(db, sql)) != SQLITE_OK) {
			st = db_status(db, rc);
			goto out;
		}
	}
out:
	if (st == PZ_OK && (rc = exec(db, "COMMIT")) != SQLITE_OK)
		st = db_status(db, rc);
	if (st != PZ_OK)
		exec(db, "ROLLBACK");
	return st;
}

/* Turns a new file (of pizhu's, checked) to WAL. Changing the journal mode needs the
 * file to itself; another process opening it at the same moment may hold it, so the
 * change waits for it as a write would (the busy handler is not called here). */
static int set_wal(sqlite3 *db)
{
	int rc;
	for (int waited = 0;; waited += 10) {
		sqlite3_stmt *stmt;
		rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(stmt);
			rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
			sqlite3_finalize(stmt);
		}
		if ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED)
			return rc;
		if (waited >= STORE_BUSY_MS)
			return rc;
		sqlite3_sleep(10);
	}
}

enum pz_status store_open(const char *path, store **out, char *detail, size_t dlen)
{
	enum pz_status st;
	sqlite3 *db = NULL;
	struct header h = {0};
	int rc;

	*out = NULL;
	set_detail(detail, dlen, NULL);
	bool in_memory = !strcmp(path, ":memory:"); /* for tests and tools */
	if (!in_memory && ((st = make_parent(path, detail, dlen)) != PZ_OK ||
	                   (st = create_private(path, detail, dlen)) != PZ_OK))
		return st;
	/* SQLite is told not to follow a link to the database: say so before it fails */
	struct stat lsb;
	if (!in_memory && lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
		struct stat sb;
		if (stat(path, &sb) != 0)
			return path_failed(errno, NULL, path, detail, dlen);
		set_detail(detail, dlen, "a symbolic link (give the database file itself)");
		return PZ_NOTREG;
	}
	/* before SQLite touches it: reading a WAL database creates its -shm and -wal
	 * files, which would stay read-only after the user makes the database writable */
	if (!in_memory && access(path, W_OK) != 0) {
		if (errno != EACCES && errno != EROFS)
			return path_failed(errno, NULL, path, detail, dlen);
		set_detail(detail, dlen, "the file is not writable");
		return PZ_DBREADONLY;
	}
	/* Nothing is written before the file is known to be pizhu's and sound. */
	if (!in_memory && (st = inspect(path, &h, detail, dlen)) != PZ_OK)
		return st;
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		set_detail(detail, dlen, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		st = db_status(db, rc);
		sqlite3_close(db);
		return st;
	}
	sqlite3_busy_timeout(db, STORE_BUSY_MS);
	sqlite3_extended_result_codes(db, 0);
	rc = exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL");
	if (rc == SQLITE_OK && !in_memory && !h.wal)
		rc = set_wal(db);
	if (rc != SQLITE_OK) {
		set_detail(detail, dlen, sqlite3_errmsg(db));
		st = db_status(db, rc);
		sqlite3_close(db);
		return st;
	}
	/* an up-to-date database is only read here: a reader needs no write lock */
	if ((in_memory || h.version < STORE_SCHEMA_VERSION) &&
	    (st = migrate(db, detail, dlen)) != PZ_OK) {
		if (detail && !*detail)
			set_detail(detail, dlen, sqlite3_errmsg(db));
		sqlite3_close(db);
		return st;
	}
	store *s = calloc(1, sizeof(*s));
	if (!s) {
		sqlite3_close(db);
		return PZ_NOMEM;
	}
	s->db = db;
	*out = s;
	return PZ_OK;
}

enum pz_status store_open_existing(const char *path, store **out, char *detail, size_t dlen)
{
	struct stat sb;
	if (strcmp(path, ":memory:") && stat(path, &sb) != 0 && errno == ENOENT) {
		set_detail(detail, dlen, NULL);
		return PZ_NOENT;
	}
	return store_open(path, out, detail, dlen);
}

void store_close(store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st);
}

void store_set_busy_timeout(store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

/* Runs one prepared write in its own IMMEDIATE transaction; *ext (may be NULL) gets
 * the statement's failing result code. */
static enum pz_status write_step_ext(store *s, sqlite3_stmt *stmt, int *ext)
{
	int rc = exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return db_status(s->db, rc);
	}
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		if (ext)
			*ext = rc;
		enum pz_status st = db_status(s->db, rc);
		exec(s->db, "ROLLBACK");
		return st;
	}
	rc = exec(s->db, "COMMIT");
	if (rc != SQLITE_OK) {
		enum pz_status st = db_status(s->db, rc);
		exec(s->db, "ROLLBACK");
		return st;
	}
	return PZ_OK;
}

static enum pz_status write_step(store *s, sqlite3_stmt *stmt)
{
	return write_step_ext(s, stmt, NULL);
}

enum pz_status store_open_document(store *s, const char *path, const char *title,
                                   int64_t length, int64_t *id, int64_t *position)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db,
	                            "INSERT INTO document(path, title, last_opened, length)"
	                            " VALUES(?1, ?2, ?3, ?4)"
	                            " ON CONFLICT(path) DO UPDATE SET title = ?2,"
	                            " last_opened = ?3, length = ?4",
	                            -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_bind_text(stmt, 1, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, title ? title : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, now_ms());
	sqlite3_bind_int64(stmt, 4, length);
	enum pz_status st = write_step(s, stmt);
	if (st != PZ_OK)
		return st;
	rc = sqlite3_prepare_v2(s->db, "SELECT id, position FROM document WHERE path = ?1", -1,
	                        &stmt, NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_bind_text(stmt, 1, path, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		*position = sqlite3_column_int64(stmt, 1);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_CORRUPT; /* inserted yet not found */
	}
	sqlite3_finalize(stmt);
	return status_of(rc);
}

enum pz_status store_find_document(store *s, const char *path, int64_t *id, int64_t *position)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db, "SELECT id, position FROM document WHERE path = ?1", -1,
	                            &stmt, NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_bind_text(stmt, 1, path, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	enum pz_status st = PZ_NOENT;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		*position = sqlite3_column_int64(stmt, 1);
		st = PZ_OK;
	} else if (rc != SQLITE_DONE) {
		st = status_of(rc);
	}
	sqlite3_finalize(stmt);
	return st;
}

enum pz_status store_save_position(store *s, int64_t id, int64_t position)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db, "UPDATE document SET position = ?2 WHERE id = ?1", -1,
	                            &stmt, NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, position);
	return write_step(s, stmt);
}

/* Makes room in *v (elements of size bytes, *cap of them) for element len. */
static bool grow(void *v, size_t *cap, size_t len, size_t size)
{
	if (len < *cap)
		return true;
	size_t nc = *cap ? *cap * 2 : 16;
	void *nv = realloc(*(void **)v, nc * size);
	if (!nv)
		return false;
	*(void **)v = nv;
	*cap = nc;
	return true;
}

static char *dup_column(sqlite3_stmt *stmt, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);
	return strdup(t ? (const char *)t : "");
}

/* Reads every row of stmt (finalized here) into a new array of elements of size bytes:
 * read fills one from the row (PZ_OK; else it leaves nothing to free), release frees
 * the first n of an array. On PZ_OK *out is owned by the caller. */
static enum pz_status read_rows(sqlite3_stmt *stmt, size_t size,
                                enum pz_status (*read)(sqlite3_stmt *stmt, void *elem),
                                void (*release)(void *v, size_t n), void **out, size_t *n)
{
	char *v = NULL;
	size_t len = 0, cap = 0;
	enum pz_status st = PZ_OK;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (!grow(&v, &cap, len, size)) {
			st = PZ_NOMEM;
			break;
		}
		if ((st = read(stmt, v + len * size)) != PZ_OK)
			break;
		len++;
	}
	if (st == PZ_OK && rc != SQLITE_DONE)
		st = status_of(rc);
	sqlite3_finalize(stmt);
	if (st != PZ_OK) {
		release(v, len);
		return st;
	}
	*out = v;
	*n = len;
	return PZ_OK;
}

static enum pz_status read_doc(sqlite3_stmt *stmt, void *elem)
{
	struct store_doc *d = elem;
	d->id = sqlite3_column_int64(stmt, 0);
	d->path = dup_column(stmt, 1);
	d->title = dup_column(stmt, 2);
	d->last_opened = sqlite3_column_int64(stmt, 3);
	d->position = sqlite3_column_int64(stmt, 4);
	d->length = sqlite3_column_int64(stmt, 5);
	if (d->path && d->title)
		return PZ_OK;
	free(d->path);
	free(d->title);
	return PZ_NOMEM;
}

static void release_docs(void *v, size_t n)
{
	store_docs_free(v, n);
}

enum pz_status store_library(store *s, struct store_doc **docs, size_t *n)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT id, path, title, last_opened, position, length"
	                            " FROM document ORDER BY last_opened DESC, id DESC",
	                            -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	return read_rows(stmt, sizeof(**docs), read_doc, release_docs, (void **)docs, n);
}

void store_docs_free(struct store_doc *docs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(docs[i].path);
		free(docs[i].title);
	}
	free(docs);
}

/* ---- versions ---- */

static void hash_hex(uint64_t hash, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)hash);
}

/* The id of document doc's version (hash, length): PZ_OK, PZ_NOENT, or a failure. */
static enum pz_status find_version(store *s, int64_t doc, const char *hex, int64_t length,
                                   int64_t *version)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT id FROM version WHERE document_id = ?1 AND hash = ?2"
	                            " AND length = ?3",
	                            -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	sqlite3_bind_text(stmt, 2, hex, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, length);
	rc = sqlite3_step(stmt);
	enum pz_status st = rc == SQLITE_ROW ? PZ_OK : rc == SQLITE_DONE ? PZ_NOENT : status_of(rc);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return st;
}

enum pz_status store_version(store *s, int64_t doc, uint64_t hash, int64_t length,
                             int64_t *version)
{
	char hex[17];
	hash_hex(hash, hex);
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db,
	                            "INSERT INTO version(document_id, hash, length, first_seen)"
	                            " VALUES(?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
	                            -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	sqlite3_bind_text(stmt, 2, hex, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, length);
	sqlite3_bind_int64(stmt, 4, now_ms());
	enum pz_status st = write_step(s, stmt);
	if (st != PZ_OK)
		return st;
	st = find_version(s, doc, hex, length, version);
	return st == PZ_NOENT ? PZ_DBCORRUPT : st; /* inserted yet not found */
}

enum pz_status store_find_version(store *s, int64_t doc, uint64_t hash, int64_t length,
                                  int64_t *version)
{
	char hex[17];
	hash_hex(hash, hex);
	return find_version(s, doc, hex, length, version);
}

enum pz_status store_find_content(store *s, uint64_t hash, int64_t length, int64_t *doc,
                                  char **path)
{
	char hex[17];
	hash_hex(hash, hex);
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT d.id, d.path FROM version v JOIN document d"
	                            " ON d.id = v.document_id WHERE v.hash = ?1 AND v.length = ?2"
	                            " ORDER BY d.last_opened DESC LIMIT 1",
	                            -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_bind_text(stmt, 1, hex, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, length);
	rc = sqlite3_step(stmt);
	enum pz_status st = PZ_NOENT;
	if (rc == SQLITE_ROW) {
		*doc = sqlite3_column_int64(stmt, 0);
		*path = dup_column(stmt, 1);
		st = *path ? PZ_OK : PZ_NOMEM;
	} else if (rc != SQLITE_DONE) {
		st = status_of(rc);
	}
	sqlite3_finalize(stmt);
	return st;
}

enum pz_status store_rename_document(store *s, int64_t doc, const char *path)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db, "UPDATE document SET path = ?2 WHERE id = ?1", -1, &stmt,
	                            NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	sqlite3_bind_text(stmt, 2, path, -1, SQLITE_TRANSIENT);
	int ext = 0;
	enum pz_status st = write_step_ext(s, stmt, &ext);
	return ext == SQLITE_CONSTRAINT ? PZ_EXIST : st;
}

/* ---- annotations ---- */

#define ANNOT_COLUMNS                                                                    \
	"id, uuid, document_id, ifnull(version_id, 0), type, done, anchor, start, \"end\","    \
	" quote, prefix, suffix, section, note, due, owner, author, created, modified"

/* The snapshot an undo or redo writes back: every field a user change can touch. */
#define ANNOT_SNAPSHOT                                                                   \
	"json_object('version_id', version_id, 'type', type, 'done', done, 'anchor', anchor,"  \
	" 'start', start, 'end', \"end\", 'quote', quote, 'prefix', prefix, 'suffix', suffix," \
	" 'section', section, 'note', note, 'due', due, 'owner', owner, 'deleted', deleted)"

static const char *const anchor_names[] = {"anchored", "moved", "orphaned"};

static enum store_anchor anchor_of(const unsigned char *t)
{
	for (int i = 0; i < 3; i++)
		if (t && !strcmp((const char *)t, anchor_names[i]))
			return (enum store_anchor)i;
	return STORE_ORPHANED;
}

void store_annot_release(struct store_annot *a)
{
	free(a->type);
	free(a->quote);
	free(a->prefix);
	free(a->suffix);
	free(a->section);
	free(a->note);
	free(a->due);
	free(a->owner);
	free(a->author);
	memset(a, 0, sizeof(*a));
}

void store_annots_free(struct store_annot *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_annot_release(&v[i]);
	free(v);
}

static enum pz_status read_annot(sqlite3_stmt *stmt, struct store_annot *a)
{
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(stmt, 0);
	const unsigned char *u = sqlite3_column_text(stmt, 1);
	snprintf(a->uuid, sizeof(a->uuid), "%s", u ? (const char *)u : "");
	a->doc = sqlite3_column_int64(stmt, 2);
	a->version = sqlite3_column_int64(stmt, 3);
	a->type = dup_column(stmt, 4);
	a->done = sqlite3_column_int(stmt, 5);
	a->anchor = anchor_of(sqlite3_column_text(stmt, 6));
	a->start = sqlite3_column_int64(stmt, 7);
	a->end = sqlite3_column_int64(stmt, 8);
	a->quote = dup_column(stmt, 9);
	a->prefix = dup_column(stmt, 10);
	a->suffix = dup_column(stmt, 11);
	a->section = dup_column(stmt, 12);
	a->note = dup_column(stmt, 13);
	a->due = dup_column(stmt, 14);
	a->owner = dup_column(stmt, 15);
	a->author = dup_column(stmt, 16);
	a->created = sqlite3_column_int64(stmt, 17);
	a->modified = sqlite3_column_int64(stmt, 18);
	if (!a->type || !a->quote || !a->prefix || !a->suffix || !a->section || !a->note ||
	    !a->due || !a->owner || !a->author) {
		store_annot_release(a);
		return PZ_NOMEM;
	}
	return PZ_OK;
}

static enum pz_status read_annot_row(sqlite3_stmt *stmt, void *elem)
{
	return read_annot(stmt, elem);
}

static void release_annots(void *v, size_t n)
{
	store_annots_free(v, n);
}

enum pz_status store_annots(store *s, int64_t doc, struct store_annot **out, size_t *n)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT " ANNOT_COLUMNS " FROM annotation"
	                            " WHERE document_id = ?1 AND deleted = 0 ORDER BY start, id",
	                            -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	return read_rows(stmt, sizeof(**out), read_annot_row, release_annots, (void **)out, n);
}

/* A random (version 4) UUID from the kernel's generator. */
static enum pz_status new_uuid(char out[STORE_UUID_LEN + 1])
{
	unsigned char b[16];
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return PZ_IO;
	while (got < sizeof(b)) {
		ssize_t r = read(fd, b + got, sizeof(b) - got);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			close(fd);
			return PZ_IO;
		}
		got += (size_t)r;
	}
	close(fd);
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	snprintf(out, STORE_UUID_LEN + 1,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
	         b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
	         b[15]);
	return PZ_OK;
}

static int prepare(store *s, const char *sql, sqlite3_stmt **stmt)
{
	return sqlite3_prepare_v2(s->db, sql, -1, stmt, NULL);
}

/* Steps a statement that returns nothing or one row, then finalizes it. */
static int run(sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static void bind_str(sqlite3_stmt *stmt, int i, const char *t)
{
	sqlite3_bind_text(stmt, i, t ? t : "", -1, SQLITE_TRANSIENT);
}

static void bind_named_str(sqlite3_stmt *stmt, const char *name, const char *t)
{
	int i = sqlite3_bind_parameter_index(stmt, name);
	if (i)
		bind_str(stmt, i, t);
}

static void bind_named_int(sqlite3_stmt *stmt, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(stmt, name);
	if (i)
		sqlite3_bind_int64(stmt, i, v);
}

/* Binds every field of a that stmt names (:uuid, :type, :start, ...), and :now. */
static void bind_annot(sqlite3_stmt *stmt, const struct store_annot *a, int64_t now)
{
	bind_named_str(stmt, ":uuid", a->uuid);
	bind_named_int(stmt, ":doc", a->doc);
	bind_named_int(stmt, ":version", a->version);
	bind_named_str(stmt, ":type", a->type);
	bind_named_int(stmt, ":done", a->done ? 1 : 0);
	bind_named_str(stmt, ":anchor",
	               anchor_names[a->anchor <= STORE_ORPHANED ? a->anchor : STORE_ORPHANED]);
	bind_named_int(stmt, ":start", a->start);
	bind_named_int(stmt, ":end", a->end);
	bind_named_str(stmt, ":quote", a->quote);
	bind_named_str(stmt, ":prefix", a->prefix);
	bind_named_str(stmt, ":suffix", a->suffix);
	bind_named_str(stmt, ":section", a->section);
	bind_named_str(stmt, ":note", a->note);
	bind_named_str(stmt, ":due", a->due);
	bind_named_str(stmt, ":owner", a->owner);
	bind_named_str(stmt, ":author", a->author);
	bind_named_int(stmt, ":now", now);
}

/* The snapshot of annotation uuid into *json (owned); SQLITE_DONE when none. */
static int snapshot(store *s, const char *uuid, char **json)
{
	sqlite3_stmt *stmt;
	int rc = prepare(s, "SELECT " ANNOT_SNAPSHOT " FROM annotation WHERE uuid = ?1", &stmt);
	if (rc != SQLITE_OK)
		return rc;
	bind_str(stmt, 1, uuid);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*json = dup_column(stmt, 0);
		rc = *json ? SQLITE_OK : SQLITE_NOMEM;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Records a user change in the history, dropping what had been undone. */
static int log_change(store *s, int64_t doc, const char *uuid, const char *before,
                      const char *after)
{
	sqlite3_stmt *stmt;
	int rc = prepare(s, "DELETE FROM oplog WHERE document_id = ?1 AND undone = 1", &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, doc);
	if ((rc = run(stmt)) != SQLITE_OK)
		return rc;
	rc = prepare(s, "INSERT INTO oplog(document_id, uuid, before, after, at)"
	                " VALUES(?1, ?2, ?3, ?4, ?5)",
	             &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, doc);
	bind_str(stmt, 2, uuid);
	bind_str(stmt, 3, before);
	bind_str(stmt, 4, after);
	sqlite3_bind_int64(stmt, 5, now_ms());
	return run(stmt);
}

/* Ends a write transaction: COMMIT when rc is SQLITE_OK, else ROLLBACK. */
static enum pz_status finish(store *s, int rc)
{
	if (rc == SQLITE_OK && (rc = exec(s->db, "COMMIT")) == SQLITE_OK)
		return PZ_OK;
	enum pz_status st = db_status(s->db, rc);
	exec(s->db, "ROLLBACK");
	return st;
}

enum pz_status store_annot_add(store *s, struct store_annot *a)
{
	enum pz_status st;
	if (!a->uuid[0] && (st = new_uuid(a->uuid)) != PZ_OK)
		return st;
	int rc = exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_stmt *stmt;
	int64_t now = now_ms();
	char *before = NULL, *after = NULL;
	rc = prepare(s,
	             "INSERT INTO annotation(uuid, document_id, version_id, type, done, anchor,"
	             " start, \"end\", quote, prefix, suffix, section, note, due, owner, author,"
	             " created, modified) VALUES(:uuid, :doc, nullif(:version, 0), :type, :done,"
	             " :anchor, :start, :end, :quote, :prefix, :suffix, :section, :note, :due,"
	             " :owner, :author, :now, :now)",
	             &stmt);
	if (rc != SQLITE_OK)
		return finish(s, rc);
	bind_annot(stmt, a, now);
	rc = run(stmt);
	if (rc == SQLITE_CONSTRAINT) {
		exec(s->db, "ROLLBACK");
		return PZ_EXIST;
	}
	if (rc == SQLITE_OK)
		rc = snapshot(s, a->uuid, &after);
	if (rc == SQLITE_OK) {
		/* before the change, it was as good as deleted */
		rc = prepare(s, "SELECT json_set(?1, '$.deleted', 1)", &stmt);
		if (rc == SQLITE_OK) {
			bind_str(stmt, 1, after);
			if (sqlite3_step(stmt) == SQLITE_ROW)
				before = dup_column(stmt, 0);
			sqlite3_finalize(stmt);
			rc = before ? SQLITE_OK : SQLITE_NOMEM;
		}
	}
	if (rc == SQLITE_OK)
		rc = log_change(s, a->doc, a->uuid, before, after);
	free(before);
	free(after);
	if ((st = finish(s, rc)) == PZ_OK) {
		a->id = sqlite3_last_insert_rowid(s->db);
		a->created = a->modified = now;
	}
	return st;
}

/* Writes snapshot json back to annotation uuid (the heart of undo and redo). */
static int apply_snapshot(store *s, const char *uuid, const char *json)
{
	sqlite3_stmt *stmt;
	int rc = prepare(s,
	                 "UPDATE annotation SET version_id = ?1 ->> 'version_id',"
	                 " type = ?1 ->> 'type', done = ?1 ->> 'done', anchor = ?1 ->> 'anchor',"
	                 " start = ?1 ->> 'start', \"end\" = ?1 ->> 'end', quote = ?1 ->> 'quote',"
	                 " prefix = ?1 ->> 'prefix', suffix = ?1 ->> 'suffix',"
	                 " section = ?1 ->> 'section', note = ?1 ->> 'note', due = ?1 ->> 'due',"
	                 " owner = ?1 ->> 'owner', deleted = ?1 ->> 'deleted', modified = ?3"
	                 " WHERE uuid = ?2",
	                 &stmt);
	if (rc != SQLITE_OK)
		return rc;
	bind_str(stmt, 1, json);
	bind_str(stmt, 2, uuid);
	sqlite3_bind_int64(stmt, 3, now_ms());
	return run(stmt);
}

/* One undoable change: snapshot, change (sql with ?1 = uuid), snapshot, log. */
static enum pz_status change(store *s, const char *uuid, sqlite3_stmt *stmt)
{
	int rc = exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return status_of(rc);
	}
	char *before = NULL, *after = NULL;
	int64_t doc = 0;
	sqlite3_stmt *q;
	rc = prepare(s, "SELECT document_id FROM annotation WHERE uuid = ?1 AND deleted = 0", &q);
	if (rc == SQLITE_OK) {
		bind_str(q, 1, uuid);
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW) {
			doc = sqlite3_column_int64(q, 0);
			rc = SQLITE_OK;
		}
		sqlite3_finalize(q);
	}
	if (rc == SQLITE_DONE) { /* no such live annotation */
		sqlite3_finalize(stmt);
		exec(s->db, "ROLLBACK");
		return PZ_NOENT;
	}
	if (rc == SQLITE_OK)
		rc = snapshot(s, uuid, &before);
	if (rc == SQLITE_OK) {
		rc = run(stmt);
		stmt = NULL;
	}
	if (rc == SQLITE_OK)
		rc = snapshot(s, uuid, &after);
	if (rc == SQLITE_OK && strcmp(before, after) != 0)
		rc = log_change(s, doc, uuid, before, after);
	sqlite3_finalize(stmt);
	free(before);
	free(after);
	return finish(s, rc);
}

enum pz_status store_annot_update(store *s, const struct store_annot *a)
{
	sqlite3_stmt *stmt;
	int rc = prepare(s,
	                 "UPDATE annotation SET type = :type, done = :done, note = :note,"
	                 " due = :due, owner = :owner, version_id = nullif(:version, 0),"
	                 " anchor = :anchor, start = :start, \"end\" = :end, quote = :quote,"
	                 " prefix = :prefix, suffix = :suffix, section = :section, modified = :now"
	                 " WHERE uuid = :uuid",
	                 &stmt);
	if (rc != SQLITE_OK)
		return status_of(rc);
	bind_annot(stmt, a, now_ms());
	return change(s, a->uuid, stmt);
}

enum pz_status store_annot_delete(store *s, const char *uuid)
{
	sqlite3_stmt *stmt;
	int rc = prepare(s, "UPDATE annotation SET deleted = 1, modified = ?2 WHERE uuid = ?1",
	                 &stmt);
	if (rc != SQLITE_OK)
		return status_of(rc);
	bind_str(stmt, 1, uuid);
	sqlite3_bind_int64(stmt, 2, now_ms());
	return change(s, uuid, stmt);
}

enum pz_status store_reanchor(store *s, const struct store_annot *v, size_t n)
{
	int rc = exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_stmt *stmt;
	rc = prepare(s,
	             "UPDATE annotation SET version_id = nullif(:version, 0), anchor = :anchor,"
	             " start = :start, \"end\" = :end, quote = :quote, prefix = :prefix,"
	             " suffix = :suffix WHERE uuid = :uuid",
	             &stmt);
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		bind_annot(stmt, &v[i], 0);
		rc = sqlite3_step(stmt);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return finish(s, rc);
}

enum pz_status store_annot_find(store *s, const char *prefix, struct store_annot *a)
{
	size_t n = strlen(prefix);
	if (n < 4 || n > STORE_UUID_LEN || strspn(prefix, "0123456789abcdefABCDEF-") != n)
		return PZ_NOENT;
	char pat[STORE_UUID_LEN + 2];
	for (size_t i = 0; i < n; i++)
		pat[i] = (char)(prefix[i] >= 'A' && prefix[i] <= 'F' ? prefix[i] - 'A' + 'a' : prefix[i]);
	pat[n] = '*';
	pat[n + 1] = '\0';
	sqlite3_stmt *stmt;
	int rc = prepare(s,
	                 "SELECT " ANNOT_COLUMNS " FROM annotation WHERE uuid GLOB ?1 AND deleted = 0"
	                 " LIMIT 2",
	                 &stmt);
	if (rc != SQLITE_OK)
		return status_of(rc);
	bind_str(stmt, 1, pat);
	enum pz_status st = PZ_NOENT;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		st = read_annot(stmt, a);
		if (st == PZ_OK && sqlite3_step(stmt) == SQLITE_ROW) {
			store_annot_release(a);
			st = PZ_AMBIGUOUS;
		}
	} else if (rc != SQLITE_DONE) {
		st = status_of(rc);
	}
	sqlite3_finalize(stmt);
	return st;
}

static enum pz_status undo_redo(store *s, int64_t doc, int redo, char *uuid_out)
{
	int rc = exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_stmt *stmt;
	rc = prepare(s,
	             redo ? "SELECT seq, uuid, after FROM oplog WHERE document_id = ?1 AND undone = 1"
	                    " ORDER BY seq LIMIT 1"
	                  : "SELECT seq, uuid, before FROM oplog WHERE document_id = ?1 AND undone = 0"
	                    " ORDER BY seq DESC LIMIT 1",
	             &stmt);
	if (rc != SQLITE_OK)
		return finish(s, rc);
	sqlite3_bind_int64(stmt, 1, doc);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(stmt);
		exec(s->db, "ROLLBACK");
		return PZ_NOENT;
	}
	int64_t seq = 0;
	char *uuid = NULL, *json = NULL;
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(stmt, 0);
		uuid = dup_column(stmt, 1);
		json = dup_column(stmt, 2);
		rc = uuid && json ? SQLITE_OK : SQLITE_NOMEM;
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_OK)
		rc = apply_snapshot(s, uuid, json);
	if (rc == SQLITE_OK && (rc = prepare(s, "UPDATE oplog SET undone = ?2 WHERE seq = ?1",
	                                     &stmt)) == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, seq);
		sqlite3_bind_int(stmt, 2, redo ? 0 : 1);
		rc = run(stmt);
	}
	if (rc == SQLITE_OK && uuid_out)
		snprintf(uuid_out, STORE_UUID_LEN + 1, "%s", uuid);
	free(uuid);
	free(json);
	return finish(s, rc);
}

enum pz_status store_undo(store *s, int64_t doc, char *uuid)
{
	return undo_redo(s, doc, 0, uuid);
}

enum pz_status store_redo(store *s, int64_t doc, char *uuid)
{
	return undo_redo(s, doc, 1, uuid);
}

int64_t store_data_version(store *s)
{
	int v = 0;
	if (pragma_int(s->db, "PRAGMA data_version", &v) != SQLITE_OK)
		return -1;
	return v;
}

/* Why element v of an import cannot be taken, or NULL: checked before anything is
 * written, so that a bad listing adds nothing. */
#define IMPORT_PROBLEM                                                                   \
	"CASE"                                                                               \
	" WHEN type != 'object' THEN 'is not an object'"                                    \
	" WHEN typeof(value ->> 'id') != 'text' OR length(value ->> 'id') != 36"            \
	"  OR (value ->> 'id') GLOB '*[^0-9a-fA-F-]*' THEN 'has no valid \"id\" (a UUID)'"     \
	" WHEN typeof(value ->> 'type') != 'text' OR (value ->> 'type') = ''"                \
	"  OR (value ->> 'type') GLOB '*[^a-z0-9-]*' THEN 'has no valid \"type\"'"            \
	" WHEN typeof(value ->> 'quote') != 'text' OR (value ->> 'quote') = ''"              \
	"  THEN 'has no \"quote\"'"                                                           \
	" WHEN typeof(value ->> 'start') != 'integer' OR typeof(value ->> 'end') != 'integer'" \
	"  OR (value ->> 'start') < 0 OR (value ->> 'end') < (value ->> 'start')"            \
	"  THEN 'has no valid \"start\" and \"end\"'"                                         \
	" WHEN ifnull(value ->> 'state', 'open') NOT IN ('open', 'done')"                   \
	"  THEN 'has a \"state\" other than open or done'"                                    \
	" WHEN ifnull(value ->> 'due', '') != ''"                                           \
	"  AND date(value ->> 'due', '+0 days') IS NOT (value ->> 'due')"                               \
	"  THEN 'has a \"due\" date that is not YYYY-MM-DD'"                                  \
	" END"

enum pz_status store_import(store *s, int64_t doc, const char *json, size_t n, size_t *added,
                            size_t *skipped, char *detail, size_t dlen)
{
	*added = *skipped = 0;
	set_detail(detail, dlen, NULL);
	int rc = exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_stmt *stmt;
	enum pz_status st = PZ_OK;
	rc = prepare(s,
	             "SELECT json_type(?1, '$.annotations'),"
	             " (SELECT key || ': ' || p FROM (SELECT key, " IMPORT_PROBLEM " AS p"
	             "   FROM json_each(?1, '$.annotations')) WHERE p IS NOT NULL LIMIT 1),"
	             " json_array_length(?1, '$.annotations')",
	             &stmt);
	if (rc != SQLITE_OK) {
		set_detail(detail, dlen, sqlite3_errmsg(s->db));
		return finish(s, rc);
	}
	sqlite3_bind_text(stmt, 1, json, (int)n, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	size_t total = 0;
	if (rc == SQLITE_ROW) {
		const unsigned char *kind = sqlite3_column_text(stmt, 0);
		const unsigned char *why = sqlite3_column_text(stmt, 1);
		total = (size_t)sqlite3_column_int64(stmt, 2);
		rc = SQLITE_OK;
		if (!kind || strcmp((const char *)kind, "array")) {
			set_detail(detail, dlen, "no \"annotations\" array: not a pizhu tags listing");
			st = PZ_SYNTAX;
		} else if (why) {
			char msg[160];
			snprintf(msg, sizeof(msg), "annotation %s", (const char *)why);
			set_detail(detail, dlen, msg);
			st = PZ_SYNTAX;
		}
	} else {
		/* malformed JSON */
		set_detail(detail, dlen, sqlite3_errmsg(s->db));
		st = PZ_SYNTAX;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	if (st != PZ_OK) {
		exec(s->db, "ROLLBACK");
		return st;
	}
	rc = prepare(s,
	             "INSERT INTO annotation(uuid, document_id, version_id, type, done, anchor,"
	             " start, \"end\", quote, prefix, suffix, section, note, due, owner, author,"
	             " created, modified)"
	             " SELECT lower(value ->> 'id'), ?2, NULL, value ->> 'type',"
	             " ifnull(value ->> 'state', 'open') = 'done', 'anchored', value ->> 'start',"
	             " value ->> 'end', value ->> 'quote', ifnull(value ->> 'prefix', ''),"
	             " ifnull(value ->> 'suffix', ''), ifnull(value ->> 'section', ''),"
	             " ifnull(value ->> 'note', ''), ifnull(value ->> 'due', ''),"
	             " ifnull(value ->> 'owner', ''), ifnull(value ->> 'author', ''),"
	             " ifnull(CAST(round((julianday(value ->> 'created') - 2440587.5) * 86400000)"
	             "   AS INTEGER), ?3),"
	             " ifnull(CAST(round((julianday(value ->> 'modified') - 2440587.5) * 86400000)"
	             "   AS INTEGER), ?3)"
	             " FROM json_each(?1, '$.annotations') WHERE true"
	             /* one deleted here comes back as the listing has it */
	             " ON CONFLICT(uuid) DO UPDATE SET document_id = excluded.document_id,"
	             " version_id = NULL, type = excluded.type, done = excluded.done,"
	             " anchor = 'anchored', start = excluded.start, \"end\" = excluded.\"end\","
	             " quote = excluded.quote, prefix = excluded.prefix, suffix = excluded.suffix,"
	             " section = excluded.section, note = excluded.note, due = excluded.due,"
	             " owner = excluded.owner, modified = ?3, deleted = 0 WHERE deleted = 1",
	             &stmt);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, json, (int)n, SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 2, doc);
		sqlite3_bind_int64(stmt, 3, now_ms());
		rc = run(stmt);
	}
	if (rc == SQLITE_OK) {
		*added = (size_t)sqlite3_changes(s->db);
		*skipped = total - *added;
	} else {
		set_detail(detail, dlen, sqlite3_errmsg(s->db));
	}
	return finish(s, rc);
}

enum pz_status store_listing_file(const char *json, size_t n, char *buf, size_t len)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
		sqlite3_close(db);
		return PZ_NOMEM;
	}
	enum pz_status st = PZ_SYNTAX;
	if (sqlite3_prepare_v2(db, "SELECT json_extract(?1, '$.file')", -1, &stmt, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, json, (int)n, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(stmt, 0);
			if (!t || !*t)
				st = PZ_NOENT;
			else
				st = (size_t)snprintf(buf, len, "%s", (const char *)t) < len ? PZ_OK : PZ_TOOBIG;
		}
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return st;
}

/* ---- rejected suggestions ---- */

enum pz_status store_reject(store *s, int64_t doc, const char *type, const char *quote,
                            const char *prefix)
{
	sqlite3_stmt *stmt;
	int rc = prepare(s,
	                 "INSERT INTO rejection(document_id, type, quote, prefix, created)"
	                 " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
	                 &stmt);
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	bind_str(stmt, 2, type);
	bind_str(stmt, 3, quote);
	bind_str(stmt, 4, prefix);
	sqlite3_bind_int64(stmt, 5, now_ms());
	return write_step(s, stmt);
}

static enum pz_status read_rejection(sqlite3_stmt *stmt, void *elem)
{
	struct store_rejection *r = elem;
	r->type = dup_column(stmt, 0);
	r->quote = dup_column(stmt, 1);
	r->prefix = dup_column(stmt, 2);
	if (r->type && r->quote && r->prefix)
		return PZ_OK;
	free(r->type);
	free(r->quote);
	free(r->prefix);
	return PZ_NOMEM;
}

static void release_rejections(void *v, size_t n)
{
	store_rejections_free(v, n);
}

enum pz_status store_rejections(store *s, int64_t doc, struct store_rejection **out, size_t *n)
{
	sqlite3_stmt *stmt;
	int rc = prepare(s, "SELECT type, quote, prefix FROM rejection WHERE document_id = ?1", &stmt);
	if (rc != SQLITE_OK)
		return status_of(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	return read_rows(stmt, sizeof(**out), read_rejection, release_rejections, (void **)out, n);
}

void store_rejections_free(struct store_rejection *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].type);
		free(v[i].quote);
		free(v[i].prefix);
	}
	free(v);
}
