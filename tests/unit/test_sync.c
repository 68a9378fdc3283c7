/* Unit tests of sync's merge rules (store_sync.h), without git: copies on ":memory:"
 * exchange their change sets through a list that stands in for the repository. */
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

#include "pizhu/hash.h"
#include "pizhu/store.h"
#include "pizhu/store_merge.h"
#include "pizhu/store_sync.h"

static const char TEXT[] = "一、要完善制度。二、要加快进度。三、要抓好落实。";

/* The repository: every change set pushed, and the texts. */
struct repo {
	char *json[256];
	size_t len[256];
	size_t n;
	char key[8][STORE_SYNC_KEY_LEN], doc[8][STORE_UUID_LEN + 1];
	char *text[8];
	size_t tlen[8], nt;
};

static void repo_free(struct repo *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->json[i]);
	for (size_t i = 0; i < r->nt; i++)
		free(r->text[i]);
	memset(r, 0, sizeof(*r));
}

static bool repo_has(const struct repo *r, const char *set)
{
	char want[64];
	snprintf(want, sizeof(want), "\"set\":\"%s\"", set);
	for (size_t i = 0; i < r->n; i++)
		if (strstr(r->json[i], want))
			return true;
	return false;
}

/* A copy with document path holding TEXT; *doc its id there. */
static store *copy(const char *author, const char *path, int64_t *doc)
{
	store *st;
	assert_int_equal(store_open(":memory:", &st, NULL, 0), PZ_OK);
	store_set_author(st, author);
	if (path) {
		int64_t pos, v;
		size_t n = strlen(TEXT);
		assert_int_equal(store_open_document(st, path, "讲话", (int64_t)n, doc, &pos), PZ_OK);
		assert_int_equal(store_version(st, *doc, hash_bytes(TEXT, n), (int64_t)n, &v), PZ_OK);
		assert_int_equal(store_text_keep(st, v, TEXT, n), PZ_OK);
	}
	return st;
}

/* Sends what st made and takes every set st has not applied, in the order given by
 * reverse (false: oldest first). */
static void sync_copy(store *st, struct repo *r, bool reverse, struct store_sync_counts *out)
{
	struct store_sync_counts c;
	assert_int_equal(store_sync_apply(st, NULL, 0, NULL, 0, NULL, 0, &c), PZ_OK);
	struct store_sync_own *own;
	size_t nown;
	assert_int_equal(store_sync_own_sets(st, &own, &nown), PZ_OK);
	for (size_t i = 0; i < nown; i++) {
		if (repo_has(r, own[i].set))
			continue;
		assert_true(r->n < 256);
		assert_int_equal(store_sync_set_json(st, own[i].set, &r->json[r->n], &r->len[r->n]),
		                 PZ_OK);
		r->n++;
		struct store_sync_version *v;
		size_t nv;
		assert_int_equal(store_sync_versions(st, own[i].doc, &v, &nv), PZ_OK);
		for (size_t k = 0; k < nv; k++) {
			bool have = false;
			for (size_t j = 0; j < r->nt; j++)
				have |= !strcmp(r->key[j], v[k].key) && !strcmp(r->doc[j], own[i].doc);
			if (have)
				continue;
			assert_true(r->nt < 8);
			snprintf(r->key[r->nt], STORE_SYNC_KEY_LEN, "%s", v[k].key);
			snprintf(r->doc[r->nt], STORE_UUID_LEN + 1, "%s", own[i].doc);
			assert_int_equal(store_text_get(st, v[k].version, &r->text[r->nt], &r->tlen[r->nt]),
			                 PZ_OK);
			r->nt++;
		}
		free(v);
	}
	free(own);
	/* take all: those applied before are skipped by the store */
	struct store_sync_info info[256];
	struct store_sync_in in[256];
	struct store_sync_newdoc nd[8];
	struct store_sync_text tx[8];
	char paths[8][64];
	size_t ndocs = 0;
	for (size_t i = 0; i < r->n; i++) {
		size_t k = reverse ? r->n - 1 - i : i;
		char detail[128];
		assert_int_equal(store_sync_check(st, r->json[k], r->len[k], &info[i], detail,
		                                  sizeof(detail)),
		                 PZ_OK);
		in[i] = (struct store_sync_in){ r->json[k], r->len[k], &info[i] };
		int64_t doc;
		assert_int_equal(store_sync_document(st, info[i].doc, info[i].texts, info[i].ntexts, &doc),
		                 PZ_OK);
		bool listed = false;
		for (size_t j = 0; j < ndocs; j++)
			listed |= !strcmp(nd[j].doc, info[i].doc);
		if (!doc && !listed) {
			snprintf(paths[ndocs], sizeof(paths[ndocs]), "/sync/%s/%s", info[i].doc, info[i].name);
			nd[ndocs] = (struct store_sync_newdoc){ info[i].doc, paths[ndocs], info[i].title,
			                                        strlen(TEXT) };
			ndocs++;
		}
	}
	for (size_t j = 0; j < r->nt; j++)
		tx[j] = (struct store_sync_text){ r->doc[j], r->key[j], r->text[j], r->tlen[j] };
	size_t sent = c.sent_sets;
	assert_int_equal(store_sync_apply(st, in, r->n, tx, r->nt, nd, ndocs, out ? out : &c), PZ_OK);
	if (out)
		out->sent_sets += sent;
	for (size_t i = 0; i < r->n; i++)
		store_sync_info_release(&info[i]);
}

static int by_block(const void *a, const void *b)
{
	const char *x = strchr(*(char *const *)a, ' '), *y = strchr(*(char *const *)b, ' ');
	return strncmp(x, y, 37);
}

/* Everything a listing would show of the tags of st, as one string (owned). */
static char *state(store *st)
{
	struct store_doc *docs;
	size_t nd;
	assert_int_equal(store_library(st, &docs, &nd), PZ_OK);
	size_t cap = 1 << 16, len = 0;
	char *out = calloc(1, cap);
	assert_non_null(out);
	for (size_t d = 0; d < nd; d++) {
		struct store_annot *v, *g;
		size_t n, ng;
		assert_int_equal(store_annots(st, docs[d].id, &v, &n), PZ_OK);
		assert_int_equal(store_tombstones(st, docs[d].id, &g, &ng), PZ_OK);
		for (size_t i = 0; i < n + ng; i++) {
			const struct store_annot *a = i < n ? &v[i] : &g[i - n];
			len += (size_t)snprintf(out + len, cap - len,
			                        "%s %s type=%s note=%s due=%s owner=%s done=%d by=%s at=%lld"
			                        " ed=%s created=%lld q=%s at=%lld-%lld pre=%s suf=%s\n",
			                        i < n ? "tag" : "gone", a->uuid, a->type, a->note, a->due,
			                        a->owner, a->done, a->author, (long long)a->modified,
			                        a->editor, (long long)a->created, a->quote,
			                        i < n ? (long long)a->start : 0LL, i < n ? (long long)a->end : 0LL,
			                        i < n ? a->prefix : "", i < n ? a->suffix : "");
			struct store_dispute *dv;
			size_t dn;
			assert_int_equal(store_disputes(st, a->uuid, &dv, &dn), PZ_OK);
			for (size_t k = 0; k < dn; k++)
				len += (size_t)snprintf(out + len, cap - len, "  dispute %s %s/%s %s/%s\n",
				                        dv[k].field, dv[k].mine, dv[k].mine_author, dv[k].theirs,
				                        dv[k].theirs_author);
			store_disputes_free(dv, dn);
			struct store_reply *rv;
			size_t rn;
			assert_int_equal(store_replies(st, a->uuid, &rv, &rn), PZ_OK);
			for (size_t k = 0; k < rn; k++)
				len += (size_t)snprintf(out + len, cap - len, "  reply %s %s %s\n", rv[k].uuid,
				                        rv[k].author, rv[k].text);
			store_replies_free(rv, rn);
			assert_true(len < cap - 256);
		}
		store_annots_free(v, n);
		store_annots_free(g, ng);
	}
	store_docs_free(docs, nd);
	/* each tag's block sorted by its id: the order of documents and tags does not count */
	char *blocks[512];
	size_t nb = 0;
	for (char *p = out; *p && nb < 512;) {
		blocks[nb++] = p;
		char *e = p;
		do
			e = strchr(e, '\n') + 1;
		while (*e == ' ');
		p = e;
	}
	qsort(blocks, nb, sizeof(*blocks), by_block);
	char *sorted = calloc(1, cap);
	assert_non_null(sorted);
	size_t k = 0;
	for (size_t i = 0; i < nb; i++) {
		char *e = blocks[i];
		do
			e = strchr(e, '\n') + 1;
		while (*e == ' ');
		memcpy(sorted + k, blocks[i], (size_t)(e - blocks[i]));
		k += (size_t)(e - blocks[i]);
	}
	free(out);
	out = sorted;
	return out;
}

static void assert_same(store *a, store *b)
{
	char *x = state(a), *y = state(b);
	assert_string_equal(x, y);
	free(x);
	free(y);
}

static void add_tag(store *st, int64_t doc, const char *note, char uuid[STORE_UUID_LEN + 1])
{
	struct store_annot a = {0};
	a.doc = doc;
	a.type = "task";
	a.quote = "要完善制度";
	a.start = 2, a.end = 7;
	a.note = (char *)note;
	assert_int_equal(store_annot_add(st, &a), PZ_OK);
	memcpy(uuid, a.uuid, STORE_UUID_LEN + 1);
}

static void edit(store *st, const char *uuid, const char *field, const char *value)
{
	struct store_annot a;
	assert_int_equal(store_annot_find(st, uuid, &a), PZ_OK);
	struct store_annot e = a;
	if (!strcmp(field, "note"))
		e.note = (char *)value;
	else if (!strcmp(field, "due"))
		e.due = (char *)value;
	else if (!strcmp(field, "owner"))
		e.owner = (char *)value;
	else if (!strcmp(field, "type"))
		e.type = (char *)value;
	else
		e.done = !strcmp(value, "1");
	assert_int_equal(store_annot_update(st, &e), PZ_OK);
	store_annot_release(&a);
}

/* The field of the live tag uuid in st (owned), or NULL when there is none. */
static char *field_of(store *st, const char *uuid, const char *field)
{
	struct store_annot a;
	if (store_annot_find(st, uuid, &a) != PZ_OK)
		return NULL;
	char *r = strdup(!strcmp(field, "note") ? a.note : !strcmp(field, "owner") ? a.owner
	                 : !strcmp(field, "type") ? a.type : !strcmp(field, "due") ? a.due
	                 : a.done ? "1" : "0");
	store_annot_release(&a);
	return r;
}

static void assert_field(store *st, const char *uuid, const char *field, const char *want)
{
	char *v = field_of(st, uuid, field);
	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static size_t ndisputes(store *st, const char *uuid)
{
	struct store_dispute *v;
	size_t n;
	assert_int_equal(store_disputes(st, uuid, &v, &n), PZ_OK);
	store_disputes_free(v, n);
	return n;
}

/* A tag made on one copy arrives on another that never had the file, with its fields,
 * author and times; the document comes with its text. */
static void a_new_tag_arrives_with_its_document(void **state_)
{
	(void)state_;
	struct repo r = {0};
	int64_t da;
	store *a = copy("甲", "/a/讲话.txt", &da), *b = copy("乙", NULL, NULL);
	char t[STORE_UUID_LEN + 1];
	add_tag(a, da, "先做", t);
	struct store_sync_counts c;
	sync_copy(a, &r, false, &c);
	assert_int_equal(c.sent_sets, 1);
	sync_copy(b, &r, false, &c);
	assert_int_equal(c.got_sets, 1);
	assert_int_equal(c.added, 1);
	assert_int_equal(c.docs, 1);
	assert_field(b, t, "note", "先做");
	assert_same(a, b);
	/* the document is there with its text, under the file name it had */
	struct store_doc *docs;
	size_t nd;
	assert_int_equal(store_library(b, &docs, &nd), PZ_OK);
	assert_int_equal(nd, 1);
	assert_non_null(strstr(docs[0].path, "讲话.txt"));
	struct store_draft *dr;
	size_t ndr;
	assert_int_equal(store_drafts(b, docs[0].id, &dr, &ndr), PZ_OK);
	assert_int_equal(ndr, 1);
	char *text;
	size_t len;
	assert_int_equal(store_text_get(b, dr[0].version, &text, &len), PZ_OK);
	assert_string_equal(text, TEXT);
	free(text);
	store_drafts_free(dr, ndr);
	store_docs_free(docs, nd);
	/* nothing new: a second sync changes nothing */
	sync_copy(b, &r, false, &c);
	assert_int_equal(c.got_sets + c.sent_sets + c.added + c.updated + c.deleted, 0);
	store_close(a);
	store_close(b);
	repo_free(&r);
}

/* A field changed on one side only is taken; different fields changed on both sides
 * are both taken; the same value on both is no dispute. */
static void changes_on_one_side_or_apart_are_taken(void **state_)
{
	(void)state_;
	struct repo r = {0};
	int64_t da;
	store *a = copy("甲", "/a/s.txt", &da), *b = copy("乙", NULL, NULL);
	char t[STORE_UUID_LEN + 1];
	add_tag(a, da, "", t);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	edit(b, t, "owner", "办公室");
	edit(a, t, "due", "2025-06-30");
	edit(a, t, "note", "同");
	edit(b, t, "note", "同");
	edit(b, t, "done", "1");
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	assert_field(a, t, "owner", "办公室");
	assert_field(b, t, "due", "2025-06-30");
	assert_field(a, t, "done", "1");
	assert_field(b, t, "note", "同");
	assert_int_equal(ndisputes(a, t), 0);
	assert_int_equal(ndisputes(b, t), 0);
	assert_same(a, b);
	store_close(a);
	store_close(b);
	repo_free(&r);
}

/* A field changed on both sides to different values since they agreed is disputed,
 * the same way on both (the newer value kept, the other beside it), until someone
 * resolves it: then both take the choice. */
static void concurrent_changes_are_disputed_until_resolved(void **state_)
{
	(void)state_;
	struct repo r = {0};
	int64_t da;
	store *a = copy("甲", "/a/s.txt", &da), *b = copy("乙", NULL, NULL);
	char t[STORE_UUID_LEN + 1];
	add_tag(a, da, "原", t);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	edit(a, t, "note", "甲的");
	edit(b, t, "note", "乙的");
	edit(a, t, "done", "1");
	edit(b, t, "done", "1");
	struct store_sync_counts c;
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, &c);
	assert_int_equal(c.disputed, 1);
	sync_copy(a, &r, false, NULL);
	assert_int_equal(ndisputes(a, t), 1);
	assert_same(a, b);
	struct store_dispute *v;
	size_t n;
	assert_int_equal(store_disputes(a, t, &v, &n), PZ_OK);
	assert_string_equal(v[0].field, "note");
	/* the one kept and the other with their authors */
	assert_true((!strcmp(v[0].mine_author, "乙") && !strcmp(v[0].theirs, "甲的")) ||
	            (!strcmp(v[0].mine_author, "甲") && !strcmp(v[0].theirs, "乙的")));
	store_disputes_free(v, n);
	/* a third copy that arrives later sees the same dispute */
	store *c3 = copy("丙", NULL, NULL);
	sync_copy(c3, &r, true, NULL);
	assert_same(a, c3);
	/* b settles it, keeping the value it shows */
	char *kept = field_of(b, t, "note");
	assert_int_equal(store_resolve(b, t, NULL, STORE_TAKE_MINE, NULL), PZ_OK);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	sync_copy(c3, &r, false, NULL);
	assert_int_equal(ndisputes(a, t), 0);
	assert_int_equal(ndisputes(c3, t), 0);
	assert_field(a, t, "note", kept);
	assert_same(a, b);
	assert_same(a, c3);
	free(kept);
	/* and a dispute settled by taking the other value */
	edit(a, t, "owner", "甲方");
	edit(b, t, "owner", "乙方");
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	assert_int_equal(ndisputes(a, t), 1);
	assert_int_equal(store_resolve(a, t, "owner", STORE_TAKE_THEIRS, NULL), PZ_OK);
	char *now = field_of(a, t, "owner");
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	assert_int_equal(ndisputes(b, t), 0);
	assert_field(b, t, "owner", now);
	assert_same(a, b);
	free(now);
	store_close(a);
	store_close(b);
	store_close(c3);
	repo_free(&r);
}

/* A deletion wins over an edit only when it is newer, and stays as a tombstone that an
 * older change set does not bring back. */
static void deletion_wins_only_when_newer(void **state_)
{
	(void)state_;
	struct repo r = {0};
	int64_t da;
	store *a = copy("甲", "/a/s.txt", &da), *b = copy("乙", NULL, NULL);
	char t1[STORE_UUID_LEN + 1], t2[STORE_UUID_LEN + 1];
	add_tag(a, da, "一", t1);
	add_tag(a, da, "二", t2);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	/* t1: b edits, then a deletes (newer): deleted. t2: a deletes, then b edits: stays */
	edit(b, t1, "note", "改");
	assert_int_equal(store_annot_delete(a, t2), PZ_OK);
	usleep(3000);
	assert_int_equal(store_annot_delete(a, t1), PZ_OK);
	edit(b, t2, "note", "还要");
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	char *v = field_of(b, t1, "note");
	assert_null(v);
	assert_field(a, t2, "note", "还要");
	assert_field(b, t2, "note", "还要");
	assert_same(a, b);
	/* the tombstone is listed, and applying every set again brings nothing back */
	struct store_annot *g;
	size_t ng;
	struct store_doc *docs;
	size_t nd;
	assert_int_equal(store_library(b, &docs, &nd), PZ_OK);
	assert_int_equal(store_tombstones(b, docs[0].id, &g, &ng), PZ_OK);
	assert_int_equal(ng, 1);
	assert_string_equal(g[0].uuid, t1);
	store_annots_free(g, ng);
	store_docs_free(docs, nd);
	store *c = copy("丙", NULL, NULL);
	sync_copy(c, &r, true, NULL); /* newest first */
	assert_same(a, c);
	store_close(a);
	store_close(b);
	store_close(c);
	repo_free(&r);
}

/* Replies from both sides are all kept; the type takes the newer without a dispute;
 * an undo travels as a change. */
static void replies_type_and_undo(void **state_)
{
	(void)state_;
	struct repo r = {0};
	int64_t da;
	store *a = copy("甲", "/a/s.txt", &da), *b = copy("乙", NULL, NULL);
	char t[STORE_UUID_LEN + 1];
	add_tag(a, da, "", t);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	assert_int_equal(store_reply_add(a, t, "甲问", NULL), PZ_OK);
	usleep(3000);
	assert_int_equal(store_reply_add(b, t, "乙答", NULL), PZ_OK);
	edit(a, t, "type", "target");
	usleep(3000);
	edit(b, t, "type", "note");
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	assert_field(a, t, "type", "note");
	assert_int_equal(ndisputes(a, t), 0);
	struct store_reply *rv;
	size_t rn;
	assert_int_equal(store_replies(a, t, &rv, &rn), PZ_OK);
	assert_int_equal(rn, 2);
	store_replies_free(rv, rn);
	assert_same(a, b);
	/* b undoes its own type change (made in sight of both, it replaces both): a sees
	 * it undone */
	struct store_doc *docs;
	size_t nd;
	assert_int_equal(store_library(b, &docs, &nd), PZ_OK);
	char u[STORE_UUID_LEN + 1];
	assert_int_equal(store_undo(b, docs[0].id, u), PZ_OK);
	store_docs_free(docs, nd);
	/* the step's own before: the type b saw when it changed it */
	assert_field(b, t, "type", "task");
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	assert_field(a, t, "type", "task");
	assert_same(a, b);
	store_close(a);
	store_close(b);
	repo_free(&r);
}

/* Applies the change set json to st (checked first). */
static void apply_json(store *st, const char *json)
{
	struct store_sync_info info;
	char detail[256] = "";
	assert_int_equal(store_sync_check(st, json, strlen(json), &info, detail, sizeof(detail)), PZ_OK);
	struct store_sync_in in = { json, strlen(json), &info };
	assert_int_equal(store_sync_apply(st, &in, 1, NULL, 0, NULL, 0, NULL), PZ_OK);
	store_sync_info_release(&info);
}

/* Two replies made in the same millisecond on two machines are listed in one order on
 * every copy, whichever came first (by time, then by their UUIDs, not by the order
 * each copy took them in). */
static void replies_of_one_millisecond_keep_one_order(void **state_)
{
	(void)state_;
	struct repo r = {0};
	int64_t da;
	store *a = copy("甲", "/a/s.txt", &da), *b = copy("乙", NULL, NULL);
	char t[STORE_UUID_LEN + 1];
	add_tag(a, da, "", t);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	const char *d = strstr(r.json[0], "\"doc\":\"");
	assert_non_null(d);
	char doc[STORE_UUID_LEN + 1];
	snprintf(doc, sizeof(doc), "%.36s", d + 7);
	char x[1024], y[1024];
	const char *fmt = "{\"pizhu-sync\":1,\"set\":\"00000000-0000-4000-8000-00000000000%d\","
	                  "\"doc\":\"%s\",\"name\":\"s.txt\",\"title\":\"\",\"texts\":[],\"ops\":["
	                  "{\"id\":\"00000000-0000-4000-8000-00000000001%d\",\"tag\":\"%s\","
	                  "\"field\":\"reply\",\"value\":{\"id\":\"%s\",\"author\":\"%s\","
	                  "\"at\":1000,\"text\":\"%s\"},\"at\":1000,\"author\":\"%s\",\"parents\":\"\"}]}";
	/* the reply whose UUID sorts first is made by 乙 */
	snprintf(x, sizeof(x), fmt, 1, doc, 1, t, "f0000000-0000-4000-8000-000000000001", "甲", "甲说",
	         "甲");
	snprintf(y, sizeof(y), fmt, 2, doc, 2, t, "00000000-0000-4000-8000-000000000002", "乙", "乙说",
	         "乙");
	apply_json(a, x);
	apply_json(a, y);
	apply_json(b, y);
	apply_json(b, x);
	for (int k = 0; k < 2; k++) {
		struct store_reply *rv;
		size_t rn;
		assert_int_equal(store_replies(k ? b : a, t, &rv, &rn), PZ_OK);
		assert_int_equal(rn, 2);
		assert_string_equal(rv[0].text, "乙说");
		assert_string_equal(rv[1].text, "甲说");
		store_replies_free(rv, rn);
	}
	assert_same(a, b);
	store_close(a);
	store_close(b);
	repo_free(&r);
}

/* A dispute that tags import found (our note and theirs both changed since the base)
 * travels: the other copies list the same dispute, and settling it on one settles it
 * everywhere. */
static void a_dispute_from_tags_import_travels(void **state_)
{
	(void)state_;
	struct repo r = {0};
	int64_t da;
	store *a = copy("甲", "/a/s.txt", &da), *b = copy("乙", NULL, NULL);
	char t[STORE_UUID_LEN + 1];
	add_tag(a, da, "原", t);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	usleep(3000);
	edit(a, t, "note", "甲改");
	/* a listing of 丙's, who changed the note from what all had */
	struct store_annot x;
	assert_int_equal(store_annot_find(a, t, &x), PZ_OK);
	struct store_merge_item it = { .a = x, .deleted = false,
	                               .base = "{\"note\":\"原\",\"due\":\"\",\"owner\":\"\","
	                                       "\"done\":0,\"type\":\"task\"}" };
	it.a.note = "丙改";
	it.a.editor = "丙";
	it.a.modified = x.modified + 10;
	struct store_merge_counts mc;
	assert_int_equal(store_merge(a, da, &it, 1, &mc), PZ_OK);
	assert_int_equal(mc.disputed, 1);
	store_annot_release(&x);
	assert_int_equal(ndisputes(a, t), 1);
	/* the same listing again changes nothing */
	assert_int_equal(store_annot_find(a, t, &x), PZ_OK);
	it.a = x;
	it.a.note = "丙改";
	it.a.editor = "丙";
	it.a.modified = x.modified + 10;
	assert_int_equal(store_merge(a, da, &it, 1, &mc), PZ_OK);
	assert_int_equal(mc.disputed, 0);
	store_annot_release(&x);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	assert_int_equal(ndisputes(a, t), 1);
	assert_int_equal(ndisputes(b, t), 1);
	assert_same(a, b);
	struct store_dispute *dv;
	size_t dn;
	assert_int_equal(store_disputes(b, t, &dv, &dn), PZ_OK);
	assert_int_equal(dn, 1);
	bool both = (!strcmp(dv[0].mine, "丙改") && !strcmp(dv[0].theirs, "甲改")) ||
	            (!strcmp(dv[0].mine, "甲改") && !strcmp(dv[0].theirs, "丙改"));
	assert_true(both);
	store_disputes_free(dv, dn);
	/* settled on b, settled everywhere */
	assert_int_equal(store_resolve(b, t, "note", STORE_TAKE_VALUE, "乙定"), PZ_OK);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	assert_int_equal(ndisputes(a, t), 0);
	assert_field(a, t, "note", "乙定");
	assert_same(a, b);
	store_close(a);
	store_close(b);
	repo_free(&r);
}

/* The same document tagged on two machines before either synced is one document
 * after (found by its text), and both come to the same identity. */
static void one_document_tagged_on_two_machines_is_one(void **state_)
{
	(void)state_;
	struct repo r = {0};
	int64_t da, db;
	store *a = copy("甲", "/a/s.txt", &da), *b = copy("乙", "/b/s.txt", &db);
	char t1[STORE_UUID_LEN + 1], t2[STORE_UUID_LEN + 1];
	add_tag(a, da, "甲", t1);
	add_tag(b, db, "乙", t2);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	struct store_doc *docs;
	size_t nd;
	assert_int_equal(store_library(a, &docs, &nd), PZ_OK);
	assert_int_equal(nd, 1);
	store_docs_free(docs, nd);
	assert_int_equal(store_library(b, &docs, &nd), PZ_OK);
	assert_int_equal(nd, 1);
	store_docs_free(docs, nd);
	char ua[STORE_UUID_LEN + 1], ub[STORE_UUID_LEN + 1];
	assert_int_equal(store_document_uuid(a, da, ua), PZ_OK);
	assert_int_equal(store_document_uuid(b, db, ub), PZ_OK);
	assert_string_equal(ua, ub);
	assert_field(a, t2, "note", "乙");
	assert_field(b, t1, "note", "甲");
	/* a third copy gets one document too */
	store *c = copy("丙", NULL, NULL);
	sync_copy(c, &r, false, NULL);
	assert_int_equal(store_library(c, &docs, &nd), PZ_OK);
	assert_int_equal(nd, 1);
	store_docs_free(docs, nd);
	store_close(a);
	store_close(b);
	store_close(c);
	repo_free(&r);
}

/* Each operation is checked member by member: a set with one bad operation among good
 * ones is refused and the first bad one named with why; every kind of value a member
 * may not have is seen (the checks are made in C, not by patterns in SQL). */
static void every_operation_is_checked(void **state_)
{
	(void)state_;
	store *st = copy("甲", NULL, NULL);
#define U(n) "\"00000000-0000-4000-8000-00000000000" #n "\""
#define OP(id, field, value) "{\"id\":" U(id) ",\"tag\":" U(9) ",\"field\":\"" field "\",\"value\":" \
	value ",\"at\":5,\"author\":\"甲\",\"parents\":\"\"}"
#define ADD(note, due, done, type, start, end, version)                                   \
	"{\"created\":1,\"author\":\"甲\",\"quote\":\"完善制度\",\"prefix\":\"\",\"suffix\":\"\"," \
	"\"section\":\"\",\"start\":" start ",\"end\":" end ",\"version\":\"" version "\","         \
	"\"note\":" note ",\"due\":\"" due "\",\"owner\":\"\",\"done\":\"" done "\",\"type\":\"" type \
	"\",\"deleted\":\"0\"}"
#define PLACE(start, end, quote, version)                                                 \
	"{\"start\":" start ",\"end\":" end ",\"quote\":\"" quote "\",\"prefix\":\"一、\","          \
	"\"suffix\":\"。\",\"section\":\"\",\"version\":\"" version "\"}"
#define GOOD_ADD ADD("\"\"", "2024-02-29", "0", "task", "2", "6", "0123456789abcdef-72")
	static const struct {
		const char *op, *why; /* why: NULL when good */
	} cases[] = {
		{ OP(3, "add", GOOD_ADD), NULL },
		{ OP(3, "add", ADD("\"\"", "", "1", "my-type2", "0", "0", "")), NULL },
		{ OP(3, "note", "\"改过\""), NULL },
		{ OP(3, "due", "\"\""), NULL },
		{ OP(3, "done", "\"1\""), NULL },
		{ OP(3, "reply", "{\"id\":" U(4) ",\"author\":\"乙\",\"at\":7,\"text\":\"好\"}"), NULL },
		{ "7", "is not an object" },
		{ "\"op\"", "is not an object" },
		{ "{\"id\":\"00000000-0000-4000-8000-00000000000X\",\"tag\":" U(9) ",\"field\":\"note\","
		  "\"value\":\"\",\"at\":5,\"author\":\"\",\"parents\":\"\"}", "has no valid \"id\"" },
		{ "{\"id\":\"00000000-0000-4000-8000-0000-0000000\",\"tag\":" U(9) ",\"field\":\"note\","
		  "\"value\":\"\",\"at\":5,\"author\":\"\",\"parents\":\"\"}", "has no valid \"id\"" },
		{ "{\"id\":" U(3) ",\"tag\":\"00000000-0000-4000-8000-00000000000\",\"field\":\"note\","
		  "\"value\":\"\",\"at\":5,\"author\":\"\",\"parents\":\"\"}", "has no valid \"tag\"" },
		{ "{\"id\":" U(3) ",\"tag\":" U(9) ",\"field\":\"note\",\"value\":\"\",\"at\":5.5,"
		  "\"author\":\"\",\"parents\":\"\"}", "has no valid \"at\"" },
		{ "{\"id\":" U(3) ",\"tag\":" U(9) ",\"field\":\"note\",\"value\":\"\",\"at\":-1,"
		  "\"author\":\"\",\"parents\":\"\"}", "has no valid \"at\"" },
		{ "{\"id\":" U(3) ",\"tag\":" U(9) ",\"field\":\"note\",\"value\":\"\",\"at\":1,"
		  "\"author\":3,\"parents\":\"\"}", "has no valid \"author\"" },
		{ "{\"id\":" U(3) ",\"tag\":" U(9) ",\"field\":\"note\",\"value\":\"\",\"at\":1,"
		  "\"author\":\"\",\"parents\":\"a;b\"}", "has no valid \"parents\"" },
		{ OP(3, "note", "5"), "has no valid \"value\"" },
		{ OP(3, "due", "\"2023-02-32\""), "has no valid \"value\"" },
		{ OP(3, "due", "\"2023-02-00\""), "has no valid \"value\"" },
		{ OP(3, "due", "\"2024-13-01\""), "has no valid \"value\"" },
		{ OP(3, "due", "\"2024-1-01\""), "has no valid \"value\"" },
		{ OP(3, "done", "\"2\""), "has no valid \"value\"" },
		{ OP(3, "done", "1"), "has no valid \"value\"" },
		{ OP(3, "type", "\"Task\""), "has no valid \"value\"" },
		{ OP(3, "type", "\"\""), "has no valid \"value\"" },
		{ OP(3, "color", "\"x\""), "has no valid \"field\"" },
		{ OP(3, "reply", "{\"id\":" U(4) ",\"author\":\"乙\",\"at\":7,\"text\":\"\"}"),
		  "has no valid reply" },
		{ OP(3, "reply", "\"好\""), "has no valid reply" },
		{ OP(3, "place", PLACE("2", "6", "要完善制度", "")), NULL },
		{ OP(3, "place", PLACE("2", "6", "要完善制度", "0123456789abcdef-72")), NULL },
		{ OP(3, "place", "\"2-6\""), "has no valid passage" },
		{ OP(3, "place", PLACE("6", "2", "要完善制度", "")), "has no valid passage" },
		{ OP(3, "place", PLACE("-1", "2", "要完善制度", "")), "has no valid passage" },
		{ OP(3, "place", PLACE("2", "6", "", "")), "has no valid passage" },
		{ OP(3, "place", PLACE("2", "6", "要", "01234-7")), "has no valid passage" },
		{ OP(3, "add", "\"tag\""), "has no valid tag" },
		{ OP(3, "add", ADD("7", "", "0", "task", "2", "6", "")), "has no valid tag" },
		{ OP(3, "add", ADD("\"\"", "2023-00-29", "0", "task", "2", "6", "")), "has no valid tag" },
		{ OP(3, "add", ADD("\"\"", "", "yes", "task", "2", "6", "")), "has no valid tag" },
		{ OP(3, "add", ADD("\"\"", "", "0", "ta sk", "2", "6", "")), "has no valid tag" },
		{ OP(3, "add", ADD("\"\"", "", "0", "task", "6", "2", "")), "has no valid tag" },
		{ OP(3, "add", ADD("\"\"", "", "0", "task", "-1", "2", "")), "has no valid tag" },
		{ OP(3, "add", ADD("\"\"", "", "0", "task", "2", "6", "0123456789ABCDEF-72")),
		  "has no valid tag" },
		{ OP(3, "add", ADD("\"\"", "", "0", "task", "2", "6", "0123456789abcdef-7x")),
		  "has no valid tag" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		/* the case second, after a good operation, and before a bad one */
		char json[4096], detail[256] = "";
		snprintf(json, sizeof(json),
		         "{\"pizhu-sync\":1,\"set\":" U(1) ",\"doc\":" U(2) ",\"name\":\"a.txt\","
		         "\"title\":\"\",\"texts\":[],\"ops\":[%s,%s,%s]}",
		         OP(5, "note", "\"好\""), cases[i].op, OP(6, "done", "\"x\""));
		struct store_sync_info info;
		enum pz_status s = store_sync_check(st, json, strlen(json), &info, detail, sizeof(detail));
		assert_int_equal(s, PZ_SYNTAX);
		char want[128];
		snprintf(want, sizeof(want), "operation %d %s", cases[i].why ? 1 : 2,
		         cases[i].why ? cases[i].why : "has no valid \"value\"");
		if (strcmp(detail, want))
			fail_msg("case %zu: '%s', wanted '%s'", i, detail, want);
	}
#undef GOOD_ADD
#undef PLACE
#undef ADD
#undef OP
#undef U
	store_close(st);
}

/* Moves tag uuid of st to characters [start, end) of TEXT, as re-marking it does. */
static void move(store *st, const char *uuid, int64_t start, int64_t end)
{
	struct store_annot a;
	assert_int_equal(store_annot_find(st, uuid, &a), PZ_OK);
	struct store_annot e = a;
	/* TEXT is CJK only: three bytes a character */
	char quote[64], prefix[16], suffix[16];
	snprintf(quote, sizeof(quote), "%.*s", (int)(3 * (end - start)), TEXT + 3 * start);
	snprintf(prefix, sizeof(prefix), "%.*s", start ? 3 : 0, start ? TEXT + 3 * (start - 1) : "");
	snprintf(suffix, sizeof(suffix), "%.3s", TEXT + 3 * end);
	e.start = start, e.end = end;
	e.quote = quote, e.prefix = prefix, e.suffix = suffix;
	assert_int_equal(store_annot_update(st, &e), PZ_OK);
	store_annot_release(&a);
}

static int64_t start_of(store *st, const char *uuid)
{
	struct store_annot a;
	assert_int_equal(store_annot_find(st, uuid, &a), PZ_OK);
	int64_t r = a.start;
	store_annot_release(&a);
	return r;
}

/* A tag's passage travels: moved on one side, the other takes the move (also beside an
 * edit of another field made there); moved on both sides since they last agreed, it
 * is disputed on every copy with both passages and their reviewers, until one side
 * takes mine or theirs, which every copy then follows; a move is no value to write;
 * a move newer than a deletion keeps the tag. */
static void a_moved_passage_travels_and_may_be_disputed(void **state_)
{
	(void)state_;
	struct repo r = {0};
	int64_t da;
	store *a = copy("甲", "/a/s.txt", &da), *b = copy("乙", NULL, NULL);
	char t[STORE_UUID_LEN + 1];
	add_tag(a, da, "原", t);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	assert_int_equal(start_of(b, t), 2);
	/* moved on a only: b takes it, with who moved it */
	usleep(2000);
	move(a, t, 10, 14);
	struct store_sync_counts c;
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, &c);
	assert_int_equal(c.updated, 1);
	assert_int_equal(start_of(b, t), 10);
	assert_int_equal(ndisputes(b, t), 0);
	assert_same(a, b);
	/* moved on b, the note changed on a: both taken, no dispute */
	usleep(2000);
	move(b, t, 18, 22);
	edit(a, t, "note", "甲改");
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	assert_int_equal(start_of(a, t), 18);
	assert_field(b, t, "note", "甲改");
	assert_int_equal(ndisputes(a, t) + ndisputes(b, t), 0);
	assert_same(a, b);
	/* moved on both since they last agreed: disputed alike on both */
	usleep(2000);
	move(a, t, 2, 7);
	usleep(2000);
	move(b, t, 10, 12);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, true, NULL);
	sync_copy(a, &r, false, NULL);
	assert_int_equal(ndisputes(a, t), 1);
	assert_int_equal(ndisputes(b, t), 1);
	assert_same(a, b);
	struct store_dispute *dv;
	size_t dn;
	assert_int_equal(store_disputes(a, t, &dv, &dn), PZ_OK);
	assert_string_equal(dv[0].field, "place");
	/* the newest shows: b's; both passages kept with their reviewers */
	assert_string_equal(dv[0].mine_author, "乙");
	assert_string_equal(dv[0].theirs_author, "甲");
	assert_non_null(strstr(dv[0].mine, "\"start\":10"));
	assert_non_null(strstr(dv[0].theirs, "\"start\":2"));
	assert_non_null(strstr(dv[0].theirs_shown, "要完善制度"));
	assert_non_null(strstr(dv[0].mine_shown, "@10"));
	store_disputes_free(dv, dn);
	assert_int_equal(start_of(a, t), 10);
	/* a passage is not a value to write */
	assert_int_equal(store_resolve(a, t, "place", STORE_TAKE_VALUE, "3"), PZ_SYNTAX);
	/* a takes theirs (甲's own passage, the other head): every copy follows */
	assert_int_equal(store_resolve(a, t, NULL, STORE_TAKE_THEIRS, NULL), PZ_OK);
	assert_int_equal(start_of(a, t), 2);
	assert_int_equal(ndisputes(a, t), 0);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	assert_int_equal(start_of(b, t), 2);
	assert_int_equal(ndisputes(b, t), 0);
	assert_same(a, b);
	/* again both; b keeps mine (the one shown): settled everywhere where it shows */
	usleep(2000);
	move(a, t, 5, 7);
	usleep(2000);
	move(b, t, 14, 17);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	assert_int_equal(ndisputes(b, t), 1);
	assert_int_equal(store_resolve(b, t, NULL, STORE_TAKE_MINE, NULL), PZ_OK);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	assert_int_equal(ndisputes(a, t), 0);
	assert_int_equal(start_of(a, t), 14);
	assert_same(a, b);
	/* deleted on a, moved later on b: the move is newer, the tag stays */
	assert_int_equal(store_annot_delete(a, t), PZ_OK);
	usleep(2000);
	move(b, t, 18, 20);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	sync_copy(a, &r, false, NULL);
	assert_int_equal(start_of(a, t), 18);
	assert_same(a, b);
	store_close(a);
	store_close(b);
	repo_free(&r);
}

/* A change set of format 1 (an older pizhu's, without passages) is still read. */
static void an_older_format_is_read(void **state_)
{
	(void)state_;
	struct repo r = {0};
	int64_t da;
	store *a = copy("甲", "/a/s.txt", &da), *b = copy("乙", NULL, NULL);
	char t[STORE_UUID_LEN + 1];
	add_tag(a, da, "旧", t);
	sync_copy(a, &r, false, NULL);
	char *p = strstr(r.json[0], "\"pizhu-sync\":2");
	assert_non_null(p);
	p[strlen("\"pizhu-sync\":")] = '1';
	sync_copy(b, &r, false, NULL);
	assert_field(b, t, "note", "旧");
	store_close(a);
	store_close(b);
	repo_free(&r);
}

/* Change sets are checked whole: damaged or foreign ones are refused, as is one from a
 * newer pizhu. */
static void damaged_and_newer_sets_are_refused(void **state_)
{
	(void)state_;
	store *st = copy("甲", NULL, NULL);
	struct store_sync_info info;
	char detail[256];
	static const char *const bad[] = {
		"", "not json", "[1,2]", "{\"ops\":[]}", "{\"pizhu-sync\":\"1\"}",
		"{\"pizhu-sync\":1,\"set\":\"x\",\"doc\":\"y\",\"name\":\"a\",\"title\":\"\",\"texts\":[],\"ops\":[]}",
		"{\"pizhu-sync\":1,\"set\":\"00000000-0000-4000-8000-000000000001\","
		"\"doc\":\"00000000-0000-4000-8000-000000000002\",\"name\":\"../a\",\"title\":\"\","
		"\"texts\":[],\"ops\":[]}",
		"{\"pizhu-sync\":1,\"set\":\"00000000-0000-4000-8000-000000000001\","
		"\"doc\":\"00000000-0000-4000-8000-000000000002\",\"name\":\"a\",\"title\":\"\","
		"\"texts\":[],\"ops\":[{\"id\":\"00000000-0000-4000-8000-000000000003\","
		"\"tag\":\"00000000-0000-4000-8000-000000000004\",\"field\":\"due\",\"value\":\"明天\","
		"\"at\":1,\"author\":\"\",\"parents\":\"\"}]}",
		"{\"pizhu-sync\":1,\"set\":\"00000000-0000-4000-8000-000000000001\","
		"\"doc\":\"00000000-0000-4000-8000-000000000002\",\"name\":\"a\",\"title\":\"\","
		"\"texts\":[],\"ops\":[{\"id\":\"00000000-0000-4000-8000-000000000003\","
		"\"tag\":\"00000000-0000-4000-8000-000000000004\",\"field\":\"color\",\"value\":\"x\","
		"\"at\":1,\"author\":\"\",\"parents\":\"\"}]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		detail[0] = '\0';
		assert_int_equal(store_sync_check(st, bad[i], strlen(bad[i]), &info, detail,
		                                  sizeof(detail)),
		                 PZ_SYNTAX);
		assert_true(detail[0] != '\0');
	}
	/* the next format is a newer pizhu's, whatever it holds */
	char newer[64];
	snprintf(newer, sizeof(newer), "{\"pizhu-sync\":%d,\"anything\":true}", STORE_SYNC_FORMAT + 1);
	assert_int_equal(store_sync_check(st, newer, strlen(newer), &info, detail, sizeof(detail)),
	                 PZ_DBNEWER);
	assert_non_null(strstr(detail, "newer"));
	/* format 2 carries the passage: 3 is newer than this build */
	assert_int_equal(STORE_SYNC_FORMAT, 2);
	const char *good = "{\"pizhu-sync\":1,\"set\":\"00000000-0000-4000-8000-000000000001\","
	                   "\"doc\":\"00000000-0000-4000-8000-000000000002\",\"name\":\"a.txt\","
	                   "\"title\":\"\",\"texts\":[\"0123456789abcdef-12\"],\"ops\":[{\"id\":"
	                   "\"00000000-0000-4000-8000-000000000003\",\"tag\":"
	                   "\"00000000-0000-4000-8000-000000000004\",\"field\":\"due\",\"value\":"
	                   "\"2025-06-30\",\"at\":1,\"author\":\"甲\",\"parents\":\"\"}]}";
	assert_int_equal(store_sync_check(st, good, strlen(good), &info, detail, sizeof(detail)), PZ_OK);
	assert_int_equal(info.nops, 1);
	assert_int_equal(info.ntexts, 1);
	assert_string_equal(info.name, "a.txt");
	/* a change without its add waits for it: nothing shows, nothing fails */
	struct store_sync_in in = { good, strlen(good), &info };
	struct store_sync_counts c;
	assert_int_equal(store_sync_apply(st, &in, 1, NULL, 0, NULL, 0, &c), PZ_OK);
	assert_int_equal(c.got_sets, 1);
	assert_int_equal(c.added, 0);
	store_sync_info_release(&info);
	store_close(st);
}

/* Every copy that has applied the same sets, in whatever order, lists the same. */
static void order_does_not_matter(void **state_)
{
	(void)state_;
	struct repo r = {0};
	int64_t da;
	store *a = copy("甲", "/a/s.txt", &da), *b = copy("乙", NULL, NULL), *c = copy("丙", NULL, NULL);
	char t[4][STORE_UUID_LEN + 1];
	for (int i = 0; i < 4; i++)
		add_tag(a, da, "", t[i]);
	sync_copy(a, &r, false, NULL);
	sync_copy(b, &r, false, NULL);
	sync_copy(c, &r, false, NULL);
	store *who[3] = { a, b, c };
	const char *fields[] = { "note", "owner", "due", "done" };
	const char *values[] = { "一", "二", "2025-01-02", "1" };
	srand(12);
	for (int round = 0; round < 30; round++) {
		store *s = who[rand() % 3];
		int k = rand() % 4, f = rand() % 4;
		char *note;
		if (rand() % 9 == 0) {
			store_annot_delete(s, t[k]);
		} else if ((note = field_of(s, t[k], "note"))) {
			char v[32];
			snprintf(v, sizeof(v), "%s%d", values[f], f == 2 || f == 3 ? 0 : round);
			free(note);
			edit(s, t[k], fields[f], f == 2 ? values[2] : f == 3 ? (round & 1 ? "1" : "0") : v);
		}
		if (rand() % 3 == 0)
			sync_copy(who[rand() % 3], &r, rand() % 2, NULL);
	}
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < 3; i++)
			sync_copy(who[i], &r, i == 1, NULL);
	assert_same(a, b);
	assert_same(a, c);
	store_close(a);
	store_close(b);
	store_close(c);
	repo_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_new_tag_arrives_with_its_document),
		cmocka_unit_test(changes_on_one_side_or_apart_are_taken),
		cmocka_unit_test(concurrent_changes_are_disputed_until_resolved),
		cmocka_unit_test(deletion_wins_only_when_newer),
		cmocka_unit_test(replies_type_and_undo),
		cmocka_unit_test(replies_of_one_millisecond_keep_one_order),
		cmocka_unit_test(a_dispute_from_tags_import_travels),
		cmocka_unit_test(one_document_tagged_on_two_machines_is_one),
		cmocka_unit_test(a_moved_passage_travels_and_may_be_disputed),
		cmocka_unit_test(an_older_format_is_read),
		cmocka_unit_test(damaged_and_newer_sets_are_refused),
		cmocka_unit_test(every_operation_is_checked),
		cmocka_unit_test(order_does_not_matter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
