/* Histogram diff over id sequences (the algorithm of jgit's HistogramDiff and git's
 * xhistogram.c), written here rather than taken from libgit2: see diffseq.h and the
 * README ("Comparing drafts") for why. */
#include "pizhu/diffseq.h"

#include <stdbool.h>
#include <stdlib.h>

/* Elements seen more often than this in a part of a are no anchors (git's default). */
#define MAX_CHAIN 64
#define NONE SIZE_MAX

struct range {
	size_t a0, a1, b0, b1;
};

struct seq {
	const uint32_t *a, *b;
	size_t *head;       /* per id: first position in the current part of a, or NONE */
	uint32_t *cnt;      /* per id: occurrences in the current part of a */
	size_t *next;       /* per position of a: the next one with the same id, or NONE */
	struct range *stack;
	size_t nstack, cstack;
	struct diffseq_edit *edits;
	size_t nedit, cedit;
};

static bool push(struct seq *q, size_t a0, size_t a1, size_t b0, size_t b1)
{
	if (a0 == a1 && b0 == b1)
		return true;
	if (q->nstack == q->cstack) {
		size_t nc = q->cstack ? q->cstack * 2 : 32;
		struct range *p = realloc(q->stack, nc * sizeof(*p));
		if (!p)
			return false;
		q->stack = p;
		q->cstack = nc;
	}
	q->stack[q->nstack++] = (struct range){ a0, a1, b0, b1 };
	return true;
}

static bool emit(struct seq *q, size_t a0, size_t a1, size_t b0, size_t b1)
{
	if (q->nedit == q->cedit) {
		size_t nc = q->cedit ? q->cedit * 2 : 16;
		struct diffseq_edit *p = realloc(q->edits, nc * sizeof(*p));
		if (!p)
			return false;
		q->edits = p;
		q->cedit = nc;
	}
	q->edits[q->nedit++] = (struct diffseq_edit){ a0, a1 - a0, b0, b1 - b0 };
	return true;
}

/* The longest common run around the rarest element of a[a0,a1) also in b[b0,b1), as
 * git's try_lcs finds it. False when there is none. */
static bool find_lcs(struct seq *q, const struct range *r, struct range *best)
{
	const uint32_t *a = q->a, *b = q->b;
	size_t best_len = 0;
	uint32_t best_rc = MAX_CHAIN + 1;
	bool found = false;

	for (size_t i = r->a1; i-- > r->a0;) {
		uint32_t id = a[i];
		q->next[i] = q->head[id];
		q->head[id] = i;
		q->cnt[id]++;
	}
	for (size_t j = r->b0; j < r->b1;) {
		size_t next_j = j + 1;
		uint32_t id = b[j];
		if (q->cnt[id] == 0 || q->cnt[id] > best_rc || q->cnt[id] > MAX_CHAIN) {
			j = next_j;
			continue;
		}
		for (size_t i = q->head[id]; i != NONE;) {
			size_t as = i, bs = j, ae = i + 1, be = j + 1;
			uint32_t rc = q->cnt[id];
			while (as > r->a0 && bs > r->b0 && a[as - 1] == b[bs - 1]) {
				as--, bs--;
				if (q->cnt[a[as]] < rc)
					rc = q->cnt[a[as]];
			}
			while (ae < r->a1 && be < r->b1 && a[ae] == b[be]) {
				if (q->cnt[a[ae]] < rc)
					rc = q->cnt[a[ae]];
				ae++, be++;
			}
			if (next_j < be)
				next_j = be;
			if (best_len < ae - as || rc < best_rc) {
				*best = (struct range){ as, ae, bs, be };
				best_len = ae - as;
				best_rc = rc;
				found = true;
			}
			for (i = q->next[i]; i != NONE && i < ae; i = q->next[i])
				;
		}
		j = next_j;
	}
	for (size_t i = r->a0; i < r->a1; i++) {
		q->head[a[i]] = NONE;
		q->cnt[a[i]] = 0;
	}
	return found;
}

static bool step(struct seq *q, struct range r)
{
	const uint32_t *a = q->a, *b = q->b;
	while (r.a0 < r.a1 && r.b0 < r.b1 && a[r.a0] == b[r.b0])
		r.a0++, r.b0++;
	while (r.a0 < r.a1 && r.b0 < r.b1 && a[r.a1 - 1] == b[r.b1 - 1])
		r.a1--, r.b1--;
	if (r.a0 == r.a1 || r.b0 == r.b1)
		return (r.a0 == r.a1 && r.b0 == r.b1) || emit(q, r.a0, r.a1, r.b0, r.b1);
	struct range m = r;
	if (!find_lcs(q, &r, &m))
		return emit(q, r.a0, r.a1, r.b0, r.b1);
	return push(q, m.a1, r.a1, m.b1, r.b1) && push(q, r.a0, m.a0, r.b0, m.b0);
}

static int cmp_edit(const void *x, const void *y)
{
	const struct diffseq_edit *p = x, *q = y;
	return (p->a > q->a) - (p->a < q->a);
}

enum pz_status diffseq_run(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                           uint32_t nids, struct diffseq_edit **edits, size_t *n)
{
	struct seq q = { .a = a, .b = b };
	bool ok = false;
	*edits = NULL;
	*n = 0;
	q.head = malloc((nids ? nids : 1) * sizeof(*q.head));
	q.cnt = calloc(nids ? nids : 1, sizeof(*q.cnt));
	q.next = malloc((na ? na : 1) * sizeof(*q.next));
	if (!q.head || !q.cnt || !q.next)
		goto done;
	for (uint32_t i = 0; i < nids; i++)
		q.head[i] = NONE;
	if (!push(&q, 0, na, 0, nb))
		goto done;
	while (q.nstack)
		if (!step(&q, q.stack[--q.nstack]))
			goto done;
	if (q.nedit > 1)
		qsort(q.edits, q.nedit, sizeof(*q.edits), cmp_edit);
	/* edits that touch become one */
	size_t k = 0;
	for (size_t i = 0; i < q.nedit; i++) {
		struct diffseq_edit *e = &q.edits[i];
		if (k && q.edits[k - 1].a + q.edits[k - 1].na == e->a &&
		    q.edits[k - 1].b + q.edits[k - 1].nb == e->b) {
			q.edits[k - 1].na += e->na;
			q.edits[k - 1].nb += e->nb;
		} else {
			q.edits[k++] = *e;
		}
	}
	*edits = q.edits;
	*n = k;
	q.edits = NULL;
	ok = true;
done:
	free(q.head);
	free(q.cnt);
	free(q.next);
	free(q.stack);
	free(q.edits);
	return ok ? PZ_OK : PZ_NOMEM;
}
