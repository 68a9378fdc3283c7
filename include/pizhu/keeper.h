/* Database work done by a thread of its own, on a connection of its own, while the
 * reader answers keys: a version's text kept (deflating a large text and writing it
 * takes seconds: store_text_keep), a new file compared with the library's documents,
 * a document's library entry (each write waits for the disk: fdatasync). SQLite's
 * locking orders its writes with the reader's. */
#ifndef PIZHU_KEEPER_H
#define PIZHU_KEEPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"
#include "pizhu/store.h"

typedef struct keeper keeper;

/* Starts a thread that opens the database file dbpath (store_open: the file the
 * reader's store was opened on, store_filename) and runs fn(db, arg) on that connection
 * (closed after). arg, and what fn reads through it, is the caller's: it must stay as
 * it is until keeper_free. The thread's status is fn's (or store_open's). On PZ_OK *out
 * is owned (keeper_free). */
enum pz_status keeper_run(const char *dbpath, enum pz_status (*fn)(store *db, void *arg),
                          void *arg, keeper **out);

/* As keeper_run, for a job in two steps: fn calls keeper_step(k) (once, on its
 * thread) when its first step is done, and keeper_stepped tells the caller, who may
 * then read what that step made through arg while the rest goes on. */
enum pz_status keeper_run_staged(const char *dbpath,
                                 enum pz_status (*fn)(store *db, void *arg, keeper *k),
                                 void *arg, keeper **out);
void keeper_step(keeper *k);

/* Whether k's first step (keeper_step) is done, or the whole job (whatever its
 * status); with wait, waits for it and returns true. */
bool keeper_stepped(keeper *k, bool wait);

/* Starts a thread that opens the database file dbpath (store_open: the file the
 * reader's store was opened on, store_filename) and keeps text[0..len) as the text of
 * version (store_text_keep: nothing when it is kept already). text is borrowed: it
 * must stay as it is until keeper_free. On PZ_OK *out is owned (keeper_free). */
enum pz_status keeper_start(const char *dbpath, int64_t version, const char *text, size_t len,
                            keeper **out);

/* Whether the thread has finished, without waiting; when it has, *st (may be NULL)
 * gets its status. */
bool keeper_done(keeper *k, enum pz_status *st);

/* Waits for the thread to finish (a text is written whole: nothing is given up
 * half-way) and frees k; returns its status. NULL is fine (PZ_OK). */
enum pz_status keeper_free(keeper *k);

#endif
