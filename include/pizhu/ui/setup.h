/* What the reader is set up with before its first screen: where its data files are, the
 * keymap and the theme (built in, chosen, the user's own), the tag types with their
 * styles and keys, and the language of its labels. Mistakes in the files are collected
 * in an error list and the defaults used, never half a file. */
#ifndef PIZHU_UI_SETUP_H
#define PIZHU_UI_SETUP_H

#include <stddef.h>
#include "pizhu/config.h"
#include "pizhu/errors.h"
#include "pizhu/ui/app.h"

/* Where keymaps/, themes/ and the sample are: $PIZHU_DATADIR, else the build tree the
 * program runs from (its directory or one or two above, for build/san/pizhu), else
 * ../share/pizhu beside its bin/ (an installed copy, wherever its prefix), else the
 * $(PREFIX)/share/pizhu it was built for. */
void setup_datadir(char *buf, size_t len);

/* Where the message catalogues are (LANG/LC_MESSAGES/pizhu.mo under it): $PIZHU_LOCALEDIR,
 * else the build tree the program runs from (BUILD/locale, as make builds them), else
 * ../share/locale beside its bin/, else the $(PREFIX)/share/locale it was built for. */
void setup_localedir(char *buf, size_t len);

/* a->km: the embedded default, the chosen one (NAME in datadir/keymaps, or a file) on
 * top, then the user's own file; any mistake falls back to the embedded default alone.
 * Then the keys of the types cfg declares (tag-declared in the text). a->km stays NULL
 * when out of memory. */
void setup_keymap(struct app *a, const char *datadir, const char *choice,
                  const struct config *cfg, struct pz_errors *errs);

/* a->theme: dark (the default) or mono built in, else NAME in datadir/themes or a file;
 * mono when the terminal has no colours (a->colors < 8); a mistake falls back to dark. */
void setup_theme(struct app *a, const char *datadir, const char *choice, struct pz_errors *errs);

/* a->types (built-in and declared), the theme element of each, and whether labels are
 * Chinese (the language asked for: LANGUAGE, LC_ALL, LC_MESSAGES, LANG). */
void setup_types(struct app *a, const struct config *cfg);

#endif
