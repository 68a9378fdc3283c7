/* Suggested tags: the deadlines, targets, tasks and owners a speech states, found by
 * a table of readable rules, each value normalised (an ISO date, a signed quantity,
 * the units named) so that accepting a suggestion fills in the tag's due date or owner. */
#ifndef PIZHU_DETECT_H
#define PIZHU_DETECT_H

#include <stdbool.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/date.h"
#include "pizhu/document.h"
#include "pizhu/outline.h"
#include "pizhu/status.h"

enum detect_type { DETECT_DEADLINE, DETECT_TARGET, DETECT_TASK, DETECT_OWNER, DETECT_TYPES };

#define DETECT_VALUE_MAX 128

/* An owner's part: told to act (市委组织部要…), leading (牵头单位：, 由…牵头, X牵头), or
 * cooperating (配合单位：, X配合). */
enum detect_role { DETECT_TOLD, DETECT_LEAD, DETECT_COOPERATING };

/* One suggestion. */
struct detect_item {
	enum detect_type type;
	size_t start, end;              /* bytes of the text, end exclusive */
	char value[DETECT_VALUE_MAX];   /* normalised, see below; NUL-terminated */
	size_t task;                    /* owner, deadline, target: the task suggestion of
	                                   the same sentence (an index), else SIZE_MAX */
	int rule;                       /* the rule that found it (detect_rule_*) */
	size_t frame;                   /* task: the framing deadline that scopes it (an
	                                   index), else SIZE_MAX; see scope_end */
	enum detect_role role;          /* owner: lead, cooperating, or only told */
	bool note;                      /* owner: named in a note after its task (（牵头
	                                   单位：…）), linked to that task */
	size_t scope_end;               /* deadline: when it frames what follows (今年， at
	                                   a paragraph's head; a heading 2027年重点工作; a
	                                   list announced 今年要抓好以下工作：), the byte
	                                   where its scope ends, else 0 */
};

/*
 * Values:
 *   deadline  the last day it allows, YYYY-MM-DD, counted from the speech's date; the
 *             year written XXXX when no date is known; "unfilled" for a placeholder
 *             (X月中旬, x月xx日); a recurrence as R/P1D R/P1W R/P1M R/P3M R/P6M R/P1Y.
 *   target    an operator, the number in digits, the unit as written: >=80% >5万元
 *             =100% <=3% +10% +>=10% x2 x4; "unfilled" for a placeholder number.
 *   task      the word that commits: 要 必须 务必 确保 抓好 牵头 ...
 *   owner     the units told to act, joined by 、
 */

struct detect_options {
	struct date date;               /* the date to count from when a speech states none
	                                   (--date); zero: unknown */
	const char *name;               /* the file's name, whose date (date_from_name) is
	                                   used after that; NULL: none */
	unsigned threads;               /* how many threads may share the work (at most 8);
	                                   0: one per processor for a text over 1 MiB, else 1.
	                                   The result is the same whatever the number. */
	const atomic_bool *stop;        /* when it turns true, the run ends soon, with what
	                                   it found so far (for a caller that no longer
	                                   wants it: loader_free); NULL: never */
};

/* Finds the suggestions in d, using its outline o (speeches and their dates,
 * headings, paragraphs). On PZ_OK *items is owned (free()) and sorted by start, then
 * type; *n may be 0. PZ_NOMEM otherwise. */
enum pz_status detect_run(const doc *d, const outline *o, const struct detect_options *opt,
                          struct detect_item **items, size_t *n);

/* "deadline", "target", "task", "owner"; "" out of range. */
const char *detect_type_name(enum detect_type t);

/* The date of speech i of o, from its date line ("2024年8月24日", "二〇二四年八月
 * 二十四日"): true and *date filled when it has one. */
bool detect_speech_date(const doc *d, const outline *o, size_t i, struct date *date);

/*
 * The date speech i's deadlines are counted from, the document's own date: its date
 * line; else a date it is issued or signed with (a short paragraph holding only a
 * date, one in brackets, or one with 印发, 发布, 通过); else opt's date; else the date
 * of opt's file name; else a year alone (month and day 0) from its title
 * (某县2027年工作要点), from the file name, or from a sentence that says which year
 * this is (2024年是…). All zero when none is known. opt may be NULL.
 */
struct date detect_date_of(const doc *d, const outline *o, size_t i,
                           const struct detect_options *opt);

/* Whether the owner named at bytes [start, end) of text[0..len) cooperates: a label
 * of cooperating units before it in its note or clause (配合单位：…), or a word of
 * cooperating after it (县卫健局配合). How the breakdown tells 配合单位 from 牵头单位. */
bool detect_owner_cooperates(const char *text, size_t len, size_t start, size_t end);

/* Whether text[pos..pend) opens with a note on who does the work before it: a bracket
 * ((（牵头单位：…）, 〔…〕) or a label of units (责任单位：…). */
bool detect_note_at(const char *text, size_t pend, size_t pos);

/* The rule table, for the unit tests and the documentation: rule i's type, pattern
 * and example (a phrase the rule must find, with the value it must give when the
 * speech is dated 2024-08-24). Returns false past the last rule. */
bool detect_rule_at(size_t i, enum detect_type *type, const char **pattern,
                    const char **example, const char **value);

#endif
