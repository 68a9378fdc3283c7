/* File names typed in a prompt: `~` expanded as a shell does, and the last component
 * completed from the names its directory holds. */
#include "pizhu/path.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The home directory that in[0..n) starts with (`~` or `~user`, up to a '/' or the
 * end): *home_out, and *skip the bytes it replaces. False when in does not start with
 * `~`, or the home is unknown. */
static bool tilde(const char *in, size_t n, const char *home, const char **home_out,
                  size_t *skip)
{
	if (!n || in[0] != '~')
		return false;
	size_t e = 1;
	while (e < n && in[e] != '/')
		e++;
	if (e == 1) {
		if (!home || !*home)
			return false;
		*home_out = home;
	} else {
		char user[256];
		if (e - 1 >= sizeof(user))
			return false;
		memcpy(user, in + 1, e - 1);
		user[e - 1] = '\0';
		const struct passwd *pw = getpwnam(user);
		if (!pw || !pw->pw_dir || !*pw->pw_dir)
			return false;
		*home_out = pw->pw_dir;
	}
	*skip = e;
	return true;
}

enum pz_status path_expand(const char *in, size_t n, const char *home, char **out)
{
	const char *h = "";
	size_t skip = 0;
	if (!tilde(in, n, home, &h, &skip))
		h = "", skip = 0;
	size_t hl = strlen(h);
	/* "~/x" with home "/" gives "/x", not "//x" */
	if (hl && h[hl - 1] == '/' && skip < n && in[skip] == '/')
		hl--;
	size_t len = hl + n - skip;
	if (len >= PATH_MAX)
		return PZ_TOOLONG;
	char *s = malloc(len + 1);
	if (!s)
		return PZ_NOMEM;
	memcpy(s, h, hl);
	memcpy(s + hl, in + skip, n - skip);
	s[len] = '\0';
	*out = s;
	return PZ_OK;
}

void path_completion_release(struct path_completion *c)
{
	free(c->text);
	free(c->listing);
	memset(c, 0, sizeof(*c));
}

struct name {
	char *s;
	bool dir;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct name *)a)->s, ((const struct name *)b)->s);
}

static void free_names(struct name *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].s);
	free(v);
}

/* Whether dir/name is a directory (following a symbolic link). */
static bool is_dir(const char *dir, const char *name, unsigned char type)
{
	if (type == DT_DIR)
		return true;
	if (type != DT_LNK && type != DT_UNKNOWN)
		return false;
	char p[PATH_MAX];
	struct stat st;
	size_t dl = strlen(dir);
	if (dl + 1 + strlen(name) >= sizeof(p))
		return false;
	memcpy(p, dir, dl);
	p[dl] = '/';
	strcpy(p + dl + 1, name);
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The names of dir that start with prefix[0..pl), sorted, into *out (owned). */
static enum pz_status list_matches(const char *dir, const char *prefix, size_t pl,
                                   struct name **out, size_t *count)
{
	DIR *d = opendir(dir);
	if (!d)
		return pz_status_of_errno(errno);
	struct name *v = NULL;
	size_t n = 0, cap = 0;
	const struct dirent *e;
	while ((e = readdir(d))) {
		const char *s = e->d_name;
		if (!strcmp(s, ".") || !strcmp(s, ".."))
			continue;
		if (s[0] == '.' && (!pl || prefix[0] != '.'))
			continue;
		if (strncmp(s, prefix, pl))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct name *nv = realloc(v, nc * sizeof(*v));
			if (!nv)
				goto nomem;
			v = nv;
			cap = nc;
		}
		if (!(v[n].s = strdup(s)))
			goto nomem;
		v[n].dir = is_dir(dir, s, e->d_type);
		n++;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), by_name);
	*out = v;
	*count = n;
	return PZ_OK;
nomem:
	closedir(d);
	free_names(v, n);
	return PZ_NOMEM;
}

/* The bytes every name of v[0..n) shares, from the start, at whole UTF-8 characters. */
static size_t common_prefix(const struct name *v, size_t n)
{
	size_t c = strlen(v[0].s);
	for (size_t i = 1; i < n; i++) {
		size_t k = 0;
		while (k < c && v[i].s[k] == v[0].s[k])
			k++;
		c = k;
	}
	while (c > 0 && ((unsigned char)v[0].s[c] & 0xC0) == 0x80)
		c--;
	return c;
}

/* The matches as one line, cut after about max bytes. */
static char *listing(const struct name *v, size_t n, size_t max)
{
	char *s = malloc(max + 8);
	if (!s)
		return NULL;
	size_t len = 0;
	s[0] = '\0';
	for (size_t i = 0; n > 1 && i < n; i++) {
		size_t l = strlen(v[i].s) + (v[i].dir ? 1 : 0) + (len ? 1 : 0);
		if (len + l > max) {
			memcpy(s + len, len ? " …" : "…", len ? 5 : 4);
			break;
		}
		if (len)
			s[len++] = ' ';
		memcpy(s + len, v[i].s, strlen(v[i].s));
		len += strlen(v[i].s);
		if (v[i].dir)
			s[len++] = '/';
		s[len] = '\0';
	}
	return s;
}

enum pz_status path_complete(const char *in, size_t n, const char *home, size_t listing_max,
                             struct path_completion *out)
{
	memset(out, 0, sizeof(*out));
	size_t slash = n; /* the last '/' of the input, or n */
	for (size_t i = n; i-- > 0;)
		if (in[i] == '/') {
			slash = i;
			break;
		}
	size_t base = slash < n ? slash + 1 : 0; /* where the last component starts */
	/* "~" or "~user" alone is a directory to open: complete it with its '/' */
	const char *h;
	size_t skip;
	if (slash == n && tilde(in, n, home, &h, &skip)) {
		if (!(out->text = malloc(n + 2)) || !(out->listing = strdup(""))) {
			path_completion_release(out);
			return PZ_NOMEM;
		}
		memcpy(out->text, in, n);
		memcpy(out->text + n, "/", 2);
		out->matches = 1;
		return PZ_OK;
	}
	char *dir;
	enum pz_status st;
	if (slash == n)
		st = path_expand(".", 1, home, &dir);
	else
		st = path_expand(in, slash ? slash : 1, home, &dir); /* "/x": the root */
	if (st != PZ_OK)
		return st;
	struct name *v = NULL;
	size_t count = 0;
	st = list_matches(dir, in + base, n - base, &v, &count);
	free(dir);
	if (st != PZ_OK)
		return st;
	size_t common = count ? common_prefix(v, count) : n - base;
	bool whole_dir = count == 1 && v[0].dir;
	size_t len = base + (count ? common : n - base) + (whole_dir ? 1 : 0);
	if (len >= PATH_MAX) {
		free_names(v, count);
		return PZ_TOOLONG;
	}
	out->text = malloc(len + 1);
	out->listing = listing(v, count, listing_max);
	if (!out->text || !out->listing) {
		free_names(v, count);
		path_completion_release(out);
		return PZ_NOMEM;
	}
	memcpy(out->text, in, base);
	if (count)
		memcpy(out->text + base, v[0].s, common);
	else
		memcpy(out->text + base, in + base, n - base);
	if (whole_dir)
		out->text[len - 1] = '/';
	out->text[len] = '\0';
	out->matches = count;
	free_names(v, count);
	return PZ_OK;
}
