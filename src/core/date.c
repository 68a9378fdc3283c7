/* Dates: one reader of YYYY-MM-DD for the command line, the tags and the suggestions;
 * the arithmetic of deadlines; dates written in Chinese (see date.h). */
#include "pizhu/date.h"

#include <string.h>

#include "pizhu/cjk.h"
#include "pizhu/utf8.h"

bool date_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return d[m - 1] + (m == 2 && date_leap(y ? y : 2001));
}

bool date_parse_iso(const char *s, struct date *d)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	if (s[10])
		return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || dd < 1 || dd > date_days_in(y, m))
		return false;
	if (d)
		*d = (struct date){ y, m, dd };
	return true;
}

void date_add_months(struct date *d, int months)
{
	int t = d->month - 1 + months;
	d->year += t / 12;
	d->month = t % 12 + 1;
	if (d->day > date_days_in(d->year, d->month))
		d->day = date_days_in(d->year, d->month);
}

void date_add_days(struct date *d, int days)
{
	while (days > 0) {
		int left = date_days_in(d->year, d->month) - d->day;
		if (days <= left) {
			d->day += days;
			return;
		}
		days -= left + 1;
		d->day = 1;
		if (++d->month > 12) {
			d->month = 1;
			++d->year;
		}
	}
}

/* Sakamoto's method. */
int date_weekday(const struct date *d)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	int y = d->year - (d->month < 3);
	return (y + y / 4 - y / 100 + y / 400 + t[d->month - 1] + d->day) % 7;
}

/* A month's or day's number at p (digits, Chinese numerals, or placeholders) followed
 * by unit (one of the NUL-separated words): the end past the unit, or p. */
static size_t date_part(const char *s, size_t n, size_t p, const char *const *units, int max,
                        int *value)
{
	struct cjk_number num;
	if (p >= n || !cjk_number_read(s, n, p, &num))
		return p;
	for (; *units; units++) {
		size_t ul = strlen(*units);
		if (num.end + ul <= n && !memcmp(s + num.end, *units, ul))
			break;
	}
	if (!*units)
		return p;
	if (num.placeholder)
		*value = DATE_PLACEHOLDER;
	else if (num.value >= 1 && num.value <= max && num.value == (int)num.value)
		*value = (int)num.value;
	else
		return p;
	return num.end + strlen(*units);
}

size_t date_read_chinese(const char *s, size_t n, size_t i, struct date *d)
{
	*d = (struct date){ 0, 0, 0 };
	size_t p = i, l;
	int k = 0;
	for (; k < 4 && p < n; k++) { /* four digits, each of any kind: 2024, 二〇二四 */
		uint32_t c = utf8_get(s, n, p, &l);
		int v = cjk_digit(c) >= 0 ? cjk_digit(c) : cjk_numeral_digit(c);
		if (v < 0)
			break;
		d->year = d->year * 10 + v;
		p += l;
	}
	if (k != 4 || p + 3 > n || memcmp(s + p, "年", 3)) {
		d->year = 0;
		return i;
	}
	p += 3;
	static const char *const month_unit[] = { "月", NULL };
	static const char *const day_unit[] = { "日", "号", NULL };
	size_t e = date_part(s, n, p, month_unit, 12, &d->month);
	if (e == p)
		return p;
	return date_part(s, n, e, day_unit, 31, &d->day);
}

/* Up to max ASCII digits at s (at least min): their value and count. */
static int digits(const char *s, int min, int max, int *value)
{
	int k = 0;
	*value = 0;
	while (k < max && s[k] >= '0' && s[k] <= '9')
		*value = *value * 10 + (s[k++] - '0');
	return k >= min ? k : 0;
}

/* A full date written with digits at s: YYYY sep M(M) sep D(D) or YYYYMMDD. */
static bool digit_date(const char *s, struct date *d)
{
	int y, m, dd, k = digits(s, 4, 4, &y);
	if (!k)
		return false;
	const char *p = s + 4;
	if (*p == '-' || *p == '.' || *p == '_') {
		char sep = *p;
		if (!(k = digits(++p, 1, 2, &m)) || p[k] != sep || !(k = digits(p += k + 1, 1, 2, &dd)) ||
		    (p[k] >= '0' && p[k] <= '9'))
			return false;
	} else if (!digits(p, 2, 2, &m) || !digits(p + 2, 2, 2, &dd) || (p[4] >= '0' && p[4] <= '9')) {
		return false;
	}
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || dd < 1 || dd > date_days_in(y, m))
		return false;
	*d = (struct date){ y, m, dd };
	return true;
}

bool date_from_name(const char *name, struct date *d)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t n = strlen(base);
	int year = 0;
	for (size_t i = 0; i < n; i++) {
		bool digit = base[i] >= '0' && base[i] <= '9';
		if (!digit || (i && base[i - 1] >= '0' && base[i - 1] <= '9'))
			continue; /* a run of digits is looked at from its start */
		if (digit_date(base + i, d))
			return true;
		struct date c;
		size_t e = date_read_chinese(base, n, i, &c);
		if (e > i && c.year >= 1900 && c.year <= 2199 && c.month > 0 && c.day > 0 &&
		    c.day <= date_days_in(c.year, c.month)) {
			*d = c;
			return true;
		}
		int v, k = digits(base + i, 4, 5, &v);
		if (k == 4 && !year && v >= 1900 && v <= 2199)
			year = v;
	}
	if (!year)
		return false;
	*d = (struct date){ year, 0, 0 };
	return true;
}
