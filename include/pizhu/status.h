/* One table of outcomes for every core function: the core reports, only main and
 * the UI decide what to tell the user and whether to give up (sqlite's SQLITE_*). */
#ifndef PIZHU_STATUS_H
#define PIZHU_STATUS_H

#include <stddef.h>

#define PZ_STATUS_LIST(S)                                              \
	S(OK,       "success")                                         \
	S(NOMEM,    "out of memory")                                   \
	S(NOENT,    "no such file or directory")                       \
	S(ACCES,    "permission denied")                               \
	S(ISDIR,    "is a directory")                                  \
	S(NOTREG,   "not a regular file")                              \
	S(IO,       "read error")                                      \
	S(TOOBIG,   "file too large")                                  \
	S(BINARY,   "binary data (NUL byte)")                          \
	S(ENCODING, "not valid text in any supported encoding")        \
	S(BADENC,   "unknown encoding")                                \
	S(CONVERT,  "not valid in the requested encoding")             \
	S(NOTFOUND, "pattern not found")                               \
	S(SYNTAX,   "errors in the file")                              \
	S(DB,       "database error")                                  \
	S(DBCORRUPT, "database is corrupt or not a pizhu database")    \
	S(DBNEWER,  "database is from a newer version of pizhu")       \
	S(DBREADONLY, "database is read-only")                         \
	S(DBBUSY,   "database is locked by another process")           \
	S(EXIST,    "already exists")                                  \
	S(AMBIGUOUS, "ambiguous: more than one matches")               \
	S(EMPTY,    "nothing to write")                                \
	S(NOSPACE,  "disk full")                                       \
	S(LOOP,     "too many levels of symbolic links")               \
	S(NOTDIR,   "not a directory")                                 \
	S(NOTUTF8,  "not valid UTF-8")                                 \
	S(TOOLONG,  "text too long")                                   \
	S(CONFLICT, "changed since by someone else")                   \
	S(NOLIB,    "libxlsxwriter is not installed (needed for xlsx)")

enum pz_status {
#define PZ_STATUS_ENUM(id, text) PZ_##id,
	PZ_STATUS_LIST(PZ_STATUS_ENUM)
#undef PZ_STATUS_ENUM
	PZ_STATUS_COUNT
};

/* Returns a static, lower-case description of st; never NULL. */
const char *pz_strerror(enum pz_status st);

/* The status of a failed system call's errno (ENOENT, EACCES, ENOSPC, ELOOP, ...);
 * PZ_IO for one without a status of its own. */
enum pz_status pz_status_of_errno(int e);

/* "st's text: detail" into buf (size len, NUL-terminated), or detail alone when it
 * already says what st says, or st's text alone when detail is NULL or empty: for a
 * message built from a status and the words of whoever failed. Returns buf. */
const char *pz_explain(enum pz_status st, const char *detail, char *buf, size_t len);

/* Where loading failed, when the failure has a place: 1-based line and 1-based byte
 * within that line of the input as read; zero when unknown. */
struct pz_where {
	size_t line;
	size_t byte;
	size_t offset;        /* 0-based byte offset in the file */
	const char *encoding; /* the encoding the bytes were judged to be in, when the
	                         failure is that they are not valid in it (static); NULL */
};

/* Writes st's text into buf (size len, NUL-terminated), followed by " at line L, byte
 * B" when where holds the place of a loading failure ("not valid GB18030 at line L,
 * byte B" when it names the encoding). Returns buf. */
const char *pz_describe(enum pz_status st, const struct pz_where *where, char *buf, size_t len);

#endif
