/* Speeches saved as web pages: their text, one paragraph per block. */
#ifndef PIZHU_HTML_H
#define PIZHU_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include "pizhu/status.h"

/* True when the UTF-8 text s[0..n) looks like an HTML document: after an optional
 * BOM and white space it opens with a doctype or a tag only HTML opens with (html,
 * head, body, meta, p, div, ...), or <html or <body appears in its first 4 KiB
 * after a comment or <?xml?>. Plain text mentioning "<p>" later is not HTML. */
bool html_detect(const char *s, size_t n);

/* Extracts the readable text of the HTML in s[0..n): tags dropped, <head>, <script>,
 * <style> and comments skipped, entities decoded (named, decimal and hex), white
 * space inside a block collapsed, one line per block element (p, div, br, h1-h6,
 * li, tr, td/th separated by a space, ...): every line trimmed, no empty lines, each
 * line ending in '\n'. &nbsp; becomes a plain space; unknown entities stay as
 * written; NUL bytes are dropped. Never reads outside s[0..n), whatever it holds.
 * *out is owned (free()), NUL-terminated; *outlen its length. Returns PZ_OK or
 * PZ_NOMEM. */
enum pz_status html_to_text(const char *s, size_t n, char **out, size_t *outlen);

#endif
