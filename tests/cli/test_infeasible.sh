#!/bin/sh
# Each kind of infeasible input: plan exits 1, names the constraints in an
# organiser's words, says what to relax, and writes nothing.
# Usage: test_infeasible.sh BINARY SOURCE_DIR
bin=$1 src=$2
dir=$src/tests/data/infeasible
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

check() {	# NAME PHRASE...
	name=$1
	shift
	out=$tmp/out-$name
	NO_COLOR=1 "$bin" plan "$dir/$name.yaml" -o "$out" 2>"$tmp/err" >/dev/null
	rc=$?
	if [ "$rc" -ne 1 ]; then
		echo "FAIL $name: exit $rc, expected 1"; cat "$tmp/err"; fail=1; return
	fi
	for phrase in "$@"; do
		if ! grep -qF -- "$phrase" "$tmp/err"; then
			echo "FAIL $name: missing '$phrase' in:"; cat "$tmp/err"; fail=1
		fi
	done
	if ! grep -q "^$dir/$name.yaml:[0-9]*:[0-9]*: error: " "$tmp/err"; then
		echo "FAIL $name: no file:line:column: error: line"; cat "$tmp/err"; fail=1
	fi
	if ! grep -q "note: relax: " "$tmp/err"; then
		echo "FAIL $name: does not say what to relax"; cat "$tmp/err"; fail=1
	fi
	if [ -e "$out" ]; then
		echo "FAIL $name: wrote $out"; ls -R "$out"; fail=1
	fi
}

check too-small "Burundi: 9 statements need at least 45 minutes (9 x 5)" \
	"a session leaves 40 minutes for statements (60 - 5 opening - 15 questions)" \
	"event.waitlist: true"
check language "Mali: Coalition malienne speaks in 'fr', which no room offers" \
	"add the language"
check video "France: Reseau ultramarin speaks by video, which no room offers"
check availability "Israel: Late Forum is available only on 2017-12-20, which misses every possible time of the session of Israel" \
	"widen its availability"
check never-meet "Early Forum (available only on 2017-12-12) and Late Forum (available only on 2017-12-13) are never available in the same session"
check room-time "3 States are to be held, but the rooms' time holds at most 2 sessions of 60 minutes (1 room, 1 day" \
	"add days, hours or rooms"
check pins "France and Romania are both pinned to room Room One, at 2017-12-12 10:00 and 2017-12-12 10:00"
check shared-speaker "Civic Space Sentinel speaks on United Arab Emirates, Burundi and Israel, and their sessions cannot all be placed" \
	"widen the speaker's"

# An existing output folder keeps its files untouched.
mkdir -p "$tmp/keep"
echo old >"$tmp/keep/timetable.json"
"$bin" plan "$dir/too-small.yaml" -o "$tmp/keep" 2>/dev/null
if [ "$(cat "$tmp/keep/timetable.json")" != old ] || [ "$(ls -A "$tmp/keep" | wc -l)" -ne 1 ]; then
	echo "FAIL: an infeasible plan touched the existing output folder"; fail=1
fi
[ $fail -eq 0 ] && echo "infeasible: all kinds explained"
exit $fail
