/* Unit tests of a reviewer's marks in the store (store_review.c): changes and drafts
 * marked reviewed per reviewer, kept across connections, and the answers to "another
 * draft of …?". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pizhu/store.h"

static void marks_per_reviewer_and_lasting(void **state)
{
	(void)state;
	char dir[] = "/tmp/pizhu-review-XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	store *st;
	int64_t doc, pos, v1, v2, v;
	assert_int_equal(store_open(path, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/drafts/a.txt", "甲", 10, &doc, &pos), PZ_OK);
	assert_int_equal(store_version(st, doc, 1, 10, &v1), PZ_OK);
	assert_int_equal(store_version(st, doc, 2, 12, &v2), PZ_OK);
	uint64_t keys[3] = { 1, UINT64_MAX, 42 };
	bool m[3];
	assert_int_equal(store_review_mark(st, doc, "wang", keys, 2, true), PZ_OK);
	assert_int_equal(store_review_mark(st, doc, "wang", keys, 2, true), PZ_OK); /* again: fine */
	assert_int_equal(store_review_marked(st, doc, "wang", keys, 3, m), PZ_OK);
	assert_true(m[0] && m[1] && !m[2]);
	assert_int_equal(store_review_marked(st, doc, "li", keys, 3, m), PZ_OK);
	assert_true(!m[0] && !m[1] && !m[2]);
	assert_int_equal(store_review_last(st, doc, "wang", &v), PZ_NOENT);
	assert_int_equal(store_review_draft(st, doc, "wang", v1), PZ_OK);
	assert_int_equal(store_review_draft(st, doc, "li", v2), PZ_OK);
	assert_int_equal(store_draft_answer(st, "/drafts/b.txt", &m[0]), PZ_NOENT);
	assert_int_equal(store_draft_answered(st, "/drafts/b.txt", false), PZ_OK);
	store_close(st);
	/* reopened: all kept */
	assert_int_equal(store_open(path, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_review_marked(st, doc, "wang", keys, 3, m), PZ_OK);
	assert_true(m[0] && m[1] && !m[2]);
	assert_int_equal(store_review_last(st, doc, "wang", &v), PZ_OK);
	assert_int_equal(v, v1);
	assert_int_equal(store_review_last(st, doc, "li", &v), PZ_OK);
	assert_int_equal(v, v2);
	assert_int_equal(store_review_draft(st, doc, "wang", v2), PZ_OK);
	assert_int_equal(store_review_last(st, doc, "wang", &v), PZ_OK);
	assert_int_equal(v, v2);
	m[0] = true;
	assert_int_equal(store_draft_answer(st, "/drafts/b.txt", &m[0]), PZ_OK);
	assert_false(m[0]);
	/* a mark taken away */
	assert_int_equal(store_review_mark(st, doc, "wang", keys, 1, false), PZ_OK);
	assert_int_equal(store_review_marked(st, doc, "wang", keys, 3, m), PZ_OK);
	assert_true(!m[0] && m[1] && !m[2]);
	store_close(st);
	unlink(path);
	char wal[80];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(marks_per_reviewer_and_lasting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
