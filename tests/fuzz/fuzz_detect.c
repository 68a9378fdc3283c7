/* libFuzzer target: suggestions over any text never crash, stay inside the text, come
 * sorted, link only to tasks, and are the same however many threads share the work. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/detect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	doc *d;
	outline *o;
	struct pz_where w;
	if (doc_load_buffer((const char *)data, size, NULL, &d, &w) != PZ_OK)
		return 0;
	if (outline_build(d, &o) != PZ_OK)
		abort();
	struct detect_options opt = { .date = { 2024, 8, 24 }, .threads = 1 };
	if (size % 2 == 0)
		opt.date = (struct date){ 0, 0, 0 };
	struct detect_item *v, *v3;
	size_t n, n3, len;
	doc_text(d, &len);
	if (detect_run(d, o, &opt, &v, &n) != PZ_OK)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (v[i].start >= v[i].end || v[i].end > len || v[i].type >= DETECT_TYPES)
			abort();
		if (i && v[i].start < v[i - 1].start)
			abort();
		if (v[i].task != SIZE_MAX && (v[i].task >= n || v[v[i].task].type != DETECT_TASK))
			abort();
		if (!memchr(v[i].value, '\0', sizeof(v[i].value)))
			abort();
	}
	/* the text cut into three parts, one thread each: the same items */
	opt.threads = 3;
	if (detect_run(d, o, &opt, &v3, &n3) != PZ_OK)
		abort();
	if (n3 != n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (v3[i].start != v[i].start || v3[i].end != v[i].end || v3[i].type != v[i].type ||
		    v3[i].task != v[i].task || v3[i].rule != v[i].rule || strcmp(v3[i].value, v[i].value))
			abort();
	free(v3);
	free(v);
	outline_free(o);
	doc_free(d);
	return 0;
}
