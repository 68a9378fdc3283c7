/* The one key-name parser: keymap files and tmux test scripts both name keys with
 * it, so a name that works in one works in the other. */
#include "pizhu/key.h"

#include <string.h>
#include <unistr.h>
#include "pizhu/ascii.h"

static const char *const special_names[] = {
#define KEY_SPECIAL_NAME(id, name) [KC_##id - KC_UNICODE_LAST - 1] = name,
	KEY_SPECIAL_LIST(KEY_SPECIAL_NAME)
#undef KEY_SPECIAL_NAME
};

#define SPECIAL_COUNT (sizeof special_names / sizeof special_names[0])

/* Names that are characters, or spellings read but never written. */
static const struct {
	const char *name;
	uint32_t code;
	unsigned mods;
} other_names[] = {
	{ "Space", ' ', 0 },
	{ "lt", '<', 0 },
	{ "Hash", '#', 0 },
	{ "CR", KC_ENTER, 0 },
	{ "Return", KC_ENTER, 0 },
	{ "Escape", KC_ESC, 0 },
	{ "BS", KC_BACKSPACE, 0 },
	{ "PageUp", KC_PGUP, 0 },
	{ "PageDown", KC_PGDN, 0 },
	{ "Ins", KC_INSERT, 0 },
	{ "Del", KC_DELETE, 0 },
	{ "BackTab", KC_TAB, KM_SHIFT },
};

static bool is_special(uint32_t code)
{
	return code > KC_UNICODE_LAST && code < KC_LIMIT;
}

static bool is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0);
}

static bool is_scalar(uint32_t c)
{
	return c <= KC_UNICODE_LAST && !(c >= 0xd800 && c <= 0xdfff);
}

/* The characters a terminal can send with Ctrl (after canonicalisation: <C-@> is
 * <C-Space>, <C-[> <Esc>, <C-?> <Backspace>, <C-i> <Tab>, <C-m> <C-j> <Enter>). */
static bool ctrl_char_ok(uint32_t c)
{
	return (c >= 'a' && c <= 'z' && c != 'i' && c != 'm' && c != 'j') ||
	       c == ' ' || c == '\\' || c == ']' || c == '^' || c == '_';
}

struct key key_from_char(uint32_t c)
{
	struct key k = { c, 0 };

	switch (c) {
	case 0:    k.code = ' '; k.mods = KM_CTRL; break;
	case '\t': k.code = KC_TAB; break;
	case '\n':
	case '\r': k.code = KC_ENTER; break;
	case 27:   k.code = KC_ESC; break;
	case 127:  k.code = KC_BACKSPACE; break;
	case 28:   k.code = '\\'; k.mods = KM_CTRL; break;
	case 29:   k.code = ']'; k.mods = KM_CTRL; break;
	case 30:   k.code = '^'; k.mods = KM_CTRL; break;
	case 31:   k.code = '_'; k.mods = KM_CTRL; break;
	default:
		if (c >= 1 && c <= 26) {
			k.code = 'a' + c - 1;
			k.mods = KM_CTRL;
		}
		break;
	}
	return k;
}

struct key key_canon(struct key k)
{
	if (k.code < 0x20 || k.code == 0x7f) {
		struct key c = key_from_char(k.code);
		c.mods |= k.mods;
		k = c;
	}
	if (!(k.mods & KM_CTRL) || is_special(k.code))
		return k;
	if (k.code >= 'A' && k.code <= 'Z')
		k.code += 'a' - 'A';
	switch (k.code) {
	case 'i': k.code = KC_TAB; k.mods &= ~(unsigned)KM_CTRL; break;
	case 'j':
	case 'm': k.code = KC_ENTER; k.mods &= ~(unsigned)KM_CTRL; break;
	case '[': k.code = KC_ESC; k.mods &= ~(unsigned)KM_CTRL; break;
	case '?': k.code = KC_BACKSPACE; k.mods &= ~(unsigned)KM_CTRL; break;
	case '@': k.code = ' '; break;
	default: break;
	}
	return k;
}

bool key_valid(struct key k)
{
	k = key_canon(k);
	if (k.mods & ~(unsigned)(KM_CTRL | KM_META | KM_SHIFT))
		return false;
	if (is_special(k.code))
		return true;
	if (!is_scalar(k.code) || is_control(k.code) || (k.mods & KM_SHIFT))
		return false;
	return !(k.mods & KM_CTRL) || ctrl_char_ok(k.code);
}

bool key_equal(struct key a, struct key b)
{
	a = key_canon(a);
	b = key_canon(b);
	return a.code == b.code && a.mods == b.mods;
}

bool key_is_text(struct key k)
{
	return k.mods == 0 && is_scalar(k.code) && !is_control(k.code);
}

/* The length of the one character s[0..n) is, or 0 when it is not exactly one
 * valid UTF-8 character. */
static size_t one_char(const char *s, size_t n, uint32_t *c)
{
	ucs4_t uc;
	int k;

	if (n == 0)
		return 0;
	k = u8_mbtoucr(&uc, (const uint8_t *)s, n);
	if (k <= 0 || (size_t)k != n)
		return 0;
	*c = uc;
	return (size_t)k;
}

static bool lookup_name(const char *s, size_t n, struct key *k)
{
	for (size_t i = 0; i < SPECIAL_COUNT; i++)
		if (ascii_name_eq(special_names[i], s, n)) {
			k->code = KC_UNICODE_LAST + 1 + (uint32_t)i;
			k->mods = 0;
			return true;
		}
	for (size_t i = 0; i < sizeof other_names / sizeof other_names[0]; i++)
		if (ascii_name_eq(other_names[i].name, s, n)) {
			k->code = other_names[i].code;
			k->mods = other_names[i].mods;
			return true;
		}
	return false;
}

static unsigned modifier(char c)
{
	switch (ascii_lower((unsigned char)c)) {
	case 'c': return KM_CTRL;
	case 'm':
	case 'a': return KM_META;
	case 's': return KM_SHIFT;
	default:  return 0;
	}
}

/* Inside the brackets: modifiers, then one character or a name. */
static bool parse_bracketed(const char *s, size_t n, struct key *k)
{
	unsigned mods = 0, m;
	uint32_t c;

	/* "X-" is a modifier only when something follows it: "<C->" is no key. */
	while (n > 2 && s[1] == '-' && (m = modifier(s[0])) != 0) {
		if (mods & m)
			return false;
		mods |= m;
		s += 2;
		n -= 2;
	}
	if (one_char(s, n, &c)) {
		if (mods == 0)
			return false; /* "<a>": a character needs no brackets */
		k->code = c;
		k->mods = 0;
	} else if (!lookup_name(s, n, k)) {
		return false;
	}
	/* A control character inside brackets is never a name. */
	if (k->code < 0x20 || k->code == 0x7f)
		return false;
	if ((k->mods & mods) != 0)
		return false; /* <S-BackTab> */
	k->mods |= mods;
	return true;
}

enum pz_status key_parse(const char *s, size_t n, struct key *out)
{
	struct key k = { 0, 0 };
	uint32_t c;

	*out = k;
	if (n >= 2 && s[0] == '<') {
		if (s[n - 1] != '>' || !parse_bracketed(s + 1, n - 2, &k))
			return PZ_SYNTAX;
	} else {
		if (!one_char(s, n, &c) || is_control(c))
			return PZ_SYNTAX;
		k.code = c;
	}
	k = key_canon(k);
	if (!key_valid(k))
		return PZ_SYNTAX;
	*out = k;
	return PZ_OK;
}

size_t key_format(struct key k, char *buf, size_t len)
{
	char tmp[KEY_NAME_MAX];
	size_t o = 0;
	const char *name = NULL;

	k = key_canon(k);
	if (!key_valid(k)) {
		if (len > 0)
			buf[0] = '\0';
		return 0;
	}
	if (is_special(k.code))
		name = special_names[k.code - KC_UNICODE_LAST - 1];
	else if (k.code == ' ')
		name = "Space";
	else if (k.code == '<')
		name = "lt";
	else if (k.code == '#')
		name = "Hash";

	if (k.mods == 0 && !name) {
		o = (size_t)u8_uctomb((uint8_t *)tmp, k.code, 4);
	} else {
		tmp[o++] = '<';
		if (k.mods & KM_CTRL) {
			memcpy(tmp + o, "C-", 2);
			o += 2;
		}
		if (k.mods & KM_META) {
			memcpy(tmp + o, "M-", 2);
			o += 2;
		}
		if (k.mods & KM_SHIFT) {
			memcpy(tmp + o, "S-", 2);
			o += 2;
		}
		if (name) {
			memcpy(tmp + o, name, strlen(name));
			o += strlen(name);
		} else {
			o += (size_t)u8_uctomb((uint8_t *)tmp + o, k.code, 4);
		}
		tmp[o++] = '>';
	}
	if (len > 0) {
		size_t c = o < len ? o : len - 1;
		memcpy(buf, tmp, c);
		buf[c] = '\0';
	}
	return o;
}

/* ---- what curses calls its key codes ---- */

static const struct {
	const char *name;
	uint32_t code;
	unsigned mods;
} curses_names[] = {
	{ "KEY_UP", KC_UP, 0 },          { "KEY_DOWN", KC_DOWN, 0 },
	{ "KEY_LEFT", KC_LEFT, 0 },      { "KEY_RIGHT", KC_RIGHT, 0 },
	{ "KEY_HOME", KC_HOME, 0 },      { "KEY_END", KC_END, 0 },
	{ "KEY_NPAGE", KC_PGDN, 0 },     { "KEY_PPAGE", KC_PGUP, 0 },
	{ "KEY_IC", KC_INSERT, 0 },      { "KEY_DC", KC_DELETE, 0 },
	{ "KEY_ENTER", KC_ENTER, 0 },    { "KEY_BACKSPACE", KC_BACKSPACE, 0 },
	{ "KEY_BTAB", KC_TAB, KM_SHIFT },
	{ "KEY_SR", KC_UP, KM_SHIFT },   { "KEY_SF", KC_DOWN, KM_SHIFT },
	{ "KEY_SLEFT", KC_LEFT, KM_SHIFT }, { "KEY_SRIGHT", KC_RIGHT, KM_SHIFT },
	{ "KEY_SHOME", KC_HOME, KM_SHIFT }, { "KEY_SEND", KC_END, KM_SHIFT },
	{ "KEY_SNEXT", KC_PGDN, KM_SHIFT }, { "KEY_SPREVIOUS", KC_PGUP, KM_SHIFT },
	{ "KEY_SIC", KC_INSERT, KM_SHIFT }, { "KEY_SDC", KC_DELETE, KM_SHIFT },
	/* the keypad with Num Lock off */
	{ "KEY_A1", KC_HOME, 0 },        { "KEY_A3", KC_PGUP, 0 },
	{ "KEY_C1", KC_END, 0 },         { "KEY_C3", KC_PGDN, 0 },
	{ "ka2", KC_UP, 0 },             { "kc2", KC_DOWN, 0 },
	{ "kb1", KC_LEFT, 0 },           { "kb3", KC_RIGHT, 0 },
	/* the keypad in application mode (xterm's extended names) */
	{ "kpADD", '+', 0 },             { "kpSUB", '-', 0 },
	{ "kpMUL", '*', 0 },             { "kpDIV", '/', 0 },
	{ "kpDOT", '.', 0 },             { "kpCMA", ',', 0 },
	{ "kpZRO", '0', 0 },
};

/* ncurses' names for keys with modifiers (user-defined capabilities of xterm). */
static const struct {
	const char *prefix;
	uint32_t code;
} curses_ext[] = {
	{ "kUP", KC_UP },   { "kDN", KC_DOWN }, { "kLFT", KC_LEFT }, { "kRIT", KC_RIGHT },
	{ "kHOM", KC_HOME }, { "kEND", KC_END }, { "kNXT", KC_PGDN }, { "kPRV", KC_PGUP },
	{ "kIC", KC_INSERT }, { "kDC", KC_DELETE },
};

/* xterm's modifier parameter: 1 + (Shift 1 | Alt 2 | Ctrl 4). */
static unsigned xterm_mods(unsigned p)
{
	unsigned m = p - 1, mods = 0;

	if (m & 1)
		mods |= KM_SHIFT;
	if (m & 2)
		mods |= KM_META;
	if (m & 4)
		mods |= KM_CTRL;
	return mods;
}

static bool exact(const char *name, const char *s, size_t n)
{
	return strlen(name) == n && memcmp(name, s, n) == 0;
}

enum pz_status key_from_curses_name(const char *s, size_t n, struct key *out)
{
	static const unsigned fmods[] = {
		0, KM_SHIFT, KM_CTRL, KM_CTRL | KM_SHIFT, KM_META, KM_META | KM_SHIFT,
	};

	*out = (struct key){ 0, 0 };
	for (size_t i = 0; i < sizeof curses_names / sizeof curses_names[0]; i++)
		if (exact(curses_names[i].name, s, n)) {
			out->code = curses_names[i].code;
			out->mods = curses_names[i].mods;
			return PZ_OK;
		}
	/* KEY_F(n), n 1..63 */
	if (n >= 8 && n <= 9 && memcmp(s, "KEY_F(", 6) == 0 && s[n - 1] == ')') {
		unsigned f = 0;
		for (size_t i = 6; i < n - 1; i++) {
			if (s[i] < '0' || s[i] > '9')
				return PZ_SYNTAX;
			f = f * 10 + (unsigned)(s[i] - '0');
		}
		if (f < 1 || f > 63 || s[6] == '0')
			return PZ_SYNTAX;
		out->code = KC_F1 + (f - 1) % 12;
		out->mods = fmods[(f - 1) / 12];
		return PZ_OK;
	}
	for (size_t i = 0; i < sizeof curses_ext / sizeof curses_ext[0]; i++) {
		size_t k = strlen(curses_ext[i].prefix);
		if (n == k + 1 && memcmp(s, curses_ext[i].prefix, k) == 0 &&
		    s[k] >= '2' && s[k] <= '8') {
			out->code = curses_ext[i].code;
			out->mods = xterm_mods((unsigned)(s[k] - '0'));
			return PZ_OK;
		}
	}
	return PZ_SYNTAX;
}
