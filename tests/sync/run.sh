#!/bin/sh
# `pizhu sync` against bare git repositories in a temporary directory (TAP): the
# README's walk-through, bad input (an unreachable REMOTE, a foreign file, a damaged or
# newer change set: a message, exit 1, nothing written), a database of an older schema
# migrated and synced, three databases editing at
# random and syncing in random order until they list the same tags and disputes, and
# syncs killed at random points (SIGKILL) that never corrupt either side and converge
# on the next run. The four parts run side by side, each in its own directory (the
# walk-through and bad input, the convergence, the kills), and their results are
# numbered in that order at the end.
#
# Usage: PIZHU=/path/to/pizhu sh tests/sync/run.sh   (from the repository root)
# SYNC_ROUNDS (default 100) and SYNC_KILLS (default 100) set the sizes; SYNC_SEED the
# random seed (printed, so that a failure can be replayed).

set -u

PIZHU=${PIZHU:-pizhu}
case $PIZHU in
/*) ;;
*) PIZHU=$(pwd)/$PIZHU ;;
esac
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
ROUNDS=${SYNC_ROUNDS:-100}
KILLS=${SYNC_KILLS:-100}
SEED=${SYNC_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}

if ! command -v git >/dev/null 2>&1; then
	echo "1..0 # SKIP git is not installed"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-sync.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
# pizhu on PATH, as the walk-through calls it; a reviewer name that is nobody's
mkdir "$tmp/bin" && ln -s "$PIZHU" "$tmp/bin/pizhu"
PATH=$tmp/bin:$PATH
export PATH
unset PIZHU_DB PIZHU_AUTHOR
export LC_ALL=C.UTF-8 TZ=UTC
# git commits nothing of ours (pizhu writes its commits itself), but a test's own does
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.org GIT_COMMITTER_NAME=test \
	GIT_COMMITTER_EMAIL=test@example.org

# each part writes its results unnumbered (numbered when the parts are put together)
# and keeps its scratch files in its own directory T
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
diag() { sed 's/^/# /'; }
check() { # name command...: ok when the command succeeds
	name=$1
	shift
	if "$@" >"$T/out" 2>&1; then ok "$name"; else not_ok "$name"; diag <"$T/out"; fi
}
# starts part NAME: its directory, its own HOME
part() {
	T=$tmp/$1
	mkdir -p "$T/home"
	export HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config"
	cd "$T" || exit 1
}

echo "# seed $SEED"

# A listing made comparable: without the file's path, tags and tombstones by id.
norm() { # db file
	pizhu --db "$1" tags --format=json "$2" | python3 -c '
import json, sys
l = json.load(sys.stdin)
l.pop("file", None)
l["annotations"].sort(key=lambda a: a["id"])
l["deleted"].sort(key=lambda a: a["id"])
print(json.dumps(l, ensure_ascii=False, sort_keys=True, indent=1))'
}

# The rows of the database that sync and the tags live in, to see that nothing changed.
db_rows() { # db
	python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
for t in ("document", "version", "annotation", "reply", "dispute", "sync_op", "sync_set",
          "sync_alias"):
    for row in db.execute("SELECT * FROM %s ORDER BY 1" % t):
        print(t, row)
PY
}

cat >"$tmp/rand.py" <<'PY'
import random, sys
random.seed(int(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    print(" ".join(str(random.randrange(1000)) for _ in range(6)))
PY

# ---- the README's walk-through -------------------------------------------------------

walk_and_bad() {
part first
echo "# the README's two-machine walk-through"
mkdir "$tmp/walk" && cp "$ROOT/tests/cli/speech.txt" "$tmp/walk/" || exit 1
sed -n '/^<!-- walk-through: tests\/sync\/run.sh/,/^```$/p' "$ROOT/README.md" | sed '1,2d;$d' \
	>"$tmp/walk.sh"
if [ "$(wc -l <"$tmp/walk.sh")" -lt 10 ]; then
	not_ok "README has the walk-through block"
elif (cd "$tmp/walk" && sh -e -x "$tmp/walk.sh") >"$tmp/walk.out" 2>&1; then
	ok "the walk-through runs (exit 0 at every step)"
	cd "$tmp/walk" || exit 1
	copy=$(ls b.db.sync/files/*/speech.txt)
	norm a.db speech.txt >a.json
	norm b.db "$copy" >b.json
	if cmp -s a.json b.json && [ -s a.json ]; then
		ok "walk-through: both machines list the same tags"
	else
		not_ok "walk-through: both machines list the same tags"
		diff a.json b.json 2>&1 | head -20 | diag
	fi
	j=$(pizhu --db b.db tags --format=json "$copy")
	if printf '%s' "$j" | python3 -c '
import json, sys
a = json.load(sys.stdin)["annotations"]
assert len(a) == 1 and a[0]["note"] == "下周办结" and a[0]["status"] != "disputed"
assert [r["text"] for r in a[0]["replies"]] == ["时间再商量"]'; then
		ok "walk-through: the dispute was listed, then settled everywhere, the reply kept"
	else
		not_ok "walk-through: the dispute was listed, then settled everywhere, the reply kept"
		printf '%s\n' "$j" | diag
	fi
	if grep -q disputed "$tmp/walk.out"; then
		ok "walk-through: the tag was listed as disputed before it was settled"
	else
		not_ok "walk-through: the tag was listed as disputed before it was settled"
	fi
else
	not_ok "the walk-through runs (exit 0 at every step)"
	tail -n 30 "$tmp/walk.out" | diag
fi

# ---- bad input -------------------------------------------------------------------------

echo "# bad input: a message, exit 1, nothing written"
mkdir "$tmp/bad" && cd "$tmp/bad" || exit 1
cp "$ROOT/tests/cli/speech.txt" .
pizhu --db x.db sync "$tmp/bad/nowhere.git" >out 2>err
st=$?
if [ "$st" -eq 1 ] && grep -q "cannot sync with" err && [ ! -e x.db ] && [ ! -e x.db.sync ]; then
	ok "an unreachable REMOTE: exit 1, a message, no database or copy made"
else
	not_ok "an unreachable REMOTE: exit 1, a message, no database or copy made (exit $st)"
	cat err | diag
fi
if [ "$(wc -l <err)" -eq 1 ] && ! grep -qi 'usage' err; then
	ok "an unreachable REMOTE: one line saying why"
else
	not_ok "an unreachable REMOTE: one line saying why"
	cat err | diag
fi

# a repository with one good change set, then a foreign file, a damaged set, a newer one
git init -q --bare good.git
id=$(pizhu --db a.db tags add --author=甲 --type=task --from=5:1 --to=5:3 speech.txt)
pizhu --db a.db sync good.git >/dev/null 2>&1 || echo "# setup sync failed"
pizhu --db b.db tags add --author=乙 --type=note --from=5:1 --to=5:2 --note=乙 speech.txt >/dev/null
pizhu --db b.db sync good.git >/dev/null 2>&1 || echo "# setup sync failed"
pizhu --db b.db tags edit --author=乙 --note=待发 "$id" >/dev/null 2>&1
# bad.git: good.git's branch plus one file (path content)
bad_repo() { # name path content
	rm -rf "$1.git" work
	git clone -q --bare good.git "$1.git" 2>/dev/null
	git clone -q -b pizhu-sync "$1.git" work 2>/dev/null
	mkdir -p "work/$(dirname "$2")"
	printf '%s' "$3" >"work/$2"
	(cd work && git add -A && git commit -q -m bad && git push -q origin pizhu-sync) 2>&1 | diag
	rm -rf work
}
u1=00000000-0000-4000-8000-0000000000a1
u2=00000000-0000-4000-8000-0000000000a2
docdir=$(git --git-dir=good.git ls-tree --name-only pizhu-sync docs/ | head -n 1)
for case in foreign damaged newer badname text; do
	case $case in
	foreign) bad_repo foreign README.md "notes of ours" ; want="README.md" ;;
	damaged) bad_repo damaged "$docdir/changes/$u1.json" '{"pizhu-sync":1,"set":' ; want="$u1.json" ;;
	newer) bad_repo newer "$docdir/changes/$u1.json" '{"pizhu-sync":7,"set":"x"}' ; want="newer" ;;
	badname) bad_repo badname "$docdir/changes/$u1.json" "$(git --git-dir=good.git cat-file -p \
		"pizhu-sync:$(git --git-dir=good.git ls-tree -r --name-only pizhu-sync | grep changes | head -n 1)")"
		want="not the one its name says" ;;
	text) bad_repo text "docs/$u2/texts/0123456789abcdef-4.txt" "abcd"
		# with a set that needs that document's text
		git clone -q -b pizhu-sync text.git work 2>/dev/null
		sed "s/\"doc\":\"[^\"]*\"/\"doc\":\"$u2\"/; s/\"set\":\"[^\"]*\"/\"set\":\"$u1\"/" \
			"work/$(cd work && ls $docdir/changes/*.json | head -n 1)" >"work/docs/$u2/changes.tmp"
		mkdir -p "work/docs/$u2/changes"
		mv "work/docs/$u2/changes.tmp" "work/docs/$u2/changes/$u1.json"
		(cd work && git add -A && git commit -q -m bad && git push -q origin pizhu-sync) 2>&1 | diag
		rm -rf work
		want="docs/$u2/texts/0123456789abcdef-4.txt" ;;
	esac
	rm -f c.db c.db-wal c.db-shm && rm -rf c.db.sync
	pizhu --db c.db sync good.git >/dev/null 2>&1 # a database that has synced before
	before=$(db_rows c.db; db_rows b.db)
	pizhu --db c.db sync "$case.git" >out 2>err
	st1=$?
	pizhu --db b.db sync "$case.git" >>out 2>>err
	st2=$?
	after=$(db_rows c.db; db_rows b.db)
	if [ "$st1" -eq 1 ] && [ "$st2" -eq 1 ] && grep -q "$want" err && [ "$before" = "$after" ]; then
		ok "a repository with a $case file: exit 1, the file named, the databases unchanged"
	else
		not_ok "a repository with a $case file: exit 1, the file named, the databases unchanged ($st1 $st2)"
		cat err | diag
		[ "$before" = "$after" ] || echo "the database changed" | diag
	fi
done
check "after the bad repositories, the good one still syncs" pizhu --db b.db sync good.git

# a database of schema 13 (tests/sync/schema13.sql, made by the pizhu of that schema:
# its tags in the outbox, never synced) opened by this one: migrated in place, its
# tags kept; a move made after travels with the rest
mkdir old && cp "$ROOT/tests/cli/speech.txt" old/
python3 - "$ROOT/tests/sync/schema13.sql" "$(pwd)/old" <<'PY'
import sqlite3, sys
sql = open(sys.argv[1], encoding="utf-8").read().replace("@DIR@", sys.argv[2])
c = sqlite3.connect(sys.argv[2] + "/old.db")
c.executescript(sql)
c.close()
PY
pizhu --db old/old.db tags old/speech.txt >old.tsv 2>&1
ver=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' old/old.db)
if [ "$(cut -f 1,2,4,5,7-11 old.tsv)" = "$(printf '%s\n' \
	"78c7289d-c382-47ba-8594-fc2c57d50afc	task	5	1	先办	2026-06-30	办公室	open	甲" \
	"b42622a3-8b10-45b4-994a-87958887b9bd	note	7	1				open	甲")" ] && [ "$ver" = 16 ]; then
	ok "a database of schema 13 is migrated in place (schema $ver) and keeps its tags"
else
	not_ok "a database of schema 13 is migrated in place (schema $ver) and keeps its tags"
	diag <old.tsv
fi
git init -q --bare old.git
pizhu --db old/old.db tags move --author=乙 --from=11:4 --to=11:8 b42622a3 old/speech.txt >out 2>&1 &&
	pizhu --db old/old.db sync old.git >>out 2>&1 && pizhu --db fresh.db sync old.git >>out 2>&1
st=$?
f=$(ls fresh.db.sync/files/*/speech.txt 2>/dev/null | head -n 1)
norm old/old.db old/speech.txt >old.json
norm fresh.db "$f" >fresh.json
if [ "$st" -eq 0 ] && cmp -s old.json fresh.json && grep -q '"quote": "城乡差距"' fresh.json &&
	grep -q '"text": "请核对"' fresh.json && [ "$(grep -c '"editor"' fresh.json)" -eq 3 ]; then
	ok "the migrated database syncs: its tags, reply, tombstone and a move made since reach another"
else
	not_ok "the migrated database syncs: its tags, reply, tombstone and a move made since reach another"
	diag <out
	diff old.json fresh.json | head -n 20 | diag
fi
}

# ---- three databases, random edits, random syncs -------------------------------------

# three databases on a new shared repository in the current directory: a and b hold
# the speech, c nothing
three() {
	git init -q --bare hub.git
	mkdir a b
	cp "$ROOT/tests/cli/speech.txt" a/
	cp "$ROOT/tests/cli/speech.txt" b/
}
# the file each database knows the document by: a and b each had it before their first
# sync (the same document tagged on two machines); c gets it from the first sync
file_of() { # db
	case $1 in
	a) echo a/speech.txt ;;
	b) echo b/speech.txt ;;
	c) ls c.db.sync/files/*/speech.txt 2>/dev/null | head -n 1 ;;
	esac
}
author_of() { case $1 in a) echo 甲 ;; b) echo 乙 ;; c) echo 丙 ;; esac; }
syncs=0
do_sync() { # db
	syncs=$((syncs + 1))
	if ! pizhu --db "$1.db" sync hub.git >"$T/sync.out" 2>&1; then
		echo "sync of $1 failed:" | diag
		diag <"$T/sync.out"
		return 1
	fi
}
# one random change of db, from six random numbers
change() { # db r1 r2 r3 r4 r5
	f=$(file_of "$1")
	[ -n "$f" ] || return 0
	who=$(author_of "$1")
	ids=$(pizhu --db "$1.db" tags "$f" 2>/dev/null | cut -f 1)
	count=$(printf '%s\n' "$ids" | grep -c .)
	pick=$(printf '%s\n' "$ids" | sed -n "$(($3 % (count > 0 ? count : 1) + 1))p")
	what=$(($2 % 13))
	[ "$count" -lt 3 ] && what=0
	case $what in
	0 | 1)
		line=$((5 + $4 % 10))
		pizhu --db "$1.db" tags add --author="$who" --type=task --from="$line:1" \
			--to="$line:3" --note="$who$5" "$f" >/dev/null 2>&1 ;;
	2 | 3) pizhu --db "$1.db" tags edit --author="$who" --note="$who 改 $5" "$pick" ;;
	4) pizhu --db "$1.db" tags edit --author="$who" --owner="$who$(($5 % 3))" "$pick" ;;
	5) pizhu --db "$1.db" tags edit --author="$who" --due="2025-0$(($5 % 9 + 1))-1$(($5 % 9))" "$pick" ;;
	6) if [ $(($5 % 2)) -eq 0 ]; then flag=--done; else flag=--open; fi
		pizhu --db "$1.db" tags edit --author="$who" "$flag" "$pick" ;;
	7) pizhu --db "$1.db" tags edit --author="$who" --type="$(echo task target note owner | cut -d ' ' -f $(($5 % 4 + 1)))" "$pick" ;;
	8) pizhu --db "$1.db" tags rm --author="$who" "$pick" ;;
	9) pizhu --db "$1.db" tags reply --author="$who" "$pick" "$who 说 $5" ;;
	10) pizhu --db "$1.db" tags resolve --author="$who" --take=mine "$pick" ;;
	11) pizhu --db "$1.db" tags resolve --author="$who" --take=theirs "$pick" ;;
	12) line=$((5 + $4 % 10))
		pizhu --db "$1.db" tags move --author="$who" --from="$line:$(($5 % 3 + 1))" \
			--to="$line:$(($5 % 3 + 3))" "$pick" "$f" ;;
	esac >/dev/null 2>&1
	return 0
}
convergence() {
part conv
echo "# convergence: three databases, $ROUNDS rounds"
three
conv_ok=true
python3 "$tmp/rand.py" "$SEED" "$ROUNDS" >rounds.txt
# a and b tag before either syncs (one document, two identities); c starts empty
change a 0 0 0 0 1
change b 0 0 0 1 2
round=0
while read -r r0 r1 r2 r3 r4 r5; do
	round=$((round + 1))
	db=$(echo a b c | cut -d ' ' -f $((r0 % 3 + 1)))
	change "$db" "$r1" "$r2" "$r3" "$r4" "$r5"
	# a sync by someone in about half of the rounds, in random order
	if [ $((r5 % 2)) -eq 0 ]; then
		do_sync "$(echo a b c | cut -d ' ' -f $((r1 % 3 + 1)))" || conv_ok=false
	fi
	[ $((round % 40)) -eq 0 ] && echo "# round $round, $syncs syncs"
done <rounds.txt
# a dispute made on purpose at the end, so that one is open to be listed
do_sync a; do_sync b; do_sync c; do_sync a
last=$(pizhu --db a.db tags a/speech.txt | cut -f 1 | tail -n 1)
pizhu --db a.db tags edit --author=甲 --note=甲最后 "$last" >/dev/null 2>&1
pizhu --db c.db tags edit --author=丙 --note=丙最后 "$last" >/dev/null 2>&1
# and its passage moved on both sides: a dispute of the place
pizhu --db a.db tags move --author=甲 --from=6:1 --to=6:3 "$last" a/speech.txt >/dev/null 2>&1
pizhu --db c.db tags move --author=丙 --from=8:2 --to=8:5 "$last" "$(file_of c)" >/dev/null 2>&1
for pass in 1 2; do
	for db in c a b; do do_sync $db || conv_ok=false; done
done
$conv_ok && ok "convergence: every sync succeeded ($syncs syncs)" ||
	not_ok "convergence: every sync succeeded ($syncs syncs)"
norm a.db a/speech.txt >a.json
norm b.db b/speech.txt >b.json
norm c.db "$(file_of c)" >c.json
ntags=$(python3 -c 'import json,sys; print(len(json.load(open("a.json"))["annotations"]))')
ngone=$(python3 -c 'import json,sys; print(len(json.load(open("a.json"))["deleted"]))')
ndisp=$(grep -c '"status": "disputed"' a.json)
echo "# $ntags tags, $ngone tombstones, $ndisp disputed at the end"
nmoves=$(python3 -c 'import sqlite3; print(sqlite3.connect("a.db").execute("SELECT count(*) FROM sync_op WHERE field = '"'place'"'").fetchone()[0])')
if [ "$nmoves" -ge 3 ]; then
	ok "convergence: passages moved on the three machines travel ($nmoves moves)"
else
	not_ok "convergence: passages moved on the three machines travel ($nmoves moves)"
fi
if cmp -s a.json b.json && cmp -s a.json c.json; then
	ok "convergence: the three databases list the same tags, tombstones and disputes"
else
	not_ok "convergence: the three databases list the same tags, tombstones and disputes"
	diff a.json b.json | head -n 20 | diag
	diff a.json c.json | head -n 20 | diag
fi
if python3 - <<'PY'; then
import json
a = json.load(open("a.json"))["annotations"]
d = [t for t in a if t.get("status") == "disputed"]
ok = any(x["field"] == "note" and {x["mine"], x["theirs"]} == {"甲最后", "丙最后"}
         for t in d for x in t["disputes"])
ok = ok and any(x["field"] == "place" and {x["mine_author"], x["theirs_author"]} == {"甲", "丙"}
                for t in d for x in t["disputes"])
ok = ok and all(t.get("disputes") for t in d)
raise SystemExit(0 if ok else 1)
PY
	ok "convergence: the disputes made last (note, passage) are listed with both values, every disputed tag lists its disputes"
else
	not_ok "convergence: the disputes made last (note, passage) are listed with both values, every disputed tag lists its disputes"
fi
ndirs=$(ls c.db.sync/files | wc -l)
if [ "$ndirs" -eq 1 ]; then
	ok "the document tagged on two machines before their first sync came to the third once"
else
	not_ok "the document tagged on two machines before their first sync came to the third once ($ndirs)"
fi
if git --git-dir=hub.git fsck --no-progress >"$T/fsck" 2>&1; then
	ok "the shared repository is sound (git fsck)"
else
	not_ok "the shared repository is sound (git fsck)"
	diag <"$T/fsck"
fi
}

# ---- killed at random points ----------------------------------------------------------

kills() {
part kill
echo "# $KILLS syncs killed at random points (SIGKILL)"
# three databases that share some tags, a document tagged on two machines first
three
syncs=0
change a 0 0 0 0 1
change b 0 0 0 1 2
change a 0 0 0 2 3
do_sync a; do_sync b; do_sync c; do_sync a
python3 "$tmp/rand.py" "$((SEED + 1))" "$KILLS" >kills.txt
# how long one sync takes here, to kill within it
start=$(date +%s%N)
change a 0 0 0 3 4
do_sync a
span=$((($(date +%s%N) - start) / 1000000))
[ "$span" -lt 20 ] && span=20
echo "# a sync takes about $span ms here"
kill_ok=true
killed=0
while read -r r0 r1 r2 r3 r4 r5; do
	db=$(echo a b c | cut -d ' ' -f $((r0 % 3 + 1)))
	change "$db" "$r1" "$r2" "$r3" "$r4" "$r5"
	pizhu --db "$db.db" sync hub.git >/dev/null 2>&1 &
	pid=$!
	ms=$((r5 * (span + 20) / 1000))
	sleep "$(printf '0.%03d' "$ms")"
	kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	# the database opens and reads (quick_check on opening) after every kill
	f=$(file_of "$db")
	if [ -n "$f" ] && ! pizhu --db "$db.db" tags "$f" >/dev/null 2>"$T/err"; then
		kill_ok=false
		echo "after a kill, $db.db cannot be read:" | diag
		diag <"$T/err"
	fi
done <kills.txt
echo "# $killed of $KILLS killed while running (the others had finished)"
$kill_ok && ok "after each kill the database opens and lists its tags" ||
	not_ok "after each kill the database opens and lists its tags"
settle_ok=true
for pass in 1 2; do
	for db in a b c; do do_sync $db || settle_ok=false; done
done
$settle_ok && ok "after the kills, the next syncs succeed" ||
	not_ok "after the kills, the next syncs succeed"
norm a.db a/speech.txt >a.json
norm b.db b/speech.txt >b.json
norm c.db "$(file_of c)" >c.json
if cmp -s a.json b.json && cmp -s a.json c.json; then
	ok "after the kills, the three databases converge"
else
	not_ok "after the kills, the three databases converge"
	diff a.json b.json | head -n 20 | diag
	diff a.json c.json | head -n 20 | diag
fi
fsck_ok=true
for g in hub.git a.db.sync/repo.git b.db.sync/repo.git c.db.sync/repo.git; do
	git --git-dir=$g fsck --no-progress >"$T/fsck" 2>&1 || { fsck_ok=false; diag <"$T/fsck"; }
done
$fsck_ok && ok "after the kills, every repository is sound (git fsck)" ||
	not_ok "after the kills, every repository is sound (git fsck)"
}

# ---- the parts side by side, their results numbered in order -------------------------

# 12 results from the first part, 5 from the convergence, 4 from the kills: fewer means
# a part stopped short, which fails too

(walk_and_bad) >"$tmp/first.tap" 2>&1 &
p1=$!
(convergence) >"$tmp/conv.tap" 2>&1 &
p2=$!
(kills) >"$tmp/kill.tap" 2>&1 &
p3=$!
wait $p1 $p2 $p3
cat "$tmp/first.tap" "$tmp/conv.tap" "$tmp/kill.tap" | awk '
/^ok - / { n++; sub(/^ok -/, "ok " n " -") }
/^not ok - / { n++; bad++; sub(/^not ok -/, "not ok " n " -") }
{ print }
END { print "1.." n; exit (bad > 0 || n != 24) }'

