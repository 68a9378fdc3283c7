/* What pizhu prints for other programs: outlines (an indented tree, tsv, JSON),
 * suggestions, the task breakdown table in five formats, and the small writers every
 * export shares (also the tags listing's, listing.c). */
#include "pizhu/export.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pizhu/i18n.h"
#include "pizhu/sanitize.h"
#include "pizhu/xlsx.h"

void export_json_string(FILE *f, const char *s, size_t n)
{
	/* escaped, not replaced: a listing read back gives the text as it was */
	struct sanitizer z;
	struct sanitize_stop x;
	size_t i = 0;
	sanitizer_init(&z, "\"\\", NULL);
	fputc('"', f);
	while (sanitizer_next(&z, s, n, i, &x)) {
		fwrite(s + i, 1, x.at - i, f);
		i = x.at + x.len;
		switch (x.c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		default: fprintf(f, "\\u%04x", (unsigned)x.c); /* U+FFFD for a byte not UTF-8 */
		}
	}
	fwrite(s + i, 1, n - i, f);
	fputc('"', f);
}

void export_tsv_field(FILE *f, const char *s, size_t n)
{
	sanitize_write(f, s, n, NULL);
}

const char *export_iso_time(int64_t ms, char *buf, size_t len)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(buf, len, "1970-01-01T00:00:00.000Z");
		return buf;
	}
	size_t used = strlen(buf);
	snprintf(buf + used, len - used, ".%03dZ", (int)(ms % 1000));
	return buf;
}

/* Writes v in decimal at p; returns the end. */
static char *put_size(char *p, size_t v)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static void tsv_str(FILE *f, const char *s)
{
	export_tsv_field(f, s, strlen(s));
}

void export_json_member(FILE *f, const char *key, const char *s)
{
	fprintf(f, ",\"%s\":", key);
	export_json_string(f, s, strlen(s));
}

/* ---- the task breakdown table ---- */

static const char *const format_names[] = {"csv", "md", "json", "org", "ics", "xlsx"};

bool export_format_parse(const char *name, enum export_format *fmt)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(*format_names); i++)
		if (!strcmp(name, format_names[i])) {
			*fmt = (enum export_format)i;
			return true;
		}
	return false;
}

const char *const export_columns[EXPORT_COLUMNS] = {
	"序号", "任务", "牵头单位", "配合单位", "完成时限", "目标", "章节", "位置", "状态", "批注", "来源",
};
#define NCOLUMNS EXPORT_COLUMNS

static const char *status_word(const struct breakdown_row *r)
{
	return r->done ? "已完成" : "未完成";
}

const char *export_position(size_t line, size_t col, char *buf, size_t len)
{
	snprintf(buf, len, "第%zu行第%zu字", line, col);
	return buf;
}

const char *export_source(enum store_source s)
{
	return s == STORE_SOURCE_SUGGESTION ? "建议" : s == STORE_SOURCE_UNRECORDED ? "未记录" : "标注";
}

/* 来源 for programs: "suggestion", "tag" or "unrecorded". */
static const char *source_word(enum store_source s)
{
	return s == STORE_SOURCE_SUGGESTION ? "suggestion" : s == STORE_SOURCE_UNRECORDED ? "unrecorded"
	                                                                                : "tag";
}

const char *export_left_out(const struct export_stats *s, enum export_format fmt, char *buf,
                            size_t len)
{
	size_t left = s->orphaned + s->undated + s->notes, used = 0;
	if (len)
		buf[0] = '\0';
	if (!left || !len)
		return buf;
	/* the user's language: the command line and the reader say it */
	used = (size_t)snprintf(buf, len, _("; left out %zu:"), left);
	const char *sep = " ";
	if (s->orphaned && used < len) {
		used += (size_t)snprintf(buf + used, len - used, "%s", sep);
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, _("%zu orphaned"), s->orphaned);
		sep = _(", ");
	}
	if (s->undated && used < len) {
		used += (size_t)snprintf(buf + used, len - used, "%s", sep);
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, _("%zu with no date"), s->undated);
		sep = _(", ");
	}
	if (s->notes && used < len) {
		used += (size_t)snprintf(buf + used, len - used, "%s", sep);
		if (used < len)
			snprintf(buf + used, len - used,
			         ngettext("%zu note on sentences without a task (%s has task rows only; md, "
			                  "json and xlsx keep such notes)",
			                  "%zu notes on sentences without a task (%s has task rows only; md, "
			                  "json and xlsx keep such notes)", s->notes),
			         s->notes, format_names[fmt]);
	}
	return buf;
}

void export_row_cells(const struct breakdown_row *r, const char *cell[EXPORT_COLUMNS],
                      char num[24], char pos[48])
{
	snprintf(num, 24, "%zu", r->number);
	export_position(r->line, r->col, pos, 48);
	const char *v[NCOLUMNS] = {
		num, r->task, r->lead ? r->lead : r->owner, r->cooperating ? r->cooperating : "",
		r->deadline, r->target, r->chapter ? r->chapter : r->section, pos, status_word(r),
		r->note_thread ? r->note_thread : r->note, export_source(r->source),
	};
	memcpy(cell, v, sizeof(v));
}

int64_t export_clock(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	if (e && *e) {
		long long v = strtoll(e, &end, 10);
		if (!*end && v >= 0 && v < (long long)(INT64_MAX / 1000))
			return (int64_t)v * 1000;
	}
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* The exported time as 2026-06-30 08:00 (local time), into buf. */
static const char *exported_time(int64_t ms, char *buf, size_t len)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!ms || !localtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, len, "%s", "");
	return buf;
}

void export_csv_field(FILE *f, const char *s, size_t n)
{
	struct sanitizer z;
	struct sanitize_stop x;
	size_t i = 0;
	bool formula = sanitize_csv_formula(s, n) || sanitize_csv_datelike(s, n);
	bool quote = formula || memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) ||
	             memchr(s, '\r', n);
	if (quote)
		fputc('"', f);
	if (formula)
		fputc('\'', f); /* shown as text, as a spreadsheet's own apostrophe does */
	/* line breaks stay, inside the quotes; a quote is doubled */
	sanitizer_init(&z, "\"", "\n");
	while (sanitizer_next(&z, s, n, i, &x)) {
		fwrite(s + i, 1, x.at - i, f);
		i = x.at + x.len;
		fputs(x.kind == SANITIZE_SPECIAL ? "\"\"" : sanitize_replacement(x.c), f);
	}
	fwrite(s + i, 1, n - i, f);
	if (quote)
		fputc('"', f);
}

static void csv_field(FILE *f, const char *s)
{
	export_csv_field(f, s, strlen(s));
}

static void write_csv(FILE *f, const struct breakdown *b, bool bom)
{
	if (bom)
		fputs("\xEF\xBB\xBF", f);
	for (size_t c = 0; c < NCOLUMNS; c++)
		fprintf(f, "%s%s", c ? "," : "", export_columns[c]);
	fputs("\r\n", f);
	for (size_t i = 0; i < b->n; i++) {
		const char *cell[NCOLUMNS];
		char num[24], pos[48];
		export_row_cells(&b->rows[i], cell, num, pos);
		for (size_t c = 0; c < NCOLUMNS; c++) {
			if (c)
				fputc(',', f);
			/* the due date alone is meant to be read as a date */
			if (c == EXPORT_COLUMN_DUE && b->rows[i].due[0] && !strcmp(cell[c], b->rows[i].due))
				fputs(cell[c], f);
			else
				csv_field(f, cell[c]);
		}
		fputs("\r\n", f);
	}
}

/* A GFM table cell: | would end the cell, a line break the row. */
static void md_cell(FILE *f, const char *s)
{
	struct sanitizer z;
	struct sanitize_stop x;
	size_t i = 0, n = strlen(s);
	sanitizer_init(&z, "|", NULL);
	fputc(' ', f);
	while (sanitizer_next(&z, s, n, i, &x)) {
		fwrite(s + i, 1, x.at - i, f);
		i = x.at + x.len;
		fputs(x.c == '|' ? "\\|" : x.c == '\n' ? "<br>" : sanitize_replacement(x.c), f);
	}
	fwrite(s + i, 1, n - i, f);
	fputs(" |", f);
}

/* One line of text for a title block: controls and line breaks as spaces. */
static void line_text(FILE *f, const char *s)
{
	tsv_str(f, s);
}

static void write_md(FILE *f, const struct breakdown *b)
{
	if (b->title && *b->title) { /* the title block: what, of when, from where */
		char tb[32];
		fputs("# ", f);
		line_text(f, b->title);
		fputs("\n\n", f);
		if (*b->date)
			fprintf(f, "- 日期：%s\n", b->date);
		if (b->file && *b->file) {
			fputs("- 文件：", f);
			line_text(f, b->file);
			fputc('\n', f);
		}
		if (b->exported)
			fprintf(f, "- 导出：%s\n", exported_time(b->exported, tb, sizeof(tb)));
		fputc('\n', f);
	}
	fputc('|', f);
	for (size_t c = 0; c < NCOLUMNS; c++)
		md_cell(f, export_columns[c]);
	fputs("\n|", f);
	for (size_t c = 0; c < NCOLUMNS; c++)
		fputs(c == 0 ? "---:|" : "---|", f);
	fputc('\n', f);
	for (size_t i = 0; i < b->n; i++) {
		const char *cell[NCOLUMNS];
		char num[24], pos[48];
		export_row_cells(&b->rows[i], cell, num, pos);
		fputc('|', f);
		for (size_t c = 0; c < NCOLUMNS; c++)
			md_cell(f, cell[c]);
		fputc('\n', f);
	}
	/* the discussions, each in order under its row's number (the table joins them) */
	bool head = false;
	for (size_t i = 0; i < b->n; i++) {
		const struct breakdown_row *r = &b->rows[i];
		if (!r->nreplies)
			continue;
		if (!head)
			fputs("\n## 讨论\n", f);
		head = true;
		fprintf(f, "\n### %zu. ", r->number);
		line_text(f, r->task);
		fputs("\n\n", f);
		for (size_t k = 0; k < r->nreplies; k++) {
			char tb[32];
			fputs("- ", f);
			line_text(f, r->replies[k].author);
			fprintf(f, "（%s）：", exported_time(r->replies[k].at, tb, sizeof(tb)));
			line_text(f, r->replies[k].text);
			fputc('\n', f);
		}
	}
	if (!b->loose_notes)
		return;
	/* the notes on sentences without a task: no row holds them */
	fputs("\n## 其他批注\n\n| 批注 | 文本 | 章节 | 位置 | 来源 |\n|---|---|---|---|---|\n", f);
	for (size_t i = 0; i < b->nothers; i++) {
		const struct breakdown_tag *x = &b->others[i];
		char pos[48];
		if (!x->loose)
			continue;
		fputc('|', f);
		md_cell(f, x->value);
		md_cell(f, x->text);
		md_cell(f, x->chapter);
		md_cell(f, export_position(x->line, x->col, pos, sizeof(pos)));
		md_cell(f, export_source(x->source));
		fputc('\n', f);
	}
}

/* ,"replies":[{"author", "at", "text"}...]: the row tag's discussion, when it has one. */
static void json_replies(FILE *f, const struct breakdown_row *r)
{
	if (!r->nreplies)
		return;
	fputs(",\"replies\":[", f);
	for (size_t i = 0; i < r->nreplies; i++) {
		char tb[32];
		fputs(i ? ",{\"author\":" : "{\"author\":", f);
		export_json_string(f, r->replies[i].author, strlen(r->replies[i].author));
		export_json_member(f, "at", export_iso_time(r->replies[i].at, tb, sizeof(tb)));
		export_json_member(f, "text", r->replies[i].text);
		fputc('}', f);
	}
	fputc(']', f);
}

static void write_json(FILE *f, const struct breakdown *b, const char *source)
{
	char tb[32];
	fputs("{\"source\":", f);
	export_json_string(f, source, strlen(source));
	export_json_member(f, "title", b->title ? b->title : "");
	export_json_member(f, "date", b->date);
	export_json_member(f, "exported", b->exported ? export_iso_time(b->exported, tb, sizeof(tb)) : "");
	fputs(",\"rows\":[", f);
	for (size_t i = 0; i < b->n; i++) {
		const struct breakdown_row *r = &b->rows[i];
		char tb[32];
		fprintf(f, "%s\n{\"number\":%zu", i ? "," : "", r->number);
		export_json_member(f, "id", r->uuid);
		export_json_member(f, "type", r->type);
		export_json_member(f, "task", r->task);
		export_json_member(f, "owner", r->owner);
		export_json_member(f, "lead", r->lead ? r->lead : r->owner);
		export_json_member(f, "cooperating", r->cooperating ? r->cooperating : "");
		export_json_member(f, "deadline", r->deadline);
		export_json_member(f, "due", r->due);
		export_json_member(f, "goal", r->target);
		export_json_member(f, "section", r->section);
		export_json_member(f, "chapter", r->chapter ? r->chapter : r->section);
		export_json_member(f, "source", source_word(r->source));
		fprintf(f, ",\"line\":%zu,\"col\":%zu,\"position\":\"%zu:%zu\",\"done\":%s", r->line,
		        r->col, r->line, r->col, r->done ? "true" : "false");
		export_json_member(f, "status", status_word(r));
		export_json_member(f, "note", r->note);
		json_replies(f, r);
		export_json_member(f, "modified", export_iso_time(r->modified, tb, sizeof(tb)));
		fputs(",\"target\":{\"source\":", f);
		export_json_string(f, source, strlen(source));
		fputs(",\"selector\":[{\"type\":\"TextQuoteSelector\"", f);
		export_json_member(f, "exact", r->task);
		export_json_member(f, "prefix", r->prefix);
		export_json_member(f, "suffix", r->suffix);
		fprintf(f, "},{\"type\":\"TextPositionSelector\",\"start\":%" PRId64 ",\"end\":%" PRId64
		           "}]}}",
		        r->start, r->end);
	}
	fprintf(f, "%s],\"notes\":[", b->n ? "\n" : "");
	/* the notes on sentences without a task: no row holds them */
	for (size_t i = 0, k = 0; i < b->nothers; i++) {
		const struct breakdown_tag *x = &b->others[i];
		if (!x->loose)
			continue;
		fprintf(f, "%s\n{\"id\":", k++ ? "," : "");
		export_json_string(f, x->uuid, strlen(x->uuid));
		export_json_member(f, "note", x->value);
		export_json_member(f, "text", x->text);
		export_json_member(f, "chapter", x->chapter);
		export_json_member(f, "source", source_word(x->source));
		fprintf(f, ",\"line\":%zu,\"col\":%zu}", x->line, x->col);
	}
	fprintf(f, "%s],\"left_out\":{\"orphaned\":%zu}}\n", b->loose_notes ? "\n" : "",
	        b->orphaned);
}

/* The English weekday of a valid YYYY-MM-DD. */
static const char *weekday(const char *iso)
{
	static const char *const names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	struct date d;
	return date_parse_iso(iso, &d) ? names[date_weekday(&d)] : "";
}

/* An Org property: one line, so line breaks and controls become spaces. */
static void org_property(FILE *f, const char *name, const char *s)
{
	if (!*s)
		return;
	fprintf(f, ":%s: ", name);
	tsv_str(f, s);
	fputc('\n', f);
}

static void write_org(FILE *f, const struct breakdown *b)
{
	if (b->title && *b->title) {
		char tb[32];
		fputs("#+TITLE: ", f);
		line_text(f, b->title);
		fputc('\n', f);
		if (*b->date)
			fprintf(f, "#+DATE: %s\n", b->date);
		if (b->file && *b->file) {
			fputs("# 文件：", f);
			line_text(f, b->file);
			fputc('\n', f);
		}
		if (b->exported)
			fprintf(f, "# 导出：%s\n", exported_time(b->exported, tb, sizeof(tb)));
	}
	for (size_t i = 0; i < b->n; i++) {
		const struct breakdown_row *r = &b->rows[i];
		fputs(r->done ? "* DONE " : "* TODO ", f);
		tsv_str(f, r->task);
		fputc('\n', f);
		if (r->due[0])
			fprintf(f, "DEADLINE: <%s %s>\n", r->due, weekday(r->due));
		char pos[48];
		export_position(r->line, r->col, pos, sizeof(pos));
		fputs(":PROPERTIES:\n", f);
		org_property(f, "OWNER", r->lead ? r->lead : r->owner);
		org_property(f, "COOPERATING", r->cooperating ? r->cooperating : "");
		org_property(f, "TARGET", r->target);
		if (strcmp(r->deadline, r->due))
			org_property(f, "DUE", r->deadline);
		org_property(f, "SECTION", r->chapter ? r->chapter : r->section);
		org_property(f, "POSITION", pos);
		org_property(f, "NOTE", r->note);
		org_property(f, "SOURCE", export_source(r->source));
		org_property(f, "ID", r->uuid);
		fputs(":END:\n", f);
		/* the discussion, in order: a list under the heading */
		for (size_t k = 0; k < r->nreplies; k++) {
			char tb[32];
			fputs("- ", f);
			line_text(f, r->replies[k].author);
			fprintf(f, " [%s]：", exported_time(r->replies[k].at, tb, sizeof(tb)));
			line_text(f, r->replies[k].text);
			fputc('\n', f);
		}
	}
}

/* One iCalendar content line, built whole and then folded. */
struct ics_line {
	char *s;
	size_t n, cap;
	bool nomem;
};

static void ics_put(struct ics_line *l, const char *s, size_t n)
{
	if (l->nomem || !n)
		return;
	if (l->n + n > l->cap) {
		size_t cap = l->cap ? l->cap : 256;
		while (cap < l->n + n)
			cap *= 2;
		char *p = realloc(l->s, cap);
		if (!p) {
			l->nomem = true;
			return;
		}
		l->s = p;
		l->cap = cap;
	}
	memcpy(l->s + l->n, s, n);
	l->n += n;
}

static void ics_raw(struct ics_line *l, const char *s)
{
	ics_put(l, s, strlen(s));
}

/* RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped; other
 * controls (not allowed in a content line) replaced as for any writer. */
static void ics_text(struct ics_line *l, const char *s)
{
	struct sanitizer z;
	struct sanitize_stop x;
	size_t i = 0, n = strlen(s);
	sanitizer_init(&z, "\\;,", NULL);
	while (sanitizer_next(&z, s, n, i, &x)) {
		ics_put(l, s + i, x.at - i);
		i = x.at + x.len;
		ics_raw(l, x.c == '\\' ? "\\\\" : x.c == ';' ? "\\;" : x.c == ',' ? "\\," :
		           x.c == '\n' ? "\\n" : sanitize_replacement(x.c));
	}
	ics_put(l, s + i, n - i);
}

/* Writes the line folded (RFC 5545 3.1): at most 75 octets a line, a continuation
 * starting with one space, never inside a UTF-8 character; then CRLF. Folds are not
 * put inside a backslash escape either: allowed, but not every reader unfolds first.
 * Every fold moves on by at least one character, whatever the bytes. */
static void ics_end(FILE *f, struct ics_line *l)
{
	size_t i = 0, room = 75;
	while (l->n - i > room) {
		size_t cut = i + room;
		while (cut > i && ((unsigned char)l->s[cut] & 0xC0) == 0x80)
			cut--;
		size_t bs = 0;
		while (cut - bs > i && l->s[cut - bs - 1] == '\\')
			bs++;
		if (bs % 2 && cut - 1 > i)
			cut--; /* the escape's backslash goes to the next line */
		if (cut == i) /* no character starts in the room: the line is not UTF-8 */
			cut = i + room;
		fwrite(l->s + i, 1, cut - i, f);
		fputs("\r\n ", f);
		i = cut;
		room = 74;
	}
	fwrite(l->s + i, 1, l->n - i, f);
	fputs("\r\n", f);
	l->n = 0;
}

/* "label：value" as a line of the description, after a "\n" when not the first. */
static void ics_desc(struct ics_line *l, bool *first, const char *label, const char *value)
{
	if (!*value)
		return;
	if (!*first)
		ics_raw(l, "\\n");
	*first = false;
	ics_raw(l, label);
	ics_raw(l, "：");
	ics_text(l, value);
}

static enum pz_status write_ics(FILE *f, const struct breakdown *b, size_t *written)
{
	struct ics_line l = {0};
	fputs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pizhu//task breakdown//ZH\r\n"
	      "CALSCALE:GREGORIAN\r\n", f);
	if (b->title && *b->title) { /* the calendar's name (a common extension) */
		ics_raw(&l, "X-WR-CALNAME:");
		ics_text(&l, b->title);
		ics_end(f, &l);
	}
	for (size_t i = 0; i < b->n; i++) {
		const struct breakdown_row *r = &b->rows[i];
		if (!r->due[0])
			continue;
		(*written)++;
		fputs("BEGIN:VTODO\r\n", f);
		ics_raw(&l, "UID:");
		ics_text(&l, r->uuid);
		ics_raw(&l, "@pizhu");
		ics_end(f, &l);
		time_t t = (time_t)(r->modified / 1000);
		struct tm tm;
		char stamp[32];
		if (!gmtime_r(&t, &tm) || !strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm))
			snprintf(stamp, sizeof(stamp), "19700101T000000Z");
		fprintf(f, "DTSTAMP:%s\r\n", stamp);
		ics_raw(&l, "SUMMARY:");
		ics_text(&l, r->task);
		ics_end(f, &l);
		fprintf(f, "DUE;VALUE=DATE:%.4s%.2s%.2s\r\n", r->due, r->due + 5, r->due + 8);
		fprintf(f, "STATUS:%s\r\n", r->done ? "COMPLETED" : "NEEDS-ACTION");
		char pos[48];
		export_position(r->line, r->col, pos, sizeof(pos));
		bool first = true;
		ics_raw(&l, "DESCRIPTION:");
		ics_desc(&l, &first, "牵头单位", r->lead ? r->lead : r->owner);
		ics_desc(&l, &first, "配合单位", r->cooperating ? r->cooperating : "");
		if (strcmp(r->deadline, r->due))
			ics_desc(&l, &first, "完成时限", r->deadline);
		ics_desc(&l, &first, "目标", r->target);
		ics_desc(&l, &first, "章节", r->chapter ? r->chapter : r->section);
		ics_desc(&l, &first, "位置", pos);
		ics_desc(&l, &first, "批注", r->note);
		ics_end(f, &l);
		fputs("END:VTODO\r\n", f);
	}
	fputs("END:VCALENDAR\r\n", f);
	bool nomem = l.nomem;
	free(l.s);
	return nomem ? PZ_NOMEM : PZ_OK;
}

enum pz_status export_breakdown(FILE *f, const struct breakdown *b, enum export_format fmt,
                                const struct export_options *opt, struct export_stats *stats)
{
	struct export_stats s = {b->n, b->orphaned, 0, 0};
	/* a note on a sentence without a task has no row: md, json and xlsx have a place
	 * for it beside the table, the others leave it out */
	if (fmt == EXPORT_CSV || fmt == EXPORT_ORG || fmt == EXPORT_ICS)
		s.notes = b->loose_notes;
	enum pz_status st = PZ_OK;
	switch (fmt) {
	case EXPORT_CSV: write_csv(f, b, opt && opt->bom); break;
	case EXPORT_MD: write_md(f, b); break;
	case EXPORT_JSON: write_json(f, b, opt && opt->source ? opt->source : ""); break;
	case EXPORT_ORG: write_org(f, b); break;
	case EXPORT_XLSX: st = xlsx_write_breakdown(f, b); break;
	case EXPORT_ICS:
		/* a calendar needs at least one component (RFC 5545 3.6): with no dated
		 * row there is nothing to write */
		s.written = 0;
		for (size_t i = 0; i < b->n; i++)
			s.undated += !b->rows[i].due[0];
		if (s.undated == b->n) {
			st = PZ_EMPTY;
			break;
		}
		s.undated = 0;
		st = write_ics(f, b, &s.written);
		s.undated = b->n - s.written;
		break;
	}
	if (stats)
		*stats = s;
	if (st == PZ_OK && ferror(f))
		st = PZ_IO;
	return st;
}

/* The file a path names in the end: path itself, or where its chain of symbolic
 * links leads (which need not exist yet), into buf. 0, or an errno (ELOOP past 40
 * links, ENAMETOOLONG). */
static int link_target(const char *path, char *buf, size_t len)
{
	if (snprintf(buf, len, "%s", path) >= (int)len)
		return ENAMETOOLONG;
	for (int depth = 0; depth < 40; depth++) {
		struct stat lsb;
		if (lstat(buf, &lsb) != 0 || !S_ISLNK(lsb.st_mode))
			return 0; /* not there yet, or not a link: the end of the chain */
		char to[PATH_MAX];
		ssize_t n = readlink(buf, to, sizeof(to) - 1);
		if (n < 0)
			return errno;
		to[n] = '\0';
		if (to[0] == '/') {
			if (snprintf(buf, len, "%s", to) >= (int)len)
				return ENAMETOOLONG;
		} else { /* relative to the link's directory */
			char *slash = strrchr(buf, '/');
			size_t dir = slash ? (size_t)(slash - buf) + 1 : 0;
			char joined[PATH_MAX];
			if (snprintf(joined, sizeof(joined), "%.*s%s", (int)dir, buf, to) >=
			        (int)sizeof(joined) ||
			    snprintf(buf, len, "%s", joined) >= (int)len)
				return ENAMETOOLONG;
		}
	}
	return ELOOP;
}

/* Writes b straight into what path names that is not a regular file: a device (the
 * terminal, /dev/null), a FIFO (waiting for its reader, as any writer does). */
static enum pz_status export_to_special(const char *path, const struct breakdown *b,
                                        enum export_format fmt, const struct export_options *opt,
                                        struct export_stats *stats, int *err)
{
	bool no_wait = opt && opt->no_wait;
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (no_wait ? O_NONBLOCK : 0));
	if (fd < 0) {
		*err = errno;
		return PZ_IO;
	}
	/* a reader there: the rows are written as to any pipe, waiting when it is full */
	int fl;
	if (no_wait && ((fl = fcntl(fd, F_GETFL)) == -1 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1)) {
		*err = errno;
		close(fd);
		return PZ_IO;
	}
	FILE *f = fdopen(fd, "wb");
	enum pz_status s = f ? export_breakdown(f, b, fmt, opt, stats) : PZ_NOMEM;
	int e = errno;
	if (f && fflush(f) != 0 && s == PZ_OK)
		s = PZ_IO, e = errno;
	if ((f ? fclose(f) : close(fd)) != 0 && s == PZ_OK)
		s = PZ_IO, e = errno;
	*err = s == PZ_IO ? e : 0;
	return s;
}

enum pz_status export_breakdown_file(const char *path, const struct breakdown *b,
                                     enum export_format fmt, const struct export_options *opt,
                                     struct export_stats *stats, int *err)
{
	char target[PATH_MAX], tmp[PATH_MAX];
	struct stat sb;
	*err = 0;
	/* what path names that is not a regular file is written in place: also when it is
	 * reached through a link that names no file (/dev/stdout or /dev/fd/N of a pipe:
	 * the kernel's link reads "pipe:[N]", which no name-by-name walk can follow) */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))
		return export_to_special(path, b, fmt, opt, stats, err);
	/* through a symbolic link to the file it names: the link stays a link */
	if ((*err = link_target(path, target, sizeof(target))) != 0)
		return *err == ENAMETOOLONG ? PZ_TOOBIG : PZ_IO;
	bool exists = stat(target, &sb) == 0;
	if (!exists && errno != ENOENT) {
		*err = errno;
		return PZ_IO;
	}
	if (exists && S_ISDIR(sb.st_mode)) {
		*err = EISDIR;
		return PZ_IO;
	}
	if (exists && !S_ISREG(sb.st_mode))
		return export_to_special(target, b, fmt, opt, stats, err);
	/* a file that may not be written is not replaced behind its back (the directory
	 * would allow the rename): as cp and editors refuse, even to root */
	if (exists && ((sb.st_mode & 0222) == 0 || access(target, W_OK) != 0)) {
		*err = EACCES;
		return PZ_IO;
	}
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	if (!*base) {
		*err = EISDIR;
		return PZ_IO;
	}
	if (snprintf(tmp, sizeof(tmp), "%.*s.%s.XXXXXX", (int)(base - target), target, base) >=
	    (int)sizeof(tmp))
		return PZ_TOOBIG;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		*err = errno;
		return PZ_IO;
	}
	/* the mode a new file gets (mkstemp makes 0600), or the mode and group of the one
	 * replaced; one that cannot be set is no reason to lose the export */
	mode_t mask = umask(0);
	umask(mask);
	if (exists && fchown(fd, (uid_t)-1, sb.st_gid) != 0)
		*err = errno;
	if (fchmod(fd, exists ? sb.st_mode & 07777 : 0666 & ~mask) != 0)
		*err = errno;
	FILE *f = fdopen(fd, "wb");
	enum pz_status s = f ? export_breakdown(f, b, fmt, opt, stats) : PZ_NOMEM;
	int e = errno;
	if (f && fflush(f) != 0)
		s = PZ_IO, e = errno;
	if (s == PZ_OK && fsync(fd) != 0)
		s = PZ_IO, e = errno;
	if ((f ? fclose(f) : close(fd)) != 0 && s == PZ_OK)
		s = PZ_IO, e = errno;
	if (s == PZ_OK && rename(tmp, target) != 0)
		s = PZ_IO, e = errno;
	if (s != PZ_OK) {
		unlink(tmp);
		*err = s == PZ_IO ? e : 0;
		return s;
	}
	*err = 0;
	/* the rename lasts once the directory is synced too */
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - target) + 1 : 1,
	         slash ? target : ".");
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return PZ_OK;
}

/* ---- outlines ---- */

/* Writes s[a,b) for a one-line field: line breaks dropped (a title may span
 * hard-wrapped lines), tabs and controls replaced as every writer does (sanitize.h). */
static void put_line_field(FILE *f, const char *s, size_t a, size_t b)
{
	struct sanitizer z;
	struct sanitize_stop x;
	sanitizer_init(&z, "\n", NULL);
	while (sanitizer_next(&z, s, b, a, &x)) {
		fwrite(s + a, 1, x.at - a, f);
		if (x.kind != SANITIZE_SPECIAL)
			fputs(sanitize_replacement(x.c), f);
		a = x.at + x.len;
	}
	fwrite(s + a, 1, b - a, f);
}

/* s[a,b) as a JSON string. */
static void put_json_string(FILE *f, const char *s, size_t a, size_t b)
{
	export_json_string(f, s + a, b - a);
}

static void put_json_cstr(FILE *f, const char *s)
{
	export_json_string(f, s, strlen(s));
}

/* The TSV outline is the one writer whose output grows with the text (a row every
 * few hundred bytes of a 50 MB file): its rows are built in a buffer of its own and
 * written in blocks, not with fprintf and a stdio call per field. */
struct rowbuf {
	FILE *f;
	size_t n;
	char b[1 << 15];
};

static void rb_flush(struct rowbuf *r)
{
	fwrite(r->b, 1, r->n, r->f);
	r->n = 0;
}

static void rb_put(struct rowbuf *r, const char *s, size_t n)
{
	if (n > sizeof(r->b) - r->n) {
		rb_flush(r);
		if (n > sizeof(r->b)) {
			fwrite(s, 1, n, r->f);
			return;
		}
	}
	memcpy(r->b + r->n, s, n);
	r->n += n;
}

static void rb_num(struct rowbuf *r, uintmax_t v, char after)
{
	char d[24], *e = d + sizeof(d), *p = e;
	*--p = after;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	rb_put(r, p, (size_t)(e - p));
}

/* put_line_field into the buffer; z is sanitizer_init(z, "\n", NULL). */
static void rb_line_field(struct rowbuf *r, const struct sanitizer *z, const char *s,
                          size_t a, size_t b)
{
	struct sanitize_stop x;
	while (sanitizer_next(z, s, b, a, &x)) {
		rb_put(r, s + a, x.at - a);
		if (x.kind != SANITIZE_SPECIAL) {
			const char *rep = sanitize_replacement(x.c);
			rb_put(r, rep, strlen(rep));
		}
		a = x.at + x.len;
	}
	rb_put(r, s + a, b - a);
}

void export_outline_tsv(FILE *f, const doc *d, const outline *o)
{
	const char *t = doc_text(d, NULL);
	struct doc_cursor at = { 0 }; /* nodes come in text order */
	struct sanitizer z;
	struct rowbuf rb = { .f = f }, *r = &rb;
	sanitizer_init(&z, "\n", NULL);
	for (size_t i = 0; i < outline_node_count(o); i++) {
		const struct outline_node *nd = outline_node_at(o, i);
		struct doc_pos pos = doc_pos_walk(d, &at, nd->start);
		if (nd->depth < 0) {
			rb_put(r, "-", 1);
			rb_num(r, (uintmax_t)-(intmax_t)nd->depth, '\t');
		} else {
			rb_num(r, (uintmax_t)nd->depth, '\t');
		}
		rb_num(r, pos.line, '\t');
		rb_num(r, pos.col, '\t');
		rb_line_field(r, &z, t, nd->start, nd->start + nd->marker_len);
		rb_put(r, "\t", 1);
		rb_line_field(r, &z, t, nd->title_start, nd->title_end);
		rb_put(r, "\n", 1);
	}
	rb_flush(r);
}

void export_outline_text(FILE *f, const doc *d, const outline *o)
{
	const char *t = doc_text(d, NULL);
	struct doc_cursor at = { 0 };
	for (size_t i = 0; i < outline_node_count(o); i++) {
		const struct outline_node *nd = outline_node_at(o, i);
		struct doc_pos pos = doc_pos_walk(d, &at, nd->start);
		char where[48];
		snprintf(where, sizeof(where), "%zu:%zu", pos.line, pos.col);
		fprintf(f, "%9s  %*s", where, nd->depth * 2, "");
		put_line_field(f, t, nd->start, nd->start + nd->marker_len);
		if (nd->kind == OUTLINE_SPEECH && nd->marker_len)
			fputc(' ', f);
		if (nd->title_end > nd->title_start)
			put_line_field(f, t, nd->title_start, nd->title_end);
		else if (nd->kind == OUTLINE_SPEECH)
			fputs(_("(untitled speech)"), f);
		if (nd->kind == OUTLINE_SPEECH) {
			/* who and when, if the head says */
			for (size_t s = 0; s < outline_speech_count(o); s++) {
				const struct outline_speech *sp = outline_speech_at(o, s);
				if (sp->node != i)
					continue;
				if (sp->speaker.end > sp->speaker.start) {
					fputs("  · ", f);
					put_line_field(f, t, sp->speaker.start, sp->speaker.end);
				}
				if (sp->date.end > sp->date.start) {
					fputs("  · ", f);
					put_line_field(f, t, sp->date.start, sp->date.end);
				}
			}
		}
		fputc('\n', f);
	}
}

static void put_json_range(FILE *f, const char *key, const char *t, const struct outline_range *r)
{
	fprintf(f, "\"%s\":", key);
	if (r->end > r->start)
		put_json_string(f, t, r->start, r->end);
	else
		fputs("null", f);
}

void export_outline_json(FILE *f, const doc *d, const outline *o, const char *path)
{
	size_t n;
	const char *t = doc_text(d, &n);
	static const char *const kinds[] = { "speech", "section", "point", "heading" };

	fputs("{\"file\":", f);
	put_json_cstr(f, path);
	fputs(",\"encoding\":", f);
	put_json_cstr(f, doc_encoding(d));
	fprintf(f, ",\"html\":%s,\"lines\":%zu,\"chars\":%zu,\"speeches\":[",
	        doc_is_html(d) ? "true" : "false", doc_line_count(d), doc_char_index(d, n));
	for (size_t s = 0; s < outline_speech_count(o); s++) {
		const struct outline_speech *sp = outline_speech_at(o, s);
		fprintf(f, "%s{\"node\":%zu,\"titles\":[", s ? "," : "", sp->node);
		for (size_t k = 0; k < sp->title_count; k++) {
			if (k)
				fputc(',', f);
			put_json_string(f, t, sp->titles[k].start, sp->titles[k].end);
		}
		fputs("],", f);
		put_json_range(f, "subtitle", t, &sp->subtitle);
		fputc(',', f);
		put_json_range(f, "speaker", t, &sp->speaker);
		fputc(',', f);
		put_json_range(f, "date", t, &sp->date);
		fputc(',', f);
		put_json_range(f, "salutation", t, &sp->salutation);
		fputc('}', f);
	}
	fputs("],\"nodes\":[", f);
	for (size_t i = 0; i < outline_node_count(o); i++) {
		const struct outline_node *nd = outline_node_at(o, i);
		struct doc_pos pos = doc_pos_of(d, nd->start);
		fprintf(f, "%s\n{\"depth\":%d,\"kind\":\"%s\",\"line\":%zu,\"col\":%zu,\"marker\":",
		        i ? "," : "", nd->depth, kinds[nd->kind], pos.line, pos.col);
		put_json_string(f, t, nd->start, nd->start + nd->marker_len);
		fputs(",\"title\":", f);
		put_json_string(f, t, nd->title_start, nd->title_end);
		fprintf(f, ",\"parent\":%zu,\"inline\":%s,\"bytes\":[%zu,%zu],\"chars\":[%zu,%zu]"
		           ",\"title_bytes\":[%zu,%zu]}",
		        nd->parent, nd->inline_ ? "true" : "false", nd->start, nd->end,
		        doc_char_index(d, nd->start), doc_char_index(d, nd->end),
		        nd->title_start, nd->title_end);
	}
	fputs("]}", f);
}

/* ---- suggestions ---- */

static void tsv_lines(FILE *f, const doc *d, const struct detect_item *v, size_t from, size_t to)
{
	const char *t = doc_text(d, NULL);
	struct doc_cursor cs = { 0 }, ce = { 0 }; /* the items come sorted by start */
	/* hundreds of thousands of lines for a long file: the stream locked once (the run
	 * may have used threads, which makes every stdio call lock), numbers by hand */
	flockfile(f);
	for (size_t i = from; i < to; i++) {
		struct doc_pos a = doc_pos_walk(d, &cs, v[i].start), b = doc_pos_walk(d, &ce, v[i].end);
		char head[16 + 4 * 24], *p = head;
		const char *name = detect_type_name(v[i].type);
		size_t nl = strlen(name);
		memcpy(p, name, nl);
		p += nl;
		const size_t num[4] = { a.line, a.col, b.line, b.col };
		for (int k = 0; k < 4; k++) {
			*p++ = '\t';
			p = put_size(p, num[k]);
		}
		*p++ = '\t';
		fwrite(head, 1, (size_t)(p - head), f);
		export_tsv_field(f, t + v[i].start, v[i].end - v[i].start);
		fputc('\t', f);
		tsv_str(f, v[i].value);
		fputc('\n', f);
	}
	funlockfile(f);
}

/* A part of the lines, written by a thread of its own into memory. */
struct tsv_part {
	const doc *d;
	const struct detect_item *v;
	size_t from, to;
	char *buf;
	size_t len;
	bool failed;
};

static void *tsv_part_run(void *arg)
{
	struct tsv_part *p = arg;
	FILE *m = open_memstream(&p->buf, &p->len);
	if (!m) {
		p->failed = true;
		return NULL;
	}
	tsv_lines(m, p->d, p->v, p->from, p->to);
	p->failed = ferror(m) != 0;
	if (fclose(m) != 0)
		p->failed = true;
	return NULL;
}

#define TSV_PARALLEL_MIN 65536 /* lines: fewer are written faster by one thread */
#define TSV_THREADS_MAX 8

void export_suggestions_tsv(FILE *f, const doc *d, const struct detect_item *v, size_t n,
                            unsigned threads)
{
	if (!threads) {
		long np = n < TSV_PARALLEL_MIN ? 1 : sysconf(_SC_NPROCESSORS_ONLN);
		threads = np < 1 ? 1 : np > TSV_THREADS_MAX ? TSV_THREADS_MAX : (unsigned)np;
	}
	if (threads > TSV_THREADS_MAX)
		threads = TSV_THREADS_MAX;
	if (threads < 2 || n < 2 * threads) {
		tsv_lines(f, d, v, 0, n);
		return;
	}
	/* each thread formats its share of the lines into memory (positions, fields made
	 * safe), and they are written in order: the same bytes as one thread writes */
	struct tsv_part part[TSV_THREADS_MAX];
	pthread_t th[TSV_THREADS_MAX];
	bool started[TSV_THREADS_MAX] = { false };
	for (unsigned k = 0; k < threads; k++) {
		part[k] = (struct tsv_part){ d, v, n / threads * k, k + 1 < threads ? n / threads * (k + 1) : n,
		                             NULL, 0, false };
		if (k)
			started[k] = pthread_create(&th[k], NULL, tsv_part_run, &part[k]) == 0;
	}
	tsv_part_run(&part[0]);
	for (unsigned k = 0; k < threads; k++) {
		if (k && started[k])
			pthread_join(th[k], NULL);
		else if (k)
			tsv_part_run(&part[k]);
	}
	for (unsigned k = 0; k < threads; k++) {
		if (part[k].failed) /* no memory for a part: written here instead */
			tsv_lines(f, d, v, part[k].from, part[k].to);
		else
			fwrite(part[k].buf, 1, part[k].len, f);
		free(part[k].buf);
	}
}

void export_suggestions_json(FILE *f, const doc *d, const struct detect_item *v, size_t n,
                             const char *path, const struct date *date)
{
	const char *t = doc_text(d, NULL);
	fputs("{\"file\":", f);
	export_json_string(f, path, strlen(path));
	if (date && date->year && date->month && date->day)
		fprintf(f, ",\"date\":\"%04d-%02d-%02d\"", date->year, date->month, date->day);
	else if (date && date->year) /* a year alone: ISO 8601's reduced precision */
		fprintf(f, ",\"date\":\"%04d\"", date->year);
	else
		fputs(",\"date\":null", f);
	fputs(",\"suggestions\":[", f);
	struct doc_cursor cs = { 0 }, ce = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct doc_pos a = doc_pos_walk(d, &cs, v[i].start), b = doc_pos_walk(d, &ce, v[i].end);
		fprintf(f, "%s\n{\"type\":\"%s\",\"line\":%zu,\"col\":%zu,\"end_line\":%zu,"
		           "\"end_col\":%zu,\"start\":%zu,\"end\":%zu,\"text\":",
		        i ? "," : "", detect_type_name(v[i].type), a.line, a.col, b.line, b.col,
		        doc_char_index(d, v[i].start), doc_char_index(d, v[i].end));
		export_json_string(f, t + v[i].start, v[i].end - v[i].start);
		fputs(",\"value\":", f);
		export_json_string(f, v[i].value, strlen(v[i].value));
		if (v[i].task != SIZE_MAX)
			fprintf(f, ",\"task\":%zu", v[i].task);
		else
			fputs(",\"task\":null", f);
		if (v[i].type == DETECT_OWNER && v[i].role != DETECT_TOLD)
			fprintf(f, ",\"role\":\"%s\"", v[i].role == DETECT_LEAD ? "lead" : "cooperating");
		if (v[i].frame != SIZE_MAX)
			fprintf(f, ",\"frame\":%zu", v[i].frame);
		if (v[i].scope_end)
			fputs(",\"frames\":true", f);
		fputc('}', f);
	}
	fputs("]}\n", f);
}
