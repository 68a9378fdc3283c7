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

echo "1..$n"
[ "$failed" -eq 0 ]
