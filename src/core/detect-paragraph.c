/* Walking a paragraph's sentences (see detect-paragraph.h): the one place where the
 * layers meet, tasks (detect-task.c), owners (detect-owner.c), phrases (the rule
 * table, detect-pattern.c, detect-clause.c) and their values (detect-value.c). */
#include "pizhu/detect-paragraph.h"

#include <stdio.h>

#include "pizhu/cjk.h"
#include "pizhu/date.h"
#include "pizhu/detect-clause.h"
#include "pizhu/detect-owner.h"
#include "pizhu/detect-pattern.h"
#include "pizhu/detect-task.h"
#include "pizhu/detect-value.h"
#include "pizhu/sentence.h"

/* Tries the rules at byte i of the sentence of pd: the longest match that binds is
 * added; returns its end, or i when there is none. */
/* After a target ending at i, the figures of a list that goes on with the same verb
 * (新增企业120家、个体户300户；…) are targets too: each item after 、，or ；that is
 * words and a figure (detect_lexicon.target_list_item) up to the next mark, and does
 * not report. Returns the end of the last. */
static size_t list_goes_on(const struct text *t, const struct period *pd,
                           const struct prefilter *pf, const struct detect_rule *r,
                           struct found *f, int rule, size_t i)
{
	size_t l;
	while (i < pd->e && !f->nomem) {
		uint32_t c = char_at(t, i, &l);
		if (c != 0x3001 && c != 0xFF0C && c != 0xFF1B) /* 、，； */
			break;
		struct caps cc;
		caps_init(&cc);
		size_t a = i + l, b = pattern_match(t, a, pf->list_item, &cc);
		size_t ml;
		if (b == SIZE_MAX || b > pd->e || (b < pd->e && !clause_mark(t, b, &ml) &&
		                                   char_at(t, b, &ml) != 0x3001 &&
		                                   !starts_any(t, b, &detect_lexicon.note_openers)) ||
		    holds_any(t, a, b, &detect_lexicon.past_words) || pd->reports)
			break;
		/* an item that a rule of its own matches (新增学位不低于1500个) is the rules' */
		bool own = false;
		for (size_t p = a; p < b && !own; p += ml) {
			uint64_t can = starter_mask(&pf->st, char_at(t, p, &ml)) & pf->st.targets &
			               ~pf->st.numeric;
			while (can && !own) {
				size_t r = (size_t)__builtin_ctzll(can);
				can &= can - 1;
				struct caps rc;
				caps_init(&rc);
				size_t re = pattern_match(t, p, pf->rules[r], &rc);
				own = re != SIZE_MAX && re <= b;
			}
		}
		if (own)
			break;
		struct detect_item *it = found_add(f, DETECT_TARGET, a, b, rule);
		if (!it)
			break;
		value_target(r, &cc, it->value);
		i = b;
	}
	return i;
}

static size_t phrase_at(const struct text *t, struct period *pd, const struct date *at,
                        const struct prefilter *pf, struct found *f, size_t i)
{
	const struct starters *st = &pf->st;
	size_t s = pd->s, e = pd->e, l;
	size_t best_end = SIZE_MAX;
	int best_rule = -1;
	struct caps best_caps;
	uint64_t can = starter_mask(st, char_at(t, i, &l));
	if (can & ~st->numeric) {
		size_t l2;
		can = starters_second_filter(st, can, i + l < e ? char_at(t, i + l, &l2) : 0);
	}
	if (can & st->numeric) {
		/* a number (一 starts many words: 进一步, 统一) leads a phrase only when a
		 * date, a span or a unit follows it */
		struct cjk_number num;
		size_t fl;
		uint32_t next;
		if (!cjk_number_read(t->s, t->n, i, &num) || num.end >= e ||
		    !in_set(next = char_at(t, num.end, &fl), detect_lexicon.number_followers))
			can &= ~st->numeric;
		else
			can = starters_follow_filter(st, can, next);
	}
	while (can) {
		size_t r = (size_t)__builtin_ctzll(can);
		can &= can - 1;
		struct caps c;
		caps_init(&c);
		size_t end = pattern_match(t, i, pf->rules[r], &c);
		if (end == SIZE_MAX || end > e || (best_end != SIZE_MAX && end <= best_end))
			continue;
		if (detect_rules[r].not_after[0]) {
			size_t at0;
			uint32_t prev = char_before(t, i, &at0);
			if (at0 >= s && i > s && in_set(prev, detect_rules[r].not_after))
				continue;
		}
		if (!period_binds(t, pf, pd, i, end, &detect_rules[r]))
			continue;
		best_end = end;
		best_rule = (int)r;
		best_caps = c;
	}
	if (best_rule < 0)
		return i;
	const struct detect_rule *r = &detect_rules[best_rule];
	struct detect_item *it = found_add(f, r->type, i, best_end, best_rule);
	if (!it)
		return e;
	if (r->type == DETECT_DEADLINE) {
		value_deadline(r, &best_caps, at, it->value);
		return best_end;
	}
	value_target(r, &best_caps, it->value);
	return list_goes_on(t, pd, pf, r, f, best_rule, best_end);
}

/* Deadlines and targets in the sentence of pd, tried where sc says a rule can start
 * (everywhere when sc ran out of room). */
static void find_phrases(const struct text *t, struct period *pd, const struct date *at,
                         const struct prefilter *pf, const struct scan *sc, struct found *f)
{
	size_t done = pd->s, l;
	if (!sc->more) {
		for (size_t k = 0; k < sc->ncand && !f->nomem; k++)
			if (sc->cand[k] >= done)
				done = phrase_at(t, pd, at, pf, f, sc->cand[k]);
		return;
	}
	for (size_t i = pd->s; i < pd->e && !f->nomem;) {
		size_t e = phrase_at(t, pd, at, pf, f, i);
		if (e > i) {
			i = e;
		} else {
			char_at(t, i, &l);
			i += l;
		}
	}
}

/* First node starting at or after off (nodes are in document order). */
static size_t node_from(const outline *o, size_t off)
{
	size_t lo = 0, hi = outline_node_count(o);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (outline_node_at(o, mid)->start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether the sentence [a, b) without a commitment word commits by a deadline it
 * names (年底前建成…, 9月底前完成…: one that binds by its words, not a bare 今年, not a
 * recurrence; or the year a plan's goals are due, 到2029年，…) or by a measure and its figure (新建学校3所), or, noted (its note names
 * the units that lead or cooperate), by any figure to reach (面积稳定在50万亩以上（牵头
 * 单位：…）), found from first on, and does not report (已, 了: 去年底前完成了…).
 * Returns the item that commits it, or SIZE_MAX. */
static size_t commits_by_item(const struct text *t, const struct found *f, size_t first,
                              size_t a, size_t b, bool noted)
{
	size_t by = SIZE_MAX;
	for (size_t i = first; i < f->n && by == SIZE_MAX; i++) {
		const struct detect_item *it = &f->v[i];
		if (it->rule < 0)
			continue;
		enum detect_need need = detect_rules[it->rule].need;
		size_t cs, ce;
		clause_of(t, a, b, it->start, it->end, &cs, &ce);
		if ((it->type == DETECT_DEADLINE && need == N_ALWAYS && it->value[0] != 'R' &&
		     it->end < b) ||
		    (it->type == DETECT_DEADLINE && goal_year_opens(t, a, it->start, it->end)) ||
		    (it->type == DETECT_TARGET && need == N_MEASURE && measure_opens(t, a, cs, it->start)) ||
		    (it->type == DETECT_TARGET && noted))
			by = i;
	}
	if (by == SIZE_MAX || holds_any(t, a, b, &detect_lexicon.past_words) ||
	    starts_any(t, a, &detect_lexicon.report_openers))
		return SIZE_MAX;
	return by;
}

/* Whether an item's words [a, we) are a measure and its figure (（二）培训农村实用人才
 * 800人次以上。): work of a plan's list, not a heading's title. */
static bool measure_item(const struct text *t, size_t a, size_t we)
{
	if (!starts_any(t, a, &detect_lexicon.command_openers))
		return false;
	size_t l;
	for (size_t p = a; p < we; p += l)
		if (cjk_digit(char_at(t, p, &l)) >= 0)
			return true;
	return false;
}

bool paragraph_reports_past(const struct text *t, const struct outline_para *p,
                            const struct date *at)
{
	if (starts_any(t, p->start, &detect_lexicon.report_openers))
		return true;
	struct date y;
	size_t e = date_read_chinese(t->s, p->end, p->start, &y);
	return at->year && y.year && y.year < at->year && e < p->end &&
	       (starts_lit(t, e, "，") || starts_lit(t, e, ","));
}

/* The innermost node holding byte off, or SIZE_MAX. */
static size_t node_holding(const outline *o, size_t off)
{
	size_t k = node_from(o, off + 1);
	if (!k)
		return SIZE_MAX;
	k--;
	for (;;) {
		const struct outline_node *nd = outline_node_at(o, k);
		if (nd->end > off)
			return k;
		if (nd->parent == k)
			return SIZE_MAX;
		k = nd->parent;
	}
}

/* The deadlines among f's items from first on frame what follows up to end. */
static void frame_to(struct found *f, size_t first, size_t end)
{
	for (size_t i = first; i < f->n; i++)
		if (f->v[i].type == DETECT_DEADLINE && f->v[i].value[0] != 'R')
			f->v[i].scope_end = end;
}

/* The deadlines of sentence [a, b), found from first on, that stand alone in a clause
 * frame what follows up to end: a period and at most a binding word before it (到, 在,
 * 力争) and a suffix after, before a comma (今年，… 到2030年，… 3年内，…); in the
 * sentence's first clause only, unless any_clause. */
static void frame_opening(const struct text *t, struct found *f, size_t first, size_t a,
                          size_t b, size_t end, bool any_clause)
{
	size_t l;
	for (size_t i = first; i < f->n; i++) {
		struct detect_item *it = &f->v[i];
		if (it->type != DETECT_DEADLINE)
			continue;
		size_t cs, ce;
		clause_of(t, a, b, it->start, it->end, &cs, &ce);
		if ((!any_clause && cs != a) || ce >= b ||
		    !(starts_lit(t, ce, "，") || starts_lit(t, ce, ",")))
			continue;
		size_t before = 0, after = 0;
		for (size_t p = cs; p < it->start; p += l, before++)
			char_at(t, p, &l);
		for (size_t p = it->end; p < ce; p += l, after++)
			char_at(t, p, &l);
		if (before <= 2 && after <= 2)
			it->scope_end = end;
	}
}

/* Whether a label and its colon open the sentence at a (牵头单位：, 责任单位:). */
static bool labelled(const struct text *t, size_t a)
{
	const char *w = starts_any(t, a, &detect_lexicon.labels_lead);
	if (!w)
		w = starts_any(t, a, &detect_lexicon.labels_cooperating);
	return w && (starts_lit(t, a + strlen(w), "：") || starts_lit(t, a + strlen(w), ":"));
}

/* Whether heading words [a, we) that its paragraph goes on after are a run-in title of
 * two short parallel clauses (（一）要强基固本，打牢组织基础。要…): each at most 8
 * characters, no figure; a longer or numbered sentence is work (1.全面排查隐患，确保
 * 月底前完成。). */
static bool run_in_title(const struct text *t, size_t a, size_t we, size_t pend)
{
	size_t e = we, l;
	if (e < pend)
		char_at(t, e, &l), e += l; /* its final mark */
	while (e < pend && (t->s[e] == ' ' || t->s[e] == '\n'))
		e++;
	if (e >= pend)
		return false; /* nothing runs on after it */
	size_t clauses = 1, n = 0;
	for (size_t p = a; p < we; p += l) {
		uint32_t c = char_at(t, p, &l);
		if (c == 0xFF0C /* ， */) {
			if (!n || ++clauses > 2)
				return false;
			n = 0;
			continue;
		}
		if (cjk_digit(c) >= 0 || ++n > 8)
			return false;
	}
	return clauses == 2 && n > 0;
}

void paragraph_detect(const struct text *t, const outline *o, const struct outline_para *p,
                      const struct date *at, const struct prefilter *pf,
                      const uint8_t *sections, struct found *f)
{
	/* a review of work done (一、2024年工作回顾) asks nothing: its section is skipped */
	size_t holder = node_holding(o, p->start);
	uint8_t section = sections && holder != SIZE_MAX ? sections[holder] : 0;
	if (section & SECTION_REVIEW)
		return;
	/* a closing address (同志们！…让我们…) rallies: its words commit no one */
	bool closing = p->role == OUTLINE_ROLE_CLOSING;
	/* a paragraph that opens with a year gone by (2024年，… in a speech of 2025; 去年，…)
	 * reports: its measures and plain verbs tell what was done */
	bool reporting = (section & SECTION_PAST) || paragraph_reports_past(t, p, at);
	size_t nn = outline_node_count(o);
	struct period pd = { 0, 0, p->start, p->start, -1, false, false, false };
	size_t part_end[PERIOD_PARTS], nparts = 0, part = 0;
	size_t last_task = SIZE_MAX; /* the paragraph's last task, for a note after it */
	for (size_t s = p->start; s < p->end;) {
		if (s >= pd.pe) { /* a new full sentence */
			pd.ps = s;
			pd.pe = period_end(t, s, p->end, part_end, &nparts);
			pd.asks = -1;
			part = 0;
		}
		size_t e = part < nparts ? part_end[part++] : sentence_end_wrapped(t->s, p->end, s);
		size_t a = s, l;
		/* a marker opening the sentence (第一， 一是 （一） 1.) is not its words */
		size_t k = node_from(o, s);
		const struct outline_node *heading = NULL;
		for (; k < nn && outline_node_at(o, k)->start < e; k++) {
			const struct outline_node *nd = outline_node_at(o, k);
			if (nd->start == a && nd->kind != OUTLINE_SPEECH) {
				a += nd->marker_len;
				if (!nd->inline_ || nd->title_end <= e)
					heading = nd;
			}
		}
		trim(t, &a, &e);
		if (pd.ps == s)
			pd.ps = a; /* the full sentence's words start after its marker too */
		size_t b = e;
		while (b > a && (t->s[b - 1] == '\n'))
			b--;
		if (b > a) {
			/* a heading's title is structure: nothing in it is suggested, and the
			 * words after a heading run together with its paragraph are a sentence
			 * of their own */
			size_t we = words_end(t, a, b); /* the sentence without its final mark */
			/* a title has no final mark (二、突出工作重点，抓好各项任务), or is short and
			 * one clause: 1.加快重大项目落地。 is a title, 1.全面排查…，确保月底前完成…。
			 * a sentence */
			bool title = heading && heading->title_end >= we &&
			             (we == b /* a heading line: no final mark */ ||
			              (!holds(t, a, we, "，") && we - a <= 3 * 20 &&
			               !measure_item(t, a, we)) ||
			              run_in_title(t, a, we, p->end));
			char word[DETECT_VALUE_MAX];
			size_t wat, task = SIZE_MAX;
			size_t first = f->n;
			/* a list announced (今年，要抓好以下几项工作：) ends with a colon */
			bool intro = ends_lit(t, a, b, "：") || ends_lit(t, a, b, ":");
			if (title || intro) {
				/* a period in a heading's title or a list's announcement frames the
				 * work that follows: its section, or the rest of what holds it */
				struct scan sc;
				scan_sentence(t, pf, a, b, &sc);
				pd.s = a;
				pd.e = b;
				pd.frames = true;
				find_phrases(t, &pd, at, pf, &sc, f);
				pd.frames = false;
				if (title) {
					frame_to(f, first, heading->end);
				} else {
					/* a list's: its period opens the announcement (今年，要…：) */
					size_t h = node_holding(o, p->start);
					frame_opening(t, f, first, a, b, h != SIZE_MAX ? outline_node_at(o, h)->end : p->end, true);
					for (size_t i = first; i < f->n; i++)
						if (!f->v[i].scope_end)
							f->v[i--] = f->v[--f->n]; /* the rest is sought below */
				}
			}
			if (!title) {
				struct scan sc;
				scan_sentence(t, pf, a, b, &sc);
				/* a note: in brackets, or a sentence that opens with a label (责任单位：
				 * …各乡镇按职责分工负责。 names owners, it is no task) */
				bool bracketed = (starts_any(t, a, &detect_lexicon.note_openers) &&
				                  (ends_any(t, a, we, &detect_lexicon.note_closers) ||
				                   ends_any(t, a, b, &detect_lexicon.note_closers))) ||
				                 labelled(t, a);
				if (!bracketed && task_is(t, pf, a, b, &sc, word, &wat) &&
				    !(reporting && !sc.ncommit)) {
					struct detect_item *it = found_add(f, DETECT_TASK, a, b, -1);
					if (!it)
						return;
					snprintf(it->value, DETECT_VALUE_MAX, "%s", word);
					task = f->n - 1;
					owners_of_task(t, pf, a, b, &sc, f, task);
					/* a closing address (同志们！…让我们…) rallies: it commits only the
					 * units it names (…，全市各级党组织要…) */
					if (closing && f->n == task + 1) {
						f->n = task;
						task = SIZE_MAX;
					}
					if (task != SIZE_MAX && starts_any(t, wat, &detect_lexicon.plan_words)) {
						size_t cs, ce;
						clause_of(t, a, b, wat, wat, &cs, &ce);
						owner_before(t, a, cs, wat, f, task); /* 市委将… */
					}
				}
				if (sc.named || sc.more)
					owners_named(t, a, b, sc.seen, f, task);
				/* work whose note names the units that lead or cooperate (…稳定在
				 * 50万亩以上（牵头单位：…）) is assigned: its figures and periods bind */
				bool noted = false;
				for (size_t i = first; i < f->n && task == SIZE_MAX && !bracketed; i++)
					noted |= f->v[i].type == DETECT_OWNER && f->v[i].role != DETECT_TOLD &&
					         f->v[i].start > a;
				noted = noted && !closing && !reporting;
				pd.s = a;
				pd.e = b;
				pd.reports = reporting;
				if (noted)
					period_commits(&pd);
				find_phrases(t, &pd, at, pf, &sc, f);
				if (s == p->start) /* a paragraph's opening period frames it */
					frame_opening(t, f, first, a, b, p->end, false);
				/* a sentence that names its own deadline or a measure commits (年底前
				 * 建成…, 新建学校3所), unless it reports or is a note; its targets are
				 * then sought as in any sentence that asks */
				size_t by = task == SIZE_MAX && !bracketed && !closing && !reporting ?
				            commits_by_item(t, f, first, a, b, noted) : SIZE_MAX;
				if (by != SIZE_MAX) {
					struct detect_item byi = f->v[by];
					struct detect_item *it = found_add(f, DETECT_TASK, a, b, -1);
					if (!it)
						return;
					const char *verb = NULL; /* the measure's verb (每个村建成…: 建成) */
					for (size_t p = byi.start; byi.type == DETECT_TARGET && p < byi.end && !verb;
					     p += l)
						if (!(verb = starts_any(t, p, &detect_lexicon.command_openers)))
							char_at(t, p, &l);
					const char *asked = starts_any(t, a, &detect_lexicon.request_words);
					if (asked) /* 请各单位于…前报送… */
						snprintf(it->value, DETECT_VALUE_MAX, "%s", asked);
					else if (verb)
						snprintf(it->value, DETECT_VALUE_MAX, "%s", verb);
					else
						snprintf(it->value, DETECT_VALUE_MAX, "%.*s", (int)(byi.end - byi.start),
						         t->s + byi.start);
					task = f->n - 1;
					if (sc.seen & SEEN_ASK)
						owners_requested(t, a, b, f, task);
					owners_of_task(t, pf, a, b, &sc, f, task);
					period_commits(&pd);
					find_phrases(t, &pd, at, pf, &sc, f);
				}
			}
			/* a note after a task (（牵头单位：…；配合单位：…）, 责任单位：…) names its
			 * owners: a sentence with no task whose owners all have their parts */
			bool note = task == SIZE_MAX && f->n > first;
			for (size_t i = first; i < f->n && note; i++)
				note = f->v[i].type == DETECT_OWNER && f->v[i].role != DETECT_TOLD;
			for (size_t i = first; i < f->n; i++) {
				if (f->v[i].type == DETECT_TASK)
					continue;
				f->v[i].task = note ? last_task : task;
				if (note && f->v[i].type == DETECT_OWNER && f->v[i].role != DETECT_TOLD)
					f->v[i].note = true;
			}
			if (task != SIZE_MAX)
				last_task = task;
		}
		if (e <= s)
			e = s + 1;
		s = e;
		while (s < p->end && (t->s[s] == '\n' || t->s[s] == ' '))
			s++;
		if (starts_lit(t, s, "\u3000")) {
			char_at(t, s, &l);
			s += l;
		}
	}
}
