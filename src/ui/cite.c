/* The copy key: a passage with its citation, handed to the terminal's clipboard
 * (OSC 52), which works in a local terminal, over SSH and in tmux alike. */
#include "pizhu/ui/cite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/i18n.h"
#include "pizhu/quote.h"
#include "pizhu/session.h"
#include "pizhu/utf8.h"
#include "pizhu/ui/app.h"
#include "pizhu/ui/text.h"

int cite_copy(struct view *tv, const struct request *r)
{
	(void)r;
	session *s = view_session(tv);
	size_t start, end;
	text_target(tv, &start, &end);
	const char *fmt = tv->app->cfg.citation[0] ? tv->app->cfg.citation : NULL;
	char *c = NULL, *seq = NULL;
	size_t n = 0;
	enum pz_status st = quote_build(session_doc(s), session_outline(s), session_path(s), start,
	                                end, fmt, &c, &n);
	if (st == PZ_OK)
		st = quote_osc52(c, n, &seq);
	if (st == PZ_TOOLONG)
		app_message(tv->app, true, "too long to copy: at most %d bytes go through the terminal",
		            QUOTE_OSC52_MAX);
	else if (st != PZ_OK)
		app_message(tv->app, true, "cannot copy: %s", pz_strerror(st));
	else {
		/* between two frames: curses has written all it had */
		fputs(seq, stdout);
		fflush(stdout);
		size_t chars = utf8_count(session_text(s, NULL) + start, end - start);
		app_message(tv->app, false,
		            "copied %zu characters with their citation to the terminal's clipboard",
		            chars);
		text_drop_selection(tv);
	}
	free(seq);
	free(c);
	return VIEW_HANDLED | VIEW_REDRAW;
}
