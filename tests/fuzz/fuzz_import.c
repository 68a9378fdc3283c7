/* libFuzzer target: a tags listing to import (`pizhu tags import`) never crashes the
 * store, is taken whole or refused whole, brings only what store_annot_check allows
 * (valid UTF-8 of bounded length, offsets within the text), and what it brings is then
 * found again in a document (or orphaned) with offsets inside the text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/listing.h"
#include "pizhu/store.h"
#include "pizhu/tags.h"

static const char text[] = "一、抓好项目建设\n各部门要在年底前完成全部审批事项。\n"
                           "二、强化督查\n督查室要每月通报一次进展。\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	store *st;
	doc *d;
	struct pz_where w;
	if (size > (1u << 20) || store_open(":memory:", &st, NULL, 0) != PZ_OK)
		return 0;
	if (doc_load_buffer(text, sizeof(text) - 1, NULL, &d, &w) != PZ_OK)
		abort();
	int64_t id, pos;
	if (store_open_document(st, "/f", "", 1, &id, &pos) != PZ_OK)
		abort();
	size_t added = 0, skipped = 0;
	char detail[160];
	enum pz_status s = listing_import_json(st, id, (int64_t)doc_char_index(d, sizeof(text) - 1),
	                                       (const char *)data, size, &added, &skipped, detail,
	                                       sizeof(detail));
	if (s != PZ_OK && s != PZ_SYNTAX && s != PZ_NOMEM)
		abort();
	if (s != PZ_OK && added)
		abort();
	struct store_annot *v;
	size_t nv;
	if (store_annots(st, id, &v, &nv) != PZ_OK)
		abort();
	for (size_t i = 0; i < nv; i++)
		if (store_annot_check(&v[i]) != PZ_OK || v[i].start < 0 || v[i].end < v[i].start ||
		    v[i].end > (int64_t)doc_char_index(d, sizeof(text) - 1))
			abort();
	store_annots_free(v, nv);
	tagset *ts;
	if (tagset_open(st, d, NULL, id, "f", true, &ts) == PZ_OK) {
		if (s == PZ_OK && tagset_count(ts) != added)
			abort();
		for (size_t i = 0; i < tagset_count(ts); i++) {
			const struct tag *t = tagset_at(ts, i);
			if (t->start > t->end || t->end > sizeof(text) - 1)
				abort();
		}
		tagset_free(ts);
	}
	doc_free(d);
	store_close(st);
	return 0;
}
