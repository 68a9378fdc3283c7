/* Suggestions as the user works through them: found once, then hidden where the user
 * turned them down or a tag already says the same, and made into tags when accepted. */
#include "pizhu/suggestions.h"

#include <stdlib.h>
#include <string.h>

struct suggestions {
	const char *text;
	size_t len;
	struct detect_item *v;     /* sorted by start */
	size_t n;
	bool *rejected;            /* per suggestion: turned down */
	bool *hidden;              /* per suggestion: turned down, or covered by a tag */
	size_t nhidden;
	bool shown;                /* the user's switch */
};

/* Suggestions are sentences at most: one starting this far before an offset does not
 * reach it. */
#define LONGEST_SUGGESTION 8192

enum pz_status suggestions_find(const doc *d, const outline *o, const struct detect_options *opt,
                                suggestions **out)
{
	suggestions *sg = calloc(1, sizeof(*sg));
	if (!sg)
		return PZ_NOMEM;
	sg->text = doc_text(d, &sg->len);
	sg->shown = true;
	enum pz_status st = detect_run(d, o, opt, &sg->v, &sg->n);
	if (st == PZ_OK && (!(sg->rejected = calloc(sg->n + 1, sizeof(*sg->rejected))) ||
	                    !(sg->hidden = calloc(sg->n + 1, sizeof(*sg->hidden)))))
		st = PZ_NOMEM;
	if (st != PZ_OK) {
		suggestions_free(sg);
		return st;
	}
	*out = sg;
	return PZ_OK;
}

void suggestions_free(suggestions *sg)
{
	if (!sg)
		return;
	free(sg->v);
	free(sg->rejected);
	free(sg->hidden);
	free(sg);
}

const struct detect_item *suggestions_items(const suggestions *sg, size_t *n)
{
	*n = sg->n;
	return sg->v;
}

bool suggestions_hidden(const suggestions *sg, size_t i)
{
	return i < sg->n && sg->hidden[i];
}

size_t suggestions_hidden_count(const suggestions *sg)
{
	return sg->nhidden;
}

static void set_hidden(suggestions *sg, size_t i, bool h)
{
	if (sg->hidden[i] != h) {
		sg->hidden[i] = h;
		sg->nhidden += h ? 1 : (size_t)-1;
	}
}

size_t suggestions_prefix_start(const suggestions *sg, size_t i)
{
	size_t p = sg->v[i].start;
	for (int k = 0; k < SUGGESTIONS_REJECT_CONTEXT && p > 0 && sg->text[p - 1] != '\n'; k++) {
		p--;
		while (p > 0 && ((unsigned char)sg->text[p] & 0xC0) == 0x80)
			p--;
	}
	return p;
}

/* Compares s[0..n) with the NUL-terminated t, as strcmp orders them. */
static int cmp_slice(const char *s, size_t n, const char *t)
{
	size_t tn = strlen(t);
	int c = memcmp(s, t, n < tn ? n : tn);
	return c ? c : n < tn ? -1 : n > tn;
}

/* Rejections ordered by their words, then type, then the words before them. */
static int by_words(const void *pa, const void *pb)
{
	const struct store_rejection *a = *(const struct store_rejection *const *)pa,
	                             *b = *(const struct store_rejection *const *)pb;
	int c = strcmp(a->quote, b->quote);
	if (!c)
		c = strcmp(a->type, b->type);
	return c ? c : strcmp(a->prefix, b->prefix);
}

/* Whether suggestion i is one of the sorted rejections r[0..n). */
static bool is_rejected(const suggestions *sg, size_t i, const struct store_rejection *const *r,
                        size_t n)
{
	const struct detect_item *it = &sg->v[i];
	const char *q = sg->text + it->start, *type = suggestions_tag_type(it->type);
	size_t qn = it->end - it->start, lo = 0, hi = n;
	while (lo < hi) { /* the first rejection of these words */
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_slice(q, qn, r[mid]->quote) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t ps = suggestions_prefix_start(sg, i);
	for (; lo < n && !cmp_slice(q, qn, r[lo]->quote); lo++)
		if (!strcmp(r[lo]->type, type) && !cmp_slice(sg->text + ps, it->start - ps, r[lo]->prefix))
			return true;
	return false;
}

enum pz_status suggestions_apply_rejections(suggestions *sg, const struct store_rejection *v,
                                            size_t n)
{
	for (size_t i = 0; i < sg->n; i++)
		if (sg->rejected[i]) {
			sg->rejected[i] = false;
			set_hidden(sg, i, false);
		}
	if (!n || !sg->n)
		return PZ_OK;
	const struct store_rejection **r = malloc(n * sizeof(*r));
	if (!r)
		return PZ_NOMEM;
	for (size_t k = 0; k < n; k++)
		r[k] = &v[k];
	qsort(r, n, sizeof(*r), by_words);
	for (size_t i = 0; i < sg->n; i++)
		if (is_rejected(sg, i, r, n))
			suggestions_turn_down(sg, i);
	free(r);
	return PZ_OK;
}

void suggestions_turn_down(suggestions *sg, size_t i)
{
	if (i >= sg->n)
		return;
	sg->rejected[i] = true;
	set_hidden(sg, i, true);
}

void suggestions_bring_back(suggestions *sg, size_t i)
{
	if (i >= sg->n)
		return;
	sg->rejected[i] = false;
	set_hidden(sg, i, false);
}

bool suggestions_rejected(const suggestions *sg, size_t i)
{
	return i < sg->n && sg->rejected[i];
}

/* The first suggestion starting at or after off. */
static size_t first_from(const suggestions *sg, size_t off)
{
	size_t lo = 0, hi = sg->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sg->v[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t window_start(size_t off)
{
	return off > LONGEST_SUGGESTION ? off - LONGEST_SUGGESTION : 0;
}

/* The tag each type of suggestion makes. */
static const enum tagtype_id kind_of[DETECT_TYPES] = {
	[DETECT_DEADLINE] = TAGTYPE_DEADLINE,
	[DETECT_TARGET] = TAGTYPE_TARGET,
	[DETECT_TASK] = TAGTYPE_TASK,
	[DETECT_OWNER] = TAGTYPE_OWNER,
};

enum tagtype_id suggestions_tag_kind(enum detect_type t)
{
	return (unsigned)t < DETECT_TYPES ? kind_of[t] : TAGTYPE_OTHER;
}

const char *suggestions_tag_type(enum detect_type t)
{
	return tagtype_name(suggestions_tag_kind(t));
}

void suggestions_cover(suggestions *sg, const tagset *ts)
{
	for (size_t i = 0; i < sg->n; i++)
		set_hidden(sg, i, sg->rejected[i]);
	for (size_t k = 0; ts && k < tagset_count(ts); k++) {
		const struct tag *t = tagset_at(ts, k);
		if (t->a.anchor == STORE_ORPHANED)
			break;
		if (t->kind == TAGTYPE_NOTE || t->kind == TAGTYPE_OTHER)
			continue; /* no suggestion makes one */
		for (size_t i = first_from(sg, window_start(t->start)); i < sg->n && sg->v[i].start < t->end;
		     i++)
			if (sg->v[i].end > t->start && kind_of[sg->v[i].type] == t->kind)
				set_hidden(sg, i, true);
	}
}

void suggestions_show(suggestions *sg, bool shown)
{
	sg->shown = shown;
}

bool suggestions_shown(const suggestions *sg)
{
	return sg->shown;
}

size_t suggestions_shown_at(const suggestions *sg, size_t start, size_t end)
{
	if (!sg->shown)
		return SIZE_MAX;
	for (size_t i = first_from(sg, window_start(start)); i < sg->n && sg->v[i].start < end; i++)
		if (!sg->hidden[i] && sg->v[i].end > start)
			return i;
	return SIZE_MAX;
}

size_t suggestions_next(const suggestions *sg, size_t off, bool back)
{
	if (back) {
		for (size_t i = first_from(sg, off); i-- > 0;)
			if (!sg->hidden[i])
				return i;
		return SIZE_MAX;
	}
	for (size_t i = first_from(sg, off + 1); i < sg->n; i++)
		if (!sg->hidden[i])
			return i;
	return SIZE_MAX;
}

enum pz_status suggestions_in(const suggestions *sg, size_t from, size_t to, size_t **v, size_t *n)
{
	size_t *r = malloc((sg->n + 1) * sizeof(*r)), k = 0;
	if (!r)
		return PZ_NOMEM;
	for (size_t i = first_from(sg, from); i < sg->n && sg->v[i].start < to; i++)
		if (!sg->hidden[i])
			r[k++] = i;
	*v = r;
	*n = k;
	return PZ_OK;
}

enum pz_status suggestions_copy_unhidden(const suggestions *sg, struct detect_item **v, size_t *n)
{
	size_t *at = malloc((sg->n + 1) * sizeof(*at));
	struct detect_item *r = malloc((sg->n - sg->nhidden + 1) * sizeof(*r));
	if (!at || !r) {
		free(at);
		free(r);
		return PZ_NOMEM;
	}
	size_t k = 0;
	for (size_t i = 0; i < sg->n; i++) {
		at[i] = sg->hidden[i] ? SIZE_MAX : k;
		if (!sg->hidden[i])
			r[k++] = sg->v[i];
	}
	for (size_t i = 0; i < k; i++) {
		if (r[i].task != SIZE_MAX)
			r[i].task = r[i].task < sg->n ? at[r[i].task] : SIZE_MAX;
		if (r[i].frame != SIZE_MAX)
			r[i].frame = r[i].frame < sg->n ? at[r[i].frame] : SIZE_MAX;
	}
	free(at);
	*v = r;
	*n = k;
	return PZ_OK;
}

void suggestions_accept_fields(const suggestions *sg, size_t i, const char **due, const char **owner)
{
	const struct detect_item *it = &sg->v[i];
	*due = *owner = NULL;
	if (it->type == DETECT_DEADLINE && tags_valid_date(it->value))
		*due = it->value;
	if (it->type == DETECT_OWNER)
		*owner = it->value;
	if (it->type != DETECT_TASK)
		return;
	/* a task's own: the first told or leading owner and dated deadline of its
	 * sentence or of its note (cooperating units are tags of their own) */
	for (size_t k = 0; k < sg->n; k++) {
		const struct detect_item *x = &sg->v[k];
		if (x->task != i)
			continue;
		if (x->type == DETECT_OWNER && !*owner && x->role != DETECT_COOPERATING)
			*owner = x->value;
		if (x->type == DETECT_DEADLINE && !*due && tags_valid_date(x->value))
			*due = x->value;
	}
	/* else the deadline that frames it (今年，… 一、2025年重点工作) */
	if (!*due && it->frame < sg->n && tags_valid_date(sg->v[it->frame].value))
		*due = sg->v[it->frame].value;
}
