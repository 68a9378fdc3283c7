/* Tagging in the reader: making, changing, undoing and exporting tags, from the text or
 * the tag list; the store has every change before the screen shows it. */
#include "pizhu/ui/tagging.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pizhu/breakdown.h"
#include "pizhu/date.h"
#include "pizhu/export.h"
#include "pizhu/i18n.h"
#include "pizhu/layout.h"
#include "pizhu/review.h"
#include "pizhu/ui/prompt.h"
#include "pizhu/ui/screen.h"
#include "pizhu/ui/suggest.h"
#include "pizhu/ui/tagview.h"

/* ---- labels and colours ---- */

int tagging_type_index(const struct app *a, const struct tag *t)
{
	return t->kind != TAGTYPE_OTHER ? (int)t->kind : tagtypes_index(&a->types, t->a.type);
}

const char *tagging_type_label(const struct app *a, int i)
{
	/* the built-in types' labels are in the catalogue; a declared type has its own */
	return i < TAGTYPE_OTHER ? _(a->types.v[i].label_en) : tagtype_label(&a->types.v[i], a->zh);
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

/* The first cells of quote q, in “”, into buf. */
static const char *quote_cut(const char *q, size_t cells, char *buf, size_t len)
{
	size_t n = strlen(q);
	size_t e = layout_clip(q, 0, n, cells, NULL);
	snprintf(buf, len, "“%.*s%s”", (int)e, q, e < n ? "…" : "");
	return buf;
}

const char *tagging_short_quote(const char *q, char *buf, size_t len)
{
	return quote_cut(q, 24, buf, len);
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
	app_message(a, true, a->st ? N_("the tags of this document cannot be loaded")
	                           : N_("tags are not kept: there is no database"));
	return false;
}

/* The most tags one sentence is asked about by name (D asks which, 1 to 9). */
#define AT_CURSOR_MAX 9

/* The tags the cursor (or the selection) touches, into v[0..max), the one it covers
 * most first, the latest made among equals; returns how many (at most max). */
static size_t tags_at_cursor(struct view *tv, size_t *v, size_t max)
{
	const tagset *ts = session_tags(view_session(tv));
	if (!ts)
		return 0;
	size_t s, e, n = 0, cover[AT_CURSOR_MAX];
	if (!text_selection(tv, &s, &e))
		text_cursor(tv, &s, &e);
	if (max > AT_CURSOR_MAX)
		max = AT_CURSOR_MAX;
	for (size_t i = 0; i < tagset_count(ts); i++) {
		const struct tag *t = tagset_at(ts, i);
		if (t->a.anchor == STORE_ORPHANED || t->start >= e)
			break;
		if (t->end <= s)
			continue;
		size_t c = (t->end < e ? t->end : e) - (t->start > s ? t->start : s);
		size_t k = n < max ? n++ : max; /* insertion: by cover, then the latest made */
		while (k > 0 && (cover[k - 1] < c || (cover[k - 1] == c &&
		                 tagset_at(ts, v[k - 1])->a.created < t->a.created))) {
			if (k < max) {
				v[k] = v[k - 1];
				cover[k] = cover[k - 1];
			}
			k--;
		}
		if (k < max) {
			v[k] = i;
			cover[k] = c;
		}
	}
	return n;
}

bool tagging_draft_change(const struct app *a, const struct tag *t, char *buf, size_t len)
{
	struct store_tagdraft c;
	store *st = session_store(a->s);
	buf[0] = '\0';
	if (t->a.anchor == STORE_ANCHORED || !st || store_tagdraft_of(st, t->a.id, &c) != PZ_OK)
		return false;
	review_tag_flag(t->a.type, t->a.quote, &c, buf, len);
	free(c.was);
	return true;
}

/* What tag carries, after its label, appended at line[*n] (of len bytes): open or
 * done, due date, owner, what a draft did to it, and its note (cut to note_cells
 * cells and …; 0: whole). */
static void describe(const struct app *a, const struct tag *tag, size_t note_cells, char *line,
                     size_t len, size_t *n)
{
	const struct store_annot *t = &tag->a;
	char was[160];
#define ADD(...) (*n += (size_t)snprintf(line + *n, *n < len ? len - *n : 0, __VA_ARGS__), \
                  *n = *n < len ? *n : len - 1)
	ADD("%s", tagging_label(a, tag));
	if (tag->kind == TAGTYPE_TASK)
		ADD(" (%s)", t->done ? C_("task", "done") : C_("task", "open"));
	if (t->due[0])
		ADD(_(" · due %s"), t->due);
	if (t->owner[0])
		ADD(" · %s", t->owner);
	if (tagging_draft_change(a, tag, was, sizeof(was)))
		ADD(" · %s", was);
	if (t->note[0]) {
		size_t nl = strlen(t->note);
		size_t e = note_cells ? layout_clip(t->note, 0, nl, note_cells, NULL) : nl;
		ADD(" · %.*s%s", (int)e, t->note, e < nl ? "…" : "");
	}
#undef ADD
}

void tagging_describe_cursor(struct view *tv)
{
	struct app *a = tv->app;
	size_t v[AT_CURSOR_MAX], k = tags_at_cursor(tv, v, AT_CURSOR_MAX);
	if (!k || a->message[0])
		return;
	const tagset *ts = session_tags(view_session(tv));
	char line[sizeof(a->message)];
	size_t n = 0;
	if (k > 1) /* every one named, in the order of the text, their notes cut short */
		n += (size_t)snprintf(line, sizeof(line), ngettext("%zu tag: ", "%zu tags: ", k), k);
	for (size_t j = 0; j < k; j++) {
		size_t first = j; /* v is by cover: name them by where they start */
		for (size_t m = j + 1; m < k; m++)
			if (v[m] < v[first])
				first = m;
		size_t i = v[first];
		v[first] = v[j];
		v[j] = i;
		if (j)
			n += (size_t)snprintf(line + n, sizeof(line) - n, "; ");
		if (n >= sizeof(line) - 1)
			break;
		describe(a, tagset_at(ts, i), k == 1 ? 0 : 12, line, sizeof(line), &n);
	}
	app_message(a, false, "%s", line);
}

bool tagging_count_moved(const struct app *a, size_t *moved, size_t *orphans)
{
	const tagset *ts = session_tags(a->s);
	*moved = *orphans = 0;
	for (size_t i = 0; ts && i < tagset_count(ts); i++) {
		enum store_anchor s = tagset_at(ts, i)->a.anchor;
		*moved += s == STORE_MOVED;
		*orphans += s == STORE_ORPHANED;
	}
	return *moved || *orphans;
}

void tagging_say_moved(struct app *a)
{
	size_t moved, orphans;
	char kt[2 * KEY_NAME_MAX];
	if (tagging_count_moved(a, &moved, &orphans))
		app_message(a, false, "this draft changed: %zu tags moved, %zu orphaned (%s lists them)",
		            moved, orphans, app_keys_for(a, MODE_TEXT, ACT_TAG_LIST, kt, sizeof(kt)));
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
	[TAGGING_EDIT_NOTE] = N_("note: "),
	[TAGGING_SET_DUE] = N_("due (9月20日, 6月底, 年底): "),
	[TAGGING_SET_OWNER] = N_("owner: "),
};

/* The date that dates typed for the passage at byte off are counted from: its
 * speech's, else today's. */
static struct date date_ref(session *doc, size_t off)
{
	struct date d = session_date_at(doc, off);
	if (!d.year) {
		time_t now = time(NULL);
		struct tm tm;
		if (localtime_r(&now, &tm))
			d = (struct date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
	}
	return d;
}

/* The due date the text gives bytes [s, e) itself (11月底前, 年内): the date of a
 * deadline suggested there, YYYY-MM-DD into iso (11 bytes); "" when none. */
static void own_deadline(session *doc, size_t s, size_t e, char *iso)
{
	const suggestions *sg = session_suggestions(doc);
	size_t n = 0;
	const struct detect_item *v = sg ? suggestions_items(sg, &n) : NULL;
	iso[0] = '\0';
	for (size_t i = 0; i < n && v[i].start < e; i++) {
		if (v[i].type != DETECT_DEADLINE || v[i].end <= s)
			continue;
		char d[DETECT_VALUE_MAX];
		snprintf(d, sizeof(d), "%s", v[i].value);
		if (!strncmp(d, "XXXX-", 5)) /* the year unknown: the one counted from */
			snprintf(d, sizeof(d), "%04d-%s", date_ref(doc, s).year, v[i].value + 5);
		if (d[0] && tags_valid_date(d)) {
			memcpy(iso, d, 11);
			return;
		}
	}
}

/* Reads a due date typed for the passage at byte off into iso (11 bytes; "" for
 * nothing typed): true; else says why it is none (asked again). */
static bool typed_due(struct view *v, size_t off, const char *in, char *iso)
{
	struct date d;
	char why[96];
	iso[0] = '\0';
	size_t k = strspn(in, " ");
	if (!in[k])
		return true;
	struct date ref = date_ref(view_session(v), off);
	switch (date_parse_input(in, &ref, &d, why, sizeof(why))) {
	case DATE_INPUT_OK:
		snprintf(iso, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
		return true;
	case DATE_INPUT_IMPOSSIBLE:
		app_message(v->app, true, "no such date: %s", why);
		return false;
	default:
		app_message(v->app, true, "not a date: type 9月20日, 6月底, 年底 or 2026-9-20");
		return false;
	}
}

/* As a date is typed: what it reads as, beside it (6月底 = 2025-06-30). */
static void due_typed(struct view *v, size_t off, const char *in)
{
	struct date d, ref = date_ref(view_session(v), off);
	if (date_parse_input(in, &ref, &d, NULL, 0) == DATE_INPUT_OK && !date_parse_iso(in, NULL))
		app_message(v->app, false, "= %04d-%02d-%02d", d.year, d.month, d.day);
}

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
		update(owner, &c, n ? _("note written") : _("note removed"));
		break;
	case TAGGING_SET_DUE: {
		char iso[11], msg[64];
		if (!typed_due(owner, tagset_at(ts, i)->start, in, iso))
			return false; /* back to the prompt with the input kept */
		c.due = iso;
		snprintf(msg, sizeof(msg), _("due date set: %s"), iso);
		update(owner, &c, iso[0] ? msg : _("no due date"));
		break;
	}
	default:
		c.owner = (char *)in;
		update(owner, &c, n ? _("owner set") : _("owner removed"));
		break;
	}
	return true;
}

/* As a field is typed: a date, what it reads as. */
static void edit_changed(struct view *owner, const char *in, size_t n, void *data)
{
	(void)n;
	const struct edit *ed = data;
	const tagset *ts = session_tags(view_session(owner));
	size_t i = ts ? tagset_find(ts, ed->uuid) : SIZE_MAX;
	if (ed->what == TAGGING_SET_DUE && i != SIZE_MAX)
		due_typed(owner, tagset_at(ts, i)->start, in);
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
		.changed = edit_changed,
		.done = edited,
		.data = &ed,
		.data_len = sizeof(ed),
	};
	prompt_open(v, &spec);
}

/* A tag of type (its name) that covers the whole of bytes [s, e), or SIZE_MAX. */
static size_t tag_covering(const tagset *ts, const char *type, size_t s, size_t e)
{
	for (size_t i = 0; i < tagset_count(ts); i++) {
		const struct tag *t = tagset_at(ts, i);
		if (t->a.anchor == STORE_ORPHANED || t->start > s)
			break;
		if (t->end >= e && !strcmp(t->a.type, type))
			return i;
	}
	return SIZE_MAX;
}

/* Tags bytes [s, e) with type (an index in a->types) and due date due (NULL: none),
 * and says so. */
static void add_tag(struct view *tv, int type, size_t s, size_t e, const char *due)
{
	struct app *a = tv->app;
	session *doc = view_session(tv);
	tagset *ts = session_tags(doc);
	char uuid[STORE_UUID_LEN + 1], q[160];
	enum pz_status st = ts ? tagset_add(ts, a->types.v[type].name, s, e, NULL, due, NULL, uuid)
	                       : PZ_NOENT;
	if (st != PZ_OK) {
		app_message(a, true, "cannot tag: %s", pz_strerror(st));
		return;
	}
	session_tags_changed(doc);
	text_drop_selection(tv);
	size_t i = tagset_find(ts, uuid);
	app_message(a, false, "%s %s%s%s", tagging_type_label(a, type),
	            tagging_short_quote(i == SIZE_MAX ? "" : tagset_at(ts, i)->a.quote, q, sizeof(q)),
	            due && *due ? _(" · due ") : "", due ? due : "");
}

/* What the date prompt of a new deadline carries: its type and passage. */
struct deadline {
	int type;
	size_t s, e;
};

/* The date typed for a new deadline: the tag made with it (nothing typed: without). */
static bool deadline_dated(struct view *tv, const char *in, size_t n, void *data)
{
	(void)n;
	const struct deadline *dl = data;
	char iso[11];
	if (!typed_due(tv, dl->s, in, iso))
		return false;
	size_t len;
	session_text(view_session(tv), &len);
	if (!session_tags(view_session(tv)) || dl->e > len) {
		app_message(tv->app, true, "the text changed meanwhile: nothing tagged");
		return true;
	}
	add_tag(tv, dl->type, dl->s, dl->e, iso[0] ? iso : NULL);
	return true;
}

static void deadline_typed(struct view *tv, const char *in, size_t n, void *data)
{
	(void)n;
	due_typed(tv, ((const struct deadline *)data)->s, in);
}

static void deadline_cancelled(struct view *tv, void *data)
{
	(void)data;
	app_message(tv->app, false, "no deadline tagged");
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
	char q[160];
	size_t have = tag_covering(ts, a->types.v[type].name, s, e);
	if (have != SIZE_MAX) { /* z z makes one owner, not two */
		text_drop_selection(tv);
		app_message(a, false, "already tagged as %s: %s (no second one made)",
		            tagging_type_label(a, type),
		            tagging_short_quote(tagset_at(ts, have)->a.quote, q, sizeof(q)));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	if (type == TAGTYPE_DEADLINE) { /* its date first: Esc then leaves no tag */
		struct deadline dl = { type, s, e };
		char own[11];
		own_deadline(doc, s, e, own);
		struct prompt_spec spec = {
			.label = edit_labels[TAGGING_SET_DUE],
			.initial = own,
			.changed = deadline_typed,
			.done = deadline_dated,
			.cancel = deadline_cancelled,
			.data = &dl,
			.data_len = sizeof(dl),
		};
		prompt_open(tv, &spec);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	add_tag(tv, type, s, e, NULL);
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
	if (found == SIZE_MAX) {
		app_message(a, true, back ? N_("no tag before this one") : N_("no tag after this one"));
	} else {
		tagging_show(tv, found);
		tagging_describe_cursor(tv); /* what it carries, as J and K say it */
	}
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
	{
		char own[11] = ""; /* no date yet: the one the text gives, if any */
		if (what == TAGGING_SET_DUE && !t->due[0] && t->anchor != STORE_ORPHANED)
			own_deadline(doc, tag->start, tag->end, own);
		edit(v, t->uuid, what,
		     what == TAGGING_EDIT_NOTE ? t->note : what == TAGGING_SET_DUE ? (t->due[0] ? t->due : own)
		                                                                   : t->owner);
		break;
	}
	case TAGGING_TOGGLE_DONE:
		if (tag->kind != TAGTYPE_TASK) {
			app_message(a, true, "only a task is open or done; this is a %s", tagging_label(a, tag));
			break;
		}
		c.done = !t->done;
		snprintf(msg, sizeof(msg), c.done ? _("done: %s") : _("open again: %s"),
		         tagging_short_quote(t->quote, q, sizeof(q)));
		update(v, &c, msg);
		break;
	case TAGGING_CHANGE_TYPE: {
		int k = tagging_type_index(a, tag);
		const struct tagtype *next = &a->types.v[(size_t)(k + 1) % a->types.n];
		char type[sizeof(next->name)];
		memcpy(type, next->name, sizeof(type));
		c.type = type;
		snprintf(msg, sizeof(msg), _("now a %s: %s"), tagging_type_label(a, (int)(next - a->types.v)),
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
		char ku[KEY_NAME_MAX];
		app_message(a, false, "deleted %s %s (%s brings it back)", label, q,
		            app_keys_for(a, MODE_TEXT, ACT_UNDO, ku, sizeof(ku)));
		break;
	}
	case TAGGING_SHOW:
		app_push(a, &tagview_view, t->uuid);
		break;
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
		static const enum action ext[] = { ACT_EXTEND_SENTENCE, ACT_SHRINK_SENTENCE,
		                                   ACT_EXTEND_CLAUSE, ACT_SHRINK_CLAUSE,
		                                   ACT_EXTEND_CHAR, ACT_SHRINK_CHAR };
		char kv[2 * KEY_NAME_MAX], ke[8 * KEY_NAME_MAX], ka[2 * KEY_NAME_MAX];
		app_message(a, true, "select the passage in the text first (%s, then %s), then %s here",
		            app_keys_for(a, MODE_TEXT, ACT_SELECT, kv, sizeof(kv)),
		            app_keys_list(a, MODE_TEXT, ext, sizeof(ext) / sizeof(ext[0]), ke, sizeof(ke)),
		            app_keys_for(a, MODE_TAGS, ACT_ATTACH, ka, sizeof(ka)));
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

/* The question "delete which?" (and "note on which?", ...): what it does, and the
 * tags it names, by id. */
struct which {
	int what;             /* TAGGING_* */
	size_t n;
	char uuid[AT_CURSOR_MAX][STORE_UUID_LEN + 1];
};

static const char *const which_question[] = {
	[TAGGING_EDIT_NOTE] = N_("note on which?"),
	[TAGGING_SET_DUE] = N_("due date of which?"),
	[TAGGING_SET_OWNER] = N_("owner of which?"),
	[TAGGING_TOGGLE_DONE] = N_("done or open: which?"),
	[TAGGING_CHANGE_TYPE] = N_("change the type of which?"),
	[TAGGING_DELETE] = N_("delete which?"),
	[TAGGING_SHOW] = N_("show which?"),
};

/* The number typed: that tag's turn. */
static bool which_typed(struct view *tv, const char *in, size_t n, void *data)
{
	const struct which *w = data;
	struct app *a = tv->app;
	if (n != 1 || in[0] < '1' || in[0] > (char)('0' + w->n)) {
		app_message(a, true, "type 1 to %zu, or Esc for none", w->n);
		return false;
	}
	const tagset *ts = session_tags(view_session(tv));
	size_t i = ts ? tagset_find(ts, w->uuid[in[0] - '1']) : SIZE_MAX;
	if (i == SIZE_MAX) {
		app_message(a, true, "the tag is gone (deleted meanwhile?)");
		return true;
	}
	tagging_act(tv, i, w->what);
	return true;
}

static void which_cancelled(struct view *tv, void *data)
{
	const struct which *w = data;
	app_message(tv->app, false, w->what == TAGGING_DELETE ? N_("nothing deleted")
	                            : w->what == TAGGING_SHOW ? "" : N_("nothing changed"));
}

/* Asks which of the k tags v (indices of the session's tags) to do what to. */
static void ask_which(struct view *tv, int what, const size_t *v, size_t k)
{
	struct app *a = tv->app;
	const tagset *ts = session_tags(view_session(tv));
	struct which w = { .what = what, .n = k };
	char label[512], q[160];
	size_t n = (size_t)snprintf(label, sizeof(label), "%s", _(which_question[what]));
	for (size_t j = 0; j < k; j++) {
		const struct tag *t = tagset_at(ts, v[j]);
		memcpy(w.uuid[j], t->a.uuid, sizeof(w.uuid[j]));
		if (n < sizeof(label))
			n += (size_t)snprintf(label + n, sizeof(label) - n, " %zu %s %s", j + 1,
			                      tagging_label(a, t),
			                      quote_cut(t->a.quote, k > 2 ? 6 : 12, q, sizeof(q)));
	}
	if (n < sizeof(label))
		snprintf(label + n, sizeof(label) - n, _(" (1-%zu, Esc: none): "), k);
	struct prompt_spec spec = {
		.label = label,
		.one_key = true,
		.done = which_typed,
		.cancel = which_cancelled,
		.data = &w,
		.data_len = sizeof(w),
	};
	prompt_open(tv, &spec);
}

int tagging_at_cursor(struct view *tv, const struct request *r)
{
	if (!tagging_have_tags(tv))
		return VIEW_HANDLED | VIEW_REDRAW;
	size_t s, e;
	text_target(tv, &s, &e); /* brings the cursor into view */
	size_t v[AT_CURSOR_MAX], k = tags_at_cursor(tv, v, AT_CURSOR_MAX);
	if (r->arg == TAGGING_TOGGLE_DONE && k > 1) { /* only a task is done: the tasks */
		const tagset *ts = session_tags(view_session(tv));
		size_t tasks = 0;
		for (size_t j = 0; j < k; j++)
			if (tagset_at(ts, v[j])->kind == TAGTYPE_TASK)
				v[tasks++] = v[j];
		if (tasks)
			k = tasks;
		else
			k = 1; /* the one it would be: it says it is no task */
	}
	if (k > 1) { /* several on the sentence: which one? */
		for (size_t j = 1; j < k; j++) /* named in the order of the text */
			for (size_t m = j; m > 0 && v[m] < v[m - 1]; m--) {
				size_t x = v[m];
				v[m] = v[m - 1];
				v[m - 1] = x;
			}
		ask_which(tv, r->arg, v, k);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	return tagging_act(tv, k ? v[0] : SIZE_MAX, r->arg);
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
		app_message(a, true, redo ? N_("nothing to redo") : N_("nothing to undo"));
	} else if (st == PZ_CONFLICT) {
		/* another reviewer's change since: theirs stays, and so does ours */
		size_t i = tagset_find(ts, uuid);
		const char *who = i != SIZE_MAX && tagset_at(ts, i)->a.editor ? tagset_at(ts, i)->a.editor : "";
		app_message(a, true, redo ? N_("not redone: %s has changed that tag since")
		                          : N_("not undone: %s has changed that tag since"),
		            *who ? who : _("someone else"));
	} else if (st != PZ_OK) {
		app_message(a, true, redo ? N_("cannot redo: %s") : N_("cannot undo: %s"), pz_strerror(st));
	} else if (!suggest_undone(v, uuid, redo)) { /* a turn-down's undo says itself */
		session_tags_changed(doc);
		size_t i = tagset_find(ts, uuid);
		char q[160];
		app_message(a, false, redo ? N_("redone: %s") : N_("undone: %s"),
		            i == SIZE_MAX ? _("the tag is removed")
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
	struct export_options opt = { .bom = true, .source = session_abspath(doc), .no_wait = true };
	int err = 0;
	if (st == PZ_OK)
		st = export_breakdown_file(path, b, fmt, &opt, &stats, &err);
	breakdown_free(b);
	char left[256]; /* what was left out and why, as the command line says it */
	export_left_out(&stats, fmt, left, sizeof(left));
	char kd[KEY_NAME_MAX], kr[KEY_NAME_MAX];
	app_keys_for(a, MODE_TEXT, ACT_SET_DUE, kd, sizeof(kd));
	app_keys_for(a, MODE_TEXT, ACT_TAG_TASK, kr, sizeof(kr));
	if (st == PZ_EMPTY && stats.undated)
		app_message(a, true, "nothing written: an ics holds dated tasks only, and none "
		            "of the %zu has a date (%s sets one)", stats.undated, kd);
	else if (st == PZ_EMPTY)
		app_message(a, true, "nothing written: no tasks yet (%s tags one)", kr);
	else if (st == PZ_IO && err == ENXIO)
		app_message(a, true, "cannot write '%s': no program is reading it", path);
	else if (st != PZ_OK)
		app_message(a, true, "cannot write '%s': %s", path,
		            st == PZ_IO && err ? strerror(err) : pz_strerror(st));
	else if (!stats.written && !*left)
		app_message(a, false, "0 rows written to %s: no tasks yet (%s tags one)", path, kr);
	else
		app_messagen(a, false, stats.written, "%zu row written to %s%s", "%zu rows written to %s%s",
		             stats.written, path, left);
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
		[EXPORT_CSV] = N_("export csv to: "), [EXPORT_MD] = N_("export md to: "),
		[EXPORT_JSON] = N_("export json to: "), [EXPORT_ORG] = N_("export org to: "),
		[EXPORT_ICS] = N_("export ics to: "), [EXPORT_XLSX] = N_("export xlsx to: "),
	};
	char name[PROMPT_INPUT_MAX];
	snprintf(name, sizeof(name), "%.*s.tasks.%s", (int)stem, path, in);
	struct prompt_spec spec = {
		.label = labels[fmt],
		.initial = name,
		.done = export_to,
		.file = true,
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
		.label = N_("export as (csv md json org ics xlsx): "),
		.initial = "csv",
		.done = export_format_chosen,
	};
	prompt_open(v, &spec);
	return VIEW_HANDLED | VIEW_REDRAW;
}
