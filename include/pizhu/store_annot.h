/* Annotations in the store, and the history of their changes that undo and redo walk
 * (also across sessions). */
#ifndef PIZHU_STORE_ANNOT_H
#define PIZHU_STORE_ANNOT_H

#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

typedef struct store store;

#define STORE_UUID_LEN 36

enum store_anchor { STORE_ANCHORED, STORE_MOVED, STORE_ORPHANED };

/* The reviewer whose changes the connection makes from now on (copied, at most 255
 * bytes; longer is cut at a character): recorded with every step of the history, as
 * the editor of what it changes, and as the author of what it adds without one. Undo
 * and redo act on this reviewer's steps only. "" until set. */
void store_set_author(store *st, const char *author);
const char *store_author(const store *st);

/* "anchored", "moved", "orphaned" (as stored and listed). Static. */
const char *store_anchor_name(enum store_anchor a);

/* One annotation. Offsets are characters (code points) in the text of version
 * `version` (0: unknown, as after an import: found again by its quote). Strings are
 * owned by the record (store_annot_release); "" when empty, never NULL once loaded. */
struct store_annot {
	int64_t id;
	char uuid[STORE_UUID_LEN + 1];
	int64_t doc;
	int64_t version;
	char *type;                /* "task", "target", "deadline", "owner", "note", ... */
	int done;                  /* tasks: 0 open, 1 done */
	enum store_anchor anchor;  /* how the last re-anchoring went */
	int64_t start, end;        /* characters, end exclusive */
	char *quote, *prefix, *suffix;
	char *section;             /* section path where it was made ("二、（三）") */
	char *note;
	char *due;                 /* YYYY-MM-DD or "" */
	char *owner;
	char *author;              /* the reviewer who made it (store_set_author) */
	int64_t created, modified; /* Unix time in milliseconds */
	char *editor;              /* the reviewer who changed it last (at modified) */
	char *base;                /* the shared fields as last agreed with another copy
	                              (store_merge.h; JSON), "" when never merged */
	int disputed;              /* fields in dispute (store_disputes) */
};

void store_annot_release(struct store_annot *a);

/* What one annotation may hold: a quote of up to STORE_QUOTE_MAX bytes, every other
 * text field up to STORE_FIELD_MAX bytes, all valid UTF-8. Adding, changing and
 * importing refuse more (PZ_TOOLONG) and anything else (PZ_NOTUTF8): nothing that a
 * writer could not write enters the database. */
#define STORE_QUOTE_MAX ((size_t)1 << 20)
#define STORE_FIELD_MAX ((size_t)64 << 10)

/* PZ_OK when a's text fields (NULL counts as "") are within the limits above. */
enum pz_status store_annot_check(const struct store_annot *a);

/* Every annotation of document doc that is not deleted, by start. *v is owned
 * (store_annots_free). */
enum pz_status store_annots(store *st, int64_t doc, struct store_annot **v, size_t *n);
void store_annots_free(struct store_annot *v, size_t n);

/* The same annotations with only where they are and what draws them: id, doc,
 * version, type, done, anchor, start and end; every other text field NULL, disputed
 * 0 (issue 15: a known document's first screen, before the rest is read). By start,
 * but among equal starts not by id. *v is owned (store_annots_free). */
enum pz_status store_annots_where(store *st, int64_t doc, struct store_annot **v, size_t *n);

/* Adds a (its doc, version, type, offsets, quote, context and user fields; a->uuid is
 * used when set, else a new random UUID is written into it; id, created and modified
 * are set), as one undoable change. PZ_EXIST when the uuid is already stored;
 * PZ_NOTUTF8 or PZ_TOOLONG (store_annot_check) and nothing written. */
enum pz_status store_annot_add(store *st, struct store_annot *a);

/* Writes the user's change to a (found by uuid): type, done, note, due, owner, and
 * the anchor fields (version, offsets, quote, context, section), as one undoable
 * change. PZ_NOENT when no such live annotation; PZ_NOTUTF8 or PZ_TOOLONG as for
 * store_annot_add. */
enum pz_status store_annot_update(store *st, const struct store_annot *a);

/* Deletes the annotation uuid (undoable). PZ_NOENT when there is none. */
enum pz_status store_annot_delete(store *st, const char *uuid);

/* Records where re-anchoring found each of v[0..n) (version, anchor, offsets, quote,
 * context): not a user change, so not in the undo history. One transaction. */
enum pz_status store_reanchor(store *st, const struct store_annot *v, size_t n);

/* The live annotation whose uuid is or starts with prefix (at least 4 characters):
 * PZ_OK with *a filled (owned: store_annot_release), PZ_NOENT, or PZ_AMBIGUOUS when
 * the prefix matches several. */
enum pz_status store_annot_find(store *st, const char *prefix, struct store_annot *a);

/* Undoes the latest change to document doc's annotations made by this reviewer
 * (store_set_author) and not yet undone, or redoes the earliest one undone. PZ_NOENT
 * when there is nothing to undo or redo. uuid (may be NULL, else STORE_UUID_LEN + 1
 * bytes) gets the annotation concerned. Undoing and redoing work across sessions: the
 * history is in the database, with the reviewer and the process that made each step.
 * Another reviewer's steps are never undone, nor those of another process of this
 * reviewer still running (a process id reused since counts as running: such a step
 * is kept, never wrongly taken back). When the tag has been changed since by anyone
 * else (its type, done, note, due, owner or deletion differ from what the step left,
 * or a later step of someone else's stands), nothing is done: PZ_CONFLICT, with uuid
 * set; the step stays, and the next call finds it again. A new change drops what this
 * reviewer (in this process or an ended one) had undone. */
enum pz_status store_undo(store *st, int64_t doc, char *uuid);
enum pz_status store_redo(store *st, int64_t doc, char *uuid);

/* One reply in the discussion a tag carries: who wrote what when. Strings owned by
 * the record. */
struct store_reply {
	char uuid[STORE_UUID_LEN + 1];
	char *author;
	int64_t at;                /* Unix time in milliseconds */
	char *text;
};

/* Adds a reply by this reviewer (store_set_author), written now, to the live tag
 * annot. PZ_NOENT when there is no such tag, PZ_EMPTY for an empty text, PZ_NOTUTF8
 * or PZ_TOOLONG (STORE_FIELD_MAX) and nothing written. uuid_out (may be NULL, else
 * STORE_UUID_LEN + 1 bytes) gets the reply's id. Replies are messages: not undone. */
enum pz_status store_reply_add(store *st, const char *annot, const char *text,
                               char *uuid_out);

/* The replies to tag annot, oldest first (then in the order written). *v owned:
 * store_replies_free; none: *v NULL, *n 0. */
enum pz_status store_replies(store *st, const char *annot, struct store_reply **v, size_t *n);
void store_replies_free(struct store_reply *v, size_t n);

/* One step of a tag's history (the undo history): when, by whom, whether it has been
 * undone, and what it changed (STORE_STEP_* bits) with the values it left. Strings
 * owned by the record. */
enum {
	STORE_STEP_MADE = 1 << 0,     /* the tag was made */
	STORE_STEP_DELETED = 1 << 1,  /* deleted */
	STORE_STEP_RESTORED = 1 << 2, /* brought back after a deletion */
	STORE_STEP_TYPE = 1 << 3,
	STORE_STEP_DONE = 1 << 4,
	STORE_STEP_NOTE = 1 << 5,
	STORE_STEP_DUE = 1 << 6,
	STORE_STEP_OWNER = 1 << 7,
	STORE_STEP_PLACE = 1 << 8,    /* moved onto other text (attached) */
};
struct store_step {
	int64_t at;                   /* Unix time in milliseconds */
	char *author;
	int undone;
	unsigned what;
	char *type, *note, *due, *owner; /* after the step */
	int done;
};

/* The history of tag annot, oldest first. *v owned: store_steps_free; none: *v NULL,
 * *n 0. */
enum pz_status store_annot_history(store *st, const char *annot, struct store_step **v,
                                   size_t *n);
void store_steps_free(struct store_step *v, size_t n);

/* Adds v[0..n) to document doc in one transaction, as `pizhu tags import` brings them
 * (listing.h): each with its uuid, type, offsets (of no known version), quote, context,
 * user fields and times. One whose uuid is stored already is left as it is, unless it
 * was deleted: it comes back as v has it (in doc, modified now). Not undoable. *added
 * counts those added or brought back. Each is checked first (store_annot_check): one
 * that fails it gives its status and nothing is added. */
enum pz_status store_annots_import(store *st, int64_t doc, const struct store_annot *v,
                                   size_t n, size_t *added);

#endif
