/* The characters no writer may copy as they are (see sanitize.h), found at the speed
 * of the text: most of a speech is ASCII or three-byte CJK characters, told apart by
 * their first byte. */
#include "pizhu/sanitize.h"

#include <string.h>
#include <unistr.h>

static bool is_bidi(uint32_t c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
	       c == 0x200F || c == 0x061C;
}

static bool is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

bool sanitize_unsafe(uint32_t c)
{
	return is_control(c) || is_bidi(c);
}

static void set_bits(uint64_t bits[2], const char *chars)
{
	for (const unsigned char *p = (const unsigned char *)chars; p && *p; p++)
		if (*p < 0x80)
			bits[*p >> 6] |= (uint64_t)1 << (*p & 63);
}

static bool has_bit(const uint64_t bits[2], unsigned c)
{
	return (bits[c >> 6] >> (c & 63)) & 1;
}

void sanitizer_init(struct sanitizer *z, const char *special, const char *keep)
{
	memset(z, 0, sizeof(*z));
	set_bits(z->special, special);
	set_bits(z->keep, keep);
	/* a NUL cannot be named in a string: it is never kept */
}

static bool stop_at(struct sanitize_stop *st, size_t at, size_t len, uint32_t c,
                    enum sanitize_kind kind)
{
	st->at = at;
	st->len = len;
	st->c = c;
	st->kind = kind;
	return true;
}

bool sanitizer_next(const struct sanitizer *z, const char *str, size_t n, size_t i,
                    struct sanitize_stop *st)
{
	const unsigned char *s = (const unsigned char *)str;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (has_bit(z->special, c))
				return stop_at(st, i, 1, c, SANITIZE_SPECIAL);
			if ((c < 0x20 || c == 0x7F) && !has_bit(z->keep, c))
				return stop_at(st, i, 1, c, SANITIZE_CONTROL);
			i++;
			continue;
		}
		/* U+1000-1FFF and U+3000-FFFF but U+D800-DFFF: none is unsafe, any two
		 * continuation bytes make a valid character (E0 has overlong forms, E2 holds
		 * the bidirectional controls, ED the surrogates) */
		if ((c == 0xE1 || (c >= 0xE3 && c <= 0xEF && c != 0xED)) && n - i >= 3 &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		ucs4_t u;
		int len = u8_mbtoucr(&u, s + i, n - i);
		if (len <= 0)
			return stop_at(st, i, 1, 0xFFFD, SANITIZE_INVALID);
		if (is_control(u))
			return stop_at(st, i, (size_t)len, u, SANITIZE_CONTROL);
		if (is_bidi(u))
			return stop_at(st, i, (size_t)len, u, SANITIZE_BIDI);
		i += (size_t)len;
	}
	return false;
}

const char *sanitize_replacement(uint32_t c)
{
	return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' ? " " : "\xEF\xBF\xBD";
}

void sanitize_write(FILE *f, const char *s, size_t n, const char *keep)
{
	struct sanitizer z;
	struct sanitize_stop x;
	size_t i = 0;
	sanitizer_init(&z, NULL, keep);
	while (sanitizer_next(&z, s, n, i, &x)) {
		fwrite(s + i, 1, x.at - i, f);
		fputs(sanitize_replacement(x.c), f);
		i = x.at + x.len;
	}
	fwrite(s + i, 1, n - i, f);
}

bool sanitize_csv_formula(const char *s, size_t n)
{
	if (!n || !s[0] || !strchr("=+-@\t\r", s[0]))
		return false;
	if (s[0] != '+' && s[0] != '-')
		return true;
	/* a plain figure: [+-] digits [. digits] [%] */
	size_t i = 1, digits = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (!digits)
		return true;
	if (i < n && s[i] == '.') {
		size_t d = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return true;
	}
	if (i < n && s[i] == '%')
		i++;
	return i != n;
}

/* The joins between the figures of a date or a time as spreadsheets read them; the
 * CJK units are what Chinese spreadsheets turn into dates and times (6月30日, 8时30分). */
static size_t date_join(const char *s, size_t n, size_t i)
{
	static const char *const cjk[] = {"年", "月", "日", "时", "分", "秒"};
	if (strchr("-/: ", s[i]))
		return 1;
	for (size_t k = 0; k < sizeof(cjk) / sizeof(*cjk); k++)
		if (n - i >= 3 && !memcmp(s + i, cjk[k], 3))
			return 3;
	return 0;
}

bool sanitize_csv_datelike(const char *s, size_t n)
{
	size_t i = 0, groups = 0;
	while (i < n) {
		size_t d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return false;
		groups++;
		if (i == n)
			break;
		size_t j = date_join(s, n, i);
		if (!j)
			return false;
		i += j;
		/* a last unit (6月30日, 8时30分) may end the cell */
		if (i == n && j == 3)
			break;
	}
	return groups >= 2;
}
