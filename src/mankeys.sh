#!/bin/sh
# Writes the manual page with its KEYS section filled in from `pizhu help keys` (the
# list the action table and the default keymap generate): mankeys.sh PIZHU IN OUT [LANG].
# The section stands between the lines `.\" KEYS begin` and `.\" KEYS end` of IN,
# replaced whole, so that OUT may be IN itself (`make man` keeps doc/pizhu.1 and
# doc/zh_CN/pizhu.1 filled). The keys are listed in English, or with LANG (zh_CN) in
# that language, from its message catalogue whatever the user's language.
set -eu
pizhu=$1 in=$2 out=$3 lang=${4:-}
if [ -n "$lang" ]; then
	LANGUAGE=$lang LC_ALL=C.UTF-8 "$pizhu" help keys >"$out.keys"
else
	LANGUAGE= LC_ALL=C "$pizhu" help keys >"$out.keys"
fi
awk -v keys="$out.keys" '
function esc(s) { gsub(/\\/, "\\e", s); sub(/^[.\047]/, "\\\\\\&&", s); return s }
/^\.\\" KEYS begin/ {
	print
	while ((getline line < keys) > 0) {
		if (line ~ /^ *$/) continue
		if (line !~ /^  /) { print ".SS " esc(line); continue }
		sub(/^  /, "", line)
		k = line; h = ""
		i = index(line, "  ")
		if (i) { k = substr(line, 1, i - 1); h = substr(line, i); sub(/^ +/, "", h) }
		print ".TP"; print ".B " esc(k); print esc(h)
	}
	skip = 1
	next
}
/^\.\\" KEYS end/ { skip = 0 }
!skip { print }' "$in" >"$out.tmp"
rm -f "$out.keys"
mv "$out.tmp" "$out"
