/*
 * Drives a full-screen program in a pseudo-terminal for `make bench` and measures what a
 * user on a slow link would feel: how long until the screen is drawn, how much CPU each
 * key costs and how many bytes reach the terminal. A measuring tool, not a test.
 *
 * Usage: ptybench [-s COLSxROWS] [-T TERM] [-q MS] [-Q MS] [-k MS] [-t S] [-o FILE]
 *                 [-x] STEP... -- CMD [ARG...]
 * -x answers the program's question whether the terminal has left and right margins
 * (DECRQM for DECLRMM) as xterm does (it has); without -x nothing answers, as in tmux.
 *
 * Steps, run in order (KEYS in keymap notation: "j", "<C-f>", ":q!<Enter>"; MARK is
 * text the step's output must contain, "" for none):
 *   screen NAME MARK     wait for the first screen after the start
 *   send NAME KEYS MARK  send KEYS once and wait for the screen it draws
 *   keys KEYS            send KEYS and wait, measuring nothing (setting up)
 *   repeat NAME N KEYS   send KEYS N times, each once the output has gone quiet
 *   idle NAME MS         send nothing for MS ms: what the program does on its own
 *   quit KEYS            send KEYS and wait for the program to exit
 *   early NAME N KEYS MARK  as the first step: wait for MARK (the first screen), then
 *                        at once, while the program may still work on its own (a
 *                        worker thread), send KEYS N times, each once the reply has
 *                        been quiet for 5 ms; prints the first screen's time (ms, to
 *                        the end of the output burst holding MARK), then a line
 *                        "NAME.keys" with the slowest and the mean reply (max_ms, avg_ms)
 *   paced NAME N MS KEYS MARK  as early, but KEYS are sent one every MS ms (from one
 *                        send to the next), N times, while the program goes on working on
 *                        its own (a file being read, written to its database); the
 *                        "NAME.keys" line also says how many replies took over 20 ms
 *
 * A screen is complete when the output has been quiet for -q ms (100) after MARK was
 * seen; when MARK never shows, once there was output, it has been quiet for -Q ms (3000)
 * and the program is idle (before the first byte there is no quiet: a big file can take
 * long to load). The screen's time is that of the last byte, not counting the quiet
 * wait. MARK is looked for in the output with escape sequences, control characters and
 * spaces removed, so that attributes, cursor moves and line wrapping between its
 * characters do not hide it. After each step ptybench also waits until the program has
 * stopped using CPU (busy_ms: it may go on working after drawing), so that every step
 * starts on an idle program and its CPU and bytes are all its own. Every step gives up
 * after -t seconds (30), and a program still running 10 seconds after the quit keys is
 * killed: ptybench never hangs.
 *
 * Prints one line per measured step, "NAME ms=.. busy_ms=.. bytes=.. cpu_ms=.. writes=..
 * keys=.. mark=yes|no|none" (writes: the program's write() calls), and an "exit" line with the status, total CPU and peak RSS. CPU
 * comes from /proc/PID/task/N/schedstat (nanoseconds), else /proc/PID/stat (clock
 * ticks); a screen step's counts from the start. PTYBENCH_DEBUG=1 in the environment
 * shows on stderr when each read arrived. Exits 0 when every step finished and the
 * program exited by itself, 1 otherwise, 2 on a usage error.
 */

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MARK_MAX 256
#define QUIT_TIMEOUT_S 10 /* after the quit keys, then SIGTERM, then SIGKILL */
#define SETTLE_MS 50        /* a program is idle when a window this long... */
#define SETTLE_CPU_MS 1.0   /* ...costs it less CPU than this */

/* Bytes of the output with escape sequences, controls and spaces taken out. */
enum esc_state { ES_TEXT, ES_ESC, ES_CSI, ES_STRING, ES_STRING_ESC, ES_CHARSET };

struct stream {
	enum esc_state state;
	char tail[MARK_MAX * 2]; /* the last filtered bytes, to find MARK across reads */
	size_t ntail;
	const char *mark;
	size_t nmark;
	int seen;
};

static pid_t child = -1;
static int master = -1;
static FILE *trace;
static int quiet_ms = 100, long_quiet_ms = 3000, key_quiet_ms = 20, timeout_s = 30;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ptybench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (child > 0)
		kill(child, SIGKILL);
	exit(2);
}

static void on_signal(int sig)
{
	if (child > 0)
		kill(child, SIGKILL);
	_exit(128 + sig);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The write() calls the child has made so far (/proc/PID/io's syscw: every write,
 * to the terminal or a file); -1 when /proc cannot tell. */
static long long child_writes(void)
{
	char path[64], line[128];
	long long n = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/io", (int)child);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "syscw: %lld", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* The child's write() calls when the step being measured began. */
static long long step_writes;

/* CPU time the child has used so far, in ms; -1 when /proc cannot tell. */
static double child_cpu_ms(void)
{
	char path[64], buf[512];
	double sum = 0;
	int found = 0;
	DIR *d;
	struct dirent *e;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/task", (int)child);
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			unsigned long long ns;

			if (e->d_name[0] == '.')
				continue;
			snprintf(buf, sizeof buf, "%s/%s/schedstat", path, e->d_name);
			if ((f = fopen(buf, "r")) == NULL)
				continue;
			if (fscanf(f, "%llu", &ns) == 1) {
				sum += ns / 1e6;
				found = 1;
			}
			fclose(f);
		}
		closedir(d);
	}
	if (found && sum > 0)
		return sum;

	/* utime and stime are the 14th and 15th fields; the name may hold spaces. */
	snprintf(path, sizeof path, "/proc/%d/stat", (int)child);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	unsigned long long ut, st;
	if (p == NULL ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
		   &ut, &st) != 2)
		return -1;
	return (ut + st) * 1e3 / sysconf(_SC_CLK_TCK);
}

/* Whether the child is running or waiting for a CPU (on a loaded machine a busy
 * program can go a whole SETTLE_MS window without getting one). */
static int child_runnable(void)
{
	char path[64], buf[512];
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)child);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' && p[2] == 'R';
}

/* -x: the terminal answers, as xterm does, that it has left and right margins (DECRQM
 * for DECLRMM, ?69: "recognised, reset"); without -x nothing answers, as in tmux. */
static int answer_lr;

/* What the program wrote: kept in the trace, and its question about the margins answered
 * (looked for across reads). */
static void got_output(const unsigned char *p, size_t n)
{
	static const char ask[] = "\033[?69$p", answer[] = "\033[?69;2$y";
	static size_t matched;

	if (trace)
		fwrite(p, 1, n, trace);
	for (size_t i = 0; answer_lr && i < n; i++) {
		matched = p[i] == (unsigned char)ask[matched] ? matched + 1
			: p[i] == (unsigned char)ask[0] ? 1 : 0;
		if (matched == sizeof ask - 1) {
			matched = 0;
			if (write(master, answer, sizeof answer - 1) < 0)
				die("write: %s", strerror(errno));
		}
	}
}

/* Feeds output bytes through the escape filter and looks for the mark. */
static void stream_feed(struct stream *s, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];

		switch (s->state) {
		case ES_TEXT:
			if (c == 0x1b) {
				s->state = ES_ESC;
				continue;
			}
			if (c <= 0x20 || c == 0x7f)
				continue;
			break;
		case ES_ESC:
			if (c == '[')
				s->state = ES_CSI;
			else if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X')
				s->state = ES_STRING;
			else if (c >= 0x20 && c <= 0x2f)
				s->state = ES_CHARSET; /* ESC ( B and the like */
			else
				s->state = ES_TEXT;
			continue;
		case ES_CSI:
			if (c >= 0x40 && c <= 0x7e)
				s->state = ES_TEXT;
			continue;
		case ES_STRING: /* OSC, DCS...: up to BEL or ESC \ */
			if (c == 0x07)
				s->state = ES_TEXT;
			else if (c == 0x1b)
				s->state = ES_STRING_ESC;
			continue;
		case ES_STRING_ESC:
			s->state = c == '\\' ? ES_TEXT : ES_STRING;
			continue;
		case ES_CHARSET:
			if (c >= 0x30 && c <= 0x7e)
				s->state = ES_TEXT;
			continue;
		}
		if (s->seen)
			continue;
		if (s->ntail == sizeof s->tail) {
			memmove(s->tail, s->tail + s->ntail - (s->nmark - 1), s->nmark - 1);
			s->ntail = s->nmark - 1;
		}
		s->tail[s->ntail++] = (char)c;
		if (s->ntail >= s->nmark &&
		    memcmp(s->tail + s->ntail - s->nmark, s->mark, s->nmark) == 0)
			s->seen = 1;
	}
}

/* Drops spaces and controls from a mark in place, as stream_feed() does from the output. */
static char *mark_norm(char *mark)
{
	size_t n = 0;

	if (strlen(mark) >= MARK_MAX)
		die("mark longer than %d bytes: %s", MARK_MAX - 1, mark);
	for (const unsigned char *p = (const unsigned char *)mark; *p; p++)
		if (*p > 0x20 && *p != 0x7f)
			mark[n++] = (char)*p;
	mark[n] = '\0';
	return mark;
}

struct result {
	double ms;    /* start of the step to its last byte */
	size_t bytes; /* read from the terminal during the step */
	int seen;     /* 1 seen, 0 not seen, -1 no mark asked for */
	int eof;      /* the program closed the terminal */
	int timeout;  /* the output never went quiet */
	double busy_ms; /* start of the step until the program stopped using CPU */
};

/*
 * Reads the program's output from t0 until it has been quiet long enough, the program
 * has gone, or the step's time is up. With a mark, the quiet must follow the mark;
 * without the mark it must last long_quiet_ms and find the program idle, and before
 * the first byte there is no quiet at all (a big file can take long to load).
 */
static void wait_quiet(double t0, int quiet, const char *mark, struct result *r)
{
	static unsigned char buf[65536];
	struct stream s = { 0 };
	double last = t0, quiet_from = t0, deadline = t0 + timeout_s * 1e3;
	double cpu_at = child_cpu_ms(), cpu_when = t0;

	memset(r, 0, sizeof *r);
	s.mark = mark ? mark : "";
	s.nmark = strlen(s.mark);
	s.seen = s.nmark == 0;
	for (;;) {
		double now = now_ms();
		double until = s.seen ? quiet_from + quiet
			: r->bytes ? quiet_from + long_quiet_ms : deadline;

		if (now >= deadline) {
			r->timeout = 1;
			break;
		}
		if (now >= until) {
			double c = child_cpu_ms();

			if (s.seen || c < 0 ||
			    (!child_runnable() &&
			     c - cpu_at < (now - cpu_when) * SETTLE_CPU_MS / SETTLE_MS))
				break;
			cpu_at = c; /* still working: the quiet starts again */
			cpu_when = quiet_from = now;
			continue;
		}
		if (until > deadline)
			until = deadline;
		struct pollfd pfd = { .fd = master, .events = POLLIN };
		int k = poll(&pfd, 1, (int)(until - now) + 1);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		if (k == 0)
			continue;
		ssize_t n = read(master, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) { /* EIO: the slave side is closed */
			r->eof = 1;
			break;
		}
		last = quiet_from = now_ms();
		if (getenv("PTYBENCH_DEBUG"))
			fprintf(stderr, "  +%.3f ms: %zd bytes\n", last - t0, n);
		r->bytes += (size_t)n;
		stream_feed(&s, buf, (size_t)n);
		got_output(buf, (size_t)n);
	}
	r->ms = last - t0;
	r->seen = s.nmark ? s.seen : -1;
}

/* Waits from t0 for output holding mark ("": any), then until it has been quiet for
 * BURST_MS: one frame, not what follows it. r->ms is its last byte. */
#define BURST_MS 5
static void wait_burst(double t0, const char *mark, struct result *r)
{
	static unsigned char buf[65536];
	struct stream s = { 0 };
	double last = t0, deadline = t0 + timeout_s * 1e3;

	memset(r, 0, sizeof *r);
	s.mark = mark;
	s.nmark = strlen(mark);
	for (;;) {
		double now = now_ms();
		int got = r->bytes && (s.seen || !s.nmark);
		double until = got ? last + BURST_MS : deadline;

		if (now >= until) {
			r->timeout = !got;
			break;
		}
		struct pollfd pfd = { .fd = master, .events = POLLIN };
		int k = poll(&pfd, 1, (int)(until - now) + 1);
		if (k < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (k <= 0)
			continue;
		ssize_t n = read(master, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r->eof = 1;
			break;
		}
		last = now_ms();
		r->bytes += (size_t)n;
		stream_feed(&s, buf, (size_t)n);
		if (trace)
			fwrite(buf, 1, (size_t)n, trace);
	}
	r->ms = last - t0;
	r->seen = s.nmark ? s.seen : -1;
}

/* Reads whatever the program writes for ms milliseconds. */
static void drain_for(int ms, struct result *r)
{
	static unsigned char buf[65536];
	double t0 = now_ms(), end = t0 + ms;

	memset(r, 0, sizeof *r);
	r->seen = -1;
	for (double now = t0; now < end; now = now_ms()) {
		struct pollfd pfd = { .fd = master, .events = POLLIN };
		int k = poll(&pfd, 1, (int)(end - now) + 1);
		if (k <= 0)
			continue;
		ssize_t n = read(master, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r->eof = 1;
			break;
		}
		r->bytes += (size_t)n;
		got_output(buf, (size_t)n);
	}
	r->ms = now_ms() - t0;
}

/*
 * Waits until the program stops using CPU, as it may work on after its output has gone
 * quiet (less counting lines after G): until a SETTLE_MS window costs it less than
 * SETTLE_CPU_MS and it is not waiting for a CPU either. Output meanwhile counts in r->bytes; r->busy_ms runs from t0 to the
 * end of the last busy window (to the last byte when there was none).
 */
static void settle(double t0, struct result *r)
{
	double deadline = t0 + timeout_s * 1e3, busy_end = t0 + r->ms;
	double c0 = child_cpu_ms();

	while (c0 >= 0 && !r->eof) {
		struct result w;

		drain_for(SETTLE_MS, &w);
		r->bytes += w.bytes;
		r->eof |= w.eof;
		double c1 = child_cpu_ms();
		if (c1 < 0 || (c1 - c0 < SETTLE_CPU_MS && !child_runnable()))
			break;
		busy_end = now_ms();
		c0 = c1;
		if (busy_end >= deadline) {
			r->timeout = 1;
			break;
		}
	}
	r->busy_ms = busy_end - t0;
}

/* Parses keymap notation into the bytes an xterm sends (keypad transmit mode). */
static size_t parse_keys(const char *spec, char *out, size_t cap)
{
	static const struct {
		const char *name, *bytes;
	} names[] = {
		{ "Enter", "\r" },     { "Tab", "\t" },	       { "Esc", "\033" },
		{ "Space", " " },      { "Backspace", "\177" }, { "lt", "<" },
		{ "Hash", "#" },       { "Up", "\033OA" },      { "Down", "\033OB" },
		{ "Right", "\033OC" }, { "Left", "\033OD" },    { "Home", "\033OH" },
		{ "End", "\033OF" },   { "PgUp", "\033[5~" },   { "PgDn", "\033[6~" },
		{ "Insert", "\033[2~" }, { "Delete", "\033[3~" }, { "S-Tab", "\033[Z" },
		{ "F1", "\033OP" },
	};
	size_t n = 0;

	for (const char *p = spec; *p;) {
		const char *add = p, *close = NULL;
		size_t len = 1;
		char ctl;

		if (*p == '<' && (close = strchr(p + 1, '>')) != NULL && close > p + 1) {
			size_t nl = (size_t)(close - p - 1);
			size_t i;

			add = NULL;
			if (nl == 3 && p[1] == 'C' && p[2] == '-') {
				ctl = (char)(p[3] & 0x1f);
				add = &ctl;
				len = 1;
			}
			for (i = 0; add == NULL && i < sizeof names / sizeof names[0]; i++)
				if (strlen(names[i].name) == nl &&
				    memcmp(names[i].name, p + 1, nl) == 0) {
					add = names[i].bytes;
					len = strlen(add);
				}
			if (add == NULL)
				die("unknown key <%.*s> in '%s'", (int)nl, p + 1, spec);
			p = close + 1;
		} else {
			p++;
		}
		if (n + len > cap)
			die("keys too long: '%s'", spec);
		memcpy(out + n, add, len);
		n += len;
	}
	return n;
}

static void send_keys(const char *spec)
{
	char buf[1024];
	size_t n = parse_keys(spec, buf, sizeof buf);

	for (size_t off = 0; off < n;) {
		ssize_t k = write(master, buf + off, n - off);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			die("writing keys '%s': %s", spec, strerror(errno));
		}
		off += (size_t)k;
	}
}

static void print_step(const char *name, const struct result *r, double cpu, long keys)
{
	printf("%s ms=%.1f busy_ms=%.1f bytes=%zu", name, r->ms, r->busy_ms, r->bytes);
	if (cpu >= 0)
		printf(" cpu_ms=%.2f", cpu);
	else
		printf(" cpu_ms=-");
	long long w = child_writes();
	if (w >= 0 && step_writes >= 0)
		printf(" writes=%lld", w - step_writes);
	printf(" keys=%ld mark=%s%s%s\n", keys,
	       r->seen < 0 ? "none" : r->seen ? "yes" : "no",
	       r->timeout ? " timeout=yes" : "", r->eof ? " eof=yes" : "");
	fflush(stdout);
}

static double cpu_since(double before)
{
	double after = child_cpu_ms();

	return before < 0 || after < 0 ? -1 : after - before;
}

/* Waits for the child to exit by itself, reading its output; kills it when it will not. */
static int reap(int *status)
{
	static unsigned char buf[65536];
	double deadline = now_ms() + QUIT_TIMEOUT_S * 1e3;
	int by_itself = 1, sig = SIGTERM;

	for (;;) {
		pid_t w = waitpid(child, status, WNOHANG);
		if (w == child)
			break;
		if (w < 0 && errno != EINTR)
			die("waitpid: %s", strerror(errno));
		if (now_ms() >= deadline) {
			by_itself = 0;
			kill(child, sig);
			sig = SIGKILL;
			deadline = now_ms() + 1000;
		}
		struct pollfd pfd = { .fd = master, .events = POLLIN };
		if (poll(&pfd, 1, 10) > 0) {
			ssize_t n = read(master, buf, sizeof buf);
			if (n > 0)
				got_output(buf, (size_t)n);
			if (n <= 0)
				usleep(10000); /* closed: only the exit is left to wait for */
		}
	}
	child = -1;
	return by_itself;
}

static void usage(void)
{
	fputs("usage: ptybench [-s COLSxROWS] [-T TERM] [-q MS] [-Q MS] [-k MS] [-t S] "
	      "[-o FILE] [-x] STEP... -- CMD [ARG...]\n"
	      "steps: screen NAME MARK | send NAME KEYS MARK | keys KEYS |\n"
	      "       repeat NAME N KEYS | idle NAME MS | quit KEYS | early NAME N KEYS MARK |\n"
	      "       paced NAME N MS KEYS MARK\n",
	      stderr);
	exit(2);
}

static int arity(const char *step)
{
	if (strcmp(step, "screen") == 0)
		return 2;
	if (strcmp(step, "idle") == 0)
		return 2;
	if (strcmp(step, "send") == 0 || strcmp(step, "repeat") == 0)
		return 3;
	if (strcmp(step, "keys") == 0 || strcmp(step, "quit") == 0)
		return 1;
	if (strcmp(step, "early") == 0)
		return 4;
	if (strcmp(step, "paced") == 0)
		return 5;
	return -1;
}

static int to_int(const char *s, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 1000000)
		die("bad %s: '%s'", what, s);
	return (int)v;
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	const char *term = "xterm-256color";
	int opt, failed = 0;

	while ((opt = getopt(argc, argv, "+s:T:q:Q:k:t:o:x")) != -1) {
		switch (opt) {
		case 's': {
			unsigned cols, rows;
			if (sscanf(optarg, "%ux%u", &cols, &rows) != 2 || cols == 0 ||
			    rows == 0 || cols > 1000 || rows > 1000)
				die("bad size '%s' (COLSxROWS)", optarg);
			ws.ws_col = (unsigned short)cols;
			ws.ws_row = (unsigned short)rows;
			break;
		}
		case 'T': term = optarg; break;
		case 'x': answer_lr = 1; break;
		case 'q': quiet_ms = to_int(optarg, "-q"); break;
		case 'Q': long_quiet_ms = to_int(optarg, "-Q"); break;
		case 'k': key_quiet_ms = to_int(optarg, "-k"); break;
		case 't': timeout_s = to_int(optarg, "-t"); break;
		case 'o':
			if ((trace = fopen(optarg, "wb")) == NULL)
				die("cannot open '%s': %s", optarg, strerror(errno));
			break;
		default: usage();
		}
	}

	/* Check the steps before starting anything. */
	int first = optind, cmd = -1;
	for (int i = first; i < argc;) {
		if (strcmp(argv[i], "--") == 0) {
			cmd = i + 1;
			break;
		}
		int n = arity(argv[i]);
		if (n < 0)
			die("unknown step '%s'", argv[i]);
		if (i + n >= argc)
			die("step '%s' needs %d arguments", argv[i], n);
		if (strcmp(argv[i], "repeat") == 0 || strcmp(argv[i], "early") == 0 ||
		    strcmp(argv[i], "paced") == 0)
			to_int(argv[i + 2], "repeat count");
		if (strcmp(argv[i], "paced") == 0)
			to_int(argv[i + 3], "pace");
		if (strcmp(argv[i], "idle") == 0)
			to_int(argv[i + 2], "idle time");
		i += n + 1;
	}
	if (cmd < 0 || cmd >= argc)
		usage();

	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	fflush(NULL);
	double t0 = now_ms();
	child = forkpty(&master, NULL, NULL, &ws);
	if (child < 0)
		die("forkpty: %s", strerror(errno));
	if (child == 0) {
		setenv("TERM", term, 1);
		unsetenv("LINES");
		unsetenv("COLUMNS");
		execvp(argv[cmd], argv + cmd);
		fprintf(stderr, "ptybench: cannot run '%s': %s\n", argv[cmd], strerror(errno));
		_exit(127);
	}

	int gone = 0;
	for (int i = first; i < cmd - 1 && !gone;) {
		const char *step = argv[i];
		struct result r;
		double cpu;

		step_writes = 0;
		if (strcmp(step, "screen") == 0) {
			wait_quiet(t0, quiet_ms, mark_norm(argv[i + 2]), &r);
			settle(t0, &r);
			print_step(argv[i + 1], &r, cpu_since(0), 0);
		} else if (strcmp(step, "send") == 0) {
			cpu = child_cpu_ms();
			step_writes = child_writes();
			double sent = now_ms(); /* before: the reply may beat write()'s return */

			send_keys(argv[i + 2]);
			wait_quiet(sent, quiet_ms, mark_norm(argv[i + 3]), &r);
			settle(sent, &r);
			print_step(argv[i + 1], &r, cpu_since(cpu), 1);
		} else if (strcmp(step, "keys") == 0) {
			double sent = now_ms();

			send_keys(argv[i + 1]);
			wait_quiet(sent, quiet_ms, NULL, &r);
			settle(sent, &r);
		} else if (strcmp(step, "repeat") == 0) {
			int n = to_int(argv[i + 2], "repeat count");
			struct result one = { 0 };
			double start = now_ms();

			cpu = child_cpu_ms();
			step_writes = child_writes();
			memset(&r, 0, sizeof r);
			r.seen = -1;
			for (int k = 0; k < n && !one.eof; k++) {
				double sent = now_ms();

				send_keys(argv[i + 3]);
				wait_quiet(sent, key_quiet_ms, NULL, &one);
				r.bytes += one.bytes;
				r.eof |= one.eof;
				r.timeout |= one.timeout;
			}
			/* Whatever came late still belongs to this step. */
			if (!r.eof) {
				wait_quiet(now_ms(), quiet_ms, NULL, &one);
				r.bytes += one.bytes;
				r.eof |= one.eof;
				r.timeout |= one.timeout;
			}
			r.ms = now_ms() - start;
			settle(start, &r);
			print_step(argv[i + 1], &r, cpu_since(cpu), n);
		} else if (strcmp(step, "early") == 0) {
			int n = to_int(argv[i + 2], "repeat count");
			double worst = 0, sum = 0;
			struct result one = { 0 };

			wait_burst(t0, mark_norm(argv[i + 4]), &r);
			for (int k = 0; k < n && !one.eof && !one.timeout; k++) {
				double sent = now_ms();

				send_keys(argv[i + 3]);
				wait_burst(sent, "", &one);
				r.bytes += one.bytes;
				r.eof |= one.eof;
				r.timeout |= one.timeout;
				worst = one.ms > worst ? one.ms : worst;
				sum += one.ms;
			}
			settle(t0, &r);
			print_step(argv[i + 1], &r, cpu_since(0), n);
			printf("%s.keys max_ms=%.1f avg_ms=%.1f\n", argv[i + 1], worst, n ? sum / n : 0);
		} else if (strcmp(step, "paced") == 0) {
			int n = to_int(argv[i + 2], "repeat count"), k = 0, late = 0;
			double pace = to_int(argv[i + 3], "pace"), worst = 0, sum = 0;
			struct result one = { 0 };

			wait_burst(t0, mark_norm(argv[i + 5]), &r);
			for (; k < n && !one.eof && !one.timeout; k++) {
				double sent = now_ms();

				send_keys(argv[i + 4]);
				wait_burst(sent, "", &one);
				r.bytes += one.bytes;
				r.eof |= one.eof;
				r.timeout |= one.timeout;
				worst = one.ms > worst ? one.ms : worst;
				sum += one.ms;
				late += one.ms > 20;
				if (getenv("PTYBENCH_DEBUG") && one.ms > 20)
					fprintf(stderr, "  key %d at +%.0f ms: %.1f ms, %zu bytes\n", k,
					        sent - t0, one.ms, one.bytes);
				double next = sent + pace;
				while (now_ms() < next) { /* what comes meanwhile is the program's own */
					struct result w;
					drain_for((int)(next - now_ms()) + 1, &w);
					r.bytes += w.bytes;
					r.eof |= w.eof;
					if (w.eof)
						break;
				}
			}
			settle(t0, &r);
			print_step(argv[i + 1], &r, cpu_since(0), k);
			printf("%s.keys max_ms=%.1f avg_ms=%.1f late=%d n=%d\n", argv[i + 1], worst,
			       k ? sum / k : 0, late, k);
		} else if (strcmp(step, "idle") == 0) {
			cpu = child_cpu_ms();
			step_writes = child_writes();
			drain_for(to_int(argv[i + 2], "idle time"), &r);
			print_step(argv[i + 1], &r, cpu_since(cpu), 0);
		} else { /* quit */
			send_keys(argv[i + 1]);
			break;
		}
		if (r.eof || r.timeout) {
			fprintf(stderr, "ptybench: %s during '%s %s'\n",
				r.eof ? "the program exited" : "the output never went quiet",
				step, argv[i + 1]);
			failed = 1;
			gone = r.eof;
			if (r.timeout) { /* no point in asking it to quit */
				kill(child, SIGTERM);
				break;
			}
		}
		i += arity(step) + 1;
	}

	int status = 0;
	if (!reap(&status))
		failed = 1;
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	double cpu = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 +
		     ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
	if (WIFEXITED(status)) {
		printf("exit status=%d", WEXITSTATUS(status));
		if (WEXITSTATUS(status) != 0)
			failed = 1;
	} else {
		printf("exit signal=%d", WTERMSIG(status));
		failed = 1;
	}
	printf(" cpu_ms=%.1f maxrss_kib=%ld wall_ms=%.1f\n", cpu, ru.ru_maxrss, now_ms() - t0);
	if (trace)
		fclose(trace);
	return failed;
}
