/* Writing out for scripts and other tools: outlines, suggestions, and the task
 * breakdown table (csv, md, json, org, ics); the tags listing is listing.h's. The caller
 * owns the stream; these only write. */
#ifndef PIZHU_EXPORT_H
#define PIZHU_EXPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "pizhu/breakdown.h"
#include "pizhu/detect.h"
#include "pizhu/document.h"
#include "pizhu/outline.h"
#include "pizhu/tags.h"

/* Every writer here goes through sanitize.h: no control character, bidirectional
 * control or byte that is not UTF-8 is written as it is. */

/* s[0..n) as a JSON string literal: quotes and backslashes escaped, and every
 * character sanitize_unsafe names as \uXXXX (lossless: a listing read back gives the
 * text as it was); a byte that is not UTF-8 as \ufffd. */
void export_json_string(FILE *f, const char *s, size_t n);

/* ,"key":"s": a member after the first of a JSON object (s NUL-terminated). */
void export_json_member(FILE *f, const char *key, const char *s);

/* s[0..n) as one TSV field: tabs, line breaks and other white-space controls become
 * spaces, other unsafe characters U+FFFD. */
void export_tsv_field(FILE *f, const char *s, size_t n);

/* s[0..n) as one RFC 4180 field: quoted when it holds a comma, a double quote
 * (doubled) or a line break (kept inside the quotes); a cell a spreadsheet would take
 * for a formula (sanitize_csv_formula: =HYPERLINK(...)) or turn into a date or a time
 * (sanitize_csv_datelike: 3/4, 24:32) is quoted and starts with an apostrophe; other
 * unsafe characters as in export_tsv_field. */
void export_csv_field(FILE *f, const char *s, size_t n);

/* Unix milliseconds as ISO 8601 UTC ("2026-11-22T08:30:00.250Z") into buf (>= 32 bytes). */
const char *export_iso_time(int64_t ms, char *buf, size_t len);

/* ---- outlines ---- */

/* One node a line: depth, line, col, marker, title, tab-separated (a title's line
 * breaks dropped, other controls as spaces, so that a row keeps its five fields). */
void export_outline_tsv(FILE *f, const doc *d, const outline *o);

/* An indented tree, a node a line after its line:col; a speech with its speaker and
 * date. */
void export_outline_text(FILE *f, const doc *d, const outline *o);

/* {"file", "encoding", "html", "lines", "chars", "speeches": [...], "nodes": [...]}:
 * every node with its kind, position, marker, title, parent and byte and character
 * ranges; path is the file as named. No final line break. */
void export_outline_json(FILE *f, const doc *d, const outline *o, const char *path);

/* ---- suggestions ---- */

/* One line per suggestion: type line col end_line end_col text value (line:col
 * 1-based, columns in characters, the end exclusive). threads: how many may share
 * the formatting (0: one per processor for 65,536 lines or more, else 1); the bytes
 * written are the same whatever the number. */
void export_suggestions_tsv(FILE *f, const doc *d, const struct detect_item *v, size_t n,
                            unsigned threads);

/* {"file", "date", "suggestions": [{type, line, col, end_line, end_col, start, end
 * (characters), text, value, task (the index of the task it belongs to, or null),
 * role (an owner's part, "lead" or "cooperating", when it has one), frame (a task's
 * framing deadline, an index, when it has one), frames (true on a
 * deadline that frames what follows)}]};
 * date is the date the first speech's deadlines count from (detect_date_of:
 * "YYYY-MM-DD", "YYYY" when only the year is known, or null). */
void export_suggestions_json(FILE *f, const doc *d, const struct detect_item *v, size_t n,
                             const char *path, const struct date *date);

/* ---- the task breakdown table ---- */

enum export_format {
	EXPORT_CSV,   /* RFC 4180: a header row of the Chinese column names, CRLF, UTF-8 */
	EXPORT_MD,    /* a Markdown (GFM) table and nothing else */
	EXPORT_JSON,  /* {"source", "rows": [...], "left_out": {...}} with text selectors */
	EXPORT_ORG,   /* Org mode: a TODO or DONE headline per row */
	EXPORT_ICS,   /* RFC 5545: a VCALENDAR with a VTODO per row that has a due date */
	EXPORT_XLSX,  /* an Office Open XML workbook (xlsx.h) */
};

/* The breakdown table's columns, in order. */
#define EXPORT_COLUMNS 11
#define EXPORT_COLUMN_DUE 4 /* 完成时限 */
extern const char *const export_columns[EXPORT_COLUMNS];

/* Row r's cells in column order; num and pos are the caller's buffers (24 and 48
 * bytes). Borrowed from r and the buffers. */
void export_row_cells(const struct breakdown_row *r, const char *cell[EXPORT_COLUMNS],
                      char num[24], char pos[48]);

/* 位置 as text no spreadsheet turns into a time: 第24行第3字, into buf. Returns buf. */
const char *export_position(size_t line, size_t col, char *buf, size_t len);

/* When an export is made, in Unix milliseconds, for its title block:
 * SOURCE_DATE_EPOCH (seconds) when set, as reproducible builds ask of every tool that
 * stamps its output, else the clock. */
int64_t export_clock(void);

/* 来源: "建议" for a tag made by accepting a suggestion, "标注" for one made by hand,
 * "未记录" for one older than the record. */
const char *export_source(enum store_source s);

/* The format called name ("csv", "md", "json", "org", "ics", "xlsx"): true and *fmt
 * set, else false. */
bool export_format_parse(const char *name, enum export_format *fmt);

struct export_options {
	bool bom;            /* csv: start with a UTF-8 byte order mark (for spreadsheets) */
	const char *source;  /* json: the file's path, the selectors' "source" (NULL: "") */
	bool no_wait;        /* a FIFO no program reads is refused (PZ_IO, ENXIO) rather than
	                      * waited for: the reader's keys would wait with it */
};

/* What a breakdown export wrote and left out. */
struct export_stats {
	size_t written;      /* rows written */
	size_t orphaned;     /* row tags left out: not found in the text (b->orphaned) */
	size_t undated;      /* rows left out for want of a YYYY-MM-DD due date (ics only) */
	size_t notes;        /* notes on sentences without a task left out (b->loose_notes;
	                        csv, org and ics: md, json and xlsx carry them) */
};

/* What an export left out and why, for the command line and the reader to say after
 * the count of rows: "; left out 4: 1 orphaned, 2 with no date, 1 note on a sentence
 * without a task (csv has task rows only; md, json and xlsx keep such notes)", or ""
 * when nothing was. Into buf (len bytes); returns buf. */
const char *export_left_out(const struct export_stats *s, enum export_format fmt, char *buf,
                            size_t len);

/* Writes b to f in fmt. opt may be NULL (no BOM, no source). stats (may be NULL)
 * gets the counts. Every format carries every row except ics, which can only
 * schedule a row with a due date. Text goes out as stored, escaped as the format
 * needs:
 *  csv   columns 序号 任务 牵头单位 配合单位 完成时限 目标 章节 位置 状态 批注 来源
 *        (export_columns), each field as export_csv_field writes it (quoted when
 *        needed, formulas guarded); 位置 as 第24行第3字;
 *  md    the title block (b->title, a "# " line, then 日期, 文件, 导出 when known),
 *        then the table: | escaped as \|, line breaks as <br>; then, when there are
 *        notes on sentences without a task, a table of them (## 其他批注: 批注, 文本,
 *        章节, 位置);
 *  json  "title", "date", "exported", "rows": objects with number, id, type, task,
 *        owner, lead, cooperating, deadline, due, goal (目标), section, chapter,
 *        source ("tag" or "suggestion"), line, col, position, done, status, note,
 *        modified and a W3C Web Annotation "target" ({"source", "selector":
 *        [TextQuoteSelector, TextPositionSelector in characters]}); "notes": the
 *        notes on sentences without a task (note, text, chapter, line, col, source);
 *        "left_out": {"orphaned": n};
 *  org   #+TITLE and #+DATE, then "* TODO task" ("* DONE"), a DEADLINE line when the
 *        due date is known, a property drawer (OWNER the lead, COOPERATING, TARGET,
 *        DUE when the deadline is not just the date, SECTION the chapter, POSITION,
 *        NOTE, SOURCE; ID the tag's uuid);
 *  ics   X-WR-CALNAME the title; UID uuid@pizhu, DTSTAMP the tag's last change,
 *        SUMMARY, DUE;VALUE=DATE, STATUS NEEDS-ACTION or COMPLETED, DESCRIPTION the
 *        other columns a line each; text escaped, CRLF, lines folded at 75 octets
 *        between characters;
 *  xlsx  a workbook (xlsx_write_breakdown): the table on a sheet, the other tags on
 *        a second.
 * Returns PZ_OK, PZ_IO when the stream has an error, PZ_NOMEM, or PZ_EMPTY for an ics
 * with no dated row (a calendar holds at least one component): nothing is written
 * then, and *stats says how many rows had no date. */
enum pz_status export_breakdown(FILE *f, const struct breakdown *b, enum export_format fmt,
                                const struct export_options *opt, struct export_stats *stats);

/* The same into the file at path. A regular file is written whole or not at all: to
 * a temporary file in the same directory, synced, renamed over path (keeping the
 * mode and group of a file replaced), and the directory synced. A symbolic link is
 * followed to the file it names (which is replaced; the link stays). A device or a
 * FIFO is written directly (never replaced by a regular file; a FIFO's reader waited
 * for unless opt->no_wait). A file without write
 * permission is refused (EACCES), even to root, as cp and editors do. PZ_OK, PZ_NOMEM,
 * PZ_TOOBIG (a path too long), PZ_EMPTY (as above: path is left as it was), or PZ_IO
 * with *err the errno (EISDIR, EACCES, ELOOP, ENOENT for a missing directory,
 * ENOSPC...). */
enum pz_status export_breakdown_file(const char *path, const struct breakdown *b,
                                     enum export_format fmt, const struct export_options *opt,
                                     struct export_stats *stats, int *err);

#endif
