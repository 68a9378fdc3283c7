#!/bin/sh
# The slips list (issue 11): what `pizhu check` finds in the document open in the
# reader, listed over the text by a key that changes nothing (!); Enter puts the text's
# cursor on the one selected and says its message, q returns to the text where it was.
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/t-check.sh    (from anywhere; needs tmux)

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
TUI_SCREEN=capture_marked # the list's selected row shows

# A draft written for this test with four kinds of slip: placeholders (XX月, ××), a
# day that does not exist (2月30日), a quotation mark never closed, numbering that
# skips (一、二、四、).
cat >slips.txt <<'DRAFT'
在全县安全生产工作会议上的讲话
（2024年3月1日）
同志们：
一、认清形势
今年XX月，全县发生事故三起，××同志要负总责。
二、压实责任
各乡镇要在2月30日前报送“隐患清单。
四、强化保障
县应急局牵头，抓好督查。
DRAFT
cat >clean.txt <<'DRAFT'
在全县安全生产工作会议上的讲话
同志们：
一、认清形势
今年全县发生事故三起。
二、压实责任
各乡镇要按时报送隐患清单。
DRAFT

echo "# the slips list"
fresh --theme mono slips.txt
send_keys Tab  # from the text pane
wait_stable
send_keys '!'
expect_text "Slips found (pizhu check): 5" "! lists the slips pizhu check finds"
expect_screen check-list "each slip a row: line:col, kind, the text found, the message"
# the same rows as pizhu check --format=tsv, in its order
"$PIZHU" check --format=tsv slips.txt | cut -f 1-3 | tr '\t' ' ' >want
capture | sed -n '2,6p' | awk '{ split($1, p, ":"); print p[1], p[2], $2 }' >got
cmp -s want got
check $? "the rows are pizhu check's findings, in its order" || diff want got | diag
send_keys j j
wait_stable
send_keys Enter
expect_status "date: '2月30日' does not exist: 2月 has 29 days" \
	"Enter on the third row closes the list and says its message"
capture_marked | grep -qF '[2月30日]'
check $? "the text's cursor is on the day that does not exist" || capture_marked | diag
send_keys '!'
expect_text "Slips found" "! again"
send_keys G Enter
expect_status "numbering skips: '四、' after '二、'" "G Enter: the last slip, the numbering"
capture_marked | grep -qF '[四、]'
check $? "the cursor is on the marker that skips" || capture_marked | diag
send_keys '!'
expect_text "Slips found" "! once more"
send_keys q
wait_stable
capture_marked | grep -qF '[四、]'
check $? "q returns to the text as it was" || capture_marked | diag
send_keys '!' '!'
wait_stable
capture | grep -qF "Slips found"
[ $? -ne 0 ]
check $? "! in the list closes it too"
send_keys q
wait_exit
"$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" tags slips.txt | grep -q .
[ $? -ne 0 ]
check $? "listing and jumping made no tag"

echo "# from the tree, and a clean draft"
fresh --theme mono slips.txt
send_keys '!'
expect_text "Slips found (pizhu check): 5" "! works with the focus in the tree"
send_keys j Enter
expect_status "placeholder: placeholder left in: '××'" "Enter from there shows the second slip"
send_keys q
wait_exit
fresh --theme mono clean.txt
send_keys '!'
expect_text "Slips found (pizhu check): 0" "a clean draft: no slips"
expect_text "none: no placeholder" "and the list says so"
send_keys q q
wait_exit

echo "# in Chinese"
fresh -e LANGUAGE=zh_CN --theme mono slips.txt
send_keys '!'
expect_text "发现的疏漏（pizhu check）：5 处" "the list's header in Chinese"
capture | grep -qF '序号跳号：“四、”在“二、”之后'
check $? "the messages in Chinese" || capture | diag
capture | grep -qF '占位符'
check $? "the kinds in Chinese" || capture | diag
send_keys q q
wait_exit

tui_suite_end
