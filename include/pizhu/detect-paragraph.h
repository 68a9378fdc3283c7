/* A paragraph's suggestions: its sentences walked one by one (across hard line
 * breaks, markers and headings' titles set aside), each scanned once, its task, owners,
 * deadlines and targets found and linked. Internal to src/core/detect*.c. */
#ifndef PIZHU_DETECT_PARAGRAPH_H
#define PIZHU_DETECT_PARAGRAPH_H

#include "pizhu/date.h"
#include "pizhu/detect-prefilter.h"
#include "pizhu/detect-text.h"
#include "pizhu/outline.h"

/* What a section does, a flag each: */
enum {
	SECTION_REVIEW = 1,  /* reviews work done (一、2024年工作回顾): nothing suggested */
	SECTION_PAST = 2,    /* opens with a time gone by (去年，…): measures and plain
	                        verbs report there, only commitment words commit */
};

/* Adds the suggestions of paragraph p of outline o to f, deadlines counted from at.
 * sections (may be NULL), indexed by node: SECTION_* flags of the sections. Items are
 * added in the order found (detect.c sorts them and links the tasks to the deadlines
 * that frame them, scope_end). */
void paragraph_detect(const struct text *t, const outline *o, const struct outline_para *p,
                      const struct date *at, const struct prefilter *pf,
                      const uint8_t *sections, struct found *f);

/* Whether paragraph p opens with a time gone by: a report opener (去年, 过去一年) or a
 * year before the speech's own (at), alone in its first clause (2024年，…). */
bool paragraph_reports_past(const struct text *t, const struct outline_para *p,
                            const struct date *at);

#endif
