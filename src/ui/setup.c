/* The reader's setup: its data directory, keymap, theme, tag types and language, read
 * once before the first screen. */
#include "pizhu/ui/setup.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pizhu/embedded.h"
#include "pizhu/key.h"

void setup_datadir(char *buf, size_t len)
{
	const char *env = getenv("PIZHU_DATADIR");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *slash = strrchr(exe, '/');
			if (!slash)
				break;
			*slash = '\0';
			char probe[PATH_MAX + 64];
			snprintf(probe, sizeof(probe), "%s/keymaps/default.keymap", exe);
			if (access(probe, R_OK) == 0) {
				snprintf(buf, len, "%s", exe);
				return;
			}
			int n2 = snprintf(probe, sizeof(probe), "%s/share/pizhu/keymaps/default.keymap", exe);
			if (up == 1 && n2 > 0 && (size_t)n2 < sizeof(probe) && access(probe, R_OK) == 0 &&
			    snprintf(buf, len, "%s/share/pizhu", exe) < (int)len) /* PREFIX/bin/pizhu */
				return;
		}
	}
	snprintf(buf, len, "%s", PIZHU_DATADIR);
}

#ifndef PIZHU_LOCALEDIR
#define PIZHU_LOCALEDIR "/usr/local/share/locale"
#endif

/* dir holds pizhu's catalogue of a language, as msgfmt builds it and make install puts it. */
static bool has_catalogue(const char *dir)
{
	char probe[PATH_MAX + 64];
	int n = snprintf(probe, sizeof(probe), "%s/zh_CN/LC_MESSAGES/pizhu.mo", dir);
	return n > 0 && (size_t)n < sizeof(probe) && access(probe, R_OK) == 0;
}

void setup_localedir(char *buf, size_t len)
{
	const char *env = getenv("PIZHU_LOCALEDIR");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* build/san/pizhu beside build/san/locale; ./pizhu beside build/rel/locale;
			 * PREFIX/bin/pizhu beside PREFIX/share/locale */
			static const char *const beside[] = { "locale", "build/rel/locale", "../share/locale" };
			for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
				char dir[PATH_MAX + 32];
				int k = snprintf(dir, sizeof(dir), "%s/%s", exe, beside[i]);
				if (k > 0 && (size_t)k < sizeof(dir) && (size_t)k < len && has_catalogue(dir)) {
					snprintf(buf, len, "%s", dir);
					return;
				}
			}
		}
	}
	snprintf(buf, len, "%s", PIZHU_LOCALEDIR);
}

/* NAME (a file in datadir/dir with suffix) or a path (it has a '/' or exists). */
static void resolve(const char *datadir, const char *dir, const char *name, const char *suffix,
                    char *buf, size_t len)
{
	if (strchr(name, '/') || access(name, R_OK) == 0)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%s/%s/%s%s", datadir, dir, name, suffix);
}

void setup_keymap(struct app *a, const char *datadir, const char *choice,
                  const struct config *cfg, struct pz_errors *errs)
{
	a->km = keymap_new();
	if (!a->km)
		return;
	keymap_load(a->km, embedded_default_keymap, embedded_default_keymap_len, "default.keymap", NULL);
	char path[PATH_MAX];
	enum pz_status st = PZ_OK;
	if (choice && *choice && strcmp(choice, "default") != 0) {
		resolve(datadir, "keymaps", choice, ".keymap", path, sizeof(path));
		size_t n;
		char *text = config_read_small_file(path, &n);
		if (!text)
			pz_errors_add(errs, path, 0, "cannot read keymap");
		else
			st = keymap_load(a->km, text, n, path, errs);
		free(text);
	}
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg == '/')
		snprintf(path, sizeof(path), "%s/pizhu/keymap", xdg);
	else
		snprintf(path, sizeof(path), "%s/.config/pizhu/keymap", home ? home : "");
	size_t n;
	char *text = config_read_small_file(path, &n);
	if (text && st == PZ_OK)
		st = keymap_load(a->km, text, n, path, errs);
	free(text);
	if (st != PZ_OK) {
		keymap_free(a->km);
		a->km = keymap_new();
		if (a->km)
			keymap_load(a->km, embedded_default_keymap, embedded_default_keymap_len,
			            "default.keymap", NULL);
	}
	/* a declared type's key tags with it after the tag key, and at once in the text
	 * where the keymap leaves the key free (never over a key that moves) */
	for (size_t i = 0; a->km && i < cfg->ntypes; i++) {
		struct key k;
		const char *name = cfg->types[i].key;
		if (!*name || key_parse(name, strlen(name), &k) != PZ_OK)
			continue;
		keymap_bind(a->km, MODE_TAGGING, k, ACT_TAG_DECLARED);
		if (keymap_lookup(a->km, MODE_TEXT, k) == ACT_NONE)
			keymap_bind(a->km, MODE_TEXT, k, ACT_TAG_DECLARED);
	}
}

void setup_theme(struct app *a, const char *datadir, const char *choice, struct pz_errors *errs)
{
	a->theme = theme_new();
	if (!a->theme)
		return;
	if (a->colors < 8) /* NO_COLOR, or a terminal without colours: attributes only */
		choice = "mono";
	if (!choice || !*choice)
		choice = "dark";
	if (!strcmp(choice, "mono") || !strcmp(choice, "dark")) {
		bool dark = !strcmp(choice, "dark");
		theme_load(a->theme, dark ? embedded_dark_theme : embedded_mono_theme,
		           dark ? embedded_dark_theme_len : embedded_mono_theme_len, choice, NULL);
		return;
	}
	char path[PATH_MAX];
	resolve(datadir, "themes", choice, ".theme", path, sizeof(path));
	size_t n;
	char *text = config_read_small_file(path, &n);
	enum pz_status st = PZ_SYNTAX;
	if (!text)
		pz_errors_add(errs, path, 0, "cannot read theme");
	else
		st = theme_load(a->theme, text, n, path, errs);
	free(text);
	if (st != PZ_OK) {
		theme_free(a->theme);
		a->theme = theme_new();
		if (a->theme)
			theme_load(a->theme, embedded_dark_theme, embedded_dark_theme_len, "dark", NULL);
	}
}

/* The language the user asked messages in, as named (it need not be installed: labels
 * are pizhu's own): GNU's LANGUAGE list first, as gettext reads it, then the locale. */
static const char *messages_locale(void)
{
	const char *v;
	if ((v = getenv("LANGUAGE")) && *v)
		return v;
	if ((v = getenv("LC_ALL")) && *v)
		return v;
	if ((v = getenv("LC_MESSAGES")) && *v)
		return v;
	return getenv("LANG");
}

void setup_types(struct app *a, const struct config *cfg)
{
	config_tagtypes(cfg, &a->types);
	for (size_t i = 0; i < a->types.n; i++) {
		const char *el = a->types.v[i].element;
		a->type_element[i] = theme_element_from_name(el, strlen(el));
		if (a->type_element[i] == TE_COUNT)
			a->type_element[i] = TE_TAG_NOTE;
	}
	a->zh = tagtype_locale_zh(messages_locale());
}
