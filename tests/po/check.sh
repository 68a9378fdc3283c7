#!/bin/sh
# The message catalogues are whole: each po/LANG.po, merged with the template made from
# the sources as they are now (so that a string marked but never merged counts too), has
# no untranslated and no fuzzy entry, and passes `msgfmt --check`. TAP on stdout.
#
# Usage: sh tests/po/check.sh POT    (from the repository root; `make check-po` makes
# the template, build/rel/po/pizhu.pot, and runs this). What to do when it fails:
# `make update-po`, then translate in po/LANG.po what is empty or marked fuzzy, with
# the words of po/GLOSSARY.

set -u

pot=${1:-build/rel/po/pizhu.pot}
n=0
failed=0

say() { # ok|not-ok title
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

if ! command -v msgmerge >/dev/null 2>&1 || ! command -v msgattrib >/dev/null 2>&1; then
	echo "# GNU gettext (msgmerge, msgattrib) not installed: catalogue checks skipped"
	echo "1..0"
	exit 0
fi
if [ ! -f "$pot" ]; then
	say not-ok "the template $pot exists (make pot)"
	echo "1..$n"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-po.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# The msgids of a catalogue's entries that msgattrib selects, one a line (at most 20).
ids() { # po msgattrib-options...
	f=$1
	shift
	msgattrib --no-wrap --no-obsolete "$@" "$f" 2>/dev/null |
		awk '/^msgid ""$/ && !seen { seen = 1; next } /^msgid / { print "#   " substr($0, 7) }' |
		head -n 20
}

for po in po/*.po; do
	[ -f "$po" ] || continue
	lang=${po##*/}
	lang=${lang%.po}
	if ! msgmerge --quiet --no-wrap -o "$tmp/$lang.po" "$po" "$pot" 2>"$tmp/merge.err"; then
		say not-ok "$po merges with the template"
		sed 's/^/# /' "$tmp/merge.err"
		continue
	fi
	if msgfmt --check -o /dev/null "$po" >"$tmp/err" 2>&1 &&
		msgfmt --check -o /dev/null "$tmp/$lang.po" >>"$tmp/err" 2>&1; then
		say ok "msgfmt --check $po"
	else
		say not-ok "msgfmt --check $po"
		sed 's/^/# /' "$tmp/err"
	fi
	ids "$tmp/$lang.po" --untranslated >"$tmp/untr"
	if [ -s "$tmp/untr" ]; then
		say not-ok "$po: every string of the sources translated (make update-po, then translate these)"
		cat "$tmp/untr"
	else
		say ok "$po: every string of the sources translated"
	fi
	ids "$tmp/$lang.po" --only-fuzzy >"$tmp/fuzzy"
	if [ -s "$tmp/fuzzy" ]; then
		say not-ok "$po: no fuzzy entry (make update-po, then check these and drop their fuzzy mark)"
		cat "$tmp/fuzzy"
	else
		say ok "$po: no fuzzy entry"
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
