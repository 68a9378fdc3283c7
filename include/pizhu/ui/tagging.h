/* Tagging in the reader: the handlers of the tag actions (on the selection or the tag at
 * the text's cursor, or on the tag selected in the tag list), undo and redo, the export
 * of the task breakdown, the tags' labels and colours, and their layer in the text.
 * Every change goes through the session's tags to the database before the screen shows
 * it: a change that fails to commit is said on the status line and not shown as made. */
#ifndef PIZHU_UI_TAGGING_H
#define PIZHU_UI_TAGGING_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/tags.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/text.h"
#include "pizhu/ui/view.h"

/* The tags, drawn in their type's colour under the text's own layers. */
extern const struct text_layer tagging_layer;

/* ---- handlers of the text view (tv) ---- */

/* Tags the selection, or the sentence at the cursor, with type r->arg (an index in
 * a->types); a deadline then asks for its date. */
int tagging_tag(struct view *tv, const struct request *r);

/* The same with the type the config declares for the key r->key. */
int tagging_tag_declared(struct view *tv, const struct request *r);

/* Asks for a note, then tags the passage with it (cancelling makes no tag). */
int tagging_note(struct view *tv, const struct request *r);

/* The cursor to the next tag (r->arg 1: the previous one). */
int tagging_next(struct view *tv, const struct request *r);

/* What can be done to one tag, r->arg of tagging_at_cursor and what of tagging_act. */
enum {
	TAGGING_EDIT_NOTE,
	TAGGING_SET_DUE,
	TAGGING_SET_OWNER,
	TAGGING_TOGGLE_DONE,
	TAGGING_CHANGE_TYPE,
	TAGGING_DELETE,
	TAGGING_SHOW,         /* opens the view of the tag (tagview.h) */
};

/* Does r->arg to the tag the cursor (or the selection) is on; when it is on several,
 * asks which (for done or open, which task). */
int tagging_at_cursor(struct view *tv, const struct request *r);

/* ---- from any view ---- */

/* Does what to tag i of the session's tags (SIZE_MAX: says there is none); a prompt
 * that edits a field opens over v. Returns VIEW_* flags. */
int tagging_act(struct view *v, size_t i, int what);

/* Moves tag i (an orphan) onto the passage selected in the text. */
int tagging_attach(struct view *v, size_t i);

/* Undoes (r->arg 1: redoes) the last change to the tags. */
int tagging_undo(struct view *v, const struct request *r);

/* Asks where to write the task breakdown, then writes it (the name's extension is the
 * format). */
int tagging_export(struct view *v, const struct request *r);

/* Puts the text's cursor on tag i's passage. */
void tagging_show(struct view *tv, size_t i);

/* What tag t became in the draft where it last changed ("moved in draft 3: was …",
 * "deadline: 年底前 → 9月底前 (draft 3)", "owner changed in draft 3: was …", "gone in
 * draft 4: was …": review_tag_flag) into buf of size len: true, or false and "" for a
 * tag anchored as it was, or without a database. */
bool tagging_draft_change(const struct app *a, const struct tag *t, char *buf, size_t len);

/* Says on the status line what the tag at the text's cursor is, if any (unless
 * something is said already). */
void tagging_describe_cursor(struct view *tv);

/* Says how many tags the draft moved and orphaned, if any. */
void tagging_say_moved(struct app *a);

/* How many of the document's tags the draft moved and orphaned; whether any. */
bool tagging_count_moved(const struct app *a, size_t *moved, size_t *orphans);

/* Whether the tags of the document v shows are there to change; if not, says why. */
bool tagging_have_tags(struct view *v);

/* ---- labels and colours ---- */

/* The index of t's type in a->types, or -1 (a type no longer declared). */
int tagging_type_index(const struct app *a, const struct tag *t);

/* The label of type i of a->types in the user's language; of tag t. */
const char *tagging_type_label(const struct app *a, int i);
const char *tagging_label(const struct app *a, const struct tag *t);

/* The curses attribute of type i (-1: unknown), of tag t. */
int tagging_type_attr(const struct app *a, int i);
int tagging_tag_attr(const struct app *a, const struct tag *t);

/* The first characters of a quote, in “”, for messages, into buf. Returns buf. */
const char *tagging_short_quote(const char *q, char *buf, size_t len);

#endif
