/* Unit tests of the SQLite store on real files in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pizhu/store.h"

struct fixture {
	char dir[64];
	char db[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/pizhu-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/sub/dir/pizhu.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void creates_private_file_and_directories(void **state)
{
	struct fixture *f = *state;
	store *st;
	struct stat sb;
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(stat(f->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	char dir[160];
	snprintf(dir, sizeof(dir), "%s/sub/dir", f->dir);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	store_close(st);
	/* WAL and the schema version are in the file */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), STORE_SCHEMA_VERSION);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void positions_survive_reopening(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t id, pos, id2;
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/speeches/a.txt", "甲", 100, &id, &pos), PZ_OK);
	assert_int_equal(pos, 0);
	assert_int_equal(store_save_position(st, id, 4242), PZ_OK);
	store_close(st);
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/speeches/a.txt", "甲", 100, &id2, &pos), PZ_OK);
	assert_int_equal(id2, id);
	assert_int_equal(pos, 4242);
	store_close(st);
}

static void library_lists_most_recent_first(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t id, pos;
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/a.txt", "A", 1, &id, &pos), PZ_OK);
	assert_int_equal(store_open_document(st, "/b.txt", "B", 2, &id, &pos), PZ_OK);
	assert_int_equal(store_save_position(st, id, 7), PZ_OK);
	/* opened in the same second: the later one comes first */
	struct store_doc *docs;
	size_t n;
	assert_int_equal(store_library(st, &docs, &n), PZ_OK);
	assert_int_equal(n, 2);
	assert_string_equal(docs[0].path, "/b.txt");
	assert_int_equal(docs[0].position, 7);
	assert_int_equal(docs[0].length, 2);
	assert_string_equal(docs[1].title, "A");
	store_docs_free(docs, n);
	store_close(st);
}

/* Every document has a UUID of its own, kept through a rename; it finds the document,
 * and another document's cannot be taken. */
static void documents_have_an_identity(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t a, b, pos, found;
	char ua[STORE_UUID_LEN + 1], ub[STORE_UUID_LEN + 1], again[STORE_UUID_LEN + 1];
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/a.txt", "甲", 10, &a, &pos), PZ_OK);
	assert_int_equal(store_open_document(st, "/b.txt", "乙", 10, &b, &pos), PZ_OK);
	assert_int_equal(store_document_uuid(st, a, ua), PZ_OK);
	assert_int_equal(store_document_uuid(st, b, ub), PZ_OK);
	assert_int_equal(strlen(ua), STORE_UUID_LEN);
	assert_int_equal(ua[14], '4'); /* version 4, random */
	assert_non_null(strchr("89ab", ua[19]));
	assert_string_not_equal(ua, ub);
	assert_int_equal(store_rename_document(st, a, "/c.txt"), PZ_OK);
	assert_int_equal(store_document_uuid(st, a, again), PZ_OK);
	assert_string_equal(again, ua);
	assert_int_equal(store_document_by_uuid(st, ub, &found), PZ_OK);
	assert_int_equal(found, b);
	assert_int_equal(store_document_by_uuid(st, "00000000-0000-4000-8000-000000000000", &found),
	                 PZ_NOENT);
	assert_int_equal(store_document_uuid(st, 999, again), PZ_NOENT);
	/* a document from another machine keeps its identity; no two share one */
	assert_int_equal(store_document_set_uuid(st, a, "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9"), PZ_OK);
	assert_int_equal(store_document_uuid(st, a, again), PZ_OK);
	assert_string_equal(again, "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
	assert_int_equal(store_document_set_uuid(st, b, again), PZ_EXIST);
	assert_int_equal(store_document_set_uuid(st, b, "not-a-uuid"), PZ_SYNTAX);
	assert_int_equal(store_document_set_uuid(st, 999, ub), PZ_NOENT);
	store_close(st);
	/* and survives reopening */
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_document_by_uuid(st, ub, &found), PZ_OK);
	assert_int_equal(found, b);
	store_close(st);
}

/* Every version's text is kept, deflated when that pays, with its file name; what does
 * not inflate to the version's length is refused as corrupt. */
static void versions_keep_their_text(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t a, pos, v1, v2, v3;
	/* a text that deflates well, one too short to, and the empty one */
	char big[6000];
	size_t bn = 0;
	while (bn + 40 < sizeof(big))
		bn += (size_t)sprintf(big + bn, "第%zu条：要扎实推进各项工作。\n", bn % 97);
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/a.txt", "甲", 10, &a, &pos), PZ_OK);
	assert_int_equal(store_version(st, a, 1, (int64_t)bn, &v1), PZ_OK);
	assert_int_equal(store_text_keep(st, v1, big, bn), PZ_OK);
	assert_int_equal(store_text_keep(st, v1, big, bn), PZ_OK); /* kept once */
	assert_int_equal(store_rename_document(st, a, "/b.txt"), PZ_OK);
	assert_int_equal(store_version(st, a, 2, 6, &v2), PZ_OK);
	assert_int_equal(store_text_keep(st, v2, "乙丙", 6), PZ_OK);
	assert_int_equal(store_version(st, a, 3, 0, &v3), PZ_OK);
	store_close(st);

	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	char *t;
	size_t n;
	assert_int_equal(store_text_get(st, v1, &t, &n), PZ_OK);
	assert_int_equal(n, bn);
	assert_memory_equal(t, big, bn);
	assert_int_equal(t[n], '\0');
	free(t);
	assert_int_equal(store_text_get(st, v2, &t, &n), PZ_OK);
	assert_int_equal(n, 6);
	assert_string_equal(t, "乙丙");
	free(t);
	assert_int_equal(store_text_get(st, v3, &t, &n), PZ_NOENT); /* never kept */

	struct store_draft *d;
	assert_int_equal(store_drafts(st, a, &d, &n), PZ_OK);
	assert_int_equal(n, 3);
	assert_int_equal(d[0].version, v1);
	assert_string_equal(d[0].path, "/a.txt");
	assert_true(d[0].kept);
	assert_true(d[0].stored < (int64_t)bn / 2); /* deflated */
	assert_string_equal(d[1].path, "/b.txt");
	assert_int_equal(d[1].stored, 6);           /* too short to pay: as it is */
	assert_false(d[2].kept);
	store_drafts_free(d, n);
	store_close(st);

	/* a text that inflates to another length is corrupt, not returned */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE version SET length = length + 1", NULL, NULL,
	                              NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_text_get(st, v1, &t, &n), PZ_DBCORRUPT);
	assert_int_equal(store_text_get(st, v2, &t, &n), PZ_DBCORRUPT);
	store_close(st);
}

static void not_sqlite_is_refused_and_kept(void **state)
{
	struct fixture *f = *state;
	char path[160], detail[128];
	snprintf(path, sizeof(path), "%s/notes.db", f->dir);
	const char *text = "这不是数据库，这是一份讲话稿。\n";
	write_file(path, text);
	store *st = NULL;
	assert_int_equal(store_open(path, &st, detail, sizeof(detail)), PZ_DBCORRUPT);
	assert_null(st);
	FILE *fp = fopen(path, "r");
	char buf[256] = "";
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, text);
}

static void other_programs_database_is_refused(void **state)
{
	struct fixture *f = *state;
	char path[160];
	snprintf(path, sizeof(path), "%s/other.db", f->dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	store *st = NULL;
	assert_int_equal(store_open(path, &st, NULL, 0), PZ_DBCORRUPT);
}

static void newer_schema_is_refused(void **state)
{
	struct fixture *f = *state;
	store *st;
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	store_close(st);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	char detail[128];
	assert_int_equal(store_open(f->db, &st, detail, sizeof(detail)), PZ_DBNEWER);
	assert_non_null(strstr(detail, "99"));
}

/* A file closed cleanly by pizhu is not looked at through a second connection: its
 * header is read from the file (issue 15). A newer schema version or another
 * application id written into the header with the file's times put back (its
 * -checked line still matches) is refused all the same, and nothing is written. */
static void poke_header(const char *path, off_t at, uint32_t v)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	int fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
		               (unsigned char)(v >> 8), (unsigned char)v };
	assert_int_equal(pwrite(fd, b, 4, at), 4);
	struct timespec times[2] = { sb.st_atim, sb.st_mtim };
	assert_int_equal(futimens(fd, times), 0);
	close(fd);
}

static void header_read_after_clean_close(void **state)
{
	struct fixture *f = *state;
	store *st;
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	store_close(st);
	char stamp[200];
	snprintf(stamp, sizeof(stamp), "%s-checked", f->db);
	assert_int_equal(access(stamp, F_OK), 0);
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK); /* the header path */
	store_close(st);
	poke_header(f->db, 60, 99); /* user_version */
	char detail[128];
	struct stat before, after;
	assert_int_equal(stat(f->db, &before), 0);
	assert_int_equal(store_open(f->db, &st, detail, sizeof(detail)), PZ_DBNEWER);
	assert_null(st);
	assert_non_null(strstr(detail, "99"));
	assert_int_equal(stat(f->db, &after), 0);
	assert_int_equal(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
	char wal[200];
	snprintf(wal, sizeof(wal), "%s-wal", f->db);
	assert_int_not_equal(access(wal, F_OK), 0);
	poke_header(f->db, 60, STORE_SCHEMA_VERSION);
	poke_header(f->db, 68, 0x12345678); /* application_id */
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_DBCORRUPT);
	assert_null(st);
}

static void locked_database_reports_busy(void **state)
{
	struct fixture *f = *state;
	store *st;
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	int64_t id, pos;
	assert_int_equal(store_open_document(st, "/a.txt", "A", 1, &id, &pos), PZ_OK);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	/* the writer holds the lock past the busy timeout */
	store_set_busy_timeout(st, 100);
	assert_int_equal(store_save_position(st, id, 1), PZ_DBBUSY);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_save_position(st, id, 1), PZ_OK);
	store_close(st);
}

/* Runs sql on the database file at path through a connection of its own; the SQLite
 * result code. */
static int sql_exec_for_test(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc = sqlite3_open(path, &db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* ---- reviewers ---- */

/* A task by this connection's reviewer on 某某 at [i, i + 2) of doc; its uuid in u. */
static void add_task(store *st, int64_t doc, int i, char *u)
{
	struct store_annot a = {0};
	a.doc = doc;
	a.type = "task";
	a.start = i;
	a.end = i + 2;
	a.quote = "某某";
	assert_int_equal(store_annot_add(st, &a), PZ_OK);
	memcpy(u, a.uuid, STORE_UUID_LEN + 1);
}

/* Sets the note of tag u through st. */
static void set_note(store *st, const char *u, const char *note)
{
	struct store_annot a;
	assert_int_equal(store_annot_find(st, u, &a), PZ_OK);
	struct store_annot c = a;
	c.note = (char *)note;
	assert_int_equal(store_annot_update(st, &c), PZ_OK);
	store_annot_release(&a);
}

/* Whether tag u is live, and its note ("" when deleted) into note. */
static bool tag_note(store *st, const char *u, char *note, size_t len)
{
	struct store_annot a;
	enum pz_status s = store_annot_find(st, u, &a);
	snprintf(note, len, "%s", s == PZ_OK ? a.note : "");
	if (s == PZ_OK)
		store_annot_release(&a);
	return s == PZ_OK;
}

/* How many rows a query of one count answers on the file at path. */
static int count_of(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	int n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return n;
}

/* The sync's triggers are no part of the file's schema (schema 15): a connection that
 * writes makes them for itself. The reader's (store_open_reading) reads without them
 * and refuses a change of a tag until store_ready_to_write; then its changes are
 * recorded for the sync as the commands' are. */
static void reader_writes_tags_once_ready(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t doc, pos;
	char t1[STORE_UUID_LEN + 1], t2[STORE_UUID_LEN + 1];
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/d.txt", "", 10, &doc, &pos), PZ_OK);
	add_task(st, doc, 0, t1);
	set_note(st, t1, "先");
	store_close(st);
	assert_int_equal(count_of(f->db, "SELECT count(*) FROM sqlite_schema"
	                                  " WHERE type = 'trigger' AND name LIKE 'sync%'"), 0);
	assert_int_equal(count_of(f->db, "SELECT count(*) FROM sync_op"), 2); /* add, note */

	assert_int_equal(store_open_reading(f->db, &st, NULL, 0), PZ_OK);
	struct store_annot *v;
	size_t n;
	assert_int_equal(store_annots(st, doc, &v, &n), PZ_OK); /* reading is free */
	assert_int_equal(n, 1);
	store_annots_free(v, n);
	struct store_annot a = { .doc = doc, .type = "task", .start = 4, .end = 6, .quote = "某某" };
	assert_int_equal(store_annot_add(st, &a), PZ_ACCES);
	struct store_annot r;
	assert_int_equal(store_annot_find(st, t1, &r), PZ_OK);
	struct store_annot c = r;
	c.note = "后";
	assert_int_equal(store_annot_update(st, &c), PZ_ACCES);
	store_annot_release(&r);
	assert_int_equal(count_of(f->db, "SELECT count(*) FROM annotation"), 1);

	assert_int_equal(store_ready_to_write(st), PZ_OK);
	assert_int_equal(store_ready_to_write(st), PZ_OK); /* once is enough */
	add_task(st, doc, 4, t2);
	set_note(st, t1, "后");
	store_close(st);
	assert_int_equal(count_of(f->db, "SELECT count(*) FROM sync_op WHERE field = 'add'"), 2);
	assert_int_equal(count_of(f->db, "SELECT count(*) FROM sync_op WHERE field = 'note'"), 2);
}

/* Where a document's tags are (store_annots_where, before a known document's first
 * screen) is read from an index alone (schema 16: annotation_place), and a database of
 * schema 15 gets it when opened. */
static void tags_places_read_from_an_index(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t doc, pos;
	char t1[STORE_UUID_LEN + 1];
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/d.txt", "", 10, &doc, &pos), PZ_OK);
	add_task(st, doc, 0, t1);
	store_close(st);
	sqlite3 *db;
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN SELECT id, ifnull(version_id, 0),"
	                                        " type, done, anchor, start, \"end\" FROM annotation"
	                                        " WHERE document_id = 1 AND deleted = 0",
	                                    -1, &stmt, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(stmt, 3),
	                       "COVERING INDEX annotation_place"));
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_exec(db, "DROP INDEX annotation_place; PRAGMA user_version=15",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(count_of(f->db, "SELECT count(*) FROM sqlite_schema"
	                                  " WHERE name = 'annotation_place'"), 0);
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	struct store_annot *v;
	size_t n;
	assert_int_equal(store_annots_where(st, doc, &v, &n), PZ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].type, "task");
	assert_int_equal(v[0].doc, doc);
	store_annots_free(v, n);
	store_close(st);
	assert_int_equal(count_of(f->db, "SELECT count(*) FROM sqlite_schema"
	                                  " WHERE name = 'annotation_place'"), 1);
	assert_int_equal(count_of(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
}

/* Two reviewers on one database (two connections, as two readers would have): each
 * tag and change records who made it; each undoes and redoes only their own, in order,
 * and again after reopening. */
static void reviewers_undo_only_their_own(void **state)
{
	struct fixture *f = *state;
	store *a, *b;
	int64_t doc, pos;
	char t1[STORE_UUID_LEN + 1], t2[STORE_UUID_LEN + 1], got[STORE_UUID_LEN + 1], note[64];
	assert_int_equal(store_open(f->db, &a, NULL, 0), PZ_OK);
	assert_int_equal(store_open(f->db, &b, NULL, 0), PZ_OK);
	store_set_author(a, "王某");
	store_set_author(b, "李四");
	assert_string_equal(store_author(a), "王某");
	assert_int_equal(store_open_document(a, "/d.txt", "", 10, &doc, &pos), PZ_OK);
	add_task(a, doc, 0, t1);
	add_task(b, doc, 4, t2);
	set_note(b, t2, "乙的");
	set_note(a, t1, "甲的");
	struct store_annot r;
	assert_int_equal(store_annot_find(b, t1, &r), PZ_OK);
	assert_string_equal(r.author, "王某");
	assert_string_equal(r.editor, "王某");
	store_annot_release(&r);
	assert_int_equal(store_annot_find(a, t2, &r), PZ_OK);
	assert_string_equal(r.author, "李四");
	store_annot_release(&r);

	/* 王某's u: the note, then the tag, both 王某's; 李四's work stays */
	assert_int_equal(store_undo(a, doc, got), PZ_OK);
	assert_string_equal(got, t1);
	assert_true(tag_note(a, t1, note, sizeof(note)));
	assert_string_equal(note, "");
	assert_int_equal(store_undo(a, doc, got), PZ_OK);
	assert_false(tag_note(a, t1, note, sizeof(note)));
	assert_int_equal(store_undo(a, doc, got), PZ_NOENT);
	assert_true(tag_note(a, t2, note, sizeof(note)));
	assert_string_equal(note, "乙的");
	/* redo in order: the tag, then its note */
	assert_int_equal(store_redo(a, doc, got), PZ_OK);
	assert_true(tag_note(a, t1, note, sizeof(note)));
	assert_string_equal(note, "");
	assert_int_equal(store_redo(a, doc, got), PZ_OK);
	assert_true(tag_note(a, t1, note, sizeof(note)));
	assert_string_equal(note, "甲的");
	assert_int_equal(store_redo(a, doc, got), PZ_NOENT);

	/* 李四, in a later session: the note, then the tag */
	store_close(b);
	assert_int_equal(store_open(f->db, &b, NULL, 0), PZ_OK);
	store_set_author(b, "李四");
	assert_int_equal(store_undo(b, doc, got), PZ_OK);
	assert_string_equal(got, t2);
	assert_true(tag_note(b, t2, note, sizeof(note)));
	assert_string_equal(note, "");
	assert_int_equal(store_undo(b, doc, got), PZ_OK);
	assert_false(tag_note(b, t2, note, sizeof(note)));
	assert_int_equal(store_undo(b, doc, got), PZ_NOENT);
	assert_true(tag_note(b, t1, note, sizeof(note)));
	assert_string_equal(note, "甲的");
	store_close(a);
	store_close(b);
}

/* Undoing (or redoing) a change to a tag someone else has changed since says so and
 * does nothing, until that other change is itself undone. */
static void undo_of_a_tag_changed_since_is_refused(void **state)
{
	struct fixture *f = *state;
	store *a, *b;
	int64_t doc, pos;
	char t[STORE_UUID_LEN + 1], got[STORE_UUID_LEN + 1] = "", note[64];
	assert_int_equal(store_open(f->db, &a, NULL, 0), PZ_OK);
	assert_int_equal(store_open(f->db, &b, NULL, 0), PZ_OK);
	store_set_author(a, "王某");
	store_set_author(b, "李四");
	assert_int_equal(store_open_document(a, "/d.txt", "", 10, &doc, &pos), PZ_OK);
	add_task(a, doc, 0, t);
	set_note(b, t, "改过");
	struct store_annot r;
	assert_int_equal(store_annot_find(a, t, &r), PZ_OK);
	assert_string_equal(r.editor, "李四");
	store_annot_release(&r);
	assert_int_equal(store_undo(a, doc, got), PZ_CONFLICT);
	assert_string_equal(got, t);
	assert_true(tag_note(a, t, note, sizeof(note)));
	assert_string_equal(note, "改过");
	/* said again, nothing done, until 李四 takes the note back */
	assert_int_equal(store_undo(a, doc, got), PZ_CONFLICT);
	assert_int_equal(store_undo(b, doc, got), PZ_OK);
	assert_int_equal(store_undo(a, doc, got), PZ_OK);
	assert_false(tag_note(a, t, note, sizeof(note)));

	/* a redo over someone else's later change is refused the same way */
	add_task(a, doc, 2, t);
	set_note(a, t, "甲");
	assert_int_equal(store_undo(a, doc, got), PZ_OK);
	set_note(b, t, "乙");
	assert_int_equal(store_redo(a, doc, got), PZ_CONFLICT);
	assert_true(tag_note(a, t, note, sizeof(note)));
	assert_string_equal(note, "乙");
	/* and a tag someone else deleted is not brought back by undoing its edit */
	set_note(a, t, "甲二");
	assert_int_equal(store_annot_delete(b, t), PZ_OK);
	assert_int_equal(store_undo(a, doc, got), PZ_CONFLICT);
	assert_false(tag_note(a, t, note, sizeof(note)));
	store_close(a);
	store_close(b);
}

/* A tag's discussion: replies with their reviewer and time, in order; none to a tag
 * that is gone, no empty or broken text. */
static void replies_keep_author_time_and_order(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t doc, pos;
	char t[STORE_UUID_LEN + 1], id[STORE_UUID_LEN + 1];
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/d.txt", "", 10, &doc, &pos), PZ_OK);
	store_set_author(st, "王某");
	add_task(st, doc, 0, t);
	struct store_reply *v;
	size_t n;
	assert_int_equal(store_replies(st, t, &v, &n), PZ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_reply_add(st, t, "请核实", id), PZ_OK);
	assert_int_equal(strlen(id), STORE_UUID_LEN);
	store_set_author(st, "李四");
	assert_int_equal(store_reply_add(st, t, "已核实", NULL), PZ_OK);
	assert_int_equal(store_reply_add(st, t, "", NULL), PZ_EMPTY);
	assert_int_equal(store_reply_add(st, t, "\xff", NULL), PZ_NOTUTF8);
	assert_int_equal(store_reply_add(st, "00000000-0000-4000-8000-000000000000", "x", NULL),
	                 PZ_NOENT);
	assert_int_equal(store_replies(st, t, &v, &n), PZ_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].uuid, id);
	assert_string_equal(v[0].author, "王某");
	assert_string_equal(v[0].text, "请核实");
	assert_string_equal(v[1].author, "李四");
	assert_string_equal(v[1].text, "已核实");
	assert_true(v[0].at <= v[1].at && v[0].at > 0);
	store_replies_free(v, n);
	/* a deleted tag takes no reply */
	assert_int_equal(store_annot_delete(st, t), PZ_OK);
	assert_int_equal(store_reply_add(st, t, "晚了", NULL), PZ_NOENT);
	store_close(st);
}

/* Replies made one right after another, many in one millisecond, are listed as they
 * were made (the order is (at, uuid) on every copy; a random UUID must not decide it). */
static void replies_made_in_one_tick_keep_their_order(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t doc, pos;
	char t[STORE_UUID_LEN + 1];
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/d.txt", "", 10, &doc, &pos), PZ_OK);
	add_task(st, doc, 0, t);
	enum { N = 40 };
	for (int i = 0; i < N; i++) {
		char text[16];
		snprintf(text, sizeof(text), "第%d条", i);
		assert_int_equal(store_reply_add(st, t, text, NULL), PZ_OK);
	}
	struct store_reply *v;
	size_t n;
	assert_int_equal(store_replies(st, t, &v, &n), PZ_OK);
	assert_int_equal(n, N);
	for (int i = 0; i < N; i++) {
		char text[16];
		snprintf(text, sizeof(text), "第%d条", i);
		assert_string_equal(v[i].text, text);
		if (i)
			assert_true(v[i].at > v[i - 1].at);
	}
	store_replies_free(v, n);
	store_close(st);
}

/* ---- merging another copy's tags ---- */

/* Their copy of a tag: quote 某某 at [0, 2), its fields, who changed it last and when. */
static struct store_merge_item theirs(const char *uuid, const char *note, const char *due,
                                      const char *owner, int done, const char *editor,
                                      int64_t modified)
{
	struct store_merge_item it;
	memset(&it, 0, sizeof(it));
	snprintf(it.a.uuid, sizeof(it.a.uuid), "%s", uuid);
	it.a.type = "task";
	it.a.start = 0;
	it.a.end = 2;
	it.a.quote = "某某";
	it.a.note = (char *)note;
	it.a.due = (char *)due;
	it.a.owner = (char *)owner;
	it.a.done = done;
	it.a.author = "他方";
	it.a.editor = (char *)editor;
	it.a.created = 1000;
	it.a.modified = modified;
	return it;
}

static struct store_merge_counts merge1(store *st, int64_t doc, struct store_merge_item it)
{
	struct store_merge_counts c;
	assert_int_equal(store_merge(st, doc, &it, 1, &c), PZ_OK);
	return c;
}

#define COUNTS(counts, a, u, d, s, x)                                                   \
	do {                                                                             \
		struct store_merge_counts c_ = (counts);                                 \
		assert_int_equal(c_.added, a);                                           \
		assert_int_equal(c_.updated, u);                                        \
		assert_int_equal(c_.disputed, d);                                       \
		assert_int_equal(c_.unchanged, s);                                      \
		assert_int_equal(c_.deleted, x);                                        \
	} while (0)

static void mine(store *st, const char *u, struct store_annot *a)
{
	assert_int_equal(store_annot_find(st, u, a), PZ_OK);
}

#define U1 "11111111-1111-4111-8111-111111111111"
#define U2 "22222222-2222-4222-8222-222222222222"
#define U3 "33333333-3333-4333-8333-333333333333"
#define U4 "44444444-4444-4444-8444-444444444444"

/* New tags are added; a change on one side is taken or kept; the same merge twice
 * changes nothing. */
static void merge_takes_one_sided_changes(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t doc, pos;
	struct store_annot a;
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	store_set_author(st, "王某");
	assert_int_equal(store_open_document(st, "/d.txt", "", 10, &doc, &pos), PZ_OK);
	struct store_merge_item it = theirs(U1, "原注", "", "", 0, "李四", 2000);
	COUNTS(merge1(st, doc, it), 1, 0, 0, 0, 0);
	mine(st, U1, &a);
	assert_string_equal(a.note, "原注");
	assert_string_equal(a.editor, "李四");
	store_annot_release(&a);
	COUNTS(merge1(st, doc, it), 0, 0, 0, 1, 0); /* again: nothing */
	/* changed there only: taken */
	it = theirs(U1, "原注", "2026-03-31", "", 1, "李四", 3000);
	COUNTS(merge1(st, doc, it), 0, 1, 0, 0, 0);
	mine(st, U1, &a);
	assert_string_equal(a.due, "2026-03-31");
	assert_int_equal(a.done, 1);
	store_annot_release(&a);
	COUNTS(merge1(st, doc, it), 0, 0, 0, 1, 0);
	/* changed here only: kept, however new their listing's time */
	mine(st, U1, &a);
	struct store_annot e = a;
	e.owner = "发改委";
	assert_int_equal(store_annot_update(st, &e), PZ_OK);
	store_annot_release(&a);
	it.a.modified = INT64_C(9000000000000);
	COUNTS(merge1(st, doc, it), 0, 0, 0, 1, 0);
	mine(st, U1, &a);
	assert_string_equal(a.owner, "发改委");
	assert_string_equal(a.due, "2026-03-31");
	assert_int_equal(a.disputed, 0);
	store_annot_release(&a);
	store_close(st);
}

/* A field changed on both sides to different values since they last agreed is a
 * dispute: ours stays in the tag, both values with their editors are kept, merging
 * again adds nothing; the same change on both sides is no dispute. */
static void merge_disputes_changes_on_both_sides(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t doc, pos;
	struct store_annot a;
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	store_set_author(st, "王某");
	assert_int_equal(store_open_document(st, "/d.txt", "", 10, &doc, &pos), PZ_OK);
	COUNTS(merge1(st, doc, theirs(U1, "原注", "", "统计局", 0, "李四", 2000)), 1, 0, 0, 0, 0);
	mine(st, U1, &a);
	struct store_annot e = a;
	e.note = "我的注";
	e.owner = "财政局";
	assert_int_equal(store_annot_update(st, &e), PZ_OK);
	store_annot_release(&a);
	/* they changed the note to something else, and the owner to the same as ours */
	struct store_merge_item it = theirs(U1, "他的注", "", "财政局", 0, "李四", 3000);
	COUNTS(merge1(st, doc, it), 0, 0, 1, 0, 0);
	mine(st, U1, &a);
	assert_string_equal(a.note, "我的注");
	assert_int_equal(a.disputed, 1);
	store_annot_release(&a);
	struct store_dispute *d;
	size_t n;
	assert_int_equal(store_disputes(st, U1, &d, &n), PZ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].field, "note");
	assert_string_equal(d[0].mine, "我的注");
	assert_string_equal(d[0].mine_author, "王某");
	assert_string_equal(d[0].theirs, "他的注");
	assert_string_equal(d[0].theirs_author, "李四");
	store_disputes_free(d, n);
	COUNTS(merge1(st, doc, it), 0, 0, 0, 1, 0); /* again: nothing new */
	/* they change it once more: the dispute follows */
	it = theirs(U1, "他的新注", "", "财政局", 0, "李四", 4000);
	COUNTS(merge1(st, doc, it), 0, 0, 1, 0, 0);
	assert_int_equal(store_disputes(st, U1, &d, &n), PZ_OK);
	assert_string_equal(d[0].theirs, "他的新注");
	store_disputes_free(d, n);
	/* theirs taken: the dispute settled, and the same listing keeps it so */
	assert_int_equal(store_resolve(st, U1, NULL, STORE_TAKE_THEIRS, NULL), PZ_OK);
	mine(st, U1, &a);
	assert_string_equal(a.note, "他的新注");
	assert_int_equal(a.disputed, 0);
	store_annot_release(&a);
	COUNTS(merge1(st, doc, it), 0, 0, 0, 1, 0);
	assert_int_equal(store_resolve(st, U1, NULL, STORE_TAKE_MINE, NULL), PZ_NOENT);
	store_close(st);
}

/* Resolving: ours kept, a value of one's own, several fields needing --field. */
static void resolve_mine_value_and_fields(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t doc, pos;
	struct store_annot a;
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	store_set_author(st, "王某");
	assert_int_equal(store_open_document(st, "/d.txt", "", 10, &doc, &pos), PZ_OK);
	COUNTS(merge1(st, doc, theirs(U1, "甲", "2026-01-01", "", 0, "李四", 2000)), 1, 0, 0, 0, 0);
	mine(st, U1, &a);
	struct store_annot e = a;
	e.note = "乙";
	e.due = "2026-02-01";
	e.done = 1;
	assert_int_equal(store_annot_update(st, &e), PZ_OK);
	store_annot_release(&a);
	struct store_merge_item it = theirs(U1, "丙", "2026-03-01", "", 0, "李四", 3000);
	it.a.done = 0;
	COUNTS(merge1(st, doc, it), 0, 0, 1, 0, 0);
	mine(st, U1, &a);
	assert_int_equal(a.disputed, 2); /* note and due; done changed here only */
	store_annot_release(&a);
	/* the document's tags read at once count the same (one query for the disputes) */
	struct store_annot *all;
	size_t nall;
	assert_int_equal(store_annots(st, doc, &all, &nall), PZ_OK);
	assert_int_equal(nall, 1);
	assert_int_equal(all[0].disputed, 2);
	store_annots_free(all, nall);
	assert_int_equal(store_resolve(st, U1, NULL, STORE_TAKE_VALUE, "丁"), PZ_AMBIGUOUS);
	assert_int_equal(store_resolve(st, U1, "due", STORE_TAKE_VALUE, "2026-02-30"), PZ_SYNTAX);
	assert_int_equal(store_resolve(st, U1, "due", STORE_TAKE_VALUE, "2026-04-01"), PZ_OK);
	assert_int_equal(store_resolve(st, U1, "note", STORE_TAKE_MINE, NULL), PZ_OK);
	mine(st, U1, &a);
	assert_string_equal(a.note, "乙");
	assert_string_equal(a.due, "2026-04-01");
	assert_int_equal(a.done, 1);
	assert_int_equal(a.disputed, 0);
	store_annot_release(&a);
	/* the resolution is this reviewer's undoable change */
	char got[STORE_UUID_LEN + 1];
	assert_int_equal(store_undo(st, doc, got), PZ_OK);
	mine(st, U1, &a);
	assert_string_equal(a.due, "2026-02-01");
	store_annot_release(&a);
	COUNTS(merge1(st, doc, it), 0, 0, 0, 1, 0);
	store_close(st);
}

/* A deletion wins over an edit only when newer; it stays as a tombstone, so that an
 * older copy does not bring the tag back; a newer change does. */
static void merge_deletions_and_tombstones(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t doc, pos;
	struct store_annot a;
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	store_set_author(st, "王某");
	assert_int_equal(store_open_document(st, "/d.txt", "", 10, &doc, &pos), PZ_OK);
	struct store_merge_item v[2] = {theirs(U1, "", "", "", 0, "李四", 2000),
	                                theirs(U2, "", "", "", 0, "李四", 2000)};
	struct store_merge_counts c;
	assert_int_equal(store_merge(st, doc, v, 2, &c), PZ_OK);
	COUNTS(c, 2, 0, 0, 0, 0);
	/* their deletion of U1, newer than anything here: deleted, and kept deleted */
	struct store_merge_item gone = theirs(U1, "", "", "", 0, "李四", 3000);
	gone.deleted = true;
	COUNTS(merge1(st, doc, gone), 0, 0, 0, 0, 1);
	assert_int_equal(store_annot_find(st, U1, &a), PZ_NOENT);
	COUNTS(merge1(st, doc, gone), 0, 0, 0, 1, 0);
	COUNTS(merge1(st, doc, v[0]), 0, 0, 0, 1, 0); /* the older copy: still deleted */
	assert_int_equal(store_annot_find(st, U1, &a), PZ_NOENT);
	struct store_annot *ts;
	size_t n;
	assert_int_equal(store_tombstones(st, doc, &ts, &n), PZ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ts[0].uuid, U1);
	assert_string_equal(ts[0].editor, "李四");
	assert_int_equal(ts[0].modified, 3000);
	store_annots_free(ts, n);
	/* a change there after the deletion: it comes back with that change */
	struct store_merge_item back = theirs(U1, "复活", "", "", 0, "李四", 4000);
	COUNTS(merge1(st, doc, back), 0, 1, 0, 0, 0);
	mine(st, U1, &a);
	assert_string_equal(a.note, "复活");
	store_annot_release(&a);
	/* U2 edited here (now: newer than their deletion at 3000): the edit wins */
	mine(st, U2, &a);
	struct store_annot e = a;
	e.note = "我改了";
	assert_int_equal(store_annot_update(st, &e), PZ_OK);
	store_annot_release(&a);
	gone = theirs(U2, "", "", "", 0, "李四", 3000);
	gone.deleted = true;
	COUNTS(merge1(st, doc, gone), 0, 0, 0, 1, 0);
	mine(st, U2, &a);
	assert_string_equal(a.note, "我改了");
	store_annot_release(&a);
	/* a tombstone of a tag never seen here is kept: its older copy is not added */
	gone = theirs(U3, "", "", "", 0, "李四", 5000);
	gone.deleted = true;
	COUNTS(merge1(st, doc, gone), 0, 0, 0, 1, 0);
	COUNTS(merge1(st, doc, theirs(U3, "旧", "", "", 0, "李四", 4500)), 0, 0, 0, 1, 0);
	assert_int_equal(store_annot_find(st, U3, &a), PZ_NOENT);
	store_close(st);
}

/* Without a base of its own the store takes the other copy's ("base" of a listing);
 * without any base the newer change wins; the type is never disputed. */
static void merge_base_from_the_listing_and_newest(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t doc, pos;
	struct store_annot a;
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	store_set_author(st, "王某");
	assert_int_equal(store_open_document(st, "/d.txt", "", 10, &doc, &pos), PZ_OK);
	char u[STORE_UUID_LEN + 1];
	add_task(st, doc, 0, u); /* made here: never merged, no base */
	mine(st, u, &a);
	struct store_annot e = a;
	e.note = "我的";
	assert_int_equal(store_annot_update(st, &e), PZ_OK);
	store_annot_release(&a);
	/* their copy says both last agreed on an empty note: both changed it */
	struct store_merge_item it = theirs(u, "他的", "", "", 0, "李四", 1);
	it.base = "{\"note\":\"\",\"due\":\"\",\"owner\":\"\",\"done\":0,\"type\":\"task\"}";
	COUNTS(merge1(st, doc, it), 0, 0, 1, 0, 0);
	/* no base anywhere: the newer wins (theirs, when newer; ours when older) */
	struct store_merge_item n1 = theirs(U4, "初", "", "", 0, "李四", 1000);
	COUNTS(merge1(st, doc, n1), 1, 0, 0, 0, 0);
	assert_int_equal(sql_exec_for_test(f->db, "UPDATE annotation SET base = NULL"), 0);
	n1 = theirs(U4, "新", "", "", 0, "李四", INT64_C(9000000000000));
	COUNTS(merge1(st, doc, n1), 0, 1, 0, 0, 0);
	mine(st, U4, &a);
	assert_string_equal(a.note, "新");
	store_annot_release(&a);
	/* the type changed on both sides: the newer, no dispute */
	mine(st, U4, &a);
	e = a;
	e.type = "target";
	assert_int_equal(store_annot_update(st, &e), PZ_OK);
	store_annot_release(&a);
	n1.a.type = "deadline";
	n1.a.modified = INT64_C(9100000000000);
	COUNTS(merge1(st, doc, n1), 0, 1, 0, 0, 0);
	mine(st, U4, &a);
	assert_string_equal(a.type, "deadline");
	assert_int_equal(a.disputed, 0);
	store_annot_release(&a);
	store_close(st);
}

static void default_path_follows_environment(void **state)
{
	(void)state;
	char buf[256];
	assert_int_equal(store_path("/x/y.db", buf, sizeof(buf)), PZ_OK);
	assert_string_equal(buf, "/x/y.db");
	setenv("PIZHU_DB", "/env/p.db", 1);
	assert_int_equal(store_path(NULL, buf, sizeof(buf)), PZ_OK);
	assert_string_equal(buf, "/env/p.db");
	unsetenv("PIZHU_DB");
	setenv("XDG_DATA_HOME", "/data", 1);
	assert_int_equal(store_path(NULL, buf, sizeof(buf)), PZ_OK);
	assert_string_equal(buf, "/data/pizhu/pizhu.db");
	unsetenv("XDG_DATA_HOME");
	char home[] = "/tmp/pizhu-home.XXXXXX", want[256], gone[256], was[4096] = "";
	const char *h = getenv("HOME");
	snprintf(was, sizeof(was), "%s", h ? h : "");
	assert_non_null(mkdtemp(home));
	setenv("HOME", home, 1);
	assert_int_equal(store_path(NULL, buf, sizeof(buf)), PZ_OK);
	snprintf(want, sizeof(want), "%s/.local/share/pizhu/pizhu.db", home);
	assert_string_equal(buf, want);
	assert_int_equal(store_path(NULL, buf, 8), PZ_TOOBIG);
	/* a HOME that does not exist (HOME=/nonexistent) is named, and not made */
	snprintf(gone, sizeof(gone), "%s/gone", home);
	setenv("HOME", gone, 1);
	assert_int_equal(store_path(NULL, buf, sizeof(buf)), PZ_NOENT);
	assert_string_equal(buf, gone);
	struct stat sb;
	assert_int_not_equal(stat(gone, &sb), 0);
	setenv("HOME", "", 1);
	assert_int_equal(store_path(NULL, buf, sizeof(buf)), PZ_NOENT);
	assert_string_equal(buf, "");
	if (h)
		setenv("HOME", was, 1);
	else
		unsetenv("HOME");
	assert_int_equal(rmdir(home), 0);
}

/* Where a tag came from is recorded, not guessed: one marked as accepted from a
 * suggestion says so, one without a record was made by hand, and those of a database
 * from before the record are unrecorded after the migration. */
static void tag_sources_are_recorded(void **state)
{
	struct fixture *f = *state;
	store *st;
	int64_t doc, pos;
	struct store_annot a = { 0 }, b = { 0 };
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/a.txt", "甲", 10, &doc, &pos), PZ_OK);
	a.doc = b.doc = doc;
	a.type = b.type = "task";
	a.quote = "要完善";
	b.quote = "要加快";
	a.start = 0, a.end = 3, b.start = 3, b.end = 6;
	assert_int_equal(store_annot_add(st, &a), PZ_OK);
	assert_int_equal(store_annot_add(st, &b), PZ_OK);
	assert_int_equal(store_source_set_suggested(st, a.uuid), PZ_OK);
	assert_int_equal(store_source_set_suggested(st, a.uuid), PZ_OK); /* twice is once */
	assert_int_equal(store_source_set_suggested(st, "00000000-0000-4000-8000-000000000000"),
	                 PZ_NOENT);
	struct store_source_row *v;
	size_t n;
	assert_int_equal(store_sources(st, doc, &v, &n), PZ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_source_of(v, n, a.uuid), STORE_SOURCE_SUGGESTION);
	assert_int_equal(store_source_of(v, n, b.uuid), STORE_SOURCE_TAGGED);
	free(v);
	store_close(st);
	/* back to version 10, the one before the record (migration 11), as a database
	 * made before it; the later migrations run again over their own tables */
	sqlite3 *db;
	char sql[96];
	snprintf(sql, sizeof(sql), "DROP TABLE annotation_source; PRAGMA user_version=%d", 10);
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_sources(st, doc, &v, &n), PZ_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_source_of(v, n, a.uuid), STORE_SOURCE_UNRECORDED);
	assert_int_equal(store_source_of(v, n, b.uuid), STORE_SOURCE_UNRECORDED);
	free(v);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* first: SQLITE_CORRUPT met by a later test stops this process's -checked lines */
		cmocka_unit_test_setup_teardown(header_read_after_clean_close, setup, teardown),
		cmocka_unit_test_setup_teardown(creates_private_file_and_directories, setup, teardown),
		cmocka_unit_test_setup_teardown(positions_survive_reopening, setup, teardown),
		cmocka_unit_test_setup_teardown(library_lists_most_recent_first, setup, teardown),
		cmocka_unit_test_setup_teardown(documents_have_an_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(versions_keep_their_text, setup, teardown),
		cmocka_unit_test_setup_teardown(not_sqlite_is_refused_and_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(other_programs_database_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(newer_schema_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(locked_database_reports_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(reader_writes_tags_once_ready, setup, teardown),
		cmocka_unit_test_setup_teardown(tags_places_read_from_an_index, setup, teardown),
		cmocka_unit_test_setup_teardown(reviewers_undo_only_their_own, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_of_a_tag_changed_since_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(replies_keep_author_time_and_order, setup, teardown),
		cmocka_unit_test_setup_teardown(replies_made_in_one_tick_keep_their_order, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(merge_takes_one_sided_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(merge_disputes_changes_on_both_sides, setup, teardown),
		cmocka_unit_test_setup_teardown(resolve_mine_value_and_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(merge_deletions_and_tombstones, setup, teardown),
		cmocka_unit_test_setup_teardown(merge_base_from_the_listing_and_newest, setup, teardown),
		cmocka_unit_test_setup_teardown(tag_sources_are_recorded, setup, teardown),
		cmocka_unit_test(default_path_follows_environment),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
