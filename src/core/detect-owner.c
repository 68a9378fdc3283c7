/* Owners (see detect-owner.h): where a unit stands and what it is called, read with
 * the lexicon's words (detect-rules.c). */
#define _GNU_SOURCE /* memmem */
#include "pizhu/detect-owner.h"

#include <stdio.h>

#include "pizhu/detect-clause.h"

/* The units of owner text [a, b), joined by 、 into out: split at 、 (not inside
 * brackets: 各县（市、区）), and at 和 及 与 only between units (县工业和信息化局 is one). */
static void owner_value(const struct text *t, size_t a, size_t b, char *out)
{
	size_t o = 0, item = a, l;
	int depth = 0;
	out[0] = '\0';
	const struct detect_words *splits = &detect_lexicon.owner_splits,
	                          *joins = &detect_lexicon.owner_joins;
	for (size_t i = a; i <= b;) {
		size_t jl = 0;
		for (size_t k = 0; i < b && !depth && !jl && k < splits->n; k++)
			if (starts(t, i, splits->w[k]) && i + strlen(splits->w[k]) <= b)
				jl = strlen(splits->w[k]);
		for (size_t k = 0; i < b && !depth && !jl && k < joins->n; k++)
			if (starts(t, i, joins->w[k]) && i + strlen(joins->w[k]) <= b && owner_is(t, item, i))
				jl = strlen(joins->w[k]);
		if (i == b || jl) {
			size_t x = item, y = i;
			trim(t, &x, &y);
			if (y > x && o + (y - x) + 4 < DETECT_VALUE_MAX) {
				if (o)
					o += (size_t)snprintf(out + o, DETECT_VALUE_MAX - o, "、");
				memcpy(out + o, t->s + x, y - x);
				o += y - x;
				out[o] = '\0';
			}
			if (i == b)
				break;
			i += jl;
			item = i;
			continue;
		}
		uint32_t c = char_at(t, i, &l);
		depth += c == 0xFF08 || c == '(' ? 1 : (c == 0xFF09 || c == ')') && depth ? -1 : 0;
		i += l;
	}
}

/* Whether [a, b) names units that can be told to act. */
bool owner_is(const struct text *t, size_t a, size_t b)
{
	if (b <= a || b - a > 90)
		return false;
	const struct detect_lexicon *lx = &detect_lexicon;
	for (size_t k = 0; k < lx->not_owner.n; k++)
		if (b - a == strlen(lx->not_owner.w[k]) && starts(t, a, lx->not_owner.w[k]))
			return false;
	if (starts_any(t, a, &lx->adverbial_starts))
		return false;
	/* no verbs or clause words inside a name */
	if (holds_any(t, a, b, &lx->owner_inner))
		return false;
	if (starts_lit(t, a, "各"))
		return true;
	/* a place alone is where, not who (全市, 整市, 宜昌市): 各县, 县委 and, last in a
	 * list, 及各乡镇 are units */
	if (ends_any(t, a, b, &lx->places)) {
		size_t last = a;
		const struct detect_words *seps = &lx->unit_separators;
		for (size_t x = 0; x < seps->n; x++) {
			const char *p = t->s + a, *hit;
			size_t sl = strlen(seps->w[x]);
			while ((hit = memmem(p, (size_t)(t->s + b - p), seps->w[x], sl))) {
				size_t after = (size_t)(hit - t->s) + sl;
				if (after > last)
					last = after;
				p = hit + 1;
			}
		}
		return last > a && starts_lit(t, last, "各");
	}
	if (ends_any(t, a, b, &lx->org_ends))
		return true;
	return ends_lit(t, a, b, "）") && holds(t, a, b, "（");
}

static void add_owner(const struct text *t, size_t a, size_t b, struct found *f, size_t task)
{
	struct detect_item *it = found_add(f, DETECT_OWNER, a, b, -1);
	if (it) {
		owner_value(t, a, b, it->value);
		it->task = task;
	}
}

static void find_owner_before(const struct text *t, size_t s, size_t cs, size_t i, struct found *f,
                              size_t task)
{
	size_t a = cs, b = i;
	(void)s;
	trim(t, &a, &b);
	/* adverbs between the unit and the word: 市委组织部也要, 各地务必, 各单位要切实 */
	const struct detect_words *adverbs = &detect_lexicon.owner_adverbs;
	for (bool again = true; again;) {
		again = false;
		for (size_t k = 0; k < adverbs->n; k++)
			if (ends(t, a, b, adverbs->w[k])) {
				b -= strlen(adverbs->w[k]);
				again = true;
			}
	}
	if (owner_is(t, a, b))
		add_owner(t, a, b, f, task);
}

/* The owners named as responsible in [s, e): 由X牵头, 责任单位：X. */
void owners_named(const struct text *t, size_t s, size_t e, struct found *f, size_t task)
{
	const struct detect_lexicon *lx = &detect_lexicon;
	size_t l;
	for (size_t n = 0; n < lx->named_by.n; n++) {
		const char *by = lx->named_by.w[n];
		for (size_t i = next_of(t, s, e, by); i < e; i = next_of(t, i + 1, e, by)) {
			size_t j = i + strlen(by), stop = SIZE_MAX;
			for (size_t k = j; k < e && k < j + 90;) {
				if (starts_any(t, k, &lx->named_verbs)) {
					stop = k;
					break;
				}
				if (clause_mark(t, k, &l))
					break;
				char_at(t, k, &l);
				k += l;
			}
			if (stop != SIZE_MAX && owner_is(t, j, stop))
				add_owner(t, j, stop, f, task);
		}
	}
	const struct detect_words *labels = &lx->owner_labels;
	for (size_t k = 0; k < labels->n; k++) {
		for (size_t i = next_of(t, s, e, labels->w[k]); i < e;
		     i = next_of(t, i + 1, e, labels->w[k])) {
			size_t j = i + strlen(labels->w[k]);
			if (starts_lit(t, j, "："))
				j += strlen("：");
			else if (starts_lit(t, j, ":"))
				j++;
			else
				continue;
			size_t stop = j;
			while (stop < e && !starts_lit(t, stop, "）") && !starts_lit(t, stop, ")") &&
			       !starts_lit(t, stop, "；") && !starts_lit(t, stop, "。") && t->s[stop] != '\n') {
				char_at(t, stop, &l);
				stop += l;
			}
			size_t a = j, b = stop;
			trim(t, &a, &b);
			if (b > a)
				add_owner(t, a, b, f, task);
		}
	}
}

/* The first governed verb in [a, b) after its first character, or SIZE_MAX. */
static size_t opener_in(const struct text *t, size_t a, size_t b)
{
	size_t l;
	char_at(t, a, &l);
	for (size_t p = a + l; p < b; p += l) {
		char_at(t, p, &l);
		const struct detect_words *gv = &detect_lexicon.governed_verbs;
		for (size_t k = 0; k < gv->n; k++)
			if (p + 2 < t->n && t->s[p + 2] == gv->w[k][2] && starts(t, p, gv->w[k]))
				return p;
	}
	return SIZE_MAX;
}

/* The owners of task sentence [a, b): before each commitment word (those sc found), and
 * a unit that opens a clause with a command verb (…，党组织推动…). */
void owners_of_task(const struct text *t, const struct commitments *cm, size_t a, size_t b,
                    const struct scan *sc, struct found *f, size_t task)
{
	size_t first = f->n, l;
	for (size_t cs = a; cs < b;) {
		size_t ce = cs;
		while (ce < b && !clause_mark(t, ce, &l)) {
			char_at(t, ce, &l);
			ce += l;
		}
		bool commits = false; /* a clause with 要 or 必须 has its owner found below */
		for (size_t k = 0; k < sc->ncommit; k++)
			commits |= sc->commit[k] >= cs && sc->commit[k] < ce;
		size_t v = commits ? SIZE_MAX : opener_in(t, cs, ce);
		if (v != SIZE_MAX && v - cs <= 3 * 12) {
			size_t x = cs, y = v;
			trim(t, &x, &y);
			if (owner_is(t, x, y))
				add_owner(t, x, y, f, task);
		}
		if (ce >= b)
			break;
		clause_mark(t, ce, &l);
		cs = ce + l;
	}
	/* before 要 in an exhortation too (各级党组织要有高度的敏感性，…抓实抓好…): the
	 * unit is told, whatever the verb */
	size_t yao[SCAN_MAX], nyao = 0;
	for (size_t y = 0; y < sc->nyao; y++) {
		size_t i = sc->yao[y];
		bool ordinary = commitments_ordinary_yao(cm, t, a, i);
		bool known = false;
		for (size_t k = 0; k < sc->ncommit && !known; k++)
			known = sc->commit[k] == i;
		if (!ordinary && !known)
			yao[nyao++] = i;
	}
	for (size_t k = 0; k < nyao; k++) {
		size_t cs, ce;
		clause_of(t, a, b, yao[k], yao[k], &cs, &ce);
		size_t before = f->n;
		find_owner_before(t, a, cs, yao[k], f, task);
		if (f->n > before)
			for (size_t x = first; x < before; x++)
				if (f->v[x].type == DETECT_OWNER && f->v[x].start == f->v[f->n - 1].start) {
					f->n--;
					break;
				}
	}
	for (size_t k = 0; k < sc->ncommit; k++) {
		size_t i = sc->commit[k], cs, ce;
		clause_of(t, a, b, i, i, &cs, &ce);
		size_t before = f->n;
		find_owner_before(t, a, cs, i, f, task);
		/* the same owner again (市委要…，要…): once is enough */
		if (f->n > before)
			for (size_t x = first; x < before; x++)
				if (f->v[x].type == DETECT_OWNER && f->v[x].start == f->v[f->n - 1].start) {
					f->n--;
					break;
				}
	}
}

