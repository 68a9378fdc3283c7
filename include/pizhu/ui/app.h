/* The reader: one document on screen with its tree, its text and a status line, and
 * the state every view shares. The views (tree, text, help, library, prompt) live in
 * their own files under src/ui and see this struct; nothing outside src/ui does. */
#ifndef PIZHU_UI_APP_H
#define PIZHU_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pizhu/action.h"
#include "pizhu/detect.h"
#include "pizhu/document.h"
#include "pizhu/keymap.h"
#include "pizhu/layout.h"
#include "pizhu/outline.h"
#include "pizhu/search.h"
#include "pizhu/session.h"
#include "pizhu/store.h"
#include "pizhu/tags.h"
#include "pizhu/tagtype.h"
#include "pizhu/theme.h"

/* What the reader was started with (from the command line and the config file). */
struct app_options {
	const char *file;       /* NULL: the library, or the sample when it is empty */
	const char *db;         /* --db, or NULL */
	const char *keymap;     /* --keymap NAME|FILE, or NULL */
	const char *theme;      /* --theme NAME|FILE, or NULL */
	const char *encoding;   /* --encoding, or NULL */
};

/* Flags a view's handler returns; only the main loop redraws. */
enum {
	VIEW_IGNORED = 0,
	VIEW_HANDLED = 1,
	VIEW_REDRAW = 2,
	VIEW_QUIT = 4,
};

struct app;

/* A pane or a full-screen view (tig's view_ops). */
struct view_ops {
	const char *name;
	enum mode mode;                                       /* its keys */
	void (*draw)(struct app *a, int top, int left, int height, int width);
	int (*handle)(struct app *a, enum action act);
};

/* A paragraph's rows at the current width, laid out once and kept. */
struct para_rows {
	struct layout_row *row;
	uint32_t count;          /* 0: not laid out yet (every paragraph has a row) */
	bool gap;                /* a blank row before it (a blank line in the file) */
};

struct app {
	struct app_options opt;
	session *s;                 /* the document on screen */
	const char *text;           /* its text (session_text) */
	size_t len;

	store *st;                  /* NULL: positions are not kept (message says why) */
	bool touch_pending;         /* the library entry is written after the first screen */
	bool outline_pending;       /* a large file: paragraphs only, the outline comes next */
	size_t restore;             /* a saved position to show once the pane has a size */
	struct keymap *km;
	struct theme *theme;
	int colors;                 /* what the terminal has, after NO_COLOR */

	/* panes */
	bool tree_shown;
	int tree_width;
	bool focus_tree;
	const struct view_ops *full;   /* help or library over the panes, or NULL */
	int rows, cols;                /* the screen */
	int text_height;               /* the text pane as last drawn */
	int tree_height;

	/* the text pane: the first row shown is row top_row of paragraph top_para
	 * (row 0 is the blank gap row when the paragraph has one) */
	struct para_rows *pr;
	uint32_t *heading_of;          /* per paragraph: the heading node in it, + 1 (0: none) */
	size_t npara;
	unsigned layout_width;
	struct layout_rows scratch;
	size_t top_para, top_row;
	size_t anchor;                 /* the first byte the reader chose to see: kept across
	                                  re-wrapping, so resizing never drifts */
	size_t cur_start, cur_end;     /* the sentence cursor */

	/* the tree pane */
	bool *open;                    /* per node: children shown */
	size_t *visible;               /* indices of the nodes shown, in order */
	size_t nvisible;
	size_t tree_sel, tree_top;

	/* search */
	search *srch;
	char query[1024];
	size_t qlen;
	bool search_back;              /* the last search's direction */
	bool search_failed;            /* the incremental search found nothing */

	/* tags */
	struct tagtypes types;         /* built-in and declared types */
	enum theme_element type_element[TAGTYPE_MAX];
	bool zh;                       /* labels in Chinese */
	bool selecting;                /* a selection is being made */
	size_t sel_start, sel_end;     /* its bytes */
	char prompt_tag[STORE_UUID_LEN + 1]; /* the tag a note, date or owner prompt edits */
	size_t tl_sel, tl_top;         /* the tag list: selection and first row shown */
	int tl_type;                   /* type shown (index in types), -1: all */
	int tl_status;                 /* 0 all, 1 open, 2 done, 3 moved, 4 orphaned */
	bool tl_by_due;                /* sorted by due date, else by position */
	size_t *tl_rows;               /* indices into the tag set of the rows shown */
	size_t tl_n;

	/* suggestions */
	bool sugg_pending;             /* a large file: found when first asked for */
	size_t *preview;               /* accept-section: the suggestions to accept */
	size_t npreview;
	char preview_where[64];        /* the section's path */

	/* the prompt (search, line, percentage, note, date, owner) on the status line */
	bool prompting;
	bool pasting;                  /* between the terminal's paste start and end */
	enum action prompt_for;        /* SEARCH_FORWARD/BACKWARD, GOTO_LINE, GOTO_PERCENT,
	                                  TAG_NOTE, EDIT_NOTE, SET_DUE, SET_OWNER */
	char input[1024];
	size_t ilen, icur;             /* bytes; the cursor is a byte offset */
	size_t search_origin;          /* where an incremental search started */
	char history[8][1024];
	size_t nhistory, hist_pos;

	/* the library */
	struct store_doc *docs;
	size_t ndocs, lib_sel, lib_top;
	char *open_next;               /* a document chosen in the library */

	/* help */
	size_t help_top;

	char message[256];
	bool message_is_error;
};

/* Runs the reader; returns the process's exit status. Prints its own messages. */
int app_run(const struct app_options *opt);

/* Shared by the views (src/ui/app.c). */
void app_message(struct app *a, bool error, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
int app_attr(const struct app *a, enum theme_element e);
void app_put(int y, int x, int width, const char *s, size_t start, size_t end, int attr);
void app_fill(int y, int x, int width, int attr);

#endif
