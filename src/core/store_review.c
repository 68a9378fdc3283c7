/* A reviewer's marks (reviewed changes and drafts) and the answers to "another draft
 * of …?", kept in the store (schema: the review migration in store.c). */
#include "pizhu/store_review.h"

#include <stdlib.h>

#include "store_sql.h"

enum pz_status store_review_mark(store *s, int64_t doc, const char *reviewer,
                                 const uint64_t *keys, size_t n, bool reviewed)
{
	if (!n)
		return PZ_OK;
	int rc = sql_exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return sql_db_status(s->db, rc);
	sqlite3_stmt *stmt = NULL;
	rc = sql_prepare(s, reviewed
	                 ? "INSERT INTO review_mark(document_id, reviewer, key, created)"
	                   " VALUES(?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING"
	                 : "DELETE FROM review_mark WHERE document_id = ?1 AND reviewer = ?2"
	                   " AND key = ?3 AND ?4 IS NOT NULL",
	                 &stmt);
	int64_t now = sql_now();
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, doc);
		sql_bind_str(stmt, 2, reviewer);
		sqlite3_bind_int64(stmt, 3, (int64_t)keys[i]);
		sqlite3_bind_int64(stmt, 4, now);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return sql_finish(s, rc);
}

enum pz_status store_review_marked(store *s, int64_t doc, const char *reviewer,
                                   const uint64_t *keys, size_t n, bool *marked)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT 1 FROM review_mark WHERE document_id = ?1 AND reviewer = ?2"
	                        " AND key = ?3", &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, doc);
		sql_bind_str(stmt, 2, reviewer);
		sqlite3_bind_int64(stmt, 3, (int64_t)keys[i]);
		rc = sqlite3_step(stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			sqlite3_finalize(stmt);
			return sql_status(rc);
		}
		marked[i] = rc == SQLITE_ROW;
	}
	sqlite3_finalize(stmt);
	return PZ_OK;
}

enum pz_status store_review_draft(store *s, int64_t doc, const char *reviewer, int64_t version)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "INSERT INTO review_draft(document_id, reviewer, version_id, created)"
	                        " VALUES(?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET created = ?4",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	sql_bind_str(stmt, 2, reviewer);
	sqlite3_bind_int64(stmt, 3, version);
	sqlite3_bind_int64(stmt, 4, sql_now());
	return sql_write_step(s, stmt);
}

enum pz_status store_review_last(store *s, int64_t doc, const char *reviewer, int64_t *version)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT version_id FROM review_draft WHERE document_id = ?1 AND"
	                        " reviewer = ?2 ORDER BY created DESC, rowid DESC LIMIT 1", &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	sql_bind_str(stmt, 2, reviewer);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? PZ_OK : rc == SQLITE_DONE ? PZ_NOENT : sql_status(rc);
}

enum pz_status store_draft_answer(store *s, const char *path, bool *yes)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT answer FROM draft_answer WHERE path = ?1", &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, path);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*yes = sqlite3_column_int(stmt, 0) != 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? PZ_OK : rc == SQLITE_DONE ? PZ_NOENT : sql_status(rc);
}

enum pz_status store_draft_answered(store *s, const char *path, bool yes)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "INSERT INTO draft_answer(path, answer, created) VALUES(?1, ?2, ?3)"
	                        " ON CONFLICT DO UPDATE SET answer = ?2, created = ?3", &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, path);
	sqlite3_bind_int(stmt, 2, yes);
	sqlite3_bind_int64(stmt, 3, sql_now());
	return sql_write_step(s, stmt);
}
