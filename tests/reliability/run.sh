#!/bin/sh
# The reliability suite on the command line: what a careful tester throws at pizhu
# (terminal-injection payloads through every writer, hostile export targets, damaged
# and foreign databases, hostile imports, concurrent processes, a full disk). Each
# check is one TAP line; the C parts of the suite are tests/reliability/test_*.c.
#
# Usage: PIZHU=path/to/pizhu sh tests/reliability/run.sh   (from anywhere)

set -u

PIZHU=${PIZHU:-pizhu}
case $PIZHU in
/*) ;;
*) PIZHU=$(pwd)/$PIZHU ;;
esac

here=$(cd "$(dirname "$0")" && pwd) || exit 1
root=$(cd "$here/../.." && pwd) || exit 1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-rel.XXXXXX") || exit 1
cleanup() {
	[ -n "${holder:-}" ] && kill "$holder" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
work=$tmp/w
mkdir "$work" || exit 1
cd "$work" || exit 1

LC_ALL=C.UTF-8
export LC_ALL
unset PIZHU_DB
HOME=$tmp/home
XDG_DATA_HOME=$HOME/.local/share
XDG_CONFIG_HOME=$HOME/.config
export HOME XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"

# A guard against hangs, not a timing.
TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 120"

n=0
why=
last=

# run ARGS...: runs pizhu; $st, stdout in $tmp/out, stderr in $tmp/err.
run() {
	last="pizhu $*"
	$TIMEOUT "$PIZHU" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	st=$?
}

fail() {
	why="${why}$*
"
}

report() { # name
	n=$((n + 1))
	if [ -z "$why" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '%s' "$why" | sed 's/^/#   /'
		echo "#   last command: $last (exit ${st:-?})"
		[ -s "$tmp/err" ] && head -n 8 "$tmp/err" | cut -c1-200 | sed 's/^/#   stderr: /'
	fi
	why=
}

skip() { # name reason
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

crashed() {
	[ "$st" -ge 124 ] || grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$tmp/err"
}

expect_status() { # wanted...
	for s in "$@"; do
		[ "$st" -eq "$s" ] && return 0
	done
	crashed && fail "crashed"
	fail "exit status $st, wanted $*"
}

expect_err() { # fixed string on stderr
	grep -qF -- "$1" "$tmp/err" || fail "stderr does not say: $1"
}

# The file is byte for byte what it was (a copy kept in $2).
expect_same_file() { # file copy
	cmp -s "$1" "$2" || fail "$1 was changed"
}

speech=$root/tests/tui/speech.txt
cp "$speech" speech.txt

# --- databases: another program's, damaged, several processes (items 2, 9, 14) -------

echo "# databases"

py_sql() { # db sql...: runs statements with Python's sqlite3 (not pizhu's code)
	python3 - "$@" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
for q in sys.argv[2:]:
    db.execute(q)
db.close()
EOF
}

py_sql other.db "CREATE TABLE notes(x)" "INSERT INTO notes VALUES('not pizhu''s')"
cp other.db other.keep
for cmd in "tags speech.txt" "export speech.txt" "tags add --type=task --from=14:12 --to=14:20 speech.txt" \
	"tags rm abcd" "tags import listing.json speech.txt"; do
	printf '{"annotations":[]}' >listing.json
	# shellcheck disable=SC2086 # the command is a word list
	run --db other.db $cmd
	expect_status 1
	expect_err "another program's SQLite database"
	expect_same_file other.db other.keep
	[ -e other.db-wal ] && fail "a -wal file was made beside other.db"
	report "another program's database: 'pizhu $cmd' refuses it and leaves it byte for byte"
done

# a database of pizhu's with tags, then damaged: a page of zeros, noise, cut short
run --db good.db tags add --type=task --from=14:12 --to=14:20 --note="$(printf 'n%.0s' $(seq 1 200))" speech.txt
i=0
while [ $i -lt 30 ]; do
	run --db good.db tags add --type=note --from=$((i % 10 + 14)):1 --to=$((i % 10 + 14)):4 \
		--note="第$i条批注$(printf '批注内容%.0s' $(seq 1 40))" speech.txt
	i=$((i + 1))
done
pages=$(($(wc -c <good.db) / 4096))
damage() { # kind copy
	cp good.db "$2"
	case $1 in
	zeros) dd if=/dev/zero of="$2" bs=4096 seek=2 count=1 conv=notrunc 2>/dev/null ;;
	noise) head -c 4096 /dev/urandom | dd of="$2" bs=4096 seek=$((pages - 2)) count=1 conv=notrunc 2>/dev/null ;;
	cut) truncate -s $(((pages - 1) * 4096)) "$2" ;;
	esac
}
for kind in zeros noise cut; do
	for cmd in "tags speech.txt" "export speech.txt" "tags rm abcd" "tags import listing.json speech.txt" \
		"tags add --type=task --from=14:12 --to=14:20 speech.txt"; do
		damage $kind bad.db
		cp bad.db bad.keep
		# shellcheck disable=SC2086
		run --db bad.db $cmd
		expect_status 1
		expect_err "cannot open database"
		expect_same_file bad.db bad.keep
		report "damaged database ($kind): 'pizhu $cmd' refuses it, no crash, nothing written"
	done
done

# Readers need no write lock: another process holds it (past the 5 s busy timeout of a
# writer) while tags and export read.
run --db shared.db tags add --type=task --from=14:12 --to=14:20 speech.txt
python3 - shared.db "$tmp/locked" "$tmp/release" <<'EOF' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE document SET title = 'being written'")
open(sys.argv[2], "w").close()
for _ in range(600):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.1)
db.execute("ROLLBACK")
EOF
holder=$!
k=0
while [ ! -e "$tmp/locked" ] && [ $k -lt 100 ]; do sleep 0.1; k=$((k + 1)); done
for cmd in "tags speech.txt" "tags --format=json speech.txt" "export speech.txt" "export --format=ics speech.txt"; do
	# shellcheck disable=SC2086
	run --db shared.db $cmd
	if [ "$cmd" = "export --format=ics speech.txt" ]; then
		expect_status 1 # the one task has no date: said, not a lock
		grep -q 'locked' "$tmp/err" && fail "it waited for the lock"
	else
		expect_status 0
	fi
	report "a reader beside a writer holding the lock: '$cmd' reads at once"
done
run --db shared.db tags add --type=note --from=14:12 --to=14:20 speech.txt
expect_status 1
expect_err "locked"
report "a writer beside a writer holding the lock past the timeout: said so"
: >"$tmp/release"
wait "$holder"
holder=

# Twenty processes open a database that does not exist yet, all at once.
rm -f "$tmp/first.fail"
i=0
while [ $i -lt 20 ]; do
	( "$PIZHU" --db first/pizhu.db tags add --type=task --from=14:12 --to=14:20 speech.txt \
		>/dev/null 2>"$tmp/first.$i" || echo $i >>"$tmp/first.fail" ) &
	i=$((i + 1))
done
wait
[ -s "$tmp/first.fail" ] && fail "$(wc -l <"$tmp/first.fail") of 20 failed: $(cat "$tmp/first.$(head -n 1 "$tmp/first.fail")")"
run --db first/pizhu.db tags speech.txt
[ "$(wc -l <"$tmp/out")" -eq 20 ] || fail "$(wc -l <"$tmp/out") tags stored, not 20"
report "twenty first openings at once: each waits its turn, twenty tags stored"

# --- hostile imports and tags (items 7, 10, 11) ------------------------------------------

echo "# hostile imports"
run --db imp.db tags add --type=task --from=14:12 --to=14:20 speech.txt
run --db imp.db tags --format=json speech.txt
cp "$tmp/out" good.json
mkfifo listing.fifo
last="pizhu tags import listing.fifo speech.txt"
timeout 10 "$PIZHU" --db imp.db tags import listing.fifo speech.txt >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 124 ] && fail "it waited for a writer (killed after 10 s)"
expect_status 1
expect_err "cannot read 'listing.fifo': not a regular file"
report "tags import of a FIFO: refused at once, 'not a regular file'"
mkdir listing.dir
run --db imp.db tags import listing.dir speech.txt
expect_status 1
expect_err "cannot read 'listing.dir': is a directory"
report "tags import of a directory: 'is a directory', not 'malformed JSON'"
# a shared host's address-space limit (ulimit -v 250000): a small listing imports
# (not under AddressSanitizer, whose shadow memory alone is larger than any such limit)
if ldd "$PIZHU" 2>/dev/null | grep -q libasan; then
	echo "# skipped under AddressSanitizer: tags import under ulimit -v 250000"
else
	last="(ulimit -v 250000; pizhu tags import good.json speech.txt)"
	(ulimit -v 250000 && $TIMEOUT "$PIZHU" --db imp.db tags import good.json speech.txt) \
		>"$tmp/out" 2>"$tmp/err"
	st=$?
	expect_status 0
	report "tags import under ulimit -v 250000: no 256 MiB allocation"
fi
# text that is not UTF-8, from a listing or the command line, never enters
sed 's/"note":"[^"]*"/"note":"坏\xff的"/' good.json >bad-utf8.json
python3 - good.json badsur.json <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(s.replace('"owner":""', '"owner":"\\ud800"', 1))
EOF
before=$("$PIZHU" --db imp.db tags --format=json speech.txt | md5sum)
for f in bad-utf8.json badsur.json; do
	run --db imp.db tags import "$f" speech.txt
	expect_status 1
	expect_err "annotation 0: its"
	expect_err "is not valid UTF-8"
	[ "$("$PIZHU" --db imp.db tags --format=json speech.txt | md5sum)" = "$before" ] ||
		fail "the tags changed"
	report "tags import of text that is not UTF-8 ($f): refused, the annotation named, nothing stored"
done
for opt in --note --owner; do
	run --db imp.db tags add --type=task --from=14:12 --to=14:20 "$opt=坏$(printf '\200\200')" speech.txt
	expect_status 1
	expect_err "not valid UTF-8"
	[ "$("$PIZHU" --db imp.db tags --format=json speech.txt | md5sum)" = "$before" ] ||
		fail "the tags changed"
	report "tags add $opt with text that is not UTF-8: refused, nothing stored"
done
sed 's/"start":\([0-9]*\),"end":\([0-9]*\)/"start":9223372036854775000,"end":9223372036854775800/' \
	good.json >huge.json
run --db imp.db tags import huge.json speech.txt
expect_status 1
expect_err "beyond the text"
report "tags import of offsets near 2^63: refused, 'beyond the text'"

# --- messages that say what happened (item 13) -------------------------------------------

echo "# messages"
ln -s loop.a loop.b
ln -s loop.b loop.a
run outline loop.a
expect_status 1
expect_err "cannot open 'loop.a': too many levels of symbolic links"
report "a symbolic link loop as the speech: 'too many levels of symbolic links'"
run --db loop.a tags speech.txt
expect_status 1
expect_err "cannot open database 'loop.a': too many levels of symbolic links"
report "a symbolic link loop as the database: 'too many levels of symbolic links'"
: >afile
XDG_DATA_HOME=$work/afile run tags speech.txt
expect_status 1
expect_err "cannot create directory '$work/afile': not a directory"
report "an XDG_DATA_HOME that is a file: 'cannot create directory ...: not a directory'"
mkdir -p ro/share && chmod 555 ro/share
if [ "$(id -u)" -ne 0 ]; then
	XDG_DATA_HOME=$work/ro/share run tags speech.txt
	expect_status 1
	expect_err "cannot create directory '$work/ro/share/pizhu': permission denied"
	report "an XDG_DATA_HOME without write permission: 'cannot create directory ...: permission denied'"
else
	skip "an XDG_DATA_HOME without write permission" "run as root, who may write anywhere"
fi

# A full disk: a small tmpfs, mounted in a mount namespace of its own (unshare -m)
# where the machine allows it. The database is made, the disk filled but for a few
# KiB, and then every write must fail saying "disk full", nothing claimed written.
cat >diskfull.sh <<'EOF'
set -u
mnt=$1 speech=$2
mount -t tmpfs -o size=512k tmpfs "$mnt" || exit 77
out() { echo "$*"; }
"$PIZHU" --db "$mnt/p.db" tags add --type=task --from=14:12 --to=14:20 "$speech" >/dev/null ||
	out "FAIL the first tag on an empty disk"
echo "旧的文件" >"$mnt/old.csv"
free=$(df -k "$mnt" | awk 'NR == 2 { print $4 }')
dd if=/dev/zero of="$mnt/filler" bs=1k count=$((free - 48)) 2>/dev/null
added=0 refused=0
i=0
while [ $i -lt 8 ]; do
	note=$(head -c 20000 /dev/zero | tr '\0' x)
	if "$PIZHU" --db "$mnt/p.db" tags add --type=note --from=14:12 --to=14:20 --note="$note" \
		"$speech" >/dev/null 2>"$mnt/../err"; then
		added=$((added + 1))
	else
		refused=$((refused + 1))
		grep -q 'disk full' "$mnt/../err" || out "FAIL a refused write did not say disk full: $(cat "$mnt/../err")"
	fi
	i=$((i + 1))
done
[ "$refused" -gt 0 ] || out "FAIL no write was refused on a full disk"
dd if=/dev/zero of="$mnt/filler2" bs=1k 2>/dev/null # not a byte left
"$PIZHU" --db "$mnt/p.db" export -o "$mnt/old.csv" "$speech" 2>"$mnt/../err" && out "FAIL export on a full disk claimed success"
grep -q 'No space left on device\|disk full' "$mnt/../err" || out "FAIL export did not say the disk is full: $(cat "$mnt/../err")"
[ "$(cat "$mnt/old.csv")" = "旧的文件" ] || out "FAIL the old export was not kept"
rm -f "$mnt/filler" "$mnt/filler2"
n=$("$PIZHU" --db "$mnt/p.db" tags "$speech" | wc -l)
[ "$n" -eq $((added + 1)) ] || out "FAIL $n tags stored, $((added + 1)) reported written"
"$PIZHU" --db "$mnt/p.db" tags add --type=task --from=15:1 --to=15:5 "$speech" >/dev/null ||
	out "FAIL writing again once there is room"
out "INFO $added written, $refused refused"
umount "$mnt"
EOF
mkdir mnt
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 && unshare -m true 2>/dev/null; then
	PIZHU=$PIZHU unshare -m sh diskfull.sh "$work/mnt" "$work/speech.txt" >"$tmp/full" 2>&1
	full_st=$?
else
	full_st=77
fi
if [ "$full_st" -eq 77 ]; then
	skip "a full disk: every write says 'disk full', nothing claimed written, the old export kept" \
		"mounting a tmpfs is not allowed here (needs root and unshare -m)"
else
	last="sh diskfull.sh (on a 512 KiB tmpfs)"
	st=$full_st
	sed -n 's/^FAIL //p' "$tmp/full" >"$tmp/fails"
	[ -s "$tmp/fails" ] && fail "$(cat "$tmp/fails")"
	[ "$full_st" -ne 0 ] && fail "the script ended with status $full_st: $(tail -n 3 "$tmp/full")"
	sed -n 's/^INFO /# disk full: /p' "$tmp/full"
	report "a full disk: every write says 'disk full', nothing claimed written, the old export kept"
fi

echo "1..$n"
