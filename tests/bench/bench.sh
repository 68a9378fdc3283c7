#!/bin/sh
# How fast `pizhu outline` reads a big file and how much memory it takes, against
# `wc -l` as the floor: a table for people, not a test (timings belong here only).
#
# Usage: PIZHU=./pizhu sh tests/bench/bench.sh   (from the repository root; `make bench`)
# Then times `pizhu diff` (tests/bench/diff.sh), weighs 50 drafts kept in the database
# (tests/bench/drafts.sh), times the first screen in review mode (tests/bench/review.sh),
# runs TAGBENCH (built from
# tests/bench/tagbench.c: committing a tag, opening 10,000 tags, re-anchoring them on
# an edited draft) and tests/bench/tui.sh (the reader against less and vim), which
# needs PTYBENCH, the pseudo-terminal driver built from tests/bench/ptybench.c.
# Builds its >= 50 MB inputs in build/bench once: they are rebuilt only when an
# input is newer.

set -u

PIZHU=${PIZHU:-pizhu}
case $PIZHU in
/*) ;;
*) PIZHU=$(pwd)/$PIZHU ;;
esac

TAGBENCH=${TAGBENCH:-build/bench/tagbench}
case $TAGBENCH in
/*) ;;
*) TAGBENCH=$(pwd)/$TAGBENCH ;;
esac

cd "$(dirname "$0")/../.." || exit 1

OUT=build/bench
MIN_BYTES=$((50 * 1024 * 1024))
RUNS=3

if [ ! -x "$PIZHU" ]; then
	echo "bench: no program at $PIZHU (run make first)" >&2
	exit 1
fi
if [ ! -x /usr/bin/time ]; then
	echo "bench: GNU time (/usr/bin/time) is needed: apt-get install time" >&2
	exit 1
fi

mkdir -p "$OUT" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Two inputs, each >= 50 MB in UTF-8 and in GB18030: "speech" repeats the bundled
# sample (paragraphs of a real speech's length) and "fixtures" the test fixtures
# (short paragraphs, many headings: the hardest case per byte).
fixtures=
for f in tests/fixtures/outline/*.txt doc/sample.txt; do
	[ -f "$f" ] && fixtures="$fixtures $f"
done
[ -z "$fixtures" ] && fixtures=tests/cli/speech.txt

. tests/bench/lib.sh

# make_big NAME INPUTS...: $OUT/NAME-utf8.txt (>= MIN_BYTES, see make_input) and its
# GB18030 copy $OUT/NAME-gb18030.txt, each rebuilt only when stale.
make_big() {
	name=$1
	shift
	big=$OUT/$name-utf8.txt
	gb=$OUT/$name-gb18030.txt
	make_input "$big" "$MIN_BYTES" "$@"
	if [ ! -f "$gb" ] || [ -n "$(find "$big" -newer "$gb")" ]; then
		iconv -f UTF-8 -t GB18030 "$big" >"$tmp/gb" && mv "$tmp/gb" "$gb" || exit 1
	fi
}

make_big speech doc/sample.txt
# shellcheck disable=SC2086 # $fixtures is a list of paths without spaces
make_big fixtures $fixtures
# Real speeches, when ../shared is beside the checkout (read here, never copied in).
corpus=
if ls ../shared/corpus/*.txt >/dev/null 2>&1; then
	make_big corpus ../shared/corpus/*.txt
	corpus="$OUT/corpus-utf8.txt $OUT/corpus-gb18030.txt"
fi

# make_crlf NAME: $OUT/NAME-crlf.txt, the UTF-8 input with CRLF line ends (files saved
# on Windows), rebuilt only when stale.
make_crlf() {
	if [ ! -f "$OUT/$1-crlf.txt" ] || [ -n "$(find "$OUT/$1-utf8.txt" -newer "$OUT/$1-crlf.txt")" ]; then
		sed 's/$/\r/' "$OUT/$1-utf8.txt" >"$tmp/crlf" && mv "$tmp/crlf" "$OUT/$1-crlf.txt" || exit 1
	fi
}
make_crlf speech
crlf=$OUT/speech-crlf.txt
if [ -n "$corpus" ]; then
	make_crlf corpus
	crlf="$crlf $OUT/corpus-crlf.txt"
fi

now_ns() {
	date +%s%N
}

# best_of CMD...: sets $best (seconds) and $rss (KiB, the largest seen) over $RUNS runs;
# $status is the first non-zero exit status, or 0.
best_of() {
	best='' rss=0 status=0
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		t0=$(now_ns)
		/usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err"
		st=$?
		t1=$(now_ns)
		[ "$st" -ne 0 ] && [ "$status" -eq 0 ] && status=$st
		r=$(tail -n 1 "$tmp/rss")
		case $r in
		'' | *[!0-9]*) r=0 ;;
		esac
		[ "$r" -gt "$rss" ] && rss=$r
		ns=$((t1 - t0))
		if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then
			best=$ns
		fi
		i=$((i + 1))
	done
	best=$(awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }')
}

failed=0
printf '%-21s %9s %9s %9s %9s %10s %11s %9s\n' \
	file "size MiB" "wc -l s" "wc MiB/s" "pizhu s" "pizhu MiB/s" "RSS MiB" "RSS/size"
for f in $OUT/speech-utf8.txt $OUT/speech-gb18030.txt $OUT/fixtures-utf8.txt \
	$OUT/fixtures-gb18030.txt $corpus $crlf; do
	bytes=$(wc -c <"$f")
	best_of wc -l "$f"
	wc_s=$best
	best_of "$PIZHU" outline --format=tsv "$f"
	pz_s=$best
	pz_rss=$rss
	if [ "$status" -ne 0 ]; then
		failed=1
		echo "bench: pizhu outline $f failed (exit $status):" >&2
		head -n 5 "$tmp/err" >&2
	fi
	case ${f##*/} in
	corpus-utf8.txt) aim_lf=$(awk -v b="$bytes" -v p="$pz_s" 'BEGIN { printf "%.0f", (p > 0 ? b / 1e6 / p : 0) }') ;;
	corpus-crlf.txt) aim_crlf=$(awk -v b="$bytes" -v p="$pz_s" 'BEGIN { printf "%.0f", (p > 0 ? b / 1e6 / p : 0) }') ;;
	esac
	awk -v name="${f##*/}" -v b="$bytes" -v w="$wc_s" -v p="$pz_s" -v r="$pz_rss" \
		-v st="$status" 'BEGIN {
		mb = b / 1048576
		wr = w > 0 ? sprintf("%.0f", mb / w) : "inf"
		pr = p > 0 ? sprintf("%.1f", mb / p) : "inf"
		if (st != 0) pr = "FAILED"
		printf "%-21s %9.1f %9.3f %9s %9.3f %10s %11.1f %9.2f\n",
			name, mb, w, wr, p, pr, r / 1024, (r * 1024) / b
	}'
done
echo "(best of $RUNS runs, wall time; peak RSS from GNU time; pizhu output to /dev/null)"
if [ -n "$corpus" ]; then
	echo "real speeches (corpus): $aim_lf MB/s with LF line ends, $aim_crlf MB/s with CRLF" \
		"(MB = 10^6 bytes; aim: at least 300 MB/s on both, peak RSS under 3x the file)"
fi

# Suggestions: the whole of `pizhu suggest` (reading, outline, detection, writing), and
# the detection alone (the same less `pizhu outline`), with the paragraphs shared among
# the machine's processors (the default for a long file), with one thread and with two
# (--threads=N). Aims: above 50 MB/s; two threads at least 1.7x as fast as one.
echo
printf '%-21s %7s %10s %12s %12s %12s %12s %8s %9s\n' file "size MB" "suggest s" "suggest MB/s" \
	"detect MB/s" "1 thread MB/s" "2 threads MB/s" "2 vs 1" "items"
for f in $OUT/speech-utf8.txt $OUT/fixtures-utf8.txt $corpus; do
	case $f in *gb18030*) continue ;; esac
	bytes=$(wc -c <"$f")
	best_of "$PIZHU" outline --format=tsv "$f"
	ol_s=$best
	best_of "$PIZHU" suggest --format=tsv --threads=1 "$f"
	one_s=$best
	best_of "$PIZHU" suggest --format=tsv --threads=2 "$f"
	two_s=$best
	best_of "$PIZHU" suggest --format=tsv "$f"
	sg_s=$best
	if [ "$status" -ne 0 ]; then
		failed=1
		echo "bench: pizhu suggest $f failed (exit $status):" >&2
		head -n 5 "$tmp/err" >&2
	fi
	items=$("$PIZHU" suggest --format=tsv "$f" | wc -l)
	awk -v name="${f##*/}" -v b="$bytes" -v o="$ol_s" -v s="$sg_s" -v s1="$one_s" -v s2="$two_s" \
		-v n="$items" 'BEGIN {
		mb = b / 1e6
		d = s - o
		dr = "inf"
		if (d > 0)
			dr = sprintf("%.1f", mb / d)
		printf "%-21s %7.1f %10.3f %12.1f %12s %12.1f %14.1f %7.2fx %9d\n", name, mb, s, mb / s, dr,
			mb / s1, mb / s2, (s2 > 0 ? s1 / s2 : 0), n
	}'
done
echo "($(getconf _NPROCESSORS_ONLN) processors; suggest MB/s and detect MB/s with the default threads)"
echo "(MB = 10^6 bytes; best of $RUNS runs; aims: above 50 MB/s, 2 vs 1 at least 1.70x;"
echo " two threads gain only where two processors are free: read the load average beside it)"
uptime

# Comparing two drafts of 100 KB and of 1 MB, beside git diff --word-diff.
. tests/bench/diff.sh

# What 50 drafts of a 100 KB speech cost in the database.
. tests/bench/drafts.sh
# The reader's first screen in review mode on the 100 KB pair (tests/bench/review.sh).
. tests/bench/review.sh

# Tagging against the issue's aims; its database and drafts go in $tmp (on the disk
# unless TMPDIR is a tmpfs, where fsync costs nothing).
if [ -x "$TAGBENCH" ]; then
	TMPDIR=$tmp "$TAGBENCH" || failed=1
else
	echo "bench: no tagging bench at $TAGBENCH (make build/bench/tagbench)" >&2
	failed=1
fi

# The command line on 10,000 tags and a 40 MiB file: a draft generated by tagbench with
# 10,000 of its sentences tagged (a listing as `pizhu tags --format=json` writes it)
# and the same draft edited. Timed beside `pizhu outline` on the same file, since every
# command reads the file and finds its outline first. Aims: listing and exporting
# under 0.2 s beyond the outline; re-anchoring under 3x the file in memory.
if [ -x "$TAGBENCH" ]; then
	cli=$tmp/cli
	mkdir -p "$cli" && "$TAGBENCH" -w "$cli" >/dev/null || failed=1
	cp "$cli/draft-a.txt" "$cli/doc.txt"
	db=$cli/pizhu.db
	fbytes=$(wc -c <"$cli/doc.txt")
	echo
	printf '%-40s %8s %10s %9s %9s\n' "10,000 tags, $(awk -v b="$fbytes" 'BEGIN { printf "%.1f MiB", b / 1048576 }') file" \
		"time s" "- outline" "RSS MiB" "RSS/size"
	cli_row() { # label outline_s command...
		label=$1 base=$2
		shift 2
		best_of "$@"
		[ "$status" -ne 0 ] && { failed=1; echo "bench: $label failed (exit $status)" >&2; head -n 3 "$tmp/err" >&2; }
		awk -v l="$label" -v t="$best" -v o="$base" -v r="$rss" -v b="$fbytes" 'BEGIN {
			d = o == "" ? "" : sprintf("%.3f", t - o)
			printf "%-40s %8.3f %10s %9.1f %9.2f\n", l, t, d, r / 1024, (r * 1024) / b }'
	}
	best_of "$PIZHU" outline --format=tsv "$cli/doc.txt"
	outline_a=$best
	cli_row "pizhu outline" "" "$PIZHU" outline --format=tsv "$cli/doc.txt"
	RUNS_SAVED=$RUNS RUNS=1
	cli_row "tags import" "$outline_a" "$PIZHU" --db "$db" tags import "$cli/listing.json" "$cli/doc.txt"
	RUNS=$RUNS_SAVED
	cli_row "tags, first after the import" "$outline_a" "$PIZHU" --db "$db" tags "$cli/doc.txt"
	RUNS=1
	cli_row "tags add (stores the anchors)" "$outline_a" "$PIZHU" --db "$db" tags add --type=note \
		--from=1:1 --to=1:3 "$cli/doc.txt"
	RUNS=$RUNS_SAVED
	cli_row "tags" "$outline_a" "$PIZHU" --db "$db" tags "$cli/doc.txt"
	cli_row "export" "$outline_a" "$PIZHU" --db "$db" export "$cli/doc.txt"
	cp "$cli/draft-b.txt" "$cli/doc.txt"
	best_of "$PIZHU" outline --format=tsv "$cli/doc.txt"
	cli_row "tags, edited draft (re-anchors)" "$best" "$PIZHU" --db "$db" tags "$cli/doc.txt"
	echo "(aims: tags and export under 0.2 s beyond the outline, re-anchoring under 3x the"
	echo " file in memory; best of $RUNS runs, wall time; peak RSS from GNU time)"
fi

# The reader in a pseudo-terminal beside less and vim -R (tests/bench/tui.sh).
PIZHU=$PIZHU sh tests/bench/tui.sh || failed=1
exit "$failed"
