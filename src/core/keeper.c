/* The thread that does database work apart from the reader (a version's text kept,
 * store_text_keep; a new file compared with the library; its library entry written):
 * its own connection, since an SQLite connection is not to be shared between threads
 * that may use it at once; the reader's writes meanwhile wait for its lock (busy
 * timeout). */
#include "pizhu/keeper.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/priority.h"
#include "pizhu/store.h"
#include "pizhu/store_text.h"

struct keeper {
	pthread_t th;
	char *dbpath;
	enum pz_status (*fn)(store *db, void *arg);
	enum pz_status (*staged)(store *db, void *arg, keeper *k);
	void *arg;
	int64_t version;            /* keeper_start's */
	const char *text;
	size_t len;
	enum pz_status st;  /* the thread's, read after done */
	atomic_bool done;
	atomic_bool step;   /* keeper_step, or done */
	pthread_mutex_t mu; /* step's waiters (keeper_stepped) */
	pthread_cond_t cv;
};

/* Marks the step (or the end) reached and wakes its waiter. */
static void reach(keeper *k)
{
	pthread_mutex_lock(&k->mu);
	atomic_store(&k->step, true);
	pthread_cond_broadcast(&k->cv);
	pthread_mutex_unlock(&k->mu);
}

static void *work(void *arg)
{
	keeper *k = arg;
	priority_background(); /* the keys come first */
	store *st = NULL;
	char detail[256];
	enum pz_status s = store_open(k->dbpath, &st, detail, sizeof(detail));
	if (s == PZ_OK)
		s = k->staged ? k->staged(st, k->arg, k)
		    : k->fn   ? k->fn(st, k->arg)
		              : store_text_keep(st, k->version, k->text, k->len);
	store_close(st);
	k->st = s;
	atomic_store(&k->done, true);
	reach(k);
	return NULL;
}

static enum pz_status start(keeper *k, const char *dbpath, keeper **out)
{
	if (!(k->dbpath = strdup(dbpath))) {
		free(k);
		return PZ_NOMEM;
	}
	atomic_init(&k->done, false);
	atomic_init(&k->step, false);
	if (pthread_mutex_init(&k->mu, NULL) != 0) {
		free(k->dbpath);
		free(k);
		return PZ_NOMEM;
	}
	if (pthread_cond_init(&k->cv, NULL) != 0 || pthread_create(&k->th, NULL, work, k) != 0) {
		pthread_mutex_destroy(&k->mu);
		free(k->dbpath);
		free(k);
		return PZ_NOMEM;
	}
	*out = k;
	return PZ_OK;
}

enum pz_status keeper_start(const char *dbpath, int64_t version, const char *text, size_t len,
                            keeper **out)
{
	keeper *k = calloc(1, sizeof(*k));
	if (!k)
		return PZ_NOMEM;
	k->version = version;
	k->text = text;
	k->len = len;
	return start(k, dbpath, out);
}

enum pz_status keeper_run(const char *dbpath, enum pz_status (*fn)(store *db, void *arg),
                          void *arg, keeper **out)
{
	keeper *k = calloc(1, sizeof(*k));
	if (!k)
		return PZ_NOMEM;
	k->fn = fn;
	k->arg = arg;
	return start(k, dbpath, out);
}

enum pz_status keeper_run_staged(const char *dbpath,
                                 enum pz_status (*fn)(store *db, void *arg, keeper *k),
                                 void *arg, keeper **out)
{
	keeper *k = calloc(1, sizeof(*k));
	if (!k)
		return PZ_NOMEM;
	k->staged = fn;
	k->arg = arg;
	return start(k, dbpath, out);
}

void keeper_step(keeper *k)
{
	reach(k);
}

bool keeper_stepped(keeper *k, bool wait)
{
	if (atomic_load(&k->step) || !wait)
		return atomic_load(&k->step);
	pthread_mutex_lock(&k->mu);
	while (!atomic_load(&k->step))
		pthread_cond_wait(&k->cv, &k->mu);
	pthread_mutex_unlock(&k->mu);
	return true;
}

bool keeper_done(keeper *k, enum pz_status *st)
{
	if (!atomic_load(&k->done))
		return false;
	if (st)
		*st = k->st;
	return true;
}

enum pz_status keeper_free(keeper *k)
{
	if (!k)
		return PZ_OK;
	pthread_join(k->th, NULL);
	enum pz_status st = k->st;
	pthread_cond_destroy(&k->cv);
	pthread_mutex_destroy(&k->mu);
	free(k->dbpath);
	free(k);
	return st;
}
