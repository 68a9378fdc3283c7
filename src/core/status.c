/* The text of every status, generated from the one table in status.h so that a new
 * status cannot be added without its message. */
#include "pizhu/status.h"

#include <stddef.h>
#include <stdio.h>

static const char *const status_text[] = {
#define PZ_STATUS_TEXT(id, text) [PZ_##id] = text,
	PZ_STATUS_LIST(PZ_STATUS_TEXT)
#undef PZ_STATUS_TEXT
};

const char *pz_strerror(enum pz_status st)
{
	if ((unsigned)st >= PZ_STATUS_COUNT || !status_text[st])
		return "unknown error";
	return status_text[st];
}

const char *pz_describe(enum pz_status st, const struct pz_where *where, char *buf, size_t len)
{
	if ((st == PZ_BINARY || st == PZ_ENCODING || st == PZ_CONVERT) && where && where->line)
		snprintf(buf, len, "%s at line %zu, byte %zu", pz_strerror(st), where->line, where->byte);
	else
		snprintf(buf, len, "%s", pz_strerror(st));
	return buf;
}
