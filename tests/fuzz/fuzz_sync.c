/* libFuzzer target: a change set as `pizhu sync` reads it from a repository
 * (store_sync_check, then store_sync_apply) never crashes the store, is refused whole
 * (PZ_SYNTAX, PZ_DBNEWER: nothing applied) or taken, and what it brings holds only what
 * store_annot_check allows; applying it again changes nothing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/hash.h"
#include "pizhu/store.h"
#include "pizhu/store_sync.h"

static const char text[] = "一、抓好项目建设\n各部门要在年底前完成全部审批事项。\n";

/* Every live tag and tombstone of the store, checked; their count. */
static size_t survey(store *st, int64_t doc)
{
	struct store_annot *v, *g;
	size_t n, ng;
	if (store_annots(st, doc, &v, &n) != PZ_OK || store_tombstones(st, doc, &g, &ng) != PZ_OK)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (store_annot_check(&v[i]) != PZ_OK || v[i].start < 0 || v[i].end < v[i].start)
			abort();
		struct store_dispute *d;
		size_t nd;
		if (store_disputes(st, v[i].uuid, &d, &nd) != PZ_OK)
			abort();
		store_disputes_free(d, nd);
		struct store_reply *r;
		size_t nr;
		if (store_replies(st, v[i].uuid, &r, &nr) != PZ_OK)
			abort();
		store_replies_free(r, nr);
	}
	store_annots_free(v, n);
	store_annots_free(g, ng);
	return n + ng;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	store *st;
	if (size > (1u << 20) || store_open(":memory:", &st, NULL, 0) != PZ_OK)
		return 0;
	int64_t doc, pos, ver;
	if (store_open_document(st, "/f.txt", "", sizeof(text) - 1, &doc, &pos) != PZ_OK ||
	    store_version(st, doc, hash_bytes(text, sizeof(text) - 1), sizeof(text) - 1, &ver) != PZ_OK ||
	    store_text_keep(st, ver, text, sizeof(text) - 1) != PZ_OK)
		abort();
	struct store_sync_info info;
	char detail[256];
	enum pz_status s = store_sync_check(st, (const char *)data, size, &info, detail, sizeof(detail));
	if (s != PZ_OK && s != PZ_SYNTAX && s != PZ_DBNEWER && s != PZ_NOMEM)
		abort();
	if (s == PZ_OK) {
		/* its document is ours, whatever id it gives */
		char uuid[STORE_UUID_LEN + 1];
		if (store_document_uuid(st, doc, uuid) != PZ_OK)
			abort();
		struct store_sync_in in = { (const char *)data, size, &info };
		struct store_sync_text t = { info.doc, NULL, text, sizeof(text) - 1 };
		char key[STORE_SYNC_KEY_LEN];
		snprintf(key, sizeof(key), "%016llx-%zu",
		         (unsigned long long)hash_bytes(text, sizeof(text) - 1), sizeof(text) - 1);
		t.key = key;
		struct store_sync_counts c;
		s = store_sync_apply(st, &in, 1, &t, 1, NULL, 0, &c);
		if (s != PZ_OK && s != PZ_NOMEM)
			abort();
		size_t first = survey(st, doc);
		/* again: applied before, nothing changes */
		if (s == PZ_OK) {
			if (store_sync_apply(st, &in, 1, &t, 1, NULL, 0, &c) != PZ_OK)
				abort();
			if (c.got_sets || c.added || c.updated || c.deleted || survey(st, doc) != first)
				abort();
		}
		store_sync_info_release(&info);
	}
	store_close(st);
	return 0;
}
