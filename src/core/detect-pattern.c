/* The pattern language of the phrase rules: literal text, (a|b)? groups and the tokens
 * <Y> <M> <D> <N> <Q> <QU> <P> <S> (see detect-rules.h), matched leftmost-longest at a
 * place of the text by walking the pattern's string (patterns are short). */
#include "pizhu/detect-pattern.h"

#include <stdio.h>

#include "pizhu/cjk.h"

enum token { T_Y, T_M, T_D, T_N, T_Q, T_QU, T_P, T_S };

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
	case T_QU: {
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
		if ((k == T_QU || num.placeholder) && !c->unit[0])
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

size_t pattern_match(const struct text *t, size_t i, const char *p, struct caps *c)
{
	if (!*p)
		return i;
	if (*p == '(') {
		const char *after;
		bool optional;
		size_t inner = pattern_group_extent(p, &after, &optional);
		size_t best = SIZE_MAX;
		struct caps best_caps = *c;
		/* each alternative, followed by the rest of the pattern */
		const char *a = p + 1, *stop = p + 1 + inner;
		while (a <= stop) {
			const char *b = a;
			int depth = 0;
			while (b < stop && (depth || *b != '|')) {
				if (*b == '(')
					depth++;
				else if (*b == ')')
					depth--;
				b++;
			}
			/* alternative a..b then after: a plain word is compared in place */
			size_t alen = (size_t)(b - a), rlen;
			char buf[256];
			bool plain = true; /* no token or group inside: short, so no memchr */
			for (size_t x = 0; x < alen && plain; x++)
				plain = a[x] != '<' && a[x] != '(';
			if (plain) {
				if (starts_n(t, i, a, alen)) {
					struct caps cc = *c;
					if (cc.nwords < 4 && alen < sizeof(cc.words[0])) {
						memcpy(cc.words[cc.nwords], a, alen);
						cc.words[cc.nwords][alen] = '\0';
						cc.nwords++;
					}
					size_t e = pattern_match(t, i + alen, after, &cc);
					if (e != SIZE_MAX && (best == SIZE_MAX || e > best)) {
						best = e;
						best_caps = cc;
					}
				}
			} else if (alen + (rlen = strlen(after)) < sizeof(buf)) {
				memcpy(buf, a, alen);
				memcpy(buf + alen, after, rlen + 1);
				struct caps cc = *c;
				size_t e = pattern_match(t, i, buf, &cc);
				if (e != SIZE_MAX && (best == SIZE_MAX || e > best)) {
					best = e;
					best_caps = cc;
				}
			}
			a = b + 1;
		}
		if (optional) {
			struct caps cc = *c;
			size_t e = pattern_match(t, i, after, &cc);
			if (e != SIZE_MAX && (best == SIZE_MAX || e > best)) {
				best = e;
				best_caps = cc;
			}
		}
		if (best != SIZE_MAX)
			*c = best_caps;
		return best;
	}
	if (*p == '<') {
		static const struct {
			const char *name;
			enum token tok;
		} toks[] = { { "<Y>", T_Y }, { "<M>", T_M }, { "<D>", T_D }, { "<N>", T_N },
			     { "<QU>", T_QU }, { "<Q>", T_Q }, { "<P>", T_P }, { "<S>", T_S } };
		for (size_t k = 0; k < sizeof(toks) / sizeof(toks[0]); k++) {
			if (p[1] != toks[k].name[1])
				continue;
			size_t l = strlen(toks[k].name);
			if (strncmp(p, toks[k].name, l))
				continue;
			size_t e;
			struct caps cc = *c;
			if (i >= t->n || !token_match(t, i, toks[k].tok, &cc, &e))
				return SIZE_MAX;
			size_t r = pattern_match(t, e, p + l, &cc);
			if (r != SIZE_MAX)
				*c = cc;
			return r;
		}
		return SIZE_MAX;
	}
	/* a literal run up to the next special character */
	size_t l = 0;
	while (p[l] && p[l] != '(' && p[l] != '<')
		l++;
	if (!starts_n(t, i, p, l))
		return SIZE_MAX;
	return pattern_match(t, i + l, p + l, c);
}
