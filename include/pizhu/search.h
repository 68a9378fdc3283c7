/* Incremental search where full-width and half-width forms and letter case match each
 * other (ＡＢＣ = abc, １２ = 12, U+3000 = space), with every position in the original. */
#ifndef PIZHU_SEARCH_H
#define PIZHU_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/status.h"

/*
 * Text and query are compared folded: NFKC, then case-folded (libunistring's
 * u8_normalize and u8_casefold), and Chinese quotation marks and brackets as the
 * ASCII typed for them (“” and ", ‘’ and ', 【 and [, 】 and ]; NFKC leaves them),
 * character by character: a character and the
 * combining marks after it fold as one unit. A match covers whole units: "kg" finds
 * ㎏ and "fi" finds ﬁ, but "g" alone does not find ㎏, so that a match never starts
 * or ends inside a character of the source.
 *
 * Lines: a single '\n' folds as layout shows it (see layout_newline_is_space):
 * nothing between two Chinese characters, one space between ASCII words, so that a
 * query finds words split by a hard-wrapped line. A '\n' next to another '\n' (a
 * blank line) or before indentation (space, TAB, U+3000) stays a '\n', which no
 * typed query holds: matches do not cross paragraphs.
 *
 * Cost: the whole text is folded once, on the first search (or search_prepare), in
 * one pass (about 6-9 ms per MB: CJK, ASCII and full-width forms fold without
 * libunistring); then each search is a memmem over the folded text (a miss over
 * 40 MB: about 15 ms). Kept: the folded text and a checkpoint every 256 source bytes
 * (8 bytes each), about 0.8 bytes per source byte for Chinese text (full-width
 * punctuation folds to ASCII); offsets between checkpoints are found again by
 * folding at most 256 bytes.
 */

typedef struct search search;

/* Prepares to search text[0..len) (UTF-8), borrowed: it must outlive the search and
 * stay unchanged. Folds nothing yet. On PZ_OK *out is owned (search_free). Returns
 * PZ_NOMEM, or PZ_TOOBIG when len is 4 GiB or more. */
enum pz_status search_new(const char *text, size_t len, search **out);

/* Frees s and what it holds (NULL is fine); the text is not the search's. */
void search_free(search *s);

/* Folds the text now (the first search does it otherwise). Returns PZ_OK, PZ_NOMEM,
 * or PZ_TOOBIG when the folded text reaches 4 GiB. Idempotent. */
enum pz_status search_prepare(search *s);

/* Bytes held for the folded text and its checkpoints (0 before folding). */
size_t search_memory(const search *s);

enum search_dir {
	SEARCH_FORWARD,
	SEARCH_BACKWARD,
};

struct search_match {
	size_t start, end;   /* byte range in the original text, start < end */
	bool wrapped;        /* found only by going round the end (or start) */
};

/*
 * Finds query[0..qlen) from byte offset from (0 <= from <= len): forward, the first
 * match starting at or after from, else (wrapped) the first of the text; backward,
 * the last match starting before from, else (wrapped) the last of the text. So `n`
 * after a match at m passes m.start + 1 forward, m.start backward. Returns PZ_OK
 * with *m set, PZ_NOTFOUND (also for an empty query or one that folds to nothing),
 * or an error of search_prepare.
 */
enum pz_status search_find(search *s, const char *query, size_t qlen, size_t from,
                           enum search_dir dir, struct search_match *m);

/*
 * The matches of query starting in text[a..b), in order and not overlapping (each
 * searched from the end of the one before), for highlighting visible rows: up to max
 * of them into out[], *count set to how many were stored. A match may end after b.
 * Returns PZ_OK (also when none), or an error of search_prepare.
 */
enum pz_status search_matches_in(search *s, const char *query, size_t qlen, size_t a,
                                 size_t b, struct search_match *out, size_t max,
                                 size_t *count);

/*
 * Counts the matches of query as search_find visits them one after another (each
 * searched from the start of the one before + 1, so that `n` steps through exactly
 * these), stopping at max: *total is how many (max means max or more); *index the
 * 1-based number of the match starting at byte at, 0 when none starts there among
 * those counted. Costs a pass over the folded text up to the max-th match. Returns
 * PZ_OK (*total 0 when none), or an error of search_prepare.
 */
enum pz_status search_count(search *s, const char *query, size_t qlen, size_t at, size_t max,
                            size_t *index, size_t *total);

#endif
