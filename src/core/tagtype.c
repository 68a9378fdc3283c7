/* The table of tag types: the built-in five, then what the config declares. */
#include "pizhu/tagtype.h"

#include <stdio.h>
#include <string.h>

#include "pizhu/ascii.h"
#include "pizhu/i18n.h"

/* The built-in labels are English; the reader shows them through the message
 * catalogue (gettext), a declared type's Chinese label as the config gives it. */
static const struct tagtype builtin[TAGTYPE_OTHER] = {
	[TAGTYPE_TASK]     = {"task",     "", N_("task"),     "tag.task",     ""},
	[TAGTYPE_TARGET]   = {"target",   "", N_("target"),   "tag.target",   ""},
	[TAGTYPE_DEADLINE] = {"deadline", "", N_("deadline"), "tag.deadline", ""},
	[TAGTYPE_OWNER]    = {"owner",    "", N_("owner"),    "tag.owner",    ""},
	[TAGTYPE_NOTE]     = {"note",     "", N_("note"),     "tag.note",     ""},
};

enum tagtype_id tagtype_builtin(const char *name)
{
	for (int i = 0; i < TAGTYPE_OTHER; i++)
		if (!strcmp(name, builtin[i].name))
			return (enum tagtype_id)i;
	return TAGTYPE_OTHER;
}

const char *tagtype_name(enum tagtype_id id)
{
	return (unsigned)id < TAGTYPE_OTHER ? builtin[id].name : "";
}

void tagtypes_init(struct tagtypes *types)
{
	memset(types, 0, sizeof(*types));
	memcpy(types->v, builtin, sizeof(builtin));
	types->n = sizeof(builtin) / sizeof(builtin[0]);
}

int tagtypes_index(const struct tagtypes *types, const char *name)
{
	for (size_t i = 0; i < types->n; i++)
		if (ascii_name_eq(types->v[i].name, name, strlen(name)))
			return (int)i;
	return -1;
}

const struct tagtype *tagtypes_find(const struct tagtypes *types, const char *name)
{
	int i = tagtypes_index(types, name);
	return i < 0 ? NULL : &types->v[i];
}

const char *tagtype_label(const struct tagtype *t, bool zh)
{
	return zh && t->label_zh[0] ? t->label_zh : t->label_en[0] ? t->label_en : t->name;
}

bool tagtype_locale_zh(const char *locale)
{
	return locale && locale[0] == 'z' && locale[1] == 'h' &&
	       (locale[2] == '\0' || locale[2] == '_' || locale[2] == '.' || locale[2] == '@');
}

bool tagtype_valid_name(const char *s, size_t n)
{
	if (n == 0 || n >= sizeof(((struct tagtype *)0)->name) || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}
