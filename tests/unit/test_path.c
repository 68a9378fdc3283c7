/* Unit tests of file names typed in a prompt: `~` expanded, Tab completion in a
 * directory made for the test. */
#include "pizhu/path.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

static char dir[512]; /* short, so that dir/name always fits PATH_MAX */

static void touch(const char *name)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fclose(f);
}

static void sub(const char *name)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	assert_int_equal(mkdir(p, 0700), 0);
}

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/pizhu-path-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	touch("report.txt");
	touch("report-2025.txt");
	touch("讲话稿.txt");
	touch("讲话提纲.md");
	touch(".hidden");
	sub("drafts");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *expand(const char *in, const char *home)
{
	char *out = NULL;
	assert_int_equal(path_expand(in, strlen(in), home, &out), PZ_OK);
	return out;
}

static void expanding(void **state)
{
	(void)state;
	char *s;
	assert_string_equal(s = expand("~", "/home/li"), "/home/li");
	free(s);
	assert_string_equal(s = expand("~/a.txt", "/home/li"), "/home/li/a.txt");
	free(s);
	assert_string_equal(s = expand("~/a.txt", "/"), "/a.txt");
	free(s);
	/* only at the start, and not without a home */
	assert_string_equal(s = expand("a/~/b", "/home/li"), "a/~/b");
	free(s);
	assert_string_equal(s = expand("~/a", ""), "~/a");
	free(s);
	assert_string_equal(s = expand("~/a", NULL), "~/a");
	free(s);
	/* ~user: root's home is in every password database; an unknown user stays */
	assert_string_equal(s = expand("~root/x", "/home/li"), "/root/x");
	free(s);
	assert_string_equal(s = expand("~no-such-user-here/x", "/home/li"), "~no-such-user-here/x");
	free(s);
	assert_string_equal(s = expand("", "/home/li"), "");
	free(s);
	/* too long for a file name */
	size_t n = PATH_MAX + 10;
	char *big = malloc(n + 1);
	memset(big, 'a', n);
	big[0] = '~';
	big[1] = '/';
	big[n] = '\0';
	assert_int_equal(path_expand(big, n, "/home/li", &s), PZ_TOOLONG);
	free(big);
}

/* Completes in the test's directory, typed as dir/in or (relative) from it. */
static struct path_completion complete(const char *in)
{
	char full[PATH_MAX];
	snprintf(full, sizeof(full), "%s/%s", dir, in);
	struct path_completion c;
	assert_int_equal(path_complete(full, strlen(full), "/home/li", 200, &c), PZ_OK);
	size_t dl = strlen(dir) + 1;
	assert_memory_equal(c.text, full, dl); /* the directory typed stays as typed */
	memmove(c.text, c.text + dl, strlen(c.text + dl) + 1);
	return c;
}

static void completing(void **state)
{
	(void)state;
	struct path_completion c = complete("rep");
	assert_string_equal(c.text, "report"); /* as far as both agree */
	assert_int_equal(c.matches, 2);
	assert_string_equal(c.listing, "report-2025.txt report.txt");
	path_completion_release(&c);

	c = complete("report.");
	assert_string_equal(c.text, "report.txt");
	assert_int_equal(c.matches, 1);
	assert_string_equal(c.listing, "");
	path_completion_release(&c);

	/* Chinese names agree on whole characters only */
	c = complete("讲");
	assert_string_equal(c.text, "讲话");
	assert_int_equal(c.matches, 2);
	path_completion_release(&c);

	/* a directory completes with its '/', ready for the next Tab */
	c = complete("dr");
	assert_string_equal(c.text, "drafts/");
	assert_int_equal(c.matches, 1);
	path_completion_release(&c);

	/* hidden names only when asked for */
	c = complete("");
	assert_int_equal(c.matches, 5);
	assert_null(strstr(c.listing, ".hidden"));
	assert_string_equal(c.listing, "drafts/ report-2025.txt report.txt 讲话提纲.md 讲话稿.txt");
	path_completion_release(&c);
	c = complete(".h");
	assert_string_equal(c.text, ".hidden");
	path_completion_release(&c);

	/* nothing matches: the input stays */
	c = complete("zzz");
	assert_string_equal(c.text, "zzz");
	assert_int_equal(c.matches, 0);
	path_completion_release(&c);

	/* a short listing is cut with … */
	char full[PATH_MAX];
	snprintf(full, sizeof(full), "%s/", dir);
	assert_int_equal(path_complete(full, strlen(full), NULL, 20, &c), PZ_OK);
	assert_string_equal(c.listing, "drafts/ …");
	path_completion_release(&c);
}

static void completing_home(void **state)
{
	(void)state;
	struct path_completion c;
	/* ~ alone becomes the directory ~/ */
	assert_int_equal(path_complete("~", 1, dir, 200, &c), PZ_OK);
	assert_string_equal(c.text, "~/");
	path_completion_release(&c);
	/* under ~ the ~ is kept in what is typed */
	assert_int_equal(path_complete("~/dra", 5, dir, 200, &c), PZ_OK);
	assert_string_equal(c.text, "~/drafts/");
	path_completion_release(&c);
	/* a directory that is not there */
	assert_int_equal(path_complete("/no/such/dir/x", 14, dir, 200, &c), PZ_NOENT);
}

static void relative(void **state)
{
	(void)state;
	char old[PATH_MAX];
	assert_non_null(getcwd(old, sizeof(old)));
	assert_int_equal(chdir(dir), 0);
	struct path_completion c;
	assert_int_equal(path_complete("report-", 7, NULL, 200, &c), PZ_OK);
	assert_string_equal(c.text, "report-2025.txt");
	path_completion_release(&c);
	assert_int_equal(path_complete("drafts/", 7, NULL, 200, &c), PZ_OK);
	assert_int_equal(c.matches, 0);
	assert_string_equal(c.text, "drafts/");
	path_completion_release(&c);
	assert_int_equal(chdir(old), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expanding),
		cmocka_unit_test(completing),
		cmocka_unit_test(completing_home),
		cmocka_unit_test(relative),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
