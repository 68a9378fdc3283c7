#!/bin/sh
# Opening documents (issue 15): a known document's first screen is drawn before the
# reader writes anything to its database (what opening changed is written after it), and
# the text of a new draft, kept by a thread of its own, is kept whole even when the reader
# quits at once, or at the next opening when the reader was killed meanwhile.
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/t-open.sh    (from anywhere; needs tmux)

set -u

PIZHU=${PIZHU:-pizhu}
case $PIZHU in
/*) ;;
*) PIZHU=$(pwd)/$PIZHU ;;
esac

here=$(cd "$(dirname "$0")" && pwd) || exit 1
TUI_DIR=$here
. "$here/lib.sh"

tui_suite

# pz ARG...: the command line on the test's database, from the documents' directory.
pz() {
	(cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" "$@")
}

# sql QUERY: the rows QUERY gives on the test's database, read with Python's sqlite3 (not
# pizhu's code), fields apart by spaces.
sql() {
	python3 - "$TUI_HOME/.local/share/pizhu/pizhu.db" "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
for row in db.execute(sys.argv[2]):
    print(" ".join(str(v) for v in row))
EOF
}

# drafts FILE: the drafts of FILE's document, "kept" or "lost" for each one's text.
drafts() {
	pz drafts "$1" | awk -F '\t' '{ print $1, ($3 == "?" ? "lost" : "kept") }'
}

# ---- a known document: nothing written before the first screen ---------------------------

echo "# a known document, changed since: its first screen before any write"
tui_home
cp "$here/speech.txt" "$TUI_CWD/known.txt" || exit 1
id=$(pz tags add --type=task --from=14:3 --to=14:11 known.txt)
[ -n "$id" ]
check $? "a tag made with the command line" || exit 1
# a paragraph above the tag and a word of its own changed: it moves, and this text is a
# new draft
{ head -n 3 "$here/speech.txt"; echo "今天的会议很重要。"; tail -n +4 "$here/speech.txt"; } |
	sed 's/加快重大项目/加快重点项目/' >"$TUI_CWD/known.txt"
trace=$TUI_TMP/trace
rm -f "$trace"
tui_start -e PIZHU_TRACE="$trace" --theme mono known.txt
expect_status "this draft changed: 1 tags moved, 0 orphaned" "the tag was found again, moved"
send_keys q
wait_exit
grep -qx 'first screen: 0 rows written' "$trace"
check $? "nothing was written to the database before the first screen" ||
	diag <"$trace"
printf '1 kept\n2 kept\n' >"$TUI_TMP/want"
drafts known.txt >"$TUI_TMP/got"
cmp -s "$TUI_TMP/want" "$TUI_TMP/got"
check $? "after it, the new draft was recorded and its text kept" ||
	diag <"$TUI_TMP/got"
sql "SELECT a.anchor, a.version_id = (SELECT max(id) FROM version) FROM annotation a" \
	>"$TUI_TMP/got"
echo "moved 1" >"$TUI_TMP/want"
cmp -s "$TUI_TMP/want" "$TUI_TMP/got"
check $? "and where the tag was found in it written" || diag <"$TUI_TMP/got"

echo "# opened again: nothing written before its first screen either"
rm -f "$trace"
tui_start -e PIZHU_TRACE="$trace" --theme mono known.txt
expect_text "1.加快重点项目" "the document is shown"
send_keys q
wait_exit
grep -qx 'first screen: 0 rows written' "$trace"
check $? "again nothing written before the first screen" || diag <"$trace"

# ---- a known document: its tags' places before the first screen, the rest after --------------

echo "# a known document with tags beyond its first screen: all there, whole, at once"
tui_home
{ cat "$here/speech.txt"; echo "三、加强组织领导"; i=1; while [ "$i" -le 40 ]; do
	echo "第${i}项工作要在年底前全面完成，各责任单位要按月报送进展。"; i=$((i + 1)); done; } \
	>"$TUI_CWD/long.txt"
pz tags add --type=task --note=开头 --from=4:1 --to=4:6 long.txt >/dev/null &&
	pz tags add --type=owner --from=57:1 --to=57:4 long.txt >/dev/null &&
	pz tags add --type=task --note=末尾的任务 --owner=办公室 --from=58:1 --to=58:5 long.txt >/dev/null
check $? "three tags made with the command line, two of them far below the first screen" || exit 1
rm -f "$trace"
tui_start -e PIZHU_TRACE="$trace" --theme mono long.txt
expect_text "三、加强组织领导    [2]" "the tree counts the tags below the first screen"
send_keys f f f
expect_status "task (open) · 办公室 · 末尾的任务" "the last tag's owner and note are there at the first keys"
send_keys C-g
expect_text "quote: 第39项" "and its quote"
send_keys q
expect_text "三、加强组织领导    [2]" "(back to the text)"
send_keys a m
expect_status "target" "a tag made at once"
send_keys q
wait_exit
grep -qx 'first screen: 0 rows written' "$trace"
check $? "nothing written before the first screen" || diag <"$trace"
[ "$(tags_of long.txt | cut -f 1,6,8 | LC_ALL=C sort | tr '\t\n' '|;')" = \
	"owner||;target||;task|开头|;task|末尾的任务|办公室;" ]
check $? "no tag lost, none changed: the new one beside the three" || tags_of long.txt | diag

# ---- a new large draft: its text kept from a thread of its own -----------------------------

# big FILE: a new text of some megabytes (the speech many times, each numbered), whose
# text takes a while to deflate.
big() {
	i=0
	while [ "$i" -lt 1500 ]; do
		echo "第${i}次会议"
		cat "$here/speech.txt"
		i=$((i + 1))
	done >"$TUI_CWD/$1"
}

# built TITLE: one TAP line: the tree comes to show the outline (not "building…"): the
# whole file is read, and the reader records it in the library before its next key.
built() {
	i=0
	while capture | grep -qF "building…"; do
		if [ $((i * TUI_POLL)) -ge "$TUI_TIMEOUT" ]; then
			not_ok "$1"
			capture | diag
			return 1
		fi
		tick
		i=$((i + 1))
	done
	ok "$1"
}

echo "# a new document of some megabytes, and q as soon as it is read"
tui_home
big large.txt
tui_start --theme mono large.txt
built "read whole and outlined"
send_keys q
wait_exit
[ "$(exit_status)" = 0 ]
check $? "the reader quit normally"
printf '1 kept\n' >"$TUI_TMP/want"
drafts large.txt >"$TUI_TMP/got"
cmp -s "$TUI_TMP/want" "$TUI_TMP/got"
check $? "its text was kept whole before the reader exited" || diag <"$TUI_TMP/got"

echo "# a text whose keeping was cut short (the reader killed) is kept at the next opening"
sql "DELETE FROM version_text"
printf '1 lost\n' >"$TUI_TMP/want"
drafts large.txt >"$TUI_TMP/got"
cmp -s "$TUI_TMP/want" "$TUI_TMP/got"
check $? "(its text taken out of the database)" || diag <"$TUI_TMP/got"
tui_start --theme mono large.txt
built "read again"
send_keys q
wait_exit
printf '1 kept\n' >"$TUI_TMP/want"
drafts large.txt >"$TUI_TMP/got"
cmp -s "$TUI_TMP/want" "$TUI_TMP/got"
check $? "opened again, its text is kept" || diag <"$TUI_TMP/got"

echo "# a tag made while a new file's text is being kept is committed at once"
# varied FILE: a new text of some megabytes that deflates slowly (sentences of characters
# drawn at random, with a seed: the same every run), so that its text is still being
# kept when the first tag is made.
varied() {
	python3 - >"$TUI_CWD/$1" <<'EOF'
import random, sys
r = random.Random(15)
chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
lines = []
for i in range(60000):
    words = (r.choice(chars) + ("，" if r.random() < 0.08 else "") for _ in range(r.randint(10, 40)))
    lines.append("第%d条：%s。\n" % (i, "".join(words)))
sys.stdout.write("".join(lines))
EOF
}
tui_home
varied varied.txt
tui_start --theme mono varied.txt
built "read whole and outlined"
send_keys a r
expect_status "task" "a r tags the first sentence as soon as the outline is there"
kill_program KILL
wait_exit
# (whether the text was still being kept when the reader was killed: most often it was)
drafts varied.txt | sed 's/^/# its text when the reader was killed: /'
[ "$(tags_of varied.txt | cut -f 1 | sort | uniq -c | awk '{ print $1, $2 }')" = "1 task" ]
check $? "the tag is in the database after the reader was killed" ||
	tags_of varied.txt | diag
tui_start --theme mono varied.txt
built "opened again"
send_keys q
wait_exit
printf '1 kept\n' >"$TUI_TMP/want"
drafts varied.txt >"$TUI_TMP/got"
cmp -s "$TUI_TMP/want" "$TUI_TMP/got" && [ "$(tags_of varied.txt | wc -l)" -eq 1 ]
check $? "opened again: the tag is there and the text kept" ||
	{ diag <"$TUI_TMP/got"; tags_of varied.txt | diag; }

tui_suite_end
