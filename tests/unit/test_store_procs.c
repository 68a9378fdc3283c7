/* Unit tests of the SQLite store shared by several processes, on real files in a
 * temporary directory: two writers at once, a writer and a reader, writers killed
 * (SIGKILL) at random moments, and an old (version 1) database migrated on disk.
 * Children report by their exit status and never use cmocka; they end with _exit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pizhu/store.h"

/* Annotations each writer adds in two_processes_write_at_once. */
#define N_EACH 150
/* Writers killed in sigkill_while_tagging. */
#define KILL_ROUNDS 300
/* The longest a writer lives before it is killed, in microseconds. */
#define KILL_MAX_US 15000

#define DOC_PATH "/speeches/procs.txt"
#define STORE_APPLICATION_ID 0x70697a68
#define NOBODY 65534

struct fixture {
	char dir[64];
	char db[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/pizhu-procs-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/pizhu.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s' && rm -rf '%s'", f->dir, f->dir);
	int rc = system(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A new task on the quote 某某 at characters [i, i + 2); the store picks the uuid. */
static void fill_annot(struct store_annot *a, int64_t doc, int64_t version, int i)
{
	memset(a, 0, sizeof(*a));
	a->doc = doc;
	a->version = version;
	a->type = "task";
	a->start = i;
	a->end = i + 2;
	a->quote = "某某";
	a->prefix = "";
	a->suffix = "";
	a->author = "t";
}

static int cmp_uuid(const void *x, const void *y)
{
	return strcmp((const char *)x, (const char *)y);
}

/* The uuids of v[0..n), sorted, as an array of n strings of STORE_UUID_LEN + 1. */
static char (*sorted_uuids(const struct store_annot *v, size_t n))[STORE_UUID_LEN + 1]
{
	char (*u)[STORE_UUID_LEN + 1] = calloc(n ? n : 1, sizeof(*u));
	assert_non_null(u);
	for (size_t i = 0; i < n; i++)
		memcpy(u[i], v[i].uuid, sizeof(u[i]));
	qsort(u, n, sizeof(*u), cmp_uuid);
	return u;
}

/* Creates the document and one version of it; returns their ids. */
static void make_document(const char *db, int64_t *doc, int64_t *version)
{
	store *st;
	int64_t pos;
	assert_int_equal(store_open(db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_open_document(st, DOC_PATH, "多进程", 1000, doc, &pos), PZ_OK);
	assert_int_equal(store_version(st, *doc, 0x1234abcdULL, 1000, version), PZ_OK);
	store_close(st);
}

/* Prints why a child failed, as a TAP diagnostic, and ends it. */
static void child_fail(const char *what, enum pz_status s, const char *detail)
{
	fprintf(stderr, "# child %ld: %s: %s%s%s\n", (long)getpid(), what, pz_strerror(s),
	        detail && *detail ? ": " : "", detail ? detail : "");
	_exit(1);
}

/* Waits until the parent closes go (everyone starts together). */
static void child_wait_go(int go)
{
	char c;
	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
}

/* A writer: opens the store (before or after the start signal), then adds n tasks as
 * fast as it can. Exit status 0 when every call returned PZ_OK. */
static void child_writer(const char *db, int64_t doc, int64_t version, int n, int ready, int go,
                         bool open_late)
{
	store *st = NULL;
	char detail[256];
	enum pz_status s;
	if (!open_late && (s = store_open(db, &st, detail, sizeof(detail))) != PZ_OK)
		child_fail("store_open", s, detail);
	if (write(ready, "r", 1) != 1)
		_exit(1);
	child_wait_go(go);
	if (open_late && (s = store_open(db, &st, detail, sizeof(detail))) != PZ_OK)
		child_fail("store_open", s, detail);
	for (int i = 0; i < n; i++) {
		struct store_annot a;
		fill_annot(&a, doc, version, i);
		if ((s = store_annot_add(st, &a)) != PZ_OK)
			child_fail("store_annot_add", s, NULL);
	}
	store_close(st);
	_exit(0);
}

/* A reader: rereads the annotations and polls data_version until the parent closes
 * stop. Exit status 0 when no call failed, the counts never went down, the last read
 * saw `expect` annotations and data_version changed at least once; 1 when a call
 * failed, 2 when data_version never changed, 3 when the counts were wrong. */
static void child_reader(const char *db, int64_t doc, size_t expect, int ready, int go, int stop)
{
	store *st;
	char detail[256];
	enum pz_status s;
	if ((s = store_open(db, &st, detail, sizeof(detail))) != PZ_OK)
		child_fail("store_open", s, detail);
	int64_t first = store_data_version(st);
	if (first < 0)
		child_fail("store_data_version", PZ_DB, NULL);
	if (write(ready, "r", 1) != 1)
		_exit(1);
	child_wait_go(go);
	bool changed = false, done = false;
	size_t last = 0;
	long loops = 0, changes = 0;
	int64_t prev = first;
	while (!done) {
		struct pollfd p = {.fd = stop, .events = POLLIN};
		done = poll(&p, 1, 0) > 0; /* one more read after the writer ended */
		struct store_annot *v;
		size_t n;
		if ((s = store_annots(st, doc, &v, &n)) != PZ_OK)
			child_fail("store_annots", s, NULL);
		store_annots_free(v, n);
		if (n < last) {
			fprintf(stderr, "# reader: %zu annotations after %zu\n", n, last);
			_exit(3);
		}
		last = n;
		int64_t dv = store_data_version(st);
		if (dv < 0)
			child_fail("store_data_version", PZ_DB, NULL);
		if (dv != prev)
			changes++;
		changed |= dv != first;
		prev = dv;
		loops++;
	}
	store_close(st);
	fprintf(stderr, "# reader: %ld reads, data_version changed %ld times\n", loops, changes);
	if (last != expect) {
		fprintf(stderr, "# reader: last read saw %zu annotations, not %zu\n", last, expect);
		_exit(3);
	}
	_exit(changed ? 0 : 2);
}

/* Asserts that the child pid exited with status 0. */
static void assert_child_ok(pid_t pid, const char *who)
{
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("%s: %s %d", who, WIFEXITED(status) ? "exit status" : "killed by signal",
		         WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

/* Reads the annotations of DOC_PATH: asserts there are exactly expect, with distinct
 * uuids. */
static void assert_annotations(const char *db, size_t expect)
{
	store *st;
	int64_t doc, pos;
	struct store_annot *v;
	size_t n;
	assert_int_equal(store_open(db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_find_document(st, DOC_PATH, &doc, &pos), PZ_OK);
	assert_int_equal(store_annots(st, doc, &v, &n), PZ_OK);
	assert_int_equal(n, expect);
	char (*u)[STORE_UUID_LEN + 1] = sorted_uuids(v, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strlen(u[i]), STORE_UUID_LEN);
		if (i > 0 && !strcmp(u[i - 1], u[i]))
			fail_msg("uuid %s stored twice", u[i]);
	}
	free(u);
	store_annots_free(v, n);
	store_close(st);
}

/* Two writers, each with its own connection, add N_EACH tasks at the same moment. */
static void two_writers(const char *db, bool open_late)
{
	int64_t doc, version;
	make_document(db, &doc, &version);
	int ready[2], go[2];
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	pid_t pid[2];
	for (int i = 0; i < 2; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			close(ready[0]);
			close(go[1]);
			child_writer(db, doc, version, N_EACH, ready[1], go[0], open_late);
		}
	}
	close(ready[1]);
	close(go[0]);
	char c[2];
	for (int got = 0; got < 2;) {
		ssize_t r = read(ready[0], c, sizeof(c) - (size_t)got);
		if (r <= 0)
			break; /* a child died before it was ready: its status tells */
		got += (int)r;
	}
	close(go[1]); /* go */
	close(ready[0]);
	assert_child_ok(pid[0], "first writer");
	assert_child_ok(pid[1], "second writer");
	assert_annotations(db, 2 * N_EACH);
}

static void two_processes_write_at_once(void **state)
{
	struct fixture *f = *state;
	double t0 = now_s();
	two_writers(f->db, false);
	/* and again on the same file, the two opening it at the same moment too */
	char db2[160];
	snprintf(db2, sizeof(db2), "%s/late.db", f->dir);
	two_writers(db2, true);
	printf("# two writers: %.2f s\n", now_s() - t0);
}

static void reader_sees_writer(void **state)
{
	struct fixture *f = *state;
	int64_t doc, version;
	double t0 = now_s();
	make_document(f->db, &doc, &version);
	int ready[2], go[2], stop[2];
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(stop), 0);
	pid_t reader = fork();
	assert_true(reader >= 0);
	if (reader == 0) {
		close(ready[0]);
		close(go[1]);
		close(stop[1]);
		child_reader(f->db, doc, N_EACH, ready[1], go[0], stop[0]);
	}
	close(stop[0]);
	pid_t writer = fork();
	assert_true(writer >= 0);
	if (writer == 0) {
		close(ready[0]);
		close(go[1]);
		close(stop[1]);
		child_writer(f->db, doc, version, N_EACH, ready[1], go[0], false);
	}
	close(ready[1]);
	close(go[0]);
	char c[2];
	for (int got = 0; got < 2;) {
		ssize_t r = read(ready[0], c, sizeof(c) - (size_t)got);
		if (r <= 0)
			break;
		got += (int)r;
	}
	close(go[1]);
	close(ready[0]);
	assert_child_ok(writer, "writer");
	close(stop[1]); /* the writer is done: the reader reads once more and ends */
	assert_child_ok(reader, "reader");
	assert_annotations(f->db, N_EACH);
	printf("# writer and reader: %.2f s\n", now_s() - t0);
}

/* ---- writers killed ---- */

/* Opens the store, records the document and adds tasks until it is killed, writing
 * each new uuid to out once store_annot_add has returned PZ_OK ("shown as made"). On
 * any failure it writes "E ..." and exits 1. */
static void child_tagger(const char *db, int out)
{
	store *st;
	char detail[256], line[300];
	enum pz_status s;
	int64_t doc, pos, version;
	const char *what = "store_open";
	if ((s = store_open(db, &st, detail, sizeof(detail))) != PZ_OK)
		goto fail;
	detail[0] = '\0';
	what = "store_open_document";
	if ((s = store_open_document(st, DOC_PATH, "被杀", 1000, &doc, &pos)) != PZ_OK)
		goto fail;
	what = "store_version";
	if ((s = store_version(st, doc, 0x5678ULL, 1000, &version)) != PZ_OK)
		goto fail;
	what = "store_annot_add";
	/* ready to tag: the parent may start its clock from here */
	if (write(out, "O\n", 2) != 2)
		_exit(1);
	for (int i = 0;; i++) {
		struct store_annot a;
		fill_annot(&a, doc, version, i % 1000);
		if ((s = store_annot_add(st, &a)) != PZ_OK)
			goto fail;
		a.uuid[STORE_UUID_LEN] = '\n';
		if (write(out, a.uuid, STORE_UUID_LEN + 1) != STORE_UUID_LEN + 1)
			_exit(1);
	}
fail:
	snprintf(line, sizeof(line), "E %s: %s %s\n", what, pz_strerror(s), detail);
	if (write(out, line, strlen(line)) < 0)
		_exit(1);
	_exit(1);
}

struct uuids {
	char (*v)[STORE_UUID_LEN + 1];
	size_t n, cap;
};

/* Reads everything the tagger wrote until EOF; collects each complete uuid line and
 * fails on an error line. */
static void drain(int fd, struct uuids *u)
{
	static char buf[1 << 20];
	size_t len = 0;
	ssize_t r;
	while ((r = read(fd, buf + len, sizeof(buf) - 1 - len)) != 0) {
		if (r < 0) {
			assert_int_equal(errno, EINTR);
			continue;
		}
		len += (size_t)r;
		assert_true(len < sizeof(buf) - 1);
	}
	buf[len] = '\0';
	char *p = buf;
	for (char *nl; (nl = strchr(p, '\n')); p = nl + 1) {
		*nl = '\0';
		if (p[0] == 'E')
			fail_msg("the tagger failed: %s", p + 1);
		if (p[0] == 'O' && nl - p == 1)
			continue; /* the tagger had opened the database */
		assert_int_equal(nl - p, STORE_UUID_LEN);
		if (u->n == u->cap) {
			u->cap = u->cap ? 2 * u->cap : 1024;
			u->v = realloc(u->v, u->cap * sizeof(*u->v));
			assert_non_null(u->v);
		}
		memcpy(u->v[u->n++], p, STORE_UUID_LEN + 1);
	}
	/* a partly written line is not "shown as made" (a pipe write of 37 bytes is atomic,
	 * so there should be none) */
}

/* PRAGMA integrity_check on the file with SQLite itself: exactly one row, "ok". */
static void assert_integrity(const char *db_path)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	const char *res = (const char *)sqlite3_column_text(stmt, 0);
	if (!res || strcmp(res, "ok"))
		fail_msg("integrity_check: %s", res ? res : "(null)");
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* Opens the store as the next session would (which must work), and asserts every uuid
 * shown as made is there; at most one more per round (committed, killed before it was
 * shown) may be stored. */
static void assert_all_shown_stored(const char *db, const struct uuids *u, int rounds)
{
	store *st;
	char detail[256];
	enum pz_status s = store_open(db, &st, detail, sizeof(detail));
	if (s != PZ_OK)
		fail_msg("store_open after a kill: %s: %s", pz_strerror(s), detail);
	int64_t doc, pos;
	s = store_find_document(st, DOC_PATH, &doc, &pos);
	if (s == PZ_NOENT) { /* every tagger so far was killed before it got that far */
		assert_int_equal(u->n, 0);
		store_close(st);
		return;
	}
	assert_int_equal(s, PZ_OK);
	struct store_annot *v;
	size_t n;
	assert_int_equal(store_annots(st, doc, &v, &n), PZ_OK);
	char (*have)[STORE_UUID_LEN + 1] = sorted_uuids(v, n);
	for (size_t i = 0; i < u->n; i++)
		if (!bsearch(u->v[i], have, n, sizeof(*have), cmp_uuid))
			fail_msg("uuid %s was shown as made but is not stored (%zu of %zu stored)",
			         u->v[i], n, u->n);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(have[i - 1], have[i]))
			fail_msg("uuid %s stored twice", have[i]);
	assert_true(n >= u->n);
	assert_true(n <= u->n + (size_t)rounds);
	free(have);
	store_annots_free(v, n);
	store_close(st);
}

static void sigkill_while_tagging(void **state)
{
	struct fixture *f = *state;
	struct uuids u = {0};
	double t0 = now_s(), t_check = 0;
	int during_open = 0;
	srand(1234);
	for (int round = 1; round <= KILL_ROUNDS; round++) {
		int out[2];
		assert_int_equal(pipe(out), 0);
		size_t before = u.n;
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(out[0]);
			child_tagger(f->db, out[1]);
		}
		close(out[1]);
		/* Odd rounds count from the fork, so some kills land while the database is
		 * opened; even rounds from the moment the tagger is ready, so that kills land
		 * while tagging however slow opening is on a loaded machine. */
		if (round % 2 == 0) {
			char ready[2];
			ssize_t r;
			while ((r = read(out[0], ready, 2)) < 0 && errno == EINTR)
				;
			if (r != 2 || ready[0] != 'O')
				fail_msg("round %d: the tagger did not get ready", round);
		}
		struct timespec ts = {0, (long)(rand() % (KILL_MAX_US + 1)) * 1000};
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		assert_int_equal(kill(pid, SIGKILL), 0);
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		drain(out[0], &u);
		close(out[0]);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
			fail_msg("round %d: the tagger ended by itself (status %d)", round, status);
		if (u.n == before)
			during_open++;
		double t1 = now_s();
		if (u.n > 0 || access(f->db, F_OK) == 0)
			assert_integrity(f->db);
		assert_all_shown_stored(f->db, &u, round);
		t_check += now_s() - t1;
	}
	printf("# %d writers killed: %zu tags shown as made, %d rounds with none; %.2f s "
	       "(%.2f s checking)\n",
	       KILL_ROUNDS, u.n, during_open, now_s() - t0, t_check);
	/* the kills must have landed while tagging, not only before */
	assert_true(u.n > 0);
	assert_true(during_open < KILL_ROUNDS);
	free(u.v);
}

/* ---- an old database on disk ---- */

/* migrations[0] of src/core/store.c: the schema as version 1 wrote it. */
static const char v1_schema[] =
	"CREATE TABLE document ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL DEFAULT '',"
	"  last_opened INTEGER NOT NULL,"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  length INTEGER NOT NULL DEFAULT 0"
	") STRICT;"
	"CREATE INDEX document_recent ON document(last_opened DESC);";

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

static void make_v1(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	char sql[128];
	exec_ok(db, "PRAGMA journal_mode=WAL");
	exec_ok(db, "BEGIN IMMEDIATE");
	exec_ok(db, v1_schema);
	snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=1",
	         STORE_APPLICATION_ID);
	exec_ok(db, sql);
	exec_ok(db, "INSERT INTO document(path, title, last_opened, position, length)"
	            " VALUES('/speeches/v1.txt', '旧讲话', 1700000000000, 4321, 9000)");
	exec_ok(db, "COMMIT");
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static int user_version(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	int v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char *buf = NULL;
	size_t len = 0;
	char chunk[4096];
	size_t r;
	while ((r = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf = realloc(buf, len + r);
		assert_non_null(buf);
		memcpy(buf + len, chunk, r);
		len += r;
	}
	fclose(fp);
	*n = len;
	return buf;
}

static void spit(const char *path, const char *buf, size_t n)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

/* store_open of path in a child, as nobody when we are root (file modes do not stop
 * root), then, when write and the open worked, store_open_document: returns the first
 * status that is not PZ_OK, or PZ_OK (SQLite's words are shown when it is not expect). */
static enum pz_status open_as_owner(const char *path, bool write, enum pz_status expect)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 &&
		    (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0))
			_exit(100);
		store *st = NULL;
		char detail[256];
		int64_t id, pos;
		enum pz_status s = store_open(path, &st, detail, sizeof(detail));
		if (s == PZ_OK && write)
			s = store_open_document(st, "/speeches/new.txt", "新", 1, &id, &pos);
		if (s != expect)
			fprintf(stderr, "# store_open of %s: %s: %s\n", path, pz_strerror(s), detail);
		store_close(st);
		_exit((int)s);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_not_equal(WEXITSTATUS(status), 100);
	return (enum pz_status)WEXITSTATUS(status);
}

/* Names in directory dir other than . and .., sorted, joined by spaces. */
static void list_dir(const char *dir, char *buf, size_t len)
{
	char names[16][256];
	int n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d)) && n < 16;)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			snprintf(names[n++], sizeof(names[0]), "%s", e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_uuid);
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? " " : "", names[i]);
}

/* Copies the version 1 file into top/name/pizhu.db (path gets it), made read-only
 * (0400, and its directory 0500 when dir_too), owned by nobody when we are root. */
static void read_only_copy(const char *top, const char *v1, size_t v1_len, const char *name,
                           bool dir_too, char *path, size_t len)
{
	char dir[160];
	snprintf(dir, sizeof(dir), "%s/%s", top, name);
	snprintf(path, len, "%s/pizhu.db", dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	spit(path, v1, v1_len);
	if (geteuid() == 0) { /* the child that opens it runs as nobody: it must reach it */
		assert_int_equal(chmod(top, 0711), 0);
		assert_int_equal(chown(dir, NOBODY, NOBODY), 0);
		assert_int_equal(chown(path, NOBODY, NOBODY), 0);
	}
	assert_int_equal(chmod(path, 0400), 0);
	if (dir_too)
		assert_int_equal(chmod(dir, 0500), 0);
}

/* A read-only copy is refused with PZ_DBREADONLY and left exactly as it was. */
static void read_only_copy_is_refused(const char *top, const char *v1, size_t v1_len,
                                      const char *name, bool dir_too)
{
	char path[192];
	read_only_copy(top, v1, v1_len, name, dir_too, path, sizeof(path));
	assert_int_equal(open_as_owner(path, false, PZ_DBREADONLY), PZ_DBREADONLY);
	size_t n;
	char *after = slurp(path, &n);
	assert_int_equal(n, v1_len);
	assert_memory_equal(after, v1, n);
	free(after);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0400);
}

static void migration_from_v1_on_a_real_file(void **state)
{
	struct fixture *f = *state;
	make_v1(f->db);
	assert_int_equal(user_version(f->db), 1);
	size_t v1_len;
	char *v1 = slurp(f->db, &v1_len);

	store *st;
	char detail[256];
	enum pz_status s = store_open(f->db, &st, detail, sizeof(detail));
	if (s != PZ_OK)
		fail_msg("store_open of a version 1 file: %s: %s", pz_strerror(s), detail);
	int64_t doc, pos, version;
	assert_int_equal(store_find_document(st, "/speeches/v1.txt", &doc, &pos), PZ_OK);
	assert_int_equal(pos, 4321);
	struct store_doc *docs;
	size_t n;
	assert_int_equal(store_library(st, &docs, &n), PZ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(docs[0].title, "旧讲话");
	assert_int_equal(docs[0].last_opened, 1700000000000LL);
	assert_int_equal(docs[0].length, 9000);
	store_docs_free(docs, n);
	char duuid[STORE_UUID_LEN + 1]; /* the document got an identity on the way */
	int64_t same;
	assert_int_equal(store_document_uuid(st, doc, duuid), PZ_OK);
	assert_int_equal(strlen(duuid), STORE_UUID_LEN);
	assert_int_equal(store_document_by_uuid(st, duuid, &same), PZ_OK);
	assert_int_equal(same, doc);
	assert_int_equal(store_version(st, doc, 0x9abcULL, 9000, &version), PZ_OK);
	struct store_annot a;
	fill_annot(&a, doc, version, 7);
	a.note = "迁移后";
	assert_int_equal(store_annot_add(st, &a), PZ_OK);
	char uuid[STORE_UUID_LEN + 1];
	memcpy(uuid, a.uuid, sizeof(uuid));
	store_close(st);
	assert_int_equal(user_version(f->db), STORE_SCHEMA_VERSION);

	/* again, as the next session: nothing left to migrate, everything still there */
	assert_int_equal(store_open(f->db, &st, NULL, 0), PZ_OK);
	assert_int_equal(store_find_document(st, "/speeches/v1.txt", &doc, &pos), PZ_OK);
	assert_int_equal(pos, 4321);
	struct store_annot *v;
	assert_int_equal(store_annots(st, doc, &v, &n), PZ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].uuid, uuid);
	assert_int_equal(v[0].version, version);
	assert_string_equal(v[0].type, "task");
	assert_int_equal(v[0].start, 7);
	assert_int_equal(v[0].end, 9);
	assert_string_equal(v[0].quote, "某某");
	assert_string_equal(v[0].note, "迁移后");
	assert_string_equal(v[0].author, "t");
	store_annots_free(v, n);
	store_close(st);
	assert_integrity(f->db);

	read_only_copy_is_refused(f->dir, v1, v1_len, "ro-file", false);
	read_only_copy_is_refused(f->dir, v1, v1_len, "ro-dir", true);
	free(v1);
}

/* Opening a read-only database that sits in a writable directory leaves nothing
 * behind, so that once the user makes the file writable again (chmod 600) pizhu can
 * write to it. */
static void read_only_open_leaves_no_trace(void **state)
{
	struct fixture *f = *state;
	char v1_path[160], path[192], dir[160], names[512];
	snprintf(v1_path, sizeof(v1_path), "%s/v1.db", f->dir);
	make_v1(v1_path);
	size_t v1_len;
	char *v1 = slurp(v1_path, &v1_len);
	read_only_copy(f->dir, v1, v1_len, "ro", false, path, sizeof(path));
	free(v1);
	assert_int_equal(open_as_owner(path, false, PZ_DBREADONLY), PZ_DBREADONLY);
	snprintf(dir, sizeof(dir), "%s/ro", f->dir);
	list_dir(dir, names, sizeof(names));
	assert_int_equal(chmod(path, 0600), 0);
	enum pz_status s = open_as_owner(path, true, PZ_OK);
	if (s != PZ_OK)
		fail_msg("after chmod 600 the store still cannot be written (%s); the read-only "
		         "open had left: %s",
		         pz_strerror(s), names);
	assert_string_equal(names, "pizhu.db");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(two_processes_write_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(reader_sees_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(sigkill_while_tagging, setup, teardown),
		cmocka_unit_test_setup_teardown(migration_from_v1_on_a_real_file, setup, teardown),
		cmocka_unit_test_setup_teardown(read_only_open_leaves_no_trace, setup, teardown),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
