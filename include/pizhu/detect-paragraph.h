/* A paragraph's suggestions: its sentences walked one by one (across hard line
 * breaks, markers and headings' titles set aside), each scanned once, its task, owners,
 * deadlines and targets found and linked. Internal to src/core/detect*.c. */
#ifndef PIZHU_DETECT_PARAGRAPH_H
#define PIZHU_DETECT_PARAGRAPH_H

#include "pizhu/date.h"
#include "pizhu/detect-prefilter.h"
#include "pizhu/detect-text.h"
#include "pizhu/outline.h"

/* Adds the suggestions of paragraph p of outline o to f, deadlines counted from at.
 * review (may be NULL), indexed by node: the sections that review work done, where
 * nothing is suggested. Items are added in the order found (detect.c sorts them and
 * links the tasks to the deadlines that frame them, scope_end). */
void paragraph_detect(const struct text *t, const outline *o, const struct outline_para *p,
                      const struct date *at, const struct prefilter *pf, const bool *review,
                      struct found *f);

#endif
