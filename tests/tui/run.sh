#!/bin/sh
# The reader as a user meets it: pizhu runs in a detached tmux (lib.sh) at 80x24 in a
# fixed environment, gets keys, and its screen is compared with expected/*.screen.
# Prints TAP, one line per check. Keys are those of keymaps/default.keymap.
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/run.sh      (from anywhere; needs tmux)
#        TUI_UPDATE=1 ... writes the expected screens: read them before committing.

set -u

PIZHU=${PIZHU:-pizhu}
case $PIZHU in
/*) ;;
*) PIZHU=$(pwd)/$PIZHU ;;
esac

here=$(cd "$(dirname "$0")" && pwd) || exit 1
root=$(cd "$here/../.." && pwd) || exit 1
TUI_DIR=$here
. "$here/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "# tmux not installed: TUI tests skipped"
	echo "1..0"
	exit 0
fi
if [ ! -x "$PIZHU" ]; then
	echo "not ok 1 - PIZHU=$PIZHU is not an executable"
	exit 1
fi

tui_init
# The documents are opened by short names from a work directory, so that the status
# line does not show this machine's paths.
TUI_CWD=$TUI_TMP/w
mkdir "$TUI_CWD" || exit 1
cp "$root/doc/sample.txt" "$TUI_CWD/sample.txt" || exit 1
cp "$here/speech.txt" "$TUI_CWD/speech.txt" || exit 1

# Paths as the program prints them (it resolves links): replaced by <w> and <src> in
# the screens of the library, which show absolute paths and the time of reading.
wdir=$(cd "$TUI_CWD" && pwd -P)
src=$(cd "$root" && pwd -P)

# Every screen is read with the selected and highlighted cells (reverse video) between
# [ and ], so an expected screen shows the tree's selection, the sentence cursor and
# the status bar. The reader runs with --theme mono, whose cues are attributes.
TUI_SCREEN=capture_marked

# The library's screens without what changes from run to run: the directories, the
# dates, and the status line's padding (it depends on the length of a path).
screen_library() {
	capture_marked | sed -e "s|$wdir|<w>|g" -e "s|$src|<src>|g" \
		-e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]/YYYY-MM-DD hh:mm/g' \
		-e '$s/   */  /g'
}

# ---- opening --------------------------------------------------------------------------

echo "# opening"
fresh --theme mono sample.txt
expect_screen open-sample "pizhu sample.txt: tree, text with the sentence cursor, status line"
expect_alive "pizhu is running after the first screen"

# ---- the tree: moving and jumping ------------------------------------------------------

echo "# tree navigation"
send_keys Tab
expect_screen tree-focus "Tab moves the focus to the tree: its first node is selected"
send_keys j j j
expect_screen tree-down3 "tree: j j j selects the fourth node"
send_keys k
expect_screen tree-up1 "tree: k selects the third"
send_keys Enter
expect_screen tree-jump "tree: Enter jumps the text to the node; the status line shows where"
send_keys G
expect_screen tree-bottom "tree: G selects the last node"
send_keys Enter
expect_screen tree-jump-last "tree: Enter on the last node shows the end of the text"
send_keys g
expect_screen tree-top "tree: g selects the first node again"
send_keys Tab
expect_screen tree-jump-last-text "Tab: the focus back in the text, which stays where it was"

# ---- the tree: folding ------------------------------------------------------------------

echo "# folding"
fresh --theme mono sample.txt
send_keys Tab C
expect_screen fold-collapse-all "folding: C collapses every node"
send_keys l
expect_screen fold-expand-one "folding: l expands the selected node one level"
send_keys 1
expect_screen fold-level1 "folding: 1 shows the speech and its first-level sections"
send_keys 3
expect_screen fold-level3 "folding: 3 shows the points"
send_keys 2
expect_screen tree-focus "folding: 2 shows the sections, as at the start"
send_keys j h
expect_screen fold-collapse-one "folding: h collapses the selected section"
send_keys o
expect_screen fold-toggle "folding: o opens it again"
send_keys O
expect_screen fold-expand-all "folding: O expands everything"

# ---- the text: scrolling ----------------------------------------------------------------

echo "# scrolling"
fresh --theme mono sample.txt
send_keys j
expect_screen scroll-line "text: j scrolls one line"
send_keys k
expect_screen scroll-line-back "text: k scrolls back; the sentence cursor stays while visible"
send_keys C-d
expect_screen scroll-half "text: C-d scrolls half a page"
send_keys C-u
expect_screen scroll-half-back "text: C-u scrolls back half a page"
send_keys g
expect_screen open-sample "text: g goes to the beginning, the cursor on the first sentence"
send_keys C-f
expect_screen scroll-page "text: C-f scrolls a page; the status line shows the section"
send_keys NPage
expect_screen scroll-page2 "text: PgDn scrolls another page"
send_keys C-b PPage
expect_screen open-sample "text: C-b PgUp return to the top"
send_keys G
expect_screen scroll-bottom "text: G shows the end of the document"
send_keys g
expect_screen open-sample "text: g shows the beginning again"
send_keys Space
expect_screen scroll-page "text: Space scrolls a page too"

# ---- search, with full-width queries -----------------------------------------------------

echo "# search"
fresh --theme mono speech.txt
expect_screen open-speech "pizhu speech.txt: the test speech"
# The current match is underlined in the dark theme (the others are not): marked so.
TUI_SCREEN="capture_marked 4"
fresh --theme dark speech.txt
send_keys /
expect_screen search-prompt "/ opens the search prompt in the status line"
send_text 'ＧＤＰ'
expect_screen search-typed "the full-width query is typed into the prompt"
send_keys Enter
expect_screen search-first "search: ＧＤＰ finds the first GDP"
send_keys n
expect_screen search-2 "search: n goes to the second GDP"
send_keys n
expect_screen search-3 "search: n goes to the third GDP"
send_keys n
expect_screen search-4 "search: n goes to the last GDP, scrolling"
send_keys n
expect_screen search-wrap "search: n past the last match wraps to the first and says so"
send_keys N
expect_screen search-wrap-back "search: N from the first wraps to the last and says so"
send_keys g /
send_text 'ａｂｃ'
send_keys Enter
expect_screen search-abc "search: full-width lower-case ａｂｃ finds ABC"
send_keys /
send_text '１２．５％'
send_keys Enter
expect_screen search-digits "search: full-width １２．５％ finds 12.5%"
send_keys /
send_text '没有这个词'
expect_screen search-none-typed "search: while typing a query that matches nothing, it says so"
send_keys Enter
expect_status "not found" "search: Enter on a query that matches nothing says so"
# the status said "not found" while typing already: wait as a person would before the
# next keys, since a line break followed within 50 ms by more keys is taken for a paste
sleep 0.2
send_keys G "?"
send_text 'ｇｄｐ'
send_keys Enter
expect_screen search-backward "search: ? ｇｄｐ from the end finds the last GDP, backward"
TUI_SCREEN=capture_marked

# ---- help --------------------------------------------------------------------------------

echo "# help"
fresh --theme mono sample.txt
send_keys F1
expect_screen help "F1 shows the help: every action with its keys"
send_keys NPage
expect_screen help-page2 "help: PgDn shows the next page of actions"
send_keys q
expect_screen open-sample "help: q closes it and the reader is as before"
expect_alive "q in the help does not quit"
send_keys Tab "?"
expect_screen help "? in the tree shows the help too"
send_keys Escape
expect_screen tree-focus "help: Esc closes it"

# ---- themes ------------------------------------------------------------------------------

echo "# themes"
fresh --theme dark sample.txt
capture >"$TUI_TMP/dark.txt"
capture -e | sgr >"$TUI_TMP/dark.sgr"
has_colour <"$TUI_TMP/dark.sgr"
check $? "--theme dark: the screen has colours" || diag <"$TUI_TMP/dark.sgr"
fresh --theme mono sample.txt
capture >"$TUI_TMP/mono.txt"
capture -e | sgr >"$TUI_TMP/mono.sgr"
! has_colour <"$TUI_TMP/mono.sgr" && grep -q '^\(.*;\)\{0,1\}7\(;.*\)\{0,1\}$' "$TUI_TMP/mono.sgr"
check $? "--theme mono: no colours, reverse video" || diag <"$TUI_TMP/mono.sgr"
cmp -s "$TUI_TMP/dark.txt" "$TUI_TMP/mono.txt"
check $? "dark and mono show the same characters" ||
	diff -u --label dark --label mono "$TUI_TMP/dark.txt" "$TUI_TMP/mono.txt" | diag
fresh --theme light sample.txt
capture -e | sgr >"$TUI_TMP/light.sgr"
has_colour <"$TUI_TMP/light.sgr" && ! cmp -s "$TUI_TMP/light.sgr" "$TUI_TMP/dark.sgr"
check $? "--theme light: colours, other than dark's" || diag <"$TUI_TMP/light.sgr"
fresh -e NO_COLOR=1 sample.txt
capture -e | sgr >"$TUI_TMP/nocolor.sgr"
! has_colour <"$TUI_TMP/nocolor.sgr" && [ -s "$TUI_TMP/nocolor.sgr" ]
check $? "NO_COLOR=1: attributes but no colour" || diag <"$TUI_TMP/nocolor.sgr"
expect_screen open-sample "NO_COLOR=1: the mono theme's screen"
fresh -e NO_COLOR=1 --theme dark sample.txt
capture -e | sgr >"$TUI_TMP/nocolor-dark.sgr"
! has_colour <"$TUI_TMP/nocolor-dark.sgr"
check $? "NO_COLOR=1 --theme dark: no colour either" || diag <"$TUI_TMP/nocolor-dark.sgr"

# ---- resizing, and a resize storm -------------------------------------------------------

echo "# resizing"
fresh --theme mono sample.txt
resize 30 8
expect_screen small-30x8 "30x8: both panes shrink, no wide character split"
resize 20 5
expect_screen small-20x5 "20x5: the text alone, the status line fits"
resize 19 8
expect_screen small-19x8 "19x8: too small, and it says so"
# Narrower than the message: a part of it, nothing else, nothing past the edge.
resize 12 3
wait_stable
capture >"$TUI_TMP/tiny"
line1=$(head -n 1 "$TUI_TMP/tiny")
msg="terminal too small"
[ -n "$line1" ] && [ "${msg#"$line1"}" != "$msg" ] &&
	[ "$(wc -l <"$TUI_TMP/tiny")" -eq 3 ] && ! sed 1d "$TUI_TMP/tiny" | grep -q .
check $? "12x3: the start of the message and nothing else" || diag <"$TUI_TMP/tiny"
resize 80 24
expect_screen open-sample "back to 80x24: the first screen again"
# The storm: sizes one after the other, without waiting for a redraw.
for size in 79x23 60x20 40x12 20x6 10x4 5x2 2x1 1x1 1x2 3x3 1x1 200x60 81x25 1x1 \
	120x10 10x40 1x1 2x2 80x1 1x24 50x50 1x1 7x7 1x1 30x8 1x1; do
	tm resize-window -t t -x "${size%x*}" -y "${size#*x}"
done
resize 80 24
expect_screen open-sample "after a storm of resizes down to 1x1, 80x24 is as at the start"
expect_alive "alive after the storm"
# Scrolled, one size at a time with the redraw waited for.
send_keys C-f C-f
wait_stable
capture_marked >"$TUI_TMP/scrolled"
for size in 40x12 1x1 13x7 2x30 1x1 80x24; do
	resize "${size%x*}" "${size#*x}"
	wait_stable
done
capture_marked >"$TUI_TMP/after"
cmp -s "$TUI_TMP/scrolled" "$TUI_TMP/after"
check $? "after resizes down and back, the text shows the same place" ||
	diff -u --label before --label after "$TUI_TMP/scrolled" "$TUI_TMP/after" | diag
expect_alive "alive after resizes while scrolled"

# ---- quitting ----------------------------------------------------------------------------

echo "# quitting"
fresh --theme mono sample.txt
send_keys q
wait_exit
check $? "q quits" || capture | diag
[ "$(exit_status)" = 0 ]
check $? "q: exit status 0" || echo "exit status: $(exit_status)" | diag
# The terminal as it was: main screen, cursor shown, keypad and mouse modes off.
modes='alternate=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_flag}#{keypad_cursor_flag} mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_all_flag}'
restored="alternate=0 cursor=1 keypad=00 mouse=0000"
flags=$(pane_info "$modes")
[ "$flags" = "$restored" ]
check $? "q restores the terminal: main screen, cursor, keypad and mouse off" ||
	echo "$flags" | diag
! capture | grep -q '[^[:space:]]'
check $? "q leaves the main screen as it was (empty)" || capture | diag

# SIGTERM, SIGHUP (a dropped SSH link) and SIGINT restore the terminal too.
for sig in TERM HUP INT; do
	fresh --theme mono sample.txt
	kill_program $sig
	wait_exit
	check $? "SIG$sig ends pizhu"
	flags=$(pane_info "$modes")
	[ "$flags" = "$restored" ]
	check $? "SIG$sig restores the terminal" || echo "$flags" | diag
done

# The terminal gone with no SIGHUP for pizhu (its session leader, here a sh, catches
# the hangup and stays): reads from the terminal fail, and pizhu must end, not spin.
tui_home
tui_start -H --theme mono sample.txt
pid=$(program_pid)
tm kill-session -t t
i=0
while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt 60 ]; do
	tick
	i=$((i + 1))
done
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
	not_ok "pizhu ends when its terminal is gone, even without SIGHUP"
	ps -o pid= -o stat= -o time= -p "$pid" | sed 's/^/pid, state, cpu time: /' | diag
	kill -s KILL "$pid" 2>/dev/null
else
	[ -n "$pid" ]
	check $? "pizhu ends when its terminal is gone, even without SIGHUP"
fi

# A terminal curses does not know: pizhu draws as a close type it knows (tests/tui/t-i18n.sh
# reads what it says) and goes on; leaving frees what it held (a sanitizer build finds
# no leak, also of the config's mistakes collected).
tui_home
mkdir -p "$TUI_HOME/.config/pizhu"
printf 'keymap = default\nnonsense here\n' >"$TUI_HOME/.config/pizhu/config"
tui_start -e TERM=pizhu-no-such-terminal --theme mono sample.txt
expect_alive "an unknown TERM: pizhu reads on"
send_keys q
wait_exit
check $? "an unknown TERM: q ends pizhu" || capture | diag
[ "$(exit_status)" = 0 ] && capture | grep -qF "nonsense here" && ! capture | grep -q 'Sanitizer'
check $? "an unknown TERM: exit status 0, the config's mistake said, nothing leaked" || capture | diag
rm -f "$TUI_HOME/.config/pizhu/config"

# ---- a large file: the text at once, the outline a moment later ---------------------------

echo "# large file"
i=0
: >"$TUI_CWD/large.txt"
while [ "$i" -lt 700 ]; do # about 6 MB: past the reader's 4 MiB threshold
	cat "$TUI_CWD/sample.txt" >>"$TUI_CWD/large.txt"
	i=$((i + 1))
done
fresh --theme mono large.txt
expect_status "large.txt" "a 6 MB file opens"
send_keys G K
expect_status " › 三、 › （" "its outline arrives: G K shows the breadcrumb of the last section"
send_keys '#'
expect_status "suggested " "its suggestions are found when first asked for (# the previous one)"
send_keys q
wait_exit
rm -f "$TUI_CWD/large.txt"

# ---- reopening: where the user left off ---------------------------------------------------

echo "# reopening"
tui_home
tui_start --theme mono sample.txt
send_keys C-f C-f j j
wait_stable
capture_marked >"$TUI_TMP/left"
send_keys q
wait_exit
tui_start --theme mono sample.txt
expect_screen_file() { # file title: the screen becomes the one saved in file
	cp "$1" "$TUI_TMP/want.screen"
	TUI_UPDATE='' TUI_EXPECTED=$TUI_TMP expect_screen want "$2"
}
expect_screen_file "$TUI_TMP/left" "reopening sample.txt shows the screen it was left at"
send_keys j j j
wait_stable
capture_marked >"$TUI_TMP/left"
kill_program HUP
wait_exit
tui_start --theme mono sample.txt
expect_screen_file "$TUI_TMP/left" "after SIGHUP, reopening shows the screen it was left at"
tui_start --theme mono speech.txt
expect_screen open-speech "another document opens at its beginning"

# ---- painting only what changed: no stale cells -----------------------------------------

# A line scrolled moves the terminal's rows (the tree beside the text is sent again) and
# draws only what is new: the screen must then be the one drawn from scratch at the same
# place, by a repaint (C-l) and by the reader opened again there, colours included.
echo "# painting only what changed"
# The cells with their colours and attributes. tmux ends a row with the reset of its
# last attributes or starts the next row with it, depending on how the cells were
# written; moved to the row's start, the same cells read the same.
capture_cells() {
	capture -e | sed -z 's/\(\x1b\[0m\x1b\[39m\x1b\[49m\)\n/\n\1/g'
}
for size in 80x24 150x40; do
	tui_home
	tui_start -x "${size%x*}" -y "${size#*x}" sample.txt
	send_keys j j j j j j j j j j j j j j k k k j j
	wait_stable
	# Keys sent in one write are read a few at a time on a loaded machine, with pauses
	# between: the screen must stay put for longer than a pause before it is read.
	sleep 1
	wait_stable
	capture_cells >"$TUI_TMP/scrolled"
	send_keys C-l
	wait_stable
	capture_cells >"$TUI_TMP/repainted"
	cmp -s "$TUI_TMP/scrolled" "$TUI_TMP/repainted"
	check $? "$size: the screen after scrolling a line at a time is the screen repainted"
	send_keys t j j j j t j j k
	wait_stable
	capture_cells >"$TUI_TMP/scrolled"
	send_keys q
	wait_exit
	tui_start -x "${size%x*}" -y "${size#*x}" sample.txt
	capture_cells >"$TUI_TMP/fresh"
	cmp -s "$TUI_TMP/scrolled" "$TUI_TMP/fresh"
	check $? "$size: and after hiding and showing the tree, the screen drawn anew there"
	tui_stop
done

# ---- the file changes on disk while it is read ------------------------------------------

echo "# changed on disk"
cp "$TUI_CWD/sample.txt" "$TUI_CWD/draft.txt"
fresh --theme mono draft.txt
send_keys C-f C-f j
wait_stable
# a new draft saved over it, as an editor does: written aside, renamed over; a
# paragraph added on top moves every line down
{ printf '（本稿为修改稿，请各单位对照学习。）\n\n'; cat "$TUI_CWD/draft.txt"
  printf '\n附：本稿根据会议记录整理。\n'; } >"$TUI_TMP/new-draft"
mv "$TUI_TMP/new-draft" "$TUI_CWD/draft.txt"
expect_status "'draft.txt' changed on disk: R reads it again" "a file changed on disk is noticed and said, not yet read"
# tagged in between, on the text still shown
send_keys a r
wait_stable
# the text pane only: the tree gains the paragraph added on top
capture | grep '│' | sed 's/^.*│//' >"$TUI_TMP/place-before"
tagged=$(cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" tags draft.txt | cut -f 6)
send_keys R
expect_status "'draft.txt' changed on disk: read again" "R reads it again, and says so"
capture | grep '│' | sed 's/^.*│//' >"$TUI_TMP/place-after"
cmp -s "$TUI_TMP/place-before" "$TUI_TMP/place-after"
check $? "read again, it shows the same place, though the lines moved down" ||
	diff -u --label before --label after "$TUI_TMP/place-before" "$TUI_TMP/place-after" | diag
(cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" tags draft.txt) |
	cut -f 3,6 >"$TUI_TMP/tag-after"
printf 'anchored\t%s\n' "$tagged" | cmp -s - "$TUI_TMP/tag-after"
check $? "the tag made before R is found again in the new draft, anchored on its text" ||
	diag <"$TUI_TMP/tag-after"
send_keys G
expect_text "本稿根据会议记录整理" "the new draft's text is the one shown"
rm "$TUI_CWD/draft.txt"
expect_status "'draft.txt' is gone from the disk" "a file removed is said, and its text stays shown"
expect_alive "pizhu is running after its file was removed"
send_keys q
wait_exit

# ---- the library -----------------------------------------------------------------------

echo "# library"
TUI_SCREEN=screen_library
tui_home
tui_start --theme mono
expect_screen library-none "pizhu with an empty library opens the bundled sample"
send_keys q
wait_exit
tui_home
tui_start --theme mono sample.txt
send_keys q
wait_exit
tui_start --theme mono speech.txt
send_keys C-d
wait_stable
send_keys q
wait_exit
# Wide enough for the whole paths.
tui_start -x 160 --theme mono
expect_screen library "pizhu: the documents read, most recent first, with path and position"
send_keys j
expect_screen library-j "library: j selects the second"
send_keys Enter
expect_screen library-open "library: Enter opens sample.txt"
send_keys L
expect_screen library-again "L shows the library, sample.txt now first"
send_keys j Enter
# It was left half a page down, in 一、 (see above): at 160 columns the rest of the
# speech fits on one screen, so the reader shows its last screen, not the top.
expect_status "100%" "library: Enter opens speech.txt where it was left"
send_keys q
wait_exit
[ "$(exit_status)" = 0 ]
check $? "quitting after the library: exit status 0"
# --db FILE: another database, another library.
tui_start -x 160 --theme mono --db "$TUI_TMP/other.db" speech.txt
send_keys q
wait_exit
tui_start -x 160 --theme mono --db "$TUI_TMP/other.db"
expect_screen library-db "--db FILE: the library of that database only"
TUI_SCREEN=capture_marked

# ---- tags ------------------------------------------------------------------------------

echo "# tags"
cp "$here/speech.txt" "$TUI_CWD/tags.txt" || exit 1
fresh --theme mono tags.txt
send_keys / ; send_text 全年安排 ; send_keys Enter K J
wait_stable
send_keys a r
expect_status "task “全年安排数字经济重点项目…”" "a r tags the sentence at the cursor as a task"
expect_screen tag-task "the tagged sentence is drawn in tag.task's style (bold underline in mono)"
capture -e | grep -F '全年安排' | sgr | grep -q '4'
check $? "the task's text is underlined (its theme element), also under the sentence cursor"
send_keys / ; send_text 年内 ; send_keys Enter a s
expect_status "due (9月20日, 6月底, 年底): 2025-12-31" "a s asks for the deadline's due date, from the one the text gives (年内)"
send_keys C-u ; send_text 2025-13-01 ; send_keys Enter
expect_status "no such date: there is no month 13" "a date that is not one is refused, and asked again"
send_keys C-u ; send_text 2025-12-31 ; send_keys Enter
expect_status "deadline “年内” · due 2025-12-31" "Enter tags the deadline with its due date"
send_keys i
send_text 全年指标要分解到月 ; send_keys Left Left BSpace ; send_text 季度 ; send_keys Enter
expect_status "note written" "i writes a note on the tag at the cursor (wide characters edited)"
send_keys / ; send_text 千兆光网 ; send_keys Enter v .
expect_screen tag-select "v selects the search match, . extends it to the end of the clause"
send_keys a m
expect_status "target “千兆光网覆盖全部乡镇。”" "a m tags the selection as a target"
send_keys q
wait_exit
tags_of tags.txt >"$TUI_TMP/got.tsv"
printf '%s\n' \
	"target	anchored	8	14	千兆光网覆盖全部乡镇。			" \
	"task	anchored	14	12	全年安排数字经济重点项目48个，计划投资XX亿元，6月底前开工率达到60%以上。			" \
	"deadline	anchored	17	9	年内	全年指标要分季度到月	2025-12-31	" >"$TUI_TMP/want.tsv"
diff "$TUI_TMP/want.tsv" "$TUI_TMP/got.tsv" | diag
cmp -s "$TUI_TMP/want.tsv" "$TUI_TMP/got.tsv"
check $? "every tag was in the database when the reader quit, exactly as made"
tui_start --theme mono tags.txt
send_keys T
expect_screen tags-reopen "reopened: T lists the three tags with due date and note"
send_keys o
expect_screen tags-by-due "o sorts by due date: the dated deadline first"
send_keys o j x
expect_status "done: “全年安排数字经济重点项目…”" "x marks the selected task done"
send_keys f
expect_text "Tags: 1 of 3 · task" "f shows one type: the tasks"
send_keys f f f f f
expect_text "Tags: 3 of 3 · every type" "f through every type comes back to all"
send_keys j c
expect_status "now a target" "c changes the selected tag (the task) to the next type"
send_keys U
expect_status "undone" "U undoes the change of type"
send_keys q q
wait_exit
tags_of tags.txt | grep -q '^task	anchored	14	12	'
check $? "after undo the task is a task again"
# The next draft: a line added on top, a word changed in the task, the target's
# sentence gone.
sed -e '2a\
（根据会议录音整理）' -e 's/全年安排/今年安排/' -e 's/千兆光网覆盖全部乡镇。//' \
	"$TUI_CWD/tags.txt" >"$TUI_TMP/edited" && cp "$TUI_TMP/edited" "$TUI_CWD/tags.txt"
tui_start --theme mono tags.txt
expect_status "this draft changed: 1 tags moved, 1 orphaned" "an edited draft: the reader says what moved"
send_keys T
expect_screen tags-edited "the tag list: the task moved (*) to the edited sentence, the orphan kept last"
expect_text "deadline: 全年 → 今年 (draft 2) → 今年安排" "the moved task says what draft 2 did to its date (全年 → 今年), before its text"
expect_text "gone in draft 2: was 千兆光网覆盖全部" "the orphan says in which draft its passage went away"
send_keys D
expect_status "deleted" "D in the tag list deletes the selected tag"
send_keys U
expect_status "undone" "U brings it back"
send_keys F F F F
expect_screen tags-orphans "F F F F: only the orphaned tag"
send_keys q
# Another process tags the same document: the reader shows it within a second.
(cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" tags add \
	--type=owner --from=5:1 --to=5:3 tags.txt >/dev/null)
check $? "pizhu tags add, while the reader is open"
send_keys T F
expect_text "owner" "the tag made by the other process is in the reader's list"
send_keys q q
wait_exit
# Chinese labels when the user asks for Chinese (LANGUAGE, LC_ALL, LC_MESSAGES or LANG;
# the locale need not be installed).
tui_start -e LANGUAGE=zh_CN --theme mono tags.txt
send_keys T
expect_text "任务" "in a Chinese locale the types are 任务, 时限, 责任单位..."
send_keys q q
wait_exit
# An orphan attached to a passage selected in the text.
tui_start --theme mono tags.txt
send_keys / ; send_text 全年新建5G基站860个 ; send_keys Enter v T F F F F
wait_stable
send_keys a
expect_status "attached to the selection" "a in the tag list attaches the orphan to the selection"
send_keys q q
wait_exit
tags_of tags.txt | grep -q '^target	anchored	[0-9]*	[0-9]*	全年新建5G基站860个	'
check $? "the orphan is anchored again on the passage chosen"
# The status line says what a moved tag was, at the tag.
tui_start --theme mono tags.txt
send_keys T f Enter
expect_status "deadline: 全年 → 今年 (draft 2)" "at the moved task the status line says the same"
send_keys q
wait_exit
# A paste (a terminal with bracketed paste: tmux's own) goes into a prompt whole, its
# line breaks as spaces, and is never run as keys.
TUI_TERM=tmux-256color tui_start --theme mono tags.txt
send_keys / ; send_text 成绩来之不易 ; send_keys Enter a p
tm set-buffer -- "$(printf '第一行\n第二行 D')"
tm paste-buffer -p -t t
send_keys Enter
expect_status "note on “成绩来之不易”" "a paste into the note prompt is typed, line breaks as spaces"
tm set-buffer -- "DDDD"
tm paste-buffer -p -t t
expect_status "pasted text goes only into a prompt" "a paste outside a prompt is refused, not run as keys"
send_keys q
wait_exit
tags_of tags.txt | grep -q '^note	anchored	[0-9]*	[0-9]*	成绩来之不易	第一行 第二行 D	'
check $? "the pasted note is stored whole, and the pasted D deleted nothing"

# A type declared in the config, with its own key.
mkdir -p "$TUI_HOME/.config/pizhu"
printf 'tagtype = risk Y tag.extra1 风险\n' >"$TUI_HOME/.config/pizhu/config"
tui_start --theme mono tags.txt
send_keys / ; send_text 成绩来之不易 ; send_keys Enter Y
expect_status "风险 “成绩来之不易”" "a type declared in the config tags with its key"
send_keys q
wait_exit
rm -f "$TUI_HOME/.config/pizhu/config"
# A draft that comes under a new name: pizhu draft carries the tags, the reader shows them.
sed 's/今年安排/本年安排/; s/6月底前开工/9月底前开工/' "$TUI_CWD/tags.txt" >"$TUI_CWD/tags-v3.txt"
(cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" draft tags.txt tags-v3.txt) \
	>"$TUI_TMP/draft.out"
grep -q "^'tags-v3.txt' is draft 3 of the document: [0-9]* tags carried, [0-9]* anchored, 1 moved, 0 orphaned\$" \
	"$TUI_TMP/draft.out"
check $? "pizhu draft carries the tags to a draft with a new name" || diag <"$TUI_TMP/draft.out"
tui_start --theme mono tags-v3.txt
send_keys T f Enter
expect_status "deadline: 今年 → 本年, 6月底前 → 9月底前 (draft 3)" "the new name's reader has the tags; the task's dates changed: the status line says how"
send_keys T
expect_text "15:12*                deadline: 今年 → 本年, 6月底前 → 9月底前" "and so does the tag list, before the task's text"
send_keys q
send_keys q
wait_exit
tui_start --theme mono tags.txt
send_keys q
wait_exit
[ "$(cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" drafts tags.txt | wc -l)" -eq 3 ]
check $? "the older draft, opened in the reader, stays a draft of the document"

# ---- suggestions and export ------------------------------------------------------------

echo "# suggestions"
cp "$here/speech.txt" "$TUI_CWD/sugg.txt" || exit 1
fresh --theme mono sugg.txt
send_keys "*"
expect_status "suggested deadline: 今年 → 2025-12-31" "* goes to the first suggestion, the heading's period (it frames the section)"
send_keys "*" "*"
expect_status "suggested target: 增长10%以上 → +>=10%" "* again goes to the next ones and says what it is (the year of the targets between)"
expect_screen sugg-first "suggestions are drawn quietly (dim in mono), apart from tags"
capture -e | grep -F '提高到10.5' | sgr | grep -q '^2$\|;2$\|^2;'
check $? "a suggestion away from the cursor is dim (tag.suggestion in mono)"
send_keys X
expect_status "turned down: 增长10%以上" "X turns a suggestion down"
send_keys / ; send_text 要完善人才 ; send_keys Enter a a
expect_status "accepted: task 要完善人才政策" "a a accepts the task suggested at the cursor"
send_keys "*" a a
expect_status "accepted: deadline 年内" "* then a a accepts the next one, the deadline"
send_keys E
expect_status "export as (csv md json org ics xlsx): csv" "E asks for the format first, csv offered"
send_keys C-u ; send_text docx ; send_keys Enter
expect_status "no format 'docx'" "a format it does not write: said, and asked again"
send_keys C-u ; send_text md ; send_keys Enter
expect_status "export md to: $TUI_CWD/sugg.tasks.md" "then where, with a name beside the file in that format"
send_keys C-u ; send_text sugg.md ; send_keys Enter
expect_status "1 row written to sugg.md" "the export writes the accepted task with its deadline"
grep -qF '| 1 | 要完善人才政策，年内引进数字经济领域高层次人才200名以上，让GDP增长有更多人才支撑。 |  |  | 2025-12-31 |  | 二、突出重点，抓好今年各项任… › （二）抓好人才引育 | 第17行第1字 | 未完成 |  | 建议 |' "$TUI_CWD/sugg.md" &&
	grep -qxF '# 在全区数字经济工作会议上的讲话' "$TUI_CWD/sugg.md"
check $? "the Markdown holds the title block and the row of the task accepted with its deadline, from a suggestion" || diag <"$TUI_CWD/sugg.md"
send_keys E C-u ; send_text csv ; send_keys Enter C-u ; send_text sugg.csv ; send_keys Enter
expect_status "1 row written to sugg.csv" "E then csv writes a csv"
[ "$(head -c 3 "$TUI_CWD/sugg.csv" | od -An -tx1 | tr -d ' \n')" = efbbbf ] &&
	(cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" export -o cli.csv sugg.txt 2>/dev/null) &&
	cmp -s "$TUI_CWD/sugg.csv" "$TUI_CWD/cli.csv"
check $? "the reader's csv has a BOM and is what pizhu export -o FILE writes" || diag <"$TUI_CWD/sugg.csv"
send_keys S
expect_status "suggestions hidden" "S hides the suggestions"
send_keys q
wait_exit
tui_start --theme mono sugg.txt
send_keys "*" "*" "*"
expect_status "suggested target: 提高到10.5%" "reopened: the rejected suggestion stays down, the accepted ones are tags"
send_keys A
expect_screen sugg-preview "A shows the section's suggestions before accepting them"
send_keys Enter
expect_status "accepted 10 suggestions" "Enter accepts them all"
send_keys q
wait_exit
tags_of sugg.txt | cut -f 1,4 >"$TUI_TMP/got.tsv"
[ "$(wc -l <"$TUI_TMP/got.tsv")" -eq 12 ]
check $? "twelve tags in the database: two accepted one by one, ten in a section" || diag <"$TUI_TMP/got.tsv"
# The command line leaves out what the reader turned down, and only that.
(cd "$TUI_CWD" && "$PIZHU" --db "$TUI_HOME/.local/share/pizhu/pizhu.db" suggest sugg.txt) \
	>"$TUI_TMP/sugg.tsv"
! grep -q '	增长10%以上	' "$TUI_TMP/sugg.tsv" && grep -q '	提高到10.5%	' "$TUI_TMP/sugg.tsv"
check $? "pizhu suggest leaves out the suggestion turned down in the reader" || diag <"$TUI_TMP/sugg.tsv"

tui_stop
echo "1..$tap_n"
[ "$tap_failed" -eq 0 ]
