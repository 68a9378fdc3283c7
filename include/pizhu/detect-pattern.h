/* The pattern language of the phrase rules (detect-rules.h): matching a pattern at a
 * place of the text, what it captured. Internal to src/core/detect*.c. */
#ifndef PIZHU_DETECT_PATTERN_H
#define PIZHU_DETECT_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

#include "pizhu/detect-text.h"
#include "pizhu/status.h"

/* What a match captured: the tokens' values and the words chosen among alternatives. */
struct caps {
	int year, month, day, season;
	bool year_set, unfilled;
	char part[8];          /* 上旬 中旬 下旬 初 中 底 末 */
	double num;
	char unit[24];
	char words[4][16];     /* the alternatives chosen, in order: verbs, direction words */
	int nwords;
};

/* Empties c before a match. */
void caps_init(struct caps *c);

/* A pattern compiled once: its groups' alternatives and tokens laid out, so that a
 * match walks nodes instead of the pattern's text. */
struct pattern;

/* Compiles pattern src (borrowed: it must outlive the pattern). PZ_OK and *pt owned
 * (pattern_free); PZ_SYNTAX for a malformed pattern (an unclosed group, an unknown
 * token); PZ_NOMEM. */
enum pz_status pattern_compile(const char *src, struct pattern **pt);
void pattern_free(struct pattern *pt);

/* Matches pt at byte i of t, the longest way: returns the end, or SIZE_MAX when it
 * does not match; c is filled from the longest way (the first of equal ones). */
size_t pattern_match(const struct text *t, size_t i, const struct pattern *pt, struct caps *c);

/* The group opening at p ('('): the length of what is inside its parentheses; *after
 * points past its ')' and its '?', *optional says whether it had one. */
size_t pattern_group_extent(const char *p, const char **after, bool *optional);

/* Whether word w was chosen among a match's alternatives. */
bool caps_said(const struct caps *c, const char *w);

#endif
