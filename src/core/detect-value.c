/* The values of deadlines and targets (see detect-value.h): dates written YYYY-MM-DD
 * (XXXX for an unknown year), counted with the calendar of date.h. */
#include "pizhu/detect-value.h"

#include <stdio.h>
#include <string.h>

#include "pizhu/cjk.h"
#include "pizhu/utf8.h"

static void write_date(char *out, int y, int m, int d)
{
	if (y > 0)
		snprintf(out, DETECT_VALUE_MAX, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(out, DETECT_VALUE_MAX, "XXXX-%02d-%02d", m, d);
}

/* The year a month of the coming year falls in: the speech's, or the next when the
 * month is already past. */
static int year_for(const struct date *at, int month)
{
	if (!at->year)
		return 0;
	return at->month && month < at->month ? at->year + 1 : at->year;
}

void value_deadline(const struct detect_rule *r, const struct caps *c, const struct date *at,
                    char *out)
{
	if (c->unfilled) {
		snprintf(out, DETECT_VALUE_MAX, "unfilled");
		return;
	}
	int y = c->year_set ? c->year : 0;
	switch (r->kind) {
	case K_DATE:
		write_date(out, y ? y : year_for(at, c->month), c->month, c->day);
		break;
	case K_MONTH_PART: {
		/* 今年10月底前 is this year's even when the month is past; 明年3月底 next year's */
		if (!y && (caps_said(c, "今年") || caps_said(c, "本年")))
			y = at->year;
		else if (!y && caps_said(c, "明年"))
			y = at->year ? at->year + 1 : 0;
		if (!y)
			y = year_for(at, c->month);
		int d = date_days_in(y, c->month);
		if (!strcmp(c->part, "上旬"))
			d = 10;
		else if (!strcmp(c->part, "中旬") || !strcmp(c->part, "中"))
			d = 20;
		else if (!strcmp(c->part, "初"))
			d = 10;
		write_date(out, y, c->month, d);
		break;
	}
	case K_MONTH_BEFORE: {
		int m = c->month - 1;
		if (!y)
			y = year_for(at, c->month);
		if (m == 0) {
			m = 12;
			y = y ? y - 1 : 0;
		}
		write_date(out, y, m, date_days_in(y, m));
		break;
	}
	case K_YEAR_END:
		write_date(out, y ? y : at->year, 12, 31);
		break;
	case K_YEAR_BEFORE:
		write_date(out, y - 1, 12, 31);
		break;
	case K_NEXT_YEAR:
		write_date(out, at->year ? at->year + 1 : 0, 12, 31);
		break;
	case K_SEASON: {
		int m = c->season * 3;
		write_date(out, year_for(at, m), m, date_days_in(2001, m));
		break;
	}
	case K_HALF1:
		write_date(out, year_for(at, 6), 6, 30);
		break;
	case K_HALF2:
		write_date(out, at->year, 12, 31);
		break;
	case K_NEXT_HALF1:
		write_date(out, at->year ? at->year + 1 : 0, 6, 30);
		break;
	case K_NEXT_HALF2:
		write_date(out, at->year ? at->year + 1 : 0, 12, 31);
		break;
	case K_THIS_MONTH:
		if (at->month)
			write_date(out, at->year, at->month, date_days_in(at->year, at->month));
		else
			snprintf(out, DETECT_VALUE_MAX, "XXXX-XX-XX");
		break;
	case K_AFTER_EVENT:
	case K_WITHIN: {
		/* a span of more than 10,000 of its units is a slip, not a plan */
		if (!(c->num >= 0 && c->num <= 10000)) {
			snprintf(out, DETECT_VALUE_MAX, "XXXX-XX-XX");
			break;
		}
		struct date due = *at;
		int n = (int)c->num;
		const char *u = "";
		for (int w = 0; w < c->nwords; w++) /* the span's unit among the words chosen */
			if (strcmp(c->words[w], "个") && strcmp(c->words[w], "内") &&
			    strcmp(c->words[w], "之内") && strcmp(c->words[w], "以内"))
				u = c->words[w];
		if (r->kind == K_AFTER_EVENT || !at->year || !at->month || !at->day) {
			/* no day to count from (or an event's, 结束后3日内): the span itself, an
			 * ISO 8601 duration */
			int days = strstr(u, "工作日") ? n + 2 * ((n + 4) / 5) : n;
			snprintf(out, DETECT_VALUE_MAX, "P%d%s", !strcmp(u, "月") || !strcmp(u, "年") ||
			         !strcmp(u, "周") || !strcmp(u, "星期") ? n : days,
			         !strcmp(u, "月") ? "M" : !strcmp(u, "年") ? "Y" :
			         !strcmp(u, "周") || !strcmp(u, "星期") ? "W" : "D");
			break;
		}
		if (!strcmp(u, "月"))
			date_add_months(&due, n);
		else if (!strcmp(u, "年"))
			date_add_months(&due, 12 * n);
		else if (!strcmp(u, "周") || !strcmp(u, "星期"))
			date_add_days(&due, 7 * n);
		else if (strstr(u, "工作日"))
			date_add_days(&due, n + 2 * ((n + 4) / 5)); /* weekends between */
		else
			date_add_days(&due, n);
		write_date(out, due.year, due.month, due.day);
		break;
	}
	case K_PLAN: {
		/* the n-th five-year plan ends in 1970 + 5 (n - 3), from the third on */
		size_t l;
		int d = c->nwords ? cjk_numeral_digit(utf8_get(c->words[0], strlen(c->words[0]), 0, &l)) : -1;
		if (d > 0)
			write_date(out, 1970 + 5 * (10 + d - 3), 12, 31);
		else
			snprintf(out, DETECT_VALUE_MAX, "XXXX-12-31");
		break;
	}
	case K_BEFORE_EVENT:
		snprintf(out, DETECT_VALUE_MAX, "XXXX-XX-XX");
		break;
	case K_RECUR: {
		const char *u = c->nwords ? c->words[0] : "";
		const char *v = !strcmp(u, "天") || !strcmp(u, "日") ? "R/P1D"
		              : !strcmp(u, "周") || !strcmp(u, "星期") ? "R/P1W"
		              : !strcmp(u, "月") ? "R/P1M"
		              : !strcmp(u, "季度") || !strcmp(u, "季") ? "R/P3M"
		              : !strcmp(u, "半年") ? "R/P6M" : "R/P1Y";
		snprintf(out, DETECT_VALUE_MAX, "%s", v);
		break;
	}
	default:
		out[0] = '\0';
	}
}

static void number_text(double v, char *buf, size_t len)
{
	if (!(v > -1e15 && v < 1e15)) /* beyond what a long long holds exactly */
		snprintf(buf, len, "%.6g", v);
	else if (v == (long long)v)
		snprintf(buf, len, "%lld", (long long)v);
	else {
		snprintf(buf, len, "%.4f", v);
		char *e = buf + strlen(buf);
		while (e > buf && e[-1] == '0')
			*--e = '\0';
	}
}

void value_target(const struct detect_rule *r, const struct caps *c, char *out)
{
	if (c->unfilled) {
		snprintf(out, DETECT_VALUE_MAX, "unfilled");
		return;
	}
	char num[32];
	number_text(c->num, num, sizeof(num));
	bool more = caps_said(c, "以上"), less = caps_said(c, "以内") || caps_said(c, "以下");
	const char *op = "=";
	switch (r->kind) {
	case K_EQ:
		op = more ? ">=" : less ? "<=" : "=";
		break;
	case K_GT:
		op = ">";
		break;
	case K_GE:
		op = ">=";
		break;
	case K_LE: /* 控制在3%以内; 稳定在50万亩以上; 保持在70%左右: about, not at most */
		op = more ? ">=" : caps_said(c, "左右") ? "=" : "<=";
		break;
	case K_UP:
		op = more ? "+>=" : "+";
		break;
	case K_DOWN:
		op = more ? "->=" : "-";
		break;
	case K_FULL:
		snprintf(out, DETECT_VALUE_MAX, "=100%%");
		return;
	case K_X2:
		snprintf(out, DETECT_VALUE_MAX, "x2");
		return;
	case K_X4:
		snprintf(out, DETECT_VALUE_MAX, "x4");
		return;
	default:
		break;
	}
	snprintf(out, DETECT_VALUE_MAX, "%s%s%s", op, num, c->unit);
}
