#!/bin/sh
# Tests the harness of lib.sh itself against less(1), a full-screen program that is
# surely right, so that a failure in run.sh points at pizhu and not at the harness.
# Prints TAP. Not part of `make check` (less differs between systems); run it after
# changing lib.sh:  sh tests/tui/selftest.sh

set -u

. "$(dirname "$0")/lib.sh"
tui_init

if ! command -v less >/dev/null 2>&1; then
	echo "# less not installed: harness self-test skipped"
	exit 0
fi

# Screens written and read in a scratch directory, never in expected/.
TUI_EXPECTED=$TUI_TMP/expected
i=1
while [ $i -le 100 ]; do
	echo "line $i 第${i}行"
	i=$((i + 1))
done >"$TUI_TMP/lines.txt"

tui_exec -x 40 -y 10 -e LESS= -e LESSHISTFILE=- -- less "$TUI_TMP/lines.txt"
capture | head -n 1 | grep -qx 'line 1 第1行'
check $? "the first screen is read back after tui_exec"
[ "$(capture | wc -l)" -eq 10 ]
check $? "capture gives one line per row (10)"

# Writes expected/NAME.screen from the screen, without a TAP line.
write_screen() {
	TUI_UPDATE=1 expect_screen "$1" >/dev/null
	tap_n=$((tap_n - 1))
}

write_screen first
expect_screen first "a screen compared with the one written by TUI_UPDATE=1"

send_keys NPage
wait_stable
check $? "wait_stable returns once the screen settles"
capture | head -n 1 | grep -qx 'line 10 第10行'
check $? "a key name (NPage) reaches the program"
write_screen page2

# A screen that differs must fail, with the difference as diagnostics.
TUI_TIMEOUT=300 expect_screen first >"$TUI_TMP/out"
st=$?
[ $st -ne 0 ] && grep -q '^not ok' "$TUI_TMP/out" && grep -q '^#   -line 1 第1行' "$TUI_TMP/out" &&
	grep -q '^#   +line 10 第10行' "$TUI_TMP/out"
st2=$?
tap_n=$((tap_n - 1)) tap_failed=$((tap_failed - 1))
check $st2 "expect_screen fails on a different screen and prints a diff"
[ $st2 -ne 0 ] && diag <"$TUI_TMP/out"

# expect_screen waits for a screen that is still being drawn: sent without waiting.
send_keys g
wait_stable
send_keys NPage
expect_screen page2 "expect_screen waits for the program to catch up"

send_text '/第42行'
send_keys Enter
wait_stable
capture | head -n 1 | grep -qx 'line 42 第42行'
check $? "literal UTF-8 text (send_text) reaches the program"
# less marks a match with standout, which is italic (ESC[3m) in screen-256color.
capture -e | grep -q "$(printf '\033')\\[3m第42行"
check $? "capture -e gives attribute escapes (less's match in standout)"

resize 30 5
wait_stable
[ "$(pane_info '#{pane_width}x#{pane_height}')" = 30x5 ] && [ "$(capture | wc -l)" -eq 5 ]
check $? "resize changes the program's terminal"
resize 1 1
wait_stable
resize 40 10
wait_stable
alive
check $? "alive after a resize to 1x1 and back"

send_keys q
wait_exit
check $? "wait_exit sees the program end"
[ "$(exit_status) $(pane_info "#{alternate_on}")" = "0 0" ]
check $? "exit status 0 and the alternate screen left, read after the exit"

# A screen that never settles: wait_stable gives up, and says so.
tui_exec -- sh -c 'i=0; while :; do i=$((i + 1)); echo $i; sleep 0.01; done'
TUI_TIMEOUT=500 wait_stable
[ $? -ne 0 ]
check $? "wait_stable gives up on a screen that keeps changing"

# The environment is the fixed one and no more.
tui_exec -- sh -c 'env | sort; sleep 5'
capture >"$TUI_TMP/env"
grep -qx 'TERM=screen-256color' "$TUI_TMP/env" && grep -qx 'LC_ALL=C.UTF-8' "$TUI_TMP/env" &&
	grep -qx 'TZ=UTC' "$TUI_TMP/env" && grep -q "^HOME=$TUI_TMP/" "$TUI_TMP/env" &&
	! grep -q '^NO_COLOR=' "$TUI_TMP/env" && ! grep -q '^TMUX=' "$TUI_TMP/env"
check $? "the program's environment is the fixed one"
[ "$(tm show -gv default-terminal)" = screen-256color ]
check $? "tmux's default-terminal agrees with TERM"

tui_stop
echo "1..$tap_n"
[ "$tap_failed" -eq 0 ]
