/* Finding the placeholders of drafts, by a table of symbols and what may touch them,
 * so that the reader can mark them. */
#include "pizhu/placeholder.h"

#include <stdint.h>
#include <string.h>

#include "pizhu/cjk.h"
#include "pizhu/utf8.h"

/* When a run of one symbol is a placeholder. */
static const struct rule {
	enum cjk_placeholder sym;
	size_t min_run;       /* shorter runs are text ... */
	bool single_by_han;   /* ... except a single one touching a Han character */
	bool no_letter;       /* rejected when touching an ASCII letter or ' (XML, Xi'an) */
	bool no_digit;        /* rejected when touching an ASCII digit (3x4, 2*3) */
	bool dates;           /* takes 年/月/日/号 and further runs: X月X日 */
} rules[] = {
	{ CJK_PH_X,     1, false, true,  true, true  },  /* XX市 X月 XXX同志 Ｘ省 */
	{ CJK_PH_TIMES, 1, false, true,  true, true  },  /* ××市 ×月×日 */
	{ CJK_PH_STAR,  2, true,  false, true, false },  /* **书记 *** *市 */
};

/* After a single X these make a word, not a placeholder (X光 is an X-ray). */
static const char *const x_words[] = { "光", "射线", "线", "轴", "型", "染色体", NULL };

/* Date units taken after a run. */
static const char *const date_units[] = { "年", "月", "日", "号", NULL };

static bool is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'';
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
static size_t run_end(const uint8_t *s, size_t n, size_t i, enum cjk_placeholder sym, size_t *count)
{
	uint32_t c;
	*count = 0;
	while (i < n) {
		size_t len = char_at(s, n, i, &c);
		if (cjk_placeholder_of(c) != sym)
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
	if (r->no_digit && ((before >= '0' && before <= '9') || (after >= '0' && after <= '9')))
		return false;
	if (k < r->min_run && !(r->single_by_han && (cjk_is_han(before) || cjk_is_han(after))))
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
		enum cjk_placeholder sym = cjk_placeholder_of(c);
		if (sym != CJK_PH_X && sym != CJK_PH_TIMES)
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
		enum cjk_placeholder sym = cjk_placeholder_of(c);
		if (sym == CJK_PH_NONE) {
			i += len;
			continue;
		}
		size_t k, b = run_end(s, n, i, sym, &k);
		const struct rule *r = NULL;
		for (size_t j = 0; j < sizeof(rules) / sizeof(rules[0]); j++)
			if (rules[j].sym == sym)
				r = &rules[j];
		/* a run that began before from is not ours */
		if (r && cjk_placeholder_of(char_before(s, i)) != sym && accepted(s, n, i, b, k, r)) {
			*pstart = i;
			*pend = r->dates ? date_end(s, n, b) : b;
			return true;
		}
		i = b;
	}
	return false;
}
