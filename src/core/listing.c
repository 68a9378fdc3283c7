/* The tags listing, written and read back in one place: `pizhu tags` writes it, `pizhu
 * tags import` reads it (SQLite's JSON functions on a private in-memory connection do
 * the parsing and the checks), and the store keeps what was read. */
#include "pizhu/listing.h"

#include <inttypes.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistr.h>

#include "pizhu/export.h"
#include "pizhu/i18n.h"

static void tsv_str(FILE *f, const char *s)
{
	export_tsv_field(f, s, strlen(s));
}

/* Whether a passes the filter by author (NULL or "": every tag). */
static bool by_author(const struct store_annot *a, const char *author)
{
	return !author || !*author || !strcmp(a->author, author);
}

void listing_write_tsv(FILE *f, const tagset *ts, const doc *d)
{
	listing_write_tsv_by(f, ts, d, NULL);
}

void listing_write_tsv_by(FILE *f, const tagset *ts, const doc *d, const char *author)
{
	for (size_t i = 0; i < tagset_count(ts); i++) {
		const struct tag *t = tagset_at(ts, i);
		const struct store_annot *a = &t->a;
		if (!by_author(a, author))
			continue;
		tsv_str(f, a->uuid);
		fputc('\t', f);
		tsv_str(f, a->type);
		fprintf(f, "\t%s\t", a->disputed ? "disputed" : store_anchor_name(a->anchor));
		if (a->anchor != STORE_ORPHANED) {
			struct doc_pos p = doc_pos_of(d, t->start);
			fprintf(f, "%zu\t%zu\t", p.line, p.col);
		} else {
			fputs("\t\t", f);
		}
		tsv_str(f, a->quote);
		fputc('\t', f);
		tsv_str(f, a->note);
		fputc('\t', f);
		tsv_str(f, a->due);
		fputc('\t', f);
		tsv_str(f, a->owner);
		/* then state (as the json's "state") and author: last, so that the columns
		 * before keep their places */
		fputs(a->done ? "\tdone\t" : "\topen\t", f);
		tsv_str(f, a->author);
		fputc('\n', f);
	}
}

/* ,"replies":[{"id", "author", "at", "text"}...]: the tag's discussion, oldest first
 * (none when it cannot be read: the listing is not the place to fail). */
static void write_replies(FILE *f, const tagset *ts, const char *uuid)
{
	struct store_reply *v;
	size_t n;
	if (tagset_replies(ts, uuid, &v, &n) != PZ_OK)
		n = 0, v = NULL;
	fputs(",\"replies\":[", f);
	for (size_t i = 0; i < n; i++) {
		char tb[32];
		fputs(i ? ",{\"id\":" : "{\"id\":", f);
		export_json_string(f, v[i].uuid, strlen(v[i].uuid));
		export_json_member(f, "author", v[i].author);
		export_json_member(f, "at", export_iso_time(v[i].at, tb, sizeof(tb)));
		export_json_member(f, "text", v[i].text);
		fputc('}', f);
	}
	fputc(']', f);
	store_replies_free(v, n);
}

/* ,"status", and for merging: ,"base" (what this copy last agreed with another),
 * ,"disputes":[{"field", "mine", "mine_author", "theirs", "theirs_author"}]. */
static void write_merge(FILE *f, const tagset *ts, const struct store_annot *a)
{
	export_json_member(f, "status", a->disputed ? "disputed" : store_anchor_name(a->anchor));
	/* the base is JSON that SQLite wrote (json_object): an object, or nothing */
	if (a->base && a->base[0] == '{' && !strpbrk(a->base, "\n\r"))
		fprintf(f, ",\"base\":%s", a->base);
	struct store_dispute *v;
	size_t n;
	if (!a->disputed || tagset_disputes(ts, a->uuid, &v, &n) != PZ_OK)
		return;
	fputs(",\"disputes\":[", f);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",{\"field\":" : "{\"field\":", f);
		export_json_string(f, v[i].field, strlen(v[i].field));
		export_json_member(f, "mine", v[i].mine);
		export_json_member(f, "mine_author", v[i].mine_author);
		export_json_member(f, "theirs", v[i].theirs);
		export_json_member(f, "theirs_author", v[i].theirs_author);
		fputc('}', f);
	}
	fputc(']', f);
	store_disputes_free(v, n);
}

/* ,"deleted":[{"id", "editor", "modified"}]: the document's tombstones, so that a
 * merge elsewhere deletes them too, and does not bring them back. */
static void write_tombstones(FILE *f, const tagset *ts)
{
	struct store_annot *v = NULL;
	size_t n = 0;
	if (ts)
		tagset_tombstones(ts, &v, &n);
	fputs(",\"deleted\":[", f);
	for (size_t i = 0; i < n; i++) {
		char tb[32];
		fputs(i ? ",\n{\"id\":" : "\n{\"id\":", f);
		export_json_string(f, v[i].uuid, strlen(v[i].uuid));
		export_json_member(f, "editor", v[i].editor);
		export_json_member(f, "modified", export_iso_time(v[i].modified, tb, sizeof(tb)));
		fputc('}', f);
	}
	fputc(']', f);
	store_annots_free(v, n);
}

void listing_write_json(FILE *f, const tagset *ts, const doc *d, const char *path)
{
	listing_write_json_by(f, ts, d, path, NULL);
}

void listing_write_json_by(FILE *f, const tagset *ts, const doc *d, const char *path,
                           const char *author)
{
	size_t len;
	const char *text = doc_text(d, &len);
	fprintf(f, "{\"pizhu-tags\":%d,\"file\":", LISTING_FORMAT);
	export_json_string(f, path, strlen(path));
	size_t n = ts ? tagset_count(ts) : 0;
	fprintf(f, ",\"length\":%zu,\"hash\":\"%016" PRIx64 "\",\"annotations\":[", len,
	        tags_text_hash(text, len));
	for (size_t i = 0, shown = 0; i < n; i++) {
		const struct tag *t = tagset_at(ts, i);
		const struct store_annot *a = &t->a;
		char tb[32];
		if (!by_author(a, author))
			continue;
		fprintf(f, "%s\n{\"id\":", shown++ ? "," : "");
		export_json_string(f, a->uuid, strlen(a->uuid));
		export_json_member(f, "type", a->type);
		fprintf(f, ",\"state\":\"%s\",\"anchor\":\"%s\"", a->done ? "done" : "open",
		        store_anchor_name(a->anchor));
		if (a->anchor != STORE_ORPHANED) {
			struct doc_pos p = doc_pos_of(d, t->start), q = doc_pos_of(d, t->end);
			fprintf(f, ",\"line\":%zu,\"col\":%zu,\"end_line\":%zu,\"end_col\":%zu", p.line,
			        p.col, q.line, q.col);
		} else {
			fputs(",\"line\":null,\"col\":null,\"end_line\":null,\"end_col\":null", f);
		}
		fprintf(f, ",\"start\":%" PRId64 ",\"end\":%" PRId64, a->start, a->end);
		export_json_member(f, "quote", a->quote);
		export_json_member(f, "prefix", a->prefix);
		export_json_member(f, "suffix", a->suffix);
		export_json_member(f, "section", a->section);
		export_json_member(f, "note", a->note);
		export_json_member(f, "due", a->due);
		export_json_member(f, "owner", a->owner);
		export_json_member(f, "author", a->author);
		export_json_member(f, "created", export_iso_time(a->created, tb, sizeof(tb)));
		export_json_member(f, "modified", export_iso_time(a->modified, tb, sizeof(tb)));
		export_json_member(f, "editor", a->editor ? a->editor : "");
		write_replies(f, ts, a->uuid);
		write_merge(f, ts, a);
		fputc('}', f);
	}
	fputc(']', f);
	write_tombstones(f, ts);
	fputs("}\n", f);
}

/* Why element v of an import cannot be taken (a number of problems[] below), or NULL:
 * checked before anything is written, so that a bad listing adds nothing. */
#define IMPORT_PROBLEM                                                                   \
	"CASE"                                                                               \
	" WHEN type != 'object' THEN 1"                                                      \
	" WHEN typeof(value ->> 'id') != 'text' OR length(value ->> 'id') != 36"            \
	"  OR (value ->> 'id') GLOB '*[^0-9a-fA-F-]*' THEN 2"                                \
	" WHEN typeof(value ->> 'type') != 'text' OR (value ->> 'type') = ''"                \
	"  OR (value ->> 'type') GLOB '*[^a-z0-9-]*' THEN 3"                                 \
	" WHEN typeof(value ->> 'quote') != 'text' OR (value ->> 'quote') = ''"              \
	"  THEN 4"                                                                           \
	" WHEN typeof(value ->> 'start') != 'integer' OR typeof(value ->> 'end') != 'integer'" \
	"  OR (value ->> 'start') < 0 OR (value ->> 'end') < (value ->> 'start')"            \
	"  THEN 5"                                                                           \
	" WHEN ifnull(value ->> 'state', 'open') NOT IN ('open', 'done')"                   \
	"  THEN 6"                                                                           \
	" WHEN ifnull(value ->> 'due', '') != ''"                                           \
	"  AND date(value ->> 'due', '+0 days') IS NOT (value ->> 'due')"                   \
	"  THEN 7"                                                                           \
	" WHEN ifnull(json_type(value, '$.created'), 'null') NOT IN ('null', 'text')"       \
	"  OR ifnull(json_type(value, '$.modified'), 'null') NOT IN ('null', 'text')"       \
	"  THEN 8"                                                                           \
	" END"

/* What the numbers IMPORT_PROBLEM and IMPORT_GONE give mean, in the user's language. */
static const char *const problems[] = {
	NULL,
	N_("is not an object"),
	N_("has no valid \"id\" (a UUID)"),
	N_("has no valid \"type\""),
	N_("has no \"quote\""),
	N_("has no valid \"start\" and \"end\""),
	N_("has a \"state\" other than open or done"),
	N_("has a \"due\" date that is not YYYY-MM-DD"),
	N_("has a \"created\" or \"modified\" that is not a time"),
	N_("has no \"modified\" time"),
	N_("has an \"editor\" that is not text"),
	N_("has an \"editor\" that is not valid UTF-8"),
};
#define PROBLEM_EDITOR_UTF8 11

/* The problem of column col of stmt (NULL or a number of problems[]), translated. */
static const char *problem(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return NULL;
	int k = sqlite3_column_int(stmt, col);
	return k > 0 && k < (int)(sizeof(problems) / sizeof(problems[0])) ? _(problems[k]) : "?";
}

/* Each annotation of the listing in order, with its problem (or NULL) and what the
 * store takes of it (read_row's columns: its text fields first, as import_fields). */
#define IMPORT_ROWS                                                                      \
	"SELECT key, " IMPORT_PROBLEM ", lower(value ->> 'id'), value ->> 'type',"            \
	" value ->> 'quote', ifnull(value ->> 'prefix', ''), ifnull(value ->> 'suffix', ''),"  \
	" ifnull(value ->> 'section', ''), ifnull(value ->> 'note', ''),"                     \
	" ifnull(value ->> 'due', ''), ifnull(value ->> 'owner', ''),"                        \
	" ifnull(value ->> 'author', ''),"                                                   \
	" ifnull(value ->> 'state', 'open') = 'done', value ->> 'start', value ->> 'end',"    \
	" ifnull(CAST(round((julianday(value ->> 'created') - 2440587.5) * 86400000)"        \
	"   AS INTEGER), ?2),"                                                               \
	" ifnull(CAST(round((julianday(value ->> 'modified') - 2440587.5) * 86400000)"       \
	"   AS INTEGER), ?2),"                                                               \
	" ifnull(value ->> 'editor', ifnull(value ->> 'author', '')),"                       \
	" CASE json_type(value, '$.base') WHEN 'object' THEN json(value -> 'base') END"       \
	" FROM json_each(?1, '$.annotations') ORDER BY key"

/* The tombstones of a listing ("deleted": tags deleted there, so that a merge does not
 * bring them back): key, problem, id, editor, when. */
#define IMPORT_GONE                                                                      \
	"SELECT key, CASE"                                                                   \
	" WHEN type != 'object' THEN 1"                                                      \
	" WHEN typeof(value ->> 'id') != 'text' OR length(value ->> 'id') != 36"            \
	"  OR (value ->> 'id') GLOB '*[^0-9a-fA-F-]*' THEN 2"                                \
	" WHEN typeof(value ->> 'modified') != 'text'"                                       \
	"  OR julianday(value ->> 'modified') IS NULL THEN 9"                                \
	" WHEN typeof(ifnull(value ->> 'editor', '')) != 'text' THEN 10"                     \
	" END, lower(value ->> 'id'), ifnull(value ->> 'editor', ''),"                        \
	" CAST(round((julianday(value ->> 'modified') - 2440587.5) * 86400000) AS INTEGER)"  \
	" FROM json_each(?1, '$.deleted') ORDER BY key"

/* The text fields an annotation carries, as its row holds them from column 4 on; the
 * quote may be longer than the others (store_annot_check). */
static const char *const import_fields[] = {"quote",   "prefix", "suffix", "section",
                                            "note",    "due",    "owner",  "author"};
#define ROW_TYPE 3
#define ROW_FIELDS 4

static void set_detail(char *detail, size_t len, const char *msg)
{
	if (detail && len)
		snprintf(detail, len, "%s", msg ? msg : "");
}

/* Reads annotation row stmt into *a; PZ_SYNTAX with msg when one of its text fields is
 * not valid UTF-8 or too long (checked on the bytes the JSON decodes to: a \ud800
 * escape decodes to bytes that are not UTF-8). */
static enum pz_status read_row(sqlite3_stmt *stmt, struct store_annot *a, char *msg, size_t mlen)
{
	memset(a, 0, sizeof(*a));
	long long key = sqlite3_column_int64(stmt, 0);
	const unsigned char *id = sqlite3_column_text(stmt, 2);
	snprintf(a->uuid, sizeof(a->uuid), "%s", id ? (const char *)id : "");
	const unsigned char *type = sqlite3_column_text(stmt, ROW_TYPE);
	char **text[] = { &a->quote, &a->prefix, &a->suffix, &a->section, &a->note,
	                  &a->due, &a->owner, &a->author };
	int col = ROW_FIELDS;
	enum pz_status st = (a->type = strdup(type ? (const char *)type : "")) ? PZ_OK : PZ_NOMEM;
	for (size_t k = 0; st == PZ_OK && k < sizeof(text) / sizeof(text[0]); k++, col++) {
		const unsigned char *t = sqlite3_column_text(stmt, col);
		size_t n = (size_t)sqlite3_column_bytes(stmt, col), max = k ? STORE_FIELD_MAX
		                                                             : STORE_QUOTE_MAX;
		if (n > max) {
			snprintf(msg, mlen, _("annotation %lld: its \"%s\" is longer than %zu bytes"), key,
			         import_fields[k], max);
			st = PZ_SYNTAX;
		} else if (t && u8_check(t, n)) {
			snprintf(msg, mlen, _("annotation %lld: its \"%s\" is not valid UTF-8"), key,
			         import_fields[k]);
			st = PZ_SYNTAX;
		} else if (!(*text[k] = strdup(t ? (const char *)t : ""))) {
			st = PZ_NOMEM;
		}
	}
	if (st != PZ_OK) {
		store_annot_release(a);
		return st;
	}
	col = ROW_FIELDS + (int)(sizeof(text) / sizeof(text[0]));
	a->done = sqlite3_column_int(stmt, col++);
	a->start = sqlite3_column_int64(stmt, col++);
	a->end = sqlite3_column_int64(stmt, col++);
	a->created = sqlite3_column_int64(stmt, col++);
	a->modified = sqlite3_column_int64(stmt, col++);
	a->anchor = STORE_ANCHORED;
	const unsigned char *ed = sqlite3_column_text(stmt, col);
	size_t en = (size_t)sqlite3_column_bytes(stmt, col++);
	if (en > STORE_FIELD_MAX || (ed && u8_check(ed, en))) {
		snprintf(msg, mlen, _("annotation %lld: its \"editor\" is not valid UTF-8 within %zu bytes"),
		         key, STORE_FIELD_MAX);
		store_annot_release(a);
		return PZ_SYNTAX;
	}
	if (!(a->editor = strdup(ed ? (const char *)ed : ""))) {
		store_annot_release(a);
		return PZ_NOMEM;
	}
	return PZ_OK;
}

/* What the listing is: an "annotations" array of at most LISTING_MAX_ANNOTATIONS, and
 * the file it names. PZ_OK with *total, or PZ_SYNTAX and why in msg. */
static enum pz_status check(sqlite3 *db, const char *json, size_t n, char **file, size_t *total,
                            char *msg, size_t mlen)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db,
	                       "SELECT json_type(?1, '$.annotations'),"
	                       " json_array_length(?1, '$.annotations'), json_extract(?1, '$.file'),"
	                       " json_type(?1, '$.\"pizhu-tags\"'), ?1 ->> '$.\"pizhu-tags\"'",
	                       -1, &stmt, NULL) != SQLITE_OK)
		return PZ_NOMEM;
	sqlite3_bind_text(stmt, 1, json, (int)n, SQLITE_STATIC);
	enum pz_status st = PZ_OK;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		const unsigned char *kind = sqlite3_column_text(stmt, 0);
		const unsigned char *name = sqlite3_column_text(stmt, 2);
		*total = (size_t)sqlite3_column_int64(stmt, 1);
		/* the format first: a newer listing may be anything, and is refused as newer */
		const unsigned char *ftype = sqlite3_column_text(stmt, 3);
		long long format = ftype ? sqlite3_column_int64(stmt, 4) : 1;
		if (ftype && (strcmp((const char *)ftype, "integer") || format < 1)) {
			snprintf(msg, mlen, "%s", _("its \"pizhu-tags\" format is not a positive whole number"));
			st = PZ_SYNTAX;
		} else if (format > LISTING_FORMAT) {
			snprintf(msg, mlen, _("a listing of format %lld, from a newer pizhu (this one reads up to %d)"),
			         format, LISTING_FORMAT);
			st = PZ_DBNEWER;
		} else if (!kind || strcmp((const char *)kind, "array")) {
			snprintf(msg, mlen, "%s", _("no \"annotations\" array: not a pizhu tags listing"));
			st = PZ_SYNTAX;
		} else if (*total > LISTING_MAX_ANNOTATIONS) {
			snprintf(msg, mlen, _("%zu annotations, more than the %d one import takes"), *total,
			         LISTING_MAX_ANNOTATIONS);
			st = PZ_SYNTAX;
		}
		if (st != PZ_DBNEWER && name && *name && !(*file = strdup((const char *)name)))
			st = PZ_NOMEM;
	} else { /* malformed JSON */
		snprintf(msg, mlen, "%s", sqlite3_errmsg(db));
		st = PZ_SYNTAX;
	}
	sqlite3_finalize(stmt);
	return st;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The column of IMPORT_ROWS with the annotation's base. */
#define BASE_COLUMN 18

/* Reads the tombstones, each checked, into out->gone. */
static enum pz_status read_gone(sqlite3 *db, const char *json, size_t n, struct listing *out,
                                char *msg, size_t mlen)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, "SELECT json_type(?1, '$.deleted'), json_array_length(?1, '$.deleted')",
	                       -1, &stmt, NULL) != SQLITE_OK)
		return PZ_NOMEM;
	sqlite3_bind_text(stmt, 1, json, (int)n, SQLITE_STATIC);
	const unsigned char *kind = NULL;
	size_t total = 0;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		kind = sqlite3_column_text(stmt, 0);
		total = (size_t)sqlite3_column_int64(stmt, 1);
	}
	bool none = !kind, array = kind && !strcmp((const char *)kind, "array");
	sqlite3_finalize(stmt);
	if (none)
		return PZ_OK;
	if (!array || total > LISTING_MAX_ANNOTATIONS) {
		snprintf(msg, mlen, _("\"deleted\" is not an array of at most %d tombstones"),
		         LISTING_MAX_ANNOTATIONS);
		return PZ_SYNTAX;
	}
	if (!(out->gone = calloc(total + 1, sizeof(*out->gone))) ||
	    sqlite3_prepare_v2(db, IMPORT_GONE, -1, &stmt, NULL) != SQLITE_OK)
		return PZ_NOMEM;
	sqlite3_bind_text(stmt, 1, json, (int)n, SQLITE_STATIC);
	enum pz_status st = PZ_OK;
	while (st == PZ_OK && out->ngone < total && sqlite3_step(stmt) == SQLITE_ROW) {
		const char *why = problem(stmt, 1);
		struct store_annot *a = &out->gone[out->ngone];
		const unsigned char *id = sqlite3_column_text(stmt, 2), *ed = sqlite3_column_text(stmt, 3);
		size_t en = (size_t)sqlite3_column_bytes(stmt, 3);
		if (why || en > STORE_FIELD_MAX || (ed && u8_check(ed, en))) {
			snprintf(msg, mlen, _("deleted %lld: %s"), (long long)sqlite3_column_int64(stmt, 0),
			         why ? why : _(problems[PROBLEM_EDITOR_UTF8]));
			st = PZ_SYNTAX;
			break;
		}
		snprintf(a->uuid, sizeof(a->uuid), "%s", (const char *)id);
		a->modified = sqlite3_column_int64(stmt, 4);
		if (!(a->editor = strdup(ed ? (const char *)ed : "")))
			st = PZ_NOMEM;
		out->ngone++;
	}
	if (st == PZ_OK && out->ngone < total) {
		snprintf(msg, mlen, "%s", sqlite3_errmsg(db));
		st = PZ_SYNTAX;
	}
	sqlite3_finalize(stmt);
	return st;
}

/* Reads the annotations, each checked in order, into out->v (total of them). */
static enum pz_status read_rows(sqlite3 *db, const char *json, size_t n, size_t total,
                                struct listing *out, char *msg, size_t mlen)
{
	sqlite3_stmt *stmt;
	if (!(out->v = calloc(total + 1, sizeof(*out->v))) ||
	    !(out->base = calloc(total + 1, sizeof(*out->base))) ||
	    sqlite3_prepare_v2(db, IMPORT_ROWS, -1, &stmt, NULL) != SQLITE_OK)
		return PZ_NOMEM;
	sqlite3_bind_text(stmt, 1, json, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, now_ms());
	enum pz_status st = PZ_OK;
	int rc;
	while (st == PZ_OK && out->n < total && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *why = problem(stmt, 1);
		if (why) {
			snprintf(msg, mlen, _("annotation %lld: %s"), (long long)sqlite3_column_int64(stmt, 0),
			         why);
			st = PZ_SYNTAX;
		} else if ((st = read_row(stmt, &out->v[out->n], msg, mlen)) == PZ_OK) {
			const unsigned char *b = sqlite3_column_text(stmt, BASE_COLUMN);
			if (b && !(out->base[out->n] = strdup((const char *)b)))
				st = PZ_NOMEM;
			out->n++;
		}
	}
	if (st == PZ_OK && out->n < total) {
		snprintf(msg, mlen, "%s", sqlite3_errmsg(db));
		st = PZ_SYNTAX;
	}
	sqlite3_finalize(stmt);
	return st;
}

enum pz_status listing_read(const char *json, size_t n, struct listing *out, char *detail,
                            size_t dlen)
{
	memset(out, 0, sizeof(*out));
	set_detail(detail, dlen, NULL);
	char msg[256] = "";
	if (n > LISTING_MAX_BYTES || n > INT32_MAX) {
		snprintf(msg, sizeof(msg), _("larger than the %zu MiB a listing may be"),
		         LISTING_MAX_BYTES >> 20);
		set_detail(detail, dlen, msg);
		return PZ_SYNTAX;
	}
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
		sqlite3_close(db);
		return PZ_NOMEM;
	}
	size_t total = 0;
	enum pz_status st = check(db, json, n, &out->file, &total, msg, sizeof(msg));
	if (st == PZ_OK && total)
		st = read_rows(db, json, n, total, out, msg, sizeof(msg));
	if (st == PZ_OK)
		st = read_gone(db, json, n, out, msg, sizeof(msg));
	sqlite3_close(db);
	set_detail(detail, dlen, msg);
	if (st != PZ_OK) { /* the file it names stays, for the caller to say which */
		char *file = st == PZ_SYNTAX ? out->file : NULL;
		out->file = NULL;
		listing_release(out);
		out->file = file;
	}
	return st;
}

void listing_release(struct listing *l)
{
	free(l->file);
	for (size_t i = 0; l->base && i < l->n; i++)
		free(l->base[i]);
	free(l->base);
	store_annots_free(l->v, l->n);
	store_annots_free(l->gone, l->ngone);
	memset(l, 0, sizeof(*l));
}

enum pz_status listing_merge(store *st, int64_t doc, int64_t chars, const struct listing *l,
                             struct store_merge_counts *c, char *detail, size_t dlen)
{
	memset(c, 0, sizeof(*c));
	set_detail(detail, dlen, NULL);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].end > chars) {
			char msg[160];
			snprintf(msg, sizeof(msg),
			         _("annotation %zu: has \"start\" and \"end\" beyond the text (%lld characters)"),
			         i, (long long)chars);
			set_detail(detail, dlen, msg);
			return PZ_SYNTAX;
		}
	struct store_merge_item *v = calloc(l->n + l->ngone + 1, sizeof(*v));
	if (!v)
		return PZ_NOMEM;
	for (size_t i = 0; i < l->n; i++) {
		v[i].a = l->v[i]; /* borrowed */
		v[i].base = l->base ? l->base[i] : NULL;
	}
	for (size_t i = 0; i < l->ngone; i++) {
		v[l->n + i].a = l->gone[i];
		v[l->n + i].deleted = true;
	}
	enum pz_status s = store_merge(st, doc, v, l->n + l->ngone, c);
	free(v);
	return s;
}

enum pz_status listing_import(store *st, int64_t doc, int64_t chars, const struct listing *l,
                              size_t *added, size_t *skipped, char *detail, size_t dlen)
{
	struct store_merge_counts c;
	enum pz_status s = listing_merge(st, doc, chars, l, &c, detail, dlen);
	*added = c.added;
	*skipped = s == PZ_OK ? l->n + l->ngone - c.added : 0;
	return s;
}

enum pz_status listing_import_json(store *st, int64_t doc, int64_t chars, const char *json,
                                   size_t n, size_t *added, size_t *skipped, char *detail,
                                   size_t dlen)
{
	struct listing l;
	*added = *skipped = 0;
	enum pz_status s = listing_read(json, n, &l, detail, dlen);
	if (s == PZ_OK)
		s = listing_import(st, doc, chars, &l, added, skipped, detail, dlen);
	listing_release(&l);
	return s;
}
