/* Unit tests of the one rule every writer follows (sanitize.h): which characters stop
 * a run, what replaces them, and the CSV formula guard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pizhu/errors.h"
#include "pizhu/sanitize.h"

static void unsafe_characters(void **state)
{
	(void)state;
	for (uint32_t c = 0; c < 0x20; c++)
		assert_true(sanitize_unsafe(c));
	for (uint32_t c = 0x7F; c < 0xA0; c++)
		assert_true(sanitize_unsafe(c));
	for (uint32_t c = 0x202A; c <= 0x202E; c++)
		assert_true(sanitize_unsafe(c));
	for (uint32_t c = 0x2066; c <= 0x2069; c++)
		assert_true(sanitize_unsafe(c));
	static const uint32_t fine[] = {' ', 'a', '~', 0xA0, 0xA9, 0x2029 - 1, 0x2065, 0x206A,
	                                0x3000, 0x4E2D, 0xFF0C, 0x1F600};
	for (size_t i = 0; i < sizeof(fine) / sizeof(*fine); i++)
		assert_false(sanitize_unsafe(fine[i]));
}

/* Collects what stops the sanitizer in s, as "kind:U+XXXX@at/len " items. */
static void stops(const char *special, const char *keep, const char *s, size_t n, char *out,
                  size_t len)
{
	struct sanitizer z;
	struct sanitize_stop x;
	size_t i = 0, o = 0;
	out[0] = '\0';
	sanitizer_init(&z, special, keep);
	while (sanitizer_next(&z, s, n, i, &x)) {
		static const char kinds[] = "SCBI";
		o += (size_t)snprintf(out + o, len - o, "%c:%04X@%zu/%zu ", kinds[x.kind],
		                      (unsigned)x.c, x.at, x.len);
		i = x.at + x.len;
	}
}

static void stops_at_every_payload(void **state)
{
	(void)state;
	char got[512];
	/* OSC 52 with BEL, CSI, C1 CSI, NEL, an override and an isolate, bytes not UTF-8 */
	static const char s[] = "a\033]52;c;eA==\007b\033[2J中\xc2\x9b" "2J\xc2\x85"
	                        "\xe2\x80\xaex\xe2\x81\xa6y\xff\xc0\xaf\xe4\xb8";
	stops(NULL, NULL, s, sizeof(s) - 1, got, sizeof(got));
	assert_string_equal(got, "C:001B@1/1 C:0007@12/1 C:001B@14/1 C:009B@21/2 C:0085@25/2 "
	                         "B:202E@27/3 B:2066@31/3 I:FFFD@35/1 I:FFFD@36/1 I:FFFD@37/1 "
	                         "I:FFFD@38/1 I:FFFD@39/1 ");
	/* a writer's own specials and kept controls */
	stops("\"\\", "\n", "x\"y\n\\\tz", 7, got, sizeof(got));
	assert_string_equal(got, "S:0022@1/1 S:005C@4/1 C:0009@5/1 ");
	/* Chinese text and other letters run through */
	static const char zh[] = "各部门要在年底前完成，达到80%以上。é ü €";
	stops(NULL, NULL, zh, sizeof(zh) - 1, got, sizeof(got));
	assert_string_equal(got, "");
}

static void write_replaces(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	static const char s[] = "a\tb\nc\033[31md\xc2\x9b\xe2\x80\xae\xff";
	sanitize_write(f, s, sizeof(s) - 1, NULL);
	fputc('|', f);
	sanitize_write(f, s, sizeof(s) - 1, "\n\t");
	fclose(f);
	assert_string_equal(buf, "a b c\xef\xbf\xbd[31md\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
	                         "a\tb\nc\xef\xbf\xbd[31md\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(buf);
}

static void messages_and_quotes(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(pz_errors_quote(buf, sizeof(buf), "x\033]52;\xc2\x9b\xe2\x81\xa7y", 12),
	                    "x?]52;??y");
	/* cut at a character, with "..." */
	assert_string_equal(pz_errors_quote(buf, 12, "一二三四五六", 18), "一二...");
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	pz_message(f, "cannot open '%s': %s\n", "a\033]0;title\007.txt", "no such file");
	fclose(f);
	assert_string_equal(out, "cannot open 'a?]0;title?.txt': no such file\n");
	free(out);
	/* longer than the message buffer: whole */
	char *big = malloc(5000);
	assert_non_null(big);
	memset(big, 'x', 4999);
	big[4999] = '\0';
	big[10] = '\033';
	out = NULL;
	f = open_memstream(&out, &len);
	pz_message(f, "[%s]", big);
	fclose(f);
	assert_int_equal(len, 5001);
	assert_int_equal(out[11], '?');
	free(out);
	free(big);
}

static void csv_formulas(void **state)
{
	(void)state;
	static const char *const formula[] = {"=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+1+2",
	                                      "-2+3", "@SUM(A1)", "\t=1", "\r=1", "+", "-",
	                                      "-5%左右", "+6.5%%", "-.5", "-5.", "+cmd|' /C calc'!A0"};
	for (size_t i = 0; i < sizeof(formula) / sizeof(*formula); i++)
		if (!sanitize_csv_formula(formula[i], strlen(formula[i])))
			fail_msg("%s is not guarded", formula[i]);
	static const char *const plain[] = {"-5%", "+6.5%", "-12", "+0.25", "80%", "5", "",
	                                    "年底前", "x=1", "－5%", "＝1"};
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++)
		if (sanitize_csv_formula(plain[i], strlen(plain[i])))
			fail_msg("%s is guarded", plain[i]);
}

static void csv_dates_and_times(void **state)
{
	(void)state;
	static const char *const date[] = {"24:32", "3/4", "6-30", "2026-06-30", "10:30:00",
	                                   "2026/6/30 8:00", "6月30日", "2026年6月", "8时30分",
	                                   "2026年6月30日", "1-2"};
	for (size_t i = 0; i < sizeof(date) / sizeof(*date); i++)
		if (!sanitize_csv_datelike(date[i], strlen(date[i])))
			fail_msg("%s is not guarded", date[i]);
	static const char *const text[] = {"12", "1.5", "80%", "", "年底前", "6月底前", "2026年",
	                                   "3、5", "第24行第3字", "24:", ":30", "6月30日前", "a-1"};
	for (size_t i = 0; i < sizeof(text) / sizeof(*text); i++)
		if (sanitize_csv_datelike(text[i], strlen(text[i])))
			fail_msg("%s is guarded", text[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unsafe_characters),
		cmocka_unit_test(stops_at_every_payload),
		cmocka_unit_test(write_replaces),
		cmocka_unit_test(messages_and_quotes),
		cmocka_unit_test(csv_formulas),
		cmocka_unit_test(csv_dates_and_times),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
