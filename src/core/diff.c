/* Comparing two drafts of a Chinese speech: sentences first, then tokens (characters,
 * numbers, Latin words, marks) inside the sentences that differ, with moved passages,
 * changes of form and changes of substance told apart. The engine is diffseq.c. */
#define _GNU_SOURCE /* memmem */
#include "pizhu/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unigbrk.h>
#include <unistr.h>

#include "pizhu/cjk.h"
#include "pizhu/diffseq.h"
#include "pizhu/hash.h"
#include "pizhu/sentence.h"
#include "pizhu/utf8.h"

/* ---- characters and their folded form ------------------------------------------- */

/* The character at s[i] (i < n) and its length (utf8.h); an invalid byte is itself, 1
 * byte (as U+DC80 + byte, so that two different invalid bytes stay different). */
static size_t char_at(const unsigned char *s, size_t n, size_t i, ucs4_t *c)
{
	size_t len;
	*c = utf8_get((const char *)s, n, i, &len);
	if (*c == 0xFFFD && len == 1)
		*c = 0xDC00 + s[i];
	return len;
}

static bool is_space(ucs4_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0x3000 ||
	       c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0xFEFF;
}

/* The folded form of c: what two drafts must agree on for a change to be of form
 * only. Full-width ASCII (Ｕ+FF01..FF5E, ，２Ａ) is ASCII, curly quotes are straight,
 * 。 is a full stop. Not NFKC: that would also make ① 1 and ㈠ (一), which a
 * reviewer wants to see. */
static ucs4_t fold(ucs4_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	switch (c) {
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x301D: case 0x301E:
		return '"';
	case 0x2018: case 0x2019: case 0x201A: case 0x201B:
		return '\'';
	case 0x3002: case 0xFF61:
		return '.';
	default:
		return c;
	}
}

/* Chinese numerals that make a number with their neighbours: 二〇二五, 三千, 十四 (cjk.h's
 * digits and units, ○ written for 〇, and 亿). */
static bool is_cn_numeral(ucs4_t c)
{
	return cjk_numeral_digit(c) >= 0 || cjk_numeral_unit(c) || c == 0x25CB || c == 0x4EBF;
}

static bool is_digit(ucs4_t f) { return f >= '0' && f <= '9'; }
static bool is_latin(ucs4_t f) { return (f >= 'a' && f <= 'z') || (f >= 'A' && f <= 'Z'); }

/* Marks after which a sentence ends (folded). */
static bool is_ender(ucs4_t f)
{
	return f == '.' || f == '!' || f == '?' || f == ';' || f == 0x2026 /* … */;
}

/* ---- interned keys ------------------------------------------------------------------- */

/* Folded keys to dense ids: sentences and tokens are compared as integers. */
struct intern {
	char *arena;
	size_t narena, carena;
	struct slot { uint64_t hash; size_t off, len; uint32_t id; } *slots;
	size_t cap;     /* a power of two */
	uint32_t count;
	uint32_t *han;  /* tokens: per ideograph U+4E00..U+9FFF alone, its id + 1; 0 not
	                   seen yet, UINT32_MAX a numeral (made lazily: most tokens) */
};

/* Every sentence of both drafts is hashed (hash.h, eight bytes a step), mixed for the
 * table; 0 marks an empty slot. */
static uint64_t key_hash(const char *s, size_t n)
{
	uint64_t h = hash_mix(hash_bytes(s, n) ^ n);
	return h ? h : 1;
}

static bool intern_grow(struct intern *t)
{
	size_t nc = t->cap ? t->cap * 2 : 1024;
	struct slot *ns = calloc(nc, sizeof(*ns));
	if (!ns)
		return false;
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i].hash)
			continue;
		size_t k = t->slots[i].hash & (nc - 1);
		while (ns[k].hash)
			k = (k + 1) & (nc - 1);
		ns[k] = t->slots[i];
	}
	free(t->slots);
	t->slots = ns;
	t->cap = nc;
	return true;
}

/* The id of key k[0, n); UINT32_MAX when out of memory. */
static uint32_t intern_id(struct intern *t, const char *k, size_t n)
{
	if ((size_t)t->count * 2 >= t->cap && !intern_grow(t))
		return UINT32_MAX;
	uint64_t h = key_hash(k, n);
	size_t i = h & (t->cap - 1);
	for (; t->slots[i].hash; i = (i + 1) & (t->cap - 1)) {
		struct slot *s = &t->slots[i];
		if (s->hash == h && s->len == n && memcmp(t->arena + s->off, k, n) == 0)
			return s->id;
	}
	if (t->narena + n > t->carena) {
		size_t nc = t->carena ? t->carena * 2 : 4096;
		while (nc < t->narena + n)
			nc *= 2;
		char *na = realloc(t->arena, nc);
		if (!na)
			return UINT32_MAX;
		t->arena = na;
		t->carena = nc;
	}
	if (n)
		memcpy(t->arena + t->narena, k, n);
	t->slots[i] = (struct slot){ h, t->narena, n, t->count };
	t->narena += n;
	return t->count++;
}

static void intern_release(struct intern *t)
{
	free(t->han);
	free(t->arena);
	free(t->slots);
}

/* A growable byte buffer for building keys. */
struct buf {
	char *p;
	size_t n, cap;
};

static bool buf_put(struct buf *b, ucs4_t c)
{
	if (b->n + 4 > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 256;
		char *np = realloc(b->p, nc);
		if (!np)
			return false;
		b->p = np;
		b->cap = nc;
	}
	if (c >= 0xDC80 && c <= 0xDCFF) { /* an invalid byte, kept as itself */
		b->p[b->n++] = (char)(c - 0xDC00);
		return true;
	}
	int k = u8_uctomb((uint8_t *)b->p + b->n, c, 4);
	b->n += k > 0 ? (size_t)k : 0;
	return true;
}

/* Appends the folded form of s[a, b) to k, blanks left out; *chars (if not NULL)
 * counts the characters kept. Characters that fold to themselves are copied as they
 * are: most of a Chinese text. */
static bool fold_into(struct buf *k, const unsigned char *s, size_t n, size_t a, size_t b,
                      size_t *chars)
{
	if (k->n + (b - a) + 4 > k->cap) {
		size_t nc = k->cap ? k->cap : 256;
		while (nc < k->n + (b - a) + 4)
			nc *= 2;
		char *np = realloc(k->p, nc);
		if (!np)
			return false;
		k->p = np;
		k->cap = nc;
	}
	for (size_t i = a; i < b;) {
		/* a run of ASCII other than blanks, and of the ideographs U+4000..U+9FFF (lead
		 * bytes 0xE4..0xE9): they fold to themselves and are no blank */
		size_t r = i, run = 0;
		while (r < b) {
			unsigned c0 = s[r];
			if (c0 - 0x21u < 0x5Fu) /* '!'..DEL */
				r++;
			else if (c0 - 0xE4u < 6u && r + 3 <= b &&
			         ((s[r + 1] ^ 0x80u) | (s[r + 2] ^ 0x80u)) < 0x40u) /* two continuations */
				r += 3;
			else
				break;
			run++;
		}
		if (r > i) {
			memcpy(k->p + k->n, s + i, r - i);
			k->n += r - i;
			if (chars)
				*chars += run;
			i = r;
			continue;
		}
		ucs4_t c;
		size_t l = char_at(s, n, i, &c);
		if (is_space(c) || c == '\n') {
			i += l;
			continue;
		}
		if (chars)
			++*chars;
		ucs4_t f = fold(c);
		if (f == c && !(c >= 0xDC80 && c <= 0xDCFF)) {
			memcpy(k->p + k->n, s + i, l);
			k->n += l;
		} else if (!buf_put(k, f)) {
			return false;
		}
		i += l;
	}
	return true;
}

/* ---- sentences (units) ------------------------------------------------------------ */

/*
 * A unit is a sentence with the blanks and line breaks after it: [start, end) covers
 * the text without gaps (blanks before the first sentence belong to none). Its
 * content is [start, cend); body is where it starts after an enumeration marker
 * opening it (1. （一） 一是 ①), else start.
 */
struct unit {
	size_t start, body, cend, end;
	uint32_t id;      /* the folded content, with a line break when it ends a paragraph */
	uint32_t cid;     /* the folded content, without the break */
	uint32_t bid;     /* the folded content from body, without the break */
	size_t chars;     /* characters of the body, blanks not counted */
	bool para_start;
	bool claimed;     /* part of a move ... */
	size_t claim;     /* ... from here to end */
};

struct side {
	const unsigned char *s;
	size_t n;
	struct unit *u;
	size_t nu;
	unsigned char *in_edit; /* per unit: inside a changed region */
};

/* Blanks and line breaks from i; *breaks set when there is a '\n'. */
static size_t skip_blank(const unsigned char *s, size_t n, size_t i, bool *breaks)
{
	while (i < n) {
		ucs4_t c;
		size_t l = char_at(s, n, i, &c);
		if (c == '\n')
			*breaks = true;
		else if (!is_space(c))
			break;
		i += l;
	}
	return i;
}

/* The end of an enumeration marker at i (line start), or i when there is none:
 * 1. 1、 （1） (1) 1） （一） 一、 一是 一要 第一， ①. Enough to see a reordered list
 * as moved items; the outline has the full rules. */
static size_t marker_end(const unsigned char *s, size_t n, size_t i)
{
	size_t p = i, l;
	ucs4_t c, f;
	bool paren = false, num = false, di = false;

	if (p < n && (l = char_at(s, n, p, &c)) && (c == 0x2460 || (c > 0x2460 && c <= 0x2473)))
		return p + l; /* ① … ⑳ */
	if (p < n && (l = char_at(s, n, p, &c)) && (fold(c) == '(')) {
		paren = true;
		p += l;
	} else if (p < n && (l = char_at(s, n, p, &c)) && c == 0x7B2C /* 第 */) {
		di = true;
		p += l;
	}
	while (p < n && (l = char_at(s, n, p, &c)) && (is_digit(fold(c)) || is_cn_numeral(c)) &&
	       p - i < 12) {
		num = true;
		p += l;
	}
	if (!num || p >= n)
		return i;
	l = char_at(s, n, p, &c);
	f = fold(c);
	if (paren)
		return f == ')' ? p + l : i;
	if (f == ')' || c == 0x3001 /* 、 */ || f == '.' || f == ',' || f == ':')
		return p + l;
	if (!di && (c == 0x662F || c == 0x8981)) /* 是 要 */
		return p + l;
	return i;
}

static enum pz_status split_units(struct side *sd, struct intern *t, struct buf *key)
{
	const unsigned char *s = sd->s;
	size_t n = sd->n, cap = 0;
	bool breaks = true;
	size_t pos = skip_blank(s, n, 0, &breaks);
	breaks = true;

	while (pos < n) {
		if (sd->nu == cap) {
			size_t nc = cap ? cap * 2 : 256;
			struct unit *nu = realloc(sd->u, nc * sizeof(*nu));
			if (!nu)
				return PZ_NOMEM;
			sd->u = nu;
			cap = nc;
		}
		struct unit *u = &sd->u[sd->nu];
		u->start = pos;
		u->para_start = breaks;
		u->body = marker_end(s, n, pos);
		u->cend = sentence_end((const char *)s, n, pos);
		if (u->cend == pos) /* a lone '\n' cannot happen here; be safe */
			u->cend = pos + 1;
		breaks = false;
		u->end = skip_blank(s, n, u->cend, &breaks);
		u->claimed = false;
		/* the key of the content; the body's is its tail; a break makes the full one */
		key->n = 0;
		u->chars = 0;
		size_t before = 0;
		if (u->body > u->start) {
			if (!fold_into(key, s, n, u->start, u->body, NULL))
				return PZ_NOMEM;
			before = key->n;
		}
		if (!fold_into(key, s, n, u->body, u->cend, &u->chars))
			return PZ_NOMEM;
		if ((u->bid = intern_id(t, key->p + before, key->n - before)) == UINT32_MAX)
			return PZ_NOMEM;
		u->cid = u->id = u->bid;
		if (before && (u->cid = u->id = intern_id(t, key->p, key->n)) == UINT32_MAX)
			return PZ_NOMEM;
		if (breaks && (!buf_put(key, '\n') ||
		               (u->id = intern_id(t, key->p, key->n)) == UINT32_MAX))
			return PZ_NOMEM;
		sd->nu++;
		pos = u->end;
	}
	return PZ_OK;
}

/* ---- tokens ------------------------------------------------------------------------ */

enum tok_class { TOK_HAN, TOK_NUMBER, TOK_LATIN, TOK_MARK, TOK_BREAK, TOK_OTHER };

struct tok {
	size_t start, end;
	uint32_t id;
	uint32_t seg;          /* pieces of text not next to each other get different segs */
	unsigned char cls;
	bool ender;            /* a sentence-ending mark */
	uint32_t nch;          /* characters */
};

struct toks {
	struct tok *t;
	size_t n, cap;
};

static bool toks_add(struct toks *v, const struct tok *t)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 256;
		struct tok *p = realloc(v->t, nc * sizeof(*p));
		if (!p)
			return false;
		v->t = p;
		v->cap = nc;
	}
	v->t[v->n++] = *t;
	return true;
}

#define HAN_FIRST 0x4E00 /* the ideographs of the fast path of tokenize: U+4E00..U+9FFF */
#define HAN_COUNT (0xA000 - HAN_FIRST)

/* Splits s[from, to) into tokens appended to v (seg given), their folded keys
 * interned in t. Blanks make no token; a run of blanks holding line breaks makes
 * one TOK_BREAK. */
static enum pz_status tokenize(const unsigned char *s, size_t n, size_t from, size_t to,
                               uint32_t seg, struct intern *t, struct buf *key, struct toks *v)
{
	size_t i = from;
	if (!t->han && !(t->han = calloc(HAN_COUNT, sizeof(*t->han))))
		return PZ_NOMEM;
	while (i < to) {
		/* Most tokens: an ideograph alone, before another or ASCII (a grapheme break
		 * whatever follows: no combining mark can), keyed by its code point instead of
		 * folded, hashed and looked up; the same id as the long way gives it. */
		unsigned char c0 = s[i];
		if (c0 - 0xE4u < 6u && i + 3 <= to && ((s[i + 1] ^ 0x80u) | (s[i + 2] ^ 0x80u)) < 0x40u &&
		    (i + 3 == to || s[i + 3] < 0x80 || s[i + 3] - 0xE4u < 6u)) {
			ucs4_t c = (ucs4_t)(c0 & 0x0F) << 12 | (ucs4_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
			uint32_t *id = c >= HAN_FIRST ? &t->han[c - HAN_FIRST] : NULL;
			if (id && !*id) { /* its first time: a numeral goes the long way (with its
			                     neighbours), any other is its own key */
				uint32_t k = 0;
				if (!is_cn_numeral(c) && (k = intern_id(t, (const char *)s + i, 3)) == UINT32_MAX)
					return PZ_NOMEM;
				*id = is_cn_numeral(c) ? UINT32_MAX : k + 1;
			}
			if (id && *id != UINT32_MAX) {
				struct tok tk = { .start = i, .end = i + 3, .id = *id - 1, .seg = seg,
				                  .cls = TOK_HAN, .nch = 1 };
				if (!toks_add(v, &tk))
					return PZ_NOMEM;
				i += 3;
				continue;
			}
		}
		ucs4_t c, f;
		size_t l = char_at(s, n, i, &c);
		struct tok tk = { .start = i, .seg = seg, .nch = 1 };
		key->n = 0;
		if (c == '\n' || is_space(c)) {
			bool br = false;
			size_t e = skip_blank(s, to, i, &br);
			i = e;
			if (!br)
				continue;
			tk.end = e;
			tk.cls = TOK_BREAK;
			if (!buf_put(key, '\n'))
				return PZ_NOMEM;
		} else {
			f = fold(c);
			size_t e = i + l;
			if (!buf_put(key, f))
				return PZ_NOMEM;
			if (is_digit(f)) {
				/* 2025 6.5 1,000 ２０２５ */
				tk.cls = TOK_NUMBER;
				while (e < to) {
					ucs4_t c2, f2, c3 = 0;
					size_t l2 = char_at(s, n, e, &c2), l3 = 0;
					f2 = fold(c2);
					if (is_digit(f2)) {
						e += l2;
					} else if ((c2 == '.' || c2 == 0xFF0E || c2 == ',') && e + l2 < to &&
					           (l3 = char_at(s, n, e + l2, &c3)) && is_digit(fold(c3))) {
						if (!buf_put(key, f2))
							return PZ_NOMEM;
						f2 = fold(c3);
						e += l2 + l3;
						tk.nch++;
					} else {
						break;
					}
					if (!buf_put(key, f2))
						return PZ_NOMEM;
					tk.nch++;
				}
			} else if (is_cn_numeral(c)) {
				tk.cls = TOK_NUMBER;
				ucs4_t c2;
				size_t l2;
				while (e < to && (l2 = char_at(s, n, e, &c2)) && is_cn_numeral(c2)) {
					if (!buf_put(key, c2))
						return PZ_NOMEM;
					e += l2;
					tk.nch++;
				}
			} else if (is_latin(f)) {
				/* a Latin word, with digits after its first letter: G20 */
				tk.cls = TOK_LATIN;
				ucs4_t c2;
				size_t l2;
				while (e < to && (l2 = char_at(s, n, e, &c2)) &&
				       (is_latin(fold(c2)) || is_digit(fold(c2)))) {
					if (!buf_put(key, fold(c2)))
						return PZ_NOMEM;
					e += l2;
					tk.nch++;
				}
			} else {
				tk.cls = cjk_is_han(c) ? TOK_HAN
				       : (uc_is_general_category(c, UC_CATEGORY_P) ||
				          uc_is_general_category(c, UC_CATEGORY_S)) ? TOK_MARK
				                                                    : TOK_OTHER;
				tk.ender = is_ender(f);
				/* combining marks and variation selectors stay with their base */
				ucs4_t prev = c, c2;
				size_t l2;
				while (e < to && (l2 = char_at(s, n, e, &c2)) && !uc_is_grapheme_break(prev, c2)) {
					if (!buf_put(key, fold(c2)))
						return PZ_NOMEM;
					e += l2;
					tk.nch++;
					prev = c2;
				}
			}
			tk.end = e;
			i = e;
		}
		if ((tk.id = intern_id(t, key->p, key->n)) == UINT32_MAX || !toks_add(v, &tk))
			return PZ_NOMEM;
	}
	return PZ_OK;
}

/* ---- substance: what a change touches -------------------------------------------- */

/* Words that give a change substance when the change overlaps them, a list for each
 * thing they touch. A word that an exception covers does not count (要 in 重要, 不 in
 * 不断). */
/* Dates and deadlines: 年底前, 三季度. */
static const char *const date_words[] = {
	"年底", "年末", "年初", "年内", "年度", "月底", "月末", "月初", "上半年", "下半年",
	"季度", "上旬", "中旬", "下旬", "今年", "明年", "本月", "下月", "之前", "以前",
	"底前", "截至", "截止", "期限", "时限", "限期", NULL,
};

/* Who is told to act. */
static const char *const owner_words[] = {
	"牵头", "负责", "责任单位", "主管", "配合", "主办", "协办", NULL,
};

/* Commitment words. */
static const char *const commit_words[] = {
	"要", "必须", "务必", "确保", "力争", "争取", "应当", "应该", "一定", "坚决",
	"保证", "切实", "须", NULL,
};

/* Negations. */
/* Negations; the words of two characters count when a change touches either one:
 * 不得 → 不能 changes 得 alone, and changes a prohibition into an inability. */
static const char *const negation_words[] = {
	"不", "没", "无", "未", "非", "勿", "禁止", "严禁", "不得", "不能", "不准", "不许",
	"不可", "不宜", "不应", "不要", "不必", "无须", "无需", "未经", "杜绝", NULL,
};

static const struct {
	unsigned flag;
	const char *const *words;
} substance_words[] = {
	{ DIFF_SUBSTANCE(DATE), date_words },
	{ DIFF_SUBSTANCE(OWNER), owner_words },
	{ DIFF_SUBSTANCE(COMMIT), commit_words },
	{ DIFF_SUBSTANCE(NEGATION), negation_words },
};

static const char *const substance_exceptions[] = {
	"重要", "主要", "需要", "只要", "要素", "要点", "纲要", "摘要", "要害", "必要", "概要",
	"紧要", "要闻", "不断", "不仅", "不少", "不同", "不管", "不论", "不但", "不过", "无论",
	"非常", "未来", "否则", "不久", "无疑", "无数", "一定程度", "一定的", NULL,
};

/* Units told to act end with these (市教育局, 县委办, 有关部门); a change in the name
 * before one touches an owner. Exceptions: words that end alike. */
static const char *const owner_suffixes[] = {
	"部门", "部", "局", "委", "厅", "办", "院", "署", "政府", "中心", "单位", "公司",
	"集团", "街道", "小组", "办公室", NULL,
};
static const char *const owner_exceptions[] = {
	"全部", "部分", "内部", "外部", "局部", "部署", "局面", "大局", "格局", "全局", "委托",
	"办法", "办理", "举办", "创办", "开办", "承办", "督办", "办好", "办事", "中心工作",
	"中心任务", NULL,
};

/* Date units that make a number a date: 2025年, 6月, 30日. */
static const char *const date_units[] = { "年", "月", "日", "号", "季度", "旬", "周", "天", NULL };

static size_t prefix_at(const unsigned char *s, size_t n, size_t i, const char *w)
{
	if (i >= n || s[i] != (unsigned char)w[0]) /* most words fail here: no strlen */
		return 0;
	size_t k = strlen(w);
	return n - i >= k && memcmp(s + i, w, k) == 0 ? k : 0;
}

/* Whether an exception starting at or after lo covers s[p, p + len). */
static bool excepted(const unsigned char *s, size_t n, size_t lo, size_t p, size_t len,
                     const char *const *ex)
{
	for (; *ex; ex++) {
		size_t k = strlen(*ex);
		if (k < len)
			continue;
		size_t q = p + len - k < p + len && p + len >= k ? p + len - k : 0;
		for (q = q < lo ? lo : q; q <= p; q++)
			if (prefix_at(s, n, q, *ex))
				return true;
	}
	return false;
}

/* Back to a character boundary at or before i, not before lo. */
static size_t char_floor(const unsigned char *s, size_t lo, size_t i)
{
	while (i > lo && (s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* What counts a Chinese numeral as a figure: a classifier or unit after it. */
static const char *const numeral_units[] = {
	"个", "项", "条", "名", "人", "次", "倍", "成", "年", "月", "日", "季", "家", "所", "座",
	"套", "元", "亩", "吨", "户", "批", "天", "周", "类", "级", "期", "届", "公里", "平方",
	NULL,
};

/* A number token that is a figure: digits, or Chinese numerals of two characters or
 * more (三千, 二〇二五) or before a unit (三项, 五年); not the 一 of 一体化 or 统一. */
static bool is_figure(const unsigned char *s, size_t n, const struct tok *t)
{
	if (s[t->start] < 0x80 || t->nch >= 2 || (s[t->start] == 0xEF && s[t->start + 1] == 0xBC))
		return true;
	for (const char *const *u = numeral_units; *u; u++)
		if (prefix_at(s, n, t->end, *u))
			return true;
	return false;
}

/* The substance bits of s[a, b) with the few characters around it as context. */
static unsigned substance_of(const unsigned char *s, size_t n, size_t a, size_t b,
                             const struct toks *tk, size_t t0, size_t t1)
{
	unsigned f = 0;
	size_t lo = char_floor(s, 0, a >= 12 ? a - 12 : 0);
	size_t hi = b + 12 < n ? char_floor(s, 0, b + 12) : n;

	for (size_t i = t0; i < t1; i++) {
		if (tk->t[i].cls == TOK_NUMBER && is_figure(s, n, &tk->t[i]))
			f |= DIFF_SUBSTANCE(NUMBER);
		else if (prefix_at(s, n, tk->t[i].start, "%") || prefix_at(s, n, tk->t[i].start, "％") ||
		         prefix_at(s, n, tk->t[i].start, "‰"))
			f |= DIFF_SUBSTANCE(NUMBER);
	}
	/* a number with a date unit just before or after the change: 2025→2026 in 2025年 */
	if (t1 > t0 && (f & DIFF_SUBSTANCE(NUMBER))) {
		for (const char *const *u = date_units; *u; u++)
			if (prefix_at(s, n, b, *u))
				f |= DIFF_SUBSTANCE(DATE);
		for (size_t i = t0; i < t1; i++)
			for (const char *const *u = date_units; *u; u++)
				if (prefix_at(s, n, tk->t[i].start, *u))
					f |= DIFF_SUBSTANCE(DATE);
	}
	for (size_t p = lo; p < hi; p++) {
		if ((s[p] & 0xC0) == 0x80)
			continue;
		for (size_t g = 0; g < sizeof(substance_words) / sizeof(substance_words[0]); g++) {
			if (f & substance_words[g].flag)
				continue;
			for (const char *const *w = substance_words[g].words; *w; w++) {
				size_t k = prefix_at(s, hi, p, *w);
				if (k && p < b && p + k > a &&
				    !excepted(s, n, lo, p, k, substance_exceptions)) {
					f |= substance_words[g].flag;
					break;
				}
			}
		}
		/* an owner's name: the change, then Han characters up to a unit's suffix */
		if (!(f & DIFF_SUBSTANCE(OWNER)) && p >= a) {
			for (const char *const *x = owner_suffixes; *x; x++) {
				size_t k = prefix_at(s, hi, p, *x);
				if (!k || p + k <= a || excepted(s, n, lo, p, k, owner_exceptions))
					continue;
				bool han = true;
				for (size_t q = b; q < p && han;) {
					ucs4_t c;
					q += char_at(s, n, q, &c);
					han = cjk_is_han(c);
				}
				if (han && (p < b || p - b <= 12))
					f |= DIFF_SUBSTANCE(OWNER);
			}
		}
	}
	return f;
}

/* ---- the comparison ------------------------------------------------------------------ */

struct diff {
	struct diff_change *c;
	size_t n, cap;
};

struct ctx {
	struct side a, b;
	struct intern units;   /* unit keys */
	struct intern words;   /* token keys */
	struct buf key;
	struct toks ta, tb;
	diff *out;
};

static bool add_change(struct ctx *x, enum diff_kind kind, size_t os, size_t oe, size_t ns,
                       size_t ne, unsigned substance)
{
	diff *d = x->out;
	if (d->n == d->cap) {
		size_t nc = d->cap ? d->cap * 2 : 64;
		struct diff_change *p = realloc(d->c, nc * sizeof(*p));
		if (!p)
			return false;
		d->c = p;
		d->cap = nc;
	}
	d->c[d->n++] = (struct diff_change){ kind, os, oe, ns, ne, substance };
	return true;
}

/* Characters of tokens [i, j). */
static size_t tok_chars(const struct toks *v, size_t i, size_t j)
{
	size_t k = 0;
	for (; i < j; i++)
		k += v->t[i].nch;
	return k;
}

static bool all_class(const struct toks *v, size_t i, size_t j, enum tok_class cls)
{
	for (; i < j; i++)
		if (v->t[i].cls != cls)
			return false;
	return true;
}

/* An edit that changes figures only (2025 → 2026): kept apart from its neighbours. */
static bool figure_edit(const struct ctx *x, const struct diffseq_edit *e)
{
	return e->na && e->nb && all_class(&x->ta, e->a, e->a + e->na, TOK_NUMBER) &&
	       all_class(&x->tb, e->b, e->b + e->nb, TOK_NUMBER);
}

/* Whether the equal run a-tokens [i, j) may be folded into the edits around it. */
static bool mergeable(const struct ctx *x, size_t i, size_t j)
{
	for (size_t k = i; k < j; k++) {
		const struct tok *t = &x->ta.t[k];
		if (t->cls == TOK_BREAK || t->cls == TOK_NUMBER || t->ender ||
		    (k > i && t->seg != x->ta.t[k - 1].seg))
			return false;
	}
	return true;
}

/*
 * Short equal runs between two edits become part of one replacement when they are
 * no longer than the edits on either side (diff-match-patch's semantic cleanup):
 * 加强领导 → 强化领导 is one change, not a deletion of 加 and an insertion of 化.
 */
static size_t merge_edits(struct ctx *x, struct diffseq_edit *e, size_t n)
{
	bool again = true;
	while (again && n > 1) {
		again = false;
		for (size_t i = 0; i + 1 < n; i++) {
			struct diffseq_edit *l = &e[i], *r = &e[i + 1];
			size_t eq0 = l->a + l->na, eq1 = r->a;
			size_t eq = tok_chars(&x->ta, eq0, eq1);
			size_t lc = tok_chars(&x->ta, l->a, l->a + l->na);
			size_t lb = tok_chars(&x->tb, l->b, l->b + l->nb);
			size_t rc = tok_chars(&x->ta, r->a, r->a + r->na);
			size_t rb = tok_chars(&x->tb, r->b, r->b + r->nb);
			if (eq > (lc > lb ? lc : lb) || eq > (rc > rb ? rc : rb) ||
			    figure_edit(x, l) || figure_edit(x, r) || !mergeable(x, eq0, eq1))
				continue;
			if ((l->na && x->ta.t[l->a].seg != x->ta.t[eq0 ? eq0 - 1 : 0].seg))
				continue;
			l->na = r->a + r->na - l->a;
			l->nb = r->b + r->nb - l->b;
			memmove(r, r + 1, (n - i - 2) * sizeof(*r));
			n--;
			again = true;
		}
	}
	return n;
}

/* Whether an inserted or deleted run may end after token i (a sentence's end or a line
 * break) or begin after it. */
static bool closes(const struct toks *v, size_t i)
{
	return v->t[i].ender || v->t[i].cls == TOK_BREAK;
}

/*
 * An insertion or a deletion between equal tokens can often stand one or more tokens
 * earlier or later with the same result ("完成。[这段删了。]" or "完成[。这段删了]。"): it
 * is put where it holds whole sentences, ending after a sentence's end and starting
 * after one, as git's diff slides its hunks to blank lines (the indent heuristic).
 */
static void slide_edits(const struct ctx *x, struct diffseq_edit *e, size_t ne)
{
	for (size_t k = 0; k < ne; k++) {
		bool del = e[k].nb == 0;
		if ((e[k].na == 0) == del)
			continue; /* a replacement, or nothing */
		const struct toks *v = del ? &x->ta : &x->tb;
		size_t s0 = del ? e[k].a : e[k].b, len = del ? e[k].na : e[k].nb, o0 = del ? e[k].b : e[k].a;
		size_t lo_s = k ? (del ? e[k - 1].a + e[k - 1].na : e[k - 1].b + e[k - 1].nb) : 0;
		size_t lo_o = k ? (del ? e[k - 1].b + e[k - 1].nb : e[k - 1].a + e[k - 1].na) : 0;
		size_t hi_s = k + 1 < ne ? (del ? e[k + 1].a : e[k + 1].b) : v->n;
		size_t hi_o = k + 1 < ne ? (del ? e[k + 1].b : e[k + 1].a) : (del ? x->tb.n : x->ta.n);
		size_t a = s0, o = o0;
		while (a > lo_s && o > lo_o && v->t[a - 1].id == v->t[a + len - 1].id &&
		       v->t[a - 1].seg == v->t[a + len - 1].seg)
			a--, o--;
		size_t best = s0, best_o = o0;
		int best_score = -1;
		for (;;) {
			int score = 2 * closes(v, a + len - 1) + (a == 0 || closes(v, a - 1));
			if (score > best_score || (score == best_score && a <= s0)) {
				best = a;
				best_o = o;
				best_score = score;
			}
			if (a + len >= hi_s || o >= hi_o || v->t[a].id != v->t[a + len].id ||
			    v->t[a].seg != v->t[a + len].seg)
				break;
			a++, o++;
		}
		if (del) {
			e[k].a = best;
			e[k].b = best_o;
		} else {
			e[k].b = best;
			e[k].a = best_o;
		}
	}
}

/* Where a change that is empty on one side stands: before token i of v, or at end
 * when there is none after it. */
static size_t pos_before(const struct toks *v, size_t i, size_t end)
{
	return i < v->n ? v->t[i].start : v->n ? v->t[v->n - 1].end : end;
}

/* The folded text of tokens [i, j) of v over s into k. */
static bool folded(const unsigned char *s, size_t n, const struct toks *v, size_t i, size_t j,
                   struct buf *k)
{
	k->n = 0;
	for (; i < j; i++)
		if (!fold_into(k, s, n, v->t[i].start, v->t[i].end, NULL))
			return false;
	return true;
}

/* Whether a-tokens [a0, a1) and b-tokens [b0, b1) spell the same once folded (1,000
 * and 1，000 are tokenized apart but differ in form only). */
static bool same_keys(struct ctx *x, size_t a0, size_t a1, size_t b0, size_t b1)
{
	struct buf pb = { 0 };
	bool same = folded(x->a.s, x->a.n, &x->ta, a0, a1, &x->key) &&
	            folded(x->b.s, x->b.n, &x->tb, b0, b1, &pb) && x->key.n == pb.n &&
	            (pb.n == 0 || memcmp(x->key.p, pb.p, pb.n) == 0);
	free(pb.p);
	return same;
}

/* Emits one edit of tokens: a-tokens [a0, a1) became b-tokens [b0, b1). */
static bool emit_edit(struct ctx *x, size_t a0, size_t a1, size_t b0, size_t b1, size_t aend,
                      size_t bend)
{
	const struct toks *ta = &x->ta, *tb = &x->tb;
	/* line breaks at either end are layout, unless they are all there is */
	size_t A0 = a0, A1 = a1, B0 = b0, B1 = b1;
	while (A0 < A1 && ta->t[A0].cls == TOK_BREAK) A0++;
	while (A1 > A0 && ta->t[A1 - 1].cls == TOK_BREAK) A1--;
	while (B0 < B1 && tb->t[B0].cls == TOK_BREAK) B0++;
	while (B1 > B0 && tb->t[B1 - 1].cls == TOK_BREAK) B1--;
	if (A0 == A1 && B0 == B1) {
		size_t os = a0 < a1 ? ta->t[a0].start : pos_before(ta, a0, aend);
		size_t oe = a0 < a1 ? ta->t[a1 - 1].end : os;
		size_t ns = b0 < b1 ? tb->t[b0].start : pos_before(tb, b0, bend);
		size_t ne = b0 < b1 ? tb->t[b1 - 1].end : ns;
		return add_change(x, DIFF_FORM, os, oe, ns, ne, 0);
	}
	if (A0 == A1) { /* the a side was breaks only: stand where the b text now starts */
		A0 = A1 = a0 < a1 && B0 > b0 ? a1 : a0;
	}
	if (B0 == B1)
		B0 = B1 = b0 < b1 && A0 > a0 ? b1 : b0;
	size_t os = A0 < A1 ? ta->t[A0].start : pos_before(ta, A0, aend);
	size_t oe = A0 < A1 ? ta->t[A1 - 1].end : os;
	size_t ns = B0 < B1 ? tb->t[B0].start : pos_before(tb, B0, bend);
	size_t ne = B0 < B1 ? tb->t[B1 - 1].end : ns;
	enum diff_kind kind = A0 == A1 ? DIFF_INSERT : B0 == B1 ? DIFF_DELETE : DIFF_REPLACE;
	unsigned sub = 0;
	if (kind == DIFF_REPLACE && same_keys(x, A0, A1, B0, B1)) {
		kind = DIFF_FORM;
	} else {
		if (A0 < A1)
			sub |= substance_of(x->a.s, x->a.n, os, oe, ta, A0, A1);
		if (B0 < B1)
			sub |= substance_of(x->b.s, x->b.n, ns, ne, tb, B0, B1);
	}
	return add_change(x, kind, os, oe, ns, ne, sub);
}

/* Equal tokens that differ in form: a-tokens [a0, a1) equal b-tokens [b0, ...). */
static bool emit_forms(struct ctx *x, size_t a0, size_t a1, size_t b0)
{
	size_t run = SIZE_MAX;
	for (size_t i = a0, j = b0; i <= a1; i++, j++) {
		bool differs = false;
		if (i < a1) {
			const struct tok *p = &x->ta.t[i], *q = &x->tb.t[j];
			differs = p->cls != TOK_BREAK &&
			          (p->end - p->start != q->end - q->start ||
			           memcmp(x->a.s + p->start, x->b.s + q->start, p->end - p->start) != 0);
			if (differs && run != SIZE_MAX && x->ta.t[i - 1].seg != p->seg) {
				/* a gap: close the run before it */
				if (!add_change(x, DIFF_FORM, x->ta.t[run].start, x->ta.t[i - 1].end,
				                x->tb.t[b0 + (run - a0)].start, x->tb.t[j - 1].end, 0))
					return false;
				run = SIZE_MAX;
			}
		}
		if (differs && run == SIZE_MAX)
			run = i;
		if (!differs && run != SIZE_MAX) {
			if (!add_change(x, DIFF_FORM, x->ta.t[run].start, x->ta.t[i - 1].end,
			                x->tb.t[b0 + (run - a0)].start, x->tb.t[j - 1].end, 0))
				return false;
			run = SIZE_MAX;
		}
	}
	return true;
}

/* Compares the tokens now in x->ta and x->tb (one region) and emits the changes.
 * aend, bend: where the region ends in each text (for changes at its very end). */
static enum pz_status compare_tokens(struct ctx *x, size_t aend, size_t bend)
{
	size_t na = x->ta.n, nb = x->tb.n;
	uint32_t *ia = malloc((na ? na : 1) * sizeof(*ia));
	uint32_t *ib = malloc((nb ? nb : 1) * sizeof(*ib));
	struct diffseq_edit *e = NULL;
	size_t ne = 0;
	enum pz_status st = PZ_NOMEM;
	if (!ia || !ib)
		goto done;
	for (size_t i = 0; i < na; i++)
		ia[i] = x->ta.t[i].id;
	for (size_t i = 0; i < nb; i++)
		ib[i] = x->tb.t[i].id;
	if ((st = diffseq_run(ia, na, ib, nb, x->words.count, &e, &ne)) != PZ_OK)
		goto done;
	slide_edits(x, e, ne); /* before merging: an edit that slid to a sentence's end is
	                          no longer merged with one across that end */
	ne = merge_edits(x, e, ne);
	st = PZ_NOMEM;
	size_t pa = 0, pb = 0;
	for (size_t k = 0; k <= ne; k++) {
		size_t ea = k < ne ? e[k].a : na;
		if (!emit_forms(x, pa, ea, pb))
			goto done;
		if (k == ne)
			break;
		/* an edit spanning pieces that are not next to each other is cut there */
		size_t a0 = e[k].a, a1 = a0 + e[k].na, b0 = e[k].b, b1 = b0 + e[k].nb;
		while (a0 < a1 || b0 < b1) {
			size_t ca = a0, cb = b0;
			while (ca < a1 && (ca == a0 || x->ta.t[ca].seg == x->ta.t[ca - 1].seg))
				ca++;
			while (cb < b1 && (cb == b0 || x->tb.t[cb].seg == x->tb.t[cb - 1].seg))
				cb++;
			if (!emit_edit(x, a0, ca, b0, cb, aend, bend))
				goto done;
			a0 = ca;
			b0 = cb;
		}
		pa = e[k].a + e[k].na;
		pb = e[k].b + e[k].nb;
	}
	st = PZ_OK;
done:
	free(ia);
	free(ib);
	free(e);
	return st;
}

/* Tokens of units [u0, u1) of a side into v, leaving out what moves claimed. */
static enum pz_status tokens_of_units(struct ctx *x, const struct side *sd, size_t u0,
                                      size_t u1, struct toks *v)
{
	v->n = 0;
	uint32_t seg = 0;
	for (size_t k = u0; k < u1; k++) {
		const struct unit *u = &sd->u[k];
		size_t to = u->claimed ? u->claim : u->end;
		if (u->claimed)
			seg++;
		enum pz_status st = tokenize(sd->s, sd->n, u->start, to, seg, &x->words, &x->key, v);
		if (st != PZ_OK)
			return st;
		if (u->claimed)
			seg++;
	}
	return PZ_OK;
}

/* The byte where unit k of a side starts (its text end past the last). */
static size_t unit_pos(const struct side *sd, size_t k)
{
	return k < sd->nu ? sd->u[k].start : sd->nu ? sd->u[sd->nu - 1].cend : 0;
}

/*
 * Moves: runs of whole sentences deleted in one place and inserted in another with the
 * same folded text (the first one's enumeration marker may differ), longest first
 * from each inserted sentence, at least DIFF_MOVE_MIN characters.
 */
static enum pz_status find_moves(struct ctx *x, const struct diffseq_edit *e, size_t ne)
{
	struct side *A = &x->a, *B = &x->b;
	size_t *head = malloc((x->units.count ? x->units.count : 1) * sizeof(*head));
	size_t *next = malloc((A->nu ? A->nu : 1) * sizeof(*next));
	if (!head || !next) {
		free(head);
		free(next);
		return PZ_NOMEM;
	}
	for (uint32_t i = 0; i < x->units.count; i++)
		head[i] = SIZE_MAX;
	for (size_t k = ne; k-- > 0;)
		for (size_t i = e[k].a + e[k].na; i-- > e[k].a;) {
			next[i] = head[A->u[i].bid];
			head[A->u[i].bid] = i;
		}
	enum pz_status st = PZ_OK;
	for (size_t k = 0; k < ne && st == PZ_OK; k++) {
		for (size_t j = e[k].b; j < e[k].b + e[k].nb; j++) {
			if (B->u[j].claimed)
				continue;
			size_t best = SIZE_MAX, best_len = 0, best_chars = 0;
			for (size_t i = head[B->u[j].bid]; i != SIZE_MAX; i = next[i]) {
				if (A->u[i].claimed)
					continue;
				/* the sentence in the same place of the same changed region is
				 * edited (its marker renumbered), not moved */
				if (i >= e[k].a && i - e[k].a == j - e[k].b)
					continue;
				size_t len = 0, chars = 0;
				while (j + len < B->nu && i + len < A->nu && B->in_edit[j + len] &&
				       A->in_edit[i + len] && !B->u[j + len].claimed &&
				       !A->u[i + len].claimed &&
				       (len == 0 || (B->u[j + len].cid == A->u[i + len].cid &&
				                     !B->u[j + len].para_start == !A->u[i + len].para_start))) {
					chars += B->u[j + len].chars;
					len++;
				}
				if (len > best_len) {
					best = i;
					best_len = len;
					best_chars = chars;
				}
			}
			if (best == SIZE_MAX || best_chars < DIFF_MOVE_MIN)
				continue;
			/* the marker moves along when it is the same (1. stays 1.), else it
			 * stays for the numbering around it (a reordered list) */
			bool whole = A->u[best].cid == B->u[j].cid;
			for (size_t t = 0; t < best_len; t++) {
				struct unit *ua = &A->u[best + t], *ub = &B->u[j + t];
				ua->claimed = ub->claimed = true;
				ua->claim = t || whole ? ua->start : ua->body;
				ub->claim = t || whole ? ub->start : ub->body;
			}
			const struct unit *fa = &A->u[best], *la = &A->u[best + best_len - 1];
			const struct unit *fb = &B->u[j], *lb = &B->u[j + best_len - 1];
			if (!add_change(x, DIFF_MOVE, fa->claim, la->cend, fb->claim, lb->cend, 0)) {
				st = PZ_NOMEM;
				break;
			}
			/* changes of form inside the moved text */
			if (la->cend - fa->claim == lb->cend - fb->claim &&
			    memcmp(A->s + fa->claim, B->s + fb->claim, la->cend - fa->claim) == 0) {
				j += best_len - 1;
				continue;
			}
			x->ta.n = x->tb.n = 0;
			if ((st = tokenize(A->s, A->n, fa->claim, la->cend, 0, &x->words, &x->key, &x->ta)) ||
			    (st = tokenize(B->s, B->n, fb->claim, lb->cend, 0, &x->words, &x->key, &x->tb)) ||
			    (st = compare_tokens(x, la->cend, lb->cend)))
				break;
			j += best_len - 1;
		}
	}
	free(head);
	free(next);
	return st;
}

static int cmp_change(const void *p, const void *q)
{
	const struct diff_change *a = p, *b = q;
	if (a->new_start != b->new_start)
		return a->new_start < b->new_start ? -1 : 1;
	if (a->old_start != b->old_start)
		return a->old_start < b->old_start ? -1 : 1;
	return (int)a->kind - (int)b->kind;
}

static enum pz_status compare(struct ctx *x)
{
	enum pz_status st;
	if ((st = split_units(&x->a, &x->units, &x->key)) != PZ_OK ||
	    (st = split_units(&x->b, &x->units, &x->key)) != PZ_OK)
		return st;
	x->a.in_edit = calloc(x->a.nu ? x->a.nu : 1, 1);
	x->b.in_edit = calloc(x->b.nu ? x->b.nu : 1, 1);
	if (!x->a.in_edit || !x->b.in_edit)
		return PZ_NOMEM;
	uint32_t *ia = malloc((x->a.nu ? x->a.nu : 1) * sizeof(*ia));
	uint32_t *ib = malloc((x->b.nu ? x->b.nu : 1) * sizeof(*ib));
	struct diffseq_edit *e = NULL;
	size_t ne = 0;
	st = PZ_NOMEM;
	if (!ia || !ib)
		goto done;
	for (size_t i = 0; i < x->a.nu; i++)
		ia[i] = x->a.u[i].id;
	for (size_t i = 0; i < x->b.nu; i++)
		ib[i] = x->b.u[i].id;
	if ((st = diffseq_run(ia, x->a.nu, ib, x->b.nu, x->units.count, &e, &ne)) != PZ_OK)
		goto done;
	for (size_t k = 0; k < ne; k++) {
		memset(x->a.in_edit + e[k].a, 1, e[k].na);
		memset(x->b.in_edit + e[k].b, 1, e[k].nb);
	}
	if ((st = find_moves(x, e, ne)) != PZ_OK)
		goto done;
	/* the regions that differ, token by token; and equal sentences written otherwise */
	size_t pa = 0, pb = 0;
	for (size_t k = 0; k <= ne; k++) {
		size_t ea = k < ne ? e[k].a : x->a.nu;
		for (; pa < ea; pa++, pb++) {
			const struct unit *u = &x->a.u[pa], *w = &x->b.u[pb];
			if (u->cend - u->start == w->cend - w->start &&
			    memcmp(x->a.s + u->start, x->b.s + w->start, u->cend - u->start) == 0)
				continue;
			x->ta.n = x->tb.n = 0;
			if ((st = tokenize(x->a.s, x->a.n, u->start, u->cend, 0, &x->words, &x->key, &x->ta)) ||
			    (st = tokenize(x->b.s, x->b.n, w->start, w->cend, 0, &x->words, &x->key, &x->tb)) ||
			    (st = compare_tokens(x, u->cend, w->cend)))
				goto done;
		}
		if (k == ne)
			break;
		if ((st = tokens_of_units(x, &x->a, e[k].a, e[k].a + e[k].na, &x->ta)) ||
		    (st = tokens_of_units(x, &x->b, e[k].b, e[k].b + e[k].nb, &x->tb)))
			goto done;
		size_t aend = unit_pos(&x->a, e[k].a + e[k].na), bend = unit_pos(&x->b, e[k].b + e[k].nb);
		if (x->ta.n == 0 && x->tb.n == 0)
			;
		else if ((st = compare_tokens(x, aend, bend)) != PZ_OK)
			goto done;
		pa = e[k].a + e[k].na;
		pb = e[k].b + e[k].nb;
	}
	if (x->out->n > 1)
		qsort(x->out->c, x->out->n, sizeof(*x->out->c), cmp_change);
	st = PZ_OK;
done:
	free(ia);
	free(ib);
	free(e);
	return st;
}

enum pz_status diff_new(const char *o, size_t on, const char *n, size_t nn, diff **out)
{
	struct ctx x = { .a = { (const unsigned char *)o, on, NULL, 0, NULL },
	                 .b = { (const unsigned char *)n, nn, NULL, 0, NULL } };
	*out = NULL;
	x.out = calloc(1, sizeof(*x.out));
	enum pz_status st = x.out ? compare(&x) : PZ_NOMEM;
	free(x.a.u);
	free(x.b.u);
	free(x.a.in_edit);
	free(x.b.in_edit);
	free(x.ta.t);
	free(x.tb.t);
	free(x.key.p);
	intern_release(&x.units);
	intern_release(&x.words);
	if (st != PZ_OK) {
		diff_free(x.out);
		return st;
	}
	*out = x.out;
	return PZ_OK;
}

void diff_free(diff *d)
{
	if (!d)
		return;
	free(d->c);
	free(d);
}

size_t diff_count(const diff *d) { return d->n; }
const struct diff_change *diff_at(const diff *d, size_t i) { return &d->c[i]; }

const char *diff_kind_name(enum diff_kind k)
{
	static const char *const names[] = {
#define DIFF_KIND_NAME(id, name) name,
		DIFF_KIND_LIST(DIFF_KIND_NAME)
#undef DIFF_KIND_NAME
	};
	return (unsigned)k < DIFF_KIND_COUNT ? names[k] : "";
}

const char *diff_substance_name(unsigned bit)
{
	static const char *const names[] = {
#define DIFF_SUBSTANCE_NAME(id, name) name,
		DIFF_SUBSTANCE_LIST(DIFF_SUBSTANCE_NAME)
#undef DIFF_SUBSTANCE_NAME
	};
	return bit < DIFF_SUBSTANCE_COUNT ? names[bit] : "";
}

size_t diff_changed_chars(const diff *d, const char *o, const char *n)
{
	size_t k = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_change *c = &d->c[i];
		size_t a = utf8_count(o + c->old_start, c->old_end - c->old_start);
		size_t b = utf8_count(n + c->new_start, c->new_end - c->new_start);
		k += c->kind == DIFF_MOVE ? b : a + b;
	}
	return k;
}

/* Spaces and line breaks, which the comparison passes over. */
static bool map_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether c is a change inside the moved text m (a change of form in it). */
static bool map_inside_move(const struct diff_change *c, const struct diff_change *m)
{
	return c != m && c->old_start >= m->old_start && c->old_end <= m->old_end &&
	       c->new_start >= m->new_start && c->new_end <= m->new_end;
}

static bool map_in_a_move(const diff *d, const struct diff_change *c)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->c[i].kind == DIFF_MOVE && map_inside_move(c, &d->c[i]))
			return true;
	return false;
}

/* The moved text [s, e) of t[0, n) with the line breaks that went with it: those after
 * it, or before it when there are none after. */
static void map_move_span(const char *t, size_t n, size_t *s, size_t *e)
{
	size_t b = *e;
	while (b < n && map_space(t[b]))
		b++;
	if (b > *e) {
		*e = b;
		return;
	}
	while (*s > 0 && map_space(t[*s - 1]))
		(*s)--;
}

size_t diff_map_offset(const diff *d, const char *o, size_t on, const char *n, size_t nn,
                       size_t off)
{
	/* inside moved text: where it went, less what the changes of form in it before
	 * off took or added */
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_change *m = &d->c[i];
		if (m->kind != DIFF_MOVE || off < m->old_start || off >= m->old_end)
			continue;
		size_t p = m->new_start + (off - m->old_start);
		for (size_t j = 0; j < d->n; j++) {
			const struct diff_change *f = &d->c[j];
			if (!map_inside_move(f, m))
				continue;
			if (off >= f->old_start && off < f->old_end)
				return f->new_start;
			if (f->old_end <= off)
				p = p + (f->new_end - f->new_start) - (f->old_end - f->old_start);
		}
		return p >= m->new_start && p < m->new_end ? p : m->new_start;
	}
	/* the change ending nearest before off gives the place: the text from its end to
	 * off is equal in both, but for the spaces and line breaks right after it and the
	 * text moved away from there or to there */
	const struct diff_change *last = NULL;
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_change *c = &d->c[i];
		if (c->kind == DIFF_MOVE || map_in_a_move(d, c))
			continue;
		if (off >= c->old_start && off < c->old_end)
			return c->new_start;
		if (c->old_end <= off && (!last || c->old_end > last->old_end ||
		                          (c->old_end == last->old_end && c->new_end > last->new_end)))
			last = c;
	}
	size_t oe = last ? last->old_end : 0, ne = last ? last->new_end : 0;
	size_t os = oe, ns = ne;
	while (os < on && map_space(o[os]))
		os++;
	while (ns < nn && map_space(n[ns]))
		ns++;
	size_t p = off >= os ? ns + (off - os) : ne + (off - oe);
	/* the text moved away between there and off */
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_change *m = &d->c[i];
		if (m->kind != DIFF_MOVE)
			continue;
		size_t s = m->old_start, e = m->old_end;
		map_move_span(o, on, &s, &e);
		if (off >= m->old_end && off < e) /* on the line breaks after it */
			return m->new_end < nn ? m->new_end : nn;
		if (s >= oe && e <= off)
			p = p > e - s ? p - (e - s) : 0;
	}
	/* the text moved there, in the order it comes */
	for (size_t from = ne;;) {
		const struct diff_change *next = NULL;
		size_t ns0 = 0, ne0 = 0;
		for (size_t i = 0; i < d->n; i++) {
			const struct diff_change *m = &d->c[i];
			if (m->kind != DIFF_MOVE)
				continue;
			size_t s = m->new_start, e = m->new_end;
			map_move_span(n, nn, &s, &e);
			if (m->new_start >= from && s <= p && (!next || m->new_start < next->new_start)) {
				next = m;
				ns0 = s;
				ne0 = e;
			}
		}
		if (!next)
			break;
		p += ne0 - ns0;
		from = next->new_end;
	}
	/* not on a line break the old text did not have there */
	if (off < on && !map_space(o[off]))
		while (p < nn && map_space(n[p]))
			p++;
	return p < nn ? p : nn;
}

size_t diff_follow_passage(const diff *d, const char *o, size_t on, const char *n, size_t nn,
                           size_t start, size_t end)
{
	size_t hint = diff_map_offset(d, o, on, n, nn, start);
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_change *m = &d->c[i];
		if (m->kind != DIFF_MOVE || start < m->old_start || start >= m->old_end)
			continue;
		/* where the passage went, less what the changes of form in it before start
		 * took or added */
		size_t p = m->new_start + (start - m->old_start);
		for (size_t j = 0; j < d->n; j++) {
			const struct diff_change *f = &d->c[j];
			if (f->kind == DIFF_FORM && f->old_start >= m->old_start && f->old_end <= start &&
			    f->new_start >= m->new_start && f->new_end <= m->new_end)
				p = p + (f->new_end - f->new_start) - (f->old_end - f->old_start);
		}
		hint = p >= m->new_start && p < m->new_end ? p : m->new_start;
		break;
	}
	/* word for word: the occurrence nearest the hint */
	size_t len = end > start && end <= on ? end - start : 0, best = SIZE_MAX;
	for (size_t k = 0; len && k + len <= nn;) {
		const char *f = memmem(n + k, nn - k, o + start, len);
		if (!f)
			break;
		size_t at = (size_t)(f - n);
		if (best == SIZE_MAX || (at > hint ? at - hint : hint - at) < (best > hint ? best - hint : hint - best))
			best = at;
		if (at > hint)
			break; /* the ones further on are further away */
		k = at + 1;
	}
	return best != SIZE_MAX ? best : hint;
}
