/* The tag list view: the rows the filters let through, in the order asked for. When
 * several reviewers tagged the document, each row says whose tag it is. */
#include "pizhu/ui/taglist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pizhu/i18n.h"
#include "pizhu/layout.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/prompt.h"
#include "pizhu/ui/screen.h"
#include "pizhu/ui/tagging.h"
#include "pizhu/ui/text.h"

/* What stays between openings. */
struct filters {
	int type;                /* index in a->types + 1; 0: every type */
	int status;              /* 0 all, 1 open, 2 done, 3 moved, 4 orphaned */
	bool by_due;             /* sorted by due date, else by position */
	char author[256];        /* only this reviewer's tags; "": everyone's */
};

struct taglist {
	struct filters *f;       /* kept (app_keep), or own when that fails */
	struct filters own;
	size_t sel, top;
	size_t *rows;            /* indices into the tag set of the rows shown */
	size_t n;
};

static const char *const status_names[] = {N_("all"), N_("open tasks"), N_("done tasks"), N_("moved"),
                                           N_("orphaned")};

static bool taglist_open(struct view *v, const void *arg)
{
	(void)arg;
	struct taglist *l = calloc(1, sizeof(*l));
	if (!l) {
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	l->f = app_keep(v->app, &taglist_view, sizeof(*l->f));
	if (!l->f)
		l->f = &l->own;
	v->priv = l;
	return true;
}

static void taglist_done(struct view *v)
{
	struct taglist *l = v->priv;
	free(l->rows);
	free(l);
}

static bool shown(const struct app *a, const struct filters *f, const struct tag *tag)
{
	const struct store_annot *t = &tag->a;
	if (f->type && tagging_type_index(a, tag) != f->type - 1)
		return false;
	if (f->author[0] && strcmp(t->author, f->author))
		return false;
	bool task = tag->kind == TAGTYPE_TASK;
	switch (f->status) {
	case 1: return task && !t->done;
	case 2: return task && t->done;
	case 3: return t->anchor == STORE_MOVED;
	case 4: return t->anchor == STORE_ORPHANED;
	default: return true;
	}
}

/* A row to sort by due date: undated last, then by position (the set's order). */
struct dated {
	const char *due;
	size_t i;
};

static int by_due(const void *pa, const void *pb)
{
	const struct dated *x = pa, *y = pb;
	if (!x->due[0] != !y->due[0])
		return x->due[0] ? -1 : 1;
	int c = strcmp(x->due, y->due);
	return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

/* The rows: the tags the filters let through, in the chosen order. */
static void build_rows(struct view *v)
{
	struct taglist *l = v->priv;
	const tagset *ts = session_tags(v->app->s);
	size_t n = ts ? tagset_count(ts) : 0;
	size_t *rows = realloc(l->rows, (n + 1) * sizeof(*rows));
	if (!rows)
		return;
	l->rows = rows;
	l->n = 0;
	for (size_t i = 0; i < n; i++)
		if (shown(v->app, l->f, tagset_at(ts, i)))
			rows[l->n++] = i;
	struct dated *d = l->f->by_due ? malloc((l->n + 1) * sizeof(*d)) : NULL;
	if (d) {
		for (size_t k = 0; k < l->n; k++)
			d[k] = (struct dated){ tagset_at(ts, rows[k])->a.due, rows[k] };
		qsort(d, l->n, sizeof(*d), by_due);
		for (size_t k = 0; k < l->n; k++)
			rows[k] = d[k].i;
		free(d);
	}
	if (l->sel >= l->n)
		l->sel = l->n ? l->n - 1 : 0;
}

/* Whether the tags of ts were made by more than one reviewer. */
static bool several_authors(const tagset *ts)
{
	size_t n = ts ? tagset_count(ts) : 0;
	for (size_t i = 1; i < n; i++)
		if (strcmp(tagset_at(ts, i)->a.author, tagset_at(ts, 0)->a.author))
			return true;
	return false;
}

/* Room for a reviewer's name in a row. */
#define AUTHOR_COLS 8

/* What value is shown for a field in dispute: done as a word. */
static const char *shown_value(const char *field, const char *v)
{
	if (!strcmp(field, "done"))
		return !strcmp(v, "1") ? C_("task", "done") : C_("task", "open");
	return *v ? v : _("(empty)");
}

/* The selected tag's disputes from a merge, above its discussion: each field with
 * both values and whose they are, and the keys that settle it. Returns the rows. */
static int draw_disputes(struct view *v, const struct tag *t, int bottom)
{
	struct app *a = v->app;
	struct store_dispute *d;
	size_t n;
	if (!t->a.disputed || tagset_disputes(session_tags(a->s), t->a.uuid, &d, &n) != PZ_OK || !n)
		return 0;
	int room = (v->height - 1) / 3, used = 0;
	int y = bottom - (int)(n < (size_t)room ? n : (size_t)room), attr = screen_attr(a, TE_TAGS_ORPHAN);
	char line[2048];
	for (size_t i = 0; i < n && used < room; i++, used++) {
		char km[2 * KEY_NAME_MAX], ky[2 * KEY_NAME_MAX];
		snprintf(line, sizeof(line), _("disputed %s: mine %s (%s) · theirs %s (%s) — %s keeps mine, %s takes theirs"),
		         d[i].field, shown_value(d[i].field, d[i].mine_shown), d[i].mine_author,
		         shown_value(d[i].field, d[i].theirs_shown), d[i].theirs_author,
		         app_keys_for(a, MODE_TAGS, ACT_KEEP_MINE, km, sizeof(km)),
		         app_keys_for(a, MODE_TAGS, ACT_TAKE_THEIRS, ky, sizeof(ky)));
		for (char *p = line; *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		screen_fill(y + used, v->left, v->width, attr);
		screen_put(y + used, v->left + 1, v->width - 1, line, 0, strlen(line), attr);
	}
	store_disputes_free(d, n);
	return used;
}

/* The selected tag's discussion, oldest first, at the foot of the list (at most a
 * third of it: the newest replies then). Returns the rows it took. */
static int draw_thread(struct view *v, const struct tag *t, int bottom)
{
	struct app *a = v->app;
	struct store_reply *r;
	size_t n;
	if (tagset_replies(session_tags(a->s), t->a.uuid, &r, &n) != PZ_OK || !n)
		return 0;
	int room = (v->height - 1) / 3;
	if (room < 2) {
		store_replies_free(r, n);
		return 0;
	}

	size_t shown = n < (size_t)room - 1 ? n : (size_t)room - 1;
	int y = bottom - (int)shown - 1, attr = screen_attr(a, TE_TAGS_NORMAL);
	char line[2048];
	int k = snprintf(line, sizeof(line), ngettext("── %zu reply on “%s”", "── %zu replies on “%s”", n), n,
	                 t->a.quote);
	screen_fill(y, v->left, v->width, attr);
	screen_put(y, v->left + 1, v->width - 1, line, 0, k > 0 ? strlen(line) : 0,
	           screen_attr(a, TE_HELP_HEADING));
	for (size_t i = n - shown; i < n; i++) {
		char tb[32] = "";
		time_t when = (time_t)(r[i].at / 1000);
		struct tm tm;
		if (localtime_r(&when, &tm))
			strftime(tb, sizeof(tb), "%Y-%m-%d %H:%M", &tm);
		snprintf(line, sizeof(line), "%s  %s: %s", tb, r[i].author, r[i].text);
		/* a reply's line breaks would break the row */
		for (char *p = line; *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		screen_fill(++y, v->left, v->width, attr);
		screen_put(y, v->left + 3, v->width - 3, line, 0, strlen(line), attr);
	}
	store_replies_free(r, n);
	return (int)shown + 1;
}

static void taglist_draw(struct view *v)
{
	struct taglist *l = v->priv;
	struct app *a = v->app;
	const tagset *ts = session_tags(a->s);
	int top = v->top, left = v->left, width = v->width;
	build_rows(v);
	char head[640];
	int hn = snprintf(head, sizeof(head), _("Tags: %zu of %zu · %s · %s · sorted by %s"), l->n,
	                  ts ? tagset_count(ts) : 0,
	                  l->f->type ? tagging_type_label(a, l->f->type - 1) : _("every type"),
	                  _(status_names[l->f->status]), l->f->by_due ? _("due date") : _("position"));
	if (l->f->author[0] && hn > 0 && (size_t)hn < sizeof(head))
		snprintf(head + hn, sizeof(head) - (size_t)hn, _(" · by %s"), l->f->author);
	bool authors = several_authors(ts);
	screen_put(top, left + 1, width - 1, head, 0, strlen(head), screen_attr(a, TE_HELP_HEADING));
	int rows = v->height - 1;
	if (l->n && l->sel < l->n) {
		const struct tag *st = tagset_at(ts, l->rows[l->sel]);
		int foot = draw_disputes(v, st, top + v->height);
		rows -= foot;
		rows -= draw_thread(v, st, top + v->height - 1 - foot);
	}
	if (rows < 1)
		return;
	if (!l->n) {
		char none[512], k1[8 * KEY_NAME_MAX], k2[2 * KEY_NAME_MAX];
		if (ts && tagset_count(ts))
			snprintf(none, sizeof(none), _("no tag passes the filters (%s, %s change them)"),
			         app_keys_for(a, MODE_TAGS, ACT_FILTER_TYPE, k1, sizeof(k1)),
			         app_keys_for(a, MODE_TAGS, ACT_FILTER_STATUS, k2, sizeof(k2)));
		else
			snprintf(none, sizeof(none), _("no tags yet: in the text, %s tags the sentence at the cursor"),
			         app_tag_keys(a, k1, sizeof(k1)));
		screen_put(top + 1, left + 1, width - 1, none, 0, strlen(none),
		           screen_attr(a, TE_TAGS_NORMAL));
		return;
	}
	l->top = view_list_top(l->sel, l->top, (size_t)rows);
	for (int y = 0; y < rows && l->top + (size_t)y < l->n; y++) {
		size_t r = l->top + (size_t)y;
		const struct tag *t = tagset_at(ts, l->rows[r]);
		const struct store_annot *s = &t->a;
		bool sel = r == l->sel;
		int attr = screen_attr(a, sel ? TE_TAGS_SELECTED
		                              : s->anchor == STORE_ORPHANED ? TE_TAGS_ORPHAN : TE_TAGS_NORMAL);
		screen_fill(top + 1 + y, left, width, attr);
		char where[64];
		snprintf(where, sizeof(where), "%s", _("orphaned"));
		if (s->anchor != STORE_ORPHANED) {
			struct doc_pos p = doc_pos_of(session_doc(a->s), t->start);
			/* * moved; ! in dispute after a merge (M, Y settle it) */
			snprintf(where, sizeof(where), "%zu:%zu%s%s", p.line, p.col,
			         s->anchor == STORE_MOVED ? "*" : "", s->disputed ? "!" : "");
		}
		/* type label in its own colour, then the fixed columns, then quote and note */
		int x = left + 1, room = width - 1;
		const char *label = tagging_label(a, t);
		screen_put(top + 1 + y, x, room, label, 0, strlen(label), sel ? attr : tagging_tag_attr(a, t));
		x += 9;
		room -= 9;
		char cols[160];
		/* padded by cells, not bytes, the state as wide as its longer word: the words
		 * may be Chinese */
		const char *done = C_("task", "done"), *open = C_("task", "open");
		const char *state = t->kind != TAGTYPE_TASK ? "" : s->done ? done : open;
		size_t sw = layout_cells(done, 0, strlen(done)), ow = layout_cells(open, 0, strlen(open));
		sw = sw < 5 ? 5 : sw;
		sw = sw < ow ? ow : sw;
		size_t sc = layout_cells(state, 0, strlen(state)), wc = layout_cells(where, 0, strlen(where));
		int n = snprintf(cols, sizeof(cols), "%s%*s %s%*s %-10s ", state, (int)(sw - sc), "",
		                 where, wc < 10 ? (int)(10 - wc) : 0, "", s->due[0] ? s->due : "");
		screen_put(top + 1 + y, x, room, cols, 0, (size_t)n, attr);
		x += n;
		room -= n;
		if (authors && room > AUTHOR_COLS) {
			/* whose: the name tells reviewers apart in every theme, colour or not */
			screen_put(top + 1 + y, x, AUTHOR_COLS, s->author, 0, strlen(s->author), attr);
			x += AUTHOR_COLS + 1;
			room -= AUTHOR_COLS + 1;
		}
		char line[2048], was[160] = "";
		tagging_draft_change(a, t, was, sizeof(was));
		/* what it was in the draft where it changed, before its text now: a long
		 * quote would push it off the row */
		int m = snprintf(line, sizeof(line), "%s%s%s%s%s", s->owner[0] ? "[" : "", s->owner,
		                 s->owner[0] ? "] " : "", was, was[0] ? " → " : "");
		/* the note stays in sight: a quote too long for both is cut short (…) */
		size_t ql = strlen(s->quote), qe = ql;
		if (s->note[0] && m >= 0 && (size_t)m < sizeof(line)) {
			size_t used = layout_cells(line, 0, (size_t)m) + 4 +
			              layout_cells(s->note, 0, strlen(s->note));
			size_t fit = room > 0 && used + 12 < (size_t)room ? (size_t)room - used - 1 : 11;
			if (layout_cells(s->quote, 0, ql) > fit)
				qe = layout_clip(s->quote, 0, ql, fit - 1, NULL);
		}
		if (m >= 0 && (size_t)m < sizeof(line))
			m += snprintf(line + m, sizeof(line) - (size_t)m, "%.*s%s", (int)qe, s->quote,
			              qe < ql ? "…" : "");
		if (m > 0 && (size_t)m < sizeof(line) && s->note[0])
			snprintf(line + m, sizeof(line) - (size_t)m, "  — %s", s->note);
		screen_put(top + 1 + y, x, room, line, 0, strlen(line), attr);
	}
}

/* The selected tag's index in the set, or SIZE_MAX. */
static size_t selected(struct view *v)
{
	struct taglist *l = v->priv;
	build_rows(v);
	return l->n ? l->rows[l->sel] : SIZE_MAX;
}

/* The selection moved (r->arg: view_list_move's; half a page is a page here). */
static int move_sel(struct view *v, const struct request *r)
{
	struct taglist *l = v->priv;
	build_rows(v);
	l->sel = view_list_move(l->sel, l->n, v->app->rows > 3 ? (size_t)v->app->rows - 3 : 1, r->arg);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Enter: the tag in the text, the list closed. */
static int jump(struct view *v, const struct request *r)
{
	(void)r;
	struct app *a = v->app;
	size_t i = selected(v);
	if (i == SIZE_MAX)
		return VIEW_HANDLED | VIEW_REDRAW;
	if (tagset_at(session_tags(a->s), i)->a.anchor == STORE_ORPHANED) {
		char ka[2 * KEY_NAME_MAX];
		app_message(a, true, "orphaned: its text is not in this draft; select a passage in the text, then %s here attaches it",
		            app_keys_for(a, MODE_TAGS, ACT_ATTACH, ka, sizeof(ka)));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	struct view *tv = app_find(a, &text_view);
	app_close(a, v);
	if (tv) {
		tagging_show(tv, i);
		tagging_describe_cursor(tv);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

enum { BY_TYPE, BY_STATUS, BY_ORDER, BY_AUTHOR };

/* The reviewer after f->author: "" (everyone), then me, then the others in the order
 * their first tags come, then everyone again. */
static void next_author(struct app *a, struct filters *f)
{
	const tagset *ts = session_tags(a->s);
	size_t n = ts ? tagset_count(ts) : 0;
	const char *me = a->author, *next = NULL;
	if (!f->author[0]) {
		next = me;
	} else {
		/* the others, each at its first tag: the one after the current */
		bool past = !strcmp(f->author, me);
		for (size_t i = 0; i < n && !next; i++) {
			const char *who = tagset_at(ts, i)->a.author;
			bool first = true;
			for (size_t k = 0; k < i && first; k++)
				first = strcmp(tagset_at(ts, k)->a.author, who) != 0;
			if (!first || !strcmp(who, me))
				continue;
			if (past)
				next = who;
			else if (!strcmp(who, f->author))
				past = true;
		}
	}
	snprintf(f->author, sizeof(f->author), "%s", next ? next : "");
}

/* The filters and the order, r->arg says which. */
static int filter(struct view *v, const struct request *r)
{
	struct taglist *l = v->priv;
	struct filters *f = l->f;
	if (r->arg == BY_TYPE)
		f->type = f->type >= (int)v->app->types.n ? 0 : f->type + 1;
	else if (r->arg == BY_STATUS)
		f->status = (f->status + 1) % 5;
	else if (r->arg == BY_AUTHOR)
		next_author(v->app, f);
	else
		f->by_due = !f->by_due;
	l->sel = 0;
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* The selected tag (an orphan) onto the passage selected in the text. */
static int attach(struct view *v, const struct request *r)
{
	(void)r;
	size_t i = selected(v);
	return i == SIZE_MAX ? VIEW_HANDLED | VIEW_REDRAW : tagging_attach(v, i);
}

/* Enter on the reply prompt: the reply stored under the reviewer's name. */
static bool replied(struct view *v, const char *in, size_t n, void *data)
{
	struct app *a = v->app;
	if (!n) {
		app_message(a, false, "no reply");
		return true;
	}
	enum pz_status st = tagset_reply(session_tags(a->s), data, in);
	if (st == PZ_OK)
		app_message(a, false, "replied as %s", a->author);
	else
		app_message(a, true, "cannot reply: %s", pz_strerror(st));
	return true;
}

/* M and Y: the selected tag's dispute settled, keeping mine or taking theirs. */
static int settle(struct view *v, const struct request *r)
{
	struct app *a = v->app;
	size_t i = selected(v);
	if (i == SIZE_MAX)
		return VIEW_HANDLED | VIEW_REDRAW;
	const struct tag *t = tagset_at(session_tags(a->s), i);
	if (!t->a.disputed) {
		app_message(a, true, "nothing in dispute in this tag");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	char uuid[STORE_UUID_LEN + 1];
	memcpy(uuid, t->a.uuid, sizeof(uuid));
	enum pz_status st = tagset_resolve(session_tags(a->s), uuid,
	                                   r->arg ? STORE_TAKE_THEIRS : STORE_TAKE_MINE);
	if (st != PZ_OK) {
		app_message(a, true, "cannot settle the dispute: %s", pz_strerror(st));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	session_tags_changed(a->s);
	app_message(a, false, r->arg ? N_("settled: theirs taken") : N_("settled: mine kept"));
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* R: a reply to the selected tag. */
static int reply(struct view *v, const struct request *r)
{
	(void)r;
	size_t i = selected(v);
	if (i == SIZE_MAX)
		return VIEW_HANDLED | VIEW_REDRAW;
	const char *uuid = tagset_at(session_tags(v->app->s), i)->a.uuid;
	struct prompt_spec spec = {
		.label = N_("reply: "),
		.max = STORE_FIELD_MAX,
		.done = replied,
		.data = uuid,
		.data_len = STORE_UUID_LEN + 1,
	};
	prompt_open(v, &spec);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* The tag keys, on the selected tag. */
static int act(struct view *v, const struct request *r)
{
	return tagging_act(v, selected(v), r->arg);
}

static const struct view_action taglist_actions[ACT_COUNT] = {
	[ACT_LINE_DOWN] = { move_sel, 1 },
	[ACT_LINE_UP] = { move_sel, -1 },
	[ACT_PAGE_DOWN] = { move_sel, VIEW_PAGE },
	[ACT_HALF_PAGE_DOWN] = { move_sel, VIEW_PAGE },
	[ACT_PAGE_UP] = { move_sel, -VIEW_PAGE },
	[ACT_HALF_PAGE_UP] = { move_sel, -VIEW_PAGE },
	[ACT_TOP] = { move_sel, VIEW_FIRST },
	[ACT_BOTTOM] = { move_sel, VIEW_LAST },
	[ACT_CLOSE] = { view_leave, 0 },
	[ACT_JUMP] = { jump, 0 },
	[ACT_FILTER_TYPE] = { filter, BY_TYPE },
	[ACT_FILTER_STATUS] = { filter, BY_STATUS },
	[ACT_SORT] = { filter, BY_ORDER },
	[ACT_FILTER_AUTHOR] = { filter, BY_AUTHOR },
	[ACT_REPLY] = { reply, 0 },
	[ACT_KEEP_MINE] = { settle, 0 },
	[ACT_TAKE_THEIRS] = { settle, 1 },
	[ACT_ATTACH] = { attach, 0 },
	[ACT_EDIT_NOTE] = { act, TAGGING_EDIT_NOTE },
	[ACT_SET_DUE] = { act, TAGGING_SET_DUE },
	[ACT_SET_OWNER] = { act, TAGGING_SET_OWNER },
	[ACT_TOGGLE_DONE] = { act, TAGGING_TOGGLE_DONE },
	[ACT_CHANGE_TYPE] = { act, TAGGING_CHANGE_TYPE },
	[ACT_DELETE_TAG] = { act, TAGGING_DELETE },
	[ACT_SHOW_TAG] = { act, TAGGING_SHOW },
};

const struct view_ops taglist_view = {
	.name = "tags",
	.mode = MODE_TAGS,
	.place = VIEW_BODY,
	.actions = taglist_actions,
	.open = taglist_open,
	.done = taglist_done,
	.draw = taglist_draw,
};
