/* Tagging in the reader. Every change goes through the core's tag set to the database
 * before the screen shows it: a change that fails to commit is said in the status line
 * and not shown as made. The tag list lists, filters, sorts and edits the tags. */
#include "pizhu/ui/taglist.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/breakdown.h"
#include "pizhu/export.h"
#include "pizhu/ui/prompt.h"
#include "pizhu/ui/suggest.h"
#include "pizhu/ui/text.h"

/* ---- loading and keeping in step ---- */

void taglist_load(struct app *a)
{
	taglist_close(a);
	if (!session_document(a->s))
		return;
	enum pz_status st = session_load_tags(a->s, true);
	if (st != PZ_OK) {
		app_message(a, true, "cannot load the tags: %s", pz_strerror(st));
		return;
	}
	suggest_load(a);
	size_t moved = 0, orphans = 0;
	for (size_t i = 0; session_tags(a->s) && i < tagset_count(session_tags(a->s)); i++) {
		enum store_anchor s = tagset_at(session_tags(a->s), i)->a.anchor;
		moved += s == STORE_MOVED;
		orphans += s == STORE_ORPHANED;
	}
	if (moved || orphans)
		app_message(a, false, "this draft changed: %zu tags moved, %zu orphaned (T lists them)",
		            moved, orphans);
}

void taglist_close(struct app *a)
{
	a->selecting = false;
	free(a->tl_rows);
	a->tl_rows = NULL;
	a->tl_n = a->tl_sel = a->tl_top = 0;
}

bool taglist_poll(struct app *a)
{
	unsigned changed = 0;
	enum pz_status st = session_refresh(a->s, &changed);
	if (st != PZ_OK)
		app_message(a, true, "cannot read the tags: %s", pz_strerror(st));
	return (changed & SESSION_TAGS) || st != PZ_OK;
}

/* ---- types and labels ---- */

/* The index of tag t's type in the reader's table, or -1 (a type no longer declared). */
static int type_index(const struct app *a, const struct tag *t)
{
	return t->kind != TAGTYPE_OTHER ? (int)t->kind : tagtypes_index(&a->types, t->a.type);
}

static const char *type_label(const struct app *a, int i)
{
	return tagtype_label(&a->types.v[i], a->zh);
}

static const char *label_of(const struct app *a, const struct tag *t)
{
	int i = type_index(a, t);
	return i < 0 ? t->a.type : type_label(a, i);
}

int taglist_type_attr(const struct app *a, int type)
{
	return app_attr(a, type < 0 ? TE_TAG_NOTE : a->type_element[type]);
}

int taglist_tag_attr(const struct app *a, const struct tag *t)
{
	return taglist_type_attr(a, type_index(a, t));
}

/* The first characters of a tag's quote, for messages. */
static const char *short_quote(const char *q, char *buf, size_t len)
{
	size_t n = strlen(q);
	size_t e = layout_clip(q, 0, n, 24, NULL);
	snprintf(buf, len, "“%.*s%s”", (int)e, q, e < n ? "…" : "");
	return buf;
}

static bool have_tags(struct app *a)
{
	if (session_tags(a->s))
		return true;
	app_message(a, true, a->st ? "the tags of this document cannot be loaded"
	                           : "tags are not kept: there is no database");
	return false;
}

/* ---- the tag at the cursor ---- */

static void target_range(const struct app *a, size_t *s, size_t *e)
{
	*s = a->selecting ? a->sel_start : a->cur_start;
	*e = a->selecting ? a->sel_end : a->cur_end;
}

/* The tag the sentence cursor (or the selection) is on: the one covering most of it,
 * the latest made among equals. SIZE_MAX when none. */
static size_t tag_at_cursor(const struct app *a)
{
	if (!session_tags(a->s))
		return SIZE_MAX;
	size_t s, e, best = SIZE_MAX, best_cover = 0;
	int64_t best_made = 0;
	target_range(a, &s, &e);
	for (size_t i = 0; i < tagset_count(session_tags(a->s)); i++) {
		const struct tag *t = tagset_at(session_tags(a->s), i);
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

void taglist_describe_cursor(struct app *a)
{
	size_t i = tag_at_cursor(a);
	if (i == SIZE_MAX || a->message[0])
		return;
	const struct tag *tag = tagset_at(session_tags(a->s), i);
	const struct store_annot *t = &tag->a;
	char line[512];
	int n = snprintf(line, sizeof(line), "%s", label_of(a, tag));
	if (tag->kind == TAGTYPE_TASK)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " (%s)", t->done ? "done" : "open");
	if (t->due[0])
		n += snprintf(line + n, sizeof(line) - (size_t)n, " · due %s", t->due);
	if (t->owner[0])
		n += snprintf(line + n, sizeof(line) - (size_t)n, " · %s", t->owner);
	if (t->note[0])
		snprintf(line + n, sizeof(line) - (size_t)n, " · %s", t->note);
	app_message(a, false, "%s", line);
}

/* ---- changes ---- */

/* Trims spaces and line breaks off both ends of [*s, *e). */
static void trim(const struct app *a, size_t *s, size_t *e)
{
	while (*s < *e && (a->text[*s] == ' ' || a->text[*s] == '\n' || a->text[*s] == '\t'))
		(*s)++;
	while (*e > *s && (a->text[*e - 1] == ' ' || a->text[*e - 1] == '\n' || a->text[*e - 1] == '\t'))
		(*e)--;
}

/* Tags the selection, or the sentence at the cursor, with type (an index in a->types). */
static int tag_as(struct app *a, int type)
{
	if (!have_tags(a))
		return VIEW_HANDLED | VIEW_REDRAW;
	if (!a->selecting)
		text_cursor_into_view(a);
	size_t s, e;
	target_range(a, &s, &e);
	trim(a, &s, &e);
	if (e <= s) {
		app_message(a, true, "nothing to tag here");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	char uuid[STORE_UUID_LEN + 1], q[160];
	enum pz_status st = tagset_add(session_tags(a->s), a->types.v[type].name, s, e, NULL, NULL,
	                               NULL, uuid);
	if (st != PZ_OK) {
		app_message(a, true, "cannot tag: %s", pz_strerror(st));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	a->selecting = false;
	size_t i = tagset_find(session_tags(a->s), uuid);
	app_message(a, false, "%s %s", type_label(a, type),
	            short_quote(i == SIZE_MAX ? "" : tagset_at(session_tags(a->s), i)->a.quote, q, sizeof(q)));
	if (type == TAGTYPE_DEADLINE) { /* its date, at once (Enter leaves it unset) */
		memcpy(a->prompt_tag, uuid, sizeof(a->prompt_tag));
		prompt_start(a, ACT_SET_DUE);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Writes a changed copy of tag i. */
static void update(struct app *a, const struct store_annot *c, const char *done_msg)
{
	enum pz_status st = tagset_update(session_tags(a->s), c);
	if (st != PZ_OK)
		app_message(a, true, "cannot change the tag: %s", pz_strerror(st));
	else if (done_msg)
		app_message(a, false, "%s", done_msg);
}

/* Starts the prompt that edits field purpose of tag i, filled with what it holds. */
static void edit(struct app *a, size_t i, enum action purpose)
{
	const struct store_annot *t = &tagset_at(session_tags(a->s), i)->a;
	memcpy(a->prompt_tag, t->uuid, sizeof(a->prompt_tag));
	prompt_start(a, purpose);
	const char *now = purpose == ACT_EDIT_NOTE ? t->note : purpose == ACT_SET_DUE ? t->due : t->owner;
	snprintf(a->input, sizeof(a->input), "%s", now);
	a->ilen = a->icur = strlen(a->input);
}

/* An action on tag i (the one at the cursor, or the one selected in the list). */
static int act_on(struct app *a, size_t i, enum action act)
{
	if (i == SIZE_MAX) {
		app_message(a, true, "no tag here");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	const struct tag *tag = tagset_at(session_tags(a->s), i);
	const struct store_annot *t = &tag->a;
	char q[160], msg[256];
	struct store_annot c = *t; /* a copy sharing t's strings, changed in one field */
	switch (act) {
	case ACT_EDIT_NOTE:
	case ACT_SET_DUE:
	case ACT_SET_OWNER:
		edit(a, i, act);
		break;
	case ACT_TOGGLE_DONE:
		if (tag->kind != TAGTYPE_TASK) {
			app_message(a, true, "only a task is open or done; this is a %s", label_of(a, tag));
			break;
		}
		c.done = !t->done;
		snprintf(msg, sizeof(msg), "%s %s", c.done ? "done:" : "open again:",
		         short_quote(t->quote, q, sizeof(q)));
		update(a, &c, msg);
		break;
	case ACT_CHANGE_TYPE: {
		int k = type_index(a, tag);
		const struct tagtype *next = &a->types.v[(size_t)(k + 1) % a->types.n];
		char type[sizeof(next->name)];
		memcpy(type, next->name, sizeof(type));
		c.type = type;
		snprintf(msg, sizeof(msg), "now a %s: %s", tagtype_label(next, a->zh),
		         short_quote(t->quote, q, sizeof(q)));
		update(a, &c, msg);
		break;
	}
	case ACT_DELETE_TAG: {
		char uuid[STORE_UUID_LEN + 1], label[64];
		memcpy(uuid, t->uuid, sizeof(uuid));
		snprintf(label, sizeof(label), "%s", label_of(a, tag));
		short_quote(t->quote, q, sizeof(q));
		enum pz_status st = tagset_delete(session_tags(a->s), uuid);
		if (st != PZ_OK)
			app_message(a, true, "cannot delete the tag: %s", pz_strerror(st));
		else
			app_message(a, false, "deleted %s %s (u brings it back)", label, q);
		break;
	}
	default:
		return VIEW_IGNORED;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int undo_redo(struct app *a, bool redo)
{
	if (!have_tags(a))
		return VIEW_HANDLED | VIEW_REDRAW;
	char uuid[STORE_UUID_LEN + 1];
	enum pz_status st = redo ? tagset_redo(session_tags(a->s), uuid) : tagset_undo(session_tags(a->s), uuid);
	if (st == PZ_NOENT)
		app_message(a, true, redo ? "nothing to redo" : "nothing to undo");
	else if (st != PZ_OK)
		app_message(a, true, "cannot %s: %s", redo ? "redo" : "undo", pz_strerror(st));
	else {
		size_t i = tagset_find(session_tags(a->s), uuid);
		char q[160];
		app_message(a, false, "%s %s", redo ? "redone:" : "undone:",
		            i == SIZE_MAX ? "the tag is gone again" : short_quote(tagset_at(session_tags(a->s), i)->a.quote, q, sizeof(q)));
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Puts the sentence cursor on tag i's passage. */
static void show_tag(struct app *a, size_t i)
{
	const struct tag *t = tagset_at(session_tags(a->s), i);
	a->selecting = false;
	a->cur_start = t->start;
	a->cur_end = t->end;
	text_show_offset(a, t->start, false);
}

static int next_tag(struct app *a, bool back)
{
	if (!have_tags(a))
		return VIEW_HANDLED | VIEW_REDRAW;
	size_t n = tagset_count(session_tags(a->s)), found = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		const struct tag *t = tagset_at(session_tags(a->s), i);
		if (t->a.anchor == STORE_ORPHANED)
			break;
		if (back ? t->start < a->cur_start : t->start > a->cur_start) {
			found = i;
			if (!back)
				break;
		}
	}
	if (found == SIZE_MAX)
		app_message(a, true, back ? "no tag before this one" : "no tag after this one");
	else
		show_tag(a, found);
	return VIEW_HANDLED | VIEW_REDRAW;
}

int taglist_text_action(struct app *a, enum action act)
{
	switch (act) {
	case ACT_TAG_TASK:
		return tag_as(a, TAGTYPE_TASK);
	case ACT_TAG_TARGET:
		return tag_as(a, TAGTYPE_TARGET);
	case ACT_TAG_DEADLINE:
		return tag_as(a, TAGTYPE_DEADLINE);
	case ACT_TAG_OWNER:
		return tag_as(a, TAGTYPE_OWNER);
	case ACT_TAG_NOTE: {
		if (!have_tags(a))
			return VIEW_HANDLED | VIEW_REDRAW;
		/* the note first: cancelling it makes no tag */
		if (!a->selecting)
			text_cursor_into_view(a);
		a->prompt_tag[0] = '\0';
		prompt_start(a, ACT_TAG_NOTE);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	case ACT_NEXT_TAG:
	case ACT_PREV_TAG:
		return next_tag(a, act == ACT_PREV_TAG);
	case ACT_EDIT_NOTE:
	case ACT_SET_DUE:
	case ACT_SET_OWNER:
	case ACT_TOGGLE_DONE:
	case ACT_CHANGE_TYPE:
	case ACT_DELETE_TAG:
		if (!have_tags(a))
			return VIEW_HANDLED | VIEW_REDRAW;
		if (!a->selecting)
			text_cursor_into_view(a);
		return act_on(a, tag_at_cursor(a), act);
	default:
		return VIEW_IGNORED;
	}
}

int taglist_type_key(struct app *a, struct key k)
{
	for (size_t i = 0; i < a->types.n; i++) {
		const struct tagtype *t = &a->types.v[i];
		struct key tk;
		if (t->key[0] && key_parse(t->key, strlen(t->key), &tk) == PZ_OK &&
		    key_equal(key_canon(tk), key_canon(k)))
			return tag_as(a, (int)i);
	}
	return VIEW_IGNORED;
}

/* The file an export from the reader suggests: beside the document, its name with
 * .tasks.csv (the extension chooses the format). */
static void export_name(const struct app *a, char *buf, size_t len)
{
	const char *path = session_abspath(a->s) ? session_abspath(a->s) : session_path(a->s);
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);
	snprintf(buf, len, "%.*s.tasks.csv", (int)stem, path);
}

/* Writes the task breakdown to the file the prompt named, and says what it wrote. */
static void export_now(struct app *a)
{
	const char *path = a->input, *dot = strrchr(path, '.');
	enum export_format fmt;
	if (!a->ilen) {
		app_message(a, false, "nothing exported");
		return;
	}
	if (!dot || !export_format_parse(dot + 1, &fmt)) {
		app_message(a, true, "the name must end in .csv .md .json .org or .ics: %s", path);
		return;
	}
	struct breakdown *b = NULL;
	enum pz_status st = breakdown_new(session_tags(a->s), session_doc(a->s), session_outline(a->s), NULL, 0, &b);
	struct export_stats stats = { 0 };
	struct export_options opt = { false, session_abspath(a->s) };
	int err = 0;
	if (st == PZ_OK)
		st = export_breakdown_file(path, b, fmt, &opt, &stats, &err);
	breakdown_free(b);
	if (st == PZ_EMPTY) {
		if (stats.undated)
			app_message(a, true, "nothing written: an ics holds dated tasks only, and none "
			            "of the %zu has a date (w sets one)", stats.undated);
		else
			app_message(a, true, "nothing written: no tasks yet (r tags one)");
		return;
	}
	if (st != PZ_OK) {
		app_message(a, true, "cannot write '%s': %s", path,
		            st == PZ_IO && err ? strerror(err) : pz_strerror(st));
		return;
	}
	size_t left = stats.orphaned + stats.undated;
	if (!stats.written && !left)
		app_message(a, false, "0 rows written to %s: no tasks yet (r tags one)", path);
	else if (left)
		app_message(a, false, "%zu rows written to %s; left out %zu: %zu orphaned, %zu with no date",
		            stats.written, path, left, stats.orphaned, stats.undated);
	else
		app_message(a, false, "%zu rows written to %s", stats.written, path);
}

const char *taglist_prompt_label(enum action purpose)
{
	switch (purpose) {
	case ACT_TAG_NOTE:
	case ACT_EDIT_NOTE:
		return "note: ";
	case ACT_SET_DUE:
		return "due (YYYY-MM-DD): ";
	case ACT_SET_OWNER:
		return "owner: ";
	case ACT_EXPORT:
		return "export to (.csv .md .json .org .ics): ";
	default:
		return NULL;
	}
}

void taglist_prompt_done(struct app *a)
{
	if (a->prompt_for == ACT_EXPORT) {
		export_now(a);
		return;
	}
	if (!session_tags(a->s))
		return;
	if (a->prompt_for == ACT_TAG_NOTE) {
		if (!a->ilen) {
			app_message(a, false, "no note written: nothing tagged");
			return;
		}
		size_t s, e;
		target_range(a, &s, &e);
		trim(a, &s, &e);
		char q[160];
		enum pz_status st = e > s ? tagset_add(session_tags(a->s), tagtype_name(TAGTYPE_NOTE), s, e,
		                                          a->input, NULL, NULL, NULL)
		                          : PZ_SYNTAX;
		if (st != PZ_OK)
			app_message(a, true, "cannot write the note: %s", pz_strerror(st));
		else {
			char what[200];
			size_t n = e - s < sizeof(what) - 1 ? e - s : sizeof(what) - 1;
			memcpy(what, a->text + s, n);
			what[n] = '\0';
			a->selecting = false;
			app_message(a, false, "%s on %s", type_label(a, TAGTYPE_NOTE),
			            short_quote(what, q, sizeof(q)));
		}
		return;
	}
	size_t i = tagset_find(session_tags(a->s), a->prompt_tag);
	if (i == SIZE_MAX) {
		app_message(a, true, "the tag is gone (deleted meanwhile?)");
		return;
	}
	struct store_annot c = tagset_at(session_tags(a->s), i)->a;
	switch (a->prompt_for) {
	case ACT_EDIT_NOTE:
		c.note = a->input;
		update(a, &c, a->ilen ? "note written" : "note removed");
		break;
	case ACT_SET_DUE:
		if (!tags_valid_date(a->input)) {
			/* back to the prompt with the input kept, to be corrected */
			char keep[sizeof(a->input)];
			memcpy(keep, a->input, sizeof(keep));
			prompt_start(a, ACT_SET_DUE);
			snprintf(a->input, sizeof(a->input), "%s", keep);
			a->ilen = a->icur = strlen(a->input);
			app_message(a, true, "not a date YYYY-MM-DD");
			return;
		}
		c.due = a->input;
		update(a, &c, a->ilen ? "due date set" : "no due date");
		break;
	case ACT_SET_OWNER:
		c.owner = a->input;
		update(a, &c, a->ilen ? "owner set" : "owner removed");
		break;
	default:
		break;
	}
}

/* ---- the tag list ---- */

static const char *const status_names[] = {"all", "open tasks", "done tasks", "moved", "orphaned"};

static bool shown(const struct app *a, const struct tag *tag)
{
	const struct store_annot *t = &tag->a;
	if (a->tl_type >= 0 && type_index(a, tag) != a->tl_type)
		return false;
	bool task = tag->kind == TAGTYPE_TASK;
	switch (a->tl_status) {
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

/* The rows of the list: the tags the filters let through, in the chosen order. */
static void build_rows(struct app *a)
{
	size_t n = session_tags(a->s) ? tagset_count(session_tags(a->s)) : 0;
	size_t *rows = realloc(a->tl_rows, (n + 1) * sizeof(*rows));
	if (!rows)
		return;
	a->tl_rows = rows;
	a->tl_n = 0;
	for (size_t i = 0; i < n; i++)
		if (shown(a, tagset_at(session_tags(a->s), i)))
			rows[a->tl_n++] = i;
	struct dated *v = a->tl_by_due ? malloc((a->tl_n + 1) * sizeof(*v)) : NULL;
	if (v) {
		for (size_t k = 0; k < a->tl_n; k++)
			v[k] = (struct dated){ tagset_at(session_tags(a->s), rows[k])->a.due, rows[k] };
		qsort(v, a->tl_n, sizeof(*v), by_due);
		for (size_t k = 0; k < a->tl_n; k++)
			rows[k] = v[k].i;
		free(v);
	}
	if (a->tl_sel >= a->tl_n)
		a->tl_sel = a->tl_n ? a->tl_n - 1 : 0;
}

static void taglist_draw(struct app *a, int top, int left, int height, int width)
{
	build_rows(a);
	char head[256];
	snprintf(head, sizeof(head), "Tags: %zu of %zu · %s · %s · sorted by %s", a->tl_n,
	         session_tags(a->s) ? tagset_count(session_tags(a->s)) : 0,
	         a->tl_type < 0 ? "every type" : type_label(a, a->tl_type),
	         status_names[a->tl_status], a->tl_by_due ? "due date" : "position");
	app_put(top, left + 1, width - 1, head, 0, strlen(head), app_attr(a, TE_HELP_HEADING));
	int rows = height - 1;
	if (rows < 1)
		return;
	if (!a->tl_n) {
		const char *none = session_tags(a->s) && tagset_count(session_tags(a->s))
		                           ? "no tag passes the filters (f, F change them)"
		                           : "no tags yet: in the text, r m s z p tag the sentence at the cursor";
		app_put(top + 1, left + 1, width - 1, none, 0, strlen(none), app_attr(a, TE_TAGS_NORMAL));
		return;
	}
	if (a->tl_sel < a->tl_top)
		a->tl_top = a->tl_sel;
	if (a->tl_sel >= a->tl_top + (size_t)rows)
		a->tl_top = a->tl_sel - (size_t)rows + 1;
	for (int y = 0; y < rows && a->tl_top + (size_t)y < a->tl_n; y++) {
		size_t r = a->tl_top + (size_t)y;
		const struct tag *t = tagset_at(session_tags(a->s), a->tl_rows[r]);
		const struct store_annot *s = &t->a;
		bool sel = r == a->tl_sel;
		int attr = app_attr(a, sel ? TE_TAGS_SELECTED
		                         : s->anchor == STORE_ORPHANED ? TE_TAGS_ORPHAN : TE_TAGS_NORMAL);
		app_fill(top + 1 + y, left, width, attr);
		char where[32] = "orphaned";
		if (s->anchor != STORE_ORPHANED) {
			struct doc_pos p = doc_pos_of(session_doc(a->s), t->start);
			snprintf(where, sizeof(where), "%zu:%zu%s", p.line, p.col,
			         s->anchor == STORE_MOVED ? "*" : "");
		}
		/* type label in its own colour, then the fixed columns, then quote and note */
		int x = left + 1, room = width - 1;
		const char *label = label_of(a, t);
		app_put(top + 1 + y, x, room, label, 0, strlen(label),
		        sel ? attr : taglist_tag_attr(a, t));
		x += 9;
		room -= 9;
		char cols[160];
		int n = snprintf(cols, sizeof(cols), "%-5s %-10s %-10s ",
		                 t->kind != TAGTYPE_TASK ? "" : s->done ? "done" : "open", where,
		                 s->due[0] ? s->due : "");
		app_put(top + 1 + y, x, room, cols, 0, (size_t)n, attr);
		x += n;
		room -= n;
		char line[2048];
		int m = snprintf(line, sizeof(line), "%s%s%s%s%s", s->owner[0] ? "[" : "", s->owner,
		                 s->owner[0] ? "] " : "", s->quote, s->note[0] ? "  — " : "");
		if (m > 0 && (size_t)m < sizeof(line))
			snprintf(line + m, sizeof(line) - (size_t)m, "%s", s->note);
		app_put(top + 1 + y, x, room, line, 0, strlen(line), attr);
	}
}

static int taglist_handle(struct app *a, enum action act)
{
	build_rows(a);
	size_t last = a->tl_n ? a->tl_n - 1 : 0, page = a->rows > 3 ? (size_t)a->rows - 3 : 1;
	size_t cur = a->tl_n ? a->tl_rows[a->tl_sel] : SIZE_MAX;
	switch (act) {
	case ACT_LINE_DOWN:
		a->tl_sel = a->tl_sel < last ? a->tl_sel + 1 : last;
		break;
	case ACT_LINE_UP:
		a->tl_sel = a->tl_sel ? a->tl_sel - 1 : 0;
		break;
	case ACT_PAGE_DOWN:
	case ACT_HALF_PAGE_DOWN:
		a->tl_sel = a->tl_sel + page < last ? a->tl_sel + page : last;
		break;
	case ACT_PAGE_UP:
	case ACT_HALF_PAGE_UP:
		a->tl_sel = a->tl_sel > page ? a->tl_sel - page : 0;
		break;
	case ACT_TOP:
		a->tl_sel = 0;
		break;
	case ACT_BOTTOM:
		a->tl_sel = last;
		break;
	case ACT_CLOSE:
		a->full = NULL;
		break;
	case ACT_JUMP:
		if (cur == SIZE_MAX)
			break;
		if (tagset_at(session_tags(a->s), cur)->a.anchor == STORE_ORPHANED) {
			app_message(a, true, "orphaned: its text is not in this draft; select a passage in the text, then 'a' here attaches it");
			break;
		}
		a->full = NULL;
		a->focus_tree = false;
		show_tag(a, cur);
		taglist_describe_cursor(a);
		break;
	case ACT_FILTER_TYPE:
		a->tl_type = a->tl_type + 1 >= (int)a->types.n ? -1 : a->tl_type + 1;
		a->tl_sel = 0;
		break;
	case ACT_FILTER_STATUS:
		a->tl_status = (a->tl_status + 1) % 5;
		a->tl_sel = 0;
		break;
	case ACT_SORT:
		a->tl_by_due = !a->tl_by_due;
		a->tl_sel = 0;
		break;
	case ACT_ATTACH: {
		if (cur == SIZE_MAX)
			break;
		if (!a->selecting) {
			app_message(a, true, "select the passage in the text first (v, then + - . , l h), then 'a' here");
			break;
		}
		char uuid[STORE_UUID_LEN + 1];
		memcpy(uuid, tagset_at(session_tags(a->s), cur)->a.uuid, sizeof(uuid));
		size_t s = a->sel_start, e = a->sel_end;
		trim(a, &s, &e);
		enum pz_status st = tagset_attach(session_tags(a->s), uuid, s, e);
		if (st != PZ_OK)
			app_message(a, true, "cannot attach: %s", pz_strerror(st));
		else {
			a->selecting = false;
			app_message(a, false, "attached to the selection");
		}
		break;
	}
	case ACT_EDIT_NOTE:
	case ACT_SET_DUE:
	case ACT_SET_OWNER:
	case ACT_TOGGLE_DONE:
	case ACT_CHANGE_TYPE:
	case ACT_DELETE_TAG:
		return act_on(a, cur, act);
	case ACT_UNDO:
	case ACT_REDO:
		return undo_redo(a, act == ACT_REDO);
	default:
		return VIEW_IGNORED;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

int taglist_global_action(struct app *a, enum action act)
{
	switch (act) {
	case ACT_EXPORT:
		prompt_start(a, ACT_EXPORT);
		export_name(a, a->input, sizeof(a->input));
		a->ilen = a->icur = strlen(a->input);
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_UNDO:
	case ACT_REDO:
		return undo_redo(a, act == ACT_REDO);
	case ACT_TAG_LIST:
		a->full = &taglist_view;
		a->tl_sel = a->tl_top = 0;
		return VIEW_HANDLED | VIEW_REDRAW;
	default:
		return VIEW_IGNORED;
	}
}

const struct view_ops taglist_view = {
	.name = "tags",
	.mode = MODE_TAGS,
	.draw = taglist_draw,
	.handle = taglist_handle,
};
