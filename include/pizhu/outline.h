/* The structure of a document as a careful reader finds it: a list of speeches, each
 * with its metadata and a tree of headings and points, over paragraphs. */
#ifndef PIZHU_OUTLINE_H
#define PIZHU_OUTLINE_H

#include <stddef.h>
#include <stdint.h>
#include "pizhu/document.h"
#include "pizhu/status.h"

typedef struct outline outline;

/* What a paragraph is, as the outline decided. */
#define OUTLINE_ROLE_LIST(R)                                   \
	R(BODY,       "body")                                  \
	R(JUNK,       "junk")       /* web page leftovers, source/editor lines, captions, footnotes */ \
	R(PART,       "part")       /* 第三篇： */               \
	R(TITLE,      "title")                                 \
	R(SUBTITLE,   "subtitle")   /* ——在…上的讲话 */          \
	R(SPEAKER,    "speaker")                               \
	R(DATE,       "date")                                  \
	R(SALUTATION, "salutation")                            \
	R(HEADING,    "heading")    /* opens with a heading node */ \
	R(CLOSING,    "closing")    /* 同志们！… ends the open sections */

enum outline_role {
#define OUTLINE_ROLE_ENUM(id, name) OUTLINE_ROLE_##id,
	OUTLINE_ROLE_LIST(OUTLINE_ROLE_ENUM)
#undef OUTLINE_ROLE_ENUM
	OUTLINE_ROLE_COUNT
};

/* A paragraph: one or more lines of the file (hard-wrapped lines are joined). Line
 * numbers and the speech index fit 32 bits under DOC_MAX_BYTES; a 50 MB file has
 * hundreds of thousands of paragraphs, so the record is kept small. */
struct outline_para {
	size_t start, end;       /* byte range in doc_text, leading indentation excluded */
	uint32_t first_line;     /* 0-based line of start */
	uint32_t last_line;      /* 0-based line of the last byte */
	uint32_t speech;         /* index of its speech */
	enum outline_role role;
};

enum outline_kind {
	OUTLINE_SPEECH,   /* depth 0 */
	OUTLINE_SECTION,  /* numbered heading: 一、 （一） 1. （1） ① 第三部分 */
	OUTLINE_POINT,    /* 第一， 一是 一要 一方面， 首先， 其一， —— */
	OUTLINE_HEAD,     /* heading without a marker */
};

struct outline_node {
	enum outline_kind kind;
	int depth;               /* 0 for a speech */
	size_t parent;           /* index of the parent node; a speech is its own parent */
	size_t start;            /* byte offset of the marker or first character */
	size_t marker_len;       /* bytes of the marker as written (0 if none) */
	size_t title_start;      /* byte range of the title */
	size_t title_end;        /* end of the heading where found, else the first sentence end */
	size_t end;              /* end of the node's range: where the next node at its
	                            depth or above starts, or its speech ends */
	int family;              /* marker family (internal id), -1 if none */
	int number;              /* the enumerator's value (1-based), 0 if none */
	int inline_;             /* 1 when the marker stands inside a paragraph */
};

/* A speech's metadata as byte ranges into doc_text; empty ranges (start == end)
 * mean absent. */
struct outline_range {
	size_t start, end;
};

struct outline_speech {
	size_t node;                      /* its depth-0 node */
	size_t para_first, para_end;      /* its paragraphs [first, end) */
	struct outline_range titles[4];   /* title lines, in order */
	size_t title_count;
	struct outline_range subtitle;
	struct outline_range speaker;
	struct outline_range date;
	struct outline_range salutation;
};

/* Finds the outline of d. On PZ_OK *out is owned (outline_free) and borrows d,
 * which must outlive it. Returns PZ_NOMEM on allocation failure. */
enum pz_status outline_build(const doc *d, outline **out);

/* Only the paragraphs (hard-wrapped lines joined), as body text under one untitled
 * speech: a fraction of outline_build's time, so that a reader can show a large file
 * at once and find its structure right after. Same ownership as outline_build. */
enum pz_status outline_build_paragraphs(const doc *d, outline **out);

void outline_free(outline *o);

/* Nodes in document order (a pre-order walk of the tree). Borrowed. */
size_t outline_node_count(const outline *o);
const struct outline_node *outline_node_at(const outline *o, size_t i);

/* The innermost node whose range holds byte offset off (its speech's node when no
 * heading or point does), or SIZE_MAX when none does: the last node starting at or
 * before off, or the nearest of its ancestors that reaches past it. O(log nodes +
 * depth). */
size_t outline_node_holding(const outline *o, size_t off);

size_t outline_speech_count(const outline *o);
const struct outline_speech *outline_speech_at(const outline *o, size_t i);

size_t outline_para_count(const outline *o);
const struct outline_para *outline_para_at(const outline *o, size_t i);

/* Static name of a role ("title", "body", ...). */
const char *outline_role_name(enum outline_role r);

#endif
