/* The text pane: paragraphs wrapped to the pane, laid out lazily, with the sentence
 * cursor, heading styles, placeholders and search matches. */
#ifndef PIZHU_UI_TEXT_H
#define PIZHU_UI_TEXT_H

#include "pizhu/ui/app.h"

extern const struct view_ops text_view;

/* Scrolls so that byte offset off is shown: on the first row when at_top, else only
 * if it is not visible already. */
void text_show_offset(struct app *a, size_t off, bool at_top);

/* The first byte shown (the reading position kept in the store). */
size_t text_top_offset(struct app *a);

/* The byte just past the last one shown (the text's length at the end). */
size_t text_bottom_offset(struct app *a);

/* Puts the sentence cursor on match m, shows it, and says so when the search went
 * round the end (the start, backward). */
void text_show_match(struct app *a, const struct search_match *m, bool backward);

/* Puts a sentence cursor that scrolled off the screen on the first sentence shown. */
void text_cursor_into_view(struct app *a);

/* Puts the sentence cursor on the sentence holding off. */
void text_set_cursor(struct app *a, size_t off);

/* Gives the pane its size: re-wraps when the width changed (keeping the first byte
 * shown) and shows a saved position once there is a size to show it in. The text
 * pane's draw does it; a full-screen view over the panes calls it for the status line. */
void text_prepare(struct app *a, int height, int width);

/* Forgets every layout (the width changed). */
void text_reset_layout(struct app *a);

bool text_init(struct app *a);
void text_free(struct app *a);

#endif
