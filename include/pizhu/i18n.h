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

/* NN_(one, many): the two forms of a counted string, marked for xgettext as ngettext's
 * arguments where it cannot be called yet (a table); it stands for the two strings
 * ("a", "b"), to be passed to ngettext(one, many, n) where the count is known. */
#define NN_(one, many) one, many

/* C_(context, s): s translated within a context (the catalogue's msgctxt), for an
 * English word that stands for two things ("open": a file, or a task not done). Both
 * arguments are string literals. Borrowed, static. */
static inline const char *pz_pgettext(const char *context_s, const char *s)
{
	const char *t = gettext(context_s);
	return t == context_s ? s : t;
}
#define C_(context, s) pz_pgettext(context "\004" s, s)

#endif
