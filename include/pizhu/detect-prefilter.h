/* What makes detection fast: tables built once per run from the rules and word lists,
 * so that one pass over a sentence's characters finds where a phrase rule can start
 * and where the commitment words stand, and most characters cost a probe or two.
 * Internal to src/core/detect*.c. */
#ifndef PIZHU_DETECT_PREFILTER_H
#define PIZHU_DETECT_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pizhu/detect-text.h"
#include "pizhu/status.h"

/* A set of characters: a bit per character of the BMP; any character beyond it counts
 * as in the set when one was added (a prefilter may say yes too often, never no). */
struct charset {
	uint8_t bmp[0x10000 / 8];
	bool astral;
};

static inline bool charset_has(const struct charset *cs, uint32_t c)
{
	return c < 0x10000 ? (cs->bmp[c >> 3] >> (c & 7)) & 1 : cs->astral;
}

/* Adds the first character of each word of ws. */
void charset_add_firsts(struct charset *cs, const struct detect_words *ws);

#define STARTER_SLOTS 1024
#define FOLLOWERS 24
#define SECONDS 48

/* Which phrase rules can start at a character: an open-addressed map from code point
 * to a mask of rules (one bit each, detect_rules' order). */
struct starters {
	uint8_t bmp[0x10000 / 8];       /* a bit per character of the BMP that starts a rule */
	uint32_t cp[STARTER_SLOTS];     /* 0: empty */
	uint64_t mask[STARTER_SLOTS];
	uint64_t numeric;               /* rules that start with a number (or a season) */
	uint64_t targets;               /* the rules of targets */
	/* rules that start with a number: the characters that may follow it (24年, 9月),
	 * so that a number is tried against the rules it can begin, not all of them */
	uint32_t follow[DETECT_RULES_MAX][FOLLOWERS];
	uint8_t nfollow[DETECT_RULES_MAX];    /* 0: anything may follow */
	/* rules that start with words: the second character of each word, so that 不 in
	 * 不断 is not tried against 不低于 */
	uint32_t second[DETECT_RULES_MAX][SECONDS];
	uint8_t nsecond[DETECT_RULES_MAX];    /* 0: not known (a token, or a one-character word) */
	bool second_number[DETECT_RULES_MAX]; /* a one-character word before a number (达80%):
	                                         a number may be second */
};

static inline size_t starter_slot(const struct starters *st, uint32_t c)
{
	size_t h = (c * 2654435761u) & (STARTER_SLOTS - 1);
	while (st->cp[h] && st->cp[h] != c)
		h = (h + 1) & (STARTER_SLOTS - 1);
	return h;
}

/* The rules that can start with character c. */
static inline uint64_t starter_mask(const struct starters *st, uint32_t c)
{
	if (c < 0x10000 && !(st->bmp[c >> 3] & (1u << (c & 7))))
		return 0;
	size_t h = starter_slot(st, c);
	return st->cp[h] == c ? st->mask[h] : 0;
}

/* Clears from can the rules whose first words cannot go on with the character next. */
uint64_t starters_second_filter(const struct starters *st, uint64_t can, uint32_t next);

/* Clears from can the numeric rules that the character after the number cannot
 * continue. */
uint64_t starters_follow_filter(const struct starters *st, uint64_t can, uint32_t next);

/* For each commitment word, the ordinary words holding it and where: so that 重要
 * around a 要 is found with one comparison. */
struct exclusion {
	uint16_t word;  /* index in detect_lexicon.not_commit */
	uint8_t back;   /* bytes of the ordinary word before the commitment word */
	uint8_t len;    /* bytes of the ordinary word */
	uint32_t key;   /* its character just before the commitment word (back > 0), else
	                   the one just after it: compared before the whole word */
};

struct commitments {
	struct charset first;           /* the commitment words' first characters */
	struct exclusion *ex;           /* [commit word][exclusion], not_commit.n per word */
	size_t *nex;                    /* exclusions per commitment word */
	size_t *len;                    /* bytes of each commitment word */
	uint8_t *yao_back;              /* bytes of each ordinary_yao word before its 要 */
	uint8_t *yao_len;
};

/* A commitment word at i that is not part of an ordinary word (standing at or after
 * s): its length, else 0. c is the character at i. */
static inline size_t commitment_at(const struct text *t, const struct commitments *cm, size_t s,
                                   size_t i, uint32_t c)
{
	if (!charset_has(&cm->first, c)) /* most text stops here */
		return 0;
	const struct detect_words *cw = &detect_lexicon.commit;
	for (size_t k = 0; k < cw->n; k++) {
		if (i + cm->len[k] > t->n || memcmp(t->s + i, cw->w[k], cm->len[k]))
			continue;
		size_t at, l;
		uint32_t before = char_before(t, i, &at);
		uint32_t after = i + cm->len[k] < t->n ? char_at(t, i + cm->len[k], &l) : 0;
		const struct exclusion *ex = cm->ex + k * detect_lexicon.not_commit.n;
		for (size_t x = 0; x < cm->nex[k]; x++, ex++) {
			if (ex->key != (ex->back ? before : after))
				continue;
			if (i >= s + ex->back && i - ex->back + ex->len <= t->n &&
			    !memcmp(t->s + i - ex->back, detect_lexicon.not_commit.w[ex->word], ex->len))
				return 0;
		}
		return cm->len[k];
	}
	return 0;
}

/* Whether the 要 at i is part of an ordinary word (重要, 需要, 就是要), the words from
 * s on looked at. */
bool commitments_ordinary_yao(const struct commitments *cm, const struct text *t, size_t s,
                              size_t i);

struct pattern;

/* Words whose first character one pass over a sentence notes (struct scan's seen), so
 * that the searches for them run only where they may stand. */
enum {
	SEEN_EACH = 1,    /* detect_lexicon.distributive (每个) */
	SEEN_PLAN = 2,    /* plan_words (将) */
	SEEN_LIST = 4,    /* 以下 (a list announced) */
	SEEN_BY = 8,      /* named_by (由) */
	SEEN_LABEL = 16,  /* labels_lead, labels_cooperating (牵头单位：) */
	SEEN_ROLE = 32,   /* role_lead, role_cooperating (…牵头, …配合) */
	SEEN_RESP = 64,   /* responsible_roles (第一责任人) */
	SEEN_ASK = 128,   /* request_words (请) */
	SEEN_ALL = 255,
};

/* The tables of a run, built from the rule table and the lexicon. */
struct prefilter {
	struct pattern *rules[DETECT_RULES_MAX];  /* detect_rules' patterns, compiled */
	struct pattern *list_item;                /* detect_lexicon.target_list_item */
	struct starters st;
	struct commitments cm;
	struct charset reported_first;  /* first characters of reported_before */
	struct charset governed_first;  /* of governed_verbs */
	struct charset command_first;   /* of command_openers */
	uint8_t seen[0x10000];          /* the SEEN_* bits of each character of the BMP */
	struct charset named_first;     /* of named_by, the labels and roles of owners */
};

/* Builds the tables: PZ_OK and *pf owned (prefilter_free); PZ_NOMEM; PZ_SYNTAX when a
 * rule's pattern is malformed or there are more than DETECT_RULES_MAX (a unit test
 * compiles them all). */
enum pz_status prefilter_new(struct prefilter **pf);
void prefilter_free(struct prefilter *pf);

/* What one pass over a sentence's characters found: where commitment words stand,
 * where a rule could start, whether an owner may be named (由, 责任单位). */
#define SCAN_MAX 64

struct scan {
	size_t commit[SCAN_MAX];       /* commitment words, in order */
	uint8_t commit_len[SCAN_MAX];
	size_t ncommit;
	size_t cand[SCAN_MAX];         /* characters where some rule can start */
	size_t ncand;
	size_t yao[SCAN_MAX];          /* every 要, ordinary words' too */
	size_t nyao;
	bool more;                     /* more than SCAN_MAX of either: look again in full */
	bool named;                    /* a word of named_by or an owner label or role may stand in it */
	uint8_t seen;                  /* SEEN_* of the words that may stand in it */
};

/* Scans the sentence [a, b) into sc. */
void scan_sentence(const struct text *t, const struct prefilter *pf, size_t a, size_t b,
                   struct scan *sc);

#endif
