/* The help screen: generated from the one action table and the live keymap, so it
 * always shows the keys the user really has. */
#include "pizhu/ui/help.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "pizhu/keymap.h"

static size_t help_count(struct app *a)
{
	char buf[256];
	bool h;
	size_t n = 0;
	while (keymap_help_line(a->km, n, buf, sizeof(buf), &h))
		n++;
	return n;
}

static void help_draw(struct app *a, int top, int left, int height, int width)
{
	char buf[512];
	bool heading;
	size_t total = help_count(a);
	if (total > (size_t)height && a->help_top > total - (size_t)height)
		a->help_top = total - (size_t)height;
	if (total <= (size_t)height)
		a->help_top = 0;
	int hattr = app_attr(a, TE_HELP_HEADING), kattr = app_attr(a, TE_HELP_KEY),
	    tattr = app_attr(a, TE_HELP_TEXT);
	for (int y = 0; y < height; y++) {
		if (!keymap_help_line(a->km, a->help_top + (size_t)y, buf, sizeof(buf), &heading))
			break;
		if (heading) {
			app_put(top + y, left + 1, width - 1, buf, 0, strlen(buf), hattr);
			continue;
		}
		size_t keys = strlen(buf);
		const char *gap = strstr(buf, "  ");
		if (gap)
			keys = (size_t)(gap - buf);
		app_put(top + y, left + 2, width - 2, buf, 0, keys, kattr);
		if (keys < strlen(buf) && width > 28)
			app_put(top + y, left + 2 + 24, width - 26, buf, keys + strspn(buf + keys, " "),
			        strlen(buf), tattr);
	}
}

static int help_handle(struct app *a, enum action act)
{
	size_t page = a->rows > 2 ? (size_t)a->rows - 2 : 1;
	switch (act) {
	case ACT_CLOSE:
	case ACT_HELP:
	case ACT_QUIT:
		a->full = NULL;
		break;
	case ACT_LINE_DOWN:
		a->help_top++;
		break;
	case ACT_LINE_UP:
		a->help_top = a->help_top ? a->help_top - 1 : 0;
		break;
	case ACT_PAGE_DOWN:
	case ACT_HALF_PAGE_DOWN:
		a->help_top += act == ACT_PAGE_DOWN ? page : page / 2;
		break;
	case ACT_PAGE_UP:
	case ACT_HALF_PAGE_UP: {
		size_t n = act == ACT_PAGE_UP ? page : page / 2;
		a->help_top = a->help_top > n ? a->help_top - n : 0;
		break;
	}
	case ACT_TOP:
		a->help_top = 0;
		break;
	case ACT_BOTTOM:
		a->help_top = (size_t)-1 / 2;
		break;
	default:
		return VIEW_HANDLED; /* nothing else acts behind the help */
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

const struct view_ops help_view = {
	.name = "help",
	.mode = MODE_HELP,
	.draw = help_draw,
	.handle = help_handle,
};
