/* Small UTF-8 helpers shared by the core's hot loops. */
#ifndef PIZHU_UTF8_H
#define PIZHU_UTF8_H

#include <stddef.h>

/* Number of characters (lead bytes) in s[0..n), eight bytes at a time. s need not
 * be valid UTF-8: every byte that is not 10xxxxxx counts as one character. */
size_t utf8_count(const char *s, size_t n);

/* Approximate display columns of s[0..n): one per character, two for characters of
 * three or four bytes (CJK). For telling line widths apart, not for layout. */
size_t utf8_columns_approx(const char *s, size_t n);

#endif
