/* A new draft read with its changes since an older one (issue 11): the review text is
 * the new text with the deleted passages put back where they stood, so that the reader
 * shows both inline, each change's parts as spans over it. Also what a reviewer's
 * marks are kept by (a change's key), whether a file is another draft of a known text,
 * and what a change does to a tagged passage. Computed here, drawn by src/ui/review.c. */
#ifndef PIZHU_REVIEW_H
#define PIZHU_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/diff.h"
#include "pizhu/status.h"

typedef struct review review;

/* Which changes the review text shows, and how. */
struct review_options {
	bool hide_deleted;    /* the deleted text left out (the new text alone, marked) */
	bool form;            /* also the changes of form only (hidden by default) */
	bool substance;       /* only the changes with substance (diff.h's filter) */
};

/* What a span of the review text is. */
enum review_part {
	REVIEW_INSERTED,      /* new text: inserted, or what replaced the deleted text */
	REVIEW_DELETED,       /* old text put back: deleted, or replaced */
	REVIEW_MOVED,         /* a passage that moved here */
	REVIEW_FORM,          /* new text that differs from the old only in form */
};

struct review_span {
	size_t start, end;    /* bytes of the review text */
	enum review_part part;
	size_t change;        /* its change's index */
};

/* One change shown. */
struct review_change {
	struct diff_change c;       /* offsets into the old and the new text */
	size_t start, end;          /* its extent in the review text (deleted and inserted
	                               parts; empty for a hidden deletion: where it was) */
	uint64_t key;               /* what a reviewed mark is kept by (review_key) */
};

/*
 * The review of the new text n[0, nn) against the old text o[0, on) with their
 * comparison d (diff_new on them). Neither text is kept. opt may be NULL (defaults:
 * deleted text shown, form hidden, every change of substance or not). A deleted
 * passage of whole lines comes back as lines of its own before the line it stood
 * before; other deleted text stands just before what replaced it. On PZ_OK *out is
 * owned (review_free); PZ_NOMEM otherwise.
 */
enum pz_status review_new(const char *o, size_t on, const char *n, size_t nn, const diff *d,
                          const struct review_options *opt, review **out);
void review_free(review *r);

/* The review text (borrowed until review_free; valid UTF-8 when both texts are). */
const char *review_text(const review *r, size_t *len);

/* The changes shown, in the order of the review text. Borrowed. */
size_t review_count(const review *r);
const struct review_change *review_at(const review *r, size_t i);

/* The spans, sorted by start. Borrowed. */
size_t review_span_count(const review *r);
const struct review_span *review_span_at(const review *r, size_t i);

/* The first span that may reach past byte from: every span before it ends at or
 * before from (spans of any length, a long deleted passage too). For drawing the bytes
 * [from, to): the spans from it on, up to the first starting at or after to. */
size_t review_span_first(const review *r, size_t from);

/* How many changes start in bytes [start, end) of the review text (a section's). */
size_t review_count_in(const review *r, size_t start, size_t end);

/* A change by byte off of the review text: with dir > 0 the first one starting after
 * off, with dir < 0 the last one starting before off, with 0 the one whose extent holds
 * off. SIZE_MAX when there is none. */
size_t review_find(const review *r, size_t off, int dir);

/* Byte off of the review text in the new text (inside put-back old text: where the
 * new text goes on), and byte off of the new text in the review text. */
size_t review_to_new(const review *r, size_t off);
size_t review_from_new(const review *r, size_t off);

/* The key a reviewed mark of change c of o → n is kept by: its kind, its old and new
 * text and a few characters of the new text around it, so that the same edit seen
 * again in a later comparison (the next draft against the same base) is the same
 * change, wherever it moved. */
uint64_t review_key(const char *o, const char *n, size_t nn, const struct diff_change *c);

/* How much of text t[0, tn) another text holds: the share (0 to 1) of t's sentences of
 * at least 4 characters that s[0, sn) contains (spaces ignored); 0 when t has none. A
 * file whose share in a known document's text is over REVIEW_RESEMBLES is taken for
 * another draft of it. */
#define REVIEW_RESEMBLES 0.5
double review_resemblance(const char *t, size_t tn, const char *s, size_t sn);

/* What the changes of d do to the tagged passage n[ts, te) of type (a tag type's name:
 * "deadline", "owner", ...): "deadline: 年底前 → 9月底前" (the passage before and
 * after, each cut to about 20 characters), "owner changed", "changed: …"; "" when no
 * change touches it (form only changes do not count). Into buf (always terminated).
 * Returns whether a change touches it. */
bool review_tag_note(const char *o, const char *n, size_t nn, const diff *d, size_t ts,
                     size_t te, const char *type, char *buf, size_t len);

struct store_tagdraft;

/* What the draft where tag last changed did to it, for the tag list and the status
 * line (one wording for both): type is its type's name ("deadline", "owner", "task",
 * ...), quote its text now, ch its latest change (store_tagdraft.h: the draft's number,
 * moved or orphaned, its text before). An orphan: "gone in draft 4: was 千兆光网…";
 * else what the change touched: "deadline: 年底前 → 9月底前 (draft 3)" (a deadline or
 * target, or a date changed in its passage: the date phrases before and after),
 * "owner changed in draft 3: was 市发改委…" (an owner, or the units told to act in
 * its passage), else "moved in draft 3: was 扎实推进…". Old texts are cut to about 24
 * characters (…). Into buf of size len (always terminated). Returns false (and "")
 * for ch NULL. */
bool review_tag_flag(const char *type, const char *quote, const struct store_tagdraft *ch,
                     char *buf, size_t len);

#endif
