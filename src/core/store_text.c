/* The text of each version, kept (deflated when that pays) beside the version's hash
 * and length, so that drafts can be compared and listed long after their files
 * changed. zlib: the format every packager has, already under SQLite's and git's
 * feet; a speech is written once per version and read only to compare drafts. */
#include "pizhu/store_text.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pizhu/store_identity.h"
#include "store_sql.h"

/* How the bytes of a kept text are stored: as they are, or zlib's deflate. */
#define METHOD_PLAIN 0
#define METHOD_DEFLATE 1

/* Whether version's text is kept: 1, 0, or -1 on failure (*rc says). */
static int is_kept(store *s, int64_t version, int *rc)
{
	sqlite3_stmt *stmt;
	if ((*rc = sql_prepare(s, "SELECT 1 FROM version_text WHERE version_id = ?1", &stmt)) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_int64(stmt, 1, version);
	*rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (*rc == SQLITE_ROW)
		return 1;
	return *rc == SQLITE_DONE ? 0 : -1;
}

enum pz_status store_text_kept(store *s, int64_t version, bool *kept)
{
	int rc;
	int k = is_kept(s, version, &rc);
	*kept = k > 0;
	return k < 0 ? sql_status(rc) : PZ_OK;
}

enum pz_status store_text_keep(store *s, int64_t version, const char *text, size_t len)
{
	int rc;
	int kept = is_kept(s, version, &rc);
	if (kept < 0)
		return sql_status(rc);
	if (kept)
		return PZ_OK;
	if (len > INT_MAX / 2)
		return PZ_TOOBIG;
	/* deflated, kept only when it saves a tenth: a short or already dense text is not
	 * worth inflating on every read */
	uLongf zn = compressBound((uLong)len);
	unsigned char *z = malloc(zn ? zn : 1);
	if (!z)
		return PZ_NOMEM;
	int method = METHOD_PLAIN;
	const void *data = text;
	size_t dn = len;
	if (compress2(z, &zn, (const Bytef *)text, (uLong)len, Z_BEST_COMPRESSION) == Z_OK &&
	    zn < len - len / 10) {
		method = METHOD_DEFLATE;
		data = z;
		dn = zn;
	}
	sqlite3_stmt *stmt;
	rc = sql_prepare(s,
	                 "INSERT INTO version_text(version_id, path, method, data)"
	                 " SELECT v.id, d.path, ?2, ?3 FROM version v JOIN document d"
	                 " ON d.id = v.document_id WHERE v.id = ?1"
	                 " ON CONFLICT DO NOTHING",
	                 &stmt);
	if (rc != SQLITE_OK) {
		free(z);
		return sql_status(rc);
	}
	sqlite3_bind_int64(stmt, 1, version);
	sqlite3_bind_int(stmt, 2, method);
	sqlite3_bind_blob(stmt, 3, dn ? data : "", (int)dn, SQLITE_TRANSIENT);
	free(z);
	return sql_write_step(s, stmt);
}

enum pz_status store_text_get(store *s, int64_t version, char **text, size_t *len)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                     "SELECT t.method, t.data, v.length FROM version_text t JOIN version v"
	                     " ON v.id = t.version_id WHERE t.version_id = ?1",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, version);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return rc == SQLITE_DONE ? PZ_NOENT : sql_status(rc);
	}
	int method = sqlite3_column_int(stmt, 0);
	const void *data = sqlite3_column_blob(stmt, 1);
	size_t dn = (size_t)sqlite3_column_bytes(stmt, 1);
	sqlite3_int64 want = sqlite3_column_int64(stmt, 2);
	enum pz_status st = PZ_OK;
	char *out = NULL;
	if (want < 0 || (uint64_t)want >= (uint64_t)INT_MAX) {
		st = PZ_DBCORRUPT;
	} else if (!(out = malloc((size_t)want + 1))) {
		st = PZ_NOMEM;
	} else if (method == METHOD_PLAIN) {
		if (dn != (size_t)want)
			st = PZ_DBCORRUPT;
		else if (dn)
			memcpy(out, data, dn);
	} else if (method == METHOD_DEFLATE) {
		uLongf on = (uLongf)want;
		if (uncompress((Bytef *)out, &on, data, (uLong)dn) != Z_OK || on != (uLongf)want)
			st = PZ_DBCORRUPT;
	} else {
		st = PZ_DBCORRUPT;
	}
	sqlite3_finalize(stmt);
	if (st != PZ_OK) {
		free(out);
		return st;
	}
	out[want] = '\0';
	*text = out;
	*len = (size_t)want;
	return PZ_OK;
}

static enum pz_status read_draft(sqlite3_stmt *stmt, void *elem)
{
	struct store_draft *d = elem;
	d->version = sqlite3_column_int64(stmt, 0);
	d->first_seen = sqlite3_column_int64(stmt, 1);
	d->length = sqlite3_column_int64(stmt, 2);
	d->kept = sqlite3_column_type(stmt, 3) != SQLITE_NULL;
	d->path = sql_dup_column(stmt, 3);
	d->stored = sqlite3_column_int64(stmt, 4);
	return d->path ? PZ_OK : PZ_NOMEM;
}

static void release_drafts(void *v, size_t n)
{
	store_drafts_free(v, n);
}

enum pz_status store_drafts(store *s, int64_t doc, struct store_draft **out, size_t *n)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                     "SELECT v.id, v.first_seen, v.length, t.path, length(t.data)"
	                     " FROM version v LEFT JOIN version_text t ON t.version_id = v.id"
	                     " WHERE v.document_id = ?1 ORDER BY v.first_seen, v.id",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	return sql_read_rows(stmt, sizeof(**out), read_draft, release_drafts, (void **)out, n);
}

void store_drafts_free(struct store_draft *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].path);
	free(v);
}

enum pz_status store_text_document(store *s, const char *path, int64_t *doc)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                     "SELECT v.document_id FROM version_text t JOIN version v"
	                     " ON v.id = t.version_id WHERE t.path = ?1"
	                     " ORDER BY v.first_seen DESC, v.id DESC LIMIT 1",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, path);
	rc = sqlite3_step(stmt);
	enum pz_status st = rc == SQLITE_ROW ? PZ_OK : rc == SQLITE_DONE ? PZ_NOENT : sql_status(rc);
	if (rc == SQLITE_ROW)
		*doc = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return st;
}

enum pz_status store_forget_untagged(store *s, int64_t doc)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                     "DELETE FROM document WHERE id = ?1 AND NOT EXISTS"
	                     " (SELECT 1 FROM annotation WHERE document_id = ?1)",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	enum pz_status st = sql_write_step(s, stmt);
	if (st != PZ_OK)
		return st;
	char uuid[STORE_UUID_LEN + 1]; /* still there: it has annotations */
	st = store_document_uuid(s, doc, uuid);
	return st == PZ_NOENT ? PZ_OK : st == PZ_OK ? PZ_EXIST : st;
}
