/* A document's suggested tags as the user works through them: what detection found
 * (detect.h), less those the user turned down (remembered by their words, so that they
 * stay down in later drafts) and those a tag of their type already covers; accepting
 * one makes the tag it suggests. The reader and `pizhu suggest` both read them here. */
#ifndef PIZHU_SUGGESTIONS_H
#define PIZHU_SUGGESTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/detect.h"
#include "pizhu/document.h"
#include "pizhu/outline.h"
#include "pizhu/status.h"
#include "pizhu/store.h"
#include "pizhu/tags.h"

typedef struct suggestions suggestions;

/* How many characters before a suggestion a rejection remembers (within its line), so
 * that the same words elsewhere are not turned down with it. */
#define SUGGESTIONS_REJECT_CONTEXT 8

/* Finds the suggestions of d with its outline o (detect_run). Reads d and o only and
 * keeps d (borrowed: it must outlive the set), not o: the costly part of opening a
 * document, which may be done apart from the rest (see session.h). Nothing is hidden
 * yet. On PZ_OK *out is owned (suggestions_free); else PZ_NOMEM. */
enum pz_status suggestions_find(const doc *d, const outline *o, const struct detect_options *opt,
                                suggestions **out);
void suggestions_free(suggestions *sg);

/* Every suggestion, sorted by start: items[0..*n). Borrowed until suggestions_free. */
const struct detect_item *suggestions_items(const suggestions *sg, size_t *n);

/* Whether suggestion i is hidden: turned down, or covered by a tag of its type. */
bool suggestions_hidden(const suggestions *sg, size_t i);

/* How many are hidden. */
size_t suggestions_hidden_count(const suggestions *sg);

/* Marks turned down (and hides) exactly the suggestions that match a rejection of
 * v[0..n) (same type, same words, the same words before them): those turned down
 * before and matching none are shown again, so call suggestions_cover after, to hide
 * what the tags cover. O(n log n + number of suggestions). */
enum pz_status suggestions_apply_rejections(suggestions *sg, const struct store_rejection *v,
                                            size_t n);

/* Where the words before suggestion i that a rejection remembers start (a byte offset
 * of the text; the words run to the suggestion's start). */
size_t suggestions_prefix_start(const suggestions *sg, size_t i);

/* Marks suggestion i turned down (in memory: session_reject also remembers it in the
 * store). */
void suggestions_turn_down(suggestions *sg, size_t i);

/* Undoes suggestions_turn_down of i (call suggestions_cover after, if tags may cover
 * it); whether i is turned down. */
void suggestions_bring_back(suggestions *sg, size_t i);
bool suggestions_rejected(const suggestions *sg, size_t i);

/* Hides the suggestions that a tag of ts covers (a tag of the same type overlapping
 * them) and shows again those no tag covers any longer: call it after the tags changed.
 * ts may be NULL (no tags). */
void suggestions_cover(suggestions *sg, const tagset *ts);

/* Shows or hides them all (the user's switch; hidden ones stay hidden either way). */
void suggestions_show(suggestions *sg, bool shown);
bool suggestions_shown(const suggestions *sg);

/* The first suggestion shown (not hidden, the set shown) overlapping bytes
 * [start, end), or SIZE_MAX. O(log n) plus the suggestions starting just before. */
size_t suggestions_shown_at(const suggestions *sg, size_t start, size_t end);

/* The first shown suggestion starting after byte off, or with back the last one
 * starting before it; SIZE_MAX when there is none. */
size_t suggestions_next(const suggestions *sg, size_t off, bool back);

/* The shown suggestions starting in bytes [from, to), in order, into a new array *v
 * (owned: free()) of *n indices. PZ_NOMEM. */
enum pz_status suggestions_in(const suggestions *sg, size_t from, size_t to, size_t **v,
                              size_t *n);

/* The items not hidden, as a new array (owned: free()) whose task fields are indices
 * into it (SIZE_MAX where the task was hidden): what `pizhu suggest` prints. */
enum pz_status suggestions_copy_unhidden(const suggestions *sg, struct detect_item **v, size_t *n);

/* The built-in tag type a suggestion of type t makes, and its name ("task", ...). */
enum tagtype_id suggestions_tag_kind(enum detect_type t);
const char *suggestions_tag_type(enum detect_type t);

/* What accepting suggestion i fills in besides its type and text: a deadline's date,
 * an owner's units, a task's told or leading owner and its date when suggested in its
 * sentence or its note, else the date of the deadline that frames it. *due and *owner
 * are borrowed from the set, or NULL. */
void suggestions_accept_fields(const suggestions *sg, size_t i, const char **due,
                               const char **owner);

#endif
