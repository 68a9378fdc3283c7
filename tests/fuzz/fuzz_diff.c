/* libFuzzer target: any two texts compare without a crash, every change inside both
 * texts and sorted, places carried into the new text inside it, and both writers run
 * over the result. The input is split at its
 * first NUL byte (or in half) into the old and the new draft. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/diff.h"
#include "pizhu/diffwrite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t on = nul ? (size_t)(nul - data) : size / 2;
	size_t nstart = nul ? on + 1 : on;
	doc *od, *nd;
	outline *o;
	struct pz_where w;
	if (doc_load_buffer((const char *)data, on, NULL, &od, &w) != PZ_OK)
		return 0;
	if (doc_load_buffer((const char *)data + nstart, size - nstart, NULL, &nd, &w) != PZ_OK) {
		doc_free(od);
		return 0;
	}
	size_t ol, nl;
	const char *ot = doc_text(od, &ol), *nt = doc_text(nd, &nl);
	diff *d;
	if (outline_build(nd, &o) != PZ_OK || diff_new(ot, ol, nt, nl, &d) != PZ_OK)
		abort();
	for (size_t i = 0; i < diff_count(d); i++) {
		const struct diff_change *c = diff_at(d, i);
		if (c->old_start > c->old_end || c->old_end > ol || c->new_start > c->new_end ||
		    c->new_end > nl || c->kind >= DIFF_KIND_COUNT)
			abort();
		if (i && c->new_start < diff_at(d, i - 1)->new_start)
			abort();
	}
	/* the reader's place and its sentence cursor land inside the new text */
	for (size_t k = 0; k < 4 && ol; k++) {
		size_t s = ol * k / 4, e = s + (ol - s) / 3;
		if (diff_map_offset(d, ot, ol, nt, nl, s) > nl ||
		    diff_follow_passage(d, ot, ol, nt, nl, s, e) > nl)
			abort();
	}
	/* equal texts have no change */
	diff *same;
	if (diff_new(nt, nl, nt, nl, &same) != PZ_OK || diff_count(same) != 0)
		abort();
	diff_free(same);
	FILE *sink = fopen("/dev/null", "w");
	if (sink) {
		struct diffwrite_options opt = { .form = true };
		diffwrite_tsv(sink, od, nd, o, d, &opt);
		diffwrite_text(sink, od, nd, o, d, &opt);
		fclose(sink);
	}
	diff_free(d);
	outline_free(o);
	doc_free(od);
	doc_free(nd);
	return 0;
}
