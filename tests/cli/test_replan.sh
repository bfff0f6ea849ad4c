#!/bin/sh
# plan --baseline: re-planning examples/upr29 against its own published plan
# after (a) a speaker withdraws, (b) a speaker's availability shrinks, (c) a
# room is lost for a day, (d) a new State reaches the threshold, (e) a State
# falls below it, (f) a second re-plan on top of (a), (g) nothing changes,
# and (h) a speaker waitlisted by an input change and seated again later.
# In each: only what must move moves (and as many sessions as the solver's
# `moved` says), UIDs stay, SEQUENCE rises on exactly the changed events,
# removed events are published as CANCELLED, changes.txt says it in words,
# and the new timetable validates against the baseline with its stated score.
# Usage: test_replan.sh BINARY SOURCE_DIR
bin=$1 src=$2
py=/usr/bin/python3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ex="$src/examples/upr29"
[ -x $py ] || { echo "FAIL: $py is needed"; exit 1; }

# The baseline, published at one time; every re-plan at a later one, so a
# new LAST-MODIFIED is told apart from the baseline's DTSTAMP.
SOURCE_DATE_EPOCH=1512000000 "$bin" plan "$ex" -o "$tmp/base" -q ||
	{ echo "FAIL: plan of the example"; exit 1; }
[ -e "$tmp/base/changes.txt" ] && { echo "FAIL: changes.txt without --baseline"; fail=1; }
grep -q '"sequence"' "$tmp/base/timetable.json" && { echo "FAIL: sequence in a plain plan"; fail=1; }
export SOURCE_DATE_EPOCH=1513000000

# compare.py BASE NEW SCENARIO: the checks every re-plan must pass, then
# those of the scenario.  Calendars are read with a small RFC 5545 reader
# (unfolding, one dict per VEVENT), enough for what is compared here.
cat >"$tmp/compare.py" <<'EOF'
import datetime as dt, json, os, re, sys

base, new, scenario = sys.argv[1:4]
epoch = int(os.environ["SOURCE_DATE_EPOCH"])
errors = []


def err(msg):
    errors.append(msg)


def load(d):
    return json.load(open(os.path.join(d, "timetable.json"), encoding="utf-8"))


def events(path):
    """VEVENTs of an .ics file: {UID: {property name: value}}."""
    text = open(path, encoding="utf-8", newline="").read().replace("\r\n ", "")
    out = {}
    cur = None
    alarm = False
    for line in text.split("\r\n"):
        # a speaker's event holds a VALARM: its properties are not the event's
        if line in ("BEGIN:VALARM", "END:VALARM"):
            alarm = line == "BEGIN:VALARM"
        elif alarm:
            continue
        elif line == "BEGIN:VEVENT":
            cur = {}
        elif line == "END:VEVENT":
            out[cur["UID"]] = cur
            cur = None
        elif cur is not None and ":" in line:
            name, value = line.split(":", 1)
            cur[name.split(";")[0]] = value
    return out


def calendars(d):
    cals = {}
    for sub in ("", "delegations", "speakers"):
        for f in sorted(os.listdir(os.path.join(d, sub) if sub else d)):
            if f.endswith(".ics"):
                rel = os.path.join(sub, f) if sub else f
                cals[rel] = events(os.path.join(d, rel))
    return cals


B, N = load(base), load(new)
bs = {s["state"]: s for s in B["sessions"]}
ns = {s["state"]: s for s in N["sessions"]}
moved = sorted(k for k in bs if k in ns and (bs[k]["room"], bs[k]["start"]) != (ns[k]["room"], ns[k]["start"]))
if N["score"]["moved"] != 50 * len(moved):
    err("score moved %d, but %d sessions moved: %s" % (N["score"]["moved"], len(moved), moved))

lastmod = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
BC, NC = calendars(base), calendars(new)
for rel, bev in BC.items():
    if rel not in NC:
        # a calendar whose events were all cancelled before, of a speaker
        # no longer in the input or the baseline, has nothing left to say
        if any(e["STATUS"] != "CANCELLED" for e in bev.values()):
            err("%s: no longer written" % rel)
        continue
    nev = NC[rel]
    # the same event (told by its SUMMARY) has the same UID
    bsum = {e["SUMMARY"]: u for u, e in bev.items()}
    for u, e in nev.items():
        if e["SUMMARY"] in bsum and bsum[e["SUMMARY"]] != u:
            err("%s: %s has UID %s, was %s" % (rel, e["SUMMARY"], u, bsum[e["SUMMARY"]]))
    for u, b in bev.items():
        n = nev.get(u)
        if n is None:
            err("%s: %s is gone instead of cancelled" % (rel, u))
            continue
        statement = u.count("/") == 2
        keys = ("DTSTART", "DTEND", "LOCATION") + (() if statement else ("DESCRIPTION",))
        # a statement's event spans its session; its description's first
        # line is the statement's own slot, which counts as the event's time
        slot = lambda e: e.get("DESCRIPTION", "").split("\\n")[0] if statement else ""
        cancelled = n["STATUS"] == "CANCELLED" and b["STATUS"] != "CANCELLED"
        changed = cancelled or (any(b.get(k) != n.get(k) for k in keys) or slot(b) != slot(n)) and n["STATUS"] != "CANCELLED"
        want = int(b.get("SEQUENCE", "0")) + (1 if changed else 0)
        if int(n.get("SEQUENCE", "0")) != want:
            err("%s: %s SEQUENCE %s, expected %d (changed: %s)" % (rel, u, n.get("SEQUENCE"), want, changed))
        if changed and n.get("LAST-MODIFIED") != lastmod:
            err("%s: %s changed, LAST-MODIFIED %s, expected %s" % (rel, u, n.get("LAST-MODIFIED"), lastmod))
        if not changed and "LAST-MODIFIED" in n and n["LAST-MODIFIED"] == lastmod:
            err("%s: %s unchanged but LAST-MODIFIED is this run's" % (rel, u))
    for u, n in nev.items():
        if u not in bev and (n.get("SEQUENCE", "0") != "0" or n["STATUS"] != "CONFIRMED"):
            err("%s: new event %s has SEQUENCE %s, STATUS %s" % (rel, u, n.get("SEQUENCE"), n["STATUS"]))

changes = open(os.path.join(new, "changes.txt"), encoding="utf-8").read().splitlines()
name = {s["state"]: s["state_name"] for s in B["sessions"] + N["sessions"]}
for x in B["not_held"] + N["not_held"]:
    name[x["state"]] = x["state_name"]


def place(s):
    t = dt.datetime.fromisoformat(s["start"])
    return "%s %d %s %s, %s" % (t.strftime("%a"), t.day, t.strftime("%b"), t.strftime("%H:%M"), s["room_name"])


def moved_line(k):
    return "%s: moved from %s to %s" % (name[k], place(bs[k]), place(ns[k]))


def expect_lines(lines):
    for l in lines:
        if l not in changes:
            err("changes.txt lacks %r" % l)


def cancelled_in(rel, uid):
    e = NC.get(rel, {}).get(uid)
    if not e or e["STATUS"] != "CANCELLED":
        err("%s: %s not published as CANCELLED" % (rel, uid))


def statements(tt, speaker):
    return [(s["state"], i) for s in tt["sessions"] for i in s["items"] if i.get("speaker") == speaker]


# every moved session is explained in changes.txt
expect_lines([moved_line(k) for k in moved])

allowed = set()
if scenario == "withdraw" or scenario == "withdraw-again":
    gone, org = sys.argv[4], sys.argv[5]
    was = statements(B, gone)
    if not was:
        err("the baseline has no statement of %s" % gone)
    for st, _ in was:
        cancelled_in("speakers/%s.ics" % gone, "upr29/%s/%s@upr-schedule" % (st, gone))
    expect_lines(["%s: %s withdrawn" % (name[st], org) for st, _ in was])
    live = [e for e in NC["speakers/%s.ics" % gone].values() if e["STATUS"] != "CANCELLED"]
    if live:
        err("the withdrawn speaker still has live events")
elif scenario == "availability":
    allowed = {"RO"}
    if moved != ["RO"]:
        err("expected only Romania to move, moved: %s" % moved)
elif scenario == "room-lost":
    room, day = sys.argv[4], sys.argv[5]
    allowed = {k for k, s in bs.items() if s["room"] == room and s["start"][:10] == day}
    for k in allowed:
        if k in ns and (ns[k]["room"], ns[k]["start"][:10]) == (room, day):
            err("%s is still in %s on %s" % (k, room, day))
    if not moved:
        err("nothing moved")
elif scenario == "new-state":
    if "LU" in bs or "LU" not in ns:
        err("Luxembourg is not newly held")
    else:
        expect_lines(["%s: now held on %s" % (name["LU"], place(ns["LU"]))])
        for i in ns["LU"]["items"]:
            if i["type"] == "statement":
                t = dt.datetime.fromisoformat(i["start"])
                expect_lines(["%s: %s added, %s %d %s %s-%s" % (
                    name["LU"], i["organisation"], t.strftime("%a"), t.day, t.strftime("%b"),
                    i["start"][11:16], i["end"][11:16])])
        e = NC["calendar.ics"].get("upr29/LU@upr-schedule")
        if not e or e.get("SEQUENCE") != "0" or "LAST-MODIFIED" in e:
            err("the new session of Luxembourg: %s" % e)
elif scenario == "not-held":
    if "RO" not in bs or "RO" in ns:
        err("Romania is still held")
    expect_lines(["%s: no longer held" % name["RO"]])
    if any(l.startswith(name["RO"] + ": ") and l != "%s: no longer held" % name["RO"] for l in changes):
        err("more than 'no longer held' for Romania")
    for rel in ["calendar.ics"] + [r for r, ev in BC.items() if r.startswith("delegations/") and "upr29/RO@upr-schedule" in ev]:
        cancelled_in(rel, "upr29/RO@upr-schedule")
    for i in bs["RO"]["items"]:
        if i["type"] == "statement":
            cancelled_in("speakers/%s.ics" % i["speaker"], "upr29/RO/%s@upr-schedule" % i["speaker"])
elif scenario == "nothing":
    if changes != ["No changes."]:
        err("changes.txt: %s" % changes)
else:
    err("unknown scenario " + scenario)

# sessions of unaffected States keep their room and start
for k in moved:
    if k not in allowed:
        err("%s moved although nothing forced it" % k)

for e in errors:
    print("FAIL: %s: %s" % (scenario, e))
sys.exit(1 if errors else 0)
EOF

# edit.py FILE OLD NEW: replace text in a copied input file (exactly once).
cat >"$tmp/edit.py" <<'EOF'
import sys
path, old, new = sys.argv[1:4]
text = open(path, encoding="utf-8").read()
if text.count(old) != 1:
    sys.exit("edit.py: %r found %d times in %s" % (old, text.count(old), path))
open(path, "w", encoding="utf-8").write(text.replace(old, new))
EOF

# replan NAME BASELINE-DIR [compare args...]: plans $tmp/in-NAME against
# BASELINE-DIR/timetable.json into $tmp/NAME and compares.
replan() {
	name=$1 basedir=$2
	shift 2
	"$bin" plan "$tmp/in-$name" -o "$tmp/$name" --baseline "$basedir/timetable.json" \
		2>"$tmp/$name.err" || { echo "FAIL: $name: plan exit $?"; cat "$tmp/$name.err"; fail=1; return; }
	grep -q "^upr-schedule: against $basedir/timetable.json: " "$tmp/$name.err" ||
		{ echo "FAIL: $name: no re-plan summary"; cat "$tmp/$name.err"; fail=1; }
	$py "$tmp/compare.py" "$basedir" "$tmp/$name" "$name" "$@" || { sed 's/^/  changes.txt: /' "$tmp/$name/changes.txt"; fail=1; }
	# validate reads --baseline strictly, so only a baseline that names no
	# withdrawn speaker can be given to it; without it, validate takes the
	# stated `moved` as it is and checks the rest
	vb="--baseline $basedir/timetable.json"
	"$bin" validate "$tmp/in-$name" --timetable "$basedir/timetable.json" >/dev/null 2>&1
	[ $? -eq 2 ] && vb=
	# shellcheck disable=SC2086
	"$bin" validate "$tmp/in-$name" --timetable "$tmp/$name/timetable.json" $vb \
		>/dev/null 2>"$tmp/$name.verr" ||
		{ echo "FAIL: $name: the re-plan does not validate with its stated score"; cat "$tmp/$name.verr"; fail=1; }
	$py "$src/tests/tools/check_schema.py" "$src/docs/timetable.schema.json" "$tmp/$name/timetable.json" || fail=1
}

edit() {
	$py "$tmp/edit.py" "$@" || fail=1
}

# (a) a speaker withdraws: its record is removed from speakers.yaml
cp -r "$ex" "$tmp/in-withdraw"
edit "$tmp/in-withdraw/speakers.yaml" "  - id: detention-oversight
    organisation: Alliance for Detention Oversight International
    kind: cso
    states: [FR, BI, AE]
    unavailable:
      - 2017-12-14 09:30-13:00
" ""
replan withdraw "$tmp/base" detention-oversight "Alliance for Detention Oversight International"

# (b) a speaker's availability shrinks to a day its State is not on
cp -r "$ex" "$tmp/in-availability"
roday=$($py -c 'import json,sys; print(next(s["start"][:10] for s in json.load(open(sys.argv[1]))["sessions"] if s["state"] == "RO"))' "$tmp/base/timetable.json")
other=2017-12-14
[ "$roday" = 2017-12-14 ] && other=2017-12-13
edit "$tmp/in-availability/speakers.yaml" "    organisation: Institute for Disability Rights Monitoring (Romania)
    kind: cso
    states: [RO]
" "    organisation: Institute for Disability Rights Monitoring (Romania)
    kind: cso
    states: [RO]
    available: $other
"
replan availability "$tmp/base"

# (c) the second room is lost for the day on which it holds fewest sessions
cp -r "$ex" "$tmp/in-room-lost"
lost=$($py -c '
import json, sys
S = json.load(open(sys.argv[1]))["sessions"]
days = ["2017-12-12", "2017-12-13", "2017-12-14", "2017-12-15"]
used = [d for d in days if any(s["room"] == "R24H" and s["start"][:10] == d for s in S)]
print(min(used, key=lambda d: (sum(s["room"] == "R24H" and s["start"][:10] == d for s in S), d)))' "$tmp/base/timetable.json")
keep=$(for d in 2017-12-12 2017-12-13 2017-12-14 2017-12-15; do [ $d = "$lost" ] || printf '%s ' $d; done | sed 's/ $//; s/ /, /g')
edit "$tmp/in-room-lost/rooms.yaml" "    video: true                 # video link for remote statements
" "    video: true                 # video link for remote statements
    available: [$keep]
"
replan room-lost "$tmp/base" R24H "$lost"

# (d) Luxembourg gets a third speaker and is held
cp -r "$ex" "$tmp/in-new-state"
cat >>"$tmp/in-new-state/speakers.yaml" <<'EOF'

  - id: lux-press
    organisation: Luxembourg Press Freedom Circle
    kind: cso
    states: [LU]
EOF
replan new-state "$tmp/base"

# (e) Romania loses two of its four speakers and is no longer held
cp -r "$ex" "$tmp/in-not-held"
edit "$tmp/in-not-held/speakers.yaml" "  - id: disability-ro
    organisation: Institute for Disability Rights Monitoring (Romania)
    kind: cso
    states: [RO]
" ""
edit "$tmp/in-not-held/speakers.yaml" "  - id: roma-equality-ro
    organisation: Romanian Coalition for Roma Equality
    kind: coalition
    states: [RO]
" ""
replan not-held "$tmp/base"
[ -f "$tmp/not-held/speakers/disability-ro.ics" ] ||
	{ echo "FAIL: not-held: the removed speaker's calendar is not written"; fail=1; }

# (f) a second re-plan on top of (a): the SEQUENCEs of (a), read back from
# its timetable.json, rise again where this one changes events
cp -r "$tmp/in-withdraw" "$tmp/in-withdraw-again"
edit "$tmp/in-withdraw-again/speakers.yaml" "  - id: ocle
    organisation: Observatoire citoyen des lieux d'enfermement
    kind: cso
    states: [FR]
" ""
SOURCE_DATE_EPOCH=1514000000 replan withdraw-again "$tmp/withdraw" ocle "Observatoire citoyen des lieux d'enfermement"
$py - "$tmp/withdraw/timetable.json" "$tmp/withdraw-again/timetable.json" <<'EOF' || fail=1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
seq = lambda tt, st: next(s.get("sequence", 0) for s in tt["sessions"] if s["state"] == st)
if not (seq(a, "FR") == 1 and seq(b, "FR") == 2):
    sys.exit("FAIL: withdraw-again: France's sequence %d then %d, expected 1 then 2" % (seq(a, "FR"), seq(b, "FR")))
if not (seq(a, "BI") == 1 and seq(b, "BI") == 1):
    sys.exit("FAIL: withdraw-again: Burundi's sequence %d then %d, expected 1 then 1" % (seq(a, "BI"), seq(b, "BI")))
EOF

# (h) Civic Space Sentinel can no longer come (waitlisted), a re-plan that
# leaves it so, then it can come again (seated): its statements come back
# above the cancellation that clients hold, however many runs later, as
# the timetable.json of each run records them ("cancelled").  Checked with
# calendar_history.py (python-icalendar), run against run.
hist="$src/tests/cli/calendar_history.py"
$py -c 'import icalendar' 2>/dev/null || { echo "FAIL: $py with icalendar (python3-icalendar) is needed"; fail=1; }
cp -r "$ex" "$tmp/in-away"
edit "$tmp/in-away/speakers.yaml" "    available: [2017-12-12, 2017-12-13]   # cannot cover Israel if Israel is on the 14th
" "    unavailable: [2017-12-12, 2017-12-13, 2017-12-14, 2017-12-15]
"
# cs.py DIR: "STATE SEQUENCE" of civic-space's statements, then
# "cancelled STATE SEQUENCE" of its records, one a line
cat >"$tmp/cs.py" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1] + "/timetable.json", encoding="utf-8"))
for s in t["sessions"]:
    for i in s["items"]:
        if i.get("speaker") == "civic-space":
            print(s["state"], i.get("sequence", 0))
for c in t.get("cancelled", []):
    if c.get("speaker") == "civic-space":
        print("cancelled", c["state"], c["sequence"])
EOF
$py "$tmp/cs.py" "$tmp/base" | grep -v cancelled | sed 's/ 0$//' >"$tmp/cs.base"
[ -s "$tmp/cs.base" ] || { echo "FAIL: away: civic-space has no statement in the baseline"; fail=1; }
# hop NAME INPUT BASEDIR EPOCH: a re-plan of INPUT against BASEDIR into
# $tmp/NAME, held to calendar_history.py
hop() {
	SOURCE_DATE_EPOCH=$4 "$bin" plan "$2" -o "$tmp/$1" --baseline "$3/timetable.json" -q 2>"$tmp/$1.err" ||
		{ echo "FAIL: $1: plan exit $?"; cat "$tmp/$1.err"; fail=1; return 1; }
	$py "$hist" "$3" "$tmp/$1" >"$tmp/$1.raised" 2>"$tmp/$1.hist" ||
		{ echo "FAIL: $1: calendars:"; cat "$tmp/$1.hist"; fail=1; }
	$py "$src/tests/tools/check_schema.py" "$src/docs/timetable.schema.json" "$tmp/$1/timetable.json" || fail=1
	"$bin" validate "$2" --timetable "$tmp/$1/timetable.json" >/dev/null 2>"$tmp/$1.verr" ||
		{ echo "FAIL: $1: does not validate"; cat "$tmp/$1.verr"; fail=1; }
	$py "$tmp/cs.py" "$tmp/$1" >"$tmp/$1.cs"
}
# want NAME SED: civic-space's statements and records in run NAME are
# the baseline's statements as SED rewrites them
want() {
	sed "$2" "$tmp/cs.base" | sort >"$tmp/$1.cswant"
	sort "$tmp/$1.cs" | cmp -s "$tmp/$1.cswant" - ||
		{ echo "FAIL: $1: civic-space:"; sort "$tmp/$1.cs" | diff "$tmp/$1.cswant" -; fail=1; }
}
hop away "$tmp/in-away" "$tmp/base" 1513000000 && want away 's/^/cancelled /; s/$/ 1/'
grep -q "Civic Space Sentinel waitlisted" "$tmp/away/changes.txt" ||
	{ echo "FAIL: away: changes.txt"; cat "$tmp/away/changes.txt"; fail=1; }
hop still "$tmp/in-away" "$tmp/away" 1514000000 && want still 's/^/cancelled /; s/$/ 1/'
hop back "$ex" "$tmp/still" 1515000000 && want back 's/$/ 2/'
grep -q "Civic Space Sentinel added from the waitlist" "$tmp/back/changes.txt" ||
	{ echo "FAIL: back: changes.txt"; cat "$tmp/back/changes.txt"; fail=1; }

# (g) nothing changed: changes.txt says so, and every other file is the
# baseline's, byte for byte (the same DTSTAMP, so the calendars compare)
SOURCE_DATE_EPOCH=1512000000 "$bin" plan "$ex" -o "$tmp/same" --baseline "$tmp/base/timetable.json" -q ||
	{ echo "FAIL: nothing: plan"; fail=1; }
[ "$(cat "$tmp/same/changes.txt")" = "No changes." ] || { echo "FAIL: nothing: changes.txt"; cat "$tmp/same/changes.txt"; fail=1; }
rm -f "$tmp/same/changes.txt"
diff -r "$tmp/base" "$tmp/same" >/dev/null || { echo "FAIL: nothing: outputs differ"; diff -r "$tmp/base" "$tmp/same" | head; fail=1; }
cp -r "$ex" "$tmp/in-nothing"
replan nothing "$tmp/base"

# A baseline with an unknown id that is not an id: refused, nothing written.
$py -c 'import json,sys; d=json.load(open(sys.argv[1])); d["sessions"][0]["items"][1]["speaker"]="../x"; json.dump(d,open(sys.argv[2],"w"))' \
	"$tmp/base/timetable.json" "$tmp/evil.json"
"$bin" plan "$ex" -o "$tmp/evil" --baseline "$tmp/evil.json" -q 2>"$tmp/err"
[ $? -eq 2 ] || { echo "FAIL: a baseline speaker '../x' is not exit 2"; fail=1; }
grep -qF "sessions[0].items[1].speaker: '../x' is not a speaker id" "$tmp/err" || { echo "FAIL: '../x'"; cat "$tmp/err"; fail=1; }
[ -e "$tmp/evil" ] && { echo "FAIL: output written for a bad baseline"; fail=1; }
# validate stays strict about the same withdrawn speaker that plan tolerates
"$bin" validate "$tmp/in-withdraw" --timetable "$tmp/base/timetable.json" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || { echo "FAIL: validate accepts an unknown speaker"; fail=1; }
grep -q "speaker 'detention-oversight' is not defined in the input" "$tmp/err" || { echo "FAIL: validate's unknown speaker"; cat "$tmp/err"; fail=1; }

[ $fail -eq 0 ] && echo "replan: withdrawn, availability, room lost, new State, not held, twice, unchanged, waitlisted and back"
exit $fail
