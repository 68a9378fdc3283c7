/* Decoding file bytes into UTF-8: pizhu reads UTF-8 (with or without BOM) and the GB
 * family (GB2312, GBK, GB18030) that older Chinese sites and editors still produce. */
#include "pizhu/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static size_t bom_len(const char *buf, size_t len)
{
	return len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

static bool is_utf8_name(const char *name)
{
	return strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0;
}

void pz_where_at(const char *buf, size_t len, size_t off, struct pz_where *where)
{
	size_t line = 1, start = 0;

	if (!where)
		return;
	if (off > len)
		off = len;
	/* CR, LF and CRLF each end a line, as in the document's line numbers. */
	for (size_t i = 0; i < off; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '\n' || (c == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
			line++;
			start = i + 1;
		}
	}
	where->line = line;
	where->byte = off - start + 1;
	where->offset = off;
}

/* Offset of the first byte of buf[0..len) that is not part of valid UTF-8, or len:
 * the start of the first invalid or cut-off sequence, as u8_check reports it
 * (overlong forms, surrogates and values past U+10FFFF are invalid). Written out
 * because u8_check costs about 2 ns a byte on Chinese text, too slow for 50 MB:
 * this runs whole three-byte characters and eight ASCII bytes at a time. */
static size_t utf8_invalid_at(const char *buf, size_t n)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			while (i + 8 <= n) {
				uint64_t w;
				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080u)
					break;
				i += 8;
			}
		} else if (c >= 0xE1 && c <= 0xEF && c != 0xED) { /* most of CJK: a run of them */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* five characters at a time where the compiler has vectors: leads
			 * 1110xxxx (not E0, ED) at bytes 0, 3, 6, 9 and 12, continuations
			 * 10xxxxxx between them (byte 15 is the next round's) */
			typedef unsigned char v16 __attribute__((vector_size(16)));
			static const v16 mask = { 0xF0, 0xC0, 0xC0, 0xF0, 0xC0, 0xC0, 0xF0, 0xC0,
			                          0xC0, 0xF0, 0xC0, 0xC0, 0xF0, 0xC0, 0xC0, 0 };
			static const v16 want = { 0xE0, 0x80, 0x80, 0xE0, 0x80, 0x80, 0xE0, 0x80,
			                          0x80, 0xE0, 0x80, 0x80, 0xE0, 0x80, 0x80, 0 };
			static const v16 lead = { 0xFF, 0, 0, 0xFF, 0, 0, 0xFF, 0, 0, 0xFF, 0, 0,
			                          0xFF, 0, 0, 0 };
			while (n - i >= 16) {
				v16 x;
				memcpy(&x, s + i, 16);
				v16 bad = (v16)((x & mask) != want) | ((v16)((x == 0xE0) | (x == 0xED)) & lead);
#if defined(__SSE2__)
				if (_mm_movemask_epi8((__m128i)bad)) /* one test of sixteen bits */
					break;
#else
				uint64_t lo, hi;
				memcpy(&lo, &bad, 8);
				memcpy(&hi, (const unsigned char *)&bad + 8, 8);
				if (lo | hi)
					break;
#endif
				i += 15;
			}
			/* two characters at a time: leads 1110xxxx (not E0, ED) at bytes 0 and
			 * 3, continuations 10xxxxxx at bytes 1, 2, 4 and 5 */
			while (n - i >= 8) {
				uint64_t w;
				memcpy(&w, s + i, 8);
				if ((w & 0x0000C0C0F0C0C0F0u) != 0x00008080E08080E0u)
					break;
				unsigned b0 = (unsigned)(w & 0xFF), b3 = (unsigned)((w >> 24) & 0xFF);
				if (b0 == 0xE0 || b0 == 0xED || b3 == 0xE0 || b3 == 0xED)
					break;
				i += 6;
			}
			if (i >= n)
				break;
			c = s[i];
			if (c < 0xE1 || c > 0xEF || c == 0xED)
				continue;
#endif
			for (;;) {
				if (n - i < 3 || (((s[i + 1] ^ 0x80) | (s[i + 2] ^ 0x80)) & 0xC0))
					return i;
				i += 3;
				if (i >= n)
					break;
				c = s[i];
				if (c < 0xE1 || c > 0xEF || c == 0xED)
					break;
			}
		} else if (c >= 0xC2 && c <= 0xDF) {
			if (n - i < 2 || (s[i + 1] & 0xC0) != 0x80)
				return i;
			i += 2;
		} else if (c == 0xE0 || c == 0xED) { /* no overlong forms, no surrogates */
			unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xE0 ? 0xBF : 0x9F;
			if (n - i < 3 || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80)
				return i;
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) { /* U+10000..U+10FFFF */
			unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
			if (n - i < 4 || s[i + 1] < lo || s[i + 1] > hi ||
			    (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
				return i;
			i += 4;
		} else {
			return i; /* 80..C1, F5..FF */
		}
	}
	return n;
}

/* Invalid spots past which the evidence is read as it stands: GB18030 text has one
 * every two or three bytes, damaged UTF-8 a handful in a file. */
#define EVIDENCE_MAX 256

/* Whether bytes that are not all valid UTF-8 are UTF-8 nonetheless (damaged, or cut
 * mid-character) rather than GB18030, on evidence: the valid multi-byte UTF-8
 * characters against the spots where no UTF-8 character starts, from bad (the first
 * such spot) on. GB18030 text forms a valid two-byte UTF-8 character now and then
 * (a lead C2-DF before a trail 80-BF: about one for four invalid spots in Chinese
 * text); UTF-8 damaged in a few places has thousands of valid characters for each
 * spot. UTF-8 when they outnumber the spots twice over. */
static bool damaged_utf8(const char *buf, size_t n, size_t bad)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t valid = 0, spots = 0;
	for (size_t i = 0; i < bad; i++)
		valid += s[i] >= 0xC0;
	for (size_t i = bad; i < n && spots < EVIDENCE_MAX;) {
		size_t next = i + utf8_invalid_at(buf + i, n - i);
		for (; i < next; i++)
			valid += s[i] >= 0xC0; /* the lead byte of each valid multi-byte character */
		if (i < n) {
			spots++;
			i++;
		}
	}
	return valid > 2 * spots;
}

/* Converts buf[0..len) from `from` to UTF-8, strictly: an invalid or incomplete
 * sequence fails with PZ_CONVERT and *bad at its offset. The output keeps a spare
 * byte and is NUL-terminated. */
static enum pz_status iconv_to_utf8(const char *from, const char *buf, size_t len,
                                    char **out, size_t *outlen, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return errno == ENOMEM ? PZ_NOMEM : PZ_BADENC;

	/* GB18030 never needs more than 1.5 bytes of UTF-8 per input byte. */
	size_t cap = len / 2 > SIZE_MAX - len - 16 ? SIZE_MAX : len + len / 2 + 16;
	char *dst = malloc(cap);
	if (!dst) {
		iconv_close(cd);
		return PZ_NOMEM;
	}

	char *in = (char *)buf; /* iconv's prototype is not const; it does not write */
	size_t inleft = len;
	size_t used = 0;
	bool flushing = false;
	enum pz_status st = PZ_OK;

	for (;;) {
		char *o = dst + used;
		size_t oleft = cap - used - 1;
		size_t r = flushing ? iconv(cd, NULL, NULL, &o, &oleft)
		                    : iconv(cd, &in, &inleft, &o, &oleft);
		used = (size_t)(o - dst);
		if (r != (size_t)-1) {
			if (flushing)
				break;
			flushing = true; /* emit what a stateful encoding still holds */
			continue;
		}
		if (errno == E2BIG) {
			size_t ncap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
			char *n = ncap > cap ? realloc(dst, ncap) : NULL;
			if (!n) {
				st = PZ_NOMEM;
				break;
			}
			dst = n;
			cap = ncap;
			continue;
		}
		/* EILSEQ (invalid) or EINVAL (incomplete at the end): in points at it. */
		*bad = (size_t)(in - buf);
		st = PZ_CONVERT;
		break;
	}
	iconv_close(cd);
	if (st != PZ_OK) {
		free(dst);
		return st;
	}
	dst[used] = '\0';
	*out = dst;
	*outlen = used;
	return PZ_OK;
}

/* Hands out bytes already known to be UTF-8: the caller's buffer itself when it gave
 * it away (own, with room for one more byte), else a NUL-terminated copy. */
static enum pz_status keep_utf8(char *own, const char *buf, size_t len, size_t skip,
                                char **out, size_t *outlen)
{
	char *dst = own;
	if (own)
		memmove(own, own + skip, len - skip);
	else if (!(dst = malloc(len - skip + 1)))
		return PZ_NOMEM;
	else
		memcpy(dst, buf + skip, len - skip);
	dst[len - skip] = '\0';
	*out = dst;
	*outlen = len - skip;
	return PZ_OK;
}

static enum pz_status decode(char *own, const char *buf, size_t len, const char *encoding,
                             char **out, size_t *outlen, const char **used,
                             struct pz_where *where)
{
	size_t skip;
	size_t bad = 0;
	enum pz_status st;
	char *conv;
	size_t convlen;

	if (where)
		*where = (struct pz_where){ 0 };
	if (!buf) /* only with len == 0; keeps pointer arithmetic defined */
		buf = "";
	skip = bom_len(buf, len);

	if (encoding && *encoding && !is_utf8_name(encoding)) {
		st = iconv_to_utf8(encoding, buf, len, &conv, &convlen, &bad);
		if (st == PZ_CONVERT)
			pz_where_at(buf, len, bad, where);
		if (st != PZ_OK)
			return st;
		/* A BOM written in the forced encoding decodes to U+FEFF: drop it too. */
		if (bom_len(conv, convlen)) {
			memmove(conv, conv + 3, convlen - 3 + 1);
			convlen -= 3;
		}
		free(own);
		*out = conv;
		*outlen = convlen;
		if (used)
			*used = encoding;
		return PZ_OK;
	}

	bad = skip + utf8_invalid_at(buf + skip, len - skip);
	if (bad == len) {
		st = keep_utf8(own, buf, len, skip, out, outlen);
		if (st == PZ_OK && used)
			*used = encoding && *encoding ? encoding : "UTF-8";
		return st;
	}
	if (encoding && *encoding) { /* forced UTF-8 */
		pz_where_at(buf, len, bad, where);
		return PZ_CONVERT;
	}
	/* A BOM declares UTF-8, and so does text that is UTF-8 but in a few places: such
	 * a file is damaged (or cut mid-character), not GB18030 mojibake. The place said
	 * is that of the encoding the bytes were judged to be in. */
	if (!skip && !damaged_utf8(buf, len, bad)) {
		size_t gbbad;
		st = iconv_to_utf8("GB18030", buf, len, &conv, &convlen, &gbbad);
		if (st == PZ_OK) {
			free(own);
			*out = conv;
			*outlen = convlen;
			if (used)
				*used = "GB18030";
			return PZ_OK;
		}
		if (st != PZ_CONVERT)
			return st;
		pz_where_at(buf, len, gbbad, where);
		if (where)
			where->encoding = "GB18030";
		return PZ_ENCODING;
	}
	pz_where_at(buf, len, bad, where);
	if (where)
		where->encoding = "UTF-8";
	return PZ_ENCODING;
}

enum pz_status pz_decode(const char *buf, size_t len, const char *encoding,
                         char **out, size_t *outlen, const char **used,
                         struct pz_where *where)
{
	return decode(NULL, buf, len, encoding, out, outlen, used, where);
}

enum pz_status pz_decode_owned(char *buf, size_t len, const char *encoding,
                               char **out, size_t *outlen, const char **used,
                               struct pz_where *where)
{
	return decode(buf, buf, len, encoding, out, outlen, used, where);
}
