/* Unit tests of dates: the one YYYY-MM-DD reader, deadline arithmetic and dates as
 * Chinese text writes them. */
#include "pizhu/date.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static void iso(void **state)
{
	(void)state;
	struct date d;
	assert_true(date_parse_iso("2024-02-29", &d));
	assert_int_equal(d.year, 2024);
	assert_int_equal(d.month, 2);
	assert_int_equal(d.day, 29);
	assert_true(date_parse_iso("2000-02-29", NULL));
	assert_false(date_parse_iso("1900-02-29", NULL));
	assert_false(date_parse_iso("2023-02-29", NULL));
	assert_false(date_parse_iso("2026-13-01", NULL));
	assert_false(date_parse_iso("2026-00-10", NULL));
	assert_false(date_parse_iso("2026-04-31", NULL));
	assert_false(date_parse_iso("0000-01-01", NULL));
	assert_false(date_parse_iso("2026-1-01", NULL));
	assert_false(date_parse_iso("2026-01-01x", NULL));
	assert_false(date_parse_iso("2026-01-0", NULL));
	assert_false(date_parse_iso("", NULL));
	assert_false(date_parse_iso("年底前", NULL));
}

static void arithmetic(void **state)
{
	(void)state;
	assert_int_equal(date_days_in(2024, 2), 29);
	assert_int_equal(date_days_in(0, 2), 28); /* an unknown year is common */
	struct date d = { 2024, 8, 31 };
	date_add_months(&d, 6);
	assert_int_equal(d.year, 2025);
	assert_int_equal(d.month, 2);
	assert_int_equal(d.day, 28); /* clamped */
	d = (struct date){ 2024, 12, 25 };
	date_add_days(&d, 10);
	assert_int_equal(d.year, 2025);
	assert_int_equal(d.month, 1);
	assert_int_equal(d.day, 4);
	d = (struct date){ 2024, 2, 28 };
	date_add_days(&d, 1);
	assert_int_equal(d.day, 29);
	assert_int_equal(date_weekday(&(struct date){ 2024, 8, 24 }), 6); /* a Saturday */
	assert_int_equal(date_weekday(&(struct date){ 2026, 6, 30 }), 2);
}

/* Reads a date at the start of s; returns what it read, as "y-m-d:rest". */
static void chinese(const char *s, const char *want)
{
	struct date d;
	size_t e = date_read_chinese(s, strlen(s), 0, &d);
	char got[128];
	snprintf(got, sizeof(got), "%d-%d-%d:%s", d.year, d.month, d.day, s + e);
	assert_string_equal(got, want);
}

static void chinese_dates(void **state)
{
	(void)state;
	chinese("2024年8月24日）", "2024-8-24:）");
	chinese("二〇二四年八月二十四日", "2024-8-24:");
	chinese("２０２４年１２月１号", "2024-12-1:");
	chinese("2024年X月XX日", "2024--1--1:");
	chinese("2024年8月", "2024-8-0:");
	chinese("2024年", "2024-0-0:");
	chinese("2024年13月1日", "2024-0-0:13月1日"); /* no month 13: the year alone */
	chinese("2024年8月32日", "2024-8-0:32日");
	chinese("24年8月1日", "0-0-0:24年8月1日");  /* not four digits */
	chinese("20245年", "0-0-0:20245年");
	chinese("今年8月", "0-0-0:今年8月");
}

/* The date of a file name, as "y-m-d", or "none". */
static void from_name(const char *name, const char *want)
{
	struct date d;
	char got[64] = "none";
	if (date_from_name(name, &d))
		snprintf(got, sizeof(got), "%d-%d-%d", d.year, d.month, d.day);
	assert_string_equal(got, want);
}

static void file_names(void **state)
{
	(void)state;
	from_name("notes/讲话-2024-08-24.txt", "2024-8-24");
	from_name("2024.8.24会议.txt", "2024-8-24");
	from_name("minutes_2025_3_1.txt", "2025-3-1");
	from_name("20240824.txt", "2024-8-24");
	from_name("2024年8月24日讲话.txt", "2024-8-24");
	from_name("某县2027年工作要点.docx", "2027-0-0");
	from_name("plan-2027.txt", "2027-0-0");
	from_name("2024/讲话.txt", "none");            /* only the last component */
	from_name("report-12345.txt", "none");         /* five digits are no year */
	from_name("20241332.txt", "none");             /* no month 13 */
	from_name("v2.txt", "none");
	from_name("", "none");
}

/* What date_parse_input makes of in, for a speech dated ref: "y-m-d", "?" (not a
 * date) or "! why". */
static void typed(const struct date *ref, const char *in, const char *want)
{
	struct date d = { 0, 0, 0 };
	char why[96], got[128];
	enum date_input r = date_parse_input(in, ref, &d, why, sizeof(why));
	if (r == DATE_INPUT_OK)
		snprintf(got, sizeof(got), "%d-%d-%d", d.year, d.month, d.day);
	else if (r == DATE_INPUT_UNREAD)
		snprintf(got, sizeof(got), "?");
	else
		snprintf(got, sizeof(got), "! %s", why);
	assert_string_equal(got, want);
}

static void typed_dates(void **state)
{
	(void)state;
	const struct date april = { 2026, 4, 8 }, year_only = { 2027, 0, 0 };
	typed(&april, "2026-09-20", "2026-9-20");
	typed(&april, "2026-9-20", "2026-9-20");
	typed(&april, "2026/9/20", "2026-9-20");
	typed(&april, "2026.9.20", "2026-9-20");
	typed(&april, "20260920", "2026-9-20");
	typed(&april, "２０２６－９－２０", "2026-9-20");
	typed(&april, " 2026 - 9 - 20 ", "2026-9-20");
	typed(&april, "9-20", "2026-9-20");
	typed(&april, "9/20", "2026-9-20");
	typed(&april, "3/20", "2027-3-20");           /* March is past in April: next year's */
	typed(&april, "9月20日", "2026-9-20");
	typed(&april, "9月20号", "2026-9-20");
	typed(&april, "九月二十日", "2026-9-20");
	typed(&april, "2026年9月20日", "2026-9-20");
	typed(&april, "二〇二六年九月二十日", "2026-9-20");
	typed(&april, "年底", "2026-12-31");
	typed(&april, "年末", "2026-12-31");
	typed(&april, "年底前", "2026-12-31");
	typed(&april, "2028年底", "2028-12-31");
	typed(&april, "2028年", "2028-12-31");
	typed(&april, "明年底", "2027-12-31");
	typed(&april, "今年6月底", "2026-6-30");
	typed(&april, "年中", "2026-6-30");
	typed(&april, "上半年", "2026-6-30");
	typed(&april, "下半年", "2026-12-31");
	typed(&april, "2026年6月底", "2026-6-30");
	typed(&april, "2024年2月底", "2024-2-29");
	typed(&april, "6月底", "2026-6-30");
	typed(&april, "11月底前", "2026-11-30");
	typed(&april, "2月底", "2027-2-28");
	typed(&april, "6月", "2026-6-30");
	typed(&april, "6月中旬", "2026-6-20");
	typed(&april, "6月上旬", "2026-6-10");
	typed(&april, "6月下旬", "2026-6-30");
	typed(&year_only, "9月20日", "2027-9-20");    /* no month known: the year's */
	typed(&year_only, "年底", "2027-12-31");
	/* impossible dates say why */
	typed(&april, "2月30日", "! February 2027 has 28 days");
	typed(&april, "2028年2月30日", "! February 2028 has 29 days");
	typed(&april, "2026-2-30", "! February 2026 has 28 days");
	typed(&april, "2026-13-01", "! there is no month 13");
	typed(&april, "13月1日", "! there is no month 13");
	typed(&april, "4/31", "! April 2026 has 30 days");
	typed(&april, "0月1日", "! there is no month 0");
	typed(&april, "6月0日", "! June 2026 has 30 days");
	/* not dates */
	typed(&april, "", "?");
	typed(&april, "   ", "?");
	typed(&april, "soon", "?");
	typed(&april, "2026-9", "?");
	typed(&april, "2026-9/20", "?");
	typed(&april, "26-9-20", "?");
	typed(&april, "9月20日上午", "?");
	typed(&april, "123456789012", "?");
	typed(&april, "X月XX日", "?");
	typed(&april, "2026-09-20x", "?");
	/* no year to count from: nothing is guessed */
	typed(&(struct date){ 0, 0, 0 }, "9月20日", "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iso),
		cmocka_unit_test(arithmetic),
		cmocka_unit_test(chinese_dates),
		cmocka_unit_test(file_names),
		cmocka_unit_test(typed_dates),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
