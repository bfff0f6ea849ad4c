#!/bin/sh
# export: the files of plan from an existing timetable, one calendar to
# stdout, a broken timetable refused unless --force, same bytes as plan.
# Usage: test_export.sh BINARY SOURCE_DIR
bin=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
export SOURCE_DATE_EPOCH=1512000000
ex=$src/examples/upr29

"$bin" plan "$ex" -o "$tmp/plan" -q || { echo "FAIL: plan"; exit 1; }
tt=$tmp/plan/timetable.json

# every file of plan, byte for byte
"$bin" export "$ex" --timetable "$tt" -o "$tmp/exp" || { echo "FAIL: export exit $?"; fail=1; }
if ! diff -r "$tmp/plan" "$tmp/exp" >/dev/null; then
	echo "FAIL: export differs from plan"; diff -r "$tmp/plan" "$tmp/exp" | head; fail=1
fi

# one delegation's calendar to stdout: the same bytes as plan's file
"$bin" export "$ex" -t "$tt" --delegation ch >"$tmp/ch.ics" || { echo "FAIL: --delegation"; fail=1; }
cmp -s "$tmp/ch.ics" "$tmp/plan/delegations/ch.ics" || { echo "FAIL: delegation calendar differs"; fail=1; }
"$bin" export "$ex" -t "$tt" --speaker icfuae -o "$tmp/s.ics" || { echo "FAIL: --speaker -o"; fail=1; }
cmp -s "$tmp/s.ics" "$tmp/plan/speakers/icfuae.ics" || { echo "FAIL: speaker calendar differs"; fail=1; }
"$bin" export "$ex" -t "$tt" -f csv -o - >"$tmp/t.csv" || { echo "FAIL: csv to stdout"; fail=1; }
cmp -s "$tmp/t.csv" "$tmp/plan/timetable.csv" || { echo "FAIL: csv differs"; fail=1; }

# unknown ids and wrong usage
"$bin" export "$ex" -t "$tt" --delegation zz >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "delegation 'zz' is not defined" "$tmp/err" || { echo "FAIL: unknown delegation"; cat "$tmp/err"; fail=1; }
"$bin" export "$ex" -t "$tt" --delegation ch --speaker icfuae >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: --delegation with --speaker"; fail=1; }
"$bin" export "$ex" >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: export without --timetable"; fail=1; }

# a timetable that breaks a hard constraint: refused, unless --force
/usr/bin/python3 - "$tt" "$tmp/broken.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["sessions"][0]
s["room"] = d["sessions"][1]["room"]
s["start"], s["end"] = d["sessions"][1]["start"], d["sessions"][1]["end"]
json.dump(d, open(sys.argv[2], "w"))
PY
"$bin" export "$ex" -t "$tmp/broken.json" -o "$tmp/broken" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: broken timetable exit $rc"; cat "$tmp/err"; fail=1; }
grep -q "H2 room-overlap" "$tmp/err" || { echo "FAIL: no H2 in"; cat "$tmp/err"; fail=1; }
[ -e "$tmp/broken" ] && { echo "FAIL: wrote a broken timetable's files"; fail=1; }
"$bin" export "$ex" -t "$tmp/broken.json" -o "$tmp/forced" --force -f json 2>/dev/null ||
	{ echo "FAIL: --force"; fail=1; }
[ -s "$tmp/forced/timetable.json" ] || { echo "FAIL: --force wrote nothing"; fail=1; }

# a full disk: exit 3
if [ -w /dev/full ]; then
	"$bin" export "$ex" -t "$tt" -f csv -o - >/dev/full 2>/dev/null
	[ $? -eq 3 ] || { echo "FAIL: /dev/full is not exit 3"; fail=1; }
fi
[ $fail -eq 0 ] && echo "export: all files, one calendar, refusals"
exit $fail
