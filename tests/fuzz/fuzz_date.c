/* libFuzzer target: a due date as typed into the tagging prompt (date_parse_input)
 * never crashes and never writes past the reason's buffer, whatever the speech's date;
 * a date it accepts is real, and the day arithmetic keeps it real. The input's first
 * five bytes are the speech's date (year, month, day) and the reason's buffer size, the
 * rest (to a NUL) what was typed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/date.h"

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",         \
			        __FILE__, __LINE__, #cond);                      \
			abort();                                                 \
		}                                                                \
	} while (0)

static int real(const struct date *d)
{
	return d->year >= 1 && d->month >= 1 && d->month <= 12 && d->day >= 1 &&
	       d->day <= date_days_in(d->year, d->month);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 5 || size > 4096)
		return 0;
	/* the speech's year 0-2999 (0: unknown, refused), its month and day maybe unknown */
	struct date ref = { (data[0] << 8 | data[1]) % 3000, data[2] % 13, data[3] % 32 };
	if (ref.month && ref.day > date_days_in(ref.year, ref.month))
		ref.day = 0;
	size_t len = data[4] % 97;
	/* exactly len bytes (none: NULL), so that ASan sees a reason written too long */
	char *why = len ? malloc(len) : NULL;
	char *s = malloc(size - 5 + 1);
	if ((len && !why) || !s)
		abort();
	memcpy(s, data + 5, size - 5);
	s[size - 5] = '\0';

	struct date d = { 0, 0, 0 };
	enum date_input r = date_parse_input(s, &ref, &d, why, len);
	CHECK(r == DATE_INPUT_OK || r == DATE_INPUT_UNREAD || r == DATE_INPUT_IMPOSSIBLE);
	if (ref.year < 1)
		CHECK(r == DATE_INPUT_UNREAD);
	if (why)
		CHECK(memchr(why, '\0', len) != NULL);
	if (r == DATE_INPUT_OK) {
		CHECK(real(&d));
		CHECK(d.year <= 9999); /* the speech's year is below 3000 */
		CHECK(date_weekday(&d) >= 0 && date_weekday(&d) <= 6);
		struct date m = d;
		date_add_months(&m, data[2] % 25);
		CHECK(real(&m));
		struct date a = d;
		date_add_days(&a, data[3] * 13);
		CHECK(real(&a));
		/* as the prompt shows it back: an ISO date reads again as itself */
		char iso[32];
		struct date back;
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", d.year, d.month, d.day);
		CHECK(date_parse_iso(iso, &back));
		CHECK(back.year == d.year && back.month == d.month && back.day == d.day);
		CHECK(date_parse_input(iso, &ref, &back, NULL, 0) == DATE_INPUT_OK);
		CHECK(back.year == d.year && back.month == d.month && back.day == d.day);
	}
	free(s);
	free(why);
	return 0;
}
