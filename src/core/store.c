/* The SQLite store's connection: opening it safely (never clobbering a file that is not
 * ours, nothing written before the file is known to be pizhu's and sound), the schema
 * and its migrations, and the small SQL helpers the store's parts share (store_sql.h).
 * The parts: store_library.c (documents, reading positions), store_version.c (each
 * distinct text of a document), store_annot.c (annotations and their undo history),
 * store_reject.c (suggestions turned down, undoable), store_identity.c (a document's identity
 * apart from its path), store_text.c (each version's text), store_tagdraft.c (a tag's
 * text in each draft where it changed), store_source.c (where each tag came from). */
#include "pizhu/store.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pizhu/i18n.h"
#include "store_sql.h"

/* 'pizh': marks the file as pizhu's, so another program's SQLite file is refused. */
#define STORE_APPLICATION_ID 0x70697a68
#define STORE_BUSY_MS 5000

/* The sync's record of changes (schema 12, store_sync.h), kept by triggers so that
 * every writer of a tag (the reader, the commands, undo, tags import) is seen. Nothing
 * is recorded while sync itself writes (sync_ctl.applying, set inside its
 * transaction). A change's parents are the operations it replaced: those of the field
 * that no other operation names as a parent (the add, which holds every field's first
 * value, counts as one of each field's). */
#define SYNC_WHEN "(SELECT applying FROM sync_ctl) = 0"
#define SYNC_HEADS(tag, field)                                                           \
	"ifnull((SELECT group_concat(o.id) FROM sync_op o WHERE o.tag = " tag                \
	" AND o.field IN (" field ", 'add') AND NOT EXISTS (SELECT 1 FROM sync_op p"          \
	" WHERE p.tag = o.tag AND p.field = " field                                          \
	" AND instr(',' || p.parents || ',', ',' || o.id || ',') > 0)), '')"
/* The add: where the tag stands and every field's first value (JSON). */
#define SYNC_ADD_VALUE(r)                                                                \
	"json_object('created', " r ".created, 'author', " r ".author, 'quote', " r ".quote,"    \
	" 'prefix', " r ".prefix, 'suffix', " r ".suffix, 'section', " r ".section,"          \
	" 'start', " r ".start, 'end', " r ".\"end\", 'version', ifnull((SELECT v.hash || '-' ||" \
	" v.length FROM version v WHERE v.id = " r ".version_id), ''), 'note', " r ".note,"   \
	" 'due', " r ".due, 'owner', " r ".owner, 'done', CAST(" r ".done AS TEXT),"           \
	" 'type', " r ".type, 'deleted', CAST(" r ".deleted AS TEXT))"
#define SYNC_REPLY_VALUE(r)                                                              \
	"json_object('id', " r ".uuid, 'author', " r ".author, 'at', " r ".at, 'text', " r ".text)"
#define SYNC_ADD_TRIGGER(kw)                                                             \
	"CREATE " kw "TRIGGER IF NOT EXISTS sync_add AFTER INSERT ON annotation WHEN " SYNC_WHEN   \
	" BEGIN INSERT INTO sync_op(id, doc, tag, field, value, at, author, parents)"         \
	" SELECT " SQL_NEW_UUID ", d.uuid, NEW.uuid, 'add', " SYNC_ADD_VALUE("NEW") ","        \
	" NEW.modified, NEW.editor, '' FROM document d WHERE d.id = NEW.document_id; END;"
#define SYNC_FIELD_TRIGGER(kw, f, col, val)                                              \
	"CREATE " kw "TRIGGER IF NOT EXISTS sync_" f " AFTER UPDATE OF " col " ON annotation"        \
	" WHEN OLD." col " IS NOT NEW." col " AND " SYNC_WHEN                                 \
	" BEGIN INSERT INTO sync_op(id, doc, tag, field, value, at, author, parents)"         \
	" SELECT " SQL_NEW_UUID ", d.uuid, NEW.uuid, '" f "', " val ", NEW.modified,"          \
	" NEW.editor, " SYNC_HEADS("NEW.uuid", "'" f "'")                                     \
	" FROM document d WHERE d.id = NEW.document_id; END;"
/* One trigger for each field a change set carries as it is. */
#define SYNC_FIELD_TRIGGERS(kw)                                                          \
	SYNC_FIELD_TRIGGER(kw, "note", "note", "NEW.note")                                        \
	SYNC_FIELD_TRIGGER(kw, "due", "due", "NEW.due")                                           \
	SYNC_FIELD_TRIGGER(kw, "owner", "owner", "NEW.owner")                                     \
	SYNC_FIELD_TRIGGER(kw, "done", "done", "CAST(NEW.done AS TEXT)")                          \
	SYNC_FIELD_TRIGGER(kw, "type", "type", "NEW.type")                                        \
	SYNC_FIELD_TRIGGER(kw, "deleted", "deleted", "CAST(NEW.deleted AS TEXT)")
/* A dispute settled here without a change of value (tags resolve --take=mine): the
 * value kept replaces every value in dispute. */
#define SYNC_SETTLE_TRIGGER                                                              \
	"CREATE TRIGGER IF NOT EXISTS sync_settle AFTER DELETE ON dispute WHEN " SYNC_WHEN    \
	" BEGIN INSERT INTO sync_op(id, doc, tag, field, value, at, author, parents)"         \
	" SELECT " SQL_NEW_UUID ", d.uuid, a.uuid, OLD.field, CASE OLD.field"                  \
	" WHEN 'note' THEN a.note WHEN 'due' THEN a.due WHEN 'owner' THEN a.owner"            \
	" ELSE CAST(a.done AS TEXT) END, a.modified, a.editor, " SYNC_HEADS("a.uuid", "OLD.field") \
	" FROM annotation a JOIN document d ON d.id = a.document_id"                         \
	" WHERE a.id = OLD.annotation_id AND a.deleted = 0; END;"
#define SYNC_REPLY_TRIGGER(kw)                                                           \
	"CREATE " kw "TRIGGER IF NOT EXISTS sync_reply AFTER INSERT ON reply WHEN " SYNC_WHEN       \
	" BEGIN INSERT INTO sync_op(id, doc, tag, field, value, at, author, parents)"         \
	" SELECT " SQL_NEW_UUID ", d.uuid, a.uuid, 'reply', " SYNC_REPLY_VALUE("NEW") ","      \
	" NEW.at, NEW.author, '' FROM annotation a JOIN document d ON d.id = a.document_id"   \
	" WHERE a.id = NEW.annotation_id; END;"

/* Where a tag stands (schema 14): its passage as one value, JSON in a fixed order, so
 * that two copies holding the same passage hold the same text. */
#define SYNC_PLACE_VALUE(r)                                                              \
	"json_object('start', " r ".start, 'end', " r ".\"end\", 'quote', " r ".quote,"        \
	" 'prefix', " r ".prefix, 'suffix', " r ".suffix, 'section', " r ".section,"          \
	" 'version', ifnull((SELECT v.hash || '-' || v.length FROM version v"                 \
	" WHERE v.id = " r ".version_id), ''))"
/* A tag's passage moved by a reviewer (re-marked elsewhere, undo of a move): the
 * offsets or the quote changed in a change that says who and when. Re-anchoring on a
 * new draft (store_reanchor) changes neither, and stays on each machine. */
#define SYNC_PLACE_TRIGGER(kw)                                                           \
	"CREATE " kw "TRIGGER IF NOT EXISTS sync_place AFTER UPDATE OF start, \"end\", quote, prefix,"\
	" suffix, section, version_id ON annotation"                                          \
	" WHEN (OLD.modified IS NOT NEW.modified OR OLD.editor IS NOT NEW.editor)"            \
	" AND (OLD.start IS NOT NEW.start OR OLD.\"end\" IS NOT NEW.\"end\""                    \
	" OR OLD.quote IS NOT NEW.quote) AND NEW.deleted = 0 AND " SYNC_WHEN                  \
	" BEGIN INSERT INTO sync_op(id, doc, tag, field, value, at, author, parents)"         \
	" SELECT " SQL_NEW_UUID ", d.uuid, NEW.uuid, 'place', " SYNC_PLACE_VALUE("NEW") ","    \
	" NEW.modified, NEW.editor, " SYNC_HEADS("NEW.uuid", "'place'")                       \
	" FROM document d WHERE d.id = NEW.document_id; END;"
/* A dispute settled here keeping the value shown (schema 14: the passage too). */
#define SYNC_SETTLE_TRIGGER_14(kw)                                                       \
	"CREATE " kw "TRIGGER IF NOT EXISTS sync_settle AFTER DELETE ON dispute WHEN " SYNC_WHEN    \
	" BEGIN INSERT INTO sync_op(id, doc, tag, field, value, at, author, parents)"         \
	" SELECT " SQL_NEW_UUID ", d.uuid, a.uuid, OLD.field, CASE OLD.field"                  \
	" WHEN 'note' THEN a.note WHEN 'due' THEN a.due WHEN 'owner' THEN a.owner"            \
	" WHEN 'place' THEN " SYNC_PLACE_VALUE("a") " ELSE CAST(a.done AS TEXT) END,"          \
	" a.modified, a.editor, " SYNC_HEADS("a.uuid", "OLD.field")                           \
	" FROM annotation a JOIN document d ON d.id = a.document_id"                         \
	" WHERE a.id = OLD.annotation_id AND a.deleted = 0; END;"
/* A change that leaves every shared field and the passage as they were still says who
 * changed the tag last and when (schema 13; 14: a move is a 'place' of its own). */
#define SYNC_TOUCH_TRIGGER_14(kw)                                                        \
	"CREATE " kw "TRIGGER IF NOT EXISTS sync_touch AFTER UPDATE OF modified, editor ON annotation"\
	" WHEN (OLD.modified IS NOT NEW.modified OR OLD.editor IS NOT NEW.editor)"            \
	" AND OLD.note IS NEW.note AND OLD.due IS NEW.due AND OLD.owner IS NEW.owner"         \
	" AND OLD.done IS NEW.done AND OLD.type IS NEW.type AND OLD.deleted IS NEW.deleted"   \
	" AND NOT (NEW.deleted = 0 AND (OLD.start IS NOT NEW.start"                           \
	" OR OLD.\"end\" IS NOT NEW.\"end\" OR OLD.quote IS NOT NEW.quote))"                   \
	" AND " SYNC_WHEN                                                                     \
	" BEGIN INSERT INTO sync_op(id, doc, tag, field, value, at, author, parents)"         \
	" SELECT " SQL_NEW_UUID ", d.uuid, NEW.uuid, 'type', NEW.type, NEW.modified,"          \
	" NEW.editor, " SYNC_HEADS("NEW.uuid", "'type'")                                      \
	" FROM document d WHERE d.id = NEW.document_id; END;"

/* The sync's triggers dropped from the schema (schemas 14 and 15). */
#define SYNC_DROP_TRIGGERS                                                               \
	"DROP TRIGGER IF EXISTS sync_add; DROP TRIGGER IF EXISTS sync_note;"                 \
	"DROP TRIGGER IF EXISTS sync_due; DROP TRIGGER IF EXISTS sync_owner;"                \
	"DROP TRIGGER IF EXISTS sync_done; DROP TRIGGER IF EXISTS sync_type;"                \
	"DROP TRIGGER IF EXISTS sync_deleted; DROP TRIGGER IF EXISTS sync_settle;"           \
	"DROP TRIGGER IF EXISTS sync_reply; DROP TRIGGER IF EXISTS sync_touch;"              \
	"DROP TRIGGER IF EXISTS sync_place;"

/* The sync's triggers as schema 14 made them, made by each connection that writes for
 * itself (TEMP: seen by that connection only, outside the file's schema). */
static const char sync_triggers[] =
	SYNC_ADD_TRIGGER("TEMP ")
	SYNC_FIELD_TRIGGERS("TEMP ")
	SYNC_SETTLE_TRIGGER_14("TEMP ")
	SYNC_REPLY_TRIGGER("TEMP ")
	SYNC_TOUCH_TRIGGER_14("TEMP ")
	SYNC_PLACE_TRIGGER("TEMP ");

/* Each step migrates from version i to i + 1; index 0 creates the first schema. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
	"CREATE TABLE document ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL DEFAULT '',"
	"  last_opened INTEGER NOT NULL,"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  length INTEGER NOT NULL DEFAULT 0"
	") STRICT;"
	"CREATE INDEX document_recent ON document(last_opened DESC);",

	/* 2: versions, annotations, their history */
	"CREATE TABLE version ("
	"  id INTEGER PRIMARY KEY,"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
	"  hash TEXT NOT NULL,"
	"  length INTEGER NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  UNIQUE(document_id, hash, length)"
	") STRICT;"
	"CREATE INDEX version_content ON version(hash, length);"
	"CREATE TABLE annotation ("
	"  id INTEGER PRIMARY KEY,"
	"  uuid TEXT NOT NULL UNIQUE,"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
	"  version_id INTEGER REFERENCES version(id) ON DELETE SET NULL,"
	"  type TEXT NOT NULL,"
	"  done INTEGER NOT NULL DEFAULT 0 CHECK(done IN (0, 1)),"
	"  anchor TEXT NOT NULL DEFAULT 'anchored'"
	"    CHECK(anchor IN ('anchored', 'moved', 'orphaned')),"
	"  start INTEGER NOT NULL CHECK(start >= 0),"
	"  \"end\" INTEGER NOT NULL CHECK(\"end\" >= start),"
	"  quote TEXT NOT NULL,"
	"  prefix TEXT NOT NULL DEFAULT '',"
	"  suffix TEXT NOT NULL DEFAULT '',"
	"  section TEXT NOT NULL DEFAULT '',"
	"  note TEXT NOT NULL DEFAULT '',"
	"  due TEXT NOT NULL DEFAULT '',"
	"  owner TEXT NOT NULL DEFAULT '',"
	"  author TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  modified INTEGER NOT NULL,"
	"  deleted INTEGER NOT NULL DEFAULT 0 CHECK(deleted IN (0, 1))"
	") STRICT;"
	"CREATE INDEX annotation_document ON annotation(document_id, deleted, start);"
	"CREATE TABLE oplog ("
	"  seq INTEGER PRIMARY KEY,"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
	"  uuid TEXT NOT NULL,"
	"  before TEXT NOT NULL,"
	"  after TEXT NOT NULL,"
	"  undone INTEGER NOT NULL DEFAULT 0 CHECK(undone IN (0, 1)),"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX oplog_document ON oplog(document_id, undone, seq);",

	/* 3: suggestions turned down */
	"CREATE TABLE rejection ("
	"  id INTEGER PRIMARY KEY,"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
	"  type TEXT NOT NULL,"
	"  quote TEXT NOT NULL,"
	"  prefix TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  UNIQUE(document_id, type, quote, prefix)"
	") STRICT;",

	/* 4: the process that made each step of the history (NULL: before version 4,
	 * from a process long gone) */
	"ALTER TABLE oplog ADD COLUMN pid INTEGER;"
	"CREATE INDEX oplog_uuid ON oplog(uuid, seq);",

	/* 5: a document's identity apart from its path (store_identity.c): a random UUID,
	 * given to every new document by the trigger */
	"ALTER TABLE document ADD COLUMN uuid TEXT;"
	"UPDATE document SET uuid = " SQL_NEW_UUID ";"
	"CREATE UNIQUE INDEX document_uuid ON document(uuid);"
	"CREATE TRIGGER document_identity AFTER INSERT ON document WHEN NEW.uuid IS NULL"
	" BEGIN UPDATE document SET uuid = " SQL_NEW_UUID " WHERE id = NEW.id; END;",

	/* 6: every version's text (store_text.c), with the file it was first seen as;
	 * method 0 plain, 1 zlib's deflate */
	"CREATE TABLE version_text ("
	"  version_id INTEGER PRIMARY KEY REFERENCES version(id) ON DELETE CASCADE,"
	"  path TEXT NOT NULL,"
	"  method INTEGER NOT NULL CHECK (method IN (0, 1)),"
	"  data BLOB NOT NULL"
	") STRICT;",

	/* 7: a tag's text before each draft where it changed (store_tagdraft.c); anchor
	 * as enum store_anchor: 1 moved, 2 orphaned */
	"CREATE TABLE tag_draft ("
	"  annotation_id INTEGER NOT NULL REFERENCES annotation(id) ON DELETE CASCADE,"
	"  version_id INTEGER NOT NULL REFERENCES version(id) ON DELETE CASCADE,"
	"  anchor INTEGER NOT NULL CHECK (anchor IN (1, 2)),"
	"  was TEXT NOT NULL,"
	"  PRIMARY KEY(annotation_id, version_id)"
	") STRICT;"
	"CREATE INDEX tag_draft_version ON tag_draft(version_id);",

	/* 8: reviewers (store_annot.c): who made each step of the history (steps from
	 * before are taken for the tag's author's), who changed a tag last, a tag's
	 * replies, and for merging listings the shared fields as last agreed (base, JSON)
	 * and the fields in dispute with both values */
	"ALTER TABLE oplog ADD COLUMN author TEXT NOT NULL DEFAULT '';"
	"UPDATE oplog SET author = ifnull((SELECT a.author FROM annotation a"
	" WHERE a.uuid = oplog.uuid), '');"
	"CREATE INDEX oplog_author ON oplog(document_id, author, undone, seq);"
	"ALTER TABLE annotation ADD COLUMN editor TEXT NOT NULL DEFAULT '';"
	"UPDATE annotation SET editor = author;"
	"ALTER TABLE annotation ADD COLUMN base TEXT;"
	"CREATE TABLE reply ("
	"  id INTEGER PRIMARY KEY,"
	"  uuid TEXT NOT NULL UNIQUE,"
	"  annotation_id INTEGER NOT NULL REFERENCES annotation(id) ON DELETE CASCADE,"
	"  author TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  text TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX reply_annotation ON reply(annotation_id, at, id);"
	"CREATE TABLE dispute ("
	"  annotation_id INTEGER NOT NULL REFERENCES annotation(id) ON DELETE CASCADE,"
	"  field TEXT NOT NULL CHECK (field IN ('note', 'due', 'owner', 'done')),"
	"  mine TEXT NOT NULL,"
	"  mine_author TEXT NOT NULL,"
	"  theirs TEXT NOT NULL,"
	"  theirs_author TEXT NOT NULL,"
	"  PRIMARY KEY(annotation_id, field)"
	") STRICT;",

	/* 9: a turn-down undone and redone like a tag (store_reject.c): each rejection
	 * gets a UUID for the history (oplog), and `deleted` when it was undone or the
	 * suggestion brought back (kept, so that the history can turn it down again) */
	"ALTER TABLE rejection ADD COLUMN uuid TEXT;"
	"ALTER TABLE rejection ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0"
	"  CHECK(deleted IN (0, 1));"
	"UPDATE rejection SET uuid = " SQL_NEW_UUID ";"
	"CREATE UNIQUE INDEX rejection_uuid ON rejection(uuid);"
	"CREATE TRIGGER rejection_identity AFTER INSERT ON rejection WHEN NEW.uuid IS NULL"
	" BEGIN UPDATE rejection SET uuid = " SQL_NEW_UUID " WHERE id = NEW.id; END;",

	/* 10: a reviewer's marks (store_review.c): the changes marked reviewed, by their
	 * key, the drafts marked reviewed whole, and the answers to "another draft of …?" */
	"CREATE TABLE review_mark ("
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
	"  reviewer TEXT NOT NULL,"
	"  key INTEGER NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  PRIMARY KEY(document_id, reviewer, key)"
	") STRICT;"
	"CREATE TABLE review_draft ("
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
	"  reviewer TEXT NOT NULL,"
	"  version_id INTEGER NOT NULL REFERENCES version(id) ON DELETE CASCADE,"
	"  created INTEGER NOT NULL,"
	"  PRIMARY KEY(document_id, reviewer, version_id)"
	") STRICT;"
	"CREATE TABLE draft_answer ("
	"  path TEXT PRIMARY KEY,"
	"  answer INTEGER NOT NULL CHECK (answer IN (0, 1)),"
	"  created INTEGER NOT NULL"
	") STRICT;",

	/* 11: where a tag came from (store_source.c): 'suggestion' for one made by accepting
	 * a suggestion; the tags older than version 11 are 'unrecorded', the others
	 * without a row were made by hand */
	"CREATE TABLE annotation_source ("
	"  annotation_id INTEGER PRIMARY KEY REFERENCES annotation(id) ON DELETE CASCADE,"
	"  source TEXT NOT NULL CHECK (source IN ('suggestion', 'unrecorded'))"
	") STRICT;"
	"INSERT INTO annotation_source(annotation_id, source)"
	" SELECT id, 'unrecorded' FROM annotation;",

	/* 12: sync (store_sync.c): every change of a tag's shared fields as an operation
	 * that travels (sync_op; set_uuid NULL: in the outbox), the change sets applied
	 * here or made here (sync_set), the identities of another machine's documents that
	 * are one of ours (sync_alias), and the switch that keeps what sync writes from
	 * being taken for a change of this machine's (sync_ctl). The triggers record the
	 * changes, whichever part of pizhu makes them. Written so that running it again
	 * over its own tables changes nothing. */
	"CREATE TABLE IF NOT EXISTS sync_op ("
	"  id TEXT NOT NULL UNIQUE,"
	"  doc TEXT NOT NULL,"
	"  tag TEXT NOT NULL,"
	"  field TEXT NOT NULL CHECK (field IN ('add', 'note', 'due', 'owner', 'done', 'type',"
	"    'deleted', 'reply')),"
	"  value TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  author TEXT NOT NULL,"
	"  parents TEXT NOT NULL DEFAULT '',"
	"  set_uuid TEXT"
	") STRICT;"
	"CREATE INDEX IF NOT EXISTS sync_op_tag ON sync_op(tag, field);"
	"CREATE INDEX IF NOT EXISTS sync_op_set ON sync_op(set_uuid);"
	"CREATE TABLE IF NOT EXISTS sync_set ("
	"  uuid TEXT PRIMARY KEY,"
	"  doc TEXT NOT NULL,"
	"  own INTEGER NOT NULL CHECK (own IN (0, 1))"
	") STRICT;"
	"CREATE TABLE IF NOT EXISTS sync_alias ("
	"  uuid TEXT PRIMARY KEY,"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE"
	") STRICT;"
	"CREATE TABLE IF NOT EXISTS sync_ctl ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  applying INTEGER NOT NULL CHECK (applying IN (0, 1))"
	") STRICT;"
	"INSERT OR IGNORE INTO sync_ctl VALUES(1, 0);"
	SYNC_ADD_TRIGGER("")
	SYNC_FIELD_TRIGGERS("")
	SYNC_SETTLE_TRIGGER
	SYNC_REPLY_TRIGGER("")
	/* what this database held before: in the outbox, for the first sync to carry */
	"INSERT INTO sync_op(id, doc, tag, field, value, at, author, parents)"
	" SELECT " SQL_NEW_UUID ", d.uuid, a.uuid, 'add', " SYNC_ADD_VALUE("a") ", a.modified,"
	" a.editor, '' FROM annotation a JOIN document d ON d.id = a.document_id"
	" WHERE NOT EXISTS (SELECT 1 FROM sync_op o WHERE o.tag = a.uuid);"
	"INSERT INTO sync_op(id, doc, tag, field, value, at, author, parents)"
	" SELECT " SQL_NEW_UUID ", d.uuid, a.uuid, 'reply', " SYNC_REPLY_VALUE("r") ", r.at,"
	" r.author, '' FROM reply r JOIN annotation a ON a.id = r.annotation_id"
	" JOIN document d ON d.id = a.document_id"
	" WHERE NOT EXISTS (SELECT 1 FROM sync_op o WHERE o.field = 'reply' AND o.tag = a.uuid"
	"   AND o.value ->> 'id' = r.uuid);",

	/* 13: a change that leaves every shared field as it was (an edit to the same value,
	 * a tag's passage moved by hand) still says who changed the tag last and when: it
	 * is recorded as the type set again, so that every copy shows the same editor and
	 * time */
	"CREATE TRIGGER IF NOT EXISTS sync_touch AFTER UPDATE OF modified, editor ON annotation"
	" WHEN (OLD.modified IS NOT NEW.modified OR OLD.editor IS NOT NEW.editor)"
	" AND OLD.note IS NEW.note AND OLD.due IS NEW.due AND OLD.owner IS NEW.owner"
	" AND OLD.done IS NEW.done AND OLD.type IS NEW.type AND OLD.deleted IS NEW.deleted"
	" AND " SYNC_WHEN
	" BEGIN INSERT INTO sync_op(id, doc, tag, field, value, at, author, parents)"
	" SELECT " SQL_NEW_UUID ", d.uuid, NEW.uuid, 'type', NEW.type, NEW.modified, NEW.editor, "
	SYNC_HEADS("NEW.uuid", "'type'") " FROM document d WHERE d.id = NEW.document_id; END;",

	/* 14: a tag's passage travels (store_sync.h): a move is an operation 'place' of
	 * its own, and may be in dispute. sync_op and dispute are made again with the new
	 * field allowed (SQLite cannot change a CHECK), their rows and order kept; the
	 * triggers that name them are dropped first and made again after (run again over
	 * its own tables, as a test of an older database does, it changes nothing) */
	SYNC_DROP_TRIGGERS
	"CREATE TABLE sync_op_14 ("
	"  id TEXT NOT NULL UNIQUE,"
	"  doc TEXT NOT NULL,"
	"  tag TEXT NOT NULL,"
	"  field TEXT NOT NULL CHECK (field IN ('add', 'note', 'due', 'owner', 'done', 'type',"
	"    'deleted', 'reply', 'place')),"
	"  value TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  author TEXT NOT NULL,"
	"  parents TEXT NOT NULL DEFAULT '',"
	"  set_uuid TEXT"
	") STRICT;"
	"INSERT INTO sync_op_14(rowid, id, doc, tag, field, value, at, author, parents, set_uuid)"
	" SELECT rowid, id, doc, tag, field, value, at, author, parents, set_uuid FROM sync_op;"
	"DROP TABLE sync_op;"
	"ALTER TABLE sync_op_14 RENAME TO sync_op;"
	"CREATE INDEX sync_op_tag ON sync_op(tag, field);"
	"CREATE INDEX sync_op_set ON sync_op(set_uuid);"
	"CREATE TABLE dispute_14 ("
	"  annotation_id INTEGER NOT NULL REFERENCES annotation(id) ON DELETE CASCADE,"
	"  field TEXT NOT NULL CHECK (field IN ('note', 'due', 'owner', 'done', 'place')),"
	"  mine TEXT NOT NULL,"
	"  mine_author TEXT NOT NULL,"
	"  theirs TEXT NOT NULL,"
	"  theirs_author TEXT NOT NULL,"
	"  PRIMARY KEY(annotation_id, field)"
	") STRICT;"
	"INSERT INTO dispute_14 SELECT annotation_id, field, mine, mine_author, theirs,"
	" theirs_author FROM dispute;"
	"DROP TABLE dispute;"
	"ALTER TABLE dispute_14 RENAME TO dispute;"
	SYNC_ADD_TRIGGER("")
	SYNC_FIELD_TRIGGERS("")
	SYNC_SETTLE_TRIGGER_14("")
	SYNC_REPLY_TRIGGER("")
	SYNC_TOUCH_TRIGGER_14("")
	SYNC_PLACE_TRIGGER(""),

	/* 15: the sync's triggers leave the schema (issue 15): SQLite reads every entry of
	 * the schema at a connection's first statement, and these eleven were two thirds
	 * of its text and most of the reading, before every first screen of the reader,
	 * which only reads until then. Each connection that writes makes them as TEMP
	 * triggers of its own (sync_triggers, store_ready_to_write): the same triggers,
	 * firing on the same tables. */
	SYNC_DROP_TRIGGERS,

	/* 16: where a document's tags are, read from this index alone (store_annots_where,
	 * before a known document's first screen: a third fewer instructions than through
	 * annotation_document and the table's rows, issue 15) */
	"CREATE INDEX IF NOT EXISTS annotation_place ON annotation(document_id, deleted, start,"
	" \"end\", anchor, type, done, version_id);",
};

/* pizhu_gone(pid) in SQL: 1 when no process pid runs any more (or pid is NULL, from
 * before the history knew), else 0. A process of another user is running (EPERM). A
 * pid reused since counts as running: the change is kept from undo, never wrongly
 * taken back. */
static void sql_gone(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_int(ctx, 1);
		return;
	}
	sqlite3_int64 pid = sqlite3_value_int64(argv[0]);
	bool gone = pid <= 0 || pid > INT32_MAX || (kill((pid_t)pid, 0) != 0 && errno == ESRCH);
	sqlite3_result_int(ctx, gone);
}

enum pz_status store_path(const char *path, char *buf, size_t len)
{
	const char *env;
	int n;

	if (path && *path)
		n = snprintf(buf, len, "%s", path);
	else if ((env = getenv("PIZHU_DB")) && *env)
		n = snprintf(buf, len, "%s", env);
	else if ((env = getenv("XDG_DATA_HOME")) && *env == '/')
		n = snprintf(buf, len, "%s/pizhu/pizhu.db", env);
	else if ((env = getenv("HOME")) && *env) {
		/* a home that is not there is not made: a login given HOME=/nonexistent (a
		 * service, root in a container) would leave its tags in a directory that
		 * nobody's home is, and find them gone under the real one */
		struct stat sb;
		if (stat(env, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			snprintf(buf, len, "%s", env);
			return PZ_NOENT;
		}
		n = snprintf(buf, len, "%s/.local/share/pizhu/pizhu.db", env);
	} else {
		if (len)
			buf[0] = '\0';
		return PZ_NOENT;
	}
	return n < 0 || (size_t)n >= len ? PZ_TOOBIG : PZ_OK;
}

/* The status of a failed system call on the database's path, with what could not be
 * done and to what in detail ("cannot create directory '/x/pizhu': not a directory";
 * nothing when what is NULL: the database itself could not be opened). */
static enum pz_status path_failed(int e, const char *what, const char *path, char *detail,
                                  size_t dlen)
{
	enum pz_status st = pz_status_of_errno(e);
	if (what && detail && dlen)
		/* TRANSLATORS: what could not be done ("cannot create directory"), the path, why */
		snprintf(detail, dlen, _("%s '%s': %s"), _(what), path, pz_strerror(st));
	return st;
}

/* mkdir -p for the directory part of path, new directories 0700. */
static enum pz_status make_parent(const char *path, char *detail, size_t dlen)
{
	char dir[4096];
	size_t n = strlen(path);
	if (n >= sizeof(dir))
		return PZ_TOOBIG;
	memcpy(dir, path, n + 1);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return PZ_OK;
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		if (*p && *p != '/')
			continue;
		char c = *p;
		*p = '\0';
		struct stat sb;
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return path_failed(errno, N_("cannot create directory"), dir, detail, dlen);
		/* what is there already must be a directory (or lead to one) */
		if (stat(dir, &sb) != 0)
			return path_failed(errno, N_("cannot create directory"), dir, detail, dlen);
		if (!S_ISDIR(sb.st_mode))
			return path_failed(ENOTDIR, N_("cannot create directory"), dir, detail, dlen);
		if (!c)
			return PZ_OK;
		*p = '/';
	}
}

/* Creates the file 0600 when missing, so that SQLite's -wal and -shm files, which
 * copy its mode, are private too. An existing file is left as it is. */
static enum pz_status create_private(const char *path, char *detail, size_t dlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		return PZ_OK;
	}
	if (errno == EEXIST)
		return PZ_OK;
	if (errno == EACCES || errno == EROFS)
		return PZ_DBREADONLY;
	return path_failed(errno, N_("cannot create"), path, detail, dlen);
}

/* What a file holds, as read before anything is written to it. */
struct header {
	int app, version, tables;
	bool wal;
};

/* Reads the header fields that tell whose database db is. */
static int read_header(sqlite3 *db, struct header *h)
{
	char mode[16] = "";
	sqlite3_stmt *stmt;
	int rc;
	if ((rc = sql_pragma_int(db, "PRAGMA application_id", &h->app)) != SQLITE_OK ||
	    (rc = sql_pragma_int(db, "PRAGMA user_version", &h->version)) != SQLITE_OK ||
	    (rc = sql_pragma_int(db, "SELECT count(*) FROM sqlite_schema", &h->tables)) != SQLITE_OK)
		return rc;
	/* asked, not set: on a read-only connection the answer is the file's mode */
	if ((rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(stmt, 0);
		snprintf(mode, sizeof(mode), "%s", t ? (const char *)t : "");
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	h->wal = !strcmp(mode, "wal");
	return rc;
}

/* Refuses a file that is another program's database or from a newer pizhu. */
static enum pz_status judge_header(const struct header *h, char *detail, size_t dlen)
{
	if ((h->app != 0 && h->app != STORE_APPLICATION_ID) || (h->app == 0 && h->tables > 0)) {
		sql_set_detail(detail, dlen, _("another program's SQLite database"));
		return PZ_DBCORRUPT;
	}
	if (h->version > STORE_SCHEMA_VERSION) {
		char msg[96];
		snprintf(msg, sizeof(msg), _("schema version %d, this pizhu knows up to %d"), h->version,
		         STORE_SCHEMA_VERSION);
		sql_set_detail(detail, dlen, msg);
		return PZ_DBNEWER;
	}
	return PZ_OK;
}

/* SQLite's quick_check of db (every page and b-tree read, indexes not compared with
 * their tables: linear in the file's size): PZ_OK or PZ_DBCORRUPT with its first
 * complaint in detail. */
static enum pz_status quick_check(sqlite3 *db, char *detail, size_t dlen)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	enum pz_status st = PZ_OK;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(stmt, 0);
		if (!t || strcmp((const char *)t, "ok")) {
			char msg[256];
			snprintf(msg, sizeof(msg), _("damaged: %s"), t ? (const char *)t : "?");
			sql_set_detail(detail, dlen, msg);
			st = PZ_DBCORRUPT;
		}
	} else {
		sql_set_detail(detail, dlen, sqlite3_errmsg(db));
		st = sql_status(rc);
	}
	sqlite3_finalize(stmt);
	return st;
}

/* Why quick_check does not run on every start (issue 15): it reads every page, so the
 * start grew with the library (a third of the instructions to the first screen of a
 * speech opened before). It runs when there is reason to doubt the file: the file is
 * new to pizhu, it was not closed cleanly (a -wal file is there: a reader killed, or
 * another pizhu has it open), or it changed since the last clean close. A clean close
 * by the last connection writes "<path>-checked": the file's size and modification
 * time, once the file has passed quick_check or matched such a line (a copy that keeps
 * the time, cp -p, holds the same bytes). A change by anything but pizhu (another
 * program, a file copied over it, a damaged page written) moves the modification time,
 * and the line no longer matches. The clock of file times is
 * coarse (a few ms), so a line is trusted only when it was written after the file's
 * last change had its time (a later change cannot carry the same time then). Damage
 * that changes no time (a failing disk) is still found: SQLite checks every page it
 * reads and answers SQLITE_CORRUPT, which every store function turns into
 * PZ_DBCORRUPT, the same clear message as at opening, and a write that meets it is
 * rolled back; once SQLite has said so, this process removes the -checked line, so
 * the next start checks the whole file again. */

/* Set when SQLite has answered SQLITE_CORRUPT or SQLITE_NOTADB in this process. */
static volatile sig_atomic_t damage_seen;

/* The line that describes the file at path as it is now, in buf ("" when it is not a
 * regular file that can be looked at). */
static void stamp_line(const char *path, char *buf, size_t len)
{
	struct stat sb;
	*buf = '\0';
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		snprintf(buf, len, "%lld %lld.%09ld\n", (long long)sb.st_size,
		         (long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec);
}

/* The -checked file's name beside path, in buf; false when it does not fit. */
static bool stamp_path(const char *path, char *buf, size_t len)
{
	return (size_t)snprintf(buf, len, "%s-checked", path) < len;
}

/* Whether a -wal file lies beside path (or its name does not fit: as if it did). */
static bool wal_beside(const char *path)
{
	char wal[4200];
	struct stat sb;
	return (size_t)snprintf(wal, sizeof(wal), "%s-wal", path) >= sizeof(wal) || lstat(wal, &sb) == 0;
}

/* Whether time a is in a later tick of the file clock than b. */
static bool later(struct timespec a, struct timespec b)
{
	return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

/* True when the file at path needs no quick_check: no -wal beside it, and its
 * -checked line matches it and was written after its last change; the line is put in
 * line ("" otherwise). */
static bool stamp_matches(const char *path, char *line, size_t len)
{
	char sp[4200], now[128], had[128] = "";
	struct stat ssb;
	*line = '\0';
	if (!stamp_path(path, sp, sizeof(sp)) || wal_beside(path))
		return false;
	int fd = open(sp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = fstat(fd, &ssb) == 0 && S_ISREG(ssb.st_mode) ? read(fd, had, sizeof(had) - 1) : -1;
	close(fd);
	if (n <= 0)
		return false;
	had[n] = '\0';
	stamp_line(path, now, sizeof(now));
	struct stat sb;
	if (!*now || strcmp(now, had) || stat(path, &sb) != 0)
		return false;
	/* written in a later tick of the file clock than the file's last change */
	if (!later(ssb.st_mtim, sb.st_mtim))
		return false;
	snprintf(line, len, "%s", now);
	return true;
}

/* After the last connection closed cleanly (no -wal left): records the file as sound,
 * unless the line read at opening still holds. Failing to write is harmless (the next
 * start checks). */
static void stamp_write(const char *path, const char *had)
{
	char sp[4200], now[128];
	if (!stamp_path(path, sp, sizeof(sp)))
		return;
	if (damage_seen) {
		unlink(sp);
		return;
	}
	if (wal_beside(path))
		return;
	stamp_line(path, now, sizeof(now));
	if (!*now || !strcmp(now, had))
		return;
	int fd = open(sp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	size_t n = strlen(now);
	struct stat sb, ssb;
	if (write(fd, now, n) != (ssize_t)n || stat(path, &sb) != 0) {
		(void)ftruncate(fd, 0);
		close(fd);
		return;
	}
	/* the line counts only from a later tick of the file clock than the file's change
	 * (stamp_matches): touch it until then (a tick is a few ms) */
	for (int i = 0; i < 50 && fstat(fd, &ssb) == 0; i++) {
		if (later(ssb.st_mtim, sb.st_mtim))
			break;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
		futimens(fd, NULL);
	}
	close(fd);
}

/* Looks at the file at path through a read-only connection, which writes nothing
 * (it neither checkpoints nor changes the journal mode): whose it is, its schema
 * version, its journal mode, and whether it is sound. A new, empty file is pizhu's. */
static enum pz_status inspect(const char *path, struct header *h, bool check, char *detail,
                              size_t dlen)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
	                         NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, STORE_BUSY_MS);
		sqlite3_extended_result_codes(db, 0);
		/* one read transaction: the header and the check see the same state */
		rc = sql_exec(db, "BEGIN");
		if (rc == SQLITE_OK)
			rc = read_header(db, h);
	}
	enum pz_status st = sql_db_status(db, rc);
	if (rc != SQLITE_OK)
		sql_set_detail(detail, dlen, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	else if ((st = judge_header(h, detail, dlen)) == PZ_OK && check)
		st = quick_check(db, detail, dlen);
	if (db)
		sql_exec(db, "COMMIT");
	sqlite3_close(db);
	return st;
}

/* The header fields of the file at path read from its first 100 bytes, without
 * SQLite (issue 15: a connection of its own read the whole schema, 4.4 million
 * instructions, a third of a millisecond and more, before every first screen). Only
 * for a file whose -checked line matches: pizhu closed it cleanly and nothing changed
 * it since, so there is no -wal and the file alone is the database. True when the
 * header is SQLite's and names pizhu's application; anything else (another
 * program's file, an empty one) is looked at by inspect(). The version is still
 * judged: a newer pizhu writes the same -checked line. */
static bool peek_header(const char *path, struct header *h)
{
	unsigned char b[100];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = pread(fd, b, sizeof(b), 0);
	close(fd);
	if (n != (ssize_t)sizeof(b) || memcmp(b, "SQLite format 3", 16))
		return false;
	/* bytes 18 and 19: the write and read versions, 1 rollback journal, 2 WAL */
	if (b[18] < 1 || b[18] > 2 || b[19] < 1 || b[19] > 2)
		return false;
	uint32_t version = (uint32_t)b[60] << 24 | (uint32_t)b[61] << 16 | (uint32_t)b[62] << 8 | b[63];
	uint32_t app = (uint32_t)b[68] << 24 | (uint32_t)b[69] << 16 | (uint32_t)b[70] << 8 | b[71];
	if ((int32_t)app != STORE_APPLICATION_ID)
		return false;
	h->app = (int32_t)app;
	h->version = (int32_t)version;
	h->tables = 1; /* not read: only asked when there is no application id */
	h->wal = b[18] == 2 && b[19] == 2;
	return true;
}

/* Brings the schema to STORE_SCHEMA_VERSION inside one IMMEDIATE transaction, which
 * waits its turn behind another process doing the same (the header is read again
 * under the lock: the other may have done it). */
static enum pz_status migrate(sqlite3 *db, char *detail, size_t dlen)
{
	struct header h = {0};
	enum pz_status st = PZ_OK;
	int rc;

	if ((rc = sql_exec(db, "BEGIN IMMEDIATE")) != SQLITE_OK)
		return sql_db_status(db, rc);
	if ((rc = read_header(db, &h)) != SQLITE_OK) {
		st = sql_db_status(db, rc);
		goto out;
	}
	if ((st = judge_header(&h, detail, dlen)) != PZ_OK)
		goto out;
	for (int v = h.version; v < STORE_SCHEMA_VERSION; v++)
		if ((rc = sql_exec(db, migrations[v])) != SQLITE_OK) {
			sql_set_detail(detail, dlen, sqlite3_errmsg(db));
			st = sql_db_status(db, rc);
			goto out;
		}
	if (h.version < STORE_SCHEMA_VERSION) {
		char sql[96];
		snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=%d",
		         STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
		if ((rc = sql_exec(db, sql)) != SQLITE_OK) {
			st = sql_db_status(db, rc);
			goto out;
		}
	}
out:
	if (st == PZ_OK && (rc = sql_exec(db, "COMMIT")) != SQLITE_OK)
		st = sql_db_status(db, rc);
	if (st != PZ_OK)
		sql_exec(db, "ROLLBACK");
	return st;
}

/* Turns a new file (of pizhu's, checked) to WAL. Changing the journal mode needs the
 * file to itself; another process opening it at the same moment may hold it, so the
 * change waits for it as a write would (the busy handler is not called here). */
static int set_wal(sqlite3 *db)
{
	int rc;
	for (int waited = 0;; waited += 10) {
		sqlite3_stmt *stmt;
		rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(stmt);
			rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
			sqlite3_finalize(stmt);
		}
		if ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED)
			return rc;
		if (waited >= STORE_BUSY_MS)
			return rc;
		sqlite3_sleep(10);
	}
}

/* SQLite's process-wide settings, before its first use: no count of the memory it
 * holds (pizhu never asks), which took a global mutex on every allocation it made,
 * about a tenth of reading the schema and the tags at opening (issue 15). Refused
 * harmlessly (SQLITE_MISUSE) when SQLite was used before. */
static pthread_once_t configured = PTHREAD_ONCE_INIT;

static void configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Until a connection opened by store_open_reading has its sync triggers, a statement
 * that would change what they record is refused as it is prepared (SQLITE_AUTH): a
 * change the sync would not carry is never made quietly. */
static int unarmed_write(void *arg, int action, const char *table, const char *col,
                         const char *schema, const char *trigger)
{
	(void)arg;
	(void)col;
	(void)trigger;
	if (action != SQLITE_INSERT && action != SQLITE_UPDATE && action != SQLITE_DELETE)
		return SQLITE_OK;
	if (schema && strcmp(schema, "main"))
		return SQLITE_OK;
	return table && (!strcmp(table, "annotation") || !strcmp(table, "dispute") ||
	                 !strcmp(table, "reply")) ? SQLITE_DENY : SQLITE_OK;
}

enum pz_status store_ready_to_write(store *s)
{
	if (!s || s->writing)
		return PZ_OK;
	sqlite3_set_authorizer(s->db, NULL, NULL);
	int rc = sql_exec(s->db, sync_triggers);
	if (rc != SQLITE_OK) {
		sqlite3_set_authorizer(s->db, unarmed_write, NULL);
		return sql_db_status(s->db, rc);
	}
	s->writing = true;
	return PZ_OK;
}

static enum pz_status open_store(const char *path, bool reading, store **out, char *detail,
                                 size_t dlen);

enum pz_status store_open(const char *path, store **out, char *detail, size_t dlen)
{
	return open_store(path, false, out, detail, dlen);
}

enum pz_status store_open_reading(const char *path, store **out, char *detail, size_t dlen)
{
	return open_store(path, true, out, detail, dlen);
}

static enum pz_status open_store(const char *path, bool reading, store **out, char *detail,
                                 size_t dlen)
{
	enum pz_status st;
	sqlite3 *db = NULL;
	struct header h = {0};
	int rc;

	*out = NULL;
	pthread_once(&configured, configure);
	sql_set_detail(detail, dlen, NULL);
	bool in_memory = !strcmp(path, ":memory:"); /* for tests and tools */
	if (!in_memory && ((st = make_parent(path, detail, dlen)) != PZ_OK ||
	                   (st = create_private(path, detail, dlen)) != PZ_OK))
		return st;
	/* SQLite is told not to follow a link to the database: say so before it fails */
	struct stat lsb;
	if (!in_memory && lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
		struct stat sb;
		if (stat(path, &sb) != 0)
			return path_failed(errno, NULL, path, detail, dlen);
		sql_set_detail(detail, dlen, _("a symbolic link (give the database file itself)"));
		return PZ_NOTREG;
	}
	/* before SQLite touches it: reading a WAL database creates its -shm and -wal
	 * files, which would stay read-only after the user makes the database writable */
	if (!in_memory && access(path, W_OK) != 0) {
		if (errno != EACCES && errno != EROFS)
			return path_failed(errno, NULL, path, detail, dlen);
		sql_set_detail(detail, dlen, _("the file is not writable"));
		return PZ_DBREADONLY;
	}
	/* Nothing is written before the file is known to be pizhu's and sound. */
	char stamp[128] = "";
	bool check = !in_memory && !stamp_matches(path, stamp, sizeof(stamp));
	if (!in_memory && !check && peek_header(path, &h)) {
		if ((st = judge_header(&h, detail, dlen)) != PZ_OK)
			return st;
	} else if (!in_memory && (st = inspect(path, &h, check, detail, dlen)) != PZ_OK)
		return st;
	/* Every thread opens a connection of its own (keeper.h, loader.h): none is used by
	 * two threads, so SQLite's own locking of each call is not needed (NOMUTEX, its
	 * "multi-thread" mode). It was about a tenth of reading the tags at opening:
	 * a mutex taken and given back for every column read. */
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK) {
		sql_set_detail(detail, dlen, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		st = sql_db_status(db, rc);
		sqlite3_close(db);
		return st;
	}
	sqlite3_busy_timeout(db, STORE_BUSY_MS);
	sqlite3_extended_result_codes(db, 0);
	rc = sql_exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL");
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "pizhu_gone", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
		                             sql_gone, NULL, NULL);
	if (rc == SQLITE_OK && !in_memory && !h.wal)
		rc = set_wal(db);
	if (rc != SQLITE_OK) {
		sql_set_detail(detail, dlen, sqlite3_errmsg(db));
		st = sql_db_status(db, rc);
		sqlite3_close(db);
		return st;
	}
	/* an up-to-date database is only read here: a reader needs no write lock */
	if ((in_memory || h.version < STORE_SCHEMA_VERSION) &&
	    (st = migrate(db, detail, dlen)) != PZ_OK) {
		if (detail && !*detail)
			sql_set_detail(detail, dlen, sqlite3_errmsg(db));
		sqlite3_close(db);
		return st;
	}
	store *s = calloc(1, sizeof(*s));
	if (!s) {
		sqlite3_close(db);
		return PZ_NOMEM;
	}
	s->db = db;
	snprintf(s->stamp, sizeof(s->stamp), "%s", check ? "-" : stamp); /* "-": sound, no line */
	if (reading)
		sqlite3_set_authorizer(db, unarmed_write, NULL);
	else if ((st = store_ready_to_write(s)) != PZ_OK) {
		sql_set_detail(detail, dlen, sqlite3_errmsg(db));
		sqlite3_close(db);
		free(s);
		return st;
	}
	*out = s;
	return PZ_OK;
}

enum pz_status store_open_existing(const char *path, store **out, char *detail, size_t dlen)
{
	struct stat sb;
	if (strcmp(path, ":memory:") && stat(path, &sb) != 0 && errno == ENOENT) {
		sql_set_detail(detail, dlen, NULL);
		return PZ_NOENT;
	}
	return store_open(path, out, detail, dlen);
}

void store_close(store *st)
{
	if (!st)
		return;
	char path[4096] = "";
	const char *f = sqlite3_db_filename(st->db, "main");
	if (f && *f && *st->stamp)
		snprintf(path, sizeof(path), "%s", f);
	if (sqlite3_close(st->db) == SQLITE_OK && *path)
		stamp_write(path, st->stamp);
	free(st);
}

const char *store_filename(const store *st)
{
	const char *f = sqlite3_db_filename(st->db, "main");
	return f ? f : "";
}

int64_t store_changes(const store *st)
{
	return sqlite3_total_changes64(st->db);
}

void store_set_busy_timeout(store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

int64_t store_data_version(store *s)
{
	int v = 0;
	if (sql_pragma_int(s->db, "PRAGMA data_version", &v) != SQLITE_OK)
		return -1;
	return v;
}

/* ---- the helpers of the store's parts (store_sql.h) ---- */

enum pz_status sql_status(int rc)
{
	switch (rc & 0xFF) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return PZ_OK;
	case SQLITE_NOMEM:
		return PZ_NOMEM;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		damage_seen = 1; /* no -checked line is written by this process */
		return PZ_DBCORRUPT;
	case SQLITE_READONLY:
		return PZ_DBREADONLY;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return PZ_DBBUSY;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return PZ_ACCES;
	case SQLITE_CANTOPEN:
		return PZ_NOENT;
	case SQLITE_FULL:
		return PZ_NOSPACE;
	default:
		return PZ_DB;
	}
}

enum pz_status sql_db_status(sqlite3 *db, int rc)
{
	enum pz_status st = sql_status(rc);
	if (db && (st == PZ_DB || st == PZ_NOENT)) {
		int e = sqlite3_system_errno(db);
		enum pz_status sys = e ? pz_status_of_errno(e) : PZ_IO;
		if (sys != PZ_IO && sys != PZ_NOENT)
			return sys;
	}
	return st;
}

int64_t sql_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sql_set_detail(char *detail, size_t len, const char *msg)
{
	if (detail && len)
		snprintf(detail, len, "%s", msg ? msg : "");
}

int sql_exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int sql_pragma_int(sqlite3 *db, const char *sql, int *value)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

enum pz_status sql_write_step_ext(store *s, sqlite3_stmt *stmt, int *ext)
{
	int rc = sql_exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return sql_db_status(s->db, rc);
	}
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		if (ext)
			*ext = rc;
		enum pz_status st = sql_db_status(s->db, rc);
		sql_exec(s->db, "ROLLBACK");
		return st;
	}
	rc = sql_exec(s->db, "COMMIT");
	if (rc != SQLITE_OK) {
		enum pz_status st = sql_db_status(s->db, rc);
		sql_exec(s->db, "ROLLBACK");
		return st;
	}
	return PZ_OK;
}

enum pz_status sql_write_step(store *s, sqlite3_stmt *stmt)
{
	return sql_write_step_ext(s, stmt, NULL);
}

bool sql_grow(void *v, size_t *cap, size_t len, size_t size)
{
	if (len < *cap)
		return true;
	size_t nc = *cap ? *cap * 2 : 16;
	void *nv = realloc(*(void **)v, nc * size);
	if (!nv)
		return false;
	*(void **)v = nv;
	*cap = nc;
	return true;
}

char *sql_dup_column(sqlite3_stmt *stmt, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);
	return strdup(t ? (const char *)t : "");
}

enum pz_status sql_read_rows(sqlite3_stmt *stmt, size_t size,
                             enum pz_status (*read)(sqlite3_stmt *stmt, void *elem),
                             void (*release)(void *v, size_t n), void **out, size_t *n)
{
	char *v = NULL;
	size_t len = 0, cap = 0;
	enum pz_status st = PZ_OK;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (!sql_grow(&v, &cap, len, size)) {
			st = PZ_NOMEM;
			break;
		}
		if ((st = read(stmt, v + len * size)) != PZ_OK)
			break;
		len++;
	}
	if (st == PZ_OK && rc != SQLITE_DONE)
		st = sql_status(rc);
	sqlite3_finalize(stmt);
	if (st != PZ_OK) {
		release(v, len);
		return st;
	}
	*out = v;
	*n = len;
	return PZ_OK;
}

int sql_prepare(store *s, const char *sql, sqlite3_stmt **stmt)
{
	return sqlite3_prepare_v2(s->db, sql, -1, stmt, NULL);
}

int sql_run(sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

void sql_bind_str(sqlite3_stmt *stmt, int i, const char *t)
{
	sqlite3_bind_text(stmt, i, t ? t : "", -1, SQLITE_TRANSIENT);
}

void sql_bind_named_str(sqlite3_stmt *stmt, const char *name, const char *t)
{
	int i = sqlite3_bind_parameter_index(stmt, name);
	if (i)
		sql_bind_str(stmt, i, t);
}

void sql_bind_named_int(sqlite3_stmt *stmt, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(stmt, name);
	if (i)
		sqlite3_bind_int64(stmt, i, v);
}

enum pz_status sql_finish(store *s, int rc)
{
	if (rc == SQLITE_OK && (rc = sql_exec(s->db, "COMMIT")) == SQLITE_OK)
		return PZ_OK;
	enum pz_status st = sql_db_status(s->db, rc);
	sql_exec(s->db, "ROLLBACK");
	return st;
}
