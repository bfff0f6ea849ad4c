# bash completion for upr-schedule                        -*- shell-script -*-
#
# Completes the commands, the options of each command, the formats of
# -f/--format (comma-separated), and file names: YAML files and directories
# for INPUT, .json files for --timetable and --baseline, directories for
# plan's --out, .csv files for import's FORM.csv.  Installed as
# share/bash-completion/completions/upr-schedule; works with or without the
# bash-completion package.
# shellcheck disable=SC2207  # COMPREPLY=($(compgen ...)) is the completion idiom

# Adds file names of one kind to COMPREPLY: input (*.yaml, *.yml and
# directories), json (*.json and directories), csv (*.csv and directories),
# dir, or any.
_upr_schedule_files()
{
	local kind=$1
	if declare -F _filedir >/dev/null 2>&1; then
		case $kind in
		input) _filedir '@(yaml|yml)' ;;
		json) _filedir json ;;
		csv) _filedir '@(csv|CSV|txt|tsv)' ;;
		dir) _filedir -d ;;
		*) _filedir ;;
		esac
		return
	fi
	local IFS=$'\n'
	case $kind in
	input)
		COMPREPLY+=($(compgen -d -- "$cur") $(compgen -f -X '!*.yaml' -- "$cur")
			$(compgen -f -X '!*.yml' -- "$cur")) ;;
	json)
		COMPREPLY+=($(compgen -d -- "$cur") $(compgen -f -X '!*.json' -- "$cur")) ;;
	csv)
		COMPREPLY+=($(compgen -d -- "$cur") $(compgen -f -X '!*.csv' -- "$cur")) ;;
	dir)
		COMPREPLY+=($(compgen -d -- "$cur")) ;;
	*)
		COMPREPLY+=($(compgen -f -- "$cur")) ;;
	esac
	compopt -o filenames 2>/dev/null
}

# Completes the last element of a comma-separated list of formats.  The
# formats are those `upr-schedule help plan` lists (the program's format
# registry), so a new format needs no edit here.
_upr_schedule_formats()
{
	local prefix='' last=$cur formats
	if [[ $cur == *,* ]]; then
		prefix=${cur%,*},
		last=${cur##*,}
	fi
	formats=$("${COMP_WORDS[0]}" help plan 2>/dev/null |
		sed -n 's/.*--format LIST *any of \([a-z0-9,-]*\), or all.*/\1/p')
	COMPREPLY=($(compgen -P "$prefix" -W "${formats//,/ } all" -- "$last"))
	compopt -o nospace 2>/dev/null
}

_upr_schedule()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands='plan check validate export edit why import help'
	COMPREPLY=()

	# --out=DIR: bash splits the word at '=' (COMP_WORDBREAKS).
	if [[ $cur == = ]]; then
		cur=''
	elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	if ((COMP_CWORD == 1)); then
		COMPREPLY=($(compgen -W "$commands --help -h --version" -- "$cur"))
		return
	fi
	local cmd=${COMP_WORDS[1]} opts
	case $cmd in
	plan)
		opts='--out --format --seed --effort --time-limit --baseline --fresh --lang --quiet --verbose --help'
		case $prev in
		-o | --out) _upr_schedule_files dir; return ;;
		-f | --format) _upr_schedule_formats; return ;;
		--seed | --effort | --time-limit) return ;;
		--baseline) _upr_schedule_files json; return ;;
		--lang) COMPREPLY=($(compgen -W 'en fr es' -- "$cur")); return ;;
		esac ;;
	check)
		opts='--help' ;;
	validate)
		opts='--timetable --json --explain --baseline --help'
		case $prev in
		-t | --timetable | --baseline) _upr_schedule_files json; return ;;
		esac ;;
	export)
		opts='--timetable --out --format --delegation --speaker --force --baseline --lang --notices --help'
		case $prev in
		-t | --timetable | --baseline) _upr_schedule_files json; return ;;
		-o | --out | --notices) _upr_schedule_files any; return ;;
		-f | --format) _upr_schedule_formats; return ;;
		--delegation | --speaker) return ;;
		--lang) COMPREPLY=($(compgen -W 'en fr es' -- "$cur")); return ;;
		esac ;;
	edit)
		opts='--timetable --out --format --to --room --state --in-place --force --lang --quiet --help'
		case $prev in
		-t | --timetable) _upr_schedule_files json; return ;;
		-o | --out) _upr_schedule_files dir; return ;;
		-f | --format) _upr_schedule_formats; return ;;
		--to | --room | --state) return ;;
		--lang) COMPREPLY=($(compgen -W 'en fr es' -- "$cur")); return ;;
		esac
		if [[ $cur != -* ]]; then
			COMPREPLY=($(compgen -W 'move swap order waitlist seat pin' -- "$cur"))
			_upr_schedule_files input
			return
		fi ;;
	why)
		opts='--timetable --json --seed --effort --help'
		case $prev in
		-t | --timetable) _upr_schedule_files json; return ;;
		--seed | --effort) return ;;
		esac ;;
	import)
		opts='--map --input --out --keep-latest --delimiter --init --help'
		case $prev in
		-m | --map) _upr_schedule_files input; return ;;
		-i | --input) _upr_schedule_files input; return ;;
		-o | --out) _upr_schedule_files any; return ;;
		--delimiter) COMPREPLY=($(compgen -W ", ; tab" -- "$cur")); return ;;
		esac
		if [[ $cur != -* ]]; then
			_upr_schedule_files csv
			return
		fi ;;
	help)
		((COMP_CWORD == 2)) && COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		return ;;
	*)
		return ;;
	esac

	# after --, only inputs
	local i
	for ((i = 2; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			_upr_schedule_files input
			return
		fi
	done
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	_upr_schedule_files input
}

complete -F _upr_schedule upr-schedule
