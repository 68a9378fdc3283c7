/* A speech file in memory: read once, decoded to UTF-8, line endings made uniform,
 * and indexed so that a byte offset maps to the line:col the user sees, quickly. */
#include "pizhu/document.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pizhu/encoding.h"
#include "pizhu/hash.h"
#include "pizhu/utf8.h"
#include "pizhu/html.h"

/* Characters are counted once per CHUNK bytes of text, so a column costs a binary
 * search plus at most CHUNK bytes of counting whatever the line length, and the
 * index stays small (4 bytes per line, 4 per CHUNK bytes) even for many short lines. */
#define CHUNK 256
#define LONG_PREFIX 65536

struct doc {
	char *text;          /* NUL-terminated after len bytes */
	size_t len;
	uint32_t *starts;    /* byte offset of the start of each line */
	size_t nlines;
	/* chars[k]: characters before byte k * CHUNK; built lazily, under chars_lock, so
	 * that threads reading one document may all ask for it (a background outline and
	 * suggestions beside the reader's keys) */
	_Atomic(uint32_t *) chars;
	atomic_bool chars_failed;  /* ... and could not be */
	pthread_mutex_t chars_lock;
	char *forced;        /* owned copy of a forced encoding's name */
	const char *encoding;
	bool html;
	uint64_t hash;       /* hash_bytes of the text */
};

/* The limit applied to a buffer's length (a file's is doc_read_file's max). */
static enum pz_status check_size(uintmax_t size)
{
	return size > DOC_MAX_BYTES ? PZ_TOOBIG : PZ_OK;
}

/* The first '\n' or '\r' at or after i in t[0..n), or n: sixteen bytes at a time
 * where the compiler has vectors. */
static size_t next_eol(const char *t, size_t i, size_t n)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	typedef char v16 __attribute__((vector_size(16)));
	while (i + 16 <= n) {
		v16 x;
		memcpy(&x, t + i, 16);
		v16 m = (v16)((x == '\n') | (x == '\r'));
		uint64_t lo, hi;
		memcpy(&lo, &m, 8);
		memcpy(&hi, (const char *)&m + 8, 8);
		if (lo)
			return i + (size_t)__builtin_ctzll(lo) / 8;
		if (hi)
			return i + 8 + (size_t)__builtin_ctzll(hi) / 8;
		i += 16;
	}
#endif
	while (i < n && t[i] != '\n' && t[i] != '\r')
		i++;
	return i;
}

/* One pass over the text: CRLF and lone CR become LF, in place (the text between two
 * line ends moves with one memmove, never a byte at a time, and only once a CR has
 * shortened the text), and the start of each line is noted. */
static enum pz_status unify_and_index(doc *d)
{
	char *t = d->text;
	size_t n = d->len, r = 0, w = 0, nl = 0;

	if (n >= UINT32_MAX)
		return PZ_TOOBIG; /* cannot happen under DOC_MAX_BYTES; keeps uint32 exact */
	/* guess the line count, grow when wrong */
	size_t cap = n / 64 + 16;
	if (!(d->starts = malloc(cap * sizeof *d->starts)))
		return PZ_NOMEM;
	if (n)
		d->starts[nl++] = 0;
	while (r < n) {
		size_t q = next_eol(t, r, n);
		if (w != r)
			memmove(t + w, t + r, q - r);
		w += q - r;
		if (q == n)
			break;
		r = q + (t[q] == '\r' && q + 1 < n && t[q + 1] == '\n' ? 2 : 1);
		t[w++] = '\n';
		if (r == n)
			break; /* a final line end starts no line */
		if (nl == cap) {
			uint32_t *ns = realloc(d->starts, (cap *= 2) * sizeof *ns);
			if (!ns)
				return PZ_NOMEM;
			d->starts = ns;
		}
		d->starts[nl++] = (uint32_t)w;
	}
	t[w] = '\0';
	d->len = w;
	d->nlines = nl;
	if (nl && nl < cap) { /* give back the guess's excess; failing to is harmless */
		uint32_t *ns = realloc(d->starts, nl * sizeof *ns);
		if (ns)
			d->starts = ns;
	}
	return PZ_OK;
}

/* The character index is built on first use (character ranges, columns far into a
 * very long line): an outline in TSV never needs it, and counting 50 MB costs time.
 * It is a cache, so the document stays logically unchanged: hence the cast. NULL if
 * memory ran out; callers then count from the start of the text. */
static const uint32_t *char_index(const doc *cd)
{
	doc *d = (doc *)cd;
	uint32_t *chars = atomic_load_explicit(&d->chars, memory_order_acquire);
	if (chars || atomic_load_explicit(&d->chars_failed, memory_order_relaxed))
		return chars;
	pthread_mutex_lock(&d->chars_lock);
	if (!(chars = atomic_load_explicit(&d->chars, memory_order_relaxed)) &&
	    !atomic_load_explicit(&d->chars_failed, memory_order_relaxed)) {
		size_t chunks = d->len / CHUNK + 1;
		if ((chars = malloc(chunks * sizeof *chars))) {
			uint32_t total = 0;
			chars[0] = 0;
			for (size_t c = 1; c < chunks; c++) {
				total += (uint32_t)utf8_count(d->text + (c - 1) * CHUNK, CHUNK);
				chars[c] = total;
			}
			atomic_store_explicit(&d->chars, chars, memory_order_release);
		} else {
			atomic_store_explicit(&d->chars_failed, true, memory_order_relaxed);
		}
	}
	pthread_mutex_unlock(&d->chars_lock);
	return chars;
}

/* Takes the bytes src[0..len) through the NUL check, decoding, HTML extraction,
 * line endings and indexing. raw is NULL (src is borrowed) or src itself, malloc'd
 * with room for len + 1 bytes, given away: used as the text or freed. */
static enum pz_status finish(char *raw, const char *src, size_t len,
                             const struct doc_options *opt, doc **out,
                             struct pz_where *where)
{
	const char *enc = opt ? opt->encoding : NULL;
	const char *used = NULL;
	enum pz_status st;
	doc *d;
	char *text;
	size_t tlen;
	const char *nul = memchr(src, '\0', len);

	if (nul) {
		pz_where_at(src, len, (size_t)(nul - src), where);
		free(raw);
		return PZ_BINARY;
	}
	st = raw ? pz_decode_owned(raw, len, enc, &text, &tlen, &used, where)
	         : pz_decode(src, len, enc, &text, &tlen, &used, where);
	if (st != PZ_OK) {
		free(raw);
		return st;
	}
	if (!(d = calloc(1, sizeof *d))) {
		free(text);
		return PZ_NOMEM;
	}
	pthread_mutex_init(&d->chars_lock, NULL);
	if (used == enc) { /* the caller's string: keep a copy */
		if (!(d->forced = strdup(enc))) {
			free(text);
			free(d);
			return PZ_NOMEM;
		}
		used = d->forced;
	}
	d->encoding = used;
	d->text = text;
	d->len = tlen;

	if (html_detect(text, tlen)) {
		char *h;
		size_t hlen;
		if ((st = html_to_text(text, tlen, &h, &hlen)) != PZ_OK) {
			doc_free(d);
			return st;
		}
		free(text);
		d->text = h;
		d->len = hlen;
		d->html = true;
	}
	if ((st = unify_and_index(d)) != PZ_OK) {
		doc_free(d);
		return st;
	}
	d->hash = hash_bytes(d->text, d->len);
	*out = d;
	return PZ_OK;
}

/* A large buffer about to be filled is asked to come in 2 MiB pages where the
 * kernel lends them on request: one page fault a 2 MiB page instead of 512. */
static void huge_pages(char *b, size_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	if (n < 4 * huge)
		return;
	uintptr_t lo = ((uintptr_t)b + huge - 1) & ~(huge - 1), hi = ((uintptr_t)b + n) & ~(huge - 1);
	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_HUGEPAGE); /* advice: failing is harmless */
#else
	(void)b;
	(void)n;
#endif
}

/* Reads fd to its end, expecting about hint bytes (files in /proc say 0). On PZ_OK
 * *buf has room for *len + 1 bytes. The buffer keeps a spare byte for the NUL and
 * one more, so that the read that finds the end of a file as big as it said needs
 * no growing. */
static enum pz_status read_all(int fd, size_t hint, size_t max, char **buf, size_t *len)
{
	size_t cap = hint + 2, n = 0;
	char *b = malloc(cap);

	if (!b)
		return PZ_NOMEM;
	huge_pages(b, cap);
	for (;;) {
		if (cap - n < 2) {
			size_t ncap = cap < 4096 ? 4096 : cap * 2;
			if (ncap > max + 2)
				ncap = max + 2;
			char *nb = realloc(b, ncap);
			if (!nb) {
				free(b);
				return PZ_NOMEM;
			}
			b = nb;
			cap = ncap;
		}
		ssize_t r = read(fd, b + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(b);
			return PZ_IO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) { /* it grew while we read */
			free(b);
			return PZ_TOOBIG;
		}
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return PZ_OK;
}

enum pz_status doc_read_file(const char *path, size_t max, char **buf, size_t *len)
{
	struct stat sb;
	enum pz_status st;
	int fd;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer before we refuse it. */
	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return pz_status_of_errno(errno == ENOTDIR ? ENOENT : errno); /* a path through a file */
	if (fstat(fd, &sb) != 0)
		st = PZ_IO;
	else if (S_ISDIR(sb.st_mode))
		st = PZ_ISDIR;
	else if (!S_ISREG(sb.st_mode))
		st = PZ_NOTREG;
	else if (sb.st_size < 0)
		st = PZ_IO;
	else
		st = (uintmax_t)sb.st_size > max ? PZ_TOOBIG : PZ_OK;
	if (st == PZ_OK)
		st = read_all(fd, (size_t)sb.st_size, max, buf, len);
	close(fd);
	return st;
}

enum pz_status doc_load_file(const char *path, const struct doc_options *opt,
                             doc **out, struct pz_where *where)
{
	char *buf;
	size_t len;

	if (where)
		*where = (struct pz_where){ 0 };
	enum pz_status st = doc_read_file(path, DOC_MAX_BYTES, &buf, &len);
	if (st != PZ_OK)
		return st;
	return finish(buf, buf, len, opt, out, where);
}

enum pz_status doc_load_prefix(const char *path, const struct doc_options *opt, size_t max,
                               doc **out)
{
	*out = NULL;
	if (opt && opt->encoding)
		return PZ_OK; /* a forced encoding: no guessing from a part */
	int fd;
	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return PZ_OK;
	struct stat sb;
	char *buf = NULL;
	ssize_t n = 0;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
	    (uintmax_t)sb.st_size > max && (buf = malloc(max + 1))) {
		do
			n = pread(fd, buf, max, 0);
		while (n < 0 && errno == EINTR);
	}
	close(fd);
	/* whole lines only, so that line ends (CRLF split between the reads) and
	 * characters come out as in the whole file */
	size_t keep = n > 0 ? (size_t)n : 0;
	while (keep && buf[keep - 1] != '\n')
		keep--;
	doc *d = NULL;
	if (!keep || memchr(buf, '\0', keep)) {
		free(buf);
		return PZ_OK;
	}
	if (finish(buf, buf, keep, opt, &d, NULL) != PZ_OK) /* it took buf either way */
		return PZ_OK;
	if (!strcmp(d->encoding, "UTF-8") && !d->html)
		*out = d;
	else
		doc_free(d);
	return PZ_OK;
}

enum pz_status doc_load_buffer(const char *buf, size_t len, const struct doc_options *opt,
                               doc **out, struct pz_where *where)
{
	enum pz_status st;

	if (where)
		*where = (struct pz_where){ 0 };
	if ((st = check_size(len)) != PZ_OK)
		return st;
	if (!buf) /* only with len == 0 */
		buf = "";
	return finish(NULL, buf, len, opt, out, where);
}

void doc_free(doc *d)
{
	if (!d)
		return;
	free(d->text);
	free(d->starts);
	free(atomic_load_explicit(&d->chars, memory_order_relaxed));
	pthread_mutex_destroy(&d->chars_lock);
	free(d->forced);
	free(d);
}

uint64_t doc_hash(const doc *d)
{
	return d->hash;
}

const char *doc_text(const doc *d, size_t *len)
{
	if (len)
		*len = d->len;
	return d->text;
}

size_t doc_line_count(const doc *d)
{
	return d->nlines;
}

size_t doc_line_start(const doc *d, size_t i)
{
	return i < d->nlines ? d->starts[i] : d->len;
}

size_t doc_line_len(const doc *d, size_t i)
{
	if (i >= d->nlines)
		return 0;
	size_t end = i + 1 < d->nlines ? (size_t)d->starts[i + 1] - 1
	                               : d->len - (d->text[d->len - 1] == '\n');
	return end - d->starts[i];
}

size_t doc_line_of(const doc *d, size_t off)
{
	size_t lo = 0, hi = d->nlines;

	if (hi == 0)
		return 0;
	/* The last line whose start is <= off. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t doc_char_index(const doc *d, size_t off)
{
	if (off > d->len)
		off = d->len;
	size_t k = off / CHUNK;
	const uint32_t *chars = char_index(d);
	if (!chars)
		return utf8_count(d->text, off);
	return chars[k] + utf8_count(d->text + k * CHUNK, off - k * CHUNK);
}

size_t doc_byte_of_char(const doc *d, size_t c)
{
	const uint32_t *chars = char_index(d);
	const unsigned char *t = (const unsigned char *)d->text;
	size_t b = 0, n = 0; /* n: the characters starting before byte b */
	if (chars) {
		/* the last chunk with at most c characters starting before it */
		size_t lo = 0, hi = d->len / CHUNK + 1;
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (chars[mid] <= c)
				lo = mid;
			else
				hi = mid;
		}
		b = lo * CHUNK;
		n = chars[lo];
	}
	/* eight bytes at a time while they hold no more than the characters left */
	while (d->len - b >= 8) {
		uint64_t w;
		memcpy(&w, t + b, 8);
		/* the continuation bytes (10xxxxxx) have their high bit alone left: counted
		 * by one multiplication (a popcount call without -mpopcnt costs more) */
		uint64_t cont = (w & ~(w << 1) & 0x8080808080808080u) >> 7;
		size_t k = 8 - (size_t)((cont * 0x0101010101010101u) >> 56);
		if (n + k > c)
			break;
		n += k;
		b += 8;
	}
	for (; b < d->len; b++)
		if ((t[b] & 0xC0) != 0x80 && n++ == c)
			return b;
	return d->len;
}

struct doc_pos doc_pos_of(const doc *d, size_t off)
{
	struct doc_pos pos = { 1, 1 };

	if (d->nlines == 0)
		return pos;
	size_t line = doc_line_of(d, off);
	size_t start = d->starts[line];
	size_t end = start + doc_line_len(d, line);
	if (off > end)
		off = end; /* past the last line's '\n': its end */
	pos.line = line + 1;
	/* counting the line's prefix is cheap up to a long paragraph; past that (a 10 MB
	 * line) the index keeps each position from costing the whole line */
	pos.col = 1 + (off - start <= LONG_PREFIX ? utf8_count(d->text + start, off - start)
	                                          : doc_char_index(d, off) - doc_char_index(d, start));
	return pos;
}

struct doc_pos doc_pos_walk(const doc *d, struct doc_cursor *c, size_t off)
{
	if (c->line_end && off >= c->off && off <= c->line_end && off - c->off <= LONG_PREFIX) {
		c->pos.col += utf8_count(d->text + c->off, off - c->off);
		c->off = off;
		return c->pos;
	}
	c->pos = doc_pos_of(d, off);
	if (d->nlines) {
		size_t line = c->pos.line - 1;
		c->line_end = d->starts[line] + doc_line_len(d, line);
		c->off = off < c->line_end ? off : c->line_end;
	}
	return c->pos;
}

enum pz_status doc_offset_of(const doc *d, struct doc_pos pos, size_t *off)
{
	if (pos.line < 1 || pos.col < 1 || pos.line > d->nlines)
		return PZ_NOENT;
	size_t start = d->starts[pos.line - 1], end = start + doc_line_len(d, pos.line - 1);
	size_t b = start;
	for (size_t c = 1; c < pos.col; c++) {
		if (b >= end)
			return PZ_NOENT;
		b++;
		while (b < end && ((unsigned char)d->text[b] & 0xC0) == 0x80)
			b++;
	}
	*off = b;
	return PZ_OK;
}

const char *doc_encoding(const doc *d)
{
	return d->encoding;
}

bool doc_is_html(const doc *d)
{
	return d->html;
}
