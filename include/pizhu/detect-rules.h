/* The suggestion rules as data: the phrase rules of deadlines and targets, one line
 * each, and the word lists that decide tasks and owners. A maintainer adds a rule or a
 * word in src/core/detect-rules.c without reading the engine (detect.c and the
 * detect-*.c layers); every rule carries an example that tests/unit/test_detect.c
 * finds with its value. */
#ifndef PIZHU_DETECT_RULES_H
#define PIZHU_DETECT_RULES_H

#include <stddef.h>

#include "pizhu/detect.h"

/* What a phrase rule's match becomes (its value, see detect.h). */
enum detect_kind {
	/* deadlines */
	K_DATE,          /* <Y>? <M> <D>: that day */
	K_MONTH_PART,    /* <Y>? <M> <P>: the part's last day */
	K_MONTH_BEFORE,  /* <M>月前: the day before that month */
	K_YEAR_END,      /* <Y>? 年底, 年内, 今年: the year's last day */
	K_YEAR_BEFORE,   /* <Y>年前: the day before that year */
	K_NEXT_YEAR,     /* 明年 */
	K_SEASON,        /* <S>季度: its last day */
	K_HALF1,         /* 上半年, 年中 */
	K_HALF2,         /* 下半年 */
	K_NEXT_HALF1,    /* 明年上半年 */
	K_NEXT_HALF2,    /* 明年下半年 */
	K_WITHIN,        /* <N> 个月内: counted from the speech's date */
	K_THIS_MONTH,    /* 月底, 本月内: the speech's month's last day */
	K_PLAN,          /* 十五五期间: the plan's last year's last day (its number the
	                    first word chosen) */
	K_BEFORE_EVENT,  /* 活动前10天: before an event, no day known (XXXX-XX-XX) */
	K_AFTER_EVENT,   /* 结束后3日内: after an event, the span (P3D) */
	K_RECUR,         /* 每月...: a recurrence */
	/* targets */
	K_EQ,            /* 达到 <Q> (以上, 以内: the direction word decides) */
	K_GT,            /* 超过 <Q> */
	K_GE,            /* 不低于 <Q>, <QU>以上 */
	K_LE,            /* 控制在 <Q>, <QU>以内 */
	K_UP,            /* 增长 <Q> */
	K_DOWN,          /* 下降 <Q> */
	K_FULL,          /* 全覆盖 */
	K_X2,            /* 倍增, 翻一番 */
	K_X4,            /* 翻两番 */
};

/* When a phrase rule's match counts. */
enum detect_need {
	N_ALWAYS,        /* it binds by its words (年底前, 达到...以上 in a sentence that asks) */
	N_BOUND,         /* named bare (三季度): the sentence must ask for action */
	N_NEAR,          /* named bare and common as a name (2024年, 今年的工作): the sentence
	                    must ask, and a binding word stand right before or after it */
	N_MEASURE,       /* a measure verb and its figure (新建学校3所): it binds by its words
	                    unless it reports; a sentence without a commitment word that
	                    holds one commits by it */
};

/*
 * A phrase rule. The pattern language: literal text; (a|b|c) one of the words, ? after
 * it optional; tokens <Y> a year (2025, 二〇二五), <M> a month, <D> a day, <N> a
 * number (80, ８０, 五, 三千, 5.5, or a placeholder X xx *), <Q> a quantity (a number
 * and a unit of detect_lexicon.units, 八成 read as 80%), <QU> the same with a unit
 * required, <QF> a figure to reach: <QU> but not a count of actions (一次, in
 * detect_lexicon.action_counts), a vague one (一批), a count of named items (四项重点
 * 任务) or one of nothing named (成熟一个、发展一个), <P> a part of a month
 * (detect_lexicon.month_parts), <S> a season (一 to 四, 1 to 4), <W> up to 12
 * characters of words (no clause mark, 、 or digit: the object between a verb and its
 * figure). A rule is tried where its first character stands, leftmost-longest.
 */
struct detect_rule {
	enum detect_type type;
	const char *pattern;
	enum detect_kind kind;
	enum detect_need need;
	const char *not_after;  /* characters that may not stand just before it (通过 is not 过) */
	const char *example;    /* a phrase it finds... */
	const char *value;      /* ...and the value, for a speech dated 2024-08-24 */
};

/* At most this many phrase rules (one bit each in the prefilter's masks). */
#define DETECT_RULES_MAX 64

extern const struct detect_rule detect_rules[];
extern const size_t detect_rule_count;

/* A list of words. */
struct detect_words {
	const char *const *w;
	size_t n;
};

/* The words the engine decides by; what each list does is said where it is filled in
 * (detect-rules.c). */
struct detect_lexicon {
	/* phrases: whether a deadline or target binds */
	struct detect_words bind_before, bind_after, object_markers, dated_events, target_words,
	                    future_words,
	                    past_words,
	                    event_words, units, direction_words, comparators, at_least, action_counts, vague_quantities, named_items,
	                    month_parts;
	const char *number_followers;
	const char *target_list_item;
	/* tasks */
	struct detect_words commit, not_commit, strong_commit, ordinary_yao, command_openers,
	                    place_openers, time_openers, request_words, request_stops, plan_words,
	                    plan_not_next, value_words,
	                    report_openers, reported_before,
	                    statement_words, list_after, list_intro, not_copula, shortcomings;
	/* owners */
	struct detect_words review_words;
	struct detect_words org_ends, not_owner, adverbial_starts, subject_openers,
	                    owner_emphasis, unit_levels, labels_lead, labels_cooperating,
	                    role_lead, role_cooperating, duty_suffixes, note_openers,
	                    note_closers, owner_inner,
	                    places, unit_separators, owner_splits, owner_joins, owner_adverbs,
	                    governed_verbs, named_by, named_verbs, responsible_roles,
	                    distributive, prohibitions, causatives, whole_places, facilities, owner_times,
	                    group_heads;
	/* the characters of a time between a unit and its commitment word (各部门每月10日
	 * 前要): see detect-rules.c */
	const char *owner_time_chars;
};

extern const struct detect_lexicon detect_lexicon;

#endif
