#!/bin/sh
# How fast `pizhu sync` is (issue 12): 10,000 tags synced into an empty database, an
# incremental sync of 10 changes on top of 10,000, and the merge of a 10,000-tag
# listing (`pizhu tags import` into a database that holds those tags, each changed).
# A table for people, not a test. Usage: PIZHU=./pizhu sh tests/bench/sync.sh
# (from the repository root; `make bench` runs it). RUNS runs each, the median shown.

set -u

PIZHU=${PIZHU:-pizhu}
case $PIZHU in
/*) ;;
*) PIZHU=$(pwd)/$PIZHU ;;
esac
RUNS=${RUNS:-3}
TAGS=${TAGS:-10000}

if ! command -v git >/dev/null 2>&1; then
	echo "sync bench: git is not installed" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-syncbench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
cd "$tmp" || exit 1
unset PIZHU_DB
export HOME="$tmp" PIZHU_AUTHOR=bench LC_ALL=C.UTF-8

# A speech of TAGS numbered points and a listing that tags each point's duty: the
# text written here, in words of this script's own.
python3 - "$TAGS" <<'PY'
import json, sys, uuid
n = int(sys.argv[1])
lines = ["在年度工作推进会上的讲话", ""]
for i in range(n):
    lines.append("第%d项，有关部门要在月底前完成第%d批事项的清理。" % (i + 1, i + 1))
text = "\n".join(lines) + "\n"
open("speech.txt", "w", encoding="utf-8").write(text)
ann, pos = [], len(lines[0]) + 2
for i in range(n):
    line = lines[i + 2]
    k = line.index("要")
    start = pos + k
    quote = line[k:k + 8]
    ann.append({"id": str(uuid.UUID(int=i + 1, version=4)), "type": "task", "quote": quote,
                "start": start, "end": start + len(quote), "prefix": line[:k][-32:],
                "suffix": line[k + 8:][:32], "note": "第%d条" % (i + 1), "due": "",
                "owner": "", "state": "open"})
    pos += len(line) + 1
json.dump({"file": "speech.txt", "annotations": ann}, open("tags.json", "w"), ensure_ascii=False)
for a in ann:
    a["note"] += "（改）"
    a["owner"] = "办公室"
json.dump({"file": "speech.txt", "annotations": ann}, open("changed.json", "w"), ensure_ascii=False)
PY

ms() { # command...: its wall time in ms
	s=$(date +%s%N)
	"$@" >/dev/null 2>"$tmp/err" || { echo "failed: $*" >&2; cat "$tmp/err" >&2; }
	echo $((($(date +%s%N) - s) / 1000000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

git init -q --bare hub.git
"$PIZHU" --db a.db tags import tags.json speech.txt >/dev/null || exit 1
send=$(ms "$PIZHU" --db a.db sync hub.git)

: >first
: >incr
: >merge
for r in $(seq "$RUNS"); do
	rm -rf b.db* c.db*
	ms "$PIZHU" --db b.db sync hub.git >>first
	# 10 changes on top of 10,000, made on a, synced there, then taken by b
	ids=$("$PIZHU" --db a.db tags speech.txt | cut -f 1 | head -n 10)
	for id in $ids; do
		"$PIZHU" --db a.db tags edit --note="第$r轮" "$id" >/dev/null
	done
	"$PIZHU" --db a.db sync hub.git >/dev/null
	ms "$PIZHU" --db b.db sync hub.git >>incr
	# the merge of a 10,000-tag listing into a database holding those tags
	"$PIZHU" --db c.db tags import tags.json speech.txt >/dev/null
	ms "$PIZHU" --db c.db tags import changed.json speech.txt >>merge
done
printf '%s\n' "" "sync ($TAGS tags; load: $(cut -d ' ' -f 1-3 /proc/loadavg))" \
	"  first sync out of a database holding them       $send ms" \
	"  sync of $TAGS tags into an empty database       $(median <first) ms (aim < 2000)" \
	"  incremental sync of 10 changes on top of them    $(median <incr) ms (aim < 200)" \
	"  merge of a $TAGS-tag listing (tags import)      $(median <merge) ms"
