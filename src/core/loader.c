/* The worker that builds a large document's costly parts (reading it whole, its outline,
 * its suggestions) while the reader answers keys: one thread, its results handed over
 * under a mutex, one stage after the other. */
#include "pizhu/loader.h"
#include "pizhu/priority.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct loader {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* under mu */
	enum loader_stage stage;
	enum pz_status st;
	struct pz_where where;
	session *opened;               /* made here, until taken */
	outline *o;                    /* until taken; read by the worker after */
	bool o_taken;
	suggestions *sg;
	/* the worker's, set before it starts or before the stage that gives them away */
	atomic_bool stop;
	bool suggest;
	char *path, *encoding, *author, *name;
	struct detect_options detect;  /* with name, one thread and stop */
	const doc *d;                  /* the text worked on */
};

/* Publishes stage (and a failure) and wakes a waiting reader. */
static void reach(loader *l, enum loader_stage stage, enum pz_status st)
{
	pthread_mutex_lock(&l->mu);
	if (st == PZ_OK)
		l->stage = stage;
	else
		l->st = st;
	pthread_cond_broadcast(&l->cv);
	pthread_mutex_unlock(&l->mu);
}

/* The detection options of s, kept by the loader: s may be gone (session_replace)
 * before the suggestions are found. */
static enum pz_status keep_detect(loader *l, const session *s)
{
	l->detect = *session_detect(s);
	if (l->detect.name && !(l->name = strdup(l->detect.name)))
		return PZ_NOMEM;
	l->detect.name = l->name;
	l->detect.threads = 1;
	l->detect.stop = &l->stop;
	return PZ_OK;
}

static void *work(void *arg)
{
	loader *l = arg;
	enum pz_status st = PZ_OK;
	priority_background(); /* the keys come first */
	if (l->path) { /* the file, read whole */
		struct session_options opt = { .encoding = l->encoding, .author = l->author };
		struct pz_where where = { 0 };
		session *s = NULL;
		st = session_open(l->path, &opt, &s, &where);
		if (st == PZ_OK && (st = session_outline_paragraphs(s)) == PZ_OK &&
		    (st = keep_detect(l, s)) == PZ_OK) {
			l->d = session_doc(s);
			doc_char_index(l->d, 0); /* the index built here, not under a key */
		}
		pthread_mutex_lock(&l->mu);
		l->where = where;
		if (st == PZ_OK)
			l->opened = s;
		pthread_mutex_unlock(&l->mu);
		if (st != PZ_OK)
			session_close(s);
		reach(l, LOADER_OPENED, st);
		if (st != PZ_OK)
			return NULL;
	}
	if (atomic_load(&l->stop))
		return NULL;
	outline *o = NULL;
	st = outline_build(l->d, &o);
	pthread_mutex_lock(&l->mu);
	l->o = o;
	pthread_mutex_unlock(&l->mu);
	reach(l, LOADER_OUTLINED, st);
	if (st != PZ_OK)
		return NULL;
	suggestions *sg = NULL;
	if (l->suggest && !atomic_load(&l->stop)) {
		st = suggestions_find(l->d, o, &l->detect, &sg);
		if (atomic_load(&l->stop)) { /* cut short: not the document's suggestions */
			suggestions_free(sg);
			sg = NULL;
		}
	}
	pthread_mutex_lock(&l->mu);
	l->sg = sg;
	pthread_mutex_unlock(&l->mu);
	reach(l, LOADER_DONE, st);
	return NULL;
}

static enum pz_status start(loader *l)
{
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->cv, NULL);
	atomic_init(&l->stop, false);
	if (pthread_create(&l->th, NULL, work, l) != 0) {
		pthread_cond_destroy(&l->cv);
		pthread_mutex_destroy(&l->mu);
		return PZ_NOMEM;
	}
	return PZ_OK;
}

static void drop(loader *l)
{
	free(l->path);
	free(l->encoding);
	free(l->author);
	free(l->name);
	free(l);
}

static bool dup_or_null(const char *s, char **out)
{
	*out = s ? strdup(s) : NULL;
	return !s || *out;
}

enum pz_status loader_open(const char *path, const struct session_options *opt, bool suggest,
                           loader **out)
{
	loader *l = calloc(1, sizeof(*l));
	if (!l || !(l->path = strdup(path)) || !dup_or_null(opt ? opt->encoding : NULL, &l->encoding) ||
	    !dup_or_null(opt ? opt->author : NULL, &l->author)) {
		if (l)
			drop(l);
		return PZ_NOMEM;
	}
	l->suggest = suggest;
	enum pz_status st = start(l);
	if (st != PZ_OK) {
		drop(l);
		return st;
	}
	*out = l;
	return PZ_OK;
}

enum pz_status loader_build(const session *s, bool suggest, loader **out)
{
	loader *l = calloc(1, sizeof(*l));
	if (!l)
		return PZ_NOMEM;
	enum pz_status st = keep_detect(l, s);
	if (st != PZ_OK) {
		drop(l);
		return st;
	}
	l->suggest = suggest;
	l->d = session_doc(s);
	l->stage = LOADER_OPENED;
	doc_char_index(l->d, 0); /* safe to build from both sides; here, it is built once */
	if ((st = start(l)) != PZ_OK) {
		drop(l);
		return st;
	}
	*out = l;
	return PZ_OK;
}

enum loader_stage loader_poll(loader *l, enum pz_status *st, struct pz_where *where)
{
	return loader_wait(l, LOADER_STARTED, st, where);
}

enum loader_stage loader_wait(loader *l, enum loader_stage at, enum pz_status *st,
                              struct pz_where *where)
{
	pthread_mutex_lock(&l->mu);
	while (l->stage < at && l->st == PZ_OK)
		pthread_cond_wait(&l->cv, &l->mu);
	enum loader_stage stage = l->stage;
	if (st)
		*st = l->st;
	if (where)
		*where = l->where;
	pthread_mutex_unlock(&l->mu);
	return stage;
}

session *loader_take_session(loader *l)
{
	pthread_mutex_lock(&l->mu);
	session *s = l->opened;
	l->opened = NULL;
	pthread_mutex_unlock(&l->mu);
	return s;
}

outline *loader_take_outline(loader *l)
{
	pthread_mutex_lock(&l->mu);
	outline *o = l->o_taken ? NULL : l->o;
	l->o_taken = l->o_taken || o;
	pthread_mutex_unlock(&l->mu);
	return o;
}

suggestions *loader_take_suggestions(loader *l)
{
	pthread_mutex_lock(&l->mu);
	suggestions *sg = l->sg;
	l->sg = NULL;
	pthread_mutex_unlock(&l->mu);
	return sg;
}

void loader_free(loader *l)
{
	if (!l)
		return;
	atomic_store(&l->stop, true);
	pthread_join(l->th, NULL);
	session_close(l->opened);
	if (!l->o_taken)
		outline_free(l->o);
	suggestions_free(l->sg);
	pthread_cond_destroy(&l->cv);
	pthread_mutex_destroy(&l->mu);
	drop(l);
}
