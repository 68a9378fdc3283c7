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

unset PIZHU_DB
