/* Writing annotations out for scripts and other tools: the tags listing (tsv, json)
 * that `pizhu tags import` reads back. The caller owns the stream; these only write. */
#ifndef PIZHU_EXPORT_H
#define PIZHU_EXPORT_H

#include <stdio.h>
#include "pizhu/document.h"
#include "pizhu/tags.h"

/* s[0..n) as a JSON string literal (quotes, escapes; UTF-8 passes through). */
void export_json_string(FILE *f, const char *s, size_t n);

/* s[0..n) as one TSV field: tabs, line breaks and other controls become spaces. */
void export_tsv_field(FILE *f, const char *s, size_t n);

/* Unix milliseconds as ISO 8601 UTC ("2026-11-22T08:30:00.250Z") into buf (>= 32 bytes). */
const char *export_iso_time(int64_t ms, char *buf, size_t len);

/* One line per annotation of ts, in its order:
 * id type status line col quote note due owner (status: anchored, moved, orphaned;
 * line and col 1-based, empty for an orphan). */
void export_tags_tsv(FILE *f, const tagset *ts, const doc *d);

/* {"file", "length", "hash", "annotations": [...]}: every field of every annotation,
 * with line:col where it stands now. path is the file's absolute path; ts NULL (a file
 * never tagged) lists no annotations. */
void export_tags_json(FILE *f, const tagset *ts, const doc *d, const char *path);

#endif
