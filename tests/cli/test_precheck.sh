#!/bin/sh
# check finds what needs no search (issue 13.3): each tests/data/precheck/
# NAME.yaml must give exactly NAME.expected on stderr (paths relative to
# tests/data), exit 1 with waitlist: false (errors: no timetable can exist)
# and exit 0 with waitlist: true (warnings: who will wait), except where an
# NHRI would have to wait; plan agrees on each: it fails where check fails.
# Usage: test_precheck.sh BINARY SOURCE_DIR
bin=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
cd "$src/tests/data" || exit 1

case_() {	# NAME EXIT
	NO_COLOR=1 "$bin" check "precheck/$1.yaml" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq "$2" ] || { echo "FAIL $1: check exit $rc, expected $2"; fail=1; }
	if ! cmp -s "$tmp/err" "precheck/$1.expected"; then
		echo "FAIL $1: stderr"; diff "precheck/$1.expected" "$tmp/err"; fail=1
	fi
	grep -q '^[0-9]* States\?, ' "$tmp/out" || { echo "FAIL $1: no summary on stdout"; fail=1; }
	"$bin" plan "precheck/$1.yaml" -o "$tmp/plan-$1" -f json -q 2>/dev/null
	rc=$?
	[ $rc -eq "$2" ] || { echo "FAIL $1: plan exit $rc, check said $2"; fail=1; }
}
case_ rooms 1
case_ rooms-waitlist 0
case_ rooms-nhri 1
case_ times 1
case_ times-waitlist 0
case_ times-nhri 0
case_ times-all 1
case_ no-start 1
case_ minutes 1
case_ minutes-waitlist 0

# who check says will wait is who plan waitlists
for c in "minutes-waitlist s2" "minutes-waitlist s4" "times-waitlist a2" "times-nhri a1"; do
	set -- $c
	grep -q "\"speaker\":	\"$2\"" "$tmp/plan-$1/timetable.json" ||
		{ echo "FAIL $1: plan did not waitlist $2"; fail=1; }
done

# the example: one warning (Israel's two speakers never meet), exit 0
NO_COLOR=1 "$bin" check "$src/examples/upr29" >/dev/null 2>"$tmp/err" || { echo "FAIL: example exit $?"; fail=1; }
[ "$(cat "$tmp/err")" = "$src/examples/upr29/speakers.yaml:272:5: warning: Israel: Ethiopian-Israeli Equality Forum (available only from 2017-12-14 to 2017-12-15) and Civic Space Sentinel (available only from 2017-12-12 to 2017-12-13) are never available in the same session: one will wait, by priority and application Civic Space Sentinel" ] ||
	{ echo "FAIL: example warning"; cat "$tmp/err"; fail=1; }
[ $fail -eq 0 ] && echo "precheck: check finds what needs no search"
exit $fail
