# The harness of tests/tui: runs a full-screen program in a detached tmux server of its
# own, sends it keys and reads its screen back, in a fixed environment (in the manner of
# tig's test/tools/libtest.sh). POSIX sh; sourced by run.sh, never run by itself.
#
# The server lives on a private socket (tmux -L pizhu-test-PID -f /dev/null) with no status
# line, so the pane is the whole window: WxH cells, 80x24 unless told. The program gets
# only the environment set here (env -i): TERM=screen-256color, which is what tmux
# emulates and is in ncurses-base everywhere, LANG/LC_ALL=C.UTF-8, TZ=UTC, and a
# throwaway HOME, XDG_DATA_HOME and XDG_CONFIG_HOME; NO_COLOR only when a test asks.
#
# Screens are compared with tests/tui/expected/NAME.screen; TUI_UPDATE=1 writes them
# instead (read them before committing them: see README).
#
# Functions (a test calls them in this order):
#   tui_init                    once: temp dir, socket, cleanup on exit
#   tui_home                    a fresh HOME/XDG dirs (the library starts empty)
#   tui_start [-x W] [-y H] [-e VAR=VALUE]... [--] ARG...
#                               runs "$PIZHU" ARG... (tui_exec runs any command instead)
#   send_keys KEY...            tmux key names: j Enter C-f NPage PPage F1 Escape BTab
#   send_text TEXT              literal text (UTF-8), e.g. a search query
#   wait_stable                 until the screen stops changing (or TUI_TIMEOUT)
#   capture [-e]                the screen on stdout; -e with attribute escapes
#   capture_marked [SGR]        the screen, cells in reverse video (or SGR) in [ ]
#   expect_screen NAME [TITLE]  one TAP line: the screen against expected/NAME.screen
#   resize W H                  the window (and the program's terminal) to WxH
#   pane_info FORMAT            a tmux format of the pane: '#{alternate_on}'
#   alive, wait_exit, exit_status, kill_program SIGNAL
#   tui_stop                    ends the program (its session); the server ends on exit
#   ok TITLE / not_ok TITLE / diag < FILE / check COND-EXIT-STATUS TITLE

# Where the expected screens are; run.sh may set it before sourcing.
TUI_DIR=${TUI_DIR:-$(cd "$(dirname "$0")" && pwd)}
TUI_EXPECTED=${TUI_EXPECTED:-$TUI_DIR/expected}
TUI_TERM=screen-256color
TUI_WIDTH=80
TUI_HEIGHT=24
# Limits for waiting, in milliseconds: a guard against hangs, never an assertion that
# something is fast. TUI_TIMEOUT is how long a screen may take to settle or to become
# the expected one; TUI_SETTLE how long a wrong screen must stay unchanged before
# expect_screen gives up early (so that a broken build fails in seconds, not minutes);
# TUI_CHANGE is how long wait_stable first waits for the screen to react to the last
# keys before it accepts an unchanged screen as the answer.
TUI_TIMEOUT=${TUI_TIMEOUT:-5000}
TUI_SETTLE=${TUI_SETTLE:-1000}
TUI_CHANGE=${TUI_CHANGE:-400}
TUI_POLL=50

tap_n=0
tap_failed=0

ok() { # title
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

not_ok() { # title
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
}

# Prints stdin as TAP diagnostics.
diag() {
	sed 's/^/#   /'
}

# check STATUS TITLE: ok when STATUS is 0. Usage: check $? "title", or
# [ "$x" = y ]; check $? "title".
check() {
	if [ "$1" -eq 0 ]; then ok "$2"; else not_ok "$2"; fi
	[ "$1" -eq 0 ]
}

tui_init() {
	TUI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-tui.XXXXXX") || exit 1
	TUI_SOCKET=pizhu-test-$$
	trap 'tui_cleanup' EXIT
	trap 'exit 1' HUP INT TERM
	# Run inside tmux or not, the tests talk to their own server only.
	unset TMUX TMUX_PANE
	# The server outlives no run, even one killed with SIGKILL: a watchdog ends it.
	(
		trap '' HUP INT TERM
		while kill -0 $$ 2>/dev/null; do sleep 1; done
		tm kill-server
	) >/dev/null 2>&1 &
	tui_home
}

tui_cleanup() {
	tmux -L "$TUI_SOCKET" kill-server >/dev/null 2>&1
	rm -rf "$TUI_TMP"
}

# tmux ARGS...: tmux on the private socket, with no configuration read.
tm() {
	tmux -L "$TUI_SOCKET" -f /dev/null "$@"
}

# A new, empty HOME with its XDG directories; the program's state from an earlier
# test is gone. Sets TUI_HOME.
tui_home() {
	tui_homes=$((${tui_homes:-0} + 1))
	TUI_HOME=$TUI_TMP/home$tui_homes
	mkdir -p "$TUI_HOME/.local/share" "$TUI_HOME/.config" || exit 1
}

# tui_exec [-H] [-x W] [-y H] [-e VAR=VALUE]... [--] COMMAND ARG...: starts COMMAND in a new
# server (killing any earlier one) in the fixed environment, and waits for its first
# screen. The directory is $TUI_CWD when set (file names on screen stay short).
tui_exec() {
	w=$TUI_WIDTH
	h=$TUI_HEIGHT
	extra=
	hup=
	while [ $# -gt 0 ]; do
		case $1 in
		-H) hup='trap : HUP; '; shift ;;
		-x) w=$2; shift 2 ;;
		-y) h=$2; shift 2 ;;
		-e) extra="$extra $2"; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	# One server for the whole run; each program gets a new session "t" in it (a server
	# killed and started again at once on the same socket races with its own exit).
	tm kill-session -t t >/dev/null 2>&1
	# Sanitizer settings of a sanitizer build go through; nothing else does.
	san=
	for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS MSAN_OPTIONS; do
		eval "val=\${$v-}"
		[ -n "$val" ] && san="$san $v=$val"
	done
	: >"$TUI_TMP/before"
	rm -f "$TUI_TMP/status"
	# The program runs under a sh that writes its exit status to $TUI_TMP/status, then
	# keeps the pane open until the terminal goes: tmux 3.3a now and then marks a pane
	# dead without ever recording #{pane_dead_status}, and a dead pane's modes
	# (#{cursor_flag}) are not those the program left. The sh handles no signal: when
	# the session is killed it dies of the hangup, and the program, in the foreground,
	# gets SIGHUP as from a dropped connection. With -H the sh catches SIGHUP and
	# stays, so that the program sees its terminal go with no signal at all.
	# The options come first in the same command sequence, so they hold from the first
	# byte the program writes: the pane stays after the program exits (to read its
	# status), no status line. (window-size is left alone: with no client attached the
	# size is the one given here and to resize-window; tmux 3.3a's server dies in
	# new-session when window-size is manual.)
	# shellcheck disable=SC2086
	(cd "${TUI_CWD:-$TUI_TMP}" && tm start-server \; \
		set -g exit-empty off \; \
		set -g default-terminal "$TUI_TERM" \; \
		set -g status off \; \
		set -g remain-on-exit on \; \
		set -g history-limit 2000 \; \
		new-session -d -s t -x "$w" -y "$h" \
		env -i PATH="$PATH" TERM="$TUI_TERM" HOME="$TUI_HOME" \
		LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
		XDG_DATA_HOME="$TUI_HOME/.local/share" XDG_CONFIG_HOME="$TUI_HOME/.config" \
		$san $extra sh -c "$hup"'"$@"; echo $? >"$0"; read -r _' "$TUI_TMP/status" "$@") ||
		return 1
	# A blank screen is stable too: on a loaded machine (a sanitizer build, other jobs)
	# the program may not have drawn yet. Wait for its first character, or its exit.
	i=0
	until tm capture-pane -p -t t 2>/dev/null | grep -q '[^[:space:]]' ||
		[ -s "$TUI_TMP/status" ] || [ $((i * TUI_POLL)) -ge "$TUI_TIMEOUT" ]; do
		tick
		i=$((i + 1))
	done
	wait_stable
}

# tui_start [-x W] [-y H] [-e VAR=VALUE]... [--] ARG...: pizhu ARG...
tui_start() {
	opts=
	while [ $# -gt 0 ]; do
		case $1 in
		-x | -y | -e) opts="$opts $1 $2"; shift 2 ;;
		-H) opts="$opts -H"; shift ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	# shellcheck disable=SC2086
	tui_exec $opts -- "$PIZHU" "$@"
}

tui_stop() {
	tm kill-session -t t >/dev/null 2>&1
	return 0
}

# What the screen is, for telling whether it changed: the cells, the cursor, the size and
# whether the program is still there.
snapshot() {
	tm capture-pane -p -t t 2>/dev/null
	tm display-message -p -t t \
		'#{cursor_x},#{cursor_y},#{cursor_flag} #{pane_width}x#{pane_height} #{pane_dead}' 2>/dev/null
}

# send_keys KEY...: tmux key names, each sent as one key. As a person presses it, an
# Enter arrives alone: the keys after it are sent once its effect is on the screen
# (the reader takes a line break with keys right behind it for pasted text, typed into
# a prompt, since a terminal without bracketed paste does not mark a paste).
send_keys() {
	snapshot >"$TUI_TMP/before"
	while [ $# -gt 0 ]; do
		i=0
		for k in "$@"; do
			i=$((i + 1))
			case $k in Enter | C-m | C-j) break ;; esac
		done
		send_first "$i" "$@"
		shift "$i"
		[ $# -gt 0 ] && wait_stable
	done
	return 0
}

# send_first N KEY...: the first N keys in one write.
send_first() {
	n=$1
	shift
	args=
	j=1
	while [ "$j" -le "$n" ]; do
		args="$args \"\${$j}\""
		j=$((j + 1))
	done
	eval "tm send-keys -t t $args"
}

# send_text TEXT: literal text, every character as typed.
send_text() {
	snapshot >"$TUI_TMP/before"
	tm send-keys -t t -l -- "$1"
}

# Sleeps one polling interval (fractional sleep: GNU, busybox and BSD sleep take it).
tick() {
	sleep 0.05
}

# Waits until the screen has reacted to the last keys (it differs from the screen before
# them, or TUI_CHANGE ms passed) and then until two captures TUI_POLL ms apart are equal.
# Returns 1 when the screen still moves after TUI_TIMEOUT ms.
wait_stable() {
	i=0
	snapshot >"$TUI_TMP/prev"
	while cmp -s "$TUI_TMP/prev" "$TUI_TMP/before" && [ $((i * TUI_POLL)) -lt "$TUI_CHANGE" ]; do
		tick
		i=$((i + 1))
		snapshot >"$TUI_TMP/prev"
	done
	i=0
	while [ $((i * TUI_POLL)) -lt "$TUI_TIMEOUT" ]; do
		tick
		i=$((i + 1))
		snapshot >"$TUI_TMP/now"
		if cmp -s "$TUI_TMP/now" "$TUI_TMP/prev"; then
			cp "$TUI_TMP/now" "$TUI_TMP/before"
			return 0
		fi
		mv "$TUI_TMP/now" "$TUI_TMP/prev"
	done
	cp "$TUI_TMP/prev" "$TUI_TMP/before"
	return 1
}

# capture [-e]: the visible screen, one line per row (trailing blanks dropped by tmux).
capture() {
	tm capture-pane -p -t t "$@"
}

# capture_marked [SGR]: the screen with the runs of cells in reverse video (or in the
# attribute SGR: 1 bold, 4 underline, 7 reverse) between [ and ]: what is selected and
# highlighted, readable in an expected screen. Meant for --theme mono, whose cues are
# attributes. Colour parameters (38;5;N, 48;2;R;G;B) are skipped, not read as attributes.
capture_marked() {
	capture -e | awk -v esc="$(printf '\033')" -v want="${1:-7}" '
	function put(t) {
		if (t == "") return
		if (on && !open) { out = out "["; open = 1 }
		out = out t
	}
	BEGIN { off = want == 1 ? 22 : 20 + want }
	{
		out = ""; open = 0; s = $0
		while ((i = index(s, esc "[")) > 0) {
			put(substr(s, 1, i - 1))
			s = substr(s, i + 2)
			j = index(s, "m")
			n = split(substr(s, 1, j - 1), p, ";")
			s = substr(s, j + 1)
			if (n == 0) { n = 1; p[1] = 0 }
			for (k = 1; k <= n; k++) {
				v = p[k] + 0
				if (v == 38 || v == 48 || v == 58) { k += p[k + 1] == 5 ? 2 : 4; continue }
				if (v == 0) on = 0
				else if (v == want) on = 1
				else if (v == off) on = 0
			}
			if (!on && open) { out = out "]"; open = 0 }
		}
		put(s)
		if (open) out = out "]"
		print out
	}'
}

# pane_info FORMAT: e.g. pane_info '#{pane_dead} #{pane_dead_status}'.
pane_info() {
	tm display-message -p -t t "$1"
}

# True while the program runs.
alive() {
	[ ! -s "$TUI_TMP/status" ] && [ "$(pane_info '#{pane_dead}')" = 0 ]
}

# Waits until the program has exited (or TUI_TIMEOUT ms); true when it has. Its exit
# status is then in exit_status.
wait_exit() {
	i=0
	while alive; do
		[ $((i * TUI_POLL)) -ge "$TUI_TIMEOUT" ] && return 1
		tick
		i=$((i + 1))
	done
	return 0
}

# resize W H: the window and the program's terminal. The screen before the program's
# redraw is the one tmux leaves right after resizing (cells cut or padded), so that is
# what wait_stable waits to see change.
# The program's exit status (128+N after signal N), empty while it runs.
exit_status() {
	cat "$TUI_TMP/status" 2>/dev/null
}

# The program's process id: the child of the pane's sh (ps -A -o is POSIX; /proc is
# read where there is no ps).
program_pid() {
	sh_pid=$(pane_info '#{pane_pid}')
	if command -v ps >/dev/null 2>&1; then
		ps -A -o pid= -o ppid= | awk -v p="$sh_pid" '$2 == p { print $1; exit }'
	else
		for f in /proc/[0-9]*/stat; do
			# pid (comm) state ppid ...: the comm may hold spaces, not ")".
			sed 's/^\([0-9]*\) (.*) [A-Za-z] \([0-9]*\) .*/\1 \2/' "$f" 2>/dev/null
		done | awk -v p="$sh_pid" '$2 == p { print $1; exit }'
	fi
}

# kill_program SIGNAL: sends SIGNAL (TERM, HUP, INT) to the program.
kill_program() {
	pid=$(program_pid)
	[ -n "$pid" ] && kill -s "$1" "$pid"
}

resize() {
	tm resize-window -t t -x "$1" -y "$2"
	snapshot >"$TUI_TMP/before"
}

# How expect_screen reads the screen: capture, or e.g. "capture_marked 7".
TUI_SCREEN=${TUI_SCREEN:-capture}

# expect_screen NAME [TITLE]: one TAP line. The screen (as $TUI_SCREEN reads it) must become
# expected/NAME.screen and stay so; until TUI_TIMEOUT ms have passed a different screen
# is taken for one still being drawn, unless it stays the same for TUI_SETTLE ms. On a
# mismatch prints a diff of the expected and
# the last screen as diagnostics. With TUI_UPDATE=1, the first time a NAME comes up in
# the run, waits for a stable screen and writes it as the expected one.
expect_screen() {
	name=$1
	title=${2:-$1}
	file=$TUI_EXPECTED/$name.screen
	# A name written once in this run is compared afterwards: a screen that must come
	# back (after k, after closing the help) is checked even while updating.
	if [ "${TUI_UPDATE:-}" = 1 ] && ! grep -qxF "$file" "$TUI_TMP/written" 2>/dev/null; then
		echo "$file" >>"$TUI_TMP/written"
		wait_stable || echo "# $name: the screen did not settle"
		mkdir -p "$TUI_EXPECTED"
		$TUI_SCREEN >"$file"
		ok "$title (expected/$name.screen written)"
		return 0
	fi
	if [ ! -f "$file" ]; then
		wait_stable
		not_ok "$title"
		echo "#   no expected/$name.screen; the screen was (TUI_UPDATE=1 writes it):"
		$TUI_SCREEN | diag
		return 1
	fi
	i=0
	same=0
	$TUI_SCREEN >"$TUI_TMP/got"
	while :; do
		if cmp -s "$TUI_TMP/got" "$file"; then
			# Equal twice in a row: not a frame on the way elsewhere.
			tick
			$TUI_SCREEN >"$TUI_TMP/got"
			cmp -s "$TUI_TMP/got" "$file" && break
		fi
		# A wrong screen that has not moved for TUI_SETTLE ms is the answer.
		if [ $((i * TUI_POLL)) -ge "$TUI_TIMEOUT" ] ||
			[ $((same * TUI_POLL)) -ge "$TUI_SETTLE" ]; then
			not_ok "$title"
			echo "#   the screen differs from expected/$name.screen:"
			diff -u --label "expected/$name.screen" --label screen "$file" "$TUI_TMP/got" | diag
			return 1
		fi
		tick
		i=$((i + 1))
		cp "$TUI_TMP/got" "$TUI_TMP/last"
		$TUI_SCREEN >"$TUI_TMP/got"
		if cmp -s "$TUI_TMP/got" "$TUI_TMP/last"; then
			same=$((same + 1))
		else
			same=0
		fi
	done
	snapshot >"$TUI_TMP/before"
	ok "$title"
}

# expect_text FIXED-STRING TITLE: one TAP line: the screen comes to contain the string.
expect_text() {
	i=0
	until capture | grep -qF -- "$1"; do
		if [ $((i * TUI_POLL)) -ge "$TUI_TIMEOUT" ]; then
			not_ok "$2"
			echo "#   the screen never showed: $1"
			capture | diag
			return 1
		fi
		tick
		i=$((i + 1))
	done
	ok "$2"
}

# ---- helpers shared by the suites (run.sh, t-*.sh, ../reliability/paste.sh) ----

esc=$(printf '\033')

# The program is still there: not dead, not crashed.
expect_alive() { # title
	if alive; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   pizhu exited with status $(exit_status); its last screen:"
		capture | diag
	fi
}

# expect_status FIXED-STRING TITLE: one TAP line: the status line (the last) comes to
# hold the string.
expect_status() {
	i=0
	until capture | tail -n 1 | grep -qF -- "$1"; do
		if [ $((i * TUI_POLL)) -ge "$TUI_TIMEOUT" ]; then
			not_ok "$2"
			echo "#   the status line never showed: $1"
			capture | tail -n 1 | diag
			alive || echo "#   pizhu is gone (exit status $(exit_status))"
			return 1
		fi
		tick
		i=$((i + 1))
	done
	ok "$2"
}

# fresh ARG...: pizhu ARG... with a new HOME: no library, no remembered positions.
fresh() {
	tui_home
	tui_start "$@"
}

# The SGR sequences in a capture -e, one per line: "38;5;4", "7", "1;4"...
sgr() {
	grep -o "$esc\\[[0-9;]*m" | sed "s/^$esc\\[//; s/m\$//" | sort -u
}

# True when stdin (SGR lines from sgr) sets a colour: 30-37, 39 aside, 40-47, 90-107,
# or 38;5;N / 48;5;N / 38;2;...
has_colour() {
	tr ';' '\n' | grep -qx '3[0-8]\|4[0-8]\|9[0-7]\|10[0-7]'
}

# The reader's database, read back with the command line: where a tag starts, its type,
# its text, note and due date (the id aside, it differs every run).
tags_of() { # FILE
	(cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" tags "$1") |
		cut -f 2-9
}

# tui_suite: the start of a suite (t-*.sh, after sourcing this file): without tmux, says
# so and ends the suite with no tests; else starts the harness, with $TUI_CWD an empty
# work directory for the documents (opened by short names, so screens show no paths).
tui_suite() {
	if ! command -v tmux >/dev/null 2>&1; then
		echo "# tmux not installed: TUI tests skipped"
		echo "1..0"
		exit 0
	fi
	tui_init
	TUI_CWD=$TUI_TMP/w
	mkdir "$TUI_CWD" || exit 1
}

# tui_suite_end: the end of a suite: the server gone, the plan line, the status.
tui_suite_end() {
	tui_stop
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
