#!/bin/sh
# Pages that read well, citations and copying (issue 14): paragraphs told apart by an
# indent or a blank line, the same for every source; the text's width and the tree's at
# 40, 80 and 200 columns; the help wrapped at 40; a mistake in the settings read whole;
# file prompts that expand ~ and complete with Tab; a selection
# that starts and ends anywhere in a sentence; ...
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/t-pages.sh    (from anywhere; needs tmux)

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

# ---- paragraphs: an indent or a blank line ------------------------------------------------

echo "# paragraphs: indented by default, a blank line with paragraphs = blank"
cp "$here/speech.txt" "$TUI_CWD/page.txt" || exit 1
fresh --theme mono page.txt
expect_screen pages-indent \
	"a text with neither indents nor blank lines: first lines indented two full-width spaces, the title centred"
capture | grep -q '│    今天召开全区数字经济工作会议'
check $? "... the first line of a paragraph starts 4 columns in" || capture | diag
send_keys q
wait_exit
tui_home
mkdir -p "$TUI_HOME/.config/pizhu"
printf 'paragraphs = blank\n' >"$TUI_HOME/.config/pizhu/config"
tui_start --theme mono page.txt
expect_screen pages-blank "paragraphs = blank: a blank row between paragraphs, none indented"
send_keys q
wait_exit
sed 's/$/\n/' "$here/speech.txt" >"$TUI_CWD/blank.txt" # every paragraph after a blank line
tui_home
mkdir -p "$TUI_HOME/.config/pizhu"
printf 'paragraphs = indent\n' >"$TUI_HOME/.config/pizhu/config"
tui_start --theme mono blank.txt
expect_screen pages-indent-blankfile "paragraphs = indent: the blank lines of the file are not shown, the indent is"
send_keys q
wait_exit
fresh --theme mono blank.txt
expect_screen pages-blank-blankfile "auto: a file whose paragraphs follow blank lines is shown with blank rows"
send_keys q
wait_exit

echo "# every source alike: a web page mixing indented and flush paragraphs"
cat >"$TUI_CWD/page.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>讲话</title></head><body>
<h1>在全区数字经济工作会议上的讲话</h1>
<p>（2025年4月8日）</p>
<p>同志们：</p>
<p>　　今天召开全区数字经济工作会议，主要是总结去年工作，部署今年任务。下面，我讲两点意见。</p>
<p>一、认清形势，坚定发展信心</p>
<p>&#12288;&#12288;去年全区GDP增长6%，数字经济核心产业增加值增长12.5%，占GDP比重达到9.8%。</p>
<p>成绩来之不易，但我们也要看到差距。</p>
<p>　　二、突出重点，抓好今年各项任务</p>
<p>今年的目标是：数字经济核心产业增加值增长10%以上。</p>
</body></html>
EOF
fresh --theme mono page.html
expect_screen pages-html "HTML: every paragraph indented alike, whether its <p> opened with 　　 or not"
send_keys q
wait_exit

# ---- the text's width and the tree's ------------------------------------------------------

echo "# 200x60: lines of at most 80 columns, centred; the tree follows the terminal"
fresh -x 200 -y 60 --theme mono page.txt
expect_screen pages-200x60 "200 columns: the tree 40 wide, the text 80 columns centred in its pane"
widest=$(capture | sed '$d; s/^[^│]*│ *//' | wc -L)
[ "$widest" -le 80 ] && [ "$widest" -ge 76 ]
check $? "... no line of text wider than 80 columns (the widest: $widest)" || capture | diag
send_keys q
wait_exit
fresh --theme mono page.txt
expect_screen pages-indent "80 columns: the tree 30 wide (3/8), as before"
capture | head -n 1 | grep -q '讲…│'
check $? "a tree title cut short ends with …" || capture | head -n 1 | diag
resize 200 60
expect_screen pages-200x60 "resized to 200x60: the same screen as started there"
resize 40 24
expect_screen pages-40 "40 columns: the tree gives way to the text"
capture | grep -q '│'
[ $? -ne 0 ]
check $? "... no rule between the panes at 40 columns" || capture | diag
send_keys t
expect_text "▾在全区" "t shows the tree even there"
send_keys t
expect_screen pages-40 "and t hides it again"
resize 80 24
expect_screen pages-indent "back to 80 columns: the tree is back"
send_keys q
wait_exit

# ---- the help wraps its lines --------------------------------------------------------------

echo "# the help at 40 columns: every line whole, wrapped as the text is"
fresh -x 40 -y 30 --theme mono page.txt
send_keys F1
expect_screen pages-help-40 "F1 at 40 columns: each action's text under its keys, wrapped, none cut"
capture | grep -q "^      changed on disk"
check $? "... a long line goes on in the next row ('read the file again after it / changed on disk')" ||
	capture | diag
widest=$(capture | sed '$d' | wc -L)
[ "$widest" -le 40 ]
check $? "... no row past the edge (the widest: $widest)"
send_keys q q
wait_exit
tui_home
tui_start -x 44 -y 30 -e LANGUAGE=zh_CN --theme mono page.txt
send_keys F1 G
expect_text "补全输入的文件名" "in Chinese at 44 columns: the help's last text is there"
capture | grep -q "^      补全输入的文件名（~ 表示主目录）$"
check $? "... whole, on one row under its key" || capture | diag
send_keys q q
wait_exit

# ---- a mistake in the settings, read whole -------------------------------------------------

echo "# a mistake in the settings: its file and line said, the whole of it in the help"
tui_home
mkdir -p "$TUI_HOME/.config/pizhu"
printf 'theme = mono\nparagraphs = sideways-with-a-value-long-enough-to-run-past-the-edge\n' \
	>"$TUI_HOME/.config/pizhu/config"
tui_start page.txt
expect_status "1 mistake in the settings, F1 shows it: ~/.config/pizhu/config:2: " \
	"the status line says there is a mistake, where (file and line), and which key shows it"
capture | tail -n 1 | grep -q '…'
check $? "... cut short with … (it does not fit)" || capture | tail -n 1 | diag
send_keys F1
expect_text "Mistakes in the settings" "F1 shows the mistakes above the keys"
# (the rows joined, blanks left out: where a row breaks, a blank may go or stay)
capture | tr -d ' \n' |
	grep -qF "~/.config/pizhu/config:2:paragraphsisauto,indentorblank,not'sideways-with-a-value-long-enough-to-run-past-the-edge'"
check $? "... the whole message, with its file and line, wrapped" || capture | diag
expect_text "show every action and its keys" "... and the keys below them"
send_keys q q
wait_exit
printf 'paragraphs = both\nbogus = 1\n' >"$TUI_HOME/.config/pizhu/config"
tui_start -x 40 -y 24 --theme mono page.txt
expect_status "2 mistakes in the settings" "two mistakes: said as two"
send_keys F1
expect_screen pages-mistakes-40 "at 40 columns the mistake is wrapped whole in the help"
send_keys q q
wait_exit
rm -f "$TUI_HOME/.config/pizhu/config"

# ---- file prompts: ~ and Tab -------------------------------------------------------------

echo "# a file prompt: ~ expanded, Tab completes"
cp "$here/speech.txt" "$TUI_CWD/files.txt" || exit 1
tui_home
mkdir -p "$TUI_HOME/reports/2025" "$TUI_HOME/reviews" || exit 1
tui_start --theme mono files.txt
send_keys J a r
expect_status "task “" "a task to export (J, a r)"
send_keys E
expect_status "export as (csv md json org ics xlsx): csv" "E asks for a format"
send_keys Enter
expect_status "export csv to: " "then for the file"
send_keys C-u
send_text "~/rep"
send_keys Tab
expect_status "export csv to: ~/reports/" "Tab completes ~/rep to the one directory it can be"
send_keys Tab
expect_status "export csv to: ~/reports/2025/" "Tab again goes into its one subdirectory"
send_keys C-u
send_text "~/re"
send_keys Tab
expect_status "export csv to: ~/re  reports/ reviews/" \
	"with two names that could follow, Tab says them beside the input"
send_text "ports/2025/tasks.csv"
send_keys Enter
expect_status "1 row written to $TUI_HOME/reports/2025/tasks.csv" "Enter writes the file"
[ -f "$TUI_HOME/reports/2025/tasks.csv" ]
check $? "~ is the home directory: the file is under HOME" ||
	{ find "$TUI_HOME" "$TUI_CWD" -name '*.csv' | diag; }
[ ! -e "$TUI_CWD/~" ]
check $? "no directory named ~ was made"
send_keys q
wait_exit

# ---- a selection that starts and ends anywhere; copying with the citation -----------------

echo "# a selection inside a sentence (o moves its start), copied and tagged"
cp "$here/speech.txt" "$TUI_CWD/sel.txt" || exit 1
fresh --theme mono sel.txt
tm set -g set-clipboard on
tm delete-buffer >/dev/null 2>&1
# the sentence 对符合条件的项目给予用地、用能和资金支持。 of line 15; inside it 用地、用能和资金
select_inside() {
	send_keys : ; send_text 15 ; send_keys Enter
	wait_stable
	send_keys J v h h h
	expect_status "selected 18 characters" "$1: v, then h h h drop 3 characters at the end"
	send_keys o
	expect_status "now move its start" "$1: o turns the keys to the selection's start"
	send_keys h h h h h h h h h h
	expect_status "selected 8 characters" "$1: h ten times drops 10 characters at the start"
}
select_inside "copy"
send_keys M-y
expect_status "copied 8 characters with their citation" "M-y copies the selection"
(cd "$TUI_CWD" && "$PIZHU" quote --from=15:20 --to=15:28 sel.txt) >"$TUI_TMP/want"
tm show-buffer >"$TUI_TMP/got" 2>&1
echo >>"$TUI_TMP/got"
if cmp -s "$TUI_TMP/want" "$TUI_TMP/got"; then
	ok "tmux's buffer (set-clipboard on) holds what pizhu quote prints for the span"
else
	not_ok "tmux's buffer (set-clipboard on) holds what pizhu quote prints for the span"
	diff "$TUI_TMP/want" "$TUI_TMP/got" | diag
fi
grep -qF "“用地、用能和资金”" "$TUI_TMP/got" &&
	grep -qF "——《在全区数字经济工作会议上的讲话》，二、突出重点，抓好今年各项任务 › （一）抓好项目建设 › 2.强化要素保障，第1段" "$TUI_TMP/got"
check $? "... the passage, the title, the sections and the paragraph"
select_inside "tag"
send_keys a z
expect_status "owner “用地、用能和资金”" "a z tags the span inside the sentence as an owner"
send_keys q
wait_exit
[ "$(tags_of sel.txt | cut -f 1,3,4,5)" = "$(printf 'owner\t15\t20\t用地、用能和资金')" ]
check $? "the database holds the owner tag over exactly the span" || tags_of sel.txt | diag

echo "# o and the other keys at the start: a clause and a sentence back, and forward again"
fresh --theme mono sel.txt
send_keys : ; send_text 17 ; send_keys Enter
wait_stable
send_keys v
expect_status "selected 44 characters" "v selects the sentence of line 17"
send_keys ,
expect_status "selected 30 characters" ", drops its last clause"
send_keys o
expect_status "now move its start" "o: the start moves"
send_keys ,
expect_status "selected 22 characters" ", drops the first clause (要完善人才政策，)"
send_keys .
expect_status "selected 30 characters" ". takes it in again"
send_keys +
expect_status "selected 40 characters" "+ takes the sentence before in (the heading of line 16)"
send_keys -
expect_status "selected 30 characters" "- drops it again"
send_keys o l
expect_status "selected 31 characters" "o again: l extends the end"
send_keys Escape q
wait_exit

tui_suite_end
