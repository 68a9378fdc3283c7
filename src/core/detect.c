/* Suggestions: what a speech asks for, found by rules a maintainer can read and extend.
 *
 * The rules are data (detect-rules.c): phrase rules of deadlines and targets in a small
 * pattern language, and the word lists that decide tasks and owners. The engine reads
 * them in layers, each in its own file:
 *
 *   detect.c            this file: the run, its threads, the order of the result
 *   detect-paragraph.c  a paragraph's sentences, where the layers below meet
 *   detect-task.c       whether a sentence is a task: a commitment word outside ordinary
 *                       words and exhortations, or a command verb it opens with; not a
 *                       report, statement, reported speech, announced plan or title
 *   detect-owner.c      owners: the unit before a commitment or a verb it governs, or
 *                       one named as responsible; a place alone is none
 *   detect-clause.c     clauses and sentences; whether a phrase binds an action (年底前
 *                       in 要在年底前完成, not 去年底 or 今年以来)
 *   detect-pattern.c    the pattern language of the phrase rules
 *   detect-value.c      a deadline's last day, a target's operator, figure and unit
 *   detect-prefilter.c  tables that try a rule or word only where it can stand
 *   detect-text.c       word tests on the text, the list of items found
 *
 * Numbers, dates and sentences are read by the text toolbox (cjk.h, date.h,
 * sentence.h). The rules were written on labelled speeches of the project and checked
 * against real speeches labelled by the same rules: see the README.
 */
#define _GNU_SOURCE /* memmem */
#include "pizhu/detect.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pizhu/detect-paragraph.h"
#include "pizhu/detect-prefilter.h"
#include "pizhu/detect-rules.h"
#include "pizhu/detect-text.h"
#include "pizhu/utf8.h"

/* An item's place in the sorted list: by start, then type, then the order found. */
struct order {
	size_t start;
	enum detect_type type;
	size_t i;
};

static int by_start(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->type != b->type)
		return (int)a->type - (int)b->type;
	return a->i < b->i ? -1 : a->i > b->i;
}

bool detect_speech_date(const doc *d, const outline *o, size_t i, struct date *date)
{
	if (i >= outline_speech_count(o))
		return false;
	const struct outline_speech *sp = outline_speech_at(o, i);
	const char *t = doc_text(d, NULL);
	size_t l;
	for (size_t p = sp->date.start; p < sp->date.end; p += l) {
		struct date c;
		date_read_chinese(t, sp->date.end, p, &c);
		if (c.year >= 1900 && c.year <= 2200 && c.month > 0 && c.day > 0 &&
		    c.day <= date_days_in(c.year, c.month)) {
			*date = c;
			return true;
		}
		utf8_get(t, sp->date.end, p, &l);
	}
	return false;
}

/* A real full date standing in t[a, b): the first one. */
static bool full_date_in(const char *t, size_t a, size_t b, struct date *date)
{
	size_t l;
	for (size_t p = a; p < b; p += l) {
		struct date c;
		date_read_chinese(t, b, p, &c);
		if (c.year >= 1900 && c.year <= 2200 && c.month > 0 && c.day > 0 &&
		    c.day <= date_days_in(c.year, c.month)) {
			*date = c;
			return true;
		}
		utf8_get(t, b, p, &l);
	}
	return false;
}

/* Whether [a, b) holds word w. */
static bool span_holds(const char *t, size_t a, size_t b, const char *w)
{
	return b > a && memmem(t + a, b - a, w, strlen(w)) != NULL;
}

#define ISSUED_MAX 60 /* characters: a longer paragraph is text, not an issuing line */

/* The date speech sp is issued or signed with: a short paragraph that is a date alone
 * (after a signature), a date in brackets, or a line that says it was issued. */
static bool issued_date(const char *t, const outline *o, const struct outline_speech *sp,
                        struct date *date)
{
	static const char *const issued[] = { "印发", "发布", "通过", "签发" };
	for (size_t i = sp->para_first; i < sp->para_end; i++) {
		const struct outline_para *p = outline_para_at(o, i);
		if (p->end - p->start > 4 * ISSUED_MAX ||
		    utf8_count(t + p->start, p->end - p->start) > ISSUED_MAX ||
		    !full_date_in(t, p->start, p->end, date))
			continue;
		struct date c;
		size_t e = date_read_chinese(t, p->end, p->start, &c);
		bool alone = e > p->start && (e == p->end || t[e] == '\n' || t[e] == ' ');
		bool bracketed = !memcmp(t + p->start, "（", 3) || t[p->start] == '(';
		bool says = false;
		for (size_t k = 0; k < sizeof(issued) / sizeof(issued[0]) && !says; k++)
			says = span_holds(t, p->start, p->end, issued[k]);
		if (alone || bracketed || says)
			return true;
	}
	return false;
}

/* A year written in [a, b) (2027年, 二〇二七年), 1900 to 2200: the latest, or 0. A
 * title that names two (2026年工作总结和2027年工作打算) reviews the one and plans the
 * other: its deadlines are of the plan's year. */
static int year_in(const char *t, size_t a, size_t b)
{
	size_t l;
	int year = 0;
	for (size_t p = a; p < b; p += l) {
		struct date c;
		size_t e = date_read_chinese(t, b, p, &c);
		if (e > p && c.year >= 1900 && c.year <= 2200 && c.year > year)
			year = c.year;
		utf8_get(t, b, p, &l);
		if (e > p + l)
			l = e - p;
	}
	return year;
}

/* The year a sentence of speech sp says this is (2024年是…年), at a clause's start. */
static int year_stated(const char *t, const outline *o, const struct outline_speech *sp)
{
	for (size_t i = sp->para_first; i < sp->para_end; i++) {
		const struct outline_para *p = outline_para_at(o, i);
		for (const char *hit = memmem(t + p->start, p->end - p->start, "年是", 6); hit;
		     hit = memmem(hit + 1, (size_t)(t + p->end - hit - 1), "年是", 6)) {
			size_t q = (size_t)(hit - t);
			size_t y = q;
			for (int k = 0; k < 4 && y > p->start; k++)
				y = utf8_prev(t, p->start, y);
			struct date c;
			size_t at;
			uint32_t before = utf8_before(t, p->start, y, &at);
			bool clause_start = y == p->start || before == 0xFF0C /* ， */ ||
			                    before == 0x3002 /* 。 */ || before == 0xFF1B /* ； */ ||
			                    before == 0xFF1A /* ： */;
			if (clause_start && date_read_chinese(t, p->end, y, &c) == q + 3 &&
			    c.year >= 1900 && c.year <= 2200)
				return c.year;
		}
	}
	return 0;
}

struct date detect_date_of(const doc *d, const outline *o, size_t i,
                           const struct detect_options *opt)
{
	struct date date = { 0, 0, 0 }, named = { 0, 0, 0 };
	const char *t = doc_text(d, NULL);
	const struct outline_speech *sp = i < outline_speech_count(o) ? outline_speech_at(o, i) : NULL;
	if (detect_speech_date(d, o, i, &date) || (sp && issued_date(t, o, sp, &date)))
		return date;
	if (opt && opt->date.year)
		return opt->date;
	bool has_name = opt && opt->name && date_from_name(opt->name, &named);
	if (has_name && named.month)
		return named;
	for (size_t k = 0; sp && k < sp->title_count && !date.year; k++)
		date.year = year_in(t, sp->titles[k].start, sp->titles[k].end);
	if (!date.year && has_name)
		date.year = named.year;
	if (!date.year && sp)
		date.year = year_stated(t, o, sp);
	return date;
}

/* Sorts f's items by start, then type, with the links to tasks following their items,
 * and keeps one of the same owner found twice (由县财政局牵头: named, and before 牵头),
 * with the part it plays when either says it.
 * f->v is replaced by the sorted array (never NULL); false when out of memory. */
static bool sort_found(struct found *f)
{
	struct order *ord = malloc((f->n + 1) * sizeof(*ord));
	struct detect_item *sorted = malloc((f->n + 1) * sizeof(*sorted));
	size_t *where = malloc((f->n + 1) * sizeof(*where));
	if (!ord || !sorted || !where) {
		free(ord);
		free(sorted);
		free(where);
		return false;
	}
	for (size_t i = 0; i < f->n; i++)
		ord[i] = (struct order){ f->v[i].start, f->v[i].type, i };
	qsort(ord, f->n, sizeof(*ord), by_start);
	for (size_t i = 0; i < f->n; i++) {
		sorted[i] = f->v[ord[i].i];
		where[ord[i].i] = i;
	}
	for (size_t i = 0; i < f->n; i++)
		if (sorted[i].task != SIZE_MAX)
			sorted[i].task = where[sorted[i].task];
	size_t kept = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (kept && sorted[kept - 1].type == sorted[i].type &&
		    sorted[kept - 1].start == sorted[i].start && sorted[kept - 1].end == sorted[i].end) {
			/* the part it plays when one of the two says it (（县住建局牵头）: told
			 * before 牵头, and named as the lead) */
			if (sorted[kept - 1].role == DETECT_TOLD)
				sorted[kept - 1].role = sorted[i].role;
			continue;
		}
		/* items after a dropped one keep pointing at tasks, which are never dropped
		 * (two tasks never share a span) */
		where[i] = kept;
		sorted[kept++] = sorted[i];
	}
	for (size_t i = 0; i < kept; i++)
		if (sorted[i].task != SIZE_MAX)
			sorted[i].task = where[sorted[i].task];
	free(ord);
	free(where);
	free(f->v);
	f->v = sorted;
	f->n = f->cap = kept;
	return true;
}

/* Paragraphs are independent: each sentence's suggestions depend on that sentence, its
 * paragraph and the speech's date only. So a long text is cut at paragraph boundaries
 * into parts of about equal size, one thread each. A part's items all stand before
 * the next part's, so each part sorts its own and the parts are joined in order: the
 * result is the same whatever the number of threads. */
#define PARALLEL_MIN (1u << 20) /* bytes: below this a thread costs more than it saves */
#define THREADS_MAX 8

struct part {
	const struct text *t;
	const outline *o;
	const struct prefilter *pf;
	const uint8_t *sections;
	const struct date *dates, *fallback;
	size_t nsp;
	size_t from, to;                /* paragraphs [from, to) */
	const atomic_bool *stop;
	/* written all along: a cache line of its own, not one with the next part's fields */
	_Alignas(64) struct found f;
};

static void *run_part(void *arg)
{
	struct part *pt = arg;
	for (size_t i = pt->from; i < pt->to && !pt->f.nomem; i++) {
		if (pt->stop && (i & 63) == 0 && atomic_load_explicit(pt->stop, memory_order_relaxed))
			break;
		const struct outline_para *p = outline_para_at(pt->o, i);
		struct outline_para body = *p;
		switch (p->role) {
		case OUTLINE_ROLE_BODY:
		case OUTLINE_ROLE_HEADING:
		case OUTLINE_ROLE_CLOSING:
			break;
		case OUTLINE_ROLE_SALUTATION:
			/* 同志们：… run together with the speech's first paragraph: its words */
			if (p->speech < pt->nsp) {
				const struct outline_speech *sp = outline_speech_at(pt->o, p->speech);
				if (sp->salutation.end > p->start && sp->salutation.end < p->end) {
					body.start = sp->salutation.end;
					break;
				}
			}
			continue;
		default:
			continue; /* title, date line, web leftovers */
		}
		const struct date *at = p->speech < pt->nsp ? &pt->dates[p->speech] : pt->fallback;
		paragraph_detect(pt->t, pt->o, &body, at, pt->pf, pt->sections, &pt->f);
	}
	/* a part's items all stand before the next part's: each part sorts its own */
	if (!pt->f.nomem && !sort_found(&pt->f))
		pt->f.nomem = true;
	return NULL;
}

static size_t thread_count(const struct detect_options *opt, size_t len)
{
	if (opt && opt->threads)
		return opt->threads < THREADS_MAX ? opt->threads : THREADS_MAX;
	if (len < PARALLEL_MIN)
		return 1;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > THREADS_MAX ? THREADS_MAX : (size_t)n;
}

/* Runs fn on each of the n arguments at arg (size bytes apart), each in a thread of
 * its own but the first, which the caller runs; one whose thread cannot start is run
 * by the caller too. */
static void run_each(void *(*fn)(void *), void *arg, size_t size, size_t n)
{
	pthread_t th[THREADS_MAX];
	bool started[THREADS_MAX] = { false };
	char *a = arg;
	for (size_t k = 1; k < n; k++)
		started[k] = pthread_create(&th[k], NULL, fn, a + k * size) == 0;
	fn(a);
	for (size_t k = 1; k < n; k++) {
		if (started[k])
			pthread_join(th[k], NULL);
		else
			fn(a + k * size);
	}
}

/* Runs the parts (run_each) and joins them all into f. */
static void run_parts(struct part *pt, size_t np, struct found *f)
{
	run_each(run_part, pt, sizeof(pt[0]), np);
	size_t total = 0;
	for (size_t k = 0; k < np; k++) {
		f->nomem |= pt[k].f.nomem;
		total += pt[k].f.n;
	}
	if (!f->nomem && np == 1) {
		*f = pt[0].f;
		return;
	}
	if (!f->nomem && !(f->v = malloc((total + 1) * sizeof(*f->v))))
		f->nomem = true;
	for (size_t k = 0; k < np; k++) {
		if (!f->nomem) {
			for (size_t i = 0; i < pt[k].f.n; i++) {
				struct detect_item it = pt[k].f.v[i];
				if (it.task != SIZE_MAX)
					it.task += f->n; /* the part's own index, now the run's */
				f->v[f->n + i] = it;
			}
			f->n += pt[k].f.n;
		}
		free(pt[k].f.v);
	}
}

/* The index of the paragraph of o holding byte off (the last starting at or before). */
static size_t para_index(const outline *o, size_t off)
{
	size_t lo = 0, hi = outline_para_count(o);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (outline_para_at(o, mid)->start <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : 0;
}
/* What each node's section does (SECTION_*): a heading whose title holds a review
 * word reviews work done (一、2024年工作回顾, 过去一年的工作); one whose first paragraph
 * opens with a time gone by (去年，…) reports; and so does what it holds. Here the
 * node's own flags, for nodes [from, to) into sec; section_inherit adds its parents'. */
static void sections_own(const struct text *t, const outline *o, const struct date *dates,
                         const struct date *fallback, size_t from, size_t to, uint8_t *sec)
{
	size_t np = outline_para_count(o), nsp = outline_speech_count(o);
	for (size_t k = from; k < to; k++) {
		const struct outline_node *nd = outline_node_at(o, k);
		if (nd->kind == OUTLINE_SPEECH)
			continue;
		if (holds_any(t, nd->title_start, nd->title_end, &detect_lexicon.review_words))
			sec[k] |= SECTION_REVIEW;
		/* its first paragraph after the title */
		size_t i = para_index(o, nd->title_end);
		if (i < np && outline_para_at(o, i)->end <= nd->title_end + 3)
			i++;
		if (i < np && outline_para_at(o, i)->start < nd->end) {
			const struct outline_para *p = outline_para_at(o, i);
			const struct date *at = p->speech < nsp ? &dates[p->speech] : fallback;
			if (paragraph_reports_past(t, p, at))
				sec[k] |= SECTION_PAST;
		}
	}
}

/* A node's section also does what its parent's does (a parent comes first). */
static void sections_inherit(const outline *o, uint8_t *sec)
{
	for (size_t k = 0, nn = outline_node_count(o); k < nn; k++) {
		const struct outline_node *nd = outline_node_at(o, k);
		if (nd->kind != OUTLINE_SPEECH && nd->parent < k)
			sec[k] |= sec[nd->parent];
	}
}

/* The work before the paragraphs, shared among the threads too: each speech's date,
 * then each node's own section flags (which read the dates of any speech). */
struct prep {
	const doc *d;
	const outline *o;
	const struct detect_options *opt;
	const struct text *t;
	struct date *dates;
	const struct date *fallback;
	uint8_t *sec;
	size_t from, to;                /* speeches, then nodes */
	bool nodes;
};

static void *run_prep(void *arg)
{
	struct prep *pr = arg;
	if (!pr->nodes) {
		for (size_t i = pr->from; i < pr->to; i++)
			pr->dates[i] = detect_date_of(pr->d, pr->o, i, pr->opt);
	} else {
		sections_own(pr->t, pr->o, pr->dates, pr->fallback, pr->from, pr->to, pr->sec);
	}
	return NULL;
}

/* The dates of the speeches and the sections of the nodes (SECTION_*, owned: free),
 * with np threads; NULL when out of memory. */
static uint8_t *prepare(const doc *d, const outline *o, const struct detect_options *opt,
                        const struct text *t, struct date *dates, const struct date *fallback,
                        size_t np)
{
	size_t nsp = outline_speech_count(o), nn = outline_node_count(o);
	uint8_t *sec = calloc(nn + 1, 1);
	if (!sec)
		return NULL;
	struct prep pr[THREADS_MAX];
	for (int nodes = 0; nodes < 2; nodes++) {
		size_t n = nodes ? nn : nsp, used = n < np ? (n ? n : 1) : np;
		for (size_t k = 0; k < used; k++)
			pr[k] = (struct prep){ d, o, opt, t, dates, fallback, sec, n * k / used,
			                       n * (k + 1) / used, nodes };
		run_each(run_prep, pr, sizeof(pr[0]), used);
	}
	sections_inherit(o, sec);
	return sec;
}

/* Links the owners of a note that stands as a paragraph of its own (（牵头单位：…）
 * under a task) to the last task of the paragraph before. Items are sorted. */
static void link_notes(const outline *o, struct found *f)
{
	size_t last = SIZE_MAX;
	for (size_t i = 0; i < f->n; i++) {
		struct detect_item *it = &f->v[i];
		if (it->type == DETECT_TASK)
			last = i;
		else if (it->note && it->task == SIZE_MAX && last != SIZE_MAX &&
		         para_index(o, f->v[last].start) + 1 == para_index(o, it->start))
			it->task = last;
	}
}

/* Links each task to the deadline that frames it: the innermost scope (a paragraph's
 * opening period, a list's, a heading's) holding it. Items are sorted by start. */
static void link_frames(struct found *f)
{
	size_t stack[32], n = 0;
	for (size_t i = 0; i < f->n; i++) {
		struct detect_item *it = &f->v[i];
		while (n && f->v[stack[n - 1]].scope_end <= it->start)
			n--;
		if (it->type == DETECT_TASK && n)
			it->frame = stack[n - 1];
		if (it->type == DETECT_DEADLINE && it->scope_end > it->start) {
			if (n == sizeof(stack) / sizeof(stack[0]))
				memmove(stack, stack + 1, --n * sizeof(stack[0]));
			stack[n++] = i;
		}
	}
}

enum pz_status detect_run(const doc *d, const outline *o, const struct detect_options *opt,
                          struct detect_item **items, size_t *n)
{
	size_t len;
	struct text t = { doc_text(d, &len), len };
	struct found f = { 0 };
	struct date fallback = opt ? opt->date : (struct date){ 0, 0, 0 };
	size_t nsp = outline_speech_count(o);
	struct date *dates = calloc(nsp + 1, sizeof(*dates));
	struct prefilter *pf = NULL;
	enum pz_status st = dates ? prefilter_new(&pf) : PZ_NOMEM;
	if (st != PZ_OK) {
		free(dates);
		return st;
	}
	size_t np = thread_count(opt, len);
	uint8_t *sections = prepare(d, o, opt, &t, dates, &fallback, np);
	if (!sections) {
		free(dates);
		prefilter_free(pf);
		return PZ_NOMEM;
	}
	/* parts of about len / np bytes each, ending at a paragraph's end */
	struct part pt[THREADS_MAX];
	size_t npara = outline_para_count(o), from = 0, used = 0;
	for (size_t k = 0; k < np && from < npara; k++) {
		size_t to = npara;
		if (k + 1 < np) {
			size_t goal = len / np * (k + 1);
			to = from;
			while (to < npara && outline_para_at(o, to)->start < goal)
				to++;
		}
		pt[used++] = (struct part){ &t, o, pf, sections, dates, &fallback, nsp, from, to,
		                            opt ? opt->stop : NULL, { 0 } };
		from = to;
	}
	if (!used)
		pt[used++] = (struct part){ &t, o, pf, sections, dates, &fallback, nsp, 0, 0, NULL, { 0 } };
	run_parts(pt, used, &f);
	free(dates);
	free(sections);
	prefilter_free(pf);
	if (f.nomem) {
		free(f.v);
		return PZ_NOMEM;
	}
	link_frames(&f);
	link_notes(o, &f);
	*items = f.v;
	*n = f.n;
	return PZ_OK;
}

const char *detect_type_name(enum detect_type t)
{
	static const char *const names[] = { "deadline", "target", "task", "owner" };
	return (unsigned)t < DETECT_TYPES ? names[t] : "";
}

bool detect_rule_at(size_t i, enum detect_type *type, const char **pattern, const char **example,
                    const char **value)
{
	if (i >= detect_rule_count)
		return false;
	*type = detect_rules[i].type;
	*pattern = detect_rules[i].pattern;
	*example = detect_rules[i].example;
	*value = detect_rules[i].value;
	return true;
}
