# SPDX-License-Identifier: Apache-2.0
# bash completion for lifeline (issue #21): commands, subcommands, options, option values and
# the evidence ids of the current case. It reads lifeline's own --help texts (so it follows
# the binary it completes: nothing to keep in sync) and `lifeline evidence list` for the ids.
# Installed as share/bash-completion/completions/lifeline; or `source` it.

# _lifeline_help WORDS...: `lifeline WORDS --help`, cached for the shell's life
_lifeline_help()
{
	local key="${*// /_}"
	key="_lifeline_h_${key//[^A-Za-z0-9_]/_}"
	if [[ -z ${!key+x} ]]; then
		printf -v "$key" '%s' "$("${_lifeline_bin:-lifeline}" "$@" --help 2>/dev/null)"
	fi
	printf '%s\n' "${!key}"
}

# the evidence ids of the case in the current directory (or -C DIR)
_lifeline_ids()
{
	"${_lifeline_bin:-lifeline}" ${_lifeline_case:+-C "$_lifeline_case"} -q evidence list \
		2>/dev/null | awk '/^[^ \t]/ { print $1 }'
}

_lifeline()
{
	local cur prev words=() i w help usage sub opt vals
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	_lifeline_bin=${COMP_WORDS[0]}
	_lifeline_case=
	COMPREPLY=()
	# the command words so far, global options left out
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-C) _lifeline_case=${COMP_WORDS[i+1]}; ((i++)) ;;
		--progress) ((i++)) ;;
		-*) ;;
		*) [[ ${#words[@]} -lt 2 ]] && words+=("$w") ;;
		esac
	done
	if [[ $prev == -C ]]; then
		COMPREPLY=($(compgen -d -- "$cur"))
		return
	fi
	if [[ $prev == --progress && ${#words[@]} -eq 0 ]]; then
		COMPREPLY=($(compgen -W "auto json none" -- "$cur"))
		return
	fi
	if [[ ${#words[@]} -eq 0 ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-C --json -q --progress --version --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_lifeline_help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')" -- "$cur"))
		fi
		return
	fi
	help=$(_lifeline_help "${words[0]}")
	# a command with subcommands: the second word is one of them
	if [[ $help == *"<subcommand>"* ]]; then
		if [[ ${#words[@]} -eq 1 ]]; then
			COMPREPLY=($(compgen -W "$(printf '%s\n' "$help" | awk 'NR > 1 && /^  [a-z]/ { print $1 }')" -- "$cur"))
			return
		fi
		help=$(_lifeline_help "${words[0]}" "${words[1]}")
	fi
	usage=$(printf '%s\n' "$help" | sed -n 's/^usage: //p' | head -n 1)
	# the value of an option, as the usage line names it: its choices (--format e01|raw),
	# files, evidence ids, or nothing to offer (a number, a time, a size)
	if [[ $prev == -* ]]; then
		vals=$(printf '%s\n' "$usage" | grep -oE -- "(^|[[ ])$prev [^] [|]+(\|[^] [|]+)*" | head -n 1)
		if [[ -n $vals ]]; then
			vals=${vals#*"$prev "}
			case $vals in
			*"|"*) COMPREPLY=($(compgen -W "${vals//|/ }" -- "$cur")) ;;
			*FILE*|*DIR*|*PATH*|*SOURCE*) COMPREPLY=($(compgen -f -- "$cur")) ;;
			ID*) COMPREPLY=($(compgen -W "$(_lifeline_ids)" -- "$cur")) ;;
			esac
			return
		fi
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$({ printf '%s\n' "$help" | grep -oE -- '--[a-z][a-z0-9-]*'; echo --json; echo --help; } | sort -u)" -- "$cur"))
		return
	fi
	# operands: evidence ids where the usage takes ID, files where it takes FILE/PATH/SOURCE
	case $usage in
	*"[ID"*|*" ID"*) COMPREPLY=($(compgen -W "$(_lifeline_ids)" -- "$cur")) ;;
	*PATH*|*FILE*|*SOURCE*|*DIR*) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -o default -F _lifeline lifeline
