/* Collecting "file:line: what is wrong" messages for the keymap and theme loaders:
 * one place makes sure every message is capped, printable and owned the same way. */
#include "pizhu/errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pizhu/i18n.h"
#include "pizhu/sanitize.h"

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
	if (*fmt) /* xgettext finds the formats by the keyword pz_errors_add:4 */
		fmt = _(fmt);
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
			snprintf(m, need, _("line %zu: %s"), line, what);
		e->msg[e->count++] = m;
	}
	free(f);
}

char *pz_errors_quote(char *buf, size_t len, const char *s, size_t n)
{
	struct sanitizer z;
	struct sanitize_stop x;
	size_t i = 0, o = 0;
	sanitizer_init(&z, NULL, NULL);
	/* Room for the longest character (4) and "..." and the NUL. */
	while (i < n) {
		bool bad = sanitizer_next(&z, s, n, i, &x);
		size_t end = bad ? x.at : n;
		while (i < end) { /* whole characters: the sanitizer found them valid */
			size_t k = 1;
			while (i + k < end && ((unsigned char)s[i + k] & 0xC0) == 0x80)
				k++;
			if (o + k + 4 > len)
				goto cut;
			memcpy(buf + o, s + i, k);
			o += k;
			i += k;
		}
		if (bad) {
			if (o + 1 + 4 > len)
				goto cut;
			buf[o++] = '?';
			i = x.at + x.len;
		}
	}
	buf[o] = '\0';
	return buf;
cut:
	memcpy(buf + o, "...", 4);
	return buf;
}

/* pz_message's work, fmt already translated. */
static void message(FILE *f, const char *fmt, va_list ap0)
{
	char small[1024], *m = small;
	va_list ap;
	va_copy(ap, ap0);
	int r = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	size_t len = (size_t)r;
	if (len >= sizeof(small)) {
		char *big = malloc(len + 1);
		if (big) {
			va_copy(ap, ap0);
			vsnprintf(big, len + 1, fmt, ap);
			va_end(ap);
			m = big;
		} else {
			len = sizeof(small) - 1; /* the message cut rather than lost */
		}
	}
	struct sanitizer z;
	struct sanitize_stop x;
	size_t i = 0;
	sanitizer_init(&z, NULL, "\n");
	while (sanitizer_next(&z, m, len, i, &x)) {
		fwrite(m + i, 1, x.at - i, f);
		fputc('?', f);
		i = x.at + x.len;
	}
	fwrite(m + i, 1, len - i, f);
	if (m != small)
		free(m);
}

void pz_message(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt); /* xgettext finds the formats by the keyword pz_message:2 */
	message(f, *fmt ? _(fmt) : fmt, ap);
	va_end(ap);
}

void pz_messagen(FILE *f, unsigned long n, const char *one, const char *many, ...)
{
	va_list ap;
	va_start(ap, many); /* and these by pz_messagen:3,4 */
	message(f, ngettext(one, many, n), ap);
	va_end(ap);
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
