#!/bin/sh
# Keys that do not surprise (issue 14): in the default keymap no key that moves, marks
# or repaints in less changes data, pressed on a tagged sentence with suggestions under
# the cursor; tagging is the tag key then the type; turning a suggestion down is undone
# by U, listed by B and brought back there; the classic keymap still tags with one key.
#
# Usage: PIZHU=path/to/pizhu sh tests/tui/t-keys.sh    (from anywhere; needs tmux)

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
cp "$here/speech.txt" "$TUI_CWD/keys.txt" || exit 1

db() {
	echo "$TUI_HOME/.local/share/pizhu/pizhu.db"
}

# The suggestions of FILE turned down, as the command line lists them.
rejected_of() { # FILE
	(cd "$TUI_CWD" && "$PIZHU" --db "$(db)" suggest --rejected "$1")
}

# The cursor on 年内引进 of line 17: inside the task tagged there, on the deadline (年内)
# and target suggested in it.
to_the_sentence() {
	send_keys / ; send_text 年内引进 ; send_keys Enter
	wait_stable # as a person would: keys right after a line break are taken for a paste
}

# ---- less's keys change nothing -------------------------------------------------------

echo "# less's keys on a tagged sentence with suggestions"
tui_home
mkdir -p "$(dirname "$(db)")"
(cd "$TUI_CWD" && "$PIZHU" --db "$(db)" tags add --type=task --from=17:1 --to=17:45 keys.txt >/dev/null)
check $? "the sentence of line 17 is tagged as a task"
tags_of keys.txt >"$TUI_TMP/tags.before"
tui_start --theme mono keys.txt
to_the_sentence
send_keys "*"
expect_status "suggested target: 引进数字经济领域高层次人才200名以上" \
	"suggestions are there under the tag (* goes to the next one)"
send_keys S
expect_status "suggestions hidden (S shows them)" "S hides the suggestions and names the key that shows them"
send_keys S
expect_status "suggestions shown: * and # go through them" \
	"S shows them again; the hint names the keys of the keymap in use, * and #"

# keys as tmux names (send_keys) or literal characters (send_text), and what closes
# what they open: a prompt or the help (Escape, q), a mark's letter
for spec in k:d k:u k:z k:w k:e k:y k:r k:R k:f k:b k:j k:k k:J k:K k:Y k:F k:g k:G \
	k:N k:n k:t k:t k:Space k:Enter \
	k:C-d k:C-u k:C-f k:C-b k:C-e k:C-y k:C-n k:C-p k:C-k k:C-v k:C-r k:C-l k:C-g \
	k:M-u k:M-U k:M-v k:M-n k:M-N k:M-F k:M-G \
	t:p+Escape t:%+Escape t:s k:P t:m+a t:M t:"'"+a t:'`'+a t:h t:H+q t:T+q \
	t:/+Escape t:?+Escape t::+Escape t:{ t:} t:'(' t:')' t:'[' t:']' t:= t:- t:_ \
	t:+ t:! t:'|' t:'&' t:'<' t:'>' t:v+Escape t:E+Escape t:Z+Z; do
	how=${spec%%:*}
	rest=${spec#*:}
	key=${rest%%+*}
	then=
	case $rest in *+*) then=${rest#*+} ;; esac
	to_the_sentence
	if [ "$how" = k ]; then send_keys "$key"; else send_text "$key"; fi
	wait_stable
	if [ -n "$then" ]; then
		case $then in
		Escape | q) send_keys "$then" ;;
		*) send_text "$then" ;;
		esac
		wait_stable
	fi
	tags_of keys.txt >"$TUI_TMP/tags.after"
	rejected_of keys.txt >"$TUI_TMP/rejected"
	cmp -s "$TUI_TMP/tags.before" "$TUI_TMP/tags.after" && [ ! -s "$TUI_TMP/rejected" ] && alive
	check $? "less's '$key${then:+ $then}' on a tagged, suggested sentence changes no tag, turns nothing down" || {
		diff "$TUI_TMP/tags.before" "$TUI_TMP/tags.after" | diag
		diag <"$TUI_TMP/rejected"
	}
done
# the issue's report: z z r on a title made two owner tags and a task
send_keys g
send_text zzr
wait_stable
tags_of keys.txt >"$TUI_TMP/tags.after"
cmp -s "$TUI_TMP/tags.before" "$TUI_TMP/tags.after"
check $? "z z r (page down twice, repaint) makes no tag" ||
	diff "$TUI_TMP/tags.before" "$TUI_TMP/tags.after" | diag
# marks as in less: m a marks, ' a comes back; "ma" never tags
send_keys g
send_text ma
expect_status "marked a" "m a marks the place, as in less"
send_keys G
send_text "'a"
wait_stable
capture | grep -qF "在全区数字经济工作会议上的讲话"
check $? "' a goes back to the place marked a (the title shows again)"
tags_of keys.txt >"$TUI_TMP/tags.after"
cmp -s "$TUI_TMP/tags.before" "$TUI_TMP/tags.after"
check $? "marking and going back made no tag"
# the control: X on that sentence does turn the suggestion at the cursor down
to_the_sentence
send_keys X
expect_status "turned down: 年内 (U undoes, B lists those turned down)" \
	"X turns down the suggestion at the cursor and says how to undo it"
[ "$(rejected_of keys.txt | cut -f 1,6)" = "$(printf 'deadline\t年内')" ]
check $? "pizhu suggest --rejected lists it" || rejected_of keys.txt | diag

# ---- undoing a turn-down, the list, bringing one back -----------------------------------

echo "# turned down: undo, list, bring back"
send_keys U
expect_status "undone: suggested again: “年内”" "U undoes the turn-down"
[ -z "$(rejected_of keys.txt)" ]
check $? "after U nothing is turned down" || rejected_of keys.txt | diag
(cd "$TUI_CWD" && "$PIZHU" --db "$(db)" suggest keys.txt) | grep -q '	年内	'
check $? "the suggestion is back: pizhu suggest lists it again"
send_keys M-r
expect_status "redone: turned down again: “年内”" "M-r (redo) turns it down again"
[ -n "$(rejected_of keys.txt)" ]
check $? "after redo it is listed again"
send_keys B
expect_text "Suggestions turned down: 1 · Enter shows one, X brings it back, q closes" \
	"B lists the suggestions turned down"
expect_text "年内  → 2025-12-31" "the list shows its words and value"
send_keys Enter
expect_status "turned down here" "Enter in the list shows it in the text"
send_keys B
expect_text "Suggestions turned down: 1" "B again"
send_keys X
expect_status "suggested again: 年内 (U turns it down again)" "X in the list brings it back"
expect_text "Suggestions turned down: 0" "the list is empty then"
[ -z "$(rejected_of keys.txt)" ]
check $? "brought back: pizhu suggest --rejected lists nothing" || rejected_of keys.txt | diag
send_keys U
expect_status "undone: turned down again: “年内”" "U undoes bringing it back"
expect_text "Suggestions turned down: 1" "the list shows it again"
send_keys q
wait_stable
capture | grep -qF "Suggestions turned down"
[ $? -ne 0 ] && alive
check $? "q closes the list, the reader still running"
(cd "$TUI_CWD" && "$PIZHU" --db "$(db)" suggest keys.txt) | grep -q '	年内	' 
[ $? -ne 0 ]
check $? "pizhu suggest leaves out what is turned down after all that"

# ---- tagging with the tag key ------------------------------------------------------------

echo "# tagging: a, then the type"
send_keys / ; send_text 千兆光网 ; send_keys Enter a
expect_status "tag as: r task, m target, s deadline, z owner, p note, a the suggestion" \
	"a says which keys tag after it"
send_keys m
expect_status "target “千兆光网" "a m tags it as a target"
send_keys / ; send_text 成绩来之不易 ; send_keys Enter a j
expect_status "j tags nothing: nothing tagged" "a then a key that tags nothing: said, nothing tagged"
send_keys a Escape
wait_stable
send_keys a z
expect_status "owner “" "a z tags an owner"
send_keys U
expect_status "undone:" "U undoes the owner tag"
send_keys M-r
expect_status "redone:" "M-r redoes it"
send_keys q
wait_exit
tags_of keys.txt | cut -f 1 | sort | tr '\n' ' ' >"$TUI_TMP/types"
[ "$(cat "$TUI_TMP/types")" = "owner target task " ]
check $? "the tags: the task made before, a m's target, a z's owner (Esc and j made none)" ||
	diag <"$TUI_TMP/types"

# a paste after the tag key is not its type (a terminal with bracketed paste: tmux's)
TUI_TERM=tmux-256color tui_start --theme mono keys.txt
send_keys / ; send_text 成绩来之不易 ; send_keys Enter a
tm set-buffer -- "r"
tm paste-buffer -p -t t
expect_status "pasted text goes only into a prompt" "a paste after the tag key is refused"
send_keys q
wait_exit
[ "$(tags_of keys.txt | cut -f 1 | sort | tr '\n' ' ')" = "owner target task " ]
check $? "and tags nothing: the tag key waits no more (q then quits)"

# a declared type's key tags after a, and alone where the text leaves it free
mkdir -p "$TUI_HOME/.config/pizhu"
printf 'tagtype = risk Y tag.extra1 风险\ntagtype = check d tag.extra2 核查\n' \
	>"$TUI_HOME/.config/pizhu/config"
tui_start --theme mono keys.txt
send_keys / ; send_text 要完善人才 ; send_keys Enter a Y
expect_status "风险 “" "a then a declared type's key tags with it"
send_keys / ; send_text 成绩来之不易 ; send_keys Enter d
wait_stable
tags_of keys.txt | grep -q '^check'
[ $? -ne 0 ]
check $? "a declared key that less scrolls with (d) does not tag alone" || tags_of keys.txt | diag
send_keys / ; send_text 成绩来之不易 ; send_keys Enter a d
expect_status "核查 “成绩来之不易" "it tags after a"
send_keys q
wait_exit
rm -f "$TUI_HOME/.config/pizhu/config"

# the hints name the keys of the keymap in use: a user's file changes them
echo "# hints from the user's keymap"
printf 'bind library o open\nbind library <Left> close\nbind text <C-n> next-suggestion\n' \
	>"$TUI_HOME/.config/pizhu/keymap"
tui_start --theme mono keys.txt
send_keys L
expect_text "Documents read before (o opens, Left goes back)" \
	"the library's header names the keys of the user's keymap file"
send_keys Left
wait_stable
send_keys S S
expect_status "suggestions shown: C-n and # go through them" \
	"the suggestions' hint names the user's key for the next one"
send_keys q
wait_exit
rm -f "$TUI_HOME/.config/pizhu/keymap"

# ---- every change of a tag is undone, one U at a time ---------------------------------

echo "# every change undone"
cp "$here/speech.txt" "$TUI_CWD/undo.txt" || exit 1
fresh --theme mono undo.txt
send_keys / ; send_text 千兆光网 ; send_keys Enter a r
expect_status "task “千兆光网" "a r tags a task, to change it every way"
wait_stable
tags_of undo.txt >"$TUI_TMP/undo.made"
send_keys x
expect_status "done: “千兆光网" "x marks it done"
send_keys @ C-u ; send_text 2025-10-01 ; send_keys Enter
expect_status "due date set: 2025-10-01" "@ sets its due date"
send_keys W ; send_text 市工信局 ; send_keys Enter
expect_status "owner set" "W sets its owner"
send_keys i ; send_text 按季度报送 ; send_keys Enter
expect_status "note written" "i writes its note"
send_keys c
expect_status "now a target" "c changes its type"
for n in 1 2 3 4 5; do
	send_keys U
	wait_stable
done
expect_status "undone:" "U five times: the five changes undone"
tags_of undo.txt | diff "$TUI_TMP/undo.made" - | diag
tags_of undo.txt | cmp -s "$TUI_TMP/undo.made" -
check $? "the tag is as it was made: open, no date, owner or note, a task"
send_keys U
expect_status "undone: the tag is removed" "U once more takes the tag back"
send_keys M-r
expect_status "redone:" "M-r brings it back"
send_keys q
wait_exit
tags_of undo.txt | cmp -s "$TUI_TMP/undo.made" -
check $? "after the redo the tag is there, as it was made"

# accepting a suggestion is a change like another: U takes its tag back
echo "# accepting undone"
fresh --theme mono keys.txt
to_the_sentence
send_keys "*"
expect_status "suggested target: 引进数字经济领域高层次人才200名以上" "* goes to the target suggested"
send_keys a a
expect_status "accepted: target" "a a accepts it"
send_keys U
expect_status "undone:" "U takes the accepted suggestion's tag back"
send_keys q
wait_exit
[ -z "$(tags_of keys.txt)" ] && [ -z "$(rejected_of keys.txt)" ] &&
	(cd "$TUI_CWD" && "$PIZHU" --db "$(db)" suggest keys.txt) | grep -q '引进数字经济领域高层次人才200名以上'
check $? "no tag left, nothing turned down: the suggestion is offered again"

# ---- the classic keymap ------------------------------------------------------------------

echo "# classic keymap"
cp "$here/speech.txt" "$TUI_CWD/classic.txt" || exit 1
fresh --theme mono --keymap classic classic.txt
send_keys / ; send_text 千兆光网 ; send_keys Enter r
expect_status "task “千兆光网" "--keymap classic: r tags a task with one key"
send_keys "'"
expect_status "(a accepts, d turns down)" "classic: ' goes to the next suggestion, a and d named"
send_keys S S
expect_status "suggestions shown: ' and \" go through them" "classic: the hint names its own keys, ' and \""
send_keys d
expect_status "turned down:" "classic: d turns the suggestion down"
send_keys u
expect_status "undone: suggested again" "classic: u undoes the turn-down"
send_keys q
wait_exit
[ "$(tags_of classic.txt | cut -f 1)" = task ] && [ -z "$(rejected_of classic.txt)" ]
check $? "classic: the task tagged, nothing turned down after u"
# chosen in the config
mkdir -p "$TUI_HOME/.config/pizhu"
printf 'keymap = classic\n' >"$TUI_HOME/.config/pizhu/config"
tui_start --theme mono classic.txt
send_keys / ; send_text 成绩来之不易 ; send_keys Enter m
expect_status "target “成绩来之不易" "keymap = classic in the config: m tags a target"
send_keys q
wait_exit
rm -f "$TUI_HOME/.config/pizhu/config"

# ---- the key list ------------------------------------------------------------------------

"$PIZHU" help keys >"$TUI_TMP/keys.txt" 2>&1
grep -q '^After the tag key' "$TUI_TMP/keys.txt" && grep -q '^  a  *start a tag' "$TUI_TMP/keys.txt" &&
	grep -q '^  U  *undo' "$TUI_TMP/keys.txt" && grep -q '^  d <C-d>  *half a page down' "$TUI_TMP/keys.txt"
check $? "pizhu help keys shows the new default: a starts a tag, U undoes, d scrolls" ||
	diag <"$TUI_TMP/keys.txt"

tui_suite_end
