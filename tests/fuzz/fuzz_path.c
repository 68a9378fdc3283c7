/* libFuzzer target: a file name typed into a prompt, expanded (path_expand) and
 * completed with Tab (path_complete), never crashes: the results are NUL-terminated,
 * shorter than PATH_MAX, keep what was typed before the last component, and the
 * listing stays within its bound. The completion runs against a directory made once
 * (the home directory given, so ~/ reaches it) holding names to complete: ASCII and
 * Chinese, a directory, a dot file, links, a name of 255 bytes. The input's first byte
 * picks the home directory and the listing's width, the rest (to a NUL) is what was
 * typed. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

#include "pizhu/path.h"

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",         \
			        __FILE__, __LINE__, #cond);                      \
			abort();                                                 \
		}                                                                \
	} while (0)

static char home[PATH_MAX], home_slash[PATH_MAX + 1];

static void cleanup(void)
{
	char cmd[PATH_MAX + 16];
	if (home[0] && strlen(home) > 5) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", home);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz_path: cannot remove %s\n", home);
	}
}

static void touch(const char *name)
{
	char p[PATH_MAX * 2];
	snprintf(p, sizeof(p), "%s/%s", home, name);
	FILE *f = fopen(p, "w");
	if (f)
		fclose(f);
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(home, sizeof(home), "%s/pizhu-fuzz-path.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(home))
		abort();
	snprintf(home_slash, sizeof(home_slash), "%s/", home);
	atexit(cleanup);
	char p[PATH_MAX * 2];
	static const char *const dirs[] = { "drafts", "报表", "drafts/2024", ".config" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", home, dirs[i]);
		mkdir(p, 0700);
	}
	static const char *const files[] = {
		"draft-1.txt", "draft-2.txt", "报告.txt", "报告二稿.txt", "报表/一.txt",
		"drafts/a.txt", "drafts/ab.txt", ".hidden", "a b.txt", "é.txt", "e\xcc\x81.txt",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		touch(files[i]);
	char longname[256];
	memset(longname, 'x', 255);
	longname[255] = '\0';
	touch(longname);
	snprintf(p, sizeof(p), "%s/link", home);
	if (symlink("drafts", p) != 0)
		fprintf(stderr, "fuzz_path: no symbolic link\n");
	snprintf(p, sizeof(p), "%s/gone", home);
	if (symlink("nowhere", p) != 0)
		fprintf(stderr, "fuzz_path: no symbolic link\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!home[0])
		setup();
	if (size < 1 || size > 2 * PATH_MAX)
		return 0;
	const char *homes[] = { home, home_slash, "/", "", NULL };
	const char *h = homes[data[0] % 5];
	static const size_t widths[] = { 0, 1, 4, 20, 200 };
	size_t max = widths[(data[0] / 5) % 5];
	/* a prompt's text holds no NUL */
	const char *in = (const char *)data + 1;
	const char *nul = memchr(in, '\0', size - 1);
	size_t n = nul ? (size_t)(nul - in) : size - 1;
	char *copy = malloc(n ? n : 1); /* exactly n bytes: ASan sees a read past the end */
	if (!copy)
		abort();
	memcpy(copy, in, n);

	char *out = NULL;
	enum pz_status st = path_expand(copy, n, h, &out);
	CHECK(st == PZ_OK || st == PZ_TOOLONG || st == PZ_NOMEM);
	if (st == PZ_OK) {
		size_t ol = strlen(out);
		CHECK(ol < PATH_MAX);
		if (!n || copy[0] != '~')
			CHECK(ol == n && !memcmp(out, copy, n));
		else if (h && *h && (n == 1 || copy[1] == '/'))
			CHECK(!strncmp(out, h, strlen(h) - (strlen(h) > 1 && h[strlen(h) - 1] == '/')));
		free(out);
	}

	struct path_completion c;
	st = path_complete(copy, n, h, max, &c);
	if (st == PZ_OK) {
		CHECK(c.text && c.listing);
		size_t tl = strlen(c.text), base = n;
		while (base > 0 && copy[base - 1] != '/')
			base--;
		CHECK(tl < PATH_MAX);
		CHECK(tl >= base && !memcmp(c.text, copy, base));
		if (!c.matches)
			CHECK(tl == n && !memcmp(c.text, copy, n));
		if (u8_check((const uint8_t *)copy, n) == NULL) {
			/* what was typed is kept, at most completed further */
			CHECK(tl >= n && !memcmp(c.text, copy, n));
			CHECK(u8_check((const uint8_t *)c.text, tl) == NULL);
		}
		CHECK(strlen(c.listing) <= max + 4); /* " …" after the names that fit */
		if (c.matches <= 1)
			CHECK(c.listing[0] == '\0');
		path_completion_release(&c);
		CHECK(!c.text && !c.listing);
	} else {
		CHECK(!c.text && !c.listing);
	}
	free(copy);
	return 0;
}
