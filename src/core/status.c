/* The text of every status, generated from the one table in status.h so that a new
 * status cannot be added without its message. */
#include "pizhu/status.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "pizhu/i18n.h"

static const char *const status_text[] = {
#define PZ_STATUS_TEXT(id, text) [PZ_##id] = text,
	PZ_STATUS_LIST(PZ_STATUS_TEXT)
#undef PZ_STATUS_TEXT
};

const char *pz_strerror(enum pz_status st)
{
	if ((unsigned)st >= PZ_STATUS_COUNT || !status_text[st])
		return _("unknown error");
	return _(status_text[st]); /* xgettext: the keyword S:2 in status.h */
}

const char *pz_describe(enum pz_status st, const struct pz_where *where, char *buf, size_t len)
{
	if (st == PZ_ENCODING && where && where->line && where->encoding)
		snprintf(buf, len, _("not valid %s at line %zu, byte %zu"), where->encoding, where->line,
		         where->byte);
	else if ((st == PZ_BINARY || st == PZ_ENCODING || st == PZ_CONVERT) && where && where->line)
		snprintf(buf, len, _("%s at line %zu, byte %zu"), pz_strerror(st), where->line, where->byte);
	else
		snprintf(buf, len, "%s", pz_strerror(st));
	return buf;
}

enum pz_status pz_status_of_errno(int e)
{
	switch (e) {
	case ENOENT:
		return PZ_NOENT;
	case ENOTDIR:
		return PZ_NOTDIR;
	case EACCES:
	case EPERM:
		return PZ_ACCES;
	case EISDIR:
		return PZ_ISDIR;
	case ENXIO:
	case ENODEV:
		return PZ_NOTREG;
	case ENOMEM:
		return PZ_NOMEM;
	case EFBIG:
	case EOVERFLOW:
		return PZ_TOOBIG;
	case ENOSPC:
	case EDQUOT:
		return PZ_NOSPACE;
	case ELOOP:
		return PZ_LOOP;
	case EEXIST:
		return PZ_EXIST;
	default:
		return PZ_IO;
	}
}

const char *pz_explain(enum pz_status st, const char *detail, char *buf, size_t len)
{
	const char *what = pz_strerror(st);
	if (!detail || !*detail)
		snprintf(buf, len, "%s", what);
	else if (strstr(detail, what))
		snprintf(buf, len, "%s", detail);
	else
		snprintf(buf, len, "%s: %s", what, detail);
	return buf;
}
