/* Searching the way a reader of Chinese text expects (ＡＢＣ = abc, １２ = 12, “” = ""): the
 * text is folded once, and every folded match is mapped back to the original bytes. */
#define _GNU_SOURCE /* memmem, memrchr */
#include "pizhu/search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "pizhu/layout.h"

#define CP_EVERY 256      /* source bytes between checkpoints */
#define UNIT_MAX_CHARS 32 /* a unit longer than this (marks piled on one base) is cut */
#define CACHE_SIZE 1024   /* folds of single characters, direct-mapped */

/* Where folding and source agree: byte f of the folded text starts the unit at s. */
struct checkpoint {
	uint32_t s, f;
};

struct cache_entry {
	ucs4_t c;           /* 0: empty (U+0000 is never cached) */
	uint8_t len;
	uint8_t bytes[11];
};

/* A growable byte buffer. */
struct buf {
	uint8_t *p;
	size_t n, cap;
};

struct search {
	const uint8_t *text;
	size_t len;
	bool folded;
	struct buf f;                    /* the folded text */
	struct checkpoint *cp;
	size_t ncp;
	struct buf scratch;              /* a unit's fold while mapping offsets */
	struct buf q;                    /* the last query, folded */
	uint8_t *qraw;                   /* ... and as given */
	size_t qraw_len;
	bool qvalid;
	struct cache_entry cache[CACHE_SIZE];
};

static bool buf_reserve(struct buf *b, size_t more)
{
	if (b->cap - b->n >= more)
		return true;
	size_t nc = b->cap ? b->cap : 256;
	while (nc - b->n < more) {
		if (nc > SIZE_MAX / 2)
			return false;
		nc *= 2;
	}
	uint8_t *p = realloc(b->p, nc);
	if (!p)
		return false;
	b->p = p;
	b->cap = nc;
	return true;
}

static bool buf_add(struct buf *b, const void *p, size_t n)
{
	if (!buf_reserve(b, n))
		return false;
	memcpy(b->p + b->n, p, n);
	b->n += n;
	return true;
}

static bool buf_add1(struct buf *b, uint8_t c)
{
	return buf_add(b, &c, 1);
}

/* ---- folding, one unit at a time ---------------------------------------------------- */

/* Characters with combining class 0 that still compose with the one before them
 * (Hangul vowel and trailing jamo): they stay in the unit. */
static bool joins_previous(ucs4_t c)
{
	return uc_combining_class(c) != 0 || (c >= 0x1161 && c <= 0x1175) ||
	       (c >= 0x11a8 && c <= 0x11c2);
}

static uint8_t ascii_fold(uint8_t b)
{
	return b >= 'A' && b <= 'Z' ? (uint8_t)(b + ('a' - 'A')) : b;
}

/* What a '\n' at i of s[0..n) folds to: "\n" (a paragraph boundary), " " or "". */
static size_t newline_fold(const uint8_t *s, size_t n, size_t i, uint8_t *out)
{
	bool para = i == 0 || i + 1 == n || s[i - 1] == '\n' || s[i + 1] == '\n' ||
	            s[i + 1] == ' ' || s[i + 1] == '\t' ||
	            (n - i >= 4 && s[i + 1] == 0xe3 && s[i + 2] == 0x80 && s[i + 3] == 0x80);
	if (para) {
		out[0] = '\n';
		return 1;
	}
	if (layout_newline_is_space((const char *)s, 0, n, i)) {
		out[0] = ' ';
		return 1;
	}
	return 0;
}

/* NFKC and case folding by libunistring, appended to out. */
static bool slow_fold(const uint8_t *u, size_t n, struct buf *out)
{
	uint8_t b1[64], b2[64];
	size_t l1 = sizeof(b1), l2 = sizeof(b2);
	uint8_t *r1 = u8_normalize(UNINORM_NFKC, u, n, b1, &l1);
	if (!r1)
		return false;
	uint8_t *r2 = u8_casefold(r1, l1, NULL, UNINORM_NFKC, b2, &l2);
	if (r1 != b1)
		free(r1);
	if (!r2)
		return false;
	bool ok = buf_add(out, r2, l2);
	if (r2 != b2)
		free(r2);
	return ok;
}

/* The ASCII that a Chinese quotation mark or bracket is searched as, beside what NFKC
 * does ("" and “”, '' and ‘’, [] and 【】 are typed for one another), or 0. */
static uint8_t quote_fold(ucs4_t c)
{
	switch (c) {
	case 0x201c: /* “ */
	case 0x201d: /* ” */
		return '"';
	case 0x2018: /* ‘ */
	case 0x2019: /* ’ */
		return '\'';
	case 0x3010: /* 【 */
		return '[';
	case 0x3011: /* 】 */
		return ']';
	default:
		return 0;
	}
}

/*
 * Folds the unit at s[i] (i < n), appending its fold to out; sets *slen to the
 * unit's source bytes. A unit is a character and the combining characters after it;
 * the common characters of Chinese text fold without libunistring (CJK ideographs
 * unchanged, full-width ASCII U+FF01-FF5E to ASCII, U+3000 to a space: exactly what
 * NFKC does with them; the quotation marks and brackets of quote_fold, beyond NFKC),
 * others through a small cache. Returns false on NOMEM.
 */
static bool fold_unit(search *se, const uint8_t *s, size_t n, size_t i, size_t *slen,
                      struct buf *out)
{
	uint8_t b = s[i];
	uint8_t tmp[4];
	ucs4_t c;

	if (b < 0x80 && (i + 1 == n || s[i + 1] < 0x80)) { /* no mark can follow */
		*slen = 1;
		if (b == '\n') {
			size_t k = newline_fold(s, n, i, tmp);
			return buf_add(out, tmp, k);
		}
		return buf_add1(out, ascii_fold(b));
	}
	int len = u8_mbtoucr(&c, s + i, n - i);
	if (len <= 0) { /* not UTF-8: a replacement character of its own */
		*slen = 1;
		return buf_add(out, "\xef\xbf\xbd", 3);
	}
	size_t j = i + (size_t)len, chars = 1;
	while (j < n && s[j] >= 0x80 && chars < UNIT_MAX_CHARS) {
		ucs4_t d;
		int dl = u8_mbtoucr(&d, s + j, n - j);
		if (dl <= 0 || !joins_previous(d))
			break;
		j += (size_t)dl;
		chars++;
	}
	*slen = j - i;
	if (chars > 1)
		return slow_fold(s + i, j - i, out);
	if (c == '\n') {
		size_t k = newline_fold(s, n, i, tmp);
		return buf_add(out, tmp, k);
	}
	if (c < 0x80)
		return buf_add1(out, ascii_fold((uint8_t)c));
	if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf))
		return buf_add(out, s + i, (size_t)len);
	if (c >= 0xff01 && c <= 0xff5e)
		return buf_add1(out, ascii_fold((uint8_t)(c - 0xfee0)));
	if (c == 0x3000)
		return buf_add1(out, ' ');
	uint8_t q = quote_fold(c);
	if (q)
		return buf_add1(out, q);
	struct cache_entry *e = &se->cache[c % CACHE_SIZE];
	if (e->c == c)
		return buf_add(out, e->bytes, e->len);
	size_t before = out->n;
	if (!slow_fold(s + i, (size_t)len, out))
		return false;
	if (out->n - before <= sizeof(e->bytes)) {
		e->c = c;
		e->len = (uint8_t)(out->n - before);
		memcpy(e->bytes, out->p + before, e->len);
	}
	return true;
}

enum pz_status search_new(const char *text, size_t len, search **out)
{
	*out = NULL;
	if (len >= UINT32_MAX)
		return PZ_TOOBIG;
	search *s = calloc(1, sizeof(*s));
	if (!s)
		return PZ_NOMEM;
	s->text = (const uint8_t *)text;
	s->len = len;
	*out = s;
	return PZ_OK;
}

void search_free(search *s)
{
	if (!s)
		return;
	free(s->f.p);
	free(s->cp);
	free(s->scratch.p);
	free(s->q.p);
	free(s->qraw);
	free(s);
}

enum pz_status search_prepare(search *s)
{
	if (s->folded)
		return PZ_OK;
	size_t n = s->len, ncp = 0, cap = n / CP_EVERY + 2, last = 0;
	struct checkpoint *cp = malloc(cap * sizeof(*cp));
	if (!cp || !buf_reserve(&s->f, n + n / 8 + 16))
		goto nomem;
	for (size_t i = 0; i < n;) {
		size_t slen;
		if (i == 0 || i - last >= CP_EVERY) {
			if (s->f.n >= UINT32_MAX)
				goto toobig;
			if (ncp == cap) {
				struct checkpoint *p = realloc(cp, (cap *= 2) * sizeof(*cp));
				if (!p)
					goto nomem;
				cp = p;
			}
			cp[ncp++] = (struct checkpoint){ (uint32_t)i, (uint32_t)s->f.n };
			last = i;
		}
		if (!fold_unit(s, s->text, n, i, &slen, &s->f))
			goto nomem;
		i += slen;
	}
	if (s->f.n >= UINT32_MAX)
		goto toobig;
	if (ncp == 0)
		cp[ncp++] = (struct checkpoint){ 0, 0 };
	/* give back what the estimate over-reserved */
	if (s->f.cap > s->f.n + 4096) {
		uint8_t *p = realloc(s->f.p, s->f.n + 1);
		if (p) {
			s->f.p = p;
			s->f.cap = s->f.n + 1;
		}
	}
	s->cp = cp;
	s->ncp = ncp;
	s->folded = true;
	return PZ_OK;
toobig:
	free(cp);
	s->f.n = 0;
	return PZ_TOOBIG;
nomem:
	free(cp);
	s->f.n = 0;
	return PZ_NOMEM;
}

size_t search_memory(const search *s)
{
	return s->folded ? s->f.cap + s->ncp * sizeof(*s->cp) : 0;
}

/* ---- offsets between the folded text and the source ---------------------------------- */

/* The last checkpoint with f < fo (the first when there is none). */
static const struct checkpoint *cp_before_f(const search *s, size_t fo)
{
	size_t lo = 0, hi = s->ncp;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->cp[mid].f < fo)
			lo = mid;
		else
			hi = mid;
	}
	return &s->cp[lo];
}

/* The last checkpoint with s <= so. */
static const struct checkpoint *cp_before_s(const search *s, size_t so)
{
	size_t lo = 0, hi = s->ncp;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->cp[mid].s <= so)
			lo = mid;
		else
			hi = mid;
	}
	return &s->cp[lo];
}

/* Folds the unit at si again for its lengths; false on NOMEM. */
static bool unit_lengths(search *s, size_t si, size_t *slen, size_t *flen)
{
	s->scratch.n = 0;
	if (!fold_unit(s, s->text, s->len, si, slen, &s->scratch))
		return false;
	*flen = s->scratch.n;
	return true;
}

enum edge { EDGE_START, EDGE_END };

/*
 * The source offset where folded offset fo is a unit boundary: for a match's start,
 * the first unit there that folds to something (a joined '\n' before it is left
 * out); for its end, the end of the unit that ends there. Returns 0 with *so set, 1
 * when fo is inside a unit, -1 on NOMEM.
 */
static int source_of(search *s, size_t fo, enum edge edge, size_t *so)
{
	const struct checkpoint *c = cp_before_f(s, fo);
	size_t si = c->s, fi = c->f, slen, flen;

	while (fi < fo && si < s->len) {
		if (!unit_lengths(s, si, &slen, &flen))
			return -1;
		si += slen;
		fi += flen;
	}
	if (fi != fo)
		return 1;
	while (edge == EDGE_START && si < s->len) {
		if (!unit_lengths(s, si, &slen, &flen))
			return -1;
		if (flen)
			break;
		si += slen;
	}
	*so = si;
	return 0;
}

/* The folded offset of the first unit starting at or after source offset so. */
static bool folded_of(search *s, size_t so, size_t *fo)
{
	const struct checkpoint *c = cp_before_s(s, so);
	size_t si = c->s, fi = c->f, slen, flen;

	while (si < so && si < s->len) {
		if (!unit_lengths(s, si, &slen, &flen))
			return false;
		si += slen;
		fi += flen;
	}
	*fo = fi;
	return true;
}

/* ---- matching ------------------------------------------------------------------------ */

/* Folds the query unless it is the last one; PZ_NOTFOUND when it folds to nothing. */
static enum pz_status set_query(search *s, const char *q, size_t qlen)
{
	enum pz_status st = search_prepare(s);
	if (st != PZ_OK)
		return st;
	if (s->qvalid && qlen == s->qraw_len && memcmp(q, s->qraw, qlen) == 0)
		return s->q.n ? PZ_OK : PZ_NOTFOUND;
	s->qvalid = false;
	s->q.n = 0;
	uint8_t *raw = realloc(s->qraw, qlen ? qlen : 1);
	if (!raw)
		return PZ_NOMEM;
	s->qraw = raw;
	memcpy(raw, q, qlen);
	s->qraw_len = qlen;
	/* the query folds on its own: no '\n' of the text's neighbours is involved */
	for (size_t i = 0; i < qlen;) {
		size_t slen;
		if (!fold_unit(s, (const uint8_t *)q, qlen, i, &slen, &s->q))
			return PZ_NOMEM;
		i += slen;
	}
	s->qvalid = true;
	return s->q.n ? PZ_OK : PZ_NOTFOUND;
}

/* Maps the folded match at fo to the source: 0 when both its ends are unit
 * boundaries, 1 when not (no match there), -1 on NOMEM. */
static int map_match(search *s, size_t fo, struct search_match *m)
{
	int r = source_of(s, fo, EDGE_START, &m->start);
	if (r == 0)
		r = source_of(s, fo + s->q.n, EDGE_END, &m->end);
	return r;
}

/* The first whole-unit match at folded offset >= lo whose start is < hi. */
static int find_fwd(search *s, size_t lo, size_t hi, struct search_match *m, size_t *at)
{
	const uint8_t *f = s->f.p;
	size_t fn = s->f.n, qn = s->q.n;

	while (lo < hi && lo + qn <= fn) {
		const uint8_t *p = memmem(f + lo, fn - lo, s->q.p, qn);
		if (!p || (size_t)(p - f) >= hi)
			return 1;
		size_t fo = (size_t)(p - f);
		int r = map_match(s, fo, m);
		if (r <= 0) {
			*at = fo;
			return r;
		}
		lo = fo + 1;
	}
	return 1;
}

/* The last whole-unit match whose folded start is in [lo, hi). */
static int find_bwd(search *s, size_t lo, size_t hi, struct search_match *m)
{
	const uint8_t *f = s->f.p;
	size_t fn = s->f.n, qn = s->q.n;

	if (qn > fn)
		return 1;
	if (hi > fn - qn + 1)
		hi = fn - qn + 1;
	while (hi > lo) {
		const uint8_t *p = memrchr(f + lo, s->q.p[0], hi - lo);
		if (!p)
			return 1;
		size_t fo = (size_t)(p - f);
		if (memcmp(p, s->q.p, qn) == 0) {
			int r = map_match(s, fo, m);
			if (r <= 0)
				return r;
		}
		hi = fo;
	}
	return 1;
}

enum pz_status search_find(search *s, const char *query, size_t qlen, size_t from,
                           enum search_dir dir, struct search_match *m)
{
	enum pz_status st = set_query(s, query, qlen);
	size_t ff, at;
	int r;

	if (st != PZ_OK)
		return st;
	if (from > s->len)
		from = s->len;
	if (!folded_of(s, from, &ff))
		return PZ_NOMEM;
	m->wrapped = false;
	if (dir == SEARCH_FORWARD) {
		r = find_fwd(s, ff, SIZE_MAX, m, &at);
		if (r == 1) {
			m->wrapped = true;
			r = find_fwd(s, 0, ff, m, &at);
		}
	} else {
		r = find_bwd(s, 0, ff, m);
		if (r == 1) {
			m->wrapped = true;
			r = find_bwd(s, ff, SIZE_MAX, m);
		}
	}
	return r < 0 ? PZ_NOMEM : r ? PZ_NOTFOUND : PZ_OK;
}

enum pz_status search_matches_in(search *s, const char *query, size_t qlen, size_t a,
                                 size_t b, struct search_match *out, size_t max,
                                 size_t *count)
{
	enum pz_status st = set_query(s, query, qlen);
	size_t fa, fb;

	*count = 0;
	if (st == PZ_NOTFOUND)
		return PZ_OK;
	if (st != PZ_OK)
		return st;
	if (b > s->len)
		b = s->len;
	if (a >= b)
		return PZ_OK;
	if (!folded_of(s, a, &fa) || !folded_of(s, b, &fb))
		return PZ_NOMEM;
	while (*count < max) {
		size_t at;
		struct search_match m = { 0, 0, false };
		int r = find_fwd(s, fa, fb, &m, &at);
		if (r < 0)
			return PZ_NOMEM;
		if (r)
			break;
		out[(*count)++] = m;
		fa = at + s->q.n;
	}
	return PZ_OK;
}

enum pz_status search_count(search *s, const char *query, size_t qlen, size_t at, size_t max,
                            size_t *index, size_t *total)
{
	enum pz_status st = set_query(s, query, qlen);
	*index = *total = 0;
	if (st == PZ_NOTFOUND)
		return PZ_OK;
	if (st != PZ_OK)
		return st;
	size_t lo = 0, fo;
	while (*total < max) {
		struct search_match m = { 0, 0, false };
		int r = find_fwd(s, lo, SIZE_MAX, &m, &fo);
		if (r < 0)
			return PZ_NOMEM;
		if (r)
			break;
		++*total;
		if (m.start == at)
			*index = *total;
		lo = fo + 1;
	}
	return PZ_OK;
}
