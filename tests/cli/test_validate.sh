#!/bin/sh
# validate: each hard constraint H1-H12 broken on purpose in a planned
# timetable is reported with its code and the entities involved, in the text
# and in --json, with exit 1; a wrong stated score is exit 1; a hand-made
# file with an unknown id, a missing field or a wrong type is exit 2 and names
# the JSON path; invalid JSON is exit 2 with line:column.  Every timetable
# that plan writes (the example, tests/data/valid*/, generated instances, a
# re-plan) validates with the score it states.  docs/ci-example.yml parses,
# and its steps work as docs/ci.md says.
# Usage: test_validate.sh BINARY SOURCE_DIR
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
"$bin" validate "$ex" --timetable "$tt" >"$tmp/out" 2>"$tmp/err" ||
	{ echo "FAIL: the planned example does not validate"; cat "$tmp/out" "$tmp/err"; fail=1; }
grep -q '^valid: every hard constraint holds$' "$tmp/out" || { echo "FAIL: no 'valid' line"; fail=1; }

# break.py MODE IN OUT EXPECT: breaks one hard constraint of timetable IN
# into OUT, and writes to EXPECT the violation validate must report:
# {"code": "H6", "states": [...], "speaker": "..."}.  The targets are found
# in the timetable, not assumed, so the test holds whatever plan the solver
# finds; only facts of examples/upr29 are used (which speaker speaks French,
# which one is remote, which one can come on 12 December only).
cat >"$tmp/break.py" <<'EOF'
import datetime as dt, json, sys

mode, src, dst, expf = sys.argv[1:5]
d = json.load(open(src, encoding="utf-8"))
S = d["sessions"]
exp = {"code": mode, "states": [], "speaker": None}


def stmts(s):
    return [i for i in s["items"] if i["type"] == "statement"]


def shift(x, m):
    for k in ("start", "end"):
        x[k] = (dt.datetime.fromisoformat(x[k]) + dt.timedelta(minutes=m)).isoformat()


def shift_session(s, m):
    shift(s, m)
    for i in s["items"]:
        shift(i, m)


def session_of(speaker):
    for s in S:
        if any(i.get("speaker") == speaker for i in stmts(s)):
            return s
    sys.exit("no session with speaker " + speaker)


def day(x):
    return x["start"][:10]


if mode == "H1":  # off the 60-minute grid
    s = S[0]
    shift_session(s, 30)
    exp["states"] = [s["state"]]
elif mode == "H2":  # two sessions of one room and day at the same time
    pair = next((a, b) for a in S for b in S
                if a is not b and a["room"] == b["room"] and day(a) == day(b)
                and a["start"] < b["start"])
    a, b = pair
    gap = dt.datetime.fromisoformat(b["start"]) - dt.datetime.fromisoformat(a["start"])
    shift_session(b, -int(gap.total_seconds() // 60))
    exp["states"] = [a["state"], b["state"]]
elif mode == "H3":  # a gap before the last statement
    s = next(s for s in S if len(stmts(s)) >= 2)
    shift(stmts(s)[-1], 1)
    exp["states"] = [s["state"]]
elif mode == "H4":  # 5 and 7 minutes in one session
    s = next(s for s in S if len(stmts(s)) >= 2 and stmts(s)[0]["minutes"] == 7
             and any(i["minutes"] == 7 for i in stmts(s)[1:]))
    first = stmts(s)[0]
    first["minutes"] = 5
    first["end"] = (dt.datetime.fromisoformat(first["start"]) + dt.timedelta(minutes=5)).isoformat()
    for i in stmts(s)[1:]:
        shift(i, -2)
    exp["states"] = [s["state"]]
elif mode == "H5":  # the NHRI second
    s = next(s for s in S if stmts(s) and stmts(s)[0]["speaker"].startswith("nhri-"))
    a, b = stmts(s)[0], stmts(s)[1]
    a["speaker"], b["speaker"] = b["speaker"], a["speaker"]
    exp["states"] = [s["state"]]
elif mode == "H6":  # one speaker in two rooms at once
    found = None
    for a in S:
        for x in stmts(a):
            for b in S:
                if b is a:
                    continue
                for y in stmts(b):
                    if y["speaker"] == x["speaker"] and not found:
                        found = (a, x, b, y)
    a, x, b, y = found
    gap = dt.datetime.fromisoformat(x["start"]) - dt.datetime.fromisoformat(y["start"])
    shift_session(b, int(gap.total_seconds() // 60))
    exp["speaker"] = x["speaker"]
elif mode == "H7":  # enfants-mopti can come on 12 December only
    s = session_of("enfants-mopti")
    shift_session(s, 1440)
    exp["states"], exp["speaker"] = [s["state"]], "enfants-mopti"
elif mode == "H8":  # a French statement in Room XXIII (English only)
    s = session_of("femmes-rurales-ml")
    s["room"] = "R23"
    exp["states"], exp["speaker"] = [s["state"]], "femmes-rurales-ml"
elif mode == "H9":  # a remote statement in Room XXIII (no video)
    s = session_of("securite-alimentaire")
    s["room"] = "R23"
    exp["states"], exp["speaker"] = [s["state"]], "securite-alimentaire"
elif mode == "H12":  # a statement left out
    s = next(s for s in S if len(stmts(s)) >= 2 and not stmts(s)[-1]["speaker"].startswith("nhri-"))
    gone = stmts(s)[-1]
    s["items"].remove(gone)
    exp["states"], exp["speaker"] = [s["state"]], gone["speaker"]
else:
    sys.exit("unknown mode " + mode)
json.dump(d, open(dst, "w", encoding="utf-8"), indent=1)
json.dump(exp, open(expf, "w", encoding="utf-8"))
EOF

# injson.py EXPECT JSONOUT: validate --json reports the expected violation.
cat >"$tmp/injson.py" <<'EOF'
import json, sys

exp = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
if doc["valid"] is not False:
    sys.exit("--json says valid")
for v in doc["violations"]:
    if v["code"] != exp["code"]:
        continue
    if not set(exp["states"]) <= set(v["states"]):
        continue
    if exp["speaker"] and v.get("speaker") != exp["speaker"]:
        continue
    sys.exit(0)
sys.exit("--json has no %s violation naming %s %s: %s" % (
    exp["code"], exp["states"], exp["speaker"] or "",
    [(v["code"], v["states"], v.get("speaker")) for v in doc["violations"]]))
EOF

names="x session-window room-overlap statement-fit fair-share nhri-first speaker-overlap speaker-available language video state-unavailable pinned complete"

# expect_violation CODE INPUT TIMETABLE EXPECT
expect_violation() {
	code=$1 input=$2 file=$3 expf=$4
	n=${code#H}
	name=$(echo $names | cut -d' ' -f$((n + 1)))
	"$bin" validate "$input" --timetable "$file" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || { echo "FAIL: $code: exit $rc, not 1"; cat "$tmp/err"; fail=1; }
	grep -q "error: $code $name: " "$tmp/err" ||
		{ echo "FAIL: $code: no '$code $name' error"; cat "$tmp/err"; fail=1; }
	grep -q '^invalid: ' "$tmp/out" || { echo "FAIL: $code: no 'invalid' line"; fail=1; }
	for id in $($py -c 'import json,sys; e=json.load(open(sys.argv[1])); print(" ".join(e["states"]))' "$expf"); do
		grep -q "note: State '$id' " "$tmp/err" ||
			{ echo "FAIL: $code: State $id not named"; cat "$tmp/err"; fail=1; }
	done
	sp=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["speaker"] or "")' "$expf")
	if [ -n "$sp" ]; then
		grep -q "note: speaker '$sp' " "$tmp/err" ||
			{ echo "FAIL: $code: speaker $sp not named"; cat "$tmp/err"; fail=1; }
	fi
	"$bin" validate "$input" --timetable "$file" --json >"$tmp/json" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || { echo "FAIL: $code --json: exit $rc, not 1"; fail=1; }
	$py "$tmp/injson.py" "$expf" "$tmp/json" || { echo "FAIL: $code --json"; fail=1; }
}

for code in H1 H2 H3 H4 H5 H6 H7 H8 H9 H12; do
	$py "$tmp/break.py" $code "$tt" "$tmp/$code.json" "$tmp/$code.expect" ||
		{ echo "FAIL: cannot break $code"; fail=1; continue; }
	expect_violation $code "$ex" "$tmp/$code.json" "$tmp/$code.expect"
done

# H10 and H11 are about the input: the same timetable against an input
# where Serbia cannot meet on its day (H10), or is pinned to the other room.
cp -r "$ex" "$tmp/in10"
cp -r "$ex" "$tmp/in11"
$py - "$tt" "$tmp" <<'EOF'
import json, sys
tt, tmp = sys.argv[1:3]
s = next(s for s in json.load(open(tt))["sessions"] if s["state"] == "RS")
other = "R24H" if s["room"] == "R23" else "R23"
for n, line in (("10", "    unavailable: " + s["start"][:10] + "\n"),
                ("11", "    room: " + other + "\n")):
    p = tmp + "/in" + n + "/states.yaml"
    text = open(p, encoding="utf-8").read()
    anchor = "  - id: RS\n    name: Serbia\n"
    assert anchor in text
    open(p, "w", encoding="utf-8").write(text.replace(anchor, anchor + line))
    json.dump({"code": "H" + n, "states": ["RS"], "speaker": None}, open(tmp + "/H" + n + ".expect", "w"))
EOF
"$bin" check "$tmp/in10" "$tmp/in11" >/dev/null 2>&1 || true
expect_violation H10 "$tmp/in10" "$tt" "$tmp/H10.expect"
expect_violation H11 "$tmp/in11" "$tt" "$tmp/H11.expect"

# A wrong stated score: exit 1, and the mismatch said in both outputs.
$py -c 'import json,sys; d=json.load(open(sys.argv[1])); d["score"]["total"]+=1; json.dump(d,open(sys.argv[2],"w"))' \
	"$tt" "$tmp/score.json"
"$bin" validate "$ex" --timetable "$tmp/score.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: wrong score: exit $rc, not 1"; fail=1; }
grep -q "error: the file states score total " "$tmp/err" || { echo "FAIL: wrong score not said"; cat "$tmp/err"; fail=1; }
"$bin" validate "$ex" --timetable "$tmp/score.json" --json >"$tmp/json" 2>/dev/null
[ $? -eq 1 ] || { echo "FAIL: wrong score --json: exit not 1"; fail=1; }
$py -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d["valid"] is False and d["stated_score"]["matches"] is False and d["violations"] == []))' \
	"$tmp/json" || { echo "FAIL: wrong score --json"; cat "$tmp/json"; fail=1; }

# Hand-made files: exit 2, the JSON path in the message.
# bad_file NAME PYTHON-EDIT EXPECTED-MESSAGE
bad_file() {
	$py -c "import json,sys; d=json.load(open(sys.argv[1])); S=d['sessions']; $2; json.dump(d,open(sys.argv[2],'w'))" \
		"$tt" "$tmp/$1.json" || { echo "FAIL: $1: cannot edit"; fail=1; return; }
	"$bin" validate "$ex" --timetable "$tmp/$1.json" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] || { echo "FAIL: $1: exit $rc, not 2"; cat "$tmp/err"; fail=1; }
	grep -qF "$tmp/$1.json: error: $3" "$tmp/err" ||
		{ echo "FAIL: $1: expected '$3'"; cat "$tmp/err"; fail=1; }
	[ -s "$tmp/out" ] && { echo "FAIL: $1: a result on stdout"; fail=1; }
}
bad_file unknown-speaker "S[3]['items'][2]['speaker']='nobody'" \
	"sessions[3].items[2].speaker: speaker 'nobody' is not defined in the input"
bad_file unknown-state "S[1]['state']='XX'" "sessions[1].state: state 'XX' is not defined in the input"
bad_file unknown-room "S[2]['room']='R99'" "sessions[2].room: room 'R99' is not defined in the input"
bad_file missing-minutes "del S[3]['items'][2]['minutes']" "sessions[3].items[2].minutes: missing"
bad_file string-minutes "S[0]['items'][1]['minutes']='7'" "sessions[0].items[1].minutes: must be a number"
bad_file missing-start "del S[4]['start']" "sessions[4].start: missing"
bad_file string-sequence "S[0]['sequence']='1'" "sessions[0].sequence: must be a number"
bad_file negative-sequence "S[0]['items'][1]['sequence']=-1" "sessions[0].items[1].sequence: must be a whole number"
bad_file items-not-list "S[5]['items']={}" "sessions[5].items: must be a list"
bad_file waitlist-speaker "d['waitlist'].append({'speaker':'gone','state':'IL','reason':''})" \
	"waitlist[1].speaker: speaker 'gone' is not defined in the input"
# a "sequence" of the right type is part of the format
$py -c 'import json,sys; d=json.load(open(sys.argv[1])); d["sessions"][0]["sequence"]=3; d["sessions"][0]["items"][1]["sequence"]=2; json.dump(d,open(sys.argv[2],"w"))' \
	"$tt" "$tmp/seq.json"
"$bin" validate "$ex" --timetable "$tmp/seq.json" >/dev/null 2>"$tmp/err" ||
	{ echo "FAIL: a timetable with sequence fields does not validate"; cat "$tmp/err"; fail=1; }

# Invalid JSON: exit 2 with line:column.
printf '{\n  "schema": "upr-schedule/timetable/1",\n  "sessions": [,]\n}\n' >"$tmp/broken.json"
"$bin" validate "$ex" --timetable "$tmp/broken.json" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || { echo "FAIL: invalid JSON: exit $rc, not 2"; fail=1; }
grep -qE "^$tmp/broken.json:3:[0-9]+: error: not valid JSON here$" "$tmp/err" ||
	{ echo "FAIL: invalid JSON: no line:column"; cat "$tmp/err"; fail=1; }

# Every timetable plan writes validates with the score it states: the
# example, tests/data/valid*/ (if any), generated instances, a re-plan.
gcc -O2 -o "$tmp/gen" "$src/bench/gen.c" || { echo "FAIL: cannot build bench/gen.c"; exit 1; }
n=0
for size_seed in S:1 S:2 S:3 M:1; do
	n=$((n + 1))
	mkdir "$tmp/gen$n"
	"$tmp/gen" "${size_seed%:*}" "$tmp/gen$n" "${size_seed#*:}" >/dev/null || { echo "FAIL: gen $size_seed"; fail=1; }
done
# same_score INPUT TIMETABLE [validate options]: exit 0 and the stated total
same_score() {
	input=$1 file=$2
	shift 2
	"$bin" validate "$input" --timetable "$file" --json "$@" >"$tmp/json" 2>"$tmp/err" ||
		{ echo "FAIL: $file does not validate"; cat "$tmp/err"; $py -m json.tool "$tmp/json" | head -30; fail=1; return; }
	$py -c 'import json,sys
v=json.load(open(sys.argv[1])); t=json.load(open(sys.argv[2]))
ok = v["valid"] and v["score"]["total"] == t["score"]["total"] and all(v["score"][k] == t["score"][k] for k in t["score"])
sys.exit(not ok)' "$tmp/json" "$file" || { echo "FAIL: $file: validate's score differs from the stated one"; fail=1; }
}
same_score "$ex" "$tt"
k=0
for dir in "$src"/tests/data/valid*/ "$tmp"/gen*; do
	[ -d "$dir" ] || continue
	k=$((k + 1))
	"$bin" plan "$dir" -o "$tmp/p$k" -f json -q --effort 20000 ||
		{ echo "FAIL: plan $dir"; fail=1; continue; }
	same_score "$dir" "$tmp/p$k/timetable.json"
done
[ $k -ge 4 ] || { echo "FAIL: only $k instances planned"; fail=1; }
# a re-plan states `moved`: it validates with the same score against its baseline
cp -r "$ex" "$tmp/in-moved"
$py - "$tmp/in-moved/speakers.yaml" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
old = "    organisation: Institute for Disability Rights Monitoring (Romania)\n    kind: cso\n    states: [RO]\n"
assert old in s
open(p, "w", encoding="utf-8").write(s.replace(old, old + "    available: 2017-12-14\n"))
EOF
"$bin" plan "$tmp/in-moved" -o "$tmp/moved" -f json -q --baseline "$tt" || { echo "FAIL: re-plan"; fail=1; }
same_score "$tmp/in-moved" "$tmp/moved/timetable.json" --baseline "$tt"

# docs/ci-example.yml: valid YAML, its problem matchers match the real
# diagnostics, and its steps that run upr-schedule do what docs/ci.md says
# when run in a repository laid out as the workflow expects.
$py -c 'import yaml' 2>/dev/null || { echo "FAIL: python3-yaml is needed"; exit 1; }
mkdir "$tmp/ws" "$tmp/ws/published" "$tmp/runner"
cp -r "$ex" "$tmp/ws/round"
cp "$tt" "$tmp/ws/published/timetable.json"
cat >"$tmp/ci.py" <<'EOF'
import json, os, re, subprocess, sys
import yaml

wf_path, binary, ws, runner, case = sys.argv[1:6]
wf = yaml.safe_load(open(wf_path, encoding="utf-8"))
job = wf["jobs"]["timetable"]
steps = {s.get("name"): s for s in job["steps"]}
for name in ("Install the build dependencies", "Build upr-schedule", "Annotate upr-schedule's errors",
             "Check the input", "Validate the published timetable", "Summary"):
    if name not in steps:
        sys.exit("FAIL: ci-example.yml: no step %r" % name)
if "apt-get install" not in steps["Install the build dependencies"]["run"]:
    sys.exit("FAIL: ci-example.yml: the build dependencies are not installed with apt-get")
# the problem matchers, as the workflow writes them
run = steps["Annotate upr-schedule's errors"]["run"]
m = re.search(r"<<'EOF'\n(.*?)\nEOF\n", run, re.S)
matchers = [p["pattern"][0] for p in json.loads(m.group(1))["problemMatcher"]]


def annotations(text):
    out = []
    for line in text.splitlines():
        for pat in matchers:
            g = re.match(pat["regexp"], line)
            if g:
                out.append({k: g.group(pat[k]) for k in ("file", "line", "column", "severity", "message") if k in pat})
                break
    return out


def step(name):
    env = dict(os.environ, PATH=os.path.dirname(binary) + ":" + os.environ["PATH"],
               RUNNER_TEMP=runner, GITHUB_STEP_SUMMARY=os.path.join(runner, "summary.md"))
    env.update(job["env"])
    r = subprocess.run(["bash", "-eo", "pipefail", "-c", steps[name]["run"]], cwd=ws, env=env,
                       capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def summary():
    p = os.path.join(runner, "summary.md")
    text = open(p, encoding="utf-8").read() if os.path.exists(p) else ""
    if os.path.exists(p):
        os.remove(p)
    return text


errors = []
if os.path.basename(binary) != "upr-schedule":
    sys.exit("FAIL: the binary must be called upr-schedule for the workflow's steps")
if case == "good":
    for name in ("Check the input", "Validate the published timetable"):
        rc, out = step(name)
        if rc != 0:
            errors.append("%s: exit %d: %s" % (name, rc, out))
    if os.path.exists("/usr/bin/jq"):
        rc, out = step("Summary")
        s = summary()
        if rc != 0 or "### Timetable: valid" not in s:
            errors.append("Summary: exit %d: %s %s" % (rc, out, s))
elif case == "bad-timetable":
    rc, out = step("Validate the published timetable")
    a = annotations(out)
    if rc != 1 or not any(x["file"] == "published/timetable.json" and x["severity"] == "error"
                          and x["message"].startswith("H8 language: ") for x in a):
        errors.append("validate of a broken timetable: exit %d, annotations %s: %s" % (rc, a, out))
    if os.path.exists("/usr/bin/jq"):
        rc, out = step("Summary")
        s = summary()
        if rc != 0 or "### Timetable: invalid" not in s or "- **H8 language**: " not in s:
            errors.append("Summary of a broken timetable: exit %d: %s %s" % (rc, out, s))
elif case == "bad-input":
    rc, out = step("Check the input")
    a = annotations(out)
    if rc != 2 or not any(x["file"] == "round/states.yaml" and x.get("line") and x["severity"] == "error" for x in a):
        errors.append("check of a broken input: exit %d, annotations %s: %s" % (rc, a, out))
    rc, out = step("Validate the published timetable")
    if rc != 2:
        errors.append("validate with a broken input: exit %d" % rc)
elif case == "bad-json":
    rc, out = step("Validate the published timetable")
    a = annotations(out)
    if rc != 2 or not any(x["file"] == "published/timetable.json" and x.get("line") == "1" for x in a):
        errors.append("validate of invalid JSON: exit %d, annotations %s: %s" % (rc, a, out))
for e in errors:
    print("FAIL: ci-example.yml: " + e)
sys.exit(1 if errors else 0)
EOF
$py "$tmp/ci.py" "$src/docs/ci-example.yml" "$bin" "$tmp/ws" "$tmp/runner" good || fail=1
cp "$tmp/H8.json" "$tmp/ws/published/timetable.json"
$py "$tmp/ci.py" "$src/docs/ci-example.yml" "$bin" "$tmp/ws" "$tmp/runner" bad-timetable || fail=1
printf '{"schema": ' >"$tmp/ws/published/timetable.json"
$py "$tmp/ci.py" "$src/docs/ci-example.yml" "$bin" "$tmp/ws" "$tmp/runner" bad-json || fail=1
cp "$tt" "$tmp/ws/published/timetable.json"
printf '  - id: ZZ\n    nmae: Nowhere\n' >>"$tmp/ws/round/states.yaml"
$py "$tmp/ci.py" "$src/docs/ci-example.yml" "$bin" "$tmp/ws" "$tmp/runner" bad-input || fail=1

[ $fail -eq 0 ] && echo "validate: H1-H12, scores, paths and JSON errors as expected"
exit $fail
