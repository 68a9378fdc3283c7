/* The two outputs of `pizhu diff`: hunks for people, with the section each one is in,
 * and one change a line for programs. */
#include "pizhu/diffwrite.h"

#include <stdint.h>
#include <string.h>

#include <unistr.h>

#include "pizhu/sanitize.h"
#include "pizhu/tags.h"

/* Characters of context shown on each side of a hunk, and the most of a moved
 * passage shown. */
#define CONTEXT 20
#define MOVE_SHOWN 60

enum style { ST_NONE, ST_HEAD, ST_DEL, ST_INS, ST_MOVE, ST_FORM };

static const char *const ansi[] = {
	[ST_NONE] = "", [ST_HEAD] = "\033[36m", [ST_DEL] = "\033[31m", [ST_INS] = "\033[32m",
	[ST_MOVE] = "\033[35m", [ST_FORM] = "\033[33m",
};
static const char *const open_mark[] = {
	[ST_DEL] = "[-", [ST_INS] = "{+", [ST_MOVE] = "{>", [ST_FORM] = "[~",
};
static const char *const close_mark[] = {
	[ST_DEL] = "-]", [ST_INS] = "+}", [ST_MOVE] = "<}", [ST_FORM] = "~]",
};

bool diffwrite_shown(const struct diff_change *c, const struct diffwrite_options *opt, bool text)
{
	if (opt->substance && !c->substance)
		return false;
	if (text && c->kind == DIFF_FORM && !opt->form)
		return false;
	return true;
}

/*
 * Writes s[a, b), the characters sanitize_unsafe names escaped. tsv: \\ \t \n and
 * controls escaped. Otherwise (people) a line break is ¶, a tab a space, other
 * controls and bidirectional marks a visible escape.
 * At most max characters (SIZE_MAX: all); returns true when it cut.
 */
static bool put_text(FILE *f, const char *str, size_t a, size_t b, bool tsv, size_t max)
{
	const uint8_t *s = (const uint8_t *)str;
	size_t run = a, chars = 0;
	if (a >= b)
		return false;
	for (size_t i = a; i < b;) {
		ucs4_t c;
		int l = u8_mbtoucr(&c, s + i, b - i);
		if (chars++ == max) {
			fwrite(s + run, 1, i - run, f);
			return true;
		}
		if (l > 0 && c != '\\' && !sanitize_unsafe(c)) {
			i += (size_t)l;
			continue;
		}
		fwrite(s + run, 1, i - run, f);
		if (l <= 0)
			fprintf(f, "\\x%02x", s[i]);
		else if (c == '\\')
			fputs(tsv ? "\\\\" : "\\", f);
		else if (c == '\n')
			fputs(tsv ? "\\n" : "¶", f);
		else if (c == '\t')
			fputs(tsv ? "\\t" : " ", f);
		else if (c < 0x80)
			fprintf(f, "\\x%02x", (unsigned)c);
		else
			fprintf(f, "\\u{%04x}", (unsigned)c);
		i += l > 0 ? (size_t)l : 1;
		run = i;
	}
	fwrite(s + run, 1, b - run, f);
	return false;
}

void diffwrite_field(FILE *f, const char *s, size_t n, bool tsv)
{
	put_text(f, s, 0, n, tsv, SIZE_MAX);
}

static void section(const outline *on, const doc *d, size_t off, char *buf, size_t len)
{
	tags_section_path(on, d, off, buf, len);
}

size_t diffwrite_tsv(FILE *f, const doc *old, const doc *new_, const outline *on,
                     const diff *d, const struct diffwrite_options *opt)
{
	const char *o = doc_text(old, NULL), *n = doc_text(new_, NULL);
	struct doc_cursor cur = { 0 };
	size_t lines = 0;
	for (size_t i = 0; i < diff_count(d); i++) {
		const struct diff_change *c = diff_at(d, i);
		if (!diffwrite_shown(c, opt, false))
			continue;
		struct doc_pos po = doc_pos_of(old, c->old_start);
		struct doc_pos pn = doc_pos_walk(new_, &cur, c->new_start);
		char sec[512];
		section(on, new_, c->new_start, sec, sizeof(sec));
		fprintf(f, "%s\t%zu\t%zu\t%zu\t%zu\t", diff_kind_name(c->kind), po.line, po.col, pn.line,
		        pn.col);
		put_text(f, o, c->old_start, c->old_end, true, SIZE_MAX);
		fputc('\t', f);
		put_text(f, n, c->new_start, c->new_end, true, SIZE_MAX);
		fputc('\t', f);
		put_text(f, sec, 0, strlen(sec), true, SIZE_MAX);
		fputc('\n', f);
		lines++;
	}
	return lines;
}

static void style_on(FILE *f, const struct diffwrite_options *opt, enum style st)
{
	if (opt->color)
		fputs(ansi[st], f);
	else if (st != ST_HEAD && st != ST_NONE)
		fputs(open_mark[st], f);
}

static void style_off(FILE *f, const struct diffwrite_options *opt, enum style st)
{
	if (opt->color)
		fputs("\033[m", f);
	else if (st != ST_HEAD && st != ST_NONE)
		fputs(close_mark[st], f);
}

/* Where the context before pos starts: CONTEXT characters back, not past a line
 * break; *cut when it stops short of the line's start. */
static size_t context_start(const char *s, size_t pos, bool *cut)
{
	size_t i = pos, k = 0;
	*cut = false;
	while (i > 0 && s[i - 1] != '\n') {
		if (k == CONTEXT) {
			*cut = true;
			break;
		}
		i--;
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
			i--;
		k++;
	}
	return i;
}

static size_t context_end(const char *s, size_t n, size_t pos, bool *cut)
{
	size_t i = pos, k = 0;
	*cut = false;
	while (i < n && s[i] != '\n') {
		if (k == CONTEXT) {
			*cut = true;
			break;
		}
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		k++;
	}
	return i;
}

/* Whether change c joins the hunk that ends at byte end of the new text: in the same
 * line, at most twice the context away. */
static bool joins(const char *n, size_t end, const struct diff_change *c)
{
	if (c->kind == DIFF_MOVE)
		return false;
	size_t k = 0;
	for (size_t i = end; i < c->new_start; i++) {
		if (n[i] == '\n')
			return false;
		k += ((unsigned char)n[i] & 0xC0) != 0x80;
	}
	return k <= 2 * CONTEXT;
}

static void put_change(FILE *f, const char *o, const char *n, const struct diff_change *c,
                       const struct diffwrite_options *opt)
{
	if (c->kind == DIFF_FORM) {
		style_on(f, opt, ST_FORM);
		put_text(f, o, c->old_start, c->old_end, false, SIZE_MAX);
		fputs("→", f);
		put_text(f, n, c->new_start, c->new_end, false, SIZE_MAX);
		style_off(f, opt, ST_FORM);
		return;
	}
	if (c->old_end > c->old_start) {
		style_on(f, opt, ST_DEL);
		put_text(f, o, c->old_start, c->old_end, false, SIZE_MAX);
		style_off(f, opt, ST_DEL);
	}
	if (c->new_end > c->new_start) {
		style_on(f, opt, ST_INS);
		put_text(f, n, c->new_start, c->new_end, false, SIZE_MAX);
		style_off(f, opt, ST_INS);
	}
}

static void put_header(FILE *f, const doc *old, const doc *new_, const outline *on,
                       const struct diff_change *c, unsigned substance,
                       const struct diffwrite_options *opt)
{
	struct doc_pos po = doc_pos_of(old, c->old_start), pn = doc_pos_of(new_, c->new_start);
	char sec[512];
	section(on, new_, c->new_start, sec, sizeof(sec));
	style_on(f, opt, ST_HEAD);
	fprintf(f, "@@ -%zu:%zu +%zu:%zu @@", po.line, po.col, pn.line, pn.col);
	style_off(f, opt, ST_HEAD);
	if (*sec) {
		fputc(' ', f);
		put_text(f, sec, 0, strlen(sec), false, SIZE_MAX);
	}
	if (c->kind == DIFF_MOVE)
		fprintf(f, " (moved from line %zu)", po.line);
	for (unsigned b = 0, k = 0; b < DIFF_SUBSTANCE_COUNT; b++)
		if (substance & (1u << b))
			fprintf(f, "%s%s", k++ ? ", " : "  [", diff_substance_name(b));
	if (substance)
		fputc(']', f);
	fputc('\n', f);
}

size_t diffwrite_text(FILE *f, const doc *old, const doc *new_, const outline *on,
                      const diff *d, const struct diffwrite_options *opt)
{
	size_t nn;
	const char *o = doc_text(old, NULL), *n = doc_text(new_, &nn);
	size_t shown = 0, count = diff_count(d);
	for (size_t i = 0; i < count;) {
		const struct diff_change *c = diff_at(d, i);
		if (!diffwrite_shown(c, opt, true)) {
			i++;
			continue;
		}
		if (c->kind == DIFF_MOVE) {
			put_header(f, old, new_, on, c, 0, opt);
			style_on(f, opt, ST_MOVE);
			bool cut = put_text(f, n, c->new_start, c->new_end, false, MOVE_SHOWN);
			if (cut)
				fputs("…", f);
			style_off(f, opt, ST_MOVE);
			fputc('\n', f);
			shown++;
			i++;
			continue;
		}
		/* the hunk: c and the shown changes that join it */
		size_t j = i + 1, end = c->new_end, last = i;
		unsigned substance = c->substance;
		for (; j < count; j++) {
			const struct diff_change *x = diff_at(d, j);
			if (!diffwrite_shown(x, opt, true))
				continue;
			if (!joins(n, end, x))
				break;
			if (x->new_end > end)
				end = x->new_end;
			substance |= x->substance;
			last = j;
		}
		put_header(f, old, new_, on, c, substance, opt);
		bool cut;
		size_t from = context_start(n, c->new_start, &cut);
		if (cut)
			fputs("…", f);
		put_text(f, n, from, c->new_start, false, SIZE_MAX);
		size_t at = c->new_start;
		for (size_t k = i; k <= last; k++) {
			const struct diff_change *x = diff_at(d, k);
			if (!diffwrite_shown(x, opt, true))
				continue;
			put_text(f, n, at, x->new_start, false, SIZE_MAX);
			put_change(f, o, n, x, opt);
			if (x->new_end > at)
				at = x->new_end;
			shown++;
		}
		size_t to = context_end(n, nn, at, &cut);
		put_text(f, n, at, to, false, SIZE_MAX);
		if (cut)
			fputs("…", f);
		fputc('\n', f);
		i = last + 1;
	}
	return shown;
}
