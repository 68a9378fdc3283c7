/* The SQLite store: opening it safely (never clobbering a file that is not ours),
 * migrating its schema, and the library of documents with their reading positions. */
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
	default:
		return PZ_DB;
	}
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

/* mkdir -p for the directory part of path, new directories 0700. */
static enum pz_status make_parent(const char *path)
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
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return errno == EACCES ? PZ_ACCES : PZ_IO;
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return errno == EACCES ? PZ_ACCES : PZ_IO;
	return PZ_OK;
}

/* Creates the file 0600 when missing, so that SQLite's -wal and -shm files, which
 * copy its mode, are private too. An existing file is left as it is. */
static enum pz_status create_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		return PZ_OK;
	}
	if (errno == EEXIST)
		return PZ_OK;
	return errno == EACCES || errno == EROFS ? PZ_DBREADONLY : PZ_IO;
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

/* Brings the schema to STORE_SCHEMA_VERSION inside one IMMEDIATE transaction. */
static enum pz_status migrate(sqlite3 *db, char *detail, size_t dlen)
{
	int version = 0, app = 0, tables = 0, rc;
	enum pz_status st = PZ_OK;

	if ((rc = exec(db, "BEGIN IMMEDIATE")) != SQLITE_OK)
		return status_of(rc);
	if ((rc = pragma_int(db, "PRAGMA user_version", &version)) != SQLITE_OK ||
	    (rc = pragma_int(db, "PRAGMA application_id", &app)) != SQLITE_OK ||
	    (rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables)) != SQLITE_OK) {
		st = status_of(rc);
		goto out;
	}
	if ((app != 0 && app != STORE_APPLICATION_ID) || (app == 0 && tables > 0)) {
		set_detail(detail, dlen, "another program's SQLite database");
		st = PZ_DBCORRUPT;
		goto out;
	}
	if (version > STORE_SCHEMA_VERSION) {
		char msg[96];
		snprintf(msg, sizeof(msg), "schema version %d, this pizhu knows up to %d", version,
		         STORE_SCHEMA_VERSION);
		set_detail(detail, dlen, msg);
		st = PZ_DBNEWER;
		goto out;
	}
	for (int v = version; v < STORE_SCHEMA_VERSION; v++)
		if ((rc = exec(db, migrations[v])) != SQLITE_OK) {
			set_detail(detail, dlen, sqlite3_errmsg(db));
			st = status_of(rc);
			goto out;
		}
	if (version < STORE_SCHEMA_VERSION) {
		char sql[96];
		snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=%d",
		         STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
		if ((rc = exec(db, sql)) != SQLITE_OK) {
			st = status_of(rc);
			goto out;
		}
	}
out:
	if (st == PZ_OK && (rc = exec(db, "COMMIT")) != SQLITE_OK)
		st = status_of(rc);
	if (st != PZ_OK)
		exec(db, "ROLLBACK");
	return st;
}

enum pz_status store_open(const char *path, store **out, char *detail, size_t dlen)
{
	enum pz_status st;
	sqlite3 *db = NULL;
	int rc;

	set_detail(detail, dlen, NULL);
	bool in_memory = !strcmp(path, ":memory:"); /* for tests and tools */
	if (!in_memory &&
	    ((st = make_parent(path)) != PZ_OK || (st = create_private(path)) != PZ_OK))
		return st;
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		set_detail(detail, dlen, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return status_of(rc);
	}
	sqlite3_busy_timeout(db, STORE_BUSY_MS);
	sqlite3_extended_result_codes(db, 0);
	/* The first statements read the header: a file that is not SQLite fails here,
	 * before anything could be written to it. */
	int mode_ok = 0;
	rc = pragma_int(db, "PRAGMA schema_version", &mode_ok);
	if (rc == SQLITE_OK)
		rc = exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL");
	if (rc == SQLITE_OK && !in_memory && access(path, W_OK) != 0)
		rc = SQLITE_READONLY;
	if (rc == SQLITE_OK) {
		sqlite3_stmt *stmt;
		rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(stmt);
			rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
			sqlite3_finalize(stmt);
		}
	}
	if (rc != SQLITE_OK) {
		set_detail(detail, dlen, sqlite3_errmsg(db));
		sqlite3_close(db);
		return status_of(rc);
	}
	if ((st = migrate(db, detail, dlen)) != PZ_OK) {
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

/* Runs one prepared write in its own IMMEDIATE transaction. */
static enum pz_status write_step(store *s, sqlite3_stmt *stmt)
{
	int rc = exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return status_of(rc);
	}
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		exec(s->db, "ROLLBACK");
		return status_of(rc);
	}
	rc = exec(s->db, "COMMIT");
	if (rc != SQLITE_OK) {
		exec(s->db, "ROLLBACK");
		return status_of(rc);
	}
	return PZ_OK;
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

static char *dup_column(sqlite3_stmt *stmt, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);
	return strdup(t ? (const char *)t : "");
}

enum pz_status store_library(store *s, struct store_doc **docs, size_t *n)
{
	sqlite3_stmt *stmt;
	struct store_doc *v = NULL;
	size_t len = 0, cap = 0;
	enum pz_status st = PZ_OK;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT id, path, title, last_opened, position, length"
	                            " FROM document ORDER BY last_opened DESC, id DESC",
	                            -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return status_of(rc);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct store_doc *nv = realloc(v, nc * sizeof(*nv));
			if (!nv) {
				st = PZ_NOMEM;
				break;
			}
			v = nv;
			cap = nc;
		}
		struct store_doc *d = &v[len];
		d->id = sqlite3_column_int64(stmt, 0);
		d->path = dup_column(stmt, 1);
		d->title = dup_column(stmt, 2);
		d->last_opened = sqlite3_column_int64(stmt, 3);
		d->position = sqlite3_column_int64(stmt, 4);
		d->length = sqlite3_column_int64(stmt, 5);
		len++;
		if (!d->path || !d->title) {
			st = PZ_NOMEM;
			break;
		}
	}
	if (st == PZ_OK && rc != SQLITE_DONE)
		st = status_of(rc);
	sqlite3_finalize(stmt);
	if (st != PZ_OK) {
		store_docs_free(v, len);
		return st;
	}
	*docs = v;
	*n = len;
	return PZ_OK;
}

void store_docs_free(struct store_doc *docs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(docs[i].path);
		free(docs[i].title);
	}
	free(docs);
}
