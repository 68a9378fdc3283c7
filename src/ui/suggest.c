/* Suggested tags in the reader. A suggestion is hidden once a tag of its type covers
 * it or the user turned it down (by type, words and the words before it, so that it
 * stays down in later drafts); accepting one goes through the tag set like any tag. */
#include "pizhu/ui/suggest.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/ui/taglist.h"
#include "pizhu/ui/text.h"

/* The session's suggestions, found now if they were waiting (a large file's). */
static suggestions *sugg(struct app *a)
{
	if (!session_suggestions(a->s) && session_outline(a->s)) {
		a->sugg_pending = false;
		enum pz_status st = session_find_suggestions(a->s);
		if (st != PZ_OK)
			app_message(a, true, "cannot find suggestions: %s", pz_strerror(st));
	}
	return session_suggestions(a->s);
}

void suggest_load(struct app *a)
{
	if (!a->s || !session_outline(a->s) || a->sugg_pending)
		return; /* a large file: a second of work nobody asked for yet waits */
	sugg(a);
}

size_t suggest_shown_at(const struct app *a, size_t start, size_t end)
{
	const suggestions *sg = session_suggestions(a->s);
	return sg ? suggestions_shown_at(sg, start, end) : SIZE_MAX;
}

static const struct detect_item *item(struct app *a, size_t i)
{
	size_t n;
	return &suggestions_items(session_suggestions(a->s), &n)[i];
}

/* The label of a suggestion's type in the user's language. */
static const char *label(const struct app *a, const struct detect_item *it)
{
	return tagtype_label(&a->types.v[suggestions_tag_kind(it->type)], a->zh);
}

static void describe(struct app *a, size_t i)
{
	const struct detect_item *it = item(a, i);
	int n = (int)(it->end - it->start);
	if (n > 60)
		n = (int)layout_clip(a->text, it->start, it->end, 40, NULL) - (int)it->start;
	app_message(a, false, "suggested %s: %.*s%s%s (a accepts, d turns down)", label(a, it), n,
	            a->text + it->start, it->value[0] && it->type != DETECT_TASK ? " → " : "",
	            it->type != DETECT_TASK ? it->value : "");
}

static void go_to(struct app *a, size_t i)
{
	a->selecting = false;
	a->cur_start = item(a, i)->start;
	a->cur_end = item(a, i)->end;
	text_show_offset(a, a->cur_start, false);
	describe(a, i);
}

static int next(struct app *a, bool back)
{
	suggestions *sg = sugg(a);
	if (!sg)
		return VIEW_HANDLED | VIEW_REDRAW;
	if (!suggestions_shown(sg)) {
		app_message(a, true, "suggestions are hidden: S shows them");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	size_t found = suggestions_next(sg, a->cur_start, back);
	if (found == SIZE_MAX)
		app_message(a, true, back ? "no suggestion before this one" : "no suggestion after this one");
	else
		go_to(a, found);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* The suggestion the cursor is on: the first shown one overlapping it. */
static size_t at_cursor(struct app *a)
{
	size_t s = a->selecting ? a->sel_start : a->cur_start, e = a->selecting ? a->sel_end : a->cur_end;
	return suggest_shown_at(a, s, e > s ? e : s + 1);
}

static bool have_tags(struct app *a)
{
	if (session_tags(a->s))
		return true;
	app_message(a, true, "tags are not kept here: no database, or the tags cannot be loaded");
	return false;
}

/* The section the cursor is in (its innermost numbered section, else its speech): the
 * shown suggestions there become the preview. */
static void make_preview(struct app *a)
{
	const outline *o = session_outline(a->s);
	size_t nn = outline_node_count(o), best = SIZE_MAX, speech = SIZE_MAX;
	for (size_t i = 0; i < nn; i++) {
		const struct outline_node *nd = outline_node_at(o, i);
		if (nd->start > a->cur_start)
			break;
		if (a->cur_start < nd->end) {
			if (nd->kind == OUTLINE_SECTION)
				best = i;
			if (nd->kind == OUTLINE_SPEECH)
				speech = i;
		}
	}
	if (best == SIZE_MAX)
		best = speech;
	size_t from = 0, to = a->len;
	a->preview_where[0] = '\0';
	if (best != SIZE_MAX) {
		const struct outline_node *nd = outline_node_at(o, best);
		from = nd->start;
		to = nd->end;
		session_section_path(a->s, nd->start, a->preview_where, sizeof(a->preview_where));
	}
	free(a->preview);
	a->preview = NULL;
	a->npreview = 0;
	if (suggestions_in(session_suggestions(a->s), from, to, &a->preview, &a->npreview) != PZ_OK)
		a->preview = NULL, a->npreview = 0;
}

int suggest_action(struct app *a, enum action act)
{
	size_t i;
	suggestions *sg;
	switch (act) {
	case ACT_TOGGLE_SUGGESTIONS:
		if (!(sg = sugg(a)))
			return VIEW_HANDLED | VIEW_REDRAW;
		suggestions_show(sg, !suggestions_shown(sg));
		app_message(a, false, !suggestions_shown(sg) ? "suggestions hidden (S shows them)"
		                                            : "suggestions shown: ' and \" go through them");
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_NEXT_SUGGESTION:
	case ACT_PREV_SUGGESTION:
		return next(a, act == ACT_PREV_SUGGESTION);
	case ACT_ACCEPT_SUGGESTION:
		if (!have_tags(a) || !sugg(a))
			return VIEW_HANDLED | VIEW_REDRAW;
		if ((i = at_cursor(a)) == SIZE_MAX) {
			app_message(a, true, "no suggestion here: ' goes to the next one");
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		{
			const struct detect_item *it = item(a, i);
			char what[200];
			int n = (int)(it->end - it->start);
			snprintf(what, sizeof(what), "%.*s", n > 120 ? 120 : n, a->text + it->start);
			const char *lab = label(a, it);
			enum pz_status st = session_accept(a->s, i, NULL);
			if (st != PZ_OK)
				app_message(a, true, "cannot tag: %s", pz_strerror(st));
			else
				app_message(a, false, "accepted: %s %s", lab, what);
		}
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_REJECT_SUGGESTION: {
		if (!sugg(a))
			return VIEW_HANDLED | VIEW_REDRAW;
		if ((i = at_cursor(a)) == SIZE_MAX) {
			app_message(a, true, "no suggestion here: ' goes to the next one");
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		const struct detect_item *it = item(a, i);
		enum pz_status st = session_reject(a->s, i);
		if (st != PZ_OK) {
			app_message(a, true, "cannot remember that: %s", pz_strerror(st));
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		int n = (int)(it->end - it->start);
		app_message(a, false, "turned down: %.*s", n > 511 ? 511 : n, a->text + it->start);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	case ACT_ACCEPT_SECTION:
		if (!have_tags(a) || !sugg(a))
			return VIEW_HANDLED | VIEW_REDRAW;
		make_preview(a);
		if (!a->npreview) {
			app_message(a, true, "no suggestions left in this section");
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		a->full = &preview_view;
		a->tl_top = 0;
		return VIEW_HANDLED | VIEW_REDRAW;
	default:
		return VIEW_IGNORED;
	}
}

/* ---- the preview of accept-section ---- */

static void preview_draw(struct app *a, int top, int left, int height, int width)
{
	char head[256];
	snprintf(head, sizeof(head), "Accept %zu suggestions in %s? Enter accepts them all, Esc goes back",
	         a->npreview, a->preview_where[0] ? a->preview_where : "this speech");
	app_put(top, left + 1, width - 1, head, 0, strlen(head), app_attr(a, TE_HELP_HEADING));
	int attr = app_attr(a, TE_TAGS_NORMAL);
	for (int y = 0; y + 1 < height && a->tl_top + (size_t)y < a->npreview; y++) {
		const struct detect_item *it = item(a, a->preview[a->tl_top + (size_t)y]);
		struct doc_pos p = doc_pos_of(session_doc(a->s), it->start);
		char cols[48];
		const char *lab = label(a, it);
		app_put(top + 1 + y, left + 1, width - 1, lab, 0, strlen(lab),
		        taglist_type_attr(a, (int)suggestions_tag_kind(it->type)));
		snprintf(cols, sizeof(cols), "%zu:%zu", p.line, p.col);
		app_put(top + 1 + y, left + 10, width - 10, cols, 0, strlen(cols), attr);
		char line[1024];
		int m = snprintf(line, sizeof(line), "%.*s%s%s", (int)(it->end - it->start < 600 ? it->end - it->start : 600),
		                 a->text + it->start, it->type != DETECT_TASK ? "  → " : "",
		                 it->type != DETECT_TASK ? it->value : "");
		app_put(top + 1 + y, left + 20, width - 20, line, 0, m > 0 ? (size_t)m : 0, attr);
	}
}

static int preview_handle(struct app *a, enum action act)
{
	size_t page = a->rows > 3 ? (size_t)a->rows - 3 : 1;
	switch (act) {
	case ACT_JUMP: { /* Enter: accept them all */
		size_t done = 0;
		enum pz_status st = PZ_OK;
		const suggestions *sg = session_suggestions(a->s);
		for (size_t k = 0; k < a->npreview && st == PZ_OK; k++)
			if (!suggestions_hidden(sg, a->preview[k]) &&
			    (st = session_accept(a->s, a->preview[k], NULL)) == PZ_OK)
				done++;
		a->full = NULL;
		if (st != PZ_OK)
			app_message(a, true, "accepted %zu, then: %s", done, pz_strerror(st));
		else
			app_message(a, false, "accepted %zu suggestions (u undoes them one by one)", done);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	case ACT_CLOSE:
	case ACT_CANCEL:
		a->full = NULL;
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_LINE_DOWN:
	case ACT_PAGE_DOWN:
		a->tl_top += act == ACT_LINE_DOWN ? 1 : page;
		if (a->tl_top >= a->npreview)
			a->tl_top = a->npreview ? a->npreview - 1 : 0;
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_LINE_UP:
	case ACT_PAGE_UP:
		a->tl_top = a->tl_top > (act == ACT_LINE_UP ? 1 : page) ? a->tl_top - (act == ACT_LINE_UP ? 1 : page) : 0;
		return VIEW_HANDLED | VIEW_REDRAW;
	default:
		return VIEW_IGNORED;
	}
}

const struct view_ops preview_view = {
	.name = "preview",
	.mode = MODE_TAGS,
	.draw = preview_draw,
	.handle = preview_handle,
};
