/* Unit tests of a large file opened in two steps: its first lines at once
 * (session_open_prefix), the whole, its outline and its suggestions from a worker
 * (loader.h), handed over in order and equal to what a plain session_open gives. */
#include "pizhu/loader.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* A short speech of our own, repeated to fill a file. */
static const char unit[] =
	"一、抓紧春季施工\r\n"
	"县水利局要在6月底前完成全部渠道清淤。\r\n"
	"全县灌溉保证率要达到85%以上。\r\n"
	"\r\n";

static char dir[64], file[128];

/* Writes n copies of unit, then tail (may be NULL). */
static void write_file(size_t n, const char *tail, size_t tlen)
{
	FILE *out = fopen(file, "wb");
	assert_non_null(out);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(fwrite(unit, 1, sizeof(unit) - 1, out), sizeof(unit) - 1);
	if (tail)
		assert_int_equal(fwrite(tail, 1, tlen, out), tlen);
	assert_int_equal(fclose(out), 0);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/pizhu-loader-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof(file), "%s/big.txt", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(file);
	rmdir(dir);
	return 0;
}

/* The part ends at a line end within the bytes asked for, its CRLF made LF as in the
 * whole; the whole starts with it; outline and suggestions as session_open's. */
static void test_prefix_then_whole(void **state)
{
	(void)state;
	write_file(2000, NULL, 0);
	session *p;
	assert_int_equal(session_open_prefix(file, NULL, 1000, &p), PZ_OK);
	assert_non_null(p);
	assert_true(session_partial(p));
	size_t plen;
	const char *pt = session_text(p, &plen);
	assert_true(plen > 0 && plen < 1000);
	assert_int_equal(pt[plen - 1], '\n');
	assert_null(memchr(pt, '\r', plen));
	assert_false(session_outline_complete(p));

	loader *l;
	assert_int_equal(loader_open(file, NULL, true, &l), PZ_OK);
	enum pz_status st;
	assert_int_equal(loader_wait(l, LOADER_DONE, &st, NULL), LOADER_DONE);
	assert_int_equal(st, PZ_OK);
	session *whole = loader_take_session(l);
	assert_non_null(whole);
	assert_null(loader_take_session(l)); /* once */
	assert_true(session_replace(p, whole));
	assert_false(session_partial(p));
	outline *o = loader_take_outline(l);
	assert_non_null(o);
	session_set_outline(p, o);
	suggestions *sg = loader_take_suggestions(l);
	assert_non_null(sg);
	loader_free(l);

	session *ref;
	assert_int_equal(session_open(file, NULL, &ref, NULL), PZ_OK);
	assert_int_equal(session_build_outline(ref), PZ_OK);
	assert_int_equal(session_find_suggestions(ref), PZ_OK);
	size_t rlen, wlen, rn, wn;
	const char *rt = session_text(ref, &rlen), *wt = session_text(p, &wlen);
	assert_int_equal(rlen, wlen);
	assert_memory_equal(rt, wt, rlen);
	assert_int_equal(outline_node_count(session_outline(ref)), outline_node_count(o));
	suggestions_items(session_suggestions(ref), &rn);
	suggestions_items(sg, &wn);
	assert_true(rn > 0);
	assert_int_equal(rn, wn);
	suggestions_free(sg);
	session_close(ref);
	session_close(p);
}

/* Small files, forced encodings, a start that is not UTF-8: no part, read whole. */
static void test_no_prefix(void **state)
{
	(void)state;
	session *p;
	write_file(2, NULL, 0);
	assert_int_equal(session_open_prefix(file, NULL, 1000, &p), PZ_OK);
	assert_null(p);
	write_file(2000, NULL, 0);
	struct session_options opt = { .encoding = "UTF-8" };
	assert_int_equal(session_open_prefix(file, &opt, 1000, &p), PZ_OK);
	assert_null(p);
	FILE *out = fopen(file, "wb");
	assert_non_null(out);
	for (int i = 0; i < 500; i++)
		fputs("\xd6\xd0\xce\xc4\n", out); /* GB18030 */
	fclose(out);
	assert_int_equal(session_open_prefix(file, NULL, 1000, &p), PZ_OK);
	assert_null(p);
}

/* A file whose first lines are fine but that holds a NUL further on: the part is
 * shown, the worker fails as session_open does and never reaches a later stage. */
static void test_bad_rest(void **state)
{
	(void)state;
	write_file(2000, "x\0y\n", 4);
	session *p;
	assert_int_equal(session_open_prefix(file, NULL, 1000, &p), PZ_OK);
	assert_non_null(p);
	loader *l;
	assert_int_equal(loader_open(file, NULL, true, &l), PZ_OK);
	enum pz_status st;
	struct pz_where w;
	assert_int_equal(loader_wait(l, LOADER_DONE, &st, &w), LOADER_STARTED);
	assert_int_equal(st, PZ_BINARY);
	assert_true(w.line > 0);
	assert_null(loader_take_session(l));
	loader_free(l);
	session_close(p);
}

/* The rest is not UTF-8: the whole is another text (GB18030), said by session_replace. */
static void test_other_text(void **state)
{
	(void)state;
	write_file(2000, "\xd6\xd0\n", 3);
	session *p;
	assert_int_equal(session_open_prefix(file, NULL, 1000, &p), PZ_OK);
	assert_non_null(p);
	loader *l;
	assert_int_equal(loader_open(file, NULL, false, &l), PZ_OK);
	enum pz_status st;
	if (loader_wait(l, LOADER_OPENED, &st, NULL) >= LOADER_OPENED) {
		session *whole = loader_take_session(l);
		assert_non_null(whole);
		assert_false(session_replace(p, whole));
	} else { /* or not text in any encoding: said as session_open says it */
		assert_int_equal(st, PZ_ENCODING);
	}
	loader_free(l);
	session_close(p);
}

/* Freed while it works (the reader quits at once): the worker stops, nothing leaks. */
static void test_free_early(void **state)
{
	(void)state;
	write_file(20000, NULL, 0);
	session *s;
	assert_int_equal(session_open(file, NULL, &s, NULL), PZ_OK);
	assert_int_equal(session_outline_paragraphs(s), PZ_OK);
	loader *l;
	assert_int_equal(loader_build(s, true, &l), PZ_OK);
	loader_free(l);
	assert_int_equal(loader_open(file, NULL, true, &l), PZ_OK);
	loader_free(l);
	session_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix_then_whole),
		cmocka_unit_test(test_no_prefix),
		cmocka_unit_test(test_bad_rest),
		cmocka_unit_test(test_other_text),
		cmocka_unit_test(test_free_early),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
