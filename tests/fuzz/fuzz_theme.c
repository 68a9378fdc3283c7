/* libFuzzer target over theme files: any bytes must load without a crash, report
 * well-formed messages, and leave every element with colours and attributes in
 * range, in range still once degraded for small terminals. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "pizhu/errors.h"
#include "pizhu/status.h"
#include "pizhu/theme.h"

/* Aborts with the broken invariant, so that libFuzzer saves the input. */
#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",         \
			        __FILE__, __LINE__, #cond);                      \
			abort();                                                 \
		}                                                                \
	} while (0)

static size_t count_lines(const uint8_t *data, size_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n + (size > 0 && data[size - 1] != '\n');
}

static void check_messages(const struct pz_errors *e, size_t lines)
{
	static const char prefix[] = "fuzz.theme:";

	CHECK(e->count == (e->total < PZ_ERRORS_MAX ? e->total : PZ_ERRORS_MAX));
	for (size_t i = 0; i < e->count; i++) {
		const char *m = e->msg[i], *p;
		size_t len = strlen(m), line = 0;

		CHECK(strncmp(m, prefix, sizeof prefix - 1) == 0);
		p = m + sizeof prefix - 1;
		CHECK(*p >= '1' && *p <= '9');
		while (*p >= '0' && *p <= '9')
			line = line * 10 + (size_t)(*p++ - '0');
		CHECK(line >= 1 && line <= lines);
		CHECK(p[0] == ':' && p[1] == ' ' && p[2] != '\0');
		CHECK(u8_check((const uint8_t *)m, len) == NULL);
		for (size_t k = 0; k < len; k++)
			CHECK((unsigned char)m[k] >= 0x20 && m[k] != 0x7f);
	}
}

static void check_theme(const struct theme *t)
{
	static const int sizes[] = { 0, 8, 16, 88, 256 };

	for (int el = 0; el < TE_COUNT; el++) {
		struct theme_style s = theme_get(t, (enum theme_element)el);

		CHECK(s.fg >= -1 && s.fg <= 255);
		CHECK(s.bg >= -1 && s.bg <= 255);
		CHECK((s.attrs & ~(unsigned)TA_ALL) == 0);
		for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
			struct theme_style d = theme_style_degrade(s, sizes[z]);
			CHECK(d.fg >= -1 && d.fg < (sizes[z] < 8 ? 0 : sizes[z]));
			CHECK(d.bg >= -1 && d.bg < (sizes[z] < 8 ? 0 : sizes[z]));
			CHECK((d.attrs & ~(unsigned)TA_ALL) == 0);
			CHECK((d.attrs & s.attrs) == s.attrs); /* degrading only adds cues */
			if (sizes[z] >= 256)
				CHECK(d.fg == s.fg && d.bg == s.bg && d.attrs == s.attrs);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme *t = theme_new();
	struct pz_errors e;
	enum pz_status st;
	int c;

	if (!t)
		return 0;
	pz_errors_init(&e);
	st = theme_load(t, (const char *)data, size, "fuzz.theme", &e);
	CHECK(st == PZ_OK || st == PZ_SYNTAX);
	CHECK((st == PZ_OK) == (e.total == 0));
	check_messages(&e, count_lines(data, size));
	check_theme(t);
	pz_errors_release(&e);
	theme_free(t);

	if (theme_color_from_name((const char *)data, size, &c) == PZ_OK)
		CHECK(c >= -1 && c <= 255);
	return 0;
}
