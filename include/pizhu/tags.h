/* The annotations of one open document: loaded from the store, found again in the
 * text as it is now (anchor.h), located as byte ranges for the views and the command
 * line. Every change goes to the store before it is shown; there is no unsaved state. */
#ifndef PIZHU_TAGS_H
#define PIZHU_TAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/document.h"
#include "pizhu/outline.h"
#include "pizhu/status.h"
#include "pizhu/store.h"
#include "pizhu/tagtype.h"

typedef struct tagset tagset;

/* One annotation as the views see it. */
struct tag {
	struct store_annot a;   /* as stored; offsets in characters of the current text */
	size_t start, end;      /* byte range in doc_text; both 0 when orphaned */
	enum tagtype_id kind;   /* a.type, when it is a built-in type */
};

/* The 64-bit content hash that tells versions of a document apart (FNV-1a). */
uint64_t tags_text_hash(const char *s, size_t n);

/* Finds the library's document for the file at path (absolute) with text d: by its
 * path, else by its content when the file it was known under is gone (a renamed
 * draft keeps its annotations). *doc_id is 0 when the library has neither. Reads
 * only, except for moving a renamed document to its new path. */
enum pz_status tags_identify(store *st, const char *path, const doc *d, int64_t *doc_id);

/* The same without writing anything: a renamed draft is found by its content and left
 * under its old path (for commands that only read, and for the reader until its first
 * screen is drawn); *renamed (may be NULL) says whether it was found so, to be moved
 * (store_rename_document) by whoever writes later. */
enum pz_status tags_lookup(store *st, const char *path, const doc *d, int64_t *doc_id,
                           bool *renamed);

/* Loads document doc_id's annotations and anchors them in d (which must outlive the
 * set): annotations made on another version of the text are found again. With write,
 * the text's version is recorded and where they were found is stored; without it,
 * nothing is written (a command that only reads takes no write lock): the version is
 * looked up, the anchoring kept in memory, and the version recorded only when a tag
 * is added or attached. o (may be NULL, borrowed) gives the section path of new tags.
 * author is copied. On PZ_OK *out is owned (tagset_free). */
enum pz_status tagset_open(store *st, const doc *d, const outline *o, int64_t doc_id,
                           const char *author, bool write, tagset **out);
void tagset_free(tagset *ts);

/* The same without writing, for a first screen (issue 15): when every annotation was
 * placed in this very text (nothing to find again), only where they are is read (the
 * fields of store_annots_where; every other text field reads "", the uuid is empty):
 * enough to draw and count them. tagset_complete reads the rest; tagset_save,
 * tagset_refresh and the changes (add, update, attach, delete) complete the set first;
 * tagset_find does not (nothing is found by uuid before). Otherwise, as tagset_open. */
enum pz_status tagset_open_first(store *st, const doc *d, const outline *o, int64_t doc_id,
                                 const char *author, tagset **out);

/* Whether ts holds only where its annotations are (tagset_open_first, not completed). */
bool tagset_partial(const tagset *ts);

/* Reads the annotations of a partial set whole (the same ones, in the same order, as
 * tagset_open would have); PZ_OK at once for a whole set. *changed (may be NULL) says
 * whether another connection wrote since the partial read (the set may differ from
 * what was drawn). */
enum pz_status tagset_complete(tagset *ts, bool *changed);

/* Writes what a set opened without writing left in memory, as tagset_open with write
 * would have: the text's version (its row only: the text itself is the caller's to keep,
 * store_text_keep, perhaps from another thread), and where re-anchoring found the
 * annotations (rereading them). Writes nothing when the version was recorded already
 * and no annotation moved: the reader opening a document it knows. */
enum pz_status tagset_save(tagset *ts);

/* The id of the text's version in the store; 0 when it is not recorded yet (a set
 * opened without writing on a text seen for the first time). */
int64_t tagset_version(const tagset *ts);

/* The text's version as recorded on another connection (session_record_write), for a
 * set that had not found it: tagset_save and a tag added write it no more. */
void tagset_use_version(tagset *ts, int64_t version);

/* The outline that gives new tags their section path, in place of the one given to
 * tagset_open (borrowed the same way; NULL: none). */
void tagset_set_outline(tagset *ts, const outline *o);

/* Rereads the annotations when another process (or connection) has written since the
 * last load (PRAGMA data_version); *changed says whether it did. Re-anchoring here is
 * in memory only. */
enum pz_status tagset_refresh(tagset *ts, bool *changed);

/* The annotations: anchored ones by start (then end), orphans last. Borrowed until the
 * next change or refresh. */
size_t tagset_count(const tagset *ts);
const struct tag *tagset_at(const tagset *ts, size_t i);

/* Index of the annotation uuid, or SIZE_MAX. */
size_t tagset_find(const tagset *ts, const char *uuid);

/* Tags bytes [start, end) of the text (widened to whole characters; empty ranges are
 * refused with PZ_SYNTAX) with type and the optional note, due date and owner (NULL
 * for none). uuid (may be NULL, else STORE_UUID_LEN + 1 bytes) gets the new id. */
enum pz_status tagset_add(tagset *ts, const char *type, size_t start, size_t end,
                          const char *note, const char *due, const char *owner, char *uuid);

/* Writes a changed copy of an annotation (type, done, note, due, owner). */
enum pz_status tagset_update(tagset *ts, const struct store_annot *a);

/* Moves annotation uuid (typically an orphan) onto bytes [start, end). */
enum pz_status tagset_attach(tagset *ts, const char *uuid, size_t start, size_t end);

enum pz_status tagset_delete(tagset *ts, const char *uuid);

/* Adds a reply (by the set's author) to the discussion of tag uuid (store_reply_add),
 * and lists the discussion, oldest first (store_replies; *v owned:
 * store_replies_free). */
enum pz_status tagset_reply(tagset *ts, const char *uuid, const char *text);
enum pz_status tagset_replies(const tagset *ts, const char *uuid, struct store_reply **v,
                              size_t *n);

/* The history of tag uuid, oldest first (store_annot_history; *v owned:
 * store_steps_free); none without a database. */
enum pz_status tagset_history(const tagset *ts, const char *uuid, struct store_step **v,
                              size_t *n);

/* The disputes of tag uuid (store_disputes) and the document's tombstones
 * (store_tombstones), both owned by the caller. */
enum pz_status tagset_disputes(const tagset *ts, const char *uuid, struct store_dispute **v,
                               size_t *n);
enum pz_status tagset_tombstones(const tagset *ts, struct store_annot **v, size_t *n);

/* Settles every dispute of tag uuid, keeping mine or taking theirs (store_resolve),
 * and reads the tags again. */
enum pz_status tagset_resolve(tagset *ts, const char *uuid, enum store_take take);

/* Undo and redo the document's last change (see store_undo). */
enum pz_status tagset_undo(tagset *ts, char *uuid);
enum pz_status tagset_redo(tagset *ts, char *uuid);

/* Number of anchored annotations starting in bytes [start, end). O(log n). */
size_t tagset_count_in(const tagset *ts, size_t start, size_t end);

/* The section path of byte off in o, built from its sections' markers as written
 * ("二、（三）"), into buf (NUL-terminated; "" outside any section). */
void tags_section_path(const outline *o, const doc *d, size_t off, char *buf, size_t len);

/* The login name of the user running pizhu (the author of new tags) into buf: the
 * password database's name for the effective uid, else $USER, else "unknown". */
void tags_login_name(char *buf, size_t len);

/* Checks a due date: "" or a real calendar date written YYYY-MM-DD. */
bool tags_valid_date(const char *s);

#endif
