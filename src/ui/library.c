/* The library: every document opened before, most recent first, with its path and
 * where reading stopped; Enter opens one. */
#include "pizhu/ui/library.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool library_load(struct app *a)
{
	if (!a->st)
		return false;
	store_docs_free(a->docs, a->ndocs);
	a->docs = NULL;
	a->ndocs = 0;
	if (store_library(a->st, &a->docs, &a->ndocs) != PZ_OK || !a->ndocs)
		return false;
	a->lib_sel = a->lib_top = 0;
	return true;
}

static void library_draw(struct app *a, int top, int left, int height, int width)
{
	const char *head = "Documents read before (Enter opens, q goes back)";
	app_put(top, left + 1, width - 1, head, 0, strlen(head), app_attr(a, TE_HELP_HEADING));
	int rows = height - 1;
	if (rows < 1)
		return;
	if (a->lib_sel < a->lib_top)
		a->lib_top = a->lib_sel;
	if (a->lib_sel >= a->lib_top + (size_t)rows)
		a->lib_top = a->lib_sel - (size_t)rows + 1;
	for (int y = 0; y < rows && a->lib_top + (size_t)y < a->ndocs; y++) {
		size_t i = a->lib_top + (size_t)y;
		const struct store_doc *d = &a->docs[i];
		int attr = app_attr(a, i == a->lib_sel ? TE_LIBRARY_SELECTED : TE_LIBRARY_NORMAL);
		app_fill(top + 1 + y, left, width, attr);
		char when[32] = "", line[1024];
		time_t t = (time_t)(d->last_opened / 1000);
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		int pct = d->length > 0 ? (int)(d->position * 100 / d->length) : 0;
		int n = snprintf(line, sizeof(line), "%s %3d%%  %s  %s", when, pct, d->title, d->path);
		app_put(top + 1 + y, left + 1, width - 1, line, 0, n > 0 ? (size_t)n : 0, attr);
	}
}

static int library_handle(struct app *a, enum action act)
{
	size_t last = a->ndocs ? a->ndocs - 1 : 0;
	switch (act) {
	case ACT_LINE_DOWN:
		a->lib_sel = a->lib_sel < last ? a->lib_sel + 1 : last;
		break;
	case ACT_LINE_UP:
		a->lib_sel = a->lib_sel ? a->lib_sel - 1 : 0;
		break;
	case ACT_TOP:
		a->lib_sel = 0;
		break;
	case ACT_BOTTOM:
		a->lib_sel = last;
		break;
	case ACT_OPEN:
	case ACT_JUMP:
		if (!a->ndocs)
			break;
		if (session_abspath(a->s) && !strcmp(a->docs[a->lib_sel].path, session_abspath(a->s))) {
			a->full = NULL; /* the document already open */
			break;
		}
		free(a->open_next);
		a->open_next = strdup(a->docs[a->lib_sel].path);
		return VIEW_HANDLED | VIEW_QUIT;
	case ACT_CLOSE:
	case ACT_LIBRARY:
		a->full = NULL;
		break;
	case ACT_QUIT:
		return VIEW_IGNORED; /* q quits the reader, as everywhere */
	default:
		return VIEW_HANDLED;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

const struct view_ops library_view = {
	.name = "library",
	.mode = MODE_LIBRARY,
	.draw = library_draw,
	.handle = library_handle,
};
