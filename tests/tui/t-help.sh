#!/bin/sh
# The help view and the key list as a user first meets them: F1 opens it, q leaves it,
# and `pizhu help keys` prints the keys the reader's help shows.
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/t-help.sh    (from anywhere; needs tmux)

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
cp "$root/doc/sample.txt" "$TUI_CWD/sample.txt" || exit 1

echo "# help"
fresh --theme mono sample.txt
send_keys F1
expect_text "show every action and its keys" "F1 opens the help view, which lists the actions"
"$PIZHU" help keys >"$TUI_TMP/keys.txt" 2>&1
check $? "pizhu help keys exits 0"
# Every key the command line lists under 'search' is on the help screen too.
key=$(grep -m1 -o '^ *n ' "$TUI_TMP/keys.txt" | tr -d ' ')
[ "$key" = n ]
check $? "pizhu help keys lists n (the next match)" || diag <"$TUI_TMP/keys.txt"
send_keys q
wait_stable
capture | grep -qF "show every action and its keys"
[ $? -ne 0 ] && alive
check $? "q leaves the help view for the text, the reader still running"
send_keys q
wait_exit
[ "$(exit_status)" = 0 ]
check $? "q in the text quits with status 0"

tui_suite_end
