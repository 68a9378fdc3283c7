/* Suggested tags in the reader, on top of the session's suggestions: their layer in the
 * text, the text's suggestion actions, and the preview of a section's before they are
 * all accepted. */
#include "pizhu/ui/suggest.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/i18n.h"
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
	char ka[2 * KEY_NAME_MAX], kd[2 * KEY_NAME_MAX];
	app_message(a, false, "suggested %s: %.*s%s%s (%s accepts, %s turns down)", label(a, it), n,
	            text + it->start, it->value[0] && it->type != DETECT_TASK ? " → " : "",
	            it->type != DETECT_TASK ? it->value : "",
	            app_keys_for(a, MODE_TEXT, ACT_ACCEPT_SUGGESTION, ka, sizeof(ka)),
	            app_keys_for(a, MODE_TEXT, ACT_REJECT_SUGGESTION, kd, sizeof(kd)));
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
	char kn[2 * KEY_NAME_MAX], kp[2 * KEY_NAME_MAX], ks[2 * KEY_NAME_MAX];
	app_keys_for(tv->app, MODE_TEXT, ACT_NEXT_SUGGESTION, kn, sizeof(kn));
	app_keys_for(tv->app, MODE_TEXT, ACT_PREV_SUGGESTION, kp, sizeof(kp));
	app_keys_for(tv->app, MODE_TEXT, ACT_TOGGLE_SUGGESTIONS, ks, sizeof(ks));
	if (suggestions_shown(sg))
		app_message(tv->app, false, "suggestions shown: %s and %s go through them", kn, kp);
	else
		app_message(tv->app, false, "suggestions hidden (%s shows them)", ks);
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
		char ks[2 * KEY_NAME_MAX];
		app_message(a, true, "suggestions are hidden: %s shows them",
		            app_keys_for(a, MODE_TEXT, ACT_TOGGLE_SUGGESTIONS, ks, sizeof(ks)));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	size_t s, e;
	text_cursor(tv, &s, &e);
	size_t found = suggestions_next(sg, s, back);
	if (found == SIZE_MAX) {
		app_message(a, true, back ? N_("no suggestion before this one") : N_("no suggestion after this one"));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	const struct detect_item *it = item(view_session(tv), found);
	text_put_cursor(tv, it->start, it->end);
	describe(tv, found);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* The suggestion the cursor (or the selection) is on: the shown one that is exactly
 * its span (where next-suggestion put it, inside a longer one: the task of the
 * sentence), else the first shown one overlapping it; SIZE_MAX, and says so, when none. */
static size_t at_cursor(struct view *tv)
{
	const suggestions *sg = session_suggestions(view_session(tv));
	size_t s, e;
	if (!text_selection(tv, &s, &e))
		text_cursor(tv, &s, &e);
	if (e <= s)
		e = s + 1;
	size_t i = sg ? suggestions_shown_at(sg, s, e) : SIZE_MAX, n = 0;
	if (i != SIZE_MAX)
		suggestions_items(sg, &n);
	for (size_t k = i; k != SIZE_MAX && k < n && item(view_session(tv), k)->start < e; k++) {
		const struct detect_item *it = item(view_session(tv), k);
		if (!suggestions_hidden(sg, k) && it->start == s && it->end == e) {
			i = k;
			break;
		}
	}
	if (i == SIZE_MAX) {
		char kn[2 * KEY_NAME_MAX];
		app_message(tv->app, true, "no suggestion here: %s goes to the next one",
		            app_keys_for(tv->app, MODE_TEXT, ACT_NEXT_SUGGESTION, kn, sizeof(kn)));
	}
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
	char ku[KEY_NAME_MAX], kb[KEY_NAME_MAX];
	app_message(a, false, "turned down: %.*s (%s undoes, %s lists those turned down)",
	            n > 200 ? 200 : n, session_text(doc, NULL) + it->start,
	            app_keys_for(a, MODE_TEXT, ACT_UNDO, ku, sizeof(ku)),
	            app_keys_for(a, MODE_TEXT, ACT_REJECTED_LIST, kb, sizeof(kb)));
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* A short quote of suggestion i for a message. */
static int quote_len(session *doc, const struct detect_item *it)
{
	int n = (int)(it->end - it->start);
	if (n > 60)
		n = (int)layout_clip(session_text(doc, NULL), it->start, it->end, 40, NULL) - (int)it->start;
	return n;
}

bool suggest_undone(struct view *v, const char *uuid, bool redo)
{
	struct app *a = v->app;
	session *doc = view_session(v);
	struct store_rejection rj;
	if (!a->st || store_rejection_get(a->st, uuid, &rj) != PZ_OK)
		return false;
	enum pz_status st = session_reload_rejections(doc);
	/* which way it went: the rejection is down again, or brought back */
	struct store_rejection *down;
	size_t n;
	bool is_down = false;
	if (st == PZ_OK && store_rejections(a->st, session_document(doc), &down, &n) == PZ_OK) {
		for (size_t i = 0; i < n; i++)
			is_down |= !strcmp(down[i].uuid, uuid);
		store_rejections_free(down, n);
	}
	if (st != PZ_OK)
		app_message(a, true, "cannot read the suggestions turned down: %s", pz_strerror(st));
	else {
		char q[160];
		app_message(a, false, redo ? (is_down ? N_("redone: turned down again: %s") : N_("redone: suggested again: %s"))
		                           : (is_down ? N_("undone: turned down again: %s") : N_("undone: suggested again: %s")),
		            tagging_short_quote(rj.quote, q, sizeof(q)));
	}
	store_rejection_release(&rj);
	return true;
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
	char kj[2 * KEY_NAME_MAX], kc[2 * KEY_NAME_MAX];
	snprintf(head, sizeof(head), ngettext("Accept %zu suggestion in %s? %s accepts it, %s goes back",
	                                      "Accept %zu suggestions in %s? %s accepts them all, %s goes back", p->n),
	         p->n, p->where[0] ? p->where : _("this speech"),
	         app_keys_for(a, MODE_TAGS, ACT_JUMP, kj, sizeof(kj)),
	         app_keys_for(a, MODE_TAGS, ACT_CLOSE, kc, sizeof(kc)));
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
	else {
		char ku[KEY_NAME_MAX];
		app_message(a, false, "%s (%s undoes them one by one)", line,
		            app_keys_for(a, MODE_TEXT, ACT_UNDO, ku, sizeof(ku)));
	}
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

/* ---- the suggestions turned down (rejected-list) ---- */

struct rejected {
	size_t *v;                 /* the suggestions turned down, in text order */
	size_t n, cap;
	size_t sel, top;
};

/* The rows, read again at each use: an undo or a key elsewhere may have changed them. */
static void rejected_rows(struct view *v)
{
	struct rejected *l = v->priv;
	const suggestions *sg = session_suggestions(view_session(v));
	size_t total = 0;
	if (sg)
		suggestions_items(sg, &total);
	l->n = 0;
	for (size_t i = 0; i < total && l->n < l->cap; i++)
		if (suggestions_rejected(sg, i))
			l->v[l->n++] = i;
	if (l->sel >= l->n)
		l->sel = l->n ? l->n - 1 : 0;
}

static bool rejected_open(struct view *v, const void *arg)
{
	(void)arg;
	struct rejected *l = calloc(1, sizeof(*l));
	size_t total = 0;
	const suggestions *sg = session_suggestions(view_session(v));
	if (sg)
		suggestions_items(sg, &total);
	if (!l || !(l->v = calloc(total + 1, sizeof(*l->v)))) {
		free(l);
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	l->cap = total;
	v->priv = l;
	return true;
}

static void rejected_done(struct view *v)
{
	struct rejected *l = v->priv;
	free(l->v);
	free(l);
}

static void rejected_draw(struct view *v)
{
	struct rejected *l = v->priv;
	struct app *a = v->app;
	session *doc = view_session(v);
	int top = v->top, left = v->left, width = v->width;
	rejected_rows(v);
	char head[256], kj[KEY_NAME_MAX], kx[KEY_NAME_MAX], kq[KEY_NAME_MAX];
	snprintf(head, sizeof(head), _("Suggestions turned down: %zu · %s shows one, %s brings it back, %s closes"),
	         l->n, app_keys_for(a, MODE_REJECTED, ACT_JUMP, kj, sizeof(kj)),
	         app_keys_for(a, MODE_REJECTED, ACT_RESTORE_SUGGESTION, kx, sizeof(kx)),
	         app_keys_for(a, MODE_REJECTED, ACT_CLOSE, kq, sizeof(kq)));
	screen_put(top, left + 1, width - 1, head, 0, strlen(head), screen_attr(a, TE_HELP_HEADING));
	int rows = v->height - 1;
	if (rows < 1)
		return;
	if (!l->n) {
		char kd[2 * KEY_NAME_MAX], none[160];
		snprintf(none, sizeof(none), _("none: in the text, %s turns down the suggestion at the cursor"),
		         app_keys_for(a, MODE_TEXT, ACT_REJECT_SUGGESTION, kd, sizeof(kd)));
		screen_put(top + 1, left + 1, width - 1, none, 0, strlen(none), screen_attr(a, TE_TAGS_NORMAL));
		return;
	}
	const char *text = session_text(doc, NULL);
	l->top = view_list_top(l->sel, l->top, (size_t)rows);
	for (int y = 0; y < rows && l->top + (size_t)y < l->n; y++) {
		size_t r = l->top + (size_t)y;
		const struct detect_item *it = item(doc, l->v[r]);
		bool sel = r == l->sel;
		int attr = screen_attr(a, sel ? TE_TAGS_SELECTED : TE_TAGS_NORMAL);
		screen_fill(top + 1 + y, left, width, attr);
		const char *lab = label(a, it);
		screen_put(top + 1 + y, left + 1, width - 1, lab, 0, strlen(lab),
		           sel ? attr : tagging_type_attr(a, (int)suggestions_tag_kind(it->type)));
		struct doc_pos pos = doc_pos_of(session_doc(doc), it->start);
		char cols[48];
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

static int rejected_move(struct view *v, const struct request *r)
{
	struct rejected *l = v->priv;
	rejected_rows(v);
	l->sel = view_list_move(l->sel, l->n, v->app->rows > 3 ? (size_t)v->app->rows - 3 : 1, r->arg);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Enter: the suggestion in the text (its words under the cursor), the list closed. */
static int rejected_jump(struct view *v, const struct request *r)
{
	(void)r;
	struct rejected *l = v->priv;
	struct app *a = v->app;
	rejected_rows(v);
	if (!l->n)
		return VIEW_HANDLED | VIEW_REDRAW;
	const struct detect_item *it = item(view_session(v), l->v[l->sel]);
	struct view *tv = app_find(a, &text_view);
	app_close(a, v);
	if (tv) {
		text_put_cursor(tv, it->start, it->end);
		char kb[KEY_NAME_MAX];
		app_message(a, false, "turned down here (%s lists them to bring one back)",
		            app_keys_for(a, MODE_TEXT, ACT_REJECTED_LIST, kb, sizeof(kb)));
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* X: the selected one suggested again. */
static int rejected_restore(struct view *v, const struct request *r)
{
	(void)r;
	struct rejected *l = v->priv;
	struct app *a = v->app;
	session *doc = view_session(v);
	rejected_rows(v);
	if (!l->n)
		return VIEW_HANDLED | VIEW_REDRAW;
	size_t i = l->v[l->sel];
	enum pz_status st = session_bring_back(doc, i);
	if (st != PZ_OK) {
		app_message(a, true, "cannot bring it back: %s", pz_strerror(st));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	const struct detect_item *it = item(doc, i);
	char ku[KEY_NAME_MAX];
	app_message(a, false, "suggested again: %.*s (%s turns it down again)", quote_len(doc, it),
	            session_text(doc, NULL) + it->start, app_keys_for(a, MODE_TEXT, ACT_UNDO, ku, sizeof(ku)));
	return VIEW_HANDLED | VIEW_REDRAW;
}

static const struct view_action rejected_actions[ACT_COUNT] = {
	[ACT_LINE_DOWN] = { rejected_move, 1 },
	[ACT_LINE_UP] = { rejected_move, -1 },
	[ACT_PAGE_DOWN] = { rejected_move, VIEW_PAGE },
	[ACT_HALF_PAGE_DOWN] = { rejected_move, VIEW_PAGE },
	[ACT_PAGE_UP] = { rejected_move, -VIEW_PAGE },
	[ACT_HALF_PAGE_UP] = { rejected_move, -VIEW_PAGE },
	[ACT_TOP] = { rejected_move, VIEW_FIRST },
	[ACT_BOTTOM] = { rejected_move, VIEW_LAST },
	[ACT_JUMP] = { rejected_jump, 0 },
	[ACT_RESTORE_SUGGESTION] = { rejected_restore, 0 },
	[ACT_CLOSE] = { view_leave, 0 },
	[ACT_CANCEL] = { view_leave, 0 },
};

const struct view_ops rejected_view = {
	.name = "rejected",
	.mode = MODE_REJECTED,
	.place = VIEW_BODY,
	.actions = rejected_actions,
	.open = rejected_open,
	.done = rejected_done,
	.draw = rejected_draw,
};

int suggest_rejected(struct view *tv, const struct request *r)
{
	(void)r;
	if (!sugg(tv))
		return VIEW_HANDLED | VIEW_REDRAW;
	app_push(tv->app, &rejected_view, NULL);
	return VIEW_HANDLED | VIEW_REDRAW;
}
