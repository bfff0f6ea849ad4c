#!/bin/sh
# One State with many speakers (issue 14.6): any number plans, the statements
# beyond what the session holds are waitlisted, and validate accepts the
# timetable.  Two shapes: a 60-minute session with 48 one-minute statement
# places (31..65 and 200 speakers, around the 32- and 64-bit word sizes), and
# a 1,440-minute session that seats all of them.
# Usage: test_many_speakers.sh BINARY SOURCE_DIR
bin=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

gen() {	# N LENGTH HOURS > file
	cat <<YAML
event:
  name: Many speakers
  id: many
  timezone: Europe/Zurich
  days: [2017-12-12]
  hours: [$3]
  session: {length: $2, opening: 6, questions: 6, grid: 60, min_statements: 1}
  statement: {min: 1, max: 1}
  waitlist: true
rooms:
  - {id: r1, name: Room One}
states:
  - {id: DE, name: Germany}
speakers:
YAML
	i=1
	while [ "$i" -le "$1" ]; do
		echo "  - {id: s$i, organisation: Org $i, states: [DE]}"
		i=$((i + 1))
	done
}

run() {	# N LENGTH HOURS SEATED
	n=$1 seated=$4
	gen "$n" "$2" "$3" >"$tmp/in-$n-$2.yaml"
	out=$tmp/out-$n-$2
	if ! "$bin" plan "$tmp/in-$n-$2.yaml" -o "$out" -f json -q 2>"$tmp/err"; then
		echo "FAIL $n speakers, length $2: plan exit $?"; cat "$tmp/err"; fail=1; return
	fi
	if ! "$bin" validate "$tmp/in-$n-$2.yaml" -t "$out/timetable.json" >/dev/null 2>"$tmp/err"; then
		echo "FAIL $n speakers, length $2: validate"; cat "$tmp/err"; fail=1
	fi
	got=$(grep -c '"type":	"statement"' "$out/timetable.json")
	wl=$(grep -c '"reason":' "$out/timetable.json")
	[ "$got" -eq "$seated" ] ||
		{ echo "FAIL $n speakers, length $2: $got seated, expected $seated"; fail=1; }
	[ $((got + wl)) -eq "$n" ] ||
		{ echo "FAIL $n speakers, length $2: $got seated + $wl waitlisted != $n"; fail=1; }
}

# 60 - 6 - 6 = 48 minutes: 48 statements of 1 minute
for n in 31 32 33 48 49 63 64 65 200; do
	if [ "$n" -le 48 ]; then run "$n" 60 10:00-11:00 "$n"; else run "$n" 60 10:00-11:00 48; fi
done
# a whole day: 1,428 minutes seat everyone
for n in 33 40 65 200; do
	run "$n" 1440 00:00-24:00 "$n"
done
[ $fail -eq 0 ] && echo "many speakers: any count plans, the rest waitlisted"
exit $fail
