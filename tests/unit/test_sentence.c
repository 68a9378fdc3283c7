/* Unit tests of sentence boundaries: the unit the reader selects and tags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pizhu/sentence.h"

/* Splits s into sentences joined by '|'. */
static void split(const char *s, char *out)
{
	size_t n = strlen(s), pos = 0, o = 0;
	while (pos < n) {
		size_t e = sentence_end(s, n, pos);
		assert_true(e > pos || s[pos] == '\n');
		if (e == pos)
			e++; /* a newline ends the previous sentence; skip it */
		else {
			if (o)
				out[o++] = '|';
			memcpy(out + o, s + pos, e - pos);
			o += e - pos;
		}
		pos = e;
	}
	out[o] = '\0';
}

static void splits_at_enders(void **state)
{
	(void)state;
	char out[512];
	split("要抓好落实。必须按时完成！能做到吗？要做到；一定做到……好", out);
	assert_string_equal(out, "要抓好落实。|必须按时完成！|能做到吗？|要做到；|一定做到……|好");
}

static void keeps_closing_quotes(void **state)
{
	(void)state;
	char out[512];
	split("他说：“火车跑得快，全靠车头带。”大家要记住。（这是老话。）最后一句", out);
	assert_string_equal(out, "他说：“火车跑得快，全靠车头带。”|大家要记住。|（这是老话。）|最后一句");
}

static void colon_and_comma_do_not_split(void **state)
{
	(void)state;
	char out[512];
	split("主要任务是：一是学习，二是落实。", out);
	assert_string_equal(out, "主要任务是：一是学习，二是落实。");
}

static void ascii_and_newlines(void **state)
{
	(void)state;
	char out[512];
	split("Done! OK? yes; no\n第二行。", out);
	assert_string_equal(out, "Done!| OK?| yes;| no|第二行。");
}

static void ender_at_buffer_end_is_safe(void **state)
{
	(void)state;
	const char s[] = "完成。";
	/* a truncated ender (only its first byte in range) does not end the sentence */
	assert_int_equal(sentence_end(s, 7, 0), 7);
	assert_int_equal(sentence_end(s, 9, 0), 9);
}

/* A hard-wrapped paragraph: the line breaks inside a sentence do not end it. */
static void wrapped_goes_on_across_line_breaks(void **state)
{
	(void)state;
	const char s[] = "各单位要抓紧\n整改，月底前\n完成。第二句\n到段末\n";
	size_t n = sizeof(s) - 1;
	size_t e = sentence_end_wrapped(s, n, 0);
	assert_int_equal(e, strlen("各单位要抓紧\n整改，月底前\n完成。"));
	/* the last sentence runs to the paragraph's end, past its final line break */
	assert_int_equal(sentence_end_wrapped(s, n, e), n);
	/* at the end, or on an empty paragraph: the end */
	assert_int_equal(sentence_end_wrapped(s, n, n), n);
	assert_int_equal(sentence_end_wrapped("\n", 1, 0), 1);
	/* sentence_end alone stops at the first line break */
	assert_int_equal(sentence_end(s, n, 0), strlen("各单位要抓紧"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(splits_at_enders),
		cmocka_unit_test(keeps_closing_quotes),
		cmocka_unit_test(colon_and_comma_do_not_split),
		cmocka_unit_test(ascii_and_newlines),
		cmocka_unit_test(ender_at_buffer_end_is_safe),
		cmocka_unit_test(wrapped_goes_on_across_line_breaks),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
