/* Reliability of what enters the database from outside: tags listings with text that
 * is not UTF-8, offsets beyond the text or near 2^63, too many annotations or fields
 * too long, and tags added or changed with such text. Nothing of it may be stored; a
 * listing is taken whole or refused whole, saying which annotation and why. And a
 * listing that is valid but large (100,000 tasks on one sentence) must not make the
 * export quadratic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pizhu/breakdown.h"
#include "pizhu/export.h"
#include "pizhu/listing.h"
#include "pizhu/outline.h"
#include "pizhu/store.h"
#include "pizhu/tags.h"

static const char text[] = "一、抓好项目建设\n各部门要在年底前完成全部审批事项。\n"
                           "二、强化督查\n督查室要每月通报一次进展。\n";

struct fx {
	store *st;
	doc *d;
	outline *o;
	int64_t id;
	int64_t chars;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct pz_where w;
	int64_t pos;
	if (!f || store_open(":memory:", &f->st, NULL, 0) != PZ_OK ||
	    doc_load_buffer(text, sizeof(text) - 1, NULL, &f->d, &w) != PZ_OK ||
	    outline_build(f->d, &f->o) != PZ_OK ||
	    store_open_document(f->st, "/speech.txt", "", (int64_t)sizeof(text) - 1, &f->id, &pos) !=
	        PZ_OK)
		return -1;
	f->chars = (int64_t)doc_char_index(f->d, sizeof(text) - 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	outline_free(f->o);
	doc_free(f->d);
	store_close(f->st);
	free(f);
	return 0;
}

static size_t stored(struct fx *f)
{
	struct store_annot *v;
	size_t n;
	assert_int_equal(store_annots(f->st, f->id, &v, &n), PZ_OK);
	store_annots_free(v, n);
	return n;
}

/* A growable string for building listings. */
struct buf {
	char *s;
	size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* A listing entry i on 各部门要 (characters 9..13), with extra JSON members. */
static void entry(struct buf *b, int i, const char *extra)
{
	char head[256];
	snprintf(head, sizeof(head),
	         "%s{\"id\":\"%08x-89ab-4def-8123-456789abcdef\",\"type\":\"task\",\"quote\":\"各部门要\","
	         "\"prefix\":\"抓好项目建设\\n\",\"suffix\":\"在年底前完成\",\"start\":9,\"end\":13",
	         i ? "," : "", i);
	puts_(b, head);
	if (extra && *extra) {
		puts_(b, ",");
		puts_(b, extra);
	}
	puts_(b, "}");
}

/* Imports a listing of three good entries with extra members in the third: asserts it
 * is refused, naming annotation 2 and saying why, and nothing is added. */
static void refused_third(struct fx *f, const char *extra, size_t extra_len, const char *why)
{
	struct buf b = {0};
	puts_(&b, "{\"annotations\":[");
	entry(&b, 0, NULL);
	entry(&b, 1, "\"note\":\"好的\"");
	/* the extra members first: of two members of one name, SQLite's JSON takes the
	 * first */
	puts_(&b, ",{");
	put(&b, extra, extra_len);
	puts_(&b, ",\"id\":\"00000002-89ab-4def-8123-456789abcdef\",\"type\":\"task\","
	          "\"quote\":\"各部门要\",\"start\":9,\"end\":13}]}");
	size_t added = 9, skipped = 9;
	char detail[256] = "";
	enum pz_status s = listing_import_json(f->st, f->id, f->chars, b.s, b.n, &added, &skipped, detail,
	                                sizeof(detail));
	if (s != PZ_SYNTAX)
		fail_msg("a listing with %.*s was not refused (%s)", (int)extra_len, extra,
		         pz_strerror(s));
	if (!strstr(detail, "annotation 2") || !strstr(detail, why))
		fail_msg("the refusal says \"%s\", not annotation 2 and \"%s\"", detail, why);
	assert_int_equal(added, 0);
	assert_int_equal(stored(f), 0);
	free(b.s);
}

/* ---- item 7: text that is not UTF-8 never enters the database ----------------------- */

static void listing_not_utf8_refused_with_its_number(void **state)
{
	struct fx *f = *state;
	static const char *const fields[] = {"note", "owner", "section", "prefix", "suffix",
	                                     "author"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		char extra[256];
		int n = snprintf(extra, sizeof(extra), "\"%s\":\"ok\xff\xfe\"", fields[i]);
		refused_third(f, extra, (size_t)n, "not valid UTF-8");
		/* a surrogate escape decodes to bytes that are not UTF-8 either */
		n = snprintf(extra, sizeof(extra), "\"%s\":\"a\\ud800b\"", fields[i]);
		refused_third(f, extra, (size_t)n, "not valid UTF-8");
		/* a character cut short */
		n = snprintf(extra, sizeof(extra), "\"%s\":\"\xe5\xa5\"", fields[i]);
		refused_third(f, extra, (size_t)n, "not valid UTF-8");
	}
	/* a run of continuation bytes longer than an ics line (it once hung the ics writer) */
	char extra[300] = "\"note\":\"";
	size_t n = strlen(extra);
	for (int k = 0; k < 100; k++)
		extra[n++] = (char)0x80;
	extra[n++] = '"';
	refused_third(f, extra, n, "not valid UTF-8");
	/* the quote too */
	struct buf b = {0};
	puts_(&b, "{\"annotations\":[");
	entry(&b, 0, NULL);
	puts_(&b, ",{\"id\":\"00000001-89ab-4def-8123-456789abcdef\",\"type\":\"task\","
	          "\"quote\":\"\xc0\xaf\",\"start\":9,\"end\":13}]}");
	char detail[256];
	size_t added, skipped;
	assert_int_equal(listing_import_json(f->st, f->id, f->chars, b.s, b.n, &added, &skipped, detail,
	                              sizeof(detail)),
	                 PZ_SYNTAX);
	assert_non_null(strstr(detail, "annotation 1: its \"quote\" is not valid UTF-8"));
	free(b.s);
}

static void tags_not_utf8_or_too_long_refused(void **state)
{
	struct fx *f = *state;
	tagset *ts;
	assert_int_equal(tagset_open(f->st, f->d, f->o, f->id, "me", true, &ts), PZ_OK);
	const char *t = doc_text(f->d, NULL);
	size_t a = (size_t)(strstr(t, "各部门要") - t);
	assert_int_equal(tagset_add(ts, "task", a, a + 12, "坏\xff", NULL, NULL, NULL), PZ_NOTUTF8);
	assert_int_equal(tagset_add(ts, "owner", a, a + 12, NULL, NULL, "\xed\xa0\x80", NULL),
	                 PZ_NOTUTF8);
	char *longnote = malloc(STORE_FIELD_MAX + 2);
	assert_non_null(longnote);
	memset(longnote, 'x', STORE_FIELD_MAX + 1);
	longnote[STORE_FIELD_MAX + 1] = '\0';
	assert_int_equal(tagset_add(ts, "task", a, a + 12, longnote, NULL, NULL, NULL), PZ_TOOLONG);
	longnote[STORE_FIELD_MAX] = '\0'; /* the limit itself is fine */
	char uuid[STORE_UUID_LEN + 1];
	assert_int_equal(tagset_add(ts, "task", a, a + 12, longnote, NULL, NULL, uuid), PZ_OK);
	/* a change with such text is refused too, and the tag stays as it was */
	struct store_annot c = tagset_at(ts, tagset_find(ts, uuid))->a;
	c.note = "改\x80";
	assert_int_equal(tagset_update(ts, &c), PZ_NOTUTF8);
	assert_int_equal(strlen(tagset_at(ts, tagset_find(ts, uuid))->a.note), STORE_FIELD_MAX);
	assert_int_equal(stored(f), 1);
	free(longnote);
	tagset_free(ts);
}

/* ---- item 10: every imported field bounded ------------------------------------------ */

static void listing_offsets_and_sizes_bounded(void **state)
{
	struct fx *f = *state;
	char extra[128];
	int n = snprintf(extra, sizeof(extra), "\"start\":9,\"end\":%lld", (long long)f->chars + 1);
	refused_third(f, extra, (size_t)n, "beyond the text");
	n = snprintf(extra, sizeof(extra), "\"start\":9223372036854775000,\"end\":9223372036854775800");
	refused_third(f, extra, (size_t)n, "beyond the text");
	n = snprintf(extra, sizeof(extra), "\"start\":1e300,\"end\":2e300");
	refused_third(f, extra, (size_t)n, "\"start\" and \"end\"");
	n = snprintf(extra, sizeof(extra), "\"created\":12345");
	refused_third(f, extra, (size_t)n, "not a time");
	/* a field longer than the limit */
	size_t big = STORE_FIELD_MAX + 16;
	char *e = malloc(big + 32);
	assert_non_null(e);
	size_t k = (size_t)snprintf(e, big + 32, "\"owner\":\"");
	memset(e + k, 'o', big);
	k += big;
	e[k++] = '"';
	refused_third(f, e, k, "longer than");
	free(e);
	/* more annotations than one import takes */
	struct buf b = {0};
	puts_(&b, "{\"annotations\":[");
	for (int i = 0; i <= LISTING_MAX_ANNOTATIONS; i++)
		puts_(&b, i ? ",1" : "1");
	puts_(&b, "]}");
	size_t added, skipped;
	char detail[256];
	assert_int_equal(listing_import_json(f->st, f->id, f->chars, b.s, b.n, &added, &skipped, detail,
	                              sizeof(detail)),
	                 PZ_SYNTAX);
	assert_non_null(strstr(detail, "more than the 100000"));
	assert_int_equal(stored(f), 0);
	free(b.s);
}

/* An annotation stored with a start near 2^63 (by another program: the import refuses
 * it) is placed without overflow, also after another one found shifted from where it
 * was stored: the sanitizer build aborts on an overflow. */
static void stored_offsets_near_the_limit(void **state)
{
	(void)state;
	char path[] = "/tmp/pizhu-limit-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct fx *f = *state;
	store *st;
	int64_t id, pos;
	assert_int_equal(store_open(path, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/speech.txt", "", 1, &id, &pos), PZ_OK);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char sql[1024];
	/* 各部门要 stored at 0 (it is at 9: found 9 further on), then 督查室 near 2^63 */
	snprintf(sql, sizeof(sql),
	         "INSERT INTO annotation(uuid, document_id, version_id, type, start, \"end\", quote,"
	         " prefix, suffix, created, modified) VALUES"
	         "('00000001-89ab-4def-8123-456789abcdef', %lld, NULL, 'task', 0, 4, '各部门要',"
	         " '抓好项目建设\n', '在年底前完成', 0, 0),"
	         "('00000002-89ab-4def-8123-456789abcdef', %lld, NULL, 'task', 9223372036854775800,"
	         " 9223372036854775803, '督查室', '二、强化督查\n', '要每月通报', 0, 0)",
	         (long long)id, (long long)id);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	tagset *ts;
	assert_int_equal(tagset_open(st, f->d, f->o, id, "me", false, &ts), PZ_OK);
	assert_int_equal(tagset_count(ts), 2);
	for (size_t i = 0; i < 2; i++) {
		const struct tag *g = tagset_at(ts, i);
		assert_true(g->start <= g->end && g->end <= sizeof(text) - 1);
	}
	tagset_free(ts);
	store_close(st);
	unlink(path);
}

/* Many tasks on one sentence, imported, anchored and exported in every format: every one
 * kept, none orphaned, the export whole (this once took more than ten minutes, being
 * quadratic). 20,000 rather than the 100,000 one import takes, so that the test does not
 * depend on the machine's load; how long an import takes is make bench's (tags import). */
enum { MANY_ON_ONE = 20000 };
static void many_tags_on_one_sentence_imported_and_exported(void **state)
{
	struct fx *f = *state;
	struct buf b = {0};
	puts_(&b, "{\"annotations\":[");
	for (int i = 0; i < MANY_ON_ONE; i++) {
		char extra[64];
		snprintf(extra, sizeof(extra), "\"note\":\"第%d条\",\"owner\":\"单位%d\"", i % 1000, i % 7);
		entry(&b, i, extra);
	}
	puts_(&b, "]}");
	size_t added, skipped;
	char detail[256];
	enum pz_status s = listing_import_json(f->st, f->id, f->chars, b.s, b.n, &added, &skipped, detail,
	                                sizeof(detail));
	if (s != PZ_OK || added != MANY_ON_ONE)
		fail_msg("%s: %zu added, %zu skipped: %s", pz_strerror(s), added, skipped, detail);
	free(b.s);
	tagset *ts;
	assert_int_equal(tagset_open(f->st, f->d, f->o, f->id, "me", false, &ts), PZ_OK);
	assert_int_equal(tagset_count(ts), MANY_ON_ONE);
	struct breakdown *bd;
	assert_int_equal(breakdown_new(ts, f->d, f->o, NULL, 0, &bd), PZ_OK);
	if (bd->n != MANY_ON_ONE)
		fail_msg("%zu rows, %zu orphaned; the first tag: %s at %zu", bd->n, bd->orphaned,
		         tagset_at(ts, 0)->a.type, tagset_at(ts, 0)->start);
	assert_string_equal(bd->rows[0].owner, "单位0");
	FILE *null = fopen("/dev/null", "w");
	assert_non_null(null);
	for (int fmt = EXPORT_CSV; fmt <= EXPORT_ICS; fmt++)
		assert_int_equal(export_breakdown(null, bd, (enum export_format)fmt, NULL, NULL),
		                 fmt == EXPORT_ICS ? PZ_EMPTY : PZ_OK);
	fclose(null);
	breakdown_free(bd);
	tagset_free(ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(listing_not_utf8_refused_with_its_number, setup, teardown),
		cmocka_unit_test_setup_teardown(tags_not_utf8_or_too_long_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(listing_offsets_and_sizes_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(stored_offsets_near_the_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(many_tags_on_one_sentence_imported_and_exported, setup,
		                                teardown),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
