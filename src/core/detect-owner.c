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
/* Whether [a, b) is made only of the level words of places and units (村、社区, 乡镇,
 * 县市区): a category told to act, not one place. */
static bool levels_only(const struct text *t, size_t a, size_t b)
{
	size_t l;
	for (size_t p = a; p < b;) {
		const char *w = starts_any(t, p, &detect_lexicon.unit_levels);
		if (w && p + strlen(w) <= b) {
			p += strlen(w);
			continue;
		}
		char_at(t, p, &l);
		if (!starts_any(t, p, &detect_lexicon.unit_separators))
			return false;
		p += l;
	}
	return b > a;
}

static void add_owner(const struct text *t, size_t a, size_t b, struct found *f, size_t task);
static bool named_by_in(const struct text *t, size_t a, size_t b);

/* A long list of units (县直机关及直属单位、…以及村、社区党支部，要…): the limit of a
 * unit's name, in bytes, is this many characters. */
#define OWNER_MAX 30

/* The units asked after a request word at the start of a clause of [a, b) (请各单位
 * 于…报送, 请县财政局、县审计局按…): the longest run of units ending with a unit's
 * name before a word that says what they are asked (于, 按, 及时…). */
void owners_requested(const struct text *t, size_t a, size_t b, struct found *f, size_t task)
{
	const struct detect_lexicon *lx = &detect_lexicon;
	size_t l;
	for (size_t k = 0; k < lx->request_words.n; k++) {
		const char *rw = lx->request_words.w[k];
		for (size_t i = next_of(t, a, b, rw); i < b; i = next_of(t, i + 1, b, rw)) {
			size_t cs, ce, u = i + strlen(rw), end = SIZE_MAX;
			clause_of(t, a, b, i, i, &cs, &ce);
			if (cs != i || starts_any(t, u, &lx->not_owner))
				continue; /* not opening its clause; 请各位领导… is an address */
			/* the longest run of units before what they are asked to do */
			for (size_t p = u, n = 0; p < ce && n < OWNER_MAX; p += l, n++) {
				if (p > u && starts_any(t, p, &lx->request_stops))
					break;
				uint32_t c = char_at(t, p, &l);
				/* a name's bracket closes it too (请各乡镇（街道）于…) */
				if ((ends_any(t, u, p + l, &lx->org_ends) || c == 0xFF09 /* ） */ || c == ')') &&
				    owner_is(t, u, p + l))
					end = p + l;
			}
			if (end != SIZE_MAX)
				add_owner(t, u, end, f, task);
		}
	}
}

bool owner_is(const struct text *t, size_t a, size_t b)
{
	if (b <= a || b - a > 3 * OWNER_MAX)
		return false;
	const struct detect_lexicon *lx = &detect_lexicon;
	/* units joined by 特别是, 尤其是 (各级党组织特别是基层党组织): each a unit */
	bool emphasis = holds_any(t, a, b, &lx->owner_emphasis);
	for (size_t k = 0; emphasis && k < lx->owner_emphasis.n; k++) {
		size_t at = next_of(t, a, b, lx->owner_emphasis.w[k]);
		if (at < b)
			return owner_is(t, a, at) && owner_is(t, at + strlen(lx->owner_emphasis.w[k]), b);
	}
	for (size_t k = 0; k < lx->not_owner.n; k++)
		if (b - a == strlen(lx->not_owner.w[k]) && starts(t, a, lx->not_owner.w[k]))
			return false;
	/* a whole place before its units (全区各级, 全县每一个村党组织): the units */
	const char *whole = starts_any(t, a, &lx->whole_places);
	if (whole && (starts_lit(t, a + strlen(whole), "各") ||
	              starts_any(t, a + strlen(whole), &lx->distributive)))
		return owner_is(t, a + strlen(whole), b);
	/* a room or ground (党员活动室) is where, not who */
	if (ends_any(t, a, b, &lx->facilities))
		return false;
	if (starts_any(t, a, &lx->adverbial_starts))
		return false;
	/* no verbs or clause words inside a name; but a group said by what its people do
	 * (上级党组织参会的同志, 未按期完成整改的单位) is one: a short clause, 的 and a
	 * group's word at its end */
	const char *head = ends_any(t, a, b, &lx->group_heads);
	size_t de = head ? b - strlen(head) - strlen("的") : a;
	if (head && de > a && starts_lit(t, de, "的") && utf8_count(t->s + a, de - a) <= 10 &&
	    !holds_any(t, a, de, &lx->owner_inner) && !starts_any(t, a, &lx->adverbial_starts))
		return true;
	if (holds_any(t, a, b, &lx->owner_inner))
		return false;
	/* each unit of a kind (各县, 各有关单位, 每个村): with a unit's name, or short */
	if ((starts_lit(t, a, "各") || starts_any(t, a, &lx->distributive)) &&
	    (ends_any(t, a, b, &lx->org_ends) || ends_any(t, a, b, &lx->unit_levels) ||
	     ends_lit(t, a, b, "）") || ends_lit(t, a, b, ")") || utf8_count(t->s + a, b - a) <= 3))
		return true;
	/* a place alone is where, not who (全市, 整市, 宜昌市): 各县, 县委 and, last in a
	 * list, 及各乡镇 are units */
	if (ends_any(t, a, b, &lx->places) && !levels_only(t, a, b)) {
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

static void add_owner_as(const struct text *t, size_t a, size_t b, struct found *f, size_t task,
                         enum detect_role role)
{
	struct detect_item *it = found_add(f, DETECT_OWNER, a, b, -1);
	if (it) {
		owner_value(t, a, b, it->value);
		it->task = task;
		it->role = role;
	}
}

static void add_owner(const struct text *t, size_t a, size_t b, struct found *f, size_t task)
{
	struct detect_item *it = found_add(f, DETECT_OWNER, a, b, -1);
	if (it) {
		owner_value(t, a, b, it->value);
		it->task = task;
	}
}

/* Whether [s, ps) is one clause and a comma (同志们，X，要… gives X): the subject may
 * follow an address or a phrase of time. */
static bool one_clause_before(const struct text *t, size_t s, size_t ps)
{
	size_t cs, ce;
	clause_of(t, s, ps, s, s, &cs, &ce);
	size_t l;
	return ce + 3 >= ps && clause_mark(t, ce, &l) && ce + l == ps;
}

/* Where the words of [a, b) start after the last note bracket opened in it and not
 * closed (县住建局）6月底前全部开工（县城管局 gives 县城管局), else a. */
static size_t after_open_note(const struct text *t, size_t a, size_t b)
{
	size_t at = a, before = a, l;
	int depth = 0;
	for (size_t p = a; p < b; p += l) {
		const char *w = starts_any(t, p, &detect_lexicon.note_openers);
		if (w) {
			l = strlen(w);
			if (!depth++) {
				before = at;
				at = p + l;
			}
			continue;
		}
		w = starts_any(t, p, &detect_lexicon.note_closers);
		if (w) {
			l = strlen(w);
			if (!depth)
				at = p + l; /* closing one opened before: what follows is new */
			else if (!--depth)
				at = before; /* a bracket inside the name: 各县（市、区） */
			continue;
		}
		char_at(t, p, &l);
	}
	return at;
}

/* Where a time that ends [a, b) starts (各地各部门每月10日前, 市民政局三季度前: the
 * time is not the unit's name), with the adverbs before it; b when none does. */
static size_t before_time(const struct text *t, size_t a, size_t b)
{
	const struct detect_lexicon *lx = &detect_lexicon;
	size_t c = b, at;
	while (c > a && in_set(char_before(t, c, &at), lx->owner_time_chars))
		c = at;
	if (c == b || c == a || !holds_any(t, c, b, &lx->owner_times))
		return b;
	for (bool again = true; again;) {
		again = false;
		for (size_t k = 0; k < lx->owner_adverbs.n; k++)
			if (ends(t, a, c, lx->owner_adverbs.w[k]) && c - strlen(lx->owner_adverbs.w[k]) > a) {
				c -= strlen(lx->owner_adverbs.w[k]);
				again = true;
			}
	}
	return c;
}

void owner_before(const struct text *t, size_t s, size_t cs, size_t i, struct found *f,
                  size_t task)
{
	size_t a = cs, b = i;
	trim(t, &a, &b);
	/* nothing between the comma and the word: the clause before names the units
	 * (全市各级党组织和广大党员干部，务必要…) */
	size_t comma = cs > s ? utf8_prev(t->s, s, cs) : s;
	if (a == b && cs > s && (starts_lit(t, comma, "，") || starts_lit(t, comma, ","))) {
		size_t ps, pe;
		clause_of(t, s, i, comma, comma, &ps, &pe);
		a = ps;
		b = comma;
		trim(t, &a, &b);
		if (a >= b || (ps > s && !one_clause_before(t, s, ps)))
			return;
	}
	/* a note's bracket left open before the word (…开工（县农业农村局牵头): the
	 * subject is inside it */
	a = after_open_note(t, a, b);
	/* words that open a subject are not its name (特别是领导干部要, 我们党员干部要) */
	for (const char *w; (w = starts_any(t, a, &detect_lexicon.subject_openers)) && a + strlen(w) < b;)
		a += strlen(w);
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
	bool is = owner_is(t, a, b);
	if (!is) {
		size_t c = before_time(t, a, b);
		if (c != b) {
			b = c;
			is = owner_is(t, a, b);
		}
	}
	/* 这项工作由市住建局牵头: the units after 由 are named there, not these words */
	if (is && !named_by_in(t, a, b))
		add_owner(t, a, b, f, task);
}

/* The end of the part of [cs, e) that may name units and their part (县住建局牵头): up
 * to a clause mark, or a note's bracket that does not belong to a name. A bracket
 * belongs to a name (各县（市、区）牵头) when words come before it in the part and it
 * closes before the part ends with no part-word inside; any other opening bracket,
 * and a closing one with none open, ends the part. *l gets the length of the mark or
 * bracket there (0 at e). */
static size_t role_part_end(const struct text *t, size_t cs, size_t e, size_t *l)
{
	const struct detect_lexicon *lx = &detect_lexicon;
	int depth = 0;
	size_t p = cs, a = cs, z = e;
	trim(t, &a, &z);
	for (; p < e; p += *l) {
		if (clause_mark(t, p, l))
			return p;
		const char *w = starts_any(t, p, &lx->note_openers);
		if (w && p > a) {
			/* a name's bracket closes before a clause mark, with no part-word in it */
			size_t q = p + strlen(w), ml;
			while (q < e && !clause_mark(t, q, &ml) && !starts_any(t, q, &lx->note_closers) &&
			       !starts_any(t, q, &lx->note_openers))
				char_at(t, q, &ml), q += ml;
			if (q < e && starts_any(t, q, &lx->note_closers) &&
			    !holds_any(t, p, q, &lx->role_lead) && !holds_any(t, p, q, &lx->role_cooperating) &&
			    !holds_any(t, p, q, &lx->labels_lead) && !holds_any(t, p, q, &lx->labels_cooperating)) {
				depth++;
				*l = strlen(w);
				continue;
			}
			*l = strlen(w);
			return p;
		}
		if (w) { /* opening the part: not its words */
			*l = strlen(w);
			continue;
		}
		w = starts_any(t, p, &lx->note_closers);
		if (w) {
			*l = strlen(w);
			if (depth) {
				depth--;
				continue;
			}
			return p;
		}
		char_at(t, p, l);
	}
	*l = 0;
	return e;
}

/* Whether a comma stands at i (its length in *l). */
static bool comma_at(const struct text *t, size_t i, size_t *l)
{
	*l = starts_lit(t, i, "，") ? strlen("，") : starts_lit(t, i, ",") ? 1 : 0;
	return *l != 0;
}

/* Whether the words from i up to the next mark, bracket or label name units (a label's
 * list goes on after a comma: 县财政局，各乡镇), rather than the work (，6月底前全部开工). */
static bool units_follow(const struct text *t, size_t i, size_t e)
{
	const struct detect_lexicon *lx = &detect_lexicon;
	size_t q = i, l;
	while (q < e && !clause_mark(t, q, &l) && !starts_any(t, q, &lx->note_closers) &&
	       !starts_any(t, q, &lx->note_openers) && !starts_lit(t, q, "、")) {
		char_at(t, q, &l);
		q += l;
	}
	size_t a = i, b = q;
	trim(t, &a, &b);
	const char *duty = ends_any(t, a, b, &lx->duty_suffixes); /* …按职责分工负责 */
	if (duty)
		b -= strlen(duty);
	return b > a && owner_is(t, a, b);
}

/* Whether [a, b) ends with 由 and units (这项工作由市住建局): those are named by 由,
 * the words before them no unit. */
static bool named_by_in(const struct text *t, size_t a, size_t b)
{
	const struct detect_words *by = &detect_lexicon.named_by;
	for (size_t k = 0; k < by->n; k++)
		for (size_t i = next_of(t, a, b, by->w[k]); i < b; i = next_of(t, i + 1, b, by->w[k]))
			if (i > a && owner_is(t, i + strlen(by->w[k]), b))
				return true;
	return false;
}

/* The owners named as responsible in [s, e): 由X牵头, 责任单位：X. */
void owners_named(const struct text *t, size_t s, size_t e, uint8_t seen, struct found *f,
                  size_t task)
{
	const struct detect_lexicon *lx = &detect_lexicon;
	size_t l;
	for (size_t n = 0; (seen & SEEN_BY) && n < lx->named_by.n; n++) {
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
				add_owner_as(t, j, stop, f, task, DETECT_LEAD);
		}
	}
	/* X是第一责任人: the subject of a clause that names its role */
	for (size_t k = 0; (seen & SEEN_RESP) && k < lx->responsible_roles.n; k++) {
		const char *role = lx->responsible_roles.w[k];
		for (size_t i = next_of(t, s, e, role); i < e; i = next_of(t, i + 1, e, role)) {
			size_t cs, ce;
			clause_of(t, s, e, i, i, &cs, &ce);
			size_t is = next_of(t, cs, i, "是");
			if (is >= i)
				continue;
			size_t a = cs, b = is;
			trim(t, &a, &b);
			for (const char *w; (w = starts_any(t, a, &lx->subject_openers)) && a + strlen(w) < b;)
				a += strlen(w);
			if (owner_is(t, a, b))
				add_owner(t, a, b, f, task);
		}
	}
	/* 牵头单位：X；配合单位：Y — a label and a colon: the units up to the next label,
	 * bracket or stop */
	for (size_t r = 0; (seen & SEEN_LABEL) && r < 2; r++) {
		const struct detect_words *labels = r ? &lx->labels_cooperating : &lx->labels_lead;
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
				while (stop < e && !starts_any(t, stop, &lx->note_closers) &&
				       !starts_lit(t, stop, "；") && !starts_lit(t, stop, "。") &&
				       !starts_lit(t, stop, ";") && t->s[stop] != '\n' &&
				       !((starts_lit(t, stop, "，") || starts_lit(t, stop, "、")) &&
				         (starts_any(t, stop + 3, &lx->labels_lead) ||
				          starts_any(t, stop + 3, &lx->labels_cooperating))) &&
				       !(comma_at(t, stop, &l) && !units_follow(t, stop + l, e))) {
					char_at(t, stop, &l);
					stop += l;
				}
				size_t a = j, b = stop;
				trim(t, &a, &b);
				/* …省大数据中心按职责分工负责: the duty is not a unit's name */
				const char *duty = ends_any(t, a, b, &lx->duty_suffixes);
				if (duty)
					b -= strlen(duty);
				if (b > a)
					add_owner_as(t, a, b, f, task, r ? DETECT_COOPERATING : DETECT_LEAD);
			}
		}
	}
	/* （县教育局牵头，县卫健局配合）: a clause of units and the part they play; a
	 * note's bracket parts it from the words around it (…开工（县住建局牵头）…) */
	for (size_t cs = s; (seen & SEEN_ROLE) && cs < e;) {
		size_t ce = role_part_end(t, cs, e, &l);
		size_t a = cs, b = ce;
		trim(t, &a, &b);
		const char *open = starts_any(t, a, &lx->note_openers);
		if (open)
			a += strlen(open);
		const char *close = ends_any(t, a, b, &lx->note_closers);
		if (close)
			b -= strlen(close);
		const char *lead = ends_any(t, a, b, &lx->role_lead);
		const char *coop = lead ? NULL : ends_any(t, a, b, &lx->role_cooperating);
		const char *verb = lead ? lead : coop;
		if (verb && !starts_any(t, a, &lx->named_by) && !named_by_in(t, a, b - strlen(verb)) &&
		    owner_is(t, a, b - strlen(verb)))
			add_owner_as(t, a, b - strlen(verb), f, task, lead ? DETECT_LEAD : DETECT_COOPERATING);
		if (ce >= e)
			break;
		cs = ce + l;
	}
}

/* The first governed verb in [a, b) after its first character, or SIZE_MAX. */
static size_t opener_in(const struct text *t, const struct prefilter *pf, size_t a, size_t b)
{
	size_t l;
	char_at(t, a, &l);
	for (size_t p = a + l; p < b; p += l) {
		if (!charset_has(&pf->governed_first, char_at(t, p, &l)))
			continue; /* most characters start no governed verb */
		const struct detect_words *gv = &detect_lexicon.governed_verbs;
		for (size_t k = 0; k < gv->n; k++)
			if (p + 2 < t->n && t->s[p + 2] == gv->w[k][2] && starts(t, p, gv->w[k]))
				return p;
	}
	return SIZE_MAX;
}

/* The owner just found (f's last, the first before it from first on): dropped when an
 * owner found before starts where it does or holds it; the owners it holds dropped
 * (全市每一个村党组织、每一名村党组织书记都要… is one list, not its units again). */
static void keep_once(struct found *f, size_t first, size_t before)
{
	struct detect_item *nw = &f->v[f->n - 1];
	for (size_t x = first; x < before; x++)
		if (f->v[x].type == DETECT_OWNER &&
		    (f->v[x].start == nw->start || (f->v[x].start <= nw->start && f->v[x].end >= nw->end))) {
			f->n--;
			return;
		}
	size_t o = first;
	for (size_t x = first; x < f->n; x++) {
		bool inside = x < before && f->v[x].type == DETECT_OWNER && f->v[x].role == DETECT_TOLD &&
		              f->v[x].start >= nw->start && f->v[x].end <= nw->end;
		if (!inside)
			f->v[o++] = f->v[x];
	}
	f->n = o;
}

/* The owners of task sentence [a, b): before each commitment word (those sc found), and
 * a unit that opens a clause with a command verb (…，党组织推动…). */
void owners_of_task(const struct text *t, const struct prefilter *pf, size_t a, size_t b,
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
		size_t v = commits ? SIZE_MAX : opener_in(t, pf, cs, ce);
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
	/* each unit of a kind (确保每个党委都抓建…, 每名干部都要…): the units told */
	for (size_t k = 0; (sc->seen & SEEN_EACH) && k < detect_lexicon.distributive.n; k++) {
		const char *w = detect_lexicon.distributive.w[k];
		for (size_t i = next_of(t, a, b, w); i < b; i = next_of(t, i + 1, b, w)) {
			size_t cs, ce;
			clause_of(t, a, b, i, i, &cs, &ce);
			size_t all = next_of(t, i, ce, "都");
			/* 每一名党员都不掉队 says what is to be, not who acts (都不得 forbids) */
			if (all < ce && starts_lit(t, all + strlen("都"), "不") &&
			    !starts_any(t, all + strlen("都"), &detect_lexicon.prohibitions))
				continue;
			/* or the verb it does, when it opens the clause (每个乡镇建成1个…) */
			for (size_t p = i + strlen(w), n = 0; all == ce && p < ce && n < 12; n++) {
				if (starts_any(t, p, &detect_lexicon.command_openers) && owner_is(t, i, p) && cs == i)
					all = p;
				else
					char_at(t, p, &l);
				p += all == ce ? l : 0;
			}
			if (ends_any(t, cs, i, &detect_lexicon.causatives))
				continue; /* 使每个党组织都成为…: made to, not told */
			if (all < ce && utf8_count(t->s + i, all - i) <= 12 && owner_is(t, i, all)) {
				size_t before = f->n;
				add_owner(t, i, all, f, task);
				for (size_t x = first; x < before && f->n > before; x++)
					if (f->v[x].type == DETECT_OWNER && f->v[x].start <= i && f->v[x].end >= all)
						f->n--; /* found already, alone or in a list */
			}
		}
	}
	/* before 要 in an exhortation too (各级党组织要有高度的敏感性，…抓实抓好…): the
	 * unit is told, whatever the verb */
	size_t yao[SCAN_MAX], nyao = 0;
	for (size_t y = 0; y < sc->nyao; y++) {
		size_t i = sc->yao[y];
		bool ordinary = commitments_ordinary_yao(&pf->cm, t, a, i);
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
		owner_before(t, a, cs, yao[k], f, task);
		if (f->n > before)
			keep_once(f, first, before);
	}
	for (size_t k = 0; k < sc->ncommit; k++) {
		size_t i = sc->commit[k], cs, ce;
		clause_of(t, a, b, i, i, &cs, &ce);
		size_t before = f->n;
		owner_before(t, a, cs, i, f, task);
		/* the same owner again (市委要…，要…): once is enough */
		if (f->n > before)
			keep_once(f, first, before);
	}
}


bool detect_owner_cooperates(const char *text, size_t len, size_t start, size_t end)
{
	const struct detect_lexicon *lx = &detect_lexicon;
	struct text t = { text, len };
	if (end > len || start > end)
		return false;
	/* …配合 right after it */
	if (starts_any(&t, end, &lx->role_cooperating))
		return true;
	/* a label before it, in its clause or its note: back to a stop, a bracket or a
	 * label of leading units */
	size_t p = start, l;
	for (int n = 0; p > 0 && n < 3 * OWNER_MAX; n++) {
		size_t at;
		uint32_t c = char_before(&t, p, &at);
		if (c == 0x3002 /* 。 */ || c == 0xFF1B /* ； */ || c == ';' || c == '\n' ||
		    starts_any(&t, at, &lx->note_openers))
			return false;
		p = at;
		const char *w = ends_any(&t, 0, p, &lx->labels_cooperating);
		if (w && (c == 0xFF1A /* ： */ || c == ':'))
			return true;
		if (ends_any(&t, 0, p, &lx->labels_lead) && (c == 0xFF1A || c == ':'))
			return false;
		(void)l;
	}
	return false;
}

bool detect_note_at(const char *text, size_t pend, size_t pos)
{
	const struct detect_lexicon *lx = &detect_lexicon;
	struct text t = { text, pend };
	while (pos < pend && (text[pos] == ' ' || text[pos] == '\t'))
		pos++;
	if (pos >= pend)
		return false;
	const char *label = starts_any(&t, pos, &lx->labels_lead);
	if (!label)
		label = starts_any(&t, pos, &lx->labels_cooperating);
	return starts_any(&t, pos, &lx->note_openers) ||
	       (label && (starts_lit(&t, pos + strlen(label), "：") ||
	                  starts_lit(&t, pos + strlen(label), ":")));
}
