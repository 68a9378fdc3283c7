/* Suggested tags in the reader, on top of the session's suggestions: their layer in the
 * text, the text's suggestion actions, and the preview of a section's before they are
 * all accepted. */
#include "pizhu/ui/suggest.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/layout.h"
#include "pizhu/suggestions.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/screen.h"
#include "pizhu/ui/tagging.h"

/* The suggestions of the document v works on, found now if they were waiting (a large
 * file's). */
static suggestions *sugg(struct view *v)
{
	session *s = view_session(v);
	if (!session_suggestions(s)) {
		enum pz_status st = session_find_suggestions(s);
		if (st != PZ_OK)
			app_message(v->app, true, "cannot find suggestions: %s", pz_strerror(st));
	}
	return session_suggestions(s);
}

static const struct detect_item *item(session *s, size_t i)
{
	size_t n;
	return &suggestions_items(session_suggestions(s), &n)[i];
}

/* The label of a suggestion's type in the user's language. */
static const char *label(const struct app *a, const struct detect_item *it)
{
	return tagging_type_label(a, (int)suggestions_tag_kind(it->type));
}

static void suggestion_spans(struct view *tv, void *data, size_t from, size_t to,
                             struct text_spans *out)
{
	(void)data;
	const suggestions *sg = session_suggestions(view_session(tv));
	if (!sg)
		return;
	size_t n;
	const struct detect_item *v = suggestions_items(sg, &n);
	int attr = screen_attr(tv->app, TE_TAG_SUGGESTION);
	for (size_t i = suggestions_shown_at(sg, from, to); i < n && out->n < TEXT_SPANS_MAX; i++) {
		if (v[i].start >= to)
			break;
		if (!suggestions_hidden(sg, i) && v[i].end > from)
			text_spans_add(out, v[i].start, v[i].end, attr);
	}
}

/* Beneath the tags: a tag hides a suggestion; a heading stays bold. */
const struct text_layer suggest_layer = {
	"suggestions", TEXT_LAYER_SUGGESTIONS, (int)A_BOLD, false, suggestion_spans, NULL,
};

static void describe(struct view *tv, size_t i)
{
	struct app *a = tv->app;
	const struct detect_item *it = item(view_session(tv), i);
	const char *text = session_text(view_session(tv), NULL);
	int n = (int)(it->end - it->start);
	if (n > 60)
		n = (int)layout_clip(text, it->start, it->end, 40, NULL) - (int)it->start;
	app_message(a, false, "suggested %s: %.*s%s%s (a accepts, d turns down)", label(a, it), n,
	            text + it->start, it->value[0] && it->type != DETECT_TASK ? " → " : "",
	            it->type != DETECT_TASK ? it->value : "");
}

int suggest_toggle(struct view *tv, const struct request *r)
{
	(void)r;
	bool waiting = !session_suggestions(view_session(tv)); /* S asked to see them: they show */
	suggestions *sg = sugg(tv);
	if (!sg)
		return VIEW_HANDLED | VIEW_REDRAW;
	if (!waiting)
		suggestions_show(sg, !suggestions_shown(sg));
	app_message(tv->app, false, suggestions_shown(sg) ? "suggestions shown: ' and \" go through them"
	                                                  : "suggestions hidden (S shows them)");
	return VIEW_HANDLED | VIEW_REDRAW;
}

int suggest_next(struct view *tv, const struct request *r)
{
	struct app *a = tv->app;
	bool back = r->arg != 0;
	suggestions *sg = sugg(tv);
	if (!sg)
		return VIEW_HANDLED | VIEW_REDRAW;
	if (!suggestions_shown(sg)) {
		app_message(a, true, "suggestions are hidden: S shows them");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	size_t s, e;
	text_cursor(tv, &s, &e);
	size_t found = suggestions_next(sg, s, back);
	if (found == SIZE_MAX) {
		app_message(a, true, back ? "no suggestion before this one" : "no suggestion after this one");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	const struct detect_item *it = item(view_session(tv), found);
	text_put_cursor(tv, it->start, it->end);
	describe(tv, found);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* The suggestion the cursor (or the selection) is on: the first shown one overlapping
 * it; SIZE_MAX, and says so, when none. */
static size_t at_cursor(struct view *tv)
{
	const suggestions *sg = session_suggestions(view_session(tv));
	size_t s, e;
	if (!text_selection(tv, &s, &e))
		text_cursor(tv, &s, &e);
	size_t i = sg ? suggestions_shown_at(sg, s, e > s ? e : s + 1) : SIZE_MAX;
	if (i == SIZE_MAX)
		app_message(tv->app, true, "no suggestion here: ' goes to the next one");
	return i;
}

int suggest_accept(struct view *tv, const struct request *r)
{
	(void)r;
	struct app *a = tv->app;
	session *doc = view_session(tv);
	size_t i;
	if (!tagging_have_tags(tv) || !sugg(tv) || (i = at_cursor(tv)) == SIZE_MAX)
		return VIEW_HANDLED | VIEW_REDRAW;
	const struct detect_item *it = item(doc, i);
	char what[200];
	int n = (int)(it->end - it->start);
	snprintf(what, sizeof(what), "%.*s", n > 120 ? 120 : n, session_text(doc, NULL) + it->start);
	const char *lab = label(a, it);
	enum pz_status st = session_accept(doc, i, NULL);
	if (st != PZ_OK)
		app_message(a, true, "cannot tag: %s", pz_strerror(st));
	else
		app_message(a, false, "accepted: %s %s", lab, what);
	return VIEW_HANDLED | VIEW_REDRAW;
}

int suggest_reject(struct view *tv, const struct request *r)
{
	(void)r;
	struct app *a = tv->app;
	session *doc = view_session(tv);
	size_t i;
	if (!sugg(tv) || (i = at_cursor(tv)) == SIZE_MAX)
		return VIEW_HANDLED | VIEW_REDRAW;
	const struct detect_item *it = item(doc, i);
	enum pz_status st = session_reject(doc, i);
	if (st != PZ_OK) {
		app_message(a, true, "cannot remember that: %s", pz_strerror(st));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	int n = (int)(it->end - it->start);
	app_message(a, false, "turned down: %.*s", n > 511 ? 511 : n,
	            session_text(doc, NULL) + it->start);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* ---- the preview of accept-section ---- */

struct preview {
	session *s;                /* the document (its opener's) */
	size_t *v;                 /* the suggestions to accept */
	size_t n;
	char where[64];            /* the section's path */
	size_t top;
};

/* What the preview opens with: the byte the cursor is at. */
static bool preview_open(struct view *v, const void *arg)
{
	struct app *a = v->app;
	size_t at = *(const size_t *)arg;
	struct preview *p = calloc(1, sizeof(*p));
	if (!p) {
		app_message(a, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	session *s = p->s = view_session(v);
	/* the section the cursor is in: its innermost numbered section, else its speech */
	const outline *o = session_outline(s);
	size_t nn = outline_node_count(o), best = SIZE_MAX, speech = SIZE_MAX;
	for (size_t i = 0; i < nn; i++) {
		const struct outline_node *nd = outline_node_at(o, i);
		if (nd->start > at)
			break;
		if (at < nd->end) {
			if (nd->kind == OUTLINE_SECTION)
				best = i;
			if (nd->kind == OUTLINE_SPEECH)
				speech = i;
		}
	}
	if (best == SIZE_MAX)
		best = speech;
	size_t from = 0, to;
	session_text(s, &to);
	if (best != SIZE_MAX) {
		const struct outline_node *nd = outline_node_at(o, best);
		from = nd->start;
		to = nd->end;
		session_section_path(s, nd->start, p->where, sizeof(p->where));
	}
	if (suggestions_in(session_suggestions(s), from, to, &p->v, &p->n) != PZ_OK || !p->n) {
		app_message(a, true, p->v ? "no suggestions left in this section" : "out of memory");
		free(p->v);
		free(p);
		return false;
	}
	v->priv = p;
	return true;
}

static void preview_done(struct view *v)
{
	struct preview *p = v->priv;
	free(p->v);
	free(p);
}

int suggest_preview(struct view *tv, const struct request *r)
{
	(void)r;
	struct app *a = tv->app;
	if (!tagging_have_tags(tv) || !sugg(tv))
		return VIEW_HANDLED | VIEW_REDRAW;
	size_t s, e;
	text_cursor(tv, &s, &e);
	app_push(a, &preview_view, &s);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static void preview_draw(struct view *v)
{
	struct preview *p = v->priv;
	struct app *a = v->app;
	int top = v->top, left = v->left, width = v->width;
	const char *text = session_text(p->s, NULL);
	char head[256];
	snprintf(head, sizeof(head), "Accept %zu suggestions in %s? Enter accepts them all, Esc goes back",
	         p->n, p->where[0] ? p->where : "this speech");
	screen_put(top, left + 1, width - 1, head, 0, strlen(head), screen_attr(a, TE_HELP_HEADING));
	int attr = screen_attr(a, TE_TAGS_NORMAL);
	for (int y = 0; y + 1 < v->height && p->top + (size_t)y < p->n; y++) {
		const struct detect_item *it = item(p->s, p->v[p->top + (size_t)y]);
		struct doc_pos pos = doc_pos_of(session_doc(p->s), it->start);
		char cols[48];
		const char *lab = label(a, it);
		screen_put(top + 1 + y, left + 1, width - 1, lab, 0, strlen(lab),
		           tagging_type_attr(a, (int)suggestions_tag_kind(it->type)));
		snprintf(cols, sizeof(cols), "%zu:%zu", pos.line, pos.col);
		screen_put(top + 1 + y, left + 10, width - 10, cols, 0, strlen(cols), attr);
		char line[1024];
		int m = snprintf(line, sizeof(line), "%.*s%s%s",
		                 (int)(it->end - it->start < 600 ? it->end - it->start : 600),
		                 text + it->start, it->type != DETECT_TASK ? "  → " : "",
		                 it->type != DETECT_TASK ? it->value : "");
		screen_put(top + 1 + y, left + 20, width - 20, line, 0, m > 0 ? (size_t)m : 0, attr);
	}
}

/* Enter: accept them all. */
static int accept_all(struct view *v, const struct request *r)
{
	(void)r;
	struct preview *p = v->priv;
	struct app *a = v->app;
	const suggestions *sg = session_suggestions(p->s);
	struct session_accepted done = { 0 };
	enum pz_status st = PZ_OK;
	for (size_t k = 0; k < p->n && st == PZ_OK; k++)
		if (!suggestions_hidden(sg, p->v[k]))
			st = session_accept_counted(p->s, p->v[k], NULL, &done);
	app_close(a, v);
	/* how many of each, and the owners and dates the tasks took with them */
	char line[512];
	session_accepted_describe(&done, line, sizeof(line));
	if (st != PZ_OK)
		app_message(a, true, "%s, then: %s", line, pz_strerror(st));
	else
		app_message(a, false, "%s (u undoes them one by one)", line);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* r->arg entries down (negative: up), or a page. */
static int scroll_by(struct view *v, const struct request *r)
{
	struct preview *p = v->priv;
	size_t page = v->app->rows > 3 ? (size_t)v->app->rows - 3 : 1;
	size_t n = r->arg == VIEW_PAGE || r->arg == -VIEW_PAGE ? page : 1;
	if (r->arg > 0) {
		p->top += n;
		if (p->top >= p->n)
			p->top = p->n ? p->n - 1 : 0;
	} else {
		p->top = p->top > n ? p->top - n : 0;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static const struct view_action preview_actions[ACT_COUNT] = {
	[ACT_JUMP] = { accept_all, 0 },
	[ACT_CLOSE] = { view_leave, 0 },
	[ACT_CANCEL] = { view_leave, 0 },
	[ACT_LINE_DOWN] = { scroll_by, 1 },
	[ACT_PAGE_DOWN] = { scroll_by, VIEW_PAGE },
	[ACT_LINE_UP] = { scroll_by, -1 },
	[ACT_PAGE_UP] = { scroll_by, -VIEW_PAGE },
};

const struct view_ops preview_view = {
	.name = "preview",
	.mode = MODE_TAGS,
	.place = VIEW_BODY,
	.actions = preview_actions,
	.open = preview_open,
	.done = preview_done,
	.draw = preview_draw,
};
