/* Small UTF-8 helpers shared by the core's hot loops: counting characters and reading
 * code points where libunistring's general decoder would cost too much per character
 * (the outline, the suggestion rules, the placeholder finder). */
#ifndef PIZHU_UTF8_H
#define PIZHU_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Number of characters (lead bytes) in s[0..n), eight bytes at a time. s need not
 * be valid UTF-8: every byte that is not 10xxxxxx counts as one character. */
size_t utf8_count(const char *s, size_t n);

/* Approximate display columns of s[0..n): one per character, two for characters of
 * three or four bytes (CJK). For telling line widths apart, not for layout. */
size_t utf8_columns_approx(const char *s, size_t n);

/* The code point at byte i of s[0..n) (i < n) and its length in *len: ASCII and
 * three-byte sequences (where Chinese lives) decoded inline, the rest by
 * utf8_get_slow. A byte that starts no valid sequence is U+FFFD, 1 byte long; so
 * is a sequence cut off by n. Costs O(1). */
uint32_t utf8_get_slow(const char *s, size_t n, size_t i, size_t *len);

static inline uint32_t utf8_get(const char *s, size_t n, size_t i, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s + i;
	if (p[0] < 0x80) {
		*len = 1;
		return p[0];
	}
	if ((p[0] & 0xF0) == 0xE0 && n - i >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		uint32_t c = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
		             (p[2] & 0x3F);
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*len = 3;
			return c;
		}
	}
	return utf8_get_slow(s, n, i, len);
}

/* The start of the character before byte i, not before lo (lo when i <= lo): at
 * most three continuation bytes are stepped over. */
static inline size_t utf8_prev(const char *s, size_t lo, size_t i)
{
	if (i <= lo)
		return lo;
	size_t p = i - 1;
	while (p > lo && i - p < 4 && ((unsigned char)s[p] & 0xC0) == 0x80)
		p--;
	return p;
}

/* The code point before byte i (0 when i <= lo); *at gets where it starts. */
static inline uint32_t utf8_before(const char *s, size_t lo, size_t i, size_t *at)
{
	size_t l;
	if (i <= lo) {
		*at = lo;
		return 0;
	}
	*at = utf8_prev(s, lo, i);
	return utf8_get(s, i, *at, &l);
}

#endif
