/* A document opened once, in one order, for every command and for the reader: the file,
 * its outline, its library entry, its tags and its suggestions, each built when asked. */
#include "pizhu/session.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pizhu/config.h"
#include "pizhu/i18n.h"
#include "pizhu/layout.h"
#include "pizhu/review.h"

/* What tells a file on disk apart from its earlier self. */
struct file_id {
	bool exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct session {
	store *db;                 /* borrowed */
	char *path, *abs;
	doc *d;
	outline *o;
	bool outline_complete;
	int64_t doc_id;
	bool renamed;              /* found by its content, still under its old path */
	size_t position;
	bool position_stored;      /* position is what the library has */
	tagset *tags;
	suggestions *sugg;
	char *author;
	struct detect_options detect;
	struct file_id file;       /* as it was before reading */
	struct file_id seen;       /* as the last refresh saw it */
	struct file_id reported;   /* the last change said (SESSION_FILE) */
	bool partial;              /* the file's first lines only (session_open_prefix) */
};

static struct file_id file_id_of(const char *path)
{
	struct file_id f = { 0 };
	struct stat sb;
	if (stat(path, &sb) == 0) {
		f.exists = true;
		f.dev = sb.st_dev;
		f.ino = sb.st_ino;
		f.size = sb.st_size;
		f.mtime = sb.st_mtim;
	}
	return f;
}

static bool same_file(const struct file_id *a, const struct file_id *b)
{
	return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec;
}

enum pz_status session_open(const char *path, const struct session_options *opt, session **out,
                            struct pz_where *where)
{
	session *s = calloc(1, sizeof(*s));
	char who[256];
	const char *author = opt ? opt->author : NULL;
	if (!author || !*author) { /* $PIZHU_AUTHOR, else the login name */
		config_author(NULL, NULL, who, sizeof(who));
		author = who;
	}
	if (!s || !(s->path = strdup(path)) || !(s->author = strdup(author))) {
		session_close(s);
		return PZ_NOMEM;
	}
	if (opt)
		s->detect = opt->detect;
	if (!s->detect.name) /* a date in the file's name counts, as on the command line */
		s->detect.name = s->path;
	/* before reading: a change made while it is read shows at the next refresh */
	s->file = s->seen = s->reported = file_id_of(path);
	struct doc_options dopt = { .encoding = opt ? opt->encoding : NULL };
	enum pz_status rc = doc_load_file(path, &dopt, &s->d, where);
	if (rc != PZ_OK) {
		session_close(s);
		return rc;
	}
	s->abs = realpath(path, NULL);
	*out = s;
	return PZ_OK;
}

enum pz_status session_open_prefix(const char *path, const struct session_options *opt,
                                   size_t max, session **out)
{
	*out = NULL;
	struct doc_options dopt = { .encoding = opt ? opt->encoding : NULL };
	doc *d;
	doc_load_prefix(path, &dopt, max, &d);
	if (!d)
		return PZ_OK;
	session *s = calloc(1, sizeof(*s));
	char who[256];
	const char *author = opt ? opt->author : NULL;
	if (!author || !*author) {
		config_author(NULL, NULL, who, sizeof(who));
		author = who;
	}
	if (!s || !(s->path = strdup(path)) || !(s->author = strdup(author))) {
		doc_free(d);
		session_close(s);
		return PZ_NOMEM;
	}
	if (opt)
		s->detect = opt->detect;
	if (!s->detect.name)
		s->detect.name = s->path;
	s->d = d;
	s->partial = true;
	s->file = s->seen = s->reported = file_id_of(path); /* as session_open's, nearly */
	s->abs = realpath(path, NULL);
	enum pz_status st = session_outline_paragraphs(s);
	if (st != PZ_OK) {
		session_close(s);
		return st;
	}
	*out = s;
	return PZ_OK;
}

bool session_partial(const session *s)
{
	return s->partial;
}

size_t session_find_position(session *s, store *db)
{
	int64_t id, pos;
	size_t len;
	doc_text(s->d, &len);
	if (db && s->abs && store_find_document(db, s->abs, &id, &pos) == PZ_OK && pos > 0 &&
	    (size_t)pos < len)
		s->position = (size_t)pos;
	return s->position;
}

bool session_replace(session *s, session *whole)
{
	size_t plen, wlen;
	const char *p = doc_text(s->d, &plen), *w = doc_text(whole->d, &wlen);
	bool same = plen <= wlen && !memcmp(p, w, plen);
	outline_free(s->o);
	doc_free(s->d);
	s->d = whole->d;
	s->o = whole->o;
	s->outline_complete = whole->outline_complete;
	s->file = whole->file;
	s->seen = whole->seen;
	s->reported = whole->reported;
	s->partial = false;
	whole->d = NULL;
	whole->o = NULL;
	session_close(whole);
	return same;
}

void session_close(session *s)
{
	if (!s)
		return;
	suggestions_free(s->sugg);
	tagset_free(s->tags);
	outline_free(s->o);
	doc_free(s->d);
	free(s->path);
	free(s->abs);
	free(s->author);
	free(s);
}

const char *session_path(const session *s)
{
	return s->path;
}

const char *session_abspath(const session *s)
{
	return s->abs;
}

const doc *session_doc(const session *s)
{
	return s->d;
}

const char *session_text(const session *s, size_t *len)
{
	return doc_text(s->d, len);
}

store *session_store(const session *s)
{
	return s->db;
}

/* ---- the outline ---- */

enum pz_status session_outline_paragraphs(session *s)
{
	outline *o;
	enum pz_status st = outline_build_paragraphs(s->d, &o);
	if (st != PZ_OK)
		return st;
	outline_free(s->o);
	s->o = o;
	s->outline_complete = false;
	if (s->tags)
		tagset_set_outline(s->tags, o);
	return PZ_OK;
}

enum pz_status session_make_outline(const session *s, outline **out)
{
	return outline_build(s->d, out);
}

void session_set_outline(session *s, outline *o)
{
	outline_free(s->o);
	s->o = o;
	s->outline_complete = true;
	if (s->tags) /* new tags get their section from the real outline */
		tagset_set_outline(s->tags, o);
}

enum pz_status session_build_outline(session *s)
{
	if (s->outline_complete)
		return PZ_OK;
	outline *o;
	enum pz_status st = session_make_outline(s, &o);
	if (st == PZ_OK)
		session_set_outline(s, o);
	return st;
}

const outline *session_outline(const session *s)
{
	return s->o;
}

bool session_outline_complete(const session *s)
{
	return s->outline_complete;
}

void session_section_path(const session *s, size_t off, char *buf, size_t len)
{
	tags_section_path(s->o, s->d, off, buf, len);
}

/* ---- the library ---- */

enum pz_status session_identify(session *s, store *db, bool write)
{
	s->db = db;
	s->doc_id = 0;
	s->renamed = false;
	s->position = 0;
	s->position_stored = false;
	if (!s->db || !s->abs)
		return PZ_OK;
	enum pz_status st = write ? tags_identify(s->db, s->abs, s->d, &s->doc_id)
	                          : tags_lookup(s->db, s->abs, s->d, &s->doc_id, &s->renamed);
	if (st != PZ_OK || !s->doc_id)
		return st;
	int64_t id, pos;
	size_t len;
	doc_text(s->d, &len);
	st = store_find_document(s->db, s->abs, &id, &pos);
	if (st == PZ_OK && pos > 0 && (size_t)pos < len)
		s->position = (size_t)pos;
	s->position_stored = st == PZ_OK && (size_t)pos == s->position;
	return st == PZ_NOENT ? PZ_OK : st;
}

enum pz_status session_save(session *s)
{
	if (!s->db || !s->doc_id)
		return PZ_OK;
	if (s->renamed) {
		enum pz_status st = store_rename_document(s->db, s->doc_id, s->abs);
		if (st != PZ_OK)
			return st;
		s->renamed = false;
	}
	return s->tags ? tagset_save(s->tags) : PZ_OK;
}


int64_t session_document(const session *s)
{
	return s->doc_id;
}

size_t session_saved_position(const session *s)
{
	return s->position;
}

void session_title(const session *s, char *buf, size_t len)
{
	if (!len)
		return;
	buf[0] = '\0';
	if (!s->o || !outline_speech_count(s->o))
		return;
	const char *text = doc_text(s->d, NULL);
	const struct outline_node *nd = outline_node_at(s->o, outline_speech_at(s->o, 0)->node);
	size_t e = layout_clip(text, nd->title_start, nd->title_end, 60, NULL);
	size_t n = e - nd->title_start < len - 1 ? e - nd->title_start : len - 1;
	memcpy(buf, text + nd->title_start, n);
	buf[n] = '\0';
}

struct date session_date_at(const session *s, size_t off)
{
	if (!s->o)
		return (struct date){ 0, 0, 0 };
	size_t sp = 0; /* the last speech starting at or before off */
	for (size_t i = 1; i < outline_speech_count(s->o); i++)
		if (outline_node_at(s->o, outline_speech_at(s->o, i)->node)->start <= off)
			sp = i;
	return detect_date_of(s->d, s->o, sp, &s->detect);
}

/* The library entry of the document at abs (identified as doc, 0: new; renamed: doc
 * goes by another path yet) as opened now, into *id; 0 when the entry stays as it is:
 * an older draft of a document that goes by a newer draft's name (pizhu draft) stays
 * that document's, not one of its own. */
static enum pz_status record_entry(store *db, const char *abs, const char *title, size_t len,
                                   int64_t doc, bool renamed, int64_t *id)
{
	int64_t pos;
	*id = 0;
	enum pz_status st = renamed ? store_rename_document(db, doc, abs) : PZ_OK;
	if (st != PZ_OK)
		return st;
	st = doc ? store_find_document(db, abs, id, &pos) : PZ_OK;
	if (st == PZ_NOENT) {
		*id = 0;
		return PZ_OK;
	}
	return st == PZ_OK ? store_open_document(db, abs, title ? title : "", (int64_t)len, id, &pos)
	                   : st;
}

enum pz_status session_record(session *s, const char *title)
{
	if (!s->db || !s->abs)
		return PZ_NOENT;
	size_t len;
	doc_text(s->d, &len);
	int64_t id;
	enum pz_status st = record_entry(s->db, s->abs, title, len, s->doc_id, s->renamed, &id);
	if (st == PZ_OK)
		s->renamed = false;
	if (st == PZ_OK && id)
		s->doc_id = id;
	return st;
}

enum pz_status session_record_plan(session *s, const char *title, struct session_record *r)
{
	memset(r, 0, sizeof(*r));
	if (!s->db || !s->abs)
		return PZ_NOENT;
	if (!(r->abs = strdup(s->abs)) || !(r->title = strdup(title ? title : ""))) {
		free(r->abs);
		r->abs = NULL;
		return PZ_NOMEM;
	}
	r->doc = s->doc_id;
	r->renamed = s->renamed;
	r->text = doc_text(s->d, &r->len);
	r->hash = doc_hash(s->d);
	s->renamed = false; /* the record's to do */
	return PZ_OK;
}

enum pz_status session_record_write(store *db, struct session_record *r)
{
	enum pz_status st = record_entry(db, r->abs, r->title, r->len, r->doc, r->renamed, &r->id);
	int64_t doc = r->id ? r->id : r->doc;
	if (st == PZ_OK && doc)
		st = store_version(db, doc, r->hash, (int64_t)r->len, &r->version);
	return st;
}

void session_recorded(session *s, struct session_record *r, enum pz_status st)
{
	if (st != PZ_OK) {
		s->renamed = s->renamed || r->renamed; /* for session_save to try again */
	} else {
		if (r->id)
			s->doc_id = r->id;
		if (s->tags && r->version && r->doc == s->doc_id)
			tagset_use_version(s->tags, r->version);
	}
	free(r->abs);
	free(r->title);
	memset(r, 0, sizeof(*r));
}

enum pz_status session_save_position(session *s, size_t off)
{
	if (s->position_stored && off == s->position)
		return PZ_OK; /* where it was read from: nothing to write */
	s->position = off;
	s->position_stored = false;
	if (!s->db || !s->doc_id)
		return PZ_OK;
	enum pz_status st = store_save_position(s->db, s->doc_id, (int64_t)off);
	s->position_stored = st == PZ_OK;
	return st;
}

/* ---- tags ---- */

static enum pz_status load_tags(session *s, bool write_anchors, bool first)
{
	tagset_free(s->tags);
	s->tags = NULL;
	if (!s->db || !s->doc_id)
		return PZ_OK;
	enum pz_status st =
		first ? tagset_open_first(s->db, s->d, s->o, s->doc_id, s->author, &s->tags)
		      : tagset_open(s->db, s->d, s->o, s->doc_id, s->author, write_anchors, &s->tags);
	if (st != PZ_OK)
		s->tags = NULL;
	session_tags_changed(s);
	return st;
}

enum pz_status session_load_tags(session *s, bool write_anchors)
{
	return load_tags(s, write_anchors, false);
}

enum pz_status session_load_tags_first(session *s)
{
	return load_tags(s, false, true);
}

enum pz_status session_complete_tags(session *s, bool *changed)
{
	*changed = false;
	if (!s->tags)
		return PZ_OK;
	enum pz_status st = tagset_complete(s->tags, changed);
	if (st != PZ_OK) {
		tagset_free(s->tags);
		s->tags = NULL;
		*changed = true;
	}
	if (*changed)
		session_tags_changed(s);
	return st;
}

tagset *session_tags(const session *s)
{
	return s->tags;
}

void session_tags_changed(session *s)
{
	if (s->sugg)
		suggestions_cover(s->sugg, s->tags);
}

/* ---- suggestions ---- */

const struct detect_options *session_detect(const session *s)
{
	return &s->detect;
}

enum pz_status session_make_suggestions(const session *s, suggestions **out)
{
	return suggestions_find(s->d, s->o, &s->detect, out);
}

enum pz_status session_set_suggestions(session *s, suggestions *sg)
{
	suggestions_free(s->sugg);
	s->sugg = sg;
	enum pz_status st = PZ_OK;
	if (s->db && s->doc_id) {
		struct store_rejection *rej;
		size_t n;
		st = store_rejections(s->db, s->doc_id, &rej, &n);
		if (st == PZ_OK) {
			st = suggestions_apply_rejections(sg, rej, n);
			store_rejections_free(rej, n);
		}
	}
	suggestions_cover(sg, s->tags);
	return st;
}

enum pz_status session_find_suggestions(session *s)
{
	if (s->sugg)
		return PZ_OK;
	suggestions *sg;
	enum pz_status st = session_make_suggestions(s, &sg);
	return st == PZ_OK ? session_set_suggestions(s, sg) : st;
}

suggestions *session_suggestions(const session *s)
{
	return s->sugg;
}

/* Suggestion i turned down (deleted 0) or brought back (deleted 1): in the store
 * when the document is in the library, and in the set. */
static enum pz_status set_rejected(session *s, size_t i, bool down)
{
	size_t n;
	const struct detect_item *v = s->sugg ? suggestions_items(s->sugg, &n) : NULL;
	if (!v || i >= n)
		return PZ_NOENT;
	enum pz_status st = PZ_OK;
	if (s->db && s->doc_id) {
		const char *t = doc_text(s->d, NULL), *type = suggestions_tag_type(v[i].type);
		size_t ps = suggestions_prefix_start(s->sugg, i);
		char *quote = strndup(t + v[i].start, v[i].end - v[i].start),
		     *prefix = strndup(t + ps, v[i].start - ps);
		st = !quote || !prefix ? PZ_NOMEM
		     : down ? store_reject(s->db, s->doc_id, type, quote, prefix)
		            : store_reject_restore(s->db, s->doc_id, type, quote, prefix);
		free(quote);
		free(prefix);
	} else if (!down && !suggestions_rejected(s->sugg, i)) {
		st = PZ_NOENT;
	}
	if (st != PZ_OK)
		return st;
	if (down) {
		suggestions_turn_down(s->sugg, i);
	} else {
		suggestions_bring_back(s->sugg, i);
		suggestions_cover(s->sugg, s->tags);
	}
	return PZ_OK;
}

enum pz_status session_reject(session *s, size_t i)
{
	return set_rejected(s, i, true);
}

enum pz_status session_bring_back(session *s, size_t i)
{
	return set_rejected(s, i, false);
}

enum pz_status session_reload_rejections(session *s)
{
	if (!s->sugg || !s->db || !s->doc_id)
		return PZ_OK;
	struct store_rejection *rej;
	size_t n;
	enum pz_status st = store_rejections(s->db, s->doc_id, &rej, &n);
	if (st == PZ_OK) {
		st = suggestions_apply_rejections(s->sugg, rej, n);
		store_rejections_free(rej, n);
	}
	suggestions_cover(s->sugg, s->tags);
	return st;
}

enum pz_status session_accept_counted(session *s, size_t i, char *uuid,
                                      struct session_accepted *c)
{
	size_t n;
	const struct detect_item *v = s->sugg ? suggestions_items(s->sugg, &n) : NULL;
	if (!v || i >= n || !s->tags)
		return PZ_NOENT;
	const char *due, *owner;
	char id[STORE_UUID_LEN + 1];
	suggestions_accept_fields(s->sugg, i, &due, &owner);
	enum pz_status st = tagset_add(s->tags, suggestions_tag_type(v[i].type), v[i].start,
	                               v[i].end, NULL, due, owner, id);
	/* 来源: what made the tag is recorded with it, never guessed later */
	if (st == PZ_OK && s->db)
		st = store_source_set_suggested(s->db, id);
	if (st == PZ_OK && uuid)
		memcpy(uuid, id, sizeof(id));
	if (st == PZ_OK && c) {
		c->made[v[i].type]++;
		c->lead += v[i].type == DETECT_TASK && owner && *owner;
		c->dated += v[i].type == DETECT_TASK && due && *due;
	}
	/* a task's cooperating units (its note's 配合单位：…) become owner tags beside it,
	 * where the breakdown finds them as 配合单位 */
	for (size_t k = 0; st == PZ_OK && v[i].type == DETECT_TASK && k < n; k++)
		if (v[k].task == i && v[k].type == DETECT_OWNER && v[k].role == DETECT_COOPERATING &&
		    !suggestions_hidden(s->sugg, k)) {
			st = tagset_add(s->tags, suggestions_tag_type(DETECT_OWNER), v[k].start, v[k].end,
			                NULL, NULL, v[k].value, id);
			if (st == PZ_OK && s->db)
				st = store_source_set_suggested(s->db, id);
			if (st == PZ_OK && c)
				c->cooperating++;
		}
	if (st == PZ_OK)
		session_tags_changed(s);
	return st;
}

enum pz_status session_accept(session *s, size_t i, char *uuid)
{
	return session_accept_counted(s, i, uuid, NULL);
}

/* sep, then n counted in the user's language ("%zu task" or "%zu tasks"), into buf at
 * *used. */
static void count_word(char *buf, size_t len, size_t *used, const char *sep, size_t n,
                       const char *one, const char *many)
{
	if (*used < len)
		*used += (size_t)snprintf(buf + *used, len - *used, "%s", sep);
	if (*used < len)
		*used += (size_t)snprintf(buf + *used, len - *used, ngettext(one, many, n), n);
}

const char *session_accepted_describe(const struct session_accepted *c, char *buf, size_t len)
{
	static const enum detect_type order[] = { DETECT_TASK, DETECT_OWNER, DETECT_DEADLINE,
		                                  DETECT_TARGET };
	static const char *const one[][2] = {
		[DETECT_TASK] = { NN_("%zu task", "%zu tasks") },
		[DETECT_OWNER] = { NN_("%zu owner", "%zu owners") },
		[DETECT_DEADLINE] = { NN_("%zu deadline", "%zu deadlines") },
		[DETECT_TARGET] = { NN_("%zu target", "%zu targets") },
	};
	size_t total = 0, used = 0;
	for (int k = 0; k < DETECT_TYPES; k++)
		total += c->made[k];
	buf[0] = '\0';
	if (len)
		used = (size_t)snprintf(buf, len, ngettext("accepted %zu suggestion", "accepted %zu suggestions",
		                                           total), total);
	/* TRANSLATORS: between "accepted N suggestions" and the counts of each type */
	const char *sep = _(": ");
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		if (c->made[order[k]]) {
			count_word(buf, len, &used, sep, c->made[order[k]], one[order[k]][0], one[order[k]][1]);
			/* TRANSLATORS: between the items of a list of counts */
			sep = _(", ");
		}
	if (c->made[DETECT_TASK]) {
		/* what the tasks took with them: the owner that leads (or is told), the
		 * cooperating units as owner tags of their own, the date */
		count_word(buf, len, &used, _("; with the tasks "), c->lead,
		           NN_("%zu lead owner", "%zu lead owners"));
		count_word(buf, len, &used, _(", "), c->cooperating,
		           NN_("%zu cooperating owner tag", "%zu cooperating owner tags"));
		count_word(buf, len, &used, _(", "), c->dated, NN_("%zu due date", "%zu due dates"));
	}
	return buf;
}

/* ---- keeping in step ---- */

enum pz_status session_refresh(session *s, unsigned *changed)
{
	*changed = 0;
	enum pz_status st = PZ_OK;
	if (s->tags) {
		bool again = false;
		st = tagset_refresh(s->tags, &again);
		if (again) {
			session_tags_changed(s);
			*changed |= SESSION_TAGS;
		}
	}
	struct file_id now = file_id_of(s->path);
	if (!same_file(&now, &s->reported) && same_file(&now, &s->seen)) {
		*changed |= SESSION_FILE;
		s->reported = now;
	}
	s->seen = now;
	return st;
}

enum pz_status session_breakdown(session *s, const char *const *types, size_t ntypes,
                                 int64_t now, struct breakdown **out)
{
	struct breakdown *b = NULL;
	enum pz_status st = breakdown_new(s->tags, s->d, s->o, types, ntypes, &b);
	if (st == PZ_OK)
		st = breakdown_describe(b, s->d, s->o, session_path(s), NULL, now);
	/* 来源: as recorded when each tag was made */
	if (st == PZ_OK && s->db && s->doc_id && s->tags) {
		struct store_source_row *v = NULL;
		size_t n = 0;
		if ((st = store_sources(s->db, s->doc_id, &v, &n)) == PZ_OK)
			breakdown_sources(b, v, n);
		free(v);
	}
	if (st != PZ_OK) {
		breakdown_free(b);
		b = NULL;
	}
	*out = b;
	return st;
}

/* ---- drafts under review (issue 11) ---- */

const char *session_author(const session *s)
{
	return s->author;
}

enum pz_status session_open_text(const char *name, const char *text, size_t len,
                                 const struct session_options *opt, session **out)
{
	session *s = calloc(1, sizeof(*s));
	char login[64];
	const char *author = opt ? opt->author : NULL;
	if (!author) {
		tags_login_name(login, sizeof(login));
		author = login;
	}
	if (!s || !(s->path = strdup(name)) || !(s->author = strdup(author))) {
		session_close(s);
		return PZ_NOMEM;
	}
	if (opt)
		s->detect = opt->detect;
	s->detect.name = s->path;
	struct doc_options dopt = { .encoding = "UTF-8" };
	enum pz_status rc = doc_load_buffer(text, len, &dopt, &s->d, NULL);
	size_t dl = 0;
	if (rc == PZ_OK && (doc_text(s->d, &dl), dl != len))
		rc = PZ_ENCODING; /* not as given: offsets would not match */
	if (rc != PZ_OK) {
		session_close(s);
		return rc;
	}
	s->file = s->seen = s->reported = (struct file_id){ 0 };
	*out = s;
	return PZ_OK;
}

enum pz_status session_version(const session *s, int64_t *version)
{
	if (!s->db || !s->doc_id)
		return PZ_NOENT;
	size_t len;
	doc_text(s->d, &len);
	return store_find_version(s->db, s->doc_id, doc_hash(s->d), (int64_t)len, version);
}

/* The kept text of the latest draft of doc (owned) and how many drafts it has. */
static enum pz_status latest_text(store *db, int64_t doc, char **text, size_t *len, size_t *drafts)
{
	struct store_draft *v;
	size_t n;
	enum pz_status st = store_drafts(db, doc, &v, &n);
	if (st != PZ_OK)
		return st;
	*drafts = n;
	st = PZ_NOENT;
	for (size_t i = n; i-- > 0 && st == PZ_NOENT;)
		if (v[i].kept)
			st = store_text_get(db, v[i].version, text, len);
	store_drafts_free(v, n);
	return st;
}

#define RESEMBLE_DOCS 100 /* the most recently opened documents looked at */

enum pz_status session_find_resembling(const session *s, int64_t *doc, char **path,
                                       size_t *drafts)
{
	return session_find_resembling_in(s, s->db, doc, path, drafts);
}

enum pz_status session_find_resembling_in(const session *s, store *db, int64_t *doc,
                                          char **path, size_t *drafts)
{
	if (!db || !s->abs || s->doc_id)
		return PZ_NOENT;
	struct store_doc *docs;
	size_t n;
	enum pz_status st = store_library(db, &docs, &n);
	if (st != PZ_OK)
		return st;
	size_t len;
	const char *t = doc_text(s->d, &len);
	double best = REVIEW_RESEMBLES;
	*doc = 0;
	for (size_t i = 0; i < n && i < RESEMBLE_DOCS; i++) {
		char *kept;
		size_t kl, nd;
		if (!strcmp(docs[i].path, s->abs) || latest_text(db, docs[i].id, &kept, &kl, &nd) != PZ_OK)
			continue;
		double r = review_resemblance(t, len, kept, kl);
		free(kept);
		if (r > best) {
			free(*doc ? *path : NULL);
			if (!(*path = strdup(docs[i].path))) {
				store_docs_free(docs, n);
				return PZ_NOMEM;
			}
			best = r;
			*doc = docs[i].id;
			*drafts = nd;
		}
	}
	store_docs_free(docs, n);
	return *doc ? PZ_OK : PZ_NOENT;
}

enum pz_status session_adopt(session *s, int64_t doc)
{
	if (!s->db || !s->abs)
		return PZ_NOENT;
	int64_t other, pos;
	enum pz_status st = store_find_document(s->db, s->abs, &other, &pos);
	if (st == PZ_OK && other != doc && (st = store_forget_untagged(s->db, other)) != PZ_OK)
		return st;
	if (st != PZ_OK && st != PZ_NOENT)
		return st;
	if (st == PZ_NOENT || other != doc)
		if ((st = store_rename_document(s->db, doc, s->abs)) != PZ_OK)
			return st;
	return session_identify(s, s->db, true);
}
