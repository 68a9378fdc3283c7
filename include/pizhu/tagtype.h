/* The kinds of tag a passage can carry: five built in (任务 task, 目标 target, 时限
 * deadline, 责任单位 owner, 批注 note) and the ones a user declares in the config. */
#ifndef PIZHU_TAGTYPE_H
#define PIZHU_TAGTYPE_H

#include <stdbool.h>
#include <stddef.h>

#define TAGTYPE_MAX 16

struct tagtype {
	char name[24];      /* as stored and on the command line: lower-case ASCII */
	char label_zh[32];  /* shown under a Chinese locale */
	char label_en[24];  /* shown otherwise */
	char element[40];   /* the theme element that colours it ("tag.task") */
	char key[24];       /* declared types: the key that tags with it ("" for built-ins,
	                       whose keys are actions in the keymap) */
};

struct tagtypes {
	struct tagtype v[TAGTYPE_MAX];
	size_t n;
};

/* The built-in types, as they stand first in every table (tagtypes_init), so that a
 * built-in type's id is also its index there. Code that means one of them compares
 * ids, never names. */
enum tagtype_id {
	TAGTYPE_TASK,
	TAGTYPE_TARGET,
	TAGTYPE_DEADLINE,
	TAGTYPE_OWNER,
	TAGTYPE_NOTE,
	TAGTYPE_OTHER,      /* a type declared in the config, or unknown */
};

/* The built-in type called name (as stored: exactly), else TAGTYPE_OTHER. */
enum tagtype_id tagtype_builtin(const char *name);

/* The name of built-in type id ("task"); "" for TAGTYPE_OTHER. Static. */
const char *tagtype_name(enum tagtype_id id);

/* Fills types with the built-in ones. */
void tagtypes_init(struct tagtypes *types);

/* The type called name (ASCII case ignored), or NULL. */
const struct tagtype *tagtypes_find(const struct tagtypes *types, const char *name);

/* Index of name in types, or -1. */
int tagtypes_index(const struct tagtypes *types, const char *name);

/* The label to show: Chinese when zh, else English. Never NULL. */
const char *tagtype_label(const struct tagtype *t, bool zh);

/* True when the locale's messages are Chinese (locale names such as zh_CN.UTF-8 as
 * given by LC_ALL, LC_MESSAGES or LANG). */
bool tagtype_locale_zh(const char *locale);

/* True for a valid type name: 1 to 23 characters of [a-z0-9-], starting with a letter. */
bool tagtype_valid_name(const char *s, size_t n);

#endif
