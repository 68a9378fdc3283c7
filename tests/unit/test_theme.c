/* Unit tests of theme.c: the element table and its defaults, theme files and their
 * errors, colour degradation, and the shipped themes (read from the source tree). */
#include "pizhu/theme.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static const char *const shipped[] = {
	"themes/dark.theme", "themes/light.theme", "themes/mono.theme",
};

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	if (!f)
		fail_msg("cannot open '%s' (run the tests from the repository root)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	buf[len] = '\0';
	*n = (size_t)len;
	return buf;
}

static void load_file(struct theme *t, const char *path)
{
	struct pz_errors e;
	size_t n;
	char *s = slurp(path, &n);

	pz_errors_init(&e);
	if (theme_load(t, s, n, path, &e) != PZ_OK)
		fail_msg("%zu errors, first: %s", e.total, e.count ? e.msg[0] : "?");
	assert_int_equal(e.total, 0);
	pz_errors_release(&e);
	free(s);
}

static void load_ok(struct theme *t, const char *s)
{
	struct pz_errors e;
	pz_errors_init(&e);
	if (theme_load(t, s, strlen(s), "t.theme", &e) != PZ_OK)
		fail_msg("unexpected error: %s", e.count ? e.msg[0] : "?");
	pz_errors_release(&e);
}

static void assert_style(struct theme_style s, int fg, int bg, unsigned attrs)
{
	if (s.fg != fg || s.bg != bg || s.attrs != attrs)
		fail_msg("got %d/%d/%#x, want %d/%d/%#x", s.fg, s.bg, s.attrs, fg, bg, attrs);
}

static int color(const char *name)
{
	int c = -99;
	if (theme_color_from_name(name, strlen(name), &c) != PZ_OK)
		return -99;
	return c;
}

static void element_table(void **state)
{
	(void)state;
	static const char *const needed[] = {
		"tree.normal", "tree.selected", "tree.current", "tree.marker", "text.normal",
		"text.heading1", "text.heading2", "text.heading3", "text.placeholder",
		"text.sentence", "text.search", "text.title", "status", "status.message",
		"help.key", "help.text", "library.selected", "separator",
	};
	for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
		if (theme_element_from_name(needed[i], strlen(needed[i])) == TE_COUNT)
			fail_msg("no element '%s'", needed[i]);
	for (int e = 0; e < TE_COUNT; e++) {
		const char *n = theme_element_name((enum theme_element)e);
		assert_int_equal(theme_element_from_name(n, strlen(n)), e);
		assert_true(strlen(theme_element_help((enum theme_element)e)) > 0);
		for (int f = 0; f < e; f++)
			assert_string_not_equal(n, theme_element_name((enum theme_element)f));
	}
	assert_int_equal(theme_element_from_name("TREE.Selected", 13), TE_TREE_SELECTED);
	assert_int_equal(theme_element_from_name("tree", 4), TE_COUNT);
	assert_string_equal(theme_element_name(TE_COUNT), "");
}

static void defaults(void **state)
{
	(void)state;
	struct theme *t = theme_new();
	assert_non_null(t);
	assert_style(theme_get(t, TE_TREE_SELECTED), -1, -1, TA_REVERSE);
	assert_style(theme_get(t, TE_TEXT_NORMAL), -1, -1, TA_NORMAL);
	assert_style(theme_get(t, TE_TEXT_HEADING1), -1, -1, TA_BOLD | TA_UNDERLINE);
	assert_style(theme_get(t, TE_TEXT_PLACEHOLDER), -1, -1, TA_UNDERLINE);
	assert_style(theme_get(t, TE_COUNT), -1, -1, 0);
	/* the defaults are colourless */
	for (int e = 0; e < TE_COUNT; e++) {
		struct theme_style s = theme_get(t, (enum theme_element)e);
		assert_int_equal(s.fg, -1);
		assert_int_equal(s.bg, -1);
	}
	theme_free(t);
	theme_free(NULL);
}

static void color_names(void **state)
{
	(void)state;
	assert_int_equal(color("default"), -1);
	assert_int_equal(color("black"), 0);
	assert_int_equal(color("red"), 1);
	assert_int_equal(color("white"), 7);
	assert_int_equal(color("bright-black"), 8);
	assert_int_equal(color("bright-white"), 15);
	assert_int_equal(color("Bright-Red"), 9);
	assert_int_equal(color("color0"), 0);
	assert_int_equal(color("color7"), 7);
	assert_int_equal(color("color42"), 42);
	assert_int_equal(color("color255"), 255);
	assert_int_equal(color("COLOR255"), 255);
	assert_int_equal(color("color256"), -99);
	assert_int_equal(color("color1000"), -99);
	assert_int_equal(color("color"), -99);
	assert_int_equal(color("color-1"), -99);
	assert_int_equal(color("color1a"), -99);
	assert_int_equal(color("bright-default"), -99);
	assert_int_equal(color("bright-"), -99);
	assert_int_equal(color("brightred"), -99);
	assert_int_equal(color("redd"), -99);
	assert_int_equal(color(""), -99);
}

static void lines(void **state)
{
	(void)state;
	struct theme *t = theme_new();
	load_ok(t, "# comment\n"
	           "\n"
	           "color text.heading1 bright-yellow default bold underline\n"
	           "  COLOR\ttree.selected  black  cyan   # comment\r\n"
	           "color status color236 color250 reverse normal\n"
	           "color text.search red blue bold\n"
	           "color text.search default green italic underline\n" /* later wins */
	           "color separator white black");                       /* no newline */
	assert_style(theme_get(t, TE_TEXT_HEADING1), 11, -1, TA_BOLD | TA_UNDERLINE);
	assert_style(theme_get(t, TE_TREE_SELECTED), 0, 6, TA_NORMAL);
	assert_style(theme_get(t, TE_STATUS), 236, 250, TA_REVERSE);
	assert_style(theme_get(t, TE_TEXT_SEARCH), -1, 2, TA_ITALIC | TA_UNDERLINE);
	assert_style(theme_get(t, TE_SEPARATOR), 7, 0, TA_NORMAL);
	/* untouched elements keep their defaults */
	assert_style(theme_get(t, TE_TREE_CURRENT), -1, -1, TA_BOLD);
	/* every attribute by name */
	load_ok(t, "color text.title default default bold dim underline reverse standout italic blink");
	assert_style(theme_get(t, TE_TEXT_TITLE), -1, -1, TA_ALL);
	theme_free(t);
}

static void errors_by_line(void **state)
{
	(void)state;
	struct theme *t = theme_new();
	struct pz_errors e;
	static const char s[] =
		"color text.normal white black\n"
		"color text.nromal white black\n"
		"color text.normal whit black\n"
		"color text.normal white blak\n"
		"color text.normal white black blod\n"
		"color text.normal white\n"
		"colour text.normal white black\n"
		"color tree.marker red default\n"
		"color text.normal color256 default\n";
	static const char *const want[] = {
		"x.theme:2: unknown element 'text.nromal'",
		"x.theme:3: unknown color 'whit'",
		"x.theme:4: unknown color 'blak'",
		"x.theme:5: unknown attribute 'blod'",
		"x.theme:6: 'color' needs an element, a foreground and a background",
		"x.theme:7: unknown command 'colour' (expected 'color')",
		"x.theme:9: unknown color 'color256'",
	};

	pz_errors_init(&e);
	assert_int_equal(theme_load(t, s, sizeof s - 1, "x.theme", &e), PZ_SYNTAX);
	assert_int_equal(e.total, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < e.count; i++)
		assert_string_equal(e.msg[i], want[i]);
	/* good lines applied, bad ones changed nothing */
	assert_style(theme_get(t, TE_TEXT_NORMAL), 7, 0, TA_NORMAL);
	assert_style(theme_get(t, TE_TREE_MARKER), 1, -1, TA_NORMAL);
	pz_errors_release(&e);
	assert_int_equal(theme_load(t, "bad", 3, NULL, &e), PZ_SYNTAX);
	assert_string_equal(e.msg[0], "line 1: unknown command 'bad' (expected 'color')");
	assert_int_equal(theme_load(t, "bad", 3, NULL, NULL), PZ_SYNTAX);
	pz_errors_release(&e);
	theme_free(t);
}

static void set_clamps(void **state)
{
	(void)state;
	struct theme *t = theme_new();
	theme_set(t, TE_STATUS, (struct theme_style){ 300, -5, 0xffff });
	assert_style(theme_get(t, TE_STATUS), -1, -1, TA_ALL);
	theme_set(t, TE_COUNT, (struct theme_style){ 1, 1, 0 }); /* ignored */
	theme_free(t);
}

static void degrade_colors(void **state)
{
	(void)state;
	/* 256 colours: as they are */
	assert_int_equal(theme_color_degrade(196, 256), 196);
	assert_int_equal(theme_color_degrade(9, 256), 9);
	assert_int_equal(theme_color_degrade(-1, 256), -1);
	/* 16: the cube and greys go to the nearest basic colour */
	assert_int_equal(theme_color_degrade(196, 16), 9);   /* ff0000 */
	assert_int_equal(theme_color_degrade(46, 16), 10);   /* 00ff00 */
	assert_int_equal(theme_color_degrade(21, 16), 4);    /* 0000ff: xterm's 4 is 0000ee */
	assert_int_equal(theme_color_degrade(16, 16), 0);    /* 000000 */
	assert_int_equal(theme_color_degrade(231, 16), 15);  /* ffffff */
	assert_int_equal(theme_color_degrade(232, 16), 0);   /* grey 8 */
	assert_int_equal(theme_color_degrade(244, 16), 8);   /* grey 128 */
	assert_int_equal(theme_color_degrade(254, 16), 7);   /* grey 228 */
	assert_int_equal(theme_color_degrade(124, 16), 1);   /* af0000 */
	assert_int_equal(theme_color_degrade(9, 16), 9);
	/* 8: bright colours lose their brightness */
	assert_int_equal(theme_color_degrade(9, 8), 1);
	assert_int_equal(theme_color_degrade(15, 8), 7);
	assert_int_equal(theme_color_degrade(196, 8), 1);
	assert_int_equal(theme_color_degrade(254, 8), 7);
	assert_int_equal(theme_color_degrade(3, 8), 3);
	/* 88 colours number the cube differently */
	assert_int_equal(theme_color_degrade(196, 88), 9);
	assert_int_equal(theme_color_degrade(9, 88), 9);
	/* no colour */
	assert_int_equal(theme_color_degrade(1, 2), -1);
	assert_int_equal(theme_color_degrade(1, 0), -1);
	assert_int_equal(theme_color_degrade(256, 256), -1);
	assert_int_equal(theme_color_degrade(-7, 256), -1);
	/* every colour on every size lands in range */
	static const int sizes[] = { 0, 1, 8, 15, 16, 88, 256, 32767 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		for (int c = -1; c < 256; c++) {
			int d = theme_color_degrade(c, sizes[i]);
			assert_true(d >= -1 && d < 256);
			assert_true(d < sizes[i]);
		}
}

static void degrade_styles(void **state)
{
	(void)state;
	struct theme_style s;

	s = theme_style_degrade((struct theme_style){ 11, 4, TA_UNDERLINE }, 8);
	assert_style(s, 3, 4, TA_UNDERLINE | TA_BOLD);      /* bright fg: bold */
	s = theme_style_degrade((struct theme_style){ 11, 4, TA_UNDERLINE }, 16);
	assert_style(s, 11, 4, TA_UNDERLINE);
	s = theme_style_degrade((struct theme_style){ 8, 8, 0 }, 8);
	assert_style(s, -1, -1, TA_DIM);                    /* grey would vanish */
	s = theme_style_degrade((struct theme_style){ 244, 12, 0 }, 8);
	assert_style(s, -1, 4, TA_DIM);                     /* 244 is grey */
	s = theme_style_degrade((struct theme_style){ 196, 231, TA_REVERSE }, 8);
	assert_style(s, 1, 7, TA_REVERSE | TA_BOLD);
	s = theme_style_degrade((struct theme_style){ 1, 2, TA_BOLD }, 0);
	assert_style(s, -1, -1, TA_BOLD);
	s = theme_style_degrade((struct theme_style){ 196, 236, 0 }, 256);
	assert_style(s, 196, 236, 0);
}

/* Two styles a reader can tell apart, not counting italic (often missing). */
static int distinct(struct theme_style a, struct theme_style b)
{
	return a.fg != b.fg || a.bg != b.bg || (a.attrs & ~TA_ITALIC) != (b.attrs & ~TA_ITALIC);
}

static void shipped_themes(void **state)
{
	(void)state;
	static const int sizes[] = { 8, 16, 256 };
	static const enum theme_element marked[] = {
		TE_TREE_SELECTED, TE_TREE_CURRENT, TE_TEXT_HEADING1, TE_TEXT_HEADING2,
		TE_TEXT_HEADING3, TE_TEXT_PLACEHOLDER, TE_TEXT_SENTENCE, TE_TEXT_SEARCH,
		TE_TEXT_TITLE, TE_STATUS, TE_LIBRARY_SELECTED,
	};

	for (size_t f = 0; f < sizeof shipped / sizeof shipped[0]; f++) {
		struct theme *t = theme_new();
		load_file(t, shipped[f]);
		for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
			struct theme_style text = theme_style_degrade(theme_get(t, TE_TEXT_NORMAL), sizes[z]);
			struct theme_style sel = theme_style_degrade(theme_get(t, TE_TEXT_SENTENCE), sizes[z]);
			for (size_t i = 0; i < sizeof marked / sizeof marked[0]; i++) {
				struct theme_style s = theme_style_degrade(theme_get(t, marked[i]), sizes[z]);
				if (!distinct(s, text))
					fail_msg("%s, %d colours: %s looks like plain text", shipped[f],
					         sizes[z], theme_element_name(marked[i]));
			}
			/* a match shows inside the sentence cursor and out of it */
			assert_true(distinct(theme_style_degrade(theme_get(t, TE_TEXT_SEARCH), sizes[z]), sel));
			assert_true(distinct(theme_style_degrade(theme_get(t, TE_TEXT_HEADING1), sizes[z]),
			                     theme_style_degrade(theme_get(t, TE_TEXT_HEADING2), sizes[z])));
		}
		/* italic is never the only cue */
		for (int e = 0; e < TE_COUNT; e++) {
			struct theme_style s = theme_get(t, (enum theme_element)e);
			if (s.attrs & TA_ITALIC)
				assert_true((s.attrs & ~TA_ITALIC) || s.fg != -1 || s.bg != -1);
		}
		theme_free(t);
	}
}

/* mono sets every element and uses no colour, whatever was loaded before. */
static void mono_is_colourless(void **state)
{
	(void)state;
	struct theme *t = theme_new();
	load_file(t, "themes/dark.theme");
	assert_int_not_equal(theme_get(t, TE_TREE_SELECTED).bg, -1);
	load_file(t, "themes/mono.theme");
	for (int e = 0; e < TE_COUNT; e++) {
		struct theme_style s = theme_get(t, (enum theme_element)e);
		if (s.fg != -1 || s.bg != -1)
			fail_msg("mono gives %s a colour", theme_element_name((enum theme_element)e));
	}
	/* and it is the built-in default */
	struct theme *d = theme_new();
	for (int e = 0; e < TE_COUNT; e++)
		assert_int_equal(theme_get(t, (enum theme_element)e).attrs,
		                 theme_get(d, (enum theme_element)e).attrs);
	theme_free(d);
	theme_free(t);
}

/* dark and light say something about every element too. */
static void colour_themes_are_complete(void **state)
{
	(void)state;
	for (size_t f = 0; f < 2; f++) {
		size_t n;
		char *s = slurp(shipped[f], &n);
		for (int e = 0; e < TE_COUNT; e++) {
			char line[64];
			snprintf(line, sizeof line, "\ncolor %s ", theme_element_name((enum theme_element)e));
			if (!strstr(s, line))
				fail_msg("%s leaves out %s", shipped[f], theme_element_name((enum theme_element)e));
		}
		free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(element_table),
		cmocka_unit_test(defaults),
		cmocka_unit_test(color_names),
		cmocka_unit_test(lines),
		cmocka_unit_test(errors_by_line),
		cmocka_unit_test(set_clamps),
		cmocka_unit_test(degrade_colors),
		cmocka_unit_test(degrade_styles),
		cmocka_unit_test(shipped_themes),
		cmocka_unit_test(mono_is_colourless),
		cmocka_unit_test(colour_themes_are_complete),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
