#!/bin/sh
# The reader in the user's language and where the login gives it little: Chinese help,
# prompts and messages (GNU gettext, po/zh_CN.po); no UTF-8 locale (LANG unset, or a
# locale the machine lacks), read on in C.UTF-8 when the terminal shows UTF-8 and
# refused, naming what to set, when it does not; a TERM the terminfo lacks, drawn as a
# close type; the example config that `pizhu help config` copies.
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/t-i18n.sh    (from anywhere; needs tmux)
# Makes zh_CN.UTF-8 with localedef when `locale -a` lacks it and it runs as root.

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
title=奋力推动全市经济社会高质量发展迈上新台阶

# ---- a Chinese interface ------------------------------------------------------------

echo "# Chinese interface (LANGUAGE=zh_CN, zh_CN.UTF-8)"
has_zh() {
	locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8'
}
if ! has_zh && [ "$(id -u)" -eq 0 ] && command -v localedef >/dev/null 2>&1 &&
	[ -f /usr/share/i18n/locales/zh_CN ]; then
	echo "# making the locale zh_CN.UTF-8 (localedef)"
	localedef -i zh_CN -f UTF-8 zh_CN.UTF-8 >"$TUI_TMP/localedef.log" 2>&1 ||
		diag <"$TUI_TMP/localedef.log"
fi
if has_zh; then
	zh="-e LANGUAGE=zh_CN -e LANG=zh_CN.UTF-8 -e LC_ALL=zh_CN.UTF-8"
	# shellcheck disable=SC2086
	fresh $zh --theme mono sample.txt
	send_keys F1
	expect_text "显示所有动作及其按键" "the help screen in Chinese: an action's help"
	expect_text "任何地方" "the help screen in Chinese: a heading"
	send_keys q
	wait_stable
	send_keys T
	expect_text "标注：0 / 0 · 所有类型 · 全部 · 按位置排序" "the tag list's header in Chinese"
	send_keys q
	wait_stable
	send_keys :
	expect_status "行号：" "the line prompt in Chinese"
	send_text abc
	send_keys Enter
	expect_status "不是数字：abc" "an error message in Chinese"
	send_keys Escape
	wait_stable
	send_keys q
	wait_exit
	[ "$(exit_status)" = 0 ]
	check $? "q quits with status 0"
	LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$PIZHU" outline no-such-file.txt \
		>/dev/null 2>"$TUI_TMP/err"
	grep -qF "pizhu：无法打开“no-such-file.txt”：没有那个文件或目录" "$TUI_TMP/err"
	check $? "a command-line error in Chinese" || diag <"$TUI_TMP/err"
	LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$PIZHU" --help >"$TUI_TMP/help" 2>&1
	grep -q "^用法：pizhu" "$TUI_TMP/help" && grep -qF "打印讲话文件的结构" "$TUI_TMP/help"
	check $? "pizhu --help in Chinese" || diag <"$TUI_TMP/help"
else
	echo "# SKIP the Chinese interface: no zh_CN.UTF-8 locale and it cannot be made here" \
		"(as root: apt-get install locales; localedef -i zh_CN -f UTF-8 zh_CN.UTF-8)"
fi
# English stays the default for other languages
LANGUAGE=fr LC_ALL=C.UTF-8 "$PIZHU" outline no-such-file.txt >/dev/null 2>"$TUI_TMP/err"
grep -qF "pizhu: cannot open 'no-such-file.txt': no such file or directory" "$TUI_TMP/err"
check $? "English for a language pizhu has no catalogue of" || diag <"$TUI_TMP/err"

# ---- no UTF-8 locale: C.UTF-8 when the terminal shows UTF-8 ------------------------

echo "# no UTF-8 locale"
fresh -e LANG= -e LC_ALL= --theme mono sample.txt
expect_text "$title" "LANG unset: the reader opens the document"
expect_status "LANG unset: using C.UTF-8" "LANG unset: the status line says what it assumed"
send_keys j
wait_stable
! capture | tail -n 1 | grep -qF "C.UTF-8"
check $? "it is said once: gone after a key" || capture | tail -n 1 | diag
tui_stop

# a locale the machine lacks (the client's, sent over SSH): named
fresh -e LANG=pz_XX.UTF-8 -e LC_ALL= --theme mono sample.txt
expect_text "$title" "a locale not installed: the reader opens the document"
expect_status "pz_XX.UTF-8 (LANG) not installed: using C.UTF-8" \
	"a locale not installed: named on the status line"
tui_stop

# A terminal that is not UTF-8, or does not answer: refused, saying what to set. A
# pseudo-terminal of python's stands in for it (tmux always shows UTF-8).
pty_run() { # ANSWER (a cursor report, or "" for none) VAR=VALUE...
	PTY_DATA=$TUI_TMP/pty-data python3 - "$PIZHU" "$TUI_CWD/sample.txt" "$@" <<'PY'
import os, pty, select, sys, time
pizhu, doc, answer, env = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
pid, fd = pty.fork()
if pid == 0:
    # no home, and a database of the test's own (never one left in /nonexistent)
    e = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TERM": "xterm", "HOME": "/nonexistent",
         "XDG_DATA_HOME": os.environ["PTY_DATA"]}
    for kv in env:
        k, _, v = kv.partition("=")
        e[k] = v
    os.execve(pizhu, [pizhu, doc], e)
# reads what the program writes; answers its cursor report; once its screen is up (the
# alternate screen, ESC [?1049h), sends q; gives up after 20 s (exit 98)
out, asked, quit, end = b"", False, False, time.time() + 20
while time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.1)
    if not r:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    out += data
    if not asked and b"\x1b[6n" in out:
        asked = True
        if answer:
            os.write(fd, answer.encode())
    if not quit and b"\x1b[?1049h" in out:
        quit = True
        time.sleep(0.5)
        os.write(fd, b"q")
done, status = 0, 0
for _ in range(100):  # its terminal closed, it is leaving: up to 10 s more
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    time.sleep(0.1)
if not done:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    sys.exit(98)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 99)
PY
}
if command -v python3 >/dev/null 2>&1; then
	pty_run "$(printf '\033[5;4R')" LANG=pz_XX.UTF-8 >"$TUI_TMP/pty" 2>&1
	st=$?
	[ "$st" = 1 ] && tr -d '\r\n' <"$TUI_TMP/pty" | grep -qF \
		"the locale 'pz_XX.UTF-8' (LANG) is not installed here and the terminal does not show UTF-8; install it (as root: localedef -i pz_XX -f UTF-8 pz_XX.UTF-8) or set LANG=C.UTF-8"
	check $? "a terminal not UTF-8 and a locale not installed: refused, the locale named (exit $st)" ||
		diag <"$TUI_TMP/pty"
	pty_run "" LANG= >"$TUI_TMP/pty" 2>&1
	st=$?
	[ "$st" = 1 ] && tr -d '\r\n' <"$TUI_TMP/pty" | grep -qF \
		"the locale 'C' is not UTF-8 and the terminal did not say whether it shows UTF-8, so Chinese text cannot be shown; set LANG=C.UTF-8"
	check $? "a terminal that does not answer and no locale: refused, saying what to set (exit $st)" ||
		diag <"$TUI_TMP/pty"
	pty_run "$(printf '\033[5;3R')" LANG= >"$TUI_TMP/pty" 2>&1
	st=$?
	[ "$st" = 0 ] && grep -qF "$title" "$TUI_TMP/pty"
	check $? "a terminal that answers as UTF-8 (column 3): the reader opens, q quits (exit $st)" ||
		diag <"$TUI_TMP/pty"
else
	echo "# SKIP the refusals: no python3 for a pseudo-terminal"
fi

# ---- a terminal type the terminfo lacks ---------------------------------------------

echo "# unknown TERM"
# xterm-kitty itself when this machine lacks it, else a name no terminfo has
kitty=xterm-kitty
infocmp "$kitty" >/dev/null 2>&1 && kitty=xterm-kitty-pizhu-test
fresh -e TERM=$kitty --theme mono sample.txt
expect_text "$title" "TERM=$kitty unknown: the reader opens the document"
expect_status "unknown TERM $kitty: using xterm-256color" "TERM=$kitty: the status line says which type"
send_keys q
wait_exit
[ "$(exit_status)" = 0 ]
check $? "TERM=$kitty: q quits with status 0"

# ---- the example config -------------------------------------------------------------

echo "# pizhu help config"
tui_home
hint=$(env -u XDG_CONFIG_HOME HOME="$TUI_HOME" "$PIZHU" help config | tail -n 1)
(cd "$TUI_TMP" && env -u XDG_CONFIG_HOME HOME="$TUI_HOME" sh -c "$hint") &&
	cmp -s "$TUI_HOME/.config/pizhu/config" "$root/doc/pizhu.conf.example"
check $? "the last line of pizhu help config copies the example config" || echo "# $hint"
tui_start --theme mono sample.txt
expect_text "$title" "the reader opens with the example config"
capture | tail -n 1 | grep -q "config\|:[0-9]*:"
[ $? -ne 0 ]
check $? "the example config holds no mistake" || capture | tail -n 1 | diag
send_keys q
wait_exit
sed -i 's/^#tagtype/tagtype/' "$TUI_HOME/.config/pizhu/config"
(cd "$TUI_CWD" && HOME="$TUI_HOME" XDG_CONFIG_HOME="$TUI_HOME/.config" "$PIZHU" \
	--db "$TUI_TMP/cfg.db" tags add --type=risk --from=1:1 --to=1:3 sample.txt) >/dev/null 2>"$TUI_TMP/err"
check $? "the example's tagtype line, uncommented, declares a type" || diag <"$TUI_TMP/err"

tui_suite_end
