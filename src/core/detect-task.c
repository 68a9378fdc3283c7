/* Tasks (see detect-task.h): the words are the lexicon's (detect-rules.c); what is
 * left here is the grammar that reads them. */
#include "pizhu/detect-task.h"

#include <stdio.h>

#include "pizhu/cjk.h"
#include "pizhu/detect-clause.h"
#include "pizhu/detect-owner.h"

/* Whether the words [s, i) before a sentence's commitment make it something other than
 * a command: reported speech (会议指出，), a clause that opens with 是 (…试点，是…), or
 * what something is (任务就是, 关键在于); not where the commitment follows them at
 * once (关键是要…, …，是要坚持…: a requirement stated). One pass over the characters. */
static bool before_says(const struct text *t, const struct prefilter *pf, size_t s, size_t i)
{
	size_t l;
	for (size_t p = s; p < i; p += l) {
		uint32_t c = char_at(t, p, &l);
		if (c == 0x662F /* 是 */ && p > s && p + l != i) {
			size_t at0;
			char_before(t, p, &at0);
			if (starts_lit(t, at0, "，") || starts_lit(t, at0, "："))
				return true;
		} else if (charset_has(&pf->reported_first, c)) {
			/* 指出， 强调， 提出， 认为， 认识到， 表示， 批示： */
			const struct detect_words *rb = &detect_lexicon.reported_before;
			for (size_t k = 0; k < rb->n; k++) {
				size_t n = strlen(rb->w[k]);
				if (starts(t, p, rb->w[k]) &&
				    (starts_lit(t, p + n, "，") || starts_lit(t, p + n, "：") || starts_lit(t, p + n, ":") ||
				     starts_lit(t, p + n, ",")))
					return true;
			}
		}
		const struct detect_words *sw = &detect_lexicon.statement_words;
		/* what something is, unless the commitment says it (关键是要…, …，是要…: a
		 * requirement) */
		for (size_t k = 0; k < sw->n; k++)
			if (t->s[p] == sw->w[k][0] && starts(t, p, sw->w[k]) && p + strlen(sw->w[k]) != i)
				return true;
	}
	return false;
}

/* Whether [s, e) announces a list (以下四种关系, 以下几项工作), rather than setting a
 * limit (4%以下). */
static bool announces_a_list(const struct text *t, size_t s, size_t e)
{
	size_t l;
	for (size_t i = next_of(t, s, e, "以下"); i < e; i = next_of(t, i + 6, e, "以下")) {
		size_t j = i + 6;
		if (j >= e)
			break;
		uint32_t c = char_at(t, j, &l);
		if (c == 0x51E0 /* 几 */ || (cjk_numeral_digit(c) > 0 && cjk_numeral_digit(c) <= 9) ||
		    starts_any(t, j, &detect_lexicon.list_after))
			return true;
	}
	return false;
}

/* Whether [a, b) holds a 是 that says what something is: not one inside a word that
 * joins or singles out (积极引导企业发展实体经济特别是先进制造业 commands). */
static bool copula_in(const struct text *t, size_t a, size_t b)
{
	const struct detect_words *nc = &detect_lexicon.not_copula;
	for (size_t i = next_of(t, a, b, "是"); i < b; i = next_of(t, i + 1, b, "是")) {
		bool inside = false;
		for (size_t k = 0; k < nc->n && !inside; k++) {
			size_t back = strlen(nc->w[k]) - strlen("是");
			inside = i >= a + back && starts(t, i - back, nc->w[k]);
		}
		if (!inside)
			return true;
	}
	return false;
}

/* Whether the clause of [s, e) that holds i ends with a shortcoming (…切实加强党建
 * 工作的机遇意识不强): a problem stated, its commitment word inside what is lacking. */
static bool in_shortcoming(const struct text *t, size_t s, size_t e, size_t i)
{
	size_t cs, ce;
	clause_of(t, s, e, i, i, &cs, &ce);
	return ends_any(t, cs, ce, &detect_lexicon.shortcomings) != NULL;
}

/* Whether a sentence that opens with a command verb says what something is instead
 * (加快发展是第一要务。) or is a slogan too short to be a task (加快发展，使命光荣。). */
static bool opens_a_statement(const struct text *t, size_t s, size_t e)
{
	size_t cs, ce;
	clause_of(t, s, e, s, s, &cs, &ce);
	if (copula_in(t, s, ce) || holds(t, s, ce, "关键") || holds(t, s, e, "在于") ||
	    holds(t, s, e, "，是") || holds_any(t, s, e, &detect_lexicon.statement_words))
		return true; /* 开展述职评议，是…重要内容。 */
	if (utf8_count(t->s + s, e - s) >= 12)
		return false;
	/* short, but with a figure it is a measure (新建学校3所。), not a slogan */
	size_t l;
	for (size_t p = s; p < e; p += l)
		if (cjk_digit(char_at(t, p, &l)) >= 0)
			return false;
	return true;
}

/* Whether word w is one of ws. */
static bool one_of(const char *w, const struct detect_words *ws)
{
	for (size_t k = 0; k < ws->n; k++)
		if (!strcmp(w, ws->w[k]))
			return true;
	return false;
}

/* Whether [s, e) is a command: its commitment word, written into word; *at its place.
 * sc (may be NULL: then the sentence is read here) holds its commitment words. */
/* Where a plan word stands after a unit that opens [s, we) (县委组织部将…, after at
 * most a short clause of time: 今后，市委将…), or SIZE_MAX. */
static size_t unit_plan(const struct text *t, size_t s, size_t we)
{
	const struct detect_lexicon *lx = &detect_lexicon;
	for (size_t k = 0; k < lx->plan_words.n; k++) {
		const char *pw = lx->plan_words.w[k];
		size_t i = next_of(t, s, we, pw), n = strlen(pw);
		if (i >= we || i + n >= we || starts_any(t, i + n, &lx->plan_not_next))
			continue;
		size_t cs, ce;
		clause_of(t, s, we, i, i, &cs, &ce);
		if (cs > s && (utf8_count(t->s + s, cs - s) > 5 || next_of(t, s, cs, "，") + 3 != cs))
			continue; /* more than a short clause of time before it */
		size_t a = cs, b = i;
		trim(t, &a, &b);
		if (owner_is(t, a, b))
			return i;
	}
	return SIZE_MAX;
}

bool task_is(const struct text *t, const struct prefilter *pf, size_t s, size_t e,
             const struct scan *sc, char *word, size_t *at)
{
	const struct detect_lexicon *lx = &detect_lexicon;
	const struct commitments *cm = &pf->cm;
	size_t l;
	/* a report of what was done, a statement (只有…才能…), a rally (同志们，…), the
	 * announcement of a list (要正确处理好以下四种关系。) */
	uint8_t seen = sc ? sc->seen : SEEN_ALL;
	if (starts_any(t, s, &lx->report_openers) || ((seen & SEEN_LIST) && announces_a_list(t, s, e)))
		return false;
	/* a question asks nothing of anyone, unless its command comes before the
	 * questioned clause (各单位要开展“回头看”，问题到底解决了没有？) */
	bool question = ends_lit(t, s, e, "？") || ends_lit(t, s, e, "?");
	size_t cs, ce;
	clause_of(t, s, e, s, s, &cs, &ce);
	size_t we = words_end(t, s, e);
	/* a command that opens the sentence, or its second clause after where it applies
	 * (在机关，加强…) */
	size_t open_at = s;
	if ((starts_any(t, s, &lx->place_openers) || (starts_lit(t, s, "以") && holds(t, s, ce, "为"))) &&
	    ce < we && utf8_count(t->s + s, ce - s) <= 24 && clause_mark(t, ce, &l))
		open_at = ce + l; /* 在机关，…  以网格化管理为抓手，… */
	const char *when = starts_any(t, open_at, &lx->time_openers);
	if (when) { /* 全年新建…, 今年，加快… */
		open_at += strlen(when);
		if (starts_lit(t, open_at, "，"))
			open_at += strlen("，");
	}
	const struct detect_words *co = &lx->command_openers;
	size_t cl;
	bool may_open = open_at < e && charset_has(&pf->command_first, char_at(t, open_at, &cl));
	for (size_t k = 0; may_open && k < co->n && !question; k++)
		if (starts(t, open_at, co->w[k]) && !holds(t, s, e, "了") &&
		    !opens_a_statement(t, open_at, e)) {
			/* the value: the first word that commits (深化…，推动… gives 推动), not
			 * inside an ordinary word (负责制), else the verb that opens it */
			snprintf(word, DETECT_VALUE_MAX, "%s", co->w[k]);
			bool found = false;
			for (size_t p = s; p < e && !found; p += l) {
				uint32_t c = char_at(t, p, &l);
				for (size_t v = 0; v < lx->value_words.n && !found; v++) {
					const char *vw = lx->value_words.w[v];
					if (!starts(t, p, vw))
						continue;
					/* a commitment word counts where it is one (not in 负责制) */
					size_t w = commitment_at(t, cm, s, p, c);
					if (w == strlen(vw) || !one_of(vw, &lx->commit)) {
						snprintf(word, DETECT_VALUE_MAX, "%s", vw);
						found = true;
					}
				}
			}
			*at = open_at;
			return true;
		}
	/* a unit's announced plan (县委组织部将组织督查, 今后，市委将把…): it commits the
	 * unit, whatever follows */
	size_t plan = seen & SEEN_PLAN ? unit_plan(t, s, we) : SIZE_MAX;
	if (plan != SIZE_MAX && !question) {
		const char *pw = starts_any(t, plan, &lx->plan_words);
		snprintf(word, DETECT_VALUE_MAX, "%s", pw);
		*at = plan;
		return true;
	}
	size_t i = SIZE_MAX, w = 0;
	if (sc && (sc->ncommit || !sc->more)) {
		if (sc->ncommit) {
			i = sc->commit[0];
			w = sc->commit_len[0];
		}
	} else {
		for (size_t p = s; p < e && i == SIZE_MAX; p += l) {
			uint32_t c = char_at(t, p, &l);
			if ((w = commitment_at(t, cm, s, p, c)) != 0)
				i = p;
		}
	}
	if (i == SIZE_MAX && (seen & SEEN_RESP) && !question) {
		/* 各级河湖长是…第一责任人: a unit named as responsible is told, with no
		 * commitment word */
		const struct detect_words *rr = &lx->responsible_roles;
		for (size_t k = 0; k < rr->n; k++)
			for (size_t r = next_of(t, s, we, rr->w[k]); r < we; r = next_of(t, r + 1, we, rr->w[k])) {
				size_t rs, re;
				clause_of(t, s, e, r, r, &rs, &re);
				size_t is = next_of(t, rs, r, "是"), x = rs, y = is;
				trim(t, &x, &y);
				if (is < r && owner_is(t, x, y)) {
					snprintf(word, DETECT_VALUE_MAX, "%s", rr->w[k]);
					*at = r;
					return true;
				}
			}
	}
	/* a commitment word inside a shortcoming (部分书记…切实加强…的意识不强): the next
	 * one outside any, else none */
	if (i != SIZE_MAX && in_shortcoming(t, s, e, i)) {
		size_t next = SIZE_MAX, nw = 0;
		if (sc && !sc->more) {
			for (size_t k = 1; k < sc->ncommit && next == SIZE_MAX; k++)
				if (!in_shortcoming(t, s, e, sc->commit[k])) {
					next = sc->commit[k];
					nw = sc->commit_len[k];
				}
		} else {
			for (size_t p = i + w; p < e && next == SIZE_MAX; p += l) {
				uint32_t c = char_at(t, p, &l);
				size_t cw = commitment_at(t, cm, s, p, c);
				if (cw && !in_shortcoming(t, s, e, p)) {
					next = p;
					nw = cw;
				}
			}
		}
		i = next;
		w = nw;
	}
	if (i == SIZE_MAX || starts_lit(t, i + w, "了"))
		return false;
	/* what was said, the commitment word its topic (我就抓好…工作，…强调了“六抓”) */
	for (size_t r = next_of(t, i + w, e, "了"); r < e; r = next_of(t, r + 1, e, "了"))
		if (ends_any(t, i + w, r, &lx->reported_before))
			return false;
	if (question) {
		size_t qs, qe;
		clause_of(t, s, e, i, i, &qs, &qe);
		if (qe >= we)
			return false; /* the command is in the question itself */
	}
	if (i == s && holds(t, s, e, "在于")) /* 抓好党建，关键在于落实责任。: a statement */
		return false;
	/* a sentence that announces a list (我认为要从三个方面入手：…) */
	{
		size_t qs, qe;
		clause_of(t, s, e, i, i, &qs, &qe);
		if (starts_lit(t, qe, "：") && holds_any(t, qs, qe, &lx->list_intro))
			return false;
	}
	/* reported speech (会议指出，要…; not 强调了工作纪律), what something is (主要任务就是
	 * …，确保…; 开展试点，是…), or an announced plan (市委将…，切实…) */
	if (before_says(t, pf, s, i))
		return false;
	bool strong = false;
	for (size_t k = 0; k < lx->strong_commit.n && !strong; k++)
		strong = w == strlen(lx->strong_commit.w[k]) && !memcmp(t->s + i, lx->strong_commit.w[k], w);
	if (!strong && holds(t, s, i, "将"))
		return false;
	memcpy(word, t->s + i, w);
	word[w] = '\0';
	*at = i;
	return true;
}

bool task_commits(const struct text *t, const struct prefilter *pf, size_t s, size_t e,
                  char *word, size_t *at)
{
	return task_is(t, pf, s, e, NULL, word, at);
}
