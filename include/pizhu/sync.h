/* `pizhu sync REMOTE`: the annotations exchanged with a git repository the team already
 * reaches (a path, a bare repository over SSH, a forge), through the git command, not a
 * protocol of pizhu's own. The database keeps a bare copy of the repository beside it
 * (DB.sync/repo.git) and works on branch pizhu-sync, whose files never collide:
 *   docs/DOC/changes/SET.json   one change set (store_sync.h), named by its UUID
 *   docs/DOC/texts/HASH-LEN.txt the text of a version of document DOC
 * so git never has to merge a file's contents: merging two histories is the union of
 * their files. The merge rules are store_sync.h's. */
#ifndef PIZHU_SYNC_H
#define PIZHU_SYNC_H

#include <stddef.h>
#include "pizhu/status.h"
#include "pizhu/store.h"
#include "pizhu/store_sync.h"

/* The branch pizhu writes in the repository. */
#define SYNC_BRANCH "pizhu-sync"

struct sync_result {
	struct store_sync_counts c;
	char **docs;          /* the files of the documents new here (owned) */
	size_t ndocs;
	int pushed;           /* a commit was sent to REMOTE */
};
void sync_result_release(struct sync_result *r);

/*
 * Syncs st, the database at db_path (its file: the bare copy and the documents new here
 * go to db_path.sync/), with remote (anything `git ls-remote` takes). In order: asks
 * remote for its branch unless tip is given (sync_probe; unreachable: PZ_IO, nothing
 * written anywhere); under a lock
 * (flock on db_path.sync/lock: a second sync waits) fetches it, reads and checks every
 * change set not applied here and the texts needed (a file that is not of the layout,
 * a damaged one: PZ_SYNTAX; a set from a newer pizhu: PZ_DBNEWER; nothing written to the
 * database), applies them and packs the outbox in one transaction, commits the sets
 * made here that the branch lacks (with their documents' texts) and pushes; a push
 * refused because remote moved on is tried again after merging what it got. Killed at
 * any point, the database and both repositories are consistent (each write is a
 * transaction, git's refs move last) and the next sync finishes the job: a set made
 * here and not yet committed is written again from the database. detail (may be NULL)
 * says what failed: git's own words, the file, the set.
 */
enum pz_status sync_run(store *st, const char *db_path, const char *remote, const char *tip,
                        struct sync_result *r, char *detail, size_t detail_len);

/* Asks remote for the tip of the branch (`git ls-remote`), writing nothing anywhere:
 * PZ_OK with tip (40 hex digits, "" when remote has no such branch yet), or PZ_IO with
 * git's words in detail when remote cannot be reached (or git cannot be run). Pass tip
 * to sync_run, which then does not ask again (NULL: it asks). */
enum pz_status sync_probe(const char *remote, char tip[41], char *detail, size_t detail_len);

#endif
