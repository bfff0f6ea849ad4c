#!/bin/sh
# check: the example loads with exit 0, a one-line summary on stdout and one
# warning on stderr; usage errors exit 2 with the usage on stderr.
# Usage: test_check.sh BINARY SOURCE_DIR
bin=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

"$bin" check "$src/examples/upr29" >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: check exit $?"; cat "$tmp/err"; fail=1; }
[ "$(cat "$tmp/out")" = "14 States, 48 speakers, 56 statements, 2 rooms, 12 delegations" ] ||
	{ echo "FAIL: summary is '$(cat "$tmp/out")'"; fail=1; }
# stderr: only the warning that one of Israel's speakers will wait
# (tests/cli/test_precheck.sh has its words)
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^.*/speakers.yaml:272:5: warning: Israel: ' "$tmp/err" ||
	{ echo "FAIL: check's stderr is not the one warning"; cat "$tmp/err"; fail=1; }
# the files one by one, in any order, give the same
(cd "$src/examples/upr29" && "$bin" check states.yaml speakers.yaml event.yaml rooms.yaml delegations.yaml) >"$tmp/out2" 2>/dev/null || fail=1
cmp -s "$tmp/out" "$tmp/out2" || { echo "FAIL: files one by one differ"; fail=1; }

for args in "" "frobnicate" "--frobnicate" "check" "check --frobnicate $src/examples/upr29" "help frobnicate"; do
	# shellcheck disable=SC2086
	"$bin" $args >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] || { echo "FAIL: '$args' exit $rc, expected 2"; fail=1; }
	grep -q "usage: upr-schedule" "$tmp/err" || grep -q "help" "$tmp/err" ||
		{ echo "FAIL: '$args' prints no usage"; cat "$tmp/err"; fail=1; }
done
"$bin" --version | grep -qE '^upr-schedule [0-9]+\.[0-9]+\.[0-9]+$' || { echo "FAIL: --version"; fail=1; }
"$bin" --help | grep -q "^  check " || { echo "FAIL: --help lists no check"; fail=1; }
"$bin" help check | grep -q "usage: upr-schedule check" || { echo "FAIL: help check"; fail=1; }
[ $fail -eq 0 ] && echo "check: summary, usage errors, help"
exit $fail
