/* Every thing the reader can do, in one table: the enum, the names used in keymaps,
 * the help screen and the manual's key list are all generated from ACTION_LIST. */
#ifndef PIZHU_ACTION_H
#define PIZHU_ACTION_H

#include <stddef.h>

/*
 * ACTION(id, "name", "help text"). Names are lower case with dashes, as written in
 * keymaps; the help text stands beside the keys on the help screen: lower case, no
 * final period. The table's order is the help screen's order.
 *
 * Movement actions are shared by every list-like pane (tig's move-down): in the
 * text pane they scroll, in the tree and the library they move the selection, in
 * help they scroll the help. A pane ignores an action that does not concern it.
 */
#define ACTION_LIST(ACTION)                                                              \
	/* the reader */                                                                 \
	ACTION(QUIT,            "quit",            "quit, keeping the reading position")     \
	ACTION(HELP,            "help",            "show every action and its keys")         \
	ACTION(CLOSE,           "close",           "close the help, the tag list or the library (quit when nothing is behind it)") \
	ACTION(LIBRARY,         "library",         "list the documents opened before")       \
	ACTION(REDRAW,          "redraw",          "redraw the whole screen")                \
	ACTION(SUSPEND,         "suspend",         "suspend to the shell (resume with fg)")  \
	ACTION(READ_AGAIN,      "read-again",      "read the file again after it changed on disk") \
	/* panes */                                                                      \
	ACTION(FOCUS_NEXT,      "focus-next",      "move the focus to the other pane")       \
	ACTION(TOGGLE_TREE,     "toggle-tree",     "hide or show the tree")                  \
	ACTION(TREE_WIDER,      "tree-wider",      "make the tree pane wider")               \
	ACTION(TREE_NARROWER,   "tree-narrower",   "make the tree pane narrower")            \
	/* moving in any pane */                                                         \
	ACTION(LINE_DOWN,       "line-down",       "one line down (tree, library: the next entry)") \
	ACTION(LINE_UP,         "line-up",         "one line up (tree, library: the previous entry)") \
	ACTION(HALF_PAGE_DOWN,  "half-page-down",  "half a page down")                       \
	ACTION(HALF_PAGE_UP,    "half-page-up",    "half a page up")                         \
	ACTION(PAGE_DOWN,       "page-down",       "one page down")                          \
	ACTION(PAGE_UP,         "page-up",         "one page up")                            \
	ACTION(TOP,             "top",             "to the beginning (tree, library: the first entry)") \
	ACTION(BOTTOM,          "bottom",          "to the end (tree, library: the last entry)") \
	/* the tree */                                                                   \
	ACTION(JUMP,            "jump",            "show the selected node, or tag, in the text")     \
	ACTION(EXPAND,          "expand",          "open the selected node")                 \
	ACTION(COLLAPSE,        "collapse",        "close the selected node, or select its parent") \
	ACTION(TOGGLE_FOLD,     "toggle-fold",     "open or close the selected node")        \
	ACTION(EXPAND_ALL,      "expand-all",      "open every node")                        \
	ACTION(COLLAPSE_ALL,    "collapse-all",    "close every node: speeches only")        \
	ACTION(LEVEL_1,         "level-1",         "show one level below the speeches")      \
	ACTION(LEVEL_2,         "level-2",         "show two levels below the speeches")     \
	ACTION(LEVEL_3,         "level-3",         "show three levels below the speeches")   \
	/* the text */                                                                   \
	ACTION(NEXT_SENTENCE,   "next-sentence",   "move the sentence cursor to the next sentence") \
	ACTION(PREV_SENTENCE,   "prev-sentence",   "move the sentence cursor to the previous sentence") \
	ACTION(NEXT_PARAGRAPH,  "next-paragraph",  "move the sentence cursor to the next paragraph") \
	ACTION(PREV_PARAGRAPH,  "prev-paragraph",  "move the sentence cursor to the start of the paragraph, or the previous one") \
	ACTION(NEXT_SECTION,    "next-section",    "move the sentence cursor to the next section") \
	ACTION(PREV_SECTION,    "prev-section",    "move the sentence cursor to the start of the section, or the previous one") \
	ACTION(MARK,            "mark",            "remember the place under the letter typed next, as m in less and vi") \
	ACTION(GOTO_MARK,       "goto-mark",       "go back to the place remembered under the letter typed next") \
	ACTION(GOTO_LINE,       "goto-line",       "go to a line of the file (asks for its number)") \
	ACTION(GOTO_PERCENT,    "goto-percent",    "go to a percentage of the document (asks for it)") \
	/* search */                                                                     \
	ACTION(SEARCH_FORWARD,  "search-forward",  "search forward as you type")             \
	ACTION(SEARCH_BACKWARD, "search-backward", "search backward as you type")            \
	ACTION(SEARCH_NEXT,     "search-next",     "go to the next match, in the search's direction") \
	ACTION(SEARCH_PREV,     "search-prev",     "go to the previous match, against the search's direction") \
	/* selecting and tagging */                                                      \
	ACTION(SELECT,          "select",          "select the sentence at the cursor, to extend or shrink before tagging") \
	ACTION(EXTEND_SENTENCE, "extend-sentence", "extend the selection by a sentence")     \
	ACTION(SHRINK_SENTENCE, "shrink-sentence", "shrink the selection by a sentence")     \
	ACTION(EXTEND_CLAUSE,   "extend-clause",   "extend the selection to the end of the next clause") \
	ACTION(SHRINK_CLAUSE,   "shrink-clause",   "shrink the selection by a clause")       \
	ACTION(EXTEND_CHAR,     "extend-char",     "extend the selection by a character")    \
	ACTION(SHRINK_CHAR,     "shrink-char",     "shrink the selection by a character")    \
	ACTION(SELECT_PARAGRAPH, "select-paragraph", "select the whole paragraph")           \
	ACTION(SELECT_POINT,    "select-point",    "select the whole point or section the cursor is in") \
	ACTION(OTHER_END,       "other-end",       "move the other end of the selection: the keys that extend and shrink it then move its start (again: its end)") \
	ACTION(COPY,            "copy",            "copy the selection (else the sentence at the cursor) with its citation to the terminal's clipboard") \
	ACTION(TAG_PREFIX,      "tag-prefix",      "start a tag: the next key says its type (keys after the tag key)") \
	ACTION(TAG_TASK,        "tag-task",        "tag the selection (else the sentence at the cursor) as a task") \
	ACTION(TAG_TARGET,      "tag-target",      "tag it as a target")                \
	ACTION(TAG_DEADLINE,    "tag-deadline",    "tag it as a deadline (asks for the due date)") \
	ACTION(TAG_OWNER,       "tag-owner",       "tag it as an owner (the unit responsible)")            \
	ACTION(TAG_NOTE,        "tag-note",        "write a note on it (asks for the note)") \
	ACTION(TAG_DECLARED,    "tag-declared",    "tag it with the type the config declares for this key") \
	ACTION(NEXT_TAG,        "next-tag",        "move the sentence cursor to the next tag") \
	ACTION(PREV_TAG,        "prev-tag",        "move the sentence cursor to the previous tag") \
	/* changing tags: in the text the tag at the cursor, in the tag list the selected one */ \
	ACTION(EDIT_NOTE,       "edit-note",       "write or change the tag's note")         \
	ACTION(SET_DUE,         "set-due",         "set the tag's due date (YYYY-MM-DD)")    \
	ACTION(SET_OWNER,       "set-owner",       "set who is responsible for the tag")     \
	ACTION(TOGGLE_DONE,     "toggle-done",     "mark the task done, or open again")      \
	ACTION(CHANGE_TYPE,     "change-type",     "change the tag to the next type")        \
	ACTION(DELETE_TAG,      "delete-tag",      "delete the tag (undo brings it back)")   \
	ACTION(UNDO,            "undo",            "undo the last change to the tags, also one made before reopening") \
	ACTION(REDO,            "redo",            "redo the change to the tags just undone") \
	ACTION(TAG_LIST,        "tag-list",        "list every tag of the document")         \
	ACTION(SHOW_TAG,        "show-tag",        "show the whole tag: quote, note, due date, owner, who made and changed it (its history), discussion") \
	/* suggestions */                                                                \
	ACTION(TOGGLE_SUGGESTIONS, "toggle-suggestions", "show or hide the suggested tags")  \
	ACTION(NEXT_SUGGESTION, "next-suggestion", "move the sentence cursor to the next suggestion") \
	ACTION(PREV_SUGGESTION, "prev-suggestion", "move the sentence cursor to the previous suggestion") \
	ACTION(ACCEPT_SUGGESTION, "accept-suggestion", "make the suggestion at the cursor a tag (with its date or owner)") \
	ACTION(REJECT_SUGGESTION, "reject-suggestion", "turn down the suggestion at the cursor, also in later drafts (undoable)") \
	ACTION(REJECTED_LIST,   "rejected-list",   "list the suggestions turned down, to bring one back") \
	ACTION(RESTORE_SUGGESTION, "restore-suggestion", "bring back the suggestion turned down: it is suggested again (undoable)") \
	ACTION(ACCEPT_SECTION,  "accept-section",  "accept every suggestion of the section, after a preview") \
	ACTION(EXPORT,          "export",          "write the task breakdown to a file (asks for its name)") \
	/* reviewing a new draft: its changes since a version (review.c) */              \
	ACTION(REVIEW,          "review",          "show the changes since the draft last marked reviewed (again: leave)") \
	ACTION(REVIEW_FROM,     "review-from",     "show the changes since a draft you choose (asks for its number)") \
	ACTION(NEXT_CHANGE,     "next-change",     "go to the next change") \
	ACTION(PREV_CHANGE,     "prev-change",     "go to the previous change") \
	ACTION(TOGGLE_DELETED,  "toggle-deleted",  "hide or show the deleted text") \
	ACTION(TOGGLE_FORM,     "toggle-form",     "show or hide the changes of form only (，/, ２０２５/2025)") \
	ACTION(TOGGLE_SUBSTANCE, "toggle-substance", "show only the changes of figures, dates, owners, commitments, negations") \
	ACTION(MARK_REVIEWED,   "mark-reviewed",   "mark the change at the cursor reviewed (again: not)") \
	ACTION(MARK_SECTION_REVIEWED, "mark-section-reviewed", "mark every change of the section reviewed") \
	ACTION(MARK_DRAFT_REVIEWED, "mark-draft-reviewed", "mark the whole draft reviewed: the next review starts from it") \
	ACTION(CHANGE_LIST,     "change-list",     "list the changes, to jump to one") \
	ACTION(CHECK_LIST,      "check-list",      "list the drafting slips pizhu check finds (placeholders, numbering, pairs, dates), to jump to one") \
	/* the tag list */                                                               \
	ACTION(FILTER_TYPE,     "filter-type",     "show one type after another, then every type") \
	ACTION(FILTER_STATUS,   "filter-status",   "show open tasks, done tasks, moved, orphaned, then all") \
	ACTION(SORT,            "sort",            "sort by position or by due date")        \
	ACTION(FILTER_AUTHOR,   "filter-author",   "show my tags, then each other reviewer's, then everyone's") \
	ACTION(REPLY,           "reply",           "reply to the selected tag: a message in its discussion, with your name") \
	ACTION(KEEP_MINE,       "keep-mine",       "settle the selected tag's dispute from a merge: keep this copy's values") \
	ACTION(TAKE_THEIRS,     "take-theirs",     "settle the selected tag's dispute from a merge: take the other copy's values") \
	ACTION(ATTACH,          "attach",          "move the selected tag (an orphan) onto the selection in the text") \
	/* the library */                                                                \
	ACTION(OPEN,            "open",            "open the selected document")             \
	/* a prompt (search, line, percentage) */                                        \
	ACTION(ACCEPT,          "accept",          "accept the input")                       \
	ACTION(CANCEL,          "cancel",          "cancel the input and go back; in the text, drop the selection")           \
	ACTION(DELETE_BACKWARD, "delete-backward", "delete the character before the cursor") \
	ACTION(DELETE_FORWARD,  "delete-forward",  "delete the character under the cursor")  \
	ACTION(DELETE_WORD,     "delete-word",     "delete the word before the cursor")      \
	ACTION(DELETE_TO_START, "delete-to-start", "delete from the start of the input to the cursor") \
	ACTION(DELETE_TO_END,   "delete-to-end",   "delete from the cursor to the end of the input") \
	ACTION(CURSOR_LEFT,     "cursor-left",     "move the cursor one character left")     \
	ACTION(CURSOR_RIGHT,    "cursor-right",    "move the cursor one character right")    \
	ACTION(CURSOR_START,    "cursor-start",    "move the cursor to the start of the input") \
	ACTION(CURSOR_END,      "cursor-end",      "move the cursor to the end of the input") \
	ACTION(HISTORY_PREV,    "history-prev",    "the previous input from the history")    \
	ACTION(HISTORY_NEXT,    "history-next",    "the next input from the history")  \
	ACTION(COMPLETE,        "complete",        "complete the file name typed (~ is the home directory)")

/* ACT_NONE (0, "none") is "no action": what a lookup gives for an unbound key. */
enum action {
	ACT_NONE,
#define ACTION_ENUM(id, name, help) ACT_##id,
	ACTION_LIST(ACTION_ENUM)
#undef ACTION_ENUM
	ACT_COUNT
};

/* The keymap name of a ("page-down"); "none" for ACT_NONE and for values out of
 * range. Static, never NULL. */
const char *action_name(enum action a);

/* The help text of a, in the user's language; "" for ACT_NONE and values out of range.
 * Static, never NULL. */
const char *action_help(enum action a);

/* The action called s[0..n), compared ignoring ASCII case. Returns ACT_NONE for
 * an unknown name, and also for "none": a caller that must tell them apart
 * compares the name with "none" itself. */
enum action action_from_name(const char *s, size_t n);

#endif
