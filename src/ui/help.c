/* The help screen: generated from the one action table and the live keymap, so it
 * always shows the keys the user really has. */
#include "pizhu/help.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "pizhu/key.h"

/* The modes in the order the help screen lists them, with their headings. */
static const struct {
	enum mode mode;
	const char *heading;
} sections[] = {
	{ MODE_GLOBAL, "Everywhere" },
	{ MODE_TEXT, "In the text" },
	{ MODE_TREE, "In the tree" },
	{ MODE_LIBRARY, "In the library" },
	{ MODE_PROMPT, "When typing a search, a line or a percentage" },
};

/* Builds line k of the help: a heading, a key line, or a blank. Returns false past
 * the end. *heading tells which kind it is. */
static bool help_line(struct app *a, size_t k, char *buf, size_t len, bool *heading)
{
	size_t n = 0;
	for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		enum mode m = sections[s].mode;
		if (n++ == k) {
			snprintf(buf, len, "%s", sections[s].heading);
			*heading = true;
			return true;
		}
		for (int act = ACT_NONE + 1; act < ACT_COUNT; act++) {
			struct key keys[8];
			size_t nk = keymap_keys_for(a->km, m, (enum action)act, keys, 8);
			if (!nk)
				continue;
			/* in a mode, list only the keys it binds itself (the rest is Everywhere) */
			if (m != MODE_GLOBAL) {
				struct key g[8];
				size_t ng = keymap_keys_for(a->km, MODE_GLOBAL, (enum action)act, g, 8);
				if (ng == nk && m != MODE_PROMPT) {
					bool same = true;
					for (size_t i = 0; i < nk; i++)
						same &= key_equal(keys[i], g[i]);
					if (same)
						continue;
				}
			}
			if (n++ != k)
				continue;
			size_t o = 0;
			for (size_t i = 0; i < nk && i < 8 && o + KEY_NAME_MAX + 2 < len; i++) {
				if (i)
					o += (size_t)snprintf(buf + o, len - o, " ");
				o += key_format(keys[i], buf + o, len - o);
			}
			snprintf(buf + o, len - o, "%*s%s", o < 24 ? (int)(24 - o) : 1, "",
			         action_help((enum action)act));
			*heading = false;
			return true;
		}
		if (n++ == k) {
			buf[0] = '\0';
			*heading = false;
			return true;
		}
	}
	return false;
}

static size_t help_count(struct app *a)
{
	char buf[256];
	bool h;
	size_t n = 0;
	while (help_line(a, n, buf, sizeof(buf), &h))
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
		if (!help_line(a, a->help_top + (size_t)y, buf, sizeof(buf), &heading))
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
