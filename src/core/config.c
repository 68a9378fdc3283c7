/* The settings file's parser: two settings, and every mistake said with its line. */
#include "pizhu/config.h"

#include <stdbool.h>
#include <string.h>

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

enum pz_status config_parse(struct config *cfg, const char *s, size_t n, const char *filename,
                            struct pz_errors *errs)
{
	enum pz_status st = PZ_OK;
	size_t line = 0;

	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && s[e] != '\n')
			e++;
		line++;
		size_t a = i, b = e;
		i = e + 1;
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
		size_t v = k;
		while (k < b && !blank(s[k]))
			k++;
		char *dst = NULL;
		if (name_end - a == 6 && !memcmp(s + a, "keymap", 6))
			dst = cfg->keymap;
		else if (name_end - a == 5 && !memcmp(s + a, "theme", 5))
			dst = cfg->theme;
		if (!dst) {
			pz_errors_add(errs, filename, line, "unknown setting '%s' (keymap and theme are known)",
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
