/* Unit tests of the annotations: the store's records and their undo history (also
 * across reopening), the tag set over a document (placing, re-anchoring an edited
 * draft, counting, section paths), the import of a listing, and the listings. */
#include "pizhu/tags.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pizhu/config.h"
#include "pizhu/export.h"
#include "pizhu/listing.h"
#include "pizhu/review.h"
#include "pizhu/store_text.h"
#include "pizhu/store_version.h"
#include "pizhu/tagtype.h"

struct fx {
	char dir[64];
	char db[128];
	char file[128];
	store *st;
};

/* The length of d's text in characters (the bound of imported offsets). */
static int64_t chars_of(const doc *d)
{
	size_t len;
	doc_text(d, &len);
	return (int64_t)doc_char_index(d, len);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/pizhu-tags-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/pizhu.db", f->dir);
	snprintf(f->file, sizeof(f->file), "%s/speech.txt", f->dir);
	if (store_open(f->db, &f->st, NULL, 0) != PZ_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

static const char speech[] =
	"关于抓好今年重点工作的讲话\n"
	"\n"
	"同志们：\n"
	"\n"
	"一、抓好项目建设\n"
	"各部门要在年底前完成全部审批事项。市发展改革委要牵头，确保开工率达到九成以上。\n"
	"\n"
	"二、强化督促检查\n"
	"（一）建立通报制度。督查室要每月通报一次进展。\n"
	"（二）严格考核问责。对工作不力的要严肃问责。\n";

static doc *load(const char *s)
{
	doc *d = NULL;
	struct pz_where w;
	assert_int_equal(doc_load_buffer(s, strlen(s), NULL, &d, &w), PZ_OK);
	return d;
}

/* Byte offset of the first occurrence of needle in d's text. */
static size_t at(const doc *d, const char *needle)
{
	const char *t = doc_text(d, NULL), *p = strstr(t, needle);
	assert_non_null(p);
	return (size_t)(p - t);
}

static int64_t new_doc(struct fx *f)
{
	int64_t id, pos;
	assert_int_equal(store_open_document(f->st, "/nowhere/speech.txt", "t", 1, &id, &pos), PZ_OK);
	return id;
}

static tagset *open_set(struct fx *f, const doc *d, const outline *o, int64_t id)
{
	tagset *ts = NULL;
	assert_int_equal(tagset_open(f->st, d, o, id, "tester", true, &ts), PZ_OK);
	return ts;
}

static const struct tag *find(const tagset *ts, const char *uuid)
{
	size_t i = tagset_find(ts, uuid);
	assert_int_not_equal(i, SIZE_MAX);
	return tagset_at(ts, i);
}

static void tag_quote_context_and_section(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	outline *o;
	assert_int_equal(outline_build(d, &o), PZ_OK);
	tagset *ts = open_set(f, d, o, new_doc(f));
	char uuid[STORE_UUID_LEN + 1];
	const char *q = "督查室要每月通报一次进展。";
	size_t s = at(d, q);
	assert_int_equal(tagset_add(ts, "task", s, s + strlen(q), "每月", NULL, "督查室", uuid), PZ_OK);
	assert_int_equal(strlen(uuid), 36);
	assert_int_equal(uuid[14], '4'); /* a version 4 UUID */
	const struct tag *t = find(ts, uuid);
	assert_string_equal(t->a.quote, q);
	assert_int_equal(t->start, s);
	assert_int_equal(t->end, s + strlen(q));
	assert_string_equal(t->a.section, "二、（一）");
	assert_string_equal(t->a.note, "每月");
	assert_string_equal(t->a.owner, "督查室");
	assert_string_equal(t->a.author, "tester");
	assert_int_equal(t->a.anchor, STORE_ANCHORED);
	assert_int_equal(t->kind, TAGTYPE_TASK);
	/* 32 characters of context, counted in characters, not bytes */
	assert_string_equal(t->a.suffix, "\n（二）严格考核问责。对工作不力的要严肃问责。\n");
	size_t nchars = 0;
	for (const char *p = t->a.prefix; *p; p++)
		nchars += ((unsigned char)*p & 0xC0) != 0x80;
	assert_int_equal(nchars, 32);
	/* a range inside a character is widened to the whole character */
	assert_int_equal(tagset_add(ts, "note", s + 1, s + 4, NULL, NULL, NULL, uuid), PZ_OK);
	assert_string_equal(find(ts, uuid)->a.quote, "督查");
	/* an empty range is refused */
	assert_int_equal(tagset_add(ts, "note", s, s, NULL, NULL, NULL, uuid), PZ_SYNTAX);
	tagset_free(ts);
	outline_free(o);
	doc_free(d);
}

static void tags_survive_reopening_and_are_sorted(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	int64_t id = new_doc(f);
	tagset *ts = open_set(f, d, NULL, id);
	size_t b = at(d, "对工作不力"), a = at(d, "各部门要");
	assert_int_equal(tagset_add(ts, "task", b, b + 9, NULL, NULL, NULL, NULL), PZ_OK);
	assert_int_equal(tagset_add(ts, "deadline", a, a + 6, NULL, "2026-12-31", NULL, NULL), PZ_OK);
	tagset_free(ts);
	/* a new connection, as after quitting */
	store_close(f->st);
	assert_int_equal(store_open(f->db, &f->st, NULL, 0), PZ_OK);
	ts = open_set(f, d, NULL, id);
	assert_int_equal(tagset_count(ts), 2);
	assert_int_equal(tagset_at(ts, 0)->start, a);
	assert_string_equal(tagset_at(ts, 0)->a.due, "2026-12-31");
	assert_int_equal(tagset_at(ts, 0)->kind, TAGTYPE_DEADLINE); /* read back, not only made */
	assert_int_equal(tagset_at(ts, 1)->start, b);
	assert_int_equal(tagset_count_in(ts, 0, strlen(speech)), 2);
	assert_int_equal(tagset_count_in(ts, a, a + 1), 1);
	assert_int_equal(tagset_count_in(ts, a + 1, b), 0);
	tagset_free(ts);
	doc_free(d);
}

static void undo_and_redo_also_after_reopening(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	int64_t id = new_doc(f);
	tagset *ts = open_set(f, d, NULL, id);
	char u1[STORE_UUID_LEN + 1], u2[STORE_UUID_LEN + 1], got[STORE_UUID_LEN + 1];
	size_t a = at(d, "各部门要");
	assert_int_equal(tagset_add(ts, "task", a, a + 6, NULL, NULL, NULL, u1), PZ_OK);
	struct store_annot c = find(ts, u1)->a;
	c.note = "先办";
	c.done = 1;
	assert_int_equal(tagset_update(ts, &c), PZ_OK);
	assert_int_equal(tagset_add(ts, "target", a + 6, a + 12, NULL, NULL, NULL, u2), PZ_OK);
	assert_int_equal(tagset_delete(ts, u2), PZ_OK);
	assert_int_equal(tagset_count(ts), 1);
	tagset_free(ts);
	store_close(f->st);
	assert_int_equal(store_open(f->db, &f->st, NULL, 0), PZ_OK);
	ts = open_set(f, d, NULL, id);
	/* undo the delete: the target is back */
	assert_int_equal(tagset_undo(ts, got), PZ_OK);
	assert_string_equal(got, u2);
	assert_int_equal(tagset_count(ts), 2);
	/* undo its creation: gone */
	assert_int_equal(tagset_undo(ts, got), PZ_OK);
	assert_int_equal(tagset_count(ts), 1);
	/* undo the note and done */
	assert_int_equal(tagset_undo(ts, got), PZ_OK);
	assert_string_equal(got, u1);
	assert_string_equal(find(ts, u1)->a.note, "");
	assert_int_equal(find(ts, u1)->a.done, 0);
	assert_int_equal(tagset_undo(ts, got), PZ_OK);
	assert_int_equal(tagset_count(ts), 0);
	assert_int_equal(tagset_undo(ts, got), PZ_NOENT);
	/* and all the way back */
	assert_int_equal(tagset_redo(ts, got), PZ_OK);
	assert_int_equal(tagset_redo(ts, got), PZ_OK);
	assert_string_equal(find(ts, u1)->a.note, "先办");
	assert_int_equal(tagset_redo(ts, got), PZ_OK);
	assert_int_equal(tagset_count(ts), 2);
	/* a new change drops what is left to redo */
	assert_int_equal(tagset_add(ts, "note", a, a + 3, "x", NULL, NULL, NULL), PZ_OK);
	assert_int_equal(tagset_redo(ts, got), PZ_NOENT);
	tagset_free(ts);
	doc_free(d);
}

static void edited_draft_reanchors_and_keeps_orphans(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	int64_t id = new_doc(f);
	tagset *ts = open_set(f, d, NULL, id);
	char keep[STORE_UUID_LEN + 1], edit[STORE_UUID_LEN + 1], gone[STORE_UUID_LEN + 1];
	const char *q1 = "市发展改革委要牵头", *q2 = "督查室要每月通报一次进展。",
	           *q3 = "对工作不力的要严肃问责。";
	size_t a = at(d, q1), b = at(d, q2), c = at(d, q3);
	assert_int_equal(tagset_add(ts, "owner", a, a + strlen(q1), NULL, NULL, NULL, keep), PZ_OK);
	assert_int_equal(tagset_add(ts, "task", b, b + strlen(q2), NULL, NULL, NULL, edit), PZ_OK);
	assert_int_equal(tagset_add(ts, "task", c, c + strlen(q3), NULL, NULL, NULL, gone), PZ_OK);
	tagset_free(ts);
	doc_free(d);
	/* the next draft: a paragraph added on top, a word changed, a sentence dropped */
	d = load("关于抓好今年重点工作的讲话\n\n同志们：\n\n今年任务很重，大家要有紧迫感。\n\n"
	         "一、抓好项目建设\n"
	         "各部门要在年底前完成全部审批事项。市发展改革委要牵头，确保开工率达到九成以上。\n\n"
	         "二、强化督促检查\n"
	         "（一）建立通报制度。督查室要每半月通报一次进展。\n"
	         "（二）严格考核问责。\n");
	ts = open_set(f, d, NULL, id);
	assert_int_equal(tagset_count(ts), 3);
	const struct tag *t = find(ts, keep);
	assert_int_equal(t->a.anchor, STORE_ANCHORED);
	assert_int_equal(t->start, at(d, q1));
	t = find(ts, edit);
	assert_int_equal(t->a.anchor, STORE_MOVED);
	assert_int_equal(t->start, at(d, "督查室要每半月"));
	assert_string_equal(t->a.quote, "督查室要每半月通报一次进展。");
	t = find(ts, gone);
	assert_int_equal(t->a.anchor, STORE_ORPHANED);
	assert_string_equal(t->a.quote, q3); /* kept as it was, listed last */
	assert_ptr_equal(tagset_at(ts, 2), t);
	tagset_free(ts);
	/* what was found is stored: another connection sees the same */
	store *other;
	assert_int_equal(store_open(f->db, &other, NULL, 0), PZ_OK);
	struct store_annot *v;
	size_t n;
	assert_int_equal(store_annots(other, id, &v, &n), PZ_OK);
	assert_int_equal(n, 3);
	size_t orphans = 0;
	for (size_t i = 0; i < n; i++)
		orphans += v[i].anchor == STORE_ORPHANED;
	assert_int_equal(orphans, 1);
	store_annots_free(v, n);
	store_close(other);
	/* an orphan attached to a new passage is anchored again, and that is undoable */
	ts = open_set(f, d, NULL, id);
	size_t s = at(d, "严格考核问责");
	assert_int_equal(tagset_attach(ts, gone, s, s + strlen("严格考核问责")), PZ_OK);
	assert_int_equal(find(ts, gone)->a.anchor, STORE_ANCHORED);
	assert_int_equal(find(ts, gone)->start, s);
	assert_int_equal(tagset_undo(ts, NULL), PZ_OK);
	assert_int_equal(find(ts, gone)->a.anchor, STORE_ORPHANED);
	tagset_free(ts);
	doc_free(d);
}

/* A tag keeps its text of each draft where it changed: moved with new words in draft 2,
 * its passage gone in draft 3; the same draft opened again adds nothing. */
static void tags_remember_their_text_per_draft(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	int64_t id = new_doc(f);
	tagset *ts = open_set(f, d, NULL, id);
	char edit[STORE_UUID_LEN + 1], keep[STORE_UUID_LEN + 1];
	const char *q = "督查室要每月通报一次进展。", *k = "市发展改革委要牵头";
	size_t b = at(d, q), a = at(d, k);
	assert_int_equal(tagset_add(ts, "task", b, b + strlen(q), NULL, NULL, NULL, edit), PZ_OK);
	assert_int_equal(tagset_add(ts, "owner", a, a + strlen(k), NULL, NULL, NULL, keep), PZ_OK);
	int64_t annot = find(ts, edit)->a.id, kept = find(ts, keep)->a.id;
	tagset_free(ts);
	doc_free(d);
	struct store_tagdraft c;
	assert_int_equal(store_tagdraft_of(f->st, annot, &c), PZ_NOENT);

	/* draft 2: its words change */
	static const char head[] = "关于抓好今年重点工作的讲话\n\n同志们：\n\n一、抓好项目建设\n"
	                           "各部门要在年底前完成全部审批事项。市发展改革委要牵头，确保开工率达到九成以上。\n\n"
	                           "二、强化督促检查\n";
	char text[1024];
	snprintf(text, sizeof(text), "%s（一）建立通报制度。督查室要每半月通报一次进展。\n", head);
	d = load(text);
	for (int twice = 0; twice < 2; twice++) {
		ts = open_set(f, d, NULL, id);
		tagset_free(ts);
	}
	doc_free(d);
	assert_int_equal(store_tagdraft_of(f->st, annot, &c), PZ_OK);
	assert_int_equal(c.anchor, STORE_MOVED);
	assert_int_equal(c.draft, 2);
	assert_string_equal(c.was, q);
	char say[256];
	review_tag_flag("task", "督查室要每半月通报一次进展。", &c, say, sizeof(say));
	assert_string_equal(say, "moved in draft 2: was 督查室要每月通报一次进展。");
	free(c.was);
	assert_int_equal(store_tagdraft_of(f->st, kept, &c), PZ_NOENT); /* never changed */

	/* draft 3: its passage goes */
	snprintf(text, sizeof(text), "%s（一）建立通报制度。\n", head);
	d = load(text);
	ts = open_set(f, d, NULL, id);
	assert_int_equal(find(ts, edit)->a.anchor, STORE_ORPHANED);
	tagset_free(ts);
	doc_free(d);
	struct store_tagdraft *v;
	size_t n;
	assert_int_equal(store_tagdraft_latest(f->st, id, &v, &n), PZ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].annot, annot);
	review_tag_flag("task", "", &v[0], say, sizeof(say));
	assert_string_equal(say, "gone in draft 3: was 督查室要每半月通报一次进展。");
	store_tagdraft_free(v, n);
	/* a long text is cut at a character */
	c = (struct store_tagdraft){ .anchor = STORE_MOVED, .draft = 4,
	                             .was = "一二三四五六七八九十一二三四五六七八九十一二三四五六" };
	review_tag_flag("note", "甲", &c, say, sizeof(say));
	assert_string_equal(say, "moved in draft 4: was 一二三四五六七八九十一二三四五六七八九十一二三四…");
}

static void other_connection_changes_are_seen(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	int64_t id = new_doc(f);
	tagset *ts = open_set(f, d, NULL, id);
	bool changed = true;
	assert_int_equal(tagset_refresh(ts, &changed), PZ_OK);
	assert_false(changed);
	store *other;
	assert_int_equal(store_open(f->db, &other, NULL, 0), PZ_OK);
	tagset *ts2 = NULL;
	assert_int_equal(tagset_open(other, d, NULL, id, "b", false, &ts2), PZ_OK);
	size_t a = at(d, "各部门要");
	assert_int_equal(tagset_add(ts2, "task", a, a + 6, NULL, NULL, NULL, NULL), PZ_OK);
	assert_int_equal(tagset_refresh(ts, &changed), PZ_OK);
	assert_true(changed);
	assert_int_equal(tagset_count(ts), 1);
	assert_string_equal(tagset_at(ts, 0)->a.author, "b");
	tagset_free(ts2);
	store_close(other);
	tagset_free(ts);
	doc_free(d);
}

/* The reader's way (issue 15): a new draft's tags found again without writing, then
 * written by tagset_save; saved already, or opened on a version it knows, nothing is
 * written (the connection's count of changed rows stays). The text is not kept here. */
static void reading_first_then_saving(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	int64_t id = new_doc(f);
	tagset *ts = open_set(f, d, NULL, id);
	char u[STORE_UUID_LEN + 1];
	const char *q = "督查室要每月通报一次进展。";
	size_t a = at(d, q);
	assert_int_equal(tagset_add(ts, "task", a, a + strlen(q), NULL, NULL, NULL, u), PZ_OK);
	tagset_free(ts);
	doc_free(d);
	d = load("关于抓好今年重点工作的讲话\n\n同志们：\n\n今年任务很重。\n\n"
	         "二、强化督促检查\n（一）建立通报制度。督查室要每半月通报一次进展。\n");
	int64_t before = store_changes(f->st);
	assert_int_equal(tagset_open(f->st, d, NULL, id, "tester", false, &ts), PZ_OK);
	assert_int_equal(store_changes(f->st), before);   /* read only */
	assert_int_equal(tagset_version(ts), 0);          /* a version not seen before */
	assert_int_equal(find(ts, u)->a.anchor, STORE_MOVED);
	assert_int_equal(find(ts, u)->start, at(d, "督查室要每半月"));
	assert_int_equal(tagset_save(ts), PZ_OK);
	assert_true(store_changes(f->st) > before);
	int64_t v = tagset_version(ts), found;
	assert_true(v > 0);
	size_t len;
	const char *text = doc_text(d, &len);
	assert_int_equal(store_find_version(f->st, id, tags_text_hash(text, len), (int64_t)len, &found), PZ_OK);
	assert_int_equal(found, v);
	bool kept = true;
	assert_int_equal(store_text_kept(f->st, v, &kept), PZ_OK);
	assert_false(kept);                                /* the caller's to keep */
	assert_int_equal(find(ts, u)->start, at(d, "督查室要每半月"));
	before = store_changes(f->st);
	assert_int_equal(tagset_save(ts), PZ_OK);          /* nothing left to write */
	assert_int_equal(store_changes(f->st), before);
	tagset_free(ts);
	/* opened again on the same text: where the tag is was written, nothing to save */
	assert_int_equal(tagset_open(f->st, d, NULL, id, "tester", false, &ts), PZ_OK);
	assert_int_equal(tagset_version(ts), v);
	struct store_annot *sa;
	size_t n;
	assert_int_equal(store_annots(f->st, id, &sa, &n), PZ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(sa[0].version, v);
	assert_int_equal(sa[0].anchor, STORE_MOVED);
	store_annots_free(sa, n);
	assert_int_equal(tagset_save(ts), PZ_OK);
	assert_int_equal(store_changes(f->st), before);
	tagset_free(ts);
	doc_free(d);
}

/* A first screen's read (issue 15): where the tags are, all of them, as a whole read
 * places them (store_annots_where, tagset_open_first), nothing written; the rest read
 * after (tagset_complete), with what another connection wrote meanwhile; a change
 * completes the set first; a changed draft is read whole and found again. */
static void first_screen_reads_where_tags_are(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	int64_t id = new_doc(f);
	tagset *ts = open_set(f, d, NULL, id);
	const char *q1 = "各部门要", *q2 = "市发展改革委要牵头", *q3 = "对工作不力的要严肃问责。";
	size_t a = at(d, q1), b = at(d, q2), c = at(d, q3);
	char u1[STORE_UUID_LEN + 1];
	assert_int_equal(tagset_add(ts, "task", c, c + strlen(q3), "问责", "2026-12-31", "督查室", NULL),
	                 PZ_OK);
	assert_int_equal(tagset_add(ts, "owner", b, b + strlen(q2), NULL, NULL, NULL, NULL), PZ_OK);
	assert_int_equal(tagset_add(ts, "task", a, a + strlen(q1), "先办", NULL, NULL, u1), PZ_OK);
	struct store_annot done = find(ts, u1)->a;
	done.done = 1;
	assert_int_equal(tagset_update(ts, &done), PZ_OK);
	tagset_free(ts);

	struct store_annot *w, *v;
	size_t nw, nv;
	assert_int_equal(store_annots_where(f->st, id, &w, &nw), PZ_OK);
	assert_int_equal(store_annots(f->st, id, &v, &nv), PZ_OK);
	assert_int_equal(nw, 3);
	assert_int_equal(nv, 3);
	for (size_t i = 0; i < nw; i++) {
		assert_int_equal(w[i].id, v[i].id);
		assert_int_equal(w[i].doc, id);
		assert_int_equal(w[i].version, v[i].version);
		assert_string_equal(w[i].type, v[i].type);
		assert_int_equal(w[i].done, v[i].done);
		assert_int_equal(w[i].anchor, v[i].anchor);
		assert_int_equal(w[i].start, v[i].start);
		assert_int_equal(w[i].end, v[i].end);
		assert_null(w[i].quote);
		assert_null(w[i].note);
		assert_string_equal(w[i].uuid, "");
	}
	assert_int_equal(w[0].done, 1);
	store_annots_free(w, nw);
	store_annots_free(v, nv);

	tagset *whole;
	assert_int_equal(tagset_open(f->st, d, NULL, id, "tester", false, &whole), PZ_OK);
	int64_t before = store_changes(f->st);
	assert_int_equal(tagset_open_first(f->st, d, NULL, id, "tester", &ts), PZ_OK);
	assert_int_equal(store_changes(f->st), before);
	assert_true(tagset_partial(ts));
	assert_false(tagset_partial(whole));
	assert_int_equal(tagset_count(ts), 3);
	for (size_t i = 0; i < 3; i++) {
		const struct tag *p = tagset_at(ts, i), *q = tagset_at(whole, i);
		assert_int_equal(p->start, q->start);
		assert_int_equal(p->end, q->end);
		assert_int_equal(p->kind, q->kind);
		assert_int_equal(p->a.anchor, q->a.anchor);
		assert_int_equal(p->a.done, q->a.done);
		assert_string_equal(p->a.type, q->a.type);
		assert_string_equal(p->a.note, ""); /* not read yet */
	}
	assert_int_equal(tagset_count_in(ts, 0, strlen(speech)), 3);
	assert_int_equal(tagset_count_in(ts, a, b), 1);

	/* another connection tags meanwhile: the rest read brings it */
	store *other;
	assert_int_equal(store_open(f->db, &other, NULL, 0), PZ_OK);
	tagset *ots;
	assert_int_equal(tagset_open(other, d, NULL, id, "other", true, &ots), PZ_OK);
	assert_int_equal(tagset_add(ots, "note", b, b + 3, "另", NULL, NULL, NULL), PZ_OK);
	tagset_free(ots);
	store_close(other);
	bool changed = false;
	assert_int_equal(tagset_complete(ts, &changed), PZ_OK);
	assert_true(changed);
	assert_false(tagset_partial(ts));
	assert_int_equal(tagset_count(ts), 4);
	assert_string_equal(find(ts, u1)->a.note, "先办");
	assert_string_equal(find(ts, u1)->a.quote, q1);
	assert_int_equal(tagset_complete(ts, &changed), PZ_OK); /* once */
	assert_false(changed);
	tagset_free(ts);
	tagset_free(whole);

	/* a tag made on a partial set: the set is read whole first, nothing is lost */
	assert_int_equal(tagset_open_first(f->st, d, NULL, id, "tester", &ts), PZ_OK);
	assert_true(tagset_partial(ts));
	assert_int_equal(tagset_add(ts, "target", c, c + 3, NULL, NULL, NULL, NULL), PZ_OK);
	assert_false(tagset_partial(ts));
	assert_int_equal(tagset_count(ts), 5);
	assert_string_equal(find(ts, u1)->a.note, "先办");
	tagset_free(ts);
	assert_int_equal(store_annots(f->st, id, &v, &nv), PZ_OK);
	assert_int_equal(nv, 5);
	store_annots_free(v, nv);
	doc_free(d);

	/* a changed draft: nothing to draw from before finding them again */
	d = load("关于抓好今年重点工作的讲话\n\n同志们：\n\n今年任务很重。\n\n"
	         "一、抓好项目建设\n"
	         "各部门要在年底前完成全部审批事项。市发展改革委要牵头，确保开工率达到九成以上。\n");
	assert_int_equal(tagset_open_first(f->st, d, NULL, id, "tester", &ts), PZ_OK);
	assert_false(tagset_partial(ts));
	assert_int_equal(tagset_count(ts), 5);
	assert_int_equal(find(ts, u1)->start, at(d, q1));
	assert_string_equal(find(ts, u1)->a.note, "先办");
	tagset_free(ts);
	doc_free(d);
}

static void renamed_file_keeps_its_document(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	int64_t id, pos, found;
	assert_int_equal(store_open_document(f->st, f->file, "t", 1, &id, &pos), PZ_OK);
	tagset *ts = open_set(f, d, NULL, id);
	tagset_free(ts);
	/* the old path does not exist (never written): the content finds the document */
	char moved[160];
	snprintf(moved, sizeof(moved), "%s/renamed.txt", f->dir);
	assert_int_equal(tags_identify(f->st, moved, d, &found), PZ_OK);
	assert_int_equal(found, id);
	assert_int_equal(store_find_document(f->st, moved, &found, &pos), PZ_OK);
	/* a copy, while the original exists, is a document of its own */
	FILE *fp = fopen(moved, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_int_equal(tags_identify(f->st, "/elsewhere/copy.txt", d, &found), PZ_OK);
	assert_int_equal(found, 0);
	doc_free(d);
}

static void uuid_prefix_finds_one(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	tagset *ts = open_set(f, d, NULL, new_doc(f));
	char u[STORE_UUID_LEN + 1];
	assert_int_equal(tagset_add(ts, "task", 0, 6, NULL, NULL, NULL, u), PZ_OK);
	struct store_annot a;
	char pre[9];
	memcpy(pre, u, 8);
	pre[8] = '\0';
	assert_int_equal(store_annot_find(f->st, pre, &a), PZ_OK);
	assert_string_equal(a.uuid, u);
	store_annot_release(&a);
	assert_int_equal(store_annot_find(f->st, "abc", &a), PZ_NOENT);     /* too short */
	assert_int_equal(store_annot_find(f->st, "zzzz", &a), PZ_NOENT);    /* not hex */
	assert_int_equal(store_annot_delete(f->st, u), PZ_OK);
	assert_int_equal(store_annot_find(f->st, u, &a), PZ_NOENT);         /* deleted */
	assert_int_equal(store_annot_delete(f->st, u), PZ_NOENT);
	tagset_free(ts);
	doc_free(d);
}

static void import_reads_the_listing_back(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	int64_t id = new_doc(f);
	tagset *ts = open_set(f, d, NULL, id);
	size_t a = at(d, "各部门要");
	assert_int_equal(tagset_add(ts, "task", a, a + 6, "带\"引号\"\t和制表", "2026-01-31", NULL, NULL),
	                 PZ_OK);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	listing_write_json(m, ts, d, "/nowhere/speech.txt");
	fclose(m);
	tagset_free(ts);
	struct listing l;
	assert_int_equal(listing_read(buf, len, &l, NULL, 0), PZ_OK);
	assert_string_equal(l.file, "/nowhere/speech.txt");
	assert_int_equal(l.n, 1);
	listing_release(&l);
	/* into another database: added, found again, every field kept */
	char other_db[160];
	snprintf(other_db, sizeof(other_db), "%s/other.db", f->dir);
	store *other;
	assert_int_equal(store_open(other_db, &other, NULL, 0), PZ_OK);
	int64_t id2, pos;
	assert_int_equal(store_open_document(other, "/nowhere/speech.txt", "", 1, &id2, &pos), PZ_OK);
	size_t added, skipped;
	char detail[160];
	assert_int_equal(listing_import_json(other, id2, chars_of(d), buf, len, &added, &skipped, detail, sizeof(detail)),
	                 PZ_OK);
	assert_int_equal(added, 1);
	assert_int_equal(skipped, 0);
	tagset *ts2 = NULL;
	assert_int_equal(tagset_open(other, d, NULL, id2, "me", true, &ts2), PZ_OK);
	assert_int_equal(tagset_count(ts2), 1);
	const struct tag *t = tagset_at(ts2, 0);
	assert_int_equal(t->start, a);
	assert_int_equal(t->a.anchor, STORE_ANCHORED);
	assert_string_equal(t->a.note, "带\"引号\"\t和制表");
	assert_string_equal(t->a.due, "2026-01-31");
	assert_string_equal(t->a.author, "tester");
	tagset_free(ts2);
	/* deleted here after the listing was written, imported again: the deletion is
	 * newer, and stays */
	char u[STORE_UUID_LEN + 1];
	memcpy(u, tagset_at(ts = open_set(f, d, NULL, id), 0)->a.uuid, sizeof(u));
	assert_int_equal(tagset_delete(ts, u), PZ_OK);
	tagset_free(ts);
	assert_int_equal(listing_import_json(f->st, id, chars_of(d), buf, len, &added, &skipped, detail, sizeof(detail)),
	                 PZ_OK);
	assert_int_equal(added, 0);
	assert_int_equal(tagset_count(ts = open_set(f, d, NULL, id)), 0);
	tagset_free(ts);
	store_close(other);
	free(buf);
	doc_free(d);
}

static void import_refuses_what_is_not_a_listing(void **state)
{
	struct fx *f = *state;
	int64_t id = new_doc(f);
	size_t added, skipped;
	char detail[160];
	static const char *const bad[] = {
		"{",
		"[]",
		"{\"annotations\":{}}",
		"{\"annotations\":[1]}",
		"{\"annotations\":[{\"id\":\"0123\",\"type\":\"task\",\"quote\":\"x\",\"start\":0,\"end\":1}]}",
		"{\"annotations\":[{\"id\":\"01234567-89ab-4def-8123-456789abcdef\",\"type\":\"Task!\","
		"\"quote\":\"x\",\"start\":0,\"end\":1}]}",
		"{\"annotations\":[{\"id\":\"01234567-89ab-4def-8123-456789abcdef\",\"type\":\"task\","
		"\"quote\":\"x\",\"start\":5,\"end\":1}]}",
		"{\"annotations\":[{\"id\":\"01234567-89ab-4def-8123-456789abcdef\",\"type\":\"task\","
		"\"quote\":\"x\",\"start\":0,\"end\":1,\"due\":\"2026-02-30\"}]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		detail[0] = '\0';
		assert_int_equal(listing_import_json(f->st, id, 1000, bad[i], strlen(bad[i]), &added, &skipped, detail,
		                              sizeof(detail)),
		                 PZ_SYNTAX);
		assert_true(detail[0] != '\0');
	}
	/* a listing that is JSON names its file even when it cannot be taken */
	struct listing l;
	const char *named = "{\"file\":\"/a/b.txt\",\"annotations\":[{\"id\":\"x\"}]}";
	assert_int_equal(listing_read(named, strlen(named), &l, detail, sizeof(detail)), PZ_SYNTAX);
	assert_string_equal(l.file, "/a/b.txt");
	assert_int_equal(l.n, 0);
	assert_string_equal(detail, "annotation 0: has no valid \"id\" (a UUID)");
	listing_release(&l);
	/* a good one, twice: the second time everything is already there */
	const char *good = "{\"annotations\":[{\"id\":\"01234567-89AB-4def-8123-456789abcdef\","
	                   "\"type\":\"target\",\"quote\":\"九成\",\"start\":3,\"end\":5,"
	                   "\"state\":\"done\",\"created\":\"2026-01-02T03:04:05.006Z\"}]}";
	assert_int_equal(listing_import_json(f->st, id, 1000, good, strlen(good), &added, &skipped, detail,
	                              sizeof(detail)), PZ_OK);
	assert_int_equal(added, 1);
	assert_int_equal(listing_import_json(f->st, id, 1000, good, strlen(good), &added, &skipped, detail,
	                              sizeof(detail)), PZ_OK);
	assert_int_equal(added, 0);
	assert_int_equal(skipped, 1);
	struct store_annot *v;
	size_t n;
	assert_int_equal(store_annots(f->st, id, &v, &n), PZ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].uuid, "01234567-89ab-4def-8123-456789abcdef");
	assert_int_equal(v[0].done, 1);
	assert_int_equal(v[0].created, 1767323045006LL);
	assert_int_equal(v[0].version, 0); /* found again by its quote on the next load */
	store_annots_free(v, n);
}

static void listings(void **state)
{
	struct fx *f = *state;
	doc *d = load(speech);
	tagset *ts = open_set(f, d, NULL, new_doc(f));
	size_t a = at(d, "督查室");
	char u[STORE_UUID_LEN + 1];
	assert_int_equal(tagset_add(ts, "task", a, a + 9, "a\tb\nc", "2026-05-01", "督查室", u), PZ_OK);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	listing_write_tsv(m, ts, d);
	fclose(m);
	char want[256];
	snprintf(want, sizeof(want), "%s\ttask\tanchored\t9\t11\t督查室\ta b c\t2026-05-01\t督查室\topen\ttester\n", u);
	assert_string_equal(buf, want);
	free(buf);
	char t[32];
	assert_string_equal(export_iso_time(1767323045006LL, t, sizeof(t)), "2026-01-02T03:04:05.006Z");
	tagset_free(ts);
	doc_free(d);
}

static void dates_and_types(void **state)
{
	(void)state;
	assert_true(tags_valid_date(""));
	assert_true(tags_valid_date("2024-02-29"));
	assert_false(tags_valid_date("2023-02-29"));
	assert_false(tags_valid_date("2026-13-01"));
	assert_false(tags_valid_date("2026-1-01"));
	assert_false(tags_valid_date("2026-01-01x"));
	assert_false(tags_valid_date("年底前"));
	struct tagtypes types;
	tagtypes_init(&types);
	assert_int_equal(types.n, 5);
	/* a built-in type's label is English, translated by the catalogue, not the table */
	assert_string_equal(tagtype_label(tagtypes_find(&types, "owner"), true), "owner");
	assert_string_equal(tagtype_label(tagtypes_find(&types, "OWNER"), false), "owner");
	assert_null(tagtypes_find(&types, "risk"));
	/* a built-in type's id is its index in every table */
	for (int i = 0; i < TAGTYPE_OTHER; i++) {
		assert_int_equal(tagtype_builtin(types.v[i].name), i);
		assert_string_equal(tagtype_name((enum tagtype_id)i), types.v[i].name);
	}
	assert_int_equal(tagtype_builtin("risk"), TAGTYPE_OTHER);
	assert_int_equal(tagtype_builtin("Task"), TAGTYPE_OTHER); /* as stored: exactly */
	assert_string_equal(tagtype_name(TAGTYPE_OTHER), "");
	assert_true(tagtype_locale_zh("zh_CN.UTF-8"));
	assert_true(tagtype_locale_zh("zh"));
	assert_false(tagtype_locale_zh("C.UTF-8"));
	assert_false(tagtype_locale_zh("zha"));
	assert_true(tagtype_valid_name("risk-2", 6));
	assert_false(tagtype_valid_name("2risk", 5));
	assert_false(tagtype_valid_name("Risk", 4));
}

static void config_declares_types(void **state)
{
	(void)state;
	struct config c = { 0 };
	struct pz_errors e;
	pz_errors_init(&e);
	const char *s = "tagtype = risk x tag.extra1 风险\n"
	                "tagtype = budget <C-b> tag.extra2\n"
	                "tagtype = task t tag.task\n"         /* built in */
	                "tagtype = Bad x tag.extra1\n"        /* name */
	                "tagtype = ok <Nope> tag.extra1\n"    /* key */
	                "tagtype = ok2 y tag.nothing\n"       /* element */
	                "tagtype = risk y tag.extra2 危险\n"; /* again: replaces */
	assert_int_equal(config_parse(&c, s, strlen(s), "config", &e), PZ_SYNTAX);
	assert_int_equal(c.ntypes, 2);
	assert_string_equal(c.types[0].name, "risk");
	assert_string_equal(c.types[0].key, "y");
	assert_string_equal(c.types[0].label_zh, "危险");
	assert_string_equal(c.types[1].name, "budget");
	assert_string_equal(c.types[1].label_en, "budget");
	assert_int_equal(e.count, 4);
	pz_errors_release(&e);
	/* the one table of types: the built-in ones first, then the declared */
	struct tagtypes types;
	config_tagtypes(&c, &types);
	assert_int_equal(types.n, 7);
	assert_string_equal(types.v[TAGTYPE_NOTE].name, "note");
	assert_string_equal(types.v[5].name, "risk");
	assert_int_equal(tagtypes_index(&types, "budget"), 6);
}

static void offsets_from_positions(void **state)
{
	(void)state;
	doc *d = load("一二三\nab\n");
	size_t off;
	assert_int_equal(doc_offset_of(d, (struct doc_pos){1, 1}, &off), PZ_OK);
	assert_int_equal(off, 0);
	assert_int_equal(doc_offset_of(d, (struct doc_pos){1, 3}, &off), PZ_OK);
	assert_int_equal(off, 6);
	assert_int_equal(doc_offset_of(d, (struct doc_pos){1, 4}, &off), PZ_OK); /* the line's end */
	assert_int_equal(off, 9);
	assert_int_equal(doc_offset_of(d, (struct doc_pos){1, 5}, &off), PZ_NOENT);
	assert_int_equal(doc_offset_of(d, (struct doc_pos){2, 2}, &off), PZ_OK);
	assert_int_equal(off, 11);
	assert_int_equal(doc_offset_of(d, (struct doc_pos){3, 1}, &off), PZ_NOENT);
	assert_int_equal(doc_offset_of(d, (struct doc_pos){0, 1}, &off), PZ_NOENT);
	doc_free(d);
}

/* The section path of every offset of a document with two speeches, nested sections,
 * points at line starts and inline, against the innermost node found by reading the
 * whole node list (what tags_section_path did before it searched). */
static void section_paths_everywhere(void **state)
{
	(void)state;
	static const char text[] =
		"在春季工作会上的讲话\n同志们：\n今天讲两点。\n一、抓学习\n"
		"（一）学原文\n要读原著。主要有：一是早读。二是晚读。\n（二）学历史\n要读史。\n"
		"二、抓落实\n第一，明确责任。\n第二，加强督查。\n同志们！让我们共同努力。\n"
		"在秋季工作会上的讲话\n同志们：\n一、回顾\n1. 成绩。\n2. 问题。\n";
	doc *d;
	outline *o;
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, NULL), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	const char *t = doc_text(d, NULL);
	for (size_t off = 0; off <= strlen(text); off++) {
		char got[256], want[256] = "";
		tags_section_path(o, d, off, got, sizeof(got));
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < outline_node_count(o); i++) {
			const struct outline_node *nd = outline_node_at(o, i);
			if (nd->start > off)
				break;
			if (off < nd->end)
				best = i;
		}
		size_t chain[16], depth = 0;
		for (size_t i = best; i != SIZE_MAX && depth < 16;) {
			const struct outline_node *nd = outline_node_at(o, i);
			if (nd->kind == OUTLINE_SPEECH)
				break;
			chain[depth++] = i;
			i = nd->parent;
		}
		while (depth--) {
			const struct outline_node *nd = outline_node_at(o, chain[depth]);
			size_t b = nd->start + nd->marker_len;
			if (b - nd->start > 3 && (!memcmp(t + b - 3, "，", 3) || !memcmp(t + b - 3, "：", 3)))
				b -= 3;
			if (b > nd->start && b - nd->start > 0 && t[b - 1] == ' ')
				b--;
			strncat(want, t + nd->start, b - nd->start);
		}
		if (strcmp(got, want))
			fail_msg("offset %zu: got '%s', want '%s'", off, got, want);
	}
	outline_free(o);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(tag_quote_context_and_section, setup, teardown),
		cmocka_unit_test(section_paths_everywhere),
		cmocka_unit_test_setup_teardown(tags_survive_reopening_and_are_sorted, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_and_redo_also_after_reopening, setup, teardown),
		cmocka_unit_test_setup_teardown(edited_draft_reanchors_and_keeps_orphans, setup, teardown),
		cmocka_unit_test_setup_teardown(tags_remember_their_text_per_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(other_connection_changes_are_seen, setup, teardown),
		cmocka_unit_test_setup_teardown(reading_first_then_saving, setup, teardown),
		cmocka_unit_test_setup_teardown(first_screen_reads_where_tags_are, setup, teardown),
		cmocka_unit_test_setup_teardown(renamed_file_keeps_its_document, setup, teardown),
		cmocka_unit_test_setup_teardown(uuid_prefix_finds_one, setup, teardown),
		cmocka_unit_test_setup_teardown(import_reads_the_listing_back, setup, teardown),
		cmocka_unit_test_setup_teardown(import_refuses_what_is_not_a_listing, setup, teardown),
		cmocka_unit_test_setup_teardown(listings, setup, teardown),
		cmocka_unit_test(dates_and_types),
		cmocka_unit_test(config_declares_types),
		cmocka_unit_test(offsets_from_positions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
