/* Unit tests of keymap.c: bindings per mode with the global fallback, overriding,
 * errors reported by line, the key lists of the help screen, and the shipped
 * keymaps (read from the source tree: tests run from the repository root). */
#include "pizhu/keymap.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <cmocka.h>

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

static struct key K(const char *name)
{
	struct key k;
	if (key_parse(name, strlen(name), &k) != PZ_OK)
		fail_msg("bad key name '%s' in a test", name);
	return k;
}

static enum action look(const struct keymap *km, enum mode m, const char *key)
{
	return keymap_lookup(km, m, K(key));
}

/* Loads s, expecting no error. */
static void load_ok(struct keymap *km, const char *s)
{
	struct pz_errors e;
	pz_errors_init(&e);
	enum pz_status st = keymap_load(km, s, strlen(s), "t.keymap", &e);
	if (st != PZ_OK)
		fail_msg("unexpected error: %s", e.count ? e.msg[0] : pz_strerror(st));
	assert_int_equal(e.total, 0);
	pz_errors_release(&e);
}

static struct keymap *load_file(const char *path)
{
	struct keymap *km = keymap_new();
	struct pz_errors e;
	size_t n;
	char *s = slurp(path, &n);

	assert_non_null(km);
	pz_errors_init(&e);
	if (keymap_load(km, s, n, path, &e) != PZ_OK)
		fail_msg("%zu errors, first: %s", e.total, e.count ? e.msg[0] : "?");
	assert_int_equal(e.total, 0);
	assert_int_equal(e.count, 0);
	pz_errors_release(&e);
	free(s);
	return km;
}

static void modes_by_name(void **state)
{
	(void)state;
	for (int m = 0; m < MODE_COUNT; m++) {
		const char *n = mode_name((enum mode)m);
		assert_int_equal(mode_from_name(n, strlen(n)), m);
	}
	assert_int_equal(mode_from_name("TEXT", 4), MODE_TEXT);
	assert_int_equal(mode_from_name("texts", 5), MODE_COUNT);
	assert_int_equal(mode_from_name("", 0), MODE_COUNT);
	assert_string_equal(mode_name(MODE_COUNT), "");
}

static void global_fallback(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	assert_non_null(km);
	assert_int_equal(look(km, MODE_TEXT, "j"), ACT_NONE);
	load_ok(km, "bind text j line-down\nbind global q quit\n");
	assert_int_equal(look(km, MODE_TEXT, "j"), ACT_LINE_DOWN);
	assert_int_equal(look(km, MODE_TREE, "j"), ACT_NONE);
	assert_int_equal(look(km, MODE_GLOBAL, "j"), ACT_NONE);
	assert_int_equal(look(km, MODE_TREE, "q"), ACT_QUIT);
	assert_int_equal(look(km, MODE_HELP, "q"), ACT_QUIT);
	assert_int_equal(look(km, MODE_LIBRARY, "q"), ACT_QUIT);
	assert_int_equal(look(km, MODE_GLOBAL, "q"), ACT_QUIT);
	/* in a prompt, an unbound key is text, not a global action */
	assert_int_equal(look(km, MODE_PROMPT, "q"), ACT_NONE);
	assert_int_equal(keymap_lookup(km, MODE_COUNT, K("q")), ACT_NONE);
	keymap_free(km);
}

static void overriding(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	load_ok(km, "bind global q quit\n"
	            "bind text q next-sentence\n"   /* the mode's binding wins */
	            "bind global q help\n"          /* a later binding wins */
	            "bind tree q none\n");          /* hides the global one */
	assert_int_equal(look(km, MODE_TEXT, "q"), ACT_NEXT_SENTENCE);
	assert_int_equal(look(km, MODE_HELP, "q"), ACT_HELP);
	assert_int_equal(look(km, MODE_TREE, "q"), ACT_NONE);
	load_ok(km, "unbind tree q\nunbind text q\nunbind text x\n");
	assert_int_equal(look(km, MODE_TREE, "q"), ACT_HELP);
	assert_int_equal(look(km, MODE_TEXT, "q"), ACT_HELP);
	load_ok(km, "unbind global q");
	assert_int_equal(look(km, MODE_TEXT, "q"), ACT_NONE);
	keymap_free(km);
}

/* A user's file read after the default changes single bindings. */
static void user_file_over_default(void **state)
{
	(void)state;
	struct keymap *km = load_file("keymaps/default.keymap");
	assert_int_equal(look(km, MODE_TEXT, "j"), ACT_LINE_DOWN);
	load_ok(km, "bind global j line-up\nbind text <F1> quit\n");
	assert_int_equal(look(km, MODE_TEXT, "j"), ACT_LINE_UP);
	assert_int_equal(look(km, MODE_TEXT, "k"), ACT_LINE_UP);
	assert_int_equal(look(km, MODE_TEXT, "G"), ACT_BOTTOM);
	assert_int_equal(look(km, MODE_TEXT, "<F1>"), ACT_QUIT);
	assert_int_equal(look(km, MODE_TREE, "<F1>"), ACT_HELP);
	keymap_free(km);
}

static void layout_of_lines(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	static const char s[] =
		"# a comment\n"
		"\n"
		"   \t  \n"
		"\tbind\ttext  \t<C-f>   page-down   # trailing comment\r\n"
		"BIND Text <c-B> Page-Up\r\n"
		"bind text <Hash> top #no space needed before the '#' word\n"
		"  # indented comment\n"
		"bind text 翻 next-section";            /* no final newline */
	load_ok(km, s);
	assert_int_equal(look(km, MODE_TEXT, "<C-f>"), ACT_PAGE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "<C-b>"), ACT_PAGE_UP);
	assert_int_equal(look(km, MODE_TEXT, "#"), ACT_TOP);
	assert_int_equal(look(km, MODE_TEXT, "翻"), ACT_NEXT_SECTION);
	/* The terminal's bytes find the binding: ^F is <C-f>. */
	assert_int_equal(keymap_lookup(km, MODE_TEXT, key_from_char(6)), ACT_PAGE_DOWN);
	load_ok(km, "");
	load_ok(km, "\n\n\n");
	keymap_free(km);
}

static void errors_by_line(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	struct pz_errors e;
	static const char s[] =
		"# line 1\n"
		"bind text j line-down\n"
		"bind txt j line-down\n"
		"bind text <Nope> line-down\n"
		"bind text k page-dwn\n"
		"bind text k\n"
		"bind text k line-up extra\n"
		"bnd text k line-up\n"
		"unbind text\n"
		"unbind text j extra\n"
		"bind text K line-up\n"
		"bind text \xff line-up\n"
		"bind text <C-1> top\r\n";
	static const char *const want[] = {
		"my.keymap:3: unknown mode 'txt' (expected global, tree, text, tagging, help, library, tags, rejected or prompt)",
		"my.keymap:4: invalid key '<Nope>'",
		"my.keymap:5: unknown action 'page-dwn'",
		"my.keymap:6: 'bind' needs a mode, a key and an action",
		"my.keymap:7: unexpected 'extra' after the action",
		"my.keymap:8: unknown command 'bnd' (expected 'bind' or 'unbind')",
		"my.keymap:9: 'unbind' needs a mode and a key",
		"my.keymap:10: unexpected 'extra' after the key",
		"my.keymap:12: invalid key '?'",
		"my.keymap:13: invalid key '<C-1>'",
	};

	pz_errors_init(&e);
	assert_int_equal(keymap_load(km, s, sizeof s - 1, "my.keymap", &e), PZ_SYNTAX);
	assert_int_equal(e.total, sizeof want / sizeof want[0]);
	assert_int_equal(e.count, e.total);
	for (size_t i = 0; i < e.count; i++)
		assert_string_equal(e.msg[i], want[i]);
	/* the good lines applied; the bad ones changed nothing */
	assert_int_equal(look(km, MODE_TEXT, "j"), ACT_LINE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "K"), ACT_LINE_UP);
	assert_int_equal(look(km, MODE_TEXT, "k"), ACT_NONE);
	assert_int_equal(look(km, MODE_TEXT, "<C-b>"), ACT_NONE);
	pz_errors_release(&e);
	assert_int_equal(e.count, 0);
	assert_int_equal(e.total, 0);

	/* no file name; no place for messages */
	assert_int_equal(keymap_load(km, "bind x y z", 10, NULL, &e), PZ_SYNTAX);
	assert_int_equal(e.count, 1);
	assert_string_equal(e.msg[0], "line 1: unknown mode 'x' (expected global, tree, text, tagging, help, library, tags, rejected or prompt)");
	assert_int_equal(keymap_load(km, "bind x y z", 10, "f", NULL), PZ_SYNTAX);
	/* messages are appended */
	assert_int_equal(keymap_load(km, "\nfoo", 4, "g", &e), PZ_SYNTAX);
	assert_int_equal(e.count, 2);
	assert_string_equal(e.msg[1], "g:2: unknown command 'foo' (expected 'bind' or 'unbind')");
	pz_errors_release(&e);
	keymap_free(km);
}

static void errors_capped_and_printable(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	struct pz_errors e;
	char s[2000] = "";

	for (int i = 0; i < 30; i++)
		strcat(s, "oops\n");
	pz_errors_init(&e);
	assert_int_equal(keymap_load(km, s, strlen(s), "k", &e), PZ_SYNTAX);
	assert_int_equal(e.total, 30);
	assert_int_equal(e.count, PZ_ERRORS_MAX);
	assert_string_equal(e.msg[PZ_ERRORS_MAX - 1],
	                    "k:20: unknown command 'oops' (expected 'bind' or 'unbind')");
	pz_errors_release(&e);

	/* a long subject is cut; control bytes and bad UTF-8 become '?' */
	strcpy(s, "bind text j ");
	for (int i = 0; i < 100; i++)
		strcat(s, "翻");
	strcat(s, "\nbind \x1b[31m\xe7\xbf j top\n");
	assert_int_equal(keymap_load(km, s, strlen(s), "k\n", &e), PZ_SYNTAX);
	assert_int_equal(e.count, 2);
	assert_true(strncmp(e.msg[0], "k?:1: unknown action '翻翻", 26) == 0);
	assert_true(strlen(e.msg[0]) < 120);
	assert_string_equal(e.msg[0] + strlen(e.msg[0]) - 4, "...'");
	assert_string_equal(e.msg[1], "k?:2: unknown mode '?[31m?" "?' (expected global, tree, "
	                              "text, tagging, help, library, tags, rejected or prompt)");
	pz_errors_release(&e);
	keymap_free(km);
}

static void keys_for_lists_live_keys(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	struct key out[8];
	char a[KEY_NAME_MAX], b[KEY_NAME_MAX], c[KEY_NAME_MAX];

	load_ok(km, "bind global j line-down\n"
	            "bind global <Down> line-down\n"
	            "bind global x line-down\n"
	            "bind text <C-n> line-down\n"
	            "bind text x top\n"          /* shadows global x in text */
	            "bind global j line-down\n"); /* rebinding keeps j first */
	assert_int_equal(keymap_keys_for(km, MODE_TEXT, ACT_LINE_DOWN, out, 8), 3);
	key_format(out[0], a, sizeof a);
	key_format(out[1], b, sizeof b);
	key_format(out[2], c, sizeof c);
	assert_string_equal(a, "<C-n>");  /* the mode's own keys first */
	assert_string_equal(b, "j");
	assert_string_equal(c, "<Down>");
	assert_int_equal(keymap_keys_for(km, MODE_TREE, ACT_LINE_DOWN, out, 8), 3);
	assert_int_equal(keymap_keys_for(km, MODE_GLOBAL, ACT_LINE_DOWN, out, 8), 3);
	assert_int_equal(keymap_keys_for(km, MODE_PROMPT, ACT_LINE_DOWN, out, 8), 0);
	/* a short array: the count is still the total */
	memset(out, 0, sizeof out);
	assert_int_equal(keymap_keys_for(km, MODE_TEXT, ACT_LINE_DOWN, out, 1), 3);
	assert_true(key_equal(out[0], K("<C-n>")));
	assert_int_equal(out[1].code, 0);
	assert_int_equal(keymap_keys_for(km, MODE_TEXT, ACT_LINE_DOWN, NULL, 0), 3);
	assert_int_equal(keymap_keys_for(km, MODE_TEXT, ACT_NONE, out, 8), 0);
	assert_int_equal(keymap_keys_for(km, MODE_COUNT, ACT_TOP, out, 8), 0);
	/* every key listed gives the action */
	for (int m = 0; m < MODE_COUNT; m++)
		for (int act = 1; act < ACT_COUNT; act++) {
			size_t n = keymap_keys_for(km, (enum mode)m, (enum action)act, out, 8);
			for (size_t i = 0; i < n && i < 8; i++)
				assert_int_equal(keymap_lookup(km, (enum mode)m, out[i]), act);
		}
	keymap_free(km);
}

static void bind_api(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	assert_int_equal(keymap_bind(km, MODE_TEXT, (struct key){ 'a', KM_SHIFT }, ACT_TOP), PZ_SYNTAX);
	assert_int_equal(keymap_bind(km, MODE_COUNT, K("a"), ACT_TOP), PZ_SYNTAX);
	assert_int_equal(keymap_bind(km, MODE_TEXT, K("a"), ACT_COUNT), PZ_SYNTAX);
	/* keys are taken canonically: raw ^I is <Tab> */
	assert_int_equal(keymap_bind(km, MODE_TEXT, (struct key){ 9, 0 }, ACT_TOP), PZ_OK);
	assert_int_equal(look(km, MODE_TEXT, "<Tab>"), ACT_TOP);
	assert_int_equal(look(km, MODE_TEXT, "<C-i>"), ACT_TOP);
	/* many bindings stay sorted and found */
	for (uint32_t c = 0x4E00; c < 0x4E00 + 500; c++)
		assert_int_equal(keymap_bind(km, MODE_TREE, (struct key){ c, 0 },
		                             (enum action)(1 + c % (ACT_COUNT - 1))), PZ_OK);
	for (uint32_t c = 0x4E00 + 499; c >= 0x4E00; c--)
		assert_int_equal(keymap_lookup(km, MODE_TREE, (struct key){ c, 0 }),
		                 1 + c % (ACT_COUNT - 1));
	for (uint32_t c = 0x4E00; c < 0x4E00 + 500; c += 2)
		keymap_unbind(km, MODE_TREE, (struct key){ c, 0 });
	for (uint32_t c = 0x4E00; c < 0x4E00 + 500; c++)
		assert_int_equal(keymap_lookup(km, MODE_TREE, (struct key){ c, 0 }),
		                 c % 2 ? 1 + c % (ACT_COUNT - 1) : ACT_NONE);
	keymap_free(km);
	keymap_free(NULL);
}

/* Every action can be reached from a shipped keymap, and help is always a key away.
 * (tag-declared is the one exception: its keys are those the config's tagtype lines
 * declare, bound by the reader when it starts; and tag-prefix in a keymap that tags
 * with one key.) */
static void check_shipped(const struct keymap *km)
{
	/* a keymap that tags with one key needs no tag key */
	bool one_key = look(km, MODE_TEXT, "r") == ACT_TAG_TASK;
	for (int act = 1; act < ACT_COUNT; act++) {
		if (act == ACT_TAG_DECLARED || (one_key && act == ACT_TAG_PREFIX))
			continue;
		size_t n = 0;
		for (int m = 0; m < MODE_COUNT; m++)
			n += keymap_keys_for(km, (enum mode)m, (enum action)act, NULL, 0) +
			     keymap_pairs_for(km, (enum mode)m, (enum action)act, NULL, NULL, 0);
		if (n == 0)
			fail_msg("no key for '%s'", action_name((enum action)act));
	}
	assert_int_equal(look(km, MODE_TREE, "<F1>"), ACT_HELP);
	assert_int_equal(look(km, MODE_TEXT, "<F1>"), ACT_HELP);
	assert_int_equal(look(km, MODE_LIBRARY, "<F1>"), ACT_HELP);
	assert_int_equal(look(km, MODE_HELP, "q"), ACT_CLOSE);
	assert_int_equal(look(km, MODE_PROMPT, "<Enter>"), ACT_ACCEPT);
	assert_int_equal(look(km, MODE_PROMPT, "<Esc>"), ACT_CANCEL);
	assert_int_equal(look(km, MODE_TREE, "<Enter>"), ACT_JUMP);
	assert_int_equal(look(km, MODE_LIBRARY, "<Enter>"), ACT_OPEN);
	assert_int_equal(look(km, MODE_TREE, "q"), ACT_QUIT);
	assert_int_equal(look(km, MODE_TEXT, "<Tab>"), ACT_FOCUS_NEXT);
	assert_int_equal(look(km, MODE_TEXT, "<PgDn>"), ACT_PAGE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "<Down>"), ACT_LINE_DOWN);
	assert_int_equal(look(km, MODE_TREE, "1"), ACT_LEVEL_1);
	/* printable keys stay text while typing a search */
	assert_int_equal(look(km, MODE_PROMPT, "q"), ACT_NONE);
	assert_int_equal(look(km, MODE_PROMPT, "j"), ACT_NONE);
	assert_int_equal(look(km, MODE_PROMPT, "翻"), ACT_NONE);
}

static void default_keymap(void **state)
{
	(void)state;
	struct keymap *km = load_file("keymaps/default.keymap");
	struct key out[4];
	char name[KEY_NAME_MAX];

	check_shipped(km);
	/* '?': backward search in the text, help elsewhere */
	assert_int_equal(look(km, MODE_TEXT, "?"), ACT_SEARCH_BACKWARD);
	assert_int_equal(look(km, MODE_TREE, "?"), ACT_HELP);
	assert_int_equal(look(km, MODE_LIBRARY, "?"), ACT_HELP);
	assert_int_equal(look(km, MODE_TREE, "/"), ACT_SEARCH_FORWARD);
	assert_int_equal(look(km, MODE_TEXT, "n"), ACT_SEARCH_NEXT);
	assert_int_equal(look(km, MODE_TEXT, "N"), ACT_SEARCH_PREV);
	assert_int_equal(look(km, MODE_TEXT, "G"), ACT_BOTTOM);
	assert_int_equal(look(km, MODE_TEXT, "g"), ACT_TOP);
	assert_int_equal(look(km, MODE_TEXT, "<C-f>"), ACT_PAGE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "<C-b>"), ACT_PAGE_UP);
	assert_int_equal(look(km, MODE_TEXT, "<C-d>"), ACT_HALF_PAGE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "<C-u>"), ACT_HALF_PAGE_UP);
	assert_int_equal(look(km, MODE_TEXT, "<Space>"), ACT_PAGE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "b"), ACT_PAGE_UP);
	assert_int_equal(look(km, MODE_TEXT, "J"), ACT_NEXT_SENTENCE);
	assert_int_equal(look(km, MODE_TEXT, "]"), ACT_NEXT_SECTION);
	assert_int_equal(look(km, MODE_TEXT, ":"), ACT_GOTO_LINE);
	assert_int_equal(look(km, MODE_TEXT, "%"), ACT_GOTO_PERCENT);
	assert_int_equal(look(km, MODE_TEXT, "<"), ACT_TREE_NARROWER);
	assert_int_equal(look(km, MODE_TREE, "h"), ACT_COLLAPSE);
	assert_int_equal(look(km, MODE_TREE, "l"), ACT_EXPAND);
	assert_int_equal(look(km, MODE_TREE, "o"), ACT_TOGGLE_FOLD);
	/* selecting and tagging in the text; the tree keeps h and l */
	assert_int_equal(look(km, MODE_TEXT, "h"), ACT_SHRINK_CHAR);
	assert_int_equal(look(km, MODE_TEXT, "v"), ACT_SELECT);
	/* tagging: the tag key, then the type's pinyin initial, read in mode tagging */
	assert_int_equal(look(km, MODE_TEXT, "a"), ACT_TAG_PREFIX);
	assert_int_equal(look(km, MODE_TAGGING, "r"), ACT_TAG_TASK);
	assert_int_equal(look(km, MODE_TAGGING, "m"), ACT_TAG_TARGET);
	assert_int_equal(look(km, MODE_TAGGING, "s"), ACT_TAG_DEADLINE);
	assert_int_equal(look(km, MODE_TAGGING, "z"), ACT_TAG_OWNER);
	assert_int_equal(look(km, MODE_TAGGING, "p"), ACT_TAG_NOTE);
	assert_int_equal(look(km, MODE_TAGGING, "a"), ACT_ACCEPT_SUGGESTION);
	/* after the tag key a global key does nothing: it only cancels */
	assert_int_equal(look(km, MODE_TAGGING, "q"), ACT_NONE);
	assert_int_equal(look(km, MODE_TAGGING, "j"), ACT_NONE);
	assert_int_equal(look(km, MODE_TEXT, "<Esc>"), ACT_CANCEL);
	/* less's keys do what less does */
	assert_int_equal(look(km, MODE_TEXT, "d"), ACT_HALF_PAGE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "u"), ACT_HALF_PAGE_UP);
	assert_int_equal(look(km, MODE_TEXT, "z"), ACT_PAGE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "w"), ACT_PAGE_UP);
	assert_int_equal(look(km, MODE_TEXT, "e"), ACT_LINE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "y"), ACT_LINE_UP);
	assert_int_equal(look(km, MODE_TEXT, "r"), ACT_REDRAW);
	assert_int_equal(look(km, MODE_TEXT, "<C-r>"), ACT_REDRAW);
	assert_int_equal(look(km, MODE_TEXT, "p"), ACT_GOTO_PERCENT);
	assert_int_equal(look(km, MODE_TEXT, "m"), ACT_MARK);
	assert_int_equal(look(km, MODE_TEXT, "'"), ACT_GOTO_MARK);
	assert_int_equal(look(km, MODE_TEXT, "s"), ACT_NONE);
	/* undo off u (it scrolls in less), redo off <C-r> (it repaints) */
	assert_int_equal(look(km, MODE_TREE, "U"), ACT_UNDO);
	assert_int_equal(look(km, MODE_TEXT, "U"), ACT_UNDO);
	assert_int_equal(look(km, MODE_TEXT, "<M-r>"), ACT_REDO);
	assert_int_equal(look(km, MODE_TEXT, "X"), ACT_REJECT_SUGGESTION);
	assert_int_equal(look(km, MODE_TEXT, "B"), ACT_REJECTED_LIST);
	assert_int_equal(look(km, MODE_REJECTED, "X"), ACT_RESTORE_SUGGESTION);
	assert_int_equal(look(km, MODE_REJECTED, "q"), ACT_CLOSE);
	assert_int_equal(look(km, MODE_REJECTED, "j"), ACT_LINE_DOWN);
	assert_int_equal(look(km, MODE_TAGS, "<Enter>"), ACT_JUMP);
	assert_int_equal(look(km, MODE_TAGS, "q"), ACT_CLOSE);
	/* the help screen's keys for help, in the text pane and in the tree */
	assert_int_equal(keymap_keys_for(km, MODE_TEXT, ACT_HELP, out, 4), 2);
	key_format(out[0], name, sizeof name);
	assert_string_equal(name, "<F1>");
	assert_int_equal(keymap_keys_for(km, MODE_TREE, ACT_HELP, out, 4), 3);
	assert_int_equal(keymap_keys_for(km, MODE_TEXT, ACT_SEARCH_BACKWARD, out, 4), 1);
	keymap_free(km);
}

/* The actions that change data, or begin a change (a prompt that writes, the tag key). */
static bool changes_data(enum action a)
{
	switch (a) {
	case ACT_TAG_PREFIX: case ACT_TAG_TASK: case ACT_TAG_TARGET: case ACT_TAG_DEADLINE:
	case ACT_TAG_OWNER: case ACT_TAG_NOTE: case ACT_TAG_DECLARED: case ACT_EDIT_NOTE:
	case ACT_SET_DUE: case ACT_SET_OWNER: case ACT_TOGGLE_DONE: case ACT_CHANGE_TYPE:
	case ACT_DELETE_TAG: case ACT_UNDO: case ACT_REDO: case ACT_ACCEPT_SUGGESTION:
	case ACT_REJECT_SUGGESTION: case ACT_ACCEPT_SECTION: case ACT_RESTORE_SUGGESTION:
	case ACT_ATTACH: case ACT_EXPORT:
		return true;
	default:
		return false;
	}
}

/* Every key that moves, marks or repaints in less (less 590's list of commands, the
 * ESC- ones as Meta): E (examine a file) and v (edit it) neither move nor repaint;
 * R is less's reload, pizhu's read-again. */
static const char *const less_keys[] = {
	"<Space>", "<C-v>", "f", "<C-f>", "z", "<Enter>", "<C-n>", "e", "<C-e>", "j", "d",
	"<C-d>", "b", "<C-b>", "w", "y", "<C-y>", "<C-p>", "k", "<C-k>", "u", "<C-u>", "J",
	"K", "Y", "r", "<C-r>", "<C-l>", "R", "F", "g", "<lt>", "G", ">", "p", "%", "P", "{",
	"}", "(", ")", "[", "]", "m", "M", "'", "/", "?", "n", "N", "t", "T", "=", "<C-g>",
	"h", "H", "q", "Q", "Z", "s", "-", "_", "+", "!", "|", "&", ":", "<Right>", "<Left>",
	"<Up>", "<Down>", "<PgUp>", "<PgDn>", "<Home>", "<End>",
	"<M-Space>", "<M-v>", "<M-)>", "<M-(>", "<M-}>", "<M-{>", "<M-F>", "<M-lt>", "<M->>",
	"<M-G>", "<M-m>", "<M-/>", "<M-?>", "<M-n>", "<M-N>", "<M-u>", "<M-U>",
};

/* The issue's rule: in every mode but a prompt (where keys are text) no key that
 * moves, marks or repaints in less changes data. */
static void no_less_key_changes_data(void **state)
{
	(void)state;
	struct keymap *km = load_file("keymaps/default.keymap");
	for (size_t i = 0; i < sizeof(less_keys) / sizeof(*less_keys); i++)
		for (int m = 0; m < MODE_COUNT; m++) {
			if (m == MODE_PROMPT || m == MODE_TAGGING)
				continue;
			enum action a = look(km, (enum mode)m, less_keys[i]);
			if (changes_data(a))
				fail_msg("%s in mode %s is %s", less_keys[i], mode_name((enum mode)m),
				         action_name(a));
		}
	keymap_free(km);
}

/* A keymap read on top of the default, as the reader reads --keymap NAME. */
static struct keymap *load_over_default(const char *path)
{
	struct keymap *km = load_file("keymaps/default.keymap");
	size_t n;
	char *s = slurp(path, &n);
	struct pz_errors e;
	pz_errors_init(&e);
	if (keymap_load(km, s, n, path, &e) != PZ_OK)
		fail_msg("%zu errors, first: %s", e.total, e.count ? e.msg[0] : "?");
	pz_errors_release(&e);
	free(s);
	return km;
}

static void classic_keymap(void **state)
{
	(void)state;
	struct keymap *km = load_over_default("keymaps/classic.keymap");
	check_shipped(km);
	/* one key per type, as before */
	assert_int_equal(look(km, MODE_TEXT, "r"), ACT_TAG_TASK);
	assert_int_equal(look(km, MODE_TEXT, "m"), ACT_TAG_TARGET);
	assert_int_equal(look(km, MODE_TEXT, "s"), ACT_TAG_DEADLINE);
	assert_int_equal(look(km, MODE_TEXT, "z"), ACT_TAG_OWNER);
	assert_int_equal(look(km, MODE_TEXT, "p"), ACT_TAG_NOTE);
	assert_int_equal(look(km, MODE_TEXT, "a"), ACT_ACCEPT_SUGGESTION);
	assert_int_equal(look(km, MODE_TEXT, "d"), ACT_REJECT_SUGGESTION);
	assert_int_equal(look(km, MODE_TEXT, "e"), ACT_EDIT_NOTE);
	assert_int_equal(look(km, MODE_TEXT, "w"), ACT_SET_OWNER);
	assert_int_equal(look(km, MODE_TEXT, "'"), ACT_NEXT_SUGGESTION);
	assert_int_equal(look(km, MODE_TREE, "u"), ACT_UNDO);
	assert_int_equal(look(km, MODE_TEXT, "<C-r>"), ACT_REDO);
	assert_int_equal(look(km, MODE_TAGS, "d"), ACT_DELETE_TAG);
	/* the list of those turned down is there too */
	assert_int_equal(look(km, MODE_TEXT, "B"), ACT_REJECTED_LIST);
	keymap_free(km);
}

static void emacs_keymap(void **state)
{
	(void)state;
	struct keymap *km = load_over_default("keymaps/emacs.keymap");

	check_shipped(km);
	assert_int_equal(look(km, MODE_TEXT, "<C-n>"), ACT_LINE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "<C-p>"), ACT_LINE_UP);
	assert_int_equal(look(km, MODE_TEXT, "<C-v>"), ACT_PAGE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "<M-v>"), ACT_PAGE_UP);
	assert_int_equal(look(km, MODE_TEXT, "<M-lt>"), ACT_TOP);
	assert_int_equal(look(km, MODE_TEXT, "<M->>"), ACT_BOTTOM);
	assert_int_equal(look(km, MODE_TEXT, "<C-s>"), ACT_SEARCH_FORWARD);
	assert_int_equal(look(km, MODE_TEXT, "<C-r>"), ACT_SEARCH_BACKWARD);
	assert_int_equal(look(km, MODE_TEXT, "?"), ACT_HELP);
	assert_int_equal(look(km, MODE_PROMPT, "<C-g>"), ACT_CANCEL);
	assert_int_equal(look(km, MODE_PROMPT, "<C-s>"), ACT_SEARCH_NEXT);
	assert_int_equal(look(km, MODE_HELP, "<C-g>"), ACT_CLOSE);
	/* view-mode's d and u scroll, in the text too: tagging is the default's */
	assert_int_equal(look(km, MODE_TEXT, "d"), ACT_HALF_PAGE_DOWN);
	assert_int_equal(look(km, MODE_TEXT, "u"), ACT_HALF_PAGE_UP);
	assert_int_equal(look(km, MODE_TEXT, "a"), ACT_TAG_PREFIX);
	assert_int_equal(look(km, MODE_TEXT, "<C-_>"), ACT_UNDO);
	keymap_free(km);
}

/* Two keys one after the other ("]c", vim's diff keys): the pair's action, the first
 * key's own binding kept, what a first key begins. */
static void two_key_sequences(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	enum action v[4];
	load_ok(km, "bind text ] next-section\nbind text ]c next-change\nbind global [c prev-change\n"
	            "bind text <C-w>j line-down\n");
	assert_int_equal(look(km, MODE_TEXT, "]"), ACT_NEXT_SECTION);
	assert_int_equal(keymap_lookup_seq(km, MODE_TEXT, K("]"), K("c")), ACT_NEXT_CHANGE);
	assert_int_equal(keymap_lookup_seq(km, MODE_TREE, K("["), K("c")), ACT_PREV_CHANGE);
	assert_int_equal(keymap_lookup_seq(km, MODE_TEXT, K("<C-w>"), K("j")), ACT_LINE_DOWN);
	assert_int_equal(keymap_lookup_seq(km, MODE_TEXT, K("]"), K("x")), ACT_NONE);
	assert_int_equal(keymap_lookup_seq(km, MODE_PROMPT, K("["), K("c")), ACT_NONE);
	assert_int_equal(keymap_seqs_from(km, MODE_TEXT, K("]"), v, 4), 1);
	assert_int_equal(v[0], ACT_NEXT_CHANGE);
	assert_int_equal(keymap_seqs_from(km, MODE_TREE, K("]"), v, 4), 0);
	assert_int_equal(keymap_seqs_from(km, MODE_TEXT, K("x"), v, 4), 0);
	/* rebinding a pair replaces it; none takes it away */
	load_ok(km, "bind text ]c none\n");
	assert_int_equal(keymap_seqs_from(km, MODE_TEXT, K("]"), v, 4), 0);
	keymap_free(km);
	km = load_file("keymaps/default.keymap");
	assert_int_equal(keymap_lookup_seq(km, MODE_TEXT, K("]"), K("c")), ACT_NEXT_CHANGE);
	assert_int_equal(keymap_lookup_seq(km, MODE_TEXT, K("["), K("c")), ACT_PREV_CHANGE);
	/* the help screen lists the pair */
	char line[256];
	bool heading, seen = false;
	for (size_t k = 0; keymap_help_line(km, k, line, sizeof(line), &heading); k++)
		seen |= !strncmp(line, "]c ", 3) && strstr(line, "next change");
	assert_true(seen);
	keymap_free(km);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(modes_by_name),
		cmocka_unit_test(global_fallback),
		cmocka_unit_test(overriding),
		cmocka_unit_test(user_file_over_default),
		cmocka_unit_test(layout_of_lines),
		cmocka_unit_test(errors_by_line),
		cmocka_unit_test(errors_capped_and_printable),
		cmocka_unit_test(keys_for_lists_live_keys),
		cmocka_unit_test(bind_api),
		cmocka_unit_test(default_keymap),
		cmocka_unit_test(no_less_key_changes_data),
		cmocka_unit_test(classic_keymap),
		cmocka_unit_test(emacs_keymap),
		cmocka_unit_test(two_key_sequences),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
