/* libFuzzer target: the Chinese text toolbox on any bytes, at every offset: code
 * points, numbers, Chinese dates and ISO dates never read past the end, always move
 * forward, and give values in range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/cjk.h"
#include "pizhu/date.h"
#include "pizhu/sentence.h"
#include "pizhu/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes: ASan sees any read past the end */
	char *s = malloc(size ? size : 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	for (size_t i = 0; i < size; i++) {
		size_t l;
		uint32_t c = utf8_get(s, size, i, &l);
		if (l < 1 || l > 4 || i + l > size || c > 0x10FFFF)
			abort();
		size_t at;
		utf8_before(s, 0, i, &at);
		if (at > i || (i && at >= i))
			abort();
		struct cjk_number num;
		if (cjk_number_read(s, size, i, &num) && (num.end <= i || num.end > size))
			abort();
		struct date d;
		size_t e = date_read_chinese(s, size, i, &d);
		if (e < i || e > size || (e > i && (d.year < 0 || d.year > 9999)) || d.month > 12 ||
		    d.day > 31 || (e == i && (d.year || d.month || d.day)))
			abort();
		size_t se = sentence_end_wrapped(s, size, i);
		if (se <= i || se > size)
			abort();
	}
	/* the ISO reader on a NUL-terminated copy */
	char iso[16];
	size_t k = size < sizeof(iso) - 1 ? size : sizeof(iso) - 1;
	memcpy(iso, data, k);
	iso[k] = '\0';
	struct date d;
	if (date_parse_iso(iso, &d) &&
	    (d.month < 1 || d.month > 12 || d.day < 1 || d.day > date_days_in(d.year, d.month)))
		abort();
	struct date fn;
	if (date_from_name(iso, &fn) && (fn.year < 1900 || fn.year > 2199 || fn.month > 12 ||
	                                 (fn.month && fn.day > date_days_in(fn.year, fn.month))))
		abort();
	free(s);
	return 0;
}
