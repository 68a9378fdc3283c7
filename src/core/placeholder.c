/* Finding the placeholders of drafts, by a table of symbols and what may touch them,
 * so that the reader can mark them. */
#include "pizhu/placeholder.h"

#include <stdint.h>
#include <string.h>

#include "pizhu/cjk.h"
#include "pizhu/utf8.h"

/* The symbols of cjk_placeholder stand for figures too (XX个); these two stand only
 * for names and places, so they are the placeholder finder's own. */
enum { PH_CIRCLE = CJK_PH_STAR + 1, /* ○○市 □□同志 〇〇 */
       PH_MOU };                     /* 某某同志 */

/* When a run of one symbol is a placeholder. */
static const struct rule {
	int sym;              /* enum cjk_placeholder, PH_CIRCLE or PH_MOU */
	size_t min_run;       /* shorter runs are text ... */
	bool single_by_han;   /* ... except a single one touching a Han character */
	bool no_letter;       /* rejected when touching an ASCII letter or ' (XML, Xi'an) */
	bool no_digit;        /* rejected when touching an ASCII digit (3x4, 2*3) */
	bool dates;           /* takes 年/月/日/号 and further runs: X月X日 */
	bool no_numeral;      /* rejected when touching a Chinese numeral (二〇〇八) */
} rules[] = {
	{ CJK_PH_X,     1, false, true,  true,  true,  false },  /* XX市 X月 XXX同志 Ｘ省 */
	{ CJK_PH_TIMES, 1, false, true,  true,  true,  false },  /* ××市 ×月×日 */
	{ CJK_PH_STAR,  2, true,  false, true,  false, false },  /* **书记 *** *市 */
	{ PH_CIRCLE,    2, false, false, true,  true,  true  },  /* ○○市 □□同志 〇〇 */
	{ PH_MOU,       2, false, false, false, false, false },  /* 某某同志 (not 某些) */
};

/* After a single X these make a word, not a placeholder (X光 is an X-ray). */
static const char *const x_words[] = { "光", "射线", "线", "轴", "型", "染色体", NULL };

/* Date units taken after a run. */
static const char *const date_units[] = { "年", "月", "日", "号", NULL };
static const char *const year_unit[] = { "年", NULL };

static int sym_of(uint32_t c)
{
	switch (c) {
	case 0x25CB: case 0x25EF: case 0x25A1: case 0x3007: /* ○ ◯ □ 〇 */
		return PH_CIRCLE;
	case 0x67D0: /* 某 */
		return PH_MOU;
	default:
		return cjk_placeholder_of(c);
	}
}

static bool is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'';
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* 一 … 九, 十, 百, 千, 零, 两, and the circles written for zero. */
static bool is_numeral(uint32_t c)
{
	return cjk_numeral_digit(c) >= 0 || (cjk_numeral_unit(c) && cjk_numeral_unit(c) < 10000) ||
	       c == 0x25CB;
}

/* The character at s[i] (i < n) and its length; an invalid byte is U+FFFD, 1 byte. */
static size_t char_at(const uint8_t *s, size_t n, size_t i, uint32_t *c)
{
	size_t len;
	*c = utf8_get((const char *)s, n, i, &len);
	return len;
}

/* The character before s[i] (0 when i is 0). */
static uint32_t char_before(const uint8_t *s, size_t i)
{
	size_t at;
	return utf8_before((const char *)s, 0, i, &at);
}

/* The end of the run of sym starting at i, and its length in characters. */
static size_t run_end(const uint8_t *s, size_t n, size_t i, int sym, size_t *count)
{
	uint32_t c;
	*count = 0;
	while (i < n) {
		size_t len = char_at(s, n, i, &c);
		if (sym_of(c) != sym)
			break;
		i += len;
		++*count;
	}
	return i;
}

static size_t starts_with_any(const uint8_t *s, size_t n, size_t i, const char *const *words)
{
	for (; *words; words++) {
		size_t k = strlen(*words);
		if (n - i >= k && memcmp(s + i, *words, k) == 0)
			return k;
	}
	return 0;
}

/* Whether the run [a, b) of k symbols is a placeholder by its rule. */
static bool accepted(const uint8_t *s, size_t n, size_t a, size_t b, size_t k,
                     const struct rule *r)
{
	uint32_t before = char_before(s, a), after = 0;
	if (b < n)
		char_at(s, n, b, &after);
	if (r->no_letter && (is_letter(before) || is_letter(after)))
		return false;
	if (r->no_digit && (is_digit(before) || is_digit(after)))
		return false;
	if (r->no_numeral && (is_numeral(before) || is_numeral(after)))
		return false;
	if (k < r->min_run && !(r->single_by_han && (cjk_is_han(before) || cjk_is_han(after))) &&
	    !(r->dates && starts_with_any(s, n, b, date_units)))
		return false;
	if (r->sym == CJK_PH_X && k == 1 && starts_with_any(s, n, b, x_words))
		return false;
	return true;
}

/* The end of a date placeholder that begins with the run ending at b: X月X日. */
static size_t date_end(const uint8_t *s, size_t n, size_t b)
{
	size_t unit, end = b;
	while ((unit = starts_with_any(s, n, end, date_units))) {
		end += unit;
		if (end >= n)
			break;
		uint32_t c;
		char_at(s, n, end, &c);
		int sym = sym_of(c);
		if (sym != CJK_PH_X && sym != CJK_PH_TIMES && sym != PH_CIRCLE)
			break;
		size_t k, e = run_end(s, n, end, sym, &k);
		if (!starts_with_any(s, n, e, date_units))
			break;
		end = e;
	}
	return end;
}

bool placeholder_next(const char *str, size_t n, size_t from, size_t *pstart, size_t *pend)
{
	const uint8_t *s = (const uint8_t *)str;
	size_t i = from;

	while (i < n) {
		uint32_t c;
		size_t len = char_at(s, n, i, &c);
		int sym = sym_of(c);
		if (sym == CJK_PH_NONE) {
			i += len;
			continue;
		}
		size_t k, b = run_end(s, n, i, sym, &k);
		const struct rule *r = NULL;
		for (size_t j = 0; j < sizeof(rules) / sizeof(rules[0]); j++)
			if (rules[j].sym == sym)
				r = &rules[j];
		/* 20XX年, 202×年: a year with its last digits left open */
		if (r && r->dates && is_digit(char_before(s, i)) && starts_with_any(s, n, b, year_unit)) {
			size_t a = i;
			while (a > from && is_digit(char_before(s, a)))
				a--;
			uint32_t lead = char_before(s, a);
			if (!is_letter(lead) && sym_of(lead) == CJK_PH_NONE) {
				*pstart = a;
				*pend = date_end(s, n, b);
				return true;
			}
		}
		/* a run that began before from is not ours */
		if (r && sym_of(char_before(s, i)) != sym && accepted(s, n, i, b, k, r)) {
			*pstart = i;
			*pend = r->dates ? date_end(s, n, b) : b;
			return true;
		}
		i = b;
	}
	return false;
}
