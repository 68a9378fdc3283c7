/* One document as pizhu works on it: the file's text (one version of it), its outline,
 * its entry in the library, its tags and its suggestions with those the user turned
 * down. Every command and the reader open a document through here, in one order.
 *
 * A session is opened in stages, so that each caller pays only for what it uses and
 * the reader can show a first screen before the costly parts:
 *
 *   session_open              reads and decodes the file; touches no database
 *   session_outline_paragraphs   a paragraphs-only outline (enough to show the text)
 *   session_build_outline     the full outline (session_make_outline + _set_outline)
 *   session_identify          finds the document in a database's library
 *   session_record            records it in the library as opened now (writes)
 *   session_load_tags         its tags, found again in this text
 *   session_find_suggestions  its suggestions (session_make_suggestions + _set_...)
 *
 * The text of a session never changes: when the file changes on disk (see
 * session_refresh) the caller opens a new session for the new version. The costly
 * builders (session_make_outline, session_make_suggestions) only read the session and
 * return what they built, for the session's owner to hand over with the _set_ call:
 * they can run apart from the rest, once the document's lazy indexes are safe to share
 * (document.h: doc_char_index builds its index on first use). */
#ifndef PIZHU_SESSION_H
#define PIZHU_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/breakdown.h"
#include "pizhu/detect.h"
#include "pizhu/document.h"
#include "pizhu/outline.h"
#include "pizhu/status.h"
#include "pizhu/store.h"
#include "pizhu/suggestions.h"
#include "pizhu/tags.h"

typedef struct session session;

struct session_options {
	const char *encoding;           /* NULL: detect (doc_options) */
	const char *author;             /* the reviewer (config_author; copied); NULL: as
	                                   config_author without a config */
	struct detect_options detect;   /* for the suggestions (its name: the file's path
	                                   when NULL) */
};

/* Reads and decodes the file at path (doc_load_file) and resolves its absolute path.
 * opt may be NULL. On PZ_OK *out is owned (session_close); else the status of
 * doc_load_file, with *where (may be NULL) as it says. */
enum pz_status session_open(const char *path, const struct session_options *opt, session **out,
                            struct pz_where *where);

/* A session over the first lines of the file at path (doc_load_prefix, at most max
 * bytes) with their paragraphs (session_outline_paragraphs), to show while the whole
 * file is read apart (session_open, then session_replace). It touches no database and
 * is partial: not for the library, the tags or the suggestions. *out is NULL (PZ_OK)
 * when the file is to be read whole at once (small, not UTF-8 at its start, HTML, a
 * forced encoding, or something wrong that session_open will say); else owned. */
enum pz_status session_open_prefix(const char *path, const struct session_options *opt,
                                   size_t max, session **out);

/* Whether s holds only its file's first lines (session_open_prefix). */
bool session_partial(const session *s);

/* Where reading stopped last time in the file of s, as db's library has it for its path,
 * when that is inside the text of s: a byte offset, 0 when unknown, kept for
 * session_saved_position. Reads the library by path only (no hashing of the text, no
 * write): for a partial session, before its first screen. */
size_t session_find_position(session *s, store *db);

/* Gives the partial session s the text, outline and file of whole, the same file read
 * whole by session_open (not identified yet), and frees what is left of whole. s stays
 * the same object, so that what holds it keeps it; pointers into its old text and
 * outline are no longer valid. True when the whole text starts with the part s had
 * (offsets into it still hold; false: the rest decided another encoding). */
bool session_replace(session *s, session *whole);

/* Frees the session and all it holds (not its database). NULL is fine. */
void session_close(session *s);

/* The path as given; the absolute path with links resolved (NULL when it cannot be
 * resolved: then nothing is kept in the library). Borrowed. */
const char *session_path(const session *s);
const char *session_abspath(const session *s);

/* The document and its text (borrowed, valid until session_close). */
const doc *session_doc(const session *s);
const char *session_text(const session *s, size_t *len);

/* The database given to session_identify (borrowed; NULL before, or none). */
store *session_store(const session *s);

/* ---- the outline ---- */

/* Gives the session a paragraphs-only outline (outline_build_paragraphs): the text can
 * be shown and tagged, its structure comes with session_build_outline. */
enum pz_status session_outline_paragraphs(session *s);

/* The full outline of the session's text, built without changing the session (see
 * above); owned by the caller, for session_set_outline. */
enum pz_status session_make_outline(const session *s, outline **out);

/* Gives the session its full outline (taking o), in place of a paragraphs-only one;
 * pointers to the old outline are no longer valid. */
void session_set_outline(session *s, outline *o);

/* Both at once; nothing when the session has its full outline already. */
enum pz_status session_build_outline(session *s);

/* The outline (borrowed until it is replaced or the session closed; NULL before
 * either call above), and whether it is the full one. */
const outline *session_outline(const session *s);
bool session_outline_complete(const session *s);

/* The section path of byte off ("二、（三）", tags_section_path) into buf. */
void session_section_path(const session *s, size_t off, char *buf, size_t len);

/* The date the deadlines at byte off are counted from: its speech's (detect_date_of,
 * with the file's name); parts 0 when unknown. */
struct date session_date_at(const session *s, size_t off);

/* ---- the library ---- */

/* Joins the database db (borrowed: it must outlive the session; NULL: nothing is kept)
 * and finds the document in its library: by its path, else by its content when the file
 * it was known under is gone (a renamed draft keeps its tags). With write a renamed
 * document is moved to its new path (tags_identify); without, nothing is written
 * (tags_lookup: a command that only reads takes no write lock). Without a database or
 * an absolute path it finds nothing (PZ_OK). The later stages use db. */
enum pz_status session_identify(session *s, store *db, bool write);

/* Writes what the reader leaves out until its first screen is drawn (session_identify
 * and session_load_tags without writing): a renamed draft moved to its new path, the
 * text's version and where re-anchoring found its tags (tagset_save). Writes nothing
 * when none of it changed. The text itself is the caller's to keep (session_version,
 * store_text_keep). */
enum pz_status session_save(session *s);

/* Its id in the library (0: not there, or not identified yet). */
int64_t session_document(const session *s);

/* Where reading stopped last time (a byte offset inside the text), else 0; after
 * session_save_position, what it saved. */
size_t session_saved_position(const session *s);

/* The first speech's title, clipped to about 60 columns, into buf ("" when none). */
void session_title(const session *s, char *buf, size_t len);

/* Records the document in the library as opened now with title (NULL: "" as title),
 * adding it when it is new: session_document is then its id. An older draft of a
 * document that goes by another file's name now is left as it is (PZ_OK). PZ_NOENT without a
 * database or an absolute path. */
enum pz_status session_record(session *s, const char *title);

/* The same record written on another connection, by another thread, while the session
 * is in use, with the text's version (store_version): session_record_plan copies out
 * of s what the record needs (PZ_NOENT without a database or an absolute path; the
 * rename of a renamed draft passes to the record); session_record_write writes it on
 * db and touches nothing of s (s must stay open, its text is borrowed); then
 * session_recorded, with session_record_write's status, takes it back into s (the
 * document's id; the version, for tags loaded before) and releases r. */
struct session_record {
	char *abs, *title;          /* owned */
	int64_t doc;                /* as identified (0: new to the library) */
	bool renamed;
	const char *text;           /* the session's, borrowed */
	size_t len;
	uint64_t hash;
	int64_t id, version;        /* written: the entry (0: left as it was) and version */
};
enum pz_status session_record_plan(session *s, const char *title, struct session_record *r);
enum pz_status session_record_write(store *db, struct session_record *r);
void session_recorded(session *s, struct session_record *r, enum pz_status st);

/* Saves where reading stands (a byte offset): in the database when the document is in
 * the library (unless that is where it stands there already: nothing is written), and
 * for session_saved_position in any case. */
enum pz_status session_save_position(session *s, size_t off);

/* ---- tags ---- */

/* Loads the document's tags and finds them in this text (tagset_open): this records
 * the text's version, and with write_anchors stores where re-anchoring put the tags
 * made on another version. A document not in the library has no tags (PZ_OK, and
 * session_tags stays NULL). The suggestions, if found, are hidden where the tags cover
 * them. */
enum pz_status session_load_tags(session *s, bool write_anchors);

/* The same without writing, for the first screen: only where the tags are, when none
 * needs finding again (tagset_open_first); session_complete_tags reads the rest, and
 * must come before the tags are listed, searched or changed. */
enum pz_status session_load_tags_first(session *s);

/* Reads the rest of tags loaded by session_load_tags_first (tagset_complete; nothing
 * to do otherwise). *changed says whether another process wrote tags meanwhile. On
 * failure the tags are dropped, as a failed session_load_tags leaves them. */
enum pz_status session_complete_tags(session *s, bool *changed);

/* The tags (borrowed; NULL when not loaded). Changing them through tagset_* is fine;
 * call session_tags_changed after, so that the suggestions follow. */
tagset *session_tags(const session *s);
void session_tags_changed(session *s);

/* ---- suggestions ---- */

/* The suggestions of the session's text with its current outline, found without
 * changing the session (see above); owned by the caller, for session_set_suggestions. */
enum pz_status session_make_suggestions(const session *s, suggestions **out);

/* The options its suggestions are found with (from session_open: the date, the file's
 * name). Borrowed. */
const struct detect_options *session_detect(const session *s);

/* Gives the session its suggestions (taking sg): those the user turned down (read from
 * the database when the document is in the library) and those the tags cover are
 * hidden. PZ_OK, or the store's status (sg is kept either way). */
enum pz_status session_set_suggestions(session *s, suggestions *sg);

/* Both at once (nothing when found already). */
enum pz_status session_find_suggestions(session *s);

/* The suggestions (borrowed; NULL until found). */
suggestions *session_suggestions(const session *s);

/* Turns suggestion i down: remembered in the database when the document is in the
 * library (so that it stays down in later drafts and for `pizhu suggest`), else for
 * this session only; hidden at once. */
enum pz_status session_reject(session *s, size_t i);

/* Brings back suggestion i, turned down: shown again, unless a tag covers it, and
 * forgotten in the database (undoable there, as session_reject is). PZ_NOENT when it
 * is not turned down. */
enum pz_status session_bring_back(session *s, size_t i);

/* Reads again which suggestions are turned down, from the database (after an undo or
 * redo took a turn-down back or made it again), and hides what the tags cover. */
enum pz_status session_reload_rejections(session *s);

/* Accepts suggestion i: a tag of its type on its words, with what it suggests
 * (suggestions_accept_fields); a task's cooperating units also become owner tags
 * beside it. uuid (may be NULL, else STORE_UUID_LEN + 1 bytes) gets the new tag's id.
 * PZ_NOENT when the tags are not loaded. */
enum pz_status session_accept(session *s, size_t i, char *uuid);

/* What accepting suggestions made, added up over several accepts. */
struct session_accepted {
	size_t made[DETECT_TYPES];   /* suggestions accepted, by type */
	size_t lead;                 /* tasks given their lead (or told) owner */
	size_t cooperating;          /* owner tags made for a task's cooperating units */
	size_t dated;                /* tasks given a due date */
};

/* session_accept, adding what it made to *c (may be NULL). Every tag it makes is
 * recorded as made from a suggestion (store_source_set_suggested). */
enum pz_status session_accept_counted(session *s, size_t i, char *uuid,
                                      struct session_accepted *c);

/* c in one line, for the command line and the reader: "accepted 3 suggestions: 2 tasks,
 * 1 owner; with the tasks 2 lead owners, 1 cooperating owner tag, 2 due dates". Into
 * buf (len bytes, cut when longer); returns buf. */
const char *session_accepted_describe(const struct session_accepted *c, char *buf, size_t len);

/* The task breakdown of the session's tags as every export writes it (the command
 * line's and the reader's): breakdown_new with the row types (NULL, 0: tasks), its
 * title block (breakdown_describe: the file as session_path gives it, exported at now,
 * Unix milliseconds) and each tag's 来源 as the store recorded it (breakdown_sources).
 * *out owned: breakdown_free. PZ_OK, PZ_NOMEM, or the store's status. */
enum pz_status session_breakdown(session *s, const char *const *types, size_t ntypes,
                                 int64_t now, struct breakdown **out);

/* ---- keeping in step ---- */

enum session_change {
	SESSION_TAGS = 1,   /* another process wrote: the tags were read again */
	SESSION_FILE = 2,   /* the file on disk is no longer this text (changed, replaced or
	                       removed): open a new session for the new version; said once
	                       for each change */
};

/* Looks whether the world moved: another connection committed to the database (the
 * tags are read again, and the suggestions follow), and whether the file on disk
 * changed since session_open. A change on disk is reported once the file has stayed
 * the same between two calls, so that a file being written is not read half-way.
 * *changed gets the session_change flags. Cheap: a pragma and a stat. */
enum pz_status session_refresh(session *s, unsigned *changed);

/* ---- drafts under review (issue 11) ---- */

/* Who works in this session: the author of new tags and the reviewer whose marks
 * count (session_options.author, else the login name). Borrowed. */
const char *session_author(const session *s);

/* A session over text[0, len) in memory (valid UTF-8 with '\n' line ends, as
 * session_text gives: offsets stay as given), called name (copied), with no file and
 * no library entry: a review text (review.h). On PZ_OK *out is owned (session_close). */
enum pz_status session_open_text(const char *name, const char *text, size_t len,
                                 const struct session_options *opt, session **out);

/* The id of this text's version in the library: PZ_OK, PZ_NOENT (not in the library, or
 * not recorded), or the store's status. */
enum pz_status session_version(const session *s, int64_t *version);

/* A file new to the library whose text resembles a known document's latest kept draft
 * (review_resemblance over REVIEW_RESEMBLES; the closest of the documents opened most
 * recently): PZ_OK with *doc, its path (*path owned, free()) and its number of drafts,
 * else PZ_NOENT. Reads only. */
enum pz_status session_find_resembling(const session *s, int64_t *doc, char **path,
                                       size_t *drafts);

/* The same, read through db (another connection to the session's database file, used
 * by another thread: keeper_run) in place of the session's. */
enum pz_status session_find_resembling_in(const session *s, store *db, int64_t *doc,
                                          char **path, size_t *drafts);

/* Makes this file the next draft of document doc, as `pizhu draft` does: the document
 * moves to this file's path (a library entry the file had of its own goes, unless it
 * has tags: PZ_EXIST) and the session is identified again (then record it and load its
 * tags, which are carried). PZ_OK or the store's status. */
enum pz_status session_adopt(session *s, int64_t doc);

#endif
