/* Suggestions the user turned down, remembered by their type, their words and the
 * words before them, so that they stay down in later drafts. */
#include "pizhu/store_reject.h"

#include <stdlib.h>

#include "store_sql.h"

enum pz_status store_reject(store *s, int64_t doc, const char *type, const char *quote,
                            const char *prefix)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                 "INSERT INTO rejection(document_id, type, quote, prefix, created)"
	                 " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
	                 &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	sql_bind_str(stmt, 2, type);
	sql_bind_str(stmt, 3, quote);
	sql_bind_str(stmt, 4, prefix);
	sqlite3_bind_int64(stmt, 5, sql_now());
	return sql_write_step(s, stmt);
}

static enum pz_status read_rejection(sqlite3_stmt *stmt, void *elem)
{
	struct store_rejection *r = elem;
	r->type = sql_dup_column(stmt, 0);
	r->quote = sql_dup_column(stmt, 1);
	r->prefix = sql_dup_column(stmt, 2);
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
	int rc = sql_prepare(s, "SELECT type, quote, prefix FROM rejection WHERE document_id = ?1", &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	return sql_read_rows(stmt, sizeof(**out), read_rejection, release_rejections, (void **)out, n);
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
