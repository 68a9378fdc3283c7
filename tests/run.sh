#!/bin/sh
# Runs every test suite of pizhu and sums up their TAP lines: the one entry point of
# `make check` (PIZHU=... BUILD=... sh tests/run.sh, from the repository root).
#
# Each suite prints TAP ("ok N - name", "not ok N - name", "# diagnostics"); this script
# echoes it, counts it, and ends with exactly one line "N passed, N failed".

set -u

BUILD=${BUILD:-build/rel}
PIZHU=${PIZHU:-pizhu}

# Make PIZHU a path that still works after cd, and never a PATH lookup ("pizhu").
case $PIZHU in
/*) ;;
*) PIZHU=$(pwd)/$PIZHU ;;
esac
case $BUILD in
/*) ;;
*) BUILD=$(pwd)/$BUILD ;;
esac
export PIZHU BUILD

cd "$(dirname "$0")/.." || exit 1

# Guards against hangs, not a timing: a run this long is a bug.
TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 300"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-tests.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Every suite runs in a home of its own, so that no test reads or writes the library,
# settings or keymaps of whoever runs make check (a suite that wants its own sets its own).
mkdir "$tmp/home" || exit 1
HOME=$tmp/home
export HOME
unset XDG_DATA_HOME XDG_CONFIG_HOME PIZHU_DB PIZHU_AUTHOR PIZHU_TRACE

passed=0
failed=0

# Echoes a suite's output and adds its TAP results to the totals.
count() { # file
	cat "$1"
	p=$(grep -c '^ok\( \|$\)' "$1")
	f=$(grep -c '^not ok\( \|$\)' "$1")
	passed=$((passed + p))
	failed=$((failed + f))
}

# A one-test suite result, printed and counted here.
n_own=0
own() { # ok|not-ok name
	n_own=$((n_own + 1))
	if [ "$1" = ok ]; then
		echo "ok $n_own - $2"
		passed=$((passed + 1))
	else
		echo "not ok $n_own - $2"
		failed=$((failed + 1))
	fi
}

# Prints stdin as TAP diagnostics.
diag() {
	sed 's/^/# /'
}

# True when a program's status or its stderr shows a crash rather than an error.
crashed() { # status stderr-file
	[ "$1" -ge 124 ] && return 0
	grep -q 'AddressSanitizer\|LeakSanitizer\|UndefinedBehaviorSanitizer\|runtime error:' "$2"
}

# --- (a) unit tests: cmocka binaries, asked for TAP output ------------------------------

echo "# unit tests ($BUILD/tests)"
found_unit=false
for t in "$BUILD"/tests/test_*; do
	{ [ -f "$t" ] && [ -x "$t" ]; } || continue
	found_unit=true
	name=${t##*/}
	echo "# $name"
	CMOCKA_MESSAGE_OUTPUT=TAP $TIMEOUT "$t" >"$tmp/unit.out" 2>&1
	st=$?
	count "$tmp/unit.out"
	# A binary that dies (signal, sanitizer, exit without a failed test) is a failure.
	if [ "$st" -ge 124 ] || { [ "$st" -ne 0 ] && ! grep -q '^not ok' "$tmp/unit.out"; }; then
		own not-ok "$name exited with status $st"
	fi
done
$found_unit || echo "# no unit test binaries in $BUILD/tests"

# --- (b) style: the core never includes curses; each module has its header ------------

echo "# style"
curses_re='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]\([^>"]*/\)\{0,1\}\(n\{0,1\}curses\|ncursesw\|term\|panel\|menu\|form\)\(\.h\|/\)'
# Headers of the project that pull in curses, directly or through each other (the core
# API in include/pizhu, the reader's in include/pizhu/ui).
headers() {
	for h in include/pizhu/*.h include/pizhu/ui/*.h; do
		[ -f "$h" ] && echo "$h"
	done
}
: >"$tmp/curses-headers"
for h in $(headers); do
	grep -q "$curses_re" "$h" && echo "${h#include/}" >>"$tmp/curses-headers"
done
while :; do
	before=$(wc -l <"$tmp/curses-headers")
	cp "$tmp/curses-headers" "$tmp/known"
	for h in $(headers); do
		while read -r bad; do
			if grep -q "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"$bad\"" "$h" &&
				! grep -qx "${h#include/}" "$tmp/curses-headers"; then
				echo "${h#include/}" >>"$tmp/curses-headers"
			fi
		done <"$tmp/known"
	done
	[ "$(wc -l <"$tmp/curses-headers")" -eq "$before" ] && break
done
: >"$tmp/style.out"
for f in src/core/*.c src/core/*.h; do
	[ -f "$f" ] || continue
	grep -n "$curses_re" "$f" | sed "s|^|$f:|" >>"$tmp/style.out"
	while read -r bad; do
		grep -n "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"$bad\"" "$f" |
			sed "s|^|$f:|; s|\$|  (includes curses)|" >>"$tmp/style.out"
	done <"$tmp/curses-headers"
done
if [ -s "$tmp/style.out" ]; then
	own not-ok "src/core never includes curses"
	diag <"$tmp/style.out"
else
	own ok "src/core never includes curses"
fi

# The boundary between the two: the core (its sources and include/pizhu/*.h) includes no
# header of the reader's (include/pizhu/ui/).
grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"pizhu/ui/' src/core/*.c src/core/*.h \
	include/pizhu/*.h 2>/dev/null >"$tmp/ui.out"
if [ -s "$tmp/ui.out" ]; then
	own not-ok "the core includes no header of the reader's (pizhu/ui/)"
	diag <"$tmp/ui.out"
else
	own ok "the core includes no header of the reader's (pizhu/ui/)"
fi

: >"$tmp/style.out"
: >"$tmp/first.out"
for f in src/core/*.c src/ui/*.c; do
	[ -f "$f" ] || continue
	base=${f##*/}
	base=${base%.c}
	case $f in
	src/ui/*) h=pizhu/ui/$base.h ;;
	*) h=pizhu/$base.h ;;
	esac
	if [ ! -f "include/$h" ]; then
		echo "$f has no include/$h" >>"$tmp/style.out"
		continue
	fi
	first=$(grep -m 1 '^[[:space:]]*#[[:space:]]*include' "$f" | tr -d ' \t')
	[ "$first" = "#include\"$h\"" ] ||
		echo "$f: first #include is not \"$h\"" >>"$tmp/first.out"
done
if [ -s "$tmp/style.out" ]; then
	own not-ok "each src/core module has its header in include/pizhu, each src/ui one in include/pizhu/ui"
	diag <"$tmp/style.out"
else
	own ok "each src/core module has its header in include/pizhu, each src/ui one in include/pizhu/ui"
fi
if [ -s "$tmp/first.out" ]; then
	own not-ok "each module includes its own header first"
	diag <"$tmp/first.out"
else
	own ok "each module includes its own header first"
fi

# --- (b2) what is generated but kept in the tree: the manual's keys, the catalogues -----

echo "# manual and message catalogues"
if sh src/mankeys.sh "$PIZHU" doc/pizhu.1 "$tmp/pizhu.1" 2>"$tmp/man.err" &&
	cmp -s doc/pizhu.1 "$tmp/pizhu.1"; then
	own ok "doc/pizhu.1's KEYS section is the action table's and the default keymap's"
else
	own not-ok "doc/pizhu.1's KEYS section is the action table's and the default keymap's (make man)"
	{ cat "$tmp/man.err"; diff doc/pizhu.1 "$tmp/pizhu.1" | head -n 20; } | diag
fi
echo "# the Chinese manual page (tests/man/zh.sh)"
sh tests/man/zh.sh >"$tmp/man.out" 2>&1
st=$?
count "$tmp/man.out"
if [ "$st" -ne 0 ] && ! grep -q '^not ok' "$tmp/man.out"; then
	own not-ok "tests/man/zh.sh exited with status $st"
fi
echo "# message catalogues (tests/po/check.sh)"
sh tests/po/check.sh "$BUILD/po/pizhu.pot" >"$tmp/po.out" 2>&1
st=$?
count "$tmp/po.out"
if [ "$st" -ne 0 ] && ! grep -q '^not ok' "$tmp/po.out"; then
	own not-ok "tests/po/check.sh exited with status $st"
fi

echo "# shell completion (tests/completion)"
sh tests/completion/run.sh >"$tmp/comp.out" 2>&1
st=$?
count "$tmp/comp.out"
if [ "$st" -ne 0 ] && ! grep -q '^not ok' "$tmp/comp.out"; then
	own not-ok "tests/completion/run.sh exited with status $st"
fi

# --- (c) the command line ---------------------------------------------------------------

echo "# command line (tests/cli)"
if [ -f tests/cli/run.sh ]; then
	sh tests/cli/run.sh >"$tmp/cli.out" 2>&1
	st=$?
	count "$tmp/cli.out"
	if [ "$st" -ne 0 ] && ! grep -q '^not ok' "$tmp/cli.out"; then
		own not-ok "tests/cli/run.sh exited with status $st"
	fi
fi

# --- (c1) sync with git repositories (tests/sync): the walk-through, bad input,
# convergence of three databases, syncs killed at random ----------------------------

echo "# sync (tests/sync)"
if [ -f tests/sync/run.sh ]; then
	# its own guard: three databases and 100 kills take a minute or two, more under load
	SYNC_TIMEOUT=
	command -v timeout >/dev/null 2>&1 && SYNC_TIMEOUT="timeout 900"
	$SYNC_TIMEOUT sh tests/sync/run.sh >"$tmp/sync.out" 2>&1
	st=$?
	count "$tmp/sync.out"
	if [ "$st" -ne 0 ] && ! grep -q '^not ok' "$tmp/sync.out"; then
		own not-ok "tests/sync/run.sh exited with status $st"
	fi
fi

# --- (c2) the reliability suite: hostile input, targets, databases, processes ----------

echo "# reliability (tests/reliability; its C tests ran with the unit tests)"
if [ -f tests/reliability/run.sh ]; then
	$TIMEOUT sh tests/reliability/run.sh >"$tmp/rel.out" 2>&1
	st=$?
	count "$tmp/rel.out"
	if [ "$st" -ne 0 ] && ! grep -q '^not ok' "$tmp/rel.out"; then
		own not-ok "tests/reliability/run.sh exited with status $st"
	fi
fi
echo "# reliability in a terminal (tests/reliability/paste.sh, in tmux)"
if ! command -v tmux >/dev/null 2>&1; then
	echo "# tmux not installed: paste checks skipped"
elif [ -f tests/reliability/paste.sh ]; then
	$TIMEOUT sh tests/reliability/paste.sh >"$tmp/paste.out" 2>&1
	st=$?
	count "$tmp/paste.out"
	if [ "$st" -ne 0 ] && ! grep -q '^not ok' "$tmp/paste.out"; then
		own not-ok "tests/reliability/paste.sh exited with status $st"
	fi
fi

# --- (d) outlines of the fixtures, row by row ------------------------------------------

echo "# outline fixtures (tests/fixtures/outline)"
rows() { # file: the TSV rows without comments, blank lines or CRs
	tr -d '\r' <"$1" | grep -v '^#' | grep -v '^[[:space:]]*$'
}
# Rows agree when depth, line, col and marker are equal and the titles agree as
# outline-score defines it: whitespace removed, one starts with the other and the
# shorter holds at least min(4, longer) characters (a run-together heading's end is
# found where it reasonably can be, not always).
rows_agree() { # want got
	python3 - "$1" "$2" <<'PY'
import re, sys
def rows(p):
    return [l.rstrip('\n').split('\t') for l in open(p, encoding='utf-8')]
w, g = rows(sys.argv[1]), rows(sys.argv[2])
def agree(a, b):
    a, b = re.sub(r'\s', '', a), re.sub(r'\s', '', b)
    s, l = sorted((a, b), key=len)
    return l.startswith(s) and len(s) >= min(4, len(l))
ok = len(w) == len(g) and all(
    len(x) == 5 and len(y) == 5 and x[:4] == y[:4] and agree(x[4], y[4]) for x, y in zip(w, g))
sys.exit(0 if ok else 1)
PY
}
nfix=0
for exp in tests/fixtures/outline/*.outline doc/sample.outline; do
	[ -f "$exp" ] || continue
	name=${exp%.outline}
	src=
	for ext in txt html htm; do
		[ -f "$name.$ext" ] && { src=$name.$ext; break; }
	done
	nfix=$((nfix + 1))
	if [ -z "$src" ]; then
		own not-ok "outline of ${name#tests/fixtures/outline/}: no input file beside $exp"
		continue
	fi
	$TIMEOUT "$PIZHU" outline --format=tsv "$src" >"$tmp/got" 2>"$tmp/err"
	st=$?
	rows "$exp" >"$tmp/want.rows"
	rows "$tmp/got" >"$tmp/got.rows"
	if [ "$st" -ne 0 ]; then
		own not-ok "outline of $src (exit $st)"
		diag <"$tmp/err"
	elif cmp -s "$tmp/want.rows" "$tmp/got.rows" || rows_agree "$tmp/want.rows" "$tmp/got.rows"; then
		own ok "outline of $src"
	else
		own not-ok "outline of $src"
		diff -u --label wanted --label got "$tmp/want.rows" "$tmp/got.rows" | diag
	fi
done
[ "$nfix" -eq 0 ] && echo "# no outline fixtures"

# --- (e) the corpus score against the gold outlines -------------------------------------

if [ -x ../shared/tools/outline-score ] || [ -f ../shared/tools/outline-score ]; then
	if [ -d ../shared/corpus ]; then
		echo "# corpus score (../shared/corpus)"
		bin="'$(printf '%s' "$PIZHU" | sed "s/'/'\\\\''/g")'"
		python3 ../shared/tools/outline-score --bin "$bin" --min 0.98 ../shared/corpus \
			>"$tmp/score" 2>&1
		st=$?
		total=$(grep '^outline F1' "$tmp/score" | tail -n 1)
		grep -v '^outline F1' "$tmp/score" | diag
		if [ "$st" -eq 0 ] && [ -n "$total" ]; then
			own ok "corpus: ${total} (min 0.98)"
		else
			own not-ok "corpus: ${total:-no total line} (min 0.98)"
		fi
	else
		echo "# ../shared not present: corpus score skipped"
	fi
else
	echo "# ../shared not present: corpus score skipped"
fi

# --- (e2) the draft comparison on edited drafts of the corpus -----------------------------

if [ -d ../shared/corpus ]; then
	echo "# diff on edited drafts of the corpus (tests/diff/score.py)"
	$TIMEOUT python3 tests/diff/score.py "$PIZHU" ../shared/corpus >"$tmp/dscore" 2>&1
	count "$tmp/dscore"
	grep -q '^ok\|^not ok' "$tmp/dscore" || own not-ok "tests/diff/score.py ran"
	echo "# the diff score fails a wrong report (tests/diff/wrong.sh)"
	$TIMEOUT sh tests/diff/wrong.sh "$PIZHU" ../shared/corpus >"$tmp/dwrong" 2>&1
	count "$tmp/dwrong"
	grep -q '^ok\|^not ok' "$tmp/dwrong" || own not-ok "tests/diff/wrong.sh ran"
else
	echo "# ../shared not present: diff score skipped"
fi

# --- (e3) the suggestions against the corpus' hand-labelled gold -------------------------

# Precision and recall of each type (task, target, deadline, owner) must reach
# SUGGEST_MIN; the figures are printed.
SUGGEST_MIN=0.85
if [ -f ../shared/tools/suggest-score ] && [ -d ../shared/corpus/gold-suggest ]; then
	echo "# suggestion score (../shared/corpus/gold-suggest)"
	bin="'$(printf '%s' "$PIZHU" | sed "s/'/'\\\\''/g")'"
	$TIMEOUT python3 ../shared/tools/suggest-score --bin "$bin" ../shared/corpus >"$tmp/sscore" 2>&1
	st=$?
	line=$(grep '^task P' "$tmp/sscore" | tail -n 1)
	grep -v '^task P' "$tmp/sscore" | diag
	echo "# $line"
	low=$(printf '%s\n' "$line" | tr ';' '\n' |
		awk -v min="$SUGGEST_MIN" '$1 ~ /^(task|target|deadline|owner)$/ && $2 == "P" &&
			($3 < min || $5 < min) { printf "%s ", $1 }')
	if [ "$st" -eq 0 ] && [ -n "$line" ] && [ -z "$low" ]; then
		own ok "corpus suggestions: each type's precision and recall >= $SUGGEST_MIN"
	else
		own not-ok "corpus suggestions: each type's precision and recall >= $SUGGEST_MIN (below: ${low:-no score line})"
	fi
else
	echo "# ../shared not present: suggestion score skipped"
fi

# --- (f) install and uninstall honour DESTDIR and PREFIX ---------------------------------

echo "# make install / uninstall"
inst=$tmp/inst
if make -s --no-print-directory install DESTDIR="$inst" PREFIX=/opt/pz PIZHU="${PIZHU#$(pwd)/}" \
	BUILD="${BUILD#$(pwd)/}" >"$tmp/inst.log" 2>&1 &&
	[ -x "$inst/opt/pz/bin/pizhu" ] && [ -f "$inst/opt/pz/share/pizhu/sample.txt" ] &&
	[ -f "$inst/opt/pz/share/man/man1/pizhu.1" ] &&
	[ -f "$inst/opt/pz/share/man/zh_CN/man1/pizhu.1" ] &&
	[ -f "$inst/opt/pz/share/locale/zh_CN/LC_MESSAGES/pizhu.mo" ] &&
	[ -f "$inst/opt/pz/share/pizhu/pizhu.conf.example" ] &&
	[ -f "$inst/opt/pz/share/zsh/vendor-completions/_pizhu" ] &&
	[ -n "$(find "$inst" -path '*/bash-completion/completions/pizhu' -type f)" ] &&
	LANGUAGE=zh_CN LC_ALL=C.UTF-8 "$inst/opt/pz/bin/pizhu" --help 2>&1 | grep -q '用法' &&
	"$inst/opt/pz/bin/pizhu" outline "$inst/opt/pz/share/pizhu/sample.txt" >/dev/null &&
	make -s --no-print-directory uninstall DESTDIR="$inst" PREFIX=/opt/pz >>"$tmp/inst.log" 2>&1 &&
	[ -z "$(find "$inst" -type f)" ]; then
	own ok "make install and uninstall under DESTDIR with PREFIX"
else
	own not-ok "make install and uninstall under DESTDIR with PREFIX"
	diag <"$tmp/inst.log"
fi

# --- (g) inputs that once crashed the fuzzer -------------------------------------------

echo "# fuzz regressions (tests/fuzz/regress)"
nreg=0
for f in tests/fuzz/regress/*; do
	[ -f "$f" ] || continue
	case ${f##*/} in README*) continue ;; esac
	nreg=$((nreg + 1))
	for cmd in outline suggest; do
		$TIMEOUT "$PIZHU" --db "$tmp/regress.db" $cmd --format=json "$f" >/dev/null 2>"$tmp/err"
		st=$?
		if [ "$st" -le 1 ] && ! crashed "$st" "$tmp/err"; then
			own ok "no crash in $cmd on $f (exit $st)"
		else
			own not-ok "no crash in $cmd on $f (exit $st)"
			head -n 40 "$tmp/err" | diag
		fi
	done
done
[ "$nreg" -eq 0 ] && echo "# no fuzz regression inputs"

# the targets no command replays: their seeds and kept findings, through the target
for target in import export sync config date path diff; do
	bin=$BUILD/replay/fuzz_$target
	[ -x "$bin" ] || continue
	echo "# fuzz_$target seeds and findings (tests/fuzz/$target)"
	$TIMEOUT "$bin" tests/fuzz/$target/* >"$tmp/replay.out" 2>"$tmp/err"
	st=$?
	count "$tmp/replay.out"
	if [ "$st" -ne 0 ] || crashed "$st" "$tmp/err"; then
		own not-ok "fuzz_$target replay exited with status $st"
		head -n 40 "$tmp/err" | diag
	fi
done

# --- (g2) suggestions against the labelled speeches: precision and recall per type ---------

echo "# suggestions: precision and recall per type (tests/fixtures/suggest)"
if python3 tests/fixtures/suggest/check_labels.py >"$tmp/labels.out" 2>&1; then
	own ok "the labelled speeches' labels match their text"
else
	own not-ok "the labelled speeches' labels match their text"
	diag <"$tmp/labels.out"
fi
$TIMEOUT python3 tests/fixtures/suggest/score.py "$PIZHU" >"$tmp/score.out" 2>&1
count "$tmp/score.out"
grep -q '^ok\|^not ok' "$tmp/score.out" || own not-ok "tests/fixtures/suggest/score.py ran"

# --- (g3) the screen after scrolling is the one drawn from scratch (no stale cells) ----

echo "# scrolled screens against redrawn ones (tests/bench/screens.sh, in a pseudo-terminal)"
if [ -n "${PTYBENCH:-}" ] && [ -x "$PTYBENCH" ] && [ -n "${VTMODEL:-}" ] && [ -x "$VTMODEL" ]; then
	$TIMEOUT sh tests/bench/screens.sh >"$tmp/screens.out" 2>&1
	st=$?
	count "$tmp/screens.out"
	if [ "$st" -ne 0 ] && ! grep -q '^not ok' "$tmp/screens.out"; then
		own not-ok "tests/bench/screens.sh exited with status $st"
	fi
else
	echo "# PTYBENCH and VTMODEL not built (make check builds them): skipped"
fi

# --- (h) the reader in a terminal: keys in, screens out (tests/tui, in tmux) -------------

echo "# reader in tmux (tests/tui)"
if ! command -v tmux >/dev/null 2>&1; then
	echo "# tmux not installed: TUI tests skipped"
else
	# run.sh, then one suite a file: tests/tui/t-*.sh (each sources lib.sh, prints TAP).
	for suite in tests/tui/run.sh tests/tui/t-*.sh; do
		[ -f "$suite" ] || continue
		echo "# $suite"
		$TIMEOUT sh "$suite" >"$tmp/tui.out" 2>&1
		st=$?
		count "$tmp/tui.out"
		if [ "$st" -ne 0 ] && ! grep -q '^not ok' "$tmp/tui.out"; then
			own not-ok "$suite exited with status $st"
		fi
	done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
