/* Names and help texts of the actions, generated from ACTION_LIST so that an action
 * cannot exist without a name in keymaps and a line on the help screen. */
#include "pizhu/action.h"

#include <string.h>
#include "pizhu/ascii.h"
#include "pizhu/i18n.h"

static const char *const names[ACT_COUNT] = {
	[ACT_NONE] = "none",
#define ACTION_NAME(id, name, help) [ACT_##id] = name,
	ACTION_LIST(ACTION_NAME)
#undef ACTION_NAME
};

static const char *const helps[ACT_COUNT] = {
	[ACT_NONE] = "",
#define ACTION_HELP(id, name, help) [ACT_##id] = help,
	ACTION_LIST(ACTION_HELP)
#undef ACTION_HELP
};

const char *action_name(enum action a)
{
	if ((unsigned)a >= ACT_COUNT)
		return "none";
	return names[a];
}

const char *action_help(enum action a)
{
	if ((unsigned)a >= ACT_COUNT)
		return "";
	return *helps[a] ? _(helps[a]) : ""; /* xgettext: the keyword ACTION:3 */
}

/* About sixty names, looked up once per keymap line: a scan is enough. */
enum action action_from_name(const char *s, size_t n)
{
	/* the first letter told apart first: the default keymap alone asks for hundreds
	 * of names at every start */
	unsigned char first = n ? ascii_lower((unsigned char)s[0]) : 0;
	for (unsigned a = 1; a < ACT_COUNT; a++)
		if (ascii_lower((unsigned char)names[a][0]) == first && ascii_name_eq(names[a], s, n))
			return (enum action)a;
	return ACT_NONE;
}
