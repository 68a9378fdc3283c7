/* The user's settings file ($XDG_CONFIG_HOME/pizhu/config): which keymap and theme,
 * and the tag types the user adds to the built-in five. */
#ifndef PIZHU_CONFIG_H
#define PIZHU_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/errors.h"
#include "pizhu/status.h"
#include "pizhu/tagtype.h"

#define CONFIG_TAGTYPES 8

/* How the text pane tells paragraphs apart (paragraphs = ...). */
enum config_paragraphs {
	CONFIG_PARAGRAPHS_AUTO,    /* as most of the document's paragraphs do */
	CONFIG_PARAGRAPHS_INDENT,  /* a first-line indent of two full-width spaces */
	CONFIG_PARAGRAPHS_BLANK,   /* a blank line between paragraphs, no indent */
};

#define CONFIG_MAX_WIDTH_DEFAULT 80   /* columns of text, when max-width is not set */
#define CONFIG_MAX_WIDTH_MIN 20

struct config {
	char name[256];     /* the reviewer's name (name = ...); "" when not set */
	char keymap[256];   /* "" when not set */
	char theme[256];
	struct tagtype types[CONFIG_TAGTYPES]; /* declared tag types, in order */
	size_t ntypes;
	char citation[512];          /* the citation's format (quote.h); "" when not set */
	enum config_paragraphs paragraphs;
	unsigned max_width;          /* columns; 0 when not set (CONFIG_MAX_WIDTH_DEFAULT) */
	bool no_max_width;           /* max-width = none */
};

/*
 * Reads settings text s[0..n) into cfg, on top of what it holds. One setting a line:
 *
 *     name = THE REVIEWER'S NAME
 *     keymap = NAME-OR-FILE
 *     theme = NAME-OR-FILE
 *     tagtype = NAME KEY ELEMENT [LABEL]
 *     citation = FORMAT
 *     paragraphs = auto | indent | blank
 *     max-width = COLUMNS | none
 *
 * tagtype declares a tag type: NAME as tagtype_valid_name, not a built-in one; KEY as
 * keymaps write it (key_parse), the key that tags with it in the text pane; ELEMENT a
 * theme element (theme_element_from_name) that colours it; LABEL, the rest of the
 * line, what the views show (NAME when absent). A NAME declared twice keeps the last.
 *
 * name is who the reviewer is (config_author): the rest of the line, spaces and all.
 * citation is the format of a copied passage's citation (quote_build; quote.h lists
 * its placeholders), also the rest of the line. paragraphs says how the text tells
 * paragraphs apart; max-width the widest the text's lines get (at least
 * CONFIG_MAX_WIDTH_MIN), none for the pane's whole width.
 * '#' starts a comment; blank lines are ignored; spaces around '=' are optional; a
 * value ends at the first blank. Mistakes are appended to errs as "file:line: what is
 * wrong" and the line is skipped. Returns PZ_OK or PZ_SYNTAX.
 */
enum pz_status config_parse(struct config *cfg, const char *s, size_t n, const char *filename,
                            struct pz_errors *errs);

/* Whether s[0..n) can be a reviewer's name: non-empty valid UTF-8 without control
 * characters or line separators. */
bool config_valid_author(const char *s, size_t n);

/* Who the reviewer is, into buf (NUL-terminated, cut to len): given (--author) when
 * non-empty, else $PIZHU_AUTHOR when it is a valid name, else cfg's name (cfg may be
 * NULL), else the login name (tags_login_name). The one place that decides it: every
 * tag, reply and change is recorded under this name. */
void config_author(const struct config *cfg, const char *given, char *buf, size_t len);

/* The tag types there are: the built-in ones, then those cfg declares. */
void config_tagtypes(const struct config *cfg, struct tagtypes *types);

/* Reads the user's settings file, $XDG_CONFIG_HOME/pizhu/config (else
 * $HOME/.config/pizhu/config), with config_parse. A missing file is no error. */
enum pz_status config_read(struct config *cfg, struct pz_errors *errs);

/* The whole of a small file (settings, keymap, theme: at most 1 MiB) as a malloc'd
 * buffer (not NUL-terminated; free()), or NULL when it cannot be read. */
char *config_read_small_file(const char *path, size_t *len);

#endif
