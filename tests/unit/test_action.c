/* Unit tests of action.c: every action has a unique keymap name and a help text,
 * and names read back to their action. */
#include "pizhu/action.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static void names_are_well_formed(void **state)
{
	(void)state;
	for (int a = 1; a < ACT_COUNT; a++) {
		const char *n = action_name((enum action)a);
		size_t len = strlen(n);

		assert_true(len > 0);
		assert_true(n[0] >= 'a' && n[0] <= 'z');
		assert_true(n[len - 1] != '-');
		for (size_t i = 0; i < len; i++)
			if (!((n[i] >= 'a' && n[i] <= 'z') || (n[i] >= '0' && n[i] <= '9') || n[i] == '-'))
				fail_msg("action name '%s' is not lower case with dashes", n);
		assert_string_not_equal(n, "none");
		for (int b = 1; b < a; b++)
			assert_string_not_equal(n, action_name((enum action)b));
		/* help: present, lower case, no final period */
		const char *h = action_help((enum action)a);
		assert_true(strlen(h) > 0);
		assert_false(h[0] >= 'A' && h[0] <= 'Z');
		assert_true(h[strlen(h) - 1] != '.');
	}
}

static void names_read_back(void **state)
{
	(void)state;
	for (int a = 1; a < ACT_COUNT; a++) {
		const char *n = action_name((enum action)a);
		assert_int_equal(action_from_name(n, strlen(n)), a);
	}
	assert_int_equal(action_from_name("page-down", 9), ACT_PAGE_DOWN);
	assert_int_equal(action_from_name("Page-Down", 9), ACT_PAGE_DOWN);
	assert_int_equal(action_from_name("page-down-x", 9), ACT_PAGE_DOWN); /* n counts */
	assert_int_equal(action_from_name("page-dow", 8), ACT_NONE);
	assert_int_equal(action_from_name("page-downs", 10), ACT_NONE);
	assert_int_equal(action_from_name("", 0), ACT_NONE);
	assert_int_equal(action_from_name("none", 4), ACT_NONE);
	assert_int_equal(action_from_name("quit\0", 5), ACT_NONE);
}

static void the_issue_is_covered(void **state)
{
	(void)state;
	static const char *const needed[] = {
		"quit", "focus-next", "toggle-tree", "tree-wider", "tree-narrower",
		"expand", "collapse", "toggle-fold", "expand-all", "collapse-all",
		"level-1", "level-2", "level-3", "jump", "top", "bottom", "line-down",
		"line-up", "half-page-down", "half-page-up", "page-down", "page-up",
		"goto-percent", "goto-line", "next-sentence", "prev-sentence",
		"next-paragraph", "prev-paragraph", "next-section", "prev-section",
		"search-forward", "search-backward", "search-next", "search-prev", "help",
		"library", "redraw", "suspend", "open",
		/* issue 14: tagging two keys on keys less leaves free, marks as in less,
		 * every change undoable, the suggestions turned down listed and restored */
		"tag-prefix", "mark", "goto-mark", "undo", "redo", "reject-suggestion",
		"rejected-list", "restore-suggestion",
	};
	for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
		if (action_from_name(needed[i], strlen(needed[i])) == ACT_NONE)
			fail_msg("no action '%s'", needed[i]);
}

static void out_of_range(void **state)
{
	(void)state;
	assert_string_equal(action_name(ACT_NONE), "none");
	assert_string_equal(action_name(ACT_COUNT), "none");
	assert_string_equal(action_name((enum action)-1), "none");
	assert_string_equal(action_help(ACT_COUNT), "");
	assert_string_equal(action_help(ACT_NONE), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_are_well_formed),
		cmocka_unit_test(names_read_back),
		cmocka_unit_test(the_issue_is_covered),
		cmocka_unit_test(out_of_range),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
