#!/bin/sh
# Two reviewers on one database, one after the other (--author, $PIZHU_AUTHOR): each
# tag says whose it is, the tag list tells them apart and filters by reviewer, and each
# reviewer's u undoes only their own changes, never a change someone else has built on;
# then both at once, each in a reader of their own on the database, each undoing only
# their own tag.
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/t-people.sh    (from anywhere; needs tmux)

#
# Keys: the classic keymap (one key a tag type), which these checks were written in;
# they are about what the reader does, and t-keys.sh checks the default's keys.

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
cat >"$TUI_CWD/people.txt" <<'TXT'
关于今年重点工作的几点意见

同志们：

一、抓好项目建设

全年新开工项目二十个，六月底前完成立项。

二、抓好安全生产

各单位要落实责任，年底前完成隐患排查。
TXT

# The tags in the database: type, quote, note and whose (the id aside).
people_tags() {
	(cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" tags people.txt) |
		awk -F '\t' '{ print $2 "|" $6 "|" $7 "|" $NF }'
}

echo "# two reviewers"
fresh --keymap classic --theme mono --author 王某 people.txt
send_keys / ; send_text 全年新开工 ; send_keys Enter K J
wait_stable
send_keys r
expect_status "task “全年新开工项目二十个" "王某 tags a task"
send_keys q
wait_exit
tui_start -e PIZHU_AUTHOR=李四 --keymap classic --theme mono people.txt
send_keys / ; send_text 各单位 ; send_keys Enter K J
wait_stable
send_keys r
expect_status "task “各单位要落实责任" "李四 (from \$PIZHU_AUTHOR) tags another"
send_keys T
expect_text "王某" "the tag list shows 王某's tag as hers"
expect_text "李四" "and 李四's as his"
send_keys A
expect_text "Tags: 1 of 2 · every type · all · sorted by position · by 李四" "A: my tags only"
send_keys A
expect_text "· by 王某" "A again: the other reviewer's"
send_keys A
expect_text "Tags: 2 of 2 · every type · all · sorted by position" "A again: everyone's"
send_keys q q
wait_exit
people_tags >"$TUI_TMP/got"
printf '%s\n' "task|全年新开工项目二十个，六月底前完成立项。||王某" \
	"task|各单位要落实责任，年底前完成隐患排查。||李四" >"$TUI_TMP/want"
diff "$TUI_TMP/want" "$TUI_TMP/got" | diag
cmp -s "$TUI_TMP/want" "$TUI_TMP/got"
check $? "each tag is recorded as its reviewer's"

echo "# each undoes their own"
tui_start --keymap classic --theme mono --author 王某 people.txt
send_keys u
expect_status "undone" "王某's u, in a later session"
send_keys u
expect_status "nothing to undo" "and nothing more of hers to undo: 李四's tag is not hers"
send_keys q
wait_exit
people_tags >"$TUI_TMP/got"
printf '%s\n' "task|各单位要落实责任，年底前完成隐患排查。||李四" >"$TUI_TMP/want"
diff "$TUI_TMP/want" "$TUI_TMP/got" | diag
cmp -s "$TUI_TMP/want" "$TUI_TMP/got"
check $? "王某's u took back her tag, and only hers"
tui_start --keymap classic --theme mono --author 王某 people.txt
send_keys C-r
expect_status "redone" "王某's redo brings her tag back, in yet another session"
send_keys q
wait_exit
[ "$(people_tags | wc -l)" -eq 2 ]
check $? "both tags again after the redo"

echo "# a change built on"
tui_start --keymap classic --theme mono --author 李四 people.txt
send_keys T
expect_text "王某" "李四 opens the list"
send_keys e
expect_status "note" "e asks 李四 for a note on 王某's tag"
send_text 请核实数字 ; send_keys Enter
expect_status "note written" "李四 writes a note on 王某's tag"
send_keys q q
wait_exit
tui_start --keymap classic --theme mono --author 王某 people.txt
send_keys u
expect_status "not undone: 李四 has changed that tag since" "王某's u on a tag 李四 changed since: said, nothing done"
send_keys q
wait_exit
people_tags | grep -qx "task|全年新开工项目二十个，六月底前完成立项。|请核实数字|王某"
check $? "王某's tag and 李四's note on it are both still there"
tui_start --keymap classic --theme mono --author 李四 people.txt
send_keys u
expect_status "undone" "李四's u takes back his note"
send_keys q
wait_exit
tui_start --keymap classic --theme mono --author 王某 people.txt
send_keys u
expect_status "undone" "then 王某's u goes through"
send_keys q
wait_exit
people_tags >"$TUI_TMP/got"
printf '%s\n' "task|各单位要落实责任，年底前完成隐患排查。||李四" >"$TUI_TMP/want"
diff "$TUI_TMP/want" "$TUI_TMP/got" | diag
cmp -s "$TUI_TMP/want" "$TUI_TMP/got"
check $? "what is left is 李四's tag"

echo "# without colour"
tui_start -e NO_COLOR=1 --keymap classic --author 王某 people.txt
send_keys C-r T
expect_text "王某" "without colour the names still tell the reviewers apart"
expect_text "李四" "both names"
send_keys q q
wait_exit

echo "# a discussion"
tui_start --keymap classic --theme mono --author 王某 people.txt
send_keys T
expect_text "王某" "王某 opens the list, her tag first"
send_keys R
expect_status "reply:" "R asks for a reply to the selected tag"
send_text 数字已与统计局核对 ; send_keys Enter
expect_status "replied as 王某" "Enter stores the reply under her name"
expect_text "1 reply on “全年新开工项目二十个" "the selected tag's discussion shows under the list"
expect_text "王某: 数字已与统计局核对" "with who wrote it"
send_keys q q
wait_exit
wang=$( (cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" tags people.txt) |
	awk -F '\t' '$NF == "王某" { print $1 }')
(cd "$TUI_CWD" && PIZHU_AUTHOR=李四 "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" \
	tags reply "$wang" 请附上来源)
check $? "李四 replies from the command line"
tui_start --keymap classic --theme mono --author 王某 people.txt
send_keys T
expect_text "2 replies on" "reopened: the discussion has both replies"
capture | grep -n ': 数字已与统计局核对\|李四: 请附上来源' | cut -d: -f1 | tr '\n' ' ' >"$TUI_TMP/order"
[ "$(wc -w <"$TUI_TMP/order")" -eq 2 ] && [ "$(cut -d' ' -f1 "$TUI_TMP/order")" -lt "$(cut -d' ' -f2 "$TUI_TMP/order")" ]
check $? "in the order they were written, 王某's first" || capture | diag
send_keys q q
wait_exit

echo "# a dispute from a merge, settled in the reader"
db=$TUI_HOME/.local/share/pizhu/pizhu.db
(
	cd "$TUI_CWD" || exit 1
	"$PIZHU" --db "$db" tags --format=json people.txt >mine.json &&
	PIZHU_AUTHOR=赵六 "$PIZHU" --db other.db tags import mine.json people.txt >/dev/null &&
	wang=$("$PIZHU" --db "$db" tags people.txt | awk -F '\t' '$NF == "王某" { print $1 }') &&
	PIZHU_AUTHOR=赵六 "$PIZHU" --db other.db tags edit --note=赵六的意见 "$wang" &&
	"$PIZHU" --db other.db tags --format=json people.txt >theirs.json &&
	PIZHU_AUTHOR=王某 "$PIZHU" --db "$db" tags edit --note=王某的意见 "$wang" &&
	PIZHU_AUTHOR=王某 "$PIZHU" --db "$db" tags import theirs.json people.txt
) >"$TUI_TMP/merge.out" 2>&1
grep -q '1 disputed' "$TUI_TMP/merge.out"
check $? "a merge leaves 王某's tag disputed" || diag <"$TUI_TMP/merge.out"
tui_start --keymap classic --theme mono --author 王某 people.txt
send_keys T
expect_text "disputed note: mine 王某的意见 (王某) · theirs 赵六的意见 (赵六)" "the list shows both values and whose"
expect_text "7:1!" "the row is marked ! (in dispute)"
send_keys Y
expect_status "settled: theirs taken" "Y takes theirs"
send_keys q q
wait_exit
people_tags | grep -qx "task|全年新开工项目二十个，六月底前完成立项。|赵六的意见|王某"
check $? "the tag holds their note, the dispute gone"
(cd "$TUI_CWD" && "$PIZHU" --db "$db" tags people.txt) | grep -q disputed
[ $? -ne 0 ]
check $? "nothing is listed as disputed any more"


echo "# two reviewers at once, each in a terminal of their own"
# 王某's reader in the test's session; 李四's in a second one on the same database
fresh --keymap classic --theme mono --author 王某 people.txt
u_start() {
	(cd "$TUI_CWD" && tm new-session -d -s u -x "$TUI_WIDTH" -y "$TUI_HEIGHT" \
		env -i PATH="$PATH" TERM="$TUI_TERM" HOME="$TUI_HOME" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		TZ=UTC XDG_DATA_HOME="$TUI_HOME/.local/share" XDG_CONFIG_HOME="$TUI_HOME/.config" \
		"$PIZHU" --keymap classic --theme mono --author 李四 people.txt)
}
u_keys() { tm send-keys -t u "$@"; }
u_status() { # text title: ok when 李四's status line shows text in time
	i=0
	until tm capture-pane -p -t u 2>/dev/null | tail -n 1 | grep -qF -- "$1"; do
		if [ $((i * TUI_POLL)) -ge "$TUI_TIMEOUT" ]; then
			not_ok "$2"
			tm capture-pane -p -t u 2>/dev/null | tail -n 1 | diag
			return 1
		fi
		tick
		i=$((i + 1))
	done
	ok "$2"
}
u_start
u_status "people.txt" "李四's reader opens the same file beside 王某's"
send_keys / ; send_text 全年新开工 ; send_keys Enter K J
wait_stable
send_keys r
expect_status "task “全年新开工项目二十个" "王某 tags a task"
# one key at a time, each given time to be read (keys that come at once are a paste)
for k in / -l:各单位 Enter K J r; do
	case $k in -l:*) tm send-keys -t u -l -- "${k#-l:}" ;; *) u_keys "$k" ;; esac
	sleep 0.3
done
u_status "task “各单位要落实责任" "meanwhile 李四 tags another in his"
u_keys u
u_status "undone" "李四's u undoes his tag"
people_tags >"$TUI_TMP/got"
printf '%s\n' "task|全年新开工项目二十个，六月底前完成立项。||王某" >"$TUI_TMP/want"
diff "$TUI_TMP/want" "$TUI_TMP/got" | diag
cmp -s "$TUI_TMP/want" "$TUI_TMP/got"
check $? "王某's tag stays"
u_keys u
u_status "nothing to undo" "李四's u again: nothing of his left to undo, 王某's tag is not his"
send_keys u
expect_status "undone" "王某's u, her reader open all along, undoes her tag"
people_tags >"$TUI_TMP/got"
[ ! -s "$TUI_TMP/got" ]
check $? "both tags are gone, each undone by its reviewer" || diag <"$TUI_TMP/got"
u_keys q
send_keys q
wait_exit
tm kill-session -t u >/dev/null 2>&1

tui_suite_end
