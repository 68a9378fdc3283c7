/* Keys that wait for the next one: tag-prefix, so that tagging is two keystrokes on
 * keys that move nothing in less (the type keys are the `tagging` mode of the keymap),
 * and mark and goto-mark, so that a less or vi user's `m` + letter marks a place
 * instead of running the letter as a command (`ma` must never make a tag). */
#include "pizhu/ui/prefix.h"

#include <stdio.h>
#include <string.h>

#include "pizhu/i18n.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/text.h"

#define MARKS 52 /* a-z A-Z */

/* What waits for a key, and the marks: kept by the application (app_keep). */
struct prefix_state {
	enum action awaiting;     /* ACT_NONE, ACT_TAG_PREFIX, ACT_MARK or ACT_GOTO_MARK */
	const session *doc;       /* the document the marks were made in */
	bool set[MARKS];
	size_t at[MARKS];         /* the first byte shown when the mark was made */
};

/* The address that names this module's kept memory. */
static const struct view_ops prefix_ops = { .name = "prefix" };

static struct prefix_state *state(struct app *a)
{
	return app_keep(a, &prefix_ops, sizeof(struct prefix_state));
}

/* "r task, m target, ...": the keys of the tagging mode and what they do. */
static void tagging_keys(const struct app *a, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int act = ACT_NONE + 1; act < ACT_COUNT && o + 1 < len; act++) {
		struct key keys[4];
		size_t nk = keymap_keys_for(a->km, MODE_TAGGING, (enum action)act, keys, 4);
		for (size_t i = 0; i < nk && i < 4 && o + 1 < len; i++) {
			char name[KEY_NAME_MAX];
			key_format(keys[i], name, sizeof(name));
			const char *what = action_name((enum action)act);
			if (!strncmp(what, "tag-", 4))
				what += 4;
			if (act == ACT_TAG_DECLARED)
				what = N_("declared type");
			if (act == ACT_ACCEPT_SUGGESTION)
				what = N_("the suggestion");
			/* task, target...: the built-in types' labels, in the catalogue */
			int n = snprintf(buf + o, len - o, "%s%s %s", o ? _(", ") : "", name, _(what));
			if (n < 0)
				break;
			o += (size_t)n;
		}
	}
}

int prefix_start(struct view *v, const struct request *r)
{
	struct app *a = v->app;
	struct prefix_state *p = state(a);
	if (!p)
		return VIEW_HANDLED;
	if (r->act == ACT_TAG_PREFIX) {
		char keys[200];
		tagging_keys(a, keys, sizeof(keys));
		app_message(a, false, "tag as: %s (Esc: nothing)", keys);
	} else if (r->act == ACT_MARK) {
		app_message(a, false, "mark: type a letter");
	} else if (r->act == ACT_GOTO_MARK) {
		app_message(a, false, "go to mark: type its letter");
	} else {
		return VIEW_IGNORED;
	}
	p->awaiting = r->act;
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int letter_index(struct key k)
{
	if (k.mods || k.code >= 128)
		return -1;
	if (k.code >= 'a' && k.code <= 'z')
		return (int)(k.code - 'a');
	if (k.code >= 'A' && k.code <= 'Z')
		return 26 + (int)(k.code - 'A');
	return -1;
}

/* The letter after mark or goto-mark, in the text view v. */
static int mark_key(struct view *v, struct prefix_state *p, enum action what, struct key k)
{
	struct app *a = v->app;
	char name[KEY_NAME_MAX];
	key_format(k, name, sizeof(name));
	int i = letter_index(k);
	if (k.code == KC_ESC && !k.mods)
		return VIEW_HANDLED | VIEW_REDRAW;
	if (v->ops != &text_view) {
		app_message(a, true, "marks are places in the text");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	if (i < 0) {
		app_message(a, true, "a mark is a letter, not %s", name);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	if (p->doc != a->s) { /* another document: its marks are gone */
		memset(p->set, 0, sizeof(p->set));
		p->doc = a->s;
	}
	if (what == ACT_MARK) {
		p->at[i] = text_top_offset(v);
		p->set[i] = true;
		app_message(a, false, "marked %s", name);
	} else if (!p->set[i]) {
		app_message(a, true, "no mark %s", name);
	} else {
		text_show_offset(v, p->at[i], true);
		text_set_cursor(v, p->at[i]);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

int prefix_key(struct view *v, struct key k, struct request *r)
{
	struct app *a = v->app;
	struct prefix_state *p = state(a);
	enum action what = p ? p->awaiting : ACT_NONE;
	if (p)
		p->awaiting = ACT_NONE;
	r->key = k;
	r->act = ACT_NONE;
	if (what == ACT_MARK || what == ACT_GOTO_MARK)
		return mark_key(v, p, what, k);
	if (what != ACT_TAG_PREFIX)
		return VIEW_IGNORED;
	r->act = keymap_lookup(a->km, MODE_TAGGING, k);
	if (r->act == ACT_NONE && !(k.code == KC_ESC && !k.mods)) {
		char name[KEY_NAME_MAX];
		key_format(k, name, sizeof(name));
		app_message(a, true, "%s tags nothing: nothing tagged", name);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

bool prefix_waiting(struct app *a)
{
	struct prefix_state *p = state(a);
	return p && p->awaiting != ACT_NONE;
}

void prefix_cancel(struct app *a)
{
	struct prefix_state *p = state(a);
	if (p)
		p->awaiting = ACT_NONE;
}
