/* Unit tests of the SQLite store on real files in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	setenv("HOME", "/home/u", 1);
	assert_int_equal(store_path(NULL, buf, sizeof(buf)), PZ_OK);
	assert_string_equal(buf, "/home/u/.local/share/pizhu/pizhu.db");
	assert_int_equal(store_path(NULL, buf, 8), PZ_TOOBIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(creates_private_file_and_directories, setup, teardown),
		cmocka_unit_test_setup_teardown(positions_survive_reopening, setup, teardown),
		cmocka_unit_test_setup_teardown(library_lists_most_recent_first, setup, teardown),
		cmocka_unit_test_setup_teardown(documents_have_an_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(versions_keep_their_text, setup, teardown),
		cmocka_unit_test_setup_teardown(not_sqlite_is_refused_and_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(other_programs_database_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(newer_schema_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(locked_database_reports_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(reviewers_undo_only_their_own, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_of_a_tag_changed_since_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(replies_keep_author_time_and_order, setup, teardown),
		cmocka_unit_test(default_path_follows_environment),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
