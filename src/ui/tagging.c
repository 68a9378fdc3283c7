/* Tagging in the reader: making, changing, undoing and exporting tags, from the text or
 * the tag list; the store has every change before the screen shows it. */
#include "pizhu/ui/tagging.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/breakdown.h"
#include "pizhu/export.h"
#include "pizhu/layout.h"
#include "pizhu/ui/prompt.h"
#include "pizhu/ui/screen.h"
#include "pizhu/ui/suggest.h"

/* ---- labels and colours ---- */

int tagging_type_index(const struct app *a, const struct tag *t)
{
	return t->kind != TAGTYPE_OTHER ? (int)t->kind : tagtypes_index(&a->types, t->a.type);
}

const char *tagging_type_label(const struct app *a, int i)
{
	return tagtype_label(&a->types.v[i], a->zh);
}

const char *tagging_label(const struct app *a, const struct tag *t)
{
	int i = tagging_type_index(a, t);
	return i < 0 ? t->a.type : tagging_type_label(a, i);
}

int tagging_type_attr(const struct app *a, int i)
{
	return screen_attr(a, i < 0 ? TE_TAG_NOTE : a->type_element[i]);
}

int tagging_tag_attr(const struct app *a, const struct tag *t)
{
	return tagging_type_attr(a, tagging_type_index(a, t));
}

const char *tagging_short_quote(const char *q, char *buf, size_t len)
{
	size_t n = strlen(q);
	size_t e = layout_clip(q, 0, n, 24, NULL);
	snprintf(buf, len, "“%.*s%s”", (int)e, q, e < n ? "…" : "");
	return buf;
}

static void tag_spans(struct view *tv, void *data, size_t from, size_t to, struct text_spans *out)
{
	(void)data;
	const tagset *ts = session_tags(view_session(tv));
	for (size_t i = 0; ts && i < tagset_count(ts) && out->n < TEXT_SPANS_MAX; i++) {
		const struct tag *t = tagset_at(ts, i);
		if (t->a.anchor == STORE_ORPHANED || t->start >= to)
			break;
		if (t->end > from)
			text_spans_add(out, t->start, t->end, tagging_tag_attr(tv->app, t));
	}
}

/* A heading stays bold under a tag. */
const struct text_layer tagging_layer = {
	"tags", TEXT_LAYER_TAGS, (int)A_BOLD, false, tag_spans, NULL,
};

/* ---- the tag at the cursor ---- */

bool tagging_have_tags(struct view *v)
{
	struct app *a = v->app;
	if (session_tags(view_session(v)))
		return true;
	app_message(a, true, a->st ? "the tags of this document cannot be loaded"
	                           : "tags are not kept: there is no database");
	return false;
}

/* The tag the cursor (or the selection) covers most, the latest made among equals;
 * SIZE_MAX when none. */
static size_t tag_at_cursor(struct view *tv)
{
	const tagset *ts = session_tags(view_session(tv));
	if (!ts)
		return SIZE_MAX;
	size_t s, e, best = SIZE_MAX, best_cover = 0;
	int64_t best_made = 0;
	if (!text_selection(tv, &s, &e))
		text_cursor(tv, &s, &e);
	for (size_t i = 0; i < tagset_count(ts); i++) {
		const struct tag *t = tagset_at(ts, i);
		if (t->a.anchor == STORE_ORPHANED || t->start >= e)
			break;
		if (t->end <= s)
			continue;
		size_t cover = (t->end < e ? t->end : e) - (t->start > s ? t->start : s);
		if (cover > best_cover || (cover == best_cover && t->a.created > best_made)) {
			best = i;
			best_cover = cover;
			best_made = t->a.created;
		}
	}
	return best;
}

bool tagging_draft_change(const struct app *a, const struct tag *t, char *buf, size_t len)
{
	struct store_tagdraft c;
	store *st = session_store(a->s);
	buf[0] = '\0';
	if (t->a.anchor == STORE_ANCHORED || !st || store_tagdraft_of(st, t->a.id, &c) != PZ_OK)
		return false;
	store_tagdraft_say(&c, buf, len);
	free(c.was);
	return true;
}

void tagging_describe_cursor(struct view *tv)
{
	struct app *a = tv->app;
	size_t i = tag_at_cursor(tv);
	if (i == SIZE_MAX || a->message[0])
		return;
	const struct tag *tag = tagset_at(session_tags(view_session(tv)), i);
	const struct store_annot *t = &tag->a;
	char line[512];
	int n = snprintf(line, sizeof(line), "%s", tagging_label(a, tag));
	if (tag->kind == TAGTYPE_TASK)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " (%s)", t->done ? "done" : "open");
	if (t->due[0])
		n += snprintf(line + n, sizeof(line) - (size_t)n, " · due %s", t->due);
	if (t->owner[0])
		n += snprintf(line + n, sizeof(line) - (size_t)n, " · %s", t->owner);
	char was[160];
	if (tagging_draft_change(a, tag, was, sizeof(was)))
		n += snprintf(line + n, sizeof(line) - (size_t)n, " · %s", was);
	if (t->note[0])
		snprintf(line + n, sizeof(line) - (size_t)n, " · %s", t->note);
	app_message(a, false, "%s", line);
}

void tagging_say_moved(struct app *a)
{
	const tagset *ts = session_tags(a->s);
	size_t moved = 0, orphans = 0;
	for (size_t i = 0; ts && i < tagset_count(ts); i++) {
		enum store_anchor s = tagset_at(ts, i)->a.anchor;
		moved += s == STORE_MOVED;
		orphans += s == STORE_ORPHANED;
	}
	if (moved || orphans)
		app_message(a, false, "this draft changed: %zu tags moved, %zu orphaned (T lists them)",
		            moved, orphans);
}

/* ---- changes ---- */

/* Trims spaces and line breaks off both ends of [*s, *e) of the text. */
static void trim(session *doc, size_t *s, size_t *e)
{
	const char *t = session_text(doc, NULL);
	while (*s < *e && (t[*s] == ' ' || t[*s] == '\n' || t[*s] == '\t'))
		(*s)++;
	while (*e > *s && (t[*e - 1] == ' ' || t[*e - 1] == '\n' || t[*e - 1] == '\t'))
		(*e)--;
}

/* What a prompt that edits a tag's field carries. */
struct edit {
	char uuid[STORE_UUID_LEN + 1];
	int what;             /* TAGGING_EDIT_NOTE, _SET_DUE, _SET_OWNER */
};

static const char *const edit_labels[] = {
	[TAGGING_EDIT_NOTE] = "note: ",
	[TAGGING_SET_DUE] = "due (YYYY-MM-DD): ",
	[TAGGING_SET_OWNER] = "owner: ",
};

/* Writes a changed copy of a tag of the document v shows and says so (done_msg) or why
 * not. */
static void update(struct view *v, const struct store_annot *c, const char *done_msg)
{
	struct app *a = v->app;
	session *doc = view_session(v);
	enum pz_status st = tagset_update(session_tags(doc), c);
	if (st != PZ_OK) {
		app_message(a, true, "cannot change the tag: %s", pz_strerror(st));
		return;
	}
	session_tags_changed(doc);
	if (done_msg)
		app_message(a, false, "%s", done_msg);
}

/* The field typed into an edit prompt: written to the tag (a date that is not one is
 * asked again). */
static bool edited(struct view *owner, const char *in, size_t n, void *data)
{
	struct app *a = owner->app;
	session *doc = view_session(owner);
	const struct edit *ed = data;
	tagset *ts = session_tags(doc);
	size_t i = ts ? tagset_find(ts, ed->uuid) : SIZE_MAX;
	if (i == SIZE_MAX) {
		app_message(a, true, "the tag is gone (deleted meanwhile?)");
		return true;
	}
	struct store_annot c = tagset_at(ts, i)->a;
	switch (ed->what) {
	case TAGGING_EDIT_NOTE:
		c.note = (char *)in;
		update(owner, &c, n ? "note written" : "note removed");
		break;
	case TAGGING_SET_DUE:
		if (!tags_valid_date(in)) { /* back to the prompt with the input kept */
			app_message(a, true, "not a date YYYY-MM-DD");
			return false;
		}
		c.due = (char *)in;
		update(owner, &c, n ? "due date set" : "no due date");
		break;
	default:
		c.owner = (char *)in;
		update(owner, &c, n ? "owner set" : "owner removed");
		break;
	}
	return true;
}

/* Asks for field what of the tag uuid, starting from initial. */
static void edit(struct view *v, const char *uuid, int what, const char *initial)
{
	struct edit ed = { .what = what };
	memcpy(ed.uuid, uuid, sizeof(ed.uuid));
	struct prompt_spec spec = {
		.label = edit_labels[what],
		.initial = initial,
		.max = STORE_FIELD_MAX, /* what the tag may hold, said when a paste is longer */
		.done = edited,
		.data = &ed,
		.data_len = sizeof(ed),
	};
	prompt_open(v, &spec);
}

/* Tags the text's passage with type (an index in a->types). */
static int tag_as(struct view *tv, int type)
{
	struct app *a = tv->app;
	session *doc = view_session(tv);
	if (!tagging_have_tags(tv))
		return VIEW_HANDLED | VIEW_REDRAW;
	size_t s, e;
	text_target(tv, &s, &e);
	trim(doc, &s, &e);
	if (e <= s) {
		app_message(a, true, "nothing to tag here");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	tagset *ts = session_tags(doc);
	char uuid[STORE_UUID_LEN + 1], q[160];
	enum pz_status st = tagset_add(ts, a->types.v[type].name, s, e, NULL, NULL, NULL, uuid);
	if (st != PZ_OK) {
		app_message(a, true, "cannot tag: %s", pz_strerror(st));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	session_tags_changed(doc);
	text_drop_selection(tv);
	size_t i = tagset_find(ts, uuid);
	app_message(a, false, "%s %s", tagging_type_label(a, type),
	            tagging_short_quote(i == SIZE_MAX ? "" : tagset_at(ts, i)->a.quote, q, sizeof(q)));
	if (type == TAGTYPE_DEADLINE) /* its date, at once (Enter leaves it unset) */
		edit(tv, uuid, TAGGING_SET_DUE, NULL);
	return VIEW_HANDLED | VIEW_REDRAW;
}

int tagging_tag(struct view *tv, const struct request *r)
{
	return tag_as(tv, r->arg);
}

int tagging_tag_declared(struct view *tv, const struct request *r)
{
	const struct tagtypes *types = &tv->app->types;
	for (size_t i = 0; i < types->n; i++) {
		const struct tagtype *t = &types->v[i];
		struct key k;
		if (t->key[0] && key_parse(t->key, strlen(t->key), &k) == PZ_OK &&
		    key_equal(key_canon(k), key_canon(r->key)))
			return tag_as(tv, (int)i);
	}
	return VIEW_IGNORED;
}

/* The note typed: a note tag on the passage (selection, or cursor sentence). */
static bool note_typed(struct view *tv, const char *in, size_t n, void *data)
{
	(void)data;
	struct app *a = tv->app;
	session *doc = view_session(tv);
	tagset *ts = session_tags(doc);
	if (!ts)
		return true;
	if (!n) {
		app_message(a, false, "no note written: nothing tagged");
		return true;
	}
	size_t s, e;
	if (!text_selection(tv, &s, &e))
		text_cursor(tv, &s, &e);
	trim(doc, &s, &e);
	enum pz_status st = e > s ? tagset_add(ts, tagtype_name(TAGTYPE_NOTE), s, e, in, NULL, NULL,
	                                       NULL)
	                          : PZ_SYNTAX;
	if (st != PZ_OK) {
		app_message(a, true, "cannot write the note: %s", pz_strerror(st));
		return true;
	}
	session_tags_changed(doc);
	char what[200], q[160];
	size_t w = e - s < sizeof(what) - 1 ? e - s : sizeof(what) - 1;
	memcpy(what, session_text(doc, NULL) + s, w);
	what[w] = '\0';
	text_drop_selection(tv);
	app_message(a, false, "%s on %s", tagging_type_label(a, TAGTYPE_NOTE),
	            tagging_short_quote(what, q, sizeof(q)));
	return true;
}

static void note_cancelled(struct view *tv, void *data)
{
	(void)data;
	app_message(tv->app, false, "no note written: nothing tagged");
}

int tagging_note(struct view *tv, const struct request *r)
{
	(void)r;
	if (!tagging_have_tags(tv))
		return VIEW_HANDLED | VIEW_REDRAW;
	size_t s, e;
	text_target(tv, &s, &e); /* the note first: cancelling it makes no tag */
	struct prompt_spec spec = {
		.label = edit_labels[TAGGING_EDIT_NOTE],
		.max = STORE_FIELD_MAX,
		.done = note_typed,
		.cancel = note_cancelled,
	};
	prompt_open(tv, &spec);
	return VIEW_HANDLED | VIEW_REDRAW;
}

void tagging_show(struct view *tv, size_t i)
{
	const struct tag *t = tagset_at(session_tags(view_session(tv)), i);
	text_put_cursor(tv, t->start, t->end);
}

int tagging_next(struct view *tv, const struct request *r)
{
	struct app *a = tv->app;
	session *doc = view_session(tv);
	bool back = r->arg != 0;
	if (!tagging_have_tags(tv))
		return VIEW_HANDLED | VIEW_REDRAW;
	const tagset *ts = session_tags(doc);
	size_t cs, ce, found = SIZE_MAX;
	text_cursor(tv, &cs, &ce);
	for (size_t i = 0; i < tagset_count(ts); i++) {
		const struct tag *t = tagset_at(ts, i);
		if (t->a.anchor == STORE_ORPHANED)
			break;
		if (back ? t->start < cs : t->start > cs) {
			found = i;
			if (!back)
				break;
		}
	}
	if (found == SIZE_MAX)
		app_message(a, true, back ? "no tag before this one" : "no tag after this one");
	else
		tagging_show(tv, found);
	return VIEW_HANDLED | VIEW_REDRAW;
}

int tagging_act(struct view *v, size_t i, int what)
{
	struct app *a = v->app;
	session *doc = view_session(v);
	if (i == SIZE_MAX) {
		app_message(a, true, "no tag here");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	tagset *ts = session_tags(doc);
	const struct tag *tag = tagset_at(ts, i);
	const struct store_annot *t = &tag->a;
	char q[160], msg[256];
	struct store_annot c = *t; /* a copy sharing t's strings, changed in one field */
	switch (what) {
	case TAGGING_EDIT_NOTE:
	case TAGGING_SET_DUE:
	case TAGGING_SET_OWNER:
		edit(v, t->uuid, what,
		     what == TAGGING_EDIT_NOTE ? t->note : what == TAGGING_SET_DUE ? t->due : t->owner);
		break;
	case TAGGING_TOGGLE_DONE:
		if (tag->kind != TAGTYPE_TASK) {
			app_message(a, true, "only a task is open or done; this is a %s", tagging_label(a, tag));
			break;
		}
		c.done = !t->done;
		snprintf(msg, sizeof(msg), "%s %s", c.done ? "done:" : "open again:",
		         tagging_short_quote(t->quote, q, sizeof(q)));
		update(v, &c, msg);
		break;
	case TAGGING_CHANGE_TYPE: {
		int k = tagging_type_index(a, tag);
		const struct tagtype *next = &a->types.v[(size_t)(k + 1) % a->types.n];
		char type[sizeof(next->name)];
		memcpy(type, next->name, sizeof(type));
		c.type = type;
		snprintf(msg, sizeof(msg), "now a %s: %s", tagtype_label(next, a->zh),
		         tagging_short_quote(t->quote, q, sizeof(q)));
		update(v, &c, msg);
		break;
	}
	case TAGGING_DELETE: {
		char uuid[STORE_UUID_LEN + 1], label[64];
		memcpy(uuid, t->uuid, sizeof(uuid));
		snprintf(label, sizeof(label), "%s", tagging_label(a, tag));
		tagging_short_quote(t->quote, q, sizeof(q));
		enum pz_status st = tagset_delete(ts, uuid);
		if (st != PZ_OK) {
			app_message(a, true, "cannot delete the tag: %s", pz_strerror(st));
			break;
		}
		session_tags_changed(doc);
		app_message(a, false, "deleted %s %s (u brings it back)", label, q);
		break;
	}
	default:
		return VIEW_IGNORED;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

int tagging_attach(struct view *v, size_t i)
{
	struct app *a = v->app;
	session *doc = view_session(v);
	struct view *tv = app_find(a, &text_view);
	size_t s, e;
	if (!tv || !text_selection(tv, &s, &e)) {
		app_message(a, true, "select the passage in the text first (v, then + - . , l h), then 'a' here");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	tagset *ts = session_tags(doc);
	char uuid[STORE_UUID_LEN + 1];
	memcpy(uuid, tagset_at(ts, i)->a.uuid, sizeof(uuid));
	trim(doc, &s, &e);
	enum pz_status st = tagset_attach(ts, uuid, s, e);
	if (st != PZ_OK) {
		app_message(a, true, "cannot attach: %s", pz_strerror(st));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	session_tags_changed(doc);
	text_drop_selection(tv);
	app_message(a, false, "attached to the selection");
	return VIEW_HANDLED | VIEW_REDRAW;
}

int tagging_at_cursor(struct view *tv, const struct request *r)
{
	if (!tagging_have_tags(tv))
		return VIEW_HANDLED | VIEW_REDRAW;
	size_t s, e;
	text_target(tv, &s, &e); /* brings the cursor into view */
	return tagging_act(tv, tag_at_cursor(tv), r->arg);
}

int tagging_undo(struct view *v, const struct request *r)
{
	struct app *a = v->app;
	session *doc = view_session(v);
	bool redo = r->arg != 0;
	if (!tagging_have_tags(v))
		return VIEW_HANDLED | VIEW_REDRAW;
	tagset *ts = session_tags(doc);
	char uuid[STORE_UUID_LEN + 1];
	enum pz_status st = redo ? tagset_redo(ts, uuid) : tagset_undo(ts, uuid);
	if (st == PZ_NOENT) {
		app_message(a, true, redo ? "nothing to redo" : "nothing to undo");
	} else if (st != PZ_OK) {
		app_message(a, true, "cannot %s: %s", redo ? "redo" : "undo", pz_strerror(st));
	} else if (!suggest_undone(v, uuid, redo)) { /* a turn-down's undo says itself */
		session_tags_changed(doc);
		size_t i = tagset_find(ts, uuid);
		char q[160];
		app_message(a, false, "%s %s", redo ? "redone:" : "undone:",
		            i == SIZE_MAX ? "the tag is gone again"
		                          : tagging_short_quote(tagset_at(ts, i)->a.quote, q, sizeof(q)));
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* ---- the task breakdown ---- */

/* Writes the task breakdown to the file named in the format chosen (data), as the
 * command line's `pizhu export -o FILE` does, and says what it wrote and left out. */
static bool export_to(struct view *v, const char *path, size_t n, void *data)
{
	struct app *a = v->app;
	session *doc = view_session(v);
	enum export_format fmt;
	memcpy(&fmt, data, sizeof(fmt));
	if (!n) {
		app_message(a, false, "nothing exported");
		return true;
	}
	struct breakdown *b = NULL;
	enum pz_status st = session_breakdown(doc, NULL, 0, export_clock(), &b);
	struct export_stats stats = { 0 };
	/* a file is for a spreadsheet: a csv starts with a BOM, as with -o FILE */
	struct export_options opt = { true, session_abspath(doc) };
	int err = 0;
	if (st == PZ_OK)
		st = export_breakdown_file(path, b, fmt, &opt, &stats, &err);
	breakdown_free(b);
	char left[96] = "";
	if (stats.orphaned && stats.undated)
		snprintf(left, sizeof(left), "; left out %zu: %zu orphaned, %zu with no date",
		         stats.orphaned + stats.undated, stats.orphaned, stats.undated);
	else if (stats.orphaned || stats.undated)
		snprintf(left, sizeof(left), "; left out %zu: %zu %s", stats.orphaned + stats.undated,
		         stats.orphaned + stats.undated, stats.orphaned ? "orphaned" : "with no date");
	if (st == PZ_EMPTY && stats.undated)
		app_message(a, true, "nothing written: an ics holds dated tasks only, and none "
		            "of the %zu has a date (w sets one)", stats.undated);
	else if (st == PZ_EMPTY)
		app_message(a, true, "nothing written: no tasks yet (r tags one)");
	else if (st != PZ_OK)
		app_message(a, true, "cannot write '%s': %s", path,
		            st == PZ_IO && err ? strerror(err) : pz_strerror(st));
	else if (!stats.written && !*left)
		app_message(a, false, "0 rows written to %s: no tasks yet (r tags one)", path);
	else
		app_message(a, false, "%zu row%s written to %s%s", stats.written,
		            stats.written == 1 ? "" : "s", path, left);
	return true;
}

/* The format typed: then the file, named beside the document with the format's
 * extension (.tasks.xlsx). */
static bool export_format_chosen(struct view *v, const char *in, size_t n, void *data)
{
	(void)data;
	enum export_format fmt;
	if (!n) {
		app_message(v->app, false, "nothing exported");
		return true;
	}
	if (!export_format_parse(in, &fmt)) {
		app_message(v->app, true, "no format '%s'", in); /* the label lists them */
		return false;
	}
	const char *path = session_abspath(view_session(v)) ? session_abspath(view_session(v))
	                                              : session_path(view_session(v));
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);
	/* the prompt keeps its label's pointer: one constant label per format */
	static const char *const labels[] = {
		[EXPORT_CSV] = "export csv to: ", [EXPORT_MD] = "export md to: ",
		[EXPORT_JSON] = "export json to: ", [EXPORT_ORG] = "export org to: ",
		[EXPORT_ICS] = "export ics to: ", [EXPORT_XLSX] = "export xlsx to: ",
	};
	char name[PROMPT_INPUT_MAX];
	snprintf(name, sizeof(name), "%.*s.tasks.%s", (int)stem, path, in);
	struct prompt_spec spec = {
		.label = labels[fmt],
		.initial = name,
		.done = export_to,
		.data = &fmt,
		.data_len = sizeof(fmt),
	};
	prompt_open(v, &spec);
	return true;
}

int tagging_export(struct view *v, const struct request *r)
{
	(void)r;
	/* the format first, as pizhu export --format= asks it */
	struct prompt_spec spec = {
		.label = "export as (csv md json org ics xlsx): ",
		.initial = "csv",
		.done = export_format_chosen,
	};
	prompt_open(v, &spec);
	return VIEW_HANDLED | VIEW_REDRAW;
}
