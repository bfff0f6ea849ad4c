#!/bin/sh
# Calendars never go stale (docs/replan.md, "A plan into a folder that
# holds a timetable"):
# (a) a plan into a folder that holds its own earlier timetable.json
#     re-plans against it, with a note; nothing else changes (changes.txt
#     says "No changes.");
# (b) a speaker withdrawn and a delegation deleted from the input, re-planned
#     without --baseline: speakers/ID.ics and delegations/ID.ics hold only
#     CANCELLED events with a higher SEQUENCE (read with python-icalendar,
#     merged with the old files as a subscribed client would: no UID of the
#     speaker stays CONFIRMED anywhere); the next plan removes both files;
#     a file of the user's and a calendar this program did not write stay;
# (c) the same published in place (DIR is the working directory);
# (d) --fresh plans as into an empty folder (the same sessions and items),
#     yet cancels the events the old timetable.json published that are gone;
# (e) a timetable.json that is broken or of another event stops a plan
#     with exit 2, naming --baseline and --fresh, and nothing is written;
#     --fresh passes it over with a warning; --fresh with --baseline is a
#     usage error.
# Usage: test_stale.sh BINARY SOURCE_DIR
bin=$1 src=$2
py=/usr/bin/python3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ex="$src/examples/upr29"
$py -c 'import icalendar' 2>/dev/null || { echo "FAIL: python3-icalendar is needed"; exit 1; }

# cal.py CMD ...: calendars as a client reads them (python-icalendar).
#   gone OLD NEW: NEW has the UIDs of OLD, each CANCELLED with a higher SEQUENCE
#   none-live ID DIR...: a client that holds every calendar of each DIR, the
#     later DIRs' updates applied by SEQUENCE, has no event of speaker ID
#     that is not CANCELLED
cat >"$tmp/cal.py" <<'EOF'
import glob, os, sys
import icalendar

def events(path):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    return {str(e["UID"]): (int(e.get("SEQUENCE", 0)), str(e.get("STATUS", "")))
            for e in cal.walk("VEVENT")}

cmd, errors = sys.argv[1], []
if cmd == "gone":
    old, new = events(sys.argv[2]), events(sys.argv[3])
    if not old:
        errors.append("%s has no events" % sys.argv[2])
    if set(old) != set(new):
        errors.append("UIDs differ: %s" % sorted(set(old) ^ set(new)))
    for uid, (seq, status) in new.items():
        if status != "CANCELLED" or uid in old and seq <= old[uid][0]:
            errors.append("%s: SEQUENCE %d STATUS %s (was %s)" % (uid, seq, status, old.get(uid)))
elif cmd == "none-live":
    who, held = sys.argv[2], {}
    for d in sys.argv[3:]:
        for path in glob.glob(os.path.join(d, "**", "*.ics"), recursive=True):
            for uid, (seq, status) in events(path).items():
                if uid not in held or seq > held[uid][0]:
                    held[uid] = (seq, status)
    mine = {u: v for u, v in held.items() if u.endswith("/" + who + "@upr-schedule")}
    if not mine:
        errors.append("no event of %s was ever published" % who)
    for uid, (seq, status) in mine.items():
        if status != "CANCELLED":
            errors.append("%s stays %s at SEQUENCE %d" % (uid, status, seq))
for e in errors:
    print("FAIL: %s: %s" % (cmd, e))
sys.exit(1 if errors else 0)
EOF

# remove.py FILE ID: removes the list entry "  - id: ID" (and its lines)
cat >"$tmp/remove.py" <<'EOF'
import re, sys
path, ident = sys.argv[1:3]
s = open(path, encoding="utf-8").read()
t = re.sub(r"\n  - id: %s\n(?:    .*\n|\s*#.*\n)*" % re.escape(ident), "\n", s, count=1)
assert t != s, "no entry " + ident
open(path, "w", encoding="utf-8").write(t)
EOF

# (a) twice into one folder
cp -r "$ex" "$tmp/in"
SOURCE_DATE_EPOCH=1512000000 "$bin" plan "$tmp/in" -o "$tmp/out" -q || { echo "FAIL: first plan"; exit 1; }
cp -r "$tmp/out" "$tmp/first"
printf 'mine\n' >"$tmp/out/speakers/README.txt"
printf 'BEGIN:VCALENDAR\r\nPRODID:-//someone else//EN\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n' >"$tmp/out/speakers/theirs.ics"
SOURCE_DATE_EPOCH=1512000000 "$bin" plan "$tmp/in" -o "$tmp/out" 2>"$tmp/err" ||
	{ echo "FAIL: (a) second plan into the folder"; cat "$tmp/err"; fail=1; }
grep -q "re-planned against $tmp/out/timetable.json, the timetable published there, .*--fresh" "$tmp/err" ||
	{ echo "FAIL: (a) no note on the baseline found"; cat "$tmp/err"; fail=1; }
[ "$(cat "$tmp/out/changes.txt")" = "No changes." ] || { echo "FAIL: (a) changes.txt"; cat "$tmp/out/changes.txt"; fail=1; }
rm "$tmp/out/changes.txt"
diff -r -x README.txt -x theirs.ics "$tmp/first" "$tmp/out" >"$tmp/diff" ||
	{ echo "FAIL: (a) the second plan changed files"; head "$tmp/diff"; fail=1; }

# (b) a speaker withdraws, a delegation is deleted
$py "$tmp/remove.py" "$tmp/in/speakers.yaml" ocle || fail=1
$py "$tmp/remove.py" "$tmp/in/delegations.yaml" br || fail=1
SOURCE_DATE_EPOCH=1513000000 "$bin" plan "$tmp/in" -o "$tmp/out" -q 2>"$tmp/err" ||
	{ echo "FAIL: (b) re-plan"; cat "$tmp/err"; fail=1; }
$py "$tmp/cal.py" gone "$tmp/first/speakers/ocle.ics" "$tmp/out/speakers/ocle.ics" || fail=1
$py "$tmp/cal.py" gone "$tmp/first/delegations/br.ics" "$tmp/out/delegations/br.ics" || fail=1
$py "$tmp/cal.py" none-live ocle "$tmp/first" "$tmp/out" || fail=1
# planned nowhere; its cancelled statement is recorded ("cancelled")
cat >"$tmp/ocle.py" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))
live = [s["state"] for s in t["sessions"] for i in s["items"] if i.get("speaker") == "ocle"]
live += [w["state"] for w in t["waitlist"] if w["speaker"] == "ocle"]
gone = [c["state"] for c in t.get("cancelled", []) if c.get("speaker") == "ocle"]
if live or gone != ["FR"]:
    print("FAIL: (b) ocle still planned on %s, recorded cancelled on %s" % (live, gone))
    sys.exit(1)
EOF
$py "$tmp/ocle.py" "$tmp/out/timetable.json" || fail=1
grep -q 'withdrawn' "$tmp/out/changes.txt" || { echo "FAIL: (b) changes.txt names no withdrawal"; fail=1; }
cp -r "$tmp/out" "$tmp/second"
SOURCE_DATE_EPOCH=1514000000 "$bin" plan "$tmp/in" -o "$tmp/out" -q 2>"$tmp/err" ||
	{ echo "FAIL: (b) third plan"; cat "$tmp/err"; fail=1; }
for f in speakers/ocle.ics delegations/br.ics; do
	[ -e "$tmp/out/$f" ] && { echo "FAIL: (b) $f is still there after the run that cancelled it"; fail=1; }
done
[ -s "$tmp/out/delegations/be.ics" ] || { echo "FAIL: (b) a current delegation's calendar is gone"; fail=1; }
$py "$tmp/ocle.py" "$tmp/out/timetable.json" || { echo "FAIL: (b) the third plan dropped the record"; fail=1; }
cmp -s "$tmp/out/speakers/theirs.ics" "$tmp/second/speakers/theirs.ics" && [ -f "$tmp/out/speakers/README.txt" ] ||
	{ echo "FAIL: (b) files that are not our calendars were touched"; fail=1; }
$py "$tmp/cal.py" none-live ocle "$tmp/first" "$tmp/second" "$tmp/out" || fail=1

# (c) in place: the output folder is the working directory
cp -r "$ex" "$tmp/in-c"
SOURCE_DATE_EPOCH=1512000000 "$bin" plan "$tmp/in-c" -o "$tmp/out-c" -q || fail=1
cp "$tmp/out-c/delegations/br.ics" "$tmp/br-c.ics"
$py "$tmp/remove.py" "$tmp/in-c/delegations.yaml" br || fail=1
(cd "$tmp/out-c" && SOURCE_DATE_EPOCH=1513000000 "$bin" plan "$tmp/in-c" -o . -q) ||
	{ echo "FAIL: (c) re-plan in place"; fail=1; }
$py "$tmp/cal.py" gone "$tmp/br-c.ics" "$tmp/out-c/delegations/br.ics" || fail=1
(cd "$tmp/out-c" && SOURCE_DATE_EPOCH=1514000000 "$bin" plan "$tmp/in-c" -o . -q) || fail=1
[ -e "$tmp/out-c/delegations/br.ics" ] && { echo "FAIL: (c) br.ics stays in place"; fail=1; }
ls -a "$tmp/out-c" | grep -q upr-stage && { echo "FAIL: (c) a staging directory is left"; fail=1; }

# (d) --fresh
cp -r "$ex" "$tmp/in-d"
SOURCE_DATE_EPOCH=1512000000 "$bin" plan "$tmp/in-d" -o "$tmp/out-d" -q || fail=1
cp -r "$tmp/out-d" "$tmp/first-d"
$py "$tmp/remove.py" "$tmp/in-d/speakers.yaml" exiles-littoral || fail=1
SOURCE_DATE_EPOCH=1513000000 "$bin" plan "$tmp/in-d" -o "$tmp/empty-d" -q || fail=1
SOURCE_DATE_EPOCH=1513000000 "$bin" plan "$tmp/in-d" -o "$tmp/out-d" --fresh 2>"$tmp/err" ||
	{ echo "FAIL: (d) plan --fresh"; cat "$tmp/err"; fail=1; }
grep -q "planned afresh; the calendar events of $tmp/out-d/timetable.json that the new plan does not have are published as cancelled" "$tmp/err" ||
	{ echo "FAIL: (d) no note on --fresh"; cat "$tmp/err"; fail=1; }
$py - "$tmp/empty-d/timetable.json" "$tmp/out-d/timetable.json" <<'EOF' || fail=1
import json, sys
def plan(path):
    def strip(o):
        if isinstance(o, dict):
            # what a re-plan adds: SEQUENCEs and the events it cancelled
            return {k: strip(v) for k, v in o.items() if k not in ("sequence", "cancelled")}
        if isinstance(o, list):
            return [strip(v) for v in o]
        return o
    return strip(json.load(open(path, encoding="utf-8")))
a, b = plan(sys.argv[1]), plan(sys.argv[2])
if a != b:
    print("FAIL: (d) --fresh planned otherwise than into an empty folder")
    sys.exit(1)
EOF
$py "$tmp/cal.py" gone "$tmp/first-d/speakers/exiles-littoral.ics" "$tmp/out-d/speakers/exiles-littoral.ics" || fail=1
$py "$tmp/cal.py" none-live exiles-littoral "$tmp/first-d" "$tmp/out-d" || fail=1
grep -q 'withdrawn' "$tmp/out-d/changes.txt" || { echo "FAIL: (d) changes.txt names no withdrawal"; fail=1; }

# (e) a timetable.json that cannot be the baseline
cp -r "$tmp/first-d" "$tmp/out-e"
printf '{"schema": ' >"$tmp/out-e/timetable.json"
cp -r "$tmp/out-e" "$tmp/before-e"
"$bin" plan "$ex" -o "$tmp/out-e" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || { echo "FAIL: (e) broken timetable.json: exit $rc, want 2"; fail=1; }
grep -q -- "--baseline FILE.*--fresh" "$tmp/err" || { echo "FAIL: (e) no hint"; cat "$tmp/err"; fail=1; }
diff -r "$tmp/before-e" "$tmp/out-e" >/dev/null || { echo "FAIL: (e) a refused plan wrote files"; fail=1; }
$py -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8")); d["event"]["id"] += "-other"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"))' "$tmp/first-d/timetable.json" "$tmp/out-e/timetable.json" || fail=1
"$bin" plan "$ex" -o "$tmp/out-e" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "not the input's event id" "$tmp/err" && grep -q -- "--fresh to start over" "$tmp/err" ||
	{ echo "FAIL: (e) another event's timetable: exit $rc"; cat "$tmp/err"; fail=1; }
"$bin" plan "$ex" -o "$tmp/out-e" --fresh -q 2>"$tmp/err" ||
	{ echo "FAIL: (e) --fresh over another event's timetable"; cat "$tmp/err"; fail=1; }
grep -q "warning: not a timetable of this input" "$tmp/err" || { echo "FAIL: (e) no warning"; cat "$tmp/err"; fail=1; }
"$bin" plan "$ex" -o "$tmp/out-e" --fresh --baseline "$tmp/first-d/timetable.json" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || { echo "FAIL: (e) --fresh with --baseline: exit $rc"; fail=1; }

[ $fail -eq 0 ] && echo "stale: the folder's timetable is the baseline; gone calendars cancelled, then removed; --fresh"
exit $fail
