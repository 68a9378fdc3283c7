/* Review mode: the draft with its changes since an earlier version, drawn as a text
 * view over a review text (the new text with the deleted passages put back: review.h)
 * with one more span layer, beside a tree that counts each section's changes; the
 * status line says which change the cursor is on and where ("change 4/31, 二、（三）").
 * A reviewer's marks go to the store, by change key. Also the change list, and the offer
 * to take a new file for a known document's next draft. */
#include "pizhu/ui/review.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/i18n.h"
#include "pizhu/review.h"
#include "pizhu/store.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/prompt.h"
#include "pizhu/ui/screen.h"
#include "pizhu/ui/split.h"
#include "pizhu/ui/text.h"
#include "pizhu/ui/tree.h"

#define TEXT_LAYER_REVIEW 250
#define OFFER_LABEL 768         /* a prompt's label, kept in the application (app_keep) */   /* over the tags, under placeholders, matches, cursor */

struct rv {
	session *s;                 /* the document reviewed (borrowed: the application's) */
	const char *n;              /* its text */
	size_t nn;
	char *old;                  /* the version it is compared with (owned) */
	size_t on;
	size_t base_draft;          /* that version's number in `pizhu drafts`; 0: unknown */
	size_t draft;               /* the reviewed text's number */
	int64_t version;            /* the reviewed text's version id (0: not in the library) */
	diff *d;
	struct review_options opt;
	review *r;                  /* what is shown */
	session *rs;                /* the review text as a document (owned) */
	bool *marked;               /* per change of r: marked reviewed by this reviewer */
	char **note;                /* per change of r: what it did to a tagged passage */
	size_t cur;                 /* the change last gone to (SIZE_MAX: none) */
	size_t cur_cursor;          /* where the cursor was put then */
	struct view *panes;         /* the tree and the text (owned) */
	struct tree_arg targ;
};

static struct rv *rv_of(struct view *v)
{
	return v->priv;
}

/* The text view of the review. */
static struct view *text_of(struct rv *p)
{
	return p->panes ? p->panes->ops->child(p->panes, 1) : NULL;
}

/* ---- building ---------------------------------------------------------------------------- */

static void free_shown(struct rv *p)
{
	view_free(p->panes);
	p->panes = NULL;
	session_close(p->rs);
	p->rs = NULL;
	if (p->note)
		for (size_t i = 0; p->r && i < review_count(p->r); i++)
			free(p->note[i]);
	free(p->note);
	free(p->marked);
	p->note = NULL;
	p->marked = NULL;
	review_free(p->r);
	p->r = NULL;
}

static size_t count_changes(void *data, size_t start, size_t end)
{
	struct rv *p = data;
	return p->r ? review_count_in(p->r, start, end) : 0;
}

static void change_spans(struct view *tv, void *data, size_t from, size_t to,
                         struct text_spans *out)
{
	struct rv *p = data;
	static const enum theme_element el[] = {
		[REVIEW_INSERTED] = TE_REVIEW_INSERTED, [REVIEW_DELETED] = TE_REVIEW_DELETED,
		[REVIEW_MOVED] = TE_REVIEW_MOVED, [REVIEW_FORM] = TE_REVIEW_FORM,
	};
	int attr[4];
	for (int i = 0; i < 4; i++)
		attr[i] = screen_attr(tv->app, el[i]);
	size_t n = review_span_count(p->r), lo = review_span_first(p->r, from);
	for (size_t i = lo; i < n && out->n < TEXT_SPANS_MAX; i++) {
		const struct review_span *sp = review_span_at(p->r, i);
		if (sp->start >= to)
			break;
		if (sp->end > from)
			text_spans_add(out, sp->start, sp->end, attr[sp->part]);
	}
}

/* The marks and tag notes of the changes shown; false when out of memory. */
static bool annotate(struct app *a, struct rv *p)
{
	size_t n = review_count(p->r);
	p->marked = calloc(n ? n : 1, sizeof(*p->marked));
	p->note = calloc(n ? n : 1, sizeof(*p->note));
	if (!p->marked || !p->note)
		return false;
	store *st = session_store(p->s);
	if (st && session_document(p->s) && n) {
		uint64_t *keys = malloc(n * sizeof(*keys));
		if (keys) {
			for (size_t i = 0; i < n; i++)
				keys[i] = review_at(p->r, i)->key;
			if (store_review_marked(st, session_document(p->s), session_author(p->s), keys, n,
			                        p->marked) != PZ_OK)
				app_message(a, true, "cannot read the reviewed marks");
			free(keys);
		}
	}
	const tagset *ts = session_tags(p->s);
	for (size_t t = 0; ts && t < tagset_count(ts); t++) {
		const struct tag *tag = tagset_at(ts, t);
		char note[256];
		if (tag->a.anchor == STORE_ORPHANED ||
		    !review_tag_note(p->old, p->n, p->nn, p->d, tag->start, tag->end, tag->a.type, note,
		                     sizeof(note)))
			continue;
		for (size_t i = 0; i < n; i++) {
			const struct diff_change *c = &review_at(p->r, i)->c;
			bool in = c->new_end > c->new_start ? c->new_start < tag->end && c->new_end > tag->start
			                                    : c->new_start > tag->start && c->new_start < tag->end;
			if (in && c->kind != DIFF_FORM && c->kind != DIFF_MOVE && !p->note[i])
				p->note[i] = strdup(note); /* NULL: no note, nothing worse */
		}
	}
	return true;
}

/* Builds what is shown with p->opt, the text at byte at of the new text. */
static bool build(struct view *v, struct rv *p, size_t at)
{
	struct app *a = v->app;
	free_shown(p);
	size_t len;
	if (review_new(p->old, p->on, p->n, p->nn, p->d, &p->opt, &p->r) != PZ_OK)
		goto nomem;
	const char *t = review_text(p->r, &len);
	char name[512];
	if (p->base_draft)
		snprintf(name, sizeof(name), _("%s (since draft %zu)"), session_path(p->s), p->base_draft);
	else
		snprintf(name, sizeof(name), _("%s (changes)"), session_path(p->s));
	enum pz_status st = session_open_text(name, t, len, NULL, &p->rs);
	if (st == PZ_OK)
		st = session_build_outline(p->rs);
	if (st != PZ_OK) {
		app_message(a, true, "cannot show the changes: %s", pz_strerror(st));
		free_shown(p);
		return false;
	}
	if (!annotate(a, p))
		goto nomem;
	p->targ = (struct tree_arg){ count_changes, p, TE_TREE_CHANGES };
	struct text_arg ta = { p->rs, review_from_new(p->r, at), 0 };
	struct split_arg sa = { &tree_view, &p->targ, &text_view, &ta };
	if (!(p->panes = view_new(a, &split_view, v, &sa)))
		goto nomem;
	struct text_layer layer = { "changes", TEXT_LAYER_REVIEW, (int)~A_COLOR,
	                            false, change_spans, p };
	text_add_layer(text_of(p), &layer);
	p->cur = SIZE_MAX;
	view_place(p->panes, v->top, v->left, v->height, v->width);
	return true;
nomem:
	app_message(a, true, "%s", pz_strerror(PZ_NOMEM));
	free_shown(p);
	return false;
}

/* The version to compare with: the one this reviewer marked reviewed last, unless it
 * is the text shown; else the draft before the text shown. */
static enum pz_status pick_base(struct rv *p, size_t want, char *why, size_t len)
{
	store *st = session_store(p->s);
	int64_t doc = session_document(p->s);
	if (!st || !doc) {
		snprintf(why, len, _("'%s' has no earlier draft in the library (pizhu draft OLD NEW makes one)"),
		         session_path(p->s));
		return PZ_NOENT;
	}
	int64_t cur = 0, last = 0;
	if (session_version(p->s, &cur) != PZ_OK)
		cur = 0;
	p->version = cur;
	struct store_draft *v;
	size_t n, ci = SIZE_MAX, bi = SIZE_MAX;
	enum pz_status s = store_drafts(st, doc, &v, &n);
	if (s != PZ_OK) {
		snprintf(why, len, _("cannot list the drafts: %s"), pz_strerror(s));
		return s;
	}
	bool has_last = store_review_last(st, doc, session_author(p->s), &last) == PZ_OK;
	for (size_t i = 0; i < n; i++) {
		if (v[i].version == cur)
			ci = i;
		if (has_last && v[i].version == last && last != cur && v[i].kept)
			bi = i;
	}
	p->draft = ci == SIZE_MAX ? n + 1 : ci + 1;
	if (want) { /* the draft asked for */
		bi = want <= n && v[want - 1].kept && v[want - 1].version != cur ? want - 1 : SIZE_MAX;
		if (bi == SIZE_MAX) {
			store_drafts_free(v, n);
			if (want > n)
				snprintf(why, len, ngettext("there is no draft %zu (%zu draft)",
				                            "there is no draft %zu (%zu drafts)", n), want, n);
			else
				snprintf(why, len, want == p->draft ? _("draft %zu is the text shown")
				                                    : _("the text of draft %zu was not kept"), want);
			return PZ_NOENT;
		}
	}
	if (bi == SIZE_MAX) /* the kept draft before this one */
		for (size_t i = ci == SIZE_MAX ? n : ci; i-- > 0;)
			if (v[i].kept && v[i].version != cur) {
				bi = i;
				break;
			}
	if (bi == SIZE_MAX) {
		store_drafts_free(v, n);
		snprintf(why, len, _("'%s' is the first draft of its document: nothing to compare with"),
		         session_path(p->s));
		return PZ_NOENT;
	}
	p->base_draft = bi + 1;
	s = store_text_get(st, v[bi].version, &p->old, &p->on);
	store_drafts_free(v, n);
	if (s != PZ_OK)
		snprintf(why, len, _("cannot read draft %zu: %s"), bi + 1, pz_strerror(s));
	return s;
}

static bool review_open(struct view *v, const void *arg)
{
	size_t want = arg ? *(const size_t *)arg : 0;
	struct rv *p = calloc(1, sizeof(*p));
	if (!p) {
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	v->priv = p;
	p->s = v->app->s;
	p->n = session_text(p->s, &p->nn);
	p->cur = SIZE_MAX;
	char why[512];
	if (pick_base(p, want, why, sizeof(why)) != PZ_OK) {
		app_message(v->app, true, "%s", why);
		goto fail;
	}
	if (diff_new(p->old, p->on, p->n, p->nn, &p->d) != PZ_OK) {
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		goto fail;
	}
	struct view *tv = app_find(v->app, &text_view);
	if (!build(v, p, tv ? text_top_offset(tv) : 0))
		goto fail;
	return true;
fail:
	free(p->old);
	diff_free(p->d);
	free(p);
	v->priv = NULL;
	return false;
}

static void review_done(struct view *v)
{
	struct rv *p = rv_of(v);
	if (!p)
		return;
	free_shown(p);
	diff_free(p->d);
	free(p->old);
	free(p);
}

static void review_draw(struct view *v)
{
	struct rv *p = rv_of(v);
	if (!p->panes)
		return;
	view_place(p->panes, v->top, v->left, v->height, v->width);
	p->panes->ops->draw(p->panes);
}

static int review_scrolled(struct view *v, int *top, int *left, int *height, int *width)
{
	struct rv *p = rv_of(v);
	return p->panes && p->panes->ops->scrolled
	           ? p->panes->ops->scrolled(p->panes, top, left, height, width)
	           : 0;
}

static struct view *review_focus(struct view *v)
{
	return rv_of(v)->panes;
}

static struct view *review_child(struct view *v, size_t i)
{
	return i == 0 ? rv_of(v)->panes : NULL;
}

static session *review_session(struct view *v)
{
	struct rv *p = rv_of(v);
	return p->rs ? p->rs : p->s;
}

/* The change the cursor is on: the one gone to last while the cursor stays there, else
 * the first one in the cursor's sentence, else the one holding its start. */
static size_t at_cursor(struct rv *p)
{
	struct view *tv = text_of(p);
	if (!tv || !review_count(p->r))
		return SIZE_MAX;
	size_t cs, ce;
	text_cursor(tv, &cs, &ce);
	if (p->cur != SIZE_MAX && cs == p->cur_cursor)
		return p->cur;
	size_t i = review_find(p->r, cs, 0);
	if (i != SIZE_MAX)
		return i;
	i = cs ? review_find(p->r, cs - 1, 1) : (review_at(p->r, 0)->start == 0 ? 0 : review_find(p->r, 0, 1));
	if (i != SIZE_MAX && review_at(p->r, i)->start < ce)
		return i;
	return SIZE_MAX;
}

static void section_of(struct rv *p, size_t off, char *buf, size_t len)
{
	session_section_path(p->rs, off, buf, len);
}

/* Puts the cursor on change i and shows it. */
static void go_to(struct rv *p, size_t i)
{
	struct view *tv = text_of(p);
	const struct review_change *c = review_at(p->r, i);
	if (c->end > c->start)
		text_put_cursor(tv, c->start, c->end);
	else
		text_set_cursor(tv, c->start);
	text_show_offset(tv, c->start, false);
	size_t cs, ce;
	text_cursor(tv, &cs, &ce);
	p->cur = i;
	p->cur_cursor = cs;
}

static int next_change(struct view *v, const struct request *r)
{
	struct rv *p = rv_of(v);
	size_t n = review_count(p->r), i;
	if (!n) {
		char k[KEY_NAME_MAX];
		if (p->opt.substance)
			app_message(v->app, false, "no changes shown (%s shows every change)",
			            app_keys_for(v->app, MODE_TEXT, ACT_TOGGLE_SUBSTANCE, k, sizeof(k)));
		else if (!p->opt.form)
			app_message(v->app, false, "no changes shown (%s shows the changes of form only)",
			            app_keys_for(v->app, MODE_TEXT, ACT_TOGGLE_FORM, k, sizeof(k)));
		else
			app_message(v->app, false, "no changes shown");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	struct view *tv = text_of(p);
	size_t cs, ce;
	text_cursor(tv, &cs, &ce);
	if (p->cur != SIZE_MAX && cs == p->cur_cursor) /* on the change gone to last */
		i = r->arg > 0 ? (p->cur + 1 < n ? p->cur + 1 : SIZE_MAX) : (p->cur ? p->cur - 1 : SIZE_MAX);
	else if (r->arg > 0) /* the first change from the cursor on, as vim's ]c */
		i = cs ? review_find(p->r, cs - 1, 1) : 0;
	else
		i = review_find(p->r, cs, -1);
	if (i == SIZE_MAX) {
		if (r->arg > 0)
			app_message(v->app, false, "no change after this one");
		else
			app_message(v->app, false, "no change before this one");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	go_to(p, i);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Leaves review mode: the reader's text where the review's was. */
static int leave(struct view *v, const struct request *r)
{
	(void)r;
	struct rv *p = rv_of(v);
	struct app *a = v->app;
	struct view *tv = text_of(p);
	size_t at = tv ? review_to_new(p->r, text_top_offset(tv)) : 0;
	app_close(a, v);
	struct view *main = app_find(a, &text_view);
	if (main)
		text_show_offset(main, at, true);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* X, Z, $: the review built again with a filter changed, at the same place. */
static int toggle(struct view *v, const struct request *r)
{
	struct rv *p = rv_of(v);
	struct view *tv = text_of(p);
	size_t at = tv ? review_to_new(p->r, text_top_offset(tv)) : 0;
	const char *what;
	bool on;
	switch (r->arg) {
	case 0:
		on = !(p->opt.hide_deleted = !p->opt.hide_deleted);
		what = on ? N_("showing deleted text: %zu changes") : N_("hiding deleted text: %zu changes");
		break;
	case 1:
		on = p->opt.form = !p->opt.form;
		what = on ? N_("showing changes of form only: %zu changes") : N_("hiding changes of form only: %zu changes");
		break;
	default:
		on = !(p->opt.substance = !p->opt.substance);
		what = on ? N_("every change: %zu")
		          : N_("only changes of substance (figures, dates, owners, commitments, negations): %zu");
		break;
	}
	if (!build(v, p, at))
		return leave(v, r);
	text_show_offset(text_of(p), review_from_new(p->r, at), true);
	app_message(v->app, false, what, review_count(p->r));
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Marks changes lo..hi (inclusive) reviewed, or, when each already is, not. */
static void mark(struct view *v, struct rv *p, size_t lo, size_t hi, const char *what)
{
	store *st = session_store(p->s);
	if (!st || !session_document(p->s)) {
		app_message(v->app, true, "marks are not kept: the document is not in the library");
		return;
	}
	bool all = true;
	for (size_t i = lo; i <= hi; i++)
		all &= p->marked[i];
	size_t n = hi - lo + 1;
	uint64_t *keys = malloc(n * sizeof(*keys));
	if (!keys) {
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return;
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = review_at(p->r, lo + i)->key;
	enum pz_status s = store_review_mark(st, session_document(p->s), session_author(p->s), keys, n, !all);
	free(keys);
	if (s != PZ_OK) {
		app_message(v->app, true, "cannot keep the mark: %s", pz_strerror(s));
		return;
	}
	for (size_t i = lo; i <= hi; i++)
		p->marked[i] = !all;
	app_message(v->app, false, all ? N_("%s no longer marked reviewed by %s") : N_("%s marked reviewed by %s"),
	            what, session_author(p->s));
}

static int mark_change(struct view *v, const struct request *r)
{
	(void)r;
	struct rv *p = rv_of(v);
	size_t i = at_cursor(p);
	if (i == SIZE_MAX) {
		app_message(v->app, true, "no change at the cursor (]c goes to the next)");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	char what[32];
	snprintf(what, sizeof(what), _("change %zu"), i + 1);
	mark(v, p, i, i, what);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int mark_section(struct view *v, const struct request *r)
{
	(void)r;
	struct rv *p = rv_of(v);
	struct view *tv = text_of(p);
	size_t cs, ce;
	text_cursor(tv, &cs, &ce);
	const outline *o = session_outline(p->rs);
	size_t node = outline_node_holding(o, cs);
	if (node == SIZE_MAX) {
		app_message(v->app, true, "the cursor is in no section");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	const struct outline_node *nd = outline_node_at(o, node);
	size_t lo = review_count_in(p->r, 0, nd->start), k = review_count_in(p->r, nd->start, nd->end);
	char path[128], what[192];
	section_of(p, nd->start, path, sizeof(path));
	if (!k) {
		app_message(v->app, false, "no changes in %s", path[0] ? path : _("this section"));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	snprintf(what, sizeof(what), ngettext("%zu change of %s", "%zu changes of %s", k), k,
	         path[0] ? path : _("the section"));
	mark(v, p, lo, lo + k - 1, what);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int mark_draft(struct view *v, const struct request *r)
{
	(void)r;
	struct rv *p = rv_of(v);
	store *st = session_store(p->s);
	if (!st || !session_document(p->s) || !p->version) {
		app_message(v->app, true, "marks are not kept: the document is not in the library");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	size_t n = review_count(p->r);
	for (size_t i = 0; i < n; i++) /* every change shown, then the draft */
		p->marked[i] = false;
	if (n)
		mark(v, p, 0, n - 1, _("every change"));
	enum pz_status s = store_review_draft(st, session_document(p->s), session_author(p->s), p->version);
	if (s != PZ_OK)
		app_message(v->app, true, "cannot keep the mark: %s", pz_strerror(s));
	else
		app_message(v->app, false, "draft %zu marked reviewed by %s: the next review starts from it",
		            p->draft, session_author(p->s));
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int show_list(struct view *v, const struct request *r)
{
	(void)r;
	app_push(v->app, &changelist_view, v);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* "change 4/31, 二、（三） · replace · number, date · reviewed · deadline: 年底前 → 9月底前" */
static bool review_status(struct view *v, char *line, size_t len, int *percent)
{
	struct rv *p = rv_of(v);
	struct view *tv = text_of(p);
	size_t tl;
	review_text(p->r, &tl);
	*percent = tv && tl ? (int)(text_bottom_offset(tv) * 100 / tl) : 100;
	size_t n = review_count(p->r), i = at_cursor(p);
	char since[64];
	snprintf(since, sizeof(since), _("since draft %zu"), p->base_draft);
	if (i == SIZE_MAX) {
		size_t left = 0;
		for (size_t k = 0; k < n; k++)
			left += !p->marked[k];
		snprintf(line, len, ngettext("review %s: %zu change, %zu not reviewed%s%s · ]c the next",
		                             "review %s: %zu changes, %zu not reviewed%s%s · ]c the next", n),
		         since, n, left, p->opt.substance ? _(" (substance)") : "",
		         p->opt.form ? _(" (with form)") : "");
		return true;
	}
	const struct review_change *c = review_at(p->r, i);
	char path[128];
	section_of(p, c->start, path, sizeof(path));
	size_t k = (size_t)snprintf(line, len, _("change %zu/%zu%s%s · %s"), i + 1, n, path[0] ? _(", ") : "",
	                            path, _(diff_kind_name(c->c.kind)));
	for (unsigned b = 0, first = 1; b < DIFF_SUBSTANCE_COUNT && k < len; b++)
		if (c->c.substance & (1u << b)) {
			k += (size_t)snprintf(line + k, len - k, "%s%s", first ? " · " : _(", "),
			                      _(diff_substance_name(b)));
			first = 0;
		}
	if (k < len && p->marked[i])
		k += (size_t)snprintf(line + k, len - k, _(" · reviewed"));
	if (k < len && p->note[i])
		k += (size_t)snprintf(line + k, len - k, " · %s", p->note[i]);
	if (k < len)
		snprintf(line + k, len - k, " · %s", since);
	return true;
}

/* M-w: the draft to compare with, asked for; review mode opens again since it. */
static bool from_done(struct view *owner, const char *in, size_t n, void *data)
{
	(void)data;
	struct app *a = owner->app;
	char *end;
	unsigned long k = n ? strtoul(in, &end, 10) : 0;
	if (!n || *end || k == 0) {
		app_message(a, true, "a draft's number, as pizhu drafts lists them");
		return false;
	}
	struct view *rv = app_find(a, &review_view);
	if (rv) /* the prompt is closed: nothing above the review is left */
		app_close(a, rv);
	size_t want = k;
	app_push(a, &review_view, &want);
	return true;
}

int review_choose(struct view *v, const struct request *r)
{
	(void)r;
	session *s = v->app->s;
	struct store_draft *d;
	size_t n = 0;
	if (!session_store(s) || !session_document(s) ||
	    store_drafts(session_store(s), session_document(s), &d, &n) != PZ_OK || n < 2) {
		app_message(v->app, true, "'%s' has no earlier draft in the library (pizhu draft OLD NEW makes one)",
		            session_path(s));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	store_drafts_free(d, n);
	char *label = app_keep(v->app, &changelist_view, OFFER_LABEL);
	if (!label)
		return VIEW_HANDLED | VIEW_REDRAW;
	snprintf(label, OFFER_LABEL, _("changes since draft (1-%zu): "), n);
	struct prompt_spec spec = { .label = label, .done = from_done };
	prompt_open(v, &spec);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static const struct view_action review_actions[ACT_COUNT] = {
	[ACT_REVIEW] = { leave, 0 },
	[ACT_REVIEW_FROM] = { review_choose, 0 },
	[ACT_CLOSE] = { leave, 0 },
	[ACT_QUIT] = { leave, 0 },
	[ACT_NEXT_CHANGE] = { next_change, 1 },
	[ACT_PREV_CHANGE] = { next_change, -1 },
	[ACT_TOGGLE_DELETED] = { toggle, 0 },
	[ACT_TOGGLE_FORM] = { toggle, 1 },
	[ACT_TOGGLE_SUBSTANCE] = { toggle, 2 },
	[ACT_MARK_REVIEWED] = { mark_change, 0 },
	[ACT_MARK_SECTION_REVIEWED] = { mark_section, 0 },
	[ACT_MARK_DRAFT_REVIEWED] = { mark_draft, 0 },
	[ACT_CHANGE_LIST] = { show_list, 0 },
	/* the review text is no document of the library: its passages are not tagged */
	[ACT_TAG_TASK] = { view_swallow, 0 },
	[ACT_TAG_TARGET] = { view_swallow, 0 },
	[ACT_TAG_DEADLINE] = { view_swallow, 0 },
	[ACT_TAG_OWNER] = { view_swallow, 0 },
	[ACT_TAG_NOTE] = { view_swallow, 0 },
	[ACT_READ_AGAIN] = { view_swallow, 0 },
	[ACT_TAG_LIST] = { view_swallow, 0 },
};

const struct view_ops review_view = {
	.name = "review",
	.mode = MODE_TEXT,
	.place = VIEW_BODY,
	.actions = review_actions,
	.open = review_open,
	.done = review_done,
	.draw = review_draw,
	.scrolled = review_scrolled,
	.focus = review_focus,
	.child = review_child,
	.status = review_status,
	.session = review_session,
};

int review_start(struct view *v, const struct request *r)
{
	(void)r;
	app_push(v->app, &review_view, NULL);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* ---- the change list ----------------------------------------------------------------------- */

struct clist {
	struct view *review;        /* the review it lists (beneath it) */
	size_t sel, top;
};

static bool clist_open(struct view *v, const void *arg)
{
	struct clist *l = calloc(1, sizeof(*l));
	if (!l) {
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	l->review = (struct view *)arg;
	struct rv *p = rv_of(l->review);
	size_t i = at_cursor(p);
	l->sel = i == SIZE_MAX ? 0 : i;
	v->priv = l;
	return true;
}

static void clist_done(struct view *v)
{
	free(v->priv);
}

/* s[a, b) on one line, cut to about max characters (line breaks as ⏎). */
static size_t excerpt(char *out, size_t len, const char *s, size_t a, size_t b, size_t max)
{
	size_t k = 0, chars = 0;
	for (size_t i = a; i < b && k + 8 < len;) {
		if (chars == max) {
			k += (size_t)snprintf(out + k, len - k, "…");
			break;
		}
		if (s[i] == '\n') {
			k += (size_t)snprintf(out + k, len - k, "⏎");
			i++;
		} else {
			size_t l = 1;
			while (i + l < b && ((unsigned char)s[i + l] & 0xC0) == 0x80)
				l++;
			memcpy(out + k, s + i, l);
			k += l;
			i += l;
		}
		chars++;
	}
	out[k] = '\0';
	return k;
}

static void clist_draw(struct view *v)
{
	struct clist *l = v->priv;
	struct rv *p = rv_of(l->review);
	struct app *a = v->app;
	size_t n = review_count(p->r), done = 0;
	for (size_t i = 0; i < n; i++)
		done += p->marked[i];
	char head[256];
	snprintf(head, sizeof(head), _("Changes since draft %zu: %zu, %zu reviewed · Enter goes to one"), p->base_draft,
	         n, done);
	screen_put(v->top, v->left + 1, v->width - 1, head, 0, strlen(head), screen_attr(a, TE_HELP_HEADING));
	int rows = v->height - 1;
	if (rows < 1)
		return;
	if (!n) {
		char none[256], kf[KEY_NAME_MAX], ks[KEY_NAME_MAX];
		snprintf(none, sizeof(none), _("no changes shown (%s: the changes of form only, %s: every change)"),
		         app_keys_for(a, MODE_TEXT, ACT_TOGGLE_FORM, kf, sizeof(kf)),
		         app_keys_for(a, MODE_TEXT, ACT_TOGGLE_SUBSTANCE, ks, sizeof(ks)));
		screen_put(v->top + 1, v->left + 1, v->width - 1, none, 0, strlen(none), screen_attr(a, TE_TAGS_NORMAL));
		return;
	}
	if (l->sel >= n)
		l->sel = n - 1;
	l->top = view_list_top(l->sel, l->top, (size_t)rows);
	for (int y = 0; y < rows && l->top + (size_t)y < n; y++) {
		size_t i = l->top + (size_t)y;
		const struct review_change *c = review_at(p->r, i);
		int attr = screen_attr(a, i == l->sel ? TE_TAGS_SELECTED : TE_TAGS_NORMAL);
		screen_fill(v->top + 1 + y, v->left, v->width, attr);
		char path[64], was[160], now[160], row[1024];
		section_of(p, c->start, path, sizeof(path));
		excerpt(was, sizeof(was), p->old, c->c.old_start, c->c.old_end, 12);
		excerpt(now, sizeof(now), p->n, c->c.new_start, c->c.new_end, 12);
		int k = snprintf(row, sizeof(row), "%3zu %s %-7s %-10s %s → %s", i + 1, p->marked[i] ? "✓" : " ",
		                 _(diff_kind_name(c->c.kind)), path, c->c.kind == DIFF_INSERT ? "" : was,
		                 c->c.kind == DIFF_DELETE ? "" : now);
		if (k > 0 && (size_t)k < sizeof(row) && p->note[i])
			snprintf(row + k, sizeof(row) - (size_t)k, "  [%s]", p->note[i]);
		screen_put(v->top + 1 + y, v->left + 1, v->width - 1, row, 0, strlen(row), attr);
	}
}

static int clist_move(struct view *v, const struct request *r)
{
	struct clist *l = v->priv;
	size_t n = review_count(rv_of(l->review)->r);
	l->sel = view_list_move(l->sel, n, v->height > 2 ? (size_t)v->height - 2 : 1, r->arg);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int clist_jump(struct view *v, const struct request *r)
{
	(void)r;
	struct clist *l = v->priv;
	struct rv *p = rv_of(l->review);
	size_t i = l->sel;
	app_close(v->app, v);
	if (i < review_count(p->r))
		go_to(p, i);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static const struct view_action clist_actions[ACT_COUNT] = {
	[ACT_LINE_DOWN] = { clist_move, 1 },
	[ACT_LINE_UP] = { clist_move, -1 },
	[ACT_PAGE_DOWN] = { clist_move, VIEW_PAGE },
	[ACT_HALF_PAGE_DOWN] = { clist_move, VIEW_PAGE },
	[ACT_PAGE_UP] = { clist_move, -VIEW_PAGE },
	[ACT_HALF_PAGE_UP] = { clist_move, -VIEW_PAGE },
	[ACT_TOP] = { clist_move, VIEW_FIRST },
	[ACT_BOTTOM] = { clist_move, VIEW_LAST },
	[ACT_CLOSE] = { view_leave, 0 },
	[ACT_CHANGE_LIST] = { view_leave, 0 },
	[ACT_JUMP] = { clist_jump, 0 },
};

const struct view_ops changelist_view = {
	.name = "changes",
	.mode = MODE_TAGS,
	.place = VIEW_BODY,
	.actions = clist_actions,
	.open = clist_open,
	.done = clist_done,
	.draw = clist_draw,
};

/* ---- another draft of a known document? ---------------------------------------------------- */

struct offer {
	int64_t doc;
	void (*record)(struct app *a);
};

static bool offer_done(struct view *owner, const char *in, size_t n, void *data)
{
	struct offer o;
	memcpy(&o, data, sizeof(o));
	struct app *a = owner->app;
	/* one key, y or n: anything else (a key typed before the question showed, Enter)
	 * asks again rather than answer for good */
	bool yes = n > 0 && (in[0] == 'y' || in[0] == 'Y');
	if (!yes && (n == 0 || (in[0] != 'n' && in[0] != 'N'))) {
		app_message(a, true, "answer y or n");
		return false;
	}
	session *s = a->s;
	enum pz_status st = store_draft_answered(session_store(s), session_abspath(s), yes);
	if (st == PZ_OK && yes)
		st = session_adopt(s, o.doc);
	if (st == PZ_EXIST)
		app_message(a, true, "'%s' has tags of its own: it stays a document of its own", session_path(s));
	else if (st != PZ_OK)
		app_message(a, true, "cannot keep the answer: %s", pz_strerror(st));
	o.record(a);
	if (yes && st == PZ_OK && !a->message[0]) {
		int64_t v = 0;
		struct store_draft *d;
		size_t nd = 0;
		if (session_version(s, &v) == PZ_OK && store_drafts(session_store(s), o.doc, &d, &nd) == PZ_OK)
			store_drafts_free(d, nd);
		char kc[KEY_NAME_MAX];
		app_message(a, false, "'%s' is draft %zu of the document: its tags carried; %s shows the changes",
		            session_path(s), nd, app_keys_for(a, MODE_TEXT, ACT_REVIEW, kc, sizeof(kc)));
	}
	return true;
}

static void offer_cancel(struct view *owner, void *data)
{
	struct offer o;
	memcpy(&o, data, sizeof(o));
	o.record(owner->app);
}

bool review_may_offer(struct app *a)
{
	session *s = a->s;
	store *st = session_store(s);
	bool yes;
	return st && session_abspath(s) && !session_document(s) && a->depth &&
	       store_draft_answer(st, session_abspath(s), &yes) == PZ_NOENT;
}

bool review_offer(struct app *a, int64_t doc, char *path, size_t drafts,
                  void (*record)(struct app *a))
{
	session *s = a->s;
	const char *base = strrchr(path, '/');
	/* the prompt keeps the label's pointer: it lives in the application */
	char *label = app_keep(a, &changelist_view, OFFER_LABEL);
	if (!label) {
		free(path);
		return false;
	}
	snprintf(label, OFFER_LABEL, ngettext("'%s' looks like '%s' (%zu draft): its draft %zu? (y/n) ",
	                                      "'%s' looks like '%s' (%zu drafts): its draft %zu? (y/n) ", drafts),
	         session_path(s), base ? base + 1 : path, drafts, drafts + 1);
	free(path);
	struct offer o = { doc, record };
	struct prompt_spec spec = { .label = label, .one_key = true, .done = offer_done,
	                            .cancel = offer_cancel, .data = &o, .data_len = sizeof(o) };
	return prompt_open(a->stack[a->depth - 1], &spec);
}
