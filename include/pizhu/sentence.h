/* Sentences: the unit the reader selects and tags. */
#ifndef PIZHU_SENTENCE_H
#define PIZHU_SENTENCE_H

#include <stddef.h>

/* Returns the byte offset just past the sentence that starts at pos in s[0..n):
 * after the first run of sentence-ending marks (。！？；… and ASCII ! ? ;), together
 * with any closing quotes and brackets that follow them (” ’ 」 』 ） ) 】 》), or
 * at a '\n', or n. A sentence never ends inside a UTF-8 sequence. pos < n. */
size_t sentence_end(const char *s, size_t n, size_t pos);

#endif
