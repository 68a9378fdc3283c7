/* The breakdown as an .xlsx workbook (see xlsx.h), laid out for Chinese text. */
#include "pizhu/xlsx.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <dlfcn.h>
#include <pthread.h>

#include <xlsxwriter.h>

#include "pizhu/date.h"
#include "pizhu/export.h"
#include "pizhu/sanitize.h"
#include "pizhu/utf8.h"

#define WIDTH_MAX 60   /* a column's width at most (the task's), in character widths */
#define WIDTH_OTHER 32 /* the others' */
#define TITLE_ROWS 2   /* the title block above the header */

/* libxlsxwriter is loaded when the first workbook is written, not linked (issue 15):
 * it brings libcrypto and libminizip, whose loading and relocation every start of the
 * reader paid for (about 5 of its 7 million instructions in the dynamic linker, 0.9 ms
 * of an empty program's start) although only `export --format=xlsx` uses them. The
 * library's file name is the one its development files link to (the Makefile reads
 * its SONAME); PIZHU_XLSXWRITER names it. Missing, a workbook is refused with
 * PZ_NOLIB, and nothing else depends on it. */
#ifndef PIZHU_XLSXWRITER
#define PIZHU_XLSXWRITER "libxlsxwriter.so"
#endif

#define XLSX_FUNCS(F)                                                                     \
	F(workbook_new) \
	F(workbook_add_format) \
	F(workbook_add_worksheet) \
	F(workbook_set_properties) \
	F(workbook_close) \
	F(format_set_bold) \
	F(format_set_text_wrap) \
	F(format_set_align) \
	F(format_set_font_size) \
	F(format_set_bg_color) \
	F(format_set_border) \
	F(format_set_num_format) \
	F(worksheet_write_string) \
	F(worksheet_write_number) \
	F(worksheet_write_datetime) \
	F(worksheet_merge_range) \
	F(worksheet_set_column) \
	F(worksheet_freeze_panes)

#define XLSX_POINTER(name) __typeof__(name) *name;
static struct {
	XLSX_FUNCS(XLSX_POINTER)
} lx;
#undef XLSX_POINTER

static pthread_once_t lx_once = PTHREAD_ONCE_INIT;
static bool lx_loaded;
static char lx_error[256];

static void lx_load(void)
{
	void *h = dlopen(PIZHU_XLSXWRITER, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(lx_error, sizeof(lx_error), "%s", e ? e : PIZHU_XLSXWRITER);
		return;
	}
	bool ok = true;
#define XLSX_LOOKUP(name)                                                                 \
	ok = ok && (*(void **)&lx.name = dlsym(h, #name)) != NULL;
	XLSX_FUNCS(XLSX_LOOKUP)
#undef XLSX_LOOKUP
	if (!ok) {
		const char *e = dlerror();
		snprintf(lx_error, sizeof(lx_error), "%s", e ? e : PIZHU_XLSXWRITER);
		dlclose(h);
		return;
	}
	lx_loaded = true; /* kept loaded until the process ends */
}

bool xlsx_available(const char **why)
{
	pthread_once(&lx_once, lx_load);
	if (why)
		*why = lx_loaded ? NULL : lx_error;
	return lx_loaded;
}

/* A cell's text made safe (controls replaced, line breaks kept): owned, NULL when out
 * of memory. */
static char *clean(const char *s)
{
	char *out = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&out, &n);
	if (!m)
		return NULL;
	sanitize_write(m, s, strlen(s), "\n");
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* The width a spreadsheet needs for s's longest line: two for a wide character (CJK),
 * one for the others. */
static double text_width(const char *s)
{
	size_t n = strlen(s), l, w = 0, best = 0;
	for (size_t i = 0; i < n; i += l) {
		uint32_t c = utf8_get(s, n, i, &l);
		if (c == '\n') {
			w = 0;
			continue;
		}
		w += c >= 0x1100 && (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF) ||
		                     (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
		                     (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
		                     (c >= 0xFFE0 && c <= 0xFFE6) || c >= 0x20000) ? 2 : 1;
		if (w > best)
			best = w;
	}
	return (double)best;
}

/* The workbook's formats. */
struct formats {
	lxw_format *title, *meta, *header, *cell, *number, *date;
};

/* Writes string s (made safe) at row, col; widens *width to fit it. */
static bool put(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *fmt,
                double *width)
{
	char *c = clean(s);
	if (!c)
		return false;
	bool ok = !*c || lx.worksheet_write_string(ws, row, col, c, fmt) == LXW_NO_ERROR;
	if (width) {
		double w = text_width(c) + 2;
		if (w > *width)
			*width = w;
	}
	free(c);
	return ok;
}

static const char *type_label(const char *type)
{
	static const char *const names[][2] = {
		{ "task", "任务" }, { "target", "目标" }, { "deadline", "时限" }, { "owner", "责任单位" },
		{ "note", "批注" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(type, names[i][0]))
			return names[i][1];
	return type;
}

/* The title block: the title across the columns, then date, file and export time. */
static bool title_block(lxw_worksheet *ws, const struct breakdown *b, const struct formats *fm,
                        lxw_col_t last)
{
	char *title = clean(b->title && *b->title ? b->title : "任务分解表");
	if (!title)
		return false;
	bool ok = lx.worksheet_merge_range(ws, 0, 0, 0, last, title, fm->title) == LXW_NO_ERROR;
	free(title);
	char when[32] = "", line[1024];
	if (b->exported) {
		time_t t = (time_t)(b->exported / 1000);
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	}
	snprintf(line, sizeof(line), "%s%s%s%s%s%s", *b->date ? "日期：" : "", b->date,
	         b->file && *b->file ? "    文件：" : "", b->file ? b->file : "",
	         *when ? "    导出：" : "", when);
	char *meta = clean(line);
	if (!meta)
		return false;
	ok = ok && lx.worksheet_merge_range(ws, 1, 0, 1, last, meta, fm->meta) == LXW_NO_ERROR;
	free(meta);
	return ok;
}

static bool table_sheet(lxw_worksheet *ws, const struct breakdown *b, const struct formats *fm)
{
	double width[EXPORT_COLUMNS];
	bool ok = title_block(ws, b, fm, EXPORT_COLUMNS - 1);
	for (lxw_col_t c = 0; c < EXPORT_COLUMNS; c++) {
		width[c] = 0;
		ok = ok && put(ws, TITLE_ROWS, c, export_columns[c], fm->header, &width[c]);
	}
	for (size_t i = 0; i < b->n && ok; i++) {
		const struct breakdown_row *r = &b->rows[i];
		const char *cell[EXPORT_COLUMNS];
		char num[24], pos[48];
		export_row_cells(r, cell, num, pos);
		lxw_row_t row = (lxw_row_t)(TITLE_ROWS + 1 + i);
		for (lxw_col_t c = 0; c < EXPORT_COLUMNS && ok; c++) {
			struct date d;
			if (c == 0) { /* 序号: a number */
				ok = lx.worksheet_write_number(ws, row, c, (double)r->number, fm->number) ==
				     LXW_NO_ERROR;
			} else if (c == EXPORT_COLUMN_DUE && r->due[0] && !strcmp(cell[c], r->due) &&
			           date_parse_iso(r->due, &d)) {
				/* 完成时限: a date cell when it is the due date alone (else its
				 * words, which would be lost in a date) */
				lxw_datetime dt = { d.year, d.month, d.day, 0, 0, 0 };
				ok = lx.worksheet_write_datetime(ws, row, c, &dt, fm->date) == LXW_NO_ERROR;
				if (width[c] < 14)
					width[c] = 14;
			} else {
				ok = put(ws, row, c, cell[c], fm->cell, &width[c]);
			}
		}
	}
	for (lxw_col_t c = 0; c < EXPORT_COLUMNS && ok; c++) {
		double max = c == 1 ? WIDTH_MAX : WIDTH_OTHER;
		ok = lx.worksheet_set_column(ws, c, c, width[c] > max ? max : width[c] < 6 ? 6 : width[c],
		                          NULL) == LXW_NO_ERROR;
	}
	if (ok)
		lx.worksheet_freeze_panes(ws, TITLE_ROWS + 1, 0);
	return ok;
}

static bool others_sheet(lxw_worksheet *ws, const struct breakdown *b, const struct formats *fm)
{
	static const char *const head[] = { "类型", "文本", "内容", "章节", "位置", "来源" };
	enum { NHEAD = sizeof(head) / sizeof(head[0]) };
	double width[NHEAD] = { 0 };
	bool ok = true;
	for (lxw_col_t c = 0; c < NHEAD && ok; c++)
		ok = put(ws, 0, c, head[c], fm->header, &width[c]);
	for (size_t i = 0; i < b->nothers && ok; i++) {
		const struct breakdown_tag *x = &b->others[i];
		char pos[48];
		export_position(x->line, x->col, pos, sizeof(pos));
		const char *cell[NHEAD] = { type_label(x->type), x->text, x->value, x->chapter, pos,
			                    export_source(x->source) };
		for (lxw_col_t c = 0; c < NHEAD && ok; c++)
			ok = put(ws, (lxw_row_t)(i + 1), c, cell[c], fm->cell, &width[c]);
	}
	for (lxw_col_t c = 0; c < NHEAD && ok; c++) {
		double max = c == 1 ? WIDTH_MAX : WIDTH_OTHER;
		ok = lx.worksheet_set_column(ws, c, c, width[c] > max ? max : width[c] < 6 ? 6 : width[c],
		                          NULL) == LXW_NO_ERROR;
	}
	if (ok)
		lx.worksheet_freeze_panes(ws, 1, 0);
	return ok;
}

static lxw_format *format(lxw_workbook *wb, bool bold, bool wrap)
{
	lxw_format *f = lx.workbook_add_format(wb);
	if (f) {
		if (bold)
			lx.format_set_bold(f);
		if (wrap)
			lx.format_set_text_wrap(f);
		lx.format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	}
	return f;
}

/* Copies the file at path to f. */
static bool copy_to(const char *path, FILE *f)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return false;
	char buf[65536];
	size_t n;
	bool ok = true;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0 && ok)
		ok = fwrite(buf, 1, n, f) == n;
	ok = ok && !ferror(in);
	fclose(in);
	return ok;
}

enum pz_status xlsx_write_breakdown(FILE *f, const struct breakdown *b)
{
	if (!xlsx_available(NULL))
		return PZ_NOLIB;
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/pizhu-xlsx.XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return PZ_IO;
	close(fd);
	lxw_workbook *wb = lx.workbook_new(path);
	if (!wb) {
		unlink(path);
		return PZ_NOMEM;
	}
	struct formats fm = {
		.title = format(wb, true, false), .meta = format(wb, false, false),
		.header = format(wb, true, true), .cell = format(wb, false, true),
		.number = format(wb, false, false), .date = format(wb, false, false),
	};
	bool ok = fm.title && fm.meta && fm.header && fm.cell && fm.number && fm.date;
	if (ok) {
		lx.format_set_font_size(fm.title, 14);
		lx.format_set_bg_color(fm.header, 0xDDEBF7);
		lx.format_set_border(fm.header, LXW_BORDER_THIN);
		lx.format_set_num_format(fm.date, "yyyy-mm-dd");
		lxw_doc_properties props = { .title = b->title, .subject = "任务分解表" };
		lx.workbook_set_properties(wb, &props);
	}
	lxw_worksheet *table = ok ? lx.workbook_add_worksheet(wb, "任务分解表") : NULL;
	lxw_worksheet *others = ok ? lx.workbook_add_worksheet(wb, "其他标注") : NULL;
	ok = ok && table && others && table_sheet(table, b, &fm) && others_sheet(others, b, &fm);
	/* closing writes the file, also after a failure (which then is not used) */
	lxw_error e = lx.workbook_close(wb);
	enum pz_status st = !ok ? PZ_NOMEM : e != LXW_NO_ERROR ? PZ_IO :
	                    copy_to(path, f) ? PZ_OK : PZ_IO;
	unlink(path);
	return st;
}
