/* The open document's annotations: the store holds them in characters of the version
 * they were last anchored in; here they are found again in the current text and kept
 * as byte ranges, sorted, for drawing, counting and listing. */
#include "pizhu/tags.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

#include "pizhu/anchor.h"
#include "pizhu/date.h"
#include "pizhu/hash.h"
#include "pizhu/utf8.h"

/* ts->version of a set opened without writing, whose text's version is not recorded
 * yet: no annotation has it, so every one is found again. */
#define NO_VERSION (-1)

struct tagset {
	store *st;
	const doc *d;
	const outline *o;
	int64_t doc_id;
	int64_t version;
	char *author;
	struct tag *v;
	size_t n;
	size_t anchored;         /* v[0..anchored) are placed, the rest are orphans */
	size_t unsaved;          /* how many were found again in memory only (tagset_save) */
	int64_t data_version;
	anchor_index *ix;        /* the text indexed, built when a tag is not where it was */
	bool partial;            /* only where the tags are is read (tagset_open_first) */
	size_t nchars;           /* the text's characters, counted when re-anchoring */
};

uint64_t tags_text_hash(const char *s, size_t n)
{
	return hash_bytes(s, n); /* with the length beside it, what tells versions apart */
}

/* The document of path, or of d's content when the file it was known under is gone;
 * *renamed tells which (then *doc_id still has the old path). */
static enum pz_status identify(store *st, const char *path, const doc *d, int64_t *doc_id,
                               bool *renamed)
{
	int64_t pos;
	*doc_id = 0;
	*renamed = false;
	enum pz_status s = store_find_document(st, path, doc_id, &pos);
	if (s != PZ_NOENT)
		return s;
	/* an older draft, whose document has moved on to a newer file (pizhu draft) */
	s = store_text_document(st, path, doc_id);
	if (s != PZ_NOENT)
		return s;
	*doc_id = 0;
	size_t len;
	doc_text(d, &len);
	char *old = NULL;
	int64_t id;
	s = store_find_content(st, doc_hash(d), (int64_t)len, &id, &old);
	if (s == PZ_NOENT)
		return PZ_OK;
	if (s != PZ_OK)
		return s;
	struct stat sb;
	bool gone = stat(old, &sb) != 0;
	free(old);
	if (!gone)
		return PZ_OK; /* a copy: a document of its own */
	*doc_id = id;
	*renamed = true;
	return PZ_OK;
}

enum pz_status tags_identify(store *st, const char *path, const doc *d, int64_t *doc_id)
{
	bool renamed;
	enum pz_status s = identify(st, path, d, doc_id, &renamed);
	if (s == PZ_OK && renamed && (s = store_rename_document(st, *doc_id, path)) != PZ_OK)
		*doc_id = 0;
	return s;
}

enum pz_status tags_lookup(store *st, const char *path, const doc *d, int64_t *doc_id,
                           bool *renamed)
{
	bool r;
	return identify(st, path, d, doc_id, renamed ? renamed : &r);
}

/* ---- placing annotations ---- */

static enum store_anchor store_state(enum anchor_state s)
{
	return s == ANCHOR_ANCHORED ? STORE_ANCHORED : s == ANCHOR_MOVED ? STORE_MOVED : STORE_ORPHANED;
}

static int by_start(const void *pa, const void *pb)
{
	const struct tag *a = pa, *b = pb;
	bool oa = a->a.anchor == STORE_ORPHANED, ob = b->a.anchor == STORE_ORPHANED;
	if (oa != ob)
		return oa ? 1 : -1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return a->a.id < b->a.id ? -1 : a->a.id > b->a.id;
}

/* Turns the character offsets of the placed annotations into byte offsets (through
 * the document's character index: a search each, not a walk over the whole text),
 * and sorts the set. */
static enum pz_status locate(tagset *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		struct tag *g = &ts->v[i];
		g->start = g->end = 0;
		if (g->a.anchor == STORE_ORPHANED)
			continue;
		g->start = doc_byte_of_char(ts->d, (size_t)g->a.start);
		g->end = doc_byte_of_char(ts->d, (size_t)g->a.end);
	}
	qsort(ts->v, ts->n, sizeof(*ts->v), by_start);
	ts->anchored = 0;
	while (ts->anchored < ts->n && ts->v[ts->anchored].a.anchor != STORE_ORPHANED)
		ts->anchored++;
	return PZ_OK;
}

/* The index is built from the text itself, as the numbers of its characters: no copy
 * of a large text as code points. */
static enum pz_status build_index(tagset *ts)
{
	if (ts->ix)
		return PZ_OK;
	size_t len;
	const char *text = doc_text(ts->d, &len);
	return anchor_index_new_utf8(text, len, &ts->ix);
}

static char *dup_range(const char *s, size_t a, size_t b)
{
	char *r = malloc(b - a + 1);
	if (r) {
		memcpy(r, s + a, b - a);
		r[b - a] = '\0';
	}
	return r;
}

/* Characters [a, b) of the text, owned. */
static char *slice_chars(const tagset *ts, size_t a, size_t b)
{
	const char *text = doc_text(ts->d, NULL);
	size_t from = doc_byte_of_char(ts->d, a), to = doc_byte_of_char(ts->d, b);
	return dup_range(text, from, to);
}

/* Rewrites a's quote and context from where it now stands in the text. */
static enum pz_status take_text(tagset *ts, struct store_annot *a, size_t start, size_t end)
{
	size_t pre, suf;
	anchor_context(ts->nchars, start, end, &pre, &suf);
	char *q = slice_chars(ts, start, end), *p = slice_chars(ts, pre, start),
	     *s = slice_chars(ts, end, suf);
	if (!q || !p || !s) {
		free(q);
		free(p);
		free(s);
		return PZ_NOMEM;
	}
	free(a->quote);
	free(a->prefix);
	free(a->suffix);
	a->quote = q;
	a->prefix = p;
	a->suffix = s;
	a->start = (int64_t)start;
	a->end = (int64_t)end;
	return PZ_OK;
}

/* The bytes of the last (or, from_end false, the first) n characters of s. */
static size_t edge_bytes(const char *s, size_t n, bool from_end)
{
	size_t len = strlen(s), b = from_end ? len : 0;
	for (size_t k = 0; k < n && (from_end ? b > 0 : b < len); k++) {
		if (from_end)
			for (b--; b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80; b--)
				;
		else
			for (b++; b < len && ((unsigned char)s[b] & 0xC0) == 0x80; b++)
				;
	}
	return from_end ? len - b : b;
}

/* Whether a's quote still stands at character c with its prefix or its suffix
 * unchanged: anchor_find's first step, read in the UTF-8 text itself, so that a
 * set whose tags are all where they were needs no index. */
static bool still_at(const tagset *ts, const struct store_annot *a, size_t c)
{
	size_t len, ql = strlen(a->quote);
	const char *t = doc_text(ts->d, &len);
	if (c > ts->nchars)
		return false;
	size_t b = doc_byte_of_char(ts->d, c), e = b + ql;
	if (ql > len - b || memcmp(t + b, a->quote, ql) != 0)
		return false;
	size_t pl = edge_bytes(a->prefix, ANCHOR_CONTEXT, true);
	size_t sl = edge_bytes(a->suffix, ANCHOR_CONTEXT, false);
	const char *pre = a->prefix + strlen(a->prefix) - pl;
	if (pl ? b >= pl && memcmp(t + b - pl, pre, pl) == 0 : b == 0)
		return true;
	return sl ? len - e >= sl && memcmp(t + e, a->suffix, sl) == 0 : e == len;
}

/* Finds every annotation made on another version in the current text. *changed
 * counts the ones whose stored record changed. */
static enum pz_status reanchor(tagset *ts, size_t *changed)
{
	*changed = 0;
	size_t need = 0;
	for (size_t i = 0; i < ts->n; i++)
		need += ts->v[i].a.version != ts->version;
	if (!need)
		return PZ_OK;
	size_t len;
	doc_text(ts->d, &len);
	ts->nchars = doc_char_index(ts->d, len);
	enum pz_status s = PZ_OK;
	/* in old order, so that each one's shift hints where the next one went */
	struct tag **order = malloc(need * sizeof(*order));
	if (!order)
		return PZ_NOMEM;
	size_t k = 0;
	for (size_t i = 0; i < ts->n; i++)
		if (ts->v[i].a.version != ts->version)
			order[k++] = &ts->v[i];
	for (size_t i = 1; i < k; i++) /* insertion sort: the store returns them by start */
		for (size_t j = i; j > 0 && order[j - 1]->a.start > order[j]->a.start; j--) {
			struct tag *t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	int64_t delta = 0;
	for (size_t i = 0; i < k && s == PZ_OK; i++) {
		struct store_annot *a = &order[i]->a;
		size_t nq, np, ns;
		uint32_t *q = u8_to_u32((const uint8_t *)a->quote, strlen(a->quote), NULL, &nq);
		uint32_t *p = u8_to_u32((const uint8_t *)a->prefix, strlen(a->prefix), NULL, &np);
		uint32_t *x = u8_to_u32((const uint8_t *)a->suffix, strlen(a->suffix), NULL, &ns);
		if (!q || !nq) {
			/* nothing to look for */
			a->anchor = STORE_ORPHANED;
			(*changed)++;
		} else {
			/* stored offsets are another program's to write: kept inside the text so
			 * that no sum below overflows */
			int64_t chars = (int64_t)ts->nchars;
			int64_t was = a->start < 0 ? 0 : a->start > chars ? chars : a->start;
			struct anchor_selector sel = {
				.start = (size_t)was, .end = (size_t)was + nq,
				.quote = q, .quote_len = nq,
				.prefix = p, .prefix_len = p ? np : 0,
				.suffix = x, .suffix_len = x ? ns : 0,
			};
			int64_t h = was + delta;
			size_t hint = h < 0 ? 0 : h > chars ? (size_t)chars : (size_t)h;
			struct anchor_result r;
			/* where it was (as anchor_find tries first), else the index */
			if (still_at(ts, a, hint))
				r = (struct anchor_result){ ANCHOR_ANCHORED, hint, hint + nq };
			else if (still_at(ts, a, (size_t)was))
				r = (struct anchor_result){ ANCHOR_ANCHORED, (size_t)was, (size_t)was + nq };
			else if ((s = build_index(ts)) == PZ_OK)
				s = anchor_find(ts->ix, &sel, hint, &r);
			if (s == PZ_OK && r.state != ANCHOR_ORPHANED) {
				/* only a sure find tells where the text around has gone */
				if (r.state == ANCHOR_ANCHORED)
					delta = (int64_t)r.start - was;
				s = take_text(ts, a, r.start, r.end);
				a->version = ts->version;
			}
			if (s == PZ_OK) {
				a->anchor = store_state(r.state);
				(*changed)++;
			}
		}
		free(q);
		free(p);
		free(x);
	}
	free(order);
	return s;
}

/* What a partial set's tags hold in place of the text fields not read: "", never
 * freed, so that a view that looked at one before tagset_complete would read nothing
 * rather than fail. */
static char unread[1];

/* The text fields of a that a partial set does not read (store_annots_where), in f. */
#define UNREAD_FIELDS 10
static void unread_fields(struct store_annot *a, char **f[UNREAD_FIELDS])
{
	char **all[UNREAD_FIELDS] = { &a->quote, &a->prefix, &a->suffix, &a->section, &a->note,
	                              &a->due,   &a->owner,  &a->author, &a->editor,  &a->base };
	memcpy(f, all, sizeof(all));
}

static void free_tags(struct tag *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct store_annot *a = &v[i].a;
		char **f[UNREAD_FIELDS];
		unread_fields(a, f);
		for (size_t k = 0; k < UNREAD_FIELDS; k++)
			if (*f[k] == unread)
				*f[k] = NULL;
		store_annot_release(a);
	}
	free(v);
}

/* What the tags to be found again in this text were before: their anchor and text
 * (owned copies), for the history of each tag's text per draft (store_tagdraft.h). */
struct before {
	enum store_anchor anchor;
	char *quote;
};

static void forget(struct before *b, size_t n);

static struct before *remember(const tagset *ts)
{
	struct before *b = calloc(ts->n ? ts->n : 1, sizeof(*b));
	for (size_t i = 0; b && i < ts->n; i++) {
		const struct store_annot *a = &ts->v[i].a;
		b[i].anchor = a->anchor;
		if (a->version != ts->version && !(b[i].quote = strdup(a->quote))) {
			forget(b, i);
			return NULL;
		}
	}
	return b;
}

static void forget(struct before *b, size_t n)
{
	for (size_t i = 0; b && i < n; i++)
		free(b[i].quote);
	free(b);
}

/* Records, for the draft of this text, each tag whose text changed here and each that
 * lost its passage here. */
static enum pz_status record_changes(tagset *ts, const struct before *b)
{
	struct store_tagdraft *c = malloc((ts->n ? ts->n : 1) * sizeof(*c));
	if (!c)
		return PZ_NOMEM;
	size_t k = 0;
	for (size_t i = 0; i < ts->n; i++) {
		const struct store_annot *a = &ts->v[i].a;
		if (!b[i].quote)
			continue;
		bool lost = a->anchor == STORE_ORPHANED && b[i].anchor != STORE_ORPHANED;
		bool changed = a->anchor == STORE_MOVED && strcmp(a->quote, b[i].quote);
		if (lost || changed)
			c[k++] = (struct store_tagdraft){ .annot = a->id, .version = ts->version,
			                                  .anchor = a->anchor, .was = b[i].quote };
	}
	enum pz_status s = store_tagdraft_record(ts->st, c, k);
	free(c);
	return s;
}

/* Reads the annotations from the store, finds them, places them. */
static enum pz_status load(tagset *ts, bool write)
{
	struct store_annot *sa;
	size_t n;
	ts->data_version = store_data_version(ts->st);
	enum pz_status s = store_annots(ts->st, ts->doc_id, &sa, &n);
	if (s != PZ_OK)
		return s;
	struct tag *v = calloc(n ? n : 1, sizeof(*v));
	if (!v) {
		store_annots_free(sa, n);
		return PZ_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		v[i].a = sa[i]; /* the strings move over */
		v[i].kind = tagtype_builtin(v[i].a.type);
	}
	free(sa);
	free_tags(ts->v, ts->n);
	ts->v = v;
	ts->n = n;
	ts->partial = false;
	size_t changed;
	struct before *b = write && ts->version != NO_VERSION ? remember(ts) : NULL;
	if (write && ts->version != NO_VERSION && !b)
		return PZ_NOMEM;
	s = reanchor(ts, &changed);
	ts->unsaved = write ? 0 : changed;
	if (s == PZ_OK && b && changed)
		s = record_changes(ts, b);
	forget(b, ts->n);
	if (s != PZ_OK)
		return s;
	if (write && changed) {
		struct store_annot *w = malloc(ts->n * sizeof(*w));
		if (!w)
			return PZ_NOMEM;
		for (size_t i = 0; i < ts->n; i++)
			w[i] = ts->v[i].a; /* borrowed */
		s = store_reanchor(ts->st, w, ts->n);
		free(w);
		if (s != PZ_OK)
			return s;
		ts->data_version = store_data_version(ts->st);
	}
	return locate(ts);
}

/* Reads where the annotations are (store_annots_where) and places them, when every one
 * was placed in this very version of the text; else (one to find again, or a text not
 * recorded yet) reads them whole and finds them again (load). A partial tag's uuid is
 * empty: a copy of one given to the store changes nothing (PZ_NOENT). */
static enum pz_status load_first(tagset *ts)
{
	if (ts->version == NO_VERSION)
		return load(ts, false);
	struct store_annot *sa;
	size_t n;
	ts->data_version = store_data_version(ts->st);
	enum pz_status s = store_annots_where(ts->st, ts->doc_id, &sa, &n);
	if (s != PZ_OK)
		return s;
	bool placed = true;
	for (size_t i = 0; i < n && placed; i++)
		placed = sa[i].version == ts->version;
	struct tag *v = placed ? calloc(n ? n : 1, sizeof(*v)) : NULL;
	if (!v) {
		store_annots_free(sa, n);
		return placed ? PZ_NOMEM : load(ts, false);
	}
	for (size_t i = 0; i < n; i++) {
		struct store_annot *a = &v[i].a;
		*a = sa[i]; /* the type moves over */
		char **f[UNREAD_FIELDS];
		unread_fields(a, f);
		for (size_t k = 0; k < UNREAD_FIELDS; k++)
			*f[k] = unread;
		v[i].kind = tagtype_builtin(a->type);
	}
	free(sa);
	free_tags(ts->v, ts->n);
	ts->v = v;
	ts->n = n;
	ts->unsaved = 0;
	ts->partial = true;
	return locate(ts);
}

/* Records the text of d as a version of document doc and, with keep, keeps the text
 * (store_text.h), so that later drafts can be compared with it. */
static enum pz_status record_version(store *st, int64_t doc, const struct doc *d, bool keep,
                                     int64_t *version)
{
	size_t len;
	const char *text = doc_text(d, &len);
	enum pz_status s = store_version(st, doc, doc_hash(d), (int64_t)len, version);
	return s == PZ_OK && keep ? store_text_keep(st, *version, text, len) : s;
}

static enum pz_status open_set(store *st, const doc *d, const outline *o, int64_t doc_id,
                               const char *author, bool write, bool first, tagset **out);

enum pz_status tagset_open(store *st, const doc *d, const outline *o, int64_t doc_id,
                           const char *author, bool write, tagset **out)
{
	return open_set(st, d, o, doc_id, author, write, false, out);
}

enum pz_status tagset_open_first(store *st, const doc *d, const outline *o, int64_t doc_id,
                                 const char *author, tagset **out)
{
	return open_set(st, d, o, doc_id, author, false, true, out);
}

bool tagset_partial(const tagset *ts)
{
	return ts->partial;
}

enum pz_status tagset_complete(tagset *ts, bool *changed)
{
	if (changed)
		*changed = false;
	if (!ts->partial)
		return PZ_OK;
	if (changed)
		*changed = store_data_version(ts->st) != ts->data_version;
	return load(ts, false);
}

static enum pz_status open_set(store *st, const doc *d, const outline *o, int64_t doc_id,
                               const char *author, bool write, bool first, tagset **out)
{
	tagset *ts = calloc(1, sizeof(*ts));
	if (!ts || !(ts->author = strdup(author ? author : ""))) {
		free(ts);
		return PZ_NOMEM;
	}
	ts->st = st;
	if (st && author && *author) /* the reviewer whose changes these are */
		store_set_author(st, author);
	ts->d = d;
	ts->o = o;
	ts->doc_id = doc_id;
	size_t len;
	doc_text(d, &len);
	enum pz_status s = write ? record_version(st, doc_id, d, true, &ts->version)
	                         : store_find_version(st, doc_id, doc_hash(d), (int64_t)len,
	                                              &ts->version);
	if (s == PZ_NOENT) {
		ts->version = NO_VERSION;
		s = PZ_OK;
	}
	if (s == PZ_OK)
		s = first ? load_first(ts) : load(ts, write);
	if (s != PZ_OK) {
		tagset_free(ts);
		return s;
	}
	*out = ts;
	return PZ_OK;
}

void tagset_free(tagset *ts)
{
	if (!ts)
		return;
	free_tags(ts->v, ts->n);
	anchor_index_free(ts->ix);
	free(ts->author);
	free(ts);
}

enum pz_status tagset_save(tagset *ts)
{
	enum pz_status s = tagset_complete(ts, NULL);
	if (s != PZ_OK || (ts->version != NO_VERSION && !ts->unsaved))
		return s;
	if (ts->version == NO_VERSION) {
		s = record_version(ts->st, ts->doc_id, ts->d, false, &ts->version);
		if (s != PZ_OK) {
			ts->version = NO_VERSION;
			return s;
		}
	}
	return load(ts, true);
}

void tagset_use_version(tagset *ts, int64_t version)
{
	if (ts->version == NO_VERSION && version > 0)
		ts->version = version;
}

int64_t tagset_version(const tagset *ts)
{
	return ts->version == NO_VERSION ? 0 : ts->version;
}

void tagset_set_outline(tagset *ts, const outline *o)
{
	ts->o = o;
}

enum pz_status tagset_refresh(tagset *ts, bool *changed)
{
	*changed = false;
	if (store_data_version(ts->st) == ts->data_version)
		return tagset_complete(ts, NULL);
	*changed = true;
	return load(ts, false);
}

size_t tagset_count(const tagset *ts)
{
	return ts->n;
}

const struct tag *tagset_at(const tagset *ts, size_t i)
{
	return i < ts->n ? &ts->v[i] : NULL;
}

size_t tagset_find(const tagset *ts, const char *uuid)
{
	for (size_t i = 0; i < ts->n; i++)
		if (!strcmp(ts->v[i].a.uuid, uuid))
			return i;
	return SIZE_MAX;
}

/* ---- changes ---- */

static size_t char_start(const char *t, size_t len, size_t b)
{
	if (b > len)
		b = len;
	while (b > 0 && b < len && ((unsigned char)t[b] & 0xC0) == 0x80)
		b--;
	return b;
}

/* Records the text's version if the set was opened without writing. */
static enum pz_status need_version(tagset *ts)
{
	if (ts->version != NO_VERSION)
		return PZ_OK;
	return record_version(ts->st, ts->doc_id, ts->d, true, &ts->version);
}

/* Fills the anchor fields of a for bytes [start, end) of the current text. */
static enum pz_status anchor_here(tagset *ts, struct store_annot *a, size_t start, size_t end)
{
	enum pz_status st = need_version(ts);
	if (st != PZ_OK)
		return st;
	size_t len;
	const char *t = doc_text(ts->d, &len);
	start = char_start(t, len, start);
	if (end > len)
		end = len;
	while (end < len && ((unsigned char)t[end] & 0xC0) == 0x80)
		end++;
	if (end <= start)
		return PZ_SYNTAX;
	size_t pre = start, suf = end;
	for (int k = 0; k < ANCHOR_CONTEXT && pre > 0; k++)
		pre = char_start(t, len, pre - 1);
	for (int k = 0; k < ANCHOR_CONTEXT && suf < len; k++) {
		suf++;
		while (suf < len && ((unsigned char)t[suf] & 0xC0) == 0x80)
			suf++;
	}
	char *q = dup_range(t, start, end), *p = dup_range(t, pre, start), *s = dup_range(t, end, suf);
	char sec[256];
	tags_section_path(ts->o, ts->d, start, sec, sizeof(sec));
	char *sp = strdup(sec);
	if (!q || !p || !s || !sp) {
		free(q);
		free(p);
		free(s);
		free(sp);
		return PZ_NOMEM;
	}
	free(a->quote);
	free(a->prefix);
	free(a->suffix);
	free(a->section);
	a->quote = q;
	a->prefix = p;
	a->suffix = s;
	a->section = sp;
	a->start = (int64_t)doc_char_index(ts->d, start);
	a->end = (int64_t)doc_char_index(ts->d, end);
	a->version = ts->version;
	a->anchor = STORE_ANCHORED;
	return PZ_OK;
}

static bool dup_field(char **dst, const char *src)
{
	*dst = strdup(src ? src : "");
	return *dst != NULL;
}

/* Puts a copy of a into the set in place of the annotation with its uuid (or as a new
 * one) and places it. */
static enum pz_status keep(tagset *ts, const struct store_annot *a)
{
	struct store_annot c = *a;
	if (!dup_field(&c.type, a->type) | !dup_field(&c.quote, a->quote) |
	    !dup_field(&c.prefix, a->prefix) | !dup_field(&c.suffix, a->suffix) |
	    !dup_field(&c.section, a->section) | !dup_field(&c.note, a->note) |
	    !dup_field(&c.due, a->due) | !dup_field(&c.owner, a->owner) |
	    !dup_field(&c.author, a->author) | !dup_field(&c.editor, ts->author) |
	    !dup_field(&c.base, a->base)) {
		store_annot_release(&c);
		return PZ_NOMEM;
	}
	size_t i = tagset_find(ts, a->uuid);
	if (i == SIZE_MAX) {
		struct tag *nv = realloc(ts->v, (ts->n + 1) * sizeof(*nv));
		if (!nv) {
			store_annot_release(&c);
			return PZ_NOMEM;
		}
		ts->v = nv;
		i = ts->n++;
	} else {
		store_annot_release(&ts->v[i].a);
	}
	ts->v[i].a = c;
	ts->v[i].kind = tagtype_builtin(c.type);
	return locate(ts);
}

enum pz_status tagset_add(tagset *ts, const char *type, size_t start, size_t end,
                          const char *note, const char *due, const char *owner, char *uuid)
{
	struct store_annot a = {0};
	a.doc = ts->doc_id;
	enum pz_status s = tagset_complete(ts, NULL);
	if (s != PZ_OK)
		return s;
	s = anchor_here(ts, &a, start, end);
	if (s == PZ_OK && (!dup_field(&a.type, type) | !dup_field(&a.note, note) |
	                   !dup_field(&a.due, due) | !dup_field(&a.owner, owner) |
	                   !dup_field(&a.author, ts->author)))
		s = PZ_NOMEM;
	if (s == PZ_OK)
		s = store_annot_add(ts->st, &a);
	if (s == PZ_OK)
		s = keep(ts, &a);
	if (s == PZ_OK && uuid)
		memcpy(uuid, a.uuid, STORE_UUID_LEN + 1);
	store_annot_release(&a);
	return s;
}

enum pz_status tagset_update(tagset *ts, const struct store_annot *a)
{
	enum pz_status s = tagset_complete(ts, NULL);
	if (s == PZ_OK)
		s = store_annot_update(ts->st, a);
	return s == PZ_OK ? keep(ts, a) : s;
}

enum pz_status tagset_attach(tagset *ts, const char *uuid, size_t start, size_t end)
{
	enum pz_status c = tagset_complete(ts, NULL);
	if (c != PZ_OK)
		return c;
	size_t i = tagset_find(ts, uuid);
	if (i == SIZE_MAX)
		return PZ_NOENT;
	struct store_annot a = ts->v[i].a; /* borrowed strings, but for the anchor fields */
	a.quote = a.prefix = a.suffix = a.section = NULL;
	enum pz_status s = anchor_here(ts, &a, start, end);
	if (s == PZ_OK)
		s = tagset_update(ts, &a);
	free(a.quote);
	free(a.prefix);
	free(a.suffix);
	free(a.section);
	return s;
}

enum pz_status tagset_delete(tagset *ts, const char *uuid)
{
	enum pz_status s = tagset_complete(ts, NULL);
	if (s == PZ_OK)
		s = store_annot_delete(ts->st, uuid);
	if (s != PZ_OK)
		return s;
	size_t i = tagset_find(ts, uuid);
	if (i != SIZE_MAX) {
		store_annot_release(&ts->v[i].a);
		memmove(&ts->v[i], &ts->v[i + 1], (ts->n - i - 1) * sizeof(*ts->v));
		ts->n--;
		if (i < ts->anchored)
			ts->anchored--;
	}
	return PZ_OK;
}

enum pz_status tagset_reply(tagset *ts, const char *uuid, const char *text)
{
	return store_reply_add(ts->st, uuid, text, NULL);
}

enum pz_status tagset_replies(const tagset *ts, const char *uuid, struct store_reply **v,
                              size_t *n)
{
	*v = NULL;
	*n = 0;
	return ts->st ? store_replies(ts->st, uuid, v, n) : PZ_OK;
}

enum pz_status tagset_history(const tagset *ts, const char *uuid, struct store_step **v,
                              size_t *n)
{
	*v = NULL;
	*n = 0;
	return ts->st ? store_annot_history(ts->st, uuid, v, n) : PZ_OK;
}

enum pz_status tagset_disputes(const tagset *ts, const char *uuid, struct store_dispute **v,
                               size_t *n)
{
	*v = NULL;
	*n = 0;
	return ts->st ? store_disputes(ts->st, uuid, v, n) : PZ_OK;
}

enum pz_status tagset_tombstones(const tagset *ts, struct store_annot **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	return ts->st && ts->doc_id ? store_tombstones(ts->st, ts->doc_id, v, n) : PZ_OK;
}

enum pz_status tagset_resolve(tagset *ts, const char *uuid, enum store_take take)
{
	enum pz_status s = store_resolve(ts->st, uuid, NULL, take, NULL);
	return s == PZ_OK ? load(ts, false) : s;
}

enum pz_status tagset_undo(tagset *ts, char *uuid)
{
	enum pz_status s = store_undo(ts->st, ts->doc_id, uuid);
	return s == PZ_OK ? load(ts, false) : s;
}

enum pz_status tagset_redo(tagset *ts, char *uuid)
{
	enum pz_status s = store_redo(ts->st, ts->doc_id, uuid);
	return s == PZ_OK ? load(ts, false) : s;
}

/* First placed annotation starting at or after byte off. */
static size_t lower_bound(const tagset *ts, size_t off)
{
	size_t lo = 0, hi = ts->anchored;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ts->v[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t tagset_count_in(const tagset *ts, size_t start, size_t end)
{
	return end > start ? lower_bound(ts, end) - lower_bound(ts, start) : 0;
}

/* ---- helpers ---- */

void tags_section_path(const outline *o, const doc *d, size_t off, char *buf, size_t len)
{
	if (!len)
		return;
	buf[0] = '\0';
	if (!o)
		return;
	size_t best = outline_node_holding(o, off);
	if (best == SIZE_MAX)
		return;
	size_t chain[16], depth = 0;
	for (size_t i = best; depth < 16;) {
		const struct outline_node *nd = outline_node_at(o, i);
		if (nd->kind == OUTLINE_SPEECH)
			break;
		chain[depth++] = i;
		if (nd->parent == i)
			break;
		i = nd->parent;
	}
	const char *t = doc_text(d, NULL);
	size_t used = 0;
	while (depth--) {
		const struct outline_node *nd = outline_node_at(o, chain[depth]);
		size_t a = nd->start, b = nd->start + nd->marker_len;
		/* a point's trailing comma or colon is punctuation, not its number */
		static const char *const trail[] = {"，", "：", ",", ":", " "};
		for (int k = 0; k < 5; k++) {
			size_t tl = strlen(trail[k]);
			if (b - a > tl && !memcmp(t + b - tl, trail[k], tl))
				b -= tl;
		}
		if (b <= a || used + (b - a) + 1 > len)
			continue;
		memcpy(buf + used, t + a, b - a);
		used += b - a;
		buf[used] = '\0';
	}
}

bool tags_valid_date(const char *s)
{
	return !*s || date_parse_iso(s, NULL);
}

void tags_login_name(char *buf, size_t len)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *name = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : getenv("USER");
	snprintf(buf, len, "%s", name && *name ? name : "unknown");
}
