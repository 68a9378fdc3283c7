/* The review text: the new draft with the old draft's deleted passages put back in
 * place, each change's parts as spans, and the maps between it and the new text; the
 * keys reviewed marks are kept by; the resemblance of two texts; what a change did to
 * a tagged passage. All offsets, no terminal. */
#include "pizhu/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/hash.h"
#include "pizhu/i18n.h"
#include "pizhu/sentence.h"
#include "pizhu/store_tagdraft.h"
#include "pizhu/utf8.h"

/* Old text put into the new text before byte at of the new text. */
struct insertion {
	size_t at;        /* in the new text */
	size_t mstart;    /* where it starts in the review text */
	size_t len;       /* bytes put in (with a line break added for a whole line) */
	size_t before;    /* bytes put in by the insertions before this one */
};

struct review {
	char *text;
	size_t len;
	struct review_change *c;
	size_t nc;
	struct review_span *sp;
	size_t nsp;
	size_t *maxend;           /* per span: the furthest end of the spans up to it */
	struct insertion *ins;
	size_t nins;
};

static bool shown(const struct diff_change *c, const struct review_options *opt)
{
	if (opt->substance)
		return c->substance != 0;
	return c->kind != DIFF_FORM || opt->form;
}

static bool line_start(const char *s, size_t i)
{
	return i == 0 || s[i - 1] == '\n';
}

static bool line_end(const char *s, size_t n, size_t i)
{
	return i == n || s[i] == '\n';
}

/* The review offset of new offset off: after the insertions made at off when after,
 * else before them. */
static size_t from_new(const review *r, size_t off, bool after)
{
	size_t lo = 0, hi = r->nins; /* the first insertion past off (or at it, unless after) */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->ins[mid].at < off || (after && r->ins[mid].at == off))
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t shift = lo ? r->ins[lo - 1].before + r->ins[lo - 1].len : 0;
	return off + shift;
}

size_t review_from_new(const review *r, size_t off)
{
	return from_new(r, off, true);
}

size_t review_to_new(const review *r, size_t off)
{
	size_t lo = 0, hi = r->nins; /* the first insertion starting past off */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->ins[mid].mstart <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return off;
	const struct insertion *p = &r->ins[lo - 1];
	if (off < p->mstart + p->len)
		return p->at;
	return off - p->before - p->len;
}

static int cmp_span(const void *a, const void *b)
{
	const struct review_span *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->change < y->change ? -1 : x->change > y->change;
}

struct ranked {
	struct review_change c;
	size_t was;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct review_change *x = &((const struct ranked *)a)->c;
	const struct review_change *y = &((const struct ranked *)b)->c;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->c.new_start != y->c.new_start)
		return x->c.new_start < y->c.new_start ? -1 : 1;
	return x->c.old_start < y->c.old_start ? -1 : x->c.old_start > y->c.old_start;
}

static bool has_old_part(const struct diff_change *c)
{
	return c->kind == DIFF_DELETE || c->kind == DIFF_REPLACE || c->kind == DIFF_FORM;
}

enum pz_status review_new(const char *o, size_t on, const char *n, size_t nn, const diff *d,
                          const struct review_options *opt, review **out)
{
	static const struct review_options defaults = { 0 };
	if (!opt)
		opt = &defaults;
	review *r = calloc(1, sizeof(*r));
	size_t total = diff_count(d);
	if (!r)
		return PZ_NOMEM;
	r->c = calloc(total ? total : 1, sizeof(*r->c));
	r->ins = calloc(total ? total : 1, sizeof(*r->ins));
	r->sp = calloc(total ? 2 * total : 1, sizeof(*r->sp));
	size_t *where = calloc(total ? total : 1, sizeof(*where)); /* change → its insertion + 1 */
	size_t extra = 0;
	for (size_t i = 0; i < total; i++)
		extra += diff_at(d, i)->old_end - diff_at(d, i)->old_start + 1;
	if (!r->c || !r->ins || !r->sp || !where || !(r->text = malloc(nn + extra + 1))) {
		free(where);
		review_free(r);
		return PZ_NOMEM;
	}
	/* the review text: the new text, the old text put back before the changes' places */
	size_t pos = 0, m = 0;
	for (size_t i = 0; i < total; i++) {
		const struct diff_change *c = diff_at(d, i);
		if (!shown(c, opt))
			continue;
		size_t k = r->nc++;
		r->c[k].c = *c;
		r->c[k].key = review_key(o, n, nn, c);
		if (opt->hide_deleted || !has_old_part(c) || c->old_end == c->old_start)
			continue;
		size_t at = c->new_start < pos ? pos : c->new_start;
		memcpy(r->text + m, n + pos, at - pos);
		m += at - pos;
		pos = at;
		/* a deleted passage of whole lines is lines of its own */
		bool lines = c->kind == DIFF_DELETE && line_start(o, c->old_start) &&
		             line_end(o, on, c->old_end);
		bool nl_after = lines && line_start(n, at);
		bool nl_before = lines && !nl_after && line_end(n, nn, at);
		struct insertion *p = &r->ins[r->nins];
		p->at = at;
		p->mstart = m;
		p->before = r->nins ? r->ins[r->nins - 1].before + r->ins[r->nins - 1].len : 0;
		if (nl_before)
			r->text[m++] = '\n';
		memcpy(r->text + m, o + c->old_start, c->old_end - c->old_start);
		m += c->old_end - c->old_start;
		if (nl_after)
			r->text[m++] = '\n';
		p->len = m - p->mstart;
		where[k] = ++r->nins;
	}
	memcpy(r->text + m, n + pos, nn - pos);
	m += nn - pos;
	r->text[m] = '\0';
	r->len = m;
	/* each change's parts and extent */
	for (size_t k = 0; k < r->nc; k++) {
		struct review_change *rc = &r->c[k];
		const struct diff_change *c = &rc->c;
		size_t is = from_new(r, c->new_start, true);
		size_t ie = c->new_end > c->new_start ? from_new(r, c->new_end, false) : is;
		rc->start = is;
		rc->end = ie;
		if (where[k]) {
			const struct insertion *p = &r->ins[where[k] - 1];
			size_t ds = p->mstart, de = p->mstart + p->len;
			if (ds < de && r->text[ds] == '\n' && c->old_end > c->old_start && o[c->old_start] != '\n')
				ds++;
			if (de > ds && r->text[de - 1] == '\n' && o[c->old_end - 1] != '\n')
				de--;
			r->sp[r->nsp++] = (struct review_span){ ds, de, REVIEW_DELETED, k };
			rc->start = ds;
			rc->end = ie > de ? ie : de;
		}
		if (ie > is) {
			enum review_part part = c->kind == DIFF_MOVE ? REVIEW_MOVED
			                        : c->kind == DIFF_FORM ? REVIEW_FORM : REVIEW_INSERTED;
			r->sp[r->nsp++] = (struct review_span){ is, ie, part, k };
		}
	}
	free(where);
	/* in the order of the review text; the spans follow their changes' new indices */
	struct ranked *rk = malloc((r->nc ? r->nc : 1) * sizeof(*rk));
	size_t *rank = malloc((r->nc ? r->nc : 1) * sizeof(*rank));
	if (!rk || !rank) {
		free(rk);
		free(rank);
		review_free(r);
		return PZ_NOMEM;
	}
	for (size_t k = 0; k < r->nc; k++)
		rk[k] = (struct ranked){ r->c[k], k };
	qsort(rk, r->nc, sizeof(*rk), cmp_ranked);
	for (size_t k = 0; k < r->nc; k++) {
		r->c[k] = rk[k].c;
		rank[rk[k].was] = k;
	}
	for (size_t i = 0; i < r->nsp; i++)
		r->sp[i].change = rank[r->sp[i].change];
	free(rk);
	free(rank);
	qsort(r->sp, r->nsp, sizeof(*r->sp), cmp_span);
	if (!(r->maxend = malloc((r->nsp ? r->nsp : 1) * sizeof(*r->maxend)))) {
		review_free(r);
		return PZ_NOMEM;
	}
	for (size_t i = 0; i < r->nsp; i++)
		r->maxend[i] = i && r->maxend[i - 1] > r->sp[i].end ? r->maxend[i - 1] : r->sp[i].end;
	*out = r;
	return PZ_OK;
}

void review_free(review *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->c);
	free(r->sp);
	free(r->maxend);
	free(r->ins);
	free(r);
}

const char *review_text(const review *r, size_t *len)
{
	if (len)
		*len = r->len;
	return r->text;
}

size_t review_count(const review *r) { return r->nc; }
const struct review_change *review_at(const review *r, size_t i) { return &r->c[i]; }
size_t review_span_count(const review *r) { return r->nsp; }

size_t review_span_first(const review *r, size_t from)
{
	size_t lo = 0, hi = r->nsp;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->maxend[mid] <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
const struct review_span *review_span_at(const review *r, size_t i) { return &r->sp[i]; }

/* The first change starting at or after off (after off when strict). */
static size_t first_from(const review *r, size_t off, bool strict)
{
	size_t lo = 0, hi = r->nc;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->c[mid].start < off || (strict && r->c[mid].start == off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t review_count_in(const review *r, size_t start, size_t end)
{
	if (end <= start)
		return 0;
	return first_from(r, end, false) - first_from(r, start, false);
}

size_t review_find(const review *r, size_t off, int dir)
{
	if (dir > 0) {
		size_t i = first_from(r, off, true);
		return i < r->nc ? i : SIZE_MAX;
	}
	size_t i = first_from(r, off, false); /* the changes before i start before off */
	if (dir < 0)
		return i ? i - 1 : SIZE_MAX;
	if (i < r->nc && r->c[i].start == off)
		return i;
	for (size_t k = i; k-- > 0;) {
		if (off < r->c[k].end || (r->c[k].start == r->c[k].end && off == r->c[k].start))
			return k;
		if (i - k > 8) /* nested changes are few: a moved passage's forms */
			break;
	}
	return SIZE_MAX;
}

/* ---- keys ---- */

#define KEY_CONTEXT 9 /* bytes each side: three Han characters */

uint64_t review_key(const char *o, const char *n, size_t nn, const struct diff_change *c)
{
	size_t ol = c->old_end - c->old_start, nl = c->new_end - c->new_start;
	size_t bs = c->new_start > KEY_CONTEXT ? c->new_start - KEY_CONTEXT : 0;
	size_t ae = nn - c->new_end > KEY_CONTEXT ? c->new_end + KEY_CONTEXT : nn;
	size_t len = 1 + ol + 1 + nl + 1 + (c->new_start - bs) + 1 + (ae - c->new_end);
	char small[512], *buf = len <= sizeof(small) ? small : malloc(len);
	if (!buf) /* out of memory: the change alone, without its text */
		return hash_mix((uint64_t)c->kind * 0x9E3779B97F4A7C15ULL ^ ol ^ (nl << 32));
	size_t k = 0;
	buf[k++] = (char)('0' + c->kind);
	memcpy(buf + k, o + c->old_start, ol), k += ol;
	buf[k++] = '\x1f';
	memcpy(buf + k, n + c->new_start, nl), k += nl;
	buf[k++] = '\x1f';
	memcpy(buf + k, n + bs, c->new_start - bs), k += c->new_start - bs;
	buf[k++] = '\x1f';
	memcpy(buf + k, n + c->new_end, ae - c->new_end), k += ae - c->new_end;
	uint64_t h = hash_bytes(buf, k);
	if (buf != small)
		free(buf);
	return h;
}

/* ---- resemblance ---- */

/* The hash of sentence s[a, b) without its blanks, and its characters (*chars). */
static uint64_t sentence_hash(const char *s, size_t a, size_t b, size_t *chars)
{
	uint64_t h = 0xCBF29CE484222325ULL;
	*chars = 0;
	for (size_t i = a; i < b; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
			continue;
		if (ch == 0xE3 && i + 2 < b && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x80) { /* U+3000 */
			i += 2;
			continue;
		}
		if ((ch & 0xC0) != 0x80)
			(*chars)++;
		h = (h ^ ch) * 0x100000001B3ULL;
	}
	return hash_mix(h);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

#define MIN_SENTENCE 4

/* s[0, n) without its blanks and line breaks (a hard-wrapped sentence is one); owned. */
static char *compact(const char *s, size_t n, size_t *len)
{
	char *c = malloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; c && i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
			continue;
		if (ch == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x80) { /* U+3000 */
			i += 2;
			continue;
		}
		c[k++] = (char)ch;
	}
	*len = k;
	return c;
}

/* The hashes of the sentences of t[0, tn) with MIN_SENTENCE characters or more, sorted. */
static uint64_t *sentences(const char *t, size_t tn, size_t *count)
{
	size_t cap = 64, k = 0, n;
	char *s = compact(t, tn, &n);
	uint64_t *v = s ? malloc(cap * sizeof(*v)) : NULL;
	*count = 0;
	for (size_t pos = 0; v && pos < n;) {
		size_t e = sentence_end(s, n, pos), chars;
		if (e <= pos)
			e = pos + 1;
		uint64_t h = sentence_hash(s, pos, e, &chars);
		pos = e;
		if (chars < MIN_SENTENCE)
			continue;
		if (k == cap) {
			uint64_t *w = realloc(v, 2 * cap * sizeof(*v));
			if (!w) {
				free(v);
				free(s);
				return NULL;
			}
			v = w;
			cap *= 2;
		}
		v[k++] = h;
	}
	free(s);
	if (v)
		qsort(v, k, sizeof(*v), cmp_u64);
	*count = k;
	return v;
}

double review_resemblance(const char *t, size_t tn, const char *s, size_t sn)
{
	size_t nt = 0, ns = 0, found = 0;
	uint64_t *a = sentences(t, tn, &nt), *b = sentences(s, sn, &ns);
	for (size_t i = 0; a && b && i < nt; i++)
		found += bsearch(&a[i], b, ns, sizeof(*b), cmp_u64) != NULL;
	free(a);
	free(b);
	return nt && a && b ? (double)found / (double)nt : 0.0;
}

/* ---- what a change did to a tagged passage ---- */

/* Appends s[a, b) to buf at *k, cut to about max characters (with …). */
static void put_clipped(char *buf, size_t len, size_t *k, const char *s, size_t a, size_t b,
                        size_t max)
{
	size_t chars = 0, i = a;
	while (i < b && chars < max) {
		size_t l;
		utf8_get(s, b, i, &l);
		i += l;
		chars++;
	}
	bool cut = i < b;
	for (size_t j = a; j < i && *k + 1 < len; j++)
		if (s[j] != '\n')
			buf[(*k)++] = s[j];
	if (cut && *k + 4 < len) {
		memcpy(buf + *k, "…", 3);
		*k += 3;
	}
	buf[*k < len ? *k : len - 1] = '\0';
}

static bool touches(const struct diff_change *c, size_t ts, size_t te)
{
	if (c->kind == DIFF_FORM || c->kind == DIFF_MOVE)
		return false;
	if (c->new_end > c->new_start)
		return c->new_start < te && c->new_end > ts;
	return c->new_start > ts && c->new_start < te; /* a deletion inside it */
}

bool review_tag_note(const char *o, const char *n, size_t nn, const diff *d, size_t ts,
                     size_t te, const char *type, char *buf, size_t len)
{
	(void)nn;
	if (!len)
		return false;
	buf[0] = '\0';
	size_t nc = diff_count(d), first = SIZE_MAX, last = 0;
	for (size_t i = 0; i < nc; i++)
		if (touches(diff_at(d, i), ts, te)) {
			if (first == SIZE_MAX)
				first = i;
			last = i;
		}
	if (first == SIZE_MAX)
		return false;
	if (!strcmp(type, "owner")) {
		snprintf(buf, len, "%s", _("owner changed"));
		return true;
	}
	/* the passage before: the new text with the old text of its changes put back */
	char old[512];
	size_t k = 0, pos = ts;
	old[0] = '\0';
	for (size_t i = first; i <= last && k + 1 < sizeof(old); i++) {
		const struct diff_change *c = diff_at(d, i);
		if (!touches(c, ts, te))
			continue;
		size_t ns = c->new_start < pos ? pos : c->new_start;
		for (size_t j = pos; j < ns && k + 1 < sizeof(old); j++)
			old[k++] = n[j];
		for (size_t j = c->old_start; j < c->old_end && k + 1 < sizeof(old); j++)
			old[k++] = o[j];
		pos = c->new_end > pos ? (c->new_end < te ? c->new_end : te) : pos;
	}
	for (size_t j = pos; j < te && k + 1 < sizeof(old); j++)
		old[k++] = n[j];
	size_t lead = k; /* never cut inside a character */
	while (lead > 0 && ((unsigned char)old[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead > 0) {
		unsigned char c0 = (unsigned char)old[lead - 1];
		size_t want = c0 < 0x80 ? 1 : c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : 2;
		if (lead - 1 + want > k)
			k = lead - 1;
	}
	old[k] = '\0';
	size_t b = 0;
	int w = snprintf(buf, len, _("%s: "), !strcmp(type, "deadline") ? _("deadline")
	                                      : !strcmp(type, "target") ? _("target") : _("changed"));
	b = w < 0 ? 0 : (size_t)w < len ? (size_t)w : len - 1;
	put_clipped(buf, len, &b, old, 0, k, 20);
	if (b + 6 < len) {
		memcpy(buf + b, " → ", 5);
		b += 5;
		buf[b] = '\0';
	}
	put_clipped(buf, len, &b, n, ts, te, 20);
	return true;
}

/* ---- what a draft did to a tag ---- */

/* Whether c belongs to a date phrase: digits, Chinese numerals and the words of dates
 * and deadlines (2025年6月底前, 三季度末, 上半年, 9月30号). */
static bool date_char(uint32_t c)
{
	static const char words[] = "〇一二三四五六七八九十两年月日号底前末季度旬上下半";
	if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || c == '.' || c == '-' ||
	    c == '/')
		return true;
	for (size_t i = 0, l; i < sizeof(words) - 1; i += l)
		if (utf8_get(words, sizeof(words) - 1, i, &l) == c)
			return true;
	return false;
}

/* Widens [*a, *b) of s (n bytes) over the date phrase around it. */
static void widen_date(const char *s, size_t n, size_t *a, size_t *b)
{
	size_t l;
	while (*a > 0) {
		size_t p = *a - 1;
		while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
			p--;
		if (!date_char(utf8_get(s, n, p, &l)))
			break;
		*a = p;
	}
	while (*b < n && date_char(utf8_get(s, n, *b, &l)))
		*b += l;
}

/* Appends "old → new" of was[oa, ob) and quote[na, nb), each cut to about 20
 * characters, at buf[*k] (sep before it unless first). */
static void put_change(char *buf, size_t len, size_t *k, bool first, const char *was, size_t oa,
                       size_t ob, const char *quote, size_t na, size_t nb)
{
	if (!first && *k + 3 < len) {
		memcpy(buf + *k, ", ", 2);
		*k += 2;
		buf[*k] = '\0';
	}
	put_clipped(buf, len, k, was, oa, ob, 20);
	if (*k + 6 < len) {
		memcpy(buf + *k, " → ", 5);
		*k += 5;
		buf[*k] = '\0';
		put_clipped(buf, len, k, quote, na, nb, 20);
	}
}

bool review_tag_flag(const char *type, const char *quote, const struct store_tagdraft *ch,
                     char *buf, size_t len)
{
	if (!len)
		return false;
	buf[0] = '\0';
	if (!ch)
		return false;
	const char *was = ch->was ? ch->was : "";
	size_t wn = strlen(was), qn = strlen(quote), k = 0;
	if (ch->anchor == STORE_ORPHANED) {
		k = (size_t)snprintf(buf, len, _("gone in draft %zu: was "), ch->draft);
		if (k < len)
			put_clipped(buf, len, &k, was, 0, wn, 24);
		return true;
	}
	bool deadline = !strcmp(type, "deadline") || !strcmp(type, "target");
	diff *d = NULL;
	if (diff_new(was, wn, quote, qn, &d) != PZ_OK)
		d = NULL;
	/* what the changes in its passage touched: each date phrase changed, widened over
	 * the phrase (2025年底前 → 2026年6月底前 is one, not 2025 → 2026 and 6月) */
	unsigned touched = 0;
	bool have = false;
	size_t nw = 0, po[2] = { 0, 0 }, pn[2] = { 0, 0 };
	k = (size_t)snprintf(buf, len, "%s", _("deadline: "));
	if (deadline)
		put_change(buf, len, &k, nw++ == 0, was, 0, wn, quote, 0, qn);
	for (size_t i = 0; d && i < diff_count(d); i++) {
		const struct diff_change *c = diff_at(d, i);
		if (c->kind == DIFF_FORM || c->kind == DIFF_MOVE)
			continue;
		touched |= c->substance;
		if (deadline || !(c->substance & DIFF_SUBSTANCE(DATE)))
			continue;
		size_t oa = c->old_start, ob = c->old_end, na = c->new_start, nb = c->new_end;
		widen_date(was, wn, &oa, &ob);
		widen_date(quote, qn, &na, &nb);
		if (have && oa <= po[1] && na <= pn[1]) { /* the phrase of the one before */
			po[1] = ob > po[1] ? ob : po[1];
			pn[1] = nb > pn[1] ? nb : pn[1];
			continue;
		}
		if (have)
			put_change(buf, len, &k, nw++ == 0, was, po[0], po[1], quote, pn[0], pn[1]);
		have = true;
		po[0] = oa, po[1] = ob, pn[0] = na, pn[1] = nb;
	}
	if (have)
		put_change(buf, len, &k, nw++ == 0, was, po[0], po[1], quote, pn[0], pn[1]);
	diff_free(d);
	if (nw) {
		if (k < len)
			snprintf(buf + k, len - k, _(" (draft %zu)"), ch->draft);
		return true;
	}
	/* whole sentences, for the translations */
	k = (size_t)snprintf(buf, len,
	                     !strcmp(type, "owner") || (touched & DIFF_SUBSTANCE(OWNER))
	                         ? _("owner changed in draft %zu: was ") : _("moved in draft %zu: was "),
	                     ch->draft);
	if (k < len)
		put_clipped(buf, len, &k, was, 0, wn, 24);
	return true;
}
