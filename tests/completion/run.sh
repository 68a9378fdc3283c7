#!/bin/sh
# The shell completion of pizhu: completion/pizhu.bash sourced in bash, asked as bash asks
# it (COMP_WORDS split at '=' as COMP_WORDBREAKS does, COMP_CWORD, then _pizhu), its
# answers compared; completion/_pizhu read by zsh, and run with the completion system's
# functions stubbed, when zsh is there. TAP on stdout.
# Usage: sh tests/completion/run.sh (from the repository root; PIZHU_DATADIR may point
# at a data directory, else the tree's keymaps/ and themes/ are found through it).

set -u
n=0
failed=0

if ! command -v bash >/dev/null 2>&1; then
	echo "# bash not installed: completion checks skipped"
	echo "1..0"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-comp.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/dir"
: >"$tmp/dir/speech.txt"
: >"$tmp/dir/notes.md"

# expect TITLE WANT WORD...: completes the last WORD of "pizhu WORD..." and wants the
# sorted answers, one a line, to be WANT (words separated by spaces).
expect() {
	title=$1 want=$2
	shift 2
	got=$(cd "$tmp/dir" && PIZHU_DATADIR=$root bash -c '
		. "$1/completion/pizhu.bash"
		shift
		COMP_WORDS=(pizhu "$@")
		COMP_CWORD=$#
		_pizhu
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' sh "$root" "$@")
	got=${got% }
	n=$((n + 1))
	if [ "$got" = "$want" ]; then
		echo "ok $n - $title"
	else
		failed=$((failed + 1))
		echo "not ok $n - $title"
		echo "#   wanted: $want"
		echo "#   got:    $got"
	fi
}

root=$(pwd)
expect "commands after pizhu: d" "diff draft drafts" d
expect "command options: pizhu export --f" "--format=" export --f
expect "formats of export (--format split at =)" "csv" export --format = c
expect "formats of export (--format=x unsplit)" "--format=md" export --format=m
expect "formats of outline" "json text tsv" outline --format = ""
expect "formats of diff" "text tsv" diff --format = ""
expect "themes from the data directory and built in" "dark light mono" --theme ""
expect "keymaps from the data directory and built in" "classic default emacs" --keymap ""
expect "a keymap after a command's options" "emacs" --db x.db --keymap e
expect "tags subcommands and files" "add" tags a
expect "tags add options" "--to= --type=" tags add --t
expect "tags subcommands: r" "reply resolve rm" tags r
expect "tags edit options" "--db --done --due=" tags edit --d
expect "tags resolve --take values" "mine theirs" tags resolve --take = ""
expect "tags resolve --field values" "place" tags resolve --field = p
expect "tags move options" "--from=" tags move --fr
expect "types in a list (--types=task,d)" "task,deadline" export --types = task,d
expect "help topics" "check config" help c
expect "quote options" "--format= --from=" quote --f
expect "commands and files for the reader" "speech.txt suggest sync" s
expect "sync options" "--author=" sync --a
expect "files after a command" "notes.md" outline --format = tsv n
expect "encodings" "GB18030 GB2312 GBK" --encoding G

# zexpect TITLE WANT WORD...: runs completion/_pizhu in zsh for "pizhu WORD..." (the last
# word being completed) with the completion system's functions stubbed to print what
# they are asked; WANT must be in that output. (_pizhu_names KIND: the names offered.)
zexpect() {
	title=$1 want=$2
	shift 2
	got=$(cd "$tmp/dir" && PIZHU_DATADIR=$root zsh -f "$tmp/stub.zsh" "$root" "$@" 2>&1)
	n=$((n + 1))
	case $got in
	*"$want"*) echo "ok $n - zsh: $title" ;;
	*)
		failed=$((failed + 1))
		echo "not ok $n - zsh: $title"
		echo "#   wanted: $want"
		printf '%s\n' "$got" | sed 's/^/#   got: /'
		;;
	esac
}

if command -v zsh >/dev/null 2>&1; then
	n=$((n + 1))
	if zsh -n completion/_pizhu 2>"$tmp/zsh.err"; then
		echo "ok $n - zsh reads completion/_pizhu"
	else
		failed=$((failed + 1))
		echo "not ok $n - zsh reads completion/_pizhu"
		sed 's/^/#   /' "$tmp/zsh.err"
	fi
	cat >"$tmp/stub.zsh" <<'ZSH'
_arguments() { print -r -- "_arguments $*"; [[ $1 == -C ]] && state=first; return 0 }
_describe() { print -r -- "_describe ${(P)${4}}" }
_files() { print -r -- "_files" }
compadd() { print -r -- "compadd $*" }
_wanted() { shift 3; "$@" }
root=$1; shift
if [[ $1 == _pizhu_names ]]; then
	words=(pizhu x); CURRENT=1
	source $root/completion/_pizhu >/dev/null
	"$@"
else
	words=(pizhu "$@"); CURRENT=$#words
	source $root/completion/_pizhu
fi
ZSH
	zexpect "the commands first" "_describe outline:" ""
	zexpect "formats of export" ":format:(csv md json org ics xlsx)" export --format=
	zexpect "diff after --db FILE" ":when:(auto always never)" --db x.db diff ""
	zexpect "themes from the data directory and built in" "compadd -- dark mono light" _pizhu_names theme
	zexpect "keymaps from the data directory and built in" "compadd -- default classic emacs" _pizhu_names keymap
	zexpect "help topics" "(outline text tags export accept suggest diff draft drafts check quote sync help keys config)" help ""
else
	echo "# zsh not installed: completion/_pizhu not read"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
