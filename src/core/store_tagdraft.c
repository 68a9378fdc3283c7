/* A tag's text in each draft where it changed: written by the re-anchoring (tags.c)
 * when it runs with a write lock, read by the tag list and the status line. */
#include "pizhu/store_tagdraft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "store_sql.h"

enum pz_status store_tagdraft_record(store *s, const struct store_tagdraft *v, size_t n)
{
	if (!n)
		return PZ_OK;
	int rc = sql_exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return sql_db_status(s->db, rc);
	sqlite3_stmt *stmt = NULL;
	rc = sql_prepare(s,
	                 "INSERT INTO tag_draft(annotation_id, version_id, anchor, was)"
	                 " VALUES(?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
	                 &stmt);
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, v[i].annot);
		sqlite3_bind_int64(stmt, 2, v[i].version);
		sqlite3_bind_int(stmt, 3, (int)v[i].anchor);
		sql_bind_str(stmt, 4, v[i].was);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return sql_finish(s, rc);
}

/* The columns every read selects: annot, version, draft number, anchor, was. */
#define TAGDRAFT_COLUMNS                                                                \
	"t.annotation_id, t.version_id, (SELECT count(*) FROM version w"                \
	" WHERE w.document_id = v.document_id AND (w.first_seen < v.first_seen OR"        \
	" (w.first_seen = v.first_seen AND w.id <= v.id))), t.anchor, t.was"

static enum pz_status read_row(sqlite3_stmt *stmt, void *elem)
{
	struct store_tagdraft *c = elem;
	c->annot = sqlite3_column_int64(stmt, 0);
	c->version = sqlite3_column_int64(stmt, 1);
	c->draft = (size_t)sqlite3_column_int64(stmt, 2);
	c->anchor = sqlite3_column_int(stmt, 3) == STORE_ORPHANED ? STORE_ORPHANED : STORE_MOVED;
	c->was = sql_dup_column(stmt, 4);
	return c->was ? PZ_OK : PZ_NOMEM;
}

static void release_rows(void *v, size_t n)
{
	store_tagdraft_free(v, n);
}

enum pz_status store_tagdraft_latest(store *s, int64_t doc, struct store_tagdraft **out,
                                     size_t *n)
{
	sqlite3_stmt *stmt;
	/* the latest draft of each tag: the one no later draft of the same tag follows */
	int rc = sql_prepare(s,
	                     "SELECT " TAGDRAFT_COLUMNS " FROM tag_draft t JOIN version v"
	                     " ON v.id = t.version_id WHERE v.document_id = ?1 AND NOT EXISTS"
	                     " (SELECT 1 FROM tag_draft u JOIN version x ON x.id = u.version_id"
	                     "  WHERE u.annotation_id = t.annotation_id AND (x.first_seen >"
	                     "  v.first_seen OR (x.first_seen = v.first_seen AND x.id > v.id)))"
	                     " ORDER BY t.annotation_id",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	return sql_read_rows(stmt, sizeof(**out), read_row, release_rows, (void **)out, n);
}

enum pz_status store_tagdraft_of(store *s, int64_t annot, struct store_tagdraft *out)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                     "SELECT " TAGDRAFT_COLUMNS " FROM tag_draft t JOIN version v"
	                     " ON v.id = t.version_id WHERE t.annotation_id = ?1"
	                     " ORDER BY v.first_seen DESC, v.id DESC LIMIT 1",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, annot);
	rc = sqlite3_step(stmt);
	enum pz_status st = rc == SQLITE_ROW ? read_row(stmt, out)
	                  : rc == SQLITE_DONE ? PZ_NOENT : sql_status(rc);
	sqlite3_finalize(stmt);
	return st;
}

void store_tagdraft_free(struct store_tagdraft *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].was);
	free(v);
}
