#!/bin/sh
# The reader as its users live in it (issue 14): one tag of a type per passage, every tag
# of a sentence named and D asking which; prompts that Esc leaves without a trace and a
# date prompt that reads dates as people type them; the status line's line number,
# breadcrumb of the cursor and match count; quotes and brackets alike in a search; what
# f shows; a tag's view (C-g, v): its long note whole, its history; the library when the
# last document is gone; done and open in `pizhu tags`.
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/t-ux.sh    (from anywhere; needs tmux)

#
# Keys: the classic keymap (one key a tag type), which these checks were written in;
# they are about what the reader does, and t-keys.sh checks the default's keys.

set -u

PIZHU=${PIZHU:-pizhu}
case $PIZHU in
/*) ;;
*) PIZHU=$(pwd)/$PIZHU ;;
esac

here=$(cd "$(dirname "$0")" && pwd) || exit 1
root=$(cd "$here/../.." && pwd) || exit 1
TUI_DIR=$here
. "$here/lib.sh"

tui_suite

# How many tags of the file the database holds, of a type (the second column).
count_tags() { # FILE TYPE
	tags_of "$1" | awk -F '\t' -v t="$2" '$1 == t' | wc -l | tr -d ' '
}

# ---- one tag of a type per passage; every tag of a sentence named; D asks which ------

echo "# tags at the cursor"
cp "$here/speech.txt" "$TUI_CWD/dup.txt" || exit 1
fresh --keymap classic --theme mono dup.txt
send_keys / ; send_text 全年安排 ; send_keys Enter K J
wait_stable
send_keys r
expect_status "task “全年安排数字经济重点项目…”" "r tags the sentence as a task"
send_keys r
expect_status "already tagged as task: “全年安排数字经济重点项目…” (no second one made)" \
	"r again on the same sentence makes no second task, and says so"
send_keys z z
expect_status "already tagged as owner" "z z makes one owner, not two"
send_keys J K
expect_status "2 tags: task (open); owner" "the status line names both tags of the sentence"
send_keys x
expect_status "done: “全年安排数字经济重点项目…”" "x on a task and an owner marks the task done, asking nothing"
send_keys x
expect_status "open again: “全年安排数字经济重点项目…”" "x again: open again"
send_keys e
expect_status "note on which? 1 task “全年安排数字…” 2 owner “全年安排数字…” (1-2, Esc: none):" \
	"e on a sentence with two tags asks which one's note"
send_keys 1
expect_status "note:" "1: the task's note is asked for"
send_text 按月调度 ; send_keys Enter
expect_status "note written" "... and written"
send_keys J K
expect_status "2 tags: task (open) · 按月调度; owner" "the status line names both, with the task's note"
send_keys D
expect_status "delete which? 1 task “全年安排数字…” 2 owner “全年安排数字…” (1-2, Esc: none):" \
	"D on a sentence with two tags asks which to delete"
send_keys Escape
expect_status "nothing deleted" "Esc at the question deletes nothing"
send_keys D
wait_stable
send_keys 2
expect_status "deleted owner" "2 deletes the second one, the owner"
send_keys q
wait_exit
[ "$(count_tags dup.txt task)/$(count_tags dup.txt owner)" = 1/0 ]
check $? "the database holds one task and no owner" || tags_of dup.txt | diag

# ---- prompts: Esc leaves nothing behind; dates as people type them --------------------

echo "# prompts"
cp "$here/speech.txt" "$TUI_CWD/prompts.txt" || exit 1
fresh --keymap classic --theme mono prompts.txt
send_keys / ; send_text 6月底前 ; send_keys Enter
wait_stable
send_keys s
expect_status "due (9月20日, 6月底, 年底): 2025-06-30" \
	"s asks the date first, starting from the sentence's own (6月底前, said 2025-04-08)"
send_keys Escape
expect_status "no deadline tagged" "Esc at the date prompt tags nothing, and says so"
send_keys s C-u ; send_text 2月30日 ; send_keys Enter
expect_status "no such date: February 2026 has 28 days" "an impossible date says why"
expect_status "due (9月20日, 6月底, 年底): 2月30日" "... and asks again, the input kept"
send_keys C-u ; send_text 9月20日
expect_status "due (9月20日, 6月底, 年底): 9月20日  = 2025-09-20" "as a date is typed, the prompt says what it reads as"
send_keys Enter
expect_status "deadline “6月底前” · due 2025-09-20" "9月20日 is read as the speech's year"
send_keys @ C-u ; send_text 2026-9-20 ; send_keys Enter
expect_status "due date set: 2026-09-20" "@ takes 2026-9-20, without the zeros"
send_keys @ C-u ; send_text 2026年6月底 ; send_keys Enter
expect_status "due date set: 2026-06-30" "@ takes 2026年6月底 as the last day of June 2026"
send_keys @ C-u ; send_text 年底 ; send_keys Enter
expect_status "due date set: 2025-12-31" "@ takes 年底 as the year's last day"
send_keys @ C-u ; send_text 2026年6月底 ; send_keys Escape
expect_status "" "Esc at the due date of a tag changes nothing"
send_keys w ; send_text 县财政局 ; send_keys Escape
wait_stable
send_keys p ; send_text 要抓紧 ; send_keys Escape
expect_status "no note written: nothing tagged" "Esc at the note prompt writes no note"
send_keys : ; send_text 3 ; send_keys Escape
wait_stable
send_keys E Escape
wait_stable
send_keys / ; send_text 千兆 ; send_keys Escape
wait_stable
send_keys n
wait_stable
capture_marked | grep -q '\[6月底前'
check $? "Esc at a search prompt brings back the search before it: n finds 6月底前 again" ||
	capture_marked | diag
send_keys / ; send_text 千 ; send_keys BSpace BSpace
wait_stable
send_keys n
wait_stable
capture_marked | grep -q '\[6月底前'
check $? "Backspace on an empty search prompt cancels it as Esc does" || capture_marked | diag
send_keys q
wait_exit
tags_of prompts.txt >"$TUI_TMP/got.tsv"
printf '%s\n' "deadline	anchored	14	37	6月底前		2025-12-31	" >"$TUI_TMP/want.tsv"
diff "$TUI_TMP/want.tsv" "$TUI_TMP/got.tsv" | diag
cmp -s "$TUI_TMP/want.tsv" "$TUI_TMP/got.tsv"
check $? "cancelled prompts left nothing: one deadline, its date the last one set, no owner, no note"
ls "$TUI_CWD" | grep -q 'tasks' && not_ok "Esc at the export prompt writes no file" ||
	ok "Esc at the export prompt writes no file"

# ---- the status line: the cursor's line and section, the match count ------------------

echo "# status line"
cp "$here/speech.txt" "$TUI_CWD/status.txt" || exit 1
fresh --keymap classic --theme mono status.txt
expect_status "status.txt                                                         line 1" \
	"the status line shows the line of the cursor"
send_keys J J J J
expect_status "status.txt                                                         line 4" \
	"J moves the cursor: the line follows it"
send_keys / ; send_text 全年安排 ; send_keys Enter
expect_status "status.txt › 二、 › （一） › 1.     " \
	"the breadcrumb is the cursor's (二、 › （一） › 1.), while the top of the screen is the title"
expect_status "1/1  line 14" "a search shows the match count, 1/1, and the line of the match"
send_keys / ; send_text 数字经济 ; send_keys Enter
expect_status "5/8  line 14" "a search shows which match the cursor is on, of how many"
send_keys n
expect_status "6/8  line 17" "n: the next match, counted"
send_keys N N
expect_status "4/8  line 12" "N N: back two"
send_keys J
expect_status "8 matches  line 12" "off a match: how many there are"
send_keys / ; send_text 没有的词 ; send_keys Enter
wait_stable
send_keys J
expect_status "no match  line 13" "a search that finds nothing says so beside the line"

# ---- search: “” and "", ‘’ and '', 【】 and [] alike ------------------------------------

echo "# search"
printf '%s\n' "读书会上的发言" "一、先读原文" "老师说“先读原文，再看解读”，这话不错。" \
	"【提示】可以先看目录，再读‘导言’。" "二、多做笔记" "笔记里写下[提示]和\"原文\"的出处。" >"$TUI_CWD/quotes.txt"
fresh --keymap classic --theme mono quotes.txt
send_keys / ; send_text '"先读原文' ; send_keys Enter
expect_status "1/1  line 3" 'a typed " finds “ (the match counted, on line 3)'
send_keys / ; send_text '[提示]' ; send_keys Enter
expect_status "1/2  line 4" "[提示] finds 【提示】 and [提示]: two matches"
send_keys n
expect_status "2/2  line 6" "n goes on to the [提示] written with ASCII brackets"
send_keys / ; send_text "'导言'" ; send_keys Enter
expect_status "1/1  line 4" "'导言' finds ‘导言’"
send_keys / ; send_text "“原文”" ; send_keys Enter
expect_status "1/1  line 6" "a typed “原文” finds \"原文\""

# ---- what a tag carries: f and F, the tag list, pizhu tags; the last document gone -----

echo "# tag details"
cp "$here/speech.txt" "$TUI_CWD/carry.txt" || exit 1
fresh --keymap classic --theme mono carry.txt
send_keys / ; send_text 全年安排 ; send_keys Enter r
wait_stable
send_keys e ; send_text 六月底前务必全部开工到位 ; send_keys Enter
wait_stable
send_keys / ; send_text 强化要素 ; send_keys Enter r
wait_stable
send_keys x
expect_status "done: “强化要素”" "x marks the second task done"
send_keys g f
expect_status "task (open) · 六月底前务必全部开工到位" "f shows what the tag it lands on carries: state and note"
send_keys f
expect_status "task (done)" "f again: the next one, done"
send_keys F
expect_status "task (open) · 六月底前务必全部开工到位" "F: the one before, as J and K would say it"
# a note longer than the status line and a row of the list: read whole in the tag's view
long=六月底前务必全部开工到位，七月起每周报送一次进度，八月底前完成中期评估并形成书面报告，年底前全面验收并向社会公布结果
send_keys e C-u ; send_text "$long" ; send_keys Enter
expect_status "note written" "a note longer than a row is written"
send_keys C-g
expect_text "年底前全面验收并向社会公布结果" \
	"C-g shows the tag at the cursor whole: its long note wrapped, to its last words"
expect_text "made it (task)" "... with its history: who made it, and when"
expect_text ": note: 六月底前务必全部开工到位" "... and each change of its note"
send_keys q
expect_status "line 14" "q closes the tag's view, back in the text"
send_keys T
expect_text "— 六月底前务必全部开工到位" "the tag list shows the note of a task whose quote is long"
send_keys v
expect_text "年底前全面验收并向社会公布结果" "v in the tag list shows the selected tag whole"
send_keys q
expect_text "— 六月底前务必全部开工到位" "q goes back to the tag list"
send_keys q q
wait_exit
(cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" tags carry.txt) |
	cut -f 2,10 >"$TUI_TMP/got.tsv"
printf 'task\topen\ntask\tdone\n' >"$TUI_TMP/want.tsv"
diff "$TUI_TMP/want.tsv" "$TUI_TMP/got.tsv" | diag
cmp -s "$TUI_TMP/want.tsv" "$TUI_TMP/got.tsv"
check $? "pizhu tags ends each task's row with its state: open, done"

# The last document read is gone: pizhu with no file opens the library and says so.
cp "$here/speech.txt" "$TUI_CWD/old.txt" || exit 1
cp "$root/doc/sample.txt" "$TUI_CWD/gone.txt" || exit 1 # another text: a copy would be offered as old.txt's next draft
fresh --keymap classic --theme mono old.txt
send_keys q
wait_exit
tui_start --keymap classic --theme mono gone.txt
send_keys q
wait_exit
rm "$TUI_CWD/gone.txt"
tui_start --keymap classic --theme mono
expect_status "the document read last is gone from the disk: '/" \
	"pizhu with no file: the last document is gone, and the status line says so"
expect_text "Documents read before" "... over the library"
expect_alive "the reader runs on rather than failing"
send_keys q q
wait_exit
[ "$(exit_status)" = 0 ]
check $? "and quits with status 0"

tui_suite_end
