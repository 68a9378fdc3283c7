/* The task breakdown table: tasks as rows, their owners, deadlines and targets
 * joined from the tags beside them (the same sentence, else the same point), so that
 * a speech's tags can go to a spreadsheet, an agenda or a calendar. */
#include "pizhu/breakdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/sentence.h"

/* The paragraph of o holding byte off, or NULL. */
static const struct outline_para *para_of(const outline *o, size_t off)
{
	size_t lo = 0, hi = o ? outline_para_count(o) : 0, np = hi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (outline_para_at(o, mid)->end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < np && outline_para_at(o, lo)->start <= off ? outline_para_at(o, lo) : NULL;
}

/* The sentence of paragraph p holding off, walking from from (p's start or the start
 * of an earlier sentence of p). */
static void sentence_in(const char *t, const struct outline_para *p, size_t from, size_t off,
                        size_t *start, size_t *end)
{
	size_t s = from, e = p->end;
	while (s < p->end) {
		e = sentence_end_wrapped(t, p->end, s);
		if (off < e || e >= p->end)
			break;
		s = e; /* the spaces after a sentence open the next one */
	}
	*start = s;
	*end = e;
}

void breakdown_sentence(const doc *d, const outline *o, size_t off, size_t *start, size_t *end)
{
	size_t len;
	const char *t = doc_text(d, &len);
	if (off > len)
		off = len;
	const struct outline_para *p = para_of(o, off);
	if (p) {
		sentence_in(t, p, p->start, off, start, end);
		return;
	}
	*start = off;
	*end = off < len ? sentence_end(t, len, off) : len;
}

/* The innermost section, point or heading holding byte off, or SIZE_MAX (outside
 * all, or only in a speech). Nodes come in document order and their ranges nest, so
 * the one holding off is the last node starting at or before it, or an ancestor. */
static size_t innermost(const outline *o, size_t off)
{
	size_t i = o ? outline_node_holding(o, off) : SIZE_MAX;
	return i != SIZE_MAX && outline_node_at(o, i)->kind != OUTLINE_SPEECH ? i : SIZE_MAX;
}

/* Values to join, borrowed from the tags, each once. Past a few values the ones seen
 * are also kept in a hash table, so that a sentence with thousands of tags is not
 * compared pairwise. */
struct values {
	const char **v;
	size_t n, cap;
	const char **seen;  /* open addressing, nseen slots (a power of two), or NULL */
	size_t nseen;
	bool nomem;
};

static size_t str_hash(const char *s)
{
	size_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Puts s in the table (which has room); false when it was there already. */
static bool seen_put(const char **seen, size_t nseen, const char *s)
{
	for (size_t i = str_hash(s) & (nseen - 1);; i = (i + 1) & (nseen - 1)) {
		if (!seen[i]) {
			seen[i] = s;
			return true;
		}
		if (!strcmp(seen[i], s))
			return false;
	}
}

/* Keeps the table at most half full, built from v when it starts. */
static bool seen_grow(struct values *vs)
{
	size_t need = vs->n + 1;
	if (need * 2 <= vs->nseen)
		return true;
	size_t ns = vs->nseen ? vs->nseen * 2 : 64;
	while (need * 2 > ns)
		ns *= 2;
	const char **seen = calloc(ns, sizeof(*seen));
	if (!seen)
		return false;
	for (size_t i = 0; i < vs->n; i++)
		seen_put(seen, ns, vs->v[i]);
	free(vs->seen);
	vs->seen = seen;
	vs->nseen = ns;
	return true;
}

static void values_add(struct values *vs, const char *s)
{
	if (!*s || vs->nomem)
		return;
	if (vs->n < 16 && !vs->seen) {
		for (size_t i = 0; i < vs->n; i++)
			if (!strcmp(vs->v[i], s))
				return;
	} else {
		if (!seen_grow(vs)) {
			vs->nomem = true;
			return;
		}
		if (!seen_put(vs->seen, vs->nseen, s))
			return;
	}
	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? 2 * vs->cap : 8;
		const char **v = realloc(vs->v, cap * sizeof(*v));
		if (!v) {
			vs->nomem = true;
			return;
		}
		vs->v = v;
		vs->cap = cap;
	}
	vs->v[vs->n++] = s;
}

static void values_release(struct values *vs)
{
	free(vs->v);
	free(vs->seen);
	memset(vs, 0, sizeof(*vs));
}

/* The values joined with sep, owned; NULL when out of memory. */
static char *values_join(const struct values *vs, const char *sep)
{
	size_t sl = strlen(sep), len = 0;
	for (size_t i = 0; i < vs->n; i++)
		len += strlen(vs->v[i]) + (i ? sl : 0);
	char *s = malloc(len + 1), *p = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < vs->n; i++) {
		if (i) {
			memcpy(p, sep, sl);
			p += sl;
		}
		size_t n = strlen(vs->v[i]);
		memcpy(p, vs->v[i], n);
		p += n;
	}
	*p = '\0';
	return s;
}

enum column { COL_OWNER, COL_DEADLINE, COL_TARGET };

static const enum tagtype_id column_type[] = {TAGTYPE_OWNER, TAGTYPE_DEADLINE, TAGTYPE_TARGET};

/* What tag a contributes to column c. */
static const char *column_value(const struct store_annot *a, enum column c)
{
	if (c == COL_OWNER && *a->owner)
		return a->owner;
	if (c == COL_DEADLINE && *a->due)
		return a->due;
	return a->quote;
}

/* What the tags around a row give a column, for the last sentence (and point) asked:
 * rows come in text order, and the rows of one sentence share it, so a sentence with
 * many tasks is gathered once, not once per task. */
struct gathered {
	bool valid;
	size_t ss, se, node;      /* the sentence and the point it was gathered for */
	char *joined;             /* owned */
	const char *due;          /* borrowed from a tag */
};

/* The tags as the builder walks them: the anchored ones, sorted by start, with the
 * innermost node of each start. */
struct walk {
	const tagset *ts;
	size_t anchored;
	size_t *node;
	/* the last row's paragraph and sentence start: rows come in text order, so the
	 * next row's sentence is found from there rather than from its paragraph's start
	 * (a long paragraph with many tasks is walked once) */
	const struct outline_para *para;
	size_t sent;
	struct gathered col[3];   /* per column */
	/* the note tags of the last sentence, for the rows in it */
	bool notes_valid;
	size_t notes_ss, notes_se;
	struct values notes;
};

/* First anchored tag starting at or after byte off. */
static size_t first_from(const struct walk *w, size_t off)
{
	size_t lo = 0, hi = w->anchored;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tagset_at(w->ts, mid)->start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Adds what the tags of column c's type starting in [from, to) give; only those whose
 * innermost node is node unless node is SIZE_MAX. *due gets the first due date. */
static void gather(const struct walk *w, size_t from, size_t to, size_t node, enum column c,
                   struct values *vs, const char **due)
{
	for (size_t k = first_from(w, from), e = first_from(w, to); k < e; k++) {
		const struct tag *t = tagset_at(w->ts, k);
		const struct store_annot *a = &t->a;
		if (t->kind != column_type[c] || (node != SIZE_MAX && w->node[k] != node))
			continue;
		values_add(vs, column_value(a, c));
		if (c == COL_DEADLINE && !**due && *a->due && tags_valid_date(a->due))
			*due = a->due;
	}
}

static bool is_row_type(const struct tag *t, const char *const *types, size_t ntypes)
{
	if (!types || !ntypes)
		return t->kind == TAGTYPE_TASK;
	for (size_t i = 0; i < ntypes; i++)
		if (!strcmp(t->a.type, types[i]))
			return true;
	return false;
}

static char *dup_str(const char *s)
{
	return strdup(s ? s : "");
}

static void row_release(struct breakdown_row *r)
{
	free(r->task);
	free(r->owner);
	free(r->deadline);
	free(r->target);
	free(r->section);
	free(r->note);
	free(r->type);
	free(r->prefix);
	free(r->suffix);
}

/* What column c gets from the tags of the sentence [ss, se), else from those of point
 * node: joined with sep, and the first due date, kept in w for the next row of the
 * same sentence. NULL when out of memory. */
static const struct gathered *gather_column(struct walk *w, const outline *o, size_t ss,
                                            size_t se, size_t node, enum column c,
                                            const char *sep)
{
	struct gathered *g = &w->col[c];
	if (g->valid && g->ss == ss && g->se == se && g->node == node)
		return g;
	free(g->joined);
	memset(g, 0, sizeof(*g));
	const char *due = "";
	struct values vs = {0};
	gather(w, ss, se, SIZE_MAX, c, &vs, &due);
	if (!vs.n && node != SIZE_MAX) {
		const struct outline_node *nd = outline_node_at(o, node);
		gather(w, nd->start, nd->end, node, c, &vs, &due);
	}
	g->joined = vs.nomem ? NULL : values_join(&vs, sep);
	values_release(&vs);
	if (!g->joined)
		return NULL;
	g->valid = true;
	g->ss = ss;
	g->se = se;
	g->node = node;
	g->due = due;
	return g;
}

/* The notes of the note tags in the sentence [ss, se), kept in w for its next row. */
static const struct values *sentence_notes(struct walk *w, size_t ss, size_t se)
{
	if (w->notes_valid && w->notes_ss == ss && w->notes_se == se)
		return &w->notes;
	values_release(&w->notes);
	for (size_t j = first_from(w, ss), e = first_from(w, se); j < e; j++) {
		const struct tag *b = tagset_at(w->ts, j);
		if (b->kind == TAGTYPE_NOTE)
			values_add(&w->notes, b->a.note);
	}
	w->notes_valid = !w->notes.nomem;
	w->notes_ss = ss;
	w->notes_se = se;
	return w->notes_valid ? &w->notes : NULL;
}

/* The row's own note, then the sentence's others (the own one not twice: a row that
 * is a note tag itself is among them), joined; owned, NULL when out of memory. */
static char *row_note(const char *own, const struct values *others)
{
	if (!*own)
		return values_join(others, "；");
	size_t len = strlen(own), sl = strlen("；");
	for (size_t i = 0; i < others->n; i++)
		if (strcmp(others->v[i], own))
			len += sl + strlen(others->v[i]);
	char *s = malloc(len + 1), *p = s;
	if (!s)
		return NULL;
	p = stpcpy(p, own);
	for (size_t i = 0; i < others->n; i++)
		if (strcmp(others->v[i], own)) {
			p = stpcpy(p, "；");
			p = stpcpy(p, others->v[i]);
		}
	return s;
}

/* Fills row r from anchored tag k. */
static enum pz_status fill_row(struct walk *w, const doc *d, const outline *o, size_t k,
                               struct breakdown_row *r)
{
	const struct tag *t = tagset_at(w->ts, k);
	const struct store_annot *a = &t->a;
	size_t ss, se;
	const struct outline_para *para = para_of(o, t->start);
	if (para) {
		const char *text = doc_text(d, NULL);
		sentence_in(text, para, para == w->para ? w->sent : para->start, t->start, &ss, &se);
		w->para = para;
		w->sent = ss;
	} else {
		breakdown_sentence(d, o, t->start, &ss, &se);
	}
	size_t node = w->node[k];
	const char *due = "";
	char **cell[] = {&r->owner, &r->deadline, &r->target};
	static const char *const sep[] = {"、", "；", "、"};
	enum pz_status st = PZ_OK;
	for (int c = COL_OWNER; c <= COL_TARGET && st == PZ_OK; c++) {
		if (c == COL_OWNER && *a->owner) {
			*cell[c] = strdup(a->owner);
		} else if (c == COL_DEADLINE && *a->due) {
			*cell[c] = strdup(a->due);
		} else {
			const struct gathered *g = gather_column(w, o, ss, se, node, c, sep[c]);
			*cell[c] = g ? strdup(g->joined) : NULL;
			if (g && c == COL_DEADLINE)
				due = g->due;
		}
		if (!*cell[c])
			st = PZ_NOMEM;
	}
	/* the row's note, then those of the note tags in its sentence */
	const struct values *notes = sentence_notes(w, ss, se);
	r->note = notes ? row_note(a->note, notes) : NULL;
	if (*a->due && tags_valid_date(a->due))
		due = a->due;
	snprintf(r->due, sizeof(r->due), "%s", due);
	char sec[512];
	tags_section_path(o, d, t->start, sec, sizeof(sec));
	struct doc_pos p = doc_pos_of(d, t->start);
	r->line = p.line;
	r->col = p.col;
	r->done = a->done != 0;
	memcpy(r->uuid, a->uuid, sizeof(r->uuid));
	r->start = a->start;
	r->end = a->end;
	r->modified = a->modified;
	r->task = dup_str(a->quote);
	r->section = dup_str(sec);
	r->type = dup_str(a->type);
	r->prefix = dup_str(a->prefix);
	r->suffix = dup_str(a->suffix);
	if (st != PZ_OK || !r->note || !r->task || !r->section || !r->type || !r->prefix ||
	    !r->suffix)
		return PZ_NOMEM;
	return PZ_OK;
}

enum pz_status breakdown_new(const tagset *ts, const doc *d, const outline *o,
                             const char *const *types, size_t ntypes, struct breakdown **out)
{
	*out = NULL;
	struct breakdown *b = calloc(1, sizeof(*b));
	if (!b)
		return PZ_NOMEM;
	size_t n = ts ? tagset_count(ts) : 0;
	struct walk w = {.ts = ts};
	size_t rows = 0;
	for (size_t k = 0; k < n; k++) {
		const struct tag *t = tagset_at(ts, k);
		bool row = is_row_type(t, types, ntypes);
		if (t->a.anchor == STORE_ORPHANED) {
			b->orphaned += row;
			continue;
		}
		w.anchored = k + 1; /* anchored tags come first */
		rows += row;
	}
	if (rows) {
		b->rows = calloc(rows, sizeof(*b->rows));
		w.node = malloc(w.anchored * sizeof(*w.node));
		if (!b->rows || !w.node) {
			free(w.node);
			breakdown_free(b);
			return PZ_NOMEM;
		}
		for (size_t k = 0; k < w.anchored; k++)
			w.node[k] = innermost(o, tagset_at(ts, k)->start);
	}
	enum pz_status st = PZ_OK;
	for (size_t k = 0; k < w.anchored && b->n < rows && st == PZ_OK; k++) {
		if (!is_row_type(tagset_at(ts, k), types, ntypes))
			continue;
		struct breakdown_row *r = &b->rows[b->n++];
		r->number = b->n;
		st = fill_row(&w, d, o, k, r);
		b->undated += !r->due[0];
	}
	free(w.node);
	for (int c = COL_OWNER; c <= COL_TARGET; c++)
		free(w.col[c].joined);
	values_release(&w.notes);
	if (st != PZ_OK) {
		breakdown_free(b);
		return st;
	}
	*out = b;
	return PZ_OK;
}

void breakdown_free(struct breakdown *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		row_release(&b->rows[i]);
	free(b->rows);
	free(b);
}
