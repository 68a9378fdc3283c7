# `pizhu diff` and `pizhu check` on the command line: sourced by tests/cli/run.sh (its helpers, its
# work directory), one report per check. Drafts written for these tests.

cat >draft1.txt <<'EOF'
在全县农业工作会议上的讲话
同志们：
一、总体要求
今年要扎实推进各项工作，力争2025年底前全面完成。
第二段讲任务和措施安排，共三项。
（一）加强领导
第三段讲要求。第一，加强领导。
EOF
cat >draft2.txt <<'EOF'
在全县农业工作会议上的讲话
同志们：
一、总体要求
今年要稳步推进各项工作，力争2026年6月底前全面完成。
（一）加强领导
第三段讲要求。第一,加强领导。
第二段讲任务和措施安排，共三项。
EOF
iconv -f UTF-8 -t GB18030 draft2.txt >draft2-gb.txt

run diff --format=tsv draft1.txt draft2.txt
expect_no_crash
expect_status 1
printf '%s\n' \
	"replace	4	4	4	4	扎实	稳步	一、" \
	"replace	4	15	4	15	2025	2026	一、" \
	"insert	4	20	4	20		6月	一、" \
	"form	7	10	6	10	，	,	一、（一）" \
	"move	5	1	7	1	第二段讲任务和措施安排，共三项。	第二段讲任务和措施安排，共三项。	一、（一）" \
	>want.tsv
same want.tsv "$tmp/out" "tsv changes"
report "diff --format=tsv: replace, figures, insert, form, move with lines, columns, sections"

run diff --format=tsv draft1.txt draft2-gb.txt
expect_status 1
same want.tsv "$tmp/out" "tsv changes of the GB18030 draft"
report "diff: a GB18030 draft compares with its UTF-8 predecessor"

run diff draft1.txt draft2.txt
expect_status 1
grep -qF '@@ -4:4 +4:4 @@ 一、  [number, date, commit]' "$tmp/out" ||
	grep -qF '@@ -4:4 +4:4 @@ 一、  [number, date]' "$tmp/out" ||
	fail "no hunk header with place, section and substance"
grep -qF '今年要[-扎实-]{+稳步+}推进各项工作，力争[-2025-]{+2026+}年{+6月+}底前全面完成。' "$tmp/out" ||
	fail "no marked-up line"
grep -qF '(moved from line 5)' "$tmp/out" || fail "the move does not say where from"
grep -q '\[~' "$tmp/out" && fail "a form change shown without --form"
expect_err "1 change of form only not shown"
grep -q "$(printf '\033')" "$tmp/out" && fail "colour when stdout is no terminal"
report "diff: hunks with section paths and markers; form hidden; no colour off a terminal"

run diff --color=always --form draft1.txt draft2.txt
grep -q "$(printf '\033')\[31m2025" "$tmp/out" || fail "no red deletion"
grep -q "$(printf '\033')\[33m" "$tmp/out" || fail "no coloured form change"
grep -qF '[-' "$tmp/out" && fail "markers with colour"
report "diff --color=always --form: colours, no markers"

run diff --color=never --form draft1.txt draft2.txt
expect_status 1
grep -q "$(printf '\033')" "$tmp/out" && fail "colour with --color=never"
grep -qF '[-2025-]{+2026+}' "$tmp/out" || fail "no markers with --color=never"
run diff --color=auto draft1.txt draft2.txt
expect_status 1
grep -q "$(printf '\033')" "$tmp/out" && fail "colour with --color=auto off a terminal"
grep -qF '[-2025-]{+2026+}' "$tmp/out" || fail "no markers with --color=auto off a terminal"
report "diff --color=never and --color=auto off a terminal: markers, no colour"

if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "'$PIZHU' diff --color=auto draft1.txt draft2.txt" /dev/null >"$tmp/out" 2>&1
	grep -q "$(printf '\033')\[31m2025" "$tmp/out" || fail "no colour with --color=auto on a terminal"
	report "diff --color=auto on a terminal: colour"
fi

run diff --substance --format=tsv draft1.txt draft2.txt
expect_status 1
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "not the two changes of figures"
report "diff --substance: only the figures"

run diff draft1.txt draft1.txt
expect_status 0
[ -s "$tmp/out" ] && fail "output for equal drafts"
report "diff of equal drafts: exit 0, nothing printed"

run diff draft1.txt nul.txt
expect_status 2
expect_stdout_empty
expect_err "'nul.txt'"
expect_err "binary"
report "diff with a binary NEW: exit 2, the usual message, nothing printed"

run diff draft1.txt missing.txt
expect_status 2
expect_stdout_empty
expect_err "cannot open 'missing.txt'"
report "diff with a missing NEW: exit 2"

run diff draft1.txt
expect_status 2
run diff --color=sometimes draft1.txt draft2.txt
expect_status 2
expect_err "sometimes"
report "diff usage errors: exit 2"

# what a file holds reaches the terminal escaped, never as control sequences
printf '第一句。\n' >ctl1.txt
printf '第一句\033[2J。\n' >ctl2.txt
run diff --format=tsv ctl1.txt ctl2.txt
grep -q "$(printf '\033')" "$tmp/out" && fail "an escape character in the tsv"
grep -qF '\x1b[2J' "$tmp/out" || fail "the escape not shown as \\x1b"
run diff ctl1.txt ctl2.txt
grep -q "$(printf '\033')" "$tmp/out" && fail "an escape character in the text output"
report "diff: control characters of a draft are escaped in both formats"

# --- pizhu draft / drafts: a draft under a new name keeps the document's tags ----------

db=$tmp/drafts.db
cat >draft3.txt <<'EOF2'
在全县农业工作会议上的讲话
同志们：
一、总体要求
今年要稳步推进各项工作，力争2026年6月底前全面完成。
（一）加强领导
第三段讲要求。第一，加强领导。
EOF2
"$PIZHU" --db "$db" tags add --type=note --from=2:1 --to=2:4 draft1.txt >/dev/null
"$PIZHU" --db "$db" tags add --type=task --from=4:1 --to=4:12 draft1.txt >/dev/null
"$PIZHU" --db "$db" tags add --type=note --from=5:1 --to=5:10 draft1.txt >/dev/null
run --db "$db" draft draft1.txt draft3.txt
expect_ok
grep -qxF "'draft3.txt' is draft 2 of the document: 3 tags carried, 1 anchored, 1 moved, 1 orphaned" \
	"$tmp/out" || fail "not the counts of anchored, moved and orphaned tags"
run --db "$db" tags draft3.txt
cut -f2-6 "$tmp/out" >got-tags.tsv
printf '%s\n' "note	anchored	2	1	同志们" "task	moved	4	1	今年要稳步推进各项工作" \
	"note	orphaned			第二段讲任务和措施" >want-tags.tsv
same want-tags.tsv got-tags.tsv "the carried tags"
report "draft OLD NEW: the tags come to the new name, anchored, moved and orphaned"

for f in draft1.txt draft3.txt; do
	run --db "$db" drafts "$f"
	expect_ok
	awk -F '\t' -v w="$work" '{ print $1 "|" ($2 ~ /^[0-9-]+ [0-9:]+$/) "|" $3 "|" $4 "|" $5 }' \
		"$tmp/out" >got-drafts.txt
	# -22: 扎实 2025 and the deleted paragraph's 16 characters (its line break is layout)
	printf '%s\n' "1|1|$work/draft1.txt|260|-" "2|1|$work/draft3.txt|215|-22 +8" >want-drafts.txt
	same want-drafts.txt got-drafts.txt "the drafts of $f"
done
report "drafts FILE: version, date, file, size, characters changed, by either name"

# the changes since a kept draft: as if its file were still there
"$PIZHU" diff --format=tsv draft1.txt draft3.txt >want-from.tsv
run --db "$db" diff --format=tsv --from=1 draft3.txt
expect_status 1
same want-from.tsv "$tmp/out" "the changes since draft 1"
run --db "$db" diff --from=2 draft3.txt
expect_status 0
[ -s "$tmp/out" ] && fail "changes between a draft and itself"
report "diff --from=DRAFT FILE: the changes since a draft kept in the database"

run --db "$db" diff --from=9 draft3.txt
expect_status 2
expect_err "has 2 drafts, no draft 9"
run --db "$db" diff --from=x draft3.txt
expect_status 2
run --db "$db" diff --from=1 ctl1.txt
expect_status 2
expect_err "no draft of a known document"
run --db "$db" diff --from=1 draft1.txt draft3.txt
expect_status 2
report "diff --from: a draft that is not there, not a number, an unknown file: exit 2"

# a NEW that cannot be read changes nothing; nor does one with tags of its own
run --db "$tmp/nothing.db" draft draft1.txt nul.txt
expect_status 1
expect_err "'nul.txt'"
expect_err "binary"
[ -e "$tmp/nothing.db" ] && fail "a database was written"
run --db "$tmp/nothing.db" draft draft1.txt missing.txt
expect_status 1
expect_err "cannot open 'missing.txt'"
[ -e "$tmp/nothing.db" ] && fail "a database was written for a missing NEW"
run --db "$db" draft draft1.txt nul.txt
expect_status 1
run --db "$db" draft draft1.txt missing.txt
expect_status 1
run --db "$db" drafts draft3.txt
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "a draft was added"
report "draft with a binary or missing NEW: refused with the usual message, nothing written"

"$PIZHU" --db "$db" tags add --type=note --from=1:1 --to=1:3 draft2.txt >/dev/null
run --db "$db" draft draft3.txt draft2.txt
expect_status 1
expect_err "'draft2.txt' has tags of its own"
run --db "$db" drafts draft3.txt
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "a draft was added"
run --db "$db" drafts ctl1.txt
expect_status 1
expect_err "no draft of a known document"
run --db "$db" draft draft1.txt
expect_status 2
report "draft refuses a NEW with tags of its own; drafts of an unknown file; usage"

# --- pizhu check ---------------------------------------------------------------------

cat >slips.txt <<'EOF2'
在全县工作会议上的讲话
（2024年8月24日）
同志们：
一、总体要求
XX市要在2023年底前完成，我们的的工作要抓好,会议于8月24日（星期五）召开。
三、保障措施
他说：“要抓落实。2月30日前报送。
EOF2

run check --format=tsv slips.txt
expect_no_crash
expect_status 1
printf '%s\n' \
	"5	1	placeholder	XX	placeholder left in: 'XX'" \
	"5	6	deadline	2023年底前	deadline '2023年底前' (2023-12-31) is before the speech's date 2024-08-24" \
	"5	18	doubled	的的	'的的': typed twice?" \
	"5	25	punct	,	half-width ',' in Chinese text (，)" \
	"5	35	weekday	星期五	2024-08-24 is a Saturday (星期六), not 星期五" \
	"6	1	numbering	三、	numbering skips: '三、' after '一、'" \
	"7	4	pair	“	'“' is not closed in its paragraph" \
	"7	10	date	2月30日	'2月30日' does not exist: 2月 has 29 days" \
	>want-check.tsv
same want-check.tsv "$tmp/out" "check findings"
report "check --format=tsv: each kind of slip with line, column, text and message"

run check slips.txt
expect_status 1
grep -qxF "slips.txt:5:1: placeholder: placeholder left in: 'XX'" "$tmp/out" ||
	fail "no file:line:col: kind: message line"
report "check: file:line:col: kind: message for editors"

run check draft1.txt
expect_status 0
[ -s "$tmp/out" ] && fail "findings in a clean draft"
report "check of a clean draft: exit 0, nothing printed"

# lists that start again are no slip; a slip in a list that started again is one
# finding, at it (not also at the right number after it)
cat >restart.txt <<'EOF2'
在全县工作会议上的讲话
同志们：
一、总体要求
一是加强领导。
二是压实责任。
三是强化考核。
今年还要做到：
一是抓好项目。
一是抓好服务。
三是抓好队伍。
要做到：（1）早谋划；（2）早部署。要做到：（1）早落实；（2）早见效；（2）早总结；（4）早报告。
二、保障措施
要做到：1.定人；2.定责。要做到：1.定时；2.定效；1.定质；4.定量。
EOF2
run check --format=tsv restart.txt
expect_no_crash
expect_status 1
printf '%s\n' \
	"9	1	numbering	一是	numbering repeats: '一是' after '一是'" \
	"11	37	numbering	（2）	numbering repeats: '（2）' after '（2）'" \
	"13	29	numbering	1.	numbering goes back: '1.' after '2.'" \
	>want-restart.tsv
same want-restart.tsv "$tmp/out" "numbering findings"
report "check: numbering that starts again is in order, a slip after it found once"

run check missing.txt
expect_status 2
expect_stdout_empty
expect_err "cannot open 'missing.txt'"
run check --date=2024-13-01 slips.txt
expect_status 2
report "check trouble: exit 2 (missing file, bad --date)"

printf '要抓好\033]0;x\007落实,好。\n' >ctl3.txt
run check --format=tsv ctl3.txt
grep -q "$(printf '\033')" "$tmp/out" && fail "an escape character in the findings"
report "check: control characters of a draft are escaped"
