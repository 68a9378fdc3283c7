/* One rule for every character pizhu writes where a person will see it: a terminal, a
 * file opened in an editor or a spreadsheet. Speeches, notes and file names may hold
 * anything: an escape sequence that sets the terminal's clipboard (OSC 52), a C1
 * control that a terminal obeys as one (U+009B is CSI), a bidirectional override that
 * shows text in another order than it is read, bytes that are not UTF-8. Every writer
 * (the listings, the exports, the outline, messages) finds them here and writes them
 * as its format allows: escaped where the format has escapes (JSON), replaced where it
 * has none. */
#ifndef PIZHU_SANITIZE_H
#define PIZHU_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* True when code point c must not be written as it is: the C0 controls
 * (U+0000-001F, line feed and tab among them: a writer that keeps them says so), DEL,
 * the C1 controls (U+0080-009F), the bidirectional embeddings, overrides and isolates
 * (U+202A-202E, U+2066-2069) and marks (U+200E, U+200F, U+061C). */
bool sanitize_unsafe(uint32_t c);

/* What stopped a writer's run of characters written as they are. */
enum sanitize_kind {
	SANITIZE_SPECIAL,  /* an ASCII byte the writer escapes itself (its quote, separator) */
	SANITIZE_CONTROL,  /* C0, DEL or C1 (sanitize_unsafe) */
	SANITIZE_BIDI,     /* a bidirectional control (sanitize_unsafe) */
	SANITIZE_INVALID,  /* a byte that does not start a valid UTF-8 character */
};

/* A writer's view of the rule: the ASCII bytes it handles itself and the controls it
 * lets through. A small value; build it with sanitizer_init. */
struct sanitizer {
	uint64_t special[2];
	uint64_t keep[2];
};

/* special: the ASCII characters the writer escapes itself (NULL: none; a control here
 * is reported as SANITIZE_SPECIAL); keep: the controls it writes as they are (NULL:
 * none; "\n" for text kept on its lines). */
void sanitizer_init(struct sanitizer *z, const char *special, const char *keep);

struct sanitize_stop {
	size_t at, len;            /* the character's bytes in the text */
	uint32_t c;                /* its code point; U+FFFD for SANITIZE_INVALID */
	enum sanitize_kind kind;
};

/* Finds the first character at or after byte from in s[0..n) that the writer may not
 * copy as it is: true with *stop filled, false when s[from..n) can be written whole.
 * Costs a table look-up per ASCII byte and three byte tests per CJK character. */
bool sanitizer_next(const struct sanitizer *z, const char *s, size_t n, size_t from,
                    struct sanitize_stop *stop);

/* What text for people shows in place of character c that may not be written: a
 * space for the white-space controls (TAB, LF, VT, FF, CR), else U+FFFD, the
 * replacement character (also for bytes that are not UTF-8). Static. */
const char *sanitize_replacement(uint32_t c);

/* Writes s[0..n) to f, each character sanitize_unsafe calls unsafe (but those in
 * keep, as for sanitizer_init) and each byte that is not UTF-8 replaced
 * (sanitize_replacement). */
void sanitize_write(FILE *f, const char *s, size_t n, const char *keep);

/* True when a spreadsheet would read CSV cell s[0..n) as a formula rather than as
 * text: it starts with = + - @, a tab or a carriage return (OWASP's list), unless it
 * is a plain figure: an optional sign, digits, an optional decimal part and an
 * optional % (-5%, +6.5%, -12). The CSV writer guards such a cell. */
bool sanitize_csv_formula(const char *s, size_t n);

/* True when a spreadsheet would turn CSV cell s[0..n) into a date or a time rather
 * than keep its text: the whole cell figures joined by - / : or a space (24:32, 3/4,
 * 6-30, 2026-06-30 08:00) or by the CJK units 年 月 日 时 分 秒 (6月30日, 8时30分);
 * at least two figures (12, 1.5, 80% stay figures). The CSV writer guards such a cell
 * unless it is the due date its column is for. */
bool sanitize_csv_datelike(const char *s, size_t n);

#endif
