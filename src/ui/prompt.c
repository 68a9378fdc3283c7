/* The prompt on the status line: what is typed goes to the view that asked, through its
 * callbacks; the prompt knows nothing of searches, notes or dates. */
#include "pizhu/ui/prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/i18n.h"
#include "pizhu/layout.h"
#include "pizhu/path.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/screen.h"

struct prompt {
	struct view *owner;
	struct prompt_spec spec;          /* spec.data points at data, spec.label at label */
	char *label;                      /* owned */
	unsigned char data[PROMPT_DATA_MAX];
	char *input;                      /* owned, cap bytes, NUL-terminated */
	size_t cap, max;                  /* max: spec.max, or PROMPT_INPUT_MAX - 1 */
	size_t ilen, icur;                /* bytes; the cursor is a byte offset */
	size_t hist_pos;
};

/* Makes room for ilen + n bytes and the NUL, up to max: false when they do not fit. */
static bool room_for(struct prompt *p, size_t n)
{
	if (p->ilen + n > p->max)
		return false;
	if (p->ilen + n + 1 <= p->cap)
		return true;
	size_t cap = p->cap * 2;
	while (cap < p->ilen + n + 1)
		cap *= 2;
	if (cap > p->max + 1)
		cap = p->max + 1;
	char *in = realloc(p->input, cap);
	if (!in)
		return false;
	p->input = in;
	p->cap = cap;
	return true;
}

/* Sets the input to s (cut to what fits). */
static void set_input(struct prompt *p, const char *s)
{
	size_t n = strlen(s);
	p->ilen = 0;
	while (n && !room_for(p, n))
		n--; /* what fits: at most max bytes, whole characters */
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(p->input, s, n);
	p->input[n] = '\0';
	p->ilen = p->icur = n;
}

struct prompt_arg {
	struct view *owner;
	const struct prompt_spec *spec;
};

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

bool prompt_open(struct view *owner, const struct prompt_spec *spec)
{
	struct prompt_arg arg = { owner, spec };
	return app_push(owner->app, &prompt_view, &arg) != NULL;
}

static bool prompt_open_view(struct view *v, const void *arg)
{
	const struct prompt_arg *pa = arg;
	struct prompt *p = calloc(1, sizeof(*p));
	if (!p || pa->spec->data_len > sizeof(p->data)) {
		free(p);
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	p->owner = pa->owner;
	p->spec = *pa->spec;
	if (!(p->label = strdup(p->spec.label ? p->spec.label : ""))) {
		free(p);
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	p->spec.label = p->label;
	p->max = p->spec.max ? p->spec.max : PROMPT_INPUT_MAX - 1;
	p->cap = PROMPT_INPUT_MAX < p->max + 1 ? PROMPT_INPUT_MAX : p->max + 1;
	if (!(p->input = malloc(p->cap))) {
		free(p->label);
		free(p);
		app_message(v->app, true, "%s", pz_strerror(PZ_NOMEM));
		return false;
	}
	if (p->spec.data_len)
		memcpy(p->data, p->spec.data, p->spec.data_len);
	p->spec.data = p->data;
	p->spec.initial = NULL;
	set_input(p, pa->spec->initial ? pa->spec->initial : "");
	p->hist_pos = p->spec.history ? p->spec.history->n : 0;
	v->priv = p;
	return true;
}

static void prompt_done(struct view *v)
{
	struct prompt *p = v->priv;
	if (p) {
		free(p->input);
		free(p->label);
	}
	free(p);
}

/* Tells the owner that the input changed. */
static void changed(struct prompt *p)
{
	if (p->spec.changed)
		p->spec.changed(p->owner, p->input, p->ilen, p->data);
}

static void remember(struct prompt_history *h, const char *in, size_t n)
{
	if (!h || !n || n >= PROMPT_INPUT_MAX)
		return;
	if (h->n == PROMPT_HISTORY) {
		memmove(h->entry[0], h->entry[1], sizeof(h->entry[0]) * (PROMPT_HISTORY - 1));
		h->n--;
	}
	memcpy(h->entry[h->n++], in, n + 1);
}

/* The prompt closes, then the owner gets what was typed: a callback may open another
 * prompt, or this one again (done said no: asked again, the input kept). */
static int accept(struct view *v, const struct request *r)
{
	(void)r;
	struct prompt *p = v->priv;
	struct prompt_spec spec = p->spec;
	struct view *owner = p->owner;
	unsigned char data[PROMPT_DATA_MAX];
	char *in = p->input; /* taken over: the prompt is closed before the callback */
	size_t n = p->ilen;
	char *label = p->label; /* the same */
	p->input = NULL;
	p->label = NULL;
	memcpy(data, p->data, sizeof(data));
	remember(spec.history, in, n);
	app_close(v->app, v);
	char *given = in; /* what done gets: a file's name with its ~ expanded */
	if (spec.file && path_expand(in, n, getenv("HOME"), &given) == PZ_OK)
		n = strlen(given);
	else
		given = in;
	bool ok = !spec.done || spec.done(owner, given, n, data);
	if (given != in)
		free(given);
	if (!ok) {
		spec.initial = spec.one_key ? NULL : in;
		spec.data = data;
		prompt_open(owner, &spec);
	}
	free(in);
	free(label);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int cancel(struct view *v, const struct request *r)
{
	(void)r;
	struct prompt *p = v->priv;
	struct view *owner = p->owner;
	void (*cb)(struct view *, void *) = p->spec.cancel;
	unsigned char data[PROMPT_DATA_MAX];
	memcpy(data, p->data, sizeof(data));
	app_close(v->app, v);
	if (cb)
		cb(owner, data);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Deletes input[from, to) and puts the cursor at from. */
static void cut(struct prompt *p, size_t from, size_t to)
{
	memmove(p->input + from, p->input + to, p->ilen - to + 1);
	p->ilen -= to - from;
	p->icur = from;
	changed(p);
}

static int delete_backward(struct view *v, const struct request *r)
{
	(void)r;
	struct prompt *p = v->priv;
	if (p->icur > 0)
		cut(p, prev_char(p->input, p->icur), p->icur);
	else if (!p->ilen) /* backspace on nothing leaves, as in less: as Esc does */
		return cancel(v, r);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int delete_forward(struct view *v, const struct request *r)
{
	(void)r;
	struct prompt *p = v->priv;
	if (p->icur < p->ilen) {
		size_t at = p->icur;
		cut(p, at, next_char(p->input, p->ilen, at));
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int delete_word(struct view *v, const struct request *r)
{
	(void)r;
	struct prompt *p = v->priv;
	size_t i = p->icur;
	while (i > 0 && p->input[i - 1] == ' ')
		i--;
	while (i > 0 && p->input[i - 1] != ' ')
		i = prev_char(p->input, i);
	cut(p, i, p->icur);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int delete_to_start(struct view *v, const struct request *r)
{
	(void)r;
	struct prompt *p = v->priv;
	cut(p, 0, p->icur);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int delete_to_end(struct view *v, const struct request *r)
{
	(void)r;
	struct prompt *p = v->priv;
	p->input[p->icur] = '\0';
	p->ilen = p->icur;
	changed(p);
	return VIEW_HANDLED | VIEW_REDRAW;
}

enum { LEFT, RIGHT, START, END };

static int move_cursor(struct view *v, const struct request *r)
{
	struct prompt *p = v->priv;
	p->icur = r->arg == LEFT    ? prev_char(p->input, p->icur)
	        : r->arg == RIGHT   ? next_char(p->input, p->ilen, p->icur)
	        : r->arg == START   ? 0
	                            : p->ilen;
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Tab in a prompt for a file: the name completed as far as the directory's names
 * agree; the names that could follow, when several, said beside the input. */
static int complete(struct view *v, const struct request *r)
{
	(void)r;
	struct prompt *p = v->priv;
	if (!p->spec.file)
		return VIEW_HANDLED;
	struct path_completion c;
	enum pz_status st = path_complete(p->input, p->icur, getenv("HOME"),
	                                  (size_t)(v->app->cols > 20 ? v->app->cols : 20), &c);
	if (st != PZ_OK) {
		app_message(v->app, true, "%s", pz_strerror(st));
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	/* the completed head, then what stood after the cursor */
	size_t hl = strlen(c.text), tl = p->ilen - p->icur;
	char *tail = strdup(p->input + p->icur);
	if (!tail || !room_for(p, hl + tl > p->ilen ? hl + tl - p->ilen : 0)) {
		app_message(v->app, true, "this holds at most %zu bytes: the rest was left out", p->max);
	} else {
		memcpy(p->input, c.text, hl);
		memcpy(p->input + hl, tail, tl + 1);
		p->ilen = hl + tl;
		p->icur = hl;
	}
	free(tail);
	if (!c.matches)
		app_message(v->app, true, "no file name begins so");
	else if (c.matches > 1)
		app_message(v->app, false, "%s", c.listing);
	path_completion_release(&c);
	changed(p);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* r->arg: -1 the previous input, 1 the next. */
static int history(struct view *v, const struct request *r)
{
	struct prompt *p = v->priv;
	const struct prompt_history *h = p->spec.history;
	if (!h) /* notes and dates keep no history */
		return VIEW_HANDLED | VIEW_REDRAW;
	if (r->arg < 0 && p->hist_pos > 0)
		p->hist_pos--;
	else if (r->arg > 0 && p->hist_pos < h->n)
		p->hist_pos++;
	set_input(p, p->hist_pos < h->n ? h->entry[p->hist_pos] : "");
	changed(p);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* A key the prompt mode leaves unbound: typed, when it is text. */
static int type(struct view *v, const struct request *r)
{
	struct prompt *p = v->priv;
	if (!key_is_text(r->key))
		return VIEW_HANDLED | VIEW_REDRAW;
	char buf[5];
	size_t n = utf8_encode(r->key.code, buf);
	if (n && p->spec.one_key) { /* the answer, at once */
		buf[n] = '\0';
		set_input(p, buf);
		return accept(v, r);
	}
	if (n && room_for(p, n)) {
		memmove(p->input + p->icur + n, p->input + p->icur, p->ilen - p->icur + 1);
		memcpy(p->input + p->icur, buf, n);
		p->ilen += n;
		p->icur += n;
		changed(p);
	} else if (n) { /* said, not cut without a word */
		app_message(v->app, true, "this holds at most %zu bytes: the rest was left out",
		            p->max);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static void prompt_draw(struct view *v)
{
	struct prompt *p = v->priv;
	struct app *a = v->app;
	int y = v->top, width = v->width;
	int attr = screen_attr(a, TE_PROMPT);
	screen_fill(y, 0, width, attr);
	/* labels are marked N_() where they are given, translated here; cells: a label
	 * may hold a file's name */
	const char *l = *p->spec.label ? _(p->spec.label) : "";
	int lw = (int)layout_cells(l, 0, strlen(l));
	screen_put(y, 0, width, l, 0, strlen(l), attr);
	int room = width - lw - 1;
	if (room < 1)
		return;
	/* what is said (a limit reached, a date refused, what a date typed reads as) keeps
	 * its place beside the input, however long the input, while the input keeps ten
	 * cells */
	bool error = a->message[0] != '\0';
	size_t said = error ? layout_cells(a->message, 0, strlen(a->message)) : 0;
	if (error && (size_t)room >= said + 2 + 10)
		room -= (int)(said + 2);
	/* keep the cursor in view: show the input's tail when it is too long, found from
	 * the cursor back (a screen's width of characters, whatever the input's length) */
	size_t from = p->icur, used = 0;
	while (from > 0) {
		size_t prev = prev_char(p->input, from);
		size_t w = layout_cells(p->input, prev, from);
		if (used + w > (size_t)room)
			break;
		used += w;
		from = prev;
	}
	screen_put(y, lw, room, p->input, from, p->ilen, attr);
	if (error) {
		size_t shown;
		layout_clip(p->input, from, p->ilen, (size_t)room, &shown);
		int mx = lw + (int)shown + 2;
		if (mx < width)
			screen_put(y, mx, width - mx, a->message, 0, strlen(a->message),
			           screen_attr(a, a->message_is_error ? TE_STATUS_ERROR
			                                              : TE_STATUS_MESSAGE));
	}
	screen_cursor(y, lw + (int)layout_cells(p->input, from, p->icur));
}

static const struct view_action prompt_actions[ACT_COUNT] = {
	[ACT_ACCEPT] = { accept, 0 },
	[ACT_CANCEL] = { cancel, 0 },
	[ACT_DELETE_BACKWARD] = { delete_backward, 0 },
	[ACT_DELETE_FORWARD] = { delete_forward, 0 },
	[ACT_DELETE_WORD] = { delete_word, 0 },
	[ACT_DELETE_TO_START] = { delete_to_start, 0 },
	[ACT_DELETE_TO_END] = { delete_to_end, 0 },
	[ACT_CURSOR_LEFT] = { move_cursor, LEFT },
	[ACT_CURSOR_RIGHT] = { move_cursor, RIGHT },
	[ACT_CURSOR_START] = { move_cursor, START },
	[ACT_CURSOR_END] = { move_cursor, END },
	[ACT_HISTORY_PREV] = { history, -1 },
	[ACT_HISTORY_NEXT] = { history, 1 },
	[ACT_COMPLETE] = { complete, 0 },
};

const struct view_ops prompt_view = {
	.name = "prompt",
	.mode = MODE_PROMPT,
	.place = VIEW_STATUS,
	.actions = prompt_actions,
	.text = type,
	.open = prompt_open_view,
	.done = prompt_done,
	.draw = prompt_draw,
};
