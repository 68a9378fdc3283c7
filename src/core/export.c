/* The tags listing in tsv and JSON, and the small writers every export shares. */
#include "pizhu/export.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

static const char *const anchor_words[] = {"anchored", "moved", "orphaned"};

void export_json_string(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
			continue;
		fwrite(s + run, 1, i - run, f);
		run = i + 1;
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		default: fprintf(f, "\\u%04x", c);
		}
	}
	fwrite(s + run, 1, n - run, f);
	fputc('"', f);
}

void export_tsv_field(FILE *f, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F)
			continue;
		fwrite(s + run, 1, i - run, f);
		fputc(' ', f);
		run = i + 1;
	}
	fwrite(s + run, 1, n - run, f);
}

const char *export_iso_time(int64_t ms, char *buf, size_t len)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(buf, len, "1970-01-01T00:00:00.000Z");
		return buf;
	}
	size_t used = strlen(buf);
	snprintf(buf + used, len - used, ".%03dZ", (int)(ms % 1000));
	return buf;
}

static void tsv_str(FILE *f, const char *s)
{
	export_tsv_field(f, s, strlen(s));
}

void export_tags_tsv(FILE *f, const tagset *ts, const doc *d)
{
	for (size_t i = 0; i < tagset_count(ts); i++) {
		const struct tag *t = tagset_at(ts, i);
		const struct store_annot *a = &t->a;
		fprintf(f, "%s\t", a->uuid);
		tsv_str(f, a->type);
		fprintf(f, "\t%s\t", anchor_words[a->anchor]);
		if (a->anchor != STORE_ORPHANED) {
			struct doc_pos p = doc_pos_of(d, t->start);
			fprintf(f, "%zu\t%zu\t", p.line, p.col);
		} else {
			fputs("\t\t", f);
		}
		tsv_str(f, a->quote);
		fputc('\t', f);
		tsv_str(f, a->note);
		fputc('\t', f);
		tsv_str(f, a->due);
		fputc('\t', f);
		tsv_str(f, a->owner);
		fputc('\n', f);
	}
}

static void json_key_str(FILE *f, const char *key, const char *s)
{
	fprintf(f, ",\"%s\":", key);
	export_json_string(f, s, strlen(s));
}

void export_tags_json(FILE *f, const tagset *ts, const doc *d, const char *path)
{
	size_t len;
	const char *text = doc_text(d, &len);
	fputs("{\"file\":", f);
	export_json_string(f, path, strlen(path));
	size_t n = ts ? tagset_count(ts) : 0;
	fprintf(f, ",\"length\":%zu,\"hash\":\"%016" PRIx64 "\",\"annotations\":[", len,
	        tags_text_hash(text, len));
	for (size_t i = 0; i < n; i++) {
		const struct tag *t = tagset_at(ts, i);
		const struct store_annot *a = &t->a;
		char tb[32];
		fprintf(f, "%s\n{\"id\":\"%s\"", i ? "," : "", a->uuid);
		json_key_str(f, "type", a->type);
		fprintf(f, ",\"state\":\"%s\",\"anchor\":\"%s\"", a->done ? "done" : "open",
		        anchor_words[a->anchor]);
		if (a->anchor != STORE_ORPHANED) {
			struct doc_pos p = doc_pos_of(d, t->start), q = doc_pos_of(d, t->end);
			fprintf(f, ",\"line\":%zu,\"col\":%zu,\"end_line\":%zu,\"end_col\":%zu", p.line,
			        p.col, q.line, q.col);
		} else {
			fputs(",\"line\":null,\"col\":null,\"end_line\":null,\"end_col\":null", f);
		}
		fprintf(f, ",\"start\":%" PRId64 ",\"end\":%" PRId64, a->start, a->end);
		json_key_str(f, "quote", a->quote);
		json_key_str(f, "prefix", a->prefix);
		json_key_str(f, "suffix", a->suffix);
		json_key_str(f, "section", a->section);
		json_key_str(f, "note", a->note);
		json_key_str(f, "due", a->due);
		json_key_str(f, "owner", a->owner);
		json_key_str(f, "author", a->author);
		json_key_str(f, "created", export_iso_time(a->created, tb, sizeof(tb)));
		json_key_str(f, "modified", export_iso_time(a->modified, tb, sizeof(tb)));
		fputc('}', f);
	}
	fputs("]}\n", f);
}
