/* The outline of a speech file: speech boundaries and metadata, numbered sections,
 * enumerated points (at line start and inline) and unmarked headings, found the way a
 * careful reader of Chinese official speeches would find them. */
#include "pizhu/outline.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "pizhu/cjk.h"
#include "pizhu/date.h"
#include "pizhu/sentence.h"
#include "pizhu/utf8.h"

/* ---- marker families ---------------------------------------------------------- */

/* Sections follow GB/T 9704 order (第一部分 > 一、 > （一） > 1. > （1） > ①); points
 * have no conventional rank among themselves: their nesting comes from the order in
 * which a speech first uses them. */
enum fam {
	FAM_PART,  /* 第三篇： (a speech of its own) */
	FAM_BU,    /* 第一部分 */
	FAM_CN,    /* 一、 */
	FAM_CNP,   /* （一） (一) */
	FAM_AR,    /* 1、 1. 1． */
	FAM_ARP,   /* （1） (1) 1） */
	FAM_CIRC,  /* ① */
	FAM_DI,    /* 第一， 第二、 */
	FAM_SHI,   /* 一是 */
	FAM_YAO,   /* 一要 */
	FAM_FM,    /* 一方面， 另一方面， */
	FAM_ORD,   /* 首先， 其次， 再次， 最后， */
	FAM_QI,    /* 其一， */
	FAM_DASH,  /* ——坚持… */
	FAM_COUNT
};

#define ORD_LAST 99    /* 最后 closes a 首先 list whatever its length */

static bool fam_is_section(int f) { return f >= FAM_BU && f <= FAM_CIRC; }
static bool fam_is_point(int f) { return f >= FAM_DI && f <= FAM_DASH; }

/* Nesting levels: a smaller level contains a larger one. */
enum {
	LEVEL_SPEECH = -10,
	LEVEL_POINT = 700,
	LEVEL_INLINE = 10000,
};
static const int section_level[FAM_COUNT] = {
	[FAM_BU] = 100, [FAM_CN] = 200, [FAM_CNP] = 300,
	[FAM_AR] = 400, [FAM_ARP] = 500, [FAM_CIRC] = 600,
};
/* Unmarked headings sit just below the innermost numbered section. */
#define UNMARKED_OFFSET 50

struct marker {
	int fam;
	int num;
	size_t len;   /* bytes of the marker as written */
};

/* ---- growable arrays ------------------------------------------------------------ */

#define GROW(arr, n, cap, fail)                                                  \
	do {                                                                      \
		if ((n) == (cap)) {                                               \
			size_t nc_ = (cap) ? (cap) * 2 : 64;                      \
			void *np_ = realloc((arr), nc_ * sizeof(*(arr)));         \
			if (!np_)                                                 \
				goto fail;                                        \
			(arr) = np_;                                              \
			(cap) = nc_;                                              \
		}                                                                 \
	} while (0)

struct outline {
	const doc *d;
	struct outline_para *paras;
	size_t npara, cpara;
	struct outline_node *nodes;
	size_t nnode, cnode;
	struct outline_speech *speeches;
	size_t nspeech, cspeech;
};

/* What the heuristics know of a paragraph beyond its public record. */
enum head_kind { HK_NONE, HK_TITLE, HK_SUBTITLE, HK_SPEAKER, HK_NAME, HK_DATE };

struct pinfo {               /* kept small: one per paragraph of a 50 MB file */
	struct marker m;
	uint32_t salut_end;  /* > 0: a salutation ends here (after its colon) */
	uint32_t date_end;   /* > 0: a date (with an optional name before it) ends here */
	uint16_t nch;        /* characters, capped at NCH_CAP */
	unsigned char hk;    /* enum head_kind */
	signed char runin;   /* runin_kind() + 1 once known, else 0 */
	bool junk;
	bool part;
	bool has_marker;     /* a line-start marker candidate */
	bool marker_ok;      /* ... accepted */
};
#define NCH_CAP 100
_Static_assert(DOC_MAX_BYTES < UINT32_MAX, "paragraph offsets are kept in 32 bits");

/* A point candidate, for checking that enumerations really enumerate. */
struct cand {
	size_t next;         /* the next candidate of the same family, or SIZE_MAX */
	size_t para;
	size_t pos;
	struct marker m;
	bool inl;
	bool ok;
	bool weak;           /* its list must stand in its paragraph (see collect_candidates) */
};

struct frame {
	size_t node;
	int level;
	int fam;
	int num;
	bool inl;
};
#define STACK_MAX 64

struct ctx {
	const unsigned char *s;
	size_t n;
	outline *o;
	struct pinfo *pi;
	struct cand *cands;
	size_t ncand, ccand;
	struct frame st[STACK_MAX];
	int sp;
	int point_level[FAM_COUNT];
	struct outline_node *heads; /* each speech's own node, until it is built */
	size_t cheads;
};

/* ---- UTF-8 and character classes --------------------------------------------- */

static inline uint32_t u8get(const unsigned char *s, size_t n, size_t i, size_t *len)
{
	return utf8_get((const char *)s, n, i, len);
}

static inline size_t u8prev(const unsigned char *s, size_t lo, size_t i)
{
	return utf8_prev((const char *)s, lo, i);
}

/* Blank for structure: ASCII space and tab, U+3000, U+00A0, U+FEFF, U+2002-U+200B. */
static size_t blank_len(const unsigned char *s, size_t n, size_t i)
{
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v')
		return 1;
	if (s[i] == 0xC2 && i + 2 <= n && s[i + 1] == 0xA0)
		return 2;
	if (i + 3 <= n) {
		if (s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80)
			return 3;
		if (s[i] == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF)
			return 3;
		if (s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] >= 0x82 && s[i + 2] <= 0x8B)
			return 3;
	}
	return 0;
}

static size_t skip_blank(const unsigned char *s, size_t i, size_t end)
{
	size_t k;
	while (i < end && (k = blank_len(s, end, i)))
		i += k;
	return i;
}

static size_t trim_end(const unsigned char *s, size_t a, size_t b)
{
	while (b > a) {
		size_t p = u8prev(s, a, b);
		if (blank_len(s, b, p) != b - p)
			break;
		b = p;
	}
	return b;
}

/* Characters in [a,b), or cap + 1 when there are more: at most 4 * (cap + 1) bytes
 * are looked at. */
static size_t count_chars(const unsigned char *s, size_t a, size_t b, size_t cap)
{
	size_t lim = (b - a) / 4 > cap ? 4 * (cap + 1) : b - a;
	size_t k = utf8_count((const char *)s + a, lim);
	return k > cap ? cap + 1 : k;
}

/* The length of literal lit when it stands at i (before end), else 0. Compared byte by
 * byte: the literals are a few characters long and most differ at their first byte,
 * and the lists of them are tried at every paragraph (no strlen, no memcmp call). */
static inline size_t lit_len_at(const unsigned char *s, size_t i, size_t end, const char *lit)
{
	const unsigned char *l = (const unsigned char *)lit;
	if (i >= end || s[i] != l[0])
		return 0;
	size_t k = 1;
	for (; l[k]; k++)
		if (i + k >= end || s[i + k] != l[k])
			return 0;
	return k;
}

static bool lit_at(const unsigned char *s, size_t i, size_t end, const char *lit)
{
	return lit_len_at(s, i, end, lit) > 0;
}

/* Returns the length of the first literal of list (NULL-terminated) found at i. */
static size_t any_at(const unsigned char *s, size_t i, size_t end, const char *const *list)
{
	if (i >= end)
		return 0;
	for (size_t k; *list; list++)
		if ((k = lit_len_at(s, i, end, *list)))
			return k;
	return 0;
}

static bool contains(const unsigned char *s, size_t a, size_t b, const char *lit)
{
	size_t l = strlen(lit);
	if (b < a + l)
		return false;
	unsigned char c0 = (unsigned char)lit[0], c1 = l > 1 ? (unsigned char)lit[1] : 0;
	for (size_t i = a; i + l <= b; i++)
		if (s[i] == c0 && (l == 1 || (s[i + 1] == c1 && memcmp(s + i, lit, l) == 0)))
			return true;
	return false;
}

/* Does [a,b) hold the three-byte character ch? Its last byte is looked for with
 * memchr (it is a continuation byte, rarer than the lead bytes of Chinese). */
static bool has_char(const unsigned char *s, size_t a, size_t b, const char *ch)
{
	const unsigned char *c = (const unsigned char *)ch;
	for (size_t i = a + 2; i < b;) {
		const unsigned char *hit = memchr(s + i, c[2], b - i);
		if (!hit)
			return false;
		i = (size_t)(hit - s);
		if (s[i - 2] == c[0] && s[i - 1] == c[1])
			return true;
		i++;
	}
	return false;
}

static bool ends_with(const unsigned char *s, size_t a, size_t b, const char *lit)
{
	size_t l = strlen(lit);
	return b >= a + l && memcmp(s + b - l, lit, l) == 0;
}

static size_t count_lit(const unsigned char *s, size_t a, size_t b, const char *lit)
{
	size_t l = strlen(lit), k = 0;
	for (size_t i = a; i + l <= b; i++)
		if (s[i] == (unsigned char)lit[0] && memcmp(s + i, lit, l) == 0)
			k++, i += l - 1;
	return k;
}

static const char *const stops[] = { "。", "！", "？", "；", "：", "!", "?", ";", ":", NULL };

/* First of 。！？；： (a title's end) in [a,b), or b. Byte patterns, not literals:
 * this runs on every heading and short paragraph. */
static size_t find_stop(const unsigned char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		unsigned char c = s[i];
		if (c == '!' || c == '?' || c == ';' || c == ':')
			return i;
		if (i + 3 > b)
			continue;
		if (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x82)
			return i;
		if (c == 0xEF && s[i + 1] == 0xBC &&
		    (s[i + 2] == 0x81 || s[i + 2] == 0x9F || s[i + 2] == 0x9B || s[i + 2] == 0x9A))
			return i;
	}
	return b;
}

static bool has_sentence_punct(const unsigned char *s, size_t a, size_t b)
{
	return find_stop(s, a, b) < b;
}

/* Last character of [a,b) ends a sentence (。！？；：… possibly inside closing quotes
 * and brackets). Decodes code points rather than trying literals: this runs on
 * every line. */
static bool ends_terminal(const unsigned char *s, size_t a, size_t b)
{
	while (b > a) {
		size_t p = u8prev(s, a, b), l;
		switch (u8get(s, b, p, &l)) {
		case 0x201D: case 0x2019: case 0x300D: case 0x300F: case 0xFF09: case ')':
		case 0x3011: case 0x300B: case '"':
			b = p; /* a closer: look before it */
			continue;
		case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0xFF1A: case 0x2026:
		case '!': case '?': case ';': case ':':
			return true;
		default:
			return false;
		}
	}
	return false;
}

/* ---- numbers ------------------------------------------------------------------- */

static int cn_digit(const unsigned char *s, size_t i, size_t end)
{
	size_t l;
	return i < end ? cjk_numeral_digit(u8get(s, end, i, &l)) : -1;
}

/* A Chinese numeral from 1 to 99 (一 … 十 … 九十九); its byte length in *len. */
static int cn_number(const unsigned char *s, size_t i, size_t end, size_t *len)
{
	size_t p = i;
	int v = 0, d = cn_digit(s, p, end);

	if (d > 0 && d != 2) /* 两 is not used as an enumerator's first digit */
		p += 3, v = d;
	else if (d == 2 && lit_at(s, p, end, "二"))
		p += 3, v = 2;
	if (lit_at(s, p, end, "十")) {
		p += 3;
		v = (v ? v : 1) * 10;
		d = cn_digit(s, p, end);
		if (d > 0 && !lit_at(s, p, end, "两"))
			p += 3, v += d;
	}
	if (v <= 0)
		return 0;
	*len = p - i;
	return v;
}

/* 1 to 99 in ASCII or full-width digits, not followed by another digit. */
static int ar_number(const unsigned char *s, size_t i, size_t end, size_t *len)
{
	size_t p = i;
	int v = 0, nd = 0;
	for (;;) {
		size_t l;
		int d = p < end ? cjk_digit(u8get(s, end, p, &l)) : -1;
		if (d < 0)
			break;
		v = v * 10 + d;
		p += l;
		if (++nd > 2)
			return 0;
	}
	if (nd == 0 || v == 0)
		return 0;
	*len = p - i;
	return v;
}

static bool digit_at(const unsigned char *s, size_t i, size_t end)
{
	size_t l;
	return i < end && ((s[i] >= '0' && s[i] <= '9') || ar_number(s, i, end, &l) > 0);
}

/* ---- markers ------------------------------------------------------------------- */

/* Can a marker start at i? Most positions hold none: they are told by their first
 * character, decoded here without a call (this runs after every mark of the text). */
static inline bool marker_first(const unsigned char *s, size_t i, size_t end)
{
	unsigned char c = s[i];
	uint32_t ch;
	if (c < 0x80)
		return (c >= '0' && c <= '9') || c == '(';
	if (c < 0xE0 || c >= 0xF0 || i + 3 > end)
		return false;
	ch = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
	switch (ch) {
	case U'第': case U'另': case U'一': case U'二': case U'三': case U'四': case U'五':
	case U'六': case U'七': case U'八': case U'九': case U'十': case U'首': case U'其':
	case U'再': case U'最': case U'（': case U'—':
		return true;
	default:
		return (ch >= 0xFF10 && ch <= 0xFF19) || (ch >= 0x2460 && ch <= 0x2473); /* ０-９ ①-⑳ */
	}
}

/* Can a marker, or a blank before one, start at i? Told by the first two bytes, for
 * the position after every mark and comma of the text. */
static inline bool may_follow(const unsigned char *s, size_t i, size_t end)
{
	unsigned c = s[i];
	if (c < 0x80)
		return c == ' ' || c == '\t' || (c >= '0' && c <= '9') || c == '(';
	if (i + 1 >= end)
		return false;
	switch (c << 8 | s[i + 1]) {
	case 0xE4B8: case 0xE4BA: case 0xE4B9: /* 一 三 七 二 五 九 */
	case 0xE585: case 0xE58D: case 0xE59B: case 0xE586: case 0xE58F: /* 六 八 其 十 四 再 另 */
	case 0xE69C: case 0xE7AC: case 0xE9A6: /* 最 第 首 */
	case 0xEFBC: case 0xE291: case 0xE280: case 0xE380: case 0xC2A0: /* （０-９ ① — U+3000 */
		return true;
	default:
		return false;
	}
}

/* Recognises a marker at i. At a line start every family is allowed; inline all but
 * parts (第三篇), 第一部分, 一、 and dash bullets. */
static bool parse_marker(const unsigned char *s, size_t i, size_t end, bool line_start,
                         struct marker *m)
{
	static const char *const open_paren[] = { "（", "(", NULL };
	static const char *const close_paren[] = { "）", ")", NULL };
	static const char *const di_punct[] = { "，", "、", "：", ",", ":", NULL };
	static const char *const ar_punct[] = { "、", "．", ".", NULL };
	static const char *const comma[] = { "，", ",", NULL };
	size_t l, k, p;
	int v;

	if (i >= end || !marker_first(s, i, end))
		return false;
	/* 第X篇 / 第X部分 / 第X， */
	if (lit_at(s, i, end, "第") && (v = cn_number(s, i + 3, end, &l))) {
		p = i + 3 + l;
		if (line_start && lit_at(s, p, end, "篇")) {
			p += 3;
			if ((k = any_at(s, p, end, di_punct)))
				p += k;
			*m = (struct marker){ FAM_PART, v, p - i };
			return true;
		}
		if (line_start && lit_at(s, p, end, "部分")) {
			p += 6;
			if ((k = any_at(s, p, end, di_punct)))
				p += k;
			*m = (struct marker){ FAM_BU, v, p - i };
			return true;
		}
		if ((k = any_at(s, p, end, di_punct))) {
			*m = (struct marker){ FAM_DI, v, p + k - i };
			return true;
		}
		return false;
	}
	/* 另一方面 / 一方面 */
	if (lit_at(s, i, end, "另一方面") || lit_at(s, i, end, "一方面")) {
		v = s[i] == 0xE5 ? 2 : 1; /* 另 is E5 8F A6, 一 is E4 B8 80 */
		p = i + (v == 2 ? 12 : 9);
		if ((k = any_at(s, p, end, comma)))
			p += k;
		else if (!line_start)
			return false;
		*m = (struct marker){ FAM_FM, v, p - i };
		return true;
	}
	/* 首先， 其次， 再次， 最后， */
	{
		static const char *const ord[] = { "首先", "其次", "再次", "最后", NULL };
		static const int ordv[] = { 1, 2, 3, ORD_LAST };
		for (int o = 0; ord[o]; o++)
			if (lit_at(s, i, end, ord[o]) && (k = any_at(s, i + 6, end, comma))) {
				*m = (struct marker){ FAM_ORD, ordv[o], 6 + k };
				return true;
			}
	}
	/* 其一， 其二是 */
	if (lit_at(s, i, end, "其") && (v = cn_number(s, i + 3, end, &l)) && v <= 20) {
		static const char *const qi_punct[] = { "，", "、", "：", ",", "是", NULL };
		p = i + 3 + l;
		if ((k = any_at(s, p, end, qi_punct))) {
			*m = (struct marker){ FAM_QI, v, p + k - i };
			return true;
		}
		return false;
	}
	/* 一、 一是 一要 */
	if ((v = cn_number(s, i, end, &l))) {
		p = i + l;
		if (line_start && (lit_at(s, p, end, "、") ||
		                   ((lit_at(s, p, end, "．") || lit_at(s, p, end, ".")) &&
		                    !digit_at(s, p + (s[p] == '.' ? 1 : 3), end)))) {
			/* 一、二月份 三、四季度 二、三产业: numbers in a row, not a section */
			static const char *const units[] = { "月", "季", "产", "线", "级", "类", "年", NULL };
			size_t q = p + (s[p] == '.' ? 1 : 3), l2;
			if (cn_number(s, q, end, &l2) && any_at(s, q + l2, end, units))
				return false;
			*m = (struct marker){ FAM_CN, v, l + (s[p] == '.' ? 1 : 3) };
			return true;
		}
		if (v <= 20 && lit_at(s, p, end, "是")) {
			/* 一是一、二是二 says things are what they are */
			static const char *const said[] = { "、", "，", "。", ",", NULL };
			size_t l2;
			if (cn_number(s, p + 3, end, &l2) == v &&
			    (p + 3 + l2 >= end || any_at(s, p + 3 + l2, end, said)))
				return false;
			*m = (struct marker){ FAM_SHI, v, l + 3 };
			return true;
		}
		if (v <= 20 && lit_at(s, p, end, "要")) {
			*m = (struct marker){ FAM_YAO, v, l + 3 };
			return true;
		}
		return false;
	}
	/* （一） （1） */
	if ((k = any_at(s, i, end, open_paren))) {
		p = i + k;
		p = skip_blank(s, p, end);
		if ((v = cn_number(s, p, end, &l)) && (k = any_at(s, p + l, end, close_paren))) {
			*m = (struct marker){ FAM_CNP, v, p + l + k - i };
			return true;
		}
		if ((v = ar_number(s, p, end, &l)) && (k = any_at(s, p + l, end, close_paren))) {
			*m = (struct marker){ FAM_ARP, v, p + l + k - i };
			return true;
		}
		return false;
	}
	/* 1、 1. 1． 1） */
	if ((v = ar_number(s, i, end, &l))) {
		p = i + l;
		if ((k = any_at(s, p, end, ar_punct)) && !digit_at(s, p + k, end) &&
		    !(k == 1 && p + k < end && s[p + k] == '.')) {
			*m = (struct marker){ FAM_AR, v, l + k };
			return true;
		}
		if ((k = any_at(s, p, end, close_paren)) && !digit_at(s, p + k, end)) {
			*m = (struct marker){ FAM_ARP, v, l + k };
			return true;
		}
		return false;
	}
	/* ① … ⑳ */
	if (i + 3 <= end && s[i] == 0xE2 && s[i + 1] == 0x91 && s[i + 2] >= 0xA0 && s[i + 2] <= 0xB3) {
		*m = (struct marker){ FAM_CIRC, s[i + 2] - 0xA0 + 1, 3 };
		return true;
	}
	/* ——坚持…  (a dash bullet, not a subtitle: those live in the head) */
	if (line_start && lit_at(s, i, end, "——") && !lit_at(s, i + 6, end, "—") && i + 6 < end) {
		*m = (struct marker){ FAM_DASH, 0, 6 };
		return true;
	}
	return false;
}

/* ---- paragraphs ------------------------------------------------------------------ */

static bool line_starts_marker(const unsigned char *s, size_t a, size_t b)
{
	struct marker m;
	return parse_marker(s, a, b, true, &m) && m.fam != FAM_DASH;
}

/* Hard-wrapped files have many lines of one width; returns that width in columns,
 * or 0 when the file does not look wrapped. llen[i] is line i's width (capped). */
#define LINE_CAP 320
static size_t wrap_width(const uint16_t *llen, size_t nl)
{
	size_t hist[LINE_CAP + 2] = { 0 }, total = 0;

	for (size_t i = 0; i < nl; i++)
		if (llen[i] >= 32)
			hist[llen[i]]++, total++;
	size_t best = 0, bestw = 0;
	for (size_t w = 36; w + 4 <= LINE_CAP; w++) {
		size_t k = 0;
		for (size_t d = w - 4; d <= w + 4; d++)
			k += hist[d];
		if (k > best)
			best = k, bestw = w;
	}
	/* wrapped text: most lines at one width, hardly any much longer */
	size_t longer = 0;
	for (size_t w = bestw + 7; w <= LINE_CAP + 1; w++)
		longer += hist[w];
	return best >= 8 && best * 2 >= total && longer * 7 <= total ? bestw + 4 : 0;
}

/* Display columns of [a,b), capped: CJK (3- and 4-byte sequences) count two, which
 * is how editors wrap; exact widths are the layout's business. */
static size_t columns(const unsigned char *s, size_t a, size_t b, size_t cap)
{
	if (b - a > 2 * cap + 2) /* no character is narrower than half a column a byte */
		return cap + 1;
	size_t w = utf8_columns_approx((const char *)s + a, b - a);
	return w > cap ? cap + 1 : w;
}

/* The paragraphs are found by reading each line's two ends, and a large file has
 * left the cache since it was last read: the ends of line i are asked for ahead of
 * time (line i - 1 ends where it starts). */
static inline void prefetch_line(const doc *d, const unsigned char *s, size_t i)
{
#if defined(__GNUC__)
	if (i < doc_line_count(d)) {
		size_t a = doc_line_start(d, i);
		__builtin_prefetch(s + a - (a > 0));
		__builtin_prefetch(s + a + 63);
	}
#else
	(void)d, (void)s, (void)i;
#endif
}

static enum pz_status build_paras(struct ctx *c, const doc *d)
{
	outline *o = c->o;
	const unsigned char *s = c->s;
	size_t nl = doc_line_count(d);
	bool prev_blank = true;
	size_t prev_len = 0, prev_a = 0, prev_b = 0;
	uint16_t *llen = calloc(nl + 1, sizeof(*llen));

	size_t nonblank = 0;
	if (!llen)
		return PZ_NOMEM;
	for (size_t i = 0; i < nl; i++) {
		size_t a = doc_line_start(d, i), b = a + doc_line_len(d, i);
		prefetch_line(d, s, i + 8);
		a = skip_blank(s, a, b);
		llen[i] = (uint16_t)columns(s, a, trim_end(s, a, b), LINE_CAP);
		nonblank += llen[i] > 0;
	}
	/* at most one paragraph per non-blank line: allocated once, not grown */
	if (nonblank && !(o->paras = malloc(nonblank * sizeof(*o->paras))))
		goto nomem;
	o->cpara = nonblank;
	size_t ww = wrap_width(llen, nl);
	for (size_t i = 0; i < nl; i++) {
		size_t ls = doc_line_start(d, i), le = ls + doc_line_len(d, i);
		prefetch_line(d, s, i + 8);
		size_t a = skip_blank(s, ls, le), b = trim_end(s, a, le);
		if (a == b) {
			prev_blank = true;
			continue;
		}
		size_t len = llen[i];
		bool indented = a > ls;
		/* wrapped at a width, or a long line broken mid-sentence whose rest ends one
		 * (a short unpunctuated line after it is a title or a name, not the rest) */
		bool join = !prev_blank && o->npara > 0 && !indented &&
		            !ends_terminal(s, prev_a, prev_b) &&
		            ((ww && prev_len + 10 >= ww) ||
		             (prev_len >= 120 && (len >= 120 || ends_terminal(s, a, b)))) &&
		            !line_starts_marker(s, a, b);
		if (join) {
			struct outline_para *p = &o->paras[o->npara - 1];
			p->end = b;
			p->last_line = (uint32_t)i;
		} else {
			GROW(o->paras, o->npara, o->cpara, nomem);
			o->paras[o->npara++] = (struct outline_para){
				.start = a, .end = b, .first_line = (uint32_t)i, .last_line = (uint32_t)i,
				.role = OUTLINE_ROLE_BODY,
			};
		}
		prev_blank = false;
		prev_len = len;
		prev_a = a;
		prev_b = b;
	}
	free(llen);
	return PZ_OK;
nomem:
	free(llen);
	return PZ_NOMEM;
}

/* ---- what a paragraph is ----------------------------------------------------------- */

/* Can ch start one of controls_only()'s words or separators? */
static bool control_first(uint32_t ch)
{
	switch (ch) {
	case U'下': case U'打': case U'全': case U'收': case U'字': case U'加': case U'还':
	case U'减': case U'放': case U'缩': case U'默': case U'标': case U'大': case U'中':
	case U'小': case U'分': case U'关': case U'返': case U'顶': case U'我': case U'纠':
	case U'保': case U'复': case U'新': case U'腾': case U'微': case U'朋': case U'扫':
	case U'二': case U'视': case U'背': case U'护': case U'长': case U'语': case U'朗':
	case U'无': case U'繁': case U'简': case U'评': case U'点': case U'转': case U'举':
	case U'超': case U'特': case U'较': case U'回': case U'首': case U'本': case U'此':
	case U'窗': case U'手': case U'浏': case U'阅':
	case U'【': case U'】': case U'［': case U'］': case U'（': case U'）': case U'：':
	case U'｜': case U'、': case U'·': case U'•': case U'丨': case U'，': case U'《':
	case U'》': case 'Q': case 'A': case 'T': case '[': case ']': case '(': case ')':
	case ':': case '|': case '/': case '-': case '<': case '>': case ',':
		return true;
	default:
		return false;
	}
}

/* A web page's controls (下载 打印 全屏 【字号：大 中 小】 加大 还原 减小 分享到：微信
 * 微博 【关闭窗口】), one to a line or several, or a line of their brackets alone: the
 * line holds nothing but these words and separators. */
static bool controls_only(const unsigned char *s, size_t a, size_t b)
{
	/* a longer word before any word it starts with */
	static const char *const words[] = {
		"下载", "打印文章", "打印", "全屏", "收藏", "字号", "字体", "加大", "还原",
		"减小", "放大", "缩小", "默认", "标准", "超大", "特大", "较大", "大字", "大",
		"中", "小", "分享到", "分享至", "分享", "关闭", "返回首页", "返回顶部", "返回",
		"回到顶部", "顶部", "顶端", "首页", "本页", "本文", "此页", "窗口", "我要纠错",
		"纠错", "保存", "复制链接", "复制", "新浪微博", "腾讯微博", "微信", "微博",
		"朋友圈", "QQ空间", "QQ好友", "QQ", "扫一扫", "二维码", "手机版", "视力保护色",
		"保护色", "背景色", "护眼模式", "长者模式", "阅读模式", "语音播报", "朗读",
		"无障碍", "浏览", "繁体", "简体", "繁", "简", "评论", "点赞", "转发", "举报",
		"A+", "A-", "A", "T", NULL
	};
	static const char *const seps[] = {
		"【", "】", "［", "］", "（", "）", "：", "｜", "、", "·", "•", "丨", "，", "《",
		"》", "[", "]", "(", ")", ":", "|", "/", "-", "<", ">", ",", NULL
	};
	size_t i = skip_blank(s, a, b), k;
	if (i < b && !control_first(u8get(s, b, i, &k)))
		return false; /* most lines are told by their first character */
	while (i < b) {
		if ((k = blank_len(s, b, i)) || (k = any_at(s, i, b, seps)) || (k = any_at(s, i, b, words)))
			i += k;
		else
			return false;
	}
	return true;
}

/* A line naming its source (来源：) that also gives its time, date, author or editor:
 * 2024-03-01 来源：新华社 作者： */
static bool source_line(const unsigned char *s, size_t a, size_t b)
{
	static const char *const words[] = { "时间", "日期", "作者", "编辑", NULL };
	for (size_t i = a; i < b; i++)
		if ((s[i] >= '0' && s[i] <= '9') || any_at(s, i, b, words))
			return true;
	return false;
}

/* Left over from web pages and news sites, never part of the speech. */
static bool is_junk(const unsigned char *s, size_t a, size_t b, size_t nch)
{
	static const char *const starts[] = {
		"来源：", "来源:", "作者：", "作者:", "编辑：", "编辑:", "责任编辑", "责编",
		"发布时间", "发布日期", "发布者", "时间：", "日期：", "浏览次数", "浏览：",
		"点击数", "点击：", "阅读次数", "阅读量", "【字号", "字号：", "【字体", "字体：",
		"【打印", "【关闭", "打印本页", "关闭窗口", "分享到", "扫一扫", "原标题：",
		"文章来源", "信息来源", "稿件来源", "审核：", "校对：", "摄影：", "图片来源",
		"图为", "▲", "※", "注：", "当前位置", "您的位置", "您现在的位置", "首页 >",
		"首页>", "首页 »", "上一篇", "下一篇", "相关阅读", "相关链接", "相关新闻",
		"本文转载", "转载请", "版权所有", "Copyright", "网站地图", "（责任编辑", "(责任编辑",
		"【责任编辑", "[责任编辑", "（来源", "(来源", "【来源", "（编辑", "(编辑", NULL
	};
	static const char *const sentences[] = { "※", "注：", "图为", "本文转载", "转载请", NULL };
	if (nch <= 40 && controls_only(s, a, b))
		return true;
	/* leftovers are short lines that end no sentence (an empty 作者： ends in its
	 * colon); a footnote or a caption may be a long sentence */
	if (nch > 80 || (ends_terminal(s, a, b) && !ends_with(s, a, b, "：") && !ends_with(s, a, b, ":")))
		return any_at(s, a, b, sentences) > 0;
	if (any_at(s, a, b, starts))
		return true;
	{
		/* a bare time stamp (2024-03-01 10:30) */
		size_t i = a;
		while (i < b && ((s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == ':' ||
		                 s[i] == '/' || s[i] == '.' || s[i] == ' '))
			i++;
		if (i == b && nch >= 4)
			return true;
		/* breadcrumbs, source + time lines, photo credits: one pass over the line,
		 * looking closer only at the bytes that can start one of their marks */
		static const char *const marks[] = { " > ", " | ", "»", "＞", "｜", "（摄影", "记者 摄", NULL };
		for (i = a; i < b; i++) {
			unsigned char c = s[i];
			if ((c == ' ' || c == 0xC2 || c == 0xEF || c == 0xE8) && any_at(s, i, b, marks))
				return true;
			if (c == 0xE6 && (lit_at(s, i, b, "来源：") || lit_at(s, i, b, "来源:")) &&
			    source_line(s, a, b))
				return true;
		}
		if (ends_with(s, a, b, "摄）") || ends_with(s, a, b, "摄)"))
			return true;
	}
	return false;
}

/* Ends in a word that names a speech: 讲话, 发言, 报告, 致辞, 讲稿, … 词. */
static bool ends_speech_word(const unsigned char *s, size_t a, size_t b)
{
	static const char *const words[] = {
		"讲话", "发言", "报告", "致辞", "讲稿", "讲话稿", "讲话材料", "发言稿", "发言材料",
		"讲话提纲", "主持词", "开幕词", "闭幕词", "欢迎词", "贺词", "演讲", "讲话要点",
		"党课", "讲话摘要", "述职", "总结讲话", NULL
	};
	static const char *const closers[] = { "）", ")", "》", "”", NULL };
	for (;;) { /* …讲话（摘要） / …讲话》 */
		size_t p = u8prev(s, a, b);
		if (b > a && any_at(s, p, b, closers) == b - p) {
			size_t q = p;
			if (lit_at(s, p, b, "）") || lit_at(s, p, b, ")")) {
				while (q > a && !lit_at(s, q, b, "（") && !lit_at(s, q, b, "("))
					q = u8prev(s, a, q);
			}
			if (q == a)
				break;
			b = q;
			continue;
		}
		break;
	}
	for (const char *const *w = words; *w; w++)
		if (ends_with(s, a, b, *w))
			return true;
	return false;
}

/* Contains a title or office (书记, 部长, 主任, …): a speaker line. */
static bool has_office(const unsigned char *s, size_t a, size_t b)
{
	static const char *const offices[] = {
		"书记", "部长", "市长", "县长", "区长", "省长", "州长", "镇长", "乡长", "主任",
		"局长", "厅长", "处长", "主席", "常委", "委员", "秘书长", "院长", "校长", "董事长",
		"总经理", "行长", "所长", "司令", "政委", "组长", "署长", "会长", "理事长",
		"检察长", "总裁", "专员", "参事", NULL
	};
	/* one pass over the (short) line, trying the list at each character */
	for (size_t i = a; i < b; i += (s[i] < 0x80) ? 1 : (s[i] < 0xE0) ? 2 : (s[i] < 0xF0) ? 3 : 4)
		if (any_at(s, i, b, offices))
			return true;
	return false;
}

/* A date such as 2024年8月24日, （二〇二四年八月二十四日）, with an optional name of up
 * to 6 characters before it. Returns the end of the date (after its bracket) or 0. */
static size_t date_at(const unsigned char *s, size_t a, size_t b)
{
	static const char *const open[] = { "（", "(", "〔", "[", NULL };
	static const char *const close[] = { "）", ")", "〕", "]", NULL };
	size_t p = a, k, l;
	int name = 0;

	/* a year (年, E5 B9 B4) within the first 16 characters, or no date */
	size_t lim = b - a > 48 ? a + 48 : b;
	for (size_t q = a + 2;; q++) { /* its last byte first: rarer than the lead */
		const unsigned char *hit = q < lim ? memchr(s + q, 0xB4, lim - q) : NULL;
		if (!hit)
			return 0;
		q = (size_t)(hit - s);
		if (s[q - 2] == 0xE5 && s[q - 1] == 0xB9)
			break;
	}
	while (p < b && name <= 6) { /* the name, if any */
		uint32_t ch = u8get(s, b, p, &l);
		if (!cjk_is_han(ch) && ch != 0x00B7 && ch != 0x30FB && ch != '*' && ch != 'X' && ch != 'x')
			break;
		if (cn_digit(s, p, b) >= 0)
			break;
		p += l, name++;
	}
	if (name > 6)
		return 0;
	p = skip_blank(s, p, b);
	size_t bracket = any_at(s, p, b, open);
	p += bracket;
	/* the year, month and day */
	struct date d;
	size_t e = date_read_chinese((const char *)s, b, p, &d);
	if (e == p)
		return 0;
	p = e;
	if (bracket) {
		if (!(k = any_at(s, p, b, close)))
			return 0;
		p += k;
	}
	return p;
}

/* 同志们： 各位领导、同志们： 尊敬的…： Returns the end (after the colon) or 0. */
static size_t salutation_at(const unsigned char *s, size_t a, size_t b)
{
	static const char *const openers[] = {
		"同志们", "各位", "尊敬的", "亲爱的", "女士们", "先生们", "老师们", "同学们", "朋友们",
		"同胞们", "在座的", "大家好", "代表们", "战友们", NULL
	};
	static const char *const colon[] = { "：", ":", NULL };
	size_t k;

	if (!any_at(s, a, b, openers))
		return 0;
	size_t lim = a + 40 * 3 < b ? a + 40 * 3 : b;
	size_t i = find_stop(s, a, lim); /* the first of 。！？；： */
	if (i < lim && (k = any_at(s, i, b, colon)))
		return i + k;
	return 0;
}

/* 同志们！… 同志们，… 各位代表，…: the speaker turns to the audience to close. */
static bool is_closing(const unsigned char *s, size_t a, size_t b)
{
	static const char *const openers[] = { "同志们", "各位代表", "各位领导", "各位同志",
	                                        "各位委员", "同志们、朋友们", NULL };
	static const char *const after[] = { "，", "！", "、", ",", "!", NULL };
	size_t k = any_at(s, a, b, openers);
	return k && any_at(s, a + k, b, after);
}

static void classify(struct ctx *c, size_t i)
{
	const unsigned char *s = c->s;
	struct outline_para *p = &c->o->paras[i];
	struct pinfo *pi = &c->pi[i];
	size_t a = p->start, b = p->end;

	pi->nch = (uint16_t)count_chars(s, a, b, NCH_CAP);
	pi->has_marker = parse_marker(s, a, b, true, &pi->m);
	/* a numbered line is a heading, never a leftover (and most short lines are) */
	pi->junk = !pi->has_marker && is_junk(s, a, b, pi->nch);
	if (pi->junk) {
		pi->has_marker = false;
		return;
	}
	pi->part = pi->has_marker && pi->m.fam == FAM_PART && pi->nch <= 60;
	pi->salut_end = (uint32_t)salutation_at(s, a, b);
	pi->date_end = (uint32_t)date_at(s, a, b);
	if (pi->date_end && !pi->salut_end) {
		size_t q = skip_blank(s, pi->date_end, b);
		if (q < b && (pi->salut_end = (uint32_t)salutation_at(s, q, b)) == 0)
			pi->date_end = 0; /* a sentence that starts with a date */
	}
	bool dash = lit_at(s, a, b, "——") || lit_at(s, a, b, "—") || lit_at(s, a, b, "--");
	if (pi->date_end && pi->date_end == b)
		pi->hk = HK_DATE;
	else if (dash && pi->nch <= 60 && !has_sentence_punct(s, a, b))
		pi->hk = HK_SUBTITLE;
	else if (pi->date_end)
		pi->hk = HK_NONE; /* date + salutation run on: handled as salutation */
	else if (pi->has_marker || pi->salut_end || pi->nch > 60)
		pi->hk = HK_NONE;
	else if (dash)
		pi->hk = HK_NONE;
	else if (pi->nch <= 40 && !has_sentence_punct(s, a, b) && count_lit(s, a, b, "，") <= 2 &&
	           !ends_with(s, a, b, "，") && !ends_with(s, a, b, "、")) {
		if (has_office(s, a, b) && !ends_speech_word(s, a, b) && pi->nch <= 30)
			pi->hk = HK_SPEAKER;
		else if (pi->nch >= 2 && pi->nch <= 4 && count_chars(s, a, b, 8) == (b - a) / 3)
			pi->hk = HK_NAME;
		else
			pi->hk = HK_TITLE;
	}
}

/* ---- speeches --------------------------------------------------------------------- */

/* ——在…上的讲话, ——2024年3月5日在…会议上: a subtitle that names the occasion. */
static bool occasion_subtitle(const unsigned char *s, size_t a, size_t b)
{
	return ends_speech_word(s, a, b) || (ends_with(s, a, b, "上") && contains(s, a, b, "在"));
}

/* (周立明)在全省…会议上的(讲话): a speech's title that names its occasion. */
static bool occasion_title(const unsigned char *s, size_t a, size_t b)
{
	return contains(s, a, b, "在") && contains(s, a, b, "上的");
}

/* Does the paragraph before i (leftovers aside) announce a text given in full
 * (讲话全文如下：, 以下是讲话全文：)? */
static bool announced(const struct ctx *c, size_t i)
{
	static const char *const words[] = { "讲话", "发言", "致辞", "报告", NULL };
	while (i > 0 && c->pi[i - 1].junk)
		i--;
	if (i == 0)
		return false;
	const unsigned char *s = c->s;
	size_t a = c->o->paras[i - 1].start, b = c->o->paras[i - 1].end;
	if (!ends_with(s, a, b, "：") && !ends_with(s, a, b, ":"))
		return false;
	if (contains(s, a, b, "全文"))
		return true;
	if (!contains(s, a, b, "如下"))
		return false;
	for (const char *const *w = words; *w; w++)
		if (contains(s, a, b, *w))
			return true;
	return false;
}

static bool is_head(const struct pinfo *pi)
{
	return pi->hk != HK_NONE;
}

/* Does a new speech's head start at paragraph i? Title lines, subtitle, speaker and
 * date lines, then a salutation (possibly run on); or a speech-titled line followed by
 * speaker or date lines. */
static bool head_starts(const struct ctx *c, size_t i, size_t np)
{
	const struct pinfo *pi = c->pi;
	bool speechy = false, who = false, plain_title = false, occasion = false;
	size_t k = i, heads = 0;

	while (k < np && heads < 8 && (pi[k].junk || is_head(&pi[k]))) {
		if (!pi[k].junk) {
			const struct outline_para *p = &c->o->paras[k];
			heads++;
			if (pi[k].hk == HK_TITLE) {
				if (ends_speech_word(c->s, p->start, p->end)) {
					speechy = true;
					occasion |= heads == 1 && occasion_title(c->s, p->start, p->end);
				} else {
					plain_title = true;
				}
			} else if (pi[k].hk == HK_SUBTITLE) {
				/* a title, then ——在…上的讲话 */
				occasion |= (speechy || plain_title) && occasion_subtitle(c->s, p->start, p->end);
				speechy = true;
			} else {
				who = true;
			}
		}
		k++;
	}
	if (heads == 0)
		return false;
	if (k < np && pi[k].salut_end)
		return speechy || who || (plain_title && heads >= 2);
	/* a speech given in full after a news page's headline and lead: its title
	 * names the occasion (在…上的讲话, or a title and ——在…上的讲话), or the lead
	 * announces it (讲话全文如下：) */
	return (speechy && who) || occasion || (speechy && announced(c, i));
}

static size_t add_node(outline *o, enum outline_kind kind, int depth, size_t parent,
                       size_t start, size_t mlen, size_t tstart, size_t tend, int fam, int num,
                       bool inl)
{
	GROW(o->nodes, o->nnode, o->cnode, nomem);
	o->nodes[o->nnode] = (struct outline_node){
		.kind = kind, .depth = depth, .parent = parent, .start = start,
		.marker_len = mlen, .title_start = tstart, .title_end = tend, .end = tend,
		.family = fam, .number = num, .inline_ = inl,
	};
	return o->nnode++;
nomem:
	return SIZE_MAX;
}

/* Splits the paragraphs into speeches and fills each speech's metadata. */
static enum pz_status find_speeches(struct ctx *c)
{
	outline *o = c->o;
	const unsigned char *s = c->s;
	size_t np = o->npara, i = 0;

	while (i < np && c->pi[i].junk)
		o->paras[i++].role = OUTLINE_ROLE_JUNK;
	while (i < np) {
		GROW(o->speeches, o->nspeech, o->cspeech, nomem);
		struct outline_speech *sp = &o->speeches[o->nspeech];
		memset(sp, 0, sizeof(*sp));
		sp->para_first = i;
		size_t first = i, node_start = o->paras[i].start, tstart = node_start, tend = node_start;
		size_t mlen = 0;
		int num = 0;
		bool titled = false;

		if (c->pi[i].part) {
			o->paras[i].role = OUTLINE_ROLE_PART;
			mlen = c->pi[i].m.len;
			num = c->pi[i].m.num;
			tstart = skip_blank(s, node_start + mlen, o->paras[i].end);
			tend = o->paras[i].end;
			titled = true;
			i++;
		}
		/* the head: title lines, subtitle, speaker, date */
		for (size_t heads = 0; i < np && heads < 8; i++) {
			struct pinfo *pi = &c->pi[i];
			struct outline_para *p = &o->paras[i];
			struct outline_range r = { p->start, p->end };
			if (pi->junk) {
				p->role = OUTLINE_ROLE_JUNK;
				continue;
			}
			if (!is_head(pi))
				break;
			/* a short plain line after the salutation-less head is the body's */
			if (pi->hk == HK_TITLE && i + 1 < np && !c->pi[i + 1].salut_end &&
			    !is_head(&c->pi[i + 1]) && heads > 0 && !ends_speech_word(s, r.start, r.end))
				break;
			heads++;
			switch (pi->hk) {
			case HK_TITLE:
				p->role = OUTLINE_ROLE_TITLE;
				if (sp->title_count < 4)
					sp->titles[sp->title_count++] = r;
				break;
			case HK_SUBTITLE:
				p->role = OUTLINE_ROLE_SUBTITLE;
				sp->subtitle = r;
				break;
			case HK_DATE:
				p->role = OUTLINE_ROLE_DATE;
				sp->date = r;
				break;
			default:
				p->role = OUTLINE_ROLE_SPEAKER;
				sp->speaker = r;
				break;
			}
			if (!titled && (pi->hk == HK_TITLE || pi->hk == HK_SPEAKER || pi->hk == HK_NAME)) {
				tstart = r.start;
				tend = r.end;
				titled = true;
			}
		}
		if (!titled && sp->subtitle.end > sp->subtitle.start) {
			/* ——在…上的讲话 alone: the speech is known by its occasion */
			size_t q = sp->subtitle.start;
			while (q < sp->subtitle.end && (lit_at(s, q, sp->subtitle.end, "—") || s[q] == '-'))
				q += s[q] == '-' ? 1 : 3;
			node_start = sp->subtitle.start;
			tstart = skip_blank(s, q, sp->subtitle.end);
			tend = sp->subtitle.end;
			titled = true;
		}
		size_t body = i;
		if (i < np && c->pi[i].salut_end) {
			struct pinfo *pi = &c->pi[i];
			struct outline_para *p = &o->paras[i];
			size_t sa = p->start;
			if (pi->date_end) {
				sp->date = (struct outline_range){ p->start, pi->date_end };
				sa = skip_blank(s, pi->date_end, p->end);
			}
			sp->salutation = (struct outline_range){ sa, pi->salut_end };
			p->role = OUTLINE_ROLE_SALUTATION;
			body = i;
			if (skip_blank(s, pi->salut_end, p->end) >= p->end)
				body = ++i;
		}
		if (first == body && !titled && body < np)
			node_start = o->paras[body].start, tstart = tend = node_start;
		/* the node itself is added when the speech is built, to keep document order */
		GROW(c->heads, o->nspeech, c->cheads, nomem);
		c->heads[o->nspeech] = (struct outline_node){
			.kind = OUTLINE_SPEECH, .start = node_start, .marker_len = mlen,
			.title_start = tstart, .title_end = tend, .family = mlen ? FAM_PART : -1,
			.number = num,
		};
		/* the body runs to the next head */
		size_t j = body;
		for (; j < np; j++) {
			if (j > body && (c->pi[j].part || head_starts(c, j, np)))
				break;
			o->paras[j].speech = (uint32_t)o->nspeech;
			if (c->pi[j].junk)
				o->paras[j].role = OUTLINE_ROLE_JUNK;
		}
		for (size_t k = first; k < body; k++)
			o->paras[k].speech = (uint32_t)o->nspeech;
		sp->para_end = j;
		o->nspeech++;
		i = j;
		if (i == first) /* cannot happen, but never loop forever */
			i++;
	}
	return PZ_OK;
nomem:
	return PZ_NOMEM;
}

/* ---- enumerations ----------------------------------------------------------------- */

/* The first byte at or after q (before end) that is one of the seven given (repeat
 * one where fewer are wanted), or end. The scans below run over the whole text or
 * every paragraph's first sentence, so sixteen bytes at a time where the compiler has
 * vectors; with constant arguments each inlined copy compares only its own bytes. */
static inline size_t first_of(const unsigned char *s, size_t q, size_t end, unsigned char b0,
                              unsigned char b1, unsigned char b2, unsigned char b3,
                              unsigned char b4, unsigned char b5, unsigned char b6)
{
#if defined(__SSE2__)
	/* one mask of sixteen bits a block (pmovmskb) */
	while (q + 16 <= end) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + q));
		__m128i m = _mm_or_si128(
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)b0)),
			                          _mm_cmpeq_epi8(x, _mm_set1_epi8((char)b1))),
			             _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)b2)),
			                          _mm_cmpeq_epi8(x, _mm_set1_epi8((char)b3)))),
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)b4)),
			                          _mm_cmpeq_epi8(x, _mm_set1_epi8((char)b5))),
			             _mm_cmpeq_epi8(x, _mm_set1_epi8((char)b6))));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return q + (size_t)__builtin_ctz(bits);
		q += 16;
	}
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	typedef unsigned char v16 __attribute__((vector_size(16)));
	while (q + 16 <= end) {
		v16 x;
		memcpy(&x, s + q, 16);
		v16 m = (v16)((x == b0) | (x == b1) | (x == b2) | (x == b3) | (x == b4) | (x == b5) |
		              (x == b6));
		uint64_t lo, hi;
		memcpy(&lo, &m, 8);
		memcpy(&hi, (const unsigned char *)&m + 8, 8);
		if (lo)
			return q + (size_t)__builtin_ctzll(lo) / 8;
		if (hi)
			return q + 8 + (size_t)__builtin_ctzll(hi) / 8;
		q += 16;
	}
#endif
	while (q < end && s[q] != b0 && s[q] != b1 && s[q] != b2 && s[q] != b3 && s[q] != b4 &&
	       s[q] != b5 && s[q] != b6)
		q++;
	return q;
}

/* The first byte at or after q (before end) that can start a mark of 。：；！？，（:;,
 * (0xE3, 0xEF, ':', ';' or ',', never continuation bytes), or end. */
static size_t mark_lead(const unsigned char *s, size_t q, size_t end)
{
	return first_of(s, q, end, 0xE3, 0xEF, ':', ';', ',', ',', ',');
}

/* Inline markers stand after a sentence or clause mark (：。；！？), after a comma
 * (…，一是要…；二是要…), or, in brackets, anywhere (三个环节（一）…（二）…). Those after
 * a comma or without a mark, and the numbers of sections (（一） 1.) run into a
 * paragraph, are weak: their list must stand in one paragraph. */
static bool collect_candidates(struct ctx *c, size_t from, size_t to)
{
	outline *o = c->o;
	const unsigned char *s = c->s;

	c->ncand = 0;
	for (size_t i = from; i < to; i++) {
		struct outline_para *p = &o->paras[i];
		struct pinfo *pi = &c->pi[i];
		size_t a = p->start;
		if (pi->junk || p->role == OUTLINE_ROLE_TITLE || p->role == OUTLINE_ROLE_SUBTITLE ||
		    p->role == OUTLINE_ROLE_SPEAKER || p->role == OUTLINE_ROLE_DATE ||
		    p->role == OUTLINE_ROLE_PART)
			continue;
		if (p->role == OUTLINE_ROLE_SALUTATION)
			a = pi->salut_end;
		else if (pi->has_marker && fam_is_point(pi->m.fam)) {
			GROW(c->cands, c->ncand, c->ccand, nomem);
			c->cands[c->ncand++] = (struct cand){ SIZE_MAX, i, a, pi->m, false, false, false };
		}
		for (size_t q = mark_lead(s, a, p->end); q < p->end; q = mark_lead(s, q, p->end)) {
			size_t k = 0, r;
			bool comma = false, paren = false;
			struct marker m;
			unsigned char c0 = s[q];
			if (c0 == ':' || c0 == ';' || c0 == ',') {
				k = 1, comma = c0 == ',';
			} else if (q + 3 > p->end) {
				break;
			} else if (c0 == 0xE3) {
				if (s[q + 1] == 0x80 && s[q + 2] == 0x82) /* 。 */
					k = 3;
			} else if (s[q + 1] == 0xBC) {
				switch (s[q + 2]) {
				case 0x9A: case 0x9B: case 0x81: case 0x9F: /* ：；！？ */
					k = 3;
					break;
				case 0x8C: /* ， */
					k = 3, comma = true;
					break;
				case 0x88: /* （, not a line's own marker */
					paren = q > p->start;
					break;
				}
			}
			if (!k && !paren) {
				q += c0 < 0x80 ? 1 : 3; /* another character */
				continue;
			}
			r = q + k;
			if (r < p->end && !may_follow(s, r, p->end)) {
				q = r; /* no marker, nor a blank before one */
				continue;
			}
			if (parse_marker(s, (r = skip_blank(s, r, p->end)), p->end, false, &m) &&
			    !(comma && m.fam == FAM_FM) && !(paren && m.fam != FAM_CNP && m.fam != FAM_ARP)) {
				GROW(c->cands, c->ncand, c->ccand, nomem);
				c->cands[c->ncand++] = (struct cand){ SIZE_MAX, i, r, m, true, false,
				                                      comma || paren || fam_is_section(m.fam) };
				q = r + m.len;
			} else {
				q += k ? k : 3;
			}
		}
	}
	return true;
nomem:
	return false;
}

static bool follows(const struct marker *prev, const struct marker *m)
{
	if (m->fam == FAM_ORD)
		return prev->num < m->num;
	return m->num == prev->num + 1;
}

/* An enumeration counts when it enumerates: a first item needs a second one after
 * it, later items need their predecessor. This is what keeps 第一书记, 统一是 and a
 * lone 最后， out. */
static void check_candidates(struct ctx *c)
{
	/* linear: the next candidate of each one's family, then the last accepted one */
	size_t next_of[FAM_COUNT], last_ok[FAM_COUNT];
	for (int f = 0; f < FAM_COUNT; f++)
		next_of[f] = last_ok[f] = SIZE_MAX;
	for (size_t i = c->ncand; i-- > 0;) {
		c->cands[i].next = next_of[c->cands[i].m.fam];
		next_of[c->cands[i].m.fam] = i;
	}
	for (size_t i = 0; i < c->ncand; i++) {
		struct cand *x = &c->cands[i];
		if (x->m.fam == FAM_DASH)
			continue;
		if (x->m.num == 1) {
			if (x->next != SIZE_MAX) {
				const struct cand *y = &c->cands[x->next];
				x->ok = !(x->inl && y->para > x->para + 2) && !(x->weak && y->para != x->para) &&
				        y->m.num != 1 && follows(&x->m, &y->m);
			}
		} else if (last_ok[x->m.fam] != SIZE_MAX) {
			const struct cand *y = &c->cands[last_ok[x->m.fam]];
			x->ok = (follows(&y->m, &x->m) ||
			         (!x->inl && y->m.num < x->m.num && x->m.fam != FAM_ORD)) &&
			        !(x->weak && y->para != x->para);
		}
		if (x->ok)
			last_ok[x->m.fam] = i;
	}
	/* dash bullets: two or more paragraphs in a row */
	for (size_t i = 0; i < c->ncand; i++) {
		struct cand *x = &c->cands[i];
		if (x->m.fam != FAM_DASH)
			continue;
		bool prev = i > 0 && c->cands[i - 1].m.fam == FAM_DASH && !c->cands[i - 1].inl &&
		            c->cands[i - 1].para + 1 == x->para;
		bool next = i + 1 < c->ncand && c->cands[i + 1].m.fam == FAM_DASH &&
		            c->cands[i + 1].para == x->para + 1;
		x->ok = prev || next;
		x->m.num = prev ? c->cands[i - 1].m.num + 1 : 1;
	}
}

/* ---- building the tree ------------------------------------------------------------- */

static void pop_to(struct ctx *c, int keep, size_t pos)
{
	while (c->sp > keep) {
		c->sp--;
		c->o->nodes[c->st[c->sp].node].end = pos;
	}
}

static int innermost_section_level(const struct ctx *c)
{
	for (int i = c->sp - 1; i >= 0; i--)
		if (!c->st[i].inl && (c->st[i].fam < 0 ? c->st[i].level == LEVEL_SPEECH
		                                         : fam_is_section(c->st[i].fam)))
			return c->st[i].fam < 0 ? 0 : c->st[i].level;
	return 0;
}

static bool push(struct ctx *c, enum outline_kind kind, size_t start, size_t mlen,
                 size_t tstart, size_t tend, int fam, int num, int level, bool inl)
{
	struct frame *top = &c->st[c->sp - 1];
	int depth = c->o->nodes[top->node].depth + 1;
	size_t node = add_node(c->o, kind, depth, top->node, start, mlen, tstart, tend, fam, num, inl);
	if (node == SIZE_MAX)
		return false;
	if (c->sp == STACK_MAX) /* deeper than any document: keep it a sibling */
		pop_to(c, c->sp - 1, start);
	c->st[c->sp++] = (struct frame){ node, level, fam, num, inl };
	return true;
}

/* Title of a heading: from after the marker to the first 。！？；： of its paragraph. */
static void title_range(const struct ctx *c, size_t from, size_t pend, size_t *ts, size_t *te)
{
	*ts = skip_blank(c->s, from, pend);
	*te = trim_end(c->s, *ts, find_stop(c->s, *ts, pend));
}

/* A numbered section or a line-start point. */
static bool place_block(struct ctx *c, const struct outline_para *p, const struct marker *m)
{
	int level;
	if (fam_is_section(m->fam)) {
		level = section_level[m->fam];
	} else {
		if (!c->point_level[m->fam]) {
			const struct frame *top = &c->st[c->sp - 1];
			c->point_level[m->fam] = (top->fam >= 0 && fam_is_point(top->fam)) ? top->level + 1
			                                                                   : LEVEL_POINT;
		}
		level = c->point_level[m->fam];
	}
	/* the same family open: a sibling (also for a list that starts again) */
	int keep = -1;
	for (int i = c->sp - 1; i > 0; i--)
		if (c->st[i].fam == m->fam) {
			keep = i;
			break;
		}
	if (keep < 0) {
		keep = c->sp;
		while (keep > 1 && c->st[keep - 1].level >= level)
			keep--;
	}
	pop_to(c, keep, p->start);
	size_t ts, te;
	title_range(c, p->start + m->len, p->end, &ts, &te);
	return push(c, fam_is_section(m->fam) ? OUTLINE_SECTION : OUTLINE_POINT, p->start, m->len,
	            ts, te, m->fam, m->num, level, false);
}

/* A heading without a marker, one level below the innermost numbered section. */
static bool place_unmarked(struct ctx *c, size_t start, size_t tend)
{
	int level = innermost_section_level(c) + UNMARKED_OFFSET;
	int keep = c->sp;
	while (keep > 1 && c->st[keep - 1].level >= level)
		keep--;
	pop_to(c, keep, start);
	return push(c, OUTLINE_HEAD, start, 0, start, tend, -1, 0, level, false);
}

/* An inline point; its title ends where the next item of its list starts when that
 * comes first (一是抓项目建设，二是…), if four characters are left to it. */
static bool place_inline(struct ctx *c, size_t pos, size_t pend, size_t next,
                         const struct marker *m)
{
	int keep = -1;
	for (int i = c->sp - 1; i > 0; i--) {
		/* a section's number run into a paragraph lists within it */
		if (c->st[i].fam != m->fam || (fam_is_section(m->fam) && !c->st[i].inl))
			continue;
		/* in this paragraph's own list, or continuing an open one: a sibling */
		if (c->st[i].inl || m->num > c->st[i].num)
			keep = i;
		break;
	}
	if (keep < 0)
		keep = c->sp;
	pop_to(c, keep, pos);
	size_t ts, te;
	title_range(c, pos + m->len, pend, &ts, &te);
	if (next < te) {
		size_t e = trim_end(c->s, ts, next), q = u8prev(c->s, ts, e);
		if (lit_at(c->s, q, e, "，") || lit_at(c->s, q, e, ","))
			e = trim_end(c->s, ts, q);
		if (count_chars(c->s, ts, e, 4) >= 4)
			te = e;
	}
	return push(c, OUTLINE_POINT, pos, m->len, ts, te, m->fam, m->num, LEVEL_INLINE, true);
}

static void pop_inline(struct ctx *c, size_t pos)
{
	int keep = c->sp;
	while (keep > 1 && c->st[keep - 1].inl)
		keep--;
	/* an inline sibling may have replaced a block node: drop down to a block frame */
	pop_to(c, keep, pos);
}

/* A short line ending in ： that introduces what follows (抓住四个关键：). */
static bool colon_line(const struct ctx *c, size_t i)
{
	const struct outline_para *p = &c->o->paras[i];
	const struct pinfo *pi = &c->pi[i];
	const unsigned char *s = c->s;
	if (pi->junk || pi->has_marker || pi->salut_end || pi->nch > 26 || pi->nch < 3)
		return false;
	if (!ends_with(s, p->start, p->end, "：") && !ends_with(s, p->start, p->end, ":"))
		return false;
	size_t body_end = p->end - (ends_with(s, p->start, p->end, "：") ? 3 : 1);
	return !has_sentence_punct(s, p->start, body_end) && !is_closing(s, p->start, p->end);
}

/* A short head run into its paragraph by a colon (围绕一个目标：就是要…). Returns the
 * colon's offset or 0. */
static size_t colon_runin(const struct ctx *c, size_t i)
{
	const struct outline_para *p = &c->o->paras[i];
	const unsigned char *s = c->s;
	size_t q = p->start, nch = 0;
	while (q < p->end && nch <= 12) {
		size_t l;
		uint32_t ch = u8get(s, p->end, q, &l);
		if (ch == 0xFF1A || ch == ':')
			return nch >= 2 && count_chars(s, q, p->end, 12) > 10 ? q : 0;
		if (!cjk_is_han(ch))
			return 0;
		q += l, nch++;
	}
	return 0;
}

static size_t next_para(const struct ctx *c, size_t i, size_t end)
{
	for (i++; i < end && c->pi[i].junk; i++)
		;
	return i;
}

/* Opening words that make a sentence discourse rather than a heading. */
static bool discourse_start(const unsigned char *s, size_t a, size_t b)
{
	static const char *const words[] = {
		"但", "同时", "此外", "因此", "所以", "总之", "当然", "其中", "比如", "例如", "这",
		"那", "今年", "去年", "近年", "当前", "目前", "对此", "为此", "对于", "如果", "只有",
		"我们", "我", "大家", "实践证明", "事实证明", "一是", "首先", NULL
	};
	return any_at(s, a, b, words) > 0;
}

/* 王某强调，… 会议指出，… 各级党委，要…: a sentence that reports what someone said,
 * or tells someone what to do, is no heading (news items and instructions run so
 * paragraph after paragraph, alike at their start). */
static bool reports_or_instructs(const unsigned char *s, size_t a, size_t te)
{
	static const char *const verbs[] = { "指出", "强调", "表示", "要求", "认为", "提出",
	                                     "说", "称", "介绍", "谈到", "提到", "宣布", NULL };
	static const char *const modals[] = { "要", "应", "必须", "务必", "需要", "一定要", NULL };
	/* someone, and the verb or the modal: a few words before a comma (以…为内在要求 is
	 * a frame's words) */
	size_t lim = te - a > 11 * 3 ? a + 11 * 3 : te, q = a;
	while (q < lim && !(s[q] == ',' || (s[q] == 0xEF && q + 3 <= te && s[q + 1] == 0xBC &&
	                                    s[q + 2] == 0x8C)))
		q++;
	if (q >= lim || count_chars(s, a, q, 10) > 10)
		return false;
	for (const char *const *v = verbs; *v; v++)
		if (ends_with(s, a, q, *v))
			return true;
	q += s[q] == ',' ? 1 : 3;
	return any_at(s, q, te, modals) > 0;
}

/* The first byte at or after q (before end) that can start a sentence's end or a
 * comma (…“”。，！？；： and ASCII !?;, line breaks: lead bytes 0xE2, 0xE3, 0xEF), or
 * end: ideographs (0xE4-0xE9) are passed over. */
static size_t ender_lead(const unsigned char *s, size_t q, size_t end)
{
	return first_of(s, q, end, 0xE2, 0xE3, 0xEF, '!', '?', ';', '\n');
}

/* Where the first sentence of [a, lim) ends: its first 。！？；… or ASCII !?;, or a
 * line break, or lim; lim too when it holds more than `commas` commas or a colon
 * before that (no head then). */
static size_t first_ender(const unsigned char *s, size_t a, size_t lim, size_t commas)
{
	size_t ncomma = 0;
	for (size_t q = ender_lead(s, a, lim); q < lim; q = ender_lead(s, q + 1, lim)) {
		unsigned char c = s[q];
		if (c == '!' || c == '?' || c == ';' || c == '\n')
			return q;
		if (q + 3 > lim)
			return lim;
		if ((c == 0xE3 && s[q + 1] == 0x80 && s[q + 2] == 0x82) ||
		    (c == 0xEF && s[q + 1] == 0xBC &&
		     (s[q + 2] == 0x81 || s[q + 2] == 0x9F || s[q + 2] == 0x9B)) ||
		    (c == 0xE2 && s[q + 1] == 0x80 && s[q + 2] == 0xA6))
			return q;
		if (c == 0xEF && s[q + 1] == 0xBC &&
		    (s[q + 2] == 0x9A || (s[q + 2] == 0x8C && ++ncomma > commas)))
			return lim; /* ： or one comma too many */
	}
	return lim;
}

/* A paragraph that opens with a short heading sentence (稳增长政策措施加快落地见效。…)
 * of at most maxch characters and `commas` commas. Returns the end of that sentence
 * (before its mark) or 0; *end (if not NULL) gets the sentence's end after its
 * marks and closing quotes. */
static size_t runin_head(const struct ctx *c, size_t i, size_t maxch, size_t commas, size_t *end)
{
	const struct outline_para *p = &c->o->paras[i];
	const struct pinfo *pi = &c->pi[i];
	const unsigned char *s = c->s;
	if (pi->junk || pi->has_marker || pi->salut_end || pi->hk == HK_DATE ||
	    c->o->paras[i].role != OUTLINE_ROLE_BODY)
		return 0;
	/* a sentence of maxch characters ends within this many bytes, closing quotes
	 * included: a long first sentence is not read to its end */
	size_t lim = p->end - p->start > 4 * maxch + 16 ? p->start + 4 * maxch + 16 : p->end;
	size_t q = first_ender(s, p->start, lim, commas);
	if (q == lim)
		return 0;
	size_t e = sentence_end((const char *)s, lim, q);
	size_t te = u8prev(s, p->start, e);
	if (e == p->start || (!lit_at(s, te, e, "。") && !lit_at(s, te, e, "！")))
		return 0;
	if (end)
		*end = e;
	size_t nch = utf8_count((const char *)s + p->start, te - p->start);
	/* a head speaks of no one (我 你) */
	if (nch < 4 || nch > maxch || has_char(s, p->start, te, "我") || has_char(s, p->start, te, "你") ||
	    discourse_start(s, p->start, te) || is_closing(s, p->start, p->end) ||
	    reports_or_instructs(s, p->start, te))
		return 0;
	return te;
}

/* Run-in heads need company: two or more paragraphs in a row, or heading lines each
 * followed by one paragraph. */
/* 1: a run-in head (its paragraph goes on after it); 2: a heading line (the
 * paragraph is that sentence alone); 0: neither. */
static int runin_kind(const struct ctx *c, size_t i)
{
	const struct outline_para *p = &c->o->paras[i];
	int k = 0;
	if (c->pi[i].runin) /* asked up to three times per paragraph: remembered */
		return c->pi[i].runin - 1;
	size_t e;
	if (runin_head(c, i, 20, 1, &e)) {
		if (count_chars(c->s, e, p->end, 10) >= 10)
			k = 1;
		else
			k = skip_blank(c->s, e, p->end) >= p->end ? 2 : 0;
	}
	c->pi[i].runin = (signed char)(k + 1);
	return k;
}

/* Run-in heads need company: two or more paragraphs in a row that open with one, or
 * heading lines each followed by its (longer, plain) paragraph. */
static bool runin_ok(const struct ctx *c, size_t i, size_t end, bool prev_runin)
{
	int kind = runin_kind(c, i);
	if (!kind)
		return false;
	size_t j = next_para(c, i, end);
	if (kind == 2 && (j >= end || runin_kind(c, j) || c->pi[j].has_marker ||
	                  c->pi[j].nch < 2 * c->pi[i].nch))
		return false;
	if (prev_runin)
		return true;
	if (kind == 1)
		return j < end && runin_kind(c, j) == 1;
	size_t k = next_para(c, j, end);
	return k < end && runin_kind(c, k) == 2;
}

/* In a speech with no markers at all, parallel paragraphs whose first sentence is a
 * short heading (以…为抓手，发挥…作用。…) are its sections: a run of three or more,
 * of similar length. Marks them in heads[]. */
struct head_key {
	uint64_t key;
	size_t para;
	size_t len;
};

static int cmp_head_key(const void *a, const void *b)
{
	const struct head_key *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->para < y->para ? -1 : x->para > y->para;
}

/* Heads may also stand apart, each followed by paragraphs of its own; then their
 * form must be parallel: the same first character and the same last two
 * (在抓项目扩投资上持续用力。… 在育产业强实体上持续用力。…), three or more of them,
 * of similar length. Sorting by that form keeps this linear in practice. */
static void find_parallel_apart(const struct ctx *c, size_t from, size_t to, size_t *heads)
{
	const unsigned char *s = c->s;
	struct head_key *k = malloc((to - from + 1) * sizeof(*k));
	size_t n = 0;
	if (!k)
		return; /* an outline without these heads, not a failure */
	for (size_t j = from; j < to; j++) {
		size_t te = runin_head(c, j, 30, 1, NULL), a = c->o->paras[j].start, l;
		if (!te)
			continue;
		size_t len = count_chars(s, a, te, 40);
		if (len < 6 || c->pi[j].nch < 2 * len)
			continue;
		size_t p1 = u8prev(s, a, te), p2 = u8prev(s, a, p1);
		uint64_t first = u8get(s, te, a, &l), last1 = u8get(s, te, p2, &l),
		         last2 = u8get(s, te, p1, &l);
		k[n++] = (struct head_key){ (first << 42) | (last1 << 21) | last2, j, len };
	}
	qsort(k, n, sizeof(*k), cmp_head_key);
	size_t best = 0, best_n = 0;
	for (size_t i = 0; i < n;) {
		size_t e = i, lo = SIZE_MAX, hi = 0;
		while (e < n && k[e].key == k[i].key) {
			lo = k[e].len < lo ? k[e].len : lo;
			hi = k[e].len > hi ? k[e].len : hi;
			e++;
		}
		if (e - i > best_n && hi * 2 <= lo * 3)
			best = i, best_n = e - i;
		i = e;
	}
	if (best_n >= 3)
		for (size_t i = best; i < best + best_n; i++)
			heads[k[i].para - from] = runin_head(c, k[i].para, 30, 1, NULL);
	free(k);
}

/* ---- heads of one frame ---------------------------------------------------------- */

/* Reports list what they learnt or require in paragraphs whose first sentences share
 * a frame (必须坚持…。 必须坚持…。, …是做好工作的根本保证。 …是做好工作的重要法宝。):
 * those sentences are headings, one level below their section, wherever they stand.
 * A frame is words the sentences share in the same order; the words between them
 * differ. */
enum { FRAME_CHARS = 40 };

static size_t decode(const unsigned char *s, size_t a, size_t b, uint32_t *out)
{
	size_t n = 0, l;
	while (a < b && n < FRAME_CHARS) {
		out[n++] = u8get(s, b, a, &l);
		a += l;
	}
	return n;
}

static size_t han_in(const uint32_t *x, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += cjk_is_han(x[i]);
	return k;
}

/* Han characters in the common runs of two or more characters of x and y, matched
 * left to right: the longest run, then the same on each side of it (as difflib
 * matches sequences). A table of run lengths, row by row: at most 40 x 40. */
static size_t common_runs(const uint32_t *x, size_t nx, const uint32_t *y, size_t ny)
{
	unsigned char row[2][FRAME_CHARS + 1];
	size_t best = 0, bi = 0, bj = 0;

	if (nx < 2 || ny < 2)
		return 0;
	memset(row, 0, sizeof(row));
	for (size_t i = 1; i <= nx; i++) {
		unsigned char *cur = row[i & 1], *prev = row[(i - 1) & 1];
		for (size_t j = 1; j <= ny; j++) {
			cur[j] = x[i - 1] == y[j - 1] ? (unsigned char)(prev[j - 1] + 1) : 0;
			if (cur[j] > best)
				best = cur[j], bi = i - cur[j], bj = j - cur[j];
		}
	}
	size_t han = han_in(x + bi, best);
	if (best < 2 || han < 2)
		return 0;
	return han + common_runs(x, bi, y, bj) +
	       common_runs(x + bi + best, nx - bi - best, y + bj + best, ny - bj - best);
}

/* Do the sentences [a1,e1) and [a2,e2) share a frame? Three characters at the start
 * (必须坚持) or at the end (…上持续用力), or four Han characters in common runs. */
static bool same_frame(const unsigned char *s, size_t a1, size_t e1, size_t a2, size_t e2)
{
	uint32_t x[FRAME_CHARS], y[FRAME_CHARS];
	size_t nx = decode(s, a1, e1, x), ny = decode(s, a2, e2, y), p = 0, q = 0;

	if (nx == ny && memcmp(x, y, nx * sizeof(*x)) == 0)
		return false; /* a sentence said twice is no list */
	while (p < nx && p < ny && x[p] == y[p] && cjk_is_han(x[p]))
		p++;
	while (q < nx && q < ny && x[nx - 1 - q] == y[ny - 1 - q] && cjk_is_han(x[nx - 1 - q]))
		q++;
	if (p >= 3 || q >= 3)
		return true;
	/* four Han characters in runs of two or more share two pairs of neighbours at
	 * least: count x's pairs found in a 256-bit filter of y's before the table */
	uint64_t seen[4] = { 0 };
	size_t pairs = 0;
	for (size_t j = 0; j + 1 < ny; j++) {
		unsigned h = (unsigned)(((uint64_t)y[j] * 0x9E3779B1u + y[j + 1]) * 0x9E3779B97F4A7C15u >> 56);
		seen[h >> 6] |= (uint64_t)1 << (h & 63);
	}
	for (size_t i = 0; i + 1 < nx && pairs < 2; i++) {
		unsigned h = (unsigned)(((uint64_t)x[i] * 0x9E3779B1u + x[i + 1]) * 0x9E3779B97F4A7C15u >> 56);
		pairs += (seen[h >> 6] >> (h & 63)) & 1;
	}
	return pairs >= 2 && common_runs(x, nx, y, ny) >= 4;
}

/* The heading sentence of paragraph i for a frame, or 0: a short first sentence
 * (up to 40 characters and a comma) that its paragraph goes on after (*alone
 * false), or a short line that is a paragraph of its own (*alone true, with or
 * without its 。). */
static size_t frame_head(const struct ctx *c, size_t i, bool *alone)
{
	const struct outline_para *p = &c->o->paras[i];
	const struct pinfo *pi = &c->pi[i];
	const unsigned char *s = c->s;
	size_t e, te = runin_head(c, i, FRAME_CHARS, 1, &e);

	if (te) {
		*alone = skip_blank(s, e, p->end) >= p->end;
		return *alone || count_chars(s, e, p->end, 10) >= 10 ? te : 0;
	}
	if (pi->hk != HK_TITLE || pi->nch < 4 || pi->nch > 30 || pi->junk || pi->has_marker ||
	    p->role != OUTLINE_ROLE_BODY || contains(s, p->start, p->end, "我") ||
	    discourse_start(s, p->start, p->end) || is_closing(s, p->start, p->end))
		return 0;
	*alone = true;
	return p->end;
}

/* Marks in heads[] (the end of each heading sentence) the paragraphs of [from, to)
 * whose first sentences share a frame with a neighbour's: run-in heads next to each
 * other, or lines of their own each followed by one to four paragraphs. Two at
 * least: a single such sentence is no list. */
static void find_frames(const struct ctx *c, size_t from, size_t to, size_t *heads)
{
	enum { LINES = 5 };
	size_t runin = SIZE_MAX, runin_te = 0; /* the paragraph just before, if a run-in head */
	size_t line[LINES], line_te[LINES], nline = 0; /* the last lines of their own, newest last */
	const unsigned char *s = c->s;

	for (size_t i = from; i < to; i++) {
		const struct pinfo *pi = &c->pi[i];
		const struct outline_para *p = &c->o->paras[i];
		bool alone = false;
		size_t te = 0;
		if (pi->junk)
			continue;
		if (pi->marker_ok) { /* a numbered heading ends both kinds of list */
			runin = SIZE_MAX;
			nline = 0;
			continue;
		}
		if (!heads[i - from])
			te = frame_head(c, i, &alone);
		if (te && alone) {
			size_t next = next_para(c, i, to);
			/* a heading line is followed by its (longer) paragraph */
			if (next >= to || c->pi[next].nch <= pi->nch) {
				runin = SIZE_MAX;
				continue;
			}
			for (size_t k = nline; k-- > 0;) {
				size_t j = line[k];
				if (i - j >= 2 && i - j <= 5 &&
				    same_frame(s, c->o->paras[j].start, line_te[k], p->start, te)) {
					heads[j - from] = line_te[k];
					heads[i - from] = te;
					break;
				}
			}
			if (nline == LINES) {
				nline--;
				memmove(line, line + 1, nline * sizeof(*line));
				memmove(line_te, line_te + 1, nline * sizeof(*line_te));
			}
			line[nline] = i;
			line_te[nline++] = te;
		} else if (te && runin != SIZE_MAX &&
		           same_frame(s, c->o->paras[runin].start, runin_te, p->start, te)) {
			heads[runin - from] = runin_te;
			heads[i - from] = te;
		}
		runin = te && !alone ? i : SIZE_MAX;
		runin_te = te;
	}
}

static void find_parallel(const struct ctx *c, size_t from, size_t to, size_t *heads)
{
	size_t i = from;
	bool found = false;
	while (i < to) {
		size_t j = i, lo = SIZE_MAX, hi = 0;
		while (j < to) {
			size_t te = runin_head(c, j, 30, 1, NULL);
			if (!te || c->pi[j].nch < 2 * count_chars(c->s, c->o->paras[j].start, te, 40))
				break;
			size_t l = count_chars(c->s, c->o->paras[j].start, te, 40);
			size_t nlo = l < lo ? l : lo, nhi = l > hi ? l : hi;
			if (nhi * 2 > nlo * 3 && j > i)
				break;
			lo = nlo, hi = nhi;
			j = next_para(c, j, to);
		}
		if (j > i && (j - i) >= 3) {
			for (size_t k = i; k < j; k++)
				heads[k - from] = c->pi[k].junk ? 0 : runin_head(c, k, 30, 1, NULL);
			found = true;
			i = j;
		} else {
			i++;
		}
	}
	if (!found)
		find_parallel_apart(c, from, to, heads);
}

static bool build_speech(struct ctx *c, size_t si)
{
	outline *o = c->o;
	const unsigned char *s = c->s;
	struct outline_speech *sp = &o->speeches[si];
	size_t from = sp->para_first, to = sp->para_end;
	size_t speech_end = to < o->npara ? o->paras[to].start : c->n;
	/* the body starts after the head */
	size_t body = from;
	while (body < to && o->paras[body].role != OUTLINE_ROLE_BODY &&
	       o->paras[body].role != OUTLINE_ROLE_SALUTATION && o->paras[body].role != OUTLINE_ROLE_JUNK)
		body++;

	const struct outline_node *h = &c->heads[si];
	sp->node = add_node(o, OUTLINE_SPEECH, 0, o->nnode, h->start, h->marker_len, h->title_start,
	                    h->title_end, h->family, h->number, false);
	if (sp->node == SIZE_MAX)
		return false;
	o->nodes[sp->node].parent = sp->node;
	memset(c->point_level, 0, sizeof(c->point_level));
	c->sp = 0;
	c->st[c->sp++] = (struct frame){ sp->node, LEVEL_SPEECH, -1, 0, false };

	if (!collect_candidates(c, body, to))
		return false;
	check_candidates(c);

	/* accepted line-start markers */
	bool any_marker = false;
	for (size_t i = body; i < to; i++) {
		struct pinfo *pi = &c->pi[i];
		pi->marker_ok = pi->has_marker && !pi->junk && o->paras[i].role == OUTLINE_ROLE_BODY &&
		                pi->m.fam != FAM_PART && fam_is_section(pi->m.fam);
	}
	for (size_t k = 0; k < c->ncand; k++)
		if (!c->cands[k].inl && c->cands[k].ok)
			c->pi[c->cands[k].para].marker_ok = true;
	/* an address to the audience closes the speech only after its last heading:
	 * 同志们， in mid-speech is emphasis */
	size_t last_marker = body;
	for (size_t i = body; i < to; i++) {
		any_marker |= c->pi[i].marker_ok;
		if (c->pi[i].marker_ok)
			last_marker = i;
	}

	/* which sections have numbered subsections (run-in heads only go below the lowest) */
	size_t *heads = calloc(to - body + 1, sizeof(*heads)); /* end of an unmarked head's title */
	bool *has_sub = calloc(to - body + 1, sizeof(bool));
	if (!heads || !has_sub) {
		free(heads);
		free(has_sub);
		return false;
	}
	for (size_t i = body; i < to; i++) {
		if (!c->pi[i].marker_ok || !fam_is_section(c->pi[i].m.fam))
			continue;
		for (size_t j = i + 1; j < to; j++)
			if (c->pi[j].marker_ok && fam_is_section(c->pi[j].m.fam)) {
				has_sub[i - body] = section_level[c->pi[j].m.fam] > section_level[c->pi[i].m.fam];
				break;
			}
	}
	if (!any_marker)
		find_parallel(c, body, to, heads);
	find_frames(c, body, to, heads);

	size_t cand = 0, nodes_made = 0;
	bool prev_runin = false;
	size_t leaf_para = SIZE_MAX; /* paragraph of the innermost section, for run-in heads */
	bool ok = true;

	for (size_t i = body; i < to && ok; i++) {
		struct outline_para *p = &o->paras[i];
		struct pinfo *pi = &c->pi[i];
		size_t scan_from = p->start;
		bool this_runin = false;

		while (cand < c->ncand && c->cands[cand].para < i)
			cand++;
		if (pi->junk)
			continue;
		if (p->role == OUTLINE_ROLE_SALUTATION) {
			scan_from = pi->salut_end;
		} else if (i > last_marker && is_closing(s, p->start, p->end)) {
			p->role = OUTLINE_ROLE_CLOSING;
			pop_to(c, 1, p->start);
			leaf_para = SIZE_MAX;
			continue;
		} else if (pi->marker_ok) {
			ok = place_block(c, p, &pi->m);
			p->role = OUTLINE_ROLE_HEADING;
			nodes_made++;
			if (fam_is_section(pi->m.fam))
				leaf_para = has_sub[i - body] ? SIZE_MAX : i;
			scan_from = p->start + pi->m.len;
		} else if (heads[i - body]) {
			ok = place_unmarked(c, p->start, heads[i - body]);
			p->role = OUTLINE_ROLE_HEADING;
			nodes_made++;
		} else if (colon_line(c, i)) {
			size_t j = next_para(c, i, to);
			bool intro = false;
			if (j < to && heads[j - body]) {
				intro = true; /* 我们深刻体会到： before heads of one frame */
			} else if (j < to && c->pi[j].marker_ok) {
				if (nodes_made == 0)
					intro = true; /* 下面，我讲三点意见： */
				else if (fam_is_section(c->pi[j].m.fam) &&
				         section_level[c->pi[j].m.fam] <= innermost_section_level(c))
					intro = true;
			}
			if (!intro && j < to) {
				size_t te = trim_end(s, p->start, p->end - (ends_with(s, p->start, p->end, "：") ? 3 : 1));
				ok = place_unmarked(c, p->start, te);
				p->role = OUTLINE_ROLE_HEADING;
				nodes_made++;
				scan_from = p->end;
			}
		} else {
			size_t colon = colon_runin(c, i);
			size_t j = next_para(c, i, to);
			if (colon && nodes_made > 0 && j < to && colon_line(c, j)) {
				ok = place_unmarked(c, p->start, colon);
				p->role = OUTLINE_ROLE_HEADING;
				nodes_made++;
			} else if (leaf_para != SIZE_MAX &&
			           ((c->st[c->sp - 1].fam >= 0 && fam_is_section(c->st[c->sp - 1].fam)) ||
			            (prev_runin && o->nodes[c->st[c->sp - 1].node].kind == OUTLINE_HEAD)) &&
			           runin_ok(c, i, to, prev_runin)) {
				size_t te = runin_head(c, i, 20, 1, NULL);
				ok = place_unmarked(c, p->start, te);
				p->role = OUTLINE_ROLE_HEADING;
				nodes_made++;
				this_runin = true;
			}
		}
		if (this_runin || (prev_runin && p->role == OUTLINE_ROLE_BODY &&
		                   sentence_end((const char *)s, o->paras[i - 1].end, o->paras[i - 1].start) >=
		                           o->paras[i - 1].end))
			prev_runin = true; /* a heading line's paragraph keeps the run going */
		else
			prev_runin = false;

		/* inline points */
		for (size_t k = cand; ok && k < c->ncand && c->cands[k].para == i; k++) {
			struct cand *x = &c->cands[k];
			if (!x->inl || !x->ok || x->pos < scan_from)
				continue;
			size_t next = SIZE_MAX;
			for (size_t k2 = k + 1; k2 < c->ncand && c->cands[k2].para == i; k2++)
				if (c->cands[k2].ok && c->cands[k2].m.fam == x->m.fam) {
					next = c->cands[k2].pos;
					break;
				}
			ok = place_inline(c, x->pos, p->end, next, &x->m);
			nodes_made++;
		}
		pop_inline(c, p->end);
	}
	pop_to(c, 1, speech_end);
	o->nodes[sp->node].end = speech_end;
	free(heads);
	free(has_sub);
	return ok;
}

/* ---- where a run-together heading ends ------------------------------------------------ */

/* A heading run together with its paragraph (一、要处理好快与慢的关系要看到，…) has no
 * mark where it ends. Its siblings usually share a form: when a sibling that stands
 * alone on its line ends with a word (…的关系), the run-together heading ends after
 * the first occurrence of that word. Without such a sibling the first sentence stays
 * the title: a guess that cuts a heading short would be worse than a long title. */
static bool complete_heading(const struct ctx *c, const struct outline_node *nd, size_t pend)
{
	size_t q = nd->title_end;
	size_t k = any_at(c->s, q, pend, stops);
	return skip_blank(c->s, q + k, pend) >= pend;
}

/* Siblings are looked for this far away in the node list, each way: enough for any
 * real heading list, and it keeps a file of 100,000 run-together headings linear. */
#define SIBLING_WINDOW 256

/* The end of the paragraph holding each node of [first_node, nnode), by one walk
 * (nodes and paragraphs are both in document order). Owned by the caller. */
static size_t *node_para_ends(const struct ctx *c, size_t first_node, size_t first_para,
                              size_t end_para)
{
	const outline *o = c->o;
	size_t n = o->nnode - first_node, pi = first_para;
	size_t *pend = malloc((n + 1) * sizeof(*pend));
	if (!pend)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t start = o->nodes[first_node + i].start;
		while (pi < end_para && o->paras[pi].end <= start)
			pi++;
		pend[i] = pi < end_para ? o->paras[pi].end : start;
	}
	return pend;
}

static void refine_run_together(struct ctx *c, size_t first_node, const size_t *pend)
{
	outline *o = c->o;
	const unsigned char *s = c->s;

	for (size_t i = first_node + 1; i < o->nnode; i++) {
		struct outline_node *nd = &o->nodes[i];
		if (nd->inline_ || nd->family < 0)
			continue;
		if (complete_heading(c, nd, pend[i - first_node]) ||
		    count_chars(s, nd->title_start, nd->title_end, 16) <= 16)
			continue;
		/* the nearest sibling (same parent and family) standing alone on its line */
		size_t sib_i = SIZE_MAX;
		for (size_t d = 1; d <= SIBLING_WINDOW && sib_i == SIZE_MAX; d++) {
			size_t cand[2] = { i + d, i >= first_node + 1 + d ? i - d : SIZE_MAX };
			for (int k = 0; k < 2; k++) {
				size_t j = cand[k];
				if (j == SIZE_MAX || j >= o->nnode || j <= first_node)
					continue;
				const struct outline_node *sib = &o->nodes[j];
				if (sib->parent == nd->parent && sib->family == nd->family && !sib->inline_ &&
				    complete_heading(c, sib, pend[j - first_node])) {
					sib_i = j;
					break;
				}
			}
		}
		if (sib_i == SIZE_MAX)
			continue;
		const struct outline_node *sib = &o->nodes[sib_i];
		/* its last 4, 3 or 2 characters, found in ours past the 4th character */
		size_t cut = 0;
		for (int w = 4; w >= 2 && !cut; w--) {
			size_t a = sib->title_end;
			for (int k = 0; k < w && a > sib->title_start; k++)
				a = u8prev(s, sib->title_start, a);
			size_t l = sib->title_end - a;
			if (count_chars(s, a, sib->title_end, 8) != (size_t)w ||
			    count_chars(s, sib->title_start, a, 8) < 2)
				continue;
			size_t q = nd->title_start;
			for (int k = 0; k < 4 && q < nd->title_end; k++)
				q += (s[q] < 0x80) ? 1 : (s[q] < 0xE0) ? 2 : (s[q] < 0xF0) ? 3 : 4;
			for (; q + l <= nd->title_end; q++)
				if (memcmp(s + q, s + a, l) == 0) {
					cut = q + l;
					break;
				}
		}
		if (cut && count_chars(s, nd->title_start, cut, 40) <= 40)
			nd->title_end = cut;
	}
}

/* Where the char at index k of [a,b) starts (b if there are fewer). */
static size_t char_at(const unsigned char *s, size_t a, size_t b, size_t k)
{
	while (a < b && k--)
		a += (s[a] < 0x80) ? 1 : (s[a] < 0xE0) ? 2 : (s[a] < 0xF0) ? 3 : 4;
	return a < b ? a : b;
}

/* Occurrences of s[p,p+l) in [a,b); *first gets the first. */
static int occurrences(const unsigned char *s, size_t a, size_t b, size_t p, size_t l, size_t *first)
{
	int k = 0;
	for (size_t q = a; q + l <= b; q++)
		if (s[q] == s[p] && memcmp(s + q, s + p, l) == 0) {
			if (!k++)
				*first = q;
			q += l - 1;
		}
	return k;
}

/* Siblings that all run their heading into the paragraph (一、要处理好快与稳的关系项目…,
 * 二、要处理好大与小的关系大项目…): a phrase of 3 or 4 characters that each has once,
 * after a part where they differ, ends the heading. */
static void refine_parallel_run_together(struct ctx *c, size_t first_node, const size_t *pend)
{
	outline *o = c->o;
	const unsigned char *s = c->s;
	enum { MAXG = 16 };

	for (size_t i = first_node + 1; i < o->nnode; i++) {
		struct outline_node *a = &o->nodes[i];
		if (a->inline_ || a->family < 0 || a->number != 1)
			continue;
		/* the group: siblings of a's family after a, all run together */
		size_t g[MAXG], ng = 0;
		bool all = true;
		for (size_t j = i; j < o->nnode && j < i + 8 * SIBLING_WINDOW && ng < MAXG; j++) {
			struct outline_node *b = &o->nodes[j];
			if (b->parent != a->parent || b->family != a->family || b->inline_)
				continue;
			if (complete_heading(c, b, pend[j - first_node]) ||
			    count_chars(s, b->title_start, b->title_end, 16) <= 16) {
				all = false;
				break;
			}
			g[ng++] = j;
		}
		if (!all || ng < 2)
			continue;
		size_t as = a->title_start, ae = char_at(s, as, a->title_end, 40);
		size_t best_p = 0, best_l = 0;
		for (size_t k = 4; k < 36 && !best_l; k++) {
			size_t p = char_at(s, as, ae, k);
			for (size_t w = 4; w >= 3 && !best_l; w--) {
				size_t e = char_at(s, p, ae, w), f;
				if (e - p < 3 * w || has_sentence_punct(s, p, e) || contains(s, p, e, "，") ||
				    contains(s, p, e, "、") || occurrences(s, as, ae, p, e - p, &f) != 1)
					continue;
				bool ok = true, differ = false;
				size_t prev_a = u8prev(s, as, p);
				for (size_t m = 1; m < ng && ok; m++) {
					const struct outline_node *b = &o->nodes[g[m]];
					size_t bs = char_at(s, b->title_start, b->title_end, 4);
					size_t be = char_at(s, b->title_start, b->title_end, 40);
					ok = occurrences(s, bs, be, p, e - p, &f) == 1;
					if (ok) {
						size_t pb = u8prev(s, b->title_start, f);
						differ |= f - pb != p - prev_a || memcmp(s + pb, s + prev_a, p - prev_a);
					}
				}
				if (ok && differ)
					best_p = p, best_l = e - p;
			}
		}
		if (!best_l)
			continue;
		for (size_t m = 0; m < ng; m++) {
			struct outline_node *b = &o->nodes[g[m]];
			size_t f;
			size_t bs = m ? char_at(s, b->title_start, b->title_end, 4) : as;
			if (occurrences(s, bs, char_at(s, b->title_start, b->title_end, 40), best_p, best_l, &f) == 1)
				b->title_end = f + best_l;
		}
	}
}

/* ---- public ------------------------------------------------------------------------ */

enum pz_status outline_build(const doc *d, outline **out)
{
	size_t n;
	const char *t = doc_text(d, &n);
	outline *o = calloc(1, sizeof(*o));
	struct ctx c = { .s = (const unsigned char *)t, .n = n, .o = o };
	enum pz_status st = PZ_NOMEM;

	if (!o)
		return PZ_NOMEM;
	o->d = d;
	if (build_paras(&c, d) != PZ_OK)
		goto fail;
	c.pi = calloc(o->npara + 1, sizeof(*c.pi));
	if (!c.pi)
		goto fail;
	for (size_t i = 0; i < o->npara; i++)
		classify(&c, i);
	if (find_speeches(&c) != PZ_OK)
		goto fail;
	for (size_t si = 0; si < o->nspeech; si++) {
		if (!build_speech(&c, si))
			goto fail;
		size_t first = o->speeches[si].node;
		size_t *pend = node_para_ends(&c, first, o->speeches[si].para_first,
		                              o->speeches[si].para_end);
		if (!pend)
			goto fail;
		refine_run_together(&c, first, pend);
		refine_parallel_run_together(&c, first, pend);
		free(pend);
	}
	free(c.pi);
	free(c.cands);
	free(c.heads);
	*out = o;
	return PZ_OK;
fail:
	free(c.pi);
	free(c.cands);
	free(c.heads);
	outline_free(o);
	return st;
}

enum pz_status outline_build_paragraphs(const doc *d, outline **out)
{
	size_t n;
	const char *t = doc_text(d, &n);
	outline *o = calloc(1, sizeof(*o));
	struct ctx c = { .s = (const unsigned char *)t, .n = n, .o = o };

	if (!o)
		return PZ_NOMEM;
	o->d = d;
	if (build_paras(&c, d) != PZ_OK)
		goto fail;
	/* one untitled speech over everything */
	o->speeches = calloc(1, sizeof(*o->speeches));
	o->nodes = calloc(1, sizeof(*o->nodes));
	if (!o->speeches || !o->nodes)
		goto fail;
	o->cspeech = o->nspeech = 1;
	o->cnode = o->nnode = 1;
	o->speeches[0].para_end = o->npara;
	size_t start = o->npara ? o->paras[0].start : 0;
	o->nodes[0] = (struct outline_node){
		.kind = OUTLINE_SPEECH, .start = start, .title_start = start, .title_end = start,
		.end = n, .family = -1,
	};
	*out = o;
	return PZ_OK;
fail:
	outline_free(o);
	return PZ_NOMEM;
}

void outline_free(outline *o)
{
	if (!o)
		return;
	free(o->paras);
	free(o->nodes);
	free(o->speeches);
	free(o);
}

size_t outline_node_count(const outline *o) { return o->nnode; }
const struct outline_node *outline_node_at(const outline *o, size_t i) { return &o->nodes[i]; }
size_t outline_node_holding(const outline *o, size_t off)
{
	/* nodes are in document order and their ranges nest: a node holding off that is
	 * not an ancestor of the last one starting before it ended before that one began */
	size_t lo = 0, hi = o->nnode;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (o->nodes[mid].start <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo - 1; lo > 0;) {
		if (off < o->nodes[i].end)
			return i;
		if (o->nodes[i].parent == i)
			break;
		i = o->nodes[i].parent;
	}
	return SIZE_MAX;
}

size_t outline_speech_count(const outline *o) { return o->nspeech; }
const struct outline_speech *outline_speech_at(const outline *o, size_t i) { return &o->speeches[i]; }
size_t outline_para_count(const outline *o) { return o->npara; }
const struct outline_para *outline_para_at(const outline *o, size_t i) { return &o->paras[i]; }

const char *outline_role_name(enum outline_role r)
{
	static const char *const names[] = {
#define OUTLINE_ROLE_NAME(id, name) name,
		OUTLINE_ROLE_LIST(OUTLINE_ROLE_NAME)
#undef OUTLINE_ROLE_NAME
	};
	return (unsigned)r < OUTLINE_ROLE_COUNT ? names[r] : "unknown";
}
