/* The prompt on the status line: a small line editor over UTF-8 (moving and deleting
 * whole characters, so wide characters and what an input method sends stay whole) that
 * hands what is typed to the view that asked, through the callbacks it gave (tig's
 * read_prompt_incremental): as it changes, when accepted, when cancelled. */
#ifndef PIZHU_UI_PROMPT_H
#define PIZHU_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/ui/view.h"

#define PROMPT_INPUT_MAX 1024     /* bytes typed, with the NUL, unless a spec says more */
#define PROMPT_HISTORY 8
#define PROMPT_DATA_MAX 512       /* bytes of a prompt's data */

/* Inputs accepted before, for <Up> and <Down>; kept by the view that asks. */
struct prompt_history {
	char entry[PROMPT_HISTORY][PROMPT_INPUT_MAX];
	size_t n;
};

struct prompt_spec {
	const char *label;                /* "/", "note: " (copied: it may be built for
	                                     the question, "delete which? 1 task …") */
	const char *initial;              /* the input to start with, or NULL */
	size_t max;                       /* the most bytes the input may hold (a note:
	                                     STORE_FIELD_MAX); 0: PROMPT_INPUT_MAX - 1. What
	                                     does not fit is left out, and the prompt says
	                                     so. The history keeps inputs that fit it. */
	struct prompt_history *history;   /* NULL: none (and nothing remembered) */
	/* As the input changes (an incremental search); may be NULL. */
	void (*changed)(struct view *owner, const char *in, size_t n, void *data);
	/* Enter, with the input (NUL-terminated): true when done; false asks again with
	 * the input kept (it said why). May be NULL. */
	bool (*done)(struct view *owner, const char *in, size_t n, void *data);
	/* Answered with one key: a character typed is the whole input and is accepted at
	 * once (a choice, "1" to "9"); Enter accepts what is there (nothing). */
	bool one_key;
	/* The input is a file name: Tab completes it (path_complete), and done gets it
	 * with a leading `~` expanded (path_expand); the history keeps it as typed. */
	bool file;
	/* Esc, or Backspace on an empty input; may be NULL. */
	void (*cancel)(struct view *owner, void *data);
	/* What the callbacks get as data: data_len bytes (at most PROMPT_DATA_MAX), copied
	 * into the prompt, which the callbacks may change. */
	const void *data;
	size_t data_len;
};

/* Asks for input on the status line for owner (which must stay open while it asks).
 * False when it cannot (it said why). */
bool prompt_open(struct view *owner, const struct prompt_spec *spec);

extern const struct view_ops prompt_view;

#endif
