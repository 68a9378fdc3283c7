/* libFuzzer target: the writers of the tags listing, the suggestions and the task
 * breakdown (csv, md, json, org, ics, xlsx), fed random tags two ways:
 *  - through pizhu's own path: the input's first part is a speech (decoded as a file
 *    would be), the rest tags it (type, range, note, owner, due), each added as
 *    `tags add` or a prompt would (text that is not UTF-8 is refused there), then the
 *    breakdown is built;
 *  - straight in: the same bytes make the rows of a breakdown as a caller or another
 *    program's database could hand them over, bytes that are not UTF-8 included.
 * Every output must be UTF-8 with no character sanitize_unsafe names but its format's
 * line structure, and well formed: CSV records of the table's fields with no formula cell,
 * JSON that SQLite's json_valid accepts, an iCalendar of CRLF lines of at most 75
 * octets with its components closed, listings with their fixed number of fields; the
 * xlsx a zip (its cells pass sanitize_write; reading them back is the cli suite's). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <unistr.h>

#include "pizhu/breakdown.h"
#include "pizhu/detect.h"
#include "pizhu/errors.h"
#include "pizhu/export.h"
#include "pizhu/listing.h"
#include "pizhu/outline.h"
#include "pizhu/sanitize.h"
#include "pizhu/store.h"
#include "pizhu/tags.h"

/* The input read as fields: a byte of length (0-63), then that many bytes. */
struct reader {
	const uint8_t *p;
	size_t n;
};

static size_t take_byte(struct reader *r)
{
	if (!r->n)
		return 0;
	r->n--;
	return *r->p++;
}

/* A NUL-terminated copy of the next field (owned). */
static char *take_str(struct reader *r)
{
	size_t len = take_byte(r) & 63;
	if (len > r->n)
		len = r->n;
	char *s = malloc(len + 1);
	if (!s)
		abort();
	memcpy(s, r->p, len);
	s[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (!s[i])
			s[i] = '\x1b'; /* a C string holds no NUL: a control instead */
	r->p += len;
	r->n -= len;
	return s;
}

static void fail(const char *what, const char *out, size_t n, size_t at)
{
	char shown[128];
	size_t from = at > 30 ? at - 30 : 0;
	pz_errors_quote(shown, sizeof(shown), out + from, n - from < 60 ? n - from : 60);
	fprintf(stderr, "fuzz_export: %s at byte %zu of %zu: \"%s\"\n", what, at, n, shown);
	abort();
}

/* UTF-8, and no unsafe character but those in allowed (ASCII controls). */
static void check_clean(const char *out, size_t n, const char *allowed)
{
	const uint8_t *bad = u8_check((const uint8_t *)out, n);
	if (bad)
		fail("not UTF-8", out, n, (size_t)(bad - (const uint8_t *)out));
	for (size_t i = 0; i < n;) {
		ucs4_t c;
		int len = u8_mbtoucr(&c, (const uint8_t *)out + i, n - i);
		if (len <= 0)
			fail("not UTF-8", out, n, i);
		if (sanitize_unsafe(c) && !(c && c < 0x80 && strchr(allowed, (int)c)))
			fail("an unsafe character", out, n, i);
		i += (size_t)len;
	}
}

/* RFC 4180 records of EXPORT_COLUMNS fields (the header's), CRLF; no cell a formula,
 * and none a date or a time but the due date in its column. */
static void check_csv(const char *out, size_t n)
{
	size_t i = 0, records = 0;
	char cell[4096];
	while (i < n) {
		size_t fields = 0;
		for (;;) {
			size_t c = 0;
			bool quoted = i < n && out[i] == '"';
			if (quoted) {
				for (i++;; i++) {
					if (i >= n)
						fail("a quote not closed", out, n, i);
					if (out[i] == '"') {
						if (i + 1 < n && out[i + 1] == '"')
							i++;
						else
							break;
					}
					if (c < sizeof(cell) - 1)
						cell[c++] = out[i];
				}
				i++;
			} else {
				for (; i < n && out[i] != ',' && out[i] != '\r'; i++) {
					if (out[i] == '"' || out[i] == '\n')
						fail("a quote or line break outside quotes", out, n, i);
					if (c < sizeof(cell) - 1)
						cell[c++] = out[i];
				}
			}
			cell[c] = '\0';
			if (sanitize_csv_formula(cell, c))
				fail("a formula cell", out, n, i);
			if (fields != EXPORT_COLUMN_DUE && sanitize_csv_datelike(cell, c))
				fail("a date or a time in a text cell", out, n, i);
			fields++;
			if (i < n && out[i] == ',') {
				i++;
				continue;
			}
			if (i + 1 < n && out[i] == '\r' && out[i + 1] == '\n') {
				i += 2;
				break;
			}
			fail("a field not followed by , or CRLF", out, n, i);
		}
		if (fields != EXPORT_COLUMNS)
			fail("a record without its fields", out, n, i);
		records++;
	}
	if (!records)
		fail("no header", out, n, 0);
}

static sqlite3 *json_db;

static void check_json(const char *out, size_t n)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(json_db, "SELECT json_valid(?1)", -1, &stmt, NULL) != SQLITE_OK)
		abort();
	sqlite3_bind_text(stmt, 1, out, (int)n, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW || sqlite3_column_int(stmt, 0) != 1)
		fail("JSON that does not parse", out, n, 0);
	sqlite3_finalize(stmt);
}

/* CRLF lines of at most 75 octets; a calendar with its components closed. */
static void check_ics(const char *out, size_t n)
{
	int depth = 0, todos = 0;
	size_t i = 0;
	while (i < n) {
		const char *e = memchr(out + i, '\r', n - i);
		if (!e || (size_t)(e - out) + 1 >= n || e[1] != '\n')
			fail("a line not ended by CRLF", out, n, i);
		size_t len = (size_t)(e - (out + i));
		if (len > 75)
			fail("a line over 75 octets", out, n, i);
		if (memchr(out + i, '\n', len))
			fail("a bare LF", out, n, i);
		if (len && out[i] != ' ' && !memchr(out + i, ':', len))
			fail("a content line without a colon", out, n, i);
		if (!strncmp(out + i, "BEGIN:", 6))
			depth++, todos += !strncmp(out + i, "BEGIN:VTODO", 11);
		if (!strncmp(out + i, "END:", 4) && --depth < 0)
			fail("an END without its BEGIN", out, n, i);
		i += len + 2;
	}
	if (depth || !todos)
		fail("a calendar not closed or without a component", out, n, n);
}

/* Lines of exactly `fields` tab-separated fields. */
static void check_tsv(const char *out, size_t n, size_t fields)
{
	size_t tabs = 0, start = 0;
	for (size_t i = 0; i < n; i++) {
		if (out[i] == '\t')
			tabs++;
		else if (out[i] == '\n') {
			if (tabs != fields - 1)
				fail("a line with the wrong number of fields", out, n, start);
			tabs = 0;
			start = i + 1;
		}
	}
}

/* Whether out[a..b) (a line) is a table row of cols cells: opens and closes with |,
 * cols + 1 unescaped | in all. */
static bool md_row(const char *out, size_t a, size_t b, size_t cols)
{
	size_t bars = 0;
	for (size_t i = a; i < b; i++)
		if (out[i] == '|' && !(i > a && out[i - 1] == '\\'))
			bars++;
	return b > a && out[a] == '|' && out[b - 1] == '|' && bars == cols + 1;
}

static bool md_starts(const char *out, size_t a, size_t b, const char *with)
{
	size_t l = strlen(with);
	return b - a >= l && !memcmp(out + a, with, l);
}

/* Markdown: the title block ("# " line, "- " lines, blank lines), the table (every
 * line a row of EXPORT_COLUMNS cells), then maybe the discussions ("## 讨论": "### "
 * and "- " lines) and the notes without a task ("## 其他批注": a table of five cells),
 * each after a blank line: one line a row or an item, whatever the tags hold. */
static void check_md(const char *out, size_t n)
{
	size_t i = 0;
	/* the title block: a "# " line, "- " lines, blank lines, up to the table */
	while (i < n && out[i] != '|') {
		if (out[i] != '\n' && (i + 1 >= n || (out[i] != '#' && out[i] != '-') || out[i + 1] != ' '))
			fail("a title block line that is not one", out, n, i);
		const char *nl = memchr(out + i, '\n', n - i);
		if (!nl)
			fail("a title block line not ended", out, n, i);
		i = (size_t)(nl - out) + 1;
	}
	enum { TABLE, GAP, DISCUSSION, OTHERS } part = TABLE;
	size_t cols = EXPORT_COLUMNS;
	while (i < n) {
		const char *nl = memchr(out + i, '\n', n - i);
		if (!nl)
			fail("a line not ended", out, n, i);
		size_t e = (size_t)(nl - out);
		if (e == i) { /* a blank line ends a table */
			if (part == TABLE)
				part = GAP;
		} else if (md_starts(out, i, e, "## ")) {
			if (part == TABLE)
				fail("a heading without a blank line before it", out, n, i);
			if (e - i == strlen("## 讨论") && md_starts(out, i, e, "## 讨论"))
				part = DISCUSSION;
			else if (e - i == strlen("## 其他批注") && md_starts(out, i, e, "## 其他批注"))
				part = OTHERS, cols = 5;
			else
				fail("a heading that is not one of the export's", out, n, i);
		} else if (part == DISCUSSION) {
			if (!md_starts(out, i, e, "### ") && !md_starts(out, i, e, "- "))
				fail("a discussion line that is not a heading or an item", out, n, i);
		} else if (part == GAP || !md_row(out, i, e, cols)) {
			fail("a table row that is not one", out, n, i);
		}
		i = e + 1;
	}
}

static void check_breakdown(const struct breakdown *b)
{
	static const char *const allowed[] = {"\r\n", "\n", "\n", "\n", "\r\n", NULL};
	for (int fmt = EXPORT_CSV; fmt <= EXPORT_XLSX; fmt++) {
		char *out = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&out, &n);
		if (!f)
			abort();
		struct export_options opt = {.source = "/tmp/\x1b]52;c;x\x07.txt"};
		enum pz_status s = export_breakdown(f, b, (enum export_format)fmt, &opt, NULL);
		fclose(f);
		if (s != PZ_OK && !(s == PZ_EMPTY && fmt == EXPORT_ICS))
			abort();
		if (fmt == EXPORT_XLSX) { /* a zip: its cells went through sanitize_write */
			if (n < 4 || memcmp(out, "PK\x03\x04", 4))
				fail("an xlsx that is not a zip", out, n, 0);
			free(out);
			continue;
		}
		check_clean(out, n, allowed[fmt]);
		if (fmt == EXPORT_CSV)
			check_csv(out, n);
		else if (fmt == EXPORT_MD)
			check_md(out, n);
		else if (fmt == EXPORT_JSON)
			check_json(out, n);
		else if (fmt == EXPORT_ICS && s == PZ_OK)
			check_ics(out, n);
		free(out);
	}
}

static const char *const types[] = {"task", "owner", "deadline", "target", "note"};

/* The breakdown built straight from the fields: any bytes in any column. */
static void straight_in(struct reader r)
{
	struct breakdown b = {0};
	size_t rows = take_byte(&r) % 8;
	b.rows = calloc(rows ? rows : 1, sizeof(*b.rows));
	if (!b.rows)
		abort();
	for (size_t i = 0; i < rows; i++) {
		struct breakdown_row *w = &b.rows[i];
		w->number = i + 1;
		w->task = take_str(&r);
		w->owner = take_str(&r);
		w->deadline = take_str(&r);
		w->target = take_str(&r);
		w->section = take_str(&r);
		w->note = take_str(&r);
		w->lead = take_str(&r);
		w->cooperating = take_str(&r);
		w->chapter = take_str(&r);
		w->source = (enum store_source)(take_byte(&r) % 3);
		w->type = strdup(types[take_byte(&r) % 5]);
		w->prefix = take_str(&r);
		w->suffix = take_str(&r);
		char *uuid = take_str(&r);
		snprintf(w->uuid, sizeof(w->uuid), "%s", uuid);
		free(uuid);
		w->line = take_byte(&r);
		w->col = take_byte(&r);
		w->done = take_byte(&r) & 1;
		if (take_byte(&r) & 1)
			snprintf(w->due, sizeof(w->due), "20%02zu-%02zu-%02zu", take_byte(&r) % 100,
			         1 + take_byte(&r) % 12, 1 + take_byte(&r) % 28);
		w->modified = (int64_t)take_byte(&r) << 32;
		b.n++;
	}
	/* the title block and the other tags' sheet */
	b.title = take_str(&r);
	b.file = take_str(&r);
	b.exported = (int64_t)take_byte(&r) << 36;
	snprintf(b.date, sizeof(b.date), "%s", (take_byte(&r) & 1) ? "2026-01-31" : "");
	size_t others = take_byte(&r) % 4;
	b.others = calloc(others ? others : 1, sizeof(*b.others));
	if (!b.others)
		abort();
	for (size_t i = 0; i < others; i++, b.nothers++) {
		struct breakdown_tag *x = &b.others[i];
		x->type = take_str(&r);
		x->text = take_str(&r);
		x->value = take_str(&r);
		x->chapter = take_str(&r);
		x->line = take_byte(&r);
		x->col = take_byte(&r);
		x->source = (enum store_source)(take_byte(&r) % 3);
		x->loose = take_byte(&r) & 1;
		b.loose_notes += x->loose;
	}
	check_breakdown(&b);
	for (size_t i = 0; i < b.nothers; i++) {
		struct breakdown_tag *x = &b.others[i];
		free(x->type), free(x->text), free(x->value), free(x->chapter);
	}
	free(b.others);
	free(b.title);
	free(b.file);
	for (size_t i = 0; i < b.n; i++) {
		struct breakdown_row *w = &b.rows[i];
		free(w->task), free(w->owner), free(w->deadline), free(w->target), free(w->section);
		free(w->note), free(w->type), free(w->prefix), free(w->suffix);
		free(w->lead), free(w->cooperating), free(w->chapter);
	}
	free(b.rows);
}

/* A speech and its tags through pizhu's own path. */
static void through_pizhu(const uint8_t *data, size_t size)
{
	const uint8_t *sep = memchr(data, 0, size);
	size_t tlen = sep ? (size_t)(sep - data) : size;
	doc *d;
	outline *o;
	struct pz_where w;
	if (doc_load_buffer((const char *)data, tlen, NULL, &d, &w) != PZ_OK)
		return;
	if (outline_build(d, &o) != PZ_OK)
		abort();
	store *st;
	int64_t id, pos;
	tagset *ts;
	if (store_open(":memory:", &st, NULL, 0) != PZ_OK ||
	    store_open_document(st, "/f", "", 1, &id, &pos) != PZ_OK ||
	    tagset_open(st, d, o, id, "fuzz", true, &ts) != PZ_OK)
		abort();
	size_t len;
	doc_text(d, &len);
	struct reader r = {sep ? sep + 1 : data + size, sep ? size - tlen - 1 : 0};
	for (int k = 0; r.n && k < 32; k++) {
		const char *type = types[take_byte(&r) % 5];
		size_t a = len ? (take_byte(&r) << 8 | take_byte(&r)) % len : 0;
		size_t e = a + 1 + take_byte(&r);
		char *note = take_str(&r), *owner = take_str(&r);
		char due[16] = "";
		if (take_byte(&r) & 1)
			snprintf(due, sizeof(due), "2026-%02zu-%02zu", 1 + take_byte(&r) % 12,
			         1 + take_byte(&r) % 28);
		enum pz_status s = tagset_add(ts, type, a, e, note, due, owner, NULL);
		if (s != PZ_OK && s != PZ_SYNTAX && s != PZ_NOTUTF8 && s != PZ_TOOLONG)
			abort();
		free(note);
		free(owner);
	}
	static const char *const rowtypes[] = {"task", "note"};
	struct breakdown *b;
	struct detect_item *v = NULL;
	size_t nv = 0;
	struct detect_options dopt = {.threads = 1};
	if (detect_run(d, o, &dopt, &v, &nv) != PZ_OK)
		abort();
	/* with its title block (a title from the text, a file name with controls) */
	if (breakdown_new(ts, d, o, rowtypes, (r.n & 1) + 1, &b) != PZ_OK ||
	    breakdown_describe(b, d, o, "/f\x1b]0;x\x07\n.txt", NULL, 1767225600000) != PZ_OK)
		abort();
	check_breakdown(b);
	breakdown_free(b);
	/* the listing and the suggestions */
	static const size_t fields[] = {11, 0, 7, 0}; /* the listing: id ... owner state author */
	for (int k = 0; k < 4; k++) {
		char *out = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&out, &n);
		if (!f)
			abort();
		if (k == 0)
			listing_write_tsv(f, ts, d);
		else if (k == 1)
			listing_write_json(f, ts, d, "/f\xe2\x80\xae");
		else if (k == 2)
			export_suggestions_tsv(f, d, v, nv, 1);
		else
			export_suggestions_json(f, d, v, nv, "/f\x1b[2J", NULL);
		fclose(f);
		check_clean(out, n, fields[k] ? "\t\n" : "\n");
		if (fields[k])
			check_tsv(out, n, fields[k]);
		else
			check_json(out, n);
		free(out);
	}
	free(v);
	tagset_free(ts);
	store_close(st);
	outline_free(o);
	doc_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	if (!json_db && sqlite3_open(":memory:", &json_db) != SQLITE_OK)
		abort();
	straight_in((struct reader){data, size});
	through_pizhu(data, size);
	return 0;
}
