/* Small UTF-8 helpers shared by the core's hot loops. */
#ifndef PIZHU_UTF8_H
#define PIZHU_UTF8_H

#include <stddef.h>

/* Number of characters (lead bytes) in s[0..n), eight bytes at a time. s need not
 * be valid UTF-8: every byte that is not 10xxxxxx counts as one character. */
size_t utf8_count(const char *s, size_t n);

#endif
