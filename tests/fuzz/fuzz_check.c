/* libFuzzer target: the drafting checks over any text never crash, stay inside the
 * text, come sorted, and their writers run over them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	doc *d;
	outline *o;
	struct pz_where w;
	if (doc_load_buffer((const char *)data, size, NULL, &d, &w) != PZ_OK)
		return 0;
	if (outline_build(d, &o) != PZ_OK)
		abort();
	struct check_options opt = { .date = { 2024, 8, 24 } };
	if (size % 2)
		opt.date = (struct date){ 0, 0, 0 };
	struct check_item *v;
	size_t n, len;
	doc_text(d, &len);
	if (check_run(d, o, &opt, &v, &n) != PZ_OK)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (v[i].start >= v[i].end || v[i].end > len || v[i].kind >= CHECK_KIND_COUNT)
			abort();
		if (i && v[i].start < v[i - 1].start)
			abort();
		if (!memchr(v[i].message, '\0', sizeof(v[i].message)))
			abort();
	}
	FILE *sink = fopen("/dev/null", "w");
	if (sink) {
		check_write_tsv(sink, d, v, n);
		check_write_text(sink, d, "fuzz.txt", v, n);
		fclose(sink);
	}
	free(v);
	outline_free(o);
	doc_free(d);
	return 0;
}
