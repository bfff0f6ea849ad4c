#!/bin/sh
# why: a State's session, the parts it pays and the best other slot; a
# speaker's statements, or the smallest change that seats it (re-planned
# here to show it is real); --json; ids in another case and did-you-mean,
# for why and for export --delegation/--speaker.
# Usage: test_why.sh BINARY SOURCE_DIR
bin=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
export SOURCE_DATE_EPOCH=1512000000 NO_COLOR=1
ex=$src/examples/upr29

"$bin" plan "$ex" -o "$tmp/plan" -q || { echo "FAIL: plan"; exit 1; }
tt=$tmp/plan/timetable.json
"$bin" validate "$ex" -t "$tt" --explain >"$tmp/explain.txt" || { echo "FAIL: validate"; exit 1; }

# a State, as text: its session, what it pays, the best other slot
"$bin" why "$ex" -t "$tt" IL >"$tmp/il.txt" 2>"$tmp/err" || { echo "FAIL: why IL exit $?"; cat "$tmp/err"; fail=1; }
grep -q "^Israel (IL): 2017-12-14 10:00-11:00, Room XXIII, 7 statements$" "$tmp/il.txt" &&
grep -q "^  waitlist +1000: the statement of Civic Space Sentinel on Israel is waitlisted$" "$tmp/il.txt" &&
grep -q "^best other slot: " "$tmp/il.txt" ||
	{ echo "FAIL: why IL text"; cat "$tmp/il.txt"; fail=1; }

# every State as JSON: the session is the timetable's, the parts are the
# checker's explained penalties, and since the plan is optimal no other
# slot is cheaper
for s in FR RO ML BW BI AE IL RS; do
	"$bin" why "$ex" -t "$tt" "$s" --json >"$tmp/$s.json" || { echo "FAIL: why $s --json"; fail=1; }
done
/usr/bin/python3 - "$tt" "$tmp" "$tmp/explain.txt" <<'PY' || fail=1
import json, sys
tt = json.load(open(sys.argv[1]))
explain = open(sys.argv[3]).read().splitlines()
bad = 0
for sess in tt["sessions"]:
    s = sess["state"]
    d = json.load(open("%s/%s.json" % (sys.argv[2], s)))
    def check(ok, what):
        global bad
        if not ok:
            print("FAIL: why %s --json: %s" % (s, what)); bad = 1
    check(d["subject"] == "state" and d["state"]["id"] == s, "subject")
    check(d["valid"] is True and d["score"] == tt["score"]["total"], "score")
    check(d["session"]["room"] == sess["room"] and d["session"]["start"] == sess["start"]
          and d["session"]["end"] == sess["end"], "session")
    own = [p for p in d["pays"] if not p["shared"]]
    check(sum(p["cost"] for p in own) == d["pays_total"], "pays_total")
    for p in d["pays"]:
        check("%s +%d: %s" % (p["kind"], p["cost"], p["message"]) in explain,
              "penalty not the checker's: " + p["message"])
    # the checker's penalties that name the State are all there
    name = sess["state_name"]
    mine = [l for l in explain if (" on %s " % name) in l or (" %s " % name) in l and "balance" not in l]
    check(len(own) >= len(mine), "penalties missing")
    check(s != "IL" or len(own) > 0, "IL pays nothing")
    b = d["best_other"]
    check(b is not None and b["difference"] == b["score"] - d["score"], "best_other")
    check(b["difference"] >= 0, "a cheaper slot than the optimum")
    check((b["room"], b["start"]) != (sess["room"], sess["start"]), "best other is the same slot")
    check(d["slots_tried"] > d["slots_valid"] > 0, "slots counted")
    for r in d["cheaper_ruled_out"]:
        check(r["code"].startswith("H") and r["slots"] > 0 and r["example"]["score"] < d["score"],
              "ruled out")
sys.exit(bad)
PY

# a State moved by hand to a worse slot: why finds the way back
/usr/bin/python3 - "$tt" "$tmp/worse.json" <<'PY'
import json, sys, datetime
d = json.load(open(sys.argv[1]))
def shift(s, h):
    t = datetime.datetime.fromisoformat(s) + datetime.timedelta(hours=h)
    return t.isoformat()
for s in d["sessions"]:
    if s["state"] == "FR":
        s["start"], s["end"] = shift(s["start"], 5), shift(s["end"], 5)
        for it in s["items"]:
            it["start"], it["end"] = shift(it["start"], 5), shift(it["end"], 5)
del d["score"]
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
"$bin" validate "$ex" -t "$tmp/worse.json" >/dev/null 2>&1 || { echo "FAIL: the worse timetable is not valid"; fail=1; }
"$bin" why "$ex" -t "$tmp/worse.json" FR --json >"$tmp/worse-why.json" || { echo "FAIL: why FR on worse"; fail=1; }
/usr/bin/python3 - "$tmp/worse-why.json" "$tt" <<'PY' || fail=1
import json, sys
d, tt = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
b = d["best_other"]
if not (b["difference"] < 0 and d["score"] + b["difference"] == b["score"]
        and b["score"] >= tt["score"]["total"]):
    print("FAIL: why on a worse timetable: best other slot %r, score %d" % (b, d["score"])); sys.exit(1)
PY

# a speaker with statements: the timetable's, one by one
"$bin" why "$ex" -t "$tt" icfuae --json >"$tmp/icfuae.json" || { echo "FAIL: why icfuae"; fail=1; }
/usr/bin/python3 - "$tmp/icfuae.json" "$tt" <<'PY' || fail=1
import json, sys
d, tt = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
want = [(s["state"], s["room"], i["start"], i["minutes"]) for s in tt["sessions"]
        for i in s["items"] if i.get("speaker") == "icfuae"]
got = [(x["state"]["id"], x["room"], x["start"], x["minutes"]) for x in d["statements"]]
if not want or got != want or d["waitlisted"] != [] or d["subject"] != "speaker":
    print("FAIL: why icfuae: %r, want %r" % (got, want)); sys.exit(1)
PY
"$bin" why "$ex" -t "$tt" icfuae | grep -q "^  speaks on United Arab Emirates: 2017-12-1[0-9] [0-9:]*-[0-9:]*, " ||
	{ echo "FAIL: why icfuae text"; fail=1; }

# a waitlisted speaker: the smallest change seats it, and planning the
# input with that change (the timetable as baseline) gives that score
"$bin" why "$ex" -t "$tt" civic-space --json >"$tmp/civic.json" || { echo "FAIL: why civic-space"; fail=1; }
"$bin" why "$ex" -t "$tt" civic-space >"$tmp/civic.txt" || fail=1
grep -q "^  waitlisted on Israel: " "$tmp/civic.txt" &&
grep -q "^    smallest change that seats it: available on 2017-12-14: seated, score " "$tmp/civic.txt" ||
	{ echo "FAIL: why civic-space text"; cat "$tmp/civic.txt"; fail=1; }
cp -r "$ex" "$tmp/in"
sed -i 's/^    available: \[2017-12-12, 2017-12-13\]   # cannot cover Israel/    available: [2017-12-12, 2017-12-13, 2017-12-14]   # cannot cover Israel/' "$tmp/in/speakers.yaml"
"$bin" plan "$tmp/in" --baseline "$tt" -o "$tmp/seated" -q || { echo "FAIL: plan with the change"; fail=1; }
/usr/bin/python3 - "$tmp/civic.json" "$tmp/seated/timetable.json" <<'PY' || fail=1
import json, sys
d, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
w = d["waitlisted"]
ok = len(w) == 1 and w[0]["state"]["id"] == "IL"
c = w[0]["smallest_change"] if ok else None
ok = ok and c is not None and c["seated"] and c["kind"] == "day"
ok = ok and all(x["cost"] >= c["cost"] for x in w[0]["changes"] if x["seated"])
ok = ok and any(x["kind"] == "priority" and not x["seated"] for x in w[0]["changes"])
seated = any(i.get("speaker") == "civic-space" for s in t["sessions"] if s["state"] == "IL"
             for i in s["items"])
ok = ok and seated and t["score"]["total"] == c["score"] and c["cost"] == c["score"] - d["score"]
if not ok:
    print("FAIL: why civic-space: %r; plan with the change: score %d, seated %s"
          % (w, t["score"]["total"], seated)); sys.exit(1)
PY

# ids: another case is taken with a note; an unknown one gets did-you-mean
"$bin" why "$ex" -t "$tt" il >"$tmp/il2.txt" 2>"$tmp/err" || { echo "FAIL: why il"; fail=1; }
cmp -s "$tmp/il.txt" "$tmp/il2.txt" &&
grep -q "^note: 'il' is taken as the state 'IL' (Israel): ids are case-sensitive$" "$tmp/err" ||
	{ echo "FAIL: why il (case)"; cat "$tmp/err"; fail=1; }
"$bin" why "$ex" -t "$tt" Isreal >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "^error: state or speaker 'Isreal' is not defined in the input (did you mean 'IL' (Israel)?)$" "$tmp/err" ||
	{ echo "FAIL: why Isreal"; cat "$tmp/err"; fail=1; }
"$bin" why "$ex" -t "$tt" civic >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "did you mean 'civic-space' (Civic Space Sentinel)?" "$tmp/err" ||
	{ echo "FAIL: why civic"; cat "$tmp/err"; fail=1; }
"$bin" why "$ex" -t "$tt" >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: why without a subject"; fail=1; }
"$bin" why "$ex" IL >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: why without --timetable"; fail=1; }

"$bin" export "$ex" -t "$tt" --delegation CH >"$tmp/ch.ics" 2>"$tmp/err" || { echo "FAIL: export --delegation CH"; fail=1; }
cmp -s "$tmp/ch.ics" "$tmp/plan/delegations/ch.ics" &&
grep -q "^note: 'CH' is taken as the delegation 'ch' " "$tmp/err" ||
	{ echo "FAIL: export --delegation CH"; cat "$tmp/err"; fail=1; }
"$bin" export "$ex" -t "$tt" --speaker ICFUAE >"$tmp/s.ics" 2>/dev/null &&
cmp -s "$tmp/s.ics" "$tmp/plan/speakers/icfuae.ics" || { echo "FAIL: export --speaker ICFUAE"; fail=1; }
"$bin" export "$ex" -t "$tt" --speaker civic >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "^error: speaker 'civic' is not defined in the input (did you mean 'civic-space' (Civic Space Sentinel)?)$" "$tmp/err" ||
	{ echo "FAIL: export --speaker civic"; cat "$tmp/err"; fail=1; }
# a small round where the cheaper slots are ruled out by name: Alphaland
# prefers 10:00, where Betaland holds Room One and Room Two has no video
# for Alphaland's remote speaker
mkdir -p "$tmp/small"
cat >"$tmp/small/round.yaml" <<'YAML'
event:
  name: Small round
  timezone: Europe/Zurich
  days: [2017-12-12]
  hours: [10:00-12:00]
  session: {length: 60, grid: 60}
  weights: {prefer: 50}
rooms:
  - id: r1
    name: Room One
    video: true
  - id: r2
    name: Room Two
states:
  - id: AA
    name: Alphaland
    prefer: [2017-12-12 10:00-11:00]
  - id: BB
    name: Betaland
speakers:
  - id: a1
    organisation: Alpha Voices
    states: [AA]
    remote: true
  - id: b1
    organisation: Beta Voices
    states: [BB]
YAML
"$bin" plan "$tmp/small/round.yaml" -o "$tmp/small/out" -q || { echo "FAIL: plan small"; fail=1; }
/usr/bin/python3 - "$tmp/small/out/timetable.json" "$tmp/small/late.json" <<'PY'
import json, sys, datetime
d = json.load(open(sys.argv[1]))
def later(s, h):
    return (datetime.datetime.fromisoformat(s) + datetime.timedelta(hours=h)).isoformat()
for s in d["sessions"]:
    h = 1 if s["state"] == "AA" else 0
    s["room"], s["room_name"] = "r1", "Room One"
    s["start"], s["end"] = later(s["start"], h), later(s["end"], h)
    for it in s["items"]:
        it["start"], it["end"] = later(it["start"], h), later(it["end"], h)
del d["score"]
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
"$bin" why "$tmp/small/round.yaml" -t "$tmp/small/late.json" AA >"$tmp/small/aa.txt" || fail=1
cat >"$tmp/small/aa.want" <<'TXT'
Alphaland (AA): 2017-12-12 11:00-12:00, Room One, 1 statement
pays 50 of the score 50
  prefer +50: the session of Alphaland is outside its preferred times
no other slot keeps every hard constraint (3 tried)
cheaper slots ruled out:
  H2 room-overlap: 1 slot, e.g. 2017-12-12 10:00, Room One (score 0): the sessions of Alphaland (2017-12-12 10:00) and Betaland (2017-12-12 10:00) overlap in room Room One
  H9 video: 1 slot, e.g. 2017-12-12 10:00, Room Two (score 0): Alpha Voices speaks by video on Alphaland, but room Room Two has no video
TXT
diff -u "$tmp/small/aa.want" "$tmp/small/aa.txt" || { echo "FAIL: why AA on the small round"; fail=1; }

# the same round with a French speaker and no French room: waitlisted, and
# the smallest change is a room's language; planning with it seats them
sed 's/  weights: {prefer: 50}/  waitlist: true/' "$tmp/small/round.yaml" >"$tmp/small/fr.yaml"
printf '  - id: c1\n    organisation: Cercle francophone\n    states: [BB]\n    language: fr\n' >>"$tmp/small/fr.yaml"
"$bin" plan "$tmp/small/fr.yaml" -o "$tmp/small/fr" -q || { echo "FAIL: plan fr"; fail=1; }
"$bin" why "$tmp/small/fr.yaml" -t "$tmp/small/fr/timetable.json" C1 --json >"$tmp/small/c1.json" 2>/dev/null ||
	{ echo "FAIL: why C1"; fail=1; }
/usr/bin/python3 - "$tmp/small/c1.json" "$tmp/small/fr.yaml" "$tmp/small/fr2.yaml" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
w = d["waitlisted"]
c = w[0]["smallest_change"] if len(w) == 1 else None
if not (c and c["kind"] == "room-language" and c["seated"] and c["cost"] < 0
        and c["change"] == "add fr to the languages of Room Two"):
    print("FAIL: why c1: %r" % w); sys.exit(1)
# apply it, for the plan below
y = open(sys.argv[2]).read().replace("    name: Room Two\n", "    name: Room Two\n    languages: [en, fr]\n")
open(sys.argv[3], "w").write(y)
PY
want=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["waitlisted"][0]["smallest_change"]["score"])' "$tmp/small/c1.json")
"$bin" plan "$tmp/small/fr2.yaml" --baseline "$tmp/small/fr/timetable.json" -o "$tmp/small/fr2" -q || { echo "FAIL: plan fr2"; fail=1; }
got=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["score"]["total"] if not d["waitlist"] else "waitlisted")' "$tmp/small/fr2/timetable.json")
[ "$got" = "$want" ] || { echo "FAIL: the change seats c1 at $got, why said $want"; fail=1; }

exit $fail
