/* Unit tests of the SQLite store on real files in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
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
	/* back to the version before the record (its migration is the last one), as a
	 * database made before it */
	sqlite3 *db;
	char sql[96];
	snprintf(sql, sizeof(sql), "DROP TABLE annotation_source; PRAGMA user_version=%d",
	         STORE_SCHEMA_VERSION - 1);
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
		cmocka_unit_test_setup_teardown(creates_private_file_and_directories, setup, teardown),
		cmocka_unit_test_setup_teardown(positions_survive_reopening, setup, teardown),
		cmocka_unit_test_setup_teardown(library_lists_most_recent_first, setup, teardown),
		cmocka_unit_test_setup_teardown(documents_have_an_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(versions_keep_their_text, setup, teardown),
		cmocka_unit_test_setup_teardown(not_sqlite_is_refused_and_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(other_programs_database_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(newer_schema_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(locked_database_reports_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(tag_sources_are_recorded, setup, teardown),
		cmocka_unit_test(default_path_follows_environment),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
