/* `pizhu sync` over git (sync.h): the git command run with posix_spawn (no library),
 * its output read back; the branch's files listed, the new change sets read in one
 * `git cat-file --batch`, the sets made here written in one `git fast-import` with the
 * commit that merges both sides (the union of their files: no file is in both with two
 * contents, every name being a UUID or a content's hash). */
#include "pizhu/sync.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>

#include "pizhu/hash.h"
#include "pizhu/i18n.h"

extern char **environ;

#define REMOTE_REF "refs/remotes/sync/" SYNC_BRANCH
#define LOCAL_REF "refs/heads/" SYNC_BRANCH
/* Attempts at a push that another machine's push got in before. */
#define PUSH_TRIES 6

void sync_result_release(struct sync_result *r)
{
	for (size_t i = 0; r && i < r->ndocs; i++)
		free(r->docs[i]);
	if (r)
		free(r->docs);
}

/* ---- a growing buffer ---- */

struct buf {
	char *p;
	size_t n, cap;
};

static bool buf_add(struct buf *b, const void *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap : 4096;
		while (nc < b->n + n + 1)
			nc *= 2;
		char *np = realloc(b->p, nc);
		if (!np)
			return false;
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
	return true;
}

static bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool buf_printf(struct buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	if ((size_t)n < sizeof(small))
		return buf_add(b, small, (size_t)n);
	char *big = malloc((size_t)n + 1);
	if (!big)
		return false;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	bool ok = buf_add(b, big, (size_t)n);
	free(big);
	return ok;
}

static void buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* ---- running git ---- */

/* What a sync works with. */
struct ctx {
	store *st;
	const char *remote;
	char dir[PATH_MAX];     /* DB.sync, absolute once made */
	char gitdir[PATH_MAX + 16]; /* DB.sync/repo.git */
	char **env;
	char *detail;
	size_t dlen;
	struct sync_result *r;
};

/* The environment for git: ours, without what would point it at another repository,
 * with no prompt for a password (a sync must fail, not wait on a terminal). */
static char **git_env(void)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **e = calloc(n + 2, sizeof(*e));
	if (!e)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *v = environ[i];
		if (!strncmp(v, "GIT_DIR=", 8) || !strncmp(v, "GIT_WORK_TREE=", 14) ||
		    !strncmp(v, "GIT_INDEX_FILE=", 15) || !strncmp(v, "GIT_TERMINAL_PROMPT=", 20) ||
		    !strncmp(v, "GIT_OBJECT_DIRECTORY=", 21) || !strncmp(v, "GIT_NAMESPACE=", 14))
			continue;
		e[k++] = (char *)v;
	}
	e[k++] = "GIT_TERMINAL_PROMPT=0";
	e[k] = NULL;
	return e;
}

/* What git said into the detail, after what: its first line that is not a hint (the
 * cause; what follows is advice), without git's "fatal: " or "error: ". */
static void git_said(struct ctx *x, const char *what, const struct buf *err)
{
	if (!x->detail || !x->dlen)
		return;
	const char *s = err->p ? err->p : "", *line = NULL;
	size_t len = 0;
	for (const char *p = s; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		if (!strncmp(p, "fatal: ", 7) || !strncmp(p, "error: ", 7)) {
			line = p + 7;
			len = n - 7;
			break;
		}
		if (n && strncmp(p, "hint:", 5) && strncmp(p, "To ", 3)) {
			line = p;
			len = n;
			break;
		}
		if (!e)
			break;
		p = e + 1;
	}
	if (line)
		snprintf(x->detail, x->dlen, "%s: %.*s", what, (int)len, line);
	else
		snprintf(x->detail, x->dlen, "%s", what);
}

/*
 * Runs git with args (in the bare copy when with_dir), stdin from the file in_path
 * (NULL: /dev/null), stdout into out (may be NULL: thrown away) and stderr into err.
 * Returns the exit status (0 success), or -1 when git could not be run.
 */
static int git(struct ctx *x, bool with_dir, const char *const *args, const char *in_path,
               struct buf *out, struct buf *err)
{
	const char *argv[32];
	char gd[PATH_MAX + 32];
	size_t k = 0;
	argv[k++] = "git";
	argv[k++] = "-c";
	argv[k++] = "gc.auto=0";
	argv[k++] = "-c";
	argv[k++] = "maintenance.auto=0";
	if (with_dir) {
		snprintf(gd, sizeof(gd), "--git-dir=%s", x->gitdir);
		argv[k++] = gd;
	}
	for (size_t i = 0; args[i] && k < sizeof(argv) / sizeof(*argv) - 1; i++)
		argv[k++] = args[i];
	argv[k] = NULL;

	int po[2], pe[2];
	if (pipe(po) != 0)
		return -1;
	if (pipe(pe) != 0) {
		close(po[0]);
		close(po[1]);
		return -1;
	}
	/* only the ends dup'ed to git's 1 and 2 reach it */
	for (int i = 0; i < 2; i++) {
		fcntl(po[i], F_SETFD, FD_CLOEXEC);
		fcntl(pe[i], F_SETFD, FD_CLOEXEC);
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in_path ? in_path : "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	pid_t pid;
	int rc = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, x->env);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	if (rc != 0) {
		close(po[0]);
		close(pe[0]);
		errno = rc;
		return -1;
	}
	struct pollfd p[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
	bool oom = false;
	int open = 2;
	while (open > 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			char chunk[65536];
			ssize_t got = read(p[i].fd, chunk, sizeof(chunk));
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
				open--;
				continue;
			}
			struct buf *b = i == 0 ? out : err;
			if (b && !buf_add(b, chunk, (size_t)got))
				oom = true;
		}
	}
	for (int i = 0; i < 2; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (oom)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* With $PIZHU_SYNC_TIMES set, the time of each step on stderr (for tuning). */
static void step_time(const char *what)
{
	static struct timespec t0;
	static int on = -1;
	if (on < 0)
		on = getenv("PIZHU_SYNC_TIMES") != NULL;
	if (!on)
		return;
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	if (!t0.tv_sec)
		t0 = t;
	fprintf(stderr, "sync: %6.1f ms %s\n",
	        (double)(t.tv_sec - t0.tv_sec) * 1e3 + (double)(t.tv_nsec - t0.tv_nsec) / 1e6, what);
}

/* ---- the files of the branch ---- */

enum kind { K_SET, K_TEXT };

struct entry {
	char *path;
	char sha[41];
	enum kind kind;
	char doc[STORE_UUID_LEN + 1];
	char name[STORE_SYNC_KEY_LEN]; /* the set's UUID or the text's key */
	bool ours;                     /* only in the local branch (not the remote's) */
};

struct tree {
	struct entry *v;
	size_t n, cap;
};

static void tree_free(struct tree *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].path);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static bool is_uuid(const char *s, size_t n)
{
	if (n != STORE_UUID_LEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return true;
}

static bool is_key(const char *s, size_t n)
{
	if (n < 18 || n >= STORE_SYNC_KEY_LEN || s[16] != '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (i < 16 ? !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))
		           : i > 16 && !(s[i] >= '0' && s[i] <= '9'))
			return false;
	return true;
}

/* Reads path as docs/DOC/changes/SET.json or docs/DOC/texts/KEY.txt into e. */
static bool parse_path(const char *path, struct entry *e)
{
	if (strncmp(path, "docs/", 5))
		return false;
	const char *d = path + 5, *slash = strchr(d, '/');
	if (!slash || !is_uuid(d, (size_t)(slash - d)))
		return false;
	memcpy(e->doc, d, STORE_UUID_LEN);
	e->doc[STORE_UUID_LEN] = '\0';
	const char *rest = slash + 1;
	if (!strncmp(rest, "changes/", 8)) {
		const char *f = rest + 8;
		size_t n = strlen(f);
		if (n != STORE_UUID_LEN + 5 || strcmp(f + STORE_UUID_LEN, ".json") ||
		    !is_uuid(f, STORE_UUID_LEN))
			return false;
		e->kind = K_SET;
		memcpy(e->name, f, STORE_UUID_LEN);
		e->name[STORE_UUID_LEN] = '\0';
		return true;
	}
	if (!strncmp(rest, "texts/", 6)) {
		const char *f = rest + 6;
		size_t n = strlen(f);
		if (n < 5 || strcmp(f + n - 4, ".txt") || !is_key(f, n - 4))
			return false;
		e->kind = K_TEXT;
		memcpy(e->name, f, n - 4);
		e->name[n - 4] = '\0';
		return true;
	}
	return false;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

static struct entry *tree_find(const struct tree *t, const char *path)
{
	struct entry key = { .path = (char *)path };
	return t->n ? bsearch(&key, t->v, t->n, sizeof(*t->v), by_path) : NULL;
}

static bool tree_grow(struct tree *t)
{
	if (t->n < t->cap)
		return true;
	size_t nc = t->cap ? t->cap * 2 : 64;
	struct entry *nv = realloc(t->v, nc * sizeof(*nv));
	if (!nv)
		return false;
	t->v = nv;
	t->cap = nc;
	return true;
}

/* Adds the files of commit (ls-tree -r -z) to t, those not there already, marked ours
 * when ours; t stays sorted by path. A file not of the layout: PZ_SYNTAX, said. */
static enum pz_status list_tree(struct ctx *x, const char *commit, bool ours, struct tree *t)
{
	const char *args[] = { "ls-tree", "-r", "-z", "--full-tree", commit, NULL };
	struct buf out = {0}, err = {0};
	int rc = git(x, true, args, NULL, &out, &err);
	if (rc != 0) {
		git_said(x, _("cannot list the branch"), &err);
		buf_free(&out);
		buf_free(&err);
		return PZ_IO;
	}
	buf_free(&err);
	struct tree before = { t->v, t->n, t->n };
	enum pz_status st = PZ_OK;
	for (char *p = out.p; p && p < out.p + out.n;) {
		char *end = memchr(p, '\0', (size_t)(out.p + out.n - p));
		if (!end)
			break;
		/* "MODE SP TYPE SP SHA TAB PATH" */
		char *tab = strchr(p, '\t');
		struct entry e = {0};
		if (!tab || strncmp(p, "100644 blob ", 12) || tab - (p + 12) != 40 ||
		    !parse_path(tab + 1, &e)) {
			if (x->detail && x->dlen)
				snprintf(x->detail, x->dlen,
				         _("'%s' in the repository is not a file of pizhu's (docs/DOC/changes/SET.json"
				           " or docs/DOC/texts/HASH-LEN.txt): remove it from branch %s"),
				         tab ? tab + 1 : p, SYNC_BRANCH);
			st = PZ_SYNTAX;
			break;
		}
		memcpy(e.sha, p + 12, 40);
		e.ours = ours;
		before.v = t->v; /* t may have moved */
		if (!tree_find(&before, tab + 1)) {
			if (!(e.path = strdup(tab + 1)) || !tree_grow(t)) {
				free(e.path);
				st = PZ_NOMEM;
				break;
			}
			t->v[t->n++] = e;
		}
		p = end + 1;
	}
	buf_free(&out);
	if (t->n)
		qsort(t->v, t->n, sizeof(*t->v), by_path);
	return st;
}

/* ---- reading blobs ---- */

/* Writes data[0..n) to path (made afresh, 0600). */
static enum pz_status write_file(const char *path, const char *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return pz_status_of_errno(errno);
	while (n) {
		ssize_t w = write(fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;
			close(fd);
			return pz_status_of_errno(e ? e : EIO);
		}
		data += w;
		n -= (size_t)w;
	}
	if (close(fd) != 0)
		return pz_status_of_errno(errno);
	return PZ_OK;
}

/* The contents of blobs v[0..n) (their shas), in one `git cat-file --batch`: out[i]
 * points into *all (owned), len[i] its size. */
static enum pz_status read_blobs(struct ctx *x, struct entry *const *v, size_t n, struct buf *all,
                                 const char **out, size_t *len)
{
	struct buf in = {0}, err = {0};
	for (size_t i = 0; i < n; i++)
		if (!buf_printf(&in, "%s\n", v[i]->sha)) {
			buf_free(&in);
			return PZ_NOMEM;
		}
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/batch", x->dir);
	enum pz_status st = write_file(path, in.p ? in.p : "", in.n);
	buf_free(&in);
	if (st != PZ_OK)
		return st;
	const char *args[] = { "cat-file", "--batch", NULL };
	int rc = git(x, true, args, path, all, &err);
	unlink(path);
	if (rc != 0) {
		git_said(x, _("cannot read the repository"), &err);
		buf_free(&err);
		return PZ_IO;
	}
	buf_free(&err);
	/* "SHA SP blob SP SIZE LF CONTENT LF", in order */
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		char *nl = at < all->n ? memchr(all->p + at, '\n', all->n - at) : NULL;
		unsigned long long size;
		char type[16];
		if (!nl || sscanf(all->p + at + 40, " %15s %llu", type, &size) != 2 ||
		    strcmp(type, "blob") || size > all->n - (size_t)(nl + 1 - all->p)) {
			if (x->detail && x->dlen)
				snprintf(x->detail, x->dlen, _("'%s' cannot be read from the repository"), v[i]->path);
			return PZ_SYNTAX;
		}
		out[i] = nl + 1;
		len[i] = (size_t)size;
		at = (size_t)(nl + 1 - all->p) + (size_t)size + 1;
	}
	/* each content ends where the next header starts: NUL-terminate them */
	for (size_t i = 0; i < n; i++)
		((char *)out[i])[len[i]] = '\0';
	return PZ_OK;
}

/* ---- the steps ---- */

/* The tip of the branch as remote has it (ls-remote) into tip ("" when it has none).
 * PZ_IO with git's words when remote cannot be reached. */
static enum pz_status remote_tip(struct ctx *x, char tip[41])
{
	const char *args[] = { "ls-remote", "--", x->remote, LOCAL_REF, NULL };
	struct buf out = {0}, err = {0};
	int rc = git(x, false, args, NULL, &out, &err);
	tip[0] = '\0';
	enum pz_status st = PZ_OK;
	if (rc != 0) {
		char what[PATH_MAX + 64];
		snprintf(what, sizeof(what), rc < 0 ? _("cannot run git (is it installed?)")
		                                    : _("cannot reach '%s'"), x->remote);
		git_said(x, what, &err);
		st = PZ_IO;
	} else if (out.n >= 41 && out.p[40] == '\t') {
		memcpy(tip, out.p, 40);
		tip[40] = '\0';
	}
	buf_free(&out);
	buf_free(&err);
	return st;
}

/* The bare copy made (again: `git init` over a half-made one finishes it). */
static enum pz_status make_repo(struct ctx *x)
{
	char head[PATH_MAX + 32], obj[PATH_MAX + 32];
	struct stat sb;
	snprintf(head, sizeof(head), "%s/HEAD", x->gitdir);
	snprintf(obj, sizeof(obj), "%s/objects/pack", x->gitdir);
	if (stat(head, &sb) == 0 && stat(obj, &sb) == 0)
		return PZ_OK;
	const char *args[] = { "init", "-q", "--bare", x->gitdir, NULL };
	struct buf err = {0};
	int rc = git(x, false, args, NULL, NULL, &err);
	if (rc != 0) {
		git_said(x, _("cannot make the local copy of the repository"), &err);
		buf_free(&err);
		return PZ_IO;
	}
	buf_free(&err);
	return PZ_OK;
}

/* Lock files that a git killed with us left in the bare copy: no git of ours runs (we
 * hold the lock, which every git we start inherits), so they are stale. */
static void remove_stale_locks(struct ctx *x)
{
	static const char *const locks[] = { "/" LOCAL_REF ".lock", "/" REMOTE_REF ".lock",
	                                     "/packed-refs.lock", "/config.lock", "/shallow.lock",
	                                     "/index.lock", "/HEAD.lock" };
	char p[PATH_MAX + 64];
	for (size_t i = 0; i < sizeof(locks) / sizeof(*locks); i++) {
		snprintf(p, sizeof(p), "%s%s", x->gitdir, locks[i]);
		unlink(p);
	}
}

/* A loose ref's value from its file: true when read (git writes refs loose; a packed
 * one, or none, is asked of git). */
static bool read_loose_ref(struct ctx *x, const char *ref, char out[41])
{
	char p[PATH_MAX + 64];
	snprintf(p, sizeof(p), "%s/%s", x->gitdir, ref);
	FILE *f = fopen(p, "re");
	if (!f)
		return false;
	char line[64] = "";
	bool ok = fgets(line, sizeof(line), f) && strlen(line) >= 40 && (line[40] == '\n' || !line[40]);
	fclose(f);
	for (int i = 0; ok && i < 40; i++)
		ok = (line[i] >= '0' && line[i] <= '9') || (line[i] >= 'a' && line[i] <= 'f');
	if (ok) {
		memcpy(out, line, 40);
		out[40] = '\0';
	}
	return ok;
}

/* The local tips: the branch (ours) and what was last fetched. "" when absent. */
static enum pz_status local_tips(struct ctx *x, char ours[41], char fetched[41])
{
	if (read_loose_ref(x, LOCAL_REF, ours) && read_loose_ref(x, REMOTE_REF, fetched))
		return PZ_OK;
	const char *args[] = { "for-each-ref", "--format=%(objectname) %(refname)", LOCAL_REF,
	                       REMOTE_REF, NULL };
	struct buf out = {0}, err = {0};
	int rc = git(x, true, args, NULL, &out, &err);
	ours[0] = fetched[0] = '\0';
	if (rc != 0) {
		git_said(x, _("cannot read the local copy of the repository"), &err);
		buf_free(&out);
		buf_free(&err);
		return PZ_IO;
	}
	for (char *p = out.p; p && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (strlen(p) > 41 && p[40] == ' ') {
			char *dst = !strcmp(p + 41, LOCAL_REF) ? ours : !strcmp(p + 41, REMOTE_REF) ? fetched
			                                                                              : NULL;
			if (dst) {
				memcpy(dst, p, 40);
				dst[40] = '\0';
			}
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	buf_free(&out);
	buf_free(&err);
	return PZ_OK;
}

/* Fetches the branch of remote into REMOTE_REF. With along, the local branch (which
 * holds nothing that the last fetch did not) is moved along with it in the same git, so
 * that it need not be listed nor moved after: *along is left true when both moved
 * forward (the new tip has every file of the old), else false, and REMOTE_REF fetched
 * as it is (forced). */
static enum pz_status fetch(struct ctx *x, bool *along)
{
	if (along && *along) {
		const char *args[] = { "fetch", "-q", "--no-tags", "--", x->remote,
		                       LOCAL_REF ":" REMOTE_REF, LOCAL_REF ":" LOCAL_REF, NULL };
		if (git(x, true, args, NULL, NULL, NULL) == 0)
			return PZ_OK;
		*along = false; /* not forward (the branch was rewritten there), or failed */
	}
	const char *args[] = { "fetch", "-q", "--no-tags", "--", x->remote,
	                       "+" LOCAL_REF ":" REMOTE_REF, NULL };
	struct buf err = {0};
	int rc = git(x, true, args, NULL, NULL, &err);
	if (rc != 0) {
		char what[PATH_MAX + 64];
		snprintf(what, sizeof(what), _("cannot fetch from '%s'"), x->remote);
		git_said(x, what, &err);
		buf_free(&err);
		return PZ_IO;
	}
	buf_free(&err);
	return PZ_OK;
}

/* 0 pushed, 1 refused (remote moved on), -1 failed (said). */
static int push(struct ctx *x)
{
	const char *args[] = { "push", "-q", "--porcelain", "--", x->remote, LOCAL_REF ":" LOCAL_REF,
	                       NULL };
	struct buf out = {0}, err = {0};
	int rc = git(x, true, args, NULL, &out, &err);
	int r = 0;
	if (rc != 0) {
		bool refused = (out.p && (strstr(out.p, "[rejected]") || strstr(out.p, "non-fast-forward") ||
		                          strstr(out.p, "fetch first"))) ||
		               (err.p && (strstr(err.p, "[rejected]") || strstr(err.p, "non-fast-forward") ||
		                          strstr(err.p, "fetch first") || strstr(err.p, "cannot lock ref")));
		if (refused) {
			r = 1;
		} else {
			char what[PATH_MAX + 64];
			snprintf(what, sizeof(what), _("cannot push to '%s'"), x->remote);
			git_said(x, what, err.n ? &err : &out);
			r = -1;
		}
	}
	buf_free(&out);
	buf_free(&err);
	return r;
}

/* mkdir -p of dir (0700). */
static enum pz_status make_dirs(const char *dir)
{
	char p[PATH_MAX];
	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
		return PZ_TOOBIG;
	for (char *s = p + 1;; s++) {
		if (*s && *s != '/')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			return pz_status_of_errno(errno);
		if (!c)
			return PZ_OK;
		*s = '/';
	}
}

/* The name a committer line can hold: no angle brackets, no line breaks. */
static void committer_name(const char *who, char *out, size_t n)
{
	size_t k = 0;
	for (const char *p = who && *who ? who : "pizhu"; *p && k + 1 < n; p++)
		out[k++] = strchr("<>\n\r", *p) ? ' ' : *p;
	out[k] = '\0';
}

/* What the new change sets hold, read and checked. */
struct incoming {
	struct entry **sets;           /* the tree's entries of the new sets */
	size_t n;
	const char **data;
	size_t *len;
	struct store_sync_info *info;
	size_t ninfo;                  /* those filled */
	struct buf blobs;
	/* the texts to take */
	struct entry **texts;
	size_t nt;
	const char **tdata;
	size_t *tlen;
	struct buf tblobs;
	struct store_sync_newdoc *docs;
	char **paths;
	size_t ndocs;
};

static void incoming_free(struct incoming *in)
{
	for (size_t i = 0; i < in->ninfo; i++)
		store_sync_info_release(&in->info[i]);
	free(in->info);
	free(in->sets);
	free(in->data);
	free(in->len);
	buf_free(&in->blobs);
	free(in->texts);
	free(in->tdata);
	free(in->tlen);
	buf_free(&in->tblobs);
	for (size_t i = 0; i < in->ndocs; i++)
		free(in->paths[i]);
	free(in->paths);
	free(in->docs);
	memset(in, 0, sizeof(*in));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Reads and checks the sets of t that the store has not applied, and the texts they
 * need (of documents new here, of versions not kept here). Nothing is written to the
 * store; the newest text of a document new here is written to its file. */
static enum pz_status read_incoming(struct ctx *x, struct tree *t, struct incoming *in)
{
	char (*known)[STORE_UUID_LEN + 1];
	size_t nknown;
	enum pz_status st = store_sync_sets(x->st, &known, &nknown);
	if (st != PZ_OK)
		return st;
	in->sets = calloc(t->n + 1, sizeof(*in->sets));
	in->texts = calloc(t->n + 1, sizeof(*in->texts));
	if (!in->sets || !in->texts) {
		free(known);
		return PZ_NOMEM;
	}
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].kind == K_SET &&
		    !(nknown && bsearch(t->v[i].name, known, nknown, sizeof(*known), cmp_str)))
			in->sets[in->n++] = &t->v[i];
	free(known);
	in->data = calloc(in->n + 1, sizeof(*in->data));
	in->len = calloc(in->n + 1, sizeof(*in->len));
	in->info = calloc(in->n + 1, sizeof(*in->info));
	if (!in->data || !in->len || !in->info)
		return PZ_NOMEM;
	if (in->n && (st = read_blobs(x, in->sets, in->n, &in->blobs, in->data, in->len)) != PZ_OK)
		return st;
	for (size_t i = 0; i < in->n; i++) {
		char why[256] = "";
		st = store_sync_check(x->st, in->data[i], in->len[i], &in->info[i], why, sizeof(why));
		if (st == PZ_OK) {
			in->ninfo++;
			if (strcmp(in->info[i].set, in->sets[i]->name) ||
			    strcmp(in->info[i].doc, in->sets[i]->doc)) {
				snprintf(why, sizeof(why), "%s", _("its set or document is not the one its name says"));
				st = PZ_SYNTAX;
			}
		}
		if (st != PZ_OK) {
			if (x->detail && x->dlen)
				snprintf(x->detail, x->dlen, _("'%s' in the repository: %s"), in->sets[i]->path, why);
			return st == PZ_NOMEM ? st : st == PZ_DBNEWER ? PZ_DBNEWER : PZ_SYNTAX;
		}
	}
	/* the documents: new here (every text of theirs wanted), or known (texts not kept) */
	in->docs = calloc(in->n + 1, sizeof(*in->docs));
	in->paths = calloc(in->n + 1, sizeof(*in->paths));
	if (!in->docs || !in->paths)
		return PZ_NOMEM;
	for (size_t i = 0; i < in->n; i++) {
		const struct store_sync_info *f = &in->info[i];
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			seen |= !strcmp(in->info[k].doc, f->doc);
		if (seen)
			continue;
		int64_t doc;
		if ((st = store_sync_document(x->st, f->doc, f->texts, f->ntexts, &doc)) != PZ_OK)
			return st;
		char prefix[64];
		snprintf(prefix, sizeof(prefix), "docs/%s/texts/", f->doc);
		size_t plen = strlen(prefix);
		for (size_t k = 0; k < t->n; k++) {
			struct entry *e = &t->v[k];
			if (e->kind != K_TEXT || strncmp(e->path, prefix, plen))
				continue;
			bool want = !doc;
			if (doc && (st = store_sync_text_known(x->st, e->name, &want)) != PZ_OK)
				return st;
			if (doc)
				want = !want;
			if (want)
				in->texts[in->nt++] = e;
		}
		/* the same document under another id in this batch (tagged on two machines
		 * before either synced): one document, entered once */
		for (size_t k = 0; !doc && k < in->ndocs; k++)
			for (size_t a = 0; a < f->ntexts && !doc; a++)
				for (size_t i2 = 0; i2 < in->n && !doc; i2++)
					if (!strcmp(in->info[i2].doc, in->docs[k].doc))
						for (size_t b = 0; b < in->info[i2].ntexts; b++)
							if (!strcmp(f->texts[a], in->info[i2].texts[b])) {
								doc = -1;
								break;
							}
		if (!doc) {
			char p[PATH_MAX + 512];
			if (snprintf(p, sizeof(p), "%s/files/%s/%s", x->dir, f->doc, f->name) >= PATH_MAX)
				return PZ_TOOBIG;
			if (!(in->paths[in->ndocs] = strdup(p)))
				return PZ_NOMEM;
			in->docs[in->ndocs] = (struct store_sync_newdoc){ f->doc, in->paths[in->ndocs],
			                                                  f->title, 0 };
			in->ndocs++;
		}
	}
	in->tdata = calloc(in->nt + 1, sizeof(*in->tdata));
	in->tlen = calloc(in->nt + 1, sizeof(*in->tlen));
	if (!in->tdata || !in->tlen)
		return PZ_NOMEM;
	if (in->nt && (st = read_blobs(x, in->texts, in->nt, &in->tblobs, in->tdata, in->tlen)) != PZ_OK)
		return st;
	/* a text is the one its name says, or the repository is damaged */
	for (size_t i = 0; i < in->nt; i++) {
		char key[STORE_SYNC_KEY_LEN];
		snprintf(key, sizeof(key), "%016llx-%zu",
		         (unsigned long long)hash_bytes(in->tdata[i], in->tlen[i]), in->tlen[i]);
		if (strcmp(key, in->texts[i]->name)) {
			if (x->detail && x->dlen)
				snprintf(x->detail, x->dlen, _("'%s' in the repository is damaged (its text is not"
				                                 " the one its name says)"), in->texts[i]->path);
			return PZ_SYNTAX;
		}
	}
	/* each new document's newest text (the last its set lists that the branch has) to
	 * its file, before the store knows it: killed in between, it is written again */
	for (size_t d = 0; d < in->ndocs; d++) {
		const struct store_sync_info *f = NULL;
		for (size_t i = 0; i < in->n && !f; i++)
			if (!strcmp(in->info[i].doc, in->docs[d].doc))
				f = &in->info[i];
		size_t best = SIZE_MAX;
		for (size_t k = 0; f && k < f->ntexts; k++)
			for (size_t i = 0; i < in->nt; i++)
				if (!strcmp(in->texts[i]->name, f->texts[k]) &&
				    !strcmp(in->texts[i]->doc, in->docs[d].doc))
					best = i;
		if (best == SIZE_MAX)
			continue; /* no text: its tags wait (store_sync_apply) */
		char dir[PATH_MAX + 64];
		snprintf(dir, sizeof(dir), "%s/files/%s", x->dir, in->docs[d].doc);
		if ((st = make_dirs(dir)) != PZ_OK)
			return st;
		char tmp[PATH_MAX + 80];
		snprintf(tmp, sizeof(tmp), "%s/.new", dir);
		if ((st = write_file(tmp, in->tdata[best], in->tlen[best])) != PZ_OK)
			return st;
		if (rename(tmp, in->docs[d].path) != 0)
			return pz_status_of_errno(errno);
		in->docs[d].length = in->tlen[best];
	}
	/* documents without any text are not entered */
	size_t k = 0;
	for (size_t d = 0; d < in->ndocs; d++) {
		if (in->docs[d].length || access(in->docs[d].path, F_OK) == 0)
			in->docs[k++] = in->docs[d];
		else
			free(in->paths[d]), in->paths[d] = NULL;
	}
	/* keep paths[] owning what docs[] points at */
	for (size_t d = 0, j = 0; d < in->ndocs; d++)
		if (in->paths[d])
			in->paths[j++] = in->paths[d];
	in->ndocs = k;
	return PZ_OK;
}

/* Applies what came and packs the outbox, in one transaction. */
static enum pz_status apply(struct ctx *x, struct incoming *in)
{
	struct store_sync_in *v = calloc(in->n + 1, sizeof(*v));
	struct store_sync_text *t = calloc(in->nt + 1, sizeof(*t));
	if (!v || !t) {
		free(v);
		free(t);
		return PZ_NOMEM;
	}
	for (size_t i = 0; i < in->n; i++)
		v[i] = (struct store_sync_in){ in->data[i], in->len[i], &in->info[i] };
	for (size_t i = 0; i < in->nt; i++)
		t[i] = (struct store_sync_text){ in->texts[i]->doc, in->texts[i]->name, in->tdata[i],
		                                 in->tlen[i] };
	struct store_sync_counts c;
	enum pz_status st = store_sync_apply(x->st, v, in->n, t, in->nt, in->docs, in->ndocs, &c);
	free(v);
	free(t);
	if (st != PZ_OK)
		return st;
	struct store_sync_counts *a = &x->r->c;
	a->sent_sets += c.sent_sets;
	a->sent_ops += c.sent_ops;
	a->got_sets += c.got_sets;
	a->got_ops += c.got_ops;
	a->docs += c.docs;
	a->added += c.added;
	a->updated += c.updated;
	a->deleted += c.deleted;
	a->disputed += c.disputed;
	for (size_t d = 0; d < in->ndocs && c.docs; d++) {
		char **nv = realloc(x->r->docs, (x->r->ndocs + 1) * sizeof(*nv));
		if (!nv)
			break;
		x->r->docs = nv;
		if ((nv[x->r->ndocs] = strdup(in->docs[d].path)))
			x->r->ndocs++;
	}
	return PZ_OK;
}

/* Commits onto the branch what it lacks of ours: the sets made here and their
 * documents' texts, merging what was fetched (fetched) and the local branch (ours).
 * *made: a commit was made (or the branch moved to fetched). */
static enum pz_status commit(struct ctx *x, struct tree *t, const char *ours, const char *fetched,
                             bool *moved)
{
	*moved = false;
	struct store_sync_own *own;
	size_t nown;
	enum pz_status st = store_sync_own_sets(x->st, &own, &nown);
	if (st != PZ_OK)
		return st;
	struct buf s = {0};
	size_t files = 0;
	bool ok = true;
	char path[PATH_MAX];
	/* the documents whose texts were looked at */
	char (*seen)[STORE_UUID_LEN + 1] = calloc(nown + 1, sizeof(*seen));
	size_t nseen = 0;
	if (!seen)
		ok = false;
	for (size_t i = 0; ok && st == PZ_OK && i < nown; i++) {
		snprintf(path, sizeof(path), "docs/%s/changes/%s.json", own[i].doc, own[i].set);
		if (!tree_find(t, path)) {
			char *json;
			size_t len;
			if ((st = store_sync_set_json(x->st, own[i].set, &json, &len)) != PZ_OK)
				break;
			ok = buf_printf(&s, "M 100644 inline %s\ndata %zu\n", path, len) &&
			     buf_add(&s, json, len) && buf_add(&s, "\n", 1);
			free(json);
			files++;
		}
		bool done = false;
		for (size_t k = 0; k < nseen; k++)
			done |= !strcmp(seen[k], own[i].doc);
		if (done)
			continue;
		memcpy(seen[nseen++], own[i].doc, STORE_UUID_LEN + 1);
		struct store_sync_version *v;
		size_t nv;
		if ((st = store_sync_versions(x->st, own[i].doc, &v, &nv)) != PZ_OK)
			break;
		for (size_t k = 0; ok && st == PZ_OK && k < nv; k++) {
			snprintf(path, sizeof(path), "docs/%s/texts/%s.txt", own[i].doc, v[k].key);
			if (tree_find(t, path))
				continue;
			char *text;
			size_t len;
			if ((st = store_text_get(x->st, v[k].version, &text, &len)) != PZ_OK)
				break;
			ok = buf_printf(&s, "M 100644 inline %s\ndata %zu\n", path, len) &&
			     buf_add(&s, text, len) && buf_add(&s, "\n", 1);
			free(text);
			files++;
		}
		free(v);
	}
	free(seen);
	size_t nsets = nown;
	free(own);
	if (st == PZ_OK && !ok)
		st = PZ_NOMEM;
	/* the files only the local branch has */
	bool only_ours = false;
	for (size_t i = 0; i < t->n; i++)
		only_ours |= t->v[i].ours;
	if (st != PZ_OK || (!files && !only_ours)) {
		buf_free(&s);
		if (st != PZ_OK || !*fetched || !strcmp(ours, fetched))
			return st;
		/* nothing of ours to add: the branch becomes what was fetched */
		const char *args[] = { "update-ref", LOCAL_REF, fetched, NULL };
		struct buf err = {0};
		int rc = git(x, true, args, NULL, NULL, &err);
		if (rc != 0) {
			git_said(x, _("cannot update the local copy of the repository"), &err);
			st = PZ_IO;
		}
		buf_free(&err);
		*moved = st == PZ_OK;
		return st;
	}
	/* the commit: from what was fetched (its files), ours merged (its own files named
	 * again by their blobs), our new files inline */
	struct buf head = {0};
	char who[256];
	committer_name(store_author(x->st), who, sizeof(who));
	char msg[160];
	int mlen = snprintf(msg, sizeof(msg), "pizhu sync: %zu file%s from %s", files,
	                    files == 1 ? "" : "s", who);
	ok = buf_printf(&head, "commit %s\ncommitter %s <pizhu@sync> %lld +0000\ndata %d\n%s\n",
	                LOCAL_REF, who, (long long)time(NULL), mlen, msg);
	if (*fetched)
		ok = ok && buf_printf(&head, "from %s\n", fetched);
	else if (*ours)
		ok = ok && buf_printf(&head, "from %s\n", ours);
	if (*fetched && *ours && strcmp(ours, fetched))
		ok = ok && buf_printf(&head, "merge %s\n", ours);
	for (size_t i = 0; ok && *fetched && i < t->n; i++)
		if (t->v[i].ours)
			ok = buf_printf(&head, "M 100644 %s %s\n", t->v[i].sha, t->v[i].path);
	ok = ok && buf_add(&head, s.p ? s.p : "", s.n) && buf_add(&head, "\n", 1);
	buf_free(&s);
	(void)nsets;
	if (!ok) {
		buf_free(&head);
		return PZ_NOMEM;
	}
	char in[PATH_MAX + 16];
	snprintf(in, sizeof(in), "%s/import", x->dir);
	st = write_file(in, head.p, head.n);
	buf_free(&head);
	if (st != PZ_OK)
		return st;
	const char *args[] = { "fast-import", "--quiet", "--done", NULL };
	/* --done: the stream must end with "done", so that a cut one is not taken */
	struct buf err = {0};
	FILE *f = fopen(in, "a");
	if (!f || fputs("done\n", f) == EOF || fclose(f) != 0) {
		unlink(in);
		return PZ_IO;
	}
	int rc = git(x, true, args, in, NULL, &err);
	unlink(in);
	if (rc != 0) {
		git_said(x, _("cannot commit to the local copy of the repository"), &err);
		buf_free(&err);
		return PZ_IO;
	}
	buf_free(&err);
	*moved = true;
	return PZ_OK;
}

enum pz_status sync_probe(const char *remote, char tip[41], char *detail, size_t dlen)
{
	struct ctx x = { .remote = remote, .detail = detail, .dlen = dlen };
	if (detail && dlen)
		detail[0] = '\0';
	if (!(x.env = git_env()))
		return PZ_NOMEM;
	enum pz_status s = remote_tip(&x, tip);
	free(x.env);
	return s;
}

enum pz_status sync_run(store *st, const char *db_path, const char *remote, const char *given,
                        struct sync_result *r, char *detail, size_t dlen)
{
	memset(r, 0, sizeof(*r));
	if (detail && dlen)
		detail[0] = '\0';
	struct ctx x = { .st = st, .remote = remote, .detail = detail, .dlen = dlen, .r = r };
	if (!strcmp(db_path, ":memory:") || !*db_path) {
		if (detail && dlen)
			snprintf(detail, dlen, "%s", _("a database in memory has no place for the repository"));
		return PZ_NOENT;
	}
	if (!(x.env = git_env()))
		return PZ_NOMEM;
	/* first of all, whether remote answers: if not, nothing is written anywhere */
	char tip[41];
	enum pz_status s = PZ_OK;
	if (given)
		snprintf(tip, sizeof(tip), "%s", given);
	else
		s = remote_tip(&x, tip);
	int lock = -1;
	char dir[PATH_MAX];
	if (s == PZ_OK && snprintf(dir, sizeof(dir), "%s.sync", db_path) >= (int)sizeof(dir))
		s = PZ_TOOBIG;
	if (s == PZ_OK && (s = make_dirs(dir)) == PZ_OK && !realpath(dir, x.dir))
		s = pz_status_of_errno(errno);
	if (s == PZ_OK) {
		snprintf(x.gitdir, sizeof(x.gitdir), "%s/repo.git", x.dir);
		char lp[PATH_MAX + 8];
		snprintf(lp, sizeof(lp), "%s/lock", x.dir);
		/* not close-on-exec: every git started holds it too, so that the next sync waits
		 * for a git that outlives a killed one */
		lock = open(lp, O_RDWR | O_CREAT, 0600);
		if (lock < 0)
			s = pz_status_of_errno(errno);
		else
			while (flock(lock, LOCK_EX) != 0)
				if (errno != EINTR) {
					s = pz_status_of_errno(errno);
					break;
				}
	}
	if (s == PZ_OK) {
		remove_stale_locks(&x);
		s = make_repo(&x);
	}
	for (int attempt = 0; s == PZ_OK && attempt < PUSH_TRIES; attempt++) {
		char ours[41], fetched[41];
		if (attempt && (s = remote_tip(&x, tip)) != PZ_OK)
			break;
		if ((s = local_tips(&x, ours, fetched)) != PZ_OK)
			break;
		step_time("start");
		if (*tip && !strcmp(tip, ours) && strcmp(tip, fetched)) {
			/* what remote has is our branch (pushed last time): nothing to fetch */
			memcpy(fetched, ours, sizeof(fetched));
		} else if (*tip && strcmp(tip, fetched)) {
			bool along = !strcmp(ours, fetched);
			if ((s = fetch(&x, &along)) != PZ_OK || (s = local_tips(&x, ours, fetched)) != PZ_OK)
				break;
		}
		if (!*tip)
			fetched[0] = '\0'; /* the branch is gone there (or never was) */
		struct tree t = {0};
		if (*fetched)
			s = list_tree(&x, fetched, false, &t);
		if (s == PZ_OK && *ours && strcmp(ours, fetched))
			s = list_tree(&x, ours, true, &t);
		struct incoming in = {0};
		step_time("listed");
		if (s == PZ_OK)
			s = read_incoming(&x, &t, &in);
		step_time("read and checked");
		if (s == PZ_OK)
			s = apply(&x, &in);
		step_time("applied");
		incoming_free(&in);
		bool moved = false;
		if (s == PZ_OK)
			s = commit(&x, &t, ours, fetched, &moved);
		step_time("committed");
		tree_free(&t);
		if (s != PZ_OK)
			break;
		if ((s = local_tips(&x, ours, fetched)) != PZ_OK)
			break;
		if (!*ours || !strcmp(ours, tip))
			break; /* remote has it all */
		int p = push(&x);
		step_time("pushed");
		if (p < 0)
			s = PZ_IO;
		if (p == 0) {
			r->pushed = 1;
			break;
		}
		if (p > 0 && attempt + 1 == PUSH_TRIES) {
			if (detail && dlen)
				snprintf(detail, dlen, _("'%s' kept moving on: try again"), remote);
			s = PZ_IO;
		}
	}
	if (lock >= 0)
		close(lock);
	free(x.env);
	return s;
}
