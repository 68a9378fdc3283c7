/* The pattern language of the phrase rules: literal text, (a|b)? groups and the tokens
 * <Y> <M> <D> <N> <Q> <QU> <P> <S> (see detect-rules.h), matched leftmost-longest at a
 * place of the text by walking the pattern's string (patterns are short). */
#include "pizhu/detect-pattern.h"

#include <stdio.h>

#include "pizhu/cjk.h"

#define W_MAX 12 /* characters of <W> */

enum token { T_Y, T_M, T_D, T_N, T_Q, T_QU, T_QF, T_P, T_S };

void caps_init(struct caps *c)
{
	c->year = c->month = c->day = c->season = 0;
	c->year_set = c->unfilled = false;
	c->part[0] = c->unit[0] = '\0';
	c->num = 0;
	c->nwords = 0;
}

bool caps_said(const struct caps *c, const char *w)
{
	for (int i = 0; i < c->nwords; i++)
		if (!strcmp(c->words[i], w))
			return true;
	return false;
}

/* Whether c ends a clause or a list's item: ，。；：！？、 (or half width), a line break. */
static bool clause_or_list_mark(uint32_t c)
{
	switch (c) {
	case 0xFF0C: case 0x3002: case 0xFF1B: case 0xFF1A: case 0xFF01: case 0xFF1F: case 0x3001:
	case ',': case ';': case ':': case '!': case '?': case '\n':
		return true;
	default:
		return false;
	}
}

static bool token_match(const struct text *t, size_t i, enum token k, struct caps *c, size_t *end)
{
	struct cjk_number num;
	size_t l;
	switch (k) {
	case T_Y: {
		if (starts_lit(t, i, "今年") || starts_lit(t, i, "明年"))
			return false;
		if (!cjk_number_read(t->s, t->n, i, &num))
			return false;
		if (num.placeholder) {
			c->unfilled = true;
		} else {
			if (num.value < 1900 || num.value > 2200)
				return false;
			c->year = (int)num.value;
			c->year_set = true;
		}
		*end = num.end;
		return true;
	}
	case T_M:
	case T_D:
		if (!cjk_number_read(t->s, t->n, i, &num))
			return false;
		if (num.placeholder)
			c->unfilled = true;
		else if (num.value < 1 || num.value > (k == T_M ? 12 : 31) || num.value != (int)num.value)
			return false;
		else if (k == T_M)
			c->month = (int)num.value;
		else
			c->day = (int)num.value;
		*end = num.end;
		return true;
	case T_N:
		if (!cjk_number_read(t->s, t->n, i, &num))
			return false;
		c->num = num.value;
		c->unfilled |= num.placeholder;
		*end = num.end;
		return true;
	case T_Q:
	case T_QU:
	case T_QF: {
		if (!cjk_number_read(t->s, t->n, i, &num))
			return false;
		c->num = num.value;
		c->unfilled |= num.placeholder;
		c->unit[0] = '\0';
		size_t e = num.end;
		const struct detect_words *units = &detect_lexicon.units;
		for (size_t u = 0; u < units->n; u++)
			if (starts(t, e, units->w[u])) {
				if (!strcmp(units->w[u], "成")) { /* 八成: 80% */
					c->num *= 10;
					strcpy(c->unit, "%");
				} else {
					snprintf(c->unit, sizeof(c->unit), "%s",
					         !strcmp(units->w[u], "％") ? "%" : units->w[u]);
				}
				e += strlen(units->w[u]);
				break;
			}
		/* a placeholder counts as a quantity only with its unit (xx万元): 提升**党建
		 * is a place name left out, not a figure */
		if ((k != T_Q || num.placeholder) && !c->unit[0])
			return false;
		/* a figure to reach: not a count of actions (开展一次), not vague (一批) */
		if (k == T_QF && (starts_any(t, num.end, &detect_lexicon.action_counts) ||
		                  ends_any(t, i, e, &detect_lexicon.vague_quantities) ||
		                  starts_any(t, e, &detect_lexicon.named_items)))
			return false;
		/* 的一项, 是一个: an article, not a figure */
		size_t bl;
		if (k == T_QF && num.value == 1 && !num.placeholder && cjk_digit(char_at(t, i, &bl)) < 0 &&
		    in_set(char_before(t, i, &bl), "的是这那"))
			return false;
		/* one of nothing named is a slogan (成熟一个、发展一个), not a figure */
		size_t ml;
		if (k == T_QF && num.value == 1 && !num.placeholder &&
		    (e >= t->n || clause_or_list_mark(char_at(t, e, &ml))))
			return false;
		*end = e;
		return true;
	}
	case T_P:
		for (size_t p = 0; p < detect_lexicon.month_parts.n; p++)
			if (starts(t, i, detect_lexicon.month_parts.w[p])) {
				snprintf(c->part, sizeof(c->part), "%s", detect_lexicon.month_parts.w[p]);
				*end = i + strlen(detect_lexicon.month_parts.w[p]);
				return true;
			}
		return false;
	case T_S: {
		uint32_t ch = char_at(t, i, &l);
		int d = cjk_numeral_digit(ch);
		if (d < 1 || d > 4)
			d = ch >= '1' && ch <= '4' ? (int)(ch - '0') : -1;
		if (d < 1 || d > 4)
			return false;
		c->season = d;
		*end = i + l;
		return true;
	}
	}
	return false;
}

/* The group opening at p ('('): the length of what is inside its parentheses; *after
 * points past its ')' and its '?', *optional says whether it had one. */
size_t pattern_group_extent(const char *p, const char **after, bool *optional)
{
	const char *q = p + 1, *end = q;
	int depth = 1;
	while (*end && depth) {
		if (*end == '(')
			depth++;
		else if (*end == ')')
			depth--;
		if (depth)
			end++;
	}
	*after = *end ? end + 1 : end;
	*optional = **after == '?';
	if (*optional)
		(*after)++;
	return (size_t)(end - q);
}

/* ---- patterns compiled once ---- */

enum pkind { PK_LIT, PK_GROUP, PK_TOKEN, PK_WORDS };

struct pseq;

struct pnode {
	enum pkind kind;
	const char *s;                  /* PK_LIT: its bytes */
	size_t len;
	enum token tok;                 /* PK_TOKEN */
	const struct pseq *alts;        /* PK_GROUP: its alternatives, in order */
	size_t nalts;
	bool optional;
};

/* A sequence of nodes; plain when it is one literal (or none): its word is recorded
 * among the words chosen when it is a group's alternative. */
struct pseq {
	const struct pnode *v;
	size_t n;
	bool plain;
	const char *word;
	size_t wlen;
};

struct pattern {
	struct pseq top;
	char *arena;                    /* nodes and sequences, one block */
};

/* What comes after a sequence ends: the rest of the sequences that hold it. */
struct cont {
	const struct pseq *seq;
	size_t idx;
	const struct cont *next;
};

static const struct {
	const char *name;
	enum token tok;
} tokens[] = { { "<Y>", T_Y }, { "<M>", T_M }, { "<D>", T_D }, { "<N>", T_N }, { "<QU>", T_QU },
	       { "<QF>", T_QF }, { "<Q>", T_Q }, { "<P>", T_P }, { "<S>", T_S } };

/* A bump allocator for a pattern's nodes and sequences: each takes at least one
 * character of the pattern (an empty alternative its |), so (length + 2) of each fit. */
struct arena {
	char *base;
	size_t used, cap;
};

static void *take(struct arena *ar, size_t bytes)
{
	size_t at = (ar->used + 15) & ~(size_t)15;
	if (at + bytes > ar->cap)
		return NULL;
	ar->used = at + bytes;
	return ar->base + at;
}

/* The end of the element of p[i..n) (a group with its ?, a token, a literal run). */
static size_t element_end(const char *p, size_t n, size_t i, bool *ok)
{
	if (p[i] == '(') {
		const char *after;
		bool optional;
		size_t inner = pattern_group_extent(p + i, &after, &optional);
		*ok = i + 1 + inner < n && p[i + 1 + inner] == ')';
		return (size_t)(after - p);
	}
	if (p[i] == '<') {
		const char *close = memchr(p + i, '>', n - i);
		*ok = close != NULL;
		return close ? (size_t)(close - p) + 1 : n;
	}
	size_t l = 0;
	while (i + l < n && p[i + l] != '(' && p[i + l] != '<')
		l++;
	*ok = true;
	return i + l;
}

/* Builds the sequence of p[0..n) into *out. False on a malformed pattern or a full
 * arena. */
static bool compile_seq(const char *p, size_t n, struct pseq *out, struct arena *ar)
{
	size_t count = 0;
	bool ok = true;
	for (size_t i = 0; i < n && ok; count++)
		i = element_end(p, n, i, &ok);
	struct pnode *v = take(ar, (count + 1) * sizeof(*v));
	if (!ok || !v)
		return false;
	*out = (struct pseq){ v, count, false, p, n };
	for (size_t i = 0, x = 0; i < n; x++) {
		size_t e = element_end(p, n, i, &ok);
		struct pnode *nd = &v[x];
		*nd = (struct pnode){ 0 };
		if (p[i] == '(') {
			const char *after;
			size_t inner = pattern_group_extent(p + i, &after, &nd->optional);
			const char *a = p + i + 1, *stop = a + inner;
			size_t k = 1;
			int depth = 0;
			for (const char *q = a; q < stop; q++) {
				depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
				k += !depth && *q == '|';
			}
			struct pseq *alts = take(ar, k * sizeof(*alts));
			if (!alts)
				return false;
			for (size_t y = 0; y < k; y++) {
				const char *b = a;
				depth = 0;
				while (b < stop && (depth || *b != '|')) {
					depth += *b == '(' ? 1 : *b == ')' ? -1 : 0;
					b++;
				}
				if (!compile_seq(a, (size_t)(b - a), &alts[y], ar))
					return false;
				bool plain = true; /* no token or group inside */
				for (const char *q = a; q < b && plain; q++)
					plain = *q != '<' && *q != '(';
				alts[y].plain = plain;
				a = b + 1;
			}
			nd->kind = PK_GROUP;
			nd->alts = alts;
			nd->nalts = k;
		} else if (e - i == 3 && !strncmp(p + i, "<W>", 3)) {
			nd->kind = PK_WORDS;
		} else if (p[i] == '<') {
			size_t k = 0;
			while (k < sizeof(tokens) / sizeof(tokens[0]) &&
			       (strlen(tokens[k].name) != e - i || strncmp(p + i, tokens[k].name, e - i)))
				k++;
			if (k == sizeof(tokens) / sizeof(tokens[0]))
				return false;
			nd->kind = PK_TOKEN;
			nd->tok = tokens[k].tok;
		} else {
			nd->kind = PK_LIT;
			nd->s = p + i;
			nd->len = e - i;
		}
		i = e;
	}
	return true;
}

enum pz_status pattern_compile(const char *src, struct pattern **out)
{
	size_t n = strlen(src);
	struct pattern *pt = calloc(1, sizeof(*pt));
	size_t cap = (n + 2) * (sizeof(struct pnode) + sizeof(struct pseq) + 32);
	char *base = malloc(cap);
	if (!pt || !base) {
		free(pt);
		free(base);
		return PZ_NOMEM;
	}
	pt->arena = base;
	struct arena ar = { base, 0, cap };
	if (!compile_seq(src, n, &pt->top, &ar)) {
		pattern_free(pt);
		return PZ_SYNTAX;
	}
	*out = pt;
	return PZ_OK;
}

void pattern_free(struct pattern *pt)
{
	if (pt) {
		free(pt->arena);
		free(pt);
	}
}

/* Whether c may stand inside <W>: not a clause or list mark, not a digit, not a word
 * that joins two things (发展改革委和两个区: the figure is not the verb's). */
static bool word_char(uint32_t c)
{
	return !clause_or_list_mark(c) && cjk_digit(c) < 0 && c != 0x548C /* 和 */ &&
	       c != 0x4E0E /* 与 */ && c != 0x53CA /* 及 */;
}

static size_t match_seq(const struct text *t, size_t i, const struct pseq *seq, size_t idx,
                        const struct cont *k, struct caps *c);

/* The node that comes next after node idx of seq. */
static const struct pnode *next_node(const struct pseq *seq, size_t idx, const struct cont *k)
{
	if (idx + 1 < seq->n)
		return &seq->v[idx + 1];
	for (; k; k = k->next)
		if (k->idx < k->seq->n)
			return &k->seq->v[k->idx];
	return NULL;
}

/* <W> at node idx of seq: 0 to W_MAX characters of words, then the rest; the longest
 * end, the fewest words where two ways end alike. When a number token comes next,
 * only places where a number starts are tried. */
static size_t words_match(const struct text *t, size_t i, const struct pseq *seq, size_t idx,
                          const struct cont *k, struct caps *c)
{
	const struct pnode *nx = next_node(seq, idx, k);
	bool number_next = nx && nx->kind == PK_TOKEN &&
	                   (nx->tok == T_Q || nx->tok == T_QU || nx->tok == T_QF || nx->tok == T_N);
	size_t best = SIZE_MAX, l;
	struct caps best_caps = *c;
	for (int w = 0; w <= W_MAX && i <= t->n; w++) {
		if (!number_next || (i < t->n && cjk_number_start(char_at(t, i, &l)))) {
			struct caps cc = *c;
			size_t e = match_seq(t, i, seq, idx + 1, k, &cc);
			if (e != SIZE_MAX && (best == SIZE_MAX || e > best)) {
				best = e;
				best_caps = cc;
			}
		}
		if (i >= t->n || !word_char(char_at(t, i, &l)))
			break;
		/* at least N of an action (至少建成1个) is its rule's, whatever follows */
		if (starts_any(t, i, &detect_lexicon.at_least))
			break;
		/* a comparison before the figure (过5000户, 不少于30个) is its rule's */
		const char *cmp = starts_any(t, i, &detect_lexicon.comparators);
		size_t nl;
		if (cmp && i + strlen(cmp) < t->n &&
		    cjk_number_start(char_at(t, i + strlen(cmp), &nl)))
			break;
		i += l;
	}
	if (best != SIZE_MAX)
		*c = best_caps;
	return best;
}

/* Matches node idx on of seq, then what k says comes after: the longest end, or
 * SIZE_MAX; c is filled from the longest way (the first of equal ones). */
static size_t match_seq(const struct text *t, size_t i, const struct pseq *seq, size_t idx,
                        const struct cont *k, struct caps *c)
{
	for (; idx < seq->n; idx++) {
		const struct pnode *nd = &seq->v[idx];
		switch (nd->kind) {
		case PK_LIT:
			if (!starts_n(t, i, nd->s, nd->len))
				return SIZE_MAX;
			i += nd->len;
			continue;
		case PK_TOKEN: {
			size_t e;
			struct caps cc = *c;
			if (i >= t->n || !token_match(t, i, nd->tok, &cc, &e))
				return SIZE_MAX;
			size_t r = match_seq(t, e, seq, idx + 1, k, &cc);
			if (r != SIZE_MAX)
				*c = cc;
			return r;
		}
		case PK_WORDS:
			return words_match(t, i, seq, idx, k, c);
		case PK_GROUP: {
			/* each alternative, followed by the rest of the pattern */
			struct cont rest = { seq, idx + 1, k };
			size_t best = SIZE_MAX;
			struct caps best_caps = *c;
			for (size_t x = 0; x < nd->nalts; x++) {
				const struct pseq *alt = &nd->alts[x];
				/* a word compared in place before anything is copied */
				if (alt->plain && !starts_n(t, i, alt->word, alt->wlen))
					continue;
				struct caps cc = *c;
				size_t e;
				if (alt->plain) {
					if (cc.nwords < 4 && alt->wlen < sizeof(cc.words[0])) {
						memcpy(cc.words[cc.nwords], alt->word, alt->wlen);
						cc.words[cc.nwords][alt->wlen] = '\0';
						cc.nwords++;
					}
					e = match_seq(t, i + alt->wlen, seq, idx + 1, k, &cc);
				} else {
					e = match_seq(t, i, alt, 0, &rest, &cc);
				}
				if (e != SIZE_MAX && (best == SIZE_MAX || e > best)) {
					best = e;
					best_caps = cc;
				}
			}
			if (nd->optional) {
				struct caps cc = *c;
				size_t e = match_seq(t, i, seq, idx + 1, k, &cc);
				if (e != SIZE_MAX && (best == SIZE_MAX || e > best)) {
					best = e;
					best_caps = cc;
				}
			}
			if (best != SIZE_MAX)
				*c = best_caps;
			return best;
		}
		}
	}
	if (k)
		return match_seq(t, i, k->seq, k->idx, k->next, c);
	return i;
}

size_t pattern_match(const struct text *t, size_t i, const struct pattern *pt, struct caps *c)
{
	return match_seq(t, i, &pt->top, 0, NULL, c);
}
