/* Unit tests of the thread that does database work on a connection of its own
 * (keeper.h): a version's text kept as store_text_keep keeps it, the reader's
 * connection writing meanwhile, a text kept already left alone; a job of the caller's
 * and its status, one in two steps; its thread below the keys, which may ask for
 * short time slices (priority.h). */
#define _GNU_SOURCE /* SCHED_IDLE */
#include "pizhu/keeper.h"

#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pizhu/priority.h"
#include "pizhu/store.h"
#include "pizhu/store_library.h"
#include "pizhu/store_text.h"
#include "pizhu/store_version.h"

static char dir[64], db[128];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/pizhu-keeper-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(db, sizeof(db), "%s/pizhu.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A text of some hundred kilobytes: lines of our own, numbered. */
static char *make_text(size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	for (int i = 0; n + 256 < cap && i < 8000; i++)
		n += (size_t)snprintf(t + n, cap - n, "第%d条：县水利局要在6月底前完成渠道清淤。\n", i);
	*len = n;
	return t;
}

static void test_kept_while_the_reader_writes(void **state)
{
	(void)state;
	store *st;
	assert_int_equal(store_open(db, &st, NULL, 0), PZ_OK);
	assert_string_equal(store_filename(st), db);
	int64_t id, pos, v;
	assert_int_equal(store_open_document(st, "/nowhere/a.txt", "a", 1, &id, &pos), PZ_OK);
	size_t len;
	char *text = make_text(&len);
	assert_int_equal(store_version(st, id, 42, (int64_t)len, &v), PZ_OK);
	keeper *k;
	assert_int_equal(keeper_start(store_filename(st), v, text, len, &k), PZ_OK);
	/* the reader's own writes go on meanwhile (they wait for the lock at worst) */
	for (int i = 0; i < 20; i++)
		assert_int_equal(store_save_position(st, id, i), PZ_OK);
	assert_int_equal(keeper_free(k), PZ_OK);
	bool kept = false;
	assert_int_equal(store_text_kept(st, v, &kept), PZ_OK);
	assert_true(kept);
	char *back;
	size_t blen;
	assert_int_equal(store_text_get(st, v, &back, &blen), PZ_OK);
	assert_int_equal(blen, len);
	assert_memory_equal(back, text, len);
	free(back);
	/* kept already: the thread finds it so and writes nothing */
	int64_t before = store_changes(st);
	assert_int_equal(keeper_start(db, v, "other", 5, &k), PZ_OK);
	enum pz_status s;
	while (!keeper_done(k, &s))
		usleep(1000);
	assert_int_equal(s, PZ_OK);
	assert_int_equal(keeper_free(k), PZ_OK);
	assert_int_equal(store_text_get(st, v, &back, &blen), PZ_OK);
	assert_int_equal(blen, len);
	free(back);
	assert_int_equal(store_changes(st), before);
	free(text);
	store_close(st);
}

/* keeper_run's job: what it reads through its own connection, and its status. */
static enum pz_status count_documents(store *db, void *arg)
{
	struct store_doc *docs;
	size_t n;
	enum pz_status st = store_library(db, &docs, &n);
	if (st == PZ_OK) {
		*(size_t *)arg = n;
		store_docs_free(docs, n);
	}
	return st;
}

static enum pz_status refuse(store *db, void *arg)
{
	(void)db;
	(void)arg;
	return PZ_DBBUSY;
}

/* keeper_run's job: the nice value of the thread it runs on, and its policy. */
struct below {
	int nice, policy;
};

static enum pz_status read_nice(store *db, void *arg)
{
	(void)db;
	struct below *b = arg;
	b->nice = priority_nice();
	b->policy = sched_getscheduler(0); /* Linux: the calling thread's */
	return PZ_OK;
}

/* The keeper's thread gives way to the keys: it runs at PRIORITY_BACKGROUND_NICE (or
 * lower still when the reader was started lower), SCHED_IDLE where the process is a
 * scheduling group of its own, and the reader's own thread is left as it was. */
static void test_runs_below_the_keys(void **state)
{
	(void)state;
	int mine = priority_nice(), my_policy = sched_getscheduler(0);
	struct below theirs = { -100, -1 };
	keeper *k;
	assert_int_equal(keeper_run(db, read_nice, &theirs, &k), PZ_OK);
	assert_int_equal(keeper_free(k), PZ_OK);
	assert_int_equal(priority_nice(), mine);
	assert_int_equal(sched_getscheduler(0), my_policy);
#ifdef __linux__
	assert_int_equal(theirs.nice, mine > PRIORITY_BACKGROUND_NICE ? mine : PRIORITY_BACKGROUND_NICE);
	assert_int_equal(theirs.policy, priority_background_idle() ? SCHED_IDLE : my_policy);
#else
	assert_int_equal(theirs.nice, mine);
	assert_false(priority_background_idle());
#endif
}

/* keeper_run's job: the time slice of the thread it runs on. */
static enum pz_status read_slice(store *db, void *arg)
{
	(void)db;
	*(long *)arg = priority_slice_us();
	return PZ_OK;
}

/* A thread that answers keys, in a thread of its own so as to leave the test's alone:
 * the short slice is taken (and read back) or nothing changes; the nice value stays;
 * a keeper it starts works in the kernel's own slice, not the keys'. */
struct keys_thread {
	int nice_before, nice_after;
	long slice_before, slice_after, slice_keeper;
	bool taken;
	enum pz_status st;
};

static void *answer_keys(void *arg)
{
	struct keys_thread *t = arg;
	t->nice_before = priority_nice();
	t->slice_before = priority_slice_us();
	t->taken = priority_keys();
	t->nice_after = priority_nice();
	t->slice_after = priority_slice_us();
	keeper *k;
	t->st = keeper_run(db, read_slice, &t->slice_keeper, &k);
	if (t->st == PZ_OK)
		t->st = keeper_free(k);
	return NULL;
}

static void test_keys_in_short_slices(void **state)
{
	(void)state;
	struct keys_thread t = { .slice_keeper = -1 };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, answer_keys, &t), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(t.st, PZ_OK);
	assert_int_equal(t.nice_after, t.nice_before);
	if (t.taken) {
		assert_int_equal(t.slice_after, PRIORITY_KEYS_SLICE_US);
		assert_int_not_equal(t.slice_keeper, PRIORITY_KEYS_SLICE_US);
	} else {
		assert_int_equal(t.slice_after, t.slice_before);
	}
#ifndef __linux__
	assert_false(t.taken);
#endif
}

static void test_run_a_job(void **state)
{
	(void)state;
	store *st;
	assert_int_equal(store_open(db, &st, NULL, 0), PZ_OK);
	int64_t id, pos;
	assert_int_equal(store_open_document(st, "/nowhere/a.txt", "a", 1, &id, &pos), PZ_OK);
	assert_int_equal(store_open_document(st, "/nowhere/b.txt", "b", 1, &id, &pos), PZ_OK);
	size_t n = 0;
	keeper *k;
	assert_int_equal(keeper_run(db, count_documents, &n, &k), PZ_OK);
	assert_int_equal(keeper_free(k), PZ_OK);
	assert_int_equal(n, 2);
	assert_int_equal(keeper_run(db, refuse, NULL, &k), PZ_OK);
	assert_int_equal(keeper_free(k), PZ_DBBUSY);
	store_close(st);
}

/* keeper_run_staged's job: its first step is seen (and waited for) while the rest goes
 * on; a job that ends without marking it lets its waiter go too. */
struct two_steps {
	size_t n;            /* the first step's */
	atomic_bool go_on;   /* the test lets the second step end */
};

static enum pz_status first_then_wait(store *db, void *arg, keeper *k)
{
	struct two_steps *t = arg;
	enum pz_status st = count_documents(db, &t->n);
	keeper_step(k);
	while (!atomic_load(&t->go_on))
		usleep(1000);
	return st;
}

static enum pz_status no_step(store *db, void *arg, keeper *k)
{
	(void)db;
	(void)arg;
	(void)k;
	return PZ_DBBUSY;
}

static void test_run_in_steps(void **state)
{
	(void)state;
	store *st;
	assert_int_equal(store_open(db, &st, NULL, 0), PZ_OK);
	int64_t id, pos;
	assert_int_equal(store_open_document(st, "/nowhere/a.txt", "a", 1, &id, &pos), PZ_OK);
	struct two_steps t = { 0 };
	atomic_init(&t.go_on, false);
	keeper *k;
	assert_int_equal(keeper_run_staged(db, first_then_wait, &t, &k), PZ_OK);
	assert_true(keeper_stepped(k, true));
	assert_int_equal(t.n, 1);
	assert_false(keeper_done(k, NULL)); /* the second step waits for the test */
	atomic_store(&t.go_on, true);
	assert_int_equal(keeper_free(k), PZ_OK);
	assert_int_equal(keeper_run_staged(db, no_step, NULL, &k), PZ_OK);
	assert_true(keeper_stepped(k, true));
	enum pz_status s;
	assert_true(keeper_done(k, &s));
	assert_int_equal(s, PZ_DBBUSY);
	assert_int_equal(keeper_free(k), PZ_DBBUSY);
	store_close(st);
}

static void test_free_null(void **state)
{
	(void)state;
	assert_int_equal(keeper_free(NULL), PZ_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kept_while_the_reader_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_a_job, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runs_below_the_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_in_short_slices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_in_steps, setup, teardown),
		cmocka_unit_test(test_free_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
