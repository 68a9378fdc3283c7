/* Unit tests of the settings file's parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pizhu/config.h"

static enum pz_status parse(struct config *c, const char *s, struct pz_errors *e)
{
	return config_parse(c, s, strlen(s), "config", e);
}

static void reads_both_settings(void **state)
{
	(void)state;
	struct config c = { 0 };
	struct pz_errors e;
	pz_errors_init(&e);
	assert_int_equal(parse(&c, "# mine\nkeymap = emacs\n\n  theme=light   # bright\r\n", &e), PZ_OK);
	assert_string_equal(c.keymap, "emacs");
	assert_string_equal(c.theme, "light");
	assert_int_equal(e.total, 0);
	pz_errors_release(&e);
}

static void reports_every_mistake_with_its_line(void **state)
{
	(void)state;
	struct config c = { 0 };
	struct pz_errors e;
	pz_errors_init(&e);
	assert_int_equal(parse(&c, "colour = red\ntheme\nkeymap = two words\ntheme = dark\n", &e),
	                 PZ_SYNTAX);
	assert_int_equal(e.total, 3);
	assert_non_null(strstr(e.msg[0], "config:1:"));
	assert_non_null(strstr(e.msg[0], "colour"));
	assert_non_null(strstr(e.msg[1], "config:2:"));
	assert_non_null(strstr(e.msg[2], "config:3:"));
	/* the good line still applies */
	assert_string_equal(c.theme, "dark");
	assert_string_equal(c.keymap, "");
	pz_errors_release(&e);
}

static void refuses_overlong_values(void **state)
{
	(void)state;
	struct config c = { 0 };
	char text[600] = "theme = ";
	memset(text + 8, 'x', 400);
	text[408] = '\0';
	assert_int_equal(parse(&c, text, NULL), PZ_SYNTAX);
	assert_string_equal(c.theme, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_both_settings),
		cmocka_unit_test(reports_every_mistake_with_its_line),
		cmocka_unit_test(refuses_overlong_values),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
