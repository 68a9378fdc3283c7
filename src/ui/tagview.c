/* The view of one tag, whole: the status line and the tag list cut a long quote or
 * note to fit a row; here every field is wrapped to the width, with who made and
 * changed the tag (the steps of its history, undone ones marked) and its discussion. */
#include "pizhu/ui/tagview.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pizhu/i18n.h"
#include "pizhu/layout.h"
#include "pizhu/session.h"
#include "pizhu/store_annot.h"
#include "pizhu/tags.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/screen.h"
#include "pizhu/ui/tagging.h"

struct tagview {
	char uuid[STORE_UUID_LEN + 1];
	size_t top;               /* the first row shown */
	/* the lines of the last draw, each one string (kind: its attribute) */
	char *buf;
	size_t len, cap;
};

/* The kinds of line, for their attributes. */
enum { LINE_TEXT, LINE_HEADING, LINE_QUIET };

static bool tagview_open(struct view *v, const void *arg)
{
	struct tagview *t = calloc(1, sizeof(*t));
	if (!t) {
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	snprintf(t->uuid, sizeof(t->uuid), "%s", (const char *)arg);
	v->priv = t;
	return true;
}

static void tagview_done(struct view *v)
{
	struct tagview *t = v->priv;
	free(t->buf);
	free(t);
}

/* Appends a line of kind (its first byte) to t->buf, made from fmt; line breaks and
 * tabs of the values become spaces. False when out of memory. */
static bool add(struct tagview *t, int kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	size_t need = t->len + (size_t)n + 3;
	if (need > t->cap) {
		size_t cap = t->cap ? t->cap : 1024;
		while (cap < need)
			cap *= 2;
		char *b = realloc(t->buf, cap);
		if (!b)
			return false;
		t->buf = b;
		t->cap = cap;
	}
	t->buf[t->len++] = (char)('0' + kind);
	va_start(ap, fmt);
	vsnprintf(t->buf + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	for (char *p = t->buf + t->len; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	t->len += (size_t)n + 1; /* the NUL ends the line */
	return true;
}

/* The label of a type named name (a type no longer declared: its name). */
static const char *type_label(const struct app *a, const char *name)
{
	int i = tagtypes_index(&a->types, name);
	return i >= 0 ? tagging_type_label(a, i) : name;
}

static void when(int64_t ms, char *buf, size_t len)
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	buf[0] = '\0';
	if (ms > 0 && localtime_r(&s, &tm))
		strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
}

/* What step s did, into buf ("note: …; due date: 2025-06-30"). */
static void step_what(const struct app *a, const struct store_step *s, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
#define PART(...)                                                                        \
	do {                                                                                 \
		if (o < len) {                                                                   \
			if (o)                                                                       \
				o += (size_t)snprintf(buf + o, len - o, "%s", _("; "));                  \
			if (o < len)                                                                 \
				o += (size_t)snprintf(buf + o, len - o, __VA_ARGS__);                     \
		}                                                                                \
	} while (0)
	if (s->what & STORE_STEP_MADE) {
		PART(_("made it (%s)"), type_label(a, s->type));
		return;
	}
	if (s->what & STORE_STEP_DELETED)
		PART("%s", _("deleted it"));
	if (s->what & STORE_STEP_RESTORED)
		PART("%s", _("brought it back"));
	if (s->what & STORE_STEP_TYPE)
		PART(_("type: %s"), type_label(a, s->type));
	if (s->what & STORE_STEP_DONE)
		PART("%s", s->done ? _("marked it done") : _("opened it again"));
	if (s->what & STORE_STEP_NOTE)
		PART(s->note[0] ? _("note: %s") : "%s", s->note[0] ? s->note : _("took the note away"));
	if (s->what & STORE_STEP_DUE)
		PART(s->due[0] ? _("due date: %s") : "%s", s->due[0] ? s->due : _("took the due date away"));
	if (s->what & STORE_STEP_OWNER)
		PART(s->owner[0] ? _("owner: %s") : "%s", s->owner[0] ? s->owner : _("took the owner away"));
	if (s->what & STORE_STEP_PLACE)
		PART("%s", _("moved it onto other text"));
	if (!o)
		PART("%s", _("changed nothing a reviewer sees"));
#undef PART
}

/* The lines of the tag, afresh (false: it is gone, or out of memory). */
static bool build(struct view *v)
{
	struct tagview *t = v->priv;
	struct app *a = v->app;
	tagset *ts = session_tags(view_session(v));
	size_t i = ts ? tagset_find(ts, t->uuid) : SIZE_MAX;
	t->len = 0;
	if (i == SIZE_MAX)
		return false;
	const struct tag *tag = tagset_at(ts, i);
	const struct store_annot *x = &tag->a;
	char w1[32];
	bool ok = true;
	if (tag->kind == TAGTYPE_TASK)
		ok &= add(t, LINE_HEADING, "%s (%s)", tagging_label(a, tag),
		          x->done ? C_("task", "done") : C_("task", "open"));
	else
		ok &= add(t, LINE_HEADING, "%s", tagging_label(a, tag));
	ok &= add(t, LINE_TEXT, _("quote: %s"), x->quote);
	ok &= add(t, LINE_TEXT, _("note: %s"), x->note[0] ? x->note : _("(none)"));
	ok &= add(t, LINE_TEXT, _("due date: %s"), x->due[0] ? x->due : _("(none)"));
	ok &= add(t, LINE_TEXT, _("owner: %s"), x->owner[0] ? x->owner : _("(none)"));
	if (x->section[0])
		ok &= add(t, LINE_TEXT, _("section: %s"), x->section);
	when(x->created, w1, sizeof(w1));
	ok &= add(t, LINE_TEXT, _("made by %s, %s"), x->author[0] ? x->author : _("someone"), w1);
	if (x->anchor != STORE_ANCHORED)
		ok &= add(t, LINE_TEXT, "%s", x->anchor == STORE_MOVED ? _("moved: its text changed in a later draft")
		                                                         : _("orphaned: its text is not in this draft"));
	char change[512];
	if (tagging_draft_change(a, tag, change, sizeof(change)))
		ok &= add(t, LINE_TEXT, "%s", change);

	struct store_step *s;
	size_t n;
	if (tagset_history(ts, t->uuid, &s, &n) == PZ_OK && n) {
		ok &= add(t, LINE_QUIET, "%s", "");
		ok &= add(t, LINE_HEADING, "%s", _("history"));
		for (size_t k = 0; k < n; k++) {
			char what[1024];
			step_what(a, &s[k], what, sizeof(what));
			when(s[k].at, w1, sizeof(w1));
			ok &= add(t, s[k].undone ? LINE_QUIET : LINE_TEXT,
			          s[k].undone ? _("%s  %s: %s (undone)") : _("%s  %s: %s"), w1,
			          s[k].author[0] ? s[k].author : _("someone"), what);
		}
		store_steps_free(s, n);
	}
	struct store_reply *r;
	if (tagset_replies(ts, t->uuid, &r, &n) == PZ_OK && n) {
		ok &= add(t, LINE_QUIET, "%s", "");
		ok &= add(t, LINE_HEADING, "%s", _("discussion"));
		for (size_t k = 0; k < n; k++) {
			when(r[k].at, w1, sizeof(w1));
			ok &= add(t, LINE_TEXT, _("%s  %s: %s"), w1, r[k].author, r[k].text);
		}
		store_replies_free(r, n);
	}
	return ok;
}

static void tagview_draw(struct view *v)
{
	struct tagview *t = v->priv;
	struct app *a = v->app;
	int top = v->top, left = v->left, height = v->height, width = v->width;
	if (!build(v)) {
		const char *gone = _("the tag is gone (deleted meanwhile?)");
		screen_put(top, left + 1, width - 1, gone, 0, strlen(gone), screen_attr(a, TE_TAGS_NORMAL));
		return;
	}
	int attr[] = { screen_attr(a, TE_HELP_TEXT), screen_attr(a, TE_HELP_HEADING),
	               screen_attr(a, TE_TAGS_ORPHAN) };
	unsigned w = width > 4 ? (unsigned)width - 4 : 1;
	struct layout_rows rows;
	layout_rows_init(&rows);
	struct layout_options opt = { 0 };
	/* rows counted first, so that the last page is full */
	size_t total = 0;
	for (size_t o = 0; o < t->len; o += strlen(t->buf + o) + 1) {
		size_t e = o + 1 + strlen(t->buf + o + 1);
		if (layout_wrap(t->buf, o + 1, e, w, &opt, &rows) == PZ_OK)
			total += rows.count;
	}
	if (total <= (size_t)height)
		t->top = 0;
	else if (t->top > total - (size_t)height)
		t->top = total - (size_t)height;
	size_t row = 0;
	int y = 0;
	for (size_t o = 0; o < t->len && y < height; o += strlen(t->buf + o) + 1) {
		int kind = t->buf[o] - '0';
		size_t e = o + 1 + strlen(t->buf + o + 1);
		if (layout_wrap(t->buf, o + 1, e, w, &opt, &rows) != PZ_OK)
			break;
		for (size_t k = 0; k < rows.count && y < height; k++, row++) {
			if (row < t->top)
				continue;
			int x = kind == LINE_HEADING ? 1 : k ? 4 : 2; /* a wrapped line hangs */
			screen_put(top + y, left + x, width - x, t->buf, rows.row[k].start, rows.row[k].end,
			           attr[kind]);
			y++;
		}
	}
	layout_rows_release(&rows);
}

/* r->arg rows down (negative: up), a page, half of one, the first or the last. */
static int scroll_by(struct view *v, const struct request *r)
{
	struct tagview *t = v->priv;
	t->top = view_scroll_top(t->top, v->height > 1 ? (size_t)v->height - 1 : 1, r->arg);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static const struct view_action tagview_actions[ACT_COUNT] = {
	[ACT_CLOSE] = { view_leave, 0 },
	[ACT_CANCEL] = { view_leave, 0 },
	[ACT_QUIT] = { view_leave, 0 },
	[ACT_SHOW_TAG] = { view_leave, 0 },
	[ACT_LINE_DOWN] = { scroll_by, 1 },
	[ACT_LINE_UP] = { scroll_by, -1 },
	[ACT_PAGE_DOWN] = { scroll_by, VIEW_PAGE },
	[ACT_PAGE_UP] = { scroll_by, -VIEW_PAGE },
	[ACT_HALF_PAGE_DOWN] = { scroll_by, VIEW_HALF_PAGE },
	[ACT_HALF_PAGE_UP] = { scroll_by, -VIEW_HALF_PAGE },
	[ACT_TOP] = { scroll_by, VIEW_FIRST },
	[ACT_BOTTOM] = { scroll_by, VIEW_LAST },
	[ACT_LIBRARY] = { view_swallow, 0 },
	[ACT_TAG_LIST] = { view_swallow, 0 },
	[ACT_EXPORT] = { view_swallow, 0 },
};

const struct view_ops tagview_view = {
	.name = "tag",
	.mode = MODE_HELP,
	.place = VIEW_BODY,
	.actions = tagview_actions,
	.open = tagview_open,
	.done = tagview_done,
	.draw = tagview_draw,
};
