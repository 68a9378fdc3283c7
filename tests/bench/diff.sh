#!/bin/sh
# How fast `pizhu diff` compares two drafts, against `git diff --no-index --word-diff`
# on the same pair in the same run: a table for people, not a test. Sourced by
# tests/bench/bench.sh (needs $PIZHU, $OUT, $tmp, $RUNS and best_of).
#
# The old drafts repeat varied speeches (the shared corpus when it is beside the
# checkout, else the project's fixtures and sample) up to 100 KB and 1 MB; the new
# drafts are made from them by tests/diff/score.py's scripted edits, one about every
# 2,000 characters (insertions, deletions, replaced phrases, figures, forms, moved
# paragraphs), with a fixed seed.

if ls ../shared/corpus/*.txt >/dev/null 2>&1; then
	diff_src="../shared/corpus/*.txt"
else
	diff_src="tests/fixtures/outline/*.txt tests/fixtures/suggest/*.txt doc/sample.txt"
fi

# per_run N CMD...: sets $best to the best of $RUNS rounds of N runs in a row, divided
# by N (seconds), so that forking the timer does not weigh on a run of milliseconds;
# $status is the last run's exit status.
per_run() {
	reps=$1
	shift
	best=
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		t0=$(now_ns)
		k=0
		while [ "$k" -lt "$reps" ]; do
			"$@" >/dev/null 2>"$tmp/err"
			status=$?
			k=$((k + 1))
		done
		t1=$(now_ns)
		ns=$(((t1 - t0) / reps))
		if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then
			best=$ns
		fi
		r=$((r + 1))
	done
	best=$(awk -v ns="$best" 'BEGIN { printf "%.4f", ns / 1e9 }')
}

echo
printf '%-12s %9s %8s %12s %12s %9s %7s\n' pair "size KB" changes "pizhu diff s" \
	"git word s" "pizhu/git" aim
for size in 100000 1000000; do
	old=$OUT/diff-old-$size.txt
	new=$OUT/diff-new-$size.txt
	# shellcheck disable=SC2086 # $diff_src is a list of globs
	python3 - "$size" "$old" "$new" $diff_src <<'PY' || exit 1
import os, random, sys
sys.path.insert(0, os.path.join("tests", "diff"))
import score
size, old_path, new_path, srcs = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
texts = []
for p in sorted(srcs):
    with open(p, encoding="utf-8", errors="replace") as f:
        texts.append(f.read().replace("\r\n", "\n").lstrip("\ufeff"))
text = ""
while len(text.encode()) < size:
    text += "\n".join(texts) + "\n"
text = text.encode()[:size].decode("utf-8", "ignore")
text = text[: text.rfind("\n") + 1]
rng = random.Random(2024)
new = text
for _ in range(max(1, len(text) // 6000)):
    r = score.make_move(new, rng) if rng.random() < 0.1 else \
        score.make_draft(new, rng, [rng.choice(["insert", "delete", "replace", "figure",
                                                "form", "fullwidth"]) for _ in range(3)])
    if r:
        new = r[0]
for path, t in ((old_path, text), (new_path, new)):
    with open(path, "w", encoding="utf-8") as f:
        f.write(t)
PY
	kb=$(($(wc -c <"$old") / 1000))
	changes=$("$PIZHU" diff --format=tsv "$old" "$new" | wc -l)
	reps=20
	[ "$size" -gt 100000 ] && reps=5
	per_run "$reps" "$PIZHU" diff --color=never "$old" "$new"
	pz=$best
	if [ "$status" -gt 1 ]; then
		failed=1
		echo "bench: pizhu diff failed (exit $status):" >&2
		head -n 5 "$tmp/err" >&2
	fi
	if command -v git >/dev/null 2>&1; then
		per_run "$reps" git diff --no-index --word-diff --no-color "$old" "$new"
		gw=$best
	else
		gw=
	fi
	aim=0.05
	[ "$size" -gt 100000 ] && aim=0.5
	awk -v n="$size" -v kb="$kb" -v c="$changes" -v p="$pz" -v g="$gw" -v aim="$aim" 'BEGIN {
		r = (g != "" && g > 0) ? sprintf("%.2fx", p / g) : "-"
		printf "%-12s %9d %8d %12.4f %12s %9s %7s\n", (n > 100000 ? "1 MB" : "100 KB"), kb, c, p,
			(g == "" ? "-" : sprintf("%.4f", g)), r, "<" aim " s"
	}'
done
echo "(wall time of one run, best of $RUNS rounds of 20 (100 KB) or 5 (1 MB) runs in a row,"
echo " output to /dev/null; changes: lines of --format=tsv; aim: under the time shown and"
echo " within 3x of git diff --no-index --word-diff on the same pair)"
