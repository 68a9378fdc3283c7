/* Chinese text, character by character: which characters are Han, digits (half and
 * full width), Chinese numerals and placeholder symbols, and the reader of numbers as
 * speeches write them (80, ８０, 5.5, 三千二百, 二〇二五, XX). One copy for the
 * outline, the suggestion rules and the placeholder finder. */
#ifndef PIZHU_CJK_H
#define PIZHU_CJK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether c is a Han character (the URO, extension A, compatibility ideographs, the
 * supplementary planes 2 and 3 minus their ends). */
bool cjk_is_han(uint32_t c);

/* 0 to 9 for an ASCII or full-width digit (０-９), else -1. */
static inline int cjk_digit(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xFF10 && c <= 0xFF19)
		return (int)(c - 0xFF10);
	return -1;
}

/* 0 to 9 for a Chinese digit: 〇 零 一 二 三 四 五 六 七 八 九, 两 (2); else -1. */
int cjk_numeral_digit(uint32_t c);

/* The value of a Chinese unit numeral: 十 10, 百 100, 千 1000, 万 10000; else 0. */
int cjk_numeral_unit(uint32_t c);

/* Symbols that stand for what a draft leaves to fill in (XX市, ×月, **书记). */
enum cjk_placeholder {
	CJK_PH_NONE,
	CJK_PH_X,       /* X x Ｘ ｘ */
	CJK_PH_TIMES,   /* × */
	CJK_PH_STAR,    /* * ＊ */
};

enum cjk_placeholder cjk_placeholder_of(uint32_t c);

/* A number read from the text. */
struct cjk_number {
	double value;         /* 0 for a placeholder */
	bool placeholder;     /* a run of placeholder symbols (XX, ××, **) */
	size_t end;           /* the byte after it */
};

/* Whether a number (cjk_number_read) can start with c. */
bool cjk_number_start(uint32_t c);

/* Reads a number at byte i of s[0..n) (valid UTF-8, i < n): digits, half or full
 * width, with a decimal part (80, ８０, 5.5); a Chinese numeral, positional
 * (二〇二五) or with units (三千二百, 三万五千), a trailing 万 left to what follows
 * (五万元 is 5 and 万元); or a run of up to four placeholder symbols. True and *out
 * filled when one stands there. Reads at most 16 Chinese numeral characters. */
bool cjk_number_read(const char *s, size_t n, size_t i, struct cjk_number *out);

#endif
