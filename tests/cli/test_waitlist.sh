#!/bin/sh
# Who waits, and why (issue 13.4, 13.5): each waitlist reason names the
# speakers, room or session that push the statement out; plan prints one
# line per waitlisted statement and per State not held after its summary
# (not with --quiet); among speakers of one priority the latest
# applications wait (`applied`, then the order of the input).
# Usage: test_waitlist.sh BINARY SOURCE_DIR
bin=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
in=$src/tests/data/waitlist/reasons.yaml

"$bin" plan "$in" -o "$tmp/a" -f json 2>"$tmp/err" || { echo "FAIL: plan exit $?"; cat "$tmp/err"; exit 1; }
sed 's/, [0-9.]* ms$/, N ms/' "$tmp/err" >"$tmp/got"
cat >"$tmp/want" <<'TXT'
upr-schedule: 5 sessions, 17 statements, 8 waitlisted, score 8059 (optimal), N ms
upr-schedule: waitlisted: Org 5 (s5) for Germany: the session of Germany holds 8 statements of at least 5 minutes and 10 speakers can come; 1 with priority 5 that applied after Org 3 waits
upr-schedule: waitlisted: Org 6 (s6) for Germany: the session of Germany holds 8 statements of at least 5 minutes and 10 speakers can come; the seated have higher priorities than 3
upr-schedule: waitlisted: Ligue (fr1) for Germany: Ligue speaks in 'fr', which Room One, the room of the session of Germany, does not offer
upr-schedule: waitlisted: Video Org (v1) for Germany: Video Org speaks by video, and Room One, the room of the session of Germany, has no video
upr-schedule: waitlisted: Refugee Law Clinic Belgrade (r2) for Serbia: Refugee Law Clinic Belgrade cannot speak in the session of Serbia (2017-12-12 10:00-11:00): it is available only on 2017-12-13, when Roma Antidiscrimination Network Serbia is not
upr-schedule: waitlisted: I One (i1) for Israel: I One can speak in the session of Israel only during 15:05-15:10, when I Two speaks
upr-schedule: waitlisted: I Four (i4) for Israel: I Four cannot speak in the session of Israel (2017-12-12 15:00-16:00): it is available only on 2017-12-13, which misses every possible time of the session
upr-schedule: waitlisted: G One (g1) for Belgium: G One speaks in the session of Austria at 2017-12-13 10:05 in Room One, which leaves it no time in the session of Belgium (travel between rooms: 10 minutes)
upr-schedule: not held: Tonga: no speakers (session.min_statements is 1)
TXT
if ! cmp -s "$tmp/got" "$tmp/want"; then
	echo "FAIL: plan's stderr"; diff "$tmp/want" "$tmp/got"; fail=1
fi
# the terminal says what timetable.json says
for r in "Refugee Law Clinic Belgrade cannot speak in the session of Serbia" \
	"G One speaks in the session of Austria at 2017-12-13 10:05 in Room One"; do
	grep -qF "\"reason\":	\"$r" "$tmp/a/timetable.json" || { echo "FAIL: '$r' not in timetable.json"; fail=1; }
done
"$bin" validate "$in" -t "$tmp/a/timetable.json" >/dev/null 2>&1 || { echo "FAIL: validate"; fail=1; }
# --quiet: nothing at all
"$bin" plan "$in" -o "$tmp/q" -f json -q 2>"$tmp/err" || fail=1
[ -s "$tmp/err" ] && { echo "FAIL: --quiet printed"; cat "$tmp/err"; fail=1; }

# Ten speakers of priority 5 for 8 places: who waits.  APPLIED is a list
# of ten `applied` values ("-": none).
ties() {	# NAME APPLIED... ; then WANT: the waitlisted ids, sorted
	name=$1
	shift
	{
		cat <<YAML
event:
  name: Ties
  id: ties
  timezone: Europe/Zurich
  days: [2017-12-12]
  session: {grid: 60}
  waitlist: true
rooms:
  - {id: r1, name: Room One}
states:
  - {id: DE, name: Germany}
speakers:
YAML
		i=1
		for a in "$@"; do
			[ "$i" -gt 10 ] && break
			if [ "$a" = - ]; then
				echo "  - {id: s$i, organisation: Org $i, states: [DE]}"
			else
				echo "  - {id: s$i, organisation: Org $i, states: [DE], applied: '$a'}"
			fi
			i=$((i + 1))
		done
	} >"$tmp/$name.yaml"
}
waits() {	# NAME WANT
	"$bin" plan "$tmp/$1.yaml" -o "$tmp/o-$1" -f json -q 2>"$tmp/err" || { echo "FAIL $1: plan"; cat "$tmp/err"; fail=1; return; }
	got=$(sed -n '/"waitlist":/,/"not_held":/p' "$tmp/o-$1/timetable.json" |
		sed -n 's/.*"speaker":	"\(s[0-9]*\)".*/\1/p' | sort | tr '\n' ' ')
	[ "$got" = "$2 " ] || { echo "FAIL $1: waitlisted '$got', expected '$2'"; fail=1; }
}
ties none - - - - - - - - - -
waits none "s10 s9"
ties dated "2017-10-10 09:00" "2017-10-09 09:00" "2017-10-08 09:00" "2017-10-07 09:00" \
	"2017-10-06 09:00" "2017-10-05 09:00" "2017-10-04 09:00" "2017-10-03 09:00" \
	"2017-10-02 09:00" "2017-10-01 09:00"
waits dated "s1 s2"
# no date counts as later than any date; among those, the later in the file
ties undated "2017-10-01 09:00" "2017-10-01 09:00" "2017-10-01 09:00" - \
	"2017-10-02 09:00" "2017-10-02 09:00" - "2017-10-03 09:00" "2017-10-03 09:00" "2017-10-03 09:00"
waits undated "s4 s7"
# equal dates: the later in the file
ties same "2017-10-01 09:00" "2017-10-01 09:00" "2017-10-01 09:00" "2017-10-01 09:00" \
	"2017-10-01 09:00" "2017-10-01 09:00" "2017-10-01 09:00" "2017-10-01 09:00" \
	"2017-10-01 09:00" "2017-10-01 09:00"
waits same "s10 s9"
# minutes count: 14:30 is later than 14:29
ties minutes "2017-10-01 14:30" "2017-10-01 14:29" "2017-10-01 09:00" "2017-10-01 09:00" \
	"2017-10-01 09:00" "2017-10-01 09:00" "2017-10-01 09:00" "2017-10-01 09:00" \
	"2017-10-01 09:00" "2017-10-01 09:00"
waits minutes "s1 s2"
# a bad date-time is an input error at its place
ties bad "2017-13-01 09:00" - - - - - - - - -
"$bin" check "$tmp/bad.yaml" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "bad.yaml:13:58: error: date '2017-13-01' does not exist" "$tmp/err" ||
	{ echo "FAIL: bad applied: exit $rc"; cat "$tmp/err"; fail=1; }
[ $fail -eq 0 ] && echo "waitlist: reasons name names, the terminal says who, ties follow applied"
exit $fail
