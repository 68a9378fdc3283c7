/* Merging another copy's tags (store_merge.h): each tag compared field by field with
 * the values both copies last agreed on (annotation.base, JSON), disputes kept in
 * table dispute with both values, deletions kept as tombstones (deleted = 1, the
 * deletion's time in modified). */
#include "pizhu/store_merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/date.h"
#include "store_sql.h"

/* The fields a merge compares; the first four can be disputed. */
enum { F_NOTE, F_DUE, F_OWNER, F_DONE, F_TYPE, NFIELDS };
static const char *const field_names[NFIELDS] = {"note", "due", "owner", "done", "type"};

/* One merge's statements, each prepared once: an UPDATE or DELETE of a tag compiles the
 * sync triggers it may fire with it, which costs more than running it, and a listing
 * of ten thousand tags runs each that many times. */
enum { Q_READ_BASE, Q_MAKE_BASE, Q_ADD, Q_FIND, Q_WRITE, Q_WRITE_REVIVE, Q_DISPUTE_GET,
       Q_DISPUTE_PUT, Q_DROP_FIELD, Q_DROP_ALL, Q_THEIRS_OP, NQ };
struct mctx {
	store *s;
	sqlite3_stmt *q[NQ];
};

static void mctx_release(struct mctx *m)
{
	for (int k = 0; k < NQ; k++)
		sqlite3_finalize(m->q[k]);
}

/* Statement k (of text sql), prepared the first time, else reset and unbound. */
static int mprep(struct mctx *m, int k, const char *sql, sqlite3_stmt **out)
{
	if (!m->q[k]) {
		int rc = sqlite3_prepare_v3(m->s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m->q[k], NULL);
		if (rc != SQLITE_OK)
			return rc;
	} else {
		sqlite3_reset(m->q[k]);
		sqlite3_clear_bindings(m->q[k]);
	}
	*out = m->q[k];
	return SQLITE_OK;
}

/* Steps a write or one-row statement of the cache, then resets it. */
static int mrun(sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* A tag's fields as text ("0"/"1" for done), borrowed from a. */
static void fields_of(const struct store_annot *a, const char *v[NFIELDS])
{
	v[F_NOTE] = a->note ? a->note : "";
	v[F_DUE] = a->due ? a->due : "";
	v[F_OWNER] = a->owner ? a->owner : "";
	v[F_DONE] = a->done ? "1" : "0";
	v[F_TYPE] = a->type ? a->type : "";
}

/* The base JSON's fields into b (owned strings, NULL where it has none) and *at, the
 * other copy's time of the change agreed on (0: not known); false when json is NULL,
 * empty or not an object. */
static bool read_base(struct mctx *m, const char *json, char *b[NFIELDS], int64_t *at)
{
	memset(b, 0, NFIELDS * sizeof(*b));
	*at = 0;
	if (!json || !*json)
		return false;
	sqlite3_stmt *stmt;
	if (mprep(m, Q_READ_BASE, "SELECT json_type(?1), ?1 ->> 'note', ?1 ->> 'due',"
	          " ?1 ->> 'owner', CAST(?1 ->> 'done' AS TEXT), ?1 ->> 'type', ifnull(?1 ->> 'at', 0)",
	          &stmt) != SQLITE_OK)
		return false;
	sql_bind_str(stmt, 1, json);
	bool ok = false;
	/* a base that is not JSON is as good as none */
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) &&
	    !strcmp((const char *)sqlite3_column_text(stmt, 0), "object")) {
		ok = true;
		for (int f = 0; f < NFIELDS; f++)
			b[f] = sqlite3_column_type(stmt, f + 1) == SQLITE_NULL ? NULL
			                                                        : sql_dup_column(stmt, f + 1);
		*at = sqlite3_column_int64(stmt, NFIELDS + 1);
	}
	sqlite3_reset(stmt);
	return ok;
}

static void free_fields(char *b[NFIELDS])
{
	for (int f = 0; f < NFIELDS; f++) {
		free(b[f]);
		b[f] = NULL;
	}
}

/* The base JSON of v, agreed on with the other copy's change of time at, into *out
 * (owned), through SQLite so that it is JSON. */
static int make_base(struct mctx *m, const char *v[NFIELDS], int64_t at, char **out)
{
	sqlite3_stmt *stmt;
	int rc = mprep(m, Q_MAKE_BASE, "SELECT json_object('note', ?1, 'due', ?2, 'owner', ?3,"
	                               " 'done', ?4, 'type', ?5, 'at', ?6)",
	               &stmt);
	if (rc != SQLITE_OK)
		return rc;
	for (int f = 0; f < NFIELDS; f++)
		if (f == F_DONE)
			sqlite3_bind_int(stmt, f + 1, !strcmp(v[f], "1"));
		else
			sql_bind_str(stmt, f + 1, v[f]);
	sqlite3_bind_int64(stmt, NFIELDS + 1, at);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = sql_dup_column(stmt, 0);
		rc = *out ? SQLITE_OK : SQLITE_NOMEM;
	}
	sqlite3_reset(stmt);
	return rc;
}

/* Adds the item as a new tag (or a tombstone) of doc. */
static int add_item(struct mctx *m, int64_t doc, const struct store_merge_item *it)
{
	const char *v[NFIELDS];
	fields_of(&it->a, v);
	char *base = NULL;
	int rc = it->deleted ? SQLITE_OK : make_base(m, v, it->a.modified, &base);
	sqlite3_stmt *stmt;
	if (rc == SQLITE_OK)
		rc = mprep(m, Q_ADD,
		                 "INSERT INTO annotation(uuid, document_id, version_id, type, done, anchor,"
		                 " start, \"end\", quote, prefix, suffix, section, note, due, owner, author,"
		                 " created, modified, editor, base, deleted) VALUES(:uuid, :doc, NULL,"
		                 " :type, :done, 'anchored', :start, :end, :quote, :prefix, :suffix,"
		                 " :section, :note, :due, :owner, :author, :created, :modified, :editor,"
		                 " :base, :deleted)",
		                 &stmt);
	if (rc == SQLITE_OK) {
		const struct store_annot *a = &it->a;
		sql_bind_named_str(stmt, ":uuid", a->uuid);
		sql_bind_named_int(stmt, ":doc", doc);
		sql_bind_named_str(stmt, ":type", it->deleted && !a->type ? "note" : a->type);
		sql_bind_named_int(stmt, ":done", a->done ? 1 : 0);
		sql_bind_named_int(stmt, ":start", it->deleted ? 0 : a->start);
		sql_bind_named_int(stmt, ":end", it->deleted ? 0 : a->end);
		sql_bind_named_str(stmt, ":quote", a->quote);
		sql_bind_named_str(stmt, ":prefix", a->prefix);
		sql_bind_named_str(stmt, ":suffix", a->suffix);
		sql_bind_named_str(stmt, ":section", a->section);
		sql_bind_named_str(stmt, ":note", a->note);
		sql_bind_named_str(stmt, ":due", a->due);
		sql_bind_named_str(stmt, ":owner", a->owner);
		sql_bind_named_str(stmt, ":author", a->author && *a->author ? a->author : a->editor);
		sql_bind_named_int(stmt, ":created", a->created ? a->created : a->modified);
		sql_bind_named_int(stmt, ":modified", a->modified);
		sql_bind_named_str(stmt, ":editor", a->editor && *a->editor ? a->editor : a->author);
		if (base)
			sql_bind_named_str(stmt, ":base", base);
		sql_bind_named_int(stmt, ":deleted", it->deleted ? 1 : 0);
		rc = mrun(stmt);
	}
	free(base);
	return rc;
}

/* This store's record of uuid, deleted or not: *found false when there is none. */
static int find_row(struct mctx *m, const char *uuid, struct store_annot *a, int64_t *id,
                    bool *deleted, bool *found)
{
	sqlite3_stmt *stmt;
	*found = false;
	int rc = mprep(m, Q_FIND, "SELECT " ANNOT_COLUMNS ", deleted FROM annotation WHERE uuid = ?1",
	               &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, uuid);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*deleted = sqlite3_column_int(stmt, 22) != 0;
		rc = store_read_annot(stmt, a) == PZ_OK ? SQLITE_OK : SQLITE_NOMEM;
		*id = a->id;
		*found = rc == SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_reset(stmt);
	return rc;
}

/* Writes the merged fields v (and deleted, editor, modified, base) to row id; with
 * revive, the tag comes back in doc with the item's anchoring (found again on the
 * next load). */
static int write_row(struct mctx *m, int64_t id, int64_t doc, const char *v[NFIELDS],
                     bool deleted, const char *editor, int64_t modified, const char *base,
                     const struct store_annot *revive)
{
	sqlite3_stmt *stmt;
	int rc = mprep(m, revive ? Q_WRITE_REVIVE : Q_WRITE,
	                     revive ? "UPDATE annotation SET note = :note, due = :due, owner = :owner,"
	                              " done = :done, type = :type, deleted = :deleted, editor = :editor,"
	                              " modified = :modified, base = :base, document_id = :doc,"
	                              " version_id = NULL, anchor = 'anchored', start = :start,"
	                              " \"end\" = :end, quote = :quote, prefix = :prefix,"
	                              " suffix = :suffix, section = :section WHERE id = :id"
	                            : "UPDATE annotation SET note = :note, due = :due, owner = :owner,"
	                              " done = :done, type = :type, deleted = :deleted, editor = :editor,"
	                              " modified = :modified, base = :base WHERE id = :id",
	                     &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_named_str(stmt, ":note", v[F_NOTE]);
	sql_bind_named_str(stmt, ":due", v[F_DUE]);
	sql_bind_named_str(stmt, ":owner", v[F_OWNER]);
	sql_bind_named_int(stmt, ":done", !strcmp(v[F_DONE], "1"));
	sql_bind_named_str(stmt, ":type", v[F_TYPE]);
	sql_bind_named_int(stmt, ":deleted", deleted);
	sql_bind_named_str(stmt, ":editor", editor);
	sql_bind_named_int(stmt, ":modified", modified);
	if (base)
		sql_bind_named_str(stmt, ":base", base);
	sql_bind_named_int(stmt, ":id", id);
	if (revive) {
		sql_bind_named_int(stmt, ":doc", doc);
		sql_bind_named_int(stmt, ":start", revive->start);
		sql_bind_named_int(stmt, ":end", revive->end);
		sql_bind_named_str(stmt, ":quote", revive->quote);
		sql_bind_named_str(stmt, ":prefix", revive->prefix);
		sql_bind_named_str(stmt, ":suffix", revive->suffix);
		sql_bind_named_str(stmt, ":section", revive->section);
	}
	return mrun(stmt);
}

/* Records (or keeps) the dispute of field f of row id; *fresh when it is new or its
 * other value changed. */
/* The other value of a dispute that this merge found (theirs, changed at their_at), as
 * an operation for sync: made beside ours, it replaces what ours replaced (the parents of
 * the field's heads), so that every copy sees two heads of the field, the dispute. */
static int theirs_op(struct mctx *m, int64_t id, int f, const char *theirs,
                     const char *theirs_author, int64_t their_at)
{
	sqlite3_stmt *stmt;
	int rc = mprep(m, Q_THEIRS_OP,
	               "INSERT INTO sync_op(id, doc, tag, field, value, at, author, parents)"
	               " SELECT " SQL_NEW_UUID ", d.uuid, a.uuid, ?2, ?3, ?4, ?5,"
	               " ifnull((SELECT group_concat(o.parents) FROM sync_op o WHERE o.tag = a.uuid"
	               "  AND o.field IN (?2, 'add') AND o.parents != '' AND NOT EXISTS (SELECT 1"
	               "  FROM sync_op p WHERE p.tag = o.tag AND p.field = ?2"
	               "  AND instr(',' || p.parents || ',', ',' || o.id || ',') > 0)), '')"
	               " FROM annotation a JOIN document d ON d.id = a.document_id"
	               " WHERE a.id = ?1 AND (SELECT applying FROM sync_ctl) = 0",
	               &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	sql_bind_str(stmt, 2, field_names[f]);
	sql_bind_str(stmt, 3, theirs);
	sqlite3_bind_int64(stmt, 4, their_at);
	sql_bind_str(stmt, 5, theirs_author);
	return mrun(stmt);
}

static int put_dispute(struct mctx *m, int64_t id, int f, const char *mine,
                       const char *mine_author, const char *theirs, const char *theirs_author,
                       int64_t their_at, bool *fresh)
{
	sqlite3_stmt *stmt;
	int rc = mprep(m, Q_DISPUTE_GET,
	               "SELECT theirs FROM dispute WHERE annotation_id = ?1 AND field = ?2", &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	sql_bind_str(stmt, 2, field_names[f]);
	rc = sqlite3_step(stmt);
	const unsigned char *was = rc == SQLITE_ROW ? sqlite3_column_text(stmt, 0) : NULL;
	*fresh = !was || strcmp((const char *)was, theirs);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (!*fresh)
		return SQLITE_OK;
	rc = mprep(m, Q_DISPUTE_PUT, "INSERT OR REPLACE INTO dispute(annotation_id, field, mine,"
	                             " mine_author, theirs, theirs_author) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	           &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	sql_bind_str(stmt, 2, field_names[f]);
	sql_bind_str(stmt, 3, mine);
	sql_bind_str(stmt, 4, mine_author);
	sql_bind_str(stmt, 5, theirs);
	sql_bind_str(stmt, 6, theirs_author);
	rc = mrun(stmt);
	if (rc == SQLITE_OK)
		rc = theirs_op(m, id, f, theirs, theirs_author, their_at);
	return rc;
}

static int drop_dispute(struct mctx *m, int64_t id, const char *field)
{
	sqlite3_stmt *stmt;
	int rc = field ? mprep(m, Q_DROP_FIELD,
	                       "DELETE FROM dispute WHERE annotation_id = ?1 AND field = ?2", &stmt)
	               : mprep(m, Q_DROP_ALL, "DELETE FROM dispute WHERE annotation_id = ?1", &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	if (field)
		sql_bind_str(stmt, 2, field);
	return mrun(stmt);
}

/* The three-way merge of two live copies: mine (row id) and theirs. */
static int merge_fields(struct mctx *x, int64_t id, const struct store_annot *m,
                        const struct store_merge_item *it, struct store_merge_counts *c)
{
	const char *mine[NFIELDS], *theirs[NFIELDS], *out[NFIELDS], *agreed[NFIELDS];
	fields_of(m, mine);
	fields_of(&it->a, theirs);
	char *base[NFIELDS];
	int64_t at, their_at;
	bool have = read_base(x, m->base, base, &at);
	if (have && at && it->a.modified <= at) {
		/* their copy is no newer than what both agreed on: nothing of it is new */
		free_fields(base);
		c->unchanged++;
		return SQLITE_OK;
	}
	if (!have) {
		free_fields(base);
		have = read_base(x, it->base, base, &their_at);
	}
	const char *their_editor = it->a.editor && *it->a.editor ? it->a.editor : it->a.author;
	bool taken = false, disputed = false;
	int rc = SQLITE_OK;
	for (int f = 0; f < NFIELDS && rc == SQLITE_OK; f++) {
		out[f] = agreed[f] = mine[f];
		if (!strcmp(mine[f], theirs[f])) {
			rc = f < F_TYPE ? drop_dispute(x, id, field_names[f]) : SQLITE_OK;
			continue;
		}
		const char *b = have ? base[f] : NULL;
		bool mine_changed = !b || strcmp(mine[f], b), theirs_changed = !b || strcmp(theirs[f], b);
		if (b && !mine_changed) {
			out[f] = agreed[f] = theirs[f];
			taken = true;
		} else if (b && !theirs_changed) {
			agreed[f] = theirs[f]; /* ours is the newer: theirs will take it */
		} else if (b && f < F_TYPE) {
			bool fresh = false;
			agreed[f] = b; /* not agreed since */
			rc = put_dispute(x, id, f, mine[f], m->editor, theirs[f], their_editor,
			                 it->a.modified, &fresh);
			disputed |= fresh;
		} else if (it->a.modified > m->modified) { /* no base (or the type): the newer */
			out[f] = agreed[f] = theirs[f];
			taken = true;
		} else {
			agreed[f] = theirs[f];
		}
	}
	char *nb = NULL;
	if (rc == SQLITE_OK)
		rc = make_base(x, agreed, it->a.modified > at ? it->a.modified : at, &nb);
	if (rc == SQLITE_OK) {
		bool same_base = m->base && !strcmp(m->base, nb);
		if (taken)
			rc = write_row(x, id, 0, out, false, their_editor,
			               it->a.modified > m->modified ? it->a.modified : m->modified, nb, NULL);
		else if (!same_base)
			rc = write_row(x, id, 0, out, false, m->editor, m->modified, nb, NULL);
	}
	free(nb);
	free_fields(base);
	if (disputed)
		c->disputed++;
	else if (taken)
		c->updated++;
	else
		c->unchanged++;
	return rc;
}

static int merge_one(struct mctx *s, int64_t doc, const struct store_merge_item *it,
                     struct store_merge_counts *c)
{
	struct store_annot m;
	int64_t id;
	bool deleted, found;
	int rc = find_row(s, it->a.uuid, &m, &id, &deleted, &found);
	if (rc != SQLITE_OK)
		return rc;
	if (!found) {
		rc = add_item(s, doc, it);
		if (it->deleted)
			c->unchanged++; /* a tombstone of a tag never here: nothing to see */
		else
			c->added++;
		return rc;
	}
	const char *their_editor = it->a.editor && *it->a.editor ? it->a.editor : it->a.author;
	const char *v[NFIELDS];
	if (deleted || it->deleted) {
		if (deleted == it->deleted) {
			c->unchanged++;
		} else if (it->a.modified <= m.modified) {
			c->unchanged++; /* the newer side wins: here it is */
		} else if (it->deleted) { /* their deletion is newer than our last change */
			fields_of(&m, v);
			rc = write_row(s, id, doc, v, true, their_editor, it->a.modified, m.base, NULL);
			if (rc == SQLITE_OK)
				rc = drop_dispute(s, id, NULL);
			c->deleted++;
		} else { /* their change is newer than our deletion: the tag comes back */
			char *nb = NULL;
			fields_of(&it->a, v);
			rc = make_base(s, v, it->a.modified, &nb);
			if (rc == SQLITE_OK)
				rc = write_row(s, id, doc, v, false, their_editor, it->a.modified, nb, &it->a);
			free(nb);
			c->updated++;
		}
	} else {
		rc = merge_fields(s, id, &m, it, c);
	}
	store_annot_release(&m);
	return rc;
}

enum pz_status store_merge(store *s, int64_t doc, const struct store_merge_item *v, size_t n,
                           struct store_merge_counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		enum pz_status st = v[i].deleted ? PZ_OK : store_annot_check(&v[i].a);
		if (st != PZ_OK)
			return st;
	}
	int rc = sql_exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return sql_db_status(s->db, rc);
	struct mctx m = { .s = s };
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++)
		rc = merge_one(&m, doc, &v[i], c);
	mctx_release(&m);
	enum pz_status st = sql_finish(s, rc);
	if (st != PZ_OK)
		memset(c, 0, sizeof(*c));
	return st;
}

/* ---- disputes ---- */

void store_disputes_free(struct store_dispute *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].mine);
		free(v[i].mine_author);
		free(v[i].theirs);
		free(v[i].theirs_author);
		free(v[i].mine_shown);
		free(v[i].theirs_shown);
	}
	free(v);
}

static enum pz_status read_dispute_row(sqlite3_stmt *stmt, void *elem)
{
	struct store_dispute *d = elem;
	memset(d, 0, sizeof(*d));
	const unsigned char *f = sqlite3_column_text(stmt, 0);
	snprintf(d->field, sizeof(d->field), "%s", f ? (const char *)f : "");
	d->mine = sql_dup_column(stmt, 1);
	d->mine_author = sql_dup_column(stmt, 2);
	d->theirs = sql_dup_column(stmt, 3);
	d->theirs_author = sql_dup_column(stmt, 4);
	d->mine_shown = sql_dup_column(stmt, 5);
	d->theirs_shown = sql_dup_column(stmt, 6);
	if (!d->mine || !d->mine_author || !d->theirs || !d->theirs_author || !d->mine_shown ||
	    !d->theirs_shown) {
		free(d->mine);
		free(d->mine_author);
		free(d->theirs);
		free(d->theirs_author);
		free(d->mine_shown);
		free(d->theirs_shown);
		return PZ_NOMEM;
	}
	return PZ_OK;
}

static void release_disputes(void *v, size_t n)
{
	store_disputes_free(v, n);
}

/* A value in dispute as a reader reads it: a passage (JSON) as its quote and where it
 * starts, in characters; any other value as it is. */
#define SHOWN(x)                                                                         \
	"CASE WHEN d.field = 'place' AND json_valid(" x ") THEN '\u201c' || ifnull(" x          \
	" ->> 'quote', '') || '\u201d @' || ifnull(" x " ->> 'start', 0) ELSE " x " END"

enum pz_status store_disputes(store *s, const char *uuid, struct store_dispute **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT d.field, d.mine, d.mine_author, d.theirs, d.theirs_author,"
	                        " " SHOWN("d.mine") ", " SHOWN("d.theirs")
	                        " FROM dispute d JOIN annotation a ON a.id = d.annotation_id"
	                        " WHERE a.uuid = ?1 ORDER BY CASE d.field WHEN 'note' THEN 0"
	                        " WHEN 'due' THEN 1 WHEN 'owner' THEN 2 WHEN 'done' THEN 3 ELSE 4 END",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, uuid);
	return sql_read_rows(stmt, sizeof(**v), read_dispute_row, release_disputes, (void **)v, n);
}

/* Their passage json (a 'place' in dispute: store_sync.h) into e: offsets, the version
 * it counts in (when kept here), and quote, prefix, suffix, section in out[0..3]
 * (owned), *change when it moves the tag. */
static enum pz_status take_place(store *s, const char *json, struct store_annot *e, char *out[4],
                                 bool *change)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT ?1 ->> 'quote', ?1 ->> 'prefix', ?1 ->> 'suffix',"
	                        " ?1 ->> 'section', ?1 ->> 'start', ?1 ->> 'end',"
	                        " (SELECT v.id FROM version v WHERE v.document_id = ?2"
	                        " AND v.hash = substr(?1 ->> 'version', 1, 16)"
	                        " AND v.length = CAST(substr(?1 ->> 'version', 18) AS INTEGER))"
	                        " WHERE json_valid(?1) AND typeof(?1 ->> 'quote') = 'text'"
	                        " AND typeof(?1 ->> 'start') = 'integer' AND typeof(?1 ->> 'end') = 'integer'",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, json);
	sqlite3_bind_int64(stmt, 2, e->doc);
	enum pz_status st = PZ_SYNTAX;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		st = PZ_OK;
		for (int k = 0; k < 4; k++) {
			free(out[k]);
			if (!(out[k] = sqlite3_column_type(stmt, k) == SQLITE_NULL ? strdup("")
			                                                            : sql_dup_column(stmt, k)))
				st = PZ_NOMEM;
		}
		if (st == PZ_OK) {
			int64_t start = sqlite3_column_int64(stmt, 4), end = sqlite3_column_int64(stmt, 5);
			*change |= start != e->start || end != e->end || strcmp(out[0], e->quote);
			e->quote = out[0];
			e->prefix = out[1];
			e->suffix = out[2];
			e->section = out[3];
			e->start = start;
			e->end = end < start ? start : end;
			e->version = sqlite3_column_int64(stmt, 6);
			e->anchor = STORE_ANCHORED;
		}
	}
	sqlite3_finalize(stmt);
	return st;
}

enum pz_status store_resolve(store *s, const char *uuid, const char *field, enum store_take take,
                             const char *value)
{
	struct store_dispute *d;
	size_t n;
	enum pz_status st = store_disputes(s, uuid, &d, &n);
	if (st != PZ_OK)
		return st;
	size_t want = 0;
	for (size_t i = 0; i < n; i++)
		want += !field || !strcmp(d[i].field, field);
	if (!want) {
		store_disputes_free(d, n);
		return PZ_NOENT;
	}
	if (take == STORE_TAKE_VALUE && want > 1) {
		store_disputes_free(d, n);
		return PZ_AMBIGUOUS;
	}
	struct store_annot a;
	if ((st = store_annot_find(s, uuid, &a)) != PZ_OK) {
		store_disputes_free(d, n);
		return st;
	}
	struct store_annot e = a; /* borrows a's strings, but for what is taken */
	const char *v[NFIELDS];
	fields_of(&a, v);
	bool change = false;
	char *place[4] = {NULL}; /* their passage's quote, prefix, suffix, section (owned) */
	for (size_t i = 0; st == PZ_OK && i < n; i++) {
		if (field && strcmp(d[i].field, field))
			continue;
		const char *to = take == STORE_TAKE_MINE ? NULL : take == STORE_TAKE_THEIRS ? d[i].theirs
		                                                                         : value;
		if (!to)
			continue;
		if (!strcmp(d[i].field, "place")) {
			/* a passage is taken whole (theirs), never written as a value */
			if (take == STORE_TAKE_VALUE)
				st = PZ_SYNTAX;
			else
				st = take_place(s, to, &e, place, &change);
		} else if (!strcmp(d[i].field, "done")) {
			int done = !strcmp(to, "1") || !strcmp(to, "done") ? 1
			         : !strcmp(to, "0") || !strcmp(to, "open") ? 0 : -1;
			if (done < 0)
				st = PZ_SYNTAX;
			else
				change |= e.done != done, e.done = done;
		} else if (!strcmp(d[i].field, "due")) {
			if (*to && !date_parse_iso(to, NULL))
				st = PZ_SYNTAX;
			else
				change |= strcmp(e.due, to) != 0, e.due = (char *)to;
		} else if (!strcmp(d[i].field, "note")) {
			change |= strcmp(e.note, to) != 0, e.note = (char *)to;
		} else {
			change |= strcmp(e.owner, to) != 0, e.owner = (char *)to;
		}
	}
	if (st == PZ_OK && change)
		st = store_annot_update(s, &e);
	for (int k = 0; k < 4; k++)
		free(place[k]);
	/* settled: the dispute goes, and their value counts as agreed, so that the same
	 * listing imported again keeps what was chosen */
	int rc = st == PZ_OK ? sql_exec(s->db, "BEGIN IMMEDIATE") : SQLITE_OK;
	for (size_t i = 0; st == PZ_OK && rc == SQLITE_OK && i < n; i++) {
		if (field && strcmp(d[i].field, field))
			continue;
		sqlite3_stmt *stmt;
		rc = sql_prepare(s, "UPDATE annotation SET base = json_set(ifnull(base, '{}'),"
		                    " '$.' || ?2, CASE ?2 WHEN 'done' THEN CAST(?3 AS INTEGER) ELSE ?3 END)"
		                    " WHERE id = ?1",
		                 &stmt);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(stmt, 1, a.id);
			sql_bind_str(stmt, 2, d[i].field);
			sql_bind_str(stmt, 3, d[i].theirs);
			rc = sql_run(stmt);
		}
		if (rc == SQLITE_OK) {
			struct mctx m = { .s = s };
			rc = drop_dispute(&m, a.id, d[i].field);
			mctx_release(&m);
		}
	}
	if (st == PZ_OK)
		st = sql_finish(s, rc);
	store_annot_release(&a);
	store_disputes_free(d, n);
	return st;
}

enum pz_status store_tombstones(store *s, int64_t doc, struct store_annot **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT " ANNOT_COLUMNS " FROM annotation"
	                        " WHERE document_id = ?1 AND deleted = 1 ORDER BY uuid",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_int64(stmt, 1, doc);
	struct store_annot *out = NULL;
	size_t len = 0, cap = 0;
	enum pz_status st = PZ_OK;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct store_annot *nv = realloc(out, nc * sizeof(*nv));
			if (!nv) {
				st = PZ_NOMEM;
				break;
			}
			out = nv;
			cap = nc;
		}
		if ((st = store_read_annot(stmt, &out[len])) != PZ_OK)
			break;
		len++;
	}
	if (st == PZ_OK && rc != SQLITE_DONE)
		st = sql_status(rc);
	sqlite3_finalize(stmt);
	if (st != PZ_OK) {
		store_annots_free(out, len);
		return st;
	}
	*v = out;
	*n = len;
	return PZ_OK;
}
