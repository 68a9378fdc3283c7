/* Writing a comparison of two drafts (diff.h) for people and for programs: the
 * output of `pizhu diff`. */
#ifndef PIZHU_DIFFWRITE_H
#define PIZHU_DIFFWRITE_H

#include <stdbool.h>
#include <stdio.h>
#include "pizhu/diff.h"
#include "pizhu/document.h"
#include "pizhu/outline.h"

struct diffwrite_options {
	bool color;          /* ANSI colours instead of [-…-] {+…+} markers */
	bool form;           /* show FORM changes (the text format hides them) */
	bool substance;      /* show only changes with substance bits (and no moves/forms) */
};

/* Whether change c passes the options' filters (form: only the text format asks). */
bool diffwrite_shown(const struct diff_change *c, const struct diffwrite_options *opt,
                     bool text);

/* Writes text from a draft s[0, n) so that it cannot break a line or drive a
 * terminal: tsv, \\ \t \n escaped; else (for people) a line break as ¶ and a tab as a
 * space; in both, other control characters as \xHH and bidirectional controls as
 * \u{HHHH} (the characters sanitize.h says no writer copies). */
void diffwrite_field(FILE *f, const char *s, size_t n, bool tsv);

/*
 * One change a line: kind, old line, old col, new line, new col, old text, new text,
 * section (the section path of the new position in on, "二、（三）"); lines and columns
 * 1-based, columns in characters of each file. Texts are escaped: \\ \t \n and other
 * control characters as \xHH, bidirectional controls as \u{HHHH}, so that a line is a
 * line and a terminal shows what the file holds. Returns the number of lines written.
 */
size_t diffwrite_tsv(FILE *f, const doc *old, const doc *new_, const outline *on,
                     const diff *d, const struct diffwrite_options *opt);

/*
 * For people: changes near one another in one paragraph make a hunk; each hunk opens
 * with "@@ -L:C +L:C @@ section" (as git names the function there) and shows the new
 * text around it with [-deleted-] {+inserted+} (or colour), a move with where it came
 * from. Returns the number of changes shown.
 */
size_t diffwrite_text(FILE *f, const doc *old, const doc *new_, const outline *on,
                      const diff *d, const struct diffwrite_options *opt);

#endif
