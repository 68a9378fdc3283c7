/* The clause model of detection: clauses (up to ，；：。！？), sentences, full sentences
 * (parts split by ；sharing one outlook), and whether a phrase in one binds an action
 * or reports. Internal to src/core/detect*.c. */
#ifndef PIZHU_DETECT_CLAUSE_H
#define PIZHU_DETECT_CLAUSE_H

#include <stdbool.h>
#include <stddef.h>

#include "pizhu/detect-prefilter.h"
#include "pizhu/detect-rules.h"
#include "pizhu/detect-text.h"

/* Whether a clause mark (，；：。！？ full or half width, or a line break) stands at i:
 * its length in *len. */
static inline bool clause_mark(const struct text *t, size_t i, size_t *len)
{
	const unsigned char *p = (const unsigned char *)t->s + i;
	switch (p[0]) {
	case ',': case ';': case '\n':
		*len = 1;
		return true;
	case 0xE3: /* 。 */
		*len = 3;
		return i + 3 <= t->n && p[1] == 0x80 && p[2] == 0x82;
	case 0xEF: /* ，；：！？ */
		*len = 3;
		return i + 3 <= t->n && p[1] == 0xBC &&
		       (p[2] == 0x8C || p[2] == 0x9B || p[2] == 0x9A || p[2] == 0x81 || p[2] == 0x9F);
	default:
		return false;
	}
}

/* The clause holding [a, b) within the sentence [s, e): from after the last clause mark
 * before a, up to the first one from b. */
void clause_of(const struct text *t, size_t s, size_t e, size_t a, size_t b, size_t *cs,
               size_t *ce);

/* The length of the sentence mark (。！？；…) that ends [a, b), or 0. */
size_t mark_len(const struct text *t, size_t a, size_t b);

/* [a, b) without its final marks: where its words end. */
size_t words_end(const struct text *t, size_t a, size_t b);

/* Where the full sentence from s (in a paragraph ending at pend) ends: past every
 * ；-ended part; the ends of its first parts go to ends_v[] (*n of them, at most
 * PERIOD_PARTS). */
#define PERIOD_PARTS 32
size_t period_end(const struct text *t, size_t s, size_t pend, size_t *ends_v, size_t *n);

/* The sentence a phrase stands in, and the full sentence around it (up to 。！？: the
 * parts of a list split by ；share its 目标是), whose outlook is worked out once. */
struct period {
	size_t s, e;          /* the sentence */
	size_t ps, pe;        /* the full sentence */
	int asks;             /* -1 unknown, else whether the full sentence asks for action */
	bool commits;         /* when asks is known: whether it commits (a task) */
	bool reports;         /* its paragraph tells what was done: measures do not bind */
	bool frames;          /* a heading's title or a list's announcement: a period in
	                         it frames what follows; nothing else is sought */
};

/* Whether a measure at a opens its clause (from cs) in the sentence from ps: nothing
 * before it, a time that opens a command (全年新建…), or a place or unit when the
 * sentence opens with a time ahead (今年，全县安排…). */
bool measure_opens(const struct text *t, size_t ps, size_t cs, size_t a);

/* Takes pd's full sentence as one that commits (it names its own deadline or measure). */
void period_commits(struct period *pd);

/* Whether the period [a, b) opens the sentence starting at s as the year a plan's goals
 * are due: only a word of reaching before it (到2029年，…; 力争到…) and a comma after it.
 * Such a sentence commits to what follows, as one opening with 到2029年底， does. */
bool goal_year_opens(const struct text *t, size_t s, size_t a, size_t b);

/* Whether a phrase [a, b) of rule r in the sentence of pd binds an action and does not
 * report (the rule's need, its clause, the full sentence's outlook). */
bool period_binds(const struct text *t, const struct prefilter *pf, struct period *pd,
                  size_t a, size_t b, const struct detect_rule *r);

#endif
