/* Turning the bytes of a file into the UTF-8 text every other module works on:
 * BOM, encoding detection (UTF-8, else GB18030) and forced encodings through iconv. */
#ifndef PIZHU_ENCODING_H
#define PIZHU_ENCODING_H

#include <stddef.h>
#include "pizhu/status.h"

/* Decodes buf[0..len) to UTF-8.
 *
 * encoding: NULL or "" to detect (valid UTF-8, with or without BOM, is UTF-8;
 * anything else is tried as GB18030, which covers GBK and GB2312); otherwise any name
 * iconv knows ("GBK", "GB2312", "UTF-8", ...).
 *
 * On PZ_OK, *out is the UTF-8 text without BOM (owned: free(); never NULL, and
 * NUL-terminated after *outlen bytes), *outlen its length, and *used (if not NULL)
 * a static name of the encoding used ("UTF-8", "GB18030", or the forced name as
 * given: that one is the caller's string). A file with a UTF-8 BOM that is not
 * valid UTF-8 is not tried as GB18030.
 * The text may contain NUL only if buf did; callers refuse NULs before decoding.
 *
 * Bytes that are not all valid UTF-8 are judged on evidence: UTF-8 damaged or cut
 * mid-character when its valid multi-byte characters outnumber the places where the
 * bytes are not UTF-8 twice over (or after a UTF-8 BOM), else GB18030.
 *
 * Failures: PZ_ENCODING (detection failed; *where holds the line and byte of the
 * first byte not valid in the encoding the bytes were judged to be in, and that
 * encoding's name, "UTF-8" or "GB18030"), PZ_CONVERT (forced encoding failed at *where),
 * PZ_BADENC (iconv does not know the name), PZ_NOMEM. *out is untouched on failure. */
enum pz_status pz_decode(const char *buf, size_t len, const char *encoding,
                         char **out, size_t *outlen, const char **used,
                         struct pz_where *where);

/* pz_decode for a malloc'd buf the caller gives away, with room for len + 1 bytes:
 * text that already is UTF-8 is returned in buf itself (BOM removed in place)
 * instead of copied. On PZ_OK buf is now *out or was freed; on failure it is still
 * the caller's. */
enum pz_status pz_decode_owned(char *buf, size_t len, const char *encoding,
                               char **out, size_t *outlen, const char **used,
                               struct pz_where *where);

/* Fills *where (line, byte in line, offset) for byte offset off of buf; LF, CR and
 * CRLF each end a line, as in the document. Does nothing when where is NULL. */
void pz_where_at(const char *buf, size_t len, size_t off, struct pz_where *where);

#endif
