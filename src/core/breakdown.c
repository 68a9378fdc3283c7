/* The task breakdown table: tasks as rows, their owners, deadlines and targets
 * joined from the tags beside them (the same sentence, else the same point), so that
 * a speech's tags can go to a spreadsheet, an agenda or a calendar. */
#include "pizhu/breakdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/detect.h"
#include "pizhu/sentence.h"
#include "pizhu/utf8.h"

/* Whether t[a, e) ends with word w. */
static bool ends_with(const char *t, size_t a, size_t e, const char *w)
{
	size_t n = strlen(w);
	return e >= a + n && !memcmp(t + e - n, w, n);
}

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
	bool *note_used;          /* per anchored tag: a note joined to a row */
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
	free(r->lead);
	free(r->cooperating);
	free(r->chapter);
	free(r->deadline);
	free(r->target);
	free(r->section);
	free(r->note);
	free(r->type);
	free(r->prefix);
	free(r->suffix);
	store_replies_free(r->replies, r->nreplies);
	free(r->note_thread);
}

/* The note, then each reply "author：text", joined with "；" (owned; NULL: no memory). */
static char *note_and_thread(const char *note, const struct store_reply *v, size_t n)
{
	size_t len = strlen(note) + 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i].author) + strlen(v[i].text) + 2 * strlen("；");
	char *s = malloc(len), *p = s;
	if (!s)
		return NULL;
	p = stpcpy(p, note);
	for (size_t i = 0; i < n; i++) {
		if (p != s)
			p = stpcpy(p, "；");
		p = stpcpy(stpcpy(stpcpy(p, v[i].author), "："), v[i].text);
	}
	return s;
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
		if (b->kind == TAGTYPE_NOTE) {
			values_add(&w->notes, b->a.note);
			w->note_used[j] = true;
		}
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

/* The owners of a row: the owner tags starting in [from, to) (of point node only,
 * unless node is SIZE_MAX), as leading or cooperating (detect_owner_cooperates). */
static void gather_owners(const struct walk *w, const doc *d, size_t from, size_t to, size_t node,
                          struct values *lead, struct values *coop)
{
	size_t len;
	const char *text = doc_text(d, &len);
	for (size_t k = first_from(w, from), e = first_from(w, to); k < e; k++) {
		const struct tag *t = tagset_at(w->ts, k);
		if (t->kind != TAGTYPE_OWNER || (node != SIZE_MAX && w->node[k] != node))
			continue;
		bool c = detect_owner_cooperates(text, len, t->start, t->end);
		values_add(c ? coop : lead, column_value(&t->a, COL_OWNER));
	}
}

/* The end of the note after the sentence ending at se in paragraph para (（牵头单位：…）,
 * 责任单位：…), or se when none follows. */
static size_t note_end(const char *text, const struct outline_para *para, size_t se)
{
	if (!para || se >= para->end || !detect_note_at(text, para->end, se))
		return se;
	return sentence_end_wrapped(text, para->end, se);
}

/* Fills r's lead and cooperating owners: its own owner leads; else the owner tags of
 * its sentence and the note after it, else of its point. */
static enum pz_status fill_owners(struct walk *w, const doc *d, const outline *o,
                                  const struct tag *t, const struct outline_para *para,
                                  size_t ss, size_t se, size_t node, struct breakdown_row *r)
{
	struct values lead = {0}, coop = {0}, unused = {0};
	const char *text = doc_text(d, NULL);
	size_t to = note_end(text, para, se);
	/* its own owner wins over the leading owner tags around it; the cooperating
	 * ones still go beside it */
	if (*t->a.owner)
		values_add(&lead, t->a.owner);
	gather_owners(w, d, ss, to, SIZE_MAX, *t->a.owner ? &unused : &lead, &coop);
	values_release(&unused);
	if (!lead.n && !coop.n && node != SIZE_MAX) {
		const struct outline_node *nd = outline_node_at(o, node);
		gather_owners(w, d, nd->start, nd->end, node, &lead, &coop);
	}
	r->lead = lead.nomem ? NULL : values_join(&lead, "、");
	r->cooperating = coop.nomem ? NULL : values_join(&coop, "、");
	values_release(&lead);
	values_release(&coop);
	return r->lead && r->cooperating ? PZ_OK : PZ_NOMEM;
}

#define CHAPTER_TITLE 12 /* characters of a heading's title in 章节 */

/* The path of headings holding byte off, each its marker and its title up to
 * CHAPTER_TITLE characters ("…" after a longer one), joined by " › ": owned, "" when
 * none, NULL when out of memory. */
static char *chapter_of(const outline *o, const doc *d, size_t node)
{
	size_t chain[16], depth = 0;
	for (size_t i = node; o && i != SIZE_MAX && depth < 16;) {
		const struct outline_node *nd = outline_node_at(o, i);
		if (nd->kind == OUTLINE_SPEECH)
			break;
		chain[depth++] = i;
		if (nd->parent == i)
			break;
		i = nd->parent;
	}
	const char *t = doc_text(d, NULL);
	size_t cap = 16, used = 0;
	char *buf = malloc(cap);
	if (!buf)
		return NULL;
	buf[0] = '\0';
	while (depth--) {
		const struct outline_node *nd = outline_node_at(o, chain[depth]);
		size_t a = nd->start, b = nd->title_end > a ? nd->title_end : a + nd->marker_len;
		/* the title up to CHAPTER_TITLE characters after its marker, without its
		 * closing mark or a line break */
		size_t e = nd->start + nd->marker_len, n = 0, l;
		if (nd->title_start > e)
			e = nd->title_start;
		while (e < b && n < CHAPTER_TITLE && t[e] != '\n') {
			utf8_get(t, b, e, &l);
			e += l;
			n++;
		}
		bool cut = e < b && t[e] != '\n' && !(e + 3 >= b && (!memcmp(t + e, "。", 3) ||
		                                                     !memcmp(t + e, "：", 3)));
		while (e > a && (ends_with(t, a, e, "。") || ends_with(t, a, e, "：") ||
		                 ends_with(t, a, e, "，") || ends_with(t, a, e, " ")))
			e -= t[e - 1] == ' ' ? 1 : 3;
		size_t need = used + 4 + (e - a) + 4 + 1;
		if (need > cap) {
			while (cap < need)
				cap *= 2;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		if (used)
			used += (size_t)sprintf(buf + used, " › ");
		memcpy(buf + used, t + a, e - a);
		used += e - a;
		if (cut)
			used += (size_t)sprintf(buf + used, "…");
		buf[used] = '\0';
	}
	return buf;
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
	st = fill_owners(w, d, o, t, para, ss, se, node, r);
	r->chapter = chapter_of(o, d, node);
	if (!r->chapter)
		st = PZ_NOMEM;
	for (int c = COL_OWNER; c <= COL_TARGET && st == PZ_OK; c++) {
		if (c == COL_OWNER) { /* every owner: the lead, then the cooperating */
			size_t nl = strlen(r->lead), nc = strlen(r->cooperating);
			*cell[c] = malloc(nl + nc + sizeof("、"));
			if (*cell[c])
				sprintf(*cell[c], "%s%s%s", r->lead, nl && nc ? "、" : "", r->cooperating);
			else
				st = PZ_NOMEM;
			continue;
		}
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
	/* the tag's discussion: kept as a thread where a format can, joined in a cell */
	if (st == PZ_OK && tagset_replies(w->ts, a->uuid, &r->replies, &r->nreplies) != PZ_OK)
		r->replies = NULL, r->nreplies = 0; /* a thread that cannot be read is left out */
	r->note_thread = r->note ? note_and_thread(r->note, r->replies, r->nreplies) : NULL;
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
	    !r->suffix || !r->note_thread)
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
	if (w.anchored) {
		b->rows = calloc(rows + 1, sizeof(*b->rows));
		w.node = malloc(w.anchored * sizeof(*w.node));
		w.note_used = calloc(w.anchored, sizeof(*w.note_used));
		if (!b->rows || !w.node || !w.note_used) {
			free(w.node);
			free(w.note_used);
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
	/* the tags that are not rows, for a sheet of their own */
	size_t others = w.anchored - b->n;
	if (st == PZ_OK && others && !(b->others = calloc(others, sizeof(*b->others))))
		st = PZ_NOMEM;
	for (size_t k = 0; k < w.anchored && st == PZ_OK; k++) {
		const struct tag *t = tagset_at(ts, k);
		if (is_row_type(t, types, ntypes))
			continue;
		struct breakdown_tag *x = &b->others[b->nothers++];
		const struct store_annot *a = &t->a;
		struct values vs = {0};
		values_add(&vs, a->due);
		values_add(&vs, a->owner);
		values_add(&vs, a->note);
		x->value = vs.nomem ? NULL : values_join(&vs, "；");
		values_release(&vs);
		x->type = dup_str(a->type);
		x->text = dup_str(a->quote);
		x->chapter = chapter_of(o, d, w.node[k]);
		struct doc_pos p = doc_pos_of(d, t->start);
		x->line = p.line;
		x->col = p.col;
		memcpy(x->uuid, a->uuid, sizeof(x->uuid));
		/* a note no row took (on a sentence without a task): counted, for the formats
		 * that have no place for it to say so */
		x->loose = t->kind == TAGTYPE_NOTE && !w.note_used[k];
		b->loose_notes += x->loose;
		if (!x->value || !x->type || !x->text || !x->chapter)
			st = PZ_NOMEM;
	}
	free(w.node);
	free(w.note_used);
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
	for (size_t i = 0; i < b->nothers; i++) {
		free(b->others[i].type);
		free(b->others[i].text);
		free(b->others[i].value);
		free(b->others[i].chapter);
	}
	free(b->others);
	free(b->title);
	free(b->file);
	free(b);
}

enum pz_status breakdown_describe(struct breakdown *b, const doc *d, const outline *o,
                                  const char *file, const struct detect_options *dopt,
                                  int64_t now)
{
	const char *t = doc_text(d, NULL);
	/* the title: the first speech's title lines, else the file's name */
	char title[512] = "";
	size_t used = 0;
	if (o && outline_speech_count(o)) {
		const struct outline_speech *sp = outline_speech_at(o, 0);
		for (size_t k = 0; k < sp->title_count; k++) {
			size_t a = sp->titles[k].start, e = sp->titles[k].end;
			if (e - a + used + 1 < sizeof(title)) {
				memcpy(title + used, t + a, e - a);
				used += e - a;
				title[used] = '\0';
			}
		}
	}
	if (!used && file) {
		const char *base = strrchr(file, '/');
		snprintf(title, sizeof(title), "%s", base ? base + 1 : file);
	}
	struct date dt = o ? detect_date_of(d, o, 0, dopt) : (struct date){ 0, 0, 0 };
	if (dt.year && dt.month && dt.day)
		snprintf(b->date, sizeof(b->date), "%04d-%02d-%02d", dt.year, dt.month, dt.day);
	else if (dt.year)
		snprintf(b->date, sizeof(b->date), "%04d", dt.year);
	free(b->title);
	free(b->file);
	b->title = strdup(title);
	b->file = strdup(file ? file : "");
	b->exported = now;
	if (!b->title || !b->file)
		return PZ_NOMEM;
	return PZ_OK;
}

void breakdown_sources(struct breakdown *b, const struct store_source_row *v, size_t n)
{
	for (size_t i = 0; i < b->n; i++)
		b->rows[i].source = store_source_of(v, n, b->rows[i].uuid);
	for (size_t i = 0; i < b->nothers; i++)
		b->others[i].source = store_source_of(v, n, b->others[i].uuid);
}
