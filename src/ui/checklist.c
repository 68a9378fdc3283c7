/* The slips list: `pizhu check` run on the document the reader shows, its findings
 * listed as rows (line:col, kind, the text found, the message) over the text; Enter
 * puts the text's cursor on the one selected and says its message. */
#include "pizhu/ui/checklist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/check.h"
#include "pizhu/i18n.h"
#include "pizhu/session.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/review.h"
#include "pizhu/ui/screen.h"
#include "pizhu/ui/text.h"

struct checklist {
	struct check_item *v;       /* the findings, by position (owned) */
	size_t n, sel, top;
};

static bool checklist_open(struct view *v, const void *arg)
{
	(void)arg;
	session *s = v->app->s;
	struct checklist *l = calloc(1, sizeof(*l));
	if (!l) {
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	/* no --date here: a deadline is compared with the date the speech says it was given */
	struct check_options opt = { 0 };
	enum pz_status st = check_run(session_doc(s), session_outline(s), &opt, &l->v, &l->n);
	if (st != PZ_OK) {
		app_message(v->app, true, "cannot check '%s': %s", session_path(s), pz_strerror(st));
		free(l);
		return false;
	}
	v->priv = l;
	return true;
}

static void checklist_done(struct view *v)
{
	struct checklist *l = v->priv;
	if (!l)
		return;
	free(l->v);
	free(l);
}

static void checklist_draw(struct view *v)
{
	struct checklist *l = v->priv;
	struct app *a = v->app;
	session *s = a->s;
	const doc *d = session_doc(s);
	const char *text = session_text(s, NULL);
	int top = v->top, left = v->left, width = v->width;
	char head[256], kj[KEY_NAME_MAX], kq[KEY_NAME_MAX];
	snprintf(head, sizeof(head), ngettext("Slips found (pizhu check): %zu · %s shows it, %s closes",
	                                      "Slips found (pizhu check): %zu · %s shows one, %s closes", l->n),
	         l->n, app_keys_for(a, MODE_TAGS, ACT_JUMP, kj, sizeof(kj)),
	         app_keys_for(a, MODE_TAGS, ACT_CLOSE, kq, sizeof(kq)));
	screen_put(top, left + 1, width - 1, head, 0, strlen(head), screen_attr(a, TE_HELP_HEADING));
	int rows = v->height - 1;
	if (rows < 1)
		return;
	if (!l->n) {
		const char *none = _("none: no placeholder, numbering, pair, punctuation, doubled character or date to look at");
		screen_put(top + 1, left + 1, width - 1, none, 0, strlen(none), screen_attr(a, TE_TAGS_NORMAL));
		return;
	}
	l->top = view_list_top(l->sel, l->top, (size_t)rows);
	for (int y = 0; y < rows && l->top + (size_t)y < l->n; y++) {
		size_t i = l->top + (size_t)y;
		const struct check_item *it = &l->v[i];
		int attr = screen_attr(a, i == l->sel ? TE_TAGS_SELECTED : TE_TAGS_NORMAL);
		int row = top + 1 + y;
		screen_fill(row, left, width, attr);
		/* line:col, kind, the text found (its first cells), the message */
		struct doc_pos pos = doc_pos_of(d, it->start);
		char where[48];
		snprintf(where, sizeof(where), "%zu:%zu", pos.line, pos.col);
		screen_put(row, left + 1, 9, where, 0, strlen(where), attr);
		const char *kind = _(check_kind_name(it->kind));
		screen_put(row, left + 11, 11, kind, 0, strlen(kind), attr);
		size_t end = it->end - it->start > 200 ? it->start + 200 : it->end;
		const char *nl = memchr(text + it->start, '\n', end - it->start);
		if (nl) /* a pair open to the paragraph's end: its line only */
			end = (size_t)(nl - text);
		screen_put(row, left + 23, 12, text, it->start, end, attr);
		if (width > 37)
			screen_put(row, left + 37, width - 37, it->message, 0, strlen(it->message), attr);
	}
}

static int checklist_move(struct view *v, const struct request *r)
{
	struct checklist *l = v->priv;
	l->sel = view_list_move(l->sel, l->n, v->height > 2 ? (size_t)v->height - 2 : 1, r->arg);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Enter: the finding's text under the text's cursor, its message on the status line. */
static int checklist_jump(struct view *v, const struct request *r)
{
	(void)r;
	struct checklist *l = v->priv;
	struct app *a = v->app;
	if (!l->n)
		return VIEW_HANDLED | VIEW_REDRAW;
	struct check_item it = l->v[l->sel];
	struct view *tv = app_find(a, &text_view);
	app_close(a, v);
	if (tv) {
		text_put_cursor(tv, it.start, it.end);
		app_message(a, false, "%s: %s", _(check_kind_name(it.kind)), it.message);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static const struct view_action checklist_actions[ACT_COUNT] = {
	[ACT_LINE_DOWN] = { checklist_move, 1 },
	[ACT_LINE_UP] = { checklist_move, -1 },
	[ACT_PAGE_DOWN] = { checklist_move, VIEW_PAGE },
	[ACT_HALF_PAGE_DOWN] = { checklist_move, VIEW_PAGE },
	[ACT_PAGE_UP] = { checklist_move, -VIEW_PAGE },
	[ACT_HALF_PAGE_UP] = { checklist_move, -VIEW_PAGE },
	[ACT_TOP] = { checklist_move, VIEW_FIRST },
	[ACT_BOTTOM] = { checklist_move, VIEW_LAST },
	[ACT_JUMP] = { checklist_jump, 0 },
	[ACT_CLOSE] = { view_leave, 0 },
	[ACT_CANCEL] = { view_leave, 0 },
	[ACT_CHECK_LIST] = { view_leave, 0 },
	/* the tag list's keys (this list shares its mode) change no tag from here */
	[ACT_TAG_LIST] = { view_swallow, 0 },
	[ACT_EXPORT] = { view_swallow, 0 },
};

/* It shares the tag list's mode, as the change list does: Enter, q and Esc are theirs. */
const struct view_ops checklist_view = {
	.name = "checks",
	.mode = MODE_TAGS,
	.place = VIEW_BODY,
	.actions = checklist_actions,
	.open = checklist_open,
	.done = checklist_done,
	.draw = checklist_draw,
};

int checklist_start(struct view *v, const struct request *r)
{
	(void)r;
	struct app *a = v->app;
	if (!a->s || !app_find(a, &text_view) || !a->depth)
		return VIEW_HANDLED | VIEW_REDRAW;
	if (app_find(a, &review_view)) { /* its text is the review's, not the draft's */
		char kc[KEY_NAME_MAX];
		app_message(a, true, "the slips are listed outside review mode (%s leaves it)",
		            app_keys_for(a, MODE_TEXT, ACT_REVIEW, kc, sizeof(kc)));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	if (a->depth > 1) /* over the reader's panes, so that Enter shows the text: the tag
	                     list, the library or the help it replaces */
		app_close(a, a->stack[1]);
	app_push(a, &checklist_view, NULL);
	return VIEW_HANDLED | VIEW_REDRAW;
}
