/* Suggestions the user turned down, remembered by their type, their words and the
 * words before them, so that they stay down in later drafts. A rejection is never
 * deleted: bringing a suggestion back (or undoing its turn-down) sets `deleted`, so
 * that the history (oplog, shared with the tags: store_annot.c) can write the state
 * back both ways, as it does for a tag. */
#include "pizhu/store_reject.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_sql.h"

/* The history's snapshots of a rejection: all that a user change touches. */
#define DOWN "{\"deleted\":0}"
#define BACK "{\"deleted\":1}"

/* Turns (type, quote, prefix) of doc down (deleted 0) or brings it back (deleted 1)
 * inside the caller's transaction; *uuid gets the rejection's uuid when something
 * changed, else stays "". */
static int set_state(store *s, int64_t doc, const char *type, const char *quote,
                     const char *prefix, int deleted, char *uuid)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                 deleted ? "UPDATE rejection SET deleted = 1 WHERE document_id = ?1 AND"
	                           " type = ?2 AND quote = ?3 AND prefix = ?4 AND deleted = 0"
	                         : "INSERT INTO rejection(document_id, type, quote, prefix, created)"
	                           " VALUES(?1, ?2, ?3, ?4, ?5)"
	                           " ON CONFLICT(document_id, type, quote, prefix)"
	                           " DO UPDATE SET deleted = 0, created = excluded.created"
	                           " WHERE deleted = 1",
	                 &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, doc);
	sql_bind_str(stmt, 2, type);
	sql_bind_str(stmt, 3, quote);
	sql_bind_str(stmt, 4, prefix);
	if (!deleted)
		sqlite3_bind_int64(stmt, 5, sql_now());
	if ((rc = sql_run(stmt)) != SQLITE_OK || sqlite3_changes(s->db) == 0)
		return rc;
	rc = sql_prepare(s, "SELECT uuid FROM rejection WHERE document_id = ?1 AND type = ?2"
	                    " AND quote = ?3 AND prefix = ?4", &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, doc);
	sql_bind_str(stmt, 2, type);
	sql_bind_str(stmt, 3, quote);
	sql_bind_str(stmt, 4, prefix);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *u = sqlite3_column_text(stmt, 0);
		snprintf(uuid, STORE_UUID_LEN + 1, "%s", u ? (const char *)u : "");
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_OK && uuid[0])
		rc = store_log_change(s, doc, uuid, deleted ? DOWN : BACK, deleted ? BACK : DOWN);
	return rc;
}

static enum pz_status change(store *s, int64_t doc, const char *type, const char *quote,
                             const char *prefix, int deleted)
{
	int rc = sql_exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return sql_status(rc);
	char uuid[STORE_UUID_LEN + 1] = "";
	rc = set_state(s, doc, type, quote, prefix, deleted, uuid);
	enum pz_status st = sql_finish(s, rc);
	return st == PZ_OK && deleted && !uuid[0] ? PZ_NOENT : st;
}

enum pz_status store_reject(store *s, int64_t doc, const char *type, const char *quote,
                            const char *prefix)
{
	return change(s, doc, type, quote, prefix, 0);
}

enum pz_status store_reject_restore(store *s, int64_t doc, const char *type, const char *quote,
                                    const char *prefix)
{
	return change(s, doc, type, quote, prefix, 1);
}

int store_reject_apply(store *s, const char *uuid, const char *json)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "UPDATE rejection SET deleted = ?1 ->> 'deleted' WHERE uuid = ?2"
	                        " AND ?1 ->> 'deleted' IS NOT NULL", &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, json);
	sql_bind_str(stmt, 2, uuid);
	return sql_run(stmt);
}

static enum pz_status read_rejection(sqlite3_stmt *stmt, void *elem)
{
	struct store_rejection *r = elem;
	r->type = sql_dup_column(stmt, 0);
	r->quote = sql_dup_column(stmt, 1);
	r->prefix = sql_dup_column(stmt, 2);
	const unsigned char *u = sqlite3_column_text(stmt, 3);
	snprintf(r->uuid, sizeof(r->uuid), "%s", u ? (const char *)u : "");
	r->created = sqlite3_column_int64(stmt, 4);
	if (r->type && r->quote && r->prefix)
		return PZ_OK;
	store_rejection_release(r);
	return PZ_NOMEM;
}

static void release_rejections(void *v, size_t n)
{
	store_rejections_free(v, n);
}

enum pz_status store_rejections(store *s, int64_t doc, struct store_rejection **out, size_t *n)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT type, quote, prefix, uuid, created FROM rejection"
	                        " WHERE document_id = ?1 AND deleted = 0 ORDER BY created, id", &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	return sql_read_rows(stmt, sizeof(**out), read_rejection, release_rejections, (void **)out, n);
}

enum pz_status store_rejection_get(store *s, const char *uuid, struct store_rejection *r)
{
	sqlite3_stmt *stmt;
	memset(r, 0, sizeof(*r));
	int rc = sql_prepare(s, "SELECT type, quote, prefix, uuid, created FROM rejection"
	                        " WHERE uuid = ?1", &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, uuid);
	rc = sqlite3_step(stmt);
	enum pz_status st = rc == SQLITE_ROW ? read_rejection(stmt, r)
	                    : rc == SQLITE_DONE ? PZ_NOENT : sql_status(rc);
	sqlite3_finalize(stmt);
	return st;
}

void store_rejection_release(struct store_rejection *r)
{
	free(r->type);
	free(r->quote);
	free(r->prefix);
	r->type = r->quote = r->prefix = NULL;
}

void store_rejections_free(struct store_rejection *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_rejection_release(&v[i]);
	free(v);
}
