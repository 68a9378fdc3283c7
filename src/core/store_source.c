/* Where each tag came from: a row per tag made by accepting a suggestion (and per tag
 * older than the record, as unrecorded), beside the annotation it describes, so that
 * the breakdown's 来源 says what happened rather than what seems likely. */
#include "pizhu/store_source.h"

#include <stdlib.h>
#include <string.h>

#include "store_sql.h"

enum pz_status store_source_set_suggested(store *s, const char *uuid)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                     "INSERT INTO annotation_source(annotation_id, source)"
	                     " SELECT id, 'suggestion' FROM annotation WHERE uuid = ?1 AND deleted = 0"
	                     " ON CONFLICT(annotation_id) DO UPDATE SET source = 'suggestion'",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, uuid);
	enum pz_status st = sql_write_step(s, stmt);
	if (st == PZ_OK && !sqlite3_changes(s->db))
		st = PZ_NOENT;
	return st;
}

static enum pz_status read_source(sqlite3_stmt *stmt, void *elem)
{
	struct store_source_row *r = elem;
	const unsigned char *u = sqlite3_column_text(stmt, 0), *k = sqlite3_column_text(stmt, 1);
	memset(r, 0, sizeof(*r));
	if (u)
		strncpy(r->uuid, (const char *)u, sizeof(r->uuid) - 1);
	r->source = k && !strcmp((const char *)k, "suggestion") ? STORE_SOURCE_SUGGESTION
	                                                        : STORE_SOURCE_UNRECORDED;
	return PZ_OK;
}

static void release_sources(void *v, size_t n)
{
	(void)n;
	free(v);
}

enum pz_status store_sources(store *s, int64_t doc, struct store_source_row **out, size_t *n)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                     "SELECT a.uuid, o.source FROM annotation_source o"
	                     " JOIN annotation a ON a.id = o.annotation_id"
	                     " WHERE a.document_id = ?1 AND a.deleted = 0 ORDER BY a.uuid",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	return sql_read_rows(stmt, sizeof(**out), read_source, release_sources, (void **)out, n);
}

enum store_source store_source_of(const struct store_source_row *v, size_t n, const char *uuid)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].uuid, uuid);
		if (!c)
			return v[mid].source;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return STORE_SOURCE_TAGGED;
}
