# shellcheck shell=sh
# shellcheck disable=SC2154 # $tmp is set by the script that sources this file
# Shared by the bench scripts (sourced from the repository root; needs $tmp, a
# scratch directory): building the large inputs out of the project's own texts.

# make_input FILE MIN_BYTES INPUTS...: FILE repeats the inputs (as UTF-8, whole copies)
# until it holds MIN_BYTES, unless it is already newer than every input.
make_input() {
	file=$1 min=$2
	shift 2
	if [ -f "$file" ] && [ -z "$(find "$@" -newer "$file")" ]; then
		return 0
	fi
	echo "bench: building $file" >&2
	: >"$tmp/unit"
	for f in "$@"; do
		if iconv -f UTF-8 -t UTF-8 "$f" >"$tmp/one" 2>/dev/null ||
			iconv -f GB18030 -t UTF-8 "$f" >"$tmp/one" 2>/dev/null; then
			sed '1s/^\xEF\xBB\xBF//' "$tmp/one" >>"$tmp/unit"
			printf '\n' >>"$tmp/unit"
		else
			echo "bench: skipping $f (neither UTF-8 nor GB18030)" >&2
		fi
	done
	if [ ! -s "$tmp/unit" ]; then
		echo "bench: no usable input text" >&2
		exit 1
	fi
	# Doubling, then whole units until big enough: few passes even for 40 MiB.
	cp "$tmp/unit" "$tmp/big"
	while [ $(($(wc -c <"$tmp/big") * 2)) -le "$min" ]; do
		cat "$tmp/big" "$tmp/big" >"$tmp/big2" && mv "$tmp/big2" "$tmp/big"
	done
	while [ "$(wc -c <"$tmp/big")" -lt "$min" ]; do
		cat "$tmp/unit" >>"$tmp/big"
	done
	mv "$tmp/big" "$file" || exit 1
}
