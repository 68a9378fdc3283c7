/* The user's settings file ($XDG_CONFIG_HOME/pizhu/config): which keymap and theme. */
#ifndef PIZHU_CONFIG_H
#define PIZHU_CONFIG_H

#include <stddef.h>
#include "pizhu/errors.h"
#include "pizhu/status.h"

struct config {
	char keymap[256];   /* "" when not set */
	char theme[256];
};

/*
 * Reads settings text s[0..n) into cfg, on top of what it holds. One setting a line:
 *
 *     keymap = NAME-OR-FILE
 *     theme = NAME-OR-FILE
 *
 * '#' starts a comment; blank lines are ignored; spaces around '=' are optional; a
 * value ends at the first blank. Mistakes are appended to errs as "file:line: what is
 * wrong" and the line is skipped. Returns PZ_OK or PZ_SYNTAX.
 */
enum pz_status config_parse(struct config *cfg, const char *s, size_t n, const char *filename,
                            struct pz_errors *errs);

#endif
