/* Sentences: the unit the reader selects and tags. */
#ifndef PIZHU_SENTENCE_H
#define PIZHU_SENTENCE_H

#include <stddef.h>

/* Returns the byte offset just past the sentence that starts at pos in s[0..n):
 * after the first run of sentence-ending marks (。！？；… and ASCII ! ? ;), together
 * with any closing quotes and brackets that follow them (” ’ 」 』 ） ) 】 》), or
 * at a '\n', or n. A sentence never ends inside a UTF-8 sequence. pos < n. */
size_t sentence_end(const char *s, size_t n, size_t pos);

/* The same in a paragraph s[0..pend) whose lines may be hard-wrapped: a line break
 * does not end the sentence, which goes on from the next line (a sentence ending at a
 * paragraph's last line break ends at pend). pos <= pend. The one definition of the
 * sentence the reader selects, the breakdown joins by and the suggestions judge. */
size_t sentence_end_wrapped(const char *s, size_t pend, size_t pos);

#endif
