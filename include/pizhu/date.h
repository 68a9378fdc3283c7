/* Calendar dates: the one reader of YYYY-MM-DD, the day arithmetic deadlines are
 * counted with, and the reader of dates as Chinese text writes them (2024年8月24日,
 * 二〇二四年八月二十四日). */
#ifndef PIZHU_DATE_H
#define PIZHU_DATE_H

#include <stdbool.h>
#include <stddef.h>

struct date {
	int year, month, day;           /* 0 when unknown */
};

/* Whether y is a leap year of the Gregorian calendar. */
bool date_leap(int year);

/* Days in month m (1-12) of year y; y 0 (unknown) counts as a common year. */
int date_days_in(int year, int month);

/* Parses s, exactly "YYYY-MM-DD" and a real date (year 1 or later), into *d (may be
 * NULL: only checks). */
bool date_parse_iso(const char *s, struct date *d);

/* Adds months to *d (a real date), the day clamped to the new month's length. */
void date_add_months(struct date *d, int months);

/* Adds days (>= 0) to *d (a real date). */
void date_add_days(struct date *d, int days);

/* The day of the week of a real date, 0 Sunday to 6 Saturday. */
int date_weekday(const struct date *d);

/* Placeholders in a date read from Chinese text (X月XX日): the part's value. */
#define DATE_PLACEHOLDER (-1)

/*
 * Reads a date written the Chinese way at byte i of s[0..n) (valid UTF-8): a year in
 * four digits (2024, ２０２４, 二〇二四) and 年, then a month and 月, then a day and
 * 日 or 号; month and day in digits or Chinese numerals (八月二十四日), or left as
 * placeholders (X月XX日). Returns the byte after the last part read, or i when no
 * year stands there. *d gets each part read, 0 for one not written and
 * DATE_PLACEHOLDER for one left to fill in; values are not checked against the
 * calendar (date_days_in).
 */
size_t date_read_chinese(const char *s, size_t n, size_t i, struct date *d);

/*
 * Finds the date a file name gives (its last path component): 2024-08-24, 2024.8.24,
 * 2024_08_24, 20240824 or 2024年8月24日 gives a full date; else a year alone (1900 to
 * 2199, not part of a longer run of digits: 某县2027年工作要点.docx, plan-2027.txt)
 * gives that year with month and day 0. False when it gives neither.
 */
bool date_from_name(const char *name, struct date *d);

/* What date_parse_input made of what was typed. */
enum date_input {
	DATE_INPUT_OK,          /* a real date */
	DATE_INPUT_UNREAD,      /* not a date as people write one */
	DATE_INPUT_IMPOSSIBLE,  /* a date the calendar has not (2月30日, 13月1日) */
};

/*
 * Reads a due date as a person types it into a prompt, into *d:
 *   2026-09-20  2026-9-20  2026/9/20  2026.9.20  20260920  9-20  9/20
 *   2026年9月20日  9月20日 (or 号)  2026年6月底  6月底 (末, 下旬: its last day; 中旬 the
 *   20th; 上旬, 初 the 10th)  6月 (its last day)  2026年 2026年底 年底 年末 (31
 *   December)  年中 上半年 (30 June)  下半年 (31 December)  今年… 明年… (ref's year,
 *   the next)
 * Digits half or full width, or Chinese numerals (九月二十日); spaces anywhere, and
 * a trailing 前, 以前, 之前 or 底前 (11月底前) are allowed. A year left out is ref's,
 * or the next one when the month is before ref's month (as a speech's deadlines are
 * counted: said in October, 3月底 is next March); ref's month and day may be 0
 * (unknown), its year must be known (> 0). On DATE_INPUT_IMPOSSIBLE, why (len bytes,
 * may be NULL) says what is wrong: "February 2026 has 28 days".
 */
enum date_input date_parse_input(const char *s, const struct date *ref, struct date *d,
                                 char *why, size_t len);

#endif
