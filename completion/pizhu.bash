# bash completion for pizhu: its commands, their options, the formats, keymaps, themes
# and tag types they take, and files. Installed as `pizhu` in bash-completion's
# completionsdir (loaded on first use); works without bash-completion too.

# The keymap or theme names pizhu finds (KIND keymap|theme): the built-in ones and the
# files in its data directory ($PIZHU_DATADIR, else beside the program, else the usual
# prefixes), as `--keymap NAME` resolves them.
_pizhu_names()
{
	local kind=$1 dir f bin names
	case $kind in
	keymap) names="default" ;;
	theme) names="dark mono" ;;
	esac
	bin=$(command -v pizhu 2>/dev/null)
	for dir in "${PIZHU_DATADIR:-}" "${bin%/bin/*}/share/pizhu" /usr/share/pizhu \
		/usr/local/share/pizhu; do
		[[ -n $dir && -d $dir/${kind}s ]] || continue
		for f in "$dir/${kind}s"/*."$kind"; do
			[[ -f $f ]] || continue
			f=${f##*/}
			names+=" ${f%.*}"
		done
	done
	printf '%s\n' $names | sort -u
}

# COMPREPLY from the words of $1 that start with $cur, each after $2 (the "--opt="
# part when bash did not split the word at '=').
_pizhu_words()
{
	local w
	COMPREPLY=()
	for w in $1; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$2$w")
	done
}

_pizhu_files()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$cur"))
}

_pizhu()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= opt= pre= cmd= sub= i w
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="outline text tags export accept suggest diff draft drafts check quote sync help"

	# --opt=value, whether bash split it at '=' (COMP_WORDBREAKS) or not
	if [[ $cur == -*=* ]]; then
		opt=${cur%%=*} pre=$opt= cur=${cur#*=}
	elif [[ $cur == = ]]; then
		opt=$prev cur=
	elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $prev == @(--db|--keymap|--theme|--encoding|-o|--output) ]]; then
		opt=$prev
	fi

	# the command, and the tags subcommand, among the words before
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		[[ ${COMP_WORDS[i - 1]} == = ]] && continue # the value of --opt=value
		case $w in
		--db | --keymap | --theme | --encoding | -o) ((i++)) ;;
		-* | =) ;;
		*)
			if [[ -z $cmd && " $commands " == *" $w "* ]]; then
				cmd=$w
			elif [[ $cmd == tags && -z $sub ]]; then
				sub=$w
				[[ $sub == @(add|rm|import|edit|move|reply|resolve) ]] || sub=list
			elif [[ -z $cmd ]]; then
				cmd=read
			fi
			;;
		esac
	done

	case $opt in
	--db | -o | --output)
		_pizhu_files
		return
		;;
	--keymap) _pizhu_words "$(_pizhu_names keymap)" "$pre"; return ;;
	--theme) _pizhu_words "$(_pizhu_names theme)" "$pre"; return ;;
	--encoding) _pizhu_words "UTF-8 GB18030 GBK GB2312 BIG5" "$pre"; return ;;
	--format)
		case $cmd in
		outline) _pizhu_words "text tsv json" "$pre" ;;
		tags | suggest) _pizhu_words "tsv json" "$pre" ;;
		export) _pizhu_words "csv md json org ics xlsx" "$pre" ;;
		diff | check) _pizhu_words "text tsv" "$pre" ;;
		esac
		return
		;;
	--types)
		# a comma-separated list: complete the last name
		local done=${cur%"${cur##*,}"}
		cur=${cur##*,}
		if [[ $cmd == accept ]]; then
			_pizhu_words "task target deadline owner" "$pre$done"
		else
			_pizhu_words "task target deadline owner note" "$pre$done"
		fi
		return
		;;
	--type) _pizhu_words "task target deadline owner note" "$pre"; return ;;
	--take) _pizhu_words "mine theirs" "$pre"; return ;;
	--field) _pizhu_words "note due owner done place" "$pre"; return ;;
	--color) _pizhu_words "auto always never" "$pre"; return ;;
	--threads) _pizhu_words "1 2 3 4 5 6 7 8" "$pre"; return ;;
	--author) return ;; # a reviewer's name
	--*) [[ -n $pre || $cur != -* ]] && return ;; # a value pizhu cannot guess (a date, a line)
	esac

	local opts
	case $cmd in
	'') opts="--db --keymap --theme --encoding --help --version" ;;
	read) opts="--db --keymap --theme --encoding" ;;
	outline) opts="--format= --encoding --db --help" ;;
	text) opts="--encoding --db --help" ;;
	tags)
		case $sub in
		add) opts="--type= --from= --to= --note= --due= --owner= --db --encoding" ;;
		rm | import) opts="--db" ;;
		edit) opts="--note= --due= --owner= --done --open --type= --author= --db" ;;
		move) opts="--from= --to= --author= --db --encoding" ;;
		reply) opts="--author= --db" ;;
		resolve) opts="--take= --field= --author= --db" ;;
		*) opts="--format= --db --encoding --help" ;;
		esac
		;;
	export) opts="--format= --types= -o --bom --no-bom --db --encoding --help" ;;
	accept) opts="--types= --section= --lines= --db --encoding --help" ;;
	suggest) opts="--format= --date= --encoding --threads= --db --help" ;;
	diff) opts="--format= --color= --form --substance --encoding --from= --db --help" ;;
	draft | drafts) opts="--encoding --db --help" ;;
	check) opts="--format= --date= --encoding --db --help" ;;
	quote) opts="--from= --to= --format= --encoding --db --help" ;;
	sync) opts="--db --author= --help" ;;
	help) opts= ;;
	esac
	if [[ $cur == -* ]]; then
		_pizhu_words "$opts" ""
		# an option that takes =VALUE: no space after it
		[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi
	case $cmd in
	'') _pizhu_words "$commands" ""
		local words=("${COMPREPLY[@]}")
		_pizhu_files
		COMPREPLY=("${words[@]}" "${COMPREPLY[@]}")
		;;
	help) _pizhu_words "$commands keys config" "" ;;
	tags) if [[ -z $sub ]]; then
			_pizhu_words "add rm import edit move reply resolve" ""
			local words=("${COMPREPLY[@]}")
			_pizhu_files
			COMPREPLY=("${words[@]}" "${COMPREPLY[@]}")
		else
			_pizhu_files
		fi
		;;
	*) _pizhu_files ;;
	esac
}

complete -F _pizhu pizhu
