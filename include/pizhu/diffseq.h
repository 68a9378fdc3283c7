/* The difference of two sequences of integers (sentences or words turned into ids):
 * git's histogram diff, the engine under the draft comparison of diff.h. */
#ifndef PIZHU_DIFFSEQ_H
#define PIZHU_DIFFSEQ_H

#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

/* One edit: a[a, a + na) is replaced by b[b, b + nb) (na or nb may be 0). Between
 * two edits, and before the first and after the last, the sequences are equal. */
struct diffseq_edit {
	size_t a, na;
	size_t b, nb;
};

/*
 * Compares a[0, na) with b[0, nb), whose elements are ids below nids (equal ids are
 * equal elements). On PZ_OK *edits is owned (free()) and holds *n edits sorted by
 * position, none empty, none adjacent to another (a and b both advance between two);
 * *n is 0 when the sequences are equal. PZ_NOMEM otherwise.
 *
 * The histogram algorithm (jgit, git diff --histogram) anchors on the longest common
 * run around the rarest shared element and recurses on both sides, so common filler
 * (的, ，) does not stitch unrelated passages together. An element seen more than 64
 * times in a part of a is not used as an anchor; a part with no usable anchor is one
 * edit. Costs O(na + nb) memory and about O((na + nb) log) time on texts with few
 * changes; ids index a table of nids entries.
 */
enum pz_status diffseq_run(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                           uint32_t nids, struct diffseq_edit **edits, size_t *n);

#endif
