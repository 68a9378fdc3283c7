#!/bin/sh
# The task breakdown from the reader (issue 13): A says what the tasks took with them
# (lead owners, cooperating owner tags, due dates), and E says what an export left out
# and why, in the words of the command line (a note on a sentence without a task).
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/t-table.sh    (from anywhere; needs tmux)

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
cat >"$TUI_CWD/plan.txt" <<'TXT' || exit 1
某县2027年重点工作安排
（2027年2月10日）
一、稳住农业基本盘
（一）建设高标准农田。新建高标准农田3万亩，6月底前全部开工（县农业农村局牵头，县水利局配合）。
（二）新建社区食堂12个，年底前投入使用。责任单位：县民政局。
TXT

echo "# accepting in bulk"
fresh -x 160 -y 30 --theme mono plan.txt
send_keys A
expect_text "Accept" "A shows the suggestions before accepting them"
send_keys Enter
expect_status "accepted 8 suggestions: 2 tasks, 2 owners, 2 deadlines, 2 targets; with the tasks 2 lead owners, 1 cooperating owner tag, 2 due dates" \
	"Enter accepts them all and says what the tasks took with them"
send_keys q
wait_exit

echo "# what an export leaves out"
db=$TUI_HOME/.local/share/pizhu/pizhu.db
(cd "$TUI_CWD" && "$PIZHU" --db "$db" tags add --type=note --from=1:1 --to=1:3 --note=待核 plan.txt) \
	>/dev/null 2>&1
check $? "a note on the title, a sentence without a task"
tui_start -x 160 -y 30 --theme mono plan.txt
send_keys E C-u ; send_text csv ; send_keys Enter C-u ; send_text plan.csv ; send_keys Enter
expect_status "2 rows written to plan.csv; left out 1: 1 note on sentences without a task (csv has task rows only; md, json and xlsx keep such notes)" \
	"E csv says the note on a sentence without a task was left out, and why"
send_keys E C-u ; send_text md ; send_keys Enter C-u ; send_text plan.md ; send_keys Enter
expect_status "2 rows written to plan.md" "E md writes the table"
grep -q '^## 其他批注$' "$TUI_CWD/plan.md" && grep -qF '| 待核 |' "$TUI_CWD/plan.md"
check $? "the md keeps the note beside the table" || diag <"$TUI_CWD/plan.md"
! capture | tail -n 1 | grep -q 'left out'
check $? "and says nothing was left out"
mkfifo "$TUI_CWD/pipe.csv"
send_keys E C-u ; send_text csv ; send_keys Enter C-u ; send_text pipe.csv ; send_keys Enter
expect_status "cannot write 'pipe.csv': no program is reading it" \
	"E to a FIFO no program reads: said at once, the keys not left waiting"
send_keys j
alive
check $? "and the reader goes on"
(cat "$TUI_CWD/pipe.csv" >"$TUI_CWD/piped.csv") &
reader=$!
sleep 0.2
send_keys E C-u ; send_text csv ; send_keys Enter C-u ; send_text pipe.csv ; send_keys Enter
expect_status "2 rows written to pipe.csv" "E to a FIFO a program reads: the rows go to it"
wait "$reader"
grep -q '序号,任务' "$TUI_CWD/piped.csv"
check $? "and the program got the table" || diag <"$TUI_CWD/piped.csv"
send_keys q
wait_exit

tui_suite_end
