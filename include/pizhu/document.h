/* A loaded speech file: its UTF-8 text with line endings made uniform, and the map
 * from byte offsets to the line:col (in characters) of the file as the user sees it. */
#ifndef PIZHU_DOCUMENT_H
#define PIZHU_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/status.h"

/* Files larger than this are refused with PZ_TOOBIG (documented in pizhu(1)). */
#define DOC_MAX_BYTES ((size_t)256 << 20)

typedef struct doc doc;

/* A 1-based position: line and column counted in characters (code points). */
struct doc_pos {
	size_t line;
	size_t col;
};

struct doc_options {
	const char *encoding; /* NULL: detect; else forced (see pz_decode) */
};

/* Reads and decodes the file at path. Refuses directories (PZ_ISDIR), other
 * non-regular files (PZ_NOTREG), files over DOC_MAX_BYTES (PZ_TOOBIG), NUL bytes
 * (PZ_BINARY, *where at the first one) and undecodable bytes (see pz_decode).
 * An empty file is a valid empty document. On PZ_OK *out is owned (doc_free).
 * *where (if not NULL) is zeroed, and on PZ_BINARY, PZ_ENCODING and PZ_CONVERT
 * gives the place in the file's bytes as read (before BOM, CR and HTML handling).
 * A file that detects as HTML (html_detect on the decoded text) is replaced by
 * its extracted text (html_to_text). */
enum pz_status doc_load_file(const char *path, const struct doc_options *opt,
                             doc **out, struct pz_where *where);

/* Reads the regular file at path whole, without decoding it: *buf is owned (free();
 * room for *len + 1 bytes, NUL-terminated). Refuses what doc_load_file refuses before
 * decoding: directories (PZ_ISDIR), anything else that is not a regular file (a FIFO
 * is refused at once, never waited on: PZ_NOTREG), files over max bytes (PZ_TOOBIG).
 * Memory follows the file's size, not max. */
enum pz_status doc_read_file(const char *path, size_t max, char **buf, size_t *len);

/* The first lines of the file at path, to show before the whole is read: when path is
 * a regular file of more than max bytes whose first max bytes hold a line end, no NUL,
 * and read as UTF-8 text that is not HTML, *out gets (owned: doc_free) the document of
 * those bytes up to their last line end, which the whole file's text starts with when
 * doc_load_file finds it UTF-8 too. Else *out is NULL: load the file whole (which says
 * what is wrong with it, if anything). A forced encoding gives NULL. Always PZ_OK. */
enum pz_status doc_load_prefix(const char *path, const struct doc_options *opt, size_t max,
                               doc **out);

/* The same from bytes in memory (buf is copied, not kept). */
enum pz_status doc_load_buffer(const char *buf, size_t len, const struct doc_options *opt,
                               doc **out, struct pz_where *where);

void doc_free(doc *d);

/* The text: UTF-8, no BOM, every line ending (CRLF, CR, LF) turned into one '\n',
 * for HTML input the extracted text. Borrowed, valid until doc_free; *len set (if
 * len is not NULL). Never NULL, NUL-terminated, no NUL inside. */
const char *doc_text(const doc *d, size_t *len);

/* The 64-bit hash of the whole text (hash_bytes; what tells versions of a document
 * apart, tags_text_hash), made once when the document is read: reading it is free,
 * from any thread. */
uint64_t doc_hash(const doc *d);

/* Number of lines (an empty document has 0; a final line without '\n' counts). */
size_t doc_line_count(const doc *d);

/* Byte offset of the start of 0-based line i and its length without '\n'
 * (O(1); for i >= doc_line_count: the text length and 0). */
size_t doc_line_start(const doc *d, size_t i);
size_t doc_line_len(const doc *d, size_t i);

/* 0-based line holding byte offset off (off == text length gives the last line;
 * 0 for an empty document). O(log lines). */
size_t doc_line_of(const doc *d, size_t off);

/* The 1-based line:col of byte offset off: the '\n' ending a line is at the column
 * after its last character; an offset past the last line's end (the text length
 * after a final '\n') gives that end. An empty document gives 1:1. Costs a binary
 * search plus counting the line up to off (at most 64 KiB; further into a longer
 * line it uses doc_char_index). */
struct doc_pos doc_pos_of(const doc *d, size_t off);

/* doc_pos_of for offsets that mostly grow (sorted items): the cursor remembers the
 * last offset's line and column, and a later offset on the same line costs only the
 * characters between. Start with a cursor of zeros; any offset is answered right. */
struct doc_cursor {
	size_t off, line_end;           /* the last offset; its line's end (0: none yet) */
	struct doc_pos pos;
};
struct doc_pos doc_pos_walk(const doc *d, struct doc_cursor *c, size_t off);

/* The byte offset of 1-based pos; pos.col may be one past the line's last character
 * (the line's end). PZ_NOENT when the document has no such line or column. */
enum pz_status doc_offset_of(const doc *d, struct doc_pos pos, size_t *off);

/* The number of characters before byte offset off (for character ranges); off is
 * clamped to the text length. The first call indexes the whole text (one pass);
 * later calls count at most 256 bytes. */
size_t doc_char_index(const doc *d, size_t off);

/* The inverse: the byte offset where character number c (0-based) starts, or the
 * text length when there are c characters or fewer. Uses the same index: a binary
 * search and at most a few hundred bytes counted. */
size_t doc_byte_of_char(const doc *d, size_t c);

/* The encoding the bytes were read in ("UTF-8", "GB18030", or the forced name). */
const char *doc_encoding(const doc *d);

/* True when the file was an HTML page and the text is what it displays; line:col
 * then refer to that text (as `pizhu text` prints it). */
bool doc_is_html(const doc *d);

#endif
