/* The task breakdown table (任务分解表): one row per task of a speech, with who owns
 * it, by when, to what target, where it stands and what was noted, joined from the
 * tags around it. Built here without writing anything; export.h writes it out. */
#ifndef PIZHU_BREAKDOWN_H
#define PIZHU_BREAKDOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pizhu/detect.h"
#include "pizhu/document.h"
#include "pizhu/outline.h"
#include "pizhu/status.h"
#include "pizhu/store.h"
#include "pizhu/tags.h"

/* One row. Strings are owned by the breakdown, NUL-terminated, "" when empty, never
 * NULL; they are the tags' text as stored and may hold line breaks (a quote across
 * a hard-wrapped line). */
struct breakdown_row {
	size_t number;            /* 序号: 1-based, in text order */
	char *task;               /* 任务: the row tag's quote */
	char *owner;              /* every owner, lead then cooperating, joined with "、" */
	char *lead;               /* 牵头单位: the row's own owner, else the owner tags of
	                             its sentence or its note that do not cooperate */
	char *cooperating;        /* 配合单位: the owner tags there that cooperate
	                             (detect_owner_cooperates: 配合单位：…, …配合) */
	char *deadline;           /* 完成时限: several joined with "；" */
	char *target;             /* 目标: several joined with "、" */
	char *section;            /* section path in the current outline ("二、（三）") */
	char *chapter;            /* 章节: the same with each heading's title, shortened
	                             ("二、突出重点… › （三）抓好人才引育") */
	size_t line, col;         /* 位置: 1-based line:col (characters) of the row's start */
	bool done;                /* 状态: 已完成 when true, else 未完成 */
	char *note;               /* 批注: several joined with "；" */
	char due[11];             /* YYYY-MM-DD from a due field when known, else "" */
	char uuid[STORE_UUID_LEN + 1];
	char *type;               /* the row tag's type ("task", or another row type) */
	char *prefix, *suffix;    /* the quote's context as stored (for text selectors) */
	int64_t start, end;       /* character offsets of the quote in the current text */
	int64_t modified;         /* Unix milliseconds of the tag's last change */
	enum store_source source; /* 来源: as the store recorded it (breakdown_sources) */
	struct store_reply *replies; /* the row tag's discussion, oldest first */
	size_t nreplies;
	char *note_thread;        /* 批注 in one cell (csv, the tables): the note, then each
	                             reply as "author：text", joined with "；" */
};

/* A tag that makes no row (an owner, a deadline, a target, a note...), for a second
 * sheet beside the table. Strings owned, never NULL. */
struct breakdown_tag {
	char *type;               /* as stored ("owner", "deadline", ...) */
	char *text;               /* its quote */
	char *value;              /* what it carries: due date, owner, note, joined by "；" */
	char *chapter;
	size_t line, col;
	char uuid[STORE_UUID_LEN + 1];
	enum store_source source; /* as the store recorded it (breakdown_sources) */
	bool loose;               /* a note in no row's sentence (counted in loose_notes) */
};

/* The rows and what was left out of them. Read the fields; free with breakdown_free. */
struct breakdown {
	struct breakdown_row *rows;
	size_t n;
	size_t orphaned;          /* tags of a row type left out: not found in the text */
	size_t undated;           /* rows without a known due date (left out of ics) */
	size_t loose_notes;       /* note tags (not rows) in no row's sentence: a csv, org
	                             or ics has no place for them */
	struct breakdown_tag *others;  /* the anchored tags that are not rows, in text order */
	size_t nothers;
	/* the title block (breakdown_describe): "" until described */
	char *title;              /* the document's title */
	char date[11];            /* its own date: YYYY-MM-DD, YYYY, or "" */
	char *file;               /* the file it was read from */
	int64_t exported;         /* Unix milliseconds of the export, 0 until described */
};

/* Builds the breakdown of the tags ts of document d, whose current outline is o.
 * Rows are the anchored tags whose type is one of types[0..ntypes) (compared
 * exactly; NULL or 0 types: just "task"), in text order; orphans of those types are
 * only counted.
 *
 * Each column takes the row tag's own field first (owner, due), else joins the tags
 * of its type whose start lies in the same sentence as the row's start; when there
 * are none, those in the same point: whose innermost outline node (a section, point
 * or heading, never the speech) is the row's. An owner tag gives its owner field,
 * else its quote; a deadline tag its due, else its quote; a target tag its quote;
 * repeated values are given once. The note is the row's own, then those of the
 * other note tags in its sentence. The due date is the row's own, else that of the
 * first joined deadline tag that has one. Sentences run across the hard line breaks
 * of a paragraph, as the reader selects them.
 *
 * ts may be NULL (a file never tagged): no rows. o may be NULL: no sections, and
 * sentences end at line breaks. On PZ_OK *out is owned (breakdown_free) and keeps
 * nothing of its arguments; else PZ_NOMEM. */
enum pz_status breakdown_new(const tagset *ts, const doc *d, const outline *o,
                             const char *const *types, size_t ntypes, struct breakdown **out);

/* Fills b's title block: the title of d's first speech (its title lines, else its
 * file's name), its own date (detect_date_of with dopt, may be NULL), file (borrowed,
 * copied; may be NULL) and now (Unix milliseconds). PZ_OK or PZ_NOMEM. */
enum pz_status breakdown_describe(struct breakdown *b, const doc *d, const outline *o,
                                  const char *file, const struct detect_options *dopt,
                                  int64_t now);

/* Sets each row's and other tag's 来源 from what the store recorded of their tags:
 * v[0..n) as store_sources gives them (sorted by uuid); a tag without a record was
 * made by hand. */
void breakdown_sources(struct breakdown *b, const struct store_source_row *v, size_t n);

/* Frees b with its rows; NULL is fine. */
void breakdown_free(struct breakdown *b);

/* The byte range [*start, *end) of the sentence holding byte off of d, as the reader
 * selects sentences: within off's paragraph of o, continuing across hard line breaks;
 * off itself when outside every paragraph or o is NULL (then up to sentence_end).
 * Consecutive sentences of a paragraph share their boundary (spaces between two go
 * with the second). */
void breakdown_sentence(const doc *d, const outline *o, size_t off, size_t *start, size_t *end);

#endif
