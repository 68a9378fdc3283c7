/* The tags listing: what `pizhu tags` writes (a line a tag, or JSON with every field)
 * and `pizhu tags import` reads back. Its one owner: the format is written and read
 * here, and the store only keeps the records read. */
#ifndef PIZHU_LISTING_H
#define PIZHU_LISTING_H

#include <stdio.h>
#include "pizhu/document.h"
#include "pizhu/status.h"
#include "pizhu/store.h"
#include "pizhu/tags.h"

/* One line per annotation of ts, in its order:
 * id type status line col quote note due owner author (status: anchored, moved,
 * orphaned; line and col 1-based, empty for an orphan; author: the reviewer who made
 * it). New columns only ever come at the end. */
void listing_write_tsv(FILE *f, const tagset *ts, const doc *d);

/* The same for the tags made by author only (NULL or "": every tag). */
void listing_write_tsv_by(FILE *f, const tagset *ts, const doc *d, const char *author);

/* The listing format this build writes and reads: the JSON listing's "pizhu-tags"
 * member (a listing without it is of format 1, as before the member). A listing of a
 * higher format is from a newer pizhu, which may mean more than this one can read. */
#define LISTING_FORMAT 1

/* {"pizhu-tags", "file", "length", "hash", "annotations": [...], "deleted": [...]}:
 * the format (LISTING_FORMAT), every field of every annotation, with line:col where it
 * stands now. path is the file's absolute path; ts NULL (a file
 * never tagged) lists no annotations. */
void listing_write_json(FILE *f, const tagset *ts, const doc *d, const char *path);

/* The same for the tags made by author only (NULL or "": every tag). */
void listing_write_json_by(FILE *f, const tagset *ts, const doc *d, const char *path,
                           const char *author);

/* What one import may bring: at most LISTING_MAX_ANNOTATIONS annotations in a listing of
 * at most LISTING_MAX_BYTES bytes. */
#define LISTING_MAX_ANNOTATIONS 100000
#define LISTING_MAX_BYTES ((size_t)128 << 20)

/* A listing as read. Owned: listing_release. */
struct listing {
	char *file;                 /* its "file" member; NULL when it has none */
	struct store_annot *v;      /* its annotations, as the store takes them */
	size_t n;
	char **base;                /* [n]: each one's base ("base", JSON), or NULL */
	struct store_annot *gone;   /* its tombstones ("deleted"): uuid, editor, modified */
	size_t ngone;
};

/* Reads a JSON listing json[0..n): the file it names and every annotation, checked
 * whole before anything is taken (a UUID id, a type, a quote, offsets, open or done, a
 * real due date, times; text that is valid UTF-8 within store_annot_check's limits;
 * lower-case ids; times kept, or now when absent). PZ_OK, PZ_SYNTAX with detail saying
 * where and why (not JSON, too large, a "pizhu-tags" format that is not a positive
 * integer, no "annotations" array or too many, "annotation 3: has no quote": its index
 * from 0), PZ_DBNEWER for a listing of a format above LISTING_FORMAT (detail: which;
 * nothing else read), or PZ_NOMEM. On PZ_OK *out is owned
 * (listing_release); on PZ_SYNTAX it holds the file a listing that is JSON names, and
 * no annotations (release it too). */
enum pz_status listing_read(const char *json, size_t n, struct listing *out, char *detail,
                            size_t detail_len);
void listing_release(struct listing *l);

/* Merges l into document doc of st, whose text is chars characters long
 * (store_merge: added, updated, disputed, unchanged, deleted in *c; those added or
 * brought back are found again by their quote and context on the next load). One
 * whose offsets lie beyond the text gives PZ_SYNTAX (detail says which) and nothing
 * is written. */
enum pz_status listing_merge(store *st, int64_t doc, int64_t chars, const struct listing *l,
                             struct store_merge_counts *c, char *detail, size_t detail_len);

/* listing_merge, counting those added, and the rest as skipped. Adds l's annotations to document doc of st, whose text is chars characters long
 * (store_annots_import: those already there are left alone, deleted ones come back);
 * they are found again by their quote and context on the next load. *added and
 * *skipped count them. One whose offsets lie beyond the text gives PZ_SYNTAX (detail
 * says which) and nothing is added. */
enum pz_status listing_import(store *st, int64_t doc, int64_t chars, const struct listing *l,
                              size_t *added, size_t *skipped, char *detail, size_t detail_len);

/* Both: what `pizhu tags import` does with a listing json[0..n). */
enum pz_status listing_import_json(store *st, int64_t doc, int64_t chars, const char *json,
                                   size_t n, size_t *added, size_t *skipped, char *detail,
                                   size_t detail_len);

#endif
