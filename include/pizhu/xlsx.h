/* The task breakdown as a spreadsheet (Office Open XML, .xlsx) through libxlsxwriter:
 * what staff hand over. A writer of export.h's formats, in a file of its own because
 * it is the one that needs a library and a file of its own to build the workbook in. */
#ifndef PIZHU_XLSX_H
#define PIZHU_XLSX_H

#include <stdbool.h>
#include <stdio.h>

#include "pizhu/breakdown.h"
#include "pizhu/status.h"

/* Writes b to f as a workbook: a sheet 任务分解表 with the title block (the document's
 * title, then its date, file and when it was exported) above a frozen header row of
 * export_columns, one row per breakdown row, cells wrapped, columns as wide as their
 * Chinese text needs (within limits), 序号 a number and 完成时限 a date cell when the
 * due date is known; a second sheet 其他标注 with the tags that are not rows (类型,
 * 文本, 内容, 章节, 位置, 来源). Text is written as it is stored, controls replaced
 * (sanitize.h); a cell never becomes a formula (strings are strings in xlsx). The
 * workbook is built in a temporary file ($TMPDIR, else /tmp), copied to f and
 * removed. PZ_OK, PZ_NOMEM, PZ_IO (no temporary file, or libxlsxwriter failed), or
 * PZ_NOLIB (libxlsxwriter, loaded on first use, is missing: xlsx_available). */
enum pz_status xlsx_write_breakdown(FILE *f, const struct breakdown *b);

/* Whether libxlsxwriter could be loaded (once per process, on the first call); when
 * not, *why (if why) is the dynamic linker's reason, static. Thread-safe. */
bool xlsx_available(const char **why);

#endif
