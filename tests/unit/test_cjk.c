/* Unit tests of the Chinese text toolbox: code points (utf8.h), character classes and
 * the number reader (cjk.h). */
#include "pizhu/cjk.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pizhu/utf8.h"

static void code_points(void **state)
{
	(void)state;
	const char s[] = "a中𠀀é";
	size_t n = sizeof(s) - 1, l;
	assert_int_equal(utf8_get(s, n, 0, &l), 'a');
	assert_int_equal(l, 1);
	assert_int_equal(utf8_get(s, n, 1, &l), 0x4E2D);
	assert_int_equal(l, 3);
	assert_int_equal(utf8_get(s, n, 4, &l), 0x20000);
	assert_int_equal(l, 4);
	assert_int_equal(utf8_get(s, n, 8, &l), 0xE9);
	assert_int_equal(l, 2);
	/* invalid or cut off: U+FFFD, one byte */
	assert_int_equal(utf8_get("\xE4\xB8", 2, 0, &l), 0xFFFD);
	assert_int_equal(l, 1);
	assert_int_equal(utf8_get("\x80x", 2, 0, &l), 0xFFFD);
	assert_int_equal(l, 1);
	assert_int_equal(utf8_get("\xED\xA0\x80", 3, 0, &l), 0xFFFD); /* a surrogate */
	/* backwards */
	size_t at;
	assert_int_equal(utf8_prev(s, 0, 4), 1);
	assert_int_equal(utf8_before(s, 0, 8, &at), 0x20000);
	assert_int_equal(at, 4);
	assert_int_equal(utf8_before(s, 0, 0, &at), 0);
	assert_int_equal(utf8_before(s, 1, 1, &at), 0); /* not before lo */
}

static void classes(void **state)
{
	(void)state;
	assert_true(cjk_is_han(0x4E2D));   /* 中 */
	assert_true(cjk_is_han(0x3400));
	assert_true(cjk_is_han(0x20000));
	assert_false(cjk_is_han(0x3002));  /* 。 */
	assert_false(cjk_is_han('a'));
	assert_int_equal(cjk_digit('7'), 7);
	assert_int_equal(cjk_digit(0xFF18), 8); /* ８ */
	assert_int_equal(cjk_digit(0x4E03), -1);
	assert_int_equal(cjk_numeral_digit(0x4E03), 7);  /* 七 */
	assert_int_equal(cjk_numeral_digit(0x4E24), 2);  /* 两 */
	assert_int_equal(cjk_numeral_digit(0x3007), 0);  /* 〇 */
	assert_int_equal(cjk_numeral_digit(0x96F6), 0);  /* 零 */
	assert_int_equal(cjk_numeral_digit(0x5341), -1); /* 十 is a unit */
	assert_int_equal(cjk_numeral_unit(0x5341), 10);
	assert_int_equal(cjk_numeral_unit(0x4E07), 10000);
	assert_int_equal(cjk_placeholder_of('X'), CJK_PH_X);
	assert_int_equal(cjk_placeholder_of(0xFF58), CJK_PH_X);  /* ｘ */
	assert_int_equal(cjk_placeholder_of(0xD7), CJK_PH_TIMES); /* × */
	assert_int_equal(cjk_placeholder_of(0xFF0A), CJK_PH_STAR); /* ＊ */
	assert_int_equal(cjk_placeholder_of('Y'), CJK_PH_NONE);
	assert_true(cjk_number_start(0x4E09));
	assert_true(cjk_number_start(0x5343)); /* 千 */
	assert_false(cjk_number_start(0x5E74)); /* 年 */
}

/* Reads the number at the start of s: its value (-1 for a placeholder) and the rest. */
static double number(const char *s, const char **rest)
{
	struct cjk_number num;
	if (!cjk_number_read(s, strlen(s), 0, &num))
		return -2;
	*rest = s + num.end;
	return num.placeholder ? -1 : num.value;
}

static void numbers(void **state)
{
	(void)state;
	const char *rest;
	assert_true(number("80%", &rest) == 80);
	assert_string_equal(rest, "%");
	assert_true(number("８０％", &rest) == 80);
	assert_string_equal(rest, "％");
	assert_true(number("5.5亿", &rest) == 5.5);
	assert_true(number("5.亿", &rest) == 5); /* a point without a digit after it */
	assert_string_equal(rest, ".亿");
	assert_true(number("三千二百人", &rest) == 3200);
	assert_string_equal(rest, "人");
	assert_true(number("二〇二五年", &rest) == 2025);
	assert_true(number("十五个", &rest) == 15);
	assert_true(number("三万五千", &rest) == 35000);
	/* a trailing 万 is the unit's: 五万元 is 5 万元 */
	assert_true(number("五万元", &rest) == 5);
	assert_string_equal(rest, "万元");
	assert_true(number("两个", &rest) == 2);
	assert_true(number("XX万元", &rest) == -1);
	assert_string_equal(rest, "万元");
	assert_true(number("××月", &rest) == -1);
	assert_true(number("年", &rest) == -2);
	assert_true(number("万元", &rest) == -2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(code_points),
		cmocka_unit_test(classes),
		cmocka_unit_test(numbers),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
