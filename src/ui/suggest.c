/* Suggested tags in the reader. A suggestion is hidden once a tag of its type covers
 * it or the user turned it down (by type, words and the words before it, so that it
 * stays down in later drafts); accepting one goes through the tag set like any tag. */
#include "pizhu/suggest.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/taglist.h"
#include "pizhu/text.h"

#define REJECT_CONTEXT 8 /* characters before a suggestion that tell it apart */

void suggest_close(struct app *a)
{
	free(a->sugg);
	free(a->sugg_hidden);
	free(a->sugg_rejected);
	a->sugg_rejected = NULL;
	free(a->preview);
	store_rejections_free(a->rej, a->nrej);
	a->sugg = NULL;
	a->sugg_hidden = NULL;
	a->preview = NULL;
	a->rej = NULL;
	a->nsugg = a->nrej = a->npreview = 0;
}

/* The words before suggestion i that a rejection remembers (up to REJECT_CONTEXT
 * characters of its paragraph). */
static void prefix_of(const struct app *a, size_t i, char *buf, size_t len)
{
	size_t s = a->sugg[i].start, p = s;
	for (int k = 0; k < REJECT_CONTEXT && p > 0 && a->text[p - 1] != '\n'; k++) {
		p--;
		while (p > 0 && ((unsigned char)a->text[p] & 0xC0) == 0x80)
			p--;
	}
	snprintf(buf, len, "%.*s", (int)(s - p), a->text + p);
}

static bool rejected(const struct app *a, size_t i)
{
	const struct detect_item *it = &a->sugg[i];
	const char *type = detect_type_name(it->type);
	size_t n = it->end - it->start;
	char pre[64];
	prefix_of(a, i, pre, sizeof(pre));
	for (size_t r = 0; r < a->nrej; r++)
		if (!strcmp(a->rej[r].type, type) && strlen(a->rej[r].quote) == n &&
		    !memcmp(a->rej[r].quote, a->text + it->start, n) && !strcmp(a->rej[r].prefix, pre))
			return true;
	return false;
}

/* The first suggestion starting at or after off. */
static size_t first_from(const struct app *a, size_t off)
{
	size_t lo = 0, hi = a->nsugg;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->sugg[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Suggestions are sentences at most: one starting this far before a tag is not under it. */
#define LONGEST_SUGGESTION 8192

void suggest_refresh(struct app *a)
{
	if (!a->nsugg)
		return;
	for (size_t i = 0; i < a->nsugg; i++)
		a->sugg_hidden[i] = a->sugg_rejected[i];
	/* each tag hides the suggestions of its type under it */
	for (size_t k = 0; a->tags && k < tagset_count(a->tags); k++) {
		const struct tag *t = tagset_at(a->tags, k);
		if (t->a.anchor == STORE_ORPHANED)
			break;
		int type = -1;
		for (int d = 0; d < DETECT_TYPES; d++)
			if (!strcmp(t->a.type, detect_type_name((enum detect_type)d)))
				type = d;
		if (type < 0)
			continue;
		size_t from = first_from(a, t->start > LONGEST_SUGGESTION ? t->start - LONGEST_SUGGESTION : 0);
		for (size_t i = from; i < a->nsugg && a->sugg[i].start < t->end; i++)
			if (a->sugg[i].end > t->start && (int)a->sugg[i].type == type)
				a->sugg_hidden[i] = true;
	}
}

/* Finds the suggestions now, whatever the file's size. */
static void load_now(struct app *a);

void suggest_load(struct app *a)
{
	suggest_close(a);
	if (!a->d || !a->o)
		return;
	if (a->sugg_pending)
		return; /* a large file: a second of work nobody asked for yet waits */
	load_now(a);
}

static void load_now(struct app *a)
{
	struct detect_options opt = { .date = { 0, 0, 0 } };
	enum pz_status st = detect_run(a->d, a->o, &opt, &a->sugg, &a->nsugg);
	if (st == PZ_OK && (!(a->sugg_hidden = calloc(a->nsugg + 1, sizeof(*a->sugg_hidden))) ||
	                    !(a->sugg_rejected = calloc(a->nsugg + 1, sizeof(*a->sugg_rejected)))))
		st = PZ_NOMEM;
	if (st == PZ_OK && a->st && a->doc_id)
		st = store_rejections(a->st, a->doc_id, &a->rej, &a->nrej);
	if (st != PZ_OK) {
		suggest_close(a);
		app_message(a, true, "cannot find suggestions: %s", pz_strerror(st));
		return;
	}
	for (size_t i = 0; a->nrej && i < a->nsugg; i++)
		a->sugg_rejected[i] = rejected(a, i);
	suggest_refresh(a);
}

size_t suggest_shown_at(const struct app *a, size_t start, size_t end)
{
	if (a->sugg_off)
		return SIZE_MAX;
	size_t from = first_from(a, start > LONGEST_SUGGESTION ? start - LONGEST_SUGGESTION : 0);
	for (size_t i = from; i < a->nsugg && a->sugg[i].start < end; i++)
		if (!a->sugg_hidden[i] && a->sugg[i].end > start)
			return i;
	return SIZE_MAX;
}

/* The label of a suggestion's type in the user's language. */
static const char *label(const struct app *a, const struct detect_item *it)
{
	const struct tagtype *t = tagtypes_find(&a->types, detect_type_name(it->type));
	return t ? tagtype_label(t, a->zh) : detect_type_name(it->type);
}

static void describe(struct app *a, size_t i)
{
	const struct detect_item *it = &a->sugg[i];
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
	a->cur_start = a->sugg[i].start;
	a->cur_end = a->sugg[i].end;
	text_show_offset(a, a->cur_start, false);
	describe(a, i);
}

static int next(struct app *a, bool back)
{
	if (a->sugg_off) {
		app_message(a, true, "suggestions are hidden: S shows them");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	size_t found = SIZE_MAX;
	for (size_t i = 0; i < a->nsugg; i++) {
		if (a->sugg_hidden[i])
			continue;
		if (back ? a->sugg[i].start < a->cur_start : a->sugg[i].start > a->cur_start) {
			found = i;
			if (!back)
				break;
		}
	}
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

/* Accepts suggestion i: a tag of its type, a deadline with its date, an owner with its
 * units, a task with the owner and date suggested in its sentence. */
static enum pz_status accept(struct app *a, size_t i)
{
	const struct detect_item *it = &a->sugg[i];
	const char *due = NULL, *owner = NULL;
	if (it->type == DETECT_DEADLINE && tags_valid_date(it->value))
		due = it->value;
	if (it->type == DETECT_OWNER)
		owner = it->value;
	if (it->type == DETECT_TASK)
		for (size_t k = 0; k < a->nsugg; k++) {
			const struct detect_item *x = &a->sugg[k];
			if (x->task != i)
				continue;
			if (x->type == DETECT_OWNER && !owner)
				owner = x->value;
			if (x->type == DETECT_DEADLINE && !due && tags_valid_date(x->value))
				due = x->value;
		}
	enum pz_status st = tagset_add(a->tags, detect_type_name(it->type), it->start, it->end, NULL,
	                               due, owner, NULL);
	if (st == PZ_OK)
		suggest_refresh(a);
	return st;
}

static bool have_tags(struct app *a)
{
	if (a->tags)
		return true;
	app_message(a, true, "tags are not kept here: no database, or the tags cannot be loaded");
	return false;
}

/* The section the cursor is in (its innermost numbered section, else its speech): the
 * shown suggestions there become the preview. */
static void make_preview(struct app *a)
{
	size_t nn = outline_node_count(a->o), best = SIZE_MAX, speech = SIZE_MAX;
	for (size_t i = 0; i < nn; i++) {
		const struct outline_node *nd = outline_node_at(a->o, i);
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
		const struct outline_node *nd = outline_node_at(a->o, best);
		from = nd->start;
		to = nd->end;
		tags_section_path(a->o, a->d, nd->start, a->preview_where, sizeof(a->preview_where));
	}
	free(a->preview);
	a->preview = malloc((a->nsugg + 1) * sizeof(*a->preview));
	a->npreview = 0;
	for (size_t i = 0; a->preview && i < a->nsugg; i++)
		if (!a->sugg_hidden[i] && a->sugg[i].start >= from && a->sugg[i].start < to)
			a->preview[a->npreview++] = i;
}

int suggest_action(struct app *a, enum action act)
{
	size_t i;
	switch (act) {
	case ACT_TOGGLE_SUGGESTIONS:
	case ACT_NEXT_SUGGESTION:
	case ACT_PREV_SUGGESTION:
	case ACT_ACCEPT_SUGGESTION:
	case ACT_REJECT_SUGGESTION:
	case ACT_ACCEPT_SECTION:
		if (a->sugg_pending && a->d && a->o) { /* a large file's, asked for at last */
			a->sugg_pending = false;
			load_now(a);
			if (act == ACT_TOGGLE_SUGGESTIONS)
				a->sugg_off = true; /* S asked to see them: toggled on below */
		}
		break;
	default:
		break;
	}
	switch (act) {
	case ACT_TOGGLE_SUGGESTIONS:
		a->sugg_off = !a->sugg_off;
		app_message(a, false, a->sugg_off ? "suggestions hidden (S shows them)"
		                                  : "suggestions shown: ' and \" go through them");
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_NEXT_SUGGESTION:
	case ACT_PREV_SUGGESTION:
		return next(a, act == ACT_PREV_SUGGESTION);
	case ACT_ACCEPT_SUGGESTION:
		if (!have_tags(a))
			return VIEW_HANDLED | VIEW_REDRAW;
		if ((i = at_cursor(a)) == SIZE_MAX) {
			app_message(a, true, "no suggestion here: ' goes to the next one");
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		{
			char what[200];
			int n = (int)(a->sugg[i].end - a->sugg[i].start);
			snprintf(what, sizeof(what), "%.*s", n > 120 ? 120 : n, a->text + a->sugg[i].start);
			const char *lab = label(a, &a->sugg[i]);
			enum pz_status st = accept(a, i);
			if (st != PZ_OK)
				app_message(a, true, "cannot tag: %s", pz_strerror(st));
			else
				app_message(a, false, "accepted: %s %s", lab, what);
		}
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_REJECT_SUGGESTION: {
		if ((i = at_cursor(a)) == SIZE_MAX) {
			app_message(a, true, "no suggestion here: ' goes to the next one");
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		const struct detect_item *it = &a->sugg[i];
		char quote[512], pre[64];
		int n = (int)(it->end - it->start);
		if ((size_t)n >= sizeof(quote))
			n = sizeof(quote) - 1;
		snprintf(quote, sizeof(quote), "%.*s", n, a->text + it->start);
		prefix_of(a, i, pre, sizeof(pre));
		enum pz_status st = a->st && a->doc_id
		                            ? store_reject(a->st, a->doc_id, detect_type_name(it->type), quote, pre)
		                            : PZ_OK; /* no database: down for this reading only */
		if (st != PZ_OK) {
			app_message(a, true, "cannot remember that: %s", pz_strerror(st));
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		/* kept in memory too, for this reading's later look-ups */
		struct store_rejection *nr = realloc(a->rej, (a->nrej + 1) * sizeof(*nr));
		if (nr) {
			a->rej = nr;
			struct store_rejection r = { strdup(detect_type_name(it->type)), strdup(quote),
				                     strdup(pre) };
			if (r.type && r.quote && r.prefix)
				nr[a->nrej++] = r;
			else
				free(r.type), free(r.quote), free(r.prefix);
		}
		a->sugg_hidden[i] = a->sugg_rejected[i] = true;
		app_message(a, false, "turned down: %s", quote);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	case ACT_ACCEPT_SECTION:
		if (!have_tags(a))
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
		const struct detect_item *it = &a->sugg[a->preview[a->tl_top + (size_t)y]];
		struct doc_pos p = doc_pos_of(a->d, it->start);
		char cols[48];
		const char *lab = label(a, it);
		app_put(top + 1 + y, left + 1, width - 1, lab, 0, strlen(lab), taglist_type_attr(a, detect_type_name(it->type)));
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
		for (size_t k = 0; k < a->npreview && st == PZ_OK; k++)
			if (!a->sugg_hidden[a->preview[k]] && (st = accept(a, a->preview[k])) == PZ_OK)
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
