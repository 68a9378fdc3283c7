/* Tagging in the reader: the tag actions of the text pane (on the selection, or on the
 * tag at the sentence cursor), the tag list view, and keeping the open document's tags
 * in step with the database that other pizhu processes write too. */
#ifndef PIZHU_UI_TAGLIST_H
#define PIZHU_UI_TAGLIST_H

#include <stdbool.h>
#include "pizhu/ui/app.h"
#include "pizhu/key.h"

extern const struct view_ops taglist_view;

/* Loads the open document's tags (after its outline is complete); says why in the
 * status line when they cannot be. */
void taglist_load(struct app *a);

/* Drops the tags of the document being closed. */
void taglist_close(struct app *a);

/* Rereads the tags when another process wrote to the database; true when they
 * changed (the screen needs drawing). */
bool taglist_poll(struct app *a);

/* The text pane's tag actions (tagging, changing the tag at the cursor, undo, the
 * list). Returns VIEW_* flags; VIEW_IGNORED for other actions. */
int taglist_text_action(struct app *a, enum action act);

/* Undo, redo and the tag list, from any pane. Returns VIEW_* flags. */
int taglist_global_action(struct app *a, enum action act);

/* A key of a type declared in the config, pressed in the text pane: tags with it.
 * Returns VIEW_* flags, VIEW_IGNORED when k is no type's key. */
int taglist_type_key(struct app *a, struct key k);

/* What a note, date or owner prompt does with its input when accepted. */
void taglist_prompt_done(struct app *a);

/* The prompt's label for the tag purposes ("note: "), or NULL for another purpose. */
const char *taglist_prompt_label(enum action purpose);

/* The attribute of the tags of type (an index in the reader's types; -1: unknown), and
 * that of tag t. */
int taglist_type_attr(const struct app *a, int type);
int taglist_tag_attr(const struct app *a, const struct tag *t);

/* Says in the status line which tags the sentence cursor is on, if any. */
void taglist_describe_cursor(struct app *a);

#endif
