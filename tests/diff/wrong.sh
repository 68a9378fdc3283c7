#!/bin/sh
# The scorer of tests/diff/score.py fails a wrong report: pizhu diff's TSV is bent in
# four ways by a wrapper (a column shifted, a text changed, a change dropped, a change
# made up) and each must make the score fail, while the wrapper passing it through
# unchanged passes. Prints TAP. Usage: sh tests/diff/wrong.sh PIZHU CORPUS_DIR
# (from the repository root; one speech of the corpus is enough).

set -u
pizhu=$1
corpus=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-wrong.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# one speech, two drafts with edits: quick, and enough to see every bend
mkdir "$tmp/corpus"
cp "$(ls "$corpus"/*.txt | head -n 1)" "$tmp/corpus/" || exit 1

cat >"$tmp/bend.py" <<'PY'
import subprocess, sys
mode, pizhu, args = sys.argv[1], sys.argv[2], sys.argv[3:]
r = subprocess.run([pizhu] + args, capture_output=True, text=True)
lines = r.stdout.splitlines()
if lines and mode != "none":
    f = lines[0].split("\t")
    # the first two stay inside the edit's place, so that only the text read back
    # at the place tells them wrong
    if mode == "column":      # one character on, one character shorter
        k = 6 if f[6] else 5
        f[k] = f[k][:-1] if len(f[k]) > 1 else f[k]
        f[2], f[4] = str(int(f[2]) + (k == 5)), str(int(f[4]) + (k == 6))
        lines[0] = "\t".join(f)
    elif mode == "text":      # other characters, as many, where the draft has its own
        k = 6 if f[6] else 5
        f[k] = "甲" * len(f[k])
        lines[0] = "\t".join(f)
    elif mode == "drop":      # an edit not reported
        del lines[0]
    elif mode == "invent":    # a change where no edit was made (its text is there)
        new = open(args[-1], encoding="utf-8").read()
        lines.append("insert\t1\t1\t1\t1\t\t%s\t" % new[0])
sys.stdout.write("".join(l + "\n" for l in lines))
sys.exit(r.returncode)
PY

n=0
for mode in none column text drop invent; do
	printf '#!/bin/sh\nexec python3 "%s" %s "%s" "$@"\n' "$tmp/bend.py" "$mode" "$pizhu" >"$tmp/pizhu-$mode"
	chmod +x "$tmp/pizhu-$mode"
	python3 "$here/score.py" --drafts 3 "$tmp/pizhu-$mode" "$tmp/corpus" >"$tmp/out" 2>&1
	st=$?
	n=$((n + 1))
	if [ "$mode" = none ]; then
		if [ "$st" -eq 0 ]; then
			echo "ok $n - diff score: the reports as pizhu makes them pass"
		else
			echo "not ok $n - diff score: the reports as pizhu makes them pass"
			sed 's/^/# /' "$tmp/out"
		fi
	elif [ "$st" -eq 1 ] && grep -q '^not ok' "$tmp/out"; then
		echo "ok $n - diff score: a report bent ($mode) fails"
	else
		echo "not ok $n - diff score: a report bent ($mode) fails (exit $st)"
		sed 's/^/# /' "$tmp/out"
	fi
done
echo "1..$n"
