/* What the reader assumes of the terminal before curses starts: a UTF-8 character type
 * even when the login gave it none (the terminal asked whether it shows UTF-8), in the
 * manner of a login over SSH where the client's locale is not installed on the server. */
#ifndef PIZHU_UI_TERM_H
#define PIZHU_UI_TERM_H

#include <stdbool.h>
#include <stddef.h>

/* Makes the character type UTF-8 for the reader. When the locale's is already, true
 * and note "". Else, when stdin and stdout are a terminal, C.UTF-8 exists and the
 * terminal proves to show UTF-8 (term_shows_utf8), switches LC_CTYPE and LC_MESSAGES to
 * C.UTF-8 (messages keep the language asked for, through LANGUAGE) and returns true
 * with note saying what was assumed. Else false with err saying why and what to set,
 * naming a locale that is asked for but not installed. note and err are in the user's
 * language. */
bool term_ensure_utf8(char *note, size_t nlen, char *err, size_t elen);

/* Asks the terminal on in/out whether it shows UTF-8: writes a wide character (3
 * bytes in UTF-8, 2 columns) at the line's start and asks for the cursor's position
 * (ESC [6n); a UTF-8 terminal answers column 3. 1 yes, 0 no, -1 no answer within
 * timeout_ms (or in/out no terminal). Erases what it wrote. */
int term_shows_utf8(int in, int out, int timeout_ms);

#endif
