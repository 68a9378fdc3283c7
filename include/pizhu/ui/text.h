/* The text pane: the session's paragraphs wrapped to the pane (laid out lazily, only
 * where the reader looks, so a 40 MB file opens at once), the sentence cursor and the
 * selection, search, and styled spans drawn as a list of layers that any view can add to
 * (vis's vis_win_style): headings and titles beneath, then suggestions, tags,
 * placeholders, search matches, the selection and the cursor; a diff or a reviewer's
 * colour is one more layer. Where reading stands is kept across re-wrapping and saved
 * when the pane closes. */
#ifndef PIZHU_UI_TEXT_H
#define PIZHU_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/search.h"
#include "pizhu/ui/view.h"

#include "pizhu/session.h"

/* What a text view opens with; a NULL argument: the application's session, where
 * reading stopped last time. */
struct text_arg {
	session *s;       /* the document it shows (borrowed; NULL: the application's) */
	size_t at;        /* the byte to show first; SIZE_MAX: where reading stopped last
	                     time (session_saved_position) */
	size_t cursor;    /* the cursor goes on the sentence holding this byte (0: the
	                     first; off screen until a sentence motion when at is further) */
};

extern const struct view_ops text_view;

/* ---- where it stands ---- */

/* Scrolls so that byte offset off is shown: on the first row when at_top, else only
 * if it is not visible already (then with a little context above). */
void text_show_offset(struct view *tv, size_t off, bool at_top);

/* The first byte shown (the reading position), and the byte just past the last one
 * shown (the text's length at the end). */
size_t text_top_offset(struct view *tv);
size_t text_bottom_offset(struct view *tv);

/* The deepest outline node whose range holds the first byte shown (0 without nodes). */
size_t text_current_node(struct view *tv);

/* ---- the sentence cursor and the selection ---- */

/* Puts the cursor on the sentence holding off. */
void text_set_cursor(struct view *tv, size_t off);

/* Puts the cursor on bytes [start, end) exactly (a match, a tag, a suggestion), drops
 * the selection and shows it. */
void text_put_cursor(struct view *tv, size_t start, size_t end);

/* The cursor's bytes. */
void text_cursor(struct view *tv, size_t *start, size_t *end);

/* A cursor that scrolled off the screen goes to the first sentence shown. */
void text_cursor_into_view(struct view *tv);

/* What an action on "this passage" takes: the selection when there is one, else the
 * sentence at the cursor (brought into view first). Bytes [*start, *end). */
void text_target(struct view *tv, size_t *start, size_t *end);

/* Whether a selection is being made, and its bytes; dropping it. */
bool text_selection(struct view *tv, size_t *start, size_t *end);
void text_drop_selection(struct view *tv);

/* ---- layers of styled spans ---- */

/* A styled stretch of the text. */
struct text_span {
	size_t start, end;      /* bytes, end exclusive */
	int attr;               /* curses attributes and colour pair */
};

#define TEXT_SPANS_MAX 256  /* per layer and screen; more are not drawn */

struct text_spans {
	struct text_span v[TEXT_SPANS_MAX];
	size_t n;
};

/* Adds a span (dropped when the layer has TEXT_SPANS_MAX already). */
void text_spans_add(struct text_spans *out, size_t start, size_t end, int attr);

/* A layer: the spans it has in the bytes drawn, and how they lie over what is beneath:
 * a cell takes the attribute of the last span covering it, keeping of what is beneath
 * the attribute bits in keep (A_BOLD: a heading stays bold under a tag). Layers are
 * drawn lowest z first. */
struct text_layer {
	const char *name;
	int z;
	int keep;
	bool blanks;            /* also over blank cells (indentation, padding) */
	/* Adds the spans of bytes [from, to) to out; data as given to text_add_layer. */
	void (*spans)(struct view *tv, void *data, size_t from, size_t to, struct text_spans *out);
	void *data;
};

/* The text view's own layers and where others go between them. */
enum {
	TEXT_LAYER_SUGGESTIONS = 100,
	TEXT_LAYER_TAGS = 200,
	TEXT_LAYER_PLACEHOLDERS = 300,
	TEXT_LAYER_MATCHES = 400,
	TEXT_LAYER_SELECTION = 500,
	TEXT_LAYER_CURSOR = 600,
	TEXT_LAYER_CURRENT_MATCH = 700,
};

#define TEXT_LAYERS_MAX 16

/* Adds layer l (copied) to the text view, in its z order; false when it has
 * TEXT_LAYERS_MAX. Removing takes the layer called name away. */
bool text_add_layer(struct view *tv, const struct text_layer *l);
void text_remove_layer(struct view *tv, const char *name);

#endif
