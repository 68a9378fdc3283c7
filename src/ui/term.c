/* The locale the reader needs, found or assumed before the first screen: over SSH a
 * login often has none (LANG unset) or one the server lacks (zh_CN.UTF-8 sent by the
 * client), while the terminal itself shows UTF-8 well. */
#include "pizhu/ui/term.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "pizhu/i18n.h"

#define PROBE_MS 2000   /* a slow link answers in well under a second */

static bool utf8_codeset(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

/* The locale asked for the character type, and the variable that asked; NULL when none
 * is (the C locale). */
static const char *asked_ctype(const char **var)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v) {
			*var = vars[i];
			return v;
		}
	}
	*var = "LANG";
	return NULL;
}

static bool installed(const char *name)
{
	locale_t l = newlocale(LC_CTYPE_MASK, name, (locale_t)0);
	if (l)
		freelocale(l);
	return l != (locale_t)0;
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static bool write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

int term_shows_utf8(int in, int out, int timeout_ms)
{
	struct termios old, raw;
	if (!isatty(in) || !isatty(out) || tcgetattr(in, &old) != 0)
		return -1;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(in, TCSANOW, &raw) != 0)
		return -1;
	/* U+4E2D, two columns wide, three bytes: column 3 after it in UTF-8, 4 elsewhere */
	static const char ask[] = "\r\xe4\xb8\xad\033[6n";
	char buf[64];
	size_t n = 0;
	int col = -1;
	if (write_all(out, ask, sizeof(ask) - 1)) {
		long end = now_ms() + timeout_ms;
		for (long left = timeout_ms; left > 0 && n < sizeof(buf) - 1; left = end - now_ms()) {
			struct pollfd p = { .fd = in, .events = POLLIN };
			int r = poll(&p, 1, (int)left);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			ssize_t k = read(in, buf + n, sizeof(buf) - 1 - n);
			if (k <= 0)
				break;
			n += (size_t)k;
			buf[n] = '\0';
			/* the answer, ESC [ row ; col R, maybe after keys typed meanwhile */
			char *e = strstr(buf, "\033[");
			unsigned row, c;
			char end_ch;
			if (e && strchr(e, 'R') && sscanf(e, "\033[%u;%u%c", &row, &c, &end_ch) == 3 &&
			    end_ch == 'R') {
				col = (int)c;
				break;
			}
		}
	}
	write_all(out, "\r\033[K", 4);
	tcsetattr(in, TCSANOW, &old);
	return col < 0 ? -1 : col == 3;
}

/* "zh_CN" of "zh_CN.UTF-8@x", into buf; false for C, POSIX and names without one. */
static bool language_of(const char *name, char *buf, size_t len)
{
	size_t n = strcspn(name, ".@");
	if (!n || n >= len || !strncmp(name, "C", n) || !strncmp(name, "POSIX", n))
		return false;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return true;
}

bool term_ensure_utf8(char *note, size_t nlen, char *err, size_t elen)
{
	*note = *err = '\0';
	if (utf8_codeset())
		return true;
	const char *var, *asked = asked_ctype(&var);
	bool missing = asked && !installed(asked);
	char lang[64];
	bool fallback = installed("C.UTF-8");
	int answer = fallback ? term_shows_utf8(STDIN_FILENO, STDOUT_FILENO, PROBE_MS) : -1;
	if (answer != 1) {
		const char *why = !fallback   ? _("C.UTF-8 is not installed either")
		                  : answer == 0 ? _("the terminal does not show UTF-8")
		                                : _("the terminal did not say whether it shows UTF-8");
		if (missing)
			snprintf(err, elen, _("the locale '%s' (%s) is not installed here and %s; install "
			                      "it (as root: localedef -i %.*s -f UTF-8 %.*s.UTF-8) or set %s=C.UTF-8, "
			                      "in a terminal that shows UTF-8"),
			         asked, var, why, (int)strcspn(asked, ".@"), asked,
			         (int)strcspn(asked, ".@"), asked, var);
		else
			snprintf(err, elen, _("the locale '%s' is not UTF-8 and %s, so Chinese text cannot "
			                      "be shown; set LANG=C.UTF-8 (or another UTF-8 locale) in a "
			                      "terminal that shows UTF-8"),
			         asked ? asked : "C", why);
		return false;
	}
	setlocale(LC_CTYPE, "C.UTF-8");
	/* the messages in the language asked for, if pizhu has it: C.UTF-8 and LANGUAGE */
	if (!getenv("LANGUAGE") && asked && language_of(asked, lang, sizeof(lang)))
		setenv("LANGUAGE", lang, 1);
	setlocale(LC_MESSAGES, "C.UTF-8");
	/* short: it shares the status line with the percentage, and maybe with TERM's note */
	if (missing)
		snprintf(note, nlen, _("%s (%s) not installed: using C.UTF-8"), asked, var);
	else if (asked)
		snprintf(note, nlen, _("locale '%s' is not UTF-8: using C.UTF-8"), asked);
	else
		snprintf(note, nlen, _("LANG unset: using C.UTF-8"));
	return true;
}
