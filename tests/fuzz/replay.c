/* Runs a libFuzzer target's LLVMFuzzerTestOneInput over files without libFuzzer, one
 * TAP line a file: make check replays the seeds and kept findings of the targets that
 * have no command to replay them through (tests/fuzz/import, export, sync, config,
 * date, path). A target reports a finding by aborting (or a sanitizer error): the run
 * dies there. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0;
		if (!f) {
			printf("not ok %d - %s cannot be read\n", ++n, argv[i]);
			continue;
		}
		for (;;) {
			if (len == cap && !(buf = realloc(buf, cap = cap ? 2 * cap : 4096)))
				return 1;
			size_t r = fread(buf + len, 1, cap - len, f);
			if (!r)
				break;
			len += r;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("ok %d - %s\n", ++n, argv[i]);
		fflush(stdout);
	}
	printf("1..%d\n", n);
	return 0;
}
