/* libFuzzer target for the HTML text extractor: whatever the page, the text must be
 * well-formed UTF-8 lines a document can hold (no NUL, no CR, no empty end lines). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "pizhu/html.h"
#include "pizhu/status.h"

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",         \
			        __FILE__, __LINE__, #cond);                      \
			abort();                                                 \
		}                                                                \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *out = NULL;
	size_t outlen = 0;
	enum pz_status st;
	int valid = u8_check(data, size) == NULL && memchr(data, '\0', size) == NULL;

	(void)html_detect(s, size);
	st = html_to_text(s, size, &out, &outlen);
	CHECK(st == PZ_OK || st == PZ_NOMEM);
	if (st != PZ_OK)
		return 0;
	CHECK(outlen == 0 || out != NULL);
	if (outlen > 0) {
		/* Reads every byte, so ASan sees an output shorter than claimed. */
		CHECK(memchr(out, '\0', outlen) == NULL || !valid);
		if (valid) {
			/* Entities (&#0; &#xD800; &#x110000;) must not make bad UTF-8. */
			CHECK(u8_check((const uint8_t *)out, outlen) == NULL);
			CHECK(memchr(out, '\r', outlen) == NULL);
		}
		CHECK(out[0] != '\n');
		CHECK(!(outlen >= 2 && out[outlen - 1] == '\n' && out[outlen - 2] == '\n'));
	}
	free(out);
	return 0;
}
