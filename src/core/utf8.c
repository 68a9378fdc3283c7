/* Counting characters fast: line:col and the outline's length tests run over most
 * of the text, so this is one of the few loops that must not go byte by byte. */
#include "pizhu/utf8.h"

#include <stdint.h>
#include <string.h>

#include <unistr.h>

/* Each byte lane of acc counts the continuation bytes (10xxxxxx) at its position, at
 * most one per word: summed before a lane can pass 255. */
size_t utf8_count(const char *s, size_t n)
{
	size_t cont = 0, i = 0;

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* sixteen bytes at a time where the compiler has vectors: each lane counts the
	 * continuation bytes at its position, summed before it can pass 255 */
	typedef unsigned char v16 __attribute__((vector_size(16)));
	while (n - i >= 16) {
		size_t blocks = (n - i) / 16 < 255 ? (n - i) / 16 : 255;
		v16 acc = { 0 };
		for (size_t end = i + blocks * 16; i < end; i += 16) {
			v16 x;
			memcpy(&x, s + i, 16);
			acc -= (v16)((x & 0xC0) == 0x80); /* a true lane is -1 */
		}
		uint64_t lo, hi;
		memcpy(&lo, &acc, 8);
		memcpy(&hi, (const unsigned char *)&acc + 8, 8);
		/* the lanes summed in pairs (16 bits each), then the four pairs */
		uint64_t pairs = (lo & 0x00FF00FF00FF00FFu) + ((lo >> 8) & 0x00FF00FF00FF00FFu) +
		                 (hi & 0x00FF00FF00FF00FFu) + ((hi >> 8) & 0x00FF00FF00FF00FFu);
		cont += (size_t)((pairs * 0x0001000100010001u) >> 48);
	}
#endif

	while (n - i >= 8) {
		size_t words = (n - i) / 8 < 255 ? (n - i) / 8 : 255;
		uint64_t acc = 0;
		for (size_t end = i + words * 8; i < end; i += 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			acc += (w & ~(w << 1) & 0x8080808080808080u) >> 7;
		}
		uint64_t pairs = (acc & 0x00FF00FF00FF00FFu) + ((acc >> 8) & 0x00FF00FF00FF00FFu);
		cont += (size_t)((pairs * 0x0001000100010001u) >> 48);
	}
	for (; i < n; i++)
		cont += ((unsigned char)s[i] & 0xC0) == 0x80;
	return n - cont;
}

/* Bytes with the top three bits set (0xE0-0xFF): the leads of 3- and 4-byte
 * sequences, where CJK lives. */
static size_t count_wide_leads(const char *s, size_t n)
{
	size_t k = 0, i = 0;

	while (n - i >= 8) {
		size_t words = (n - i) / 8 < 255 ? (n - i) / 8 : 255;
		uint64_t acc = 0;
		for (size_t end = i + words * 8; i < end; i += 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			acc += (w & (w << 1) & (w << 2) & 0x8080808080808080u) >> 7;
		}
		uint64_t pairs = (acc & 0x00FF00FF00FF00FFu) + ((acc >> 8) & 0x00FF00FF00FF00FFu);
		k += (size_t)((pairs * 0x0001000100010001u) >> 48);
	}
	for (; i < n; i++)
		k += (unsigned char)s[i] >= 0xE0;
	return k;
}

size_t utf8_columns_approx(const char *s, size_t n)
{
	return utf8_count(s, n) + count_wide_leads(s, n);
}

uint32_t utf8_get_slow(const char *s, size_t n, size_t i, size_t *len)
{
	ucs4_t c;
	int l = u8_mbtoucr(&c, (const uint8_t *)s + i, n - i);
	if (l <= 0) {
		*len = 1;
		return 0xFFFD;
	}
	*len = (size_t)l;
	return c;
}
