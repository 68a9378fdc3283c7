/* Walking a paragraph's sentences (see detect-paragraph.h): the one place where the
 * layers meet, tasks (detect-task.c), owners (detect-owner.c), phrases (the rule
 * table, detect-pattern.c, detect-clause.c) and their values (detect-value.c). */
#include "pizhu/detect-paragraph.h"

#include <stdio.h>

#include "pizhu/cjk.h"
#include "pizhu/detect-clause.h"
#include "pizhu/detect-owner.h"
#include "pizhu/detect-pattern.h"
#include "pizhu/detect-task.h"
#include "pizhu/detect-value.h"
#include "pizhu/sentence.h"

/* Tries the rules at byte i of the sentence of pd: the longest match that binds is
 * added; returns its end, or i when there is none. */
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
		size_t end = pattern_match(t, i, detect_rules[r].pattern, &c);
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
	if (r->type == DETECT_DEADLINE)
		value_deadline(r, &best_caps, at, it->value);
	else
		value_target(r, &best_caps, it->value);
	return best_end;
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

void paragraph_detect(const struct text *t, const outline *o, const struct outline_para *p,
                      const struct date *at, const struct prefilter *pf, struct found *f)
{
	/* a closing address (同志们！…让我们…) rallies: its words commit no one */
	bool closing = p->role == OUTLINE_ROLE_CLOSING;
	size_t nn = outline_node_count(o);
	struct period pd = { 0, 0, p->start, p->start, -1 };
	size_t part_end[PERIOD_PARTS], nparts = 0, part = 0;
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
			              (!holds(t, a, we, "，") && we - a <= 3 * 20));
			char word[DETECT_VALUE_MAX];
			size_t wat, task = SIZE_MAX;
			size_t first = f->n;
			if (!title) {
				struct scan sc;
				scan_sentence(t, pf, a, b, &sc);
				if (!closing && task_is(t, pf, a, b, &sc, word, &wat)) {
					struct detect_item *it = found_add(f, DETECT_TASK, a, b, -1);
					if (!it)
						return;
					snprintf(it->value, DETECT_VALUE_MAX, "%s", word);
					task = f->n - 1;
					owners_of_task(t, &pf->cm, a, b, &sc, f, task);
				}
				if (sc.named || sc.more)
					owners_named(t, a, b, f, task);
				pd.s = a;
				pd.e = b;
				find_phrases(t, &pd, at, pf, &sc, f);
			}
			for (size_t i = first; i < f->n; i++)
				if (f->v[i].type != DETECT_TASK)
					f->v[i].task = task;
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
