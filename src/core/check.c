/* Drafting slips, one function per kind over the text and its outline, each with its
 * words as tables: what a reviewer marks in red before a speech is read out. */
#include "pizhu/check.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "pizhu/cjk.h"
#include "pizhu/date.h"
#include "pizhu/diffwrite.h"
#include "pizhu/i18n.h"
#include "pizhu/placeholder.h"
#include "pizhu/utf8.h"

struct found {
	struct check_item *v;
	size_t n, cap;
	bool nomem;
};

static void add(struct found *f, enum check_kind kind, size_t start, size_t end,
                const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

static void add(struct found *f, enum check_kind kind, size_t start, size_t end,
                const char *fmt, ...)
{
	if (f->nomem)
		return;
	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 32;
		struct check_item *p = realloc(f->v, nc * sizeof(*p));
		if (!p) {
			f->nomem = true;
			return;
		}
		f->v = p;
		f->cap = nc;
	}
	struct check_item *it = &f->v[f->n++];
	it->kind = kind;
	it->start = start;
	it->end = end;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(it->message, sizeof(it->message), fmt, ap);
	va_end(ap);
	/* a cut message must not end inside a character */
	size_t len = strlen(it->message);
	while (len && u8_check((const uint8_t *)it->message, len))
		it->message[--len] = '\0';
}

/* ---- characters ------------------------------------------------------------------ */

/* The character at i and its length (utf8.h); 0 and 0 at the end. */
static size_t char_at(const unsigned char *s, size_t n, size_t i, ucs4_t *c)
{
	size_t len = 0;
	*c = i < n ? utf8_get((const char *)s, n, i, &len) : 0;
	return len;
}

/* The start of the character before i (lo when i is lo). */
static size_t prev_char(const unsigned char *s, size_t lo, size_t i)
{
	return utf8_prev((const char *)s, lo, i);
}

static ucs4_t char_before(const unsigned char *s, size_t n, size_t lo, size_t i)
{
	size_t at;
	(void)n;
	return utf8_before((const char *)s, lo, i, &at);
}

/* Chinese punctuation: CJK symbols and full-width forms, “” ‘’ — …. */
static bool is_cjk_punct(ucs4_t c)
{
	return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
	       (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
	       (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x2018 && c <= 0x201F) || c == 0x2014 ||
	       c == 0x2026;
}

static bool is_ascii_alnum(ucs4_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t lit_at(const unsigned char *s, size_t n, size_t i, const char *w)
{
	size_t k = strlen(w);
	return i <= n && n - i >= k && memcmp(s + i, w, k) == 0 ? k : 0;
}

static size_t any_at(const unsigned char *s, size_t n, size_t i, const char *const *ws)
{
	for (; *ws; ws++) {
		size_t k = lit_at(s, n, i, *ws);
		if (k)
			return k;
	}
	return 0;
}

/* ---- numbers ---------------------------------------------------------------------- */

/* A Chinese digit of a date (cjk.h's, with ○ written for 〇; 两 is no digit of one). */
static int cn_digit(ucs4_t c)
{
	return c == 0x25CB ? 0 : c == 0x4E24 ? -1 : cjk_numeral_digit(c);
}

/*
 * A number at i: digits (either width) or Chinese numerals up to 99 (十二, 二十四,
 * 三十一) or a year of Chinese digits (二〇二四). Sets *value and returns the end, or
 * i when there is none. max_digits bounds the digits read.
 */
static size_t number_at(const unsigned char *s, size_t n, size_t i, int max_digits, int *value)
{
	size_t p = i, l;
	ucs4_t c;
	int v = 0, nd = 0;
	while ((l = char_at(s, n, p, &c)) && cjk_digit(c) >= 0 && nd < max_digits + 1) {
		v = v * 10 + cjk_digit(c);
		p += l;
		nd++;
	}
	if (nd) {
		if (nd > max_digits)
			return i;
		*value = v;
		return p;
	}
	/* Chinese: digits in a row (a year), or with 十 (a day) */
	int tens = -1, d;
	while ((l = char_at(s, n, p, &c)) && ((d = cn_digit(c)) >= 0 || c == 0x5341 /* 十 */)) {
		if (c == 0x5341) {
			if (tens >= 0)
				return i;
			tens = v ? v : 1;
			v = 0;
		} else {
			v = v * 10 + d;
		}
		p += l;
		if (++nd > max_digits)
			return i;
	}
	if (!nd)
		return i;
	*value = tens >= 0 ? tens * 10 + v : v;
	return p;
}

/* The number that ends right before i: its start and value, or i when none. */
static size_t number_before(const unsigned char *s, size_t n, size_t lo, size_t i,
                            int max_digits, int *value)
{
	size_t best = i, p = i;
	for (int k = 0; k <= max_digits && p > lo; k++) {
		p = prev_char(s, lo, p);
		int v;
		if (number_at(s, n, p, max_digits, &v) == i) {
			best = p;
			*value = v;
		}
	}
	return best;
}

/* Days in month m of year y; without a year, February may have its 29th. */
static int days_in(int y, int m)
{
	return m == 2 && !y ? 29 : date_days_in(y, m);
}

static const char *const weekday_name[] = { "日", "一", "二", "三", "四", "五", "六" };
/* what a date's weekday is, in a finding's message */
static const char *const weekday_said[] = {
	N_("Sunday (星期日)"), N_("Monday (星期一)"), N_("Tuesday (星期二)"), N_("Wednesday (星期三)"),
	N_("Thursday (星期四)"), N_("Friday (星期五)"), N_("Saturday (星期六)"),
};

/* ---- where a position is: its speech and its date ------------------------------- */

/* The date of the speech holding byte off: the document's own date (detect_date_of:
 * its date line, an issuing or signed date, else opt's date). */
static struct date date_at(const doc *d, const outline *o, const struct check_options *opt,
                           size_t off)
{
	struct detect_options dopt = { .date = opt->date, .threads = 1 };
	size_t ns = outline_speech_count(o), at = 0;
	for (size_t i = 0; i < ns; i++) {
		const struct outline_speech *sp = outline_speech_at(o, i);
		if (sp->para_first >= outline_para_count(o) ||
		    outline_para_at(o, sp->para_first)->start > off)
			break;
		at = i;
	}
	return ns ? detect_date_of(d, o, at, &dopt) : opt->date;
}

/* ---- placeholders ---------------------------------------------------------------------- */

static void check_placeholders(const unsigned char *s, size_t n, struct found *f)
{
	size_t from = 0, a, b;
	while (placeholder_next((const char *)s, n, from, &a, &b)) {
		add(f, CHECK_PLACEHOLDER, a, b, _("placeholder left in: '%.*s'"), (int)(b - a), s + a);
		from = b;
	}
}

/* ---- numbering ----------------------------------------------------------------------- */

struct nref {
	size_t parent;
	int family;
	size_t index;
};

static int cmp_nref(const void *x, const void *y)
{
	const struct nref *a = x, *b = y;
	if (a->parent != b->parent)
		return a->parent < b->parent ? -1 : 1;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* The starts of the enumerators the inline check judged (in runs of two or more),
 * which it sees better than the outline: the outline leaves out the ones that do not
 * follow (一是 一是 三是 keeps two), so the outline's check passes them over. */
struct covered {
	size_t *at;
	size_t n, cap;
};

static int cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

/* One enumerator of a run: its number and its marker's bytes. */
struct enumr {
	int num;
	size_t at, len;
};

/*
 * The slips of one run of enumerators of one family at one level, in text order.
 * Each is judged against both the one before and the count so far, so that one
 * mistyped number is one finding: 1. 2. 2. 4. says the second 2. and not the 4., and
 * 1. 2. 4. 4. the first 4. A 1 starts a new list (1. 2. 3. then 1. 2.), unless it
 * follows a lone 1 (1. 1. 3.: a repeat) or the list goes on past it as if it were not
 * there (1. 2. 1. 4.: the 1 is the slip).
 */
static void judge_run(struct found *f, const unsigned char *s, const struct enumr *v, size_t k)
{
	if (k < 2)
		return;
	int expect = v[0].num + 1;
	for (size_t i = 1; i < k; i++) {
		int pv = v[i - 1].num, cv = v[i].num;
		if (cv == expect || cv == pv + 1) {
			expect = cv + 1;
			continue;
		}
		if (cv == 1 && pv != 1 && !(i + 1 < k && v[i + 1].num == expect + 1)) {
			expect = 2; /* a new list */
			continue;
		}
		/* whole sentences, for the translations */
		const char *what = cv == pv ? _("numbering repeats: '%.*s' after '%.*s'")
		                   : cv < pv ? _("numbering goes back: '%.*s' after '%.*s'")
		                             : _("numbering skips: '%.*s' after '%.*s'");
		add(f, CHECK_NUMBERING, v[i].at, v[i].at + v[i].len, what, (int)v[i].len, s + v[i].at,
		    (int)v[i - 1].len, s + v[i - 1].at);
		expect++;
	}
}

/* Markers the outline accepted: siblings of one family under one parent in order. */
static void check_nodes(const unsigned char *s, const outline *o, const struct covered *cv,
                        struct found *f)
{
	size_t nn = outline_node_count(o), k = 0;
	struct nref *v = malloc((nn ? nn : 1) * sizeof(*v));
	struct enumr *run = malloc((nn ? nn : 1) * sizeof(*run));
	if (!v || !run) {
		free(v);
		free(run);
		f->nomem = true;
		return;
	}
	for (size_t i = 0; i < nn; i++) {
		const struct outline_node *nd = outline_node_at(o, i);
		/* 最后 closes a 首先 list at any length: its number is not a count */
		if ((nd->kind == OUTLINE_SECTION || nd->kind == OUTLINE_POINT) && nd->family >= 0 &&
		    nd->number > 0 && nd->number < 90 && nd->marker_len &&
		    !(cv->n && bsearch(&nd->start, cv->at, cv->n, sizeof(*cv->at), cmp_size)))
			v[k++] = (struct nref){ nd->parent, nd->family, i };
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), cmp_nref);
	for (size_t i = 0, m = 0; i < k; i++) {
		const struct outline_node *nd = outline_node_at(o, v[i].index);
		run[m++] = (struct enumr){ nd->number, nd->start, nd->marker_len };
		if (i + 1 == k || v[i + 1].parent != v[i].parent || v[i + 1].family != v[i].family) {
			judge_run(f, s, run, m);
			m = 0;
		}
	}
	free(run);
	free(v);
}

/* Points the outline leaves out because they do not enumerate: 一是…三是 and
 * （一）…（三） in one paragraph, or at the start of paragraphs in a row. Families: N是,
 * 第N，, 其N，, （N） with a Chinese numeral, （N） or (N) with digits, N、 with a
 * Chinese numeral, N. or N、 with digits. */
enum { IF_SHI, IF_DI, IF_QI, IF_PAREN_CN, IF_PAREN_NUM, IF_DUN, IF_DOT, IF_COUNT };

static bool inline_marker(const unsigned char *s, size_t n, size_t i, int *fam, int *num,
                          size_t *len)
{
	static const char *const di_punct[] = { "，", "、", "：", NULL };
	static const char *const qi_punct[] = { "，", "、", "：", "是", NULL };
	static const char *const open[] = { "（", "(", NULL };
	static const char *const close[] = { "）", ")", NULL };
	size_t p = i, k;
	int v;
	if (lit_at(s, n, p, "第") || lit_at(s, n, p, "其")) {
		bool di = s[p] == 0xE7; /* 第 is E7 AC AC, 其 is E5 85 B6 */
		p += 3;
		size_t e = number_at(s, n, p, 2, &v);
		if (e == p || v < 1 || v > 20 || cjk_digit(s[p]) >= 0)
			return false;
		if (!(k = any_at(s, n, e, di ? di_punct : qi_punct)))
			return false;
		*fam = di ? IF_DI : IF_QI;
		*num = v;
		*len = e + k - i;
		return true;
	}
	if ((k = any_at(s, n, p, open))) {
		p += k;
		size_t e = number_at(s, n, p, 2, &v);
		size_t c = e > p ? any_at(s, n, e, close) : 0;
		if (!c || v < 1 || v > 20)
			return false;
		*fam = cjk_digit(s[p]) >= 0 || s[p] == 0xEF /* full-width digits */ ? IF_PAREN_NUM
		                                                               : IF_PAREN_CN;
		*num = v;
		*len = e + c - i;
		return true;
	}
	static const char *const dots[] = { ".", "．", "、", NULL };
	size_t e = number_at(s, n, p, 2, &v);
	if (e == p || v < 1 || v > 20)
		return false;
	ucs4_t after;
	if (cjk_digit(s[p]) >= 0 || s[p] == 0xEF) { /* digits: 1. 2. (never 1.5) */
		if (!(k = any_at(s, n, e, dots)) || (char_at(s, n, e + k, &after) &&
		                                     cjk_digit(after) >= 0))
			return false;
		*fam = IF_DOT;
	} else if ((k = lit_at(s, n, e, "、"))) {
		*fam = IF_DUN;
	} else if ((k = lit_at(s, n, e, "是"))) {
		*fam = IF_SHI;
	} else {
		return false;
	}
	*num = v;
	*len = e + k - i;
	return true;
}

/* Judges and empties the runs of every family but keep (-1: all). */
static void flush_runs(struct found *f, const unsigned char *s, struct enumr **run, size_t *m,
                       int keep, struct covered *cv)
{
	for (int fam = 0; fam < IF_COUNT; fam++)
		if (fam != keep) {
			judge_run(f, s, run[fam], m[fam]);
			for (size_t i = 0; m[fam] > 1 && i < m[fam] && !f->nomem; i++) {
				if (cv->n == cv->cap) {
					size_t nc = cv->cap ? 2 * cv->cap : 32;
					size_t *a = realloc(cv->at, nc * sizeof(*a));
					if (!a) {
						f->nomem = true;
						break;
					}
					cv->at = a;
					cv->cap = nc;
				}
				cv->at[cv->n++] = run[fam][i].at;
			}
			m[fam] = 0;
		}
}

static void check_inline(const unsigned char *s, size_t n, const outline *o, struct found *f,
                         struct covered *cv)
{
	static const char *const stops[] = { "，", "。", "；", "：", "！", "？", ";", ":", NULL };
	struct enumr *run[IF_COUNT] = { NULL };
	size_t cap[IF_COUNT] = { 0 }, m[IF_COUNT] = { 0 };
	int prev_lead = -1;
	for (size_t pi = 0; pi < outline_para_count(o) && !f->nomem; pi++) {
		const struct outline_para *p = outline_para_at(o, pi);
		if (p->role == OUTLINE_ROLE_JUNK)
			continue;
		/* paragraphs in a row that each start with a marker of one family are one list
		 * (一是… 二是… 三是…, each its paragraph): its run goes on, the others end */
		int lead = -1, num0;
		size_t len0;
		if (!inline_marker(s, p->end, p->start, &lead, &num0, &len0))
			lead = -1;
		flush_runs(f, s, run, m, lead >= 0 && lead == prev_lead ? lead : -1, cv);
		prev_lead = lead;
		for (size_t i = p->start; i < p->end;) {
			int fam, num;
			size_t len, k;
			if ((i == p->start || any_at(s, n, prev_char(s, p->start, i), stops) ==
			                              i - prev_char(s, p->start, i)) &&
			    inline_marker(s, p->end, i, &fam, &num, &len)) {
				/* a list starts at its 1: what comes before it is no count */
				if (num == 1 || m[fam]) {
					if (m[fam] == cap[fam]) {
						size_t nc = cap[fam] ? 2 * cap[fam] : 16;
						struct enumr *r = realloc(run[fam], nc * sizeof(*r));
						if (!r) {
							f->nomem = true;
							break;
						}
						run[fam] = r;
						cap[fam] = nc;
					}
					run[fam][m[fam]++] = (struct enumr){ num, i, len };
				}
				i += len;
				continue;
			}
			ucs4_t c;
			k = char_at(s, n, i, &c);
			i += k ? k : 1;
		}
	}
	if (!f->nomem)
		flush_runs(f, s, run, m, -1, cv);
	if (cv->n > 1)
		qsort(cv->at, cv->n, sizeof(*cv->at), cmp_size);
	for (int fam = 0; fam < IF_COUNT; fam++)
		free(run[fam]);
}

/* ---- paired punctuation ----------------------------------------------------------- */

static const struct pair {
	ucs4_t open, close;
} pairs[] = {
	{ 0x201C, 0x201D }, /* “ ” */
	{ 0x2018, 0x2019 }, /* ‘ ’ */
	{ 0xFF08, 0xFF09 }, /* （ ） */
	{ '(', ')' },
	{ 0x300A, 0x300B }, /* 《 》 */
	{ 0x3008, 0x3009 }, /* 〈 〉 */
	{ 0x3010, 0x3011 }, /* 【 】 */
	{ 0x3014, 0x3015 }, /* 〔 〕 */
	{ 0x300C, 0x300D }, /* 「 」 */
	{ 0x300E, 0x300F }, /* 『 』 */
};
#define NPAIRS (sizeof(pairs) / sizeof(pairs[0]))

/* （ and ( close each other: a half-width one is the punctuation check's to report. */
static int pair_class(int k)
{
	return k == 3 ? 2 : k;
}

#define PAIR_DEPTH 32

static void check_pairs(const unsigned char *s, size_t n, const outline *o, struct found *f)
{
	for (size_t pi = 0; pi < outline_para_count(o); pi++) {
		const struct outline_para *p = outline_para_at(o, pi);
		if (p->role == OUTLINE_ROLE_JUNK)
			continue;
		size_t at[PAIR_DEPTH];
		int kind[PAIR_DEPTH], depth = 0;
		for (size_t i = p->start; i < p->end;) {
			ucs4_t c;
			size_t l = char_at(s, n, i, &c);
			for (int k = 0; k < (int)NPAIRS; k++) {
				if (c == pairs[k].open) {
					/* ’ between Latin letters is an apostrophe (Xi’an) */
					if (depth < PAIR_DEPTH) {
						at[depth] = i;
						kind[depth++] = k;
					}
					break;
				}
				if (c != pairs[k].close)
					continue;
				if (c == 0x2019 && is_ascii_alnum(char_before(s, n, p->start, i)))
					break;
				int d = depth;
				while (d > 0 && pair_class(kind[d - 1]) != pair_class(k))
					d--;
				if (d == 0) {
					add(f, CHECK_PAIR, i, i + l, _("'%.*s' closes nothing"), (int)l, s + i);
				} else {
					for (int q = depth - 1; q >= d; q--) {
						size_t ol;
						ucs4_t oc;
						ol = char_at(s, n, at[q], &oc);
						add(f, CHECK_PAIR, at[q], at[q] + ol, _("'%.*s' is not closed"),
						    (int)ol, s + at[q]);
					}
					depth = d - 1;
				}
				break;
			}
			i += l;
		}
		for (int q = depth - 1; q >= 0; q--) {
			ucs4_t oc;
			size_t ol = char_at(s, n, at[q], &oc);
			add(f, CHECK_PAIR, at[q], at[q] + ol, _("'%.*s' is not closed in its paragraph"),
			    (int)ol, s + at[q]);
		}
	}
}

/* ---- half-width punctuation in Chinese text ---------------------------------------- */

/* The full-width form a reader expects for a half-width mark. */
static const char *full_form(ucs4_t c)
{
	switch (c) {
	case ',': return "，";
	case '.': return "。";
	case ';': return "；";
	case ':': return "：";
	case '?': return "？";
	case '!': return "！";
	case '(': return "（";
	case ')': return "）";
	case '"': return "“”";
	default: return NULL;
	}
}

static bool chinese(ucs4_t c)
{
	return cjk_is_han(c) || is_cjk_punct(c);
}

/* The ')' closing the '(' at i within [i, b), or b. */
static size_t ascii_close(const unsigned char *s, size_t i, size_t b)
{
	for (size_t k = i + 1; k < b && k < i + 240; k++)
		if (s[k] == ')')
			return k;
		else if (s[k] == '(' || s[k] == '\n')
			break;
	return b;
}

/* Whether s[a, b) is ASCII letters, digits and spaces alone: (1) (GDP). */
static bool ascii_only(const unsigned char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (!is_ascii_alnum(s[i]) && s[i] != ' ' && s[i] != '.' && s[i] != '-')
			return false;
	return a < b;
}

/* Whether s[a, b) holds a Han character or Chinese punctuation. */
static bool has_chinese(const unsigned char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b;) {
		ucs4_t c;
		i += char_at(s, b, i, &c);
		if (chinese(c))
			return true;
	}
	return false;
}

static void check_halfwidth(const unsigned char *s, size_t n, const outline *o, struct found *f)
{
	for (size_t pi = 0; pi < outline_para_count(o); pi++) {
		const struct outline_para *p = outline_para_at(o, pi);
		if (p->role == OUTLINE_ROLE_JUNK)
			continue;
		for (size_t i = p->start; i < p->end; i++) {
			unsigned char c = s[i];
			const char *full = full_form(c);
			if (!full)
				continue;
			ucs4_t before = char_before(s, n, p->start, i), after;
			size_t e = i + 1;
			/* a run of marks (... ?!) is one finding */
			while (e < p->end && full_form(s[e]) && s[e] != '(' && s[e] != '"')
				e++;
			char_at(s, p->end, e, &after);
			bool flag;
			switch (c) {
			case '.':
				/* 1. 3.5 www.x.cn are not sentence ends */
				flag = cjk_is_han(before) && !is_ascii_alnum(after);
				break;
			case ',':
				flag = (chinese(before) || chinese(after)) &&
				       !(is_ascii_alnum(before) && is_ascii_alnum(after));
				break;
			case ':':
				flag = cjk_is_han(before) && !(after == '/' );
				break;
			case '(': {
				/* a pair is one finding: (市、区) (2024年8月21日); not (1) (GDP) */
				size_t close = ascii_close(s, i, p->end);
				if (close < p->end) {
					ucs4_t out;
					char_at(s, p->end, close + 1, &out);
					e = close + 1;
					flag = has_chinese(s, i + 1, close) ||
					       (!ascii_only(s, i + 1, close) && (chinese(before) || chinese(out)));
					if (flag)
						full = "（）";
					else
						i = close; /* (1): its ')' is fine too */
				} else {
					flag = chinese(before) || chinese(after);
				}
				break;
			}
			case ')':
				flag = chinese(before) || chinese(after);
				break;
			default:
				flag = chinese(before) || (c == '"' && chinese(after));
				break;
			}
			if (flag)
				add(f, CHECK_PUNCT, i, e, _("half-width '%.*s' in Chinese text (%s)"),
				    (int)(e - i), s + i, full);
			i = e - 1;
		}
	}
}

/* ---- characters typed twice ------------------------------------------------------- */

/* Characters that do not reduplicate in Chinese: two in a row are a slip, unless the
 * first ends a word or the second starts one (为了|了解, 目的|的). Reduplication that
 * is Chinese (常常 天天 实实在在 层层 紧紧) uses other characters. */
static const char slip_chars[] =
	"的了是在和与及对把被从向于以将就都也还又并而且或但地得着过们我这那其之该各要有为给让使由";

static const char *const first_ends[] = {
	"目的", "有的", "别的", "似的", "为了", "除了", "明了", "罢了", "算了", "存在", "现在",
	"正在", "实在", "所在", "自在", "内在", "外在", "潜在", "好在", "旨在", "面对", "针对",
	"绝对", "相对", "应对", "核对", "反对", "主要", "需要", "重要", "只要", "必要", "所有",
	"没有", "具有", "拥有", "享有", "占有", "只有", "还有", "都有", "特有", "固有", "含有",
	"认为", "作为", "成为", "因为", "行为", "称为", "以为", "更为", "较为", "极为", "尤为",
	"难以", "得以", "可以", "所以", "予以", "加以", "足以", "用以", "即将", "必将", "终将",
	"获得", "取得", "记得", "懂得", "赢得", "显得", "觉得", "值得", "使得", "总之", "尤其",
	"极其", "与其", "及其", "经过", "通过", "不过", "超过", "度过", "随着", "沿着", "本着",
	"意味着", "但是", "还是", "就是", "总是", "可是", "于是", "正是", "却是", "倒是", "若是",
	"凡是", "只是", "要是", "便是", "真是", "不是", "也是", "或是", "即是", "乃是", "都是",
	"算是", "而是", "像是", "硬是", "更是", "一把", "交给", "供给", "自由", "理由", "缘由",
	"促使", "致使", "迫使", "即使", "假使", "大使", "不但", "非但", NULL,
};

static const char *const second_starts[] = {
	"了解", "了结", "了然", "了却", "了如", "了不起", "的确", "地方", "地区", "地位", "地域",
	"地面", "地下", "地上", "地球", "地震", "得到", "得出", "得益", "得以", "得力", "过程",
	"过去", "过度", "过渡", "过硬", "过关", "过年", "为主", "为止", "为民", "着力", "着眼",
	"着重", "着手", "着想", "着实", "以来", "以上", "以下", "以后", "以前", "以及", "以便",
	"以外", "以内", "把握", "把关", "由于", "由此", "对于", "对象", "对照", "对比", "对标",
	"对接", "对话", "对待", "对外", "对口", "对策", "向往", "从而", "从事", "从严", "从来",
	"给予", "使用", "使得", "使命", "要求", "要素", "要点", "要害", "有效", "有力", "有关",
	"有序", "有利", "有机", "有所", "有着", "有的", "在于", "其他", "其中", "其实", "其次",
	"其余", "之一", "之后", "之前", "之间", "之中", "之下", "之上", "之所以", "将来", "就是",
	"就业", "也是", "还是", "又是", "并且", "并不", "而且", "而是", "或者", "但是", "各地",
	"各级", "各类", "各项", "各自", "该项", "于是", "与会", "及时", "及其", "被动", "和谐",
	"和平", "这些", "这样", "这里", "那些", "那样", "都是", "是否", "们", "我们", "让我",
	NULL,
};

/* Whole words with a doubled character in them. */
static const char *const doubled_words[] = {
	"不了了之", "的的确确", "是是非非", "可可", "和和美美", "有有", NULL,
};

/* Marks that are never doubled in Chinese text (…… and —— are single marks). */
static const char *const slip_marks[] = {
	"，", "。", "、", "；", "：", "！", "？", NULL,
};

static bool ends_word(const unsigned char *s, size_t lo, size_t i, size_t l)
{
	for (const char *const *w = first_ends; *w; w++) {
		size_t k = strlen(*w);
		if (i + l >= lo + k && i + l - k >= lo && memcmp(s + i + l - k, *w, k) == 0 && k > l)
			return true;
	}
	return false;
}

static void check_doubled(const unsigned char *s, size_t n, struct found *f)
{
	for (size_t i = 0; i < n;) {
		ucs4_t c, c2;
		size_t l = char_at(s, n, i, &c);
		size_t l2 = char_at(s, n, i + l, &c2);
		if (!l)
			break;
		if (c != c2 || l != l2 || c < 0x80) {
			i += l;
			continue;
		}
		bool mark = any_at(s, n, i, slip_marks) == l;
		bool slip = mark;
		if (!mark && cjk_is_han(c)) {
			char ch[8];
			memcpy(ch, s + i, l);
			ch[l] = '\0';
			slip = strstr(slip_chars, ch) != NULL;
			if (slip && (ends_word(s, 0, i, l) || any_at(s, n, i + l, second_starts)))
				slip = false;
			for (const char *const *w = doubled_words; slip && *w; w++) {
				size_t k = strlen(*w);
				for (size_t q = i + 2 * l >= k ? i + 2 * l - k : 0; q <= i; q++)
					if (lit_at(s, n, q, *w))
						slip = false;
			}
		}
		if (slip)
			add(f, CHECK_DOUBLED, i, i + 2 * l, _("'%.*s': typed twice?"), (int)(2 * l), s + i);
		i += slip ? 2 * l : l;
	}
}

/* ---- dates and weekdays ------------------------------------------------------------- */

static void check_dates(const doc *d, const outline *o, const struct check_options *opt,
                        const unsigned char *s, size_t n, struct found *f)
{
	static const char *const day_units[] = { "日", "号", NULL };
	static const char *const week_words[] = { "星期", "礼拜", "周", NULL };
	static const char *const opens[] = { "（", "(", "，", " ", NULL };
	for (size_t mi = 0; mi + 3 <= n; mi++) {
		if (s[mi] != 0xE6 || !lit_at(s, n, mi, "月"))
			continue;
		int month, day, year = 0;
		size_t ms = number_before(s, n, 0, mi, 2, &month);
		if (ms == mi)
			continue;
		size_t ds = mi + 3, de = number_at(s, n, ds, 2, &day), k;
		if (de == ds || !(k = any_at(s, n, de, day_units)))
			continue;
		size_t end = de + k, start = ms;
		if (ms >= 3 && lit_at(s, n, ms - 3, "年")) {
			size_t ys = number_before(s, n, 0, ms - 3, 4, &year);
			if (ys < ms - 3 && ms - 3 - ys >= 4)
				start = ys;
			else
				year = 0;
		}
		/* a longer number before it is no month (2024年12月 is; 312月 is not) */
		ucs4_t b = char_before(s, n, 0, start);
		if (cjk_digit(b) >= 0)
			continue;
		if (month < 1 || month > 12) {
			add(f, CHECK_DATE, start, end, _("'%.*s': there is no month %d"), (int)(end - start),
			    s + start, month);
			continue;
		}
		if (day < 1 || day > days_in(year, month)) {
			add(f, CHECK_DATE, start, end, _("'%.*s' does not exist: %d月 has %d days"),
			    (int)(end - start), s + start, month, days_in(year, month));
			continue;
		}
		/* a weekday right after it: （星期五） 周五 */
		size_t w = end, ol;
		if ((ol = any_at(s, n, w, opens)))
			w += ol;
		size_t wl = any_at(s, n, w, week_words);
		if (!wl)
			continue;
		ucs4_t wc;
		size_t wcl = char_at(s, n, w + wl, &wc);
		int said = -1;
		for (int q = 0; q < 7; q++) {
			ucs4_t qc;
			char_at((const unsigned char *)weekday_name[q], 3, 0, &qc);
			if (wc == qc)
				said = q;
		}
		if (wc == 0x5929) /* 天 */
			said = 0;
		if (said < 0)
			continue;
		int y = year;
		if (!y) {
			struct date sd = date_at(d, o, opt, start);
			y = sd.year;
		}
		if (!y || (month == 2 && day == 29 && !date_leap(y)))
			continue;
		int real = date_weekday(&(struct date){ y, month, day });
		if (real != said)
			add(f, CHECK_WEEKDAY, w, w + wl + wcl,
			    _("%d-%02d-%02d is a %s, not %.*s"), y, month, day, _(weekday_said[real]),
			    (int)(wl + wcl), s + w);
	}
}

/* ---- deadlines already past ------------------------------------------------------------ */

static int date_cmp(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	return (a->day > b->day) - (a->day < b->day);
}

static enum pz_status check_deadlines(const doc *d, const outline *o,
                                      const struct check_options *opt,
                                      const unsigned char *s, struct found *f)
{
	struct detect_options dopt = { .date = opt->date, .threads = 1 };
	struct detect_item *v;
	size_t nv;
	enum pz_status st = detect_run(d, o, &dopt, &v, &nv);
	if (st != PZ_OK)
		return st;
	for (size_t i = 0; i < nv; i++) {
		struct date due;
		if (v[i].type != DETECT_DEADLINE || !date_parse_iso(v[i].value, &due))
			continue;
		struct date said = date_at(d, o, opt, v[i].start);
		if (!said.year || !said.month || !said.day || date_cmp(&due, &said) >= 0)
			continue;
		add(f, CHECK_DEADLINE, v[i].start, v[i].end,
		    _("deadline '%.*s' (%s) is before the speech's date %d-%02d-%02d"),
		    (int)(v[i].end - v[i].start), s + v[i].start, v[i].value, said.year, said.month,
		    said.day);
	}
	free(v);
	return PZ_OK;
}

/* ---- all of them ------------------------------------------------------------------------- */

static int cmp_item(const void *x, const void *y)
{
	const struct check_item *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (int)a->kind - (int)b->kind;
}

enum pz_status check_run(const doc *d, const outline *o, const struct check_options *opt,
                         struct check_item **items, size_t *n)
{
	size_t len;
	const unsigned char *s = (const unsigned char *)doc_text(d, &len);
	struct found f = { 0 };
	*items = NULL;
	*n = 0;
	check_placeholders(s, len, &f);
	struct covered cv = { 0 };
	check_inline(s, len, o, &f, &cv);
	check_nodes(s, o, &cv, &f);
	free(cv.at);
	check_pairs(s, len, o, &f);
	check_halfwidth(s, len, o, &f);
	check_doubled(s, len, &f);
	check_dates(d, o, opt, s, len, &f);
	enum pz_status st = check_deadlines(d, o, opt, s, &f);
	if (st != PZ_OK || f.nomem) {
		free(f.v);
		return st != PZ_OK ? st : PZ_NOMEM;
	}
	if (f.n > 1)
		qsort(f.v, f.n, sizeof(*f.v), cmp_item);
	/* an enumerator run into a paragraph is seen by both the outline's and the inline
	 * check: one finding */
	size_t k = 0;
	for (size_t i = 0; i < f.n; i++)
		if (!k || f.v[i].start != f.v[k - 1].start || f.v[i].kind != f.v[k - 1].kind)
			f.v[k++] = f.v[i];
	f.n = k;
	*items = f.v;
	*n = f.n;
	return PZ_OK;
}

void check_write_tsv(FILE *f, const doc *d, const struct check_item *v, size_t n)
{
	const char *s = doc_text(d, NULL);
	struct doc_cursor cur = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct doc_pos p = doc_pos_walk(d, &cur, v[i].start);
		fprintf(f, "%zu\t%zu\t%s\t", p.line, p.col, check_kind_name(v[i].kind));
		diffwrite_field(f, s + v[i].start, v[i].end - v[i].start, true);
		fputc('\t', f);
		diffwrite_field(f, v[i].message, strlen(v[i].message), true);
		fputc('\n', f);
	}
}

void check_write_text(FILE *f, const doc *d, const char *name, const struct check_item *v,
                      size_t n)
{
	struct doc_cursor cur = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct doc_pos p = doc_pos_walk(d, &cur, v[i].start);
		diffwrite_field(f, name, strlen(name), false);
		fprintf(f, ":%zu:%zu: %s: ", p.line, p.col, check_kind_name(v[i].kind));
		diffwrite_field(f, v[i].message, strlen(v[i].message), false);
		fputc('\n', f);
	}
}

const char *check_kind_name(enum check_kind k)
{
	static const char *const names[] = {
#define CHECK_KIND_NAME(id, name) name,
		CHECK_KIND_LIST(CHECK_KIND_NAME)
#undef CHECK_KIND_NAME
	};
	return (unsigned)k < CHECK_KIND_COUNT ? names[k] : "";
}
