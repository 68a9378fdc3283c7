/* The tables that let detection try a rule or a word only where it can stand (see
 * detect-prefilter.h): built from the rule table's patterns and the lexicon, never
 * from words of their own. */
#include "pizhu/detect-prefilter.h"

#include <unistr.h>

#include "pizhu/cjk.h"
#include "pizhu/detect-pattern.h"

void charset_add_firsts(struct charset *cs, const struct detect_words *ws)
{
	for (size_t k = 0; k < ws->n; k++) {
		size_t l, n = strlen(ws->w[k]);
		if (!n)
			continue;
		uint32_t c = utf8_get(ws->w[k], n, 0, &l);
		if (c < 0x10000)
			cs->bmp[c >> 3] |= (uint8_t)(1u << (c & 7));
		else
			cs->astral = true;
	}
}

/* ---- where rules can start ---- */

static void starter_add(struct starters *st, uint32_t c, size_t rule)
{
	if (c < 0x10000)
		st->bmp[c >> 3] |= (uint8_t)(1u << (c & 7));
	size_t h = starter_slot(st, c);
	st->cp[h] = c;
	st->mask[h] |= (uint64_t)1 << rule;
}

static void starter_add_all(struct starters *st, const char *chars, size_t rule)
{
	for (size_t i = 0; chars[i];) {
		ucs4_t c;
		int l = u8_mbtouc(&c, (const uint8_t *)chars + i, strlen(chars + i));
		starter_add(st, c, rule);
		i += l > 0 ? (size_t)l : 1;
	}
}

/* Records the characters pattern p can start with as starters of rule. */
static void first_chars(const char *p, size_t rule, struct starters *st)
{
	if (*p == '(') {
		const char *after, *q = p + 1;
		bool optional;
		const char *end = q + pattern_group_extent(p, &after, &optional);
		for (const char *a = q; a <= end;) {
			const char *b = a;
			int dd = 0;
			while (b < end && (dd || *b != '|')) {
				dd += *b == '(' ? 1 : *b == ')' ? -1 : 0;
				b++;
			}
			char buf[256];
			size_t alen = (size_t)(b - a), rlen = strlen(after);
			if (alen + rlen < sizeof(buf)) {
				memcpy(buf, a, alen);
				memcpy(buf + alen, after, rlen + 1);
				first_chars(buf, rule, st);
			}
			a = b + 1;
		}
		if (optional)
			first_chars(after, rule, st);
		return;
	}
	static const char numbers[] = "0123456789０１２３４５６７８９〇零一二三四五六七八九十百千两XxＸｘ*＊";
	if (!strncmp(p, "<S>", 3)) {
		starter_add_all(st, "一二三四1234", rule);
		st->numeric |= (uint64_t)1 << rule;
	} else if (!strncmp(p, "<P>", 3)) {
		starter_add_all(st, "上中下初底末", rule);
	} else if (*p == '<') {
		starter_add_all(st, numbers, rule);
		st->numeric |= (uint64_t)1 << rule;
	}
	else if (*p) {
		ucs4_t c;
		u8_mbtouc(&c, (const uint8_t *)p, strlen(p));
		starter_add(st, c, rule);
	}
}

/* Adds c to the followers of rule r; too many means anything. */
static void follower_add(struct starters *st, size_t r, uint32_t c)
{
	if (st->nfollow[r] == 0xFF)
		return;
	if (st->nfollow[r] == FOLLOWERS) {
		st->nfollow[r] = 0xFF;
		return;
	}
	st->follow[r][st->nfollow[r]++] = c;
}

/* The characters that may follow the number that rule r starts with: the first of the
 * literal or of each alternative after it, or a unit's first (<QU>). */
/* Adds the first characters of the alternatives of the group opening at p as
 * followers of rule r; returns what comes after the group (past its '?'), with
 * *optional set, or NULL when an alternative does not start with a character. */
static const char *group_followers(struct starters *st, size_t r, const char *p, bool *optional)
{
	const char *after;
	const char *close = p + 1 + pattern_group_extent(p, &after, optional);
	for (const char *a = p + 1; a < close;) {
		ucs4_t c;
		if (*a == '(' || *a == '<' || *a == '|' || *a == ')')
			return NULL;
		u8_mbtouc(&c, (const uint8_t *)a, strlen(a));
		follower_add(st, r, c);
		int depth = 0;
		while (a < close && (depth || *a != '|')) {
			depth += *a == '(' ? 1 : *a == ')' ? -1 : 0;
			a++;
		}
		a++;
	}
	return after;
}

static void followers_of(struct starters *st, size_t r)
{
	const char *p = detect_rules[r].pattern;
	if (*p == '(') { /* (第)?<S>季度: a number tried where it stands, after no 第 */
		const char *after;
		bool optional;
		pattern_group_extent(p, &after, &optional);
		if (!optional)
			return;
		p = after;
	}
	if (*p != '<' || !strncmp(p, "<P>", 3) || !strncmp(p, "<Q>", 3))
		return; /* not a number, or one whose unit may be anything */
	bool unit = !strncmp(p, "<QU>", 4) || !strncmp(p, "<QF>", 4);
	p = strchr(p, '>') + 1;
	ucs4_t c;
	if (unit) {
		const struct detect_words *units = &detect_lexicon.units;
		for (size_t u = 0; u < units->n; u++) {
			u8_mbtouc(&c, (const uint8_t *)units->w[u], strlen(units->w[u]));
			follower_add(st, r, c);
		}
	} else if (*p == '(') {
		/* an optional group (<N>(个)?(月|年)): the group after it may follow too */
		bool optional = true;
		for (int k = 0; optional && p && k < 2; k++) {
			if (*p != '(') {
				p = NULL;
				break;
			}
			p = group_followers(st, r, p, &optional);
		}
		if (!p || optional)
			st->nfollow[r] = 0xFF; /* anything may come next; let it */
	} else if (*p && *p != '<') {
		u8_mbtouc(&c, (const uint8_t *)p, strlen(p));
		follower_add(st, r, c);
	}
	if (st->nfollow[r] == 0xFF)
		st->nfollow[r] = 0;
}

/* The second characters of the words rule r starts with (see struct starters). */
static void seconds_of(struct starters *st, size_t r)
{
	const char *p = detect_rules[r].pattern;
	const char *alts[SECONDS];
	size_t n = 0;
	if (*p == '(') {
		const char *close = strchr(p, ')');
		if (!close || close[1] == '?')
			return; /* optional: the rule may start after it */
		for (const char *a = p + 1; a < close;) {
			if (n == SECONDS)
				return; /* too many words to list: anything may follow */
			alts[n++] = a;
			while (a < close && *a != '|')
				a++;
			a++;
		}
	} else if (*p != '<') {
		alts[n++] = p;
	} else {
		return;
	}
	/* the group's words, or a first character, are followed by a number: <Q>, <QU>,
	 * <QF> or <N> */
	const char *close = *p == '(' ? strchr(p, ')') : NULL;
	if (!close) { /* a literal: the character after its first */
		ucs4_t c0;
		int l0 = u8_mbtouc(&c0, (const uint8_t *)p, strlen(p));
		close = p + (l0 > 0 ? l0 : 1) - 1;
	}
	bool number_next = close[1] == '<' && (close[2] == 'Q' || close[2] == 'N');
	for (size_t k = 0; k < n; k++) {
		ucs4_t c0, c1;
		int l0 = u8_mbtouc(&c0, (const uint8_t *)alts[k], strlen(alts[k]));
		const char *q = alts[k] + (l0 > 0 ? l0 : 1);
		if ((*q == '|' || *q == ')' || *q == '<') && number_next) {
			st->second_number[r] = true; /* 达 then 80%: a number is second */
			continue;
		}
		if (*q == '|' || *q == ')' || *q == '<' || *q == '(' || !*q) {
			st->nsecond[r] = 0; /* a one-character word: anything may follow */
			st->second_number[r] = false;
			return;
		}
		u8_mbtouc(&c1, (const uint8_t *)q, strlen(q));
		st->second[r][st->nsecond[r]++] = c1;
	}
}

static void starters_init(struct starters *st)
{
	memset(st, 0, sizeof(*st));
	for (size_t r = 0; r < detect_rule_count && r < DETECT_RULES_MAX; r++) {
		first_chars(detect_rules[r].pattern, r, st);
		if (detect_rules[r].type == DETECT_TARGET)
			st->targets |= (uint64_t)1 << r;
		followers_of(st, r);
		seconds_of(st, r);
	}
}

/* Clears from can the rules whose first words cannot go on with the character next. */
uint64_t starters_second_filter(const struct starters *st, uint64_t can, uint32_t next)
{
	uint64_t m = can & ~st->numeric;
	while (m) {
		size_t r = (size_t)__builtin_ctzll(m);
		m &= m - 1;
		if (!st->nsecond[r] && !st->second_number[r])
			continue;
		bool ok = st->second_number[r] && cjk_number_start(next);
		for (size_t k = 0; k < st->nsecond[r] && !ok; k++)
			ok = st->second[r][k] == next;
		if (!ok)
			can &= ~((uint64_t)1 << r);
	}
	return can;
}

/* Clears from can the numeric rules that the character after the number cannot
 * continue. */
uint64_t starters_follow_filter(const struct starters *st, uint64_t can, uint32_t next)
{
	uint64_t num = can & st->numeric;
	while (num) {
		size_t r = (size_t)__builtin_ctzll(num);
		num &= num - 1;
		if (!st->nfollow[r])
			continue;
		bool ok = false;
		for (size_t k = 0; k < st->nfollow[r] && !ok; k++)
			ok = st->follow[r][k] == next;
		if (!ok)
			can &= ~((uint64_t)1 << r);
	}
	return can;
}

/* ---- commitment words ---- */

static enum pz_status commitments_init(struct commitments *cm)
{
	const struct detect_words *cw = &detect_lexicon.commit, *nc = &detect_lexicon.not_commit,
	                          *oy = &detect_lexicon.ordinary_yao;
	memset(cm, 0, sizeof(*cm));
	cm->ex = calloc(cw->n * nc->n + 1, sizeof(*cm->ex));
	cm->nex = calloc(cw->n + 1, sizeof(*cm->nex));
	cm->len = calloc(cw->n + 1, sizeof(*cm->len));
	cm->yao_back = calloc(oy->n + 1, 1);
	cm->yao_len = calloc(oy->n + 1, 1);
	if (!cm->ex || !cm->nex || !cm->len || !cm->yao_back || !cm->yao_len)
		return PZ_NOMEM;
	charset_add_firsts(&cm->first, cw);
	for (size_t k = 0; k < oy->n; k++) {
		const char *yao = strstr(oy->w[k], "要");
		cm->yao_back[k] = (uint8_t)(yao ? yao - oy->w[k] : 0);
		cm->yao_len[k] = (uint8_t)(yao ? strlen(oy->w[k]) : 0);
	}
	for (size_t k = 0; k < cw->n; k++) {
		cm->len[k] = strlen(cw->w[k]);
		struct exclusion *ex = cm->ex + k * nc->n;
		for (size_t w = 0; w < nc->n; w++) {
			const char *hit = strstr(nc->w[w], cw->w[k]);
			if (!hit)
				continue;
			size_t back = (size_t)(hit - nc->w[w]), l;
			struct text wt = { nc->w[w], strlen(nc->w[w]) };
			uint32_t key = 0;
			if (back) /* the character before the commitment word */
				key = utf8_before(wt.s, 0, back, &l);
			else if (cm->len[k] < wt.n)
				key = char_at(&wt, cm->len[k], &l);
			ex[cm->nex[k]++] = (struct exclusion){ (uint16_t)w, (uint8_t)back, (uint8_t)wt.n, key };
		}
	}
	return PZ_OK;
}

static void commitments_release(struct commitments *cm)
{
	free(cm->ex);
	free(cm->nex);
	free(cm->len);
	free(cm->yao_back);
	free(cm->yao_len);
}

bool commitments_ordinary_yao(const struct commitments *cm, const struct text *t, size_t s,
                              size_t i)
{
	const struct detect_words *oy = &detect_lexicon.ordinary_yao;
	for (size_t k = 0; k < oy->n; k++) {
		size_t back = cm->yao_back[k];
		if (cm->yao_len[k] && i >= s + back && i - back + cm->yao_len[k] <= t->n &&
		    !memcmp(t->s + i - back, oy->w[k], cm->yao_len[k]))
			return true;
	}
	return false;
}

enum pz_status prefilter_new(struct prefilter **out)
{
	struct prefilter *pf = calloc(1, sizeof(*pf));
	if (!pf)
		return PZ_NOMEM;
	if (detect_rule_count > DETECT_RULES_MAX) {
		free(pf);
		return PZ_SYNTAX;
	}
	enum pz_status st = pattern_compile(detect_lexicon.target_list_item, &pf->list_item);
	for (size_t r = 0; r < detect_rule_count && st == PZ_OK; r++)
		st = pattern_compile(detect_rules[r].pattern, &pf->rules[r]);
	if (st == PZ_OK)
		st = commitments_init(&pf->cm);
	if (st != PZ_OK) {
		prefilter_free(pf);
		return st;
	}
	starters_init(&pf->st);
	charset_add_firsts(&pf->reported_first, &detect_lexicon.reported_before);
	charset_add_firsts(&pf->governed_first, &detect_lexicon.governed_verbs);
	charset_add_firsts(&pf->command_first, &detect_lexicon.command_openers);
	const struct {
		const struct detect_words *ws;
		uint8_t bit;
	} seen[] = {
		{ &detect_lexicon.distributive, SEEN_EACH }, { &detect_lexicon.plan_words, SEEN_PLAN },
		{ &detect_lexicon.named_by, SEEN_BY }, { &detect_lexicon.labels_lead, SEEN_LABEL },
		{ &detect_lexicon.labels_cooperating, SEEN_LABEL }, { &detect_lexicon.role_lead, SEEN_ROLE },
		{ &detect_lexicon.role_cooperating, SEEN_ROLE },
		{ &detect_lexicon.responsible_roles, SEEN_RESP }, { &detect_lexicon.request_words, SEEN_ASK },
	};
	for (size_t k = 0; k < sizeof(seen) / sizeof(seen[0]); k++)
		for (size_t w = 0; w < seen[k].ws->n; w++) {
			size_t l, n = strlen(seen[k].ws->w[w]);
			uint32_t c = n ? utf8_get(seen[k].ws->w[w], n, 0, &l) : 0;
			if (c < 0x10000)
				pf->seen[c] |= seen[k].bit;
			else
				pf->seen[0] = SEEN_ALL; /* beyond the BMP: looked for everywhere */
		}
	pf->seen[0x4EE5] |= SEEN_LIST; /* 以 (以下) */
	charset_add_firsts(&pf->named_first, &detect_lexicon.named_by);
	charset_add_firsts(&pf->named_first, &detect_lexicon.labels_lead);
	charset_add_firsts(&pf->named_first, &detect_lexicon.labels_cooperating);
	charset_add_firsts(&pf->named_first, &detect_lexicon.role_lead);
	charset_add_firsts(&pf->named_first, &detect_lexicon.role_cooperating);
	*out = pf;
	return PZ_OK;
}

void prefilter_free(struct prefilter *pf)
{
	if (!pf)
		return;
	for (size_t r = 0; r < DETECT_RULES_MAX; r++)
		pattern_free(pf->rules[r]);
	pattern_free(pf->list_item);
	commitments_release(&pf->cm);
	free(pf);
}

/* ---- a sentence's one pass ---- */

void scan_sentence(const struct text *t, const struct prefilter *pf, size_t a, size_t b,
                   struct scan *sc)
{
	size_t l;
	sc->ncommit = sc->ncand = sc->nyao = 0;
	sc->more = sc->named = false;
	sc->seen = pf->seen[0];
	for (size_t i = a; i < b; i += l) {
		uint32_t c = char_at(t, i, &l);
		if (starter_mask(&pf->st, c)) {
			if (sc->ncand < SCAN_MAX)
				sc->cand[sc->ncand++] = i;
			else
				sc->more = true;
		}
		size_t w = commitment_at(t, &pf->cm, a, i, c);
		if (w) {
			if (sc->ncommit < SCAN_MAX) {
				sc->commit[sc->ncommit] = i;
				sc->commit_len[sc->ncommit++] = (uint8_t)w;
			} else {
				sc->more = true;
			}
		}
		if (c == 0x8981) { /* 要 */
			if (sc->nyao < SCAN_MAX)
				sc->yao[sc->nyao++] = i;
			else
				sc->more = true;
		}
		/* 由…牵头, 责任单位：, 牵头单位：, 配合单位： */
		if (charset_has(&pf->named_first, c))
			sc->named = true;
		sc->seen |= c < 0x10000 ? pf->seen[c] : SEEN_ALL;
	}
}
