/* The slips a careful reviewer looks for in a draft before it is read out: what is
 * left unfinished, numbered wrong, unbalanced or typed twice, dates that cannot be
 * and deadlines already past. `pizhu check` and the reader's list of them. */
#ifndef PIZHU_CHECK_H
#define PIZHU_CHECK_H

#include <stddef.h>
#include <stdio.h>
#include "pizhu/date.h"
#include "pizhu/detect.h"
#include "pizhu/document.h"
#include "pizhu/outline.h"
#include "pizhu/status.h"

#define CHECK_KIND_LIST(K)                                                            \
	K(PLACEHOLDER, "placeholder")  /* XX市 ××同志 ○○ 某某 20XX年 x月xx日 ** */   \
	K(NUMBERING,   "numbering")    /* 一、二、四、 （一）（三） 一是…三是 1. 2. 2. */ \
	K(PAIR,        "pair")         /* “ ‘ （ 《 【 not closed, or closing nothing */ \
	K(PUNCT,       "punct")        /* half-width , . ; : ? ! ( ) " in Chinese text */ \
	K(DOUBLED,     "doubled")      /* 的的 了了 ，， typed twice (not 常常 天天) */   \
	K(DATE,        "date")         /* 2月30日 4月31日 13月5日: no such day */         \
	K(WEEKDAY,     "weekday")      /* 2024年8月24日（星期五）: it was a Saturday */   \
	K(DEADLINE,    "deadline")     /* a deadline before the speech's own date */

enum check_kind {
#define CHECK_KIND_ENUM(id, name) CHECK_##id,
	CHECK_KIND_LIST(CHECK_KIND_ENUM)
#undef CHECK_KIND_ENUM
	CHECK_KIND_COUNT
};

#define CHECK_MESSAGE_MAX 160

/* One finding: bytes [start, end) of the text, and what is wrong with them. */
struct check_item {
	enum check_kind kind;
	size_t start, end;
	char message[CHECK_MESSAGE_MAX];   /* in the user's language (gettext), UTF-8; quotes what it
	                                      names from the text, which may hold anything */
};

struct check_options {
	struct date date;  /* the speech's date when it has no date line (--date);
	                             zero: unknown, and past deadlines are not looked for
	                             where no date is known */
};

/*
 * Looks for every slip of CHECK_KIND_LIST in d, with its outline o (paragraphs,
 * markers, speeches and their dates). On PZ_OK *items is owned (free()) and sorted by
 * start, then kind; *n may be 0. PZ_NOMEM otherwise. Costs one pass over the text
 * per check, and one detection (detect_run) for the deadlines.
 *
 * What is no slip: reduplication that is Chinese (常常 天天 实实在在 层层), a doubled
 * character across two words (为了了解 目的的), 〇 in 二〇二四, parentheses around
 * ASCII alone ((1) (GDP)), a new list that starts again at 1.
 */
enum pz_status check_run(const doc *d, const outline *o, const struct check_options *opt,
                         struct check_item **items, size_t *n);

/* One finding a line: line, col (1-based, col in characters), kind, the text found,
 * the message, tab-separated; texts escaped as diffwrite_field does. */
void check_write_tsv(FILE *f, const doc *d, const struct check_item *v, size_t n);

/* For people and editors: "name:line:col: kind: message" a line (as compilers write,
 * so that vim's quickfix and Emacs' compile mode jump to it). */
void check_write_text(FILE *f, const doc *d, const char *name, const struct check_item *v,
                      size_t n);

/* "placeholder", "numbering", ...; "" out of range. */
const char *check_kind_name(enum check_kind k);

#endif
