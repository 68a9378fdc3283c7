/* libFuzzer target: suggestions over any text never crash, stay inside the text, come
 * sorted, and link only to tasks. */
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
	struct detect_options opt = { { 2024, 8, 24 } };
	struct detect_item *v;
	size_t n, len;
	doc_text(d, &len);
	if (detect_run(d, o, size % 2 ? &opt : NULL, &v, &n) != PZ_OK)
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
	free(v);
	outline_free(o);
	doc_free(d);
	return 0;
}
