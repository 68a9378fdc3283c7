/* pizhu's command line: subcommands over the core library. Only this file decides
 * what to print and when to give up; the core reports statuses. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pizhu/app.h"
#include "pizhu/document.h"
#include "pizhu/embedded.h"
#include "pizhu/keymap.h"
#include "pizhu/outline.h"
#include "pizhu/status.h"

#ifndef PIZHU_VERSION
#define PIZHU_VERSION "0.0.0"
#endif

enum exit_code { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

static const char usage_main[] =
	"usage: pizhu [--db FILE] [--keymap NAME|FILE] [--theme NAME|FILE] [FILE]\n"
	"       pizhu <command> [<options>] FILE...\n"
	"\n"
	"With a FILE, opens it in the full-screen reader; without one, lists the documents\n"
	"read before (or opens the bundled sample speech the first time).\n"
	"\n"
	"  --db FILE            the database of the library and positions\n"
	"                       (default $XDG_DATA_HOME/pizhu/pizhu.db, or $PIZHU_DB)\n"
	"  --keymap NAME|FILE   default or emacs, or a keymap file\n"
	"  --theme NAME|FILE    dark, light or mono, or a theme file\n"
	"  --encoding NAME      read FILE in NAME instead of detecting UTF-8 or GB18030\n"
	"\n"
	"Commands:\n"
	"  outline   print the structure of speech files (speeches, sections, points)\n"
	"  text      print a file's text as pizhu reads it (UTF-8, one paragraph a block)\n"
	"  help      show help for a command; 'pizhu help keys' lists the reader's keys\n"
	"\n"
	"Options:\n"
	"  -h, --help      show this help\n"
	"  -V, --version   show the version\n"
	"\n"
	"See 'pizhu help <command>' or pizhu(1).\n";

static const char usage_outline[] =
	"usage: pizhu outline [--format=text|tsv|json] [--encoding=NAME] FILE...\n"
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
	"line and col are 1-based; col counts characters.\n";

static const char usage_text[] =
	"usage: pizhu text [--encoding=NAME] FILE\n"
	"\n"
	"Prints FILE's text as pizhu reads it: decoded to UTF-8, line endings made LF,\n"
	"an HTML page reduced to its text (the lines that outline positions refer to).\n";

enum format { FMT_TEXT, FMT_TSV, FMT_JSON };

struct loaded {
	const char *path;
	doc *d;
	outline *o;
};

static void print_load_error(const char *path, enum pz_status st, const struct pz_where *w,
                             const struct doc_options *opt)
{
	const char *verb = (st == PZ_NOENT || st == PZ_ACCES || st == PZ_ISDIR || st == PZ_NOTREG)
	                           ? "open" : "read";
	char why[160];
	fprintf(stderr, "pizhu: cannot %s '%s': %s", verb, path, pz_describe(st, w, why, sizeof(why)));
	if ((st == PZ_BADENC || st == PZ_CONVERT) && opt->encoding)
		fprintf(stderr, " '%s'", opt->encoding);
	if (st == PZ_TOOBIG)
		fprintf(stderr, " (limit %zu MiB)", DOC_MAX_BYTES >> 20);
	if (st == PZ_ENCODING)
		fprintf(stderr, "; if you know its encoding, try --encoding=NAME");
	fputc('\n', stderr);
}

/* Writes s[a,b) for a one-line field: line breaks dropped, tabs and controls as
 * spaces (a title may span hard-wrapped lines). */
static void put_field(FILE *f, const char *s, size_t a, size_t b)
{
	size_t run = a;
	for (size_t i = a; i < b; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F)
			continue;
		fwrite(s + run, 1, i - run, f); /* the clean run before it */
		if (c != '\n')
			fputc(' ', f);
		run = i + 1;
	}
	fwrite(s + run, 1, b - run, f);
}

static void put_json_string(FILE *f, const char *s, size_t a, size_t b)
{
	fputc('"', f);
	for (size_t i = a; i < b; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		default:
			if (c < 0x20 || c == 0x7F)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

static void put_json_cstr(FILE *f, const char *s)
{
	put_json_string(f, s, 0, strlen(s));
}

static void print_tsv(FILE *f, const struct loaded *l)
{
	size_t n;
	const char *t = doc_text(l->d, &n);
	for (size_t i = 0; i < outline_node_count(l->o); i++) {
		const struct outline_node *nd = outline_node_at(l->o, i);
		struct doc_pos pos = doc_pos_of(l->d, nd->start);
		fprintf(f, "%d\t%zu\t%zu\t", nd->depth, pos.line, pos.col);
		put_field(f, t, nd->start, nd->start + nd->marker_len);
		fputc('\t', f);
		put_field(f, t, nd->title_start, nd->title_end);
		fputc('\n', f);
	}
}

static void print_text(FILE *f, const struct loaded *l)
{
	size_t n;
	const char *t = doc_text(l->d, &n);
	for (size_t i = 0; i < outline_node_count(l->o); i++) {
		const struct outline_node *nd = outline_node_at(l->o, i);
		struct doc_pos pos = doc_pos_of(l->d, nd->start);
		char where[48];
		snprintf(where, sizeof(where), "%zu:%zu", pos.line, pos.col);
		fprintf(f, "%9s  %*s", where, nd->depth * 2, "");
		put_field(f, t, nd->start, nd->start + nd->marker_len);
		if (nd->kind == OUTLINE_SPEECH && nd->marker_len)
			fputc(' ', f);
		if (nd->title_end > nd->title_start)
			put_field(f, t, nd->title_start, nd->title_end);
		else if (nd->kind == OUTLINE_SPEECH)
			fputs("(untitled speech)", f);
		if (nd->kind == OUTLINE_SPEECH) {
			/* who and when, if the head says */
			for (size_t s = 0; s < outline_speech_count(l->o); s++) {
				const struct outline_speech *sp = outline_speech_at(l->o, s);
				if (sp->node != i)
					continue;
				if (sp->speaker.end > sp->speaker.start) {
					fputs("  · ", f);
					put_field(f, t, sp->speaker.start, sp->speaker.end);
				}
				if (sp->date.end > sp->date.start) {
					fputs("  · ", f);
					put_field(f, t, sp->date.start, sp->date.end);
				}
			}
		}
		fputc('\n', f);
	}
}

static void put_json_range(FILE *f, const char *key, const char *t, const struct outline_range *r)
{
	fprintf(f, "\"%s\":", key);
	if (r->end > r->start)
		put_json_string(f, t, r->start, r->end);
	else
		fputs("null", f);
}

static void print_json(FILE *f, const struct loaded *l)
{
	size_t n;
	const char *t = doc_text(l->d, &n);
	static const char *const kinds[] = { "speech", "section", "point", "heading" };

	fputs("{\"file\":", f);
	put_json_cstr(f, l->path);
	fputs(",\"encoding\":", f);
	put_json_cstr(f, doc_encoding(l->d));
	fprintf(f, ",\"html\":%s,\"lines\":%zu,\"chars\":%zu,\"speeches\":[",
	        doc_is_html(l->d) ? "true" : "false", doc_line_count(l->d), doc_char_index(l->d, n));
	for (size_t s = 0; s < outline_speech_count(l->o); s++) {
		const struct outline_speech *sp = outline_speech_at(l->o, s);
		fprintf(f, "%s{\"node\":%zu,\"titles\":[", s ? "," : "", sp->node);
		for (size_t k = 0; k < sp->title_count; k++) {
			if (k)
				fputc(',', f);
			put_json_string(f, t, sp->titles[k].start, sp->titles[k].end);
		}
		fputs("],", f);
		put_json_range(f, "subtitle", t, &sp->subtitle);
		fputc(',', f);
		put_json_range(f, "speaker", t, &sp->speaker);
		fputc(',', f);
		put_json_range(f, "date", t, &sp->date);
		fputc(',', f);
		put_json_range(f, "salutation", t, &sp->salutation);
		fputc('}', f);
	}
	fputs("],\"nodes\":[", f);
	for (size_t i = 0; i < outline_node_count(l->o); i++) {
		const struct outline_node *nd = outline_node_at(l->o, i);
		struct doc_pos pos = doc_pos_of(l->d, nd->start);
		fprintf(f, "%s\n{\"depth\":%d,\"kind\":\"%s\",\"line\":%zu,\"col\":%zu,\"marker\":",
		        i ? "," : "", nd->depth, kinds[nd->kind], pos.line, pos.col);
		put_json_string(f, t, nd->start, nd->start + nd->marker_len);
		fputs(",\"title\":", f);
		put_json_string(f, t, nd->title_start, nd->title_end);
		fprintf(f, ",\"parent\":%zu,\"inline\":%s,\"bytes\":[%zu,%zu],\"chars\":[%zu,%zu]"
		           ",\"title_bytes\":[%zu,%zu]}",
		        nd->parent, nd->inline_ ? "true" : "false", nd->start, nd->end,
		        doc_char_index(l->d, nd->start), doc_char_index(l->d, nd->end),
		        nd->title_start, nd->title_end);
	}
	fputs("]}", f);
}

static int finish_output(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "pizhu: cannot write output: %s\n", strerror(errno));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

static int usage_error(const char *msg, const char *arg, const char *cmd)
{
	if (arg)
		fprintf(stderr, "pizhu: %s '%s'\n", msg, arg);
	else
		fprintf(stderr, "pizhu: %s\n", msg);
	fprintf(stderr, "See 'pizhu help %s'.\n", cmd ? cmd : "");
	return EXIT_USAGE;
}

/* Loads every file before printing anything, so a bad file shows nothing half-done. */
static int load_all(int nfiles, char **files, const struct doc_options *opt, bool want_outline,
                    struct loaded *out)
{
	for (int i = 0; i < nfiles; i++) {
		struct pz_where w = { 0 };
		out[i].path = files[i];
		enum pz_status st = doc_load_file(files[i], opt, &out[i].d, &w);
		if (st != PZ_OK) {
			print_load_error(files[i], st, &w, opt);
			return EXIT_RUNTIME;
		}
		if (want_outline && (st = outline_build(out[i].d, &out[i].o)) != PZ_OK) {
			fprintf(stderr, "pizhu: cannot outline '%s': %s\n", files[i], pz_strerror(st));
			return EXIT_RUNTIME;
		}
	}
	return EXIT_OK;
}

static void free_all(int nfiles, struct loaded *l)
{
	for (int i = 0; i < nfiles; i++) {
		outline_free(l[i].o);
		doc_free(l[i].d);
	}
	free(l);
}

/* Options shared by outline and text. Returns -1 to go on, else an exit code. */
static int parse_options(int argc, char **argv, const char *cmd, bool allow_format,
                         enum format *fmt, struct doc_options *opt)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
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
			fputs(!strcmp(cmd, "outline") ? usage_outline : usage_text, stdout);
			return finish_output();
		default:
			return usage_error("unknown option", argv[optind - 1], cmd);
		}
	}
	return -1;
}

static int cmd_outline(int argc, char **argv)
{
	enum format fmt = FMT_TEXT;
	struct doc_options opt = { 0 };
	int r = parse_options(argc, argv, "outline", true, &fmt, &opt);
	if (r >= 0)
		return r;
	int nfiles = argc - optind;
	if (nfiles < 1)
		return usage_error("outline needs a FILE", NULL, "outline");
	struct loaded *l = calloc((size_t)nfiles, sizeof(*l));
	if (!l) {
		fprintf(stderr, "pizhu: %s\n", pz_strerror(PZ_NOMEM));
		return EXIT_RUNTIME;
	}
	r = load_all(nfiles, argv + optind, &opt, true, l);
	if (r == EXIT_OK) {
		if (fmt == FMT_JSON && nfiles > 1)
			fputc('[', stdout);
		for (int i = 0; i < nfiles; i++) {
			switch (fmt) {
			case FMT_TSV:
				if (nfiles > 1)
					printf("# %s\n", l[i].path);
				print_tsv(stdout, &l[i]);
				break;
			case FMT_TEXT:
				if (nfiles > 1)
					printf("%s%s\n", i ? "\n" : "", l[i].path);
				print_text(stdout, &l[i]);
				break;
			case FMT_JSON:
				if (i)
					fputc(',', stdout);
				print_json(stdout, &l[i]);
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

static int cmd_text(int argc, char **argv)
{
	enum format fmt = FMT_TEXT;
	struct doc_options opt = { 0 };
	int r = parse_options(argc, argv, "text", false, &fmt, &opt);
	if (r >= 0)
		return r;
	if (argc - optind != 1)
		return usage_error("text needs one FILE", NULL, "text");
	struct loaded *l = calloc(1, sizeof(*l));
	if (!l)
		return EXIT_RUNTIME;
	r = load_all(1, argv + optind, &opt, false, l);
	if (r == EXIT_OK) {
		size_t n;
		const char *t = doc_text(l->d, &n);
		if (n)
			fwrite(t, 1, n, stdout);
		if (n && t[n - 1] != '\n')
			fputc('\n', stdout);
		r = finish_output();
	}
	free_all(1, l);
	return r;
}

/* The reader's keys in the default keymap, from the one action table (the same list
 * as the help screen). */
static int print_keys(void)
{
	struct keymap *km = keymap_new();
	if (!km || keymap_load(km, embedded_default_keymap, embedded_default_keymap_len,
	                       "default.keymap", NULL) != PZ_OK) {
		keymap_free(km);
		fprintf(stderr, "pizhu: the built-in keymap does not load\n");
		return EXIT_RUNTIME;
	}
	char line[512];
	bool heading;
	for (size_t k = 0; keymap_help_line(km, k, line, sizeof(line), &heading); k++)
		printf(heading ? "%s\n" : "  %s\n", line);
	keymap_free(km);
	return finish_output();
}

static int cmd_help(int argc, char **argv)
{
	const char *topic = argc > 1 ? argv[1] : NULL;
	if (!topic)
		fputs(usage_main, stdout);
	else if (!strcmp(topic, "outline"))
		fputs(usage_outline, stdout);
	else if (!strcmp(topic, "text"))
		fputs(usage_text, stdout);
	else if (!strcmp(topic, "help"))
		fputs("usage: pizhu help [COMMAND|keys]\n", stdout);
	else if (!strcmp(topic, "keys"))
		return print_keys();
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

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (argc < 2)
		return cmd_read(argc, argv);
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		fputs(usage_main, stdout);
		return finish_output();
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("pizhu %s\n", PIZHU_VERSION);
		return finish_output();
	}
	if (!strcmp(cmd, "outline"))
		return cmd_outline(argc - 1, argv + 1);
	if (!strcmp(cmd, "text"))
		return cmd_text(argc - 1, argv + 1);
	if (!strcmp(cmd, "help"))
		return cmd_help(argc - 1, argv + 1);
	return cmd_read(argc, argv);
}
