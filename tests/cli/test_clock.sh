#!/bin/sh
# Clock changes and the years accepted, end to end: sessions on the days the
# clocks change keep their real minutes (every start and end in
# timetable.json, with its offset, is as far apart as the minutes say); a
# session ending at 24:00 on 31 December of the last year accepted is
# written as the next year's first minute in timetable.json and the
# calendar; the first and the last years plan and validate; the year after
# the last is refused (docs/input-decisions.md, "Clock changes").
# Usage: test_clock.sh BINARY SOURCE_DIR
bin=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

# input FILE ZONE DAYS HOURS STATES...: one room, a State per argument
# ("ID" or "ID@YYYY-MM-DD HH:MM" for a pinned start), one speaker each.
input() {
	f=$1 zone=$2 days=$3 hours=$4
	shift 4
	{
		printf 'event:\n  name: Clock\n  timezone: %s\n  days: %s\n  hours: %s\n' \
			"$zone" "$days" "$hours"
		printf 'rooms:\n  - id: r1\nstates:\n'
		for s in "$@"; do
			printf '  - id: %s\n    name: State %s\n' "${s%%@*}" "${s%%@*}"
			case $s in *@*) printf '    start: %s\n' "${s#*@}" ;; esac
		done
		printf 'speakers:\n'
		for s in "$@"; do
			printf '  - id: s%s\n    organisation: Org %s\n    states: [%s]\n' \
				"${s%%@*}" "${s%%@*}" "${s%%@*}"
		done
	} >"$f"
}

# plan_ok NAME: plans $tmp/NAME.yaml into $tmp/NAME and validates it.
plan_ok() {
	if ! NO_COLOR=1 "$bin" plan "$tmp/$1.yaml" -o "$tmp/$1" -f json,ics -q 2>"$tmp/err"; then
		echo "FAIL $1: plan failed"; cat "$tmp/err"; fail=1; return 1
	fi
	if ! NO_COLOR=1 "$bin" validate "$tmp/$1.yaml" -t "$tmp/$1/timetable.json" \
		>/dev/null 2>"$tmp/err"; then
		echo "FAIL $1: validate refused the plan"; cat "$tmp/err"; fail=1
	fi
}

# has NAME FILE TEXT: the output file, blanks removed, holds TEXT.
has() {
	if ! tr -d ' \t' <"$tmp/$1/$2" | grep -qF -- "$3"; then
		echo "FAIL $1: $2 lacks '$3'"; fail=1
	fi
}

# real_minutes NAME: every session lasts 60 real minutes and every item its
# minutes, by the offsets written.
real_minutes() {
	/usr/bin/python3 - "$tmp/$1/timetable.json" <<'PY' || fail=1
import datetime, json, sys
doc = json.load(open(sys.argv[1]))
def real(a, b):
    f = datetime.datetime.fromisoformat
    return int((f(b) - f(a)).total_seconds()) // 60
bad = 0
for s in doc["sessions"]:
    if real(s["start"], s["end"]) != 60:
        print("FAIL: session", s["state"], s["start"], s["end"]); bad = 1
    for it in s["items"]:
        if real(it["start"], it["end"]) != it["minutes"]:
            print("FAIL: item", it["start"], it["end"], it["minutes"]); bad = 1
if not doc["sessions"]:
    print("FAIL: no session"); bad = 1
sys.exit(bad)
PY
}

# The days the clocks change in Zurich, with windows right after each change.
input "$tmp/change.yaml" Europe/Zurich '[2018-03-25, 2018-10-28]' '[03:00-06:00, 10:00-13:00]' \
	'A@2018-03-25 03:00' 'B@2018-10-28 03:00' C D E F
if plan_ok change; then
	real_minutes change
	has change timetable.json '"start":"2018-03-25T03:00:00+02:00"'
	has change timetable.json '"start":"2018-10-28T03:00:00+01:00"'
	has change calendar.ics 'DTSTART;TZID=Europe/Zurich:20180325T030000'
fi

# Santiago changes at midnight: the day after its spring change.
input "$tmp/santiago.yaml" America/Santiago '[2017-08-13]' '[01:00-04:00]' 'A@2017-08-13 01:00' B
if plan_ok santiago; then
	real_minutes santiago
	has santiago timetable.json '"start":"2017-08-13T01:00:00-03:00"'
fi

# The last day of the last year, up to 24:00.
input "$tmp/last.yaml" Europe/Zurich '[2200-12-31]' '[23:00-24:00]' A
if plan_ok last; then
	real_minutes last
	has last timetable.json '"start":"2200-12-31T23:00:00+01:00"'
	has last timetable.json '"end":"2201-01-01T00:00:00+01:00"'
	has last calendar.ics 'DTSTART;TZID=Europe/Zurich:22001231T230000'
	has last calendar.ics 'DTEND;TZID=Europe/Zurich:22010101T000000'
fi

# The first minute of the first year.
input "$tmp/first.yaml" Europe/Zurich '[1970-01-01]' '[00:00-01:00]' A
if plan_ok first; then
	has first timetable.json '"start":"1970-01-01T00:00:00+01:00"'
	has first calendar.ics 'DTSTART;TZID=Europe/Zurich:19700101T000000'
fi

# One year later than the last is refused.
input "$tmp/after.yaml" Europe/Zurich '[2201-01-01]' '[10:00-13:00]' A
NO_COLOR=1 "$bin" check "$tmp/after.yaml" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 2 ] || ! grep -qF "error: date '2201-01-01' is outside the years 1970-2200" "$tmp/err"; then
	echo "FAIL after: exit $rc, expected 2 and the year range"; cat "$tmp/err"; fail=1
fi

exit $fail
