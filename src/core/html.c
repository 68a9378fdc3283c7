/* Speeches are often saved from news sites as web pages: this pulls out the text a
 * browser would show, one block per line, with a small scanner, not an HTML5 parser. */
#include "pizhu/html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pizhu/ascii.h"

/* What is owed before the next visible character: nothing, a space, a line break. */
enum pending { PEND_NONE, PEND_SPACE, PEND_LINE };

struct out {
	char *p;
	size_t len, cap;
	bool nomem;
	enum pending pending;
	bool line_has_text;
	bool suppress;  /* inside <head>: scan tags, show nothing */
	int pre;        /* depth of <pre>: line breaks in the source count */
};

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(unsigned char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static void put(struct out *o, const char *s, size_t n)
{
	if (o->nomem)
		return;
	if (n >= o->cap - o->len) {
		size_t cap = o->cap * 2 + n + 16;
		char *p = cap > o->cap ? realloc(o->p, cap) : NULL;
		if (!p) {
			o->nomem = true;
			return;
		}
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void pend(struct out *o, enum pending what)
{
	if (what > o->pending)
		o->pending = what;
}

/* Emits visible text, paying first the space or line break it is owed; both are
 * dropped at the start of a line, which trims lines and removes empty ones. */
static void text(struct out *o, const char *s, size_t n)
{
	if (o->suppress || n == 0)
		return;
	if (o->line_has_text && o->pending == PEND_LINE)
		put(o, "\n", 1);
	else if (o->line_has_text && o->pending == PEND_SPACE)
		put(o, " ", 1);
	if (o->pending == PEND_LINE)
		o->line_has_text = false;
	o->pending = PEND_NONE;
	put(o, s, n);
	o->line_has_text = true;
}

static void codepoint(struct out *o, uint32_t c)
{
	char b[4];
	size_t n;

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
		if (!o->suppress)
			pend(o, PEND_SPACE);
		return;
	}
	/* NUL, other controls, surrogates and out-of-range values cannot be shown. */
	if (c < 0x20 || c == 0x7F || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		c = 0xFFFD;
	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | c >> 6);
		b[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | c >> 12);
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | c >> 18);
		b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	text(o, b, n);
}

static const struct entity {
	const char *name;
	uint32_t cp;
} entities[] = {
	{ "amp", '&' },      { "lt", '<' },        { "gt", '>' },
	{ "quot", '"' },     { "apos", '\'' },     { "nbsp", ' ' }, /* a plain space */
	{ "ldquo", 0x201C }, { "rdquo", 0x201D },  { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 }, { "mdash", 0x2014 },  { "ndash", 0x2013 },
	{ "hellip", 0x2026 },{ "middot", 0x00B7 }, { "emsp", 0x2003 },
	{ "ensp", 0x2002 },  { "thinsp", 0x2009 }, { "times", 0x00D7 },
	{ "divide", 0x00F7 },{ "copy", 0x00A9 },   { "reg", 0x00AE },
	{ "trade", 0x2122 }, { "deg", 0x00B0 },    { "plusmn", 0x00B1 },
	{ "laquo", 0x00AB }, { "raquo", 0x00BB },  { "bull", 0x2022 },
	{ "yen", 0x00A5 },   { "sect", 0x00A7 },   { "permil", 0x2030 },
};

/* HTML reads &#128;..&#159; as windows-1252, as pages written on Windows expect. */
static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

/* Decodes the entity at s[i] == '&'; returns the index after it. An entity that is
 * not recognised (or cut off) is kept as written: only its '&' is consumed here. */
static size_t entity(struct out *o, const char *s, size_t n, size_t i)
{
	size_t j = i + 1;

	if (j < n && s[j] == '#') {
		bool hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
		uint32_t cp = 0;
		size_t digits = 0;
		for (j += hex ? 2 : 1; j < n; j++, digits++) {
			unsigned char c = (unsigned char)s[j];
			unsigned d;
			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f')
				d = ascii_lower(c) - 'a' + 10;
			else
				break;
			cp = cp * (hex ? 16 : 10) + d;
			if (cp > 0x110000)
				cp = 0x110000; /* saturate: invalid either way */
		}
		if (digits == 0) {
			text(o, "&", 1);
			return i + 1;
		}
		if (j < n && s[j] == ';')
			j++;
		if (cp >= 0x80 && cp < 0xA0)
			cp = cp1252[cp - 0x80];
		codepoint(o, cp);
		return j;
	}

	while (j < n && j - i <= 10 && is_alnum((unsigned char)s[j]))
		j++;
	if (j < n && s[j] == ';' && j > i + 1) {
		size_t len = j - i - 1;
		for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
			if (strlen(entities[k].name) == len &&
			    memcmp(entities[k].name, s + i + 1, len) == 0) {
				codepoint(o, entities[k].cp);
				return j + 1;
			}
		}
	}
	text(o, "&", 1);
	return i + 1;
}

/* Index of the first case-insensitive occurrence of needle (lower case) in
 * s[from..n), or n. */
static size_t find_ci(const char *s, size_t n, size_t from, const char *needle)
{
	size_t m = strlen(needle);

	for (size_t i = from; i < n && n - i >= m; i++) {
		size_t k = 0;
		while (k < m && ascii_lower((unsigned char)s[i + k]) == (unsigned char)needle[k])
			k++;
		if (k == m)
			return i;
	}
	return n;
}

static bool in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

static const char *const block_tags[] = {
	"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section",
	"article", "blockquote", "table", "ul", "ol", "dl", "dd", "dt", "pre", "hr",
	"header", "footer", "nav", "main", "aside", "figure", "figcaption", "address",
	"center", "caption", "thead", "tbody", "tfoot", "form", "fieldset", "details",
	"summary", "body", "html", "option", NULL
};

/* Elements whose content is never shown; skipped up to their end tag. */
static const char *const skipped_tags[] = {
	"script", "style", "title", "noscript", "template", "textarea", NULL
};

/* Handles the markup starting at s[i] == '<'; returns the index after it. */
static size_t tag(struct out *o, const char *s, size_t n, size_t i)
{
	size_t j = i + 1;
	char name[16];
	size_t len = 0;
	bool closing = false;

	if (j < n && s[j] == '!' && n - j >= 3 && s[j + 1] == '-' && s[j + 2] == '-') {
		size_t end = find_ci(s, n, j + 3, "-->");
		return end < n ? end + 3 : n;
	}
	if (j < n && (s[j] == '!' || s[j] == '?')) { /* doctype, CDATA, <?xml ?> */
		const char *gt = memchr(s + j, '>', n - j);
		return gt ? (size_t)(gt - s) + 1 : n;
	}
	if (j < n && s[j] == '/') {
		closing = true;
		j++;
	}
	if (j >= n || !is_alpha((unsigned char)s[j])) {
		text(o, "<", 1); /* a lone '<' in the text */
		return i + 1;
	}
	for (; j < n && is_alnum((unsigned char)s[j]); j++)
		if (len < sizeof name - 1)
			name[len++] = (char)ascii_lower((unsigned char)s[j]);
		else
			len = sizeof name; /* too long for any tag we know */
	if (len == sizeof name)
		len = 0;
	name[len] = '\0';

	/* To the '>' that ends the tag, skipping quoted attribute values. */
	char quote = 0;
	bool after_eq = false;
	for (; j < n; j++) {
		char c = s[j];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '>') {
			break;
		} else if ((c == '"' || c == '\'') && after_eq) {
			quote = c;
			after_eq = false;
		} else if (c == '=') {
			after_eq = true;
		} else if (!is_space((unsigned char)c)) {
			after_eq = false;
		}
	}
	if (j >= n)
		return n; /* a tag cut off at the end shows nothing */
	j++;

	if (strcmp(name, "head") == 0) {
		o->suppress = !closing;
	} else if (!closing && in_list(name, skipped_tags)) {
		char end[sizeof name + 2] = "</";
		memcpy(end + 2, name, len + 1);
		size_t k = find_ci(s, n, j, end);
		const char *gt = k < n ? memchr(s + k, '>', n - k) : NULL;
		return gt ? (size_t)(gt - s) + 1 : n;
	} else if (in_list(name, block_tags)) {
		o->suppress = false; /* content: the head has ended */
		if (strcmp(name, "pre") == 0)
			o->pre += closing ? (o->pre > 0 ? -1 : 0) : 1;
		pend(o, PEND_LINE);
	} else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
		if (!o->suppress)
			pend(o, PEND_SPACE);
	}
	return j;
}

enum pz_status html_to_text(const char *s, size_t n, char **out, size_t *outlen)
{
	struct out o = { .cap = n + 16 };
	size_t i = 0;

	if (!(o.p = malloc(o.cap)))
		return PZ_NOMEM;
	while (i < n && !o.nomem) {
		unsigned char c = (unsigned char)s[i];
		if (c == '<') {
			i = tag(&o, s, n, i);
		} else if (c == '&') {
			i = entity(&o, s, n, i);
		} else if (c == '\0') {
			i++; /* ignored, as browsers do: the text stays a C string */
		} else if (is_space(c)) {
			if (!o.suppress)
				pend(&o, o.pre && (c == '\n' || c == '\r') ? PEND_LINE : PEND_SPACE);
			i++;
		} else {
			size_t j = i + 1;
			while (j < n && s[j] != '<' && s[j] != '&' && s[j] != '\0' &&
			       !is_space((unsigned char)s[j]))
				j++;
			text(&o, s + i, j - i);
			i = j;
		}
	}
	if (o.line_has_text)
		put(&o, "\n", 1);
	put(&o, "", 1); /* NUL terminator, not counted */
	if (o.nomem) {
		free(o.p);
		return PZ_NOMEM;
	}
	*out = o.p;
	*outlen = o.len - 1;
	return PZ_OK;
}

/* Names that only HTML starts with; a speech in plain text does not open with them. */
static const char *const start_tags[] = {
	"!doctype", "html", "head", "body", "meta", "title", "p", "div", "h1", "h2", "h3",
	"table", "br", "section", "article", "link", "script", "style", "!--", NULL
};

bool html_detect(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	if (i >= n || s[i] != '<')
		return false;

	char name[16];
	size_t len = 0;
	for (size_t j = i + 1; j < n && len < sizeof name - 1; j++) {
		unsigned char c = (unsigned char)s[j];
		if (!(is_alnum(c) || (len == 0 && c == '!') || (c == '-' && len > 0 && name[0] == '!')))
			break;
		name[len++] = (char)ascii_lower(c);
		if (len == 3 && memcmp(name, "!--", 3) == 0)
			break;
	}
	name[len] = '\0';
	if (strcmp(name, "!--") != 0 && in_list(name, start_tags))
		return true;
	/* A comment or <?xml ...?> first: look for the root a little further on. */
	size_t lim = n - i > 4096 ? i + 4096 : n;
	return find_ci(s, lim, i, "<html") < lim || find_ci(s, lim, i, "<body") < lim;
}
