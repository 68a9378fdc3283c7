#!/bin/sh
# The command line on real files: exit statuses, error messages, and outlines that must
# not change with the file's encoding or line endings. Prints TAP, one line per check.
#
# Usage: PIZHU=path/to/pizhu sh tests/cli/run.sh   (from anywhere)

set -u

PIZHU=${PIZHU:-pizhu}
case $PIZHU in
/*) ;;
*) PIZHU=$(pwd)/$PIZHU ;;
esac

here=$(cd "$(dirname "$0")" && pwd) || exit 1
exp=$here/expected

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
# Inputs are made in a work directory so that messages quote the short names used here.
work=$tmp/w
mkdir "$work" || exit 1
cd "$work" || exit 1

LC_ALL=C.UTF-8
export LC_ALL

# A guard against hangs, not a timing.
TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 300"

n=0
failed=0

# run ARGS...: runs pizhu; sets $st, stdout in $tmp/out, stderr in $tmp/err.
run() {
	last="pizhu $*"
	$TIMEOUT "$PIZHU" "$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
}

# Why the check failed, then what the last run did.
why=
fail() {
	why="${why}$*
"
}

report() { # name
	n=$((n + 1))
	if [ -z "$why" ]; then
		echo "ok $n - $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1"
		printf '%s' "$why" | sed 's/^/#   /'
		echo "#   command: $last (exit $st)"
		if [ -s "$tmp/err" ]; then
			echo "#   stderr:"
			head -n 10 "$tmp/err" | cut -c1-200 | sed 's/^/#     /'
		fi
		if [ -s "$tmp/out" ]; then
			echo "#   stdout:"
			head -n 10 "$tmp/out" | cut -c1-200 | sed 's/^/#     /'
		fi
	fi
	why=
}

expect_status() { # wanted...
	for s in "$@"; do
		[ "$st" -eq "$s" ] && return 0
	done
	fail "exit status $st, wanted $*"
}

expect_stdout_empty() {
	[ -s "$tmp/out" ] && fail "stdout is not empty on failure"
}

expect_err() { # fixed-string: stderr contains it
	grep -qF -- "$1" "$tmp/err" || fail "stderr does not contain: $1"
}

expect_err_re() { # basic regexp: stderr matches it
	grep -q -- "$1" "$tmp/err" || fail "stderr does not match: $1"
}

expect_no_crash() {
	if [ "$st" -ge 124 ] ||
		grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$tmp/err"; then
		fail "crashed"
	fi
}

# A runtime error: status 1, nothing on stdout, the file named in quotes on stderr.
expect_runtime_error() { # file
	expect_no_crash
	expect_status 1
	expect_stdout_empty
	expect_err "'$1'"
	grep -q '^pizhu: ' "$tmp/err" || fail "stderr has no line starting 'pizhu: '"
}

# A usage error: status 2, nothing on stdout, something on stderr.
expect_usage_error() {
	expect_no_crash
	expect_status 2
	expect_stdout_empty
	[ -s "$tmp/err" ] || fail "nothing on stderr"
}

expect_ok() {
	expect_no_crash
	expect_status 0
}

rows() { # file: TSV rows without comment or blank lines
	grep -v '^#' "$1" | grep -v '^[[:space:]]*$'
}

# Compares two files, the difference as diagnostics.
same() { # want got what
	if [ ! -f "$1" ]; then
		fail "no file $1 to compare the $3 with"
	elif ! cmp -s "$1" "$2"; then
		fail "$3 differs (- wanted, + got):"
		why="$why$(diff -u --label wanted --label got "$1" "$2" | tail -n +3 | head -n 40)
"
	fi
}

# --- inputs -----------------------------------------------------------------------------

cp "$here/speech.txt" speech.txt
sed 's/$/\r/' speech.txt >crlf.txt
tr '\n' '\r' <speech.txt >cr.txt
printf '\357\273\277' | cat - speech.txt >bom.txt
iconv -f UTF-8 -t GB18030 speech.txt >gb18030.txt
iconv -f UTF-8 -t GBK speech.txt >gbk.txt
: >empty.txt
mkdir adir
printf '第一行文字\n第二行\000文字\n' >nul.txt
printf '第一行是正常的中文。\n第二行也是。\n坏字节\377\377在这里。\n' >bad.txt
truncate -s 300M big.txt 2>/dev/null ||
	dd if=/dev/zero of=big.txt bs=1 count=0 seek=300M 2>/dev/null

# A 10 MB line of Chinese with no newline at all.
s='今天我们在这里召开会议，研究部署下一阶段的各项工作，希望大家认真抓好落实。'
yes "$s" | head -n 100000 | tr -d '\n' >long.txt

cat >page.html <<'EOF'
<!DOCTYPE html>
<html>
<head><title>网页标题</title>
<script>var s = "二、脚本里的假标题"; document.write(s);</script>
<style>p { color: red; }</style>
</head>
<body>
<p>在全市科技工作会议上的讲话</p>
<p>同志们：</p>
<p>今天的会议很重要。下面，我讲两点意见。</p>
<p>一、坚持&ldquo;创新驱动&rdquo;的发展方向</p>
<p>创新是第一动力。我们要把握好方向。</p>
<p>二、营造&lt;良好&gt;的创新环境&#12290;</p>
<p>环境就是生产力&#x3002;要久久为功。</p>
<script>document.write("三、另一个假标题");</script>
</body>
</html>
EOF

# The reference outline of the fixture, run once.
run outline --format=tsv speech.txt
cp "$tmp/out" ref.tsv
rows ref.tsv >ref.rows
run text speech.txt
cp "$tmp/out" ref.text

# --- errors: nothing on stdout, the file named, the place given -------------------------

run outline --format=tsv missing.txt
expect_runtime_error missing.txt
report "missing file: exit 1, file named, stdout empty"

run outline --format=tsv adir
expect_runtime_error adir
report "directory: exit 1, file named, stdout empty"

run outline --format=tsv nul.txt
expect_runtime_error nul.txt
expect_err "line 2"
report "NUL byte: exit 1, file named with 'line 2', stdout empty"

run outline --format=tsv bad.txt
expect_runtime_error bad.txt
expect_err "line 3"
report "bytes valid in no encoding: exit 1, file named with 'line 3', stdout empty"

run text bad.txt
expect_runtime_error bad.txt
expect_err "line 3"
report "text of undecodable file: exit 1, 'line 3', stdout empty"

run outline --format=tsv big.txt
expect_runtime_error big.txt
report "file over 256 MiB: exit 1, file named, stdout empty"

run outline --format=tsv speech.txt missing.txt
expect_runtime_error missing.txt
report "several files, one missing: exit 1, nothing half-shown on stdout"

run outline --format=json speech.txt nul.txt
expect_runtime_error nul.txt
report "json of several files, one binary: exit 1, stdout empty"

run outline --encoding=NOPE --format=tsv speech.txt
expect_no_crash
expect_status 1 2
expect_stdout_empty
expect_err "NOPE"
report "--encoding=NOPE: exit 1 or 2, NOPE named, stdout empty"

# --- usage errors -----------------------------------------------------------------------

run outline
expect_usage_error
report "outline without a file: usage error (exit 2)"

run outline --format=xml speech.txt
expect_usage_error
expect_err "xml"
report "--format=xml: usage error naming xml (exit 2)"

run --bogus
expect_usage_error
expect_err "bogus"
report "--bogus: usage error naming the option (exit 2)"

run outline --bogus speech.txt
expect_usage_error
report "outline --bogus: usage error (exit 2)"

# Not a command: a FILE for the reader, which needs a terminal and says what to use.
run tests/cli/speech.txt
expect_status 1
expect_stdout_empty
expect_err "pizhu outline"
report "the reader without a terminal: exit 1, points to pizhu outline"

run --bogus-option tests/cli/speech.txt
expect_usage_error
report "the reader with an unknown option: usage error (exit 2)"

# --- help and version ---------------------------------------------------------------------

run --version
expect_ok
grep -q '[0-9]\.[0-9]' "$tmp/out" || fail "no version number on stdout"
report "--version prints a version, exit 0"

run --help
expect_ok
grep -q 'outline' "$tmp/out" || fail "stdout does not mention outline"
report "--help mentions outline, exit 0"

run help outline
expect_ok
grep -q 'outline' "$tmp/out" || fail "stdout does not mention outline"
grep -q -- '--format' "$tmp/out" || fail "stdout does not mention --format"
report "help outline mentions outline and --format, exit 0"

# --- valid inputs ---------------------------------------------------------------------

run outline --format=tsv empty.txt
expect_ok
[ -z "$(rows "$tmp/out")" ] || fail "node rows for an empty file"
report "empty file: exit 0, no node rows"

run text empty.txt
expect_ok
[ -s "$tmp/out" ] && fail "text of an empty file is not empty"
report "text of an empty file is empty"

run outline --format=tsv long.txt
expect_ok
[ "$(rows "$tmp/out" | wc -l)" -ge 1 ] || fail "no speech row for the long line"
report "10 MB single line without newline: exit 0"

run outline --format=tsv speech.txt
expect_ok
rows "$tmp/out" >got.rows
same "$exp/speech.tsv" got.rows "outline"
report "outline --format=tsv of speech.txt as expected"

run outline speech.txt
expect_ok
cp "$tmp/out" default.out
run outline --format=text speech.txt
expect_ok
same "$exp/speech.text" "$tmp/out" "outline"
report "outline --format=text of speech.txt as expected"

same "$exp/speech.text" default.out "default outline"
report "outline defaults to --format=text"

for f in gb18030 crlf cr bom; do
	run outline --format=tsv $f.txt
	expect_ok
	rows "$tmp/out" >got.rows
	same ref.rows got.rows "outline"
	report "$f copy gives the same outline as UTF-8 LF"
done

run outline --encoding=GBK --format=tsv gbk.txt
expect_ok
rows "$tmp/out" >got.rows
same ref.rows got.rows "outline"
report "--encoding=GBK on a GBK file gives the same outline"

run outline --encoding=GB18030 --format=tsv gbk.txt
expect_ok
rows "$tmp/out" >got.rows
same ref.rows got.rows "outline"
report "--encoding=GB18030 on a GBK file gives the same outline"

for f in gb18030 crlf cr bom; do
	run text $f.txt
	expect_ok
	same ref.text "$tmp/out" "text"
	report "text of the $f copy is the UTF-8 LF text"
done

run text speech.txt
expect_ok
same speech.txt "$tmp/out" "text"
report "text of a UTF-8 LF file is the file"

run outline --format=tsv speech.txt
expect_ok
grep -qxF '# speech.txt' "$tmp/out" && fail "'# FILE' line for a single file"
report "one file: no '# FILE' line"

cp speech.txt other.txt
run outline --format=tsv speech.txt other.txt
expect_ok
# Each "# FILE" line, then that file's rows, in the order given.
{
	echo "# speech.txt"
	cat ref.rows
	echo "# other.txt"
	cat ref.rows
} >want.multi
awk '/^#/ { if ($0 == "# speech.txt" || $0 == "# other.txt") print; next } NF' \
	"$tmp/out" >got.multi
same want.multi got.multi "outline of two files"
report "two files: '# FILE' line before each file's rows"

run outline --format=text speech.txt other.txt
expect_ok
grep -q 'speech.txt' "$tmp/out" || fail "text output does not name speech.txt"
grep -q 'other.txt' "$tmp/out" || fail "text output does not name other.txt"
report "two files as text: both named"

# JSON: parses, has speeches and nodes with the documented fields.
cat >check_json.py <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
want_docs = int(sys.argv[2])
docs = doc if isinstance(doc, list) else [doc]
if want_docs > 1 and not isinstance(doc, list):
    sys.exit("several files: not a JSON array")
if want_docs == 1 and isinstance(doc, list):
    sys.exit("one file: an array, wanted one object")
if len(docs) != want_docs:
    sys.exit("%d documents, wanted %d" % (len(docs), want_docs))
for d in docs:
    if not isinstance(d, dict):
        sys.exit("a document is not an object")
    for k in ("speeches", "nodes"):
        if k not in d or not isinstance(d[k], list):
            sys.exit("no %r list in a document (keys: %s)" % (k, sorted(d)))
    if not d["nodes"] or not d["speeches"]:
        sys.exit("no nodes or no speeches")
    for node in d["nodes"]:
        for k in ("line", "col", "depth", "marker", "title"):
            if k not in node:
                sys.exit("node without %r: %s" % (k, sorted(node)))
        keys = " ".join(node)
        if "byte" not in keys or "char" not in keys:
            sys.exit("node without byte and char ranges: %s" % sorted(node))
    rows = ["%d\t%d\t%d\t%s\t%s" % (n["depth"], n["line"], n["col"], n["marker"], n["title"])
            for n in d["nodes"]]
    if len(sys.argv) > 3:
        want = [l.rstrip("\n") for l in open(sys.argv[3], encoding="utf-8")]
        if rows != want:
            sys.exit("nodes differ from the TSV rows:\n" + "\n".join(rows))
    if len(sys.argv) > 4:
        # Byte and character ranges index the text as `pizhu text` prints it.
        text = open(sys.argv[4], encoding="utf-8").read()
        raw = text.encode("utf-8")
        for n in d["nodes"]:
            bk = [k for k in n if "byte" in k and "title" not in k]
            ck = [k for k in n if "char" in k and "title" not in k]
            if not bk or not ck:
                sys.exit("node without byte and char ranges: %s" % sorted(n))
            b, c = n[bk[0]], n[ck[0]]
            if raw[b[0]:b[1]].decode("utf-8") != text[c[0]:c[1]]:
                sys.exit("byte range %s and char range %s disagree" % (b, c))
            if not text[c[0]:].startswith(n["marker"]):
                sys.exit("range %s does not start with the marker %r" % (c, n["marker"]))
EOF

run outline --format=json speech.txt
expect_ok
python3 -m json.tool "$tmp/out" >/dev/null 2>"$tmp/py" || fail "not JSON: $(head -n 1 "$tmp/py")"
python3 check_json.py "$tmp/out" 1 ref.rows ref.text 2>"$tmp/py" || fail "$(cat "$tmp/py")"
report "json of one file: one object, nodes match the TSV, ranges index the text"

run outline --format=json speech.txt other.txt
expect_ok
python3 -m json.tool "$tmp/out" >/dev/null 2>"$tmp/py" || fail "not JSON: $(head -n 1 "$tmp/py")"
python3 check_json.py "$tmp/out" 2 2>"$tmp/py" || fail "$(cat "$tmp/py")"
report "json of two files parses as an array of two documents"

run outline --format=json long.txt
expect_ok
python3 -m json.tool "$tmp/out" >/dev/null 2>"$tmp/py" || fail "not JSON: $(head -n 1 "$tmp/py")"
report "json of the 10 MB line parses"

# Strings that JSON must escape.
printf '一、引号"和\\反斜杠\t制表符的标题\n正文。\n' >escape.txt
run outline --format=json escape.txt
expect_ok
python3 -m json.tool "$tmp/out" >/dev/null 2>"$tmp/py" || fail "not JSON: $(head -n 1 "$tmp/py")"
report "json escapes quotes, backslashes and tabs in titles"

run outline --format=tsv escape.txt
expect_ok
rows "$tmp/out" | awk -F '\t' 'NF != 5 { bad = 1 } END { exit bad }' ||
	fail "a row without exactly 5 tab-separated fields (tab in a title?)"
report "tsv rows keep 5 fields when a title holds a tab"

# HTML: entities decoded, scripts and styles dropped.
run outline --format=tsv page.html
expect_ok
rows "$tmp/out" >got.rows
grep -q '	一、	坚持“创新驱动”的发展方向' got.rows ||
	fail '坚持“创新驱动”的发展方向: no 一、 row with this decoded title'
grep -q '	二、	营造<良好>的创新环境' got.rows ||
	fail "no 二、 row with the decoded title 营造<良好>的创新环境"
grep -q '假标题' got.rows && fail "text of a <script> in the outline"
grep -q '&[a-z#]' got.rows && fail "an entity left undecoded"
report "HTML: outline titles hold decoded entities, no script text"

run text page.html
expect_ok
grep -q '坚持“创新驱动”的发展方向' "$tmp/out" || fail "decoded text missing"
grep -q '环境就是生产力。要久久为功。' "$tmp/out" || fail "&#x3002; not decoded"
grep -q '假标题\|document.write\|color: red' "$tmp/out" && fail "script or style text shown"
grep -q '<p>' "$tmp/out" && fail "tags shown"
report "HTML: text drops tags, scripts and styles and decodes entities"

# Line numbers of an HTML outline refer to `pizhu text`.
run text page.html
cp "$tmp/out" page.text
run outline --format=tsv page.html
expect_ok
line=$(rows "$tmp/out" | awk -F '\t' '$4 == "一、" { print $2; exit }')
if [ -z "$line" ]; then
	fail "no 一、 row"
else
	sed -n "${line}p" page.text | grep -q '^一、坚持' || fail "line $line of the text is not the 一、 heading"
fi
report "HTML: outline line numbers refer to the extracted text"

# --- tags -------------------------------------------------------------------------------

# Every tags command on its own database; ids differ every run, so rows are compared
# without them (cut -f 2-).
PIZHU_DB=$tmp/tags.db
export PIZHU_DB
cp "$here/../tui/speech.txt" tagged.txt  # the speech the reader tests tag too
uuid_re='^[0-9a-f]\{8\}-[0-9a-f]\{4\}-4[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}$'

run tags tagged.txt
expect_ok
[ -s "$tmp/out" ] && fail "a file never tagged lists something"
report "tags: a file never tagged lists nothing"

run tags add --type=task --from=14:12 --to=14:52 tagged.txt
expect_ok
grep -q "$uuid_re" "$tmp/out" || fail "no UUID printed"
task_id=$(cat "$tmp/out")
report "tags add prints the new tag's id (a UUID)"

run tags add --type=deadline --from=17:9 --to=17:11 --due=2025-12-31 --note='全年 "指标"' tagged.txt
expect_ok
run tags add --type=owner --from=6:1 --to=6:5 --owner=统计局 tagged.txt
expect_ok
run tags tagged.txt
expect_ok
cut -f 2-10 "$tmp/out" >got.tsv
printf '%s\n' \
	"owner	anchored	6	1	去年全区			统计局	open" \
	"task	anchored	14	12	全年安排数字经济重点项目48个，计划投资XX亿元，6月底前开工率达到60%以上。				open" \
	"deadline	anchored	17	9	年内	全年 \"指标\"	2025-12-31		open" >want.tsv
same want.tsv got.tsv "listing"
report "tags lists id type status line col quote note due owner state, in the text's order"

run tags add --type=risk --from=1:1 --to=1:3 tagged.txt
expect_usage_error
expect_err "unknown tag type 'risk'"
report "tags add: an unknown type is a usage error"
for bad in "--from=0:1 --to=1:3" "--from=1:1 --to=x" "--from=1:1" "--from=3:2 --to=3:1" \
	"--from=1:1 --to=999:1" "--from=1:1 --to=1:3 --due=2025-02-30"; do
	# shellcheck disable=SC2086
	run tags add --type=task $bad tagged.txt
	expect_usage_error
	report "tags add $bad: a usage error"
done
run tags tagged.txt
[ "$(wc -l <"$tmp/out")" -eq 3 ] || fail "the refused adds left tags"
report "refused adds leave the tags as they were"

mkdir -p cfg/pizhu
printf 'tagtype = risk Y tag.extra1 风险\n' >cfg/pizhu/config
XDG_CONFIG_HOME=$work/cfg run tags add --type=risk --from=1:1 --to=1:3 tagged.txt
expect_ok
report "tags add: a type declared in the config is known"
run tags rm "$(cat "$tmp/out")"
expect_ok
report "tags rm ID"

run tags --format=json tagged.txt
expect_ok
cp "$tmp/out" listing.json
cat >check_tags.py <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["file"].endswith("/tagged.txt"), d["file"]
a = d["annotations"]
assert len(a) == 3, len(a)
for t in a:
    for k in ("id", "type", "state", "anchor", "line", "col", "end_line", "end_col", "start",
              "end", "quote", "prefix", "suffix", "section", "note", "due", "owner", "author",
              "created", "modified"):
        assert k in t, (k, sorted(t))
dl = [t for t in a if t["type"] == "deadline"][0]
assert dl["note"] == '全年 "指标"' and dl["due"] == "2025-12-31", dl
assert dl["section"] == "二、（二）", dl["section"]
assert dl["end"] - dl["start"] == 2 and dl["quote"] == "年内", dl
PY
python3 check_tags.py listing.json 2>"$tmp/py" || fail "$(tail -n 1 "$tmp/py")"
report "tags --format=json: every field, sections, notes with quotes"

# The next draft: a line on top, the task's sentence edited, the owner's words gone.
sed -e '2a\
（根据录音整理）' -e 's/全年安排/今年安排/' -e 's/去年全区//' tagged.txt >edited.txt
cp edited.txt tagged.txt
run tags tagged.txt
expect_ok
cut -f 2-6 "$tmp/out" >got.tsv
printf '%s\n' \
	"task	moved	15	12	今年安排数字经济重点项目48个，计划投资XX亿元，6月底前开工率达到60%以上。" \
	"deadline	anchored	18	9	年内" \
	"owner	orphaned			去年全区" >want.tsv
same want.tsv got.tsv "listing after the edit"
report "an edited draft: tags found again (moved, anchored) or orphaned, never lost"

run tags rm "$(echo "$task_id" | cut -c1-8)"
expect_ok
run tags tagged.txt
grep -q "^$task_id" "$tmp/out" && fail "the task is still listed"
report "tags rm takes a unique prefix of the id"
run tags rm 0123
expect_status 1
expect_err "no tag '0123'"
report "tags rm of an id that is not there: exit 1, said"

run tags import listing.json
expect_ok
grep -q '^0 added, 0 updated, 0 disputed, 4 unchanged, 0 deleted, 1 orphaned$' "$tmp/out" ||
	fail "not the counts"
run tags tagged.txt
grep -q "^$task_id	" "$tmp/out" && fail "an older listing brought the deleted task back"
report "tags import of an older listing: the deletion is newer and stays, the counts said"
# the same listing with the task changed after the deletion: it comes back
sed 's/"modified":"[^"]*"/"modified":"2099-01-01T00:00:00.000Z"/g' listing.json >newer.json
run tags import newer.json
expect_ok
grep -q '^0 added, 1 updated, 0 disputed, 3 unchanged, 0 deleted, 1 orphaned$' "$tmp/out" ||
	fail "not the counts"
run tags tagged.txt
grep -q "^$task_id	task	moved	15	12	" "$tmp/out" || fail "the task did not come back, found again"
report "tags import reads the json listing back: a task changed after its deletion returns, found again"

printf '{"annotations":[{"id":"nope"}]}' >bad.json
run tags import bad.json tagged.txt
expect_runtime_error bad.json
expect_err 'annotation 0: has no valid "id"'
report "tags import of a bad listing: exit 1, where and why, nothing imported"
printf '{' >broken.json
run tags import broken.json tagged.txt
expect_runtime_error broken.json
report "tags import of text that is not JSON: exit 1"

# --db, before or after the command, and a database that is not one.
run --db "$tmp/other.db" tags add --type=note --from=1:1 --to=1:3 tagged.txt
expect_ok
run tags --db "$tmp/other.db" tagged.txt
expect_ok
[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "--db: not the other database's one tag"
report "--db FILE works before and after the command"
printf 'not a database, but a user file\n' >notdb
run tags --db notdb tagged.txt
expect_runtime_error notdb
expect_err "corrupt or not a pizhu database"
grep -q '^not a database, but a user file$' notdb || fail "the file was changed"
report "a file that is not a database: exit 1, said, left as it was"
unset PIZHU_DB

# A HOME that does not exist (a service's HOME=/nonexistent, root in a container): no
# database made under it, and the error names it.
home_was=$HOME
xdg_was=${XDG_DATA_HOME-}
HOME=$tmp/nohome
unset XDG_DATA_HOME
run tags add --type=task --from=1:1 --to=1:3 tagged.txt
HOME=$home_was
[ -z "$xdg_was" ] || export XDG_DATA_HOME="$xdg_was"
expect_runtime_error "$tmp/nohome"
expect_err "does not exist"
[ ! -e "$tmp/nohome" ] || fail "the home that did not exist was made"
report "a HOME that does not exist: exit 1, named, nothing made under it"

# --- suggest ----------------------------------------------------------------------------

run suggest "$here/../tui/speech.txt"
expect_ok
grep -q "^task	" "$tmp/out" || fail "no task suggested"
grep -q "^deadline	" "$tmp/out" || fail "no deadline suggested"
cp "$tmp/out" one.tsv
report "suggest: the tasks and deadlines of a short speech"

# a file over 1 MiB is shared among threads: the same lines however many
i=0
while [ "$i" -lt 900 ]; do cat "$here/../tui/speech.txt"; i=$((i + 1)); done >long.txt
run suggest --threads=1 long.txt
expect_ok
mv "$tmp/out" long1.tsv
[ "$(grep -c "^task	" long1.tsv)" -eq "$((900 * $(grep -c "^task	" one.tsv)))" ] ||
	fail "not 900 times the short speech's tasks"
for j in 2 8; do
	run suggest --threads=$j long.txt
	cmp -s "$tmp/out" long1.tsv || fail "--threads=$j differs from --threads=1"
done
run suggest long.txt
cmp -s "$tmp/out" long1.tsv || fail "the default differs from --threads=1"
report "suggest --threads=1, 2, 8 and the default give the same lines on a 1.2 MB file"

run suggest --threads=0 long.txt
expect_usage_error
expect_err "from 1 to 8"
report "suggest --threads=0: usage error (exit 2)"
rm -f long.txt long1.tsv one.tsv

# What the reader turned down (X) stays down here: the rejection as the reader stores it
# (its type, its words, the 8 characters before them in their line).
PIZHU_DB=$tmp/down.db
export PIZHU_DB
cp "$here/../tui/speech.txt" down.txt
run suggest down.txt
expect_ok
cp "$tmp/out" all.tsv
[ ! -e "$PIZHU_DB" ] || fail "suggest made a database"
grep -q '^target	12	19	12	26	增长10%以上	' all.tsv || fail "no target 增长10%以上 to turn down"
report "suggest reads no database that is not there, and makes none"
run tags add --type=note --from=1:1 --to=1:3 down.txt
python3 - "$PIZHU_DB" "$(pwd -P)/down.txt" 增长10%以上 <<'PY' 2>"$tmp/py" || fail "$(tail -n 1 "$tmp/py")"
import sqlite3, sys
db, path, words = sys.argv[1:]
t = open(path, encoding="utf-8").read()
i = t.index(words)
pre = t[max(t.rfind("\n", 0, i) + 1, i - 8):i]
c = sqlite3.connect(db)
doc = c.execute("SELECT id FROM document WHERE path = ?", (path,)).fetchone()[0]
c.execute("INSERT INTO rejection(document_id, type, quote, prefix, created)"
          " VALUES(?, 'target', ?, ?, 0)", (doc, words, pre))
c.commit()
PY
run suggest down.txt
expect_ok
grep -v '^target	12	19	' all.tsv >want.tsv
same want.tsv "$tmp/out" "suggestions"
run suggest --format=json down.txt
expect_ok
python3 - "$tmp/out" <<'PY' 2>"$tmp/py" || fail "$(tail -n 1 "$tmp/py")"
import json, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))["suggestions"]
assert not [s for s in v if s["text"] == "增长10%以上"], "the rejected target is listed"
for s in v:
    if s["task"] is not None:
        t = v[s["task"]]
        assert t["type"] == "task" and t["start"] <= s["start"] < t["end"], (s, t)
PY
report "suggest leaves out what the reader turned down (tsv and json, tasks renumbered)"
run suggest --rejected down.txt
expect_ok
grep '^target	12	19	' all.tsv >want.tsv
same want.tsv "$tmp/out" "suggestions turned down"
report "suggest --rejected lists what the reader turned down, and only that"
unset PIZHU_DB
rm -f down.txt all.tsv want.tsv

# --- export: the task breakdown table ---------------------------------------------------

# The speech tagged as a reviewer would: tasks with and without their own owner and due
# date, owner, deadline (with and without --due), target and note tags around them, a
# task done (imported: the command line has no way to mark one), and one task whose
# sentence the next draft drops. Ids and times differ every run: stable() puts
# placeholders in their place before comparing with tests/cli/expected/export.*.
PIZHU_DB=$tmp/export.db
export PIZHU_DB
# the title block's time of export: fixed, and shown in UTC
SOURCE_DATE_EPOCH=1767225600 TZ=UTC
export SOURCE_DATE_EPOCH TZ
cp "$here/../tui/speech.txt" plan.txt
abs=$(pwd -P)/plan.txt
stable() { # file: its text with ids, times and the speech's path as placeholders
	tr -d '\r' <"$1" | sed -e 's/[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}/UUID/g' \
		-e 's/^DTSTAMP:[0-9]\{8\}T[0-9]\{6\}Z$/DTSTAMP:STAMP/' \
		-e 's/"modified":"[^"]*"/"modified":"TIME"/g' -e "s|\"$abs\"|\"PATH\"|g"
}
crlf_only() { # file: every line ends in CRLF
	[ "$(tr -cd '\n' <"$1" | wc -c)" -eq "$(grep -c "$(printf '\r')\$" "$1")" ] ||
		fail "not every line of the output ends in CRLF"
}
csv_head='序号,任务,牵头单位,配合单位,完成时限,目标,章节,位置,状态,批注,来源'

run export plan.txt
expect_ok
[ "$(tr -d '\r' <"$tmp/out")" = "$csv_head" ] || fail "not the header row alone"
expect_err "pizhu: 0 rows written: the file has no tasks (tag one with a r in the reader's default keymap, or pizhu tags add)"
report "export: a file never tagged gives the header alone and says it has no tasks"

why=
for a in "--type=task --from=12:1 --to=12:42 --due=2026-12-31" \
	"--type=owner --from=14:3 --to=14:11 --owner=市发展改革委" \
	"--type=task --from=14:12 --to=14:52" \
	"--type=deadline --from=14:37 --to=14:41" \
	"--type=target --from=14:41 --to=14:51" \
	"--type=task --from=17:1 --to=17:45" \
	"--type=deadline --from=17:9 --to=17:11 --due=2025-12-31" \
	"--type=target --from=17:19 --to=17:30" \
	"--type=task --from=10:1 --to=10:33" \
	"--type=owner --from=10:5 --to=10:16" \
	"--type=target --from=8:14 --to=8:24" \
	"--type=task --from=6:45 --to=6:62"; do
	# shellcheck disable=SC2086 # the words of $a are the options
	run tags add $a plan.txt
	[ "$st" -eq 0 ] || fail "tags add $a: exit $st"
done
# the task of line 15: its own owners (with a comma) and note (with ; , and \), and a
# note tag with | and "
run tags add --type=task --from=15:10 --to=15:31 --due=2026-06-30 \
	--owner='自然资源局,市发展改革委' --note='见附件; 含,逗号 与 \ 反斜杠' plan.txt
[ "$st" -eq 0 ] || fail "tags add: exit $st"
run tags add --type=note --from=15:20 --to=15:30 --note='用地 | 用能 "专项"' plan.txt
[ "$st" -eq 0 ] || fail "tags add: exit $st"
python3 - "$abs" >done.json <<'PY'
import json, sys
t = open(sys.argv[1], encoding="utf-8").read()
q = "全年新建5G基站860个，千兆光网覆盖全部乡镇。"
i = t.index(q)
print(json.dumps({"annotations": [{
    "id": "0d0e0a00-0000-4000-8000-000000000001", "type": "task", "state": "done",
    "start": i, "end": i + len(q), "quote": q, "due": "2025-06-30", "owner": "市通信管理局",
    "created": "2026-01-02T03:04:05.000Z", "modified": "2026-01-02T03:04:05.000Z"}]},
    ensure_ascii=False))
PY
run tags import done.json plan.txt
[ "$st" -eq 0 ] || fail "tags import: exit $st"
run tags plan.txt
[ "$(wc -l <"$tmp/out")" -eq 15 ] || fail "not 15 tags"
report "export: tagging the speech"

# the next draft drops the sentence of line 6's task (PIZHU_SAVE_EXPORT=DIR keeps what
# each format gave, with placeholders: to refresh the expected files after a change)
sed 's/成绩来之不易，但我们也要看到差距。//' plan.txt >draft.txt
cp draft.txt plan.txt
for f in csv md json org ics; do
	run export --format=$f plan.txt
	expect_ok
	stable "$tmp/out" >got.$f
	same "$exp/export.$f" got.$f "$f export"
	case $f in csv | ics) crlf_only "$tmp/out" ;; esac
	cp "$tmp/out" plan.$f
	[ -n "${PIZHU_SAVE_EXPORT:-}" ] && cp got.$f "$PIZHU_SAVE_EXPORT/export.$f"
	report "export --format=$f: the rows as expected"
done

run export --format=csv plan.txt
[ "$(cat "$tmp/err")" = "pizhu: 6 rows written; left out 1: 1 orphaned" ] || fail "not the counts line"
run export --format=ics plan.txt
[ "$(cat "$tmp/err")" = "pizhu: 4 rows written; left out 3: 1 orphaned, 2 with no date" ] ||
	fail "not the counts line"
report "export says on stderr how many rows it wrote, how many it left out and why"

run export --types=task,deadline --format=md plan.txt
expect_ok
[ "$(grep -c '^| [0-9]' "$tmp/out")" -eq 8 ] || fail "not 8 rows (6 tasks, 2 deadlines)"
grep -F '| 6月底前 | 开工率达到60%以上 |' "$tmp/out" | grep -qF '| 第14行第37字 |' ||
	fail "no row for the deadline"
expect_err "pizhu: 8 rows written"
report "export --types=task,deadline: deadlines are rows too"

run export --bom plan.txt
expect_ok
[ "$(head -c 3 "$tmp/out" | od -An -tx1 | tr -d ' \n')" = efbbbf ] || fail "no BOM"
tail -c +4 "$tmp/out" | cmp -s - plan.csv || fail "not the same csv after the BOM"
report "export --bom starts with EF BB BF"

# a file is for a spreadsheet: a BOM unless --no-bom; stdout is for programs
run export -o bom.csv plan.txt
expect_ok
[ "$(head -c 3 bom.csv | od -An -tx1 | tr -d ' \n')" = efbbbf ] || fail "no BOM in the file"
tail -c +4 bom.csv | cmp -s - plan.csv || fail "not the same csv after the BOM"
run export -o nobom.csv --no-bom plan.txt
expect_ok
cmp -s nobom.csv plan.csv || fail "--no-bom: not the csv of stdout"
run export --bom --no-bom plan.txt
expect_ok
cmp -s "$tmp/out" plan.csv || fail "--no-bom after --bom: a BOM"
rm -f bom.csv nobom.csv
report "export -o FILE.csv starts with a BOM, --no-bom leaves it out, stdout has none"

# no cell a spreadsheet would turn into a time, a date or a formula: 位置 is words, a
# text cell like 3/4 or =1 is guarded, the due date alone stays a date
grep -q ',第14行第12字,' plan.csv || fail "位置 is not 第N行第N字"
grep -q '[0-9]:[0-9]' plan.csv && fail "a cell reads as a time"
cp "$here/../tui/speech.txt" cells.txt
run tags add --type=task --from=5:1 --to=5:10 --due=2026-06-30 --note=3/4 cells.txt
run tags add --type=task --from=6:1 --to=6:10 --owner==SUM\(A1\) cells.txt
run export --no-bom cells.txt
expect_ok
grep -q ',2026-06-30,' "$tmp/out" || fail "the due date is not written as it is"
grep -qF ",\"'3/4\"," "$tmp/out" || fail "3/4 is not guarded"
grep -qF "\"'=SUM(A1)\"" "$tmp/out" || fail "=SUM(A1) is not guarded"
report "export csv: positions as words, date-like and formula cells guarded, due dates as dates"

# The workbook read back by a reader that is not the writer: Python's zipfile and its
# XML. Sheet names, the title block, the header, a CJK cell, the due date as a date
# cell (a number with a date style), the tags that are not rows on the second sheet.
run export --format=xlsx -o plan.xlsx plan.txt
expect_ok
expect_err "pizhu: 6 rows written to plan.xlsx; left out 1: 1 orphaned"
python3 - plan.xlsx >"$tmp/py" 2>&1 <<'PY' || fail "$(cat "$tmp/py")"
import re, sys, zipfile
import xml.etree.ElementTree as ET
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
wb = ET.fromstring(z.read("xl/workbook.xml"))
sheets = [s.get("name") for s in wb.iter(M + "sheet")]
assert sheets == ["任务分解表", "其他标注"], sheets
strings = ["".join(t.text or "" for t in si.iter(M + "t"))
           for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(M + "si")]
styles = ET.fromstring(z.read("xl/styles.xml"))
numfmts = {n.get("numFmtId"): n.get("formatCode") for n in styles.iter(M + "numFmt")}
xfs = list(styles.find(M + "cellXfs"))
def cells(name):
    rows = {}
    for c in ET.fromstring(z.read(name)).iter(M + "c"):
        col, row = re.match(r"([A-Z]+)(\d+)", c.get("r")).groups()
        v = c.find(M + "v")
        val = v.text if v is not None else None
        if c.get("t") == "s":
            val = strings[int(val)]
        rows.setdefault(int(row), {})[col] = (val, c.get("t"), int(c.get("s") or 0))
    return rows
t = cells("xl/worksheets/sheet1.xml")
assert t[1]["A"][0] == "在全区数字经济工作会议上的讲话", t[1]
assert "日期：2025-04-08" in t[2]["A"][0] and "plan.txt" in t[2]["A"][0], t[2]
head = [t[3][c][0] for c in "ABCDEFGHIJK"]
assert head == "序号 任务 牵头单位 配合单位 完成时限 目标 章节 位置 状态 批注 来源".split(), head
assert t[4]["B"][0] == "全年新建5G基站860个，千兆光网覆盖全部乡镇。", t[4]["B"]
assert t[4]["H"][0] == "第8行第1字", t[4]["H"]
assert t[4]["A"][1] is None and t[4]["A"][0] == "1", t[4]["A"]   # a number
due, kind, style = t[4]["E"]                                  # 2025-06-30: a date
assert kind is None and float(due) == 45838, t[4]["E"]
fmt = numfmts.get(xfs[style].get("numFmtId"))
assert fmt and "yy" in fmt, fmt
assert t[7]["E"][0] == "6月底前" and t[7]["E"][1] == "s", t[7]["E"]  # words stay words
s1 = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
pane = s1.find(f"{M}sheetViews/{M}sheetView/{M}pane")
assert pane is not None and pane.get("ySplit") == "3" and pane.get("state") == "frozen"
widths = {int(c.get("min")): float(c.get("width")) for c in s1.iter(M + "col")}
assert widths[2] > widths[1] and widths[2] >= 40, widths                # 任务 is wide
o = cells("xl/worksheets/sheet2.xml")
assert [o[1][c][0] for c in "ABCDEF"] == "类型 文本 内容 章节 位置 来源".split(), o[1]
kinds = [r["A"][0] for n, r in sorted(o.items()) if n > 1]
assert "目标" in kinds and "时限" in kinds and "责任单位" in kinds and "批注" in kinds, kinds
PY
[ "$(ls -A | grep -c 'xlsx')" -eq 1 ] || fail "more than the workbook: $(ls -A | tr '\n' ' ')"
report "export --format=xlsx: sheets, title block, header, CJK, date and number cells, frozen header, the other tags"

# libxlsxwriter is loaded only to write a workbook (not linked: README, Performance):
# one that cannot be loaded (here an empty file found first on LD_LIBRARY_PATH) is
# said plainly, nothing is written, and the other formats do not need it.
mkdir -p "$tmp/nolib"
lib=$(strings "$PIZHU" | grep -m1 '^libxlsxwriter\.so')
: >"$tmp/nolib/${lib:-libxlsxwriter.so}"
had_llp=${LD_LIBRARY_PATH-}
export LD_LIBRARY_PATH="$tmp/nolib"
run export --format=xlsx -o nolib.xlsx plan.txt
[ "$st" -ne 0 ] || fail "exit status 0 without libxlsxwriter"
expect_err "cannot write 'nolib.xlsx': libxlsxwriter is not installed (needed for xlsx)"
[ ! -e nolib.xlsx ] || fail "a workbook was written without libxlsxwriter"
run export --format=csv -o nolib.csv plan.txt
expect_ok
rm -f nolib.csv
if [ -n "$had_llp" ]; then LD_LIBRARY_PATH=$had_llp; else unset LD_LIBRARY_PATH; fi
report "export --format=xlsx without libxlsxwriter: said plainly, nothing written; csv unaffected"

run export --format=xlsx plan.txt
expect_ok
[ "$(head -c 2 "$tmp/out")" = PK ] || fail "not a zip on stdout"
report "export --format=xlsx to a pipe: the workbook on stdout"

mkdir out
run export --format=org -o out/tasks.org plan.txt
expect_ok
[ -s "$tmp/out" ] && fail "something on stdout"
cmp -s out/tasks.org plan.org || fail "the file is not what stdout had"
[ "$(ls -A out)" = tasks.org ] || fail "more in the directory than the file: $(ls -A out | tr '\n' ' ')"
expect_err "pizhu: 6 rows written to out/tasks.org; left out 1: 1 orphaned"
echo old >out/old.csv
run export -o out/old.csv --no-bom plan.txt
cmp -s out/old.csv plan.csv || fail "an existing file is not replaced"
[ "$(ls -A out | wc -l)" -eq 2 ] || fail "a temporary file was left: $(ls -A out | tr '\n' ' ')"
report "export -o FILE writes the file (replacing it), leaves no temporary file"

$TIMEOUT "$PIZHU" export -o /dev/stdout --no-bom plan.txt 2>"$tmp/err" | cat >"$tmp/out"
st=$?
last="pizhu export -o /dev/stdout --no-bom plan.txt | cat"
cmp -s "$tmp/out" plan.csv || fail "the pipe did not get the rows: $(head -c 200 "$tmp/err")"
$TIMEOUT "$PIZHU" export -o /dev/fd/3 --no-bom plan.txt 3>&1 >/dev/null 2>"$tmp/err" | cat >"$tmp/out"
cmp -s "$tmp/out" plan.csv || fail "-o /dev/fd/3 of a pipe did not get the rows: $(head -c 200 "$tmp/err")"
report "export -o /dev/stdout or /dev/fd/N that is a pipe (as a shell's >(...) gives): written in place"

run export -o nodir/tasks.csv plan.txt
expect_runtime_error nodir/tasks.csv
[ -e nodir ] && fail "nodir was made"
cp plan.txt keep.txt
run export -o plan.txt plan.txt
expect_runtime_error plan.txt
cmp -s plan.txt keep.txt || fail "the speech was overwritten"
report "export -o: a directory that is not there, or the speech itself: exit 1, nothing written"

run --db "$tmp/export.db" export --format=json plan.txt
expect_ok
stable "$tmp/out" | cmp -s - "$exp/export.json" || fail "not the same rows with --db first"
report "export: --db FILE before the command"

# A calendar holds at least one component (RFC 5545): with no dated task, no ics.
cp "$here/../tui/speech.txt" untagged.txt
run export --format=ics untagged.txt
expect_status 1
expect_stdout_empty
expect_err "pizhu: nothing written: the file has no tasks (tag one with a r in the reader's default keymap, or pizhu tags add)"
report "export --format=ics of a file never tagged: nothing written, exit 1, and it says why"

cp "$here/../tui/speech.txt" undated.txt
run tags add --type=task --from=5:1 --to=5:10 undated.txt
expect_ok
echo keep >undated.ics
run export --format=ics -o undated.ics undated.txt
expect_status 1
expect_err "pizhu: nothing written to 'undated.ics': an ics holds dated tasks only, and none of the 1 has a date"
[ "$(cat undated.ics)" = keep ] || fail "undated.ics was replaced"
run export --format=csv undated.txt
expect_ok
report "export --format=ics of undated tasks: the old file kept, exit 1, and it says why; csv still works"

# A note on a sentence without a task has no row: md, json and xlsx keep it beside the
# table, csv and org leave it out and say so.
cp "$here/../tui/speech.txt" notes.txt
run tags add --type=task --from=17:1 --to=17:8 notes.txt
run tags add --type=note --from=10:1 --to=10:5 --note='口径待核' notes.txt
run tags add --type=note --from=17:9 --to=17:12 --note='与人社局商定' notes.txt
run export --no-bom notes.txt
expect_ok
expect_err "pizhu: 1 row written; left out 1: 1 note on sentences without a task (csv has task rows only; md, json and xlsx keep such notes)"
grep -q '口径待核' "$tmp/out" && fail "the loose note is in the csv"
grep -q ',与人社局商定,' "$tmp/out" || fail "the task's own sentence's note is not in its row"
run export --format=org notes.txt
expect_err "left out 1: 1 note on sentences without a task (org has"
run export --format=md notes.txt
expect_ok
expect_err "pizhu: 1 row written"
grep -q 'left out' "$tmp/err" && fail "md says it left the note out"
grep -q '^## 其他批注$' "$tmp/out" || fail "no table of the other notes"
grep -qF '| 口径待核 | 规模以上 | 一、认清形势，坚定发展信心 › （二）产业规模稳步扩大 | 第10行第1字 | 标注 |' "$tmp/out" ||
	fail "not the loose note's row"
run export --format=json notes.txt
expect_ok
python3 -c '
import json, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))
assert [n["note"] for n in v["notes"]] == ["口径待核"], v["notes"]
assert v["notes"][0]["line"] == 10 and v["notes"][0]["source"] == "tag", v["notes"]
' "$tmp/out" || fail "json: not the loose note"
run export --format=xlsx -o notes.xlsx notes.txt
expect_err "pizhu: 1 row written to notes.xlsx"
grep -q 'left out' "$tmp/err" && fail "xlsx says it left the note out"
python3 - notes.xlsx <<'PY' || fail "the loose note is not on the second sheet"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert "口径待核" in z.read("xl/sharedStrings.xml").decode("utf-8")
PY
report "export: notes on sentences without a task are counted and said (csv, org), kept in md, json and xlsx"

# 来源 is what the store recorded when the tag was made: a tag made by hand where a
# suggestion stands is 标注; one accepted is 建议; one made before the record is 未记录.
PIZHU_DB=$tmp/source.db
cp "$here/../tui/speech.txt" source.txt
run suggest source.txt
grep -q '^task	17	1	17	45	' "$tmp/out" || fail "no suggestion on the sentence tagged by hand"
run tags add --type=task --from=17:1 --to=17:44 source.txt
run accept --types=task --lines=14 source.txt
expect_ok
run export --no-bom source.txt
tr -d '\r' <"$tmp/out" | grep -q '^1,全年安排.*,建议$' || fail "the accepted task is not 建议"
tr -d '\r' <"$tmp/out" | grep -q '^2,要完善人才政策.*,标注$' || fail "the task tagged by hand is not 标注"
# as a database from before the record: the tags made then are unrecorded
python3 - "$PIZHU_DB" <<'PY' || fail "cannot change the database"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("DELETE FROM annotation_source")
c.execute("INSERT INTO annotation_source SELECT id, 'unrecorded' FROM annotation"
          " WHERE quote LIKE '要完善%'")
c.commit()
PY
run export --no-bom source.txt
tr -d '\r' <"$tmp/out" | grep -q '^1,全年安排.*,标注$' || fail "a tag without a record is not 标注"
tr -d '\r' <"$tmp/out" | grep -q '^2,要完善人才政策.*,未记录$' || fail "an unrecorded tag is not 未记录"
report "export: 来源 from the store (accepted 建议, by hand 标注 even where a suggestion stands, older 未记录)"
PIZHU_DB=$tmp/export.db

# --- accept: suggestions into tags from the command line ------------------------------

# A work plan of our own: a framing deadline, notes of lead and cooperating units.
PIZHU_DB=$tmp/accept.db
cat >workplan.txt <<'EOF'
某县2027年重点工作安排
（2027年2月10日）
一、稳住农业基本盘
今年，要抓好以下工作：
（一）抓好粮食生产。全年粮食播种面积稳定在50万亩以上（牵头单位：县农业农村局；配合单位：县财政局、各乡镇、街道）。
（二）建设高标准农田。新建高标准农田3万亩，6月底前全部开工（县农业农村局牵头，县水利局配合）。
二、办好民生实事
（一）新建社区食堂12个，年底前投入使用。责任单位：县民政局。
（二）培训农村实用人才800人次以上。
（三）推进老旧小区改造（牵头单位：县住建局）6月底前全部开工（配合单位：各街道）。
（四）改造背街小巷，牵头单位：县住建局，6月底前全部完工。
（五）整治农贸市场（县住建局牵头）9月底前完成（县城管局配合）。
EOF
run accept --types=task --lines=8-9 workplan.txt
expect_ok
expect_err "pizhu: accepted 2 suggestions: 2 tasks; with the tasks 1 lead owner, 0 cooperating owner tags, 1 due date"
run tags workplan.txt
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "not two tags"
grep -q '	task	anchored	8	4	新建社区食堂12个，年底前投入使用。		2027-12-31	县民政局\(	[^	]*\)*$' "$tmp/out" ||
	fail "the task without the owner of its note or the date of its deadline"
grep -q '	task	anchored	9	4	培训农村实用人才800人次以上。			\(	[^	]*\)*$' "$tmp/out" ||
	fail "the measure of a list item (培训…800人次以上) is no task"
report "accept --types=task --lines=A-B: only those, each with the owner and the deadline that bind it, counted"

run accept --section=一、 workplan.txt
expect_ok
grep -q '^pizhu: accepted [0-9]* suggestions: 2 tasks, .*; with the tasks 2 lead owners, 2 cooperating owner tags, 2 due dates$' "$tmp/err" ||
	fail "not the counts of each type, the lead and cooperating owners and the dates"
run tags workplan.txt
grep -q '	task	anchored	6	12	新建高标准农田3万亩，6月底前全部开工（县农业农村局牵头，县水利局配合）。		2027-06-30	县农业农村局\(	[^	]*\)*$' "$tmp/out" ||
	fail "the task without its deadline or its lead unit"
grep -q '	owner	anchored	6	41	县水利局			县水利局\(	[^	]*\)*$' "$tmp/out" || fail "no tag of the cooperating unit"
grep -q '	deadline	anchored	4	1	今年		2027-12-31	\(	[^	]*\)*$' "$tmp/out" || fail "the framing deadline is not a tag"
# a target with a note of its units and no commitment word is work assigned
grep -q '	task	anchored	5	11	全年粮食播种面积稳定在50万亩以上（牵头单位：县农业农村局；		2027-12-31	县农业农村局\(	[^	]*\)*$' "$tmp/out" ||
	fail "the target with a note (稳定在…以上（牵头单位：…）) is no task with its lead unit"
grep -q '	target	anchored	5	19	稳定在50万亩以上			\(	[^	]*\)*$' "$tmp/out" || fail "稳定在50万亩以上 is no target"
grep -q '	owner	anchored	5	46	县财政局、各乡镇、街道			县财政局、各乡镇、街道\(	[^	]*\)*$' "$tmp/out" ||
	fail "the cooperating units of the note are not one owner tag"
awk -F'\t' '$4 >= 7 && !($4 >= 8 && $4 <= 9 && $5 == 4 && $2 == "task")' "$tmp/out" | grep -q . &&
	fail "accepted outside the section"
report "accept --section=PATH: the section's suggestions, a task's cooperating units as owner tags"

run export --no-bom workplan.txt
expect_ok
grep -q '^2,新建高标准农田3万亩，[^,]*,县农业农村局,县水利局,2027-06-30,新建高标准农田3万亩,一、稳住农业基本盘 › ' "$tmp/out" ||
	fail "not the row with its lead and cooperating units, due date and target"
tr -d '\r' <"$tmp/out" | grep -q ',第6行第12字,未完成,,建议$' || fail "来源 is not 建议"
report "export after accept: 牵头单位, 配合单位 and 完成时限 from the note and the deadline, 来源 建议"

# an owner's note followed by more of the sentence (（牵头单位：县住建局）6月底前…, or
# 牵头单位：县住建局，6月底前…): the unit alone, the deadline apart
run suggest workplan.txt
grep -q '^owner	10	18	10	22	县住建局	县住建局$' "$tmp/out" || fail "not 县住建局 alone"
grep -q '^deadline	10	23	10	27	6月底前	2027-06-30$' "$tmp/out" || fail "not the deadline apart"
grep -q '^owner	11	16	11	20	县住建局	县住建局$' "$tmp/out" || fail "牵头单位：县住建局，…: not the unit alone"
grep -q '^owner	12	11	12	15	县住建局	县住建局$' "$tmp/out" || fail "（县住建局牵头）…: not the lead unit"
grep -q '^owner	12	25	12	29	县城管局	县城管局$' "$tmp/out" || fail "（县城管局配合）: not the cooperating unit"
[ "$(grep -c '^owner	1[0-2]	' "$tmp/out")" -eq 5 ] || fail "not five owners on lines 10 to 12"
report "suggest: an owner's note never swallows the words after it, nor they it"

run accept workplan.txt
expect_ok
run tags workplan.txt
n1=$(wc -l <"$tmp/out")
run accept workplan.txt
expect_ok
expect_err "pizhu: accepted 0 suggestions"
run tags workplan.txt
[ "$(wc -l <"$tmp/out")" -eq "$n1" ] || fail "a second accept made tags again"
report "accept twice: nothing made twice"

for bad in --types=risk --types= --lines=5-2 --lines=x --lines=0-3 --section; do
	run accept "$bad" workplan.txt
	expect_usage_error
	report "accept $bad: a usage error"
done
run accept workplan.txt workplan.txt
expect_usage_error
report "accept of two files: a usage error"
PIZHU_DB=$tmp/export.db

for bad in --format=xls --format= --types=task,risk --types= "--types=task," --bom=1 --no-bom=1 -o; do
	run export "$bad" plan.txt
	expect_usage_error
	report "export $bad: a usage error"
done
run export plan.txt plan.txt
expect_usage_error
report "export of two files: a usage error"
run help export
expect_ok
grep -q '^usage: pizhu export ' "$tmp/out" || fail "no usage line"
run export --help
expect_ok
report "pizhu help export, pizhu export --help"

# The calendar read by an independent parser (libical), built here when installed.
pc=${PKG_CONFIG:-pkg-config}
# shellcheck disable=SC2046 # the flags are word lists
if "$pc" --exists libical 2>/dev/null &&
	${CC:-cc} -o "$tmp/icscheck" "$here/icscheck.c" $("$pc" --cflags --libs libical) \
		2>"$tmp/cc.err"; then
	"$tmp/icscheck" plan.ics >"$tmp/out" 2>"$tmp/err"
	st=$?
	last="icscheck plan.ics"
	[ "$st" -eq 0 ] || fail "icscheck: exit $st"
	grep -q '^4 VTODO$' "$tmp/out" || fail "not 4 VTODO"
	report "export --format=ics passes RFC 5545 checks (libical)"
	# the checker itself finds what is wrong: a long line, no DUE, a bare LF
	{ printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTODO\r\n'
	  printf 'UID:a@b\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:%080d\r\nEND:VTODO\n' 0
	  printf 'END:VCALENDAR\r\n'; } >bad.ics
	"$tmp/icscheck" bad.ics >"$tmp/out" 2>"$tmp/err"
	st=$?
	last="icscheck bad.ics"
	[ "$st" -eq 1 ] || fail "icscheck accepts a bad calendar (exit $st)"
	for w in "longer than 75" "no DUE" "CRLF"; do
		grep -q "$w" "$tmp/err" || fail "icscheck does not say: $w"
	done
	report "icscheck rejects a calendar with a long line, a VTODO without DUE, a bare LF"
	printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n' >empty.ics
	"$tmp/icscheck" empty.ics >"$tmp/out" 2>"$tmp/err"
	st=$?
	last="icscheck empty.ics"
	[ "$st" -eq 1 ] || fail "icscheck accepts a calendar with no component (exit $st)"
	grep -q "no component" "$tmp/err" || fail "icscheck does not say: no component"
	report "icscheck rejects a calendar with no component"
else
	n=$((n + 1))
	if "$pc" --exists libical 2>/dev/null; then
		echo "not ok $n - icscheck.c does not build"
		sed 's/^/#   /' "$tmp/cc.err"
		failed=$((failed + 1))
	else
		echo "ok $n - # SKIP libical not installed"
	fi
fi
unset PIZHU_DB

# passages with their citations (tests/cli/quote.sh)
. "$here/quote.sh"

# comparing and checking drafts (tests/cli/drafts.sh)
. "$here/drafts.sh"

# several reviewers (tests/cli/people.sh)
. "$here/people.sh"

echo "1..$n"
[ "$failed" -eq 0 ]
