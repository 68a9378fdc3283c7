/* A document's costly parts built by a worker thread while the reader answers keys:
 * the file read whole (when the reader shows its first lines meanwhile), its outline,
 * its suggestions. The worker touches no database and nothing the reader changes; the
 * reader takes each part over when it is ready (loader_poll), in order. */
#ifndef PIZHU_LOADER_H
#define PIZHU_LOADER_H

#include <stdbool.h>
#include "pizhu/outline.h"
#include "pizhu/session.h"
#include "pizhu/status.h"
#include "pizhu/suggestions.h"

typedef struct loader loader;

/* What the worker has made so far, in the order it makes them. */
enum loader_stage {
	LOADER_STARTED,       /* nothing yet */
	LOADER_OPENED,        /* the file read whole: loader_take_session */
	LOADER_OUTLINED,      /* its full outline: loader_take_outline */
	LOADER_DONE,          /* its suggestions (unless not asked for): the worker ended */
};

/* Starts a worker that opens path as session_open does (with opt, copied) and gives
 * the session its paragraphs (session_outline_paragraphs), then builds its full
 * outline, then with suggest its suggestions (on one thread: the reader keeps the
 * other processor). On PZ_OK *out is owned (loader_free). */
enum pz_status loader_open(const char *path, const struct session_options *opt, bool suggest,
                           loader **out);

/* The same for s, already open: the worker starts at its full outline (the session is
 * read, never changed, by the worker; the caller keeps it, and must not close it or
 * give it another outline before loader_free). */
enum pz_status loader_build(const session *s, bool suggest, loader **out);

/* The stage reached, without waiting; when the worker failed, the stage it failed at
 * is never passed: *st (may be NULL) gets the failure (PZ_OK else) and *where its
 * place (session_open's). */
enum loader_stage loader_poll(loader *l, enum pz_status *st, struct pz_where *where);

/* Waits until the worker has reached stage at least, or failed; returns loader_poll's. */
enum loader_stage loader_wait(loader *l, enum loader_stage at, enum pz_status *st,
                              struct pz_where *where);

/* What the worker made, handed over once (NULL before its stage, after a failure, or
 * when taken already): owned by the caller. The session must outlive the loader (the
 * worker reads its text until loader_free); so must the outline, which the worker
 * reads for the suggestions. */
session *loader_take_session(loader *l);
outline *loader_take_outline(loader *l);
suggestions *loader_take_suggestions(loader *l);

/* Stops the worker (the suggestions are given up between paragraphs; an outline being
 * built is finished), waits for it and frees what was not taken. NULL is fine. */
void loader_free(loader *l);

#endif
