#!/bin/sh
# The Chinese manual page, doc/zh_CN/pizhu.1: every section of the English page, in its
# order; its KEYS section the one the keymap and the catalogue make (make man); the
# installed page (src/manbreaks.sh) set by groff, and by man, without one warning; the
# English page too (its KEYS escaped for groff by src/mankeys.sh).
# Usage: PIZHU=path/to/pizhu sh tests/man/zh.sh   (from the repository root). TAP.

set -u
PIZHU=${PIZHU:-./pizhu}
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
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pizhu-man.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
zh=doc/zh_CN/pizhu.1

# the sections, English and Chinese (po/GLOSSARY's words)
cat >"$tmp/names" <<'NAMES'
NAME	名称
SYNOPSIS	概述
DESCRIPTION	描述
THE READER	阅读器
TAGGING	标注
SYNC	同步
KEYS	按键
COMMANDS	命令
OPTIONS	选项
OUTPUT FORMATS	输出格式
INPUT	输入
EXIT STATUS	退出状态
EXAMPLES	示例
NOTES	注意
FILES	文件
SEE ALSO	参见
NAMES
sed -n 's/^\.SH "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' doc/pizhu.1 >"$tmp/en"
sed -n 's/^\.SH "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$zh" >"$tmp/zh"
: >"$tmp/want"
unknown=
while IFS= read -r s; do
	t=$(awk -F '\t' -v s="$s" '$1 == s { print $2 }' "$tmp/names")
	[ -n "$t" ] || unknown="$unknown '$s'"
	echo "${t:-?$s}" >>"$tmp/want"
done <"$tmp/en"
if [ -z "$unknown" ] && cmp -s "$tmp/want" "$tmp/zh"; then
	say ok "$zh has every section of doc/pizhu.1, in its order ($(wc -l <"$tmp/zh") sections)"
else
	say not-ok "$zh has every section of doc/pizhu.1, in its order"
	[ -z "$unknown" ] || echo "# sections with no Chinese name in tests/man/zh.sh:$unknown"
	diff "$tmp/want" "$tmp/zh" | sed 's/^/# /'
fi

# KEYS: what make man writes, the same keys as the English page
if sh src/mankeys.sh "$PIZHU" "$zh" "$tmp/pizhu.1" zh_CN 2>"$tmp/err" && cmp -s "$zh" "$tmp/pizhu.1"; then
	say ok "$zh's KEYS section is the keymap's, in Chinese (make man)"
else
	say not-ok "$zh's KEYS section is the keymap's, in Chinese (make man)"
	{ cat "$tmp/err"; diff "$zh" "$tmp/pizhu.1" | head -n 20; } | sed 's/^/# /'
fi
keys() { # page: the keys of its KEYS section, one a line
	sed -n '/^\.\\" KEYS begin/,/^\.\\" KEYS end/p' "$1" | awk '/^\.TP/ { getline; print }'
}
keys doc/pizhu.1 >"$tmp/k.en"
keys "$zh" >"$tmp/k.zh"
if [ -s "$tmp/k.zh" ] && cmp -s "$tmp/k.en" "$tmp/k.zh" &&
	! sed -n '/KEYS begin/,/KEYS end/p' "$zh" | grep -q 'show every action'; then
	say ok "its KEYS list the keys of the English page ($(wc -l <"$tmp/k.zh")), their help in Chinese"
else
	say not-ok "its KEYS list the keys of the English page, their help in Chinese"
	diff "$tmp/k.en" "$tmp/k.zh" | head -n 10 | sed 's/^/# /'
fi

# the installed page, set without a warning
sh src/mankeys.sh "$PIZHU" "$zh" "$tmp/inst.1" zh_CN && sh src/manbreaks.sh "$tmp/inst.1" "$tmp/inst.1"
if ! command -v groff >/dev/null 2>&1; then
	echo "# groff not installed: rendering skipped"
else
	groff -k -man -Tutf8 -ww -P-b -P-u "$tmp/inst.1" >"$tmp/out" 2>"$tmp/err"
	if [ ! -s "$tmp/err" ] && grep -q '显示所有动作及其按键' "$tmp/out" &&
		grep -q '^输出格式' "$tmp/out"; then
		say ok "groff -k -man -Tutf8 -ww sets the installed page without a warning"
	else
		say not-ok "groff -k -man -Tutf8 -ww sets the installed page without a warning"
		head -n 10 "$tmp/err" | sed 's/^/# /'
	fi
	# the English page as it is in the tree and installed (mankeys.sh: its KEYS from
	# `pizhu help keys`, whose help has ， and ２０２５), set by groff without preconv
	sh src/mankeys.sh "$PIZHU" doc/pizhu.1 "$tmp/en.1"
	for page in doc/pizhu.1 "$tmp/en.1"; do
		groff -man -Tutf8 -ww -P-b -P-u "$page" >"$tmp/out" 2>"$tmp/err"
		if [ ! -s "$tmp/err" ] && grep -q '２０２５/2025' "$tmp/out"; then
			say ok "groff -man -Tutf8 -ww sets the English page (${page##*/}) without a warning"
		else
			say not-ok "groff -man -Tutf8 -ww sets the English page (${page##*/}) without a warning"
			head -n 10 "$tmp/err" | sed 's/^/# /'
		fi
	done
	# and the source itself would run on: the break points are needed
	groff -k -man -Tutf8 -ww -z "$zh" 2>"$tmp/err2"
	if grep -q "can't break line" "$tmp/err2"; then
		say ok "(without the break points groff could not fill the lines: the test can fail)"
	else
		say not-ok "(without the break points groff could not fill the lines: the test can fail)"
	fi
fi
if command -v man >/dev/null 2>&1; then
	for w in 80 60; do
		LANG=C.UTF-8 MANWIDTH=$w MAN_KEEP_FORMATTING= man -l "$tmp/inst.1" >"$tmp/out" 2>"$tmp/err"
		if [ ! -s "$tmp/err" ] && grep -q '按键' "$tmp/out"; then
			say ok "man -l shows the installed page at $w columns without a warning"
		else
			say not-ok "man -l shows the installed page at $w columns without a warning"
			head -n 10 "$tmp/err" | sed 's/^/# /'
		fi
	done
else
	echo "# man not installed: man -l skipped"
fi
echo "1..$n"
[ "$failed" -eq 0 ]
