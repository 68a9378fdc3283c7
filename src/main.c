/* pizhu's command line: subcommands over the core library. Only this file decides
 * what to print and when to give up; the core reports statuses. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <unistr.h>
#include <unistd.h>

#include "pizhu/ui/app.h"
#include "pizhu/ui/setup.h"
#include "pizhu/breakdown.h"
#include "pizhu/check.h"
#include "pizhu/config.h"
#include "pizhu/detect.h"
#include "pizhu/diff.h"
#include "pizhu/diffwrite.h"
#include "pizhu/document.h"
#include "pizhu/embedded.h"
#include "pizhu/errors.h"
#include "pizhu/export.h"
#include "pizhu/i18n.h"
#include "pizhu/keymap.h"
#include "pizhu/listing.h"
#include "pizhu/outline.h"
#include "pizhu/quote.h"
#include "pizhu/sanitize.h"
#include "pizhu/session.h"
#include "pizhu/suggestions.h"
#include "pizhu/status.h"
#include "pizhu/store.h"
#include "pizhu/sync.h"
#include "pizhu/tags.h"
#include "pizhu/tagtype.h"

#ifndef PIZHU_VERSION
#define PIZHU_VERSION "0.0.0"
#endif

enum exit_code { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* What a command runs with: its entry in the table below and the database, opened when
 * the command asks for it (use_store) and closed by main. */
struct command;
struct context {
	const struct command *cmd;
	const char *db;       /* --db, before the command or among its options; NULL: default */
	store *st;
};

/* How a command uses the database. */
enum store_use {
	STORE_NONE,           /* keeps nothing (--db is accepted and ignored) */
	STORE_IF_THERE,       /* reads what the reader kept, if a database is there; makes none */
	STORE_OPEN,           /* opens it, creating it when missing */
};

/* One subcommand: `pizhu NAME ...` runs run(argc, argv, ctx) with argv[0] == NAME. */
struct command {
	const char *name;
	int (*run)(int argc, char **argv, struct context *ctx);
	const char *usage;    /* `pizhu help NAME`, `pizhu NAME --help` */
	const char *summary;  /* its line in `pizhu --help` */
	enum store_use store;
};

static const struct command *find_command(const char *name);
static int print_main_usage(void);

static const char usage_main_head[] =
	N_("usage: pizhu [--db FILE] [--keymap NAME|FILE] [--theme NAME|FILE] [FILE]\n"
	"       pizhu [--db FILE] <command> [<options>] FILE...\n"
	"\n"
	"With a FILE, opens it in the full-screen reader; without one, lists the documents\n"
	"read before (or opens the bundled sample speech the first time).\n"
	"\n"
	"  --db FILE            the database of the library and positions\n"
	"                       (default $XDG_DATA_HOME/pizhu/pizhu.db, or $PIZHU_DB)\n"
	"  --keymap NAME|FILE   default, classic or emacs, or a keymap file\n"
	"  --theme NAME|FILE    dark, light or mono, or a theme file\n"
	"  --encoding NAME      read FILE in NAME instead of detecting UTF-8 or GB18030\n"
	"  --author NAME        the reviewer whose tags and changes these are (default\n"
	"                       $PIZHU_AUTHOR, the config's name, the login name)\n"
	"\n"
	"Commands:\n");

static const char usage_main_tail[] =
	N_("\n"
	"Options:\n"
	"  -h, --help      show this help\n"
	"  -V, --version   show the version\n"
	"\n"
	"See 'pizhu help <command>' or pizhu(1).\n");

static const char usage_outline[] =
	N_("usage: pizhu outline [--format=text|tsv|json] [--encoding=NAME] FILE...\n"
	"\n"
	"Finds each speech in FILE (title, subtitle, speaker, date, salutation) and its\n"
	"headings and points: 一、 （一） 1. （1） ① 第一， 一是 一要 一方面， 首先，\n"
	"at the start of a line or inside a paragraph, and headings without markers.\n"
	"\n"
	"  --format=text   an indented tree with line:col (default)\n"
	"  --format=tsv    depth<TAB>line<TAB>col<TAB>marker<TAB>title, one node a line\n"
	"  --format=json   the same with speech metadata and byte/character ranges\n"
	"  --encoding=NAME read FILE in NAME (GBK, GB18030, UTF-8, ...) instead of\n"
	"                  detecting UTF-8 or GB18030\n"
	"\n"
	"line and col are 1-based; col counts characters.\n");

static const char usage_text[] =
	N_("usage: pizhu text [--encoding=NAME] FILE\n"
	"\n"
	"Prints FILE's text as pizhu reads it: decoded to UTF-8, line endings made LF,\n"
	"an HTML page reduced to its text (the lines that outline positions refer to).\n");

static const char usage_quote[] =
	/* xgettext:no-c-format */
	N_("usage: pizhu quote --from=LINE:COL --to=LINE:COL [--format=FORMAT]\n"
	"                   [--encoding=NAME] FILE\n"
	"\n"
	"Prints the text of FILE from --from up to, not including, --to (LINE:COL 1-based,\n"
	"COL in characters; --to may be one past a line's end) with its citation, as the\n"
	"reader copies it: the speech's title, the sections down to it, its paragraph.\n"
	"--format (default: the config's citation, else the built-in one) holds\n"
	"  %q the text   %t the title   %s the sections   %p the paragraph in its section\n"
	"  %P the paragraph in the file   %l the line   %f the file   %n a line break   %% a %\n"
	"  %[ ... %] the part between, left out when a placeholder in it is empty\n");

static const char usage_tags[] =
	N_("usage: pizhu tags [--format=tsv|json] [--db FILE] [--encoding=NAME] FILE\n"
	"       pizhu tags add --type=TYPE --from=LINE:COL --to=LINE:COL [--note=TEXT]\n"
	"                      [--due=YYYY-MM-DD] [--owner=TEXT] [--db FILE] FILE\n"
	"       pizhu tags rm [--db FILE] ID...\n"
	"       pizhu tags edit [--note=TEXT] [--due=DATE] [--owner=TEXT] [--done|--open]\n"
	"                       [--type=TYPE] [--author=NAME] ID\n"
	"       pizhu tags move --from=LINE:COL --to=LINE:COL [--author=NAME] ID FILE\n"
	"       pizhu tags reply [--author=NAME] ID TEXT\n"
	"       pizhu tags resolve --take=mine|theirs|VALUE [--field=F] [--author=NAME] ID\n"
	"       pizhu tags import [--db FILE] LISTING.json [FILE]\n"
	"\n"
	"Lists FILE's tags after finding them again in its current text, one a line:\n"
	"  id type status line col quote note due owner state author\n"
	"status is anchored (found where its context says), moved (found elsewhere or\n"
	"with changed text), orphaned (not found; kept, with no line and col) or\n"
	"disputed (merged with a change of its own: see tags resolve); state is open or\n"
	"done (a task marked done); author is who made the tag.\n"
	"--format=json gives every field; 'tags import' merges it back (into FILE, or the\n"
	"file the listing names) by id: new tags added, a change on one side taken, a\n"
	"field (note, due, owner, done) changed on both sides since they last agreed kept\n"
	"as a dispute (status disputed) until 'tags resolve'; a deletion wins only when\n"
	"newer, and stays. It says how many were added, updated, disputed, unchanged,\n"
	"deleted and orphaned.\n"
	"\n"
	"'tags add' tags the characters from --from up to, not including, --to (LINE:COL\n"
	"1-based, COL in characters; --to may be one past a line's end) and prints the\n"
	"new id. TYPE is task, target, deadline, owner, note, or a type declared in the\n"
	"config. 'tags rm' deletes tags by id (or a unique prefix of at least 4).\n"
	"'tags edit' changes a tag as the reader's keys do (undoable there, by its\n"
	"reviewer); 'tags move' re-marks a tag on other text of FILE (--from, --to as\n"
	"for 'tags add'); 'tags reply' adds to the discussion the tag carries.\n"
	"--author=NAME: listing, only that reviewer's tags; changing, who changes\n"
	"(default $PIZHU_AUTHOR, the config's name, the login name).\n");

enum format { FMT_TEXT, FMT_TSV, FMT_JSON };

static void print_load_error(const char *path, enum pz_status st, const struct pz_where *w,
                             const char *encoding)
{
	const char *verb = (st == PZ_NOENT || st == PZ_ACCES || st == PZ_ISDIR || st == PZ_NOTREG ||
	                    st == PZ_NOTDIR || st == PZ_LOOP) ? N_("open") : N_("read");
	char why[160];
	pz_message(stderr, "pizhu: cannot %s '%s': %s", _(verb), path, pz_describe(st, w, why, sizeof(why)));
	if ((st == PZ_BADENC || st == PZ_CONVERT) && encoding)
		pz_message(stderr, " '%s'", encoding);
	if (st == PZ_TOOBIG)
		pz_message(stderr, " (limit %zu MiB)", DOC_MAX_BYTES >> 20);
	if (st == PZ_ENCODING)
		pz_message(stderr, "; if you know its encoding, try --encoding=NAME");
	fputc('\n', stderr);
}

/* A file name as a header line of a listing: printable, on one line. */
static void put_name(FILE *f, const char *s)
{
	sanitize_write(f, s, strlen(s), NULL);
}

static int finish_output(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		pz_message(stderr, "pizhu: cannot write output: %s\n", strerror(errno));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* The command's usage on stdout (its -h, --help). */
static int print_usage(const struct context *ctx)
{
	fputs(_(ctx->cmd->usage), stdout);
	return finish_output();
}

static int usage_error(const char *msg, const char *arg, const char *cmd)
{
	msg = _(msg); /* xgettext finds them by the keyword usage_error:1 */
	if (arg)
		pz_message(stderr, "pizhu: %s '%s'\n", msg, arg);
	else
		pz_message(stderr, "pizhu: %s\n", msg);
	pz_message(stderr, "See 'pizhu help %s'.\n", cmd ? cmd : "");
	return EXIT_USAGE;
}

/* Opens every file (with its outline when want_outline) before printing anything, so a
 * bad file shows nothing half-done. */
static int load_all(int nfiles, char **files, const struct session_options *opt,
                    bool want_outline, session **out)
{
	for (int i = 0; i < nfiles; i++) {
		struct pz_where w = { 0 };
		enum pz_status st = session_open(files[i], opt, &out[i], &w);
		if (st != PZ_OK) {
			print_load_error(files[i], st, &w, opt->encoding);
			return EXIT_RUNTIME;
		}
		if (want_outline && (st = session_build_outline(out[i])) != PZ_OK) {
			pz_message(stderr, "pizhu: cannot outline '%s': %s\n", files[i], pz_strerror(st));
			return EXIT_RUNTIME;
		}
	}
	return EXIT_OK;
}

static void free_all(int nfiles, session **l)
{
	for (int i = 0; i < nfiles; i++)
		session_close(l[i]);
	free(l);
}

/* Options shared by outline and text. Returns -1 to go on, else an exit code. */
static int parse_options(int argc, char **argv, struct context *ctx, bool allow_format,
                         enum format *fmt, struct session_options *opt)
{
	const char *cmd = ctx->cmd->name;
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			ctx->db = optarg; /* accepted everywhere; these commands keep nothing */
			break;
		case 'f':
			if (!allow_format)
				return usage_error("unknown option", "--format", cmd);
			if (!strcmp(optarg, "text"))
				*fmt = FMT_TEXT;
			else if (!strcmp(optarg, "tsv"))
				*fmt = FMT_TSV;
			else if (!strcmp(optarg, "json"))
				*fmt = FMT_JSON;
			else
				return usage_error("unknown format", optarg, cmd);
			break;
		case 'e':
			opt->encoding = optarg;
			break;
		case 'h':
			return print_usage(ctx);
		default:
			return usage_error("unknown option", argv[optind - 1], cmd);
		}
	}
	return -1;
}

static int cmd_outline(int argc, char **argv, struct context *ctx)
{
	enum format fmt = FMT_TEXT;
	struct session_options opt = { 0 };
	int r = parse_options(argc, argv, ctx, true, &fmt, &opt);
	if (r >= 0)
		return r;
	int nfiles = argc - optind;
	if (nfiles < 1)
		return usage_error("outline needs a FILE", NULL, "outline");
	session **l = calloc((size_t)nfiles, sizeof(*l));
	if (!l) {
		pz_message(stderr, "pizhu: %s\n", pz_strerror(PZ_NOMEM));
		return EXIT_RUNTIME;
	}
	r = load_all(nfiles, argv + optind, &opt, true, l);
	if (r == EXIT_OK) {
		if (fmt == FMT_JSON && nfiles > 1)
			fputc('[', stdout);
		for (int i = 0; i < nfiles; i++) {
			switch (fmt) {
			case FMT_TSV:
				if (nfiles > 1) {
					fputs("# ", stdout);
					put_name(stdout, session_path(l[i]));
					fputc('\n', stdout);
				}
				export_outline_tsv(stdout, session_doc(l[i]), session_outline(l[i]));
				break;
			case FMT_TEXT:
				if (nfiles > 1) {
					fputs(i ? "\n" : "", stdout);
					put_name(stdout, session_path(l[i]));
					fputc('\n', stdout);
				}
				export_outline_text(stdout, session_doc(l[i]), session_outline(l[i]));
				break;
			case FMT_JSON:
				if (i)
					fputc(',', stdout);
				export_outline_json(stdout, session_doc(l[i]), session_outline(l[i]),
				                    session_path(l[i]));
				break;
			}
		}
		if (fmt == FMT_JSON)
			fputs(nfiles > 1 ? "]\n" : "\n", stdout);
		r = finish_output();
	}
	free_all(nfiles, l);
	return r;
}

static int cmd_text(int argc, char **argv, struct context *ctx)
{
	enum format fmt = FMT_TEXT;
	struct session_options opt = { 0 };
	int r = parse_options(argc, argv, ctx, false, &fmt, &opt);
	if (r >= 0)
		return r;
	if (argc - optind != 1)
		return usage_error("text needs one FILE", NULL, "text");
	session **l = calloc(1, sizeof(*l));
	if (!l)
		return EXIT_RUNTIME;
	r = load_all(1, argv + optind, &opt, false, l);
	if (r == EXIT_OK) {
		size_t n;
		const char *t = session_text(l[0], &n);
		/* to a terminal, the text cannot drive it (to a file or a pipe it is the text) */
		if (n && isatty(STDOUT_FILENO))
			sanitize_write(stdout, t, n, "\n\t");
		else if (n)
			fwrite(t, 1, n, stdout);
		if (n && t[n - 1] != '\n')
			fputc('\n', stdout);
		r = finish_output();
	}
	free_all(1, l);
	return r;
}

/* ---- pizhu tags ---- */

/* Says why there is no database path (store_path's PZ_NOENT, with what it wrote in
 * path): HOME is not there, or nothing says where it is. */
static void say_no_database(const char *path)
{
	if (*path)
		pz_message(stderr, "pizhu: no database: the home directory '%s' does not exist; "
		                   "set PIZHU_DB or XDG_DATA_HOME, or give --db\n", path);
	else
		pz_message(stderr, "pizhu: no database: set HOME, PIZHU_DB or --db\n");
}

/* Opens the database as the command's entry says (ctx->st; NULL for STORE_IF_THERE
 * when there is none). Returns an exit code; the message is printed here. */
static int use_store(struct context *ctx)
{
	char path[PATH_MAX], detail[256], why[384];
	bool existing = ctx->cmd->store == STORE_IF_THERE;
	if (ctx->st)
		return EXIT_OK;
	enum pz_status s = store_path(ctx->db, path, sizeof(path));
	if (s != PZ_OK && existing)
		return EXIT_OK;
	if (s != PZ_OK) {
		if (s == PZ_NOENT)
			say_no_database(path);
		else
			pz_message(stderr, "pizhu: no database: set HOME, PIZHU_DB or --db\n");
		return EXIT_RUNTIME;
	}
	s = existing ? store_open_existing(path, &ctx->st, detail, sizeof(detail))
	             : store_open(path, &ctx->st, detail, sizeof(detail));
	if (s == PZ_NOENT && existing)
		return EXIT_OK;
	if (s != PZ_OK) {
		ctx->st = NULL;
		pz_message(stderr, "pizhu: cannot open database '%s': %s\n", path,
		        pz_explain(s, detail, why, sizeof(why)));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

static int store_failed(const char *what, enum pz_status s)
{
	pz_message(stderr, "pizhu: cannot %s: %s\n", _(what), pz_strerror(s)); /* store_failed:1 */
	return EXIT_RUNTIME;
}

/* The reviewer (config_author): given (--author), else $PIZHU_AUTHOR, else the
 * config's name, else the login name. Borrowed, valid until the next call. */
static const char *reviewer(const char *given)
{
	static char who[256];
	struct config cfg = {0};
	struct pz_errors errs = {0};
	if (!given || !*given)
		config_read(&cfg, &errs);
	pz_errors_release(&errs);
	config_author(&cfg, given, who, sizeof(who));
	return who;
}

struct tags_cmd {
	struct context *ctx;
	const char *type, *from, *to, *note, *due, *owner;
	const char *author;   /* listing: only these tags; changing: who changes */
	int done;             /* tags edit: 1 --done, 0 --open, -1 neither */
	enum format fmt;
	struct session_options opt;
};

static int parse_pos(const char *s, struct doc_pos *p)
{
	char *end;
	errno = 0;
	unsigned long l = strtoul(s, &end, 10);
	if (end == s || *end != ':' || errno)
		return -1;
	const char *c = end + 1;
	unsigned long col = strtoul(c, &end, 10);
	if (end == c || *end || errno || !l || !col || *s == '-' || *c == '-')
		return -1;
	p->line = l;
	p->col = col;
	return 0;
}

/* A file and its document's tags, for one command (the database is the context's). */
struct tags_session {
	store *st;
	session *s;
};

static void tags_session_close(struct tags_session *t)
{
	session_close(t->s);
}

/* Loads FILE with its outline, finds its document (creating it when create) and
 * anchors its tags. Without create nothing is written (listing and exporting only
 * read, and need no write lock). */
static int open_tags(const char *file, struct tags_cmd *c, bool create, struct tags_session *t)
{
	int r = load_all(1, (char **)&file, &c->opt, true, &t->s);
	if (r != EXIT_OK)
		return r;
	if (!session_abspath(t->s)) {
		pz_message(stderr, "pizhu: cannot resolve '%s'\n", file);
		return EXIT_RUNTIME;
	}
	if ((r = use_store(c->ctx)) != EXIT_OK)
		return r;
	t->st = c->ctx->st;
	enum pz_status s = session_identify(t->s, t->st, create);
	if (s == PZ_OK && !session_document(t->s) && create)
		s = session_record(t->s, "");
	if (s != PZ_OK)
		return store_failed("read the library", s);
	s = session_load_tags(t->s, create); /* never tagged: no tags to list */
	return s == PZ_OK ? EXIT_OK : store_failed("load the tags", s);
}

static int tags_list(const char *file, struct tags_cmd *c)
{
	struct tags_session t = {0};
	int r = open_tags(file, c, false, &t);
	if (r == EXIT_OK) {
		tagset *ts = session_tags(t.s);
		if (c->fmt == FMT_JSON)
			listing_write_json_by(stdout, ts, session_doc(t.s), session_abspath(t.s),
			                      c->author);
		else if (ts)
			listing_write_tsv_by(stdout, ts, session_doc(t.s), c->author);
		r = finish_output();
	}
	tags_session_close(&t);
	return r;
}

/* The built-in tag types and the config's. */
static void known_types(struct tagtypes *types)
{
	struct config cfg = {0};
	struct pz_errors errs = {0};
	config_read(&cfg, &errs);
	pz_errors_release(&errs);
	config_tagtypes(&cfg, types);
}

/* FILE opened for tags (open_tags) and the passage from..to of its text (c->from and
 * c->to, as given) as byte offsets *a < *b: EXIT_USAGE when the text has none there. */
static int open_passage(const char *file, struct tags_cmd *c, struct doc_pos from,
                        struct doc_pos to, struct tags_session *t, size_t *a, size_t *b)
{
	int r = open_tags(file, c, true, t);
	if (r == EXIT_OK && (doc_offset_of(session_doc(t->s), from, a) != PZ_OK ||
	                     doc_offset_of(session_doc(t->s), to, b) != PZ_OK || *b <= *a)) {
		pz_message(stderr, "pizhu: '%s' has no text from %s to %s\n", file, c->from, c->to);
		r = EXIT_USAGE;
	}
	return r;
}

static int tags_add(const char *file, struct tags_cmd *c)
{
	struct tagtypes types;
	known_types(&types);
	if (!c->type)
		return usage_error("tags add needs --type", NULL, "tags");
	if (!tagtypes_find(&types, c->type))
		return usage_error("unknown tag type", c->type, "tags");
	struct doc_pos from, to;
	if (!c->from || parse_pos(c->from, &from))
		return usage_error("tags add needs --from=LINE:COL, not", c->from ? c->from : "", "tags");
	if (!c->to || parse_pos(c->to, &to))
		return usage_error("tags add needs --to=LINE:COL, not", c->to ? c->to : "", "tags");
	if (c->due && !tags_valid_date(c->due))
		return usage_error("--due needs a date YYYY-MM-DD, not", c->due, "tags");
	struct tags_session t = {0};
	size_t a, b;
	int r = open_passage(file, c, from, to, &t, &a, &b);
	if (r == EXIT_OK) {
		char uuid[STORE_UUID_LEN + 1];
		const struct tagtype *type = tagtypes_find(&types, c->type);
		enum pz_status s = tagset_add(session_tags(t.s), type->name, a, b, c->note, c->due,
		                              c->owner, uuid);
		if (s != PZ_OK)
			r = store_failed("add the tag", s);
		else {
			printf("%s\n", uuid);
			r = finish_output();
		}
	}
	tags_session_close(&t);
	return r;
}

static int tags_rm(int n, char **ids, struct tags_cmd *c)
{
	int r = use_store(c->ctx);
	store *st = c->ctx->st;
	if (r == EXIT_OK)
		store_set_author(st, c->opt.author);
	for (int i = 0; r == EXIT_OK && i < n; i++) {
		struct store_annot a;
		enum pz_status s = store_annot_find(st, ids[i], &a);
		if (s == PZ_NOENT || s == PZ_AMBIGUOUS) {
			pz_message(stderr, "pizhu: %s tag '%s'\n", s == PZ_NOENT ? _("no") : _("more than one"),
			        ids[i]);
			r = EXIT_RUNTIME;
			break;
		}
		if (s == PZ_OK) {
			s = store_annot_delete(st, a.uuid);
			store_annot_release(&a);
		}
		if (s != PZ_OK)
			r = store_failed("delete the tag", s);
	}
	return r;
}

/* The live tag id (or a unique prefix) names into *a (owned); an exit code, said. */
static int find_tag(store *st, const char *id, struct store_annot *a)
{
	enum pz_status s = store_annot_find(st, id, a);
	if (s == PZ_NOENT || s == PZ_AMBIGUOUS) {
		pz_message(stderr, "pizhu: %s tag '%s'\n", s == PZ_NOENT ? _("no") : _("more than one"),
		           id);
		return EXIT_RUNTIME;
	}
	return s == PZ_OK ? EXIT_OK : store_failed("read the tag", s);
}

/* The store opened for a change of this reviewer's (--author, else $PIZHU_AUTHOR...) to
 * the tag id names, read into *a (owned): an exit code, said. */
static int tag_to_change(struct tags_cmd *c, const char *id, struct store_annot *a)
{
	int r = use_store(c->ctx);
	if (r != EXIT_OK)
		return r;
	store_set_author(c->ctx->st, c->opt.author);
	return find_tag(c->ctx->st, id, a);
}

/* pizhu tags edit ID [--note=] [--due=] [--owner=] [--done|--open] [--type=]: what the
 * reader's tag keys do, as one undoable change of this reviewer's. */
static int tags_edit(const char *id, struct tags_cmd *c)
{
	struct tagtypes types;
	known_types(&types);
	const struct tagtype *type = NULL;
	if (c->type && !(type = tagtypes_find(&types, c->type)))
		return usage_error("unknown tag type", c->type, "tags");
	if (c->due && !tags_valid_date(c->due))
		return usage_error("--due needs a date YYYY-MM-DD, not", c->due, "tags");
	if (!c->type && !c->note && !c->due && !c->owner && c->done < 0)
		return usage_error("tags edit needs --note, --due, --owner, --done, --open or --type",
		                   NULL, "tags");
	struct store_annot a;
	int r = tag_to_change(c, id, &a);
	if (r != EXIT_OK)
		return r;
	store *st = c->ctx->st;
	struct store_annot e = a; /* borrows a's strings, but for those given */
	if (type)
		e.type = (char *)type->name;
	if (c->note)
		e.note = (char *)c->note;
	if (c->due)
		e.due = (char *)c->due;
	if (c->owner)
		e.owner = (char *)c->owner;
	if (c->done >= 0)
		e.done = c->done;
	enum pz_status s = store_annot_update(st, &e);
	store_annot_release(&a);
	return s == PZ_OK ? EXIT_OK : store_failed("change the tag", s);
}

/* pizhu tags move --from=LINE:COL --to=LINE:COL ID FILE: the tag re-marked on other
 * text of FILE, as the reader's attach does (one undoable change of this reviewer's;
 * the new passage travels by sync and tags import). */
static int tags_move(const char *id, const char *file, struct tags_cmd *c)
{
	struct doc_pos from, to;
	if (!c->from || parse_pos(c->from, &from))
		return usage_error("tags move needs --from=LINE:COL, not", c->from ? c->from : "", "tags");
	if (!c->to || parse_pos(c->to, &to))
		return usage_error("tags move needs --to=LINE:COL, not", c->to ? c->to : "", "tags");
	struct tags_session t = {0};
	size_t a, b;
	int r = open_passage(file, c, from, to, &t, &a, &b);
	struct store_annot e;
	if (r == EXIT_OK) {
		store_set_author(t.st, c->opt.author);
		r = find_tag(t.st, id, &e);
	}
	if (r == EXIT_OK) {
		enum pz_status s = tagset_attach(session_tags(t.s), e.uuid, a, b);
		store_annot_release(&e);
		if (s == PZ_NOENT) {
			pz_message(stderr, "pizhu: no tag '%s' in '%s'\n", id, file);
			r = EXIT_RUNTIME;
		} else if (s != PZ_OK) {
			r = store_failed("move the tag", s);
		}
	}
	tags_session_close(&t);
	return r;
}

/* pizhu tags resolve ID --take=mine|theirs|VALUE [--field=F]: a dispute settled. */
static int tags_resolve(const char *id, const char *take, const char *field, struct tags_cmd *c)
{
	if (!take)
		return usage_error("tags resolve needs --take=mine, --take=theirs or --take=VALUE", NULL,
		                   "tags");
	if (field && strcmp(field, "note") && strcmp(field, "due") && strcmp(field, "owner") &&
	    strcmp(field, "done") && strcmp(field, "place"))
		return usage_error("--field is note, due, owner, done or place, not", field, "tags");
	struct store_annot a;
	int r = tag_to_change(c, id, &a);
	if (r != EXIT_OK)
		return r;
	store *st = c->ctx->st;
	enum store_take how = !strcmp(take, "mine") ? STORE_TAKE_MINE
	                    : !strcmp(take, "theirs") ? STORE_TAKE_THEIRS : STORE_TAKE_VALUE;
	enum pz_status s = store_resolve(st, a.uuid, field, how, take);
	store_annot_release(&a);
	if (s == PZ_NOENT) {
		pz_message(stderr, "pizhu: tag '%s' has nothing in dispute%s%s\n", id,
		           field ? " in " : "", field ? field : "");
		return EXIT_RUNTIME;
	}
	if (s == PZ_AMBIGUOUS)
		return usage_error("several fields are in dispute: say which with --field, for", take,
		                   "tags");
	if (s == PZ_SYNTAX)
		return usage_error("the field cannot take", take, "tags");
	return s == PZ_OK ? EXIT_OK : store_failed("resolve the dispute", s);
}

/* pizhu tags reply ID TEXT: a reply of this reviewer's in the tag's discussion. */
static int tags_reply(const char *id, const char *text, struct tags_cmd *c)
{
	if (!*text)
		return usage_error("tags reply needs a text", NULL, "tags");
	struct store_annot a;
	int r = tag_to_change(c, id, &a);
	if (r != EXIT_OK)
		return r;
	store *st = c->ctx->st;
	enum pz_status s = store_reply_add(st, a.uuid, text, NULL);
	store_annot_release(&a);
	return s == PZ_OK ? EXIT_OK : store_failed("reply", s);
}

static int tags_import(int n, char **args, struct tags_cmd *c)
{
	const char *listing = args[0];
	size_t len;
	char *json = NULL;
	enum pz_status rs = doc_read_file(listing, LISTING_MAX_BYTES, &json, &len);
	if (rs != PZ_OK) {
		pz_message(stderr, "pizhu: cannot read '%s': %s", listing, pz_strerror(rs));
		if (rs == PZ_TOOBIG)
			pz_message(stderr, " (a listing may be up to %zu MiB)", LISTING_MAX_BYTES >> 20);
		fputc('\n', stderr);
		return EXIT_RUNTIME;
	}
	struct listing l;
	char detail[256];
	enum pz_status ls = listing_read(json, len, &l, detail, sizeof(detail));
	free(json);
	if (ls == PZ_DBNEWER || ls == PZ_SYNTAX) { /* refused before any database is opened:
		                                          * nothing written */
		pz_message(stderr, "pizhu: cannot import '%s': %s\n", listing, detail);
		listing_release(&l);
		return EXIT_RUNTIME;
	}
	if (ls != PZ_OK) {
		listing_release(&l);
		return store_failed("read the listing", ls);
	}
	/* the file it belongs to: the one given, else the one the listing names */
	const char *file = n > 1 ? args[1] : l.file;
	if (!file) {
		listing_release(&l);
		return usage_error("the listing names no file; give it as", "pizhu tags import LISTING FILE", "tags");
	}
	struct tags_session t = {0};
	int r = open_tags(file, c, true, &t);
	if (r == EXIT_OK) {
		size_t tlen;
		struct store_merge_counts mc;
		session_text(t.s, &tlen);
		int64_t chars = (int64_t)doc_char_index(session_doc(t.s), tlen);
		enum pz_status s = listing_merge(t.st, session_document(t.s), chars, &l, &mc, detail,
		                                 sizeof(detail));
		/* the listing's tags found again in this text: those that are not, orphaned */
		size_t orphaned = 0;
		if (s == PZ_OK && (s = session_load_tags(t.s, true)) == PZ_OK)
			for (size_t i = 0; i < l.n; i++) {
				size_t k = tagset_find(session_tags(t.s), l.v[i].uuid);
				orphaned += k != SIZE_MAX &&
				            tagset_at(session_tags(t.s), k)->a.anchor == STORE_ORPHANED;
			}
		if (s == PZ_SYNTAX) {
			pz_message(stderr, "pizhu: cannot import '%s': %s\n", listing, detail);
			r = EXIT_RUNTIME;
		} else if (s != PZ_OK) {
			r = store_failed("import", s);
		} else {
			printf(_("%zu added, %zu updated, %zu disputed, %zu unchanged, %zu deleted, %zu orphaned\n"),
			       mc.added, mc.updated, mc.disputed, mc.unchanged, mc.deleted, orphaned);
			r = finish_output();
		}
	}
	listing_release(&l);
	tags_session_close(&t);
	return r;
}

static int cmd_tags(int argc, char **argv, struct context *ctx)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "db", required_argument, NULL, 'd' },
		{ "type", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "note", required_argument, NULL, 'n' },
		{ "due", required_argument, NULL, 'u' },
		{ "owner", required_argument, NULL, 'o' },
		{ "author", required_argument, NULL, 'A' },
		{ "done", no_argument, NULL, 'D' },
		{ "open", no_argument, NULL, 'O' },
		{ "take", required_argument, NULL, 'K' },
		{ "field", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tags_cmd c = { .ctx = ctx, .fmt = FMT_TSV, .done = -1 };
	static const char *const subs[] = { "add", "rm", "import", "edit", "reply", "resolve",
	                                      "move" };
	const char *take = NULL, *field = NULL;
	const char *sub = NULL;
	for (size_t i = 0; argc > 1 && i < sizeof(subs) / sizeof(*subs); i++)
		if (!strcmp(argv[1], subs[i]))
			sub = subs[i];
	if (sub) {
		argc--;
		argv++;
	}
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (sub)
				return usage_error("--format is for listing, not for", sub, "tags");
			if (!strcmp(optarg, "tsv"))
				c.fmt = FMT_TSV;
			else if (!strcmp(optarg, "json"))
				c.fmt = FMT_JSON;
			else
				return usage_error("unknown format", optarg, "tags");
			break;
		case 'e': c.opt.encoding = optarg; break;
		case 'd': ctx->db = optarg; break;
		case 't': c.type = optarg; break;
		case 'F': c.from = optarg; break;
		case 'T': c.to = optarg; break;
		case 'n': c.note = optarg; break;
		case 'u': c.due = optarg; break;
		case 'o': c.owner = optarg; break;
		case 'A':
			if (!config_valid_author(optarg, strlen(optarg)))
				return usage_error("--author needs a name, not", optarg, "tags");
			c.author = optarg;
			break;
		case 'D':
		case 'O':
			if (c.done >= 0 && c.done != (ch == 'D'))
				return usage_error("--done and --open exclude each other", NULL, "tags");
			c.done = ch == 'D';
			break;
		case 'K': take = optarg; break;
		case 'L': field = optarg; break;
		case 'h':
			return print_usage(ctx);
		default:
			return usage_error("unknown option", argv[optind - 1], "tags");
		}
		if (strchr("KL", ch) && (!sub || strcmp(sub, "resolve")))
			return usage_error("only 'tags resolve' takes", argv[optind - 1], "tags");
		bool edit = sub && !strcmp(sub, "edit");
		if (strchr("FT", ch) && (!sub || (strcmp(sub, "add") && strcmp(sub, "move"))))
			return usage_error("only 'tags add' and 'tags move' take", argv[optind - 1], "tags");
		if (strchr("tnuo", ch) && (!sub || (strcmp(sub, "add") && !edit)))
			return usage_error("only 'tags add' and 'tags edit' take", argv[optind - 1], "tags");
		if (strchr("DO", ch) && !edit)
			return usage_error("only 'tags edit' takes", argv[optind - 1], "tags");
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	/* listing, --author picks the tags; changing, it says who changes */
	c.opt.author = reviewer(sub ? c.author : NULL);
	if (!sub) {
		if (nargs != 1)
			return usage_error("tags needs one FILE", NULL, "tags");
		return tags_list(args[0], &c);
	}
	if (!strcmp(sub, "add")) {
		if (nargs != 1)
			return usage_error("tags add needs one FILE", NULL, "tags");
		return tags_add(args[0], &c);
	}
	if (!strcmp(sub, "edit")) {
		if (nargs != 1)
			return usage_error("tags edit needs one ID", NULL, "tags");
		return tags_edit(args[0], &c);
	}
	if (!strcmp(sub, "move")) {
		if (nargs != 2)
			return usage_error("tags move needs an ID and a FILE", NULL, "tags");
		return tags_move(args[0], args[1], &c);
	}
	if (!strcmp(sub, "resolve")) {
		if (nargs != 1)
			return usage_error("tags resolve needs one ID", NULL, "tags");
		return tags_resolve(args[0], take, field, &c);
	}
	if (!strcmp(sub, "reply")) {
		if (nargs != 2)
			return usage_error("tags reply needs an ID and a TEXT", NULL, "tags");
		return tags_reply(args[0], args[1], &c);
	}
	if (!strcmp(sub, "rm")) {
		if (nargs < 1)
			return usage_error("tags rm needs an ID", NULL, "tags");
		return tags_rm(nargs, args, &c);
	}
	if (nargs < 1 || nargs > 2)
		return usage_error("tags import needs LISTING.json and at most one FILE", NULL, "tags");
	return tags_import(nargs, args, &c);
}

/* ---- pizhu export: the task breakdown table ---- */

static const char usage_suggest[] =
	N_("usage: pizhu suggest [--format=tsv|json] [--date=YYYY-MM-DD] [--encoding=NAME]\n"
	"                     [--threads=N] [--rejected] [--db FILE] FILE\n"
	"\n"
	"Finds what a speech asks for, one suggestion a line:\n"
	"  type line col end_line end_col text value\n"
	"type is deadline (年底前, 9月中旬前, 每月至少一次), target (达到80%以上, 过5万元),\n"
	"task (a sentence that commits someone: 要…, 必须…, 确保…) or owner (市委组织部要…);\n"
	"the end is exclusive. value is, for a deadline, the last day it allows\n"
	"(YYYY-MM-DD, counted from the speech's date line, else from --date, else with the\n"
	"year XXXX), a recurrence (R/P1M) or unfilled (X月中旬); for a target, >=80% >5万元\n"
	"+10% <=3% =100% x2; for a task, the word that commits; for an owner, the units.\n"
	"In the reader the same suggestions are drawn dim: a a accepts one, X turns it\n"
	"down (U undoes that, B lists them to bring one back); those turned down are\n"
	"left out here too (read from the database when it exists and knows FILE).\n"
	"--rejected lists only the suggestions turned down, in the same columns.\n"
	"--threads=N shares a long file's paragraphs among N threads (1 to 8; the default\n"
	"is one per processor for a file over 1 MiB); the result is the same.\n");

static const char usage_export[] =
	N_("usage: pizhu export [--format=csv|md|json|org|ics|xlsx] [--types=TYPE,...]\n"
	"                    [-o FILE] [--bom|--no-bom] [--db FILE] [--encoding=NAME] FILE\n"
	"\n"
	"Writes FILE's task breakdown table (任务分解表): one row per task, in text order,\n"
	"with the columns 序号 任务 牵头单位 配合单位 完成时限 目标 章节 位置 状态 批注 来源.\n"
	"A task's owner and due date are its own when set, else the owner, deadline and\n"
	"target tags of its sentence (and of the note after it: 牵头单位：…；配合单位：…),\n"
	"else of its point; an owner that cooperates (配合单位：, …配合) goes to 配合单位.\n"
	"章节 is the path of headings with their titles; 位置 reads 第24行第3字; 来源 says\n"
	"whether the task was accepted from a suggestion (建议) or tagged (标注), as the\n"
	"database recorded it when the tag was made (未记录 for tags older than that).\n"
	"\n"
	"  --format=csv    RFC 4180, CRLF, UTF-8 (default)\n"
	"  --format=md     the title, its date and file, then a Markdown table\n"
	"  --format=json   every field, with W3C Web Annotation text selectors\n"
	"  --format=org    a TODO headline per task, DEADLINE and properties\n"
	"  --format=ics    an iCalendar VTODO per task that has a due date\n"
	"  --format=xlsx   a spreadsheet: the title block, the table under a frozen header\n"
	"                  with dates as dates, and a sheet of the tags that are not tasks\n"
	"  --types=TYPE,.. the tag types that make rows (default task)\n"
	"  -o FILE         write FILE (replaced whole, never left half-written)\n"
	"  --bom           start a csv with a UTF-8 BOM (the default with -o FILE, which is\n"
	"                  for spreadsheet programs)\n"
	"  --no-bom        no BOM, also with -o FILE (for programs)\n"
	"\n"
	"Says on stderr how many rows it wrote and what it left out and why: orphaned\n"
	"tasks (not found in the text), for ics tasks with no due date, and for csv, org\n"
	"and ics the notes on sentences without a task (md, json and xlsx keep them).\n");

struct export_cmd {
	struct tags_cmd tags;          /* --db, --encoding */
	enum export_format fmt;
	const char *out;               /* -o FILE, or NULL for stdout */
	int bom;                       /* --bom 1, --no-bom 0, else -1: with -o FILE */
	char types[TAGTYPE_MAX][24];   /* the row types, as the type table names them */
	const char *typev[TAGTYPE_MAX];
	size_t ntypes;
};

/* --types=TYPE,...: known types, each once. Returns -1 when fine, else an exit code. */
static int export_types(struct export_cmd *c, const char *list)
{
	struct tagtypes known;
	known_types(&known);
	c->ntypes = 0;
	for (const char *p = list;; p++) {
		const char *q = p + strcspn(p, ",");
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)(q - p), p);
		const struct tagtype *t = (size_t)(q - p) < sizeof(name) ? tagtypes_find(&known, name) : NULL;
		if (!t)
			return usage_error("unknown tag type", name, "export");
		bool seen = false;
		for (size_t i = 0; i < c->ntypes; i++)
			seen |= !strcmp(c->types[i], t->name);
		if (!seen && c->ntypes < TAGTYPE_MAX) {
			snprintf(c->types[c->ntypes], sizeof(c->types[0]), "%s", t->name);
			c->typev[c->ntypes] = c->types[c->ntypes];
			c->ntypes++;
		}
		if (!*q)
			return -1;
		p = q;
	}
}

/* An ics with no dated task: nothing written (a calendar needs a component), and why. */
static int export_empty(const struct export_cmd *c, const struct export_stats *s)
{
	if (c->out)
		pz_message(stderr, "pizhu: nothing written to '%s': ", c->out);
	else
		fputs(_("pizhu: nothing written: "), stderr);
	if (s->undated)
		pz_message(stderr, "an ics holds dated tasks only, and none of the %zu has a date "
		        "(@ sets one in the reader's default keymap, or pizhu tags add --due)\n", s->undated);
	else
		fputs(_("the file has no tasks (tag one with a r in the reader's default keymap, or pizhu tags add)\n"), stderr);
	return EXIT_RUNTIME;
}

/* Writes b to path atomically: a temporary file beside it, synced, then renamed over
 * it, so that a failed export leaves the old file (or none), never half a new one. */
static int export_to_file(const char *path, const struct breakdown *b, struct export_cmd *c,
                          const struct export_options *opt, struct export_stats *stats)
{
	int err = 0;
	enum pz_status s = export_breakdown_file(path, b, c->fmt, opt, stats, &err);
	if (s == PZ_EMPTY)
		return export_empty(c, stats);
	if (s != PZ_OK) {
		pz_message(stderr, "pizhu: cannot write '%s': %s\n", path,
		        s == PZ_IO && err ? strerror(err) : pz_strerror(s));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* "left out 3: 2 orphaned, 1 with no date" after the count of rows, on stderr. */
static void export_summary(const struct export_cmd *c, const struct export_stats *s)
{
	char left[256];
	pz_messagen(stderr, s->written, "pizhu: %zu row written", "pizhu: %zu rows written", s->written);
	if (c->out)
		pz_message(stderr, " to %s", c->out);
	export_left_out(s, c->fmt, left, sizeof(left));
	if (*left) {
		fputs(left, stderr);
	} else if (!s->written) {
		fputs(_(": the file has no "), stderr);
		if (c->ntypes == 1 && tagtype_builtin(c->typev[0]) == TAGTYPE_TASK)
			fputs(_("tasks"), stderr);
		else
			for (size_t i = 0; i < c->ntypes; i++)
				pz_message(stderr, i ? N_(" or %s") : N_("tags of type %s"), c->typev[i]);
		fputs(_(" (tag one with a r in the reader's default keymap, or pizhu tags add)"), stderr);
	}
	fputc('\n', stderr);
}

static int cmd_export(int argc, char **argv, struct context *ctx)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "types", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "bom", no_argument, NULL, 'b' },
		{ "no-bom", no_argument, NULL, 'n' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_cmd c = { .tags = { .ctx = ctx }, .fmt = EXPORT_CSV, .bom = -1, .ntypes = 1 };
	strcpy(c.types[0], tagtype_name(TAGTYPE_TASK));
	c.typev[0] = c.types[0];
	int ch, r;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (!export_format_parse(optarg, &c.fmt))
				return usage_error("unknown format", optarg, "export");
			break;
		case 't':
			if ((r = export_types(&c, optarg)) >= 0)
				return r;
			break;
		case 'o':
			if (!*optarg)
				return usage_error("-o needs a FILE", NULL, "export");
			c.out = optarg;
			break;
		case 'b': c.bom = 1; break;
		case 'n': c.bom = 0; break;
		case 'e': c.tags.opt.encoding = optarg; break;
		case 'd': ctx->db = optarg; break;
		case 'h':
			return print_usage(ctx);
		default:
			return usage_error(optopt == 'o' ? "-o needs a FILE" : "unknown option",
			                   optopt == 'o' ? NULL : argv[optind - 1], "export");
		}
	}
	if (argc - optind != 1)
		return usage_error("export needs one FILE", NULL, "export");
	if (c.fmt == EXPORT_XLSX && !c.out && isatty(STDOUT_FILENO)) {
		fputs(_("pizhu: an xlsx is a binary file: write it with -o FILE.xlsx, or redirect\n"),
		      stderr);
		return EXIT_USAGE;
	}
	const char *file = argv[optind];
	struct tags_session t = {0};
	r = open_tags(file, &c.tags, false, &t);
	struct breakdown *b = NULL;
	if (r == EXIT_OK) {
		/* with its title block, and which tasks were accepted from suggestions */
		enum pz_status s = session_breakdown(t.s, c.typev, c.ntypes, export_clock(), &b);
		if (s != PZ_OK)
			r = store_failed("build the breakdown", s);
	}
	struct stat in, out;
	if (r == EXIT_OK && c.out && stat(c.out, &out) == 0 && stat(session_abspath(t.s), &in) == 0 &&
	    in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
		pz_message(stderr, "pizhu: '%s' is the speech itself; not overwriting it\n", c.out);
		r = EXIT_RUNTIME;
	}
	if (r == EXIT_OK) {
		struct export_options opt = { .bom = c.bom < 0 ? c.out != NULL : c.bom == 1,
		                              .source = session_abspath(t.s) };
		struct export_stats stats = {0};
		if (c.out) {
			r = export_to_file(c.out, b, &c, &opt, &stats);
		} else {
			enum pz_status s = export_breakdown(stdout, b, c.fmt, &opt, &stats);
			r = s == PZ_EMPTY ? export_empty(&c, &stats)
			  : s != PZ_OK    ? store_failed("write the breakdown", s)
			                  : finish_output();
		}
		if (r == EXIT_OK)
			export_summary(&c, &stats);
	}
	breakdown_free(b);
	tags_session_close(&t);
	return r;
}

/* ---- pizhu accept ---- */

static const char usage_accept[] =
	N_("usage: pizhu accept [--types=TYPE,...] [--section=PATH] [--lines=A-B] [--db FILE]\n"
	"                    [--encoding=NAME] FILE\n"
	"\n"
	"Turns FILE's suggestions (see pizhu suggest) into tags, as the reader's A does: a\n"
	"deadline with its date, an owner with its units, a task with the owner and the\n"
	"deadline that bind it (in its sentence or its note, else the one that frames it),\n"
	"its cooperating units as owner tags beside it. Suggestions turned down in the\n"
	"reader stay down; those a tag already covers are not made twice.\n"
	"\n"
	"  --types=TYPE,..  only these (task, target, deadline, owner)\n"
	"  --section=PATH   only in this section and those it holds (as pizhu tags lists\n"
	"                   it: 三、（二）)\n"
	"  --lines=A-B      only those starting on lines A to B (A- and -B too)\n"
	"\n"
	"Says on stderr how many of each it made, and the lead owners, cooperating owner\n"
	"tags and due dates the tasks took with them.\n");

/* Whether suggestion type t is among the --types list (NULL: all). */
static bool accept_type(const char *list, enum detect_type t)
{
	if (!list)
		return true;
	const char *name = detect_type_name(t);
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, ",");
		if (k == n && !strncmp(p, name, n))
			return true;
		p += k + (p[k] == ',');
	}
	return false;
}

static int cmd_accept(int argc, char **argv, struct context *ctx)
{
	static const struct option longopts[] = {
		{ "types", required_argument, NULL, 't' },
		{ "section", required_argument, NULL, 's' },
		{ "lines", required_argument, NULL, 'l' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tags_cmd tc = { .ctx = ctx, .opt.author = reviewer(NULL) };
	const char *types = NULL, *section = NULL;
	size_t first = 1, last = SIZE_MAX;
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 't':
			if (!*optarg)
				return usage_error("--types takes task, target, deadline, owner; not",
				                   optarg, "accept");
			for (const char *p = optarg; *p;) {
				size_t k = strcspn(p, ",");
				bool known = false;
				for (int i = 0; i < DETECT_TYPES && !known; i++)
					known = k == strlen(detect_type_name((enum detect_type)i)) &&
					        !strncmp(p, detect_type_name((enum detect_type)i), k);
				if (!known)
					return usage_error("--types takes task, target, deadline, owner; not",
					                   optarg, "accept");
				p += k + (p[k] == ',');
			}
			types = optarg;
			break;
		case 's':
			section = optarg;
			break;
		case 'l': {
			char *end;
			const char *p = optarg;
			first = 1;
			last = SIZE_MAX;
			if (*p != '-') {
				first = strtoul(p, &end, 10);
				p = end;
			}
			if (*p == '-' && p[1]) {
				last = strtoul(p + 1, &end, 10);
				p = end;
			} else if (*p == '-') {
				p++;
			} else {
				last = first;
			}
			if (*p || !first || last < first)
				return usage_error("--lines needs A-B (lines from 1), not", optarg, "accept");
			break;
		}
		case 'e': tc.opt.encoding = optarg; break;
		case 'd': ctx->db = optarg; break;
		case 'h':
			return print_usage(ctx);
		default:
			return usage_error("unknown option", argv[optind - 1], "accept");
		}
	}
	if (argc - optind != 1)
		return usage_error("accept needs one FILE", NULL, "accept");
	struct tags_session t = {0};
	int r = open_tags(argv[optind], &tc, true, &t);
	enum pz_status s = PZ_OK;
	if (r == EXIT_OK && (s = session_find_suggestions(t.s)) != PZ_OK) {
		pz_message(stderr, "pizhu: cannot find suggestions: %s\n", pz_strerror(s));
		r = EXIT_RUNTIME;
	}
	struct session_accepted made = { 0 };
	size_t n = 0;
	if (r == EXIT_OK) {
		suggestions *sg = session_suggestions(t.s);
		const struct detect_item *v = suggestions_items(sg, &n);
		const doc *d = session_doc(t.s);
		struct doc_cursor cur = { 0 };
		size_t sl = section ? strlen(section) : 0;
		for (size_t i = 0; i < n && s == PZ_OK; i++) {
			/* hidden: turned down, or covered by a tag (one accepted just now too) */
			if (suggestions_hidden(sg, i) || !accept_type(types, v[i].type))
				continue;
			size_t line = doc_pos_walk(d, &cur, v[i].start).line;
			if (line < first || line > last)
				continue;
			if (section) {
				char path[512];
				session_section_path(t.s, v[i].start, path, sizeof(path));
				if (strncmp(path, section, sl))
					continue;
			}
			s = session_accept_counted(t.s, i, NULL, &made);
		}
		if (s != PZ_OK)
			r = store_failed("accept the suggestions", s);
	}
	if (r == EXIT_OK) {
		char line[512];
		pz_message(stderr, "pizhu: %s\n", session_accepted_describe(&made, line, sizeof(line)));
	}
	tags_session_close(&t);
	return r;
}

/* ---- pizhu suggest ---- */

static int cmd_suggest(int argc, char **argv, struct context *ctx)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "date", required_argument, NULL, 't' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "threads", required_argument, NULL, 'j' },
		{ "rejected", no_argument, NULL, 'r' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum format fmt = FMT_TSV;
	bool rejected = false;
	struct session_options opt = { 0 };
	struct detect_options *dopt = &opt.detect;
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (!strcmp(optarg, "tsv"))
				fmt = FMT_TSV;
			else if (!strcmp(optarg, "json"))
				fmt = FMT_JSON;
			else
				return usage_error("unknown format", optarg, "suggest");
			break;
		case 't':
			if (!date_parse_iso(optarg, &dopt->date))
				return usage_error("--date needs a date YYYY-MM-DD, not", optarg, "suggest");
			break;
		case 'e':
			opt.encoding = optarg;
			break;
		case 'j':
			if (strlen(optarg) != 1 || optarg[0] < '1' || optarg[0] > '8')
				return usage_error("--threads needs a number from 1 to 8, not", optarg,
				                   "suggest");
			dopt->threads = (unsigned)(optarg[0] - '0');
			break;
		case 'r':
			rejected = true;
			break;
		case 'd':
			ctx->db = optarg;
			break;
		case 'h':
			return print_usage(ctx);
		default:
			return usage_error("unknown option", argv[optind - 1], "suggest");
		}
	}
	if (argc - optind != 1)
		return usage_error("suggest needs one FILE", NULL, "suggest");
	dopt->name = argv[optind];
	/* the file first: a bad file says so before any database is looked at */
	session *l = NULL;
	int r = load_all(1, argv + optind, &opt, true, &l);
	/* those turned down in the reader stay down: read from the database when there is
	 * one (none is made for this) and it knows the document */
	if (r == EXIT_OK)
		r = use_store(ctx);
	enum pz_status s = PZ_OK;
	if (r == EXIT_OK && (s = session_identify(l, ctx->st, false)) != PZ_OK)
		r = store_failed("read the library", s);
	if (r == EXIT_OK && (s = session_find_suggestions(l)) != PZ_OK) {
		pz_message(stderr, "pizhu: cannot find suggestions: %s\n", pz_strerror(s));
		r = EXIT_RUNTIME;
	}
	struct detect_item *kept = NULL;
	size_t n = 0;
	const struct detect_item *v = NULL;
	if (r == EXIT_OK) {
		const suggestions *sg = session_suggestions(l);
		v = suggestions_items(sg, &n);
		if (rejected) { /* only those turned down, each on its own (no task) */
			const struct detect_item *all = v;
			size_t total = n;
			n = 0;
			if (!(kept = malloc((total + 1) * sizeof(*kept)))) {
				r = store_failed("list the suggestions", PZ_NOMEM);
			} else {
				for (size_t i = 0; i < total; i++)
					if (suggestions_rejected(sg, i)) {
						kept[n] = all[i];
						kept[n++].task = SIZE_MAX;
					}
			}
			v = kept;
		} else if (suggestions_hidden_count(sg)) {
			if ((s = suggestions_copy_unhidden(sg, &kept, &n)) != PZ_OK)
				r = store_failed("list the suggestions", s);
			v = kept;
		}
	}
	if (r == EXIT_OK) {
		const doc *d = session_doc(l);
		if (fmt == FMT_JSON) {
			struct date date = detect_date_of(d, session_outline(l), 0, dopt);
			export_suggestions_json(stdout, d, v, n, argv[optind], &date);
		} else {
			export_suggestions_tsv(stdout, d, v, n, dopt->threads);
		}
		r = finish_output();
	}
	free(kept);
	session_close(l);
	return r;
}

/* ---- pizhu draft / drafts: the versions of one document ---- */

static const char usage_draft[] =
	N_("usage: pizhu draft [--encoding=NAME] OLD NEW\n"
	"\n"
	"Declares the file NEW the next draft of OLD's document (a draft that came under a\n"
	"new name): every tag of OLD's document is carried to NEW, found again in its text\n"
	"as when a file changes, and the numbers anchored (found where they were), moved\n"
	"(found elsewhere or changed) and orphaned (their passage is gone) are printed.\n"
	"From then on both files are drafts of one document (pizhu drafts lists them); the\n"
	"document goes by NEW's name. NEW may have been opened before, if it has no tags.\n"
	"\n"
	"  --encoding=NAME read both files in NAME instead of detecting UTF-8 or GB18030\n");

static const char usage_drafts[] =
	N_("usage: pizhu drafts [--encoding=NAME] FILE\n"
	"\n"
	"Lists the drafts of FILE's document, oldest first, one a line:\n"
	"  draft<TAB>first seen<TAB>file<TAB>bytes<TAB>characters changed\n"
	"the date it was first seen (local time), the file it was first seen as, its size,\n"
	"and how many characters it removed and added (-N +N) from the draft before (\"-\"\n"
	"for the first, \"?\" when a draft's text was seen before pizhu kept texts).\n");

/* Reads the options of draft and drafts; -1 to go on, else an exit code. */
static int parse_draft_options(int argc, char **argv, struct context *ctx,
                               struct session_options *opt)
{
	static const struct option longopts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e': opt->encoding = optarg; break;
		case 'd': ctx->db = optarg; break;
		case 'h': return print_usage(ctx);
		default: return usage_error("unknown option", argv[optind - 1], ctx->cmd->name);
		}
	}
	return -1;
}

/* Counts the tags of ts by how they were found. */
static void count_anchors(const tagset *ts, size_t n[3])
{
	n[0] = n[1] = n[2] = 0;
	for (size_t i = 0; ts && i < tagset_count(ts); i++) {
		enum store_anchor a = tagset_at(ts, i)->a.anchor;
		n[a == STORE_MOVED ? 1 : a == STORE_ORPHANED ? 2 : 0]++;
	}
}

static int cmd_draft(int argc, char **argv, struct context *ctx)
{
	struct session_options opt = { .author = reviewer(NULL) };
	int r = parse_draft_options(argc, argv, ctx, &opt);
	if (r >= 0)
		return r;
	if (argc - optind != 2)
		return usage_error("draft needs two files, OLD and NEW", NULL, "draft");
	/* both files read before anything is written: a NEW that cannot be read changes
	 * nothing */
	session *l[2] = { NULL, NULL };
	if ((r = load_all(2, argv + optind, &opt, true, l)) != EXIT_OK)
		goto out;
	const char *oldp = session_abspath(l[0]), *newp = session_abspath(l[1]);
	if (!oldp || !newp) {
		pz_message(stderr, "pizhu: cannot resolve '%s'\n", argv[optind + !oldp]);
		r = EXIT_RUNTIME;
		goto out;
	}
	if (!strcmp(oldp, newp)) {
		usage_error("OLD and NEW are the same file:", argv[optind], "draft");
		r = EXIT_USAGE;
		goto out;
	}
	if ((r = use_store(ctx)) != EXIT_OK)
		goto out;
	store *st = ctx->st;
	enum pz_status s = session_identify(l[0], st, true);
	if (s == PZ_OK && !session_document(l[0]))
		s = session_record(l[0], NULL);
	if (s == PZ_OK)
		s = session_load_tags(l[0], true); /* keeps OLD's text as a draft */
	if (s != PZ_OK) {
		r = store_failed("record the old draft", s);
		goto out;
	}
	int64_t doc = session_document(l[0]), other, pos;
	/* NEW opened before as a document of its own: given up if it has no tags */
	s = store_find_document(st, newp, &other, &pos);
	if (s == PZ_OK && other != doc && (s = store_forget_untagged(st, other)) == PZ_EXIST) {
		pz_message(stderr, "pizhu: '%s' has tags of its own; it cannot become a draft of '%s'\n",
		           argv[optind + 1], argv[optind]);
		r = EXIT_RUNTIME;
		goto out;
	}
	if (s == PZ_OK || s == PZ_NOENT)
		s = store_rename_document(st, doc, newp);
	char title[256];
	session_title(l[1], title, sizeof(title));
	if (s == PZ_OK)
		s = session_identify(l[1], st, true);
	if (s == PZ_OK)
		s = session_record(l[1], title);
	if (s == PZ_OK)
		s = session_load_tags(l[1], true);
	if (s != PZ_OK) {
		r = store_failed("carry the tags", s);
		goto out;
	}
	size_t n[3];
	const tagset *ts = session_tags(l[1]);
	count_anchors(ts, n);
	struct store_draft *v = NULL;
	size_t nv = 0;
	if ((s = store_drafts(st, doc, &v, &nv)) != PZ_OK) {
		r = store_failed("list the drafts", s);
		goto out;
	}
	store_drafts_free(v, nv);
	printf(ngettext("'%s' is draft %zu of the document: %zu tag carried, %zu anchored, %zu moved, "
	                "%zu orphaned\n",
	                "'%s' is draft %zu of the document: %zu tags carried, %zu anchored, %zu moved, "
	                "%zu orphaned\n", n[0] + n[1] + n[2]),
	       argv[optind + 1], nv, n[0] + n[1] + n[2], n[0], n[1], n[2]);
	r = finish_output();
out:
	for (int i = 0; i < 2; i++)
		session_close(l[i]);
	return r;
}

/* The text of draft v, kept in the store; NULL when it was not kept (*failed when it
 * could not be read: the message is printed). */
static char *draft_text(store *st, const struct store_draft *v, size_t *len, bool *failed)
{
	char *t = NULL;
	enum pz_status s = v->kept ? store_text_get(st, v->version, &t, len) : PZ_NOENT;
	if (s != PZ_OK && s != PZ_NOENT) {
		store_failed("read a draft's text", s);
		*failed = true;
	}
	return s == PZ_OK ? t : NULL;
}

static int cmd_drafts(int argc, char **argv, struct context *ctx)
{
	struct session_options opt = { 0 };
	int r = parse_draft_options(argc, argv, ctx, &opt);
	if (r >= 0)
		return r;
	if (argc - optind != 1)
		return usage_error("drafts needs one FILE", NULL, "drafts");
	session *s1 = NULL;
	if ((r = load_all(1, argv + optind, &opt, false, &s1)) != EXIT_OK)
		goto out;
	if ((r = use_store(ctx)) != EXIT_OK)
		goto out;
	enum pz_status s = ctx->st ? session_identify(s1, ctx->st, false) : PZ_OK;
	if (s != PZ_OK) {
		r = store_failed("read the library", s);
		goto out;
	}
	int64_t doc = session_document(s1);
	if (!doc) {
		pz_message(stderr, "pizhu: '%s' is no draft of a known document (open it, or pizhu draft OLD NEW)\n",
		           argv[optind]);
		r = EXIT_RUNTIME;
		goto out;
	}
	struct store_draft *v = NULL;
	size_t nv = 0;
	if ((s = store_drafts(ctx->st, doc, &v, &nv)) != PZ_OK) {
		r = store_failed("list the drafts", s);
		goto out;
	}
	char *prev = NULL;
	size_t prevn = 0;
	bool failed = false;
	for (size_t i = 0; i < nv && !failed; i++) {
		size_t len = 0;
		char *text = draft_text(ctx->st, &v[i], &len, &failed);
		char when[32] = "";
		time_t t = (time_t)(v[i].first_seen / 1000);
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		printf("%zu\t%s\t", i + 1, when);
		put_name(stdout, v[i].kept ? v[i].path : "?");
		printf("\t%lld\t", (long long)v[i].length);
		diff *d = NULL;
		if (i == 0) {
			fputs("-\n", stdout);
		} else if (!text || !prev || diff_new(prev, prevn, text, len, &d) != PZ_OK) {
			fputs("?\n", stdout);
		} else {
			size_t del = 0, ins = 0;
			for (size_t k = 0; k < diff_count(d); k++) {
				const struct diff_change *c = diff_at(d, k);
				if (c->kind == DIFF_FORM || c->kind == DIFF_MOVE)
					continue;
				del += u8_mbsnlen((const uint8_t *)prev + c->old_start, c->old_end - c->old_start);
				ins += u8_mbsnlen((const uint8_t *)text + c->new_start, c->new_end - c->new_start);
			}
			printf("-%zu +%zu\n", del, ins);
		}
		diff_free(d);
		free(prev);
		prev = text;
		prevn = len;
	}
	free(prev);
	store_drafts_free(v, nv);
	r = failed ? EXIT_RUNTIME : finish_output();
out:
	session_close(s1);
	return r;
}

/* ---- pizhu diff: what changed between two drafts ---- */

static const char usage_diff[] =
	N_("usage: pizhu diff [--format=text|tsv] [--color=auto|always|never] [--form]\n"
	"                  [--substance] [--encoding=NAME] OLD NEW\n"
	"       pizhu diff [options] --from=DRAFT FILE\n"
	"\n"
	"Shows what changed from the draft OLD to the draft NEW, compared sentence by\n"
	"sentence, then word by word: numbers and Latin words whole, a replaced phrase as\n"
	"one replacement, a paragraph moved elsewhere as moved, changes of form only\n"
	"(，/, ２０２５/2025, “”/\"\") apart. Each hunk opens with its place in both drafts\n"
	"and the section it is in: @@ -LINE:COL +LINE:COL @@ 二、（三）.\n"
	"\n"
	"  --format=text   hunks with [-deleted-] {+inserted+} {>moved<} [~form~] (default)\n"
	"  --format=tsv    one change a line: kind old_line old_col new_line new_col\n"
	"                  old_text new_text section (kind insert, delete, replace, move,\n"
	"                  form; columns in characters; \\t \\n \\\\ escaped in texts)\n"
	"  --color=WHEN    colour instead of markers: auto (on a terminal, without\n"
	"                  NO_COLOR), always or never\n"
	"  --form          also show changes of form only (the tsv format always does)\n"
	"  --substance     only changes that touch numbers, dates, owners, commitment\n"
	"                  words (要 必须 确保 力争) or negations\n"
	"  --encoding=NAME read both files in NAME instead of detecting UTF-8 or GB18030\n"
	"  --from=DRAFT    compare FILE with draft number DRAFT of its document, as\n"
	"                  pizhu drafts numbers them (its text kept in the database)\n"
	"\n"
	"Exit status: 0 when the drafts do not differ, 1 when they do, 2 on trouble.\n");

enum { DIFF_SAME = 0, DIFF_DIFFERENT = 1, DIFF_TROUBLE = 2 };

/* Draft number n of s's document, as `pizhu drafts` numbers them, into *out (owned,
 * doc_free) from the text the database kept. Returns an exit code (said why). */
static int load_draft(struct context *ctx, session *s, unsigned long n, doc **out)
{
	int r = use_store(ctx);
	if (r != EXIT_OK)
		return r;
	enum pz_status st = ctx->st ? session_identify(s, ctx->st, false) : PZ_OK;
	if (st != PZ_OK)
		return store_failed("read the library", st);
	if (!session_document(s)) {
		pz_message(stderr, "pizhu: '%s' is no draft of a known document\n", session_path(s));
		return EXIT_RUNTIME;
	}
	struct store_draft *v = NULL;
	size_t nv = 0;
	if ((st = store_drafts(ctx->st, session_document(s), &v, &nv)) != PZ_OK)
		return store_failed("list the drafts", st);
	char *text = NULL;
	size_t len = 0;
	if (n > nv)
		pz_messagen(stderr, nv, "pizhu: '%s' has %zu draft, no draft %lu\n",
		            "pizhu: '%s' has %zu drafts, no draft %lu\n", session_path(s), nv, n);
	else if (!v[n - 1].kept)
		pz_message(stderr, "pizhu: the text of draft %lu was not kept (seen before pizhu kept texts)\n", n);
	else if ((st = store_text_get(ctx->st, v[n - 1].version, &text, &len)) != PZ_OK)
		store_failed("read the draft's text", st);
	store_drafts_free(v, nv);
	if (!text)
		return EXIT_RUNTIME;
	struct pz_where w = { 0 };
	st = doc_load_buffer(text, len, NULL, out, &w);
	free(text);
	return st == PZ_OK ? EXIT_OK : store_failed("read the draft's text", st);
}

static int cmd_diff(int argc, char **argv, struct context *ctx)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "color", optional_argument, NULL, 'c' },
		{ "form", no_argument, NULL, 'F' },
		{ "substance", no_argument, NULL, 's' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "db", required_argument, NULL, 'd' },
		{ "from", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum format fmt = FMT_TEXT;
	struct session_options opt = { 0 };
	struct diffwrite_options wo = { 0 };
	const char *from = NULL;
	int color = -1; /* auto */
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (!strcmp(optarg, "text"))
				fmt = FMT_TEXT;
			else if (!strcmp(optarg, "tsv"))
				fmt = FMT_TSV;
			else
				return usage_error("unknown format", optarg, "diff");
			break;
		case 'c':
			if (!optarg || !strcmp(optarg, "always"))
				color = 1;
			else if (!strcmp(optarg, "never"))
				color = 0;
			else if (!strcmp(optarg, "auto"))
				color = -1;
			else
				return usage_error("--color needs auto, always or never, not", optarg, "diff");
			break;
		case 'F': wo.form = true; break;
		case 's': wo.substance = true; break;
		case 'e': opt.encoding = optarg; break;
		case 'd': ctx->db = optarg; break; /* read for --from; a comparison writes nothing */
		case 'r': from = optarg; break;
		case 'h':
			return print_usage(ctx);
		default:
			return usage_error("unknown option", argv[optind - 1], "diff");
		}
	}
	if (from && argc - optind != 1)
		return usage_error("diff --from needs one FILE", NULL, "diff");
	if (!from && argc - optind != 2)
		return usage_error("diff needs two files, OLD and NEW", NULL, "diff");
	char *end = NULL;
	unsigned long draft = from ? strtoul(from, &end, 10) : 0;
	if (from && (!*from || *end || !draft || *from == '-'))
		return usage_error("--from needs a draft number, not", from, "diff");
	if (color < 0) {
		const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
		color = isatty(STDOUT_FILENO) && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
	}
	wo.color = color && fmt == FMT_TEXT;
	session *l[2] = { NULL, NULL };
	doc *kept = NULL;
	int r = from ? load_all(1, argv + optind, &opt, false, &l[1])
	             : load_all(2, argv + optind, &opt, false, l);
	if (r == EXIT_OK && from)
		r = load_draft(ctx, l[1], draft, &kept);
	diff *d = NULL;
	if (r == EXIT_OK) {
		size_t on, nn;
		const char *o = kept ? doc_text(kept, &on) : session_text(l[0], &on),
		           *n = session_text(l[1], &nn);
		enum pz_status st = session_build_outline(l[1]);
		if (st == PZ_OK)
			st = diff_new(o, on, n, nn, &d);
		if (st != PZ_OK) {
			pz_message(stderr, "pizhu: cannot compare '%s' with '%s': %s\n", argv[optind],
			        from ? argv[optind] : argv[optind + 1], pz_strerror(st));
			r = EXIT_RUNTIME;
		}
	}
	if (r == EXIT_OK) {
		const doc *od = kept ? kept : session_doc(l[0]), *nd = session_doc(l[1]);
		const outline *no = session_outline(l[1]);
		if (fmt == FMT_TSV) {
			diffwrite_tsv(stdout, od, nd, no, d, &wo);
		} else {
			diffwrite_text(stdout, od, nd, no, d, &wo);
			size_t forms = 0;
			for (size_t i = 0; i < diff_count(d); i++)
				forms += !diffwrite_shown(diff_at(d, i), &wo, true) &&
				         diff_at(d, i)->kind == DIFF_FORM && (!wo.substance);
			if (forms)
				pz_messagen(stderr, forms, "pizhu: %zu change of form only not shown (--form shows them)\n",
				            "pizhu: %zu changes of form only not shown (--form shows them)\n", forms);
		}
		r = finish_output();
	}
	int status = r != EXIT_OK ? DIFF_TROUBLE : diff_count(d) ? DIFF_DIFFERENT : DIFF_SAME;
	diff_free(d);
	doc_free(kept);
	for (int i = 0; i < 2; i++)
		session_close(l[i]);
	return status;
}

/* ---- pizhu check: drafting slips ---- */

static const char usage_check[] =
	N_("usage: pizhu check [--format=text|tsv] [--date=YYYY-MM-DD] [--encoding=NAME] FILE\n"
	"\n"
	"Lists the slips a careful reviewer looks for in a draft, one a line:\n"
	"  placeholder  left in: XX市 ××同志 ○○ 某某 20XX年 x月xx日 **书记\n"
	"  numbering    skips, repeats or goes back: 一、二、四、 （一）（三） 一是…三是\n"
	"  pair         “ ‘ （ 《 【 not closed in its paragraph, or closing nothing\n"
	"  punct        half-width , . ; : ? ! ( ) \" in Chinese text\n"
	"  doubled      a character typed twice: 的的 了了 ，， (not 常常 天天 为了了解)\n"
	"  date         a day that does not exist: 2月30日 4月31日\n"
	"  weekday      a weekday that contradicts its date: 2024年8月24日（星期五）\n"
	"  deadline     a deadline already past at the speech's date\n"
	"\n"
	"  --format=text   FILE:LINE:COL: kind: message (default; editors jump to it)\n"
	"  --format=tsv    line col kind text message\n"
	"  --date=DATE     the speech's date when it has no date line\n"
	"  --encoding=NAME read FILE in NAME instead of detecting UTF-8 or GB18030\n"
	"\n"
	"Exit status: 0 when nothing is found, 1 when something is, 2 on trouble.\n");

static int cmd_check(int argc, char **argv, struct context *ctx)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "date", required_argument, NULL, 't' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum format fmt = FMT_TEXT;
	struct session_options opt = { 0 };
	struct check_options copt = { .date = { 0, 0, 0 } };
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (!strcmp(optarg, "text"))
				fmt = FMT_TEXT;
			else if (!strcmp(optarg, "tsv"))
				fmt = FMT_TSV;
			else
				return usage_error("unknown format", optarg, "check");
			break;
		case 't':
			if (!date_parse_iso(optarg, &copt.date))
				return usage_error("--date needs a date YYYY-MM-DD, not", optarg, "check");
			break;
		case 'e': opt.encoding = optarg; break;
		case 'd': ctx->db = optarg; break; /* accepted everywhere; checking keeps nothing */
		case 'h':
			return print_usage(ctx);
		default:
			return usage_error("unknown option", argv[optind - 1], "check");
		}
	}
	if (argc - optind != 1)
		return usage_error("check needs one FILE", NULL, "check");
	session *l = NULL;
	int r = load_all(1, argv + optind, &opt, true, &l);
	struct check_item *v = NULL;
	size_t n = 0;
	if (r == EXIT_OK) {
		enum pz_status st = check_run(session_doc(l), session_outline(l), &copt, &v, &n);
		if (st != PZ_OK) {
			pz_message(stderr, "pizhu: cannot check '%s': %s\n", argv[optind], pz_strerror(st));
			r = EXIT_RUNTIME;
		}
	}
	if (r == EXIT_OK) {
		if (fmt == FMT_TSV)
			check_write_tsv(stdout, session_doc(l), v, n);
		else
			check_write_text(stdout, session_doc(l), argv[optind], v, n);
		r = finish_output();
	}
	free(v);
	session_close(l);
	return r != EXIT_OK ? 2 : n ? 1 : 0;
}

static const char usage_sync[] =
	N_("usage: pizhu sync [--db FILE] [--author NAME] REMOTE\n"
	"\n"
	"Exchanges the tags (every change, reply, deletion) and the texts of the documents\n"
	"they are in with the git repository REMOTE that the team shares: a path, a bare\n"
	"repository over SSH (host:path/repo.git), a forge's URL. pizhu keeps a copy of\n"
	"it beside the database (DB.sync) and writes only its own branch, pizhu-sync, one\n"
	"file per change set: git never has to merge a file. Work offline and sync when\n"
	"you can; a field changed on two machines since they last agreed is disputed (see\n"
	"'tags resolve'), a deletion wins only when newer. A document that arrives for the\n"
	"first time is written under DB.sync/files and listed in the library.\n"
	"Prints what was sent and received, and how many tags were added, updated,\n"
	"deleted and disputed. An unreachable REMOTE or a damaged or newer file there\n"
	"changes nothing here and exits with 1.\n");

/* pizhu sync REMOTE: REMOTE asked first, so that nothing is made or written here when
 * it cannot be reached (not even a new database). */
static int cmd_sync(int argc, char **argv, struct context *ctx)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "author", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *author = NULL;
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': ctx->db = optarg; break;
		case 'A':
			if (!config_valid_author(optarg, strlen(optarg)))
				return usage_error("--author needs a name, not", optarg, "sync");
			author = optarg;
			break;
		case 'h':
			return print_usage(ctx);
		default:
			return usage_error("unknown option", argv[optind - 1], "sync");
		}
	}
	if (argc - optind != 1)
		return usage_error("sync needs one REMOTE", NULL, "sync");
	const char *remote = argv[optind];
	char tip[41], detail[1024], why[1280], path[PATH_MAX];
	enum pz_status s = sync_probe(remote, tip, detail, sizeof(detail));
	if (s != PZ_OK) {
		pz_message(stderr, "pizhu: cannot sync with '%s': %s\n", remote,
		           *detail ? detail : pz_strerror(s));
		return EXIT_RUNTIME;
	}
	if (store_path(ctx->db, path, sizeof(path)) != PZ_OK) {
		say_no_database(path);
		return EXIT_RUNTIME;
	}
	int r = use_store(ctx);
	if (r != EXIT_OK)
		return r;
	store_set_author(ctx->st, reviewer(author));
	struct sync_result res;
	s = sync_run(ctx->st, path, remote, tip, &res, detail, sizeof(detail));
	if (s == PZ_OK || res.c.got_sets || res.c.sent_sets) {
		printf(_("sent %zu change sets (%zu changes), received %zu (%zu changes)\n"),
		       res.c.sent_sets, res.c.sent_ops, res.c.got_sets, res.c.got_ops);
		printf(_("%zu added, %zu updated, %zu deleted, %zu disputed\n"), res.c.added,
		       res.c.updated, res.c.deleted, res.c.disputed);
		for (size_t i = 0; i < res.ndocs; i++)
			printf(_("new document '%s'\n"), res.docs[i]);
	}
	sync_result_release(&res);
	if (s != PZ_OK) {
		fflush(stdout);
		/* git's words or the file's, as they are; the status's when there are none */
		pz_message(stderr, "pizhu: cannot sync with '%s': %s\n", remote,
		           *detail ? detail : pz_explain(s, detail, why, sizeof(why)));
		return EXIT_RUNTIME;
	}
	return finish_output();
}

/* The reader's keys in the default keymap, from the one action table (the same list
 * as the help screen). */
static int print_keys(void)
{
	struct keymap *km = keymap_new();
	if (!km || keymap_load(km, embedded_default_keymap, embedded_default_keymap_len,
	                       "default.keymap", NULL) != PZ_OK) {
		keymap_free(km);
		pz_message(stderr, "pizhu: the built-in keymap does not load\n");
		return EXIT_RUNTIME;
	}
	char line[512];
	bool heading;
	for (size_t k = 0; keymap_help_line(km, k, line, sizeof(line), &heading); k++)
		printf(heading ? "%s\n" : "  %s\n", line);
	keymap_free(km);
	return finish_output();
}

static const char help_config[] =
	/* xgettext:no-c-format */
	N_("The settings are read from $XDG_CONFIG_HOME/pizhu/config (by default\n"
	"~/.config/pizhu/config), one 'name = value' a line, '#' starting a comment:\n"
	"\n"
	"  keymap = NAME|FILE    default or emacs, or a keymap file\n"
	"  theme = NAME|FILE     dark, light or mono, or a theme file\n"
	"  tagtype = NAME KEY ELEMENT [LABEL]\n"
	"                        one more tag type: a lower-case name, the key that tags\n"
	"                        with it, the theme element that colours it, its label\n"
	"  citation = FORMAT     what the copy key puts with a passage (pizhu help quote):\n"
	"                        %q the text, %t the title, %s the sections, %p the\n"
	"                        paragraph, %n a line break; default “%q”%n——《%t》%[，%s%]，第%p段\n"
	"  paragraphs = auto|indent|blank\n"
	"                        paragraphs told apart by a first-line indent of two\n"
	"                        full-width spaces or by a blank line; auto (the default)\n"
	"                        does what most of the document's paragraphs do\n"
	"  max-width = COLUMNS|none\n"
	"                        the widest the text's lines get, centred in the pane\n"
	"                        (default 80, at least 20; none: the pane's width)\n"
	"\n"
	"$XDG_CONFIG_HOME/pizhu/keymap changes single keys ('bind text <C-t> tag-task').\n"
	"A mistake is shown as FILE:LINE when the reader starts, and the default is used.\n"
	"--keymap and --theme on the command line come before the file.\n");

/* Shell-quoted s ('...', a ' inside as '\''), on stdout. */
static void put_shell_word(const char *s)
{
	fputc('\'', stdout);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			fputc(*s, stdout);
	}
	fputc('\'', stdout);
}

/* `pizhu help config`: the settings, then the command that starts from the example file
 * shipped with pizhu (installed, or in the tree it runs from), with the real paths. */
static int print_config_help(void)
{
	fputs(_(help_config), stdout);
	char datadir[PATH_MAX], example[PATH_MAX + 64], dir[PATH_MAX];
	setup_datadir(datadir, sizeof(datadir));
	snprintf(example, sizeof(example), "%s/pizhu.conf.example", datadir);
	if (access(example, R_OK) != 0)
		snprintf(example, sizeof(example), "%s/doc/pizhu.conf.example", datadir);
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg == '/')
		snprintf(dir, sizeof(dir), "%s/pizhu", xdg);
	else if (home && *home)
		snprintf(dir, sizeof(dir), "%s/.config/pizhu", home);
	else
		return finish_output();
	fputs(_("\nTo start from the example (cp -n leaves a config you have alone):\n"), stdout);
	fputs("  mkdir -p ", stdout);
	put_shell_word(dir);
	fputs(" && cp -n ", stdout);
	put_shell_word(example);
	fputc(' ', stdout);
	strncat(dir, "/config", sizeof(dir) - strlen(dir) - 1);
	put_shell_word(dir);
	fputc('\n', stdout);
	return finish_output();
}

/* ---- pizhu quote ---- */

static int cmd_quote(int argc, char **argv, struct context *ctx)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'F' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct session_options opt = { 0 };
	const char *from_s = NULL, *to_s = NULL, *fmt = NULL;
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f': from_s = optarg; break;
		case 't': to_s = optarg; break;
		case 'F': fmt = optarg; break;
		case 'e': opt.encoding = optarg; break;
		case 'd': ctx->db = optarg; break; /* accepted; nothing is kept */
		case 'h': return print_usage(ctx);
		default: return usage_error("unknown option", argv[optind - 1], "quote");
		}
	}
	if (argc - optind != 1)
		return usage_error("quote needs one FILE", NULL, "quote");
	struct doc_pos from, to;
	if (!from_s || parse_pos(from_s, &from))
		return usage_error("quote needs --from=LINE:COL, not", from_s ? from_s : "", "quote");
	if (!to_s || parse_pos(to_s, &to))
		return usage_error("quote needs --to=LINE:COL, not", to_s ? to_s : "", "quote");
	struct config cfg = { 0 };
	if (!fmt) {
		struct pz_errors errs;
		pz_errors_init(&errs);
		config_read(&cfg, &errs); /* a mistake there leaves the built-in format */
		pz_errors_release(&errs);
		fmt = cfg.citation[0] ? cfg.citation : QUOTE_FORMAT_DEFAULT;
	}
	size_t bad;
	if (!quote_format_valid(fmt, strlen(fmt), &bad))
		return usage_error("--format: not a placeholder at", fmt + bad, "quote");
	const char *file = argv[optind];
	session **l = calloc(1, sizeof(*l));
	if (!l)
		return EXIT_RUNTIME;
	int r = load_all(1, argv + optind, &opt, true, l);
	size_t a, b;
	if (r == EXIT_OK && (doc_offset_of(session_doc(l[0]), from, &a) != PZ_OK ||
	                     doc_offset_of(session_doc(l[0]), to, &b) != PZ_OK || b <= a)) {
		pz_message(stderr, "pizhu: '%s' has no text from %s to %s\n", file, from_s, to_s);
		r = EXIT_USAGE;
	}
	char *out = NULL;
	size_t n = 0;
	enum pz_status st;
	if (r == EXIT_OK &&
	    (st = quote_build(session_doc(l[0]), session_outline(l[0]), file, a, b, fmt, &out, &n)) !=
	        PZ_OK) {
		pz_message(stderr, "pizhu: cannot quote '%s': %s\n", file, pz_strerror(st));
		r = EXIT_RUNTIME;
	}
	if (r == EXIT_OK) {
		/* to a terminal, the text cannot drive it */
		if (isatty(STDOUT_FILENO))
			sanitize_write(stdout, out, n, "\n\t");
		else
			fwrite(out, 1, n, stdout);
		fputc('\n', stdout);
		r = finish_output();
	}
	free(out);
	free_all(1, l);
	return r;
}

static int cmd_help(int argc, char **argv, struct context *ctx)
{
	(void)ctx;
	const char *topic = argc > 1 ? argv[1] : NULL;
	const struct command *c = topic ? find_command(topic) : NULL;
	if (!topic)
		return print_main_usage();
	if (c)
		fputs(_(c->usage), stdout);
	else if (!strcmp(topic, "keys"))
		return print_keys();
	else if (!strcmp(topic, "config"))
		return print_config_help();
	else
		return usage_error("no help for", topic, "");
	return finish_output();
}

/* pizhu [options] [FILE]: the reader. */
static int cmd_read(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "keymap", required_argument, NULL, 'k' },
		{ "theme", required_argument, NULL, 't' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "author", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct app_options opt = { 0 };
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			opt.db = optarg;
			break;
		case 'k':
			opt.keymap = optarg;
			break;
		case 't':
			opt.theme = optarg;
			break;
		case 'e':
			opt.encoding = optarg;
			break;
		case 'a':
			if (!config_valid_author(optarg, strlen(optarg)))
				return usage_error("--author needs a name, not", optarg, "");
			opt.author = optarg;
			break;
		default:
			return usage_error("unknown option", argv[optind - 1], "");
		}
	}
	if (argc - optind > 1)
		return usage_error("the reader opens one FILE; for several, see", "pizhu outline", "");
	if (argc - optind == 1)
		opt.file = argv[optind];
	return app_run(&opt);
}

static const struct command commands[] = {
	{ "outline", cmd_outline, usage_outline,
	  N_("print the structure of speech files (speeches, sections, points)"), STORE_NONE },
	{ "text", cmd_text, usage_text,
	  N_("print a file's text as pizhu reads it (UTF-8, one paragraph a block)"), STORE_NONE },
	{ "tags", cmd_tags, usage_tags, N_("list, add, remove and import the tags of a file"),
	  STORE_OPEN },
	{ "export", cmd_export, usage_export,
	  N_("write a file's task breakdown table (csv, md, json, org, ics, xlsx)"), STORE_OPEN },
	{ "accept", cmd_accept, usage_accept,
	  N_("turn a file's suggestions into tags, as the reader's A does"), STORE_OPEN },
	{ "suggest", cmd_suggest, usage_suggest,
	  N_("list the deadlines, targets, tasks and owners a speech states"), STORE_IF_THERE },
	{ "diff", cmd_diff, usage_diff, N_("show what changed between two drafts of a speech"),
	  STORE_IF_THERE },
	{ "draft", cmd_draft, usage_draft,
	  N_("declare a file the next draft of another's document, carrying its tags"), STORE_OPEN },
	{ "drafts", cmd_drafts, usage_drafts,
	  N_("list the drafts of a file's document: when, which file, what changed"), STORE_IF_THERE },
	{ "quote", cmd_quote, usage_quote,
	  N_("print a passage of a file with its citation (title, sections, paragraph)"), STORE_NONE },
	{ "sync", cmd_sync, usage_sync,
	  N_("exchange the tags with the team's git repository (offline work merged)"), STORE_NONE },
	{ "check", cmd_check, usage_check,
	  N_("list the slips of a draft: placeholders, numbering, punctuation, dates"), STORE_NONE },
	{ "help", cmd_help, N_("usage: pizhu help [COMMAND|keys|config]\n"),
	  N_("show help for a command, the reader's keys (keys) or the settings (config)"), STORE_NONE },
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* `pizhu --help`: the reader's options, then a line per command. */
static int print_main_usage(void)
{
	fputs(_(usage_main_head), stdout);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-9s %s\n", commands[i].name, _(commands[i].summary));
	fputs(_(usage_main_tail), stdout);
	return finish_output();
}

int main(int argc, char **argv)
{
	/* a locale named for messages but not installed must not cost the characters */
	if (!setlocale(LC_ALL, ""))
		setlocale(LC_CTYPE, "");
	char localedir[PATH_MAX];
	setup_localedir(localedir, sizeof(localedir));
	bindtextdomain(PIZHU_DOMAIN, localedir);
	textdomain(PIZHU_DOMAIN);
	struct context ctx = { 0 };
	/* pizhu --db FILE <command> ...: the database for whichever command follows */
	if (argc > 2 && (!strcmp(argv[1], "--db") || !strncmp(argv[1], "--db=", 5))) {
		bool joined = argv[1][4] == '=';
		const char *db = joined ? argv[1] + 5 : argv[2];
		int used = joined ? 1 : 2;
		if (argc > used + 1 && find_command(argv[used + 1])) {
			ctx.db = db;
			argv[used] = argv[0];
			argc -= used;
			argv += used;
		}
	}
	if (argc < 2)
		return cmd_read(argc, argv);
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h"))
		return print_main_usage();
	if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
		printf("pizhu %s\n", PIZHU_VERSION);
		return finish_output();
	}
	if (!(ctx.cmd = find_command(name)))
		return cmd_read(argc, argv);
	int r = ctx.cmd->run(argc - 1, argv + 1, &ctx);
	store_close(ctx.st);
	return r;
}
