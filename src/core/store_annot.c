/* Annotations and their undo history.
 *
 * The undo history (table oplog) keeps, for each user change, a JSON snapshot of the
 * annotation before and after it (json_object in SQL, so that SQLite writes and reads
 * the JSON); a deletion only sets `deleted`, so every change is undone by writing a
 * snapshot back. Re-anchoring is not a user change and is not recorded. */
#include "pizhu/store_annot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>

#include "store_sql.h"

/* The snapshot an undo or redo writes back: every field a user change can touch. */
#define ANNOT_SNAPSHOT                                                                   \
	"json_object('version_id', version_id, 'type', type, 'done', done, 'anchor', anchor,"  \
	" 'start', start, 'end', \"end\", 'quote', quote, 'prefix', prefix, 'suffix', suffix," \
	" 'section', section, 'note', note, 'due', due, 'owner', owner, 'deleted', deleted)"

/* What a reviewer can change of a tag, as JSON of the row (or of a snapshot j): undo
 * and redo compare them to see whether someone else changed the tag since. */
#define USER_FIELDS                                                                      \
	"json_object('type', type, 'done', done, 'note', note, 'due', due, 'owner', owner,"     \
	" 'deleted', deleted)"
#define USER_FIELDS_OF(j)                                                                \
	"json_object('type', " j " ->> 'type', 'done', " j " ->> 'done', 'note', " j " ->> 'note'," \
	" 'due', " j " ->> 'due', 'owner', " j " ->> 'owner', 'deleted', " j " ->> 'deleted')"

static const char *const anchor_names[] = {"anchored", "moved", "orphaned"};

void store_set_author(store *s, const char *author)
{
	size_t n = author ? strlen(author) : 0;
	if (n >= sizeof(s->author)) {
		n = sizeof(s->author) - 1;
		while (n > 0 && ((unsigned char)author[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(s->author, author, n);
	s->author[n] = '\0';
}

const char *store_author(const store *s)
{
	return s->author;
}

const char *store_anchor_name(enum store_anchor a)
{
	return anchor_names[a <= STORE_ORPHANED ? a : STORE_ORPHANED];
}

static enum store_anchor anchor_of(const unsigned char *t)
{
	for (int i = 0; i < 3; i++)
		if (t && !strcmp((const char *)t, anchor_names[i]))
			return (enum store_anchor)i;
	return STORE_ORPHANED;
}

void store_annot_release(struct store_annot *a)
{
	free(a->type);
	free(a->quote);
	free(a->prefix);
	free(a->suffix);
	free(a->section);
	free(a->note);
	free(a->due);
	free(a->owner);
	free(a->author);
	free(a->editor);
	free(a->base);
	memset(a, 0, sizeof(*a));
}

/* PZ_OK when s (NULL: "") is valid UTF-8 of at most max bytes. */
static enum pz_status check_text(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n > max)
		return PZ_TOOLONG;
	return n && u8_check((const uint8_t *)s, n) ? PZ_NOTUTF8 : PZ_OK;
}

enum pz_status store_annot_check(const struct store_annot *a)
{
	const char *const fields[] = {a->type,  a->prefix, a->suffix, a->section,
	                              a->note,  a->due,    a->owner,  a->author};
	enum pz_status st = check_text(a->quote, STORE_QUOTE_MAX);
	for (size_t i = 0; st == PZ_OK && i < sizeof(fields) / sizeof(*fields); i++)
		st = check_text(fields[i], STORE_FIELD_MAX);
	return st;
}

void store_annots_free(struct store_annot *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_annot_release(&v[i]);
	free(v);
}

enum pz_status store_read_annot(sqlite3_stmt *stmt, struct store_annot *a)
{
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(stmt, 0);
	const unsigned char *u = sqlite3_column_text(stmt, 1);
	size_t ulen = u ? (size_t)sqlite3_column_bytes(stmt, 1) : 0;
	if (ulen >= sizeof(a->uuid))
		ulen = sizeof(a->uuid) - 1;
	memcpy(a->uuid, u ? (const char *)u : "", ulen);
	a->uuid[ulen] = '\0';
	a->doc = sqlite3_column_int64(stmt, 2);
	a->version = sqlite3_column_int64(stmt, 3);
	a->type = sql_dup_column(stmt, 4);
	a->done = sqlite3_column_int(stmt, 5);
	a->anchor = anchor_of(sqlite3_column_text(stmt, 6));
	a->start = sqlite3_column_int64(stmt, 7);
	a->end = sqlite3_column_int64(stmt, 8);
	a->quote = sql_dup_column(stmt, 9);
	a->prefix = sql_dup_column(stmt, 10);
	a->suffix = sql_dup_column(stmt, 11);
	a->section = sql_dup_column(stmt, 12);
	a->note = sql_dup_column(stmt, 13);
	a->due = sql_dup_column(stmt, 14);
	a->owner = sql_dup_column(stmt, 15);
	a->author = sql_dup_column(stmt, 16);
	a->created = sqlite3_column_int64(stmt, 17);
	a->modified = sqlite3_column_int64(stmt, 18);
	a->editor = sql_dup_column(stmt, 19);
	a->base = sql_dup_column(stmt, 20);
	a->disputed = sqlite3_column_int(stmt, 21);
	if (!a->type || !a->quote || !a->prefix || !a->suffix || !a->section || !a->note ||
	    !a->due || !a->owner || !a->author || !a->editor || !a->base) {
		store_annot_release(a);
		return PZ_NOMEM;
	}
	return PZ_OK;
}

static enum pz_status read_annot_row(sqlite3_stmt *stmt, void *elem)
{
	return store_read_annot(stmt, elem);
}

static void release_annots(void *v, size_t n)
{
	store_annots_free(v, n);
}

static enum pz_status read_where_row(sqlite3_stmt *stmt, void *elem)
{
	struct store_annot *a = elem;
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(stmt, 0);
	a->version = sqlite3_column_int64(stmt, 1);
	a->type = sql_dup_column(stmt, 2);
	a->done = sqlite3_column_int(stmt, 3);
	a->anchor = anchor_of(sqlite3_column_text(stmt, 4));
	a->start = sqlite3_column_int64(stmt, 5);
	a->end = sqlite3_column_int64(stmt, 6);
	return a->type ? PZ_OK : PZ_NOMEM;
}

/* Read from annotation_place alone (schema 16), in its order: by start, then end and
 * the rest (the tag set sorts them again). */
enum pz_status store_annots_where(store *s, int64_t doc, struct store_annot **out, size_t *n)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT id, ifnull(version_id, 0), type, done, anchor, start, \"end\""
	                            " FROM annotation"
	                            " WHERE document_id = ?1 AND deleted = 0",
	                            -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	enum pz_status st =
		sql_read_rows(stmt, sizeof(**out), read_where_row, release_annots, (void **)out, n);
	for (size_t i = 0; st == PZ_OK && i < *n; i++)
		(*out)[i].doc = doc;
	return st;
}

/* A tag's disputes counted, as ANNOT_COLUMNS's last column. */
struct disputes {
	int64_t id;
	int count;
};

static int by_id(const void *x, const void *y)
{
	int64_t a = ((const struct disputes *)x)->id, b = ((const struct disputes *)y)->id;
	return (a > b) - (a < b);
}

/* The counts of disputes of document doc's tags, given to v[0..n) by id. */
static enum pz_status count_disputes(store *s, int64_t doc, struct store_annot *v, size_t n)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT d.annotation_id, count(*) FROM dispute d"
	                            " JOIN annotation a ON a.id = d.annotation_id"
	                            " WHERE a.document_id = ?1 AND a.deleted = 0"
	                            " GROUP BY d.annotation_id ORDER BY d.annotation_id",
	                            -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	struct disputes *d = NULL;
	size_t nd = 0, cap = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (!sql_grow(&d, &cap, nd, sizeof(*d))) {
			rc = SQLITE_NOMEM;
			break;
		}
		d[nd++] = (struct disputes){ sqlite3_column_int64(stmt, 0), sqlite3_column_int(stmt, 1) };
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(d);
		return sql_status(rc);
	}
	for (size_t i = 0; i < n && nd; i++) {
		struct disputes key = { v[i].id, 0 };
		const struct disputes *f = bsearch(&key, d, nd, sizeof(*d), by_id);
		v[i].disputed = f ? f->count : 0;
	}
	free(d);
	return PZ_OK;
}

/* Issue 15: the count of disputes is asked once for the document, not by a subquery
 * for each tag (a tenth of reading a document's tags, before its first screen). */
enum pz_status store_annots(store *s, int64_t doc, struct store_annot **out, size_t *n)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT " ANNOT_COLUMNS_BASE ", 0 FROM annotation"
	                            " WHERE document_id = ?1 AND deleted = 0 ORDER BY start, id",
	                            -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	enum pz_status st =
		sql_read_rows(stmt, sizeof(**out), read_annot_row, release_annots, (void **)out, n);
	if (st == PZ_OK && (st = count_disputes(s, doc, *out, *n)) != PZ_OK) {
		store_annots_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

/* A random (version 4) UUID from the kernel's generator. */
static enum pz_status new_uuid(char out[STORE_UUID_LEN + 1])
{
	unsigned char b[16];
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return PZ_IO;
	while (got < sizeof(b)) {
		ssize_t r = read(fd, b + got, sizeof(b) - got);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			close(fd);
			return PZ_IO;
		}
		got += (size_t)r;
	}
	close(fd);
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	snprintf(out, STORE_UUID_LEN + 1,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
	         b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
	         b[15]);
	return PZ_OK;
}

/* Binds every field of a that stmt names (:uuid, :type, :start, ...), and :now. */
static void bind_annot(sqlite3_stmt *stmt, const struct store_annot *a, int64_t now)
{
	sql_bind_named_str(stmt, ":uuid", a->uuid);
	sql_bind_named_int(stmt, ":doc", a->doc);
	sql_bind_named_int(stmt, ":version", a->version);
	sql_bind_named_str(stmt, ":type", a->type);
	sql_bind_named_int(stmt, ":done", a->done ? 1 : 0);
	sql_bind_named_str(stmt, ":anchor", store_anchor_name(a->anchor));
	sql_bind_named_int(stmt, ":start", a->start);
	sql_bind_named_int(stmt, ":end", a->end);
	sql_bind_named_str(stmt, ":quote", a->quote);
	sql_bind_named_str(stmt, ":prefix", a->prefix);
	sql_bind_named_str(stmt, ":suffix", a->suffix);
	sql_bind_named_str(stmt, ":section", a->section);
	sql_bind_named_str(stmt, ":note", a->note);
	sql_bind_named_str(stmt, ":due", a->due);
	sql_bind_named_str(stmt, ":owner", a->owner);
	sql_bind_named_str(stmt, ":author", a->author);
	sql_bind_named_str(stmt, ":editor", a->editor);
	sql_bind_named_int(stmt, ":created", a->created);
	sql_bind_named_int(stmt, ":modified", a->modified);
	sql_bind_named_int(stmt, ":now", now);
}

/* The snapshot of annotation uuid into *json (owned); SQLITE_DONE when none. */
static int snapshot(store *s, const char *uuid, char **json)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT " ANNOT_SNAPSHOT " FROM annotation WHERE uuid = ?1", &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, uuid);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*json = sql_dup_column(stmt, 0);
		rc = *json ? SQLITE_OK : SQLITE_NOMEM;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Which steps of the history this process may undo or redo: this reviewer's, made
 * by this process or by one that has ended. */
#define OPLOG_MINE "(author = :author AND (pid = :pid OR pizhu_gone(pid)))"

/* Records a user change in the history, dropping what this process (or an ended one)
 * had undone: another running process keeps its redo. */
static int log_change(store *s, int64_t doc, const char *uuid, const char *before,
                      const char *after)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "DELETE FROM oplog WHERE document_id = :doc AND undone = 1 AND "
	                     OPLOG_MINE, &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_named_int(stmt, ":doc", doc);
	sql_bind_named_int(stmt, ":pid", (int64_t)getpid());
	sql_bind_named_str(stmt, ":author", s->author);
	if ((rc = sql_run(stmt)) != SQLITE_OK)
		return rc;
	rc = sql_prepare(s, "INSERT INTO oplog(document_id, uuid, before, after, at, pid, author)"
	                    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	                 &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, doc);
	sql_bind_str(stmt, 2, uuid);
	sql_bind_str(stmt, 3, before);
	sql_bind_str(stmt, 4, after);
	sqlite3_bind_int64(stmt, 5, sql_now());
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)getpid());
	sql_bind_str(stmt, 7, s->author);
	return sql_run(stmt);
}

enum pz_status store_annot_add(store *s, struct store_annot *a)
{
	enum pz_status st = store_annot_check(a);
	if (st != PZ_OK)
		return st;
	if (!a->uuid[0] && (st = new_uuid(a->uuid)) != PZ_OK)
		return st;
	int rc = sql_exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_stmt *stmt;
	int64_t now = sql_now();
	char *before = NULL, *after = NULL;
	rc = sql_prepare(s,
	             "INSERT INTO annotation(uuid, document_id, version_id, type, done, anchor,"
	             " start, \"end\", quote, prefix, suffix, section, note, due, owner, author,"
	             " created, modified, editor) VALUES(:uuid, :doc, nullif(:version, 0), :type,"
	             " :done, :anchor, :start, :end, :quote, :prefix, :suffix, :section, :note,"
	             " :due, :owner, :author, :now, :now, :author)",
	             &stmt);
	if (rc != SQLITE_OK)
		return sql_finish(s, rc);
	bind_annot(stmt, a, now);
	/* made by this reviewer unless it says whose it is */
	if (!a->author || !*a->author)
		sql_bind_named_str(stmt, ":author", s->author);
	rc = sql_run(stmt);
	if (rc == SQLITE_CONSTRAINT) {
		sql_exec(s->db, "ROLLBACK");
		return PZ_EXIST;
	}
	if (rc == SQLITE_OK)
		rc = snapshot(s, a->uuid, &after);
	if (rc == SQLITE_OK) {
		/* before the change, it was as good as deleted */
		rc = sql_prepare(s, "SELECT json_set(?1, '$.deleted', 1)", &stmt);
		if (rc == SQLITE_OK) {
			sql_bind_str(stmt, 1, after);
			if (sqlite3_step(stmt) == SQLITE_ROW)
				before = sql_dup_column(stmt, 0);
			sqlite3_finalize(stmt);
			rc = before ? SQLITE_OK : SQLITE_NOMEM;
		}
	}
	if (rc == SQLITE_OK)
		rc = log_change(s, a->doc, a->uuid, before, after);
	free(before);
	free(after);
	if ((st = sql_finish(s, rc)) == PZ_OK) {
		a->id = sqlite3_last_insert_rowid(s->db);
		a->created = a->modified = now;
	}
	return st;
}

/* Writes snapshot json back to annotation uuid (the heart of undo and redo). */
static int apply_snapshot(store *s, const char *uuid, const char *json)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                 "UPDATE annotation SET version_id = ?1 ->> 'version_id',"
	                 " type = ?1 ->> 'type', done = ?1 ->> 'done', anchor = ?1 ->> 'anchor',"
	                 " start = ?1 ->> 'start', \"end\" = ?1 ->> 'end', quote = ?1 ->> 'quote',"
	                 " prefix = ?1 ->> 'prefix', suffix = ?1 ->> 'suffix',"
	                 " section = ?1 ->> 'section', note = ?1 ->> 'note', due = ?1 ->> 'due',"
	                 " owner = ?1 ->> 'owner', deleted = ?1 ->> 'deleted', modified = ?3,"
	                 " editor = ?4 WHERE uuid = ?2",
	                 &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, json);
	sql_bind_str(stmt, 2, uuid);
	sqlite3_bind_int64(stmt, 3, sql_now());
	sql_bind_str(stmt, 4, s->author);
	return sql_run(stmt);
}

/* One undoable change: snapshot, change (sql with ?1 = uuid), snapshot, log. */
static enum pz_status change(store *s, const char *uuid, sqlite3_stmt *stmt)
{
	int rc = sql_exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return sql_status(rc);
	}
	char *before = NULL, *after = NULL;
	int64_t doc = 0;
	sqlite3_stmt *q;
	rc = sql_prepare(s, "SELECT document_id FROM annotation WHERE uuid = ?1 AND deleted = 0", &q);
	if (rc == SQLITE_OK) {
		sql_bind_str(q, 1, uuid);
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW) {
			doc = sqlite3_column_int64(q, 0);
			rc = SQLITE_OK;
		}
		sqlite3_finalize(q);
	}
	if (rc == SQLITE_DONE) { /* no such live annotation */
		sqlite3_finalize(stmt);
		sql_exec(s->db, "ROLLBACK");
		return PZ_NOENT;
	}
	if (rc == SQLITE_OK)
		rc = snapshot(s, uuid, &before);
	if (rc == SQLITE_OK) {
		rc = sql_run(stmt);
		stmt = NULL;
	}
	if (rc == SQLITE_OK)
		rc = snapshot(s, uuid, &after);
	if (rc == SQLITE_OK && strcmp(before, after) != 0)
		rc = log_change(s, doc, uuid, before, after);
	sqlite3_finalize(stmt);
	free(before);
	free(after);
	return sql_finish(s, rc);
}

enum pz_status store_annot_update(store *s, const struct store_annot *a)
{
	enum pz_status st = store_annot_check(a);
	if (st != PZ_OK)
		return st;
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                 "UPDATE annotation SET type = :type, done = :done, note = :note,"
	                 " due = :due, owner = :owner, version_id = nullif(:version, 0),"
	                 " anchor = :anchor, start = :start, \"end\" = :end, quote = :quote,"
	                 " prefix = :prefix, suffix = :suffix, section = :section, modified = :now,"
	                 " editor = :me WHERE uuid = :uuid",
	                 &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	bind_annot(stmt, a, sql_now());
	sql_bind_named_str(stmt, ":me", s->author);
	return change(s, a->uuid, stmt);
}

enum pz_status store_annot_delete(store *s, const char *uuid)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "UPDATE annotation SET deleted = 1, modified = ?2, editor = ?3"
	                        " WHERE uuid = ?1",
	                 &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, uuid);
	sqlite3_bind_int64(stmt, 2, sql_now());
	sql_bind_str(stmt, 3, s->author);
	return change(s, uuid, stmt);
}

enum pz_status store_reanchor(store *s, const struct store_annot *v, size_t n)
{
	int rc = sql_exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_stmt *stmt;
	rc = sql_prepare(s,
	             "UPDATE annotation SET version_id = nullif(:version, 0), anchor = :anchor,"
	             " start = :start, \"end\" = :end, quote = :quote, prefix = :prefix,"
	             " suffix = :suffix WHERE uuid = :uuid",
	             &stmt);
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		bind_annot(stmt, &v[i], 0);
		rc = sqlite3_step(stmt);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return sql_finish(s, rc);
}

enum pz_status store_annot_find(store *s, const char *prefix, struct store_annot *a)
{
	size_t n = strlen(prefix);
	if (n < 4 || n > STORE_UUID_LEN || strspn(prefix, "0123456789abcdefABCDEF-") != n)
		return PZ_NOENT;
	char pat[STORE_UUID_LEN + 2];
	for (size_t i = 0; i < n; i++)
		pat[i] = (char)(prefix[i] >= 'A' && prefix[i] <= 'F' ? prefix[i] - 'A' + 'a' : prefix[i]);
	pat[n] = '*';
	pat[n + 1] = '\0';
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                 "SELECT " ANNOT_COLUMNS " FROM annotation WHERE uuid GLOB ?1 AND deleted = 0"
	                 " LIMIT 2",
	                 &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, pat);
	enum pz_status st = PZ_NOENT;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		st = store_read_annot(stmt, a);
		if (st == PZ_OK && sqlite3_step(stmt) == SQLITE_ROW) {
			store_annot_release(a);
			st = PZ_AMBIGUOUS;
		}
	} else if (rc != SQLITE_DONE) {
		st = sql_status(rc);
	}
	sqlite3_finalize(stmt);
	return st;
}

static enum pz_status undo_redo(store *s, int64_t doc, int redo, char *uuid_out)
{
	int rc = sql_exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_stmt *stmt;
	/* this reviewer's latest step not undone (or earliest undone), and whether the tag
	 * was changed since by someone else: its user fields are no longer what the step
	 * left, or a later step of another's stands (this reviewer's later steps are
	 * undone before this one, or were dropped when it made a new change); a step of a
	 * suggestion's turn-down has no annotation row, only the later steps count */
	rc = sql_prepare(s,
	                 redo ? "SELECT seq, o.uuid, after, " "ifnull((SELECT " USER_FIELDS_OF("o.before")
	                        " IS NOT " USER_FIELDS " FROM annotation a WHERE"
	                        "  a.uuid = o.uuid), 0) OR EXISTS (SELECT 1 FROM oplog l"
	                        "  WHERE l.uuid = o.uuid AND l.seq > o.seq AND l.undone = 0)"
	                        " FROM oplog o WHERE document_id = :doc AND undone = 1 AND "
	                        OPLOG_MINE " ORDER BY seq LIMIT 1"
	                      : "SELECT seq, o.uuid, before, " "ifnull((SELECT " USER_FIELDS_OF("o.after")
	                        " IS NOT " USER_FIELDS " FROM annotation a WHERE"
	                        "  a.uuid = o.uuid), 0) OR EXISTS (SELECT 1 FROM oplog l"
	                        "  WHERE l.uuid = o.uuid AND l.seq > o.seq AND l.undone = 0)"
	                        " FROM oplog o WHERE document_id = :doc AND undone = 0 AND "
	                        OPLOG_MINE " ORDER BY seq DESC LIMIT 1",
	                 &stmt);
	if (rc != SQLITE_OK)
		return sql_finish(s, rc);
	sql_bind_named_int(stmt, ":doc", doc);
	sql_bind_named_int(stmt, ":pid", (int64_t)getpid());
	sql_bind_named_str(stmt, ":author", s->author);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(stmt);
		sql_exec(s->db, "ROLLBACK");
		return PZ_NOENT;
	}
	int64_t seq = 0;
	int changed = 0;
	char *uuid = NULL, *json = NULL;
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(stmt, 0);
		uuid = sql_dup_column(stmt, 1);
		json = sql_dup_column(stmt, 2);
		changed = sqlite3_column_int(stmt, 3);
		rc = uuid && json ? SQLITE_OK : SQLITE_NOMEM;
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_OK && uuid_out && uuid)
		snprintf(uuid_out, STORE_UUID_LEN + 1, "%s", uuid);
	if (rc == SQLITE_OK && changed) {
		free(uuid);
		free(json);
		sql_exec(s->db, "ROLLBACK");
		return PZ_CONFLICT;
	}
	if (rc == SQLITE_OK)
		rc = apply_snapshot(s, uuid, json);
	if (rc == SQLITE_OK) /* or a suggestion's turn-down (store_reject.c) */
		rc = store_reject_apply(s, uuid, json);
	if (rc == SQLITE_OK && (rc = sql_prepare(s, "UPDATE oplog SET undone = ?2 WHERE seq = ?1",
	                                     &stmt)) == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, seq);
		sqlite3_bind_int(stmt, 2, redo ? 0 : 1);
		rc = sql_run(stmt);
	}
	free(uuid);
	free(json);
	return sql_finish(s, rc);
}

enum pz_status store_undo(store *s, int64_t doc, char *uuid)
{
	return undo_redo(s, doc, 0, uuid);
}

enum pz_status store_redo(store *s, int64_t doc, char *uuid)
{
	return undo_redo(s, doc, 1, uuid);
}

/* ---- replies ---- */

enum pz_status store_reply_add(store *s, const char *annot, const char *text, char *uuid_out)
{
	if (!text || !*text)
		return PZ_EMPTY;
	enum pz_status st = check_text(text, STORE_FIELD_MAX);
	char uuid[STORE_UUID_LEN + 1];
	if (st != PZ_OK || (st = new_uuid(uuid)) != PZ_OK)
		return st;
	int rc = sql_exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_stmt *stmt;
	/* A reply comes after every reply the tag already has, also within one tick of the
	 * clock: the discussion is ordered by (at, uuid) on every copy, so two replies made
	 * here in the same millisecond must not fall to the order of their random UUIDs. */
	rc = sql_prepare(s, "INSERT INTO reply(uuid, annotation_id, author, at, text)"
	                    " SELECT ?1, id, ?3, MAX(?4, COALESCE((SELECT MAX(r.at) + 1 FROM reply r"
	                    " WHERE r.annotation_id = annotation.id), ?4)), ?5"
	                    " FROM annotation WHERE uuid = ?2 AND deleted = 0",
	                 &stmt);
	if (rc != SQLITE_OK)
		return sql_finish(s, rc);
	sql_bind_str(stmt, 1, uuid);
	sql_bind_str(stmt, 2, annot);
	sql_bind_str(stmt, 3, s->author);
	sqlite3_bind_int64(stmt, 4, sql_now());
	sql_bind_str(stmt, 5, text);
	rc = sql_run(stmt);
	if (rc == SQLITE_OK && sqlite3_changes(s->db) == 0) {
		sql_exec(s->db, "ROLLBACK");
		return PZ_NOENT;
	}
	if ((st = sql_finish(s, rc)) == PZ_OK && uuid_out)
		memcpy(uuid_out, uuid, sizeof(uuid));
	return st;
}

void store_replies_free(struct store_reply *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].author);
		free(v[i].text);
	}
	free(v);
}

static enum pz_status read_reply_row(sqlite3_stmt *stmt, void *elem)
{
	struct store_reply *r = elem;
	memset(r, 0, sizeof(*r));
	const unsigned char *u = sqlite3_column_text(stmt, 0);
	snprintf(r->uuid, sizeof(r->uuid), "%s", u ? (const char *)u : "");
	r->author = sql_dup_column(stmt, 1);
	r->at = sqlite3_column_int64(stmt, 2);
	r->text = sql_dup_column(stmt, 3);
	if (!r->author || !r->text) {
		free(r->author);
		free(r->text);
		return PZ_NOMEM;
	}
	return PZ_OK;
}

static void release_replies(void *v, size_t n)
{
	store_replies_free(v, n);
}

enum pz_status store_replies(store *s, const char *annot, struct store_reply **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT r.uuid, r.author, r.at, r.text FROM reply r"
	                        " JOIN annotation a ON a.id = r.annotation_id WHERE a.uuid = ?1"
	                        " ORDER BY r.at, r.uuid",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, annot);
	return sql_read_rows(stmt, sizeof(**v), read_reply_row, release_replies, (void **)v, n);
}

static enum pz_status read_step_row(sqlite3_stmt *stmt, void *elem)
{
	struct store_step *t = elem;
	memset(t, 0, sizeof(*t));
	t->at = sqlite3_column_int64(stmt, 0);
	t->undone = sqlite3_column_int(stmt, 2);
	t->what = (unsigned)sqlite3_column_int(stmt, 3);
	t->done = sqlite3_column_int(stmt, 8);
	t->author = sql_dup_column(stmt, 1);
	t->type = sql_dup_column(stmt, 4);
	t->note = sql_dup_column(stmt, 5);
	t->due = sql_dup_column(stmt, 6);
	t->owner = sql_dup_column(stmt, 7);
	if (!t->author || !t->type || !t->note || !t->due || !t->owner) {
		free(t->author);
		free(t->type);
		free(t->note);
		free(t->due);
		free(t->owner);
		memset(t, 0, sizeof(*t));
		return PZ_NOMEM;
	}
	return PZ_OK;
}

static void release_steps(void *v, size_t n)
{
	store_steps_free(v, n);
}

void store_steps_free(struct store_step *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].author);
		free(v[i].type);
		free(v[i].note);
		free(v[i].due);
		free(v[i].owner);
	}
	free(v);
}

/* The bits of struct store_step's what, from a step's snapshots b(efore) and a(fter)
 * (ANNOT_SNAPSHOT; a step of a rejection has neither type nor quote: never a tag's). */
#define STEP_WHAT                                                                        \
	"(CASE WHEN b ->> 'deleted' = 1 AND a ->> 'deleted' = 0 AND NOT EXISTS"               \
	"  (SELECT 1 FROM oplog o2 WHERE o2.uuid = oplog.uuid AND o2.seq < oplog.seq)"          \
	"  THEN 1 ELSE"                                                                       \
	" (CASE WHEN b ->> 'deleted' = 0 AND a ->> 'deleted' = 1 THEN 2 ELSE 0 END)"           \
	" | (CASE WHEN b ->> 'deleted' = 1 AND a ->> 'deleted' = 0 THEN 4 ELSE 0 END)"         \
	" | (CASE WHEN b ->> 'type' IS NOT a ->> 'type' THEN 8 ELSE 0 END)"                    \
	" | (CASE WHEN b ->> 'done' IS NOT a ->> 'done' THEN 16 ELSE 0 END)"                   \
	" | (CASE WHEN b ->> 'note' IS NOT a ->> 'note' THEN 32 ELSE 0 END)"                   \
	" | (CASE WHEN b ->> 'due' IS NOT a ->> 'due' THEN 64 ELSE 0 END)"                     \
	" | (CASE WHEN b ->> 'owner' IS NOT a ->> 'owner' THEN 128 ELSE 0 END)"                \
	" | (CASE WHEN b ->> 'start' IS NOT a ->> 'start' OR b ->> 'end' IS NOT a ->> 'end'"  \
	"   OR b ->> 'quote' IS NOT a ->> 'quote' THEN 256 ELSE 0 END) END)"

enum pz_status store_annot_history(store *s, const char *annot, struct store_step **v,
                                   size_t *n)
{
	*v = NULL;
	*n = 0;
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT at, author, undone, " STEP_WHAT ", ifnull(a ->> 'type', ''),"
	                        " ifnull(a ->> 'note', ''), ifnull(a ->> 'due', ''),"
	                        " ifnull(a ->> 'owner', ''), ifnull(a ->> 'done', 0)"
	                        " FROM (SELECT seq, uuid, at, author, undone, json(before) AS b,"
	                        " json(after) AS a FROM oplog WHERE uuid = ?1) AS oplog"
	                        " ORDER BY seq",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, annot);
	return sql_read_rows(stmt, sizeof(**v), read_step_row, release_steps, (void **)v, n);
}

enum pz_status store_annots_import(store *s, int64_t doc, const struct store_annot *v, size_t n,
                                   size_t *added)
{
	*added = 0;
	for (size_t i = 0; i < n; i++) {
		enum pz_status st = store_annot_check(&v[i]);
		if (st != PZ_OK)
			return st;
	}
	int rc = sql_exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return sql_db_status(s->db, rc);
	sqlite3_stmt *stmt;
	rc = sql_prepare(s,
	                 "INSERT INTO annotation(uuid, document_id, version_id, type, done, anchor,"
	                 " start, \"end\", quote, prefix, suffix, section, note, due, owner, author,"
	                 " created, modified) VALUES(:uuid, :doc, NULL, :type, :done, 'anchored',"
	                 " :start, :end, :quote, :prefix, :suffix, :section, :note, :due, :owner,"
	                 " :author, :created, :modified)"
	                 /* one deleted here comes back as the listing has it */
	                 " ON CONFLICT(uuid) DO UPDATE SET document_id = excluded.document_id,"
	                 " version_id = NULL, type = excluded.type, done = excluded.done,"
	                 " anchor = 'anchored', start = excluded.start, \"end\" = excluded.\"end\","
	                 " quote = excluded.quote, prefix = excluded.prefix,"
	                 " suffix = excluded.suffix, section = excluded.section,"
	                 " note = excluded.note, due = excluded.due, owner = excluded.owner,"
	                 " modified = :now, deleted = 0 WHERE deleted = 1",
	                 &stmt);
	int64_t now = sql_now();
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
		bind_annot(stmt, &v[i], now);
		sql_bind_named_int(stmt, ":doc", doc);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_DONE) {
			*added += (size_t)sqlite3_changes(s->db);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_OK)
		*added = 0;
	return sql_finish(s, rc);
}

/* The history's writer for the store's other parts (store_sql.h): a turn-down. */
int store_log_change(store *s, int64_t doc, const char *uuid, const char *before,
                     const char *after)
{
	return log_change(s, doc, uuid, before, after);
}
