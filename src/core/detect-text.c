/* Word tests on the text of a detection and the list it fills (see detect-text.h). */
#define _GNU_SOURCE /* memmem */
#include "pizhu/detect-text.h"

#include <unistr.h>

/* Its bytes searched for as a string, which in valid UTF-8 can only match a whole
 * character. */
bool in_set(uint32_t c, const char *set)
{
	uint8_t u[8];
	int l = c ? u8_uctomb(u, c, 6) : 0;
	if (l <= 0)
		return false;
	u[l] = '\0';
	return strstr(set, (const char *)u) != NULL;
}

bool holds(const struct text *t, size_t a, size_t b, const char *w)
{
	return b > a && memmem(t->s + a, b - a, w, strlen(w)) != NULL;
}

/* Each character's bytes compared with the words' first ones in place, the third
 * (where Chinese characters differ) first; a word is measured only where they agree. */
bool holds_any(const struct text *t, size_t a, size_t b, const struct detect_words *ws)
{
	const unsigned char *s = (const unsigned char *)t->s;
	for (size_t i = a, l; i < b; i += l) {
		unsigned char c0 = s[i];
		l = c0 < 0x80 ? 1 : c0 < 0xE0 ? 2 : c0 < 0xF0 ? 3 : 4;
		for (size_t k = 0; k < ws->n; k++) {
			const unsigned char *w = (const unsigned char *)ws->w[k];
			if (w[0] != c0)
				continue;
			if (w[1] && w[2] && i + 2 < b && s[i + 2] != w[2])
				continue; /* the telling byte first */
			size_t j = 1;
			while (w[j] && i + j < b && s[i + j] == w[j])
				j++;
			if (!w[j])
				return true;
		}
	}
	return false;
}

const char *starts_any(const struct text *t, size_t i, const struct detect_words *ws)
{
	/* compared byte by byte in place: most words differ at their first or third byte,
	 * and none is measured */
	for (size_t k = 0; k < ws->n; k++) {
		const char *w = ws->w[k];
		size_t j = 0;
		while (w[j] && i + j < t->n && t->s[i + j] == w[j])
			j++;
		if (!w[j] && j)
			return w;
	}
	return NULL;
}

const char *ends_any(const struct text *t, size_t a, size_t e, const struct detect_words *ws)
{
	for (size_t k = 0; k < ws->n; k++)
		if (ends(t, a, e, ws->w[k]))
			return ws->w[k];
	return NULL;
}

size_t next_of(const struct text *t, size_t i, size_t e, const char *w)
{
	const char *p = i < e ? memmem(t->s + i, e - i, w, strlen(w)) : NULL;
	return p ? (size_t)(p - t->s) : e;
}

void trim(const struct text *t, size_t *a, size_t *b)
{
	for (;;) {
		if (*a < *b && (t->s[*a] == ' ' || t->s[*a] == '\t'))
			(*a)++;
		else if (starts_lit(t, *a, "\u3000") && *a + 3 <= *b)
			*a += 3;
		else
			break;
	}
	while (*b > *a && (t->s[*b - 1] == ' ' || t->s[*b - 1] == '\t'))
		(*b)--;
}

struct detect_item *found_add(struct found *f, enum detect_type type, size_t a, size_t b, int rule)
{
	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 256;
		struct detect_item *nv = realloc(f->v, nc * sizeof(*nv));
		if (!nv) {
			f->nomem = true;
			return NULL;
		}
		f->v = nv;
		f->cap = nc;
	}
	struct detect_item *it = &f->v[f->n++];
	*it = (struct detect_item){ type, a, b, "", SIZE_MAX, rule, SIZE_MAX, DETECT_TOLD, false, 0 };
	return it;
}
