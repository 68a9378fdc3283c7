/*
 * Tagging timings for `make bench` (run by tests/bench/bench.sh), against the aims:
 *
 *   1. committing one tag (tagset_add: one BEGIN IMMEDIATE ... COMMIT in WAL mode with
 *      synchronous=FULL, as store_open sets them) on a ~100 KiB draft: median and p90 of
 *      200 calls; aim < 10 ms;
 *   2. opening a ~1 MiB draft holding 10,000 tags made on the same version (tagset_open:
 *      reading them and placing them, no re-anchoring): median of 5; aim < 0.1 s. The
 *      reader's whole path (doc_load_file + outline_build + tags_identify + tagset_open)
 *      is printed beside it;
 *   3. re-anchoring those 10,000 tags on an edited draft (tagset_open with write_anchors:
 *      finding them again and storing where): median of 3; aim < 1 s; with how many came
 *      out anchored, moved and orphaned, and how many landed somewhere other than where
 *      their sentence went.
 *
 * The drafts are generated here (a speech-like text of word lists and counters), in a
 * scratch directory made under $TMPDIR (else /tmp) and removed at the end, with the
 * database: put TMPDIR on the disk to measure (a tmpfs makes fsync free).
 * A table for people, not a test: it fails only when the core fails.
 *
 * Usage: tagbench [-q] [-v] | tagbench -w DIR
 *   -q: fewer runs, for a quick look; -v: list on stderr the tags that re-anchoring put
 *   somewhere other than on their sentence; -w: only write a 40 MiB draft, a listing of
 *   10,000 of its sentences tagged and the draft edited, to DIR, for the command line's
 *   figures (bench.sh).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "pizhu/document.h"
#include "pizhu/listing.h"
#include "pizhu/outline.h"
#include "pizhu/status.h"
#include "pizhu/store.h"
#include "pizhu/tags.h"

#define NTAGS 10000
#define BIG_BYTES ((size_t)1 << 20)
#define SMALL_BYTES ((size_t)100 << 10)
#define NCOMMITS 200

static int open_runs = 5, reanchor_runs = 3;
static bool verbose; /* -v: list the tags re-anchored somewhere else, on stderr */

/* ---- small helpers ---- */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return a < b ? -1 : a > b;
}

/* The q-quantile (0.5: the median) of v[0..n), sorting v. */
static double quantile(double *v, size_t n, double q)
{
	qsort(v, n, sizeof(*v), by_double);
	size_t i = (size_t)(q * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

static void die(const char *what, enum pz_status s)
{
	fprintf(stderr, "tagbench: %s: %s\n", what, pz_strerror(s));
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "tagbench: out of memory\n");
		exit(1);
	}
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "tagbench: out of memory\n");
		exit(1);
	}
	return p;
}

struct buf {
	char *s;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	buf_add(b, tmp, n < 0 ? 0 : (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static void buf_json(struct buf *b, const char *s, size_t n)
{
	buf_add(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			buf_add(b, e, 2);
		} else if (c < 0x20) {
			buf_printf(b, "\\u%04x", c);
		} else {
			buf_add(b, s + i, 1);
		}
	}
	buf_add(b, "\"", 1);
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static void write_file(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(s, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "tagbench: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static void copy_file(const char *from, const char *to)
{
	FILE *f = fopen(from, "rb");
	if (!f) {
		fprintf(stderr, "tagbench: cannot read %s: %s\n", from, strerror(errno));
		exit(1);
	}
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	write_file(to, b.s ? b.s : "", b.len);
	free(b.s);
}

/* ---- the generated speech ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(uint32_t n)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return (uint32_t)((x * 0x2545F4914F6CDD1DULL) >> 33) % n;
}

#define PICK(a) (a[rnd(sizeof(a) / sizeof(a[0]))])

static const char *const subjects[] = {
	"各级党委", "各地区各部门", "广大干部", "我们", "各级政府", "基层组织",
	"有关部门", "企业和社区", "青年同志", "领导班子", "全体党员", "科研院所",
};
static const char *const verbs[] = {
	"要切实加强", "必须认真落实", "要不断完善", "要着力推进", "应当统筹做好", "务必抓紧研究",
	"要深入开展", "要持续优化", "要全面提升", "要积极探索", "要扎实推动", "要坚决守住",
};
static const char *const objects[] = {
	"基础设施建设", "公共服务体系", "生态环境保护", "安全生产责任", "乡村振兴工作", "科技创新能力",
	"营商环境建设", "民生保障水平", "就业创业服务", "应急管理机制", "教育医疗资源", "粮食安全底线",
	"城市更新改造", "数字经济发展", "人才队伍建设", "防汛抗旱准备",
};
static const char *const tails[] = {
	"确保取得实效", "做到心中有数", "不断提高群众满意度", "推动各项任务落地见效",
	"形成长效机制", "切实解决突出问题", "努力开创工作新局面", "让人民群众有更多获得感",
	"把好事办好实事办实", "为全局工作提供有力支撑",
};
static const char *const units[] = {
	"个项目", "项任务", "所学校", "公里道路", "个村庄", "家企业", "个社区", "套住房",
};
static const char *const goals[] = {
	"力争年内完成", "今年要新建", "计划改造", "确保按期交付", "累计已完成", "年底前覆盖",
};
/* Stock phrases, repeated word for word through the speech, as speakers do. */
static const char *const stock[] = {
	"这一点非常重要。", "大家要认真思考。", "这方面还有很大差距。", "我再强调一下。",
	"这是一项长期任务。", "对此大家要有清醒认识。",
};
static const char *const heads[] = {
	"关于", "进一步做好", "着力抓好", "统筹推进",
};

/* n (< 100,000) in Chinese numerals: 十二, 一百零五, 三千零四十. */
static void cn_num(struct buf *b, unsigned n)
{
	static const char *const dig[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const char *const pos[] = {"", "十", "百", "千", "万"};
	if (n == 0) {
		buf_puts(b, dig[0]);
		return;
	}
	int d[5], top = 0;
	for (int i = 0; i < 5; i++) {
		d[i] = (int)(n % 10);
		n /= 10;
		if (d[i])
			top = i;
	}
	bool zero = false;
	for (int i = top; i >= 0; i--) {
		if (!d[i]) {
			zero = true;
			continue;
		}
		if (zero)
			buf_puts(b, dig[0]);
		zero = false;
		if (!(i == 1 && d[i] == 1 && i == top))
			buf_puts(b, dig[d[i]]);
		buf_puts(b, pos[i]);
	}
}

/* A year written digit by digit: 二〇二六. */
static void cn_year(struct buf *b, unsigned y)
{
	static const char *const dig[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	char s[8];
	snprintf(s, sizeof(s), "%u", y);
	for (char *p = s; *p; p++)
		buf_puts(b, dig[*p - '0']);
}

static unsigned counter = 1;

static char *sentence(void)
{
	struct buf b = {0};
	if (rnd(100) < 3) {
		buf_puts(&b, PICK(stock));
		return b.s;
	}
	buf_puts(&b, PICK(subjects));
	buf_puts(&b, "，");
	buf_puts(&b, PICK(verbs));
	buf_puts(&b, PICK(objects));
	uint32_t r = rnd(100);
	if (r < 30) {
		buf_puts(&b, "，");
		buf_puts(&b, PICK(goals));
		cn_num(&b, counter++ % 9000 + 3);
		buf_puts(&b, PICK(units));
	} else if (r < 45) {
		buf_puts(&b, "，到");
		cn_year(&b, 2026 + rnd(5));
		buf_printf(&b, "年新增%u.%u万", counter % 97 + 1, counter % 10);
		counter++;
		buf_puts(&b, PICK(units));
	}
	buf_puts(&b, "，");
	buf_puts(&b, PICK(tails));
	buf_puts(&b, rnd(10) ? "。" : "！");
	return b.s;
}

static char *heading(int level, unsigned number)
{
	struct buf b = {0};
	if (level == 1) {
		cn_num(&b, number);
		buf_puts(&b, "、");
	} else {
		buf_puts(&b, "（");
		cn_num(&b, number);
		buf_puts(&b, "）");
	}
	buf_puts(&b, PICK(heads));
	buf_puts(&b, PICK(objects));
	if (level > 1)
		buf_puts(&b, "。");
	return b.s;
}

/* One line of the draft: a heading, or a sentence of a paragraph. */
struct item {
	char *text;
	int para;      /* lines of one paragraph share it; a heading is a paragraph */
	bool heading;  /* on a line of its own */
	int tag;       /* the tag quoting it, or -1 */
	int edit;      /* in version B: what was done to it (enum edit) */
};

enum edit { KEPT, EDITED, DELETED, MOVED_AWAY };

struct draft {
	struct item *v;
	size_t n, cap;
	int paras;
};

static void push(struct draft *d, char *text, int para, bool heading)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 1024;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	d->v[d->n++] = (struct item){text, para, heading, -1, KEPT};
}

static char *sdup(const char *s)
{
	char *r = xmalloc(strlen(s) + 1);
	strcpy(r, s);
	return r;
}

/* A speech of at least bytes bytes: title, date, salutation, numbered sections and
 * sub-sections of paragraphs of 3 to 8 sentences. */
static void generate(struct draft *d, size_t bytes)
{
	size_t total = 0;
	push(d, sdup("在全市重点工作推进会上的讲话"), d->paras++, true);
	push(d, sdup("（二〇二六年三月五日）"), d->paras++, true);
	push(d, sdup("同志们："), d->paras++, true);
	int para = d->paras++;
	for (int k = 0; k < 4; k++) {
		char *s = sentence();
		total += strlen(s);
		push(d, s, para, false);
	}
	for (unsigned sec = 1; total < bytes; sec++) {
		push(d, heading(1, sec), d->paras++, true);
		for (unsigned sub = 1; sub <= 9 && total < bytes; sub++) {
			push(d, heading(2, sub), d->paras++, true);
			int np = 4 + (int)rnd(6);
			for (int p = 0; p < np && total < bytes; p++) {
				para = d->paras++;
				int ns = 3 + (int)rnd(6);
				for (int k = 0; k < ns; k++) {
					char *s = sentence();
					total += strlen(s) + 1;
					push(d, s, para, false);
				}
			}
		}
	}
	push(d, sdup("同志们！任务艰巨，责任重大，让我们共同努力。"), d->paras++, true);
}

/* Where an item stands in a rendered text. */
struct place {
	size_t byte, chars;      /* its start */
	size_t nbytes, nchars;   /* its length */
};

/* The text of d (indented paragraphs, one per line) into *out; pl[i] gets where item
 * i went. */
static void render(const struct draft *d, struct buf *out, struct place *pl)
{
	size_t chars = 0;
	out->len = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct item *it = &d->v[i];
		bool first = i == 0 || d->v[i - 1].para != it->para;
		if (first) {
			if (i > 0) {
				buf_add(out, "\n", 1);
				chars++;
			}
			buf_puts(out, "　　");
			chars += 2;
		}
		size_t n = strlen(it->text);
		pl[i] = (struct place){out->len, chars, n, utf8_chars(it->text, n)};
		buf_add(out, it->text, n);
		chars += pl[i].nchars;
	}
	buf_add(out, "\n", 1);
}

/* ---- making the 10,000 tags ---- */

static const char *const types[] = {"task", "note", "target", "deadline", "owner"};

static void uuid_of(int tag, char out[STORE_UUID_LEN + 1])
{
	snprintf(out, STORE_UUID_LEN + 1, "%08x-0000-4000-8000-%012x", (unsigned)tag, 0xbe7c4u);
}

static int tag_of_uuid(const char *uuid)
{
	return (int)strtol(uuid, NULL, 16);
}

/* A `pizhu tags --format=json` listing of the tagged items of d in text (as rendered
 * with pl): quote, offsets, 32 characters of context (ANCHOR_CONTEXT), section. */
static void listing(const struct draft *d, const struct place *pl, const char *text,
                    size_t len, const doc *dd, const outline *o, struct buf *json)
{
	/* byte offset of every character, for the context */
	size_t nchars = utf8_chars(text, len);
	size_t *at = xmalloc((nchars + 1) * sizeof(*at));
	for (size_t b = 0, c = 0; b <= len; b++)
		if (b == len || ((unsigned char)text[b] & 0xC0) != 0x80)
			at[c++] = b;
	buf_puts(json, "{\"file\":\"draft.txt\",\"annotations\":[");
	bool first = true;
	for (size_t i = 0; i < d->n; i++) {
		const struct item *it = &d->v[i];
		if (it->tag < 0)
			continue;
		size_t s = pl[i].chars, e = s + pl[i].nchars;
		size_t ps = s > 32 ? s - 32 : 0, se = e + 32 < nchars ? e + 32 : nchars;
		char uuid[STORE_UUID_LEN + 1], sec[256];
		uuid_of(it->tag, uuid);
		tags_section_path(o, dd, pl[i].byte, sec, sizeof(sec));
		buf_printf(json, "%s{\"id\":\"%s\",\"type\":\"%s\",\"start\":%zu,\"end\":%zu,",
		           first ? "" : ",", uuid, types[it->tag % 5], s, e);
		buf_puts(json, "\"quote\":");
		buf_json(json, text + at[s], at[e] - at[s]);
		buf_puts(json, ",\"prefix\":");
		buf_json(json, text + at[ps], at[s] - at[ps]);
		buf_puts(json, ",\"suffix\":");
		buf_json(json, text + at[e], at[se] - at[e]);
		buf_puts(json, ",\"section\":");
		buf_json(json, sec, strlen(sec));
		if (it->tag % 5 == 0)
			buf_printf(json, ",\"owner\":\"王%u\",\"due\":\"2026-%02u-%02u\"",
			           (unsigned)it->tag % 40, (unsigned)it->tag % 12 + 1,
			           (unsigned)it->tag % 28 + 1);
		else if (it->tag % 5 == 1)
			buf_puts(json, ",\"note\":\"会后细化分工，下周报送进展。\"");
		buf_puts(json, ",\"author\":\"bench\"}");
		first = false;
	}
	buf_puts(json, "]}");
	free(at);
}

/* ---- version B: the edited draft ---- */

/* Replaces or inserts one character in the middle of s (never at its final mark). */
static char *edit_sentence(const char *s, bool insert)
{
	size_t n = strlen(s), chars = utf8_chars(s, n), mid = chars / 2, b = 0;
	for (size_t c = 0; c < mid; b++)
		if (((unsigned char)s[b + 1] & 0xC0) != 0x80)
			c++;
	/* b: the byte offset of character mid */
	size_t clen = 1;
	while (b + clen < n && ((unsigned char)s[b + clen] & 0xC0) == 0x80)
		clen++;
	const char *put = !strncmp(s + b, "新", clen) ? "旧" : "新";
	struct buf r = {0};
	buf_add(&r, s, b);
	buf_puts(&r, put);
	buf_puts(&r, s + b + (insert ? 0 : clen));
	return r.s;
}

struct edits {
	size_t edited, deleted, moved;
};

/* Version B of a: a paragraph inserted after the salutation, ~2% of the tagged
 * sentences changed by a character, ~0.5% deleted, a few moved ~100 paragraphs
 * further on (to the start of another paragraph). expect[tag] gets the index in *b of
 * the item that holds each tag's sentence, or -1 when deleted. */
static void edit_draft(struct draft *a, struct draft *b, int *expect, struct edits *ed)
{
	*ed = (struct edits){0};
	size_t nt = 0;
	for (size_t i = 0; i < a->n; i++)
		nt += a->v[i].tag >= 0;
	/* which tagged items to touch: spread, from a fixed seed */
	size_t n_edit = nt / 50, n_del = nt / 200, n_move = 12;
	for (size_t i = 0; i < a->n; i++)
		a->v[i].edit = KEPT;
	size_t want[3] = {n_edit, n_del, n_move};
	int kind[3] = {EDITED, DELETED, MOVED_AWAY};
	for (int k = 0; k < 3; k++)
		for (size_t got = 0; got < want[k];) {
			size_t i = 10 + rnd((uint32_t)(a->n - 20));
			struct item *it = &a->v[i];
			if (it->tag < 0 || it->edit != KEPT)
				continue;
			/* moved and deleted sentences: not the only one of their paragraph */
			if (kind[k] != EDITED && a->v[i - 1].para != it->para && a->v[i + 1].para != it->para)
				continue;
			it->edit = kind[k];
			got++;
		}
	/* each moved sentence goes before the first sentence of the paragraph ~100
	 * paragraphs further on (or before, near the end) */
	size_t *dest = xmalloc(a->n * sizeof(*dest)), moved[64], nmoved = 0;
	for (size_t i = 0; i < a->n; i++) {
		dest[i] = SIZE_MAX;
		if (a->v[i].edit != MOVED_AWAY)
			continue;
		moved[nmoved++] = i;
		int target = a->v[i].para + ((size_t)a->v[i].para + 150 < (size_t)a->paras ? 100 : -100);
		for (size_t j = 0; j < a->n; j++)
			if (a->v[j].para == target && !a->v[j].heading && a->v[j].edit == KEPT) {
				dest[i] = j;
				break;
			}
		if (dest[i] == SIZE_MAX)
			a->v[i].edit = KEPT;
	}
	b->n = 0;
	b->paras = a->paras;
	for (size_t i = 0; i < a->n; i++) {
		struct item *it = &a->v[i];
		/* the new paragraph, right after the salutation: every offset shifts */
		if (i > 0 && a->v[i - 1].heading && !strcmp(a->v[i - 1].text, "同志们：")) {
			int p = b->paras++;
			push(b, sdup("今天召开这次会议，主要是总结前一阶段工作，分析当前形势，"
			            "部署下一步任务。"), p, false);
			push(b, sdup("刚才，几位同志作了很好的发言，讲得都很实在，我都同意。"), p, false);
			push(b, sdup("下面，我再讲几点意见，供大家参考。"), p, false);
		}
		for (size_t mi = 0; mi < nmoved; mi++) {
			size_t m = moved[mi];
			if (dest[m] == i) {
				push(b, sdup(a->v[m].text), it->para, false);
				b->v[b->n - 1].tag = a->v[m].tag;
				b->v[b->n - 1].edit = MOVED_AWAY;
				expect[a->v[m].tag] = (int)(b->n - 1);
				ed->moved++;
			}
		}
		if (it->edit == DELETED) {
			expect[it->tag] = -1;
			ed->deleted++;
			continue;
		}
		if (it->edit == MOVED_AWAY)
			continue;
		char *t = it->edit == EDITED ? edit_sentence(it->text, ed->edited % 2) : sdup(it->text);
		ed->edited += it->edit == EDITED;
		push(b, t, it->para, it->heading);
		b->v[b->n - 1].tag = it->tag;
		b->v[b->n - 1].edit = it->edit;
		if (it->tag >= 0)
			expect[it->tag] = (int)(b->n - 1);
	}
	free(dest);
}

/* ---- the measurements ---- */

static char dir[4096], db_path[4200], big_path[4200], small_path[4200], db_copy[4200];

static void remove_db(const char *path)
{
	char p[4300];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-journal", path);
	unlink(p);
}

static store *open_db(void)
{
	store *st;
	char detail[256];
	enum pz_status s = store_open(db_path, &st, detail, sizeof(detail));
	if (s != PZ_OK) {
		fprintf(stderr, "tagbench: cannot open %s: %s (%s)\n", db_path, pz_strerror(s), detail);
		exit(1);
	}
	return st;
}

static void load(const char *path, doc **d, outline **o)
{
	enum pz_status s = doc_load_file(path, NULL, d, NULL);
	if (s != PZ_OK)
		die(path, s);
	if ((s = outline_build(*d, o)) != PZ_OK)
		die("outline_build", s);
}

static void count_states(const tagset *ts, size_t c[3])
{
	c[0] = c[1] = c[2] = 0;
	for (size_t i = 0; i < tagset_count(ts); i++)
		c[tagset_at(ts, i)->a.anchor]++;
}

/* One aim's line: "  WHAT  12.3 ms (aim < 10 ms): met". */
static void aim(const char *what, double sec, double limit, const char *extra)
{
	char lim[32];
	if (limit >= 1)
		snprintf(lim, sizeof(lim), "%g s", limit);
	else
		snprintf(lim, sizeof(lim), "%g ms", limit * 1e3);
	printf("  %-46s %8.1f ms (aim < %s): %s%s\n", what, sec * 1e3, lim,
	       sec < limit ? "met" : "NOT MET", extra ? extra : "");
}

/* 1. tagset_add on the small draft, NCOMMITS times, on sentences spread over it. */
static void bench_commit(const struct draft *sm, const struct place *pl)
{
	store *st = open_db();
	doc *d;
	outline *o;
	load(small_path, &d, &o);
	size_t len;
	doc_text(d, &len);
	int64_t id, pos;
	enum pz_status s = store_open_document(st, small_path, "commit", (int64_t)len, &id, &pos);
	if (s != PZ_OK)
		die("store_open_document", s);
	tagset *ts;
	if ((s = tagset_open(st, d, o, id, "bench", true, &ts)) != PZ_OK)
		die("tagset_open", s);
	size_t nsent = 0;
	for (size_t i = 0; i < sm->n; i++)
		nsent += !sm->v[i].heading;
	double *ms = xmalloc(NCOMMITS * sizeof(*ms));
	int done = 0;
	for (size_t i = 0, k = 0; i < sm->n && done < NCOMMITS; i++) {
		if (sm->v[i].heading)
			continue;
		if ((k + 1) * NCOMMITS / nsent > k * NCOMMITS / nsent) {
			size_t start = pl[i].byte, end = start + pl[i].nbytes;
			char uuid[STORE_UUID_LEN + 1];
			double t0 = now();
			s = done % 2 ? tagset_add(ts, "note", start, end, "要抓紧落实", NULL, NULL, uuid)
			             : tagset_add(ts, "task", start, end, NULL, "2026-06-30", "李明", uuid);
			ms[done++] = now() - t0;
			if (s != PZ_OK)
				die("tagset_add", s);
		}
		k++;
	}
	double med = quantile(ms, done, 0.5), p90 = quantile(ms, done, 0.9);
	char what[80], extra[80];
	snprintf(what, sizeof(what), "tag commit, median of %d", done);
	snprintf(extra, sizeof(extra), "  (p90 %.1f ms, max %.1f ms)", p90 * 1e3, ms[done - 1] * 1e3);
	aim(what, med, 0.010, extra);
	free(ms);
	tagset_free(ts);
	outline_free(o);
	doc_free(d);
	store_close(st);
}

/* 2. Opening the big draft with its tags on the version they were made on. */
static void bench_open(size_t ntags)
{
	int n = open_runs;
	double *ld = xmalloc(n * sizeof(double)), *ol = xmalloc(n * sizeof(double)),
	       *id_ = xmalloc(n * sizeof(double)), *to = xmalloc(n * sizeof(double)),
	       *sa = xmalloc(n * sizeof(double)), *path = xmalloc(n * sizeof(double));
	for (int r = 0; r < n; r++) {
		store *st = open_db();
		doc *d;
		outline *o;
		double t0 = now();
		enum pz_status s = doc_load_file(big_path, NULL, &d, NULL);
		double t1 = now();
		if (s != PZ_OK)
			die("doc_load_file", s);
		if ((s = outline_build(d, &o)) != PZ_OK)
			die("outline_build", s);
		double t2 = now();
		int64_t id;
		if ((s = tags_identify(st, big_path, d, &id)) != PZ_OK || !id)
			die("tags_identify", s);
		double t3 = now();
		tagset *ts;
		if ((s = tagset_open(st, d, o, id, "bench", true, &ts)) != PZ_OK)
			die("tagset_open", s);
		double t4 = now();
		size_t c[3];
		count_states(ts, c);
		if (tagset_count(ts) != ntags || c[0] != ntags) {
			fprintf(stderr, "tagbench: %zu tags, %zu anchored: expected %zu\n",
			        tagset_count(ts), c[0], ntags);
			exit(1);
		}
		tagset_free(ts);
		/* the database's part alone */
		struct store_annot *v;
		size_t nv;
		double t5 = now();
		if ((s = store_annots(st, id, &v, &nv)) != PZ_OK)
			die("store_annots", s);
		sa[r] = now() - t5;
		store_annots_free(v, nv);
		ld[r] = t1 - t0, ol[r] = t2 - t1, id_[r] = t3 - t2, to[r] = t4 - t3, path[r] = t4 - t0;
		outline_free(o);
		doc_free(d);
		store_close(st);
	}
	char what[80], extra[160];
	snprintf(what, sizeof(what), "open %zu tags, same version, median of %d", ntags, n);
	snprintf(extra, sizeof(extra), "  (store_annots %.1f ms)", quantile(sa, n, 0.5) * 1e3);
	aim(what, quantile(to, n, 0.5), 0.100, extra);
	snprintf(extra, sizeof(extra), "  (load %.1f, outline %.1f, identify %.1f, tags %.1f ms)",
	         quantile(ld, n, 0.5) * 1e3, quantile(ol, n, 0.5) * 1e3, quantile(id_, n, 0.5) * 1e3,
	         quantile(to, n, 0.5) * 1e3);
	aim("  reader: load + outline + tags", quantile(path, n, 0.5), 0.100, extra);
	free(ld), free(ol), free(id_), free(to), free(sa), free(path);
}

/* 3. Opening version B: re-anchoring, and writing where the tags went. */
static void bench_reanchor(size_t ntags, const int *expect, const struct place *plb,
                           const struct draft *b, const char *const *orig)
{
	int n = reanchor_runs;
	double *w = xmalloc(n * sizeof(double)), *m = xmalloc(n * sizeof(double));
	size_t c[3] = {0}, wrong[4] = {0}, lost[4] = {0}, per[4] = {0};
	for (int r = 0; r < 2 * n; r++) {
		bool write = r < n; /* then the same in memory only */
		remove_db(db_path);
		copy_file(db_copy, db_path);
		store *st = open_db();
		doc *d;
		outline *o;
		load(big_path, &d, &o);
		int64_t id;
		enum pz_status s = tags_identify(st, big_path, d, &id);
		if (s != PZ_OK || !id)
			die("tags_identify", s);
		tagset *ts;
		double t0 = now();
		if ((s = tagset_open(st, d, o, id, "bench", write, &ts)) != PZ_OK)
			die("tagset_open", s);
		(write ? w : m)[write ? r : r - n] = now() - t0;
		if (r == 0) {
			count_states(ts, c);
			/* did each tag land on its sentence? */
			for (size_t i = 0; i < tagset_count(ts); i++) {
				const struct tag *g = tagset_at(ts, i);
				int k = tag_of_uuid(g->a.uuid);
				int e = k >= 0 && (size_t)k < ntags ? expect[k] : -1;
				int kind = e < 0 ? DELETED : b->v[e].edit;
				per[kind]++;
				if (g->a.anchor == STORE_ORPHANED) {
					lost[kind] += e >= 0;
					if (verbose && e >= 0)
						fprintf(stderr, "tagbench: %s sentence, tag %d orphaned: was %s\n",
						        kind == EDITED ? "edited" : kind == MOVED_AWAY ? "moved" : "kept",
						        k, orig[k]);
					continue;
				}
				if (e < 0 || (size_t)g->a.start != plb[e].chars) {
					wrong[kind]++;
					if (verbose) {
						char where[48] = "gone";
						if (e >= 0)
							snprintf(where, sizeof(where), "at %zu", plb[e].chars);
						fprintf(stderr, "tagbench: %s sentence, tag %d (%s): was %s\n"
						        "  %s at %lld on %s\n", kind == DELETED ? "deleted" :
						        kind == EDITED ? "edited" : kind == MOVED_AWAY ? "moved" : "kept",
						        k, where, orig[k],
						        g->a.anchor == STORE_MOVED ? "moved" : "anchored",
						        (long long)g->a.start, g->a.quote);
					}
				}
			}
		}
		tagset_free(ts);
		outline_free(o);
		doc_free(d);
		store_close(st);
	}
	double mw = quantile(w, n, 0.5), mm = quantile(m, n, 0.5);
	char what[80], extra[160];
	snprintf(what, sizeof(what), "re-anchor %zu tags, edited draft, median of %d", ntags, n);
	snprintf(extra, sizeof(extra), "  (in memory %.1f ms, writing %.1f ms)", mm * 1e3,
	         (mw - mm) * 1e3);
	aim(what, mw, 1.0, extra);
	printf("    came out %zu anchored, %zu moved, %zu orphaned;"
	       " at another place than their sentence: %zu\n", c[0], c[1], c[2],
	       wrong[KEPT] + wrong[EDITED] + wrong[DELETED] + wrong[MOVED_AWAY]);
	printf("    (of the %zu edited: %zu elsewhere, %zu orphaned; of the %zu deleted: %zu found"
	       " elsewhere;\n     of the %zu moved: %zu elsewhere, %zu orphaned; of the %zu kept:"
	       " %zu elsewhere, %zu orphaned)\n",
	       per[EDITED], wrong[EDITED], lost[EDITED], per[DELETED], wrong[DELETED],
	       per[MOVED_AWAY], wrong[MOVED_AWAY], lost[MOVED_AWAY], per[KEPT], wrong[KEPT],
	       lost[KEPT]);
	free(w), free(m);
}

/* Every file the run may leave, named beforehand: cleanup also runs from a signal
 * handler, where it only unlinks. */
static char leftovers[10][4300];
static int nleftovers;

static void cleanup(void)
{
	for (int i = 0; i < nleftovers; i++)
		unlink(leftovers[i]);
	if (dir[0])
		rmdir(dir);
}

static void on_signal(int sig)
{
	cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

static const char *fs_name(const char *path)
{
	struct statfs sf;
	if (statfs(path, &sf) != 0)
		return "?";
	switch ((unsigned long)sf.f_type) {
	case 0xEF53: return "ext4";
	case 0x01021994: return "tmpfs: fsync is free here";
	case 0x58465342: return "xfs";
	case 0x9123683E: return "btrfs";
	case 0x794c7630: return "overlayfs";
	default: return "disk";
	}
}

/* Tags NTAGS of d's sentences, evenly spread (fewer when it has fewer); returns how
 * many, and the sentences in *nsent. */
static size_t tag_evenly(struct draft *d, size_t *nsent)
{
	size_t ntags = 0, k = 0;
	*nsent = 0;
	for (size_t i = 0; i < d->n; i++)
		*nsent += !d->v[i].heading;
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].heading)
			continue;
		if ((k + 1) * NTAGS / *nsent > k * NTAGS / *nsent)
			d->v[i].tag = (int)ntags++;
		k++;
	}
	return ntags;
}

/* -w DIR: the command line's inputs for bench.sh, written to DIR: draft-a.txt (at
 * least 40 MiB, NTAGS of its sentences tagged), listing.json (those tags, as `pizhu
 * tags --format=json` writes them) and draft-b.txt (draft A edited as for
 * bench_reanchor). */
static int write_cli_inputs(const char *out)
{
	char path[4200];
	struct draft a = {0}, b = {0};
	generate(&a, (size_t)40 << 20);
	size_t nsent, ntags = tag_evenly(&a, &nsent);
	struct buf text = {0}, json = {0};
	struct place *pl = xmalloc(a.n * sizeof(*pl));
	render(&a, &text, pl);
	snprintf(path, sizeof(path), "%s/draft-a.txt", out);
	write_file(path, text.s, text.len);
	doc *d;
	outline *o;
	load(path, &d, &o);
	listing(&a, pl, text.s, text.len, d, o, &json);
	snprintf(path, sizeof(path), "%s/listing.json", out);
	write_file(path, json.s, json.len);
	outline_free(o);
	doc_free(d);
	int *expect = xmalloc(ntags * sizeof(*expect));
	struct edits ed;
	edit_draft(&a, &b, expect, &ed);
	struct place *plb = xmalloc(b.n * sizeof(*plb));
	render(&b, &text, plb);
	snprintf(path, sizeof(path), "%s/draft-b.txt", out);
	write_file(path, text.s, text.len);
	printf("%zu tags on %zu sentences; draft B: %zu edited, %zu deleted, %zu moved\n", ntags,
	       nsent, ed.edited, ed.deleted, ed.moved);
	free(expect);
	free(pl);
	free(plb);
	free(text.s);
	free(json.s);
	return 0;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-q")) {
			open_runs = 3, reanchor_runs = 1;
		} else if (!strcmp(argv[i], "-v")) {
			verbose = true;
		} else if (!strcmp(argv[i], "-w") && i + 1 < argc) {
			return write_cli_inputs(argv[i + 1]);
		} else {
			fprintf(stderr, "usage: tagbench [-q] [-v] | tagbench -w DIR\n");
			return 2;
		}
	}
	const char *tmpdir = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/pizhu-tagbench.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "tagbench: cannot make a directory in %s: %s\n",
		        tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno));
		return 1;
	}
	char real[4096];
	if (realpath(dir, real))
		snprintf(dir, sizeof(dir), "%s", real);
	snprintf(db_path, sizeof(db_path), "%s/pizhu.db", dir);
	snprintf(db_copy, sizeof(db_copy), "%s/saved.db", dir);
	snprintf(big_path, sizeof(big_path), "%s/draft.txt", dir);
	snprintf(small_path, sizeof(small_path), "%s/speech.txt", dir);
	const char *const files[] = {db_path, db_copy, big_path, small_path};
	for (int i = 0; i < 4; i++)
		for (int k = 0; k < (i < 2 ? 4 : 1); k++)
			snprintf(leftovers[nleftovers++], sizeof(leftovers[0]), "%s%s", files[i],
			         (const char *const[]){"", "-wal", "-shm", "-journal"}[k]);
	atexit(cleanup);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, on_signal);

	/* the drafts */
	struct draft small = {0}, a = {0}, b = {0};
	generate(&small, SMALL_BYTES);
	generate(&a, BIG_BYTES);
	struct buf text = {0};
	struct place *pls = xmalloc(small.n * sizeof(*pls));
	render(&small, &text, pls);
	write_file(small_path, text.s, text.len);
	size_t small_len = text.len;

	size_t nsent, ntags = tag_evenly(&a, &nsent);
	if (nsent < NTAGS) {
		fprintf(stderr, "tagbench: only %zu sentences for %d tags\n", nsent, NTAGS);
		return 1;
	}
	struct place *pl = xmalloc(a.n * sizeof(*pl));
	render(&a, &text, pl);
	write_file(big_path, text.s, text.len);
	size_t big_len = text.len;

	/* the tags, made on version A: imported in one transaction, then anchored once
	 * (which records version A as theirs) */
	store *st = open_db();
	doc *d;
	outline *o;
	load(big_path, &d, &o);
	struct buf json = {0};
	listing(&a, pl, text.s, text.len, d, o, &json);
	int64_t id, pos;
	enum pz_status s = store_open_document(st, big_path, "draft", (int64_t)big_len, &id, &pos);
	if (s != PZ_OK)
		die("store_open_document", s);
	size_t added, skipped;
	char detail[256];
	if ((s = listing_import_json(st, id, (int64_t)doc_char_index(d, big_len), json.s, json.len,
	                             &added, &skipped, detail, sizeof(detail))) != PZ_OK) {
		fprintf(stderr, "tagbench: import: %s (%s)\n", pz_strerror(s), detail);
		return 1;
	}
	tagset *ts;
	double t0 = now();
	if ((s = tagset_open(st, d, o, id, "bench", true, &ts)) != PZ_OK)
		die("tagset_open", s);
	double first = now() - t0;
	size_t c[3];
	count_states(ts, c);
	if (added != ntags || c[0] != ntags) {
		fprintf(stderr, "tagbench: %zu tags imported, %zu anchored on their own draft: "
		        "expected %zu\n", added, c[0], ntags);
		return 1;
	}
	tagset_free(ts);
	outline_free(o);
	doc_free(d);
	store_close(st);
	free(json.s);

	/* version B */
	int *expect = xmalloc(ntags * sizeof(*expect));
	char **orig = xmalloc(ntags * sizeof(*orig));
	for (size_t i = 0; i < a.n; i++)
		if (a.v[i].tag >= 0)
			orig[a.v[i].tag] = a.v[i].text;
	struct edits ed;
	edit_draft(&a, &b, expect, &ed);
	struct place *plb = xmalloc(b.n * sizeof(*plb));
	struct buf tb = {0};
	render(&b, &tb, plb);

	printf("\ntagging: %.1f KiB draft for commits; %.1f MiB draft (%zu sentences) with %zu tags;"
	       "\n database in %s (%s), WAL, synchronous=FULL\n",
	       small_len / 1024.0, big_len / 1048576.0, nsent, ntags, dir, fs_name(dir));
	bench_commit(&small, pls);
	bench_open(ntags);
	copy_file(db_path, db_copy);
	write_file(big_path, tb.s, tb.len);
	bench_reanchor(ntags, expect, plb, &b, (const char *const *)orig);
	printf("(the edited draft: a paragraph inserted near the start, %zu tagged sentences changed"
	       "\n by a character, %zu deleted, %zu moved ~100 paragraphs; the first import's"
	       " anchoring\n on the unchanged draft took %.0f ms; medians, wall time)\n",
	       ed.edited, ed.deleted, ed.moved, first * 1e3);
	free(expect);
	free(orig);
	free(plb);
	free(pl);
	free(pls);
	free(tb.s);
	free(text.s);
	return 0;
}
