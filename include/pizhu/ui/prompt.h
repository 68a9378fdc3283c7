/* The one-line editor on the status line: searches (incremental), a line number or
 * a percentage; handles wide characters and input methods' multi-byte input. */
#ifndef PIZHU_UI_PROMPT_H
#define PIZHU_UI_PROMPT_H

#include "pizhu/ui/app.h"
#include "pizhu/key.h"

/* Starts asking for what action purpose needs. */
void prompt_start(struct app *a, enum action purpose);

/* Handles a key while prompting: act is its binding in the prompt mode, k the key
 * (typed text when act is ACT_NONE). Returns VIEW_* flags. */
int prompt_handle(struct app *a, enum action act, struct key k);

/* Draws the prompt on row y, width cells wide; leaves the cursor where typing goes. */
void prompt_draw(struct app *a, int y, int width);

#endif
