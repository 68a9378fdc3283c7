/* What a tag was in the drafts where it changed: when re-anchoring on a new draft
 * changes a tag's text or loses its passage, the text it had before is kept with the
 * draft, so that the tag list and the status line can say "moved in draft 3: was …"
 * and "gone in draft 4: was …" (issue 11; the wording is review_tag_flag's). */
#ifndef PIZHU_STORE_TAGDRAFT_H
#define PIZHU_STORE_TAGDRAFT_H

#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"
#include "pizhu/store_annot.h"

typedef struct store store;

/* One change of one tag in one draft. */
struct store_tagdraft {
	int64_t annot;             /* the annotation's id */
	int64_t version;           /* the draft it changed in (store_version's id) */
	size_t draft;              /* that draft's number in its document, from 1 (as
	                              `pizhu drafts` counts), when read */
	enum store_anchor anchor;  /* STORE_MOVED (its text changed) or STORE_ORPHANED */
	char *was;                 /* its text before that draft; owned */
};

/* Records v[0..n) (their annot, version, anchor, was; draft is ignored) in one
 * transaction; a change already recorded for the same tag and draft is kept as it
 * was (the first re-anchoring on a draft saw the text before it). */
enum pz_status store_tagdraft_record(store *st, const struct store_tagdraft *v, size_t n);

/* The latest change of each tag of document doc that has one, by annot. On PZ_OK *out
 * is owned (store_tagdraft_free), *n of them. */
enum pz_status store_tagdraft_latest(store *st, int64_t doc, struct store_tagdraft **out,
                                     size_t *n);

/* The latest change of annotation annot: PZ_OK with *out filled (out->was owned:
 * free()), or PZ_NOENT when it never changed. */
enum pz_status store_tagdraft_of(store *st, int64_t annot, struct store_tagdraft *out);

void store_tagdraft_free(struct store_tagdraft *v, size_t n);

#endif
