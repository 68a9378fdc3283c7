/* Unit tests of the settings file's parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pizhu/config.h"
#include "pizhu/tags.h"

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

static void pages_and_citations(void **state)
{
	(void)state;
	struct config c = { 0 };
	struct pz_errors e;
	pz_errors_init(&e);
	assert_int_equal(parse(&c, "citation = %q —— %t, %s (%p)\nparagraphs = blank\n"
	                           "max-width = 66\n", &e), PZ_OK);
	assert_string_equal(c.citation, "%q —— %t, %s (%p)");
	assert_int_equal(c.paragraphs, CONFIG_PARAGRAPHS_BLANK);
	assert_int_equal(c.max_width, 66);
	assert_false(c.no_max_width);
	assert_int_equal(parse(&c, "max-width = none\nparagraphs=indent\n", &e), PZ_OK);
	assert_true(c.no_max_width);
	assert_int_equal(c.paragraphs, CONFIG_PARAGRAPHS_INDENT);
	/* mistakes named with their line, the setting as it was */
	assert_int_equal(parse(&c, "citation = %q %x\nparagraphs = both\nmax-width = 10\n"
	                           "max-width = 8o\ncitation =\n", &e), PZ_SYNTAX);
	assert_int_equal(e.total, 5);
	assert_non_null(strstr(e.msg[0], "config:1: citation: '%x' is not a placeholder"));
	assert_non_null(strstr(e.msg[1], "config:2: paragraphs is auto, indent or blank, not 'both'"));
	assert_non_null(strstr(e.msg[2], "config:3: max-width"));
	assert_non_null(strstr(e.msg[3], "config:4: max-width"));
	assert_non_null(strstr(e.msg[4], "config:5: citation needs a format"));
	assert_string_equal(c.citation, "%q —— %t, %s (%p)");
	assert_int_equal(c.paragraphs, CONFIG_PARAGRAPHS_INDENT);
	assert_true(c.no_max_width);
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

/* name = gives the reviewer, spaces and all; --author, then $PIZHU_AUTHOR, then the
 * config, then the login name decide who it is. */
static void reviewer_name_and_who_decides(void **state)
{
	(void)state;
	struct config c = { 0 };
	struct pz_errors e;
	pz_errors_init(&e);
	assert_int_equal(parse(&c, "name = 王某  # the office\ntheme = dark\n", &e), PZ_OK);
	assert_string_equal(c.name, "王某");
	assert_int_equal(parse(&c, "name = Wang Mou\n", &e), PZ_OK);
	assert_string_equal(c.name, "Wang Mou");
	assert_int_equal(parse(&c, "name =\nname = a\x01b\n", &e), PZ_SYNTAX);
	assert_int_equal(e.total, 2);
	assert_string_equal(c.name, "Wang Mou");
	pz_errors_release(&e);
	/* a line separator is refused in the name, not in the comment after it or on a
	 * later line (the value is read within its line: fuzz_config) */
	pz_errors_init(&e);
	assert_int_equal(parse(&c, "name = 王\xe2\x80\xa8某\n", &e), PZ_SYNTAX);
	assert_string_equal(c.name, "Wang Mou");
	assert_int_equal(parse(&c, "name = 王某 # \xe2\x80\xa9\n", &e), PZ_OK);
	assert_string_equal(c.name, "王某");
	assert_int_equal(parse(&c, "name = Wang Mou\n# \xe2\x80\xa8\n", &e), PZ_OK);
	assert_string_equal(c.name, "Wang Mou");
	pz_errors_release(&e);
	assert_true(config_valid_author("ab\xe2\x80\xa8", 2));
	assert_false(config_valid_author("ab\xe2\x80\xa8", 5));
	/* name=name=: the value read within its bytes (fuzz_config found a read past them) */
	{
		char *v = malloc(10);
		assert_non_null(v);
		memcpy(v, "name=name=", 10);
		pz_errors_init(&e);
		assert_int_equal(config_parse(&c, v, 10, "config", &e), PZ_OK);
		assert_string_equal(c.name, "name=");
		assert_int_equal(parse(&c, "name = Wang Mou\n", &e), PZ_OK);
		pz_errors_release(&e);
		free(v);
	}

	char who[256], login[256];
	unsetenv("PIZHU_AUTHOR");
	config_author(&c, "李四", who, sizeof(who));
	assert_string_equal(who, "李四");
	config_author(&c, NULL, who, sizeof(who));
	assert_string_equal(who, "Wang Mou");
	setenv("PIZHU_AUTHOR", "张三", 1);
	config_author(&c, NULL, who, sizeof(who));
	assert_string_equal(who, "张三");
	config_author(&c, "李四", who, sizeof(who));
	assert_string_equal(who, "李四");
	unsetenv("PIZHU_AUTHOR");
	config_author(NULL, NULL, who, sizeof(who));
	tags_login_name(login, sizeof(login));
	assert_string_equal(who, login);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reviewer_name_and_who_decides),
		cmocka_unit_test(reads_both_settings),
		cmocka_unit_test(reports_every_mistake_with_its_line),
		cmocka_unit_test(refuses_overlong_values),
		cmocka_unit_test(pages_and_citations),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
