/* A document's identity apart from its path: the UUID column of the library, given by
 * the schema (a trigger fills it for every new document) and read or set here. */
#include "pizhu/store_identity.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "store_sql.h"

enum pz_status store_document_uuid(store *s, int64_t doc, char uuid[STORE_UUID_LEN + 1])
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT uuid FROM document WHERE id = ?1 AND uuid IS NOT NULL", &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	rc = sqlite3_step(stmt);
	enum pz_status st = rc == SQLITE_ROW ? PZ_OK : rc == SQLITE_DONE ? PZ_NOENT : sql_status(rc);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(stmt, 0);
		snprintf(uuid, STORE_UUID_LEN + 1, "%s", t ? (const char *)t : "");
	}
	sqlite3_finalize(stmt);
	return st;
}

enum pz_status store_document_by_uuid(store *s, const char *uuid, int64_t *doc)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT id FROM document WHERE uuid = lower(?1)", &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, uuid);
	rc = sqlite3_step(stmt);
	enum pz_status st = rc == SQLITE_ROW ? PZ_OK : rc == SQLITE_DONE ? PZ_NOENT : sql_status(rc);
	if (rc == SQLITE_ROW)
		*doc = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return st;
}

/* 8-4-4-4-12 hexadecimal digits. */
static bool is_uuid(const char *u)
{
	if (strlen(u) != STORE_UUID_LEN)
		return false;
	for (int i = 0; i < STORE_UUID_LEN; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? u[i] != '-' : !isxdigit((unsigned char)u[i]))
			return false;
	}
	return true;
}

enum pz_status store_document_set_uuid(store *s, int64_t doc, const char *uuid)
{
	if (!is_uuid(uuid))
		return PZ_SYNTAX;
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "UPDATE document SET uuid = lower(?2) WHERE id = ?1",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	sql_bind_str(stmt, 2, uuid);
	int64_t before = sqlite3_total_changes64(s->db);
	int ext = 0;
	enum pz_status st = sql_write_step_ext(s, stmt, &ext);
	if (ext == SQLITE_CONSTRAINT)
		return PZ_EXIST;
	if (st == PZ_OK && sqlite3_total_changes64(s->db) == before)
		return PZ_NOENT;
	return st;
}
