/* File names as people type them in a prompt: `~` for the home directory, and Tab to
 * complete a name from what is in the directory (as a shell does). */
#ifndef PIZHU_PATH_H
#define PIZHU_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/status.h"

/*
 * The file name in[0..n) with a leading `~` expanded: `~` alone and `~/rest` to home
 * (the caller passes $HOME; NULL or "" leaves the `~` as it is), `~user` and
 * `~user/rest` to that user's home directory (the password database; an unknown user
 * leaves it as it is). Anything else is copied unchanged. *out is owned (free()),
 * NUL-terminated. Returns PZ_OK, PZ_NOMEM, or PZ_TOOLONG when the result would reach
 * PATH_MAX bytes.
 */
enum pz_status path_expand(const char *in, size_t n, const char *home, char **out);

/* What completing a name found. */
struct path_completion {
	char *text;       /* owned (path_completion_release): the input completed as far as
	                     every match agrees, the user's `~` kept; a directory completed
	                     whole ends with '/' */
	size_t matches;   /* names in the directory that the last component begins */
	char *listing;    /* owned: up to a line of the matching names, blank-separated
	                     (directories with '/'), "" when there is one match or none */
};

/*
 * Completes the last component of the file name in[0..n) (everything after its last
 * '/') from the names in its directory (the current directory when it has no '/'),
 * after `~` as path_expand. Names starting with '.' are offered only when the typed
 * component starts with '.'; "." and ".." never. matches is 0 when nothing matches
 * (text is then the input unchanged). listing holds the names sorted, cut after about
 * listing_max bytes with " …". Returns PZ_OK, PZ_NOMEM, PZ_TOOLONG, or the status of
 * a directory that cannot be read (PZ_NOENT, PZ_ACCES, PZ_NOTDIR, ...).
 */
enum pz_status path_complete(const char *in, size_t n, const char *home, size_t listing_max,
                             struct path_completion *out);

/* Frees what c holds (c itself is the caller's) and zeroes it. */
void path_completion_release(struct path_completion *c);

#endif
