#!/bin/sh
# plan on the example: exit 0, a summary line and who is left out, every output file, the
# timetable valid against the schema, and the same bytes on a second run and
# from another working directory.
# Usage: test_plan.sh BINARY SOURCE_DIR
bin=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
export SOURCE_DATE_EPOCH=1512000000

cd "$src" || exit 1
"$bin" plan examples/upr29 -o "$tmp/a" 2>"$tmp/err" || { echo "FAIL: plan exit $?"; cat "$tmp/err"; exit 1; }
if ! grep -qE '^upr-schedule: 8 sessions, [0-9]+ statements, [0-9]+ waitlisted, score [0-9]+ \((optimal|best found)\), [0-9.]+ ms$' "$tmp/err"; then
	echo "FAIL: summary line"; cat "$tmp/err"; fail=1
fi
# after the summary: one line per waitlisted statement and per State not
# held (the example has 1 and 6), then at most a lower bound; nothing else
wl=$(sed -n 's/^upr-schedule: .* \([0-9]*\) waitlisted, .*/\1/p' "$tmp/err")
[ "$(grep -c '^upr-schedule: waitlisted: [^:]* ([a-z0-9-]*) for [^:]*: .' "$tmp/err")" = "${wl:-x}" ] ||
	{ echo "FAIL: not one line per waitlisted statement"; cat "$tmp/err"; fail=1; }
[ "$(grep -c '^upr-schedule: not held: [^:]*: .' "$tmp/err")" = 6 ] ||
	{ echo "FAIL: not one line per State not held"; cat "$tmp/err"; fail=1; }
[ "$(grep -vc '^upr-schedule: \(waitlisted\|not held\|lower bound\)' "$tmp/err")" = 1 ] ||
	{ echo "FAIL: more than a summary and who is left out on stderr"; cat "$tmp/err"; fail=1; }
head -n 1 "$tmp/err" | grep -q ' sessions, ' || { echo "FAIL: the summary is not first"; cat "$tmp/err"; fail=1; }
for f in timetable.json timetable.csv calendar.ics programme.html schedule.xml \
	delegations/ch.ics speakers/icfuae.ics; do
	[ -s "$tmp/a/$f" ] || { echo "FAIL: $f missing"; fail=1; }
done
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	/usr/bin/python3 tests/tools/check_schema.py docs/timetable.schema.json "$tmp/a/timetable.json" || fail=1
else
	echo "FAIL: python3-jsonschema is needed"; fail=1
fi
grep -q '"optimal":	true' "$tmp/a/timetable.json" || { echo "FAIL: example not proved optimal"; fail=1; }

# a result not proved optimal (bench M at a small effort) says how far it
# may be from the best possible: the bound, and the points between them
mkdir "$tmp/m"
"${UPR_BENCH_GEN:?the CMake test sets it}" M "$tmp/m" 1 >/dev/null || fail=1
"$bin" plan "$tmp/m" -o "$tmp/e1" -f json --effort 2000 2>"$tmp/e1.err" || fail=1
line=$(grep '^upr-schedule: lower bound ' "$tmp/e1.err")
score=$(sed -n 's/.*score \([0-9]*\) (best found).*/\1/p' "$tmp/e1.err")
lb=$(printf '%s' "$line" | sed -n 's/^upr-schedule: lower bound \([0-9]*\): .*/\1/p')
pts=$(printf '%s' "$line" | sed -n 's/.* at most \([0-9]*\) points (\([0-9.]*\) %) above the best possible; a larger --effort may narrow the gap$/\1/p')
if [ -z "$score" ] || [ -z "$lb" ] || [ -z "$pts" ] || [ "$pts" -ne $((score - lb)) ]; then
	echo "FAIL: the lower bound's line at --effort 1"; cat "$tmp/e1.err"; fail=1
fi

# a second run, from another working directory, with absolute paths
mkdir "$tmp/elsewhere"
(cd "$tmp/elsewhere" && "$bin" plan "$src/examples/upr29" -o ../b -q) || fail=1
if ! diff -r "$tmp/a" "$tmp/b" >/dev/null; then
	echo "FAIL: outputs differ between runs"; diff -r "$tmp/a" "$tmp/b" | head; fail=1
fi
# only json asked: only json written
"$bin" plan examples/upr29 -o "$tmp/c" -f json -q || fail=1
[ "$(ls "$tmp/c")" = timetable.json ] || { echo "FAIL: -f json wrote $(ls "$tmp/c")"; fail=1; }
# -o -: one file to stdout, the same bytes as the file
"$bin" plan examples/upr29 -o - -f csv -q >"$tmp/stdout.csv" || fail=1
cmp -s "$tmp/stdout.csv" "$tmp/a/timetable.csv" || { echo "FAIL: -o - -f csv differs"; fail=1; }
"$bin" plan examples/upr29 -o - -f ics 2>/dev/null; [ $? -eq 2 ] || { echo "FAIL: -o - -f ics"; fail=1; }
# bad options are usage errors
"$bin" plan examples/upr29 -o "$tmp/d" -f pdf 2>/dev/null; [ $? -eq 2 ] || { echo "FAIL: -f pdf"; fail=1; }
"$bin" plan examples/upr29 --seed x 2>/dev/null; [ $? -eq 2 ] || { echo "FAIL: --seed x"; fail=1; }
"$bin" plan 2>/dev/null; [ $? -eq 2 ] || { echo "FAIL: plan without input"; fail=1; }
[ -e "$tmp/d" ] && { echo "FAIL: a usage error wrote output"; fail=1; }
[ $fail -eq 0 ] && echo "plan: example planned, deterministic"
exit $fail
