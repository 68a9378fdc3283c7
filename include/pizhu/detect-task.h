/* Whether a sentence is a task: someone told to act, by a commitment word that is not
 * part of an ordinary word or an exhortation to feel, or by a command verb it opens
 * with; not a report, a statement, reported speech, an announced plan or list, or a
 * short title. Internal to src/core/detect*.c. */
#ifndef PIZHU_DETECT_TASK_H
#define PIZHU_DETECT_TASK_H

#include <stdbool.h>
#include <stddef.h>

#include "pizhu/detect-prefilter.h"
#include "pizhu/detect-text.h"

/* Whether the sentence [s, e) is a task: its commitment word (its value) written into
 * word (DETECT_VALUE_MAX bytes) and *at its place. sc holds the sentence's scan (NULL:
 * the sentence is read here). A heading's title is no sentence: the caller leaves it
 * out (the outline knows the headings, short run-in titles too). */
bool task_is(const struct text *t, const struct prefilter *pf, size_t s, size_t e,
             const struct scan *sc, char *word, size_t *at);

/* Whether [s, e) commits someone: task_is without a scan. */
bool task_commits(const struct text *t, const struct prefilter *pf, size_t s, size_t e,
                  char *word, size_t *at);

#endif
