#!/bin/sh
# Every infeasible input in tests/data/infeasible/: plan exits 1, writes
# nothing, names the conflicting constraints at their file:line:column, and
# gives one relaxation per member.  NAME.culprits holds the members, each
# as the machine form of its relaxation (sorted): they must match exactly.
# Each relaxation alone is applied to a copy: the conflict must be gone.
# Then the first relaxation is applied to a copy of the input and plan runs
# again, until it succeeds (each run removes one conflict; at most 5 runs).
# Usage: test_infeasible.sh BINARY SOURCE_DIR
bin=$1 src=$2
dir=$src/tests/data/infeasible
apply=$src/tests/tools/apply_relax.py
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

plan() {	# FILE -> exit code; stderr in $tmp/err
	NO_COLOR=1 "$bin" plan "$1" -o "$tmp/out" 2>"$tmp/err" >/dev/null
}

edits() {	# the machine forms of the relax notes, in the order given
	sed -n 's/.*: note: relax: .* \[\(\(set\|del\|split\) .*\)\]$/\1/p' "$tmp/err"
}

n=0
for case in "$dir"/*.yaml; do
	name=$(basename "$case" .yaml)
	n=$((n + 1))
	rm -rf "$tmp/out"
	plan "$case"
	rc=$?
	if [ "$rc" -ne 1 ]; then
		echo "FAIL $name: exit $rc, expected 1"; cat "$tmp/err"; fail=1; continue
	fi
	if [ -e "$tmp/out" ]; then
		echo "FAIL $name: wrote $tmp/out"; fail=1
	fi
	if ! grep -q "^$case:[0-9]*:[0-9]*: error: " "$tmp/err"; then
		echo "FAIL $name: no file:line:column: error: line"; cat "$tmp/err"; fail=1
	fi
	# one error line per member, one relax note per member
	members=$(grep -c "^$case:[0-9]*:[0-9]*: error: " "$tmp/err")
	relaxes=$(edits | wc -l)
	if [ "$relaxes" -eq 0 ] || [ "$members" -lt "$relaxes" ]; then
		echo "FAIL $name: $members member lines, $relaxes relaxations"; cat "$tmp/err"; fail=1
	fi
	if ! edits | LC_ALL=C sort | diff -u "$dir/$name.culprits" - >"$tmp/diff"; then
		echo "FAIL $name: culprits differ:"; cat "$tmp/diff"; cat "$tmp/err"; fail=1
	fi
	# each relaxation alone removes this conflict: plan succeeds, or
	# names another one
	edits >"$tmp/edits"
	i=0
	while IFS= read -r edit; do
		i=$((i + 1))
		cp "$case" "$tmp/$name-$i.yaml"
		if ! /usr/bin/python3 "$apply" "$tmp/$name-$i.yaml" "$edit"; then
			echo "FAIL $name: cannot apply '$edit'"; fail=1; continue
		fi
		rm -rf "$tmp/out"
		plan "$tmp/$name-$i.yaml"
		rc=$?
		if [ "$rc" -eq 1 ] && edits | LC_ALL=C sort | cmp -s "$dir/$name.culprits" -; then
			echo "FAIL $name: '$edit' leaves the same conflict"; fail=1
		elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			echo "FAIL $name: after '$edit' plan exits $rc:"; cat "$tmp/err"; fail=1
		fi
	done <"$tmp/edits"
	# apply the first relaxation until plan succeeds
	plan "$case"
	cp "$case" "$tmp/$name.yaml"
	runs=0
	while :; do
		first=$(edits | head -n 1)
		if [ -z "$first" ]; then
			echo "FAIL $name: run $runs gives no relaxation"; cat "$tmp/err"; fail=1; break
		fi
		if ! /usr/bin/python3 "$apply" "$tmp/$name.yaml" "$first"; then
			echo "FAIL $name: cannot apply '$first'"; fail=1; break
		fi
		runs=$((runs + 1))
		rm -rf "$tmp/out"
		plan "$tmp/$name.yaml"
		rc=$?
		[ "$rc" -eq 0 ] && break
		if [ "$rc" -ne 1 ] || [ "$runs" -ge 5 ]; then
			echo "FAIL $name: after '$first' (run $runs) plan exits $rc:"; cat "$tmp/err"
			fail=1; break
		fi
	done
done
if [ "$n" -lt 12 ]; then
	echo "FAIL: only $n infeasible cases"; fail=1
fi

check() {	# NAME PHRASE...: the words of the report
	name=$1
	shift
	plan "$dir/$name.yaml"
	for phrase in "$@"; do
		if ! grep -qF -- "$phrase" "$tmp/err"; then
			echo "FAIL $name: missing '$phrase' in:"; cat "$tmp/err"; fail=1
		fi
	done
}

check room-features "room-features.yaml:13:5: error: Djibouti needs one room with 'fr' and video" \
	"room-features.yaml:10:5: error: Room XXIII has video and 'en' but not 'fr'" \
	"room-features.yaml:11:5: error: Room XXIV has 'en' and 'fr' but not video" \
	"room-features.yaml:11:5: note: relax: add \`video: true\` to Room XXIV"
check too-small "Burundi: 9 statements need at least 45 minutes (9 x 5)" \
	"a session leaves 40 minutes for statements (60 - 5 opening - 15 questions)" \
	"event.waitlist: true" "lower statement.min to 4 minutes"
check language "Mali needs one room with 'fr'" "Room One has 'en' but not 'fr'" \
	"add fr to the languages of Room One"
check video "France needs one room with video" "Room One has 'en' but not video"
check availability "Late Forum speaks on Israel and is available only on 2017-12-20" \
	"add 2017-12-20 to event.days"
check never-meet "Early Forum speaks on Israel and is available only on 2017-12-12" \
	"Late Forum speaks on Israel and is available only on 2017-12-13"
check room-time "sessions of 60 minutes run only within event.hours 10:00-12:00"
check pins "France is pinned to start at 2017-12-12 10:00" "Romania is pinned to start at 2017-12-12 10:00"
check coalition-pinned "speaks on Burkina Faso and Djibouti, one statement in each session"

# An existing output folder keeps its files untouched.
mkdir -p "$tmp/keep"
echo old >"$tmp/keep/timetable.json"
"$bin" plan "$dir/too-small.yaml" -o "$tmp/keep" 2>/dev/null
if [ "$(cat "$tmp/keep/timetable.json")" != old ] || [ "$(ls -A "$tmp/keep" | wc -l)" -ne 1 ]; then
	echo "FAIL: an infeasible plan touched the existing output folder"; fail=1
fi
[ $fail -eq 0 ] && echo "infeasible: $n cases explained, every first relaxation plans"
exit $fail
