/* Keys as values and as names ("j", "<C-f>", "<PgDn>", "翻"), shared by keymaps and
 * test scripts, without curses: the UI turns what curses reads into a struct key. */
#ifndef PIZHU_KEY_H
#define PIZHU_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

/*
 * A key is a code and modifiers. The code is a Unicode scalar value (a character
 * key) or one of the KC_* codes above U+10FFFF (a special key). Keys are kept in
 * one canonical form, so that two keys are the same key exactly when key_equal:
 *
 *   - Ctrl with a letter is the lower-case letter with KM_CTRL: <C-f> = <C-F>.
 *   - What the terminal cannot tell apart is one key: <C-i> is <Tab>, <C-m> and
 *     <C-j> are <Enter>, <C-[> is <Esc>, <C-?> is <Backspace>, <C-@> is
 *     <C-Space>. <C-h> stays <C-h> (most terminals send DEL for Backspace).
 *   - Space is the character ' ' (named <Space>), not a special key.
 *   - Shift is only for special keys (<S-Tab>, <S-Up>): a shifted character is
 *     another character ("G").
 *
 * Names: a character stands for itself; everything else is written in angle
 * brackets: modifiers "C-" (Ctrl), "M-" (Meta/Alt; "A-" is accepted), "S-"
 * (Shift) before a character or a special key's name. Names and modifiers are
 * read ignoring ASCII case; key_format writes the canonical spelling, C- M- S-
 * in that order. "<lt>" is '<' and "<Hash>" is '#' (a word starting with '#' is a
 * comment in keymap files), "<Space>" is ' '. Aliases read but never written:
 * <CR> <Return> <Escape> <BS> <PageUp> <PageDown> <Ins> <Del> <BackTab> (<S-Tab>).
 */

/* KEY_SPECIAL(ID, "Name"): the special keys and their canonical names. */
#define KEY_SPECIAL_LIST(K)                                         \
	K(ENTER, "Enter") K(TAB, "Tab") K(ESC, "Esc")                \
	K(BACKSPACE, "Backspace")                                   \
	K(UP, "Up") K(DOWN, "Down") K(LEFT, "Left") K(RIGHT, "Right") \
	K(PGUP, "PgUp") K(PGDN, "PgDn") K(HOME, "Home") K(END, "End") \
	K(INSERT, "Insert") K(DELETE, "Delete")                     \
	K(F1, "F1") K(F2, "F2") K(F3, "F3") K(F4, "F4")             \
	K(F5, "F5") K(F6, "F6") K(F7, "F7") K(F8, "F8")             \
	K(F9, "F9") K(F10, "F10") K(F11, "F11") K(F12, "F12")

enum key_code {
	KC_UNICODE_LAST = 0x10FFFF,
#define KEY_SPECIAL_ENUM(id, name) KC_##id,
	KEY_SPECIAL_LIST(KEY_SPECIAL_ENUM)
#undef KEY_SPECIAL_ENUM
	KC_LIMIT            /* one past the last special code */
};

/* Modifier bits of struct key.mods. */
enum key_mod {
	KM_CTRL = 1,
	KM_META = 2,
	KM_SHIFT = 4,
};

struct key {
	uint32_t code;   /* a Unicode scalar value or a KC_* code */
	unsigned mods;   /* KM_* bits */
};

/* Longest name key_format writes, with its NUL ("<C-M-S-Backspace>" and room). */
#define KEY_NAME_MAX 24

/* Parses the key named s[0..n) into *out (canonical). Returns PZ_OK, or
 * PZ_SYNTAX for anything else: empty, "<>", "<C-", "<Nope>", "<a>" (a single
 * character needs no brackets), two characters, a control character written
 * bare, Ctrl with a character the terminal cannot send with it ("<C-1>"), Shift
 * with a character, a repeated modifier, invalid UTF-8. *out is {0, 0} then. */
enum pz_status key_parse(const char *s, size_t n, struct key *out);

/* Writes the canonical name of k into buf (size len; NUL-terminated and cut to
 * fit when len > 0) and returns the name's length, as snprintf does. k need not
 * be canonical (a raw control character from the terminal is named as its key).
 * A key that is not valid (code not a scalar value or KC_* code, unknown mods)
 * gives "" and 0. key_parse of the name gives k back, made canonical. */
size_t key_format(struct key k, char *buf, size_t len);

/* The key of character c as read from the terminal (wget_wch's OK case): a control
 * character becomes its key ('\r' and '\n' <Enter>, '\t' <Tab>, 27 <Esc>, 127
 * <Backspace>, 8 <C-h>, 0 <C-Space>, 1..26 <C-a>..<C-z>, 28..31 <C-\> <C-]> <C-^>
 * <C-_>); any other c is the character. For Meta (ESC then c), add KM_META. */
struct key key_from_char(uint32_t c);

/*
 * The key curses means by a key code's name, so that the UI needs no table of
 * its own: pass keyname(code) for a code wget_wch returned with KEY_CODE_YES.
 * Knows the fixed names ("KEY_UP", "KEY_NPAGE", "KEY_DC", "KEY_BTAB", the
 * shifted "KEY_SR", "KEY_SLEFT", ..., the keypad's "KEY_A1" "KEY_A3" "KEY_C1"
 * "KEY_C3" and "ka2" "kb1" "kb3" "kc2" "kpADD" ..., "KEY_F(n)" with xterm's n = 13-24 Shift, 25-36 Ctrl, 37-48 Ctrl-Shift,
 * 49-60 Meta, 61-63 Meta-Shift) and ncurses' extended names with xterm's
 * modifier digit 2-8 ("kUP5" is <C-Up>, "kNXT3" <M-PgDn>, "kDC6" <C-S-Delete>).
 * Returns PZ_OK with *out set, or PZ_SYNTAX for anything else (KEY_RESIZE and
 * KEY_MOUSE are events, not keys), *out {0, 0} then.
 */
enum pz_status key_from_curses_name(const char *s, size_t n, struct key *out);

/* k in canonical form (see above); an invalid key is returned unchanged. */
struct key key_canon(struct key k);

/* True when k, taken canonically, is a valid key: a KC_* code, or a scalar value
 * that is not a control character (C0 controls are named as keys, so they count),
 * with only KM_* bits, Shift only on a special key, Ctrl only on a character that
 * a terminal can send with it. */
bool key_valid(struct key k);

/* True when a and b are the same key (both taken canonically). */
bool key_equal(struct key a, struct key b);

/* True when k is a character to insert as text in a prompt: no modifiers, not a
 * special key, not a control character. */
bool key_is_text(struct key k);

#endif
