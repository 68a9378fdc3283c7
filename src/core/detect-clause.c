/* Clauses and sentences, and whether a phrase binds (see detect-clause.h): a quantity or
 * a bare period counts where its sentence asks for action and its clause does not
 * report (已, 去年, 以来: 去年全区增长6%, 今年以来). */
#include "pizhu/detect-clause.h"

#include "pizhu/detect-owner.h"
#include "pizhu/detect-task.h"
#include "pizhu/sentence.h"

/* The clause holding [a, b) within the sentence [s, e): from after the last clause mark
 * before a, up to the first one from b. */
void clause_of(const struct text *t, size_t s, size_t e, size_t a, size_t b, size_t *cs,
               size_t *ce)
{
	size_t l;
	*cs = s;
	for (size_t i = a; i > s;) {
		i--;
		if (((unsigned char)t->s[i] & 0xC0) == 0x80)
			continue; /* not a character's first byte */
		if (clause_mark(t, i, &l)) {
			*cs = i + l;
			break;
		}
	}
	*ce = e;
	for (size_t i = b; i < e;) {
		if (clause_mark(t, i, &l)) {
			*ce = i;
			break;
		}
		char_at(t, i, &l);
		i += l;
	}
}

/* The length of the sentence mark (。！？；…) that ends [a, b), or 0. */
size_t mark_len(const struct text *t, size_t a, size_t b)
{
	static const char *const marks[] = { "。", "！", "？", "；", "…", ".", "!", "?", ";" };
	for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++)
		if (ends(t, a, b, marks[k]))
			return strlen(marks[k]);
	return 0;
}

size_t words_end(const struct text *t, size_t a, size_t b)
{
	size_t l;
	while (b > a && (l = mark_len(t, a, b)))
		b -= l;
	return b;
}

/* Where the full sentence holding [s, ...) ends: past every ；-ended part; the ends of
 * its first parts go to ends[] (*n of them). */
size_t period_end(const struct text *t, size_t s, size_t pend, size_t *ends_v, size_t *n)
{
	size_t e = sentence_end_wrapped(t->s, pend, s);
	*n = 0;
	ends_v[(*n)++] = e;
	while (e < pend && (ends_lit(t, s, e, "；") || ends_lit(t, s, e, ";"))) {
		e = sentence_end_wrapped(t->s, pend, e);
		if (*n < PERIOD_PARTS)
			ends_v[(*n)++] = e;
	}
	return e;
}

/* Whether the full sentence asks for action: a commitment word, or words that look ahead. */
static bool period_asks(const struct text *t, const struct prefilter *pf, struct period *pd)
{
	if (pd->asks < 0) {
		char word[DETECT_VALUE_MAX];
		size_t at;
		pd->commits = task_commits(t, pf, pd->ps, pd->pe, word, &at);
		/* in a report, only a commitment word commits (not 全年完成…) */
		if (pd->commits && pd->reports) {
			pd->commits = false;
			for (size_t k = 0; k < detect_lexicon.commit.n && !pd->commits; k++)
				pd->commits = !strcmp(word, detect_lexicon.commit.w[k]);
		}
		pd->asks = pd->commits || holds_any(t, pd->ps, pd->pe, &detect_lexicon.future_words);
	}
	return pd->asks;
}

/* Whether the period [a, b) is the time of work its sentence commits to: the full
 * sentence commits (not only looks ahead) and nothing in the period's clause reports
 * (今年的任务时间已过半): 这是今年抓落实的依据，都要逐一落实. */
static bool commits_in_clause(const struct text *t, const struct prefilter *pf, struct period *pd,
                              size_t cs, size_t ce, size_t a)
{
	period_asks(t, pf, pd);
	/* a sentence that only looks ahead (今年的主要预期目标是…): the period must open
	 * its clause */
	bool opens = a == cs;
	return (pd->commits || (pd->asks && opens)) &&
	       !holds_any(t, cs, ce, &detect_lexicon.past_words) &&
	       !ends_any(t, cs, a, &detect_lexicon.object_markers) &&
	       !holds_any(t, a, ce, &detect_lexicon.dated_events);
}

bool measure_opens(const struct text *t, size_t ps, size_t cs, size_t a)
{
	const char *when = starts_any(t, cs, &detect_lexicon.time_openers);
	if (a == cs || (when && a == cs + strlen(when)))
		return true;
	/* a place or unit before it in a sentence that opens with a time ahead (今年，全县
	 * 安排重点项目120个): the plan of that place; not 上半年，全市完成…, told as done */
	const char *ahead = starts_any(t, ps, &detect_lexicon.time_openers);
	return ahead && starts_lit(t, ps + strlen(ahead), "，") && cs > ps &&
	       utf8_count(t->s + cs, a - cs) <= 6 &&
	       (owner_is(t, cs, a) || ends_any(t, cs, a, &detect_lexicon.places));
}

bool goal_year_opens(const struct text *t, size_t s, size_t a, size_t b)
{
	static const char *const reach[] = { "到", "至", "力争到", "力争至", "争取到" };
	bool opens = false;
	for (size_t k = 0; k < sizeof(reach) / sizeof(reach[0]) && !opens; k++)
		opens = a == s + strlen(reach[k]) && starts(t, s, reach[k]);
	return opens && (starts_lit(t, b, "，") || starts_lit(t, b, ","));
}

void period_commits(struct period *pd)
{
	pd->asks = 1;
	pd->commits = true;
}

static bool near_binding(const struct text *t, const struct period *pd, size_t a, size_t b)
{
	size_t cs, ce;
	clause_of(t, pd->s, pd->e, a, b, &cs, &ce);
	const struct detect_lexicon *lx = &detect_lexicon;
	if (holds_any(t, b, ce, &lx->target_words))
		return true;
	if (ends_any(t, pd->s, a, &lx->bind_before))
		return true;
	for (size_t k = 0; k < lx->bind_after.n; k++)
		if (starts(t, b, lx->bind_after.w[k]) && b + strlen(lx->bind_after.w[k]) <= pd->e)
			return true;
	return false;
}

/* Whether a phrase [a, b) binds an action and does not report. */
bool period_binds(const struct text *t, const struct prefilter *pf, struct period *pd,
                  size_t a, size_t b, const struct detect_rule *r)
{
	size_t cs, ce;
	clause_of(t, pd->s, pd->e, a, b, &cs, &ce);
	/* reported in its clause before it (已, 去年), or just after it (以来, 了) */
	if (holds_any(t, cs, a, &detect_lexicon.past_words))
		return false;
	if (starts_lit(t, b, "以来") || starts_lit(t, b, "了") || starts_lit(t, b, "来"))
		return false;
	/* a heading's or a list's period frames the work that follows */
	if (pd->frames)
		return r->type == DETECT_DEADLINE && !holds_any(t, b, ce, &detect_lexicon.past_words);
	/* a quantity naming a kind (10万元以上的村, 5万元以下的薄弱村) asks for nothing */
	const char *dir = starts_any(t, b, &detect_lexicon.direction_words);
	if (r->type == DETECT_TARGET && starts_lit(t, b + (dir ? strlen(dir) : 0), "的"))
		return false;
	if (r->type == DETECT_DEADLINE && (r->kind == K_DATE || r->kind == K_MONTH_PART) && r->need == N_BOUND &&
	    holds_any(t, cs, ce, &detect_lexicon.event_words))
		return false;
	/* a bare period binds by a word beside it (力争今年, 今年要); this year's also where
	 * its sentence commits to work in it (确保完成今年的任务), next year's not (要总结
	 * 明年的工作思路: the work is now) */
	/* 到2029年，…: the year a plan's goals are due */
	if (r->need == N_NEAR && r->kind == K_YEAR_END && goal_year_opens(t, pd->s, a, b))
		return true;
	if (r->need == N_NEAR && !near_binding(t, pd, a, b) &&
	    (r->kind == K_NEXT_YEAR || !commits_in_clause(t, pf, pd, cs, ce, a)))
		return false;
	/* a measure and its figure binds where its sentence asks, or by its words where
	 * its verb opens the clause (新建学校3所, 全年改造户厕3500户; not 全市完成…: told
	 * as done), unless the sentence reports */
	if (r->need == N_MEASURE) {
		if (holds_any(t, b, ce, &detect_lexicon.past_words) ||
		    (starts_any(t, pd->ps, &detect_lexicon.report_openers) &&
		     !holds_any(t, cs, ce, &detect_lexicon.future_words)))
			return false; /* 组建两项计划已经完成; 今年以来，…新开工项目19个; not
			                 去年…，县里还将新建3个… */
		if (period_asks(t, pf, pd))
			return true;
		return !pd->reports && measure_opens(t, pd->ps, cs, a) &&
		       !holds_any(t, pd->ps, pd->pe, &detect_lexicon.past_words);
	}
	/* a quantity, or a period named bare, counts where the sentence asks */
	if (r->type == DETECT_TARGET || r->need != N_ALWAYS)
		return period_asks(t, pf, pd);
	return true;
}
