#!/bin/sh
# The reader's screen after a short scroll is the screen it draws from scratch at the same
# place: whatever bytes a redraw saves, no cell may be left stale. Each case drives the
# reader in a pseudo-terminal (ptybench), presses C-l (a redraw from scratch) last, and
# replays what it wrote in a model of the terminal (vtmodel), which compares the screen
# before the redraw with the one after. Prints TAP; part of `make check`.
#
# Usage: PIZHU=./pizhu PTYBENCH=build/bench/ptybench VTMODEL=build/bench/vtmodel \
#        sh tests/bench/screens.sh   (from the repository root)

set -u

PIZHU=${PIZHU:-pizhu}
PTYBENCH=${PTYBENCH:-build/bench/ptybench}
VTMODEL=${VTMODEL:-build/bench/vtmodel}
for v in PIZHU PTYBENCH VTMODEL; do
	eval "p=\$$v"
	case $p in
	/*) ;;
	*) eval "$v=\$(pwd)/\$p" ;;
	esac
done

cd "$(dirname "$0")/../.." || exit 1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-screens.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

n=0
failed=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}

# The model itself must see a stale cell: X left where a redraw draws A.
printf '\033[?1049h\033[H\033[2JAB\033[1;1HX\033[H\033[2JAB\033[?1049l' >"$tmp/stale.tty"
printf '\033[?1049h\033[H\033[2JAB\033[1;2r\033[2;1H\n\033[r\033[HAB\033[H\033[2JAB\033[?1049l' \
	>"$tmp/same.tty"
"$VTMODEL" -s 10x3 "$tmp/stale.tty" >/dev/null 2>&1
st=$?
"$VTMODEL" -s 10x3 "$tmp/same.tty" >"$tmp/out" 2>&1
if [ "$st" -eq 1 ] && [ $? -eq 0 ]; then
	ok "vtmodel sees a stale cell, and none where a scroll was repainted"
else
	not_ok "vtmodel sees a stale cell, and none where a scroll was repainted"
	sed 's/^/# /' "$tmp/out"
fi

# case NAME SIZE PTYBENCH-OPTION... -- STEP...: one run on doc/sample.txt, C-l and q after
# the steps (-x: the terminal answers that it has left and right margins).
case_() {
	name=$1 size=$2
	shift 2
	opts=
	while [ "$1" != -- ]; do
		opts="$opts $1"
		shift
	done
	shift
	rm -rf "$tmp/home"
	mkdir -p "$tmp/home"
	# shellcheck disable=SC2086 # $opts: options without spaces
	env -i HOME="$tmp/home" PATH="$PATH" LANG=C.UTF-8 TZ=UTC \
		"$PTYBENCH" -s "$size" -t 30 $opts -o "$tmp/$name.tty" \
		screen first '' "$@" keys '<C-l>' quit q -- "$PIZHU" doc/sample.txt \
		>"$tmp/$name.rep" 2>"$tmp/$name.err"
	st=$?
	if [ "$st" -ne 0 ]; then
		not_ok "$name: the reader ran (ptybench status $st)"
		sed 's/^/# /' "$tmp/$name.err" | head -n 5
		return
	fi
	if "$VTMODEL" -s "$size" "$tmp/$name.tty" >"$tmp/$name.out" 2>&1; then
		ok "$name: the screen after scrolling is the one drawn from scratch"
	else
		not_ok "$name: the screen after scrolling is the one drawn from scratch"
		sed 's/^/# /' "$tmp/$name.out" | head -n 40
	fi
}

scroll='keys g repeat down 12 j repeat up 4 k keys d repeat down 3 j keys u keys <Space> repeat down 2 j'
# shellcheck disable=SC2086 # $scroll: the steps, words without spaces
case_ tree-80x24 80x24 -- $scroll
# shellcheck disable=SC2086
case_ notree-80x24 80x24 -- keys t $scroll
# shellcheck disable=SC2086
case_ tree-200x60 200x60 -- $scroll
# shellcheck disable=SC2086
case_ cursor-80x24 80x24 -- keys g repeat sentence 6 ')' repeat down 5 j keys '<Tab>' repeat tree 3 j
# shellcheck disable=SC2086
case_ screen-80x24 80x24 -T screen-256color -- $scroll
# Without left and right margins (as tmux) the whole rows scroll and the tree's cells stay
# in curses' frames, which sends what the move displaced: long scrolls through sections
# (the tree's current row moves while the rest is repaired), the tree hidden and shown
# again between scrolls, a page and half pages.
# shellcheck disable=SC2086
case_ tree-long-80x24 80x24 -- keys g repeat down 70 j repeat up 35 k keys d repeat down 9 j
# shellcheck disable=SC2086
case_ tree-long-200x60 200x60 -- keys g repeat down 90 j repeat up 20 k keys '<Space>' repeat down 9 j
# shellcheck disable=SC2086
case_ tree-toggle-80x24 80x24 -- keys g repeat down 5 j keys t repeat down 4 j keys t repeat down 6 j keys '<Tab>' repeat tree 4 j keys '<Tab>' repeat down 3 j
# The terminal says it has left and right margins (as xterm): the text scrolls alone.
# shellcheck disable=SC2086
case_ margins-80x24 80x24 -x -- $scroll
# shellcheck disable=SC2086
case_ margins-200x60 200x60 -x -- $scroll
# shellcheck disable=SC2086
case_ margins-cursor-80x24 80x24 -x -- keys g repeat sentence 6 ')' repeat down 5 j keys '<Tab>' repeat tree 3 j
# shellcheck disable=SC2086
case_ margins-notree-80x24 80x24 -x -- keys t $scroll
# The margins are set only where the terminal said it has them.
if grep -q "$(printf '\033')\[?69h" "$tmp/margins-80x24.tty" 2>/dev/null &&
	! grep -q "$(printf '\033')\[?69h" "$tmp/tree-80x24.tty" 2>/dev/null; then
	ok "left and right margins used where the terminal has them, only there"
else
	not_ok "left and right margins used where the terminal has them, only there"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
