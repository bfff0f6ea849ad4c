#!/bin/sh
# export --baseline: a timetable changed by hand (two statements of Romania
# swapped; a speaker of France withdrawn from the input and the session of
# France refitted) and exported against the published one gets the
# calendars of a re-plan: the same UIDs, SEQUENCE raised on exactly the
# changed events (python-icalendar reads them: calendar_history.py), the
# withdrawn speaker's statement CANCELLED, changes.txt written; without
# --baseline nothing rises and no changes.txt is written.
# Usage: test_export_baseline.sh BINARY SOURCE_DIR
bin=$1 src=$2
py=/usr/bin/python3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ex="$src/examples/upr29"
$py -c 'import icalendar' 2>/dev/null || { echo "FAIL: $py with icalendar (python3-icalendar) is needed"; exit 1; }

SOURCE_DATE_EPOCH=1512000000 "$bin" plan "$ex" -o "$tmp/base" -q ||
	{ echo "FAIL: plan of the example"; exit 1; }
export SOURCE_DATE_EPOCH=1513000000

# the round after the withdrawal: reseau-ultramarin gone from speakers.yaml
cp -r "$ex" "$tmp/in"
$py - "$tmp/in/speakers.yaml" <<'PY' || { echo "FAIL: cannot edit speakers.yaml"; exit 1; }
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
t = re.sub(r"\n  - id: reseau-ultramarin\n(    .*\n|\n)*?(?=  - id:)", "\n", s)
assert t != s
open(p, "w", encoding="utf-8").write(t)
PY

# the hand edit: Romania's first two statements swapped, France's session
# without the withdrawn speaker, its statements refitted by hand (40
# minutes shared by 6: four of 7, two of 6)
$py - "$tmp/base/timetable.json" "$tmp/edited.json" <<'PY' || { echo "FAIL: cannot edit the timetable"; exit 1; }
import datetime as dt, json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))
def iso(x):
    return x.isoformat()
for s in t["sessions"]:
    st = [i for i in s["items"] if i["type"] == "statement"]
    if s["state"] == "RO":
        a, b = st[0], st[1]
        assert a["minutes"] == b["minutes"]
        for k in ("speaker", "organisation", "kind", "language", "remote"):
            a[k], b[k] = b[k], a[k]
    if s["state"] == "FR":
        st = [i for i in st if i["speaker"] != "reseau-ultramarin"]
        cur = dt.datetime.fromisoformat(st[0]["start"])
        for n, i in enumerate(st):
            i["minutes"] = 7 if n < 4 else 6
            i["start"] = iso(cur)
            cur += dt.timedelta(minutes=i["minutes"])
            i["end"] = iso(cur)
        q = s["items"][-1]
        q["start"] = iso(cur)
        q["minutes"] = int((dt.datetime.fromisoformat(q["end"]) - cur).total_seconds() // 60)
        s["items"] = [s["items"][0]] + st + [q]
json.dump(t, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY

# without --baseline: the timetable is its own, nothing rises
"$bin" export "$tmp/in" -t "$tmp/edited.json" -o "$tmp/plain" 2>"$tmp/err" ||
	{ echo "FAIL: export without --baseline"; cat "$tmp/err"; fail=1; }
[ -e "$tmp/plain/changes.txt" ] && { echo "FAIL: changes.txt without --baseline"; fail=1; }
grep -q '^SEQUENCE:[1-9]' "$tmp/plain/calendar.ics" &&
	{ echo "FAIL: a SEQUENCE rose without --baseline"; fail=1; }

# with it: the calendars of a re-plan
"$bin" export "$tmp/in" -t "$tmp/edited.json" --baseline "$tmp/base/timetable.json" \
	-o "$tmp/out" 2>"$tmp/err" || { echo "FAIL: export --baseline exit $?"; cat "$tmp/err"; exit 1; }
$py "$src/tests/cli/calendar_history.py" "$tmp/base" "$tmp/out" >"$tmp/raised" ||
	{ echo "FAIL: the calendars against the baseline (above)"; fail=1; }
# exactly: Romania's session and its two swapped statements; France's
# session and every statement of it (all refitted, one cancelled)
$py - "$tmp/base/timetable.json" "$tmp/raised" <<'PY' || fail=1
import json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))
want = {"upr29/RO@upr-schedule", "upr29/FR@upr-schedule"}
for s in t["sessions"]:
    st = [i for i in s["items"] if i["type"] == "statement"]
    if s["state"] == "RO":
        want |= {"upr29/RO/%s@upr-schedule" % i["speaker"] for i in st[:2]}
    if s["state"] == "FR":
        want |= {"upr29/FR/%s@upr-schedule" % i["speaker"] for i in st}
got = set(open(sys.argv[2]).read().split())
if got != want:
    print("FAIL: SEQUENCE rose on %s, expected %s" % (sorted(got - want), sorted(want - got)))
    sys.exit(1)
PY
grep -q '^STATUS:CANCELLED' "$tmp/out/speakers/reseau-ultramarin.ics" ||
	{ echo "FAIL: the withdrawn speaker's statement is not cancelled"; fail=1; }
[ -s "$tmp/out/changes.txt" ] || { echo "FAIL: no changes.txt"; fail=1; }
for line in "France: Réseau ultramarin pour les droits de l'enfant withdrawn" \
	"France: new statement times:" "Romania: new statement times:"; do
	grep -qF "$line" "$tmp/out/changes.txt" ||
		{ echo "FAIL: changes.txt lacks '$line'"; cat "$tmp/out/changes.txt"; fail=1; }
done
grep -Eq '"sequence":[[:space:]]*1' "$tmp/out/timetable.json" ||
	{ echo "FAIL: timetable.json does not record the raised SEQUENCE"; fail=1; }
"$bin" validate "$tmp/in" -t "$tmp/out/timetable.json" --baseline "$tmp/base/timetable.json" \
	>"$tmp/v" 2>&1 || { echo "FAIL: the exported timetable does not validate"; cat "$tmp/v"; fail=1; }

# a baseline that does not read is an error of the input: exit 2, nothing written
echo '{' >"$tmp/bad.json"
"$bin" export "$tmp/in" -t "$tmp/edited.json" --baseline "$tmp/bad.json" -o "$tmp/none" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || { echo "FAIL: a broken baseline exit $rc, expected 2"; fail=1; }
grep -q "bad.json" "$tmp/err" || { echo "FAIL: the error does not name the baseline"; cat "$tmp/err"; fail=1; }
[ -e "$tmp/none" ] && { echo "FAIL: written despite a broken baseline"; fail=1; }

[ $fail -eq 0 ] && echo "export --baseline: calendars and changes.txt as after a re-plan"
exit $fail
