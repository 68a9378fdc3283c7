/* libFuzzer target over keymap files and key names: any bytes must load without a
 * crash, report well-formed messages, and leave a keymap whose lookups agree with
 * its key lists; any key name that parses must survive formatting and parsing. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "pizhu/errors.h"
#include "pizhu/key.h"
#include "pizhu/keymap.h"
#include "pizhu/status.h"

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

/* "fuzz.keymap:L: ..." with 1 <= L <= lines, printable UTF-8. */
static void check_messages(const struct pz_errors *e, size_t lines)
{
	static const char prefix[] = "fuzz.keymap:";

	CHECK(e->count <= PZ_ERRORS_MAX);
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

static void check_keymap(const struct keymap *km)
{
	struct key out[16];

	for (int m = 0; m < MODE_COUNT; m++)
		for (int a = 1; a < ACT_COUNT; a++) {
			size_t n = keymap_keys_for(km, (enum mode)m, (enum action)a, out, 16);
			for (size_t i = 0; i < n && i < 16; i++) {
				CHECK(key_valid(out[i]));
				CHECK(keymap_lookup(km, (enum mode)m, out[i]) == (enum action)a);
				for (size_t j = 0; j < i; j++)
					CHECK(!key_equal(out[i], out[j]));
			}
		}
}

static void check_key_name(const uint8_t *data, size_t size)
{
	struct key k, back;
	char name[KEY_NAME_MAX], again[KEY_NAME_MAX];
	size_t n;

	if (key_parse((const char *)data, size, &k) != PZ_OK) {
		CHECK(k.code == 0 && k.mods == 0);
		return;
	}
	CHECK(key_valid(k));
	n = key_format(k, name, sizeof name);
	CHECK(n > 0 && n < sizeof name && strlen(name) == n);
	CHECK(key_parse(name, n, &back) == PZ_OK);
	CHECK(back.code == k.code && back.mods == k.mods);
	CHECK(key_format(back, again, sizeof again) == n);
	CHECK(strcmp(name, again) == 0);
	/* a name never starts a comment or holds a separator */
	CHECK(name[0] != '#');
	CHECK(strchr(name, ' ') == NULL && strchr(name, '\t') == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keymap *km = keymap_new();
	struct pz_errors e;
	enum pz_status st;

	if (!km)
		return 0;
	pz_errors_init(&e);
	st = keymap_load(km, (const char *)data, size, "fuzz.keymap", &e);
	CHECK(st == PZ_OK || st == PZ_SYNTAX || st == PZ_NOMEM);
	if (st == PZ_OK)
		CHECK(e.total == 0);
	if (st == PZ_SYNTAX)
		CHECK(e.total > 0);
	check_messages(&e, count_lines(data, size));
	check_keymap(km);
	pz_errors_release(&e);
	keymap_free(km);

	if (size <= 64) {
		struct key k;

		check_key_name(data, size);
		if (key_from_curses_name((const char *)data, size, &k) == PZ_OK)
			CHECK(key_valid(k));
		else
			CHECK(k.code == 0 && k.mods == 0);
	}
	return 0;
}
