/* The prompt on the status line: a small line editor over UTF-8 (moving and deleting
 * whole characters, so wide characters and what an input method sends stay whole)
 * for incremental search, a line number or a percentage. */
#include "pizhu/ui/prompt.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/ui/taglist.h"
#include "pizhu/ui/text.h"

static size_t prev_char(const char *s, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static size_t next_char(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return n;
	i++;
	while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static size_t utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	if (c <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (c >> 18));
		out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[3] = (char)(0x80 | (c & 0x3F));
		return 4;
	}
	return 0;
}

static const char *label(enum action purpose)
{
	if (taglist_prompt_label(purpose))
		return taglist_prompt_label(purpose);
	switch (purpose) {
	case ACT_SEARCH_FORWARD:
		return "/";
	case ACT_SEARCH_BACKWARD:
		return "?";
	case ACT_GOTO_LINE:
		return "line: ";
	default:
		return "percent: ";
	}
}

void prompt_start(struct app *a, enum action purpose)
{
	a->prompting = true;
	a->prompt_for = purpose;
	a->ilen = a->icur = 0;
	a->input[0] = '\0';
	a->search_origin = a->cur_start;
	a->search_failed = false;
	a->hist_pos = a->nhistory;
}

static bool is_search(const struct app *a)
{
	return a->prompt_for == ACT_SEARCH_FORWARD || a->prompt_for == ACT_SEARCH_BACKWARD;
}

/* Searches as the user types, from where the search began. */
static void incremental(struct app *a)
{
	if (!is_search(a) || !a->ilen)
		return;
	if (!a->srch && search_new(a->text, a->len, &a->srch) != PZ_OK) {
		app_message(a, true, "%s", pz_strerror(PZ_NOMEM));
		return;
	}
	bool back = a->prompt_for == ACT_SEARCH_BACKWARD;
	struct search_match m;
	memcpy(a->query, a->input, a->ilen);
	a->qlen = a->ilen;
	a->search_back = back;
	if (search_find(a->srch, a->query, a->qlen, a->search_origin,
	                back ? SEARCH_BACKWARD : SEARCH_FORWARD, &m) == PZ_OK) {
		text_show_match(a, &m, back);
		a->search_failed = false;
	} else {
		app_message(a, true, "pattern not found");
		a->search_failed = true;
	}
}

static void accept(struct app *a)
{
	a->prompting = false;
	if (taglist_prompt_label(a->prompt_for)) { /* notes and dates are not searches' history */
		taglist_prompt_done(a);
		return;
	}
	if (a->ilen && a->nhistory < 8) {
		memcpy(a->history[a->nhistory], a->input, a->ilen + 1);
		a->nhistory++;
	} else if (a->ilen) {
		memmove(a->history[0], a->history[1], sizeof(a->history[0]) * 7);
		memcpy(a->history[7], a->input, a->ilen + 1);
	}
	if (is_search(a)) {
		if (!a->ilen)
			a->qlen = 0;
		else if (a->search_failed)
			app_message(a, true, "pattern not found: %s", a->input);
		return;
	}
	char *end;
	long v = strtol(a->input, &end, 10);
	if (!a->ilen || *end || v < 0) {
		app_message(a, true, "not a number: %s", a->input);
		return;
	}
	size_t off;
	if (a->prompt_for == ACT_GOTO_LINE) {
		size_t lines = doc_line_count(session_doc(a->s));
		size_t line = v < 1 ? 0 : (size_t)v - 1;
		if (line >= lines)
			line = lines ? lines - 1 : 0;
		off = lines ? doc_line_start(session_doc(a->s), line) : 0;
	} else {
		if (v > 100)
			v = 100;
		off = (size_t)((double)a->len * (double)v / 100.0);
	}
	text_show_offset(a, off, true);
	text_set_cursor(a, off);
}

int prompt_handle(struct app *a, enum action act, struct key k)
{
	switch (act) {
	case ACT_ACCEPT:
		accept(a);
		break;
	case ACT_CANCEL:
		a->prompting = false;
		if (a->prompt_for == ACT_TAG_NOTE)
			app_message(a, false, "no note written: nothing tagged");
		if (is_search(a)) { /* back to where the search began */
			text_set_cursor(a, a->search_origin);
			text_show_offset(a, a->search_origin, false);
			a->qlen = 0;
		}
		break;
	case ACT_DELETE_BACKWARD:
		if (a->icur > 0) {
			size_t p = prev_char(a->input, a->icur);
			memmove(a->input + p, a->input + a->icur, a->ilen - a->icur + 1);
			a->ilen -= a->icur - p;
			a->icur = p;
			incremental(a);
		} else if (!a->ilen) {
			a->prompting = false; /* backspace on nothing leaves, as in less */
		}
		break;
	case ACT_DELETE_FORWARD:
		if (a->icur < a->ilen) {
			size_t q = next_char(a->input, a->ilen, a->icur);
			memmove(a->input + a->icur, a->input + q, a->ilen - q + 1);
			a->ilen -= q - a->icur;
			incremental(a);
		}
		break;
	case ACT_DELETE_WORD: {
		size_t p = a->icur;
		while (p > 0 && a->input[p - 1] == ' ')
			p--;
		while (p > 0 && a->input[p - 1] != ' ')
			p = prev_char(a->input, p);
		memmove(a->input + p, a->input + a->icur, a->ilen - a->icur + 1);
		a->ilen -= a->icur - p;
		a->icur = p;
		incremental(a);
		break;
	}
	case ACT_DELETE_TO_START:
		memmove(a->input, a->input + a->icur, a->ilen - a->icur + 1);
		a->ilen -= a->icur;
		a->icur = 0;
		incremental(a);
		break;
	case ACT_DELETE_TO_END:
		a->input[a->icur] = '\0';
		a->ilen = a->icur;
		incremental(a);
		break;
	case ACT_CURSOR_LEFT:
		a->icur = prev_char(a->input, a->icur);
		break;
	case ACT_CURSOR_RIGHT:
		a->icur = next_char(a->input, a->ilen, a->icur);
		break;
	case ACT_CURSOR_START:
		a->icur = 0;
		break;
	case ACT_CURSOR_END:
		a->icur = a->ilen;
		break;
	case ACT_HISTORY_PREV:
	case ACT_HISTORY_NEXT:
		if (taglist_prompt_label(a->prompt_for))
			break; /* the history is of searches, lines and percentages */
		if (act == ACT_HISTORY_PREV && a->hist_pos > 0)
			a->hist_pos--;
		else if (act == ACT_HISTORY_NEXT && a->hist_pos < a->nhistory)
			a->hist_pos++;
		if (a->hist_pos < a->nhistory)
			snprintf(a->input, sizeof(a->input), "%s", a->history[a->hist_pos]);
		else
			a->input[0] = '\0';
		a->ilen = a->icur = strlen(a->input);
		incremental(a);
		break;
	default:
		if (act == ACT_NONE && key_is_text(k)) {
			char buf[4];
			size_t n = utf8_encode(k.code, buf);
			if (n && a->ilen + n < sizeof(a->input)) {
				memmove(a->input + a->icur + n, a->input + a->icur, a->ilen - a->icur + 1);
				memcpy(a->input + a->icur, buf, n);
				a->ilen += n;
				a->icur += n;
				incremental(a);
			}
		}
		break;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

void prompt_draw(struct app *a, int y, int width)
{
	int attr = app_attr(a, TE_PROMPT);
	app_fill(y, 0, width, attr);
	const char *l = label(a->prompt_for);
	int lw = (int)strlen(l);
	app_put(y, 0, width, l, 0, strlen(l), attr);
	int room = width - lw - 1;
	if (room < 1)
		return;
	/* keep the cursor in view: show the input's tail when it is too long */
	size_t from = 0;
	while (layout_cells(a->input, from, a->icur) > (size_t)room)
		from = next_char(a->input, a->ilen, from);
	app_put(y, lw, room, a->input, from, a->ilen, attr);
	if (a->message[0] && a->message_is_error) {
		size_t used = layout_cells(a->input, from, a->ilen);
		int mx = lw + (int)used + 2;
		if (mx < width)
			app_put(y, mx, width - mx, a->message, 0, strlen(a->message),
			        app_attr(a, TE_STATUS_ERROR));
	}
	curs_set(1);
	move(y, lw + (int)layout_cells(a->input, from, a->icur));
}
