/* Sync's side of the store (store_sync.h): change sets checked, packed and applied;
 * every touched tag brought to what its operations say (the merge rules are in the
 * header). The operations are recorded by the triggers of schema 12 (store.c). */
#include "pizhu/store_sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "pizhu/i18n.h"
#include "store_sql.h"

/* ---- checking a change set ---- */

void store_sync_info_release(struct store_sync_info *info)
{
	if (!info)
		return;
	free(info->name);
	free(info->title);
	for (size_t i = 0; i < info->ntexts; i++)
		free(info->texts[i]);
	free(info->texts);
	memset(info, 0, sizeof(*info));
}

/* A lower-case UUID of 36 characters, in SQL (x a text expression). */
#define SQL_IS_UUID(x)                                                                   \
	"(typeof(" x ") = 'text' AND length(" x ") = 36 AND " x " GLOB"                          \
	" '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-"                      \
	"[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-"                       \
	"[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f]*' AND NOT " x " GLOB '*[^0-9a-f-]*')"
#define SQL_TEXT_MAX(x, max)                                                             \
	"(typeof(" x ") = 'text' AND length(CAST(" x " AS BLOB)) <= " max ")"
#define FIELD_MAX "65536"
#define QUOTE_MAX "1048576"
#define FIELD_MAX_N 65536
#define QUOTE_MAX_N 1048576
#define SQL_IS_DATE(x)                                                                   \
	"(" x " = '' OR (" x " GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND"               \
	" date(" x ") = " x "))"
#define SQL_IS_TYPE(x)                                                                   \
	"(typeof(" x ") = 'text' AND " x " != '' AND length(" x ") <= 64 AND"                     \
	" NOT " x " GLOB '*[^a-z0-9-]*')"
#define SQL_IS_BIT(x) "(typeof(" x ") = 'text' AND " x " IN ('0', '1'))"
#define SQL_IS_KEY(x)                                                                    \
	"(typeof(" x ") = 'text' AND length(" x ") BETWEEN 18 AND 36 AND substr(" x ", 17, 1) = '-'" \
	" AND NOT substr(" x ", 1, 16) GLOB '*[^0-9a-f]*' AND substr(" x ", 18) != ''"             \
	" AND NOT substr(" x ", 18) GLOB '*[^0-9]*')"

/* The operations of ?1, each with every member the checks need taken out once (its
 * text kept, materialized: json_each renders it afresh at every mention). The checks
 * are made in C (op_problem): done in SQL, with patterns, they cost more than all the
 * rest of a sync of ten thousand tags. */
enum {
	C_KEY, C_TYPE, C_ID, C_TAG, C_AT, C_AUTHOR, C_PARENTS, C_FIELD, C_V, C_VT,
	C_VID, C_VAUTHOR, C_VAT, C_VTEXT, C_QUOTE, C_PREFIX, C_SUFFIX, C_SECTION, C_NOTE,
	C_OWNER, C_DUE, C_DONE, C_DELETED, C_ATYPE, C_CREATED, C_START, C_END, C_VERSION
};
#define OP_MEMBER(path) ", CASE WHEN type = 'object' THEN value ->> '" path "' END"
#define OP_COLUMNS                                                                       \
	"WITH j(key, type, value) AS MATERIALIZED (SELECT key, type, value"                  \
	"  FROM json_each(?1, '$.ops'))"                                                     \
	" SELECT key, type" OP_MEMBER("$.id") OP_MEMBER("$.tag") OP_MEMBER("$.at")           \
	OP_MEMBER("$.author") OP_MEMBER("$.parents") OP_MEMBER("$.field")                    \
	OP_MEMBER("$.value") ", CASE WHEN type = 'object' THEN json_type(value, '$.value') END" \
	OP_MEMBER("$.value.id") OP_MEMBER("$.value.author") OP_MEMBER("$.value.at")          \
	OP_MEMBER("$.value.text") OP_MEMBER("$.value.quote") OP_MEMBER("$.value.prefix")     \
	OP_MEMBER("$.value.suffix") OP_MEMBER("$.value.section") OP_MEMBER("$.value.note")   \
	OP_MEMBER("$.value.owner") OP_MEMBER("$.value.due") OP_MEMBER("$.value.done")        \
	OP_MEMBER("$.value.deleted") OP_MEMBER("$.value.type") OP_MEMBER("$.value.created")  \
	OP_MEMBER("$.value.start") OP_MEMBER("$.value.end") OP_MEMBER("$.value.version")     \
	" FROM j"

static const char *col_text(sqlite3_stmt *q, int c)
{
	return sqlite3_column_type(q, c) == SQLITE_TEXT ? (const char *)sqlite3_column_text(q, c)
	                                                : NULL;
}

/* A text of at most max bytes. */
static bool col_text_max(sqlite3_stmt *q, int c, int max)
{
	return col_text(q, c) && sqlite3_column_bytes(q, c) <= max;
}

static bool col_int(sqlite3_stmt *q, int c)
{
	return sqlite3_column_type(q, c) == SQLITE_INTEGER;
}

/* Every byte of column c (a text) is one of set (a NUL is not). */
static bool all_of(sqlite3_stmt *q, int c, const char *t, const char *set)
{
	return strspn(t, set) == (size_t)sqlite3_column_bytes(q, c);
}

#define HEX "0123456789abcdef"
#define DIGITS "0123456789"

/* A lower-case UUID: 8-4-4-4-12 hexadecimal digits. */
static bool col_uuid(sqlite3_stmt *q, int c)
{
	const char *t = col_text(q, c);
	if (!t || sqlite3_column_bytes(q, c) != STORE_UUID_LEN)
		return false;
	for (int i = 0; i < STORE_UUID_LEN; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23 ? t[i] != '-' : !strchr(HEX, t[i]) || !t[i])
			return false;
	return true;
}

/* '' or a date as YYYY-MM-DD, month 01 to 12, day 01 to 31: what SQLite's date()
 * gives back unchanged, as the check was first written (2023-02-31 included). */
static bool col_date(sqlite3_stmt *q, int c)
{
	const char *t = col_text(q, c);
	if (!t)
		return false;
	if (!*t)
		return true;
	if (sqlite3_column_bytes(q, c) != 10 || t[4] != '-' || t[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !(t[i] >= '0' && t[i] <= '9'))
			return false;
	int m = (t[5] - '0') * 10 + (t[6] - '0'), d = (t[8] - '0') * 10 + (t[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static bool col_bit(sqlite3_stmt *q, int c)
{
	const char *t = col_text(q, c);
	return t && sqlite3_column_bytes(q, c) == 1 && (*t == '0' || *t == '1');
}

/* A tag type's name: 1 to 64 of a-z, 0-9 and '-'. */
static bool col_type(sqlite3_stmt *q, int c)
{
	const char *t = col_text(q, c);
	return t && *t && sqlite3_column_bytes(q, c) <= 64 && all_of(q, c, t, "abcdefghijklmnopqrstuvwxyz" DIGITS "-");
}

/* A text's key: 16 hexadecimal digits, '-', its length in bytes. */
static bool text_key(const char *t, size_t n)
{
	if (n < 18 || n > 36 || t[16] != '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (i != 16 && (!t[i] || !strchr(i < 16 ? HEX : DIGITS, t[i])))
			return false;
	return true;
}

/* Why the operation of q's row (OP_COLUMNS) cannot be taken, or NULL. */
static const char *op_problem(sqlite3_stmt *q)
{
	const char *t = col_text(q, C_TYPE);
	if (!t || strcmp(t, "object"))
		return "is not an object";
	if (!col_uuid(q, C_ID))
		return "has no valid \"id\"";
	if (!col_uuid(q, C_TAG))
		return "has no valid \"tag\"";
	if (!col_int(q, C_AT) || sqlite3_column_int64(q, C_AT) < 0)
		return "has no valid \"at\"";
	if (!col_text_max(q, C_AUTHOR, 255))
		return "has no valid \"author\"";
	const char *parents = col_text(q, C_PARENTS);
	if (!parents || sqlite3_column_bytes(q, C_PARENTS) > 37 * 64 || !all_of(q, C_PARENTS, parents, HEX ",-"))
		return "has no valid \"parents\"";
	const char *f = col_text(q, C_FIELD);
	f = f ? f : "";
	bool object = (t = col_text(q, C_VT)) && !strcmp(t, "object");
	if (!strcmp(f, "note") || !strcmp(f, "owner"))
		return col_text_max(q, C_V, FIELD_MAX_N) ? NULL : "has no valid \"value\"";
	if (!strcmp(f, "due"))
		return col_date(q, C_V) ? NULL : "has no valid \"value\"";
	if (!strcmp(f, "done") || !strcmp(f, "deleted"))
		return col_bit(q, C_V) ? NULL : "has no valid \"value\"";
	if (!strcmp(f, "type"))
		return col_type(q, C_V) ? NULL : "has no valid \"value\"";
	if (!strcmp(f, "reply"))
		return object && col_uuid(q, C_VID) && col_text_max(q, C_VAUTHOR, 255) &&
		       col_int(q, C_VAT) && col_text_max(q, C_VTEXT, FIELD_MAX_N) &&
		       sqlite3_column_bytes(q, C_VTEXT) > 0 ? NULL : "has no valid reply";
	if (!strcmp(f, "place")) { /* a passage: where the tag stands now (format 2) */
		const char *v = col_text(q, C_VERSION);
		bool ok = object && col_text_max(q, C_QUOTE, QUOTE_MAX_N) &&
		          sqlite3_column_bytes(q, C_QUOTE) > 0 && col_text_max(q, C_PREFIX, FIELD_MAX_N) &&
		          col_text_max(q, C_SUFFIX, FIELD_MAX_N) && col_text_max(q, C_SECTION, FIELD_MAX_N) &&
		          col_int(q, C_START) && col_int(q, C_END) && sqlite3_column_int64(q, C_START) >= 0 &&
		          sqlite3_column_int64(q, C_END) >= sqlite3_column_int64(q, C_START) && v &&
		          (!*v || text_key(v, (size_t)sqlite3_column_bytes(q, C_VERSION)));
		return ok ? NULL : "has no valid passage";
	}
	if (!strcmp(f, "add")) {
		const char *v = col_text(q, C_VERSION);
		bool ok = object && col_text_max(q, C_QUOTE, QUOTE_MAX_N) &&
		          sqlite3_column_bytes(q, C_QUOTE) > 0 && col_text_max(q, C_PREFIX, FIELD_MAX_N) &&
		          col_text_max(q, C_SUFFIX, FIELD_MAX_N) && col_text_max(q, C_SECTION, FIELD_MAX_N) &&
		          col_text_max(q, C_VAUTHOR, 255) && col_text_max(q, C_NOTE, FIELD_MAX_N) &&
		          col_text_max(q, C_OWNER, FIELD_MAX_N) && col_date(q, C_DUE) &&
		          col_bit(q, C_DONE) && col_bit(q, C_DELETED) && col_type(q, C_ATYPE) &&
		          col_int(q, C_CREATED) && col_int(q, C_START) && col_int(q, C_END) &&
		          sqlite3_column_int64(q, C_START) >= 0 &&
		          sqlite3_column_int64(q, C_END) >= sqlite3_column_int64(q, C_START) && v &&
		          (!*v || text_key(v, (size_t)sqlite3_column_bytes(q, C_VERSION)));
		return ok ? NULL : "has no valid tag";
	}
	return "has no valid \"field\"";
}

/* The problems op_problem and the check of a change set's head (in its SQL) give, in
 * English, marked here for the catalogue and translated where they are said (gettext
 * finds a msgid by its text). */
static const char *const sql_problems[] __attribute__((unused)) = {
	N_("is not an object"),        N_("has no valid \"id\""),
	N_("has no valid \"tag\""),    N_("has no valid \"at\""),
	N_("has no valid \"author\""), N_("has no valid \"parents\""),
	N_("has no valid \"value\""),  N_("has no valid reply"),
	N_("has no valid tag"),        N_("has no valid \"field\""),
	N_("has no valid \"set\""),    N_("has no valid \"doc\""),
	N_("has no valid \"name\""),   N_("has no valid \"title\""),
	N_("has no valid \"texts\""),  N_("has no \"ops\" array"),
	N_("has too many operations"),  N_("has no valid passage"),
};

/* fmt with what (translated) and n into detail. */
static void say(char *detail, size_t dlen, const char *fmt, const char *what, long long n)
{
	if (detail && dlen)
		snprintf(detail, dlen, fmt, _(what), n);
}

/* True when json[0..len) has an escaped UTF-16 surrogate (\uD800-\uDFFF), which would
 * come out of SQLite's JSON as bytes that are not UTF-8. */
static bool has_surrogate(const char *json, size_t len)
{
	for (size_t i = 0; i + 5 < len; i++)
		if (json[i] == '\\') {
			if (json[i + 1] == 'u' && (json[i + 2] == 'd' || json[i + 2] == 'D') &&
			    strchr("89abcdefABCDEF", json[i + 3]) && json[i + 3])
				return true;
			i++; /* the escaped character is not a backslash that starts one */
		}
	return false;
}

enum pz_status store_sync_check(store *s, const char *json, size_t len,
                                struct store_sync_info *info, char *detail, size_t dlen)
{
	memset(info, 0, sizeof(*info));
	if (len > STORE_SYNC_MAX_BYTES) {
		say(detail, dlen, "%s %lld MiB", N_("larger than"), (long long)(STORE_SYNC_MAX_BYTES >> 20));
		return PZ_SYNTAX;
	}
	if (memchr(json, '\0', len) || u8_check((const uint8_t *)json, len)) {
		say(detail, dlen, "%s%.0lld", N_("not UTF-8 text"), 0);
		return PZ_SYNTAX;
	}
	if (has_surrogate(json, len)) {
		say(detail, dlen, "%s%.0lld", N_("an escaped surrogate (not UTF-8)"), 0);
		return PZ_SYNTAX;
	}
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s,
	                     "SELECT json_valid(?1), CASE WHEN json_valid(?1) THEN json_type(?1) END,"
	                     " CASE WHEN json_valid(?1) AND json_type(?1) = 'object' THEN"
	                     " json_type(?1, '$.pizhu-sync') END,"
	                     " CASE WHEN json_valid(?1) AND json_type(?1) = 'object' THEN"
	                     " ?1 ->> '$.pizhu-sync' END,"
	                     /* the operations' array said, the rest taken apart (small) */
	                     " CASE WHEN json_valid(?1) AND json_type(?1) = 'object' THEN"
	                     " json_type(?1, '$.ops') END,"
	                     " CASE WHEN json_valid(?1) AND json_type(?1, '$.ops') = 'array' THEN"
	                     " json_array_length(?1, '$.ops') END,"
	                     " CASE WHEN json_valid(?1) AND json_type(?1) = 'object' THEN"
	                     " json_remove(?1, '$.ops') END",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sqlite3_bind_text(stmt, 1, json, (int)len, SQLITE_STATIC);
	enum pz_status st = PZ_OK;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		st = sql_status(sqlite3_errcode(sqlite3_db_handle(stmt)));
	} else if (!sqlite3_column_int(stmt, 0)) {
		say(detail, dlen, "%s%.0lld", N_("not JSON"), 0);
		st = PZ_SYNTAX;
	} else if (!sqlite3_column_text(stmt, 1) ||
	           strcmp((const char *)sqlite3_column_text(stmt, 1), "object")) {
		say(detail, dlen, "%s%.0lld", N_("not a JSON object"), 0);
		st = PZ_SYNTAX;
	} else if (!sqlite3_column_text(stmt, 2) ||
	           strcmp((const char *)sqlite3_column_text(stmt, 2), "integer") ||
	           sqlite3_column_int64(stmt, 3) < 1) {
		say(detail, dlen, "%s%.0lld", N_("not a change set of pizhu's (no \"pizhu-sync\" format)"), 0);
		st = PZ_SYNTAX;
	} else if (sqlite3_column_int64(stmt, 3) > STORE_SYNC_FORMAT) {
		long long f = sqlite3_column_int64(stmt, 3);
		if (detail && dlen)
			snprintf(detail, dlen, _("format %lld, from a newer pizhu (this one reads up to %d)"), f,
			         STORE_SYNC_FORMAT);
		st = PZ_DBNEWER;
	}
	char *head = NULL, *ops_type = NULL;
	long long nops = sqlite3_column_int64(stmt, 5);
	if (st == PZ_OK && (!(head = sql_dup_column(stmt, 6)) || !(ops_type = sql_dup_column(stmt, 4))))
		st = PZ_NOMEM;
	sqlite3_finalize(stmt);
	if (st != PZ_OK) {
		free(head);
		free(ops_type);
		return st;
	}
	info->format = STORE_SYNC_FORMAT;
	rc = sql_prepare(s,
	                 "SELECT CASE"
	                 " WHEN NOT " SQL_IS_UUID("?1 ->> 'set'") " THEN 'has no valid \"set\"'"
	                 " WHEN NOT " SQL_IS_UUID("?1 ->> 'doc'") " THEN 'has no valid \"doc\"'"
	                 " WHEN NOT " SQL_TEXT_MAX("?1 ->> 'name'", "255") " OR (?1 ->> 'name') IN"
	                 "  ('', '.', '..') OR instr(?1 ->> 'name', '/') OR instr(?1 ->> 'name',"
	                 "  char(92)) OR (?1 ->> 'name') GLOB '*[' || char(1) || '-' || char(31) || ']*'"
	                 "  THEN 'has no valid \"name\"'"
	                 " WHEN NOT " SQL_TEXT_MAX("?1 ->> 'title'", FIELD_MAX)
	                 "  THEN 'has no valid \"title\"'"
	                 " WHEN json_type(?1, '$.texts') IS NOT 'array'"
	                 "  OR json_array_length(?1, '$.texts') > 100000"
	                 "  OR EXISTS (SELECT 1 FROM json_each(?1, '$.texts') WHERE NOT "
	                 SQL_IS_KEY("value") ") THEN 'has no valid \"texts\"'"
	                 " WHEN ?3 IS NOT 'array' THEN 'has no \"ops\" array'"
	                 " WHEN ?4 > ?2 THEN 'has too many operations'"
	                 " END, ?1 ->> 'set', ?1 ->> 'doc', ?1 ->> 'name', ?1 ->> 'title',"
	                 " ?4, json_array_length(?1, '$.texts'), json(?1 -> '$.texts')",
	                 &stmt);
	if (rc != SQLITE_OK) {
		free(head);
		free(ops_type);
		return sql_status(rc);
	}
	/* ?1: the set without its operations, which were looked at above */
	sqlite3_bind_text(stmt, 1, head, -1, free);
	sqlite3_bind_int(stmt, 2, STORE_SYNC_MAX_OPS);
	sqlite3_bind_text(stmt, 3, ops_type, -1, free);
	sqlite3_bind_int64(stmt, 4, nops);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return sql_status(rc);
	}
	if (sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
		say(detail, dlen, "%s%.0lld", (const char *)sqlite3_column_text(stmt, 0), 0);
		sqlite3_finalize(stmt);
		return PZ_SYNTAX;
	}
	char *texts = sql_dup_column(stmt, 7);
	snprintf(info->set, sizeof(info->set), "%s", (const char *)sqlite3_column_text(stmt, 1));
	snprintf(info->doc, sizeof(info->doc), "%s", (const char *)sqlite3_column_text(stmt, 2));
	info->name = sql_dup_column(stmt, 3);
	info->title = sql_dup_column(stmt, 4);
	info->nops = (size_t)sqlite3_column_int64(stmt, 5);
	size_t ntexts = (size_t)sqlite3_column_int64(stmt, 6);
	sqlite3_finalize(stmt);
	if (!texts || !info->name || !info->title ||
	    !(info->texts = calloc(ntexts + 1, sizeof(char *)))) {
		free(texts);
		store_sync_info_release(info);
		return PZ_NOMEM;
	}
	rc = sql_prepare(s, "SELECT value FROM json_each(?1) ORDER BY key", &stmt);
	if (rc != SQLITE_OK) {
		free(texts);
		store_sync_info_release(info);
		return sql_status(rc);
	}
	sqlite3_bind_text(stmt, 1, texts, -1, free);
	while (info->ntexts < ntexts && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (!(info->texts[info->ntexts] = sql_dup_column(stmt, 0)))
			break;
		info->ntexts++;
	}
	sqlite3_finalize(stmt);
	if (info->ntexts < ntexts) {
		store_sync_info_release(info);
		return PZ_NOMEM;
	}
	/* the first operation that cannot be taken */
	/* each operation's text taken once (materialized): json_each renders it afresh at
	 * every mention, and the checks mention it forty times */
	rc = sql_prepare(s, OP_COLUMNS, &stmt);
	if (rc != SQLITE_OK) {
		store_sync_info_release(info);
		return sql_status(rc);
	}
	sqlite3_bind_text(stmt, 1, json, (int)len, SQLITE_STATIC);
	long long bad = -1;
	const char *why = NULL;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long long key = sqlite3_column_int64(stmt, C_KEY);
		const char *w = bad < 0 || key < bad ? op_problem(stmt) : NULL;
		if (w) {
			bad = key;
			why = w;
		}
	}
	if (rc != SQLITE_DONE) {
		st = sql_status(rc);
	} else if (why) {
		if (detail && dlen)
			snprintf(detail, dlen, _("operation %lld %s"), bad, _(why));
		st = PZ_SYNTAX;
	}
	sqlite3_finalize(stmt);
	if (st != PZ_OK)
		store_sync_info_release(info);
	return st;
}

/* ---- which document ---- */

/* The document uuid names here: by its id, or an id known to be ours. 0: none. */
static int doc_by_id(store *s, const char *uuid, int64_t *doc)
{
	sqlite3_stmt *stmt;
	*doc = 0;
	int rc = sql_prepare(s, "SELECT id FROM document WHERE uuid = ?1 UNION ALL"
	                        " SELECT document_id FROM sync_alias WHERE uuid = ?1 LIMIT 1",
	                     &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, uuid);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*doc = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The document with a version of one of texts[0..n) (the smallest id when several). */
static int doc_by_text(store *s, char *const *texts, size_t n, int64_t *doc)
{
	*doc = 0;
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT document_id FROM version WHERE hash = substr(?1, 1, 16)"
	                        " AND length = CAST(substr(?1, 18) AS INTEGER)"
	                        " ORDER BY document_id LIMIT 1",
	                     &stmt);
	for (size_t i = 0; rc == SQLITE_OK && i < n && !*doc; i++) {
		sqlite3_reset(stmt);
		sql_bind_str(stmt, 1, texts[i]);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			*doc = sqlite3_column_int64(stmt, 0);
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (stmt)
		sqlite3_finalize(stmt);
	return rc;
}

enum pz_status store_sync_document(store *s, const char *uuid, char *const *texts, size_t n,
                                   int64_t *doc)
{
	int rc = doc_by_id(s, uuid, doc);
	if (rc == SQLITE_OK && !*doc)
		rc = doc_by_text(s, texts, n, doc);
	return sql_status(rc);
}

/* Makes uuid one of doc's ids; when it sorts before doc's own, it becomes doc's, and
 * the old one an alias: every copy comes to the smallest. */
static int adopt(store *s, const char *uuid, int64_t doc)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "INSERT OR IGNORE INTO sync_alias(uuid, document_id)"
	                        " SELECT uuid, id FROM document WHERE id = ?2 AND uuid > ?1;"
	                        , &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, uuid);
	sqlite3_bind_int64(stmt, 2, doc);
	if ((rc = sql_run(stmt)) != SQLITE_OK)
		return rc;
	rc = sql_prepare(s, "UPDATE document SET uuid = ?1 WHERE id = ?2 AND uuid > ?1", &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, uuid);
	sqlite3_bind_int64(stmt, 2, doc);
	if ((rc = sql_run(stmt)) != SQLITE_OK)
		return rc;
	rc = sql_prepare(s, "INSERT OR IGNORE INTO sync_alias(uuid, document_id)"
	                    " SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM document WHERE uuid = ?1)",
	                 &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, uuid);
	sqlite3_bind_int64(stmt, 2, doc);
	return sql_run(stmt);
}

/* The document of a change set here, found (and its id adopted) or 0. */
static int resolve_doc(store *s, const char *uuid, char *const *texts, size_t n, int64_t *doc)
{
	int rc = doc_by_id(s, uuid, doc);
	if (rc != SQLITE_OK || *doc)
		return rc;
	if ((rc = doc_by_text(s, texts, n, doc)) != SQLITE_OK || !*doc)
		return rc;
	return adopt(s, uuid, *doc);
}

/* Enters a document new here (unless it is known by now): its file and title. */
static int add_document(store *s, const struct store_sync_newdoc *d)
{
	int64_t doc;
	int rc = doc_by_id(s, d->doc, &doc);
	if (rc != SQLITE_OK || doc)
		return rc;
	sqlite3_stmt *stmt;
	/* a file sync wrote before (its document since forgotten) is the same document */
	rc = sql_prepare(s, "SELECT id FROM document WHERE path = ?1", &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, d->path);
	rc = sqlite3_step(stmt);
	doc = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (doc)
		return adopt(s, d->doc, doc);
	rc = sql_prepare(s, "INSERT INTO document(path, title, last_opened, length, uuid)"
	                    " VALUES(?1, ?2, ?3, ?4, ?5)",
	                 &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, d->path);
	sql_bind_str(stmt, 2, d->title);
	sqlite3_bind_int64(stmt, 3, sql_now());
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)d->length);
	sql_bind_str(stmt, 5, d->doc);
	return sql_run(stmt);
}

/* Keeps a text of another copy as a version of its document here (when the document
 * is known), unless kept already. */
static int add_text(store *s, const struct store_sync_text *t, char *const *keys, size_t nkeys)
{
	int64_t doc;
	int rc = resolve_doc(s, t->doc, keys, nkeys, &doc);
	if (rc != SQLITE_OK || !doc)
		return rc;
	sqlite3_stmt *stmt;
	rc = sql_prepare(s, "INSERT OR IGNORE INTO version(document_id, hash, length, first_seen)"
	                    " VALUES(?1, substr(?2, 1, 16), CAST(substr(?2, 18) AS INTEGER), ?3)",
	                 &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, doc);
	sql_bind_str(stmt, 2, t->key);
	sqlite3_bind_int64(stmt, 3, sql_now());
	if ((rc = sql_run(stmt)) != SQLITE_OK)
		return rc;
	rc = sql_prepare(s, "INSERT OR IGNORE INTO version_text(version_id, path, method, data)"
	                    " SELECT v.id, d.path, 0, ?3 FROM version v JOIN document d"
	                    " ON d.id = v.document_id WHERE v.document_id = ?1"
	                    " AND v.hash = substr(?2, 1, 16)"
	                    " AND v.length = CAST(substr(?2, 18) AS INTEGER)",
	                 &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, doc);
	sql_bind_str(stmt, 2, t->key);
	sqlite3_bind_blob(stmt, 3, t->len ? t->data : "", (int)t->len, SQLITE_STATIC);
	return sql_run(stmt);
}

/* ---- the merge: a tag from its operations ---- */

/* The fields of a tag's register; the passage (place, JSON) last: it is written apart. */
enum { F_NOTE, F_DUE, F_OWNER, F_DONE, F_TYPE, F_DELETED, F_PLACE, NFIELDS, F_ADD = NFIELDS };
static const char *const field_names[NFIELDS] = {"note", "due", "owner", "done", "type",
                                                 "deleted", "place"};
/* May be in dispute. */
#define DISPUTABLE(f) ((f) < F_TYPE || (f) == F_PLACE)

/* A passage as one value (JSON of x's members, in SQL), in the order of the trigger's
 * (store.c SYNC_PLACE_VALUE): the same passage is the same text on every copy. */
#define PLACE_OF(x)                                                                      \
	"json_object('start', " x " ->> 'start', 'end', " x " ->> 'end', 'quote', " x " ->> 'quote',"\
	" 'prefix', " x " ->> 'prefix', 'suffix', " x " ->> 'suffix', 'section', " x " ->> 'section',"\
	" 'version', ifnull(" x " ->> 'version', ''))"

struct op {
	char *id, *author, *parents;
	int field;                 /* F_* */
	int64_t at;
	char *value[NFIELDS];      /* the add: every field's; a change: value[field] */
	char *doc;
};

static void ops_free(struct op *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].author);
		free(v[i].parents);
		free(v[i].doc);
		for (int f = 0; f < NFIELDS; f++)
			free(v[i].value[f]);
	}
	free(v);
}

static int field_index(const char *name)
{
	if (!strcmp(name, "add"))
		return F_ADD;
	for (int f = 0; f < NFIELDS; f++)
		if (!strcmp(name, field_names[f]))
			return f;
	return -1;
}

/* True when op p replaced the operation id (its parents name it). */
static bool replaced(const struct op *p, const char *id)
{
	size_t n = strlen(id);
	for (const char *q = p->parents; (q = strstr(q, id)); q += n)
		if ((q == p->parents || q[-1] == ',') && (q[n] == ',' || q[n] == '\0'))
			return true;
	return false;
}

/* a after b: newer, or as new with the larger id. */
static bool newer(const struct op *a, const struct op *b)
{
	return a->at != b->at ? a->at > b->at : strcmp(a->id, b->id) > 0;
}

/* What field f of a tag is: the newest head, and the newest head of another value
 * (NULL: none, not disputed). */
static void register_of(const struct op *v, size_t n, int f, const struct op **win,
                        const struct op **other)
{
	*win = *other = NULL;
	for (size_t i = 0; i < n; i++) {
		if (v[i].field != f && v[i].field != F_ADD)
			continue;
		bool head = true;
		for (size_t j = 0; head && j < n; j++)
			if (v[j].field == f && replaced(&v[j], v[i].id))
				head = false;
		if (head && (!*win || newer(&v[i], *win)))
			*win = &v[i];
	}
	if (!*win)
		return;
	for (size_t i = 0; i < n; i++) {
		if ((v[i].field != f && v[i].field != F_ADD) || &v[i] == *win ||
		    !strcmp(v[i].value[f], (*win)->value[f]))
			continue;
		bool head = true;
		for (size_t j = 0; head && j < n; j++)
			if (v[j].field == f && replaced(&v[j], v[i].id))
				head = false;
		if (head && (!*other || newer(&v[i], *other)))
			*other = &v[i];
	}
}

/* The prepared statements of one apply. */
struct merge {
	store *s;
	sqlite3_stmt *ops, *row, *insert, *addjson, *update, *undispute, *dispute, *replies, *doc,
		*place;
	struct store_sync_counts *c;
	/* the document last looked up (the tags of a set mostly share one) */
	char doc_uuid[STORE_UUID_LEN + 1];
	int64_t doc_id;
};

/* The document uuid names here (doc_by_id, with the statement and answer kept). */
static int merge_doc(struct merge *m, const char *uuid, int64_t *doc)
{
	if (m->doc_id && !strcmp(m->doc_uuid, uuid)) {
		*doc = m->doc_id;
		return SQLITE_OK;
	}
	sqlite3_stmt *q = m->doc;
	sqlite3_reset(q);
	sql_bind_str(q, 1, uuid);
	int rc = sqlite3_step(q);
	*doc = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (*doc) {
		snprintf(m->doc_uuid, sizeof(m->doc_uuid), "%s", uuid);
		m->doc_id = *doc;
	}
	return SQLITE_OK;
}

/* The operations of tag but its replies (*nreplies: how many). */
static int load_ops(struct merge *m, const char *tag, struct op **out, size_t *nout,
                    size_t *nreplies)
{
	sqlite3_stmt *q = m->ops;
	sqlite3_reset(q);
	sql_bind_str(q, 1, tag);
	struct op *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	*nreplies = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *fname = sqlite3_column_text(q, 1);
		int f = fname ? field_index((const char *)fname) : -1;
		if (f < 0) {
			if (fname && !strcmp((const char *)fname, "reply"))
				(*nreplies)++;
			continue;
		}
		if (!sql_grow(&v, &cap, n, sizeof(*v))) {
			rc = SQLITE_NOMEM;
			break;
		}
		struct op *o = &v[n];
		memset(o, 0, sizeof(*o));
		n++;
		o->field = f;
		o->id = sql_dup_column(q, 0);
		o->at = sqlite3_column_int64(q, 2);
		o->author = sql_dup_column(q, 3);
		o->parents = sql_dup_column(q, 4);
		o->doc = sql_dup_column(q, 5);
		bool ok = o->id && o->author && o->parents && o->doc;
		for (int k = 0; k < NFIELDS; k++) {
			/* a change holds its own field; the add, all (columns 7..13) */
			int col = f == F_ADD ? 7 + k : k == f ? 6 : -1;
			if (col >= 0 && !(o->value[k] = sql_dup_column(q, col)))
				ok = false;
		}
		if (!ok) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		ops_free(v, n);
		return rc;
	}
	*out = v;
	*nout = n;
	return SQLITE_OK;
}

/* Brings tag to what its operations say. */
static int merge_tag(struct merge *m, const char *tag)
{
	struct op *v = NULL;
	size_t n = 0, nreplies = 0;
	int rc = load_ops(m, tag, &v, &n, &nreplies);
	if (rc != SQLITE_OK)
		return rc;
	const struct op *add = NULL, *last = NULL;
	for (size_t i = 0; i < n; i++) {
		if (v[i].field == F_ADD && (!add || strcmp(v[i].id, add->id) < 0))
			add = &v[i];
		if (!last || newer(&v[i], last))
			last = &v[i];
	}
	if (!add) { /* its add has not come yet: later */
		ops_free(v, n);
		return SQLITE_OK;
	}
	const struct op *win[NFIELDS], *other[NFIELDS];
	for (int f = 0; f < NFIELDS; f++)
		register_of(v, n, f, &win[f], &other[f]);
	bool deleted = !strcmp(win[F_DELETED]->value[F_DELETED], "1");
	for (size_t i = 0; deleted && i < n; i++)
		if (v[i].field != F_DELETED && v[i].at > win[F_DELETED]->at)
			deleted = false; /* an edit newer than the deletion: the tag stays */

	/* this copy's row */
	sqlite3_stmt *q = m->row;
	sqlite3_reset(q);
	sql_bind_str(q, 1, tag);
	rc = sqlite3_step(q);
	int64_t id = 0;
	bool same = false, was_deleted = false, had_dispute = false, moved = false;
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		was_deleted = sqlite3_column_int(q, 6) != 0;
		same = !was_deleted == !deleted && sqlite3_column_int64(q, 7) == last->at;
		for (int f = 0; same && f < F_DELETED; f++) {
			const unsigned char *t = sqlite3_column_text(q, 1 + f);
			same = t && !strcmp((const char *)t, win[f]->value[f]);
		}
		const unsigned char *ed = sqlite3_column_text(q, 8);
		same = same && ed && !strcmp((const char *)ed, last->author);
		/* what tags import last agreed on goes: the operations are what copies agree on */
		same = same && !sqlite3_column_int(q, 9);
		had_dispute = sqlite3_column_int(q, 10) != 0;
		const unsigned char *pl = sqlite3_column_text(q, 11);
		moved = !pl || strcmp((const char *)pl, win[F_PLACE]->value[F_PLACE]);
		same = same && !moved;
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_reset(q);
	if (rc == SQLITE_OK && !id) {
		int64_t doc;
		rc = merge_doc(m, add->doc, &doc);
		if (rc != SQLITE_OK || !doc) { /* its document is not here (no text): later */
			ops_free(v, n);
			return rc;
		}
		q = m->insert;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, doc);
		sql_bind_str(q, 2, tag);
		sqlite3_bind_text(q, 3, "", 0, SQLITE_STATIC);
		for (int f = 0; f < F_PLACE; f++)
			sql_bind_str(q, 4 + f, win[f]->value[f]);
		sqlite3_bind_int64(q, 10, last->at);
		sql_bind_str(q, 11, last->author);
		sqlite3_bind_int(q, 12, deleted);
		/* where it stands and who made it: the add's */
		sqlite3_stmt *j = m->addjson;
		sqlite3_reset(j);
		sql_bind_str(j, 1, add->id);
		rc = sqlite3_step(j);
		if (rc == SQLITE_ROW) {
			for (int k = 0; k < 9; k++)
				sqlite3_bind_value(q, 13 + k, sqlite3_column_value(j, k));
			rc = sqlite3_step(q);
			rc = rc == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(m->s->db);
			id = sqlite3_last_insert_rowid(m->s->db);
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_CORRUPT;
		}
		sqlite3_reset(q);
		sqlite3_reset(j);
		/* moved since it was made: where its newest passage says */
		moved = win[F_PLACE] != add && strcmp(win[F_PLACE]->value[F_PLACE], add->value[F_PLACE]);
		if (rc == SQLITE_OK && m->c && !deleted)
			m->c->added++;
	} else if (rc == SQLITE_OK && !same) {
		q = m->update;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, id);
		for (int f = 0; f < F_PLACE; f++)
			sql_bind_str(q, 4 + f, win[f]->value[f]);
		sqlite3_bind_int64(q, 10, last->at);
		sql_bind_str(q, 11, last->author);
		sqlite3_bind_int(q, 12, deleted);
		rc = sqlite3_step(q);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_reset(q);
		if (rc == SQLITE_OK && m->c) {
			if (deleted && !was_deleted)
				m->c->deleted++;
			else if (!deleted)
				m->c->updated++;
		}
	}
	/* the passage, when it is not where the operations put it */
	if (rc == SQLITE_OK && id && moved && !deleted) {
		q = m->place;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, id);
		sql_bind_str(q, 2, win[F_PLACE]->value[F_PLACE]);
		rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(m->s->db);
		sqlite3_reset(q);
	}
	/* the disputes: of a live tag, between its heads */
	if (rc == SQLITE_OK && had_dispute) {
		q = m->undispute;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, id);
		rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(m->s->db);
		sqlite3_reset(q);
	}
	bool disputed = false;
	for (int f = 0; rc == SQLITE_OK && !deleted && f < NFIELDS; f++) {
		if (!DISPUTABLE(f) || !other[f])
			continue;
		disputed = true;
		q = m->dispute;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, id);
		sql_bind_str(q, 2, field_names[f]);
		sql_bind_str(q, 3, win[f]->value[f]);
		sql_bind_str(q, 4, win[f]->author);
		sql_bind_str(q, 5, other[f]->value[f]);
		sql_bind_str(q, 6, other[f]->author);
		rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(m->s->db);
		sqlite3_reset(q);
	}
	if (disputed && m->c)
		m->c->disputed++;
	/* every reply */
	if (rc == SQLITE_OK && nreplies) {
		q = m->replies;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, id);
		sql_bind_str(q, 2, tag);
		rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(m->s->db);
		sqlite3_reset(q);
	}
	ops_free(v, n);
	return rc;
}

static void merge_release(struct merge *m)
{
	sqlite3_finalize(m->ops);
	sqlite3_finalize(m->row);
	sqlite3_finalize(m->insert);
	sqlite3_finalize(m->addjson);
	sqlite3_finalize(m->update);
	sqlite3_finalize(m->undispute);
	sqlite3_finalize(m->dispute);
	sqlite3_finalize(m->replies);
	sqlite3_finalize(m->doc);
	sqlite3_finalize(m->place);
}

static int merge_prepare(struct merge *m)
{
	int rc = sql_prepare(m->s,
	                     "SELECT id, field, at, author, parents, doc,"
	                     " CASE WHEN field = 'place' THEN " PLACE_OF("value")
	                     " WHEN field NOT IN ('add', 'reply') THEN value END,"
	                     " CASE field WHEN 'add' THEN value ->> 'note' END,"
	                     " CASE field WHEN 'add' THEN value ->> 'due' END,"
	                     " CASE field WHEN 'add' THEN value ->> 'owner' END,"
	                     " CASE field WHEN 'add' THEN value ->> 'done' END,"
	                     " CASE field WHEN 'add' THEN value ->> 'type' END,"
	                     " CASE field WHEN 'add' THEN value ->> 'deleted' END,"
	                     " CASE field WHEN 'add' THEN " PLACE_OF("value") " END"
	                     " FROM sync_op WHERE tag = ?1",
	                     &m->ops);
	if (rc == SQLITE_OK)
		rc = sql_prepare(m->s, "SELECT id, note, due, owner, done, type, deleted, modified,"
		                       " editor, base IS NOT NULL, EXISTS (SELECT 1 FROM dispute"
		                       " WHERE annotation_id = annotation.id), json_object('start', start,"
		                       " 'end', \"end\", 'quote', quote, 'prefix', prefix, 'suffix', suffix,"
		                       " 'section', section, 'version', ifnull((SELECT v.hash || '-' ||"
		                       " v.length FROM version v WHERE v.id = version_id), ''))"
		                       " FROM annotation WHERE uuid = ?1",
		                 &m->row);
	if (rc == SQLITE_OK)
		rc = sql_prepare(m->s,
		                 "UPDATE annotation SET start = ?2 ->> 'start',"
		                 " \"end\" = max(?2 ->> 'start', ?2 ->> 'end'), quote = ?2 ->> 'quote',"
		                 " prefix = ?2 ->> 'prefix', suffix = ?2 ->> 'suffix',"
		                 " section = ?2 ->> 'section', anchor = 'anchored', version_id ="
		                 " (SELECT v.id FROM version v WHERE v.document_id = annotation.document_id"
		                 " AND v.hash = substr(?2 ->> 'version', 1, 16)"
		                 " AND v.length = CAST(substr(?2 ->> 'version', 18) AS INTEGER))"
		                 " WHERE id = ?1",
		                 &m->place);
	if (rc == SQLITE_OK)
		rc = sql_prepare(m->s,
		                 "INSERT INTO annotation(document_id, uuid, base, note, due, owner, done,"
		                 " type, deleted, modified, editor, created, author, quote, prefix, suffix,"
		                 " section, start, \"end\", version_id, anchor) VALUES(?1, ?2, NULL, ?4,"
		                 " ?5, ?6, CAST(?7 AS INTEGER), ?8, ?12, ?10, ?11, ?13, ?14, ?15, ?16, ?17,"
		                 " ?18, ?19, max(?19, ?20), (SELECT id FROM version WHERE document_id = ?1"
		                 " AND hash = substr(?21, 1, 16) AND length = CAST(substr(?21, 18) AS"
		                 " INTEGER)), 'anchored')",
		                 &m->insert);
	if (rc == SQLITE_OK)
		rc = sql_prepare(m->s, "SELECT value ->> 'created', value ->> 'author', value ->> 'quote',"
		                       " value ->> 'prefix', value ->> 'suffix', value ->> 'section',"
		                       " value ->> 'start', value ->> 'end', value ->> 'version'"
		                       " FROM sync_op WHERE id = ?1",
		                 &m->addjson);
	if (rc == SQLITE_OK)
		rc = sql_prepare(m->s,
		                 "UPDATE annotation SET note = ?4, due = ?5, owner = ?6,"
		                 " done = CAST(?7 AS INTEGER), type = ?8, deleted = ?12, modified = ?10,"
		                 " editor = ?11, base = NULL WHERE id = ?1",
		                 &m->update);
	if (rc == SQLITE_OK)
		rc = sql_prepare(m->s, "DELETE FROM dispute WHERE annotation_id = ?1", &m->undispute);
	if (rc == SQLITE_OK)
		rc = sql_prepare(m->s, "INSERT INTO dispute(annotation_id, field, mine, mine_author,"
		                       " theirs, theirs_author) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
		                 &m->dispute);
	if (rc == SQLITE_OK)
		rc = sql_prepare(m->s, "INSERT OR IGNORE INTO reply(uuid, annotation_id, author, at, text)"
		                       " SELECT value ->> 'id', ?1, value ->> 'author', value ->> 'at',"
		                       " value ->> 'text' FROM sync_op WHERE tag = ?2 AND field = 'reply'",
		                 &m->replies);
	if (rc == SQLITE_OK)
		rc = sql_prepare(m->s, "SELECT id FROM document WHERE uuid = ?1 UNION ALL"
		                       " SELECT document_id FROM sync_alias WHERE uuid = ?1 LIMIT 1",
		                 &m->doc);
	return rc;
}

/* ---- packing and applying ---- */

/* A new random UUID (version 4, lower case) into out. */
static void new_uuid(char out[STORE_UUID_LEN + 1])
{
	unsigned char b[16];
	sqlite3_randomness(sizeof(b), b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, STORE_UUID_LEN + 1,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
	         b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
	         b[15]);
}

/* One new change set per document of the outbox; the tags touched noted. */
static int pack(store *s, struct store_sync_counts *c)
{
	int rc = sql_exec(s->db, "INSERT OR IGNORE INTO temp.sync_touched(tag)"
	                         " SELECT tag FROM sync_op WHERE set_uuid IS NULL");
	sqlite3_stmt *docs = NULL, *mark = NULL, *rec = NULL;
	if (rc == SQLITE_OK)
		rc = sql_prepare(s, "SELECT doc, count(*) FROM sync_op WHERE set_uuid IS NULL"
		                    " GROUP BY doc ORDER BY doc",
		                 &docs);
	if (rc == SQLITE_OK)
		rc = sql_prepare(s, "UPDATE sync_op SET set_uuid = ?1 WHERE set_uuid IS NULL AND doc = ?2",
		                 &mark);
	if (rc == SQLITE_OK)
		rc = sql_prepare(s, "INSERT INTO sync_set(uuid, doc, own) VALUES(?1, ?2, 1)", &rec);
	/* the documents first, then the updates: the query's rows must not change under it */
	char (*list)[STORE_UUID_LEN + 1] = NULL;
	size_t n = 0, cap = 0, nops = 0;
	while (rc == SQLITE_OK && (rc = sqlite3_step(docs)) == SQLITE_ROW) {
		if (!sql_grow(&list, &cap, n, sizeof(*list))) {
			rc = SQLITE_NOMEM;
			break;
		}
		const unsigned char *d = sqlite3_column_text(docs, 0);
		snprintf(list[n++], STORE_UUID_LEN + 1, "%s", d ? (const char *)d : "");
		nops += (size_t)sqlite3_column_int64(docs, 1);
		rc = SQLITE_OK;
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		char set[STORE_UUID_LEN + 1];
		new_uuid(set);
		sqlite3_reset(mark);
		sql_bind_str(mark, 1, set);
		sql_bind_str(mark, 2, list[i]);
		rc = sqlite3_step(mark) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(s->db);
		sqlite3_reset(rec);
		sql_bind_str(rec, 1, set);
		sql_bind_str(rec, 2, list[i]);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(rec) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(s->db);
	}
	if (rc == SQLITE_OK && c) {
		c->sent_sets = n;
		c->sent_ops = nops;
	}
	free(list);
	sqlite3_finalize(docs);
	sqlite3_finalize(mark);
	sqlite3_finalize(rec);
	return rc;
}

/* Enters the operations of a checked change set, unless it was applied before. */
static int take_set(store *s, const struct store_sync_in *in, struct store_sync_counts *c)
{
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "INSERT OR IGNORE INTO sync_set(uuid, doc, own) VALUES(?1, ?2, 0)",
	                     &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, in->info->set);
	sql_bind_str(stmt, 2, in->info->doc);
	if ((rc = sql_run(stmt)) != SQLITE_OK || !sqlite3_changes(s->db))
		return rc; /* applied before: nothing to do */
	rc = sql_prepare(s, "WITH o(value) AS MATERIALIZED (SELECT value FROM json_each(?1, '$.ops'))"
	                    " INSERT OR IGNORE INTO sync_op(id, doc, tag, field, value, at, author,"
	                    " parents, set_uuid) SELECT value ->> 'id', ?2, value ->> 'tag',"
	                    " value ->> 'field', value ->> 'value', value ->> 'at', value ->> 'author',"
	                    " value ->> 'parents', ?3 FROM o",
	                 &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(stmt, 1, in->json, (int)in->len, SQLITE_STATIC);
	sql_bind_str(stmt, 2, in->info->doc);
	sql_bind_str(stmt, 3, in->info->set);
	if ((rc = sql_run(stmt)) != SQLITE_OK)
		return rc;
	if (c) {
		c->got_sets++;
		c->got_ops += (size_t)sqlite3_changes(s->db);
	}
	rc = sql_prepare(s, "INSERT OR IGNORE INTO temp.sync_touched(tag)"
	                    " SELECT tag FROM sync_op WHERE set_uuid = ?1",
	                 &stmt);
	if (rc != SQLITE_OK)
		return rc;
	sql_bind_str(stmt, 1, in->info->set);
	return sql_run(stmt);
}

/* The document of id u (ours or an alias), in SQL. */
#define SQL_DOC_OF(u)                                                                    \
	"(SELECT id FROM document WHERE uuid = " u " UNION ALL"                               \
	" SELECT document_id FROM sync_alias WHERE uuid = " u " LIMIT 1)"

/*
 * The touched tags that are new here and have nothing but their add (and replies),
 * entered at once: what merge_tag would make of each (every field the add's, no
 * dispute), without a statement per tag, which costs more than the row (a sync of
 * ten thousand new tags). They are no longer touched.
 */
static int merge_new_tags(store *s, struct store_sync_counts *c)
{
	int rc = sql_exec(
		s->db,
		"CREATE TEMP TABLE IF NOT EXISTS sync_new(tag TEXT PRIMARY KEY, op TEXT, doc INTEGER);"
		"DELETE FROM temp.sync_new;"
		"INSERT INTO temp.sync_new(tag, op, doc) SELECT t.tag, o.id, " SQL_DOC_OF("o.doc")
		" AS d FROM temp.sync_touched t CROSS JOIN sync_op o ON o.tag = t.tag AND o.field = 'add'"
		" WHERE d IS NOT NULL AND NOT EXISTS (SELECT 1 FROM annotation a WHERE a.uuid = t.tag)"
		" AND NOT EXISTS (SELECT 1 FROM sync_op p WHERE p.tag = t.tag AND p.field != 'reply'"
		"  AND p.id != o.id);"
		"INSERT INTO annotation(document_id, uuid, base, note, due, owner, done, type, deleted,"
		" modified, editor, created, author, quote, prefix, suffix, section, start, \"end\","
		" version_id, anchor) SELECT n.doc, n.tag, NULL, v ->> 'note', v ->> 'due',"
		" v ->> 'owner', CAST(v ->> 'done' AS INTEGER), v ->> 'type', (v ->> 'deleted') = '1',"
		" o.at, o.author, v ->> 'created', v ->> 'author', v ->> 'quote', v ->> 'prefix',"
		" v ->> 'suffix', v ->> 'section', v ->> 'start', max(v ->> 'start', v ->> 'end'),"
		" (SELECT id FROM version WHERE document_id = n.doc AND hash = substr(v ->> 'version',"
		" 1, 16) AND length = CAST(substr(v ->> 'version', 18) AS INTEGER)), 'anchored'"
		" FROM temp.sync_new n JOIN (SELECT id, at, author, value AS v FROM sync_op) o"
		" ON o.id = n.op ORDER BY n.tag;"
		"INSERT OR IGNORE INTO reply(uuid, annotation_id, author, at, text)"
		" SELECT o.value ->> 'id', a.id, o.value ->> 'author', o.value ->> 'at',"
		" o.value ->> 'text' FROM temp.sync_new n JOIN sync_op o ON o.tag = n.tag"
		" AND o.field = 'reply' JOIN annotation a ON a.uuid = n.tag;"
		"DELETE FROM temp.sync_touched WHERE tag IN (SELECT tag FROM temp.sync_new)");
	if (rc == SQLITE_OK && c) {
		int added = 0;
		rc = sql_pragma_int(s->db, "SELECT count(*) FROM temp.sync_new n JOIN annotation a"
		                           " ON a.uuid = n.tag WHERE a.deleted = 0", &added);
		c->added += (size_t)added;
	}
	return rc;
}

/* The keys of the texts that the sets of document doc list, to find it by them. */
static void set_keys(const struct store_sync_in *in, size_t n, const char *doc,
                     char *const **keys, size_t *nkeys)
{
	*keys = NULL;
	*nkeys = 0;
	for (size_t k = 0; k < n; k++)
		if (!strcmp(in[k].info->doc, doc) && in[k].info->ntexts > *nkeys) {
			*keys = in[k].info->texts;
			*nkeys = in[k].info->ntexts;
		}
}

static void restore_cache(store *s, int cache)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", cache);
	sql_exec(s->db, sql);
}

enum pz_status store_sync_apply(store *s, const struct store_sync_in *in, size_t n,
                                const struct store_sync_text *t, size_t nt,
                                const struct store_sync_newdoc *d, size_t nd,
                                struct store_sync_counts *c)
{
	if (c)
		memset(c, 0, sizeof(*c));
	int rc = sql_exec(s->db, "CREATE TEMP TABLE IF NOT EXISTS sync_touched(tag TEXT PRIMARY KEY)");
	if (rc != SQLITE_OK)
		return sql_db_status(s->db, rc);
	/* room for the whole change in memory: with the default cache (2 MB) a sync of
	 * thousands of tags spills its pages to the WAL again and again before it commits */
	int cache = 0;
	if ((rc = sql_pragma_int(s->db, "PRAGMA cache_size", &cache)) != SQLITE_OK ||
	    (rc = sql_exec(s->db, "PRAGMA cache_size = -65536")) != SQLITE_OK)
		return sql_db_status(s->db, rc);
	if ((rc = sql_exec(s->db, "BEGIN IMMEDIATE")) != SQLITE_OK) {
		restore_cache(s, cache);
		return sql_db_status(s->db, rc);
	}
	rc = sql_exec(s->db, "DELETE FROM temp.sync_touched; UPDATE sync_ctl SET applying = 1");
	if (rc == SQLITE_OK)
		rc = pack(s, c);
	/* what the documents and texts change (a new document, an id adopted, a text):
	 * when nothing, no tag that waited for its document can be placed now */
	int changes = sqlite3_total_changes(s->db);
	/* a new document with its texts at once, so that another set's document with the
	 * same text (the same document from a third machine) finds it */
	for (size_t i = 0; rc == SQLITE_OK && i < nd; i++) {
		char *const *keys = NULL;
		size_t nkeys = 0;
		set_keys(in, n, d[i].doc, &keys, &nkeys);
		int64_t doc;
		rc = resolve_doc(s, d[i].doc, keys, nkeys, &doc);
		if (rc == SQLITE_OK && !doc) {
			rc = add_document(s, &d[i]);
			if (rc == SQLITE_OK && c)
				c->docs++;
		}
		for (size_t k = 0; rc == SQLITE_OK && k < nt; k++)
			if (!strcmp(t[k].doc, d[i].doc))
				rc = add_text(s, &t[k], keys, nkeys);
	}
	/* every set's document found first (adopting its id), so that texts and tags land */
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		int64_t doc;
		rc = resolve_doc(s, in[i].info->doc, in[i].info->texts, in[i].info->ntexts, &doc);
	}
	for (size_t i = 0; rc == SQLITE_OK && i < nt; i++) {
		char *const *keys = NULL;
		size_t nkeys = 0;
		set_keys(in, n, t[i].doc, &keys, &nkeys);
		rc = add_text(s, &t[i], keys, nkeys);
	}
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++)
		rc = take_set(s, &in[i], c);
	/* and the tags whose add came before their document */
	if (rc == SQLITE_OK && sqlite3_total_changes(s->db) != changes)
		rc = sql_exec(s->db, "INSERT OR IGNORE INTO temp.sync_touched(tag) SELECT o.tag"
		                     " FROM sync_op o WHERE o.field = 'add' AND NOT EXISTS"
		                     " (SELECT 1 FROM annotation a WHERE a.uuid = o.tag)");
	if (rc == SQLITE_OK)
		rc = merge_new_tags(s, c);
	struct merge m = { .s = s, .c = c };
	if (rc == SQLITE_OK)
		rc = merge_prepare(&m);
	sqlite3_stmt *tags = NULL;
	if (rc == SQLITE_OK)
		rc = sql_prepare(s, "SELECT tag FROM temp.sync_touched ORDER BY tag", &tags);
	while (rc == SQLITE_OK && (rc = sqlite3_step(tags)) == SQLITE_ROW) {
		char tag[STORE_UUID_LEN + 1];
		const unsigned char *u = sqlite3_column_text(tags, 0);
		snprintf(tag, sizeof(tag), "%s", u ? (const char *)u : "");
		rc = merge_tag(&m, tag);
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(tags);
	merge_release(&m);
	if (rc == SQLITE_OK)
		rc = sql_exec(s->db, "UPDATE sync_ctl SET applying = 0; DELETE FROM temp.sync_touched");
	enum pz_status st = sql_finish(s, rc);
	restore_cache(s, cache);
	if (st != PZ_OK && c)
		memset(c, 0, sizeof(*c));
	return st;
}

/* ---- what this copy sends ---- */

enum pz_status store_sync_text_known(store *s, const char *key, bool *known)
{
	sqlite3_stmt *stmt;
	*known = false;
	int rc = sql_prepare(s, "SELECT 1 FROM version v JOIN version_text t ON t.version_id = v.id"
	                        " WHERE v.hash = substr(?1, 1, 16)"
	                        " AND v.length = CAST(substr(?1, 18) AS INTEGER) LIMIT 1",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, key);
	rc = sqlite3_step(stmt);
	*known = rc == SQLITE_ROW;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? PZ_OK : sql_status(rc);
}

static enum pz_status read_set_id(sqlite3_stmt *stmt, void *elem)
{
	const unsigned char *u = sqlite3_column_text(stmt, 0);
	snprintf(elem, STORE_UUID_LEN + 1, "%s", u ? (const char *)u : "");
	return PZ_OK;
}

static void release_plain(void *v, size_t n)
{
	(void)n;
	free(v);
}

enum pz_status store_sync_sets(store *s, char (**v)[STORE_UUID_LEN + 1], size_t *n)
{
	*v = NULL;
	*n = 0;
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT uuid FROM sync_set ORDER BY uuid", &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	return sql_read_rows(stmt, STORE_UUID_LEN + 1, read_set_id, release_plain, (void **)v, n);
}

static enum pz_status read_own(sqlite3_stmt *stmt, void *elem)
{
	struct store_sync_own *o = elem;
	const unsigned char *a = sqlite3_column_text(stmt, 0), *b = sqlite3_column_text(stmt, 1);
	snprintf(o->set, sizeof(o->set), "%s", a ? (const char *)a : "");
	snprintf(o->doc, sizeof(o->doc), "%s", b ? (const char *)b : "");
	return PZ_OK;
}

enum pz_status store_sync_own_sets(store *s, struct store_sync_own **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT uuid, doc FROM sync_set WHERE own = 1 ORDER BY uuid", &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	return sql_read_rows(stmt, sizeof(**v), read_own, release_plain, (void **)v, n);
}

enum pz_status store_sync_set_json(store *s, const char *set, char **json, size_t *len)
{
	*json = NULL;
	*len = 0;
	sqlite3_stmt *stmt;
	int rc = sql_prepare(
		s,
		"SELECT json_object('pizhu-sync', ?2, 'set', ss.uuid, 'doc', ss.doc,"
		" 'name', ifnull((SELECT replace(d.path, rtrim(d.path, replace(d.path, '/', '')), '')"
		"  FROM document d WHERE d.id = " SQL_DOC_OF("ss.doc") "), 'document.txt'),"
		" 'title', ifnull((SELECT d.title FROM document d WHERE d.id = " SQL_DOC_OF("ss.doc") "), ''),"
		" 'texts', json((SELECT json_group_array(k) FROM (SELECT v.hash || '-' || v.length AS k"
		"  FROM version v JOIN version_text t ON t.version_id = v.id"
		"  WHERE v.document_id = " SQL_DOC_OF("ss.doc") " ORDER BY v.first_seen, v.id))),"
		" 'ops', json((SELECT json_group_array(json_object('id', o.id, 'tag', o.tag,"
		"  'field', o.field, 'value', iif(o.field IN ('add', 'reply', 'place'), json(o.value),"
		"  o.value),"
		"  'at', o.at, 'author', o.author, 'parents', o.parents)) FROM (SELECT * FROM sync_op"
		"  WHERE set_uuid = ss.uuid ORDER BY rowid) o)))"
		" FROM sync_set ss WHERE ss.uuid = ?1 AND ss.own = 1",
		&stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, set);
	sqlite3_bind_int(stmt, 2, STORE_SYNC_FORMAT);
	rc = sqlite3_step(stmt);
	enum pz_status st = PZ_OK;
	if (rc == SQLITE_ROW) {
		int n = sqlite3_column_bytes(stmt, 0);
		const unsigned char *t = sqlite3_column_text(stmt, 0);
		if (!t || !(*json = malloc((size_t)n + 1)))
			st = PZ_NOMEM;
		else {
			memcpy(*json, t, (size_t)n + 1);
			*len = (size_t)n;
		}
	} else {
		st = rc == SQLITE_DONE ? PZ_NOENT : sql_status(rc);
	}
	sqlite3_finalize(stmt);
	return st;
}

static enum pz_status read_version(sqlite3_stmt *stmt, void *elem)
{
	struct store_sync_version *v = elem;
	const unsigned char *k = sqlite3_column_text(stmt, 0);
	snprintf(v->key, sizeof(v->key), "%s", k ? (const char *)k : "");
	v->version = sqlite3_column_int64(stmt, 1);
	return PZ_OK;
}

enum pz_status store_sync_versions(store *s, const char *uuid, struct store_sync_version **v,
                                   size_t *n)
{
	*v = NULL;
	*n = 0;
	sqlite3_stmt *stmt;
	int rc = sql_prepare(s, "SELECT v.hash || '-' || v.length, v.id FROM version v"
	                        " JOIN version_text t ON t.version_id = v.id"
	                        " WHERE v.document_id = " SQL_DOC_OF("?1")
	                        " ORDER BY v.first_seen, v.id",
	                     &stmt);
	if (rc != SQLITE_OK)
		return sql_status(rc);
	sql_bind_str(stmt, 1, uuid);
	return sql_read_rows(stmt, sizeof(**v), read_version, release_plain, (void **)v, n);
}

enum pz_status store_sync_pending(store *s, size_t *n)
{
	int v = 0;
	int rc = sql_pragma_int(s->db, "SELECT count(*) FROM sync_op WHERE set_uuid IS NULL", &v);
	*n = (size_t)v;
	return sql_status(rc);
}
