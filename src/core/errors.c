/* Collecting "file:line: what is wrong" messages for the keymap and theme loaders:
 * one place makes sure every message is capped, printable and owned the same way. */
#include "pizhu/errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

void pz_errors_init(struct pz_errors *e)
{
	memset(e, 0, sizeof *e);
}

void pz_errors_release(struct pz_errors *e)
{
	for (size_t i = 0; i < e->count; i++)
		free(e->msg[i]);
	pz_errors_init(e);
}

void pz_errors_add(struct pz_errors *e, const char *file, size_t line,
                   const char *fmt, ...)
{
	char what[256], *m, *f = NULL;
	size_t fl, need;
	va_list ap;

	if (!e)
		return;
	e->total++;
	if (e->count >= PZ_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	/* A file name is bytes: make it printable like any other subject. */
	fl = file ? strlen(file) : 0;
	if (file) {
		f = malloc(fl + 8);
		if (!f)
			return;
		pz_errors_quote(f, fl + 8, file, fl);
	}
	need = fl + strlen(what) + 32;
	m = malloc(need);
	if (m) {
		if (f)
			snprintf(m, need, "%s:%zu: %s", f, line, what);
		else
			snprintf(m, need, "line %zu: %s", line, what);
		e->msg[e->count++] = m;
	}
	free(f);
}

char *pz_errors_quote(char *buf, size_t len, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	size_t o = 0;

	/* Room for the longest character (4) and "..." and the NUL. */
	while (p < end) {
		ucs4_t c;
		int k = u8_mbtoucr(&c, p, (size_t)(end - p));

		if (k <= 0 || c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
			k = k <= 0 ? 1 : k;
			if (o + 1 + 4 > len)
				goto cut;
			buf[o++] = '?';
		} else {
			if (o + (size_t)k + 4 > len)
				goto cut;
			memcpy(buf + o, p, (size_t)k);
			o += (size_t)k;
		}
		p += k;
	}
	buf[o] = '\0';
	return buf;
cut:
	memcpy(buf + o, "...", 4);
	return buf;
}

bool pz_next_line(const char *s, size_t n, size_t *i, size_t *line, size_t *start,
                  size_t *len)
{
	if (*i >= n)
		return false;
	const char *nl = memchr(s + *i, '\n', n - *i);
	size_t end = nl ? (size_t)(nl - s) : n;
	*start = *i;
	*len = end - *i;
	if (*len > 0 && s[end - 1] == '\r')
		(*len)--;
	*i = end + 1;
	(*line)++;
	return true;
}
