/* The prompt on the status line: what is typed goes to the view that asked, through its
 * callbacks; the prompt knows nothing of searches, notes or dates. */
#include "pizhu/ui/prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/layout.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/screen.h"

struct prompt {
	struct view *owner;
	struct prompt_spec spec;          /* spec.data points at data */
	unsigned char data[PROMPT_DATA_MAX];
	char input[PROMPT_INPUT_MAX];
	size_t ilen, icur;                /* bytes; the cursor is a byte offset */
	size_t hist_pos;
};

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
	if (p->spec.data_len)
		memcpy(p->data, p->spec.data, p->spec.data_len);
	p->spec.data = p->data;
	p->spec.initial = NULL;
	if (pa->spec->initial)
		snprintf(p->input, sizeof(p->input), "%s", pa->spec->initial);
	p->ilen = p->icur = strlen(p->input);
	p->hist_pos = p->spec.history ? p->spec.history->n : 0;
	v->priv = p;
	return true;
}

static void prompt_done(struct view *v)
{
	free(v->priv);
}

/* Tells the owner that the input changed. */
static void changed(struct prompt *p)
{
	if (p->spec.changed)
		p->spec.changed(p->owner, p->input, p->ilen, p->data);
}

static void remember(struct prompt_history *h, const char *in, size_t n)
{
	if (!h || !n)
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
	char in[PROMPT_INPUT_MAX];
	size_t n = p->ilen;
	memcpy(data, p->data, sizeof(data));
	memcpy(in, p->input, n + 1);
	remember(spec.history, in, n);
	app_close(v->app, v);
	if (spec.done && !spec.done(owner, in, n, data)) {
		spec.initial = in;
		spec.data = data;
		prompt_open(owner, &spec);
	}
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
	else if (!p->ilen) /* backspace on nothing leaves, as in less */
		app_close(v->app, v);
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
	snprintf(p->input, sizeof(p->input), "%s", p->hist_pos < h->n ? h->entry[p->hist_pos] : "");
	p->ilen = p->icur = strlen(p->input);
	changed(p);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* A key the prompt mode leaves unbound: typed, when it is text. */
static int type(struct view *v, const struct request *r)
{
	struct prompt *p = v->priv;
	if (!key_is_text(r->key))
		return VIEW_HANDLED | VIEW_REDRAW;
	char buf[4];
	size_t n = utf8_encode(r->key.code, buf);
	if (n && p->ilen + n < sizeof(p->input)) {
		memmove(p->input + p->icur + n, p->input + p->icur, p->ilen - p->icur + 1);
		memcpy(p->input + p->icur, buf, n);
		p->ilen += n;
		p->icur += n;
		changed(p);
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
	const char *l = p->spec.label;
	int lw = (int)strlen(l);
	screen_put(y, 0, width, l, 0, strlen(l), attr);
	int room = width - lw - 1;
	if (room < 1)
		return;
	/* keep the cursor in view: show the input's tail when it is too long */
	size_t from = 0;
	while (layout_cells(p->input, from, p->icur) > (size_t)room)
		from = next_char(p->input, p->ilen, from);
	screen_put(y, lw, room, p->input, from, p->ilen, attr);
	if (a->message[0] && a->message_is_error) {
		size_t used = layout_cells(p->input, from, p->ilen);
		int mx = lw + (int)used + 2;
		if (mx < width)
			screen_put(y, mx, width - mx, a->message, 0, strlen(a->message),
			           screen_attr(a, TE_STATUS_ERROR));
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
