# pizhu quote: a passage with its citation, as the reader copies it (sourced by
# tests/cli/run.sh, in its work directory with speech.txt).

run quote --from=12:7 --to=12:14 speech.txt
expect_ok
printf '%s\n' "“给仍然紧张。部”" \
	"——《在全市教育工作会议上的讲话》，二、清醒认识当前面临的困难 › （二）学位供给仍然紧张，第1段" \
	>"$tmp/want"
same "$tmp/want" "$tmp/out" "citation"
report "quote: the text, the title, the sections with their headings, the paragraph"

run quote --from=8:29 --to=8:39 speech.txt
expect_ok
grep -qF "——《在全市教育工作会议上的讲话》，一、充分肯定过去一年取得的成绩，第2段" "$tmp/out" ||
	fail "a point inside a paragraph (一是) is no section; the paragraph is the section's second"
report "quote: a point inside a paragraph is not a section"

run quote --from=5:1 --to=5:4 speech.txt
expect_ok
printf '%s\n' "“同志们”" "——《在全市教育工作会议上的讲话》，第1段" >"$tmp/want"
same "$tmp/want" "$tmp/out" "citation"
report "quote: before any section, no sections and the paragraph after the title block"

run quote --from=10:1 --to=11:9 --format='%q|%s|%p|%P|%l|%f|%%' speech.txt
expect_ok
printf '%s\n' "我们也要看到，工作中还存在不少问题。" "（一）城乡差距依|二、清醒认识当前面临的困难|2|6|10|speech.txt|%" \
	>"$tmp/want"
same "$tmp/want" "$tmp/out" "citation"
report "quote --format: every placeholder; a paragraph a line"

mkdir -p cfg/pizhu
echo 'citation = %t: %q' >cfg/pizhu/config
XDG_CONFIG_HOME=$work/cfg run quote --from=6:1 --to=6:3 speech.txt
expect_ok
[ "$(cat "$tmp/out")" = "在全市教育工作会议上的讲话: 今天" ] || fail "the config's citation is not used"
report "quote: the config's citation format"

run quote --from=6:1 speech.txt
expect_usage_error
expect_err "--to=LINE:COL"
report "quote without --to is a usage error"

run quote --from=6:1 --to=6:3 --format='%q %y' speech.txt
expect_usage_error
expect_err "'%y'"
report "quote --format with an unknown placeholder names it"

run quote --from=6:3 --to=6:1 speech.txt
expect_usage_error
expect_err "has no text from 6:3 to 6:1"
report "quote of nothing (--to before --from) says so"

run quote --from=1:1 --to=1:3 missing.txt
expect_runtime_error missing.txt
report "quote of a missing file"
