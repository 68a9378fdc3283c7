/* Citations: a passage and where it stands in its document (title, sections,
 * paragraph), written out in the user's format. */
#include "pizhu/quote.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/layout.h"
#include "pizhu/utf8.h"

/* A growing string. */
struct buf {
	char *s;
	size_t n, cap;
	bool failed;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->failed || !n)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *ns = realloc(b->s, cap);
		if (!ns) {
			b->failed = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static const char known[] = "qtspPlfn%[]";

bool quote_format_valid(const char *fmt, size_t n, size_t *bad)
{
	bool open = false;
	for (size_t i = 0; i < n; i++) {
		if (fmt[i] != '%')
			continue;
		size_t at = i;
		if (i + 1 >= n || !fmt[i + 1] || !strchr(known, fmt[i + 1]) ||
		    (fmt[i + 1] == '[' && open) || (fmt[i + 1] == ']' && !open)) {
			if (bad)
				*bad = at;
			return false;
		}
		if (fmt[i + 1] == '[')
			open = true;
		else if (fmt[i + 1] == ']')
			open = false;
		i++;
	}
	if (open) {
		if (bad)
			*bad = n;
		return false;
	}
	return true;
}

/* A blank that a passage's edges and its lines' indentation may hold. */
static size_t blank_at(const char *t, size_t i, size_t end)
{
	if (i < end && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		return 1;
	if (i + 3 <= end && !memcmp(t + i, "\xE3\x80\x80", 3)) /* U+3000 */
		return 3;
	return 0;
}

/* t[start, end) as the reader shows it, on one line: the lines joined (a break between
 * two ASCII graphic characters a space, else nothing), the blanks that indent a line
 * and those at the edges left out. */
static void put_joined(struct buf *b, const char *t, size_t start, size_t end)
{
	size_t k;
	while (start < end && (k = blank_at(t, start, end)))
		start += k;
	while (end > start) {
		size_t p = utf8_prev(t, start, end);
		if (!blank_at(t, p, end))
			break;
		end = p;
	}
	size_t run = start;
	for (size_t i = start; i < end; i++) {
		if (t[i] != '\n')
			continue;
		put(b, t + run, i - run);
		/* the blanks before the break and the indentation after it */
		size_t j = i + 1, was = b->n;
		while (j < end && (k = blank_at(t, j, end)) && t[j] != '\n')
			j += k;
		while (b->n > 0 && (b->s[b->n - 1] == ' ' || b->s[b->n - 1] == '\t'))
			b->n--;
		if (b->s && b->n < was)
			b->s[b->n] = '\0';
		if (layout_newline_is_space(t, start, end, i) ||
		    (b->n && j < end && (unsigned char)b->s[b->n - 1] < 0x80 &&
		     b->s[b->n - 1] > ' ' && (unsigned char)t[j] < 0x80 && t[j] > ' '))
			put(b, " ", 1);
		run = j;
		i = j - 1;
	}
	put(b, t + run, end - run);
}

/* The paragraph holding off (the first one after it, when it falls between two). */
static size_t para_of(const outline *o, size_t off)
{
	size_t lo = 0, hi = outline_para_count(o);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (outline_para_at(o, mid)->end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The speech holding paragraph p, or SIZE_MAX. */
static size_t speech_of(const outline *o, size_t p)
{
	for (size_t i = 0; i < outline_speech_count(o); i++) {
		const struct outline_speech *sp = outline_speech_at(o, i);
		if (p >= sp->para_first && p < sp->para_end)
			return i;
	}
	return SIZE_MAX;
}

/* The paragraphs of [from, to) a reader counts: the title block's lines (title,
 * subtitle, speaker, date, part) and a web page's leftovers are not paragraphs. */
static size_t counted(const outline *o, size_t from, size_t to)
{
	size_t n = 0;
	for (size_t i = from; i < to; i++)
		switch (outline_para_at(o, i)->role) {
		case OUTLINE_ROLE_TITLE: case OUTLINE_ROLE_SUBTITLE: case OUTLINE_ROLE_SPEAKER:
		case OUTLINE_ROLE_DATE: case OUTLINE_ROLE_PART: case OUTLINE_ROLE_JUNK:
			break;
		default:
			n++;
		}
	return n;
}

/* The heading of a node, on one line, cut after 40 characters with …. */
static void put_heading(struct buf *b, const char *t, const struct outline_node *nd)
{
	size_t e = nd->title_end > nd->start ? nd->title_end : nd->start + nd->marker_len;
	struct buf h = { 0 };
	put_joined(&h, t, nd->start, e);
	if (h.failed) {
		b->failed = true;
		return;
	}
	size_t n = h.n, chars = 0, i = 0;
	while (i < n && chars < 40) {
		size_t l;
		utf8_get(h.s, n, i, &l);
		i += l;
		chars++;
	}
	put(b, h.s, i);
	if (i < n)
		puts_(b, "…");
	free(h.s);
}

/* What every placeholder gives for one passage. */
struct parts {
	struct buf q, t, s;
	char p[24], P[24], l[24];
	const char *f;
};

static void find_parts(struct parts *x, const doc *d, const outline *o, const char *name,
                       size_t start, size_t end)
{
	const char *t = doc_text(d, NULL);
	size_t np = outline_para_count(o), p = para_of(o, start);
	/* a paragraph a line: the passage may run over several */
	for (size_t i = p; i < np && outline_para_at(o, i)->start < end; i++) {
		const struct outline_para *pa = outline_para_at(o, i);
		size_t a = start > pa->start ? start : pa->start, e = end < pa->end ? end : pa->end;
		size_t was = x->q.n;
		if (was)
			put(&x->q, "\n", 1);
		put_joined(&x->q, t, a, e);
		if (x->q.n == was + (was ? 1 : 0)) /* nothing of it: no line for it */
			x->q.n = was, x->q.s[was] = '\0';
	}
	if (p >= np || !x->q.n) /* no paragraph holds it: as it is */
		put_joined(&x->q, t, start, end);
	size_t sp = p < np ? speech_of(o, p) : SIZE_MAX;
	/* the title lines of its speech */
	if (sp != SIZE_MAX) {
		const struct outline_speech *s = outline_speech_at(o, sp);
		for (size_t i = 0; i < s->title_count; i++) {
			size_t was = x->t.n;
			if (was && (unsigned char)x->t.s[was - 1] < 0x80 &&
			    (unsigned char)t[s->titles[i].start] < 0x80)
				put(&x->t, " ", 1);
			put_joined(&x->t, t, s->titles[i].start, s->titles[i].end);
		}
	}
	if (!x->t.n && name) {
		const char *base = strrchr(name, '/');
		puts_(&x->t, base && base[1] ? base + 1 : name);
	}
	/* the sections down to it, outermost first */
	size_t chain[32], depth = 0, inner = SIZE_MAX;
	size_t nn = outline_node_count(o);
	for (size_t i = outline_node_holding(o, start); i < nn && depth < 32;) {
		const struct outline_node *nd = outline_node_at(o, i);
		if (nd->kind == OUTLINE_SPEECH)
			break;
		if (!nd->inline_) {
			chain[depth++] = i;
			if (inner == SIZE_MAX)
				inner = i;
		}
		if (nd->parent == i)
			break;
		i = nd->parent;
	}
	for (size_t k = depth; k-- > 0;) {
		if (x->s.n)
			puts_(&x->s, " › ");
		put_heading(&x->s, t, outline_node_at(o, chain[k]));
	}
	/* its paragraph: in the innermost section, else in its speech */
	size_t first = 0;
	if (inner != SIZE_MAX)
		first = para_of(o, outline_node_at(o, inner)->start);
	else if (sp != SIZE_MAX)
		first = outline_speech_at(o, sp)->para_first;
	if (p < np) {
		snprintf(x->p, sizeof(x->p), "%zu", counted(o, first <= p ? first : p, p) + 1);
		snprintf(x->P, sizeof(x->P), "%zu", counted(o, 0, p) + 1);
	}
	snprintf(x->l, sizeof(x->l), "%zu", doc_line_of(d, start) + 1);
	x->f = name ? name : "";
}

/* What placeholder c gives (NULL for %n %% %[ %]). */
static const char *part(const struct parts *x, char c, size_t *n)
{
	const struct buf *b = c == 'q' ? &x->q : c == 't' ? &x->t : c == 's' ? &x->s : NULL;
	if (b) {
		*n = b->n;
		return b->s ? b->s : "";
	}
	const char *s = c == 'p' ? x->p : c == 'P' ? x->P : c == 'l' ? x->l : c == 'f' ? x->f : NULL;
	if (s)
		*n = strlen(s);
	return s;
}

enum pz_status quote_build(const doc *d, const outline *o, const char *name, size_t start,
                           size_t end, const char *fmt, char **out, size_t *len)
{
	size_t tl;
	doc_text(d, &tl);
	if (!fmt)
		fmt = QUOTE_FORMAT_DEFAULT;
	size_t fl = strlen(fmt);
	if (!quote_format_valid(fmt, fl, NULL))
		return PZ_SYNTAX;
	if (start >= end || end > tl)
		return PZ_NOENT;
	struct parts x = { 0 };
	find_parts(&x, d, o, name, start, end);
	struct buf b = { 0 };
	size_t group = SIZE_MAX; /* where the output stood at the open %[ */
	bool group_empty = false;
	for (size_t i = 0; i < fl; i++) {
		if (fmt[i] != '%') {
			size_t j = i;
			while (j < fl && fmt[j] != '%')
				j++;
			put(&b, fmt + i, j - i);
			i = j - 1;
			continue;
		}
		char c = fmt[++i];
		size_t n = 0;
		const char *s;
		if (c == 'n')
			put(&b, "\n", 1);
		else if (c == '%')
			put(&b, "%", 1);
		else if (c == '[') {
			group = b.n;
			group_empty = false;
		} else if (c == ']') {
			if (group_empty && group <= b.n) {
				b.n = group;
				if (b.s)
					b.s[b.n] = '\0';
			}
			group = SIZE_MAX;
		} else if ((s = part(&x, c, &n))) {
			if (!n && group != SIZE_MAX)
				group_empty = true;
			put(&b, s, n);
		}
	}
	if (!b.s && !b.failed && !(b.s = calloc(1, 1)))
		b.failed = true;
	bool failed = x.q.failed || x.t.failed || x.s.failed || b.failed;
	free(x.q.s);
	free(x.t.s);
	free(x.s.s);
	if (failed || !b.s) {
		free(b.s);
		return PZ_NOMEM;
	}
	*out = b.s;
	if (len)
		*len = b.n;
	return PZ_OK;
}

enum pz_status quote_osc52(const char *s, size_t n, char **out)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	if (n > QUOTE_OSC52_MAX)
		return PZ_TOOLONG;
	static const char head[] = "\033]52;c;";
	size_t hl = sizeof(head) - 1, len = hl + (n + 2) / 3 * 4 + 1;
	char *o = malloc(len + 1);
	if (!o)
		return PZ_NOMEM;
	memcpy(o, head, hl);
	char *w = o + hl;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)u[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)u[i + 1] << 8;
		if (i + 2 < n)
			v |= u[i + 2];
		*w++ = b64[v >> 18];
		*w++ = b64[(v >> 12) & 63];
		*w++ = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		*w++ = i + 2 < n ? b64[v & 63] : '=';
	}
	*w++ = '\a';
	*w = '\0';
	*out = o;
	return PZ_OK;
}
