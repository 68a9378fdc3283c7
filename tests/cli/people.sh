# Several reviewers on the command line: who a reviewer is (--author, $PIZHU_AUTHOR, the
# config's name), tags listed and filtered by author. Sourced by tests/cli/run.sh (its
# helpers, its work directory), one report per check.

PIZHU_DB=$tmp/people.db
export PIZHU_DB
cat >review.txt <<'TXT'
关于今年重点工作的几点意见
同志们：
一、抓好项目建设
全年新开工项目二十个，六月底前完成立项。
二、抓好安全生产
各单位要落实责任，年底前完成隐患排查。
TXT
mkdir -p people-cfg/pizhu
printf 'name = 王某\n' >people-cfg/pizhu/config

XDG_CONFIG_HOME=$work/people-cfg run tags add --type=task --from=4:1 --to=4:10 review.txt
expect_ok
wang=$(cat "$tmp/out")
PIZHU_AUTHOR=张三 XDG_CONFIG_HOME=$work/people-cfg run tags add --type=task --from=6:1 --to=6:9 review.txt
expect_ok
zhang=$(cat "$tmp/out")
PIZHU_AUTHOR=张三 run tags add --author=李四 --type=note --from=1:1 --to=1:5 --note=题目 review.txt
expect_ok
li=$(cat "$tmp/out")
run tags review.txt
expect_ok
awk -F '\t' '{ print $1 " " $NF }' "$tmp/out" >got.txt
printf '%s\n' "$li 李四" "$wang 王某" "$zhang 张三" >want.txt
same want.txt got.txt "authors"
report "tags: the author is the last column: --author, then \$PIZHU_AUTHOR, then the config's name"

run tags --author=张三 review.txt
expect_ok
[ "$(wc -l <"$tmp/out")" -eq 1 ] && grep -q "^$zhang	" "$tmp/out" || fail "not only 张三's tag"
run tags --author=nobody review.txt
expect_ok
[ -s "$tmp/out" ] && fail "a reviewer without tags lists some"
report "tags --author=NAME lists that reviewer's tags only"

run tags --format=json --author=李四 review.txt
expect_ok
cat >check_people.py <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))["annotations"]
assert len(a) == 1, len(a)
assert a[0]["author"] == "李四" and a[0]["editor"] == "李四", a[0]
PY
python3 check_people.py "$tmp/out" 2>"$tmp/py" || fail "$(tail -n 1 "$tmp/py")"
report "tags --format=json --author: the reviewer's tags, with author and editor"

run tags add --author="$(printf 'a\tb')" --type=note --from=1:1 --to=1:5 review.txt
expect_usage_error
expect_err "--author needs a name"
report "tags --author with a control character: a usage error"

PIZHU_AUTHOR=张三 run tags edit --note=核对数字 --due=2026-06-30 --owner=发改委 --done "$wang"
expect_ok
PIZHU_AUTHOR=张三 run tags edit --type=target "$(echo "$li" | cut -c1-8)"
expect_ok
run tags review.txt
expect_ok
grep -q "^$wang	task	anchored	4	1	全年新开工项目二十	核对数字	2026-06-30	发改委	done	王某" "$tmp/out" ||
	fail "the edit is not in the listing"
grep -q "^$li	target	" "$tmp/out" || fail "the type did not change"
run tags --format=json review.txt
cat >check_edit.py <<'PY'
import json, sys
a = {t["id"]: t for t in json.load(open(sys.argv[1], encoding="utf-8"))["annotations"]}
w = a[sys.argv[2]]
assert w["state"] == "done" and w["author"] == "王某" and w["editor"] == "张三", w
PY
python3 check_edit.py "$tmp/out" "$wang" 2>"$tmp/py" || fail "$(tail -n 1 "$tmp/py")"
report "tags edit ID --note --due --owner --done --type: changed, the editor recorded"

run tags edit --open "$wang"
expect_ok
run tags --format=json review.txt
grep -q '"state":"open"' "$tmp/out" || fail "not open again"
report "tags edit --open opens a done task again"

for bad in "--due=2026-02-30" "--type=risk" "--done --open" ""; do
	# shellcheck disable=SC2086
	run tags edit $bad "$wang"
	expect_usage_error
	report "tags edit $bad: a usage error"
done
run tags edit --note=x 0123abcd
expect_status 1
expect_err "no tag '0123abcd'"
report "tags edit of a tag that is not there: exit 1, said"
run tags edit --note=x --from=1:1 "$wang"
expect_usage_error
report "tags edit takes no --from"

PIZHU_AUTHOR=张三 run tags reply "$wang" "数字从哪里来？"
expect_ok
PIZHU_AUTHOR=王某 run tags reply "$(echo "$wang" | cut -c1-6)" "见统计公报第三页"
expect_ok
run tags --format=json review.txt
cat >check_thread.py <<'PY'
import json, sys
a = {t["id"]: t for t in json.load(open(sys.argv[1], encoding="utf-8"))["annotations"]}
r = a[sys.argv[2]]["replies"]
assert [(x["author"], x["text"]) for x in r] == [("张三", "数字从哪里来？"), ("王某", "见统计公报第三页")], r
assert all(x["at"].endswith("Z") and len(x["id"]) == 36 for x in r), r
assert all(t["replies"] == [] for k, t in a.items() if k != sys.argv[2])
PY
python3 check_thread.py "$tmp/out" "$wang" 2>"$tmp/py" || fail "$(tail -n 1 "$tmp/py")"
report "tags reply ID TEXT: the thread in order, with authors and times, in --format=json"

run tags reply "$wang" ""
expect_usage_error
report "tags reply with an empty text: a usage error"
run tags reply 0123abcd "hello"
expect_status 1
expect_err "no tag '0123abcd'"
report "tags reply to a tag that is not there: exit 1, said"

# the discussion in the exports: Org, Markdown and JSON keep the thread; CSV joins it
run export --format=json review.txt
expect_ok
cat >check_export.py <<'PY'
import json, sys
rows = {r["id"]: r for r in json.load(open(sys.argv[1], encoding="utf-8"))["rows"]}
r = rows[sys.argv[2]]["replies"]
assert [(x["author"], x["text"]) for x in r] == [("张三", "数字从哪里来？"), ("王某", "见统计公报第三页")], r
PY
python3 check_export.py "$tmp/out" "$wang" 2>"$tmp/py" || fail "$(tail -n 1 "$tmp/py")"
report "export --format=json: the row keeps its thread, in order, with authors"
run export --format=org review.txt
expect_ok
grep -n '^- 张三 \[.*\]：数字从哪里来？$' "$tmp/out" | cut -d: -f1 >lines.txt
grep -n '^- 王某 \[.*\]：见统计公报第三页$' "$tmp/out" | cut -d: -f1 >>lines.txt
[ "$(wc -l <lines.txt)" -eq 2 ] && [ "$(head -n 1 lines.txt)" -lt "$(tail -n 1 lines.txt)" ] ||
	fail "not the thread under the heading, in order"
report "export --format=org: the thread as a list under the task's heading"
run export --format=md review.txt
expect_ok
grep -q '^## 讨论$' "$tmp/out" && grep -q '^- 张三（.*）：数字从哪里来？$' "$tmp/out" ||
	fail "no discussion section with the thread"
grep -q '| 核对数字；张三：数字从哪里来？；王某：见统计公报第三页 |' "$tmp/out" ||
	fail "the table's note does not join the thread"
report "export --format=md: the table joins the thread into 批注, the discussion follows in order"
run export --format=csv review.txt
expect_ok
grep -q ',核对数字；张三：数字从哪里来？；王某：见统计公报第三页,' "$tmp/out" ||
	fail "the csv's 批注 does not join the thread"
report "export --format=csv: 批注 is the note, then each reply as author：text"

# merging two reviewers' databases through listings
cp review.txt merge.txt
PIZHU_DB=$tmp/a.db PIZHU_AUTHOR=甲 run tags add --type=task --from=4:1 --to=4:10 merge.txt
t1=$(cat "$tmp/out")
PIZHU_DB=$tmp/a.db PIZHU_AUTHOR=甲 run tags add --type=task --from=6:1 --to=6:9 merge.txt
t2=$(cat "$tmp/out")
PIZHU_DB=$tmp/a.db run tags --format=json merge.txt
cp "$tmp/out" a.json
PIZHU_DB=$tmp/b.db PIZHU_AUTHOR=乙 run tags import a.json merge.txt
expect_ok
grep -qx '2 added, 0 updated, 0 disputed, 0 unchanged, 0 deleted, 0 orphaned' "$tmp/out" || fail "not the counts"
PIZHU_DB=$tmp/b.db PIZHU_AUTHOR=乙 run tags import a.json merge.txt
grep -qx '0 added, 0 updated, 0 disputed, 2 unchanged, 0 deleted, 0 orphaned' "$tmp/out" || fail "not the counts again"
report "tags import: new tags added, the same listing again changes nothing, the counts said"

PIZHU_DB=$tmp/a.db PIZHU_AUTHOR=甲 run tags edit --note=甲的意见 "$t1"
PIZHU_DB=$tmp/b.db PIZHU_AUTHOR=乙 run tags edit --note=乙的意见 --owner=应急局 "$t1"
PIZHU_DB=$tmp/b.db PIZHU_AUTHOR=乙 run tags rm "$t2"
PIZHU_DB=$tmp/b.db run tags --format=json merge.txt
cp "$tmp/out" b.json
PIZHU_DB=$tmp/a.db PIZHU_AUTHOR=甲 run tags import b.json merge.txt
expect_ok
grep -qx '0 added, 0 updated, 1 disputed, 0 unchanged, 1 deleted, 0 orphaned' "$tmp/out" || fail "not the counts"
PIZHU_DB=$tmp/a.db run tags merge.txt
grep -q "^$t1	task	disputed	4	1	全年新开工项目二十	甲的意见		应急局	open	甲$" "$tmp/out" ||
	fail "not disputed with ours kept and their one-sided owner taken"
grep -q "^$t2	" "$tmp/out" && fail "the tag deleted there is still here"
PIZHU_DB=$tmp/a.db run tags --format=json merge.txt
cat >check_dispute.py <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = {x["id"]: x for x in d["annotations"]}[sys.argv[2]]
assert t["status"] == "disputed", t["status"]
assert t["disputes"] == [{"field": "note", "mine": "甲的意见", "mine_author": "甲",
                          "theirs": "乙的意见", "theirs_author": "乙"}], t["disputes"]
assert [g["id"] for g in d["deleted"]] == [sys.argv[3]], d["deleted"]
PY
python3 check_dispute.py "$tmp/out" "$t1" "$t2" 2>"$tmp/py" || fail "$(tail -n 1 "$tmp/py")"
report "tags import: both sides changed the note: disputed, both values and authors in json; a newer deletion wins, kept as a tombstone"

PIZHU_DB=$tmp/a.db PIZHU_AUTHOR=甲 run tags import b.json merge.txt
grep -qx '0 added, 0 updated, 0 disputed, 2 unchanged, 0 deleted, 0 orphaned' "$tmp/out" || fail "not the counts again"
PIZHU_DB=$tmp/a.db PIZHU_AUTHOR=甲 run tags import a.json merge.txt
grep -qx '0 added, 0 updated, 0 disputed, 2 unchanged, 0 deleted, 0 orphaned' "$tmp/out" ||
	fail "the older listing changed something"
PIZHU_DB=$tmp/a.db run tags merge.txt
grep -q "^$t2	" "$tmp/out" && fail "the older listing brought the deleted tag back"
report "tags import: the same listing again, or an older one, changes nothing; no resurrection"

PIZHU_DB=$tmp/a.db run tags resolve "$t1"
expect_usage_error
PIZHU_DB=$tmp/a.db PIZHU_AUTHOR=甲 run tags resolve --take=theirs "$t1"
expect_ok
PIZHU_DB=$tmp/a.db run tags merge.txt
grep -q "^$t1	task	anchored	4	1	全年新开工项目二十	乙的意见		应急局	open	甲$" "$tmp/out" || fail "theirs not taken"
PIZHU_DB=$tmp/a.db PIZHU_AUTHOR=甲 run tags import b.json merge.txt
grep -qx '0 added, 0 updated, 0 disputed, 2 unchanged, 0 deleted, 0 orphaned' "$tmp/out" || fail "the listing disputes again"
PIZHU_DB=$tmp/a.db run tags resolve --take=mine "$t1"
expect_status 1
expect_err "nothing in dispute"
report "tags resolve --take=theirs settles the dispute; the listing again keeps it settled"

# their listing of the other database now agrees, the other way round too
PIZHU_DB=$tmp/a.db run tags --format=json merge.txt
cp "$tmp/out" a2.json
PIZHU_DB=$tmp/b.db PIZHU_AUTHOR=乙 run tags import a2.json merge.txt
expect_ok
PIZHU_DB=$tmp/b.db run tags merge.txt
cut -f 1-10 "$tmp/out" >b.tsv
PIZHU_DB=$tmp/a.db run tags merge.txt
cut -f 1-10 "$tmp/out" >a.tsv
same a.tsv b.tsv "the two databases"
report "after merging both ways the two databases list the same tags"

# the listing says its format; one from a newer pizhu is refused, nothing written
PIZHU_DB=$tmp/a.db run tags --format=json merge.txt
expect_ok
grep -q '^{"pizhu-tags":1,"file":' "$tmp/out" || fail "the listing does not start with its format"
sed 's/^{"pizhu-tags":1,/{"pizhu-tags":2,/; s/"note":"[^"]*"/"note":"新格式的意见"/' "$tmp/out" >newer.json
sed 's/^{"pizhu-tags":1,/{/' "$tmp/out" >unversioned.json
cp "$tmp/b.db" b-before.db
PIZHU_DB=$tmp/b.db PIZHU_AUTHOR=乙 run tags import newer.json merge.txt
expect_runtime_error newer.json
expect_err "from a newer pizhu"
cmp -s "$tmp/b.db" b-before.db || fail "the database changed"
PIZHU_DB=$tmp/b.db run tags merge.txt
grep -q "新格式的意见" "$tmp/out" && fail "the newer listing's note was taken"
PIZHU_DB=$tmp/new.db PIZHU_AUTHOR=乙 run tags import newer.json
expect_runtime_error newer.json
[ -e "$tmp/new.db" ] && fail "a database was made for a refused listing"
report "tags import of a listing from a newer pizhu (\"pizhu-tags\": 2): exit 1, said, nothing written"

PIZHU_DB=$tmp/b.db PIZHU_AUTHOR=乙 run tags import unversioned.json merge.txt
expect_ok
grep -qx '0 added, 0 updated, 0 disputed, 2 unchanged, 0 deleted, 0 orphaned' "$tmp/out" || fail "not read as format 1"
sed 's/^{"pizhu-tags":1,/{"pizhu-tags":"1",/' a2.json >strange.json
PIZHU_DB=$tmp/b.db PIZHU_AUTHOR=乙 run tags import strange.json merge.txt
expect_runtime_error strange.json
expect_err '"pizhu-tags"'
report "tags import: a listing without \"pizhu-tags\" is of format 1; a format that is not a number is refused"

# a damaged listing (cut short, or not a listing) is refused before any database is opened
head -c 200 a2.json >cut.json
echo '{"pizhu-tags":1,"file":"merge.txt"}' >noarray.json
cp "$tmp/b.db" b-before.db
for bad in cut.json noarray.json; do
	PIZHU_DB=$tmp/b.db PIZHU_AUTHOR=乙 run tags import $bad merge.txt
	expect_runtime_error $bad
	cmp -s "$tmp/b.db" b-before.db || fail "$bad: the database changed"
	PIZHU_DB=$tmp/new2.db PIZHU_AUTHOR=乙 run tags import $bad merge.txt
	expect_runtime_error $bad
	[ -e "$tmp/new2.db" ] && fail "$bad: a database was made for a damaged listing"
done
report "tags import of a damaged listing: exit 1, said, no database made or changed"

unset PIZHU_DB
