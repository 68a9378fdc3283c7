/* Unit tests of key.c: names of every key and back, canonical forms, and the
 * names that must be refused. */
#include "pizhu/key.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static struct key parse_ok(const char *s)
{
	struct key k = { 99, 99 };
	if (key_parse(s, strlen(s), &k) != PZ_OK)
		fail_msg("'%s' should parse", s);
	return k;
}

static void assert_key(const char *s, uint32_t code, unsigned mods)
{
	struct key k = parse_ok(s);
	if (k.code != code || k.mods != mods)
		fail_msg("'%s': got %#x/%u, want %#x/%u", s, (unsigned)k.code, k.mods,
		         (unsigned)code, mods);
}

/* s parses and its canonical name is want. */
static void assert_name(const char *s, const char *want)
{
	char buf[KEY_NAME_MAX];
	struct key k = parse_ok(s);
	size_t n = key_format(k, buf, sizeof buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void assert_bad(const char *s, size_t n)
{
	struct key k = { 99, 99 };
	if (key_parse(s, n, &k) != PZ_SYNTAX)
		fail_msg("'%.*s' should be refused", (int)n, s);
	assert_int_equal(k.code, 0);
	assert_int_equal(k.mods, 0);
}

static void characters(void **state)
{
	(void)state;
	assert_key("j", 'j', 0);
	assert_key("G", 'G', 0);
	assert_key("/", '/', 0);
	assert_key("?", '?', 0);
	assert_key("<", '<', 0);
	assert_key(">", '>', 0);
	assert_key("翻", 0x7FFB, 0);
	assert_key("😀", 0x1F600, 0);
	assert_name("j", "j");
	assert_name("翻", "翻");
	assert_name("<", "<lt>");
	assert_name("<lt>", "<lt>");
	assert_name("#", "<Hash>");
	assert_name("<hash>", "<Hash>");
	assert_name(" ", "<Space>");
	assert_name("<space>", "<Space>");
}

static void specials_and_aliases(void **state)
{
	(void)state;
	assert_key("<Enter>", KC_ENTER, 0);
	assert_key("<enter>", KC_ENTER, 0);
	assert_key("<CR>", KC_ENTER, 0);
	assert_key("<Return>", KC_ENTER, 0);
	assert_key("<PgDn>", KC_PGDN, 0);
	assert_key("<PageDown>", KC_PGDN, 0);
	assert_key("<pgup>", KC_PGUP, 0);
	assert_key("<Esc>", KC_ESC, 0);
	assert_key("<Escape>", KC_ESC, 0);
	assert_key("<BS>", KC_BACKSPACE, 0);
	assert_key("<Del>", KC_DELETE, 0);
	assert_key("<Ins>", KC_INSERT, 0);
	assert_key("<F1>", KC_F1, 0);
	assert_key("<f12>", KC_F12, 0);
	assert_key("<BackTab>", KC_TAB, KM_SHIFT);
	assert_name("<BackTab>", "<S-Tab>");
	assert_name("<pagedown>", "<PgDn>");
	assert_name("<c-m-s-bs>", "<C-M-S-Backspace>");
}

static void modifiers(void **state)
{
	(void)state;
	assert_key("<C-f>", 'f', KM_CTRL);
	assert_key("<c-F>", 'f', KM_CTRL);  /* the terminal sends the same byte */
	assert_key("<M-x>", 'x', KM_META);
	assert_key("<A-x>", 'x', KM_META);
	assert_key("<M-X>", 'X', KM_META);  /* ESC X is not ESC x */
	assert_key("<C-M-x>", 'x', KM_CTRL | KM_META);
	assert_key("<M-C-x>", 'x', KM_CTRL | KM_META);
	assert_name("<M-C-x>", "<C-M-x>");
	assert_key("<M->>", '>', KM_META);
	assert_key("<M-lt>", '<', KM_META);
	assert_name("<M-<>", "<M-lt>");
	assert_key("<M-->", '-', KM_META);
	assert_key("<M-翻>", 0x7FFB, KM_META);
	assert_key("<S-Up>", KC_UP, KM_SHIFT);
	assert_key("<C-PgDn>", KC_PGDN, KM_CTRL);
	assert_key("<M-Space>", ' ', KM_META);
	assert_name("<C-\\>", "<C-\\>");
	assert_name("<C-]>", "<C-]>");
	assert_name("<C-_>", "<C-_>");
}

/* What a terminal cannot tell apart is one key. */
static void canonical_forms(void **state)
{
	(void)state;
	assert_key("<C-i>", KC_TAB, 0);
	assert_key("<C-m>", KC_ENTER, 0);
	assert_key("<C-j>", KC_ENTER, 0);
	assert_key("<C-[>", KC_ESC, 0);
	assert_key("<C-?>", KC_BACKSPACE, 0);
	assert_key("<C-M-[>", KC_ESC, KM_META);
	assert_key("<C-@>", ' ', KM_CTRL);
	assert_name("<C-@>", "<C-Space>");
	assert_key("<C-h>", 'h', KM_CTRL);  /* not <Backspace>: DEL is */
	assert_true(key_equal((struct key){ 'F', KM_CTRL }, (struct key){ 'f', KM_CTRL }));
	assert_true(key_equal((struct key){ 9, 0 }, (struct key){ KC_TAB, 0 }));
	assert_false(key_equal((struct key){ 'f', KM_CTRL }, (struct key){ 'f', 0 }));
	assert_false(key_equal((struct key){ 'x', KM_META }, (struct key){ 'X', KM_META }));
}

static void from_char(void **state)
{
	(void)state;
	struct {
		uint32_t c;
		uint32_t code;
		unsigned mods;
	} t[] = {
		{ 0, ' ', KM_CTRL },        { 1, 'a', KM_CTRL },
		{ 6, 'f', KM_CTRL },        { 8, 'h', KM_CTRL },
		{ 9, KC_TAB, 0 },           { 10, KC_ENTER, 0 },
		{ 13, KC_ENTER, 0 },        { 26, 'z', KM_CTRL },
		{ 27, KC_ESC, 0 },          { 28, '\\', KM_CTRL },
		{ 29, ']', KM_CTRL },       { 30, '^', KM_CTRL },
		{ 31, '_', KM_CTRL },       { 127, KC_BACKSPACE, 0 },
		{ 'j', 'j', 0 },            { 0x7FFB, 0x7FFB, 0 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct key k = key_from_char(t[i].c);
		if (k.code != t[i].code || k.mods != t[i].mods)
			fail_msg("char %u: got %#x/%u", (unsigned)t[i].c, (unsigned)k.code, k.mods);
		assert_true(key_valid(k));
	}
	/* Every control byte is a key with a name. */
	for (uint32_t c = 0; c < 0x20; c++) {
		char buf[KEY_NAME_MAX];
		assert_true(key_format(key_from_char(c), buf, sizeof buf) > 0);
		assert_true(buf[0] == '<');
	}
}

/* Every special key with every set of modifiers survives format then parse. */
static void special_round_trips(void **state)
{
	(void)state;
	for (uint32_t code = KC_UNICODE_LAST + 1; code < KC_LIMIT; code++)
		for (unsigned mods = 0; mods < 8; mods++) {
			char buf[KEY_NAME_MAX], again[KEY_NAME_MAX];
			struct key k = { code, mods }, back;
			size_t n = key_format(k, buf, sizeof buf);

			assert_true(n > 2 && n < sizeof buf);
			assert_int_equal(buf[0], '<');
			assert_int_equal(key_parse(buf, n, &back), PZ_OK);
			assert_int_equal(back.code, code);
			assert_int_equal(back.mods, mods);
			assert_int_equal(key_format(back, again, sizeof again), n);
			assert_string_equal(again, buf);
		}
}

/* Characters with Meta and without modifiers, and Ctrl where it exists. */
static void character_round_trips(void **state)
{
	(void)state;
	static const uint32_t extra[] = { 0xFF0C, 0x3002, 0xFFFD, 0x10FFFF, 0x1F600 };
	size_t count = 0;

	for (uint32_t c = 0x20; c < 0x3100 + 5; c++) {
		uint32_t code = c < 0x3100 ? c : extra[c - 0x3100];
		if (code >= 0x7f && code < 0xa0)
			continue;
		for (unsigned mods = 0; mods < 4; mods++) {
			char buf[KEY_NAME_MAX];
			struct key k = { code, mods }, back;
			size_t n;

			if (!key_valid(k)) {
				assert_int_equal(key_format(k, buf, sizeof buf), 0);
				assert_string_equal(buf, "");
				continue;
			}
			n = key_format(k, buf, sizeof buf);
			assert_true(n > 0);
			assert_int_equal(key_parse(buf, n, &back), PZ_OK);
			if (!key_equal(back, k))
				fail_msg("%#x/%u named '%s' reads back as %#x/%u", (unsigned)code,
				         mods, buf, (unsigned)back.code, back.mods);
			count++;
		}
	}
	assert_true(count > 20000);
	/* Ctrl exists for letters and a few signs only. */
	assert_true(key_valid((struct key){ 'q', KM_CTRL }));
	assert_false(key_valid((struct key){ '1', KM_CTRL }));
	assert_false(key_valid((struct key){ 0x7FFB, KM_CTRL }));
}

static void refused(void **state)
{
	(void)state;
#define BAD(s) assert_bad(s, sizeof(s) - 1)
	BAD("");
	BAD("<>");
	BAD("<C-");
	BAD("<C->");
	BAD("<C-M->");
	BAD("<Nope>");
	BAD("<a>");          /* a character needs no brackets */
	BAD("ab");
	BAD("jj");
	BAD("翻译");
	BAD("<F13>");
	BAD("<F0>");
	BAD("<C-1>");        /* no terminal sends it */
	BAD("<C-翻>");
	BAD("<C->>");
	BAD("<S-a>");        /* that is "A" */
	BAD("<S-Space>");
	BAD("<C-C-x>");
	BAD("<M-A-x>");      /* A- is M- */
	BAD("<S-BackTab>");
	BAD("<X-a>");
	BAD("<Enter");
	BAD("Enter>");
	BAD("<<>");
	BAD("\t");           /* control characters are named */
	BAD("\x01");
	BAD("\x7f");
	BAD("\xc2\x85");     /* C1 control */
	BAD("<M-\x01>");
	BAD("\xff");
	BAD("\xe7\xbf");     /* 翻 cut short */
	BAD("\xc0\xaf");     /* overlong '/' */
	BAD("\xed\xa0\x80"); /* a surrogate */
	BAD("\xf4\x90\x80\x80"); /* past U+10FFFF */
	BAD("<C-\xe7\xbf>");
#undef BAD
	assert_bad("a\0", 2);
	assert_bad("\0", 1);
}

static void format_buffer(void **state)
{
	(void)state;
	char buf[4] = "xyz";
	struct key k = { KC_PGDN, KM_CTRL };

	assert_int_equal(key_format(k, buf, sizeof buf), strlen("<C-PgDn>"));
	assert_string_equal(buf, "<C-");
	assert_int_equal(key_format(k, NULL, 0), 8);
	/* invalid keys have no name */
	assert_int_equal(key_format((struct key){ KC_LIMIT, 0 }, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	assert_int_equal(key_format((struct key){ 'a', 8 }, buf, sizeof buf), 0);
	assert_int_equal(key_format((struct key){ 0xD800, 0 }, buf, sizeof buf), 0);
	assert_int_equal(key_format((struct key){ 'a', KM_SHIFT }, buf, sizeof buf), 0);
}

static void text_keys(void **state)
{
	(void)state;
	assert_true(key_is_text(parse_ok("j")));
	assert_true(key_is_text(parse_ok("翻")));
	assert_true(key_is_text(parse_ok("<Space>")));
	assert_false(key_is_text(parse_ok("<Enter>")));
	assert_false(key_is_text(parse_ok("<C-a>")));
	assert_false(key_is_text(parse_ok("<M-a>")));
	assert_false(key_is_text((struct key){ 0x85, 0 }));
}

static void curses_names(void **state)
{
	(void)state;
	struct {
		const char *name, *key;
	} t[] = {
		{ "KEY_UP", "<Up>" },           { "KEY_NPAGE", "<PgDn>" },
		{ "KEY_PPAGE", "<PgUp>" },      { "KEY_DC", "<Delete>" },
		{ "KEY_IC", "<Insert>" },       { "KEY_ENTER", "<Enter>" },
		{ "KEY_BACKSPACE", "<Backspace>" }, { "KEY_BTAB", "<S-Tab>" },
		{ "KEY_SR", "<S-Up>" },         { "KEY_SF", "<S-Down>" },
		{ "KEY_SPREVIOUS", "<S-PgUp>" }, { "KEY_A1", "<Home>" },
		{ "KEY_C3", "<PgDn>" },         { "kc2", "<Down>" },
		{ "kpADD", "+" },               { "kpZRO", "0" },
		{ "KEY_F(1)", "<F1>" },         { "KEY_F(12)", "<F12>" },
		{ "KEY_F(13)", "<S-F1>" },      { "KEY_F(25)", "<C-F1>" },
		{ "KEY_F(37)", "<C-S-F1>" },    { "KEY_F(49)", "<M-F1>" },
		{ "KEY_F(63)", "<M-S-F3>" },
		{ "kUP5", "<C-Up>" },           { "kUP3", "<M-Up>" },
		{ "kNXT3", "<M-PgDn>" },        { "kDC6", "<C-S-Delete>" },
		{ "kLFT2", "<S-Left>" },        { "kRIT8", "<C-M-S-Right>" },
		{ "kHOM7", "<C-M-Home>" },      { "kEND4", "<M-S-End>" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct key k;
		char buf[KEY_NAME_MAX];
		if (key_from_curses_name(t[i].name, strlen(t[i].name), &k) != PZ_OK)
			fail_msg("'%s' should be known", t[i].name);
		key_format(k, buf, sizeof buf);
		if (strcmp(buf, t[i].key) != 0)
			fail_msg("'%s' is %s, want %s", t[i].name, buf, t[i].key);
	}
	static const char *const unknown[] = {
		"KEY_RESIZE", "KEY_MOUSE", "KEY_F(0)", "KEY_F(64)", "KEY_F(01)", "KEY_F(1",
		"KEY_F()", "KEY_F(1a)", "kUP", "kUP1", "kUP9", "kUP55", "key_up", "UNKNOWN KEY", "",
	};
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		struct key k = { 1, 1 };
		if (key_from_curses_name(unknown[i], strlen(unknown[i]), &k) != PZ_SYNTAX)
			fail_msg("'%s' should be unknown", unknown[i]);
		assert_int_equal(k.code, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(characters),
		cmocka_unit_test(specials_and_aliases),
		cmocka_unit_test(modifiers),
		cmocka_unit_test(canonical_forms),
		cmocka_unit_test(from_char),
		cmocka_unit_test(special_round_trips),
		cmocka_unit_test(character_round_trips),
		cmocka_unit_test(refused),
		cmocka_unit_test(format_buffer),
		cmocka_unit_test(text_keys),
		cmocka_unit_test(curses_names),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
