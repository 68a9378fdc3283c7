#!/bin/sh
# Pages that read well, citations and copying (issue 14): file prompts that expand ~ and
# complete with Tab; a selection that starts and ends anywhere in a sentence; ...
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

tui_suite_end
