/* A version's text kept in the database by a thread of its own, on a connection of its
 * own, while the reader answers keys: deflating a large text and writing it takes
 * seconds (store_text_keep). SQLite's locking orders its write with the reader's. */
#ifndef PIZHU_KEEPER_H
#define PIZHU_KEEPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

typedef struct keeper keeper;

/* Starts a thread that opens the database file dbpath (store_open: the file the
 * reader's store was opened on, store_filename) and keeps text[0..len) as the text of
 * version (store_text_keep: nothing when it is kept already). text is borrowed: it
 * must stay as it is until keeper_free. On PZ_OK *out is owned (keeper_free). */
enum pz_status keeper_start(const char *dbpath, int64_t version, const char *text, size_t len,
                            keeper **out);

/* Whether the thread has finished, without waiting; when it has, *st (may be NULL)
 * gets its status. */
bool keeper_done(keeper *k, enum pz_status *st);

/* Waits for the thread to finish (the text is written whole: nothing is given up
 * half-way) and frees k; returns its status. NULL is fine (PZ_OK). */
enum pz_status keeper_free(keeper *k);

#endif
