/* Finding an annotation again in a changed draft (W3C TextQuote + TextPosition selectors),
 * so that editing a speech never silently drops or misplaces what was written about it. */
#ifndef PIZHU_ANCHOR_H
#define PIZHU_ANCHOR_H

#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

/*
 * Text is an array of code points and every offset counts code points. An annotation
 * remembers its range, its quote and up to ANCHOR_CONTEXT characters either side;
 * anchor_find looks for it in the new text, in this order:
 *
 *   1. Where it was: the quote is still at the hint (or at sel->start) and its prefix
 *      or its suffix is unchanged there: ANCHORED.
 *   2. Exactly: of every occurrence of the quote, the one whose context fits best.
 *      ANCHORED when its prefix or its suffix is unchanged. Else MOVED, unless step 3
 *      finds a better fit near the hint (a sentence said twice, the annotated one
 *      edited, the other not).
 *   3. Approximately (Myers' bit-parallel algorithm): at most floor(quote_len / 2)
 *      characters inserted, deleted or replaced, within about 4,000 characters of the
 *      hint: MOVED. Only when nothing is found there, further away: where the text
 *      shares 4 characters in a row with the quote at one of the positions indexed
 *      (every 8th: a passage moved and edited keeps 11 in a row somewhere), and with
 *      half its prefix or suffix found again or at most a third of its characters
 *      changed. Nothing good enough: ORPHANED.
 *
 * Candidates are scored by the characters found again, in the quote, the prefix and
 * the suffix alike (contexts compared from the quote outwards), plus a little for
 * being near the hint. So the range of a changed quote takes in what was inserted at
 * its ends; a long quote is placed mostly by its words, a short one by its context.
 * A quote shorter than 8 characters is taken, exactly or not, only where half its
 * prefix or half its suffix is found again, and only near the hint when it changed: a
 * deleted word is not found again in an unrelated sentence that happens to use it.
 *
 * Cost: the index keeps about 3 bytes per character (2 for the character's number in
 * the text's alphabet, about 1 for the 4-character k-grams at every 8th position) and
 * reads the text once. Then a quote still at the hint costs its length; one found
 * exactly elsewhere, a comparison of context per occurrence (a quote under 11
 * characters: a reading of the whole text); one that changed, a pass over the 8,000
 * characters around the hint (about 50 us), and for an orphan also the places sharing
 * 4 characters with it at an indexed position: far away, a passage moved and edited is
 * found when it keeps 11 characters in a row. 10,000 annotations on 330,000
 * characters after 300 edits: about 25 ms; with 3% of them deleted, about 110 ms.
 */

#define ANCHOR_CONTEXT 32   /* characters of prefix and suffix kept */

enum anchor_state {
	ANCHOR_ANCHORED,    /* the quote, unchanged, with some of its context */
	ANCHOR_MOVED,       /* found, but its words or all its context changed */
	ANCHOR_ORPHANED,    /* not found: keep the annotation, show it apart */
};

/* What an annotation remembers; the arrays are borrowed for the call. */
struct anchor_selector {
	size_t start, end;              /* character offsets where it was; start < end */
	const uint32_t *quote;  size_t quote_len;   /* == end - start when made */
	const uint32_t *prefix; size_t prefix_len;  /* up to ANCHOR_CONTEXT chars just before */
	const uint32_t *suffix; size_t suffix_len;  /* up to ANCHOR_CONTEXT chars just after */
};

struct anchor_result {
	enum anchor_state state;
	size_t start, end;              /* in the new text, start < end; 0,0 when orphaned */
};

typedef struct anchor_index anchor_index;

/* Indexes text[0..len) for repeated anchor_find calls; the index keeps its own copy
 * of what it needs (the text is not borrowed). On PZ_OK *out is owned
 * (anchor_index_free). Returns PZ_NOMEM, or PZ_TOOBIG when len is 4 Gi characters or
 * more. */
enum pz_status anchor_index_new(const uint32_t *text, size_t len, anchor_index **out);

/* The same from UTF-8 text[0..n): a character at every byte that is not a continuation
 * byte (as utf8_count counts; a byte that starts no valid sequence is U+FFFD), so that
 * offsets are those of doc_char_index. No copy of the text as code points is made. */
enum pz_status anchor_index_new_utf8(const char *text, size_t n, anchor_index **out);

/* The number of characters indexed. */
size_t anchor_index_len(const anchor_index *ix);

/* Frees ix (NULL is fine); the text is not the index's. */
void anchor_index_free(anchor_index *ix);

/* Finds sel in the indexed text. hint: the character offset where the caller expects it
 * now (e.g. its old start shifted by how far the previous annotation moved), or SIZE_MAX
 * for "use sel->start"; a hint past the end counts as the end. Prefix and suffix longer
 * than ANCHOR_CONTEXT are cut to the ANCHOR_CONTEXT characters next to the quote; an
 * empty quote is ORPHANED. Returns PZ_OK (res filled, also when ORPHANED) or PZ_NOMEM
 * (res ORPHANED). The index is only read: calls may run in parallel. */
enum pz_status anchor_find(const anchor_index *ix, const struct anchor_selector *sel,
                           size_t hint, struct anchor_result *res);

/* Offsets into text[0..len) of the prefix and suffix to remember for [start,end) (start <=
 * end <= len): the prefix is text[*pre_start..start) and the suffix text[end..*suf_end),
 * each at most ANCHOR_CONTEXT characters, shorter only at the ends of the text. */
void anchor_context(size_t len, size_t start, size_t end, size_t *pre_start, size_t *suf_end);

#endif
