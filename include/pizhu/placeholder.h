/* Placeholders left in drafts (XX市, X月X日, **书记, ×××同志): the reader marks them
 * so that an unfinished text is not read out as it stands. */
#ifndef PIZHU_PLACEHOLDER_H
#define PIZHU_PLACEHOLDER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Finds the first placeholder that starts at or after from in s[0..n) (UTF-8). On
 * true sets [*pstart, *pend) to it (byte offsets at character boundaries); false
 * when there is none. Text before from is looked at as context only: a run that
 * began before from is not reported. What counts (one table in placeholder.c):
 *
 *  - runs of X x Ｘ ｘ not touching an ASCII letter, digit or apostrophe: XX市,
 *    X月, XXX同志, Ｘ省 (not XML, Box, Xi'an, 3x4); a single X before 光, 射线, 线,
 *    轴, 型 or 染色体 is a word (X光), not a placeholder;
 *  - runs of × not touching an ASCII letter or digit: ××市 (not 3×4);
 *  - runs of two or more * or ＊ (**书记, ***), or a single one touching a Han
 *    character (*市), never touching a digit (2*3);
 *  - runs of two or more ○ ◯ □ 〇 not touching a Chinese numeral: ○○市, □□同志
 *    (not 二〇〇八年, 二○二四);
 *  - 某某 (not 某 alone: 某些, 张某);
 *  - dates: an X, × or ○ run followed by 年, 月, 日 or 号 takes that character and
 *    any further such runs with theirs: x月xx日, X月X日, XX年, XX年X月X日 are one
 *    span; digits before a run and 年 make a year left open: 20XX年, 202×年.
 * Costs O(bytes scanned).
 */
bool placeholder_next(const char *s, size_t n, size_t from, size_t *pstart, size_t *pend);

#endif
