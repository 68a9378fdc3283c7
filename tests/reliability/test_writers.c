/* Reliability of every writer of the core against what a field may hold when it did
 * not come through pizhu's own checks (a database another program wrote, a row built
 * by a caller): terminal controls, bidirectional overrides and bytes that are not
 * UTF-8, in every column of the breakdown and of the tags listing. The output must be
 * UTF-8 without a control a terminal obeys, and the writer must end: the ics writer
 * once looped forever on a run of continuation bytes longer than a line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <unistd.h>

#include <cmocka.h>
#include <unistr.h>

#include "pizhu/breakdown.h"
#include "pizhu/detect.h"
#include "pizhu/export.h"
#include "pizhu/layout.h"
#include "pizhu/listing.h"
#include "pizhu/outline.h"
#include "pizhu/sanitize.h"
#include "pizhu/store.h"
#include "pizhu/tags.h"

/* The payloads, valid UTF-8 or not. */
static const char *const payloads[] = {
	"\033]52;c;cGl6aHU=\007",     /* OSC 52: the clipboard */
	"\033]52;c;cGl6aHU=\033\\",   /* ... ended by ST */
	"\033[2J\033[31m",            /* CSI */
	"\033P1$q\033\\",             /* DCS */
	"\xc2\x9b" "2J",              /* C1 CSI */
	"\xc2\x9d" "0;t\xc2\x9c",     /* C1 OSC, ST */
	"\xc2\x85\x7f\x08\r",         /* NEL, DEL, BS, CR */
	"\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae", /* U+202A-202E */
	"\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",             /* U+2066-2069 */
	"\x9b" "2J\xff\xfe",          /* C1 CSI as a raw byte (Latin-1 terminals), not UTF-8 */
	"\xc0\xaf\xe4\xb8",           /* overlong, cut short */
	"=HYPERLINK(\"http://x\",\"y\")",
};
#define NPAYLOADS (sizeof(payloads) / sizeof(*payloads))

/* A field: Chinese text around payload k. */
static char *field(size_t k, const char *what)
{
	char *s = malloc(256);
	assert_non_null(s);
	snprintf(s, 256, "%s%s前后", k % 2 ? "" : what, payloads[k % NPAYLOADS]);
	return s;
}

/* One more payload: a run of continuation bytes longer than an ics line. */
static char *long_run(void)
{
	char *s = malloc(300);
	assert_non_null(s);
	memset(s, 0x80, 299);
	s[299] = '\0';
	return s;
}

/* A breakdown of n rows with a payload in every column. */
static struct breakdown *hostile_breakdown(size_t n)
{
	struct breakdown *b = calloc(1, sizeof(*b));
	assert_non_null(b);
	b->rows = calloc(n, sizeof(*b->rows));
	assert_non_null(b->rows);
	b->n = n;
	for (size_t i = 0; i < n; i++) {
		struct breakdown_row *r = &b->rows[i];
		r->number = i + 1;
		r->task = field(i, "任务");
		r->owner = field(i + 1, "单位");
		r->deadline = field(i + 2, "年底前");
		r->target = field(i + 3, "目标");
		r->section = field(i + 4, "一、");
		r->note = i == n - 1 ? long_run() : field(i + 5, "批注");
		r->type = field(i + 6, "task");
		r->prefix = field(i + 7, "前文");
		r->suffix = field(i + 8, "后文");
		r->line = i + 1;
		r->col = 1;
		snprintf(r->due, sizeof(r->due), "2026-06-30");
		/* a uuid is not checked by the writers' callers either */
		snprintf(r->uuid, sizeof(r->uuid), "%.36s", i % 2 ? "\033]0;x\007" : "\xe2\x80\xae");
	}
	return b;
}

/* The output is UTF-8 and holds no unsafe character but those the format's structure
 * allows (allowed: a string of ASCII controls). */
static void assert_clean(const char *what, const char *out, size_t n, const char *allowed)
{
	const uint8_t *bad = u8_check((const uint8_t *)out, n);
	if (bad)
		fail_msg("%s: not UTF-8 at byte %zu", what, (size_t)(bad - (const uint8_t *)out));
	for (size_t i = 0; i < n;) {
		ucs4_t c;
		int len = u8_mbtoucr(&c, (const uint8_t *)out + i, n - i);
		assert_true(len > 0);
		if (sanitize_unsafe(c) && !(c < 0x80 && c && strchr(allowed, (int)c)))
			fail_msg("%s: U+%04X at byte %zu: \"%.40s\"", what, (unsigned)c, i,
			         out + (i > 20 ? i - 20 : 0));
		i += (size_t)len;
	}
}

static void every_breakdown_format(void **state)
{
	(void)state;
	struct breakdown *b = hostile_breakdown(2 * NPAYLOADS);
	static const char *const names[] = {"csv", "md", "json", "org", "ics"};
	static const char *const allowed[] = {"\r\n", "\n", "\n", "\n", "\r\n"};
	for (int fmt = EXPORT_CSV; fmt <= EXPORT_ICS; fmt++) {
		char *out = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&out, &n);
		assert_non_null(f);
		struct export_options opt = {.bom = false, .source = "/a\033]52;c;eA==\007/b.txt"};
		alarm(20); /* a writer that loops fails the test */
		assert_int_equal(export_breakdown(f, b, (enum export_format)fmt, &opt, NULL), PZ_OK);
		alarm(0);
		fclose(f);
		assert_clean(names[fmt], out, n, allowed[fmt]);
		if (fmt == EXPORT_ICS)
			for (char *l = out, *e; (e = strstr(l, "\r\n")); l = e + 2)
				if (e - l > 75)
					fail_msg("ics: a line of %td octets", e - l);
		free(out);
	}
	breakdown_free(b);
}

static void field_writers(void **state)
{
	(void)state;
	for (size_t k = 0; k < NPAYLOADS; k++) {
		char *s = field(k, "字段");
		char *out = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&out, &n);
		export_json_string(f, s, strlen(s));
		fputc('\n', f);
		export_tsv_field(f, s, strlen(s));
		fputc('\n', f);
		export_csv_field(f, s, strlen(s));
		fclose(f);
		assert_clean("a field", out, n, "\n");
		free(out);
		free(s);
	}
}

/* Tags and suggestions of a speech that holds the payloads that are valid text (a
 * document is decoded: bytes that are not UTF-8 never reach its text). */
static void tags_and_suggestions(void **state)
{
	(void)state;
	char text[4096] = "讲话标题\n\n一、抓好项目建设\n\n";
	for (size_t k = 0; k < NPAYLOADS; k++)
		if (!u8_check((const uint8_t *)payloads[k], strlen(payloads[k]))) {
			strcat(text, "各部门要在年底前完成");
			strcat(text, payloads[k]);
			strcat(text, "审批，达到80%以上。\n");
		}
	doc *d;
	outline *o;
	struct pz_where w;
	assert_int_equal(doc_load_buffer(text, strlen(text), NULL, &d, &w), PZ_OK);
	assert_int_equal(outline_build(d, &o), PZ_OK);
	store *st;
	int64_t id, pos;
	assert_int_equal(store_open(":memory:", &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, "/s.txt", "", 1, &id, &pos), PZ_OK);
	tagset *ts;
	assert_int_equal(tagset_open(st, d, o, id, "\033]0;me\007", true, &ts), PZ_OK);
	size_t len;
	const char *t = doc_text(d, &len);
	for (size_t a = (size_t)(strstr(t, "各部门要") - t), k = 0; a < len; k++) {
		const char *nl = strchr(t + a, '\n');
		size_t e = nl ? (size_t)(nl - t) : len;
		char *note = field(k, "批注");
		if (u8_check((const uint8_t *)note, strlen(note))) {
			free(note);
			note = strdup("\033[2J");
		}
		assert_int_equal(tagset_add(ts, k % 2 ? "task" : "note", a, e, note, NULL, note, NULL),
		                 PZ_OK);
		free(note);
		a = e + 1;
	}
	struct detect_item *v;
	size_t nv;
	struct detect_options dopt = {.threads = 1};
	assert_int_equal(detect_run(d, o, &dopt, &v, &nv), PZ_OK);
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	listing_write_tsv(f, ts, d);
	fflush(f);
	assert_clean("tags tsv", out, n, "\t\n");
	listing_write_json(f, ts, d, "/p\xe2\x80\xae.txt");
	export_suggestions_tsv(f, d, v, nv, 1);
	export_suggestions_json(f, d, v, nv, "/p\033[2J.txt", NULL);
	fclose(f);
	assert_clean("tags and suggestions", out, n, "\t\n");
	assert_true(nv > 0);
	free(out);
	free(v);
	tagset_free(ts);
	store_close(st);
	outline_free(o);
	doc_free(d);
}

/* The reader's text pane paints what the layout gives it: every payload character,
 * a bidirectional control included (printable to wcwidth, width 0), is a cell of its
 * own holding a replacement glyph, never text joined to the character before it. */
static void reader_layout_replaces(void **state)
{
	(void)state;
	for (size_t k = 0; k < NPAYLOADS; k++) {
		char s[128];
		int n = snprintf(s, sizeof(s), "中%s文", payloads[k]);
		struct layout_rows r;
		layout_rows_init(&r);
		assert_int_equal(layout_wrap(s, 0, (size_t)n, 80, NULL, &r), PZ_OK);
		for (size_t i = 0; i < r.count; i++) {
			struct layout_walk w;
			struct layout_cell c;
			layout_walk_init(&w, &r, i);
			while (layout_walk_next(&w, &c)) {
				if (c.kind != LAYOUT_CELL_TEXT)
					continue;
				for (size_t b = c.start; b < c.end;) {
					ucs4_t u;
					int len = u8_mbtoucr(&u, (const uint8_t *)s + b, c.end - b);
					if (len <= 0 || sanitize_unsafe(u))
						fail_msg("payload %zu: U+%04X painted as text", k, (unsigned)u);
					b += (size_t)len;
				}
			}
		}
		layout_rows_release(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_breakdown_format),
		cmocka_unit_test(field_writers),
		cmocka_unit_test(tags_and_suggestions),
		cmocka_unit_test(reader_layout_replaces),
	};
	setlocale(LC_ALL, "C.UTF-8"); /* the layout measures with wcwidth, as ncurses does */
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
