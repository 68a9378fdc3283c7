/* A passage quoted with where it comes from: the document's title, the path of
 * sections down to it with their titles, and its paragraph, in a format the user sets
 * (citation = ... in the config), for the clipboard and `pizhu quote`. */
#ifndef PIZHU_QUOTE_H
#define PIZHU_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/document.h"
#include "pizhu/outline.h"
#include "pizhu/status.h"

/*
 * The format is text with placeholders:
 *
 *   %q  the passage: its lines joined as the reader shows them (no line breaks; a
 *       break between two ASCII words is a space), the indentation of its lines and
 *       the blanks around it left out
 *   %t  the title of its speech (the title lines joined), else the file's name
 *   %s  the path of sections down to it, each as its heading reads (number and
 *       title, long ones cut with …), joined by " › "; points inside a paragraph
 *       (第一，) are not sections
 *   %p  the number of its paragraph in the innermost section (its heading's paragraph
 *       is the first), or in its speech when it is in no section
 *   %P  the number of its paragraph in the document
 *       (paragraphs are counted as a reader counts them: the title block's lines
 *       (title, subtitle, speaker, date) and a web page's leftovers are not)
 *   %l  the line of the file where it starts
 *   %f  the file's name as given
 *   %n  a line break;   %%  a '%'
 *   %[ ... %]  what stands between is left out when a placeholder inside it is empty
 *              (no sections: "%[，%s%]" gives nothing); not nested
 */
#define QUOTE_FORMAT_DEFAULT "“%q”%n——《%t》%[，%s%]，第%p段"

/* Whether fmt[0..n) is a valid format: true, or false with *bad set to the offset of
 * the first mistake (an unknown %x, a % at the end, %[ inside %[, a %] or %[ unmatched). */
bool quote_format_valid(const char *fmt, size_t n, size_t *bad);

/*
 * The citation of the text [start, end) of d (end > start, both within the text, at
 * character boundaries) in format fmt (NULL: QUOTE_FORMAT_DEFAULT), using o (an
 * outline of d; a paragraphs-only one gives no titles and no sections) and name (the
 * file's name, for %t without a title and for %f). *out is owned (free()),
 * NUL-terminated, valid UTF-8 when the text is; *len (if not NULL) its length.
 * Returns PZ_OK, PZ_NOMEM, PZ_SYNTAX (fmt is not valid), or PZ_NOENT (the range is
 * empty or outside the text).
 */
enum pz_status quote_build(const doc *d, const outline *o, const char *name, size_t start,
                           size_t end, const char *fmt, char **out, size_t *len);

/* The most bytes of text quote_osc52 sends: terminals drop longer ones (xterm's
 * limit, tmux's input buffer), and a citation is a passage, not a document. */
#define QUOTE_OSC52_MAX 74000

/*
 * The terminal control sequence that puts s[0..n) on the system clipboard (OSC 52:
 * ESC ] 52 ; c ; base64 BEL), which terminals forward over SSH and tmux takes when
 * its set-clipboard option is on. *out is owned (free()), NUL-terminated. Returns
 * PZ_OK, PZ_NOMEM, or PZ_TOOLONG when n is over QUOTE_OSC52_MAX.
 */
enum pz_status quote_osc52(const char *s, size_t n, char **out);

#endif
