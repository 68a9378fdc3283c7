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

# Prints stdin with what a terminal would obey replaced by '?': the diagnostics of a
# failed check may quote a payload, and make check runs in a terminal.
tap_safe() {
	python3 -c '
import sys
bad = set(range(0x20)) - {10} | set(range(0x7F, 0xA0)) | set(range(0x202A, 0x202F)) \
    | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x61C}
t = sys.stdin.buffer.read().decode("utf-8", "replace")
sys.stdout.write("".join("?" if ord(c) in bad else c for c in t))'
}

report() { # name
	n=$((n + 1))
	if [ -z "$why" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		{
			printf '%s' "$why" | sed 's/^/#   /'
			echo "#   last command: $last (exit ${st:-?})"
			[ -s "$tmp/err" ] && head -n 8 "$tmp/err" | cut -c1-200 | sed 's/^/#   stderr: /'
		} | tap_safe
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

# --- terminal and spreadsheet injection through every writer (items 5, 6) --------------

echo "# injection payloads"
# The payloads: OSC 52 (sets the clipboard) ended by BEL and by ST, CSI (clears the
# screen), DCS, C1 CSI and OSC (U+009B, U+009D), NEL, DEL, backspace, the bidirectional
# overrides U+202A-202E and isolates U+2066-2069, and spreadsheet formulas.
ESC=$(printf '\033')
BEL=$(printf '\007')
osc52="${ESC}]52;c;cGl6aHU=${BEL}"
osc52st="${ESC}]52;c;cGl6aHU=${ESC}\\"
csi="${ESC}[2J${ESC}[31m"
dcs="${ESC}P1\$q${ESC}\\"
c1csi=$(printf '\302\2332J')
c1osc=$(printf '\302\23552;c;eA==\302\234')
nel=$(printf '\302\205')
ctl=$(printf '\177\010\033[A')
lro=$(printf '\342\200\255') rlo=$(printf '\342\200\256') pdf=$(printf '\342\200\254')
lre=$(printf '\342\200\252') rle=$(printf '\342\200\253')
lri=$(printf '\342\201\246') rli=$(printf '\342\201\247') fsi=$(printf '\342\201\250')
pdi=$(printf '\342\201\251')
payloads="$osc52 $osc52st $csi $dcs $c1csi $c1osc $nel $ctl $lro $rlo $pdf $lre $rle $lri $rli $fsi $pdi"
npayloads=$(echo "$payloads" | wc -w)
cat >payload.txt <<EOF
关于抓好落实的讲话${osc52}

同志们：

一、抓好${csi}项目${c1csi}建设${lro}

各部门要在年底前完成全部审批事项${rlo}，达到80%以上${pdf}。

二、强化${lri}督查${pdi}${dcs}

督查室要每月通报一次进展${nel}，务必${ctl}落实${c1osc}到位${osc52st}。

三、${lre}${rle}${rli}${fsi}优化服务

各单位要确保服务事项全覆盖${pdi}。

请于X月X日前${osc52}报送，由某某${rlo}单位负责（${csi}注意${c1osc}。
EOF
db=payload.db
run --db $db tags add --type=task --from=7:1 --to=7:10 "--note==HYPERLINK(\"http://evil\",\"点击\")$osc52" \
	"--owner=+cmd|' /C calc'!A0${rlo}" --due=2026-06-30 payload.txt
run --db $db tags add --type=task --from=11:1 --to=11:6 "--note=@SUM(1+1)${c1csi}" "--owner=-5%" payload.txt
run --db $db tags add --type=task --from=15:1 --to=15:8 "--note=$(printf '\t=1')" "--owner=-2+3${csi}" \
	--due=2026-12-31 payload.txt
run --db $db tags add --type=target --from=7:13 --to=7:19 "--note=+6.5%" payload.txt
run --db $db tags add --type=note --from=11:1 --to=11:6 "--note=${dcs}${lri}批注${pdi}" payload.txt
run --db $db tags --format=tsv payload.txt
[ "$(wc -l <"$tmp/out")" -eq 5 ] || { fail "the payload speech was not tagged: $(cat "$tmp/err")"; report "tagging the payload speech"; }
sed "s/达到80%以上/达到90%以上/" payload.txt >payload-old.txt
named="p${osc52}${rlo}.txt"
cp payload.txt "$named"

cat >clean.py <<'EOF'
# clean.py FILE KIND: the bytes are UTF-8 with no control character a terminal obeys
# (C0 but the line structure KIND allows, DEL, C1), no bidirectional control, and
# parse as KIND says; csv: no cell a spreadsheet takes for a formula.
import csv, io, json, re, sys
data = open(sys.argv[1], "rb").read()
kind = sys.argv[2]
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("not UTF-8: %s" % e)
allowed = {"\n"}
if kind in ("tsv", "text"):
    allowed.add("\t")
if kind in ("csv", "ics", "pty"):
    allowed.add("\r")
bidi = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x61C}
for i, ch in enumerate(text):
    o = ord(ch)
    if (o < 0x20 and ch not in allowed) or 0x7F <= o < 0xA0 or o in bidi:
        sys.exit("U+%04X at character %d: %r" % (o, i, text[max(0, i - 20):i + 20]))
if kind in ("csv", "ics") and re.search("\r(?!\n)", text):
    sys.exit("a CR that ends no line")
if kind == "json":
    for line in [text] if text.lstrip().startswith(("{", "[")) else []:
        json.loads(line)
if kind == "csv":
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    plain = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?%?$")
    for r in rows:
        if len(r) != 11:
            sys.exit("a row of %d cells" % len(r))
        for c in r:
            if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not plain.match(c):
                sys.exit("a formula cell: %r" % c)
    if not any("-5%" == c for r in rows for c in r):
        sys.exit("the plain figure -5% was changed")
    if not any(c.startswith("'=HYPERLINK") for r in rows for c in r):
        sys.exit("the formula note is not there, guarded")
if kind == "ics":
    for line in data.split(b"\r\n"):
        if len(line) > 75:
            sys.exit("a line of %d octets" % len(line))
EOF

# check_out NAME KIND: the last run's stdout (and stderr) are clean.
check_out() {
	python3 clean.py "$tmp/out" "$2" >"$tmp/why" 2>&1 || fail "stdout: $(cat "$tmp/why")"
	python3 clean.py "$tmp/err" text >"$tmp/why" 2>&1 || fail "stderr: $(cat "$tmp/why")"
	report "$npayloads payloads through $1: $2 output clean"
}
writers=0
for spec in "outline --format=text payload.txt:text" "outline --format=tsv payload.txt:tsv" \
	"outline --format=json payload.txt:json" "outline --format=tsv payload.txt NAMED:tsv" \
	"outline --format=text payload.txt NAMED:text" "outline --format=json NAMED payload.txt:json" \
	"tags payload.txt:tsv" "tags --format=json payload.txt:json" "tags --format=json NAMED:json" \
	"export payload.txt:csv" "export --format=md payload.txt:text" "export --format=json payload.txt:json" \
	"export --format=org payload.txt:text" "export --format=ics payload.txt:ics" \
	"export --types=task,target,note payload.txt:csv" \
	"suggest payload.txt:tsv" "suggest --format=json payload.txt:json" \
	"diff payload-old.txt payload.txt:text" "diff --format=tsv payload-old.txt payload.txt:tsv" \
	"check payload.txt:text" "check --format=tsv payload.txt:tsv"; do
	shown=${spec%:*}
	cmd=$shown
	# NAMED: a file whose name holds payloads (not printed in the test's name)
	case $cmd in *NAMED*) cmd="${cmd%%NAMED*}$named${cmd#*NAMED}" ;; esac
	# shellcheck disable=SC2086 # the command is a word list (the payload name has no space)
	run --db $db $cmd
	[ "$st" -le 1 ] || fail "exit status $st"
	[ -s "$tmp/out" ] || fail "nothing written"
	check_out "pizhu $shown" "${spec##*:}"
	writers=$((writers + 1))
done
# the text as pizhu reads it: to a pipe it is the text, to a terminal it cannot drive it
run text payload.txt
grep -q "$ESC" "$tmp/out" || fail "to a pipe the text is not the text"
report "pizhu text to a pipe writes the text as it is"
python3 - "$PIZHU" payload.txt "$tmp/out" <<'EOF'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "text", sys.argv[2]])
out = b""
while True:
    try:
        d = os.read(fd, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
os.waitpid(pid, 0)
open(sys.argv[3], "wb").write(out)
EOF
: >"$tmp/err"
last="pizhu text payload.txt (on a terminal)"
check_out "pizhu text (stdout a terminal)" pty
writers=$((writers + 1))
# file names in messages
for cmd in "outline missing-${osc52}${rlo}.txt" "tags add --type=task --from=1:1 --to=1:2 missing-${csi}.txt" \
	"export -o nodir-${c1csi}/x.csv payload.txt" "outline --encoding=NOPE${osc52} payload.txt" \
	"export --format=${osc52} payload.txt" "tags --bogus${lri} payload.txt"; do
	# shellcheck disable=SC2086
	run --db $db $cmd
	[ "$st" -ge 1 ] && [ "$st" -le 2 ] || fail "exit status $st, wanted 1 or 2"
	[ -s "$tmp/err" ] || fail "no message"
	python3 clean.py "$tmp/err" text >"$tmp/why" 2>&1 || fail "stderr: $(cat "$tmp/why")"
	report "a message naming a payload ('pizhu ${cmd%% *} ...') is clean"
done
printf '{"file":"/no/such/%s.txt","annotations":[]}' "$osc52" >named.json
run --db $db tags import named.json
python3 clean.py "$tmp/err" text >"$tmp/why" 2>&1 || fail "stderr: $(cat "$tmp/why")"
report "a message naming the file a listing names is clean"
# A note of continuation bytes longer than an ics line, in a database an older pizhu
# or another program wrote (pizhu itself no longer stores it): the ics writer once
# looped on it forever, filling the disk.
run --db legacy.db tags add --type=task --from=14:12 --to=14:20 --due=2026-06-30 speech.txt
python3 - legacy.db <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE annotation SET note = CAST(? AS TEXT)", (b"\x80" * 100 + b"\xe4\xb8",))
db.commit()
EOF
last="pizhu export --format=ics (a note of 100 continuation bytes)"
timeout 20 "$PIZHU" --db legacy.db export --format=ics speech.txt >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 124 ] && fail "the ics writer did not end (killed after 20 s)"
expect_status 0
python3 clean.py "$tmp/out" ics >"$tmp/why" 2>&1 || fail "$(cat "$tmp/why")"
report "ics of a note of 100 continuation bytes (an old database): ends, UTF-8, lines of 75 octets"

echo "# $npayloads payloads through $writers writers and 7 messages"

# --- export targets (item 1) ---------------------------------------------------------------

echo "# export targets"
run --db targets.db tags add --type=task --from=14:12 --to=14:20 --due=2026-06-30 speech.txt
run --db targets.db export speech.txt
cp "$tmp/out" want.csv # stdout has no BOM: the -o runs below say --no-bom to be its bytes
# devices of our own (never the system's /dev/null: a regression would replace it)
if [ "$(id -u)" -eq 0 ] && mknod own-null c 1 3 2>/dev/null && mknod own-full c 1 7 2>/dev/null; then
	run --db targets.db export -o own-null speech.txt
	expect_status 0
	[ -c own-null ] || fail "own-null is no longer a device"
	report "export -o a device (a null device of our own): written to it, still a device"
	run --db targets.db export -o own-full speech.txt
	expect_status 1
	expect_err "No space left on device"
	[ -c own-full ] || fail "own-full is no longer a device"
	report "export -o a full device: 'No space left on device', exit 1, still a device"
else
	skip "export -o a device" "making a device node needs root"
	skip "export -o a full device" "making a device node needs root"
fi
mkfifo out.fifo
cat out.fifo >from-fifo.csv &
reader=$!
run --db targets.db export --no-bom -o out.fifo speech.txt
k=0
while kill -0 "$reader" 2>/dev/null && [ $k -lt 50 ]; do sleep 0.1; k=$((k + 1)); done
kill "$reader" 2>/dev/null # its writer never came: the FIFO was replaced
wait "$reader" 2>/dev/null
expect_status 0
[ -p out.fifo ] || fail "out.fifo is no longer a FIFO"
cmp -s from-fifo.csv want.csv || fail "the FIFO's reader did not get the table"
report "export -o a FIFO: written to its reader, still a FIFO"
mkdir -p real
echo old >real/table.csv
ln -s real/table.csv link.csv
ln -s link.csv link2.csv
run --db targets.db export --no-bom -o link2.csv speech.txt
expect_status 0
[ -L link.csv ] && [ -L link2.csv ] || fail "a link was replaced by a file"
cmp -s real/table.csv want.csv || fail "the file the links name does not hold the table"
report "export -o a chain of symbolic links: written to the file they name, the links stay"
ln -s real/new.csv dangling.csv
run --db targets.db export --no-bom -o dangling.csv speech.txt
expect_status 0
[ -L dangling.csv ] || fail "the link was replaced by a file"
cmp -s real/new.csv want.csv || fail "the file the link names was not made"
report "export -o a link to a file not there yet: the file is made, the link stays"
ln -s ../w/loop.x loop.y
ln -s loop.y loop.x
run --db targets.db export -o loop.x speech.txt
expect_status 1
expect_err "Too many levels of symbolic links"
report "export -o a symbolic link loop: 'Too many levels of symbolic links'"
echo "read-only" >ro.csv
chmod 444 ro.csv
run --db targets.db export -o ro.csv speech.txt
expect_status 1
expect_err "cannot write 'ro.csv': Permission denied"
[ "$(cat ro.csv)" = read-only ] || fail "the read-only file was replaced"
[ "$(stat -c %a ro.csv)" = 444 ] || fail "its mode changed"
report "export -o a read-only file: refused (even to root), left as it was"
echo old >kept.csv
chmod 640 kept.csv
run --db targets.db export --no-bom -o kept.csv speech.txt
expect_status 0
cmp -s kept.csv want.csv || fail "the file does not hold the table"
[ "$(stat -c %a kept.csv)" = 640 ] || fail "mode $(stat -c %a kept.csv), was 640"
ls -a | grep -q '^\.kept\.csv\.' && fail "a temporary file is left"
report "export -o an ordinary file: replaced whole, its mode kept, nothing left beside it"
run --db targets.db export -o no/such/dir/t.csv speech.txt
expect_status 1
expect_err "cannot write 'no/such/dir/t.csv': No such file or directory"
[ -e no ] && fail "a directory was made"
report "export -o in a directory that is not there: said, nothing made"
mkdir adir.csv
run --db targets.db export -o adir.csv speech.txt
expect_status 1
expect_err "Is a directory"
report "export -o a directory: 'Is a directory'"

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

# --- encodings decided on evidence, places in the encoding chosen (item 12) ---------------

echo "# encodings"
s='今天我们在这里召开会议，研究部署下一阶段的各项工作，希望大家认真抓好落实。'
yes "$s" | head -n 90000 | tr -d '\n' >long-cut.txt
printf '\344\270' >>long-cut.txt # a 10 MB line, its last character cut short
size=$(wc -c <long-cut.txt)
run outline long-cut.txt
expect_status 1
expect_err "cannot read 'long-cut.txt': not valid UTF-8 at line 1, byte $((size - 1))"
[ -s "$tmp/out" ] && fail "something was printed"
report "a 10 MB UTF-8 line cut mid-character: 'not valid UTF-8' at its place, not GB18030 mojibake"
iconv -f UTF-8 -t GB18030 speech.txt >gb.txt
lines=$(wc -l <gb.txt)
printf '\275' >>gb.txt # and a GB18030 lead byte with no trail
run outline gb.txt
expect_status 1
expect_err "cannot read 'gb.txt': not valid GB18030 at line $((lines + 1)), byte 1"
report "a GB18030 file cut mid-character: 'not valid GB18030' at its own place"
run text --encoding=GB18030 gb.txt
expect_status 1
report "the same with --encoding=GB18030: refused"
head -c -1 gb.txt >gb-whole.txt
run outline gb-whole.txt
expect_status 0
report "whole GB18030 is still read as GB18030"

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
