#!/bin/sh
# A file changed on disk while the reader shows it (issue 11): noticed without a key,
# read again on R where the reader was (a paragraph added above moves the place on),
# the tags found again in the new text, those made between the change and R included,
# the sentence cursor on its sentence (with its paragraph when that moved), and the
# changes offered as a review: C then shows them.
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/t-disk.sh    (from anywhere; needs tmux)

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

# A speech written for this test: two sections, thirty numbered paragraphs in the
# first, so that the place read and the tags are far from the top.
{
	echo '在全县春耕工作会议上的讲话'
	echo '同志们：'
	echo '一、总体要求'
	i=1
	while [ $i -le 30 ]; do
		echo "第${i}段，今年要扎实推进春耕各项工作，确保年底前全面完成。"
		i=$((i + 1))
	done
	echo '二、主要措施'
	echo '由县农业局牵头，抓好种子和农资供应。'
} >speech.txt
db() { "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" "$@"; }
# the first row of the text pane (right of the tree's separator)
top_row() { capture | sed -n 1p | sed 's/^.*│//'; }

echo "# the file changes on disk"
fresh --theme mono speech.txt
send_keys :
send_text 10
send_keys Enter
expect_status "line 10" ":10 goes to line 10"
send_keys a r
expect_status "task" "a r tags the sentence at line 10"
before=$(top_row)
# another program writes the file: a paragraph added above, a word changed below
sed -i 's/^第2段，/新加的一段。\n第2段，/; s/^第20段，今年要扎实推进/第20段，今年要稳步推进/' speech.txt
expect_status "'speech.txt' changed on disk: R reads it again" "noticed without a key"
[ "$(top_row)" = "$before" ]
check $? "the text shown stays as it was read until R"
# a tag made now, on the text as shown: line 12
send_keys :
send_text 12
send_keys Enter
expect_status "line 12" ":12 in the text as it was read"
send_keys a m
expect_status "target" "a m tags it before the file is read again"
# the cursor three sentences below the top: R keeps it on its sentence, not on the top
send_keys J J J
expect_status "line 15" "J J J: the cursor on line 15, the top where it was"
before=$(top_row)
send_keys R
expect_status "'speech.txt' changed on disk: read again (C shows the changes)" \
	"R reads it again and offers the changes as a review"
expect_status "line 16" "the cursor on its sentence, a line further: the paragraph added above moved it on"
[ "$(top_row)" = "$before" ]
check $? "the same sentence at the top as before R" || { echo "# was: $before"; capture | diag; }
capture_marked | grep -qF '[第12段'
check $? "the sentence under the cursor is the one it was on (第12段, now line 16)" || capture_marked | diag
send_keys g
wait_stable
capture | grep -qF '新加的一段'
check $? "the new text is shown: the paragraph added" || capture | diag
tags_of speech.txt | cut -f 1,3,5 >got
printf '%s\n' 'task	11	第7段，今年要扎实推进春耕各项工作，确保年底前全面完成。' \
	'target	13	第9段，今年要扎实推进春耕各项工作，确保年底前全面完成。' >want
cmp -s want got
check $? "both tags on their sentences in the new text, one line down" || diff want got | diag
send_keys C
expect_status "review since draft 1: 2 changes" "C accepts the offer: the changes since the text read before"
send_keys ']' 'c'
expect_status "change 1/2, 一、 · insert" "]c: the paragraph added"
capture_marked 4 | grep -qF '[新加的一段。'
check $? "shown as inserted text" || capture_marked 4 | diag
send_keys ']' 'c'
expect_status "change 2/2, 一、 · replace" "]c: the word changed"
send_keys C
wait_stable

echo "# a tagged passage changed on disk"
sed -i 's/^第7段，今年要扎实推进/第7段，今年要加快推进/' speech.txt
expect_status "changed on disk: R reads it again" "the second change is noticed"
send_keys R
expect_status "'speech.txt' read again: 1 tags moved, 0 orphaned; C shows the changes" \
	"R says what the change did to the tags, and still offers the review"
send_keys C
expect_status "review since draft 2: 1 change" "C shows the one change since the text read before"
send_keys ']' 'c'
expect_status "· changed: 第7段，今年要扎实推进" "the change is inside the tagged passage: the status line says what it was"
send_keys C q
wait_exit
tags_of speech.txt | cut -f 1,2,3,5 | head -n 1 >got
printf '%s\n' 'task	moved	11	第7段，今年要加快推进春耕各项工作，确保年底前全面完成。' >want
cmp -s want got
check $? "the tag moved with its passage" || diff want got | diag

echo "# the paragraph under the cursor moved on disk"
printf '%s\n' '在全县春耕工作会议上的讲话' '同志们：' '一、总体要求' '甲段讲形势，今年要抓好春耕。' \
	'乙段讲任务，抓好种子供应。' '丙段讲要求，确保按时完成。' '丁段讲保障，加强组织领导。' \
	'二、主要措施' '由县农业局牵头。' >moved.txt
tui_start --theme mono moved.txt
send_keys :
send_text 5
send_keys Enter
expect_status "line 5" ":5: the cursor on 乙段"
sed -i '5{h;d}; 7G' moved.txt
expect_status "changed on disk: R reads it again" "the paragraph moved is noticed"
send_keys R
expect_status "line 7" "the cursor went with its paragraph, now on line 7"
capture_marked | grep -qF '[乙段讲任务'
check $? "the cursor is on 乙段 where it stands now" || capture_marked | diag
send_keys q
wait_exit

tui_suite_end
