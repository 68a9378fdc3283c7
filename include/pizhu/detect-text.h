/* The text a detection reads, the word tests every layer of it makes (compared where
 * they stand, no copies), and the list of suggestions the layers add to. Internal to
 * src/core/detect*.c. */
#ifndef PIZHU_DETECT_TEXT_H
#define PIZHU_DETECT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/detect-rules.h"
#include "pizhu/detect.h"
#include "pizhu/utf8.h"

/* The document's text (valid UTF-8), borrowed. */
struct text {
	const char *s;
	size_t n;
};

static inline uint32_t char_at(const struct text *t, size_t i, size_t *len)
{
	return utf8_get(t->s, t->n, i, len);
}

/* The character before byte i (0 at the start); *at gets where it starts. */
static inline uint32_t char_before(const struct text *t, size_t i, size_t *at)
{
	return utf8_before(t->s, 0, i, at);
}

/* Whether the l bytes of w stand at i. The last bytes are compared first: words of
 * Chinese characters share their first bytes (E4-E9) far more often than their last. */
static inline bool starts_n(const struct text *t, size_t i, const char *w, size_t l)
{
	return i + l <= t->n && (!l || (t->s[i + l - 1] == w[l - 1] && !memcmp(t->s + i, w, l - 1)));
}

/* Whether word w stands at i. Most words tried do not: their first byte, or for a
 * Chinese character its last, says so before the word is measured. */
static inline bool starts(const struct text *t, size_t i, const char *w)
{
	if (!w[0])
		return i <= t->n;
	if (i >= t->n || t->s[i] != w[0])
		return false;
	if ((unsigned char)w[0] >= 0xE0 && w[1] && (i + 2 >= t->n || t->s[i + 2] != w[2]))
		return false;
	return starts_n(t, i, w, strlen(w));
}

/* Whether the l bytes of w end [a, e). */
static inline bool ends_n(const struct text *t, size_t a, size_t e, const char *w, size_t l)
{
	return e >= a + l && (!l || (t->s[e - 1] == w[l - 1] && !memcmp(t->s + e - l, w, l - 1)));
}

static inline bool ends(const struct text *t, size_t a, size_t e, const char *w)
{
	return ends_n(t, a, e, w, strlen(w));
}

/* starts and ends with a literal word: its length known when compiling */
#define starts_lit(t, i, lit) starts_n((t), (i), (lit), sizeof(lit) - 1)
#define ends_lit(t, a, e, lit) ends_n((t), (a), (e), (lit), sizeof(lit) - 1)

/* Whether character c is one of the characters of set (UTF-8). */
bool in_set(uint32_t c, const char *set);

/* Whether word w stands in [a, b). */
bool holds(const struct text *t, size_t a, size_t b, const char *w);

/* Whether any word of ws stands in [a, b): one pass over the characters. */
bool holds_any(const struct text *t, size_t a, size_t b, const struct detect_words *ws);

/* The first word of ws standing at i, or NULL. */
const char *starts_any(const struct text *t, size_t i, const struct detect_words *ws);

/* The first word of ws ending [a, e), or NULL. */
const char *ends_any(const struct text *t, size_t a, size_t e, const struct detect_words *ws);

/* The next occurrence of w in [i, e), or e. */
size_t next_of(const struct text *t, size_t i, size_t e, const char *w);

/* Trims spaces (half and full width) off [*a, *b). */
void trim(const struct text *t, size_t *a, size_t *b);

/* The suggestions found so far, in the order found. */
struct found {
	struct detect_item *v;
	size_t n, cap;
	bool nomem;             /* an add failed: the run fails with PZ_NOMEM */
};

/* Appends an item [a, b) of type (no value, no task) and returns it, or NULL (and
 * f->nomem set) when out of memory. */
struct detect_item *found_add(struct found *f, enum detect_type type, size_t a, size_t b,
                              int rule);

#endif
