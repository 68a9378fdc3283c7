/* Element styles and the reader of theme files; also the colour arithmetic that
 * lets one theme serve 256-, 16- and 8-colour terminals. */
#include "pizhu/theme.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "pizhu/ascii.h"

struct theme {
	struct theme_style el[TE_COUNT];
};

static const struct {
	const char *name, *help;
	unsigned attrs;
} elements[TE_COUNT] = {
#define THEME_ELEMENT_ROW(id, name, help, attrs) [TE_##id] = { name, help, attrs },
	THEME_ELEMENT_LIST(THEME_ELEMENT_ROW)
#undef THEME_ELEMENT_ROW
};

static const char *const attr_names[TA_BIT_COUNT] = {
#define THEME_ATTR_NAME(id, name) [TA_BIT_##id] = name,
	THEME_ATTR_LIST(THEME_ATTR_NAME)
#undef THEME_ATTR_NAME
};

static const char *const color_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static bool has_prefix(const char *prefix, const char *s, size_t n)
{
	size_t k = strlen(prefix);
	return n >= k && ascii_name_eq(prefix, s, k);
}

struct theme *theme_new(void)
{
	struct theme *t = malloc(sizeof *t);

	if (!t)
		return NULL;
	for (int e = 0; e < TE_COUNT; e++)
		t->el[e] = (struct theme_style){ -1, -1, elements[e].attrs };
	return t;
}

void theme_free(struct theme *t)
{
	free(t);
}

struct theme_style theme_get(const struct theme *t, enum theme_element e)
{
	if ((unsigned)e >= TE_COUNT)
		return (struct theme_style){ -1, -1, 0 };
	return t->el[e];
}

static int clamp_color(int c)
{
	return c < -1 || c > 255 ? -1 : c;
}

void theme_set(struct theme *t, enum theme_element e, struct theme_style s)
{
	if ((unsigned)e >= TE_COUNT)
		return;
	s.fg = clamp_color(s.fg);
	s.bg = clamp_color(s.bg);
	s.attrs &= TA_ALL;
	t->el[e] = s;
}

const char *theme_element_name(enum theme_element e)
{
	return (unsigned)e < TE_COUNT ? elements[e].name : "";
}

const char *theme_element_help(enum theme_element e)
{
	return (unsigned)e < TE_COUNT ? elements[e].help : "";
}

enum theme_element theme_element_from_name(const char *s, size_t n)
{
	for (unsigned e = 0; e < TE_COUNT; e++)
		if (ascii_name_eq(elements[e].name, s, n))
			return (enum theme_element)e;
	return TE_COUNT;
}

enum pz_status theme_color_from_name(const char *s, size_t n, int *out)
{
	int base = 0;

	if (ascii_name_eq("default", s, n)) {
		*out = -1;
		return PZ_OK;
	}
	if (has_prefix("color", s, n) && n > 5 && n <= 8) {
		int v = 0;
		for (size_t i = 5; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return PZ_SYNTAX;
			v = v * 10 + (s[i] - '0');
		}
		if (v > 255)
			return PZ_SYNTAX;
		*out = v;
		return PZ_OK;
	}
	if (has_prefix("bright-", s, n)) {
		base = 8;
		s += 7;
		n -= 7;
	}
	for (int i = 0; i < 8; i++)
		if (ascii_name_eq(color_names[i], s, n)) {
			*out = base + i;
			return PZ_OK;
		}
	return PZ_SYNTAX;
}

static bool attr_from_name(const char *s, size_t n, unsigned *out)
{
	if (ascii_name_eq("normal", s, n)) {
		*out = TA_NORMAL;
		return true;
	}
	for (int i = 0; i < TA_BIT_COUNT; i++)
		if (ascii_name_eq(attr_names[i], s, n)) {
			*out = 1u << i;
			return true;
		}
	return false;
}

/* ---- degrading colours ---- */

/* xterm's default 16 colours: what 256-colour themes were drawn against. */
static const unsigned char basic_rgb[16][3] = {
	{ 0, 0, 0 },       { 205, 0, 0 },     { 0, 205, 0 },     { 205, 205, 0 },
	{ 0, 0, 238 },     { 205, 0, 205 },   { 0, 205, 205 },   { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 },     { 0, 255, 0 },     { 255, 255, 0 },
	{ 92, 92, 255 },   { 255, 0, 255 },   { 0, 255, 255 },   { 255, 255, 255 },
};

/* The RGB of colour 16-255: a 6x6x6 cube, then a ramp of 24 greys. */
static void rgb_of(int c, int rgb[3])
{
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };

	if (c >= 232) {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
	} else {
		c -= 16;
		rgb[0] = level[c / 36];
		rgb[1] = level[c / 6 % 6];
		rgb[2] = level[c % 6];
	}
}

static int nearest_basic(int c)
{
	int rgb[3], best = 0;
	long best_d = -1;

	rgb_of(c, rgb);
	for (int i = 0; i < 16; i++) {
		long d = 0;
		for (int k = 0; k < 3; k++) {
			long x = rgb[k] - basic_rgb[i][k];
			d += x * x;
		}
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

/* c as one of the 16 basic colours (or -1). */
static int to16(int c)
{
	if (c < 0 || c > 255)
		return -1;
	return c < 16 ? c : nearest_basic(c);
}

int theme_color_degrade(int c, int colors)
{
	if (c < 0 || c > 255 || colors < 8)
		return -1;
	/* 88-colour terminals number their cube differently: only 256 keeps 16-255. */
	if (colors >= 256 || (c < 16 && c < colors))
		return c;
	c = to16(c);
	if (c >= colors)
		c -= 8;
	return c;
}

struct theme_style theme_style_degrade(struct theme_style s, int colors)
{
	struct theme_style d = { -1, -1, s.attrs & TA_ALL };

	if (colors < 8)
		return d;
	d.fg = theme_color_degrade(s.fg, colors);
	d.bg = theme_color_degrade(s.bg, colors);
	if (colors < 16) {
		int fg = to16(s.fg), bg = to16(s.bg);
		if (fg == 8) {
			d.fg = -1;
			d.attrs |= TA_DIM;
		} else if (fg > 8) {
			d.attrs |= TA_BOLD;
		}
		if (bg == 8)
			d.bg = -1;
	}
	return d;
}

/* ---- reading theme files ---- */

struct word {
	const char *s;
	size_t n;
};

/* The next word of s[*i..n), or false at the end of the line or a comment. */
static bool next_word(const char *s, size_t n, size_t *i, struct word *w)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		++*i;
	if (*i == n || s[*i] == '#')
		return false;
	w->s = s + *i;
	while (*i < n && s[*i] != ' ' && s[*i] != '\t')
		++*i;
	w->n = (size_t)(s + *i - w->s);
	return true;
}

#define QUOTE_MAX 64

static enum pz_status one_line(struct theme *t, const char *s, size_t n,
                               const char *file, size_t line, struct pz_errors *errs)
{
	struct word w[4], a;
	char buf[QUOTE_MAX];
	size_t i = 0, k = 0;
	struct theme_style st = { -1, -1, 0 };
	enum theme_element e;

	while (k < 4 && next_word(s, n, &i, &w[k]))
		k++;
	if (k == 0)
		return PZ_OK;
	if (!ascii_name_eq("color", w[0].s, w[0].n)) {
		pz_errors_add(errs, file, line, "unknown command '%s' (expected 'color')",
		              pz_errors_quote(buf, sizeof buf, w[0].s, w[0].n));
		return PZ_SYNTAX;
	}
	if (k < 4) {
		pz_errors_add(errs, file, line,
		              "'color' needs an element, a foreground and a background");
		return PZ_SYNTAX;
	}
	e = theme_element_from_name(w[1].s, w[1].n);
	if (e == TE_COUNT) {
		pz_errors_add(errs, file, line, "unknown element '%s'",
		              pz_errors_quote(buf, sizeof buf, w[1].s, w[1].n));
		return PZ_SYNTAX;
	}
	for (int c = 2; c < 4; c++)
		if (theme_color_from_name(w[c].s, w[c].n, c == 2 ? &st.fg : &st.bg) != PZ_OK) {
			pz_errors_add(errs, file, line, "unknown color '%s'",
			              pz_errors_quote(buf, sizeof buf, w[c].s, w[c].n));
			return PZ_SYNTAX;
		}
	while (next_word(s, n, &i, &a)) {
		unsigned bit;
		if (!attr_from_name(a.s, a.n, &bit)) {
			pz_errors_add(errs, file, line, "unknown attribute '%s'",
			              pz_errors_quote(buf, sizeof buf, a.s, a.n));
			return PZ_SYNTAX;
		}
		st.attrs |= bit;
	}
	theme_set(t, e, st);
	return PZ_OK;
}

enum pz_status theme_load(struct theme *t, const char *s, size_t n,
                          const char *filename, struct pz_errors *errs)
{
	enum pz_status st = PZ_OK;
	size_t line = 0, i = 0, a, len;

	while (pz_next_line(s, n, &i, &line, &a, &len))
		if (one_line(t, s + a, len, filename, line, errs) != PZ_OK)
			st = PZ_SYNTAX;
	return st;
}
