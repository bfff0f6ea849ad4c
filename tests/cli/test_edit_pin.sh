#!/bin/sh
# upr-schedule edit pin: the `room:` and `start:` lines that keep States
# where a timetable has them.  Printed: exactly the timetable's rooms and
# starts.  In place: states.yaml keeps every other byte (its comments and
# formatting), a value already there is replaced with its comment kept,
# pinning again changes nothing, and the next plan --baseline keeps the
# pinned States where they are.  A flow mapping is refused, untouched.
# Usage: test_edit_pin.sh BINARY SOURCE_DIR
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$2
py=/usr/bin/python3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ex="$src/examples/upr29"
export SOURCE_DATE_EPOCH=1512000000
"$bin" plan "$ex" -o "$tmp/pub" -q || { echo "FAIL: plan of the example"; exit 1; }

# where the timetable has a State: "ROOM START"
place() {
	$py - "$1" "$2" <<'PY'
import json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))
s = [s for s in t["sessions"] if s["state"] == sys.argv[2]][0]
print(s["room"], s["start"][:10] + " " + s["start"][11:16])
PY
}

# printed
cp -r "$ex" "$tmp/in"
(cd "$tmp" && "$bin" edit in -t pub/timetable.json pin FR ro) >"$tmp/out" 2>"$tmp/err" ||
	{ echo "FAIL: pin exit $?"; cat "$tmp/err"; fail=1; }
set -- $(place "$tmp/pub/timetable.json" FR) && fr_room=$1 fr_start="$2 $3"
set -- $(place "$tmp/pub/timetable.json" RO) && ro_room=$1 ro_start="$2 $3"
frl=$(grep -n '^  - id: FR$' "$ex/states.yaml" | cut -d: -f1)
rol=$(grep -n '^  - id: RO$' "$ex/states.yaml" | cut -d: -f1)
printf '# France (FR), in/states.yaml:%s\nroom: %s\nstart: %s\n# Romania (RO), in/states.yaml:%s\nroom: %s\nstart: %s\n' \
	"$frl" "$fr_room" "$fr_start" "$rol" "$ro_room" "$ro_start" >"$tmp/want"
cmp -s "$tmp/want" "$tmp/out" || { echo "FAIL: printed pins:"; diff "$tmp/want" "$tmp/out"; fail=1; }
cmp -s "$ex/states.yaml" "$tmp/in/states.yaml" || { echo "FAIL: printing changed states.yaml"; fail=1; }

# in place: the rest byte for byte; the new lines after each mapping
"$bin" edit "$tmp/in" -t "$tmp/pub/timetable.json" pin FR RO --in-place 2>"$tmp/err" ||
	{ echo "FAIL: pin --in-place exit $?"; cat "$tmp/err"; fail=1; }
$py - "$ex/states.yaml" "$tmp/in/states.yaml" "$fr_room" "$fr_start" "$ro_room" "$ro_start" <<'PY' || fail=1
import sys
old = open(sys.argv[1], "rb").read()
new = open(sys.argv[2], "rb").read()
fr = b"    room: %s\n    start: %s\n" % (sys.argv[3].encode(), sys.argv[4].encode())
ro = b"    room: %s\n    start: %s\n" % (sys.argv[5].encode(), sys.argv[6].encode())
# each after its State's last key line (review:, a comment after it)
want = old
for state, add in ((b"RO", ro), (b"FR", fr)):
    at = want.index(b"  - id: " + state + b"\n")
    end = want.index(b"\n\n", at) + 1
    want = want[:end] + add + want[end:]
if new != want:
    print("FAIL: states.yaml after pin --in-place differs beyond the pins")
    sys.exit(1)
PY
cp "$tmp/in/states.yaml" "$tmp/pinned.yaml"
"$bin" edit "$tmp/in" -t "$tmp/pub/timetable.json" pin FR RO --in-place -q 2>"$tmp/err" ||
	{ echo "FAIL: pin again exit $?"; cat "$tmp/err"; fail=1; }
cmp -s "$tmp/pinned.yaml" "$tmp/in/states.yaml" || { echo "FAIL: pinning again changed states.yaml"; fail=1; }

# a value already there: replaced, its comment kept; the missing key added
export SOURCE_DATE_EPOCH=1513000000
rm -rf "$tmp/moved" && cp -r "$tmp/pub" "$tmp/moved"
"$bin" edit "$tmp/in" -t "$tmp/moved/timetable.json" move ML --to "2017-12-12 16:00" -q ||
	{ echo "FAIL: move Mali"; fail=1; }
$py - "$tmp/in/states.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("    review: 2018-01-16 14:30    # held, really on Tue 12 December\n",
              "    review: 2018-01-16 14:30    # held, really on Tue 12 December\n"
              "    start: '2017-12-12 15:00'   # pinned by hand\n", 1)
open(p, "w", encoding="utf-8").write(s)
PY
cp "$tmp/in/states.yaml" "$tmp/before.yaml"
"$bin" edit "$tmp/in" -t "$tmp/moved/timetable.json" pin ML --in-place -q 2>"$tmp/err" ||
	{ echo "FAIL: pin Mali exit $?"; cat "$tmp/err"; fail=1; }
$py - "$tmp/before.yaml" "$tmp/in/states.yaml" <<'PY' || fail=1
import sys
old = open(sys.argv[1], "rb").read()
new = open(sys.argv[2], "rb").read()
want = old.replace(b"    start: '2017-12-12 15:00'   # pinned by hand\n",
                   b"    start: 2017-12-12 16:00   # pinned by hand\n", 1)
at = want.index(b"  - id: ML\n")
end = want.index(b"\n\n", at) + 1
want = want[:end] + b"    room: R24H\n" + want[end:]
if new != want:
    print("FAIL: Mali's pins: expected\n%s\ngot\n%s" % (want[at:end + 40].decode(), new[at:end + 40].decode()))
    sys.exit(1)
PY

# the next plan --baseline keeps the pinned States where they are
"$bin" plan "$tmp/in" --baseline "$tmp/moved/timetable.json" -o "$tmp/replan" -q 2>"$tmp/err" ||
	{ echo "FAIL: plan with the pins exit $?"; cat "$tmp/err"; fail=1; }
for s in FR RO ML; do
	[ "$(place "$tmp/replan/timetable.json" $s)" = "$(place "$tmp/moved/timetable.json" $s)" ] ||
		{ echo "FAIL: $s not kept by the re-plan"; fail=1; }
done
"$bin" validate "$tmp/in" -t "$tmp/replan/timetable.json" --baseline "$tmp/moved/timetable.json" >/dev/null 2>&1 ||
	{ echo "FAIL: the re-plan does not validate"; fail=1; }

# a flow mapping is refused, with where it is, and nothing changes
mkdir "$tmp/flow"
cp "$ex"/event.yaml "$ex"/rooms.yaml "$ex"/speakers.yaml "$ex"/delegations.yaml "$tmp/flow/"
$py - "$ex/states.yaml" "$tmp/flow/states.yaml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("  - id: RO\n    name: Romania\n    review: 2018-01-16 09:00    # held\n",
              "  - {id: RO, name: Romania, review: \"2018-01-16 09:00\"}\n", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
cp "$tmp/flow/states.yaml" "$tmp/flow.before"
"$bin" edit "$tmp/flow" -t "$tmp/pub/timetable.json" pin FR RO --in-place 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || { echo "FAIL: flow mapping exit $rc, expected 2"; fail=1; }
grep -q "states.yaml:$rol:5: error: RO is written as a flow mapping" "$tmp/err" ||
	{ echo "FAIL: flow mapping message:"; cat "$tmp/err"; fail=1; }
cmp -s "$tmp/flow.before" "$tmp/flow/states.yaml" || { echo "FAIL: states.yaml changed despite the error"; fail=1; }

# after a withdrawal the timetable no longer matches the input: pin still
# reads it (as plan --baseline does), edit points at the re-plan
cp -r "$ex" "$tmp/gone"
$py - "$tmp/gone/speakers.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
old = "  - id: reprieve                # real: at the UAE pre-session\n    organisation: Reprieve\n    kind: cso\n    states: [AE]\n\n"
assert old in s
open(p, "w", encoding="utf-8").write(s.replace(old, ""))
PY
"$bin" edit "$tmp/gone" -t "$tmp/pub/timetable.json" pin AE >"$tmp/out" 2>"$tmp/err" ||
	{ echo "FAIL: pin after a withdrawal exit $?"; cat "$tmp/err"; fail=1; }
set -- $(place "$tmp/pub/timetable.json" AE)
grep -qx "start: $2 $3" "$tmp/out" || { echo "FAIL: pin after a withdrawal:"; cat "$tmp/out"; fail=1; }
"$bin" edit "$tmp/gone" -t "$tmp/pub/timetable.json" order AE icfuae 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "re-plan with 'plan --baseline" "$tmp/err" ||
	{ echo "FAIL: edit after a withdrawal:"; cat "$tmp/err"; fail=1; }

# a State without a session has nothing to pin
"$bin" edit "$ex" -t "$tmp/pub/timetable.json" pin TO 2>"$tmp/err" >/dev/null
[ $? -eq 2 ] && grep -q "Tonga (TO) has no session in the timetable" "$tmp/err" ||
	{ echo "FAIL: pin of a State not held:"; cat "$tmp/err"; fail=1; }

[ $fail -eq 0 ] && echo "edit pin: printed, in place byte for byte, kept by the re-plan"
exit $fail
