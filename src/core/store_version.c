/* Versions: each distinct text of a document (its hash and length), so that an
 * annotation knows which text its offsets refer to, and a renamed file is known by its
 * content. */
#include "pizhu/store_version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_sql.h"

static void hash_hex(uint64_t hash, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)hash);
}

/* Prepares sql, whose ?1 ?2 ?3 are a version's document, hash and length. */
static int prepare_version(store *s, const char *sql, int64_t doc, const char *hex,
                           int64_t length, sqlite3_stmt **stmt)
{
	int rc = sql_prepare(s, sql, stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(*stmt, 1, doc);
	sqlite3_bind_text(*stmt, 2, hex, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(*stmt, 3, length);
	return SQLITE_OK;
}

/* The id of document doc's version (hash, length): PZ_OK, PZ_NOENT, or a failure. */
static enum pz_status find_version(store *s, int64_t doc, const char *hex, int64_t length,
                                   int64_t *version)
{
	sqlite3_stmt *stmt;
	int rc = prepare_version(s,
	                         "SELECT id FROM version WHERE document_id = ?1 AND hash = ?2"
	                         " AND length = ?3",
	                         doc, hex, length, &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	rc = sqlite3_step(stmt);
	enum pz_status st = rc == SQLITE_ROW ? PZ_OK : rc == SQLITE_DONE ? PZ_NOENT : sql_status(rc);
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
	int rc = prepare_version(s,
	                         "INSERT INTO version(document_id, hash, length, first_seen)"
	                         " VALUES(?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
	                         doc, hex, length, &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 4, sql_now());
	enum pz_status st = sql_write_step(s, stmt);
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
		return sql_status(rc);
	sqlite3_bind_text(stmt, 1, hex, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, length);
	rc = sqlite3_step(stmt);
	enum pz_status st = PZ_NOENT;
	if (rc == SQLITE_ROW) {
		*doc = sqlite3_column_int64(stmt, 0);
		*path = sql_dup_column(stmt, 1);
		st = *path ? PZ_OK : PZ_NOMEM;
	} else if (rc != SQLITE_DONE) {
		st = sql_status(rc);
	}
	sqlite3_finalize(stmt);
	return st;
}
