#!/bin/sh
# The reader's first screen in review mode on the 100 KB pair of tests/bench/diff.sh,
# beside its plain first screen in the same run: the plain first screen, and the review
# (C) drawn on top of it, each best of $RUNS runs in a pseudo-terminal (80x24). A table
# for people, not a test. Sourced by tests/bench/bench.sh after tests/bench/diff.sh
# (needs $PIZHU, $OUT, $tmp, $RUNS, its 100 KB pair and PTYBENCH).

PTYBENCH=${PTYBENCH:-build/bench/ptybench}
case $PTYBENCH in
/*) ;;
*) PTYBENCH=$(pwd)/$PTYBENCH ;;
esac

rdir=$tmp/review
mkdir -p "$rdir/home0/.local/share" || exit 1
cp "$OUT/diff-old-100000.txt" "$rdir/old.txt" && cp "$OUT/diff-new-100000.txt" "$rdir/new.txt" || exit 1
# the pair as two drafts of one document, in the database the reader uses
if ! env -i HOME="$rdir/home0" PATH="$PATH" LANG=C.UTF-8 TZ=UTC \
	"$PIZHU" draft "$rdir/old.txt" "$rdir/new.txt" >/dev/null 2>"$tmp/err"; then
	failed=1
	echo "bench: pizhu draft failed:" >&2
	head -n 5 "$tmp/err" >&2
fi
mark=$(head -c 4096 "$rdir/new.txt" | LC_ALL=C.UTF-8 grep -av '^[[:space:]　]*$' | head -n 1 |
	LC_ALL=C.UTF-8 sed 's/^[[:space:]　]*//' | LC_ALL=C.UTF-8 grep -ao '^[^[:space:]]\{1,4\}')

# review_run I: one run from a fresh copy of the HOME; its report in $rdir/rep.I
review_run() {
	rm -rf "$rdir/home"
	cp -R "$rdir/home0" "$rdir/home" || exit 1
	env -i HOME="$rdir/home" PATH="$PATH" LANG=C.UTF-8 TZ=UTC \
		"$PTYBENCH" -s 80x24 -t 120 screen first "$mark" send review C "review since draft 1" \
		quit qq -- "$PIZHU" "$rdir/new.txt" >"$rdir/rep.$1" 2>"$tmp/err" || {
		failed=1
		echo "bench: the review run failed:" >&2
		head -n 5 "$tmp/err" >&2
	}
}

if [ -x "$PTYBENCH" ]; then
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		review_run "$i"
		i=$((i + 1))
	done
	echo
	cat "$rdir"/rep.* | awk '
	function val(k,   i, kv) {
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == k) return kv[2]
		}
		return ""
	}
	$1 == "first" && val("mark") == "yes" && (!f || val("ms") + 0 < f) { f = val("ms") + 0 }
	$1 == "review" && val("mark") == "yes" && (!r || val("ms") + 0 < r) { r = val("ms") + 0 }
	END {
		printf "%-28s %10s %10s %12s %9s %s\n", "review (100 KB pair, 80x24)", "first ms",
			"C ms", "review ms", "ratio", "aim"
		if (!f || !r) { print "  n/a (a screen never showed its text)"; exit }
		x = (f + r) / f
		printf "%-28s %10.1f %10.1f %12.1f %8.2fx %s\n", "", f, r, f + r, x,
			(x <= 2 ? "<= 2x: met" : "<= 2x: NOT MET")
	}'
	echo "(first: the plain first screen; C: from the key to the review drawn, the changes"
	echo " since draft 1 computed; review: the first screen in review mode, both together;"
	echo " ratio: review over first; best of $RUNS runs each)"
else
	echo "bench: no pseudo-terminal driver at $PTYBENCH: review mode not timed" >&2
fi
