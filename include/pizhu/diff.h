/* What changed between two drafts of a speech, compared the way a reader of Chinese
 * sees it: sentence by sentence, then word by word, numbers and Latin words whole,
 * form-only changes and moved passages told apart from edits. The review view, the
 * stored versions and `pizhu diff` are built on it. */
#ifndef PIZHU_DIFF_H
#define PIZHU_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/status.h"

typedef struct diff diff;

#define DIFF_KIND_LIST(K)                                                          \
	K(INSERT,  "insert")   /* text only in the new draft */                  \
	K(DELETE,  "delete")   /* text only in the old draft */                  \
	K(REPLACE, "replace")  /* old text replaced by new text */               \
	K(MOVE,    "move")     /* the same passage, elsewhere in the new draft */ \
	K(FORM,    "form")     /* the same words in another form: width (２０２５/2025), \
	                          punctuation (，/, “”/""), line breaks */

enum diff_kind {
#define DIFF_KIND_ENUM(id, name) DIFF_##id,
	DIFF_KIND_LIST(DIFF_KIND_ENUM)
#undef DIFF_KIND_ENUM
	DIFF_KIND_COUNT
};

/* What a change touches (bits of diff_change.substance); the substance filter shows
 * the changes with any bit set. */
#define DIFF_SUBSTANCE_LIST(S)                                                     \
	S(NUMBER,   "number")    /* figures: 2025, 80%, 三千 */                   \
	S(DATE,     "date")      /* dates and deadlines: 年底前, 6月, 三季度 */    \
	S(OWNER,    "owner")     /* units told to act: 市教育局, 牵头, 负责 */     \
	S(COMMIT,   "commit")    /* commitment words: 要, 必须, 确保, 力争 */      \
	S(NEGATION, "negation")  /* 不, 没有, 严禁, 不得 */

enum diff_substance_bit {
#define DIFF_SUBSTANCE_ENUM(id, name) DIFF_SUBSTANCE_BIT_##id,
	DIFF_SUBSTANCE_LIST(DIFF_SUBSTANCE_ENUM)
#undef DIFF_SUBSTANCE_ENUM
	DIFF_SUBSTANCE_COUNT
};
#define DIFF_SUBSTANCE(id) (1u << DIFF_SUBSTANCE_BIT_##id)

/*
 * One change. Ranges are byte offsets into the texts given to diff_new, at character
 * boundaries, end exclusive. An insert has an empty old range where its text would
 * stand in the old draft; a delete an empty new range where its text stood. A move
 * gives where the passage stood (old) and where it stands now (new); changes of form
 * inside a moved passage are FORMs of their own, inside the move's ranges. Leading
 * and trailing line breaks are not part of a range, except in a change of line
 * breaks only (a FORM).
 */
struct diff_change {
	enum diff_kind kind;
	size_t old_start, old_end;
	size_t new_start, new_end;
	unsigned substance;        /* DIFF_SUBSTANCE() bits; 0 for MOVE and FORM */
};

/*
 * Compares the old text o[0, on) with the new text n[0, nn) (UTF-8, as doc_text gives
 * them; invalid bytes are compared as they are). Neither is kept: the result holds
 * offsets only, valid for these texts. On PZ_OK *out is owned (diff_free). PZ_NOMEM
 * otherwise.
 *
 * Units of comparison: sentences (sentence_end) with their line breaks first; then,
 * inside the sentences that differ, tokens: a Han character (with any combining
 * marks), a number (digits in either width, with . or thousands separators, or a run
 * of Chinese numerals: 2025, ２０２５, 6.5, 二〇二五, 三千), a Latin word, a punctuation
 * mark. Tokens are compared in a folded form (full-width letters, digits and marks as
 * ASCII, “” as ", ‘’ as ', 。 as .; spaces ignored), so a change of form alone is a
 * FORM. Short runs left equal between two edits (扎实推进 → 稳步推进, one replace) are
 * merged into one replacement, but never a sentence end, a line break or a number,
 * and never next to a change of figures (2025年底前 → 2026年6月底前 gives 2025 → 2026
 * and an insert of 6月). A passage of whole sentences deleted in one place and
 * inserted in another, at least DIFF_MOVE_MIN characters, is a MOVE (an enumeration
 * marker at its start may differ: a reordered list).
 *
 * Costs O(on + nn) time and memory for texts with few changes (sentences hashed
 * once; only differing sentences are split into tokens).
 */
#define DIFF_MOVE_MIN 6
enum pz_status diff_new(const char *o, size_t on, const char *n, size_t nn, diff **out);

void diff_free(diff *d);

/* The changes, sorted by new_start, then old_start. Borrowed, valid until diff_free. */
size_t diff_count(const diff *d);
const struct diff_change *diff_at(const diff *d, size_t i);

/* "insert", "delete", ...; "" out of range. */
const char *diff_kind_name(enum diff_kind k);

/* "number", "date", ... for bit i; "" out of range. */
const char *diff_substance_name(unsigned bit);

/* The characters a change removes and adds, counted as the reader sees them (a
 * move counts once, its length). For "characters changed" between two drafts. */
size_t diff_changed_chars(const diff *d, const char *o, const char *n);

/* Where byte off of the old text o is in the new text n (the texts given to diff_new):
 * shifted by the changes before it (text moved away or moved in too); inside moved
 * text, where it went; inside a changed range, at the start of what replaced it; never on a line break the old text did not have there. For keeping
 * the reader's place when the file changes on disk. */
size_t diff_map_offset(const diff *d, const char *o, size_t on, const char *n, size_t nn,
                       size_t off);

/* Where the passage o[start, end) of the old text is in the new one, found again as a
 * tag's quote is: word for word, the occurrence nearest to where the changes put it;
 * else where the changes put its start (with its paragraph when that moved). For
 * keeping the sentence cursor on its sentence when the file changes on disk. */
size_t diff_follow_passage(const diff *d, const char *o, size_t on, const char *n, size_t nn,
                           size_t start, size_t end);

#endif
