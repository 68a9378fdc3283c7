/* Finding an annotation again in a changed draft: where it was, else the same words where
 * their context fits best, else the closest words (Myers' bit-parallel matching). */
#include "pizhu/anchor.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/utf8.h"

#define GRAM 4             /* characters per indexed k-gram */
#define WINDOW 4096        /* characters searched approximately either side of the hint */
#define CONTEXT_SLACK 16   /* text compared beyond a context's length (insertions in it) */
#define SHORT_QUOTE 8      /* a quote shorter than this needs half its prefix or suffix */
#define SEAM 12            /* characters of prefix and suffix that show a cut-out passage */
#define SEAM_SLACK 4       /* ... taken up to this far from the quote (a marker gone too) */
#define SEAM_REACH 512     /* ... ending this near the hint (what else moved since the last
                              sure find): a seam further away is another place's */
#define SMALL 32           /* patterns up to this long need no allocation */

/*
 * A candidate's score counts characters found again: those of the quote (its length
 * less its edit distance), of the prefix and of the suffix (the same, the side next to
 * the quote first), plus up to W_PLACE for being near the hint (half of it PLACE_SCALE
 * characters away). Quote and context weigh the same per character, so that where a
 * changed quote begins and ends is where the fewest characters differ in all: an
 * insertion at the start of the quote is taken into it rather than left to a prefix
 * that would then look nearly whole. A long quote is thus placed mostly by its words,
 * a short one mostly by its context.
 */
#define W_PLACE 8.0
#define PLACE_SCALE 1024.0

/* ---- the index: the text as character numbers, and its sampled k-grams ------------- */

/*
 * The text is kept as the numbers of its characters (every distinct character of the
 * text numbered once): 16 bits each unless the text has more than 65,534 distinct
 * characters, against 32 for code points, so that approximate matching reads a number
 * per character and a 40 MB speech is held in 28 MB. Characters of a quote or context
 * that the text does not have get NONE, which no text character has. The k-grams are
 * indexed at every STEP-th position only: an exact occurrence of a quote of GRAM +
 * STEP - 1 characters or more holds such a position at each of its offsets modulo STEP,
 * and the chains cost 0.5 bytes a character instead of 4, the buckets 1 instead of 8
 * to 16 (see anchor.h for what that gives up).
 */
#define STEP 8
#define NONE UINT32_MAX

struct anchor_index {
	size_t len;
	bool wide;                /* 32-bit numbers: more than 65,534 distinct characters */
	uint16_t *ids16;          /* position -> its character's number (one of the two) */
	uint32_t *ids32;
	uint32_t *akey, *aid;     /* the alphabet, open addressing: character, number + 1 */
	unsigned abits;           /* log2 of the alphabet's slots */
	size_t nalpha;
	unsigned bits;            /* log2 of the number of buckets */
	uint32_t *first;          /* per bucket: sample + 1 of its first k-gram, 0: none */
	uint16_t *count;          /* per bucket: its k-grams, up to 65,535 (different ones
	                             may share a bucket) */
	uint32_t *next;           /* sample -> sample + 1 of the next in its bucket; sample k
	                             is the k-gram at position k * STEP */
};

static inline uint32_t id_at(const anchor_index *ix, size_t i)
{
	return ix->wide ? ix->ids32[i] : ix->ids16[i];
}

/* Whether the text at pos holds the numbers q[0..m) (pos + m <= len). */
static bool ids_equal(const anchor_index *ix, size_t pos, const uint32_t *q, size_t m)
{
	if (ix->wide)
		return memcmp(ix->ids32 + pos, q, m * sizeof(*q)) == 0;
	for (size_t i = 0; i < m; i++)
		if (ix->ids16[pos + i] != q[i])
			return false;
	return true;
}

static size_t gram_hash(uint32_t a, uint32_t b, uint32_t c, uint32_t d, unsigned bits)
{
	uint64_t h = a;
	h = h * 0x9e3779b97f4a7c15u + b;
	h = h * 0x9e3779b97f4a7c15u + c;
	h = h * 0x9e3779b97f4a7c15u + d;
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9u;
	return (size_t)(h >> (64 - bits));
}

static size_t text_gram(const anchor_index *ix, size_t p)
{
	return gram_hash(id_at(ix, p), id_at(ix, p + 1), id_at(ix, p + 2), id_at(ix, p + 3), ix->bits);
}

static size_t query_gram(const anchor_index *ix, const uint32_t *q)
{
	return gram_hash(q[0], q[1], q[2], q[3], ix->bits);
}

static size_t alpha_find(const anchor_index *ix, uint32_t c)
{
	size_t mask = ((size_t)1 << ix->abits) - 1;
	size_t h = (size_t)(((uint64_t)c * 0x9e3779b97f4a7c15u) >> (64 - ix->abits));
	while (ix->aid[h] && ix->akey[h] != c)
		h = (h + 1) & mask;
	return h;
}

/* The number of character c, NONE when the text has no c. */
static uint32_t alpha_id(const anchor_index *ix, uint32_t c)
{
	uint32_t id = ix->aid ? ix->aid[alpha_find(ix, c)] : 0;
	return id ? id - 1 : NONE;
}

static bool alpha_grow(anchor_index *ix)
{
	uint32_t *key = ix->akey, *id = ix->aid;
	size_t old = ix->aid ? (size_t)1 << ix->abits : 0;
	ix->abits = ix->aid ? ix->abits + 1 : 10;
	ix->akey = malloc(((size_t)1 << ix->abits) * sizeof(*ix->akey));
	ix->aid = calloc((size_t)1 << ix->abits, sizeof(*ix->aid));
	if (!ix->akey || !ix->aid) {
		free(key);
		free(id);
		return false;
	}
	for (size_t i = 0; i < old; i++) {
		if (id[i]) {
			size_t h = alpha_find(ix, key[i]);
			ix->akey[h] = key[i];
			ix->aid[h] = id[i];
		}
	}
	free(key);
	free(id);
	return true;
}

/* Numbers character c (once) and stores its number at position i. */
static bool alpha_put(anchor_index *ix, size_t i, uint32_t c)
{
	size_t h = alpha_find(ix, c);
	if (!ix->aid[h]) {
		if (2 * (ix->nalpha + 1) > (size_t)1 << ix->abits) {
			if (!alpha_grow(ix))
				return false;
			h = alpha_find(ix, c);
		}
		ix->akey[h] = c;
		ix->aid[h] = (uint32_t)++ix->nalpha;
		if (ix->nalpha > UINT16_MAX && !ix->wide) { /* NONE and 65,535 numbers fit 16 bits */
			if (!(ix->ids32 = malloc(ix->len * sizeof(*ix->ids32))))
				return false;
			for (size_t k = 0; k < i; k++)
				ix->ids32[k] = ix->ids16[k];
			free(ix->ids16);
			ix->ids16 = NULL;
			ix->wide = true;
		}
	}
	if (ix->wide)
		ix->ids32[i] = ix->aid[h] - 1;
	else
		ix->ids16[i] = (uint16_t)(ix->aid[h] - 1);
	return true;
}

/* An index of len characters, its numbers still to be put. */
static enum pz_status index_start(size_t len, anchor_index **out)
{
	*out = NULL;
	if (len >= UINT32_MAX)
		return PZ_TOOBIG;
	anchor_index *ix = calloc(1, sizeof(*ix));
	if (!ix)
		return PZ_NOMEM;
	ix->len = len;
	if (len && (!(ix->ids16 = malloc(len * sizeof(*ix->ids16))) || !alpha_grow(ix))) {
		anchor_index_free(ix);
		return PZ_NOMEM;
	}
	*out = ix;
	return PZ_OK;
}

/* The sampled k-grams' chains, once the numbers are in. */
static enum pz_status index_finish(anchor_index *ix)
{
	if (ix->len >= GRAM) {
		size_t samples = (ix->len - GRAM) / STEP + 1;
		unsigned bits = 4;
		while (((size_t)2 << bits) < samples) /* about two samples a bucket */
			bits++;
		ix->bits = bits;
		ix->first = calloc((size_t)1 << bits, sizeof(*ix->first));
		ix->count = calloc((size_t)1 << bits, sizeof(*ix->count));
		ix->next = malloc(samples * sizeof(*ix->next));
		if (!ix->first || !ix->count || !ix->next) {
			anchor_index_free(ix);
			return PZ_NOMEM;
		}
		/* backwards, so that every chain lists its positions in order */
		for (size_t k = samples; k-- > 0;) {
			size_t h = text_gram(ix, k * STEP);
			ix->next[k] = ix->first[h];
			ix->first[h] = (uint32_t)k + 1;
			if (ix->count[h] < UINT16_MAX)
				ix->count[h]++;
		}
	}
	return PZ_OK;
}

enum pz_status anchor_index_new(const uint32_t *text, size_t len, anchor_index **out)
{
	anchor_index *ix;
	enum pz_status st = index_start(len, &ix);
	if (st != PZ_OK)
		return st;
	for (size_t i = 0; i < len; i++)
		if (!alpha_put(ix, i, text[i])) {
			anchor_index_free(ix);
			return PZ_NOMEM;
		}
	if ((st = index_finish(ix)) == PZ_OK)
		*out = ix;
	return st;
}

enum pz_status anchor_index_new_utf8(const char *text, size_t n, anchor_index **out)
{
	anchor_index *ix;
	enum pz_status st = index_start(utf8_count(text, n), &ix);
	if (st != PZ_OK)
		return st;
	/* a character at every byte that is not a continuation byte, as utf8_count counts */
	const unsigned char *t = (const unsigned char *)text;
	size_t b = 0;
	while (b < n && (t[b] & 0xC0) == 0x80)
		b++;
	for (size_t i = 0; b < n; i++) {
		size_t l;
		uint32_t c = utf8_get(text, n, b, &l);
		for (b++; b < n && (t[b] & 0xC0) == 0x80; b++)
			;
		if (!alpha_put(ix, i, c)) {
			anchor_index_free(ix);
			return PZ_NOMEM;
		}
	}
	if ((st = index_finish(ix)) == PZ_OK)
		*out = ix;
	return st;
}

size_t anchor_index_len(const anchor_index *ix)
{
	return ix->len;
}

void anchor_index_free(anchor_index *ix)
{
	if (!ix)
		return;
	free(ix->first);
	free(ix->count);
	free(ix->next);
	free(ix->ids16);
	free(ix->ids32);
	free(ix->akey);
	free(ix->aid);
	free(ix);
}

void anchor_context(size_t len, size_t start, size_t end, size_t *pre_start, size_t *suf_end)
{
	if (end > len)
		end = len;
	if (start > end)
		start = end;
	*pre_start = start > ANCHOR_CONTEXT ? start - ANCHOR_CONTEXT : 0;
	*suf_end = len - end > ANCHOR_CONTEXT ? end + ANCHOR_CONTEXT : len;
}

/*
 * The exact occurrences of q[0..m) (numbers), in order. Every offset of the quote modulo
 * STEP has its chain: of the k-grams at those offsets, the one whose bucket is smallest
 * (a quote of common words usually holds a rarer one); the chains' candidates are
 * merged in text order and each checked in full. A quote too short for every offset
 * to hold a k-gram is looked for by reading the whole text.
 */
struct occurrences {
	const anchor_index *ix;
	const uint32_t *q;
	size_t m;
	size_t off[STEP];     /* where each chain's k-gram starts in the quote */
	uint32_t node[STEP];  /* each chain's next entry (sample + 1), 0: its end */
	bool linear;          /* no chains: read the text */
	size_t scan;          /* ... the next position to read */
	bool done;
};

#define SAMPLES_PER_OFFSET 4 /* k-grams compared for the rarest, per offset modulo STEP */

static void occurrences_start(struct occurrences *it, const anchor_index *ix,
                              const uint32_t *q, size_t m)
{
	*it = (struct occurrences){ .ix = ix, .q = q, .m = m };
	for (size_t i = 0; i < m && !it->done; i++)
		it->done = q[i] == NONE; /* a character the text has not */
	if (m > ix->len || it->done) {
		it->done = true;
		return;
	}
	if (m < GRAM + STEP - 1 || !ix->first) {
		it->linear = true;
		return;
	}
	size_t last = m - GRAM;
	for (size_t r = 0; r < STEP; r++) {
		/* the offsets r, r + STEP, ... up to last: a few spread over them */
		size_t n = (last - r) / STEP + 1;
		uint32_t fewest = UINT32_MAX;
		for (size_t k = 0; k < n && k < SAMPLES_PER_OFFSET; k++) {
			size_t j = n <= SAMPLES_PER_OFFSET ? k : k * (n - 1) / (SAMPLES_PER_OFFSET - 1);
			size_t off = r + j * STEP;
			size_t h = query_gram(ix, q + off);
			if (ix->count[h] < fewest) {
				fewest = ix->count[h];
				it->off[r] = off;
				it->node[r] = ix->first[h];
			}
		}
	}
}

static bool occurrences_next(struct occurrences *it, size_t *pos)
{
	const anchor_index *ix = it->ix;
	size_t len = ix->len, m = it->m;

	if (it->done)
		return false;
	if (it->linear) {
		for (size_t s = it->scan; s + m <= len; s++) {
			if (id_at(ix, s) == it->q[0] && ids_equal(ix, s, it->q, m)) {
				it->scan = s + 1;
				*pos = s;
				return true;
			}
		}
		it->done = true;
		return false;
	}
	for (;;) {
		/* the chain whose next candidate comes first */
		size_t best = STEP, best_s = SIZE_MAX;
		for (size_t r = 0; r < STEP; r++) {
			while (it->node[r] && (size_t)(it->node[r] - 1) * STEP < it->off[r])
				it->node[r] = ix->next[it->node[r] - 1];
			if (!it->node[r])
				continue;
			size_t s = (size_t)(it->node[r] - 1) * STEP - it->off[r];
			if (s < best_s)
				best = r, best_s = s;
		}
		if (best == STEP)
			break;
		it->node[best] = ix->next[it->node[best] - 1];
		if (best_s + m <= len && ids_equal(ix, best_s, it->q, m)) {
			*pos = best_s;
			return true;
		}
	}
	it->done = true;
	return false;
}

/* ---- Myers' bit-parallel edit distance ------------------------------------------------ */

/*
 * A pattern for Myers' algorithm (G. Myers, "A fast bit-vector algorithm for approximate
 * string matching based on dynamic programming", JACM 1999, with its blocks of 64 rows
 * for longer patterns). Its characters are Unicode, so the bit masks of the distinct ones
 * sit in a small open-addressing table, behind a 4096-bit filter that turns most text
 * characters (those in no mask) away with one test.
 */
struct pattern {
	size_t m, blocks;
	unsigned last;          /* the bit of row m - 1 in the last block */
	unsigned shift;         /* 64 - log2(slots) */
	size_t mask;            /* slots - 1 */
	uint32_t *keys;
	uint32_t *slot;         /* per slot: 0 empty, else the character's index + 1 */
	uint64_t *peq;          /* blocks words per distinct character */
	uint64_t *pv, *mv;      /* the column: vertical +1 and -1 deltas, blocks words each */
	uint64_t filter[64];
	uint32_t *by_id;        /* the text's character number -> its slot value, or NULL */
	/* storage of a pattern of at most SMALL characters */
	uint32_t small_keys[2 * SMALL], small_slot[2 * SMALL];
	uint64_t small_peq[SMALL], small_pv[1], small_mv[1];
};

static size_t char_slot(const struct pattern *p, uint32_t c)
{
	return (size_t)(((uint64_t)c * 0x9e3779b97f4a7c15u) >> p->shift);
}

static size_t find_slot(const struct pattern *p, uint32_t c)
{
	size_t h = char_slot(p, c);
	while (p->slot[h] && p->keys[h] != c)
		h = (h + 1) & p->mask;
	return h;
}

static void pattern_release(struct pattern *p)
{
	free(p->by_id);
	p->by_id = NULL;
	if (p->keys != p->small_keys) {
		free(p->keys);
		free(p->slot);
		free(p->peq);
		free(p->pv);
		free(p->mv);
	}
	p->keys = NULL;
}

/* The pattern of s[0..m) (0 < m < UINT32_MAX), or of its reverse. Never fails when m <=
 * SMALL; else false on NOMEM. Released with pattern_release, also after failing. */
static bool pattern_init(struct pattern *p, const uint32_t *s, size_t m, bool reverse)
{
	size_t slots = 16;
	unsigned bits = 4;
	while (slots < 2 * m) {
		slots <<= 1;
		bits++;
	}
	p->m = m;
	p->blocks = (m + 63) / 64;
	p->last = (unsigned)((m - 1) % 64);
	p->shift = 64 - bits;
	p->mask = slots - 1;
	p->by_id = NULL;
	memset(p->filter, 0, sizeof(p->filter));
	if (m <= SMALL) {
		p->keys = p->small_keys;
		p->slot = p->small_slot;
		p->peq = p->small_peq;
		p->pv = p->small_pv;
		p->mv = p->small_mv;
		memset(p->small_slot, 0, sizeof(p->small_slot));
	} else {
		p->keys = malloc(slots * sizeof(*p->keys));
		p->slot = calloc(slots, sizeof(*p->slot));
		p->peq = NULL;
		p->pv = malloc(p->blocks * sizeof(*p->pv));
		p->mv = malloc(p->blocks * sizeof(*p->mv));
		if (!p->keys || !p->slot || !p->pv || !p->mv)
			return false;
	}
	size_t distinct = 0;
	for (size_t i = 0; i < m; i++) {
		uint32_t c = reverse ? s[m - 1 - i] : s[i];
		size_t h = find_slot(p, c);
		if (!p->slot[h]) {
			p->keys[h] = c;
			p->slot[h] = (uint32_t)++distinct;
			p->filter[(c >> 6) & 63] |= (uint64_t)1 << (c & 63);
		}
	}
	if (m <= SMALL)
		memset(p->peq, 0, distinct * sizeof(*p->peq));
	else if (!(p->peq = calloc(distinct * p->blocks, sizeof(*p->peq))))
		return false;
	for (size_t i = 0; i < m; i++) {
		uint32_t c = reverse ? s[m - 1 - i] : s[i];
		size_t at = (size_t)(p->slot[find_slot(p, c)] - 1) * p->blocks + i / 64;
		p->peq[at] |= (uint64_t)1 << (i % 64);
	}
	return true;
}

/* The masks of c (blocks words), NULL when c is not in the pattern. */
static const uint64_t *pattern_eq(const struct pattern *p, uint32_t c)
{
	if (!((p->filter[(c >> 6) & 63] >> (c & 63)) & 1))
		return NULL;
	for (size_t h = char_slot(p, c); p->slot[h]; h = (h + 1) & p->mask)
		if (p->keys[h] == c)
			return p->peq + (size_t)(p->slot[h] - 1) * p->blocks;
	return NULL;
}

/* Prepares reading the text of ix through a table by character number (the pattern's
 * characters are numbers of ix already); false on NOMEM. */
static bool pattern_index(struct pattern *p, const anchor_index *ix)
{
	p->by_id = calloc(ix->nalpha ? ix->nalpha : 1, sizeof(*p->by_id));
	if (!p->by_id)
		return false;
	for (size_t h = 0; h <= p->mask; h++)
		if (p->slot[h] && p->keys[h] < ix->nalpha)
			p->by_id[p->keys[h]] = p->slot[h];
	return true;
}

/* The masks of the text's character number id, NULL when not in the pattern. */
static const uint64_t *pattern_eq_id(const struct pattern *p, uint32_t id)
{
	uint32_t v = p->by_id[id];
	return v ? p->peq + (size_t)(v - 1) * p->blocks : NULL;
}

/* Before the first text character: D[i][0] = i, every vertical delta +1. */
static void pattern_reset(struct pattern *p)
{
	for (size_t b = 0; b < p->blocks; b++) {
		p->pv[b] = ~(uint64_t)0;
		p->mv[b] = 0;
	}
}

/*
 * One text column of one block of 64 rows: hin is the horizontal delta entering at its
 * top (-1, 0 or +1); returns the one leaving at row `out` of the block. (Myers 1999,
 * the block-based version of the algorithm.)
 */
static int myers_step(uint64_t *pv, uint64_t *mv, uint64_t eq, int hin, unsigned out)
{
	uint64_t p = *pv, m = *mv;
	uint64_t xv = eq | m;
	if (hin < 0)
		eq |= 1;
	uint64_t xh = (((eq & p) + p) ^ p) | eq;
	uint64_t ph = m | ~(xh | p);
	uint64_t mh = p & xh;
	int hout = (int)((ph >> out) & 1) - (int)((mh >> out) & 1);
	ph <<= 1;
	mh <<= 1;
	if (hin < 0)
		mh |= 1;
	else if (hin > 0)
		ph |= 1;
	*pv = mh | ~(xv | ph);
	*mv = ph & xv;
	return hout;
}

/* Reads text character c: hin 0 lets a match start anywhere (D[0][j] = 0), hin 1 makes
 * it start at the first character read (D[0][j] = j). Returns the change of D[m][j]. */
static int pattern_column_eq(struct pattern *p, const uint64_t *eq, int hin)
{
	size_t last = p->blocks - 1;
	for (size_t b = 0; b < last; b++)
		hin = myers_step(&p->pv[b], &p->mv[b], eq ? eq[b] : 0, hin, 63);
	return myers_step(&p->pv[last], &p->mv[last], eq ? eq[last] : 0, hin, p->last);
}

static int pattern_column(struct pattern *p, uint32_t c, int hin)
{
	return pattern_column_eq(p, pattern_eq(p, c), hin);
}

static size_t add_delta(size_t d, int delta)
{
	return delta > 0 ? d + 1 : delta < 0 ? d - 1 : d;
}

/*
 * The edit distance between the pattern and the first j characters read from the text
 * of ix, for j = 0..n, into row[j] when row is not NULL; returns the least of them.
 * Read forwards from position pos, or backwards from pos - 1 when reverse.
 */
static size_t pattern_anchored(struct pattern *p, const anchor_index *ix, size_t pos, size_t n,
                               bool reverse, size_t *row)
{
	size_t d = p->m, best = d;
	pattern_reset(p);
	if (row)
		row[0] = d;
	for (size_t j = 0; j < n; j++) {
		d = add_delta(d, pattern_column(p, id_at(ix, reverse ? pos - 1 - j : pos + j), 1));
		if (row)
			row[j + 1] = d;
		if (d < best)
			best = d;
	}
	return best;
}

/* ---- finding one annotation --------------------------------------------------------- */

struct cand {
	size_t end, d;
};

struct finder {
	const anchor_index *ix;
	size_t len, hint;
	uint32_t *q, *pre, *suf;         /* the selector's, as numbers of ix's characters */
	size_t m, k, pl, sl;             /* k: the most errors an approximate match may have */
	struct pattern rpre, suf_p;      /* the prefix read backwards, the suffix */
	struct pattern quote, rquote;    /* the quote, and read backwards (to find starts) */
	bool have_rpre, have_suf, have_quote, have_rquote;
	bool far;                        /* searching away from the hint */
	bool closed;                     /* its context closed over where it was */
	size_t *row;                     /* distances of the starts before one end */
	struct cand *cands, *sorted;
	size_t ncands, cap;
	/* the best so far */
	bool found, anchored;
	double score;
	size_t start, end;
};

static bool prefix_exact(const struct finder *f, size_t s)
{
	if (!f->pl)
		return s == 0;
	return s >= f->pl && ids_equal(f->ix, s - f->pl, f->pre, f->pl);
}

static bool suffix_exact(const struct finder *f, size_t e)
{
	if (!f->sl)
		return e == f->len;
	return f->len - e >= f->sl && ids_equal(f->ix, e, f->suf, f->sl);
}

/*
 * How many characters of the remembered prefix are found again before s: pl less the
 * edit distance from the prefix to the text read backwards from s, with the far end
 * free, so that what was inserted further out is not counted twice.
 */
static size_t prefix_kept(struct finder *f, size_t s)
{
	if (!f->pl || prefix_exact(f, s))
		return f->pl;
	if (!f->have_rpre) {
		pattern_init(&f->rpre, f->pre, f->pl, true);
		f->have_rpre = true;
	}
	size_t n = s < f->pl + CONTEXT_SLACK ? s : f->pl + CONTEXT_SLACK;
	return f->pl - pattern_anchored(&f->rpre, f->ix, s, n, true, NULL);
}

/* The same for the suffix and the text from e. */
static size_t suffix_kept(struct finder *f, size_t e)
{
	if (!f->sl || suffix_exact(f, e))
		return f->sl;
	if (!f->have_suf) {
		pattern_init(&f->suf_p, f->suf, f->sl, false);
		f->have_suf = true;
	}
	size_t avail = f->len - e;
	size_t n = avail < f->sl + CONTEXT_SLACK ? avail : f->sl + CONTEXT_SLACK;
	return f->sl - pattern_anchored(&f->suf_p, f->ix, e, n, false, NULL);
}

/* Whether at least half the prefix or half the suffix is found again around [s,e)
 * (an empty one: when the quote is still at that end of the text). */
static bool context_support(const struct finder *f, size_t s, size_t e, size_t pk, size_t sk)
{
	return (f->pl ? 2 * pk >= f->pl : s == 0) || (f->sl ? 2 * sk >= f->sl : e == f->len);
}

/* Whether at least half the prefix and half the suffix are found again. */
static bool both_sides(const struct finder *f, size_t pk, size_t sk)
{
	return 2 * pk >= f->pl && 2 * sk >= f->sl;
}

/* 1 at the hint, falling towards 0 far away from it. */
static double place(const struct finder *f, size_t s)
{
	size_t dist = s > f->hint ? s - f->hint : f->hint - s;
	return PLACE_SCALE / (PLACE_SCALE + (double)dist);
}

static void consider(struct finder *f, double score, size_t s, size_t e, bool anchored)
{
	if (f->found && score <= f->score)
		return;
	f->found = true;
	f->score = score;
	f->start = s;
	f->end = e;
	f->anchored = anchored;
}

/* Where it was: the quote at s with its prefix or its suffix unchanged. */
static bool at_place(const struct finder *f, size_t s)
{
	return s <= f->len && f->m <= f->len - s && ids_equal(f->ix, s, f->q, f->m) &&
	       (prefix_exact(f, s) || suffix_exact(f, s + f->m));
}

/* A short quote is taken only with its context. */
static bool short_supported(const struct finder *f, size_t s, size_t e, size_t pk, size_t sk)
{
	return f->m >= SHORT_QUOTE || context_support(f, s, e, pk, sk);
}

/*
 * Whether the passage was cut out: at the hint, its prefix now runs into its suffix
 * with less between them than any match of the quote would need (m - k characters).
 * The pieces compared are SEAM characters from next to the quote, or up to SEAM_SLACK
 * further out, so that a marker such as 第二， that went with it, or the renumbering
 * of the next one, does not hide the seam. Then a similar sentence nearby is not it:
 * speeches repeat a pattern with a few words changed ("各乡镇要抓好…工作"), and an
 * orphan the user sees is better than a tag silently on the wrong sentence. The same
 * words elsewhere (moved) still count, and so does a match with both sides of its
 * context: an edited quote whose own ending looks like its prefix's ending.
 */
static bool closed_over(const struct finder *f)
{
	const size_t h = SEAM;
	size_t most_between = f->m - f->k; /* less than a match needs */
	if (f->len < h)
		return false;
	/* pieces of the prefix that end within SEAM_REACH of the hint */
	size_t lo = f->hint > SEAM_REACH + h ? f->hint - SEAM_REACH - h : 0;
	size_t hi = f->hint + SEAM_REACH - h < f->len - h ? f->hint + SEAM_REACH - h : f->len - h;
	if (f->hint + SEAM_REACH < h)
		return false;
	for (size_t j = 0; j <= SEAM_SLACK && j + h <= f->pl; j++) {
		const uint32_t *piece = f->pre + f->pl - j - h;
		for (size_t p = lo; p <= hi; p++) {
			if (id_at(f->ix, p) != piece[0] || !ids_equal(f->ix, p, piece, h))
				continue;
			size_t end = p + h;
			for (size_t j2 = 0; j2 <= SEAM_SLACK && j2 + h <= f->sl; j2++)
				for (size_t g = 0; g < most_between && end + g + h <= f->len; g++)
					if (ids_equal(f->ix, end + g, f->suf + j2, h))
						return true;
		}
	}
	return false;
}

/* Every exact occurrence, scored by its context. */
static void find_exact(struct finder *f, const anchor_index *ix)
{
	struct occurrences it;
	size_t s;

	occurrences_start(&it, ix, f->q, f->m);
	while (occurrences_next(&it, &s)) {
		size_t e = s + f->m;
		bool anchored = prefix_exact(f, s) || suffix_exact(f, e);
		size_t pk = prefix_kept(f, s), sk = suffix_kept(f, e);
		if (!anchored && !short_supported(f, s, e, pk, sk))
			continue;
		consider(f, (double)(f->m + pk + sk) + W_PLACE * place(f, s), s, e, anchored);
	}
}

static bool add_cand(struct finder *f, size_t end, size_t d)
{
	if (f->ncands == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		struct cand *c = realloc(f->cands, cap * sizeof(*c));
		if (!c)
			return false;
		f->cands = c;
		f->cap = cap;
	}
	f->cands[f->ncands++] = (struct cand){ end, d };
	return true;
}

/*
 * The ends of approximate matches in text[lo..hi): every offset e where some match of
 * at most k errors ends (all of them, not only the best of each place: the end that
 * leaves the suffix whole may cost an error more).
 */
static bool collect_ends(struct finder *f, size_t lo, size_t hi)
{
	struct pattern *p = &f->quote;
	const anchor_index *ix = f->ix;
	size_t d = f->m; /* of the matches ending at j + 1 */

	f->ncands = 0;
	if (p->blocks == 1) { /* the common case, its column in registers */
		uint64_t pv = ~(uint64_t)0, mv = 0;
		for (size_t j = lo; j < hi; j++) {
			uint32_t v = p->by_id[id_at(ix, j)];
			d = add_delta(d, myers_step(&pv, &mv, v ? p->peq[v - 1] : 0, 0, p->last));
			if (d <= f->k && !add_cand(f, j + 1, d))
				return false;
		}
	} else {
		pattern_reset(p);
		for (size_t j = lo; j < hi; j++) {
			d = add_delta(d, pattern_column_eq(p, pattern_eq_id(p, id_at(ix, j)), 0));
			if (d <= f->k && !add_cand(f, j + 1, d))
				return false;
		}
	}
	return true;
}

/* The candidates, fewest errors first (a counting sort: k + 1 kinds). */
static bool sort_cands(struct finder *f)
{
	size_t *at = calloc(f->k + 2, sizeof(*at));
	struct cand *out = realloc(f->sorted, (f->ncands ? f->ncands : 1) * sizeof(*out));
	if (!at || !out) {
		free(at);
		return false;
	}
	f->sorted = out;
	for (size_t i = 0; i < f->ncands; i++)
		at[f->cands[i].d + 1]++;
	for (size_t d = 1; d <= f->k + 1; d++)
		at[d] += at[d - 1];
	for (size_t i = 0; i < f->ncands; i++)
		out[at[f->cands[i].d]++] = f->cands[i];
	free(at);
	return true;
}

/*
 * Approximate matches in text[lo..hi): for every candidate end, fewest errors first, the
 * starts that keep within k errors (a backward pass of the reversed quote from the
 * end), each scored with its prefix. Whatever could not beat the best so far even with
 * a perfect context is skipped, so that most candidates cost one suffix comparison.
 */
static enum pz_status find_approximate(struct finder *f, size_t lo, size_t hi)
{
	if (!f->have_quote) {
		f->have_quote = true;
		f->have_rquote = true;
		if (!pattern_init(&f->quote, f->q, f->m, false) ||
		    !pattern_index(&f->quote, f->ix) ||
		    !pattern_init(&f->rquote, f->q, f->m, true))
			return PZ_NOMEM;
		f->row = malloc((f->m + f->k + 1) * sizeof(*f->row));
		if (!f->row)
			return PZ_NOMEM;
	}
	if (!collect_ends(f, lo, hi) || !sort_cands(f))
		return PZ_NOMEM;
	double most = (double)(f->pl + f->sl) + W_PLACE; /* what context and place can add */
	for (size_t i = 0; i < f->ncands; i++) {
		size_t e = f->sorted[i].end;
		double quote = (double)(f->m - f->sorted[i].d);
		if (f->found && quote + most <= f->score)
			break; /* sorted: none after it can do better */
		size_t sk = suffix_kept(f, e);
		if (f->found && quote + (double)(f->pl + sk) + W_PLACE <= f->score)
			continue;
		size_t w = e < f->m + f->k ? e : f->m + f->k;
		pattern_anchored(&f->rquote, f->ix, e, w, true, f->row);
		for (size_t j = 1; j <= w; j++) {
			size_t d = f->row[j], s = e - j;
			if (d > f->k)
				continue;
			double rest = (double)(f->m - d + sk) + W_PLACE * place(f, s);
			if (f->found && rest + (double)f->pl <= f->score)
				continue;
			size_t pk = prefix_kept(f, s);
			bool support = context_support(f, s, e, pk, sk);
			if (!short_supported(f, s, e, pk, sk))
				continue;
			/* far from the hint, a match needs its context or few errors */
			if (f->far && !support && 3 * d > f->m)
				continue;
			/* cut out where it was: only a match with both sides of its context
			 * (the seam was its own words: an edited quote ending as its prefix does) */
			if (f->closed && !both_sides(f, pk, sk))
				continue;
			consider(f, rest + (double)pk, s, e, false);
		}
	}
	return PZ_OK;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * Away from the hint, the text is searched only around the places where it shares a
 * k-gram with the quote (the diagonal of each hit, 2k characters of slack either side),
 * unless such places add up to much of the text. A match with e errors keeps an
 * unbroken run of (m - e) / (e + 1) characters, so every match with e <= (m - 4) / 5 is
 * found; a passage that was moved and lightly edited keeps far longer runs. Reading
 * the whole text for every orphan would cost a millisecond or more each.
 */
static enum pz_status find_far(struct finder *f)
{
	const anchor_index *ix = f->ix;
	size_t m = f->m, k = f->k, reach = m + 4 * k, n = 0;
	size_t limit = f->len / (2 * reach) + 1; /* hits worth less than reading it all */
	size_t *diag = malloc(limit * sizeof(*diag));
	enum pz_status st = PZ_OK;

	if (!diag)
		return PZ_NOMEM;
	for (size_t o = 0; o + GRAM <= m && diag && ix->first; o++) {
		const uint32_t *g = f->q + o;
		if (g[0] == NONE || g[1] == NONE || g[2] == NONE || g[3] == NONE)
			continue;
		size_t h = query_gram(ix, g);
		if (ix->count[h] == UINT16_MAX || ix->count[h] > limit - n) {
			free(diag);
			diag = NULL; /* common words: read it all */
			break;
		}
		for (uint32_t node = ix->first[h]; node; node = ix->next[node - 1]) {
			size_t p = (size_t)(node - 1) * STEP;
			if (ids_equal(ix, p, g, GRAM) && n < limit)
				diag[n++] = p > o ? p - o : 0;
		}
	}
	if (!diag)
		return find_approximate(f, 0, f->len);
	qsort(diag, n, sizeof(*diag), cmp_size);
	for (size_t i = 0; i < n && st == PZ_OK;) {
		size_t lo = diag[i] > 2 * k ? diag[i] - 2 * k : 0, hi = diag[i] + m + 2 * k;
		while (++i < n && diag[i] <= hi + 2 * k)
			hi = diag[i] + m + 2 * k;
		st = find_approximate(f, lo, hi < f->len ? hi : f->len);
	}
	free(diag);
	return st;
}

static void finder_release(struct finder *f)
{
	if (f->have_rpre)
		pattern_release(&f->rpre);
	if (f->have_suf)
		pattern_release(&f->suf_p);
	if (f->have_quote)
		pattern_release(&f->quote);
	if (f->have_rquote)
		pattern_release(&f->rquote);
	free(f->row);
	free(f->cands);
	free(f->sorted);
	free(f->q);
}

enum pz_status anchor_find(const anchor_index *ix, const struct anchor_selector *sel,
                           size_t hint, struct anchor_result *res)
{
	enum pz_status st = PZ_OK;
	struct finder *f;

	*res = (struct anchor_result){ ANCHOR_ORPHANED, 0, 0 };
	if (!sel->quote_len)
		return PZ_OK;
	/* The finder holds four patterns' small storage: on the heap, not the stack. */
	f = calloc(1, sizeof(*f));
	if (!f)
		return PZ_NOMEM;
	f->ix = ix;
	f->len = ix->len;
	f->m = sel->quote_len;
	f->k = f->m / 2;
	f->pl = sel->prefix_len < ANCHOR_CONTEXT ? sel->prefix_len : ANCHOR_CONTEXT;
	f->sl = sel->suffix_len < ANCHOR_CONTEXT ? sel->suffix_len : ANCHOR_CONTEXT;
	/* quote, prefix and suffix as numbers of the text's characters, in one array */
	if (f->m > SIZE_MAX / sizeof(*f->q) - 2 * ANCHOR_CONTEXT - 1 ||
	    !(f->q = malloc((f->m + f->pl + f->sl + 1) * sizeof(*f->q)))) {
		free(f);
		return PZ_NOMEM;
	}
	f->pre = f->q + f->m;
	f->suf = f->pre + f->pl;
	for (size_t i = 0; i < f->m; i++)
		f->q[i] = alpha_id(ix, sel->quote[i]);
	for (size_t i = 0; i < f->pl; i++)
		f->pre[i] = alpha_id(ix, sel->prefix[sel->prefix_len - f->pl + i]);
	for (size_t i = 0; i < f->sl; i++)
		f->suf[i] = alpha_id(ix, sel->suffix[i]);
	if (hint == SIZE_MAX)
		hint = sel->start;
	f->hint = hint < f->len ? hint : f->len;

	/* 1: where it was */
	size_t at = at_place(f, hint) ? hint : at_place(f, sel->start) ? sel->start : SIZE_MAX;
	if (at != SIZE_MAX) {
		*res = (struct anchor_result){ ANCHOR_ANCHORED, at, at + f->m };
		goto done;
	}
	/* 2: the same words elsewhere */
	find_exact(f, ix);
	if (f->found && f->anchored)
		goto found;
	/* 3: the closest words, near the hint, else anywhere. Also when the same words
	 * stand elsewhere in another context: the edited version near the hint may fit
	 * better (a sentence said twice, one of them changed). */
	if (f->k > 0 && f->m - f->k <= f->len && f->m < UINT32_MAX) {
		f->closed = closed_over(f);
		size_t h = f->hint, reach = WINDOW + 2 * f->m;
		size_t lo = h > reach ? h - reach : 0;
		size_t hi = f->len - h > reach ? h + reach : f->len;
		st = find_approximate(f, lo, hi);
		/* far away, unless it was cut out here (moved unchanged, step 2 found it) */
		if (st == PZ_OK && !f->found && (lo > 0 || hi < f->len) && f->m >= SHORT_QUOTE &&
		    !f->closed) {
			f->far = true;
			st = find_far(f);
		}
	}
found:
	if (st == PZ_OK && f->found)
		*res = (struct anchor_result){ f->anchored ? ANCHOR_ANCHORED : ANCHOR_MOVED,
			                       f->start, f->end };
done:
	finder_release(f);
	free(f);
	return st;
}
