/* Owners: the units told to act, before a commitment (市委组织部要), before a verb
 * they govern in a clause (党组织推动…), or named as responsible (由…牵头,
 * 责任单位：…); a place alone (全市) is not one. Internal to src/core/detect*.c. */
#ifndef PIZHU_DETECT_OWNER_H
#define PIZHU_DETECT_OWNER_H

#include <stdbool.h>
#include <stddef.h>

#include "pizhu/detect-prefilter.h"
#include "pizhu/detect-text.h"

/* Whether [a, b) names units that can be told to act. */
bool owner_is(const struct text *t, size_t a, size_t b);

/* The owners of the task sentence [a, b) (sc its scan): before each commitment word,
 * before an exhortation's 要, and a unit that opens a clause with a verb it governs.
 * Added to f linked to task (an index of f, or SIZE_MAX). */
void owners_of_task(const struct text *t, const struct prefilter *pf, size_t a, size_t b,
                    const struct scan *sc, struct found *f, size_t task);

/* The owner before the word at i in the sentence [s, ...), in i's clause (from cs):
 * the unit told by it, added to f linked to task when there is one. */
void owner_before(const struct text *t, size_t s, size_t cs, size_t i, struct found *f,
                  size_t task);

/* The units asked in [a, b) after a request word opening a clause (请各单位于…). */
void owners_requested(const struct text *t, size_t a, size_t b, struct found *f, size_t task);

/* The owners named as responsible in [s, e): 由X牵头, 责任单位：X; seen: the SEEN_* bits
 * of the words that may stand there (SEEN_ALL: look for all). */
void owners_named(const struct text *t, size_t s, size_t e, uint8_t seen, struct found *f,
                  size_t task);

#endif
