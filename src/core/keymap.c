/* Key bindings per mode, and the reader of keymap files. Bindings are few (a few
 * hundred), kept sorted per mode for the lookup done on every keystroke. */
#include "pizhu/keymap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pizhu/ascii.h"
#include "pizhu/i18n.h"

struct binding {
	uint32_t packed;    /* sort key: code and mods in one word */
	struct key key;
	enum action act;
	size_t seq;         /* when the key was first bound: the file's order */
	size_t gen;         /* the file that bound it last (keymap_load's count) */
};

struct bindings {
	struct binding *v;
	size_t n, cap;
};

/* A binding of two keys pressed one after the other (vim's "]c"). */
struct seqbind {
	enum mode m;
	struct key first, second;
	enum action act;
};

struct keymap {
	struct bindings mode[MODE_COUNT];
	size_t seq;
	size_t gen;           /* files loaded */
	struct seqbind *sq;   /* few: searched in order */
	size_t nsq, capsq;
};

static const char *const mode_names[MODE_COUNT] = {
#define MODE_NAME(id, name) [MODE_##id] = name,
	MODE_LIST(MODE_NAME)
#undef MODE_NAME
};

const char *mode_name(enum mode m)
{
	return (unsigned)m < MODE_COUNT ? mode_names[m] : "";
}

/* Whether unbound keys of mode m fall back to global: not in a prompt (they are
 * text) nor after tag-prefix (a key that tags nothing only cancels it). */
static bool inherits_global(enum mode m)
{
	return m != MODE_GLOBAL && m != MODE_PROMPT && m != MODE_TAGGING;
}

enum mode mode_from_name(const char *s, size_t n)
{
	for (unsigned m = 0; m < MODE_COUNT; m++)
		if (ascii_name_eq(mode_names[m], s, n))
			return (enum mode)m;
	return MODE_COUNT;
}

struct keymap *keymap_new(void)
{
	return calloc(1, sizeof(struct keymap));
}

void keymap_free(struct keymap *km)
{
	if (!km)
		return;
	for (int m = 0; m < MODE_COUNT; m++)
		free(km->mode[m].v);
	free(km->sq);
	free(km);
}

/* Codes stay below 2^21 (KC_LIMIT is just past U+10FFFF): mods go above. */
static uint32_t pack(struct key k)
{
	return k.code | (uint32_t)k.mods << 21;
}

/* Index of packed in b, or where it would go; *found says which. */
static size_t find(const struct bindings *b, uint32_t packed, bool *found)
{
	size_t lo = 0, hi = b->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->v[mid].packed < packed)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < b->n && b->v[lo].packed == packed;
	return lo;
}

enum pz_status keymap_bind(struct keymap *km, enum mode m, struct key key, enum action a)
{
	struct bindings *b;
	bool found;
	size_t i;

	key = key_canon(key);
	if ((unsigned)m >= MODE_COUNT || (unsigned)a >= ACT_COUNT || !key_valid(key))
		return PZ_SYNTAX;
	b = &km->mode[m];
	i = find(b, pack(key), &found);
	if (found) {
		b->v[i].act = a;
		b->v[i].gen = km->gen;
		return PZ_OK;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		struct binding *v = realloc(b->v, cap * sizeof *v);
		if (!v)
			return PZ_NOMEM;
		b->v = v;
		b->cap = cap;
	}
	memmove(b->v + i + 1, b->v + i, (b->n - i) * sizeof *b->v);
	b->v[i] = (struct binding){ pack(key), key, a, ++km->seq, km->gen };
	b->n++;
	return PZ_OK;
}

void keymap_unbind(struct keymap *km, enum mode m, struct key key)
{
	struct bindings *b;
	bool found;
	size_t i;

	key = key_canon(key);
	if ((unsigned)m >= MODE_COUNT || !key_valid(key))
		return;
	b = &km->mode[m];
	i = find(b, pack(key), &found);
	if (!found)
		return;
	memmove(b->v + i, b->v + i + 1, (b->n - i - 1) * sizeof *b->v);
	b->n--;
}

static const struct binding *get(const struct keymap *km, enum mode m, struct key key)
{
	const struct bindings *b = &km->mode[m];
	bool found;
	size_t i = find(b, pack(key), &found);

	return found ? &b->v[i] : NULL;
}

enum action keymap_lookup(const struct keymap *km, enum mode m, struct key key)
{
	const struct binding *b;

	key = key_canon(key);
	if ((unsigned)m >= MODE_COUNT || !key_valid(key))
		return ACT_NONE;
	if ((b = get(km, m, key)) != NULL)
		return b->act;
	if (inherits_global(m) && (b = get(km, MODE_GLOBAL, key)) != NULL)
		return b->act;
	return ACT_NONE;
}

enum pz_status keymap_bind_seq(struct keymap *km, enum mode m, struct key first,
                               struct key second, enum action a)
{
	first = key_canon(first);
	second = key_canon(second);
	if ((unsigned)m >= MODE_COUNT || (unsigned)a >= ACT_COUNT || !key_valid(first) ||
	    !key_valid(second))
		return PZ_SYNTAX;
	for (size_t i = 0; i < km->nsq; i++)
		if (km->sq[i].m == m && key_equal(km->sq[i].first, first) &&
		    key_equal(km->sq[i].second, second)) {
			km->sq[i].act = a;
			return PZ_OK;
		}
	if (km->nsq == km->capsq) {
		size_t cap = km->capsq ? km->capsq * 2 : 8;
		struct seqbind *v = realloc(km->sq, cap * sizeof(*v));
		if (!v)
			return PZ_NOMEM;
		km->sq = v;
		km->capsq = cap;
	}
	km->sq[km->nsq++] = (struct seqbind){ m, first, second, a };
	return PZ_OK;
}

static const struct seqbind *get_seq(const struct keymap *km, enum mode m, struct key first,
                                     const struct key *second)
{
	for (size_t i = 0; i < km->nsq; i++)
		if (km->sq[i].m == m && key_equal(km->sq[i].first, first) &&
		    (!second || key_equal(km->sq[i].second, *second)) &&
		    (second || km->sq[i].act != ACT_NONE))
			return &km->sq[i];
	return NULL;
}

enum action keymap_lookup_seq(const struct keymap *km, enum mode m, struct key first,
                              struct key second)
{
	const struct seqbind *b;
	first = key_canon(first);
	second = key_canon(second);
	if ((unsigned)m >= MODE_COUNT || m == MODE_PROMPT)
		return ACT_NONE;
	if ((b = get_seq(km, m, first, &second)) != NULL)
		return b->act;
	if (m != MODE_GLOBAL && (b = get_seq(km, MODE_GLOBAL, first, &second)) != NULL)
		return b->act;
	return ACT_NONE;
}

size_t keymap_seqs_from(const struct keymap *km, enum mode m, struct key first,
                        enum action *out, size_t max)
{
	size_t k = 0;
	first = key_canon(first);
	if ((unsigned)m >= MODE_COUNT || m == MODE_PROMPT)
		return 0;
	for (size_t i = 0; i < km->nsq; i++)
		if ((km->sq[i].m == m || km->sq[i].m == MODE_GLOBAL) && km->sq[i].act != ACT_NONE &&
		    key_equal(km->sq[i].first, first)) {
			if (k < max)
				out[k] = km->sq[i].act;
			k++;
		}
	return k;
}

size_t keymap_pairs_for(const struct keymap *km, enum mode m, enum action a, struct key *first,
                        struct key *second, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < km->nsq; i++)
		if (km->sq[i].m == m && km->sq[i].act == a && a != ACT_NONE) {
			if (k < max) {
				first[k] = km->sq[i].first;
				second[k] = km->sq[i].second;
			}
			k++;
		}
	return k;
}

/* Emits the keys of group g bound to a, in the order they were first bound: each
 * pass takes the smallest seq after the last one taken (a few keys per action). */
static size_t keys_of(const struct keymap *km, enum mode g, enum mode shadow,
                      enum action a, struct key *out, size_t max, size_t o)
{
	const struct bindings *b = &km->mode[g];
	size_t last = 0;

	for (;;) {
		const struct binding *best = NULL;

		for (size_t i = 0; i < b->n; i++) {
			const struct binding *x = &b->v[i];
			if (x->act != a || x->seq <= last)
				continue;
			if (shadow != g && get(km, shadow, x->key))
				continue;
			if (!best || x->seq < best->seq)
				best = x;
		}
		if (!best)
			return o;
		if (o < max)
			out[o] = best->key;
		o++;
		last = best->seq;
	}
}

bool keymap_key_latest(const struct keymap *km, enum mode m, enum action a, struct key *out)
{
	if ((unsigned)m >= MODE_COUNT || a == ACT_NONE || (unsigned)a >= ACT_COUNT)
		return false;
	const struct binding *best = NULL;
	enum mode g[2] = { m, MODE_GLOBAL };
	int modes = inherits_global(m) && m != MODE_GLOBAL ? 2 : 1, best_k = 0;
	for (int k = 0; k < modes; k++) {
		const struct bindings *b = &km->mode[g[k]];
		for (size_t i = 0; i < b->n; i++) {
			const struct binding *x = &b->v[i];
			if (x->act != a || (k && get(km, m, x->key)))
				continue;
			/* the latest file's; in one file the mode's own before global's, then
			 * the first bound */
			if (!best || x->gen > best->gen ||
			    (x->gen == best->gen && k == best_k && x->seq < best->seq)) {
				best = x;
				best_k = k;
			}
		}
	}
	if (best)
		*out = best->key;
	return best != NULL;
}

size_t keymap_keys_for(const struct keymap *km, enum mode m, enum action a,
                       struct key *out, size_t max)
{
	size_t o;

	if ((unsigned)m >= MODE_COUNT || a == ACT_NONE || (unsigned)a >= ACT_COUNT)
		return 0;
	o = keys_of(km, m, m, a, out, max, 0);
	if (inherits_global(m))
		o = keys_of(km, MODE_GLOBAL, m, a, out, max, o);
	return o;
}

/* ---- reading keymap files ---- */

#define MAX_WORDS 5

struct word {
	const char *s;
	size_t n;
};

/* Splits a line into at most MAX_WORDS words (one more word means "too many"),
 * stopping at a word that starts with '#'. Returns the number of words. */
static size_t split(const char *s, size_t n, struct word *w)
{
	size_t i = 0, k = 0;

	while (k < MAX_WORDS) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n || s[i] == '#')
			break;
		w[k].s = s + i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		w[k].n = (size_t)(s + i - w[k].s);
		k++;
	}
	return k;
}

#define QUOTE_MAX 64

static const char *q(char *buf, struct word w)
{
	return pz_errors_quote(buf, QUOTE_MAX, w.s, w.n);
}

/* Two keys written one after the other ("]c", "<C-w>j"): true with both. */
static bool key_parse_pair(const char *s, size_t n, struct key *a, struct key *b)
{
	size_t i = 1;
	if (n && s[0] == '<') {
		while (i < n && s[i] != '>')
			i++;
		i++;
	} else {
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return i < n && key_parse(s, i, a) == PZ_OK && key_parse(s + i, n - i, b) == PZ_OK;
}

/* Applies one line: PZ_SYNTAX (reported in errs) when it is wrong. */
static enum pz_status one_line(struct keymap *km, const char *s, size_t n,
                               const char *file, size_t line, struct pz_errors *errs)
{
	struct word w[MAX_WORDS];
	char buf[QUOTE_MAX];
	size_t k = split(s, n, w), want;
	bool bind;
	enum mode m;
	struct key key;
	enum action a = ACT_NONE;

	if (k == 0)
		return PZ_OK;
	if (ascii_name_eq("bind", w[0].s, w[0].n)) {
		bind = true;
		want = 4;
	} else if (ascii_name_eq("unbind", w[0].s, w[0].n)) {
		bind = false;
		want = 3;
	} else {
		pz_errors_add(errs, file, line, "unknown command '%s' (expected 'bind' or 'unbind')",
		              q(buf, w[0]));
		return PZ_SYNTAX;
	}
	if (k < want) {
		pz_errors_add(errs, file, line, bind ? "'bind' needs a mode, a key and an action"
		                                     : "'unbind' needs a mode and a key");
		return PZ_SYNTAX;
	}
	if (k > want) {
		pz_errors_add(errs, file, line, "unexpected '%s' after the %s", q(buf, w[want]),
		              bind ? "action" : "key");
		return PZ_SYNTAX;
	}
	m = mode_from_name(w[1].s, w[1].n);
	if (m == MODE_COUNT) {
		pz_errors_add(errs, file, line,
		              "unknown mode '%s' (expected global, tree, text, tagging, help, library,"
		              " tags, rejected or prompt)",
		              q(buf, w[1]));
		return PZ_SYNTAX;
	}
	struct key second;
	bool two = false;
	if (key_parse(w[2].s, w[2].n, &key) != PZ_OK &&
	    !(two = key_parse_pair(w[2].s, w[2].n, &key, &second))) {
		pz_errors_add(errs, file, line, "invalid key '%s'", q(buf, w[2]));
		return PZ_SYNTAX;
	}
	if (two) {
		a = bind ? action_from_name(w[3].s, w[3].n) : ACT_NONE;
		if (bind && a == ACT_NONE && !ascii_name_eq("none", w[3].s, w[3].n)) {
			pz_errors_add(errs, file, line, "unknown action '%s'", q(buf, w[3]));
			return PZ_SYNTAX;
		}
		return keymap_bind_seq(km, m, key, second, a);
	}
	if (!bind) {
		keymap_unbind(km, m, key);
		return PZ_OK;
	}
	a = action_from_name(w[3].s, w[3].n);
	if (a == ACT_NONE && !ascii_name_eq("none", w[3].s, w[3].n)) {
		pz_errors_add(errs, file, line, "unknown action '%s'", q(buf, w[3]));
		return PZ_SYNTAX;
	}
	return keymap_bind(km, m, key, a);
}

enum pz_status keymap_load(struct keymap *km, const char *s, size_t n,
                           const char *filename, struct pz_errors *errs)
{
	enum pz_status st = PZ_OK;
	size_t line = 0, i = 0, a, len;

	km->gen++;
	while (pz_next_line(s, n, &i, &line, &a, &len)) {
		enum pz_status r = one_line(km, s + a, len, filename, line, errs);
		if (r == PZ_NOMEM)
			return PZ_NOMEM;
		if (r != PZ_OK)
			st = PZ_SYNTAX;
	}
	return st;
}

/* The modes in the order the help screen lists them, with their headings. */
static const struct {
	enum mode mode;
	const char *heading;
} sections[] = {
	{ MODE_GLOBAL, N_("Everywhere") },
	{ MODE_TEXT, N_("In the text") },
	{ MODE_TAGGING, N_("After the tag key (tag-prefix), the type") },
	{ MODE_TREE, N_("In the tree") },
	{ MODE_TAGS, N_("In the tag list") },
	{ MODE_REJECTED, N_("In the list of suggestions turned down") },
	{ MODE_LIBRARY, N_("In the library") },
	{ MODE_PROMPT, N_("When typing a search, a line or a percentage") },
};

bool keymap_help_line(const struct keymap *km, size_t k, char *buf, size_t len, bool *heading)
{
	size_t n = 0;
	for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		enum mode m = sections[s].mode;
		if (n++ == k) {
			snprintf(buf, len, "%s", _(sections[s].heading));
			*heading = true;
			return true;
		}
		for (int act = ACT_NONE + 1; act < ACT_COUNT; act++) {
			struct key keys[8];
			struct key pf[4], ps[4];
			size_t nk = keymap_keys_for(km, m, (enum action)act, keys, 8);
			size_t np = keymap_pairs_for(km, m, (enum action)act, pf, ps, 4);
			if (!nk && !np)
				continue;
			/* in a mode, list only the keys it binds itself (the rest is Everywhere) */
			if (m != MODE_GLOBAL && !np) {
				struct key g[8];
				size_t ng = keymap_keys_for(km, MODE_GLOBAL, (enum action)act, g, 8);
				if (ng == nk && inherits_global(m)) {
					bool same = true;
					for (size_t i = 0; i < nk; i++)
						same &= key_equal(keys[i], g[i]);
					if (same)
						continue;
				}
			}
			if (n++ != k)
				continue;
			size_t o = 0;
			for (size_t i = 0; i < nk && i < 8 && o + KEY_NAME_MAX + 2 < len; i++) {
				if (i)
					o += (size_t)snprintf(buf + o, len - o, " ");
				o += key_format(keys[i], buf + o, len - o);
			}
			for (size_t i = 0; i < np && i < 4 && o + 2 * KEY_NAME_MAX + 2 < len; i++) {
				if (i || nk)
					o += (size_t)snprintf(buf + o, len - o, " ");
				o += key_format(pf[i], buf + o, len - o);
				o += key_format(ps[i], buf + o, len - o);
			}
			snprintf(buf + o, len - o, "%*s%s", o < 24 ? (int)(24 - o) : 1, "",
			         action_help((enum action)act));
			*heading = false;
			return true;
		}
		if (n++ == k) {
			buf[0] = '\0';
			*heading = false;
			return true;
		}
	}
	return false;
}
