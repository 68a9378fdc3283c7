/* The settings file's parser: four settings, and every mistake said with its line;
 * and who the reviewer is (config_author). */
#include "pizhu/config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "pizhu/key.h"
#include "pizhu/quote.h"
#include "pizhu/tags.h"
#include "pizhu/theme.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The next blank-separated word of s[*i..b): its start, and *i after it. */
static size_t word(const char *s, size_t *i, size_t b, size_t *len)
{
	while (*i < b && blank(s[*i]))
		(*i)++;
	size_t a = *i;
	while (*i < b && !blank(s[*i]))
		(*i)++;
	*len = *i - a;
	return a;
}

/* tagtype = NAME KEY ELEMENT [LABEL]: the value is s[v..b). */
static enum pz_status parse_tagtype(struct config *cfg, const char *s, size_t v, size_t b,
                                    const char *filename, size_t line, struct pz_errors *errs)
{
	char quoted[64];
	size_t nl, kl, el, i = v;
	size_t n = word(s, &i, b, &nl), k = word(s, &i, b, &kl), e = word(s, &i, b, &el);
	while (i < b && blank(s[i]))
		i++;
	struct tagtypes builtin;
	tagtypes_init(&builtin);
	struct key key;
	struct tagtype t = {0};
	if (!nl || !kl || !el) {
		pz_errors_add(errs, filename, line, "tagtype needs a name, a key and a theme element");
		return PZ_SYNTAX;
	}
	if (!tagtype_valid_name(s + n, nl)) {
		pz_errors_add(errs, filename, line,
		              "'%s' is not a tag type name (lower-case letters, digits, '-')",
		              pz_errors_quote(quoted, sizeof(quoted), s + n, nl));
		return PZ_SYNTAX;
	}
	memcpy(t.name, s + n, nl);
	if (tagtypes_find(&builtin, t.name)) {
		pz_errors_add(errs, filename, line, "'%s' is a built-in tag type", t.name);
		return PZ_SYNTAX;
	}
	if (kl >= sizeof(t.key) || key_parse(s + k, kl, &key) != PZ_OK) {
		pz_errors_add(errs, filename, line, "'%s' is not a key",
		              pz_errors_quote(quoted, sizeof(quoted), s + k, kl));
		return PZ_SYNTAX;
	}
	memcpy(t.key, s + k, kl);
	if (el >= sizeof(t.element) || theme_element_from_name(s + e, el) == TE_COUNT) {
		pz_errors_add(errs, filename, line, "'%s' is not a theme element",
		              pz_errors_quote(quoted, sizeof(quoted), s + e, el));
		return PZ_SYNTAX;
	}
	memcpy(t.element, s + e, el);
	size_t ll = b - i;
	if (ll >= sizeof(t.label_zh) || memchr(s + i, '\0', ll)) {
		pz_errors_add(errs, filename, line, "the label of '%s' is too long", t.name);
		return PZ_SYNTAX;
	}
	memcpy(t.label_zh, s + i, ll);
	/* one label for both languages when it fits, else the name in English */
	if (ll && ll < sizeof(t.label_en))
		memcpy(t.label_en, s + i, ll);
	else
		memcpy(t.label_en, t.name, nl);
	size_t slot = cfg->ntypes;
	for (size_t j = 0; j < cfg->ntypes; j++)
		if (!strcmp(cfg->types[j].name, t.name))
			slot = j;
	if (slot == CONFIG_TAGTYPES) {
		pz_errors_add(errs, filename, line, "more than %d tag types declared", CONFIG_TAGTYPES);
		return PZ_SYNTAX;
	}
	cfg->types[slot] = t;
	if (slot == cfg->ntypes)
		cfg->ntypes++;
	return PZ_OK;
}

void config_tagtypes(const struct config *cfg, struct tagtypes *types)
{
	tagtypes_init(types);
	for (size_t i = 0; i < cfg->ntypes && types->n < TAGTYPE_MAX; i++)
		types->v[types->n++] = cfg->types[i];
}

enum pz_status config_parse(struct config *cfg, const char *s, size_t n, const char *filename,
                            struct pz_errors *errs)
{
	enum pz_status st = PZ_OK;
	size_t line = 0, i = 0, a, len;

	while (pz_next_line(s, n, &i, &line, &a, &len)) {
		size_t b = a + len;
		for (size_t k = a; k < b; k++)
			if (s[k] == '#') {
				b = k;
				break;
			}
		while (a < b && blank(s[a]))
			a++;
		while (b > a && blank(s[b - 1]))
			b--;
		if (a == b)
			continue;
		size_t k = a;
		while (k < b && s[k] != '=' && !blank(s[k]))
			k++;
		size_t name_end = k;
		while (k < b && blank(s[k]))
			k++;
		char quoted[64];
		if (k >= b || s[k] != '=') {
			pz_errors_add(errs, filename, line, "expected 'name = value', not '%s'",
			              pz_errors_quote(quoted, sizeof(quoted), s + a, b - a));
			st = PZ_SYNTAX;
			continue;
		}
		k++;
		while (k < b && blank(s[k]))
			k++;
		if (name_end - a == 4 && !memcmp(s + a, "name", 4)) {
			/* the whole rest of the line: a name may have spaces */
			size_t vl = b - k;
			if (!vl || vl >= sizeof(cfg->name) || !config_valid_author(s + k, vl)) {
				pz_errors_add(errs, filename, line,
				              "name needs a reviewer's name: printable UTF-8 of at most %zu bytes",
				              sizeof(cfg->name) - 1);
				st = PZ_SYNTAX;
				continue;
			}
			memcpy(cfg->name, s + k, vl);
			cfg->name[vl] = '\0';
			continue;
		}
		if (name_end - a == 8 && !memcmp(s + a, "citation", 8)) {
			/* the rest of the line: a format has spaces */
			size_t vl = b - k, bad;
			if (!vl || vl >= sizeof(cfg->citation) || !config_valid_author(s + k, vl)) {
				pz_errors_add(errs, filename, line,
				              "citation needs a format: printable UTF-8 of at most %zu bytes",
				              sizeof(cfg->citation) - 1);
				st = PZ_SYNTAX;
			} else if (!quote_format_valid(s + k, vl, &bad)) {
				pz_errors_add(errs, filename, line,
				              "citation: '%s' is not a placeholder (%%q %%t %%s %%p %%P %%l %%f %%n %%%% and %%[ %%] are)",
				              pz_errors_quote(quoted, sizeof(quoted), s + k + bad,
				                              bad + 2 <= vl ? 2 : vl - bad));
				st = PZ_SYNTAX;
			} else {
				memcpy(cfg->citation, s + k, vl);
				cfg->citation[vl] = '\0';
			}
			continue;
		}
		if (name_end - a == 10 && !memcmp(s + a, "paragraphs", 10)) {
			size_t vl = b - k;
			static const char *const ways[] = { "auto", "indent", "blank" };
			size_t w = 0;
			while (w < 3 && !(strlen(ways[w]) == vl && !memcmp(s + k, ways[w], vl)))
				w++;
			if (w == 3) {
				pz_errors_add(errs, filename, line,
				              "paragraphs is auto, indent or blank, not '%s'",
				              pz_errors_quote(quoted, sizeof(quoted), s + k, vl));
				st = PZ_SYNTAX;
			} else {
				cfg->paragraphs = (enum config_paragraphs)w;
			}
			continue;
		}
		if (name_end - a == 9 && !memcmp(s + a, "max-width", 9)) {
			size_t vl = b - k;
			unsigned long w = 0;
			size_t j = 0;
			while (j < vl && s[k + j] >= '0' && s[k + j] <= '9' && w < 100000)
				w = w * 10 + (unsigned long)(s[k + j++] - '0');
			if (vl == 4 && !memcmp(s + k, "none", 4)) {
				cfg->no_max_width = true;
				cfg->max_width = 0;
			} else if (!vl || j < vl || w < CONFIG_MAX_WIDTH_MIN || w > 10000) {
				pz_errors_add(errs, filename, line,
				              "max-width is a number of columns from %d to 10000, or none, not '%s'",
				              CONFIG_MAX_WIDTH_MIN, pz_errors_quote(quoted, sizeof(quoted), s + k, vl));
				st = PZ_SYNTAX;
			} else {
				cfg->no_max_width = false;
				cfg->max_width = (unsigned)w;
			}
			continue;
		}
		if (name_end - a == 7 && !memcmp(s + a, "tagtype", 7)) {
			if (parse_tagtype(cfg, s, k, b, filename, line, errs) != PZ_OK)
				st = PZ_SYNTAX;
			continue;
		}
		size_t v = k;
		while (k < b && !blank(s[k]))
			k++;
		char *dst = NULL;
		if (name_end - a == 6 && !memcmp(s + a, "keymap", 6))
			dst = cfg->keymap;
		else if (name_end - a == 5 && !memcmp(s + a, "theme", 5))
			dst = cfg->theme;
		if (!dst) {
			pz_errors_add(errs, filename, line, "unknown setting '%s' (keymap, theme, name, tagtype, citation, paragraphs and max-width are known)",
			              pz_errors_quote(quoted, sizeof(quoted), s + a, name_end - a));
			st = PZ_SYNTAX;
			continue;
		}
		if (k == v || k < b || k - v >= sizeof(cfg->keymap) || memchr(s + v, '\0', k - v)) {
			pz_errors_add(errs, filename, line, "'%s' needs one value without spaces",
			              pz_errors_quote(quoted, sizeof(quoted), s + a, name_end - a));
			st = PZ_SYNTAX;
			continue;
		}
		memcpy(dst, s + v, k - v);
		dst[k - v] = '\0';
	}
	return st;
}

char *config_read_small_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n + 4096 > cap) {
			size_t nc = cap ? cap * 2 : 8192;
			if (nc > (1u << 20)) /* a settings, keymap or theme file over 1 MiB is a mistake */
				break;
			char *nb = realloc(buf, nc);
			if (!nb)
				break;
			buf = nb;
			cap = nc;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

enum pz_status config_read(struct config *cfg, struct pz_errors *errs)
{
	char path[PATH_MAX];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg == '/')
		snprintf(path, sizeof(path), "%s/pizhu/config", xdg);
	else if (home && *home)
		snprintf(path, sizeof(path), "%s/.config/pizhu/config", home);
	else
		return PZ_OK;
	size_t n;
	char *text = config_read_small_file(path, &n);
	enum pz_status st = text ? config_parse(cfg, text, n, path, errs) : PZ_OK;
	free(text);
	return st;
}

bool config_valid_author(const char *s, size_t n)
{
	if (!n || u8_check((const uint8_t *)s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	/* C1 controls (U+0080..U+009F: C2 80..C2 9F) and the line separators (U+2028,
	 * U+2029: E2 80 A8, E2 80 A9) would move the cursor of whoever shows the name; s
	 * is not NUL-terminated (a line of the settings file) */
	for (size_t i = 0; i + 1 < n; i++) {
		const unsigned char *u = (const unsigned char *)s + i;
		if (u[0] == 0xC2 && u[1] < 0xA0)
			return false;
		if (i + 2 < n && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
			return false;
	}
	return true;
}

void config_author(const struct config *cfg, const char *given, char *buf, size_t len)
{
	const char *env = getenv("PIZHU_AUTHOR");
	if (given && *given)
		snprintf(buf, len, "%s", given);
	else if (env && *env && config_valid_author(env, strlen(env)))
		snprintf(buf, len, "%s", env);
	else if (cfg && cfg->name[0])
		snprintf(buf, len, "%s", cfg->name);
	else
		tags_login_name(buf, len);
}
