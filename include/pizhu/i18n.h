/* The one place that says how pizhu's messages are translated: GNU gettext (glibc's
 * libintl), text domain "pizhu", catalogues built from po/ (see po/README). */
#ifndef PIZHU_I18N_H
#define PIZHU_I18N_H

#include <libintl.h>

#define PIZHU_DOMAIN "pizhu"

/* _(s): s in the user's language (s itself when no catalogue has it). Borrowed, static.
 * N_(s): s, marked for xgettext where it cannot be translated yet (a table, a static
 * initializer); translate it with _() where it is used. */
#define _(s) gettext(s)
#define N_(s) s

#endif
