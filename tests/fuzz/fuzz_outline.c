/* libFuzzer target over loading and outlining: any bytes must either be refused with a
 * status or give a document and an outline whose every range and link holds together. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "pizhu/document.h"
#include "pizhu/outline.h"
#include "pizhu/sentence.h"
#include "pizhu/status.h"

/* Aborts with the broken invariant, so that libFuzzer saves the input. */
#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",         \
			        __FILE__, __LINE__, #cond);                      \
			abort();                                                 \
		}                                                                \
	} while (0)

static int is_boundary(const char *t, size_t len, size_t off)
{
	return off == len || (off < len && ((unsigned char)t[off] & 0xC0) != 0x80);
}

static void check_range(const char *t, size_t len, size_t start, size_t end)
{
	CHECK(start <= end);
	CHECK(end <= len);
	CHECK(is_boundary(t, len, start));
	CHECK(is_boundary(t, len, end));
}

static void check_failure(const uint8_t *data, size_t size, enum pz_status st,
                          const struct pz_where *where)
{
	CHECK(st > PZ_OK && st < PZ_STATUS_COUNT);
	CHECK(pz_strerror(st) != NULL);
	/* Messages promise "line L, byte B": the place must be real. */
	if (st == PZ_BINARY) {
		CHECK(where->line >= 1 && where->byte >= 1);
		CHECK(where->offset < size);
		CHECK(data[where->offset] == 0);
		CHECK(memchr(data, 0, where->offset) == NULL);
	}
	if (st == PZ_ENCODING || st == PZ_CONVERT) {
		CHECK(where->line >= 1 && where->byte >= 1);
		CHECK(where->offset < size);
	}
}

static void check_doc(const doc *d)
{
	size_t len, lines, i, prev_end = 0;
	const char *t = doc_text(d, &len);

	CHECK(len == 0 || t != NULL);
	CHECK(doc_encoding(d) != NULL);
	if (len == 0)
		return;
	/* UTF-8, no CR, no NUL (one BOM is stripped; a second one is a character). */
	CHECK(u8_check((const uint8_t *)t, len) == NULL);
	CHECK(memchr(t, '\r', len) == NULL);
	CHECK(memchr(t, '\0', len) == NULL);

	lines = doc_line_count(d);
	CHECK(lines >= 1);
	for (i = 0; i < lines; i++) {
		size_t s = doc_line_start(d, i), n = doc_line_len(d, i);

		CHECK(s == prev_end);
		CHECK(s + n <= len);
		CHECK(memchr(t + s, '\n', n) == NULL);
		CHECK(s + n == len || t[s + n] == '\n');
		CHECK(doc_line_of(d, s) == i);
		prev_end = s + n + 1;
	}
	/* The last line ends the text (with or without a final '\n'). */
	CHECK(prev_end == len || prev_end == len + 1);
	CHECK(doc_line_of(d, len) == lines - 1);
}

static void check_pos(const doc *d, const char *t, size_t len, size_t off)
{
	struct doc_pos p = doc_pos_of(d, off);
	size_t line = doc_line_of(d, off);
	size_t ls;

	CHECK(p.line >= 1 && p.col >= 1);
	CHECK(p.line == line + 1);
	ls = doc_line_start(d, line);
	CHECK(ls <= off);
	CHECK(doc_char_index(d, off) >= doc_char_index(d, ls));
	CHECK(p.col == doc_char_index(d, off) - doc_char_index(d, ls) + 1);
	CHECK(doc_char_index(d, off) <= off);
	(void)t;
	(void)len;
}

static void check_outline(const doc *d, const outline *o)
{
	size_t len, i, nn, ns, np, lines;
	const char *t = doc_text(d, &len);

	lines = doc_line_count(d);
	nn = outline_node_count(o);
	ns = outline_speech_count(o);
	np = outline_para_count(o);

	for (i = 0; i < nn; i++) {
		const struct outline_node *n = outline_node_at(o, i);

		CHECK(n != NULL);
		check_range(t, len, n->start, n->end);
		check_range(t, len, n->title_start, n->title_end);
		CHECK(n->start <= n->title_start);
		CHECK(n->start + n->marker_len <= n->title_start);
		CHECK(is_boundary(t, len, n->start + n->marker_len));
		CHECK(n->depth >= 0);
		if (i > 0)
			CHECK(n->start >= outline_node_at(o, i - 1)->start);
		if (n->kind == OUTLINE_SPEECH) {
			CHECK(n->depth == 0);
			CHECK(n->parent == i);
		} else {
			const struct outline_node *p;

			CHECK(n->kind == OUTLINE_SECTION || n->kind == OUTLINE_POINT ||
			      n->kind == OUTLINE_HEAD);
			CHECK(n->depth >= 1);
			CHECK(n->parent < i);
			p = outline_node_at(o, n->parent);
			CHECK(n->depth == p->depth + 1);
			/* A child lies inside its parent's range. */
			CHECK(n->start >= p->start);
			CHECK(n->end <= p->end);
		}
		if (len > 0)
			check_pos(d, t, len, n->start < len ? n->start : len);
	}

	for (i = 0; i < ns; i++) {
		const struct outline_speech *s = outline_speech_at(o, i);
		size_t k;

		CHECK(s != NULL);
		CHECK(s->node < nn);
		CHECK(outline_node_at(o, s->node)->kind == OUTLINE_SPEECH);
		CHECK(s->para_first <= s->para_end);
		CHECK(s->para_end <= np);
		if (i > 0) {
			CHECK(s->para_first >= outline_speech_at(o, i - 1)->para_end);
			CHECK(s->node > outline_speech_at(o, i - 1)->node);
		}
		CHECK(s->title_count <= 4);
		for (k = 0; k < s->title_count; k++)
			check_range(t, len, s->titles[k].start, s->titles[k].end);
		check_range(t, len, s->subtitle.start, s->subtitle.end);
		check_range(t, len, s->speaker.start, s->speaker.end);
		check_range(t, len, s->date.start, s->date.end);
		check_range(t, len, s->salutation.start, s->salutation.end);
	}

	for (i = 0; i < np; i++) {
		const struct outline_para *p = outline_para_at(o, i);
		size_t pos, steps = 0;

		CHECK(p != NULL);
		check_range(t, len, p->start, p->end);
		if (i > 0)
			CHECK(p->start >= outline_para_at(o, i - 1)->end);
		CHECK(p->first_line <= p->last_line);
		CHECK(p->last_line < lines);
		CHECK(doc_line_of(d, p->start) == p->first_line);
		CHECK((unsigned)p->role < OUTLINE_ROLE_COUNT);
		CHECK(outline_role_name(p->role) != NULL);
		CHECK(ns == 0 || p->speech < ns);

		/* Sentences step forward through the paragraph, on character boundaries. */
		for (pos = p->start; pos < p->end; steps++) {
			size_t e = sentence_end(t, len, pos);

			CHECK(e > pos);
			CHECK(e <= len);
			CHECK(is_boundary(t, len, e));
			CHECK(steps <= len);
			pos = e;
			/* The sentence may stop at the '\n' of a hard-wrapped line. */
			while (pos < p->end && t[pos] == '\n')
				pos++;
		}
	}
}

static void one(const uint8_t *data, size_t size, const char *encoding)
{
	struct doc_options opt = { encoding };
	struct pz_where where = { 0, 0, 0 };
	doc *d = NULL;
	outline *o = NULL;
	enum pz_status st;

	st = doc_load_buffer((const char *)data, size, &opt, &d, &where);
	if (st != PZ_OK) {
		check_failure(data, size, st, &where);
		return;
	}
	CHECK(d != NULL);
	check_doc(d);
	st = outline_build(d, &o);
	if (st == PZ_OK) {
		CHECK(o != NULL);
		check_outline(d, o);
		/* the reader's quick first pass: the same paragraphs, one speech */
		outline *quick = NULL;
		if (outline_build_paragraphs(d, &quick) == PZ_OK) {
			check_outline(d, quick);
			CHECK(outline_para_count(quick) == outline_para_count(o));
			CHECK(outline_node_count(quick) == 1);
			outline_free(quick);
		}
		outline_free(o);
	} else {
		CHECK(st == PZ_NOMEM);
	}
	doc_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, NULL);
	one(data, size, "GBK");
	return 0;
}
