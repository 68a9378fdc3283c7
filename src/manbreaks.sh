#!/bin/sh
# Writes a Chinese manual page as groff 1.22 can set it: manbreaks.sh IN OUT. groff
# breaks lines only at spaces and hyphens, so a paragraph of Chinese, which has
# neither, would run on as one overlong line ("can't break line"), and it puts a space
# where a source line ends. So a break point (\:) goes after each Chinese character a
# line may end on (not before closing punctuation，。）” nor after opening punctuation
# （“《, as Chinese typesetting wants), a line of text that ends in Chinese and goes on
# in Chinese on the next line is joined to it (\c), and lines are not justified.
# The installed page is made so; the source in doc/zh_CN stays readable. Comments and
# examples (.EX to .EE) are left alone.
set -eu
in=$1 out=$2
perl -CSD -e '
	my $close = "\x{3001}\x{3002}\x{FF0C}\x{FF1B}\x{FF1A}\x{FF01}\x{FF1F}\x{FF09}\x{201D}\x{2019}\x{300B}\x{3011}\x{300D}\x{300F}\x{2026}\x{2014}";
	my $open = "\x{FF08}\x{201C}\x{2018}\x{300A}\x{3010}\x{300C}\x{300E}";
	my @l = <>;
	my $ex = 0;
	for my $i (0 .. $#l) {
		$_ = $l[$i];
		$ex = 1 if /^\.EX/;
		$ex = 0 if /^\.EE/;
		if (!$ex && !/^[.\x27]\\"/) {
			my $next = $i < $#l ? $l[$i + 1] : "";
			s/([\p{Han}$close])(?=[^\s$close\\])/$1\\:/g;
			# a text line ending in Chinese, the next going on in Chinese: joined
			s/([\p{Han}$close])\n\z/$1\\:\\c\n/
				if !/^[.\x27]/ && $next =~ /^[\p{Han}$open]/;
		}
		print;
		print ".ad l\n" if /^\.TH/; # not justified: Chinese has no spaces to stretch
	}
' "$in" >"$out.tmp"
mv "$out.tmp" "$out"
