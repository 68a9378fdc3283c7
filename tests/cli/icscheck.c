/* An RFC 5545 check of `pizhu export --format=ics` by an independent parser
 * (libical), so that the calendar pizhu writes is one that calendar programs read.
 *
 * Usage: icscheck FILE.ics   Exit 0 when it passes, 1 (with the problems on stderr)
 * when not, 2 on a usage or read error. Checks, beyond what libical parses: CRLF line
 * endings, no physical line over 75 octets, each physical line valid UTF-8 (a fold
 * never splits a character), no X-LIC-ERROR from parsing or icalrestriction_check,
 * at least one component (RFC 5545 3.6), and every VTODO with UID, DTSTAMP and DUE. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

static int problems;

static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void problem(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("icscheck: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	problems++;
}

/* Length of the valid UTF-8 character at s[0..n), or 0. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
	           : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (!len || len > n || (len == 2 && s[0] < 0xC2))
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

static void check_lines(const char *text, size_t n)
{
	long line = 1;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (text[i] != '\n')
			continue;
		if (i == start || text[i - 1] != '\r')
			problem("line %ld does not end in CRLF", line);
		size_t len = i - start - (i > start && text[i - 1] == '\r');
		if (len > 75)
			problem("line %ld is longer than 75 octets", line);
		const unsigned char *s = (const unsigned char *)text + start;
		for (size_t k = 0; k < len;) {
			size_t c = utf8_char(s + k, len - k);
			if (!c) {
				problem("line %ld is not valid UTF-8 (a character split by folding?)", line);
				break;
			}
			k += c;
		}
		start = i + 1;
		line++;
	}
	if (start != n)
		problem("line %ld has no line ending", line);
}

static void check_component(icalcomponent *c)
{
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
	     p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY))
		problem("X-LIC-ERROR: %s", icalproperty_get_xlicerror(p));
	if (icalcomponent_isa(c) == ICAL_VTODO_COMPONENT) {
		static const struct {
			icalproperty_kind kind;
			const char *name;
		} need[] = {{ICAL_UID_PROPERTY, "UID"},
		            {ICAL_DTSTAMP_PROPERTY, "DTSTAMP"},
		            {ICAL_DUE_PROPERTY, "DUE"}};
		for (size_t i = 0; i < sizeof(need) / sizeof(*need); i++)
			if (!icalcomponent_get_first_property(c, need[i].kind))
				problem("a VTODO has no %s", need[i].name);
	}
	for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
	     k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		check_component(k);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: icscheck FILE.ics\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	size_t cap = 1 << 16, n = 0, got;
	char *text = malloc(cap + 1);
	while (text && (got = fread(text + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *t = realloc(text, 2 * cap + 1);
			if (!t) {
				free(text);
				text = NULL;
				break;
			}
			text = t;
			cap *= 2;
		}
	}
	fclose(f);
	if (!text) {
		fprintf(stderr, "icscheck: out of memory\n");
		return 2;
	}
	text[n] = '\0';
	check_lines(text, n);
	icalcomponent *cal = icalparser_parse_string(text);
	if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
		problem("not a VCALENDAR");
	} else {
		if (!icalrestriction_check(cal))
			problem("icalrestriction_check failed");
		check_component(cal);
		int todos = icalcomponent_count_components(cal, ICAL_VTODO_COMPONENT);
		if (!icalcomponent_count_components(cal, ICAL_ANY_COMPONENT))
			problem("a calendar with no component");
		printf("%d VTODO\n", todos);
	}
	if (cal)
		icalcomponent_free(cal);
	free(text);
	return problems ? 1 : 0;
}
