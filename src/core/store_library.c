/* The library: the documents read, where reading stopped in each, and their paths
 * (a renamed draft keeps its document). */
#include "pizhu/store_library.h"

#include <stdlib.h>
#include <string.h>

#include "store_sql.h"

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
		return sql_status(rc);
	sqlite3_bind_text(stmt, 1, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, title ? title : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, sql_now());
	sqlite3_bind_int64(stmt, 4, length);
	enum pz_status st = sql_write_step(s, stmt);
	if (st != PZ_OK)
		return st;
	rc = sqlite3_prepare_v2(s->db, "SELECT id, position FROM document WHERE path = ?1", -1,
	                        &stmt, NULL);
	if (rc != SQLITE_OK)
		return sql_status(rc);
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
	return sql_status(rc);
}

enum pz_status store_find_document(store *s, const char *path, int64_t *id, int64_t *position)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db, "SELECT id, position FROM document WHERE path = ?1", -1,
	                            &stmt, NULL);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_text(stmt, 1, path, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	enum pz_status st = PZ_NOENT;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		*position = sqlite3_column_int64(stmt, 1);
		st = PZ_OK;
	} else if (rc != SQLITE_DONE) {
		st = sql_status(rc);
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
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, position);
	return sql_write_step(s, stmt);
}

static enum pz_status read_doc(sqlite3_stmt *stmt, void *elem)
{
	struct store_doc *d = elem;
	d->id = sqlite3_column_int64(stmt, 0);
	d->path = sql_dup_column(stmt, 1);
	d->title = sql_dup_column(stmt, 2);
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
		return sql_status(rc);
	return sql_read_rows(stmt, sizeof(**docs), read_doc, release_docs, (void **)docs, n);
}

void store_docs_free(struct store_doc *docs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(docs[i].path);
		free(docs[i].title);
	}
	free(docs);
}

enum pz_status store_rename_document(store *s, int64_t doc, const char *path)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db, "UPDATE document SET path = ?2 WHERE id = ?1", -1, &stmt,
	                            NULL);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	sqlite3_bind_text(stmt, 2, path, -1, SQLITE_TRANSIENT);
	int ext = 0;
	enum pz_status st = sql_write_step_ext(s, stmt, &ext);
	return ext == SQLITE_CONSTRAINT ? PZ_EXIST : st;
}
