#!/bin/sh
# Messages about a timetable.json edited by hand point at the fix:
# (a) a session whose start and end were moved while its items were not is
#     named with its new time and where its items still are, and the
#     command that moves both (another day; the same day); a statement
#     merely out of place keeps the "right after the previous item" message;
# (b) a display field (state_name, room_name, an organisation) that
#     disagrees with the input is a warning naming both values, with a note
#     where the input defines the entity; validate and export still pass,
#     and the outputs write the input's name.
# Usage: test_hand_edits.sh BINARY SOURCE_DIR
bin=$1 src=$2
py=/usr/bin/python3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
export SOURCE_DATE_EPOCH=1512000000
ex="$src/examples/upr29"

[ -x $py ] || { echo "FAIL: $py is needed"; exit 1; }
"$bin" plan "$ex" -o "$tmp/plan" -f json -q || { echo "FAIL: plan of the example"; exit 1; }
tt="$tmp/plan/timetable.json"

# edit.py MODE IN OUT: one hand edit of the first session of IN; prints
# what the messages must name (State name, and the values involved).
cat >"$tmp/edit.py" <<'EOF'
import datetime as dt, json, sys
mode, src, dst = sys.argv[1:4]
d = json.load(open(src, encoding="utf-8"))
s = d["sessions"][0]
fmt = "%Y-%m-%dT%H:%M:%S%z"
def shift(v, days, hours):
    t = dt.datetime.strptime(v, fmt) + dt.timedelta(days=days, hours=hours)
    r = t.strftime(fmt)
    return r[:-2] + ":" + r[-2:]
def day(v):
    t = dt.datetime.strptime(v, fmt)
    return "%d %s" % (t.day, t.strftime("%B"))
first = [i for i in s["items"] if i["type"] == "statement"][0]
if mode in ("other-day", "same-day"):
    days, hours = (2, 0) if mode == "other-day" else (0, 4)
    s["start"], s["end"] = shift(s["start"], days, hours), shift(s["end"], days, hours)
    where = ("on " + day(first["start"])) if days else ("at " + first["start"][11:16])
    print("the session of %s starts at %s on %s but its items still start %s; "
          "move sessions with `upr-schedule edit move`"
          % (s["state_name"], s["start"][11:16], day(s["start"]), where))
elif mode == "one-statement":
    first["start"], first["end"] = shift(first["start"], 0, 0.25), shift(first["end"], 0, 0.25)
    print("the statement of %s starts" % first["organisation"])
elif mode == "names":
    old = (s["state_name"], s["room_name"], first["organisation"])
    s["state_name"], s["room_name"], first["organisation"] = "Edited State", "Edited room", "Edited org"
    print("\n".join([
        "sessions[0].state_name: 'Edited State' is not the input's name of State '%s', '%s'" % (s["state"], old[0]),
        "sessions[0].room_name: 'Edited room' is not the input's name of room '%s', '%s'" % (s["room"], old[1]),
        "organisation: 'Edited org' is not the input's name of speaker '%s', '%s'" % (first["speaker"], old[2]),
        "note: State '%s' is defined here" % s["state"],
        "note: room '%s' is defined here" % s["room"],
        "note: speaker '%s' is defined here" % first["speaker"]]))
json.dump(d, open(dst, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF

# (a) the session moved alone
for mode in other-day same-day; do
	want=$($py "$tmp/edit.py" $mode "$tt" "$tmp/$mode.json") || { echo "FAIL: $mode: edit"; fail=1; continue; }
	"$bin" validate "$ex" -t "$tmp/$mode.json" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || { echo "FAIL: $mode: validate exit $rc, want 1"; fail=1; }
	grep -qF "error: H3 statement-fit: $want" "$tmp/err" ||
		{ echo "FAIL: $mode: no message '$want'"; cat "$tmp/err"; fail=1; }
	grep -q "right after the previous item" "$tmp/err" &&
		{ echo "FAIL: $mode: the session's items are blamed one by one"; cat "$tmp/err"; fail=1; }
	[ "$(grep -c 'edit move' "$tmp/err")" -eq 1 ] ||
		{ echo "FAIL: $mode: the session is named more than once"; cat "$tmp/err"; fail=1; }
done
want=$($py "$tmp/edit.py" one-statement "$tt" "$tmp/one.json")
"$bin" validate "$ex" -t "$tmp/one.json" >"$tmp/out" 2>"$tmp/err"
grep -F "$want" "$tmp/err" | grep -q "right after the previous item" ||
	{ echo "FAIL: one statement out of place: not named as such"; cat "$tmp/err"; fail=1; }
grep -q "edit move" "$tmp/err" &&
	{ echo "FAIL: one statement out of place is taken for a moved session"; cat "$tmp/err"; fail=1; }

# (b) display fields
$py "$tmp/edit.py" names "$tt" "$tmp/names.json" >"$tmp/want" || { echo "FAIL: names: edit"; fail=1; }
"$bin" validate "$ex" -t "$tmp/names.json" >"$tmp/out" 2>"$tmp/err" ||
	{ echo "FAIL: names: validate fails"; cat "$tmp/err"; fail=1; }
while IFS= read -r line; do
	grep -qF -- "$line" "$tmp/err" || { echo "FAIL: names: no '$line'"; cat "$tmp/err"; fail=1; }
done <"$tmp/want"
[ "$(grep -c ': warning: ' "$tmp/err")" -eq 3 ] ||
	{ echo "FAIL: names: not three warnings"; cat "$tmp/err"; fail=1; }
"$bin" validate "$ex" -t "$tt" >"$tmp/out" 2>"$tmp/err"
[ -s "$tmp/err" ] && { echo "FAIL: the planned timetable gets messages"; cat "$tmp/err"; fail=1; }
"$bin" export "$ex" -t "$tmp/names.json" -o "$tmp/exp" -f json 2>"$tmp/err" ||
	{ echo "FAIL: names: export fails"; cat "$tmp/err"; fail=1; }
grep -q ': warning: .*room_name' "$tmp/err" || { echo "FAIL: names: export does not warn"; cat "$tmp/err"; fail=1; }
grep -q 'Edited' "$tmp/exp/timetable.json" && { echo "FAIL: names: the edited names are written"; fail=1; }
cmp -s "$tmp/exp/timetable.json" "$tt" || { echo "FAIL: names: export differs from the plan"; fail=1; }

[ $fail -eq 0 ] && echo "hand edits: moved session named with its fix, display fields warned"
exit $fail
