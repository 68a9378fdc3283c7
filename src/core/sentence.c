/* Sentence boundaries in Chinese prose: the unit the reader selects and tags. */
#include "pizhu/sentence.h"

#include <stdbool.h>
#include <string.h>

/* Marks that end a sentence: 。！？；… (U+3002 U+FF01 U+FF1F U+FF1B U+2026) and the
 * ASCII ! ? ; (drafts typed on an English keyboard). */
static size_t ender_len(const unsigned char *s, size_t n, size_t i)
{
	unsigned char c = s[i];
	if (c == '!' || c == '?' || c == ';')
		return 1;
	if (i + 3 > n)
		return 0;
	if (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x82) /* 。 */
		return 3;
	if (c == 0xEF && s[i + 1] == 0xBC &&
	    (s[i + 2] == 0x81 || s[i + 2] == 0x9F || s[i + 2] == 0x9B)) /* ！？； */
		return 3;
	if (c == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0xA6) /* … */
		return 3;
	return 0;
}

/* Closing quotes and brackets that stay with the sentence they close:
 * ” ’ 」 』 ） ) 】 》 〉 */
static size_t closer_len(const unsigned char *s, size_t n, size_t i)
{
	unsigned char c = s[i];
	if (c == ')' || c == '"' || c == '\'')
		return 1;
	if (i + 3 > n)
		return 0;
	if (c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0x9D || s[i + 2] == 0x99))
		return 3;
	if (c == 0xE3 && s[i + 1] == 0x80 &&
	    (s[i + 2] == 0x8D || s[i + 2] == 0x8F || s[i + 2] == 0x91 ||
	     s[i + 2] == 0x8B || s[i + 2] == 0x89))
		return 3;
	if (c == 0xEF && s[i + 1] == 0xBC && s[i + 2] == 0x89)
		return 3;
	return 0;
}

size_t sentence_end(const char *str, size_t n, size_t pos)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = pos;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		if (c - 0xE4u < 6u && i + 2 < n && ((s[i + 1] ^ 0x80u) | (s[i + 2] ^ 0x80u)) < 0x40u) {
			/* an ideograph (lead byte 0xE4..0xE9, two continuation bytes): most of the
			 * text, and no ender */
			i += 3;
			continue;
		}
		if (c == '\n')
			return i;
		/* Only ! ? ; and the lead bytes 0xE2, 0xE3, 0xEF can start an ender (not the
		 * 0xE4-0xE9 of the ideographs in between). */
		if ((c == '!' || c == '?' || c == ';' || c == 0xE2 || c == 0xE3 || c == 0xEF) &&
		    (k = ender_len(s, n, i))) {
			i += k;
			for (;;) {
				if (i < n && (k = ender_len(s, n, i)))
					i += k;
				else if (i < n && (k = closer_len(s, n, i)))
					i += k;
				else
					break;
			}
			return i;
		}
		i++;
	}
	return n;
}

size_t sentence_end_wrapped(const char *s, size_t pend, size_t pos)
{
	size_t e = pos < pend ? sentence_end(s, pend, pos) : pend;
	while (e < pend && s[e] == '\n')
		e = e + 1 < pend ? sentence_end(s, pend, e + 1) : pend;
	return e;
}
