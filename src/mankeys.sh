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
# esc() makes a line of the list groff input: a backslash \e, a leading . or ' kept
# from being a request (\&), and with ascii=1 (the English page, which groff sets
# without preconv: `groff -man -ww` warns at every byte it does not know) each
# character beyond ASCII as its \[uXXXX] escape, decoded here from its UTF-8 bytes
# (the C locale: awk sees bytes). The Chinese page stays UTF-8 (groff -k, man).
LC_ALL=C awk -v keys="$out.keys" -v ascii="$([ -n "$lang" ] && echo 0 || echo 1)" '
BEGIN { for (i = 128; i < 256; i++) byte[sprintf("%c", i)] = i }
function uesc(s,    o, i, n, c, b, cp, more) {
	o = ""; n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (!(c in byte)) { o = o c; continue }
		b = byte[c]
		if (b >= 240) { cp = b - 240; more = 3 }
		else if (b >= 224) { cp = b - 224; more = 2 }
		else if (b >= 192) { cp = b - 192; more = 1 }
		else { o = o "\\[uFFFD]"; continue }
		while (more-- > 0 && i < n) { i++; cp = cp * 64 + (byte[substr(s, i, 1)] - 128) }
		o = o sprintf("\\[u%04X]", cp)
	}
	return o
}
function esc(s) {
	gsub(/\\/, "\\e", s); sub(/^[.\047]/, "\\\\\\&&", s)
	return ascii ? uesc(s) : s
}
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
