/* The Chinese character classes and the number reader shared by the outline, the
 * suggestion rules and the placeholder finder (see cjk.h). */
#include "pizhu/cjk.h"

#include "pizhu/utf8.h"

bool cjk_is_han(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

int cjk_numeral_digit(uint32_t c)
{
	switch (c) {
	case 0x3007: case 0x96F6: return 0; /* 〇 零 */
	case 0x4E00: return 1;              /* 一 */
	case 0x4E8C: case 0x4E24: return 2; /* 二 两 */
	case 0x4E09: return 3;              /* 三 */
	case 0x56DB: return 4;              /* 四 */
	case 0x4E94: return 5;              /* 五 */
	case 0x516D: return 6;              /* 六 */
	case 0x4E03: return 7;              /* 七 */
	case 0x516B: return 8;              /* 八 */
	case 0x4E5D: return 9;              /* 九 */
	default: return -1;
	}
}

int cjk_numeral_unit(uint32_t c)
{
	switch (c) {
	case 0x5341: return 10;    /* 十 */
	case 0x767E: return 100;   /* 百 */
	case 0x5343: return 1000;  /* 千 */
	case 0x4E07: return 10000; /* 万 */
	default: return 0;
	}
}

enum cjk_placeholder cjk_placeholder_of(uint32_t c)
{
	switch (c) {
	case 'X': case 'x': case 0xFF38: case 0xFF58: /* Ｘ ｘ */
		return CJK_PH_X;
	case 0xD7: /* × */
		return CJK_PH_TIMES;
	case '*': case 0xFF0A: /* ＊ */
		return CJK_PH_STAR;
	default:
		return CJK_PH_NONE;
	}
}

bool cjk_number_start(uint32_t c)
{
	return cjk_digit(c) >= 0 || cjk_numeral_digit(c) >= 0 || cjk_numeral_unit(c) ||
	       cjk_placeholder_of(c) != CJK_PH_NONE;
}

/* Digits with an optional decimal part, from p. */
static size_t read_digits(const char *s, size_t n, size_t p, double *out)
{
	double v = 0, scale = 0;
	size_t l;
	while (p < n) {
		uint32_t c = utf8_get(s, n, p, &l);
		int d = cjk_digit(c);
		if (d >= 0) {
			if (scale > 0) {
				v += d * scale;
				scale /= 10;
			} else {
				v = v * 10 + d;
			}
		} else if ((c == '.' || c == 0xFF0E) && scale == 0 && p + l < n) {
			size_t l2;
			if (cjk_digit(utf8_get(s, n, p + l, &l2)) < 0)
				break;
			scale = 0.1;
		} else {
			break;
		}
		p += l;
	}
	*out = v;
	return p;
}

/* A Chinese numeral from p: positional digits (二〇二五) or with units (三千二百);
 * p when there is none. */
static size_t read_numeral(const char *s, size_t n, size_t p, double *out)
{
	double total = 0, section = 0, positional = 0;
	int digit = -1, count = 0;
	bool units_seen = false;
	size_t l, last_good = p;
	while (p < n && count < 16) {
		uint32_t c = utf8_get(s, n, p, &l);
		int d = cjk_numeral_digit(c), u = cjk_numeral_unit(c);
		if (d >= 0) {
			digit = d;
			positional = positional * 10 + d;
		} else if (u == 10000) {
			/* 万 at the end is the unit's (五万元); inside it multiplies (三万五千) */
			size_t l2;
			uint32_t next = p + l < n ? utf8_get(s, n, p + l, &l2) : 0;
			if (cjk_numeral_digit(next) < 0 && !cjk_numeral_unit(next))
				break;
			section += digit > 0 ? digit : 0;
			total += (section ? section : 1) * 10000;
			section = 0;
			digit = -1;
			units_seen = true;
		} else if (u) {
			section += (digit >= 0 ? digit : 1) * u;
			digit = -1;
			units_seen = true;
		} else {
			break;
		}
		p += l;
		count++;
		last_good = p;
	}
	*out = units_seen ? total + section + (digit > 0 ? digit : 0) : positional;
	return last_good;
}

bool cjk_number_read(const char *s, size_t n, size_t i, struct cjk_number *out)
{
	size_t l, p = i;
	uint32_t c = utf8_get(s, n, p, &l);
	*out = (struct cjk_number){ 0, false, i };
	if (cjk_placeholder_of(c) != CJK_PH_NONE) {
		for (int k = 0; p < n && k < 4 && cjk_placeholder_of(utf8_get(s, n, p, &l)); k++)
			p += l;
		out->placeholder = true;
		out->end = p;
		return true;
	}
	if (cjk_digit(c) >= 0) {
		out->end = read_digits(s, n, p, &out->value);
		return true;
	}
	out->end = read_numeral(s, n, p, &out->value);
	return out->end > i;
}
