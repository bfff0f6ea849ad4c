#!/bin/sh
# --help and the documentation agree: every command that `upr-schedule
# --help` lists, and every option (--xxx and -x) that `upr-schedule help
# COMMAND` lists, is documented in docs/reference.md (in that command's
# section) and in the manual page (in that command's OPTIONS subsection);
# so are the formats of --format and the general options.
# Usage: test_help_docs.sh BINARY SOURCE_DIR
bin=$1 src=$2
ref=$src/docs/reference.md
page=$src/docs/upr-schedule.1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

[ -s "$ref" ] || { echo "FAIL: $ref missing"; exit 1; }
[ -s "$page" ] || { echo "FAIL: $page missing"; exit 1; }
# wide, so that no option is broken or hyphenated at a line end
LC_ALL=C.UTF-8 MANWIDTH=1000 man -l -E UTF-8 "$page" >"$tmp/man" 2>/dev/null ||
	{ echo "FAIL: man cannot render $page"; exit 1; }

"$bin" --help >"$tmp/help" || { echo "FAIL: --help exit $?"; exit 1; }
commands=$(sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$tmp/help")
[ -n "$commands" ] || { echo "FAIL: no command found in --help"; cat "$tmp/help"; exit 1; }

# options in a help text: -x and --long-name, as whole words
options_of() {
	grep -oE '(^|[ ,[])--?[A-Za-z][A-Za-z-]*' "$1" | sed 's/^[ ,[]//' |
		grep -E '^(-[A-Za-z]|--[A-Za-z][A-Za-z-]+)$' | sort -u
}
# does file $1 mention option $2 as a whole word?
mentions() {
	grep -qE -- "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|\$)" "$1"
}
# the reference's section of a command: from its "### `upr-schedule CMD`"
# heading to the next heading of that level or above
ref_section() {
	awk -v h="### \`upr-schedule $1\`" '
		index($0, h) == 1 { on = 1; print; next }
		on && /^#/ && !/^####/ { exit }
		on { print }' "$ref"
}
# the manual page's OPTIONS subsection of a command
man_section() {
	awk -v h="   $1" '
		/^[A-Z]/ { opts = ($0 == "OPTIONS"); on = 0; next }
		opts && $0 == h { on = 1; next }
		on && /^   [^ ]/ { exit }
		on { print }' "$tmp/man"
}

# general options, from the top-level help
options_of "$tmp/help" >"$tmp/general"
while read -r o; do
	mentions "$ref" "$o" || { echo "FAIL: reference.md does not mention $o"; fail=1; }
	mentions "$tmp/man" "$o" || { echo "FAIL: the manual page does not mention $o"; fail=1; }
done <"$tmp/general"

for c in $commands; do
	grep -q "upr-schedule $c" "$ref" || { echo "FAIL: reference.md has no 'upr-schedule $c'"; fail=1; }
	grep -q "upr-schedule $c" "$tmp/man" || { echo "FAIL: the manual page has no 'upr-schedule $c'"; fail=1; }
	ref_section "$c" >"$tmp/ref-$c"
	[ -s "$tmp/ref-$c" ] || { echo "FAIL: reference.md has no section '### \`upr-schedule $c\`'"; fail=1; }
	"$bin" help "$c" >"$tmp/help-$c" || { echo "FAIL: help $c exit $?"; fail=1; continue; }
	options_of "$tmp/help-$c" >"$tmp/opts-$c"
	if [ -s "$tmp/opts-$c" ]; then
		man_section "$c" >"$tmp/man-$c"
		[ -s "$tmp/man-$c" ] || { echo "FAIL: the manual page has no OPTIONS subsection '$c'"; fail=1; }
	fi
	while read -r o; do
		mentions "$tmp/ref-$c" "$o" ||
			{ echo "FAIL: reference.md does not document $o in the section of $c"; fail=1; }
		mentions "$tmp/man-$c" "$o" ||
			{ echo "FAIL: the manual page does not document $o under OPTIONS, $c"; fail=1; }
	done <"$tmp/opts-$c"
	# formats named in the help of --format
	for f in $(sed -n 's/.*--format LIST *any of \([a-z,]*\).*/\1/p' "$tmp/help-$c" | tr ',' ' '); do
		grep -q "\`$f\`" "$tmp/ref-$c" "$tmp/ref-plan" ||
			{ echo "FAIL: reference.md does not name format $f for $c"; fail=1; }
		mentions "$tmp/man" "$f" || { echo "FAIL: the manual page does not name format $f"; fail=1; }
	done
done

[ $fail -eq 0 ] && echo "help and docs: $(echo "$commands" | wc -w) commands and their options documented"
exit $fail
