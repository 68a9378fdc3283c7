#!/bin/sh
# What keeping every draft's text costs on disk: 50 drafts of a 100 KB speech, each the
# one before with a few scripted edits (tests/diff/score.py, one edit about every 6,000
# characters, fixed seed), declared one after another with `pizhu draft`; the size of
# the database beside the drafts' own bytes. Sourced by tests/bench/bench.sh after
# tests/bench/diff.sh (needs $PIZHU, $OUT, $tmp and its 100 KB old draft).

ddir=$tmp/drafts
mkdir -p "$ddir" || exit 1
python3 - "$OUT/diff-old-100000.txt" "$ddir" <<'PY' || exit 1
import os, random, sys
sys.path.insert(0, os.path.join("tests", "diff"))
import score
with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
rng = random.Random(50)
for k in range(1, 51):
    with open(os.path.join(sys.argv[2], "draft-%02d.txt" % k), "w", encoding="utf-8") as f:
        f.write(text)
    for _ in range(max(1, len(text) // 6000)):
        r = score.make_move(text, rng) if rng.random() < 0.1 else \
            score.make_draft(text, rng, [rng.choice(["insert", "delete", "replace", "figure",
                                                     "form", "fullwidth"]) for _ in range(3)])
        if r:
            text = r[0]
PY
ddb=$tmp/drafts.db
t0=$(now_ns)
k=2
while [ "$k" -le 50 ]; do
	prev=$(printf '%s/draft-%02d.txt' "$ddir" $((k - 1)))
	next=$(printf '%s/draft-%02d.txt' "$ddir" "$k")
	if ! "$PIZHU" --db "$ddb" draft "$prev" "$next" >/dev/null 2>"$tmp/err"; then
		failed=1
		echo "bench: pizhu draft failed:" >&2
		head -n 5 "$tmp/err" >&2
		break
	fi
	k=$((k + 1))
done
t1=$(now_ns)
raw=$(cat "$ddir"/draft-*.txt | wc -c)
gz=$(for f in "$ddir"/draft-*.txt; do gzip -9 <"$f" | wc -c; done | awk '{ s += $1 } END { print s }')
dbsize=$(cat "$ddb" "$ddb-wal" 2>/dev/null | wc -c)
n=$("$PIZHU" --db "$ddb" drafts "$ddir/draft-50.txt" | wc -l)
echo
printf '%-22s %7s %10s %10s %10s %9s %10s\n' drafts "kept" "texts KB" "gzip KB" "db KB" "db/texts" \
	"draft ms"
awk -v n="$n" -v raw="$raw" -v gz="$gz" -v db="$dbsize" -v ns=$((t1 - t0)) 'BEGIN {
	printf "%-22s %7d %10.0f %10.0f %10.0f %8.2fx %10.0f\n", "50 x 100 KB speech", n,
		raw / 1000, gz / 1000, db / 1000, db / raw, ns / 49 / 1e6
}'
echo "(kept: drafts pizhu drafts lists; texts: the 50 files' bytes; gzip: each file's gzip -9"
echo " summed, what deflate alone can do; db: the database after 49 pizhu draft runs; draft"
echo " ms: one pizhu draft run, reading both files, outlining and carrying no tags)"
