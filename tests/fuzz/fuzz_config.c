/* libFuzzer target: the settings file's parser never crashes, keeps its values
 * NUL-terminated and counts its errors. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c = { 0 };
	struct pz_errors e;
	pz_errors_init(&e);
	enum pz_status st = config_parse(&c, (const char *)data, size, "config", &e);
	if ((st == PZ_OK) != (e.total == 0))
		abort();
	if (strlen(c.keymap) >= sizeof(c.keymap) || strlen(c.theme) >= sizeof(c.theme))
		abort();
	pz_errors_release(&e);
	return 0;
}
