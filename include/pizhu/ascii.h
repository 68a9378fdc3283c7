/* Names in configuration files (modes, actions, keys, elements, colours) are ASCII and
 * read ignoring case: one comparison for all of them. */
#ifndef PIZHU_ASCII_H
#define PIZHU_ASCII_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is the NUL-terminated name, ignoring ASCII case (name itself in
 * lower case). */
bool ascii_name_eq(const char *name, const char *s, size_t n);

/* c in lower case when it is an ASCII capital, else c. */
unsigned char ascii_lower(unsigned char c);

#endif
