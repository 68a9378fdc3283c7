#!/bin/sh
# Review mode (issue 11): a new draft shown with its changes since the draft last
# marked reviewed, inserted and deleted text in their styles in the mono theme, ]c and
# [c with the status line, the list of changes, a reviewed mark that outlives
# reopening, and the offer to take a file under a new name for a document's next draft;
# the tree's count of changes per section, the changes of form only (hidden until ^),
# a section (M-s) and the whole draft (M-d) marked reviewed, both kept after reopening.
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/t-review.sh    (from anywhere; needs tmux)

set -u

PIZHU=${PIZHU:-pizhu}
case $PIZHU in
/*) ;;
*) PIZHU=$(pwd)/$PIZHU ;;
esac

here=$(cd "$(dirname "$0")" && pwd) || exit 1
TUI_DIR=$here
. "$here/lib.sh"

tui_suite
cd "$TUI_CWD" || exit 1

# Two drafts written for this test: a replaced phrase, a changed deadline, a deleted
# paragraph, an inserted sentence, across two sections.
cat >v1.txt <<'DRAFT'
在全县春耕工作会议上的讲话
同志们：
一、总体要求
今年要扎实推进春耕各项工作，确保年底前全面完成。
这一段在第二稿里删掉了。
二、主要措施
由县农业局牵头，抓好种子和农资供应。
DRAFT
cat >v2.txt <<'DRAFT'
在全县春耕工作会议上的讲话
同志们：
一、总体要求
今年要稳步推进春耕各项工作，确保9月底前全面完成。
二、主要措施
由县农业局牵头，抓好种子和农资供应。新加一句话在这里。
DRAFT
cp v2.txt v3.txt
db() { "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" "$@"; }

echo "# review mode"
tui_home
db draft v1.txt v2.txt >/dev/null 2>&1
check $? "pizhu draft v1.txt v2.txt (set up)"
tui_start --theme mono v2.txt
send_keys C
expect_status "review since draft 1: 4 changes" "C opens review mode since the draft before"
# inserted text bold and underlined, deleted text dim: the attributes of mono
capture_marked 4 | grep -qF '[稳步]' && capture_marked 4 | grep -qF '[新加一句'
check $? "inserted text is underlined (mono)" || capture_marked 4 | diag
capture_marked 2 | grep -qF '[扎实]' && capture_marked 2 | grep -qF '[这一段在第二稿里删掉了。]'
check $? "deleted text is shown dim where it stood (mono)" || capture_marked 2 | diag
capture_marked 2 | grep -qF '[稳步]'
[ $? -ne 0 ]
check $? "inserted text is not dim"
send_keys C q
wait_exit
# NO_COLOR and the default theme: the same cues, by attributes alone
tui_start -e NO_COLOR=1 v2.txt
send_keys C
expect_status "review since draft 1: 4 changes" "review mode under NO_COLOR"
capture_marked 4 | grep -qF '[稳步]' && capture_marked 2 | grep -qF '[扎实]'
check $? "NO_COLOR: inserted text underlined, deleted text dim" || capture_marked 4 | diag
capture -e | sgr | has_colour
[ $? -ne 0 ]
check $? "NO_COLOR: no colour at all"
send_keys C q
wait_exit
tui_start --theme mono v2.txt
send_keys C
wait_stable
send_keys ']' 'c'
expect_status "change 1/4, 一、 · replace" "]c goes to the first change; the status line says which and where"
send_keys ']' 'c' ']' 'c'
expect_status "change 3/4, 一、 · delete" "]c ]c: the third change, the deleted paragraph"
send_keys ']' 'c'
expect_status "change 4/4, 二、 · insert" "]c: the fourth, in the second section"
send_keys '[' 'c'
expect_status "change 3/4, 一、" "[c goes back one"
send_keys '~'
expect_status "hiding deleted text: 4 changes" "~ hides the deleted text"
capture | grep -qF '这一段在第二稿里删掉了'
[ $? -ne 0 ]
check $? "the deleted paragraph is gone from the screen"
send_keys '~'
expect_status "showing deleted text" "~ shows it again"

echo "# the change list"
send_keys O
expect_text "Changes since draft 1: 4, 0 reviewed" "C lists the changes"
capture | grep -qF 'replace 一、' && capture | grep -qF '扎实 → 稳步'
check $? "the list says each change's kind, section and text" || capture | diag
send_keys j j j Enter
expect_status "change 4/4, 二、 · insert" "Enter on the fourth row goes to the fourth change"

echo "# reviewed marks"
send_keys '\;'  # tmux reads a lone ; as its command separator
expect_status "change 4 marked reviewed" "; marks the change at the cursor reviewed"
send_keys C q
wait_exit
tui_start --theme mono v2.txt
send_keys C O
expect_text "4, 1 reviewed" "the mark is kept after reopening"
send_keys Escape
wait_stable
send_keys M-d
expect_status "draft 2 marked reviewed" "M-d marks the whole draft reviewed"
send_keys C q
wait_exit

echo "# the next draft starts from the draft marked reviewed"
cat >v3.txt <<'DRAFT'
在全县春耕工作会议上的讲话
同志们：
一、总体要求
今年要稳步推进春耕各项工作，确保9月底前全面完成。
二、主要措施
由县农业局牵头，抓好种子和化肥供应。新加一句话在这里。
DRAFT
db draft v2.txt v3.txt >/dev/null 2>&1
tui_start --theme mono v3.txt
send_keys C
expect_status "review since draft 2: 1 change" "the next review is since the draft marked reviewed"
send_keys M-c
expect_status "changes since draft (1-3):" "M-c asks since which draft"
send_text 1
send_keys Enter
expect_status "review since draft 1: 5 changes, 1 not reviewed" \
	"since the draft chosen; the marks made in draft 2's review hold for the same changes"
send_keys C q
wait_exit

echo "# another draft under a new name"
cat >第三稿.txt <<'DRAFT'
在全县春耕工作会议上的讲话
同志们：
一、总体要求
今年要稳步推进春耕各项工作，确保10月底前全面完成。
二、主要措施
由县农业局牵头，抓好种子和化肥供应。新加一句话在这里。
DRAFT
db tags add --type=task --from=4:1 --to=4:12 v3.txt >/dev/null 2>&1
check $? "a task on v3.txt's deadline sentence (set up)"
tui_start --theme mono 第三稿.txt
expect_status "looks like 'v3.txt' (3 drafts): its draft 4? (y/n)" "a file resembling a known document is offered as its next draft"
send_keys j Enter
expect_status "answer y or n" "a key typed before the question (j, Enter) answers nothing"
expect_status "its draft 4? (y/n)" "and the question stays"
send_text y
expect_status "is draft 4 of the document" "y takes it for the next draft"
tags_of 第三稿.txt >got.all
cut -f 1,2 got.all >got
printf '%s\n' 'task	anchored' >want
cmp -s want got
check $? "the tag of v3.txt comes to the draft with a new name" ||
	diag <got.all
send_keys C
expect_status "review since draft 2: 2 changes" "and review mode compares it with the draft marked reviewed"
send_keys C q
wait_exit
tui_start --theme mono 第三稿.txt
wait_stable
capture | tail -n 1 | grep -qF "(y/n)"
[ $? -ne 0 ] && alive
check $? "yes: not asked again, the file is draft 4"
send_keys q
wait_exit
cp 第三稿.txt 另一份.txt
printf '补一句。\n' >>另一份.txt
tui_start --theme mono 另一份.txt
expect_status "its draft 5? (y/n)" "another new file is offered too"
send_text n
wait_stable
send_keys q
wait_exit
tui_start --theme mono 另一份.txt
wait_stable
capture | tail -n 1 | grep -qF "(y/n)"
[ $? -ne 0 ] && alive
check $? "no: never asked again for that file"
send_keys q
wait_exit

echo "# the tree's counts, changes of form only, a section and the whole draft marked"
# Two more drafts written for this test: a replaced phrase, a changed deadline and a
# deleted paragraph in 一、; in 二、 an inserted sentence and two changes of form only
# (，→, and 2025→２０２５), hidden until ^ shows them.
cat >f1.txt <<'DRAFT'
在全县春耕工作会议上的讲话
同志们：
一、总体要求
今年要扎实推进春耕各项工作，确保年底前全面完成。
这一段在第二稿里删掉了。
二、主要措施
由县农业局牵头，抓好种子和农资供应，做到2025年底前完成。
DRAFT
cat >f2.txt <<'DRAFT'
在全县春耕工作会议上的讲话
同志们：
一、总体要求
今年要稳步推进春耕各项工作，确保9月底前全面完成。
二、主要措施
由县农业局牵头,抓好种子和农资供应，做到２０２５年底前完成。新加一句话在这里。
DRAFT
tui_home
db draft f1.txt f2.txt >/dev/null 2>&1
check $? "pizhu draft f1.txt f2.txt (set up)"
tui_start --theme mono f2.txt
send_keys C
expect_status "review since draft 1: 4 changes, 4 not reviewed" "four changes: the changes of form are hidden"
capture | grep -q '一、总体要求 *\[3\]' && capture | grep -q '二、主要措施 *\[1\]'
check $? "the tree counts each section's changes: 3 in 一、, 1 in 二、" || capture | diag
capture | grep -qF '牵头,抓好'
check $? "a change of form only is not marked: the new text as it is" || capture | diag
send_keys '^'
expect_status "showing changes of form only: 6 changes" "^ shows the changes of form only"
capture | grep -q '二、主要措施 *\[3\]'
check $? "the tree counts them too: 3 in 二、" || capture | diag
capture | grep -qF '牵头，,抓好'
check $? "the form change shown as the others: the old comma, then the new" || capture | diag
send_keys O
expect_text "Changes since draft 1: 6, 0 reviewed" "the list has them too"
send_keys Enter
expect_status "change 1/6, 一、 · replace" "Enter on its first row: the first change"
send_keys ']' 'c' ']' 'c' ']' 'c'
expect_status "change 4/6, 二、 · form" "]c on to a change of form only"
send_keys '^'
expect_status "hiding changes of form only: 4 changes" "^ hides them again"
capture | grep -q '二、主要措施 *\[1\]'
check $? "and the tree counts 1 in 二、 again" || capture | diag
send_keys O G Enter
expect_status "change 4/4, 二、 · insert" "the list's last row: the insertion in 二、"
send_keys M-s
expect_status "1 change of 二、 marked reviewed by" "M-s marks every change of the section reviewed"
send_keys C q
wait_exit
tui_start --theme mono f2.txt
send_keys C
expect_status "review since draft 1: 4 changes, 3 not reviewed" "the section's mark is kept after reopening"
send_keys M-d
expect_status "draft 2 marked reviewed" "M-d marks the whole draft reviewed"
send_keys C q
wait_exit
tui_start --theme mono f2.txt
send_keys C
expect_status "review since draft 1: 4 changes, 0 not reviewed" \
	"after reopening, every change of the draft is marked reviewed"
send_keys O
expect_text "4, 4 reviewed" "the change list says so too"
send_keys Escape C q
wait_exit

echo "# changes of substance only, in a subsection"
# Two drafts written for this test: in 一、（一） a replaced phrase and a changed
# deadline, in 一、（二） a changed owner.
cat >s1.txt <<'DRAFT'
在全县春耕工作会议上的讲话
同志们：
一、总体要求
（一）工作目标
今年要扎实推进春耕各项工作，确保年底前全面完成。
（二）工作责任
由县农业局牵头，抓好种子和农资供应。
DRAFT
cat >s2.txt <<'DRAFT'
在全县春耕工作会议上的讲话
同志们：
一、总体要求
（一）工作目标
今年要稳步推进春耕各项工作，确保9月底前全面完成。
（二）工作责任
由县财政局牵头，抓好种子和农资供应。
DRAFT
db draft s1.txt s2.txt >/dev/null 2>&1
check $? "pizhu draft s1.txt s2.txt (set up)"
tui_start --theme mono s2.txt
send_keys C
expect_status "review since draft 1: 3 changes" "three changes: a phrase, a deadline, an owner"
send_keys '$'
expect_status "only changes of substance (figures, dates" "\$ keeps the changes of substance"
send_keys ']' 'c'
expect_status "change 1/2, 一、（一） · replace · number, date" "]c: the deadline, the status line names the subsection"
send_keys ']' 'c'
expect_status "change 2/2, 一、（二） · replace · owner" "]c: the owner; the phrase replaced is left out"
capture_marked 4 | grep -qF '[稳步]'
[ $? -ne 0 ]
check $? "the phrase replaced is not marked while only substance is shown" || capture_marked 4 | diag
send_keys '$'
expect_status "every change: 3" "\$ again: every change"
send_keys C q
wait_exit

tui_suite_end
