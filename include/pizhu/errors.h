/* The messages of a configuration file that did not parse, collected rather than
 * stopping at the first, so that one run shows the user every mistake at once. */
#ifndef PIZHU_ERRORS_H
#define PIZHU_ERRORS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Messages kept per pz_errors; later errors are only counted. */
#define PZ_ERRORS_MAX 20

/* Messages read "file:line: what is wrong" (git's style: lower case, the subject
 * quoted), are valid UTF-8 and hold no control characters, so the UI may print
 * them as they are. Embed it, pz_errors_init it, pz_errors_release it. */
struct pz_errors {
	size_t count;              /* messages kept in msg[], at most PZ_ERRORS_MAX */
	size_t total;              /* errors found, including those not kept */
	char *msg[PZ_ERRORS_MAX];  /* owned, NUL-terminated */
};

void pz_errors_init(struct pz_errors *e);

/* Frees the messages and leaves e empty, ready for reuse. */
void pz_errors_release(struct pz_errors *e);

/* Adds "file:line: " and the formatted message (or "line N: ..." when file is
 * NULL). Counts the error even when the message cannot be kept (cap reached, or
 * no memory). e may be NULL: nothing is kept. A caller-supplied subject should go
 * through pz_errors_quote first. */
void pz_errors_add(struct pz_errors *e, const char *file, size_t line,
                   const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Writes s[0..n) into buf (size len >= 8, NUL-terminated) fit for a message:
 * bytes that are not valid UTF-8, control characters and bidirectional controls
 * (sanitize_unsafe) become '?', and a subject longer than fits is cut at a character
 * boundary and ends with "...". Returns buf. */
char *pz_errors_quote(char *buf, size_t len, const char *s, size_t n);

/* Writes a message to f (stderr) formatted as fprintf does, every character of it fit
 * for a terminal as in pz_errors_quote but its line breaks: the subjects a message
 * names (file names, options, a listing's words) are the user's or a file's and may
 * hold anything. fmt is translated first (gettext: the user's language when a catalogue
 * has it), so callers pass the English format as a literal. */
void pz_message(FILE *f, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* pz_message with a count: the form for n of one and many in the user's language
 * (ngettext), n itself among the arguments when the message shows it. */
void pz_messagen(FILE *f, unsigned long n, const char *one, const char *many, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Reading a configuration file (keymap, theme, config) a line at a time: the line of
 * s[0..n) at *i, as its start and its length without the '\n' and a '\r' before it;
 * *i moves past it and *line counts it. False when *i has reached n. */
bool pz_next_line(const char *s, size_t n, size_t *i, size_t *line, size_t *start,
                  size_t *len);

#endif
