/* Unit tests of the session: a document opened in stages, its place in the library, its
 * tags, its suggestions turned down, hidden and accepted (and kept down across
 * sessions), and keeping in step with the database and the file on disk. */
#include "pizhu/session.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

struct fx {
	char dir[64];
	char db[128];
	char file[128];
	store *st;
};

/* A short speech written for these tests: a task with its owner and deadline, a target,
 * and a long task sentence (more than 511 bytes). */
static const char speech[] =
	"关于做好今年农田水利建设的讲话\n"
	"（2024年3月5日）\n"
	"同志们：\n"
	"一、抓紧春季施工\n"
	"县水利局要在6月底前完成全部渠道清淤。\n"
	"全县灌溉保证率要达到85%以上。\n"
	"二、管好用好资金\n"
	"各乡镇要把上级下达的农田水利补助资金全部用于小型水利工程的新建、改建和维修，"
	"坚持先规划后建设、先论证后立项、先公示后施工的办法，严格执行项目法人责任制、"
	"招标投标制、工程监理制和合同管理制，切实做到专款专用、专账核算、专人管理，"
	"任何单位和个人都不得以任何名义截留、挤占、挪用，确保每一笔资金都用在群众最需要的"
	"沟渠塘坝上，让群众看得见、摸得着、得实惠。\n";

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/pizhu-session-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/pizhu.db", f->dir);
	snprintf(f->file, sizeof(f->file), "%s/speech.txt", f->dir);
	FILE *out = fopen(f->file, "w");
	if (!out || fputs(speech, out) < 0 || fclose(out) != 0)
		return -1;
	if (store_open(f->db, &f->st, NULL, 0) != PZ_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

static const struct session_options opts = { .author = "tester" };

/* A session on the fixture's file: outline, library entry, tags, suggestions. */
static session *open_all(struct fx *f)
{
	session *s = NULL;
	assert_int_equal(session_open(f->file, &opts, &s, NULL), PZ_OK);
	assert_int_equal(session_build_outline(s), PZ_OK);
	assert_int_equal(session_identify(s, f->st, true), PZ_OK);
	if (!session_document(s))
		assert_int_equal(session_record(s, NULL), PZ_OK);
	assert_int_equal(session_load_tags(s, true), PZ_OK);
	assert_int_equal(session_find_suggestions(s), PZ_OK);
	return s;
}

/* The suggestion of type t whose words start with w, or SIZE_MAX. */
static size_t find(const session *s, enum detect_type t, const char *w)
{
	size_t n;
	const struct detect_item *v = suggestions_items(session_suggestions(s), &n);
	const char *text = session_text(s, NULL);
	for (size_t i = 0; i < n; i++)
		if (v[i].type == t && !strncmp(text + v[i].start, w, strlen(w)))
			return i;
	return SIZE_MAX;
}

static void stages_and_the_library(void **state)
{
	struct fx *f = *state;
	session *s = NULL;
	assert_int_equal(session_open(f->file, &opts, &s, NULL), PZ_OK);
	/* the file alone: no outline, no library entry, nothing written */
	assert_null(session_outline(s));
	assert_int_equal(session_document(s), 0);
	assert_non_null(session_abspath(s));
	assert_int_equal(session_outline_paragraphs(s), PZ_OK);
	assert_false(session_outline_complete(s));
	assert_int_equal(session_build_outline(s), PZ_OK);
	assert_true(session_outline_complete(s));
	char title[128];
	session_title(s, title, sizeof(title));
	assert_string_equal(title, "关于做好今年农田水利建设的讲话");
	assert_int_equal(session_identify(s, f->st, true), PZ_OK);
	assert_int_equal(session_document(s), 0);
	/* not in the library: no tags, and load_tags says nothing is wrong */
	assert_int_equal(session_load_tags(s, true), PZ_OK);
	assert_null(session_tags(s));
	struct store_doc *docs;
	size_t n;
	assert_int_equal(store_library(f->st, &docs, &n), PZ_OK);
	assert_int_equal(n, 0);
	store_docs_free(docs, n);
	assert_int_equal(session_record(s, title), PZ_OK);
	assert_int_not_equal(session_document(s), 0);
	assert_int_equal(session_save_position(s, 40), PZ_OK);
	session_close(s);
	/* a new session knows it, and where reading stopped */
	assert_int_equal(session_open(f->file, &opts, &s, NULL), PZ_OK);
	assert_int_equal(session_identify(s, f->st, true), PZ_OK);
	assert_int_not_equal(session_document(s), 0);
	assert_int_equal(session_saved_position(s), 40);
	session_close(s);
	/* a missing file: the loader's status */
	assert_int_equal(session_open("/nonexistent/speech.txt", &opts, &s, NULL), PZ_NOENT);
}

static void rejections_stay_down_in_later_sessions(void **state)
{
	struct fx *f = *state;
	session *s = open_all(f);
	size_t target = find(s, DETECT_TARGET, "达到85%");
	size_t big = find(s, DETECT_TASK, "各乡镇要");
	assert_int_not_equal(target, SIZE_MAX);
	assert_int_not_equal(big, SIZE_MAX);
	suggestions *sg = session_suggestions(s);
	size_t n;
	const struct detect_item *v = suggestions_items(sg, &n);
	assert_true(v[big].end - v[big].start > 511); /* once cut off, and then never matched */
	assert_false(suggestions_hidden(sg, target));
	assert_int_equal(session_reject(s, target), PZ_OK);
	assert_int_equal(session_reject(s, big), PZ_OK);
	assert_true(suggestions_hidden(sg, target));
	assert_true(suggestions_hidden(sg, big));
	assert_int_equal(suggestions_hidden_count(sg), 2);
	session_close(s);
	/* the next session, as after quitting: still down */
	s = open_all(f);
	sg = session_suggestions(s);
	assert_true(suggestions_hidden(sg, find(s, DETECT_TARGET, "达到85%")));
	assert_true(suggestions_hidden(sg, find(s, DETECT_TASK, "各乡镇要")));
	assert_false(suggestions_hidden(sg, find(s, DETECT_DEADLINE, "6月底前")));
	/* what `pizhu suggest` prints: the rest, with their task indices renumbered */
	struct detect_item *kept;
	size_t nk;
	v = suggestions_items(sg, &n);
	assert_int_equal(suggestions_copy_unhidden(sg, &kept, &nk), PZ_OK);
	assert_int_equal(nk, n - 2);
	for (size_t i = 0; i < nk; i++) {
		assert_false(kept[i].type == DETECT_TARGET && kept[i].start == v[target].start);
		if (kept[i].task != SIZE_MAX) { /* its task, the sentence holding it */
			assert_true(kept[i].task < nk);
			const struct detect_item *task = &kept[kept[i].task];
			assert_int_equal(task->type, DETECT_TASK);
			assert_true(task->start <= kept[i].start && kept[i].end <= task->end);
		}
	}
	free(kept);
	session_close(s);
}

static void the_same_words_elsewhere_are_not_turned_down(void **state)
{
	struct fx *f = *state;
	session *s = open_all(f);
	size_t i = find(s, DETECT_DEADLINE, "6月底前");
	size_t ps = suggestions_prefix_start(session_suggestions(s), i);
	size_t n;
	const struct detect_item *v = suggestions_items(session_suggestions(s), &n);
	/* eight characters before it, within its line */
	assert_memory_equal(session_text(s, NULL) + ps, "县水利局要在", v[i].start - ps);
	/* a rejection of the same words after other words hides nothing */
	struct store_rejection other = { .type = "deadline", .quote = "6月底前", .prefix = "别的单位要在" };
	suggestions_cover(session_suggestions(s), session_tags(s));
	assert_int_equal(suggestions_apply_rejections(session_suggestions(s), &other, 1), PZ_OK);
	assert_false(suggestions_hidden(session_suggestions(s), i));
	struct store_rejection same = { .type = "deadline", .quote = "6月底前", .prefix = "县水利局要在" };
	assert_int_equal(suggestions_apply_rejections(session_suggestions(s), &same, 1), PZ_OK);
	assert_true(suggestions_hidden(session_suggestions(s), i));
	session_close(s);
}

/* Issue 14: turning a suggestion down is undone and redone like a tag, and one turned
 * down is listed and brought back (undoable too). */
static void a_turn_down_is_undone_and_brought_back(void **state)
{
	struct fx *f = *state;
	session *s = open_all(f);
	suggestions *sg = session_suggestions(s);
	tagset *ts = session_tags(s);
	size_t target = find(s, DETECT_TARGET, "达到85%");
	assert_int_not_equal(target, SIZE_MAX);
	char uuid[STORE_UUID_LEN + 1], tag[STORE_UUID_LEN + 1];
	/* a tag first, then the turn-down: undo takes the turn-down back first */
	assert_int_equal(session_accept(s, find(s, DETECT_TASK, "县水利局要"), tag), PZ_OK);
	assert_int_equal(session_reject(s, target), PZ_OK);
	assert_true(suggestions_hidden(sg, target));
	assert_true(suggestions_rejected(sg, target));
	/* down already: nothing more in the history */
	assert_int_equal(session_reject(s, target), PZ_OK);
	assert_int_equal(tagset_undo(ts, uuid), PZ_OK);
	assert_string_not_equal(uuid, tag);
	struct store_rejection rj;
	assert_int_equal(store_rejection_get(f->st, uuid, &rj), PZ_OK);
	assert_string_equal(rj.quote, "达到85%以上");
	assert_string_equal(rj.type, "target");
	store_rejection_release(&rj);
	assert_int_equal(store_rejection_get(f->st, tag, &rj), PZ_NOENT);
	assert_int_equal(session_reload_rejections(s), PZ_OK);
	assert_false(suggestions_hidden(sg, target));
	assert_false(suggestions_rejected(sg, target));
	struct store_rejection *v;
	size_t n;
	assert_int_equal(store_rejections(f->st, session_document(s), &v, &n), PZ_OK);
	assert_int_equal(n, 0);
	store_rejections_free(v, n);
	/* redo turns it down again; the tag is still there */
	assert_int_equal(tagset_redo(ts, uuid), PZ_OK);
	assert_int_equal(session_reload_rejections(s), PZ_OK);
	assert_true(suggestions_hidden(sg, target));
	assert_int_not_equal(tagset_find(ts, tag), SIZE_MAX);
	/* listed */
	assert_int_equal(store_rejections(f->st, session_document(s), &v, &n), PZ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].quote, "达到85%以上");
	assert_string_equal(v[0].uuid, uuid);
	store_rejections_free(v, n);
	/* brought back: shown, not listed, and that is undoable too */
	assert_int_equal(session_bring_back(s, target), PZ_OK);
	assert_false(suggestions_hidden(sg, target));
	assert_int_equal(session_bring_back(s, target), PZ_NOENT);
	assert_int_equal(store_rejections(f->st, session_document(s), &v, &n), PZ_OK);
	assert_int_equal(n, 0);
	store_rejections_free(v, n);
	assert_int_equal(tagset_undo(ts, uuid), PZ_OK);
	assert_int_equal(session_reload_rejections(s), PZ_OK);
	assert_true(suggestions_hidden(sg, target));
	/* turned down again by hand after being brought back: one row, the same uuid */
	assert_int_equal(session_bring_back(s, target), PZ_OK);
	assert_int_equal(session_reject(s, target), PZ_OK);
	assert_int_equal(store_rejections(f->st, session_document(s), &v, &n), PZ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].uuid, uuid);
	store_rejections_free(v, n);
	/* the tag's own undo still works behind them (the bring-back undone above left
	 * the history when the next change came) */
	assert_int_equal(tagset_undo(ts, uuid), PZ_OK); /* the turn-down */
	assert_int_equal(tagset_undo(ts, uuid), PZ_OK); /* the bring-back */
	assert_int_equal(tagset_undo(ts, uuid), PZ_OK); /* the first turn-down */
	assert_int_equal(tagset_undo(ts, uuid), PZ_OK); /* the tag */
	assert_string_equal(uuid, tag);
	assert_int_equal(tagset_find(ts, tag), SIZE_MAX);
	session_close(s);
	/* the next session reads what the history left: not down */
	s = open_all(f);
	assert_false(suggestions_hidden(session_suggestions(s), find(s, DETECT_TARGET, "达到85%")));
	session_close(s);
}

static void accepting_makes_the_tag_and_hides_it(void **state)
{
	struct fx *f = *state;
	session *s = open_all(f);
	suggestions *sg = session_suggestions(s);
	size_t task = find(s, DETECT_TASK, "县水利局要");
	assert_int_not_equal(task, SIZE_MAX);
	char uuid[STORE_UUID_LEN + 1];
	assert_int_equal(session_accept(s, task, uuid), PZ_OK);
	tagset *ts = session_tags(s);
	const struct tag *t = tagset_at(ts, tagset_find(ts, uuid));
	assert_string_equal(t->a.type, "task");
	assert_string_equal(t->a.quote, "县水利局要在6月底前完成全部渠道清淤。");
	/* with the owner and the date suggested in its sentence */
	assert_string_equal(t->a.owner, "县水利局");
	assert_string_equal(t->a.due, "2024-06-30");
	assert_true(suggestions_hidden(sg, task));
	/* the deadline in it is not a task: still shown */
	size_t dl = find(s, DETECT_DEADLINE, "6月底前");
	assert_false(suggestions_hidden(sg, dl));
	/* deleting the tag shows the suggestion again */
	assert_int_equal(tagset_delete(ts, uuid), PZ_OK);
	session_tags_changed(s);
	assert_false(suggestions_hidden(sg, task));
	/* no tags loaded: nothing to accept into */
	session_close(s);
	assert_int_equal(session_open(f->file, &opts, &s, NULL), PZ_OK);
	assert_int_equal(session_build_outline(s), PZ_OK);
	assert_int_equal(session_find_suggestions(s), PZ_OK);
	assert_int_equal(session_accept(s, 0, NULL), PZ_NOENT);
	/* without a database a rejection holds for the session */
	assert_int_equal(session_reject(s, 0), PZ_OK);
	assert_true(suggestions_hidden(session_suggestions(s), 0));
	session_close(s);
}

static void moving_through_and_hiding_them_all(void **state)
{
	struct fx *f = *state;
	session *s = open_all(f);
	suggestions *sg = session_suggestions(s);
	size_t n;
	const struct detect_item *v = suggestions_items(sg, &n);
	assert_true(n >= 4);
	size_t first = suggestions_next(sg, 0, false);
	assert_int_not_equal(first, SIZE_MAX);
	/* the next after it starts later; back from there comes to the last one starting
	 * where it does (the task's owner starts with it) */
	size_t second = suggestions_next(sg, v[first].start, false);
	assert_true(v[second].start > v[first].start);
	size_t back = suggestions_next(sg, v[second].start, true);
	assert_int_equal(v[back].start, v[first].start);
	assert_true(back > first);
	assert_int_equal(suggestions_next(sg, v[first].start, true), SIZE_MAX);
	/* a hidden one is passed over */
	suggestions_turn_down(sg, second);
	size_t third = suggestions_next(sg, v[first].start, false);
	assert_int_not_equal(third, second);
	assert_true(third > second);
	assert_int_equal(suggestions_shown_at(sg, v[first].start, v[first].end), first);
	size_t *in, nin;
	assert_int_equal(suggestions_in(sg, 0, v[n - 1].end, &in, &nin), PZ_OK);
	assert_int_equal(nin, n - 1);
	free(in);
	/* the user's switch hides them all from view */
	suggestions_show(sg, false);
	assert_false(suggestions_shown(sg));
	assert_int_equal(suggestions_shown_at(sg, v[first].start, v[first].end), SIZE_MAX);
	suggestions_show(sg, true);
	assert_int_equal(suggestions_shown_at(sg, v[first].start, v[first].end), first);
	session_close(s);
}

static void refresh_sees_other_writers_and_the_file(void **state)
{
	struct fx *f = *state;
	session *s = open_all(f);
	unsigned changed;
	assert_int_equal(session_refresh(s, &changed), PZ_OK);
	assert_int_equal(changed, 0);
	/* another process tags it: the tags are read again, the suggestion hidden */
	store *other;
	assert_int_equal(store_open(f->db, &other, NULL, 0), PZ_OK);
	session *s2;
	assert_int_equal(session_open(f->file, &opts, &s2, NULL), PZ_OK);
	assert_int_equal(session_build_outline(s2), PZ_OK);
	assert_int_equal(session_identify(s2, other, true), PZ_OK);
	assert_int_equal(session_load_tags(s2, true), PZ_OK);
	size_t t = strstr(speech, "达到85%以上") - speech;
	assert_int_equal(tagset_add(session_tags(s2), "target", t, t + strlen("达到85%以上"), NULL,
	                            NULL, NULL, NULL),
	                 PZ_OK);
	session_close(s2);
	store_close(other);
	size_t target = find(s, DETECT_TARGET, "达到85%");
	assert_false(suggestions_hidden(session_suggestions(s), target));
	assert_int_equal(session_refresh(s, &changed), PZ_OK);
	assert_int_equal(changed, SESSION_TAGS);
	assert_int_equal(tagset_count(session_tags(s)), 1);
	assert_true(suggestions_hidden(session_suggestions(s), target));
	/* the file changes on disk: said once it stayed the same between two looks */
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	nanosleep(&pause, NULL);
	FILE *out = fopen(f->file, "a");
	assert_non_null(out);
	fputs("同志们，努力吧！\n", out);
	fclose(out);
	assert_int_equal(session_refresh(s, &changed), PZ_OK);
	assert_int_equal(changed, 0);
	assert_int_equal(session_refresh(s, &changed), PZ_OK);
	assert_int_equal(changed, SESSION_FILE);
	assert_int_equal(session_refresh(s, &changed), PZ_OK);
	assert_int_equal(changed, 0); /* once */
	/* its text stays the one read */
	size_t len;
	session_text(s, &len);
	assert_int_equal(len, strlen(speech));
	/* removed: said too */
	assert_int_equal(unlink(f->file), 0);
	assert_int_equal(session_refresh(s, &changed), PZ_OK);
	assert_int_equal(session_refresh(s, &changed), PZ_OK);
	assert_int_equal(changed, SESSION_FILE);
	session_close(s);
}

/* A file new to the library that resembles a known document is found to be its next
 * draft; adopted, it is that document's second draft, under its own name, with its tags
 * and the reviewer's author; a text in memory keeps its offsets. */
static void another_draft_of_a_known_document(void **state)
{
	struct fx *f = *state;
	session *a = open_all(f);
	int64_t doc = session_document(a);
	assert_true(doc > 0);
	assert_string_equal(session_author(a), "tester");
	int64_t va;
	assert_int_equal(session_version(a, &va), PZ_OK);
	session_close(a);
	char other[160];
	snprintf(other, sizeof(other), "%s/第二稿.txt", f->dir);
	FILE *out = fopen(other, "w");
	assert_non_null(out);
	fputs(speech, out);
	fputs("三、补充一段新的要求，各乡镇抓好落实。\n", out);
	fclose(out);
	session *b = NULL;
	assert_int_equal(session_open(other, &opts, &b, NULL), PZ_OK);
	assert_int_equal(session_build_outline(b), PZ_OK);
	assert_int_equal(session_identify(b, f->st, true), PZ_OK);
	assert_int_equal(session_document(b), 0);
	int64_t found = 0;
	char *path = NULL;
	size_t drafts = 0;
	assert_int_equal(session_find_resembling(b, &found, &path, &drafts), PZ_OK);
	assert_int_equal(found, doc);
	assert_int_equal(drafts, 1);
	assert_string_equal(strrchr(path, '/'), "/speech.txt");
	free(path);
	assert_int_equal(session_adopt(b, doc), PZ_OK);
	assert_int_equal(session_document(b), doc);
	assert_int_equal(session_record(b, NULL), PZ_OK);
	assert_int_equal(session_load_tags(b, true), PZ_OK);
	struct store_draft *v;
	size_t n;
	assert_int_equal(store_drafts(f->st, doc, &v, &n), PZ_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].version, va);
	store_drafts_free(v, n);
	/* known now: nothing more resembles */
	assert_int_equal(session_find_resembling(b, &found, &path, &drafts), PZ_NOENT);
	session_close(b);
	/* an unrelated text resembles nothing */
	snprintf(other, sizeof(other), "%s/other.txt", f->dir);
	out = fopen(other, "w");
	assert_non_null(out);
	fputs("关于春季植树活动的通知。\n各单位要组织职工积极参加。\n", out);
	fclose(out);
	assert_int_equal(session_open(other, &opts, &b, NULL), PZ_OK);
	assert_int_equal(session_identify(b, f->st, true), PZ_OK);
	assert_int_equal(session_find_resembling(b, &found, &path, &drafts), PZ_NOENT);
	session_close(b);
	/* a text in memory */
	const char t[] = "一、总体要求\n今年要稳步推进。\n";
	assert_int_equal(session_open_text("review", t, sizeof(t) - 1, &opts, &b), PZ_OK);
	size_t len;
	assert_int_equal(memcmp(session_text(b, &len), t, sizeof(t) - 1), 0);
	assert_int_equal(len, sizeof(t) - 1);
	assert_null(session_abspath(b));
	session_close(b);
}

/* The library record written on a connection of its own (as the reader's thread does):
 * the entry and the text's version, taken back into the session; for a new draft of a
 * known document whose tags were loaded before, the version is theirs, and saving what
 * opening left writes nothing more. */
static void recorded_on_another_connection(void **state)
{
	struct fx *f = *state;
	session *s = NULL;
	assert_int_equal(session_open(f->file, &opts, &s, NULL), PZ_OK);
	assert_int_equal(session_build_outline(s), PZ_OK);
	assert_int_equal(session_identify(s, f->st, false), PZ_OK);
	assert_int_equal(session_document(s), 0);
	struct session_record r;
	assert_int_equal(session_record_plan(s, "标题", &r), PZ_OK);
	store *other;
	assert_int_equal(store_open(f->db, &other, NULL, 0), PZ_OK);
	int64_t before = store_changes(f->st);
	assert_int_equal(session_record_write(other, &r), PZ_OK);
	assert_true(r.id > 0 && r.version > 0);
	int64_t doc = r.id, version = r.version;
	assert_int_equal(session_document(s), 0); /* not taken back yet */
	session_recorded(s, &r, PZ_OK);
	assert_null(r.abs);
	assert_int_equal(session_document(s), doc);
	int64_t v = 0;
	assert_int_equal(session_version(s, &v), PZ_OK);
	assert_int_equal(v, version);
	assert_int_equal(session_load_tags(s, false), PZ_OK);
	assert_int_equal(tagset_version(session_tags(s)), version);
	assert_int_equal(store_changes(f->st), before); /* all written by the other */
	session_close(s);
	/* a new draft of it, its tags loaded before the record */
	FILE *out = fopen(f->file, "a");
	assert_non_null(out);
	fputs("三、补充一段新的要求，各乡镇抓好落实。\n", out);
	fclose(out);
	assert_int_equal(session_open(f->file, &opts, &s, NULL), PZ_OK);
	assert_int_equal(session_build_outline(s), PZ_OK);
	assert_int_equal(session_identify(s, f->st, false), PZ_OK);
	assert_int_equal(session_document(s), doc);
	assert_int_equal(session_load_tags(s, false), PZ_OK);
	assert_int_equal(tagset_version(session_tags(s)), 0);
	assert_int_equal(session_record_plan(s, "标题", &r), PZ_OK);
	assert_int_equal(session_record_write(other, &r), PZ_OK);
	assert_int_equal(r.id, doc);
	assert_true(r.version > version);
	version = r.version;
	session_recorded(s, &r, PZ_OK);
	assert_int_equal(tagset_version(session_tags(s)), version);
	assert_int_equal(session_save(s), PZ_OK);
	assert_int_equal(store_changes(f->st), before);
	/* a record that failed is taken back as one: the document stays as identified */
	assert_int_equal(session_record_plan(s, NULL, &r), PZ_OK);
	r.id = 0;
	session_recorded(s, &r, PZ_DBBUSY);
	assert_int_equal(session_document(s), doc);
	session_close(s);
	store_close(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(stages_and_the_library, setup, teardown),
		cmocka_unit_test_setup_teardown(rejections_stay_down_in_later_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(the_same_words_elsewhere_are_not_turned_down, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_turn_down_is_undone_and_brought_back, setup, teardown),
		cmocka_unit_test_setup_teardown(accepting_makes_the_tag_and_hides_it, setup, teardown),
		cmocka_unit_test_setup_teardown(moving_through_and_hiding_them_all, setup, teardown),
		cmocka_unit_test_setup_teardown(refresh_sees_other_writers_and_the_file, setup, teardown),
		cmocka_unit_test_setup_teardown(another_draft_of_a_known_document, setup, teardown),
		cmocka_unit_test_setup_teardown(recorded_on_another_connection, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
