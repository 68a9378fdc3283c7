/* Dates: one reader of YYYY-MM-DD for the command line, the tags and the suggestions;
 * the arithmetic of deadlines; dates written in Chinese (see date.h). */
#include "pizhu/date.h"

#include <stdio.h>
#include <string.h>

#include "pizhu/cjk.h"
#include "pizhu/i18n.h"
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

/* ---- dates as people type them ---- */

static const char *const month_names[] = {
	N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
	N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

/* What is typed, after the spaces are taken out: s[i..n). */
struct typed {
	const char *s;
	size_t n, i;
};

/* Whether word w stands at the reading position; if so, passes it. */
static bool word(struct typed *t, const char *w)
{
	size_t l = strlen(w);
	if (t->i + l > t->n || memcmp(t->s + t->i, w, l))
		return false;
	t->i += l;
	return true;
}

/* A whole number at the reading position: digits (half or full width) or a Chinese
 * numeral (二〇二六, 二十); *digits counts the digits (0 for a numeral). */
static bool number(struct typed *t, long *v, int *ndigits)
{
	size_t p = t->i, l;
	long x = 0;
	int k = 0;
	while (p < t->n && k < 9) {
		int dg = cjk_digit(utf8_get(t->s, t->n, p, &l));
		if (dg < 0)
			break;
		x = x * 10 + dg;
		k++;
		p += l;
	}
	if (k) {
		if (p < t->n && cjk_digit(utf8_get(t->s, t->n, p, &l)) >= 0)
			return false; /* more digits than a date has */
		t->i = p;
		*v = x;
		*ndigits = k;
		return true;
	}
	uint32_t c = utf8_get(t->s, t->n, p, &l);
	struct cjk_number num;
	if ((cjk_numeral_digit(c) < 0 && !cjk_numeral_unit(c)) ||
	    !cjk_number_read(t->s, t->n, p, &num) || num.placeholder || num.value < 0 ||
	    num.value > 99999 || num.value != (double)(long)num.value)
		return false;
	t->i = num.end;
	*v = (long)num.value;
	*ndigits = 0;
	return true;
}

/* One of the separators of a date written with digits: - / . (half or full width). */
static bool separator(struct typed *t, char *sep)
{
	static const char *const seps[] = { "-", "/", ".", "－", "／", "．" };
	for (size_t k = 0; k < sizeof(seps) / sizeof(seps[0]); k++)
		if (word(t, seps[k])) {
			*sep = "-/.-/."[k];
			return true;
		}
	return false;
}

/* The year of a month when none is written (see date_parse_input). */
static int year_of_month(const struct date *ref, int month)
{
	return ref->month && month < ref->month ? ref->year + 1 : ref->year;
}

/* Checks y-m-d against the calendar and fills *d, or says why not. */
static enum date_input real(long y, long m, long dd, struct date *d, char *why, size_t len)
{
	char buf[96];
	if (y < 1 || y > 9999)
		snprintf(buf, sizeof(buf), _("there is no year %ld"), y);
	else if (m < 1 || m > 12)
		snprintf(buf, sizeof(buf), _("there is no month %ld"), m);
	else if (dd < 1 || dd > date_days_in((int)y, (int)m))
		/* TRANSLATORS: a month's name, its year, its number of days */
		snprintf(buf, sizeof(buf), _("%s %ld has %d days"), _(month_names[m - 1]), y,
		         date_days_in((int)y, (int)m));
	else {
		*d = (struct date){ (int)y, (int)m, (int)dd };
		return DATE_INPUT_OK;
	}
	if (why && len)
		snprintf(why, len, "%s", buf);
	return DATE_INPUT_IMPOSSIBLE;
}

/* A date written with digits and separators, or eight digits. */
static enum date_input digit_input(struct typed *t, const struct date *ref, struct date *d,
                                   char *why, size_t len)
{
	long a, b, c;
	int ka, kb, kc;
	char s1, s2;
	if (!number(t, &a, &ka) || !ka)
		return DATE_INPUT_UNREAD;
	if (t->i == t->n && ka == 8) /* 20260920 */
		return real(a / 10000, a / 100 % 100, a % 100, d, why, len);
	if (!separator(t, &s1) || !number(t, &b, &kb) || !kb)
		return DATE_INPUT_UNREAD;
	if (t->i == t->n) { /* 9-20, 9/20: a month and a day */
		if (ka > 2 || kb > 2)
			return DATE_INPUT_UNREAD;
		if (a < 1 || a > 12)
			return real(ref->year, a, b, d, why, len);
		return real(year_of_month(ref, (int)a), a, b, d, why, len);
	}
	if (ka != 4 || kb > 2 || !separator(t, &s2) || s2 != s1 || !number(t, &c, &kc) || !kc ||
	    kc > 2 || t->i != t->n)
		return DATE_INPUT_UNREAD;
	return real(a, b, c, d, why, len);
}

/* The end of a written month (底 末 下旬 中旬 上旬 初 or nothing): its day. */
static long month_part(struct typed *t, long y, long m)
{
	int last = m >= 1 && m <= 12 && y >= 1 ? date_days_in((int)y, (int)m) : 31;
	if (word(t, "底") || word(t, "末") || word(t, "下旬"))
		return last;
	if (word(t, "中旬") || word(t, "中"))
		return 20;
	if (word(t, "上旬") || word(t, "初"))
		return 10;
	return last;
}

/* A date written the Chinese way, whole or in part. */
static enum date_input chinese_input(struct typed *t, const struct date *ref, struct date *d,
                                     char *why, size_t len)
{
	long y = 0, m, dd;
	int k;
	size_t at = t->i;
	if (word(t, "今年"))
		y = ref->year;
	else if (word(t, "明年"))
		y = ref->year + 1;
	else if (number(t, &y, &k) && (k == 4 || (!k && y >= 1000)) && word(t, "年"))
		;
	else {
		t->i = at;
		y = 0;
	}
	bool year = y != 0;
	if (word(t, "年底") || word(t, "年末") || (year && (word(t, "底") || word(t, "末"))) ||
	    word(t, "下半年") || (year && t->i == t->n))
		return t->i == t->n ? real(year ? y : ref->year, 12, 31, d, why, len) : DATE_INPUT_UNREAD;
	if (word(t, "年中") || word(t, "上半年") || (year && word(t, "中")))
		return t->i == t->n ? real(year ? y : ref->year, 6, 30, d, why, len) : DATE_INPUT_UNREAD;
	if (!number(t, &m, &k) || k > 2 || !word(t, "月"))
		return DATE_INPUT_UNREAD;
	if (!year)
		y = m >= 1 && m <= 12 ? year_of_month(ref, (int)m) : ref->year;
	if (t->i < t->n && number(t, &dd, &k)) {
		if (k > 2 || !(word(t, "日") || word(t, "号")))
			return DATE_INPUT_UNREAD;
	} else {
		dd = month_part(t, y, m);
	}
	return t->i == t->n ? real(y, m, dd, d, why, len) : DATE_INPUT_UNREAD;
}

enum date_input date_parse_input(const char *s, const struct date *ref, struct date *d,
                                 char *why, size_t len)
{
	char buf[128];
	size_t n = 0;
	if (why && len)
		why[0] = '\0';
	for (size_t i = 0; s[i]; i++) { /* the spaces out (U+3000 too) */
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (!strncmp(s + i, "\xe3\x80\x80", 3)) {
			i += 2;
			continue;
		}
		if (n + 1 >= sizeof(buf))
			return DATE_INPUT_UNREAD;
		buf[n++] = s[i];
	}
	buf[n] = '\0';
	static const char *const before[] = { "以前", "之前", "前" }; /* 11月底前 */
	for (size_t k = 0; k < sizeof(before) / sizeof(before[0]); k++) {
		size_t l = strlen(before[k]);
		if (n > l && !memcmp(buf + n - l, before[k], l)) {
			n -= l;
			buf[n] = '\0';
			break;
		}
	}
	if (!n || !ref || ref->year < 1)
		return DATE_INPUT_UNREAD;
	struct typed t = { buf, n, 0 };
	enum date_input r = digit_input(&t, ref, d, why, len);
	if (r != DATE_INPUT_UNREAD)
		return r;
	t.i = 0;
	return chinese_input(&t, ref, d, why, len);
}
